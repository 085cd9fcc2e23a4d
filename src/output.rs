//! Write: the site is written into a staging folder beside the output and swapped
//! in at the end, so a failed build leaves the previous `site/` exactly as it was.

use crate::render::{Content, OutFile};
use crate::routes::Page;
use rayon::prelude::*;
use std::io;
use std::path::{Path, PathBuf};

const WRITE_THREADS: usize = 8;

/// Left in the root of every site xxgk writes (a render job writes it, so the preview
/// holds it too): a build replaces only a folder that
/// holds it (or is recognisably the output of an older xxgk, see [`check_out`]), so
/// that a mistyped `--out` never wipes a folder of someone else's files.
pub const MARKER: &str = crate::routes::MARKER;
pub use crate::render::MARKER_TEXT;

/// Folders of a portal that hold sources (or the search index): output inside one
/// would overwrite what the editor wrote.
const SOURCE_FOLDERS: &[&str] = &["content", "templates", "static", "themes", ".xxgk", ".git"];

/// Pages every xxgk site has had (the home page, the 依申请公开 directory and the
/// 现行有效规范性文件 directory): a folder holding all three, without the marker, is the
/// output of an xxgk older than the marker, and may be replaced.
const LEGACY_SIGNATURE: [&str; 3] = [
    Page::Home.route().file,
    Page::OnRequest.route().file,
    Page::CurrentNormative.route().file,
];

/// Whether `out` may be replaced by a build of the portal at `root`. Refused (the
/// message names the folder): the portal itself or a folder containing it, a folder
/// inside its sources, a file, and an existing non-empty folder that is not xxgk
/// output. Paths compare after resolving symlinks and `..`.
pub fn check_out(root: &Path, out: &Path) -> Result<(), String> {
    let root = root
        .canonicalize()
        .map_err(|e| format!("无法读取站点目录 {}：{e}", root.display()))?;
    let target =
        resolve_lenient(out).ok_or_else(|| format!("输出目录 {} 无法解析", out.display()))?;
    let shown = out.display();
    if root.starts_with(&target) {
        return Err(format!(
            "输出目录 {shown} 就是站点目录或包含站点目录：生成时会整体替换它，删除 content/ 等源文件。请换一个输出目录（默认 site/）"
        ));
    }
    for folder in SOURCE_FOLDERS {
        if target.starts_with(root.join(folder)) {
            return Err(format!(
                "输出目录 {shown} 在站点的 {folder}/ 中：生成时会覆盖源文件。请换一个输出目录（默认 site/）"
            ));
        }
    }
    match std::fs::symlink_metadata(&target) {
        Err(_) => Ok(()),
        Ok(m) if !m.is_dir() => Err(format!(
            "输出位置 {shown} 已有一个文件（不是目录），不会替换它。请换一个输出目录"
        )),
        Ok(_) => {
            let empty = std::fs::read_dir(&target)
                .map_err(|e| format!("无法读取输出目录 {shown}：{e}"))?
                .next()
                .is_none();
            if empty || is_xxgk_output(&target) {
                Ok(())
            } else {
                Err(format!(
                    "输出目录 {shown} 已存在且不是 xxgk 生成的网站（没有 {MARKER} 标记文件）：生成时会整体替换它，其中的文件会被删除。请换一个新的或空的目录，或先自行清空它"
                ))
            }
        }
    }
}

/// Whether a folder is the output of an xxgk build: it carries the marker, or the
/// pages every xxgk site has had (a site built before the marker existed).
pub fn is_xxgk_output(dir: &Path) -> bool {
    dir.join(MARKER).is_file() || LEGACY_SIGNATURE.iter().all(|p| dir.join(p).is_file())
}

/// `path` made absolute with `..` and symlinks resolved as far as it exists; the
/// part that does not exist yet is appended as written (it holds no symlinks).
fn resolve_lenient(path: &Path) -> Option<PathBuf> {
    let abs = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().ok()?.join(path)
    };
    if let Ok(c) = abs.canonicalize() {
        return Some(c);
    }
    // Not there yet: `..` taken as written, then the longest existing part resolved.
    let mut lexical = PathBuf::new();
    for c in abs.components() {
        match c {
            std::path::Component::ParentDir => {
                lexical.pop();
            }
            std::path::Component::CurDir => {}
            c => lexical.push(c),
        }
    }
    let mut existing = lexical.clone();
    while !existing.exists() {
        if !existing.pop() {
            return None;
        }
    }
    let rest = lexical.strip_prefix(&existing).ok()?;
    Some(existing.canonicalize().ok()?.join(rest))
}

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
