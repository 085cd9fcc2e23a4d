//! Random and hostile text for the differential tests (Rust vs JS tokenizer,
//! engine vs plain substring search): every character class where folding, the
//! unit classes or UTF-16 could go wrong, tiny documents, and queries cut from them.

use super::*;

/// Characters from every class where folding, the unit classes or UTF-16
/// could go wrong, for the randomized differential tests (Rust vs JS
/// tokenizer, engine vs substring search). `rng` is seeded by the caller.
pub fn hostile_text(rng: &mut fastrand::Rng, max_pieces: usize) -> String {
    let mut out = String::new();
    for _ in 0..rng.usize(0..=max_pieces) {
        hostile_piece(rng, &mut out);
    }
    out
}

/// `n` hostile strings from `seed`.
pub fn hostile_strings(seed: u64, n: usize) -> Vec<String> {
    let mut rng = fastrand::Rng::with_seed(seed);
    (0..n).map(|_| hostile_text(&mut rng, 24)).collect()
}

pub(super) const COMMON_HAN: &str =
    "政府信息公开就业补贴年月日号示办发文件通知县乡镇人民关于实施第条〇";

/// Compatibility characters that fold to ASCII letters or digits only in
/// recent Unicode versions (see `tokenizer::is_late_alnum`), and others that
/// fold to ASCII or Han in every version.
pub(super) const FOLDING: &[(u32, u32)] = &[
    (0x00B2, 0x00B3),
    (0x00B9, 0x00BE),
    (0x0132, 0x0133),
    (0x017F, 0x017F),
    (0x01C4, 0x01CC),
    (0x1D2C, 0x1D6A),
    (0x2070, 0x209F),
    (0x2100, 0x214F),
    (0x2150, 0x218B),
    (0x2460, 0x24FF),
    (0x2E80, 0x2EF3),
    (0x2F00, 0x2FD5),
    (0x3220, 0x3243),
    (0x3251, 0x32BF),
    (0x3300, 0x33FF),
    (0xA7F1, 0xA7F4),
    (0xFB00, 0xFB06),
    (0x107A5, 0x107A5),
    (0x1CCD6, 0x1CCF9),
    (0x1D400, 0x1D7FF),
    (0x1F100, 0x1F1AD),
    (0x1F200, 0x1F2FF),
    (0x1FBF0, 0x1FBF9),
];

/// Combining marks, including blocks that grew in recent Unicode versions.
pub(super) const MARKS: &[(u32, u32)] = &[
    (0x0300, 0x036F),
    (0x0483, 0x0489),
    (0x0900, 0x0903),
    (0x1AB0, 0x1AFF),
    (0x1DC0, 0x1DFF),
    (0x20D0, 0x20F0),
    (0x3099, 0x309A),
    (0xFE20, 0xFE2F),
];

/// The query spaces, and look-alikes that are not (ZWSP, ZWJ, WJ, MVS).
pub(super) const SPACES: &[char] = &[
    ' ', '\t', '\n', '\r', '\u{0B}', '\u{0C}', '\u{85}', '\u{A0}', '\u{1680}', '\u{2000}',
    '\u{2007}', '\u{200A}', '\u{200B}', '\u{200D}', '\u{2028}', '\u{2029}', '\u{202F}', '\u{205F}',
    '\u{2060}', '\u{3000}', '\u{FEFF}', '\u{180E}',
];

pub(super) fn char_in(rng: &mut fastrand::Rng, ranges: &[(u32, u32)]) -> char {
    loop {
        let (lo, hi) = ranges[rng.usize(..ranges.len())];
        if let Some(c) = char::from_u32(rng.u32(lo..=hi)) {
            return c;
        }
    }
}

pub(super) fn hostile_piece(rng: &mut fastrand::Rng, out: &mut String) {
    let han = |rng: &mut fastrand::Rng| {
        let n = COMMON_HAN.chars().count();
        COMMON_HAN.chars().nth(rng.usize(..n)).unwrap_or('政')
    };
    match rng.u8(0..30) {
        0..=4 => out.push(han(rng)),
        5 => out.push(char_in(rng, &[(0x3400, 0x4DBF)])),
        // Ext B–J and the compatibility supplement (surrogate pairs in JS).
        6 => out.push(char_in(
            rng,
            &[
                (0x20000, 0x2A6DF),
                (0x2A700, 0x2EE5D),
                (0x2F800, 0x2FA1F),
                (0x30000, 0x3347F),
            ],
        )),
        7 => out.push(char_in(rng, &[(0xF900, 0xFAFF)])),
        8 | 9 => out.push(char_in(rng, FOLDING)),
        10 => out.push(char_in(rng, &[(0xFF01, 0xFF5E)])),
        11 => {
            let brackets: Vec<char> = "〔〕（）【】〖〗〘〙﹝﹞［］｛｝()[]{}《》「」，。、；："
                .chars()
                .collect();
            out.push(brackets[rng.usize(..brackets.len())]);
        }
        12 => out.push(char_in(rng, &[(0xFF61, 0xFF9F)])),
        13 => out.push(char_in(
            rng,
            &[
                (0xAC00, 0xD7A3),
                (0x1100, 0x11FF),
                (0x3131, 0x318E),
                (0xFFA0, 0xFFDC),
            ],
        )),
        14 | 15 => {
            // A combining mark, often right after Han or ASCII.
            match rng.u8(0..3) {
                0 => out.push(han(rng)),
                1 => out.push(rng.alphanumeric()),
                _ => {}
            }
            for _ in 0..rng.usize(1..=2) {
                out.push(char_in(rng, MARKS));
            }
        }
        16 => match rng.u8(0..5) {
            0 => out.push_str("👨\u{200D}👩\u{200D}👧"),
            1 => out.push_str("1\u{FE0F}\u{20E3}"),
            2 => out.push_str("🇨🇳"),
            3 => {
                out.push(char_in(rng, &[(0x1F300, 0x1FAFF)]));
                out.push(char_in(rng, &[(0x1F3FB, 0x1F3FF), (0xFE0F, 0xFE0F)]));
            }
            _ => out.push(char_in(rng, &[(0x1F300, 0x1FAFF), (0xE0020, 0xE007F)])),
        },
        17 | 18 => out.push(SPACES[rng.usize(..SPACES.len())]),
        19 => out.push(if rng.bool() {
            '|'
        } else {
            char_in(
                rng,
                &[(0x21, 0x2F), (0x3A, 0x40), (0x5B, 0x60), (0x7B, 0x7E)],
            )
        }),
        20..=22 => {
            for _ in 0..rng.usize(1..=6) {
                out.push(rng.digit(10));
            }
        }
        23..=25 => {
            for _ in 0..rng.usize(1..=6) {
                out.push(rng.alphabetic());
            }
        }
        26 => out.push(char_in(rng, &[(0x00C0, 0x024F), (0x0370, 0x03FF)])),
        27 => out.push(char_in(rng, &[(0, 0xD7FF), (0xE000, 0x10FFFF)])),
        28 => out.push_str(
            ["ｶﾞ", "ﾊﾟ", "가\u{11A8}", "\u{1100}\u{1161}", "e\u{301}", "Å"][rng.usize(..6)],
        ),
        _ => out.push_str(
            ["〔2026〕", "（２０２６）", "第3号", "5G", "PM2.5", "2025年"][rng.usize(..6)],
        ),
    }
}

/// Generated documents with hostile text (see [`hostile_text`]) spliced into
/// their titles, bodies and 文号: the corpus of the randomized accuracy test.
pub fn hostile_docs(n: usize, seed: u64) -> Vec<SearchDoc> {
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut docs = generate(n, seed, 2..6);
    let splice = |rng: &mut fastrand::Rng, text: &str| -> String {
        let chars: Vec<char> = text.chars().collect();
        let mut out = String::new();
        let mut at = 0;
        while at < chars.len() {
            let step = rng.usize(1..=40).min(chars.len() - at);
            out.extend(&chars[at..at + step]);
            at += step;
            if rng.u8(0..3) == 0 {
                out.push_str(&hostile_text(rng, 4));
            }
        }
        out
    };
    for d in &mut docs {
        if rng.u8(0..3) == 0 {
            d.title = splice(&mut rng, &d.title);
        }
        if !d.body.is_empty() {
            d.body = splice(&mut rng, &d.body);
        }
        if let Some(n) = &d.doc_number
            && rng.u8(0..4) == 0
        {
            d.doc_number = Some(restyle(&mut rng, n));
        }
    }
    docs
}

/// Text over an alphabet of a few units and separators: repeated tokens,
/// overlapping and near-miss phrases on every line, which realistic text
/// seldom has.
pub fn tiny_text(rng: &mut fastrand::Rng, max_len: usize) -> String {
    const ALPHABET: &[&str] = &[
        "研", "研", "究", "究", "5", "2", "２", "a", "B", "ａ", "，", "〔", "〕", " ", "|",
    ];
    (0..rng.usize(0..=max_len))
        .map(|_| ALPHABET[rng.usize(..ALPHABET.len())])
        .collect()
}

/// Generated documents whose titles, bodies and 文号 are [`tiny_text`].
pub fn tiny_docs(n: usize, seed: u64) -> Vec<SearchDoc> {
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut docs = generate(n, seed, 1..2);
    for d in &mut docs {
        d.title = tiny_text(&mut rng, 12);
        if !d.body.is_empty() {
            d.body = tiny_text(&mut rng, 80);
        }
        if d.doc_number.is_some() {
            d.doc_number = Some(tiny_text(&mut rng, 8));
        }
    }
    docs
}

/// Random queries over `docs`, each a phrase or two a resident could type:
/// a run of 1–10 units of a random field (sometimes with the punctuation
/// around it, sometimes cutting an ASCII run), often re-styled (width,
/// brackets, case); about a third are two such terms, a few are noise.
pub fn random_queries(docs: &[SearchDoc], seed: u64, n: usize) -> Vec<String> {
    let mut rng = fastrand::Rng::with_seed(seed);
    let spaces = [" ", " ", "\u{3000}", "\t", "  "];
    (0..n)
        .map(|_| match rng.u8(0..20) {
            0..=11 => random_fragment(&mut rng, docs),
            12..=17 => {
                // Mostly two phrases of one document, so that the AND finds it.
                let one = docs
                    .get(rng.usize(..docs.len().max(1))..)
                    .unwrap_or_default();
                let one = &one[..one.len().min(1)];
                let a = random_fragment(&mut rng, one);
                let b = if rng.u8(0..3) == 0 {
                    random_fragment(&mut rng, docs)
                } else {
                    random_fragment(&mut rng, one)
                };
                format!("{a}{}{b}", spaces[rng.usize(..spaces.len())])
            }
            18 => hostile_text(&mut rng, 8),
            _ => format!(
                "{}{}",
                hostile_text(&mut rng, 3),
                random_fragment(&mut rng, docs)
            ),
        })
        .collect()
}

pub(super) fn random_fragment(rng: &mut fastrand::Rng, docs: &[SearchDoc]) -> String {
    let Some(d) = (!docs.is_empty()).then(|| &docs[rng.usize(..docs.len())]) else {
        return String::new();
    };
    let fields = [
        d.title.as_str(),
        d.body.as_str(),
        d.body.as_str(),
        d.doc_number.as_deref().unwrap_or(""),
        d.index_no.as_deref().unwrap_or(""),
    ];
    let text = fields[rng.usize(..fields.len())];
    let text = if text.is_empty() {
        d.title.as_str()
    } else {
        text
    };
    let units = super::super::tokenizer::unit_source_spans(text);
    if units.is_empty() {
        return restyle(rng, text);
    }
    let k = rng.usize(1..=10).min(units.len());
    let i = rng.usize(..=units.len() - k);
    let mut start = units[i].1.start;
    let mut end = units[i + k - 1].1.end;
    match rng.u8(0..10) {
        // The separators before or after the run.
        0 => start = if i > 0 { units[i - 1].1.end } else { 0 },
        1 => end = units.get(i + k).map_or(text.len(), |u| u.1.start),
        // Cut into the first or last unit (an ASCII run cut short).
        2 => {
            if let Some((j, _)) = text[start..end].char_indices().nth(1) {
                start += j;
            }
        }
        3 => {
            if let Some((j, _)) = text[start..end].char_indices().next_back()
                && j > 0
            {
                end = start + j;
            }
        }
        _ => {}
    }
    let fragment = &text[start..end];
    if rng.bool() {
        restyle(rng, fragment)
    } else {
        fragment.to_string()
    }
}

/// The same text as a resident might type it: some characters in the other
/// width, brackets of another style, ASCII letters in upper case.
pub(super) fn restyle(rng: &mut fastrand::Rng, text: &str) -> String {
    const OPEN: [char; 6] = ['〔', '[', '(', '（', '【', '﹝'];
    const CLOSE: [char; 6] = ['〕', ']', ')', '）', '】', '﹞'];
    let style = rng.usize(..OPEN.len());
    text.chars()
        .map(|c| {
            if let Some(k) = OPEN.iter().position(|&o| o == c) {
                return if rng.bool() { OPEN[style] } else { OPEN[k] };
            }
            if let Some(k) = CLOSE.iter().position(|&o| o == c) {
                return if rng.bool() { CLOSE[style] } else { CLOSE[k] };
            }
            match rng.u8(0..4) {
                0 if ('!'..='~').contains(&c) => char::from_u32(c as u32 + 0xFEE0).unwrap_or(c),
                1 if ('\u{FF01}'..='\u{FF5E}').contains(&c) => {
                    char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
                }
                2 => c.to_ascii_uppercase(),
                _ => c,
            }
        })
        .collect()
}
