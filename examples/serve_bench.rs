//! Live-preview benchmark (not a test): generates a realistic portal of N documents
//! (`xxgk::corpus`), starts the `xxgk serve` engine in-process on a free port, then
//! saves one document again and again and measures the time from writing the file to
//! its updated page being served over HTTP (watcher, 50 ms debounce, re-read,
//! re-render and the request included).
//!
//!     cargo run --release --example serve_bench -- [N=10000] [EDITS=30]
//!
//! Three kinds of save are timed: a body edit (the editor's common case), a title edit
//! (the column lists, the home page and the directories show titles), and a template
//! edit (every page re-renders, no content is re-read). The search shards, rebuilt in
//! the background, are timed once.

use std::io::{Read, Write};
use std::net::{IpAddr, Ipv4Addr, SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};
use xxgk::serve::ServeOptions;
use xxgk::serve::live::Status;

fn main() {
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let n = args.first().copied().unwrap_or(10_000);
    let edits = args.get(1).copied().unwrap_or(30);
    let tmp = tempfile::tempdir().expect("temp dir");
    let root = tmp.path().canonicalize().expect("temp dir path");

    let t = Instant::now();
    let stats = xxgk::corpus::generate(&root, n, 2026).expect("generate corpus");
    println!(
        "corpus:  {} documents, {:.1} MB of Markdown, generated in {:.2} s",
        stats.documents,
        stats.markdown_bytes as f64 / 1e6,
        t.elapsed().as_secs_f64()
    );

    let opts = ServeOptions {
        root: root.clone(),
        bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
        port: 0,
        today: chrono::NaiveDate::from_ymd_opt(2026, 11, 23).expect("date"),
    };
    let (tx, rebuilds) = mpsc::channel();
    let t = Instant::now();
    let preview = xxgk::serve::start(&opts, move |o| {
        let _ = tx.send((o.status, o.elapsed, o.stages.clone()));
    })
    .expect("start the preview");
    let (status, _, _) = rebuilds.recv().expect("first build");
    assert!(
        matches!(status, Status::Updated { .. }),
        "first build: {status:?}"
    );
    println!(
        "start:   {} pages in memory, first build {:.2} s, serving {}",
        preview.pages.read().files.len(),
        t.elapsed().as_secs_f64(),
        preview.url
    );

    let doc = pick_document(&root);
    let rel = doc
        .strip_prefix(root.join("content"))
        .expect("below content");
    let route = format!(
        "/{}/",
        rel.with_extension("").to_string_lossy().replace('\\', "/")
    );
    let original = std::fs::read_to_string(&doc).expect("read document");
    println!(
        "editing: {} → {route}",
        doc.strip_prefix(&root).unwrap_or(&doc).display()
    );

    let body = measure("body edit", edits, preview.addr, &route, &rebuilds, |i| {
        std::fs::write(&doc, format!("{original}\n第{i}次修改：补充说明。\n")).expect("write");
        format!("第{i}次修改")
    });
    let title = measure(
        "title edit",
        edits / 3,
        preview.addr,
        &route,
        &rebuilds,
        |i| {
            let marker = format!("（第{i}次修订）");
            std::fs::write(&doc, retitle(&original, &marker)).expect("write");
            marker
        },
    );
    // The search shards follow in the background: how long after a save are they current?
    let t = Instant::now();
    std::fs::write(
        &doc,
        format!("{original}\n检索用的新词：稳岗扩岗专项行动。\n"),
    )
    .expect("write");
    std::thread::sleep(Duration::from_millis(200));
    let indexed = preview.search.wait_idle(Duration::from_secs(600));
    let search_secs = t.elapsed().as_secs_f64();
    println!("search shards current {search_secs:.2} s after a save ({indexed:?})");
    let template_path = root.join("templates/document.html");
    std::fs::create_dir_all(root.join("templates")).expect("templates");
    let template = measure("template edit", 3, preview.addr, &route, &rebuilds, |i| {
        std::fs::write(
            &template_path,
            format!(
                "{{% extends \"base.html\" %}}{{% block content %}}<p>模板第{i}版</p><h1>{{{{ doc.title }}}}</h1>{{{{ doc.body_html | safe }}}}{{% endblock content %}}"
            ),
        )
        .expect("write template");
        format!("模板第{i}版")
    });
    println!();
    println!("search index and shards rebuilt in the background: {search_secs:.2} s after a save");
    println!("save → updated page served (ms):");
    for (name, r) in [("body", body), ("title", title), ("template", template)] {
        println!(
            "  {name:<9} median {:>6.1}  p90 {:>6.1}  min {:>6.1}  max {:>6.1}   rebuild itself: median {:.1} ({})",
            r.median, r.p90, r.min, r.max, r.rebuild_median, r.stages
        );
    }
}

/// A policy document of the 行政规范性文件 column: its page is linked from lists and
/// interpretations, the realistic worst case for a body edit.
fn pick_document(root: &Path) -> PathBuf {
    let dir = root.join("content/fdzdgknr/zcwj/gfxwj");
    let mut docs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("gfxwj column")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "md") && !p.ends_with("_index.md"))
        .collect();
    docs.sort();
    docs[docs.len() / 2].clone()
}

/// The document with `marker` appended to its 标题.
fn retitle(text: &str, marker: &str) -> String {
    let mut done = false;
    text.lines()
        .map(|l| match l.strip_prefix("标题:") {
            Some(t) if !done => {
                done = true;
                format!("标题: {}{marker}\n", t.trim())
            }
            _ => format!("{l}\n"),
        })
        .collect()
}

struct Figures {
    median: f64,
    p90: f64,
    min: f64,
    max: f64,
    rebuild_median: f64,
    /// Median time of each step of the rebuild.
    stages: String,
}

type Report = (Status, Duration, Vec<(&'static str, Duration)>);

fn measure(
    name: &str,
    times: usize,
    addr: SocketAddr,
    route: &str,
    rebuilds: &mpsc::Receiver<Report>,
    edit: impl Fn(usize) -> String,
) -> Figures {
    let mut samples = vec![];
    let mut rebuild = vec![];
    let mut stages: Vec<(&'static str, Vec<f64>)> = vec![];
    for i in 0..times.max(1) {
        let t = Instant::now();
        let marker = edit(i);
        loop {
            if get(addr, route).contains(&marker) {
                break;
            }
            assert!(
                t.elapsed() < Duration::from_secs(120),
                "{name} {i}: page never updated"
            );
            std::thread::sleep(Duration::from_millis(2));
        }
        samples.push(t.elapsed().as_secs_f64() * 1000.0);
        // Let the watcher's burst end, and collect what the engine reported.
        std::thread::sleep(Duration::from_millis(300));
        while let Ok((status, elapsed, steps)) = rebuilds.try_recv() {
            if matches!(status, Status::Updated { .. }) {
                rebuild.push(elapsed.as_secs_f64() * 1000.0);
                for (step, d) in steps {
                    let ms = d.as_secs_f64() * 1000.0;
                    match stages.iter_mut().find(|(s, _)| *s == step) {
                        Some((_, v)) => v.push(ms),
                        None => stages.push((step, vec![ms])),
                    }
                }
            }
        }
    }
    let f = Figures {
        median: percentile(&mut samples, 0.5),
        p90: percentile(&mut samples, 0.9),
        min: percentile(&mut samples, 0.0),
        max: percentile(&mut samples, 1.0),
        rebuild_median: percentile(&mut rebuild, 0.5),
        stages: stages
            .iter_mut()
            .map(|(s, v)| format!("{s} {:.1}", percentile(v, 0.5)))
            .collect::<Vec<_>>()
            .join(", "),
    };
    println!(
        "{name:<13} {} saves: median {:.1} ms, p90 {:.1} ms",
        samples.len(),
        f.median,
        f.p90
    );
    f
}

fn percentile(v: &mut [f64], q: f64) -> f64 {
    if v.is_empty() {
        return f64::NAN;
    }
    v.sort_by(|a, b| a.total_cmp(b));
    v[((v.len() - 1) as f64 * q).round() as usize]
}

fn get(addr: SocketAddr, path: &str) -> String {
    let Ok(mut s) = TcpStream::connect(addr) else {
        return String::new();
    };
    let _ = write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    );
    let mut out = vec![];
    let _ = s.read_to_end(&mut out);
    String::from_utf8_lossy(&out).into_owned()
}
