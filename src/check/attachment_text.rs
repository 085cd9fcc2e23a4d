//! The text of published Word and PDF attachments, for the personal-data screen:
//! a recipients list is as often a .docx or a .pdf as a spreadsheet.
//!
//! Both readers are bounded: a file over [`MAX_BYTES`], a Word part that inflates past
//! [`MAX_BYTES`] (a zip bomb) or a PDF that takes longer than [`PDF_TIME`] to read is
//! an error, not a wait. A panic of the PDF reader on a damaged file is caught and reported like
//! any other unreadable file.

use std::io::Read;
use std::path::Path;
use std::time::Duration;

/// Largest attachment (and largest inflated Word part) whose text is read.
pub const MAX_BYTES: u64 = 64 * 1024 * 1024;
/// Longest a PDF may take to give its text.
pub const PDF_TIME: Duration = Duration::from_secs(20);

/// Why a file's text could not be read, in Chinese.
pub type Unreadable = String;

/// The text of a .docx: one line per paragraph and per table cell, runs joined as
/// Word shows them; the body, headers, footers, footnotes, endnotes and comments.
pub fn docx(path: &Path) -> Result<String, Unreadable> {
    let file = std::fs::File::open(path).map_err(|e| format!("无法打开：{e}"))?;
    let mut zip =
        zip::ZipArchive::new(file).map_err(|_| "不是有效的 .docx（zip）文件".to_string())?;
    let names: Vec<String> = zip
        .file_names()
        .filter_map(Result::ok)
        .filter(|n| is_text_part(n))
        .map(|n| n.to_string())
        .collect();
    if !names.iter().any(|n| n == "word/document.xml") {
        return Err("缺少 word/document.xml".into());
    }
    let mut out = String::new();
    for name in names {
        let part = zip
            .by_name(&name)
            .map_err(|e| format!("无法读取 {name}：{e}"))?;
        let mut xml = Vec::new();
        part.take(MAX_BYTES + 1)
            .read_to_end(&mut xml)
            .map_err(|e| format!("无法解压 {name}：{e}"))?;
        if xml.len() as u64 > MAX_BYTES {
            return Err(format!("{name} 解压后超过 {} MB", MAX_BYTES >> 20));
        }
        word_xml_text(&xml, &mut out).map_err(|e| format!("{name} 不是有效的 XML：{e}"))?;
    }
    Ok(out)
}

fn is_text_part(name: &str) -> bool {
    let Some(rest) = name.strip_prefix("word/") else {
        return false;
    };
    rest.ends_with(".xml")
        && !rest.contains('/')
        && [
            "document",
            "header",
            "footer",
            "footnotes",
            "endnotes",
            "comments",
        ]
        .iter()
        .any(|p| rest.starts_with(p))
}

fn word_xml_text(xml: &[u8], out: &mut String) -> Result<(), quick_xml::Error> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut in_text = false;
    loop {
        match reader.read_event_into(&mut buf)? {
            Event::Start(e) if e.local_name().into_inner() == "t" => in_text = true,
            Event::End(e) => match e.local_name().into_inner() {
                "t" => in_text = false,
                "p" | "tc" => out.push('\n'),
                _ => {}
            },
            Event::Empty(e) => match e.local_name().into_inner() {
                "br" | "cr" => out.push('\n'),
                "tab" => out.push('\t'),
                _ => {}
            },
            Event::Text(t) if in_text => out.push_str(&t.xml10_content()),
            Event::GeneralRef(r) if in_text => match r.resolve_char_ref() {
                Ok(Some(c)) => out.push(c),
                _ => match &*r {
                    "amp" => out.push('&'),
                    "lt" => out.push('<'),
                    "gt" => out.push('>'),
                    "quot" => out.push('"'),
                    "apos" => out.push('\''),
                    _ => {}
                },
            },
            Event::Eof => return Ok(()),
            _ => {}
        }
        buf.clear();
    }
}

/// The text of a PDF's text layer (empty for a scan).
pub fn pdf(path: &Path) -> Result<String, Unreadable> {
    let len = std::fs::metadata(path)
        .map_err(|e| format!("无法读取：{e}"))?
        .len();
    if len > MAX_BYTES {
        return Err(format!("文件超过 {} MB", MAX_BYTES >> 20));
    }
    let bytes = std::fs::read(path).map_err(|e| format!("无法读取：{e}"))?;
    let (tx, rx) = std::sync::mpsc::channel();
    // A thread of its own so that a PDF that never finishes costs a thread, not the
    // build (lopdf is built without rayon, so it never waits for the busy pool).
    std::thread::Builder::new()
        .name("pdf-text".into())
        .spawn(move || {
            let result = std::panic::catch_unwind(|| {
                let doc = lopdf::Document::load_mem(&bytes)?;
                let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
                doc.extract_text(&pages)
            });
            let _ = tx.send(result);
        })
        .map_err(|e| format!("无法启动读取：{e}"))?;
    match rx.recv_timeout(PDF_TIME) {
        Ok(Ok(Ok(text))) => Ok(text),
        Ok(Ok(Err(e))) => Err(format!("无法读取其中的文字：{e}")),
        Ok(Err(_)) => Err("文件已损坏，无法读取其中的文字".into()),
        Err(_) => Err(format!("{} 秒内未能读出其中的文字", PDF_TIME.as_secs())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_runs_paragraphs_cells_and_references() {
        let xml = r#"<w:document xmlns:w="x"><w:body><w:p><w:r><w:t>电话138</w:t></w:r><w:r><w:t>1234</w:t></w:r><w:r><w:t>&#53;678</w:t></w:r></w:p><w:tbl><w:tr><w:tc><w:p><w:r><w:t>张三</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:body></w:document>"#.as_bytes();
        let mut out = String::new();
        word_xml_text(xml, &mut out).unwrap();
        assert_eq!(out, "电话13812345678\n张三\n\n");
    }

    #[test]
    fn damaged_files_are_errors_not_panics() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.pdf");
        for bytes in [
            &b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF"[..],
            b"not a pdf",
            b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\nxref\n0 99999999\n",
        ] {
            std::fs::write(&p, bytes).unwrap();
            let _ = pdf(&p);
        }
        let d = dir.path().join("a.docx");
        std::fs::write(&d, b"PK\x03\x04 broken").unwrap();
        assert!(docx(&d).is_err());
    }

    #[test]
    fn the_demo_pdf_gives_its_chinese_text() {
        let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("content/gkzn/files/sqb.pdf");
        let t = pdf(&p).unwrap();
        assert!(t.contains("申请"), "{t}");
    }
}
