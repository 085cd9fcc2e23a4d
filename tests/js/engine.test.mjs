// The browser engine, run on shards exported by the Rust side, must answer
// exactly what `xxgk search` answers: same result sets, totals, facets, order.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { scriptUrl } from "./theme_scripts.mjs";
import { fixtureDir } from "./fixture.mjs";
import { fileRaw } from "./pack_files.mjs";

const { SearchEngine, makeSnippet, occurrences } = await import(scriptUrl("search/engine.js"));
const { PackStore } = await import(scriptUrl("search/packs.js"));

const dir = fixtureDir();
const site = join(dir, "site", "search");
assert.ok(existsSync(join(site, "meta.json")), "fixture has meta.json");
const cases = JSON.parse(readFileSync(join(dir, "expected.json"), "utf8"));

// Through the pack layer, as the search page reads; `fetched` lists the
// logical files the engine asked for.
function engine(from = site) {
  const fetched = [];
  const store = new PackStore(fileRaw(from));
  const e = new SearchEngine(async (path) => {
    fetched.push(path);
    return store.fetch(path);
  });
  e.fetched = fetched;
  return e;
}

const shared = engine();

test("fixture covers enough queries", () => {
  assert.ok(cases.length >= 60, `${cases.length} cases`);
  assert.ok(cases.filter((c) => c.total > 0).length >= 55);
  // The seeded random queries: refined, sorted by date, second pages.
  assert.ok(cases.filter((c) => c.limit).length >= 5, "paged cases");
  assert.ok(cases.filter((c) => c.opts.sort === "date").length >= 10, "by date");
  assert.ok(cases.filter((c) => c.opts.issuer || c.opts.topic || c.opts.validity || c.opts.year).length >= 10);
  // 主题分类 at both levels, 公文种类 and 机关代字, fixed and among the random cases.
  assert.ok(cases.some((c) => c.opts.topic && c.opts.topic.includes("\\")), "a sub-topic refinement");
  assert.ok(cases.some((c) => c.opts.topic && !c.opts.topic.includes("\\")), "a top-level topic refinement");
  assert.ok(cases.filter((c) => c.opts.doc_type).length >= 2, "公文种类 refinements");
  assert.ok(cases.filter((c) => c.opts.organ).length >= 2, "机关代字 refinements");
});

const FACET_KEYS = ["column", "year", "issuer", "topic", "validity", "doc_type", "organ"];

// Replays a case: the whole result list, or the one page it names.
function replay(name, c, e) {
  const label = `${JSON.stringify(c.query)} ${JSON.stringify(c.opts)}${c.limit ? ` page ${c.offset}+${c.limit}` : ""}`;
  test(`${name}: ${label}`, async () => {
    const r = await e.search(c.query, {
      column: c.opts.column || "",
      year: c.opts.year || null,
      issuer: c.opts.issuer || "",
      topic: c.opts.topic || "",
      validity: c.opts.validity || "",
      doc_type: c.opts.doc_type || "",
      organ: c.opts.organ || "",
      sort: c.opts.sort,
    });
    assert.equal(r.total, c.total, "total");
    const hits = await e.page(r, c.offset ?? 0, c.limit ?? r.total);
    const urls = hits.map((h) => h.url);
    if (!c.limit) assert.deepEqual([...urls].sort(), [...c.urls].sort(), "result set");
    assert.deepEqual(urls, c.urls, "result order");
    for (const k of FACET_KEYS) {
      assert.deepEqual(r.facets[k], c.facets[k], `facet ${k}`);
    }
    if (c.first_doc_number) assert.equal(hits[0].docNumber, c.first_doc_number);
  });
}

for (const c of cases) replay("same answer as xxgk search", c, shared);

// Related results (related.rs / related.js): the same blocks, reasons, counts,
// documents in order and facets as `xxgk search` lists after the exact ones.
const relatedCases = JSON.parse(readFileSync(join(dir, "related.json"), "utf8"));
test("related fixture covers the dictionary, the words and 文号", () => {
  assert.ok(relatedCases.length >= 10, `${relatedCases.length} related cases`);
  const reasons = relatedCases.flatMap((c) => c.blocks.map((b) => b.reason));
  assert.ok(reasons.some((r) => r.startsWith("按文号")), "a 文号 block");
  assert.ok(reasons.some((r) => r.includes("”即“")), "a dictionary block");
  assert.ok(reasons.some((r) => r.startsWith("同时包含")), "a words block");
  assert.ok(reasons.some((r) => r.startsWith("拼音")), "a pinyin block");
  assert.ok(reasons.some((r) => r.includes("是不是")), "a did-you-mean block");
});

// As-you-type suggestions: the engine (one vocabulary shard per prefix) lists
// what `xxgk search --suggest` lists.
const suggestCases = JSON.parse(readFileSync(join(dir, "suggest.json"), "utf8"));
test("suggestions as xxgk search --suggest, for Han and pinyin prefixes", async () => {
  assert.ok(suggestCases.filter((c) => c.words.length).length >= 20, "cases with suggestions");
  for (const c of suggestCases) assert.deepEqual(await shared.suggest(c.typed), c.words, JSON.stringify(c.typed));
});
for (const c of relatedCases) {
  test(`related blocks as xxgk search: ${JSON.stringify(c.query)}`, async () => {
    const blocks = await shared.related(c.query, c.total);
    assert.deepEqual(blocks.map((b) => [b.reason, b.query, b.result.total]),
      c.blocks.map((b) => [b.reason, b.query, b.total]));
    for (const [i, b] of blocks.entries()) {
      const urls = (await shared.page(b.result, 0, b.result.total)).map((h) => h.url);
      assert.deepEqual(urls, c.blocks[i].urls, `documents of block ${i}`);
      for (const k of FACET_KEYS) {
        assert.deepEqual(b.result.facets[k], c.blocks[i].facets[k], `facet ${k} of block ${i}`);
      }
    }
  });
}

// Documents with hostile characters (search_fixture.rs writes them to hostile/).
const hostileDir = join(dir, "hostile");
const hostileCases = JSON.parse(readFileSync(join(hostileDir, "expected.json"), "utf8"));
const hostile = engine(join(hostileDir, "site", "search"));
test("hostile fixture covers enough queries", () => {
  assert.ok(hostileCases.length >= 40, `${hostileCases.length} cases`);
  assert.ok(hostileCases.filter((c) => c.total > 0).length >= 20);
});
for (const c of hostileCases) replay("hostile documents, same answer as xxgk search", c, hostile);

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
  for (const k of FACET_KEYS) {
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
    for (const [name, facet] of [["columnExact", "column"], ["issuer", "issuer"], ["topic", "topic"], ["validity", "validity"], ["doc_type", "doc_type"], ["organ", "organ"], ["year", "year"]]) {
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

// A seeded generator (mulberry32): the same strings on every run.
function rng(seed) {
  let a = seed >>> 0;
  return (n) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) / 4294967296) * n | 0;
  };
}

// Queries no test above would type: random UTF-16 (lone surrogates
// included), random code points, real words among noise, very long input.
function noiseQueries() {
  const r = rng(20261123);
  const words = ["补贴", "就业", "2025年", "示政办", "〔2026〕", "5G", "县", "的", "研究研究", "a", "|", "#"];
  const pick = (xs) => xs[r(xs.length)];
  const qs = [];
  for (let i = 0; i < 150; i++) {
    let s = "";
    const len = r(40);
    for (let k = 0; k < len; k++) {
      switch (r(6)) {
        case 0: s += String.fromCharCode(r(0x10000)); break; // any code unit, lone surrogates too
        case 1: s += String.fromCodePoint(r(0x110000)); break;
        case 2: s += String.fromCharCode(0xd800 + r(0x800)); break;
        case 3: s += pick([" ", "\u3000", "\t", "\u0085", "\ufeff", "\u2028", "\u0301", "\u200d"]); break;
        default: s += pick(words);
      }
    }
    qs.push(s);
  }
  qs.push(
    "补贴".repeat(50000),
    "补 ".repeat(20000),
    Array.from({ length: 3000 }, () => pick(words)).join(" "),
    "\ud800".repeat(100000),
    "\udfff\ud800",
    "研究".repeat(5000) + " " + "a".repeat(100000) + " " + "9".repeat(100000),
    "〔2026〕".repeat(10000),
    "就业补贴".repeat(1000) + "\u0301",
    "",
    " ",
  );
  return qs;
}

test("the topic facet offers both levels: a top-level topic counts and finds its sub-topics' documents", async () => {
  const e = engine();
  const r = await e.search("补贴");
  const topics = r.facets.topic;
  const subs = topics.filter((v) => v.value.includes("\\"));
  assert.ok(subs.length >= 3, `sub-topics offered: ${JSON.stringify(topics)}`);
  let top = null;
  for (const v of topics) {
    if (!v.value.includes("\\")) {
      top = v;
      continue;
    }
    // Each sub-topic follows its top-level topic, labelled by its 二级 alone.
    const [parent, sub] = v.value.split("\\");
    assert.equal(top && top.value, parent, `${v.value} after its parent`);
    assert.equal(v.label, sub);
  }
  for (const t of topics.filter((v) => !v.value.includes("\\"))) {
    const own = subs.filter((v) => v.value.startsWith(t.value + "\\")).reduce((n, v) => n + v.count, 0);
    assert.ok(t.count >= own, `${t.value}: ${t.count} >= ${own}`);
    const refined = await e.search("补贴", { topic: t.value, full: true });
    assert.equal(refined.total, t.count, `refined by ${t.value}`);
  }
  const withSubs = topics.find((t) => !t.value.includes("\\") && subs.some((v) => v.value.startsWith(t.value + "\\")));
  const sub = subs.find((v) => v.value.startsWith(withSubs.value + "\\"));
  const refined = await e.search("补贴", { topic: sub.value, full: true });
  assert.equal(refined.total, sub.count);
  assert.ok(sub.count < withSubs.count || subs.length === 1, "the top level counts more than one sub-topic");
  assert.deepEqual(refined.facets.topic.map((v) => v.value), [withSubs.value, sub.value]);
  // 公文种类 and 机关代字 are offered and refine.
  assert.ok(r.facets.doc_type.some((v) => v.value === "通知"), JSON.stringify(r.facets.doc_type));
  const organ = r.facets.organ[0];
  assert.ok(organ, "机关代字 offered");
  assert.equal((await e.search("补贴", { organ: organ.value, full: true })).total, organ.count);
});

test("the engine never throws, whatever the query", async () => {
  const r = rng(20261124);
  const e = engine();
  const optsOf = () => [
    {},
    { sort: "date" },
    { year: r(2) ? 2024 : "不是年份", validity: "有效" },
    { column: r(2) ? "///" : "fdzdgknr/zcwj", issuer: "\ud800" },
    { topic: "财政、金融、审计", columnExact: "fdzdgknr/czyjs" },
    { topic: r(2) ? "\\" : "劳动、人事、监察\\", doc_type: "\ud800", organ: "示政办" },
  ][r(6)];
  let checked = 0;
  for (const q of noiseQueries()) {
    const label = JSON.stringify(q.length > 60 ? q.slice(0, 60) + "…" : q);
    const opts = optsOf();
    const res = await e.search(q, opts);
    assert.ok(Number.isInteger(res.total) && res.total >= 0, `${label}: total ${res.total}`);
    assert.ok(res.ids.length <= res.total, `${label}: ids`);
    const hits = await e.page(res, 0, 10);
    assert.equal(hits.length, Math.min(10, res.total), `${label}: first page`);
    if (res.total > 10) await e.page(res, 10, 10);
    makeSnippet("本县依据示政办〔２０２６〕３号文件发放就业补贴。" + q.slice(0, 200), q, 120);
    checked += 1;
  }
  assert.ok(checked >= 150);
});
