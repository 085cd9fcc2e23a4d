//! 个人信息保护: ID card numbers, mobile numbers and bank card numbers in anything
//! that would be published (seed 001: 定期开展……隐私排查; 条例 第十五条).
//!
//! Every published text is scanned as written, line by line, so that a finding
//! points at the line to fix: titles and bodies of 主动公开 documents (HTML comments
//! included — they reach the page source), the directory fields of 依申请公开
//! documents (title, issuer, ground), attachment titles and file names, column pages,
//! plain-text attachments such as a CSV of recipients, and every cell of published
//! workbooks (.xlsx, .xls, .ods), attachments or the tables of a structured document. Not scanned: `xxgk.yaml`
//! (the office's own published contact), the values of 索引号, 文号, 解读对象 and the
//! date fields, and YAML comments, which are never published.
//!
//! A number counts only when it is exactly one: an 18-character 身份证号 with a
//! valid region, a plausible birth date and the GB 11643 check digit; an 11-digit
//! mobile number 1[3-9]…; a 16–19-digit bank card number with a card-issuer prefix
//! and a valid Luhn digit. Longer digit runs, decimals, amounts (¥…, …元), 索引号
//! prefixes and numbers labelled as codes (统一社会信用代码, 编号 …) are not. Masked
//! forms (3412**********1234, 138****5678) never match, since the stars break the run.
//! The 15-digit first-generation 身份证号 has no check digit and is not looked for:
//! too many other 15-digit numbers would match.

use super::{Area, Context, Finding, Rule};
use crate::diagnostics::Severity;
use crate::diagnostics::display_path;
use crate::model::{Document, Portal};
use crate::publication::Publication;
use crate::visible::Line;
use calamine::Reader;
use chrono::{Datelike, NaiveDate};
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

const SOURCE: &str = "《政府信息公开条例》第十五条；定期开展补贴、救助、招录、资助等信息的隐私排查";
const HINT: &str = "删除该号码，或只保留脱敏形式（如身份证号 3412**********1234、手机号 138****5678）；补贴、救助名单只需公开姓名（部分隐去）、村（社区）和金额";

pub const ID_NUMBER: Rule = Rule {
    name: "pii-id-number",
    area: Area::Privacy,
    severity: Severity::Error,
    blocking: true,
    build: true,
    summary: "公开内容中出现完整的居民身份证号码（校验位、出生日期均有效）",
    source: SOURCE,
    check: id_numbers,
};

pub const MOBILE: Rule = Rule {
    name: "pii-mobile",
    area: Area::Privacy,
    severity: Severity::Error,
    blocking: true,
    build: true,
    summary: "公开内容中出现完整的手机号码",
    source: SOURCE,
    check: mobiles,
};

pub const BANK_CARD: Rule = Rule {
    name: "pii-bank-card",
    area: Area::Privacy,
    severity: Severity::Error,
    blocking: true,
    build: true,
    summary: "公开内容中出现完整的银行卡号（Luhn 校验有效）",
    source: SOURCE,
    check: bank_cards,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PiiKind {
    IdNumber,
    Mobile,
    BankCard,
}

impl PiiKind {
    fn zh(self) -> &'static str {
        match self {
            PiiKind::IdNumber => "居民身份证号码",
            PiiKind::Mobile => "手机号码",
            PiiKind::BankCard => "银行卡号",
        }
    }
}

/// One number found in one line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub kind: PiiKind,
    /// 1-based line.
    pub line: usize,
    /// 1-based column (characters).
    pub column: usize,
    /// The digits (and a final X), without separators.
    pub number: String,
}

impl Hit {
    /// The number with its middle starred, so the report does not repeat it.
    pub fn masked(&self) -> String {
        let chars: Vec<char> = self.number.chars().collect();
        let (head, tail) = match self.kind {
            PiiKind::Mobile => (3, 4),
            _ => (4, 4),
        };
        if chars.len() <= head + tail {
            return "*".repeat(chars.len());
        }
        let mut s: String = chars[..head].iter().collect();
        s.push_str(&"*".repeat(chars.len() - head - tail));
        s.extend(&chars[chars.len() - tail..]);
        s
    }
}

fn id_numbers(ctx: &Context) -> Vec<Finding> {
    findings(ctx, PiiKind::IdNumber)
}

fn mobiles(ctx: &Context) -> Vec<Finding> {
    findings(ctx, PiiKind::Mobile)
}

fn bank_cards(ctx: &Context) -> Vec<Finding> {
    findings(ctx, PiiKind::BankCard)
}

fn findings(ctx: &Context, kind: PiiKind) -> Vec<Finding> {
    ctx.personal_data
        .get_or_init(|| scan_portal(ctx))
        .iter()
        .filter(|(k, _)| *k == kind)
        .map(|(_, f)| f.clone())
        .collect()
}

/// Every number in every published file, in parallel.
fn scan_portal(ctx: &Context) -> Vec<(PiiKind, Finding)> {
    let finding = |file: &str, line: usize, kind: PiiKind, masked: String, place: String| {
        let message = format!("公开内容含完整的{} {masked}（{place}）", kind.zh());
        (kind, Finding::new(file, line, message, HINT))
    };
    let mut found: Vec<(PiiKind, Finding)> = texts_in(ctx.portal, ctx.documents(), ctx.sees_rest())
        .into_par_iter()
        .flat_map_iter(|(file, lines)| {
            let text = ctx.source(&file).unwrap_or("");
            scan(&file, text, ctx.today, &lines)
                .into_iter()
                .map(|h| {
                    let place = format!("第 {} 列", h.column);
                    finding(&file, h.line, h.kind, h.masked(), place)
                })
                .collect::<Vec<_>>()
        })
        .collect();
    found.extend(published_views(ctx));
    found.extend(
        workbooks_in(ctx.portal, ctx.documents())
            .into_par_iter()
            .flat_map_iter(|(file, path)| {
                scan_workbook(&path, ctx.today)
                    .into_iter()
                    .map(|(kind, row, cell, number)| {
                        let masked = Hit {
                            kind,
                            line: row,
                            column: 0,
                            number,
                        }
                        .masked();
                        finding(&file, row, kind, masked, format!("单元格 {cell}"))
                    })
                    .collect::<Vec<_>>()
            })
            .collect::<Vec<_>>(),
    );
    // A number the source lines already showed is reported once, there.
    dedupe_by_number(found)
}

/// Keeps the first finding of each (file, masked number): the source scan comes
/// first and points at the line and column.
fn dedupe_by_number(found: Vec<(PiiKind, Finding)>) -> Vec<(PiiKind, Finding)> {
    let mut seen = std::collections::HashSet::new();
    found
        .into_iter()
        .filter(|(kind, f)| {
            let number = f.message.split('（').next().unwrap_or("").to_string();
            seen.insert((f.file.clone(), *kind, number))
        })
        .collect()
}

/// What is published as a resident sees it — rendered bodies and intros, file names
/// (which become URLs) and the text of Word, PDF and HTML attachments — screened for
/// the numbers its source hides (entities, tags, invisible characters, breaks).
fn published_views(ctx: &Context) -> Vec<(PiiKind, Finding)> {
    let portal = ctx.portal;
    let mut views: Vec<View> = vec![];
    let mut markdown = vec![];
    if ctx.sees_rest() {
        markdown.push("content/_index.md".to_string());
        markdown.extend(portal.columns.iter().map(|c| c.source.clone()));
    }
    for d in ctx.documents() {
        if d.is_secret() {
            continue;
        }
        views.push(View::Name(d.source.clone(), 1, d.slug.clone()));
        if !d.is_public() {
            continue;
        }
        if d.source.ends_with(".md") {
            markdown.push(d.source.clone());
        } else if let Some(body) = &d.body {
            views.push(View::Html(
                d.source.clone(),
                d.line_of("body"),
                body.html.clone(),
            ));
        }
        for path in downloads(d) {
            views.push(View::Name(
                d.source.clone(),
                d.line_of("attachments"),
                path.file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
            ));
            views.push(View::Attachment(display_path(&portal.root, &path), path));
        }
    }
    for c in portal.columns.iter().filter(|_| ctx.sees_rest()) {
        let segment = c.path.rsplit('/').next().unwrap_or("").to_string();
        views.push(View::Name(c.source.clone(), 1, segment));
    }
    views.extend(markdown.into_iter().map(View::Markdown));
    views
        .into_par_iter()
        .flat_map_iter(|v| v.scan(ctx))
        .collect()
}

/// One published thing to screen as shown.
enum View {
    /// A Markdown file whose body is rendered.
    Markdown(String),
    /// Rendered HTML of a file, at a line.
    Html(String, usize, String),
    /// A file or folder name that becomes part of a URL, reported at a line of a file.
    Name(String, usize, String),
    /// An attachment published as a download.
    Attachment(String, PathBuf),
}

impl View {
    fn scan(&self, ctx: &Context) -> Vec<(PiiKind, Finding)> {
        let today = ctx.today;
        let mut out = vec![];
        let mut push = |file: &str, line: usize, kind: PiiKind, number: String, place: &str| {
            let masked = Hit {
                kind,
                line,
                column: 0,
                number,
            }
            .masked();
            let message = format!("公开内容含完整的{} {masked}（{place}）", kind.zh());
            out.push((kind, Finding::new(file, line.max(1), message, HINT)));
        };
        match self {
            View::Markdown(file) => {
                let Some(text) = ctx.source(file) else {
                    return vec![];
                };
                let mut ignored = crate::diagnostics::Diagnostics::new();
                let Some(split) = crate::source::split_front_matter(file, text, &mut ignored)
                else {
                    return vec![];
                };
                let first = crate::markdown::line_of_slice(text, split.body);
                for block in crate::markdown::blocks(split.body) {
                    let lines = crate::visible::lines(&block.html);
                    let table = block.html.starts_with("<table");
                    for (kind, at, number) in scan_visible(&lines, today) {
                        // A Markdown table's rows follow its delimiter line.
                        let within = if table { at + usize::from(at > 0) } else { 0 };
                        let line = first + block.line - 1 + within;
                        push(file, line, kind, number, "页面显示的文字");
                    }
                }
            }
            View::Html(file, line, html) => {
                for (kind, _, number) in scan_visible(&crate::visible::lines(html), today) {
                    push(file, *line, kind, number, "页面显示的文字");
                }
            }
            View::Name(file, line, name) => {
                let lines = crate::visible::text_lines(name);
                for (kind, _, number) in scan_visible(&lines, today) {
                    push(
                        file,
                        *line,
                        kind,
                        number,
                        &format!("文件名“{}”，会成为网址", name),
                    );
                }
            }
            View::Attachment(file, path) => {
                let ext = path
                    .extension()
                    .and_then(|e| e.to_str())
                    .unwrap_or("")
                    .to_ascii_lowercase();
                let (lines, unit) = match ext.as_str() {
                    "docx" => match super::attachment_text::docx(path) {
                        Ok(t) => (crate::visible::text_lines(&t), "段"),
                        Err(_) => return vec![],
                    },
                    "pdf" => match super::attachment_text::pdf(path) {
                        Ok(t) => (crate::visible::text_lines(&t), "行"),
                        Err(_) => return vec![],
                    },
                    "htm" | "html" => match ctx.source(file) {
                        Some(t) => (crate::visible::lines(&crate::raw_html::clean(t)), "行"),
                        None => return vec![],
                    },
                    _ => return vec![],
                };
                for (kind, at, number) in scan_visible(&lines, today) {
                    let place = format!("附件文字第 {} {unit}", at + 1);
                    push(file, at + 1, kind, number, &place);
                }
            }
        }
        out
    }
}

/// Numbers in visible lines: each line (a table row with its header) as the source
/// scan reads it, then numbers split across adjacent lines, lines within a cell or
/// adjacent cells. Returns (kind, index of the line, number).
pub fn scan_visible(lines: &[Line], today: NaiveDate) -> Vec<(PiiKind, usize, String)> {
    let mut out: Vec<(PiiKind, usize, String)> = vec![];
    let mut add = |kind, at, number: String| {
        if !out.iter().any(|(_, _, n)| *n == number) {
            out.push((kind, at, number));
        }
    };
    let mut previous: Option<&str> = None;
    for (at, line) in lines.iter().enumerate() {
        if let Some(header) = &line.header {
            let row = format!("|{}|", line.cells.join("|").replace('\n', " "));
            for (kind, _, n) in scan_line_labelled(&row, today, Some(header), None) {
                add(kind, at, n);
            }
            // Adjacent cells, and lines within a cell: a cell whose column names a
            // code, an amount or a count never joins its neighbours.
            let mut pieces = vec![];
            for (i, cell) in line.cells.iter().enumerate() {
                let label = header.get(i).map(String::as_str).unwrap_or("");
                let joins = !header_is_not_personal(label);
                pieces.extend(cell.split('\n').map(|p| (p, joins)));
            }
            for (kind, n) in joined(&pieces, today) {
                add(kind, at, n);
            }
            previous = None;
        } else {
            let text = line.cells.first().map(String::as_str).unwrap_or("");
            for (kind, _, n) in scan_line_labelled(text, today, None, previous) {
                add(kind, at, n);
            }
            previous = Some(text);
        }
    }
    // Lines of text in a row (a paragraph broken by <br> or a line end).
    let mut run: Vec<(usize, &str)> = vec![];
    for (at, line) in lines.iter().enumerate() {
        if line.is_row() {
            run.clear();
            continue;
        }
        run.push((at, line.cells.first().map(String::as_str).unwrap_or("")));
        if run.len() >= 2 {
            let pieces: Vec<(&str, bool)> = run.iter().map(|(_, t)| (*t, true)).collect();
            for (kind, n) in joined(&pieces[pieces.len().saturating_sub(6)..], today) {
                add(kind, run[0].0, n);
            }
        }
    }
    out
}

/// Column headers that make a cell something other than part of a personal number.
const NOT_PERSONAL_HEADERS: &[&str] = &[
    "序号", "金额", "数量", "人数", "户数", "合计", "小计", "面积", "年度", "年份", "日期", "时间",
    "排名", "名次", "元", "比例", "次数", "得分", "分数", "编号",
];

fn header_is_not_personal(label: &str) -> bool {
    (label_is_code(label) || NOT_PERSONAL_HEADERS.iter().any(|h| label.contains(h)))
        && !PERSONAL_LABELS.iter().any(|l| label.contains(l))
}

/// Numbers whose digits run from the end of one piece across whole-digit pieces into
/// the start of a later one, and that are exactly a valid number together.
fn joined(pieces: &[(&str, bool)], today: NaiveDate) -> Vec<(PiiKind, String)> {
    let mut out = vec![];
    for i in 0..pieces.len() {
        let (p, ok) = pieces[i];
        if !ok {
            continue;
        }
        let c: Vec<char> = p.trim_end().chars().map(fold).collect();
        let mut start = c.len();
        while start > 0 && c[start - 1].is_ascii_digit() {
            start -= 1;
        }
        if start == c.len() || c.len() - start > 18 {
            continue;
        }
        let before = start.checked_sub(1).map(|k| c[k]);
        if before.is_some_and(|x| x.is_ascii_alphanumeric() || matches!(x, '¥' | '￥' | '$'))
            || matches!(before, Some('.' | '/'))
            || label_is_code(&label_before(&c, start, None))
        {
            continue;
        }
        let mut acc: String = c[start..].iter().collect();
        for &(q, okq) in &pieces[i + 1..] {
            if !okq {
                break;
            }
            let d: Vec<char> = q.trim().chars().map(fold).collect();
            let mut end = 0;
            while end < d.len() && d[end].is_ascii_digit() {
                end += 1;
            }
            if end < d.len() && acc.len() + end == 17 && matches!(d[end], 'X' | 'x') {
                end += 1;
            }
            if end == 0 {
                break;
            }
            acc.extend(d[..end].iter().map(|x| x.to_ascii_uppercase()));
            if acc.len() > 19 {
                break;
            }
            let whole = end == d.len();
            // "12345678 元" is an amount even with a space before its unit.
            let unit_after = d[end..]
                .iter()
                .find(|x| !x.is_whitespace())
                .is_some_and(|x| UNITS.contains(x));
            if !whole && (!bounded(&d, 0, end) || unit_after) {
                break;
            }
            if let Some(kind) = valid(&acc, today) {
                out.push((kind, acc));
                break;
            }
            if !whole {
                break;
            }
        }
    }
    out
}

/// What a run of digits is, when it is exactly one number.
fn valid(digits: &str, today: NaiveDate) -> Option<PiiKind> {
    match digits.len() {
        11 if is_mobile(digits) => Some(PiiKind::Mobile),
        18 if is_id_number(digits, today) => Some(PiiKind::IdNumber),
        16..=19 if is_bank_card(digits) => Some(PiiKind::BankCard),
        _ => None,
    }
}

/// Which lines of a file are published.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lines {
    /// Every line except these (fields whose values are codes or dates) and YAML comments.
    AllBut(BTreeSet<usize>),
    /// Only these lines.
    Only(BTreeSet<usize>),
}

impl Lines {
    fn scanned(&self, line: usize) -> bool {
        match self {
            Lines::AllBut(skip) => !skip.contains(&line),
            Lines::Only(keep) => keep.contains(&line),
        }
    }
}

/// Front-matter fields whose values are codes, references or dates, never personal data.
const CODE_FIELDS: &[&str] = &[
    "index_no",
    "doc_number",
    "date",
    "written",
    "expires",
    "pinned_until",
    "interprets",
];

/// Fields a 依申请公开 document shows in the directory.
const DIRECTORY_FIELDS: &[&str] = &["title", "issuer", "ground"];

/// Files published beside a document's page: its attachments and the spreadsheets
/// its tables were read from.
pub fn downloads(d: &Document) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = d.attachments.iter().map(|a| a.path.clone()).collect();
    if let Some(data) = &d.data {
        files.extend(data.files());
    }
    files
}

fn is_workbook(path: &Path) -> bool {
    crate::sheet::is_sheet_file(path) && !has_extension(path, "csv")
}

fn has_extension(path: &Path, ext: &str) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case(ext))
}

/// Every published text file with the lines of it that are published.
pub fn published_texts(portal: &Portal) -> Vec<(String, Lines)> {
    texts_in(portal, portal.documents.iter(), true)
}

/// The published text files of `documents`, and with `rest` the home introduction and
/// the column pages (see [`published_texts`]).
fn texts_in<'a>(
    portal: &Portal,
    documents: impl Iterator<Item = &'a Document>,
    rest: bool,
) -> Vec<(String, Lines)> {
    let mut out = vec![];
    let everything = || Lines::AllBut(BTreeSet::new());
    if rest {
        out.push(("content/_index.md".to_string(), everything()));
        out.extend(
            portal
                .columns
                .iter()
                .map(|c| (c.source.clone(), everything())),
        );
    }
    // What is screened is what the publication set publishes: its pages, the files
    // copied beside them, and the directory rows.
    for d in documents {
        if Publication::has_page(d) {
            out.push((d.source.clone(), Lines::AllBut(field_lines(d, CODE_FIELDS))));
            out.extend(
                Publication::files_for(portal, d)
                    .iter()
                    .filter(|f| !is_workbook(&f.source))
                    .map(|f| (display_path(&portal.root, &f.source), everything())),
            );
        } else if Publication::is_listed(d) {
            out.push((
                d.source.clone(),
                Lines::Only(field_lines(d, DIRECTORY_FIELDS)),
            ));
        }
    }
    out
}

/// Published workbooks (.xlsx, .xls, .ods): a recipients list uploaded as an attachment.
pub fn published_workbooks(portal: &Portal) -> Vec<(String, PathBuf)> {
    workbooks_in(portal, portal.documents.iter())
}

fn workbooks_in<'a>(
    portal: &Portal,
    documents: impl Iterator<Item = &'a Document>,
) -> Vec<(String, PathBuf)> {
    documents
        .flat_map(|d| Publication::files_for(portal, d))
        .filter(|f| is_workbook(&f.source))
        .map(|f| (display_path(&portal.root, &f.source), f.source))
        .collect()
}

/// Every cell of every sheet of a workbook; a finding's line is the cell's row.
fn scan_workbook(path: &Path, today: NaiveDate) -> Vec<(PiiKind, usize, String, String)> {
    let names = calamine::open_workbook_auto(path)
        .map(|b| b.sheet_names())
        .unwrap_or_default();
    let mut out = vec![];
    for name in names {
        let Ok(grid) = crate::sheet::read(path, Some(&name)) else {
            continue;
        };
        // The first row names the columns (身份证号码, 统一社会信用代码 …).
        let header: Vec<String> = grid
            .rows
            .first()
            .map(|(_, cells)| {
                cells
                    .iter()
                    .map(|c| c.as_ref().map(|c| c.text()).unwrap_or_default())
                    .collect()
            })
            .unwrap_or_default();
        for (row, cells) in &grid.rows {
            for (col, cell) in cells.iter().enumerate() {
                let Some(cell) = cell else { continue };
                let label = [header.get(col).cloned().unwrap_or_default()];
                for (kind, _, number) in scan_line(&cell.text(), today, Some(&label)) {
                    out.push((kind, *row, grid.cell_ref(col, *row), number));
                }
            }
        }
    }
    out
}

fn field_lines(d: &Document, fields: &[&str]) -> BTreeSet<usize> {
    fields
        .iter()
        .filter_map(|f| d.lines.get(f).copied())
        .collect()
}

/// Scans a file's text; `lines` says which lines are published.
pub fn scan(file: &str, text: &str, today: NaiveDate, lines: &Lines) -> Vec<Hit> {
    let mut hits = vec![];
    let mut table = TableState::default();
    let mut in_front_matter = false;
    // YAML comments are never published; a csv line starting with # is.
    let yaml_file = file.ends_with(".yaml") || file.ends_with(".yml");
    let csv = file.to_ascii_lowercase().ends_with(".csv");
    let mut csv_header: Option<Vec<String>> = None;
    let mut previous: Option<String> = None;
    for (i, raw) in text.lines().enumerate() {
        let n = i + 1;
        if n == 1 && raw.trim_end() == "---" {
            in_front_matter = true;
            continue;
        }
        if in_front_matter && raw.trim_end() == "---" {
            in_front_matter = false;
            continue;
        }
        let mut header = table.next(raw);
        // A CSV's first line names its columns, like a Markdown table's header.
        let csv_row;
        let mut line_text = raw;
        let mut shift = 0;
        if csv {
            if n == 1 {
                csv_header = Some(
                    raw.split(',')
                        .map(|c| c.trim().trim_matches('"').to_string())
                        .collect(),
                );
            } else if let Some(h) = &csv_header {
                csv_row = format!("|{}|", raw.replace(',', "|"));
                line_text = &csv_row;
                header = Some(h.clone());
                shift = 1;
            }
        }
        let is_comment = (in_front_matter || yaml_file) && raw.trim_start().starts_with('#');
        if is_comment || !lines.scanned(n) {
            continue;
        }
        // Read as shown: zero-width characters and soft hyphens vanish, NFKC folds.
        let shown = crate::visible::fold(line_text);
        hits.extend(
            scan_line_labelled(&shown, today, header.as_deref(), previous.as_deref())
                .into_iter()
                .map(|(kind, column, number)| Hit {
                    kind,
                    line: n,
                    column: column.saturating_sub(shift).max(1),
                    number,
                }),
        );
        previous = Some(crate::visible::fold(raw));
    }
    hits
}

/// Markdown tables: a cell's label is its column header ("身份证号码", "统一社会信用代码").
#[derive(Default)]
struct TableState<'t> {
    previous: Option<&'t str>,
    header: Option<Vec<String>>,
}

impl<'t> TableState<'t> {
    /// Feeds one line; returns the header of the table the line is a row of.
    fn next(&mut self, line: &'t str) -> Option<Vec<String>> {
        let t = line.trim();
        let is_row = t.starts_with('|');
        let is_delimiter =
            is_row && t.contains('-') && t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' '));
        if is_delimiter {
            self.header = self.previous.map(cells);
        } else if !is_row {
            self.header = None;
        }
        self.previous = Some(t);
        if is_row && !is_delimiter {
            self.header.clone()
        } else {
            None
        }
    }
}

fn cells(row: &str) -> Vec<String> {
    row.trim()
        .trim_matches('|')
        .split('|')
        .map(|c| c.trim().to_string())
        .collect()
}

/// Full-width digits, letters and separators folded to ASCII one character at a time,
/// so that columns stay the editor's columns.
fn fold(c: char) -> char {
    match c {
        '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ' => {
            char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
        }
        '－' => '-',
        '\u{3000}' => ' ',
        _ => c,
    }
}

/// Labels that make a number a code, not personal data …
const CODE_LABELS: &[&str] = &[
    "信用代码",
    "机构代码",
    "识别号",
    "索引号",
    "文号",
    "编号",
    "编码",
    "代码",
    "单号",
    "流水号",
    "订单",
    "合同号",
    "登记号",
    "注册号",
    "备案号",
    "许可证号",
    "证书号",
    "批准号",
    "标识码",
    "序列号",
    "条码",
];

/// … unless the label names personal data.
const PERSONAL_LABELS: &[&str] = &[
    "身份证",
    "身份号",
    "证件",
    "手机",
    "电话",
    "联系方式",
    "卡号",
    "账号",
    "帐号",
    "账户",
    "银行",
    "社保卡",
    "社会保障卡",
];

/// Units after a number that make it an amount or a quantity.
const UNITS: &[char] = &['元', '万', '亿', '%', '％', '‰', '亩', '吨'];

fn scan_line(
    raw: &str,
    today: NaiveDate,
    header: Option<&[String]>,
) -> Vec<(PiiKind, usize, String)> {
    scan_line_labelled(raw, today, header, None)
}

/// [`scan_line`], where a number that opens its line is labelled by the line above
/// (项目编号： on one line, the number on the next).
fn scan_line_labelled(
    raw: &str,
    today: NaiveDate,
    header: Option<&[String]>,
    previous: Option<&str>,
) -> Vec<(PiiKind, usize, String)> {
    // No number of interest has fewer than 11 digits.
    if raw.chars().filter(|ch| fold(*ch).is_ascii_digit()).count() < 11 {
        return vec![];
    }
    let c: Vec<char> = raw.chars().map(fold).collect();
    let n = c.len();
    let digit = |i: usize| i < n && c[i].is_ascii_digit();
    let mut out = vec![];
    let mut i = 0;
    while i < n {
        if !digit(i) {
            i += 1;
            continue;
        }
        // A run of digit groups joined by single spaces or hyphens.
        let start = i;
        let mut groups: Vec<(usize, usize)> = vec![];
        let mut j = i;
        loop {
            let g = j;
            while digit(j) {
                j += 1;
            }
            groups.push((g, j));
            if j + 1 < n && matches!(c[j], ' ' | '-') && digit(j + 1) && groups.len() < 6 {
                j += 1;
            } else {
                break;
            }
        }
        i = j;
        // Labels are looked up only for real candidates: most runs are short numbers.
        let not_code = |at: usize| {
            let mut label = label_before(&c, at, header);
            let opens_line = c[..at]
                .iter()
                .all(|x| x.is_whitespace() || matches!(x, ':' | '：' | '|'));
            if opens_line && let Some(p) = previous {
                label.push(' ');
                label.extend(
                    p.chars()
                        .rev()
                        .take(24)
                        .collect::<Vec<_>>()
                        .into_iter()
                        .rev(),
                );
            }
            !label_is_code(&label)
        };
        let lens: Vec<usize> = groups.iter().map(|(a, b)| b - a).collect();
        if groups.len() > 1
            && let Some((kind, number, end)) = grouped(&c, &groups, &lens, today)
            && bounded(&c, start, end)
        {
            if not_code(start) {
                out.push((kind, start + 1, number));
            }
            continue;
        }
        for (a, b) in groups {
            if let Some((kind, number, end)) = single(&c, a, b, today)
                && bounded(&c, a, end)
                && not_code(a)
            {
                out.push((kind, a + 1, number));
            }
        }
    }
    out
}

/// A number written in groups: 138 1234 5678, 6222 0212 3456 7890 123, 341823 19900101 1234.
fn grouped(
    c: &[char],
    groups: &[(usize, usize)],
    lens: &[usize],
    today: NaiveDate,
) -> Option<(PiiKind, String, usize)> {
    let total: usize = lens.iter().sum();
    if !(11..=19).contains(&total) {
        return None;
    }
    let mut digits: String = groups.iter().flat_map(|(a, b)| c[*a..*b].iter()).collect();
    let mut end = groups.last()?.1;
    // 138 1234 5678, 138-12345678, 1381234 5678: groups of three or more.
    if total == 11 && lens.iter().all(|l| *l >= 3) && is_mobile(&digits) {
        return Some((PiiKind::Mobile, digits, end));
    }
    // +86 138 1234 5678, 0086-13812345678.
    if matches!(lens[0], 2 | 4)
        && total - lens[0] == 11
        && lens[1..].iter().all(|l| *l >= 3)
        && let Some(mobile) = international_mobile(&digits)
    {
        return Some((PiiKind::Mobile, mobile.to_string(), end));
    }
    // The 15-digit 身份证号 of before 1999: 341823 900101 123.
    if lens == [6, 6, 3] && is_old_id_number(&digits, today) {
        return Some((PiiKind::IdNumber, digits, end));
    }
    if lens == [6, 8, 3] && matches!(c.get(end), Some('X' | 'x')) {
        digits.push('X');
        end += 1;
    }
    if (lens == [6, 8, 4] || lens == [6, 8, 3]) && is_id_number(&digits, today) {
        return Some((PiiKind::IdNumber, digits, end));
    }
    let card_groups = lens.len() >= 4
        && lens[..lens.len() - 1].iter().all(|l| *l == 4)
        && (1..=4).contains(lens.last()?);
    if card_groups && is_bank_card(&digits) {
        return Some((PiiKind::BankCard, digits, end));
    }
    None
}

/// A number written in one piece.
fn single(c: &[char], a: usize, b: usize, today: NaiveDate) -> Option<(PiiKind, String, usize)> {
    // Most runs are years, amounts and serials: no string for them.
    if !matches!(b - a, 11 | 13 | 15..=19) {
        return None;
    }
    let mut digits: String = c[a..b].iter().collect();
    let mut end = b;
    if digits.len() == 17 && matches!(c.get(b), Some('X' | 'x')) {
        digits.push('X');
        end += 1;
    }
    match digits.len() {
        11 if is_mobile(&digits) => Some((PiiKind::Mobile, digits, end)),
        // With the country code: +8613812345678, 008613812345678.
        13 | 15 if international_mobile(&digits).is_some() => {
            let mobile = international_mobile(&digits)?.to_string();
            Some((PiiKind::Mobile, mobile, end))
        }
        15 if is_old_id_number(&digits, today) => Some((PiiKind::IdNumber, digits, end)),
        18 if is_id_number(&digits, today) => Some((PiiKind::IdNumber, digits, end)),
        16..=19 if is_bank_card(&digits) => Some((PiiKind::BankCard, digits, end)),
        _ => None,
    }
}

/// The mobile number behind China's country code (86 or 0086), if that is what it is.
fn international_mobile(digits: &str) -> Option<&str> {
    let rest = digits
        .strip_prefix("0086")
        .or_else(|| digits.strip_prefix("86"))?;
    is_mobile(rest).then_some(rest)
}

/// The number stands alone: not inside a longer code, a decimal, an amount or an 索引号.
fn bounded(c: &[char], start: usize, end: usize) -> bool {
    let before = start.checked_sub(1).map(|i| c[i]);
    let before2 = start.checked_sub(2).map(|i| c[i]);
    let after = c.get(end).copied();
    let after2 = c.get(end + 1).copied();
    let is_digit = |x: Option<char>| x.is_some_and(|x| x.is_ascii_digit());
    if before.is_some_and(|x| x.is_ascii_alphanumeric() || matches!(x, '¥' | '￥' | '$')) {
        return false;
    }
    if matches!(before, Some('.' | '-' | '/')) && is_digit(before2) {
        return false;
    }
    if after.is_some_and(|x| x.is_ascii_alphanumeric() || UNITS.contains(&x)) {
        return false;
    }
    // 1380013800.00 is an amount; 11990000…/2026-00012 is an 索引号.
    !(matches!(after, Some('.' | '/' | '-' | ',')) && is_digit(after2))
}

/// The words labelling a number: the clause before it on its line, and its table
/// column's header.
fn label_before(c: &[char], start: usize, header: Option<&[String]>) -> String {
    let mut label: String = c[..start]
        .iter()
        .rev()
        .take_while(|x| !matches!(x, '。' | '；' | ';' | '，' | ',' | '|' | '\t'))
        .take(24)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    if let Some(h) = header {
        let column = c[..start].iter().filter(|x| **x == '|').count();
        // Rows usually start with "|": the first cell is column 1.
        let leading = c.iter().find(|x| !x.is_whitespace()) == Some(&'|');
        let idx = if leading {
            column.checked_sub(1)
        } else {
            Some(column)
        };
        if let Some(name) = idx.and_then(|i| h.get(i)) {
            label.push(' ');
            label.push_str(name);
        }
    }
    label
}

fn label_is_code(label: &str) -> bool {
    CODE_LABELS.iter().any(|l| label.contains(l))
        && !PERSONAL_LABELS.iter().any(|l| label.contains(l))
}

pub fn is_mobile(digits: &str) -> bool {
    let b = digits.as_bytes();
    b.len() == 11
        && b.iter().all(u8::is_ascii_digit)
        && b[0] == b'1'
        && (b'3'..=b'9').contains(&b[1])
}

/// Province-level codes that open a 身份证号 (GB/T 2260), plus 83 (台湾居民居住证)
/// and 91 (foreign permanent residents, since 2023).
const REGIONS: &[u8] = &[
    11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52,
    53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83, 91,
];

/// GB 11643-1999: region, birth date (1900 to today), sequence, check character.
pub fn is_id_number(id: &str, today: NaiveDate) -> bool {
    let b = id.as_bytes();
    if b.len() != 18 || !b[..17].iter().all(u8::is_ascii_digit) {
        return false;
    }
    let region = (b[0] - b'0') * 10 + (b[1] - b'0');
    if !REGIONS.contains(&region) {
        return false;
    }
    let num = |r: std::ops::Range<usize>| id[r].parse::<u32>().ok();
    let birth = match (num(6..10), num(10..12), num(12..14)) {
        (Some(y), Some(m), Some(d)) => NaiveDate::from_ymd_opt(y as i32, m, d),
        _ => None,
    };
    if !birth.is_some_and(|d| d.year() >= 1900 && d <= today) {
        return false;
    }
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const CHECK: &[u8; 11] = b"10X98765432";
    let sum: u32 = b[..17]
        .iter()
        .zip(WEIGHTS)
        .map(|(d, w)| u32::from(d - b'0') * w)
        .sum();
    CHECK[(sum % 11) as usize] == b[17].to_ascii_uppercase()
}

/// The first-generation 身份证号 (15 digits, still on older lists): region, birth
/// date as YYMMDD of the 1900s, sequence; no check digit.
pub fn is_old_id_number(id: &str, today: NaiveDate) -> bool {
    let b = id.as_bytes();
    if b.len() != 15 || !b.iter().all(u8::is_ascii_digit) {
        return false;
    }
    let region = (b[0] - b'0') * 10 + (b[1] - b'0');
    if !REGIONS.contains(&region) {
        return false;
    }
    let num = |r: std::ops::Range<usize>| id[r].parse::<u32>().ok();
    let birth = match (num(6..8), num(8..10), num(10..12)) {
        (Some(y), Some(m), Some(d)) => NaiveDate::from_ymd_opt(1900 + y as i32, m, d),
        _ => None,
    };
    birth.is_some_and(|d| d <= today)
}

/// 16–19 digits, an issuer prefix (3 JCB/AmEx, 4 Visa, 5 Mastercard, 6 UnionPay,
/// 9 domestic), and the Luhn check digit.
pub fn is_bank_card(digits: &str) -> bool {
    let b = digits.as_bytes();
    if !(16..=19).contains(&b.len()) || !b.iter().all(u8::is_ascii_digit) {
        return false;
    }
    if !matches!(b[0], b'3' | b'4' | b'5' | b'6' | b'9') {
        return false;
    }
    // A run of one digit is filler, not a card.
    if b.iter().all(|x| *x == b[0]) {
        return false;
    }
    luhn(b)
}

fn luhn(digits: &[u8]) -> bool {
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, d)| {
            let v = u32::from(d - b'0');
            if i % 2 == 1 {
                let x = v * 2;
                if x > 9 { x - 9 } else { x }
            } else {
                v
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

/// Completes 17 digits into a valid 身份证号 (for tests and fixtures).
pub fn with_id_check_digit(first17: &str) -> String {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const CHECK: &[u8; 11] = b"10X98765432";
    let sum: u32 = first17
        .bytes()
        .zip(WEIGHTS)
        .map(|(d, w)| u32::from(d.wrapping_sub(b'0')) * w)
        .sum();
    format!("{first17}{}", CHECK[(sum % 11) as usize] as char)
}

/// Completes a card number's digits with a Luhn check digit (for tests and fixtures).
pub fn with_luhn_digit(without: &str) -> String {
    (0..=9)
        .map(|d| format!("{without}{d}"))
        .find(|s| luhn(s.as_bytes()))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::super::fixture::{self, column, doc};
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    fn kinds(line: &str) -> Vec<(PiiKind, String)> {
        scan_line(line, today(), None)
            .into_iter()
            .map(|(k, _, n)| (k, n))
            .collect()
    }

    #[test]
    fn check_digits() {
        // The GB 11643 worked example.
        assert!(is_id_number("11010519491231002X", today()));
        assert!(!is_id_number("110105194912310021", today()));
        assert_eq!(
            with_id_check_digit("11010519491231002"),
            "11010519491231002X"
        );
        assert!(luhn(b"4111111111111111"));
        assert!(!luhn(b"4111111111111112"));
        assert!(is_bank_card(&with_luhn_digit("622202020011223344")));
        assert!(is_mobile("13812345678"));
        assert!(!is_mobile("12812345678"));
    }

    #[test]
    fn birth_dates_must_be_real_and_past() {
        // Valid check digit but born on 30 February / in the future.
        assert!(!is_id_number(
            &with_id_check_digit("34182319900230123"),
            today()
        ));
        assert!(!is_id_number(
            &with_id_check_digit("34182320300101123"),
            today()
        ));
        assert!(!is_id_number(
            &with_id_check_digit("00182319900101123"),
            today()
        ));
        assert!(is_id_number(
            &with_id_check_digit("34182319900101123"),
            today()
        ));
    }

    #[test]
    fn finds_plain_grouped_and_full_width_numbers() {
        let id = with_id_check_digit("34182319900101123");
        let card = with_luhn_digit("622202020011223344");
        assert_eq!(
            kinds(&format!("户主张三，身份证号{id}。")),
            [(PiiKind::IdNumber, id.clone())]
        );
        assert_eq!(
            kinds("联系电话：13812345678"),
            [(PiiKind::Mobile, "13812345678".into())]
        );
        assert_eq!(
            kinds("手机 138 1234 5678"),
            [(PiiKind::Mobile, "13812345678".into())]
        );
        assert_eq!(
            kinds("手机１３８１２３４５６７８"),
            [(PiiKind::Mobile, "13812345678".into())]
        );
        let grouped: String = card
            .as_bytes()
            .chunks(4)
            .map(|c| std::str::from_utf8(c).unwrap())
            .collect::<Vec<_>>()
            .join(" ");
        assert_eq!(
            kinds(&format!("银行卡号：{grouped}")),
            [(PiiKind::BankCard, card.clone())]
        );
        assert_eq!(
            kinds(&format!("| 1 | 李** | {card} |")),
            [(PiiKind::BankCard, card)]
        );
        let x_id = with_id_check_digit("11010519491231002");
        assert_eq!(
            kinds(&format!("证件号码 {}", x_id.to_lowercase())),
            [(PiiKind::IdNumber, x_id)]
        );
    }

    #[test]
    fn masked_numbers_codes_dates_and_amounts_pass() {
        for line in [
            "身份证号 3412**********1234，电话 138****5678",
            "卡号 6222 **** **** 1234",
            "索引号 11990000MB0123456X/2026-00012",
            "索引号：119900001234567890/2026-00012",
            "示政办〔2026〕3号，2026年3月12日，2026-03-12，20260312",
            "合计 52542225.00 元，13800138000.00",
            "发放金额13812345678元",
            "¥13812345678",
            "电话 0999-1234567，热线 12345，传真 09991234568",
            "科目编码 2010301 一般行政管理事务",
            "合计 13812345678901234567890 条",
            "https://xxgk.example.gov.cn/art/2026/11/13812345678a.html",
        ] {
            assert!(kinds(line).is_empty(), "{line}: {:?}", kinds(line));
        }
        // A valid ID-shaped number labelled as a code is a code.
        assert!(kinds("统一社会信用代码：11010519491231002X").is_empty());
        assert!(kinds("项目编号 13812345678").is_empty());
        assert_eq!(kinds("户主身份证编号 11010519491231002X").len(), 1);
    }

    #[test]
    fn country_codes_other_groupings_and_old_15_digit_ids_are_found() {
        let mobile = || vec![(PiiKind::Mobile, "13812345678".to_string())];
        for line in [
            "联系电话：+8613812345678",
            "联系电话：+86 138 1234 5678",
            "联系电话：+86-13812345678",
            "联系电话：0086 13812345678",
            "联系电话：008613812345678",
            "联系电话：138 12345678",
            "联系电话：1381234-5678",
        ] {
            assert_eq!(kinds(line), mobile(), "{line}");
        }
        let old = "341823900101123";
        assert!(is_old_id_number(old, today()));
        assert_eq!(
            kinds(&format!("户主张三，身份证 {old}。")),
            [(PiiKind::IdNumber, old.to_string())]
        );
        assert_eq!(
            kinds("户主张三，身份证 341823 900101 123。"),
            [(PiiKind::IdNumber, old.to_string())]
        );
        // Not a date at 7–12, not a region, or labelled as a code.
        for line in [
            "身份证 341823901301123",
            "编号 991823900101123",
            "营业执照注册号 341823900101123",
            "合计341823900101123元",
        ] {
            assert!(kinds(line).is_empty(), "{line}: {:?}", kinds(line));
        }
    }

    #[test]
    fn table_headers_label_their_columns() {
        let text = "| 序号 | 企业名称 | 统一社会信用代码 |\n|---|---|---|\n| 1 | 示例公司 | 11010519491231002X |\n\n| 姓名 | 身份证号码 |\n|---|---|\n| 张三 | 11010519491231002X |\n";
        let hits = scan("a.md", text, today(), &Lines::AllBut(BTreeSet::new()));
        assert_eq!(hits.len(), 1, "{hits:?}");
        assert_eq!((hits[0].line, hits[0].kind), (7, PiiKind::IdNumber));
        assert_eq!(hits[0].masked(), "1101**********002X");
    }

    #[test]
    fn positions_are_source_lines_and_columns() {
        let text =
            "---\n标题: 公示\n# 13812345678 in a comment\n---\n正文\n申请人：王五 13912345678\n";
        let hits = scan("a.md", text, today(), &Lines::AllBut(BTreeSet::new()));
        assert_eq!(hits.len(), 1, "{hits:?}");
        assert_eq!((hits[0].line, hits[0].column), (6, 8));
        assert_eq!(hits[0].masked(), "139****5678");
    }

    #[test]
    fn published_parts_of_a_portal_are_scanned_with_their_lines() {
        let id = with_id_check_digit("34182319900101123");
        let f = fixture::portal(
            &[
                ("content/gs/_index.md", &column("公示公告", "其他信息")),
                (
                    "content/gs/dbgs.md",
                    &doc(
                        "标题: 低保名单\n发布日期: 2026-10-08\n附件:\n  - path: files/md.csv\n    title: 名单（联系人13812345678）",
                        &format!("| 姓名 | 身份证号 |\n|---|---|\n| 张三 | {id} |"),
                    ),
                ),
                (
                    "content/gs/files/md.csv",
                    &format!(
                        "姓名,卡号\n李四,{}\n",
                        with_luhn_digit("622202020011223344")
                    ),
                ),
                (
                    "content/gs/qs.md",
                    &doc(
                        &format!(
                            "标题: 关于王五（{id}）的请示\n发布日期: 2026-10-08\n公开方式: 依申请公开\n不予公开依据: 第十六条 过程性信息"
                        ),
                        &format!("正文不公开：{id}"),
                    ),
                ),
            ],
            "2026-11-23",
        );
        let masked = format!("3418**********{}", &id[14..]);
        assert_eq!(
            f.findings(&ID_NUMBER),
            [
                format!(
                    "content/gs/dbgs.md:10: 公开内容含完整的居民身份证号码 {masked}（第 8 列）"
                ),
                format!("content/gs/qs.md:2: 公开内容含完整的居民身份证号码 {masked}（第 10 列）"),
            ]
        );
        assert_eq!(
            f.findings(&MOBILE),
            ["content/gs/dbgs.md:6: 公开内容含完整的手机号码 138****5678（第 18 列）"]
        );
        let cards = f.findings(&BANK_CARD);
        assert_eq!(cards.len(), 1);
        assert!(
            cards[0].starts_with("content/gs/files/md.csv:2: "),
            "{cards:?}"
        );
    }

    fn shown(html: &str) -> Vec<(PiiKind, String)> {
        scan_visible(&crate::visible::lines(html), today())
            .into_iter()
            .map(|(k, _, n)| (k, n))
            .collect()
    }

    #[test]
    fn numbers_join_across_breaks_and_cells_as_shown() {
        let mobile = || vec![(PiiKind::Mobile, "13812345678".to_string())];
        assert_eq!(shown("<p>电话 138<br>1234<br>5678</p>"), mobile());
        assert_eq!(
            shown("<p>电话 &#49;38<b>1234</b>5\u{200B}678</p>"),
            mobile()
        );
        assert_eq!(
            shown(
                "<table><tr><th>姓名</th><th>手机</th><th></th></tr><tr><td>张三</td><td>138</td><td>12345678</td></tr></table>"
            ),
            mobile()
        );
        assert_eq!(
            shown("<a href=\"tel:%2B86%2013812345678\">联系</a>"),
            mobile()
        );
        let id = with_id_check_digit("34182319900101123");
        assert_eq!(
            shown(&format!("<p>身份证号 {}<br>{}</p>", &id[..5], &id[5..])),
            [(PiiKind::IdNumber, id)]
        );
    }

    #[test]
    fn adjacent_counts_amounts_and_codes_do_not_join() {
        for html in [
            "<table><tr><th>序号</th><th>补贴金额（元）</th></tr><tr><td>138</td><td>12345678</td></tr></table>",
            "<table><tr><th>户数</th><th>人数</th></tr><tr><td>1</td><td>3912345678</td></tr></table>",
            "<table><tr><th>项目编号</th><th>说明</th></tr><tr><td>138</td><td>12345678</td></tr></table>",
            "<p>合计 138<br>12345678 元</p>",
            "<p>项目编号<br>6222020200112233446</p>",
            "<p>2026年<br>13812345678.00</p>",
        ] {
            assert!(shown(html).is_empty(), "{html}: {:?}", shown(html));
        }
    }
}
