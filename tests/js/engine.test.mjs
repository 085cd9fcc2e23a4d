// The browser engine, run on shards exported by the Rust side, must answer
// exactly what `xxgk search` answers: same result sets, totals, facets, order.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, existsSync, mkdtempSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { scriptUrl } from "./theme_scripts.mjs";

const { SearchEngine, makeSnippet, occurrences } = await import(scriptUrl("search/engine.js"));

const crate = fileURLToPath(new URL("../..", import.meta.url));

// XXGK_SEARCH_FIXTURE points at a fixture written by
// `cargo run --example search_fixture -- DIR`; without it the test writes one.
function fixtureDir() {
  if (process.env.XXGK_SEARCH_FIXTURE) return process.env.XXGK_SEARCH_FIXTURE;
  const dir = mkdtempSync(join(tmpdir(), "xxgk-search-fixture-"));
  const r = spawnSync("cargo", ["run", "-q", "--example", "search_fixture", "--", dir], {
    cwd: crate,
    encoding: "utf8",
  });
  if (r.status !== 0) throw new Error(`search_fixture failed: ${r.stderr}`);
  return dir;
}

const dir = fixtureDir();
const site = join(dir, "site", "search");
assert.ok(existsSync(join(site, "meta.json")), "fixture has meta.json");
const cases = JSON.parse(readFileSync(join(dir, "expected.json"), "utf8"));

function engine() {
  const fetched = [];
  const e = new SearchEngine(async (path) => {
    fetched.push(path);
    return new Uint8Array(readFileSync(join(site, path)));
  });
  e.fetched = fetched;
  return e;
}

const shared = engine();

test("fixture covers enough queries", () => {
  assert.ok(cases.length >= 60, `${cases.length} cases`);
  assert.ok(cases.filter((c) => c.total > 0).length >= 55);
});

for (const c of cases) {
  const label = `${JSON.stringify(c.query)} ${JSON.stringify(c.opts)}`;
  test(`same answer as xxgk search: ${label}`, async () => {
    const r = await shared.search(c.query, {
      column: c.opts.column || "",
      year: c.opts.year || null,
      issuer: c.opts.issuer || "",
      topic: c.opts.topic || "",
      validity: c.opts.validity || "",
      sort: c.opts.sort,
    });
    assert.equal(r.total, c.total, "total");
    const hits = await shared.page(r, 0, r.total);
    const urls = hits.map((h) => h.url);
    assert.deepEqual([...urls].sort(), [...c.urls].sort(), "result set");
    assert.deepEqual(urls, c.urls, "result order");
    for (const k of ["column", "year", "issuer", "topic", "validity"]) {
      assert.deepEqual(r.facets[k], c.facets[k], `facet ${k}`);
    }
    if (c.first_doc_number) assert.equal(hits[0].docNumber, c.first_doc_number);
  });
}

test("a cold query fetches only its own shards and one page of documents", async () => {
  const e = engine();
  const r = await e.search("城乡居民医疗保险");
  assert.ok(r.total > 0);
  const page = await e.page(r, 0, 10);
  assert.equal(page.length, Math.min(10, r.total));
  const shards = e.fetched.filter((p) => p.includes("/t/"));
  assert.ok(shards.length <= 4, `shards fetched: ${shards}`);
  const docs = e.fetched.filter((p) => p.endsWith(".json") && p.includes("/d/"));
  assert.equal(docs.length, page.length);
  // Every snippet of a body match highlights the phrase.
  for (const h of page) {
    if (h.snippet && h.snippet.marks.length) {
      const [s, t] = h.snippet.marks[0];
      assert.equal(h.snippet.text.slice(s, t), "城乡居民医疗保险");
    }
  }
  assert.ok(page.some((h) => h.snippet && h.snippet.marks.length), "some snippet is highlighted");
});

test("snippets highlight phrases written in other widths and brackets", () => {
  const text = "本县依据示政办〔２０２６〕３号文件发放就业补贴，补贴标准为每月500元。";
  const occ = occurrences(text, "示政办[2026]3号");
  assert.equal(occ.length, 1);
  assert.equal(text.slice(occ[0][0], occ[0][1]), "示政办〔２０２６〕３号");
  assert.equal(occurrences(text, "每月50").length, 0);
  const s = makeSnippet("前言。".repeat(40) + "城乡居民医疗保险缴费标准", "医疗保险", 60);
  assert.ok(s.text.startsWith("…"));
  assert.equal(s.text.slice(s.marks[0][0], s.marks[0][1]), "医疗保险");
});

test("a one-token query is answered from its summary, as the full search answers it", async () => {
  let checked = 0;
  for (const q of ["通知", "补贴", "养老", "2025年", "县", "医疗保险", "就业补贴"]) {
    for (const sort of ["relevance", "date"]) {
      const cold = engine();
      const fast = await cold.search(q, { sort });
      if (!fast.more) continue; // no summary for this token (a small list)
      checked += 1;
      assert.ok(cold.fetched.some((p) => p.endsWith(".a")), `${q}: summary fetched`);
      assert.ok(!cold.fetched.some((p) => p.includes("/f/") || p.endsWith(".d")), `${q}: no doc lists, no facet blocks: ${cold.fetched}`);
      const first = await cold.page(fast, 0, 10);
      const fe = engine();
      const full = await fe.search(q, { sort, full: true });
      assert.equal(fast.total, full.total, `${q} total`);
      assert.deepEqual(fast.facets, full.facets, `${q} facets`);
      assert.deepEqual(fast.ids, full.ids.slice(0, fast.ids.length), `${q} ${sort}: first results in order`);
      assert.deepEqual(first.map((h) => h.url), (await fe.page(full, 0, 10)).map((h) => h.url));
      // A page past the summary's results loads the full lists.
      if (full.total > fast.ids.length) {
        const deep = await cold.page(fast, 100, 10);
        const want = await fe.page(full, 100, 10);
        assert.deepEqual(deep.map((h) => h.url), want.map((h) => h.url), `${q}: page 11`);
      }
    }
  }
  assert.ok(checked >= 6, `summaries checked: ${checked}`);
});

test("a phrase probes a long doc list only in the blocks that hold its candidates", async () => {
  // 示政办〔2020〕3号 has rare tokens (3号, 办|2020) and a common one (示政办):
  // the common list is split into blocks and only a few are fetched.
  const e = engine();
  const r = await e.search("示政办〔2020〕3号");
  assert.ok(r.total > 0);
  const blocks = e.fetched.filter((p) => /\.b\d+$/.test(p));
  const lists = await e.docLists("示政办");
  const split = [...lists.values()].filter((l) => l.split);
  assert.ok(split.length > 0, "示政办 has a split doc list in this fixture");
  const all = split.reduce((n, l) => n + l.pieces.length, 0);
  // Its documents of 2020 sit together (ids run newest first): one block.
  assert.ok(blocks.length < all, `fetched ${blocks.length} of ${all} blocks`);
  // Same answer as the whole lists give.
  const whole = engine();
  await whole.init();
  for (const l of (await whole.docLists("示政办")).values()) await whole.ensureBlocks(l, null);
  const again = await whole.search("示政办〔2020〕3号");
  assert.deepEqual(again.ids, r.ids);
});

test("a long phrase counts its facets from its rarest token's facet list, not every block", async () => {
  // 最低生活保障 is two common four-grams; its matches lie in every facet block.
  const e = engine();
  const r = await e.search("最低生活保障");
  const want = cases.find((c) => c.query === "最低生活保障" && !c.opts.column && !c.opts.year);
  assert.equal(r.total, want.total);
  for (const k of ["column", "year", "issuer", "topic", "validity"]) {
    assert.deepEqual(r.facets[k], want.facets[k], `facet ${k}`);
  }
  assert.ok(e.fetched.some((p) => p.endsWith(".f")), `facet list fetched: ${e.fetched}`);
  assert.ok(!e.fetched.some((p) => p.includes("/f/")), `no facet block: ${e.fetched}`);
  // Refining by a facet (二次搜索) reads the same list.
  const year = r.facets.year[0];
  const refined = await e.search("最低生活保障", { year: year.value });
  assert.equal(refined.total, year.count);
  assert.ok(!e.fetched.some((p) => p.includes("/f/")));
});

test("matches gathered in one facet block read that block, not a longer facet list", async () => {
  // The documents of 示政办〔2020〕 sit together (ids run newest first).
  const e = engine();
  const r = await e.search("示政办〔2020〕3号");
  assert.ok(r.total > 0);
  const blocks = e.fetched.filter((p) => p.includes("/f/"));
  assert.equal(blocks.length, 1, `${e.fetched}`);
  assert.ok(!e.fetched.some((p) => p.endsWith(".f")), `${e.fetched}`);
});

test("refining by year reads only the blocks of that year's documents", async () => {
  const c = cases.find((x) => x.query === "补贴" && x.opts.year);
  const e = engine();
  const r = await e.search("补贴", { year: c.opts.year, validity: c.opts.validity || "" });
  assert.equal(r.total, c.total);
  const hits = await e.page(r, 0, r.total);
  assert.deepEqual(hits.map((h) => h.url), c.urls);
  const lists = await e.docLists("补贴");
  const split = [...lists.values()].filter((l) => l.split);
  assert.ok(split.length > 0, "补贴 has a split doc list in this fixture");
  const all = split.reduce((n, l) => n + l.pieces.length, 0);
  const blocks = e.fetched.filter((p) => /\.b\d+$/.test(p));
  assert.ok(blocks.length > 0 && blocks.length * 2 < all, `fetched ${blocks.length} of ${all} blocks`);
});

test("refining a common word by one facet value reads its refinements, as the full search answers", async () => {
  let checked = 0;
  for (const q of ["补贴", "通知", "乡镇"]) {
    const first = await engine().search(q);
    for (const [name, facet] of [["columnExact", "column"], ["issuer", "issuer"], ["topic", "topic"], ["validity", "validity"], ["year", "year"]]) {
      for (const value of first.facets[facet].slice(0, 2).map((v) => v.value)) {
        for (const sort of ["relevance", "date"]) {
          const opts = { [name]: value, sort };
          const cold = engine();
          const fast = await cold.search(q, opts);
          assert.ok(cold.fetched.some((p) => p.endsWith(".r")), `${q} ${name}=${value}: refinements fetched`);
          assert.ok(!cold.fetched.some((p) => p.includes("/f/") || /\.(d|f|b\d+)$/.test(p)), `${q}: no lists: ${cold.fetched}`);
          const fe = engine();
          const full = await fe.search(q, { ...opts, full: true });
          assert.equal(fast.total, full.total, `${q} ${name}=${value} total`);
          assert.deepEqual(fast.facets, full.facets, `${q} ${name}=${value} facets`);
          assert.deepEqual(fast.ids, full.ids.slice(0, fast.ids.length), `${q} ${name}=${value} ${sort}: order`);
          if (full.total > fast.ids.length) {
            const deep = await cold.page(fast, 30, 10);
            assert.deepEqual(deep.map((h) => h.url), (await fe.page(full, 30, 10)).map((h) => h.url), "page 4");
          }
          checked += 1;
        }
      }
    }
  }
  assert.ok(checked >= 50, `refinements checked: ${checked}`);
});
