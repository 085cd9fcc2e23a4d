//! `xxgk serve`: the incremental rebuild equals a full build after every kind of edit,
//! and the real binary, driven over HTTP, shows edits, errors and the 404 page and
//! refuses paths that leave the site.

mod common;
use common::{Portal, Preview, Reply, column, doc, get};
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};
use xxgk::build::{BuildOptions, build};
use xxgk::load::LoadOptions;
use xxgk::serve::live::{LiveSite, Status};
use xxgk::serve::pages::Pages;
use xxgk::serve::search::SearchShards;

const GFXWJ: &str = "content/fdzdgknr/zcwj/gfxwj";
const ZCJD: &str = "content/fdzdgknr/zcjd";
const TODAY: &str = "2026-11-23";

fn today() -> chrono::NaiveDate {
    xxgk::dates::parse(TODAY).unwrap()
}

fn normative(serial: u32, title: &str, date: &str, body: &str) -> String {
    doc(
        &format!(
            // No generated downloads: this file tests the preview, tests/word.rs those.
            "标题: {title}\n发布日期: {date}\n成文日期: {date}\n文号: 测政办〔2026〕{serial}号\n发文机关: 测试县人民政府办公室\n索引号: 11990000MB0123456X/2026-{serial:05}\n主题分类: 劳动、人事、监察\n生成下载: false"
        ),
        body,
    )
}

fn interpretation(title: &str, date: &str, target: &str, body: &str) -> String {
    doc(
        &format!("标题: {title}\n发布日期: {date}\n解读对象: {target}\n解读形式: 文字"),
        body,
    )
}

fn notice(title: &str, date: &str, extra: &str) -> String {
    doc(
        &format!("标题: {title}\n发布日期: {date}\n{extra}"),
        &format!("{title}的正文。"),
    )
}

fn portal() -> Portal {
    let p = Portal::new(&[
        (
            "content/fdzdgknr/_index.md",
            &column("法定主动公开内容", "其他信息"),
        ),
        (
            "content/fdzdgknr/zcwj/_index.md",
            &column("政策文件", "政策文件"),
        ),
        (
            &format!("{GFXWJ}/_index.md"),
            &column("行政规范性文件", "规范性文件"),
        ),
        (
            &format!("{ZCJD}/_index.md"),
            &column("政策解读", "政策解读"),
        ),
        (
            "content/gkzn/_index.md",
            &column("政府信息公开指南", "指南"),
        ),
        (
            "content/gkzn/zn.md",
            &notice("测试县人民政府信息公开指南", "2026-01-05", "置顶: 1"),
        ),
        ("content/ysqgk/_index.md", &column("依申请公开", "其他信息")),
    ]);
    p.write(
        "xxgk.yaml",
        &common::CONFIG.replace("每页条数: 20", "每页条数: 3"),
    );
    for i in 1..=6 {
        p.write(
            &format!("{GFXWJ}/wj{i}.md"),
            &normative(
                i,
                &format!("关于第{i}项就业补贴的通知"),
                &format!("2026-0{i}-1{i}"),
                &format!("## 一、补贴对象\n\n第{i}项补贴的正文。"),
            ),
        );
    }
    p.write(
        &format!("{ZCJD}/jd1.md"),
        &interpretation(
            "《关于第1项就业补贴的通知》政策解读",
            "2026-01-20",
            "../zcwj/gfxwj/wj1.md",
            "解读正文，原文见[通知](../zcwj/gfxwj/wj1.md)，另见[第2项](../zcwj/gfxwj/wj2.md#一补贴对象)。",
        ),
    );
    p
}

fn open(p: &Portal) -> LiveSite {
    let opts = LoadOptions {
        root: p.root().to_path_buf(),
        today: today(),
        base_url: None,
    };
    let pages = Arc::new(Pages::default());
    let (site, first) = LiveSite::open(&opts, pages.clone());
    assert!(
        matches!(first.status, Status::Updated { .. }),
        "{:?}",
        first.diagnostics
    );
    site.with_search(Box::new(SearchShards::start(pages, Duration::ZERO)))
}

/// Every file a fresh full build writes, with its bytes.
fn full_build(p: &Portal) -> BTreeMap<String, Vec<u8>> {
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    build(&BuildOptions {
        root: p.root().to_path_buf(),
        out: Some(site.clone()),
        base_url: None,
        today: today(),
        progress: false,
    })
    .unwrap_or_else(|e| panic!("full build failed: {e:?}"));
    walkdir::WalkDir::new(&site)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(&site).unwrap();
            let rel = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

fn served(site: &LiveSite) -> BTreeMap<String, Vec<u8>> {
    site.pages()
        .read()
        .files
        .iter()
        .map(|(k, v)| (k.clone(), v.bytes().unwrap()))
        .collect()
}

/// The search shards, rebuilt in the background after an edit.
fn shards(files: &BTreeMap<String, Vec<u8>>) -> Vec<(&String, &Vec<u8>)> {
    files
        .iter()
        .filter(|(k, _)| k.starts_with("search/") && *k != "search/index.html")
        .collect()
}

fn assert_same(site: &LiveSite, expected: &BTreeMap<String, Vec<u8>>, step: &str) {
    let start = Instant::now();
    let mut got = served(site);
    while shards(&got) != shards(expected) && start.elapsed() < Duration::from_secs(60) {
        std::thread::sleep(Duration::from_millis(20));
        got = served(site);
    }
    let missing: Vec<&String> = expected.keys().filter(|k| !got.contains_key(*k)).collect();
    let extra: Vec<&String> = got.keys().filter(|k| !expected.contains_key(*k)).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "{step}: pages missing {missing:?}, pages that should be gone {extra:?}"
    );
    for (path, bytes) in expected {
        assert!(
            &got[path] == bytes,
            "{step}: {path} differs from the full build\n--- preview ---\n{}\n--- build ---\n{}",
            String::from_utf8_lossy(&got[path]),
            String::from_utf8_lossy(bytes)
        );
    }
}

/// Applies changed files (root-relative) as the watcher would report them and checks
/// the result against a full build of the same files.
fn step(site: &mut LiveSite, p: &Portal, changed: &[&str], what: &str) -> Status {
    let paths: Vec<PathBuf> = changed.iter().map(|r| canonical(p).join(r)).collect();
    let outcome = site.apply(&paths);
    if let Status::Blocked { .. } = outcome.status {
        return outcome.status;
    }
    assert_same(site, &full_build(p), what);
    outcome.status
}

fn canonical(p: &Portal) -> PathBuf {
    p.root().canonicalize().unwrap()
}

fn rendered(s: Status) -> usize {
    match s {
        Status::Updated { rendered, .. } => rendered,
        other => panic!("expected an update, got {other:?}"),
    }
}

#[test]
fn incremental_rebuilds_equal_a_full_build() {
    let p = portal();
    let mut site = open(&p);
    assert_same(&site, &full_build(&p), "first build");
    let wj1 = format!("{GFXWJ}/wj1.md");
    let wj2 = format!("{GFXWJ}/wj2.md");

    // A body edit re-renders one page.
    p.write(
        &wj1,
        &normative(
            1,
            "关于第1项就业补贴的通知",
            "2026-01-11",
            "## 一、补贴对象\n\n修改后的正文。",
        ),
    );
    let s = step(&mut site, &p, &[&wj1], "body edit");
    assert_eq!(
        rendered(s),
        2,
        "the document's own page, and the feed that quotes it"
    );

    // A title edit reaches the lists and the interpretation that links to it.
    p.write(
        &wj1,
        &normative(
            1,
            "关于第1项就业补贴的通知（修订）",
            "2026-01-11",
            "修改后的正文。",
        ),
    );
    step(&mut site, &p, &[&wj1], "title edit");

    // A new interpretation: the policy it explains lists it.
    let jd2 = format!("{ZCJD}/jd2.md");
    p.write(
        &jd2,
        &interpretation(
            "图解第2项就业补贴",
            "2026-02-20",
            "11990000MB0123456X/2026-00002",
            "图解。",
        ),
    );
    step(&mut site, &p, &[&jd2], "interpretation added");

    // Renamed: the interpretation's body link to it no longer resolves.
    let wj2b = format!("{GFXWJ}/wj2-xd.md");
    std::fs::rename(p.root().join(&wj2), p.root().join(&wj2b)).unwrap();
    step(&mut site, &p, &[&wj2, &wj2b], "policy renamed");
    // … and back: the link resolves again.
    std::fs::rename(p.root().join(&wj2b), p.root().join(&wj2)).unwrap();
    step(&mut site, &p, &[&wj2b, &wj2], "policy renamed back");

    // Withheld: the page goes, the directory lists it.
    p.write(
        &format!("{GFXWJ}/wj5.md"),
        &normative(5, "关于第5项就业补贴的通知", "2026-05-15", "正文。").replace(
            "主题分类: 劳动、人事、监察",
            "主题分类: 劳动、人事、监察\n公开方式: 依申请公开\n不予公开依据: 第十六条 过程性信息",
        ),
    );
    step(
        &mut site,
        &p,
        &[&format!("{GFXWJ}/wj5.md")],
        "made on-request",
    );

    // Deleted: pages shrink by one in the column and its ancestors.
    p.remove(&format!("{GFXWJ}/wj6.md"));
    step(&mut site, &p, &[&format!("{GFXWJ}/wj6.md")], "deleted");

    // Many added at once: more list pages; then removed again: the extra pages go.
    let added: Vec<String> = (1..=7).map(|i| format!("content/gkzn/tz{i}.md")).collect();
    for (i, a) in added.iter().enumerate() {
        p.write(
            a,
            &notice(
                &format!("第{}号通知", i + 1),
                &format!("2026-10-0{}", i + 1),
                "",
            ),
        );
    }
    let refs: Vec<&str> = added.iter().map(String::as_str).collect();
    step(&mut site, &p, &refs, "seven notices added");
    for a in &added {
        p.remove(a);
    }
    step(&mut site, &p, &refs, "seven notices removed");

    // Attachments: a missing one blocks; the file appearing unblocks; a new version re-renders.
    let wj3 = format!("{GFXWJ}/wj3.md");
    p.write(
        &wj3,
        &normative(3, "关于第3项就业补贴的通知", "2026-03-13", "正文。").replace(
            "主题分类: 劳动、人事、监察",
            "主题分类: 劳动、人事、监察\n附件:\n  - path: files/补贴申请表.docx\n    title: 补贴申请表（WORD版）",
        ),
    );
    assert!(matches!(
        step(&mut site, &p, &[&wj3], "attachment missing"),
        Status::Blocked { .. }
    ));
    let att = format!("{GFXWJ}/files/补贴申请表.docx");
    p.write_bytes(&att, b"PK\x03\x04 first version");
    step(&mut site, &p, &[&att], "attachment appears");
    p.write_bytes(&att, b"PK\x03\x04 a longer second version of the form");
    step(&mut site, &p, &[&att], "attachment replaced");

    // The guide unpinned, the home introduction written.
    p.write(
        "content/gkzn/zn.md",
        &notice("测试县人民政府信息公开指南", "2026-01-05", ""),
    );
    step(&mut site, &p, &["content/gkzn/zn.md"], "guide unpinned");
    p.write(
        "content/_index.md",
        "---\n---\n本栏目公开测试县人民政府的政府信息，见[指南](gkzn/zn.md)。\n",
    );
    step(&mut site, &p, &["content/_index.md"], "home introduction");

    // A column renamed, a column added with a document, a folder of documents moved away.
    p.write(
        &format!("{ZCJD}/_index.md"),
        &column("政策解读与回应", "政策解读"),
    );
    step(
        &mut site,
        &p,
        &[&format!("{ZCJD}/_index.md")],
        "column title",
    );
    p.write("content/tzgg/_index.md", &column("通知公告", "其他信息"));
    p.write(
        "content/tzgg/gg1.md",
        &notice(
            "关于开展2026年度政府信息公开工作考核的通知",
            "2026-11-02",
            "",
        ),
    );
    step(&mut site, &p, &["content/tzgg"], "column folder added");
    std::fs::rename(p.root().join("content/tzgg"), p.root().join("tzgg-old")).unwrap();
    step(&mut site, &p, &["content/tzgg"], "column folder moved away");

    // Templates and static files: no content is re-read, every page re-renders.
    p.write(
        "templates/404.html",
        "{% extends \"base.html\" %}{% block content %}<h1>找不到页面</h1>{% endblock content %}",
    );
    step(&mut site, &p, &["templates/404.html"], "template override");
    p.write(
        "static/css/print.css",
        "@media print { .site-nav { display: none } }",
    );
    step(
        &mut site,
        &p,
        &["static/css/print.css"],
        "static file added",
    );

    // The configuration: page size and site name.
    p.write(
        "xxgk.yaml",
        &common::CONFIG
            .replace("每页条数: 20", "每页条数: 2")
            .replace("测试县人民政府信息公开", "测试县政府信息公开"),
    );
    step(&mut site, &p, &["xxgk.yaml"], "configuration");
}

#[test]
fn a_broken_edit_keeps_the_last_good_pages_until_fixed() {
    let p = portal();
    let mut site = open(&p);
    let good = full_build(&p);
    let wj4 = format!("{GFXWJ}/wj4.md");
    let text = normative(4, "关于第4项就业补贴的通知", "2026-04-14", "新正文。");

    p.write(
        &wj4,
        &text.replace("发布日期: 2026-04-14", "发布日期: 2026-13-45"),
    );
    let o = site.apply(&[canonical(&p).join(&wj4)]);
    assert!(matches!(o.status, Status::Blocked { errors: 1 }), "{o:?}");
    assert_eq!(o.diagnostics[0].file, wj4);
    assert_eq!(o.diagnostics[0].line, 3, "the line of 发布日期");
    assert_same(&site, &good, "pages kept while broken");
    assert_eq!(site.pages().read().errors.len(), 1);

    // Another file edited meanwhile, then the error fixed: both show.
    let wj5 = format!("{GFXWJ}/wj5.md");
    p.write(
        &wj5,
        &normative(
            5,
            "关于第5项就业补贴的通知（第二版）",
            "2026-05-15",
            "正文。",
        ),
    );
    assert!(matches!(
        site.apply(&[canonical(&p).join(&wj5)]).status,
        Status::Blocked { .. }
    ));
    p.write(&wj4, &text);
    let o = site.apply(&[canonical(&p).join(&wj4)]);
    assert!(o.reload && matches!(o.status, Status::Updated { .. }));
    assert!(site.pages().read().errors.is_empty());
    assert_same(&site, &full_build(&p), "fixed");

    // A template error blocks too, and keeps the pages.
    let before = served(&site);
    p.write(
        "templates/document.html",
        "{% extends \"base.html\" %}{% block content %}{{ doc.title ",
    );
    let o = site.apply(&[canonical(&p).join("templates/document.html")]);
    assert!(matches!(o.status, Status::Blocked { .. }), "{o:?}");
    assert!(
        o.diagnostics[0].file.ends_with("templates/document.html"),
        "{:?}",
        o.diagnostics
    );
    assert_eq!(served(&site), before);
}

/// Records what the rebuild tells a search index.
struct Recorder(Arc<std::sync::Mutex<Vec<String>>>);

impl xxgk::serve::live::SearchEntries for Recorder {
    fn rebuild(&mut self, portal: &xxgk::model::Portal) {
        let n = portal.public_documents().count();
        self.0.lock().unwrap().push(format!("rebuild {n}"));
    }
    fn update(&mut self, portal: &xxgk::model::Portal, changed: &[usize], removed: &[String]) {
        let changed: Vec<&str> = changed
            .iter()
            .map(|id| portal.doc(*id).source.as_str())
            .collect();
        self.0
            .lock()
            .unwrap()
            .push(format!("update {changed:?} removed {removed:?}"));
    }
}

#[test]
fn the_search_entries_hear_which_documents_changed() {
    let p = portal();
    let log = Arc::new(std::sync::Mutex::new(vec![]));
    let mut site = open(&p).with_search(Box::new(Recorder(log.clone())));
    let apply = |site: &mut LiveSite, rel: &str| {
        let o = site.apply(&[canonical(&p).join(rel)]);
        assert!(matches!(o.status, Status::Updated { .. }), "{o:?}");
    };
    let wj2 = format!("{GFXWJ}/wj2.md");
    p.write(
        &wj2,
        &normative(2, "关于第2项就业补贴的通知", "2026-02-12", "新的正文。"),
    );
    apply(&mut site, &wj2);
    p.remove(&format!("{GFXWJ}/wj6.md"));
    apply(&mut site, &format!("{GFXWJ}/wj6.md"));
    p.write("content/gkzn/_index.md", &column("信息公开指南", "指南"));
    apply(&mut site, "content/gkzn/_index.md");
    assert_eq!(
        *log.lock().unwrap(),
        [
            "rebuild 8".to_string(),
            format!("update [\"{wj2}\"] removed []"),
            format!("update [] removed [\"{GFXWJ}/wj6.md\"]"),
            "rebuild 7".to_string(),
        ]
    );
}

/// A deterministic pseudo-random walk through edits, additions, renames and deletions;
/// after each step the preview must equal a full build.
#[test]
fn random_edits_equal_a_full_build() {
    let p = portal();
    let mut site = open(&p);
    let mut seed: u64 = 0x5eed_2026_1123;
    let mut next = move |n: u64| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) % n
    };
    let mut files: Vec<String> = (1..=6).map(|i| format!("{GFXWJ}/wj{i}.md")).collect();
    files.push(format!("{ZCJD}/jd1.md"));
    let mut serial = 100;
    for round in 0..30 {
        let pick = next(files.len() as u64) as usize;
        let f = files[pick].clone();
        let day = 1 + next(28);
        let month = 1 + next(11);
        let date = format!("2026-{month:02}-{day:02}");
        let (changed, what): (Vec<String>, &str) = match next(7) {
            0 if f.starts_with(GFXWJ) => {
                serial += 1;
                p.write(
                    &f,
                    &normative(serial, &format!("第{serial}号文件"), &date, "改写的正文。"),
                );
                (vec![f], "rewrite a policy")
            }
            1 => {
                serial += 1;
                let new = format!("{GFXWJ}/xz{serial}.md");
                p.write(
                    &new,
                    &normative(
                        serial,
                        &format!("新增第{serial}号文件"),
                        &date,
                        "见[解读](../../zcjd/jd1.md)。",
                    ),
                );
                files.push(new.clone());
                (vec![new], "add a policy")
            }
            2 if files.len() > 3 && !f.ends_with("jd1.md") && !f.ends_with("wj1.md") => {
                p.remove(&f);
                files.remove(pick);
                (vec![f], "delete")
            }
            3 if !f.ends_with("jd1.md") && !f.ends_with("wj1.md") => {
                let to = f.replace(".md", &format!("-r{round}.md"));
                std::fs::rename(p.root().join(&f), p.root().join(&to)).unwrap();
                files[pick] = to.clone();
                (vec![f, to], "rename")
            }
            4 => {
                p.write(
                    "content/gkzn/zn.md",
                    &notice(
                        "测试县人民政府信息公开指南",
                        &date,
                        if day % 2 == 0 { "置顶: 1" } else { "" },
                    ),
                );
                (vec!["content/gkzn/zn.md".into()], "guide")
            }
            5 => {
                // What lists show changes, where they show it does not.
                let text = std::fs::read_to_string(p.root().join(&f)).unwrap();
                let text = text.replacen("\n标题: ", &format!("\n标题: 修订{round}："), 1);
                p.write(&f, &text);
                (vec![f], "title")
            }
            _ => {
                let text = std::fs::read_to_string(p.root().join(&f)).unwrap();
                p.write(&f, &text.replace("正文", "修订后的正文"));
                (vec![f], "body")
            }
        };
        let refs: Vec<&str> = changed.iter().map(String::as_str).collect();
        let status = step(
            &mut site,
            &p,
            &refs,
            &format!("round {round}: {what} {refs:?}"),
        );
        assert!(
            !matches!(status, Status::Blocked { .. }),
            "round {round}: {what} {refs:?} blocked"
        );
    }
}

// ---------------------------------------------------------------------------------
// The real binary over HTTP.

fn serve(p: &Portal) -> Preview {
    Preview::start(p.root(), TODAY)
}

/// Polls until `ok` holds, for at most 10 s.
fn eventually(addr: SocketAddr, path: &str, ok: impl Fn(&Reply) -> bool) -> Reply {
    let start = Instant::now();
    loop {
        let r = get(addr, path);
        if ok(&r) {
            return r;
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "{path} never matched; last reply {}\n{}",
            r.status,
            r.body
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

const WJ3_PAGE: &str = "/fdzdgknr/zcwj/gfxwj/wj3/";

#[test]
fn an_edit_appears_and_a_broken_edit_shows_its_error_over_the_old_page() {
    let p = portal();
    let srv = serve(&p);
    let page = get(srv.addr, WJ3_PAGE);
    assert_eq!(page.status, 200);
    assert!(page.body.contains("关于第3项就业补贴的通知"));
    assert!(page.headers.contains("text/html; charset=utf-8"));
    assert!(
        page.body
            .contains("<script src=\"/__xxgk/reload.js\" defer></script>"),
        "the reload script is injected"
    );
    let script = get(srv.addr, "/__xxgk/reload.js");
    assert_eq!(script.status, 200);
    assert!(script.body.contains("EventSource(\"/__xxgk/events\")"));

    let wj3 = format!("{GFXWJ}/wj3.md");
    p.write(
        &wj3,
        &normative(
            3,
            "关于第3项就业补贴的通知",
            "2026-03-13",
            "补贴标准提高到每人每月500元。",
        ),
    );
    eventually(srv.addr, WJ3_PAGE, |r| r.body.contains("每人每月500元"));

    // Broken: 标题 gone. The page keeps the last good text under an error banner.
    p.write(
        &wj3,
        &normative(3, "关于第3项就业补贴的通知", "2026-03-13", "半截的修改")
            .replace("标题: 关于第3项就业补贴的通知\n", ""),
    );
    let r = eventually(srv.addr, WJ3_PAGE, |r| {
        r.body.contains("xxgk-preview-errors")
    });
    assert_eq!(r.status, 200);
    assert!(r.body.contains(&format!("<code>{wj3}:")), "{}", r.body);
    assert!(r.body.contains("缺少必填字段 标题"));
    assert!(r.body.contains("每人每月500元") && !r.body.contains("半截的修改"));
    // … and the terminal says the same, as `file:line: 错误：…` with a hint.
    let start = Instant::now();
    loop {
        let terminal = srv.stderr.lock().unwrap().clone();
        let said = terminal
            .lines()
            .any(|l| l.starts_with(&format!("{wj3}:")) && l.contains("错误：缺少必填字段 标题"));
        if said && terminal.contains("提示：") {
            break;
        }
        assert!(start.elapsed() < Duration::from_secs(10), "{terminal}");
        std::thread::sleep(Duration::from_millis(20));
    }
    // Every page shows the banner while the portal does not build.
    assert!(get(srv.addr, "/").body.contains("xxgk-preview-errors"));

    // Fixed: the banner goes, the new text shows.
    p.write(
        &wj3,
        &normative(3, "关于第3项就业补贴的通知", "2026-03-13", "改好的正文。"),
    );
    let r = eventually(srv.addr, WJ3_PAGE, |r| r.body.contains("改好的正文"));
    assert!(!r.body.contains("class=\"xxgk-preview-errors\""));
}

#[test]
fn urls_and_the_404_page_are_those_of_production() {
    let p = portal();
    let srv = serve(&p);
    for path in [
        "/",
        "/fdzdgknr/zcwj/gfxwj/",
        "/fdzdgknr/zcwj/gfxwj/page/2/",
        "/fdzdgknr/zcjd/jd1/",
        "/xxyxgfxwj/",
        "/ysqgkml/",
        "/search/?q=%E8%A1%A5%E8%B4%B4",
        "/sitemap.xml",
        "/feed.xml",
        "/static/css/xxgk.css",
    ] {
        assert_eq!(get(srv.addr, path).status, 200, "{path}");
    }
    let r = get(srv.addr, "/gkzn/zn");
    assert_eq!(r.status, 302);
    assert!(r.headers.contains("Location: /gkzn/zn/"));

    let r = get(srv.addr, "/fdzdgknr/zcwj/gfxwj/no-such-document/");
    assert_eq!(r.status, 404);
    assert!(r.body.contains("页面不存在") && r.body.contains("测试县人民政府信息公开"));
    assert!(r.body.contains("/__xxgk/reload.js"));
    assert!(get(srv.addr, "/feed.xml").headers.contains("xml"));
}

#[test]
fn paths_outside_the_site_are_refused() {
    let p = portal();
    p.write("secret.txt", "不应公开的内容");
    let srv = serve(&p);
    for path in [
        "/../xxgk.yaml",
        "/../../../../etc/passwd",
        "/%2e%2e/xxgk.yaml",
        "/%2E%2E/%2E%2E/etc/passwd",
        "/static/%2e%2e%2f%2e%2e%2fxxgk.yaml",
        "/..%2fsecret.txt",
        "/..%5csecret.txt",
        "/static\\..\\..\\secret.txt",
        "/static/..\\..\\secret.txt",
        "/content/gkzn/zn.md",
        "/xxgk.yaml",
        "/secret.txt",
        "//etc/passwd",
        "/%252e%252e/xxgk.yaml",
    ] {
        let r = get(srv.addr, path);
        assert!(
            r.status == 400 || r.status == 404,
            "{path}: status {}",
            r.status
        );
        for leaked in ["站点名称", "不应公开的内容", "root:", "置顶: 1"] {
            assert!(!r.body.contains(leaked), "{path} leaked {leaked}");
        }
    }
    assert_eq!(get(srv.addr, "/%2e%2e/xxgk.yaml").status, 400);
}

#[test]
fn the_event_stream_announces_a_reload_after_an_edit() {
    let p = portal();
    let srv = serve(&p);
    let mut s = TcpStream::connect(srv.addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(
        s,
        "GET /__xxgk/events HTTP/1.1\r\nHost: {}\r\nAccept: text/event-stream\r\n\r\n",
        srv.addr
    )
    .unwrap();
    let mut reader = BufReader::new(s);
    let mut head = String::new();
    while !head.contains("retry:") {
        let mut line = String::new();
        assert!(reader.read_line(&mut line).unwrap() > 0, "stream closed");
        head.push_str(&line);
    }
    assert!(head.starts_with("HTTP/1.1 200"));
    assert!(head.contains("Content-Type: text/event-stream"));

    p.write(
        "content/gkzn/zn.md",
        &notice(
            "测试县人民政府信息公开指南（2026年修订）",
            "2026-01-05",
            "置顶: 1",
        ),
    );
    let start = Instant::now();
    let mut seen = String::new();
    while !seen.contains("event: reload\n") {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "no reload event: {seen}"
        );
        let mut line = String::new();
        assert!(reader.read_line(&mut line).unwrap() > 0, "stream closed");
        seen.push_str(&line);
    }
    assert!(get(srv.addr, "/gkzn/zn/").body.contains("2026年修订"));
}

#[test]
fn built_sites_never_carry_the_preview_script() {
    let p = portal();
    p.build().ok();
    for (path, bytes) in p.site_files() {
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("__xxgk"),
            "{} has preview code",
            path.display()
        );
    }
}

/// A withheld document shown only as a directory row: in the 依申请公开 column and in
/// a column whose documents are all withheld (see listing::column_directory).
fn on_request(title: &str, extra: &str) -> String {
    doc(
        &format!(
            "标题: {title}\n发布日期: 2026-06-08\n文号: 测政办〔2026〕41号\n公开方式: 依申请公开\n不予公开理由: 第十六条 内部事务信息{extra}"
        ),
        "CANARY-绝密-7f3a 内部正文",
    )
}

#[test]
fn the_preview_keeps_the_directory_rows_of_the_on_request_columns_current() {
    let p = portal();
    p.write("content/ysqgk/_index.md", &column("依申请公开", "指南"));
    p.write("content/nbsw/_index.md", &column("内部事务", "其他信息"));
    p.write("content/nbsw/kq.md", &on_request("测试县考勤管理制度", ""));
    let mut site = open(&p);
    assert_same(&site, &full_build(&p), "first build");
    // The row's title changes in place: both columns show it.
    p.write(
        "content/nbsw/kq.md",
        &on_request("测试县考勤与请假管理制度", ""),
    );
    step(
        &mut site,
        &p,
        &["content/nbsw/kq.md"],
        "withheld title edit",
    );
    // A second withheld document, then the first made public.
    p.write("content/nbsw/hy.md", &on_request("测试县会议管理办法", ""));
    step(
        &mut site,
        &p,
        &["content/nbsw/hy.md"],
        "withheld document added",
    );
    p.write(
        "content/nbsw/kq.md",
        &doc(
            "标题: 测试县考勤与请假管理制度\n发布日期: 2026-06-08",
            "公开正文",
        ),
    );
    step(&mut site, &p, &["content/nbsw/kq.md"], "made public");
    for (path, bytes) in served(&site) {
        assert!(
            !String::from_utf8_lossy(&bytes).contains("CANARY-绝密-7f3a"),
            "{path} holds a withheld body"
        );
    }
}

/// One GET with a `Range` header; status, head and the body's bytes.
fn get_range(addr: SocketAddr, path: &str, range: &str) -> (u16, String, Vec<u8>) {
    use std::io::Read;
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nRange: {range}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = vec![];
    let _ = s.read_to_end(&mut raw);
    let at = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or(raw.len());
    let head = String::from_utf8_lossy(&raw[..at]).into_owned();
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, head, raw.get(at + 4..).unwrap_or_default().to_vec())
}

#[test]
fn the_search_packs_are_served_by_range_as_nginx_serves_them() {
    let p = portal();
    let srv = serve(&p);
    let meta = eventually(srv.addr, "/search/meta.json", |r| r.status == 200);
    let meta: serde_json::Value = serde_json::from_str(&meta.body).unwrap();
    let pack = format!("/search/{}pack-0-0.bin", meta["dir"].as_str().unwrap());
    let (status, head, whole) = get_range(srv.addr, &pack, "bytes=0-");
    assert_eq!(status, 206, "{head}");
    let len = whole.len();
    assert!(len > 100, "{len} bytes");
    assert!(head.contains(&format!("Content-Range: bytes 0-{}/{len}", len - 1)));
    assert!(head.contains("Accept-Ranges: bytes"), "{head}");

    let (status, head, part) = get_range(srv.addr, &pack, "bytes=10-49");
    assert_eq!(status, 206);
    assert!(
        head.contains(&format!("Content-Range: bytes 10-49/{len}")),
        "{head}"
    );
    assert!(head.contains("Content-Length: 40"), "{head}");
    assert_eq!(part, whole[10..50]);
    // The last bytes, and a last byte past the end cut to the file.
    let (_, _, tail) = get_range(srv.addr, &pack, "bytes=-8");
    assert_eq!(tail, whole[len - 8..]);
    let (status, _, tail) = get_range(srv.addr, &pack, &format!("bytes={}-{}", len - 3, len + 500));
    assert_eq!((status, tail.as_slice()), (206, &whole[len - 3..]));
    // Outside the file: 416 with the length.
    let (status, head, _) = get_range(srv.addr, &pack, &format!("bytes={len}-"));
    assert_eq!(status, 416, "{head}");
    assert!(
        head.contains(&format!("Content-Range: bytes */{len}")),
        "{head}"
    );
    // Not a range we read (another unit, several ranges): the whole file, 200.
    for range in ["items=0-9", "bytes=0-9,20-29", "bytes=abc"] {
        let (status, _, body) = get_range(srv.addr, &pack, range);
        assert_eq!((status, body.len()), (200, len), "{range}");
    }
    // Theme files are served by range too; pages and the 404 page never are.
    let (status, head, css) = get_range(srv.addr, "/static/css/xxgk.css", "bytes=0-9");
    assert_eq!((status, css.len()), (206, 10), "{head}");
    let (status, _, _) = get_range(srv.addr, "/no-such-page/", "bytes=0-9");
    assert_eq!(status, 404);
}
