//! `sitemap.xml`: every public page, with the document date as lastmod.

use crate::dates;
use crate::model::Portal;
use crate::publication::Publication;
use std::fmt::Write;

pub fn render(portal: &Portal, publication: &Publication) -> String {
    let base = portal.config.base_url.trim_end_matches('/');
    let abs = |route: &str| format!("{base}/{route}");
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let mut url = |loc: String, lastmod: Option<String>| {
        let _ = write!(xml, "  <url><loc>{}</loc>", super::theme::escape_html(&loc));
        if let Some(m) = lastmod {
            let _ = write!(xml, "<lastmod>{m}</lastmod>");
        }
        xml.push_str("</url>\n");
    };
    url(abs(""), None);
    for c in &portal.columns {
        url(abs(&portal.column_route(c.id)), None);
    }
    for route in ["xxyxgfxwj/", "ysqgkml/", "search/"] {
        url(abs(route), None);
    }
    for route in crate::plan::ledger::routes(portal) {
        url(abs(&route), None);
    }
    for d in publication.documents(portal) {
        url(abs(&portal.doc_route(d.id)), Some(dates::iso(d.date)));
    }
    xml.push_str("</urlset>\n");
    xml
}
