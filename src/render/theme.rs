//! The theme: Tera templates and static assets.
//!
//! The default theme is compiled into the binary from `themes/default/`. A portal
//! may carry its own copy at `themes/default/` (the repository's demo portal does, so
//! template edits show without recompiling), and overrides any template by name in
//! `templates/` and any asset by path in `static/`.

use include_dir::{Dir, include_dir};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use tera::Tera;

static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// Where a static asset comes from.
#[derive(Debug, Clone)]
pub enum Asset {
    Embedded(&'static [u8]),
    File(PathBuf),
}

/// Clone: the differential test loads a theme once per template change.
#[derive(Clone)]
pub struct Theme {
    pub tera: Tera,
    /// Output path below `static/` → source.
    pub assets: BTreeMap<String, Asset>,
}

#[derive(Debug, Clone)]
pub struct ThemeError {
    pub file: String,
    pub message: String,
}

impl Theme {
    pub fn load(root: &Path) -> Result<Theme, ThemeError> {
        let mut templates: BTreeMap<String, (String, String)> = BTreeMap::new();
        let mut assets = BTreeMap::new();
        if let Some(dir) = DEFAULT_THEME.get_dir("templates") {
            for f in walk_embedded(dir) {
                let name = rel_name(f.path(), "templates");
                let text = String::from_utf8_lossy(f.contents()).into_owned();
                templates.insert(
                    name.clone(),
                    (format!("(built-in theme)/templates/{name}"), text),
                );
            }
        }
        if let Some(dir) = DEFAULT_THEME.get_dir("static") {
            for f in walk_embedded(dir) {
                assets.insert(rel_name(f.path(), "static"), Asset::Embedded(f.contents()));
            }
        }
        for (dir, label) in [
            (
                root.join("themes/default/templates"),
                "themes/default/templates",
            ),
            (root.join("templates"), "templates"),
        ] {
            for (name, path) in files_below(root, &dir, label)? {
                let text = std::fs::read_to_string(&path).map_err(|e| ThemeError {
                    file: format!("{label}/{name}"),
                    message: e.to_string(),
                })?;
                templates.insert(name.clone(), (format!("{label}/{name}"), text));
            }
        }
        for (dir, label) in [
            (root.join("themes/default/static"), "themes/default/static"),
            (root.join("static"), "static"),
        ] {
            for (name, path) in files_below(root, &dir, label)? {
                // static/ is published as is, past the personal-data screening and the
                // publication set: it may hold the theme's assets, not documents.
                if let Some(ext) = document_extension(&name) {
                    return Err(ThemeError {
                        file: format!("{label}/{name}"),
                        message: format!(
                            "{label}/ 只放网站样式、脚本、图片和字体，不能放 .{ext} 文档：其中的内容不经审查就会发布。请把文件作为公开文档的附件放到 content/ 中"
                        ),
                    });
                }
                assets.insert(name, Asset::File(path));
            }
        }
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html", ".xml"]);
        tera.set_escape_fn(escape_html);
        let raw: Vec<(String, String)> = templates
            .iter()
            .map(|(name, (_, text))| (name.clone(), text.clone()))
            .collect();
        tera.add_raw_templates(raw).map_err(|e| {
            let mut msg = e.to_string();
            let mut src = std::error::Error::source(&e);
            while let Some(s) = src {
                msg.push_str(": ");
                msg.push_str(&s.to_string());
                src = s.source();
            }
            // Tera names the broken template as `Failed to parse 'name'`; the message may
            // mention others too (`{% extends "base.html" %}`).
            let quoted = msg
                .split_once("Failed to parse '")
                .and_then(|(_, rest)| rest.split_once('\''))
                .map(|(name, _)| name.to_string());
            let file = quoted
                .filter(|k| templates.contains_key(k))
                .or_else(|| templates.keys().find(|k| msg.contains(k.as_str())).cloned())
                .map(|k| templates[&k].0.clone())
                .unwrap_or_else(|| "templates".into());
            ThemeError { file, message: msg }
        })?;
        Ok(Theme { tera, assets })
    }
}

/// Document and data types that belong in `content/` as attachments (where they are
/// screened), not among the theme's assets. `robots.txt` and the like are assets.
fn document_extension(name: &str) -> Option<String> {
    const DOCUMENTS: &[&str] = &[
        "pdf", "doc", "docx", "xls", "xlsx", "xlsm", "csv", "ods", "odt", "wps", "et", "rtf",
        "txt", "md", "zip", "rar", "7z", "tar", "gz", "ofd",
    ];
    const ASSET_TEXTS: &[&str] = &["robots.txt", "humans.txt", "security.txt", "ads.txt"];
    let file = name.rsplit('/').next().unwrap_or(name).to_ascii_lowercase();
    if ASSET_TEXTS.contains(&file.as_str()) {
        return None;
    }
    let ext = file.rsplit_once('.')?.1.to_string();
    DOCUMENTS.contains(&ext.as_str()).then_some(ext)
}

/// Tera's default escaper also escapes `/`, which turns every URL into `&#x2F;…`;
/// only the characters that matter in HTML text and attributes are escaped here.
pub fn escape_html(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    for c in input.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn walk_embedded<'a>(dir: &'a Dir<'a>) -> Vec<&'a include_dir::File<'a>> {
    let mut out: Vec<&include_dir::File> = dir.files().collect();
    for d in dir.dirs() {
        out.extend(walk_embedded(d));
    }
    out
}

fn rel_name(path: &Path, prefix: &str) -> String {
    let p = path.strip_prefix(prefix).unwrap_or(path);
    p.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// The files below a theme folder. A symlink is followed only when its target lies
/// inside the same folder: one leading elsewhere (`static/x.txt -> /etc/passwd`)
/// would publish a file from outside the portal, and stops the build. So does a
/// folder that itself resolves outside the portal.
fn files_below(root: &Path, dir: &Path, label: &str) -> Result<Vec<(String, PathBuf)>, ThemeError> {
    if !dir.is_dir() {
        return Ok(vec![]);
    }
    let outside = |file: String, to: &Path| ThemeError {
        file,
        message: format!(
            "符号链接指向 {label}/ 之外（{}）：只能发布 {label}/ 中的文件；请删除该链接，把文件复制进来",
            to.display()
        ),
    };
    let base = dir.canonicalize().map_err(|e| ThemeError {
        file: label.to_string(),
        message: e.to_string(),
    })?;
    let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    if !base.starts_with(&root) {
        return Err(outside(label.to_string(), &base));
    }
    let mut out = vec![];
    let entries = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| !e.file_name().to_string_lossy().starts_with('.'));
    for e in entries {
        let name = crate::diagnostics::display_path(dir, e.path());
        if e.path_is_symlink() && e.depth() > 0 {
            let target = e.path().canonicalize().unwrap_or_default();
            if !target.starts_with(&base) {
                return Err(outside(format!("{label}/{name}"), &target));
            }
            // A link to a file inside is that file under a second name; a link to a
            // folder inside is not walked (its files are published under their own names).
            if target.is_file() {
                out.push((name, target));
            }
        } else if e.file_type().is_file() {
            out.push((name, e.path().to_path_buf()));
        }
    }
    Ok(out)
}
