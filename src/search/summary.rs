//! The summary of a one-token query, precomputed at export time: how many
//! documents it finds, its facet counts, and its first results in both orders.
//!
//! Most residents type one word (养老, 低保, 就业补贴), which the tokenizer makes
//! a single index token. Without a summary the browser must download the
//! token's whole doc lists to rank them and the facet values of every match to
//! count them — at 100 000 documents several hundred KB for a common word.
//! With it, a cold one-token query needs the summary and one page of documents.
//! Filters and deeper pages fall back to the full lists.
//!
//! Scores are computed exactly as `engine.js` computes them (tantivy's BM25 in
//! f32 arithmetic, summed over fields in field order), so the first results are
//! the same documents in the same order as the full search gives.

use std::ops::Range;

use tantivy::fieldnorm::FieldNormReader;

use super::shards::{FACETS, Posting, put_varint};

/// Terms found fewer times than this get no summary: their doc lists and
/// the few facet blocks their documents sit in are small anyway.
pub const MIN_DOCS: usize = 32;

/// Results kept in each order: ten pages of ten.
pub const HEAD: usize = 100;

const K1: f64 = 1.2;
const B: f64 = 0.75;

/// What scoring and counting need to know about the whole export.
pub struct SummaryContext<'a> {
    pub num_docs: usize,
    /// Average field length (tokens per document) of each text field, as f32.
    pub avg: Vec<f32>,
    /// Per export id: facet value index + 1 (0 = none) of each facet (shards.rs).
    pub facets: &'a [[u32; FACETS]],
    /// Per export id: 发布日期 year.
    pub years: &'a [i64],
    /// Per export id: its document record (the JSON of `d/<g>/<id>.json`).
    pub records: &'a [String],
}

/// Rounds to f32 and back: JavaScript's `Math.fround`.
fn fr(x: f64) -> f64 {
    x as f32 as f64
}

fn idf(df: usize, n: usize) -> f64 {
    let (df, n) = (df as f64, n as f64);
    fr(fr(1.0 + fr(fr(n - df + 0.5) / fr(df + 0.5))).ln())
}

fn tf_part(tf: u32, norm: u8, avg: f64) -> f64 {
    let tf = f64::from(tf);
    let len = f64::from(FieldNormReader::id_to_fieldnorm(norm));
    fr(tf / fr(tf + fr(K1 * fr(1.0 - B + fr(B * fr(len / avg))))))
}

/// Encodes the summary of a token whose postings per text field are `fields`
/// (each sorted by id; tf is the number of positions).
///
/// ```text
/// varint total
/// varint n, n × varint (id << 1 | body)        first results by relevance
/// varint n, n × varint (id delta << 1 | body)  first results by date (id order)
/// FACETS × (varint m, m × (varint value index + 1, varint count))  in facet order (shards.rs)
/// varint m, m × (varint year, varint count)
/// varint n, n × (varint len, the record d/<g>/<id>.json of the n first by relevance)
/// ```
///
/// The records make a one-word query's first page one request: the summary,
/// not the summary and then each document's slot.
pub(crate) fn encode(hits: &[Hit], ctx: &SummaryContext<'_>) -> Vec<u8> {
    let mut out = encode_head(hits, ctx, HEAD);
    let first = ranked(hits, PAGE);
    put_varint(&mut out, first.len() as u64);
    for i in first {
        let record = ctx
            .records
            .get(hits[i].0 as usize)
            .map_or("", String::as_str);
        put_varint(&mut out, record.len() as u64);
        out.extend_from_slice(record.as_bytes());
    }
    out
}

/// Results of the first page, whose document records the summary carries.
pub const PAGE: usize = 10;

/// A document a token matches: id, in the title, in the body, its score.
pub(crate) type Hit = (u32, bool, bool, f32);

/// The documents of a token whose postings per text field are `fields`
/// (each sorted by id; tf is the number of positions), in id order: a merge
/// of the field lists, scores added in field order as engine.js adds them.
pub(crate) fn hits(fields: &[Vec<Posting>], ctx: &SummaryContext<'_>) -> Vec<Hit> {
    let weights: Vec<f64> = fields
        .iter()
        .map(|l| fr(idf(l.len(), ctx.num_docs) * (1.0 + K1)))
        .collect();
    let mut hits: Vec<Hit> = Vec::new();
    let mut at = vec![0usize; fields.len()];
    loop {
        let next = fields
            .iter()
            .zip(&at)
            .filter_map(|(l, &k)| l.get(k).map(|p| p.id))
            .min();
        let Some(id) = next else {
            break;
        };
        let mut hit = (id, false, false, 0f32);
        for (f, list) in fields.iter().enumerate() {
            let Some(p) = list.get(at[f]).filter(|p| p.id == id) else {
                continue;
            };
            at[f] += 1;
            let avg = f64::from(ctx.avg.get(f).copied().unwrap_or(1.0));
            let score = fr(weights[f] * tf_part(p.tf(), p.norm, avg));
            hit.3 = (f64::from(hit.3) + score) as f32;
            hit.1 |= f == 0;
            hit.2 |= f == 1;
        }
        hits.push(hit);
    }
    hits
}

/// The summary of `hits` keeping `head` first results in each order.
/// The `head` first of `hits` by relevance (indices into hits), best first:
/// in the title first, then score, then older id (engine.js's order).
fn ranked(hits: &[Hit], head: usize) -> Vec<usize> {
    let mut ranked: Vec<usize> = (0..hits.len()).collect();
    let order = |a: &usize, b: &usize| {
        let (x, y) = (&hits[*a], &hits[*b]);
        y.1.cmp(&x.1)
            .then_with(|| y.3.total_cmp(&x.3))
            .then_with(|| x.0.cmp(&y.0))
    };
    if ranked.len() > head {
        ranked.select_nth_unstable_by(head, order);
        ranked.truncate(head);
    }
    ranked.sort_unstable_by(order);
    ranked
}

fn encode_head(hits: &[Hit], ctx: &SummaryContext<'_>, head: usize) -> Vec<u8> {
    let mut out = Vec::new();
    put_varint(&mut out, hits.len() as u64);
    let ranked = ranked(hits, head);
    put_varint(&mut out, ranked.len() as u64);
    for &i in &ranked {
        put_varint(&mut out, u64::from(hits[i].0) << 1 | u64::from(hits[i].2));
    }
    let first = &hits[..hits.len().min(head)];
    put_varint(&mut out, first.len() as u64);
    let mut prev = 0u32;
    for h in first {
        put_varint(&mut out, u64::from(h.0 - prev) << 1 | u64::from(h.2));
        prev = h.0;
    }

    for facet in 0..FACETS {
        let mut counts: Vec<u64> = Vec::new();
        for h in hits {
            let v = ctx.facets.get(h.0 as usize).map_or(0, |f| f[facet]) as usize;
            if v == 0 {
                continue;
            }
            if counts.len() <= v {
                counts.resize(v + 1, 0);
            }
            counts[v] += 1;
        }
        let present: Vec<(usize, u64)> = counts
            .into_iter()
            .enumerate()
            .filter(|&(_, n)| n > 0)
            .collect();
        put_varint(&mut out, present.len() as u64);
        for (v, n) in present {
            put_varint(&mut out, v as u64);
            put_varint(&mut out, n);
        }
    }
    let years = year_runs(hits, ctx);
    put_varint(&mut out, years.len() as u64);
    for (y, run) in years {
        put_varint(&mut out, y.max(0) as u64);
        put_varint(&mut out, run.len() as u64);
    }
    out
}

/// Tokens found this many times get refinements: refined by one facet value,
/// their whole doc lists and facet values would cost a reader more than
/// about 30 KB (at some 29 bits a document).
pub const REFINE_MIN_DOCS: usize = 8192;

/// Results kept in each order of a refinement: three pages of ten.
pub const REFINED_HEAD: usize = 30;

/// The refinements of a one-token query (二次搜索 by one facet value): for
/// each facet (shards.rs) and the year in turn, the summary of the
/// token's documents that have each value, so that refining a word found in
/// most documents reads one small file instead of its doc lists and every
/// facet block.
///
/// ```text
/// FACETS × (varint m, m × (varint value index + 1, varint byte length))
/// varint m, m × (varint year, varint byte length)
/// then the summaries (REFINED_HEAD results a side) in that order
/// ```
pub(crate) fn encode_refinements(hits: &[Hit], ctx: &SummaryContext<'_>) -> Vec<u8> {
    let mut table = Vec::new();
    let mut bodies = Vec::new();
    for facet in 0..FACETS {
        let mut by_value: Vec<Vec<Hit>> = Vec::new();
        for h in hits {
            let v = ctx.facets.get(h.0 as usize).map_or(0, |f| f[facet]) as usize;
            if v == 0 {
                continue;
            }
            if by_value.len() <= v {
                by_value.resize_with(v + 1, Vec::new);
            }
            by_value[v].push(*h);
        }
        let present: Vec<(usize, Vec<Hit>)> = by_value
            .into_iter()
            .enumerate()
            .filter(|(_, h)| !h.is_empty())
            .collect();
        put_varint(&mut table, present.len() as u64);
        for (v, subset) in present {
            let body = encode_head(&subset, ctx, REFINED_HEAD);
            put_varint(&mut table, v as u64);
            put_varint(&mut table, body.len() as u64);
            bodies.extend_from_slice(&body);
        }
    }
    let years = year_runs(hits, ctx);
    put_varint(&mut table, years.len() as u64);
    for (y, run) in years {
        let body = encode_head(&hits[run], ctx, REFINED_HEAD);
        put_varint(&mut table, y.max(0) as u64);
        put_varint(&mut table, body.len() as u64);
        bodies.extend_from_slice(&body);
    }
    table.extend_from_slice(&bodies);
    table
}

/// The 发布日期 year of `hits` (in id order) and the range of hits in it: ids
/// run newest first, so each year is one run.
fn year_runs(hits: &[Hit], ctx: &SummaryContext<'_>) -> Vec<(i64, Range<usize>)> {
    let mut runs: Vec<(i64, Range<usize>)> = Vec::new();
    for (k, h) in hits.iter().enumerate() {
        let y = ctx.years.get(h.0 as usize).copied().unwrap_or(0);
        match runs.last_mut() {
            Some(last) if last.0 == y => last.1.end = k + 1,
            _ => runs.push((y, k..k + 1)),
        }
    }
    runs
}
