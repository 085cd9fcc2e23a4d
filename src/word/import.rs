//! `xxgk import FILE.docx…`: one Markdown document per Word file, with the fields
//! recognised from its 公文 layout, the body as Markdown, its images as attachments
//! and the original kept beside it as the WORD download.
//!
//! Every file is tried and every problem reported in one run; a refused file writes
//! nothing. A file whose original would publish what the page does not show
//! (tracked changes, comments, hidden text) or that carries a 密级 is refused.

use super::body;
use super::read::{self, Block};
use super::recognise::{self, Line, Recognised};
use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics, display_path};
use crate::load::CONTENT_DIR;
use crate::model::{IndexNo, Kind};
use chrono::{Datelike, NaiveDate};
use std::path::{Path, PathBuf};

/// One Word file imported.
#[derive(Debug)]
pub struct Imported {
    pub source: PathBuf,
    /// The Markdown document written.
    pub path: PathBuf,
    pub recognised: Recognised,
    /// Files written beside it (the WORD original, images), relative to the document.
    pub files: Vec<String>,
    pub kind: Option<Kind>,
    pub index_no: Option<IndexNo>,
}

#[derive(Debug, Default)]
pub struct Outcome {
    pub imported: Vec<Imported>,
    /// Files refused, and what `check` reports about the documents written.
    pub diagnostics: Vec<Diagnostic>,
}

impl Outcome {
    pub fn refused(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.is_error() && d.rule.starts_with("import"))
            .count()
    }
}

const IMPORT_HINT: &str =
    "在 Word 中：审阅 → 接受所有修订、删除所有批注，删去隐藏文字，另存为 .docx 后再导入";

/// Imports `files` into `column` (a path below content/), or into the first column
/// whose kind is 其他文件 (政策文件), else 规范性文件.
pub fn import(root: &Path, files: &[PathBuf], column: Option<&str>, today: NaiveDate) -> Outcome {
    let mut out = Outcome::default();
    let mut diags = Diagnostics::new();
    let Some(config) = Config::load(root, &mut diags) else {
        out.diagnostics = diags.sorted();
        return out;
    };
    let content = root.join(CONTENT_DIR);
    let column = match column {
        Some(c) => {
            let c = c.trim_matches('/').to_string();
            // Only a folder below content/: `..` or an absolute path would write elsewhere.
            let inside = Path::new(&c)
                .components()
                .all(|p| matches!(p, std::path::Component::Normal(_)));
            if !inside || !content.join(&c).join("_index.md").is_file() {
                out.diagnostics.push(
                    Diagnostic::error(
                        "import-column",
                        format!("content/{c}"),
                        0,
                        format!("栏目 {c} 不存在（content/{c}/_index.md 没有找到）"),
                    )
                    .hint(
                        "用 --column 写 content/ 下已有栏目的目录，如 --column fdzdgknr/zcwj/gfxwj",
                    ),
                );
                return out;
            }
            c
        }
        None => match crate::scaffold::find_column_for(&content, Kind::Policy)
            .or_else(|| crate::scaffold::find_column_for(&content, Kind::Normative))
        {
            Some(c) => c,
            None => {
                out.diagnostics.push(
                    Diagnostic::error(
                        "import-column",
                        "content",
                        0,
                        "没有类型为“其他文件”或“规范性文件”的栏目可放导入的文档",
                    )
                    .hint("用 --column 指定栏目目录，如 --column fdzdgknr/zcwj/gfxwj"),
                );
                return out;
            }
        },
    };
    let kind = column_kind(&content.join(&column));
    for file in files {
        match import_one(root, &config, file, &column, kind, today) {
            Ok(imp) => out.imported.push(imp),
            Err(d) => out.diagnostics.extend(d),
        }
    }
    if !out.imported.is_empty() {
        // What the editor still has to fill in: exactly what `check` says of the new files.
        let written: Vec<String> = out
            .imported
            .iter()
            .map(|i| display_path(root, &i.path))
            .collect();
        let checked = crate::check::check(&crate::load::LoadOptions {
            root: root.to_path_buf(),
            today,
            base_url: None,
        });
        out.diagnostics.extend(
            checked
                .diagnostics
                .into_iter()
                .filter(|d| written.contains(&d.file)),
        );
    }
    out
}

fn column_kind(dir: &Path) -> Option<Kind> {
    let text = std::fs::read_to_string(dir.join("_index.md")).ok()?;
    let yaml = text.strip_prefix("---\n")?.split("\n---").next()?;
    yaml.lines()
        .find_map(|l| l.strip_prefix("类型:").or_else(|| l.strip_prefix("kind:")))
        .and_then(|v| Kind::parse(v.split('#').next().unwrap_or("").trim()))
}

fn refuse(file: &str, message: impl Into<String>, hint: &str) -> Vec<Diagnostic> {
    vec![Diagnostic::error("import-refused", file, 0, message).hint(hint)]
}

fn import_one(
    root: &Path,
    config: &Config,
    file: &Path,
    column: &str,
    kind: Option<Kind>,
    today: NaiveDate,
) -> Result<Imported, Vec<Diagnostic>> {
    let shown = file.display().to_string();
    let ext = file
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    match ext.as_str() {
        "docx" => {}
        "doc" | "wps" | "wpt" | "dot" | "rtf" => {
            return Err(refuse(
                &shown,
                format!("“.{ext}”是旧版 Word/WPS 格式，不能导入"),
                "在 Word 或 WPS 中打开，“另存为”选择 Word 文档（*.docx），再导入 .docx 文件",
            ));
        }
        _ => {
            return Err(refuse(
                &shown,
                "不是 Word 文档（只能导入 .docx）",
                "导入 Word 文档（.docx）；.doc 或 .wps 请先另存为 .docx",
            ));
        }
    }
    let bytes = match crate::limits::read_bounded(file, read::DOCX_MAX) {
        Ok(Ok(b)) => b,
        Ok(Err(size)) => {
            return Err(refuse(
                &shown,
                format!(
                    "文件有 {} MiB，超过可导入的上限 {} MiB",
                    size >> 20,
                    read::DOCX_MAX >> 20
                ),
                "把图片压缩后另存，或把附件拆为单独的文件",
            ));
        }
        Err(e) => {
            return Err(refuse(
                &shown,
                format!("无法读取：{e}"),
                "检查文件路径和权限",
            ));
        }
    };
    let word = read::read(&bytes).map_err(|e| {
        refuse(
            &shown,
            e,
            "在 Word 或 WPS 中打开该文件，另存为 .docx 后再导入",
        )
    })?;
    let mut problems = vec![];
    if !word.hidden.is_empty() {
        let what: Vec<&str> = word.hidden.iter().map(|h| h.zh()).collect();
        problems.push(
            Diagnostic::error(
                "import-hidden-content",
                &shown,
                0,
                format!(
                    "文档中有{}：原文件作为 WORD 版发布时这些内容会一并公开",
                    what.join("、")
                ),
            )
            .hint(IMPORT_HINT),
        );
    }
    let texts: Vec<String> = word
        .blocks
        .iter()
        .map(|b| match b {
            Block::Para(p) => p.text(),
            Block::Table(_) => String::new(),
        })
        .collect();
    let lines: Vec<Line> = word
        .blocks
        .iter()
        .zip(&texts)
        .map(|(b, t)| Line {
            text: t,
            centered: matches!(b, Block::Para(p) if p.centered),
        })
        .collect();
    let r = recognise::recognise(&lines);
    if let Some(c) = &r.classified {
        problems.push(
            Diagnostic::error(
                "import-classified",
                &shown,
                0,
                format!("文件标有密级“{c}”：涉密文件不得公开"),
            )
            .hint("涉密文件不在政务公开网站发布；确已解密的，请取得解密文件后去掉密级标志再导入"),
        );
    }
    if r.title.is_none() {
        problems.push(
            Diagnostic::error("import-no-title", &shown, 0, "未能识别标题：文档中没有文字")
                .hint("确认导入的是正文文件，而不是扫描件或图片；扫描件请先转为文字"),
        );
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let title = r.title.clone().unwrap_or_default();

    let content = root.join(CONTENT_DIR);
    let dir = content.join(column);
    let index_no = (!config.org_code.is_empty())
        .then(|| crate::scaffold::next_index_no(root, &config.org_code, today.year()));
    let stem = match &index_no {
        Some(n) => format!("{}-{:05}", n.year, n.serial),
        None => today.format("%Y%m%d").to_string(),
    };
    // A stem none of whose files exist yet.
    let taken = |s: &str| {
        dir.join(format!("{s}.md")).exists() || dir.join("files").join(format!("{s}.docx")).exists()
    };
    let mut stem_k = stem.clone();
    let mut k = 2;
    while taken(&stem_k) {
        stem_k = format!("{stem}-{k}");
        k += 1;
    }
    let stem = stem_k;

    let mut files = vec![format!("files/{stem}.docx")];
    let mut image_names = vec![];
    for (i, img) in word.images.iter().enumerate() {
        let ext = if !img.ext.is_empty()
            && img.ext.len() <= 5
            && img.ext.chars().all(|c| c.is_ascii_alphanumeric())
        {
            img.ext.as_str()
        } else {
            "img"
        };
        let name = format!("{stem}-图{}.{ext}", i + 1);
        files.push(format!("files/{name}"));
        image_names.push(name);
    }
    // The 文号 line is dropped wherever it stood: it is a field, not body text.
    let skip: Vec<usize> = r.doc_number.iter().map(|(_, i)| *i).collect();
    let md_body = body::markdown(
        &word.blocks,
        body::Layout {
            start: r.head_end,
            skip: &skip,
            plain: &r.plain,
            image_names: &image_names,
        },
    );
    let front = front_matter(&r, &title, kind, index_no.as_ref(), today, &files);

    let write = |path: &Path, data: &[u8]| -> Result<(), Vec<Diagnostic>> {
        std::fs::write(path, data).map_err(|e| {
            refuse(
                &shown,
                format!("无法写入 {}：{e}", path.display()),
                "检查栏目目录的写入权限",
            )
        })
    };
    let files_dir = dir.join("files");
    std::fs::create_dir_all(&files_dir).map_err(|e| {
        refuse(
            &shown,
            format!("无法建立 {}：{e}", files_dir.display()),
            "检查栏目目录的写入权限",
        )
    })?;
    write(&files_dir.join(format!("{stem}.docx")), &bytes)?;
    for (img, name) in word.images.iter().zip(&image_names) {
        write(&files_dir.join(name), &img.data)?;
    }
    let path = dir.join(format!("{stem}.md"));
    write(&path, format!("{front}{md_body}").as_bytes())?;
    Ok(Imported {
        source: file.to_path_buf(),
        path,
        recognised: r,
        files,
        kind,
        index_no,
    })
}

/// A YAML double-quoted scalar (JSON's string syntax is valid YAML).
fn quoted(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

fn front_matter(
    r: &Recognised,
    title: &str,
    kind: Option<Kind>,
    index_no: Option<&IndexNo>,
    today: NaiveDate,
    files: &[String],
) -> String {
    let mut s = format!(
        "---\n标题: {}\n发布日期: {}\n",
        quoted(title),
        crate::dates::iso(today)
    );
    if let Some(k) = kind {
        s.push_str(&format!("类型: {}\n", k.zh()));
    }
    match index_no {
        Some(n) => s.push_str(&format!("索引号: {n}\n")),
        None => s.push_str("索引号: \"\"  # xxgk.yaml 未设 组织机构代码，请手工填写\n"),
    }
    let policy = kind.is_some_and(|k| k.is_policy());
    match r.written {
        Some(d) => s.push_str(&format!("成文日期: {}\n", crate::dates::iso(d))),
        None if policy => s.push_str("成文日期: \"\"  # 未能识别落款日期，请填写\n"),
        None => {}
    }
    match &r.doc_number {
        Some((n, _)) => s.push_str(&format!("文号: {}\n", quoted(n))),
        None if kind == Some(Kind::Normative) => {
            s.push_str("文号: \"\"  # 原文没有发文字号；规范性文件须有文号\n")
        }
        None => {}
    }
    if let Some(issuer) = r.issuer() {
        s.push_str(&format!("发文机关: {}\n", quoted(issuer)));
    }
    if policy {
        s.push_str("主题分类: \"\"\n主题词: \"\"\n");
    }
    if kind == Some(Kind::Normative) {
        // The original is the WORD version; the PDF version is typeset at build time
        // (the default for a 规范性文件, see `downloads`).
        s.push_str("有效性: 有效\n");
    }
    s.push_str("附件:\n");
    for (i, f) in files.iter().enumerate() {
        let t = if i == 0 {
            format!("{title}（WORD版）")
        } else {
            format!("图{i}")
        };
        s.push_str(&format!(
            "  - path: {}\n    title: {}\n",
            quoted(f),
            quoted(&t)
        ));
    }
    s.push_str("---\n\n");
    s
}

/// What the import prints for one file: the path written and what it recognised.
pub fn summary(root: &Path, imp: &Imported) -> String {
    let r = &imp.recognised;
    let none = "（未识别）";
    let mut s = format!(
        "{} ← {}\n",
        display_path(root, &imp.path),
        imp.source.display()
    );
    let mut field = |k: &str, v: Option<String>| {
        s.push_str(&format!("  {k}：{}\n", v.unwrap_or_else(|| none.into())))
    };
    field("标题", r.title.clone());
    field(
        "文号",
        r.doc_number
            .as_ref()
            .map(|(n, _)| n.clone())
            .or_else(|| Some("无（原文没有发文字号）".into())),
    );
    field("发文机关标志", r.mark.clone());
    field("署名", r.signature.clone());
    field("成文日期", r.written.map(crate::dates::chinese));
    field("主送机关", r.addressee.clone());
    field("类型", imp.kind.map(|k| k.zh().to_string()));
    field("索引号", imp.index_no.as_ref().map(|n| n.to_string()));
    if !r.attachments.is_empty() {
        field("附件说明", Some(r.attachments.join("；")));
    }
    if !r.imprint.is_empty() {
        field("版记", Some(r.imprint.join("；")));
    }
    field("WORD 版", imp.files.first().cloned());
    if imp.files.len() > 1 {
        field("图片", Some(imp.files[1..].join("、")));
    }
    s
}
