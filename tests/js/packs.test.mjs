// The pack layer (packs.js) over the fixture's real export: every logical file
// reads back as the Rust reader reads it, from a host that serves ranges and
// from one that ignores them; a truncated or corrupted pack is an error (the
// page says 「搜索暂时不可用」), never other bytes or other results.
import { test } from "node:test";
import assert from "node:assert/strict";
import { cpSync, mkdtempSync, readFileSync, readdirSync, truncateSync, writeFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { isDeepStrictEqual } from "node:util";
import { join } from "node:path";
import { scriptUrl } from "./theme_scripts.mjs";
import { fixtureDir } from "./fixture.mjs";
import { fileRaw } from "./pack_files.mjs";

const { PackStore, crc32, logical } = await import(scriptUrl("search/packs.js"));
const { SearchEngine } = await import(scriptUrl("search/engine.js"));

const dir = fixtureDir();
const site = join(dir, "site", "search");
const meta = JSON.parse(readFileSync(join(site, "meta.json"), "utf8"));
const files = JSON.parse(readFileSync(join(dir, "logical.json"), "utf8"));
const cases = JSON.parse(readFileSync(join(dir, "expected.json"), "utf8")).filter((c) => !c.limit && c.total > 0);

function fnv1a32(bytes) {
  let h = 0x811c9dc5;
  for (const b of bytes) h = Math.imul(h ^ b, 0x01000193) >>> 0;
  return h >>> 0;
}

const enc = new TextEncoder();

test("crc32 is the IEEE CRC-32 (crc32fast's)", () => {
  assert.equal(crc32(enc.encode("123456789")), 0xcbf43926);
  assert.equal(crc32(new Uint8Array(0)), 0);
  assert.equal(crc32(enc.encode("关于做好就业补贴申领工作的通知")), crc32(enc.encode("关于做好就业补贴申领工作的通知")));
});

test("logical paths name their family, group and member as packs.rs does", () => {
  assert.deepEqual(logical("t/12.bin"), ["t", 12, 0]);
  assert.deepEqual(logical("d/3/3100-2.txt"), ["d", 3100, 2]);
  assert.deepEqual(logical("p/1024/1048577.b3"), ["p", 1048577, 11]);
  assert.deepEqual(logical("p/0/7.p0"), ["p", 7, 4]);
  assert.deepEqual(logical("v/17.json"), ["v", 17, 0]);
  assert.equal(logical("lexicon.json"), null);
});

test("the fixture's search data is a few pack files and the dictionary; the vocabulary shards are in the packs", () => {
  const names = readdirSync(join(site, meta.dir));
  const packs = names.filter((n) => /^pack-\d+-\d+\.bin$/.test(n));
  assert.equal(packs.length, meta.pack.packs);
  assert.deepEqual(names.filter((n) => !packs.includes(n)).sort(), ["lexicon.json"]);
  assert.ok(files.length > 20 * packs.length, `${files.length} logical files in ${packs.length} packs`);
  // The vocabulary is capped (related/vocabulary.rs), so its shards are too, at any size.
  const shards = files.map(([p]) => p).filter((p) => p.startsWith("v/"));
  assert.equal(shards.length, meta.vocab.shards);
  assert.equal(meta.pack.families.v.count, meta.vocab.shards);
  assert.deepEqual(shards.sort(), [...Array(meta.vocab.shards).keys()].map((s) => `v/${s}.json`).sort());
  assert.ok(meta.vocab.shards <= 1024, `${meta.vocab.shards} vocabulary shards`);
});

async function readAll(store, list) {
  await store.fetch("meta.json");
  // All at once, as the engine asks for a round's files in one tick.
  return Promise.all(list.map(([path]) => store.fetch(meta.dir + path)));
}

function sameAsRust(list, got) {
  list.forEach(([path, len, hash], i) => {
    assert.equal(got[i].length, len, path);
    assert.equal(fnv1a32(got[i]), hash, path);
  });
}

test("every logical file reads back through Range requests, nearby ones merged", async () => {
  const log = [];
  const got = await readAll(new PackStore(fileRaw(site, { log })), files);
  sameAsRust(files, got);
  const ranged = log.filter((r) => r.range);
  assert.ok(ranged.length > 0 && ranged.every((r) => r.status === 206));
  // One request per group slot at most, and far fewer: neighbours merge.
  assert.ok(ranged.length < files.length / 4, `${ranged.length} requests for ${files.length} files`);
});

test("ten documents of neighbouring ids asked for in one tick cost one request", async () => {
  const log = [];
  const store = new PackStore(fileRaw(site, { log }));
  await store.fetch("meta.json");
  const docs = await Promise.all(Array.from({ length: 10 }, (_, i) => store.fetch(`${meta.dir}d/0/${100 + i}.json`)));
  for (const d of docs) assert.ok(JSON.parse(new TextDecoder().decode(d)).t);
  assert.equal(log.filter((r) => r.range).length, 1, JSON.stringify(log));
  assert.ok(log.every((r) => r.status === 206 || !r.range));
});

test("a host that ignores Range: the same bytes, each pack downloaded once", async () => {
  const log = [];
  const sample = files.filter((_, i) => i % 7 === 0);
  const got = await readAll(new PackStore(fileRaw(site, { ranges: false, log })), sample);
  sameAsRust(sample, got);
  const packs = log.filter((r) => /pack-\d+-\d+\.bin$/.test(r.path));
  assert.equal(packs.filter((r) => r.range).length, 1, "one range asked, then whole packs");
  assert.equal(new Set(packs.map((r) => r.path)).size, packs.length, "no pack twice");
  assert.ok(packs.length <= meta.pack.packs);
});

// Runs the fixture's queries on an engine over `raw`; resolves to per-case
// "ok" (the expected answer), or the error's message.
async function outcomes(raw) {
  const store = new PackStore(raw);
  const engine = new SearchEngine(store.fetch, store);
  const out = [];
  for (const c of cases.slice(0, 30)) {
    try {
      const o = c.opts;
      const r = await engine.search(c.query, {
        column: o.column || "",
        year: o.year || null,
        issuer: o.issuer || "",
        topic: o.topic || "",
        validity: o.validity || "",
        doc_type: o.doc_type || "",
        organ: o.organ || "",
        sort: o.sort,
      });
      // The first 20 hits (their documents and snippets) and the facets.
      const hits = await engine.page(r, 0, 20);
      const same =
        r.total === c.total &&
        JSON.stringify(hits.map((h) => h.url)) === JSON.stringify(c.urls.slice(0, 20)) &&
        isDeepStrictEqual(r.facets.column, c.facets.column);
      out.push(same ? "ok" : `wrong: ${c.query}`);
    } catch (err) {
      out.push(`error: ${err.message}`);
    }
  }
  return out;
}

test("a host that serves one range a request: several asked at once cost that pack once, then each its own request", async () => {
  const log = [];
  const raw = fileRaw(site, { multi: false, log });
  const got = await outcomes(raw);
  assert.deepEqual(got, got.map(() => "ok"));
  const packs = log.filter((r) => /pack-\d+-\d+\.bin$/.test(r.path));
  const many = packs.filter((r) => r.range && Array.isArray(r.range[0]));
  assert.equal(many.length, 1, "one multi-range ask, then single ranges");
  assert.equal(packs.filter((r) => r.status === 200).length, 1, "the one answered whole");
});

test("a host that refuses several ranges (416): the same answers, each run then its own request", async () => {
  const log = [];
  const got = await outcomes(fileRaw(site, { multi: "refuse", log }));
  assert.deepEqual(got, got.map(() => "ok"));
  const packs = log.filter((r) => /pack-\d+-\d+\.bin$/.test(r.path));
  assert.equal(packs.filter((r) => r.status === 416).length, 1, "one multi-range ask");
  assert.ok(packs.every((r) => r.status !== 200), "no pack sent whole");
});

test("several ranges of a pack asked for in one tick are one multi-range request", async () => {
  const log = [];
  const store = new PackStore(fileRaw(site, { log }));
  await store.fetch("meta.json");
  await store.fetch(`${meta.dir}d/0/0.json`);
  // Documents far apart in one pack.
  const ids = [100, 160, 220, 280];
  const docs = await Promise.all(ids.map((id) => store.fetch(`${meta.dir}d/0/${id}.json`)));
  for (const d of docs) assert.ok(JSON.parse(new TextDecoder().decode(d)).t);
  const asked = log.filter((r) => r.range).slice(1);
  assert.equal(asked.length, 1, JSON.stringify(asked));
  assert.equal(asked[0].range.length, ids.length);
});

test("the fixture's queries answer the same from both hosts", async () => {
  assert.ok(cases.length >= 30);
  for (const ranges of [true, false]) {
    const got = await outcomes(fileRaw(site, { ranges }));
    assert.deepEqual(got, got.map(() => "ok"), `ranges ${ranges}`);
  }
});

function copySite() {
  const copy = join(mkdtempSync(join(tmpdir(), "xxgk-packs-")), "search");
  cpSync(site, copy, { recursive: true });
  return copy;
}

function packPaths(root) {
  const data = join(root, meta.dir);
  return readdirSync(data).filter((n) => n.startsWith("pack-")).map((n) => join(data, n));
}

for (const ranges of [true, false]) {
  test(`a truncated pack is an error, never other results (ranges ${ranges})`, async () => {
    const copy = copySite();
    for (const p of packPaths(copy)) truncateSync(p, Math.floor(statSync(p).size / 2));
    const got = await outcomes(fileRaw(copy, { ranges }));
    assert.ok(got.every((o) => o === "ok" || o.startsWith("error")), got.filter((o) => o.startsWith("wrong")).join("; "));
    assert.ok(got.filter((o) => o.startsWith("error")).length >= got.length / 2, got.join("\n"));
    // Reading files one by one: each is right or an error.
    const store = new PackStore(fileRaw(copy, { ranges }));
    await store.fetch("meta.json");
    let errors = 0;
    for (const [path, len, hash] of files.filter((_, i) => i % 13 === 0)) {
      try {
        const b = await store.fetch(meta.dir + path);
        assert.ok(b.length === len && fnv1a32(b) === hash, `${path}: other bytes`);
      } catch (err) {
        if (err.code === "ERR_ASSERTION") throw err;
        errors++;
      }
    }
    assert.ok(errors > 0);
  });

  test(`a corrupted pack is an error, never other results (ranges ${ranges})`, async () => {
    const copy = copySite();
    for (const p of packPaths(copy)) {
      const b = readFileSync(p);
      // One byte in every 61 flipped: slots, headers and data alike.
      for (let i = 0; i < b.length; i += 61) b[i] ^= 0x24;
      writeFileSync(p, b);
    }
    const got = await outcomes(fileRaw(copy, { ranges }));
    assert.ok(got.every((o) => o === "ok" || o.startsWith("error")), got.filter((o) => o.startsWith("wrong")).join("; "));
    assert.ok(got.filter((o) => o.startsWith("error")).length >= got.length / 2, got.join("\n"));
  });
}

test("a document whose bytes changed but still parse is an error, not another URL", async () => {
  const copy = copySite();
  const d = meta.pack.families.d;
  const size = meta.pack.bytes;
  let changed = 0;
  const packs = new Map();
  for (let id = 0; id < d.count; id++) {
    // Document slots lie in lane 0 (packs.rs): address = offset.
    const at = d.base + id * d.slot;
    const name = join(copy, meta.dir, `pack-0-${Math.floor(at / size)}.bin`);
    if (!packs.has(name)) packs.set(name, readFileSync(name));
    const b = packs.get(name);
    const slot = b.subarray(at % size, (at % size) + d.slot);
    // The first letter of the URL, another letter: still valid JSON.
    const i = Buffer.from(slot).indexOf('"u":"') + 1;
    if (i > 0 && /[a-z]/.test(String.fromCharCode(slot[i + 4]))) {
      slot[i + 4] = slot[i + 4] === 0x71 ? 0x72 : 0x71;
      changed++;
    }
  }
  for (const [name, b] of packs) writeFileSync(name, b);
  assert.ok(changed > d.count / 2, `${changed} documents changed`);
  const got = await outcomes(fileRaw(copy));
  assert.ok(got.every((o) => o.startsWith("error")), got.filter((o) => !o.startsWith("error")).join("; "));
});
