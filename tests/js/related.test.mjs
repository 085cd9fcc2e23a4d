// The browser's rewrites (related.js) must be exactly the CLI's
// (src/search/related.rs): fixed and seeded random queries from
// tests/data/related_vectors.json, which the Rust test writes and checks.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { scriptUrl } from "./theme_scripts.mjs";

const { Lexicon, Vocabulary, rewrites, queryDocNumber, vocabularyKeys, soundKeys, suggestionKey, suggestions, shardOf } =
  await import(scriptUrl("search/related.js"));

const vectors = JSON.parse(
  readFileSync(fileURLToPath(new URL("../data/related_vectors.json", import.meta.url)), "utf8"),
);
const lex = new Lexicon(vectors.lexicon);
// Only the keys the cases name: what the browser holds after fetching them.
const vocab = new Vocabulary(vectors.vocabulary);

test("vectors cover the dictionary, the words and 文号", () => {
  assert.ok(vectors.cases.length >= 600, `${vectors.cases.length} cases`);
  assert.ok(vectors.cases.filter((c) => c.number).length >= 20);
});

test("rewrites and 文号 equal the CLI's on every vector", () => {
  let bad = 0;
  for (const c of vectors.cases) {
    assert.equal(queryDocNumber(c.q), c.number, `number of ${JSON.stringify(c.q)}`);
    assert.deepEqual(vocabularyKeys(c.q, c.total), c.keys, `keys of ${JSON.stringify(c.q)}`);
    const first = new Vocabulary(new Map(c.keys.filter((k) => k in vectors.vocabulary).map((k) => [k, vectors.vocabulary[k]])));
    assert.deepEqual(soundKeys(c.q, c.total, first), c.sound_keys, `sound keys of ${JSON.stringify(c.q)}`);
    assert.deepEqual(rewrites(c.q, c.total, lex, vocab), c.rewrites, `rewrites of ${JSON.stringify(c.q)} (${c.total})`);
    if (!c.rewrites) bad++;
  }
  assert.equal(bad, 0);
});

test("suggestions equal the CLI's on every vector", () => {
  assert.ok(vectors.suggest.length >= 200);
  assert.ok(vectors.suggest.filter((c) => c.words.length).length >= 100);
  for (const c of vectors.suggest) {
    assert.equal(suggestionKey(c.typed), c.key, c.typed);
    assert.deepEqual(suggestions(c.typed, vocab), c.words, c.typed);
  }
});

test("a key's shard is Rust's fnv1a32 of its UTF-8", () => {
  // fnv1a32("a") = 0xe40c292c; of a Han key, computed over its three bytes.
  assert.equal(shardOf("a", 1 << 30), 0xe40c292c & ((1 << 30) - 1));
  assert.equal(shardOf("s:低", 1), 0);
  const n = 64;
  const seen = new Set(Object.keys(vectors.vocabulary).map((k) => shardOf(k, n)));
  assert.ok(seen.size > n / 2, `${seen.size} shards used`);
});

test("the resident queries of issue 19", () => {
  const first = (q, total = 0) => rewrites(q, total, lex, vocab)[0];
  assert.deepEqual(first("低保", 10), { query: "最低生活保障", reason: "“低保”即“最低生活保障”" });
  assert.deepEqual(first("示政办2026 3号"), { query: "示政办〔2026〕3号", reason: "按文号“示政办〔2026〕3号”" });
  assert.deepEqual(first("林时就助"), { query: "临时救助", reason: "“林时就助”是不是“临时救助”" });
  assert.deepEqual(first("就业补帖"), { query: "就业补贴", reason: "“就业补帖”是不是“就业补贴”" });
  assert.equal(first("zhaoshengruxue").query, "招生入学");
  assert.deepEqual(rewrites("临时求助", 0, lex, vocab), [
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
