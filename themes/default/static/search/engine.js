// Search over the static shards written by src/search/shards.rs (see its
// module doc for the format). Same matching and order as `xxgk search`:
// every term is a phrase found in title, body, 文号 or 索引号; terms are ANDed;
// order is exact 文号/索引号, then all terms in the title, then BM25, then newest.
// No DOM here: search.js renders, and node tests drive this module directly.

import { queryPlans, exactKey, splitQuery, units, unitsWithSourceSpans } from "./tokenizer.js";
// related.js (rewrites, vocabulary, suggestions) comes with the first related
// lookup or suggestion, not with the page: its first load stays small.
let relatedModule = null;
const relatedJs = () => (relatedModule ??= import("./related.js"));

const FORMAT = 9;
// Facets by their index in the data (shards.rs): column, issuer, topic (主题分类's
// top level), validity, subtopic (the whole 一级\二级), doc_type (公文种类), organ
// (机关代字); the year comes after them in summaries and refinements.
const NF = 7;
const SUBTOPIC = 4;
const K1 = 1.2;
const B = 0.75;
const TITLE = 0;
const BODY = 1;
const NUM_FIELDS = 4;
const f32 = Math.fround;
const utf8 = new TextEncoder();
const utf8dec = new TextDecoder();

// tantivy's fieldnorm id -> field length (fieldnorm/code.rs).
function fieldnorm(id) {
  if (id < 24) return id;
  const b = id - 24;
  const bits = b & 7;
  const shift = b >> 3;
  return 24 + (shift === 0 ? bits : (bits | 8) * 2 ** (shift - 1));
}

function fnv1a32(bytes) {
  let h = 0x811c9dc5;
  for (const b of bytes) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

class Reader {
  constructor(bytes) {
    this.b = bytes;
    this.p = 0;
  }
  varint() {
    let v = 0;
    let scale = 1;
    for (;;) {
      const x = this.b[this.p++];
      if (x === undefined) throw new Error("truncated search data");
      v += (x & 0x7f) * scale;
      if (x < 0x80) return v;
      scale *= 128;
    }
  }
  byte() {
    const x = this.b[this.p++];
    if (x === undefined) throw new Error("truncated search data");
    return x;
  }
  take(n) {
    const out = this.b.subarray(this.p, this.p + n);
    this.p += n;
    return out;
  }
}

function idf(df, n) {
  return f32(Math.log(f32(1 + f32(f32(n - df + 0.5) / f32(df + 0.5)))));
}

function lowerBound(arr, x, lo = 0) {
  let hi = arr.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (arr[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

// Unpacks n values of `width` bits (LSB first) from bytes[at..] into out[from..].
function unpackBits(bytes, at, n, width, out, from) {
  const mask = 2 ** width - 1;
  let acc = 0;
  let bits = 0;
  for (let k = 0; k < n; k++) {
    while (bits < width) {
      const b = bytes[at++];
      if (b === undefined) throw new Error("truncated search data");
      acc |= b << bits;
      bits += 8;
    }
    out[from + k] = acc & mask;
    acc >>>= width;
    bits -= width;
  }
}

// Decodes a doc section (postings [first, end) of a list) into its arrays:
// bit-packed id gaps and tf - 1, fieldnorm ids less their minimum, then the
// escaped gaps and tf as varints (src/search/sections.rs).
function decodeDocs(list, bytes, first, end) {
  const n = end - first;
  const wg = bytes[0];
  const wt = bytes[1];
  let at = 2;
  unpackBits(bytes, at, n, wg, list.ids, first);
  at += Math.ceil((n * wg) / 8);
  unpackBits(bytes, at, n, wt, list.tf, first);
  at += Math.ceil((n * wt) / 8);
  const base = bytes[at];
  const wn = bytes[at + 1];
  at += 2;
  unpackBits(bytes, at, n, wn, list.norm, first);
  for (let k = first; k < end; k++) list.norm[k] += base;
  at += Math.ceil((n * wn) / 8);
  const r = new Reader(bytes);
  r.p = at;
  const escG = 2 ** wg - 1;
  const escT = 2 ** wt - 1;
  let id = 0;
  for (let k = first; k < end; k++) {
    const gap = list.ids[k] === escG ? r.varint() : list.ids[k];
    list.ids[k] = id += gap;
  }
  for (let k = first; k < end; k++) {
    list.tf[k] = (list.tf[k] === escT ? r.varint() : list.tf[k]) + 1;
  }
}

// A packed column (sections.rs pack_column) of n values at r.p; advances r.
function readColumn(r, n) {
  const w = r.byte();
  const out = new Uint32Array(n);
  unpackBits(r.b, r.p, n, w, out, 0);
  r.p += Math.ceil((n * w) / 8);
  const esc = 2 ** w - 1;
  for (let k = 0; k < n; k++) if (out[k] === esc) out[k] = r.varint();
  return out;
}

function newList(df) {
  return { df, ids: new Uint32Array(df), tf: new Uint32Array(df), norm: new Uint8Array(df), pieces: null, split: false };
}

// Index of the last piece whose `key` is at most x (pieces are sorted by it).
function lastPieceAtMost(list, key, x) {
  let lo = 0;
  let hi = list.pieces.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (list.pieces[mid][key] <= x) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

// The piece (= doc block) of a split list that would hold `id`.
const blockOfId = (list, id) => lastPieceAtMost(list, "firstId", id);
// The piece of a field list holding posting k.
const pieceOf = (list, k) => lastPieceAtMost(list, "first", k);

// Posting index of `id` in a list (its block loaded), or -1.
function findId(list, id, from) {
  let lo = from;
  let hi = list.df;
  if (list.split) {
    const piece = list.pieces[blockOfId(list, id)];
    lo = Math.max(lo, piece.first);
    hi = piece.end;
  }
  const end = hi;
  const arr = list.ids;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (arr[mid] < id) lo = mid + 1;
    else hi = mid;
  }
  return lo < end && arr[lo] === id ? lo : -1;
}

// Absolute positions of posting k (its piece must be loaded).
function positionsOf(list, k) {
  const piece = list.pieces[pieceOf(list, k)];
  const { start, all } = piece.dec;
  const j = k - piece.first;
  return all.subarray(start[j], start[j + 1]);
}

// Matches in id order, in parallel arrays: BM25 score, whether in the title
// and in the body, the first phrase position in the body (-1 if unknown),
// and whether a 文号/索引号 matched exactly. Plain arrays of numbers rather
// than a Map of objects: a common pair of words matches most documents.
function newHits(size) {
  return {
    n: 0,
    ids: new Uint32Array(size),
    score: new Float32Array(size),
    title: new Uint8Array(size),
    body: new Uint8Array(size),
    pos: new Int32Array(size),
    exact: new Uint8Array(size),
  };
}

// One term's matches over the fields: scores added in field order.
function mergeFields(perField) {
  const out = newHits(perField.reduce((s, m) => s + (m ? m.n : 0), 0));
  const at = perField.map(() => 0);
  for (;;) {
    let id = Infinity;
    perField.forEach((m, f) => {
      if (m && at[f] < m.n && m.ids[at[f]] < id) id = m.ids[at[f]];
    });
    if (id === Infinity) return out;
    const k = out.n++;
    out.ids[k] = id;
    out.pos[k] = -1;
    let score = 0;
    perField.forEach((m, f) => {
      if (!m || at[f] >= m.n || m.ids[at[f]] !== id) return;
      score = f32(score + m.score[at[f]]);
      if (f === TITLE) out.title[k] = 1;
      if (f === BODY) {
        out.body[k] = 1;
        out.pos[k] = m.pos[at[f]];
      }
      at[f] += 1;
    });
    out.score[k] = score;
  }
}

// The documents matching both a and b (the terms are ANDed).
function intersectHits(a, b) {
  const out = newHits(Math.min(a.n, b.n));
  let i = 0;
  let j = 0;
  while (i < a.n && j < b.n) {
    const x = a.ids[i];
    const y = b.ids[j];
    if (x < y) {
      i += 1;
    } else if (y < x) {
      j += 1;
    } else {
      const k = out.n++;
      out.ids[k] = x;
      out.score[k] = f32(a.score[i] + b.score[j]);
      out.title[k] = a.title[i] & b.title[j];
      out.body[k] = a.body[i] | b.body[j];
      const p = a.pos[i];
      const q = b.pos[j];
      out.pos[k] = p < 0 ? q : q < 0 ? p : Math.min(p, q);
      i += 1;
      j += 1;
    }
  }
  return out;
}

// result.info: id -> {score, title, body, pos, exact} of a match, for page().
function hitInfo(hits) {
  return {
    get(id) {
      const r = lowerBound(hits.ids.subarray(0, hits.n), id);
      if (r >= hits.n || hits.ids[r] !== id) return undefined;
      return { score: hits.score[r], title: !!hits.title[r], body: !!hits.body[r], pos: hits.pos[r], exact: !!hits.exact[r] };
    },
  };
}

function sortFacet(map, label) {
  return [...map.entries()]
    .map(([value, count]) => ({ value, label: label(value), count }))
    .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
}

// The 主题分类 facet, as query.rs two_level: each top-level topic (counting its
// sub-topics' documents), then its sub-topics labelled by their 二级 alone.
function twoLevel(tops, subs) {
  const out = [];
  const sorted = sortFacet(subs, (v) => v);
  for (const top of sortFacet(tops, (v) => v)) {
    out.push(top);
    for (const sub of sorted) {
      const cut = sub.value.indexOf("\\");
      if (cut >= 0 && sub.value.slice(0, cut) === top.value) out.push({ ...sub, label: sub.value.slice(cut + 1) });
    }
  }
  return out;
}

// The facet (its index) and value a topic refinement compares: a top-level topic
// finds its sub-topics' documents too, 一级\二级 only its own.
function topicFacet(topic) {
  return topic.includes("\\") ? SUBTOPIC : 2;
}

const EMPTY_FACETS = () => ({ column: [], year: [], issuer: [], topic: [], validity: [], doc_type: [], organ: [] });

export class SearchEngine {
  // fetchBytes(path) -> Promise<Uint8Array>, path relative to the search/ folder;
  // store, the PackStore under it if any, is given the term slots that the
  // dictionary shards copy (prime), so that a term's files need no slot request.
  constructor(fetchBytes, store = null) {
    this.fetchBytes = fetchBytes;
    this.store = store;
    this.meta = null;
    this.shards = new Map();
    this.postings = new Map();
    this.files = new Map();
    this.blocks = new Map();
    this.facetLists = new Map();
    this.docs = new Map();
  }

  async init() {
    if (this.meta) return this.meta;
    const meta = JSON.parse(utf8dec.decode(await this.fetchBytes("meta.json")));
    if (meta.v !== FORMAT) throw new Error(`search data format ${meta.v}, expected ${FORMAT}`);
    this.meta = meta;
    this.avg = meta.tokens.map((t) => f32(t / meta.docs));
    return meta;
  }

  file(path) {
    if (!this.files.has(path)) {
      const p = this.fetchBytes(this.meta.dir + path);
      this.files.set(path, p);
      p.catch(() => this.files.delete(path));
    }
    return this.files.get(path);
  }

  async shard(s) {
    if (!this.shards.has(s)) {
      this.shards.set(s, this.file(`t/${s}.bin`).then((bytes) => this.parseShard(bytes)));
    }
    return this.shards.get(s);
  }

  parseShard(bytes) {
    const r = new Reader(bytes);
    const n = r.varint();
    const map = new Map();
    for (let i = 0; i < n; i++) {
      const key = utf8dec.decode(r.take(r.varint()));
      const flags = r.varint();
      if (flags & 32) {
        const df = r.varint();
        const section = r.take(r.varint());
        const sr = new Reader(section);
        const ids = new Uint32Array(df);
        let id = 0;
        for (let k = 0; k < df; k++) ids[k] = id += sr.varint();
        map.set(key, { exact: ids });
        continue;
      }
      const ext = flags & 16 ? r.varint() : -1;
      const fields = [];
      for (let f = 0; f < NUM_FIELDS; f++) {
        if (flags & (1 << f)) fields.push({ f, df: r.varint(), dlen: r.varint(), plen: r.varint() });
      }
      if (ext < 0) {
        for (const fd of fields) {
          fd.d = r.take(fd.dlen);
          fd.p = r.take(fd.plen);
        }
      } else if (flags & 512) {
        const slot = r.take(r.varint());
        if (this.store) this.store.prime(`${this.meta.dir}p/${ext >> 10}/${ext}.d`, slot);
      }
      map.set(key, { ext, fields, summary: (flags & 64) !== 0, facetList: (flags & 128) !== 0, refined: (flags & 256) !== 0 });
    }
    return map;
  }

  async entry(key) {
    const s = fnv1a32(utf8.encode(key)) & (this.meta.shards - 1);
    return (await this.shard(s)).get(key) || null;
  }

  // Per-field decoded lists of a token: Map field -> list, or null if absent.
  async docLists(token) {
    if (this.postings.has(token)) return this.postings.get(token);
    const p = (async () => {
      const e = await this.entry(token);
      if (!e || !e.fields) return null;
      let dbytes = null;
      let at = 0;
      const table = [];
      if (e.ext >= 0) {
        const dir = `p/${e.ext >> 10}/${e.ext}`;
        dbytes = await this.file(`${dir}.d`);
        const r = new Reader(dbytes);
        const n = r.varint();
        for (let i = 0; i < n; i++) {
          table.push({ f: r.varint(), first: r.varint(), len: r.varint(), firstId: r.varint(), dlen: r.varint(), name: `${dir}.p${i}` });
        }
        at = r.p;
      }
      const lists = new Map();
      for (const fd of e.fields) {
        const list = newList(fd.df);
        if (e.ext >= 0) {
          const mine = table.filter((p) => p.f === fd.f);
          list.split = fd.dlen === 0;
          list.pieces = mine.map((p, i) => ({
            first: p.first,
            end: i + 1 < mine.length ? mine[i + 1].first : fd.df,
            firstId: p.firstId,
            name: p.name,
            doc: list.split ? p.name.replace(/\.p(\d+)$/, ".b$1") : null,
            loaded: null,
            bytes: null,
            dec: null,
          }));
        } else {
          list.pieces = [{ first: 0, end: fd.df, firstId: 0, name: null, doc: null, loaded: null, bytes: fd.p, dec: null }];
        }
        if (!list.split) {
          decodeDocs(list, e.ext >= 0 ? dbytes.subarray(at, at + fd.dlen) : fd.d, 0, fd.df);
          at += fd.dlen;
        }
        lists.set(fd.f, list);
      }
      lists.entry = e;
      return lists;
    })();
    this.postings.set(token, p);
    return p;
  }

  // Loads the doc blocks `pis` of a split list (all of them when pis is null).
  async ensureBlocks(list, pis) {
    if (!list.split) return;
    const want = pis || list.pieces.map((_, i) => i);
    await Promise.all(want.map((pi) => {
      const piece = list.pieces[pi];
      if (!piece.loaded) {
        piece.loaded = this.file(piece.doc).then((bytes) => decodeDocs(list, bytes, piece.first, piece.end));
      }
      return piece.loaded;
    }));
  }

  // Loads and decodes the position pieces holding postings ks of a list.
  async ensurePieces(list, ks) {
    const need = new Set(ks.map((k) => pieceOf(list, k)));
    await Promise.all([...need].map(async (pi) => {
      const piece = list.pieces[pi];
      if (piece.dec) return;
      const bytes = piece.bytes || (await this.file(piece.name));
      const end = piece.end;
      const start = new Uint32Array(end - piece.first + 1);
      let total = 0;
      for (let k = piece.first; k < end; k++) total += list.tf[k];
      // A packed column of position gaps (sections.rs), summed per document.
      const all = readColumn(new Reader(bytes), total);
      let at = 0;
      for (let k = piece.first; k < end; k++) {
        start[k - piece.first] = at;
        for (let i = 1; i < list.tf[k]; i++) all[at + i] += all[at + i - 1];
        at += list.tf[k];
      }
      start[end - piece.first] = at;
      piece.dec = { start, all };
    }));
  }

  // Postings [from, to) of a list that hold the ids in `range` (all of them
  // when null), their doc blocks loaded. Ids run newest first, so a year is
  // one id range, and refining by year reads only that part of each list.
  async postingsIn(list, range) {
    if (!range) {
      await this.ensureBlocks(list, null);
      return [0, list.df];
    }
    const [lo, hi] = range;
    if (list.split) {
      const a = blockOfId(list, lo);
      const b = blockOfId(list, hi - 1);
      await this.ensureBlocks(list, Array.from({ length: b - a + 1 }, (_, i) => a + i));
      const pa = list.pieces[a];
      const pb = list.pieces[b];
      const ids = list.ids.subarray(0, pb.end);
      return [lowerBound(ids, lo, pa.first), lowerBound(ids, hi, pa.first)];
    }
    return [lowerBound(list.ids, lo), lowerBound(list.ids, hi)];
  }

  // BM25's length normalisation of field f per fieldnorm id, computed once.
  lengthParts(f) {
    this.lengthTables ||= [];
    if (!this.lengthTables[f]) {
      const avg = this.avg[f];
      const t = new Float32Array(256);
      for (let id = 0; id < 256; id++) t[id] = f32(K1 * f32(1 - B + f32(B * f32(fieldnorm(id) / avg))));
      this.lengthTables[f] = t;
    }
    return this.lengthTables[f];
  }

  // One term over one field: its matches in id order (see newHits), or null.
  // `range` [lo, hi) limits the matches to those ids (a year), or is null.
  async matchField(plan, tokenLists, f, range) {
    const lists = plan.map(([tok]) => tokenLists.get(tok)?.get(f));
    if (lists.some((l) => !l)) return null;
    const n = this.meta.docs;
    const L = lists.length;
    // Candidates: the smallest list (its part in range), then each longer
    // list probed only in the blocks that could hold a remaining candidate.
    // Row r of `at` holds a candidate's posting index in each list.
    const order = lists.map((l, i) => i).sort((a, b) => lists[a].df - lists[b].df);
    const first = order[0];
    const smallest = lists[first];
    const [from, to] = await this.postingsIn(smallest, range);
    let m = to - from;
    const at = new Int32Array(m * L);
    for (let k = from; k < to; k++) at[(k - from) * L + first] = k;
    const idOf = (r) => smallest.ids[at[r * L + first]];
    for (const i of order.slice(1)) {
      const l = lists[i];
      if (l.split) {
        const want = new Set();
        for (let r = 0; r < m; r++) want.add(blockOfId(l, idOf(r)));
        await this.ensureBlocks(l, [...want]);
      }
      let cursor = 0;
      let kept = 0;
      for (let r = 0; r < m; r++) {
        const j = findId(l, idOf(r), l.split ? 0 : cursor);
        if (j < 0) continue;
        cursor = j;
        if (kept !== r) at.copyWithin(kept * L, r * L, r * L + L);
        at[kept * L + i] = j;
        kept += 1;
      }
      m = kept;
      if (!m) break;
    }
    const out = newHits(m);
    if (!m) return out;
    const lengthPart = this.lengthParts(f);
    const tfPart = (tf, normId) => f32(tf / f32(tf + lengthPart[normId]));
    if (L === 1) {
      const l = lists[0];
      const weight = f32(idf(l.df, n) * (1 + K1));
      for (let r = 0; r < m; r++) {
        const k = at[r];
        out.ids[r] = l.ids[k];
        out.score[r] = f32(weight * tfPart(l.tf[k], l.norm[k]));
        out.pos[r] = -1;
      }
      out.n = m;
      return out;
    }
    await Promise.all(lists.map((l, i) => this.ensurePieces(l, Array.from({ length: m }, (_, r) => at[r * L + i]))));
    let idfSum = 0;
    for (const l of lists) idfSum = f32(idfSum + idf(l.df, n));
    const weight = f32(idfSum * (1 + K1));
    const l0 = lists[0];
    for (let r = 0; r < m; r++) {
      const k0 = at[r * L];
      let count = 0;
      let firstMatch = -1;
      for (const p0 of positionsOf(l0, k0)) {
        const base = p0 - plan[0][1];
        let ok = true;
        for (let i = 1; i < L && ok; i++) {
          const want = base + plan[i][1];
          const ps = positionsOf(lists[i], at[r * L + i]);
          const j = lowerBound(ps, want);
          ok = j < ps.length && ps[j] === want;
        }
        if (ok) {
          count += 1;
          if (firstMatch < 0) firstMatch = base;
        }
      }
      if (count > 0) {
        const k = out.n++;
        out.ids[k] = l0.ids[k0];
        out.score[k] = f32(weight * tfPart(count, l0.norm[k0]));
        out.pos[k] = firstMatch;
      }
    }
    return out;
  }

  async facetBlock(b) {
    if (!this.blocks.has(b)) {
      this.blocks.set(b, this.file(`f/${b}.bin`).then((bytes) => {
        const size = Math.min(this.meta.block, this.meta.docs - b * this.meta.block);
        const r = new Reader(bytes);
        const facets = [];
        for (let i = 0; i < NF; i++) {
          const m = r.varint();
          const values = [];
          for (let j = 0; j < m; j++) values.push(r.varint());
          const width = m <= 1 ? 0 : 32 - Math.clz32(m - 1);
          const packed = r.take(Math.ceil((size * width) / 8));
          const out = new Uint16Array(size);
          for (let d = 0; d < size; d++) {
            let local = 0;
            for (let bit = 0; bit < width; bit++) {
              const at = d * width + bit;
              if (packed[at >> 3] & (1 << (at & 7))) local |= 1 << bit;
            }
            out[d] = values[local] ?? 0;
          }
          facets.push(out);
        }
        return facets;
      }));
    }
    return this.blocks.get(b);
  }

  // The facet list of a common term (term_facets.rs): its documents' ids and
  // the value index + 1 of each facet of each.
  async termFacets(ext) {
    if (!this.facetLists.has(ext)) {
      this.facetLists.set(ext, this.file(`p/${ext >> 10}/${ext}.f`).then((bytes) => {
        const r = new Reader(bytes);
        const n = r.varint();
        const ids = readColumn(r, n);
        for (let k = 1; k < n; k++) ids[k] += ids[k - 1];
        const cols = [];
        for (let i = 0; i < NF; i++) cols.push(readColumn(r, n));
        return { ids, cols };
      }));
    }
    return this.facetLists.get(ext);
  }

  // (id, facet) -> value index + 1 for the matches `ids` (sorted), read from
  // the facet blocks that hold them or, when smaller, from the facet list of
  // the query's rarest common token: every match contains every token.
  async matchFacets(ids, listsPerToken) {
    const meta = this.meta;
    const widths = this.facetValues().map((l) => 32 - Math.clz32(l.length));
    const bits = widths.reduce((a, b) => a + b, 0);
    const blockIds = [...new Set(ids.map((id) => Math.floor(id / meta.block)))];
    const blockBytes = (blockIds.filter((b) => !this.blocks.has(b)).length * meta.block * bits) / 8;
    let best = null;
    for (const lists of listsPerToken) {
      const e = lists && lists.entry;
      if (!e || !e.facetList) continue;
      const df = e.fields.reduce((n, fd) => n + fd.df, 0);
      if (!best || df < best.df) best = { df, ext: e.ext };
    }
    if (best && ids.length) {
      const gapBits = 2 + Math.max(0, Math.log2(meta.docs / best.df));
      const cached = this.facetLists.has(best.ext);
      if (cached || (best.df * (bits + gapBits)) / 8 < blockBytes) {
        const f = await this.termFacets(best.ext);
        const at = new Map();
        let k = 0;
        for (const id of ids) {
          k = lowerBound(f.ids, id, k);
          if (f.ids[k] !== id) break;
          at.set(id, k);
        }
        // Always true unless the data is inconsistent; the blocks are exact anyway.
        if (at.size === ids.length) return (id, i) => f.cols[i][at.get(id)];
      }
    }
    const blocks = new Map(await Promise.all(blockIds.map(async (b) => [b, await this.facetBlock(b)])));
    return (id, i) => blocks.get(Math.floor(id / meta.block))[i][id % meta.block];
  }

  // Value tables of each facet (facet value v is entry v - 1).
  facetValues() {
    const m = this.meta;
    return [m.columns.map((c) => c[0]), m.issuers, m.topics, m.validity, m.subtopics, m.doc_types, m.organs];
  }

  // Facet lists from counts: Maps value -> count of each facet, then the year.
  facets(counts) {
    const titles = new Map(this.meta.columns);
    return {
      column: sortFacet(counts[0], (v) => titles.get(v) || v),
      issuer: sortFacet(counts[1], (v) => v),
      topic: twoLevel(counts[2], counts[SUBTOPIC]),
      validity: sortFacet(counts[3], (v) => v),
      doc_type: sortFacet(counts[5], (v) => v),
      organ: sortFacet(counts[6], (v) => v),
      year: [...counts[NF].entries()]
        .map(([value, count]) => ({ value, label: `${value}年`, count }))
        .sort((a, b) => Number(b.value) - Number(a.value)),
    };
  }

  yearOf(id) {
    for (const [year, first, count] of this.meta.years) {
      if (id >= first && id < first + count) return year;
    }
    return 0;
  }

  // opts: column (path prefix, as the CLI), columnExact, year, issuer, topic
  // (一级, or 一级\二级), validity, doc_type, organ, sort ("relevance" | "date").
  async search(query, opts = {}) {
    const meta = await this.init();
    const empty = { total: 0, ids: [], info: new Map(), facets: EMPTY_FACETS() };
    const plans = queryPlans(query);
    if (!plans.length || !meta.docs) return empty;
    const tokens = [...new Set(plans.flat().map(([t]) => t))];
    const key = exactKey(query);
    const filtered = ["column", "columnExact", "year", "issuer", "topic", "validity", "doc_type", "organ"].some((k) => opts[k]);
    if (tokens.length === 1 && !opts.full) {
      const byValue = [
        ["columnExact", 0], ["issuer", 1], ["topic", topicFacet(String(opts.topic || ""))], ["validity", 3],
        ["doc_type", 5], ["organ", 6], ["year", NF],
      ].filter(([k]) => opts[k]);
      const fast = !filtered
        ? await this.summarySearch(query, tokens[0], key, opts)
        : byValue.length === 1 && !opts.column
          ? await this.refinedSearch(query, tokens[0], key, opts, byValue[0])
          : null;
      if (fast) return fast;
    }
    const [lists, exact] = await Promise.all([
      Promise.all(tokens.map((t) => this.docLists(t))),
      key ? this.entry("#" + key) : null,
    ]);
    if (lists.some((l) => !l)) return empty;
    const tokenLists = new Map(tokens.map((t, i) => [t, lists[i]]));

    const year = opts.year ? meta.years.find(([y]) => y === Number(opts.year)) : null;
    if (opts.year && !year) return empty;
    const range = year ? [year[1], year[1] + year[2]] : null;
    let hits = null;
    for (const plan of plans) {
      const perField = await Promise.all([0, 1, 2, 3].map((f) => this.matchField(plan, tokenLists, f, range)));
      const term = mergeFields(perField);
      hits = hits ? intersectHits(hits, term) : term;
      if (!hits.n) break;
    }
    const exactIds = new Set(exact && exact.exact ? exact.exact : []);
    const rows = [];
    for (let r = 0; r < hits.n; r++) {
      if (exactIds.has(hits.ids[r])) hits.exact[r] = 1;
      rows.push(r);
    }

    const value = await this.matchFacets(hits.ids.subarray(0, hits.n), lists);
    const tables = this.facetValues();
    const str = (id, i) => {
      const v = value(id, i);
      return v ? tables[i][v - 1] : "";
    };
    const prefix = (opts.column || "").replace(/^\/+|\/+$/g, "");
    const narrowed = !filtered ? rows : rows.filter((r) => {
      const id = hits.ids[r];
      const col = str(id, 0);
      return (!prefix || col === prefix || col.startsWith(prefix + "/")) &&
        (!opts.columnExact || col === opts.columnExact) &&
        (!opts.year || this.yearOf(id) === Number(opts.year)) &&
        (!opts.issuer || str(id, 1) === opts.issuer) &&
        (!opts.topic || str(id, topicFacet(String(opts.topic))) === opts.topic) &&
        (!opts.validity || str(id, 3) === opts.validity) &&
        (!opts.doc_type || str(id, 5) === opts.doc_type) &&
        (!opts.organ || str(id, 6) === opts.organ);
    });

    // Rows run in id order, so the last tie-break (older id first) is the row.
    if (opts.sort !== "date") {
      const { exact: ex, title, score } = hits;
      narrowed.sort((a, b) => (ex[b] - ex[a]) || (title[b] - title[a]) || (score[b] - score[a]) || (a - b));
    }
    const ids = narrowed.map((r) => hits.ids[r]);

    // Facet counts by value index, named at the end.
    const byValue = tables.map((l) => new Uint32Array(l.length + 1));
    const byYear = new Map();
    for (const id of ids) {
      for (let i = 0; i < NF; i++) byValue[i][value(id, i)] += 1;
      const y = this.yearOf(id);
      byYear.set(y, (byYear.get(y) || 0) + 1);
    }
    const counts = byValue.map((c, i) => {
      const named = new Map();
      for (let v = 1; v < c.length; v++) {
        if (c[v] && tables[i][v - 1]) named.set(tables[i][v - 1], c[v]);
      }
      return named;
    });
    counts.push(new Map([...byYear].map(([y, c]) => [String(y), c])));
    const info = hitInfo(hits);
    return { total: ids.length, ids, info, facets: this.facets(counts), query };
  }

  // A one-token query answered from the token's summary file (summary.rs):
  // total, facets and the first results, without its doc lists or any facet
  // block. Null when the token has no summary or a 文号/索引号 matches exactly
  // (exact matches go first, which the summary does not know).
  async summarySearch(query, token, key, opts) {
    const [e, exact] = await Promise.all([this.entry(token), key ? this.entry("#" + key) : null]);
    if (!e || !e.summary || (exact && exact.exact)) return null;
    const r = new Reader(await this.file(`p/${e.ext >> 10}/${e.ext}.a`));
    const heads = {};
    const result = this.readSummary(r, query, opts, heads);
    // The records of the first page by relevance: page() needs no document request.
    const first = heads.byScore;
    for (let n = r.varint(), k = 0; k < n; k++) {
      const record = r.take(r.varint());
      if (k < first.length && !this.docs.has(first[k])) this.docs.set(first[k], Promise.resolve(JSON.parse(utf8dec.decode(record))));
    }
    return result;
  }

  // A one-token query refined by one facet value (二次搜索), answered from
  // the token's refinements (summary.rs): the summary of its documents with
  // that value. Null when the token has none, or the value is not among them.
  async refinedSearch(query, token, key, opts, [name, facet]) {
    const [e, exact] = await Promise.all([this.entry(token), key ? this.entry("#" + key) : null]);
    if (!e || !e.refined || (exact && exact.exact)) return null;
    const bytes = await this.file(`p/${e.ext >> 10}/${e.ext}.r`);
    const r = new Reader(bytes);
    const values = this.facetValues();
    let skip = 0;
    let found = null;
    // Each facet by value index + 1; then years.
    const wanted = (i, v) => (i === NF ? v === Number(opts.year) : values[i][v - 1] === opts[name]);
    for (let i = 0; i <= NF; i++) {
      for (let n = r.varint(), k = 0; k < n; k++) {
        const v = r.varint();
        const len = r.varint();
        if (found === null && i === facet && wanted(i, v)) found = skip;
        if (found === null) skip += len;
      }
    }
    if (found === null) return null;
    r.p += found;
    return this.readSummary(r, query, opts);
  }

  // Reads a summary (summary.rs) into a search result; heads.byScore is
  // given its first results by relevance.
  readSummary(r, query, opts, heads = {}) {
    const total = r.varint();
    const info = new Map();
    const head = (delta) => {
      const ids = [];
      let id = 0;
      for (let n = r.varint(), k = 0; k < n; k++) {
        const v = r.varint();
        const x = Math.floor(v / 2);
        id = delta ? id + x : x;
        ids.push(id);
        info.set(id, { score: 0, title: false, body: v % 2 === 1, pos: -1, exact: false });
      }
      return ids;
    };
    const byScore = head(false);
    const byDate = head(true);
    const counts = [];
    for (let i = 0; i < NF; i++) {
      const m = new Map();
      for (let n = r.varint(), k = 0; k < n; k++) m.set(r.varint(), r.varint());
      counts.push(m);
    }
    const tables = this.facetValues();
    const named = counts.map((m, i) => new Map([...m].map(([v, n]) => [tables[i][v - 1], n])));
    const years = new Map();
    for (let n = r.varint(), k = 0; k < n; k++) years.set(String(r.varint()), r.varint());
    const facets = this.facets([...named, years]);
    const ids = opts.sort === "date" ? byDate : byScore;
    // Pages past the first results load the full lists.
    const more = () => this.search(query, { ...opts, full: true });
    heads.byScore = byScore;
    return { total, ids, info, facets, query, more };
  }

  // The dictionary of related results (lexicon.json), fetched once, on the
  // first query; null when the data has none (an older export).
  async lexicon() {
    await this.init();
    if (!this.lex) {
      this.lex = Promise.all([relatedJs(), this.file("lexicon.json")])
        .then(([{ Lexicon }, b]) => new Lexicon(JSON.parse(utf8dec.decode(b))))
        .catch(() => null);
    }
    return this.lex;
  }

  // Related blocks after an exact result of `total` (related.rs): each the
  // exact answer to one rewritten query, with the same refinements; blocks
  // that find nothing are left out. [{reason, query, result}]
  async related(query, total, opts = {}) {
    const lex = await this.lexicon();
    if (!lex) return [];
    const { rewrites, soundKeys, vocabularyKeys } = await relatedJs();
    const first = vocabularyKeys(query, total);
    // The sound of a typo needs its characters' pinyin first (one more round).
    const heard = soundKeys(query, total, await this.vocabulary(first));
    const vocab = await this.vocabulary([...first, ...heard]);
    const found = await Promise.all(rewrites(query, total, lex, vocab).map(async (rw) =>
      ({ reason: rw.reason, query: rw.query, result: await this.search(rw.query, opts) })));
    return found.filter((b) => b.result.total);
  }

  // The vocabulary (related/vocabulary.rs) with the given keys: the shards
  // v/<s>.json holding them (in the packs), each fetched once. Without shards
  // (an older export) it is empty, and the rewrites and suggestions need none.
  async vocabulary(keys) {
    await this.init();
    const { VOCABULARY_FORMAT, Vocabulary, shardOf } = await relatedJs();
    const info = this.meta.vocab;
    const kv = new Map();
    if (!info || info.v !== VOCABULARY_FORMAT || !(info.shards > 0)) return new Vocabulary(kv);
    this.vshards = this.vshards || new Map();
    const wanted = [...new Set(keys.map((k) => shardOf(k, info.shards)))];
    const shards = await Promise.all(wanted.map((s) => {
      if (!this.vshards.has(s)) {
        const p = this.file(`v/${s}.json`).then((b) => JSON.parse(utf8dec.decode(b)));
        p.catch(() => this.vshards.delete(s));
        this.vshards.set(s, p);
      }
      return this.vshards.get(s);
    }));
    for (const shard of shards) for (const k of keys) if (Object.hasOwn(shard, k)) kv.set(k, shard[k]);
    return new Vocabulary(kv);
  }

  // As-you-type suggestions for what the search box holds (one shard).
  async suggest(typed) {
    const { suggestionKey, suggestions } = await relatedJs();
    const key = suggestionKey(typed);
    return key ? suggestions(typed, await this.vocabulary([key])) : [];
  }

  async doc(id) {
    if (!this.docs.has(id)) {
      const p = this.file(`d/${id >> 10}/${id}.json`).then((b) => JSON.parse(utf8dec.decode(b)));
      this.docs.set(id, p);
    }
    return this.docs.get(id);
  }

  // The displayed page: metadata and a snippet around the body match.
  async page(result, offset, limit) {
    const meta = this.meta;
    if (result.more && offset + limit > result.ids.length && result.ids.length < result.total) {
      const full = await result.more();
      Object.assign(result, full, { more: null });
    }
    const ids = result.ids.slice(offset, offset + limit);
    return Promise.all(ids.map(async (id) => {
      const d = await this.doc(id);
      const t = result.info.get(id) || { pos: -1 };
      const chunks = d.k || 1;
      const chunkText = async (c) =>
        c === 0 ? d.x || "" : utf8dec.decode(await this.file(`d/${id >> 10}/${id}-${c}.txt`));
      let text = d.x || "";
      if (t.pos >= 0) {
        // A phrase match told us where it is.
        const c = Math.floor(t.pos / meta.chunk);
        if (c > 0 && c < chunks) text = await chunkText(c);
      } else if (t.body && !occurrences(text, result.query).length) {
        // A single-token match: look through the next chunks, a few at most.
        for (let c = 1; c < Math.min(chunks, 4); c++) {
          const next = await chunkText(c);
          if (occurrences(next, result.query).length) {
            text = next;
            break;
          }
        }
      }
      return {
        id,
        title: d.t,
        url: d.u,
        date: d.d,
        column: meta.columns[d.c] ? meta.columns[d.c][1] : "",
        docNumber: d.n || null,
        exact: !!t.exact,
        snippet: makeSnippet(text, result.query, 120),
        titleMarks: occurrences(d.t, result.query),
        // A 文号 typed with [] matches the 〔〕 shown: the reader sees where it matched.
        docNumberMarks: d.n ? occurrences(d.n, result.query) : [],
      };
    }));
  }
}

// [start, end) UTF-16 ranges in `text` where a query term occurs (snippet.rs).
export function occurrences(text, query) {
  const doc = unitsWithSourceSpans(text);
  if (!doc.length) return [];
  const atPos = new Map(doc.map((u, i) => [u.pos, i]));
  const found = [];
  for (const term of splitQuery(query)) {
    const q = units(term);
    if (!q.length) continue;
    for (const start of doc) {
      if (start.text !== q[0].text) continue;
      let end = start.end;
      let ok = true;
      for (let i = 1; i < q.length && ok; i++) {
        const j = atPos.get(start.pos + (q[i].pos - q[0].pos));
        const d = j === undefined ? null : doc[j];
        // A separator in the query must face one in the text.
        if (!d || d.text !== q[i].text || (!q[i - 1].joinedNext && doc[j - 1].joinedNext)) ok = false;
        else end = d.end;
      }
      if (ok) found.push([start.start, end]);
    }
  }
  return found.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
}

// A window of about maxChars characters around the first occurrence.
export function makeSnippet(text, query, maxChars) {
  if (!text || !text.trim()) return null;
  const all = occurrences(text, query);
  const chars = [...text];
  const offsets = [];
  let o = 0;
  for (const c of chars) {
    offsets.push(o);
    o += c.length;
  }
  offsets.push(o);
  const anchorUnits = all.length ? all[0][0] : 0;
  let anchor = lowerBound(offsets, anchorUnits);
  const startChar = Math.max(0, anchor - 30);
  const endChar = Math.min(chars.length, startChar + maxChars);
  const start = offsets[startChar];
  const end = offsets[endChar];
  const prefix = start > 0 ? "…" : "";
  const body = text.slice(start, end).replace(/[\n\r\t]/g, " ");
  const marks = all
    .filter(([s, e]) => s >= start && e <= end)
    .map(([s, e]) => [s - start + prefix.length, e - start + prefix.length]);
  return { text: prefix + body + (end < text.length ? "…" : ""), marks };
}
