// The storage layer under engine.js: the logical search files (t/…, p/…,
// d/…, f/…, v/…) live in a few pack files (src/search/packs.rs has the format) and
// are read with HTTP Range requests. The paths asked for in one tick are read
// together: their byte ranges in one pack are merged where they lie close, and
// the runs left in one pack are asked for in one multi-range request
// (`Range: bytes=a-b,c-d`, answered 206 multipart/byteranges). A host that
// answers several ranges otherwise (200 with the whole pack, or one range) is
// detected: its answer is used and from then on each run is its own request.
// A host that ignores Range (answers 200 with the whole pack) is detected
// and each pack it touches is then fetched whole, once. Every
// header and file carries a CRC-32 that is checked, so a truncated or
// corrupted pack is an error (「搜索暂时不可用」), never other bytes.

// Bytes between two wanted ranges of a pack that are fetched rather than asked
// for apart: few when the runs go in one multi-range request anyway (a part
// costs some 100 bytes of headers), more when each run is its own request.
const GAP = 1024;
const GAP_ALONE = 16 * 1024;
// A group whose files outside its slot come to at most this is read whole at
// the first of them: a phrase's small term needs its doc list and positions
// (a term's summary and refinements aside: a one-word query reads them alone).
const READ_AHEAD = 2048;
const FAMILIES = ["t", "f", "d", "p", "v"];
const TERM_SHIFT = 2 ** 20;
// An address is lane · LANE + offset in the lane (packs.rs).
const LANE = 2 ** 36;

// The browser has no CRC-32 of its own; this is the table-driven IEEE one
// (crc32fast on the Rust side computes the same).
let table = null;
export function crc32(bytes) {
  if (!table) {
    table = new Int32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c;
    }
  }
  let c = -1;
  for (let i = 0; i < bytes.length; i++) c = table[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}

class Cursor {
  constructor(b) {
    this.b = b;
    this.p = 0;
  }
  byte() {
    if (this.p >= this.b.length) throw new Error("search pack truncated");
    return this.b[this.p++];
  }
  varint() {
    let v = 0;
    let scale = 1;
    for (let i = 0; i < 8; i++) {
      const x = this.byte();
      v += (x & 0x7f) * scale;
      if (x < 0x80) return v;
      scale *= 128;
    }
    throw new Error("search pack malformed");
  }
  u32() {
    const b = this.take(4);
    return (b[0] | (b[1] << 8) | (b[2] << 16) | (b[3] << 24)) >>> 0;
  }
  take(n) {
    if (this.p + n > this.b.length) throw new Error("search pack truncated");
    const out = this.b.subarray(this.p, this.p + n);
    this.p += n;
    return out;
  }
}

// [family, group key, member code] of a logical path, or null (a plain file).
export function logical(path) {
  let m = /^t\/(\d+)\.bin$/.exec(path);
  if (m) return ["t", +m[1], 0];
  if ((m = /^f\/(\d+)\.bin$/.exec(path))) return ["f", +m[1], 0];
  if ((m = /^v\/(\d+)\.json$/.exec(path))) return ["v", +m[1], 0];
  if ((m = /^d\/\d+\/(\d+)\.json$/.exec(path))) return ["d", +m[1], 0];
  if ((m = /^d\/\d+\/(\d+)-(\d+)\.txt$/.exec(path))) return ["d", +m[1], +m[2]];
  if ((m = /^p\/\d+\/(\d+)\.([darf]|[pb]\d+)$/.exec(path))) {
    const x = m[2];
    const code = x === "d" ? 0 : x === "a" ? 1 : x === "r" ? 2 : x === "f" ? 3 : (x[0] === "p" ? 4 : 5) + 2 * +x.slice(1);
    return ["p", +m[1], code];
  }
  return null;
}

// raw(path, range) -> Promise<{status, bytes, parts}>: path under search/,
// range [first, last] (inclusive, as in a Range header), a list of them (one
// multi-range request) or null for the whole file. A 206 answer to a list
// comes with `parts`, [{first, last, bytes}] of what the host sent.
export class PackStore {
  constructor(raw) {
    this.raw = raw;
    this.pack = null;
    this.dir = "";
    this.groups = new Map();
    this.queue = [];
    this.scheduled = false;
    // Set once the host answered a range with the whole file: pack -> bytes.
    this.whole = null;
    // Set once it answered one with 206; meanwhile `probing` is that request.
    this.ranged = false;
    this.probing = null;
    // True once the host answered a multi-range request with its parts, false
    // once it answered otherwise (`kept` then holds the packs it sent whole);
    // meanwhile `multiProbing` is that request.
    this.multi = null;
    this.multiProbing = null;
    this.kept = new Map();
    this.fetch = (path) => this.get(path);
  }

  async get(path) {
    if (path === "meta.json") {
      const r = await this.raw(path, null);
      const meta = JSON.parse(new TextDecoder().decode(r.bytes));
      this.pack = meta.pack || null;
      this.dir = meta.dir || "";
      return r.bytes;
    }
    const loc = this.pack && path.startsWith(this.dir) ? logical(path.slice(this.dir.length)) : null;
    if (!loc) return (await this.raw(path, null)).bytes;
    const [family, key, code] = loc;
    const g = await this.group(family, key);
    const m = g.members.find((x) => x.code === code);
    if (!m) throw new Error(`no search file ${path}`);
    let bytes;
    if (m.inline >= 0) bytes = g.slot.subarray(m.inline, m.inline + m.len);
    else if (g.ahead.has(m)) {
      // A small group's files read together, at the first of them.
      g.read = g.read || Promise.all([...g.ahead].map((x) => this.read(x.addr, x.len)));
      bytes = (await g.read)[[...g.ahead].indexOf(m)];
    } else bytes = await this.read(m.addr, m.len);
    if (crc32(bytes) !== m.crc) throw new Error(`search pack corrupted: ${path}`);
    return bytes;
  }

  slotIndex(family, key) {
    const r = this.pack.families[family];
    let index = key;
    if (family === "p") {
      const base = r.bases[Math.floor(key / TERM_SHIFT)];
      if (base === undefined) return -1;
      index = base + (key % TERM_SHIFT);
    }
    return index < r.count ? index : -1;
  }

  // A group's header and slot, read once: {slot, members: [{code, len, crc, inline | addr}]}.
  group(family, key) {
    const id = `${family}${key}`;
    if (!this.groups.has(id)) {
      const primed = this.primed && this.primed.get(id);
      const p = primed ? this.parseGroup(family, key, primed) : this.readGroup(family, key);
      this.groups.set(id, p);
      p.catch(() => this.groups.delete(id));
    }
    return this.groups.get(id);
  }

  // The slot of the group holding `path` as a dictionary entry copies it
  // (its first bytes; the rest is padding): read from there, not the packs.
  prime(path, slot) {
    const loc = this.pack && path.startsWith(this.dir) ? logical(path.slice(this.dir.length)) : null;
    if (!loc) return;
    this.primed = this.primed || new Map();
    this.primed.set(`${loc[0]}${loc[1]}`, slot);
  }

  async readGroup(family, key) {
    const index = this.slotIndex(family, key);
    if (index < 0) throw new Error(`no search group ${family}${key}`);
    const r = this.pack.families[family];
    return this.parseGroup(family, key, await this.read(r.base + index * r.slot, r.slot));
  }

  async parseGroup(family, key, slot) {
    const c = new Cursor(slot);
    const tag = c.byte();
    if (tag !== 1 && tag !== 2) throw new Error(`no search group ${family}${key}`);
    const crc = c.u32();
    const hlen = c.varint();
    const header = tag === 1 ? c.take(hlen) : await this.read(c.varint(), hlen);
    if (crc32(header) !== crc) throw new Error("search pack corrupted");
    let inlineAt = c.p;
    const h = new Cursor(header);
    const count = h.varint();
    const inline = h.varint();
    let addr = h.varint();
    const members = [];
    for (let i = 0; i < count; i++) {
      const m = { code: h.varint(), len: h.varint(), crc: h.u32(), inline: -1, addr: 0 };
      if (i < inline) {
        m.inline = inlineAt;
        inlineAt += m.len;
        if (inlineAt > slot.length) throw new Error("search pack malformed");
      } else {
        m.addr = addr;
        addr += m.len;
        if (!this.inBounds(m.addr, m.len)) throw new Error("search pack malformed");
      }
      members.push(m);
    }
    // A term's files outside its slot but its summary and refinements (code
    // 1, 2: a one-word query reads those alone), when they are few bytes.
    const ahead = members.filter((m) => m.inline < 0 && (family !== "p" || m.code > 2 || m.code === 0));
    const small = ahead.reduce((n, m) => n + m.len, 0) <= READ_AHEAD;
    return { slot, members, ahead: new Set(small && ahead.length > 1 ? ahead : []), read: null };
  }

  inBounds(addr, len) {
    const lane = Math.floor(addr / LANE);
    const length = this.pack.lanes[lane];
    return length !== undefined && addr - lane * LANE + len <= length;
  }

  // Bytes [addr, addr + len) of the address space, read with the others of this tick.
  read(addr, len) {
    if (!this.inBounds(addr, len)) return Promise.reject(new Error("search pack range out of bounds"));
    if (len === 0) return Promise.resolve(new Uint8Array(0));
    return new Promise((resolve, reject) => {
      this.queue.push({ addr, len, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setTimeout(() => this.flush(), 0);
      }
    });
  }

  flush() {
    const wants = this.queue;
    this.queue = [];
    this.scheduled = false;
    const size = this.pack.bytes;
    const gap = this.multi !== false && !this.whole ? GAP : GAP_ALONE;
    // Per pack, the pieces of the wanted ranges: [start, end, want, offset in want].
    const perPack = new Map();
    for (const w of wants) {
      w.buf = new Uint8Array(w.len);
      w.left = 0;
      const lane = Math.floor(w.addr / LANE);
      const from = w.addr - lane * LANE;
      for (let a = from; a < from + w.len; ) {
        const j = Math.floor(a / size);
        const end = Math.min(from + w.len, (j + 1) * size);
        const k = `${lane}-${j}`;
        if (!perPack.has(k)) perPack.set(k, []);
        perPack.get(k).push([a - j * size, end - j * size, w, a - from]);
        w.left++;
        a = end;
      }
    }
    for (const [k, pieces] of perPack) {
      pieces.sort((x, y) => x[0] - y[0]);
      let run = null;
      const runs = [];
      for (const piece of pieces) {
        if (run && piece[0] <= run.end + gap) {
          run.end = Math.max(run.end, piece[1]);
          run.pieces.push(piece);
        } else {
          run = { start: piece[0], end: piece[1], pieces: [piece] };
          runs.push(run);
        }
      }
      const deliver = (run, bytes) => {
        for (const [s, e, w, at] of run.pieces) {
          w.buf.set(bytes.subarray(s - run.start, e - run.start), at);
          if (--w.left === 0) w.resolve(w.buf);
        }
      };
      const fail = (run, err) => run.pieces.forEach(([, , w]) => w.reject(err));
      this.ranges(k, runs).forEach((p, i) => p.then((b) => deliver(runs[i], b), (err) => fail(runs[i], err)));
    }
  }

  // Promises of the bytes of each run [start, end) of pack k: one multi-range
  // request when the host is known to serve ranges and has not refused several.
  ranges(k, runs) {
    if (runs.length > 1 && !this.ranged && !this.whole && !this.kept.has(k)) {
      // Until the host has answered one range: be that first request, or wait
      // for it, then ask for the others.
      const first = this.probing ? null : this.range(k, runs[0].start, runs[0].end);
      const rest = first ? runs.slice(1) : runs;
      const later = (first || this.probing).catch(() => {}).then(() => Promise.all(this.ranges(k, rest)));
      return [...(first ? [first] : []), ...rest.map((_, i) => later.then((b) => b[i]))];
    }
    if (runs.length === 1 || !this.ranged || this.multi === false || this.whole || this.kept.has(k)) {
      return runs.map((r) => this.range(k, r.start, r.end));
    }
    if (this.multi === null) {
      // Until the host has answered several ranges once, one such request at a time.
      if (this.multiProbing) {
        const later = this.multiProbing.catch(() => {}).then(() => Promise.all(this.ranges(k, runs)));
        return runs.map((_, i) => later.then((b) => b[i]));
      }
      this.multiProbing = this.askMany(k, runs).finally(() => (this.multiProbing = null));
      return runs.map((_, i) => this.multiProbing.then((parts) => parts[i]));
    }
    const all = this.askMany(k, runs);
    return runs.map((_, i) => all.then((parts) => parts[i]));
  }

  async askMany(k, runs) {
    let r;
    try {
      r = await this.raw(`${this.dir}pack-${k}.bin`, runs.map((run) => [run.start, run.end - 1]));
    } catch (err) {
      // A host may refuse several ranges outright (416): ask for them apart.
      if (this.multi !== null) throw err;
      this.multi = false;
      return Promise.all(runs.map((run) => this.ask(k, run.start, run.end)));
    }
    if (r.status !== 206) {
      // The whole pack (the host does not serve several ranges): keep it.
      if (r.bytes.length !== this.packLength(k)) throw new Error("search pack truncated");
      this.multi = false;
      this.kept.set(k, Promise.resolve(r.bytes));
      return runs.map((run) => r.bytes.subarray(run.start, run.end));
    }
    const parts = r.parts || [];
    const out = runs.map((run) => {
      const p = parts.find((x) => x.first <= run.start && x.last >= run.end - 1);
      if (!p) return null;
      const bytes = p.bytes.subarray(run.start - p.first, run.end - p.first);
      if (bytes.length !== run.end - run.start) throw new Error("search pack truncated");
      return bytes;
    });
    // Fewer or other parts than asked for (one range, say): the rest apart.
    this.multi = !out.some((b) => !b);
    return Promise.all(out.map((b, i) => b || this.ask(k, runs[i].start, runs[i].end)));
  }

  // Length pack k ("lane-j") has.
  packLength(k) {
    const [lane, j] = k.split("-").map(Number);
    return Math.min(this.pack.bytes, this.pack.lanes[lane] - j * this.pack.bytes);
  }

  // Bytes [start, end) of pack k ("lane-j"). Until the host has answered one range, one
  // request goes alone: a host that ignores Range then costs each pack once.
  range(k, start, end) {
    if (this.kept.has(k)) return this.kept.get(k).then((b) => b.subarray(start, end));
    if (this.whole) return this.wholePack(k).then((b) => b.subarray(start, end));
    if (!this.ranged) {
      if (this.probing) return this.probing.catch(() => {}).then(() => this.range(k, start, end));
      this.probing = this.ask(k, start, end).finally(() => (this.probing = null));
      return this.probing;
    }
    return this.ask(k, start, end);
  }

  async ask(k, start, end) {
    const r = await this.raw(`${this.dir}pack-${k}.bin`, [start, end - 1]);
    if (r.status === 206) {
      if (r.bytes.length !== end - start) throw new Error("search pack truncated");
      this.ranged = true;
      return r.bytes;
    }
    // The host sent the whole pack: keep it, and fetch whole packs from now on.
    if (r.bytes.length !== this.packLength(k)) throw new Error("search pack truncated");
    this.whole = this.whole || new Map();
    if (!this.whole.has(k)) this.whole.set(k, Promise.resolve(r.bytes));
    return r.bytes.subarray(start, end);
  }

  wholePack(k) {
    if (!this.whole.has(k)) {
      const p = this.raw(`${this.dir}pack-${k}.bin`, null).then((r) => {
        if (r.bytes.length !== this.packLength(k)) throw new Error("search pack truncated");
        return r.bytes;
      });
      this.whole.set(k, p);
      p.catch(() => this.whole.delete(k));
    }
    return this.whole.get(k);
  }
}

// raw() over HTTP from the site's search/ folder.
export function httpRaw(base) {
  return async (path, range) => {
    const many = range && Array.isArray(range[0]);
    const spec = range && (many ? range : [range]).map(([a, b]) => `${a}-${b}`).join(",");
    const init = range ? { headers: { Range: `bytes=${spec}` } } : path === "meta.json" ? { cache: "no-cache" } : {};
    const res = await fetch(`${base}search/${path}`, init);
    if (!res.ok) throw new Error(`${res.status} ${path}`);
    const bytes = new Uint8Array(await res.arrayBuffer());
    const out = { status: res.status, bytes };
    if (many && res.status === 206) out.parts = byteRanges(bytes, res.headers.get("content-type"), res.headers.get("content-range"));
    return out;
  };
}

// The parts of a 206 answer: those of a multipart/byteranges body, or the one
// range its Content-Range names.
export function byteRanges(bytes, type, contentRange) {
  const range = (v) => {
    const m = /bytes\s+(\d+)-(\d+)\//i.exec(v || "");
    return m ? [+m[1], +m[2]] : null;
  };
  const b = /^multipart\/byteranges;.*boundary="?([^";]+)"?/i.exec(type || "");
  if (!b) {
    const r = range(contentRange);
    return r ? [{ first: r[0], last: r[1], bytes }] : [];
  }
  const parts = [];
  const mark = new TextEncoder().encode(`--${b[1]}`);
  let at = 0;
  const find = (needle, from) => {
    outer: for (let i = from; i + needle.length <= bytes.length; i++) {
      for (let j = 0; j < needle.length; j++) if (bytes[i + j] !== needle[j]) continue outer;
      return i;
    }
    return -1;
  };
  const blank = new Uint8Array([13, 10, 13, 10]);
  for (;;) {
    const m = find(mark, at);
    if (m < 0) break;
    const h = find(blank, m);
    if (h < 0) break;
    const r = range(/content-range:\s*([^\r\n]+)/i.exec(String.fromCharCode(...bytes.subarray(m, h)))?.[1]);
    if (!r) break;
    const start = h + 4;
    const end = start + r[1] + 1 - r[0];
    if (end > bytes.length) throw new Error("search pack truncated");
    parts.push({ first: r[0], last: r[1], bytes: bytes.subarray(start, end) });
    at = end;
  }
  return parts;
}
