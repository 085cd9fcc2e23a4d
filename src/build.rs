//! The build pipeline: load → check → render → index → write.

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::{self, LoadOptions};
use crate::model::Portal;
use crate::output::Staging;
use crate::render::{self, Theme, ThemeError};
use chrono::NaiveDate;
use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Defaults to `<root>/site`.
    pub out: Option<PathBuf>,
    pub base_url: Option<String>,
    pub today: NaiveDate,
    /// Show a progress bar (only when stderr is a terminal and the build is long).
    pub progress: bool,
}

#[derive(Debug)]
pub struct BuildReport {
    pub documents: usize,
    pub pages: usize,
    pub files: usize,
    pub bytes: u64,
    pub elapsed: Duration,
    /// Time per pipeline stage, in order.
    pub stages: Vec<(&'static str, Duration)>,
    pub out: PathBuf,
    /// Warnings (the build succeeded).
    pub diagnostics: Vec<Diagnostic>,
}

#[derive(Debug)]
pub enum BuildError {
    /// Content errors: nothing was written.
    Content(Vec<Diagnostic>),
    /// The output could not be written; the previous site is untouched.
    Io(String),
    /// The output folder is not one a build may replace (see [`crate::output::check_out`]):
    /// a usage error, nothing was read or written.
    Refused(String),
}

impl BuildOptions {
    pub fn out_dir(&self) -> PathBuf {
        self.out.clone().unwrap_or_else(|| self.root.join("site"))
    }
}

/// Loads the portal and runs the rules a build runs ([`check`]).
pub fn load_checked(opts: &LoadOptions) -> (Option<Portal>, Diagnostics) {
    let (portal, mut diags) = load::load(opts);
    if let Some(p) = &portal {
        check(p, &mut diags);
    }
    (portal, diags)
}

/// The rules over a loaded portal that a build runs (the registry's `build` rules:
/// personal data, the kinds' data rules, 佐证 that points nowhere); their errors
/// stop it. `xxgk serve` runs them after every edit as well, so that the preview
/// refuses what a build refuses.
pub fn check(portal: &Portal, diags: &mut Diagnostics) {
    diags.extend(crate::check::for_build(portal));
}

/// Loads and checks the portal and its theme, as `xxgk build` does before rendering:
/// the portal, the theme and the warnings, or every error of the run.
pub fn load_site(opts: &LoadOptions) -> Result<(Portal, Theme, Diagnostics), Vec<Diagnostic>> {
    load_site_with(opts, Theme::load(&opts.root))
}

/// [`load_site`] with the theme of `opts.root` already loaded.
pub fn load_site_with(
    opts: &LoadOptions,
    theme: Result<Theme, ThemeError>,
) -> Result<(Portal, Theme, Diagnostics), Vec<Diagnostic>> {
    let (portal, mut diags) = load_checked(opts);
    if let Err(e) = &theme {
        diags.push(Diagnostic::error(
            "template",
            &e.file,
            0,
            format!("模板有误：{}", e.message),
        ));
    }
    match (portal, theme, diags.has_errors()) {
        (Some(portal), Ok(theme), false) => Ok((portal, theme, diags)),
        _ => Err(diags.sorted()),
    }
}

/// Every file `xxgk build` writes, except the search shards, rendered in memory from
/// what [`load_site`] (or [`load_site_with`]) returned: what the live preview must
/// serve byte for byte (tests compare the two). Errors as [`build`] reports them.
pub fn render_in_memory(
    loaded: Result<(Portal, Theme, Diagnostics), Vec<Diagnostic>>,
) -> Result<Vec<render::OutFile>, Vec<Diagnostic>> {
    let (portal, theme, _) = loaded?;
    render::render(&portal, &theme, &render::jobs(&portal), &|| {})
}

pub fn build(opts: &BuildOptions) -> Result<BuildReport, BuildError> {
    let start = Instant::now();
    crate::output::check_out(&opts.root, &opts.out_dir()).map_err(BuildError::Refused)?;
    let mut stages = vec![];
    let mut lap = Instant::now();
    let mut stage = |name: &'static str| {
        stages.push((name, lap.elapsed()));
        lap = Instant::now();
    };
    let load_opts = LoadOptions {
        root: opts.root.clone(),
        today: opts.today,
        base_url: opts.base_url.clone(),
    };
    let (portal, theme, diags) = load_site(&load_opts).map_err(BuildError::Content)?;
    stage("load+check");

    // The tantivy index reads only the model, so it is built while the pages
    // render and are written; the shards are exported from it afterwards.
    let search_docs = crate::search::portal::documents(&portal);
    let index_dir = crate::search::portal::index_dir(&portal.root);
    let out = opts.out_dir();
    let (rendered, indexed) = std::thread::scope(|scope| {
        let indexing = scope.spawn(|| crate::search::build_index(&search_docs, &index_dir));
        let rendered = render_and_write(&portal, &theme, opts.progress, &out, &mut stage);
        let indexed = indexing.join().unwrap_or_else(|_| {
            Err(crate::search::SearchError::Index {
                path: index_dir.clone(),
                message: "the indexing thread stopped".into(),
            })
        });
        (rendered, indexed)
    });
    let (written, staging) = rendered?;
    let search_failed = |e| BuildError::Io(format!("生成搜索索引失败：{e}"));
    indexed.map_err(search_failed)?;
    stage("index (rest)");
    let lexicon = crate::search::related::Lexicon::of(&portal.config);
    crate::search::export_shards_with(
        &index_dir,
        &staging.path().join(crate::routes::SEARCH_DIR),
        &crate::search::ExportOptions {
            vocabulary: crate::search::related::Vocabulary::of_docs(&search_docs, &lexicon),
            lexicon,
            ..Default::default()
        },
    )
    .map_err(search_failed)?;
    stage("search shards");
    staging
        .swap()
        .map_err(|e| BuildError::Io(format!("替换输出目录失败：{e}")))?;

    Ok(BuildReport {
        documents: portal.public_documents().count(),
        pages: written.pages,
        files: written.files,
        bytes: written.bytes,
        elapsed: start.elapsed(),
        stages,
        out,
        diagnostics: diags.sorted(),
    })
}

/// What the render stage wrote.
struct Written {
    files: usize,
    pages: usize,
    bytes: u64,
}

/// Renders every page and writes it to a staging folder beside `out`. The
/// rendered pages are dropped once written: the search export that follows
/// needs the memory more than anything needs the pages again.
fn render_and_write(
    portal: &Portal,
    theme: &Theme,
    progress: bool,
    out: &Path,
    stage: &mut impl FnMut(&'static str),
) -> Result<(Written, Staging), BuildError> {
    let jobs = render::jobs(portal);
    let bar = progress_bar(progress, jobs.len());
    let tick = || bar.inc(1);
    let files = render::render(portal, theme, &jobs, &tick).map_err(BuildError::Content)?;
    bar.finish_and_clear();
    stage("render");
    let staging =
        Staging::new(out).map_err(|e| BuildError::Io(format!("无法创建临时输出目录：{e}")))?;
    let bytes = staging
        .write_all(&files)
        .map_err(|e| BuildError::Io(format!("写入失败：{e}")))?;
    stage("write");
    let written = Written {
        files: files.len(),
        pages: files.iter().filter(|f| f.path.ends_with(".html")).count(),
        bytes,
    };
    Ok((written, staging))
}

fn progress_bar(enabled: bool, len: usize) -> ProgressBar {
    // A bar only helps on a terminal, and only when the build takes a while.
    if !enabled || len < 500 || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(len as u64);
    if let Ok(style) = ProgressStyle::with_template("{spinner} 生成页面 {bar:40} {pos}/{len}") {
        bar.set_style(style);
    }
    bar
}
