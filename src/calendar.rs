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

/// A day or an inclusive range of days from the config.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateSpan {
    start: NaiveDate,
    end: NaiveDate,
}

impl DateSpan {
    pub fn start(&self) -> NaiveDate {
        self.start
    }

    pub fn end(&self) -> NaiveDate {
        self.end
    }

    pub fn days(&self) -> impl Iterator<Item = NaiveDate> + use<> {
        let end = self.end;
        self.start.iter_days().take_while(move |d| *d <= end)
    }
}

impl fmt::Display for DateSpan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.start == self.end {
            f.write_str(&chinese(self.start))
        } else {
            write!(f, "{}至{}", chinese(self.start), chinese(self.end))
        }
    }
}

impl FromStr for DateSpan {
    type Err = CalendarError;

    /// `2027-02-06`, `2027/2/6`, `2027年2月6日`, full-width digits, an
    /// optional weekday note as in the notices (`2月14日（周六）`, checked),
    /// and ranges joined by `..`, `至`, `到`, `~` or `—` whose end may leave
    /// out the year and month (`2027年2月6日至13日`).
    fn from_str(input: &str) -> Result<Self, Self::Err> {
        let folded = fold_width(input.trim()).replace("——", "..");
        let joined = ["至", "到", "~", "—", "–"]
            .iter()
            .fold(folded, |s, sep| s.replace(sep, ".."));
        let Some((first, second)) = joined.split_once("..") else {
            let day = date_from_parts(input, &joined, None)?;
            return Ok(DateSpan {
                start: day,
                end: day,
            });
        };
        if second.contains("..") {
            return Err(CalendarError::new(
                format!("\"{input}\" has more than one range separator"),
                FORMAT_HINT,
            ));
        }
        let start = date_from_parts(input, first, None)?;
        let end = date_from_parts(input, second, Some(start))?;
        if end < start {
            return Err(CalendarError::new(
                format!(
                    "\"{input}\": the range ends ({}) before it starts ({})",
                    chinese(end),
                    chinese(start)
                ),
                "give the end date its own year when a range crosses New Year, \
                 e.g. 2027-12-31..2028-01-02",
            ));
        }
        let length = (end - start).num_days() + 1;
        if length > MAX_RANGE_DAYS {
            return Err(CalendarError::new(
                format!(
                    "\"{input}\" spans {length} days; a holiday block is at most \
                     {MAX_RANGE_DAYS} days"
                ),
                "check the years and months of both ends",
            ));
        }
        Ok(DateSpan { start, end })
    }
}

/// Parses one date, e.g. a 发布日期 or 成文日期 value: `2023-03-20`,
/// `2023/3/20` or `2023年3月20日` (full-width digits and a trailing weekday
/// note allowed).
pub fn parse_date(input: &str) -> Result<NaiveDate, CalendarError> {
    date_from_parts(input, &fold_width(input.trim()), None)
}

/// Weekday named in a note such as `星期六`, `周六` or `农历腊月二十八、周日`.
fn noted_weekday(note: &str) -> Option<Weekday> {
    for marker in ["星期", "礼拜", "周"] {
        let mut rest = note;
        while let Some(at) = rest.find(marker) {
            rest = &rest[at + marker.len()..];
            let day = match rest.chars().next() {
                Some('一') => Weekday::Mon,
                Some('二') => Weekday::Tue,
                Some('三') => Weekday::Wed,
                Some('四') => Weekday::Thu,
                Some('五') => Weekday::Fri,
                Some('六') => Weekday::Sat,
                Some('日' | '天') => Weekday::Sun,
                _ => continue,
            };
            return Some(day);
        }
    }
    None
}

/// One side of a span, already width-folded. `base` is the range start,
/// which lends its year and month to an abbreviated end.
fn date_from_parts(
    input: &str,
    text: &str,
    base: Option<NaiveDate>,
) -> Result<NaiveDate, CalendarError> {
    // Split off a "(星期六)" note, kept to check it against the real weekday.
    let (body, note) = match text.find('(') {
        Some(open) => {
            let close = text[open..].find(')').map(|c| open + c);
            let Some(close) = close.filter(|c| text[c + 1..].trim().is_empty()) else {
                return Err(CalendarError::new(
                    format!("\"{input}\" is not a date"),
                    FORMAT_HINT,
                ));
            };
            (&text[..open], Some(&text[open + 1..close]))
        }
        None => (text, None),
    };
    let body: String = body.chars().filter(|c| !c.is_whitespace()).collect();
    if body.is_empty() {
        return Err(CalendarError::new(
            format!("\"{input}\": a date is missing"),
            FORMAT_HINT,
        ));
    }
    let not_a_date = || CalendarError::new(format!("\"{input}\" is not a date"), FORMAT_HINT);

    let fields: Vec<&str> = if body.contains(['年', '月', '日', '号']) {
        let trimmed = body.trim_end_matches(['日', '号']);
        let mut fields = Vec::new();
        let mut rest = trimmed;
        let year_part = rest.split_once('年');
        if let Some((year, after)) = year_part {
            fields.push(year);
            rest = after;
        }
        if let Some((month, after)) = rest.split_once('月') {
            fields.push(month);
            rest = after;
        } else if year_part.is_some() {
            return Err(not_a_date());
        }
        fields.push(rest);
        fields
    } else {
        body.split(['-', '/', '.']).collect()
    };
    if fields.len() > 3
        || fields
            .iter()
            .any(|f| f.is_empty() || f.len() > 4 || !f.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err(not_a_date());
    }
    let number = |f: &str| f.parse::<u32>().map_err(|_| not_a_date());
    let (year, month, day) = match (fields.as_slice(), base) {
        ([y, m, d], _) => {
            if y.len() != 4 {
                return Err(CalendarError::new(
                    format!("\"{input}\": write the year with 4 digits"),
                    FORMAT_HINT,
                ));
            }
            (number(y)? as i32, number(m)?, number(d)?)
        }
        ([m, d], Some(base)) => (base.year(), number(m)?, number(d)?),
        ([d], Some(base)) => (base.year(), base.month(), number(d)?),
        _ => {
            return Err(CalendarError::new(
                format!("\"{input}\" has no year"),
                FORMAT_HINT,
            ));
        }
    };
    if !(1..=12).contains(&month) {
        return Err(CalendarError::new(
            format!("\"{input}\": there is no month {month}"),
            FORMAT_HINT,
        ));
    }
    let Some(date) = NaiveDate::from_ymd_opt(year, month, day) else {
        return Err(CalendarError::new(
            format!("\"{input}\": {year}年{month}月 has no day {day}"),
            "check the day against a calendar",
        ));
    };
    if let Some(noted) = note.and_then(noted_weekday)
        && noted != date.weekday()
    {
        return Err(CalendarError::new(
            format!(
                "\"{input}\": {} is a {}, not a {} as written",
                chinese(date),
                weekday_name(date.weekday()),
                weekday_name(noted)
            ),
            "one of the date and the weekday is mistyped; copy both from the notice",
        ));
    }
    Ok(date)
}

impl<'de> Deserialize<'de> for DateSpan {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(SpanVisitor)
    }
}

struct SpanVisitor;

impl Visitor<'_> for SpanVisitor {
    type Value = DateSpan;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a date such as 2027-01-01 or a range such as 2027-02-06..2027-02-13")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<DateSpan, E> {
        v.parse().map_err(E::custom)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<DateSpan, E> {
        Err(E::custom(number_error(&v.to_string())))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<DateSpan, E> {
        Err(E::custom(number_error(&v.to_string())))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<DateSpan, E> {
        Err(E::custom(number_error(&v.to_string())))
    }
}

fn number_error(v: &str) -> CalendarError {
    CalendarError::new(format!("{v} is a number, not a date"), FORMAT_HINT)
}

/// The two lists of an override section.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ListKind {
    Off,
    Work,
}

const OVERRIDE_KEYS: &[&str] = &["放假", "off", "调休", "workdays", "上班", "补班"];

fn clash_error(day: NaiveDate) -> CalendarError {
    CalendarError::new(
        format!("{} is listed under both 放假 and 调休", chinese(day)),
        "keep the day in one list: 放假 for a day off, 调休 for a weekend day worked",
    )
}

/// Reads one list — a YAML sequence, or one string with several dates
/// separated by `,` `、` or `;` as pasted from a notice — and rejects a day
/// already in the other list, so the error points at the offending entry.
struct ListSeed<'a> {
    other: &'a BTreeSet<NaiveDate>,
}

impl ListSeed<'_> {
    fn accept<E: de::Error>(&self, spans: &mut Vec<DateSpan>, span: DateSpan) -> Result<(), E> {
        if let Some(clash) = span.days().find(|d| self.other.contains(d)) {
            return Err(E::custom(clash_error(clash)));
        }
        spans.push(span);
        Ok(())
    }
}

impl<'de> DeserializeSeed<'de> for ListSeed<'_> {
    type Value = Vec<DateSpan>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ListSeed<'_> {
    type Value = Vec<DateSpan>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list of dates or ranges, e.g. [2027-01-01, 2027-02-06..2027-02-13]")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Vec::new())
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Vec::new())
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        // Split outside parentheses only: "（农历腊月二十八、周日）" is one note.
        let mut pieces = Vec::new();
        let mut depth = 0usize;
        let mut start = 0;
        for (at, c) in v.char_indices() {
            match c {
                '(' | '（' => depth += 1,
                ')' | '）' => depth = depth.saturating_sub(1),
                ',' | '，' | '、' | ';' | '；' if depth == 0 => {
                    pieces.push(&v[start..at]);
                    start = at + c.len_utf8();
                }
                _ => {}
            }
        }
        pieces.push(&v[start..]);
        let mut spans = Vec::new();
        for piece in pieces.into_iter().filter(|p| !p.trim().is_empty()) {
            let span = piece.trim().parse().map_err(E::custom)?;
            self.accept(&mut spans, span)?;
        }
        Ok(spans)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Err(E::custom(number_error(&v.to_string())))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Err(E::custom(number_error(&v.to_string())))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Err(E::custom(number_error(&v.to_string())))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut spans = Vec::new();
        while let Some(span) = seq.next_element::<DateSpan>()? {
            self.accept(&mut spans, span)?;
        }
        Ok(spans)
    }
}

/// The `holidays` / `节假日` section of `xxgk.yaml`:
///
/// ```yaml
/// 节假日:
///   放假: [2027-01-01, "2027-02-06..2027-02-13", 2027年4月5日]
///   调休: [2027-02-14, "2027年2月20日（星期六）"]
/// ```
///
/// English keys `off` and `workdays` work too (`上班` and `补班` are accepted
/// for `调休`). Each entry is a date or a range; a list may also be one string
/// such as `2027年2月6日至13日、2027年4月5日`. A day may not be in both lists.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HolidayOverrides {
    off: Vec<DateSpan>,
    workdays: Vec<DateSpan>,
}

impl HolidayOverrides {
    /// Days off and working days; fails when a day is in both.
    pub fn new(off: Vec<DateSpan>, workdays: Vec<DateSpan>) -> Result<Self, CalendarError> {
        let off_days: BTreeSet<NaiveDate> = off.iter().flat_map(DateSpan::days).collect();
        match workdays
            .iter()
            .flat_map(DateSpan::days)
            .find(|d| off_days.contains(d))
        {
            Some(clash) => Err(clash_error(clash)),
            None => Ok(HolidayOverrides { off, workdays }),
        }
    }

    pub fn off(&self) -> &[DateSpan] {
        &self.off
    }

    pub fn workdays(&self) -> &[DateSpan] {
        &self.workdays
    }

    pub fn is_empty(&self) -> bool {
        self.off.is_empty() && self.workdays.is_empty()
    }
}

impl<'de> Deserialize<'de> for HolidayOverrides {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(OverridesVisitor)
    }
}

struct OverridesVisitor;

impl<'de> Visitor<'de> for OverridesVisitor {
    type Value = HolidayOverrides;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("放假 and 调休 lists, e.g. { 放假: [2027-01-01], 调休: [2027-02-14] }")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(HolidayOverrides::default())
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(HolidayOverrides::default())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut off: Option<Vec<DateSpan>> = None;
        let mut work: Option<Vec<DateSpan>> = None;
        while let Some(key) = map.next_key::<String>()? {
            let kind = match key.as_str() {
                "放假" | "off" => ListKind::Off,
                "调休" | "workdays" | "上班" | "补班" => ListKind::Work,
                other => return Err(de::Error::unknown_field(other, OVERRIDE_KEYS)),
            };
            let (slot, other) = match kind {
                ListKind::Off => (&mut off, &work),
                ListKind::Work => (&mut work, &off),
            };
            if slot.is_some() {
                return Err(de::Error::custom(format!(
                    "`{key}` repeats a list already given; merge the two lists"
                )));
            }
            let other_days: BTreeSet<NaiveDate> =
                other.iter().flatten().flat_map(DateSpan::days).collect();
            *slot = Some(map.next_value_seed(ListSeed { other: &other_days })?);
        }
        Ok(HolidayOverrides {
            off: off.unwrap_or_default(),
            workdays: work.unwrap_or_default(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    /// Day-by-day reference for the arithmetic in `working_days_between`.
    fn walk_count(cal: &Calendar, from: NaiveDate, to: NaiveDate) -> i64 {
        from.iter_days()
            .skip(1)
            .take_while(|x| *x <= to)
            .filter(|x| cal.is_working_day(*x))
            .count() as i64
    }

    #[derive(Deserialize)]
    struct Config {
        #[serde(default, alias = "节假日")]
        holidays: HolidayOverrides,
    }

    fn from_yaml(text: &str) -> Result<Calendar, String> {
        let config: Config = serde_yaml::from_str(text).map_err(|e| e.to_string())?;
        Ok(Calendar::builtin().with_overrides(&config.holidays))
    }

    #[test]
    fn table_matches_the_day_counts_of_each_notice() {
        // (first day, 共N天) as stated in the notices; 与周末连休 blocks count
        // the weekend.
        let stated = [
            (2019, [3, 7, 3, 4, 3, 3, 7].as_slice()),
            (2020, &[1, 10, 3, 5, 3, 8]),
            (2021, &[3, 7, 3, 5, 3, 3, 7]),
            (2022, &[3, 7, 3, 5, 3, 3, 7]),
            (2023, &[3, 7, 1, 5, 3, 8]),
            (2024, &[3, 8, 3, 5, 3, 3, 7]),
            (2025, &[1, 8, 3, 5, 3, 8]),
            (2026, &[3, 9, 3, 5, 3, 3, 7]),
        ];
        assert_eq!(TABLE.len(), stated.len());
        assert_eq!(TABLE.first().map(|a| a.year), Some(FIRST_YEAR));
        assert_eq!(TABLE.last().map(|a| a.year), Some(LAST_YEAR));
        for (arrangement, (year, counts)) in TABLE.iter().zip(stated) {
            assert_eq!(arrangement.year, year);
            let lengths: Vec<i64> = arrangement
                .holidays
                .iter()
                .map(|&(_, a, b, _)| (ymd(b).unwrap() - ymd(a).unwrap()).num_days() + 1)
                .collect();
            assert_eq!(lengths, counts, "{year}");
            for &(name, a, b, worked) in arrangement.holidays {
                for w in worked {
                    let w = ymd(*w).unwrap();
                    assert!(is_weekend(w), "{year} {name}: {w} is not a weekend day");
                    assert!(w < ymd(a).unwrap() || w > ymd(b).unwrap());
                }
            }
        }
        let cal = Calendar::builtin();
        assert!(cal.off.keys().all(|day| !cal.work.contains(day)));
    }

    #[test]
    fn document_before_national_day_with_interpretation_after_it() {
        let cal = Calendar::builtin();
        // Monday 30 September, then 国庆 1–7 October: 8 October is the first
        // working day after the document.
        assert_eq!(
            cal.working_days_between(d("2024-09-30"), d("2024-10-08")),
            1
        );
        assert_eq!(
            cal.add_working_days(d("2024-09-30"), 3),
            Some(d("2024-10-10"))
        );
        assert_eq!(
            cal.day_kind(d("2024-10-03")),
            DayKind::Holiday {
                name: Some("国庆节")
            }
        );
        // Published 11 October: 4 working days late under "within 3".
        assert_eq!(
            cal.working_days_between(d("2024-09-30"), d("2024-10-11")),
            4
        );
    }

    #[test]
    fn adjusted_saturdays_and_sundays_are_working_days() {
        let cal = Calendar::builtin();
        assert!(cal.is_working_day(d("2024-10-12")));
        assert_eq!(cal.day_kind(d("2024-10-12")), DayKind::AdjustedWorkday);
        assert!(!cal.is_working_day(d("2024-10-13")));
        assert!(cal.is_working_day(d("2024-09-29")));
        assert!(cal.is_working_day(d("2026-02-14")));
        assert!(cal.is_working_day(d("2026-02-28")));
        assert!(cal.is_working_day(d("2026-01-04")));
        // Counting into the 调休 Saturday: 10-08..10-11 then 10-12.
        assert_eq!(
            cal.add_working_days(d("2024-09-30"), 5),
            Some(d("2024-10-12"))
        );
    }

    #[test]
    fn holidays_are_not_working_days() {
        let cal = Calendar::builtin();
        assert!(!cal.is_working_day(d("2025-01-01")));
        assert!(!cal.is_working_day(d("2025-05-05"))); // a Monday inside 劳动节
        assert!(cal.is_working_day(d("2025-05-06")));
        // The 2020 extension cancelled Saturday 1 February's working day.
        assert!(!cal.is_working_day(d("2020-02-01")));
        assert!(!cal.is_working_day(d("2020-02-02")));
        assert!(cal.is_working_day(d("2020-01-19")));
        // 2019 元旦 began in 2018 with a working Saturday before it.
        assert!(cal.is_working_day(d("2018-12-29")));
        assert!(!cal.is_working_day(d("2018-12-31")));
    }

    #[test]
    fn counts_across_spring_festival() {
        let cal = Calendar::builtin();
        // 2024: 除夕 9 February (Friday) is a working day, 10–17 off,
        // Sunday 18 February worked.
        assert_eq!(
            cal.working_days_between(d("2024-02-08"), d("2024-02-19")),
            3
        );
        assert!(cal.is_working_day(d("2024-02-09")));
        // 2026: a Friday document; the 调休 Saturday counts, then 15–23 off.
        assert_eq!(
            cal.add_working_days(d("2026-02-13"), 3),
            Some(d("2026-02-25"))
        );
        assert_eq!(
            cal.working_days_between(d("2026-02-13"), d("2026-02-24")),
            2
        );
        // 20 working days after 成文日期 across 国庆、中秋 2025.
        assert_eq!(
            cal.add_working_days(d("2025-09-26"), 20),
            Some(d("2025-10-30"))
        );
    }

    #[test]
    fn same_day_is_zero_and_reversed_dates_are_negative() {
        let cal = Calendar::builtin();
        assert_eq!(
            cal.working_days_between(d("2024-10-08"), d("2024-10-08")),
            0
        );
        assert_eq!(
            cal.working_days_between(d("2024-10-08"), d("2024-09-30")),
            -1
        );
        assert_eq!(
            cal.add_working_days(d("2024-10-05"), 0),
            Some(d("2024-10-05"))
        );
    }

    #[test]
    fn arithmetic_agrees_with_walking_every_day() {
        let cal =
            from_yaml("holidays:\n  放假: [\"2027-02-06..2027-02-13\"]\n  调休: [2027-02-14]\n")
                .unwrap();
        let start = d("2018-11-01");
        for offset in (0..3400).step_by(13) {
            let from = start + chrono::Duration::days(offset);
            for span in [0, 1, 2, 5, 9, 31, 200] {
                let to = from + chrono::Duration::days(span);
                assert_eq!(
                    cal.working_days_between(from, to),
                    walk_count(&cal, from, to),
                    "{from}..{to}"
                );
            }
            for n in [1, 3, 10, 20, 300] {
                let due = cal.add_working_days(from, n).unwrap();
                assert!(cal.is_working_day(due), "{from}+{n}");
                assert_eq!(cal.working_days_between(from, due), i64::from(n));
            }
        }
    }

    #[test]
    fn outside_the_table_only_weekends_count_and_a_gap_is_reported() {
        let cal = Calendar::builtin();
        assert!(cal.covers(2019) && cal.covers(2026));
        assert!(!cal.covers(2027) && !cal.covers(2018));
        // 2027-01-01 is a Friday: without data it counts as working.
        assert!(cal.is_working_day(d("2027-01-01")));
        assert!(!cal.is_working_day(d("2027-01-02")));
        assert_eq!(cal.coverage_gap(d("2026-03-01"), d("2026-03-10")), None);
        let gap = cal.coverage_gap(d("2026-12-30"), d("2029-01-05")).unwrap();
        assert_eq!(gap.years, [2027, 2028, 2029]);
        assert!(gap.to_string().contains("2027–2029"), "{gap}");
        assert!(gap.hint().contains("xxgk.yaml"));
        // The start day itself is not counted, so 2026-12-31 → 2026 only.
        assert_eq!(cal.coverage_gap(d("2026-12-30"), d("2026-12-31")), None);
        assert!(cal.coverage_gap(d("2018-12-31"), d("2019-01-04")).is_none());
    }

    #[test]
    fn extreme_inputs_do_not_panic() {
        let cal = Calendar::builtin();
        assert_eq!(cal.add_working_days(NaiveDate::MAX, 1), None);
        assert_eq!(cal.add_working_days(d("2024-01-01"), u32::MAX), None);
        // Far beyond the table the weekly jump must still land exactly.
        let due = cal.add_working_days(d("2024-01-01"), 10_000_000).unwrap();
        assert_eq!(cal.working_days_between(d("2024-01-01"), due), 10_000_000);
        let far = cal.working_days_between(NaiveDate::MIN, NaiveDate::MAX);
        assert!(far > 0);
        assert!(cal.coverage_gap(NaiveDate::MIN, NaiveDate::MAX).is_some());
    }

    #[test]
    fn yaml_overrides_add_a_later_year() {
        let cal = from_yaml(
            "title: 某县人民政府\n节假日:\n  放假: [2027-01-01, \"2027-02-06..2027-02-13\"]\n  调休: [2027-02-14]\n",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert!(cal.covers(2027));
        assert!(!cal.is_working_day(d("2027-01-01")));
        assert!(!cal.is_working_day(d("2027-02-08")));
        assert_eq!(
            cal.day_kind(d("2027-02-08")),
            DayKind::Holiday { name: None }
        );
        assert!(cal.is_working_day(d("2027-02-14")));
        // Friday 5 Feb → Sunday 14 Feb (worked) → Monday 15 Feb.
        assert_eq!(
            cal.working_days_between(d("2027-02-05"), d("2027-02-15")),
            2
        );
        assert_eq!(cal.coverage_gap(d("2027-01-04"), d("2027-03-01")), None);
        // The built-in years are untouched.
        assert!(cal.is_working_day(d("2024-10-12")));
    }

    #[test]
    fn yaml_overrides_win_over_the_table() {
        let cal = from_yaml(
            "holidays:\n  off: [2024-10-12]\n  workdays: [\"2024年10月7日（星期一）\"]\n",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert!(!cal.is_working_day(d("2024-10-12")));
        assert!(cal.is_working_day(d("2024-10-07")));
        // The name from the table survives an override that keeps the day off.
        let cal = from_yaml("holidays:\n  放假: [2024-10-03]\n").unwrap();
        assert_eq!(
            cal.day_kind(d("2024-10-03")),
            DayKind::Holiday {
                name: Some("国庆节")
            }
        );
    }

    #[test]
    fn yaml_accepts_notice_style_strings_and_empty_sections() {
        let cal = from_yaml(
            "节假日:\n  放假: 2027年2月6日（周六）至13日（周六）、2027年4月5日\n  \
             上班: 2027年2月20日（农历正月十四、周六）, 2027/2/21\n",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert!(!cal.is_working_day(d("2027-02-12")));
        assert!(!cal.is_working_day(d("2027-04-05")));
        assert!(cal.is_working_day(d("2027-02-20")));
        assert!(cal.is_working_day(d("2027-02-21")));
        let cal = from_yaml("holidays:\n  放假:\n").unwrap();
        assert_eq!(cal, Calendar::builtin());
        let cal = from_yaml("title: 某镇\n").unwrap();
        assert_eq!(cal, Calendar::builtin());
    }

    #[test]
    fn ranges_parse_in_every_accepted_form() {
        let expect = DateSpan {
            start: d("2027-02-06"),
            end: d("2027-02-13"),
        };
        for text in [
            "2027-02-06..2027-02-13",
            "2027-2-6 .. 2027-2-13",
            "2027/2/6~2/13",
            "2027.2.6..13",
            "2027年2月6日至13日",
            "2027年2月6日至2027年2月13日",
            "2027年2月6日（星期六）至2月13日（星期六）",
            "２０２７年２月６日～１３日",
            "2027年2月6日——2月13日",
        ] {
            assert_eq!(text.parse::<DateSpan>(), Ok(expect), "{text}");
        }
        let new_year: DateSpan = "2027年12月31日至2028年1月2日".parse().unwrap();
        assert_eq!(new_year.days().count(), 3);
        assert_eq!(new_year.to_string(), "2027年12月31日至2028年1月2日");
        let one: DateSpan = "2027/1/1".parse().unwrap();
        assert_eq!((one.start(), one.end()), (d("2027-01-01"), d("2027-01-01")));
        assert_eq!(parse_date("2023年3月20日"), Ok(d("2023-03-20")));
    }

    #[test]
    fn malformed_dates_say_what_is_wrong() {
        let err = |s: &str| s.parse::<DateSpan>().unwrap_err().message;
        assert!(
            err("2027-13-01").contains("no month 13"),
            "{}",
            err("2027-13-01")
        );
        assert!(err("2027-02-30").contains("2027年2月 has no day 30"));
        assert!(err("2月14日").contains("has no year"));
        assert!(err("27-02-14").contains("4 digits"));
        assert!(err("下周一").contains("is not a date"));
        assert!(err("").contains("missing"));
        assert!(err("2027-02-14 (周日) 上班").contains("is not a date"));
        assert!(err("2027年2月14日（星期六）").contains("2027年2月14日 is a 星期日, not a 星期六"));
        assert!(err("2027-12-30..1-2").contains("ends (2027年1月2日) before it starts"));
        assert!(err("2027-01-01..2072-01-01").contains("spans"));
        assert!(err("2027-01-01..01-02..01-03").contains("more than one"));
        let full = "2027-13-01".parse::<DateSpan>().unwrap_err().to_string();
        assert!(full.contains("hint: write dates as 2027-01-01"), "{full}");
    }

    #[test]
    fn malformed_yaml_overrides_are_rejected_with_the_reason() {
        let message = from_yaml("holidays:\n  放假: [2027-01-01, 2027-02-30]\n").unwrap_err();
        assert!(message.contains("has no day 30"), "{message}");
        assert!(message.contains("line 2"), "{message}");
        let message = from_yaml("holidays:\n  放假: [20270101]\n").unwrap_err();
        assert!(
            message.contains("20270101 is a number, not a date"),
            "{message}"
        );
        let message =
            from_yaml("holidays:\n  放假: [2027-02-14]\n  调休: [2027-02-14]\n").unwrap_err();
        assert!(
            message.contains("2027年2月14日 is listed under both 放假 and 调休"),
            "{message}"
        );
        let message = from_yaml("holidays:\n  假期: [2027-01-01]\n").unwrap_err();
        assert!(message.contains("假期"), "{message}");
    }
}
