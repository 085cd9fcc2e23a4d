//! Reading a `.docx` (Office Open XML): the paragraphs, runs, tables and images of
//! `word/document.xml`, in order.
//!
//! Read with `zip` and `quick-xml` (both already in the build through calamine): the
//! docx reader crates drop what recognition needs (merged cells, tracked changes,
//! hidden runs). Everything read is bounded: the file, each part inflated, the
//! number of images.
//!
//! What the file holds but a reader does not see — tracked changes, comments, hidden
//! text — would still be published with the original as its WORD download, so such a
//! file is refused (fail closed) with what to do in Word.

use std::io::Read;

/// The whole `.docx` file.
pub const DOCX_MAX: u64 = 64 << 20;
/// One part (XML or image) once inflated: a zip bomb stops here.
const PART_MAX: u64 = 64 << 20;
/// Images kept from one document.
const IMAGES_MAX: usize = 200;
/// Nesting of tables inside tables (and text boxes): deeper ones are flattened.
const DEPTH_MAX: usize = 16;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Run {
    pub text: String,
    pub bold: bool,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Para {
    pub runs: Vec<Run>,
    pub centered: bool,
    pub right: bool,
    /// Word's automatic numbering (`w:numPr`): the number itself is not in the text.
    pub numbered: bool,
    /// Indexes into [`Word::images`], in the order they appear.
    pub images: Vec<usize>,
}

impl Para {
    pub fn text(&self) -> String {
        self.runs.iter().map(|r| r.text.as_str()).collect()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Merge {
    #[default]
    None,
    /// First cell of a vertical merge.
    Restart,
    /// Covered by the cell above.
    Continue,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Cell {
    pub text: String,
    /// Grid columns the cell spans (`w:gridSpan`).
    pub span: usize,
    pub merge: Merge,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Table {
    pub rows: Vec<Vec<Cell>>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Para(Para),
    Table(Table),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Image {
    /// Extension from the part name (`png`, `jpeg` …), lower case.
    pub ext: String,
    pub data: Vec<u8>,
}

#[derive(Debug, Default)]
pub struct Word {
    pub blocks: Vec<Block>,
    pub images: Vec<Image>,
    /// What the file holds besides its visible text (refused by the import).
    pub hidden: Vec<Hidden>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Hidden {
    Revisions,
    Comments,
    HiddenText,
}

impl Hidden {
    pub fn zh(self) -> &'static str {
        match self {
            Hidden::Revisions => "未接受的修订（删去或改动的文字仍在文件中）",
            Hidden::Comments => "批注",
            Hidden::HiddenText => "隐藏文字",
        }
    }
}

/// Reads a `.docx` from its bytes. The error is a sentence in Chinese.
pub fn read(bytes: &[u8]) -> Result<Word, String> {
    if bytes.len() as u64 > DOCX_MAX {
        return Err(format!(
            "文件有 {} MiB，超过可导入的上限 {} MiB",
            bytes.len() >> 20,
            DOCX_MAX >> 20
        ));
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Err(
            "这是旧版 Word（.doc/.wps）或加密的文档，不是 .docx：请在 Word 或 WPS 中另存为 .docx（并取消密码）"
                .into(),
        );
    }
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|_| "不是有效的 .docx 文件（无法作为 Office Open XML 压缩包打开）".to_string())?;
    let document = part(&mut zip, "word/document.xml")?
        .ok_or_else(|| "不是 Word 文档：缺少 word/document.xml".to_string())?;
    let document = String::from_utf8(document)
        .map_err(|_| "word/document.xml 不是 UTF-8 文本，无法读取".to_string())?;
    let rels = match part(&mut zip, "word/_rels/document.xml.rels")? {
        Some(b) => relationships(&String::from_utf8_lossy(&b)),
        None => vec![],
    };
    let parsed =
        parse_document(&document).map_err(|e| format!("word/document.xml 无法解析：{e}"))?;
    let mut word = parsed.word;
    if let Some(c) = part(&mut zip, "word/comments.xml")?
        && String::from_utf8_lossy(&c).contains("<w:comment ")
    {
        word.hidden.push(Hidden::Comments);
    }
    // Images: relationship id → media part, read once each, in order of appearance.
    let mut images = vec![];
    for rid in parsed.images_by_rel {
        let Some((_, target)) = rels.iter().find(|(id, _)| *id == rid) else {
            images.push(None);
            continue;
        };
        let name = resolve_target(target);
        let data = if images.iter().flatten().count() < IMAGES_MAX {
            part(&mut zip, &name)?
        } else {
            None
        };
        let ext = name
            .rsplit_once('.')
            .map(|(_, e)| e.to_ascii_lowercase())
            .unwrap_or_default();
        images.push(data.map(|data| Image { ext, data }));
    }
    // Renumber: paragraphs point at images actually read.
    let mut index = vec![None; images.len()];
    for (i, img) in images.into_iter().enumerate() {
        if let Some(img) = img {
            index[i] = Some(word.images.len());
            word.images.push(img);
        }
    }
    for b in &mut word.blocks {
        if let Block::Para(p) = b {
            p.images = p
                .images
                .iter()
                .filter_map(|i| index.get(*i).copied().flatten())
                .collect();
        }
    }
    word.hidden.sort();
    word.hidden.dedup();
    Ok(word)
}

/// One part of the package, inflated up to [`PART_MAX`]; `None` when absent.
fn part<R: Read + std::io::Seek>(
    zip: &mut zip::ZipArchive<R>,
    name: &str,
) -> Result<Option<Vec<u8>>, String> {
    let Ok(file) = zip.by_name(name) else {
        return Ok(None);
    };
    let mut out = vec![];
    file.take(PART_MAX + 1)
        .read_to_end(&mut out)
        .map_err(|_| format!("{name} 无法解压（文件已损坏）"))?;
    if out.len() as u64 > PART_MAX {
        return Err(format!(
            "{name} 解压后超过 {} MiB，不予导入",
            PART_MAX >> 20
        ));
    }
    Ok(Some(out))
}

/// `Target="media/image1.png"` relative to `word/`.
fn resolve_target(target: &str) -> String {
    let t = target.trim_start_matches('/');
    if let Some(rest) = t.strip_prefix("word/") {
        return format!("word/{rest}");
    }
    let mut parts = vec!["word"];
    for seg in t.split('/') {
        match seg {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            s => parts.push(s),
        }
    }
    parts.join("/")
}

fn relationships(xml: &str) -> Vec<(String, String)> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out = vec![];
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e))
                if e.local_name().as_ref() == "Relationship" =>
            {
                let id = attr(&e, "Id");
                let target = attr(&e, "Target");
                if let (Some(id), Some(t)) = (id, target) {
                    out.push((id, t));
                }
            }
            Ok(quick_xml::events::Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    out
}

fn attr(e: &quick_xml::events::BytesStart, name: &str) -> Option<String> {
    e.try_get_attribute(name).ok().flatten().and_then(|a| {
        a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .ok()
            .map(|v| v.into_owned())
    })
}

/// Parse state: the open paragraphs and tables, innermost last.
#[derive(Default)]
struct Parser {
    word: Word,
    images_by_rel: Vec<String>,
    /// Open tables: rows, the open row's cells, the open cell.
    tables: Vec<(Table, Vec<Cell>, Option<Cell>)>,
    paras: Vec<Para>,
    run: Option<Run>,
    in_text: bool,
    /// Inside `w:del`, `mc:Fallback`, `w:instrText` …: text not shown.
    skip: usize,
    in_rpr: bool,
    in_ppr: bool,
    /// Tables open beyond [`DEPTH_MAX`]: their cells go into the deepest kept one.
    deep: usize,
}

struct Parsed {
    word: Word,
    images_by_rel: Vec<String>,
}

fn truthy(e: &quick_xml::events::BytesStart) -> bool {
    !matches!(
        attr(e, "w:val").as_deref(),
        Some("0" | "false" | "off" | "none")
    )
}

fn parse_document(xml: &str) -> Result<Parsed, String> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    reader.config_mut().expand_empty_elements = true;
    let mut p = Parser::default();
    loop {
        let ev = reader.read_event().map_err(|e| e.to_string())?;
        match ev {
            Event::Start(e) => {
                let name = e.name();
                let name = name.as_ref();
                if p.skip > 0 {
                    if matches!(name, "w:del" | "mc:Fallback" | "w:instrText" | "w:delText") {
                        p.skip += 1;
                    }
                    continue;
                }
                match name {
                    "w:del" | "w:moveFrom" => {
                        p.word.hidden.push(Hidden::Revisions);
                        p.skip += 1;
                    }
                    "w:ins" | "w:moveTo" => p.word.hidden.push(Hidden::Revisions),
                    "mc:Fallback" | "w:instrText" | "w:delText" => p.skip += 1,
                    "w:p" => p.paras.push(Para::default()),
                    "w:pPr" => p.in_ppr = true,
                    "w:rPr" if !p.in_ppr => p.in_rpr = true,
                    "w:jc" if p.in_ppr && p.tables_cell_ppr() => {
                        if let Some(para) = p.paras.last_mut() {
                            match attr(&e, "w:val").as_deref() {
                                Some("center") => para.centered = true,
                                Some("right" | "end") => para.right = true,
                                _ => {}
                            }
                        }
                    }
                    "w:numPr" if p.in_ppr => {
                        if let Some(para) = p.paras.last_mut() {
                            para.numbered = true;
                        }
                    }
                    "w:r" => p.run = Some(Run::default()),
                    "w:b" if p.in_rpr => {
                        if let Some(r) = &mut p.run {
                            r.bold = truthy(&e);
                        }
                    }
                    "w:vanish" | "w:specVanish" if p.in_rpr && p.run.is_some() && truthy(&e) => {
                        p.word.hidden.push(Hidden::HiddenText);
                    }
                    "w:t" => p.in_text = true,
                    "w:tab" if !p.in_ppr => p.push_text("\t"),
                    // A line break inside a paragraph starts a new logical line:
                    // recognition works on lines (标志 and 署名 are often broken).
                    "w:br" | "w:cr"
                        if p.run.is_some() && attr(&e, "w:type").as_deref() != Some("page") =>
                    {
                        p.break_line();
                    }
                    "a:blip" | "v:imagedata" => {
                        let rid = attr(&e, "r:embed").or_else(|| attr(&e, "r:id"));
                        if let (Some(rid), Some(para)) = (rid, p.paras.last_mut()) {
                            para.images.push(p.images_by_rel.len());
                            p.images_by_rel.push(rid);
                        }
                    }
                    "w:tbl" if p.tables.len() < DEPTH_MAX => {
                        p.tables.push((Table::default(), vec![], None));
                    }
                    "w:tbl" => p.deep += 1,
                    "w:tc" | "w:tr" | "w:gridSpan" | "w:vMerge" if p.deep > 0 => {}
                    "w:tc" => {
                        if let Some(t) = p.tables.last_mut() {
                            t.2 = Some(Cell {
                                span: 1,
                                ..Cell::default()
                            });
                        }
                    }
                    "w:gridSpan" => {
                        if let Some(Some(c)) = p.tables.last_mut().map(|t| &mut t.2) {
                            c.span = attr(&e, "w:val")
                                .and_then(|v| v.parse().ok())
                                .unwrap_or(1usize)
                                .clamp(1, 64);
                        }
                    }
                    "w:vMerge" => {
                        if let Some(Some(c)) = p.tables.last_mut().map(|t| &mut t.2) {
                            c.merge = if attr(&e, "w:val").as_deref() == Some("restart") {
                                Merge::Restart
                            } else {
                                Merge::Continue
                            };
                        }
                    }
                    _ => {}
                }
            }
            Event::End(e) => {
                let name = e.name();
                let name = name.as_ref();
                if p.skip > 0 {
                    if matches!(
                        name,
                        "w:del" | "w:moveFrom" | "mc:Fallback" | "w:instrText" | "w:delText"
                    ) {
                        p.skip -= 1;
                    }
                    continue;
                }
                match name {
                    "w:pPr" => p.in_ppr = false,
                    "w:rPr" => p.in_rpr = false,
                    "w:t" => p.in_text = false,
                    "w:r" => {
                        if let (Some(run), Some(para)) = (p.run.take(), p.paras.last_mut())
                            && !run.text.is_empty()
                        {
                            para.runs.push(run);
                        }
                    }
                    "w:p" => {
                        if let Some(para) = p.paras.pop() {
                            p.emit(para);
                        }
                    }
                    "w:tc" | "w:tr" if p.deep > 0 => {}
                    "w:tbl" if p.deep > 0 => p.deep -= 1,
                    "w:tc" => {
                        if let Some(t) = p.tables.last_mut()
                            && let Some(c) = t.2.take()
                        {
                            t.1.push(c);
                        }
                    }
                    "w:tr" => {
                        if let Some(t) = p.tables.last_mut() {
                            let row = std::mem::take(&mut t.1);
                            t.0.rows.push(row);
                        }
                    }
                    "w:tbl" => {
                        if let Some((table, _, _)) = p.tables.pop() {
                            match p.tables.last_mut().and_then(|t| t.2.as_mut()) {
                                // A table inside a cell: its text, row by row.
                                Some(cell) => {
                                    for row in &table.rows {
                                        let line: Vec<&str> =
                                            row.iter().map(|c| c.text.as_str()).collect();
                                        push_cell_line(cell, &line.join(" "));
                                    }
                                }
                                None => p.word.blocks.push(Block::Table(table)),
                            }
                        }
                    }
                    _ => {}
                }
            }
            Event::Text(t) if p.in_text && p.skip == 0 => {
                let s = t.xml10_content();
                p.push_text(&s);
            }
            Event::CData(t) if p.in_text && p.skip == 0 => {
                let s = t.xml10_content();
                p.push_text(&s);
            }
            Event::GeneralRef(r) if p.in_text && p.skip == 0 => {
                let c = match r.resolve_char_ref() {
                    Ok(Some(c)) => Some(c),
                    _ => match r.as_ref() {
                        "amp" => Some('&'),
                        "lt" => Some('<'),
                        "gt" => Some('>'),
                        "quot" => Some('"'),
                        "apos" => Some('\''),
                        _ => None,
                    },
                };
                if let Some(c) = c {
                    p.push_text(c.encode_utf8(&mut [0; 4]));
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(Parsed {
        word: p.word,
        images_by_rel: p.images_by_rel,
    })
}

fn push_cell_line(cell: &mut Cell, line: &str) {
    let line = line.trim();
    if line.is_empty() {
        return;
    }
    if !cell.text.is_empty() {
        cell.text.push(' ');
    }
    cell.text.push_str(line);
}

impl Parser {
    /// Whether a `w:jc` belongs to a paragraph (not to a table's properties).
    fn tables_cell_ppr(&self) -> bool {
        !self.paras.is_empty()
    }

    fn push_text(&mut self, s: &str) {
        if let Some(r) = &mut self.run {
            r.text.push_str(s);
        } else if let Some(para) = self.paras.last_mut() {
            para.runs.push(Run {
                text: s.to_string(),
                bold: false,
            });
        }
    }

    /// Ends the logical line at a `w:br`: the paragraph so far is emitted and a new
    /// one with the same alignment goes on.
    fn break_line(&mut self) {
        let Some(para) = self.paras.last_mut() else {
            return;
        };
        let mut done = std::mem::take(para);
        if let Some(run) = &mut self.run
            && !run.text.is_empty()
        {
            done.runs.push(Run {
                text: std::mem::take(&mut run.text),
                bold: run.bold,
            });
        }
        para.centered = done.centered;
        para.right = done.right;
        self.emit(done);
    }

    fn emit(&mut self, para: Para) {
        // A paragraph of a text box inside a paragraph is emitted first, before the
        // outer one ends: it stays in reading order.
        if let Some(cell) = self.tables.last_mut().and_then(|t| t.2.as_mut()) {
            push_cell_line(cell, &para.text());
            // An image in a cell is not kept: the table stays text.
            return;
        }
        self.word.blocks.push(Block::Para(para));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(inner: &str) -> Word {
        let xml = format!(
            r#"<?xml version="1.0"?><w:document xmlns:w="w"><w:body>{inner}</w:body></w:document>"#
        );
        parse_document(&xml).unwrap().word
    }

    #[test]
    fn runs_bold_alignment_and_entities() {
        let w = body(
            r#"<w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:rPr><w:b/></w:rPr><w:t>一、</w:t></w:r><w:r><w:t xml:space="preserve">总体&amp;要求</w:t></w:r></w:p>"#,
        );
        let Block::Para(p) = &w.blocks[0] else {
            panic!()
        };
        assert!(p.centered);
        assert_eq!(p.text(), "一、总体&要求");
        assert!(p.runs[0].bold && !p.runs[1].bold);
    }

    #[test]
    fn deletions_are_not_text_and_are_reported() {
        let w = body(
            r#"<w:p><w:r><w:t>保留</w:t></w:r><w:del><w:r><w:delText>CANARY-绝密-7f3a</w:delText></w:r></w:del></w:p>"#,
        );
        let Block::Para(p) = &w.blocks[0] else {
            panic!()
        };
        assert_eq!(p.text(), "保留");
        assert_eq!(w.hidden, [Hidden::Revisions]);
    }

    #[test]
    fn hidden_runs_are_reported() {
        let w = body(r#"<w:p><w:r><w:rPr><w:vanish/></w:rPr><w:t>内部</w:t></w:r></w:p>"#);
        assert_eq!(w.hidden, [Hidden::HiddenText]);
        let w =
            body(r#"<w:p><w:r><w:rPr><w:vanish w:val="0"/></w:rPr><w:t>可见</w:t></w:r></w:p>"#);
        assert!(w.hidden.is_empty());
    }

    #[test]
    fn merged_cells_and_line_breaks() {
        let w = body(
            r#"<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p><w:r><w:t>甲</w:t></w:r></w:p></w:tc></w:tr>
            <w:tr><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>乙</w:t></w:r></w:p></w:tc><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc></w:tr></w:tbl>
            <w:p><w:r><w:t>第一行</w:t><w:br/><w:t>第二行</w:t></w:r></w:p>"#,
        );
        let Block::Table(t) = &w.blocks[0] else {
            panic!()
        };
        assert_eq!(t.rows[0][0].span, 2);
        assert_eq!(t.rows[1][0].merge, Merge::Restart);
        assert_eq!(t.rows[1][1].merge, Merge::Continue);
        let texts: Vec<String> = w.blocks[1..]
            .iter()
            .map(|b| match b {
                Block::Para(p) => p.text(),
                _ => String::new(),
            })
            .collect();
        assert_eq!(texts, ["第一行", "第二行"]);
    }

    #[test]
    fn tables_nested_past_the_limit_keep_their_text() {
        let open = "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>外</w:t></w:r></w:p>".repeat(40);
        let close = "</w:tc></w:tr></w:tbl>".repeat(40);
        let w = body(&format!(
            "{open}{close}<w:p><w:r><w:t>之后</w:t></w:r></w:p>"
        ));
        assert_eq!(w.blocks.len(), 2);
        let Block::Table(t) = &w.blocks[0] else {
            panic!()
        };
        assert_eq!(t.rows[0][0].text.matches('外').count(), 40);
        let Block::Para(p) = &w.blocks[1] else {
            panic!()
        };
        assert_eq!(p.text(), "之后");
    }

    #[test]
    fn damaged_files_never_panic() {
        let good: &[u8] = include_bytes!("../../tests/data/word/county-notice.docx");
        assert!(read(good).is_ok());
        let mut rng = fastrand::Rng::with_seed(21);
        for _ in 0..200 {
            let mut bytes = good[..rng.usize(..good.len())].to_vec();
            for _ in 0..rng.usize(0..8) {
                if !bytes.is_empty() {
                    let i = rng.usize(..bytes.len());
                    bytes[i] = rng.u8(..);
                }
            }
            let _ = read(&bytes);
        }
        // Hostile XML: unclosed, unbalanced, deep.
        for xml in [
            "<w:p><w:r><w:t>半",
            "</w:tbl></w:tc></w:p>",
            &"<w:tbl><w:tr><w:tc>".repeat(5000),
        ] {
            let _ = parse_document(xml);
        }
    }

    #[test]
    fn old_formats_and_garbage_are_refused() {
        assert!(
            read(&[0xD0, 0xCF, 0x11, 0xE0, 0, 0])
                .unwrap_err()
                .contains(".docx")
        );
        assert!(read(b"not a zip").is_err());
        assert!(read(&[]).is_err());
    }
}
