use super::terms::key_ranges;
use super::{CHUNK_UNITS, excerpt_chunks, fnv1a32, put_varint, varint_len};
use crate::search::tokenizer::unit_source_spans;

#[test]
fn excerpt_chunks_cut_a_body_by_unit_position_with_context() {
    assert!(excerpt_chunks("").is_empty());
    assert!(excerpt_chunks("  \n ").is_empty());
    // Separators only: one chunk of the text itself.
    assert_eq!(excerpt_chunks("——"), vec!["——".to_string()]);
    let body: String = (0..3 * CHUNK_UNITS)
        .map(|i| char::from_u32(0x4E00 + i % 200).unwrap())
        .collect();
    let chunks = excerpt_chunks(&body);
    assert_eq!(chunks.len(), 3);
    assert!(body.starts_with(&chunks[0]));
    let units = unit_source_spans(&body);
    for (k, chunk) in chunks.iter().enumerate() {
        // Every unit of chunk k lies in its text, with context either side.
        let lo = units[k * CHUNK_UNITS as usize].1.start;
        let hi = units[(k + 1) * CHUNK_UNITS as usize - 1].1.end;
        assert!(chunk.contains(&body[lo..hi]), "chunk {k}");
        assert!(chunk.chars().count() <= CHUNK_UNITS as usize + 2 * super::CHUNK_CONTEXT);
    }
}

#[test]
fn key_ranges_cover_every_key_once_in_order() {
    let ranges = key_ranges();
    assert!(ranges[0].0.is_empty());
    assert!(ranges.last().unwrap().1.is_none());
    for w in ranges.windows(2) {
        assert_eq!(w[0].1.as_deref(), Some(w[1].0.as_slice()));
        assert!(w[0].0 < w[1].0);
    }
}

#[test]
fn varints_and_hashes_are_the_browsers() {
    let mut out = Vec::new();
    for v in [0u64, 127, 128, 300, u64::from(u32::MAX)] {
        let before = out.len();
        put_varint(&mut out, v);
        if let Ok(v) = u32::try_from(v) {
            assert_eq!(out.len() - before, varint_len(v));
        }
    }
    assert_eq!(&out[..4], &[0, 127, 0x80, 1]);
    // FNV-1a: the offset basis for no bytes; engine.js hashes keys the same way.
    assert_eq!(fnv1a32("".as_bytes()), 0x811c_9dc5);
    assert_ne!(fnv1a32("养老".as_bytes()), fnv1a32("养 老".as_bytes()));
}
