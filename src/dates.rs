//! Dates as editors write them and as residents read them.
//!
//! Accepted: `2023-03-20`, `2023/3/20`, `2023年3月20日` (full-width digits too).
//! Shown: `2023年3月20日`.

use chrono::{Datelike, NaiveDate};
use unicode_normalization::UnicodeNormalization;

pub const DATE_HINT: &str = "日期写作 2023-03-20、2023/3/20 或 2023年3月20日";

/// Parses a date in any of the three accepted forms.
pub fn parse(text: &str) -> Result<NaiveDate, String> {
    let folded: String = text.nfkc().collect::<String>();
    let t = folded.trim();
    let parts: Vec<&str> = if let Some(rest) = t.strip_suffix('日') {
        rest.split(['年', '月']).collect()
    } else if t.contains('-') {
        t.split('-').collect()
    } else {
        t.split('/').collect()
    };
    let nums: Vec<u32> = parts
        .iter()
        .map(|p| p.trim().parse::<u32>())
        .collect::<Result<_, _>>()
        .map_err(|_| format!("无法识别的日期“{text}”"))?;
    match nums.as_slice() {
        [y, m, d] if (1900..=2999).contains(y) => NaiveDate::from_ymd_opt(*y as i32, *m, *d)
            .ok_or_else(|| format!("日期“{text}”不存在（{y}年没有{m}月{d}日）")),
        _ => Err(format!("无法识别的日期“{text}”")),
    }
}

/// `2023年3月20日`
pub fn chinese(date: NaiveDate) -> String {
    format!("{}年{}月{}日", date.year(), date.month(), date.day())
}

/// `2023-03-20`
pub fn iso(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn accepts_the_three_forms() {
        assert_eq!(parse("2023-03-20"), Ok(d(2023, 3, 20)));
        assert_eq!(parse("2023/3/20"), Ok(d(2023, 3, 20)));
        assert_eq!(parse("2023年3月20日"), Ok(d(2023, 3, 20)));
        assert_eq!(parse(" ２０２３年３月２０日 "), Ok(d(2023, 3, 20)));
    }

    #[test]
    fn rejects_impossible_and_malformed_dates() {
        assert!(parse("2023-02-30").unwrap_err().contains("不存在"));
        assert!(parse("2023.3.20").is_err());
        assert!(parse("3月20日").is_err());
        assert!(parse("").is_err());
        assert!(parse("20230320").is_err());
    }

    #[test]
    fn formats_in_chinese() {
        assert_eq!(chinese(d(2023, 3, 5)), "2023年3月5日");
        assert_eq!(iso(d(2023, 3, 5)), "2023-03-05");
    }
}
