//! 完成时限 as work plans write it: `2026年3月底`, `6月底` (of the plan's year),
//! `2023年7月`, `3月31日前`, `年底前`, `第三季度`, `2023年4月-2023年6月`, or a
//! standing duty such as `持续推进` or `每季度末`, which is never overdue.

use crate::dates;
use chrono::{Datelike, NaiveDate};
use std::fmt;
use unicode_normalization::UnicodeNormalization;

pub const DEADLINE_HINT: &str = "完成时限写作 2026-06-30、2026年6月30日、6月底、2026年7月、3月31日前、年底前、第三季度、上半年，或 持续推进 / 每季度末";

/// When a task is due.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Deadline {
    /// Due by the end of this day.
    By(NaiveDate),
    /// 持续推进, 长期坚持, 常态化: a standing duty, never overdue.
    Ongoing,
    /// 每月, 每季度末, 每年: due again every period, never overdue as a whole.
    Recurring(Period),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    Month,
    Quarter,
    HalfYear,
    Year,
}

impl Period {
    pub fn zh(self) -> &'static str {
        match self {
            Period::Month => "每月",
            Period::Quarter => "每季度",
            Period::HalfYear => "每半年",
            Period::Year => "每年",
        }
    }

    /// The end of the period that contains `day`: the next time the duty falls due.
    pub fn next_due(self, day: NaiveDate) -> NaiveDate {
        let months = match self {
            Period::Month => 1,
            Period::Quarter => 3,
            Period::HalfYear => 6,
            Period::Year => 12,
        };
        let month = (day.month0() / months + 1) * months;
        month_end(day.year(), month).unwrap_or(day)
    }
}

impl Deadline {
    /// The date, for a dated deadline.
    pub fn date(self) -> Option<NaiveDate> {
        match self {
            Deadline::By(d) => Some(d),
            _ => None,
        }
    }

    /// Past due on `today`: the deadline day itself still counts as in time, and a
    /// standing or recurring duty is never overdue.
    pub fn passed(self, today: NaiveDate) -> bool {
        self.date().is_some_and(|d| d < today)
    }
}

impl fmt::Display for Deadline {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Deadline::By(d) => f.write_str(&dates::chinese(*d)),
            Deadline::Ongoing => f.write_str("持续推进"),
            Deadline::Recurring(p) => f.write_str(p.zh()),
        }
    }
}

/// Parses a 完成时限. `year` is the plan's year, for deadlines that name only a
/// month or a day (`6月底`, `3月31日前`).
pub fn parse(text: &str, year: i32) -> Result<Deadline, String> {
    let t = normalise(text);
    if t.is_empty() {
        return Err("完成时限为空".into());
    }
    if is_ongoing(&t) {
        return Ok(Deadline::Ongoing);
    }
    if let Some(p) = recurring(&t) {
        return Ok(Deadline::Recurring(p));
    }
    if let Ok(d) = dates::parse(&t) {
        return Ok(Deadline::By(d));
    }
    // A span (即日起至2023年3月底, 2023年4月-2023年6月) is due at its end; its end
    // may lean on the start for the year (2023年4月-6月).
    let (start, end) = split_span(&t);
    let year = match start {
        Some(s) => leading_year(s).unwrap_or(year),
        None => year,
    };
    point(end, year)
        .map(Deadline::By)
        .ok_or_else(|| format!("无法识别的完成时限“{}”", text.trim()))
}

/// NFKC (full-width digits), no spaces (`2021 年11月底` as PDFs extract it), and
/// without the words around the date: 于…前完成.
fn normalise(text: &str) -> String {
    let mut t: String = text.nfkc().filter(|c| !c.is_whitespace()).collect();
    t = t
        .trim_matches(['。', '.', ';', '；', ',', '，'])
        .to_string();
    for prefix in ["完成时限:", "完成时限", "于", "在"] {
        if let Some(rest) = t.strip_prefix(prefix) {
            t = rest.to_string();
        }
    }
    for suffix in ["完成", "办结", "以前", "之前", "前", "内"] {
        if let Some(rest) = t.strip_suffix(suffix) {
            t = rest.to_string();
        }
    }
    t
}

fn is_ongoing(t: &str) -> bool {
    [
        "持续",
        "长期",
        "常态",
        "动态",
        "及时",
        "随时",
        "实时",
        "全年持续",
    ]
    .iter()
    .any(|p| t.starts_with(p))
}

fn recurring(t: &str) -> Option<Period> {
    let rest = t.strip_prefix('每').or_else(|| t.strip_prefix('按'))?;
    let rest = rest.trim_end_matches(['末', '底']);
    match rest {
        "月" | "个月" | "月度" => Some(Period::Month),
        "季" | "季度" | "个季度" => Some(Period::Quarter),
        "半年" => Some(Period::HalfYear),
        "年" | "年度" => Some(Period::Year),
        _ => None,
    }
}

/// Splits `A至B` / `A-B` / `A—B` into (A, B); a single point is (None, it).
fn split_span(t: &str) -> (Option<&str>, &str) {
    for sep in ["至", "到", "—", "–", "-", "~", "〜", "～"] {
        if let Some(i) = t.rfind(sep) {
            let (a, b) = (&t[..i], &t[i + sep.len()..]);
            if !b.is_empty() {
                return (Some(a), b);
            }
        }
    }
    (None, t)
}

/// `2023年…` → 2023.
fn leading_year(t: &str) -> Option<i32> {
    let (y, _) = t.split_once('年')?;
    let y: i32 = y.parse().ok()?;
    (1990..=2100).contains(&y).then_some(y)
}

/// One point in time, at the end of the span it names.
fn point(t: &str, default_year: i32) -> Option<NaiveDate> {
    if t.is_empty() {
        return None;
    }
    if let Ok(d) = dates::parse(t) {
        return Some(d);
    }
    // 2026年… or 2026年度…
    let (year, rest) = match t.split_once('年') {
        Some((y, rest)) if y.chars().all(|c| c.is_ascii_digit()) && !y.is_empty() => {
            let y: i32 = y.parse().ok()?;
            if !(1990..=2100).contains(&y) {
                return None;
            }
            (y, rest.strip_prefix('度').unwrap_or(rest))
        }
        _ => (default_year, t.strip_prefix("本年度").unwrap_or(t)),
    };
    // The whole year: 2026年, 年底, 年末, 年内, 全年, 下半年.
    let rest = rest.strip_prefix("本年").unwrap_or(rest);
    match rest {
        "" | "底" | "末" | "度" | "年" | "年度" | "年底" | "年末" | "年内" | "全年" | "下半年" =>
        {
            return NaiveDate::from_ymd_opt(year, 12, 31);
        }
        "上半年" | "年中" => return NaiveDate::from_ymd_opt(year, 6, 30),
        _ => {}
    }
    if let Some(q) = quarter(rest) {
        return month_end(year, q * 3);
    }
    // 6月底, 6月末, 6月, 6月份, 六月底, 6月中旬, 6月30日, 6月30号.
    let (m, after) = rest.split_once('月')?;
    let month = month_number(m)?;
    match after {
        "" | "底" | "末" | "份" | "下旬" | "份前" => month_end(year, month),
        "上旬" => NaiveDate::from_ymd_opt(year, month, 10),
        "中旬" => NaiveDate::from_ymd_opt(year, month, 20),
        day => {
            let day = day.strip_suffix('日').or_else(|| day.strip_suffix('号'))?;
            NaiveDate::from_ymd_opt(year, month, day.parse().ok()?)
        }
    }
}

/// `一季度`, `第三季度`, `3季度`, `四季度末`, `Q2` → 1..=4.
fn quarter(t: &str) -> Option<u32> {
    let t = t.strip_prefix('第').unwrap_or(t);
    let n = if let Some(q) = t.strip_prefix('Q').or_else(|| t.strip_prefix('q')) {
        q
    } else {
        let end = t.find("季度")?;
        if !matches!(&t[end + "季度".len()..], "" | "末" | "底") {
            return None;
        }
        &t[..end]
    };
    let q = month_number(n)?;
    (1..=4).contains(&q).then_some(q)
}

/// `6`, `06`, `六`, `十一` → month number 1..=12.
fn month_number(t: &str) -> Option<u32> {
    let n = match t.parse::<u32>() {
        Ok(n) => n,
        Err(_) => {
            const DIGITS: [&str; 10] = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
            let digit = |s: &str| DIGITS.iter().position(|d| !d.is_empty() && *d == s);
            match t {
                "十" => 10,
                "十一" => 11,
                "十二" => 12,
                "正" => 1,
                s => digit(s)? as u32,
            }
        }
    };
    (1..=12).contains(&n).then_some(n)
}

/// The last day of a month.
pub fn month_end(year: i32, month: u32) -> Option<NaiveDate> {
    let (y, m) = if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    };
    NaiveDate::from_ymd_opt(y, m, 1)?.pred_opt()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> Deadline {
        Deadline::By(NaiveDate::from_ymd_opt(y, m, day).unwrap())
    }

    fn p(text: &str) -> Deadline {
        parse(text, 2023).unwrap_or_else(|e| panic!("{text}: {e}"))
    }

    #[test]
    fn month_ends_of_the_plans_year() {
        // Seed 000: 6月底 and 4月底 in a 2023 plan.
        assert_eq!(p("6月底"), d(2023, 6, 30));
        assert_eq!(p("4月底"), d(2023, 4, 30));
        assert_eq!(p("2月底"), d(2023, 2, 28));
        assert_eq!(parse("2月底", 2024), Ok(d(2024, 2, 29)));
        assert_eq!(p("12月底"), d(2023, 12, 31));
        assert_eq!(p("6月末"), d(2023, 6, 30));
        assert_eq!(p("六月底"), d(2023, 6, 30));
        assert_eq!(p("十一月底"), d(2023, 11, 30));
        assert_eq!(p("６月底"), d(2023, 6, 30));
        assert_eq!(p("6月"), d(2023, 6, 30));
        assert_eq!(p("6月份"), d(2023, 6, 30));
        assert_eq!(p("6月中旬"), d(2023, 6, 20));
    }

    #[test]
    fn months_with_their_own_year() {
        assert_eq!(p("2023年7月"), d(2023, 7, 31));
        // Seed 004 writes the year of the plan out, sometimes with a PDF's stray space.
        assert_eq!(p("2021年11月底"), d(2021, 11, 30));
        assert_eq!(p("2021 年11月底"), d(2021, 11, 30));
        assert_eq!(p("2021年12月底"), d(2021, 12, 31));
        assert_eq!(p("2026年3月底前"), d(2026, 3, 31));
        assert_eq!(parse("2024年1月底", 2023), Ok(d(2024, 1, 31)));
    }

    #[test]
    fn exact_days() {
        assert_eq!(p("2026-06-30"), d(2026, 6, 30));
        assert_eq!(p("2026/6/30"), d(2026, 6, 30));
        assert_eq!(p("2026年1月31日"), d(2026, 1, 31));
        // Seed 003: 于3月31日前主动向社会公开.
        assert_eq!(p("3月31日前"), d(2023, 3, 31));
        assert_eq!(p("于3月31日前完成"), d(2023, 3, 31));
        assert_eq!(p("3月31号"), d(2023, 3, 31));
    }

    #[test]
    fn years_half_years_and_quarters() {
        assert_eq!(p("年底前"), d(2023, 12, 31));
        assert_eq!(p("年内"), d(2023, 12, 31));
        assert_eq!(p("2024年底"), d(2024, 12, 31));
        assert_eq!(p("2023年"), d(2023, 12, 31));
        assert_eq!(p("上半年"), d(2023, 6, 30));
        assert_eq!(p("下半年"), d(2023, 12, 31));
        assert_eq!(p("一季度"), d(2023, 3, 31));
        assert_eq!(p("第三季度"), d(2023, 9, 30));
        assert_eq!(p("2024年第二季度末"), d(2024, 6, 30));
        assert_eq!(p("4季度"), d(2023, 12, 31));
    }

    #[test]
    fn spans_are_due_at_their_end() {
        // Seed 000: 即日起至2023年3月底 / 2023年4月-2023年6月.
        assert_eq!(p("即日起至2023年3月底"), d(2023, 3, 31));
        assert_eq!(p("2023年4月-2023年6月"), d(2023, 6, 30));
        assert_eq!(parse("2024年4月—6月", 2023), Ok(d(2024, 6, 30)));
        assert_eq!(p("4月至6月"), d(2023, 6, 30));
    }

    #[test]
    fn standing_and_recurring_duties() {
        assert_eq!(p("持续推进"), Deadline::Ongoing);
        assert_eq!(p(" 持续推进 "), Deadline::Ongoing);
        assert_eq!(p("长期坚持"), Deadline::Ongoing);
        assert_eq!(p("常态化推进"), Deadline::Ongoing);
        assert_eq!(p("动态更新"), Deadline::Ongoing);
        assert_eq!(p("每季度末"), Deadline::Recurring(Period::Quarter));
        assert_eq!(p("按月"), Deadline::Recurring(Period::Month));
        assert_eq!(p("每年"), Deadline::Recurring(Period::Year));
        assert_eq!(p("每半年"), Deadline::Recurring(Period::HalfYear));
    }

    #[test]
    fn nonsense_is_an_error_naming_the_text() {
        for bad in [
            "",
            "尽快",
            "13月底",
            "2月30日",
            "3个工作日内",
            "第五季度",
            "6月底后",
            "至",
        ] {
            let r = parse(bad, 2023);
            assert!(r.is_err(), "{bad:?} parsed as {r:?}");
        }
        assert!(parse("尽快", 2023).unwrap_err().contains("尽快"));
    }

    #[test]
    fn overdue_only_after_the_day_and_never_for_standing_duties() {
        let today = NaiveDate::from_ymd_opt(2023, 7, 1).unwrap();
        assert!(p("6月底").passed(today));
        assert!(!p("7月1日").passed(today), "due today is still in time");
        assert!(!p("7月底").passed(today));
        assert!(!p("持续推进").passed(today));
        assert!(!p("每季度末").passed(today));
    }

    #[test]
    fn recurring_duties_fall_due_at_the_end_of_the_period() {
        let day = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let on = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(Period::Quarter.next_due(day), on(2026, 12, 31));
        assert_eq!(Period::Month.next_due(day), on(2026, 11, 30));
        assert_eq!(Period::HalfYear.next_due(on(2026, 2, 1)), on(2026, 6, 30));
        assert_eq!(Period::Year.next_due(day), on(2026, 12, 31));
        assert_eq!(Period::Quarter.next_due(on(2026, 3, 31)), on(2026, 3, 31));
    }

    #[test]
    fn shown_in_chinese() {
        assert_eq!(p("6月底").to_string(), "2023年6月30日");
        assert_eq!(p("持续推进").to_string(), "持续推进");
        assert_eq!(p("每季度末").to_string(), "每季度");
    }
}
