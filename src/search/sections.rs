//! The doc and pos sections of a posting list as the browser downloads them,
//! bit-packed.
//!
//! A phrase or several words read whole doc lists of common terms and the
//! positions of their candidates, so these bytes dominate the heavy queries.
//! Varints spent a byte on an id gap of 1, a byte on a tf of 1 and two bytes
//! on most positions. Packed to the width each section needs, a dense doc
//! list costs about half its varints (a test checks it); positions gain less
//! (the whole export at 10 000 documents: 84.8 → 77.4 MB), most of their
//! gaps needing 7–10 bits either way.
//!
//! ```text
//! doc sec := byte wg, byte wt,
//!            n gaps  in wg bits each,     LSB first, padded to a byte
//!            n tf-1  in wt bits each,     LSB first, padded to a byte
//!            byte base, byte wn, n (fieldnorm id - base) in wn bits (0..=8),
//!            varint exceptions: the gaps, then the tf-1, whose slot holds
//!            the escape value 2^w - 1 (in that order)
//! pos sec := byte w, m values in w bits each (padded), varint exceptions
//! ```
//!
//! Counts are not stored: the reader knows them (n postings from df or the
//! block; m positions from their tf). Doc ids count from 0 in each section;
//! a document's positions are its first, then each minus the previous one.
//! Widths are 1..=24 bits, chosen per section to minimise its size.

use super::shards::{Posting, put_varint, varint_len};

const MAX_WIDTH: u32 = 24;

/// Appends the doc section of `posts` (sorted by id) to `out`.
pub(crate) fn pack_docs(posts: &[Posting], out: &mut Vec<u8>) {
    // Each column is read three times (width, bits, exceptions): iterators,
    // not vectors, as this runs for every term of the index.
    let gaps = || {
        posts.iter().scan(0u32, |prev, p| {
            let g = p.id - *prev;
            *prev = p.id;
            Some(g)
        })
    };
    let tfs = || posts.iter().map(|p| p.tf().saturating_sub(1));
    let wg = best_width(gaps(), posts.len());
    let wt = best_width(tfs(), posts.len());
    out.push(wg as u8);
    out.push(wt as u8);
    put_bits(gaps(), wg, out);
    put_bits(tfs(), wt, out);
    // Fieldnorm ids (a document's length class) cluster: frame of reference.
    let base = posts.iter().map(|p| p.norm).min().unwrap_or(0);
    let top = posts.iter().map(|p| p.norm).max().unwrap_or(0);
    let wn = 32 - u32::from(top - base).leading_zeros();
    out.push(base);
    out.push(wn as u8);
    put_bits(posts.iter().map(|p| u32::from(p.norm - base)), wn, out);
    put_exceptions(gaps(), wg, out);
    put_exceptions(tfs(), wt, out);
}

/// Appends a column of values packed at its best width: the pos section of
/// one piece (its position gaps, in posting order), or a column of a term's
/// facet list (term_facets.rs).
pub(crate) fn pack_column(values: &[u32], out: &mut Vec<u8>) {
    let w = best_width(values.iter().copied(), values.len());
    out.push(w as u8);
    put_bits(values.iter().copied(), w, out);
    put_exceptions(values.iter().copied(), w, out);
}

fn put_exceptions(values: impl Iterator<Item = u32>, width: u32, out: &mut Vec<u8>) {
    let escape = escape_of(width);
    for v in values.filter(|&v| v >= escape) {
        put_varint(out, u64::from(v));
    }
}

fn escape_of(width: u32) -> u32 {
    (1u32 << width) - 1
}

/// The width that makes `values` smallest: a value that does not fit below
/// the escape costs its varint on top of its slot.
fn best_width(values: impl Iterator<Item = u32>, n: usize) -> u32 {
    // Per bit length of v + 1 (a value fits width w when that is <= w):
    // the varint bytes an escape would cost.
    let mut escape_bytes = [0u64; 35];
    for v in values {
        let len = 64 - (u64::from(v) + 1).leading_zeros();
        escape_bytes[len as usize] += varint_len(v) as u64;
    }
    // escaped[w] = bytes of the values that do not fit width w.
    let mut escaped = [0u64; 35];
    for len in (0..34).rev() {
        escaped[len] = escaped[len + 1] + escape_bytes[len + 1];
    }
    let n = n as u64;
    (1..=MAX_WIDTH)
        .min_by_key(|&w| (n * u64::from(w)).div_ceil(8) + escaped[w as usize])
        .unwrap_or(MAX_WIDTH)
}

fn put_bits(values: impl Iterator<Item = u32>, width: u32, out: &mut Vec<u8>) {
    let escape = escape_of(width);
    let (mut acc, mut bits) = (0u64, 0u32);
    for v in values {
        acc |= u64::from(v.min(escape)) << bits;
        bits += width;
        while bits >= 8 {
            out.push(acc as u8);
            acc >>= 8;
            bits -= 8;
        }
    }
    if bits > 0 {
        out.push(acc as u8);
    }
}

/// The Rust twin of `decodeDocs` and the piece decoding in engine.js, for
/// the tests: reads what `pack_docs` and `pack_column` wrote.
#[cfg(test)]
struct Unpacker<'a> {
    bytes: &'a [u8],
    at: usize,
}

#[cfg(test)]
impl Unpacker<'_> {
    fn byte(&mut self) -> Option<u8> {
        let b = *self.bytes.get(self.at)?;
        self.at += 1;
        Some(b)
    }

    fn bits(&mut self, n: usize, width: u32) -> Option<Vec<u32>> {
        let slice = self
            .bytes
            .get(self.at..self.at + (n * width as usize).div_ceil(8))?;
        self.at += slice.len();
        let (mut acc, mut bits, mut p) = (0u64, 0u32, 0usize);
        let mut out = Vec::with_capacity(n);
        for _ in 0..n {
            while bits < width {
                acc |= u64::from(*slice.get(p)?) << bits;
                p += 1;
                bits += 8;
            }
            out.push((acc & u64::from(escape_of(width))) as u32);
            acc >>= width;
            bits -= width;
        }
        Some(out)
    }

    fn exceptions(&mut self, values: &mut [u32], width: u32) -> Option<()> {
        for v in values.iter_mut().filter(|v| **v == escape_of(width)) {
            let (mut x, mut shift) = (0u64, 0);
            loop {
                let b = self.byte()?;
                x |= u64::from(b & 0x7f) << shift;
                if b < 0x80 {
                    break;
                }
                shift += 7;
            }
            *v = u32::try_from(x).ok()?;
        }
        Some(())
    }
}

/// (id, tf, norm) of the `n` postings of a doc section.
#[cfg(test)]
pub(crate) fn unpack_docs(bytes: &[u8], n: usize) -> Option<Vec<(u32, u32, u8)>> {
    let mut u = Unpacker { bytes, at: 0 };
    let (wg, wt) = (u32::from(u.byte()?), u32::from(u.byte()?));
    let mut gaps = u.bits(n, wg)?;
    let mut tfs = u.bits(n, wt)?;
    let (base, wn) = (u.byte()?, u32::from(u.byte()?));
    let norms: Vec<u8> = u.bits(n, wn)?.into_iter().map(|v| base + v as u8).collect();
    u.exceptions(&mut gaps, wg)?;
    u.exceptions(&mut tfs, wt)?;
    let mut id = 0;
    Some(
        (0..n)
            .map(|k| {
                id += gaps[k];
                (id, tfs[k] + 1, norms[k])
            })
            .collect(),
    )
}

/// The `m` values of a packed column (a whole pos section).
#[cfg(test)]
pub(crate) fn unpack_column(bytes: &[u8], m: usize) -> Option<Vec<u32>> {
    let (values, used) = unpack_column_prefix(bytes, m)?;
    (used == bytes.len()).then_some(values)
}

/// The `m` values of the packed column at the start of `bytes`, and the
/// bytes it takes.
#[cfg(test)]
pub(crate) fn unpack_column_prefix(bytes: &[u8], m: usize) -> Option<(Vec<u32>, usize)> {
    let mut u = Unpacker { bytes, at: 0 };
    let w = u32::from(u.byte()?);
    let mut values = u.bits(m, w)?;
    u.exceptions(&mut values, w)?;
    Some((values, u.at))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn posts(spec: &[(u32, u32, u8)]) -> Vec<Posting> {
        spec.iter()
            .map(|&(id, tf, norm)| Posting::for_test(id, tf, norm))
            .collect()
    }

    fn round_trip(spec: &[(u32, u32, u8)]) -> usize {
        let mut out = Vec::new();
        pack_docs(&posts(spec), &mut out);
        assert_eq!(
            unpack_docs(&out, spec.len()).as_deref(),
            Some(spec),
            "{out:?}"
        );
        out.len()
    }

    #[test]
    fn dense_doc_lists_cost_about_half_their_varints() {
        // 就业 in 90 % of 4 000 documents, mostly once, a few many times.
        let spec: Vec<(u32, u32, u8)> = (0..4000u32)
            .filter(|id| id % 10 != 3)
            .map(|id| {
                (
                    id,
                    if id % 17 == 0 { 40 } else { 1 + id % 2 },
                    (id % 200) as u8,
                )
            })
            .collect();
        let bytes = round_trip(&spec);
        let varints: usize = spec.len() * 3;
        assert!(bytes * 10 < varints * 6, "{bytes} vs varint {varints}");
    }

    #[test]
    fn sparse_and_odd_doc_lists_round_trip() {
        assert_eq!(round_trip(&[]), 4);
        round_trip(&[(0, 1, 0)]);
        round_trip(&[(7, 1, 255)]);
        round_trip(&[(u32::MAX - 1, 300_000, 9)]);
        round_trip(&[
            (3, 2, 1),
            (90_000, 1, 2),
            (90_001, 70, 3),
            (16_777_300, 1, 4),
        ]);
        let spread: Vec<(u32, u32, u8)> = (0..500u32)
            .map(|k| (k * k * 37 + k, 1 + (k * 7919) % 13, (k % 256) as u8))
            .collect();
        round_trip(&spread);
    }

    #[test]
    fn positions_round_trip_and_shrink() {
        // Positions in bodies of about 800 units: first ones anywhere, then gaps.
        let gaps: Vec<u32> = (0..3000u32)
            .map(|k| match (k % 5, k % 100) {
                (_, 99) => 70_000 + k,
                (0, _) => (k * 7919) % 800,
                _ => 1 + (k * 31) % 300,
            })
            .collect();
        let mut out = Vec::new();
        pack_column(&gaps, &mut out);
        assert_eq!(unpack_column(&out, gaps.len()), Some(gaps.clone()));
        let varints: usize = gaps.iter().map(|&g| varint_len(g)).sum();
        assert!(
            out.len() * 10 < varints * 8,
            "{} vs varint {varints}",
            out.len()
        );
        for small in [vec![], vec![0], vec![u32::MAX], vec![5, 0, 1 << 24]] {
            let mut out = Vec::new();
            pack_column(&small, &mut out);
            assert_eq!(unpack_column(&out, small.len()), Some(small));
        }
    }
}
