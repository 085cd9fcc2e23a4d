//! 工作台账: a work plan (工作要点, 实施方案, 提升行动) kept as a ledger of tasks
//! that residents and assessors can follow to completion.
//!
//! Every seed plan is built around the same table — 工作内容, 工作要求, 公开依据,
//! 责任单位, 完成时限 — under the plan's own headings, and asks that it be kept as a
//! 工作台账 and closed item by item (逐项销号). A plan document carries that table as
//! `任务:` (inline, or a csv/xlsx sheet beside it); each task adds its 状态, the date
//! it was done and the published documents that prove it (佐证).

pub mod deadline;
pub mod ledger;

pub use deadline::{DEADLINE_HINT, Deadline, Period};

use crate::model::{DocId, Loc};
use chrono::NaiveDate;
use std::collections::BTreeMap;
use std::path::PathBuf;
use unicode_normalization::UnicodeNormalization;

#[derive(Debug, Clone)]
pub struct Plan {
    /// The plan's year (年度, or the year in its title): `6月底` is read in it, and
    /// the per-department pages gather the plans of one year.
    pub year: i32,
    pub tasks: Vec<Task>,
    /// The document the ledger implements (依据文件), e.g. the year's 工作要点.
    pub basis_doc: Option<Link>,
    /// The spreadsheet the tasks came from.
    pub file: Option<PathBuf>,
}

#[derive(Debug, Clone)]
pub struct Task {
    /// 序号 as written (`1`, `（三）`), or the task's position.
    pub seq: String,
    /// The plan's headings above the task, outermost first:
    /// `一、重点领域信息` → `（一）规划信息公开`.
    pub category: Vec<String>,
    /// 工作内容.
    pub content: String,
    /// 工作要求 (often numbered lines).
    pub requirement: Option<String>,
    /// 公开依据.
    pub basis: Option<String>,
    /// 责任单位, one or several.
    pub departments: Vec<String>,
    /// 牵头单位, when the plan names one apart from the 责任单位 (seed 003).
    pub lead: Vec<String>,
    pub deadline: Deadline,
    /// 完成时限 as written (`6月底`), shown beside the date it means.
    pub deadline_text: String,
    pub status: Status,
    /// 完成日期 (or 销号日期).
    pub done_on: Option<NaiveDate>,
    /// 佐证: published documents on the portal that show the task done.
    pub evidence: Vec<Link>,
    /// 备注 / 进展情况.
    pub note: Option<String>,
    /// The row: a YAML list item or a spreadsheet row.
    pub loc: Loc,
    /// Where each field stands (YAML line of its key, or its cell).
    pub(crate) locs: BTreeMap<&'static str, Loc>,
}

/// A reference to a document of the portal, by 索引号 or path, resolved once every
/// document is loaded.
#[derive(Debug, Clone)]
pub struct Link {
    pub target: String,
    pub loc: Loc,
    pub doc: Option<DocId>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    NotStarted,
    InProgress,
    /// Reported done by the 责任单位.
    Done,
    /// 销号: checked against the list and closed by the office that keeps the ledger.
    Closed,
}

impl Status {
    pub const ALL: [Status; 4] = [
        Status::NotStarted,
        Status::InProgress,
        Status::Done,
        Status::Closed,
    ];

    pub fn zh(self) -> &'static str {
        match self {
            Status::NotStarted => "未开始",
            Status::InProgress => "进行中",
            Status::Done => "已完成",
            Status::Closed => "已销号",
        }
    }

    /// Anchor and CSS name.
    pub fn id(self) -> &'static str {
        match self {
            Status::NotStarted => "wks",
            Status::InProgress => "jxz",
            Status::Done => "ywc",
            Status::Closed => "yxh",
        }
    }

    pub fn is_done(self) -> bool {
        matches!(self, Status::Done | Status::Closed)
    }

    /// As editors write it: 已完成, 完成, 已销号, 销号, 推进中, done …
    pub fn parse(text: &str) -> Option<Status> {
        let t: String = text
            .nfkc()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_lowercase();
        Some(match t.as_str() {
            "未开始" | "未启动" | "尚未开始" | "待启动" | "not_started" | "todo" => {
                Status::NotStarted
            }
            "进行中" | "推进中" | "正在推进" | "实施中" | "在办" | "in_progress" | "doing" => {
                Status::InProgress
            }
            "已完成" | "完成" | "已办结" | "办结" | "done" => Status::Done,
            "已销号" | "销号" | "已核销" | "核销" | "closed" => Status::Closed,
            _ => return None,
        })
    }

    pub fn choices() -> String {
        Status::ALL.map(Status::zh).join(" | ")
    }
}

impl Task {
    /// Not done and past its deadline on `today` (a standing duty never is).
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        !self.status.is_done() && self.deadline.passed(today)
    }

    /// Done, but after its deadline.
    pub fn done_late(&self) -> bool {
        self.status.is_done()
            && matches!((self.done_on, self.deadline.date()), (Some(done), Some(due)) if done > due)
    }

    /// Every unit the task names: 牵头单位 first, then 责任单位, each once.
    pub fn units(&self) -> Vec<&str> {
        let mut out: Vec<&str> = vec![];
        for u in self.lead.iter().chain(&self.departments) {
            if !out.iter().any(|o| department_key(o) == department_key(u)) {
                out.push(u);
            }
        }
        out
    }

    /// Where a field stands: its YAML line or cell, or the row.
    pub fn loc_of(&self, key: &str) -> &Loc {
        self.locs.get(key).unwrap_or(&self.loc)
    }

    /// The heading path as one line: `一、重点领域信息 › （一）规划信息公开`.
    pub fn category_line(&self) -> String {
        self.category.join(" › ")
    }
}

impl Plan {
    /// Everything a resident might search for.
    pub fn plain_text(&self) -> String {
        let mut out = String::new();
        for t in &self.tasks {
            for part in t
                .category
                .iter()
                .map(String::as_str)
                .chain([t.content.as_str()])
                .chain(t.requirement.as_deref())
                .chain(t.units())
                .chain([t.deadline_text.as_str(), t.status.zh()])
                .chain(t.note.as_deref())
            {
                out.push_str(part);
                out.push('\n');
            }
        }
        out
    }

    /// The links to resolve against the portal's documents.
    pub fn links_mut(&mut self) -> impl Iterator<Item = &mut Link> {
        self.basis_doc
            .iter_mut()
            .chain(self.tasks.iter_mut().flat_map(|t| t.evidence.iter_mut()))
    }
}

/// The first line of a task's text, cut to `max` characters: how messages and
/// lists name a task.
pub fn summary(text: &str, max: usize) -> String {
    let first = text.lines().next().unwrap_or("").trim();
    if first.chars().count() <= max {
        first.to_string()
    } else {
        let mut t: String = first.chars().take(max).collect();
        t.push('…');
        t
    }
}

/// Splits `镇纪委、镇党政办` (or a list in a spreadsheet cell, one per line) into
/// units; a trailing 等 (县文旅局等) is dropped.
pub fn split_departments(text: &str) -> Vec<String> {
    text.split(['、', '，', ',', '；', ';', '\n'])
        .map(|p| p.trim())
        .map(|p| p.strip_suffix('等').unwrap_or(p).trim())
        .filter(|p| !p.is_empty())
        .map(str::to_string)
        .collect()
}

/// The identity of a unit's name: 各村(社) and 各村（社） are one unit.
pub fn department_key(name: &str) -> String {
    name.nfkc().filter(|c| !c.is_whitespace()).collect()
}

/// The URL segment of a unit's page: 8 hex digits of the FNV-1a hash of its
/// [`department_key`]. Names are Chinese; an ASCII segment survives every web
/// server, zip tool and Windows code page a county site is copied through, and a
/// fixed hash keeps the address stable from build to build and year to year.
pub fn department_slug(name: &str) -> String {
    format!("{:016x}", fnv1a(&department_key(name)))[..8].to_string()
}

/// The full 16-digit hash, for the rare names whose 8 digits collide.
pub fn department_slug_long(name: &str) -> String {
    format!("{:016x}", fnv1a(&department_key(name)))
}

fn fnv1a(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_as_editors_write_them() {
        assert_eq!(Status::parse("已销号"), Some(Status::Closed));
        assert_eq!(Status::parse("销号"), Some(Status::Closed));
        assert_eq!(Status::parse(" 已完成 "), Some(Status::Done));
        assert_eq!(Status::parse("推进中"), Some(Status::InProgress));
        assert_eq!(Status::parse("未开始"), Some(Status::NotStarted));
        assert_eq!(Status::parse("Done"), Some(Status::Done));
        assert_eq!(Status::parse("差不多了"), None);
        assert!(Status::Closed.is_done() && Status::Done.is_done());
        assert!(!Status::InProgress.is_done());
    }

    #[test]
    fn departments_split_on_the_enumeration_comma() {
        assert_eq!(
            split_departments("镇纪委、镇党政办"),
            ["镇纪委", "镇党政办"]
        );
        // Seed 004: 县卫健委、…、县文旅局等，各镇人民政府
        assert_eq!(
            split_departments("县卫健委、县文旅局等，各镇人民政府"),
            ["县卫健委", "县文旅局", "各镇人民政府"]
        );
        assert_eq!(
            split_departments("各村（社）、各部门"),
            ["各村（社）", "各部门"]
        );
        assert_eq!(split_departments(" 镇财政所 "), ["镇财政所"]);
        assert!(split_departments("、").is_empty());
    }

    #[test]
    fn slugs_are_stable_ascii_and_ignore_width() {
        let s = department_slug("镇财政所");
        assert_eq!(s.len(), 8);
        assert!(s.chars().all(|c| c.is_ascii_hexdigit()));
        assert_eq!(s, department_slug("镇财政所"));
        assert_eq!(department_slug("各村（社）"), department_slug("各村(社)"));
        assert_ne!(department_slug("镇财政所"), department_slug("镇党政办"));
        assert!(department_slug_long("镇财政所").starts_with(&s));
        // FNV-1a 64 of "a" (published test vector): the hash must never change.
        assert_eq!(fnv1a("a"), 0xaf63_dc4c_8601_ec8c);
    }
}
