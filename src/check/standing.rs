//! The findings of the `build` rules kept per document, so that the live preview
//! re-runs them only for what an edit reaches.
//!
//! A build rule's findings split into what concerns each document alone (its text,
//! its files, its tables: [`Scope::Documents`]) and the rest (the home introduction,
//! the column pages, and the rules across documents: [`Scope::Rest`]), and the whole
//! is their union (see [`Scope`]). The first part is most of the work — every
//! published text screened for personal data — and after an in-place edit only the
//! edited documents' share of it changes; the rest is cheap and is run again in full,
//! since it may relate any document to any other (a year repeated, 佐证 pointing at a
//! document no longer public).
//!
//! `xxgk build` runs the same rules over the whole portal at once
//! ([`super::for_build`]), which is quicker when nothing is kept; that both find the
//! same is tested here and, edit after edit, by `tests/preview_equals_build.rs`.

use super::context::{Context, Scope};
use super::{RULES, Rule};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{DocId, Portal};
use rayon::prelude::*;

/// The build rules' findings about each document alone, by [`DocId`].
#[derive(Debug, Default, Clone)]
pub struct Standing {
    documents: Vec<Vec<Diagnostic>>,
}

impl Standing {
    /// Runs the build rules over the whole portal; returns the findings kept per
    /// document and every diagnostic of the run, sorted (exactly those of
    /// [`super::for_build`]).
    pub fn new(portal: &Portal) -> (Standing, Vec<Diagnostic>) {
        let rest = Context::scoped(portal, Scope::Rest);
        let documents = (0..portal.documents.len())
            .into_par_iter()
            .map(|id| build_rules(&rest.narrowed(Scope::Documents(vec![id]))))
            .collect();
        let standing = Standing { documents };
        let all = standing.with(build_rules(&rest));
        (standing, all)
    }

    /// After the documents `changed` were replaced in place (same ids): their share is
    /// run again, the rest of the portal in full; returns every diagnostic, sorted.
    pub fn update(&mut self, portal: &Portal, changed: &[DocId]) -> Vec<Diagnostic> {
        let rest = Context::scoped(portal, Scope::Rest);
        let fresh: Vec<(DocId, Vec<Diagnostic>)> = changed
            .par_iter()
            .map(|&id| (id, build_rules(&rest.narrowed(Scope::Documents(vec![id])))))
            .collect();
        self.documents.resize(portal.documents.len(), vec![]);
        for (id, found) in fresh {
            self.documents[id] = found;
        }
        self.with(build_rules(&rest))
    }

    /// The kept findings with those of the rest, sorted (which also drops the copies
    /// of a file that several documents publish, screened once for each).
    fn with(&self, rest: Vec<Diagnostic>) -> Vec<Diagnostic> {
        let mut all = Diagnostics::new();
        all.extend(self.documents.iter().flatten().cloned());
        all.extend(rest);
        all.sorted()
    }
}

fn build_rules(ctx: &Context) -> Vec<Diagnostic> {
    RULES
        .iter()
        .filter(|r: &&Rule| r.build)
        .flat_map(|r| r.diagnostics(ctx).collect::<Vec<_>>())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::fixture::{self, column, doc};
    use super::super::personal_data::{with_id_check_digit, with_luhn_digit};
    use super::*;
    use crate::model::Structured;

    /// The build rules over the whole portal at once, as `xxgk build` runs them.
    fn at_once(portal: &Portal) -> Vec<Diagnostic> {
        super::super::for_build(portal)
    }

    /// Personal data in a body, in a column page, in a directory row and in a file two
    /// documents publish: each document's share and the rest make the whole, and the
    /// shared file is reported once.
    #[test]
    fn each_documents_share_and_the_rest_make_what_the_whole_portal_finds() {
        let id = with_id_check_digit("34182319900101123");
        let card = with_luhn_digit("622202020011223344");
        let attached = "附件:\n  - path: files/md.csv\n    title: 名单";
        let f = fixture::portal(
            &[
                (
                    "content/gs/_index.md",
                    &format!(
                        "{}联系人：王五 13912345678\n",
                        column("公示公告", "其他信息")
                    ),
                ),
                (
                    "content/gs/dbgs.md",
                    &doc(
                        &format!("标题: 低保名单\n发布日期: 2026-10-08\n{attached}"),
                        &format!("| 姓名 | 身份证号 |\n|---|---|\n| 张三 | {id} |"),
                    ),
                ),
                (
                    "content/gs/dbgs2.md",
                    &doc(
                        &format!("标题: 低保名单（续）\n发布日期: 2026-10-09\n{attached}"),
                        "续表见附件。",
                    ),
                ),
                (
                    "content/gs/files/md.csv",
                    &format!("姓名,卡号\n李四,{card}\n"),
                ),
                (
                    "content/gs/qs.md",
                    &doc(
                        &format!(
                            "标题: 关于王五（{id}）的请示\n发布日期: 2026-10-08\n公开方式: 依申请公开\n不予公开依据: 第十六条 过程性信息"
                        ),
                        "正文不公开。",
                    ),
                ),
            ],
            "2026-11-23",
        );
        let whole = at_once(&f.portal);
        let files: Vec<&str> = whole.iter().map(|d| d.file.as_str()).collect();
        for file in [
            "content/gs/_index.md",
            "content/gs/dbgs.md",
            "content/gs/qs.md",
            "content/gs/files/md.csv",
        ] {
            assert!(files.contains(&file), "{file}: {whole:?}");
        }
        let cards = whole.iter().filter(|d| d.rule == "pii-bank-card").count();
        assert_eq!(cards, 1, "{whole:?}");
        assert_eq!(Standing::new(&f.portal).1, whole);
    }

    /// The demo's budgets and reports, and a budget moved onto another's year in
    /// place: the update finds what a fresh run finds (`duplicate-budget` included),
    /// and moving it back clears it again.
    #[test]
    fn an_update_in_place_finds_what_a_fresh_run_finds() {
        let mut p = crate::load::demo_portal();
        let (mut standing, first) = Standing::new(&p);
        assert_eq!(first, at_once(&p));
        let b25 = p
            .documents
            .iter()
            .position(|d| d.source == "content/fdzdgknr/czyjs/2025-bmys.yaml")
            .unwrap();
        let set_year = |p: &mut Portal, year: i32| {
            if let Some(Structured::Budget(b)) = &mut p.documents[b25].data {
                b.year = year;
            }
            p.relations.replace(&p.documents, &[b25]);
        };
        set_year(&mut p, 2026);
        let updated = standing.update(&p, &[b25]);
        assert_eq!(updated, at_once(&p));
        assert!(
            updated.iter().any(|d| d.rule == "duplicate-budget"),
            "{updated:?}"
        );
        set_year(&mut p, 2025);
        let back = standing.update(&p, &[b25]);
        assert_eq!(back, first);
    }
}
