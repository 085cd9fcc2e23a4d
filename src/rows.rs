//! The rows of a structured table, written inline in the YAML document or kept in
//! a csv/xlsx file beside it. Either way each row becomes a [`Record`] whose values
//! are keyed by canonical field names and remember where they came from: a YAML
//! line, or a spreadsheet cell such as `Sheet1!C12`.

use crate::amount::{AMOUNT_HINT, Amount, MAX_COUNT, parse_count};
use crate::diagnostics::{Diagnostic, Diagnostics, display_path};
use crate::fields::{Field, scalar_text};
use crate::sheet::{self, Cell, Grid};
use serde_yaml::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub use crate::model::Loc;

// Here rather than in the model, which knows nothing of diagnostics. An inherent
// impl may stand in any module of the crate.
impl crate::model::Loc {
    pub fn error(
        &self,
        rule: &'static str,
        msg: impl Into<String>,
    ) -> crate::diagnostics::Diagnostic {
        crate::diagnostics::Diagnostic::error(rule, &self.file, self.line, self.message(msg.into()))
    }

    pub fn warning(
        &self,
        rule: &'static str,
        msg: impl Into<String>,
    ) -> crate::diagnostics::Diagnostic {
        crate::diagnostics::Diagnostic::warning(
            rule,
            &self.file,
            self.line,
            self.message(msg.into()),
        )
    }
}

/// One row of a table.
#[derive(Debug, Clone)]
pub struct Record {
    /// The row as a whole.
    pub loc: Loc,
    values: BTreeMap<&'static str, (Cell, Loc)>,
}

impl Record {
    pub fn new(loc: Loc) -> Record {
        Record {
            loc,
            values: BTreeMap::new(),
        }
    }

    pub fn insert(&mut self, key: &'static str, cell: Cell, loc: Loc) {
        self.values.insert(key, (cell, loc));
    }

    pub fn has(&self, key: &str) -> bool {
        self.values.contains_key(key)
    }

    /// Where the value of `key` stands (its cell), or the row.
    pub fn loc_of(&self, key: &str) -> &Loc {
        self.values.get(key).map(|(_, l)| l).unwrap_or(&self.loc)
    }

    pub fn text(&self, key: &str) -> Option<String> {
        self.values
            .get(key)
            .map(|(c, _)| c.text().trim().to_string())
            .filter(|s| !s.is_empty())
    }

    /// An amount in 万元; a value that is not one is reported at its cell.
    pub fn amount(&self, key: &str, label: &str, diags: &mut Diagnostics) -> Option<Amount> {
        let (cell, loc) = self.values.get(key)?;
        let parsed = match cell {
            Cell::Text(t) => Amount::parse(t),
            Cell::Number(x) => Amount::from_f64(*x),
        };
        parsed
            .map_err(|msg| {
                diags.push(
                    loc.error("bad-amount", format!("{label}：{msg}"))
                        .hint(AMOUNT_HINT),
                )
            })
            .ok()
    }

    /// A whole, non-negative number.
    pub fn count(&self, key: &str, label: &str, diags: &mut Diagnostics) -> Option<u64> {
        let (cell, loc) = self.values.get(key)?;
        let parsed = match cell {
            Cell::Text(t) => parse_count(t),
            Cell::Number(x) if *x >= 0.0 && x.fract() == 0.0 && *x <= MAX_COUNT as f64 => {
                Ok(*x as u64)
            }
            Cell::Number(x) => Err(format!("“{x}”不是非负整数")),
        };
        parsed
            .map_err(|msg| {
                diags.push(
                    loc.error("bad-number", format!("{label}：{msg}"))
                        .hint("填写件数（整数），没有的填 0"),
                )
            })
            .ok()
    }
}

/// The rows of a table and, when they came from a spreadsheet, that file.
#[derive(Debug, Clone, Default)]
pub struct Table {
    pub records: Vec<Record>,
    pub file: Option<PathBuf>,
}

/// What a table reader needs to know about the YAML document it stands in.
pub struct Source<'a> {
    /// Root-relative path of the YAML document.
    pub file: &'a str,
    /// Its text, to find the line of each list item.
    pub yaml: &'a str,
    /// Its folder: spreadsheet paths are relative to it.
    pub dir: &'a Path,
    pub root: &'a Path,
}

/// Folds a header or key for matching: a key's folding ([`crate::fields::fold_key`]:
/// widths, spaces and line breaks, invisible characters), and besides no
/// required-column asterisks or quotes, and no "（万元）" unit note, which is the
/// unit every amount is in anyway.
pub fn fold(s: &str) -> String {
    let f: String = crate::fields::fold_key(s)
        .chars()
        .filter(|c| !matches!(c, '*' | '“' | '”' | '"'))
        .collect();
    f.strip_suffix("(万元)")
        .or_else(|| f.strip_suffix("(单位:万元)"))
        .unwrap_or(&f)
        .to_string()
}

/// The field a header or key names, matched on folded text.
pub fn match_field(table: &[Field], name: &str) -> Option<&'static str> {
    let n = fold(name);
    table
        .iter()
        .find(|f| fold(f.key) == n || f.names.iter().any(|a| fold(a) == n))
        .map(|f| f.key)
}

/// The display name of a field: its first Chinese name.
pub fn zh(table: &[Field], key: &str) -> &'static str {
    table
        .iter()
        .find(|f| f.key == key)
        .map(|f| f.names.first().copied().unwrap_or(f.key))
        .unwrap_or("")
}

fn closest(table: &[Field], name: &str) -> Option<&'static str> {
    crate::fields::closest(table, &fold(name))
}

/// Reads a table given as a YAML list of mappings, as a spreadsheet path
/// (`事项: qzqd-2026.xlsx`), or as `{文件: …, 工作表: …}`. `key` is the YAML key as
/// written and `line` its line.
pub fn read_table(
    src: &Source,
    key: &str,
    line: usize,
    value: &Value,
    table: &[Field],
    required: &[&str],
    diags: &mut Diagnostics,
) -> Option<Table> {
    let here = Loc::yaml(src.file, line);
    let not_rows = || {
        here.error(
            "field-type",
            format!("{key} 应为行的列表，或电子表格文件名"),
        )
        .hint(format!(
            "如 {key}: 清单.xlsx，或 {key}: {{文件: 清单.xlsx, 工作表: Sheet1}}"
        ))
    };
    match value {
        Value::Sequence(items) => Some(Table {
            records: inline_rows(src, key, line, items, table, diags),
            file: None,
        }),
        Value::Mapping(m) => {
            let get = |names: &[&str]| {
                m.iter()
                    .find(|(k, _)| scalar_text(k).is_some_and(|k| names.contains(&k.trim())))
                    .and_then(|(_, v)| scalar_text(v))
            };
            let Some(path) = get(&["文件", "file", "path", "路径"]) else {
                diags.push(not_rows());
                return None;
            };
            let sheet = get(&["工作表", "sheet"]);
            sheet_rows(
                src,
                key,
                line,
                &path,
                sheet.as_deref(),
                table,
                required,
                diags,
            )
        }
        v => match scalar_text(v) {
            Some(path) => sheet_rows(src, key, line, &path, None, table, required, diags),
            None => {
                diags.push(not_rows());
                None
            }
        },
    }
}

fn inline_rows(
    src: &Source,
    key: &str,
    line: usize,
    items: &[Value],
    table: &[Field],
    diags: &mut Diagnostics,
) -> Vec<Record> {
    let lines = item_lines(src.yaml, line);
    let text: Vec<&str> = src.yaml.lines().collect();
    let mut out = vec![];
    for (i, item) in items.iter().enumerate() {
        let at = Loc::yaml(src.file, lines.get(i).copied().unwrap_or(line));
        let field_lines = lines
            .get(i)
            .map(|start| field_lines(&text, *start, lines.get(i + 1).copied(), table))
            .unwrap_or_default();
        let Value::Mapping(m) = item else {
            diags.push(
                at.error(
                    "field-type",
                    format!("{key} 第{}行应写成“字段: 值”的映射", i + 1),
                )
                .hint("每行以“- ”开头，写 字段: 值，如 - {事项名称: …, 事项类型: …}"),
            );
            continue;
        };
        let mut rec = Record::new(at.clone());
        for (k, v) in m {
            let name = scalar_text(k).unwrap_or_default();
            let Some(field) = match_field(table, &name) else {
                let mut d = at.warning(
                    "unknown-field",
                    format!("{key} 中的未知字段“{name}”，已忽略"),
                );
                if let Some(c) = closest(table, &name) {
                    d = d.hint(format!("是否应为“{c}”？"));
                }
                diags.push(d);
                continue;
            };
            let loc = match field_lines.get(field) {
                Some(l) => Loc::yaml(src.file, *l),
                None => at.clone(),
            };
            let cell = match v {
                Value::Null => continue,
                Value::Number(n) => Cell::Number(n.as_f64().unwrap_or(f64::NAN)),
                Value::Sequence(parts) => Cell::Text(
                    parts
                        .iter()
                        .filter_map(scalar_text)
                        .collect::<Vec<_>>()
                        .join("\n"),
                ),
                v => match scalar_text(v) {
                    Some(s) => Cell::Text(s),
                    None => {
                        diags.push(
                            loc.error("field-type", format!("{key} 的字段“{name}”应为文字或数字"))
                                .hint(format!("写在冒号后同一行，如 {name}: …")),
                        );
                        continue;
                    }
                },
            };
            rec.insert(field, cell, loc);
        }
        out.push(rec);
    }
    out
}

/// The line of each field of the block list item starting on line `start` (its keys
/// stand on the lines below the `- `, up to the next item or the end of the list),
/// so that a bad value is reported on its own line. A flow item (`- {名称: a}`)
/// keeps the item's line. Keys with an empty value are found too.
pub fn field_lines(
    text: &[&str],
    start: usize,
    next_item: Option<usize>,
    table: &[Field],
) -> BTreeMap<&'static str, usize> {
    let indent = |s: &str| s.len() - s.trim_start_matches(' ').len();
    let mut out = BTreeMap::new();
    let Some(first) = text.get(start.wrapping_sub(1)) else {
        return out;
    };
    let dash = indent(first);
    for (i, raw) in text.iter().enumerate().skip(start - 1) {
        let n = i + 1;
        if next_item.is_some_and(|next| n >= next) {
            break;
        }
        let t = raw.trim_start_matches(' ');
        if n > start && !t.is_empty() && !t.starts_with('#') && indent(raw) <= dash {
            break;
        }
        let t = t.strip_prefix("- ").unwrap_or(t);
        if let Some((k, _)) = t.split_once(':')
            && let Some(key) = match_field(table, k)
        {
            out.entry(key).or_insert(n);
        }
    }
    out
}

/// Lines (1-based) of the items of the block list under the key on `key_line`.
pub fn item_lines(yaml: &str, key_line: usize) -> Vec<usize> {
    let all: Vec<&str> = yaml.lines().collect();
    let indent = |s: &str| s.len() - s.trim_start_matches(' ').len();
    let Some(key_text) = all.get(key_line.wrapping_sub(1)) else {
        return vec![];
    };
    let key_indent = indent(key_text);
    let mut item_indent = None;
    let mut out = vec![];
    for (i, raw) in all.iter().enumerate().skip(key_line) {
        let t = raw.trim_start_matches(' ');
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        let ind = indent(raw);
        // A list may sit at the key's own indentation ("key:\n- a").
        let is_item = t == "-" || t.starts_with("- ");
        if ind < key_indent || (ind == key_indent && !is_item) {
            break;
        }
        if is_item && item_indent.is_none_or(|ii| ii == ind) {
            item_indent = Some(ind);
            out.push(i + 1);
        }
    }
    out
}

#[allow(clippy::too_many_arguments)]
fn sheet_rows(
    src: &Source,
    key: &str,
    line: usize,
    rel: &str,
    sheet: Option<&str>,
    table: &[Field],
    required: &[&str],
    diags: &mut Diagnostics,
) -> Option<Table> {
    let here = Loc::yaml(src.file, line);
    let path = src.dir.join(rel.trim());
    if !sheet::is_sheet_file(&path) {
        diags.push(
            here.error("bad-sheet", format!("{key}：“{rel}”不是 csv 或 xlsx 文件"))
                .hint("行数据可写在本文件中（列表），或放在同目录的 .xlsx / .csv 文件中"),
        );
        return None;
    }
    // The sheet is published beside the page: only one inside content/ (symlinks
    // resolved) is read at all.
    let content = src.root.join(crate::source::CONTENT_DIR);
    let path = match crate::confinement::resolve(&content, src.dir, rel) {
        Ok(p) if p.is_file() => p,
        Ok(_) | Err(crate::confinement::Refusal::Missing) => {
            diags.push(
                here.error("missing-file", format!("{key}：找不到文件“{rel}”"))
                    .hint("路径相对于本文件所在目录，如 qzqd-2026.xlsx 或 data/ys-2026.csv"),
            );
            return None;
        }
        Err(why) => {
            diags.push(
                here.error(
                    "attachment-outside",
                    format!("{key}：{}", why.zh(rel.trim(), "content")),
                )
                .hint(crate::confinement::OUTSIDE_HINT),
            );
            return None;
        }
    };
    let file = display_path(src.root, &path);
    let grid = match sheet::read(&path, sheet) {
        Ok(g) => g,
        Err(msg) => {
            diags.push(
                Diagnostic::error("bad-sheet", &file, 1, msg)
                    .hint("用 Excel 或 WPS 打开后另存为 .xlsx（或 UTF-8 编码的 .csv）再试"),
            );
            return None;
        }
    };
    let records = grid_rows(&file, &grid, table, required, diags)?;
    Some(Table {
        records,
        file: Some(path),
    })
}

/// Maps the header row to fields and turns the rows below it into records. The
/// header is the first row (of the first ten) where two cells name known fields:
/// editors' sheets often carry a title row above it.
pub fn grid_rows(
    file: &str,
    grid: &Grid,
    table: &[Field],
    required: &[&str],
    diags: &mut Diagnostics,
) -> Option<Vec<Record>> {
    let header_at = grid.rows.iter().take(10).position(|(_, cells)| {
        cells
            .iter()
            .flatten()
            .filter(|c| match_field(table, &c.text()).is_some())
            .count()
            >= 2
    });
    let Some(h) = header_at else {
        let first = grid.rows.first().map(|(r, _)| *r).unwrap_or(1);
        let expected: Vec<&str> = required.iter().map(|k| zh(table, k)).collect();
        diags.push(
            Diagnostic::error(
                "bad-sheet",
                file,
                first,
                format!(
                    "{}：找不到表头（前 10 行中没有一行包含 {} 等列名）",
                    grid.row_ref(first),
                    expected.join("、")
                ),
            )
            .hint("第一行（或标题行下面一行）写列名，每列一个字段"),
        );
        return None;
    };
    let (header_row, header) = &grid.rows[h];
    let mut columns: Vec<Option<&'static str>> = vec![];
    let mut unknown: Vec<(usize, String)> = vec![];
    let mut ok = true;
    for (col, cell) in header.iter().enumerate() {
        let Some(cell) = cell else {
            columns.push(None);
            continue;
        };
        let name = cell.text();
        let at = grid.cell_ref(col, *header_row);
        match match_field(table, &name) {
            Some(k) if columns.contains(&Some(k)) => {
                diags.push(
                    Diagnostic::error(
                        "bad-sheet",
                        file,
                        *header_row,
                        format!("{at}：列“{name}”与前面的列重复（都是 {}）", zh(table, k)),
                    )
                    .hint("每个字段只占一列：删去或改名重复的列"),
                );
                ok = false;
                columns.push(None);
            }
            Some(k) => columns.push(Some(k)),
            None => {
                unknown.push((col, name));
                columns.push(None);
            }
        }
    }
    for req in required {
        if columns.contains(&Some(*req)) {
            continue;
        }
        ok = false;
        let want = zh(table, req);
        // Point at the header cell the editor most likely meant.
        let guess = unknown
            .iter()
            .find(|(_, n)| closest(table, n).and_then(|c| match_field(table, c)) == Some(*req));
        let d = match guess {
            Some((col, name)) => Diagnostic::error(
                "bad-sheet",
                file,
                *header_row,
                format!(
                    "{}：列名“{name}”无法识别，表头缺少必需的列“{want}”",
                    grid.cell_ref(*col, *header_row)
                ),
            )
            .hint(format!("把该单元格改为“{want}”")),
            None => Diagnostic::error(
                "bad-sheet",
                file,
                *header_row,
                format!("{}：表头缺少必需的列“{want}”", grid.row_ref(*header_row)),
            )
            .hint(format!(
                "现有列：{}",
                header
                    .iter()
                    .flatten()
                    .map(Cell::text)
                    .collect::<Vec<_>>()
                    .join("、")
            )),
        };
        diags.push(d);
    }
    for (col, name) in &unknown {
        let taken = closest(table, name).and_then(|c| match_field(table, c));
        if taken.is_some_and(|k| required.contains(&k) && !columns.contains(&Some(k))) {
            continue; // already reported as the missing column
        }
        let mut d = Diagnostic::warning(
            "unknown-column",
            file,
            *header_row,
            format!(
                "{}：未知列“{name}”，已忽略",
                grid.cell_ref(*col, *header_row)
            ),
        );
        if let Some(c) = closest(table, name) {
            d = d.hint(format!("是否应为“{c}”？"));
        }
        diags.push(d);
    }
    if !ok {
        return None;
    }
    let mut out = vec![];
    for (row, cells) in &grid.rows[h + 1..] {
        let first = cells.iter().flatten().next().map(Cell::text);
        if first.is_some_and(|t| t.starts_with("注：") || t.starts_with("注:")) {
            continue; // a footnote under the table
        }
        let mut rec = Record::new(Loc {
            file: file.to_string(),
            line: *row,
            cell: Some(grid.row_ref(*row)),
        });
        for (col, cell) in cells.iter().enumerate() {
            if let (Some(Some(key)), Some(cell)) = (columns.get(col), cell) {
                rec.insert(
                    key,
                    cell.clone(),
                    Loc {
                        file: file.to_string(),
                        line: *row,
                        cell: Some(grid.cell_ref(col, *row)),
                    },
                );
            }
        }
        out.push(rec);
    }
    Some(out)
}

#[cfg(test)]
mod tests;
