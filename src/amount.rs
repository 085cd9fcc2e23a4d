//! Amounts of money in 万元 with two decimals, held as integer hundredths.
//!
//! Budget tables must add up to the cent of a 万元: summing floats would let
//! 0.1 + 0.2 drift and turn a correct table into a false alarm (or hide a real
//! one), so every amount is parsed once into an integer and only integers are added.

use std::fmt;
use std::iter::Sum;
use std::ops::{Add, Sub};
use unicode_normalization::UnicodeNormalization;

/// An amount in 万元, as hundredths (1236.40 万元 = `Amount(123640)`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Amount(pub i64);

/// The largest amount accepted, in 万元: a thousand times any budget, and small
/// enough that no sum or difference of a table's amounts comes near `i64`'s limits
/// (in a debug build an overflow is a panic; in a release build, a wrong total).
const MAX_WAN: i64 = 10_000_000_000_000;

/// The largest count accepted (件, 个, 项): far above any office's figures, and small
/// enough that adding up a report's columns cannot overflow.
pub const MAX_COUNT: u64 = 1_000_000_000_000;

pub const AMOUNT_HINT: &str = "金额以万元为单位，最多两位小数，如 1236.40 或 1,236.40";

impl Amount {
    pub const ZERO: Amount = Amount(0);

    /// Parses `1236.4`, `1,236.40`, `１２３６．４０`, `-12.5` (NFKC-folded first).
    pub fn parse(text: &str) -> Result<Amount, String> {
        let folded: String = text.nfkc().filter(|c| !c.is_whitespace()).collect();
        let s = folded.trim_end_matches("万元");
        let (neg, digits) = match s.strip_prefix(['-', '−']) {
            Some(rest) => (true, rest),
            None => (false, s),
        };
        let digits = digits.replace(',', "");
        let (int, frac) = match digits.split_once('.') {
            Some((i, f)) => (i, f),
            None => (digits.as_str(), ""),
        };
        if int.is_empty() && frac.is_empty()
            || !int.chars().all(|c| c.is_ascii_digit())
            || !frac.chars().all(|c| c.is_ascii_digit())
        {
            return Err(format!("“{}”不是金额", text.trim()));
        }
        if frac.len() > 2 {
            return Err(format!("“{}”超过两位小数", text.trim()));
        }
        let int: i64 = if int.is_empty() {
            0
        } else {
            int.parse()
                .map_err(|_| format!("“{}”数值过大", text.trim()))?
        };
        let frac: i64 = format!("{frac:0<2}").parse().unwrap_or(0);
        if int > MAX_WAN {
            return Err(format!("“{}”数值过大", text.trim()));
        }
        let v = int * 100 + frac;
        Ok(Amount(if neg { -v } else { v }))
    }

    /// A number from a spreadsheet cell or a YAML float. Spreadsheets store binary
    /// floats (1098.2 may come back as 1098.2000000000001), so the value is rounded
    /// once to hundredths; anything further off than rounding noise has more than two
    /// decimals and is refused.
    pub fn from_f64(x: f64) -> Result<Amount, String> {
        if !x.is_finite() || x.abs() > MAX_WAN as f64 {
            return Err(format!("“{x}”不是合理的金额"));
        }
        let hundredths = (x * 100.0).round();
        if (x * 100.0 - hundredths).abs() > 1e-6 * x.abs().max(1.0) {
            return Err(format!("“{x}”超过两位小数"));
        }
        Ok(Amount(hundredths as i64))
    }

    /// With thousands separators: `1,236.40`.
    pub fn display(self) -> String {
        let neg = self.0 < 0;
        let abs = self.0.unsigned_abs();
        let int = group_thousands(abs / 100);
        format!("{}{int}.{:02}", if neg { "-" } else { "" }, abs % 100)
    }

    /// For chart scaling only, never for checks.
    pub fn as_f64(self) -> f64 {
        self.0 as f64 / 100.0
    }
}

/// `1234567` → `1,234,567`.
pub fn group_thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.display())
    }
}

impl Add for Amount {
    type Output = Amount;
    fn add(self, o: Amount) -> Amount {
        Amount(self.0.saturating_add(o.0))
    }
}

impl Sub for Amount {
    type Output = Amount;
    fn sub(self, o: Amount) -> Amount {
        Amount(self.0.saturating_sub(o.0))
    }
}

impl Sum for Amount {
    fn sum<I: Iterator<Item = Amount>>(iter: I) -> Amount {
        iter.fold(Amount::ZERO, |a, b| a + b)
    }
}

impl<'a> Sum<&'a Amount> for Amount {
    fn sum<I: Iterator<Item = &'a Amount>>(iter: I) -> Amount {
        iter.copied().sum()
    }
}

/// A count of applications, documents or decisions: a whole, non-negative number.
pub fn parse_count(text: &str) -> Result<u64, String> {
    let folded: String = text
        .nfkc()
        .filter(|c| !c.is_whitespace() && *c != ',')
        .collect();
    let s = folded.trim_end_matches(['件', '个', '项']);
    if s.is_empty() || !s.chars().all(|c| c.is_ascii_digit()) {
        return Err(format!("“{}”不是非负整数", text.trim()));
    }
    s.parse()
        .ok()
        .and_then(|n| count(n).ok())
        .ok_or_else(|| format!("“{}”数值过大", text.trim()))
}

/// A count that is already a number (a YAML integer, a spreadsheet cell).
pub fn count(n: u64) -> Result<u64, String> {
    if n > MAX_COUNT {
        Err(format!("“{n}”数值过大"))
    } else {
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_editors_ways_of_writing_money() {
        assert_eq!(Amount::parse("1236.40"), Ok(Amount(123640)));
        assert_eq!(Amount::parse("1,236.4"), Ok(Amount(123640)));
        assert_eq!(Amount::parse("１２３６．４０"), Ok(Amount(123640)));
        assert_eq!(Amount::parse("12"), Ok(Amount(1200)));
        assert_eq!(Amount::parse(".5"), Ok(Amount(50)));
        assert_eq!(Amount::parse("-0.05"), Ok(Amount(-5)));
        assert_eq!(Amount::parse("18.60万元"), Ok(Amount(1860)));
        assert!(Amount::parse("12.345").unwrap_err().contains("两位小数"));
        assert!(Amount::parse("十二").unwrap_err().contains("不是金额"));
        assert!(Amount::parse("").is_err());
        assert!(Amount::parse("1.2.3").is_err());
        // Near i64::MAX in hundredths: any sum or difference of two would overflow.
        assert!(
            Amount::parse("92233720368547758.07")
                .unwrap_err()
                .contains("过大")
        );
        assert!(
            Amount::parse("-10000000000001")
                .unwrap_err()
                .contains("过大")
        );
        assert_eq!(
            Amount::parse("10000000000000"),
            Ok(Amount(1_000_000_000_000_000))
        );
    }

    #[test]
    fn float_cells_round_once_and_sums_stay_exact() {
        // 0.1 + 0.2 != 0.3 in floats; in hundredths it is exact.
        let a = Amount::from_f64(0.1).unwrap() + Amount::from_f64(0.2).unwrap();
        assert_eq!(a, Amount::parse("0.3").unwrap());
        assert_eq!(Amount::from_f64(1098.1 + 0.1), Ok(Amount(109820)));
        assert!(Amount::from_f64(1.234).is_err());
        assert!(Amount::from_f64(f64::NAN).is_err());
    }

    #[test]
    fn displays_with_thousands_separators() {
        assert_eq!(Amount(123640).display(), "1,236.40");
        assert_eq!(Amount(5).display(), "0.05");
        assert_eq!(Amount(-123456789).display(), "-1,234,567.89");
        assert_eq!(group_thousands(999), "999");
        assert_eq!(group_thousands(1000), "1,000");
    }

    #[test]
    fn counts_are_whole_numbers() {
        assert_eq!(parse_count("32"), Ok(32));
        assert_eq!(parse_count("１２"), Ok(12));
        assert_eq!(parse_count("1,024件"), Ok(1024));
        assert!(parse_count("-1").is_err());
        assert!(parse_count("3.5").is_err());
        // Two of these added up would overflow.
        assert!(
            parse_count("18446744073709551615")
                .unwrap_err()
                .contains("过大")
        );
        assert!(count(u64::MAX).is_err());
        assert_eq!(count(MAX_COUNT), Ok(MAX_COUNT));
    }
}
