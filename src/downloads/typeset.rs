//! The PDF download of a document in 公文 layout (GB/T 9704-2012: A4, 版心 156 × 225
//! mm, 标题 2号 小标宋-like, 正文 3号 仿宋, 22 lines of 28 characters, page numbers
//! `— 1 —`), typeset by typst as a library from a typst source written here.
//!
//! Every piece of text goes into the source as a typst string literal (`#"…"`), so
//! nothing a document says is typst markup or code. Fonts come from the system.

use std::sync::OnceLock;
use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime};
use typst::layout::PagedDocument;
use typst::syntax::{FileId, Source, VirtualPath};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_kit::fonts::{FontSlot, Fonts};

/// 标题: 小标宋 where installed, else a heavy Song face.
const TITLE_FONTS: &[&str] = &[
    "FZXiaoBiaoSong-B05S",
    "方正小标宋简体",
    "FZXiaoBiaoSong-B05",
    "SimSun",
    "宋体",
    "Noto Serif CJK SC",
    "Source Han Serif SC",
];
/// 正文: 仿宋.
const BODY_FONTS: &[&str] = &[
    "FangSong",
    "仿宋",
    "FangSong_GB2312",
    "仿宋_GB2312",
    "STFangsong",
    "Noto Serif CJK SC",
    "Source Han Serif SC",
    "AR PL UMing CN",
];
/// 一级标题: 黑体.
const HEADING_FONTS: &[&str] = &[
    "SimHei",
    "黑体",
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Zen Hei",
];

pub const NO_FONT: &str = "没有找到中文字体，无法生成 PDF 版";
pub const NO_FONT_HINT: &str = "Linux 请安装 Noto CJK 字体：apt-get install fonts-noto-cjk（或 dnf install google-noto-serif-cjk-fonts google-noto-sans-cjk-fonts）；Windows 应自带 仿宋、宋体、黑体";

/// One block of a document's body, as the PDF and the generated WORD file lay it out.
#[derive(Debug, Clone, PartialEq)]
pub enum Piece {
    Heading(usize, Vec<Span>),
    Para(Vec<Span>),
    Item(Vec<Span>),
    Table(Vec<Vec<String>>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Span {
    pub text: String,
    pub bold: bool,
}

/// What the downloads hold: the head and the body.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Paper {
    pub title: String,
    pub doc_number: Option<String>,
    pub body: Vec<Piece>,
}

/// The body of a Markdown document as pieces (images and raw HTML are left out:
/// the downloads are the text version, 文字版).
pub fn pieces(markdown: &str) -> Vec<Piece> {
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
    let mut out = vec![];
    let mut spans: Vec<Span> = vec![];
    let mut bold = 0usize;
    let mut table: Option<Vec<Vec<String>>> = None;
    let mut cell: Option<String> = None;
    let mut heading = None;
    let mut item = false;
    for ev in Parser::new_ext(markdown, Options::ENABLE_TABLES) {
        match ev {
            Event::Start(Tag::Strong) => bold += 1,
            Event::End(TagEnd::Strong) => bold = bold.saturating_sub(1),
            Event::Start(Tag::Heading { level, .. }) => heading = Some(level as usize),
            Event::Start(Tag::Item) => item = true,
            Event::Start(Tag::Table(_)) => table = Some(vec![]),
            Event::Start(Tag::TableHead | Tag::TableRow) => {
                if let Some(t) = &mut table {
                    t.push(vec![]);
                }
            }
            Event::Start(Tag::TableCell) => cell = Some(String::new()),
            Event::End(TagEnd::TableCell) => {
                if let (Some(t), Some(c)) = (&mut table, cell.take())
                    && let Some(row) = t.last_mut()
                {
                    row.push(c);
                }
            }
            Event::End(TagEnd::Table) => {
                if let Some(t) = table.take() {
                    out.push(Piece::Table(t));
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some(c) = &mut cell {
                    c.push_str(&t);
                } else {
                    push_span(&mut spans, &t, bold > 0);
                }
            }
            Event::SoftBreak | Event::HardBreak => push_span(&mut spans, " ", bold > 0),
            Event::End(TagEnd::Heading(_)) => {
                out.push(Piece::Heading(
                    heading.take().unwrap_or(2),
                    std::mem::take(&mut spans),
                ));
            }
            Event::End(TagEnd::Paragraph) if !item && !spans.is_empty() => {
                out.push(Piece::Para(std::mem::take(&mut spans)));
            }
            Event::End(TagEnd::Item) => {
                item = false;
                out.push(Piece::Item(std::mem::take(&mut spans)));
            }
            _ => {}
        }
    }
    out
}

/// Adds text, joined to the last span when it has the same weight (the parser
/// splits text at every character that could be syntax).
fn push_span(spans: &mut Vec<Span>, text: &str, bold: bool) {
    match spans.last_mut() {
        Some(last) if last.bold == bold => last.text.push_str(text),
        _ => spans.push(Span {
            text: text.to_string(),
            bold,
        }),
    }
}

/// A typst string literal: the text shown as is.
fn lit(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 4);
    out.push_str("#\"");
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn spans(s: &[Span]) -> String {
    s.iter()
        .map(|s| {
            if s.bold {
                format!("#strong[{}]", lit(&s.text))
            } else {
                lit(&s.text)
            }
        })
        .collect()
}

fn fonts_list(f: &[&str]) -> String {
    let names: Vec<String> = f.iter().map(|n| format!("\"{n}\"")).collect();
    format!("({})", names.join(", "))
}

/// The typst source of a document's PDF.
pub fn source(paper: &Paper) -> String {
    let mut s = format!(
        "#set document(title: {title})\n\
         #set page(paper: \"a4\", margin: (top: 37mm, bottom: 35mm, left: 28mm, right: 26mm), \
         footer: context align(center, text(size: 14pt)[— #counter(page).display() —]))\n\
         #set text(font: {body}, size: 16pt, lang: \"zh\", region: \"cn\")\n\
         #set par(leading: 13pt, spacing: 13pt, justify: true, first-line-indent: (amount: 2em, all: true))\n\
         #show heading: set text(font: {heading}, size: 16pt, weight: \"regular\")\n\
         #show heading: set block(above: 13pt, below: 13pt)\n\
         #show heading: it => pad(left: 2em, it.body)\n\
         #align(center, text(font: {titlef}, size: 22pt, weight: \"bold\")[{title_text}])\n\n",
        title = lit(&paper.title).trim_start_matches('#'),
        body = fonts_list(BODY_FONTS),
        heading = fonts_list(HEADING_FONTS),
        titlef = fonts_list(TITLE_FONTS),
        title_text = lit(&paper.title),
    );
    if let Some(n) = &paper.doc_number {
        s.push_str(&format!("#align(center)[{}]\n\n", lit(n)));
    }
    s.push_str("#v(13pt)\n\n");
    for p in &paper.body {
        match p {
            Piece::Heading(level, t) => {
                s.push_str(&format!(
                    "#heading(level: {})[{}]\n\n",
                    (*level).clamp(1, 6),
                    spans(t)
                ));
            }
            Piece::Para(t) => s.push_str(&format!("{}\n\n", spans(t))),
            Piece::Item(t) => s.push_str(&format!("#list[{}]\n\n", spans(t))),
            Piece::Table(rows) => {
                let width = rows.iter().map(Vec::len).max().unwrap_or(0);
                if width == 0 {
                    continue;
                }
                s.push_str(&format!(
                    "#block(width: 100%)[#set par(first-line-indent: 0em, justify: false)\n#set text(size: 12pt)\n#table(columns: (1fr,) * {width}, "
                ));
                for row in rows {
                    for i in 0..width {
                        let c = row.get(i).map(String::as_str).unwrap_or("");
                        s.push_str(&format!("[{}], ", lit(c)));
                    }
                }
                s.push_str(")]\n\n");
            }
        }
    }
    s
}

struct Shared {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<FontSlot>,
    /// Families found for 正文, 标题 and 标题 (in the cache key: other fonts, other PDF).
    pub families: String,
}

fn shared() -> Result<&'static Shared, String> {
    static SHARED: OnceLock<Result<Shared, String>> = OnceLock::new();
    SHARED
        .get_or_init(|| {
            let fonts: Fonts = Fonts::searcher().include_system_fonts(true).search();
            let has = |names: &[&str]| {
                names
                    .iter()
                    .find(|n| fonts.book.contains_family(&n.to_lowercase()))
                    .map(|n| n.to_string())
            };
            let body = has(BODY_FONTS).ok_or_else(|| NO_FONT.to_string())?;
            let families = format!(
                "{body};{};{}",
                has(TITLE_FONTS).unwrap_or_default(),
                has(HEADING_FONTS).unwrap_or_default()
            );
            Ok(Shared {
                library: LazyHash::new(Library::default()),
                book: LazyHash::new(fonts.book),
                fonts: fonts.fonts,
                families,
            })
        })
        .as_ref()
        .map_err(Clone::clone)
}

/// The fonts a PDF would be set in (for the cache key), or the no-font error.
pub fn font_families() -> Result<String, String> {
    shared().map(|s| s.families.clone())
}

struct Single<'a> {
    shared: &'a Shared,
    main: Source,
}

impl World for Single<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &self.shared.library
    }
    fn book(&self) -> &LazyHash<FontBook> {
        &self.shared.book
    }
    fn main(&self) -> FileId {
        self.main.id()
    }
    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            Err(FileError::AccessDenied)
        }
    }
    fn file(&self, _id: FileId) -> FileResult<Bytes> {
        // The source reads no file: only its own text is typeset.
        Err(FileError::AccessDenied)
    }
    fn font(&self, index: usize) -> Option<Font> {
        self.shared.fonts.get(index)?.get()
    }
    fn today(&self, _offset: Option<i64>) -> Option<Datetime> {
        None
    }
}

/// The PDF of a document. The error is a sentence in Chinese.
pub fn pdf(paper: &Paper) -> Result<Vec<u8>, String> {
    let shared = shared()?;
    let id = FileId::new(None, VirtualPath::new("/main.typ"));
    let world = Single {
        shared,
        main: Source::new(id, source(paper)),
    };
    let doc: PagedDocument = typst::compile(&world).output.map_err(|errs| {
        let msgs: Vec<String> = errs.iter().map(|e| e.message.to_string()).collect();
        format!("PDF 排版失败：{}", msgs.join("；"))
    })?;
    typst_pdf::pdf(&doc, &typst_pdf::PdfOptions::default()).map_err(|errs| {
        let msgs: Vec<String> = errs.iter().map(|e| e.message.to_string()).collect();
        format!("PDF 输出失败：{}", msgs.join("；"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_never_becomes_typst_code() {
        let paper = Paper {
            title: "关于\"#import\"的通知\\".into(),
            doc_number: Some("示政办〔2021〕12号".into()),
            body: pieces(
                "正文 #set page(width: 1pt) ]) \"引号\" $x$ *强调* **加粗**\n\n| 甲 | 乙 |\n|---|---|\n| #x | ] |\n",
            ),
        };
        let src = source(&paper);
        assert!(src.contains(r###"#"关于\"#import\"的通知\\""###), "{src}");
        assert!(
            src.contains(r###"#"正文 #set page(width: 1pt) ]) \"引号\" $x$ 强调 "#strong"###),
            "{src}"
        );
        assert!(src.contains("#strong[#\"加粗\"]"), "{src}");
        assert!(src.contains("[#\"#x\"], [#\"]\"]"), "{src}");
        // It parses as typst with no error: every literal is closed.
        let parsed = typst::syntax::parse(&src);
        assert!(parsed.errors().is_empty(), "{:?}\n{src}", parsed.errors());
    }

    #[test]
    fn pieces_keep_headings_items_and_tables_in_order() {
        let p = pieces(
            "## 一、总体要求\n\n正文。\n\n1. 一项\n2. 二项\n\n| 甲 | 乙 |\n|---|---|\n| 1 | 2 |\n",
        );
        assert!(matches!(&p[0], Piece::Heading(2, _)));
        assert!(matches!(&p[1], Piece::Para(_)));
        assert!(matches!(&p[2], Piece::Item(_)) && matches!(&p[3], Piece::Item(_)));
        assert_eq!(
            p[4],
            Piece::Table(vec![
                vec!["甲".into(), "乙".into()],
                vec!["1".into(), "2".into()]
            ])
        );
    }
}
