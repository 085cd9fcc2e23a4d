//! The one tokenizer of the search subsystem, mirrored line for line by
//! `static/search/tokenizer.js`. Both are checked against
//! `tests/data/tokenizer_vectors.json` and on random hostile strings
//! (`examples/search_fixture.rs` writes them, `tokenizer_random.test.mjs`
//! compares).
//!
//! Pipeline: NFKC over the whole text (except the few characters of
//! [`is_late_alnum`], kept as they are), ASCII `A-Z` lowercased, then every
//! character falls in one class:
//! - **Han**: U+3007 〇, U+3400–4DBF, U+4E00–9FFF, U+F900–FAFF, U+20000–3347F;
//! - **letter** `a-z`, **digit** `0-9`;
//! - **separator**: everything else (punctuation, spaces, emoji, kana, é …).
//!
//! Units are a Han character, a maximal run of letters, or a maximal run of
//! digits (`5g` is two units, `5` and `g`). Each unit takes the next position;
//! a run of separators between units takes one position of its own, so
//! `就业，补贴` puts 就@0 业@1 补@3 贴@4. Units with no separator between them
//! are "joined" (`5`,`g`,`网`,`络` in `5G网络`).
//!
//! Index tokens, per unit in order, all at the unit's position:
//! - the unit itself;
//! - the 2-, 3- and 4-grams of joined units starting here (their texts
//!   concatenated: `就业`, `就业补`, `就业补贴`, `2026年`, `5g网络`);
//! - when a separator run follows and another unit comes after it, the gap
//!   pair `A|B` (`办|2026` in `示政办〔2026〕`).
//!
//! The n-grams make every query of up to four joined units a single token
//! (no positions needed in the browser), and the common four-character words
//! (就业补贴, 医疗保险) get a one-file summary. Measured with `search_bench`:
//! 1–3-grams halved the index build of 10 000 short documents (3.3 s → 1.6 s)
//! but raised the median cold query at 100 000 documents from 106 KB to
//! 292 KB (a four-character word became a two-token phrase); bigrams alone
//! cost 45 % more bytes still. The gap pairs let a phrase with
//! punctuation inside (`示政办〔2026〕3号`) demand a separator exactly where the
//! query has one. Concatenations are unambiguous because units are maximal
//! single-class runs, and `|` never occurs inside a unit.

use std::ops::Range;

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};
use unicode_normalization::UnicodeNormalization;

/// Joins the two units of a gap pair.
pub const GAP_JOIN: char = '|';

/// Longest n-gram indexed.
pub const MAX_GRAM: usize = 4;

/// Name the tokenizer is registered under in tantivy.
pub const TOKENIZER_NAME: &str = "xxgk_cjk";

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum CharClass {
    Han,
    Letter,
    Digit,
    Separator,
}

/// The Han ranges, written out so the JavaScript side can copy them exactly.
pub fn is_han(c: char) -> bool {
    matches!(
        c as u32,
        0x3007 | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x2_0000..=0x3_347F
    )
}

/// Class of an already folded character.
pub fn class_of(c: char) -> CharClass {
    if c.is_ascii_alphabetic() {
        CharClass::Letter
    } else if c.is_ascii_digit() {
        CharClass::Digit
    } else if is_han(c) {
        CharClass::Han
    } else {
        CharClass::Separator
    }
}

/// Characters whose compatibility mapping to an ASCII letter or digit came
/// with Unicode 13 or later: segmented digits (13), modifier letters (14,
/// 15), outlined letters and digits (16), subscript w y z (18). Browsers
/// normalise with tables of their own age, older than the index's, so
/// neither side folds these: they stay separators everywhere. The tables
/// differ otherwise only in characters that fold to separators.
pub fn is_late_alnum(c: char) -> bool {
    matches!(
        c as u32,
        0x209D..=0x209F | 0xA7F1..=0xA7F4 | 0x1_07A5 | 0x1_CCD6..=0x1_CCF9 | 0x1_FBF0..=0x1_FBF9
    )
}

/// NFKC, then ASCII lowercase. Only ASCII letters survive as letters, so
/// Unicode case tables (which differ between Rust and JS versions) never matter.
/// A character of [`is_late_alnum`] is kept as it is, the text on either side
/// normalised on its own: what NFKC does with a character it does not know.
pub fn fold(text: &str) -> String {
    // Most of a Chinese text is Han ideographs and ASCII, which NFKC leaves
    // alone; only the runs between them (full-width forms, punctuation,
    // combining marks) go through the normaliser. Equal to normalising the
    // whole text (tested below): a run boundary never falls before a
    // combining mark that could attach to what precedes it.
    let mut out = String::with_capacity(text.len());
    let mut slow_from: Option<usize> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let next = chars.peek().map(|&(_, n)| n);
        if is_nfkc_inert(c, next) || is_late_alnum(c) {
            if let Some(from) = slow_from.take() {
                out.extend(text[from..i].nfkc().map(|c| c.to_ascii_lowercase()));
            }
            out.push(c.to_ascii_lowercase());
        } else if slow_from.is_none() {
            slow_from = Some(i);
        }
    }
    if let Some(from) = slow_from {
        out.extend(text[from..].nfkc().map(|c| c.to_ascii_lowercase()));
    }
    out
}

/// True when NFKC keeps `c` as it is whatever surrounds it: a unified Han
/// ideograph (they neither decompose nor compose), or an ASCII character not
/// followed by anything a combining mark could be.
fn is_nfkc_inert(c: char, next: Option<char>) -> bool {
    let simple = |c: char| c.is_ascii() || matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF);
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF)
        || (c.is_ascii() && next.is_none_or(simple))
}

/// Whitespace that splits a query into terms. Listed explicitly because Rust's
/// `char::is_whitespace` and JavaScript's `\s` disagree on U+0085 and U+FEFF.
pub fn is_query_space(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n'
            | '\u{0B}'
            | '\u{0C}'
            | '\r'
            | ' '
            | '\u{85}'
            | '\u{A0}'
            | '\u{1680}'
            | '\u{2000}'
            ..='\u{200A}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{202F}'
                | '\u{205F}'
                | '\u{3000}'
                | '\u{FEFF}'
    )
}

/// Splits a raw query into its terms (before folding).
pub fn split_query(query: &str) -> Vec<&str> {
    query
        .split(is_query_space)
        .filter(|t| !t.is_empty())
        .collect()
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unit {
    /// Folded text: one Han character or an ASCII letter or digit run.
    pub text: String,
    pub pos: u32,
    pub han: bool,
    /// Preceded by a separator run (never true for the first unit).
    pub after_gap: bool,
    /// The next unit follows with no separator in between.
    pub joined_next: bool,
    /// Byte range in the text the units were built from.
    pub span: Range<usize>,
}

/// What one folded character does to the unit sequence.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Step {
    /// Starts a unit at `pos`; `joined` when no separator precedes it (the
    /// previous unit is then joined to it).
    New {
        pos: u32,
        han: bool,
        after_gap: bool,
        joined: bool,
    },
    /// Extends the last unit (a letter or digit run).
    Extend,
    /// A separator, or text before the first unit.
    Skip,
}

/// The unit rules, shared by every path that cuts a text into units (the
/// indexing hot path, `Unit`s for queries and snippets, excerpt spans).
struct UnitScanner {
    next_pos: u32,
    gap: bool,
    started: bool,
    prev: CharClass,
}

impl UnitScanner {
    fn new() -> Self {
        UnitScanner {
            next_pos: 0,
            gap: false,
            started: false,
            prev: CharClass::Separator,
        }
    }

    fn feed(&mut self, c: char) -> Step {
        let class = class_of(c);
        let prev = std::mem::replace(&mut self.prev, class);
        match class {
            CharClass::Separator => {
                self.gap = self.started;
                Step::Skip
            }
            CharClass::Letter | CharClass::Digit if prev == class => Step::Extend,
            _ => {
                let after_gap = self.gap;
                if self.gap {
                    self.next_pos = self.next_pos.saturating_add(1);
                    self.gap = false;
                }
                let pos = self.next_pos;
                self.next_pos = self.next_pos.saturating_add(1);
                self.started = true;
                Step::New {
                    pos,
                    han: class == CharClass::Han,
                    after_gap,
                    joined: prev != CharClass::Separator,
                }
            }
        }
    }
}

/// Builds units from folded characters, each with the byte span it came from.
fn build_units(chars: impl Iterator<Item = (char, Range<usize>)>) -> Vec<Unit> {
    let mut units: Vec<Unit> = Vec::new();
    let mut scanner = UnitScanner::new();
    for (c, span) in chars {
        match scanner.feed(c) {
            Step::Skip => {}
            Step::Extend => {
                if let Some(last) = units.last_mut() {
                    last.text.push(c.to_ascii_lowercase());
                    last.span.end = span.end;
                }
            }
            Step::New {
                pos,
                han,
                after_gap,
                joined,
            } => {
                if joined && let Some(last) = units.last_mut() {
                    last.joined_next = true;
                }
                units.push(Unit {
                    text: c.to_ascii_lowercase().to_string(),
                    pos,
                    han,
                    after_gap,
                    joined_next: false,
                    span,
                });
            }
        }
    }
    units
}

/// Units of a text folded as a whole (the definition used for matching).
/// Spans are byte ranges in the folded text.
pub fn units(text: &str) -> Vec<Unit> {
    let folded = fold(text);
    build_units(
        folded
            .char_indices()
            .map(|(i, c)| (c, i..i + c.len_utf8()))
            .collect::<Vec<_>>()
            .into_iter(),
    )
}

/// Units with byte spans in the ORIGINAL text, folding one character (with its
/// combining marks) at a time. Used only to place snippets and highlights:
/// it agrees with [`units`] on ordinary text, and a rare disagreement (a
/// composition across characters) only moves a highlight, never a result.
pub fn units_with_source_spans(text: &str) -> Vec<Unit> {
    let mut folded: Vec<(char, Range<usize>)> = Vec::with_capacity(text.len() / 2);
    each_source_char(text, |c, span| folded.push((c, span)));
    build_units(folded.into_iter())
}

/// Position and source byte span of every unit of `text`, as
/// [`units_with_source_spans`] gives them but without building `Unit`s (the
/// export cuts every body into excerpt chunks with it).
pub fn unit_source_spans(text: &str) -> Vec<(u32, Range<usize>)> {
    let mut out: Vec<(u32, Range<usize>)> = Vec::with_capacity(text.len() / 3);
    let mut scanner = UnitScanner::new();
    each_source_char(text, |c, span| match scanner.feed(c) {
        Step::Skip => {}
        Step::Extend => {
            if let Some(last) = out.last_mut() {
                last.1.end = span.end;
            }
        }
        Step::New { pos, .. } => out.push((pos, span)),
    });
    out
}

/// Calls `f` with every folded character of `text` and the byte span of the
/// original character (with its combining marks) it came from.
fn each_source_char(text: &str, mut f: impl FnMut(char, Range<usize>)) {
    let mut iter = text.char_indices().peekable();
    let mut cluster = String::new();
    while let Some((start, c)) = iter.next() {
        let mut end = start + c.len_utf8();
        let mut marks = false;
        while let Some(&(i, m)) = iter.peek() {
            if !m.is_ascii() && !is_han(m) && unicode_normalization::char::is_combining_mark(m) {
                if !marks {
                    cluster.clear();
                    cluster.push(c);
                    marks = true;
                }
                cluster.push(m);
                end = i + m.len_utf8();
                iter.next();
            } else {
                break;
            }
        }
        if !marks && (c.is_ascii() || is_nfkc_inert(c, None)) {
            // ASCII and Han need no normalisation: the common case stays cheap.
            f(c.to_ascii_lowercase(), start..end);
        } else if is_late_alnum(c) {
            // Kept as it is (see `fold`); its marks are normalised alone.
            f(c, start..end);
            if marks {
                for n in cluster[c.len_utf8()..].nfkc() {
                    f(n.to_ascii_lowercase(), start..end);
                }
            }
        } else {
            if !marks {
                cluster.clear();
                cluster.push(c);
            }
            for n in cluster.nfkc() {
                f(n.to_ascii_lowercase(), start..end);
            }
        }
    }
}

/// One token of the index stream.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IndexToken {
    pub text: String,
    pub pos: u32,
}

/// Calls `emit(text, pos)` for every index token of already built units,
/// in stream order, without allocating per token.
pub fn each_token(units: &[Unit], mut emit: impl FnMut(&str, u32)) {
    let mut buf = String::new();
    for (i, u) in units.iter().enumerate() {
        emit(&u.text, u.pos);
        buf.clear();
        buf.push_str(&u.text);
        let mut j = i;
        while j + 1 < units.len() && units[j].joined_next && j + 1 - i < MAX_GRAM {
            j += 1;
            buf.push_str(&units[j].text);
            emit(&buf, u.pos);
        }
        if !u.joined_next
            && let Some(next) = units.get(i + 1)
        {
            buf.clear();
            buf.push_str(&u.text);
            buf.push(GAP_JOIN);
            buf.push_str(&next.text);
            emit(&buf, u.pos);
        }
    }
}

/// Calls `emit(text, pos)` for every index token of `text` — the same stream
/// as [`each_token`] over [`units`], without building `Unit`s: the indexing
/// hot path.
pub fn each_text_token(text: &str, mut emit: impl FnMut(&str, u32)) {
    let folded = fold(text);
    // (byte range in `folded`, position, joined to the next unit)
    let mut spans: Vec<(usize, usize, u32, bool)> = Vec::with_capacity(folded.len() / 2);
    let mut scanner = UnitScanner::new();
    for (i, c) in folded.char_indices() {
        let end = i + c.len_utf8();
        match scanner.feed(c) {
            Step::Skip => {}
            Step::Extend => {
                if let Some(last) = spans.last_mut() {
                    last.1 = end;
                }
            }
            Step::New { pos, joined, .. } => {
                if joined && let Some(last) = spans.last_mut() {
                    last.3 = true;
                }
                spans.push((i, end, pos, false));
            }
        }
    }
    let mut buf = String::new();
    for (i, &(start, end, pos, joined)) in spans.iter().enumerate() {
        emit(&folded[start..end], pos);
        // Joined units are contiguous in the folded text: n-grams are slices.
        let mut j = i;
        while j + 1 < spans.len() && spans[j].3 && j + 1 - i < MAX_GRAM {
            j += 1;
            emit(&folded[start..spans[j].1], pos);
        }
        if !joined && let Some(next) = spans.get(i + 1) {
            buf.clear();
            buf.push_str(&folded[start..end]);
            buf.push(GAP_JOIN);
            buf.push_str(&folded[next.0..next.1]);
            emit(&buf, pos);
        }
    }
}

/// The tokens indexed for a text, in stream order.
pub fn index_tokens(text: &str) -> Vec<IndexToken> {
    let mut out = Vec::new();
    each_token(&units(text), |t, pos| {
        out.push(IndexToken {
            text: t.to_string(),
            pos,
        })
    });
    out
}

/// One token of a query term's phrase, at an offset from the term's first unit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanToken {
    pub text: String,
    pub offset: u32,
}

/// The phrase a query term becomes: the fewest index tokens that pin every
/// unit and every separator of the term. Every separator gets its gap pair;
/// a group of m joined units gets one m-gram when m ≤ 4, else 4-grams at
/// 0, 4, 8 … plus one ending at the group's end; a lone unit that a gap pair
/// already covers needs nothing more. Sorted by offset.
pub fn plan_units(units: &[Unit]) -> Vec<PlanToken> {
    let mut plan = Vec::new();
    let Some(first) = units.first() else {
        return plan;
    };
    let base = first.pos;
    let concat = |from: usize, n: usize| -> String {
        units[from..from + n]
            .iter()
            .map(|u| u.text.as_str())
            .collect()
    };
    let mut i = 0;
    while i < units.len() {
        // The group of joined units i..=j.
        let mut j = i;
        while j + 1 < units.len() && units[j].joined_next {
            j += 1;
        }
        let m = j - i + 1;
        if m == 1 {
            if units.len() == 1 {
                plan.push(PlanToken {
                    text: units[i].text.clone(),
                    offset: units[i].pos - base,
                });
            }
        } else if m <= MAX_GRAM {
            plan.push(PlanToken {
                text: concat(i, m),
                offset: units[i].pos - base,
            });
        } else {
            let mut starts: Vec<usize> = (0..=m - MAX_GRAM).step_by(MAX_GRAM).collect();
            if starts.last() != Some(&(m - MAX_GRAM)) {
                starts.push(m - MAX_GRAM);
            }
            for k in starts {
                plan.push(PlanToken {
                    text: concat(i + k, MAX_GRAM),
                    offset: units[i + k].pos - base,
                });
            }
        }
        if let Some(next) = units.get(j + 1) {
            plan.push(PlanToken {
                text: format!("{}{GAP_JOIN}{}", units[j].text, next.text),
                offset: units[j].pos - base,
            });
        }
        i = j + 1;
    }
    plan.sort_by_key(|p| p.offset);
    plan
}

/// The phrase of one query term (no whitespace inside).
pub fn plan_term(term: &str) -> Vec<PlanToken> {
    plan_units(&units(term))
}

/// Tantivy side of the tokenizer.
#[derive(Clone, Default)]
pub struct CjkTokenizer;

/// All tokens of one text, their texts packed in one string. A token is 12 bytes
/// (start, end, position): a document's stream is held whole while tantivy indexes it,
/// and at 24 bytes, reserved per input byte, it was most of a large build's memory.
pub struct CjkTokenStream {
    arena: String,
    tokens: Vec<(u32, u32, u32)>,
    /// Index of the current token plus one (0 before the first `advance`).
    index: usize,
    token: Token,
}

impl Tokenizer for CjkTokenizer {
    type TokenStream<'a> = CjkTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> CjkTokenStream {
        let mut arena = String::with_capacity(text.len() * 4);
        // Two tokens (character and pair) per CJK character of three bytes: a CJK
        // text fits as reserved, others leave some slack.
        let mut tokens = Vec::with_capacity(text.len() * 2 / 3 + 16);
        each_text_token(text, |t, pos| {
            // Offsets past 4 GiB cannot occur (files are at most 8 MiB, see
            // `limits`): such tokens would be dropped, never misplaced.
            let start = arena.len();
            arena.push_str(t);
            if let (Ok(s), Ok(e)) = (u32::try_from(start), u32::try_from(arena.len())) {
                tokens.push((s, e, pos));
            }
        });
        CjkTokenStream {
            arena,
            tokens,
            index: 0,
            token: Token::default(),
        }
    }
}

impl TokenStream for CjkTokenStream {
    fn advance(&mut self) -> bool {
        let Some(&(start, end, pos)) = self.tokens.get(self.index) else {
            return false;
        };
        self.index += 1;
        self.token.text.clear();
        self.token
            .text
            .push_str(&self.arena[start as usize..end as usize]);
        // Offsets are not recorded by the index (positions only).
        self.token.position = pos as usize;
        self.token.position_length = 1;
        true
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

#[cfg(test)]
mod tests;
