//! What a column lists, and in which order: pinned documents first (by pin order;
//! pins past `pinned_until` drop out), then newest first, ties broken by 索引号 and
//! source path so that every build orders the same way.

use crate::model::{ColumnId, DocId, Document, Kind, Portal};
use std::cmp::Ordering;

/// Newest first; equal dates by 成文日期, then 索引号 serial (higher is later), then path.
pub fn newest_first(a: &Document, b: &Document) -> Ordering {
    b.date
        .cmp(&a.date)
        .then_with(|| b.written.cmp(&a.written))
        .then_with(|| {
            b.index_no
                .as_ref()
                .map(|n| n.serial)
                .cmp(&a.index_no.as_ref().map(|n| n.serial))
        })
        .then_with(|| a.source.cmp(&b.source))
}

/// Documents listed in a column: its own and those of the columns below it (a parent
/// column shows everything under it); only documents published in full (主动公开).
/// Pins count in the document's own column only.
pub fn column_documents(portal: &Portal, col: ColumnId) -> Vec<DocId> {
    let today = portal.today;
    let mut pinned = vec![];
    let mut rest = vec![];
    for d in portal.public_documents() {
        if !portal.column_within(d.column, col) {
            continue;
        }
        match d.active_pin(today) {
            Some(_) if d.column == col => pinned.push(d),
            _ => rest.push(d),
        }
    }
    pinned.sort_by(|a, b| pin_order(a, b, portal));
    rest.sort_by(|a, b| newest_first(a, b));
    pinned.into_iter().chain(rest).map(|d| d.id).collect()
}

fn pin_order(a: &Document, b: &Document, portal: &Portal) -> Ordering {
    let key = |d: &Document| {
        d.active_pin(portal.today)
            .and_then(|p| p.order)
            .unwrap_or(u32::MAX)
    };
    key(a).cmp(&key(b)).then_with(|| newest_first(a, b))
}

/// Pinned guides across the portal, for the home page.
pub fn pinned_guides(portal: &Portal) -> Vec<DocId> {
    let mut docs: Vec<&Document> = portal
        .public_documents()
        .filter(|d| d.kind == Kind::Guide && d.active_pin(portal.today).is_some())
        .collect();
    docs.sort_by(|a, b| {
        (portal.column(a.column).depth, a.column)
            .cmp(&(portal.column(b.column).depth, b.column))
            .then_with(|| pin_order(a, b, portal))
    });
    docs.into_iter().map(|d| d.id).collect()
}

/// The latest disclosures, newest first.
pub fn latest(portal: &Portal, n: usize) -> Vec<DocId> {
    let mut docs: Vec<&Document> = portal.public_documents().collect();
    docs.sort_by(|a, b| newest_first(a, b));
    docs.into_iter().take(n).map(|d| d.id).collect()
}

/// Split into pages of `size`; page 1 is the column's own URL.
pub fn paginate(items: &[DocId], size: usize) -> Vec<&[DocId]> {
    if items.is_empty() {
        return vec![&[]];
    }
    items.chunks(size.max(1)).collect()
}

/// 现行有效行政规范性文件目录: normative documents in force today, newest first.
pub fn current_normative(portal: &Portal) -> Vec<DocId> {
    let mut docs: Vec<&Document> = portal
        .public_documents()
        .filter(|d| {
            d.kind == Kind::Normative
                && d.effective_validity(portal.today) == Some(crate::model::Validity::Valid)
        })
        .collect();
    docs.sort_by(|a, b| newest_first(a, b));
    docs.into_iter().map(|d| d.id).collect()
}

/// 依申请公开 directory: documents public only on request or withheld, except 涉密 ones.
/// The folder of the 依申请公开 column (`xxgk init` makes it): how to apply.
pub const ON_REQUEST_COLUMN: &str = "ysqgk";

/// Whether a column is the 依申请公开 column, by its folder or its name.
pub fn is_on_request_column(portal: &Portal, col: ColumnId) -> bool {
    let c = portal.column(col);
    c.path == ON_REQUEST_COLUMN || c.title.contains("依申请公开")
}

/// The directory rows a column shows instead of 本栏目暂无信息: for the 依申请公开
/// column the whole 依申请公开文件目录, for a column whose documents are all withheld
/// their own rows (metadata only, never bodies); empty otherwise.
pub fn column_directory(portal: &Portal, col: ColumnId) -> Vec<DocId> {
    let all = on_request_directory(portal);
    if is_on_request_column(portal, col) {
        return all;
    }
    if !column_documents(portal, col).is_empty() {
        return vec![];
    }
    all.into_iter()
        .filter(|id| portal.column_within(portal.doc(*id).column, col))
        .collect()
}

pub fn on_request_directory(portal: &Portal) -> Vec<DocId> {
    let mut docs: Vec<&Document> = portal
        .documents
        .iter()
        .filter(|d| !d.is_public() && !d.is_secret())
        .collect();
    docs.sort_by(|a, b| newest_first(a, b));
    docs.into_iter().map(|d| d.id).collect()
}
