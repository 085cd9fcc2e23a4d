//! Where a file that the portal publishes may come from: only from inside the
//! folder it belongs to (`content/` for attachments and spreadsheets, `static/` and
//! `templates/` for theme overrides), after resolving symlinks.
//!
//! A path is judged twice: as written (absolute, a drive letter, a backslash or a
//! `..` that climbs out are refused before the file system is asked), then as the
//! file system resolves it (`canonicalize`), so that a symlink pointing outside is
//! refused too. Everything else — a missing file, a folder — is the caller's to
//! report; this module only says whether a file is inside.

use std::path::{Component, Path, PathBuf};

/// Why a path written in content may not be published.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// `/etc/passwd`, `C:\…`, `\\server\share`.
    Absolute,
    /// `..` climbs above the folder: `../../../xxgk.yaml`.
    Climbs,
    /// Inside as written, but the file system resolves it (a symlink) outside.
    Symlinked(PathBuf),
    /// No such file (or it cannot be resolved).
    Missing,
}

impl Refusal {
    /// The reason in the editor's words, for a diagnostic naming `rel` and `base`.
    pub fn zh(&self, rel: &str, base: &str) -> String {
        match self {
            Refusal::Absolute => format!("路径“{rel}”是绝对路径：只能发布 {base}/ 中的文件"),
            Refusal::Climbs => format!("路径“{rel}”指向 {base}/ 之外：只能发布 {base}/ 中的文件"),
            Refusal::Symlinked(to) => format!(
                "“{rel}”是指向 {base}/ 之外的符号链接（{}）：只能发布 {base}/ 中的文件",
                to.display()
            ),
            Refusal::Missing => format!("“{rel}”不存在"),
        }
    }
}

/// The hint that goes with an outside path.
pub const OUTSIDE_HINT: &str = "把文件复制到 content/ 中（如文档旁的 files/ 目录），再写相对于本文件的路径，如 files/文件名.pdf；不要写绝对路径、../ 跳出 content/ 或使用指向外部的符号链接";

/// Whether `rel` names something outside any folder as written: absolute on any
/// system the editors use (a portal is often edited on Windows and built on Linux).
pub fn is_absolute_spelling(rel: &str) -> bool {
    let rel = rel.trim();
    let b = rel.as_bytes();
    rel.starts_with('/')
        || rel.starts_with('\\')
        || rel.starts_with('~')
        || (b.len() >= 2 && b[0].is_ascii_alphabetic() && b[1] == b':')
        || Path::new(rel).is_absolute()
}

/// Resolves `rel`, written in a file in folder `dir`, and returns its canonical path
/// when it stays inside `base` (both given as paths the caller built, not
/// necessarily canonical). A backslash counts as a separator: `..\..\x` climbs.
pub fn resolve(base: &Path, dir: &Path, rel: &str) -> Result<PathBuf, Refusal> {
    let rel = rel.trim();
    if is_absolute_spelling(rel) {
        return Err(Refusal::Absolute);
    }
    let rel = rel.replace('\\', "/");
    // As written: `dir` relative to `base`, then every segment of `rel`.
    let Ok(dir_in_base) = dir.strip_prefix(base) else {
        return Err(Refusal::Climbs);
    };
    let mut depth: usize = 0;
    for c in dir_in_base.components().chain(Path::new(&rel).components()) {
        match c {
            Component::Normal(_) => depth += 1,
            Component::CurDir => {}
            Component::ParentDir => {
                depth = depth.checked_sub(1).ok_or(Refusal::Climbs)?;
            }
            Component::RootDir | Component::Prefix(_) => return Err(Refusal::Absolute),
        }
    }
    let joined = dir.join(&rel);
    let resolved = joined.canonicalize().map_err(|_| Refusal::Missing)?;
    inside(base, &resolved)
        .then_some(resolved.clone())
        .ok_or(Refusal::Symlinked(resolved))
}

/// Whether the canonical `path` lies inside `base` (canonicalized here).
pub fn inside(base: &Path, path: &Path) -> bool {
    base.canonicalize()
        .is_ok_and(|b| path.starts_with(&b) && path != b)
}

/// Identifies a file on disk, so that two spellings of one file — `a/../x.pdf`, a
/// symlink, a hard link — compare equal.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FileId {
    #[cfg(unix)]
    Inode {
        dev: u64,
        ino: u64,
    },
    Path(PathBuf),
}

impl FileId {
    pub fn of(path: &Path) -> FileId {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            if let Ok(m) = std::fs::metadata(path) {
                return FileId::Inode {
                    dev: m.dev(),
                    ino: m.ino(),
                };
            }
        }
        FileId::Path(path.canonicalize().unwrap_or_else(|_| path.to_path_buf()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn portal() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        std::fs::create_dir_all(content.join("zcwj/files")).unwrap();
        std::fs::write(content.join("zcwj/files/通知.pdf"), "正文").unwrap();
        std::fs::write(dir.path().join("xxgk.yaml"), "站点名称: 某县").unwrap();
        (dir, content)
    }

    #[test]
    fn a_file_inside_content_resolves_to_its_canonical_path() {
        let (_d, content) = portal();
        let dir = content.join("zcwj");
        let p = resolve(&content, &dir, "files/通知.pdf").unwrap();
        assert_eq!(
            p,
            content.join("zcwj/files/通知.pdf").canonicalize().unwrap()
        );
        // Dots that stay inside are fine.
        assert_eq!(
            resolve(&content, &dir, "./files/../files/通知.pdf").unwrap(),
            p
        );
        assert_eq!(resolve(&content, &dir, "files\\通知.pdf").unwrap(), p);
    }

    #[test]
    fn paths_that_leave_content_are_refused_before_the_disk_is_asked() {
        let (_d, content) = portal();
        let dir = content.join("zcwj");
        for rel in [
            "/etc/passwd",
            "C:\\Windows\\win.ini",
            "c:/x",
            "\\\\srv\\share",
            "~/x",
        ] {
            assert_eq!(
                resolve(&content, &dir, rel),
                Err(Refusal::Absolute),
                "{rel}"
            );
        }
        for rel in [
            "../../xxgk.yaml",
            "..\\..\\xxgk.yaml",
            "../../content/zcwj/files/通知.pdf",
        ] {
            assert_eq!(resolve(&content, &dir, rel), Err(Refusal::Climbs), "{rel}");
        }
        assert_eq!(
            resolve(&content, &dir, "files/无.pdf"),
            Err(Refusal::Missing)
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_pointing_outside_is_refused_and_one_inside_is_not() {
        let (d, content) = portal();
        let dir = content.join("zcwj");
        std::os::unix::fs::symlink(d.path().join("xxgk.yaml"), dir.join("配置.pdf")).unwrap();
        std::os::unix::fs::symlink(d.path(), dir.join("上级")).unwrap();
        std::os::unix::fs::symlink(dir.join("files/通知.pdf"), dir.join("别名.pdf")).unwrap();
        assert!(matches!(
            resolve(&content, &dir, "配置.pdf"),
            Err(Refusal::Symlinked(_))
        ));
        assert!(matches!(
            resolve(&content, &dir, "上级/xxgk.yaml"),
            Err(Refusal::Symlinked(_))
        ));
        let alias = resolve(&content, &dir, "别名.pdf").unwrap();
        assert_eq!(FileId::of(&alias), FileId::of(&dir.join("files/通知.pdf")));
    }

    #[cfg(unix)]
    #[test]
    fn a_hard_link_is_the_same_file() {
        let (_d, content) = portal();
        let a = content.join("zcwj/files/通知.pdf");
        let b = content.join("zcwj/副本.pdf");
        std::fs::hard_link(&a, &b).unwrap();
        assert_eq!(FileId::of(&a), FileId::of(&b));
        std::fs::write(content.join("zcwj/另一个.pdf"), "正文").unwrap();
        assert_ne!(FileId::of(&a), FileId::of(&content.join("zcwj/另一个.pdf")));
    }
}
