//! `sitemap.xml`: every public page, with the document date as lastmod.

use crate::dates;
use crate::model::Portal;
use crate::publication::Publication;
use crate::routes::{self, Page};
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
    // Every page type in the order of the table; only those it marks for the sitemap.
    for r in routes::TABLE.iter().filter(|r| r.sitemap) {
        match r.page {
            Page::Column => {
                for c in &portal.columns {
                    url(abs(&portal.column_route(c.id)), None);
                }
            }
            Page::Document => {
                for d in publication.documents(portal) {
                    url(abs(&portal.doc_route(d.id)), Some(dates::iso(d.date)));
                }
            }
            // The ledger lists its index, then each year followed by its units.
            Page::LedgerIndex => {
                for route in crate::model::kinds::plan::ledger::routes(portal) {
                    url(abs(&route), None);
                }
            }
            Page::LedgerYear | Page::LedgerUnit => {}
            page if !r.url.contains('{') => url(abs(&page.url(&[])), None),
            // A page type with placeholders that the sitemap does not know how to
            // list: the sitemap test fails on it.
            _ => {}
        }
    }
    xml.push_str("</urlset>\n");
    xml
}
