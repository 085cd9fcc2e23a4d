//! The routes table against what a build really writes: a copy of the demo portal is
//! built in a temp folder, and every file of its `site/` must be one route of the table.

mod common;

use common::{Portal, column, doc};
use std::collections::BTreeSet;
use xxgk::routes::{self, Page};

/// A copy of the demo portal of this repository, built.
fn built_demo() -> (Portal, xxgk::model::Portal) {
    let p = Portal::new(&[]);
    let demo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for entry in walkdir::WalkDir::new(demo.join("content")) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(demo).unwrap();
            p.write_bytes(rel.to_str().unwrap(), &std::fs::read(entry.path()).unwrap());
        }
    }
    p.write_bytes("xxgk.yaml", &std::fs::read(demo.join("xxgk.yaml")).unwrap());
    p.build().ok();
    let (model, _) = xxgk::load::load(&xxgk::load::LoadOptions {
        root: p.root().to_path_buf(),
        today: chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
        base_url: None,
    });
    (p, model.expect("the demo loads"))
}

/// Every file of the built site, `/`-separated, relative to `site/`.
fn files(p: &Portal) -> Vec<String> {
    p.site_files()
        .into_iter()
        .map(|(path, _)| {
            let rel = path.strip_prefix(p.site()).unwrap();
            rel.to_str().unwrap().replace('\\', "/")
        })
        .collect()
}

fn page_of(model: &xxgk::model::Portal, file: &str) -> Vec<Page> {
    let is_column = |path: &str| model.columns.iter().any(|c| c.path == path);
    routes::pages_of_file(file, &is_column)
}

/// One test, one build: the demo takes a few seconds to build in debug.
#[test]
fn the_demo_site_is_exactly_what_the_routes_table_says() {
    let (p, model) = built_demo();
    let files = files(&p);
    assert!(files.len() > 100, "{files:?}");

    // Every file the renderer writes matches exactly one route pattern.
    let mut seen = BTreeSet::new();
    for f in &files {
        let pages = page_of(&model, f);
        assert_eq!(pages.len(), 1, "{f}: {pages:?}");
        seen.insert(format!("{:?}", pages[0]));
    }
    // And the demo has every page type of the table.
    let all: BTreeSet<String> = routes::TABLE
        .iter()
        .map(|r| format!("{:?}", r.page))
        .collect();
    assert_eq!(seen, all);

    // The reserved segments are what the renderer writes at the top level, besides
    // the columns; `page` is kept free for the home list's pagination.
    let top: BTreeSet<&str> = files
        .iter()
        .map(|f| f.split('/').next().unwrap())
        .filter(|s| !model.columns.iter().any(|c| c.path == *s))
        .collect();
    let reserved: BTreeSet<&str> = routes::reserved_segments()
        .filter(|s| *s != routes::PAGE_SEGMENT)
        .collect();
    assert_eq!(top, reserved);

    // The sitemap lists exactly the pages of the routes marked for it, and those are
    // the pages a resident reads (not the 404, the feed, the data, later list pages).
    let marked: Vec<Page> = routes::TABLE
        .iter()
        .filter(|r| r.sitemap)
        .map(|r| r.page)
        .collect();
    assert_eq!(
        marked,
        [
            Page::Home,
            Page::Column,
            Page::CurrentNormative,
            Page::OnRequest,
            Page::Search,
            Page::LedgerIndex,
            Page::LedgerYear,
            Page::LedgerUnit,
            Page::Document
        ]
    );
    let base = model.config.base_url.trim_end_matches('/').to_string();
    let sitemap = std::fs::read_to_string(p.site().join("sitemap.xml")).unwrap();
    let listed: Vec<&str> = sitemap
        .split("<loc>")
        .skip(1)
        .map(|s| s.split("</loc>").next().unwrap())
        .collect();
    let unique: BTreeSet<&str> = listed.iter().copied().collect();
    assert_eq!(unique.len(), listed.len(), "a page listed twice");
    let marked: BTreeSet<String> = files
        .iter()
        .filter(|f| page_of(&model, f)[0].route().sitemap)
        .map(|f| {
            let url = f.strip_suffix(routes::INDEX_FILE).unwrap_or(f);
            format!("{base}/{url}")
        })
        .collect();
    let unique: BTreeSet<String> = unique.into_iter().map(str::to_string).collect();
    assert_eq!(unique, marked);
}

#[test]
fn a_column_folder_named_like_a_reserved_segment_is_refused() {
    let zn = doc(
        "标题: 政府信息公开指南\n发布日期: 2026-01-05",
        "本机关政府信息公开指南如下。",
    );
    for seg in routes::reserved_segments().filter(|s| !s.starts_with('.')) {
        let col = column("政府信息公开指南", "指南");
        let index = format!("content/{seg}/_index.md");
        let file = format!("content/{seg}/zn.md");
        let p = Portal::new(&[(index.as_str(), col.as_str()), (file.as_str(), zn.as_str())]);
        let run = p.build();
        assert_ne!(run.code, 0, "{seg}: {}", run.stderr);
        run.reports(&format!("{index}:1"), "与生成的页面地址冲突");
        assert!(!p.site().exists(), "{seg}: a site was written");
    }
}

#[test]
fn a_column_folder_not_reserved_builds() {
    // The 依申请公开 guide column `ysqgk` is one letter short of the directory `ysqgkml`.
    let zn = doc(
        "标题: 依申请公开办理指南\n发布日期: 2026-01-05",
        "申请人可以当面或信函提出申请。",
    );
    let col = column("依申请公开", "指南");
    let p = Portal::new(&[
        ("content/ysqgk/_index.md", col.as_str()),
        ("content/ysqgk/zn.md", zn.as_str()),
    ]);
    p.build().ok();
    assert!(p.has_page("ysqgk/zn"));
}
