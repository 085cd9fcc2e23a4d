//! 附件: the files a document lists, resolved inside the portal and checked to exist,
//! and the spreadsheet behind a structured document offered as a download.

use super::*;

pub(super) const ATTACHMENT_FIELDS: &[Field] = &[
    field("path", &["路径", "文件"]),
    field("title", &["标题", "名称"]),
];

/// A spreadsheet behind a structured document's rows, offered as a download.
pub(super) fn sheet_attachment(path: PathBuf) -> Option<Attachment> {
    let file_name = path.file_name()?.to_string_lossy().into_owned();
    let bytes = std::fs::metadata(&path).ok()?.len();
    Some(Attachment {
        title: format!("电子表格：{file_name}"),
        path,
        file_name,
        bytes,
        // The sheet is named in the document's data, not in 附件.
        line: 0,
    })
}

pub(super) fn read_attachments(
    f: &Fields,
    lines: &KeyLines,
    dir: &Path,
    root: &Path,
    public: bool,
    diags: &mut Diagnostics,
) -> Vec<Attachment> {
    let items: Vec<Value> = match f.value("attachments") {
        None => return vec![],
        Some(Value::Sequence(s)) => s.clone(),
        Some(v) => vec![v.clone()],
    };
    let name = lookup_name(f, lines, "attachments");
    let content = root.join(super::super::CONTENT_DIR);
    let mut out = vec![];
    for (i, item) in items.iter().enumerate() {
        let item_lines = lines.nested(&name, Some(i));
        let (rel, title, line) = match item {
            Value::Mapping(m) => {
                let a = Fields::read(&f.file, m, &item_lines, ATTACHMENT_FIELDS, true, diags);
                (
                    a.text("path", ATTACHMENT_FIELDS, diags),
                    a.text("title", ATTACHMENT_FIELDS, diags),
                    a.line("path"),
                )
            }
            // One path per line under the key.
            v => (scalar_text(v), None, f.line("attachments") + 1 + i),
        };
        let Some(rel) = rel else {
            if public {
                diags.push(
                    Diagnostic::error("missing-field", &f.file, line, "附件缺少路径（path）")
                        .hint("写作 - path: files/文件名.pdf"),
                );
            }
            continue;
        };
        // Only a file inside content/ is ever published, whatever the path says; a
        // withheld document's paths are checked too, as they are compared with the
        // public documents' files (see publication::check_files).
        let path = match crate::confinement::resolve(&content, dir, &rel) {
            Ok(p) => p,
            Err(crate::confinement::Refusal::Missing) if !public => continue,
            Err(crate::confinement::Refusal::Missing) => {
                diags.push(missing_attachment(&f.file, line, &rel, root, dir));
                continue;
            }
            Err(why) => {
                diags.push(
                    Diagnostic::error("attachment-outside", &f.file, line, why.zh(&rel, "content"))
                        .hint(crate::confinement::OUTSIDE_HINT),
                );
                continue;
            }
        };
        match std::fs::metadata(&path) {
            Ok(meta) if meta.is_file() => {
                // The name as written, not the symlink's target: it is the download's URL.
                let file_name = Path::new(&rel.replace('\\', "/"))
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                // The name is the download's URL: `#`, `?`, `%` or a line break in it
                // would send the link elsewhere (or split a header or the sitemap).
                if let Some(c) = super::super::url_breaking(&file_name) {
                    diags.push(
                        Diagnostic::error(
                            "bad-file-name",
                            &f.file,
                            line,
                            format!(
                                "附件名“{}”中的“{}”会截断网址：下载链接打不开",
                                file_name.escape_debug(),
                                c.escape_debug()
                            ),
                        )
                        .hint("给附件改名，只用字母、数字、短横线或汉字，如 附件1.pdf"),
                    );
                    continue;
                }
                let title = title.unwrap_or_else(|| {
                    Path::new(&file_name)
                        .file_stem()
                        .map(|s| s.to_string_lossy().into_owned())
                        .unwrap_or_default()
                });
                out.push(Attachment {
                    path,
                    file_name,
                    title,
                    bytes: meta.len(),
                    line,
                });
            }
            _ if !public => {}
            _ => diags.push(missing_attachment(&f.file, line, &rel, root, dir)),
        }
    }
    out
}

/// An attachment path that names no file (said where it is looked for).
pub(super) fn missing_attachment(
    file: &str,
    line: usize,
    rel: &str,
    root: &Path,
    dir: &Path,
) -> Diagnostic {
    Diagnostic::error(
        "missing-attachment",
        file,
        line,
        format!("附件“{rel}”不存在"),
    )
    .hint(format!(
        "路径相对于本文件所在目录：{}",
        crate::diagnostics::display_path(root, dir)
    ))
}
