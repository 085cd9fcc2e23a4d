//! The portal's own vocabulary: the words its residents may mean.
//!
//! Built at build time from the published titles, the documents' 主题词 and
//! the dictionary (related.rs), each word weighed by the number of documents
//! that hold it. Title words are the Han n-grams (2 to [`MAX_WORD_CHARS`]
//! characters) found in at least [`MIN_DOCS`] titles whose neighbours vary
//! on both sides (accessor variety: 最低生活保障 stays; 低生活保, always
//! after 最 and before 障, goes). Why n-grams, not a segmenter such as jieba: a segmenter's
//! general dictionary cuts government phrases where residents do not
//! (最低 / 生活 / 保障), and the words that matter here are exactly the
//! phrases this portal repeats; n-grams need no 5 MB dictionary in the
//! binary, and their counting is bounded (each length is counted only where
//! both shorter halves were frequent: Apriori). The [`VOCABULARY_CAP`] most
//! frequent title words are kept, then every 主题词 that its document's title
//! or body holds (so that searching it finds the document; 主题词 are not
//! indexed) and every dictionary word. Suggestions offer only words some
//! title or 主题词 holds: a dictionary word no title has could find nothing.
//!
//! What the related results and the suggestions read of it is a key-value
//! map ([`Vocabulary::get`]), the same one the browser fetches in shards
//! `v/<s>.json` (s = fnv1a32(key) mod shards), so that both read the same
//! data through the same accessors (`related.js` mirrors them):
//!
//! ```text
//! p:<pinyin>  [[word, docs], …]        full toneless pinyin (dibao) or, for 3+
//!                                       characters, initials (lsjz); best first
//! n:<bigram>  [[word, docs, "syl …"], …] words of 4+ characters starting or
//!                                       ending with the bigram: did-you-mean
//! s:<prefix>  [[word, "pinyin"], …]     suggestions: words starting with the Han
//!                                       character, or whose pinyin starts with
//!                                       the two letters; best first
//! c:<char>    "syl"                     toneless pinyin of a character (U+4E00–
//!                                       U+9FFF): did-you-mean by sound
//! ```

use std::collections::{BTreeMap, HashMap, HashSet};

use serde_json::{Value, json};

use super::Lexicon;
use crate::search::tokenizer::{fold, is_han};

/// Title words kept, most frequent first (then the 主题词 and dictionary words).
pub const VOCABULARY_CAP: usize = 6000;
/// A title n-gram is a word when this many titles hold it.
pub const MIN_DOCS: u32 = 2;
/// Longest title word, in characters (城乡居民医疗保险 has 8).
pub const MAX_WORD_CHARS: usize = 8;
/// Characters of a title read for words (a title longer is pasted text).
pub const TITLE_CHARS: usize = 80;
/// Words under one pinyin key.
pub const PER_PINYIN: usize = 5;
/// Words under one did-you-mean bigram.
pub const PER_BIGRAM: usize = 40;
/// Words under one suggestion key; the browser filters them by the prefix.
pub const PER_PREFIX: usize = 40;
/// Suggestions shown.
pub const SUGGESTIONS: usize = 8;
/// Aimed size of one shard file `v/<s>.json`.
pub const SHARD_TARGET_BYTES: usize = 2048;
/// Version of the shards, checked by `related.js` (via `meta.json`).
pub const VOCABULARY_FORMAT: u32 = 1;
/// The Han characters whose pinyin is shipped.
const SOUND_RANGE: std::ops::RangeInclusive<u32> = 0x4E00..=0x9FFF;

/// The key-value map described above.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Vocabulary {
    kv: BTreeMap<String, Value>,
}

/// One document as the vocabulary sees it.
pub struct VocabularyDoc<'a> {
    pub title: &'a str,
    pub body: &'a str,
    pub keywords: &'a [String],
}

impl Vocabulary {
    /// The dictionary's words only (what a portal without documents has).
    pub fn of_lexicon(lex: &Lexicon) -> Vocabulary {
        Vocabulary::build(std::iter::empty(), lex)
    }

    /// The vocabulary of the documents the search holds.
    pub fn of_docs(docs: &[crate::search::SearchDoc], lex: &Lexicon) -> Vocabulary {
        Vocabulary::build(
            docs.iter().map(|d| VocabularyDoc {
                title: &d.title,
                body: &d.body,
                keywords: &d.keywords,
            }),
            lex,
        )
    }

    /// Words of the documents' titles and 主题词 and of the dictionary.
    pub fn build<'a>(
        docs: impl IntoIterator<Item = VocabularyDoc<'a>>,
        lex: &Lexicon,
    ) -> Vocabulary {
        let mut runs: Vec<Vec<Vec<char>>> = Vec::new();
        let mut keyword_docs: HashMap<String, u32> = HashMap::new();
        for d in docs {
            let title: Vec<char> = fold(d.title).chars().take(TITLE_CHARS).collect();
            runs.push(
                title
                    .split(|c| !is_han(*c))
                    .filter(|r| r.len() >= 2)
                    .map(<[char]>::to_vec)
                    .collect(),
            );
            let mut seen = HashSet::new();
            for k in d.keywords {
                let k = k.trim();
                if !d.title.contains(k) && !d.body.contains(k) {
                    continue;
                }
                let k = fold(k);
                let n = k.chars().count();
                if (2..=super::MAX_FORM_CHARS).contains(&n)
                    && !k.chars().any(char::is_whitespace)
                    && seen.insert(k.clone())
                {
                    *keyword_docs.entry(k).or_default() += 1;
                }
            }
        }
        let grams = title_words(&runs);
        let in_titles = title_counts(&runs, &lex.word_list());
        let mut docs_of: HashMap<String, u32> = HashMap::new();
        let mut ranked: Vec<(&String, &u32)> = grams.iter().collect();
        ranked.sort_by(|a, b| b.1.cmp(a.1).then_with(|| a.0.cmp(b.0)));
        for (w, n) in ranked.into_iter().take(VOCABULARY_CAP) {
            docs_of.insert(w.clone(), *n);
        }
        for (k, n) in keyword_docs {
            let e = docs_of.entry(k).or_default();
            *e = (*e).max(n);
        }
        for w in lex.word_list() {
            let n = in_titles.get(w.as_str()).copied().unwrap_or(0);
            let e = docs_of.entry(w.clone()).or_default();
            *e = (*e).max(n);
        }
        Vocabulary::from_words(docs_of)
    }

    fn from_words(docs_of: HashMap<String, u32>) -> Vocabulary {
        let mut words: Vec<(String, u32)> = docs_of.into_iter().collect();
        // Best first: in more documents, then by code point (Rust's str order).
        words.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        let mut pinyin: BTreeMap<String, Vec<Value>> = BTreeMap::new();
        let mut near: BTreeMap<String, Vec<Value>> = BTreeMap::new();
        let mut prefix: BTreeMap<String, Vec<Value>> = BTreeMap::new();
        for (w, n) in &words {
            let cs: Vec<char> = w.chars().collect();
            let syllables = syllables_of(&cs);
            let joined = syllables.as_ref().map(|s| s.concat()).unwrap_or_default();
            let letters = joined
                .get(..2)
                .filter(|l| l.bytes().all(|b| b.is_ascii_lowercase()));
            for key in super::pinyin_keys(w) {
                push_capped(&mut pinyin, format!("p:{key}"), json!([w, n]), PER_PINYIN);
            }
            if cs.len() >= 4
                && cs.iter().all(|c| is_han(*c))
                && let Some(s) = &syllables
            {
                let entry = json!([w, n, s.join(" ")]);
                let first: String = cs[..2].iter().collect();
                let last: String = cs[cs.len() - 2..].iter().collect();
                push_capped(&mut near, format!("n:{first}"), entry.clone(), PER_BIGRAM);
                if last != first {
                    push_capped(&mut near, format!("n:{last}"), entry, PER_BIGRAM);
                }
            }
            if *n > 0 && is_han(cs[0]) {
                let entry = json!([w, joined]);
                push_capped(&mut prefix, format!("s:{}", cs[0]), entry, PER_PREFIX);
            }
            if *n > 0
                && let Some(letters) = letters
            {
                let entry = json!([w, joined]);
                push_capped(&mut prefix, format!("s:{letters}"), entry, PER_PREFIX);
            }
        }
        let mut kv: BTreeMap<String, Value> = BTreeMap::new();
        kv.extend(pinyin.into_iter().map(|(k, v)| (k, Value::Array(v))));
        kv.extend(near.into_iter().map(|(k, v)| (k, Value::Array(v))));
        kv.extend(prefix.into_iter().map(|(k, v)| (k, Value::Array(v))));
        for cp in SOUND_RANGE {
            if let Some(c) = char::from_u32(cp)
                && let Some(s) = sound(c)
            {
                kv.insert(format!("c:{c}"), json!(s));
            }
        }
        Vocabulary { kv }
    }

    pub fn get(&self, key: &str) -> Option<&Value> {
        self.kv.get(key)
    }

    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.kv.keys().map(String::as_str)
    }

    /// Only the given keys: what the browser holds after fetching them.
    pub fn restricted(&self, keys: &[String]) -> Vocabulary {
        let kv = keys
            .iter()
            .filter_map(|k| Some((k.clone(), self.kv.get(k)?.clone())))
            .collect();
        Vocabulary { kv }
    }

    /// The whole map as one JSON object (the test vectors).
    pub fn to_json(&self) -> Value {
        Value::Object(self.kv.clone().into_iter().collect())
    }

    /// The map cut into `shards` (a power of two) maps, by key hash.
    pub fn shards(&self) -> Vec<BTreeMap<&str, &Value>> {
        let total: usize = self
            .kv
            .iter()
            .map(|(k, v)| k.len() + v.to_string().len() + 4)
            .sum();
        let n = (total / SHARD_TARGET_BYTES).max(1).next_power_of_two();
        let mut out: Vec<BTreeMap<&str, &Value>> = vec![BTreeMap::new(); n];
        for (k, v) in &self.kv {
            out[shard_of(k, n)].insert(k, v);
        }
        out
    }

    /// Words under a pinyin key, best first.
    pub fn pinyin_words(&self, key: &str) -> Vec<&str> {
        self.pinyin_entries(key)
            .into_iter()
            .map(|(w, _)| w)
            .collect()
    }

    /// Words under a pinyin key with their documents, best first.
    pub fn pinyin_entries(&self, key: &str) -> Vec<(&str, u64)> {
        list(self.get(&format!("p:{key}")))
            .filter_map(|e| Some((e.get(0)?.as_str()?, e.get(1)?.as_u64()?)))
            .collect()
    }

    /// Did-you-mean candidates under a bigram: (word, documents, syllables).
    pub fn near(&self, bigram: &str) -> Vec<(&str, u64, Vec<&str>)> {
        list(self.get(&format!("n:{bigram}")))
            .filter_map(|e| {
                Some((
                    e.get(0)?.as_str()?,
                    e.get(1)?.as_u64()?,
                    e.get(2)?.as_str()?.split(' ').collect(),
                ))
            })
            .collect()
    }

    /// Toneless pinyin of a Han character, if shipped.
    pub fn sound(&self, c: char) -> Option<&str> {
        self.get(&format!("c:{c}"))?.as_str()
    }

    /// Suggestion candidates under a key: (word, pinyin).
    pub fn prefixed(&self, key: &str) -> Vec<(&str, &str)> {
        list(self.get(&format!("s:{key}")))
            .filter_map(|e| Some((e.get(0)?.as_str()?, e.get(1)?.as_str()?)))
            .collect()
    }
}

fn list(v: Option<&Value>) -> impl Iterator<Item = &Value> {
    v.and_then(Value::as_array).into_iter().flatten()
}

/// The shard of a key among `n` (a power of two); `related.js` computes the same.
pub fn shard_of(key: &str, n: usize) -> usize {
    (crate::search::shards::fnv1a32(key.as_bytes()) as usize) & (n - 1)
}

fn push_capped(map: &mut BTreeMap<String, Vec<Value>>, key: String, v: Value, cap: usize) {
    let list = map.entry(key).or_default();
    if list.len() < cap && !list.contains(&v) {
        list.push(v);
    }
}

/// Toneless pinyin of a character in the shipped range.
fn sound(c: char) -> Option<String> {
    use pinyin::ToPinyin;
    if !SOUND_RANGE.contains(&(c as u32)) {
        return None;
    }
    c.to_pinyin().map(|p| super::typed_pinyin(p.plain()))
}

fn syllables_of(cs: &[char]) -> Option<Vec<String>> {
    cs.iter().map(|c| sound(*c)).collect()
}

/// How many documents' titles hold each of `words` (every length, once a document).
fn title_counts<'w>(docs: &[Vec<Vec<char>>], words: &[&'w String]) -> HashMap<&'w str, u32> {
    let wanted: HashMap<Vec<char>, &'w str> = words
        .iter()
        .map(|w| (w.chars().collect(), w.as_str()))
        .collect();
    let longest = wanted.keys().map(Vec::len).max().unwrap_or(0);
    let mut out: HashMap<&'w str, u32> = HashMap::new();
    for runs in docs {
        let mut seen: HashSet<&str> = HashSet::new();
        for run in runs {
            for len in 2..=longest.min(run.len()) {
                for g in run.windows(len) {
                    if let Some(&w) = wanted.get(g)
                        && seen.insert(w)
                    {
                        *out.entry(w).or_default() += 1;
                    }
                }
            }
        }
    }
    out
}

/// The title words: Han n-grams of the runs in at least [`MIN_DOCS`]
/// documents with varied neighbours on both sides, with the number of
/// documents holding them. Each document's runs are one entry of `docs`.
fn title_words(docs: &[Vec<Vec<char>>]) -> HashMap<String, u32> {
    let mut frequent: Vec<HashMap<String, u32>> = Vec::new();
    for len in 2..=MAX_WORD_CHARS {
        let shorter = frequent.last();
        let mut counts: HashMap<String, u32> = HashMap::new();
        for runs in docs {
            let mut seen: HashSet<&[char]> = HashSet::new();
            for run in runs {
                for g in run.windows(len) {
                    if seen.insert(g) {
                        // Apriori: both halves one shorter must be frequent.
                        let ok = shorter.is_none_or(|s| {
                            s.contains_key(&g[..len - 1].iter().collect::<String>())
                                && s.contains_key(&g[1..].iter().collect::<String>())
                        });
                        if ok {
                            *counts.entry(g.iter().collect()).or_default() += 1;
                        }
                    }
                }
            }
        }
        counts.retain(|_, n| *n >= MIN_DOCS);
        if counts.is_empty() {
            break;
        }
        frequent.push(counts);
    }
    // A word has a varied context on both sides (accessor variety): 临时救
    // is always followed by 助, 时救助 always preceded by 临, so neither is one.
    let mut variety: Vec<HashMap<&[char], (Variety, Variety)>> = frequent
        .iter()
        .map(|level| HashMap::with_capacity(level.len()))
        .collect();
    for runs in docs {
        for run in runs {
            for (i, level) in frequent.iter().enumerate() {
                let len = i + 2;
                for at in 0..run.len().saturating_sub(len - 1) {
                    let g = &run[at..at + len];
                    if !level.contains_key(&g.iter().collect::<String>()) {
                        continue;
                    }
                    let (left, right) = variety[i].entry(g).or_default();
                    left.see(at.checked_sub(1).map(|k| run[k]));
                    right.see(run.get(at + len).copied());
                }
            }
        }
    }
    let mut out: HashMap<String, u32> = HashMap::new();
    for (i, level) in variety.iter().enumerate() {
        for (g, (left, right)) in level {
            if left.varied() && right.varied() {
                let w: String = g.iter().collect();
                let n = frequent[i][&w];
                out.insert(w, n);
            }
        }
    }
    out
}

/// The neighbours seen on one side of a gram, up to two distinct: a title's
/// edge (or a non-Han character) counts as a new neighbour each time.
#[derive(Default)]
struct Variety {
    first: Option<char>,
    distinct: u8,
}

impl Variety {
    fn see(&mut self, neighbour: Option<char>) {
        match (neighbour, self.first) {
            (Some(c), None) => {
                self.first = Some(c);
                self.distinct += 1;
            }
            (Some(c), Some(f)) if c == f => {}
            _ => self.distinct += 1,
        }
        self.distinct = self.distinct.min(2);
    }

    fn varied(&self) -> bool {
        self.distinct >= 2
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc<'a>(title: &'a str, keywords: &'a [String]) -> VocabularyDoc<'a> {
        VocabularyDoc {
            title,
            body: "本办法所称社会救助，包括低保和临时救助。",
            keywords,
        }
    }

    const TITLES: &[&str] = &[
        "示例县最低生活保障办事指南",
        "关于调整城乡最低生活保障标准的通知",
        "示例县临时救助实施办法",
        "关于进一步做好临时救助工作的通知",
        "示例县高龄津贴发放公示",
        "2026年第一季度高龄津贴发放名单",
        "示例县就业补贴申领指南",
    ];

    fn vocab() -> Vocabulary {
        let kw = vec![
            "社会救助".to_string(),
            "低保".to_string(),
            "未提及的词".to_string(),
        ];
        let none: Vec<String> = Vec::new();
        Vocabulary::build(
            TITLES
                .iter()
                .enumerate()
                .map(|(i, t)| doc(t, if i == 0 { &kw } else { &none })),
            &Lexicon::default(),
        )
    }

    #[test]
    fn closed_title_words_are_kept_with_their_document_count() {
        let v = vocab();
        let near: Vec<_> = v.near("临时").into_iter().map(|(w, n, _)| (w, n)).collect();
        assert_eq!(near, vec![("临时救助", 2)]);
        let near: Vec<_> = v.near("保障").into_iter().map(|(w, n, _)| (w, n)).collect();
        assert_eq!(near, vec![("最低生活保障", 2)]);
        // Parts found only inside a longer word are not words of their own.
        assert!(v.pinyin_words("dishenghuo").is_empty());
        assert!(v.pinyin_words("lshi").is_empty());
        // Once in a title is not enough; a 主题词 once is.
        assert!(v.near("就业").is_empty());
        assert_eq!(v.pinyin_words("shehuijiuzhu"), vec!["社会救助"]);
        assert_eq!(v.pinyin_words("dibao"), vec!["低保"]);
        // A 主题词 the document's text does not hold would find nothing.
        assert!(v.pinyin_words("weitijideci").is_empty());
    }

    #[test]
    fn pinyin_whole_and_initials_and_sound_of_characters() {
        let v = vocab();
        assert_eq!(v.pinyin_words("linshijiuzhu"), vec!["临时救助"]);
        assert_eq!(v.pinyin_words("lsjz"), vec!["临时救助"]);
        // 高龄津贴 is in these titles only inside 高龄津贴发放 (a closed n-gram).
        assert!(v.pinyin_words("gaolingjintie").is_empty());
        assert_eq!(v.pinyin_words("gaolingjintiefafang"), vec!["高龄津贴发放"]);
        assert_eq!(v.sound('帖'), Some("tie"));
        assert_eq!(v.sound('底'), Some("di"));
        assert_eq!(v.sound('a'), None);
        let (_, _, syl) = &v.near("高龄")[0];
        assert_eq!(syl, &vec!["gao", "ling", "jin", "tie", "fa", "fang"]);
        // ü is typed v, as on a pinyin keyboard.
        assert_eq!(v.sound('绿'), Some("lv"));
    }

    #[test]
    fn suggestions_by_first_character_and_by_two_letters() {
        let v = vocab();
        let by_han: Vec<&str> = v.prefixed("临").into_iter().map(|e| e.0).collect();
        assert_eq!(by_han, vec!["临时救助"]);
        let by_letters: Vec<&str> = v.prefixed("gu").into_iter().map(|e| e.0).collect();
        assert!(by_letters.contains(&"关于"), "{by_letters:?}");
    }

    #[test]
    fn the_dictionary_words_are_in_even_without_documents() {
        let v = Vocabulary::of_lexicon(&Lexicon::builtin());
        assert_eq!(v.pinyin_words("dibao"), vec!["低保"]);
        assert!(v.near("救助").iter().any(|(w, _, _)| *w == "临时救助"));
        // No title holds them: nothing to suggest as one types.
        assert!(v.prefixed("临").is_empty());
    }

    #[test]
    fn the_title_words_are_capped_most_frequent_first() {
        // 9000 distinct title words, each in two documents, and one in all.
        let titles: Vec<String> = (0..9000u32)
            .map(|i| {
                let a = char::from_u32(0x4E00 + i * 2).unwrap();
                let b = char::from_u32(0x4E01 + i * 2).unwrap();
                format!("{a}{b}办事指南")
            })
            .collect();
        let none: Vec<String> = Vec::new();
        let docs = titles.iter().chain(&titles).map(|t| doc(t, &none));
        let v = Vocabulary::build(docs, &Lexicon::default());
        let words: HashSet<&str> =
            v.kv.iter()
                .filter(|(k, _)| k.starts_with("s:") && k.chars().count() == 3)
                .flat_map(|(_, l)| l.as_array().unwrap().iter().map(|e| e[0].as_str().unwrap()))
                .collect();
        assert!(words.contains("办事指南"));
        assert!(words.len() <= VOCABULARY_CAP, "{}", words.len());
    }

    #[test]
    fn shards_hold_every_key_once_and_stay_small() {
        let v = vocab();
        let shards = v.shards();
        assert!(shards.len().is_power_of_two());
        let n: usize = shards.iter().map(BTreeMap::len).sum();
        assert_eq!(n, v.kv.len());
        for (i, s) in shards.iter().enumerate() {
            for k in s.keys() {
                assert_eq!(shard_of(k, shards.len()), i);
            }
        }
        let biggest = shards
            .iter()
            .map(|s| serde_json::to_string(s).unwrap().len())
            .max();
        assert!(biggest.unwrap() < 4 * SHARD_TARGET_BYTES, "{biggest:?}");
    }
}
