//! Search benchmark (not a test): index build time and size, exported shard
//! size, and the bytes a cold browser query downloads.
//!
//! cargo run --release --example search_bench -- [--docs N] [--sentences A..B] [--out DIR]
//! cargo run --release --example search_bench -- --portal DIR [--out DIR]
//!
//! `--portal` indexes the published documents of an existing portal instead of
//! generating documents (e.g. one kept by `bench_build -- 10000 --keep DIR`).
//!
//! Cold bytes are measured by running static/search/engine.js (minified, as a
//! build publishes it) in node on the exported files and adding up everything
//! it fetches (JS, meta.json, shards, postings, facet blocks, the first page of
//! documents and excerpts).

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Command;
use std::time::Instant;

use xxgk::search::corpus::generate;
use xxgk::search::{SearchOptions, build_index, export_shards, search};

const QUERIES: &[&str] = &[
    "就业补贴",
    "城乡居民医疗保险",
    "最低生活保障",
    "养老",
    "示政办〔2025〕12号",
    "示人社(2024)3号",
    "2025年",
    "高龄津贴发放",
    "乡镇 审核",
    "5G网络",
    "补",
    "通知",
];

fn main() {
    let mut docs_n = 10_000usize;
    let mut sentences = 8..40usize;
    let mut out = std::env::temp_dir().join("xxgk-search-bench");
    let mut portal: Option<PathBuf> = None;
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut i = 0;
    while i < args.len() {
        match args[i].as_str() {
            "--docs" => {
                docs_n = args
                    .get(i + 1)
                    .and_then(|s| s.parse().ok())
                    .unwrap_or(docs_n)
            }
            "--portal" => portal = args.get(i + 1).map(PathBuf::from),
            "--out" => out = args.get(i + 1).map(PathBuf::from).unwrap_or(out),
            "--sentences" => {
                if let Some((a, b)) = args.get(i + 1).and_then(|s| s.split_once("..")) {
                    sentences = a.parse().unwrap_or(8)..b.parse().unwrap_or(40);
                }
            }
            other => {
                eprintln!("unknown argument {other}");
                std::process::exit(2);
            }
        }
        i += 2;
    }
    let docs = match &portal {
        Some(root) => portal_documents(root),
        None => generate(docs_n, 2026, sentences),
    };
    let docs_n = docs.len();
    let body_chars: usize = docs.iter().map(|d| d.body.chars().count()).sum();
    let index = out.join("index");
    let site = out.join("search");
    let _ = std::fs::remove_dir_all(&out);

    let (t, c) = (Instant::now(), cpu_seconds());
    let stats = build_index(&docs, &index).unwrap_or_else(|e| fail(e));
    let (build, build_cpu) = (t.elapsed(), cpu_seconds() - c);
    let (t, c) = (Instant::now(), cpu_seconds());
    let shards = export_shards(&index, &site).unwrap_or_else(|e| fail(e));
    let (export, export_cpu) = (t.elapsed(), cpu_seconds() - c);

    println!(
        "documents            {docs_n} (avg body {} chars)",
        body_chars / docs_n.max(1)
    );
    println!(
        "index build          {:.2} s wall, {build_cpu:.2} s CPU",
        build.as_secs_f64()
    );
    println!("tantivy index size   {:.1} MB", stats.bytes as f64 / 1e6);
    println!(
        "shard export         {:.2} s wall, {export_cpu:.2} s CPU",
        export.as_secs_f64()
    );
    println!(
        "exported files       {} files, {:.1} MB in packs; {} logical files, {:.1} MB ({} dictionary shards, {} posting files, {} document files)",
        shards.files,
        shards.pack_bytes as f64 / 1e6,
        shards.logical_files,
        shards.bytes as f64 / 1e6,
        shards.shards,
        shards.posting_files,
        shards.doc_files
    );

    let static_dir = published_scripts(&out);
    let script =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/search_bench_measure.mjs");
    let queries = serde_json::to_string(QUERIES).unwrap_or_default();
    let output = Command::new("node")
        .arg(&script)
        .arg(&site)
        .arg(&static_dir)
        .arg(&queries)
        .output()
        .unwrap_or_else(|e| fail(format!("node: {e} (hint: install node 20)")));
    if !output.status.success() {
        fail(String::from_utf8_lossy(&output.stderr));
    }
    println!();
    println!(
        "{:<22} {:>6} {:>7} {:>6} {:>6} {:>7} {:>7} {:>6} {:>6} {:>8} {:>7} {:>5} {:>8}",
        "query",
        "total",
        "cli ms",
        "js",
        "meta",
        "shards",
        "posts",
        "facet",
        "docs",
        "TOTAL KB",
        "gzip KB",
        "reqs",
        "js ms"
    );
    let mut totals = Vec::new();
    let mut gzips = Vec::new();
    let mut requests = Vec::new();
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap_or_default();
        let query = v["query"].as_str().unwrap_or_default();
        let t = Instant::now();
        let cli = search(&index, query, &SearchOptions::default()).unwrap_or_else(|e| fail(e));
        let cli_ms = t.elapsed().as_secs_f64() * 1000.0;
        // Bytes by kind of logical file (what the engine read, slots and
        // gaps of merged ranges not counted); the total is what was sent.
        let mut parts: BTreeMap<&str, u64> = BTreeMap::new();
        let files = v["files"].as_array().cloned().unwrap_or_default();
        let sent: u64 = files
            .iter()
            .map(|f| f[1].as_u64().unwrap_or_default())
            .sum();
        let gzip: u64 = files
            .iter()
            .map(|f| f[2].as_u64().unwrap_or_default())
            .sum();
        let logical = v["logical"].as_array().cloned().unwrap_or_default();
        for f in files
            .iter()
            .filter(|f| f[0].as_str().is_some_and(|p| p.starts_with("static/")))
            .chain(&logical)
        {
            let path = f[0].as_str().unwrap_or_default();
            let bytes = f[1].as_u64().unwrap_or_default();
            let kind = if path.starts_with("static/") {
                "js"
            } else if path.ends_with("meta.json") {
                "meta"
            } else if path.contains("/t/") {
                "shards"
            } else if path.contains("/p/") {
                "posts"
            } else if path.contains("/f/") {
                "facet"
            } else {
                "docs"
            };
            *parts.entry(kind).or_default() += bytes;
        }
        let total = sent;
        totals.push(total);
        gzips.push(gzip);
        requests.push(files.len());
        let kb = |k: &str| format!("{:.1}", *parts.get(k).unwrap_or(&0) as f64 / 1024.0);
        println!(
            "{:<22} {:>6} {:>7.1} {:>6} {:>6} {:>7} {:>7} {:>6} {:>6} {:>8.1} {:>7.1} {:>5} {:>8.1}",
            query,
            v["total"],
            cli_ms,
            kb("js"),
            kb("meta"),
            kb("shards"),
            kb("posts"),
            kb("facet"),
            kb("docs"),
            total as f64 / 1024.0,
            gzip as f64 / 1024.0,
            files.len(),
            v["ms"].as_f64().unwrap_or_default(),
        );
        assert_eq!(
            cli.total as u64,
            v["total"].as_u64().unwrap_or(u64::MAX),
            "CLI and browser disagree on {query}"
        );
    }
    totals.sort_unstable();
    gzips.sort_unstable();
    requests.sort_unstable();
    if let (Some(max), Some(mid)) = (requests.last(), requests.get(requests.len() / 2)) {
        println!("requests (scripts included): median {mid}, max {max}");
    }
    if let (Some(max), Some(mid)) = (totals.last(), totals.get(totals.len() / 2)) {
        println!();
        println!(
            "cold query: median {:.1} KB, max {:.1} KB uncompressed; gzip-served median {:.1} KB, max {:.1} KB",
            *mid as f64 / 1024.0,
            *max as f64 / 1024.0,
            gzips[gzips.len() / 2] as f64 / 1024.0,
            gzips.last().copied().unwrap_or_default() as f64 / 1024.0
        );
    }
}

/// The search scripts as a build publishes them (minified), in `out/static/search`.
fn published_scripts(out: &std::path::Path) -> PathBuf {
    let sources = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("themes/default/static/search");
    let dir = out.join("static/search");
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| fail(e));
    for name in [
        "search.js",
        "engine.js",
        "tokenizer.js",
        "related.js",
        "packs.js",
    ] {
        let source = std::fs::read_to_string(sources.join(name)).unwrap_or_else(|e| fail(e));
        let code = xxgk::render::minify::minify_js(&source)
            .unwrap_or_else(|e| fail(format!("{name}:{}: {}", e.line, e.message)));
        std::fs::write(dir.join(name), code).unwrap_or_else(|e| fail(e));
    }
    dir
}

/// The search documents of the portal at `root`, as `xxgk build` indexes them.
fn portal_documents(root: &std::path::Path) -> Vec<xxgk::search::SearchDoc> {
    let opts = xxgk::load::LoadOptions {
        root: root.to_path_buf(),
        today: chrono::NaiveDate::from_ymd_opt(2026, 11, 23).expect("date"),
        base_url: None,
    };
    match xxgk::load::load(&opts) {
        (Some(portal), _) => xxgk::search::portal::documents(&portal),
        (None, diags) => fail(format!(
            "{} does not load: {:?}",
            root.display(),
            diags.sorted()
        )),
    }
}

/// User + system CPU time of this process (Linux /proc), all threads: wall
/// time alone misleads on a shared machine.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = stat.rsplit_once(')').map(|(_, r)| r).unwrap_or_default();
    let fields: Vec<&str> = after.split_whitespace().collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|s| s.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    // utime and stime are fields 14 and 15 of stat, 12 and 13 after the name.
    (ticks(11) + ticks(12)) / 100.0
}

fn fail(e: impl std::fmt::Display) -> ! {
    eprintln!("{e}");
    std::process::exit(1);
}
