// The 权责清单 filter's matching, as residents type: full-width digits and
// letters, any bracket style, several words separated by 、 or commas.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { scriptPath } from "./theme_scripts.mjs";

const require = createRequire(import.meta.url);
const { fold, matches } = require(scriptPath("js/power_list.js"));

const item = "RS-CF-001 对用人单位非法招用未满十六周岁的未成年人的处罚 《禁止使用童工规定》第六条 示例县人力资源和社会保障局";

test("folds full-width text, case, spaces and brackets", () => {
  assert.equal(fold("ＲＳ－ＣＦ－００１"), "rs-cf-001");
  assert.equal(fold("国发〔2014〕8号"), fold("国发[2014]8号"));
  assert.equal(fold("国发（2014）8号"), "国发(2014)8号");
  assert.equal(fold(" 童 工 "), "童工");
});

test("filters by type and by every word of the query", () => {
  assert.ok(matches("行政处罚", item, "", ""));
  assert.ok(matches("行政处罚", item, "行政处罚", "童工"));
  assert.ok(!matches("行政处罚", item, "行政许可", ""));
  assert.ok(matches("行政处罚", item, "", "ｒｓ－ｃｆ"));
  assert.ok(matches("行政处罚", item, "", "童工、第六条"));
  assert.ok(!matches("行政处罚", item, "", "童工，劳务派遣"));
});
