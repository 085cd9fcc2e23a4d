//! Routes: the one table of every page and file type the generator writes — its URL
//! pattern (root-relative, without the base path), its output file, whether the
//! sitemap lists it and whether every page links it (header, nav or footer of
//! `base.html`). Render, the sitemap, the link check, search, serve and the plan
//! ledger take their paths from here, and the top-level segments a column may not
//! take are derived from it.
//!
//! A leaf module: it imports nothing of the crate, so the model may build its
//! document and column routes from it without a cycle.
//!
//! Patterns: `{column}` is one or more segments that name a column (`fdzdgknr/zcwj`);
//! `{rest}` one or more segments; any other `{name}` exactly one segment (`{n}` and
//! `{year}` digits only, `{file}` never `index.html`, which only a page is).

/// A page or file type of the built site. The order is the order of [`TABLE`], which
/// is the order of the sitemap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Page {
    Home,
    /// Page 1 of a column's list.
    Column,
    /// Page `n` ≥ 2 of a column's list; page 1 is a redirect to the column.
    ColumnPage,
    /// 现行有效行政规范性文件目录.
    CurrentNormative,
    /// 依申请公开文件目录: also where the search sends a directory row.
    OnRequest,
    Search,
    /// The search's `meta.json`, read first by the browser.
    SearchMeta,
    /// The search shards, in a folder named after the index's fingerprint.
    SearchShards,
    NotFound,
    Sitemap,
    Feed,
    /// Theme assets.
    Static,
    /// 任务台账: the years that have work plans.
    LedgerIndex,
    LedgerYear,
    /// One 责任单位's tasks of one year.
    LedgerUnit,
    Document,
    /// A file copied beside its document's page.
    Attachment,
    /// Marks a folder as xxgk output, which the next build may replace.
    Marker,
}

pub struct Route {
    pub page: Page,
    /// Root-relative URL pattern: `xxyxgfxwj/`, `{column}/{slug}/`.
    pub url: &'static str,
    /// Output file pattern, relative to the output folder.
    pub file: &'static str,
    pub sitemap: bool,
    /// Linked from every page (header, nav or footer).
    pub nav: bool,
}

const fn route(
    page: Page,
    url: &'static str,
    file: &'static str,
    sitemap: bool,
    nav: bool,
) -> Route {
    Route {
        page,
        url,
        file,
        sitemap,
        nav,
    }
}

/// The file a page URL is served from: `X/` is `X/index.html`.
pub const INDEX_FILE: &str = "index.html";

/// Segment of a column list's later pages: `{column}/page/{n}/`.
pub const PAGE_SEGMENT: &str = "page";

pub const TABLE: &[Route] = &[
    route(Page::Home, "", "index.html", true, true),
    route(Page::Column, "{column}/", "{column}/index.html", true, true),
    route(
        Page::ColumnPage,
        "{column}/page/{n}/",
        "{column}/page/{n}/index.html",
        false,
        false,
    ),
    route(
        Page::CurrentNormative,
        "xxyxgfxwj/",
        "xxyxgfxwj/index.html",
        true,
        true,
    ),
    route(
        Page::OnRequest,
        "ysqgkml/",
        "ysqgkml/index.html",
        true,
        true,
    ),
    route(Page::Search, "search/", "search/index.html", true, true),
    route(
        Page::SearchMeta,
        "search/meta.json",
        "search/meta.json",
        false,
        false,
    ),
    route(
        Page::SearchShards,
        "search/{index}/{rest}",
        "search/{index}/{rest}",
        false,
        false,
    ),
    route(Page::NotFound, "404.html", "404.html", false, false),
    route(Page::Sitemap, "sitemap.xml", "sitemap.xml", false, false),
    route(Page::Feed, "feed.xml", "feed.xml", false, true),
    route(Page::Static, "static/{rest}", "static/{rest}", false, false),
    // 任务台账 (rènwù táizhàng).
    route(Page::LedgerIndex, "rwtz/", "rwtz/index.html", true, true),
    route(
        Page::LedgerYear,
        "rwtz/{year}/",
        "rwtz/{year}/index.html",
        true,
        false,
    ),
    route(
        Page::LedgerUnit,
        "rwtz/{year}/{unit}/",
        "rwtz/{year}/{unit}/index.html",
        true,
        false,
    ),
    route(
        Page::Document,
        "{column}/{slug}/",
        "{column}/{slug}/index.html",
        true,
        false,
    ),
    route(
        Page::Attachment,
        "{column}/{slug}/{file}",
        "{column}/{slug}/{file}",
        false,
        false,
    ),
    route(Page::Marker, ".xxgk-site", ".xxgk-site", false, false),
];

/// Below the output folder, where the search data is exported (beside its page);
/// the first segment of [`Page::SearchMeta`] (checked by a test).
pub const SEARCH_DIR: &str = "search";
/// Where theme assets are published; the first segment of [`Page::Static`].
pub const STATIC_DIR: &str = "static";
/// See [`Page::Marker`].
pub const MARKER: &str = Page::Marker.route().file;

impl Page {
    pub const fn route(self) -> &'static Route {
        &TABLE[self as usize]
    }

    /// The URL of one page: the pattern's placeholders filled with `args` in order.
    pub fn url(self, args: &[&str]) -> String {
        fill(self.route().url, args)
    }

    /// The output file of one page.
    pub fn file(self, args: &[&str]) -> String {
        fill(self.route().file, args)
    }
}

fn fill(pattern: &str, args: &[&str]) -> String {
    let mut out =
        String::with_capacity(pattern.len() + args.iter().map(|a| a.len()).sum::<usize>());
    let mut args = args.iter();
    let mut rest = pattern;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let close = rest[open..].find('}').map_or(rest.len(), |c| open + c + 1);
        out.push_str(args.next().copied().unwrap_or_default());
        rest = &rest[close..];
    }
    out.push_str(rest);
    debug_assert!(args.next().is_none(), "too many arguments for {pattern}");
    out
}

/// Top-level segments a column folder may not take: the first segment of every
/// route that begins with a literal, and the list pagination segment, kept free at
/// the root so the home list may paginate like a column.
pub fn reserved_segments() -> impl Iterator<Item = &'static str> {
    TABLE
        .iter()
        .map(|r| r.file.split('/').next().unwrap_or(""))
        .filter(|s| !s.starts_with('{'))
        .chain([PAGE_SEGMENT])
}

pub fn is_reserved(segment: &str) -> bool {
    reserved_segments().any(|s| s == segment)
}

/// The pages whose file pattern `path` matches; `is_column` says whether a
/// `/`-separated path names a column. A file the generator writes matches exactly one.
pub fn pages_of_file(path: &str, is_column: &dyn Fn(&str) -> bool) -> Vec<Page> {
    let segs: Vec<&str> = path.split('/').collect();
    TABLE
        .iter()
        .filter(|r| {
            let pat: Vec<&str> = r.file.split('/').collect();
            matches(&pat, &segs, is_column)
        })
        .map(|r| r.page)
        .collect()
}

fn matches(pat: &[&str], segs: &[&str], is_column: &dyn Fn(&str) -> bool) -> bool {
    let Some((p, pat_rest)) = pat.split_first() else {
        return segs.is_empty();
    };
    match *p {
        // A `{slug}` after a column names a document, never a sub-column.
        "{column}" => (1..=segs.len()).any(|n| {
            let slug_is_column = pat_rest.first() == Some(&"{slug}")
                && segs.len() > n
                && is_column(&segs[..=n].join("/"));
            is_column(&segs[..n].join("/"))
                && !slug_is_column
                && matches(pat_rest, &segs[n..], is_column)
        }),
        "{rest}" => pat_rest.is_empty() && !segs.is_empty() && segs.iter().all(|s| !s.is_empty()),
        _ => {
            let Some((s, segs_rest)) = segs.split_first() else {
                return false;
            };
            let ok = match *p {
                "{n}" | "{year}" => !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()),
                "{file}" => !s.is_empty() && *s != INDEX_FILE,
                p if p.starts_with('{') => !s.is_empty(),
                p => p == *s,
            };
            ok && matches(pat_rest, segs_rest, is_column)
        }
    }
}

// ---- links written as source files ----------------------------------------------
// Editors link one document to another by its source file (`../gfxwj/2026-lsjz.md#二`),
// the way their editor previews. What such a link names is decided here only: the
// loader turns it into the page's URL, the relations table into an edge, the link
// check into a verdict, and the preview into the documents to re-read when a file
// appears or goes. (They once decided it apart, and a percent-encoded link passed the
// check while the page kept the broken link.)

/// The folder of the portal's sources, below its root: a document's `source` starts with it.
pub const CONTENT_DIR: &str = "content";

/// A document's source path relative to `content/` (`zcwj/gfxwj/a.md`).
pub fn content_relative(source: &str) -> &str {
    source
        .strip_prefix(CONTENT_DIR)
        .and_then(|s| s.strip_prefix('/'))
        .unwrap_or(source)
}

/// The content-relative file a relative link in a body names, from the content-relative
/// folder of the document it is written in: percent-decoded, the query and fragment
/// dropped, `.` and `..` resolved, a leading `/` taken from `content/`. `None` when it
/// climbs out of `content/` or names nothing.
pub fn linked_source(from_dir: &str, written: &str) -> Option<String> {
    let path = written.split('#').next().unwrap_or(written);
    let path = path.split('?').next().unwrap_or(path);
    if path.is_empty() {
        return None;
    }
    join_rel(from_dir, &percent_decode(path)).filter(|s| !s.is_empty())
}

/// Joins a relative path onto a folder, resolving `.` and `..`; `None` if it climbs out.
/// A path starting with `/` starts from the root.
pub fn join_rel(dir: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = if rel.starts_with('/') {
        vec![]
    } else {
        dir.split('/').filter(|p| !p.is_empty()).collect()
    };
    for seg in rel.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

/// `%E9%80%9A` → `通`; a `%` not followed by two hex digits stays as written.
pub fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |x: u8| (x as char).to_digit(16);
        if b[i] == b'%'
            && i + 2 < b.len()
            && let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2]))
        {
            out.push((h * 16 + l) as u8);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_in_the_order_of_the_pages() {
        for (i, r) in TABLE.iter().enumerate() {
            assert_eq!(r.page as usize, i, "{:?}", r.page);
            assert_eq!(r.page.route().url, r.url);
        }
    }

    #[test]
    fn a_page_url_is_served_from_its_file() {
        for r in TABLE {
            let want = if r.url.is_empty() || r.url.ends_with('/') {
                format!("{}{INDEX_FILE}", r.url)
            } else {
                r.url.to_string()
            };
            assert_eq!(r.file, want, "{:?}", r.page);
        }
    }

    #[test]
    fn paths_fill_the_patterns() {
        assert_eq!(
            Page::Document.url(&["gkzn", "2026-gkzn"]),
            "gkzn/2026-gkzn/"
        );
        assert_eq!(
            Page::ColumnPage.file(&["fdzdgknr/zcwj", "3"]),
            "fdzdgknr/zcwj/page/3/index.html"
        );
        assert_eq!(Page::LedgerUnit.url(&["2026", "xzfb"]), "rwtz/2026/xzfb/");
        assert_eq!(Page::Home.file(&[]), "index.html");
        assert_eq!(MARKER, ".xxgk-site");
        for (dir, page) in [
            (STATIC_DIR, Page::Static),
            (SEARCH_DIR, Page::SearchMeta),
            (SEARCH_DIR, Page::SearchShards),
            (SEARCH_DIR, Page::Search),
        ] {
            assert_eq!(page.route().file.split('/').next(), Some(dir), "{page:?}");
        }
    }

    #[test]
    fn the_reserved_segments_are_those_of_the_table() {
        let mut r: Vec<_> = reserved_segments().collect();
        r.sort_unstable();
        r.dedup();
        assert_eq!(
            r,
            [
                ".xxgk-site",
                "404.html",
                "feed.xml",
                "index.html",
                "page",
                "rwtz",
                "search",
                "sitemap.xml",
                "static",
                "xxyxgfxwj",
                "ysqgkml"
            ]
        );
        assert!(is_reserved("ysqgkml") && !is_reserved("ysqgk") && !is_reserved(""));
    }

    #[test]
    fn each_file_matches_one_page() {
        let is_column = |p: &str| ["gkzn", "fdzdgknr", "fdzdgknr/zcwj"].contains(&p);
        let one = |path: &str| pages_of_file(path, &is_column);
        assert_eq!(one("index.html"), [Page::Home]);
        assert_eq!(one("fdzdgknr/zcwj/index.html"), [Page::Column]);
        assert_eq!(one("fdzdgknr/page/2/index.html"), [Page::ColumnPage]);
        assert_eq!(one("fdzdgknr/zcwj/2026-wj/index.html"), [Page::Document]);
        assert_eq!(one("gkzn/sqbtxsm/申请表.docx"), [Page::Attachment]);
        assert_eq!(one("search/index.html"), [Page::Search]);
        assert_eq!(one("search/meta.json"), [Page::SearchMeta]);
        assert_eq!(one("search/i-c13d/t/1.bin"), [Page::SearchShards]);
        assert_eq!(one("static/css/xxgk.css"), [Page::Static]);
        assert_eq!(one("rwtz/2026/index.html"), [Page::LedgerYear]);
        assert_eq!(one("rwtz/2026/xzfb/index.html"), [Page::LedgerUnit]);
        assert_eq!(one(".xxgk-site"), [Page::Marker]);
        for stray in [
            "",
            "a/index.html",
            "gkzn/x/y/index.html",
            "rwtz/二〇/index.html",
            "static",
        ] {
            assert_eq!(one(stray), [], "{stray}");
        }
    }

    #[test]
    fn a_link_names_the_same_source_however_it_is_written() {
        let named = |w| linked_source("zcwj/zcjd", w);
        assert_eq!(named("../gfxwj/a.md").as_deref(), Some("zcwj/gfxwj/a.md"));
        assert_eq!(
            named("../gfxwj/a.md#二").as_deref(),
            Some("zcwj/gfxwj/a.md")
        );
        assert_eq!(named("./b.md?v=2").as_deref(), Some("zcwj/zcjd/b.md"));
        assert_eq!(
            named("../gfxwj/%E9%80%9A%E7%9F%A5.md").as_deref(),
            Some("zcwj/gfxwj/通知.md")
        );
        assert_eq!(named("/fdzdgknr/a.md").as_deref(), Some("fdzdgknr/a.md"));
        assert_eq!(named("../../../a.md"), None);
        assert_eq!(named("#二"), None);
        assert_eq!(percent_decode("100%"), "100%");
    }
}
