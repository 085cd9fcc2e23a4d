//! The publication boundary, files (issue 16, classes 1, 2 and 6): nothing from
//! outside `content/` is published, whatever the path or symlink says; a file that a
//! withheld document attaches is never published through a public one; `--out` never
//! replaces the sources or a folder xxgk did not write. Canaries sit in every file
//! that must not be published; no byte of them may reach `site/`, `.xxgk/`, the
//! search output or what `xxgk serve` answers.

mod common;

use common::{Portal, Run, column, doc};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

const CANARY: &str = "CANARY-绝密-7f3a";
const TZGG: &str = "content/tzgg";

fn notice(title: &str, extra: &str) -> String {
    doc(
        &format!("标题: {title}\n发布日期: 2026-03-02\n{extra}"),
        "根据工作安排，现将有关事项通知如下。",
    )
}

/// A portal with one public notice, a secret file beside the portal (outside
/// `content/`) and one outside the portal folder altogether.
fn portal() -> (Portal, tempfile::TempDir) {
    let p = Portal::new(&[
        (
            &format!("{TZGG}/_index.md") as &str,
            &column("通知公告", "其他信息") as &str,
        ),
        (
            &format!("{TZGG}/kdtz.md"),
            &notice("关于春季开学的通知", ""),
        ),
    ]);
    p.write("secret/人员名单.txt", &format!("{CANARY} 内部名单"));
    let elsewhere = tempfile::tempdir().unwrap();
    std::fs::write(
        elsewhere.path().join("外部.txt"),
        format!("{CANARY} 外部文件"),
    )
    .unwrap();
    (p, elsewhere)
}

/// Every byte xxgk wrote: `site/` and `.xxgk/` (the tantivy index).
fn written(p: &Portal) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = vec![];
    for dir in [p.site(), p.root().join(".xxgk")] {
        for e in walkdir::WalkDir::new(dir)
            .into_iter()
            .filter_map(Result::ok)
        {
            if e.file_type().is_file() {
                out.push((e.path().to_path_buf(), std::fs::read(e.path()).unwrap()));
            }
        }
    }
    out
}

fn assert_no_canary(p: &Portal) {
    for (path, bytes) in written(p) {
        assert!(
            !contains(&bytes, CANARY.as_bytes()),
            "canary in {}",
            path.display()
        );
    }
    let search = p.xxgk(&["search", "绝密"]);
    assert!(!search.stdout.contains(CANARY) && !search.stderr.contains(CANARY));
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

fn fails_with(run: &Run, file: &str, needle: &str) {
    assert_eq!(run.code, 1, "expected content errors\n{}", run.stderr);
    assert!(
        run.stderr
            .lines()
            .any(|l| l.starts_with(&format!("{file}:")) && l.contains(needle)),
        "no diagnostic `{file}:…{needle}…` in:\n{}",
        run.stderr
    );
}

// ---- Files from outside content/ ---------------------------------------------

#[test]
fn attachment_paths_that_leave_content_are_errors_at_their_line() {
    let (p, elsewhere) = portal();
    p.build().ok();
    let outside = elsewhere.path().join("外部.txt");
    let listed = format!(
        "附件:\n  - ../../secret/人员名单.txt\n  - ../../xxgk.yaml\n  - {}\n  - /etc/passwd",
        outside.display()
    );
    p.write(
        &format!("{TZGG}/fj.md"),
        &notice("关于公布名单的通知", &listed),
    );
    let mapped = "附件:\n  - path: C:\\Windows\\win.ini\n    标题: 系统文件\n  - path: ..\\..\\secret\\人员名单.txt\n    标题: 名单";
    p.write(
        &format!("{TZGG}/fj2.md"),
        &notice("关于公布名单的通知（二）", mapped),
    );
    let run = p.build();
    for (file, line, what) in [
        ("fj", 5, "指向 content/ 之外"),
        ("fj", 6, "指向 content/ 之外"),
        ("fj", 7, "绝对路径"),
        ("fj", 8, "绝对路径"),
        ("fj2", 5, "绝对路径"),
        ("fj2", 7, "指向 content/ 之外"),
    ] {
        run.reports(&format!("{TZGG}/{file}.md:{line}"), what);
    }
    assert_eq!(run.code, 1);
    assert_no_canary(&p);
    // Nor the configuration, which a relative escape reached.
    let config = written(&p)
        .into_iter()
        .filter(|(path, _)| path.to_string_lossy().contains("xxgk.yaml"))
        .count();
    assert_eq!(config, 0);
}

#[cfg(unix)]
#[test]
fn a_symlinked_attachment_pointing_outside_is_refused() {
    let (p, elsewhere) = portal();
    let dir = p.root().join(TZGG);
    std::os::unix::fs::symlink(p.root().join("secret/人员名单.txt"), dir.join("名单.txt")).unwrap();
    std::os::unix::fs::symlink(elsewhere.path(), dir.join("files")).unwrap();
    p.write(
        &format!("{TZGG}/fj.md"),
        &notice(
            "关于公布名单的通知",
            "附件:\n  - 名单.txt\n  - files/外部.txt",
        ),
    );
    let run = p.build();
    let file = format!("{TZGG}/fj.md");
    run.reports(&format!("{file}:5"), "符号链接");
    run.reports(&format!("{file}:6"), "符号链接");
    // The links themselves are refused where they stand, attached or not.
    fails_with(
        &run,
        &format!("{TZGG}/名单.txt"),
        "符号链接指向 content/ 之外",
    );
    fails_with(&run, &format!("{TZGG}/files"), "符号链接指向 content/ 之外");
    assert!(!p.site().exists());
    assert_no_canary(&p);
}

#[cfg(unix)]
#[test]
fn a_symlinked_column_folder_pointing_outside_is_refused() {
    let (p, elsewhere) = portal();
    let outside = elsewhere.path().join("column");
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(outside.join("_index.md"), column("外部栏目", "其他信息")).unwrap();
    std::fs::write(
        outside.join("wbwj.md"),
        doc("标题: 外部文件\n发布日期: 2026-03-02", CANARY),
    )
    .unwrap();
    std::os::unix::fs::symlink(&outside, p.root().join("content/wblm")).unwrap();
    let run = p.build();
    fails_with(&run, "content/wblm", "符号链接指向 content/ 之外");
    assert_no_canary(&p);
}

#[cfg(unix)]
#[test]
fn a_symlink_in_static_or_templates_pointing_outside_is_refused() {
    let (p, _elsewhere) = portal();
    p.build().ok();
    std::fs::create_dir_all(p.root().join("static/css")).unwrap();
    std::os::unix::fs::symlink(
        p.root().join("secret/人员名单.txt"),
        p.root().join("static/css/名单.css"),
    )
    .unwrap();
    let run = p.build();
    fails_with(&run, "static/css/名单.css", "符号链接指向 static/ 之外");
    assert_no_canary(&p);

    std::fs::remove_file(p.root().join("static/css/名单.css")).unwrap();
    std::fs::create_dir_all(p.root().join("templates")).unwrap();
    std::os::unix::fs::symlink(
        p.root().join("secret/人员名单.txt"),
        p.root().join("templates/404.html"),
    )
    .unwrap();
    let run = p.build();
    fails_with(&run, "templates/404.html", "符号链接指向 templates/ 之外");
    assert_no_canary(&p);

    // A symlink to a file inside the folder is that file under a second name.
    std::fs::remove_file(p.root().join("templates/404.html")).unwrap();
    p.write("static/css/本地.css", "body { color: #333 }");
    std::os::unix::fs::symlink(
        p.root().join("static/css/本地.css"),
        p.root().join("static/css/别名.css"),
    )
    .unwrap();
    p.build().ok();
    assert!(p.site().join("static/css/别名.css").is_file());
}

#[test]
fn a_spreadsheet_outside_content_is_never_read() {
    let (p, _elsewhere) = portal();
    p.write(
        "secret/qd.csv",
        &format!("事项名称,事项类型,设定依据,实施主体\n{CANARY},行政处罚,《条例》,测试县局\n"),
    );
    p.write("content/qzqd/_index.md", &column("权责清单", "权责清单"));
    p.write(
        "content/qzqd/qd.yaml",
        "标题: 测试县权责清单\n发布日期: 2026-03-02\n类型: 权责清单\n事项:\n  文件: ../../secret/qd.csv\n",
    );
    let run = p.build();
    fails_with(&run, "content/qzqd/qd.yaml", "指向 content/ 之外");
    assert!(!run.stderr.contains(CANARY));
    assert_no_canary(&p);
}

// ---- A file attached to a withheld and a public document ---------------------

const ON_REQUEST: &str = "公开方式: 依申请公开\n不予公开依据: 涉及第三方合法权益";

#[test]
fn a_file_attached_to_a_withheld_and_a_public_document_is_an_error_naming_both() {
    let (p, _elsewhere) = portal();
    p.write(
        &format!("{TZGG}/files/名单.txt"),
        &format!("{CANARY} 补助人员名单"),
    );
    p.write(
        &format!("{TZGG}/nbbg.md"),
        &notice(
            "内部报告",
            &format!("{ON_REQUEST}\n附件:\n  - files/名单.txt"),
        ),
    );
    p.build().ok();
    assert_no_canary(&p);
    let spellings = [
        "files/名单.txt".to_string(),
        "files/../files/./名单.txt".to_string(),
    ];
    for (i, rel) in spellings.iter().enumerate() {
        p.write(
            &format!("{TZGG}/gs{i}.md"),
            &notice("公示", &format!("附件:\n  - path: {rel}\n    标题: 名单")),
        );
        let run = p.build();
        let line = format!("{TZGG}/gs{i}.md:5");
        run.reports(&line, &format!("{TZGG}/nbbg.md"));
        run.reports(&line, "内部报告");
        run.reports(&line, "依申请公开");
        assert_eq!(run.code, 1);
        assert_no_canary(&p);
        p.remove(&format!("{TZGG}/gs{i}.md"));
    }
}

#[cfg(unix)]
#[test]
fn a_hard_or_symbolic_link_to_a_withheld_attachment_is_the_same_file() {
    let (p, _elsewhere) = portal();
    let dir = p.root().join(TZGG);
    p.write(
        &format!("{TZGG}/files/名单.txt"),
        &format!("{CANARY} 补助人员名单"),
    );
    p.write(
        &format!("{TZGG}/nbbg.md"),
        &notice(
            "内部报告",
            &format!("{ON_REQUEST}\n附件:\n  - files/名单.txt"),
        ),
    );
    std::fs::hard_link(dir.join("files/名单.txt"), dir.join("副本.txt")).unwrap();
    std::os::unix::fs::symlink(dir.join("files/名单.txt"), dir.join("链接.txt")).unwrap();
    for name in ["副本.txt", "链接.txt"] {
        p.write(
            &format!("{TZGG}/gs.md"),
            &notice("公示", &format!("附件:\n  - {name}")),
        );
        let run = p.build();
        run.reports(&format!("{TZGG}/gs.md:5"), &format!("{TZGG}/nbbg.md"));
        assert_no_canary(&p);
    }
}

// ---- One publication set -----------------------------------------------------

#[test]
fn every_file_copied_into_the_site_is_an_attachment_of_a_public_document() {
    let (p, _elsewhere) = portal();
    p.write(&format!("{TZGG}/files/公开.txt"), "公开的附件");
    p.write(&format!("{TZGG}/files/内部.txt"), &format!("{CANARY} 内部"));
    p.write(
        &format!("{TZGG}/files/未引用.txt"),
        &format!("{CANARY} 未引用"),
    );
    p.write(
        &format!("{TZGG}/gk.md"),
        &notice("公开通知", "附件:\n  - files/公开.txt"),
    );
    p.write(
        &format!("{TZGG}/nb.md"),
        &notice(
            "内部通知",
            &format!("{ON_REQUEST}\n附件:\n  - files/内部.txt"),
        ),
    );
    p.build().ok();
    assert_no_canary(&p);

    // What the renderer copies is exactly the publication set (plus theme assets).
    let (portal, diags) = xxgk::load::load(&xxgk::load::LoadOptions {
        root: p.root().to_path_buf(),
        today: chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
        base_url: None,
    });
    assert!(!diags.has_errors());
    let portal = portal.unwrap();
    let publication = xxgk::publication::Publication::of(&portal);
    let theme = xxgk::render::Theme::load(p.root()).unwrap();
    let files =
        xxgk::render::render(&portal, &theme, &xxgk::render::jobs(&portal), &|| {}).unwrap();
    let mut copied = vec![];
    for f in &files {
        if let xxgk::render::Content::Copy(src) = &f.content {
            let published = publication
                .files()
                .any(|x| &x.source == src && x.out == f.path);
            let asset = theme
                .assets
                .values()
                .any(|a| matches!(a, xxgk::render::Asset::File(x) if x == src));
            assert!(
                published || asset,
                "{} copied outside the set",
                src.display()
            );
            copied.push(f.path.clone());
        }
    }
    assert_eq!(copied, ["tzgg/gk/公开.txt"]);
    // And on disk: every file of site/ is generated or one of those copies.
    for (path, _) in p.site_files() {
        let rel = path
            .strip_prefix(p.site())
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let generated = rel.ends_with(".html")
            || rel.ends_with(".xml")
            || rel.starts_with("static/")
            || rel.starts_with("search/")
            || rel == ".xxgk-site";
        assert!(generated || copied.contains(&rel), "{rel} is in site/");
    }
}

// ---- --out guards ------------------------------------------------------------

fn build_out(p: &Portal, out: &Path) -> Run {
    Command::new(env!("CARGO_BIN_EXE_xxgk"))
        .args(["build", "--today", "2026-11-23", "--root"])
        .arg(p.root())
        .arg("--out")
        .arg(out)
        .output()
        .unwrap()
        .into()
}

/// Every file below `dir` with its bytes, to show nothing was touched.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().to_path_buf(), std::fs::read(e.path()).unwrap()))
        .collect()
}

#[test]
fn out_may_not_be_the_portal_its_parent_or_inside_its_sources() {
    let (p, _elsewhere) = portal();
    p.write("templates/page.html", "{# 自定义模板 #}");
    p.write("static/css/site.css", "body {}");
    let before = snapshot(p.root());
    let root = p.root();
    for out in [
        root.to_path_buf(),
        root.join("."),
        root.join("site/.."),
        root.parent().unwrap().to_path_buf(),
        root.join("content"),
        root.join("content/tzgg/site"),
        root.join("templates"),
        root.join("static/site"),
    ] {
        let run = build_out(&p, &out);
        assert_eq!(run.code, 2, "{}: {}", out.display(), run.stderr);
        assert!(run.stderr.contains("输出目录"), "{}", run.stderr);
        assert_eq!(
            snapshot(root),
            before,
            "{} touched the portal",
            out.display()
        );
    }
}

#[test]
fn a_foreign_folder_or_file_is_not_replaced_but_an_old_xxgk_site_is() {
    let (p, _elsewhere) = portal();
    let other = tempfile::tempdir().unwrap();
    let foreign = other.path().join("照片");
    std::fs::create_dir_all(&foreign).unwrap();
    std::fs::write(foreign.join("全家福.jpg"), "照片").unwrap();
    std::fs::write(foreign.join("index.html"), "<p>我的主页</p>").unwrap();
    let run = build_out(&p, &foreign);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("不是 xxgk 生成的网站"),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read_to_string(foreign.join("全家福.jpg")).unwrap(),
        "照片"
    );

    let file = other.path().join("说明.txt");
    std::fs::write(&file, "说明").unwrap();
    assert_eq!(build_out(&p, &file).code, 2);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "说明");

    // An empty folder, or a new one, is fine; the build leaves its marker.
    let empty = other.path().join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    build_out(&p, &empty).ok();
    assert!(empty.join(".xxgk-site").is_file());
    // … and may be rebuilt.
    build_out(&p, &empty).ok();

    // A site built by an xxgk older than the marker is recognised by its pages.
    let old = p.site();
    for page in [
        "index.html",
        "ysqgkml/index.html",
        "xxyxgfxwj/index.html",
        "static/css/site.css",
    ] {
        p.write(&format!("site/{page}"), "旧版生成");
    }
    p.write("site/旧页面/index.html", "旧版生成");
    p.build().ok();
    assert!(old.join(".xxgk-site").is_file());
    assert!(!old.join("旧页面").exists());
    // Without one of those pages (and no marker) it is somebody else's folder.
    std::fs::remove_file(old.join(".xxgk-site")).unwrap();
    std::fs::remove_file(old.join("ysqgkml/index.html")).unwrap();
    let run = p.build();
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(old.join("index.html").is_file());
}

// ---- xxgk serve --------------------------------------------------------------

fn get(addr: SocketAddr, path: &str) -> (u16, Vec<u8>) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    // A server may close at once on a request it refuses.
    let _ = write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    );
    let mut raw = vec![];
    let _ = s.read_to_end(&mut raw);
    let head = String::from_utf8_lossy(&raw[..raw.len().min(64)]).into_owned();
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, raw)
}

#[test]
fn serve_never_answers_a_file_from_outside_content() {
    let (p, elsewhere) = portal();
    p.write(&format!("{TZGG}/files/公开.txt"), "公开的附件");
    p.write(
        &format!("{TZGG}/fj.md"),
        &notice("关于公布名单的通知", "附件:\n  - files/公开.txt"),
    );
    let preview = common::Preview::start(p.root(), "2026-11-23");
    let addr = preview.addr;
    assert_eq!(get(addr, "/tzgg/fj/%E5%85%AC%E5%BC%80.txt").0, 200);
    // An edit attaches files from outside: the preview keeps the last good pages.
    p.write(
        &format!("{TZGG}/fj.md"),
        &notice(
            "关于公布名单的通知",
            &format!(
                "附件:\n  - files/公开.txt\n  - ../../secret/人员名单.txt\n  - {}",
                elsewhere.path().join("外部.txt").display()
            ),
        ),
    );
    std::thread::sleep(Duration::from_millis(1500));
    for path in [
        "/tzgg/fj/人员名单.txt",
        "/tzgg/fj/%E4%BA%BA%E5%91%98%E5%90%8D%E5%8D%95.txt",
        "/tzgg/fj/外部.txt",
        "/tzgg/fj/%E5%A4%96%E9%83%A8.txt",
        "/tzgg/fj/",
        "/tzgg/",
        "/",
        "/sitemap.xml",
        "/feed.xml",
    ] {
        let (_, body) = get(addr, path);
        assert!(
            !contains(&body, CANARY.as_bytes()),
            "{path} answered the canary"
        );
    }
    // The page does not build: the preview shows the errors, never the file.
    let (status, _) = get(addr, "/tzgg/fj/%E5%A4%96%E9%83%A8.txt");
    assert_ne!(status, 200);
    drop(preview);
}

// ---- Attachments a browser would run ---------------------------------------------

#[test]
fn an_attachment_a_browser_would_run_is_refused() {
    let (p, _elsewhere) = portal();
    let page = format!(
        "<script src=\"fj.js\"></script><meta http-equiv=\"refresh\" content=\"0;url=https://example.com/\">{CANARY}"
    );
    p.write(&format!("{TZGG}/files/说明.html"), &page);
    p.write(
        &format!("{TZGG}/files/fj.js"),
        &format!("alert('{CANARY}')"),
    );
    p.write(
        &format!("{TZGG}/files/图.svg"),
        &format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert('{CANARY}')</script></svg>"
        ),
    );
    p.write(
        &format!("{TZGG}/yx.md"),
        &notice(
            "关于公布办事说明的通知",
            "附件:\n  - files/说明.html\n  - files/fj.js\n  - path: files/图.svg\n    标题: 示意图",
        ),
    );
    let run = p.build();
    for line in [5, 6, 7] {
        fails_with(&run, &format!("{TZGG}/yx.md:{line}"), "浏览器会执行");
    }
    assert!(
        !p.site().exists(),
        "nothing is written when the build fails"
    );
    assert_no_canary(&p);
    // The same files converted to what residents download are published.
    p.write(&format!("{TZGG}/files/说明.pdf"), "%PDF-1.4 办事说明");
    p.write(
        &format!("{TZGG}/yx.md"),
        &notice("关于公布办事说明的通知", "附件:\n  - files/说明.pdf"),
    );
    let run = p.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_no_canary(&p);
}

// ---- Red team --------------------------------------------------------------------

/// `content/` itself a symlink to a folder outside the portal: every document and
/// attachment below it would come from elsewhere on the machine.
#[cfg(unix)]
#[test]
fn content_itself_a_symlink_out_of_the_portal_is_refused() {
    let (p, elsewhere) = portal();
    let outside = elsewhere.path().join("content");
    std::fs::rename(p.root().join("content"), &outside).unwrap();
    std::fs::write(
        outside.join("tzgg/wb.md"),
        notice("关于外部文件的通知", &format!("文号: {CANARY}")),
    )
    .unwrap();
    std::os::unix::fs::symlink(&outside, p.root().join("content")).unwrap();
    let run = p.build();
    fails_with(&run, "content", "符号链接");
    assert!(!p.site().exists(), "a site was written");
    assert_no_canary(&p);
    // Inside the portal it is only another name for a folder there.
    let (q, _e) = portal();
    std::fs::rename(q.root().join("content"), q.root().join("sources")).unwrap();
    std::os::unix::fs::symlink("sources", q.root().join("content")).unwrap();
    q.build().ok();
}

/// Attachment names are URLs: two under one name (two folders, or case) would be one
/// download replacing the other; `#`, `?`, `%` or a line break would break its link.
#[test]
fn attachments_sharing_a_url_or_breaking_it_are_errors_at_their_line() {
    let (p, _e) = portal();
    p.write(&format!("{TZGG}/a/名单.txt"), "第一份名单");
    p.write(&format!("{TZGG}/b/名单.txt"), "第二份名单");
    p.write(&format!("{TZGG}/说明.TXT"), "说明一");
    p.write(&format!("{TZGG}/说明.txt"), "说明二");
    p.write(&format!("{TZGG}/a#b.txt"), "x");
    p.write(&format!("{TZGG}/c\nd.txt"), "x");
    p.write(
        &format!("{TZGG}/kdtz.md"),
        &notice(
            "关于春季开学的通知",
            "附件:\n  - a/名单.txt\n  - b/名单.txt\n  - 说明.TXT\n  - 说明.txt\n  - a/名单.txt\n  - \"a#b.txt\"\n  - \"c\\nd.txt\"",
        ),
    );
    let run = p.build();
    for (line, needle) in [(6, "重名"), (8, "重名"), (10, "截断网址"), (11, "截断网址")]
    {
        run.reports(&format!("{TZGG}/kdtz.md:{line}"), needle);
    }
    // The same file listed twice (line 9) is one download.
    assert!(!run.stderr.contains("kdtz.md:9:"), "{}", run.stderr);
    assert!(!p.site().exists());
}

/// Red team: `static/` is copied as is, past the personal-data screening; a
/// recipients list dropped there was published at /static/名单.txt.
#[test]
fn documents_in_static_are_refused() {
    for name in [
        "static/名单.txt",
        "static/files/补贴名单.xlsx",
        "static/a.PDF",
    ] {
        let (p, _e) = portal();
        p.write(name, &format!("{CANARY} 张三 13812345678"));
        let run = p.build();
        assert_ne!(run.code, 0, "{name}: built");
        assert!(run.stderr.contains(name), "{name}: {}", run.stderr);
        assert!(!p.site().exists(), "{name}: a site was written");
    }
    // The theme's own assets, robots.txt among them, are published.
    let (p, _e) = portal();
    p.write("static/robots.txt", "User-agent: *\n");
    p.write("static/css/site.css", "body{}");
    p.build().ok();
    assert!(p.site().join("static/robots.txt").is_file());
}
