// The JS tokenizer must give exactly the tokens of the Rust one.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { scriptUrl } from "./theme_scripts.mjs";

const { indexTokens, splitQuery, planTerm, exactKey, units, unitsWithSourceSpans } = await import(
  scriptUrl("search/tokenizer.js"),
);

const vectors = JSON.parse(
  readFileSync(fileURLToPath(new URL("../data/tokenizer_vectors.json", import.meta.url)), "utf8"),
);

test("shared vectors: at least 40", () => {
  assert.ok(vectors.length >= 40, `${vectors.length} vectors`);
});

for (const v of vectors) {
  test(`tokens of ${JSON.stringify(v.input)}`, () => {
    assert.deepEqual(indexTokens(v.input), v.tokens);
    const terms = splitQuery(v.input).map(planTerm).filter((p) => p.length);
    assert.deepEqual(terms, v.terms);
  });
}

test("文号 keys fold brackets and width like doc_number.rs", () => {
  const key = exactKey("示政办〔2026〕3号");
  for (const v of ["示政办[2026]3号", "示政办(2026)3号", "示政办【２０２６】３号", " 示政办 （2026） 3号 "]) {
    assert.equal(exactKey(v), key, v);
  }
  assert.equal(exactKey("就业补贴"), null);
});

test("source spans point at the original characters", () => {
  const text = "关于２０２６年，ＡＢ计划";
  const us = unitsWithSourceSpans(text);
  assert.deepEqual(us.map((u) => text.slice(u.start, u.end)), ["关", "于", "２０２６", "年", "ＡＢ", "计", "划"]);
  assert.deepEqual(us.map((u) => [u.text, u.pos]), units(text).map((u) => [u.text, u.pos]));
});
