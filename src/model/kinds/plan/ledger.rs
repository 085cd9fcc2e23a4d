//! The ledger across a portal's plans: which plans a year has, what each 责任单位
//! owes in it, progress on a given day, and the outline of a plan's headings.

use super::{Plan, Task, department_key, department_slug, department_slug_long};
use crate::model::Structured;
use crate::model::{DocId, Document, Portal};
use crate::routes::Page;
use chrono::NaiveDate;
use std::collections::HashMap;

/// The plan of a document, if it is a plan with tasks.
pub fn plan_of(d: &Document) -> Option<&Plan> {
    match &d.data {
        Some(Structured::Plan(p)) => Some(p),
        _ => None,
    }
}

/// Published plans with tasks, by year, then date, then file.
pub fn plans(portal: &Portal) -> Vec<DocId> {
    let mut out: Vec<(i32, NaiveDate, &str, DocId)> = portal
        .public_documents()
        .filter_map(|d| plan_of(d).map(|p| (p.year, d.date, d.source.as_str(), d.id)))
        .collect();
    out.sort();
    out.into_iter().map(|(.., id)| id).collect()
}

/// Years that have a plan, oldest first.
pub fn years(portal: &Portal) -> Vec<i32> {
    let mut y: Vec<i32> = plans(portal)
        .iter()
        .filter_map(|id| plan_of(portal.doc(*id)).map(|p| p.year))
        .collect();
    y.dedup();
    y
}

pub fn plans_of_year(portal: &Portal, year: i32) -> Vec<DocId> {
    plans(portal)
        .into_iter()
        .filter(|id| plan_of(portal.doc(*id)).is_some_and(|p| p.year == year))
        .collect()
}

/// One task of one plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TaskRef {
    pub doc: DocId,
    pub task: usize,
}

impl TaskRef {
    pub fn get<'a>(&self, portal: &'a Portal) -> Option<&'a Task> {
        plan_of(portal.doc(self.doc))?.tasks.get(self.task)
    }
}

/// A 责任单位 (or 牵头单位) and its tasks across some plans.
#[derive(Debug, Clone)]
pub struct Unit {
    /// As first written.
    pub name: String,
    pub key: String,
    /// URL segment of its page (see [`department_slug`]).
    pub slug: String,
    pub tasks: Vec<TaskRef>,
}

/// The units named in `plans`, in the order they first appear.
pub fn units(portal: &Portal, plans: &[DocId]) -> Vec<Unit> {
    let mut out: Vec<Unit> = vec![];
    let mut index: HashMap<String, usize> = HashMap::new();
    for id in plans {
        let Some(plan) = plan_of(portal.doc(*id)) else {
            continue;
        };
        for (n, t) in plan.tasks.iter().enumerate() {
            for name in t.units() {
                let key = department_key(name);
                let i = *index.entry(key.clone()).or_insert_with(|| {
                    out.push(Unit {
                        name: name.to_string(),
                        slug: department_slug(name),
                        key,
                        tasks: vec![],
                    });
                    out.len() - 1
                });
                out[i].tasks.push(TaskRef { doc: *id, task: n });
            }
        }
    }
    // Two names whose 8 hex digits collide both take the full 16.
    let mut by_slug: HashMap<String, usize> = HashMap::new();
    for u in &out {
        *by_slug.entry(u.slug.clone()).or_default() += 1;
    }
    for u in &mut out {
        if by_slug[&u.slug] > 1 {
            u.slug = department_slug_long(&u.name);
        }
    }
    out
}

/// The units of a year's plans.
pub fn units_of_year(portal: &Portal, year: i32) -> Vec<Unit> {
    units(portal, &plans_of_year(portal, year))
}

/// Progress of a set of tasks on a day. `done + overdue + not_due + ongoing = total`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Progress {
    pub total: usize,
    /// 已完成 or 已销号.
    pub done: usize,
    /// Of those, 已销号.
    pub closed: usize,
    /// Whose dated deadline has passed (done or not).
    pub due: usize,
    /// Past due and not done.
    pub overdue: usize,
    /// Not done, dated deadline still ahead.
    pub not_due: usize,
    /// Not done, 持续推进 or recurring.
    pub ongoing: usize,
}

impl Progress {
    pub fn of<'a>(tasks: impl IntoIterator<Item = &'a Task>, today: NaiveDate) -> Progress {
        let mut p = Progress::default();
        for t in tasks {
            p.add(t, today);
        }
        p
    }

    pub fn add(&mut self, t: &Task, today: NaiveDate) {
        self.total += 1;
        let passed = t.deadline.passed(today);
        self.due += usize::from(passed);
        if t.status.is_done() {
            self.done += 1;
            self.closed += usize::from(t.status == super::Status::Closed);
        } else if passed {
            self.overdue += 1;
        } else if t.deadline.date().is_some() {
            self.not_due += 1;
        } else {
            self.ongoing += 1;
        }
    }

    /// Share done, in whole percent (rounded down: 99.6% is not yet 100%).
    pub fn percent_done(&self) -> usize {
        (self.done * 100).checked_div(self.total).unwrap_or(0)
    }
}

/// A heading of a plan and the tasks directly under it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// 1 for `一、…`, 2 for `（一）…`; 0 for tasks under no heading.
    pub depth: usize,
    pub title: String,
    pub tasks: Vec<usize>,
}

/// The plan's headings in the order they first appear, each followed by its
/// sub-headings: tasks listed apart under one heading come together under it.
pub fn outline(plan: &Plan) -> Vec<Section> {
    #[derive(Default)]
    struct Node {
        title: String,
        tasks: Vec<usize>,
        children: Vec<Node>,
    }
    let mut root = Node::default();
    for (i, t) in plan.tasks.iter().enumerate() {
        let mut node = &mut root;
        for title in &t.category {
            let at = match node.children.iter().position(|c| &c.title == title) {
                Some(k) => k,
                None => {
                    node.children.push(Node {
                        title: title.clone(),
                        ..Node::default()
                    });
                    node.children.len() - 1
                }
            };
            node = &mut node.children[at];
        }
        node.tasks.push(i);
    }
    fn flatten(n: Node, depth: usize, out: &mut Vec<Section>) {
        if depth > 0 || !n.tasks.is_empty() {
            out.push(Section {
                depth,
                title: n.title,
                tasks: n.tasks,
            });
        }
        for c in n.children {
            flatten(c, depth + 1, out);
        }
    }
    let mut out = vec![];
    flatten(root, 0, &mut out);
    out
}

/// Routes of the ledger pages: the index, each year, each unit of each year.
pub fn routes(portal: &Portal) -> Vec<String> {
    let years = years(portal);
    if years.is_empty() {
        return vec![];
    }
    let mut out = vec![Page::LedgerIndex.url(&[])];
    for y in years {
        out.push(year_route(y));
        out.extend(
            units_of_year(portal, y)
                .iter()
                .map(|u| unit_route(y, &u.slug)),
        );
    }
    out
}

pub fn year_route(year: i32) -> String {
    Page::LedgerYear.url(&[&year.to_string()])
}

pub fn unit_route(year: i32, slug: &str) -> String {
    Page::LedgerUnit.url(&[&year.to_string(), slug])
}

#[cfg(test)]
mod tests {
    use super::super::{Deadline, Status};
    use super::*;
    use crate::rows::Loc;

    fn t(cat: &[&str], deadline: Deadline, status: Status, units: &str) -> Task {
        Task {
            seq: "1".into(),
            category: cat.iter().map(|s| s.to_string()).collect(),
            content: "做好信息公开".into(),
            requirement: None,
            basis: None,
            departments: super::super::split_departments(units),
            lead: vec![],
            deadline,
            deadline_text: String::new(),
            status,
            done_on: None,
            evidence: vec![],
            note: None,
            loc: Loc::yaml("a.yaml", 1),
            locs: Default::default(),
        }
    }

    fn day(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, d).unwrap()
    }

    #[test]
    fn outline_groups_nested_headings_in_first_appearance_order() {
        let by = Deadline::By(day(6, 30));
        let plan = Plan {
            year: 2026,
            tasks: vec![
                t(
                    &["一、重点领域信息", "（一）规划信息公开"],
                    by,
                    Status::Done,
                    "镇城建办",
                ),
                t(
                    &["一、重点领域信息", "（二）财政信息公开"],
                    by,
                    Status::Done,
                    "镇财政所",
                ),
                t(&["二、依申请公开"], by, Status::Done, "镇党政办"),
                t(
                    &["一、重点领域信息", "（一）规划信息公开"],
                    by,
                    Status::Done,
                    "镇党政办",
                ),
            ],
            basis_doc: None,
            file: None,
        };
        let o = outline(&plan);
        let shape: Vec<(usize, &str, Vec<usize>)> = o
            .iter()
            .map(|s| (s.depth, s.title.as_str(), s.tasks.clone()))
            .collect();
        assert_eq!(
            shape,
            [
                (1, "一、重点领域信息", vec![]),
                (2, "（一）规划信息公开", vec![0, 3]),
                (2, "（二）财政信息公开", vec![1]),
                (1, "二、依申请公开", vec![2]),
            ]
        );
    }

    #[test]
    fn tasks_without_headings_form_one_untitled_section() {
        let plan = Plan {
            year: 2026,
            tasks: vec![t(&[], Deadline::Ongoing, Status::InProgress, "党政办")],
            basis_doc: None,
            file: None,
        };
        assert_eq!(
            outline(&plan),
            [Section {
                depth: 0,
                title: String::new(),
                tasks: vec![0]
            }]
        );
    }

    #[test]
    fn progress_splits_every_task_once() {
        let today = day(11, 23);
        let tasks = [
            t(&[], Deadline::By(day(6, 30)), Status::Closed, "甲"),
            t(&[], Deadline::By(day(6, 30)), Status::InProgress, "甲"),
            t(&[], Deadline::By(day(11, 23)), Status::NotStarted, "甲"),
            t(&[], Deadline::By(day(12, 31)), Status::Done, "甲"),
            t(&[], Deadline::Ongoing, Status::InProgress, "甲"),
        ];
        let p = Progress::of(&tasks, today);
        assert_eq!(
            p,
            Progress {
                total: 5,
                done: 2,
                closed: 1,
                due: 2,
                overdue: 1,
                not_due: 1,
                ongoing: 1,
            }
        );
        assert_eq!(p.done + p.overdue + p.not_due + p.ongoing, p.total);
        assert_eq!(p.percent_done(), 40);
        assert_eq!(Progress::default().percent_done(), 0);
    }
}
