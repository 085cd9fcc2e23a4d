//! The metadata block of a policy document: 标题、发文时间、有效性、主题分类、发布机构、
//! 关键词 complete (seed 001). The loader already requires 成文日期, 文号, 主题分类 and
//! 索引号 by kind; this rule adds what the loader leaves optional.

use super::{Area, Context, Finding, Rule};
use crate::diagnostics::Severity;

pub const METADATA_MISSING: Rule = Rule {
    name: "metadata-missing",
    area: Area::Publication,
    severity: Severity::Error,
    blocking: false,
    build: false,
    summary: "政策文件（规范性文件、其他文件）缺少主题词",
    source: "政策文件公开时标题、发文时间、有效性、主题分类、发布机构、关键词等要素齐全",
    check: metadata_missing,
};

fn metadata_missing(ctx: &Context) -> Vec<Finding> {
    ctx.portal
        .public_documents()
        .filter(|d| d.kind.is_policy() && d.keywords.is_empty())
        .map(|d| {
            Finding::new(
                &d.source,
                d.lines
                    .get("keywords")
                    .copied()
                    .unwrap_or_else(|| d.line_of("title")),
                format!("{}《{}》缺少主题词", d.kind.zh(), d.title),
                "在元数据中加一行 主题词: 就业、补贴（3至5个，用顿号分隔），便于检索和分类",
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::fixture::{self, column, doc};
    use super::*;

    #[test]
    fn policy_documents_need_keywords() {
        let front = "标题: 关于做好秸秆禁烧工作的通知\n发布日期: 2026-10-17\n成文日期: 2026-10-14\n索引号: 11990000MB0123456X/2026-00093\n主题分类: 城乡建设、环境保护";
        let col = column("其他文件", "政策文件");
        let without = doc(front, "正文");
        let with = doc(
            &format!("{front}\n主题词: 秸秆禁烧、综合利用").replace("00093", "00094"),
            "正文",
        );
        let article = doc(
            "标题: 工作动态\n发布日期: 2026-10-17\n类型: 其他信息",
            "正文",
        );
        let f = fixture::portal(
            &[
                ("content/qtwj/_index.md", &col),
                ("content/qtwj/a.md", &without),
                ("content/qtwj/b.md", &with),
                ("content/qtwj/c.md", &article),
            ],
            "2026-11-23",
        );
        assert_eq!(
            f.findings(&METADATA_MISSING),
            ["content/qtwj/a.md:2: 政策文件《关于做好秸秆禁烧工作的通知》缺少主题词"]
        );
    }
}
