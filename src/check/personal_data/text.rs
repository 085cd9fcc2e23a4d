//! Finding the numbers in one line of text: digit runs joined across the separators
//! people type (spaces, dashes, 　), the label before a number (项目编号 is a code,
//! 身份证号 is not), and the header of the table column a cell sits in.

use super::*;

/// Scans a file's text; `lines` says which lines are published.
pub fn scan(file: &str, text: &str, today: NaiveDate, lines: &Lines) -> Vec<Hit> {
    let mut hits = vec![];
    let mut table = TableState::default();
    let mut in_front_matter = false;
    // YAML comments are never published; a csv line starting with # is.
    let yaml_file = file.ends_with(".yaml") || file.ends_with(".yml");
    let csv = file.to_ascii_lowercase().ends_with(".csv");
    let mut csv_header: Option<Vec<String>> = None;
    let mut previous: Option<String> = None;
    for (i, raw) in text.lines().enumerate() {
        let n = i + 1;
        if n == 1 && raw.trim_end() == "---" {
            in_front_matter = true;
            continue;
        }
        if in_front_matter && raw.trim_end() == "---" {
            in_front_matter = false;
            continue;
        }
        let mut header = table.next(raw);
        // A CSV's first line names its columns, like a Markdown table's header.
        let csv_row;
        let mut line_text = raw;
        let mut shift = 0;
        if csv {
            if n == 1 {
                csv_header = Some(
                    raw.split(',')
                        .map(|c| c.trim().trim_matches('"').to_string())
                        .collect(),
                );
            } else if let Some(h) = &csv_header {
                csv_row = format!("|{}|", raw.replace(',', "|"));
                line_text = &csv_row;
                header = Some(h.clone());
                shift = 1;
            }
        }
        let is_comment = (in_front_matter || yaml_file) && raw.trim_start().starts_with('#');
        if is_comment || !lines.scanned(n) {
            continue;
        }
        // Read as shown: zero-width characters and soft hyphens vanish, NFKC folds.
        let shown = crate::visible::fold(line_text);
        hits.extend(
            scan_line_labelled(&shown, today, header.as_deref(), previous.as_deref())
                .into_iter()
                .map(|(kind, column, number)| Hit {
                    kind,
                    line: n,
                    column: column.saturating_sub(shift).max(1),
                    number,
                }),
        );
        previous = Some(crate::visible::fold(raw));
    }
    hits
}

/// Markdown tables: a cell's label is its column header ("身份证号码", "统一社会信用代码").
#[derive(Default)]
pub(super) struct TableState<'t> {
    previous: Option<&'t str>,
    header: Option<Vec<String>>,
}

impl<'t> TableState<'t> {
    /// Feeds one line; returns the header of the table the line is a row of.
    fn next(&mut self, line: &'t str) -> Option<Vec<String>> {
        let t = line.trim();
        let is_row = t.starts_with('|');
        let is_delimiter =
            is_row && t.contains('-') && t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' '));
        if is_delimiter {
            self.header = self.previous.map(cells);
        } else if !is_row {
            self.header = None;
        }
        self.previous = Some(t);
        if is_row && !is_delimiter {
            self.header.clone()
        } else {
            None
        }
    }
}

pub(super) fn cells(row: &str) -> Vec<String> {
    row.trim()
        .trim_matches('|')
        .split('|')
        .map(|c| c.trim().to_string())
        .collect()
}

/// Full-width digits, letters and separators folded to ASCII one character at a time,
/// so that columns stay the editor's columns.
pub(super) fn fold(c: char) -> char {
    match c {
        '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ' => {
            char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
        }
        '－' => '-',
        '\u{3000}' => ' ',
        _ => c,
    }
}

/// Labels that make a number a code, not personal data …
pub(super) const CODE_LABELS: &[&str] = &[
    "信用代码",
    "机构代码",
    "识别号",
    "索引号",
    "文号",
    "编号",
    "编码",
    "代码",
    "单号",
    "流水号",
    "订单",
    "合同号",
    "登记号",
    "注册号",
    "备案号",
    "许可证号",
    "证书号",
    "批准号",
    "标识码",
    "序列号",
    "条码",
];

/// … unless the label names personal data.
pub(super) const PERSONAL_LABELS: &[&str] = &[
    "身份证",
    "身份号",
    "证件",
    "手机",
    "电话",
    "联系方式",
    "卡号",
    "账号",
    "帐号",
    "账户",
    "银行",
    "社保卡",
    "社会保障卡",
];

/// Units after a number that make it an amount or a quantity.
pub(super) const UNITS: &[char] = &['元', '万', '亿', '%', '％', '‰', '亩', '吨'];

pub(super) fn scan_line(
    raw: &str,
    today: NaiveDate,
    header: Option<&[String]>,
) -> Vec<(PiiKind, usize, String)> {
    scan_line_labelled(raw, today, header, None)
}

/// [`scan_line`], where a number that opens its line is labelled by the line above
/// (项目编号： on one line, the number on the next).
pub(super) fn scan_line_labelled(
    raw: &str,
    today: NaiveDate,
    header: Option<&[String]>,
    previous: Option<&str>,
) -> Vec<(PiiKind, usize, String)> {
    // No number of interest has fewer than 11 digits.
    if raw.chars().filter(|ch| fold(*ch).is_ascii_digit()).count() < 11 {
        return vec![];
    }
    let c: Vec<char> = raw.chars().map(fold).collect();
    let n = c.len();
    let digit = |i: usize| i < n && c[i].is_ascii_digit();
    let mut out = vec![];
    let mut i = 0;
    while i < n {
        if !digit(i) {
            i += 1;
            continue;
        }
        // A run of digit groups joined by single spaces or hyphens.
        let start = i;
        let mut groups: Vec<(usize, usize)> = vec![];
        let mut j = i;
        loop {
            let g = j;
            while digit(j) {
                j += 1;
            }
            groups.push((g, j));
            if j + 1 < n && matches!(c[j], ' ' | '-') && digit(j + 1) && groups.len() < 6 {
                j += 1;
            } else {
                break;
            }
        }
        i = j;
        // Labels are looked up only for real candidates: most runs are short numbers.
        let not_code = |at: usize| {
            let mut label = label_before(&c, at, header);
            let opens_line = c[..at]
                .iter()
                .all(|x| x.is_whitespace() || matches!(x, ':' | '：' | '|'));
            if opens_line && let Some(p) = previous {
                label.push(' ');
                label.extend(
                    p.chars()
                        .rev()
                        .take(24)
                        .collect::<Vec<_>>()
                        .into_iter()
                        .rev(),
                );
            }
            !label_is_code(&label)
        };
        let lens: Vec<usize> = groups.iter().map(|(a, b)| b - a).collect();
        if groups.len() > 1
            && let Some((kind, number, end)) = grouped(&c, &groups, &lens, today)
            && bounded(&c, start, end)
        {
            if not_code(start) {
                out.push((kind, start + 1, number));
            }
            continue;
        }
        for (a, b) in groups {
            if let Some((kind, number, end)) = single(&c, a, b, today)
                && bounded(&c, a, end)
                && not_code(a)
            {
                out.push((kind, a + 1, number));
            }
        }
    }
    out
}

/// A number written in groups: 138 1234 5678, 6222 0212 3456 7890 123, 341823 19900101 1234.
pub(super) fn grouped(
    c: &[char],
    groups: &[(usize, usize)],
    lens: &[usize],
    today: NaiveDate,
) -> Option<(PiiKind, String, usize)> {
    let total: usize = lens.iter().sum();
    if !(11..=19).contains(&total) {
        return None;
    }
    let mut digits: String = groups.iter().flat_map(|(a, b)| c[*a..*b].iter()).collect();
    let mut end = groups.last()?.1;
    // 138 1234 5678, 138-12345678, 1381234 5678: groups of three or more.
    if total == 11 && lens.iter().all(|l| *l >= 3) && is_mobile(&digits) {
        return Some((PiiKind::Mobile, digits, end));
    }
    // +86 138 1234 5678, 0086-13812345678.
    if matches!(lens[0], 2 | 4)
        && total - lens[0] == 11
        && lens[1..].iter().all(|l| *l >= 3)
        && let Some(mobile) = international_mobile(&digits)
    {
        return Some((PiiKind::Mobile, mobile.to_string(), end));
    }
    // The 15-digit 身份证号 of before 1999: 341823 900101 123.
    if lens == [6, 6, 3] && is_old_id_number(&digits, today) {
        return Some((PiiKind::IdNumber, digits, end));
    }
    if lens == [6, 8, 3] && matches!(c.get(end), Some('X' | 'x')) {
        digits.push('X');
        end += 1;
    }
    if (lens == [6, 8, 4] || lens == [6, 8, 3]) && is_id_number(&digits, today) {
        return Some((PiiKind::IdNumber, digits, end));
    }
    let card_groups = lens.len() >= 4
        && lens[..lens.len() - 1].iter().all(|l| *l == 4)
        && (1..=4).contains(lens.last()?);
    if card_groups && is_bank_card(&digits) {
        return Some((PiiKind::BankCard, digits, end));
    }
    None
}

/// A number written in one piece.
pub(super) fn single(
    c: &[char],
    a: usize,
    b: usize,
    today: NaiveDate,
) -> Option<(PiiKind, String, usize)> {
    // Most runs are years, amounts and serials: no string for them.
    if !matches!(b - a, 11 | 13 | 15..=19) {
        return None;
    }
    let mut digits: String = c[a..b].iter().collect();
    let mut end = b;
    if digits.len() == 17 && matches!(c.get(b), Some('X' | 'x')) {
        digits.push('X');
        end += 1;
    }
    match digits.len() {
        11 if is_mobile(&digits) => Some((PiiKind::Mobile, digits, end)),
        // With the country code: +8613812345678, 008613812345678.
        13 | 15 if international_mobile(&digits).is_some() => {
            let mobile = international_mobile(&digits)?.to_string();
            Some((PiiKind::Mobile, mobile, end))
        }
        15 if is_old_id_number(&digits, today) => Some((PiiKind::IdNumber, digits, end)),
        18 if is_id_number(&digits, today) => Some((PiiKind::IdNumber, digits, end)),
        16..=19 if is_bank_card(&digits) => Some((PiiKind::BankCard, digits, end)),
        _ => None,
    }
}

/// The mobile number behind China's country code (86 or 0086), if that is what it is.
pub(super) fn international_mobile(digits: &str) -> Option<&str> {
    let rest = digits
        .strip_prefix("0086")
        .or_else(|| digits.strip_prefix("86"))?;
    is_mobile(rest).then_some(rest)
}

/// The number stands alone: not inside a longer code, a decimal, an amount or an 索引号.
pub(super) fn bounded(c: &[char], start: usize, end: usize) -> bool {
    let before = start.checked_sub(1).map(|i| c[i]);
    let before2 = start.checked_sub(2).map(|i| c[i]);
    let after = c.get(end).copied();
    let after2 = c.get(end + 1).copied();
    let is_digit = |x: Option<char>| x.is_some_and(|x| x.is_ascii_digit());
    if before.is_some_and(|x| x.is_ascii_alphanumeric() || matches!(x, '¥' | '￥' | '$')) {
        return false;
    }
    if matches!(before, Some('.' | '-' | '/')) && is_digit(before2) {
        return false;
    }
    if after.is_some_and(|x| x.is_ascii_alphanumeric() || UNITS.contains(&x)) {
        return false;
    }
    // 1380013800.00 is an amount; 11990000…/2026-00012 is an 索引号.
    !(matches!(after, Some('.' | '/' | '-' | ',')) && is_digit(after2))
}

/// The words labelling a number: the clause before it on its line, and its table
/// column's header.
pub(super) fn label_before(c: &[char], start: usize, header: Option<&[String]>) -> String {
    let mut label: String = c[..start]
        .iter()
        .rev()
        .take_while(|x| !matches!(x, '。' | '；' | ';' | '，' | ',' | '|' | '\t'))
        .take(24)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    if let Some(h) = header {
        let column = c[..start].iter().filter(|x| **x == '|').count();
        // Rows usually start with "|": the first cell is column 1.
        let leading = c.iter().find(|x| !x.is_whitespace()) == Some(&'|');
        let idx = if leading {
            column.checked_sub(1)
        } else {
            Some(column)
        };
        if let Some(name) = idx.and_then(|i| h.get(i)) {
            label.push(' ');
            label.push_str(name);
        }
    }
    label
}

pub(super) fn label_is_code(label: &str) -> bool {
    CODE_LABELS.iter().any(|l| label.contains(l))
        && !PERSONAL_LABELS.iter().any(|l| label.contains(l))
}
