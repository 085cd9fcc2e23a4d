//! 权责清单: a department's powers and responsibilities, item by item (DOMAIN §7).
//! The data only: reading is `load::kinds::power_list`, the rules
//! `check::kinds::power_list`.

use crate::model::Loc;
use std::path::PathBuf;

/// The ten power types, in the order lists present them.
pub const TYPES: [&str; 10] = [
    "行政许可",
    "行政处罚",
    "行政强制",
    "行政征收",
    "行政给付",
    "行政检查",
    "行政确认",
    "行政奖励",
    "行政裁决",
    "其他行政权力",
];

/// Anchor ids of the types (the usual pinyin initials), so links work without JS.
pub const TYPE_IDS: [&str; 10] = [
    "xzxk", "xzcf", "xzqz", "xzzs", "xzgf", "xzjc", "xzqr", "xzjl", "xzcj", "qtxzql",
];

#[derive(Debug, Clone)]
pub struct PowerItem {
    pub code: Option<String>,
    pub name: String,
    /// Index into [`TYPES`].
    pub kind: usize,
    pub basis: String,
    pub subject: String,
    pub duties: String,
    pub accountability: String,
    pub process: Option<String>,
    pub supervision: Option<String>,
    pub note: Option<String>,
    pub loc: Loc,
}

#[derive(Debug, Clone)]
pub struct PowerList {
    pub items: Vec<PowerItem>,
    /// The spreadsheet the items came from.
    pub file: Option<PathBuf>,
}

impl PowerList {
    /// Items per type, in [`TYPES`] order.
    pub fn counts(&self) -> [usize; 10] {
        let mut c = [0; 10];
        for i in &self.items {
            c[i.kind] += 1;
        }
        c
    }

    pub fn plain_text(&self) -> String {
        let mut out = String::new();
        for i in &self.items {
            for part in [
                Some(i.name.as_str()),
                Some(TYPES[i.kind]),
                i.code.as_deref(),
                Some(i.basis.as_str()),
                Some(i.subject.as_str()),
                Some(i.duties.as_str()),
                Some(i.accountability.as_str()),
                i.process.as_deref(),
                i.supervision.as_deref(),
            ]
            .into_iter()
            .flatten()
            {
                out.push_str(part);
                out.push('\n');
            }
        }
        out
    }
}
