//! The tantivy index on disk: schema, build, and the fingerprint that tells
//! the CLI whether the index still matches the content.

use std::fs;
use std::path::Path;
use std::time::Instant;

use chrono::Datelike;
use tantivy::schema::Value;
use tantivy::schema::{
    FAST, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::{Index, IndexWriter, TantivyDocument};

use super::doc_number::exact_key;
use super::tokenizer::{CjkTokenizer, TOKENIZER_NAME};
use super::{IndexStats, SearchDoc, SearchError};

/// Bumped whenever the schema or tokenizer changes, so old indexes read as stale.
pub const FORMAT_VERSION: u32 = 4;
/// Written next to tantivy's files once a build completes.
pub const MARKER_FILE: &str = "xxgk-search.json";

/// The searched text fields, in the order the shards and the browser use.
pub const TEXT_FIELDS: [&str; 4] = ["title", "body", "doc_number", "index_no"];

pub(crate) fn schema() -> Schema {
    let mut b = Schema::builder();
    let text = TextOptions::default()
        .set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(TOKENIZER_NAME)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        )
        .set_stored();
    for name in TEXT_FIELDS {
        b.add_text_field(name, text.clone());
    }
    // Folded 文号 and 索引号 (see doc_number::exact_key), for the first tier.
    b.add_text_field("exact_key", STRING);
    b.add_text_field("url", STRING | STORED);
    b.add_text_field("column", STRING | FAST | STORED);
    b.add_text_field("column_title", STORED);
    b.add_text_field("issuer", STRING | FAST | STORED);
    // 主题分类: its top level, and the whole `一级\二级` when it has two (topic_facets).
    b.add_text_field("topic", STRING | FAST | STORED);
    b.add_text_field("subtopic", STRING | FAST | STORED);
    b.add_text_field("validity", STRING | FAST | STORED);
    b.add_text_field("doc_type", STRING | FAST | STORED);
    b.add_text_field("organ", STRING | FAST | STORED);
    b.add_u64_field("year", INDEXED | FAST | STORED);
    // Days from 0001-01-01 (chrono's num_days_from_ce).
    b.add_i64_field("date", FAST | STORED);
    // Rank in (date desc, url asc): the tie-break and the shard document id.
    b.add_u64_field("ord", FAST | STORED);
    b.build()
}

pub(crate) fn register_tokenizer(index: &Index) {
    index.tokenizers().register(TOKENIZER_NAME, CjkTokenizer);
}

/// Builds the index in `index_dir`, replacing a previous index there.
/// Refuses to empty a folder that holds anything else.
pub fn build_index(docs: &[SearchDoc], index_dir: &Path) -> Result<IndexStats, SearchError> {
    let started = Instant::now();
    prepare_dir(index_dir)?;
    let schema = schema();
    let index = Index::create_in_dir(index_dir, schema.clone())
        .map_err(|e| SearchError::index(index_dir, e))?;
    register_tokenizer(&index);
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .clamp(1, 4);
    let mut writer: IndexWriter = index
        .writer_with_num_threads(threads, threads * 64_000_000)
        .map_err(|e| SearchError::index(index_dir, e))?;
    // The index is written once and read by the export and the CLI, which both
    // handle several segments: merging them would only rewrite every posting.
    writer.set_merge_policy(Box::new(tantivy::indexer::NoMergePolicy));

    let f = |name: &str| schema.get_field(name).expect("field in schema");
    let (title, body, doc_number, index_no) =
        (f("title"), f("body"), f("doc_number"), f("index_no"));
    let (exact, url, column, column_title) =
        (f("exact_key"), f("url"), f("column"), f("column_title"));
    let (issuer, topic, subtopic, validity) =
        (f("issuer"), f("topic"), f("subtopic"), f("validity"));
    let (doc_type, organ) = (f("doc_type"), f("organ"));
    let (year, date, ord) = (f("year"), f("date"), f("ord"));

    for (rank, &i) in export_order(docs).iter().enumerate() {
        let d = &docs[i];
        let mut doc = TantivyDocument::default();
        doc.add_text(title, &d.title);
        doc.add_text(body, &d.body);
        if let Some(n) = d.doc_number.as_deref().filter(|s| !s.trim().is_empty()) {
            doc.add_text(doc_number, n);
            if let Some(k) = exact_key(n) {
                doc.add_text(exact, k);
            }
        }
        if let Some(n) = d.index_no.as_deref().filter(|s| !s.trim().is_empty()) {
            doc.add_text(index_no, n);
            if let Some(k) = exact_key(n) {
                doc.add_text(exact, k);
            }
        }
        doc.add_text(url, &d.url);
        doc.add_text(column, clean_path(&d.column_path));
        doc.add_text(column_title, &d.column);
        if !d.issuer.is_empty() {
            doc.add_text(issuer, &d.issuer);
        }
        if let Some(t) = d.topic.as_deref().filter(|s| !s.is_empty()) {
            let (top, both) = super::topic_facets(t);
            doc.add_text(topic, top);
            if let Some(both) = both {
                doc.add_text(subtopic, both);
            }
        }
        for (field, value) in [
            (validity, &d.validity),
            (doc_type, &d.doc_type),
            (organ, &d.organ),
        ] {
            if let Some(v) = value.as_deref().filter(|s| !s.is_empty()) {
                doc.add_text(field, v);
            }
        }
        doc.add_u64(year, d.date.year().max(0) as u64);
        doc.add_i64(date, i64::from(d.date.num_days_from_ce()));
        doc.add_u64(ord, rank as u64);
        writer
            .add_document(doc)
            .map_err(|e| SearchError::index(index_dir, e))?;
    }
    writer
        .commit()
        .map_err(|e| SearchError::index(index_dir, e))?;
    writer
        .wait_merging_threads()
        .map_err(|e| SearchError::index(index_dir, e))?;

    let marker = serde_json::json!({
        "format": FORMAT_VERSION,
        "fingerprint": fingerprint(docs),
        "docs": docs.len(),
    });
    let marker_path = index_dir.join(MARKER_FILE);
    fs::write(&marker_path, marker.to_string()).map_err(|e| SearchError::io(&marker_path, e))?;
    Ok(IndexStats {
        docs: docs.len(),
        bytes: dir_size(index_dir),
        millis: started.elapsed().as_millis(),
    })
}

/// True when `index_dir` holds a complete index built from exactly these
/// documents (in any order) by this version of the code.
pub fn index_is_current(index_dir: &Path, docs: &[SearchDoc]) -> bool {
    stored_fingerprint(index_dir).as_deref() == Some(fingerprint(docs).as_str())
        && index_dir.join("meta.json").is_file()
}

/// The fingerprint recorded by the last complete build, if any.
pub fn stored_fingerprint(index_dir: &Path) -> Option<String> {
    let text = fs::read_to_string(index_dir.join(MARKER_FILE)).ok()?;
    let v: serde_json::Value = serde_json::from_str(&text).ok()?;
    if v.get("format")?.as_u64()? != u64::from(FORMAT_VERSION) {
        return None;
    }
    Some(v.get("fingerprint")?.as_str()?.to_string())
}

/// Order-independent hash of the documents and the format version (FNV-1a:
/// stable across Rust releases, unlike `DefaultHasher`).
pub fn fingerprint(docs: &[SearchDoc]) -> String {
    let mut hashes: Vec<u64> = docs
        .iter()
        .map(|d| {
            let mut h = Fnv64::new();
            for part in [
                d.url.as_str(),
                &d.title,
                &d.body,
                d.doc_number.as_deref().unwrap_or("\u{0}"),
                d.index_no.as_deref().unwrap_or("\u{0}"),
                &d.column,
                &d.column_path,
                &d.issuer,
                d.topic.as_deref().unwrap_or("\u{0}"),
                d.validity.as_deref().unwrap_or("\u{0}"),
                d.doc_type.as_deref().unwrap_or("\u{0}"),
                d.organ.as_deref().unwrap_or("\u{0}"),
            ] {
                h.write(&(part.len() as u64).to_le_bytes());
                h.write(part.as_bytes());
            }
            h.write(&d.date.num_days_from_ce().to_le_bytes());
            h.finish()
        })
        .collect();
    hashes.sort_unstable();
    let mut h = Fnv64::new();
    h.write(&FORMAT_VERSION.to_le_bytes());
    for x in hashes {
        h.write(&x.to_le_bytes());
    }
    format!("{:016x}", h.finish())
}

struct Fnv64(u64);

impl Fnv64 {
    fn new() -> Self {
        Fnv64(0xcbf2_9ce4_8422_2325)
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

/// Document order shared by the index and the shards: newest first, then URL.
pub(crate) fn export_order(docs: &[SearchDoc]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..docs.len()).collect();
    order.sort_by(|&a, &b| {
        docs[b]
            .date
            .cmp(&docs[a].date)
            .then_with(|| docs[a].url.cmp(&docs[b].url))
            .then_with(|| docs[a].title.cmp(&docs[b].title))
    });
    order
}

/// Column paths are compared without leading or trailing slashes.
pub(crate) fn clean_path(path: &str) -> &str {
    path.trim_matches('/')
}

fn prepare_dir(dir: &Path) -> Result<(), SearchError> {
    if dir.exists() {
        let entries: Vec<_> = fs::read_dir(dir)
            .map_err(|e| SearchError::io(dir, e))?
            .filter_map(Result::ok)
            .collect();
        let ours = entries.iter().any(|e| {
            let name = e.file_name();
            name == MARKER_FILE || name == "meta.json" || name == ".managed.json"
        });
        if !entries.is_empty() && !ours {
            return Err(SearchError::index(
                dir,
                "the folder is not empty and holds no search index; refusing to replace it",
            ));
        }
        if !entries.is_empty() {
            fs::remove_dir_all(dir).map_err(|e| SearchError::io(dir, e))?;
        }
    }
    fs::create_dir_all(dir).map_err(|e| SearchError::io(dir, e))
}

pub(crate) fn dir_size(dir: &Path) -> u64 {
    let mut total = 0;
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            match e.file_type() {
                Ok(t) if t.is_dir() => stack.push(e.path()),
                Ok(_) => total += e.metadata().map(|m| m.len()).unwrap_or(0),
                Err(_) => {}
            }
        }
    }
    total
}

/// A stored text field of a document, empty when absent.
pub(crate) fn stored_text(schema: &Schema, doc: &TantivyDocument, name: &str) -> String {
    schema
        .get_field(name)
        .ok()
        .and_then(|f| doc.get_first(f))
        .and_then(|v| v.as_str())
        .unwrap_or_default()
        .to_string()
}

/// A stored integer field of a document (i64 or u64), 0 when absent.
pub(crate) fn stored_int(schema: &Schema, doc: &TantivyDocument, name: &str) -> i64 {
    schema
        .get_field(name)
        .ok()
        .and_then(|f| doc.get_first(f))
        .and_then(|v| v.as_i64().or_else(|| v.as_u64().map(|u| u as i64)))
        .unwrap_or_default()
}

/// The stored 发布日期 (days from 0001-01-01).
pub(crate) fn stored_date(schema: &Schema, doc: &TantivyDocument) -> chrono::NaiveDate {
    i32::try_from(stored_int(schema, doc, "date"))
        .ok()
        .and_then(chrono::NaiveDate::from_num_days_from_ce_opt)
        .unwrap_or_default()
}

/// Opens an index built by [`build_index`].
pub(crate) fn open(index_dir: &Path) -> Result<Index, SearchError> {
    if !index_dir.join("meta.json").is_file() {
        return Err(SearchError::index(index_dir, "no index in this folder"));
    }
    let index = Index::open_in_dir(index_dir).map_err(|e| SearchError::index(index_dir, e))?;
    register_tokenizer(&index);
    Ok(index)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::corpus::sample_docs;

    #[test]
    fn fingerprint_ignores_order_but_not_content() {
        let docs = sample_docs();
        let mut reversed = docs.clone();
        reversed.reverse();
        assert_eq!(fingerprint(&docs), fingerprint(&reversed));
        let mut changed = docs.clone();
        changed[0].body.push('。');
        assert_ne!(fingerprint(&docs), fingerprint(&changed));
    }

    #[test]
    fn index_is_current_tracks_the_documents() {
        let dir = std::env::temp_dir().join(format!("xxgk-index-current-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        let docs = sample_docs();
        assert!(!index_is_current(&dir, &docs));
        let stats = build_index(&docs, &dir).unwrap();
        assert_eq!(stats.docs, docs.len());
        assert!(stats.bytes > 0);
        assert!(index_is_current(&dir, &docs));
        let mut changed = docs.clone();
        changed[1].title = "关于调整城乡居民医疗保险缴费标准的通知".into();
        assert!(!index_is_current(&dir, &changed));
        // Rebuilding over an existing index replaces it.
        build_index(&changed, &dir).unwrap();
        assert!(index_is_current(&dir, &changed));
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn refuses_to_wipe_a_foreign_folder() {
        let dir = std::env::temp_dir().join(format!("xxgk-index-foreign-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        fs::write(dir.join("notes.txt"), "editor notes").unwrap();
        let err = build_index(&sample_docs(), &dir).unwrap_err();
        assert!(err.to_string().contains("refusing"), "{err}");
        assert!(dir.join("notes.txt").exists());
        fs::remove_dir_all(&dir).unwrap();
    }
}
