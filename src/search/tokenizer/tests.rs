use super::*;
use serde::Deserialize;

#[derive(Deserialize)]
struct Vector {
    input: String,
    tokens: Vec<(String, u32)>,
    terms: Vec<Vec<(String, u32)>>,
}

/// `fold` by its definition: NFKC of the whole text, the characters of
/// `is_late_alnum` kept as they are.
fn whole_text_fold(text: &str) -> String {
    let mut out = String::new();
    let mut run = String::new();
    for c in text.chars() {
        if is_late_alnum(c) {
            out.extend(run.nfkc().map(|c| c.to_ascii_lowercase()));
            run.clear();
            out.push(c);
        } else {
            run.push(c);
        }
    }
    out.extend(run.nfkc().map(|c| c.to_ascii_lowercase()));
    out
}

/// The fast path of `fold` must equal normalising the whole text: random
/// mixes of the characters where they could differ (ASCII before combining
/// marks, Hangul jamo that compose, full-width forms, compatibility
/// ideographs, ligatures) next to ordinary Han text.
#[test]
fn fold_equals_whole_text_nfkc() {
    let pieces = [
        "e",
        "E",
        "a",
        "1",
        " ",
        "\u{301}",
        "\u{308}",
        "\u{327}",
        "\u{3099}",
        "\u{1100}",
        "\u{1161}",
        "\u{11A8}",
        "가",
        "ｶ",
        "\u{FF9E}",
        "か",
        "２",
        "Ａ",
        "，",
        "。",
        "〔",
        "\u{3000}",
        "\u{F900}",
        "\u{FA0E}",
        "ﬁ",
        "①",
        "㎡",
        "²",
        "政",
        "府",
        "\u{3400}",
        "\u{20000}",
        "\u{2F800}",
        "\u{FB2C}",
        "\u{5B4}",
        "\u{209D}",
        "\u{1FBF0}",
        "\u{1CCD6}",
    ];
    let mut seed: u64 = 0x2026_1123;
    for _ in 0..20_000 {
        let mut text = String::new();
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let len = (seed >> 59) as usize + 1;
        for _ in 0..len {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            text.push_str(pieces[(seed >> 33) as usize % pieces.len()]);
        }
        assert_eq!(fold(&text), whole_text_fold(&text), "{text:?}");
    }
}

fn pairs(tokens: &[IndexToken]) -> Vec<(String, u32)> {
    tokens.iter().map(|t| (t.text.clone(), t.pos)).collect()
}

fn plan_pairs(term: &str) -> Vec<(String, u32)> {
    plan_term(term)
        .into_iter()
        .map(|t| (t.text, t.offset))
        .collect()
}

#[test]
fn shared_vectors_hold() {
    let vectors: Vec<Vector> =
        serde_json::from_str(include_str!("../../../tests/data/tokenizer_vectors.json"))
            .expect("vectors parse");
    assert!(vectors.len() >= 40, "at least 40 vectors");
    for v in &vectors {
        assert_eq!(
            pairs(&index_tokens(&v.input)),
            v.tokens,
            "tokens of {:?}",
            v.input
        );
        let terms: Vec<_> = split_query(&v.input)
            .into_iter()
            .map(plan_pairs)
            .filter(|p| !p.is_empty())
            .collect();
        assert_eq!(terms, v.terms, "query terms of {:?}", v.input);
    }
}

/// The vector inputs, a few combining-mark mixes and generated bodies:
/// the texts the different unit paths must agree on.
fn sample_inputs() -> Vec<String> {
    let vectors: Vec<Vector> =
        serde_json::from_str(include_str!("../../../tests/data/tokenizer_vectors.json"))
            .expect("vectors parse");
    let mut inputs: Vec<String> = vectors.into_iter().map(|v| v.input).collect();
    inputs.push("e\u{301}政府，ＡＢ\u{308}c２０２６年".into());
    inputs.extend(
        crate::search::corpus::generate(20, 1, 20..21)
            .into_iter()
            .map(|d| d.body)
            .filter(|b| !b.is_empty()),
    );
    inputs.extend(crate::search::corpus::hostile_strings(20261201, 2000));
    inputs
}

/// Snippet placement and excerpt chunks take positions from the units
/// with source spans: they must be the units of the whole folded text.
#[test]
fn source_span_units_equal_the_units() {
    for input in sample_inputs() {
        let spanned: Vec<(String, u32)> = units_with_source_spans(&input)
            .into_iter()
            .map(|u| (u.text, u.pos))
            .collect();
        let plain: Vec<(String, u32)> =
            units(&input).into_iter().map(|u| (u.text, u.pos)).collect();
        assert_eq!(spanned, plain, "{input:?}");
    }
}

#[test]
fn fast_path_equals_unit_path() {
    for input in sample_inputs() {
        let mut fast = Vec::new();
        each_text_token(&input, |t, p| fast.push((t.to_string(), p)));
        assert_eq!(fast, pairs(&index_tokens(&input)), "{input:?}");
    }
}

#[test]
fn unit_source_spans_equal_the_units() {
    for input in sample_inputs() {
        let full: Vec<(u32, Range<usize>)> = units_with_source_spans(&input)
            .into_iter()
            .map(|u| (u.pos, u.span))
            .collect();
        assert_eq!(unit_source_spans(&input), full, "{input:?}");
    }
}

#[test]
fn full_width_folds_to_ascii() {
    let t = pairs(&index_tokens("２０２３年ＡＢｃ"));
    let want: Vec<(String, u32)> = [
        ("2023", 0),
        ("2023年", 0),
        ("2023年abc", 0),
        ("年", 1),
        ("年abc", 1),
        ("abc", 2),
    ]
    .iter()
    .map(|(s, p)| (s.to_string(), *p))
    .collect();
    assert_eq!(t, want);
}

#[test]
fn grams_stop_at_punctuation_and_gap_pairs_bridge_it() {
    let t = pairs(&index_tokens("就业，补贴5G网络"));
    let texts: Vec<&str> = t.iter().map(|(s, _)| s.as_str()).collect();
    assert_eq!(
        texts,
        vec![
            "就", "就业", "业", "业|补", "补", "补贴", "补贴5", "补贴5g", "贴", "贴5", "贴5g",
            "贴5g网", "5", "5g", "5g网", "5g网络", "g", "g网", "g网络", "网", "网络", "络"
        ]
    );
    assert!(!texts.contains(&"业补"));
}

#[test]
fn document_number_brackets_tokenise_alike() {
    let a = index_tokens("示政办〔2026〕3号");
    for variant in [
        "示政办[2026]3号",
        "示政办(2026)3号",
        "示政办【２０２６】３号",
        "示政办（2026）3号",
    ] {
        assert_eq!(index_tokens(variant), a, "{variant}");
    }
}

#[test]
fn source_spans_point_at_original_characters() {
    let text = "关于２０２６年，ＡＢ计划";
    let us = units_with_source_spans(text);
    let shown: Vec<&str> = us.iter().map(|u| &text[u.span.clone()]).collect();
    assert_eq!(
        shown,
        vec!["关", "于", "２０２６", "年", "ＡＢ", "计", "划"]
    );
    let plain: Vec<(String, u32)> = units(text).into_iter().map(|u| (u.text, u.pos)).collect();
    let spanned: Vec<(String, u32)> = us.into_iter().map(|u| (u.text, u.pos)).collect();
    assert_eq!(plain, spanned);
}

#[test]
fn long_run_plan_covers_every_character() {
    assert_eq!(
        plan_pairs("城乡居民医疗保险"),
        vec![("城乡居民".to_string(), 0), ("医疗保险".to_string(), 4)]
    );
    assert_eq!(
        plan_pairs("最低生活保障"),
        vec![("最低生活".to_string(), 0), ("生活保障".to_string(), 2)]
    );
    assert_eq!(plan_pairs("就业补"), vec![("就业补".to_string(), 0)]);
    assert_eq!(
        plan_pairs("示政办〔2026〕3号"),
        vec![
            ("示政办".to_string(), 0),
            ("办|2026".to_string(), 2),
            ("2026|3".to_string(), 4),
            ("3号".to_string(), 6)
        ]
    );
}
