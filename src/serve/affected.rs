//! Which render jobs an edit touches: the document's own page; when what lists show of
//! it changed, its column's list pages and its ancestors'; the pages that link to it
//! (the policy it interprets, its interpretations, the decision whose feedback it is);
//! the home page, the directories, the sitemap and the feed when their lists changed.
//! An edit to a body alone re-renders one page (and the feed, if the document is recent).

use crate::listing;
use crate::load::HOME_INTRO_SOURCE;
use crate::model::kinds::plan::ledger::plan_of;
use crate::model::{
    ColumnId, Disclosure, DocId, Document, InterpretationForm, Kind, Pin, Portal, Validity,
};
use crate::render::{self, Job};
use chrono::NaiveDate;
use std::collections::{BTreeSet, HashMap, HashSet};

/// Entries of `feed.xml`, and how much of a body each shows (see render/feed.rs).
const FEED_ENTRIES: usize = 30;
const FEED_SUMMARY_CHARS: usize = 160;
/// Latest disclosures on the home page (see render/mod.rs).
const HOME_LATEST: usize = 12;

/// The jobs of `new` whose output may differ from what they rendered from `old`, when
/// the documents `touched` (source paths) were re-read in between. Columns and the
/// configuration are the same in both (else everything is re-rendered).
pub fn affected(old: &Portal, new: &Portal, touched: &BTreeSet<String>) -> Vec<Job> {
    if site_view(old) != site_view(new) {
        return render::jobs(new);
    }
    let old_ids = by_source(old);
    let new_ids = by_source(new);
    let new_columns: HashMap<&str, ColumnId> = new
        .columns
        .iter()
        .map(|c| (c.path.as_str(), c.id))
        .collect();
    let mut docs: HashSet<DocId> = HashSet::new();
    let mut columns: HashSet<ColumnId> = HashSet::new();
    let mut lists_changed = false;
    let mut bodies_changed = false;
    let mut ledger = false;

    for source in touched {
        let o = old_ids.get(source.as_str()).copied();
        let n = new_ids.get(source.as_str()).copied();
        if let Some(n) = n.filter(|n| new.doc(*n).is_public()) {
            docs.insert(n);
        }
        ledger |= o.is_some_and(|o| in_ledger(old, old.doc(o)))
            || n.is_some_and(|n| in_ledger(new, new.doc(n)));
        let listed = o.map(|o| shown(old, o)) != n.map(|n| shown(new, n));
        if listed {
            lists_changed = true;
            let trails = o
                .map(|o| (old, old.doc(o).column))
                .into_iter()
                .chain(n.map(|n| (new, new.doc(n).column)));
            for (p, col) in trails {
                for c in p.column_trail(col) {
                    if let Some(id) = new_columns.get(p.column(c).path.as_str()) {
                        columns.insert(*id);
                    }
                }
            }
        }
        if o.map(|o| feed_summary(old, o)) != n.map(|n| feed_summary(new, n)) {
            bodies_changed = true;
        }
        // Pages that show a link to this document: all of them when what a link shows
        // changed, else those that gained or lost the link.
        let before = o.map(|o| linked_from(old, o)).unwrap_or_default();
        let after = n.map(|n| linked_from(new, n)).unwrap_or_default();
        let related: Vec<&str> = if listed {
            before.union(&after).copied().collect()
        } else {
            before.symmetric_difference(&after).copied().collect()
        };
        // The other members of its year series before and after: each of their pages
        // shows a row of this document.
        let series = o
            .map(|o| series_sources(old, o))
            .unwrap_or_default()
            .into_iter()
            .chain(n.map(|n| series_sources(new, n)).unwrap_or_default());
        for r in related.into_iter().chain(series) {
            if let Some(id) = new_ids.get(r).filter(|id| new.doc(**id).is_public()) {
                docs.insert(*id);
            }
        }
    }

    let differs = |list: fn(&Portal) -> Vec<DocId>| {
        let a: Vec<Shown> = list(old).into_iter().map(|id| shown(old, id)).collect();
        let b: Vec<Shown> = list(new).into_iter().map(|id| shown(new, id)).collect();
        a != b
    };
    let home = touched.contains(HOME_INTRO_SOURCE)
        || (lists_changed
            && (differs(listing::pinned_guides) || differs(|p| listing::latest(p, HOME_LATEST))));
    let current_normative = lists_changed && differs(listing::current_normative);
    let on_request = lists_changed && differs(listing::on_request_directory);
    let sitemap = lists_changed && sitemap_entries(old) != sitemap_entries(new);
    let feed = (lists_changed || bodies_changed) && feed_entries(old) != feed_entries(new);

    render::jobs(new)
        .into_iter()
        .filter(|job| match job {
            Job::Home => home,
            // The 依申请公开 column shows the whole directory.
            Job::Column(c) => {
                columns.contains(c) || (on_request && listing::is_on_request_column(new, *c))
            }
            Job::Document(d) => docs.contains(d),
            Job::CurrentNormative => current_normative,
            Job::OnRequestDirectory => on_request,
            Job::Sitemap => sitemap,
            Job::Feed => feed,
            Job::LedgerIndex | Job::Ledger(_) => ledger,
            // They show the site and the theme only.
            Job::Search | Job::NotFound | Job::Assets => false,
            // A job added later is re-rendered on every edit until its inputs are spelled out here.
            #[allow(unreachable_patterns)]
            _ => true,
        })
        .collect()
}

/// Jobs outside the ones [`affected_in_place`] reasons about: re-rendered on every
/// edit (ledgers when they show an edited document).
fn other_jobs(portal: &Portal, edited: &[&Document]) -> Vec<Job> {
    let ledger = edited.iter().any(|d| in_ledger(portal, d));
    render::jobs(portal)
        .into_iter()
        .filter(|job| match job {
            Job::Home
            | Job::Column(_)
            | Job::Document(_)
            | Job::CurrentNormative
            | Job::OnRequestDirectory
            | Job::Sitemap
            | Job::Feed
            | Job::Search
            | Job::NotFound
            | Job::Assets => false,
            Job::LedgerIndex | Job::Ledger(_) => ledger,
            #[allow(unreachable_patterns)]
            _ => true,
        })
        .collect()
}

fn by_source(p: &Portal) -> HashMap<&str, DocId> {
    p.documents
        .iter()
        .map(|d| (d.source.as_str(), d.id))
        .collect()
}

/// Everything a list, a directory row or a link shows of a document, and everything
/// that orders it: when this is unchanged, only the document's own page changed.
#[derive(PartialEq)]
struct Shown<'a> {
    source: &'a str,
    column: &'a str,
    title: &'a str,
    date: NaiveDate,
    written: Option<NaiveDate>,
    doc_number: Option<&'a str>,
    issuer: &'a str,
    index_no: Option<String>,
    kind: Kind,
    validity: Option<Validity>,
    pin: Option<Pin>,
    form: Option<InterpretationForm>,
    disclosure: &'a Disclosure,
    secret: bool,
}

fn shown(p: &Portal, id: DocId) -> Shown<'_> {
    shown_doc(p, p.doc(id))
}

fn shown_doc<'a>(p: &'a Portal, d: &'a Document) -> Shown<'a> {
    Shown {
        source: &d.source,
        column: &p.column(d.column).path,
        title: &d.title,
        date: d.date,
        written: d.written,
        doc_number: d.doc_number.as_deref(),
        issuer: &d.issuer,
        index_no: d.index_no.as_ref().map(|n| n.to_string()),
        kind: d.kind,
        validity: d.effective_validity(p.today),
        pin: d.active_pin(p.today),
        form: d.form,
        disclosure: &d.disclosure,
        secret: d.is_secret(),
    }
}

/// What decides whether and where a document is listed: when this is unchanged, every
/// list keeps its members and their order.
#[derive(PartialEq)]
struct Placed<'a> {
    source: &'a str,
    column: &'a str,
    date: NaiveDate,
    written: Option<NaiveDate>,
    index_no: Option<String>,
    kind: Kind,
    validity: Option<Validity>,
    pin: Option<Pin>,
    disclosure: &'a Disclosure,
    secret: bool,
}

fn placed<'a>(s: &Shown<'a>) -> Placed<'a> {
    Placed {
        source: s.source,
        column: s.column,
        date: s.date,
        written: s.written,
        index_no: s.index_no.clone(),
        kind: s.kind,
        validity: s.validity,
        pin: s.pin,
        disclosure: s.disclosure,
        secret: s.secret,
    }
}

/// Whether documents re-read in place (`new`, not yet in `portal`) keep their places in
/// every list: then [`affected_in_place`] applies.
pub fn keeps_places(portal: &Portal, new: &[Document]) -> bool {
    new.iter()
        .all(|n| placed(&shown(portal, n.id)) == placed(&shown_doc(portal, n)))
}

/// The jobs of `portal` to re-render after documents were replaced in place, each
/// keeping its place in every list (see [`keeps_places`]); `before` are the documents
/// as they were. A body edit is its page (and the feed when it quotes the body); an
/// edit to what lists show reaches the list pages it is on, the home page and the
/// directories when they hold it, and the pages that link to it.
///
/// `series_before`: the members of the edited documents' year series before the edit
/// (from the relations table); `portal.relations` already holds the new ones.
pub fn affected_in_place(
    portal: &Portal,
    before: &[Document],
    series_before: &BTreeSet<DocId>,
) -> InPlace {
    let mut jobs = vec![];
    let mut column_pages: Vec<(ColumnId, Vec<usize>)> = vec![];
    let mut shown_changed = vec![];
    let mut body_changed = vec![];
    for old in before {
        let id = old.id;
        if portal.doc(id).is_public() {
            jobs.push(Job::Document(id));
        }
        // Every page of its year series shows a row of it.
        for (_, m) in portal.relations.series(id) {
            if portal.doc(*m).is_public() {
                jobs.push(Job::Document(*m));
            }
        }
        if shown_doc(portal, old) != shown(portal, id) {
            shown_changed.push(id);
            // Its place is kept: only the list page it is on changes, in its column
            // and in each column above.
            for c in portal.column_trail(portal.doc(id).column) {
                let listed = listing::column_documents(portal, c);
                let Some(at) = listed.iter().position(|d| *d == id) else {
                    continue;
                };
                let page = at / portal.config.page_size.max(1) + 1;
                match column_pages.iter_mut().find(|(col, _)| *col == c) {
                    Some((_, pages)) if !pages.contains(&page) => pages.push(page),
                    Some(_) => {}
                    None => column_pages.push((c, vec![page])),
                }
            }
            for d in portal.relations.linked_from(id) {
                if portal.doc(d).is_public() {
                    jobs.push(Job::Document(d));
                }
            }
        }
        if feed_summary_of(old) != feed_summary(portal, id) {
            body_changed.push(id);
        }
    }
    for m in series_before {
        if portal.doc(*m).is_public() {
            jobs.push(Job::Document(*m));
        }
    }
    let holds = |list: Vec<DocId>, ids: &[DocId]| list.iter().any(|d| ids.contains(d));
    if !shown_changed.is_empty() {
        if holds(listing::pinned_guides(portal), &shown_changed)
            || holds(listing::latest(portal, HOME_LATEST), &shown_changed)
        {
            jobs.push(Job::Home);
        }
        if holds(listing::current_normative(portal), &shown_changed) {
            jobs.push(Job::CurrentNormative);
        }
        if holds(listing::on_request_directory(portal), &shown_changed) {
            jobs.push(Job::OnRequestDirectory);
        }
        // Columns that list directory rows instead of documents (see listing).
        for c in &portal.columns {
            if holds(listing::column_directory(portal, c.id), &shown_changed) {
                jobs.push(Job::Column(c.id));
            }
        }
    }
    let quoted: Vec<DocId> = shown_changed.iter().chain(&body_changed).copied().collect();
    if !quoted.is_empty() && holds(listing::latest(portal, FEED_ENTRIES), &quoted) {
        jobs.push(Job::Feed);
    }
    let edited: Vec<&Document> = before
        .iter()
        .flat_map(|old| [old, portal.doc(old.id)])
        .collect();
    jobs.extend(other_jobs(portal, &edited));
    let mut unique = vec![];
    for j in jobs {
        if !unique.contains(&j) {
            unique.push(j);
        }
    }
    InPlace {
        jobs: unique,
        column_pages,
    }
}

/// What an in-place edit re-renders: whole jobs, and single pages of column lists.
#[derive(Debug, PartialEq, Eq)]
pub struct InPlace {
    pub jobs: Vec<Job>,
    /// (column, the 1-based numbers of its list pages that show an edited document).
    pub column_pages: Vec<(ColumnId, Vec<usize>)>,
}

/// The start of the body the feed shows.
fn feed_summary(p: &Portal, id: DocId) -> String {
    feed_summary_of(p.doc(id))
}

fn feed_summary_of(d: &Document) -> String {
    d.body
        .as_ref()
        .map(|b| b.text.chars().take(FEED_SUMMARY_CHARS).collect())
        .unwrap_or_default()
}

/// Sources of the documents whose pages show a link to `id` (the relations table:
/// the policy it interprets, its interpretations, decisions that name it as their
/// consultation feedback, plans that cite it).
fn linked_from(p: &Portal, id: DocId) -> BTreeSet<&str> {
    p.relations
        .linked_from(id)
        .map(|d| p.doc(d).source.as_str())
        .collect()
}

/// Sources of the other members of `id`'s year series.
fn series_sources(p: &Portal, id: DocId) -> Vec<&str> {
    p.relations
        .series(id)
        .iter()
        .filter(|(_, m)| *m != id)
        .map(|(_, m)| p.doc(*m).source.as_str())
        .collect()
}

/// A plan's 依据文件 and every task's 佐证.
fn plan_links(
    plan: &crate::model::kinds::plan::Plan,
) -> impl Iterator<Item = &crate::model::kinds::plan::Link> {
    plan.basis_doc
        .iter()
        .chain(plan.tasks.iter().flat_map(|t| t.evidence.iter()))
}

/// Whether the ledgers (`/rwtz/`) show the document: it is a work plan, or a plan
/// points at it (of the pages the relations table says link to it).
fn in_ledger(p: &Portal, d: &Document) -> bool {
    plan_of(d).is_some()
        || p.relations.linked_from(d.id).any(|x| {
            plan_of(p.doc(x)).is_some_and(|plan| plan_links(plan).any(|l| l.doc == Some(d.id)))
        })
}

/// What every page shows of the site (its name, the column tree, the ledger link …):
/// when it changes, every page does.
fn site_view(p: &Portal) -> String {
    let urls = crate::render::view::Urls::new(p);
    serde_json::to_string(&crate::render::view::site(p, &urls)).unwrap_or_default()
}

fn feed_entries(p: &Portal) -> Vec<(Shown<'_>, String)> {
    listing::latest(p, FEED_ENTRIES)
        .into_iter()
        .map(|id| (shown(p, id), feed_summary(p, id)))
        .collect()
}

fn sitemap_entries(p: &Portal) -> Vec<(String, NaiveDate)> {
    p.public_documents()
        .map(|d| (p.doc_route(d.id), d.date))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{LoadOptions, load};
    use std::path::Path;

    fn write(root: &Path, rel: &str, text: &str) {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    const GFXWJ: &str = "content/zcwj/gfxwj";

    /// The i-th policy document, as first written; `title`, `body` and `extra` front
    /// matter change it.
    fn wj(i: u32, title: &str, body: &str, extra: &str) -> String {
        format!(
            "---\n标题: 关于第{i}项工作的通知{title}\n发布日期: 2025-{:02}-{:02}\n成文日期: 2025-01-01\n文号: 测政办〔2026〕{i}号\n索引号: 11990000MB0123456X/2026-{i:05}\n主题分类: 劳动、人事、监察\n{extra}---\n{body}\n",
            1 + i % 12,
            1 + i % 28
        )
    }

    fn portal_dir() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let r = dir.path();
        write(
            r,
            "xxgk.yaml",
            "站点名称: 测试县人民政府信息公开\n机构名称: 测试县人民政府\n组织机构代码: 11990000MB0123456X\n站点地址: https://xxgk.test.gov.cn/\n每页条数: 2\n",
        );
        write(r, "content/zcwj/_index.md", "---\n名称: 政策文件\n---\n");
        write(
            r,
            &format!("{GFXWJ}/_index.md"),
            "---\n名称: 行政规范性文件\n类型: 规范性文件\n---\n",
        );
        write(
            r,
            "content/zcjd/_index.md",
            "---\n名称: 政策解读\n类型: 政策解读\n---\n",
        );
        write(
            r,
            "content/gkzn/_index.md",
            "---\n名称: 政府信息公开指南\n类型: 指南\n---\n",
        );
        // 40 policies: the oldest are not among the feed's 30 entries.
        for i in 1..=40 {
            write(r, &format!("{GFXWJ}/wj{i:02}.md"), &wj(i, "", "正文。", ""));
        }
        write(
            r,
            "content/zcjd/jd01.md",
            "---\n标题: 《关于第1项工作的通知》解读\n发布日期: 2025-03-01\n解读对象: ../zcwj/gfxwj/wj01.md\n解读形式: 文字\n---\n解读正文。\n",
        );
        write(
            r,
            "content/gkzn/zn.md",
            "---\n标题: 测试县人民政府信息公开指南\n发布日期: 2026-01-05\n置顶: 1\n---\n指南。\n",
        );
        dir
    }

    fn opts(root: &Path) -> LoadOptions {
        LoadOptions {
            root: root.to_path_buf(),
            today: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
            base_url: None,
        }
    }

    /// Loads, applies `edit`, loads again, and names the affected jobs.
    fn jobs_after(edit: impl Fn(&Path), touched: &[&str]) -> Vec<String> {
        let dir = portal_dir();
        let (old, d) = load(&opts(dir.path()));
        assert!(!d.has_errors(), "{:?}", d.sorted());
        edit(dir.path());
        let (new, d) = load(&opts(dir.path()));
        assert!(!d.has_errors(), "{:?}", d.sorted());
        let (old, new) = (old.unwrap(), new.unwrap());
        let touched = touched.iter().map(|s| s.to_string()).collect();
        affected(&old, &new, &touched)
            .into_iter()
            .map(|j| match j {
                Job::Document(id) => new.doc(id).source.clone(),
                Job::Column(c) => format!("column {}", new.column(c).path),
                other => format!("{other:?}"),
            })
            .collect()
    }

    #[test]
    fn a_body_edit_re_renders_only_its_page() {
        // wj36 is the oldest (2025-01-09): in no list that shows bodies.
        let src = format!("{GFXWJ}/wj36.md");
        let jobs = jobs_after(|r| write(r, &src, &wj(36, "", "改过的正文。", "")), &[&src]);
        assert_eq!(jobs, [src]);
    }

    #[test]
    fn a_recent_body_edit_updates_the_feed_too() {
        // wj23 is the newest policy (2025-12-24).
        let src = format!("{GFXWJ}/wj23.md");
        let jobs = jobs_after(|r| write(r, &src, &wj(23, "", "新的正文。", "")), &[&src]);
        assert_eq!(jobs, ["Feed".to_string(), src]);
    }

    #[test]
    fn a_title_edit_reaches_lists_and_linking_pages() {
        let src = format!("{GFXWJ}/wj01.md");
        let jobs = jobs_after(
            |r| write(r, &src, &wj(1, "（修订）", "正文。", "")),
            &[&src],
        );
        for want in [
            "column zcwj",
            "column zcwj/gfxwj",
            "CurrentNormative",
            src.as_str(),
            "content/zcjd/jd01.md", // the interpretation shows the policy's title
        ] {
            assert!(
                jobs.iter().any(|j| j == want),
                "{want} missing from {jobs:?}"
            );
        }
        for unwanted in [
            "column zcjd",
            "column gkzn",
            "OnRequestDirectory",
            "Sitemap",
        ] {
            assert!(
                !jobs.iter().any(|j| j == unwanted),
                "{unwanted} in {jobs:?}"
            );
        }
        // 43 documents: only the edited one and its interpretation re-render.
        assert_eq!(jobs.iter().filter(|j| j.starts_with("content/")).count(), 2);
    }

    #[test]
    fn withholding_a_document_moves_it_to_the_directory() {
        let src = format!("{GFXWJ}/wj07.md");
        let extra = "公开方式: 依申请公开\n不予公开依据: 第十六条 过程性信息\n";
        let jobs = jobs_after(|r| write(r, &src, &wj(7, "", "正文。", extra)), &[&src]);
        for want in [
            "OnRequestDirectory",
            "CurrentNormative",
            "Sitemap",
            "column zcwj/gfxwj",
        ] {
            assert!(
                jobs.iter().any(|j| j == want),
                "{want} missing from {jobs:?}"
            );
        }
        assert!(!jobs.contains(&src), "its page is no longer rendered");
    }

    #[test]
    fn a_new_interpretation_re_renders_the_policy_it_explains() {
        let jobs = jobs_after(
            |r| {
                write(
                    r,
                    "content/zcjd/jd02.md",
                    "---\n标题: 图解第2项工作\n发布日期: 2025-04-01\n解读对象: 11990000MB0123456X/2026-00002\n解读形式: 图解\n---\n图解。\n",
                )
            },
            &["content/zcjd/jd02.md"],
        );
        for want in [
            "content/zcjd/jd02.md",
            "content/zcwj/gfxwj/wj02.md",
            "column zcjd",
            "Sitemap",
        ] {
            assert!(
                jobs.iter().any(|j| j == want),
                "{want} missing from {jobs:?}"
            );
        }
        assert!(!jobs.iter().any(|j| j == "column zcwj/gfxwj"));
    }

    #[test]
    fn unpinning_the_guide_changes_the_home_page() {
        let jobs = jobs_after(
            |r| {
                write(
                    r,
                    "content/gkzn/zn.md",
                    "---\n标题: 测试县人民政府信息公开指南\n发布日期: 2026-01-05\n---\n指南。\n",
                )
            },
            &["content/gkzn/zn.md"],
        );
        assert!(jobs.iter().any(|j| j == "Home"), "{jobs:?}");
        assert!(jobs.iter().any(|j| j == "column gkzn"), "{jobs:?}");
    }
}
