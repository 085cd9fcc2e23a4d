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
//!    `gao ling jin tie`, initials `lsjz`), to the words of the portal's
//!    [`Vocabulary`] (titles, 主题词, the dictionary) with that pinyin (the
//!    `pinyin` crate, at build time), most documents first, then their other
//!    names: "拼音“dibao”：“低保”即“最低生活保障”";
//! 3. **the dictionary** of everyday and official names ([`Lexicon`]): each
//!    form found in the query replaced by each of its other names,
//!    "“低保”即“最低生活保障”" (or "“最低生活保障”也称“低保”" the other way);
//! 4. **a question** (如何申请低保, 高龄津贴怎么领), when the exact results number at
//!    most [`RARE_AT_MOST`]: what it asks about, [`QUESTION_WORDS`], 的, a closing
//!    吗 呢 … and the [`ASKING_VERBS`] at the edges of what is left left out,
//!    "略去“如何”“申请”", then the same with the dictionary's names; it takes the
//!    place of step 3 for such a query, and step 6 splits what it asks about;
//! 5. **did you mean**, when the exact results number at most
//!    [`RARE_AT_MOST`]: a vocabulary word of four characters or more that a
//!    term holds with one character wrong (临时求助 → 临时救助), or, in a term
//!    of at most [`MAX_SOUND_CHARS`], with the same sound, tones aside, however
//!    many characters differ (就业补帖 → 就业补贴, 林时就助 → 临时救助); the
//!    same sound first, then fewer wrong characters, then the word in more
//!    documents: "“临时求助”是不是“临时救助”". When nothing at all is found, a
//!    term of two or three Han characters is matched by sound alone against the
//!    words of its length (地保 → 低保, a pinyin input method's wrong pick). The sound needs the pinyin of
//!    the typed characters first: the browser fetches [`vocabulary_keys`],
//!    then [`sound_keys`];
//! 6. **the words of the phrase**, when the exact results number at most
//!    [`RARE_AT_MOST`]: each term of three or more Han characters split into
//!    the dictionary's words, else pairs of characters, all required,
//!    "同时包含“农机”和“补贴”".
//!
//! [`rewrites`] is a pure function of the query, the exact count, the
//! lexicon and the vocabulary, mirrored by `static/search/related.js`; both
//! are checked against `tests/data/related_vectors.json`. The browser reads
//! the lexicon from `search/lexicon.json`, which the export writes from
//! [`Lexicon::to_json`], and of the vocabulary only the keys
//! [`vocabulary_keys`] names (a few shards of about 2 KB). The as-you-type
//! suggestions ([`suggestions`]) read one key per prefix.

use std::cmp::Reverse;
use std::collections::{HashMap, HashSet};
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
        lex
    }

    /// Its words of two characters or more, sorted (the vocabulary takes them).
    pub fn word_list(&self) -> Vec<&String> {
        let mut words: Vec<&String> = self.words.iter().collect();
        words.sort();
        words
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
        full.push_str(&typed_pinyin(p.plain()));
        initials.push_str(&typed_pinyin(p.first_letter()));
    }
    let mut keys = vec![full];
    if word.chars().count() >= 3 {
        keys.push(initials);
    }
    keys
}

/// Pinyin as typed on a keyboard: ü as v (lü → lv).
fn typed_pinyin(plain: &str) -> String {
    plain.replace('ü', "v")
}

/// One rewritten query and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Rewrite {
    pub query: String,
    pub reason: String,
}

/// The rewrites of `query` whose exact results number `exact_total`, in
/// block order, at most [`MAX_REWRITES`], none equal to the query itself.
/// Of `vocab` it reads only the keys [`vocabulary_keys`] names.
pub fn rewrites(
    query: &str,
    exact_total: usize,
    lex: &Lexicon,
    vocab: &Vocabulary,
) -> Vec<Rewrite> {
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

    if let Some(letters) = pinyin_query(&terms) {
        for word in vocab.pinyin_words(&letters).into_iter().take(3) {
            push(
                word.to_string(),
                format!("拼音“{letters}”：“{word}”"),
                &mut out,
            );
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
    let asked = (exact_total <= RARE_AT_MOST)
        .then(|| question(&terms))
        .flatten();
    for (ti, term) in terms.iter().enumerate().filter(|_| asked.is_none()) {
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

    // A question (如何申请低保, 高龄津贴怎么领): what it asks about, then the same
    // with each everyday name replaced (in place of the dictionary's rewrites of
    // the question itself, which no document holds).
    if let Some((asked, left_out)) = &asked {
        let why = format!("略去{}", quoted(left_out));
        push(asked.join(" "), why.clone(), &mut out);
        for (ti, term) in asked.iter().enumerate() {
            let chars: Vec<char> = term.chars().collect();
            let Some((i, len)) = (0..chars.len()).find_map(|i| {
                longest_at(&chars, i, chars.len() - i, |f| lex.forms.contains_key(f))
                    .map(|len| (i, len))
            }) else {
                continue;
            };
            let form: String = chars[i..i + len].iter().collect();
            for (other, official) in &lex.forms[&form] {
                let mut t = asked.clone();
                t[ti] = chars[..i]
                    .iter()
                    .copied()
                    .chain(other.chars())
                    .chain(chars[i + len..].iter().copied())
                    .collect();
                let how = if *official { "即" } else { "也称" };
                push(
                    t.join(" "),
                    format!("{why}，“{form}”{how}“{other}”"),
                    &mut out,
                );
            }
        }
    }

    if exact_total <= RARE_AT_MOST {
        let mut shown = 0;
        for s in did_you_mean(&terms, exact_total, lex, vocab) {
            if shown == MAX_SUGGESTIONS {
                break;
            }
            let chars: Vec<char> = terms[s.term].chars().collect();
            let new: String = chars[..s.at]
                .iter()
                .copied()
                .chain(s.word.chars())
                .chain(chars[s.at + s.typed.chars().count()..].iter().copied())
                .collect();
            let before = out.len();
            push(
                with_term(s.term, &new),
                format!("“{}”是不是“{}”", s.typed, s.word),
                &mut out,
            );
            shown += usize::from(out.len() > before);
        }
    }

    if exact_total <= RARE_AT_MOST {
        // A question's words are those of what it asks about.
        let terms = asked.map_or(terms, |(asked, _)| asked);
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

/// Words that make a query a question (低保需要什么材料, 如何申请低保); where one
/// holds another the longer comes first.
pub const QUESTION_WORDS: [&str; 36] = [
    "请问",
    "有没有",
    "什么是",
    "为什么",
    "为何",
    "咋",
    "啥",
    "才能",
    "应该",
    "怎么样",
    "怎么",
    "怎样",
    "如何",
    "在哪里",
    "在哪儿",
    "在哪",
    "去哪里",
    "去哪",
    "哪里",
    "哪儿",
    "哪些",
    "哪个",
    "是什么",
    "什么",
    "多少钱",
    "是多少",
    "多少",
    "是否",
    "能不能",
    "可不可以",
    "能否",
    "可以",
    "需要",
    "我想",
    "我要",
    "想要",
];
/// What ends a question (有低保吗, 怎么办呢). 怎么办 is 怎么 and the verb 办, so that
/// 怎么办理 leaves 办理 whole.
pub const QUESTION_ENDS: [char; 6] = ['吗', '呢', '吧', '啊', '呀', '了'];
/// Verbs said around the thing asked about (申请低保, 高龄津贴怎么领), left out at
/// the edges of what a question leaves; longer first.
pub const ASKING_VERBS: [&str; 12] = [
    "申请", "办理", "申领", "领取", "查询", "缴纳", "提取", "领", "办", "查", "交", "缴",
];
/// A piece of a question made only of these says nothing (有低保吗 → 低保).
const FILLERS: [char; 10] = ['有', '是', '我', '要', '想', '去', '在', '能', '会', '该'];

/// What a question asks about: each term cut at the question words and at 的, a
/// closing 吗 呢 … dropped, the verbs at the edges of each piece and pieces of
/// fillers only left out. `None` unless the query holds a question word or
/// ending and something is left; else the pieces, and what was left out, in order.
fn question(terms: &[String]) -> Option<(Vec<String>, Vec<String>)> {
    let mut pieces: Vec<String> = Vec::new();
    let mut left_out: Vec<String> = Vec::new();
    let mut asks = false;
    let drop = |w: &str, left_out: &mut Vec<String>| {
        if !left_out.iter().any(|x| x == w) {
            left_out.push(w.to_string());
        }
    };
    for term in terms {
        let chars: Vec<char> = term.chars().collect();
        let mut end = chars.len();
        while end > 0 && QUESTION_ENDS.contains(&chars[end - 1]) {
            asks = true;
            end -= 1;
        }
        let ends = &chars[end..];
        let mut i = 0;
        // 有……吗: whether there is one.
        if !ends.is_empty() && chars.first() == Some(&'有') {
            drop("有", &mut left_out);
            i = 1;
        }
        let mut cut: Vec<String> = vec![String::new()];
        while i < end {
            let rest: String = chars[i..end].iter().collect();
            if let Some(q) = QUESTION_WORDS.iter().find(|q| rest.starts_with(*q)) {
                asks = true;
                drop(q, &mut left_out);
                cut.push(String::new());
                i += q.chars().count();
            } else if chars[i] == '的' {
                drop("的", &mut left_out);
                cut.push(String::new());
                i += 1;
            } else {
                cut.last_mut().expect("one piece at least").push(chars[i]);
                i += 1;
            }
        }
        for piece in cut {
            let mut p = piece.as_str();
            if let Some(v) = ASKING_VERBS.iter().find(|v| p.starts_with(*v)) {
                drop(v, &mut left_out);
                p = &p[v.len()..];
            }
            if let Some(v) = ASKING_VERBS.iter().find(|v| p.ends_with(*v)) {
                drop(v, &mut left_out);
                p = &p[..p.len() - v.len()];
            }
            if p.chars().all(|c| FILLERS.contains(&c)) {
                if !p.is_empty() {
                    drop(p, &mut left_out);
                }
                continue;
            }
            pieces.push(p.to_string());
        }
        for c in ends {
            drop(&c.to_string(), &mut left_out);
        }
    }
    (asks && !pieces.is_empty()).then_some((pieces, left_out))
}

/// “A”“B”.
fn quoted(words: &[String]) -> String {
    words.iter().map(|w| format!("“{w}”")).collect()
}

/// Did-you-mean looks at terms of at most this many characters.
pub const MAX_TYPO_CHARS: usize = 16;
/// ... and for the same sound, at terms of at most this many (each window of
/// four characters or more is one pinyin key: 15 at most).
pub const MAX_SOUND_CHARS: usize = 8;

/// The whole query, spaces dropped, when made only of letters (two or more).
fn pinyin_query(terms: &[String]) -> Option<String> {
    let letters: String = terms.concat();
    (letters.len() >= 2 && letters.bytes().all(|b| b.is_ascii_lowercase())).then_some(letters)
}

/// The terms did-you-mean looks at, as characters.
fn typo_terms(terms: &[String]) -> impl Iterator<Item = (usize, Vec<char>)> + '_ {
    terms.iter().enumerate().filter_map(|(ti, t)| {
        let chars: Vec<char> = t.chars().collect();
        (4..=MAX_TYPO_CHARS)
            .contains(&chars.len())
            .then_some((ti, chars))
    })
}

/// Terms of two or three Han characters, looked at by sound alone when nothing is
/// found: a pinyin input method's wrong pick (地保 for 低保, 社宝 for 社保).
fn short_terms(
    terms: &[String],
    exact_total: usize,
) -> impl Iterator<Item = (usize, Vec<char>)> + '_ {
    terms.iter().enumerate().filter_map(move |(ti, t)| {
        let chars: Vec<char> = t.chars().collect();
        (exact_total == 0 && (2..=3).contains(&chars.len()) && chars.iter().all(|c| is_han(*c)))
            .then_some((ti, chars))
    })
}

/// The toneless pinyin of a term, spaces dropped, when every character has one.
fn sound_of_term(chars: &[char], vocab: &Vocabulary) -> Option<String> {
    chars
        .iter()
        .map(|c| vocab.sound(*c))
        .collect::<Option<Vec<&str>>>()
        .map(|s| s.concat())
}

/// The bigrams of Han characters of a term.
fn han_bigrams(chars: &[char]) -> impl Iterator<Item = String> + '_ {
    chars
        .windows(2)
        .filter(|w| w.iter().all(|c| is_han(*c)))
        .map(|w| w.iter().collect())
}

/// One did-you-mean candidate, ordered best first by its derived order:
/// the same sound, fewer wrong characters, more documents, earlier term and
/// place, then the word.
#[derive(PartialEq, Eq, PartialOrd, Ord)]
struct Suggestion {
    other_sound: bool,
    wrong: usize,
    docs: Reverse<u64>,
    term: usize,
    at: usize,
    word: String,
    typed: String,
}

/// The windows of four characters or more of a short term whose characters
/// all have a sound: (start, length, toneless pinyin without spaces).
fn sound_windows(chars: &[char], sounds: &[Option<&str>]) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    if chars.len() > MAX_SOUND_CHARS {
        return out;
    }
    for len in 4..=chars.len() {
        for at in 0..=chars.len() - len {
            let s: Option<Vec<&str>> = sounds[at..at + len].iter().copied().collect();
            if let Some(s) = s {
                out.push((at, len, s.concat()));
            }
        }
    }
    out
}

/// The pinyin keys of the sound windows: what [`rewrites`] reads once the
/// characters' sounds (`c:` keys of [`vocabulary_keys`]) are known.
pub fn sound_keys(query: &str, exact_total: usize, vocab: &Vocabulary) -> Vec<String> {
    let mut keys: Vec<String> = Vec::new();
    if query.chars().count() > MAX_QUERY_CHARS || exact_total > RARE_AT_MOST {
        return keys;
    }
    let terms: Vec<String> = split_query(query).into_iter().map(fold).collect();
    for (_, chars) in typo_terms(&terms) {
        let sounds: Vec<Option<&str>> = chars.iter().map(|c| vocab.sound(*c)).collect();
        keys.extend(
            sound_windows(&chars, &sounds)
                .into_iter()
                .map(|(_, _, k)| format!("p:{k}")),
        );
    }
    for (_, chars) in short_terms(&terms, exact_total) {
        keys.extend(sound_of_term(&chars, vocab).map(|k| format!("p:{k}")));
    }
    let mut seen = HashSet::new();
    keys.retain(|k| seen.insert(k.clone()));
    keys
}

/// Vocabulary words that a term holds with one character wrong or with the
/// same sound (a window that is itself a known word is right as typed).
fn did_you_mean(
    terms: &[String],
    exact_total: usize,
    lex: &Lexicon,
    vocab: &Vocabulary,
) -> Vec<Suggestion> {
    let mut found: Vec<Suggestion> = Vec::new();
    // A short term: the words of its length that sound as it does. One that is
    // itself among them is right as typed.
    for (ti, chars) in short_terms(terms, exact_total) {
        let Some(key) = sound_of_term(&chars, vocab) else {
            continue;
        };
        let typed: String = chars.iter().collect();
        let same = vocab.pinyin_entries(&key);
        if lex.words.contains(&typed) || same.iter().any(|(w, _)| *w == typed) {
            continue;
        }
        for (word, docs) in same {
            let wc: Vec<char> = word.chars().collect();
            if wc.len() != chars.len() || !wc.iter().all(|c| is_han(*c)) {
                continue;
            }
            found.push(Suggestion {
                other_sound: false,
                wrong: wc.iter().zip(&chars).filter(|(a, b)| a != b).count(),
                docs: Reverse(docs),
                term: ti,
                at: 0,
                word: word.to_string(),
                typed: typed.clone(),
            });
        }
    }
    for (ti, chars) in typo_terms(terms) {
        let sounds: Vec<Option<&str>> = chars.iter().map(|c| vocab.sound(*c)).collect();
        // The same sound: the typed characters' pinyin, spaces dropped, is the word's.
        let sound_of = |at: usize, len: usize| -> Option<String> {
            let s: Option<Vec<&str>> = sounds[at..at + len].iter().copied().collect();
            s.map(|s| s.concat())
        };
        let near: Vec<Vec<(&str, u64, Vec<&str>)>> =
            han_bigrams(&chars).map(|b| vocab.near(&b)).collect();
        let known =
            |w: &str| lex.words.contains(w) || near.iter().flatten().any(|(x, _, _)| *x == w);
        let mut seen: HashSet<&str> = HashSet::new();
        for (word, docs, syllables) in near.iter().flatten() {
            if !seen.insert(*word) {
                continue;
            }
            let wc: Vec<char> = word.chars().collect();
            if wc.len() > chars.len() || syllables.len() != wc.len() {
                continue;
            }
            for at in 0..=chars.len() - wc.len() {
                let window = &chars[at..at + wc.len()];
                if !window.iter().all(|c| is_han(*c)) {
                    continue;
                }
                let wrong = window.iter().zip(&wc).filter(|(a, b)| a != b).count();
                let same_sound = sound_of(at, wc.len()) == Some(syllables.concat());
                if wrong == 0 || (wrong > 1 && !same_sound) {
                    continue;
                }
                let typed: String = window.iter().collect();
                if known(&typed) {
                    continue;
                }
                found.push(Suggestion {
                    other_sound: !same_sound,
                    wrong,
                    docs: Reverse(*docs),
                    term: ti,
                    at,
                    word: word.to_string(),
                    typed,
                });
            }
        }
        // Words sounding as a window, whichever characters differ.
        for (at, len, key) in sound_windows(&chars, &sounds) {
            for (word, docs) in vocab.pinyin_entries(&key) {
                let wc: Vec<char> = word.chars().collect();
                let window = &chars[at..at + len];
                if wc.len() != len || !window.iter().all(|c| is_han(*c)) {
                    continue;
                }
                let wrong = window.iter().zip(&wc).filter(|(a, b)| a != b).count();
                let typed: String = window.iter().collect();
                if wrong == 0 || known(&typed) {
                    continue;
                }
                found.push(Suggestion {
                    other_sound: false,
                    wrong,
                    docs: Reverse(docs),
                    term: ti,
                    at,
                    word: word.to_string(),
                    typed,
                });
            }
        }
    }
    found.sort();
    found.dedup();
    found
}

/// The vocabulary keys [`rewrites`] reads for this query: what the browser
/// fetches before it computes them.
pub fn vocabulary_keys(query: &str, exact_total: usize) -> Vec<String> {
    let mut keys: Vec<String> = Vec::new();
    if query.chars().count() > MAX_QUERY_CHARS {
        return keys;
    }
    let terms: Vec<String> = split_query(query).into_iter().map(fold).collect();
    if let Some(letters) = pinyin_query(&terms) {
        keys.push(format!("p:{letters}"));
    }
    if exact_total <= RARE_AT_MOST {
        for (_, chars) in typo_terms(&terms) {
            keys.extend(han_bigrams(&chars).map(|b| format!("n:{b}")));
            keys.extend(
                chars
                    .iter()
                    .filter(|c| is_han(**c))
                    .map(|c| format!("c:{c}")),
            );
        }
        for (_, chars) in short_terms(&terms, exact_total) {
            keys.extend(chars.iter().map(|c| format!("c:{c}")));
        }
    }
    let mut seen = HashSet::new();
    keys.retain(|k| seen.insert(k.clone()));
    keys
}

/// What the search box has typed, folded and trimmed, when it is a prefix
/// suggestions can follow: Han first (its first character is the key), or
/// letters only (pinyin; its first two letters are the key).
fn suggestion_prefix(typed: &str) -> Option<(String, String)> {
    let p = fold(typed);
    let terms = split_query(&p);
    let [p] = terms.as_slice() else {
        return None;
    };
    let first = p.chars().next()?;
    if is_han(first) {
        return Some((first.to_string(), p.to_string()));
    }
    (p.len() >= 2 && p.len() <= 32 && p.bytes().all(|b| b.is_ascii_lowercase()))
        .then(|| (p[..2].to_string(), p.to_string()))
}

/// The vocabulary key the suggestions for `typed` read, if any.
pub fn suggestion_key(typed: &str) -> Option<String> {
    suggestion_prefix(typed).map(|(k, _)| format!("s:{k}"))
}

/// As-you-type suggestions (关键词推荐): vocabulary words longer than what is
/// typed that start with it (or whose pinyin does), most documents first.
pub fn suggestions(typed: &str, vocab: &Vocabulary) -> Vec<String> {
    let Some((key, p)) = suggestion_prefix(typed) else {
        return Vec::new();
    };
    let han = p.chars().next().is_some_and(is_han);
    vocab
        .prefixed(&key)
        .into_iter()
        .filter(|(w, py)| {
            if han {
                w.len() > p.len() && w.starts_with(p.as_str())
            } else {
                py.starts_with(p.as_str())
            }
        })
        .map(|(w, _)| w.to_string())
        .take(vocabulary::SUGGESTIONS)
        .collect()
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
    vocab: &Vocabulary,
) -> Result<Vec<RelatedBlock>, SearchError> {
    let mut blocks = Vec::new();
    for rw in rewrites(query, exact_total, lex, vocab) {
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

pub mod vocabulary;
pub use vocabulary::{Vocabulary, VocabularyDoc};

#[cfg(test)]
mod tests;
