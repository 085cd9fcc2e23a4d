//! The preview's search: the same tantivy index and static shards (`search/…`) that
//! `xxgk build` writes, kept in memory beside the pages. The search module rebuilds
//! an index whole, so after an edit it is rebuilt in a background thread — pages never
//! wait for it, and a burst of saves is indexed once, with the latest documents.

use super::live::SearchEntries;
use super::pages::{Page, Pages};
use crate::diagnostics::display_path;
use crate::model::{DocId, Portal};
use crate::search::SearchDoc;
use std::collections::HashSet;
use std::path::Path;
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

/// Below the output folder, where the build exports the shards.
const SHARDS_DIR: &str = crate::routes::SEARCH_DIR;

/// A handle on the indexing thread; clones share it.
#[derive(Clone)]
pub struct SearchShards {
    shared: Arc<Shared>,
}

struct Shared {
    state: Mutex<State>,
    changed: Condvar,
    pages: Arc<Pages>,
    /// How long the documents must stay unchanged before indexing starts: while an
    /// editor saves again and again, the two cores go to the pages.
    quiet: Duration,
}

#[derive(Default)]
struct State {
    /// Every document as the search sees it, in the order the build indexes them.
    docs: Arc<Vec<SearchDoc>>,
    /// The source of each entry of `docs` (sorted, as documents are).
    sources: Vec<String>,
    /// `docs` changed since the indexing thread last took them.
    dirty: bool,
    last_change: Option<Instant>,
    submitted: u64,
    indexed: u64,
    /// Output paths of the shards now served.
    served: HashSet<String>,
    /// The last indexing failure, for the terminal.
    error: Option<String>,
    /// The search dictionary of the portal's xxgk.yaml (search::related).
    lexicon: Arc<crate::search::related::Lexicon>,
}

impl SearchShards {
    /// Starts the indexing thread, which puts the shards into `pages` once the
    /// documents have not changed for `quiet`.
    pub fn start(pages: Arc<Pages>, quiet: Duration) -> SearchShards {
        let shared = Arc::new(Shared {
            state: Mutex::new(State::default()),
            changed: Condvar::new(),
            pages,
            quiet,
        });
        let worker = shared.clone();
        std::thread::spawn(move || worker.run());
        SearchShards { shared }
    }

    fn changed(&self, st: &mut State) {
        st.dirty = true;
        st.last_change = Some(Instant::now());
        st.submitted += 1;
        self.shared.changed.notify_all();
    }

    /// Waits until everything submitted is indexed and served (tests, benchmarks);
    /// returns the last indexing error, if any.
    pub fn wait_idle(&self, timeout: Duration) -> Result<(), String> {
        let st = self.shared.lock();
        let (st, _) = self
            .shared
            .changed
            .wait_timeout_while(st, timeout, |s| s.indexed < s.submitted)
            .unwrap_or_else(|e| e.into_inner());
        match (&st.error, st.indexed < st.submitted) {
            (Some(e), _) => Err(e.clone()),
            (None, true) => Err("搜索索引仍在生成".into()),
            (None, false) => Ok(()),
        }
    }
}

impl SearchEntries for SearchShards {
    fn rebuild(&mut self, portal: &Portal) {
        let mut st = self.shared.lock();
        st.docs = Arc::new(crate::search::portal::documents(portal));
        st.lexicon = Arc::new(crate::search::related::Lexicon::of(&portal.config));
        st.sources = portal
            .documents
            .iter()
            .filter(|d| !d.is_secret())
            .map(|d| d.source.clone())
            .collect();
        self.changed(&mut st);
    }

    fn update(&mut self, portal: &Portal, changed: &[DocId], removed: &[String]) {
        if changed.is_empty() && removed.is_empty() {
            return;
        }
        // Edits of documents the search already has: their entries change in place.
        let mut st = self.shared.lock();
        let places: Option<Vec<(usize, SearchDoc)>> = if removed.is_empty() {
            changed
                .iter()
                .map(|id| {
                    let d = portal.doc(*id);
                    let at = st.sources.binary_search(&d.source).ok()?;
                    Some((at, crate::search::portal::document(portal, d)?))
                })
                .collect()
        } else {
            None
        };
        match places {
            Some(places) => {
                let docs = Arc::make_mut(&mut st.docs);
                for (at, doc) in places {
                    docs[at] = doc;
                }
                self.changed(&mut st);
            }
            None => {
                drop(st);
                self.rebuild(portal);
            }
        }
    }
}

impl Shared {
    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn run(self: Arc<Self>) {
        let dir = match tempfile::Builder::new()
            .prefix("xxgk-serve-search-")
            .tempdir()
        {
            Ok(d) => d,
            Err(e) => {
                self.lock().error = Some(format!("无法创建搜索索引的临时目录：{e}"));
                return;
            }
        };
        loop {
            let (docs, lexicon, generation) = {
                let mut st = self.lock();
                loop {
                    // The last handle gone: nobody will submit again.
                    if !st.dirty && Arc::strong_count(&self) == 1 {
                        return;
                    }
                    let settled = st
                        .last_change
                        .map(|t| self.quiet.saturating_sub(t.elapsed()))
                        .unwrap_or_default();
                    let wait = match (st.dirty, settled.is_zero()) {
                        (true, true) => break,
                        (true, false) => settled,
                        (false, _) => Duration::from_secs(1),
                    };
                    st = self
                        .changed
                        .wait_timeout(st, wait)
                        .unwrap_or_else(|e| e.into_inner())
                        .0;
                }
                st.dirty = false;
                (st.docs.clone(), st.lexicon.clone(), st.submitted)
            };
            let result = index(&docs, &lexicon, dir.path());
            drop(docs);
            let mut st = self.lock();
            match result {
                Ok(files) => {
                    let mut shelf = self.pages.write();
                    for path in st.served.drain() {
                        shelf.files.remove(&path);
                    }
                    for (path, bytes) in files {
                        st.served.insert(path.clone());
                        shelf.files.insert(path, Page::Bytes(bytes.into()));
                    }
                    st.error = None;
                }
                Err(e) => st.error = Some(e),
            }
            st.indexed = generation;
            self.changed.notify_all();
        }
    }
}

/// Builds the index and exports its shards, as `xxgk build` does; returns them by
/// output path.
fn index(
    docs: &[SearchDoc],
    lexicon: &crate::search::related::Lexicon,
    work: &Path,
) -> Result<Vec<(String, Vec<u8>)>, String> {
    let index_dir = work.join("index");
    let out = work.join("out");
    let _ = std::fs::remove_dir_all(&out);
    crate::search::build_index(docs, &index_dir)
        .and_then(|_| {
            crate::search::shards::export_shards_with(
                &index_dir,
                &out.join(SHARDS_DIR),
                &crate::search::ExportOptions {
                    lexicon: lexicon.clone(),
                    vocabulary: crate::search::related::Vocabulary::of_docs(docs, lexicon),
                    ..Default::default()
                },
            )
        })
        .map_err(|e| format!("生成搜索索引失败：{e}"))?;
    walkdir::WalkDir::new(&out)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            std::fs::read(e.path())
                .map(|b| (display_path(&out, e.path()), b))
                .map_err(|err| format!("读取搜索索引失败：{err}"))
        })
        .collect()
}
