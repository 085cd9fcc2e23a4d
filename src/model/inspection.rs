//! What the national inspection (《政府网站与政务新媒体检查指标》国办秘函〔2019〕19号)
//! expects of a column's updates: the class a column falls in, how often it must be
//! updated, and when it last was. Pure functions over the model; the rules that use
//! them are in `check::inspection`, the page metadata in `render::view`.

use crate::model::{ColumnId, Kind, Portal};
use chrono::{Months, NaiveDate};

/// The classes of column the 检查指标 names, with their update requirement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnClass {
    /// 动态、要闻: something new every 2 weeks.
    News,
    /// 通知公告: every 6 months.
    Notice,
    /// 政策文件: every 6 months.
    Policy,
    /// Everything else (指南, 制度, 年报 …): updated as the matter requires.
    Other,
}

impl ColumnClass {
    /// The class the inspection counts a column in: its own, unless a column above it
    /// has the same class — then it is counted through that column (a 政策文件 column
    /// is updated when any of its sub-columns is), not twice.
    pub fn counted(portal: &Portal, id: ColumnId) -> ColumnClass {
        let class = ColumnClass::of(portal, id);
        let mut up = portal.column(id).parent;
        while let Some(p) = up {
            if ColumnClass::of(portal, p) == class {
                return ColumnClass::Other;
            }
            up = portal.column(p).parent;
        }
        class
    }

    /// From the column's name first (what the inspector reads), then its 类型.
    pub fn of(portal: &Portal, id: ColumnId) -> ColumnClass {
        let c = portal.column(id);
        let t = c.title.as_str();
        let has = |words: &[&str]| words.iter().any(|w| t.contains(w));
        if has(&["动态", "要闻", "新闻"]) {
            ColumnClass::News
        } else if has(&["通知公告", "公告", "公示"]) {
            ColumnClass::Notice
        } else if has(&["解读"]) {
            ColumnClass::Other
        } else if has(&["政策文件", "规范性文件"])
            || matches!(c.kind, Some(Kind::Normative | Kind::Policy))
        {
            ColumnClass::Policy
        } else {
            ColumnClass::Other
        }
    }

    /// The `ColumnType` of the page metadata.
    pub fn zh(self) -> &'static str {
        match self {
            ColumnClass::News => "动态要闻",
            ColumnClass::Notice => "通知公告",
            ColumnClass::Policy => "政策文件",
            ColumnClass::Other => "信息公开",
        }
    }

    /// The 检查指标's requirement for the class.
    pub fn default_period(self) -> UpdatePeriod {
        match self {
            ColumnClass::News => UpdatePeriod::Days(14),
            ColumnClass::Notice | ColumnClass::Policy => UpdatePeriod::Months(6),
            ColumnClass::Other => UpdatePeriod::Irregular,
        }
    }
}

/// How often a column must have something new (`更新周期`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UpdatePeriod {
    Days(u32),
    Months(u32),
    /// 不定期: no requirement (the column is not counted as 应更新).
    Irregular,
}

/// Longest period accepted: a column updated less than once in 5 years is 不定期.
const MAX_DAYS: u32 = 5 * 366;

impl UpdatePeriod {
    /// `2周`, `14天`, `6个月`, `半年`, `1年`, `每季度`, `每月`, `不定期`; `None` otherwise.
    pub fn parse(text: &str) -> Option<UpdatePeriod> {
        use unicode_normalization::UnicodeNormalization;
        let t: String = text
            .nfkc()
            .filter(|c| !c.is_whitespace())
            .collect::<String>();
        let t = t.strip_prefix('每').unwrap_or(&t);
        match t {
            "不定期" | "按需" | "irregular" => return Some(UpdatePeriod::Irregular),
            "半年" => return Some(UpdatePeriod::Months(6)),
            "季度" | "季" => return Some(UpdatePeriod::Months(3)),
            _ => {}
        }
        let digits: String = t.chars().take_while(|c| c.is_ascii_digit()).collect();
        let unit = &t[digits.len()..];
        let n: u32 = if digits.is_empty() {
            1
        } else {
            digits.parse().ok()?
        };
        let period = match unit {
            "天" | "日" => UpdatePeriod::Days(n),
            "周" | "星期" => UpdatePeriod::Days(n.checked_mul(7)?),
            "月" | "个月" => UpdatePeriod::Months(n),
            "个季度" | "季度" => UpdatePeriod::Months(n.checked_mul(3)?),
            "年" => UpdatePeriod::Months(n.checked_mul(12)?),
            _ => return None,
        };
        let days = match period {
            UpdatePeriod::Days(d) => d,
            UpdatePeriod::Months(m) => m.saturating_mul(31),
            UpdatePeriod::Irregular => 0,
        };
        (n > 0 && days <= MAX_DAYS).then_some(period)
    }

    /// The earliest date an update may carry for the column to count as updated on `today`.
    pub fn since(self, today: NaiveDate) -> Option<NaiveDate> {
        match self {
            UpdatePeriod::Days(d) => today.checked_sub_days(chrono::Days::new(d.into())),
            UpdatePeriod::Months(m) => today.checked_sub_months(Months::new(m)),
            UpdatePeriod::Irregular => None,
        }
    }

    pub fn zh(self) -> String {
        match self {
            UpdatePeriod::Days(d) if d % 7 == 0 => format!("{}周", d / 7),
            UpdatePeriod::Days(d) => format!("{d}天"),
            UpdatePeriod::Months(m) if m % 12 == 0 => format!("{}年", m / 12),
            UpdatePeriod::Months(m) => format!("{m}个月"),
            UpdatePeriod::Irregular => "不定期".into(),
        }
    }
}

/// A column's requirement: its `更新周期`, or the default of the class it is counted in.
pub fn period_of(portal: &Portal, id: ColumnId) -> UpdatePeriod {
    portal
        .column(id)
        .update_period
        .unwrap_or_else(|| ColumnClass::counted(portal, id).default_period())
}

/// The newest publication date of what a column lists (its own documents and those
/// below it, public only), not later than `today`: a date in the future is not an
/// update the inspector can see.
pub fn last_update(portal: &Portal, id: ColumnId) -> Option<NaiveDate> {
    portal
        .public_documents()
        .filter(|d| portal.column_within(d.column, id) && d.date <= portal.today)
        .map(|d| d.date)
        .max()
}

/// The newest publication date of anything public: what the home page shows first.
pub fn home_last_update(portal: &Portal) -> Option<NaiveDate> {
    portal
        .public_documents()
        .filter(|d| d.date <= portal.today)
        .map(|d| d.date)
        .max()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_read_as_editors_write_them() {
        assert_eq!(UpdatePeriod::parse("2周"), Some(UpdatePeriod::Days(14)));
        assert_eq!(UpdatePeriod::parse("14天"), Some(UpdatePeriod::Days(14)));
        assert_eq!(UpdatePeriod::parse("６个月"), Some(UpdatePeriod::Months(6)));
        assert_eq!(UpdatePeriod::parse("半年"), Some(UpdatePeriod::Months(6)));
        assert_eq!(UpdatePeriod::parse("每月"), Some(UpdatePeriod::Months(1)));
        assert_eq!(UpdatePeriod::parse("每季度"), Some(UpdatePeriod::Months(3)));
        assert_eq!(UpdatePeriod::parse("1年"), Some(UpdatePeriod::Months(12)));
        assert_eq!(UpdatePeriod::parse("不定期"), Some(UpdatePeriod::Irregular));
        for bad in [
            "",
            "经常",
            "0天",
            "2",
            "99999999999周",
            "4294967295周",
            "10年",
        ] {
            assert_eq!(UpdatePeriod::parse(bad), None, "{bad}");
        }
        assert_eq!(UpdatePeriod::Days(14).zh(), "2周");
        assert_eq!(UpdatePeriod::Months(6).zh(), "6个月");
    }

    #[test]
    fn since_counts_back_from_today() {
        let d = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(
            UpdatePeriod::Days(14).since(d("2026-11-23")),
            Some(d("2026-11-09"))
        );
        assert_eq!(
            UpdatePeriod::Months(6).since(d("2026-08-31")),
            Some(d("2026-02-28"))
        );
        assert_eq!(UpdatePeriod::Irregular.since(d("2026-11-23")), None);
    }
}
