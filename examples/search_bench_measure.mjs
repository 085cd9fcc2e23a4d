// Helper of examples/search_bench.rs: runs each query cold in the browser
// engine (a fresh engine per query, as a first visit) and reports every file
// it fetches, related blocks included. Usage: node search_bench_measure.mjs SEARCH_DIR STATIC_DIR QUERIES_JSON
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const [searchDir, staticDir, queriesJson] = process.argv.slice(2);
const { SearchEngine } = await import(pathToFileURL(join(staticDir, "engine.js")).href);
// [path, bytes, gzip bytes] of every file fetched.
const entry = (path, bytes) => [path, bytes.length, gzipSync(bytes, { level: 6 }).length];
const js = ["search.js", "engine.js", "tokenizer.js", "related.js"].map((f) => entry(`static/search/${f}`, readFileSync(join(staticDir, f))));

for (const query of JSON.parse(queriesJson)) {
  const files = [...js];
  const engine = new SearchEngine(async (path) => {
    const bytes = readFileSync(join(searchDir, path));
    files.push(entry(`search/${path}`, bytes));
    return new Uint8Array(bytes);
  });
  const t0 = performance.now();
  const result = await engine.search(query);
  await engine.page(result, 0, 10);
  // What search.js shows next: the related blocks, five hits each.
  for (const b of await engine.related(query, result.total)) await engine.page(b.result, 0, 5);
  const ms = performance.now() - t0;
  console.log(JSON.stringify({ query, total: result.total, ms, files }));
}
