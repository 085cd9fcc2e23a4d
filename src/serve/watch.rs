//! Watching the portal with notify: `content/`, `templates/`, `static/`, `themes/`
//! recursively and the root itself (for `xxgk.yaml`, and for those folders when they
//! appear). Never the whole root: it may hold `site/`, `target/` or `.git`.
//!
//! Events come in bursts (an editor's save is a write, a rename, an attribute change);
//! a batch ends after 50 ms without a new one.

use notify::event::{AccessKind, AccessMode, ModifyKind};
use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher};
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

pub const WATCHED_FOLDERS: [&str; 4] = ["content", "templates", "static", "themes"];
const QUIET: Duration = Duration::from_millis(50);
/// A long burst (a folder copied in) is still handled in pieces.
const LONGEST_BATCH: Duration = Duration::from_secs(1);

pub struct Watch {
    watcher: RecommendedWatcher,
    events: Receiver<notify::Result<Event>>,
    root: PathBuf,
    watched: HashSet<PathBuf>,
}

impl Watch {
    pub fn new(root: &Path) -> notify::Result<Watch> {
        let (tx, events) = channel();
        let mut watcher = notify::recommended_watcher(move |e| {
            let _ = tx.send(e);
        })?;
        watcher.watch(root, RecursiveMode::NonRecursive)?;
        let mut w = Watch {
            watcher,
            events,
            root: root.to_path_buf(),
            watched: HashSet::new(),
        };
        for name in WATCHED_FOLDERS {
            w.follow(&root.join(name));
        }
        Ok(w)
    }

    /// Starts watching a folder that (now) exists below the root.
    fn follow(&mut self, dir: &Path) {
        if dir.is_dir()
            && !self.watched.contains(dir)
            && self.watcher.watch(dir, RecursiveMode::Recursive).is_ok()
        {
            self.watched.insert(dir.to_path_buf());
        }
    }

    /// Blocks until something changed, then returns every path the burst touched;
    /// `None` when the watcher is gone.
    pub fn next_batch(&mut self) -> Option<Vec<PathBuf>> {
        let mut paths: Vec<PathBuf> = vec![];
        let mut started: Option<Instant> = None;
        loop {
            let event = match started {
                None => self.events.recv().ok()?,
                Some(t) => {
                    let left = LONGEST_BATCH.saturating_sub(t.elapsed());
                    match self.events.recv_timeout(QUIET.min(left)) {
                        Ok(e) => e,
                        Err(RecvTimeoutError::Timeout) => break,
                        Err(RecvTimeoutError::Disconnected) => return None,
                    }
                }
            };
            let Ok(event) = event else { continue };
            if !matters(&event.kind) {
                continue;
            }
            for p in event.paths {
                if p.parent() == Some(self.root.as_path()) {
                    let top = self.root.join(p.file_name().unwrap_or_default());
                    if WATCHED_FOLDERS.iter().any(|f| top.ends_with(f)) {
                        if top.is_dir() {
                            self.follow(&top);
                        } else {
                            self.watched.remove(&top);
                        }
                    }
                }
                if !paths.contains(&p) {
                    paths.push(p);
                }
            }
            if !paths.is_empty() && started.is_none() {
                started = Some(Instant::now());
            }
        }
        Some(paths)
    }
}

/// Opening and reading files (the preview's own reads among them) and attribute
/// changes (access times) are not edits.
fn matters(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        EventKind::Modify(ModifyKind::Metadata(_)) => false,
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{CreateKind, DataChange, MetadataKind, RenameMode};

    #[test]
    fn edits_matter_reads_do_not() {
        assert!(matters(&EventKind::Modify(ModifyKind::Data(
            DataChange::Any
        ))));
        assert!(matters(&EventKind::Modify(ModifyKind::Name(
            RenameMode::Both
        ))));
        assert!(matters(&EventKind::Create(CreateKind::File)));
        assert!(matters(&EventKind::Access(AccessKind::Close(
            AccessMode::Write
        ))));
        assert!(!matters(&EventKind::Access(AccessKind::Open(
            AccessMode::Any
        ))));
        assert!(!matters(&EventKind::Access(AccessKind::Close(
            AccessMode::Read
        ))));
        assert!(!matters(&EventKind::Modify(ModifyKind::Metadata(
            MetadataKind::AccessTime
        ))));
    }

    #[test]
    fn a_save_is_one_batch() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        std::fs::create_dir_all(root.join("content/gkzn")).unwrap();
        let mut w = Watch::new(&root).unwrap();
        let doc = root.join("content/gkzn/zn.md");
        // Save through a temporary file, as many editors do.
        let tmp = root.join("content/gkzn/.zn.md.tmp");
        std::fs::write(&tmp, "---\n标题: 指南\n---\n").unwrap();
        std::fs::rename(&tmp, &doc).unwrap();
        std::fs::write(root.join("xxgk.yaml"), "站点名称: 测试\n").unwrap();
        let batch = w.next_batch().unwrap();
        assert!(batch.contains(&doc), "{batch:?}");
        assert!(batch.contains(&root.join("xxgk.yaml")), "{batch:?}");

        // A folder created later is followed.
        std::fs::create_dir_all(root.join("templates")).unwrap();
        let batch = w.next_batch().unwrap();
        assert!(batch.contains(&root.join("templates")), "{batch:?}");
        std::fs::write(root.join("templates/base.html"), "<html></html>").unwrap();
        let batch = w.next_batch().unwrap();
        assert!(
            batch.contains(&root.join("templates/base.html")),
            "{batch:?}"
        );
    }
}
