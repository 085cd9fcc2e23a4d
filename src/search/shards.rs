//! Static files for the browser, exported from tantivy's own term
//! dictionaries, postings (with positions) and fieldnorms.
//!
//! On disk `out_dir` (the site's `search/`) holds `meta.json` and a data
//! folder `i-<id>/` of `lexicon.json` and a few hundred pack files (packs.rs);
//! the logical files below live in the packs, each group of them (a shard, a
//! document, a term's files, a vocabulary shard) read with one or two Range
//! requests. Logical layout:
//!
//! ```text
//! meta.json                 read first (revalidated); names the data folder
//! i-<id>/t/<s>.bin          term dictionary shard s = fnv1a32(key) & (shards-1)
//! i-<id>/p/<g>/<n>.d        doc lists of a large term n (g = n >> 10)
//! i-<id>/p/<g>/<n>.a        its summary: total, facet counts, first results
//!                           and the records of the first page (see
//!                           summary.rs), all a one-token query needs
//! i-<id>/p/<g>/<n>.r        its refinements: the summary of its documents
//!                           with each facet value, for 二次搜索 (summary.rs)
//! i-<id>/p/<g>/<n>.f        its facet list: the facet values of its documents,
//!                           for the facets of a longer query (term_facets.rs)
//! i-<id>/p/<g>/<n>.b<i>     block i of a long doc list (ids, tf, fieldnorm)
//! i-<id>/p/<g>/<n>.p<i>     its positions in pieces of about 4 KB, fetched
//!                           only for multi-token phrases, and only the
//!                           pieces that hold candidate documents
//! i-<id>/d/<g>/<doc>.json   one document: title, URL, date, column, 文号, excerpt
//! i-<id>/d/<g>/<doc>-<k>.txt excerpt chunk k ≥ 1 of a long body
//! i-<id>/f/<b>.bin          facet values of documents [b·block, (b+1)·block)
//! i-<id>/lexicon.json       the dictionary of related results (related.rs),
//!                           fetched with a query's first results
//! i-<id>/v/<s>.json         the portal's vocabulary (related/vocabulary.rs),
//!                           a key-value map cut into `meta.vocab.shards`
//!                           files of about 2 KB, in the packs like the rest:
//!                           pinyin, did-you-mean and suggestions fetch only
//!                           the keys they read
//! ```
//!
//! The data folder is named after the content fingerprint, so a browser
//! never mixes a cached old shard with a new `meta.json`.
//!
//! Document ids are the index's `ord`: newest first, so sorting by date is
//! sorting by id, and each year is one id range (listed in `meta.json`).
//!
//! Integers are unsigned LEB128 varints. A shard holds entries sorted by key:
//!
//! ```text
//! entry   := varint keylen, key (UTF-8), varint flags, body
//! flags   := bit i (i < 4) field i present (title, body, doc_number, index_no)
//!            | 16 postings in external files | 32 exact-key entry
//!            | 64 summary file n.a (with 16, for terms in many documents)
//!            | 128 facet list n.f (with 64, unless it outweighs half the
//!              facet blocks) | 256 refinements n.r (with 64, for terms in
//!              very many documents) | 512 the group's slot follows (with 16)
//! exact   := key "#" + exact_key; varint df, varint len, id-deltas  (flags = 32)
//! text    := [varint file n if external], per present field: varint df,
//!            varint doc_len, varint pos_len; then, if external, varint len
//!            and the first len bytes of the term group's slot (packs.rs: its
//!            header, so that the reader needs no request for it) or, if
//!            inline, per field the doc section followed by the pos section. An external term keeps
//!            in n.d a piece table — varint count, then per piece varint
//!            field, varint index of its first posting in that field, varint
//!            pos byte length, varint first document id, varint doc byte
//!            length — followed by the doc sections of its unsplit fields back
//!            to back (doc_len 0 in the entry marks a split field). Piece i is
//!            the file n.p<i>, a run of whole postings' pos sections; for a
//!            split field (a doc list over DOC_BLOCK_BYTES) n.b<i> holds the
//!            same postings' doc section, ids counted from 0 again, so that a
//!            phrase probing a long list for a few documents fetches only the
//!            blocks that hold them
//! doc sec := id gaps, tf and fieldnorm ids, bit-packed (sections.rs)
//! pos sec := per document, its tf positions: the first, then each minus the
//!            previous one; bit-packed per piece (sections.rs)
//! ```
//!
//! A document file is JSON: `t` title, `u` URL, `d` date (2026-03-12), `c`
//! column index in `meta.json`, `n` 文号 (if any), `x` the excerpt of unit
//! positions [0, chunk) and `k` the number of chunks when more than one.
//!
//! The facets, by their index in every facet table below (`FACETS` of them):
//! 0 column, 1 issuer, 2 topic (主题分类's top level), 3 validity, 4 subtopic (the
//! whole `一级\二级` of a two-level 主题分类), 5 doc_type (公文种类), 6 organ (the
//! 文号's 机关代字). `meta.json` lists their values as `columns`, `issuers`,
//! `topics`, `validity`, `subtopics`, `doc_types`, `organs`.
//!
//! A facet block holds, for each facet in turn:
//! `varint m, m varints (value index + 1, 0 = none), then the block's
//! documents' local indices bit-packed LSB first in ceil(log2 m) bits`.
//!
//! The export is cut along these families: `docs` writes the facet blocks and
//! the documents, `terms` the dictionary entries, the large terms' groups and
//! the dictionary shards; this file reads the index, orders the documents,
//! builds the facet tables and writes the vocabulary, `lexicon.json` and
//! `meta.json`.

use std::fs;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::Instant;

use rayon::prelude::*;
use serde_json::json;
use tantivy::schema::Field;
use tantivy::{DocAddress, InvertedIndexReader, TantivyDocument};

use super::index::{TEXT_FIELDS, open, stored_date, stored_fingerprint, stored_int, stored_text};
use super::packs::{Family, PackWriter, slot_covering};
use super::related::{Lexicon, Vocabulary};
use super::summary::{self, SummaryContext};
use super::{SearchError, ShardStats};

mod docs;
mod terms;
#[cfg(test)]
mod tests;

pub use docs::excerpt_chunks;
use terms::{DictEntry, TermSource, export_term_range, key_ranges};

/// Aimed size of one dictionary shard.
pub const SHARD_TARGET_BYTES: usize = 2048;
/// Postings up to this size stay inline in the shard.
pub const INLINE_MAX_BYTES: usize = 512;
/// Size a position piece is cut at (at a posting boundary).
pub const PIECE_BYTES: usize = 4096;
/// A doc list longer than this is split into blocks, one per piece.
pub const DOC_BLOCK_BYTES: usize = 2048;
/// Unit positions per excerpt chunk.
pub const CHUNK_UNITS: u32 = 320;
/// Characters of context kept before and after a chunk.
pub const CHUNK_CONTEXT: usize = 40;
/// Documents per facet block.
pub const FACET_BLOCK: usize = 1024;
/// Version of the file format, checked by `engine.js`.
pub const SHARD_FORMAT: u32 = 9;
/// Facets per document (column, issuer, topic, validity, subtopic, doc_type, organ).
pub(crate) const FACETS: usize = 7;

pub fn fnv1a32(bytes: &[u8]) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for b in bytes {
        h ^= u32::from(*b);
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

pub(crate) fn varint_len(v: u32) -> usize {
    (32 - v.leading_zeros()).max(1).div_ceil(7) as usize
}

pub(crate) fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// Per-document stored data the browser needs.
struct DocData {
    title: String,
    url: String,
    date: String,
    year: i64,
    column: String,
    column_title: String,
    doc_number: String,
    issuer: String,
    topic: String,
    subtopic: String,
    validity: String,
    doc_type: String,
    organ: String,
    body: String,
}

/// One posting of the term being exported; its positions sit in a buffer
/// shared by the whole term, so no posting allocates.
#[derive(Clone, Copy)]
pub(crate) struct Posting {
    pub id: u32,
    pub norm: u8,
    positions: (usize, usize),
}

impl Posting {
    /// Term frequency: the number of positions.
    pub fn tf(&self) -> u32 {
        (self.positions.1 - self.positions.0) as u32
    }

    #[cfg(test)]
    pub(crate) fn for_test(id: u32, tf: u32, norm: u8) -> Self {
        Posting {
            id,
            norm,
            positions: (0, tf as usize),
        }
    }
}

/// Where the export goes: groups into the packs, and a count of the
/// logical files they hold (what the stats report as posting and document
/// files).
struct Writer {
    packs: PackWriter,
    logical: AtomicUsize,
    bytes: AtomicU64,
}

impl Writer {
    /// Lane 0 is written in order by the main thread, lane 1 + r by the
    /// exporter of key range r (packs.rs).
    fn group(
        &self,
        lane: usize,
        family: Family,
        key: u64,
        members: &[(u64, &[u8])],
    ) -> Result<Vec<u8>, SearchError> {
        self.logical.fetch_add(members.len(), Ordering::Relaxed);
        let n: usize = members.iter().map(|m| m.1.len()).sum();
        self.bytes.fetch_add(n as u64, Ordering::Relaxed);
        self.packs.group(lane, family, key, members)
    }

    fn files(&self) -> usize {
        self.logical.load(Ordering::Relaxed)
    }
}

fn write_plain(dir: &Path, name: &str, data: &[u8]) -> Result<(), SearchError> {
    let path = dir.join(name);
    fs::write(&path, data).map_err(|e| SearchError::io(&path, e))
}

/// Writes the browser's files for the index in `index_dir` into `out_dir`,
/// replacing a previous export there (and touching nothing else in it).
pub fn export_shards(index_dir: &Path, out_dir: &Path) -> Result<ShardStats, SearchError> {
    export_shards_with(index_dir, out_dir, &ExportOptions::default())
}

/// Tuning of the export; builds use the default.
#[derive(Clone, Debug)]
pub struct ExportOptions {
    /// Tokens in at least this many documents get refinements (summary.rs).
    pub refine_min_docs: usize,
    /// The dictionary of the related results, written as `lexicon.json`.
    pub lexicon: Lexicon,
    /// The portal's vocabulary, written into the packs as `v/<s>.json`.
    pub vocabulary: Vocabulary,
}

impl Default for ExportOptions {
    fn default() -> Self {
        ExportOptions {
            refine_min_docs: summary::REFINE_MIN_DOCS,
            lexicon: Lexicon::builtin(),
            vocabulary: Vocabulary::of_lexicon(&Lexicon::builtin()),
        }
    }
}

/// `export_shards` with non-default options (the test fixture lowers the
/// refinement threshold to exercise refinements on a few thousand documents).
pub fn export_shards_with(
    index_dir: &Path,
    out_dir: &Path,
    options: &ExportOptions,
) -> Result<ShardStats, SearchError> {
    let started = Instant::now();
    let index = open(index_dir)?;
    let err = |e: tantivy::TantivyError| SearchError::index(index_dir, e);
    let fingerprint = stored_fingerprint(index_dir)
        .ok_or_else(|| SearchError::index(index_dir, "the index build did not complete"))?;
    // The folder is cached as immutable, so its name covers the dictionary too.
    let lexicon_json = options.lexicon.to_json();
    let vocabulary: Vec<String> = options
        .vocabulary
        .shards()
        .iter()
        .map(|s| serde_json::to_string(s).unwrap_or_default())
        .collect();
    // The vocabulary holds 主题词, which the index fingerprint does not cover;
    // the format number, so that an upgrade never reads packs a browser kept.
    let data_dir = format!(
        "i-{}{:08x}",
        &fingerprint[..fingerprint.len().min(12)],
        fnv1a32(format!("{SHARD_FORMAT}\n{lexicon_json}{}", vocabulary.concat()).as_bytes())
    );
    clean_previous(out_dir)?;
    let root = out_dir.join(&data_dir);
    let w = Writer {
        packs: PackWriter::new(&root, 1 + key_ranges().len())?,
        logical: AtomicUsize::new(0),
        bytes: AtomicU64::new(0),
    };

    let reader = index.reader().map_err(err)?;
    let searcher = reader.searcher();
    let schema = index.schema();
    let field = |n: &str| schema.get_field(n).map_err(err);
    let text_fields: Vec<Field> = TEXT_FIELDS
        .iter()
        .map(|n| field(n))
        .collect::<Result<_, _>>()?;
    let exact_field = field("exact_key")?;
    let segments = searcher.segment_readers();

    // Segment-local doc id -> export id.
    let mut ids: Vec<Vec<u32>> = Vec::with_capacity(segments.len());
    for seg in segments {
        let ord = seg.fast_fields().u64("ord").map_err(err)?;
        ids.push(
            (0..seg.max_doc())
                .map(|d| ord.first(d).unwrap_or(0) as u32)
                .collect(),
        );
    }
    let num_docs: usize = ids.iter().map(Vec::len).sum();

    // Stored data, in export order.
    let mut docs: Vec<Option<DocData>> = (0..num_docs).map(|_| None).collect();
    for (s, seg) in segments.iter().enumerate() {
        for d in 0..seg.max_doc() {
            let doc: TantivyDocument = searcher.doc(DocAddress::new(s as u32, d)).map_err(err)?;
            let text = |name: &str| stored_text(&schema, &doc, name);
            let date = stored_date(&schema, &doc);
            let id = ids[s][d as usize] as usize;
            if let Some(slot) = docs.get_mut(id) {
                *slot = Some(DocData {
                    title: text("title"),
                    url: text("url"),
                    date: date.format("%Y-%m-%d").to_string(),
                    year: stored_int(&schema, &doc, "year"),
                    column: text("column"),
                    column_title: text("column_title"),
                    doc_number: text("doc_number"),
                    issuer: text("issuer"),
                    topic: text("topic"),
                    subtopic: text("subtopic"),
                    validity: text("validity"),
                    doc_type: text("doc_type"),
                    organ: text("organ"),
                    body: text("body"),
                });
            }
        }
    }
    let docs: Vec<DocData> = docs
        .into_iter()
        .map(|d| d.ok_or_else(|| SearchError::index(index_dir, "document order has a hole")))
        .collect::<Result<_, _>>()?;

    // Facet value tables.
    let table = |get: &dyn Fn(&DocData) -> &str| -> Vec<String> {
        let mut v: Vec<String> = docs
            .iter()
            .map(|d| get(d).to_string())
            .filter(|s| !s.is_empty())
            .collect();
        v.sort();
        v.dedup();
        v
    };
    let columns = table(&|d| d.column.as_str());
    let column_titles: Vec<String> = columns
        .iter()
        .map(|c| {
            docs.iter()
                .find(|d| &d.column == c)
                .map(|d| d.column_title.clone())
                .unwrap_or_default()
        })
        .collect();
    let issuers = table(&|d| d.issuer.as_str());
    let topics = table(&|d| d.topic.as_str());
    let validity = table(&|d| d.validity.as_str());
    let subtopics = table(&|d| d.subtopic.as_str());
    let doc_types = table(&|d| d.doc_type.as_str());
    let organs = table(&|d| d.organ.as_str());
    let index_of = |list: &[String], v: &str| -> u64 {
        if v.is_empty() {
            0
        } else {
            list.binary_search_by(|x| x.as_str().cmp(v))
                .map(|i| i as u64 + 1)
                .unwrap_or(0)
        }
    };

    // Per document: value index + 1 (0 = none) of each facet — for the facet
    // blocks, the document files and the summaries.
    let doc_facets: Vec<[u32; FACETS]> = docs
        .iter()
        .map(|d| {
            [
                index_of(&columns, &d.column) as u32,
                index_of(&issuers, &d.issuer) as u32,
                index_of(&topics, &d.topic) as u32,
                index_of(&validity, &d.validity) as u32,
                index_of(&subtopics, &d.subtopic) as u32,
                index_of(&doc_types, &d.doc_type) as u32,
                index_of(&organs, &d.organ) as u32,
            ]
        })
        .collect();

    // Facet blocks.
    let facet_block_bytes = docs::write_facet_blocks(&w, &doc_facets)?;
    let facet_files = w.files();

    // Per-document files.
    let records = docs::write_documents(&w, &docs, &doc_facets)?;
    let doc_files = w.files() - facet_files;

    // Terms: key ranges exported in parallel, each merging the term streams of
    // every (segment, field) in key order.
    let mut inverted: Vec<(usize, usize, Arc<InvertedIndexReader>)> = Vec::new();
    let all_fields: Vec<Field> = text_fields
        .iter()
        .copied()
        .chain(std::iter::once(exact_field))
        .collect();
    for (s, seg) in segments.iter().enumerate() {
        for (fi, f) in all_fields.iter().enumerate() {
            inverted.push((s, fi, seg.inverted_index(*f).map_err(err)?));
        }
    }
    let mut norms = Vec::new();
    for seg in segments {
        let mut per_field = Vec::new();
        for f in &text_fields {
            per_field.push(seg.get_fieldnorms_reader(*f).map_err(err)?);
        }
        norms.push(per_field);
    }
    let mut tokens = Vec::new();
    for f in &text_fields {
        let mut total = 0u64;
        for seg in segments {
            total += seg.inverted_index(*f).map_err(err)?.total_num_tokens();
        }
        tokens.push(total);
    }
    let doc_years: Vec<i64> = docs.iter().map(|d| d.year).collect();
    let summary = SummaryContext {
        num_docs,
        // As engine.js: f32(total tokens / documents).
        avg: tokens
            .iter()
            .map(|&t| (t as f64 / num_docs.max(1) as f64) as f32)
            .collect(),
        facets: &doc_facets,
        years: &doc_years,
        records: &records,
    };
    let source = TermSource {
        index_dir,
        inverted,
        norms,
        ids: &ids,
        n_text: text_fields.len(),
        summary,
        facet_list_max: facet_block_bytes / 2,
        refine_min_docs: options.refine_min_docs,
    };
    let ranges = key_ranges();
    let parts = ranges
        .par_iter()
        .enumerate()
        .map(|(r, (lo, hi))| export_term_range(&source, &w, r, lo, hi.as_deref()))
        .collect::<Result<Vec<_>, _>>()?;
    let external: usize = parts.iter().map(|(_, n)| n).sum();
    let entries: Vec<DictEntry> = parts.into_iter().flat_map(|(entries, _)| entries).collect();

    let shards = terms::write_dictionary(&w, entries)?;
    // The vocabulary shards: a related lookup reads a few at once, so nearly
    // all sit whole in their slots (one round, not two).
    w.packs.set_slot(
        Family::Vocab,
        slot_covering(vocabulary.iter().map(|v| v.len() + 40).collect(), 95),
    );
    for (s, text) in vocabulary.iter().enumerate() {
        w.group(0, Family::Vocab, s as u64, &[(0, text.as_bytes())])?;
    }

    // Years: contiguous id ranges because ids run newest first.
    let mut years: Vec<(i64, usize, usize)> = Vec::new();
    for (id, d) in docs.iter().enumerate() {
        match years.last_mut() {
            Some(last) if last.0 == d.year => last.2 += 1,
            _ => years.push((d.year, id, 1)),
        }
    }
    let meta = json!({
        "v": SHARD_FORMAT,
        "id": fingerprint,
        "dir": format!("{data_dir}/"),
        "docs": num_docs,
        "shards": shards,
        "chunk": CHUNK_UNITS,
        "block": FACET_BLOCK,
        "fields": TEXT_FIELDS,
        "tokens": tokens,
        "columns": columns.iter().zip(&column_titles).map(|(p, t)| json!([p, t])).collect::<Vec<_>>(),
        "issuers": issuers,
        "topics": topics,
        "validity": validity,
        "subtopics": subtopics,
        "doc_types": doc_types,
        "organs": organs,
        "years": years.iter().map(|(y, first, n)| json!([y, first, n])).collect::<Vec<_>>(),
        "vocab": {"v": super::related::vocabulary::VOCABULARY_FORMAT, "shards": vocabulary.len()},
    });
    let logical_files = w.files();
    let bytes = w.bytes.load(Ordering::Relaxed);
    let pack = w.packs.finish()?;
    let mut meta = meta;
    meta["pack"] = pack.to_json();
    // Fetched whole, so a host may serve them compressed.
    write_plain(&root, "lexicon.json", lexicon_json.as_bytes())?;
    let meta_text = meta.to_string();
    let meta_path = out_dir.join("meta.json");
    fs::write(&meta_path, &meta_text).map_err(|e| SearchError::io(&meta_path, e))?;
    Ok(ShardStats {
        // Packs, the dictionary and meta.json.
        files: pack.packs as usize + 2,
        logical_files: logical_files + 2,
        bytes: bytes + (lexicon_json.len() + meta_text.len()) as u64,
        pack_bytes: pack.lanes.iter().sum(),
        shards,
        posting_files: external * 2,
        doc_files,
        millis: started.elapsed().as_millis(),
    })
}

/// Removes a previous export (meta.json and i-* folders) and nothing else, so
/// the search page that lives in the same folder survives.
fn clean_previous(out_dir: &Path) -> Result<(), SearchError> {
    fs::create_dir_all(out_dir).map_err(|e| SearchError::io(out_dir, e))?;
    let entries = fs::read_dir(out_dir).map_err(|e| SearchError::io(out_dir, e))?;
    for e in entries.flatten() {
        let name = e.file_name();
        let name = name.to_string_lossy();
        let path = e.path();
        if name == "meta.json" {
            fs::remove_file(&path).map_err(|e| SearchError::io(&path, e))?;
        } else if name.starts_with("i-") && path.is_dir() {
            fs::remove_dir_all(&path).map_err(|e| SearchError::io(&path, e))?;
        }
    }
    Ok(())
}
