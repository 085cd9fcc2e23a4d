//! What every rule sees: the portal, the working-day calendar with the portal's
//! overrides, and the text of the files that are published (rules that point at a
//! line inside a body, or at personal data, need the source as written).

use super::Finding;
use super::personal_data::PiiKind;
use super::structure::Problem;
use crate::calendar::{Calendar, HolidayOverrides};
use crate::config::CONFIG_FILE;
use crate::diagnostics::{Diagnostics, display_path};
use crate::model::{DocId, Document, Portal};
use chrono::NaiveDate;
use rayon::prelude::*;
use serde::Deserialize;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

/// Which part of the portal the rules look at. The `build` rules honour it, so that
/// the live preview can re-run them for the documents an edit changed and keep the
/// findings of the others (`check::standing`); every other rule looks at the whole
/// portal whatever the scope, and only ever runs with [`Scope::All`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// The whole portal.
    All,
    /// What concerns each of these documents alone: its text, its files, its tables.
    Documents(Vec<DocId>),
    /// Everything else: the home introduction and the column pages, and whatever
    /// relates documents to one another (a year repeated, 佐证 that points nowhere).
    Rest,
}

/// Attachments whose content is plain text and published as is: a subsidy list
/// uploaded as CSV is the classic way ID numbers reach a site.
pub const TEXT_ATTACHMENTS: &[&str] = &["txt", "csv", "md", "htm", "html", "xml", "json"];

pub struct Context<'a> {
    pub portal: &'a Portal,
    pub today: NaiveDate,
    /// Shared by the narrowed contexts of one run (see [`Context::narrowed`]).
    pub calendar: Arc<Calendar>,
    pub scope: Scope,
    /// A `holidays` section of `xxgk.yaml` that could not be read (the calendar then
    /// runs on the built-in table alone).
    pub calendar_problem: Option<Finding>,
    /// Root-relative path → text, for every file the rules look inside.
    sources: HashMap<String, String>,
    /// One scan for personal data serves its three rules.
    pub(super) personal_data: OnceLock<Vec<(PiiKind, Finding)>>,
    /// One pass over the links serves the link and the anchor rule.
    pub(super) link_problems: OnceLock<Vec<(Problem, Finding)>>,
    /// One pass of the kinds' checks serves all their rules.
    pub(super) kind_diagnostics: OnceLock<Vec<crate::diagnostics::Diagnostic>>,
}

impl<'a> Context<'a> {
    pub fn new(portal: &'a Portal) -> Self {
        Self::scoped(portal, Scope::All)
    }

    /// The rules' view of one part of the portal; only the files that part needs are read.
    pub fn scoped(portal: &'a Portal, scope: Scope) -> Self {
        let mut sources = read_sources(portal, &scope);
        if let Some(text) = read_text(portal, CONFIG_FILE) {
            sources.insert(CONFIG_FILE.to_string(), text);
        }
        let config_text = sources.get(CONFIG_FILE).map(String::as_str);
        let (calendar, calendar_problem) = calendar_for(portal, config_text);
        Context {
            portal,
            today: portal.today,
            calendar: Arc::new(calendar),
            scope,
            calendar_problem,
            sources,
            personal_data: OnceLock::new(),
            link_problems: OnceLock::new(),
            kind_diagnostics: OnceLock::new(),
        }
    }

    /// The same portal and calendar, another scope: cheap enough to make one per
    /// document (only that document's files are read).
    pub fn narrowed(&self, scope: Scope) -> Context<'a> {
        let mut sources = read_sources(self.portal, &scope);
        if let Some(config) = self.sources.get(CONFIG_FILE) {
            sources.insert(CONFIG_FILE.to_string(), config.clone());
        }
        Context {
            portal: self.portal,
            today: self.today,
            calendar: Arc::clone(&self.calendar),
            scope,
            calendar_problem: self.calendar_problem.clone(),
            sources,
            personal_data: OnceLock::new(),
            link_problems: OnceLock::new(),
            kind_diagnostics: OnceLock::new(),
        }
    }

    /// The documents in scope, in [`DocId`] order.
    pub fn documents(&self) -> Box<dyn Iterator<Item = &'a Document> + '_> {
        let portal = self.portal;
        match &self.scope {
            Scope::All => Box::new(portal.documents.iter()),
            Scope::Documents(ids) => {
                Box::new(ids.iter().filter_map(move |id| portal.documents.get(*id)))
            }
            Scope::Rest => Box::new(std::iter::empty()),
        }
    }

    /// Whether the home introduction, the column pages and the relations between
    /// documents are in scope.
    pub fn sees_rest(&self) -> bool {
        matches!(self.scope, Scope::All | Scope::Rest)
    }

    /// The text of a root-relative file, if it could be read.
    pub fn source(&self, file: &str) -> Option<&str> {
        self.sources.get(file).map(String::as_str)
    }

    /// The 1-based line of the first occurrence of `needle` in `file` at or after
    /// line `from`; `None` when the file or the text is not there.
    pub fn line_containing(&self, file: &str, needle: &str, from: usize) -> Option<usize> {
        if needle.is_empty() {
            return None;
        }
        self.source(file)?
            .lines()
            .enumerate()
            .skip(from.saturating_sub(1))
            .find(|(_, l)| l.contains(needle))
            .map(|(i, _)| i + 1)
    }

    /// The first line of a Markdown document's body (after the closing `---`).
    pub fn body_line(&self, file: &str) -> usize {
        let Some(text) = self.source(file) else {
            return 1;
        };
        if !text.starts_with("---") {
            return 1;
        }
        text.lines()
            .enumerate()
            .skip(1)
            .find(|(_, l)| l.trim_end() == "---")
            .map(|(i, _)| i + 2)
            .unwrap_or(1)
    }
}

/// The documents in scope and their plain-text attachments, and outside
/// [`Scope::Documents`] the column indexes and the home intro, read in parallel.
/// Unreadable files are simply absent: the loader has already reported them.
fn read_sources(portal: &Portal, scope: &Scope) -> HashMap<String, String> {
    let root = &portal.root;
    let mut files: Vec<(String, PathBuf)> = vec![];
    let documents: Vec<&Document> = match scope {
        Scope::All => portal.documents.iter().collect(),
        Scope::Documents(ids) => ids
            .iter()
            .filter_map(|id| portal.documents.get(*id))
            .collect(),
        Scope::Rest => vec![],
    };
    if !matches!(scope, Scope::Documents(_)) {
        files.push((
            "content/_index.md".to_string(),
            root.join("content").join("_index.md"),
        ));
        files.extend(
            portal
                .columns
                .iter()
                .map(|c| (c.source.clone(), root.join(&c.source))),
        );
    }
    files.extend(
        documents
            .iter()
            .map(|d| (d.source.clone(), root.join(&d.source))),
    );
    for d in documents {
        for path in super::personal_data::downloads(d) {
            let ext = path
                .extension()
                .and_then(|e| e.to_str())
                .unwrap_or("")
                .to_ascii_lowercase();
            if TEXT_ATTACHMENTS.contains(&ext.as_str()) {
                files.push((display_path(root, &path), path));
            }
        }
    }
    files
        .into_par_iter()
        .filter_map(|(rel, path)| Some((rel.clone(), read_file(&rel, &path)?)))
        .collect()
}

fn read_text(portal: &Portal, rel: &str) -> Option<String> {
    read_file(rel, &portal.root.join(rel))
}

fn read_file(rel: &str, path: &std::path::Path) -> Option<String> {
    // Bounded: a larger attachment is refused by `attachment-too-large-to-screen`.
    let bytes = crate::limits::read_bounded(path, crate::limits::SCREEN_MAX)
        .ok()?
        .ok()?;
    crate::source::decode(rel, &bytes, &mut Diagnostics::new())
}

/// Only the `holidays` section of the configuration, read from the text so that a
/// malformed date can be reported at its own line.
#[derive(Deserialize)]
struct HolidaysSection {
    #[expect(dead_code, reason = "parsed only for the position of its error")]
    #[serde(default, alias = "节假日")]
    holidays: Option<HolidayOverrides>,
}

fn calendar_for(portal: &Portal, config_text: Option<&str>) -> (Calendar, Option<Finding>) {
    let builtin = Calendar::builtin();
    let Some(value) = &portal.config.holidays else {
        return (builtin, None);
    };
    let parsed = serde_yaml::from_value::<HolidayOverrides>(value.clone());
    let err = match parsed {
        Ok(overrides) => return (builtin.with_overrides(&overrides), None),
        Err(e) => e.to_string(),
    };
    let key_line = portal.config.holidays_line.max(1);
    // The text gives the position of the offending entry; the value alone does not.
    let located = config_text
        .and_then(|t| serde_yaml::from_str::<HolidaysSection>(t).err())
        .and_then(|e| e.location().map(|l| l.line()))
        .filter(|l| *l >= key_line);
    let line = located
        .or_else(|| quoted(&err).and_then(|q| line_after(config_text?, q, key_line)))
        .unwrap_or(key_line);
    let finding = Finding::new(
        CONFIG_FILE,
        line,
        format!(
            "节假日（holidays）设置无法读取：{}；工作日按内置的{}—{}年国务院放假安排计算",
            err.split(" at line ").next().unwrap_or(&err).trim(),
            crate::calendar::FIRST_YEAR,
            crate::calendar::LAST_YEAR
        ),
        "节假日下写两个列表：放假: [2027-01-01, \"2027-02-06..2027-02-13\"] 和 调休: [2027-02-14]；日期写作 2027-01-01 或 2027年1月1日，一天不能同时出现在两个列表中",
    );
    (builtin, Some(finding))
}

/// The first `"…"` quoted in an error message: the entry the calendar rejected.
fn quoted(message: &str) -> Option<&str> {
    let start = message.find('"')? + 1;
    let len = message[start..].find('"')?;
    Some(&message[start..start + len])
}

fn line_after(text: &str, needle: &str, from: usize) -> Option<usize> {
    text.lines()
        .enumerate()
        .skip(from.saturating_sub(1))
        .find(|(_, l)| l.contains(needle))
        .map(|(i, _)| i + 1)
}

#[cfg(test)]
mod tests {
    use super::super::fixture;
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn overrides_from_xxgk_yaml_extend_the_calendar() {
        let config = format!(
            "{}节假日:\n  放假: [\"2027-10-01..2027-10-07\"]\n  调休: [2027-10-09]\n",
            fixture::CONFIG
        );
        let f = fixture::portal_with_config(&config, &[], "2027-11-01");
        let ctx = Context::new(&f.portal);
        assert!(ctx.calendar_problem.is_none());
        assert_eq!(
            ctx.calendar
                .working_days_between(d("2027-09-30"), d("2027-10-08")),
            1
        );
        assert!(
            ctx.calendar.is_working_day(d("2027-10-09")),
            "调休 Saturday"
        );
    }

    #[test]
    fn a_malformed_override_is_reported_at_its_line() {
        let config = format!(
            "{}节假日:\n  放假:\n    - 2027-10-01\n    - 2027-02-30\n",
            fixture::CONFIG
        );
        let f = fixture::portal_with_config(&config, &[], "2027-11-01");
        let ctx = Context::new(&f.portal);
        let p = ctx.calendar_problem.expect("2月30日 is not a date");
        assert_eq!(p.file, "xxgk.yaml");
        assert_eq!(p.line, 8, "{p:?}");
        assert!(p.message.contains("2027-02-30"), "{}", p.message);
        // The built-in table still applies.
        assert!(!ctx.calendar.is_working_day(d("2026-10-01")));
    }

    #[test]
    fn body_line_is_after_the_front_matter() {
        let f = fixture::portal(
            &[
                ("content/a/_index.md", &fixture::column("甲", "其他信息")),
                (
                    "content/a/x.md",
                    "---\n标题: 某通知\n发布日期: 2026-01-05\n---\n正文第一行\n",
                ),
            ],
            "2026-11-23",
        );
        let ctx = Context::new(&f.portal);
        assert_eq!(ctx.body_line("content/a/x.md"), 5);
        assert_eq!(ctx.line_containing("content/a/x.md", "正文", 1), Some(5));
    }
}
