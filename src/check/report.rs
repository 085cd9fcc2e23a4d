//! The self-assessment report (`xxgk check --report DIR`): one self-contained HTML
//! page for the office — a score per area, the interpretation figures, every finding
//! with a link to its page on the live site — written outside `site/`, never part of
//! the public site.

use super::{Area, Outcome, RULES};
use crate::dates::chinese;
use crate::diagnostics::Diagnostic;
use crate::model::{Kind, Portal};
use serde::Serialize;
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

const TEMPLATE: &str = include_str!("report.html");
pub const REPORT_FILE: &str = "index.html";

/// `DIR` must not lie inside the portal's `site/`: the report is for the office only.
pub fn validate_dir(root: &Path, dir: &Path) -> Result<(), String> {
    let abs = |p: &Path| {
        let p = if p.is_absolute() {
            p.to_path_buf()
        } else {
            std::env::current_dir().unwrap_or_default().join(p)
        };
        // The folder may not exist yet: canonicalise its nearest existing ancestor.
        let mut existing = p.clone();
        let mut rest = vec![];
        while !existing.exists() {
            let Some(name) = existing.file_name().map(|n| n.to_os_string()) else {
                break;
            };
            rest.push(name);
            if !existing.pop() {
                break;
            }
        }
        let mut c = existing.canonicalize().unwrap_or(existing);
        c.extend(rest.into_iter().rev());
        c
    };
    let site = abs(&root.join("site"));
    if abs(dir).starts_with(&site) {
        return Err(format!(
            "自评报告不能写入 {}：site/ 是公开网站，每次生成都会整体替换；请另选目录，如 --report check-report",
            dir.display()
        ));
    }
    Ok(())
}

/// Writes `DIR/index.html`; returns its path.
pub fn write(root: &Path, dir: &Path, outcome: &Outcome) -> Result<PathBuf, String> {
    validate_dir(root, dir)?;
    let html = render(outcome)?;
    std::fs::create_dir_all(dir).map_err(|e| format!("无法创建 {}：{e}", dir.display()))?;
    let path = dir.join(REPORT_FILE);
    std::fs::write(&path, html).map_err(|e| format!("无法写入 {}：{e}", path.display()))?;
    Ok(path)
}

#[derive(Serialize)]
struct AreaRow {
    name: &'static str,
    items: usize,
    failed: usize,
    errors: usize,
    warnings: usize,
    /// 0–100; `None` when the area had nothing to check.
    score: Option<u32>,
}

#[derive(Serialize)]
struct FindingRow<'a> {
    error: bool,
    rule: &'a str,
    file: &'a str,
    line: usize,
    message: &'a str,
    hint: Option<&'a str>,
    url: Option<String>,
}

#[derive(Serialize)]
struct AreaFindings<'a> {
    name: &'static str,
    findings: Vec<FindingRow<'a>>,
}

#[derive(Serialize)]
struct RuleRow {
    name: &'static str,
    area: &'static str,
    error: bool,
    blocking: bool,
    summary: &'static str,
    source: &'static str,
    found: usize,
}

/// How many things an area looked at: the denominator of its score.
fn items(portal: &Portal, area: Area) -> usize {
    let public = || portal.public_documents();
    let count = |f: &dyn Fn(&crate::model::Document) -> bool| public().filter(|d| f(d)).count();
    match area {
        Area::Content => portal.documents.len() + portal.columns.len() + 1,
        Area::Interpretation => {
            count(&|d| matches!(d.kind, Kind::Normative | Kind::Interpretation))
        }
        Area::Timeliness => {
            count(&|d| {
                d.written.is_some() || d.interprets.is_some() || d.kind == Kind::AnnualReport
            }) + 1
        }
        Area::Publication => count(&|d| d.kind.is_policy() || !d.attachments.is_empty()),
        Area::Participation => {
            count(&|d| d.consultation.is_some())
                + portal
                    .columns
                    .iter()
                    .filter(|c| c.kind == Some(Kind::Decision))
                    .count()
        }
        Area::Disclosure => portal.documents.iter().filter(|d| !d.is_public()).count(),
        Area::Maintenance => {
            count(&|d| d.kind == Kind::Guide || d.validity.is_some() || d.pin.is_some())
        }
        Area::Structure => portal.columns.len() + public().count(),
        Area::Plans => crate::model::kinds::plan::ledger::plans(portal)
            .into_iter()
            .filter_map(|id| crate::model::kinds::plan::ledger::plan_of(portal.doc(id)))
            .map(|p| p.tasks.len())
            .sum(),
        Area::Inspection => portal.columns.len() + 1,
        Area::Data => count(&|d| {
            matches!(
                d.data,
                Some(
                    crate::model::Structured::Budget(_)
                        | crate::model::Structured::AnnualReport(_)
                        | crate::model::Structured::PowerList(_)
                )
            )
        }),
        Area::Privacy => {
            super::personal_data::published_texts(portal).len()
                + super::personal_data::published_workbooks(portal).len()
        }
    }
}

/// The page a finding's file is shown on, on the live site.
fn url_of(portal: &Portal, file: &str) -> Option<String> {
    let base = &portal.config.base_url;
    if let Some(d) = portal.documents.iter().find(|d| d.source == file) {
        return Some(if d.is_public() {
            format!("{base}{}", portal.doc_route(d.id))
        } else {
            format!("{base}ysqgkml/")
        });
    }
    if let Some(c) = portal.columns.iter().find(|c| c.source == file) {
        return Some(format!("{base}{}", portal.column_route(c.id)));
    }
    (file == "content/_index.md").then(|| base.clone())
}

/// A URL escaped for an attribute value by hand, so that it reads as written in the
/// page source (Tera's escaping would also turn every `/` into `&#x2F;`).
fn attribute(url: &str) -> String {
    url.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

pub fn render(outcome: &Outcome) -> Result<String, String> {
    let mut ctx = tera::Context::new();
    let diags = &outcome.diagnostics;
    let by_area: BTreeMap<Area, Vec<&Diagnostic>> =
        diags.iter().fold(BTreeMap::new(), |mut m, d| {
            m.entry(Area::of(d.rule)).or_default().push(d);
            m
        });
    let portal = outcome.portal.as_ref();
    let areas: Vec<AreaRow> = Area::ALL
        .iter()
        .map(|a| {
            let found = by_area.get(a).map(Vec::as_slice).unwrap_or(&[]);
            let errors = found.iter().filter(|d| d.is_error()).count();
            let failed: HashSet<&str> = found
                .iter()
                .filter(|d| d.is_error())
                .map(|d| d.file.as_str())
                .collect();
            let items = portal.map(|p| items(p, *a)).unwrap_or(0).max(failed.len());
            AreaRow {
                name: a.zh(),
                items,
                failed: failed.len(),
                errors,
                warnings: found.len() - errors,
                score: (items > 0)
                    .then(|| (100.0 * (items - failed.len()) as f64 / items as f64).round() as u32),
            }
        })
        .collect();
    let scored: Vec<u32> = areas.iter().filter_map(|a| a.score).collect();
    let overall = (!scored.is_empty())
        .then(|| (scored.iter().sum::<u32>() as f64 / scored.len() as f64).round() as u32);
    let findings: Vec<AreaFindings> = by_area
        .iter()
        .map(|(a, ds)| AreaFindings {
            name: a.zh(),
            findings: ds
                .iter()
                .map(|d| FindingRow {
                    error: d.is_error(),
                    rule: d.rule,
                    file: &d.file,
                    line: d.line.max(1),
                    message: &d.message,
                    hint: d.hint.as_deref(),
                    url: portal
                        .and_then(|p| url_of(p, &d.file))
                        .map(|u| attribute(&u)),
                })
                .collect(),
        })
        .collect();
    let rules: Vec<RuleRow> = RULES
        .iter()
        .map(|r| RuleRow {
            name: r.name,
            area: r.area.zh(),
            error: r.severity == crate::diagnostics::Severity::Error,
            blocking: r.blocking,
            summary: r.summary,
            source: r.source,
            found: diags.iter().filter(|d| d.rule == r.name).count(),
        })
        .collect();
    ctx.insert(
        "title",
        &portal
            .map(|p| p.config.name.clone())
            .unwrap_or_else(|| "政府信息公开专栏".into()),
    );
    // As official reports are titled: 示例县人民政府政府信息公开工作年度报告.
    ctx.insert(
        "heading",
        &format!(
            "{}政府信息公开自评报告",
            portal.map(|p| p.config.organisation.as_str()).unwrap_or("")
        ),
    );
    ctx.insert("base_url", &portal.map(|p| p.config.base_url.clone()));
    ctx.insert("today", &portal.map(|p| chinese(p.today)));
    ctx.insert("version", env!("CARGO_PKG_VERSION"));
    ctx.insert(
        "verdict",
        &super::inspection::verdict(diags, outcome.portal.is_some()),
    );
    ctx.insert("errors", &outcome.errors());
    ctx.insert("warnings", &outcome.warnings());
    ctx.insert("overall", &overall);
    ctx.insert("areas", &areas);
    ctx.insert("findings", &findings);
    ctx.insert("rules", &rules);
    ctx.insert("figures", &outcome.figures);
    ctx.insert("non_text_target", &super::figures::NON_TEXT_TARGET);
    ctx.insert("forms_target", &super::figures::NON_TEXT_FORMS_TARGET);
    let mut tera = tera::Tera::default();
    tera.add_raw_template("check_report.html", TEMPLATE)
        .map_err(|e| format!("自评报告模板有误：{e}"))?;
    tera.render("check_report.html", &ctx)
        .map_err(|e| format!("自评报告生成失败：{e:?}"))
}

#[cfg(test)]
mod tests {
    use super::super::fixture::{self, column, doc};
    use super::super::{Context, Figures, run};
    use super::*;

    #[test]
    fn the_report_links_findings_and_shows_the_figures() {
        let f = fixture::portal(
            &[
                ("content/zcjd/_index.md", &column("政策解读", "政策解读")),
                (
                    "content/gfxwj/_index.md",
                    &column("行政规范性文件", "规范性文件"),
                ),
                (
                    "content/gfxwj/bf.md",
                    &doc(
                        "标题: 测试县<救助>办法\n发布日期: 2026-03-02\n成文日期: 2026-03-01\n文号: 测政〔2026〕1号\n索引号: 11990000MB0123456X/2026-00001\n主题分类: 民政\n主题词: 救助",
                        "正文",
                    ),
                ),
                (
                    "content/zcjd/jd.md",
                    &doc(
                        "标题: 解读\n发布日期: 2026-03-20\n解读对象: 11990000MB0123456X/2026-00001\n解读形式: 图解",
                        "正文",
                    ),
                ),
            ],
            "2026-11-23",
        );
        let ctx = Context::new(&f.portal);
        let figures = Figures::of(&ctx);
        assert_eq!((figures.interpretations, figures.non_text), (1, 1));
        assert_eq!(figures.normative_coverage, Some(100.0));
        let diagnostics = run(&f.portal);
        let outcome = Outcome {
            portal: Some(f.portal),
            diagnostics,
            figures: Some(figures),
        };
        let html = render(&outcome).unwrap();
        assert!(
            html.contains("interpretation-late"),
            "late interpretation listed"
        );
        assert!(
            html.contains("href=\"https://xxgk.test.gov.cn/zcjd/jd/\""),
            "finding links to the page"
        );
        assert!(
            html.contains("测试县&lt;救助&gt;办法"),
            "titles are escaped"
        );
        assert!(html.contains("100%"), "non-text share");
        assert!(!html.contains("<script"), "self-contained, no scripts");
        assert!(!html.contains("<link"), "no external stylesheet");

        let root = tempfile::tempdir().unwrap();
        assert!(validate_dir(root.path(), &root.path().join("site/report")).is_err());
        assert!(validate_dir(root.path(), &root.path().join("report")).is_ok());
        let path = write(root.path(), &root.path().join("report"), &outcome).unwrap();
        assert!(path.ends_with("report/index.html"));
    }
}
