// tokenizer.js must agree with the Rust tokenizer on thousands of seeded
// random strings over a hostile alphabet (astral and compatibility
// ideographs, full-width forms, combining marks, emoji, odd spaces …),
// written by examples/search_fixture.rs: what hand-picked vectors miss.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { scriptUrl } from "./theme_scripts.mjs";
import { fixtureDir } from "./fixture.mjs";

const { indexTokens, splitQuery, planTerm, exactKey, units, unitsWithSourceSpans } = await import(
  scriptUrl("search/tokenizer.js"),
);

const cases = JSON.parse(readFileSync(join(fixtureDir("--tokenizer-only"), "tokenizer_random.json"), "utf8"));

// A combining mark newer than this JS engine's Unicode tables (unassigned,
// \p{Cn}, here) is not attached to the character before it, as the Rust side
// attaches it: a highlight ends before it. Spans may differ in that only.
const UNKNOWN_MARKS = /^\p{Cn}[\p{Cn}\p{M}]*$/u;

function sameSpans(js, rust, input) {
  return js.length === rust.length && js.every((u, i) => {
    const r = rust[i];
    return u[0] === r[0] && u[1] === r[1] && u[2] === r[2] &&
      (u[3] === r[3] || (u[3] < r[3] && UNKNOWN_MARKS.test(input.slice(u[3], r[3]))));
  });
}

// Likewise what Rust's newer tables make of a character unknown here may
// differ (a mark reordered, a compatibility character folded to another
// separator; is_late_alnum pins those that would fold to units). In a 文号
// key, never a token, such a character and the marks next to it may stand
// for anything; every other character must be the same, in order.
const SYNTAX = /[\^$\\.*+?()[\]{}|\/]/g;

function sameKey(js, rust) {
  if (js === rust) return true;
  if (js === null || rust === null) return false;
  const pattern = [...js.matchAll(/[\p{M}\p{Cn}]+|[^]/gu)]
    .map(([m]) => (/\p{Cn}/u.test(m) ? "[^]*?" : m.replace(SYNTAX, "\\$&")))
    .join("");
  return new RegExp(`^${pattern}$`, "u").test(rust);
}

// Every view of a string that tokenizer.js exposes, shaped as the Rust side writes it.
function views(input) {
  return {
    tokens: indexTokens(input),
    split: splitQuery(input),
    terms: splitQuery(input).map(planTerm).filter((p) => p.length),
    units: units(input).map((u) => [u.text, u.pos, u.han, u.afterGap, u.joinedNext]),
    spans: unitsWithSourceSpans(input).map((u) => [u.text, u.pos, u.start, u.end]),
    exact_key: exactKey(input),
  };
}

test("random hostile strings: enough of them, and hostile", () => {
  assert.ok(cases.length >= 2000, `${cases.length} cases`);
  const astral = cases.filter((c) => /[\u{10000}-\u{10FFFF}]/u.test(c.input)).length;
  assert.ok(astral * 4 >= cases.length, `${astral} with astral characters`);
  assert.ok(cases.filter((c) => c.tokens.length >= 10).length * 2 >= cases.length, "most have tokens");
});

test("random hostile strings tokenize as in Rust", () => {
  const failed = [];
  for (const c of cases) {
    const got = views(c.input);
    const wrong = Object.keys(got).filter((k) => {
      if (k === "spans") return !sameSpans(got.spans, c.spans, c.input);
      if (k === "exact_key") return !sameKey(got.exact_key, c.exact_key);
      try {
        assert.deepEqual(got[k], c[k]);
        return false;
      } catch {
        return true;
      }
    });
    if (wrong.length) failed.push({ c, got, wrong });
  }
  if (failed.length) {
    // The shortest failing input is the one to reduce by hand.
    failed.sort((a, b) => a.c.input.length - b.c.input.length);
    const { c, got, wrong } = failed[0];
    const k = wrong[0];
    assert.fail(
      `${failed.length} of ${cases.length} differ; shortest ${JSON.stringify(c.input)} ` +
        `(${[...c.input].map((x) => x.codePointAt(0).toString(16)).join(" ")}) in ${wrong}:\n` +
        `js   ${JSON.stringify(got[k])}\nrust ${JSON.stringify(c[k])}`,
    );
  }
});
