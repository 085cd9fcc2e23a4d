//! What a file-system change means to the preview, from its path alone (in the
//! spirit of Zola's `fs_utils`). Pure functions: every way an editor saves a file —
//! in place, through a temporary file, with a backup beside it — is a unit test here.

use crate::load::{self, Role};

/// What is at a changed path now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    File,
    Folder,
    Gone,
}

/// What the preview knew about a path before the change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Known {
    /// A document was read from this file.
    pub document: bool,
    /// This is a column folder, or documents were read below it.
    pub folder: bool,
    /// A document attaches this file (or a file below this folder).
    pub attached: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocChange {
    Edited,
    Added,
    Removed,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// A document file: re-read it, and the documents whose bodies link to it.
    Document(DocChange),
    /// A column's `_index.md`, or a folder below `content/` appeared or went away:
    /// the column tree may have changed, so everything is read again.
    Columns,
    /// `content/_index.md`: the home page's introduction.
    HomeIntro,
    /// Any other file below `content/`: documents may attach it.
    Attachment,
    /// A template: the theme is loaded again and every page re-rendered, content is not re-read.
    Template,
    /// A static file of the theme or of the portal's `static/`.
    Asset,
    /// `xxgk.yaml`: everything is read again.
    Config,
    /// Editors' swap, backup and lock files, hidden files, the output folder …
    Ignored,
}

impl Change {
    /// How the terminal reports it.
    pub fn zh(self) -> &'static str {
        match self {
            Change::Document(DocChange::Edited) => "已修改",
            Change::Document(DocChange::Added) => "新增",
            Change::Document(DocChange::Removed) => "已删除",
            Change::Columns => "栏目变化",
            Change::HomeIntro => "首页介绍已修改",
            Change::Attachment => "附件变化",
            Change::Template => "模板已修改",
            Change::Asset => "静态文件变化",
            Change::Config => "配置已修改",
            Change::Ignored => "忽略",
        }
    }
}

/// Classifies one changed path, relative to the portal root with `/` separators.
pub fn classify(rel: &str, presence: Presence, known: Known) -> Change {
    let rel = rel.trim_matches('/');
    let name = rel.rsplit('/').next().unwrap_or(rel);
    if rel.is_empty() || is_editor_temp(name) {
        return Change::Ignored;
    }
    let (top, rest) = rel.split_once('/').unwrap_or((rel, ""));
    match top {
        crate::config::CONFIG_FILE if rest.is_empty() => Change::Config,
        load::CONTENT_DIR => content(rest, presence, known),
        "templates" if !name.starts_with('.') => Change::Template,
        "static" if !name.starts_with('.') => Change::Asset,
        "themes" if !name.starts_with('.') => {
            // themes/<name>/static/… is an asset; anything else may be a template.
            if rest.split('/').nth(1) == Some("static") && presence != Presence::Folder {
                Change::Asset
            } else {
                Change::Template
            }
        }
        _ => Change::Ignored,
    }
}

fn content(rest: &str, presence: Presence, known: Known) -> Change {
    if rest.is_empty() {
        // content/ itself appeared or went away.
        return Change::Columns;
    }
    let role = load::role(rest);
    if role == Role::Hidden {
        return Change::Ignored;
    }
    if presence == Presence::Folder {
        // A folder created or moved in: new columns, or documents no event named.
        return Change::Columns;
    }
    match role {
        Role::HomeIntro => Change::HomeIntro,
        Role::ColumnIndex => Change::Columns,
        Role::Document => match (presence, known.document) {
            (Presence::Gone, true) => Change::Document(DocChange::Removed),
            (Presence::Gone, false) if known.folder => Change::Columns,
            (Presence::Gone, false) => Change::Ignored,
            (_, true) => Change::Document(DocChange::Edited),
            (_, false) => Change::Document(DocChange::Added),
        },
        // A folder removed or moved away is known by what was below it.
        _ if presence == Presence::Gone && known.folder => Change::Columns,
        // Gone, and nothing attached it: a tool's temporary file (`sed -i`, an office
        // suite's save) that came and went.
        _ if presence == Presence::Gone && !known.attached => Change::Ignored,
        _ => Change::Attachment,
    }
}

/// Files editors write beside the real one while saving, and lock files of office
/// suites: never content.
pub fn is_editor_temp(name: &str) -> bool {
    let ext = name.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
    name.ends_with('~')                                   // vim, emacs, gedit backups
        || (name.starts_with('#') && name.ends_with('#')) // emacs autosave
        || name.starts_with(".#")                         // emacs lock
        || name.starts_with("~$")                         // Word / WPS lock beside an attachment
        || name.ends_with("___jb_tmp___")                 // JetBrains safe write
        || name.ends_with("___jb_old___")
        || name.ends_with("___jb_bak___")
        || (!name.is_empty() && name.bytes().all(|b| b.is_ascii_digit())) // vim's 4913 probe
        || matches!(
            ext,
            "swp" | "swx" | "swo" | "swn" | "tmp" | "bak" | "kate-swp" | "crdownload" | "part"
        )
        || matches!(name, ".DS_Store" | "Thumbs.db" | "desktop.ini")
}

/// A document removed and one added in the same batch, in the same column folder or
/// with the same file name: the editor renamed or moved it. Returns (from, to) pairs,
/// for the terminal; the rebuild treats them as a removal and an addition.
pub fn renames(batch: &[(String, Change)]) -> Vec<(String, String)> {
    let removed: Vec<&str> = batch
        .iter()
        .filter(|(_, c)| *c == Change::Document(DocChange::Removed))
        .map(|(p, _)| p.as_str())
        .collect();
    let mut added: Vec<&str> = batch
        .iter()
        .filter(|(_, c)| *c == Change::Document(DocChange::Added))
        .map(|(p, _)| p.as_str())
        .collect();
    let folder = |p: &str| p.rsplit_once('/').map(|(d, _)| d.to_string());
    let file = |p: &str| p.rsplit('/').next().map(str::to_string);
    let mut pairs = vec![];
    for from in removed {
        let hit = added
            .iter()
            .position(|to| folder(to) == folder(from))
            .or_else(|| added.iter().position(|to| file(to) == file(from)));
        if let Some(i) = hit {
            pairs.push((from.to_string(), added.remove(i).to_string()));
        }
    }
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: Known = Known {
        document: true,
        folder: false,
        attached: false,
    };
    const FOLDER: Known = Known {
        document: false,
        folder: true,
        attached: false,
    };
    const NEW: Known = Known {
        document: false,
        folder: false,
        attached: false,
    };
    const ATTACHED: Known = Known {
        document: false,
        folder: false,
        attached: true,
    };

    fn c(rel: &str, presence: Presence, known: Known) -> Change {
        classify(rel, presence, known)
    }

    #[test]
    fn documents_are_edited_added_and_removed() {
        let gfx = "content/fdzdgknr/zcwj/gfxwj/2026-wjbjy.md";
        assert_eq!(
            c(gfx, Presence::File, DOC),
            Change::Document(DocChange::Edited)
        );
        assert_eq!(
            c(gfx, Presence::File, NEW),
            Change::Document(DocChange::Added)
        );
        assert_eq!(
            c(gfx, Presence::Gone, DOC),
            Change::Document(DocChange::Removed)
        );
        assert_eq!(
            c("content/fdzdgknr/czyjs/2026-ys.yaml", Presence::File, DOC),
            Change::Document(DocChange::Edited)
        );
        assert_eq!(
            c("content/gkzn/政府信息公开指南.md", Presence::File, NEW),
            Change::Document(DocChange::Added)
        );
        // Deleted before it was ever read (a quick create-and-delete): nothing to do.
        assert_eq!(c(gfx, Presence::Gone, NEW), Change::Ignored);
    }

    #[test]
    fn columns_and_folders_change_the_tree() {
        assert_eq!(
            c("content/fdzdgknr/_index.md", Presence::File, NEW),
            Change::Columns
        );
        assert_eq!(
            c("content/fdzdgknr/_index.md", Presence::Gone, NEW),
            Change::Columns
        );
        assert_eq!(
            c("content/fdzdgknr/xzxk", Presence::Folder, NEW),
            Change::Columns
        );
        // A column folder moved away: only what was below it tells what it was.
        assert_eq!(
            c("content/fdzdgknr/zcjd", Presence::Gone, FOLDER),
            Change::Columns
        );
        assert_eq!(c("content", Presence::Gone, FOLDER), Change::Columns);
        assert_eq!(
            c("content/_index.md", Presence::File, NEW),
            Change::HomeIntro
        );
    }

    #[test]
    fn other_content_files_are_attachments() {
        for p in [
            "content/fdzdgknr/zcwj/gfxwj/files/2026-wjbjy.pdf",
            "content/fdzdgknr/zcwj/gfxwj/files/若干措施（WORD版）.docx",
            "content/fdzdgknr/zcwj/gfxwj/files", // a folder of attachments removed
        ] {
            assert_eq!(c(p, Presence::Gone, ATTACHED), Change::Attachment, "{p}");
        }
        // A new file may be the attachment a document is missing.
        assert_eq!(
            c("content/gkzn/files/申请表.pdf", Presence::File, NEW),
            Change::Attachment
        );
        // `sed -i` writes a temporary file beside the one it edits, then renames it.
        assert_eq!(
            c("content/gkzn/sedmxa4VJ", Presence::Gone, NEW),
            Change::Ignored
        );
        assert_eq!(
            c("content/gkzn/files/流程图.png", Presence::File, NEW),
            Change::Attachment
        );
    }

    #[test]
    fn theme_files_and_config() {
        assert_eq!(c("xxgk.yaml", Presence::File, NEW), Change::Config);
        assert_eq!(c("xxgk.yaml", Presence::Gone, NEW), Change::Config);
        assert_eq!(
            c("templates/document.html", Presence::File, NEW),
            Change::Template
        );
        assert_eq!(
            c("themes/default/templates/base.html", Presence::File, NEW),
            Change::Template
        );
        assert_eq!(
            c("themes/default/static/css/xxgk.css", Presence::File, NEW),
            Change::Asset
        );
        assert_eq!(c("static/img/logo.png", Presence::File, NEW), Change::Asset);
        assert_eq!(c("templates", Presence::Folder, NEW), Change::Template);
    }

    #[test]
    fn editor_temporaries_and_output_are_ignored() {
        for p in [
            "content/gkzn/.zn.md.swp",            // vim swap (hidden)
            "content/gkzn/zn.md.swp",             // vim swap, 'directory' option
            "content/gkzn/zn.md~",                // backup
            "content/gkzn/4913",                  // vim's write probe
            "content/gkzn/#zn.md#",               // emacs autosave
            "content/gkzn/.#zn.md",               // emacs lock
            "content/gkzn/zn.md___jb_tmp___",     // JetBrains
            "content/gkzn/files/~$若干措施.docx", // Word lock file
            "content/gkzn/zn.md.tmp",
            "content/.drafts/zn.md", // hidden folder: the walk skips it too
            "content/gkzn/.DS_Store",
            "site/index.html",
            ".site.staging-x/index.html",
            "target/debug/xxgk",
            "README.md",
            "templates/.base.html.swp",
        ] {
            assert_eq!(c(p, Presence::File, NEW), Change::Ignored, "{p}");
        }
        // A real document whose name merely contains a dot-word stays a document.
        assert_eq!(
            c("content/gkzn/2026.tmp-plan.md", Presence::File, NEW),
            Change::Document(DocChange::Added)
        );
    }

    #[test]
    fn renames_pair_removal_with_addition() {
        let batch = vec![
            (
                "content/zcjd/old.md".to_string(),
                Change::Document(DocChange::Removed),
            ),
            (
                "content/zcjd/new.md".to_string(),
                Change::Document(DocChange::Added),
            ),
            (
                "content/zcwj/a.md".to_string(),
                Change::Document(DocChange::Removed),
            ),
            (
                "content/qtwj/a.md".to_string(),
                Change::Document(DocChange::Added),
            ),
            (
                "content/zcjd/x.md".to_string(),
                Change::Document(DocChange::Edited),
            ),
        ];
        assert_eq!(
            renames(&batch),
            [
                (
                    "content/zcjd/old.md".to_string(),
                    "content/zcjd/new.md".to_string()
                ),
                (
                    "content/zcwj/a.md".to_string(),
                    "content/qtwj/a.md".to_string()
                ),
            ]
        );
    }
}
