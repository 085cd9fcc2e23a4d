//! The rules of each document kind that carries data — 预决算, 年度报告, 权责清单,
//! 工作台账 — one file per kind (the same names as `model::kinds`, `load::kinds`,
//! `render::kinds`). Each rule is an entry of [`crate::check::RULES`] like any other.
//!
//! A kind's per-document rules are one pass over its tables that reports several
//! rules at once (one walk of a 功能分类 table finds `budget-total`, `bad-code`,
//! `budget-orphan` …). [`pass`] runs every kind's pass once per [`Context`]; each
//! registry entry takes the findings under its own name, and the registry gives
//! them their severity. These rules stopped a build when they ran inside the loader;
//! they are marked `build` and still do.

pub mod annual_report;
pub mod budget;
pub mod plan;
pub mod power_list;

use super::{Context, Finding};
use crate::diagnostics::Diagnostic;
use crate::model::Structured;

/// A registry entry for a rule a kind's [`pass`] reports.
macro_rules! data_rule {
    ($name:literal, $area:expr, $severity:ident, $summary:literal, $source:literal) => {
        $crate::check::Rule {
            name: $name,
            area: $area,
            severity: $crate::diagnostics::Severity::$severity,
            blocking: false,
            build: true,
            summary: $summary,
            source: $source,
            check: |ctx| $crate::check::kinds::findings(ctx, $name),
        }
    };
}
pub(crate) use data_rule;

/// Every kind's rules over the documents in scope, and (with the rest of the portal
/// in scope) the ones across documents (a year repeated, last year's report, the
/// 规范性文件目录).
pub fn pass(ctx: &Context) -> Vec<Diagnostic> {
    let mut out = vec![];
    for d in ctx.documents() {
        match &d.data {
            Some(Structured::Budget(b)) => out.extend(budget::check(b)),
            Some(Structured::AnnualReport(r)) => {
                out.extend(annual_report::check_table3(&d.source, &r.table3));
                out.extend(annual_report::check_table4(&d.source, &r.table4));
            }
            Some(Structured::PowerList(p)) => out.extend(power_list::check_items(&p.items)),
            Some(Structured::Plan(p)) => out.extend(plan::check_tasks(&p.tasks)),
            None => {}
        }
    }
    if ctx.sees_rest() {
        let portal = ctx.portal;
        out.extend(annual_report::check_years(portal));
        out.extend(annual_report::check_current_normative(portal));
        out.extend(budget::check_years(portal));
    }
    out
}

/// The findings of the kinds' pass under one rule's name.
pub fn findings(ctx: &Context, rule: &str) -> Vec<Finding> {
    ctx.kind_diagnostics
        .get_or_init(|| pass(ctx))
        .iter()
        .filter(|d| d.rule == rule)
        .map(|d| {
            Finding::new(
                d.file.clone(),
                d.line,
                d.message.clone(),
                d.hint.clone().unwrap_or_default(),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::check::{RULES, rule};

    /// Every name a kind's pass reports is a registry entry: a rule a pass reports
    /// but the registry does not list would be dropped silently.
    #[test]
    fn every_rule_a_pass_reports_is_registered() {
        let sources = [
            include_str!("budget.rs"),
            include_str!("annual_report.rs"),
            include_str!("power_list.rs"),
            include_str!("plan.rs"),
        ];
        let mut names = vec![];
        for s in sources {
            let code = s.split("#[cfg(test)]").next().unwrap();
            for call in [
                ".error(",
                ".warning(",
                "Diagnostic::error(",
                "Diagnostic::warning(",
            ] {
                for part in code.split(call).skip(1) {
                    let part = part.trim_start();
                    if let Some(rest) = part.strip_prefix('"') {
                        names.push(rest.split('"').next().unwrap().to_string());
                    }
                }
            }
        }
        assert!(names.len() >= 10, "{names:?}");
        for n in &names {
            assert!(rule(n).is_some(), "{n} is reported but not in check::RULES");
        }
        // And each data rule's registry entry runs through `findings`.
        assert!(RULES.iter().any(|r| r.name == "budget-total" && r.build));
    }
}
