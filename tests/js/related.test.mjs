// The browser's rewrites (related.js) must be exactly the CLI's
// (src/search/related.rs): fixed and seeded random queries from
// tests/data/related_vectors.json, which the Rust test writes and checks.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { scriptUrl } from "./theme_scripts.mjs";

const { Lexicon, rewrites, queryDocNumber, checkPinyin } = await import(scriptUrl("search/related.js"));

const vectors = JSON.parse(
  readFileSync(fileURLToPath(new URL("../data/related_vectors.json", import.meta.url)), "utf8"),
);
const lex = new Lexicon(vectors.lexicon);
lex.pinyin = checkPinyin(vectors.pinyin);

test("vectors cover the dictionary, the words and 文号", () => {
  assert.ok(vectors.cases.length >= 600, `${vectors.cases.length} cases`);
  assert.ok(vectors.cases.filter((c) => c.number).length >= 20);
});

test("rewrites and 文号 equal the CLI's on every vector", () => {
  let bad = 0;
  for (const c of vectors.cases) {
    assert.equal(queryDocNumber(c.q), c.number, `number of ${JSON.stringify(c.q)}`);
    assert.deepEqual(rewrites(c.q, c.total, lex), c.rewrites, `rewrites of ${JSON.stringify(c.q)} (${c.total})`);
    if (!c.rewrites) bad++;
  }
  assert.equal(bad, 0);
});

test("the resident queries of issue 19", () => {
  const first = (q, total = 0) => rewrites(q, total, lex)[0];
  assert.deepEqual(first("低保", 10), { query: "最低生活保障", reason: "“低保”即“最低生活保障”" });
  assert.deepEqual(first("示政办2026 3号"), { query: "示政办〔2026〕3号", reason: "按文号“示政办〔2026〕3号”" });
  assert.deepEqual(rewrites("临时求助", 0, lex), [
    { query: "临时救助", reason: "“临时求助”是不是“临时救助”" },
    { query: "临时 求助", reason: "同时包含“临时”和“求助”" },
  ]);
  assert.equal(first("农机补贴").query, "农机购置与应用补贴");
  assert.deepEqual(first("dibao"), { query: "低保", reason: "拼音“dibao”：“低保”" });
  assert.equal(first("lsjz").query, "临时救助");
  assert.equal(first("gao ling jin tie").query, "高龄津贴");
});

test("a lexicon of another format is refused", () => {
  assert.throws(() => new Lexicon({ v: 99, e: [] }));
  assert.throws(() => new Lexicon(null));
});
