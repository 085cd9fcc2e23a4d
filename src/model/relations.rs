//! The relations table: every edge between documents whose page shows something of
//! another, computed once after loading (and updated for the documents an in-place
//! edit replaces). Render, check and the live preview's change analysis read it, so
//! that what a page shows and what the preview re-renders after an edit cannot drift.
//!
//! Two sorts of edge:
//! - links a document declares: 解读对象 (the interpretation shows the policy, the
//!   policy lists its interpretations), 意见反馈 (the decision shows its feedback),
//!   a plan's 依据文件 and every task's 佐证 (the plan and its ledgers show them);
//! - links written in a body as source files (`../gfxwj/a.md`): which document each
//!   names (`body_targets`), for the link check; the page shows only the target's URL,
//!   which no in-place edit can change, so these edges do not make a page stale;
//! - year series: the budgets (决算) of one department, the annual reports of one
//!   organisation — every page of a series shows a row of each member, and two
//!   members of one year are duplicates (`duplicate-budget`, `duplicate-report`).

use super::{DocId, Document};
use crate::model::Structured;
use crate::routes::{content_relative, linked_source};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// What makes documents one year series.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum SeriesKey {
    /// Department and stage (预算 or 决算).
    Budget {
        department: String,
        stage: crate::model::kinds::budget::Stage,
    },
    Report {
        organisation: String,
    },
}

#[derive(Debug, Default, Clone)]
pub struct Relations {
    /// Per document, the edges it declares: (the document whose page shows, the
    /// document shown). Kept so that replacing one document replaces its edges only.
    declared: Vec<Vec<(DocId, DocId)>>,
    /// Per document, the documents whose pages show it, with how many declarations
    /// make the edge.
    shown_on: Vec<BTreeMap<DocId, u32>>,
    /// Per document, its series and year.
    member_of: Vec<Option<(SeriesKey, i32)>>,
    /// Every member of each series, public or not, by (year, id).
    series: BTreeMap<SeriesKey, Vec<(i32, DocId)>>,
    /// Per document, the documents that name it as their 解读对象, by date then source.
    interpretations: Vec<Vec<DocId>>,
    /// Per document, for each relative link of its body (`Document::links`, in order),
    /// the document whose source file it names.
    body_targets: Vec<Vec<Option<DocId>>>,
    /// Content-relative source → document, to resolve body links.
    by_source: HashMap<String, DocId>,
}

impl Relations {
    /// The relations of `documents` (indexed by [`DocId`]), links already resolved.
    pub fn new(documents: &[Document]) -> Relations {
        let n = documents.len();
        let mut r = Relations {
            declared: vec![vec![]; n],
            shown_on: vec![BTreeMap::new(); n],
            member_of: vec![None; n],
            series: BTreeMap::new(),
            interpretations: vec![vec![]; n],
            body_targets: vec![vec![]; n],
            by_source: documents
                .iter()
                .map(|d| (content_relative(&d.source).to_string(), d.id))
                .collect(),
        };
        for d in documents {
            r.add(documents, d);
        }
        r
    }

    /// After documents were replaced in place (same ids): their edges and series
    /// places are recomputed, nobody else's.
    pub fn replace(&mut self, documents: &[Document], changed: &[DocId]) {
        for &id in changed {
            self.remove(id);
        }
        for &id in changed {
            self.add(documents, &documents[id]);
        }
    }

    /// The documents whose pages show a link to `id`.
    pub fn linked_from(&self, id: DocId) -> impl Iterator<Item = DocId> + '_ {
        self.shown_on
            .get(id)
            .into_iter()
            .flat_map(|m| m.keys().copied())
    }

    /// The members of `id`'s year series (itself included), public or not, oldest
    /// first (ties by id); empty when it is in none.
    pub fn series(&self, id: DocId) -> &[(i32, DocId)] {
        self.member_of
            .get(id)
            .and_then(|m| m.as_ref())
            .and_then(|(key, _)| self.series.get(key))
            .map_or(&[], Vec::as_slice)
    }

    /// The documents that name `id` as their 解读对象, public or not, oldest first
    /// (ties by source).
    pub fn interpretations(&self, id: DocId) -> &[DocId] {
        self.interpretations.get(id).map_or(&[], Vec::as_slice)
    }

    /// For each relative link of `id`'s body (`Document::links`, in order), the document
    /// whose source file it names, public or not.
    pub fn body_targets(&self, id: DocId) -> &[Option<DocId>] {
        self.body_targets.get(id).map_or(&[], Vec::as_slice)
    }

    /// Every year series with its members, oldest first (ties by id).
    pub fn all_series(&self) -> impl Iterator<Item = (&SeriesKey, &[(i32, DocId)])> {
        self.series.iter().map(|(k, v)| (k, v.as_slice()))
    }

    /// The members of a series that repeat a year of an earlier member (ties by id),
    /// each with the member before it of the same year.
    pub fn repeated_years(members: &[(i32, DocId)]) -> impl Iterator<Item = (DocId, DocId)> + '_ {
        members
            .windows(2)
            .filter(|w| w[0].0 == w[1].0)
            .map(|w| (w[1].1, w[0].1))
    }

    /// Every document whose page shows something of `id`: the pages linking to it
    /// and the other members of its series.
    pub fn shown_on(&self, id: DocId) -> BTreeSet<DocId> {
        let mut out: BTreeSet<DocId> = self.linked_from(id).collect();
        out.extend(self.series(id).iter().map(|(_, m)| *m).filter(|m| *m != id));
        out
    }

    fn add(&mut self, documents: &[Document], d: &Document) {
        let id = d.id;
        let mut edges = vec![];
        if let Some(t) = d.interprets {
            edges.push((id, t));
            edges.push((t, id));
            if let Some(list) = self.interpretations.get_mut(t) {
                let key = |x: DocId| (documents[x].date, documents[x].source.as_str());
                let at = list.partition_point(|x| key(*x) < key(id));
                list.insert(at, id);
            }
        }
        if let Some(f) = d.consultation.as_ref().and_then(|c| c.feedback) {
            edges.push((id, f));
        }
        if let Some(Structured::Plan(plan)) = &d.data {
            let links = plan
                .basis_doc
                .iter()
                .chain(plan.tasks.iter().flat_map(|t| t.evidence.iter()));
            edges.extend(links.filter_map(|l| l.doc).map(|t| (id, t)));
        }
        edges.sort_unstable();
        edges.dedup();
        for (from, to) in &edges {
            if let Some(m) = self.shown_on.get_mut(*to) {
                *m.entry(*from).or_default() += 1;
            }
        }
        self.declared[id] = edges;
        let rel = content_relative(&d.source);
        let from_dir = rel.rsplit_once('/').map_or("", |(dir, _)| dir);
        self.body_targets[id] = d
            .links
            .iter()
            .map(|l| linked_source(from_dir, l).and_then(|s| self.by_source.get(&s).copied()))
            .collect();
        let member = series_key(d);
        if let Some((key, year)) = &member {
            let list = self.series.entry(key.clone()).or_default();
            let at = list.partition_point(|m| *m < (*year, id));
            list.insert(at, (*year, id));
        }
        self.member_of[id] = member;
    }

    fn remove(&mut self, id: DocId) {
        for (from, to) in std::mem::take(&mut self.declared[id]) {
            if let Some(m) = self.shown_on.get_mut(to)
                && let Some(count) = m.get_mut(&from)
            {
                *count -= 1;
                if *count == 0 {
                    m.remove(&from);
                }
            }
        }
        for list in &mut self.interpretations {
            list.retain(|x| *x != id);
        }
        self.body_targets[id].clear();
        if let Some((key, _)) = self.member_of[id].take()
            && let Some(list) = self.series.get_mut(&key)
        {
            list.retain(|(_, m)| *m != id);
            if list.is_empty() {
                self.series.remove(&key);
            }
        }
    }
}

fn series_key(d: &Document) -> Option<(SeriesKey, i32)> {
    match &d.data {
        Some(Structured::Budget(b)) => Some((
            SeriesKey::Budget {
                department: b.department.clone(),
                stage: b.stage,
            },
            b.year,
        )),
        Some(Structured::AnnualReport(r)) => Some((
            SeriesKey::Report {
                organisation: r.organisation.clone(),
            },
            r.year,
        )),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use crate::model::Structured;

    fn id_of(p: &crate::model::Portal, source: &str) -> usize {
        p.documents.iter().position(|d| d.source == source).unwrap()
    }

    #[test]
    fn budgets_of_one_department_are_one_year_series_and_follow_a_year_change() {
        let mut p = crate::load::demo_portal();
        let b25 = id_of(&p, "content/fdzdgknr/czyjs/2025-bmys.yaml");
        let b26 = id_of(&p, "content/fdzdgknr/czyjs/2026-bmys.yaml");
        assert_eq!(p.relations.series(b26), &[(2025, b25), (2026, b26)]);
        assert!(p.relations.shown_on(b25).contains(&b26));
        // 年度 2025 → 2027, replaced in place: the series reorders, nothing else moves.
        if let Some(Structured::Budget(b)) = &mut p.documents[b25].data {
            b.year = 2027;
        }
        p.relations.replace(&p.documents, &[b25]);
        assert_eq!(p.relations.series(b26), &[(2026, b26), (2027, b25)]);
    }

    #[test]
    fn a_year_repeated_in_a_series_names_the_member_before_it() {
        let mut p = crate::load::demo_portal();
        let b25 = id_of(&p, "content/fdzdgknr/czyjs/2025-bmys.yaml");
        let b26 = id_of(&p, "content/fdzdgknr/czyjs/2026-bmys.yaml");
        let repeated = |p: &crate::model::Portal| -> Vec<(usize, usize)> {
            p.relations
                .all_series()
                .flat_map(|(_, m)| super::Relations::repeated_years(m).collect::<Vec<_>>())
                .collect()
        };
        assert_eq!(repeated(&p), []);
        if let Some(Structured::Budget(b)) = &mut p.documents[b25].data {
            b.year = 2026;
        }
        p.relations.replace(&p.documents, &[b25]);
        assert_eq!(repeated(&p), [(b26, b25)]);
    }

    #[test]
    fn a_policys_interpretations_are_by_date_and_follow_a_replace() {
        let mut p = crate::load::demo_portal();
        let (j, policy) = p
            .documents
            .iter()
            .find_map(|d| d.interprets.map(|t| (d.id, t)))
            .expect("the demo has interpretations");
        let list = p.relations.interpretations(policy).to_vec();
        assert!(list.contains(&j));
        let key = |x: usize| (p.documents[x].date, p.documents[x].source.clone());
        assert!(list.windows(2).all(|w| key(w[0]) < key(w[1])), "{list:?}");
        let target = p.documents[j].interprets.take();
        p.relations.replace(&p.documents, &[j]);
        assert!(!p.relations.interpretations(policy).contains(&j));
        p.documents[j].interprets = target;
        p.relations.replace(&p.documents, &[j]);
        assert_eq!(p.relations.interpretations(policy), list);
    }

    #[test]
    fn interpretations_link_both_ways() {
        let p = crate::load::demo_portal();
        let (j, policy) = p
            .documents
            .iter()
            .find_map(|d| d.interprets.map(|t| (d.id, t)))
            .expect("the demo has interpretations");
        assert!(p.relations.linked_from(policy).any(|x| x == j));
        assert!(p.relations.linked_from(j).any(|x| x == policy));
        // Replacing a document with itself leaves the table as it was.
        let mut q = p;
        let before: Vec<Vec<usize>> = (0..q.documents.len())
            .map(|i| q.relations.linked_from(i).collect())
            .collect();
        q.relations.replace(&q.documents, &[j, policy]);
        let after: Vec<Vec<usize>> = (0..q.documents.len())
            .map(|i| q.relations.linked_from(i).collect())
            .collect();
        assert_eq!(before, after);
    }

    #[test]
    fn body_links_name_documents_by_their_source_files() {
        let mut p = crate::load::demo_portal();
        let (from, to) = (0, p.documents.len() - 1);
        let rel = super::content_relative(&p.documents[to].source).to_string();
        let depth = super::content_relative(&p.documents[from].source)
            .matches('/')
            .count();
        let encoded: String = rel
            .bytes()
            .map(|b| {
                if b.is_ascii() {
                    (b as char).to_string()
                } else {
                    format!("%{b:02X}")
                }
            })
            .collect();
        // The same file written three ways, then a file that is no document.
        p.documents[from].links = vec![
            format!("{}{rel}#二", "../".repeat(depth)),
            format!("/{encoded}?v=1"),
            format!("/{rel}"),
            "missing.md".into(),
        ];
        p.relations.replace(&p.documents, &[from]);
        assert_eq!(
            p.relations.body_targets(from),
            &[Some(to), Some(to), Some(to), None]
        );
        p.documents[from].links.clear();
        p.relations.replace(&p.documents, &[from]);
        assert!(p.relations.body_targets(from).is_empty());
    }
}
