//! HTTP for the preview: the site's pages from memory at the same URLs as in
//! production (under the base path of `站点地址`), the same 404 page with status 404,
//! and the preview's own script, style and event stream under `/__xxgk/`.
//!
//! Request paths never reach the file system: a page is found by its output path in
//! memory. Paths that try to leave the site anyway (`..`, `%2e%2e`, encoded slashes,
//! backslashes) are refused with 400 before any lookup.

use super::inject;
use super::pages::{Page, Pages};
use super::reload::{EVENTS_PATH, Reload, SCRIPT, SCRIPT_PATH, STYLE, STYLE_PATH};
use std::io::Cursor;
use std::net::SocketAddr;
use std::sync::Arc;
use tiny_http::{Header, Method, Request, Response, Server};

/// HTTP workers; event streams get a thread each on top.
const WORKERS: usize = 4;

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

/// A listening server; [`Http::spawn`] starts its workers.
pub struct Http {
    server: Arc<Server>,
    pub addr: SocketAddr,
}

impl Http {
    pub fn bind(addr: SocketAddr) -> Result<Http, String> {
        let server = Server::http(addr).map_err(|e| e.to_string())?;
        let addr = server.server_addr().to_ip().unwrap_or(addr);
        Ok(Http {
            server: Arc::new(server),
            addr,
        })
    }

    pub fn spawn(&self, pages: Arc<Pages>, reload: Arc<Reload>) {
        for _ in 0..WORKERS {
            let (server, pages, reload) = (self.server.clone(), pages.clone(), reload.clone());
            std::thread::spawn(move || {
                while let Ok(req) = server.recv() {
                    handle(req, &pages, &reload);
                }
            });
        }
    }
}

fn handle(req: Request, pages: &Pages, reload: &Arc<Reload>) {
    if !matches!(req.method(), Method::Get | Method::Head) {
        let _ = req.respond(text(405, "只支持 GET 和 HEAD 请求\n"));
        return;
    }
    let raw = req.url().to_string();
    let path = match decode_path(&raw) {
        Ok(p) => p,
        Err(why) => {
            let _ = req.respond(text(400, &format!("请求的路径不合法：{why}\n")));
            return;
        }
    };
    let shelf = pages.read();
    let target = target(&path, &shelf.base_path, |p| shelf.files.contains_key(p));
    let response = match target {
        Target::Events => {
            drop(shelf);
            let reload = reload.clone();
            // A stream lasts as long as the tab: it must not hold a worker.
            std::thread::spawn(move || {
                let mut out = req.into_writer();
                let _ = reload.stream(&mut out);
            });
            return;
        }
        Target::Script => bytes(
            200,
            SCRIPT.as_bytes().to_vec(),
            "text/javascript; charset=utf-8",
        ),
        Target::Style => bytes(200, STYLE.as_bytes().to_vec(), "text/css; charset=utf-8"),
        _ if !shelf.built => bytes(
            503,
            inject::error_page(&shelf.errors).into_bytes(),
            "text/html; charset=utf-8",
        ),
        Target::Redirect(to) => {
            let query = raw
                .split_once('?')
                .map(|(_, q)| format!("?{q}"))
                .unwrap_or_default();
            let mut r = text(302, "");
            if let Ok(h) = Header::from_bytes("Location", format!("{}{query}", encode_path(&to))) {
                r.add_header(h);
            }
            r
        }
        Target::File(path) => match shelf.files.get(&path).cloned() {
            Some(page) => {
                let errors = shelf.errors.clone();
                drop(shelf);
                return respond_page(req, 200, &path, page, &errors);
            }
            None => text(404, "页面不存在\n"),
        },
        Target::NotFound => match shelf.files.get("404.html").cloned() {
            Some(page) => {
                let errors = shelf.errors.clone();
                drop(shelf);
                return respond_page(req, 404, "404.html", page, &errors);
            }
            None => text(404, "页面不存在\n"),
        },
    };
    let _ = req.respond(response);
}

fn respond_page(
    req: Request,
    status: u16,
    path: &str,
    page: Page,
    errors: &[crate::diagnostics::Diagnostic],
) {
    let kind = content_type(path);
    let result = match page {
        Page::Bytes(b) if kind.starts_with("text/html") => {
            let html = inject::preview(&String::from_utf8_lossy(&b), errors);
            req.respond(bytes(status, html.into_bytes(), kind))
        }
        Page::Bytes(b) => req.respond(bytes(status, b.to_vec(), kind)),
        Page::Static(b) => req.respond(bytes(status, b.to_vec(), kind)),
        Page::File(p) => match std::fs::File::open(&p) {
            Ok(f) => req.respond(with_headers(
                Response::from_file(f).with_status_code(status),
                kind,
            )),
            // Removed since the last rebuild: the next one takes the link away.
            Err(_) => req.respond(text(404, "文件不存在\n")),
        },
    };
    let _ = result;
}

fn bytes(status: u16, body: Vec<u8>, kind: &str) -> Response<Cursor<Vec<u8>>> {
    with_headers(Response::from_data(body).with_status_code(status), kind)
}

fn text(status: u16, body: &str) -> Response<Cursor<Vec<u8>>> {
    bytes(
        status,
        body.as_bytes().to_vec(),
        "text/plain; charset=utf-8",
    )
}

fn with_headers<R: std::io::Read>(mut r: Response<R>, kind: &str) -> Response<R> {
    for (k, v) in [("Content-Type", kind), ("Cache-Control", "no-store")] {
        if let Ok(h) = Header::from_bytes(k, v) {
            r.add_header(h);
        }
    }
    r
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
        let index = format!("{rel}index.html");
        return if exists(&index) {
            Target::File(index)
        } else {
            Target::NotFound
        };
    }
    if exists(rel) {
        Target::File(rel.to_string())
    } else if exists(&format!("{rel}/index.html")) {
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
    fn media_types() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("feed.xml"), "application/xml; charset=utf-8");
        assert_eq!(content_type("a/若干措施.PDF"), "application/pdf");
        assert_eq!(content_type("a/b"), "application/octet-stream");
    }
}
