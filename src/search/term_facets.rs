//! The facet list of a common term: the facet values of every document the
//! term occurs in, for counting the facets of a query that contains it.
//!
//! A query of several tokens (a long phrase, or several words) must count
//! every facet (shards.rs) over its matches. The facet blocks
//! (`f/<b>.bin`) hold those values for every document, so matches spread over
//! the whole portal fetch all of them: at 100 000 documents 175 KB for
//! 城乡居民医疗保险. Every match contains every token of the query, so the
//! facet list of its rarest token holds the values of all matches, at about
//! 17 bits per document of that token instead of 14 bits per document of the
//! portal. engine.js fetches whichever of the two is smaller. A list longer
//! than half the blocks is not written (flag 128 in the term's entry tells):
//! a word in most documents would seldom beat the blocks, and such lists were
//! two thirds of the bytes all lists took.
//!
//! ```text
//! n.f := varint n, then 1 + FACETS packed columns (sections::pack_column) of
//!        n values each: the id gaps (first id, then each minus the previous),
//!        and the value index + 1 (0 = none) of each facet in facet order
//! ```
//!
//! The 发布日期 year needs no column: it follows from the id (meta.json).

use super::sections::pack_column;
use super::shards::{FACETS, put_varint};

/// Encodes the facet list of a term found in the documents `ids` (sorted,
/// each once); `facets[id]` are the facet values of document `id`.
pub(crate) fn encode(ids: &[u32], facets: &[[u32; FACETS]]) -> Vec<u8> {
    let mut out = Vec::with_capacity(ids.len() * 3);
    put_varint(&mut out, ids.len() as u64);
    let mut prev = 0;
    let gaps: Vec<u32> = ids
        .iter()
        .map(|&id| {
            let g = id - prev;
            prev = id;
            g
        })
        .collect();
    pack_column(&gaps, &mut out);
    for facet in 0..FACETS {
        let values: Vec<u32> = ids
            .iter()
            .map(|&id| facets.get(id as usize).map_or(0, |f| f[facet]))
            .collect();
        pack_column(&values, &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::sections::unpack_column_prefix;

    /// (id, the values of every facet) of each document in the list.
    fn decode(bytes: &[u8]) -> Vec<(u32, [u32; FACETS])> {
        let (mut n, mut at, mut shift) = (0usize, 0usize, 0);
        loop {
            let b = bytes[at];
            at += 1;
            n |= usize::from(b & 0x7f) << shift;
            if b < 0x80 {
                break;
            }
            shift += 7;
        }
        let mut columns = Vec::new();
        for _ in 0..=FACETS {
            let (values, used) = unpack_column_prefix(&bytes[at..], n).expect("column");
            columns.push(values);
            at += used;
        }
        assert_eq!(at, bytes.len(), "no trailing bytes");
        let mut id = 0;
        (0..n)
            .map(|k| {
                id += columns[0][k];
                (id, std::array::from_fn(|f| columns[f + 1][k]))
            })
            .collect()
    }

    #[test]
    fn lists_each_document_with_its_values() {
        // column, issuer, topic, validity as before; a sub-topic on a third of the
        // documents, a 公文种类 on most, a 机关代字 on those with a 文号.
        let facets: Vec<[u32; FACETS]> = (0..5000u32)
            .map(|id| {
                [
                    1 + id % 11,
                    id % 7,
                    1 + id % 9,
                    1 + u32::from(id % 97 == 0),
                    if id % 3 == 0 { 1 + id % 5 } else { 0 },
                    1 + id % 4,
                    id % 3,
                ]
            })
            .collect();
        let ids: Vec<u32> = (0..5000u32)
            .filter(|id| id % 3 == 0 || [40, 4999].contains(id))
            .collect();
        let bytes = encode(&ids, &facets);
        let want: Vec<(u32, [u32; FACETS])> =
            ids.iter().map(|&id| (id, facets[id as usize])).collect();
        assert_eq!(decode(&bytes), want);
        // Below the facet blocks' bits (4 + 3 + 4 + 1 + 3 + 3 + 2) for each of the
        // 5000 documents.
        assert!(bytes.len() * 8 < want.len() * 26, "{} bytes", bytes.len());
    }

    #[test]
    fn an_empty_list_and_a_document_without_facets() {
        assert_eq!(decode(&encode(&[], &[])), Vec::new());
        assert_eq!(
            decode(&encode(&[70_000], &[[1, 2, 3, 1, 0, 2, 1]])),
            vec![(70_000, [0; FACETS])]
        );
    }
}
