//! Downloads: every 规范性文件 offers both a WORD and a PDF version (seeds 000, 001),
//! and no attachment is an empty file. Attachments missing on disk are reported by
//! the loader (`missing-attachment`), which `xxgk check` runs first.

use super::{Area, Context, Finding, Rule};
use crate::diagnostics::Severity;
use crate::model::{Document, Kind};

pub const NORMATIVE_DOWNLOADS: Rule = Rule {
    name: "normative-downloads",
    area: Area::Publication,
    severity: Severity::Error,
    blocking: false,
    build: false,
    summary: "行政规范性文件没有同时提供 WORD 版和 PDF 版下载",
    source: "行政规范性文件网络发布要求：提供WORD和PDF两种下载版本",
    check: normative_downloads,
};

pub const ATTACHMENT_EMPTY: Rule = Rule {
    name: "attachment-empty",
    area: Area::Publication,
    severity: Severity::Error,
    blocking: false,
    build: false,
    summary: "附件是空文件（0 字节），下载后无法打开",
    source: "政府信息公开指南和附件链接等关键信息定期排查",
    check: attachment_empty,
};

/// A file whose text is screened for personal data, too large to screen: it would be
/// published unread, so the build stops (fail closed).
pub const TOO_LARGE_TO_SCREEN: Rule = Rule {
    name: "attachment-too-large-to-screen",
    // Personal data: the screen cannot vouch for it, so it blocks as its rules do.
    area: Area::Privacy,
    severity: Severity::Error,
    blocking: true,
    build: true,
    summary: "附件过大，无法筛查其中的个人信息",
    source: "政府网站个人信息保护：发布前筛查附件中的身份证号、手机号等",
    check: too_large_to_screen,
};

/// Formats whose text is read to screen it (text, tables, documents).
const SCREENED: &[&str] = &[
    "txt", "csv", "md", "htm", "html", "xml", "json", "xlsx", "xlsm", "xls", "ods", "docx", "pdf",
];

fn too_large_to_screen(ctx: &Context) -> Vec<Finding> {
    let max = crate::limits::SCREEN_MAX;
    let mut out = vec![];
    for d in ctx.documents().filter(|d| d.is_public()) {
        for path in super::personal_data::downloads(d) {
            let ext = path
                .extension()
                .and_then(|e| e.to_str())
                .unwrap_or("")
                .to_ascii_lowercase();
            let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
            if !SCREENED.contains(&ext.as_str()) || size <= max {
                continue;
            }
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let line = ctx
                .line_containing(&d.source, &name, 1)
                .unwrap_or_else(|| d.line_of("attachments"));
            out.push(Finding::new(
                &d.source,
                line,
                format!(
                    "附件“{name}”有 {} MiB，超过可筛查个人信息的上限 {} MiB，不能发布",
                    size.div_ceil(1 << 20),
                    max >> 20
                ),
                "把附件拆分为几个较小的文件，或只发布汇总表；确认其中没有身份证号、手机号等个人信息",
            ));
        }
    }
    out
}

fn has_format(d: &Document, format: &str) -> bool {
    d.attachments
        .iter()
        .any(|a| a.format() == format && a.bytes > 0)
}

fn normative_downloads(ctx: &Context) -> Vec<Finding> {
    ctx.portal
        .public_documents()
        .filter(|d| d.kind == Kind::Normative)
        .filter_map(|d| {
            let missing: Vec<&str> = [("WORD", "WORD版"), ("PDF", "PDF版")]
                .into_iter()
                .filter(|(f, _)| !has_format(d, f))
                .map(|(_, zh)| zh)
                .collect();
            if missing.is_empty() {
                return None;
            }
            let line = d
                .lines
                .get("attachments")
                .copied()
                .unwrap_or_else(|| d.line_of("title"));
            Some(Finding::new(
                &d.source,
                line,
                format!(
                    "行政规范性文件《{}》缺少{}下载",
                    d.title,
                    missing.join("和")
                ),
                "在 附件 中同时列出去公章的 WORD 版（.doc/.docx）和 PDF 版，如 - path: files/文件名.pdf，title: ……（PDF版）；或删去 生成下载: false 一行，由 xxgk 从正文生成缺少的版本",
            ))
        })
        .collect()
}

fn attachment_empty(ctx: &Context) -> Vec<Finding> {
    let mut out = vec![];
    for d in ctx.portal.public_documents() {
        for a in d.attachments.iter().filter(|a| a.bytes == 0) {
            let line = ctx
                .line_containing(&d.source, &a.file_name, 1)
                .unwrap_or_else(|| d.line_of("attachments"));
            out.push(Finding::new(
                &d.source,
                line,
                format!("附件“{}”（{}）是空文件", a.title, a.file_name),
                "重新导出或复制附件文件，确认能正常打开后再发布",
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::fixture::{self, column, doc};
    use super::*;

    fn portal(attachments: &str, files: &[(&str, &str)]) -> fixture::Fixture {
        let text = doc(
            &format!(
                "标题: 测试县临时救助办法\n发布日期: 2026-06-18\n成文日期: 2026-06-12\n文号: 测政办〔2026〕11号\n索引号: 11990000MB0123456X/2026-00024\n主题分类: 民政、扶贫、救灾\n主题词: 临时救助\n{attachments}\n生成下载: false"
            ),
            "正文",
        );
        let col = column("行政规范性文件", "规范性文件");
        let mut all = vec![
            ("content/gfxwj/_index.md", col.as_str()),
            ("content/gfxwj/lsjz.md", text.as_str()),
        ];
        all.extend_from_slice(files);
        fixture::portal(&all, "2026-11-23")
    }

    #[test]
    fn word_and_pdf_are_both_required() {
        let f = portal("", &[]);
        assert_eq!(
            f.findings(&NORMATIVE_DOWNLOADS),
            ["content/gfxwj/lsjz.md:2: 行政规范性文件《测试县临时救助办法》缺少WORD版和PDF版下载"]
        );
        let f = portal(
            "附件:\n  - path: files/lsjz.docx\n    title: 办法（WORD版）",
            &[("content/gfxwj/files/lsjz.docx", "word")],
        );
        assert_eq!(
            f.findings(&NORMATIVE_DOWNLOADS),
            ["content/gfxwj/lsjz.md:9: 行政规范性文件《测试县临时救助办法》缺少PDF版下载"]
        );
        let f = portal(
            "附件:\n  - files/lsjz.doc\n  - files/lsjz.pdf",
            &[
                ("content/gfxwj/files/lsjz.doc", "word"),
                ("content/gfxwj/files/lsjz.pdf", "%PDF"),
            ],
        );
        assert!(f.findings(&NORMATIVE_DOWNLOADS).is_empty());
    }

    #[test]
    fn an_empty_file_is_no_download() {
        let f = portal(
            "附件:\n  - files/lsjz.docx\n  - files/lsjz.pdf",
            &[
                ("content/gfxwj/files/lsjz.docx", "word"),
                ("content/gfxwj/files/lsjz.pdf", ""),
            ],
        );
        assert_eq!(
            f.findings(&ATTACHMENT_EMPTY),
            ["content/gfxwj/lsjz.md:11: 附件“lsjz”（lsjz.pdf）是空文件"]
        );
        assert_eq!(f.findings(&NORMATIVE_DOWNLOADS).len(), 1);
    }
}
