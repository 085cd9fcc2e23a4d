//! Build benchmark (not a test): generates a realistic Chinese portal of N documents
//! and reports full-build time and peak memory.
//!
//!     cargo run --release --example bench_build -- [N=10000] [--keep DIR]
//!
//! Peak memory is the process's VmHWM after resetting it between generation and
//! build (Linux `/proc/self/clear_refs`), so it measures the build alone.

use std::time::Instant;
use xxgk::build::{BuildOptions, build};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let n: usize = args.iter().find_map(|a| a.parse().ok()).unwrap_or(10_000);
    let keep = args
        .iter()
        .position(|a| a == "--keep")
        .and_then(|i| args.get(i + 1))
        .map(std::path::PathBuf::from);
    let tmp = tempfile::tempdir().expect("temp dir");
    let root = keep.clone().unwrap_or_else(|| tmp.path().to_path_buf());

    let t = Instant::now();
    let stats = xxgk::corpus::generate(&root, n, 2026).expect("generate corpus");
    println!(
        "corpus: {} documents, {:.1} MB of Markdown, generated in {:.2} s",
        stats.documents,
        stats.markdown_bytes as f64 / 1e6,
        t.elapsed().as_secs_f64()
    );

    let _ = std::fs::write("/proc/self/clear_refs", "5");
    let opts = BuildOptions {
        root: root.clone(),
        out: None,
        base_url: None,
        today: chrono::NaiveDate::from_ymd_opt(2026, 11, 23).expect("date"),
        progress: false,
    };
    let t = Instant::now();
    let report = match build(&opts) {
        Ok(r) => r,
        Err(e) => panic!("build failed: {e:?}"),
    };
    let secs = t.elapsed().as_secs_f64();
    let peak = peak_rss_mb();
    println!(
        "build:  {} documents, {} pages, {} files, {:.1} MB written",
        report.documents,
        report.pages,
        report.files,
        report.bytes as f64 / 1e6
    );
    println!(
        "time:   {secs:.2} s (full build, {} threads)",
        rayon::current_num_threads()
    );
    let stages: Vec<String> = report
        .stages
        .iter()
        .map(|(n, d)| format!("{n} {:.2} s", d.as_secs_f64()))
        .collect();
    println!("stages: {}", stages.join(", "));
    match peak {
        Some(mb) => println!("memory: {mb:.0} MB peak RSS"),
        None => println!("memory: unavailable (needs Linux /proc)"),
    }
    if let Some(dir) = keep {
        println!("kept:   {}", dir.display());
    }
}

fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}
