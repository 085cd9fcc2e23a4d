//! Issue 16, class 7: hostile input costs bounded time and memory, and `xxgk serve`
//! answers only the editor's browser with bounded resources. Every hostile file
//! carries a canary that must never reach `site/`, `.xxgk/` or the preview.

mod common;
use common::{Portal, Preview, column, doc, get, request};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::Child;
use std::time::{Duration, Instant};

const CANARY: &str = "CANARY-限额-5e1d";
const TODAY: &str = "2026-11-23";
/// Each hostile case, in a debug build, including starting the binary.
const BOUND: Duration = Duration::from_secs(3);

/// [`BOUND`], or four times what the same portal's ordinary build took just
/// before, when the machine is that loaded: the hostile inputs this guards
/// against cost minutes (quadratic parsing), not a busy machine's seconds.
fn bound(ordinary: Duration) -> Duration {
    BOUND.max(ordinary * 4)
}

fn portal() -> Portal {
    Portal::new(&[
        (
            "content/gkzn/_index.md",
            &column("政府信息公开指南", "指南"),
        ),
        (
            "content/gkzn/zn.md",
            &doc(
                "标题: 测试县人民政府信息公开指南\n发布日期: 2026-01-05\n置顶: 1",
                "本指南所称政府信息，是指行政机关在履行行政管理职能过程中制作或者获取的信息。",
            ),
        ),
        ("content/tzgg/_index.md", &column("通知公告", "其他信息")),
        (
            "content/tzgg/tz1.md",
            &doc(
                "标题: 关于开展2026年度就业补贴申报工作的通知\n发布日期: 2026-03-12",
                "各乡镇人民政府：现将有关事项通知如下。",
            ),
        ),
    ])
}

/// Bytes of every file below `dir` (site/ or the tantivy index).
fn contains_canary(dir: &Path) -> bool {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .any(|e| {
            let b = std::fs::read(e.path()).unwrap_or_default();
            b.windows(CANARY.len()).any(|w| w == CANARY.as_bytes())
        })
}

fn assert_no_canary(p: &Portal) {
    assert!(!contains_canary(&p.site()), "canary in site/");
    assert!(
        !contains_canary(&p.root().join(".xxgk")),
        "canary in .xxgk/"
    );
}

/// Nested flow sequences: `[[[[…]]]]`, `n` deep.
fn nested_flow(n: usize) -> String {
    format!("{}\"{CANARY}\"{}", "[".repeat(n), "]".repeat(n))
}

/// A good site first; then `file` is written with `text`, and `build` and `check`
/// must each fail within [`BOUND`], naming `file:line` with `needle`, leaving the
/// previous site as it was.
fn refused(file: &str, text: &str, line: usize, needle: &str) {
    let p = portal();
    let t = Instant::now();
    p.build().ok();
    let ordinary = t.elapsed();
    let before = p.site_files();
    p.write(file, text);
    for cmd in ["build", "check"] {
        let t = Instant::now();
        let run = p.xxgk(&[cmd, "--today", TODAY]);
        let took = t.elapsed();
        assert_ne!(run.code, 0, "{cmd} passed {file}");
        if cmd == "build" {
            run.reports(&format!("{file}:{line}"), needle);
        } else {
            // `check` prints its report on stdout.
            let at = format!("{file}:{line}: ");
            assert!(
                run.stdout
                    .lines()
                    .any(|l| l.starts_with(&at) && l.contains(needle)),
                "no `{at}…{needle}` in:\n{}",
                run.stdout
            );
        }
        assert!(
            took < bound(ordinary),
            "{cmd} of {file} took {took:?} (an ordinary build {ordinary:?})"
        );
    }
    assert_eq!(p.site_files(), before, "previous site/ changed");
    assert_no_canary(&p);
}

#[test]
fn nested_flow_front_matter_of_200_kb_is_refused_at_its_line_fast() {
    let front = format!(
        "标题: 关于公布2026年度补贴名单的通知\n发布日期: 2026-03-12\n附注: {}",
        nested_flow(100 * 1024)
    );
    refused("content/tzgg/qt.md", &doc(&front, "正文"), 4, "嵌套过深");
}

#[test]
fn nested_flow_of_1_mb_is_refused_fast_in_front_matter_and_in_a_yaml_document() {
    let front = format!(
        "标题: 关于公布2026年度补贴名单的通知\n发布日期: 2026-03-12\n附注: {}",
        nested_flow(512 * 1024)
    );
    // Front matter over 256 KiB: refused by its size before its depth is looked at.
    refused("content/tzgg/qt.md", &doc(&front, "正文"), 2, "元数据");
    let yaml = format!(
        "标题: 权责清单\n发布日期: 2026-03-12\n类型: 其他信息\n数据:\n  事项: {}\n",
        "{a: ".repeat(256 * 1024) + CANARY
    );
    assert!(yaml.len() > 1 << 20);
    refused("content/tzgg/qzqd.yaml", &yaml, 5, "嵌套过深");
}

#[test]
fn deep_block_nesting_is_refused() {
    let mut front =
        "标题: 关于公布2026年度补贴名单的通知\n发布日期: 2026-03-12\n附注:\n".to_string();
    for i in 1..200 {
        front.push_str(&format!("{}第{i}层:\n", " ".repeat(i)));
    }
    front.push_str(&format!("{}- {CANARY}\n", " ".repeat(200)));
    // 附注 on line 4 is level 1, 第k层 on line 4 + k level k + 1: level 33 is line 36.
    refused("content/tzgg/qt.md", &doc(&front, "正文"), 36, "嵌套过深");
    // Compact items on one line nest as deep.
    let front = format!(
        "标题: 关于公布2026年度补贴名单的通知\n发布日期: 2026-03-12\n附注: 1\n名单:\n{}{CANARY}\n",
        "- ".repeat(5000)
    );
    refused("content/tzgg/qt.md", &doc(&front, "正文"), 6, "嵌套过深");
}

#[test]
fn an_alias_bomb_is_refused_before_it_is_expanded() {
    let mut front = format!(
        "标题: 关于公布2026年度补贴名单的通知\n发布日期: 2026-03-12\n甲: &a [\"{CANARY}\", \"{CANARY}\", \"{CANARY}\", \"{CANARY}\", \"{CANARY}\", \"{CANARY}\", \"{CANARY}\", \"{CANARY}\", \"{CANARY}\"]\n"
    );
    let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"];
    for w in names.windows(2) {
        let refs = vec![format!("*{}", w[0]); 9].join(", ");
        front.push_str(&format!("{}: &{} [{refs}]\n", w[1], w[1]));
    }
    // 9 aliases a line from line 5 on: the 65th is on line 12.
    refused("content/tzgg/qt.md", &doc(&front, "正文"), 12, "别名");
    // Few aliases, doubling 40 times: serde refuses the expansion, fast too.
    let mut front =
        format!("标题: 关于公布补贴名单的通知\n发布日期: 2026-03-12\nx0: &x0 \"{CANARY}\"\n");
    for i in 1..=30 {
        front.push_str(&format!("x{i}: &x{i} [*x{}, *x{}]\n", i - 1, i - 1));
    }
    let p = portal();
    p.write("content/tzgg/qt.md", &doc(&front, "正文"));
    let t = Instant::now();
    let run = p.build();
    assert!(t.elapsed() < BOUND, "took {:?}", t.elapsed());
    assert_ne!(run.code, 0, "{}", run.stderr);
    assert_no_canary(&p);
}

#[test]
fn hostile_yaml_in_xxgk_yaml_and_a_column_is_refused() {
    refused(
        "xxgk.yaml",
        &format!("{}节假日: {}\n", common::CONFIG, nested_flow(50_000)),
        common::CONFIG.lines().count() + 1,
        "嵌套过深",
    );
    refused(
        "content/tzgg/_index.md",
        &format!(
            "---\n名称: 通知公告\n类型: 其他信息\n说明: {}\n---\n",
            nested_flow(50_000)
        ),
        4,
        "嵌套过深",
    );
}

#[test]
fn oversized_files_are_refused_and_the_previous_site_survives() {
    // 9 MiB of body: over the 8 MiB of a Markdown document.
    let body = format!("{CANARY}。本办法自发布之日起施行。\n").repeat(9 * 1024 * 1024 / 60);
    assert!(body.len() > 8 << 20);
    refused(
        "content/tzgg/big.md",
        &doc("标题: 关于印发补贴办法的通知\n发布日期: 2026-03-12", &body),
        1,
        "文件过大",
    );
    let config = format!("{}# {}\n", common::CONFIG, "注".repeat(400_000));
    refused("xxgk.yaml", &config, 1, "文件过大");
}

#[test]
fn an_attachment_too_large_to_screen_blocks_the_build() {
    let p = portal();
    p.build().ok();
    let before = p.site_files();
    // 33 MiB of csv, its last row a resident's ID number the screen would never reach.
    let mut csv = "序号,姓名,补贴金额（元）\n".to_string();
    let row = "1,张三,1200.00\n";
    csv.push_str(&row.repeat((33 << 20) / row.len()));
    csv.push_str(&format!("99999,{CANARY},110101199003077777\n"));
    p.write("content/tzgg/files/名单.csv", &csv);
    p.write(
        "content/tzgg/md.md",
        &doc(
            "标题: 关于2026年度就业补贴发放名单的公示\n发布日期: 2026-03-12\n附件:\n  - files/名单.csv",
            "名单见附件。",
        ),
    );
    let run = p.build();
    assert_ne!(run.code, 0);
    run.reports("content/tzgg/md.md:5", "超过可筛查个人信息的上限");
    assert_eq!(p.site_files(), before);
    assert_no_canary(&p);
}

// ---- xxgk serve ----

fn serve(p: &Portal) -> Preview {
    Preview::start(p.root(), TODAY)
}

fn threads(child: &Child) -> usize {
    let status = std::fs::read_to_string(format!("/proc/{}/status", child.id())).unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("Threads:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap()
}

#[test]
fn serve_answers_only_localhost_and_ip_literals() {
    let p = portal();
    let srv = serve(&p);
    let port = srv.addr.port();
    for host in [format!("localhost:{port}"), format!("127.0.0.1:{port}")] {
        let r = request(srv.addr, "/tzgg/tz1/", &host);
        assert_eq!(r.status, 200, "{host}");
        assert!(r.body.contains("就业补贴申报"));
    }
    for host in [
        format!("evil.example:{port}"),
        "evil.example".to_string(),
        format!("localhost.evil.example:{port}"),
        format!("127.0.0.1.nip.io:{port}"),
        format!("localhost:{}", port.wrapping_add(1)),
    ] {
        let r = request(srv.addr, "/tzgg/tz1/", &host);
        assert_eq!(r.status, 421, "{host}");
        assert!(!r.body.contains("就业补贴申报"), "{host} saw the page");
        assert!(r.body.contains("预览只接受"));
    }
    // No Host at all (HTTP/1.0 style) is refused too.
    let mut s = TcpStream::connect(srv.addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    s.write_all(b"GET /tzgg/tz1/ HTTP/1.0\r\n\r\n").unwrap();
    let mut raw = String::new();
    let _ = s.read_to_string(&mut raw);
    assert!(
        raw.starts_with("HTTP/1.0 421") || raw.starts_with("HTTP/1.1 421"),
        "{raw}"
    );
}

#[test]
fn serve_sends_the_security_headers_on_every_answer() {
    let p = portal();
    p.write("content/tzgg/files/说明.txt", "申报材料清单");
    p.write(
        "content/tzgg/tz2.md",
        &doc(
            "标题: 关于申报材料的说明\n发布日期: 2026-03-13\n附件:\n  - files/说明.txt",
            "见附件。",
        ),
    );
    let srv = serve(&p);
    let att = (0..200)
        .map(|_| {
            std::thread::sleep(Duration::from_millis(20));
            get(srv.addr, "/tzgg/tz2/")
        })
        .find(|r| r.status == 200)
        .expect("page served");
    let href = att
        .body
        .split("href=\"")
        .filter_map(|s| s.split('"').next())
        .find(|h| h.ends_with(".txt"))
        .expect("attachment link")
        .to_string();
    let attachment = get(srv.addr, &href);
    assert_eq!(attachment.status, 200, "{href}");
    assert_eq!(attachment.body, "申报材料清单");
    for r in [
        get(srv.addr, "/tzgg/tz1/"),
        get(srv.addr, "/no-such-page/"),
        attachment,
        get(srv.addr, "/__xxgk/reload.js"),
        request(srv.addr, "/", "evil.example"),
    ] {
        for h in [
            "Content-Security-Policy: default-src 'self'; script-src 'self'",
            "frame-ancestors 'self'",
            "X-Content-Type-Options: nosniff",
            "Referrer-Policy: strict-origin-when-cross-origin",
        ] {
            assert!(r.headers.contains(h), "{h} missing in\n{}", r.headers);
        }
    }
}

#[test]
fn an_endless_header_is_cut_off_and_others_are_still_answered() {
    let p = portal();
    let srv = serve(&p);
    let mut s = TcpStream::connect(srv.addr).unwrap();
    s.set_write_timeout(Some(Duration::from_secs(10))).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(s, "GET / HTTP/1.1\r\nHost: {}\r\nX-Endless: ", srv.addr).unwrap();
    let chunk = vec![b'a'; 64 * 1024];
    let mut sent = 0usize;
    // The server stops reading after 16 KiB: writes then fail or block (the socket
    // buffers fill), well before 64 MiB.
    while sent < 64 << 20 {
        match s.write(&chunk) {
            Ok(n) => sent += n,
            Err(_) => break,
        }
    }
    assert!(sent < 64 << 20, "the server kept reading the header");
    let mut rest = vec![];
    let _ = s.read_to_end(&mut rest);
    let rest = String::from_utf8_lossy(&rest);
    assert!(
        rest.is_empty() || rest.starts_with("HTTP/1.1 431"),
        "{rest}"
    );
    assert_eq!(get(srv.addr, "/tzgg/tz1/").status, 200);
    // A request line that never ends is cut off the same way.
    let mut s = TcpStream::connect(srv.addr).unwrap();
    s.set_write_timeout(Some(Duration::from_secs(10))).unwrap();
    let mut sent = 0usize;
    let _ = s.write_all(b"GET /");
    while sent < 64 << 20 {
        match s.write(&chunk) {
            Ok(n) => sent += n,
            Err(_) => break,
        }
    }
    assert!(sent < 64 << 20, "the server kept reading the request line");
    assert_eq!(get(srv.addr, "/tzgg/tz1/").status, 200);
}

#[test]
fn idle_connections_neither_take_threads_nor_stop_it_answering() {
    let p = portal();
    let srv = serve(&p);
    assert_eq!(get(srv.addr, "/tzgg/tz1/").status, 200);
    let before = threads(&srv.child);
    // Silent, half-sent and keep-alive connections, 200 of them.
    let mut idle = vec![];
    for i in 0..200 {
        let mut s = TcpStream::connect(srv.addr).unwrap();
        match i % 3 {
            0 => {}
            1 => write!(s, "GET / HTTP/1.1\r\nHost: {}\r\n", srv.addr).unwrap(),
            _ => write!(s, "GET /tzgg/tz1/ HTTP/1.1\r\nHost: {}\r\n\r\n", srv.addr).unwrap(),
        }
        idle.push(s);
    }
    let t = Instant::now();
    let r = get(srv.addr, "/tzgg/tz1/");
    assert_eq!(r.status, 200);
    assert!(
        t.elapsed() < Duration::from_secs(2),
        "took {:?}",
        t.elapsed()
    );
    let during = threads(&srv.child);
    // The preview's own background work (the search index) may start a few threads
    // meanwhile; a thread per connection would add 200.
    assert!(
        during < before + 24,
        "threads grew with connections: {before} → {during}"
    );
    // Within the head timeout (10 s) and a margin, the server has closed them all.
    let start = Instant::now();
    for s in &mut idle {
        s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
        let mut buf = vec![];
        let _ = s.read_to_end(&mut buf);
    }
    assert!(
        start.elapsed() < Duration::from_secs(16),
        "idle connections held for {:?}",
        start.elapsed()
    );
}

#[test]
fn reload_streams_are_capped() {
    let p = portal();
    let srv = serve(&p);
    let open = |srv: &Preview| {
        let mut s = TcpStream::connect(srv.addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        write!(
            s,
            "GET /__xxgk/events HTTP/1.1\r\nHost: {}\r\nAccept: text/event-stream\r\n\r\n",
            srv.addr
        )
        .unwrap();
        let mut head = [0u8; 12];
        s.read_exact(&mut head).unwrap();
        (s, String::from_utf8_lossy(&head).into_owned())
    };
    let mut streams = vec![];
    for _ in 0..32 {
        let (s, head) = open(&srv);
        assert_eq!(head, "HTTP/1.1 200");
        streams.push(s);
    }
    let (_, head) = open(&srv);
    assert_eq!(head, "HTTP/1.1 503");
    // A closed tab gives its place back.
    drop(streams.pop());
    let start = Instant::now();
    loop {
        // The server notices the closed stream on its next write (at most 15 s).
        let (s, head) = open(&srv);
        if head == "HTTP/1.1 200" {
            drop(s);
            break;
        }
        assert!(start.elapsed() < Duration::from_secs(20), "never freed");
        std::thread::sleep(Duration::from_millis(500));
    }
    assert_eq!(get(srv.addr, "/tzgg/tz1/").status, 200);
}

#[test]
fn a_hostile_save_in_serve_is_refused_fast_and_never_shown() {
    let p = portal();
    let srv = serve(&p);
    assert_eq!(get(srv.addr, "/tzgg/tz1/").status, 200);
    let front = format!(
        "标题: 关于开展2026年度就业补贴申报工作的通知\n发布日期: 2026-03-12\n附注: {}",
        nested_flow(100 * 1024)
    );
    p.write("content/tzgg/tz1.md", &doc(&front, CANARY));
    let start = Instant::now();
    loop {
        let r = get(srv.addr, "/tzgg/tz1/");
        assert!(!r.body.contains(CANARY), "canary served");
        if r.body.contains("嵌套过深") {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "the error never appeared: {}",
            r.body
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    // Still answering, and fast.
    let t = Instant::now();
    assert_eq!(get(srv.addr, "/gkzn/zn/").status, 200);
    assert!(t.elapsed() < Duration::from_secs(1));
}

/// Red team: a second Host header naming another site is refused, whichever comes
/// first (a proxy in front may route by the other one).
#[test]
fn serve_refuses_two_host_headers() {
    let p = portal();
    let srv = serve(&p);
    let port = srv.addr.port();
    for hosts in [
        format!("Host: localhost:{port}\r\nHost: evil.example"),
        format!("Host: evil.example\r\nHost: localhost:{port}"),
    ] {
        let mut s = TcpStream::connect(srv.addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        write!(
            s,
            "GET /tzgg/tz1/ HTTP/1.1\r\n{hosts}\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut raw = String::new();
        let _ = s.read_to_string(&mut raw);
        assert!(!raw.contains("就业补贴申报"), "{hosts}: saw the page");
        assert!(
            raw.starts_with("HTTP/1.1 421") || raw.starts_with("HTTP/1.1 400"),
            "{hosts}: {raw}"
        );
    }
}
