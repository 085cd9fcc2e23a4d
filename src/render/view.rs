//! What templates see: plain serialisable views built from the model, with dates
//! already in Chinese and URLs already prefixed with the base path.

use crate::dates;
use crate::model::{ColumnId, DocId, Document, Portal, Validity};
use crate::routes::Page;
use serde::Serialize;

#[derive(Serialize)]
pub struct SiteView {
    pub name: String,
    /// Host of `站点地址` (empty for a path-only address), the crawler's `SiteDomain`.
    pub domain: String,
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
    pub feed_url: String,
    /// `/rwtz/`, when the portal has work plans with task ledgers.
    pub ledger_url: Option<String>,
}

#[derive(Serialize, Clone)]
pub struct NavNode {
    pub title: String,
    pub url: String,
    pub path: String,
    /// The column's 描述, shown under its name on the home page.
    pub description: Option<String>,
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
    /// 公文种类
    pub doc_type: Option<&'static str>,
    pub issuer: String,
    pub written_cn: Option<String>,
    pub keywords: String,
    pub expires_cn: Option<String>,
    pub metadata_block: bool,
    /// Absolute address, printed under a document so a paper copy says where it came from.
    pub permalink: String,
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
            let route = Page::ColumnPage.url(&[&self.portal.column(id).path, &page.to_string()]);
            self.route(&route)
        }
    }
    /// A page without placeholders: `search/`.
    pub fn page(&self, page: Page) -> String {
        self.route(&page.url(&[]))
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
            description: c.description.clone(),
            children: c.children.iter().map(|k| node(portal, urls, *k)).collect(),
        }
    }
    let cfg = &portal.config;
    SiteView {
        name: cfg.name.clone(),
        domain: site_domain(&cfg.base_url),
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
        current_normative_url: urls.page(Page::CurrentNormative),
        on_request_url: urls.page(Page::OnRequest),
        search_url: urls.page(Page::Search),
        feed_url: urls.page(Page::Feed),
        ledger_url: (!crate::model::kinds::plan::ledger::years(portal).is_empty())
            .then(|| urls.page(Page::LedgerIndex)),
    }
}

/// The host of a base URL: `https://xxgk.example.gov.cn/xxgk/` → `xxgk.example.gov.cn`.
pub fn site_domain(base_url: &str) -> String {
    base_url
        .split_once("://")
        .map(|(_, rest)| rest.split('/').next().unwrap_or_default().to_string())
        .unwrap_or_default()
}

/// The column metadata of the 政府网站网页设计规范 that the national monitoring crawler
/// reads from `<head>` of column pages and of the documents in them.
#[derive(Serialize)]
pub struct ColumnMeta {
    pub name: String,
    pub description: String,
    pub keywords: String,
    pub kind: String,
}

/// The article metadata of the 网页设计规范, on document pages.
#[derive(Serialize)]
pub struct ArticleMeta {
    pub title: String,
    /// `2026-03-12 00:00`: the form the crawler parses; documents carry a date only, so
    /// the time is the start of that day rather than an invented hour.
    pub pub_date: String,
    pub source: String,
    pub keywords: String,
    pub author: String,
    pub description: String,
    pub url: String,
}

pub fn column_meta(portal: &Portal, id: ColumnId) -> ColumnMeta {
    let c = portal.column(id);
    let trail: Vec<&str> = portal
        .column_trail(id)
        .into_iter()
        .map(|k| portal.column(k).title.as_str())
        .collect();
    ColumnMeta {
        name: c.title.clone(),
        description: c.description.clone().unwrap_or_else(|| c.title.clone()),
        keywords: trail.join(","),
        kind: crate::model::inspection::ColumnClass::of(portal, id)
            .zh()
            .to_string(),
    }
}

/// Characters of the body kept for `Description`: the crawler shows a snippet.
const DESCRIPTION_CHARS: usize = 120;

pub fn article_meta(portal: &Portal, d: &Document) -> ArticleMeta {
    let text = d.body.as_ref().map(|b| b.text.as_str()).unwrap_or_default();
    let mut description = String::new();
    for word in text.split_whitespace() {
        if description.chars().count() >= DESCRIPTION_CHARS {
            break;
        }
        if !description.is_empty() {
            description.push(' ');
        }
        description.push_str(word);
    }
    let description: String = description.chars().take(DESCRIPTION_CHARS).collect();
    ArticleMeta {
        title: d.title.clone(),
        pub_date: format!("{} 00:00", dates::iso(d.date)),
        source: d.issuer.clone(),
        keywords: d.keywords.join(","),
        author: d.issuer.clone(),
        description: if description.is_empty() {
            d.title.clone()
        } else {
            description
        },
        url: format!(
            "{}/{}",
            portal.config.base_url.trim_end_matches('/'),
            portal.doc_route(d.id)
        ),
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
        doc_type: d.doc_type.map(|t| t.zh()),
        issuer: d.issuer.clone(),
        written_cn: d.written.map(dates::chinese),
        keywords: d.keywords.join("、"),
        expires_cn: d.expires.map(dates::chinese),
        metadata_block: d.kind.is_policy(),
        permalink: format!(
            "{}/{}",
            portal.config.base_url.trim_end_matches('/'),
            portal.doc_route(d.id)
        ),
        body_html: d
            .body
            .as_ref()
            .map(|b| table_regions(&b.html))
            .unwrap_or_default(),
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
        interpretations: portal
            .relations
            .interpretations(d.id)
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

/// Wraps each table of a body in a focusable, labelled region that scrolls sideways on
/// its own, so a wide table never widens a 360 px page and a keyboard or screen reader
/// user can reach and name it. The label is the heading the table sits under.
pub fn table_regions(html: &str) -> String {
    let mut out = String::with_capacity(html.len() + 128);
    let mut rest = html;
    let mut heading = String::new();
    let mut n = 0;
    while let Some(at) = rest.find("<table") {
        let (before, from) = rest.split_at(at);
        if let Some(h) = last_heading(before) {
            heading = h;
        }
        let Some(end) = from.find("</table>").map(|e| e + "</table>".len()) else {
            break;
        };
        n += 1;
        let label = if heading.is_empty() {
            format!("表格{n}")
        } else {
            format!("表格{n}：{heading}")
        };
        out.push_str(before);
        out.push_str(&format!(
            "<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" aria-label=\"{}\">",
            super::theme::escape_html(&label)
        ));
        out.push_str(&from[..end]);
        out.push_str("</div>");
        rest = &from[end..];
    }
    out.push_str(rest);
    out
}

/// Text of the last `<h2>`…`<h6>` in an HTML fragment, tags stripped.
fn last_heading(html: &str) -> Option<String> {
    let start = (2..=6)
        .filter_map(|l| html.rfind(&format!("<h{l}")).map(|i| (i, l)))
        .max()?;
    let (i, level) = start;
    let inner_start = i + html[i..].find('>')? + 1;
    let inner_end = inner_start + html[inner_start..].find(&format!("</h{level}>"))?;
    let mut text = String::new();
    let mut in_tag = false;
    for c in html[inner_start..inner_end].chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    let text = text
        .replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'");
    Some(text.trim().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_become_labelled_scroll_regions_named_after_their_heading() {
        let html = "<h2 id=\"a\">一、收支总表</h2><p>说明</p><table><tr><td>1</td></tr></table>\
                    <h3 id=\"b\">（一）<em>三公</em>经费 &amp; 会议费</h3><table><tr><td>2</td></tr></table>";
        let out = table_regions(html);
        assert_eq!(out.matches("role=\"region\" tabindex=\"0\"").count(), 2);
        assert!(
            out.contains("aria-label=\"表格1：一、收支总表\"><table>"),
            "{out}"
        );
        assert!(
            out.contains("aria-label=\"表格2：（一）三公经费 &amp; 会议费\"><table>"),
            "{out}"
        );
        assert!(out.ends_with("</table></div>"));
    }

    #[test]
    fn a_table_without_heading_is_numbered_and_text_without_tables_is_untouched() {
        assert_eq!(
            table_regions("<table><tr><td>1</td></tr></table>"),
            "<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" aria-label=\"表格1\"><table><tr><td>1</td></tr></table></div>"
        );
        assert_eq!(table_regions("<p>正文</p>"), "<p>正文</p>");
        // An unclosed table (never from the Markdown renderer) is left as it is.
        assert_eq!(table_regions("<p>a</p><table><tr>"), "<p>a</p><table><tr>");
    }

    #[test]
    fn sizes_read_naturally() {
        assert_eq!(file_size(512), "512 B");
        assert_eq!(file_size(12_595), "12.3 KB");
        assert_eq!(file_size(3 * 1024 * 1024), "3.0 MB");
    }
}
