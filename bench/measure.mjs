// Cold queries of bench/deploy.sh in headless Chromium (a benchmark, not a test).
//
//   node bench/measure.mjs xxgk|pagefind SITE_DIR [--no-range] [QUERY...]
//
// Serves SITE_DIR on 127.0.0.1 like a usual static host (bench/server.mjs; with
// --no-range like one that ignores Range). For each query a fresh browser context
// (empty cache = a first visit) opens the search page, types the query, presses Enter and waits for
// the results and for the network to fall quiet. Everything the server sends is
// counted per query: bytes on the wire (headers included, from the sockets) and
// requests, split into the page load and what the query itself fetched.
// Prints one JSON line per query.
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { startServer } from "./server.mjs";

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

const [kind, siteDir, ...rest] = process.argv.slice(2);
if (!["xxgk", "pagefind"].includes(kind) || !siteDir) {
  console.error("usage: node bench/measure.mjs xxgk|pagefind SITE_DIR [--no-range] [QUERY...]");
  process.exit(2);
}
const range = !rest.includes("--no-range");
const given = rest.filter((a) => a !== "--no-range");
const queries = given.length ? given : QUERIES;
const modules = process.env.BENCH_NODE_MODULES;
if (!modules) throw new Error("BENCH_NODE_MODULES is not set (bench/deploy.sh sets it)");
const { chromium } = await import(pathToFileURL(join(modules, "playwright-core/index.mjs")).href);

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

const server = await startServer(siteDir, { range });
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
    server.take();
    const w0 = server.wire();
    await page.goto(`${server.origin}/search/`);
    await server.quiet();
    const pageLoad = { ...sum(server.take()), wire: server.wire() - w0 };
    const w1 = server.wire();
    const t0 = performance.now();
    await page.locator("#search-q").fill(query);
    await page.locator("#search-q").press("Enter");
    const [status, shown] = await answered(page);
    const ms = performance.now() - t0;
    await server.quiet();
    const log = server.take();
    const files = log.map((e) => [e.path, e.status, e.body, e.range]);
    const q = { ...sum(log), wire: server.wire() - w1 };
    await context.close();
    console.log(
      JSON.stringify({
        tool: kind,
        host: range ? "range" : "no-range",
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
  await server.close();
}
