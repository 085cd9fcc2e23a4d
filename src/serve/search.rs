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
use std::time::Duration;

/// Below the output folder, where the build exports the shards.
const SHARDS_DIR: &str = "search";

/// A handle on the indexing thread; clones share it.
#[derive(Clone)]
pub struct SearchShards {
    shared: Arc<Shared>,
}

struct Shared {
    state: Mutex<State>,
    changed: Condvar,
    pages: Arc<Pages>,
}

#[derive(Default)]
struct State {
    /// The latest documents not yet indexed.
    next: Option<Vec<SearchDoc>>,
    submitted: u64,
    indexed: u64,
    /// Output paths of the shards now served.
    served: HashSet<String>,
    /// The last indexing failure, for the terminal.
    error: Option<String>,
}

impl SearchShards {
    /// Starts the indexing thread, which puts the shards into `pages`.
    pub fn start(pages: Arc<Pages>) -> SearchShards {
        let shared = Arc::new(Shared {
            state: Mutex::new(State::default()),
            changed: Condvar::new(),
            pages,
        });
        let worker = shared.clone();
        std::thread::spawn(move || worker.run());
        SearchShards { shared }
    }

    fn submit(&self, portal: &Portal) {
        let docs = crate::search::portal::documents(portal);
        let mut st = self.shared.lock();
        st.next = Some(docs);
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
        self.submit(portal);
    }

    fn update(&mut self, portal: &Portal, changed: &[DocId], removed: &[String]) {
        if !changed.is_empty() || !removed.is_empty() {
            self.submit(portal);
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
            let (docs, generation) = {
                let mut st = self.lock();
                while st.next.is_none() {
                    // The last handle gone: nobody will submit again.
                    if Arc::strong_count(&self) == 1 {
                        return;
                    }
                    st = self
                        .changed
                        .wait_timeout(st, Duration::from_secs(1))
                        .unwrap_or_else(|e| e.into_inner())
                        .0;
                }
                (st.next.take().unwrap_or_default(), st.submitted)
            };
            let result = index(&docs, dir.path());
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
fn index(docs: &[SearchDoc], work: &Path) -> Result<Vec<(String, Vec<u8>)>, String> {
    let index_dir = work.join("index");
    let out = work.join("out");
    let _ = std::fs::remove_dir_all(&out);
    crate::search::build_index(docs, &index_dir)
        .and_then(|_| crate::search::shards::export_shards(&index_dir, &out.join(SHARDS_DIR)))
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
