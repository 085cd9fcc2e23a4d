//! Writes a search fixture for the JavaScript tests: an index, its exported
//! shards, and what `search` answers for a set of queries.
//!
//! cargo run --example search_fixture -- OUT_DIR

use std::path::PathBuf;

use xxgk::search::corpus::{accuracy_queries, generate, sample_docs};
use xxgk::search::{
    ExportOptions, SearchDoc, SearchOptions, SortOrder, build_index, export_shards_with, search,
};

fn main() {
    let out = PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or_else(|| "target/search-fixture".into()),
    );
    let mut docs = sample_docs();
    docs.extend(generate(2300, 42, 3..9));
    docs.extend(briefings());
    let index = out.join("index");
    let site = out.join("site").join("search");
    // Refinements from 400 documents (8192 in builds), so that the common
    // words of these 3 000 documents get them.
    let options = ExportOptions {
        refine_min_docs: 400,
    };
    if let Err(e) =
        build_index(&docs, &index).and_then(|_| export_shards_with(&index, &site, &options))
    {
        eprintln!("{e}");
        std::process::exit(1);
    }
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
        let all = || SearchOptions {
            limit: usize::MAX,
            ..Default::default()
        };
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
            ]);
        }
        for opts in variants {
            let r = match search(&index, q, &opts) {
                Ok(r) => r,
                Err(e) => {
                    eprintln!("{e}");
                    std::process::exit(1);
                }
            };
            cases.push(serde_json::json!({
                "query": q,
                "opts": {
                    "column": opts.column, "year": opts.year, "issuer": opts.issuer,
                    "topic": opts.topic, "validity": opts.validity,
                    "sort": if opts.sort == SortOrder::Date { "date" } else { "relevance" },
                },
                "total": r.total,
                "urls": r.results.iter().map(|h| h.url.clone()).collect::<Vec<_>>(),
                "first_doc_number": r.results.first().and_then(|h| h.doc_number.clone()),
                "facets": r.facets,
            }));
        }
    }
    let path = out.join("expected.json");
    if let Err(e) = std::fs::write(&path, serde_json::to_string(&cases).unwrap_or_default()) {
        eprintln!("{}:1: {e}", path.display());
        std::process::exit(1);
    }
    println!(
        "{} cases, {} documents -> {}",
        cases.len(),
        docs.len(),
        out.display()
    );
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
            date: day,
        })
        .collect()
}
