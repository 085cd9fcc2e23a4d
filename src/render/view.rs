//! What templates see: plain serialisable views built from the model, with dates
//! already in Chinese and URLs already prefixed with the base path.

use crate::dates;
use crate::model::{ColumnId, DocId, Document, Portal, Validity};
use serde::Serialize;

#[derive(Serialize)]
pub struct SiteView {
    pub name: String,
    pub organisation: String,
    pub base_url: String,
    pub base_path: String,
    pub contact: crate::config::Contact,
    pub footer: crate::config::Footer,
    pub nav: Vec<NavNode>,
    pub today: String,
    pub current_normative_url: String,
    pub on_request_url: String,
    pub search_url: String,
    /// `/rwtz/`, when the portal has work plans with task ledgers.
    pub ledger_url: Option<String>,
}

#[derive(Serialize, Clone)]
pub struct NavNode {
    pub title: String,
    pub url: String,
    pub path: String,
    pub children: Vec<NavNode>,
}

#[derive(Serialize, Clone)]
pub struct Crumb {
    pub title: String,
    pub url: String,
}

#[derive(Serialize)]
pub struct DocSummary {
    pub title: String,
    pub url: String,
    pub date: String,
    pub date_cn: String,
    pub doc_number: Option<String>,
    pub column: String,
    pub column_url: String,
    pub kind: &'static str,
    /// 有效/失效/废止, effective on the build date.
    pub validity: Option<&'static str>,
    /// `expired` / `repealed` when the document no longer applies.
    pub validity_class: Option<&'static str>,
    pub pinned: bool,
    pub form: Option<&'static str>,
}

#[derive(Serialize)]
pub struct AttachmentView {
    pub title: String,
    pub url: String,
    pub file_name: String,
    pub format: String,
    pub size: String,
}

#[derive(Serialize)]
pub struct LinkView {
    pub title: String,
    pub url: String,
    pub date_cn: String,
    pub doc_number: Option<String>,
    pub form: Option<&'static str>,
}

#[derive(Serialize)]
pub struct ConsultationView {
    pub start_cn: String,
    pub end_cn: String,
    pub days: i64,
    /// 未开始 / 征集中 / 已结束
    pub status: &'static str,
    pub feedback: Option<LinkView>,
}

#[derive(Serialize)]
pub struct DocView {
    #[serde(flatten)]
    pub summary: DocSummary,
    pub index_no: Option<String>,
    pub topic: Option<&'static str>,
    pub issuer: String,
    pub written_cn: Option<String>,
    pub keywords: String,
    pub expires_cn: Option<String>,
    pub metadata_block: bool,
    pub body_html: String,
    pub attachments: Vec<AttachmentView>,
    pub interpretations: Vec<LinkView>,
    pub interprets: Option<LinkView>,
    pub consultation: Option<ConsultationView>,
    pub department: String,
    pub domain: Option<&'static str>,
}

/// A row of the 依申请公开 directory: metadata only, never the body.
#[derive(Serialize)]
pub struct DirectoryRow {
    pub title: String,
    pub doc_number: Option<String>,
    pub issuer: String,
    pub written_cn: Option<String>,
    pub date_cn: String,
    pub index_no: Option<String>,
    pub disclosure: &'static str,
    pub ground: String,
}

pub struct Urls<'a> {
    pub portal: &'a Portal,
    pub base: String,
}

impl<'a> Urls<'a> {
    pub fn new(portal: &'a Portal) -> Self {
        Urls {
            portal,
            base: portal.config.base_path(),
        }
    }
    pub fn doc(&self, id: DocId) -> String {
        format!("{}{}", self.base, self.portal.doc_route(id))
    }
    pub fn column(&self, id: ColumnId) -> String {
        format!("{}{}", self.base, self.portal.column_route(id))
    }
    pub fn column_page(&self, id: ColumnId, page: usize) -> String {
        if page <= 1 {
            self.column(id)
        } else {
            format!("{}page/{page}/", self.column(id))
        }
    }
    pub fn route(&self, route: &str) -> String {
        format!("{}{route}", self.base)
    }
}

pub fn site(portal: &Portal, urls: &Urls) -> SiteView {
    fn node(portal: &Portal, urls: &Urls, id: ColumnId) -> NavNode {
        let c = portal.column(id);
        NavNode {
            title: c.title.clone(),
            url: urls.column(id),
            path: c.path.clone(),
            children: c.children.iter().map(|k| node(portal, urls, *k)).collect(),
        }
    }
    let cfg = &portal.config;
    SiteView {
        name: cfg.name.clone(),
        organisation: cfg.organisation.clone(),
        base_url: cfg.base_url.clone(),
        base_path: urls.base.clone(),
        contact: cfg.contact.clone(),
        footer: cfg.footer.clone(),
        nav: portal
            .top_columns()
            .map(|c| node(portal, urls, c.id))
            .collect(),
        today: dates::chinese(portal.today),
        current_normative_url: urls.route("xxyxgfxwj/"),
        on_request_url: urls.route("ysqgkml/"),
        search_url: urls.route("search/"),
        ledger_url: (!crate::plan::ledger::years(portal).is_empty())
            .then(|| urls.route(&format!("{}/", crate::plan::ledger::LEDGER_DIR))),
    }
}

pub fn crumbs(portal: &Portal, urls: &Urls, col: ColumnId) -> Vec<Crumb> {
    let mut out = vec![Crumb {
        title: "首页".into(),
        url: urls.base.clone(),
    }];
    for id in portal.column_trail(col) {
        out.push(Crumb {
            title: portal.column(id).title.clone(),
            url: urls.column(id),
        });
    }
    out
}

fn validity_class(v: Option<Validity>) -> Option<&'static str> {
    match v {
        Some(Validity::Expired) => Some("expired"),
        Some(Validity::Repealed) => Some("repealed"),
        _ => None,
    }
}

pub fn summary(portal: &Portal, urls: &Urls, d: &Document) -> DocSummary {
    let validity = d.effective_validity(portal.today);
    DocSummary {
        title: d.title.clone(),
        url: urls.doc(d.id),
        date: dates::iso(d.date),
        date_cn: dates::chinese(d.date),
        doc_number: d.doc_number.clone(),
        column: portal.column(d.column).title.clone(),
        column_url: urls.column(d.column),
        kind: d.kind.zh(),
        validity: validity.map(Validity::zh),
        validity_class: validity_class(validity),
        pinned: d.active_pin(portal.today).is_some(),
        form: d.form.map(|f| f.zh()),
    }
}

pub fn link(portal: &Portal, urls: &Urls, id: DocId) -> LinkView {
    let d = portal.doc(id);
    LinkView {
        title: d.title.clone(),
        url: urls.doc(id),
        date_cn: dates::chinese(d.date),
        doc_number: d.doc_number.clone(),
        form: d.form.map(|f| f.zh()),
    }
}

/// Human file size: 12.3 KB.
pub fn file_size(bytes: u64) -> String {
    match bytes {
        b if b < 1024 => format!("{b} B"),
        b if b < 1024 * 1024 => format!("{:.1} KB", b as f64 / 1024.0),
        b => format!("{:.1} MB", b as f64 / (1024.0 * 1024.0)),
    }
}

pub fn document(portal: &Portal, urls: &Urls, d: &Document) -> DocView {
    let today = portal.today;
    let consultation = d.consultation.as_ref().map(|c| ConsultationView {
        start_cn: dates::chinese(c.start),
        end_cn: dates::chinese(c.end),
        days: (c.end - c.start).num_days() + 1,
        status: if today < c.start {
            "未开始"
        } else if today <= c.end {
            "征集中"
        } else {
            "已结束"
        },
        feedback: c
            .feedback
            .filter(|f| portal.doc(*f).is_public())
            .map(|f| link(portal, urls, f)),
    });
    DocView {
        summary: summary(portal, urls, d),
        index_no: d.index_no.as_ref().map(|n| n.to_string()),
        topic: d.topic,
        issuer: d.issuer.clone(),
        written_cn: d.written.map(dates::chinese),
        keywords: d.keywords.join("、"),
        expires_cn: d.expires.map(dates::chinese),
        metadata_block: d.kind.is_policy(),
        body_html: d.body.as_ref().map(|b| b.html.clone()).unwrap_or_default(),
        attachments: d
            .attachments
            .iter()
            .map(|a| AttachmentView {
                title: a.title.clone(),
                url: format!("{}{}", urls.doc(d.id), a.file_name),
                file_name: a.file_name.clone(),
                format: a.format(),
                size: file_size(a.bytes),
            })
            .collect(),
        interpretations: d
            .interpreted_by
            .iter()
            .filter(|i| portal.doc(**i).is_public())
            .map(|i| link(portal, urls, *i))
            .collect(),
        interprets: d.interprets.map(|t| link(portal, urls, t)),
        consultation,
        department: d.department.join("、"),
        domain: d.domain,
    }
}

pub fn directory_row(d: &Document) -> DirectoryRow {
    DirectoryRow {
        title: d.title.clone(),
        doc_number: d.doc_number.clone(),
        issuer: d.issuer.clone(),
        written_cn: d.written.map(dates::chinese),
        date_cn: dates::chinese(d.date),
        index_no: d.index_no.as_ref().map(|n| n.to_string()),
        disclosure: d.disclosure.mode().zh(),
        ground: d.disclosure.ground().unwrap_or_default().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_naturally() {
        assert_eq!(file_size(512), "512 B");
        assert_eq!(file_size(12_595), "12.3 KB");
        assert_eq!(file_size(3 * 1024 * 1024), "3.0 MB");
    }
}
