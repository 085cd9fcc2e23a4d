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
use chrono::NaiveDate;
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

mod numbers;
#[cfg(test)]
use numbers::luhn;
mod text;
pub use numbers::{
    is_bank_card, is_id_number, is_mobile, is_old_id_number, with_id_check_digit, with_luhn_digit,
};
use text::*;

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

#[cfg(test)]
mod tests;
