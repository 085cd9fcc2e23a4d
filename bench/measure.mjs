// Cold queries of bench/deploy.sh in headless Chromium (a benchmark, not a test).
//
//   node bench/measure.mjs xxgk|pagefind SITE_DIR [QUERY...]
//
// Serves SITE_DIR on 127.0.0.1 like a usual static host (nginx with gzip on): Range
// requests answered with 206 and the raw bytes, other responses gzipped when the
// browser accepts it and that makes them smaller. For each query a fresh browser context (empty cache =
// a first visit) opens the search page, types the query, presses Enter and waits for
// the results and for the network to fall quiet. Everything the server sends is
// counted per query: bytes on the wire (headers included, from the sockets) and
// requests, split into the page load and what the query itself fetched.
// Prints one JSON line per query.
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { gzipSync } from "node:zlib";
import { extname, join, normalize, sep } from "node:path";
import { pathToFileURL } from "node:url";

// examples/search_bench.rs QUERIES: phrases, 文号 in two bracket forms, a year, a
// two-word AND, a single character, a frequent word.
const QUERIES = [
  "就业补贴",
  "城乡居民医疗保险",
  "最低生活保障",
  "养老",
  "示政办〔2025〕12号",
  "示人社(2024)3号",
  "2025年",
  "高龄津贴发放",
  "乡镇 审核",
  "5G网络",
  "补",
  "通知",
];

const [kind, siteDir, ...given] = process.argv.slice(2);
if (!["xxgk", "pagefind"].includes(kind) || !siteDir) {
  console.error("usage: node bench/measure.mjs xxgk|pagefind SITE_DIR [QUERY...]");
  process.exit(2);
}
const queries = given.length ? given : QUERIES;
const modules = process.env.BENCH_NODE_MODULES;
if (!modules) throw new Error("BENCH_NODE_MODULES is not set (bench/deploy.sh sets it)");
const { chromium } = await import(pathToFileURL(join(modules, "playwright-core/index.mjs")).href);

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".xml": "application/xml; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".svg": "image/svg+xml",
  ".wasm": "application/wasm",
};
// Compressed formats are sent as they are; everything else gzipped when that makes it
// smaller (the README's nginx config compresses application/octet-stream too, which
// xxgk's search data is; Pagefind's files are gzipped already and so go raw).
const RAW = new Set([".png", ".jpg", ".jpeg", ".gif", ".webp", ".pdf", ".docx", ".xlsx", ".zip", ".woff2", ".gz"]);

const root = normalize(siteDir + sep);
let inflight = 0;
let lastActivity = Date.now();
let log = [];
const sockets = new Set();
let closedBytes = 0;
const gzipped = new Map();

const server = createServer(async (req, res) => {
  inflight++;
  lastActivity = Date.now();
  res.on("close", () => {
    inflight--;
    lastActivity = Date.now();
  });
  const entry = { path: req.url, status: 0, body: 0, range: req.headers.range ?? null };
  log.push(entry);
  const send = (status, body, headers) => {
    entry.status = status;
    entry.body = body.length;
    res.writeHead(status, { "content-length": body.length, ...headers });
    res.end(body);
  };
  try {
    const url = new URL(req.url, "http://x");
    let path = normalize(join(root, decodeURIComponent(url.pathname)));
    if (!path.startsWith(root)) return send(403, Buffer.alloc(0), {});
    let st = await stat(path).catch(() => null);
    if (st?.isDirectory()) {
      if (!url.pathname.endsWith("/")) {
        return send(301, Buffer.alloc(0), { location: url.pathname + "/" + url.search });
      }
      path = join(path, "index.html");
      st = await stat(path).catch(() => null);
    }
    if (!st?.isFile()) return send(404, Buffer.from("404 Not Found"), { "content-type": TYPES[".txt"] });
    const ext = extname(path);
    const type = TYPES[ext] ?? "application/octet-stream";
    const bytes = await readFile(path);
    const range = /^bytes=(\d*)-(\d*)$/.exec(req.headers.range ?? "");
    if (range && (range[1] || range[2])) {
      let start = range[1] ? Number(range[1]) : Math.max(0, bytes.length - Number(range[2]));
      let end = range[1] && range[2] ? Math.min(Number(range[2]), bytes.length - 1) : bytes.length - 1;
      if (start >= bytes.length || start > end) {
        return send(416, Buffer.alloc(0), { "content-range": `bytes */${bytes.length}` });
      }
      return send(206, bytes.subarray(start, end + 1), {
        "content-type": type,
        "content-range": `bytes ${start}-${end}/${bytes.length}`,
        "accept-ranges": "bytes",
      });
    }
    const headers = { "content-type": type, "accept-ranges": "bytes" };
    if (!RAW.has(ext) && /\bgzip\b/.test(req.headers["accept-encoding"] ?? "")) {
      if (!gzipped.has(path)) gzipped.set(path, gzipSync(bytes, { level: 6 }));
      const z = gzipped.get(path);
      if (z.length < bytes.length) {
        return send(200, z, { ...headers, "content-encoding": "gzip", vary: "accept-encoding" });
      }
    }
    return send(200, bytes, headers);
  } catch (e) {
    return send(500, Buffer.from(String(e)), { "content-type": TYPES[".txt"] });
  }
});
server.on("connection", (s) => {
  sockets.add(s);
  s.on("close", () => {
    closedBytes += s.bytesWritten;
    sockets.delete(s);
  });
});
await new Promise((r) => server.listen(0, "127.0.0.1", r));
const origin = `http://127.0.0.1:${server.address().port}`;
const wire = () => closedBytes + [...sockets].reduce((n, s) => n + s.bytesWritten, 0);

/** Resolves once nothing is in flight and nothing has started for `quiet` ms. */
async function networkQuiet(quiet = 500, limit = 60_000) {
  const t0 = Date.now();
  while (inflight > 0 || Date.now() - lastActivity < quiet) {
    if (Date.now() - t0 > limit) throw new Error(`the network did not fall quiet within ${limit} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** What the page shows once it has answered: [status line, hits shown]. */
async function answered(page) {
  if (kind === "xxgk") {
    // search.js pushes ?q=… on submit (the opened page had none), then answers.
    await page.waitForURL((u) => new URL(u).searchParams.has("q"), { timeout: 60_000 });
    await page.waitForFunction(
      () => {
        const t = document.getElementById("search-status").textContent;
        return t && !t.includes("正在搜索");
      },
      null,
      { timeout: 60_000 },
    );
  } else {
    await page.waitForFunction(() => document.body.dataset.done === "1", null, { timeout: 60_000 });
  }
  return [
    await page.locator("#search-status").innerText(),
    await page.locator("#search-results > li:not(.search-empty)").count(),
  ];
}

const sum = (entries) => ({ requests: entries.length, body: entries.reduce((n, e) => n + e.body, 0) });

// The flags of tests/e2e/harness.mjs: keep Chromium off any network but the server.
const browser = await chromium.launch({
  executablePath: process.env.XXGK_CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--font-render-hinting=none",
  ],
});
try {
  for (const query of queries) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    log = [];
    const w0 = wire();
    await page.goto(`${origin}/search/`);
    await networkQuiet();
    const pageLoad = { ...sum(log), wire: wire() - w0 };
    log = [];
    const w1 = wire();
    const t0 = performance.now();
    await page.locator("#search-q").fill(query);
    await page.locator("#search-q").press("Enter");
    const [status, shown] = await answered(page);
    const ms = performance.now() - t0;
    await networkQuiet();
    const files = log.map((e) => [e.path, e.status, e.body]);
    const q = { ...sum(log), wire: wire() - w1 };
    await context.close();
    console.log(
      JSON.stringify({
        tool: kind,
        query,
        status,
        shown,
        ms: Math.round(ms),
        page_load: pageLoad,
        query_only: q,
        total: { requests: pageLoad.requests + q.requests, wire: pageLoad.wire + q.wire },
        errors,
        files,
      }),
    );
  }
} finally {
  await browser.close();
  server.close();
}
