//! The data of each document kind that carries more than the common fields — 权责清单,
//! 预决算, 年报, 工作台账 — one file per kind. Pure data and the queries over it: no
//! files, no diagnostics. The same file names recur in `load::kinds` (reading),
//! `check::kinds` (rules) and `render::kinds` (views); see ARCHITECTURE.md.

pub mod annual_report;
pub mod budget;
pub mod plan;
pub mod power_list;

use crate::model::{DocId, Portal};
use annual_report::AnnualReport;
use budget::Budget;
use plan::Plan;
use power_list::PowerList;
use std::path::PathBuf;

#[derive(Debug, Clone)]
pub enum Structured {
    PowerList(PowerList),
    // Boxed: the tables of a report are large and most documents carry none.
    Budget(Box<Budget>),
    AnnualReport(Box<AnnualReport>),
    /// A work plan's task ledger (工作台账); also read from a Markdown plan's front matter.
    Plan(Box<Plan>),
}

impl Structured {
    /// Everything a resident might search for, as plain text (fills the body text
    /// that the search index reads).
    pub fn plain_text(&self) -> String {
        match self {
            Structured::PowerList(p) => p.plain_text(),
            Structured::Budget(b) => b.plain_text(),
            Structured::AnnualReport(r) => r.plain_text(),
            Structured::Plan(p) => p.plain_text(),
        }
    }

    /// Spreadsheets the rows came from: published beside the page as downloads.
    pub fn files(&self) -> Vec<PathBuf> {
        match self {
            Structured::PowerList(p) => p.file.iter().cloned().collect(),
            Structured::Budget(b) => b.files.clone(),
            Structured::AnnualReport(_) => vec![],
            Structured::Plan(p) => p.file.iter().cloned().collect(),
        }
    }
}

/// The public documents of `id`'s year series in the relations table, oldest first,
/// with the data `pick` takes from each (a budget's, a report's).
pub fn public_series<'a, T: ?Sized>(
    portal: &'a Portal,
    id: DocId,
    pick: impl Fn(&'a Structured) -> Option<&'a T>,
) -> Vec<(DocId, &'a T)> {
    portal
        .relations
        .series(id)
        .iter()
        .map(|(_, m)| portal.doc(*m))
        .filter(|d| d.is_public())
        .filter_map(|d| Some((d.id, pick(d.data.as_ref()?)?)))
        .collect()
}
