//! The export's per-document families: the facet blocks `f/<b>.bin` and the
//! documents `d/<g>/<id>.json` with their excerpt chunks (the format is in
//! shards.rs).

use rayon::prelude::*;
use serde_json::json;

use super::super::SearchError;
use super::super::packs::{Family, slot_for};
use super::super::tokenizer::unit_source_spans;
use super::{CHUNK_CONTEXT, CHUNK_UNITS, DocData, FACET_BLOCK, FACETS, Writer, put_varint};

/// Writes the facet blocks of the documents' facet values (value index + 1
/// of each facet, per export id); returns their bytes.
pub(super) fn write_facet_blocks(
    w: &Writer,
    doc_facets: &[[u32; FACETS]],
) -> Result<usize, SearchError> {
    let facet_blocks: Vec<Vec<u8>> = doc_facets
        .par_chunks(FACET_BLOCK)
        .map(|block| {
            let mut out = Vec::new();
            for facet in 0..FACETS {
                let values: Vec<u64> = block.iter().map(|f| u64::from(f[facet])).collect();
                let mut distinct = values.clone();
                distinct.sort_unstable();
                distinct.dedup();
                put_varint(&mut out, distinct.len() as u64);
                for v in &distinct {
                    put_varint(&mut out, *v);
                }
                let width = bits_for(distinct.len());
                let mut packed = vec![0u8; (values.len() * width).div_ceil(8)];
                for (i, v) in values.iter().enumerate() {
                    let local = distinct.binary_search(v).unwrap_or(0);
                    for bit in 0..width {
                        if (local >> bit) & 1 == 1 {
                            let at = i * width + bit;
                            packed[at / 8] |= 1 << (at % 8);
                        }
                    }
                }
                out.extend_from_slice(&packed);
            }
            out
        })
        .collect();
    let facet_block_bytes: usize = facet_blocks.iter().map(Vec::len).sum();
    w.packs.set_slot(
        Family::Facet,
        slot_for(facet_blocks.iter().map(Vec::len).collect()),
    );
    for (b, block) in facet_blocks.iter().enumerate() {
        w.group(0, Family::Facet, b as u64, &[(0, block)])?;
    }
    Ok(facet_block_bytes)
}

/// Writes each document's group: its JSON, in the slot when it fits, and its
/// further excerpt chunks after it; returns each document's JSON (the
/// summaries carry those of their first page).
pub(super) fn write_documents(
    w: &Writer,
    docs: &[DocData],
    doc_facets: &[[u32; FACETS]],
) -> Result<Vec<String>, SearchError> {
    let doc_groups: Vec<(String, Vec<String>)> = docs
        .par_iter()
        .enumerate()
        .map(|(id, d)| {
            let chunks = excerpt_chunks(&d.body);
            let mut meta = json!({
                "t": d.title,
                "u": d.url,
                "d": d.date,
                "c": i64::from(doc_facets[id][0]) - 1,
                "x": chunks.first().cloned().unwrap_or_default(),
            });
            if !d.doc_number.is_empty() {
                meta["n"] = json!(d.doc_number);
            }
            if chunks.len() > 1 {
                meta["k"] = json!(chunks.len());
            }
            (meta.to_string(), chunks)
        })
        .collect();
    w.packs.set_slot(
        Family::Doc,
        slot_for(
            doc_groups
                .iter()
                .map(|(j, c)| j.len() + 12 * c.len())
                .collect(),
        ),
    );
    for (id, (meta, chunks)) in doc_groups.iter().enumerate() {
        let mut members: Vec<(u64, &[u8])> = vec![(0, meta.as_bytes())];
        for (k, chunk) in chunks.iter().enumerate().skip(1) {
            members.push((k as u64, chunk.as_bytes()));
        }
        w.group(0, Family::Doc, id as u64, &members)?;
    }
    Ok(doc_groups.into_iter().map(|(meta, _)| meta).collect())
}

fn bits_for(distinct: usize) -> usize {
    if distinct <= 1 {
        0
    } else {
        (usize::BITS - (distinct - 1).leading_zeros()) as usize
    }
}

/// Splits a body into excerpt chunks by unit position: chunk k holds the
/// units in [k·CHUNK_UNITS, (k+1)·CHUNK_UNITS) with some context either side.
pub fn excerpt_chunks(body: &str) -> Vec<String> {
    let units = unit_source_spans(body);
    let Some(last) = units.last() else {
        return if body.trim().is_empty() {
            Vec::new()
        } else {
            vec![body.chars().take(CHUNK_CONTEXT * 2).collect()]
        };
    };
    let count = (last.0 / CHUNK_UNITS + 1) as usize;
    let mut out = Vec::with_capacity(count);
    let mut u = 0;
    for k in 0..count as u32 {
        let lo = k * CHUNK_UNITS;
        let hi = lo + CHUNK_UNITS;
        while u < units.len() && units[u].0 < lo {
            u += 1;
        }
        let mut v = u;
        while v < units.len() && units[v].0 < hi {
            v += 1;
        }
        if u == v {
            out.push(String::new());
            continue;
        }
        let start = if k == 0 {
            0
        } else {
            back_chars(body, units[u].1.start, CHUNK_CONTEXT)
        };
        let end = if v == units.len() {
            body.len()
        } else {
            forward_chars(body, units[v - 1].1.end, CHUNK_CONTEXT)
        };
        out.push(body[start..end].to_string());
    }
    out
}

fn back_chars(text: &str, from: usize, n: usize) -> usize {
    text[..from]
        .char_indices()
        .rev()
        .nth(n.saturating_sub(1))
        .map(|(i, _)| i)
        .unwrap_or(0)
}

fn forward_chars(text: &str, from: usize, n: usize) -> usize {
    text[from..]
        .char_indices()
        .nth(n)
        .map(|(i, _)| from + i)
        .unwrap_or(text.len())
}
