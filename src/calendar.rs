//! 工作日 — the working-day calendar behind the deadline rules
//! (政策解读 within 3 working days, publication within 20 working days of
//! 成文日期, 意见反馈 within 10 working days).
//!
//! A working day is Monday to Friday, except the days off (放假) of the State
//! Council holiday arrangements, plus the weekend days they turn into working
//! days (调休上班). The built-in table holds every arrangement from 2019 to
//! 2026; later years (or local corrections) come from the `holidays` /
//! `节假日` key of `xxgk.yaml`, which wins over the table. Outside the years
//! covered, only weekends are skipped and [`Calendar::coverage_gap`] says so.
//!
//! Counting convention: a deadline of "N working days" runs from the day
//! after the start date. [`Calendar::working_days_between`]`(doc, interp)`
//! counts the working days in `(doc, interp]`, so an interpretation published
//! the same day as its document is 0 days late, one published the next
//! working day is 1, and "within 3 working days" means `<= 3`.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::ops::Bound::{Excluded, Included};
use std::str::FromStr;

use chrono::{Datelike, Days, NaiveDate, Weekday};
use serde::Deserialize;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

mod config_dates;
pub use config_dates::*;

/// First and last year of the built-in State Council table.
pub const FIRST_YEAR: i32 = 2019;
pub const LAST_YEAR: i32 = 2026;

/// Longest range accepted in an override. The longest national block is
/// 10 days (2020 春节 after its extension); anything much longer is a typo
/// such as 2027 → 2072 that would silently wipe out years of working days.
pub const MAX_RANGE_DAYS: i64 = 60;

const FORMAT_HINT: &str = "write dates as 2027-01-01, 2027/1/1 or 2027年1月1日, \
     and ranges as 2027-02-06..2027-02-13 or 2027年2月6日至13日";

/// One holiday of a notice: name, first and last day off (yyyymmdd, inclusive,
/// including the weekend days inside the block), and the weekend days worked
/// in exchange (调休上班).
type Holiday = (&'static str, u32, u32, &'static [u32]);

struct Arrangement {
    year: i32,
    holidays: &'static [Holiday],
}

/// The State Council arrangements, transcribed from each year's notice.
/// Blocks announced as "与周末连休" include the adjoining weekend.
#[allow(
    clippy::inconsistent_digit_grouping,
    reason = "yyyy_mm_dd literals read as dates"
)]
const TABLE: &[Arrangement] = &[
    // 国务院办公厅关于2019年部分节假日安排的通知（2018年12月6日）;
    // 劳动节 as changed by 国务院办公厅关于调整2019年劳动节假期安排的通知（2019年3月22日）.
    Arrangement {
        year: 2019,
        holidays: &[
            ("元旦", 2018_12_30, 2019_01_01, &[2018_12_29]),
            ("春节", 2019_02_04, 2019_02_10, &[2019_02_02, 2019_02_03]),
            ("清明节", 2019_04_05, 2019_04_07, &[]),
            ("劳动节", 2019_05_01, 2019_05_04, &[2019_04_28, 2019_05_05]),
            ("端午节", 2019_06_07, 2019_06_09, &[]),
            ("中秋节", 2019_09_13, 2019_09_15, &[]),
            ("国庆节", 2019_10_01, 2019_10_07, &[2019_09_29, 2019_10_12]),
        ],
    },
    // 国务院办公厅关于2020年部分节假日安排的通知（2019年11月21日）;
    // 春节 as extended to 2月2日 by 国务院办公厅关于延长2020年春节假期的通知
    // （2020年1月27日）, which also cancelled the 2月1日（星期六）working day.
    Arrangement {
        year: 2020,
        holidays: &[
            ("元旦", 2020_01_01, 2020_01_01, &[]),
            ("春节", 2020_01_24, 2020_02_02, &[2020_01_19]),
            ("清明节", 2020_04_04, 2020_04_06, &[]),
            ("劳动节", 2020_05_01, 2020_05_05, &[2020_04_26, 2020_05_09]),
            ("端午节", 2020_06_25, 2020_06_27, &[2020_06_28]),
            (
                "国庆节、中秋节",
                2020_10_01,
                2020_10_08,
                &[2020_09_27, 2020_10_10],
            ),
        ],
    },
    // 国务院办公厅关于2021年部分节假日安排的通知（2020年11月25日）.
    Arrangement {
        year: 2021,
        holidays: &[
            ("元旦", 2021_01_01, 2021_01_03, &[]),
            ("春节", 2021_02_11, 2021_02_17, &[2021_02_07, 2021_02_20]),
            ("清明节", 2021_04_03, 2021_04_05, &[]),
            ("劳动节", 2021_05_01, 2021_05_05, &[2021_04_25, 2021_05_08]),
            ("端午节", 2021_06_12, 2021_06_14, &[]),
            ("中秋节", 2021_09_19, 2021_09_21, &[2021_09_18]),
            ("国庆节", 2021_10_01, 2021_10_07, &[2021_09_26, 2021_10_09]),
        ],
    },
    // 国务院办公厅关于2022年部分节假日安排的通知（2021年10月25日）.
    Arrangement {
        year: 2022,
        holidays: &[
            ("元旦", 2022_01_01, 2022_01_03, &[]),
            ("春节", 2022_01_31, 2022_02_06, &[2022_01_29, 2022_01_30]),
            ("清明节", 2022_04_03, 2022_04_05, &[2022_04_02]),
            ("劳动节", 2022_04_30, 2022_05_04, &[2022_04_24, 2022_05_07]),
            ("端午节", 2022_06_03, 2022_06_05, &[]),
            ("中秋节", 2022_09_10, 2022_09_12, &[]),
            ("国庆节", 2022_10_01, 2022_10_07, &[2022_10_08, 2022_10_09]),
        ],
    },
    // 国务院办公厅关于2023年部分节假日安排的通知（2022年12月8日）.
    Arrangement {
        year: 2023,
        holidays: &[
            ("元旦", 2022_12_31, 2023_01_02, &[]),
            ("春节", 2023_01_21, 2023_01_27, &[2023_01_28, 2023_01_29]),
            ("清明节", 2023_04_05, 2023_04_05, &[]),
            ("劳动节", 2023_04_29, 2023_05_03, &[2023_04_23, 2023_05_06]),
            ("端午节", 2023_06_22, 2023_06_24, &[2023_06_25]),
            (
                "中秋节、国庆节",
                2023_09_29,
                2023_10_06,
                &[2023_10_07, 2023_10_08],
            ),
        ],
    },
    // 国务院办公厅关于2024年部分节假日安排的通知（2023年10月25日）.
    // 除夕 2月9日 is only "encouraged" as a day off: it stays a working day.
    Arrangement {
        year: 2024,
        holidays: &[
            ("元旦", 2023_12_30, 2024_01_01, &[]),
            ("春节", 2024_02_10, 2024_02_17, &[2024_02_04, 2024_02_18]),
            ("清明节", 2024_04_04, 2024_04_06, &[2024_04_07]),
            ("劳动节", 2024_05_01, 2024_05_05, &[2024_04_28, 2024_05_11]),
            ("端午节", 2024_06_08, 2024_06_10, &[]),
            ("中秋节", 2024_09_15, 2024_09_17, &[2024_09_14]),
            ("国庆节", 2024_10_01, 2024_10_07, &[2024_09_29, 2024_10_12]),
        ],
    },
    // 国务院办公厅关于2025年部分节假日安排的通知（2024年11月12日）, the first
    // under the revised 全国年节及纪念日放假办法 (除夕 and 5月2日 became holidays).
    Arrangement {
        year: 2025,
        holidays: &[
            ("元旦", 2025_01_01, 2025_01_01, &[]),
            ("春节", 2025_01_28, 2025_02_04, &[2025_01_26, 2025_02_08]),
            ("清明节", 2025_04_04, 2025_04_06, &[]),
            ("劳动节", 2025_05_01, 2025_05_05, &[2025_04_27]),
            ("端午节", 2025_05_31, 2025_06_02, &[]),
            (
                "国庆节、中秋节",
                2025_10_01,
                2025_10_08,
                &[2025_09_28, 2025_10_11],
            ),
        ],
    },
    // 国务院办公厅关于2026年部分节假日安排的通知（2025年11月4日）.
    Arrangement {
        year: 2026,
        holidays: &[
            ("元旦", 2026_01_01, 2026_01_03, &[2026_01_04]),
            ("春节", 2026_02_15, 2026_02_23, &[2026_02_14, 2026_02_28]),
            ("清明节", 2026_04_04, 2026_04_06, &[]),
            ("劳动节", 2026_05_01, 2026_05_05, &[2026_05_09]),
            ("端午节", 2026_06_19, 2026_06_21, &[]),
            ("中秋节", 2026_09_25, 2026_09_27, &[]),
            ("国庆节", 2026_10_01, 2026_10_07, &[2026_09_20, 2026_10_10]),
        ],
    },
];

fn ymd(packed: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt((packed / 10_000) as i32, packed / 100 % 100, packed % 100)
}

fn is_weekend(date: NaiveDate) -> bool {
    matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

/// Weekdays from a fixed Monday up to and including `date`; differences give
/// weekday counts over any span without walking it.
fn weekdays_through(date: NaiveDate) -> i64 {
    let day = i64::from(date.num_days_from_ce());
    let wd = i64::from(date.weekday().num_days_from_monday());
    (day - wd).div_euclid(7) * 5 + (wd + 1).min(5)
}

/// The n-th Monday-to-Friday after `date`, ignoring holidays.
fn weekdays_after(date: NaiveDate, n: u32) -> Option<NaiveDate> {
    // From a weekend, counting starts as if from the Friday before.
    let back = match date.weekday() {
        Weekday::Sat => 1,
        Weekday::Sun => 2,
        _ => 0,
    };
    let base = date.checked_sub_days(Days::new(back))?;
    let wd = u64::from(base.weekday().num_days_from_monday());
    let total = wd + u64::from(n);
    base.checked_add_days(Days::new(total / 5 * 7 + total % 5 - wd))
}

/// What kind of day a date is, for messages such as "国庆节 not counted".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayKind {
    Workday,
    Weekend,
    /// A day off; `name` is the holiday from the built-in table, `None` for
    /// days added in `xxgk.yaml`.
    Holiday {
        name: Option<&'static str>,
    },
    /// A Saturday or Sunday worked in exchange for a holiday (调休上班).
    AdjustedWorkday,
}

/// The working-day calendar: built-in table plus configured overrides.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Calendar {
    /// Days off, with the holiday name when known. Disjoint from `work`.
    off: BTreeMap<NaiveDate, Option<&'static str>>,
    work: BTreeSet<NaiveDate>,
    /// Years that have at least one configured override date.
    configured_years: BTreeSet<i32>,
}

impl Default for Calendar {
    fn default() -> Self {
        Self::builtin()
    }
}

impl Calendar {
    /// The State Council table for 2019–2026, no overrides.
    pub fn builtin() -> Self {
        let mut off = BTreeMap::new();
        let mut work = BTreeSet::new();
        for arrangement in TABLE {
            for &(name, first, last, worked) in arrangement.holidays {
                if let (Some(first), Some(last)) = (ymd(first), ymd(last)) {
                    for day in first.iter_days().take_while(|d| *d <= last) {
                        off.insert(day, Some(name));
                    }
                }
                work.extend(worked.iter().filter_map(|&d| ymd(d)));
            }
        }
        Calendar {
            off,
            work,
            configured_years: BTreeSet::new(),
        }
    }

    /// The calendar with `overrides` applied; a configured date replaces
    /// whatever the table says about that day.
    pub fn with_overrides(mut self, overrides: &HolidayOverrides) -> Self {
        for day in overrides.off.iter().flat_map(DateSpan::days) {
            self.work.remove(&day);
            self.off.entry(day).or_insert(None);
            self.configured_years.insert(day.year());
        }
        for day in overrides.workdays.iter().flat_map(DateSpan::days) {
            self.off.remove(&day);
            self.work.insert(day);
            self.configured_years.insert(day.year());
        }
        self
    }

    pub fn day_kind(&self, date: NaiveDate) -> DayKind {
        if let Some(name) = self.off.get(&date) {
            DayKind::Holiday { name: *name }
        } else if self.work.contains(&date) {
            if is_weekend(date) {
                DayKind::AdjustedWorkday
            } else {
                DayKind::Workday
            }
        } else if is_weekend(date) {
            DayKind::Weekend
        } else {
            DayKind::Workday
        }
    }

    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        matches!(
            self.day_kind(date),
            DayKind::Workday | DayKind::AdjustedWorkday
        )
    }

    /// The n-th working day after `date` (`date` itself when n is 0), i.e.
    /// the last day that still meets an "n working days" deadline. `None`
    /// only when the result lies beyond the dates chrono can represent.
    pub fn add_working_days(&self, date: NaiveDate, n: u32) -> Option<NaiveDate> {
        let horizon = self.last_special_day();
        let mut day = date;
        let mut left = n;
        while left > 0 && horizon.is_some_and(|h| day < h) {
            day = day.succ_opt()?;
            if self.is_working_day(day) {
                left -= 1;
            }
        }
        if left == 0 {
            return Some(day);
        }
        // Past the last listed day only weekends matter: jump, don't walk.
        weekdays_after(day, left)
    }

    /// Working days after `from` up to and including `to` — the lateness of
    /// something due on `from` and done on `to`. Same day → 0, next working
    /// day → 1; negative (mirrored) when `to` is before `from`.
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> i64 {
        if to < from {
            return -self.working_days_between(to, from);
        }
        let span = (Excluded(from), Included(to));
        let weekdays = weekdays_through(to) - weekdays_through(from);
        let holidays_on_weekdays = self
            .off
            .range(span)
            .filter(|(d, _)| !is_weekend(**d))
            .count();
        let worked_weekends = self.work.range(span).filter(|d| is_weekend(**d)).count();
        weekdays - holidays_on_weekdays as i64 + worked_weekends as i64
    }

    /// Whether `year` has holiday data (built in or configured); otherwise
    /// only weekends are skipped for it.
    pub fn covers(&self, year: i32) -> bool {
        TABLE.iter().any(|a| a.year == year) || self.configured_years.contains(&year)
    }

    /// The years without holiday data among the days that
    /// [`working_days_between`](Self::working_days_between)`(from, to)` counts,
    /// for a warning that the count ignored holidays there.
    pub fn coverage_gap(&self, from: NaiveDate, to: NaiveDate) -> Option<CoverageGap> {
        let (lo, hi) = if from <= to { (from, to) } else { (to, from) };
        let first = lo.succ_opt()?;
        if first > hi {
            return None;
        }
        let years: Vec<i32> = (first.year()..=hi.year())
            .filter(|y| !self.covers(*y))
            .collect();
        (!years.is_empty()).then_some(CoverageGap { years })
    }

    fn last_special_day(&self) -> Option<NaiveDate> {
        let off = self.off.last_key_value().map(|(d, _)| *d);
        let work = self.work.last().copied();
        off.max(work)
    }
}

/// Years a count ran through without holiday data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoverageGap {
    pub years: Vec<i32>,
}

impl CoverageGap {
    pub fn hint(&self) -> String {
        let first = self.years.first().copied().unwrap_or(LAST_YEAR + 1);
        format!(
            "add {first}'s 放假 and 调休 dates from the State Council notice under \
             `holidays:` in xxgk.yaml, e.g. 放假: [\"{first}-01-01\"]"
        )
    }
}

impl fmt::Display for CoverageGap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut runs: Vec<String> = Vec::new();
        let mut i = 0;
        while i < self.years.len() {
            let start = self.years[i];
            let mut end = start;
            while i + 1 < self.years.len() && self.years[i + 1] == end + 1 {
                i += 1;
                end += 1;
            }
            runs.push(if start == end {
                start.to_string()
            } else {
                format!("{start}–{end}")
            });
            i += 1;
        }
        write!(
            f,
            "no holiday table for {}: working days there skip weekends only \
             (built in: {FIRST_YEAR}–{LAST_YEAR})",
            runs.join(", ")
        )
    }
}

/// A malformed holiday date, with what to do about it. The caller adds
/// `file:line`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarError {
    pub message: String,
    pub hint: String,
}

impl CalendarError {
    fn new(message: impl Into<String>, hint: impl Into<String>) -> Self {
        CalendarError {
            message: message.into(),
            hint: hint.into(),
        }
    }
}

impl fmt::Display for CalendarError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (hint: {})", self.message, self.hint)
    }
}

impl std::error::Error for CalendarError {}

/// 2027年2月6日
fn chinese(date: NaiveDate) -> String {
    format!("{}年{}月{}日", date.year(), date.month(), date.day())
}

fn weekday_name(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "星期一",
        Weekday::Tue => "星期二",
        Weekday::Wed => "星期三",
        Weekday::Thu => "星期四",
        Weekday::Fri => "星期五",
        Weekday::Sat => "星期六",
        Weekday::Sun => "星期日",
    }
}

/// NFKC for the characters dates use: full-width digits and punctuation,
/// ideographic space.
fn fold_width(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            _ => c,
        })
        .collect()
}

#[cfg(test)]
mod tests;
