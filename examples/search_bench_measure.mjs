// Helper of examples/search_bench.rs: runs each query cold in the browser
// engine (a fresh engine per query, as a first visit) through the pack layer
// (packs.js) over a host that serves ranges, and reports every request it
// makes (a Range of a pack, several in one multi-range request, or a whole
// file) and every logical file the
// engine read, related blocks included.
// A query given as {"suggest": "低"} measures the as-you-type suggestions of
// that prefix instead (suggest.js, loaded once something is typed).
// Usage: node search_bench_measure.mjs SEARCH_DIR STATIC_DIR QUERIES_JSON
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const [searchDir, staticDir, queriesJson] = process.argv.slice(2);
const { SearchEngine } = await import(pathToFileURL(join(staticDir, "engine.js")).href);
const { PackStore } = await import(pathToFileURL(join(staticDir, "packs.js")).href);
// [path, bytes, bytes as served compressed] of a request; nginx compresses
// whole files but never a range.
const entry = (path, bytes, ranged) => [path, bytes.length, ranged ? bytes.length : gzipSync(bytes, { level: 6 }).length];
const scripts = ["search.js", "engine.js", "tokenizer.js", "related.js", "packs.js"];
const js = scripts.map((f) => entry(`static/search/${f}`, readFileSync(join(staticDir, f)), false));

for (const query of JSON.parse(queriesJson)) {
  const typed = typeof query === "object" && query ? query.suggest : null;
  const files = typed === null ? [...js] : [entry("static/search/suggest.js", readFileSync(join(staticDir, "suggest.js")), false)];
  const logical = [];
  const store = new PackStore(async (path, range) => {
    const whole = readFileSync(join(searchDir, path));
    if (range && Array.isArray(range[0])) {
      // Several ranges: one 206 multipart/byteranges answer, counted with its
      // part headers as nginx writes them.
      const parts = range.map(([a, b]) => ({ first: a, last: b, bytes: new Uint8Array(whole.subarray(a, b + 1)) }));
      const head = parts.map((p) => `\r\n--00000000000000000001\r\nContent-Type: application/octet-stream\r\nContent-Range: bytes ${p.first}-${p.last}/${whole.length}\r\n\r\n`);
      const n = parts.reduce((s, p) => s + p.bytes.length, 0) + head.join("").length + 28;
      files.push([`search/${path}`, n, n]);
      return { status: 206, bytes: new Uint8Array(0), parts };
    }
    const bytes = range ? whole.subarray(range[0], range[1] + 1) : whole;
    files.push(entry(`search/${path}`, bytes, !!range));
    return { status: range ? 206 : 200, bytes: new Uint8Array(bytes) };
  });
  const engine = new SearchEngine(async (path) => {
    const bytes = await store.fetch(path);
    logical.push([`search/${path}`, bytes.length]);
    return bytes;
  }, store);
  const t0 = performance.now();
  if (typed !== null) {
    const words = await engine.suggest(typed);
    console.log(JSON.stringify({ query, total: words.length, ms: performance.now() - t0, files, logical }));
    continue;
  }
  const result = await engine.search(query);
  await engine.page(result, 0, 10);
  // What search.js shows next: the related blocks, five hits each.
  for (const b of await engine.related(query, result.total)) await engine.page(b.result, 0, 5);
  const ms = performance.now() - t0;
  console.log(JSON.stringify({ query, total: result.total, ms, files, logical }));
}
