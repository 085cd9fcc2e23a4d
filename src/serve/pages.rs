//! The rendered site in memory: what the preview serves, shared between the rebuild
//! (which replaces a few pages after an edit) and the HTTP workers (which read them).

use crate::diagnostics::Diagnostic;
use crate::render::Content;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, RwLock, RwLockReadGuard, RwLockWriteGuard};

/// One output file, by its path below the output folder.
#[derive(Debug, Clone)]
pub enum Page {
    Bytes(Arc<[u8]>),
    Static(&'static [u8]),
    /// Attachments and portal assets are read from disk when asked for, as a static
    /// server would; they are never copied into memory.
    File(PathBuf),
}

impl From<Content> for Page {
    fn from(c: Content) -> Page {
        match c {
            Content::Bytes(b) => Page::Bytes(b.into()),
            Content::Static(b) => Page::Static(b),
            Content::Copy(p) => Page::File(p),
        }
    }
}

impl Page {
    /// The bytes a full build would write.
    pub fn bytes(&self) -> std::io::Result<Vec<u8>> {
        match self {
            Page::Bytes(b) => Ok(b.to_vec()),
            Page::Static(b) => Ok(b.to_vec()),
            Page::File(p) => std::fs::read(p),
        }
    }
}

#[derive(Debug, Default)]
pub struct Shelf {
    /// Output path (`fdzdgknr/zcwj/index.html`) → content.
    pub files: HashMap<String, Page>,
    /// Errors that keep the latest edit from being shown; the pages are the last good ones.
    pub errors: Vec<Diagnostic>,
    /// The path every link starts with (`/` or `/xxgk/`).
    pub base_path: String,
    /// Whether any build succeeded yet.
    pub built: bool,
}

#[derive(Debug, Default)]
pub struct Pages {
    shelf: RwLock<Shelf>,
}

impl Pages {
    pub fn read(&self) -> RwLockReadGuard<'_, Shelf> {
        // A panic while holding the lock cannot leave the map half-written in a way
        // that matters more than stopping the preview would.
        self.shelf.read().unwrap_or_else(|e| e.into_inner())
    }

    pub fn write(&self) -> RwLockWriteGuard<'_, Shelf> {
        self.shelf.write().unwrap_or_else(|e| e.into_inner())
    }

    /// A page and the errors to show over it.
    pub fn get(&self, path: &str) -> Option<Page> {
        self.read().files.get(path).cloned()
    }
}
