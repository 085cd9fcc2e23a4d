// The static server of bench/measure.mjs, behaving like a usual static host (nginx
// with gzip on): a folder serves its index.html, a Range request is answered with 206
// and the raw bytes, anything else gzip-compressed when the browser accepts it and that
// makes it smaller. With { range: false } it is the worst host, `python3 -m http.server`:
// Range ignored (200 and the whole file), nothing compressed. It counts what it sends: every
// request (path, status, body bytes) and the bytes written to the sockets (headers
// included), and knows when the network is quiet.
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { gzipSync } from "node:zlib";
import { extname, join, normalize, sep } from "node:path";

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

/** Serves `siteDir` on 127.0.0.1 at a free port. */
export async function startServer(siteDir, { range: ranges = true } = {}) {
  const root = normalize(siteDir + sep);
  let inflight = 0;
  let lastActivity = Date.now();
  const stats = { log: [] };
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
    stats.log.push(entry);
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
      if (ranges && range && (range[1] || range[2])) {
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
      if (!ranges) return send(200, bytes, { "content-type": type });
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
  return {
    origin: `http://127.0.0.1:${server.address().port}`,
    /** The requests since the last call. */
    take() {
      const log = stats.log;
      stats.log = [];
      return log;
    },
    wire: () => closedBytes + [...sockets].reduce((n, s) => n + s.bytesWritten, 0),
    /** Resolves once nothing is in flight and nothing has started for `quiet` ms. */
    async quiet(ms = 500, limit = 60_000) {
      const t0 = Date.now();
      while (inflight > 0 || Date.now() - lastActivity < ms) {
        if (Date.now() - t0 > limit) throw new Error(`the network did not fall quiet within ${limit} ms`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    close: () => new Promise((r) => server.close(r)),
  };
}

