//! The parsed-file cache: every source file of the portal as last read, each
//! document parsed on its own. `load` reads them all once and assembles; the live
//! preview keeps them between edits, re-reads only the files an edit touches, and
//! assembles a new portal exactly as `load` would.

use super::assemble::{Links, document, same_links};
use super::*;

/// The portal's source files as last read, each document parsed on its own. `load`
/// reads them all once; the live preview keeps them between edits and re-reads only
/// the files an edit touches, then assembles a new [`Portal`] exactly as `load` would.
pub struct Sources {
    opts: LoadOptions,
    root: PathBuf,
    /// `None` when `xxgk.yaml` is unusable or `content/` is missing.
    base: Option<Base>,
    /// Configuration, walk and column problems.
    base_diags: Diagnostics,
    /// Every document file by source path (root-relative), in the order of [`DocId`]s.
    docs: BTreeMap<String, Parsed>,
    home: Option<HomeIntro>,
}

impl Sources {
    /// Reads every file of the portal (documents in parallel).
    pub fn read(opts: &LoadOptions) -> Sources {
        let mut diags = Diagnostics::new();
        let root = opts
            .root
            .canonicalize()
            .unwrap_or_else(|_| opts.root.clone());
        let mut sources = Sources {
            opts: opts.clone(),
            root,
            base: None,
            base_diags: Diagnostics::new(),
            docs: BTreeMap::new(),
            home: None,
        };
        let Some((base, tree)) = Base::read(&sources.root, opts, &mut diags) else {
            sources.base_diags = diags;
            return sources;
        };
        let root = &sources.root;
        sources.docs = tree
            .documents
            .par_iter()
            .map(|path| (display_path(root, path), base.parse(root, path)))
            .collect::<Vec<_>>()
            .into_iter()
            .collect();
        sources.home = tree.home_intro.map(|path| base.home_intro(root, &path));
        sources.base = Some(base);
        sources.base_diags = diags;
        sources
    }

    /// The absolute portal root.
    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn options(&self) -> &LoadOptions {
        &self.opts
    }

    /// Whether `source` (root-relative) is a document file that was read.
    pub fn has_document(&self, source: &str) -> bool {
        self.docs.contains_key(source)
    }

    /// Whether `source` (root-relative) is a column folder, or documents were read below it.
    pub fn knows_folder(&self, source: &str) -> bool {
        let prefix = format!("{}/", source.trim_end_matches('/'));
        let docs_below = self
            .docs
            .range(prefix.clone()..)
            .next()
            .is_some_and(|(k, _)| k.starts_with(&prefix));
        let content = format!("{CONTENT_DIR}/");
        let columns = self.base.as_ref().is_some_and(|b| {
            source == CONTENT_DIR
                || source.strip_prefix(&content).is_some_and(|rel| {
                    b.column_by_path
                        .keys()
                        .any(|c| c == rel || c.starts_with(&format!("{rel}/")))
                })
        });
        docs_below || columns
    }

    /// A new portal from the files as last read: the same as [`load`] on them.
    pub fn portal(&self) -> (Option<Portal>, Diagnostics) {
        let mut diags = self.base_diags.clone();
        let mut drafts = Vec::with_capacity(self.docs.len());
        for p in self.docs.values() {
            diags.extend(p.diags.iter().cloned());
            drafts.extend(p.draft.clone());
        }
        if let Some(h) = &self.home {
            diags.extend(h.diags.iter().cloned());
        }
        let home_intro = self.home.as_ref().and_then(|h| h.html.clone());
        let portal = self
            .base
            .as_ref()
            .map(|base| base.portal(&self.root, self.opts.today, drafts, home_intro, &mut diags));
        (portal, diags)
    }

    /// Like [`Sources::portal`], without copying what was read.
    pub fn into_portal(self) -> (Option<Portal>, Diagnostics) {
        let mut diags = self.base_diags;
        let mut drafts = Vec::with_capacity(self.docs.len());
        for p in self.docs.into_values() {
            diags.extend(p.diags);
            drafts.extend(p.draft);
        }
        let home_intro = self.home.and_then(|h| {
            diags.extend(h.diags);
            h.html
        });
        let portal = self
            .base
            .map(|base| base.portal(&self.root, self.opts.today, drafts, home_intro, &mut diags));
        (portal, diags)
    }

    /// Re-reads document files that were edited, added or removed (absolute paths), and
    /// the documents whose bodies link to a file that appeared or disappeared. Returns
    /// the sources re-read; [`HOME_INTRO_SOURCE`] among them when the home introduction
    /// was re-read. Columns and configuration must be unchanged (else read everything).
    pub fn reread_documents(&mut self, paths: &[PathBuf]) -> BTreeSet<String> {
        let mut touched = BTreeSet::new();
        let Some(base) = &mut self.base else {
            return touched;
        };
        // Presence first: every route must be known before any body is parsed.
        let mut moved = BTreeSet::new();
        let mut parse = vec![];
        for path in paths {
            let source = display_path(&self.root, path);
            let rel = rel_content(&base.content, path);
            if path.is_file() && role(&rel) == Role::Document && path.starts_with(&base.content) {
                if !self.docs.contains_key(&source) {
                    base.routes.insert(rel.clone(), doc_route(&rel));
                    moved.insert(rel);
                }
                parse.push(path.clone());
                touched.insert(source);
            } else if self.docs.remove(&source).is_some() {
                base.routes.remove(&rel);
                moved.insert(rel);
                touched.insert(source);
            }
        }
        if !moved.is_empty() {
            for (source, p) in &self.docs {
                let Some(d) = &p.draft else { continue };
                if !touched.contains(source)
                    && d.links.iter().any(|l| {
                        linked_source(&d.column_path, l).is_some_and(|t| moved.contains(&t))
                    })
                {
                    parse.push(self.root.join(source));
                    touched.insert(source.clone());
                }
            }
        }
        let base = &*base;
        let root = &self.root;
        let parsed: Vec<(String, Parsed)> = parse
            .par_iter()
            .map(|path| (display_path(root, path), base.parse(root, path)))
            .collect();
        self.docs.extend(parsed);
        if !moved.is_empty() && self.reread_home_intro() {
            touched.insert(HOME_INTRO_SOURCE.to_string());
        }
        touched
    }

    /// Re-reads edited document files, for a portal assembled from these sources just
    /// before the edit. When each file existed before, still parses without error, and
    /// keeps what other documents depend on (see `same_links`), returns the new
    /// versions of those documents, exactly as a full load would assemble them, to take
    /// their places in `portal` — without assembling the portal again. Otherwise the
    /// files are re-read all the same and the sources re-read are returned: assemble a
    /// new portal with [`Sources::portal`].
    pub fn reread_in_place(
        &mut self,
        paths: &[PathBuf],
        portal: &Portal,
    ) -> Result<Vec<Document>, BTreeSet<String>> {
        let Some(base) = &self.base else {
            return Err(self.reread_documents(paths));
        };
        let root = &self.root;
        let edits: Option<Vec<(String, &PathBuf)>> = paths
            .iter()
            .map(|path| {
                let source = display_path(root, path);
                let rel = rel_content(&base.content, path);
                let edited = path.is_file()
                    && path.starts_with(&base.content)
                    && role(&rel) == Role::Document
                    && self.docs.contains_key(&source);
                edited.then_some((source, path))
            })
            .collect();
        let Some(edits) = edits else {
            return Err(self.reread_documents(paths));
        };
        let parsed: Vec<(String, Parsed)> = edits
            .par_iter()
            .map(|(source, path)| (source.clone(), base.parse(root, path)))
            .collect();
        let mut replacements = vec![];
        for (source, new) in &parsed {
            let old = self.docs.get(source).and_then(|p| p.draft.as_ref());
            let at = portal
                .documents
                .binary_search_by(|d| d.source.as_str().cmp(source));
            match (old, &new.draft, at) {
                (Some(old), Some(draft), Ok(id))
                    if !new.diags.has_errors() && same_links(old, draft) =>
                {
                    let was = &portal.documents[id];
                    let links = Links {
                        column: was.column,
                        interprets: was.interprets,
                        feedback: was.consultation.as_ref().and_then(|c| c.feedback),
                    };
                    replacements.push(document(id, draft.clone(), links));
                }
                _ => {}
            }
        }
        let all = replacements.len() == parsed.len();
        let touched: BTreeSet<String> = parsed.iter().map(|(s, _)| s.clone()).collect();
        self.docs.extend(parsed);
        if all { Ok(replacements) } else { Err(touched) }
    }

    /// Diagnostics of one document file as last read (parse problems and warnings).
    pub fn document_diagnostics(&self, source: &str) -> Vec<Diagnostic> {
        self.docs
            .get(source)
            .map(|p| p.diags.iter().cloned().collect())
            .unwrap_or_default()
    }

    /// Whether a document attaches the file at `path` (absolute), or a file below it.
    pub fn is_attached(&self, path: &Path) -> bool {
        let path = normalize(path);
        self.docs.values().any(|p| {
            p.draft.as_ref().is_some_and(|d| {
                d.attachments
                    .iter()
                    .any(|a| normalize(&a.path).starts_with(&path))
            })
        })
    }

    /// Re-reads the documents that attach a changed file, or that could not find an
    /// attachment (it may just have appeared). Returns the sources re-read.
    pub fn reread_attachments(&mut self, paths: &[PathBuf]) -> BTreeSet<String> {
        let changed: Vec<PathBuf> = paths.iter().map(|p| normalize(p)).collect();
        let stale: Vec<PathBuf> = self
            .docs
            .iter()
            .filter(|(_, p)| {
                p.diags.iter().any(|d| d.rule == "missing-attachment")
                    || p.draft.as_ref().is_some_and(|d| {
                        d.attachments.iter().any(|a| {
                            let a = normalize(&a.path);
                            changed.iter().any(|c| a.starts_with(c))
                        })
                    })
            })
            .map(|(source, _)| self.root.join(source))
            .collect();
        if stale.is_empty() {
            return BTreeSet::new();
        }
        self.reread_documents(&stale)
    }

    /// Re-reads `content/_index.md`; true when it exists or existed.
    pub fn reread_home_intro(&mut self) -> bool {
        let Some(base) = &self.base else { return false };
        let path = base.content.join("_index.md");
        let had = self.home.is_some();
        self.home = path.is_file().then(|| base.home_intro(&self.root, &path));
        had || self.home.is_some()
    }
}
