//! Site search: a tantivy index built from the published documents, the
//! `xxgk search` query engine, and the static shards the browser searches.
//!
//! # What a query finds
//!
//! Text is folded (NFKC, so ２０２３ = 2023 and Ａ = a; ASCII lowercased) and
//! cut into units: one unit per Han character, one per run of ASCII letters,
//! one per run of ASCII digits; everything else is a separator (see
//! [`tokenizer`] for the exact classes and Han ranges).
//!
//! A query is split on whitespace into terms. A document matches when **every
//! term occurs in its title, body, 文号 or 索引号** (each term inside one of
//! these fields). A term occurs in a field when, with both folded and every run
//! of separators collapsed to one space, the term (its leading and trailing
//! separators dropped) is a substring of the field **that does not cut a run of
//! ASCII letters or digits**: `2026年` is found in `2026年3月` but not in
//! `12026年`, `3号` is not found in `13号`, while a Han character at either
//! edge of a term may sit anywhere
//! (`年3月` is found in `2026年3月`). Punctuation inside a term must face
//! punctuation in the text but any punctuation will do, which is why
//! `示政办[2026]3号`, `示政办(2026)3号` and `示政办〔２０２６〕３号` all find
//! `示政办〔2026〕3号`. A term made only of separators is ignored; a query
//! with no units finds nothing.
//!
//! Documents withheld (依申请公开/不予公开) come with an empty body and so are
//! found by title, 文号 and 索引号 only.
//!
//! # Order
//!
//! 1. the query, with whitespace removed and brackets folded, equals a
//!    document's 文号 or 索引号 (and contains a digit);
//! 2. every term occurs in the title;
//! 3. BM25 over the four fields (tantivy's scores, summed);
//! 4. newer 发布日期 first, then URL.
//!
//! The browser (`static/search/engine.js`) implements the same matching and
//! order on the exported shards; see [`shards`] for the file format.

pub mod corpus;
pub mod doc_number;
pub mod index;
pub mod pack_reader;
pub mod packs;
pub mod portal;
pub mod query;
pub mod related;
mod sections;
pub mod shards;
pub mod snippet;
pub mod summary;
mod term_facets;
pub mod tokenizer;

use std::fmt;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::Serialize;

pub use index::{build_index, index_is_current};
pub use query::search;
pub use shards::{ExportOptions, export_shards, export_shards_with};

/// One document as the search sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SearchDoc {
    /// Root-relative page URL without leading slash, e.g.
    /// `fdzdgknr/zcwj/gfxwj/2026-wjbjy/`; a withheld document uses its
    /// directory page, e.g. `ysqgkml/`.
    pub url: String,
    pub title: String,
    /// Plain text of the body; empty for 依申请公开/不予公开 documents.
    pub body: String,
    /// 文号 as written, e.g. `示政办〔2026〕3号`.
    pub doc_number: Option<String>,
    /// 索引号, e.g. `11990000MB0123456X/2026-00003`.
    pub index_no: Option<String>,
    /// Column title shown to residents, e.g. `行政规范性文件`.
    pub column: String,
    /// Column path, e.g. `fdzdgknr/zcwj/gfxwj`.
    pub column_path: String,
    pub issuer: String,
    /// 主题分类, one level (`劳动、人事、监察`) or two (`劳动、人事、监察\劳动就业`).
    pub topic: Option<String>,
    /// 有效/失效/废止 for normative and policy documents.
    pub validity: Option<String>,
    /// 公文种类 (通知, 意见 …), the `公文种类` key or what the title names.
    pub doc_type: Option<String>,
    /// 机关代字 of the 文号 (`示政办` of 示政办〔2026〕3号).
    pub organ: Option<String>,
    /// 发布日期.
    pub date: NaiveDate,
    /// 主题词, for the vocabulary of related results and suggestions only
    /// (related::Vocabulary; not indexed).
    pub keywords: Vec<String>,
}

/// The separator of a two-level 主题分类 (`一级\二级`).
pub const TOPIC_SEPARATOR: char = '\\';

/// The facet values of a 主题分类: its top level, and the whole topic when it has
/// two levels (`卫生、体育\医药管理` → `卫生、体育`, `Some(卫生、体育\医药管理)`).
/// A top-level value finds the documents of all its sub-topics.
pub fn topic_facets(topic: &str) -> (&str, Option<&str>) {
    match topic.split_once(TOPIC_SEPARATOR) {
        Some((top, _)) => (top, Some(topic)),
        None => (topic, None),
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SortOrder {
    #[default]
    Relevance,
    Date,
}

/// Refinements of a query (二次搜索) and the page wanted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SearchOptions {
    /// Column path prefix: `fdzdgknr/zcwj` also covers `fdzdgknr/zcwj/gfxwj`.
    pub column: Option<String>,
    pub year: Option<i32>,
    pub issuer: Option<String>,
    /// A top-level 主题分类 (its sub-topics' documents too) or `一级\二级`.
    pub topic: Option<String>,
    pub validity: Option<String>,
    /// 公文种类.
    pub doc_type: Option<String>,
    /// 机关代字.
    pub organ: Option<String>,
    pub limit: usize,
    pub offset: usize,
    pub sort: SortOrder,
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions {
            column: None,
            year: None,
            issuer: None,
            topic: None,
            validity: None,
            doc_type: None,
            organ: None,
            limit: 10,
            offset: 0,
            sort: SortOrder::Relevance,
        }
    }
}

/// The answer to a query: CONTRACT §7 (`total`, `results`) plus facet counts.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct SearchResults {
    pub total: usize,
    pub results: Vec<SearchHit>,
    pub facets: Facets,
    /// Related results after the exact ones (`related::search_related`),
    /// each block with its reason; left out of the JSON when there are none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<related::RelatedBlock>,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct SearchHit {
    pub title: String,
    pub url: String,
    #[serde(serialize_with = "serialize_date")]
    pub date: NaiveDate,
    /// Column title.
    pub column: String,
    pub doc_number: Option<String>,
    /// 2000 for an exact 文号/索引号 match, plus 1000 when every term is in
    /// the title, plus BM25 (capped below 1000): larger is better.
    pub score: f32,
    /// Plain text around the first occurrence, `…` where it was cut.
    pub snippet: String,
}

fn serialize_date<S: serde::Serializer>(date: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&date.format("%Y-%m-%d").to_string())
}

/// Counts over the whole current result set (after refinements), largest first.
#[derive(Clone, Debug, Default, Serialize, PartialEq, Eq)]
pub struct Facets {
    pub column: Vec<FacetCount>,
    pub year: Vec<FacetCount>,
    pub issuer: Vec<FacetCount>,
    /// Both levels: each top-level topic (counting its sub-topics' documents), largest
    /// first, followed by its sub-topics (value `一级\二级`, label the 二级), largest first.
    pub topic: Vec<FacetCount>,
    pub validity: Vec<FacetCount>,
    /// 公文种类.
    pub doc_type: Vec<FacetCount>,
    /// 机关代字 of the 文号.
    pub organ: Vec<FacetCount>,
}

#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct FacetCount {
    /// The value to refine by (column path, year, issuer …).
    pub value: String,
    /// What to show (the column title; otherwise the value).
    pub label: String,
    pub count: usize,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct IndexStats {
    pub docs: usize,
    /// Size of the tantivy index on disk.
    pub bytes: u64,
    pub millis: u128,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ShardStats {
    /// Files written: the packs, the two dictionaries and meta.json.
    pub files: usize,
    /// Logical files (shards, postings, documents …) the packs hold.
    pub logical_files: usize,
    /// Bytes of the logical files.
    pub bytes: u64,
    /// Bytes of the packs (slots included).
    pub pack_bytes: u64,
    /// Term dictionary shards.
    pub shards: usize,
    /// Posting files of terms too large to sit inline in their shard.
    pub posting_files: usize,
    /// Per-document files (metadata and excerpt chunks).
    pub doc_files: usize,
    pub millis: u128,
}

#[derive(Debug)]
pub enum SearchError {
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The index at `path` could not be opened, written or read.
    Index { path: PathBuf, message: String },
}

impl SearchError {
    pub(crate) fn io(path: &Path, source: std::io::Error) -> SearchError {
        SearchError::Io {
            path: path.to_path_buf(),
            source,
        }
    }

    pub(crate) fn index(path: &Path, message: impl fmt::Display) -> SearchError {
        SearchError::Index {
            path: path.to_path_buf(),
            message: message.to_string(),
        }
    }
}

impl fmt::Display for SearchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SearchError::Io { path, source } => write!(
                f,
                "{}:1: {source} (hint: check that the folder exists and is writable)",
                path.display()
            ),
            SearchError::Index { path, message } => write!(
                f,
                "{}:1: search index: {message} (hint: delete the folder and run the command again to rebuild it)",
                path.display()
            ),
        }
    }
}

impl std::error::Error for SearchError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            SearchError::Io { source, .. } => Some(source),
            SearchError::Index { .. } => None,
        }
    }
}
