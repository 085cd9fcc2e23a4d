//! `xxgk check`: the column's self-assessment, run on the loaded portal before the
//! assessors run it by hand.
//!
//! Each rule is a small pure function over a [`Context`] (the portal, the working-day
//! calendar and the source texts) that returns [`Finding`]s. The [`RULES`] registry
//! gives every rule its stable name, area and severity, so a rule cannot report under
//! the wrong name or severity. The rules that must stop a build (personal data in
//! anything published) are marked `blocking`; [`blocking`] runs only those and
//! `xxgk build` calls it.

mod attachment_text;
mod attachments;
mod consultation;
mod context;
mod disclosure;
mod figures;
mod freshness;
pub mod inspection;
mod interpretation;
pub mod kinds;
mod metadata;
pub mod output;
pub mod personal_data;
pub mod report;
pub mod standing;
mod structure;
mod timeliness;

pub use context::{Context, Scope};
pub use figures::Figures;

use crate::diagnostics::{Diagnostic, Diagnostics, Severity};
use crate::load::{self, LoadOptions};
use crate::model::Portal;
use serde::Serialize;

/// What a rule found: where, what, and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Root-relative file, `/`-separated.
    pub file: String,
    /// 1-based line; 0 for the file as a whole.
    pub line: usize,
    pub message: String,
    /// How to fix it, in words an editor can act on.
    pub hint: String,
}

impl Finding {
    pub fn new(
        file: impl Into<String>,
        line: usize,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) -> Self {
        Finding {
            file: file.into(),
            line,
            message: message.into(),
            hint: hint.into(),
        }
    }
}

/// The areas an office is scored on (the rows of the self-assessment report).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Area {
    /// Problems the loader found: the content cannot be read as written.
    Content,
    Interpretation,
    Timeliness,
    Publication,
    Participation,
    Disclosure,
    Maintenance,
    Structure,
    Plans,
    /// The data of 预决算, 年度报告 and 权责清单: totals, codes, one per year.
    Data,
    Privacy,
    /// 单项否决 of the national inspection (国办秘函〔2019〕19号).
    Inspection,
}

impl Area {
    pub const ALL: &'static [Area] = &[
        Area::Content,
        Area::Interpretation,
        Area::Timeliness,
        Area::Publication,
        Area::Participation,
        Area::Disclosure,
        Area::Maintenance,
        Area::Structure,
        Area::Plans,
        Area::Data,
        Area::Privacy,
        Area::Inspection,
    ];

    pub fn zh(self) -> &'static str {
        match self {
            Area::Content => "内容格式",
            Area::Interpretation => "政策解读",
            Area::Timeliness => "公开时效",
            Area::Publication => "文件发布规范",
            Area::Participation => "重大行政决策与意见征集",
            Area::Disclosure => "依申请公开与不予公开",
            Area::Maintenance => "指南更新与失效清理",
            Area::Structure => "栏目与链接",
            Area::Plans => "工作台账",
            Area::Data => "预决算、年报与权责清单数据",
            Area::Privacy => "个人信息保护",
            Area::Inspection => "检查指标单项否决",
        }
    }

    /// The area of a diagnostic: its rule's, or for the loader's own checks the
    /// area the problem belongs to.
    pub fn of(rule: &str) -> Area {
        if let Some(r) = RULES.iter().find(|r| r.name == rule) {
            return r.area;
        }
        match rule {
            "missing-attachment" | "missing-field" | "unknown-value" | "bad-index-no"
            | "duplicate-index-no" => Area::Publication,
            "broken-reference" | "no-column" | "duplicate-slug" | "reserved-path"
            | "bad-file-name" => Area::Structure,
            // The publication boundary: what may not be published, or not from there.
            "disclosure-unclear"
            | "yaml-construct"
            | "attachment-withheld"
            | "attachment-outside"
            | "symlink-outside"
            | "attachment-active"
            | "attachment-name" => Area::Disclosure,
            _ => Area::Content,
        }
    }
}

/// One rule of the registry.
pub struct Rule {
    /// Stable name, shown in every finding and in the JSON output.
    pub name: &'static str,
    pub area: Area,
    pub severity: Severity,
    /// Stops `xxgk build` (personal data in anything published).
    pub blocking: bool,
    /// `xxgk build` and the preview run it, and its errors stop the build: the
    /// blocking rules, and the kinds' data rules and `plan-evidence-broken`, which
    /// stopped it when they ran inside the loader. A build rule honours the
    /// context's [`Scope`] (the preview re-runs it for the documents an edit changed).
    /// Other rules run with [`Scope::All`] only.
    pub build: bool,
    /// What the rule checks, in one line (README, report).
    pub summary: &'static str,
    /// Where the requirement comes from.
    pub source: &'static str,
    pub check: fn(&Context) -> Vec<Finding>,
}

impl Rule {
    fn diagnostics(&self, ctx: &Context) -> impl Iterator<Item = Diagnostic> {
        let (name, severity) = (self.name, self.severity);
        (self.check)(ctx).into_iter().map(move |f| {
            let d = match severity {
                Severity::Error => Diagnostic::error(name, f.file, f.line, f.message),
                Severity::Warning => Diagnostic::warning(name, f.file, f.line, f.message),
            };
            // A kind's pass may report without a hint; keep it without one.
            if f.hint.is_empty() { d } else { d.hint(f.hint) }
        })
    }
}

/// Every rule, in the order the report lists them.
pub const RULES: &[Rule] = &[
    interpretation::LATE,
    interpretation::MISSING,
    interpretation::NO_TEXT,
    interpretation::DIVERSITY,
    timeliness::PUBLICATION_LATE,
    timeliness::WRITTEN_AFTER_PUBLISHED,
    timeliness::ANNUAL_REPORT_MISSING,
    timeliness::ANNUAL_REPORT_LATE,
    timeliness::HOLIDAY_OVERRIDE,
    timeliness::CALENDAR_COVERAGE,
    attachments::NORMATIVE_DOWNLOADS,
    attachments::ATTACHMENT_EMPTY,
    attachments::TOO_LARGE_TO_SCREEN,
    metadata::METADATA_MISSING,
    consultation::SHORT,
    consultation::MATERIALS,
    consultation::FEEDBACK_MISSING,
    consultation::FEEDBACK_PENDING,
    consultation::CATALOG_MISSING,
    consultation::CATALOG_LATE,
    disclosure::GROUND,
    freshness::GUIDE_MISSING,
    freshness::GUIDE_STALE,
    freshness::GUIDE_NOT_PINNED,
    freshness::EXPIRED_STILL_VALID,
    freshness::EXPIRED_PINNED,
    structure::EMPTY_COLUMN,
    structure::EMPTY_DOMAIN,
    structure::BROKEN_LINK,
    structure::BROKEN_ANCHOR,
    kinds::plan::OVERDUE,
    kinds::plan::DONE_WITHOUT_EVIDENCE,
    kinds::plan::CLOSED_WITHOUT_EVIDENCE,
    kinds::plan::EVIDENCE_BROKEN,
    kinds::plan::DUPLICATE_SEQ,
    kinds::budget::TOTAL,
    kinds::budget::ORPHAN,
    kinds::budget::BAD_CODE,
    kinds::budget::DUPLICATE,
    kinds::power_list::DUPLICATE_CODE,
    kinds::annual_report::IDENTITY,
    kinds::annual_report::CARRY_OVER,
    kinds::annual_report::REPEATED,
    kinds::annual_report::NORMATIVE_COUNT,
    kinds::annual_report::DUPLICATE,
    personal_data::ID_NUMBER,
    personal_data::MOBILE,
    personal_data::BANK_CARD,
    inspection::HOME_NOT_UPDATED,
    inspection::COLUMN_NOT_UPDATED,
    inspection::COLUMNS_NOT_UPDATED,
    inspection::BLANK_COLUMNS,
    inspection::INTERACTION_CHANNEL,
];

fn run_rules(ctx: &Context, pick: impl Fn(&Rule) -> bool) -> Vec<Diagnostic> {
    let mut diags = Diagnostics::new();
    for rule in RULES.iter().filter(|r| pick(r)) {
        diags.extend(rule.diagnostics(ctx));
    }
    diags.sorted()
}

/// Every rule over a loaded portal.
pub fn run(portal: &Portal) -> Vec<Diagnostic> {
    run_rules(&Context::new(portal), |_| true)
}

/// The rules that must stop a build: personal data in anything that would be published.
pub fn blocking(portal: &Portal) -> Vec<Diagnostic> {
    run_rules(&Context::new(portal), |r| r.blocking)
}

/// The registry entry of a rule name.
pub fn rule(name: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.name == name)
}

/// The rules `xxgk build` and the preview run (see [`Rule::build`]); the preview
/// keeps each document's share of them apart ([`standing::Standing`]), finding the same.
pub fn for_build(portal: &Portal) -> Vec<Diagnostic> {
    run_rules(&Context::new(portal), |r| r.build)
}

/// What `xxgk check` found: the loader's problems and every rule's findings.
pub struct Outcome {
    pub portal: Option<Portal>,
    pub diagnostics: Vec<Diagnostic>,
    pub figures: Option<Figures>,
}

impl Outcome {
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    pub fn warnings(&self) -> usize {
        self.diagnostics.len() - self.errors()
    }
}

/// Loads the portal (reporting every load problem) and runs every rule on it.
pub fn check(opts: &LoadOptions) -> Outcome {
    let (portal, load_diags) = load::load(opts);
    let mut diags = load_diags;
    let figures = portal.as_ref().map(|p| {
        let ctx = Context::new(p);
        for rule in RULES {
            diags.extend(rule.diagnostics(&ctx));
        }
        Figures::of(&ctx)
    });
    Outcome {
        portal,
        diagnostics: diags.sorted(),
        figures,
    }
}

#[cfg(test)]
pub(crate) mod fixture {
    //! Portals on disk for the rules' unit tests, loaded with the real loader.

    use super::*;
    use chrono::NaiveDate;

    pub const CONFIG: &str = "站点名称: 测试县人民政府信息公开\n机构名称: 测试县人民政府\n组织机构代码: 11990000MB0123456X\n站点地址: https://xxgk.test.gov.cn/\n";

    pub struct Fixture {
        /// Keeps the portal's folder alive as long as the fixture.
        pub _dir: tempfile::TempDir,
        pub portal: Portal,
    }

    /// A portal from (path, text) pairs, loaded on `today`; panics on load errors
    /// so that a test never checks a portal other than the one it wrote.
    pub fn portal(files: &[(&str, &str)], today: &str) -> Fixture {
        portal_with_config(CONFIG, files, today)
    }

    pub fn portal_with_config(config: &str, files: &[(&str, &str)], today: &str) -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("xxgk.yaml"), config).unwrap();
        std::fs::create_dir_all(dir.path().join("content")).unwrap();
        for (path, text) in files {
            let p = dir.path().join(path);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
        let (portal, diags) = load::load(&LoadOptions {
            root: dir.path().to_path_buf(),
            today: NaiveDate::parse_from_str(today, "%Y-%m-%d").unwrap(),
            base_url: None,
        });
        assert!(!diags.has_errors(), "{:?}", diags.sorted());
        Fixture {
            _dir: dir,
            portal: portal.unwrap(),
        }
    }

    impl Fixture {
        /// Runs one rule; returns `file:line: message` strings.
        pub fn findings(&self, rule: &Rule) -> Vec<String> {
            let ctx = Context::new(&self.portal);
            (rule.check)(&ctx)
                .into_iter()
                .map(|f| format!("{}:{}: {}", f.file, f.line, f.message))
                .collect()
        }
    }

    pub fn column(title: &str, kind: &str) -> String {
        format!("---\n名称: {title}\n类型: {kind}\n---\n")
    }

    pub fn doc(front: &str, body: &str) -> String {
        format!("---\n{}\n---\n{body}\n", front.trim())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use std::collections::HashSet;

    #[test]
    fn rule_names_are_unique_and_kebab_case() {
        let mut seen = HashSet::new();
        for r in RULES {
            assert!(seen.insert(r.name), "duplicate rule {}", r.name);
            assert!(
                r.name.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
                "{}",
                r.name
            );
            assert!(!r.summary.is_empty() && !r.source.is_empty());
        }
    }

    #[test]
    fn the_readme_lists_every_rule() {
        let readme = include_str!("../../README.md");
        for r in RULES {
            assert!(
                readme.contains(&format!("`{}`", r.name)),
                "README lacks {}",
                r.name
            );
        }
    }

    /// The README's rule tables (those headed `| rule |`) against the registry:
    /// every rule has a row, every name in a row is a rule.
    #[test]
    fn the_readmes_rule_tables_and_the_registry_agree() {
        let readme = include_str!("../../README.md");
        let mut in_table = false;
        let mut listed = HashSet::new();
        for line in readme.lines() {
            if line.starts_with("| rule |") {
                in_table = true;
                continue;
            }
            if !line.starts_with('|') {
                in_table = false;
                continue;
            }
            if !in_table || line.starts_with("|---") {
                continue;
            }
            let first = line.split('|').nth(1).unwrap_or("");
            for name in first.split('`').skip(1).step_by(2) {
                listed.insert(name.to_string());
            }
        }
        let registered: HashSet<String> = RULES.iter().map(|r| r.name.to_string()).collect();
        let mut missing: Vec<_> = registered.difference(&listed).collect();
        let mut unknown: Vec<_> = listed.difference(&registered).collect();
        missing.sort();
        unknown.sort();
        assert!(
            missing.is_empty() && unknown.is_empty(),
            "README rows missing for {missing:?}; README rows without a rule: {unknown:?}"
        );
    }

    #[test]
    fn build_runs_the_blocking_rules_and_the_kinds_rules() {
        for r in RULES {
            if r.blocking {
                assert!(r.build, "{}", r.name);
            }
        }
        for name in [
            "budget-total",
            "duplicate-budget",
            "report-carry-over",
            "plan-evidence-broken",
        ] {
            let r = rule(name).unwrap();
            assert!(r.build && !r.blocking, "{name}");
            assert_ne!(Area::of(name), Area::Content, "{name}");
        }
    }

    #[test]
    fn only_personal_data_rules_block_the_build_and_they_are_errors() {
        for r in RULES {
            assert_eq!(r.blocking, r.area == Area::Privacy, "{}", r.name);
            if r.blocking {
                assert_eq!(r.severity, Severity::Error, "{}", r.name);
            }
        }
    }

    #[test]
    fn findings_take_the_rules_name_and_severity() {
        let f = fixture::portal(
            &[
                (
                    "content/gkzn/_index.md",
                    &fixture::column("政府信息公开指南", "指南"),
                ),
                (
                    "content/gkzn/zn.md",
                    &fixture::doc(
                        "标题: 测试县人民政府信息公开指南\n发布日期: 2025-01-05\n置顶: 1",
                        "指南正文",
                    ),
                ),
            ],
            "2026-11-23",
        );
        let diags = run(&f.portal);
        let stale = diags
            .iter()
            .find(|d| d.rule == "guide-stale")
            .expect("a 2025 guide is stale in 2026");
        assert_eq!(stale.severity, Severity::Error);
        assert_eq!(stale.file, "content/gkzn/zn.md");
        assert_eq!(stale.line, 3);
        assert!(stale.hint.is_some());
        assert!(blocking(&f.portal).is_empty());
    }
}
