//! The portal-wide figures assessors ask for: the interpretation rates of the year,
//! the coverage of 规范性文件 by interpretations, the 基层 domains covered, and how
//! much was published within 20 working days.

use super::Context;
use crate::model::{DOMAINS, Document, InterpretationForm, Kind, Validity};
use chrono::Datelike;
use serde::Serialize;
use std::collections::BTreeSet;

/// Targets of seed 000 (三元镇2023年政务公开重点工作提升行动实施方案).
pub const NON_TEXT_TARGET: f64 = 50.0;
pub const NON_TEXT_FORMS_TARGET: usize = 2;

#[derive(Debug, Clone, Serialize)]
pub struct Figures {
    /// The assessment year (the year of `--today`).
    pub year: i32,
    /// 政策解读 published this year.
    pub interpretations: usize,
    /// Of which in a form other than text (图解, 视频, 音频, 动漫, 新闻发布会).
    pub non_text: usize,
    /// Percentage; `None` without interpretations this year.
    pub non_text_share: Option<f64>,
    /// Every form used this year, in Chinese.
    pub forms: Vec<&'static str>,
    /// Distinct non-text forms used this year (the 多元化解读方式).
    pub non_text_forms: Vec<&'static str>,
    /// 规范性文件 in force.
    pub normative_current: usize,
    /// Of which with at least one published interpretation.
    pub normative_interpreted: usize,
    pub normative_coverage: Option<f64>,
    pub documents_public: usize,
    pub documents_on_request: usize,
    pub documents_withheld: usize,
    /// 基层政务公开 domains with a column that lists something.
    pub domains_covered: Vec<&'static str>,
    pub domains_total: usize,
    /// Documents with a 成文日期, and of those published within 20 working days.
    pub dated_documents: usize,
    pub published_on_time: usize,
}

/// Text forms: 文字 and 问答 (a written Q&A); every other form is 多元化.
pub fn is_text_form(form: InterpretationForm) -> bool {
    matches!(form, InterpretationForm::Text | InterpretationForm::QandA)
}

/// Interpretations published in `year`, with a form.
pub fn interpretations_of_year<'a>(ctx: &'a Context, year: i32) -> Vec<&'a Document> {
    ctx.portal
        .public_documents()
        .filter(|d| d.kind == Kind::Interpretation && d.form.is_some() && d.date.year() == year)
        .collect()
}

/// 规范性文件 published in full and in force today.
pub fn current_normative<'a>(ctx: &'a Context) -> impl Iterator<Item = &'a Document> {
    ctx.portal.public_documents().filter(|d| {
        d.kind == Kind::Normative && d.effective_validity(ctx.today) == Some(Validity::Valid)
    })
}

/// Whether a document has at least one interpretation that residents can open.
pub fn has_interpretation(ctx: &Context, d: &Document) -> bool {
    ctx.portal
        .relations
        .interpretations(d.id)
        .iter()
        .any(|i| ctx.portal.doc(*i).is_public())
}

fn percent(part: usize, whole: usize) -> Option<f64> {
    (whole > 0).then(|| part as f64 * 100.0 / whole as f64)
}

impl Figures {
    pub fn of(ctx: &Context) -> Figures {
        let year = ctx.today.year();
        let interps = interpretations_of_year(ctx, year);
        let forms: BTreeSet<InterpretationForm> = interps.iter().filter_map(|d| d.form).collect();
        let non_text = interps
            .iter()
            .filter(|d| d.form.is_some_and(|f| !is_text_form(f)))
            .count();
        let normative: Vec<&Document> = current_normative(ctx).collect();
        let normative_interpreted = normative
            .iter()
            .filter(|d| has_interpretation(ctx, d))
            .count();
        let p = ctx.portal;
        let domains_covered: Vec<&'static str> = DOMAINS
            .iter()
            .copied()
            .filter(|dom| {
                p.columns.iter().any(|c| {
                    c.domain == Some(*dom) && !crate::listing::column_documents(p, c.id).is_empty()
                })
            })
            .collect();
        let dated: Vec<&Document> = p
            .public_documents()
            .filter(|d| d.written.is_some_and(|w| w <= d.date))
            .collect();
        let on_time = dated
            .iter()
            .filter(|d| {
                d.written.is_some_and(|w| {
                    ctx.calendar.working_days_between(w, d.date)
                        <= super::timeliness::PUBLICATION_DAYS
                })
            })
            .count();
        Figures {
            year,
            interpretations: interps.len(),
            non_text,
            non_text_share: percent(non_text, interps.len()),
            forms: forms.iter().map(|f| f.zh()).collect(),
            non_text_forms: forms
                .iter()
                .filter(|f| !is_text_form(**f))
                .map(|f| f.zh())
                .collect(),
            normative_current: normative.len(),
            normative_interpreted,
            normative_coverage: percent(normative_interpreted, normative.len()),
            documents_public: p.public_documents().count(),
            documents_on_request: p
                .documents
                .iter()
                .filter(|d| matches!(d.disclosure, crate::model::Disclosure::OnRequest { .. }))
                .count(),
            documents_withheld: p
                .documents
                .iter()
                .filter(|d| matches!(d.disclosure, crate::model::Disclosure::Withheld { .. }))
                .count(),
            domains_covered,
            domains_total: DOMAINS.len(),
            dated_documents: dated.len(),
            published_on_time: on_time,
        }
    }
}
