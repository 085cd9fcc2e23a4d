//! The portal model: columns and documents, immutable once loaded.
//!
//! The model knows nothing of HTML templates or files on the output side; it holds
//! what editors wrote, validated and resolved (links between documents, effective
//! validity against the build date).

mod index_no;
pub mod inspection;
pub mod kinds;
mod loc;
pub mod relations;
mod vocabulary;

pub use index_no::{INDEX_NO_HINT, IndexNo};
pub use kinds::Structured;
pub use loc::Loc;
pub use vocabulary::{
    DOMAINS, DisclosureMode, DocType, InterpretationForm, Kind, TOPIC_SEPARATOR, TOPICS, Validity,
    canonical_domain, canonical_topic, sub_topics, topic_levels,
};

use crate::config::Config;
use chrono::NaiveDate;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

pub type ColumnId = usize;
pub type DocId = usize;

#[derive(Debug)]
pub struct Portal {
    /// Absolute portal root (where `xxgk.yaml` is).
    pub root: PathBuf,
    pub config: Config,
    /// The date that date rules use (`--today`).
    pub today: NaiveDate,
    /// Depth-first, siblings by weight then folder name; index = [`ColumnId`].
    pub columns: Vec<Column>,
    /// Sorted by source path; index = [`DocId`].
    pub documents: Vec<Document>,
    /// Markdown introduction of the home page (`content/_index.md`), as HTML.
    pub home_intro: Option<String>,
    /// Every edge between documents, computed once after loading.
    pub relations: relations::Relations,
}

#[derive(Debug, Clone)]
pub struct Column {
    pub id: ColumnId,
    /// Folder path below `content/`, `/`-separated: `fdzdgknr/zcwj/gfxwj`.
    pub path: String,
    pub title: String,
    pub weight: i64,
    pub kind: Option<Kind>,
    pub description: Option<String>,
    /// The body of `_index.md`, rendered.
    pub intro_html: String,
    pub domain: Option<&'static str>,
    /// `更新周期` as written; `None`: the default of its class (`inspection`).
    pub update_period: Option<crate::model::inspection::UpdatePeriod>,
    /// Non-disclosure stated in this column's `_index.md` or an ancestor's (an error):
    /// every document below is read as withheld and the introduction is not shown.
    pub withheld: Option<DisclosureMode>,
    pub parent: Option<ColumnId>,
    pub children: Vec<ColumnId>,
    /// `content/…/_index.md`, relative to the root.
    pub source: String,
    pub depth: usize,
}

#[derive(Debug)]
pub struct Document {
    pub id: DocId,
    /// Source file relative to the root: `content/fdzdgknr/zcwj/gfxwj/2026-wjbjy.md`.
    pub source: String,
    /// File stem; the last URL segment.
    pub slug: String,
    pub column: ColumnId,
    pub kind: Kind,
    pub title: String,
    pub date: NaiveDate,
    pub written: Option<NaiveDate>,
    pub doc_number: Option<String>,
    pub issuer: String,
    pub index_no: Option<IndexNo>,
    pub topic: Option<&'static str>,
    /// 公文种类: the `公文种类` key, else what the title names.
    pub doc_type: Option<DocType>,
    pub keywords: Vec<String>,
    /// As written (default 有效 for normative documents).
    pub validity: Option<Validity>,
    pub expires: Option<NaiveDate>,
    pub disclosure: Disclosure,
    pub pin: Option<Pin>,
    pub interprets: Option<DocId>,
    pub form: Option<InterpretationForm>,
    /// Published beside the page; empty for a document that is not public.
    pub attachments: Vec<Attachment>,
    /// What a document that is not public attaches: canonical paths only (the files
    /// are never read), so that a file attached to a public document as well is refused.
    pub withheld_files: Vec<FileRef>,
    pub consultation: Option<Consultation>,
    pub department: Vec<String>,
    pub domain: Option<&'static str>,
    /// `生成下载` as written: `None` when absent (a 规范性文件 then gets its missing
    /// WORD and PDF generated, other documents do not; see `downloads`).
    pub downloads: Option<bool>,
    /// `None` for documents that are not public: their body is never read into the model.
    /// Shared, so that the live preview assembles a new portal after an edit without
    /// copying every body.
    pub body: Option<Arc<Body>>,
    /// The tables of a structured document (权责清单, 预决算, 年报); `None` otherwise.
    pub data: Option<Structured>,
    /// Relative links written in the body (as written), for the link rules.
    pub links: Vec<String>,
    /// Line of each front-matter key (canonical English name), for rules that point at a field.
    pub lines: BTreeMap<&'static str, usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Disclosure {
    Public,
    OnRequest { ground: String },
    Withheld { ground: String },
}

impl Disclosure {
    pub fn mode(&self) -> DisclosureMode {
        match self {
            Disclosure::Public => DisclosureMode::Public,
            Disclosure::OnRequest { .. } => DisclosureMode::OnRequest,
            Disclosure::Withheld { .. } => DisclosureMode::Withheld,
        }
    }

    pub fn ground(&self) -> Option<&str> {
        match self {
            Disclosure::Public => None,
            Disclosure::OnRequest { ground } | Disclosure::Withheld { ground } => Some(ground),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pin {
    /// Lower first; `pinned: true` has no number and sorts after numbered pins.
    pub order: Option<u32>,
    pub until: Option<NaiveDate>,
}

#[derive(Debug, Clone)]
pub struct Attachment {
    /// Absolute path of the file on disk.
    pub path: PathBuf,
    pub file_name: String,
    pub title: String,
    pub bytes: u64,
    /// Line of its path in the document (0: a spreadsheet named in the data).
    pub line: usize,
}

/// A file a document refers to, by its canonical path and the line naming it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileRef {
    pub path: PathBuf,
    pub line: usize,
}

impl Attachment {
    /// Format label residents recognise: PDF, WORD, EXCEL …
    pub fn format(&self) -> String {
        let ext = self
            .file_name
            .rsplit_once('.')
            .map(|(_, e)| e.to_ascii_lowercase())
            .unwrap_or_default();
        match ext.as_str() {
            "doc" | "docx" => "WORD".into(),
            "xls" | "xlsx" | "et" => "EXCEL".into(),
            "ppt" | "pptx" => "PPT".into(),
            "wps" => "WPS".into(),
            "ofd" => "OFD".into(),
            "" => "文件".into(),
            other => other.to_ascii_uppercase(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Consultation {
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub feedback: Option<DocId>,
    /// Stated reason for a period under 30 days (缩短期限说明).
    pub short_reason: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Body {
    pub html: String,
    /// Plain text, for search, feeds and rules.
    pub text: String,
}

impl Document {
    pub fn is_public(&self) -> bool {
        self.disclosure == Disclosure::Public
    }

    /// Withheld as a state secret (涉密): not even listed in the directory.
    pub fn is_secret(&self) -> bool {
        self.disclosure
            .ground()
            .is_some_and(|g| g.contains("国家秘密") || g.contains("涉密"))
    }

    /// Validity as residents must see it on `today`: a past `expires` turns 有效 into 失效.
    pub fn effective_validity(&self, today: NaiveDate) -> Option<Validity> {
        match (self.validity, self.expires) {
            (Some(Validity::Valid), Some(exp)) if exp < today => Some(Validity::Expired),
            (None, Some(exp)) if exp < today => Some(Validity::Expired),
            (v, _) => v,
        }
    }

    /// Whether the pin is in force on `today` (pins past `pinned_until` drop out).
    pub fn active_pin(&self, today: NaiveDate) -> Option<Pin> {
        self.pin.filter(|p| p.until.is_none_or(|u| u >= today))
    }

    pub fn line_of(&self, field: &str) -> usize {
        self.lines.get(field).copied().unwrap_or(1)
    }
}

impl Portal {
    pub fn column(&self, id: ColumnId) -> &Column {
        &self.columns[id]
    }

    pub fn doc(&self, id: DocId) -> &Document {
        &self.documents[id]
    }

    /// Root-relative route of a column: `fdzdgknr/zcwj/`.
    pub fn column_route(&self, id: ColumnId) -> String {
        crate::routes::Page::Column.url(&[&self.columns[id].path])
    }

    /// Root-relative route of a document page: `fdzdgknr/zcwj/gfxwj/2026-wjbjy/`.
    pub fn doc_route(&self, id: DocId) -> String {
        let d = &self.documents[id];
        crate::routes::Page::Document.url(&[&self.columns[d.column].path, &d.slug])
    }

    /// The column and its ancestors, root first.
    pub fn column_trail(&self, id: ColumnId) -> Vec<ColumnId> {
        let mut trail = vec![id];
        let mut cur = id;
        while let Some(p) = self.columns[cur].parent {
            trail.push(p);
            cur = p;
        }
        trail.reverse();
        trail
    }

    /// Whether `col` is `ancestor` or lies below it.
    pub fn column_within(&self, col: ColumnId, ancestor: ColumnId) -> bool {
        self.column_trail(col).contains(&ancestor)
    }

    pub fn top_columns(&self) -> impl Iterator<Item = &Column> {
        self.columns.iter().filter(|c| c.parent.is_none())
    }

    /// Documents whose page is published (主动公开).
    pub fn public_documents(&self) -> impl Iterator<Item = &Document> {
        self.documents.iter().filter(|d| d.is_public())
    }
}
