//! The portal as the search sees it: every published document, and the directory
//! rows of documents public only on request (metadata only — their body is not in
//! the model at all).

use super::SearchDoc;
use crate::model::Portal;
use crate::publication::Publication;
use std::path::PathBuf;

/// Where `xxgk build` keeps the tantivy index, and where `xxgk search` reads it.
pub fn index_dir(portal_root: &std::path::Path) -> PathBuf {
    portal_root.join(".xxgk").join("search-index")
}

/// Every document of the publication set: pages and directory rows, in id order.
pub fn documents(portal: &Portal) -> Vec<SearchDoc> {
    let publication = Publication::of(portal);
    let mut ids: Vec<_> = publication
        .pages
        .iter()
        .chain(&publication.listed)
        .copied()
        .collect();
    ids.sort_unstable();
    ids.into_iter()
        .filter_map(|id| document(portal, portal.doc(id)))
        .collect()
}

/// One document as the search sees it: its page, or its directory row without a
/// body; `None` for one not in the publication set (withheld as 国家秘密).
pub fn document(portal: &Portal, d: &crate::model::Document) -> Option<SearchDoc> {
    let today = portal.today;
    let page = Publication::has_page(d);
    (page || Publication::is_listed(d)).then(|| {
        let column = portal.column(d.column);
        SearchDoc {
            url: if page {
                portal.doc_route(d.id)
            } else {
                crate::routes::Page::OnRequest.url(&[])
            },
            title: d.title.clone(),
            // Only a page's body: a directory row is metadata, whatever the model holds.
            body: d
                .body
                .as_ref()
                .filter(|_| page)
                .map(|b| b.text.clone())
                .unwrap_or_default(),
            doc_number: d.doc_number.clone(),
            index_no: d.index_no.as_ref().map(|n| n.to_string()),
            column: column.title.clone(),
            column_path: column.path.clone(),
            issuer: d.issuer.clone(),
            topic: d.topic.map(str::to_string),
            validity: d.effective_validity(today).map(|v| v.zh().to_string()),
            doc_type: d.doc_type.map(|t| t.zh().to_string()),
            organ: d.doc_number.as_deref().and_then(super::doc_number::organ),
            date: d.date,
            // A directory row shows no 主题词: they stay out of the vocabulary.
            keywords: if page { d.keywords.clone() } else { Vec::new() },
        }
    })
}

/// The index for the portal's current content, rebuilt when it is missing or stale
/// (its fingerprint no longer matches the documents).
pub fn ensure_index(portal: &Portal) -> Result<PathBuf, super::SearchError> {
    let docs = documents(portal);
    let dir = index_dir(&portal.root);
    if !super::index_is_current(&dir, &docs) {
        super::build_index(&docs, &dir)?;
    }
    Ok(dir)
}
