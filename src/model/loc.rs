//! Where a value of a document's data stands: a file and line, and for a
//! spreadsheet the cell. The model keeps it so that rules can point at the cell an
//! editor must fix; turning it into a diagnostic is `diagnostics`' business.

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Loc {
    pub file: String,
    pub line: usize,
    /// `Sheet1!C12`, `C12` (csv) or `Sheet1!第12行`; `None` in YAML.
    pub cell: Option<String>,
}

impl Loc {
    pub fn yaml(file: &str, line: usize) -> Loc {
        Loc {
            file: file.to_string(),
            line,
            cell: None,
        }
    }

    /// A message about this value, prefixed with its cell when it has one.
    pub fn message(&self, msg: String) -> String {
        match &self.cell {
            Some(c) => format!("{c}：{msg}"),
            None => msg,
        }
    }

    /// `file:line`, for naming the other side of a disagreement.
    pub fn short(&self) -> String {
        match &self.cell {
            Some(c) => format!("{}:{} {c}", self.file, self.line),
            None => format!("{}:{}", self.file, self.line),
        }
    }
}
