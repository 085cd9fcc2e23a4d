// The ledger filter of themes/default/static/js/plan.js: which task rows a choice of
// 责任单位 and 状态 keeps. Run with `node --test tests/js/`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { scriptPath } from "./theme_scripts.mjs";

const require = createRequire(import.meta.url);
const { matches } = require(scriptPath("js/plan.js"));

const overdue = { units: "a15ff1c9 0b3f454f", state: "jxz", overdue: true };
const closed = { units: "0b3f454f", state: "yxh", overdue: false };

test("no choice keeps every task", () => {
  assert.equal(matches(overdue, "", ""), true);
  assert.equal(matches(closed, "", ""), true);
});

test("a unit keeps the tasks that name it among several", () => {
  assert.equal(matches(overdue, "a15ff1c9", ""), true);
  assert.equal(matches(closed, "a15ff1c9", ""), false);
  assert.equal(matches(closed, "0b3f454f", ""), true);
  // A slug is matched whole, never as part of another.
  assert.equal(matches(closed, "0b3f", ""), false);
});

test("逾期未完成 keeps overdue tasks whatever their 状态", () => {
  assert.equal(matches(overdue, "", "yq"), true);
  assert.equal(matches(closed, "", "yq"), false);
  assert.equal(matches(overdue, "", "jxz"), true);
  assert.equal(matches(overdue, "", "yxh"), false);
  assert.equal(matches(closed, "0b3f454f", "yxh"), true);
  assert.equal(matches(overdue, "0b3f454f", "yxh"), false);
});
