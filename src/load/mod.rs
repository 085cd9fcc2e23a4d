//! Load: walk `content/`, parse every file in parallel, validate, resolve links
//! between documents, and return the immutable [`Portal`] with every problem found.

mod column;
mod document;

pub use document::{DOC_FIELDS, quick_fields};

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics, display_path};
use crate::markdown;
use crate::model::{Column, ColumnId, Consultation, DocId, Document, Kind, Portal};
use chrono::NaiveDate;
use document::{Draft, Reference};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

pub const CONTENT_DIR: &str = "content";

/// Top-level URL segments the generator writes itself; a column may not take them.
pub const RESERVED_SEGMENTS: &[&str] = &[
    "search",
    "static",
    "page",
    "xxyxgfxwj",
    "ysqgkml",
    "rwtz",
    "sitemap.xml",
    "feed.xml",
    "404.html",
];

#[derive(Debug, Clone)]
pub struct LoadOptions {
    pub root: PathBuf,
    pub today: NaiveDate,
    /// Overrides the configured `base_url` (`--base-url`).
    pub base_url: Option<String>,
}

/// Loads the portal. The model holds every document that loaded cleanly; the
/// diagnostics hold every problem. Callers refuse to publish when there are errors.
pub fn load(opts: &LoadOptions) -> (Option<Portal>, Diagnostics) {
    let mut diags = Diagnostics::new();
    let root = opts
        .root
        .canonicalize()
        .unwrap_or_else(|_| opts.root.clone());
    let Some(mut config) = Config::load(&root, &mut diags) else {
        return (None, diags);
    };
    if let Some(url) = &opts.base_url {
        config.base_url = if url.ends_with('/') {
            url.clone()
        } else {
            format!("{url}/")
        };
    }
    let content = root.join(CONTENT_DIR);
    if !content.is_dir() {
        diags.push(
            Diagnostic::error("content-missing", CONTENT_DIR, 0, "没有 content/ 目录")
                .hint("栏目和文档放在站点根目录的 content/ 下；xxgk init 会建好标准栏目"),
        );
        return (None, diags);
    }

    let tree = walk(&root, &content, &mut diags);
    let base_path = config.base_path();

    // Columns first: documents take their default kind from them.
    let mut column_drafts: Vec<column::ColumnDraft> = tree
        .columns
        .iter()
        .filter_map(|(path, index)| column::read(&root, index, path, &mut diags))
        .collect();
    column_drafts.sort_by(|a, b| a.path.cmp(&b.path));
    let columns = order_columns(column_drafts, &mut diags);
    let column_by_path: HashMap<&str, ColumnId> =
        columns.iter().map(|c| (c.path.as_str(), c.id)).collect();

    // Every document's route is known from its path alone, so bodies can link to
    // each other while files are parsed in parallel.
    let routes: HashMap<String, String> = tree
        .documents
        .iter()
        .map(|p| {
            let rel = rel_content(&content, p);
            let route = format!("{}/{}/", parent_of(&rel), stem_of(&rel));
            (rel, route)
        })
        .chain(
            tree.columns
                .iter()
                .map(|(path, _)| (format!("{path}/_index.md"), format!("{path}/"))),
        )
        .collect();

    let parsed: Vec<(Option<Draft>, Diagnostics)> = tree
        .documents
        .par_iter()
        .map(|path| {
            let mut d = Diagnostics::new();
            let rel = rel_content(&content, path);
            let col_path = parent_of(&rel);
            let Some(&col) = column_by_path.get(col_path.as_str()) else {
                let folder = if col_path.is_empty() { CONTENT_DIR.to_string() } else { format!("{CONTENT_DIR}/{col_path}") };
                d.push(
                    Diagnostic::error("no-column", display_path(&root, path), 0, format!("文件所在目录 {folder} 不是栏目（没有 _index.md）"))
                        .hint(format!("在 {folder}/ 下新建 _index.md（写 名称: 栏目名称），或把文件移到某个栏目目录中")),
                );
                return (None, d);
            };
            let kind = column_kind(&columns, col);
            let resolve = |dest: &str| resolve_link(&routes, &col_path, dest, &base_path);
            let ctx = document::Context {
                root: &root,
                organisation: &config.organisation,
                column_path: &col_path,
                column_kind: kind,
                resolve_link: &resolve,
            };
            let draft = document::read(path, &ctx, &mut d);
            (draft, d)
        })
        .collect();
    let mut drafts = vec![];
    for (draft, d) in parsed {
        diags.extend(d);
        drafts.extend(draft);
    }
    drafts.sort_by(|a, b| a.source.cmp(&b.source));

    let mut documents = assemble(drafts, &column_by_path, &content, &root, &mut diags);
    let refs = References::new(
        documents
            .iter()
            .map(|d| (d.source.as_str(), d.index_no.as_ref())),
        display_path(&root, &content),
    );
    crate::plan::resolve(&mut documents, &refs);
    let home_intro = tree.home_intro.and_then(|p| {
        let text = std::fs::read(&p).ok()?;
        let text = crate::source::decode(&display_path(&root, &p), &text, &mut diags)?;
        let split = crate::source::split_front_matter(&display_path(&root, &p), &text, &mut diags)?;
        Some(markdown::render(split.body, &|d| resolve_link(&routes, "", d, &base_path)).html)
    });
    let portal = Portal {
        root,
        config,
        today: opts.today,
        columns,
        documents,
        home_intro,
    };
    crate::structured::check_portal(&portal, &mut diags);
    // 佐证 that points nowhere would publish a dead link: it stops the build like a 解读对象.
    diags.extend(crate::plan::rules::evidence_broken(&portal));
    (Some(portal), diags)
}

struct Tree {
    /// (column path, its _index.md)
    columns: Vec<(String, PathBuf)>,
    documents: Vec<PathBuf>,
    home_intro: Option<PathBuf>,
}

fn walk(root: &Path, content: &Path, diags: &mut Diagnostics) -> Tree {
    let mut tree = Tree {
        columns: vec![],
        documents: vec![],
        home_intro: None,
    };
    let walker = WalkDir::new(content)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let file = e
                    .path()
                    .map(|p| display_path(root, p))
                    .unwrap_or_else(|| CONTENT_DIR.into());
                diags.push(Diagnostic::error("io", file, 0, format!("无法读取：{e}")));
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let path = entry.path();
        let name = entry.file_name().to_string_lossy();
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        if name == "_index.md" {
            let rel = rel_content(content, path);
            let col = parent_of(&rel);
            if col.is_empty() {
                tree.home_intro = Some(path.to_path_buf());
            } else {
                tree.columns.push((col, path.to_path_buf()));
            }
        } else if matches!(ext, "md" | "yaml" | "yml") {
            tree.documents.push(path.to_path_buf());
        }
    }
    tree
}

/// Depth-first, siblings by weight then folder name.
fn order_columns(drafts: Vec<column::ColumnDraft>, diags: &mut Diagnostics) -> Vec<Column> {
    let paths: Vec<&str> = drafts.iter().map(|c| c.path.as_str()).collect();
    let parent_of_idx = |i: usize| -> Option<usize> {
        let mut p = paths[i];
        while let Some((head, _)) = p.rsplit_once('/') {
            if let Some(j) = paths.iter().position(|q| *q == head) {
                return Some(j);
            }
            p = head;
        }
        None
    };
    let parents: Vec<Option<usize>> = (0..drafts.len()).map(parent_of_idx).collect();
    for d in &drafts {
        let first = d.path.split('/').next().unwrap_or("");
        if !d.path.contains('/') && RESERVED_SEGMENTS.contains(&first) {
            diags.push(
                Diagnostic::error(
                    "reserved-path",
                    &d.source,
                    1,
                    format!("栏目目录名“{first}”与生成的页面地址冲突"),
                )
                .hint("换一个目录名"),
            );
        }
        let last = d.path.rsplit('/').next().unwrap_or("");
        if !last
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
        {
            diags.push(
                Diagnostic::warning(
                    "column-folder-name",
                    &d.source,
                    1,
                    format!("栏目目录名“{last}”会出现在网址中"),
                )
                .hint("目录名宜用小写拼音缩写，如 zcwj、gfxwj"),
            );
        }
    }
    let mut order = vec![];
    fn visit(
        i: usize,
        drafts: &[column::ColumnDraft],
        parents: &[Option<usize>],
        order: &mut Vec<usize>,
    ) {
        order.push(i);
        let mut kids: Vec<usize> = (0..drafts.len())
            .filter(|j| parents[*j] == Some(i))
            .collect();
        kids.sort_by(|a, b| {
            (drafts[*a].weight, &drafts[*a].path).cmp(&(drafts[*b].weight, &drafts[*b].path))
        });
        for k in kids {
            visit(k, drafts, parents, order);
        }
    }
    let mut tops: Vec<usize> = (0..drafts.len())
        .filter(|j| parents[*j].is_none())
        .collect();
    tops.sort_by(|a, b| {
        (drafts[*a].weight, &drafts[*a].path).cmp(&(drafts[*b].weight, &drafts[*b].path))
    });
    for t in tops {
        visit(t, &drafts, &parents, &mut order);
    }
    let new_id: HashMap<usize, ColumnId> = order
        .iter()
        .enumerate()
        .map(|(new, old)| (*old, new))
        .collect();
    let mut drafts: Vec<Option<column::ColumnDraft>> = drafts.into_iter().map(Some).collect();
    let mut columns: Vec<Column> = order
        .iter()
        .enumerate()
        .map(|(id, old)| {
            let d = drafts[*old].take().expect("each column visited once");
            let parent = parents[*old].map(|p| new_id[&p]);
            let intro_html = markdown::render(&d.intro_md, &|_| None).html;
            Column {
                id,
                depth: d.path.matches('/').count(),
                path: d.path,
                title: d.title,
                weight: d.weight,
                kind: d.kind,
                description: d.description,
                intro_html,
                domain: d.domain,
                parent,
                children: vec![],
                source: d.source,
            }
        })
        .collect();
    for id in 0..columns.len() {
        if let Some(p) = columns[id].parent {
            columns[p].children.push(id);
        }
    }
    columns
}

/// A column's own kind, or its nearest ancestor's.
fn column_kind(columns: &[Column], mut id: ColumnId) -> Option<Kind> {
    loop {
        if let Some(k) = columns[id].kind {
            return Some(k);
        }
        id = columns[id].parent?;
    }
}

/// Turns drafts into documents: ids, duplicate checks, and links between documents.
fn assemble(
    drafts: Vec<Draft>,
    column_by_path: &HashMap<&str, ColumnId>,
    content: &Path,
    root: &Path,
    diags: &mut Diagnostics,
) -> Vec<Document> {
    // Duplicate slugs (a.md beside a.yaml) would write one page over the other.
    let mut seen_slug: HashMap<(String, String), String> = HashMap::new();
    let mut seen_index: BTreeMap<String, (String, usize)> = BTreeMap::new();
    let mut keep = vec![];
    for d in drafts {
        let key = (d.column_path.clone(), d.slug.clone());
        if let Some(other) = seen_slug.get(&key) {
            diags.push(
                Diagnostic::error(
                    "duplicate-slug",
                    &d.source,
                    0,
                    format!("与 {other} 的网址相同"),
                )
                .hint("同一栏目中的文件名（不含扩展名）不能重复"),
            );
            continue;
        }
        seen_slug.insert(key, d.source.clone());
        if let Some((n, line)) = &d.index_no {
            let k = n.to_string();
            if let Some((other, other_line)) = seen_index.get(&k) {
                diags.push(
                    Diagnostic::error(
                        "duplicate-index-no",
                        &d.source,
                        *line,
                        format!("索引号 {k} 与 {other}:{other_line} 重复"),
                    )
                    .hint("索引号在全站唯一；新文件请用 xxgk new 取得下一个空闲的索引号"),
                );
            } else {
                seen_index.insert(k, (d.source.clone(), *line));
            }
        }
        keep.push(d);
    }

    let index = References::new(
        keep.iter()
            .map(|d| (d.source.as_str(), d.index_no.as_ref().map(|(n, _)| n))),
        display_path(root, content),
    );
    let resolve = |from: &Draft,
                   r: &Reference,
                   what: &str,
                   diags: &mut Diagnostics|
     -> Option<DocId> {
        let found = index.find(&from.source, &r.target);
        if found.is_none() {
            diags.push(
                Diagnostic::error("broken-reference", &from.source, r.line, format!("{what}“{}”找不到对应的文档", r.target.trim()))
                    .hint("写被指向文档的索引号，或它相对于 content/ 的路径，如 fdzdgknr/zcwj/gfxwj/2026-wjbjy.md"),
            );
        }
        found
    };

    let mut interprets = vec![None; keep.len()];
    let mut feedback = vec![None; keep.len()];
    for (i, d) in keep.iter().enumerate() {
        if let Some(r) = &d.interprets {
            interprets[i] = resolve(d, r, "解读对象", diags);
            if let Some(t) = interprets[i]
                && !keep[t].disclosure.eq(&crate::model::Disclosure::Public)
            {
                diags.push(Diagnostic::error(
                    "broken-reference",
                    &d.source,
                    r.line,
                    "解读对象不是主动公开的文档，其页面不会发布",
                ));
            }
        }
        if let Some(r) = d.consultation.as_ref().and_then(|c| c.feedback.as_ref()) {
            feedback[i] = resolve(d, r, "意见反馈", diags);
        }
    }
    let mut interpreted_by: Vec<Vec<DocId>> = vec![vec![]; keep.len()];
    for (i, t) in interprets.iter().enumerate() {
        if let Some(t) = t {
            interpreted_by[*t].push(i);
        }
    }
    for list in interpreted_by.iter_mut() {
        list.sort_by(|a, b| {
            (keep[*a].date, &keep[*a].source).cmp(&(keep[*b].date, &keep[*b].source))
        });
    }

    keep.into_iter()
        .enumerate()
        .map(|(id, d)| Document {
            id,
            column: column_by_path[d.column_path.as_str()],
            source: d.source,
            slug: d.slug,
            kind: d.kind,
            title: d.title,
            date: d.date,
            written: d.written,
            doc_number: d.doc_number,
            issuer: d.issuer,
            index_no: d.index_no.map(|(n, _)| n),
            topic: d.topic,
            keywords: d.keywords,
            validity: d.validity,
            expires: d.expires,
            disclosure: d.disclosure,
            pin: d.pin,
            interprets: interprets[id],
            form: d.form,
            interpreted_by: std::mem::take(&mut interpreted_by[id]),
            attachments: d.attachments,
            consultation: d.consultation.map(|c| Consultation {
                start: c.start,
                end: c.end,
                feedback: feedback[id],
                short_reason: c.short_reason,
            }),
            department: d.department,
            domain: d.domain,
            body: d.body,
            data: d.data,
            links: d.links,
            lines: d.lines,
        })
        .collect()
}

/// Finds the document a reference names: its 索引号, or its path relative to the
/// referring file or to `content/` (with or without the extension).
pub struct References {
    by_source: HashMap<String, DocId>,
    by_index: HashMap<String, DocId>,
    /// `content`, as root-relative sources start.
    content_prefix: String,
}

impl References {
    /// From (source, 索引号) of every document, in [`DocId`] order.
    pub fn new<'a>(
        docs: impl Iterator<Item = (&'a str, Option<&'a crate::model::IndexNo>)>,
        content_prefix: String,
    ) -> References {
        let mut by_source = HashMap::new();
        let mut by_index = HashMap::new();
        for (i, (source, index_no)) in docs.enumerate() {
            by_source.insert(source.to_string(), i);
            if let Some(n) = index_no {
                by_index.insert(n.to_string(), i);
            }
        }
        References {
            by_source,
            by_index,
            content_prefix,
        }
    }

    pub fn find(&self, from_source: &str, target: &str) -> Option<DocId> {
        let target = target.trim();
        if let Ok(n) = crate::model::IndexNo::parse(target)
            && let Some(id) = self.by_index.get(&n.to_string())
        {
            return Some(*id);
        }
        let from_dir = from_source.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
        let candidates = [
            join_rel(from_dir, target),
            Some(format!(
                "{}/{}",
                self.content_prefix,
                target.trim_start_matches('/')
            )),
        ];
        for c in candidates.iter().flatten() {
            for with_ext in [
                c.to_string(),
                format!("{c}.md"),
                format!("{c}.yaml"),
                format!("{c}.yml"),
            ] {
                if let Some(id) = self.by_source.get(&with_ext) {
                    return Some(*id);
                }
            }
        }
        None
    }
}

/// Joins a relative path onto a folder, resolving `.` and `..`; `None` if it climbs out.
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

fn rel_content(content: &Path, path: &Path) -> String {
    display_path(content, path)
}

fn parent_of(rel: &str) -> String {
    rel.rsplit_once('/')
        .map(|(d, _)| d.to_string())
        .unwrap_or_default()
}

fn stem_of(rel: &str) -> String {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    name.rsplit_once('.')
        .map(|(s, _)| s)
        .unwrap_or(name)
        .to_string()
}

/// A relative link in a body, written as a source file, to the page URL.
fn resolve_link(
    routes: &HashMap<String, String>,
    from_dir: &str,
    dest: &str,
    base_path: &str,
) -> Option<String> {
    let (path, frag) = match dest.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (dest, None),
    };
    let target = join_rel(from_dir, path)?;
    let route = routes.get(&target)?;
    Some(match frag {
        Some(f) => format!("{base_path}{route}#{f}"),
        None => format!("{base_path}{route}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn join_rel_resolves_dots() {
        assert_eq!(join_rel("a/b", "../c/d.md").as_deref(), Some("a/c/d.md"));
        assert_eq!(join_rel("a", "./x.md").as_deref(), Some("a/x.md"));
        assert_eq!(join_rel("a", "../../x.md"), None);
    }

    #[test]
    fn links_to_sources_become_page_urls() {
        let routes: HashMap<String, String> =
            [("zcwj/gfxwj/a.md".to_string(), "zcwj/gfxwj/a/".to_string())].into();
        assert_eq!(
            resolve_link(&routes, "zcwj/zcjd", "../gfxwj/a.md#二", "/xxgk/").as_deref(),
            Some("/xxgk/zcwj/gfxwj/a/#二")
        );
        assert_eq!(resolve_link(&routes, "zcwj/zcjd", "missing.md", "/"), None);
    }
}
