//! The publication set: what of a loaded portal reaches residents, decided in one
//! place. Pages, the attachment copies, the sitemap, the feed, the search data and
//! what `xxgk serve` answers all take from a [`Publication`]; the renderer refuses
//! to copy any file that is not in it (or a theme asset), so a second path that
//! published something else would fail the build rather than leak.
//!
//! It is computed from the [`Portal`] (cheaply: ids and paths) rather than stored in
//! it, because the live preview patches documents into a portal in place; each
//! render pass computes it once.

use crate::confinement::FileId;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{DocId, Document, Portal};
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

/// A file copied into the site beside a public document's page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublishedFile {
    pub doc: DocId,
    /// Canonical path on disk, inside `content/`.
    pub source: PathBuf,
    /// Path below the output folder: the page's route and the file name.
    pub out: String,
}

#[derive(Debug, Clone, Default)]
pub struct Publication {
    /// Documents whose page is published (主动公开), in [`DocId`] order.
    pub pages: Vec<DocId>,
    /// Documents shown only as a directory row (依申请公开, 不予公开 — not 涉密).
    pub listed: Vec<DocId>,
    files: BTreeMap<DocId, Vec<PublishedFile>>,
}

impl Publication {
    /// Whether a document's page, body and files are published.
    pub fn has_page(d: &Document) -> bool {
        d.is_public()
    }

    /// Whether a document appears as a directory row only (metadata, never its body).
    pub fn is_listed(d: &Document) -> bool {
        !Self::has_page(d) && !d.is_secret()
    }

    pub fn of(portal: &Portal) -> Publication {
        let mut p = Publication::default();
        for d in &portal.documents {
            if Self::has_page(d) {
                p.pages.push(d.id);
                p.files.insert(d.id, Self::files_for(portal, d));
            } else if Self::is_listed(d) {
                p.listed.push(d.id);
            }
        }
        p
    }

    /// The files one document publishes beside its page (none unless it has one): what
    /// [`Publication::of`] holds for it, without the rest of the portal.
    pub fn files_for(portal: &Portal, d: &Document) -> Vec<PublishedFile> {
        if !Self::has_page(d) {
            return vec![];
        }
        let route = portal.doc_route(d.id);
        d.attachments
            .iter()
            .map(|a| PublishedFile {
                doc: d.id,
                source: a.path.clone(),
                out: format!("{route}{}", a.file_name),
            })
            .collect()
    }

    /// The public documents.
    pub fn documents<'a>(&'a self, portal: &'a Portal) -> impl Iterator<Item = &'a Document> {
        self.pages.iter().map(|id| portal.doc(*id))
    }

    /// The files published beside one document's page (none for any other document).
    pub fn files_of(&self, doc: DocId) -> &[PublishedFile] {
        self.files.get(&doc).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Every published file, by document.
    pub fn files(&self) -> impl Iterator<Item = &PublishedFile> {
        self.files.values().flatten()
    }
}

/// A file that a public document publishes and a document that is not public
/// attaches too is refused: the withheld document's attachment would be published
/// under another page. Files compare by identity (device and inode on unix), so a
/// second spelling, a symlink or a hard link is the same file. Also refuses an
/// attachment that would take the place of the page itself (`index.html`), and one a
/// browser would run on the portal's own origin (see [`active_extension`]).
pub fn check_files(portal: &Portal, diags: &mut Diagnostics) {
    let mut withheld: HashMap<FileId, Vec<(&Document, usize)>> = HashMap::new();
    for d in portal
        .documents
        .iter()
        .filter(|d| !Publication::has_page(d))
    {
        for f in &d.withheld_files {
            withheld
                .entry(FileId::of(&f.path))
                .or_default()
                .push((d, f.line));
        }
    }
    for d in portal.documents.iter().filter(|d| Publication::has_page(d)) {
        // Two attachments under one name (a/x.pdf and b/x.pdf, or X.pdf and x.pdf on
        // a server that ignores case) are one URL: one would silently replace the other.
        // (The same file listed twice is one download, not a clash.)
        let mut names: HashMap<String, (usize, FileId)> = HashMap::new();
        for a in &d.attachments {
            let id = FileId::of(&a.path);
            let name = a.file_name.to_lowercase();
            if let Some((first, first_id)) = names.get(&name)
                && *first_id != id
            {
                let first = *first;
                diags.push(
                    Diagnostic::error(
                        "attachment-name",
                        &d.source,
                        a.line,
                        format!(
                            "附件名“{}”与第 {first} 行的附件重名（不区分大小写）：两者的下载地址相同，一个会覆盖另一个",
                            a.file_name
                        ),
                    )
                    .hint("给其中一个附件改名，如 附件1.pdf、附件2.pdf"),
                );
            } else {
                names.insert(name, (a.line, id));
            }
        }
        for a in &d.attachments {
            if let Some(ext) = active_extension(&a.file_name) {
                diags.push(
                    Diagnostic::error(
                        "attachment-active",
                        &d.source,
                        a.line,
                        format!("附件“{}”是浏览器会执行的文件类型（.{ext}）：它可以在本站运行脚本或跳转到其他网站", a.file_name),
                    )
                    .hint("网页、脚本和 SVG 不能作为附件发布；请转为 PDF（或 WORD、图片 PNG/JPG）后再附上"),
                );
            } else if a.file_name.eq_ignore_ascii_case("index.html") {
                diags.push(
                    Diagnostic::error(
                        "attachment-name",
                        &d.source,
                        a.line,
                        "附件名为 index.html，会顶替本文档的页面",
                    )
                    .hint("给附件换一个文件名，如 附件1.html"),
                );
            }
            let Some(others) = withheld.get(&FileId::of(&a.path)) else {
                continue;
            };
            for (w, line) in others {
                let file = crate::diagnostics::display_path(&portal.root, &a.path);
                diags.push(
                    Diagnostic::error(
                        "attachment-withheld",
                        &d.source,
                        a.line,
                        format!(
                            "附件 {file} 同时是{}文档 {}:{line}（{}）的附件：发布本文档会把它一并公开",
                            w.disclosure.mode().zh(),
                            w.source,
                            w.title
                        ),
                    )
                    .hint("不公开文档的附件不能再作为公开文档的附件；如确需公开，请另存一份经审查的公开版本（不同的文件），或调整其公开方式"),
                );
            }
        }
    }
}

/// File types a browser runs rather than shows: an attachment of these, served from
/// the portal's origin, would carry script or a redirect past the sanitiser and the
/// page's policy (an HTML file pulling a `.js` attachment is "same origin" to the CSP).
/// SVG and XML may hold script or an XSLT sheet. Compared without case; `None` for a
/// type that is only displayed or downloaded.
pub fn active_extension(file_name: &str) -> Option<String> {
    const ACTIVE: &[&str] = &[
        "html", "htm", "xhtml", "xht", "shtml", "mhtml", "mht", "svg", "svgz", "js", "mjs", "cjs",
        "xml", "xsl", "xslt", "swf", "hta", "appcache", "manifest", "wasm",
    ];
    let ext = file_name.rsplit_once('.')?.1.to_ascii_lowercase();
    ACTIVE.contains(&ext.as_str()).then_some(ext)
}

#[cfg(test)]
mod active_tests {
    use super::active_extension;

    #[test]
    fn pages_scripts_and_svg_are_active_documents_are_not() {
        for name in [
            "说明.html",
            "A.HTM",
            "图.svg",
            "x.js",
            "feed.XML",
            "a.tar.xhtml",
        ] {
            assert!(active_extension(name).is_some(), "{name}");
        }
        for name in [
            "通知.pdf",
            "表.xlsx",
            "措施.docx",
            "图.png",
            "名单.csv",
            "说明.txt",
            "html",
        ] {
            assert_eq!(active_extension(name), None, "{name}");
        }
    }
}
