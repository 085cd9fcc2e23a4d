//! What a resident sees and copies from a published page, as lines of cells: the
//! text of (sanitised) HTML with entities decoded and tags removed, a new line at
//! each `<br>`, line break and block, a new cell at each table cell, and the values
//! of the attributes a browser shows or follows (href, src, title, alt) as lines of
//! their own. Every piece is NFKC-folded with invisible characters removed, so that
//! a number split by a zero-width space, a soft hyphen or `**bold**` reads as it shows.

use html5ever::tokenizer::{TagKind, Token, TokenSink, TokenSinkResult};
use std::cell::RefCell;
use unicode_normalization::UnicodeNormalization;
use unicode_properties::{GeneralCategory, UnicodeGeneralCategory};

/// One visible line: a table row (its cells and its table's header) or a line of
/// text (one cell, no header). A cell may hold `\n` (a `<br>` inside it).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Line {
    pub cells: Vec<String>,
    pub header: Option<Vec<String>>,
}

impl Line {
    pub fn is_row(&self) -> bool {
        self.header.is_some()
    }
}

/// Characters that show nothing: format characters (zero-width space and joiners,
/// soft hyphen, bidi controls, BOM …), variation selectors and the Hangul fillers.
pub fn is_invisible(c: char) -> bool {
    c.general_category() == GeneralCategory::Format
        || matches!(c, '\u{FE00}'..='\u{FE0F}' | '\u{E0100}'..='\u{E01EF}' | '\u{034F}'
            | '\u{115F}' | '\u{1160}' | '\u{3164}' | '\u{FFA0}' | '\u{180B}'..='\u{180F}')
}

/// NFKC with invisible characters removed: full-width digits become ASCII, a split
/// number is whole again.
pub fn fold(s: &str) -> String {
    s.chars()
        .filter(|c| !is_invisible(*c))
        .nfkc()
        .filter(|c| !is_invisible(*c))
        .collect()
}

/// The visible lines of an HTML fragment (already sanitised: no script or style
/// whose content would be text here).
pub fn lines(html: &str) -> Vec<Line> {
    collect(html, true)
}

/// The text of an HTML fragment as a resident reads it, one line per visible line
/// and cells separated by spaces, without attribute values: what search indexes.
pub fn text(html: &str) -> String {
    let mut out = String::new();
    for line in collect(html, false) {
        out.push_str(line.cells.join(" ").trim());
        out.push('\n');
    }
    out
}

fn collect(html: &str, attributes: bool) -> Vec<Line> {
    let sink = Collector {
        state: RefCell::new(State {
            attributes,
            ..State::default()
        }),
    };
    let sink = crate::raw_html::tokenize(html, sink);
    let mut state = sink.state.into_inner();
    state.break_line();
    state.lines
}

/// Plain text (an attachment's, a file name) as visible lines.
pub fn text_lines(text: &str) -> Vec<Line> {
    text.lines()
        .map(fold)
        .filter(|l| !l.trim().is_empty())
        .map(|l| Line {
            cells: vec![l],
            header: None,
        })
        .collect()
}

const BLOCKS: &[&str] = &[
    "p",
    "div",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "pre",
    "hr",
    "figure",
    "figcaption",
    "caption",
    "details",
    "summary",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "section",
    "article",
    "header",
    "footer",
    "aside",
    "nav",
    "address",
    "main",
];

/// Attributes whose values a browser shows (title, alt) or follows (href, src).
const SHOWN_ATTRIBUTES: &[&str] = &["href", "src", "title", "alt", "cite"];

struct Collector {
    state: RefCell<State>,
}

#[derive(Default)]
struct State {
    lines: Vec<Line>,
    text: String,
    row: Option<Vec<String>>,
    row_has_th: bool,
    header: Option<Vec<String>>,
    attributes: bool,
}

impl State {
    /// Ends the current line of text (inside a cell: a line within the cell).
    fn break_line(&mut self) {
        if self.row.is_some() {
            self.text.push('\n');
            return;
        }
        let t = fold(&std::mem::take(&mut self.text));
        if !t.trim().is_empty() {
            self.lines.push(Line {
                cells: vec![t],
                header: None,
            });
        }
    }

    fn end_cell(&mut self) {
        let t = fold(&std::mem::take(&mut self.text));
        if let Some(row) = &mut self.row {
            row.push(t.trim_matches('\n').to_string());
        }
    }

    fn end_row(&mut self) {
        if !self.text.trim().is_empty() {
            self.end_cell();
        }
        self.text.clear();
        let Some(cells) = self.row.take() else { return };
        if self.row_has_th || self.header.is_none() {
            // The first row, or a row of <th>, names the columns below it.
            self.header = Some(cells.clone());
        }
        self.lines.push(Line {
            cells,
            header: Some(self.header.clone().unwrap_or_default()),
        });
    }

    fn attribute(&mut self, value: &str) {
        if !self.attributes {
            return;
        }
        let decoded = percent_encoding::percent_decode_str(value).decode_utf8_lossy();
        let t = fold(&decoded);
        if !t.trim().is_empty() {
            self.lines.push(Line {
                cells: vec![t],
                header: None,
            });
        }
    }
}

impl TokenSink for Collector {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let mut s = self.state.borrow_mut();
        match token {
            Token::CharacterTokens(t) => {
                for c in t.chars() {
                    if c == '\n' {
                        s.break_line();
                    } else {
                        s.text.push(c);
                    }
                }
            }
            Token::TagToken(tag) => {
                let name: &str = &tag.name;
                let start = tag.kind == TagKind::StartTag;
                match (name, start) {
                    ("br", _) => s.break_line(),
                    ("tr", true) => {
                        s.end_row();
                        s.break_line();
                        s.row = Some(vec![]);
                        s.row_has_th = false;
                    }
                    ("tr", false) => s.end_row(),
                    ("td" | "th", true) => {
                        if s.row.is_none() {
                            s.break_line();
                            s.row = Some(vec![]);
                        }
                        if !s.text.trim().is_empty() {
                            s.end_cell();
                        }
                        s.text.clear();
                        s.row_has_th |= name == "th";
                    }
                    ("td" | "th", false) => s.end_cell(),
                    ("table", _) => {
                        s.end_row();
                        s.break_line();
                        s.header = None;
                    }
                    _ if BLOCKS.contains(&name) => s.break_line(),
                    _ => {}
                }
                if start {
                    for a in &tag.attrs {
                        if SHOWN_ATTRIBUTES.contains(&&*a.name.local) {
                            s.attribute(&a.value);
                        }
                    }
                }
            }
            _ => {}
        }
        TokenSinkResult::Continue
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(html: &str) -> Vec<Vec<String>> {
        lines(html).into_iter().map(|l| l.cells).collect()
    }

    #[test]
    fn entities_tags_and_invisible_characters_are_read_as_shown() {
        assert_eq!(
            texts("<p>电话&#49;3８<strong>12</strong>3\u{200B}4\u{00AD}5<span>678</span></p>"),
            [["电话13812345678"]]
        );
        assert_eq!(
            texts("<p>甲<br>乙\n丙</p><p>丁</p>"),
            [["甲"], ["乙"], ["丙"], ["丁"]]
        );
        assert_eq!(
            texts("<a href=\"/a/%31%33%38.html\" title=\"说明\">链接</a>"),
            [["/a/138.html"], ["说明"], ["链接"]]
        );
    }

    #[test]
    fn table_rows_keep_their_cells_and_header() {
        let l = lines(
            "<table><thead><tr><th>姓名</th><th>电话</th></tr></thead><tbody><tr><td>张三</td><td>138<br>1234</td></tr></tbody></table><p>后</p>",
        );
        assert_eq!(l.len(), 3, "{l:?}");
        assert_eq!(l[1].cells, ["张三", "138\n1234"]);
        assert_eq!(
            l[1].header.as_deref(),
            Some(&["姓名".to_string(), "电话".into()][..])
        );
        assert_eq!(l[2].cells, ["后"]);
        assert!(!l[2].is_row());
    }
}
