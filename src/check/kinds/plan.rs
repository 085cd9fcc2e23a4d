//! 工作台账 rules over the task ledgers, as small pure functions of the portal.
//!
//! Severity follows the seeds' 逐项销号: a 责任单位 reports a task 已完成; the office
//! that keeps the ledger then checks it against the list (验收) and closes it (销号,
//! seed 000: 对照清单进行验收，逐项销号; seed 003: 逐项核查核销，形成工作闭环). So
//! 已完成 without 佐证 is a warning — the claim still awaits its check — while
//! 已销号 without 佐证 is an error: a closure the published ledger cannot back.
//! 佐证 that points nowhere is an error and stops the build, like a 解读对象 that
//! points nowhere: the page would carry a dead link (its `build` mark). Two tasks
//! under one 序号 is a warning a build shows.

use crate::check::{Area, Finding, Rule};
use crate::dates;
use crate::diagnostics::{Diagnostic, Severity};
use crate::model::Portal;
use crate::model::kinds::plan::ledger::{plan_of, plans};
use crate::model::kinds::plan::{Link, Status, Task, summary};
use std::collections::HashMap;

pub const OVERDUE: Rule = Rule {
    name: "plan-task-overdue",
    area: Area::Plans,
    severity: Severity::Warning,
    blocking: false,
    build: false,
    summary: "台账任务已过完成时限仍未完成",
    source: "明确责任人和推进时限，确保工作进度符合工作安排（工作台账）",
    check: |ctx| findings(overdue(ctx.portal)),
};

pub const DONE_WITHOUT_EVIDENCE: Rule = Rule {
    name: "plan-done-without-evidence",
    area: Area::Plans,
    severity: Severity::Warning,
    blocking: false,
    build: false,
    summary: "台账任务标为已完成，但没有佐证",
    source: "对照清单进行验收，逐项销号",
    check: |ctx| findings(done_without_evidence(ctx.portal)),
};

pub const CLOSED_WITHOUT_EVIDENCE: Rule = Rule {
    name: "plan-closed-without-evidence",
    area: Area::Plans,
    severity: Severity::Error,
    blocking: false,
    build: false,
    summary: "台账任务已销号，但没有佐证",
    source: "对照清单进行验收，逐项销号；逐项核查核销，形成工作闭环",
    check: |ctx| findings(closed_without_evidence(ctx.portal)),
};

pub const EVIDENCE_BROKEN: Rule = Rule {
    name: "plan-evidence-broken",
    area: Area::Plans,
    severity: Severity::Error,
    blocking: false,
    build: true,
    summary: "佐证或依据文件指向的文档不存在或未主动公开",
    source: "工作台账在政府信息公开专栏公开，佐证链接须可访问",
    // Across documents (the target's disclosure): the rest of the portal's part.
    check: |ctx| {
        if ctx.sees_rest() {
            findings(evidence_broken(ctx.portal))
        } else {
            vec![]
        }
    },
};

pub const DUPLICATE_SEQ: Rule = super::data_rule!(
    "duplicate-seq",
    Area::Plans,
    Warning,
    "同一标题下两项任务的序号相同",
    "对照清单进行验收，逐项销号（按序号督办）"
);

/// Runs the four ledger rules over the portal (as `xxgk check` does, without the
/// other rules).
pub fn run(portal: &Portal) -> Vec<Diagnostic> {
    let mut out = overdue(portal);
    out.extend(done_without_evidence(portal));
    out.extend(closed_without_evidence(portal));
    out.extend(evidence_broken(portal));
    out
}

fn findings(diags: Vec<Diagnostic>) -> Vec<Finding> {
    diags
        .into_iter()
        .map(|d| Finding::new(d.file, d.line, d.message, d.hint.unwrap_or_default()))
        .collect()
}

/// Every task of every published plan, with its plan's file.
fn tasks(portal: &Portal) -> impl Iterator<Item = &Task> {
    plans(portal)
        .into_iter()
        .filter_map(|id| plan_of(portal.doc(id)))
        .flat_map(|p| p.tasks.iter())
}

fn label(t: &Task) -> String {
    let first = t.content.lines().next().unwrap_or("");
    let short: String = first.chars().take(20).collect();
    let dots = if first.chars().count() > 20 {
        "…"
    } else {
        ""
    };
    format!("{}. {short}{dots}（{}）", t.seq, t.units().join("、"))
}

pub fn overdue(portal: &Portal) -> Vec<Diagnostic> {
    let today = portal.today;
    tasks(portal)
        .filter(|t| t.is_overdue(today))
        .filter_map(|t| {
            let due = t.deadline.date()?;
            let days = (today - due).num_days();
            let when = if t.deadline_text == dates::chinese(due) {
                t.deadline_text.clone()
            } else {
                format!("{}（{}）", t.deadline_text, dates::chinese(due))
            };
            Some(
                t.loc_of("deadline")
                    .warning(
                        OVERDUE.name,
                        format!(
                            "任务 {}已逾期 {days} 天：完成时限 {when}，状态为{}",
                            label(t),
                            t.status.zh()
                        ),
                    )
                    .hint("完成后把 状态 改为 已完成，写 完成日期 和 佐证；确需调整时限的，改 完成时限 并在 备注 中说明原因"),
            )
        })
        .collect()
}

fn without_evidence(portal: &Portal, status: Status, rule: &Rule, hint: &str) -> Vec<Diagnostic> {
    tasks(portal)
        .filter(|t| t.status == status && t.evidence.is_empty())
        .map(|t| {
            let msg = format!("任务 {}标为{}，但没有佐证", label(t), status.zh());
            let at = t.loc_of("status");
            match rule.severity {
                Severity::Error => at.error(rule.name, msg),
                Severity::Warning => at.warning(rule.name, msg),
            }
            .hint(hint)
        })
        .collect()
}

pub fn done_without_evidence(portal: &Portal) -> Vec<Diagnostic> {
    without_evidence(
        portal,
        Status::Done,
        &DONE_WITHOUT_EVIDENCE,
        "加一行 佐证: 写证明任务完成的已公开文档的索引号或路径（如 fdzdgknr/czyjs/2026-bmys.yaml）；验收销号前须补齐",
    )
}

pub fn closed_without_evidence(portal: &Portal) -> Vec<Diagnostic> {
    without_evidence(
        portal,
        Status::Closed,
        &CLOSED_WITHOUT_EVIDENCE,
        "销号须以佐证为据：写上已公开文档的索引号或路径；尚未验收的，状态写 已完成",
    )
}

pub fn evidence_broken(portal: &Portal) -> Vec<Diagnostic> {
    let mut out = vec![];
    for id in plans(portal) {
        let Some(plan) = plan_of(portal.doc(id)) else {
            continue;
        };
        let links = plan.basis_doc.iter().map(|l| ("依据文件", l)).chain(
            plan.tasks
                .iter()
                .flat_map(|t| t.evidence.iter().map(|l| ("佐证", l))),
        );
        for (what, link) in links {
            if let Some(msg) = broken(portal, what, link) {
                out.push(
                    link.loc
                        .error(EVIDENCE_BROKEN.name, msg)
                        .hint("写已主动公开文档的索引号，或它相对于 content/ 的路径，如 fdzdgknr/czyjs/2026-bmys.yaml"),
                );
            }
        }
    }
    out
}

fn broken(portal: &Portal, what: &str, link: &Link) -> Option<String> {
    match link.doc {
        None => Some(format!("{what}“{}”找不到对应的文档", link.target)),
        Some(d) if !portal.doc(d).is_public() => Some(format!(
            "{what}“{}”指向的文档不是主动公开，其页面不会发布",
            link.target
        )),
        Some(_) => None,
    }
}

/// Two tasks under one 序号 cannot both be right: the ledger is cited by number.
pub fn check_tasks(tasks: &[Task]) -> Vec<Diagnostic> {
    let mut seen: HashMap<(&[String], &str), &Task> = HashMap::new();
    let mut out = vec![];
    for t in tasks {
        // Numbering restarts under each heading in some plans (seed 000: 1．2．3．).
        match seen.get(&(t.category.as_slice(), t.seq.as_str())) {
            Some(first) => out.push(
                t.loc_of("seq")
                    .warning(
                        "duplicate-seq",
                        format!(
                            "序号 {} 重复：“{}”与“{}”（{}）",
                            t.seq,
                            summary(&t.content, 16),
                            summary(&first.content, 16),
                            first.loc.short()
                        ),
                    )
                    .hint("同一标题下每项任务的序号唯一，便于按序号督办和销号"),
            ),
            None => {
                seen.insert((t.category.as_slice(), t.seq.as_str()), t);
            }
        }
    }
    out
}
