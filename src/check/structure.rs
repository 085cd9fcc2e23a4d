//! 栏目与链接: no empty columns, no empty 基层政务公开 domains, no broken links and
//! no broken anchors (seed 001: 确保专题内无空白领域、无错链、无空白栏目).
//!
//! A link is checked against what the build will write: pages of public documents,
//! columns and their list pages, attachments, and the generated pages (search,
//! directories, feed …). Links to other documents may be written as their source
//! files (`../gfxwj/2026-lsjz.md`), as the loader resolves them; anything else is a
//! URL, relative to the page it is on. External links are not fetched.

use super::{Area, Context, Finding, Rule};
use crate::diagnostics::Severity;
use crate::listing::{self, column_documents};
use crate::model::{DocId, Portal};
use crate::routes::{self, Page};
use crate::routes::{join_rel, linked_source, percent_decode};
use std::collections::{HashMap, HashSet};

pub const EMPTY_COLUMN: Rule = Rule {
    name: "empty-column",
    area: Area::Structure,
    severity: Severity::Error,
    blocking: false,
    build: false,
    summary: "栏目中没有任何主动公开的信息（空白栏目）",
    source: "专栏无空白栏目、无空白领域、无错链",
    check: empty_column,
};

pub const EMPTY_DOMAIN: Rule = Rule {
    name: "empty-domain",
    area: Area::Structure,
    severity: Severity::Error,
    blocking: false,
    build: false,
    summary: "基层政务公开领域栏目中没有任何信息（空白领域）",
    source: "基层政务公开各领域目录完整，无空白领域",
    check: empty_domain,
};

pub const BROKEN_LINK: Rule = Rule {
    name: "broken-link",
    area: Area::Structure,
    severity: Severity::Error,
    blocking: false,
    build: false,
    summary: "正文或栏目介绍中的站内链接指向不存在（或不公开）的页面、文件",
    source: "专栏无错链；附件链接等关键信息定期排查",
    check: broken_link,
};

pub const BROKEN_ANCHOR: Rule = Rule {
    name: "broken-anchor",
    area: Area::Structure,
    severity: Severity::Error,
    blocking: false,
    build: false,
    summary: "站内链接中的锚点（#……）在目标页面中不存在",
    source: "专栏无错链",
    check: broken_anchor,
};

fn empty_column(ctx: &Context) -> Vec<Finding> {
    let p = ctx.portal;
    p.columns
        .iter()
        .filter(|c| c.domain.is_none() && column_documents(p, c.id).is_empty())
        // The 依申请公开 column, and one whose documents are all withheld, list the
        // directory rows and how to apply: not blank.
        .filter(|c| {
            !listing::is_on_request_column(p, c.id) && listing::column_directory(p, c.id).is_empty()
        })
        .map(|c| {
            Finding::new(
                &c.source,
                1,
                format!("栏目“{}”没有任何主动公开的信息（空白栏目）", c.title),
                "发布本栏目应公开的信息；确实没有的，发布一条说明（如“本单位本年度无此类信息”），或删除该栏目目录",
            )
        })
        .collect()
}

fn empty_domain(ctx: &Context) -> Vec<Finding> {
    let p = ctx.portal;
    p.columns
        .iter()
        .filter_map(|c| c.domain.map(|dom| (c, dom)))
        .filter(|(c, _)| column_documents(p, c.id).is_empty())
        .map(|(c, dom)| {
            Finding::new(
                &c.source,
                1,
                format!(
                    "基层政务公开“{dom}”领域栏目“{}”没有任何信息（空白领域）",
                    c.title
                ),
                format!("按“{dom}”领域的基层政务公开标准目录发布办事指南（置顶）和结果信息"),
            )
        })
        .collect()
}

fn broken_link(ctx: &Context) -> Vec<Finding> {
    of_kind(ctx, Problem::Link)
}

fn broken_anchor(ctx: &Context) -> Vec<Finding> {
    of_kind(ctx, Problem::Anchor)
}

fn of_kind(ctx: &Context, kind: Problem) -> Vec<Finding> {
    ctx.link_problems
        .get_or_init(|| problems(ctx))
        .iter()
        .filter(|(k, _)| *k == kind)
        .map(|(_, f)| f.clone())
        .collect()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    Link,
    Anchor,
}

#[derive(Debug, Clone, Copy)]
enum Target {
    Doc(DocId),
    Column,
    /// A generated page or a copied file: exists, no anchors to check.
    File,
}

/// What the build will write, by site path without a trailing slash.
struct Site {
    /// Content-relative source of a column (`zcwj/_index.md`) → target; documents'
    /// sources are the relations table's.
    sources: HashMap<String, Target>,
    paths: HashMap<String, Target>,
    /// `base_url`'s path without slashes around it: `` or `xxgk`.
    base: String,
    ids: HashMap<DocId, HashSet<String>>,
}

impl Site {
    fn new(portal: &Portal) -> Self {
        let mut sources = HashMap::new();
        // The generated pages without placeholders (the home, the directories, the
        // search, the feed …) and the ledger's, by URL without the trailing slash.
        let mut paths: HashMap<String, Target> = routes::TABLE
            .iter()
            .filter(|r| !r.url.contains('{'))
            .map(|r| r.url.to_string())
            .chain(crate::model::kinds::plan::ledger::routes(portal))
            .map(|u| (u.trim_end_matches('/').to_string(), Target::File))
            .collect();
        let size = portal.config.page_size.max(1);
        for c in &portal.columns {
            sources.insert(format!("{}/_index.md", c.path), Target::Column);
            paths.insert(c.path.clone(), Target::Column);
            let pages = column_documents(portal, c.id).len().div_ceil(size);
            for n in 2..=pages {
                let page = Page::ColumnPage.url(&[&c.path, &n.to_string()]);
                paths.insert(page.trim_end_matches('/').to_string(), Target::Column);
            }
        }
        let mut ids = HashMap::new();
        for d in &portal.documents {
            if !d.is_public() {
                continue;
            }
            let route = portal.doc_route(d.id);
            let route = route.trim_end_matches('/');
            paths.insert(route.to_string(), Target::Doc(d.id));
            for a in &d.attachments {
                let file =
                    Page::Attachment.url(&[&portal.column(d.column).path, &d.slug, &a.file_name]);
                paths.insert(file, Target::File);
            }
            if let Some(b) = &d.body {
                ids.insert(d.id, attribute_values(&b.html, "id").collect());
            }
        }
        Site {
            sources,
            paths,
            base: portal.config.base_path().trim_matches('/').to_string(),
            ids,
        }
    }

    /// Where a URL path leads, from a page whose folder is `page_dir`.
    fn url(&self, page_dir: &str, path: &str) -> Result<Target, String> {
        let site_path = match path.strip_prefix('/') {
            Some(abs) => {
                let under_base = if self.base.is_empty() {
                    Some(abs)
                } else {
                    abs.strip_prefix(&self.base)
                        .filter(|r| r.is_empty() || r.starts_with('/'))
                };
                match under_base {
                    Some(r) => join_rel("", r),
                    None => {
                        return Err(format!("不在站点路径 /{}/ 之下，发布后会失效", self.base));
                    }
                }
            }
            None => join_rel(page_dir, path),
        };
        let Some(p) = site_path else {
            return Err("超出了站点范围".into());
        };
        let p = p
            .strip_suffix(routes::INDEX_FILE)
            .unwrap_or(&p)
            .trim_end_matches('/');
        // Theme assets are not known here (the theme is render's): any file below.
        if p == routes::STATIC_DIR || p.starts_with(&format!("{}/", routes::STATIC_DIR)) {
            return Ok(Target::File);
        }
        self.paths
            .get(p)
            .copied()
            .ok_or_else(|| "指向的页面或文件不存在".to_string())
    }

    fn has_anchor(&self, target: Target, fragment: &str) -> bool {
        match target {
            Target::Doc(id) => self.ids.get(&id).is_some_and(|ids| ids.contains(fragment)),
            // Column and generated pages: their anchors come from templates.
            _ => true,
        }
    }
}

fn problems(ctx: &Context) -> Vec<(Problem, Finding)> {
    let site = Site::new(ctx.portal);
    let mut out = vec![];
    for d in ctx.portal.public_documents() {
        let Some(body) = &d.body else { continue };
        let rel = d.source.strip_prefix("content/").unwrap_or(&d.source);
        let from_dir = rel.rsplit_once('/').map(|(dir, _)| dir).unwrap_or("");
        let page_dir = ctx.portal.doc_route(d.id);
        let page_dir = page_dir.trim_end_matches('/');
        let body_line = ctx.body_line(&d.source);
        let line_of = |needle: &str| {
            ctx.line_containing(&d.source, needle, body_line)
                .unwrap_or(body_line)
        };
        // Which document a link names is the relations table's (computed once, as the
        // loader resolves it); a column's `_index.md` is looked up here.
        let named = ctx.portal.relations.body_targets(d.id);
        debug_assert_eq!(named.len(), d.links.len(), "{}", d.source);
        for (i, link) in d.links.iter().enumerate() {
            let (path, fragment) = split_link(link);
            if path.is_empty() {
                continue;
            }
            let target = named
                .get(i)
                .copied()
                .flatten()
                .map(Target::Doc)
                .or_else(|| {
                    linked_source(from_dir, link).and_then(|s| site.sources.get(&s).copied())
                });
            let target = match target {
                Some(Target::Doc(t)) if !ctx.portal.doc(t).is_public() => {
                    out.push((
                        Problem::Link,
                        Finding::new(
                            &d.source,
                            line_of(link),
                            format!(
                                "链接“{link}”指向的《{}》不是主动公开的文档，其页面不会发布",
                                ctx.portal.doc(t).title
                            ),
                            "删除该链接，改为提示“可依申请获取”，或链接到依申请公开目录 /ysqgkml/",
                        ),
                    ));
                    continue;
                }
                Some(t) => Ok(t),
                None => site.url(page_dir, &path),
            };
            match target {
                Ok(t) => {
                    if let Some(frag) = &fragment
                        && !site.has_anchor(t, frag)
                    {
                        out.push((
                            Problem::Anchor,
                            anchor_finding(&d.source, line_of(link), link, frag),
                        ));
                    }
                }
                Err(why) => {
                    let on_disk = linked_source(from_dir, link)
                        .map(|s| ctx.portal.root.join("content").join(s))
                        .is_some_and(|p| p.is_file());
                    let hint = if on_disk {
                        "该文件存在但不会发布：把它列为本文档的附件（附件: - path: 文件路径），或链接到附件的文件名"
                    } else {
                        "链接其他文档时写它的源文件路径（如 ../gfxwj/2026-lsjz.md），链接栏目写栏目地址（如 /fdzdgknr/zcwj/）；目标已删除的，请删除或更新链接"
                    };
                    out.push((
                        Problem::Link,
                        Finding::new(&d.source, line_of(link), format!("链接“{link}”{why}"), hint),
                    ));
                }
            }
        }
        // Links to a heading of the same page.
        for href in attribute_values(&body.html, "href").filter(|h| h.starts_with('#')) {
            let frag = percent_decode(&href[1..]);
            if !frag.is_empty() && !site.has_anchor(Target::Doc(d.id), &frag) {
                let line = ctx
                    .line_containing(&d.source, &format!("(#{frag})"), body_line)
                    .unwrap_or_else(|| line_of(&format!("#{frag}")));
                let link = format!("#{frag}");
                out.push((
                    Problem::Anchor,
                    anchor_finding(&d.source, line, &link, &frag),
                ));
            }
        }
    }
    // Column introductions and the home page introduction are plain Markdown: their
    // links are URLs as written, relative to the column page.
    let intros = ctx
        .portal
        .columns
        .iter()
        .map(|c| (c.source.as_str(), c.path.as_str(), c.intro_html.as_str()))
        .chain(
            ctx.portal
                .home_intro
                .as_deref()
                .map(|h| ("content/_index.md", "", h)),
        );
    for (file, page_dir, html) in intros {
        let ids: HashSet<String> = attribute_values(html, "id").collect();
        let body_line = ctx.body_line(file);
        for href in attribute_values(html, "href").chain(attribute_values(html, "src")) {
            if is_external(&href) {
                continue;
            }
            let line = ctx
                .line_containing(file, &href, body_line)
                .unwrap_or(body_line);
            let (path, fragment) = split_link(&href);
            if path.is_empty() {
                if let Some(frag) = fragment.filter(|f| !ids.contains(f)) {
                    out.push((Problem::Anchor, anchor_finding(file, line, &href, &frag)));
                }
                continue;
            }
            match site.url(page_dir, &path) {
                Ok(t) => {
                    if let Some(frag) = fragment.filter(|f| !site.has_anchor(t, f)) {
                        out.push((Problem::Anchor, anchor_finding(file, line, &href, &frag)));
                    }
                }
                Err(why) => out.push((
                    Problem::Link,
                    Finding::new(
                        file,
                        line,
                        format!("链接“{href}”{why}"),
                        "栏目介绍中的链接写页面地址（如 /fdzdgknr/zcwj/gfxwj/2026-lsjz/），不写源文件路径",
                    ),
                )),
            }
        }
    }
    out
}

fn anchor_finding(file: &str, line: usize, link: &str, fragment: &str) -> Finding {
    Finding::new(
        file,
        line,
        format!("链接“{link}”中的锚点“#{fragment}”在目标页面中不存在"),
        "锚点是标题文字去掉标点和空格，如“## 一、总体要求”的锚点是 #一总体要求；目标文档的标题改过的，请同步更新链接",
    )
}

fn is_external(href: &str) -> bool {
    href.contains("://")
        || href.starts_with("//")
        || ["mailto:", "tel:", "data:", "javascript:"]
            .iter()
            .any(|s| href.starts_with(s))
}

/// `path#fragment?` split, both percent-decoded; the query is dropped.
fn split_link(link: &str) -> (String, Option<String>) {
    let (path, fragment) = match link.split_once('#') {
        Some((p, f)) => (p, Some(percent_decode(f))),
        None => (link, None),
    };
    let path = path.split('?').next().unwrap_or("");
    (percent_decode(path), fragment.filter(|f| !f.is_empty()))
}

/// Values of `name="…"` attributes in rendered HTML, unescaped.
fn attribute_values<'h>(html: &'h str, name: &str) -> impl Iterator<Item = String> + 'h {
    let needle = format!(" {name}=\"");
    html.match_indices(needle.clone().as_str())
        .map(|(i, _)| i + needle.len())
        .collect::<Vec<_>>()
        .into_iter()
        .filter_map(move |start| {
            let len = html[start..].find('"')?;
            Some(unescape(&html[start..start + len]))
        })
}

fn unescape(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::super::fixture::{self, column, doc};
    use super::*;

    #[test]
    fn decoding() {
        assert_eq!(percent_decode("%E4%B8%80%E6%80%BB"), "一总");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(
            split_link("../a.md?x=1#%E4%B8%80"),
            ("../a.md".into(), Some("一".into()))
        );
        assert_eq!(
            attribute_values("<a href=\"/x/?a=1&amp;b=2\">x</a><h2 id=\"一\">", "href")
                .collect::<Vec<_>>(),
            ["/x/?a=1&b=2"]
        );
    }

    #[test]
    fn empty_columns_and_domains() {
        let f = fixture::portal(
            &[
                ("content/zcwj/_index.md", &column("政策文件", "政策文件")),
                (
                    "content/zcwj/gfxwj/_index.md",
                    &column("行政规范性文件", "规范性文件"),
                ),
                ("content/zdly/_index.md", &column("重点领域", "其他信息")),
                (
                    "content/zdly/jy/_index.md",
                    "---\n名称: 就业\n领域: 就业\n---\n",
                ),
                (
                    "content/zdly/shjz/_index.md",
                    "---\n名称: 社会救助\n领域: 社会救助\n---\n",
                ),
                (
                    "content/zdly/jy/zn.md",
                    &doc("标题: 就业补贴办事指南\n发布日期: 2026-03-16", "正文"),
                ),
            ],
            "2026-11-23",
        );
        assert_eq!(
            f.findings(&EMPTY_COLUMN),
            [
                "content/zcwj/_index.md:1: 栏目“政策文件”没有任何主动公开的信息（空白栏目）",
                "content/zcwj/gfxwj/_index.md:1: 栏目“行政规范性文件”没有任何主动公开的信息（空白栏目）",
            ]
        );
        assert_eq!(
            f.findings(&EMPTY_DOMAIN),
            [
                "content/zdly/shjz/_index.md:1: 基层政务公开“社会救助”领域栏目“社会救助”没有任何信息（空白领域）"
            ]
        );
    }

    #[test]
    fn links_and_anchors_are_checked_against_the_built_site() {
        let body = "见[办法](../gfxwj/bf.md#二申请条件)、[旧办法](../gfxwj/old.md)、[请示](../gfxwj/qs.md)、[目录](/xxyxgfxwj/)、[附件](/gfxwj/bf/bf.pdf)、[本页](#一总体要求)、[栏目](/gfxwj/)、[官网](https://www.gov.cn/)\n\n## 一、总体要求\n\n正文见[第二节](#二)和[文件](files/yj.pdf)。";
        let f = fixture::portal(
            &[
                (
                    "content/gfxwj/_index.md",
                    &column("行政规范性文件", "其他信息"),
                ),
                (
                    "content/gfxwj/bf.md",
                    &doc(
                        "标题: 办法\n发布日期: 2026-01-05\n附件:\n  - files/bf.pdf",
                        "## 一、总则\n\n## 二、申请条件\n",
                    ),
                ),
                ("content/gfxwj/files/bf.pdf", "%PDF"),
                (
                    "content/gfxwj/qs.md",
                    &doc(
                        "标题: 请示\n发布日期: 2026-01-05\n公开方式: 依申请公开\n不予公开依据: 第十六条 过程性信息",
                        "正文",
                    ),
                ),
                ("content/zcjd/_index.md", &column("政策解读", "其他信息")),
                (
                    "content/zcjd/jd.md",
                    &doc("标题: 解读\n发布日期: 2026-01-06", body),
                ),
                ("content/zcjd/files/yj.pdf", "%PDF"),
            ],
            "2026-11-23",
        );
        let links = f.findings(&BROKEN_LINK);
        assert_eq!(links.len(), 3, "{links:?}");
        assert!(
            links[0]
                .starts_with("content/zcjd/jd.md:5: 链接“../gfxwj/old.md”指向的页面或文件不存在"),
            "{links:?}"
        );
        assert!(
            links[1].contains("链接“../gfxwj/qs.md”指向的《请示》不是主动公开的文档"),
            "{links:?}"
        );
        assert!(
            links[2].starts_with("content/zcjd/jd.md:9: 链接“files/yj.pdf”指向的页面或文件不存在"),
            "{links:?}"
        );
        assert_eq!(
            f.findings(&BROKEN_ANCHOR),
            ["content/zcjd/jd.md:9: 链接“#二”中的锚点“#二”在目标页面中不存在"]
        );
    }

    #[test]
    fn absolute_links_must_carry_the_base_path() {
        let config =
            fixture::CONFIG.replace("https://xxgk.test.gov.cn/", "https://www.test.gov.cn/xxgk/");
        let f = fixture::portal_with_config(
            &config,
            &[
                (
                    "content/gkzn/_index.md",
                    "---\n名称: 指南\n类型: 指南\n---\n请先阅读[指南](/xxgk/gkzn/zn/)，再看[目录](/ysqgkml/)。\n",
                ),
                (
                    "content/gkzn/zn.md",
                    &doc("标题: 指南\n发布日期: 2026-01-05", "正文"),
                ),
            ],
            "2026-11-23",
        );
        assert_eq!(
            f.findings(&BROKEN_LINK),
            ["content/gkzn/_index.md:5: 链接“/ysqgkml/”不在站点路径 /xxgk/ 之下，发布后会失效"]
        );
    }

    #[test]
    fn a_link_the_check_accepts_is_the_link_the_page_carries() {
        // An editor's Markdown tool writes a Chinese file name percent-encoded, and may
        // add a query: the page must carry the document's URL, and the check agree.
        let body = "见[办法](../gfxwj/%E5%8A%9E%E6%B3%95.md?v=2#%E4%BA%8C%E7%94%B3%E8%AF%B7)和[目录](../gfxwj/_index.md)。";
        let f = fixture::portal(
            &[
                (
                    "content/gfxwj/_index.md",
                    &column("行政规范性文件", "其他信息"),
                ),
                (
                    "content/gfxwj/办法.md",
                    &doc("标题: 办法\n发布日期: 2026-01-05", "## 二、申请\n"),
                ),
                ("content/zcjd/_index.md", &column("政策解读", "其他信息")),
                (
                    "content/zcjd/jd.md",
                    &doc("标题: 解读\n发布日期: 2026-01-06", body),
                ),
            ],
            "2026-11-23",
        );
        assert_eq!(f.findings(&BROKEN_LINK), Vec::<String>::new());
        assert_eq!(f.findings(&BROKEN_ANCHOR), Vec::<String>::new());
        let jd = f
            .portal
            .documents
            .iter()
            .find(|d| d.source == "content/zcjd/jd.md")
            .unwrap();
        let html = &jd.body.as_ref().unwrap().html;
        assert!(
            html.contains("href=\"/gfxwj/%E5%8A%9E%E6%B3%95/#%E4%BA%8C%E7%94%B3%E8%AF%B7\""),
            "{html}"
        );
        assert!(html.contains("href=\"/gfxwj/\""), "{html}");
    }
}
