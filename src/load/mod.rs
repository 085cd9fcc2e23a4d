//! Load: walk `content/`, parse every file in parallel, validate, resolve links
//! between documents, and return the immutable [`Portal`] with every problem found.
//! Reading only: no assessment rule runs here (ARCHITECTURE.md); the kinds' readers
//! are [`kinds`].
//!
//! Here: the walk, the columns and what a document needs of the portal around it
//! (`Base`); the parsed-file cache the preview keeps is [`sources`], turning drafts
//! into documents [`assemble`].

mod assemble;
mod column;
pub mod disclosure;
mod document;
pub mod kinds;
mod sources;

pub use assemble::References;
use assemble::assemble;
pub use column::COLUMN_FIELDS;
pub use document::{DOC_FIELDS, quick_fields};
pub use sources::Sources;

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics, display_path};
use crate::markdown;
use crate::model::{Column, ColumnId, Consultation, DocId, Document, Kind, Portal};
use crate::routes::{join_rel, linked_source};
use chrono::NaiveDate;
use document::{Draft, Reference};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

pub use crate::source::CONTENT_DIR;

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
    Sources::read(opts).into_portal()
}

/// The demo portal of this repository, loaded as `cargo run -- build` sees it on the
/// day the tests are pinned to; for unit tests of the stages after load.
#[cfg(test)]
pub fn demo_portal() -> Portal {
    let (p, d) = load(&LoadOptions {
        root: env!("CARGO_MANIFEST_DIR").into(),
        today: chrono::NaiveDate::from_ymd_opt(2026, 11, 23).expect("a date"),
        base_url: None,
    });
    assert!(!d.has_errors(), "{:?}", d.sorted());
    p.expect("the demo portal loads")
}

/// What a file below `content/` is to the loader, from its path alone (`/`-separated,
/// relative to `content/`). The walk and the live preview's change classifier both
/// use it, so that both see the same set of documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// `content/_index.md`: the home page's introduction.
    HomeIntro,
    /// `_index.md` of a column folder.
    ColumnIndex,
    /// `*.md`, `*.yaml`, `*.yml`.
    Document,
    /// Any other file: an attachment, an image …
    Other,
    /// Below a folder or named with a leading dot: never read.
    Hidden,
}

pub fn role(rel: &str) -> Role {
    if rel.split('/').any(|seg| seg.starts_with('.')) {
        return Role::Hidden;
    }
    let name = rel.rsplit('/').next().unwrap_or(rel);
    if name == "_index.md" {
        return if rel.contains('/') {
            Role::ColumnIndex
        } else {
            Role::HomeIntro
        };
    }
    match name.rsplit_once('.').map(|(_, ext)| ext) {
        Some("md" | "yaml" | "yml") => Role::Document,
        _ => Role::Other,
    }
}

/// What documents need to know about the portal around them.
struct Base {
    config: Config,
    content: PathBuf,
    base_path: String,
    columns: Vec<Column>,
    column_by_path: HashMap<String, ColumnId>,
    /// Content-relative source path → page route, for links between bodies.
    routes: HashMap<String, String>,
}

struct Parsed {
    draft: Option<Draft>,
    diags: Diagnostics,
}

struct HomeIntro {
    html: Option<String>,
    diags: Diagnostics,
}

/// The source of the home page's introduction.
pub const HOME_INTRO_SOURCE: &str = "content/_index.md";

impl Base {
    /// Configuration, the walk and the columns: everything documents are read against.
    fn read(root: &Path, opts: &LoadOptions, diags: &mut Diagnostics) -> Option<(Base, Tree)> {
        let mut config = Config::load(root, diags)?;
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
            return None;
        }
        // content/ itself a symlink to elsewhere (a shared drive, `/`): every file
        // below it would come from outside the portal. Refused, nothing is read.
        let resolved = content.canonicalize();
        let within = resolved
            .as_ref()
            .is_ok_and(|c| crate::confinement::inside(root, c));
        if !within {
            let to = resolved
                .map(|t| t.display().to_string())
                .unwrap_or_else(|_| "无法解析".into());
            diags.push(
                Diagnostic::error(
                    "symlink-outside",
                    CONTENT_DIR,
                    0,
                    format!("content/ 是指向站点目录之外的符号链接（{to}）：其中的文件不会发布"),
                )
                .hint("把 content/ 目录本身放在站点根目录下（复制或移动过来），不要用指向外部的符号链接"),
            );
            return None;
        }

        let tree = walk(root, &content, diags);
        let base_path = config.base_path();

        // Columns first: documents take their default kind from them.
        let mut column_drafts: Vec<column::ColumnDraft> = tree
            .columns
            .iter()
            .filter_map(|(path, index)| column::read(root, index, path, diags))
            .collect();
        column_drafts.sort_by(|a, b| a.path.cmp(&b.path));
        let columns = order_columns(column_drafts, diags);
        let column_by_path: HashMap<String, ColumnId> =
            columns.iter().map(|c| (c.path.clone(), c.id)).collect();

        // Every document's route is known from its path alone, so bodies can link to
        // each other while files are parsed in parallel.
        let routes: HashMap<String, String> = tree
            .documents
            .iter()
            .map(|p| {
                let rel = rel_content(&content, p);
                let route = doc_route(&rel);
                (rel, route)
            })
            .chain(
                tree.columns
                    .iter()
                    .map(|(path, _)| (format!("{path}/_index.md"), format!("{path}/"))),
            )
            .collect();
        let base = Base {
            config,
            content,
            base_path,
            columns,
            column_by_path,
            routes,
        };
        Some((base, tree))
    }

    fn parse(&self, root: &Path, path: &Path) -> Parsed {
        let mut d = Diagnostics::new();
        let rel = rel_content(&self.content, path);
        if let Some(c) = url_breaking(&stem_of(&rel)) {
            d.push(bad_name(display_path(root, path), c, "文件名"));
        }
        let col_path = parent_of(&rel);
        let Some(&col) = self.column_by_path.get(col_path.as_str()) else {
            let folder = if col_path.is_empty() {
                CONTENT_DIR.to_string()
            } else {
                format!("{CONTENT_DIR}/{col_path}")
            };
            d.push(
                Diagnostic::error(
                    "no-column",
                    display_path(root, path),
                    0,
                    format!("文件所在目录 {folder} 不是栏目（没有 _index.md）"),
                )
                .hint(format!(
                    "在 {folder}/ 下新建 _index.md（写 名称: 栏目名称），或把文件移到某个栏目目录中"
                )),
            );
            return Parsed {
                draft: None,
                diags: d,
            };
        };
        let kind = column_kind(&self.columns, col);
        let resolve = |dest: &str| resolve_link(&self.routes, &col_path, dest, &self.base_path);
        let ctx = document::Context {
            root,
            organisation: &self.config.organisation,
            column_path: &col_path,
            column_kind: kind,
            column_withheld: self.columns[col].withheld,
            resolve_link: &resolve,
        };
        let draft = document::read(path, &ctx, &mut d);
        Parsed { draft, diags: d }
    }

    fn home_intro(&self, root: &Path, path: &Path) -> HomeIntro {
        let mut diags = Diagnostics::new();
        let file = display_path(root, path);
        let bytes = match crate::limits::read_bounded(path, crate::limits::MARKDOWN_MAX) {
            Ok(Ok(bytes)) => Some(bytes),
            Ok(Err(size)) => {
                diags.push(crate::limits::too_large(
                    &file,
                    size,
                    crate::limits::MARKDOWN_MAX,
                    "首页说明",
                ));
                None
            }
            Err(_) => None,
        };
        let html = bytes.and_then(|text| {
            let text = crate::source::decode(&file, &text, &mut diags)?;
            let split = crate::source::split_front_matter(&file, &text, &mut diags)?;
            if home_withheld(&file, &split, &mut diags) {
                return None;
            }
            let r = markdown::render(split.body, &|d| {
                resolve_link(&self.routes, "", d, &self.base_path)
            });
            let line = markdown::line_of_slice(&text, split.body);
            markdown::report_removed(&file, line, &r.removed, &mut diags);
            Some(r.html)
        });
        HomeIntro { html, diags }
    }

    fn portal(
        &self,
        root: &Path,
        today: NaiveDate,
        drafts: Vec<Draft>,
        home_intro: Option<String>,
        diags: &mut Diagnostics,
    ) -> Portal {
        let column_by_path: HashMap<&str, ColumnId> = self
            .column_by_path
            .iter()
            .map(|(k, v)| (k.as_str(), *v))
            .collect();
        let mut documents = assemble(drafts, &column_by_path, &self.content, root, diags);
        let refs = references(&documents, &display_path(root, &self.content));
        kinds::plan::resolve(&mut documents, &refs);
        let relations = crate::model::relations::Relations::new(&documents);
        let mut portal = Portal {
            root: root.to_path_buf(),
            config: self.config.clone(),
            today,
            columns: self.columns.clone(),
            documents,
            home_intro,
            relations,
        };
        // Generated WORD/PDF downloads join the attachments before any rule or render,
        // here where the build and every full assemble of the preview pass alike.
        crate::downloads::attach(&mut portal, diags);
        check_assembled(&portal, diags);
        portal
    }
}

fn references(documents: &[Document], content_prefix: &str) -> References {
    References::new(
        documents
            .iter()
            .map(|d| (d.source.as_str(), d.index_no.as_ref())),
        content_prefix.to_string(),
    )
}

/// Checks across the documents of an assembled portal. The live preview runs them
/// again after patching documents in place.
pub fn check_assembled(portal: &Portal, diags: &mut Diagnostics) {
    crate::publication::check_files(portal, diags);
}

/// Whether the home introduction states non-disclosure (in its front matter, in any
/// spelling, or below it) or uses YAML constructs: each is an error, and the
/// introduction is not shown — the home page is public, so nothing in it may be meant
/// otherwise.
fn home_withheld(file: &str, split: &crate::source::Split<'_>, diags: &mut Diagnostics) -> bool {
    use crate::load::disclosure;
    let (yaml, first) = (split.front_matter, split.front_matter_line);
    let constructs = disclosure::refuse_constructs(file, yaml, first, diags);
    let value = crate::fields::parse_yaml(file, yaml, first.saturating_sub(1), diags);
    let empty = serde_yaml::Mapping::new();
    let map = value
        .as_ref()
        .and_then(|v| v.as_mapping())
        .unwrap_or(&empty);
    let lines = crate::fields::KeyLines::scan(yaml, first);
    let f = crate::fields::Fields::read(file, map, &lines, &[], false, diags);
    let mut stated = disclosure::scan_fields(&f, map, &[], &[], yaml, first, false);
    let body_line = first + yaml.lines().count() + 1;
    stated.extend(disclosure::scan_body(split.body, body_line, &[]));
    for x in &stated {
        diags.push(disclosure::diagnostic(file, x, disclosure::Place::Home));
    }
    constructs || !stated.is_empty()
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
        let path = entry.path();
        // A symlink is never followed by the walk. One that leads out of content/ is
        // refused outright: anything that links to it or attaches it would publish a
        // file from elsewhere on the machine.
        if entry.path_is_symlink() && entry.depth() > 0 {
            let target = path.canonicalize();
            let outside = target
                .as_ref()
                .map_or(true, |t| !crate::confinement::inside(content, t));
            if outside {
                let to = target
                    .map(|t| t.display().to_string())
                    .unwrap_or_else(|_| "无法解析".into());
                diags.push(
                    Diagnostic::error(
                        "symlink-outside",
                        display_path(root, path),
                        0,
                        format!("符号链接指向 content/ 之外（{to}）：其中的文件不会发布"),
                    )
                    .hint("删除该符号链接，把要发布的文件复制到 content/ 中"),
                );
            }
            continue;
        }
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = rel_content(content, path);
        match role(&rel) {
            Role::HomeIntro => tree.home_intro = Some(path.to_path_buf()),
            Role::ColumnIndex => tree.columns.push((parent_of(&rel), path.to_path_buf())),
            Role::Document => tree.documents.push(path.to_path_buf()),
            Role::Other | Role::Hidden => {}
        }
    }
    tree
}

/// A character that ends or changes the path of a URL (`#` starts a fragment, `?` a
/// query, `%` an escape): a page or column named with one is written, and every
/// link to it leads elsewhere.
pub(crate) fn url_breaking(name: &str) -> Option<char> {
    name.chars()
        .find(|c| matches!(c, '#' | '?' | '%' | '\\') || c.is_control())
}

fn bad_name(file: String, c: char, what: &str) -> Diagnostic {
    Diagnostic::error(
        "bad-file-name",
        file,
        0,
        format!(
            "{what}中的“{}”会截断网址：指向该页面的链接都打不开",
            c.escape_debug()
        ),
    )
    .hint("改名时只用字母、数字、短横线或汉字，如 2026-gkzn.md、zcwj")
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
        if !d.path.contains('/') && crate::routes::is_reserved(first) {
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
        if let Some(c) = url_breaking(last) {
            diags.push(bad_name(d.source.clone(), c, "栏目目录名"));
        } else if !last
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
    let mut withheld_above: Vec<Option<crate::model::DisclosureMode>> = vec![];
    let mut columns: Vec<Column> = order
        .iter()
        .enumerate()
        .map(|(id, old)| {
            let d = drafts[*old].take().expect("each column visited once");
            let parent = parents[*old].map(|p| new_id[&p]);
            // Parents come first in this order: their withholding is known.
            let withheld = d
                .withheld
                .or_else(|| parent.and_then(|p| withheld_above[p]));
            withheld_above.push(withheld);
            let intro_html = if withheld.is_some() {
                String::new()
            } else {
                d.intro_html
            };
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
                update_period: d.update_period,
                withheld,
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

/// Route of a document from its content-relative source path.
fn doc_route(rel: &str) -> String {
    format!("{}/{}/", parent_of(rel), stem_of(rel))
}

/// `a/./b/../c` → `a/c`, without touching the file system (attachment paths are
/// joined onto the document's folder and may climb out of it).
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            c => out.push(c),
        }
    }
    out
}

/// A relative link in a body, written as a source file, to the page URL.
fn resolve_link(
    routes: &HashMap<String, String>,
    from_dir: &str,
    dest: &str,
    base_path: &str,
) -> Option<String> {
    let frag = dest.split_once('#').map(|(_, f)| f);
    let target = crate::routes::linked_source(from_dir, dest)?;
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
    fn names_that_break_urls_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let write = |rel: &str, text: &str| {
            let p = dir.path().join(rel);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        };
        write("xxgk.yaml", "站点名称: 某县\n机构名称: 某县人民政府\n");
        write("content/gkzn/_index.md", "---\n名称: 指南\n---\n");
        write("content/a#b/_index.md", "---\n名称: 甲\n---\n");
        let doc = "---\n标题: 通知\n发布日期: 2026-01-05\n---\n正文\n";
        for name in [
            "关于 印发（2026）#1.md",
            "a%2e%2e.md",
            "问号?.md",
            "空 格.md",
        ] {
            write(&format!("content/gkzn/{name}"), doc);
        }
        let (_, diags) = load(&LoadOptions {
            root: dir.path().to_path_buf(),
            today: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
            base_url: None,
        });
        let mut bad: Vec<String> = diags
            .iter()
            .filter(|d| d.rule == "bad-file-name" && d.is_error())
            .map(|d| format!("{}:{}", d.file, d.line))
            .collect();
        bad.sort();
        assert_eq!(
            bad,
            [
                "content/a#b/_index.md:0",
                "content/gkzn/a%2e%2e.md:0",
                "content/gkzn/关于 印发（2026）#1.md:0",
                "content/gkzn/问号?.md:0",
            ]
        );
    }

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
