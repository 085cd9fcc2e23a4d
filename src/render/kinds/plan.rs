//! What the ledger templates see: a plan's tasks under its headings with each
//! deadline judged against the build date, progress per 责任单位 with a stacked
//! bar chart drawn at build time, and the pages of the year and of each unit
//! (`/rwtz/<年度>/<单位>/`: what one office owes across all plans of a year).

use super::lines;
use crate::dates;
use crate::diagnostics::Diagnostic;
use crate::model::kinds::plan::ledger::{self, Progress, Unit};
use crate::model::kinds::plan::{Deadline, Plan, Status, Task, department_key};
use crate::model::{DocId, Document, Portal};
use crate::render::chart::{self, Stack};
use crate::render::view::{self, Crumb, LinkView, Urls};
use crate::render::{OutFile, Renderer};
use crate::routes::Page;
use serde::Serialize;
use std::collections::HashMap;

/// The parts of a progress bar, in order, with their colours (see [`chart::stacked`]).
const PARTS: [(&str, usize); 4] = [
    ("已完成", 2),
    ("逾期未完成", 0),
    ("未到期", 1),
    ("持续推进", 3),
];

#[derive(Serialize)]
pub struct ProgressView {
    #[serde(flatten)]
    pub counts: Progress,
    pub percent: usize,
}

impl From<Progress> for ProgressView {
    fn from(p: Progress) -> Self {
        ProgressView {
            counts: p,
            percent: p.percent_done(),
        }
    }
}

#[derive(Serialize)]
pub struct UnitRow {
    pub name: String,
    pub url: String,
    /// Anchor id / filter value.
    pub slug: String,
    pub progress: ProgressView,
}

#[derive(Serialize)]
pub struct UnitLink {
    pub name: String,
    pub url: String,
}

#[derive(Serialize)]
pub struct DeadlineView {
    /// As written: 6月底.
    pub text: String,
    /// `date`, `ongoing` or `recurring`.
    pub kind: &'static str,
    pub iso: Option<String>,
    /// The date it means, when the text says it otherwise: 2026年6月30日.
    pub date_cn: Option<String>,
    /// A recurring duty's next due date.
    pub next_cn: Option<String>,
}

#[derive(Serialize)]
pub struct TaskView {
    pub anchor: String,
    pub seq: String,
    pub content: Vec<String>,
    pub requirement: Vec<String>,
    pub basis: Vec<String>,
    pub category: String,
    pub lead: Vec<UnitLink>,
    pub departments: Vec<UnitLink>,
    /// Unit slugs, space-separated (the filter script reads them).
    pub unit_slugs: String,
    pub deadline: DeadlineView,
    pub overdue: bool,
    pub overdue_days: i64,
    pub late: bool,
    pub status: &'static str,
    pub status_id: &'static str,
    pub done_on_cn: Option<String>,
    pub done_on_iso: Option<String>,
    pub evidence: Vec<LinkView>,
    pub note: Option<String>,
    /// The task on its plan's page.
    pub url: String,
}

#[derive(Serialize)]
pub struct SectionView {
    pub depth: usize,
    pub title: String,
    pub id: String,
    pub tasks: Vec<TaskView>,
}

#[derive(Serialize)]
pub struct TaskBrief {
    pub seq: String,
    pub anchor: String,
    pub summary: String,
    pub units: String,
}

#[derive(Serialize)]
pub struct StateGroup {
    pub name: &'static str,
    pub id: &'static str,
    pub tasks: Vec<TaskBrief>,
}

#[derive(Serialize)]
pub struct PlanView {
    pub year: i32,
    pub progress: ProgressView,
    pub units: Vec<UnitRow>,
    pub chart: String,
    pub sections: Vec<SectionView>,
    pub states: Vec<StateGroup>,
    pub basis_doc: Option<LinkView>,
    pub year_url: String,
}

/// Unit name → its page, for one year.
struct UnitUrls(HashMap<String, (String, String)>);

impl UnitUrls {
    fn of_year(portal: &Portal, urls: &Urls, year: i32) -> UnitUrls {
        UnitUrls(
            ledger::units_of_year(portal, year)
                .into_iter()
                .map(|u| {
                    let url = urls.route(&ledger::unit_route(year, &u.slug));
                    (u.key, (u.slug, url))
                })
                .collect(),
        )
    }

    fn link(&self, name: &str) -> UnitLink {
        UnitLink {
            name: name.to_string(),
            url: self
                .0
                .get(&department_key(name))
                .map(|(_, u)| u.clone())
                .unwrap_or_default(),
        }
    }

    fn slug(&self, name: &str) -> String {
        self.0
            .get(&department_key(name))
            .map(|(s, _)| s.clone())
            .unwrap_or_default()
    }
}

fn anchor(n: usize) -> String {
    format!("task-{}", n + 1)
}

fn deadline(t: &Task, portal: &Portal) -> DeadlineView {
    let (kind, iso, date_cn, next_cn) = match t.deadline {
        Deadline::By(d) => {
            let cn = dates::chinese(d);
            let differs = cn != t.deadline_text;
            ("date", Some(dates::iso(d)), differs.then_some(cn), None)
        }
        Deadline::Ongoing => ("ongoing", None, None, None),
        Deadline::Recurring(p) => (
            "recurring",
            None,
            None,
            Some(dates::chinese(p.next_due(portal.today))),
        ),
    };
    DeadlineView {
        text: t.deadline_text.clone(),
        kind,
        iso,
        date_cn,
        next_cn,
    }
}

fn task_view(
    portal: &Portal,
    urls: &Urls,
    units: &UnitUrls,
    doc: DocId,
    n: usize,
    t: &Task,
) -> TaskView {
    let today = portal.today;
    let overdue = t.is_overdue(today);
    TaskView {
        anchor: anchor(n),
        seq: t.seq.clone(),
        content: lines(&t.content),
        requirement: t.requirement.as_deref().map(lines).unwrap_or_default(),
        basis: t.basis.as_deref().map(lines).unwrap_or_default(),
        category: t.category_line(),
        lead: t.lead.iter().map(|u| units.link(u)).collect(),
        departments: t.departments.iter().map(|u| units.link(u)).collect(),
        unit_slugs: t
            .units()
            .iter()
            .map(|u| units.slug(u))
            .collect::<Vec<_>>()
            .join(" "),
        deadline: deadline(t, portal),
        overdue,
        overdue_days: match (overdue, t.deadline.date()) {
            (true, Some(d)) => (today - d).num_days(),
            _ => 0,
        },
        late: t.done_late(),
        status: t.status.zh(),
        status_id: t.status.id(),
        done_on_cn: t.done_on.map(dates::chinese),
        done_on_iso: t.done_on.map(dates::iso),
        evidence: t
            .evidence
            .iter()
            .filter_map(|l| l.doc)
            .filter(|d| portal.doc(*d).is_public())
            .map(|d| view::link(portal, urls, d))
            .collect(),
        note: t.note.clone(),
        url: format!("{}#{}", urls.doc(doc), anchor(n)),
    }
}

fn unit_rows(portal: &Portal, urls: &Urls, year: i32, units: &[Unit]) -> Vec<UnitRow> {
    units
        .iter()
        .map(|u| UnitRow {
            name: u.name.clone(),
            url: urls.route(&ledger::unit_route(year, &u.slug)),
            slug: u.slug.clone(),
            progress: Progress::of(u.tasks.iter().filter_map(|r| r.get(portal)), portal.today)
                .into(),
        })
        .collect()
}

fn progress_chart(id: &str, title: &str, rows: &[UnitRow]) -> String {
    let stacks: Vec<Stack> = rows
        .iter()
        .map(|r| {
            let p = &r.progress.counts;
            Stack {
                label: r.name.clone(),
                values: [p.done, p.overdue, p.not_due, p.ongoing]
                    .map(|v| v as f64)
                    .to_vec(),
                text: format!("{}/{}", p.done, p.total),
            }
        })
        .collect();
    chart::stacked(id, title, &PARTS, &stacks)
}

fn brief(t: &Task, n: usize) -> TaskBrief {
    TaskBrief {
        seq: t.seq.clone(),
        anchor: anchor(n),
        summary: crate::model::kinds::plan::summary(&t.content, 40),
        units: t.units().join("、"),
    }
}

/// The ledger by state, for finding tasks without the filter script: 逾期未完成
/// first (what a resident or assessor looks for), then each 状态.
fn states(plan: &Plan, portal: &Portal) -> Vec<StateGroup> {
    let mut out = vec![StateGroup {
        name: "逾期未完成",
        id: "yq",
        tasks: plan
            .tasks
            .iter()
            .enumerate()
            .filter(|(_, t)| t.is_overdue(portal.today))
            .map(|(n, t)| brief(t, n))
            .collect(),
    }];
    for s in Status::ALL {
        out.push(StateGroup {
            name: s.zh(),
            id: s.id(),
            tasks: plan
                .tasks
                .iter()
                .enumerate()
                .filter(|(_, t)| t.status == s)
                .map(|(n, t)| brief(t, n))
                .collect(),
        });
    }
    out
}

/// The data of a plan's page.
pub fn plan_view(portal: &Portal, urls: &Urls, d: &Document, plan: &Plan) -> PlanView {
    let units = UnitUrls::of_year(portal, urls, plan.year);
    let rows = unit_rows(
        portal,
        urls,
        plan.year,
        &ledger::units(portal, std::slice::from_ref(&d.id)),
    );
    let sections = ledger::outline(plan)
        .into_iter()
        .enumerate()
        .map(|(i, s)| SectionView {
            depth: s.depth,
            title: s.title,
            id: format!("section-{}", i + 1),
            tasks: s
                .tasks
                .iter()
                .map(|n| task_view(portal, urls, &units, d.id, *n, &plan.tasks[*n]))
                .collect(),
        })
        .collect();
    PlanView {
        year: plan.year,
        progress: Progress::of(&plan.tasks, portal.today).into(),
        chart: progress_chart("plan-progress", "各责任单位任务完成情况", &rows),
        units: rows,
        sections,
        states: states(plan, portal),
        basis_doc: plan
            .basis_doc
            .as_ref()
            .and_then(|l| l.doc)
            .filter(|id| portal.doc(*id).is_public())
            .map(|id| view::link(portal, urls, id)),
        year_url: urls.route(&ledger::year_route(plan.year)),
    }
}

#[derive(Serialize)]
struct PlanRow {
    title: String,
    url: String,
    date_cn: String,
    issuer: String,
    progress: ProgressView,
}

#[derive(Serialize)]
struct YearRow {
    year: i32,
    url: String,
    plans: Vec<PlanRow>,
    progress: ProgressView,
}

#[derive(Serialize)]
struct UnitPlan {
    title: String,
    url: String,
    tasks: Vec<TaskView>,
}

#[derive(Serialize)]
struct UnitPage {
    name: String,
    year: i32,
    year_url: String,
    progress: ProgressView,
    chart: String,
    overdue: Vec<TaskView>,
    plans: Vec<UnitPlan>,
}

fn plan_row(portal: &Portal, urls: &Urls, id: DocId) -> Option<PlanRow> {
    let d = portal.doc(id);
    let plan = ledger::plan_of(d)?;
    Some(PlanRow {
        title: d.title.clone(),
        url: urls.doc(id),
        date_cn: dates::chinese(d.date),
        issuer: d.issuer.clone(),
        progress: Progress::of(&plan.tasks, portal.today).into(),
    })
}

fn year_progress(portal: &Portal, plans: &[DocId]) -> ProgressView {
    Progress::of(
        plans
            .iter()
            .filter_map(|id| ledger::plan_of(portal.doc(*id)))
            .flat_map(|p| p.tasks.iter()),
        portal.today,
    )
    .into()
}

impl Renderer<'_> {
    fn ledger_crumbs(&self, year: Option<i32>) -> Vec<Crumb> {
        let urls = &self.urls;
        let mut c = vec![
            Crumb {
                title: "首页".into(),
                url: urls.base.clone(),
            },
            Crumb {
                title: "工作任务台账".into(),
                url: urls.route(&Page::LedgerIndex.url(&[])),
            },
        ];
        if let Some(y) = year {
            c.push(Crumb {
                title: format!("{y}年"),
                url: urls.route(&ledger::year_route(y)),
            });
        }
        c
    }

    /// `/rwtz/`: every year with plans, newest first.
    pub(crate) fn ledger_index(&self) -> Result<Vec<OutFile>, Diagnostic> {
        let p = self.portal;
        let urls = &self.urls;
        let years: Vec<YearRow> = ledger::years(p)
            .into_iter()
            .rev()
            .map(|y| {
                let plans = ledger::plans_of_year(p, y);
                YearRow {
                    year: y,
                    url: urls.route(&ledger::year_route(y)),
                    progress: year_progress(p, &plans),
                    plans: plans
                        .iter()
                        .filter_map(|id| plan_row(p, urls, *id))
                        .collect(),
                }
            })
            .collect();
        if years.is_empty() {
            return Ok(vec![]);
        }
        let mut ctx = self.context();
        ctx.insert("years", &years);
        ctx.insert("crumbs", &self.ledger_crumbs(None));
        ctx.insert("page_title", "工作任务台账");
        Ok(vec![self.page(
            "plan_index.html",
            &ctx,
            Page::LedgerIndex.file(&[]),
        )?])
    }

    /// `/rwtz/<year>/` and a page per unit below it.
    pub(crate) fn ledger_year(&self, year: i32) -> Result<Vec<OutFile>, Diagnostic> {
        let p = self.portal;
        let urls = &self.urls;
        let plans = ledger::plans_of_year(p, year);
        let units = ledger::units(p, &plans);
        let rows = unit_rows(p, urls, year, &units);
        let mut out = vec![];

        let mut ctx = self.context();
        ctx.insert("year", &year);
        ctx.insert(
            "plans",
            &plans
                .iter()
                .filter_map(|id| plan_row(p, urls, *id))
                .collect::<Vec<_>>(),
        );
        ctx.insert("progress", &year_progress(p, &plans));
        ctx.insert(
            "chart",
            &progress_chart(
                "year-progress",
                &format!("{year}年各责任单位任务完成情况"),
                &rows,
            ),
        );
        ctx.insert("units", &rows);
        let mut crumbs = self.ledger_crumbs(Some(year));
        ctx.insert("crumbs", &crumbs);
        let title = format!("{year}年工作任务台账");
        ctx.insert("page_title", &title);
        out.push(self.page(
            "plan_year.html",
            &ctx,
            Page::LedgerYear.file(&[&year.to_string()]),
        )?);

        let unit_urls = UnitUrls::of_year(p, urls, year);
        crumbs.push(Crumb {
            title: String::new(),
            url: String::new(),
        });
        for (u, row) in units.iter().zip(rows) {
            let mut by_plan: Vec<UnitPlan> = vec![];
            let mut overdue = vec![];
            for r in &u.tasks {
                let Some(t) = r.get(p) else { continue };
                let view = task_view(p, urls, &unit_urls, r.doc, r.task, t);
                if t.is_overdue(p.today) {
                    overdue.push(task_view(p, urls, &unit_urls, r.doc, r.task, t));
                }
                let url = urls.doc(r.doc);
                match by_plan.iter_mut().find(|g| g.url == url) {
                    Some(g) => g.tasks.push(view),
                    None => by_plan.push(UnitPlan {
                        title: p.doc(r.doc).title.clone(),
                        url,
                        tasks: vec![view],
                    }),
                }
            }
            let page = UnitPage {
                name: u.name.clone(),
                year,
                year_url: urls.route(&ledger::year_route(year)),
                chart: progress_chart(
                    &format!("unit-{}", u.slug),
                    &format!("{}{year}年任务完成情况", u.name),
                    std::slice::from_ref(&row),
                ),
                progress: row.progress,
                overdue,
                plans: by_plan,
            };
            let mut ctx = self.context();
            if let Some(last) = crumbs.last_mut() {
                last.title = u.name.clone();
                last.url = row.url.clone();
            }
            ctx.insert("crumbs", &crumbs);
            ctx.insert("unit", &page);
            ctx.insert("page_title", &format!("{}{year}年工作任务", u.name));
            out.push(self.page(
                "plan_unit.html",
                &ctx,
                Page::LedgerUnit.file(&[&year.to_string(), &u.slug]),
            )?);
        }
        Ok(out)
    }
}
