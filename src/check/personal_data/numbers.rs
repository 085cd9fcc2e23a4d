//! Is this digit string a 身份证号, a mobile number, a bank card? The checks of the
//! numbers themselves (region code, birth date, check digit, Luhn), apart from where
//! [`super`] finds them in published text.

use chrono::{Datelike, NaiveDate};

pub fn is_mobile(digits: &str) -> bool {
    let b = digits.as_bytes();
    b.len() == 11
        && b.iter().all(u8::is_ascii_digit)
        && b[0] == b'1'
        && (b'3'..=b'9').contains(&b[1])
}

/// Province-level codes that open a 身份证号 (GB/T 2260), plus 83 (台湾居民居住证)
/// and 91 (foreign permanent residents, since 2023).
const REGIONS: &[u8] = &[
    11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52,
    53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83, 91,
];

/// GB 11643-1999: region, birth date (1900 to today), sequence, check character.
pub fn is_id_number(id: &str, today: NaiveDate) -> bool {
    let b = id.as_bytes();
    if b.len() != 18 || !b[..17].iter().all(u8::is_ascii_digit) {
        return false;
    }
    let region = (b[0] - b'0') * 10 + (b[1] - b'0');
    if !REGIONS.contains(&region) {
        return false;
    }
    let num = |r: std::ops::Range<usize>| id[r].parse::<u32>().ok();
    let birth = match (num(6..10), num(10..12), num(12..14)) {
        (Some(y), Some(m), Some(d)) => NaiveDate::from_ymd_opt(y as i32, m, d),
        _ => None,
    };
    if !birth.is_some_and(|d| d.year() >= 1900 && d <= today) {
        return false;
    }
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const CHECK: &[u8; 11] = b"10X98765432";
    let sum: u32 = b[..17]
        .iter()
        .zip(WEIGHTS)
        .map(|(d, w)| u32::from(d - b'0') * w)
        .sum();
    CHECK[(sum % 11) as usize] == b[17].to_ascii_uppercase()
}

/// The first-generation 身份证号 (15 digits, still on older lists): region, birth
/// date as YYMMDD of the 1900s, sequence; no check digit.
pub fn is_old_id_number(id: &str, today: NaiveDate) -> bool {
    let b = id.as_bytes();
    if b.len() != 15 || !b.iter().all(u8::is_ascii_digit) {
        return false;
    }
    let region = (b[0] - b'0') * 10 + (b[1] - b'0');
    if !REGIONS.contains(&region) {
        return false;
    }
    let num = |r: std::ops::Range<usize>| id[r].parse::<u32>().ok();
    let birth = match (num(6..8), num(8..10), num(10..12)) {
        (Some(y), Some(m), Some(d)) => NaiveDate::from_ymd_opt(1900 + y as i32, m, d),
        _ => None,
    };
    birth.is_some_and(|d| d <= today)
}

/// 16–19 digits, an issuer prefix (3 JCB/AmEx, 4 Visa, 5 Mastercard, 6 UnionPay,
/// 9 domestic), and the Luhn check digit.
pub fn is_bank_card(digits: &str) -> bool {
    let b = digits.as_bytes();
    if !(16..=19).contains(&b.len()) || !b.iter().all(u8::is_ascii_digit) {
        return false;
    }
    if !matches!(b[0], b'3' | b'4' | b'5' | b'6' | b'9') {
        return false;
    }
    // A run of one digit is filler, not a card.
    if b.iter().all(|x| *x == b[0]) {
        return false;
    }
    luhn(b)
}

pub(super) fn luhn(digits: &[u8]) -> bool {
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, d)| {
            let v = u32::from(d - b'0');
            if i % 2 == 1 {
                let x = v * 2;
                if x > 9 { x - 9 } else { x }
            } else {
                v
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

/// Completes 17 digits into a valid 身份证号 (for tests and fixtures).
pub fn with_id_check_digit(first17: &str) -> String {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const CHECK: &[u8; 11] = b"10X98765432";
    let sum: u32 = first17
        .bytes()
        .zip(WEIGHTS)
        .map(|(d, w)| u32::from(d.wrapping_sub(b'0')) * w)
        .sum();
    format!("{first17}{}", CHECK[(sum % 11) as usize] as char)
}

/// Completes a card number's digits with a Luhn check digit (for tests and fixtures).
pub fn with_luhn_digit(without: &str) -> String {
    (0..=9)
        .map(|d| format!("{without}{d}"))
        .find(|s| luhn(s.as_bytes()))
        .unwrap_or_default()
}
