//! Writes a search fixture for the JavaScript tests: an index, its exported
//! shards, and what `search` answers for a set of queries; a second, smaller
//! one of documents with hostile characters in `hostile/`; and the Rust
//! tokenizer's output for random hostile strings in `tokenizer_random.json`.
//!
//! cargo run --example search_fixture -- OUT_DIR
//! cargo run --example search_fixture -- --tokenizer-only OUT_DIR

use std::path::{Path, PathBuf};

use xxgk::search::corpus::{
    accuracy_queries, generate, hostile_docs, hostile_strings, random_queries, sample_docs,
    tiny_docs,
};
use xxgk::search::doc_number::exact_key;
use xxgk::search::tokenizer::{
    index_tokens, plan_term, split_query, units, units_with_source_spans,
};
use xxgk::search::{
    ExportOptions, SearchDoc, SearchOptions, SortOrder, build_index, export_shards_with, search,
};

/// Random hostile strings compared token for token with tokenizer.js.
const TOKENIZER_CASES: usize = 4000;
/// Random queries (with random refinements, sorts and pages) per fixture.
const RANDOM_CASES: usize = 64;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let tokenizer_only = args.iter().any(|a| a == "--tokenizer-only");
    let out = PathBuf::from(
        args.iter()
            .find(|a| !a.starts_with("--"))
            .cloned()
            .unwrap_or_else(|| "target/search-fixture".into()),
    );
    or_exit(std::fs::create_dir_all(&out).map_err(|e| format!("{}:1: {e}", out.display())));
    write_json(&out.join("tokenizer_random.json"), &tokenizer_cases());
    if tokenizer_only {
        println!("{TOKENIZER_CASES} tokenizer cases -> {}", out.display());
        return;
    }

    let mut docs = sample_docs();
    docs.extend(generate(2300, 42, 3..9));
    docs.extend(briefings());
    // Refinements from 400 documents (8192 in builds), so that the common
    // words of these 3 000 documents get them.
    let index = export(&out, &docs, 400);
    let mut cases = Vec::new();
    let mut queries = accuracy_queries(&docs);
    queries.extend(
        [
            "就业补贴",
            "示政办(2026)3号",
            "研究研究",
            "低保资金",
            "",
            "〔〕",
            "工作动态简报",
            "简报 第7期",
        ]
        .map(String::from),
    );
    for q in &queries {
        let mut variants = vec![all()];
        if q == "就业补贴" || q == "补贴" {
            variants.extend([
                SearchOptions {
                    sort: SortOrder::Date,
                    ..all()
                },
                SearchOptions {
                    column: Some("fdzdgknr/zcwj".into()),
                    ..all()
                },
                SearchOptions {
                    year: Some(2024),
                    validity: Some("有效".into()),
                    ..all()
                },
                SearchOptions {
                    issuer: Some("示例县财政局".into()),
                    topic: Some("财政、金融、审计".into()),
                    ..all()
                },
                // One facet value each: answered from the refinements.
                SearchOptions {
                    issuer: Some("示例县财政局".into()),
                    ..all()
                },
                SearchOptions {
                    topic: Some("财政、金融、审计".into()),
                    sort: SortOrder::Date,
                    ..all()
                },
                SearchOptions {
                    validity: Some("有效".into()),
                    ..all()
                },
                // 主题分类 at both levels (the top one counts its sub-topics'
                // documents), 公文种类 and 机关代字.
                SearchOptions {
                    topic: Some("劳动、人事、监察".into()),
                    ..all()
                },
                SearchOptions {
                    topic: Some("劳动、人事、监察\\社会保障".into()),
                    ..all()
                },
                SearchOptions {
                    doc_type: Some("通知".into()),
                    ..all()
                },
                SearchOptions {
                    organ: Some("示人社".into()),
                    sort: SortOrder::Date,
                    ..all()
                },
                SearchOptions {
                    topic: Some("综合政务\\其他".into()),
                    doc_type: Some("通知".into()),
                    organ: Some("示政办".into()),
                    ..all()
                },
            ]);
        }
        for opts in variants {
            cases.push(answer(&index, q, &opts));
        }
    }
    cases.extend(random_cases(&index, &docs, 20261126));
    write_json(&out.join("expected.json"), &cases);
    write_json(
        &out.join("related.json"),
        &related_cases(&index, &docs, &queries),
    );
    write_json(&out.join("suggest.json"), &suggest_cases(&docs));

    // Hostile characters in the documents themselves (astral and
    // compatibility characters in shard keys, folding at export time), and
    // documents over a tiny alphabet (repeated tokens in one phrase).
    let mut hostile = hostile_docs(300, 20261127);
    hostile.extend(tiny_docs(150, 20261129));
    let hostile_dir = out.join("hostile");
    let hostile_index = export(&hostile_dir, &hostile, 40);
    let hostile_cases = random_cases(&hostile_index, &hostile, 20261128);
    write_json(&hostile_dir.join("expected.json"), &hostile_cases);
    println!(
        "{} cases, {} documents; {} hostile cases, {} documents -> {}",
        cases.len(),
        docs.len(),
        hostile_cases.len(),
        hostile.len(),
        out.display()
    );
}

fn or_exit<T>(r: Result<T, String>) -> T {
    r.unwrap_or_else(|e| {
        eprintln!("{e}");
        std::process::exit(1)
    })
}

fn write_json(path: &Path, value: &impl serde::Serialize) {
    let text = serde_json::to_string(value).unwrap_or_default();
    or_exit(std::fs::write(path, text).map_err(|e| format!("{}:1: {e}", path.display())));
}

/// Builds the index of `docs` in `dir/index` and exports it to `dir/site/search`.
fn export(dir: &Path, docs: &[SearchDoc], refine_min_docs: usize) -> PathBuf {
    let index = dir.join("index");
    let site = dir.join("site").join("search");
    let options = ExportOptions {
        refine_min_docs,
        vocabulary: xxgk::search::related::Vocabulary::of_docs(
            docs,
            &xxgk::search::related::Lexicon::builtin(),
        ),
        ..Default::default()
    };
    or_exit(
        build_index(docs, &index)
            .and_then(|_| export_shards_with(&index, &site, &options))
            .map_err(|e| e.to_string()),
    );
    write_json(&dir.join("logical.json"), &logical_files(&site));
    index
}

/// Every logical file in the packs as the Rust reader reads it back: path,
/// length and FNV-1a hash, for packs.test.mjs to compare with packs.js.
fn logical_files(site: &Path) -> Vec<serde_json::Value> {
    use xxgk::search::pack_reader::PackReader;
    use xxgk::search::packs::PackIndex;
    let (dir, index) = or_exit(PackIndex::of_export(site));
    let reader = PackReader {
        dir: &dir,
        index: &index,
    };
    or_exit(reader.paths())
        .into_iter()
        .map(|path| {
            let bytes = or_exit(reader.file(&path));
            serde_json::json!([path, bytes.len(), xxgk::search::shards::fnv1a32(&bytes)])
        })
        .collect()
}

/// What `xxgk search` lists after the exact results (related.rs), for the
/// queries that have related blocks: engine.test.mjs replays them.
fn related_cases(index: &Path, docs: &[SearchDoc], queries: &[String]) -> Vec<serde_json::Value> {
    let lex = xxgk::search::related::Lexicon::builtin();
    let vocab = xxgk::search::related::Vocabulary::of_docs(docs, &lex);
    let mut qs: Vec<String> = [
        "低保",
        "医保",
        "社保",
        "年报",
        "养老补贴",
        "医保缴费",
        "就业补帖",
        "临时求助",
        "示政办2026 3号",
        "示政办2026年3号",
        "示政办〔2026〕第3号",
        "示政发2026 13号",
        "城乡居民医保",
        "就业补贴 医保",
        // The fixture's own words: pinyin, initials, sound.
        "jiuyebutie",
        "lsjz",
        "林时就助",
        "城乡居民医疗保线",
    ]
    .map(String::from)
    .to_vec();
    qs.extend(queries.iter().cloned());
    let mut out = Vec::new();
    for q in &qs {
        let exact = or_exit(search(index, q, &all()).map_err(|e| e.to_string()));
        let blocks = or_exit(
            xxgk::search::related::search_related(index, q, exact.total, &all(), &lex, &vocab)
                .map_err(|e| e.to_string()),
        );
        if blocks.is_empty() {
            continue;
        }
        out.push(serde_json::json!({
            "query": q,
            "total": exact.total,
            "blocks": blocks.iter().map(|b| serde_json::json!({
                "reason": b.reason,
                "query": b.query,
                "total": b.total,
                "urls": b.results.iter().map(|h| h.url.clone()).collect::<Vec<_>>(),
                "facets": b.facets,
            })).collect::<Vec<_>>(),
        }));
    }
    out
}

/// What the search box suggests (`xxgk search --suggest`) for prefixes of the
/// fixture's titles, Han and pinyin: engine.test.mjs asks the browser's engine.
fn suggest_cases(docs: &[SearchDoc]) -> Vec<serde_json::Value> {
    use pinyin::ToPinyin;
    let vocab = xxgk::search::related::Vocabulary::of_docs(
        docs,
        &xxgk::search::related::Lexicon::builtin(),
    );
    let mut typed: Vec<String> = [
        "低", "临时", "就业", "jiuye", "lsj", "gaoling", "2026", "", "x",
    ]
    .map(String::from)
    .to_vec();
    for (i, d) in docs.iter().enumerate().step_by(37) {
        let han: String = d
            .title
            .chars()
            .filter(|c| ('\u{4e00}'..='\u{9fff}').contains(c))
            .collect();
        let cs: Vec<char> = han.chars().skip(i % 5).take(1 + i % 3).collect();
        if cs.is_empty() {
            continue;
        }
        typed.push(if i % 2 == 0 {
            cs.iter().collect()
        } else {
            cs.iter()
                .filter_map(|c| c.to_pinyin())
                .map(|p| p.plain())
                .collect()
        });
    }
    typed
        .iter()
        .map(|t| serde_json::json!({ "typed": t, "words": xxgk::search::related::suggestions(t, &vocab) }))
        .collect()
}

fn all() -> SearchOptions {
    SearchOptions {
        limit: usize::MAX,
        ..Default::default()
    }
}

/// What `xxgk search` answers: the case engine.test.mjs replays.
fn answer(index: &Path, q: &str, opts: &SearchOptions) -> serde_json::Value {
    let r = or_exit(search(index, q, opts).map_err(|e| e.to_string()));
    let mut case = serde_json::json!({
        "query": q,
        "opts": {
            "column": opts.column, "year": opts.year, "issuer": opts.issuer,
            "topic": opts.topic, "validity": opts.validity,
            "doc_type": opts.doc_type, "organ": opts.organ,
            "sort": if opts.sort == SortOrder::Date { "date" } else { "relevance" },
        },
        "total": r.total,
        "urls": r.results.iter().map(|h| h.url.clone()).collect::<Vec<_>>(),
        "first_doc_number": r.results.first().and_then(|h| h.doc_number.clone()),
        "facets": r.facets,
    });
    // Only a paged case says which page: the others are every result.
    if opts.limit != usize::MAX {
        case["offset"] = opts.offset.into();
        case["limit"] = opts.limit.into();
    }
    case
}

/// Seeded random queries (see `random_queries`), each refined by up to two
/// values of its own facets (now and then by one it does not have), in
/// either order, often on a later page.
fn random_cases(index: &Path, docs: &[SearchDoc], seed: u64) -> Vec<serde_json::Value> {
    let mut rng = fastrand::Rng::with_seed(seed);
    let run =
        |q: &str, opts: &SearchOptions| or_exit(search(index, q, opts).map_err(|e| e.to_string()));
    let mut cases = Vec::new();
    for q in random_queries(docs, seed, RANDOM_CASES) {
        let mut opts = all();
        opts.sort = if rng.bool() {
            SortOrder::Date
        } else {
            SortOrder::Relevance
        };
        for _ in 0..[0, 1, 1, 2][rng.usize(..4)] {
            // From the facets of the results refined so far, so that most
            // refined cases still find something.
            let f = run(&q, &opts).facets;
            let kind = rng.u8(0..7);
            let facet = [
                &f.column,
                &f.year,
                &f.issuer,
                &f.topic,
                &f.validity,
                &f.doc_type,
                &f.organ,
            ][kind as usize];
            if facet.is_empty() {
                continue;
            }
            let value = facet[rng.usize(..facet.len())].value.clone();
            match kind {
                // A column path, or its parent (a prefix).
                0 => {
                    opts.column = Some(match (rng.bool(), value.rfind('/')) {
                        (true, Some(cut)) => value[..cut].to_string(),
                        _ => value,
                    })
                }
                1 => opts.year = value.parse().ok(),
                2 => opts.issuer = Some(value),
                3 => opts.topic = Some(value),
                4 => opts.validity = Some(value),
                5 => opts.doc_type = Some(value),
                _ => opts.organ = Some(value),
            }
        }
        match rng.u8(0..24) {
            0 => opts.column = Some("fdzdgknr/zc".into()),
            1 => opts.year = Some(2030),
            2 => opts.issuer = Some("示例县审计局".into()),
            _ => {}
        }
        let total = run(&q, &opts).total;
        if total > 10 && rng.u8(0..4) > 0 {
            opts.offset = 10 * rng.usize(1..=total.div_ceil(10).min(4) - 1);
            opts.limit = 10;
        }
        cases.push(answer(index, &q, &opts));
    }
    cases
}

/// The Rust tokenizer's view of random hostile strings, in the shapes
/// tokenizer.js exposes: index tokens, query terms and their plans, units of
/// the folded text, units with UTF-16 source offsets, the 文号 key.
fn tokenizer_cases() -> Vec<serde_json::Value> {
    hostile_strings(20261123, TOKENIZER_CASES)
        .into_iter()
        .map(|input| {
            let utf16 = |byte: usize| input[..byte].encode_utf16().count();
            serde_json::json!({
                "tokens": index_tokens(&input)
                    .into_iter()
                    .map(|t| serde_json::json!([t.text, t.pos]))
                    .collect::<Vec<_>>(),
                "split": split_query(&input),
                "terms": split_query(&input)
                    .into_iter()
                    .map(|t| plan_term(t)
                        .into_iter()
                        .map(|p| serde_json::json!([p.text, p.offset]))
                        .collect::<Vec<_>>())
                    .filter(|p| !p.is_empty())
                    .collect::<Vec<_>>(),
                "units": units(&input)
                    .into_iter()
                    .map(|u| serde_json::json!([u.text, u.pos, u.han, u.after_gap, u.joined_next]))
                    .collect::<Vec<_>>(),
                "spans": units_with_source_spans(&input)
                    .into_iter()
                    .map(|u| serde_json::json!([u.text, u.pos, utf16(u.span.start), utf16(u.span.end)]))
                    .collect::<Vec<_>>(),
                "exact_key": exact_key(&input),
                "input": input,
            })
        })
        .collect()
}

/// 800 issues of one briefing published on one day: their title's terms have
/// long doc lists (cut into blocks) that pack into a few hundred bytes —
/// consecutive ids, tf 1, one title length, position 0.
fn briefings() -> Vec<SearchDoc> {
    let day = chrono::NaiveDate::from_ymd_opt(2027, 1, 4).expect("date");
    (0..800)
        .map(|i| SearchDoc {
            url: format!("xxgk/gzdt/jb-{i:03}/"),
            title: "工作动态简报".into(),
            body: format!("第{i}期。"),
            doc_number: None,
            index_no: None,
            column: "工作动态".into(),
            column_path: "xxgk/gzdt".into(),
            issuer: "示例县人民政府办公室".into(),
            topic: None,
            validity: None,
            doc_type: None,
            organ: None,
            date: day,
            keywords: Vec::new(),
        })
        .collect()
}
