//! 公开时效: information is published within 20 working days of being made
//! (条例 第二十六条); the annual report by 31 January (条例 第五十条); and the
//! working-day calendar the deadlines are counted on, with its `xxgk.yaml` overrides.

use super::{Area, Context, Finding, Rule};
use crate::config::CONFIG_FILE;
use crate::dates::chinese;
use crate::diagnostics::Severity;
use crate::model::{Document, Kind};
use chrono::{Datelike, NaiveDate};
use std::collections::BTreeSet;

/// 条例 第二十六条: 自该政府信息形成或者变更之日起20个工作日内予以公开.
pub const PUBLICATION_DAYS: i64 = 20;

pub const PUBLICATION_LATE: Rule = Rule {
    name: "publication-late",
    area: Area::Timeliness,
    severity: Severity::Error,
    blocking: false,
    build: false,
    summary: "发布日期距成文日期超过20个工作日",
    source: "《政府信息公开条例》第二十六条：自信息形成或者变更之日起20个工作日内公开",
    check: publication_late,
};

pub const WRITTEN_AFTER_PUBLISHED: Rule = Rule {
    name: "written-after-published",
    area: Area::Timeliness,
    severity: Severity::Error,
    blocking: false,
    build: false,
    summary: "成文日期晚于发布日期（日期填写有误）",
    source: "政策文件的成文日期、发布日期等要素须准确",
    check: written_after_published,
};

pub const ANNUAL_REPORT_MISSING: Rule = Rule {
    name: "annual-report-missing",
    area: Area::Timeliness,
    severity: Severity::Error,
    blocking: false,
    build: false,
    summary: "已过1月31日，尚未发布上一年度政府信息公开工作年度报告",
    source: "《政府信息公开条例》第四十九条：每年1月31日前公布上一年度年度报告",
    check: annual_report_missing,
};

pub const ANNUAL_REPORT_LATE: Rule = Rule {
    name: "annual-report-late",
    area: Area::Timeliness,
    severity: Severity::Warning,
    blocking: false,
    build: false,
    summary: "上一年度的年度报告晚于1月31日发布",
    source: "《政府信息公开条例》第四十九条：每年1月31日前公布上一年度年度报告",
    check: annual_report_late,
};

pub const HOLIDAY_OVERRIDE: Rule = Rule {
    name: "holiday-override",
    area: Area::Timeliness,
    severity: Severity::Error,
    blocking: false,
    build: false,
    summary: "xxgk.yaml 中的节假日（放假、调休）设置无法读取",
    source: "工作日按国务院办公厅部分节假日安排的通知计算",
    check: holiday_override,
};

pub const CALENDAR_COVERAGE: Rule = Rule {
    name: "calendar-coverage",
    area: Area::Timeliness,
    severity: Severity::Warning,
    blocking: false,
    build: false,
    summary: "计算工作日用到的年份没有节假日安排（只扣除了周末）",
    source: "工作日按国务院办公厅部分节假日安排的通知计算",
    check: calendar_coverage,
};

fn publication_late(ctx: &Context) -> Vec<Finding> {
    ctx.portal
        .public_documents()
        .filter_map(|d| {
            let written = d.written.filter(|w| *w <= d.date)?;
            let days = ctx.calendar.working_days_between(written, d.date);
            (days > PUBLICATION_DAYS).then(|| {
                Finding::new(
                    &d.source,
                    d.line_of("date"),
                    format!(
                        "发布日期{}距成文日期{}已过{}个工作日，超过{}个工作日的公开时限",
                        chinese(d.date),
                        chinese(written),
                        days,
                        PUBLICATION_DAYS
                    ),
                    "文件形成之日起20个工作日内公开；若成文日期或发布日期填写有误，请按原件更正",
                )
            })
        })
        .collect()
}

fn written_after_published(ctx: &Context) -> Vec<Finding> {
    ctx.portal
        .public_documents()
        .filter_map(|d| {
            let written = d.written.filter(|w| *w > d.date)?;
            Some(Finding::new(
                &d.source,
                d.line_of("written"),
                format!(
                    "成文日期{}晚于发布日期{}",
                    chinese(written),
                    chinese(d.date)
                ),
                "成文日期是文件签发（印发）之日，发布日期是在本专栏公开之日，应不早于成文日期；请按原件更正",
            ))
        })
        .collect()
}

/// The year a title names, e.g. 2026 in 示例县人民政府2026年度重大行政决策事项目录.
pub fn title_year(title: &str) -> Option<i32> {
    let chars: Vec<char> = title.chars().collect();
    chars.windows(5).find_map(|w| {
        (w[..4].iter().all(|c| c.is_ascii_digit()) && w[4] == '年')
            .then(|| w[..4].iter().collect::<String>().parse().ok())
            .flatten()
    })
}

fn annual_reports<'a>(ctx: &Context<'a>) -> Vec<&'a Document> {
    ctx.portal
        .public_documents()
        .filter(|d| d.kind == Kind::AnnualReport)
        .collect()
}

/// The year a report covers: named in its title, else the year before publication.
fn report_year(d: &Document) -> i32 {
    title_year(&d.title).unwrap_or(d.date.year() - 1)
}

fn annual_report_missing(ctx: &Context) -> Vec<Finding> {
    // Only portals that keep a 年报 column publish reports.
    let Some(col) = ctx
        .portal
        .columns
        .iter()
        .find(|c| c.kind == Some(Kind::AnnualReport))
    else {
        return vec![];
    };
    let year = ctx.today.year() - 1;
    let Some(due) = NaiveDate::from_ymd_opt(year + 1, 1, 31) else {
        return vec![];
    };
    if ctx.today <= due || annual_reports(ctx).iter().any(|d| report_year(d) == year) {
        return vec![];
    }
    vec![Finding::new(
        &col.source,
        1,
        format!(
            "已过{}，尚未发布{year}年政府信息公开工作年度报告",
            chinese(due)
        ),
        "按国办公开办函〔2021〕30号的格式编制年报，在本栏目发布（类型: 年报，标题写明年度）",
    )]
}

fn annual_report_late(ctx: &Context) -> Vec<Finding> {
    let year = ctx.today.year() - 1;
    annual_reports(ctx)
        .into_iter()
        .filter(|d| report_year(d) == year)
        .filter_map(|d| {
            let due = NaiveDate::from_ymd_opt(year + 1, 1, 31)?;
            (d.date > due).then(|| {
                Finding::new(
                    &d.source,
                    d.line_of("date"),
                    format!(
                        "{year}年年度报告发布于{}，晚于{}",
                        chinese(d.date),
                        chinese(due)
                    ),
                    "年度报告应于每年1月31日前公布；若发布日期填写有误，请更正",
                )
            })
        })
        .collect()
}

fn holiday_override(ctx: &Context) -> Vec<Finding> {
    ctx.calendar_problem.iter().cloned().collect()
}

/// Every pair of dates a deadline rule counts working days between.
fn counted_spans(ctx: &Context) -> Vec<(NaiveDate, NaiveDate)> {
    let mut spans = vec![];
    for d in ctx.portal.public_documents() {
        if let Some(w) = d.written.filter(|w| *w <= d.date) {
            spans.push((w, d.date));
        }
        if let Some(t) = d.interprets {
            spans.push((ctx.portal.doc(t).date, d.date));
        }
        if let Some(c) = &d.consultation
            && c.feedback.is_none()
            && c.end < ctx.today
        {
            spans.push((c.end, ctx.today));
        }
    }
    spans
}

fn calendar_coverage(ctx: &Context) -> Vec<Finding> {
    let years: BTreeSet<i32> = counted_spans(ctx)
        .into_iter()
        .filter_map(|(a, b)| ctx.calendar.coverage_gap(a, b))
        .flat_map(|g| g.years)
        .collect();
    if years.is_empty() {
        return vec![];
    }
    let list: Vec<String> = years.iter().map(|y| format!("{y}年")).collect();
    let first = years.first().copied().unwrap_or_default();
    vec![Finding::new(
        CONFIG_FILE,
        ctx.portal.config.holidays_line.max(1),
        format!(
            "计算工作日用到了{}，但内置节假日安排只到{}年、xxgk.yaml 中也没有设置：这些年份只扣除了周末",
            list.join("、"),
            crate::calendar::LAST_YEAR
        ),
        format!(
            "按国务院办公厅当年的放假通知，在 xxgk.yaml 中补充：节假日: {{放假: [\"{first}-01-01\", …], 调休: [\"{first}-…\"]}}"
        ),
    )]
}

#[cfg(test)]
mod tests {
    use super::super::fixture::{self, column, doc};
    use super::*;

    fn policy(written: &str, date: &str) -> Vec<(&'static str, String)> {
        vec![
            ("content/qtwj/_index.md", column("其他文件", "政策文件")),
            (
                "content/qtwj/tz.md",
                doc(
                    &format!(
                        "标题: 关于做好秸秆禁烧工作的通知\n发布日期: {date}\n成文日期: {written}\n索引号: 11990000MB0123456X/2024-00003\n主题分类: 综合政务\n主题词: 秸秆"
                    ),
                    "正文",
                ),
            ),
        ]
    }

    fn load(files: &[(&str, String)], today: &str) -> fixture::Fixture {
        let refs: Vec<(&str, &str)> = files.iter().map(|(a, b)| (*a, b.as_str())).collect();
        fixture::portal(&refs, today)
    }

    #[test]
    fn twenty_working_days_skip_the_spring_festival() {
        // 2024 春节: 10–17 February off, 4 and 18 February worked.
        // From 1 February, the 20th working day is 5 March.
        let f = load(&policy("2024-02-01", "2024-03-05"), "2024-12-01");
        assert!(f.findings(&PUBLICATION_LATE).is_empty());
        let f = load(&policy("2024-02-01", "2024-03-06"), "2024-12-01");
        assert_eq!(
            f.findings(&PUBLICATION_LATE),
            [
                "content/qtwj/tz.md:3: 发布日期2024年3月6日距成文日期2024年2月1日已过21个工作日，超过20个工作日的公开时限"
            ]
        );
    }

    #[test]
    fn written_after_published_is_a_typo() {
        let f = load(&policy("2024-03-06", "2024-03-05"), "2024-12-01");
        assert_eq!(
            f.findings(&WRITTEN_AFTER_PUBLISHED),
            ["content/qtwj/tz.md:4: 成文日期2024年3月6日晚于发布日期2024年3月5日"]
        );
        assert!(f.findings(&PUBLICATION_LATE).is_empty());
    }

    #[test]
    fn title_years() {
        assert_eq!(
            title_year("示例县人民政府2026年度重大行政决策事项目录"),
            Some(2026)
        );
        assert_eq!(title_year("2025年政府信息公开工作年度报告"), Some(2025));
        assert_eq!(title_year("关于20260号的说明"), None);
    }

    #[test]
    fn the_annual_report_is_due_on_31_january() {
        let mut files = vec![("content/gknb/_index.md", column("政府信息公开年报", "年报"))];
        let f = load(&files, "2026-01-31");
        assert!(f.findings(&ANNUAL_REPORT_MISSING).is_empty());
        let f = load(&files, "2026-02-01");
        assert_eq!(
            f.findings(&ANNUAL_REPORT_MISSING),
            ["content/gknb/_index.md:1: 已过2026年1月31日，尚未发布2025年政府信息公开工作年度报告"]
        );
        files.push((
            "content/gknb/2025.md",
            doc(
                "标题: 测试县人民政府2025年政府信息公开工作年度报告\n发布日期: 2026-02-03",
                "正文",
            ),
        ));
        let f = load(&files, "2026-03-01");
        assert!(f.findings(&ANNUAL_REPORT_MISSING).is_empty());
        assert_eq!(
            f.findings(&ANNUAL_REPORT_LATE),
            ["content/gknb/2025.md:3: 2025年年度报告发布于2026年2月3日，晚于2026年1月31日"]
        );
    }

    #[test]
    fn years_without_a_holiday_table_are_flagged_once() {
        let f = load(&policy("2027-09-28", "2027-10-08"), "2027-12-01");
        let found = f.findings(&CALENDAR_COVERAGE);
        assert_eq!(found.len(), 1);
        assert!(
            found[0].starts_with("xxgk.yaml:1: 计算工作日用到了2027年"),
            "{found:?}"
        );
        let config = format!(
            "{}节假日:\n  放假: [\"2027-10-01..2027-10-07\"]\n",
            fixture::CONFIG
        );
        let files = policy("2027-09-28", "2027-10-08");
        let refs: Vec<(&str, &str)> = files.iter().map(|(a, b)| (*a, b.as_str())).collect();
        let f = fixture::portal_with_config(&config, &refs, "2027-12-01");
        assert!(f.findings(&CALENDAR_COVERAGE).is_empty());
        assert!(f.findings(&HOLIDAY_OVERRIDE).is_empty());
    }
}
