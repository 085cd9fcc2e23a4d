//! Related results: what a query finds besides the documents that contain it.
//!
//! The exact results stay exactly those documents (recall = precision = 1).
//! Related results come after them in separate blocks, each the exact answer
//! to one rewritten query, with the reason in Chinese and its own count and
//! facets. The rewrites, in block order:
//!
//! 1. **文号** as residents type it (`示政办2026 3号`, `示政办2026年3号`,
//!    `示政办〔2026〕第3号`): the standard form, "按文号“示政办〔2026〕3号”";
//! 2. **pinyin**: a query of letters only, spaces dropped (`dibao`,
//!    `gao ling jin tie`, initials `lsjz`), to the dictionary's words with
//!    that pinyin (the `pinyin` crate, at build time; the browser fetches
//!    `pinyin.json` only for such a query), then their other names:
//!    "拼音“dibao”：“低保”即“最低生活保障”";
//! 3. **the dictionary** of everyday and official names ([`Lexicon`]): each
//!    form found in the query replaced by each of its other names,
//!    "“低保”即“最低生活保障”" (or "“最低生活保障”也称“低保”" the other way);
//! 4. **did you mean**, when the exact results number at most
//!    [`RARE_AT_MOST`]: a dictionary word of four characters or more that
//!    the query holds with one character wrong, "“临时求助”是不是“临时救助”";
//! 5. **the words of the phrase**, when the exact results number at most
//!    [`RARE_AT_MOST`]: each term of three or more Han characters split into
//!    the dictionary's words, else pairs of characters, all required,
//!    "同时包含“农机”和“补贴”".
//!
//! [`rewrites`] is a pure function of the query, the exact count and the
//! lexicon, mirrored by `static/search/related.js`; both are checked against
//! `tests/data/related_vectors.json`. The browser reads the lexicon from
//! `search/lexicon.json`, which the export writes from [`Lexicon::to_json`].

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use serde::Serialize;

use super::doc_number::{exact_key, query_doc_number};
use super::tokenizer::{fold, is_han, split_query};
use super::{Facets, SearchError, SearchHit, SearchOptions};

/// The dictionary shipped with the binary.
pub const BUILTIN_LEXICON: &str = include_str!("lexicon.txt");
/// The phrase's words are tried when the exact results are at most this many.
pub const RARE_AT_MOST: usize = 2;
/// Rewrites (and so related blocks, each a search) per query at most.
pub const MAX_REWRITES: usize = 6;
/// "Did you mean" rewrites per query at most.
pub const MAX_SUGGESTIONS: usize = 2;
/// Longer queries get no rewrites: they are pasted text, not typed words.
pub const MAX_QUERY_CHARS: usize = 64;
/// Longest form of a lexicon entry, in characters.
pub use crate::config::MAX_LEXICON_FORM_CHARS as MAX_FORM_CHARS;
/// Version of `lexicon.json`, checked by `related.js`.
pub const LEXICON_FORMAT: u32 = 1;

/// Everyday and official names, in the order written.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Lexicon {
    /// (everyday, officials), folded.
    entries: Vec<(String, Vec<String>)>,
    /// Folded form -> (other name, whether it is the official one).
    forms: HashMap<String, Vec<(String, bool)>>,
    /// Every form of two characters or more: the words of the split.
    words: HashSet<String>,
    longest: usize,
    /// Pinyin without tones of each word, whole (`dibao`) and initials
    /// (`db`), to the words, sorted: `pinyin.json` for the browser.
    pinyin: BTreeMap<String, Vec<String>>,
}

/// One problem in a lexicon text: line (1-based) and message.
pub type LexiconError = (usize, String);

impl Lexicon {
    /// The shipped dictionary and this portal's `搜索词典` entries.
    pub fn of(config: &crate::config::Config) -> Lexicon {
        Lexicon::with_extra(&config.search_lexicon)
    }

    /// The shipped dictionary (tested to parse without a problem).
    pub fn builtin() -> Lexicon {
        Lexicon::new(Lexicon::parse(BUILTIN_LEXICON).0)
    }

    /// The shipped dictionary and a portal's own entries after it.
    pub fn with_extra(extra: &[(String, Vec<String>)]) -> Lexicon {
        let mut entries = Lexicon::parse(BUILTIN_LEXICON).0;
        entries.extend(extra.iter().cloned());
        Lexicon::new(entries)
    }

    /// Reads `everyday = official | official` lines; `#` starts a comment.
    pub fn parse(text: &str) -> (Vec<(String, Vec<String>)>, Vec<LexiconError>) {
        let mut entries = Vec::new();
        let mut errors = Vec::new();
        for (i, raw) in text.lines().enumerate() {
            let line = raw.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            let Some((everyday, officials)) = line.split_once('=') else {
                errors.push((i + 1, format!("“{line}”缺少“=”")));
                continue;
            };
            let officials: Vec<String> =
                officials.split('|').map(|s| s.trim().to_string()).collect();
            match check_entry(everyday.trim(), &officials) {
                Ok(()) => entries.push((everyday.trim().to_string(), officials)),
                Err(e) => errors.push((i + 1, e)),
            }
        }
        (entries, errors)
    }

    /// Builds the lookup tables; entries failing [`check_entry`] are left out.
    pub fn new(entries: Vec<(String, Vec<String>)>) -> Lexicon {
        let mut lex = Lexicon::default();
        for (everyday, officials) in entries {
            if check_entry(&everyday, &officials).is_err() {
                continue;
            }
            let everyday = fold(&everyday);
            let officials: Vec<String> = officials.iter().map(|o| fold(o)).collect();
            for official in &officials {
                // One name inside the other adds nothing: the shorter one's
                // search already finds every document holding the longer.
                if everyday.contains(official.as_str()) || official.contains(everyday.as_str()) {
                    continue;
                }
                lex.add_form(&everyday, official, true);
                lex.add_form(official, &everyday, false);
            }
            for form in std::iter::once(&everyday).chain(&officials) {
                let n = form.chars().count();
                if n >= 2 {
                    lex.words.insert(form.clone());
                }
                lex.longest = lex.longest.max(n);
            }
            lex.entries.push((everyday, officials));
        }
        let mut words: Vec<&String> = lex.words.iter().collect();
        words.sort();
        for w in words {
            for key in pinyin_keys(w) {
                let list = lex.pinyin.entry(key).or_default();
                if !list.contains(w) {
                    list.push(w.clone());
                }
            }
        }
        lex
    }

    /// `{"v": 1, "p": {"dibao": ["低保"], "db": [...]}}`: what `related.js`
    /// fetches for a query made only of letters.
    pub fn pinyin_json(&self) -> String {
        serde_json::json!({ "v": LEXICON_FORMAT, "p": self.pinyin }).to_string()
    }

    fn add_form(&mut self, form: &str, other: &str, official: bool) {
        let list = self.forms.entry(form.to_string()).or_default();
        if !list.iter().any(|(o, _)| o == other) {
            list.push((other.to_string(), official));
        }
    }

    pub fn entries(&self) -> &[(String, Vec<String>)] {
        &self.entries
    }

    /// `{"v": 1, "e": [["低保", ["最低生活保障"]], …]}`: what `related.js` reads.
    pub fn to_json(&self) -> String {
        serde_json::json!({
            "v": LEXICON_FORMAT,
            "e": self.entries.iter().map(|(e, o)| serde_json::json!([e, o])).collect::<Vec<_>>(),
        })
        .to_string()
    }
}

pub use crate::config::check_lexicon_entry as check_entry;

/// A word's pinyin keys: whole (`dibao`) and, for three characters or more,
/// initials (`lsjz`; two initials such as `db` match too much). None when a
/// character has no pinyin.
fn pinyin_keys(word: &str) -> Vec<String> {
    use pinyin::ToPinyin;
    let mut full = String::new();
    let mut initials = String::new();
    for p in word.to_pinyin() {
        let Some(p) = p else {
            return Vec::new();
        };
        full.push_str(p.plain());
        initials.push_str(p.first_letter());
    }
    let mut keys = vec![full];
    if word.chars().count() >= 3 {
        keys.push(initials);
    }
    keys
}

/// One rewritten query and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Rewrite {
    pub query: String,
    pub reason: String,
}

/// The rewrites of `query` whose exact results number `exact_total`, in
/// block order, at most [`MAX_REWRITES`], none equal to the query itself.
pub fn rewrites(query: &str, exact_total: usize, lex: &Lexicon) -> Vec<Rewrite> {
    let mut out: Vec<Rewrite> = Vec::new();
    if query.chars().count() > MAX_QUERY_CHARS {
        return out;
    }
    let terms: Vec<String> = split_query(query).into_iter().map(fold).collect();
    if terms.is_empty() {
        return out;
    }
    let original = terms.join(" ");
    let push = |q: String, reason: String, out: &mut Vec<Rewrite>| {
        if q != original && out.len() < MAX_REWRITES && !out.iter().any(|r| r.query == q) {
            out.push(Rewrite { query: q, reason });
        }
    };

    if let Some(number) = query_doc_number(query)
        && exact_key(&number) != exact_key(query)
    {
        let reason = format!("按文号“{number}”");
        push(number, reason, &mut out);
    }

    // Pinyin: the whole query, spaces dropped, made only of letters.
    let letters: String = terms.concat();
    if letters.len() >= 2 && letters.bytes().all(|b| b.is_ascii_lowercase()) {
        for word in lex.pinyin.get(&letters).into_iter().flatten().take(3) {
            push(word.clone(), format!("拼音“{letters}”：“{word}”"), &mut out);
            for (other, official) in lex.forms.get(word).into_iter().flatten() {
                let how = if *official { "即" } else { "也称" };
                push(
                    other.clone(),
                    format!("拼音“{letters}”：“{word}”{how}“{other}”"),
                    &mut out,
                );
            }
        }
    }

    let with_term = |ti: usize, new: &str| -> String {
        let mut t = terms.clone();
        t[ti] = new.to_string();
        t.join(" ")
    };
    for (ti, term) in terms.iter().enumerate() {
        let chars: Vec<char> = term.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            let Some(len) = longest_at(&chars, i, chars.len() - i, |f| lex.forms.contains_key(f))
            else {
                i += 1;
                continue;
            };
            let form: String = chars[i..i + len].iter().collect();
            for (other, official) in &lex.forms[&form] {
                let new: String = chars[..i]
                    .iter()
                    .chain(other.chars().collect::<Vec<_>>().iter())
                    .chain(chars[i + len..].iter())
                    .collect();
                let reason = if *official {
                    format!("“{form}”即“{other}”")
                } else {
                    format!("“{form}”也称“{other}”")
                };
                push(with_term(ti, &new), reason, &mut out);
            }
            i += len;
        }
    }

    // Did you mean: a dictionary word of four characters or more that the
    // term holds with one character wrong (临时求助 → 临时救助).
    if exact_total <= RARE_AT_MOST {
        let mut sorted: Vec<&String> = lex
            .words
            .iter()
            .filter(|w| w.chars().count() >= 4)
            .collect();
        sorted.sort();
        let mut found = 0;
        'terms: for (ti, term) in terms.iter().enumerate() {
            let chars: Vec<char> = term.chars().collect();
            for w in &sorted {
                let wc: Vec<char> = w.chars().collect();
                if wc.len() > chars.len() {
                    continue;
                }
                for at in 0..=chars.len() - wc.len() {
                    let window = &chars[at..at + wc.len()];
                    let wrong = window.iter().zip(&wc).filter(|(a, b)| a != b).count();
                    let typed: String = window.iter().collect();
                    // A window that is itself a word (住房补贴, not 租房补贴) is right.
                    if wrong == 1
                        && window.iter().all(|c| is_han(*c))
                        && !lex.words.contains(&typed)
                    {
                        let new: String = chars[..at]
                            .iter()
                            .chain(&wc)
                            .chain(&chars[at + wc.len()..])
                            .collect();
                        let typed: String = window.iter().collect();
                        push(
                            with_term(ti, &new),
                            format!("“{typed}”是不是“{w}”"),
                            &mut out,
                        );
                        found += 1;
                        if found == MAX_SUGGESTIONS {
                            break 'terms;
                        }
                    }
                }
            }
        }
    }

    if exact_total <= RARE_AT_MOST {
        let mut words_all: Vec<String> = Vec::new();
        let mut split_terms = terms.clone();
        for (ti, term) in terms.iter().enumerate() {
            let chars: Vec<char> = term.chars().collect();
            if chars.len() < 3 || !chars.iter().all(|c| is_han(*c)) {
                continue;
            }
            let words = split_words(&chars, lex);
            if words.len() >= 2 {
                split_terms[ti] = words.join(" ");
                words_all.extend(words);
            }
        }
        if !words_all.is_empty() {
            push(split_terms.join(" "), both_reason(&words_all), &mut out);
        }
    }
    out
}

/// Length of the longest form starting at `i`, of two characters at least
/// and at most `max`, that `known` accepts.
fn longest_at(chars: &[char], i: usize, max: usize, known: impl Fn(&str) -> bool) -> Option<usize> {
    (2..=max.min(MAX_FORM_CHARS))
        .rev()
        .find(|&len| known(&chars[i..i + len].iter().collect::<String>()))
}

/// A run of Han characters cut into words: at each place the longest
/// dictionary word shorter than the whole run, else two characters; a last
/// single character stays with the word before it.
fn split_words(chars: &[char], lex: &Lexicon) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let rest = chars.len() - i;
        let max = if i == 0 { rest - 1 } else { rest };
        let len = longest_at(chars, i, max, |w| lex.words.contains(w)).unwrap_or(2.min(rest));
        let word: String = chars[i..i + len].iter().collect();
        match words.last_mut() {
            Some(last) if len == 1 => last.push_str(&word),
            _ => words.push(word),
        }
        i += len;
    }
    words
}

/// 同时包含“A”和“B”, 同时包含“A”、“B”和“C”.
fn both_reason(words: &[String]) -> String {
    let mut quoted: Vec<String> = Vec::new();
    for w in words {
        let q = format!("“{w}”");
        if !quoted.contains(&q) {
            quoted.push(q);
        }
    }
    match quoted.split_last() {
        Some((last, rest)) if !rest.is_empty() => {
            format!("同时包含{}和{last}", rest.join("、"))
        }
        _ => format!("包含{}", quoted.join("")),
    }
}

/// One block of related results.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct RelatedBlock {
    pub reason: String,
    /// The rewritten query: what to search to refine this block (二次搜索).
    pub query: String,
    pub total: usize,
    pub results: Vec<SearchHit>,
    pub facets: Facets,
}

/// The related blocks of `query`, each searched with the same refinements
/// and page as the exact results; blocks that find nothing are left out.
pub fn search_related(
    index_dir: &Path,
    query: &str,
    exact_total: usize,
    opts: &SearchOptions,
    lex: &Lexicon,
) -> Result<Vec<RelatedBlock>, SearchError> {
    let mut blocks = Vec::new();
    for rw in rewrites(query, exact_total, lex) {
        let r = super::search(index_dir, &rw.query, opts)?;
        if r.total > 0 {
            blocks.push(RelatedBlock {
                reason: rw.reason,
                query: rw.query,
                total: r.total,
                results: r.results,
                facets: r.facets,
            });
        }
    }
    Ok(blocks)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn queries(q: &str, total: usize) -> Vec<(String, String)> {
        rewrites(q, total, &Lexicon::builtin())
            .into_iter()
            .map(|r| (r.query, r.reason))
            .collect()
    }

    fn pair(q: &str, r: &str) -> (String, String) {
        (q.to_string(), r.to_string())
    }

    #[test]
    fn builtin_lexicon_parses_and_has_real_pairs() {
        let (entries, errors) = Lexicon::parse(BUILTIN_LEXICON);
        assert!(errors.is_empty(), "{errors:?}");
        assert!(entries.len() >= 60, "{} entries", entries.len());
        let lex = Lexicon::builtin();
        assert_eq!(lex.entries().len(), entries.len());
        for (e, o) in [
            ("低保", "最低生活保障"),
            ("社保", "社会保险"),
            ("医保", "医疗保险"),
            ("年报", "年度报告"),
            ("十五五", "第十五个五年"),
            ("农机补贴", "农机购置与应用补贴"),
            ("养老补贴", "养老服务补贴"),
            ("医保缴费", "基本医疗保险参保缴费"),
        ] {
            assert!(lex.forms[e].iter().any(|(x, off)| x == o && *off), "{e}");
            assert!(lex.forms[o].iter().any(|(x, off)| x == e && !off), "{o}");
        }
    }

    #[test]
    fn lexicon_lines_with_problems_are_reported_with_their_line() {
        let (entries, errors) =
            Lexicon::parse("# 注释\n低保 = 最低生活保障\n没有等号\n空 = \n有 空格 = 正式\n");
        assert_eq!(entries.len(), 1);
        let lines: Vec<usize> = errors.iter().map(|e| e.0).collect();
        assert_eq!(lines, vec![3, 4, 5]);
        assert!(errors[0].1.contains("缺少“=”"));
    }

    #[test]
    fn dictionary_rewrites_say_why() {
        assert_eq!(
            queries("低保", 5),
            vec![pair("最低生活保障", "“低保”即“最低生活保障”")]
        );
        assert_eq!(
            queries("最低生活保障", 5),
            vec![pair("低保", "“最低生活保障”也称“低保”")]
        );
        assert_eq!(
            queries("社保补贴", 5),
            vec![pair("社会保险补贴", "“社保补贴”即“社会保险补贴”"),]
        );
        assert_eq!(
            queries("十五五规划", 5),
            vec![pair("第十五个五年规划", "“十五五”即“第十五个五年”")]
        );
        assert_eq!(
            queries("年报 2025", 5),
            vec![pair("年度报告 2025", "“年报”即“年度报告”")]
        );
        // The longest form wins: 医保缴费, not 医保.
        assert_eq!(queries("医保缴费", 5)[0].0, "基本医疗保险参保缴费");
        // A form inside the other adds nothing.
        assert!(queries("公积金", 5).is_empty());
    }

    #[test]
    fn rare_phrases_are_also_searched_as_their_words() {
        assert_eq!(
            queries("农机补贴", 0),
            vec![
                pair("农机购置与应用补贴", "“农机补贴”即“农机购置与应用补贴”"),
                pair("农机购置补贴", "“农机补贴”即“农机购置补贴”"),
                pair("农机 补贴", "同时包含“农机”和“补贴”"),
            ]
        );
        assert_eq!(
            queries("临时求助", 0),
            vec![
                pair("临时救助", "“临时求助”是不是“临时救助”"),
                pair("临时 求助", "同时包含“临时”和“求助”")
            ]
        );
        assert_eq!(
            queries("最底生活保障", 1),
            vec![
                pair("最低生活保障", "“最底生活保障”是不是“最低生活保障”"),
                pair("最底 生活 保障", "同时包含“最底”、“生活”和“保障”")
            ]
        );
        assert_eq!(
            queries("就业补帖", 0)[0],
            pair("就业补贴", "“就业补帖”是不是“就业补贴”")
        );
        // Dictionary words cut first; a last single character stays attached.
        assert_eq!(queries("低保申请书", 0)[1].0, "低保 申请书");
        // Common enough: the phrase alone.
        assert!(queries("临时求助", 3).is_empty());
        // A correct word is not "corrected".
        for q in ["临时救助", "住房补贴", "社保补贴"] {
            let got = queries(q, 0);
            assert!(got.iter().all(|r| !r.1.contains("是不是")), "{q}: {got:?}");
        }
        // Two characters, or not all Han: nothing to split.
        assert!(queries("求助", 0).is_empty());
        assert!(queries("5g网络", 0).is_empty());
    }

    #[test]
    fn document_numbers_typed_loosely_get_their_standard_form() {
        for q in [
            "示政办2026 3号",
            "示政办2026年3号",
            "示政办〔2026〕第3号",
            "示政办 2026 3",
        ] {
            assert_eq!(
                queries(q, 0)[0],
                pair("示政办〔2026〕3号", "按文号“示政办〔2026〕3号”"),
                "{q}"
            );
        }
        // Already the standard form (any brackets): the exact tier has it.
        assert!(queries("示政办[2026]3号", 1).is_empty());
    }

    #[test]
    fn pinyin_whole_spaced_or_initials_maps_to_dictionary_words() {
        assert_eq!(
            queries("dibao", 0),
            vec![
                pair("低保", "拼音“dibao”：“低保”"),
                pair("最低生活保障", "拼音“dibao”：“低保”即“最低生活保障”"),
            ]
        );
        assert_eq!(
            queries("gao ling jin tie", 0)[0],
            pair("高龄津贴", "拼音“gaolingjintie”：“高龄津贴”")
        );
        assert_eq!(
            queries("lsjz", 0)[0],
            pair("临时救助", "拼音“lsjz”：“临时救助”")
        );
        assert_eq!(queries("LinShi JiuZhu", 0)[0].0, "临时救助");
        // Two initials would match too much; unknown letters find nothing.
        assert!(queries("db", 0).is_empty());
        assert!(queries("qwerty", 0).is_empty());
    }

    #[test]
    fn rewrites_are_bounded() {
        let long = "低保".repeat(40);
        assert!(queries(&long, 0).is_empty());
        let many = "低保 医保 社保 年报 个税 考公 驾照 户口";
        assert_eq!(queries(many, 0).len(), MAX_REWRITES);
        assert!(queries("", 0).is_empty());
        assert!(queries("   ", 0).is_empty());
    }

    const VECTORS: &str = "tests/data/related_vectors.json";

    /// Seeded random queries mixing dictionary forms, 文号 pieces in every
    /// style, Han characters, digits and hostile characters.
    fn random_cases(lex: &Lexicon, seed: u64, n: usize) -> Vec<(String, usize)> {
        let mut rng = fastrand::Rng::with_seed(seed);
        let forms: Vec<&String> = {
            let mut f: Vec<&String> = lex.forms.keys().collect();
            f.sort();
            f
        };
        let pieces = [
            "示政办",
            "国办发",
            "粤府函",
            "京政办发",
            "2026",
            "2017",
            "３",
            "47",
            "05",
            "〔",
            "〕",
            "[",
            "]",
            "(",
            ")",
            "（",
            "）",
            "【",
            "】",
            "年",
            "第",
            "号",
            " ",
            "　",
            "\u{200b}",
            "\u{feff}",
            "发文字号：",
            "文号:",
            "，",
            "Ａ",
            "g",
            "补贴",
            "就业",
            "临时",
            "救助",
            "规划",
            "最底",
            "生活",
            "保障",
            "农机",
            "月",
            "日",
            "一",
            "〇",
        ];
        let organs = [
            "示政办",
            "国办发",
            "粤府函",
            "京政办发",
            "国发",
            "示政办字",
            "月",
        ];
        let seps = [
            "", " ", "〔", "〕", "[", "]", "(", ")", "（", "）", "【", "】", "年", "\u{200b}",
        ];
        let pick = |rng: &mut fastrand::Rng, from: &[&'static str]| from[rng.usize(0..from.len())];
        (0..n)
            .map(|i| {
                if i % 3 == 0 {
                    // A 文号 in some style, its parts perhaps in another order.
                    let organ = pick(&mut rng, &organs).to_string();
                    let year =
                        pick(&mut rng, &["2026", "2017", "1999", "1800", "２０２４"]).to_string();
                    let number = format!(
                        "{}{}{}",
                        if rng.bool() { "第" } else { "" },
                        pick(&mut rng, &["3", "47", "05", "0", "１２"]),
                        if rng.u8(0..4) > 0 { "号" } else { "" }
                    );
                    let mut parts = vec![organ, year, number];
                    if rng.u8(0..4) == 0 {
                        rng.shuffle(&mut parts);
                    }
                    let q = format!(
                        "{}{}{}{}{}",
                        parts[0],
                        pick(&mut rng, &seps),
                        parts[1],
                        pick(&mut rng, &seps),
                        parts[2]
                    );
                    return (q, [0, 1, 2, 3][rng.usize(0..4)]);
                }
                let k = rng.usize(1..7);
                let q: String = (0..k)
                    .map(|_| {
                        if rng.u8(0..3) == 0 {
                            forms[rng.usize(0..forms.len())].as_str()
                        } else {
                            pieces[rng.usize(0..pieces.len())]
                        }
                    })
                    .collect();
                (q, [0, 1, 2, 3, 10][rng.usize(0..5)])
            })
            .collect()
    }

    fn vectors() -> serde_json::Value {
        let lex = Lexicon::builtin();
        let fixed = [
            ("低保", 10),
            ("最低生活保障", 5),
            ("社保补贴", 0),
            ("养老补贴", 0),
            ("医保缴费", 0),
            ("年报", 0),
            ("十五五规划", 0),
            ("农机补贴", 0),
            ("临时求助", 0),
            ("就业补帖", 0),
            ("最底生活保障", 0),
            ("残疾人两项补贴", 0),
            ("示政办2026 3号", 0),
            ("示政办2026年3号", 0),
            ("示政办〔2026〕第3号", 0),
            ("示政办〔2026〕3号", 1),
            ("国办发〔2017〕47号", 1),
            ("2026年3月", 0),
            ("公积金", 0),
            ("低保 医保 社保 年报 个税 考公 驾照 户口", 0),
            ("dibao", 0),
            ("gao ling jin tie", 0),
            ("lsjz", 0),
            ("LinShi JiuZhu", 0),
            ("shebao", 0),
            ("db", 0),
        ];
        let mut cases: Vec<(String, usize)> =
            fixed.iter().map(|(q, t)| (q.to_string(), *t)).collect();
        cases.extend(random_cases(&lex, 20261201, 600));
        // Pinyin keys of the dictionary, whole or cut by spaces, and noise.
        let keys: Vec<&String> = lex.pinyin.keys().collect();
        let mut rng = fastrand::Rng::with_seed(20261202);
        for _ in 0..150 {
            let k = keys[rng.usize(0..keys.len())];
            let cut = rng.usize(0..=k.len());
            let q = match rng.u8(0..3) {
                0 => k.to_string(),
                1 => format!("{} {}", &k[..cut], &k[cut..]),
                _ => format!("{}x", k.to_uppercase()),
            };
            cases.push((q, 0));
        }
        let cases: Vec<serde_json::Value> = cases
            .iter()
            .map(|(q, t)| {
                serde_json::json!({
                    "q": q,
                    "total": t,
                    "number": query_doc_number(q),
                    "rewrites": rewrites(q, *t, &lex),
                })
            })
            .collect();
        serde_json::json!({
            "lexicon": serde_json::from_str::<serde_json::Value>(&lex.to_json()).unwrap(),
            "pinyin": serde_json::from_str::<serde_json::Value>(&lex.pinyin_json()).unwrap(),
            "cases": cases,
        })
    }

    /// The shared vectors are what this module computes (rewrite them with
    /// `XXGK_WRITE_VECTORS=1 cargo test --lib related`); `related.test.mjs`
    /// checks the browser against them: CLI = browser on random queries.
    #[test]
    fn shared_vectors_hold() {
        let want = vectors();
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(VECTORS);
        if std::env::var_os("XXGK_WRITE_VECTORS").is_some() {
            std::fs::write(&path, serde_json::to_string_pretty(&want).unwrap() + "\n").unwrap();
        }
        let got: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).expect("vectors file")).unwrap();
        assert!(
            got == want,
            "{VECTORS} is stale: rewrite it (see the doc comment)"
        );
        let cases = want["cases"].as_array().unwrap();
        let with = cases
            .iter()
            .filter(|c| !c["rewrites"].as_array().unwrap().is_empty())
            .count();
        let numbers = cases.iter().filter(|c| !c["number"].is_null()).count();
        assert!(
            with >= 150 && numbers >= 20,
            "{with} with rewrites, {numbers} 文号"
        );
    }
}
