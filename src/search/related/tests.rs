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
    let mut cases: Vec<(String, usize)> = fixed.iter().map(|(q, t)| (q.to_string(), *t)).collect();
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
