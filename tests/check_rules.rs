//! `xxgk check` on real portals in temp folders: one compliant portal, and for every
//! rule a copy that violates it, checked with the real binary.

mod common;
use common::{CONFIG, Portal, column, doc};
use serde_json::Value;

const TODAY: &str = "2026-11-23";

/// A portal that meets every rule on 2026-11-23.
fn compliant() -> Portal {
    Portal::new(&[
        (
            "content/gkzn/_index.md",
            &column("政府信息公开指南", "指南"),
        ),
        (
            "content/gkzn/zn.md",
            &doc(
                "标题: 测试县人民政府信息公开指南（2026年修订）\n发布日期: 2026-01-12\n置顶: 1",
                "## 一、公开范围\n\n本指南每年审核更新。受理机构电话0999-7654321。",
            ),
        ),
        ("content/zcwj/_index.md", &column("政策文件", "政策文件")),
        (
            "content/zcwj/gfxwj/_index.md",
            &column("行政规范性文件", "规范性文件"),
        ),
        (
            "content/zcwj/gfxwj/wgjy.md",
            &normative(
                13,
                "测试县促进稳岗就业若干措施",
                "2026-03-12",
                "2026-03-06",
                "wgjy",
            ),
        ),
        ("content/zcwj/gfxwj/files/wgjy.docx", "WORD"),
        ("content/zcwj/gfxwj/files/wgjy.pdf", "%PDF-1.7"),
        (
            "content/zcwj/qtwj/_index.md",
            &column("其他文件", "政策文件"),
        ),
        (
            "content/zcwj/qtwj/jgjs.md",
            &jgjs("2026-10-14", "\n主题词: 秸秆禁烧、综合利用"),
        ),
        (
            "content/zcwj/qtwj/qs.md",
            &qs("《中华人民共和国政府信息公开条例》第十六条 过程性信息"),
        ),
        ("content/zcjd/_index.md", &column("政策解读", "政策解读")),
        (
            "content/zcjd/jd-wgjy.md",
            &interpretation(14, 13, "2026-03-12", "文字"),
        ),
        (
            "content/zcjd/tj-wgjy.md",
            &interpretation(15, 13, "2026-03-13", "图解"),
        ),
        (
            "content/zcjd/sp-wgjy.md",
            &interpretation(16, 13, "2026-03-16", "视频"),
        ),
        (
            "content/zdxzjc/_index.md",
            &column("重大行政决策", "重大行政决策"),
        ),
        (
            "content/zdxzjc/jcml.md",
            &doc(
                "标题: 测试县人民政府2026年度重大行政决策事项目录\n发布日期: 2026-02-10\n类型: 其他信息",
                "| 序号 | 决策事项 |\n|---|---|\n| 1 | 城区停车设施建设和管理办法 |",
            ),
        ),
        (
            "content/zdxzjc/yjzj.md",
            &consultation(
                "  开始日期: 2026-08-03\n  截止日期: 2026-09-07\n  意见反馈: zdxzjc/yjfk.md",
            ),
        ),
        (
            "content/zdxzjc/yjfk.md",
            &doc(
                "标题: 停车办法征求意见采纳情况的说明\n发布日期: 2026-11-13\n类型: 其他信息",
                "共收到意见63条，采纳21条。",
            ),
        ),
        (
            "content/gknb/_index.md",
            &column("政府信息公开年报", "年报"),
        ),
        (
            "content/gknb/2025.md",
            &doc(
                "标题: 测试县人民政府2025年政府信息公开工作年度报告\n发布日期: 2026-01-20",
                "## 一、总体情况\n\n全年主动公开政府信息2168条。",
            ),
        ),
        ("content/zdly/_index.md", &column("重点领域", "其他信息")),
        (
            "content/zdly/jy/_index.md",
            "---\n名称: 就业\n领域: 就业\n---\n就业创业政策和补贴公示。\n",
        ),
        (
            "content/zdly/jy/bszn.md",
            &doc(
                "标题: 测试县就业创业补贴申领办事指南\n发布日期: 2026-03-16\n类型: 指南\n置顶: true",
                "## 一、申请条件\n\n咨询电话：0999-7654321。",
            ),
        ),
        (
            "content/zdly/jy/2026q3.md",
            &doc(
                "标题: 测试县2026年第三季度灵活就业社会保险补贴发放公示\n发布日期: 2026-11-06",
                "| 序号 | 姓名 | 身份证号 | 手机 | 补贴金额（元） |\n|---|---|---|---|---|\n| 1 | 张** | 3412**********1234 | 138****5678 | 1428.00 |\n| 2 | 李** | 3418**********002X | 139****0000 | 952.00 |",
            ),
        ),
    ])
}

/// A 其他文件 (policy) written on `written`; `extra` adds front-matter lines.
fn jgjs(written: &str, extra: &str) -> String {
    doc(
        &format!(
            "标题: 测试县人民政府办公室关于做好秸秆禁烧工作的通知\n发布日期: 2026-10-17\n成文日期: {written}\n文号: 测政办〔2026〕23号\n索引号: 11990000MB0123456X/2026-00093\n主题分类: 城乡建设、环境保护{extra}"
        ),
        "各乡镇人民政府：\n\n对收储秸秆的合作社按每吨30元给予补助，合计13800000.00元。",
    )
}

/// A 请示 public only on request, for `ground`.
fn qs(ground: &str) -> String {
    doc(
        &format!(
            "标题: 测试县人民政府关于申请创建示范园的请示\n发布日期: 2026-07-10\n成文日期: 2026-07-08\n文号: 测政〔2026〕5号\n索引号: 11990000MB0123456X/2026-00027\n主题分类: 农业、林业、水利\n公开方式: 依申请公开\n不予公开依据: {ground}"
        ),
        "市人民政府：……",
    )
}

fn normative(serial: u32, title: &str, date: &str, written: &str, file: &str) -> String {
    doc(
        &format!(
            "标题: {title}\n发布日期: {date}\n成文日期: {written}\n文号: 测政办〔{}〕{serial}号\n发文机关: 测试县人民政府办公室\n索引号: 11990000MB0123456X/{}-{serial:05}\n主题分类: 劳动、人事、监察\n主题词: 就业、补贴\n有效性: 有效\n附件:\n  - path: files/{file}.docx\n    title: {title}（WORD版）\n  - path: files/{file}.pdf\n    title: {title}（PDF版）",
            &date[..4],
            &date[..4]
        ),
        "各乡镇人民政府：\n\n## 一、支持企业稳定岗位\n\n按每人1500元给予补贴。",
    )
}

fn interpretation(serial: u32, of: u32, date: &str, form: &str) -> String {
    let year = &date[..4];
    doc(
        &format!(
            "标题: 政策解读{serial}\n发布日期: {date}\n索引号: 11990000MB0123456X/{year}-{serial:05}\n解读对象: 11990000MB0123456X/{year}-{of:05}\n解读形式: {form}"
        ),
        "## 一、起草背景\n\n解读正文。",
    )
}

fn consultation(fields: &str) -> String {
    doc(
        &format!(
            "标题: 关于公开征求《测试县城区停车设施建设和管理办法（征求意见稿）》意见的公告\n发布日期: 2026-08-03\n意见征集:\n{fields}"
        ),
        "## 一、起草说明\n\n城区停车难问题突出。\n\n## 二、政策依据\n\n《城市道路管理条例》。",
    )
}

#[derive(Debug)]
struct Found {
    severity: String,
    rule: String,
    at: String,
    message: String,
}

/// `xxgk check --format json`: exit code and findings.
fn check_on(p: &Portal, today: &str) -> (i32, Vec<Found>) {
    let run = p.xxgk(&["check", "--today", today, "--format", "json"]);
    let v: Value = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("{e}: not JSON:\n{}\n{}", run.stdout, run.stderr));
    let found = v
        .as_array()
        .expect("a JSON array")
        .iter()
        .map(|d| Found {
            severity: d["severity"].as_str().unwrap().to_string(),
            rule: d["rule"].as_str().unwrap().to_string(),
            at: format!("{}:{}", d["file"].as_str().unwrap(), d["line"]),
            message: d["message"].as_str().unwrap().to_string(),
        })
        .collect();
    (run.code, found)
}

fn check(p: &Portal) -> (i32, Vec<Found>) {
    check_on(p, TODAY)
}

/// The findings of one rule, as `file:line: message`.
fn of(found: &[Found], rule: &str) -> Vec<String> {
    found
        .iter()
        .filter(|f| f.rule == rule)
        .map(|f| format!("{}: {}", f.at, f.message))
        .collect()
}

#[test]
fn the_compliant_portal_passes_every_rule() {
    let p = compliant();
    let (code, found) = check(&p);
    assert!(found.is_empty(), "{found:#?}");
    assert_eq!(code, 0);
    let text = p.xxgk(&["check", "--today", TODAY]).ok();
    // The count line, then the verdict of the 检查指标 as the last line.
    let last: Vec<&str> = text.stdout.trim_end().lines().rev().take(2).collect();
    assert_eq!(
        last,
        [
            "按《检查指标》单项否决项：通过",
            "共检查 13 篇文档、9 个栏目：未发现问题。"
        ],
        "{}",
        text.stdout
    );
}

#[test]
fn text_output_is_grouped_by_area_with_a_summary_line() {
    let p = compliant();
    p.write(
        "content/zcjd/sp-wgjy.md",
        &interpretation(16, 13, "2026-03-23", "视频"),
    );
    p.write(
        "content/zdly/jy/2026q3.md",
        &doc(
            "标题: 补贴发放公示\n发布日期: 2026-11-06",
            "联系人：王五，手机13912345678。",
        ),
    );
    let run = p.xxgk(&["check", "--today", TODAY]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let out = &run.stdout;
    let interp = out.find("【政策解读】1 个错误").expect(out);
    let privacy = out.find("【个人信息保护】1 个错误").expect(out);
    assert!(interp < privacy);
    assert!(out.contains(
        "content/zcjd/sp-wgjy.md:3: 错误 [interpretation-late] 政策解读发布于2026年3月23日"
    ));
    assert!(out.contains("content/zdly/jy/2026q3.md:5: 错误 [pii-mobile] 公开内容含完整的手机号码 139****5678（第 10 列）\n    怎么改："));
    assert!(
        !out.contains("13912345678"),
        "the report does not repeat the number"
    );
    let last: Vec<&str> = out.trim_end().lines().rev().take(2).collect();
    assert_eq!(
        last[1], "共检查 13 篇文档、9 个栏目：2 个错误，需修改后再发布。",
        "{out}"
    );
    assert!(last[0].starts_with("按《检查指标》单项否决项："), "{out}");
}

#[test]
fn json_follows_the_contract() {
    let p = compliant();
    p.remove("content/zcwj/gfxwj/files/wgjy.pdf");
    // Opted out of generated downloads, so the missing PDF stays missing.
    let text = normative(
        13,
        "测试县促进稳岗就业若干措施",
        "2026-03-12",
        "2026-03-06",
        "wgjy",
    )
    .replace("（PDF版）", "（PDF版）\n生成下载: false");
    p.write("content/zcwj/gfxwj/wgjy.md", &text);
    let run = p.xxgk(&["check", "--today", TODAY, "--format", "json"]);
    assert_eq!(run.code, 1);
    let v: Value = serde_json::from_str(&run.stdout).unwrap();
    let first = &v.as_array().unwrap()[0];
    for key in ["severity", "rule", "file", "line", "message"] {
        assert!(first.get(key).is_some(), "{key} missing in {first}");
    }
    assert!(first["line"].is_u64());
    // The loader's own problems are findings too.
    let (_, found) = check(&p);
    assert_eq!(
        of(&found, "missing-attachment"),
        ["content/zcwj/gfxwj/wgjy.md:14: 附件“files/wgjy.pdf”不存在"]
    );
    assert_eq!(of(&found, "normative-downloads").len(), 1);
}

#[test]
fn content_that_cannot_be_loaded_is_reported_and_fails() {
    let p = compliant();
    p.write(
        "content/zcjd/bad.md",
        "---\n发布日期: 2026-13-01\n---\n正文\n",
    );
    let (code, found) = check(&p);
    assert_eq!(code, 1);
    assert!(
        found
            .iter()
            .any(|f| f.at == "content/zcjd/bad.md:2" && f.severity == "error"),
        "{found:#?}"
    );
}

// ---- 政策解读 ----------------------------------------------------------------

#[test]
fn interpretation_within_three_working_days_across_national_day() {
    let p = compliant();
    // Monday 30 September 2024; 国庆 1–7 October; 8 October is 1 working day later.
    p.write(
        "content/zcwj/gfxwj/gq.md",
        &normative(
            9,
            "测试县国庆前印发的办法",
            "2024-09-30",
            "2024-09-27",
            "wgjy",
        ),
    );
    p.write(
        "content/zcjd/jd-gq.md",
        &interpretation(10, 9, "2024-10-08", "文字"),
    );
    let (_, found) = check(&p);
    assert!(of(&found, "interpretation-late").is_empty(), "{found:#?}");
    // 11 October is the fourth working day.
    p.write(
        "content/zcjd/jd-gq.md",
        &interpretation(10, 9, "2024-10-11", "文字"),
    );
    let (code, found) = check(&p);
    assert_eq!(code, 1);
    assert_eq!(
        of(&found, "interpretation-late"),
        [
            "content/zcjd/jd-gq.md:3: 政策解读发布于2024年10月11日，所解读的《测试县国庆前印发的办法》发布于2024年9月30日，相隔4个工作日（国庆节放假不计），超过3个工作日的时限"
        ]
    );
}

#[test]
fn an_adjusted_saturday_counts_as_a_working_day() {
    let p = compliant();
    // Wednesday 9 October 2024; Saturday 12 October is a 调休 working day.
    p.write(
        "content/zcwj/gfxwj/tx.md",
        &normative(
            9,
            "测试县调休前印发的办法",
            "2024-10-09",
            "2024-10-08",
            "wgjy",
        ),
    );
    p.write(
        "content/zcjd/jd-tx.md",
        &interpretation(10, 9, "2024-10-12", "文字"),
    );
    let (_, found) = check(&p);
    assert!(
        of(&found, "interpretation-late").is_empty(),
        "Saturday 12th is day 3"
    );
    p.write(
        "content/zcjd/jd-tx.md",
        &interpretation(10, 9, "2024-10-14", "文字"),
    );
    let (_, found) = check(&p);
    let late = of(&found, "interpretation-late");
    assert_eq!(late.len(), 1, "{found:#?}");
    assert!(
        late[0].contains("相隔4个工作日（含调休上班日）"),
        "{late:?}"
    );
}

#[test]
fn holidays_after_the_builtin_table_come_from_xxgk_yaml() {
    let p = compliant();
    p.write(
        "content/zcwj/gfxwj/2027.md",
        &normative(
            9,
            "测试县2027年国庆前印发的办法",
            "2027-09-30",
            "2027-09-29",
            "wgjy",
        ),
    );
    p.write(
        "content/zcjd/jd-2027.md",
        &interpretation(10, 9, "2027-10-08", "文字"),
    );
    // Without the 2027 notice, 1–7 October are just weekdays: 6 working days.
    let (_, found) = check_on(&p, "2027-11-30");
    assert_eq!(of(&found, "interpretation-late").len(), 1, "{found:#?}");
    assert_eq!(
        of(&found, "calendar-coverage"),
        [
            "xxgk.yaml:1: 计算工作日用到了2027年，但内置节假日安排只到2026年、xxgk.yaml 中也没有设置：这些年份只扣除了周末"
        ]
    );
    p.write(
        "xxgk.yaml",
        &format!("{CONFIG}节假日:\n  放假: [\"2027-10-01..2027-10-07\"]\n  调休: [2027-09-26, 2027-10-09]\n"),
    );
    let (_, found) = check_on(&p, "2027-11-30");
    assert!(of(&found, "interpretation-late").is_empty(), "{found:#?}");
    assert!(of(&found, "calendar-coverage").is_empty());
    assert!(of(&found, "holiday-override").is_empty());
}

#[test]
fn a_malformed_holiday_override_is_reported_at_its_line() {
    let p = compliant();
    p.write(
        "xxgk.yaml",
        &format!("{CONFIG}节假日:\n  放假:\n    - 2027-10-01\n    - 2027年2月30日\n"),
    );
    let (code, found) = check(&p);
    assert_eq!(code, 1);
    let problems = of(&found, "holiday-override");
    assert_eq!(problems.len(), 1, "{found:#?}");
    assert!(problems[0].starts_with("xxgk.yaml:17: "), "{problems:?}");
    assert!(problems[0].contains("2027年2月30日"), "{problems:?}");
}

#[test]
fn a_normative_document_without_interpretation() {
    let p = compliant();
    for f in ["jd-wgjy", "tj-wgjy", "sp-wgjy"] {
        p.remove(&format!("content/zcjd/{f}.md"));
    }
    p.write(
        "content/zcjd/other.md",
        &doc(
            "标题: 其他解读\n发布日期: 2026-05-06\n类型: 其他信息",
            "正文",
        ),
    );
    let (_, found) = check(&p);
    assert_eq!(
        of(&found, "interpretation-missing"),
        ["content/zcwj/gfxwj/wgjy.md:2: 行政规范性文件《测试县促进稳岗就业若干措施》没有政策解读"]
    );
}

#[test]
fn text_interpretation_comes_first() {
    let p = compliant();
    p.remove("content/zcjd/jd-wgjy.md");
    let (code, found) = check(&p);
    assert_eq!(code, 0, "a warning does not fail the check");
    assert_eq!(
        of(&found, "interpretation-no-text"),
        [
            "content/zcwj/gfxwj/wgjy.md:2: 行政规范性文件《测试县促进稳岗就业若干措施》只有非文字解读，没有文字解读"
        ]
    );
    assert_eq!(found[0].severity, "warning");
}

#[test]
fn interpretation_diversity_targets() {
    let p = compliant();
    p.write(
        "content/zcjd/sp-wgjy.md",
        &interpretation(16, 13, "2026-03-16", "问答"),
    );
    let (_, found) = check(&p);
    assert_eq!(
        of(&found, "interpretation-diversity"),
        [
            "content/zcjd/_index.md:1: 2026年发布政策解读3篇，其中图解、视频等非文字解读1篇，占33%，低于50%的目标",
            "content/zcjd/_index.md:1: 2026年的政策解读非文字形式只有图解，少于2种多元化解读方式",
        ]
    );
}

// ---- 公开时效 ----------------------------------------------------------------

#[test]
fn publication_within_twenty_working_days() {
    let p = compliant();
    // 2026-09-14 + 20 working days, skipping 中秋 and 国庆 2026.
    p.write(
        "content/zcwj/qtwj/jgjs.md",
        &jgjs("2026-09-01", "\n主题词: 秸秆禁烧"),
    );
    let (code, found) = check(&p);
    assert_eq!(code, 1);
    let late = of(&found, "publication-late");
    assert_eq!(late.len(), 1, "{found:#?}");
    assert!(
        late[0].starts_with(
            "content/zcwj/qtwj/jgjs.md:3: 发布日期2026年10月17日距成文日期2026年9月1日已过"
        ),
        "{late:?}"
    );
    p.write(
        "content/zcwj/qtwj/jgjs.md",
        &jgjs("2026-10-18", "\n主题词: 秸秆禁烧"),
    );
    let (_, found) = check(&p);
    assert!(of(&found, "publication-late").is_empty());
    assert_eq!(
        of(&found, "written-after-published"),
        ["content/zcwj/qtwj/jgjs.md:4: 成文日期2026年10月18日晚于发布日期2026年10月17日"]
    );
}

#[test]
fn the_annual_report_is_due_by_31_january() {
    let p = compliant();
    p.remove("content/gknb/2025.md");
    p.write(
        "content/gknb/2024.md",
        &doc(
            "标题: 测试县人民政府2024年政府信息公开工作年度报告\n发布日期: 2025-01-20",
            "正文",
        ),
    );
    let (code, found) = check(&p);
    assert_eq!(code, 1);
    assert_eq!(
        of(&found, "annual-report-missing"),
        ["content/gknb/_index.md:1: 已过2026年1月31日，尚未发布2025年政府信息公开工作年度报告"]
    );
    p.write(
        "content/gknb/2025.md",
        &doc(
            "标题: 测试县人民政府2025年政府信息公开工作年度报告\n发布日期: 2026-02-05",
            "正文",
        ),
    );
    let (_, found) = check(&p);
    assert!(of(&found, "annual-report-missing").is_empty());
    assert_eq!(of(&found, "annual-report-late").len(), 1);
}

// ---- 文件发布规范 --------------------------------------------------------------

#[test]
fn normative_documents_offer_word_and_pdf() {
    let p = compliant();
    let text = normative(
        13,
        "测试县促进稳岗就业若干措施",
        "2026-03-12",
        "2026-03-06",
        "wgjy",
    )
    .replace(
        "  - path: files/wgjy.pdf\n    title: 测试县促进稳岗就业若干措施（PDF版）\n",
        // Opted out: by default the missing PDF would be typeset from the body.
        "生成下载: false\n",
    );
    p.write("content/zcwj/gfxwj/wgjy.md", &text);
    let (code, found) = check(&p);
    assert_eq!(code, 1);
    assert_eq!(
        of(&found, "normative-downloads"),
        [
            "content/zcwj/gfxwj/wgjy.md:11: 行政规范性文件《测试县促进稳岗就业若干措施》缺少PDF版下载"
        ]
    );
    p.write(
        "content/zcwj/gfxwj/wgjy.md",
        &normative(
            13,
            "测试县促进稳岗就业若干措施",
            "2026-03-12",
            "2026-03-06",
            "wgjy",
        ),
    );
    p.write("content/zcwj/gfxwj/files/wgjy.pdf", "");
    let (_, found) = check(&p);
    assert_eq!(
        of(&found, "attachment-empty"),
        [
            "content/zcwj/gfxwj/wgjy.md:14: 附件“测试县促进稳岗就业若干措施（PDF版）”（wgjy.pdf）是空文件"
        ]
    );
}

#[test]
fn policy_documents_carry_keywords() {
    let p = compliant();
    p.write("content/zcwj/qtwj/jgjs.md", &jgjs("2026-10-14", ""));
    let (_, found) = check(&p);
    assert_eq!(
        of(&found, "metadata-missing"),
        [
            "content/zcwj/qtwj/jgjs.md:2: 政策文件《测试县人民政府办公室关于做好秸秆禁烧工作的通知》缺少主题词"
        ]
    );
}

// ---- 重大行政决策与意见征集 ------------------------------------------------------

#[test]
fn consultations_run_thirty_days_or_say_why() {
    let p = compliant();
    p.write(
        "content/zdxzjc/yjzj.md",
        &consultation("  开始日期: 2026-08-03\n  截止日期: 2026-08-20\n  意见反馈: zdxzjc/yjfk.md"),
    );
    let (code, found) = check(&p);
    assert_eq!(code, 1);
    assert_eq!(
        of(&found, "consultation-short"),
        [
            "content/zdxzjc/yjzj.md:4: 意见征集期2026年8月3日至2026年8月20日共18日，少于30日，且未说明缩短期限的理由"
        ]
    );
    p.write("content/zdxzjc/yjzj.md", &consultation("  开始日期: 2026-08-03\n  截止日期: 2026-08-20\n  意见反馈: zdxzjc/yjfk.md\n  缩短期限说明: 汛期临近，情况紧急"));
    let (_, found) = check(&p);
    assert!(of(&found, "consultation-short").is_empty());
}

#[test]
fn closed_consultations_publish_their_feedback() {
    let p = compliant();
    p.write(
        "content/zdxzjc/yjzj.md",
        &consultation("  开始日期: 2026-08-03\n  截止日期: 2026-09-07"),
    );
    p.remove("content/zdxzjc/yjfk.md");
    let (code, found) = check(&p);
    assert_eq!(code, 1);
    assert_eq!(
        of(&found, "consultation-feedback-missing"),
        ["content/zdxzjc/yjzj.md:4: 意见征集已于2026年9月7日结束，51个工作日后仍未公开意见反馈"]
    );
    // Ten working days after closing, it is only pending.
    let (_, found) = check_on(&p, "2026-09-17");
    assert!(of(&found, "consultation-feedback-missing").is_empty());
    assert_eq!(of(&found, "consultation-feedback-pending").len(), 1);
    assert!(
        found
            .iter()
            .filter(|f| f.rule.starts_with("consultation"))
            .all(|f| f.severity == "warning")
    );
    // The page must carry its drafting notes and basis.
    p.write(
        "content/zdxzjc/yjzj.md",
        &doc("标题: 关于征求停车办法意见的公告\n发布日期: 2026-08-03\n意见征集:\n  开始日期: 2026-08-03\n  截止日期: 2026-09-07", "征求意见稿见附件。"),
    );
    let (_, found) = check(&p);
    assert_eq!(
        of(&found, "consultation-materials"),
        ["content/zdxzjc/yjzj.md:4: 意见征集《关于征求停车办法意见的公告》没有起草说明和政策依据"]
    );
}

#[test]
fn the_decision_catalog_is_out_by_31_march() {
    let p = compliant();
    p.remove("content/zdxzjc/jcml.md");
    let (code, found) = check(&p);
    assert_eq!(code, 1);
    assert_eq!(
        of(&found, "decision-catalog-missing"),
        ["content/zdxzjc/_index.md:1: 已过2026年3月31日，尚未公开2026年度重大行政决策事项目录"]
    );
    let (_, found) = check_on(&p, "2026-03-31");
    assert!(of(&found, "decision-catalog-missing").is_empty());
    p.write(
        "content/zdxzjc/jcml.md",
        &doc("标题: 测试县人民政府2026年度重大行政决策事项目录\n发布日期: 2026-04-08\n类型: 其他信息", "目录"),
    );
    let (_, found) = check(&p);
    assert!(of(&found, "decision-catalog-missing").is_empty());
    assert_eq!(
        of(&found, "decision-catalog-late"),
        [
            "content/zdxzjc/jcml.md:3: 2026年度重大行政决策事项目录发布于2026年4月8日，晚于2026年3月31日"
        ]
    );
}

// ---- 依申请公开与不予公开 ----------------------------------------------------------

#[test]
fn grounds_must_be_statutory() {
    let p = compliant();
    p.write("content/zcwj/qtwj/qs.md", &qs("单位间行文"));
    let (code, found) = check(&p);
    assert_eq!(code, 1);
    assert_eq!(
        of(&found, "disclosure-ground"),
        ["content/zcwj/qtwj/qs.md:9: 依申请公开的理由“单位间行文”不是法定理由"]
    );
    p.write("content/zcwj/qtwj/qs.md", &qs("涉及工作安排"));
    let (_, found) = check(&p);
    assert_eq!(
        of(&found, "disclosure-ground"),
        [
            "content/zcwj/qtwj/qs.md:9: 依申请公开的理由“涉及工作安排”没有援引《政府信息公开条例》规定的情形"
        ]
    );
    p.write(
        "content/zcwj/qtwj/qs.md",
        &qs("第十六条 请示报告等过程性信息"),
    );
    let (_, found) = check(&p);
    assert!(of(&found, "disclosure-ground").is_empty());
}

// ---- 指南更新与失效清理 -------------------------------------------------------------

#[test]
fn guides_are_updated_every_year_and_pinned() {
    let p = compliant();
    p.write(
        "content/gkzn/zn.md",
        &doc(
            "标题: 测试县人民政府信息公开指南\n发布日期: 2025-01-12\n置顶: 1",
            "指南正文",
        ),
    );
    p.write(
        "content/zdly/jy/bszn.md",
        &doc(
            "标题: 测试县就业创业补贴申领办事指南\n发布日期: 2026-03-16\n类型: 指南",
            "正文",
        ),
    );
    let (code, found) = check(&p);
    assert_eq!(code, 1);
    assert_eq!(
        of(&found, "guide-stale"),
        [
            "content/gkzn/zn.md:3: 指南《测试县人民政府信息公开指南》最近一次更新是2025年1月12日，2026年尚未更新"
        ]
    );
    assert_eq!(
        of(&found, "guide-not-pinned"),
        ["content/zdly/jy/bszn.md:2: 指南《测试县就业创业补贴申领办事指南》没有置顶"]
    );
    p.remove("content/gkzn/zn.md");
    p.write(
        "content/gkzn/sqb.md",
        &doc(
            "标题: 申请表填写说明\n发布日期: 2026-01-12\n置顶: 2",
            "正文",
        ),
    );
    let (_, found) = check(&p);
    assert_eq!(
        of(&found, "guide-missing"),
        ["content/gkzn/_index.md:1: 没有发布政府信息公开指南"]
    );
}

#[test]
fn expired_documents_do_not_pass_as_current_or_stay_pinned() {
    let p = compliant();
    // Repealed by a later document, still marked 有效.
    p.write(
        "content/zcwj/gfxwj/old.md",
        &normative(
            5,
            "测试县城乡居民临时救助实施办法",
            "2024-03-13",
            "2024-03-08",
            "wgjy",
        ),
    );
    p.write(
        "content/zcjd/jd-old.md",
        &interpretation(6, 5, "2024-03-13", "文字"),
    );
    p.write(
        "content/zcwj/gfxwj/new.md",
        &normative(
            11,
            "测试县临时救助实施办法",
            "2026-06-18",
            "2026-06-12",
            "wgjy",
        )
        .replace(
            "按每人1500元给予补贴。",
            "《测试县城乡居民临时救助实施办法》（测政办〔2024〕5号）同时废止。",
        ),
    );
    p.write(
        "content/zcjd/jd-new.md",
        &interpretation(12, 11, "2026-06-18", "文字"),
    );
    let (code, found) = check(&p);
    assert_eq!(code, 1);
    let expired = of(&found, "expired-still-valid");
    assert_eq!(expired.len(), 1, "{found:#?}");
    assert!(expired[0].starts_with("content/zcwj/gfxwj/old.md:10: 《测试县城乡居民临时救助实施办法》已由2026年6月18日发布的《测试县临时救助实施办法》宣布废止"), "{expired:?}");
    let fixed = normative(
        5,
        "测试县城乡居民临时救助实施办法",
        "2024-03-13",
        "2024-03-08",
        "wgjy",
    )
    .replace("有效性: 有效", "有效性: 废止\n置顶: 1");
    p.write("content/zcwj/gfxwj/old.md", &fixed);
    let (_, found) = check(&p);
    assert!(of(&found, "expired-still-valid").is_empty());
    assert_eq!(
        of(&found, "expired-pinned"),
        ["content/zcwj/gfxwj/old.md:11: 已废止的《测试县城乡居民临时救助实施办法》仍然置顶"]
    );
    // A term stated in the body.
    p.write(
        "content/zcwj/gfxwj/old.md",
        &normative(
            5,
            "测试县城乡居民临时救助实施办法",
            "2024-03-13",
            "2024-03-08",
            "wgjy",
        )
        .replace(
            "按每人1500元给予补贴。",
            "本办法自印发之日起施行，有效期两年。",
        ),
    );
    p.write(
        "content/zcwj/gfxwj/new.md",
        &normative(
            11,
            "测试县临时救助实施办法",
            "2026-06-18",
            "2026-06-12",
            "wgjy",
        ),
    );
    let (_, found) = check(&p);
    assert_eq!(
        of(&found, "expired-still-valid"),
        [
            "content/zcwj/gfxwj/old.md:21: 正文写明有效期至2026年3月7日，已经到期，但有效性仍为“有效”"
        ]
    );
}

// ---- 栏目与链接 -------------------------------------------------------------------

#[test]
fn empty_columns_and_domains() {
    let p = compliant();
    p.write(
        "content/zdly/bzxzf/_index.md",
        "---\n名称: 保障性住房\n领域: 保障性住房\n---\n",
    );
    p.write("content/czyjs/_index.md", &column("财政预决算", "预决算"));
    let (code, found) = check(&p);
    assert_eq!(code, 1);
    assert_eq!(
        of(&found, "empty-domain"),
        [
            "content/zdly/bzxzf/_index.md:1: 基层政务公开“保障性住房”领域栏目“保障性住房”没有任何信息（空白领域）"
        ]
    );
    assert_eq!(
        of(&found, "empty-column"),
        ["content/czyjs/_index.md:1: 栏目“财政预决算”没有任何主动公开的信息（空白栏目）"]
    );
}

#[test]
fn links_and_anchors_must_lead_somewhere() {
    let p = compliant();
    p.write(
        "content/zcjd/jd-wgjy.md",
        &doc(
            "标题: 政策解读14\n发布日期: 2026-03-12\n索引号: 11990000MB0123456X/2026-00014\n解读对象: 11990000MB0123456X/2026-00013\n解读形式: 文字",
            "见[措施](../zcwj/gfxwj/wgjy.md#一支持企业稳定岗位)和[全文](../zcwj/gfxwj/wgjy.md)。\n\n见[旧措施](../zcwj/gfxwj/2025-wgjy.md)、[请示](../zcwj/qtwj/qs.md)、[第三条](../zcwj/gfxwj/wgjy.md#三)、[PDF](/zcwj/gfxwj/wgjy/wgjy.pdf)、[目录](/xxyxgfxwj/)。",
        ),
    );
    let (code, found) = check(&p);
    assert_eq!(code, 1);
    assert_eq!(
        of(&found, "broken-link"),
        [
            "content/zcjd/jd-wgjy.md:10: 链接“../zcwj/gfxwj/2025-wgjy.md”指向的页面或文件不存在",
            "content/zcjd/jd-wgjy.md:10: 链接“../zcwj/qtwj/qs.md”指向的《测试县人民政府关于申请创建示范园的请示》不是主动公开的文档，其页面不会发布",
        ]
    );
    assert_eq!(
        of(&found, "broken-anchor"),
        [
            "content/zcjd/jd-wgjy.md:10: 链接“../zcwj/gfxwj/wgjy.md#三”中的锚点“#三”在目标页面中不存在"
        ]
    );
}

// ---- 个人信息保护 ------------------------------------------------------------------

/// A deterministic stream of numbers for planting.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }

    fn digits(&mut self, len: usize) -> String {
        (0..len)
            .map(|_| char::from(b'0' + self.next(10) as u8))
            .collect()
    }

    /// A 身份证号 with a real region, birth date and GB 11643 check digit.
    fn id_number(&mut self) -> String {
        let regions = [
            "110105", "340102", "341823", "440304", "510107", "650102", "320583",
        ];
        let region = regions[self.next(regions.len() as u64) as usize];
        let birth = format!(
            "{}{:02}{:02}",
            1940 + self.next(70),
            1 + self.next(12),
            1 + self.next(28)
        );
        let body = format!("{region}{birth}{}", self.digits(3));
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
        let sum: u32 = body
            .bytes()
            .zip(weights)
            .map(|(d, w)| u32::from(d - b'0') * w)
            .sum();
        format!(
            "{body}{}",
            "10X98765432".as_bytes()[(sum % 11) as usize] as char
        )
    }

    fn mobile(&mut self) -> String {
        format!("1{}{}", 3 + self.next(7), self.digits(9))
    }

    /// A UnionPay card number (62…) of 16 to 19 digits with its Luhn digit.
    fn card(&mut self) -> String {
        let len = 16 + self.next(4) as usize;
        let body = format!("62{}", self.digits(len - 3));
        (0..10)
            .map(|d| format!("{body}{d}"))
            .find(|s| {
                let sum: u32 = s
                    .bytes()
                    .rev()
                    .enumerate()
                    .map(|(i, b)| {
                        let v = u32::from(b - b'0');
                        if i % 2 == 1 {
                            if v * 2 > 9 { v * 2 - 9 } else { v * 2 }
                        } else {
                            v
                        }
                    })
                    .sum();
                sum.is_multiple_of(10)
            })
            .unwrap()
    }
}

/// An .xlsx workbook; cells that read as numbers are stored as numbers.
fn xlsx(sheets: &[(&str, &[&[&str]])]) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    for (name, rows) in sheets {
        let ws = book.add_worksheet();
        ws.set_name(*name).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                // Numbers beyond f64 precision (ID, card) stay text, as editors keep them.
                match cell.parse::<f64>() {
                    Ok(n) if cell.len() <= 15 => ws.write_number(r as u32, c as u16, n).unwrap(),
                    _ if cell.is_empty() => continue,
                    _ => ws.write_string(r as u32, c as u16, *cell).unwrap(),
                };
            }
        }
    }
    book.save_to_buffer().unwrap()
}

fn full_width(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_digit() {
                char::from_u32(c as u32 + 0xFEE0).unwrap()
            } else {
                c
            }
        })
        .collect()
}

#[test]
fn every_planted_number_is_found_at_its_line() {
    let p = compliant();
    let mut rng = Lcg(20261123);
    let mut planted: Vec<(String, String, &str)> = vec![]; // (file:line, number shown masked tail, rule)
    let mut body = String::new();
    let body_start = 4; // "---", title, date, "---"
    let mut line = body_start;
    let mut push = |text: String, body: &mut String| {
        line += 1;
        body.push_str(&text);
        body.push('\n');
        line
    };
    let file = "content/zdly/jy/mingdan.md";
    for i in 0..40 {
        let (id, mobile, card) = (rng.id_number(), rng.mobile(), rng.card());
        let text = match i % 5 {
            0 => format!("户主王{i}，身份证号码{id}，手机{mobile}，银行卡号{card}。"),
            1 => format!("| {i} | 张** | {id} | {mobile} | {card} | 1428.00 |"),
            2 => format!(
                "申请人李{i}（{id}），联系电话 {} {} {}，社保卡 {}",
                &mobile[..3],
                &mobile[3..7],
                &mobile[7..],
                card.as_bytes()
                    .chunks(4)
                    .map(|c| std::str::from_utf8(c).unwrap())
                    .collect::<Vec<_>>()
                    .join(" ")
            ),
            3 => format!(
                "身份证：{}，手机：{}，账号：{card}",
                full_width(&id),
                full_width(&mobile)
            ),
            _ => format!("<!-- 核对用：{id} {mobile} {card} -->"),
        };
        if i % 5 == 1 && !body.contains("|---|") {
            push(
                "| 序号 | 姓名 | 身份证号 | 手机 | 银行卡号 | 金额（元） |".into(),
                &mut body,
            );
            push("|---|---|---|---|---|---|".into(), &mut body);
        }
        let n = push(text, &mut body);
        push(String::new(), &mut body);
        for (num, rule) in [
            (id, "pii-id-number"),
            (mobile, "pii-mobile"),
            (card, "pii-bank-card"),
        ] {
            planted.push((
                format!("{file}:{n}"),
                num[num.len() - 4..].to_string(),
                rule,
            ));
        }
    }
    // In a title and an attachment title too.
    let title_id = rng.id_number();
    let attach_mobile = rng.mobile();
    // And in the cells of a workbook attached to it, on two sheets; a mobile stored
    // as a number, as Excel does.
    let (sheet_id, sheet_mobile, sheet_card) = (rng.id_number(), rng.mobile(), rng.card());
    let workbook = xlsx(&[
        (
            "城关镇",
            &[
                &["序号", "姓名", "身份证号码", "联系电话"],
                &["1", "张三", &sheet_id, &sheet_mobile],
            ],
        ),
        (
            "丰收镇",
            &[
                &["序号", "姓名", "统一社会信用代码", "银行卡号"],
                &["1", "李四", "11010519491231002X", ""],
                &["2", "王五", "", &sheet_card],
            ],
        ),
    ]);
    p.write_bytes("content/zdly/jy/files/md.xlsx", &workbook);
    p.write(
        file,
        &format!(
            "---\n标题: 关于王五（{title_id}）申领补贴的公示\n发布日期: 2026-11-06\n附件:\n  - path: files/md.xlsx\n    title: 名单（联系人{attach_mobile}）\n---\n{body}"
        ),
    );
    // Recompute lines: the front matter has 3 more lines than assumed.
    let planted: Vec<(String, String, &str)> = planted
        .into_iter()
        .map(|(at, tail, rule)| {
            let (f, l) = at.rsplit_once(':').unwrap();
            (
                format!("{f}:{}", l.parse::<usize>().unwrap() + 3),
                tail,
                rule,
            )
        })
        .chain([
            (
                format!("{file}:2"),
                title_id[14..].to_string(),
                "pii-id-number",
            ),
            (
                format!("{file}:6"),
                attach_mobile[7..].to_string(),
                "pii-mobile",
            ),
            (
                "content/zdly/jy/files/md.xlsx:2".to_string(),
                sheet_id[14..].to_string(),
                "pii-id-number",
            ),
            (
                "content/zdly/jy/files/md.xlsx:2".to_string(),
                sheet_mobile[7..].to_string(),
                "pii-mobile",
            ),
            (
                "content/zdly/jy/files/md.xlsx:3".to_string(),
                sheet_card[sheet_card.len() - 4..].to_string(),
                "pii-bank-card",
            ),
        ])
        .collect();
    let (code, found) = check(&p);
    assert_eq!(code, 1);
    let pii: Vec<&Found> = found
        .iter()
        .filter(|f| f.rule.starts_with("pii-"))
        .collect();
    for (at, tail, rule) in &planted {
        assert!(
            pii.iter()
                .any(|f| &f.at == at && f.rule == *rule && f.message.contains(tail.as_str())),
            "missed {rule} …{tail} at {at}"
        );
    }
    assert_eq!(pii.len(), planted.len(), "no extra findings: {pii:#?}");
    assert!(
        pii.iter().any(|f| f.at == "content/zdly/jy/files/md.xlsx:3"
            && f.message.contains("（单元格 丰收镇!D3）")),
        "{pii:#?}"
    );
    assert!(pii.iter().all(|f| f.severity == "error"));
}

#[test]
fn codes_dates_amounts_and_masked_numbers_are_not_personal_data() {
    let p = compliant();
    p.write(
        "content/zdly/jy/2026q3.md",
        &doc(
            "标题: 测试县2026年第三季度补贴发放公示\n发布日期: 2026-11-06\n主题词: 补贴、公示",
            "根据《若干措施》（测政办〔2026〕13号），索引号11990000MB0123456X/2026-00013，现公示如下。\n\n| 序号 | 企业名称 | 统一社会信用代码 | 补贴金额（元） |\n|---|---|---|---|\n| 1 | 示例公司 | 11010519491231002X | 13800138000.00 |\n\n| 姓名 | 身份证号 | 手机 |\n|---|---|---|\n| 张** | 3412**********1234 | 138****5678 |\n| 李** | 110105********002X | 139 **** 0000 |\n\n合计￥13912345678元，项目编号 6222020200112233445，公示期2026年11月6日至11月12日，20261106—20261112。",
        ),
    );
    let (_, found) = check(&p);
    let pii: Vec<&Found> = found
        .iter()
        .filter(|f| f.rule.starts_with("pii-"))
        .collect();
    assert!(pii.is_empty(), "{pii:#?}");
}

#[test]
fn build_refuses_to_publish_personal_data_and_keeps_the_old_site() {
    let p = compliant();
    p.build().ok();
    let before = p.site_files();
    p.write(
        "content/zdly/jy/2026q3.md",
        &doc(
            "标题: 补贴发放公示\n发布日期: 2026-11-06",
            "| 姓名 | 身份证号 |\n|---|---|\n| 张三 | 11010519491231002X |",
        ),
    );
    let run = p.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    run.reports(
        "content/zdly/jy/2026q3.md:7",
        "居民身份证号码 1101**********002X",
    );
    assert!(!run.stderr.contains("11010519491231002X"));
    assert_eq!(
        p.site_files(),
        before,
        "site/ changed after a refused build"
    );
    // Other rules only advise: a late interpretation does not stop a build.
    p.write(
        "content/zdly/jy/2026q3.md",
        &doc(
            "标题: 补贴发放公示\n发布日期: 2026-11-06",
            "名单见村务公开栏。",
        ),
    );
    p.write(
        "content/zcjd/sp-wgjy.md",
        &interpretation(16, 13, "2026-04-20", "视频"),
    );
    p.build().ok();
}

#[test]
fn the_demo_portal_passes_without_errors_or_personal_data() {
    let demo = env!("CARGO_MANIFEST_DIR");
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_xxgk"))
        .args([
            "check", "--today", TODAY, "--format", "json", "--root", demo,
        ])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&run.stdout).unwrap();
    let errors: Vec<&Value> = v
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["severity"] == "error")
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert!(
        v.as_array()
            .unwrap()
            .iter()
            .all(|d| !d["rule"].as_str().unwrap().starts_with("pii-"))
    );
    assert_eq!(run.status.code(), Some(0));
}

/// Generates a corpus of `n` documents (xxgk::corpus), checks that no rule sees
/// personal data in it, then plants an ID number into every `n / 10`th public
/// document and checks that exactly those ten are found, at their lines.
fn corpus_precision_and_recall(n: usize) {
    let dir = tempfile::tempdir().unwrap();
    let stats = xxgk::corpus::generate(dir.path(), n, 2026).unwrap();
    assert_eq!(stats.documents, n);
    let opts = xxgk::load::LoadOptions {
        root: dir.path().to_path_buf(),
        today: chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
        base_url: None,
    };
    let (portal, _) = xxgk::load::load(&opts);
    let portal = portal.unwrap();
    assert!(portal.documents.len() >= n);
    // Every rule runs at this scale; none may see personal data in the corpus.
    let all = xxgk::check::run(&portal);
    let pii: Vec<_> = all.iter().filter(|d| d.rule.starts_with("pii-")).collect();
    assert!(pii.is_empty(), "false positives: {pii:#?}");

    let mut rng = Lcg(n as u64);
    let mut planted = vec![];
    for d in portal.public_documents().step_by(n / 10).take(10) {
        let path = dir.path().join(&d.source);
        let mut text = std::fs::read_to_string(&path).unwrap();
        let id = rng.id_number();
        text.push_str(&format!("\n申请人身份证号码：{id}\n"));
        let line = text.lines().count();
        std::fs::write(&path, text).unwrap();
        planted.push(format!("{}:{line}", d.source));
    }
    assert_eq!(planted.len(), 10);
    let (portal, _) = xxgk::load::load(&opts);
    let found: Vec<String> = xxgk::check::blocking(&portal.unwrap())
        .iter()
        .map(|d| format!("{}:{}", d.file, d.line))
        .collect();
    planted.sort();
    assert_eq!(found, planted);
}

#[test]
fn a_generated_corpus_has_no_false_positives_and_every_plant_is_found() {
    corpus_precision_and_recall(1_000);
}

/// The same at 10 000 documents: `cargo test --release --test check_rules -- --ignored`
/// (about 2 minutes in a debug build).
#[test]
#[ignore = "10 000 documents: run in release"]
fn a_generated_10000_document_corpus_has_no_false_positives_and_every_plant_is_found() {
    corpus_precision_and_recall(10_000);
}

/// A copy of the demo portal of this repository.
fn demo_copy() -> (Portal, std::path::PathBuf) {
    let p = Portal::new(&[]);
    let demo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for entry in walkdir::WalkDir::new(demo.join("content")) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(demo).unwrap();
            p.write_bytes(rel.to_str().unwrap(), &std::fs::read(entry.path()).unwrap());
        }
    }
    p.write_bytes("xxgk.yaml", &std::fs::read(demo.join("xxgk.yaml")).unwrap());
    (p, demo.to_path_buf())
}

#[test]
fn the_csv_behind_a_budget_table_is_scanned() {
    // The demo portal's 2026 budget reads one of its tables from a csv export.
    let (p, demo) = demo_copy();
    let csv = "content/fdzdgknr/czyjs/ys-2026-jbzc.csv";
    let text = std::fs::read_to_string(demo.join(csv)).unwrap();
    let (_, found) = check(&p);
    assert!(
        found.iter().all(|f| !f.rule.starts_with("pii-")),
        "{found:#?}"
    );
    p.write(
        csv,
        &text.replacen("基本工资", "基本工资（经办人13812345678）", 1),
    );
    let (_, found) = check(&p);
    assert_eq!(
        of(&found, "pii-mobile"),
        [format!(
            "{csv}:3: 公开内容含完整的手机号码 138****5678（第 15 列）"
        )]
    );
}

#[test]
fn task_ledger_rules_are_part_of_the_check_and_a_broken_evidence_is_reported_once() {
    let (p, demo) = demo_copy();
    let ledger = "content/fdzdgknr/ghjh/2026-zwgk-rwtz.md";
    let (code, found) = check(&p);
    assert_eq!(code, 0, "{found:#?}");
    assert!(!of(&found, "plan-task-overdue").is_empty());
    let text = std::fs::read_to_string(demo.join(ledger)).unwrap();
    p.write(
        ledger,
        &text.replacen(
            "佐证: fdzdgknr/zdxzjc/2026-jcml.md",
            "佐证: fdzdgknr/zdxzjc/2026-nothere.md",
            1,
        ),
    );
    let (code, found) = check(&p);
    assert_eq!(code, 1);
    let broken = of(&found, "plan-evidence-broken");
    assert_eq!(broken.len(), 1, "{broken:#?}");
    assert!(
        broken[0].starts_with(&format!("{ledger}:32: ")),
        "{broken:?}"
    );
}

// ---- 自评报告 ----------------------------------------------------------------------

#[test]
fn the_report_is_written_outside_the_site() {
    let p = compliant();
    p.write(
        "content/zcjd/sp-wgjy.md",
        &interpretation(16, 13, "2026-04-20", "视频"),
    );
    let dir = p.root().join("reports/2026");
    let run = p.xxgk(&["check", "--today", TODAY, "--report", dir.to_str().unwrap()]);
    assert_eq!(run.code, 1);
    let html = std::fs::read_to_string(dir.join("index.html")).unwrap();
    assert!(html.contains("<h1>测试县人民政府政府信息公开自评报告</h1>"));
    assert!(html.contains("interpretation-late"));
    assert!(html.contains("href=\"https://xxgk.test.gov.cn/zcjd/sp-wgjy/\""));
    assert!(html.contains("非文字解读占比"));
    assert!(!p.site().exists(), "check never writes the site");

    let inside = p.root().join("site/report");
    let run = p.xxgk(&[
        "check",
        "--today",
        TODAY,
        "--report",
        inside.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("site/"));
    assert!(!inside.exists());
}
