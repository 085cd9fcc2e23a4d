//! What `xxgk check` prints: findings grouped by area, each as `file:line`, rule,
//! message and how to fix it, then one summary line; or the JSON array of
//! CONTRACT §7.

use super::{Area, Outcome};
use crate::dates::chinese;
use crate::diagnostics::Diagnostic;
use std::fmt::Write;

/// The JSON array: `{"severity", "rule", "file", "line", "message", "hint"}` per finding.
pub fn json(diagnostics: &[Diagnostic]) -> String {
    serde_json::to_string_pretty(diagnostics).unwrap_or_else(|_| "[]".into())
}

/// `content/a.md:9: 错误 [interpretation-late] message` and the hint below it.
pub fn line(d: &Diagnostic) -> String {
    let label = if d.is_error() { "错误" } else { "警告" };
    let mut s = format!(
        "{}:{}: {label} [{}] {}",
        d.file,
        d.line.max(1),
        d.rule,
        d.message
    );
    if let Some(h) = &d.hint {
        let _ = write!(s, "\n    怎么改：{h}");
    }
    s
}

/// The human report: one block per area that has findings, then the summary line.
pub fn text(outcome: &Outcome) -> String {
    let mut out = String::new();
    if let Some(p) = &outcome.portal {
        let _ = writeln!(out, "{}：自查日期 {}\n", p.config.name, chinese(p.today));
    }
    for area in Area::ALL {
        let found: Vec<&Diagnostic> = outcome
            .diagnostics
            .iter()
            .filter(|d| Area::of(d.rule) == *area)
            .collect();
        if found.is_empty() {
            continue;
        }
        let errors = found.iter().filter(|d| d.is_error()).count();
        let _ = writeln!(
            out,
            "【{}】{}",
            area.zh(),
            counts(errors, found.len() - errors)
        );
        for d in found {
            let _ = writeln!(out, "{}", line(d));
        }
        out.push('\n');
    }
    // The count line, then the verdict of the 检查指标 as the very last line, as the
    // issue of the inspection asks (an office reads the outcome where the output ends).
    out.push_str(&summary(outcome));
    out.push('\n');
    out.push_str(&super::inspection::verdict(
        &outcome.diagnostics,
        outcome.portal.is_some(),
    ));
    out.push('\n');
    out
}

fn counts(errors: usize, warnings: usize) -> String {
    match (errors, warnings) {
        (0, w) => format!("{w} 个警告"),
        (e, 0) => format!("{e} 个错误"),
        (e, w) => format!("{e} 个错误、{w} 个警告"),
    }
}

pub fn summary(outcome: &Outcome) -> String {
    let (errors, warnings) = (outcome.errors(), outcome.warnings());
    let Some(p) = &outcome.portal else {
        return format!("站点无法加载：{}。", counts(errors, warnings));
    };
    let checked = format!(
        "共检查 {} 篇文档、{} 个栏目",
        p.documents.len(),
        p.columns.len()
    );
    if errors + warnings == 0 {
        format!("{checked}：未发现问题。")
    } else if errors == 0 {
        format!("{checked}：没有错误，{warnings} 个警告。")
    } else {
        format!("{checked}：{}，需修改后再发布。", counts(errors, warnings))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Diagnostic;

    #[test]
    fn findings_are_grouped_and_summed_up() {
        let outcome = Outcome {
            portal: None,
            diagnostics: vec![
                Diagnostic::error(
                    "pii-mobile",
                    "content/a.md",
                    7,
                    "公开内容含完整的手机号码 138****5678（第 3 列）",
                )
                .hint("删除该号码"),
                Diagnostic::warning(
                    "interpretation-diversity",
                    "content/zcjd/_index.md",
                    1,
                    "非文字解读占20%",
                )
                .hint("增加图解"),
            ],
            figures: None,
        };
        let t = text(&outcome);
        let interp = t.find("【政策解读】1 个警告").unwrap();
        let privacy = t.find("【个人信息保护】1 个错误").unwrap();
        assert!(interp < privacy, "{t}");
        assert!(t.contains("content/a.md:7: 错误 [pii-mobile] 公开内容含完整的手机号码 138****5678（第 3 列）\n    怎么改：删除该号码"));
        // The count line, then the 检查指标 verdict as the last line.
        let last: Vec<&str> = t.trim_end().lines().rev().take(2).collect();
        assert_eq!(
            last,
            [
                "按《检查指标》单项否决项：不通过（站点无法生成）",
                "站点无法加载：1 个错误、1 个警告。"
            ],
            "{t}"
        );
        let j: serde_json::Value = serde_json::from_str(&json(&outcome.diagnostics)).unwrap();
        assert_eq!(j[0]["severity"], "error");
        assert_eq!(j[0]["rule"], "pii-mobile");
        assert_eq!(j[0]["file"], "content/a.md");
        assert_eq!(j[0]["line"], 7);
        assert_eq!(j[1]["severity"], "warning");
    }
}
