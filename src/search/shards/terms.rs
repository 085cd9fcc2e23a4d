//! The export's terms: the dictionary entries of every key, the large terms'
//! groups `p/<g>/<n>.*` (doc lists, summaries, refinements, facet lists,
//! position pieces and doc blocks) and the dictionary shards `t/<s>.bin`
//! (the format is in shards.rs).

use std::path::Path;
use std::sync::Arc;

use tantivy::postings::Postings;
use tantivy::schema::IndexRecordOption;
use tantivy::termdict::TermStreamer;
use tantivy::{DocSet, InvertedIndexReader, TERMINATED};

use super::super::SearchError;
use super::super::packs::{Family, slot_for};
use super::super::sections;
use super::super::summary::{self, SummaryContext};
use super::super::term_facets;
use super::{
    DOC_BLOCK_BYTES, INLINE_MAX_BYTES, PIECE_BYTES, Posting, SHARD_TARGET_BYTES, Writer, fnv1a32,
    put_varint, varint_len,
};

/// Writes the dictionary shards of `entries`: as many as keep each near the
/// target size (a power of two); returns how many.
pub(super) fn write_dictionary(w: &Writer, entries: Vec<DictEntry>) -> Result<usize, SearchError> {
    let dict_bytes: usize = entries.iter().map(|(_, _, e)| e.len()).sum();
    let shards = (dict_bytes / SHARD_TARGET_BYTES).max(1).next_power_of_two();
    let mut buckets: Vec<Vec<(Vec<u8>, Vec<u8>)>> = (0..shards).map(|_| Vec::new()).collect();
    for (h, k, e) in entries {
        buckets[(h as usize) & (shards - 1)].push((k, e));
    }
    let shard_bytes: Vec<Vec<u8>> = buckets
        .into_iter()
        .map(|mut bucket| {
            bucket.sort_by(|a, b| a.0.cmp(&b.0));
            let mut out = Vec::new();
            put_varint(&mut out, bucket.len() as u64);
            for (_, e) in bucket {
                out.extend_from_slice(&e);
            }
            out
        })
        .collect();
    w.packs.set_slot(
        Family::Shard,
        slot_for(shard_bytes.iter().map(Vec::len).collect()),
    );
    for (s, shard) in shard_bytes.iter().enumerate() {
        w.group(0, Family::Shard, s as u64, &[(0, shard)])?;
    }
    drop(shard_bytes);
    Ok(shards)
}

/// One row of an external term's piece table (see the format above).
#[derive(Clone, Copy)]
struct Piece {
    field: usize,
    /// Index of its first posting in the field's list.
    first: usize,
    /// Bytes of its position file n.p<i>.
    pos_len: usize,
    /// Export id of its first posting.
    first_id: u32,
    /// Bytes of its doc block n.b<i>; 0 when the field's list is not split.
    doc_len: usize,
}

/// A dictionary entry: key hash (picks the shard), key, encoded entry.
pub(super) type DictEntry = (u32, Vec<u8>, Vec<u8>);

/// Low bits of a posting file number that count within its key range; the
/// range index sits above them, so numbers do not depend on the other ranges.
const RANGE_SHIFT: usize = 20;

/// What exporting a key range of terms reads: every (segment, field) term
/// dictionary, the fieldnorms, and the segment-local → export id map.
pub(super) struct TermSource<'a> {
    pub(super) index_dir: &'a Path,
    pub(super) inverted: Vec<(usize, usize, Arc<InvertedIndexReader>)>,
    pub(super) norms: Vec<Vec<tantivy::fieldnorm::FieldNormReader>>,
    pub(super) ids: &'a [Vec<u32>],
    pub(super) n_text: usize,
    pub(super) summary: SummaryContext<'a>,
    /// Largest facet list worth writing: one past half the facet blocks'
    /// bytes seldom beats the blocks a query would read instead.
    pub(super) facet_list_max: usize,
    pub(super) refine_min_docs: usize,
}

/// Key ranges exported in parallel: ASCII and other keys below the main Han
/// block, that block in equal slices of code points, then the rest. Fixed
/// rather than sampled, so that file names never depend on how tantivy split
/// its segments.
pub(super) fn key_ranges() -> Vec<(Vec<u8>, Option<Vec<u8>>)> {
    const SLICES: u32 = 24;
    let (first, last) = (0x4E00u32, 0xA000u32);
    let mut bounds: Vec<Vec<u8>> = vec![Vec::new()];
    for i in 0..=SLICES {
        let c = char::from_u32(first + i * (last - first) / SLICES).unwrap_or('\u{A000}');
        bounds.push(c.to_string().into_bytes());
    }
    let mut ranges: Vec<(Vec<u8>, Option<Vec<u8>>)> = bounds
        .windows(2)
        .map(|w| (w[0].clone(), Some(w[1].clone())))
        .collect();
    ranges.push((bounds[bounds.len() - 1].clone(), None));
    ranges
}

/// Exports the terms with keys in [lo, hi): writes their posting files and
/// returns their dictionary entries (hash, key, entry) and how many terms went
/// to posting files.
pub(super) fn export_term_range(
    src: &TermSource<'_>,
    w: &Writer,
    range: usize,
    lo: &[u8],
    hi: Option<&[u8]>,
) -> Result<(Vec<DictEntry>, usize), SearchError> {
    let ioerr = |e: std::io::Error| SearchError::index(src.index_dir, e);
    let mut streams: Vec<(usize, usize, &InvertedIndexReader, TermStreamer<'_>, bool)> = Vec::new();
    for (s, fi, inv) in &src.inverted {
        let mut builder = inv.terms().range().ge(lo);
        if let Some(hi) = hi {
            builder = builder.lt(hi);
        }
        let mut st = builder.into_stream().map_err(ioerr)?;
        let live = st.advance();
        streams.push((*s, *fi, inv.as_ref(), st, live));
    }
    let mut entries: Vec<DictEntry> = Vec::new();
    let mut local = 0usize;
    let mut key: Vec<u8> = Vec::new();
    let n_text = src.n_text;
    // Reused for every term: postings per field and their positions.
    let mut per_field: Vec<Vec<Posting>> = (0..=n_text).map(|_| Vec::new()).collect();
    let mut positions: Vec<u32> = Vec::new();
    let mut positions_buf: Vec<u32> = Vec::new();
    loop {
        key.clear();
        let mut min: Option<&[u8]> = None;
        for (_, _, _, st, live) in &streams {
            if *live && min.is_none_or(|m| st.key() < m) {
                min = Some(st.key());
            }
        }
        let Some(m) = min else {
            break;
        };
        key.extend_from_slice(m);
        for list in per_field.iter_mut() {
            list.clear();
        }
        positions.clear();
        for (s, fi, inv, st, live) in streams.iter_mut() {
            if !*live || st.key() != key.as_slice() {
                continue;
            }
            let option = if *fi < n_text {
                IndexRecordOption::WithFreqsAndPositions
            } else {
                IndexRecordOption::Basic
            };
            let mut postings = inv
                .read_postings_from_terminfo(st.value(), option)
                .map_err(ioerr)?;
            let mut doc = postings.doc();
            while doc != TERMINATED {
                let start = positions.len();
                let mut norm = 0;
                if *fi < n_text {
                    positions_buf.clear();
                    postings.positions(&mut positions_buf);
                    positions.extend_from_slice(&positions_buf);
                    norm = src.norms[*s][*fi].fieldnorm_id(doc);
                }
                per_field[*fi].push(Posting {
                    id: src.ids[*s][doc as usize],
                    norm,
                    positions: (start, positions.len()),
                });
                doc = postings.advance();
            }
            *live = st.advance();
        }
        // Each segment's postings are already in id order: a stable sort
        // (a run-merging sort) costs a merge of a few runs, not a full sort.
        for list in per_field.iter_mut() {
            list.sort_by_key(|p| p.id);
        }
        let Ok(text) = std::str::from_utf8(&key) else {
            continue;
        };
        // Exact-key entry.
        if !per_field[n_text].is_empty() {
            let k = format!("#{text}");
            let mut section = Vec::new();
            let mut prev = 0u32;
            for p in &per_field[n_text] {
                put_varint(&mut section, u64::from(p.id - prev));
                prev = p.id;
            }
            let mut e = Vec::new();
            put_varint(&mut e, k.len() as u64);
            e.extend_from_slice(k.as_bytes());
            e.push(32);
            put_varint(&mut e, per_field[n_text].len() as u64);
            put_varint(&mut e, section.len() as u64);
            e.extend_from_slice(&section);
            entries.push((fnv1a32(k.as_bytes()), k.into_bytes(), e));
        }
        if per_field[..n_text].iter().all(Vec::is_empty) {
            continue;
        }
        // Text entry.
        let mut mask = 0u8;
        // Per field: df, doc section (empty when in block files), positions.
        let mut sections: Vec<(usize, Vec<u8>, Vec<u8>)> = Vec::new();
        let mut pieces: Vec<Piece> = Vec::new();
        // (piece index, doc block) of the fields whose doc section is split.
        let mut blocks: Vec<(usize, Vec<u8>)> = Vec::new();
        for (fi, list) in per_field[..n_text].iter().enumerate() {
            if list.is_empty() {
                continue;
            }
            mask |= 1 << fi;
            // A long doc list is cut where its positions are, so that a
            // phrase probing it for a few documents fetches a few blocks.
            let doc_bytes_estimate = list.len() * 3;
            let split = doc_bytes_estimate > DOC_BLOCK_BYTES;
            // Pieces and blocks are cut by the size their postings had as
            // varints (about 1.5–2 times their packed size), as they always were.
            let (mut d_est, mut p_est, mut prev) = (0usize, 0usize, 0u32);
            // Position gaps of the field; each piece's values are packed apart.
            let mut p_vals: Vec<u32> = Vec::new();
            let mut p_ends: Vec<usize> = Vec::new();
            let (mut piece_first, mut doc_start, mut pos_start) = (0usize, 0usize, 0usize);
            let mut first_id = 0;
            let field_pieces = pieces.len();
            // k == list.len() closes the last piece.
            for k in 0..=list.len() {
                let post = list.get(k);
                if k > piece_first
                    && (post.is_none()
                        || p_est - pos_start >= PIECE_BYTES
                        || (split && d_est - doc_start >= DOC_BLOCK_BYTES))
                {
                    pieces.push(Piece {
                        field: fi,
                        first: piece_first,
                        // Both set once the piece is packed.
                        pos_len: 0,
                        first_id,
                        doc_len: 0,
                    });
                    p_ends.push(p_vals.len());
                    piece_first = k;
                    doc_start = d_est;
                    pos_start = p_est;
                    if split {
                        // Each block decodes on its own: ids restart from 0.
                        prev = 0;
                    }
                }
                let Some(post) = post else {
                    break;
                };
                if k == piece_first {
                    first_id = post.id;
                }
                d_est += varint_len(post.id - prev) + varint_len(post.tf()) + 1;
                prev = post.id;
                let mut prev_pos = 0;
                for &pos in &positions[post.positions.0..post.positions.1] {
                    p_est += varint_len(pos - prev_pos);
                    p_vals.push(pos - prev_pos);
                    prev_pos = pos;
                }
            }
            let mut p = Vec::new();
            let mut from = 0;
            for (i, &to) in (field_pieces..).zip(&p_ends) {
                let before = p.len();
                sections::pack_column(&p_vals[from..to], &mut p);
                pieces[i].pos_len = p.len() - before;
                from = to;
            }
            let mut d = Vec::new();
            if split {
                // Each block decodes on its own: ids count from 0 again.
                for i in field_pieces..pieces.len() {
                    let end = pieces.get(i + 1).map_or(list.len(), |next| next.first);
                    let mut block = Vec::new();
                    sections::pack_docs(&list[pieces[i].first..end], &mut block);
                    pieces[i].doc_len = block.len();
                    blocks.push((i, block));
                }
            } else {
                // An unsplit doc list stays whole in n.d (doc_len 0 says so).
                sections::pack_docs(list, &mut d);
            }
            sections.push((list.len(), d, p));
        }
        let payload: usize = sections
            .iter()
            .map(|(_, d, p)| d.len() + p.len())
            .sum::<usize>()
            + blocks.iter().map(|(_, b)| b.len()).sum::<usize>();
        let mut e = Vec::new();
        put_varint(&mut e, key.len() as u64);
        e.extend_from_slice(&key);
        // Inline, a field's postings are one piece with its doc section: a
        // list cut into pieces or blocks stays external however well it packs.
        let is_external =
            payload > INLINE_MAX_BYTES || !blocks.is_empty() || pieces.len() > sections.len();
        // A term in many documents also gets a summary file (flag 64): a
        // one-token query is answered from it without the doc lists.
        let summarized = is_external
            && per_field[..n_text].iter().map(Vec::len).sum::<usize>() >= summary::MIN_DOCS;
        let hits = if summarized {
            summary::hits(&per_field[..n_text], &src.summary)
        } else {
            Vec::new()
        };
        let facet_list = summarized
            .then(|| {
                let ids: Vec<u32> = hits.iter().map(|h| h.0).collect();
                term_facets::encode(&ids, src.summary.facets)
            })
            .filter(|f| f.len() <= src.facet_list_max);
        let refined = summarized && hits.len() >= src.refine_min_docs;
        let flags = u64::from(mask)
            | if is_external { 16 | 512 } else { 0 }
            | if summarized { 64 } else { 0 }
            | if facet_list.is_some() { 128 } else { 0 }
            | if refined { 256 } else { 0 };
        put_varint(&mut e, flags);
        let external = (range << RANGE_SHIFT) | local;
        if is_external {
            put_varint(&mut e, external as u64);
        }
        for (df, d, p) in &sections {
            put_varint(&mut e, *df as u64);
            put_varint(&mut e, d.len() as u64);
            put_varint(&mut e, p.len() as u64);
        }
        if is_external {
            let mut dpart = Vec::new();
            put_varint(&mut dpart, pieces.len() as u64);
            for piece in &pieces {
                put_varint(&mut dpart, piece.field as u64);
                put_varint(&mut dpart, piece.first as u64);
                put_varint(&mut dpart, piece.pos_len as u64);
                put_varint(&mut dpart, u64::from(piece.first_id));
                put_varint(&mut dpart, piece.doc_len as u64);
            }
            for (_, d, _) in &sections {
                dpart.extend_from_slice(d);
            }
            // The group in reading order: n.d, n.a, n.r, n.f, then piece by
            // piece its positions and doc block, which a phrase reads together.
            let mut members: Vec<(u64, Vec<u8>)> = vec![(0, dpart)];
            if summarized {
                members.push((1, summary::encode(&hits, &src.summary)));
            }
            if refined {
                members.push((2, summary::encode_refinements(&hits, &src.summary)));
            }
            if let Some(facets) = facet_list {
                members.push((3, facets));
            }
            // Pieces follow the fields in order, each a slice of its field.
            let mut piece_parts: Vec<(usize, u64, Vec<u8>)> = Vec::new();
            let mut piece_iter = pieces.iter().enumerate();
            for (_, _, p) in &sections {
                let mut at = 0;
                while at < p.len() {
                    let Some((i, &Piece { pos_len: len, .. })) = piece_iter.next() else {
                        break;
                    };
                    piece_parts.push((i, 4 + 2 * i as u64, p[at..at + len].to_vec()));
                    at += len;
                }
            }
            for (i, block) in blocks {
                piece_parts.push((i, 5 + 2 * i as u64, block));
            }
            piece_parts.sort_by_key(|(i, code, _)| (*i, *code));
            members.extend(piece_parts.into_iter().map(|(_, code, b)| (code, b)));
            let refs: Vec<(u64, &[u8])> = members.iter().map(|(c, b)| (*c, b.as_slice())).collect();
            // The group's slot, copied into the entry (flag 512): the reader
            // goes from the shard straight to the term's files.
            let slot = w.group(1 + range, Family::Term, external as u64, &refs)?;
            put_varint(&mut e, slot.len() as u64);
            e.extend_from_slice(&slot);
            local += 1;
        } else {
            for (_, d, p) in &sections {
                e.extend_from_slice(d);
                e.extend_from_slice(p);
            }
        }
        entries.push((fnv1a32(&key), key.clone(), e));
    }
    drop(streams);
    Ok((entries, local))
}
