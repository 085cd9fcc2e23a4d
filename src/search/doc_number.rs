//! 文号 and 索引号 as residents type them: any bracket style, any width,
//! stray spaces. The folded form is the key of the "exact match" tier;
//! [`clean_doc_number`] gives content its standard 〔〕 form when loaded and
//! [`query_doc_number`] reads the looser forms residents type.

use super::tokenizer::{fold, is_han, is_query_space};

/// Folds a 文号 or 索引号 (or a whole query) to the key compared for an exact
/// match: NFKC, ASCII lowercase, query whitespace removed, opening brackets
/// `[ ( { 【 〔 〖 〘` to `〔` and closing ones to `〕`. Returns `None` when the
/// key has no ASCII digit: every 文号 and 索引号 carries a year, and this keeps
/// a plain word query from ever being treated as a document number.
pub fn exact_key(text: &str) -> Option<String> {
    let key: String = fold(text)
        .chars()
        .filter(|c| !is_query_space(*c))
        .map(|c| match c {
            '[' | '(' | '{' | '【' | '〔' | '〖' | '〘' => '〔',
            ']' | ')' | '}' | '】' | '〕' | '〗' | '〙' => '〕',
            other => other,
        })
        .collect();
    key.chars().any(|c| c.is_ascii_digit()).then_some(key)
}

/// Characters that pasted 文号 carry invisibly (zero-width spaces and joiners,
/// the word joiner, the byte-order mark, the soft hyphen).
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}'
    )
}

/// Labels a 文号 pasted from a document's header may still carry.
const LABELS: [&str; 3] = ["发文字号", "发文号", "文号"];

/// Trims query whitespace (a superset of `char::is_whitespace`, the same in
/// `related.js`) and a leading `发文字号：` label.
fn strip_label(s: &str) -> &str {
    let t = s.trim_matches(is_query_space);
    for label in LABELS {
        if let Some(rest) = t.strip_prefix(label) {
            let rest = rest.trim_start_matches(is_query_space);
            if let Some(r) = rest.strip_prefix(['：', ':']) {
                return r.trim_matches(is_query_space);
            }
        }
    }
    t
}

fn is_open(c: char) -> bool {
    matches!(
        c,
        '[' | '(' | '{' | '【' | '〔' | '〖' | '〘' | '［' | '（' | '﹝' | '｛' | '「'
    )
}

fn is_close(c: char) -> bool {
    matches!(
        c,
        ']' | ')' | '}' | '】' | '〕' | '〗' | '〙' | '］' | '）' | '﹞' | '｝' | '」'
    )
}

/// Dashes and slashes residents put between the year and the number.
fn is_dash(c: char) -> bool {
    matches!(c, '-' | '/' | '_' | '.' | '、' | '·' | '—' | '–' | '－')
}

fn ascii_digit(c: char) -> Option<char> {
    match c {
        '0'..='9' => Some(c),
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32),
        _ => None,
    }
}

/// A 文号 as written in content, shown in the standard form: invisible
/// characters and a pasted 发文字号： label removed, and when it has the shape
/// 机关代字 + bracketed year + 序号 + 号 (spaces around the brackets, any
/// bracket kind or width, full-width digits, 第 before the number), written
/// 机关代字〔年份〕序号号. Anything else is kept as written, only trimmed.
pub fn clean_doc_number(s: &str) -> String {
    let visible: String = s.chars().filter(|c| !is_invisible(*c)).collect();
    let t = strip_label(&visible);
    standard_form(t).unwrap_or_else(|| t.to_string())
}

/// The 机关代字 of a 文号 in the standard form 机关代字〔年份〕序号号 (`示政办` of
/// 示政办〔2026〕3号, `国办发` of 国办发〔2019〕19号); `None` for a 文号 of another
/// shape (第3号令), which names no 代字 to facet by.
pub fn organ(doc_number: &str) -> Option<String> {
    let standard = standard_form(doc_number.trim())?;
    standard
        .split_once('〔')
        .map(|(organ, _)| organ.to_string())
}

/// The bracketed shape only (content): `None` unless the text is exactly
/// organ, optional spaces, open bracket, four digits, close bracket, optional
/// spaces, optional 第, digits, 号.
fn standard_form(t: &str) -> Option<String> {
    let chars: Vec<char> = t.chars().collect();
    let open = chars.iter().position(|c| is_open(*c))?;
    let organ: String = chars[..open]
        .iter()
        .collect::<String>()
        .trim_end()
        .to_string();
    if organ.is_empty() || !organ.chars().all(is_han) || organ.chars().count() > 20 {
        return None;
    }
    // Published 文号 carry stray spaces anywhere between the parts (〔 2023 〕,
    // 第 5 号, 5 号): each is skipped.
    let skip_space = |i: &mut usize| {
        while chars.get(*i).is_some_and(|c| c.is_whitespace()) {
            *i += 1;
        }
    };
    let mut i = open + 1;
    skip_space(&mut i);
    let year: String = chars[i..].iter().map_while(|c| ascii_digit(*c)).collect();
    if year.len() != 4 {
        return None;
    }
    i += 4;
    skip_space(&mut i);
    if !chars.get(i).is_some_and(|c| is_close(*c)) {
        return None;
    }
    i += 1;
    skip_space(&mut i);
    if chars.get(i) == Some(&'第') {
        i += 1;
        skip_space(&mut i);
    }
    let number: String = chars[i..].iter().map_while(|c| ascii_digit(*c)).collect();
    if number.is_empty() {
        return None;
    }
    i += number.chars().count();
    skip_space(&mut i);
    if chars.get(i) != Some(&'号') || i + 1 != chars.len() {
        return None;
    }
    Some(format!("{organ}〔{year}〕{}号", trim_zeros(&number)))
}

fn trim_zeros(n: &str) -> &str {
    let t = n.trim_start_matches('0');
    if t.is_empty() { "0" } else { t }
}

/// A query read as a 文号 however residents type it, in the standard form
/// 机关代字〔年份〕序号号: brackets of any kind or none, a space or 年 where the
/// bracket was, 第 before the number, 号 left out, and the organ, year and
/// number in any order (`示政办2026 3号`, `示政办2026年3号`, `示政办〔2026〕第3号`,
/// `2026 示政办 3`). `None` unless the query holds exactly one run of Han
/// characters (the organ, 2 to 20, not ending in 月 or 日) and two numbers, one of them a year
/// 1949–2099 written with four digits: a plain word query or a date is never
/// read as a 文号.
pub fn query_doc_number(query: &str) -> Option<String> {
    enum Piece {
        Han(String),
        Num(String),
    }
    let folded: String = fold(query).chars().filter(|c| !is_invisible(*c)).collect();
    let text = strip_label(&folded);
    let mut pieces: Vec<Piece> = Vec::new();
    for c in text.chars() {
        let last = pieces.last_mut();
        if c.is_ascii_digit() {
            match last {
                Some(Piece::Num(n)) => n.push(c),
                _ => pieces.push(Piece::Num(c.to_string())),
            }
        } else if is_han(c) {
            match last {
                Some(Piece::Han(h)) => h.push(c),
                _ => pieces.push(Piece::Han(c.to_string())),
            }
        } else if is_open(c) || is_close(c) || is_query_space(c) || is_dash(c) {
            // A bracket, a space or a dash (示政办2026-3号) only separates.
            pieces.push(Piece::Han(String::new()));
        } else {
            return None;
        }
    }
    // 年 after the year, 号 after the number and 第 before it are not the organ.
    let mut organ: Vec<String> = Vec::new();
    let mut numbers: Vec<String> = Vec::new();
    for i in 0..pieces.len() {
        match &pieces[i] {
            Piece::Num(n) => numbers.push(n.clone()),
            Piece::Han(h) => {
                let mut h = h.as_str();
                if i > 0 && matches!(pieces[i - 1], Piece::Num(_)) {
                    h = h
                        .strip_prefix('年')
                        .or_else(|| h.strip_prefix('号'))
                        .unwrap_or(h);
                    // “47号文”, “3号文件”: what residents call a document by its number.
                    if i + 1 == pieces.len() {
                        h = h
                            .strip_suffix("文件")
                            .or_else(|| h.strip_suffix('文'))
                            .filter(|rest| rest.is_empty())
                            .unwrap_or(h);
                    }
                }
                if matches!(pieces.get(i + 1), Some(Piece::Num(_))) {
                    h = h.strip_suffix('第').unwrap_or(h);
                }
                if !h.is_empty() {
                    organ.push(h.to_string());
                }
            }
        }
    }
    let [organ] = organ.as_slice() else {
        return None;
    };
    let [a, b] = numbers.as_slice() else {
        return None;
    };
    let is_year = |n: &str| n.len() == 4 && ("1949"..="2099").contains(&n);
    let (year, number) = if is_year(a) {
        (a, b)
    } else if is_year(b) {
        (b, a)
    } else {
        return None;
    };
    // A 机关代字 has two characters at least (国发, 国函); 3月, 5日 are dates.
    let organ_len = organ.chars().count();
    if !(2..=20).contains(&organ_len)
        || organ.ends_with(['月', '日'])
        || number.len() > 6
        || trim_zeros(number) == "0"
    {
        return None;
    }
    Some(format!("{organ}〔{year}〕{}号", trim_zeros(number)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bracket_and_width_variants_share_one_key() {
        let key = exact_key("示政办〔2026〕3号").unwrap();
        assert_eq!(key, "示政办〔2026〕3号");
        for v in [
            "示政办[2026]3号",
            "示政办(2026)3号",
            "示政办（2026）3号",
            "示政办【2026】3号",
            "示政办〔２０２６〕３号",
            "示政办［２０２６］３号",
            "示政办﹝2026﹞3号",
            " 示政办 〔2026〕 3号 ",
        ] {
            assert_eq!(exact_key(v).as_deref(), Some(key.as_str()), "{v}");
        }
        assert_ne!(exact_key("示政办〔2026〕13号").unwrap(), key);
    }

    #[test]
    fn the_organ_code_is_what_stands_before_the_year() {
        assert_eq!(organ("示政办〔2026〕3号").as_deref(), Some("示政办"));
        assert_eq!(organ("国办发〔2019〕19号").as_deref(), Some("国办发"));
        assert_eq!(organ("国办秘函[2019]19号").as_deref(), Some("国办秘函"));
        assert_eq!(organ("示例县人民政府令第3号"), None);
        assert_eq!(organ("〔2026〕3号"), None);
        assert_eq!(organ(""), None);
    }

    #[test]
    fn index_number_is_case_and_width_folded() {
        assert_eq!(
            exact_key("11990000ＭＢ0123456x/2026-00003"),
            exact_key("11990000MB0123456X/2026-00003")
        );
    }

    #[test]
    fn words_without_digits_have_no_key() {
        assert_eq!(exact_key("就业补贴"), None);
        assert_eq!(exact_key(""), None);
    }

    /// Real 文号 of published documents, each as provinces print them.
    const REAL: [&str; 10] = [
        "国办发〔2017〕47号",
        "国发〔2024〕5号",
        "京政办发〔2023〕12号",
        "粤府函〔2022〕101号",
        "国办秘函〔2019〕19号",
        "国发〔2016〕55号",
        "沪府规〔2023〕6号",
        "浙政办发〔2021〕37号",
        "川办发〔2020〕60号",
        "示政办〔2026〕3号",
    ];

    #[test]
    fn content_forms_are_shown_with_hexagonal_brackets() {
        for n in REAL {
            let open = n.find('〔').unwrap();
            let (organ, rest) = n.split_at(open);
            let year = &rest[3..7];
            let number = rest[10..].trim_end_matches('号');
            for v in [
                n.to_string(),
                format!("{organ} 〔{year}〕{number}号"),
                format!("{organ}[{year}]{number}号"),
                format!("{organ}({year}){number}号"),
                format!("{organ}（{year}）{number}号"),
                format!("{organ}【{year}】{number}号"),
                format!("{organ}［{year}］{number}号"),
                format!("{organ}\u{200b}〔{year}〕\u{feff}{number}号"),
                format!("发文字号：{organ}〔{year}〕{number}号"),
                format!("文号: {organ} [{year}] {number}号 "),
                format!("{organ}〔{year}〕第{number}号"),
                format!("{organ}〔 {year} 〕 第 {number} 号"),
                format!("{organ}〔{year}〕{number} 号"),
            ] {
                assert_eq!(clean_doc_number(&v), n, "{v:?}");
            }
        }
        // What is not a bracketed 文号 is kept as written, cleaned only.
        assert_eq!(
            clean_doc_number(" 示政办字2026年3号\u{200b}"),
            "示政办字2026年3号"
        );
        assert_eq!(clean_doc_number("无"), "无");
        assert_eq!(clean_doc_number("示政办〔26〕3号"), "示政办〔26〕3号");
    }

    #[test]
    fn query_forms_residents_type_are_read_as_the_number() {
        for n in REAL {
            let open = n.find('〔').unwrap();
            let (organ, rest) = n.split_at(open);
            let year = &rest[3..7];
            let number = rest[10..].trim_end_matches('号');
            for v in [
                format!("{organ}{year} {number}号"),
                format!("{organ}{year}年{number}号"),
                format!("{organ}〔{year}〕第{number}号"),
                format!("{organ}（{year}）{number}"),
                format!("{organ}{year}{number}号").replace(year, &format!("{year} ")),
                format!("{organ} {year} {number}"),
                format!("{organ}{year}年第{number}号"),
                format!("{year}年{organ}{number}号"),
                format!("{number}号 {organ} {year}"),
                format!("{organ}［{year}］{number}号"),
                format!("{organ}〔{year}〕0{number}号"),
                format!("{organ}{year}-{number}号"),
                format!("{organ}{year}/{number}"),
                format!("{organ}〔{year}〕{number}号文"),
                format!("{organ}{year}年{number}号文件"),
            ] {
                assert_eq!(query_doc_number(&v).as_deref(), Some(n), "{v:?}");
            }
        }
    }

    #[test]
    fn other_queries_are_not_read_as_a_number() {
        for q in [
            "就业补贴",
            "2026年3月",
            "示政办",
            "2026年3月",
            "2026年3月5日",
            "3月 2026",
            "示政办 2026",
            "示政办 3号",
            "示政办2026 3号 通知",
            "示政办 县政办 2026 3",
            "示政办1800 3号",
            "示政办2026 0号",
            "示政办2026 1234567号",
            "5G网络2026 3号",
            "示政办2026 3号通知",
            "示政办2026-3-5",
            "2026-3-5",
            "",
        ] {
            assert_eq!(query_doc_number(q), None, "{q:?}");
        }
    }
}
