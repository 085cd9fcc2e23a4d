//! Write: the site is written into a staging folder beside the output and swapped
//! in at the end, so a failed build leaves the previous `site/` exactly as it was.

use crate::render::{Content, OutFile};
use rayon::prelude::*;
use std::io;
use std::path::{Path, PathBuf};

const WRITE_THREADS: usize = 8;

/// A staging folder next to `out` (same filesystem, so the swap is a rename).
pub struct Staging {
    dir: Option<tempfile::TempDir>,
    out: PathBuf,
}

impl Staging {
    pub fn new(out: &Path) -> io::Result<Staging> {
        let parent = out
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent)?;
        let name = out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "site".into());
        let dir = tempfile::Builder::new()
            .prefix(&format!(".{name}.staging-"))
            .tempdir_in(parent)?;
        Ok(Staging {
            dir: Some(dir),
            out: out.to_path_buf(),
        })
    }

    pub fn path(&self) -> &Path {
        self.dir
            .as_ref()
            .expect("staging folder present until swap")
            .path()
    }

    /// Writes every file (in parallel). Any failure leaves `out` untouched.
    pub fn write_all(&self, files: &[OutFile]) -> io::Result<u64> {
        let root = self.path();
        // Writing many small files waits on the filesystem more than on the CPU: more
        // threads than cores keep the disk busy.
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(WRITE_THREADS)
            .build()
            .map_err(io::Error::other)?;
        pool.install(|| self.write_in_pool(root, files))
    }

    fn write_in_pool(&self, root: &Path, files: &[OutFile]) -> io::Result<u64> {
        files
            .par_iter()
            .map(|f| {
                let dest = root.join(&f.path);
                if let Some(parent) = dest.parent() {
                    std::fs::create_dir_all(parent)?;
                }
                match &f.content {
                    Content::Bytes(b) => std::fs::write(&dest, b).map(|_| b.len() as u64),
                    Content::Static(b) => std::fs::write(&dest, b).map(|_| b.len() as u64),
                    Content::Copy(src) => std::fs::copy(src, &dest),
                }
                .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", f.path)))
            })
            .try_reduce(|| 0, |a, b| Ok(a + b))
    }

    /// Replaces `out` with the staging folder: the old site is moved aside first and
    /// restored if the final rename fails.
    pub fn swap(mut self) -> io::Result<()> {
        let dir = self.dir.take().expect("staging folder present until swap");
        let staged = dir.keep();
        let aside = self.out.with_file_name(format!(
            ".{}.old-{}",
            self.out
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            std::process::id()
        ));
        let had_old = self.out.exists();
        if had_old {
            std::fs::rename(&self.out, &aside)?;
        }
        if let Err(e) = std::fs::rename(&staged, &self.out) {
            if had_old {
                let _ = std::fs::rename(&aside, &self.out);
            }
            let _ = std::fs::remove_dir_all(&staged);
            return Err(e);
        }
        if had_old {
            std::fs::remove_dir_all(&aside)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swap_replaces_and_drop_discards() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("site");
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(out.join("old.html"), "old").unwrap();

        // A staging folder dropped without swap leaves the old site alone.
        {
            let s = Staging::new(&out).unwrap();
            s.write_all(&[OutFile {
                path: "index.html".into(),
                content: Content::Bytes(b"new".to_vec()),
            }])
            .unwrap();
        }
        assert!(out.join("old.html").exists());
        assert_eq!(
            std::fs::read_dir(tmp.path()).unwrap().count(),
            1,
            "no staging folder left behind"
        );

        let s = Staging::new(&out).unwrap();
        s.write_all(&[OutFile {
            path: "a/index.html".into(),
            content: Content::Bytes(b"new".to_vec()),
        }])
        .unwrap();
        s.swap().unwrap();
        assert!(!out.join("old.html").exists());
        assert_eq!(
            std::fs::read_to_string(out.join("a/index.html")).unwrap(),
            "new"
        );
        assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 1);
    }
}
