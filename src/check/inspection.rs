//! 单项否决 of 《政府网站与政务新媒体检查指标》(国办秘函〔2019〕19号), as of `--today`:
//! a home page with nothing new for 2 weeks, too many columns not updated, 5 or more
//! blank columns; and 互动回应 (a channel for questions). Each finding names the column
//! and its last update; [`verdict`] is the last line of `xxgk check`.

use super::{Area, Context, Finding, Rule};
use crate::dates::chinese;
use crate::diagnostics::{Diagnostic, Severity};
use crate::listing;
use crate::model::inspection::{self, ColumnClass, UpdatePeriod};
use crate::model::{ColumnId, Portal};
use chrono::NaiveDate;

const SOURCE: &str = "《政府网站与政务新媒体检查指标》（国办秘函〔2019〕19号）单项否决指标";

/// The home page must show something new within 2 weeks.
const HOME_DAYS: u32 = 14;
/// 动态要闻 (2 weeks) plus 通知公告 and 政策文件 (6 months) not updated: this many fail.
const CLASS_STALE_LIMIT: usize = 5;
/// Columns that should be updated and are not: this many fail.
const STALE_LIMIT: usize = 10;
/// Blank columns: this many fail.
const BLANK_LIMIT: usize = 5;

pub const HOME_NOT_UPDATED: Rule = Rule {
    name: "home-not-updated",
    area: Area::Inspection,
    severity: Severity::Error,
    blocking: false,
    build: false,
    summary: "首页2周内没有新发布的信息（单项否决）",
    source: SOURCE,
    check: home_not_updated,
};

pub const COLUMN_NOT_UPDATED: Rule = Rule {
    name: "column-not-updated",
    area: Area::Inspection,
    severity: Severity::Warning,
    blocking: false,
    build: false,
    summary: "栏目超过其更新周期没有新信息（动态要闻2周，通知公告、政策文件6个月，或栏目的 更新周期）",
    source: SOURCE,
    check: column_not_updated,
};

pub const COLUMNS_NOT_UPDATED: Rule = Rule {
    name: "columns-not-updated",
    area: Area::Inspection,
    severity: Severity::Error,
    blocking: false,
    build: false,
    summary: "动态要闻2周、通知公告和政策文件6个月未更新的栏目累计5个以上，或应更新而未更新的栏目10个以上（单项否决）",
    source: SOURCE,
    check: columns_not_updated,
};

pub const BLANK_COLUMNS: Rule = Rule {
    name: "blank-columns",
    area: Area::Inspection,
    severity: Severity::Error,
    blocking: false,
    build: false,
    summary: "空白栏目5个以上（单项否决）",
    source: SOURCE,
    check: blank_columns,
};

pub const INTERACTION_CHANNEL: Rule = Rule {
    name: "interaction-channel-missing",
    area: Area::Inspection,
    severity: Severity::Warning,
    blocking: false,
    build: false,
    summary: "网站没有咨询、留言或依申请公开渠道（互动回应）",
    source: "《政府网站与政务新媒体检查指标》（国办秘函〔2019〕19号）互动回应差",
    check: interaction_channel,
};

/// The rules whose error fails the inspection outright, with the reason shown.
const VETOES: &[(&str, &str)] = &[
    ("home-not-updated", "首页不更新"),
    ("columns-not-updated", "栏目不更新"),
    ("blank-columns", "空白栏目"),
];

/// `按《检查指标》单项否决项：通过` or `…：不通过（首页不更新；空白栏目）`; `None` for
/// the portal: it could not be loaded, which is 站点无法访问.
pub fn verdict(diagnostics: &[Diagnostic], loaded: bool) -> String {
    let mut reasons: Vec<&str> = VETOES
        .iter()
        .filter(|(rule, _)| diagnostics.iter().any(|d| d.rule == *rule && d.is_error()))
        .map(|(_, reason)| *reason)
        .collect();
    if !loaded {
        reasons.insert(0, "站点无法生成");
    }
    if reasons.is_empty() {
        "按《检查指标》单项否决项：通过".into()
    } else {
        format!("按《检查指标》单项否决项：不通过（{}）", reasons.join("；"))
    }
}

fn last_update_text(date: Option<NaiveDate>) -> String {
    match date {
        Some(d) => format!("最近更新于{}", chinese(d)),
        None => "没有任何带发布日期的主动公开信息".into(),
    }
}

fn home_not_updated(ctx: &Context) -> Vec<Finding> {
    let p = ctx.portal;
    let last = inspection::home_last_update(p);
    let since = UpdatePeriod::Days(HOME_DAYS).since(p.today);
    if last.is_some_and(|l| since.is_none_or(|s| l > s)) {
        return vec![];
    }
    let file = p
        .documents
        .iter()
        .filter(|d| d.is_public() && Some(d.date) == last)
        .map(|d| d.source.clone())
        .next()
        .unwrap_or_else(|| "content".into());
    let days = last.map(|l| (p.today - l).num_days());
    vec![Finding::new(
        file,
        0,
        match days {
            Some(n) => format!(
                "首页{}，至{}已{n}天没有新信息，超过2周（单项否决）",
                last_update_text(last),
                chinese(p.today)
            ),
            None => format!("首页{}（单项否决）", last_update_text(None)),
        },
        "及时发布本级政府信息：首页“最新公开”须在2周内有更新；只有不晚于自查日期的发布日期才计为更新",
    )]
}

/// A column the inspection counts as not updated.
struct Stale {
    id: ColumnId,
    last: Option<NaiveDate>,
    /// Over the 检查指标's own threshold for its class (动态要闻, 通知公告, 政策文件).
    by_class: bool,
    /// Over its `更新周期` (or its class's default).
    by_period: bool,
    period: UpdatePeriod,
}

fn stale_columns(p: &Portal) -> Vec<Stale> {
    p.columns
        .iter()
        .filter_map(|c| {
            let class = ColumnClass::counted(p, c.id);
            let last = inspection::last_update(p, c.id);
            // An undated item never loads, so it never counts as an update.
            let over = |period: UpdatePeriod| {
                period
                    .since(p.today)
                    .is_some_and(|s| last.is_none_or(|l| l <= s))
            };
            let period = inspection::period_of(p, c.id);
            // The 检查指标 counts 动态/通知公告/政策文件 columns whatever they declare.
            let by_class = class != ColumnClass::Other && over(class.default_period());
            let by_period = over(period);
            (by_class || by_period).then_some(Stale {
                id: c.id,
                last,
                by_class,
                by_period,
                period,
            })
        })
        .collect()
}

fn column_not_updated(ctx: &Context) -> Vec<Finding> {
    let p = ctx.portal;
    stale_columns(p)
        .into_iter()
        .map(|s| {
            let c = p.column(s.id);
            let class = ColumnClass::counted(p, s.id);
            let required = if s.by_class {
                format!("{}栏目应每{}更新", class.zh(), class.default_period().zh())
            } else {
                format!("更新周期为{}", s.period.zh())
            };
            Finding::new(
                &c.source,
                1,
                format!("栏目“{}”{}，{required}（栏目不更新）", c.title, last_update_text(s.last)),
                "按更新周期发布本栏目信息；确实按需更新的栏目，在 _index.md 写 更新周期: 不定期（动态要闻、通知公告、政策文件栏目仍按《检查指标》计）",
            )
        })
        .collect()
}

fn columns_not_updated(ctx: &Context) -> Vec<Finding> {
    let p = ctx.portal;
    let stale = stale_columns(p);
    let by_class = stale.iter().filter(|s| s.by_class).count();
    let by_period = stale.iter().filter(|s| s.by_period).count();
    let mut reasons = vec![];
    if by_class >= CLASS_STALE_LIMIT {
        reasons.push(format!(
            "动态要闻2周、通知公告和政策文件6个月未更新的栏目共{by_class}个（5个以上即否决）"
        ));
    }
    if by_period >= STALE_LIMIT {
        reasons.push(format!(
            "应更新而未更新的栏目共{by_period}个（10个以上即否决）"
        ));
    }
    if reasons.is_empty() {
        return vec![];
    }
    let names: Vec<String> = stale
        .iter()
        .map(|s| format!("“{}”", p.column(s.id).title))
        .collect();
    vec![Finding::new(
        "content",
        0,
        format!("{}：{}（单项否决）", reasons.join("；"), names.join("、")),
        "逐一更新上列栏目（见 column-not-updated）；已不再使用的栏目应删除其目录，而不是留作不更新的栏目",
    )]
}

/// Columns that show nothing: no document, no directory row, not the 依申请公开 column.
fn blank(p: &Portal) -> Vec<ColumnId> {
    p.columns
        .iter()
        .filter(|c| {
            listing::column_documents(p, c.id).is_empty()
                && listing::column_directory(p, c.id).is_empty()
                && !listing::is_on_request_column(p, c.id)
        })
        .map(|c| c.id)
        .collect()
}

fn blank_columns(ctx: &Context) -> Vec<Finding> {
    let p = ctx.portal;
    let blank = blank(p);
    if blank.len() < BLANK_LIMIT {
        return vec![];
    }
    let names: Vec<String> = blank
        .iter()
        .map(|id| format!("“{}”", p.column(*id).title))
        .collect();
    vec![Finding::new(
        "content",
        0,
        format!(
            "空白栏目共{}个（5个以上即否决）：{}（单项否决）",
            blank.len(),
            names.join("、")
        ),
        "为每个空白栏目发布应公开的信息（见 empty-column），或删除不用的栏目目录",
    )]
}

fn interaction_channel(ctx: &Context) -> Vec<Finding> {
    let p = ctx.portal;
    let contact = &p.config.contact;
    let named = |t: &str| {
        ["咨询", "留言", "信箱", "互动"]
            .iter()
            .any(|w| t.contains(w))
    };
    let has_channel = contact.phone.is_some()
        || contact.email.is_some()
        || p.columns
            .iter()
            .any(|c| listing::is_on_request_column(p, c.id) || named(&c.title))
        || p.public_documents().any(|d| named(&d.title));
    if has_channel {
        return vec![];
    }
    vec![Finding::new(
        "xxgk.yaml",
        0,
        "网站没有提供咨询、留言或依申请公开的渠道（互动回应）",
        "在 xxgk.yaml 的 联系方式 写明 联系电话 或 电子邮箱，并开设 依申请公开 栏目（content/ysqgk/）说明申请方式",
    )]
}

#[cfg(test)]
mod tests {
    use super::super::fixture::{self, column, doc};
    use super::*;

    fn news(n: usize, date: &str) -> Vec<(String, String)> {
        (0..n)
            .flat_map(|i| {
                [
                    (
                        format!("content/dt{i}/_index.md"),
                        column(&format!("工作动态{i}"), "其他信息"),
                    ),
                    (
                        format!("content/dt{i}/a.md"),
                        doc(
                            &format!("标题: 县政府召开第{i}次常务会议\n发布日期: {date}"),
                            "会议研究了稳岗就业工作。",
                        ),
                    ),
                ]
            })
            .collect()
    }

    fn load(files: &[(String, String)], today: &str) -> fixture::Fixture {
        let refs: Vec<(&str, &str)> = files
            .iter()
            .map(|(a, b)| (a.as_str(), b.as_str()))
            .collect();
        fixture::portal(&refs, today)
    }

    #[test]
    fn the_home_page_must_have_something_new_within_two_weeks() {
        let f = load(&news(1, "2026-11-09"), "2026-11-23");
        assert_eq!(
            f.findings(&HOME_NOT_UPDATED),
            [
                "content/dt0/a.md:0: 首页最近更新于2026年11月9日，至2026年11月23日已14天没有新信息，超过2周（单项否决）"
            ]
        );
        let f = load(&news(1, "2026-11-10"), "2026-11-23");
        assert!(f.findings(&HOME_NOT_UPDATED).is_empty());
        // A date after today is not an update the inspector can see.
        let f = load(&news(1, "2026-12-01"), "2026-11-23");
        assert_eq!(f.findings(&HOME_NOT_UPDATED).len(), 1);
    }

    #[test]
    fn five_stale_news_columns_fail_and_four_do_not() {
        let f = load(&news(4, "2026-10-01"), "2026-11-23");
        assert_eq!(f.findings(&COLUMN_NOT_UPDATED).len(), 4);
        assert_eq!(
            f.findings(&COLUMN_NOT_UPDATED)[0],
            "content/dt0/_index.md:1: 栏目“工作动态0”最近更新于2026年10月1日，动态要闻栏目应每2周更新（栏目不更新）"
        );
        assert!(f.findings(&COLUMNS_NOT_UPDATED).is_empty());
        let f = load(&news(5, "2026-10-01"), "2026-11-23");
        let veto = f.findings(&COLUMNS_NOT_UPDATED);
        assert_eq!(veto.len(), 1);
        assert!(veto[0].contains("共5个"), "{veto:?}");
    }

    #[test]
    fn declared_periods_count_towards_ten_and_irregular_columns_do_not() {
        let mut files = vec![];
        for i in 0..10 {
            files.push((
                format!("content/zl{i}/_index.md"),
                format!("---\n名称: 专题资料{i}\n更新周期: 1个月\n---\n"),
            ));
            files.push((
                format!("content/zl{i}/a.md"),
                doc("标题: 专题资料\n发布日期: 2026-09-01", "资料正文。"),
            ));
        }
        let f = load(&files, "2026-11-23");
        assert_eq!(f.findings(&COLUMN_NOT_UPDATED).len(), 10);
        assert!(f.findings(&COLUMNS_NOT_UPDATED)[0].contains("应更新而未更新的栏目共10个"));
        files[0].1 = "---\n名称: 专题资料0\n更新周期: 不定期\n---\n".into();
        let f = load(&files, "2026-11-23");
        assert!(f.findings(&COLUMNS_NOT_UPDATED).is_empty());
    }

    #[test]
    fn five_blank_columns_fail_but_the_on_request_column_is_never_blank() {
        let mut files: Vec<(String, String)> = (0..4)
            .map(|i| {
                (
                    format!("content/k{i}/_index.md"),
                    column(&format!("空栏目{i}"), "其他信息"),
                )
            })
            .collect();
        files.push((
            "content/ysqgk/_index.md".into(),
            column("依申请公开", "指南"),
        ));
        let f = load(&files, "2026-11-23");
        assert!(f.findings(&BLANK_COLUMNS).is_empty());
        files.push(("content/k4/_index.md".into(), column("空栏目4", "其他信息")));
        let f = load(&files, "2026-11-23");
        assert!(f.findings(&BLANK_COLUMNS)[0].contains("空白栏目共5个"));
    }

    #[test]
    fn a_portal_without_any_channel_for_questions_is_warned() {
        let f = load(&news(1, "2026-11-20"), "2026-11-23");
        assert_eq!(f.findings(&INTERACTION_CHANNEL).len(), 1);
        let mut files = news(1, "2026-11-20");
        files.push((
            "content/zxly/_index.md".into(),
            column("咨询留言", "其他信息"),
        ));
        let f = load(&files, "2026-11-23");
        assert!(f.findings(&INTERACTION_CHANNEL).is_empty());
    }

    #[test]
    fn the_verdict_names_each_veto() {
        let e = |rule| Diagnostic::error(rule, "content", 0, "x");
        assert_eq!(verdict(&[], true), "按《检查指标》单项否决项：通过");
        assert_eq!(
            verdict(
                &[Diagnostic::warning("column-not-updated", "c", 1, "x")],
                true
            ),
            "按《检查指标》单项否决项：通过"
        );
        assert_eq!(
            verdict(&[e("blank-columns"), e("home-not-updated")], true),
            "按《检查指标》单项否决项：不通过（首页不更新；空白栏目）"
        );
        assert_eq!(
            verdict(&[], false),
            "按《检查指标》单项否决项：不通过（站点无法生成）"
        );
    }
}
