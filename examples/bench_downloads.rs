//! Generated-downloads benchmark (not a test): N 规范性文件 of realistic length
//! (`xxgk::corpus::normative`: 1 500–3 300 characters, headings, items, tables), none
//! supplying its WORD or PDF version, so each gets both generated.
//!
//!     cargo run --release --example bench_downloads -- [N=50]
//!
//! Reports, per document typeset one at a time without the cache, the median and
//! p90 of the PDF (typst) and the WORD file (docx-rs); then the whole load as a build
//! runs it (documents typeset in parallel) with a cold cache and again warm from
//! `.xxgk/downloads/`; and the peak memory (VmHWM, Linux).

use std::time::{Duration, Instant};

fn main() {
    let n: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(50);
    let tmp = tempfile::tempdir().expect("temp dir");
    let root = tmp.path().to_path_buf();
    let stats = xxgk::corpus::normative(&root, n, 2026).expect("generate documents");
    println!(
        "corpus: {} 规范性文件, {:.0} KB of Markdown ({} chars a document on average)",
        stats.documents,
        stats.markdown_bytes as f64 / 1e3,
        stats.markdown_bytes / 3 / stats.documents.max(1) as u64
    );
    let opts = xxgk::load::LoadOptions {
        root: root.clone(),
        today: chrono::NaiveDate::from_ymd_opt(2026, 11, 23).expect("date"),
        base_url: None,
    };

    // Cold: what a first build does, all documents typeset in parallel.
    let t = Instant::now();
    let (portal, diags) = xxgk::load::load(&opts);
    let cold = t.elapsed();
    let portal = portal.expect("portal loads");
    let errors: Vec<_> = diags
        .sorted()
        .into_iter()
        .filter(|d| d.is_error())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let generated: usize = portal
        .documents
        .iter()
        .map(|d| {
            d.attachments
                .iter()
                .filter(|a| a.path.starts_with(root.join(xxgk::downloads::CACHE_DIR)))
                .count()
        })
        .sum();
    assert_eq!(generated, 2 * n, "a WORD and a PDF for every document");

    // Warm: a clean build after it reads every file from the cache.
    let t = Instant::now();
    let (again, _) = xxgk::load::load(&opts);
    let warm = t.elapsed();
    drop(again);

    // Per document, one at a time, bypassing the cache.
    let mut pdf = vec![];
    let mut word = vec![];
    let mut bytes = (0u64, 0u64);
    for d in &portal.documents {
        let t = Instant::now();
        let p = xxgk::downloads::typeset_now(&root, d, true).expect("PDF");
        pdf.push(t.elapsed());
        let t = Instant::now();
        let w = xxgk::downloads::typeset_now(&root, d, false).expect("WORD");
        word.push(t.elapsed());
        bytes.0 += p.len() as u64;
        bytes.1 += w.len() as u64;
    }
    let total: Duration = pdf.iter().chain(&word).sum();
    println!(
        "PDF:    median {} ms, p90 {} ms a document ({:.0} KB on average)",
        ms(quantile(&mut pdf, 0.5)),
        ms(quantile(&mut pdf, 0.9)),
        bytes.0 as f64 / 1e3 / n.max(1) as f64
    );
    println!(
        "WORD:   median {} ms, p90 {} ms a document ({:.0} KB on average)",
        ms(quantile(&mut word, 0.5)),
        ms(quantile(&mut word, 0.9)),
        bytes.1 as f64 / 1e3 / n.max(1) as f64
    );
    println!(
        "serial: {:.2} s for {n} documents' PDF and WORD, one at a time",
        total.as_secs_f64()
    );
    println!(
        "load:   {:.2} s cold (typesetting in parallel, {} threads), {:.2} s warm from the cache",
        cold.as_secs_f64(),
        rayon::current_num_threads(),
        warm.as_secs_f64()
    );
    match peak_rss_mb() {
        Some(mb) => println!("memory: {mb:.0} MB peak RSS"),
        None => println!("memory: unavailable (needs Linux /proc)"),
    }
}

fn quantile(v: &mut [Duration], q: f64) -> Duration {
    v.sort_unstable();
    let i = ((v.len() as f64 * q).ceil() as usize).clamp(1, v.len().max(1)) - 1;
    v.get(i).copied().unwrap_or_default()
}

fn ms(d: Duration) -> String {
    format!("{:.0}", d.as_secs_f64() * 1e3)
}

fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}
