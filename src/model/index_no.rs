//! 索引号: 前段码 `/` year `-` 5-digit serial, e.g. `11341823MB0000000X/2023-00012`.
//! Unique across the portal and never changed once published.

use serde::Serialize;
use std::fmt;
use unicode_normalization::UnicodeNormalization;

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct IndexNo {
    pub prefix: String,
    pub year: i32,
    pub serial: u32,
}

pub const INDEX_NO_HINT: &str =
    "索引号写作 前段码/年份-五位流水号，如 11990000MB0123456X/2026-00012";

impl IndexNo {
    pub fn parse(text: &str) -> Result<IndexNo, String> {
        let folded: String = text.nfkc().collect();
        let t = folded.trim();
        let bad = || format!("索引号“{text}”格式不正确");
        let (prefix, rest) = t.split_once('/').ok_or_else(bad)?;
        let (year, serial) = rest.split_once('-').ok_or_else(bad)?;
        if prefix.is_empty() || !prefix.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err(bad());
        }
        if year.len() != 4 || serial.len() != 5 {
            return Err(bad());
        }
        let year: i32 = year.parse().map_err(|_| bad())?;
        let serial: u32 = serial.parse().map_err(|_| bad())?;
        Ok(IndexNo {
            prefix: prefix.to_ascii_uppercase(),
            year,
            serial,
        })
    }
}

impl fmt::Display for IndexNo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}-{:05}", self.prefix, self.year, self.serial)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_round_trips() {
        let n = IndexNo::parse("11341823MB0000000X/2023-00012").unwrap();
        assert_eq!((n.year, n.serial), (2023, 12));
        assert_eq!(n.to_string(), "11341823MB0000000X/2023-00012");
        assert_eq!(
            IndexNo::parse("１１３４１８２３MB0000000X／2023－00012").unwrap(),
            n
        );
    }

    #[test]
    fn rejects_malformed() {
        for bad in [
            "",
            "11341823MB0000000X",
            "11341823MB0000000X/23-00012",
            "11341823MB0000000X/2023-12",
            "前段/2023-00012",
        ] {
            assert!(IndexNo::parse(bad).is_err(), "{bad}");
        }
    }
}
