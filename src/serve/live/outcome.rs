//! What one batch of changes did (for the terminal and the benchmark) and the timing
//! of its steps.

use crate::diagnostics::Diagnostic;
use crate::serve::change::Change;
use std::collections::HashSet;
use std::time::{Duration, Instant};

/// What one batch of file changes did, for the terminal.
#[derive(Debug)]
pub struct Outcome {
    /// Root-relative paths and what they were; ignored files are left out.
    pub changes: Vec<(String, Change)>,
    pub renames: Vec<(String, String)>,
    pub status: Status,
    /// The errors that block the update, or the warnings about the changed files.
    pub diagnostics: Vec<Diagnostic>,
    pub elapsed: Duration,
    /// Time per step: read, assemble, affected, render, publish.
    pub stages: Vec<(&'static str, Duration)>,
    /// Whether open pages should reload (something they show changed, or errors
    /// appeared or went away).
    pub reload: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Nothing the site is made of changed.
    Unchanged,
    /// `rendered` pages were written, `removed` taken away.
    Updated { rendered: usize, removed: usize },
    /// The files do not build: the last good pages stay.
    Blocked { errors: usize },
}

/// Times the steps of one rebuild.
pub(super) struct Lap {
    pub(super) start: Instant,
    last: Instant,
    pub(super) stages: Vec<(&'static str, Duration)>,
}

impl Lap {
    pub(super) fn new() -> Lap {
        let now = Instant::now();
        Lap {
            start: now,
            last: now,
            stages: vec![],
        }
    }

    pub(super) fn mark(&mut self, stage: &'static str) {
        let now = Instant::now();
        self.stages.push((stage, now - self.last));
        self.last = now;
    }
}

impl Outcome {
    /// Pages were rendered: `published` is what `publish` returned (pages written,
    /// pages removed, whether errors were showing).
    pub(super) fn updated(
        changes: Vec<(String, Change)>,
        (rendered, removed, had_errors): (usize, usize, bool),
        diagnostics: Vec<Diagnostic>,
        lap: Lap,
    ) -> Outcome {
        Outcome {
            changes,
            renames: vec![],
            status: Status::Updated { rendered, removed },
            diagnostics,
            elapsed: lap.start.elapsed(),
            stages: lap.stages,
            reload: rendered > 0 || removed > 0 || had_errors,
        }
    }

    pub(super) fn with_renames(mut self, renames: Vec<(String, String)>) -> Self {
        self.renames = renames;
        self
    }

    /// One line for the terminal: what changed and what the preview did.
    pub fn summary(&self) -> String {
        let what = if self.changes.is_empty() {
            String::new()
        } else {
            let renamed: HashSet<&str> = self
                .renames
                .iter()
                .flat_map(|(a, b)| [a.as_str(), b.as_str()])
                .collect();
            let others: Vec<&(String, Change)> = self
                .changes
                .iter()
                .filter(|(p, _)| !renamed.contains(p.as_str()))
                .collect();
            let mut parts: Vec<String> = self
                .renames
                .iter()
                .map(|(from, to)| format!("{from} → {to} 重命名"))
                .collect();
            parts.extend(
                others
                    .iter()
                    .take(5)
                    .map(|(p, c)| format!("{p} {}", c.zh())),
            );
            if others.len() > 5 {
                parts.push(format!("等 {} 处", self.changes.len()));
            }
            format!("{}：", parts.join("，"))
        };
        let ms = self.elapsed.as_millis();
        match self.status {
            Status::Unchanged => format!("{what}无需更新"),
            Status::Updated { rendered, removed } if removed > 0 => {
                format!("{what}已更新 {rendered} 个页面、移除 {removed} 个，用时 {ms} 毫秒")
            }
            Status::Updated { rendered, .. } => {
                format!("{what}已更新 {rendered} 个页面，用时 {ms} 毫秒")
            }
            Status::Blocked { errors } => {
                format!("{what}发现 {errors} 个错误，预览未更新，仍显示上次成功生成的页面")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::serve::change::DocChange;

    #[test]
    fn the_terminal_line_names_renames_and_edits() {
        let o = Outcome {
            changes: vec![
                (
                    "content/zcjd/old.md".into(),
                    Change::Document(DocChange::Removed),
                ),
                (
                    "content/zcjd/new.md".into(),
                    Change::Document(DocChange::Added),
                ),
                (
                    "content/gkzn/zn.md".into(),
                    Change::Document(DocChange::Edited),
                ),
            ],
            renames: vec![("content/zcjd/old.md".into(), "content/zcjd/new.md".into())],
            status: Status::Updated {
                rendered: 4,
                removed: 1,
            },
            diagnostics: vec![],
            elapsed: Duration::from_millis(12),
            stages: vec![],
            reload: true,
        };
        assert_eq!(
            o.summary(),
            "content/zcjd/old.md → content/zcjd/new.md 重命名，content/gkzn/zn.md 已修改：已更新 4 个页面、移除 1 个，用时 12 毫秒"
        );
        let blocked = Outcome {
            status: Status::Blocked { errors: 2 },
            renames: vec![],
            ..o
        };
        assert!(
            blocked
                .summary()
                .ends_with("发现 2 个错误，预览未更新，仍显示上次成功生成的页面")
        );
    }
}
