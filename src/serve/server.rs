//! HTTP for the preview: the site's pages from memory at the same URLs as in
//! production (under the base path of `站点地址`), the same 404 page with status 404,
//! and the preview's own script, style and event stream under `/__xxgk/`.
//!
//! Request paths never reach the file system: a page is found by its output path in
//! memory. Paths that try to leave the site anyway (`..`, `%2e%2e`, encoded slashes,
//! backslashes) are refused with 400 before any lookup.
//!
//! The preview shows drafts and errors, so it answers only the editor's browser and
//! costs bounded resources whatever a client sends: a request whose `Host` is a DNS
//! name other than `localhost` is refused (a DNS-rebinding page has one; an IP literal
//! cannot be rebound); connections are tasks on a runtime of [`WORKERS`] threads, at
//! most [`MAX_CONNECTIONS`] open, each sending its request head (at most [`MAX_HEAD`]
//! bytes) within [`HEAD_TIMEOUT`], idle keep-alive connections included; at most
//! [`MAX_STREAMS`] reload streams. tiny_http, used before, spawned a thread per
//! connection and read header lines without a limit.

use super::inject;
use super::pages::{Page, Pages};
use super::ranges::{self, Part};
use super::reload::{EVENTS_PATH, Reload, SCRIPT, SCRIPT_PATH, STYLE, STYLE_PATH};
use crate::routes::INDEX_FILE;
use http_body_util::{BodyExt, Full, StreamBody, combinators::BoxBody};
use hyper::body::{Bytes, Frame, Incoming};
use hyper::header::{self, HeaderValue};
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use std::convert::Infallible;
use std::net::{IpAddr, Ipv6Addr, SocketAddr, TcpListener};
use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncSeekExt};

/// Served, with status 404, for a path the site does not have.
const NOT_FOUND: &str = crate::routes::Page::NotFound.route().file;
/// Threads of the server's runtime; every connection is a task on them.
pub const WORKERS: usize = 2;
/// Connections open at once; further ones wait in the listen queue.
pub const MAX_CONNECTIONS: usize = 256;
/// Open reload streams (one per preview tab).
pub const MAX_STREAMS: usize = 32;
/// A request's head: request line and headers together.
pub const MAX_HEAD: usize = 16 * 1024;
const MAX_HEADERS: usize = 64;
/// Time to send a request head, counted from the connection or the previous answer.
pub const HEAD_TIMEOUT: Duration = Duration::from_secs(10);
/// A comment on every reload stream this often, so that a closed tab is noticed.
const KEEP_ALIVE: Duration = Duration::from_secs(15);
const FILE_CHUNK: usize = 64 * 1024;

/// Sent with every answer, as nginx sends them in production (README): one list,
/// kept with the pages' own policy in the renderer.
pub use crate::render::SECURITY_HEADERS;

type Body = BoxBody<Bytes, std::io::Error>;

/// Where a request path leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// An output file, by its path below the output folder.
    File(String),
    Script,
    Style,
    Events,
    /// Same page at its canonical URL (a folder without its trailing slash).
    Redirect(String),
    NotFound,
}

/// A listening server; [`Http::spawn`] starts serving.
pub struct Http {
    listener: Mutex<Option<TcpListener>>,
    pub addr: SocketAddr,
}

struct State {
    pages: Arc<Pages>,
    reload: Arc<Reload>,
    port: u16,
    streams: Arc<AtomicUsize>,
}

impl Http {
    pub fn bind(addr: SocketAddr) -> Result<Http, String> {
        let listener = TcpListener::bind(addr).map_err(|e| e.to_string())?;
        listener.set_nonblocking(true).map_err(|e| e.to_string())?;
        let addr = listener.local_addr().unwrap_or(addr);
        Ok(Http {
            listener: Mutex::new(Some(listener)),
            addr,
        })
    }

    /// Serves on a thread of its own (once; later calls do nothing).
    pub fn spawn(&self, pages: Arc<Pages>, reload: Arc<Reload>) {
        let Some(listener) = self
            .listener
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take()
        else {
            return;
        };
        let state = Arc::new(State {
            pages,
            reload,
            port: self.addr.port(),
            streams: Arc::new(AtomicUsize::new(0)),
        });
        std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(WORKERS)
                .max_blocking_threads(WORKERS)
                .enable_all()
                .build();
            match runtime {
                Ok(rt) => rt.block_on(accept(listener, state)),
                Err(e) => eprintln!("预览服务无法启动：{e}"),
            }
        });
    }
}

async fn accept(listener: TcpListener, state: Arc<State>) {
    let listener = match tokio::net::TcpListener::from_std(listener) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("预览服务无法启动：{e}");
            return;
        }
    };
    let slots = Arc::new(tokio::sync::Semaphore::new(MAX_CONNECTIONS));
    loop {
        let Ok(slot) = slots.clone().acquire_owned().await else {
            return;
        };
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            // Out of file descriptors, a connection reset before it was taken …
            Err(_) => {
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let state = state.clone();
        tokio::spawn(async move {
            let _slot = slot;
            let service = hyper::service::service_fn(move |req| {
                let state = state.clone();
                async move { Ok::<_, Infallible>(handle(req, &state).await) }
            });
            let _ = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(HEAD_TIMEOUT)
                .max_buf_size(MAX_HEAD)
                .max_headers(MAX_HEADERS)
                // Editors and tests read `Content-Type:` as nginx writes it.
                .title_case_headers(true)
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

async fn handle(req: Request<Incoming>, st: &State) -> Response<Body> {
    let host = req
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok());
    let authority = req.uri().authority().map(|a| a.as_str());
    // Two Host headers (RFC 9112 §3.2: answer 400) are refused whatever the first says:
    // a proxy in front may have read the other one.
    let single = req.headers().get_all(header::HOST).iter().count() == 1;
    let host_ok = single
        && host.is_some_and(|h| host_allowed(h, st.port))
        && authority.is_none_or(|a| host_allowed(a, st.port));
    if !host_ok {
        return text(
            421,
            &format!(
                "预览只接受以 localhost:{port} 或 IP 地址（如 127.0.0.1:{port}）访问，不接受其他域名（Host: {}）\n",
                host.unwrap_or("无"),
                port = st.port
            ),
        );
    }
    if !matches!(*req.method(), Method::GET | Method::HEAD) {
        return text(405, "只支持 GET 和 HEAD 请求\n");
    }
    let raw = req.uri().to_string();
    let path = match decode_path(&raw) {
        Ok(p) => p,
        Err(why) => return text(400, &format!("请求的路径不合法：{why}\n")),
    };
    let (page, status, path, errors) = {
        let shelf = st.pages.read();
        let target = target(&path, &shelf.base_path, |p| shelf.files.contains_key(p));
        match target {
            Target::Events => return events(st),
            Target::Script => {
                return bytes(200, SCRIPT.as_bytes(), "text/javascript; charset=utf-8");
            }
            Target::Style => return bytes(200, STYLE.as_bytes(), "text/css; charset=utf-8"),
            _ if !shelf.built => {
                return bytes(
                    503,
                    inject::error_page(&shelf.errors).into_bytes(),
                    "text/html; charset=utf-8",
                );
            }
            Target::Redirect(to) => {
                let query = raw
                    .split_once('?')
                    .map(|(_, q)| format!("?{q}"))
                    .unwrap_or_default();
                let mut r = text(302, "");
                if let Ok(v) = HeaderValue::from_str(&format!("{}{query}", encode_path(&to))) {
                    r.headers_mut().insert(header::LOCATION, v);
                }
                return r;
            }
            Target::File(path) => match shelf.files.get(&path).cloned() {
                Some(page) => (page, 200, path, shelf.errors.clone()),
                None => return text(404, "页面不存在\n"),
            },
            Target::NotFound => match shelf.files.get(NOT_FOUND).cloned() {
                Some(page) => (page, 404, NOT_FOUND.to_string(), shelf.errors.clone()),
                None => return text(404, "页面不存在\n"),
            },
        }
    };
    let kind = content_type(&path);
    // Ranges of the files a site serves as they are (the search packs), as nginx does.
    let range = req
        .headers()
        .get(header::RANGE)
        .and_then(|v| v.to_str().ok())
        .filter(|_| status == 200);
    match page {
        Page::Bytes(b) if kind.starts_with("text/html") => {
            let html = inject::preview(&String::from_utf8_lossy(&b), &errors);
            bytes(status, html.into_bytes(), kind)
        }
        Page::Bytes(b) => in_part(status, range, Bytes::from(b.to_vec()), kind),
        Page::Static(b) => in_part(status, range, Bytes::from_static(b), kind),
        Page::File(p) => match file(&p, range).await {
            Some(Ok((len, body, part))) => {
                let mut r = respond(if part.is_some() { 206 } else { status }, body, kind);
                let h = r.headers_mut();
                h.insert(header::CONTENT_LENGTH, len.into());
                if status == 200 {
                    h.insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
                }
                if let Some(v) = part.and_then(|v| HeaderValue::from_str(&v).ok()) {
                    h.insert(header::CONTENT_RANGE, v);
                }
                r
            }
            Some(Err(len)) => unsatisfiable(len),
            // Removed since the last rebuild: the next one takes the link away.
            None => text(404, "文件不存在\n"),
        },
    }
}

/// The whole of `data` or the part a `Range` header asks for (206, or 416).
fn in_part(status: u16, range: Option<&str>, data: Bytes, kind: &str) -> Response<Body> {
    if status != 200 {
        return bytes(status, data, kind);
    }
    let len = data.len() as u64;
    let mut r = match ranges::part(range, len) {
        Part::Whole => bytes(200, data, kind),
        Part::Range(first, last) => {
            let mut r = bytes(206, data.slice(first as usize..=last as usize), kind);
            if let Ok(v) = HeaderValue::from_str(&format!("bytes {first}-{last}/{len}")) {
                r.headers_mut().insert(header::CONTENT_RANGE, v);
            }
            r
        }
        Part::Unsatisfiable => return unsatisfiable(len),
    };
    r.headers_mut()
        .insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
    r
}

fn unsatisfiable(len: u64) -> Response<Body> {
    let mut r = text(416, "请求的范围超出文件\n");
    if let Ok(v) = HeaderValue::from_str(&format!("bytes */{len}")) {
        r.headers_mut().insert(header::CONTENT_RANGE, v);
    }
    r
}

/// A reload stream: `retry`, then a `reload` event after each change and a comment
/// every [`KEEP_ALIVE`], until the tab goes away.
fn events(st: &State) -> Response<Body> {
    if st.streams.fetch_add(1, Ordering::AcqRel) >= MAX_STREAMS {
        st.streams.fetch_sub(1, Ordering::AcqRel);
        return text(503, "打开的预览页面过多：请关闭一些标签页后刷新\n");
    }
    /// Gives the stream's place back when hyper drops the body (tab closed).
    struct Open(Arc<AtomicUsize>);
    impl Drop for Open {
        fn drop(&mut self) {
            self.0.fetch_sub(1, Ordering::AcqRel);
        }
    }
    let open = Open(st.streams.clone());
    let rx = st.reload.subscribe();
    let stream =
        futures_util::stream::unfold((rx, open, true), |(mut rx, open, first)| async move {
            let chunk = if first {
                "retry: 1000\n\n".to_string()
            } else {
                match tokio::time::timeout(KEEP_ALIVE, rx.changed()).await {
                    Ok(Ok(())) => format!("event: reload\ndata: {}\n\n", *rx.borrow_and_update()),
                    Ok(Err(_)) => return None,
                    Err(_) => ": keep-alive\n\n".to_string(),
                }
            };
            let frame: Result<Frame<Bytes>, std::io::Error> = Ok(Frame::data(Bytes::from(chunk)));
            Some((frame, (rx, open, false)))
        });
    let mut r = respond(
        200,
        BodyExt::boxed(StreamBody::new(stream)),
        "text/event-stream; charset=utf-8",
    );
    r.headers_mut()
        .insert("X-Accel-Buffering", HeaderValue::from_static("no"));
    r
}

/// A file's length and its bytes as a stream of chunks (an attachment is not read
/// into memory whole), or the part a `Range` header asks for with its
/// `Content-Range`; Err(file length) when the range lies outside it.
async fn file(
    path: &std::path::Path,
    range: Option<&str>,
) -> Option<Result<(u64, Body, Option<String>), u64>> {
    let mut f = tokio::fs::File::open(path).await.ok()?;
    let size = f.metadata().await.ok()?.len();
    let (len, content_range) = match ranges::part(range, size) {
        Part::Whole => (size, None),
        Part::Range(first, last) => {
            f.seek(std::io::SeekFrom::Start(first)).await.ok()?;
            (
                last - first + 1,
                Some(format!("bytes {first}-{last}/{size}")),
            )
        }
        Part::Unsatisfiable => return Some(Err(size)),
    };
    let chunks = futures_util::stream::unfold((f, len), |(mut f, left)| async move {
        if left == 0 {
            return None;
        }
        let mut buf = vec![0; FILE_CHUNK.min(left as usize)];
        match f.read(&mut buf).await {
            // Shorter than when it was measured: end here rather than send a wrong length.
            Ok(0) => None,
            Ok(n) => {
                buf.truncate(n);
                let frame = Ok(Frame::data(Bytes::from(buf)));
                Some((frame, (f, left - n as u64)))
            }
            Err(e) => Some((Err(e), (f, 0))),
        }
    });
    Some(Ok((
        len,
        BodyExt::boxed(StreamBody::new(chunks)),
        content_range,
    )))
}

/// Whether a `Host` header (or a request's authority) names this preview: `localhost`
/// or an IP literal, at the port it listens on. Any other name is refused: a page
/// that rebinds its own DNS name to 127.0.0.1 still sends that name.
pub fn host_allowed(host: &str, port: u16) -> bool {
    let (name, given) = if let Some(rest) = host.strip_prefix('[') {
        let Some((v6, after)) = rest.split_once(']') else {
            return false;
        };
        if v6.parse::<Ipv6Addr>().is_err() {
            return false;
        }
        match after {
            "" => (v6, None),
            _ => match after.strip_prefix(':') {
                Some(p) => (v6, Some(p)),
                None => return false,
            },
        }
    } else {
        match host.split_once(':') {
            Some((name, p)) => (name, Some(p)),
            None => (host, None),
        }
    };
    let port_ok = match given {
        Some(p) => p.parse::<u16>() == Ok(port),
        None => port == 80,
    };
    let name_ok = name.eq_ignore_ascii_case("localhost")
        || name.parse::<IpAddr>().is_ok()
        || (host.starts_with('[') && name.parse::<Ipv6Addr>().is_ok());
    port_ok && name_ok
}

fn respond(status: u16, body: Body, kind: &str) -> Response<Body> {
    let mut r = Response::new(body);
    *r.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let h = r.headers_mut();
    for (k, v) in [("Content-Type", kind), ("Cache-Control", "no-store")]
        .iter()
        .chain(SECURITY_HEADERS)
    {
        if let (Ok(k), Ok(v)) = (
            header::HeaderName::from_bytes(k.as_bytes()),
            HeaderValue::from_str(v),
        ) {
            h.insert(k, v);
        }
    }
    r
}

fn bytes(status: u16, body: impl Into<Bytes>, kind: &str) -> Response<Body> {
    let body = Full::new(body.into()).map_err(|never: Infallible| match never {});
    respond(status, BodyExt::boxed(body), kind)
}

fn text(status: u16, body: &str) -> Response<Body> {
    bytes(
        status,
        body.as_bytes().to_vec(),
        "text/plain; charset=utf-8",
    )
}

/// The request target's path, percent-decoded, or why it is refused.
pub fn decode_path(raw: &str) -> Result<String, &'static str> {
    // Absolute form (`GET http://host/path`), as proxies send it.
    let raw = match raw.split_once("://") {
        Some((scheme, rest)) if !scheme.contains('/') => {
            rest.find('/').map(|i| &rest[i..]).unwrap_or("/")
        }
        _ => raw,
    };
    let raw = raw.split(['?', '#']).next().unwrap_or("");
    if !raw.starts_with('/') {
        return Err("路径应以 / 开头");
    }
    let mut bytes = Vec::with_capacity(raw.len());
    let mut it = raw.bytes();
    while let Some(b) = it.next() {
        if b != b'%' {
            bytes.push(b);
            continue;
        }
        let hex = |c: Option<u8>| c.and_then(|c| (c as char).to_digit(16));
        let (Some(h), Some(l)) = (hex(it.next()), hex(it.next())) else {
            return Err("百分号编码不完整");
        };
        let b = (h * 16 + l) as u8;
        if matches!(b, b'/' | b'\\') {
            return Err("路径中有编码过的斜杠");
        }
        bytes.push(b);
    }
    let path = String::from_utf8(bytes).map_err(|_| "路径不是 UTF-8")?;
    if path.contains('\\') {
        return Err("路径中有反斜杠");
    }
    if path.chars().any(char::is_control) {
        return Err("路径中有控制字符");
    }
    if path.split('/').any(|seg| seg == ".." || seg == ".") {
        return Err("路径中有 . 或 ..");
    }
    Ok(path)
}

/// Resolves a decoded path against the site, as nginx's `try_files $uri $uri/ =404` would.
pub fn target(path: &str, base_path: &str, exists: impl Fn(&str) -> bool) -> Target {
    match path {
        SCRIPT_PATH => return Target::Script,
        STYLE_PATH => return Target::Style,
        EVENTS_PATH => return Target::Events,
        _ => {}
    }
    let Some(rel) = path.strip_prefix(base_path) else {
        // The site lives under a base path (`/xxgk/`): its root and the path without
        // the slash lead there.
        return if path == "/" || format!("{path}/") == base_path {
            Target::Redirect(base_path.to_string())
        } else {
            Target::NotFound
        };
    };
    if rel.is_empty() || rel.ends_with('/') {
        let index = format!("{rel}{INDEX_FILE}");
        return if exists(&index) {
            Target::File(index)
        } else {
            Target::NotFound
        };
    }
    if exists(rel) {
        Target::File(rel.to_string())
    } else if exists(&format!("{rel}/{INDEX_FILE}")) {
        Target::Redirect(format!("{path}/"))
    } else {
        Target::NotFound
    }
}

/// Percent-encodes a path for a header (Chinese file names).
fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The media type of an output file, by extension.
pub fn content_type(path: &str) -> &'static str {
    let ext = path
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "pdf" => "application/pdf",
        "ofd" => "application/ofd",
        "doc" => "application/msword",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xls" | "et" => "application/vnd.ms-excel",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "ppt" => "application/vnd.ms-powerpoint",
        "pptx" => "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "wps" => "application/vnd.ms-works",
        "zip" => "application/zip",
        "mp4" => "video/mp4",
        "mp3" => "audio/mpeg",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_decoded() {
        assert_eq!(decode_path("/gkzn/").unwrap(), "/gkzn/");
        assert_eq!(
            decode_path("/search/?q=%E5%B0%B1%E4%B8%9A").unwrap(),
            "/search/"
        );
        assert_eq!(
            decode_path("/gkzn/%E6%8C%87%E5%8D%97/").unwrap(),
            "/gkzn/指南/"
        );
        assert_eq!(
            decode_path("http://127.0.0.1:1111/feed.xml").unwrap(),
            "/feed.xml"
        );
    }

    #[test]
    fn paths_leaving_the_site_are_refused() {
        for raw in [
            "/../xxgk.yaml",
            "/static/../../xxgk.yaml",
            "/%2e%2e/xxgk.yaml",
            "/%2E%2E/%2E%2E/etc/passwd",
            "/static/%2e%2e%2fxxgk.yaml",
            "/..%2fxxgk.yaml",
            "/..%5cxxgk.yaml",
            "/static\\..\\xxgk.yaml",
            "/./xxgk.yaml",
            "/a%00.html",
            "/%zz",
            "/%e4%b8",   // cut in the middle of a character
            "xxgk.yaml", // not absolute
            "*",
        ] {
            assert!(decode_path(raw).is_err(), "{raw} accepted");
        }
        // Twice-encoded dots are a name, not a step up: looked up, not found.
        let p = decode_path("/%252e%252e/xxgk.yaml").unwrap();
        assert_eq!(target(&p, "/", |_| false), Target::NotFound);
    }

    #[test]
    fn targets_follow_the_production_urls() {
        let files = [
            "index.html",
            "gkzn/index.html",
            "gkzn/zn/index.html",
            "gkzn/zn/指南.pdf",
            "404.html",
        ];
        let exists = |p: &str| files.contains(&p);
        assert_eq!(target("/", "/", exists), Target::File("index.html".into()));
        assert_eq!(
            target("/gkzn/zn/", "/", exists),
            Target::File("gkzn/zn/index.html".into())
        );
        assert_eq!(
            target("/gkzn/zn", "/", exists),
            Target::Redirect("/gkzn/zn/".into())
        );
        assert_eq!(
            target("/gkzn/zn/指南.pdf", "/", exists),
            Target::File("gkzn/zn/指南.pdf".into())
        );
        assert_eq!(target("/zcwj/", "/", exists), Target::NotFound);
        assert_eq!(target("/__xxgk/events", "/", exists), Target::Events);
        // Under a base path, as `站点地址: https://www.example.gov.cn/xxgk/`.
        assert_eq!(
            target("/xxgk/gkzn/", "/xxgk/", exists),
            Target::File("gkzn/index.html".into())
        );
        assert_eq!(
            target("/xxgk", "/xxgk/", exists),
            Target::Redirect("/xxgk/".into())
        );
        assert_eq!(target("/gkzn/", "/xxgk/", exists), Target::NotFound);
        assert_eq!(
            target("/", "/xxgk/", exists),
            Target::Redirect("/xxgk/".into())
        );
        assert_eq!(encode_path("/gkzn/指南/"), "/gkzn/%E6%8C%87%E5%8D%97/");
    }

    #[test]
    fn only_localhost_and_ip_literals_at_our_port_are_answered() {
        for ok in [
            "localhost:1111",
            "LocalHost:1111",
            "127.0.0.1:1111",
            "192.168.1.20:1111",
            "[::1]:1111",
        ] {
            assert!(host_allowed(ok, 1111), "{ok} refused");
        }
        for bad in [
            "evil.example:1111",
            "evil.example",
            "localhost.evil.example:1111",
            "a.localhost:1111",
            "localhost.:1111",
            "127.0.0.1.nip.io:1111",
            "127.1:1111",
            "localhost:2222",
            "localhost",
            "127.0.0.1:1111:1111",
            "::1:1111",
            "[::1]1111",
            "[evil]:1111",
            "",
        ] {
            assert!(!host_allowed(bad, 1111), "{bad} accepted");
        }
        // Port 80 may be left out, as browsers do.
        assert!(host_allowed("localhost", 80) && host_allowed("[::1]", 80));
    }

    #[test]
    fn media_types() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("feed.xml"), "application/xml; charset=utf-8");
        assert_eq!(content_type("a/若干措施.PDF"), "application/pdf");
        assert_eq!(content_type("a/b"), "application/octet-stream");
    }
}
