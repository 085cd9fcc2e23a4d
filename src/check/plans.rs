//! 工作台账: the task-ledger rules of [`crate::plan::rules`] (逐项销号, deadlines,
//! 佐证), taken into the registry under their own names, severities and sources.
//! `plan-evidence-broken` also runs in the loader, so that it stops a build; the
//! duplicate a check would print is merged away when findings are sorted.

use super::{Area, Context, Finding, Rule};
use crate::plan::rules::{
    CLOSED_WITHOUT_EVIDENCE, DONE_WITHOUT_EVIDENCE, EVIDENCE_BROKEN, OVERDUE, PlanRule,
};

/// A plan rule as a check rule.
const fn adopt(rule: &PlanRule, check: fn(&Context) -> Vec<Finding>) -> Rule {
    Rule {
        name: rule.name,
        area: Area::Plans,
        severity: rule.severity,
        blocking: false,
        summary: rule.summary,
        source: rule.source,
        check,
    }
}

pub const TASK_OVERDUE: Rule = adopt(&OVERDUE, |ctx| findings(&OVERDUE, ctx));
pub const DONE_NO_EVIDENCE: Rule = adopt(&DONE_WITHOUT_EVIDENCE, |ctx| {
    findings(&DONE_WITHOUT_EVIDENCE, ctx)
});
pub const CLOSED_NO_EVIDENCE: Rule = adopt(&CLOSED_WITHOUT_EVIDENCE, |ctx| {
    findings(&CLOSED_WITHOUT_EVIDENCE, ctx)
});
pub const BROKEN_EVIDENCE: Rule = adopt(&EVIDENCE_BROKEN, |ctx| findings(&EVIDENCE_BROKEN, ctx));

fn findings(rule: &PlanRule, ctx: &Context) -> Vec<Finding> {
    (rule.check)(ctx.portal)
        .into_iter()
        .map(|d| Finding::new(d.file, d.line, d.message, d.hint.unwrap_or_default()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Severity;

    #[test]
    fn plan_rules_keep_their_names_and_severities() {
        for (ours, theirs) in [
            (&TASK_OVERDUE, &OVERDUE),
            (&DONE_NO_EVIDENCE, &DONE_WITHOUT_EVIDENCE),
            (&CLOSED_NO_EVIDENCE, &CLOSED_WITHOUT_EVIDENCE),
            (&BROKEN_EVIDENCE, &EVIDENCE_BROKEN),
        ] {
            assert_eq!(ours.name, theirs.name);
            assert_eq!(ours.severity, theirs.severity);
        }
        assert_eq!(CLOSED_NO_EVIDENCE.severity, Severity::Error);
    }
}
