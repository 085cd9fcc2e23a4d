// The storage layer under engine.js: the logical search files (t/…, p/…,
// d/…, f/…) live in a few pack files (src/search/packs.rs has the format) and
// are read with HTTP Range requests. The paths asked for in one tick are read
// together: their byte ranges in one pack are merged into one request where
// they lie close. A host that ignores Range (answers 200 with the whole pack)
// is detected and each pack it touches is then fetched whole, once. Every
// header and file carries a CRC-32 that is checked, so a truncated or
// corrupted pack is an error (「搜索暂时不可用」), never other bytes.

// Bytes between two wanted ranges that are fetched rather than asked for apart.
const GAP = 1024;
const FAMILIES = ["t", "f", "d", "p"];
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
  if ((m = /^d\/\d+\/(\d+)\.json$/.exec(path))) return ["d", +m[1], 0];
  if ((m = /^d\/\d+\/(\d+)-(\d+)\.txt$/.exec(path))) return ["d", +m[1], +m[2]];
  if ((m = /^p\/\d+\/(\d+)\.([darf]|[pb]\d+)$/.exec(path))) {
    const x = m[2];
    const code = x === "d" ? 0 : x === "a" ? 1 : x === "r" ? 2 : x === "f" ? 3 : (x[0] === "p" ? 4 : 5) + 2 * +x.slice(1);
    return ["p", +m[1], code];
  }
  return null;
}

// raw(path, range) -> Promise<{status, bytes}>: path under search/, range
// [first, last] (inclusive, as in a Range header) or null for the whole file.
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
    const bytes = m.inline >= 0 ? g.slot.subarray(m.inline, m.inline + m.len) : await this.read(m.addr, m.len);
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
      const p = this.readGroup(family, key);
      this.groups.set(id, p);
      p.catch(() => this.groups.delete(id));
    }
    return this.groups.get(id);
  }

  async readGroup(family, key) {
    const index = this.slotIndex(family, key);
    if (index < 0) throw new Error(`no search group ${family}${key}`);
    const r = this.pack.families[family];
    const slot = await this.read(r.base + index * r.slot, r.slot);
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
    return { slot, members };
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
        if (run && piece[0] <= run.end + GAP) {
          run.end = Math.max(run.end, piece[1]);
          run.pieces.push(piece);
        } else {
          run = { start: piece[0], end: piece[1], pieces: [piece] };
          runs.push(run);
        }
      }
      for (const run of runs) {
        this.range(k, run.start, run.end).then(
          (bytes) => {
            for (const [s, e, w, at] of run.pieces) {
              w.buf.set(bytes.subarray(s - run.start, e - run.start), at);
              if (--w.left === 0) w.resolve(w.buf);
            }
          },
          (err) => run.pieces.forEach(([, , w]) => w.reject(err)),
        );
      }
    }
  }

  // Length pack k ("lane-j") has.
  packLength(k) {
    const [lane, j] = k.split("-").map(Number);
    return Math.min(this.pack.bytes, this.pack.lanes[lane] - j * this.pack.bytes);
  }

  // Bytes [start, end) of pack k ("lane-j"). Until the host has answered one range, one
  // request goes alone: a host that ignores Range then costs each pack once.
  range(k, start, end) {
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
    const init = range ? { headers: { Range: `bytes=${range[0]}-${range[1]}` } } : path === "meta.json" ? { cache: "no-cache" } : {};
    const res = await fetch(`${base}search/${path}`, init);
    if (!res.ok) throw new Error(`${res.status} ${path}`);
    return { status: res.status, bytes: new Uint8Array(await res.arrayBuffer()) };
  };
}
