//! Generated downloads: a public 规范性文件 that lists no WORD or no PDF attachment
//! gets the missing one generated from its Markdown (seeds 000, 001: 附件提供WORD和PDF
//! 两种下载版本, 去公章的文字版并统一字体格式), and so does any document with
//! `生成下载: true`. `生成下载: false` opts a 规范性文件 out: it is then reported by
//! `normative-downloads` until the editor attaches the signed originals.
//!
//! They become ordinary attachments of the document, added to the model right after
//! loading: the publication set copies them, the personal-data screening reads them
//! and `normative-downloads` sees them, like every file an editor attaches.
//!
//! Files are cached in `.xxgk/downloads/` under a hash of what makes them (the typst
//! source, i.e. title, 文号 and body; the fonts found; the generator's version), so a
//! clean build re-typesets only changed documents. Generation runs in parallel over
//! documents, and a portal without such documents never looks for fonts.

mod typeset;
mod write;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{Attachment, Document, Kind, Portal};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use typeset::Paper;

/// Changes whenever the layout changes, so that old cached files are not reused.
const GENERATOR: &str = concat!("xxgk ", env!("CARGO_PKG_VERSION"), " downloads 1");
pub const CACHE_DIR: &str = ".xxgk/downloads";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Word,
    Pdf,
}

impl Format {
    fn ext(self) -> &'static str {
        match self {
            Format::Word => "docx",
            Format::Pdf => "pdf",
        }
    }
    fn zh(self) -> &'static str {
        match self {
            Format::Word => "WORD版",
            Format::Pdf => "PDF版",
        }
    }
    fn supplied(self, d: &Document) -> bool {
        d.attachments.iter().any(|a| {
            let ext = Path::new(&a.file_name)
                .extension()
                .and_then(|e| e.to_str())
                .unwrap_or("")
                .to_ascii_lowercase();
            match self {
                Format::Word => matches!(ext.as_str(), "doc" | "docx" | "wps"),
                Format::Pdf => ext == "pdf",
            }
        })
    }
}

/// Splits a `.md` source into its front matter (YAML) and body.
fn split(text: &str) -> Option<(&str, &str)> {
    let rest = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))?;
    let end = rest.find("\n---")?;
    let after = &rest[end + 4..];
    let body = after.split_once('\n').map(|(_, b)| b).unwrap_or("");
    Some((&rest[..end], body))
}

/// Whether a document gets its missing downloads generated: as `生成下载` says, else
/// every 规范性文件 (the seeds require both versions of each).
pub fn wanted(d: &Document) -> bool {
    d.downloads.unwrap_or(d.kind == Kind::Normative)
}

/// One generated file: its format, cache path and size, or why it failed.
type Made = Result<(Format, PathBuf, u64), String>;

struct Job {
    doc: usize,
    formats: Vec<Format>,
    paper: Paper,
}

/// What a document's generated files are made of: its title, 文号 and the body of its
/// source; `None` when the source cannot be read as front matter and body.
fn paper(root: &Path, d: &Document) -> Option<Paper> {
    let text = std::fs::read_to_string(root.join(&d.source)).ok()?;
    let (_, body) = split(&text)?;
    Some(Paper {
        title: d.title.clone(),
        doc_number: d.doc_number.clone(),
        body: typeset::pieces(body),
    })
}

/// Typesets one document's PDF (`pdf`) or WORD file now, bypassing the cache: the
/// unit of work that `examples/bench_downloads.rs` times.
pub fn typeset_now(root: &Path, d: &Document, pdf: bool) -> Result<Vec<u8>, String> {
    let paper = paper(root, d).ok_or_else(|| format!("无法读取 {}", d.source))?;
    if pdf {
        typeset::pdf(&paper)
    } else {
        write::docx(&paper)
    }
}

/// The threads that typeset. typst recurses deeply (far more in a debug build), and
/// on the global pool a worker waiting in a join runs other work on top of its own
/// stack, so two typesettings could share one 2 MiB stack and overflow it. Its own
/// pool, with roomy stacks, bounds that; typst's own parallel work stays inside it.
fn typesetting() -> Option<&'static rayon::ThreadPool> {
    static POOL: std::sync::OnceLock<Option<rayon::ThreadPool>> = std::sync::OnceLock::new();
    POOL.get_or_init(|| {
        rayon::ThreadPoolBuilder::new()
            .thread_name(|i| format!("typeset-{i}"))
            .stack_size(64 << 20)
            .build()
            .ok()
    })
    .as_ref()
}

/// Adds the generated WORD and PDF files to the documents that need them.
pub fn attach(portal: &mut Portal, diags: &mut Diagnostics) {
    let root = portal.root.clone();
    let mut jobs = vec![];
    for (i, d) in portal.documents.iter().enumerate() {
        // Never a withheld document: its body is not published, so neither is a copy.
        if !d.is_public() || !d.source.ends_with(".md") || !wanted(d) {
            continue;
        }
        let missing: Vec<Format> = [Format::Word, Format::Pdf]
            .into_iter()
            .filter(|f| !f.supplied(d))
            .collect();
        if missing.is_empty() {
            continue;
        }
        let Some(paper) = paper(&root, d) else {
            continue;
        };
        jobs.push(Job {
            doc: i,
            formats: missing,
            paper,
        });
    }
    if jobs.is_empty() {
        return;
    }
    let families = match typeset::font_families() {
        Ok(f) => f,
        Err(e) => {
            for j in &jobs {
                let d = &portal.documents[j.doc];
                diags.push(
                    Diagnostic::error("downloads-font", &d.source, d.line_of("title"), e.clone())
                        .hint(typeset::NO_FONT_HINT),
                );
            }
            return;
        }
    };
    let cache = root.join(CACHE_DIR);
    let typeset_all = || -> Vec<(usize, Vec<Made>)> {
        jobs.par_iter()
            .map(|j| {
                let src = typeset::source(&j.paper);
                let made = j
                    .formats
                    .iter()
                    .map(|&f| {
                        let key = typst::utils::hash128(&(GENERATOR, &families, f.ext(), &src));
                        let path = cache.join(format!("{key:032x}.{}", f.ext()));
                        if let Ok(m) = std::fs::metadata(&path)
                            && m.len() > 0
                        {
                            return Ok((f, path, m.len()));
                        }
                        let bytes = match f {
                            Format::Pdf => typeset::pdf(&j.paper)?,
                            Format::Word => write::docx(&j.paper)?,
                        };
                        store(&path, &bytes)?;
                        Ok((f, path, bytes.len() as u64))
                    })
                    .collect();
                (j.doc, made)
            })
            .collect()
    };
    // Without threads to be had, on the global pool: slower to fail than not at all.
    let results = match typesetting() {
        Some(pool) => pool.install(typeset_all),
        None => typeset_all(),
    };
    for (i, made) in results {
        let d = &mut portal.documents[i];
        let stem = Path::new(&d.source)
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("document")
            .to_string();
        for m in made {
            match m {
                Ok((f, path, bytes)) => {
                    let mut file_name = format!("{stem}.{}", f.ext());
                    let mut k = 2;
                    while d.attachments.iter().any(|a| a.file_name == file_name) {
                        file_name = format!("{stem}-{k}.{}", f.ext());
                        k += 1;
                    }
                    d.attachments.push(Attachment {
                        path,
                        file_name,
                        title: format!("{}（{}）", d.title, f.zh()),
                        bytes,
                        line: 0,
                    });
                }
                Err(e) => diags.push(
                    Diagnostic::error("downloads-generate", &d.source, d.line_of("title"), e).hint(
                        "检查正文能否正常显示；仍不行时，请在 附件 中自行列出 WORD 版和 PDF 版",
                    ),
                ),
            }
        }
    }
}

/// Writes a cache file whole or not at all (a temp file renamed into place, made
/// with the usual permissions: it is copied into the site as it is).
fn store(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| format!("无法建立 {}：{e}", dir.display()))?;
    // Unique per write: two documents with the same text make the same file at once.
    static SEQ: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = SEQ.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let tmp = path.with_extension(format!("tmp{}-{n}", std::process::id()));
    let done = std::fs::write(&tmp, bytes).and_then(|()| std::fs::rename(&tmp, path));
    if let Err(e) = done {
        let _ = std::fs::remove_file(&tmp);
        return Err(format!("无法写入 {}：{e}", path.display()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_split() {
        let (front, body) =
            split("---\n标题: 甲\n生成下载: true  # WORD 和 PDF\n---\n正文\n").unwrap();
        assert_eq!(front, "标题: 甲\n生成下载: true  # WORD 和 PDF");
        assert_eq!(body, "正文\n");
        assert_eq!(split("无前言"), None);
    }
}
