//! `xxgk init DIR`: a working portal with the standard column tree (DOMAIN §1) and
//! a pinned 政府信息公开指南 filled from the configuration.

use super::ScaffoldError;
use crate::config::Config;
use crate::diagnostics::Diagnostics;
use crate::model::Kind;
use chrono::NaiveDate;
use std::path::Path;

/// (folder path, 名称, default kind, 排序, 描述)
pub const STANDARD_COLUMNS: &[(&str, &str, Kind, i64, &str)] = &[
    (
        "gkzn",
        "政府信息公开指南",
        Kind::Guide,
        1,
        "如何获取政府信息：公开范围、申请方式、受理机构、办公时间",
    ),
    (
        "gkzd",
        "政府信息公开制度",
        Kind::System,
        2,
        "本机关政府信息公开的工作制度",
    ),
    (
        "fdzdgknr",
        "法定主动公开内容",
        Kind::Article,
        3,
        "《中华人民共和国政府信息公开条例》规定主动公开的内容",
    ),
    (
        "fdzdgknr/jgzn",
        "机构职能",
        Kind::Article,
        1,
        "机构职能、内设机构、办公地址、办公时间、联系方式",
    ),
    (
        "fdzdgknr/zcwj",
        "政策文件",
        Kind::Policy,
        2,
        "本机关制发的政策文件",
    ),
    (
        "fdzdgknr/zcwj/gfxwj",
        "行政规范性文件",
        Kind::Normative,
        1,
        "行政规范性文件，附 WORD 和 PDF 下载",
    ),
    (
        "fdzdgknr/zcwj/qtwj",
        "其他文件",
        Kind::Policy,
        2,
        "其他政策文件",
    ),
    (
        "fdzdgknr/zcjd",
        "政策解读",
        Kind::Interpretation,
        3,
        "与政策文件同步发布的解读",
    ),
    (
        "fdzdgknr/ghjh",
        "规划计划",
        Kind::Plan,
        4,
        "发展规划、专项规划和年度计划",
    ),
    (
        "fdzdgknr/czyjs",
        "财政预决算",
        Kind::Budget,
        5,
        "部门预算、决算和“三公”经费",
    ),
    (
        "fdzdgknr/qzqd",
        "权责清单",
        Kind::PowerList,
        6,
        "行政权力事项及责任事项",
    ),
    (
        "fdzdgknr/zdxzjc",
        "重大行政决策",
        Kind::Decision,
        7,
        "年度事项目录、意见征集和决策结果",
    ),
    (
        "fdzdgknr/zdly",
        "重点领域",
        Kind::Article,
        8,
        "重点领域和基层政务公开标准化规范化领域信息",
    ),
    (
        "gknb",
        "政府信息公开年报",
        Kind::AnnualReport,
        4,
        "政府信息公开工作年度报告",
    ),
    (
        "ysqgk",
        "依申请公开",
        Kind::Guide,
        5,
        "依申请公开的办理方式和依申请公开文件目录",
    ),
];

fn config_template(org: &str) -> String {
    format!(
        "# 站点配置：中文键名与英文键名均可。见 README“站点配置”。\n\
站点名称: {org}信息公开\n\
机构名称: {org}\n\
# 索引号前段码：组织机构代码或 18 位统一社会信用代码\n\
组织机构代码: \"\"\n\
站点地址: https://www.example.gov.cn/xxgk/\n\
每页条数: 20\n\
联系方式:\n  办公地址: 请填写受理机构办公地址\n  联系电话: 请填写受理电话\n  办公时间: 工作日上午8:30—12:00，下午14:30—17:30\n  电子邮箱: \"\"\n  邮政编码: \"\"\n\
页脚:\n  网站标识码: \"\"\n  ICP备案号: \"\"\n  公安备案号: \"\"\n  党政机关标识: true\n"
    )
}

fn guide(config: &Config, today: NaiveDate) -> String {
    let c = &config.contact;
    let or = |v: &Option<String>, dflt: &str| {
        v.clone()
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| dflt.to_string())
    };
    let org = &config.organisation;
    format!(
        "---\n标题: {org}政府信息公开指南\n发布日期: {today}\n置顶: 1\n---\n\n\
为便于公民、法人和其他组织获取{org}的政府信息，根据《中华人民共和国政府信息公开条例》，编制本指南。\n\n\
## 一、主动公开\n\n\
### （一）公开范围\n\n本机关依照条例第十九条、第二十条、第二十一条规定主动公开政府信息，具体见本专栏“法定主动公开内容”。\n\n\
### （二）公开方式\n\n主要通过本政府信息公开专栏公开，并视情通过政务新媒体、公告栏等方式公开。信息形成或者变更之日起 20 个工作日内予以公开。\n\n\
## 二、依申请公开\n\n\
### （一）受理机构\n\n| 项目 | 内容 |\n|---|---|\n| 受理机构 | {org} |\n| 办公地址 | {addr} |\n| 邮政编码 | {post} |\n| 联系电话 | {phone} |\n| 办公时间 | {hours} |\n| 电子邮箱 | {email} |\n\n\
### （二）申请方式\n\n申请人可以当面、邮寄、网上等方式提交书面申请，写明申请人的姓名或者名称、身份证明、联系方式，申请公开的政府信息的名称、文号或者便于查询的其他特征性描述，以及获取信息的方式、途径。\n\n\
### （三）办理时限\n\n能够当场答复的当场答复；不能当场答复的，自收到申请之日起 20 个工作日内答复；需要延长的，经负责人同意并告知申请人，延长期限最长不超过 20 个工作日。\n\n\
### （四）收费\n\n行政机关依申请提供政府信息，不收取费用。申请人申请公开政府信息的数量、频次明显超过合理范围的，按照有关规定收取信息处理费。\n\n\
## 三、监督和救济\n\n公民、法人或者其他组织认为本机关在政府信息公开工作中侵犯其合法权益的，可以向上一级行政机关或者政府信息公开工作主管部门投诉、举报，也可以依法申请行政复议或者提起行政诉讼。\n",
        today = crate::dates::iso(today),
        addr = or(&c.address, "（请在 xxgk.yaml 联系方式.办公地址 中填写）"),
        post = or(&c.postcode, "（请填写）"),
        phone = or(&c.phone, "（请在 xxgk.yaml 联系方式.联系电话 中填写）"),
        hours = or(&c.hours, "（请填写）"),
        email = or(&c.email, "（请填写）"),
    )
}

/// Creates a portal in `dir` (which must not already hold one). An existing
/// `xxgk.yaml` is not overwritten… it is refused: init never destroys content.
pub fn init(
    dir: &Path,
    organisation: Option<&str>,
    today: NaiveDate,
) -> Result<Vec<String>, ScaffoldError> {
    let err = |e: std::io::Error| ScaffoldError(format!("无法写入 {}：{e}", dir.display()));
    if dir.join(crate::config::CONFIG_FILE).exists() || dir.join("content").exists() {
        return Err(ScaffoldError(format!(
            "{} 中已有站点（xxgk.yaml 或 content/），未做任何改动",
            dir.display()
        )));
    }
    std::fs::create_dir_all(dir).map_err(err)?;
    let org = organisation.unwrap_or("某某县人民政府");
    let config_text = config_template(org);
    let mut diags = Diagnostics::new();
    let config = Config::parse(&config_text, &mut diags)
        .ok_or_else(|| ScaffoldError("内置配置模板有误".into()))?;
    let mut written = vec![];
    let mut write = |rel: &str, text: &str| -> Result<(), ScaffoldError> {
        let path = dir.join(rel);
        if let Some(p) = path.parent() {
            std::fs::create_dir_all(p).map_err(err)?;
        }
        std::fs::write(&path, text).map_err(err)?;
        written.push(rel.to_string());
        Ok(())
    };
    write(crate::config::CONFIG_FILE, &config_text)?;
    for (path, title, kind, weight, desc) in STANDARD_COLUMNS {
        write(
            &format!("content/{path}/_index.md"),
            &format!(
                "---\n名称: {title}\n排序: {weight}\n类型: {}\n描述: {desc}\n---\n",
                kind.zh()
            ),
        )?;
    }
    write("content/gkzn/zfxxgkzn.md", &guide(&config, today))?;
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_to_overwrite_a_portal() {
        let tmp = tempfile::tempdir().unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
        init(tmp.path(), None, today).unwrap();
        std::fs::write(tmp.path().join("xxgk.yaml"), "站点名称: 已改\n").unwrap();
        assert!(init(tmp.path(), None, today).is_err());
        assert_eq!(
            std::fs::read_to_string(tmp.path().join("xxgk.yaml")).unwrap(),
            "站点名称: 已改\n"
        );
    }
}
