//! `xxgk search`: queries the tantivy index with the semantics described in
//! the module doc of `search`.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use tantivy::collector::{Collector, DocSetCollector, SegmentCollector};
use tantivy::query::{BooleanQuery, Occur, PhraseQuery, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption, Schema, Value};
use tantivy::{DocAddress, DocId, Score, SegmentOrdinal, SegmentReader, TantivyDocument, Term};

use super::doc_number::exact_key;
use super::index::{TEXT_FIELDS, clean_path, open, stored_date, stored_text};
use super::snippet::make_snippet;
use super::tokenizer::{PlanToken, plan_term, split_query};
use super::{FacetCount, Facets, SearchError, SearchHit, SearchOptions, SearchResults, SortOrder};

/// One term's query over one field: a term query, or a phrase with offsets.
pub(crate) fn field_query(field: Field, plan: &[PlanToken]) -> Box<dyn Query> {
    if plan.len() == 1 {
        Box::new(TermQuery::new(
            Term::from_field_text(field, &plan[0].text),
            IndexRecordOption::WithFreqs,
        ))
    } else {
        Box::new(PhraseQuery::new_with_offset(
            plan.iter()
                .map(|p| (p.offset as usize, Term::from_field_text(field, &p.text)))
                .collect(),
        ))
    }
}

/// The phrases of a query, one per term that has any unit.
pub fn query_plans(query: &str) -> Vec<Vec<PlanToken>> {
    split_query(query)
        .into_iter()
        .map(plan_term)
        .filter(|p| !p.is_empty())
        .collect()
}

/// Every matching document with its score.
struct AllScored;
struct AllScoredSegment {
    segment: SegmentOrdinal,
    hits: Vec<(DocAddress, Score)>,
}

impl Collector for AllScored {
    type Fruit = Vec<(DocAddress, Score)>;
    type Child = AllScoredSegment;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        _reader: &SegmentReader,
    ) -> tantivy::Result<AllScoredSegment> {
        Ok(AllScoredSegment {
            segment,
            hits: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(
        &self,
        fruits: Vec<Vec<(DocAddress, Score)>>,
    ) -> tantivy::Result<Vec<(DocAddress, Score)>> {
        Ok(fruits.into_iter().flatten().collect())
    }
}

impl SegmentCollector for AllScoredSegment {
    type Fruit = Vec<(DocAddress, Score)>;

    fn collect(&mut self, doc: DocId, score: Score) {
        self.hits.push((DocAddress::new(self.segment, doc), score));
    }

    fn harvest(self) -> Self::Fruit {
        self.hits
    }
}

/// Facet values and order of one matching document.
struct Row {
    addr: DocAddress,
    score: Score,
    ord: u64,
    year: u64,
    column: String,
    issuer: String,
    /// 主题分类's top level, and the whole `一级\二级` (empty with one level).
    topic: String,
    subtopic: String,
    validity: String,
    doc_type: String,
    organ: String,
    exact: bool,
    in_title: bool,
}

/// Runs `query` against the index in `index_dir`.
pub fn search(
    index_dir: &Path,
    query: &str,
    opts: &SearchOptions,
) -> Result<SearchResults, SearchError> {
    let index = open(index_dir)?;
    let err = |e: tantivy::TantivyError| SearchError::index(index_dir, e);
    let reader = index.reader().map_err(err)?;
    let searcher = reader.searcher();
    let schema = index.schema();
    let rows = matching_rows(index_dir, &searcher, &schema, query, opts)?;
    let facets = facet_counts(&rows, &searcher, &schema).map_err(err)?;
    let total = rows.len();
    let mut results = Vec::new();
    for r in rows.iter().skip(opts.offset).take(opts.limit) {
        results.push(hit(&searcher, &schema, r, query).map_err(err)?);
    }
    Ok(SearchResults {
        total,
        results,
        facets,
        related: Vec::new(),
    })
}

/// Export order (`ord`) of every match, in result order: what the accuracy
/// test and the browser fixture compare without loading stored documents.
pub fn search_ords(
    index_dir: &Path,
    query: &str,
    opts: &SearchOptions,
) -> Result<Vec<u64>, SearchError> {
    let index = open(index_dir)?;
    let reader = index
        .reader()
        .map_err(|e| SearchError::index(index_dir, e))?;
    let searcher = reader.searcher();
    let rows = matching_rows(index_dir, &searcher, &index.schema(), query, opts)?;
    Ok(rows.iter().map(|r| r.ord).collect())
}

fn matching_rows(
    index_dir: &Path,
    searcher: &tantivy::Searcher,
    schema: &Schema,
    query: &str,
    opts: &SearchOptions,
) -> Result<Vec<Row>, SearchError> {
    let err = |e: tantivy::TantivyError| SearchError::index(index_dir, e);
    let field = |name: &str| schema.get_field(name).map_err(err);
    let text_fields: Vec<Field> = TEXT_FIELDS
        .iter()
        .map(|n| field(n))
        .collect::<Result<_, _>>()?;
    let title = text_fields[0];

    let plans = query_plans(query);
    if plans.is_empty() {
        return Ok(Vec::new());
    }

    let main = BooleanQuery::new(
        plans
            .iter()
            .map(|plan| {
                let per_field: Vec<(Occur, Box<dyn Query>)> = text_fields
                    .iter()
                    .map(|&f| (Occur::Should, field_query(f, plan)))
                    .collect();
                (
                    Occur::Must,
                    Box::new(BooleanQuery::new(per_field)) as Box<dyn Query>,
                )
            })
            .collect(),
    );
    let hits = searcher.search(&main, &AllScored).map_err(err)?;

    let title_query = BooleanQuery::new(
        plans
            .iter()
            .map(|plan| (Occur::Must, field_query(title, plan)))
            .collect(),
    );
    let in_title: HashSet<DocAddress> = searcher
        .search(&title_query, &DocSetCollector)
        .map_err(err)?;
    let exact: HashSet<DocAddress> = match exact_key(query) {
        Some(key) => searcher
            .search(
                &TermQuery::new(
                    Term::from_field_text(field("exact_key")?, &key),
                    IndexRecordOption::Basic,
                ),
                &DocSetCollector,
            )
            .map_err(err)?,
        None => HashSet::new(),
    };

    let mut rows = rows_for(searcher, &hits, &in_title, &exact).map_err(err)?;
    let column_prefix = opts
        .column
        .as_deref()
        .map(clean_path)
        .filter(|p| !p.is_empty());
    rows.retain(|r| {
        column_prefix.is_none_or(|p| {
            r.column == p || (r.column.starts_with(p) && r.column[p.len()..].starts_with('/'))
        }) && opts.year.is_none_or(|y| i64::from(y) == r.year as i64)
            && opts.issuer.as_deref().is_none_or(|v| v == r.issuer)
            && opts.topic.as_deref().is_none_or(|v| topic_matches(v, r))
            && opts.validity.as_deref().is_none_or(|v| v == r.validity)
            && opts.doc_type.as_deref().is_none_or(|v| v == r.doc_type)
            && opts.organ.as_deref().is_none_or(|v| v == r.organ)
    });

    match opts.sort {
        SortOrder::Relevance => rows.sort_by(|a, b| {
            b.exact
                .cmp(&a.exact)
                .then(b.in_title.cmp(&a.in_title))
                .then(b.score.total_cmp(&a.score))
                .then(a.ord.cmp(&b.ord))
        }),
        SortOrder::Date => rows.sort_by_key(|r| r.ord),
    }

    Ok(rows)
}

/// A top-level topic finds its sub-topics' documents too; `一级\二级` only its own.
fn topic_matches(wanted: &str, r: &Row) -> bool {
    if wanted.contains(super::TOPIC_SEPARATOR) {
        wanted == r.subtopic
    } else {
        wanted == r.topic
    }
}

fn hit(
    searcher: &tantivy::Searcher,
    schema: &Schema,
    r: &Row,
    query: &str,
) -> tantivy::Result<SearchHit> {
    let doc: TantivyDocument = searcher.doc(r.addr)?;
    let text = |name: &str| stored_text(schema, &doc, name);
    let date = stored_date(schema, &doc);
    let body = text("body");
    let snippet = make_snippet(&body, query, 120)
        .map(|s| s.text)
        .unwrap_or_default();
    let tier = if r.exact { 2000.0 } else { 0.0 } + if r.in_title { 1000.0 } else { 0.0 };
    Ok(SearchHit {
        title: text("title"),
        url: text("url"),
        date,
        column: text("column_title"),
        doc_number: Some(text("doc_number")).filter(|s| !s.is_empty()),
        score: tier + (r.score.min(999.0) * 1000.0).round() / 1000.0,
        snippet,
    })
}

fn rows_for(
    searcher: &tantivy::Searcher,
    hits: &[(DocAddress, Score)],
    in_title: &HashSet<DocAddress>,
    exact: &HashSet<DocAddress>,
) -> tantivy::Result<Vec<Row>> {
    let mut by_segment: HashMap<SegmentOrdinal, Vec<(DocAddress, Score)>> = HashMap::new();
    for &(addr, score) in hits {
        by_segment
            .entry(addr.segment_ord)
            .or_default()
            .push((addr, score));
    }
    let mut rows = Vec::with_capacity(hits.len());
    for (segment, hits) in by_segment {
        let reader = searcher.segment_reader(segment);
        let fast = reader.fast_fields();
        let ord = fast.u64("ord")?;
        let year = fast.u64("year")?;
        let strs: Vec<_> = [
            "column", "issuer", "topic", "subtopic", "validity", "doc_type", "organ",
        ]
        .iter()
        .map(|n| fast.str(n))
        .collect::<tantivy::Result<_>>()?;
        let mut cache: Vec<HashMap<u64, String>> = vec![HashMap::new(); strs.len()];
        for (addr, score) in hits {
            let mut values: Vec<String> = Vec::with_capacity(strs.len());
            for (i, col) in strs.iter().enumerate() {
                let value = col
                    .as_ref()
                    .and_then(|c| {
                        let term_ord = c.ords().first(addr.doc_id)?;
                        Some(
                            cache[i]
                                .entry(term_ord)
                                .or_insert_with(|| {
                                    let mut s = String::new();
                                    let _ = c.ord_to_str(term_ord, &mut s);
                                    s
                                })
                                .clone(),
                        )
                    })
                    .unwrap_or_default();
                values.push(value);
            }
            let mut values = values.into_iter();
            rows.push(Row {
                addr,
                score,
                ord: ord.first(addr.doc_id).unwrap_or(u64::MAX),
                year: year.first(addr.doc_id).unwrap_or(0),
                column: values.next().unwrap_or_default(),
                issuer: values.next().unwrap_or_default(),
                topic: values.next().unwrap_or_default(),
                subtopic: values.next().unwrap_or_default(),
                validity: values.next().unwrap_or_default(),
                doc_type: values.next().unwrap_or_default(),
                organ: values.next().unwrap_or_default(),
                exact: exact.contains(&addr),
                in_title: in_title.contains(&addr),
            });
        }
    }
    Ok(rows)
}

fn facet_counts(
    rows: &[Row],
    searcher: &tantivy::Searcher,
    schema: &Schema,
) -> tantivy::Result<Facets> {
    fn count<'a>(values: impl Iterator<Item = &'a str>) -> Vec<(String, usize)> {
        let mut counts: HashMap<&str, usize> = HashMap::new();
        for v in values.filter(|v| !v.is_empty()) {
            *counts.entry(v).or_default() += 1;
        }
        let mut out: Vec<(String, usize)> = counts
            .into_iter()
            .map(|(k, n)| (k.to_string(), n))
            .collect();
        out.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        out
    }
    let plain = |pairs: Vec<(String, usize)>| -> Vec<FacetCount> {
        pairs
            .into_iter()
            .map(|(value, count)| FacetCount {
                label: value.clone(),
                value,
                count,
            })
            .collect()
    };
    // Column titles come from one stored document per column shown.
    let mut column_titles: HashMap<&str, String> = HashMap::new();
    let title_field = schema.get_field("column_title")?;
    for r in rows {
        if !column_titles.contains_key(r.column.as_str()) {
            let doc: TantivyDocument = searcher.doc(r.addr)?;
            let t = doc
                .get_first(title_field)
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_string();
            column_titles.insert(r.column.as_str(), t);
        }
    }
    let mut years: HashMap<u64, usize> = HashMap::new();
    for r in rows {
        *years.entry(r.year).or_default() += 1;
    }
    let mut years: Vec<(u64, usize)> = years.into_iter().collect();
    years.sort_by_key(|y| std::cmp::Reverse(y.0));
    Ok(Facets {
        column: count(rows.iter().map(|r| r.column.as_str()))
            .into_iter()
            .map(|(value, count)| FacetCount {
                label: column_titles
                    .get(value.as_str())
                    .cloned()
                    .filter(|t| !t.is_empty())
                    .unwrap_or_else(|| value.clone()),
                value,
                count,
            })
            .collect(),
        year: years
            .into_iter()
            .map(|(y, count)| FacetCount {
                value: y.to_string(),
                label: format!("{y}年"),
                count,
            })
            .collect(),
        issuer: plain(count(rows.iter().map(|r| r.issuer.as_str()))),
        topic: two_level(
            count(rows.iter().map(|r| r.topic.as_str())),
            count(rows.iter().map(|r| r.subtopic.as_str())),
        ),
        validity: plain(count(rows.iter().map(|r| r.validity.as_str()))),
        doc_type: plain(count(rows.iter().map(|r| r.doc_type.as_str()))),
        organ: plain(count(rows.iter().map(|r| r.organ.as_str()))),
    })
}

/// The 主题分类 facet: each top-level topic (its count includes its sub-topics'
/// documents), then its sub-topics labelled by their 二级 alone; both in the
/// order of `tops` and `subs` (largest first). engine.js `twoLevel` is the same.
pub(crate) fn two_level(tops: Vec<(String, usize)>, subs: Vec<(String, usize)>) -> Vec<FacetCount> {
    let mut out = Vec::with_capacity(tops.len() + subs.len());
    for (top, count) in tops {
        out.push(FacetCount {
            value: top.clone(),
            label: top.clone(),
            count,
        });
        for (sub, n) in &subs {
            if let Some((parent, label)) = sub.split_once(super::TOPIC_SEPARATOR)
                && parent == top
            {
                out.push(FacetCount {
                    value: sub.clone(),
                    label: label.to_string(),
                    count: *n,
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::corpus::{
        accuracy_queries, generate, hostile_docs, random_queries, reference_search, sample_docs,
        tiny_docs, tiny_text,
    };
    use crate::search::{SearchDoc, build_index};
    use std::path::PathBuf;
    use std::time::Instant;

    fn temp_index(name: &str, docs: &[SearchDoc]) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("xxgk-q-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        build_index(docs, &dir).expect("index builds");
        dir
    }

    fn all(dir: &Path, q: &str) -> SearchResults {
        search(
            dir,
            q,
            &SearchOptions {
                limit: usize::MAX,
                ..Default::default()
            },
        )
        .unwrap()
    }

    fn urls(r: &SearchResults) -> Vec<String> {
        let mut u: Vec<String> = r.results.iter().map(|h| h.url.clone()).collect();
        u.sort();
        u
    }

    fn set(items: &[&str]) -> Vec<String> {
        let mut v: Vec<String> = items.iter().map(|s| s.to_string()).collect();
        v.sort();
        v
    }

    const JYBT: &str = "fdzdgknr/zcwj/gfxwj/2026-jybt/";
    const YLBX: &str = "fdzdgknr/zcwj/gfxwj/2026-ylbx/";
    const JYBT21: &str = "fdzdgknr/zcwj/gfxwj/2021-jybt/";
    const JD: &str = "fdzdgknr/zcjd/2026-jybt-jd/";
    const YS: &str = "fdzdgknr/czyjs/2026-ys/";
    const LJFL: &str = "fdzdgknr/zcwj/qtwj/2025-ljfl/";
    const YLFW: &str = "fdzdgknr/zcwj/qtwj/2025-ylfw/";

    #[test]
    fn phrases_match_exactly_what_the_text_contains() {
        let docs = sample_docs();
        let dir = temp_index("phrase", &docs);
        let cases: Vec<(&str, Vec<String>)> = vec![
            ("医疗保险", set(&[YLBX])),
            ("保险医疗", set(&[])),
            ("2026年", set(&[JYBT, YLBX, YS, YLFW])),
            ("3号", set(&[JYBT, JYBT21, JD, YLFW])),
            ("示政办字2026年", set(&[YLFW])),
            ("13号", set(&[YLBX, "ysqgkml/"])),
            ("研究研究", set(&[YLFW])),
            ("就业 500元", set(&[JYBT])),
            ("5G网络", set(&[YS])),
            ("G网络", set(&[YS])),
            ("5.2%", set(&[YS])),
            ("5.2", set(&[YS])),
            ("5 2", set(&[YS, JYBT])),
            ("52", set(&[])),
            ("低保资金", set(&["ysqgkml/"])),
            ("０９９９－１２３４５６７", set(&[LJFL])),
            ("", set(&[])),
            ("〔〕，。", set(&[])),
        ];
        for (q, want) in cases {
            let got = all(&dir, q);
            assert_eq!(urls(&got), want, "query {q:?}");
            assert_eq!(got.total, want.len(), "total of {q:?}");
            assert_eq!(
                urls(&got),
                reference_search(&docs, q),
                "reference for {q:?}"
            );
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn one_character_queries_work() {
        let docs = sample_docs();
        let dir = temp_index("onechar", &docs);
        for q in ["补", "险", "号", "〇", "5", "x"] {
            assert_eq!(urls(&all(&dir, q)), reference_search(&docs, q), "{q}");
        }
        assert_eq!(all(&dir, "险").total, 1);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn document_number_in_any_style_comes_first() {
        let docs = sample_docs();
        let dir = temp_index("wenhao", &docs);
        for q in [
            "示政办〔2026〕3号",
            "示政办[2026]3号",
            "示政办(2026)3号",
            "示政办（2026）3号",
            "示政办【2026】3号",
            "示政办〔２０２６〕３号",
        ] {
            let r = all(&dir, q);
            assert_eq!(r.results[0].url, JYBT, "{q}");
            assert!(r.results[0].score >= 2000.0, "{q}: exact tier");
            assert_eq!(
                r.results[0].doc_number.as_deref(),
                Some("示政办〔2026〕3号")
            );
            // Documents citing it in their body are found too, after it.
            assert_eq!(urls(&r), set(&[JYBT, JYBT21, JD]), "{q}");
        }
        // With spaces it is three terms, ANDed: a looser match, but the
        // exact 文号 still comes first.
        let r = all(&dir, "示政办 [2026] 3号");
        assert_eq!(r.results[0].url, JYBT);
        assert_eq!(urls(&r), set(&[JYBT, JYBT21, JD, YLFW]));
        let r = all(&dir, "11990000mb0123456x/2026-00003");
        assert_eq!(urls(&r), set(&[JYBT]));
        assert!(r.results[0].score >= 2000.0);
        // Not a different number that merely shares a prefix.
        assert!(urls(&all(&dir, "示政发〔2026〕1号")).is_empty());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn topics_at_both_levels_doc_types_and_organ_codes_are_facets() {
        let mut docs = sample_docs();
        for d in &mut docs {
            if d.url == JYBT21 {
                d.topic = Some("劳动、人事、监察\\劳动就业".into());
            }
            if d.url == JD {
                d.topic = Some("劳动、人事、监察\\社会保障".into());
            }
        }
        let dir = temp_index("two-level", &docs);
        let r = all(&dir, "就业补贴");
        let shown = |f: &[FacetCount]| -> Vec<(String, String, usize)> {
            f.iter()
                .map(|c| (c.value.clone(), c.label.clone(), c.count))
                .collect()
        };
        let top = "劳动、人事、监察";
        // The top level counts its sub-topics' documents; each sub-topic follows it.
        assert_eq!(
            shown(&r.facets.topic),
            [
                (top.to_string(), top.to_string(), 3),
                (format!("{top}\\劳动就业"), "劳动就业".to_string(), 1),
                (format!("{top}\\社会保障"), "社会保障".to_string(), 1),
            ]
        );
        assert_eq!(
            shown(&r.facets.doc_type),
            [("通知".to_string(), "通知".to_string(), 1)]
        );
        assert_eq!(
            shown(&r.facets.organ),
            [("示政办".to_string(), "示政办".to_string(), 2)]
        );
        let refine = |opts: SearchOptions| {
            urls(&search(&dir, "就业补贴", &SearchOptions { limit: 50, ..opts }).unwrap())
        };
        let by_topic = |t: &str| SearchOptions {
            topic: Some(t.into()),
            ..Default::default()
        };
        assert_eq!(refine(by_topic(top)), set(&[JYBT, JYBT21, JD]));
        assert_eq!(refine(by_topic(&format!("{top}\\社会保障"))), set(&[JD]));
        // A sub-topic name alone is no value of the facet.
        assert_eq!(refine(by_topic("社会保障")), set(&[]));
        let by_organ = SearchOptions {
            organ: Some("示政办".into()),
            ..Default::default()
        };
        assert_eq!(refine(by_organ), set(&[JYBT, JYBT21]));
        let by_type = SearchOptions {
            doc_type: Some("通知".into()),
            ..Default::default()
        };
        assert_eq!(refine(by_type), set(&[JYBT]));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn facets_count_and_refine_the_current_results() {
        let docs = sample_docs();
        let dir = temp_index("facets", &docs);
        let r = all(&dir, "就业补贴");
        assert_eq!(urls(&r), set(&[JYBT, JYBT21, JD]));
        let count = |f: &[FacetCount], v: &str| f.iter().find(|c| c.value == v).map(|c| c.count);
        assert_eq!(count(&r.facets.column, "fdzdgknr/zcwj/gfxwj"), Some(2));
        assert_eq!(count(&r.facets.column, "fdzdgknr/zcjd"), Some(1));
        assert_eq!(
            r.facets
                .column
                .iter()
                .find(|c| c.value == "fdzdgknr/zcjd")
                .unwrap()
                .label,
            "政策解读"
        );
        assert_eq!(count(&r.facets.year, "2026"), Some(2));
        assert_eq!(count(&r.facets.year, "2021"), Some(1));
        assert_eq!(count(&r.facets.validity, "有效"), Some(1));
        assert_eq!(count(&r.facets.validity, "废止"), Some(1));
        assert_eq!(count(&r.facets.issuer, "示例县人民政府办公室"), Some(2));

        let refined = search(
            &dir,
            "就业补贴",
            &SearchOptions {
                column: Some("/fdzdgknr/zcwj/".into()),
                limit: 50,
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(urls(&refined), set(&[JYBT, JYBT21]));
        assert_eq!(refined.facets.column.len(), 1);
        let refined = search(
            &dir,
            "就业补贴",
            &SearchOptions {
                year: Some(2026),
                validity: Some("有效".into()),
                limit: 50,
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(urls(&refined), set(&[JYBT]));
        // A prefix must end at a path segment.
        let none = search(
            &dir,
            "就业补贴",
            &SearchOptions {
                column: Some("fdzdgknr/zc".into()),
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(none.total, 0);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn ranking_puts_title_before_body_and_newer_first_on_ties() {
        let base = sample_docs()[0].clone();
        let mk = |url: &str, title: &str, body: &str, d: (i32, u32, u32)| SearchDoc {
            url: url.into(),
            title: title.into(),
            body: body.into(),
            doc_number: None,
            index_no: None,
            date: chrono::NaiveDate::from_ymd_opt(d.0, d.1, d.2).unwrap(),
            ..base.clone()
        };
        let docs = vec![
            mk("a/", "关于推进养老服务的通知", "详见附件。", (2020, 1, 1)),
            mk(
                "b/",
                "工作通知",
                "养老服务，养老服务，养老服务，养老服务。",
                (2026, 1, 1),
            ),
            mk("c/", "工作通知", "做好养老服务。", (2024, 5, 1)),
            mk("d/", "工作通知", "做好养老服务。", (2025, 5, 1)),
        ];
        let dir = temp_index("rank", &docs);
        let r = all(&dir, "养老服务");
        let order: Vec<&str> = r.results.iter().map(|h| h.url.as_str()).collect();
        assert_eq!(order[0], "a/", "title match first");
        assert_eq!(order[1], "b/", "more occurrences next");
        assert_eq!(&order[2..], &["d/", "c/"], "equal scores: newer first");
        assert!(r.results.windows(2).all(|w| w[0].score >= w[1].score));

        let by_date = search(
            &dir,
            "养老服务",
            &SearchOptions {
                sort: SortOrder::Date,
                ..Default::default()
            },
        )
        .unwrap();
        let order: Vec<&str> = by_date.results.iter().map(|h| h.url.as_str()).collect();
        assert_eq!(order, vec!["b/", "d/", "c/", "a/"]);

        let page = search(
            &dir,
            "养老服务",
            &SearchOptions {
                limit: 2,
                offset: 2,
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(page.total, 4);
        assert_eq!(
            page.results
                .iter()
                .map(|h| h.url.as_str())
                .collect::<Vec<_>>(),
            vec!["d/", "c/"]
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn json_output_follows_the_contract() {
        let docs = sample_docs();
        let dir = temp_index("json", &docs);
        let r = search(&dir, "医疗保险", &SearchOptions::default()).unwrap();
        let v = serde_json::to_value(&r).unwrap();
        assert_eq!(v["total"], 1);
        let hit = &v["results"][0];
        assert_eq!(
            hit["title"],
            "示例县人民政府关于调整城乡居民医疗保险缴费标准的通知"
        );
        assert_eq!(hit["url"], YLBX);
        assert_eq!(hit["date"], "2026-02-01");
        assert_eq!(hit["column"], "行政规范性文件");
        assert_eq!(hit["doc_number"], "示政发〔2026〕13号");
        assert!(hit["score"].as_f64().unwrap() > 1000.0);
        assert!(hit["snippet"].as_str().unwrap().contains("医疗保险"));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// Asserts that every query finds exactly what the substring search
    /// finds; returns how many found something.
    fn assert_matches_reference(dir: &Path, docs: &[SearchDoc], queries: &[String]) -> usize {
        let order = crate::search::index::export_order(docs);
        let reference = crate::search::corpus::Reference::new(docs);
        let mut nonempty = 0;
        for q in queries {
            let want = reference.search(q);
            let mut got_urls: Vec<String> = search_ords(dir, q, &SearchOptions::default())
                .unwrap()
                .into_iter()
                .map(|o| docs[order[o as usize]].url.clone())
                .collect();
            got_urls.sort();
            if got_urls != want {
                let missing: Vec<_> = want
                    .iter()
                    .filter(|u| !got_urls.contains(u))
                    .take(5)
                    .collect();
                let extra: Vec<_> = got_urls
                    .iter()
                    .filter(|u| !want.contains(u))
                    .take(5)
                    .collect();
                panic!(
                    "query {q:?}: got {} want {} (missing {missing:?}, extra {extra:?})",
                    got_urls.len(),
                    want.len()
                );
            }
            if !want.is_empty() {
                nonempty += 1;
            }
        }
        nonempty
    }

    #[test]
    fn accuracy_equals_plain_substring_search() {
        let started = Instant::now();
        let docs = generate(3000, 20260312, 4..12);
        let dir = temp_index("accuracy", &docs);
        let built = started.elapsed();
        let queries = accuracy_queries(&docs);
        assert!(queries.len() >= 60, "{} queries", queries.len());
        let nonempty = assert_matches_reference(&dir, &docs, &queries);
        // The queries must actually exercise the engine.
        assert!(
            nonempty >= queries.len() - 3,
            "{nonempty} queries found something"
        );
        let fixed = started.elapsed();
        // Seeded random substrings of the documents, re-styled, one or two
        // terms, and some noise: what hand-picked queries miss.
        let random = random_queries(&docs, 20261123, RANDOM_QUERIES);
        let nonempty = assert_matches_reference(&dir, &docs, &random);
        assert!(
            nonempty * 10 >= random.len() * 7,
            "{nonempty} of {} random queries found something",
            random.len()
        );
        let randomized = started.elapsed() - fixed;
        // Every 文号 query finds its document first.
        for d in docs.iter().filter(|d| d.doc_number.is_some()).take(20) {
            let n = d
                .doc_number
                .as_deref()
                .unwrap()
                .replace('〔', "(")
                .replace('〕', ")");
            let r = search(&dir, &n, &SearchOptions::default()).unwrap();
            assert_eq!(
                r.results[0].doc_number.as_deref(),
                d.doc_number.as_deref(),
                "{n}"
            );
        }
        eprintln!(
            "accuracy: build {built:?}, {RANDOM_QUERIES} random queries {randomized:?}, total {:?}",
            started.elapsed()
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// Documents and queries over a tiny alphabet: phrases repeat, overlap
    /// and nearly match everywhere (positions, gap pairs, repeated tokens).
    #[test]
    fn tiny_alphabet_accuracy_equals_plain_substring_search() {
        let started = Instant::now();
        let docs = tiny_docs(300, 20261129);
        let dir = temp_index("tiny", &docs);
        let mut rng = fastrand::Rng::with_seed(20261130);
        let mut queries = random_queries(&docs, 20261131, RANDOM_QUERIES / 2);
        queries.extend((0..RANDOM_QUERIES / 2).map(|_| tiny_text(&mut rng, 10)));
        let nonempty = assert_matches_reference(&dir, &docs, &queries);
        assert!(
            nonempty * 10 >= queries.len() * 6,
            "{nonempty} of {} queries found something",
            queries.len()
        );
        eprintln!("tiny accuracy: total {:?}", started.elapsed());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// Random queries per randomized accuracy test.
    const RANDOM_QUERIES: usize = 600;

    /// Documents with hostile characters spliced in (full-width forms,
    /// compatibility characters, combining marks, astral Han, emoji, odd
    /// spaces) and random queries cut from them, exact substring semantics.
    #[test]
    fn hostile_text_accuracy_equals_plain_substring_search() {
        let started = Instant::now();
        let docs = hostile_docs(400, 20261124);
        let dir = temp_index("hostile", &docs);
        let built = started.elapsed();
        let random = random_queries(&docs, 20261125, RANDOM_QUERIES);
        let nonempty = assert_matches_reference(&dir, &docs, &random);
        assert!(
            nonempty * 10 >= random.len() * 6,
            "{nonempty} of {} random queries found something",
            random.len()
        );
        eprintln!(
            "hostile accuracy: build {built:?}, total {:?}",
            started.elapsed()
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
