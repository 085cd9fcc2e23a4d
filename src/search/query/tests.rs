use super::*;
use crate::search::corpus::{
    accuracy_queries, generate, hostile_docs, random_queries, reference_search, sample_docs,
    tiny_docs, tiny_text,
};
use crate::search::{SearchDoc, build_index};
use std::path::PathBuf;
use std::time::Instant;

fn temp_index(name: &str, docs: &[SearchDoc]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("xxgk-q-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    build_index(docs, &dir).expect("index builds");
    dir
}

fn all(dir: &Path, q: &str) -> SearchResults {
    search(
        dir,
        q,
        &SearchOptions {
            limit: usize::MAX,
            ..Default::default()
        },
    )
    .unwrap()
}

fn urls(r: &SearchResults) -> Vec<String> {
    let mut u: Vec<String> = r.results.iter().map(|h| h.url.clone()).collect();
    u.sort();
    u
}

fn set(items: &[&str]) -> Vec<String> {
    let mut v: Vec<String> = items.iter().map(|s| s.to_string()).collect();
    v.sort();
    v
}

const JYBT: &str = "fdzdgknr/zcwj/gfxwj/2026-jybt/";
const YLBX: &str = "fdzdgknr/zcwj/gfxwj/2026-ylbx/";
const JYBT21: &str = "fdzdgknr/zcwj/gfxwj/2021-jybt/";
const JD: &str = "fdzdgknr/zcjd/2026-jybt-jd/";
const YS: &str = "fdzdgknr/czyjs/2026-ys/";
const LJFL: &str = "fdzdgknr/zcwj/qtwj/2025-ljfl/";
const YLFW: &str = "fdzdgknr/zcwj/qtwj/2025-ylfw/";

#[test]
fn phrases_match_exactly_what_the_text_contains() {
    let docs = sample_docs();
    let dir = temp_index("phrase", &docs);
    let cases: Vec<(&str, Vec<String>)> = vec![
        ("医疗保险", set(&[YLBX])),
        ("保险医疗", set(&[])),
        ("2026年", set(&[JYBT, YLBX, YS, YLFW])),
        ("3号", set(&[JYBT, JYBT21, JD, YLFW])),
        ("示政办字2026年", set(&[YLFW])),
        ("13号", set(&[YLBX, "ysqgkml/"])),
        ("研究研究", set(&[YLFW])),
        ("就业 500元", set(&[JYBT])),
        ("5G网络", set(&[YS])),
        ("G网络", set(&[YS])),
        ("5.2%", set(&[YS])),
        ("5.2", set(&[YS])),
        ("5 2", set(&[YS, JYBT])),
        ("52", set(&[])),
        ("低保资金", set(&["ysqgkml/"])),
        ("０９９９－１２３４５６７", set(&[LJFL])),
        ("", set(&[])),
        ("〔〕，。", set(&[])),
    ];
    for (q, want) in cases {
        let got = all(&dir, q);
        assert_eq!(urls(&got), want, "query {q:?}");
        assert_eq!(got.total, want.len(), "total of {q:?}");
        assert_eq!(
            urls(&got),
            reference_search(&docs, q),
            "reference for {q:?}"
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn one_character_queries_work() {
    let docs = sample_docs();
    let dir = temp_index("onechar", &docs);
    for q in ["补", "险", "号", "〇", "5", "x"] {
        assert_eq!(urls(&all(&dir, q)), reference_search(&docs, q), "{q}");
    }
    assert_eq!(all(&dir, "险").total, 1);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn document_number_in_any_style_comes_first() {
    let docs = sample_docs();
    let dir = temp_index("wenhao", &docs);
    for q in [
        "示政办〔2026〕3号",
        "示政办[2026]3号",
        "示政办(2026)3号",
        "示政办（2026）3号",
        "示政办【2026】3号",
        "示政办〔２０２６〕３号",
    ] {
        let r = all(&dir, q);
        assert_eq!(r.results[0].url, JYBT, "{q}");
        assert!(r.results[0].score >= 2000.0, "{q}: exact tier");
        assert_eq!(
            r.results[0].doc_number.as_deref(),
            Some("示政办〔2026〕3号")
        );
        // Documents citing it in their body are found too, after it.
        assert_eq!(urls(&r), set(&[JYBT, JYBT21, JD]), "{q}");
    }
    // With spaces it is three terms, ANDed: a looser match, but the
    // exact 文号 still comes first.
    let r = all(&dir, "示政办 [2026] 3号");
    assert_eq!(r.results[0].url, JYBT);
    assert_eq!(urls(&r), set(&[JYBT, JYBT21, JD, YLFW]));
    let r = all(&dir, "11990000mb0123456x/2026-00003");
    assert_eq!(urls(&r), set(&[JYBT]));
    assert!(r.results[0].score >= 2000.0);
    // Not a different number that merely shares a prefix.
    assert!(urls(&all(&dir, "示政发〔2026〕1号")).is_empty());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn topics_at_both_levels_doc_types_and_organ_codes_are_facets() {
    let mut docs = sample_docs();
    for d in &mut docs {
        if d.url == JYBT21 {
            d.topic = Some("劳动、人事、监察\\劳动就业".into());
        }
        if d.url == JD {
            d.topic = Some("劳动、人事、监察\\社会保障".into());
        }
    }
    let dir = temp_index("two-level", &docs);
    let r = all(&dir, "就业补贴");
    let shown = |f: &[FacetCount]| -> Vec<(String, String, usize)> {
        f.iter()
            .map(|c| (c.value.clone(), c.label.clone(), c.count))
            .collect()
    };
    let top = "劳动、人事、监察";
    // The top level counts its sub-topics' documents; each sub-topic follows it.
    assert_eq!(
        shown(&r.facets.topic),
        [
            (top.to_string(), top.to_string(), 3),
            (format!("{top}\\劳动就业"), "劳动就业".to_string(), 1),
            (format!("{top}\\社会保障"), "社会保障".to_string(), 1),
        ]
    );
    assert_eq!(
        shown(&r.facets.doc_type),
        [("通知".to_string(), "通知".to_string(), 1)]
    );
    assert_eq!(
        shown(&r.facets.organ),
        [("示政办".to_string(), "示政办".to_string(), 2)]
    );
    let refine = |opts: SearchOptions| {
        urls(&search(&dir, "就业补贴", &SearchOptions { limit: 50, ..opts }).unwrap())
    };
    let by_topic = |t: &str| SearchOptions {
        topic: Some(t.into()),
        ..Default::default()
    };
    assert_eq!(refine(by_topic(top)), set(&[JYBT, JYBT21, JD]));
    assert_eq!(refine(by_topic(&format!("{top}\\社会保障"))), set(&[JD]));
    // A sub-topic name alone is no value of the facet.
    assert_eq!(refine(by_topic("社会保障")), set(&[]));
    let by_organ = SearchOptions {
        organ: Some("示政办".into()),
        ..Default::default()
    };
    assert_eq!(refine(by_organ), set(&[JYBT, JYBT21]));
    let by_type = SearchOptions {
        doc_type: Some("通知".into()),
        ..Default::default()
    };
    assert_eq!(refine(by_type), set(&[JYBT]));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn facets_count_and_refine_the_current_results() {
    let docs = sample_docs();
    let dir = temp_index("facets", &docs);
    let r = all(&dir, "就业补贴");
    assert_eq!(urls(&r), set(&[JYBT, JYBT21, JD]));
    let count = |f: &[FacetCount], v: &str| f.iter().find(|c| c.value == v).map(|c| c.count);
    assert_eq!(count(&r.facets.column, "fdzdgknr/zcwj/gfxwj"), Some(2));
    assert_eq!(count(&r.facets.column, "fdzdgknr/zcjd"), Some(1));
    assert_eq!(
        r.facets
            .column
            .iter()
            .find(|c| c.value == "fdzdgknr/zcjd")
            .unwrap()
            .label,
        "政策解读"
    );
    assert_eq!(count(&r.facets.year, "2026"), Some(2));
    assert_eq!(count(&r.facets.year, "2021"), Some(1));
    assert_eq!(count(&r.facets.validity, "有效"), Some(1));
    assert_eq!(count(&r.facets.validity, "废止"), Some(1));
    assert_eq!(count(&r.facets.issuer, "示例县人民政府办公室"), Some(2));

    let refined = search(
        &dir,
        "就业补贴",
        &SearchOptions {
            column: Some("/fdzdgknr/zcwj/".into()),
            limit: 50,
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(urls(&refined), set(&[JYBT, JYBT21]));
    assert_eq!(refined.facets.column.len(), 1);
    let refined = search(
        &dir,
        "就业补贴",
        &SearchOptions {
            year: Some(2026),
            validity: Some("有效".into()),
            limit: 50,
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(urls(&refined), set(&[JYBT]));
    // A prefix must end at a path segment.
    let none = search(
        &dir,
        "就业补贴",
        &SearchOptions {
            column: Some("fdzdgknr/zc".into()),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(none.total, 0);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn ranking_puts_title_before_body_and_newer_first_on_ties() {
    let base = sample_docs()[0].clone();
    let mk = |url: &str, title: &str, body: &str, d: (i32, u32, u32)| SearchDoc {
        url: url.into(),
        title: title.into(),
        body: body.into(),
        doc_number: None,
        index_no: None,
        date: chrono::NaiveDate::from_ymd_opt(d.0, d.1, d.2).unwrap(),
        ..base.clone()
    };
    let docs = vec![
        mk("a/", "关于推进养老服务的通知", "详见附件。", (2020, 1, 1)),
        mk(
            "b/",
            "工作通知",
            "养老服务，养老服务，养老服务，养老服务。",
            (2026, 1, 1),
        ),
        mk("c/", "工作通知", "做好养老服务。", (2024, 5, 1)),
        mk("d/", "工作通知", "做好养老服务。", (2025, 5, 1)),
    ];
    let dir = temp_index("rank", &docs);
    let r = all(&dir, "养老服务");
    let order: Vec<&str> = r.results.iter().map(|h| h.url.as_str()).collect();
    assert_eq!(order[0], "a/", "title match first");
    assert_eq!(order[1], "b/", "more occurrences next");
    assert_eq!(&order[2..], &["d/", "c/"], "equal scores: newer first");
    assert!(r.results.windows(2).all(|w| w[0].score >= w[1].score));

    let by_date = search(
        &dir,
        "养老服务",
        &SearchOptions {
            sort: SortOrder::Date,
            ..Default::default()
        },
    )
    .unwrap();
    let order: Vec<&str> = by_date.results.iter().map(|h| h.url.as_str()).collect();
    assert_eq!(order, vec!["b/", "d/", "c/", "a/"]);

    let page = search(
        &dir,
        "养老服务",
        &SearchOptions {
            limit: 2,
            offset: 2,
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(page.total, 4);
    assert_eq!(
        page.results
            .iter()
            .map(|h| h.url.as_str())
            .collect::<Vec<_>>(),
        vec!["d/", "c/"]
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn json_output_follows_the_contract() {
    let docs = sample_docs();
    let dir = temp_index("json", &docs);
    let r = search(&dir, "医疗保险", &SearchOptions::default()).unwrap();
    let v = serde_json::to_value(&r).unwrap();
    assert_eq!(v["total"], 1);
    let hit = &v["results"][0];
    assert_eq!(
        hit["title"],
        "示例县人民政府关于调整城乡居民医疗保险缴费标准的通知"
    );
    assert_eq!(hit["url"], YLBX);
    assert_eq!(hit["date"], "2026-02-01");
    assert_eq!(hit["column"], "行政规范性文件");
    assert_eq!(hit["doc_number"], "示政发〔2026〕13号");
    assert!(hit["score"].as_f64().unwrap() > 1000.0);
    assert!(hit["snippet"].as_str().unwrap().contains("医疗保险"));
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Asserts that every query finds exactly what the substring search
/// finds; returns how many found something.
fn assert_matches_reference(dir: &Path, docs: &[SearchDoc], queries: &[String]) -> usize {
    let order = crate::search::index::export_order(docs);
    let reference = crate::search::corpus::Reference::new(docs);
    let mut nonempty = 0;
    for q in queries {
        let want = reference.search(q);
        let mut got_urls: Vec<String> = search_ords(dir, q, &SearchOptions::default())
            .unwrap()
            .into_iter()
            .map(|o| docs[order[o as usize]].url.clone())
            .collect();
        got_urls.sort();
        if got_urls != want {
            let missing: Vec<_> = want
                .iter()
                .filter(|u| !got_urls.contains(u))
                .take(5)
                .collect();
            let extra: Vec<_> = got_urls
                .iter()
                .filter(|u| !want.contains(u))
                .take(5)
                .collect();
            panic!(
                "query {q:?}: got {} want {} (missing {missing:?}, extra {extra:?})",
                got_urls.len(),
                want.len()
            );
        }
        if !want.is_empty() {
            nonempty += 1;
        }
    }
    nonempty
}

#[test]
fn accuracy_equals_plain_substring_search() {
    let started = Instant::now();
    let docs = generate(3000, 20260312, 4..12);
    let dir = temp_index("accuracy", &docs);
    let built = started.elapsed();
    let queries = accuracy_queries(&docs);
    assert!(queries.len() >= 60, "{} queries", queries.len());
    let nonempty = assert_matches_reference(&dir, &docs, &queries);
    // The queries must actually exercise the engine.
    assert!(
        nonempty >= queries.len() - 3,
        "{nonempty} queries found something"
    );
    let fixed = started.elapsed();
    // Seeded random substrings of the documents, re-styled, one or two
    // terms, and some noise: what hand-picked queries miss.
    let random = random_queries(&docs, 20261123, RANDOM_QUERIES);
    let nonempty = assert_matches_reference(&dir, &docs, &random);
    assert!(
        nonempty * 10 >= random.len() * 7,
        "{nonempty} of {} random queries found something",
        random.len()
    );
    let randomized = started.elapsed() - fixed;
    // Every 文号 query finds its document first.
    for d in docs.iter().filter(|d| d.doc_number.is_some()).take(20) {
        let n = d
            .doc_number
            .as_deref()
            .unwrap()
            .replace('〔', "(")
            .replace('〕', ")");
        let r = search(&dir, &n, &SearchOptions::default()).unwrap();
        assert_eq!(
            r.results[0].doc_number.as_deref(),
            d.doc_number.as_deref(),
            "{n}"
        );
    }
    eprintln!(
        "accuracy: build {built:?}, {RANDOM_QUERIES} random queries {randomized:?}, total {:?}",
        started.elapsed()
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Documents and queries over a tiny alphabet: phrases repeat, overlap
/// and nearly match everywhere (positions, gap pairs, repeated tokens).
#[test]
fn tiny_alphabet_accuracy_equals_plain_substring_search() {
    let started = Instant::now();
    let docs = tiny_docs(300, 20261129);
    let dir = temp_index("tiny", &docs);
    let mut rng = fastrand::Rng::with_seed(20261130);
    let mut queries = random_queries(&docs, 20261131, RANDOM_QUERIES / 2);
    queries.extend((0..RANDOM_QUERIES / 2).map(|_| tiny_text(&mut rng, 10)));
    let nonempty = assert_matches_reference(&dir, &docs, &queries);
    assert!(
        nonempty * 10 >= queries.len() * 6,
        "{nonempty} of {} queries found something",
        queries.len()
    );
    eprintln!("tiny accuracy: total {:?}", started.elapsed());
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Random queries per randomized accuracy test.
const RANDOM_QUERIES: usize = 600;

/// Documents with hostile characters spliced in (full-width forms,
/// compatibility characters, combining marks, astral Han, emoji, odd
/// spaces) and random queries cut from them, exact substring semantics.
#[test]
fn hostile_text_accuracy_equals_plain_substring_search() {
    let started = Instant::now();
    let docs = hostile_docs(400, 20261124);
    let dir = temp_index("hostile", &docs);
    let built = started.elapsed();
    let random = random_queries(&docs, 20261125, RANDOM_QUERIES);
    let nonempty = assert_matches_reference(&dir, &docs, &random);
    assert!(
        nonempty * 10 >= random.len() * 6,
        "{nonempty} of {} random queries found something",
        random.len()
    );
    eprintln!(
        "hostile accuracy: build {built:?}, total {:?}",
        started.elapsed()
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
