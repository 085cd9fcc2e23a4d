//! Pack files: the browser's logical search files (see shards.rs) stored in a
//! few large files that `static/search/packs.js` reads with HTTP Range
//! requests, so that `site/search/` holds hundreds of files, not 200 000.
//!
//! The packs are **lanes**, one per writer, so that a parallel export writes
//! the same bytes every time: lane 0 holds the documents, facet blocks,
//! shards, vocabulary shards and slot regions, lane 1 + r the terms of key
//! range r. A lane is cut into files of [`PACK_BYTES`]: address a is byte o
//! mod PACK_BYTES of `pack-<lane>-<o / PACK_BYTES>.bin`, where lane = a >>
//! [`LANE_SHIFT`] and o is the rest; meta.json lists each lane's length.
//! Logical files come in **groups** that are read together: a dictionary shard
//! `t/<s>.bin`, a facet block `f/<b>.bin`, a document `d/<g>/<id>.json` with its
//! excerpt chunks `d/<g>/<id>-<k>.txt`, a large term `p/<g>/<n>.*` with all its
//! files, a vocabulary shard `v/<s>.json` (related/vocabulary.rs). Each group
//! has a fixed-size **slot** in its family's slot region, so
//! the reader computes where a group's directory is from the path alone (no
//! directory download), one small Range request per group:
//!
//! ```text
//! slot    := 0 (no such group) | 1, u32 hcrc, varint hlen, header, inline members
//!          | 2, u32 hcrc, varint hlen, varint hoff   (header at address hoff)
//! header  := varint count, varint inline, varint data_off,
//!            count × (varint code, varint len, u32 crc32)
//! ```
//!
//! The first `inline` members follow the header inside the slot (a document's
//! JSON, most shards); the others lie back to back from `data_off`, written
//! when their group was. Integers are LEB128 varints, u32 little-endian; a
//! member's code is 0 for the one file of a shard, facet block, vocabulary
//! shard or a document's JSON, k for excerpt chunk k, and for a term's files d=0, a=1,
//! r=2, f=3, p<i>=4+2i, b<i>=5+2i. Every member and every header carries a
//! CRC-32 the reader checks, so a truncated or corrupted pack is an error
//! (「搜索暂时不可用」), never wrong results.
//!
//! A term's group is keyed by its file number n = range << 20 | local; its
//! slot index is `bases[range] + local` (`bases` in meta.json), as local
//! numbers are dense within a key range.

use std::fs::{self, File};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde_json::{Value, json};

use super::SearchError;
use super::shards::put_varint;

/// Size of one pack file. Small enough that a host ignoring Range costs one
/// such download per pack a query touches (packs.js then fetches whole
/// packs), large enough to keep 100 000 documents under 5 000 files.
pub const PACK_BYTES: u64 = 512 * 1024;
/// Bits of an address that count within its lane.
pub const LANE_SHIFT: u32 = 36;
/// Low bits of a term's file number that count within its key range.
pub const TERM_SHIFT: u32 = 20;
/// Slot of a term group: its header for up to about a dozen files.
pub const TERM_SLOT: usize = 96;
/// Largest slot of any family.
pub const MAX_SLOT: usize = 4096;

/// The families of groups, in the order of their slot regions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Family {
    Shard = 0,
    Facet = 1,
    Doc = 2,
    Term = 3,
    Vocab = 4,
}

pub const FAMILIES: [Family; 5] = [
    Family::Shard,
    Family::Facet,
    Family::Doc,
    Family::Term,
    Family::Vocab,
];

impl Family {
    fn name(self) -> &'static str {
        match self {
            Family::Shard => "t",
            Family::Facet => "f",
            Family::Doc => "d",
            Family::Term => "p",
            Family::Vocab => "v",
        }
    }
}

/// A logical file: its family, group key (shard, block, document id or term
/// file number) and member code.
pub fn logical(path: &str) -> Option<(Family, u64, u64)> {
    let (dir, rest) = path.split_once('/')?;
    let file = rest.rsplit('/').next()?;
    let num = |s: &str| s.parse::<u64>().ok();
    match dir {
        "t" => Some((Family::Shard, num(file.strip_suffix(".bin")?)?, 0)),
        "f" => Some((Family::Facet, num(file.strip_suffix(".bin")?)?, 0)),
        "v" => Some((Family::Vocab, num(file.strip_suffix(".json")?)?, 0)),
        "d" => {
            if let Some(stem) = file.strip_suffix(".json") {
                Some((Family::Doc, num(stem)?, 0))
            } else {
                let (id, k) = file.strip_suffix(".txt")?.split_once('-')?;
                Some((Family::Doc, num(id)?, num(k)?))
            }
        }
        "p" => {
            let (n, ext) = file.split_once('.')?;
            Some((Family::Term, num(n)?, term_code(ext)?))
        }
        _ => None,
    }
}

/// Member code of a term's file by its extension (d, a, r, f, p<i>, b<i>).
pub fn term_code(ext: &str) -> Option<u64> {
    match ext {
        "d" => Some(0),
        "a" => Some(1),
        "r" => Some(2),
        "f" => Some(3),
        _ => {
            let i = ext.get(1..)?.parse::<u64>().ok()?;
            match ext.as_bytes()[0] {
                b'p' => Some(4 + 2 * i),
                b'b' => Some(5 + 2 * i),
                _ => None,
            }
        }
    }
}

/// The slot region of a family, as meta.json lists it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Region {
    pub base: u64,
    pub slot: usize,
    pub count: u64,
    /// Terms only: slot index of each key range's first term.
    pub bases: Vec<u64>,
}

/// Where everything is: written into meta.json as `"pack"`.
#[derive(Clone, Debug, PartialEq)]
pub struct PackIndex {
    pub pack_bytes: u64,
    /// Bytes written in each lane.
    pub lanes: Vec<u64>,
    pub packs: u64,
    pub regions: Vec<Region>,
}

impl PackIndex {
    pub fn to_json(&self) -> Value {
        let mut fams = serde_json::Map::new();
        for (f, r) in FAMILIES.iter().zip(&self.regions) {
            fams.insert(
                f.name().to_string(),
                json!({"base": r.base, "slot": r.slot, "count": r.count, "bases": r.bases}),
            );
        }
        json!({
            "bytes": self.pack_bytes,
            "lanes": self.lanes,
            "packs": self.packs,
            "families": fams,
        })
    }

    /// Reads back what [`PackIndex::to_json`] wrote.
    pub fn from_json(v: &Value) -> Option<PackIndex> {
        let families = v.get("families")?;
        let regions = FAMILIES
            .iter()
            .map(|f| {
                let r = families.get(f.name())?;
                Some(Region {
                    base: r.get("base")?.as_u64()?,
                    slot: r.get("slot")?.as_u64()? as usize,
                    count: r.get("count")?.as_u64()?,
                    bases: r
                        .get("bases")?
                        .as_array()?
                        .iter()
                        .map(Value::as_u64)
                        .collect::<Option<_>>()?,
                })
            })
            .collect::<Option<_>>()?;
        Some(PackIndex {
            pack_bytes: v.get("bytes")?.as_u64()?,
            lanes: v
                .get("lanes")?
                .as_array()?
                .iter()
                .map(Value::as_u64)
                .collect::<Option<_>>()?,
            packs: v.get("packs")?.as_u64()?,
            regions,
        })
    }

    /// The pack index and data folder of an exported `search/` folder.
    pub fn of_export(search_dir: &Path) -> Result<(PathBuf, PackIndex), String> {
        let meta = fs::read_to_string(search_dir.join("meta.json")).map_err(|e| e.to_string())?;
        let meta: Value = serde_json::from_str(&meta).map_err(|e| e.to_string())?;
        let dir = meta
            .get("dir")
            .and_then(Value::as_str)
            .ok_or("meta.json 缺少 dir")?;
        let index = meta
            .get("pack")
            .and_then(PackIndex::from_json)
            .ok_or("meta.json 缺少 pack")?;
        Ok((search_dir.join(dir), index))
    }

    /// Slot index of a group key, None when outside the region.
    pub(crate) fn slot_index(&self, family: Family, key: u64) -> Option<u64> {
        let r = &self.regions[family as usize];
        let index = if family == Family::Term {
            let range = (key >> TERM_SHIFT) as usize;
            r.bases.get(range)? + (key & ((1 << TERM_SHIFT) - 1))
        } else {
            key
        };
        (index < r.count).then_some(index)
    }
}

pub fn pack_name(lane: u64, j: u64) -> String {
    format!("pack-{lane}-{j}.bin")
}

/// The appending end of the address space.
struct Tail {
    file: Option<BufWriter<File>>,
    at: u64,
}

/// A group's key and its slot's bytes.
type Slot = (u64, Vec<u8>);

/// Writes groups into packs; safe to call from parallel exporters.
pub struct PackWriter {
    dir: PathBuf,
    /// The appending end of each lane.
    tails: Vec<Mutex<Tail>>,
    slot_sizes: Mutex<[usize; FAMILIES.len()]>,
    /// Per family: (group key, slot bytes), in any order.
    slots: [Mutex<Vec<Slot>>; FAMILIES.len()],
}

impl PackWriter {
    /// A writer of `lanes` lanes (each written by one thread at a time, in
    /// an order that does not depend on the others).
    pub fn new(dir: &Path, lanes: usize) -> Result<Self, SearchError> {
        fs::create_dir_all(dir).map_err(|e| SearchError::io(dir, e))?;
        Ok(PackWriter {
            dir: dir.to_path_buf(),
            tails: (0..lanes.max(1))
                .map(|_| Mutex::new(Tail { file: None, at: 0 }))
                .collect(),
            slot_sizes: Mutex::new([MAX_SLOT, MAX_SLOT, MAX_SLOT, TERM_SLOT, MAX_SLOT]),
            slots: Default::default(),
        })
    }

    /// Sets a family's slot size (before its first group): a size most of its
    /// groups' headers and first members fit in, so one request reads them.
    pub fn set_slot(&self, family: Family, bytes: usize) {
        if let Ok(mut s) = self.slot_sizes.lock() {
            s[family as usize] = bytes.clamp(32, MAX_SLOT);
        }
    }

    /// Appends bytes at the end of a lane; returns their address.
    fn append(&self, lane: usize, mut data: &[u8]) -> Result<u64, SearchError> {
        let lane = lane.min(self.tails.len() - 1);
        let mut tail = self.tails[lane].lock().unwrap_or_else(|e| e.into_inner());
        let start = ((lane as u64) << LANE_SHIFT) | tail.at;
        let lane = lane as u64;
        while !data.is_empty() {
            let room = (PACK_BYTES - tail.at % PACK_BYTES) as usize;
            if tail.file.is_none() {
                let path = self.dir.join(pack_name(lane, tail.at / PACK_BYTES));
                let f = File::create(&path).map_err(|e| SearchError::io(&path, e))?;
                tail.file = Some(BufWriter::with_capacity(1 << 16, f));
            }
            let n = room.min(data.len());
            let path = self.dir.join(pack_name(lane, tail.at / PACK_BYTES));
            if let Some(f) = tail.file.as_mut() {
                f.write_all(&data[..n])
                    .map_err(|e| SearchError::io(&path, e))?;
            }
            tail.at += n as u64;
            data = &data[n..];
            if tail.at.is_multiple_of(PACK_BYTES)
                && let Some(mut f) = tail.file.take()
            {
                f.flush().map_err(|e| SearchError::io(&path, e))?;
            }
        }
        Ok(start)
    }

    /// Writes one group: its members (code, bytes) in the order they are
    /// usually read. Returns its slot without the padding (what a dictionary
    /// entry copies, so that a reader knows the group's header from it).
    pub fn group(
        &self,
        lane: usize,
        family: Family,
        key: u64,
        members: &[(u64, &[u8])],
    ) -> Result<Vec<u8>, SearchError> {
        let slot = self
            .slot_sizes
            .lock()
            .map(|s| s[family as usize])
            .unwrap_or(MAX_SLOT);
        // Room a header takes at most besides its members' entries.
        let fixed = 1 + 4 + 3 + 3 + 3 + 10;
        let entries: usize = members.len() * (3 + 5 + 4);
        let mut inline = 0;
        let mut used = fixed + entries;
        for (_, m) in members {
            if used + m.len() > slot {
                break;
            }
            used += m.len();
            inline += 1;
        }
        let rest: Vec<u8> = members[inline..]
            .iter()
            .flat_map(|(_, m)| m.iter().copied())
            .collect();
        let data_off = if rest.is_empty() {
            0
        } else {
            self.append(lane, &rest)?
        };
        let mut header = Vec::with_capacity(16 + entries);
        put_varint(&mut header, members.len() as u64);
        put_varint(&mut header, inline as u64);
        put_varint(&mut header, data_off);
        for (code, m) in members {
            put_varint(&mut header, *code);
            put_varint(&mut header, m.len() as u64);
            header.extend_from_slice(&crc32fast::hash(m).to_le_bytes());
        }
        let crc = crc32fast::hash(&header).to_le_bytes();
        let inline_bytes: usize = members[..inline].iter().map(|m| m.1.len()).sum();
        let mut out = Vec::with_capacity(slot);
        out.push(1);
        out.extend_from_slice(&crc);
        put_varint(&mut out, header.len() as u64);
        if out.len() + header.len() + inline_bytes <= slot {
            out.extend_from_slice(&header);
            for (_, m) in &members[..inline] {
                out.extend_from_slice(m);
            }
        } else {
            // A header too long for the slot (a term of many pieces; nothing
            // is inline then): it lies after the data, one request further.
            let hoff = self.append(lane, &header)?;
            out[0] = 2;
            put_varint(&mut out, hoff);
        }
        let used = out[..out.len().min(slot)].to_vec();
        out.resize(slot, 0);
        self.slots[family as usize]
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((key, out));
        Ok(used)
    }

    /// Writes the slot regions after all data and closes the last pack.
    pub fn finish(self) -> Result<PackIndex, SearchError> {
        let sizes = self
            .slot_sizes
            .lock()
            .map(|s| *s)
            .unwrap_or([MAX_SLOT; FAMILIES.len()]);
        let mut regions = Vec::new();
        for f in FAMILIES {
            let mut slots = std::mem::take(
                &mut *self.slots[f as usize]
                    .lock()
                    .unwrap_or_else(|e| e.into_inner()),
            );
            slots.sort_by_key(|s| s.0);
            let slot = sizes[f as usize];
            let mut bases = Vec::new();
            // Dense slot index per group key (terms: rank, as locals are dense per range).
            let index_of: Vec<u64> = if f == Family::Term {
                for (rank, (key, _)) in slots.iter().enumerate() {
                    let range = (key >> TERM_SHIFT) as usize;
                    while bases.len() <= range {
                        bases.push(rank as u64);
                    }
                }
                (0..slots.len() as u64).collect()
            } else {
                slots.iter().map(|s| s.0).collect()
            };
            let count = index_of.last().map_or(0, |i| i + 1);
            let base = self.tails[0].lock().map(|t| t.at).unwrap_or(0);
            let mut next = 0u64;
            let empty = vec![0u8; slot];
            for (i, (_, bytes)) in index_of.iter().zip(&slots) {
                while next < *i {
                    self.append(0, &empty)?;
                    next += 1;
                }
                self.append(0, bytes)?;
                next += 1;
            }
            regions.push(Region {
                base,
                slot,
                count,
                bases,
            });
        }
        let mut lanes = Vec::new();
        for (lane, tail) in self.tails.iter().enumerate() {
            let mut tail = tail.lock().unwrap_or_else(|e| e.into_inner());
            if let Some(mut f) = tail.file.take() {
                let path = self.dir.join(pack_name(lane as u64, tail.at / PACK_BYTES));
                f.flush().map_err(|e| SearchError::io(&path, e))?;
            }
            lanes.push(tail.at);
        }
        Ok(PackIndex {
            pack_bytes: PACK_BYTES,
            packs: lanes.iter().map(|l| l.div_ceil(PACK_BYTES)).sum(),
            lanes,
            regions,
        })
    }
}

/// The logical path of a member (the inverse of [`logical`]).
pub fn logical_path(family: Family, key: u64, code: u64) -> String {
    match family {
        Family::Shard => format!("t/{key}.bin"),
        Family::Facet => format!("f/{key}.bin"),
        Family::Vocab => format!("v/{key}.json"),
        Family::Doc if code == 0 => format!("d/{}/{key}.json", key >> 10),
        Family::Doc => format!("d/{}/{key}-{code}.txt", key >> 10),
        Family::Term => {
            let ext = match code {
                0 => "d".to_string(),
                1 => "a".to_string(),
                2 => "r".to_string(),
                3 => "f".to_string(),
                c if c % 2 == 0 => format!("p{}", (c - 4) / 2),
                c => format!("b{}", (c - 5) / 2),
            };
            format!("p/{}/{key}.{ext}", key >> 10)
        }
    }
}

/// A slot size most groups fit in: the 80th percentile of their sizes, in
/// steps of 64 bytes, at most [`MAX_SLOT`].
pub fn slot_for(sizes: Vec<usize>) -> usize {
    slot_covering(sizes, 80)
}

/// A slot size `percent` of the groups fit in, in steps of 64 bytes, at most
/// [`MAX_SLOT`].
pub fn slot_covering(mut sizes: Vec<usize>, percent: usize) -> usize {
    if sizes.is_empty() {
        return 64;
    }
    sizes.sort_unstable();
    let p = sizes[(sizes.len() * percent.min(100) / 100).min(sizes.len() - 1)];
    (p + 32).div_ceil(64).saturating_mul(64).min(MAX_SLOT)
}

#[cfg(test)]
mod tests {
    use super::super::pack_reader::PackReader;
    use super::*;

    fn sample(n: usize, seed: u8) -> Vec<u8> {
        (0..n).map(|i| (i as u8).wrapping_mul(31) ^ seed).collect()
    }

    /// Writes a few groups of every family, sizes chosen to cross pack
    /// boundaries and to overflow slots, then reads every file back.
    fn round_trip() -> (tempfile::TempDir, PackIndex, Vec<(String, Vec<u8>)>) {
        let dir = tempfile::tempdir().unwrap();
        let w = PackWriter::new(dir.path(), 3).unwrap();
        w.set_slot(Family::Shard, 256);
        w.set_slot(Family::Doc, 512);
        let mut files: Vec<(String, Vec<u8>)> = Vec::new();
        for s in [0u64, 1, 5] {
            let b = sample(100 + 200 * s as usize, s as u8);
            w.group(0, Family::Shard, s, &[(0, &b)]).unwrap();
            files.push((format!("t/{s}.bin"), b));
        }
        w.set_slot(Family::Vocab, 320);
        for s in 0..3u64 {
            let b = format!("{{\"p:dibao\":[\"低保\"],\"s:{s}\":[]}}").repeat(1 + 4 * s as usize);
            w.group(0, Family::Vocab, s, &[(0, b.as_bytes())]).unwrap();
            files.push((format!("v/{s}.json"), b.into_bytes()));
        }
        for id in 0..40u64 {
            let json = format!("{{\"t\":\"关于做好{id}号就业补贴申领工作的通知\"}}").into_bytes();
            let chunk = sample(700 + id as usize * 7, id as u8);
            w.group(0, Family::Doc, id, &[(0, &json), (1, &chunk)])
                .unwrap();
            files.push((format!("d/{}/{id}.json", id >> 10), json));
            files.push((format!("d/{}/{id}-1.txt", id >> 10), chunk));
        }
        // Terms of two key ranges, one with many pieces (header spilled).
        for (range, locals) in [(0u64, 3u64), (2, 2)] {
            for local in 0..locals {
                let n = (range << TERM_SHIFT) | local;
                let pieces = if local == 0 { 120 } else { 2 };
                let mut members: Vec<(u64, Vec<u8>)> =
                    vec![(0, sample(900, 1)), (1, sample(300, 2))];
                for i in 0..pieces {
                    members.push((4 + 2 * i, sample(5000 + i as usize, i as u8)));
                }
                let refs: Vec<(u64, &[u8])> =
                    members.iter().map(|(c, b)| (*c, b.as_slice())).collect();
                w.group(1 + range as usize / 2, Family::Term, n, &refs)
                    .unwrap();
                files.push((format!("p/{}/{n}.d", n >> 10), members[0].1.clone()));
                files.push((format!("p/{}/{n}.a", n >> 10), members[1].1.clone()));
                for i in 0..pieces {
                    files.push((
                        format!("p/{}/{n}.p{i}", n >> 10),
                        members[2 + i as usize].1.clone(),
                    ));
                }
            }
        }
        let index = w.finish().unwrap();
        (dir, index, files)
    }

    #[test]
    fn every_logical_file_reads_back_from_the_packs() {
        let (dir, index, files) = round_trip();
        assert!(
            index.lanes[1] > PACK_BYTES,
            "the sample crosses pack boundaries"
        );
        let reader = PackReader {
            dir: dir.path(),
            index: &index,
        };
        for (path, bytes) in &files {
            assert_eq!(&reader.file(path).unwrap(), bytes, "{path}");
        }
        // A shard slot left empty, a missing member and a foreign path.
        assert!(reader.file("t/3.bin").is_err());
        assert!(reader.file("p/0/1.r").is_err());
        assert!(reader.file("lexicon.json").is_err());
        assert_eq!(index.regions[Family::Term as usize].bases, vec![0, 3, 3]);
        let on_disk: Vec<String> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(on_disk.len() as u64, index.packs);
        for (lane, len) in index.lanes.iter().enumerate() {
            let sum: u64 = (0..len.div_ceil(PACK_BYTES))
                .map(|j| {
                    fs::metadata(dir.path().join(pack_name(lane as u64, j)))
                        .unwrap()
                        .len()
                })
                .sum();
            assert_eq!(sum, *len, "lane {lane}");
        }
    }

    #[test]
    fn a_corrupted_or_truncated_pack_is_an_error_not_other_bytes() {
        let (dir, index, files) = round_trip();
        let reader = PackReader {
            dir: dir.path(),
            index: &index,
        };
        // Lane 0 ends with the slot regions, documents' last.
        let last = dir
            .path()
            .join(pack_name(0, index.lanes[0].div_ceil(PACK_BYTES) - 1));
        let mut bytes = fs::read(&last).unwrap();
        // Flip one byte of every 97 in the last pack (slots and data).
        for i in (0..bytes.len()).step_by(97) {
            bytes[i] ^= 0x5a;
        }
        fs::write(&last, &bytes).unwrap();
        let mut failed = 0;
        for (path, want) in &files {
            match reader.file(path) {
                Ok(got) => assert_eq!(&got, want, "{path} read wrong bytes"),
                Err(_) => failed += 1,
            }
        }
        assert!(failed > 0);
        fs::write(&last, &bytes[..bytes.len() / 2]).unwrap();
        for (path, want) in &files {
            if let Ok(got) = reader.file(path) {
                assert_eq!(&got, want, "{path} read wrong bytes");
            }
        }
        assert!(
            reader.file("d/0/39.json").is_err(),
            "doc slots sit in the last pack"
        );
    }

    #[test]
    fn logical_paths_name_their_group_and_member() {
        assert_eq!(logical("t/12.bin"), Some((Family::Shard, 12, 0)));
        assert_eq!(logical("d/3/3100.json"), Some((Family::Doc, 3100, 0)));
        assert_eq!(logical("d/3/3100-2.txt"), Some((Family::Doc, 3100, 2)));
        assert_eq!(
            logical("p/1024/1048577.b3"),
            Some((Family::Term, 1_048_577, 11))
        );
        assert_eq!(logical("p/0/7.r"), Some((Family::Term, 7, 2)));
        assert_eq!(logical("v/17.json"), Some((Family::Vocab, 17, 0)));
        assert_eq!(logical_path(Family::Vocab, 17, 0), "v/17.json");
        assert_eq!(logical("lexicon.json"), None);
        assert_eq!(logical("p/0/7.x"), None);
        assert_eq!(slot_for(vec![100; 10]), 192);
        assert_eq!(slot_for(vec![100_000]), MAX_SLOT);
    }
}
