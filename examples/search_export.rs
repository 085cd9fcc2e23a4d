//! Times the search stages alone on a portal (profiling aid): loads ROOT,
//! builds the tantivy index into OUT/index, exports the shards into OUT/search.
//!
//!     cargo run --release --example search_export -- ROOT OUT
use std::path::Path;
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(root), Some(out)) = (args.first(), args.get(1)) else {
        eprintln!("usage: search_export ROOT OUT");
        std::process::exit(2);
    };
    let out = Path::new(out);
    let _ = std::fs::remove_dir_all(out);
    let opts = xxgk::load::LoadOptions {
        root: root.into(),
        today: chrono::NaiveDate::from_ymd_opt(2026, 11, 23).expect("date"),
        base_url: None,
    };
    let (Some(portal), _) = xxgk::load::load(&opts) else {
        eprintln!("the portal does not load");
        std::process::exit(1);
    };
    let docs = xxgk::search::portal::documents(&portal);
    let t = Instant::now();
    let stats = xxgk::search::build_index(&docs, &out.join("index")).expect("index");
    println!(
        "index: {} documents, {:.1} MB in {:.2} s",
        stats.docs,
        stats.bytes as f64 / 1e6,
        t.elapsed().as_secs_f64()
    );
    let t = Instant::now();
    match xxgk::search::export_shards(&out.join("index"), &out.join("search")) {
        Ok(s) => println!(
            "shards: {} files ({} shards, {} posting files, {} document files), {:.1} MB in {:.2} s",
            s.files,
            s.shards,
            s.posting_files,
            s.doc_files,
            s.bytes as f64 / 1e6,
            t.elapsed().as_secs_f64()
        ),
        Err(e) => eprintln!("{e}"),
    }
}
