//! Reading logical files back from the packs (packs.rs has the format), with
//! the checks `static/search/packs.js` makes: for the tests and the search
//! fixture, which compare the browser's reader with this one.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

use super::packs::{
    FAMILIES, Family, LANE_SHIFT, PackIndex, TERM_SHIFT, logical, logical_path, pack_name,
};

/// A group's checked header, its slot and where its inline members start.
type Group = (Vec<u8>, Vec<u8>, usize);

/// Reads logical files back (tests, and tools that inspect an export): the
/// same checks as packs.js.
pub struct PackReader<'a> {
    pub dir: &'a Path,
    pub index: &'a PackIndex,
}

impl PackReader<'_> {
    fn read(&self, addr: u64, len: u64) -> Result<Vec<u8>, String> {
        let lane = addr >> LANE_SHIFT;
        let start = addr & ((1 << LANE_SHIFT) - 1);
        if self
            .index
            .lanes
            .get(lane as usize)
            .is_none_or(|&l| start + len > l)
        {
            return Err(format!("范围 {addr}+{len} 超出搜索数据"));
        }
        let mut out = Vec::with_capacity(len as usize);
        let mut at = start;
        while at < start + len {
            let k = at / self.index.pack_bytes;
            let from = (at % self.index.pack_bytes) as usize;
            let n = ((start + len - at) as usize).min(self.index.pack_bytes as usize - from);
            let mut f = File::open(self.dir.join(pack_name(lane, k))).map_err(|e| e.to_string())?;
            let mut part = vec![0; n];
            f.seek(SeekFrom::Start(from as u64))
                .and_then(|_| f.read_exact(&mut part))
                .map_err(|_| "搜索数据包被截断")?;
            out.extend_from_slice(&part);
            at += n as u64;
        }
        Ok(out)
    }

    /// Every logical file the packs hold, read from the slot headers.
    pub fn paths(&self) -> Result<Vec<String>, String> {
        let mut out = Vec::new();
        for family in FAMILIES {
            let region = &self.index.regions[family as usize];
            for index in 0..region.count {
                let key = if family == Family::Term {
                    // The key range whose bases index this slot.
                    let range = region.bases.iter().rposition(|&b| b <= index).unwrap_or(0);
                    ((range as u64) << TERM_SHIFT) | (index - region.bases[range])
                } else {
                    index
                };
                for code in self.codes(family, index)? {
                    out.push(logical_path(family, key, code));
                }
            }
        }
        Ok(out)
    }

    /// The member codes of a group, from its header (empty for an empty slot).
    fn codes(&self, family: Family, index: u64) -> Result<Vec<u64>, String> {
        let Some((header, _, _)) = self.header(family, index)? else {
            return Ok(Vec::new());
        };
        let mut h = Cursor { b: &header, p: 0 };
        let count = h.varint()?;
        h.varint()?;
        h.varint()?;
        let mut codes = Vec::new();
        for _ in 0..count {
            codes.push(h.varint()?);
            h.varint()?;
            h.u32()?;
        }
        Ok(codes)
    }

    /// A group's checked header, its slot and where its inline members start.
    fn header(&self, family: Family, index: u64) -> Result<Option<Group>, String> {
        let region = &self.index.regions[family as usize];
        let slot_len = region.slot as u64;
        let slot = self.read(region.base + index * slot_len, slot_len)?;
        let mut r = Cursor { b: &slot, p: 0 };
        let tag = r.byte()?;
        if tag == 0 {
            return Ok(None);
        }
        let crc = r.u32()?;
        let hlen = r.varint()? as usize;
        let (header, inline_at) = match tag {
            1 => (r.take(hlen)?.to_vec(), r.p),
            2 => {
                let hoff = r.varint()?;
                (self.read(hoff, hlen as u64)?, usize::MAX)
            }
            _ => return Err("搜索数据格式错误".into()),
        };
        if crc32fast::hash(&header) != crc {
            return Err("搜索数据校验失败".into());
        }
        Ok(Some((header, slot, inline_at)))
    }

    /// The bytes of a logical file; Err when missing, truncated or corrupted.
    pub fn file(&self, path: &str) -> Result<Vec<u8>, String> {
        let (family, key, code) = logical(path).ok_or("不是数据包中的文件")?;
        let index = self.index.slot_index(family, key).ok_or("没有这个文件")?;
        let (header, slot, inline_at) = self.header(family, index)?.ok_or("没有这个文件")?;
        let mut h = Cursor { b: &header, p: 0 };
        let count = h.varint()?;
        let inline = h.varint()?;
        let data_off = h.varint()?;
        let (mut in_at, mut out_at) = (inline_at, data_off);
        for m in 0..count {
            let (c, len, crc) = (h.varint()?, h.varint()? as usize, h.u32()?);
            let bytes = if m < inline {
                let b = slot
                    .get(in_at..in_at + len)
                    .ok_or("搜索数据包被截断")?
                    .to_vec();
                in_at += len;
                b
            } else {
                out_at += len as u64;
                if c != code {
                    continue;
                }
                self.read(out_at - len as u64, len as u64)?
            };
            if c == code {
                if crc32fast::hash(&bytes) != crc {
                    return Err("搜索数据校验失败".into());
                }
                return Ok(bytes);
            }
        }
        Err("没有这个文件".into())
    }
}

struct Cursor<'a> {
    b: &'a [u8],
    p: usize,
}

impl Cursor<'_> {
    fn byte(&mut self) -> Result<u8, String> {
        let x = *self.b.get(self.p).ok_or("搜索数据包被截断")?;
        self.p += 1;
        Ok(x)
    }
    fn u32(&mut self) -> Result<u32, String> {
        let s = self.take(4)?;
        Ok(u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
    }
    fn varint(&mut self) -> Result<u64, String> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let x = self.byte()?;
            v |= u64::from(x & 0x7f) << shift;
            if x < 0x80 {
                return Ok(v);
            }
        }
        Err("搜索数据格式错误".into())
    }
    fn take(&mut self, n: usize) -> Result<&[u8], String> {
        let s = self.b.get(self.p..self.p + n).ok_or("搜索数据包被截断")?;
        self.p += n;
        Ok(s)
    }
}
