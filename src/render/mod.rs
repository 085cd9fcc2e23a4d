//! Render: one parallel pass of render jobs over the portal model. Each job turns
//! part of the model into output files; nothing is written to disk here.

mod chart;
mod feed;
pub mod kinds;
pub mod minify;
mod sitemap;
pub mod theme;
pub mod view;

use crate::diagnostics::Diagnostic;
use crate::listing;
use crate::model::{ColumnId, DocId, Portal};
use crate::publication::Publication;
use crate::routes::Page;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::HashSet;
use std::path::PathBuf;
use tera::Context;
pub use theme::{Asset, Theme, ThemeError};
use view::Urls;

/// The text of the marker file (`routes::MARKER`) that tells `output::check_out` a
/// folder is a build's output.
pub const MARKER_TEXT: &str = "此目录由 xxgk 生成，每次生成时整体替换；请勿在此存放其他文件。\n";

pub use crate::listing::ON_REQUEST_COLUMN;

/// The Content-Security-Policy of every page, as the `<meta>` of `base.html` gives it
/// (a test holds the template to it): scripts, styles and images only from the site.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'";

/// The same policy as an HTTP header, with what a `<meta>` cannot say: no framing by
/// other sites. The README's nginx block and `xxgk serve` send it with
/// [`SECURITY_HEADERS`].
pub const CONTENT_SECURITY_POLICY_HEADER: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'";

/// Headers every response of the site should carry: the policy, no guessing of
/// content types (an attachment `.txt` must never run as a script), and no full
/// URLs (with their queries) leaked to other sites.
pub const SECURITY_HEADERS: &[(&str, &str)] = &[
    ("Content-Security-Policy", CONTENT_SECURITY_POLICY_HEADER),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "strict-origin-when-cross-origin"),
];

/// A file of the built site, relative to the output folder.
#[derive(Debug)]
pub struct OutFile {
    pub path: String,
    pub content: Content,
}

#[derive(Debug)]
pub enum Content {
    Bytes(Vec<u8>),
    /// Copied from disk (attachments, portal assets).
    Copy(PathBuf),
    Static(&'static [u8]),
}

/// One unit of rendering work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Job {
    Home,
    /// Every page of one column's list.
    Column(ColumnId),
    Document(DocId),
    CurrentNormative,
    OnRequestDirectory,
    Search,
    NotFound,
    Sitemap,
    Feed,
    Assets,
    /// `/rwtz/`: the years that have work plans.
    LedgerIndex,
    /// `/rwtz/<year>/` and the page of each 责任单位 of that year.
    Ledger(i32),
}

/// Every job of a full build, in a stable order.
pub fn jobs(portal: &Portal) -> Vec<Job> {
    let mut jobs = vec![
        Job::Home,
        Job::CurrentNormative,
        Job::OnRequestDirectory,
        Job::Search,
        Job::NotFound,
        Job::Sitemap,
        Job::Feed,
        Job::Assets,
    ];
    jobs.extend(portal.columns.iter().map(|c| Job::Column(c.id)));
    let publication = crate::publication::Publication::of(portal);
    jobs.extend(publication.pages.iter().map(|id| Job::Document(*id)));
    jobs.push(Job::LedgerIndex);
    jobs.extend(
        crate::model::kinds::plan::ledger::years(portal)
            .into_iter()
            .map(Job::Ledger),
    );
    jobs
}

/// Runs the jobs in parallel; `tick` is called once per finished job (progress bar).
pub fn render(
    portal: &Portal,
    theme: &Theme,
    jobs: &[Job],
    tick: &(dyn Fn() + Sync),
) -> Result<Vec<OutFile>, Vec<Diagnostic>> {
    let renderer = Renderer::new(portal, theme);
    let results: Vec<Result<Vec<OutFile>, Diagnostic>> = jobs
        .par_iter()
        .map(|job| {
            let r = renderer.run(*job);
            tick();
            r
        })
        .collect();
    let mut files = vec![];
    let mut errors = vec![];
    for r in results {
        match r {
            Ok(f) => files.extend(f),
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() {
        Ok(files)
    } else {
        errors.dedup();
        Err(errors)
    }
}

pub struct Renderer<'a> {
    portal: &'a Portal,
    theme: &'a Theme,
    urls: Urls<'a>,
    site: tera::Value,
    publication: Publication,
    /// Every file a job may copy from disk: the publication's files and the theme's.
    copyable: HashSet<PathBuf>,
}

impl<'a> Renderer<'a> {
    pub fn new(portal: &'a Portal, theme: &'a Theme) -> Self {
        let urls = Urls::new(portal);
        let site = tera::to_value(view::site(portal, &urls)).unwrap_or_default();
        let publication = Publication::of(portal);
        let copyable = publication
            .files()
            .map(|f| f.source.clone())
            .chain(theme.assets.values().filter_map(|a| match a {
                Asset::File(p) => Some(p.clone()),
                Asset::Embedded(_) => None,
            }))
            .collect();
        Renderer {
            portal,
            theme,
            urls,
            site,
            publication,
            copyable,
        }
    }

    /// The publication set this renderer publishes from.
    pub fn publication(&self) -> &Publication {
        &self.publication
    }

    fn context(&self) -> Context {
        let mut ctx = Context::new();
        ctx.insert("site", &self.site);
        ctx.insert("base_path", &self.urls.base);
        ctx
    }

    fn page(&self, template: &str, ctx: &Context, path: String) -> Result<OutFile, Diagnostic> {
        let html = self
            .theme
            .tera
            .render(template, ctx)
            .map_err(|e| template_error(template, &e))?;
        Ok(OutFile {
            path,
            content: Content::Bytes(html.into_bytes()),
        })
    }

    /// Runs one job. Whatever it produced, a page for a document outside the
    /// publication set or a copy of a file outside it fails the job: no code path can
    /// publish around the set.
    pub fn run(&self, job: Job) -> Result<Vec<OutFile>, Diagnostic> {
        if let Job::Document(id) = job
            && self.publication.pages.binary_search(&id).is_err()
        {
            return Err(outside_publication(&self.portal.doc(id).source));
        }
        let files = self.run_job(job)?;
        for f in &files {
            if let Content::Copy(src) = &f.content
                && !self.copyable.contains(src)
            {
                return Err(outside_publication(&crate::diagnostics::display_path(
                    &self.portal.root,
                    src,
                )));
            }
        }
        Ok(files)
    }

    fn run_job(&self, job: Job) -> Result<Vec<OutFile>, Diagnostic> {
        let p = self.portal;
        let urls = &self.urls;
        match job {
            Job::Home => {
                let mut ctx = self.context();
                let pinned: Vec<_> = listing::pinned_guides(p)
                    .into_iter()
                    .map(|id| view::summary(p, urls, p.doc(id)))
                    .collect();
                let latest: Vec<_> = listing::latest(p, 12)
                    .into_iter()
                    .map(|id| view::summary(p, urls, p.doc(id)))
                    .collect();
                ctx.insert("pinned", &pinned);
                ctx.insert("latest", &latest);
                ctx.insert("intro_html", &p.home_intro);
                ctx.insert("page_title", &p.config.name);
                Ok(vec![self.page("index.html", &ctx, Page::Home.file(&[]))?])
            }
            Job::Column(col) => self.column(col),
            Job::Document(id) => {
                let d = p.doc(id);
                let mut ctx = self.context();
                ctx.insert("doc", &view::document(p, urls, d));
                ctx.insert("crumbs", &view::crumbs(p, urls, d.column));
                ctx.insert("column_meta", &view::column_meta(p, d.column));
                ctx.insert("article_meta", &view::article_meta(p, d));
                ctx.insert("page_title", &d.title);
                let template = match &d.data {
                    Some(s) => {
                        let (template, data) = kinds::view(p, urls, d, s);
                        ctx.insert("data", &data);
                        template
                    }
                    None => "document.html",
                };
                let file = Page::Document.file(&[&p.column(d.column).path, &d.slug]);
                let mut out = vec![self.page(template, &ctx, file)?];
                for f in self.publication.files_of(id) {
                    out.push(OutFile {
                        path: f.out.clone(),
                        content: Content::Copy(f.source.clone()),
                    });
                }
                Ok(out)
            }
            Job::CurrentNormative => {
                let rows: Vec<_> = listing::current_normative(p)
                    .into_iter()
                    .map(|id| {
                        let d = p.doc(id);
                        CurrentRow {
                            summary: view::summary(p, urls, d),
                            written_cn: d.written.map(crate::dates::chinese),
                            issuer: d.issuer.clone(),
                        }
                    })
                    .collect();
                let mut ctx = self.context();
                ctx.insert("rows", &rows);
                ctx.insert("page_title", "现行有效行政规范性文件目录");
                Ok(vec![self.page(
                    "directory_normative.html",
                    &ctx,
                    Page::CurrentNormative.file(&[]),
                )?])
            }
            Job::OnRequestDirectory => {
                let rows: Vec<_> = listing::on_request_directory(p)
                    .into_iter()
                    .map(|id| view::directory_row(p.doc(id)))
                    .collect();
                let mut ctx = self.context();
                ctx.insert("rows", &rows);
                ctx.insert("page_title", "依申请公开文件目录");
                // The page points to the 依申请公开 column for how to apply — only when
                // the portal has one: a link to a column never made would be dead.
                let guide = p.columns.iter().find(|c| c.path == ON_REQUEST_COLUMN);
                ctx.insert("on_request_url", &guide.map(|c| urls.column(c.id)));
                Ok(vec![self.page(
                    "directory_on_request.html",
                    &ctx,
                    Page::OnRequest.file(&[]),
                )?])
            }
            Job::Search => {
                let mut ctx = self.context();
                ctx.insert("page_title", "搜索");
                // Each 热词 a link that runs its search: (word, encoded query).
                let hot: Vec<serde_json::Value> = self
                    .portal
                    .config
                    .hot_words
                    .iter()
                    .map(|w| {
                        let q = percent_encoding::utf8_percent_encode(
                            w,
                            percent_encoding::NON_ALPHANUMERIC,
                        );
                        serde_json::json!({ "word": w, "q": q.to_string() })
                    })
                    .collect();
                ctx.insert("hot_words", &hot);
                Ok(vec![self.page(
                    "search.html",
                    &ctx,
                    Page::Search.file(&[]),
                )?])
            }
            Job::NotFound => {
                let mut ctx = self.context();
                ctx.insert("page_title", "页面不存在");
                Ok(vec![
                    self.page("404.html", &ctx, Page::NotFound.file(&[]))?,
                    // Marks the folder as xxgk output, which the next build may replace.
                    OutFile {
                        path: Page::Marker.file(&[]),
                        content: Content::Static(MARKER_TEXT.as_bytes()),
                    },
                ])
            }
            Job::Sitemap => Ok(vec![OutFile {
                path: Page::Sitemap.file(&[]),
                content: Content::Bytes(sitemap::render(p, &self.publication).into_bytes()),
            }]),
            Job::Feed => Ok(vec![OutFile {
                path: Page::Feed.file(&[]),
                content: Content::Bytes(feed::render(p, &self.publication).into_bytes()),
            }]),
            Job::LedgerIndex => self.ledger_index(),
            Job::Ledger(year) => self.ledger_year(year),
            Job::Assets => self
                .theme
                .assets
                .iter()
                .map(|(name, asset)| self.asset(name, asset))
                .collect(),
        }
    }

    /// A theme asset as published: scripts minified, everything else as it is.
    fn asset(&self, name: &str, asset: &Asset) -> Result<OutFile, Diagnostic> {
        let path = Page::Static.file(&[name]);
        let (label, source) = match asset {
            _ if !minify::is_script(name) => {
                let content = match asset {
                    Asset::Embedded(b) => Content::Static(b),
                    Asset::File(file) => Content::Copy(file.clone()),
                };
                return Ok(OutFile { path, content });
            }
            Asset::Embedded(b) => (
                format!("(built-in theme)/static/{name}"),
                String::from_utf8_lossy(b).into_owned(),
            ),
            Asset::File(file) => {
                let label = crate::diagnostics::display_path(&self.portal.root, file);
                let text = std::fs::read_to_string(file).map_err(|e| {
                    Diagnostic::error("asset", label.clone(), 0, format!("无法读取脚本：{e}"))
                        .hint("主题脚本须为可读的 UTF-8 文本文件")
                })?;
                (label, text)
            }
        };
        let code = minify::minify_js(&source).map_err(|e| {
            Diagnostic::error(
                "script-syntax",
                label,
                e.line,
                format!("JavaScript 语法错误：{}", e.message),
            )
            .hint("浏览器会在同一处报错，页面脚本将无法运行；请修正该行后重新生成")
        })?;
        Ok(OutFile {
            path,
            content: Content::Bytes(code.into_bytes()),
        })
    }

    fn column(&self, col: ColumnId) -> Result<Vec<OutFile>, Diagnostic> {
        self.column_pages(col, None)
    }

    /// The pages of a column's list: every one, or only those numbered in `only`
    /// (1-based) — the live preview re-renders just the page an edited title is on.
    pub fn column_pages(
        &self,
        col: ColumnId,
        only: Option<&[usize]>,
    ) -> Result<Vec<OutFile>, Diagnostic> {
        let p = self.portal;
        let urls = &self.urls;
        let c = p.column(col);
        let docs = listing::column_documents(p, col);
        let pages = listing::paginate(&docs, p.config.page_size);
        let total = pages.len();
        let children: Vec<ChildColumn> = c
            .children
            .iter()
            .map(|k| ChildColumn {
                title: p.column(*k).title.clone(),
                url: urls.column(*k),
                description: p.column(*k).description.clone(),
                count: listing::column_documents(p, *k).len(),
            })
            .collect();
        let crumbs = view::crumbs(p, urls, col);
        let column_meta = view::column_meta(p, col);
        let directory: Vec<_> = listing::column_directory(p, col)
            .into_iter()
            .map(|id| view::directory_row(p.doc(id)))
            .collect();
        let on_request_column = listing::is_on_request_column(p, col);
        let apply_url = p
            .columns
            .iter()
            .find(|c| c.path == ON_REQUEST_COLUMN && c.id != col)
            .map(|c| urls.column(c.id));
        let mut out = vec![];
        for (i, items) in pages.iter().enumerate() {
            let n = i + 1;
            if only.is_some_and(|o| !o.contains(&n)) {
                continue;
            }
            let mut ctx = self.context();
            let summaries: Vec<_> = items
                .iter()
                .map(|id| view::summary(p, urls, p.doc(*id)))
                .collect();
            ctx.insert(
                "column",
                &ColumnView {
                    title: c.title.clone(),
                    url: urls.column(col),
                    description: c.description.clone(),
                    intro_html: c.intro_html.clone(),
                    domain: c.domain,
                    total: docs.len(),
                },
            );
            ctx.insert("children", &children);
            ctx.insert("docs", &summaries);
            ctx.insert("crumbs", &crumbs);
            ctx.insert("column_meta", &column_meta);
            // Page 1 only: the directory is one table, not paginated with the list.
            let show_directory = n == 1 && (on_request_column || !directory.is_empty());
            ctx.insert("show_directory", &show_directory);
            ctx.insert("directory", &directory);
            ctx.insert("apply_url", &apply_url);
            ctx.insert("directory_url", &urls.route("ysqgkml/"));
            ctx.insert("pagination", &pagination(urls, col, n, total));
            ctx.insert(
                "page_title",
                &if n == 1 {
                    c.title.clone()
                } else {
                    format!("{}（第{n}页）", c.title)
                },
            );
            let path = if n == 1 {
                Page::Column.file(&[&c.path])
            } else {
                Page::ColumnPage.file(&[&c.path, &n.to_string()])
            };
            out.push(self.page("column.html", &ctx, path)?);
        }
        // /page/1/ is where a resident who edits the URL by hand lands: send them to page 1.
        if total > 1 && only.is_none() {
            let target = urls.column(col);
            let html = format!(
                "<!doctype html><html lang=\"zh-CN\"><meta charset=\"utf-8\"><title>{t}</title><meta http-equiv=\"refresh\" content=\"0; url={target}\"><link rel=\"canonical\" href=\"{target}\"><p><a href=\"{target}\">{t}</a></p></html>",
                t = theme::escape_html(&c.title)
            );
            out.push(OutFile {
                path: Page::ColumnPage.file(&[&c.path, "1"]),
                content: Content::Bytes(html.into_bytes()),
            });
        }
        Ok(out)
    }
}

#[derive(Serialize)]
struct CurrentRow {
    #[serde(flatten)]
    summary: view::DocSummary,
    written_cn: Option<String>,
    issuer: String,
}

#[derive(Serialize)]
struct ChildColumn {
    title: String,
    url: String,
    description: Option<String>,
    count: usize,
}

#[derive(Serialize)]
struct ColumnView {
    title: String,
    url: String,
    description: Option<String>,
    intro_html: String,
    domain: Option<&'static str>,
    total: usize,
}

#[derive(Serialize)]
struct PageLink {
    number: usize,
    url: String,
    current: bool,
}

#[derive(Serialize)]
struct Pagination {
    current: usize,
    total: usize,
    prev: Option<String>,
    next: Option<String>,
    pages: Vec<PageLink>,
}

fn pagination(urls: &Urls, col: ColumnId, current: usize, total: usize) -> Pagination {
    // Show first, last and a window around the current page.
    let pages = (1..=total)
        .filter(|n| *n == 1 || *n == total || n.abs_diff(current) <= 2)
        .map(|n| PageLink {
            number: n,
            url: urls.column_page(col, n),
            current: n == current,
        })
        .collect();
    Pagination {
        current,
        total,
        prev: (current > 1).then(|| urls.column_page(col, current - 1)),
        next: (current < total).then(|| urls.column_page(col, current + 1)),
        pages,
    }
}

/// A render job that would publish outside the publication set: a bug, never content.
fn outside_publication(what: &str) -> Diagnostic {
    Diagnostic::error(
        "publication",
        what,
        0,
        "内部错误：试图发布不在发布清单中的内容，已拒绝",
    )
    .hint("这是 xxgk 的缺陷，请报告；网站未生成，原输出目录保持不变")
}

fn template_error(template: &str, e: &tera::Error) -> Diagnostic {
    let mut msg = e.to_string();
    let mut src = std::error::Error::source(e);
    while let Some(s) = src {
        msg.push_str(": ");
        msg.push_str(&s.to_string());
        src = s.source();
    }
    Diagnostic::error(
        "template",
        format!("templates/{template}"),
        0,
        format!("模板渲染失败：{msg}"),
    )
}

#[cfg(test)]
mod tests {

    #[test]
    fn the_pages_meta_the_header_and_the_readme_share_one_policy() {
        let base = include_str!("../../themes/default/templates/base.html");
        assert!(base.contains(&format!(
            "<meta http-equiv=\"Content-Security-Policy\" content=\"{CONTENT_SECURITY_POLICY}\">"
        )));
        assert_eq!(
            CONTENT_SECURITY_POLICY_HEADER,
            format!("{CONTENT_SECURITY_POLICY}; frame-ancestors 'self'")
        );
        let readme = include_str!("../../README.md");
        for (name, value) in SECURITY_HEADERS {
            assert!(
                readme.contains(&format!("add_header {name} \"{value}\" always;")),
                "README lacks {name}"
            );
        }
    }

    use super::*;
    use crate::check::fixture::{self, column, doc};

    fn on_request_page(files: &[(&str, &str)]) -> String {
        let f = fixture::portal(files, "2026-11-23");
        let theme = Theme::load(f._dir.path()).unwrap();
        let out = Renderer::new(&f.portal, &theme)
            .run(Job::OnRequestDirectory)
            .unwrap();
        match &out[0].content {
            Content::Bytes(b) => String::from_utf8(b.clone()).unwrap(),
            _ => unreachable!("pages are rendered bytes"),
        }
    }

    #[test]
    fn the_on_request_directory_links_its_column_only_when_there_is_one() {
        let guide = column("政府信息公开指南", "指南");
        let zn = doc("标题: 指南\n发布日期: 2026-01-05", "正文");
        let mut files = vec![
            ("content/gkzn/_index.md", guide.as_str()),
            ("content/gkzn/zn.md", zn.as_str()),
        ];
        let page = on_request_page(&files);
        assert!(page.contains("请按依申请公开的办理方式"), "{page}");
        assert!(
            !page.contains("ysqgk/"),
            "a link to a column that is not there"
        );
        let ysqgk = column("依申请公开", "指南");
        files.push(("content/ysqgk/_index.md", &ysqgk));
        let page = on_request_page(&files);
        assert!(
            page.contains("<a href=\"/ysqgk/\">依申请公开</a>"),
            "{page}"
        );
    }
}
