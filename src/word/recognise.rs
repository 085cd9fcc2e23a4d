//! Recognising the parts of a 公文 laid out to GB/T 9704-2012 from its lines, as pure
//! functions: 发文机关标志, 发文字号, 标题, 主送机关, 附件说明, 署名, 成文日期 and 版记.
//! What is not found stays `None`: nothing is invented.

use chrono::NaiveDate;
use unicode_normalization::UnicodeNormalization;

/// One paragraph as recognition sees it.
#[derive(Debug, Clone, Copy)]
pub struct Line<'a> {
    pub text: &'a str,
    pub centered: bool,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Recognised {
    /// 发文机关标志 (without a trailing 文件).
    pub mark: Option<String>,
    /// 发文字号 normalised to 〔〕, and the line it was on.
    pub doc_number: Option<(String, usize)>,
    pub title: Option<String>,
    /// The lines before the body (份号, 标志, 文号, 标题): not repeated in it.
    pub head_end: usize,
    pub addressee: Option<String>,
    /// 附件说明: the names of the attachments, numbering removed.
    pub attachments: Vec<String>,
    pub signature: Option<String>,
    pub written: Option<NaiveDate>,
    /// 版记: 抄送 and 印发 lines.
    pub imprint: Vec<String>,
    /// A 密级 mark (绝密, 机密, 秘密) at the head: such a document is never published.
    pub classified: Option<String>,
    /// Lines of the body that are text whatever they look like (附件说明 items,
    /// 署名, 成文日期, 版记): `2．某某表` there is not a heading.
    pub plain: Vec<usize>,
}

impl Recognised {
    /// 发文机关: the signature, else the 标志.
    pub fn issuer(&self) -> Option<&str> {
        self.signature.as_deref().or(self.mark.as_deref())
    }
}

/// A value as written, without the spaces that lay it out.
pub fn clean(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{3000}')
        .collect()
}

/// Text folded for matching: NFKC (full-width digits, brackets and punctuation
/// become ASCII), no whitespace. Never shown: values keep their own characters.
pub fn fold(s: &str) -> String {
    s.nfkc()
        .filter(|c| !c.is_whitespace() && *c != '\u{3000}')
        .collect()
}

const KINDS: &[&str] = &[
    "通知", "通报", "决定", "意见", "办法", "规定", "细则", "方案", "公告", "通告", "批复", "函",
    "报告", "请示", "纪要", "规划", "计划", "要点", "决议", "命令", "议案", "规则", "制度", "安排",
];

const ORG_SUFFIXES: &[&str] = &[
    "人民政府",
    "政府",
    "办公室",
    "办公厅",
    "委员会",
    "管委会",
    "办事处",
    "局",
    "厅",
    "委",
    "镇",
    "乡",
    "街道",
    "中心",
    "站",
    "所",
    "院",
    "部",
    "处",
    "队",
    "会",
];

fn looks_like_title(s: &str) -> bool {
    let f = fold(s);
    f.contains("关于") || KINDS.iter().any(|k| f.ends_with(k))
}

fn looks_like_org(s: &str) -> bool {
    let f = fold(s);
    let f = f.strip_suffix("文件").unwrap_or(&f);
    let n = f.chars().count();
    (2..=40).contains(&n)
        && !f.contains(['。', ',', ':', ';', '、', '!', '?'])
        && ORG_SUFFIXES.iter().any(|s| f.ends_with(s))
}

/// `示政办发[2021]12号`, `示政办(2021)12号`, `示政办〔2021〕12号` (a 签发人 after it
/// is dropped) → `示政办发〔2021〕12号`. `None` for any other line.
pub fn doc_number(line: &str) -> Option<String> {
    let f = fold(line);
    let f = match f.find("签发人") {
        Some(i) => &f[..i],
        None => &f[..],
    };
    let open = f.find(['(', '[', '〔', '【', '〖', '{'])?;
    let prefix = &f[..open];
    let rest = &f[open..];
    let mut chars = rest.chars();
    chars.next();
    let rest = chars.as_str();
    let year: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
    if year.len() != 4 {
        return None;
    }
    let rest = &rest[4..];
    let mut chars = rest.chars();
    if !matches!(chars.next(), Some(')' | ']' | '〕' | '】' | '〗' | '}')) {
        return None;
    }
    let rest = chars.as_str();
    let serial: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
    let tail = &rest[serial.len()..];
    let prefix_ok =
        (1..=20).contains(&prefix.chars().count()) && prefix.chars().all(|c| c.is_alphanumeric());
    if serial.is_empty() || !(tail == "号" || tail.is_empty()) || !prefix_ok {
        return None;
    }
    let serial = serial.trim_start_matches('0');
    let serial = if serial.is_empty() { "0" } else { serial };
    Some(format!("{prefix}〔{year}〕{serial}号"))
}

fn cjk_digit(c: char) -> Option<u32> {
    Some(match c {
        '〇' | '○' | '零' | 'Ｏ' | 'O' | '0' => 0,
        '一' => 1,
        '二' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => c.to_digit(10)?,
    })
}

/// `八`, `十`, `十二`, `二十七`, `三十一`, or Arabic digits.
fn small_number(s: &str) -> Option<u32> {
    if !s.is_empty() && s.chars().all(|c| c.is_ascii_digit()) {
        return s.parse().ok().filter(|n| *n < 100);
    }
    let chars: Vec<char> = s.chars().collect();
    match chars.as_slice() {
        ['十'] => Some(10),
        [d] => cjk_digit(*d),
        ['十', d] => Some(10 + cjk_digit(*d)?),
        [t, '十'] => Some(cjk_digit(*t)? * 10),
        [t, '十', d] => Some(cjk_digit(*t)? * 10 + cjk_digit(*d)?),
        _ => None,
    }
}

/// A line that is only a date: `2021年8月27日` or `二〇二一年八月二十七日`.
pub fn written_date(line: &str) -> Option<NaiveDate> {
    let f = fold(line);
    let body = f.strip_suffix('日')?;
    let (y, rest) = body.split_once('年')?;
    let (m, d) = rest.split_once('月')?;
    let year = if y.chars().count() == 4 {
        y.chars()
            .try_fold(0u32, |acc, c| Some(acc * 10 + cjk_digit(c)?))?
    } else {
        return None;
    };
    NaiveDate::from_ymd_opt(year as i32, small_number(m)?, small_number(d)?)
        .filter(|_| (1949..=2999).contains(&year))
}

fn classified(line: &str) -> Option<String> {
    let f = clean(line);
    ["绝密", "机密", "秘密"]
        .iter()
        .find(|m| f.starts_with(*m) && f.chars().count() <= 12)
        .map(|_| f.clone())
}

/// 份号 (six digits) and 紧急程度 lines at the very top.
fn is_head_marker(line: &str) -> bool {
    let f = fold(line);
    (f.len() == 6 && f.chars().all(|c| c.is_ascii_digit()))
        || matches!(f.as_str(), "特急" | "加急" | "特提" | "平急")
}

fn is_imprint(line: &str) -> bool {
    let f = fold(line);
    ["抄送", "抄报", "分送", "发"]
        .iter()
        .any(|p| f.starts_with(&format!("{p}:")))
        || (f.ends_with("印发") && f.contains('年') && f.contains('日'))
}

/// Numbering at the start of an 附件说明 item: `1．`, `2.`, `3、`.
fn strip_item_number(s: &str) -> Option<&str> {
    let t = s.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{3000}');
    let digits = t.chars().take_while(|c| c.is_ascii_digit()).count();
    if digits == 0 {
        return None;
    }
    let rest = &t[digits..];
    let mut chars = rest.chars();
    matches!(chars.next(), Some('.' | '．' | '、')).then(|| chars.as_str().trim())
}

pub fn recognise(lines: &[Line]) -> Recognised {
    let mut r = Recognised::default();
    let non_empty: Vec<usize> = (0..lines.len())
        .filter(|&i| !fold(lines[i].text).is_empty())
        .collect();
    let mut k = 0; // position in non_empty
    // 份号, 密级, 紧急程度.
    while let Some(&i) = non_empty.get(k) {
        if let Some(c) = classified(lines[i].text) {
            r.classified = Some(c);
            k += 1;
        } else if is_head_marker(lines[i].text) {
            k += 1;
        } else {
            break;
        }
    }
    // 发文机关标志: one or more organisation lines, not the title.
    let mut marks = vec![];
    while let Some(&i) = non_empty.get(k) {
        let t = lines[i].text;
        let next_is_number = non_empty
            .get(k + 1)
            .is_some_and(|&j| doc_number(lines[j].text).is_some());
        if !looks_like_title(t)
            && doc_number(t).is_none()
            && (looks_like_org(t) || next_is_number && fold(t).ends_with("文件"))
        {
            let c = clean(t);
            marks.push(c.strip_suffix("文件").unwrap_or(&c).to_string());
            k += 1;
        } else {
            break;
        }
    }
    if !marks.is_empty() {
        r.mark = Some(marks.join("、"));
    }
    // 发文字号, on its own line under the 标志 (or first, when there is no 标志).
    if let Some(&i) = non_empty.get(k)
        && let Some(n) = doc_number(lines[i].text)
    {
        r.doc_number = Some((n, i));
        k += 1;
    }
    // 标题: the next line; centered lines that follow are its continuation.
    if let Some(&first) = non_empty.get(k) {
        let mut title = clean(lines[first].text);
        let mut end = first;
        if lines[first].centered {
            let mut j = k + 1;
            while let Some(&i) = non_empty.get(j) {
                let t = lines[i].text;
                let f = fold(t);
                let stop = !lines[i].centered
                    || j > k + 2
                    || f.ends_with(':')
                    || doc_number(t).is_some()
                    || written_date(t).is_some()
                    || title.chars().count() + f.chars().count() > 120
                    || KINDS.iter().any(|kd| title.ends_with(kd));
                if stop {
                    break;
                }
                title.push_str(&clean(t));
                end = i;
                j += 1;
            }
            k = j;
        } else {
            k += 1;
        }
        r.title = Some(title);
        r.head_end = end + 1;
    }
    // A 文号 under the title (a 函's layout).
    if r.doc_number.is_none()
        && let Some(&i) = non_empty.get(k)
        && let Some(n) = doc_number(lines[i].text)
    {
        r.doc_number = Some((n, i));
        r.head_end = i + 1;
        k += 1;
    }
    // 主送机关.
    if let Some(&i) = non_empty.get(k) {
        let f = fold(lines[i].text);
        if f.ends_with(':') && f.chars().count() <= 100 && !f.contains('。') {
            r.addressee = Some(
                clean(lines[i].text)
                    .trim_end_matches(['：', ':'])
                    .to_string(),
            );
        }
    }
    // 成文日期: the first line after the head that is only a date; 署名 above it.
    let body: Vec<usize> = non_empty
        .iter()
        .copied()
        .filter(|&i| i >= r.head_end)
        .collect();
    if let Some(p) = body
        .iter()
        .position(|&i| written_date(lines[i].text).is_some())
    {
        r.written = written_date(lines[body[p]].text);
        let mut sig = vec![];
        let mut q = p;
        while q > 0 && sig.len() < 3 {
            q -= 1;
            let t = lines[body[q]].text;
            if looks_like_org(t) {
                sig.insert(0, clean(t));
            } else {
                break;
            }
        }
        if !sig.is_empty() {
            r.signature = Some(sig.join("、"));
        }
        r.plain.extend(&body[p - sig.len()..=p]);
        // 附件说明: above the signature.
        let sig_start = p - sig.len();
        for q in (0..sig_start).rev() {
            let t = lines[body[q]].text;
            let f = clean(t);
            if let Some(first) = f.strip_prefix("附件：").or_else(|| f.strip_prefix("附件:")) {
                let mut items = vec![strip_item_number(first).unwrap_or(first).to_string()];
                r.plain.push(body[q]);
                for &i in &body[q + 1..sig_start] {
                    match strip_item_number(lines[i].text) {
                        Some(item) => items.push(clean(item)),
                        None => break,
                    }
                    r.plain.push(i);
                }
                r.attachments = items.into_iter().filter(|s| !s.is_empty()).collect();
                break;
            }
            if q + 4 < sig_start {
                break;
            }
        }
    }
    // 版记: the last lines, from the end.
    let mut imprint = vec![];
    for &i in body.iter().rev() {
        if is_imprint(lines[i].text) {
            r.plain.push(i);
            imprint.insert(
                0,
                lines[i]
                    .text
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" "),
            );
        } else {
            break;
        }
    }
    r.imprint = imprint;
    r.plain.sort_unstable();
    r.plain.dedup();
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines<'a>(texts: &[(&'a str, bool)]) -> Vec<Line<'a>> {
        texts
            .iter()
            .map(|&(text, centered)| Line { text, centered })
            .collect()
    }

    #[test]
    fn doc_numbers_are_normalised_to_hexagonal_brackets() {
        for s in [
            "示政办发[2021]12号",
            "示政办发〔2021〕12号",
            "示政办发（2021）12号",
            "示政办发(2021)012号",
            "示政办发【2021】12号",
            " 示政办发［２０２１］１２号　　签发人：王某某",
        ] {
            assert_eq!(
                doc_number(s).as_deref(),
                Some("示政办发〔2021〕12号"),
                "{s}"
            );
        }
        for s in [
            "各乡镇人民政府：",
            "〔2021〕12号",
            "示政办发[21]12号",
            "关于（2021）年度工作的通知",
        ] {
            assert_eq!(doc_number(s), None, "{s}");
        }
    }

    #[test]
    fn dates_in_arabic_and_chinese_numerals() {
        let d = NaiveDate::from_ymd_opt(2021, 8, 27);
        assert_eq!(written_date("2021年8月27日"), d);
        assert_eq!(written_date("二〇二一年八月二十七日"), d);
        assert_eq!(written_date("２０２１年８月２７日"), d);
        assert_eq!(
            written_date("二○二一年十二月三十一日"),
            NaiveDate::from_ymd_opt(2021, 12, 31)
        );
        assert_eq!(
            written_date("二〇二一年十月十日"),
            NaiveDate::from_ymd_opt(2021, 10, 10)
        );
        assert_eq!(written_date("2021年2月30日"), None);
        assert_eq!(written_date("于2021年8月27日印发"), None);
        assert_eq!(written_date("日"), None);
    }

    #[test]
    fn a_county_notice_with_mark_number_and_two_line_title() {
        let l = lines(&[
            ("示例县人民政府办公室文件", true),
            ("示政办发[2021]12号", true),
            ("", false),
            ("示例县人民政府办公室关于做好2021年秋季学期", true),
            ("学校安全工作的通知", true),
            ("各乡镇人民政府，县政府各部门：", false),
            ("现就有关事项通知如下。", false),
            ("一、总体要求", false),
            ("附件：1．示例县学校安全检查表", false),
            ("      2．示例县学校安全工作责任清单", false),
            ("示例县人民政府办公室", true),
            ("2021年8月27日", true),
            ("（此件公开发布）", false),
            ("抄送：县委办公室。", false),
            ("示例县人民政府办公室      2021年8月27日印发", false),
        ]);
        let r = recognise(&l);
        assert_eq!(r.mark.as_deref(), Some("示例县人民政府办公室"));
        assert_eq!(r.doc_number, Some(("示政办发〔2021〕12号".into(), 1)));
        assert_eq!(
            r.title.as_deref(),
            Some("示例县人民政府办公室关于做好2021年秋季学期学校安全工作的通知")
        );
        assert_eq!(r.head_end, 5);
        assert_eq!(r.addressee.as_deref(), Some("各乡镇人民政府，县政府各部门"));
        assert_eq!(
            r.attachments,
            ["示例县学校安全检查表", "示例县学校安全工作责任清单"]
        );
        assert_eq!(r.signature.as_deref(), Some("示例县人民政府办公室"));
        assert_eq!(r.written, NaiveDate::from_ymd_opt(2021, 8, 27));
        assert_eq!(r.imprint.len(), 2);
        assert_eq!(r.plain, [8, 9, 10, 11, 13, 14]);
        assert_eq!(r.classified, None);
    }

    #[test]
    fn a_town_notice_without_number() {
        let l = lines(&[
            ("示例县城关镇人民政府", true),
            ("城关镇人民政府关于开展秋季农村人居环境整治的通知", true),
            ("各村（社区）：", false),
            ("请认真抓好落实。", false),
            ("附件：城关镇秋季农村人居环境整治任务表", false),
            ("示例县城关镇人民政府", true),
            ("二〇二一年九月三日", true),
            ("附件", false),
        ]);
        let r = recognise(&l);
        assert_eq!(r.doc_number, None);
        assert_eq!(r.mark.as_deref(), Some("示例县城关镇人民政府"));
        assert_eq!(
            r.title.as_deref(),
            Some("城关镇人民政府关于开展秋季农村人居环境整治的通知")
        );
        assert_eq!(r.attachments, ["城关镇秋季农村人居环境整治任务表"]);
        assert_eq!(r.written, NaiveDate::from_ymd_opt(2021, 9, 3));
        assert_eq!(r.issuer(), Some("示例县城关镇人民政府"));
    }

    #[test]
    fn no_mark_no_signature_nothing_invented() {
        let l = lines(&[("关于调整会议时间的通知", true), ("会议改期。", false)]);
        let r = recognise(&l);
        assert_eq!(r.mark, None);
        assert_eq!(r.title.as_deref(), Some("关于调整会议时间的通知"));
        assert_eq!(r.signature, None);
        assert_eq!(r.written, None);
        assert_eq!(r.issuer(), None);
        assert_eq!(recognise(&[]), Recognised::default());
    }

    #[test]
    fn a_classified_mark_is_found() {
        let l = lines(&[
            ("000123", false),
            ("机密★1年", false),
            ("关于某事的通知", true),
        ]);
        let r = recognise(&l);
        assert_eq!(r.classified.as_deref(), Some("机密★1年"));
        assert_eq!(r.title.as_deref(), Some("关于某事的通知"));
    }
}
