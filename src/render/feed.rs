//! Atom `feed.xml` of the latest disclosures (public documents only).

use crate::dates;
use crate::listing;
use crate::model::Portal;
use crate::publication::Publication;
use std::fmt::Write;

const ENTRIES: usize = 30;
const SUMMARY_CHARS: usize = 160;

pub fn render(portal: &Portal, publication: &Publication) -> String {
    let base = portal.config.base_url.trim_end_matches('/');
    let esc = |s: &str| super::theme::escape_html(s);
    let mut latest = listing::latest(portal, ENTRIES);
    latest.retain(|id| publication.pages.binary_search(id).is_ok());
    let updated = latest
        .first()
        .map(|id| portal.doc(*id).date)
        .unwrap_or(portal.today);
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"zh-CN\">\n",
    );
    let _ = writeln!(xml, "  <title>{}</title>", esc(&portal.config.name));
    let _ = writeln!(xml, "  <id>{base}/</id>");
    let _ = writeln!(xml, "  <link href=\"{base}/\"/>");
    let _ = writeln!(
        xml,
        "  <link rel=\"self\" href=\"{base}/{}\"/>",
        crate::routes::Page::Feed.url(&[])
    );
    let _ = writeln!(
        xml,
        "  <updated>{}T00:00:00+08:00</updated>",
        dates::iso(updated)
    );
    let _ = writeln!(
        xml,
        "  <author><name>{}</name></author>",
        esc(&portal.config.organisation)
    );
    for id in latest {
        let d = portal.doc(id);
        let link = format!("{base}/{}", portal.doc_route(id));
        let summary: String = d
            .body
            .as_ref()
            .map(|b| b.text.chars().take(SUMMARY_CHARS).collect())
            .unwrap_or_default();
        let _ = writeln!(xml, "  <entry>");
        let _ = writeln!(xml, "    <title>{}</title>", esc(&d.title));
        let _ = writeln!(xml, "    <id>{link}</id>");
        let _ = writeln!(xml, "    <link href=\"{link}\"/>");
        let _ = writeln!(
            xml,
            "    <updated>{}T00:00:00+08:00</updated>",
            dates::iso(d.date)
        );
        let _ = writeln!(
            xml,
            "    <category term=\"{}\"/>",
            esc(&portal.column(d.column).title)
        );
        let _ = writeln!(xml, "    <summary>{}</summary>", esc(summary.trim()));
        let _ = writeln!(xml, "  </entry>");
    }
    xml.push_str("</feed>\n");
    xml
}
