//! 政策解读: published with the document, at the latest within 3 working days; every
//! 规范性文件 interpreted, in text at least; diversified forms for at least half of
//! the year's interpretations, in at least 2 non-text forms (seeds 000, 001, 003).

use super::figures::{
    NON_TEXT_FORMS_TARGET, NON_TEXT_TARGET, current_normative, has_interpretation, is_text_form,
};
use super::{Area, Context, Finding, Rule};
use crate::calendar::DayKind;
use crate::dates::chinese;
use crate::diagnostics::Severity;
use crate::model::Kind;
use chrono::Datelike;
use std::collections::BTreeSet;

/// "解读材料要在文件正式印发后3个工作日内公开" (seed 000).
pub const DEADLINE_DAYS: i64 = 3;

pub const LATE: Rule = Rule {
    name: "interpretation-late",
    area: Area::Interpretation,
    severity: Severity::Error,
    blocking: false,
    build: false,
    summary: "政策解读晚于所解读文件发布超过3个工作日（按节假日和调休计算）",
    source: "政策解读“三同步”：解读材料在文件公开后3个工作日内配套公开",
    check: late,
};

pub const MISSING: Rule = Rule {
    name: "interpretation-missing",
    area: Area::Interpretation,
    severity: Severity::Error,
    blocking: false,
    build: false,
    summary: "现行有效的行政规范性文件发布已超过3个工作日仍没有政策解读",
    source: "应解读、尽解读，行政规范性文件文字解读率100%",
    check: missing,
};

pub const NO_TEXT: Rule = Rule {
    name: "interpretation-no-text",
    area: Area::Interpretation,
    severity: Severity::Warning,
    blocking: false,
    build: false,
    summary: "行政规范性文件只有图解、视频等解读，没有文字（或问答）解读",
    source: "在文字解读100%的基础上综合选用多元化解读形式",
    check: no_text,
};

pub const DIVERSITY: Rule = Rule {
    name: "interpretation-diversity",
    area: Area::Interpretation,
    severity: Severity::Warning,
    blocking: false,
    build: false,
    summary: "本年度非文字解读占比低于50%，或多元化解读形式少于2种",
    source: "考核目标：非文字解读率不低于50%，多元化解读方式不少于2种",
    check: diversity,
};

fn late(ctx: &Context) -> Vec<Finding> {
    let mut out = vec![];
    for i in ctx.portal.public_documents() {
        let Some(target) = i.interprets.map(|t| ctx.portal.doc(t)) else {
            continue;
        };
        let days = ctx.calendar.working_days_between(target.date, i.date);
        if days <= DEADLINE_DAYS {
            continue;
        }
        out.push(Finding::new(
            &i.source,
            i.line_of("date"),
            format!(
                "政策解读发布于{}，所解读的《{}》发布于{}，相隔{}个工作日{}，超过{}个工作日的时限",
                chinese(i.date),
                target.title,
                chinese(target.date),
                days,
                holidays_between(ctx, target.date, i.date),
                DEADLINE_DAYS
            ),
            "解读材料应与文件同步起草、同步审签、同步发布，最迟在文件公开后3个工作日内发布；若发布日期填写有误，请更正为实际发布日期",
        ));
    }
    out
}

/// "（国庆节放假不计）" for the holidays a count skipped, so the figure can be checked by hand.
fn holidays_between(ctx: &Context, from: chrono::NaiveDate, to: chrono::NaiveDate) -> String {
    if (to - from).num_days() > 366 {
        return String::new();
    }
    let mut names: Vec<&str> = vec![];
    let mut adjusted = false;
    for day in from.iter_days().skip(1).take_while(|d| *d <= to) {
        match ctx.calendar.day_kind(day) {
            DayKind::Holiday { name } => {
                let n = name.unwrap_or("节假日");
                if !names.contains(&n) {
                    names.push(n);
                }
            }
            DayKind::AdjustedWorkday => adjusted = true,
            _ => {}
        }
    }
    match (names.is_empty(), adjusted) {
        (true, false) => String::new(),
        (false, false) => format!("（{}放假不计）", names.join("、")),
        (true, true) => "（含调休上班日）".to_string(),
        (false, true) => format!("（{}放假不计，含调休上班日）", names.join("、")),
    }
}

fn missing(ctx: &Context) -> Vec<Finding> {
    current_normative(ctx)
        .filter(|d| !has_interpretation(ctx, d))
        .filter(|d| ctx.calendar.working_days_between(d.date, ctx.today) > DEADLINE_DAYS)
        .map(|d| {
            let index = d
                .index_no
                .as_ref()
                .map(|n| n.to_string())
                .unwrap_or_else(|| d.source.trim_start_matches("content/").to_string());
            Finding::new(
                &d.source,
                d.line_of("title"),
                format!("行政规范性文件《{}》没有政策解读", d.title),
                format!(
                    "按“谁起草、谁解读”发布解读材料：在政策解读栏目新建文档，写 类型: 政策解读、解读对象: {index}、解读形式: 文字"
                ),
            )
        })
        .collect()
}

fn no_text(ctx: &Context) -> Vec<Finding> {
    current_normative(ctx)
        .filter(|d| has_interpretation(ctx, d))
        .filter(|d| {
            !ctx.portal.relations.interpretations(d.id).iter().any(|i| {
                let i = ctx.portal.doc(*i);
                i.is_public() && i.form.is_some_and(is_text_form)
            })
        })
        .map(|d| {
            Finding::new(
                &d.source,
                d.line_of("title"),
                format!("行政规范性文件《{}》只有非文字解读，没有文字解读", d.title),
                "图解、视频等是在文字解读基础上的补充：再发布一篇 解读形式: 文字（或 问答）的解读",
            )
        })
        .collect()
}

fn diversity(ctx: &Context) -> Vec<Finding> {
    let year = ctx.today.year();
    let interps = super::figures::interpretations_of_year(ctx, year);
    if interps.is_empty() {
        return vec![];
    }
    // Portal-wide: reported on the 政策解读 column, where the editor plans them.
    let (file, line) = ctx
        .portal
        .columns
        .iter()
        .find(|c| c.kind == Some(Kind::Interpretation))
        .map(|c| (c.source.clone(), 1))
        .unwrap_or_else(|| (interps[0].source.clone(), interps[0].line_of("form")));
    let non_text: Vec<_> = interps
        .iter()
        .filter(|d| d.form.is_some_and(|f| !is_text_form(f)))
        .collect();
    let share = non_text.len() as f64 * 100.0 / interps.len() as f64;
    let forms: BTreeSet<&str> = non_text
        .iter()
        .filter_map(|d| d.form.map(|f| f.zh()))
        .collect();
    let mut out = vec![];
    if share < NON_TEXT_TARGET {
        out.push(Finding::new(
            &file,
            line,
            format!(
                "{year}年发布政策解读{}篇，其中图解、视频等非文字解读{}篇，占{:.0}%，低于{:.0}%的目标",
                interps.len(),
                non_text.len(),
                share,
                NON_TEXT_TARGET
            ),
            "对涉及面广、关注度高的文件增加图解、短视频、动漫或新闻发布会等解读（解读形式: 图解 / 视频 / 动漫 / 新闻发布会）",
        ));
    }
    if forms.len() < NON_TEXT_FORMS_TARGET {
        let used = if forms.is_empty() {
            "没有非文字形式".to_string()
        } else {
            format!(
                "非文字形式只有{}",
                forms.into_iter().collect::<Vec<_>>().join("、")
            )
        };
        out.push(Finding::new(
            &file,
            line,
            format!("{year}年的政策解读{used}，少于{NON_TEXT_FORMS_TARGET}种多元化解读方式"),
            "综合选用图解、视频、音频、动漫、新闻发布会中至少两种形式",
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::fixture::{self, Fixture, column, doc};
    use super::*;

    const NORMATIVE_DIR: &str = "content/zcwj/gfxwj";

    fn normative(date: &str) -> String {
        doc(
            &format!(
                "标题: 测试县就业补贴办法\n发布日期: {date}\n成文日期: {date}\n文号: 测政办〔2024〕9号\n索引号: 11990000MB0123456X/2024-00009\n主题分类: 劳动、人事、监察\n主题词: 就业"
            ),
            "正文",
        )
    }

    fn interpretation(serial: u32, date: &str, form: &str) -> String {
        doc(
            &format!(
                "标题: 解读{serial}\n发布日期: {date}\n索引号: 11990000MB0123456X/2024-{serial:05}\n解读对象: 11990000MB0123456X/2024-00009\n解读形式: {form}"
            ),
            "解读正文",
        )
    }

    fn portal(doc_date: &str, interps: &[(&str, &str)], today: &str) -> Fixture {
        let mut files: Vec<(String, String)> = vec![
            (
                "content/zcwj/_index.md".into(),
                column("政策文件", "政策文件"),
            ),
            (
                format!("{NORMATIVE_DIR}/_index.md"),
                column("行政规范性文件", "规范性文件"),
            ),
            (format!("{NORMATIVE_DIR}/bt.md"), normative(doc_date)),
            (
                "content/zcjd/_index.md".into(),
                column("政策解读", "政策解读"),
            ),
        ];
        for (i, (date, form)) in interps.iter().enumerate() {
            let n = i as u32 + 20;
            files.push((
                format!("content/zcjd/jd{n}.md"),
                interpretation(n, date, form),
            ));
        }
        let refs: Vec<(&str, &str)> = files
            .iter()
            .map(|(a, b)| (a.as_str(), b.as_str()))
            .collect();
        fixture::portal(&refs, today)
    }

    #[test]
    fn national_day_does_not_count() {
        // Monday 30 September 2024, then 国庆 1–7 October: 8 October is 1 working day later.
        let f = portal("2024-09-30", &[("2024-10-08", "文字")], "2024-12-01");
        assert!(f.findings(&LATE).is_empty());
        // 11 October is the 4th working day.
        let f = portal("2024-09-30", &[("2024-10-11", "文字")], "2024-12-01");
        assert_eq!(
            f.findings(&LATE),
            [
                "content/zcjd/jd20.md:3: 政策解读发布于2024年10月11日，所解读的《测试县就业补贴办法》发布于2024年9月30日，相隔4个工作日（国庆节放假不计），超过3个工作日的时限"
            ]
        );
    }

    #[test]
    fn an_adjusted_saturday_is_a_working_day() {
        // Wednesday 9 October 2024; Saturday 12 October is 调休上班: Monday 14th is day 4.
        let f = portal("2024-10-09", &[("2024-10-14", "文字")], "2024-12-01");
        let found = f.findings(&LATE);
        assert_eq!(found.len(), 1);
        assert!(
            found[0].contains("相隔4个工作日（含调休上班日）"),
            "{found:?}"
        );
        let f = portal("2024-10-09", &[("2024-10-12", "文字")], "2024-12-01");
        assert!(f.findings(&LATE).is_empty());
    }

    #[test]
    fn a_normative_document_needs_an_interpretation_after_three_working_days() {
        let f = portal("2026-11-18", &[], "2026-11-23");
        assert!(
            f.findings(&MISSING).is_empty(),
            "3 working days not yet over"
        );
        let f = portal("2026-11-17", &[], "2026-11-23");
        assert_eq!(
            f.findings(&MISSING),
            ["content/zcwj/gfxwj/bt.md:2: 行政规范性文件《测试县就业补贴办法》没有政策解读"]
        );
        let f = portal("2026-11-17", &[("2026-11-17", "文字")], "2026-11-23");
        assert!(f.findings(&MISSING).is_empty());
    }

    #[test]
    fn text_comes_first() {
        let f = portal("2026-03-02", &[("2026-03-02", "图解")], "2026-11-23");
        assert_eq!(f.findings(&NO_TEXT).len(), 1);
        let f = portal(
            "2026-03-02",
            &[("2026-03-02", "图解"), ("2026-03-02", "问答")],
            "2026-11-23",
        );
        assert!(f.findings(&NO_TEXT).is_empty());
    }

    #[test]
    fn diversity_targets_count_this_years_interpretations() {
        let f = portal(
            "2026-03-02",
            &[
                ("2026-03-02", "文字"),
                ("2026-03-03", "问答"),
                ("2026-03-03", "图解"),
            ],
            "2026-11-23",
        );
        assert_eq!(
            f.findings(&DIVERSITY),
            [
                "content/zcjd/_index.md:1: 2026年发布政策解读3篇，其中图解、视频等非文字解读1篇，占33%，低于50%的目标",
                "content/zcjd/_index.md:1: 2026年的政策解读非文字形式只有图解，少于2种多元化解读方式",
            ]
        );
        let f = portal(
            "2026-03-02",
            &[
                ("2026-03-02", "文字"),
                ("2026-03-03", "视频"),
                ("2026-03-03", "图解"),
            ],
            "2026-11-23",
        );
        assert!(f.findings(&DIVERSITY).is_empty());
        // Last year's interpretations do not count for this year.
        let f = portal("2025-03-02", &[("2025-03-02", "文字")], "2026-11-23");
        assert!(f.findings(&DIVERSITY).is_empty());
    }
}
