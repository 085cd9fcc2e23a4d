// Where the search tests read the fixture written by
// `cargo run --example search_fixture -- DIR`: XXGK_SEARCH_FIXTURE, or a
// fresh one written to a temporary folder (extra arguments such as
// --tokenizer-only write only part of it).
import { mkdtempSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const crate = fileURLToPath(new URL("../..", import.meta.url));

export function fixtureDir(...args) {
  if (process.env.XXGK_SEARCH_FIXTURE) return process.env.XXGK_SEARCH_FIXTURE;
  const dir = mkdtempSync(join(tmpdir(), "xxgk-search-fixture-"));
  const r = spawnSync("cargo", ["run", "-q", "--example", "search_fixture", "--", ...args, dir], {
    cwd: crate,
    encoding: "utf8",
  });
  if (r.status !== 0) throw new Error(`search_fixture failed: ${r.stderr}`);
  return dir;
}
