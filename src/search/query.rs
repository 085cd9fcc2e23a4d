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
mod tests;
