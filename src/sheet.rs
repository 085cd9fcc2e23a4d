//! Spreadsheets editors already keep: `.xlsx`/`.xls`/`.ods` (through calamine) and
//! `.csv`, read into a grid of cells that remember their row and column, so that a
//! problem is reported as `Sheet1!C12` and the editor finds it in Excel at once.

use calamine::{Data, Reader, open_workbook_auto};
use std::path::Path;

/// One non-empty cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Number(f64),
}

impl Cell {
    /// The cell as an editor sees it.
    pub fn text(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Number(n) => n.to_string(),
        }
    }
}

/// A sheet's used cells.
#[derive(Debug, Clone)]
pub struct Grid {
    /// Worksheet name; `None` for a csv file.
    pub sheet: Option<String>,
    /// (1-based row number, cells by 0-based column; `None` for an empty cell).
    pub rows: Vec<(usize, Vec<Option<Cell>>)>,
}

impl Grid {
    /// `Sheet1!C12` (xlsx) or `C12` (csv).
    pub fn cell_ref(&self, col: usize, row: usize) -> String {
        match &self.sheet {
            Some(s) => format!("{s}!{}{row}", column_letter(col)),
            None => format!("{}{row}", column_letter(col)),
        }
    }

    /// `Sheet1!第3行` / `第3行`, for problems with a whole row.
    pub fn row_ref(&self, row: usize) -> String {
        match &self.sheet {
            Some(s) => format!("{s}!第{row}行"),
            None => format!("第{row}行"),
        }
    }
}

/// Spreadsheet column name of a 0-based index: 0 → A, 25 → Z, 26 → AA.
pub fn column_letter(mut col: usize) -> String {
    let mut out = vec![];
    loop {
        out.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

pub fn is_sheet_file(path: &Path) -> bool {
    matches!(
        extension(path).as_str(),
        "csv" | "xlsx" | "xlsm" | "xls" | "ods"
    )
}

fn extension(path: &Path) -> String {
    path.extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase()
}

/// Reads a csv file or one worksheet of a workbook (`sheet`, or the first one).
pub fn read(path: &Path, sheet: Option<&str>) -> Result<Grid, String> {
    let max = crate::limits::SHEET_MAX;
    let too_large = |size: u64| {
        format!(
            "电子表格过大：{} MiB，上限 {} MiB",
            size.div_ceil(1 << 20),
            max >> 20
        )
    };
    if extension(path) == "csv" {
        if let Some(s) = sheet {
            return Err(format!("csv 文件没有工作表，不能指定 工作表: {s}"));
        }
        let bytes = crate::limits::read_bounded(path, max)
            .map_err(|e| format!("无法读取：{e}"))?
            .map_err(too_large)?;
        return read_csv(&bytes);
    }
    // A workbook is read whole by calamine: its file size is bounded before it opens.
    let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    if size > max {
        return Err(too_large(size));
    }
    let mut book = open_workbook_auto(path).map_err(|e| format!("无法打开电子表格：{e}"))?;
    let names = book.sheet_names();
    let name = match sheet {
        Some(s) => names
            .iter()
            .find(|n| n.trim() == s.trim())
            .cloned()
            .ok_or_else(|| {
                format!(
                    "工作簿中没有名为“{s}”的工作表（现有：{}）",
                    names.join("、")
                )
            })?,
        None => names
            .first()
            .cloned()
            .ok_or_else(|| "工作簿中没有工作表".to_string())?,
    };
    let range = book
        .worksheet_range(&name)
        .map_err(|e| format!("无法读取工作表“{name}”：{e}"))?;
    // A range starts at its first used cell, not at A1: keep the offset so that
    // positions match what Excel shows.
    let (row0, col0) = range.start().unwrap_or((0, 0));
    let rows = range
        .rows()
        .enumerate()
        .map(|(i, cells)| {
            let mut out: Vec<Option<Cell>> = vec![None; col0 as usize];
            out.extend(cells.iter().map(cell_of));
            (row0 as usize + i + 1, out)
        })
        .filter(|(_, cells)| cells.iter().any(Option::is_some))
        .collect();
    Ok(Grid {
        sheet: Some(name),
        rows,
    })
}

fn cell_of(d: &Data) -> Option<Cell> {
    match d {
        Data::Empty => None,
        Data::Int(i) => Some(Cell::Number(*i as f64)),
        Data::Float(f) => Some(Cell::Number(*f)),
        Data::String(s) => Some(s.trim().to_string())
            .filter(|s| !s.is_empty())
            .map(Cell::Text),
        Data::Bool(b) => Some(Cell::Text(if *b { "是" } else { "否" }.into())),
        Data::DateTime(d) => Some(Cell::Number(d.as_f64())),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Some(Cell::Text(s.clone())),
        Data::Error(e) => Some(Cell::Text(format!("#{e:?}"))),
    }
}

/// Excel on a Chinese Windows saves "CSV" in GBK; accept it as well as UTF-8.
fn read_csv(bytes: &[u8]) -> Result<Grid, String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => {
            let (text, _, had_errors) = encoding_rs::GB18030.decode(bytes);
            if had_errors {
                return Err("文件既不是 UTF-8 也不是 GBK 编码".into());
            }
            text.into_owned()
        }
    };
    // Rows are numbered by counting `\n`: a file saved with `\r` alone would be one line.
    let text = crate::source::normalize_line_ends(&text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = vec![];
    // Newlines are counted incrementally: recounting from the start for every
    // record made a 4,000-row sheet take minutes.
    let bytes = text.as_bytes();
    let (mut counted_to, mut newlines) = (0usize, 0usize);
    for rec in reader.records() {
        let rec = rec.map_err(|e| {
            let line = e.position().map(|p| p.line()).unwrap_or(0);
            format!("第{line}行：csv 格式错误：{e}")
        })?;
        // The reader's own line count skips blank lines; the byte offset does not.
        let line = match rec.position() {
            Some(p) => {
                let mut at = (p.byte() as usize).min(bytes.len());
                // The position may stand on the blank lines before the record.
                while bytes.get(at).is_some_and(|b| *b == b'\n' || *b == b'\r') {
                    at += 1;
                }
                let from = counted_to.min(at);
                newlines += bytes[from..at].iter().filter(|b| **b == b'\n').count();
                counted_to = at;
                newlines + 1
            }
            None => 0,
        };
        let cells: Vec<Option<Cell>> = rec
            .iter()
            .map(|c| Some(c.trim().to_string()).filter(|s| !s.is_empty()))
            .map(|c| c.map(Cell::Text))
            .collect();
        if cells.iter().any(Option::is_some) {
            rows.push((line, cells));
        }
    }
    Ok(Grid { sheet: None, rows })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters_like_excel() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(2), "C");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(27), "AB");
        assert_eq!(column_letter(701), "ZZ");
        assert_eq!(column_letter(702), "AAA");
    }

    #[test]
    fn csv_keeps_line_numbers_and_skips_blank_rows() {
        let g =
            read_csv("科目编码,科目名称,金额\n\n201,一般公共服务支出,\"1,098.20\"\n".as_bytes())
                .unwrap();
        assert_eq!(g.rows.len(), 2);
        assert_eq!(g.rows[1].0, 3);
        assert_eq!(g.rows[1].1[2], Some(Cell::Text("1,098.20".into())));
        assert_eq!(g.cell_ref(2, 3), "C3");
    }

    #[test]
    fn rows_of_a_csv_with_cr_line_ends_keep_their_numbers() {
        let g = read_csv("科目编码,科目名称\r\r201,一般公共服务支出\r".as_bytes()).unwrap();
        assert_eq!(g.rows.len(), 2);
        assert_eq!(g.rows[1].0, 3);
    }

    #[test]
    fn gbk_csv_from_excel_is_accepted() {
        let (gbk, _, _) = encoding_rs::GBK.encode("事项名称,事项类型\n工伤认定,行政确认\n");
        let g = read_csv(&gbk).unwrap();
        assert_eq!(g.rows[1].1[1], Some(Cell::Text("行政确认".into())));
    }
}
