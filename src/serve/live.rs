//! The live site behind `xxgk serve`: the portal's sources as last read, the portal the
//! served pages were rendered from, and which render job wrote which page. An edit
//! re-reads the files it touches and re-renders the jobs it affects; the pages it
//! leaves in memory are byte for byte those a full build of the same files writes.
//!
//! When the files do not build (a content or template error) the pages stay as they
//! were, the errors are shown over them, and the changes wait: the next good state is
//! rendered against the last good one.

use super::affected::{self, affected};
use super::change::{self, Change, DocChange, Known, Presence};
use super::pages::{Page, Pages};
use crate::check::standing::Standing;
use crate::diagnostics::{Diagnostic, Diagnostics, display_path};
use crate::load::{HOME_INTRO_SOURCE, LoadOptions, Sources};
use crate::model::{ColumnId, DocId, Document, Portal};
use crate::render::{self, Job, Renderer, Theme};
use rayon::prelude::*;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;

mod outcome;
use outcome::Lap;
pub use outcome::{Outcome, Status};

/// Tells a search index which documents changed, so that it updates their entries
/// only. The search module implements it and `xxgk serve` plugs it in with
/// [`LiveSite::with_search`]; the rebuild calls it after each good update.
pub trait SearchEntries: Send {
    /// Every public document of `portal` (at start, and after a full re-read).
    fn rebuild(&mut self, portal: &Portal);
    /// `changed`: public documents of `portal` to index again; `removed`: sources
    /// (`content/…`) whose entries must go (deleted, renamed, or no longer public).
    fn update(&mut self, portal: &Portal, changed: &[DocId], removed: &[String]);
}

pub struct LiveSite {
    sources: Sources,
    theme: Option<Theme>,
    theme_error: Option<Diagnostic>,
    /// The portal the pages being served were rendered from.
    shown: Option<Portal>,
    /// The build rules' findings about each document of `shown`, so that an in-place
    /// edit re-runs them for the edited documents only.
    standing: Standing,
    /// Stable job key → the output paths it wrote.
    outputs: HashMap<String, Vec<String>>,
    pending: Pending,
    pages: Arc<Pages>,
    search: Option<Box<dyn SearchEntries>>,
}

/// Changes read but not rendered yet (the files did not build).
#[derive(Default)]
struct Pending {
    /// Render every job (start, templates, columns, configuration).
    all: bool,
    /// Sources re-read.
    touched: BTreeSet<String>,
    assets: bool,
}

impl LiveSite {
    /// Reads and renders the whole portal into `pages`.
    pub fn open(opts: &LoadOptions, pages: Arc<Pages>) -> (LiveSite, Outcome) {
        let mut lap = Lap::new();
        let sources = Sources::read(opts);
        let mut site = LiveSite {
            sources,
            theme: None,
            theme_error: None,
            shown: None,
            standing: Standing::default(),
            outputs: HashMap::new(),
            pending: Pending {
                all: true,
                ..Pending::default()
            },
            pages,
            search: None,
        };
        site.load_theme();
        lap.mark("read");
        let outcome = site.rebuild(vec![], vec![], lap, true);
        (site, outcome)
    }

    /// Plugs in a search index and fills it.
    pub fn with_search(mut self, mut search: Box<dyn SearchEntries>) -> Self {
        if let Some(p) = &self.shown {
            search.rebuild(p);
        }
        self.search = Some(search);
        self
    }

    pub fn pages(&self) -> &Arc<Pages> {
        &self.pages
    }

    /// The portal the served pages show.
    pub fn portal(&self) -> Option<&Portal> {
        self.shown.as_ref()
    }

    /// Applies a batch of changed paths (absolute, as the watcher reports them).
    pub fn apply(&mut self, paths: &[PathBuf]) -> Outcome {
        let mut lap = Lap::new();
        let root = self.sources.root().to_path_buf();
        let mut changes: Vec<(String, Change, PathBuf)> = vec![];
        let mut seen = HashSet::new();
        for path in paths {
            let Ok(rel) = path.strip_prefix(&root) else {
                continue;
            };
            let rel = display_path(&root, &root.join(rel));
            if !seen.insert(rel.clone()) {
                continue;
            }
            let presence = match std::fs::metadata(path) {
                Ok(m) if m.is_dir() => Presence::Folder,
                Ok(_) => Presence::File,
                Err(_) => Presence::Gone,
            };
            let known = Known {
                document: self.sources.has_document(&rel),
                folder: self.sources.knows_folder(&rel),
                attached: self.sources.is_attached(path),
            };
            let c = change::classify(&rel, presence, known);
            if c != Change::Ignored {
                changes.push((rel, c, path.clone()));
            }
        }
        let listed: Vec<(String, Change)> =
            changes.iter().map(|(r, c, _)| (r.clone(), *c)).collect();
        let renames = change::renames(&listed);
        if changes.is_empty() {
            return Outcome {
                changes: listed,
                renames,
                status: Status::Unchanged,
                diagnostics: vec![],
                elapsed: lap.start.elapsed(),
                stages: vec![],
                reload: false,
            };
        }
        let of = |want: fn(Change) -> bool| -> Vec<PathBuf> {
            changes
                .iter()
                .filter(|(_, c, _)| want(*c))
                .map(|(_, _, p)| p.clone())
                .collect()
        };
        let everything = changes
            .iter()
            .any(|(_, c, _)| matches!(c, Change::Columns | Change::Config));
        let edits_only = changes
            .iter()
            .all(|(_, c, _)| *c == Change::Document(DocChange::Edited));
        let templates_only = changes.iter().all(|(_, c, _)| *c == Change::Template);
        if templates_only && self.in_step() {
            self.load_theme();
            if self.theme_error.is_none() {
                return self.restyle(listed, lap).with_renames(renames);
            }
            // A broken template: the general path below shows its error over the pages.
            self.pending.all = true;
        } else if everything {
            self.sources = Sources::read(self.sources.options());
            self.pending.all = true;
        } else if edits_only && self.in_step() {
            let docs = of(|_| true);
            let shown = self.shown.as_ref().expect("in step");
            match self.sources.reread_in_place(&docs, shown) {
                Ok(new) if affected::keeps_places(shown, &new) => {
                    let report = listed.iter().map(|(r, _)| r.clone()).collect();
                    return self.patch(new, listed, report, lap).with_renames(renames);
                }
                Ok(new) => self
                    .pending
                    .touched
                    .extend(new.into_iter().map(|d| d.source)),
                Err(touched) => self.pending.touched.extend(touched),
            }
        } else {
            let mut touched = self
                .sources
                .reread_documents(&of(|c| matches!(c, Change::Document(_))));
            // A portal asset may be attached too; re-reading is cheap when none is.
            touched.extend(
                self.sources
                    .reread_attachments(&of(|c| matches!(c, Change::Attachment | Change::Asset))),
            );
            if changes.iter().any(|(_, c, _)| *c == Change::HomeIntro) {
                self.sources.reread_home_intro();
                touched.insert(HOME_INTRO_SOURCE.to_string());
            }
            self.pending.touched.extend(touched);
        }
        let templates = changes.iter().any(|(_, c, _)| *c == Change::Template);
        let assets = changes.iter().any(|(_, c, _)| *c == Change::Asset);
        if templates || assets {
            self.load_theme();
            self.pending.all |= templates;
            self.pending.assets |= assets;
        }
        let changed: Vec<String> = listed.iter().map(|(r, _)| r.clone()).collect();
        lap.mark("read");
        self.rebuild(listed, changed, lap, false)
            .with_renames(renames)
    }

    fn load_theme(&mut self) {
        match Theme::load(self.sources.root()) {
            Ok(t) => {
                self.theme = Some(t);
                self.theme_error = None;
            }
            Err(e) => {
                self.theme_error = Some(Diagnostic::error(
                    "template",
                    &e.file,
                    0,
                    format!("模板有误：{}", e.message),
                ));
            }
        }
    }

    /// Assembles the portal from the sources and renders what changed since the pages
    /// were last rendered; `report` names the files whose warnings are worth printing.
    fn rebuild(
        &mut self,
        changes: Vec<(String, Change)>,
        report: Vec<String>,
        mut lap: Lap,
        all_warnings: bool,
    ) -> Outcome {
        let (portal, mut diags) = self.sources.portal();
        // The build's rules (`check::for_build`), keeping each document's share.
        let standing = portal.as_ref().map(|p| {
            let (standing, found) = Standing::new(p);
            diags.extend(found);
            standing
        });
        if let Some(e) = &self.theme_error {
            diags.push(e.clone());
        }
        let (Some(portal), Some(theme), false) = (portal, &self.theme, diags.has_errors()) else {
            return self.block(changes, diags, lap);
        };
        lap.mark("assemble");

        let all_jobs = render::jobs(&portal);
        let mut jobs = match &self.shown {
            Some(shown) if !self.pending.all => {
                let mut jobs = affected(shown, &portal, &self.pending.touched);
                if self.pending.assets && !jobs.contains(&Job::Assets) {
                    jobs.push(Job::Assets);
                }
                jobs
            }
            _ => all_jobs.clone(),
        };
        let all_keys: HashMap<String, Job> = all_jobs
            .iter()
            .map(|j| (job_key(&portal, *j), *j))
            .collect();
        // Jobs the site now has that never wrote a page (a new document …).
        let mut chosen: HashSet<String> = jobs.iter().map(|j| job_key(&portal, *j)).collect();
        for (key, job) in &all_keys {
            if !self.outputs.contains_key(key) && chosen.insert(key.clone()) {
                jobs.push(*job);
            }
        }

        lap.mark("affected");
        let rendered = match render_jobs(&portal, theme, &jobs) {
            Ok(r) => r,
            Err(errors) => return self.block(changes, errors, lap),
        };
        lap.mark("render");
        let gone: Vec<String> = self
            .outputs
            .keys()
            .filter(|k| !all_keys.contains_key(*k) || chosen.contains(*k))
            .cloned()
            .collect();
        let (count, removed, had_errors) = self.publish(&portal, rendered, gone);
        if let Some(search) = &mut self.search {
            if self.pending.all {
                search.rebuild(&portal);
            } else {
                update_search(search.as_mut(), &portal, &self.pending.touched);
            }
        }

        let diagnostics = diags
            .sorted()
            .into_iter()
            .filter(|d| all_warnings || report.contains(&d.file))
            .collect();
        lap.mark("publish");
        self.shown = Some(portal);
        self.standing = standing.unwrap_or_default();
        self.pending = Pending::default();
        Outcome::updated(changes, (count, removed, had_errors), diagnostics, lap)
    }
}

impl LiveSite {
    /// Whether the pages show exactly the sources as last read, so that an edit can be
    /// patched into the portal they were rendered from.
    fn in_step(&self) -> bool {
        !self.pending.all
            && !self.pending.assets
            && self.pending.touched.is_empty()
            && self.shown.is_some()
            && self.theme.is_some()
            && self.theme_error.is_none()
            && self.pages.read().errors.is_empty()
    }

    /// Only templates changed and the pages show the sources as last read: the facts
    /// are the same, so the portal, the rules' findings and the search index stay, and
    /// every page is rendered again with the new templates — what a build would write.
    fn restyle(&mut self, changes: Vec<(String, Change)>, mut lap: Lap) -> Outcome {
        lap.mark("read");
        let (Some(portal), Some(theme)) = (self.shown.take(), &self.theme) else {
            self.pending.all = true;
            return self.block(changes, Diagnostics::new(), lap);
        };
        let jobs = render::jobs(&portal);
        lap.mark("affected");
        let rendered = match render_jobs(&portal, theme, &jobs) {
            Ok(r) => r,
            Err(errors) => {
                self.shown = Some(portal);
                self.pending.all = true;
                return self.block(changes, errors, lap);
            }
        };
        lap.mark("render");
        let gone = self.outputs.keys().cloned().collect();
        let (count, removed, had_errors) = self.publish(&portal, rendered, gone);
        lap.mark("publish");
        self.shown = Some(portal);
        Outcome::updated(changes, (count, removed, had_errors), vec![], lap)
    }

    /// Edited documents that keep their places in every list: swapped into the portal
    /// the pages show, and only the jobs that show them re-rendered.
    fn patch(
        &mut self,
        new: Vec<Document>,
        changes: Vec<(String, Change)>,
        report: Vec<String>,
        mut lap: Lap,
    ) -> Outcome {
        lap.mark("read");
        let Some(mut portal) = self.shown.take() else {
            return self.block(changes, Diagnostics::new(), lap);
        };
        let ids: Vec<DocId> = new.iter().map(|d| d.id).collect();
        let series_before: BTreeSet<DocId> = ids
            .iter()
            .flat_map(|id| portal.relations.series(*id).iter().map(|(_, m)| *m))
            .collect();
        let mut diags = Diagnostics::new();
        // An edited document that asks for generated downloads gets them as in a build
        // (the others have theirs already; unchanged ones come from the cache).
        let new = with_downloads(&portal, new, &mut diags);
        let mut before = Vec::with_capacity(new.len());
        for d in new {
            let id = d.id;
            before.push(std::mem::replace(&mut portal.documents[id], d));
        }
        // Only the edited documents' relations are recomputed.
        portal.relations.replace(&portal.documents, &ids);
        lap.mark("downloads");
        // The rules a build runs, from the same registry, so that serve refuses what
        // build does (duplicate-budget …): the edited documents' share again, the rest
        // of the portal in full (see `check::standing`). Those beyond personal data
        // report their warnings only for the files this change touched, as a
        // document's own did.
        let mut across = Diagnostics::new();
        crate::load::check_assembled(&portal, &mut across);
        lap.mark("files");
        for d in self.standing.update(&portal, &ids) {
            match crate::check::rule(d.rule) {
                Some(r) if r.blocking => diags.push(d),
                _ => across.push(d),
            }
        }
        lap.mark("rules");
        diags.extend(
            across
                .sorted()
                .into_iter()
                .filter(|d| d.is_error() || report.contains(&d.file)),
        );
        for source in &report {
            diags.extend(self.sources.document_diagnostics(source));
        }
        lap.mark("assemble");
        let touched = affected::affected_in_place(&portal, &before, &series_before);
        lap.mark("affected");
        let results = match (&self.theme, diags.has_errors()) {
            (Some(theme), false) => render_jobs(&portal, theme, &touched.jobs).and_then(|jobs| {
                let pages = render_column_pages(&portal, theme, &touched.column_pages)?;
                Ok((jobs, pages))
            }),
            _ => Err(diags.clone()),
        };
        let (rendered, pages) = match results {
            Ok(r) => r,
            Err(errors) => {
                // Put the pages' portal back; the edit waits for the next good state.
                for d in before {
                    let id = d.id;
                    portal.documents[id] = d;
                }
                portal.relations.replace(&portal.documents, &ids);
                self.standing.update(&portal, &ids);
                self.shown = Some(portal);
                self.pending.touched.extend(report);
                return self.block(changes, errors, lap);
            }
        };
        lap.mark("render");
        let gone = rendered.iter().map(|(k, _)| k.clone()).collect();
        let (count, removed, had_errors) = self.publish(&portal, rendered, gone);
        let count = count + pages.len();
        // Single list pages replace their old versions; their column's job still owns them.
        let mut shelf = self.pages.write();
        for f in pages {
            shelf.files.insert(f.path, Page::from(f.content));
        }
        drop(shelf);
        if let Some(search) = &mut self.search {
            let touched: BTreeSet<String> = before.iter().map(|d| d.source.clone()).collect();
            update_search(search.as_mut(), &portal, &touched);
        }
        lap.mark("publish");
        self.shown = Some(portal);
        Outcome::updated(changes, (count, removed, had_errors), diags.sorted(), lap)
    }

    /// Puts rendered pages in place of those the `gone` jobs wrote (first taking those
    /// away, so that a page moving between jobs is never lost). Returns the pages
    /// written and removed, and whether errors were showing.
    fn publish(
        &mut self,
        portal: &Portal,
        rendered: Vec<(String, Vec<render::OutFile>)>,
        gone: Vec<String>,
    ) -> (usize, usize, bool) {
        let mut shelf = self.pages.write();
        let mut taken = vec![];
        for key in gone {
            for path in self.outputs.remove(&key).unwrap_or_default() {
                shelf.files.remove(&path);
                taken.push(path);
            }
        }
        let mut count = 0;
        for (key, files) in rendered {
            let mut paths = Vec::with_capacity(files.len());
            for f in files {
                count += 1;
                paths.push(f.path.clone());
                shelf.files.insert(f.path, Page::from(f.content));
            }
            self.outputs.insert(key, paths);
        }
        let removed = taken
            .iter()
            .filter(|p| !shelf.files.contains_key(p.as_str()))
            .count();
        let had_errors = !shelf.errors.is_empty();
        shelf.errors.clear();
        shelf.base_path = portal.config.base_path();
        shelf.built = true;
        (count, removed, had_errors)
    }

    /// The files do not build: the pages stay, the errors are shown over them.
    fn block(&mut self, changes: Vec<(String, Change)>, diags: Diagnostics, lap: Lap) -> Outcome {
        let errors: Vec<Diagnostic> = diags
            .sorted()
            .into_iter()
            .filter(|d| d.is_error())
            .collect();
        self.pages.write().errors = errors.clone();
        Outcome {
            changes,
            renames: vec![],
            status: Status::Blocked {
                errors: errors.len(),
            },
            diagnostics: errors,
            elapsed: lap.start.elapsed(),
            stages: lap.stages,
            reload: true,
        }
    }
}

/// The generated downloads of edited documents, as `downloads::attach` gives them
/// where a portal is assembled. It adds to each document on its own, so it runs over
/// a portal of these documents alone: over the whole one it would read every
/// document's file again to see whether it asks for them.
fn with_downloads(portal: &Portal, new: Vec<Document>, diags: &mut Diagnostics) -> Vec<Document> {
    let mut only = Portal {
        root: portal.root.clone(),
        config: portal.config.clone(),
        today: portal.today,
        columns: vec![],
        documents: new,
        home_intro: None,
        relations: Default::default(),
    };
    crate::downloads::attach(&mut only, diags);
    only.documents
}

/// Renders jobs in parallel, each with its stable key; any error fails them all.
fn render_jobs(
    portal: &Portal,
    theme: &Theme,
    jobs: &[Job],
) -> Result<Vec<(String, Vec<render::OutFile>)>, Diagnostics> {
    let renderer = Renderer::new(portal, theme);
    let results: Vec<(Job, Result<Vec<render::OutFile>, Diagnostic>)> = jobs
        .par_iter()
        .map(|job| (*job, renderer.run(*job)))
        .collect();
    let mut rendered = vec![];
    let mut errors = Diagnostics::new();
    for (job, r) in results {
        match r {
            Ok(files) => rendered.push((job_key(portal, job), files)),
            Err(e) => errors.push(e),
        }
    }
    if errors.has_errors() {
        Err(errors)
    } else {
        Ok(rendered)
    }
}

/// Single pages of column lists, in parallel.
fn render_column_pages(
    portal: &Portal,
    theme: &Theme,
    pages: &[(ColumnId, Vec<usize>)],
) -> Result<Vec<render::OutFile>, Diagnostics> {
    let renderer = Renderer::new(portal, theme);
    let results: Vec<Result<Vec<render::OutFile>, Diagnostic>> = pages
        .par_iter()
        .map(|(col, numbers)| renderer.column_pages(*col, Some(numbers)))
        .collect();
    let mut files = vec![];
    let mut errors = Diagnostics::new();
    for r in results {
        match r {
            Ok(f) => files.extend(f),
            Err(e) => errors.push(e),
        }
    }
    if errors.has_errors() {
        Err(errors)
    } else {
        Ok(files)
    }
}

fn update_search(search: &mut dyn SearchEntries, portal: &Portal, touched: &BTreeSet<String>) {
    let mut changed = vec![];
    let mut gone = vec![];
    for source in touched {
        match portal
            .documents
            .binary_search_by(|d| d.source.as_str().cmp(source))
        {
            Ok(id) if portal.doc(id).is_public() => changed.push(id),
            _ => gone.push(source.clone()),
        }
    }
    search.update(portal, &changed, &gone);
}

/// A name for a job that stays the same when documents are added or removed (their
/// ids shift) — so that the pages each job wrote can be found again.
fn job_key(p: &Portal, job: Job) -> String {
    match job {
        Job::Column(c) => format!("column:{}", p.column(c).path),
        Job::Document(d) => format!("document:{}", p.doc(d).source),
        other => format!("{other:?}"),
    }
}
