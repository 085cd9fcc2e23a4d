//! 重大行政决策 and 意见征集 (seeds 000, 003): a consultation runs at least 30 days or
//! says why not; its page carries the 起草说明 and 政策依据; once closed, the 意见反馈
//! follows; the year's 重大行政决策事项目录 is out by 31 March.

use super::timeliness::title_year;
use super::{Area, Context, Finding, Rule};
use crate::dates::chinese;
use crate::diagnostics::Severity;
use crate::model::{Consultation, Document, Kind};
use chrono::{Datelike, NaiveDate};
use unicode_normalization::UnicodeNormalization;

/// "公开征求意见的期限一般不少于30日" (seed 003).
pub const MIN_DAYS: i64 = 30;
/// "决策文件出台后的10个工作日内……公开前期意见的收集、采纳情况" (seed 003).
pub const FEEDBACK_DAYS: i64 = 10;
const CATALOG: &str = "重大行政决策事项目录";

pub const SHORT: Rule = Rule {
    name: "consultation-short",
    area: Area::Participation,
    severity: Severity::Error,
    blocking: false,
    build: false,
    summary: "意见征集期少于30日且未说明缩短期限的理由",
    source: "《重大行政决策程序暂行条例》：公开征求意见的期限一般不少于30日，缩短期限的应当予以说明",
    check: short,
};

pub const MATERIALS: Rule = Rule {
    name: "consultation-materials",
    area: Area::Participation,
    severity: Severity::Warning,
    blocking: false,
    build: false,
    summary: "意见征集页面没有起草说明或政策依据",
    source: "意见征集栏目公开意见征集通知、起草说明、政策依据、意见反馈",
    check: materials,
};

pub const FEEDBACK_MISSING: Rule = Rule {
    name: "consultation-feedback-missing",
    area: Area::Participation,
    severity: Severity::Error,
    blocking: false,
    build: false,
    summary: "意见征集结束超过10个工作日仍未公开意见反馈",
    source: "决策出台后10个工作日内公开意见收集、采纳情况及不予采纳的原因",
    check: feedback_missing,
};

pub const FEEDBACK_PENDING: Rule = Rule {
    name: "consultation-feedback-pending",
    area: Area::Participation,
    severity: Severity::Warning,
    blocking: false,
    build: false,
    summary: "意见征集已结束，意见反馈尚未公开（10个工作日内）",
    source: "决策出台后10个工作日内公开意见收集、采纳情况及不予采纳的原因",
    check: feedback_pending,
};

pub const CATALOG_MISSING: Rule = Rule {
    name: "decision-catalog-missing",
    area: Area::Participation,
    severity: Severity::Error,
    blocking: false,
    build: false,
    summary: "已过3月31日，尚未公开本年度重大行政决策事项目录",
    source: "年度重大行政决策事项目录于3月31日前主动向社会公开",
    check: catalog_missing,
};

pub const CATALOG_LATE: Rule = Rule {
    name: "decision-catalog-late",
    area: Area::Participation,
    severity: Severity::Warning,
    blocking: false,
    build: false,
    summary: "本年度重大行政决策事项目录晚于3月31日公开",
    source: "年度重大行政决策事项目录于3月31日前主动向社会公开",
    check: catalog_late,
};

fn consultations<'a>(ctx: &Context<'a>) -> impl Iterator<Item = (&'a Document, &'a Consultation)> {
    let portal: &'a crate::model::Portal = ctx.portal;
    portal
        .public_documents()
        .filter_map(|d| d.consultation.as_ref().map(|c| (d, c)))
}

fn period(c: &Consultation) -> i64 {
    (c.end - c.start).num_days() + 1
}

fn short(ctx: &Context) -> Vec<Finding> {
    consultations(ctx)
        .filter(|(_, c)| period(c) < MIN_DAYS && c.short_reason.is_none())
        .map(|(d, c)| {
            Finding::new(
                &d.source,
                d.line_of("consultation"),
                format!(
                    "意见征集期{}至{}共{}日，少于{}日，且未说明缩短期限的理由",
                    chinese(c.start),
                    chinese(c.end),
                    period(c),
                    MIN_DAYS
                ),
                "把截止日期延后到不少于30日，或在 意见征集 下写 缩短期限说明: 因……情况紧急需要缩短期限（同时在公告中写明）",
            )
        })
        .collect()
}

fn materials(ctx: &Context) -> Vec<Finding> {
    consultations(ctx)
        .filter_map(|(d, _)| {
            let mut text = d.body.as_ref().map(|b| b.text.clone()).unwrap_or_default();
            for a in &d.attachments {
                text.push_str(&a.title);
                text.push_str(&a.file_name);
            }
            let missing: Vec<&str> = [("起草说明", "起草说明"), ("依据", "政策依据")]
                .into_iter()
                .filter(|(needle, _)| !text.contains(needle))
                .map(|(_, what)| what)
                .collect();
            (!missing.is_empty()).then(|| {
                Finding::new(
                    &d.source,
                    d.line_of("consultation"),
                    format!("意见征集《{}》没有{}", d.title, missing.join("和")),
                    "在正文中写明起草说明（为什么制定、主要内容）和政策依据（法律法规、上级文件），或作为附件上传",
                )
            })
        })
        .collect()
}

/// Closed consultations without a published feedback, with the working days since.
fn without_feedback<'a>(ctx: &Context<'a>) -> Vec<(&'a Document, &'a Consultation, i64)> {
    consultations(ctx)
        .filter(|(_, c)| c.end < ctx.today)
        .filter(|(_, c)| !c.feedback.is_some_and(|f| ctx.portal.doc(f).is_public()))
        .map(|(d, c)| (d, c, ctx.calendar.working_days_between(c.end, ctx.today)))
        .collect()
}

const FEEDBACK_HINT: &str = "发布意见采纳情况说明（收到多少意见、采纳和不予采纳的意见及理由），并在 意见征集 下写 意见反馈: <该文档的路径或索引号>";

fn feedback_missing(ctx: &Context) -> Vec<Finding> {
    without_feedback(ctx)
        .into_iter()
        .filter(|(_, _, days)| *days > FEEDBACK_DAYS)
        .map(|(d, c, days)| {
            Finding::new(
                &d.source,
                d.line_of("consultation"),
                format!(
                    "意见征集已于{}结束，{}个工作日后仍未公开意见反馈",
                    chinese(c.end),
                    days
                ),
                FEEDBACK_HINT,
            )
        })
        .collect()
}

fn feedback_pending(ctx: &Context) -> Vec<Finding> {
    without_feedback(ctx)
        .into_iter()
        .filter(|(_, _, days)| *days <= FEEDBACK_DAYS)
        .map(|(d, c, _)| {
            Finding::new(
                &d.source,
                d.line_of("consultation"),
                format!("意见征集已于{}结束，尚未公开意见反馈", chinese(c.end)),
                FEEDBACK_HINT,
            )
        })
        .collect()
}

/// Where the catalog belongs: the 重大行政决策 column, if the portal has one.
fn decision_column<'a>(ctx: &Context<'a>) -> Option<&'a crate::model::Column> {
    ctx.portal.columns.iter().find(|c| {
        c.kind == Some(Kind::Decision)
            || c.path.rsplit('/').next() == Some("zdxzjc")
            || c.title.contains("重大行政决策")
    })
}

/// Published catalogs for `year` (named in the title, else the year published).
fn catalogs<'a>(ctx: &Context<'a>, year: i32) -> Vec<&'a Document> {
    ctx.portal
        .public_documents()
        .filter(|d| d.title.nfkc().collect::<String>().contains(CATALOG))
        .filter(|d| title_year(&d.title).unwrap_or(d.date.year()) == year)
        .collect()
}

fn deadline(year: i32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, 3, 31)
}

fn catalog_missing(ctx: &Context) -> Vec<Finding> {
    let year = ctx.today.year();
    let (Some(col), Some(due)) = (decision_column(ctx), deadline(year)) else {
        return vec![];
    };
    if ctx.today <= due || !catalogs(ctx, year).is_empty() {
        return vec![];
    }
    vec![Finding::new(
        &col.source,
        1,
        format!("已过{}，尚未公开{year}年度{CATALOG}", chinese(due)),
        format!("在本栏目发布《……{year}年度{CATALOG}》，标题写明“{year}年度{CATALOG}”"),
    )]
}

fn catalog_late(ctx: &Context) -> Vec<Finding> {
    let year = ctx.today.year();
    let Some(due) = deadline(year) else {
        return vec![];
    };
    let found = catalogs(ctx, year);
    // One on time is enough (a later one may be an adjustment).
    if found.iter().any(|d| d.date <= due) {
        return vec![];
    }
    found
        .into_iter()
        .map(|d| {
            Finding::new(
                &d.source,
                d.line_of("date"),
                format!(
                    "{year}年度{CATALOG}发布于{}，晚于{}",
                    chinese(d.date),
                    chinese(due)
                ),
                "年度事项目录应于3月31日前公开；若发布日期填写有误，请更正",
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::fixture::{self, Fixture, column, doc};
    use super::*;

    fn portal(consultation: &str, body: &str, extra: &[(&str, &str)], today: &str) -> Fixture {
        let col = column("重大行政决策", "重大行政决策");
        let text = doc(
            &format!(
                "标题: 关于公开征求停车管理办法意见的公告\n发布日期: 2026-08-03\n意见征集:\n{consultation}"
            ),
            body,
        );
        let mut files = vec![
            ("content/zdxzjc/_index.md", col.as_str()),
            ("content/zdxzjc/yjzj.md", text.as_str()),
        ];
        files.extend_from_slice(extra);
        fixture::portal(&files, today)
    }

    const FULL_BODY: &str = "## 起草说明\n\n……\n\n## 政策依据\n\n《城市道路管理条例》";

    #[test]
    fn thirty_days_or_a_reason() {
        let f = portal(
            "  开始日期: 2026-08-03\n  截止日期: 2026-09-01",
            FULL_BODY,
            &[],
            "2026-08-10",
        );
        assert!(f.findings(&SHORT).is_empty(), "30 days is enough");
        let f = portal(
            "  开始日期: 2026-08-03\n  截止日期: 2026-08-31",
            FULL_BODY,
            &[],
            "2026-08-10",
        );
        assert_eq!(
            f.findings(&SHORT),
            [
                "content/zdxzjc/yjzj.md:4: 意见征集期2026年8月3日至2026年8月31日共29日，少于30日，且未说明缩短期限的理由"
            ]
        );
        let f = portal(
            "  开始日期: 2026-08-03\n  截止日期: 2026-08-12\n  缩短期限说明: 汛期临近，情况紧急",
            FULL_BODY,
            &[],
            "2026-08-10",
        );
        assert!(f.findings(&SHORT).is_empty());
    }

    #[test]
    fn the_page_carries_drafting_notes_and_basis() {
        let c = "  开始日期: 2026-08-03\n  截止日期: 2026-09-07";
        assert!(
            portal(c, FULL_BODY, &[], "2026-08-10")
                .findings(&MATERIALS)
                .is_empty()
        );
        assert_eq!(
            portal(c, "征求意见稿全文见附件。", &[], "2026-08-10").findings(&MATERIALS),
            [
                "content/zdxzjc/yjzj.md:4: 意见征集《关于公开征求停车管理办法意见的公告》没有起草说明和政策依据"
            ]
        );
    }

    #[test]
    fn feedback_follows_within_ten_working_days() {
        let c = "  开始日期: 2026-08-03\n  截止日期: 2026-09-07";
        // 8 working days after 7 September: pending.
        let f = portal(c, FULL_BODY, &[], "2026-09-17");
        assert!(f.findings(&FEEDBACK_MISSING).is_empty());
        assert_eq!(f.findings(&FEEDBACK_PENDING).len(), 1);
        let f = portal(c, FULL_BODY, &[], "2026-11-23");
        assert_eq!(
            f.findings(&FEEDBACK_MISSING),
            [
                "content/zdxzjc/yjzj.md:4: 意见征集已于2026年9月7日结束，51个工作日后仍未公开意见反馈"
            ]
        );
        let fb = doc(
            "标题: 意见采纳情况的说明\n发布日期: 2026-10-23\n类型: 其他信息",
            "采纳21条",
        );
        let f = portal(
            &format!("{c}\n  意见反馈: zdxzjc/yjfk.md"),
            FULL_BODY,
            &[("content/zdxzjc/yjfk.md", &fb)],
            "2026-11-23",
        );
        assert!(f.findings(&FEEDBACK_MISSING).is_empty());
        assert!(f.findings(&FEEDBACK_PENDING).is_empty());
    }

    #[test]
    fn the_catalog_is_out_by_31_march() {
        let c = "  开始日期: 2026-08-03\n  截止日期: 2026-09-07";
        assert!(
            portal(c, FULL_BODY, &[], "2026-03-31")
                .findings(&CATALOG_MISSING)
                .is_empty()
        );
        assert_eq!(
            portal(c, FULL_BODY, &[], "2026-04-01").findings(&CATALOG_MISSING),
            ["content/zdxzjc/_index.md:1: 已过2026年3月31日，尚未公开2026年度重大行政决策事项目录"]
        );
        let late = doc(
            "标题: 测试县人民政府2026年度重大行政决策事项目录\n发布日期: 2026-04-10\n类型: 其他信息",
            "目录",
        );
        let f = portal(
            c,
            FULL_BODY,
            &[("content/zdxzjc/ml.md", &late)],
            "2026-11-23",
        );
        assert!(f.findings(&CATALOG_MISSING).is_empty());
        assert_eq!(
            f.findings(&CATALOG_LATE),
            [
                "content/zdxzjc/ml.md:3: 2026年度重大行政决策事项目录发布于2026年4月10日，晚于2026年3月31日"
            ]
        );
        // Last year's catalog does not count for this year.
        let old = late
            .replace("2026年度", "2025年度")
            .replace("2026-04-10", "2025-02-10");
        let f = portal(
            c,
            FULL_BODY,
            &[("content/zdxzjc/ml.md", &old)],
            "2026-11-23",
        );
        assert_eq!(f.findings(&CATALOG_MISSING).len(), 1);
    }
}
