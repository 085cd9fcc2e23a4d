// A tiny static server for the built site, behaving like the nginx configuration in the
// README (`try_files $uri $uri/ =404; error_page 404 /404.html;`): a folder without
// its slash is redirected, a folder serves its index.html, anything else missing is
// answered with status 404 and the site's own 404.html. Like nginx it answers
// `Range: bytes=a-b` with 206 (416 past the end), and several ranges
// (`bytes=a-b,c-d`) with 206 multipart/byteranges; `serve(root, { ranges: false })`
// ignores Range and sends the whole file with 200, as `python3 -m http.server` does.
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
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
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".pdf": "application/pdf",
  ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  ".doc": "application/msword",
  ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  ".wasm": "application/wasm",
};

async function isFile(path) {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

async function isDir(path) {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

/** [start, end) of a `bytes=a-b`, `bytes=a-` or `bytes=-n` range, "bad", or null. */
function oneRange(spec, size) {
  const m = /^(\d*)-(\d*)$/.exec(spec.trim());
  if (!m || (m[1] === "" && m[2] === "")) return null;
  if (m[1] === "") return [Math.max(0, size - +m[2]), size];
  const start = +m[1];
  const end = m[2] === "" ? size : Math.min(size, +m[2] + 1);
  return start < size && start < end ? [start, end] : "bad";
}

/** The ranges [start, end) of a Range header (one or several), "bad", or null. */
function byteRanges(header, size) {
  const m = /^bytes=(.+)$/.exec(header || "");
  if (!m) return null;
  const all = m[1].split(",").map((spec) => oneRange(spec, size));
  if (all.some((r) => r === null)) return null;
  const good = all.filter((r) => r !== "bad");
  return good.length ? good : "bad";
}

const BOUNDARY = "00000000000000000001";

/** Starts serving `root` on 127.0.0.1 at a free port; resolves to { url, close, requests }. */
export async function serve(root, { ranges = true } = {}) {
  const requests = [];
  const base = normalize(root + sep);
  const server = createServer(async (req, res) => {
    const send = (status, body, type, headers = {}) => {
      res.writeHead(status, { "content-type": type, ...headers });
      res.end(req.method === "HEAD" ? undefined : body);
    };
    const notFound = async () => {
      const page = await readFile(join(base, "404.html")).catch(() => "404 Not Found");
      send(404, page, TYPES[".html"]);
    };
    if (req.method !== "GET" && req.method !== "HEAD") {
      return send(405, "", TYPES[".txt"], { allow: "GET, HEAD" });
    }
    let path;
    try {
      path = decodeURIComponent(new URL(req.url, "http://127.0.0.1").pathname);
    } catch {
      return send(400, "bad request", TYPES[".txt"]);
    }
    const file = normalize(join(base, path));
    if (!file.startsWith(base) && file + sep !== base) return notFound();
    if (path.endsWith("/")) {
      const index = join(file, "index.html");
      if (await isFile(index)) {
        return send(200, await readFile(index), TYPES[".html"]);
      }
      return notFound();
    }
    if (await isFile(file)) {
      const type = TYPES[extname(file).toLowerCase()] ?? "application/octet-stream";
      const body = await readFile(file);
      const range = ranges ? byteRanges(req.headers.range, body.length) : null;
      requests.push({ path, range: req.headers.range || null, status: range === "bad" ? 416 : range ? 206 : 200 });
      if (range === "bad") {
        return send(416, "", TYPES[".txt"], { "content-range": `bytes */${body.length}` });
      }
      if (range && range.length === 1) {
        const [[start, end]] = range;
        return send(206, body.subarray(start, end), type, {
          "content-range": `bytes ${start}-${end - 1}/${body.length}`,
          "accept-ranges": "bytes",
        });
      }
      if (range) {
        const chunks = [];
        for (const [start, end] of range) {
          chunks.push(Buffer.from(`\r\n--${BOUNDARY}\r\nContent-Type: ${type}\r\nContent-Range: bytes ${start}-${end - 1}/${body.length}\r\n\r\n`));
          chunks.push(body.subarray(start, end));
        }
        chunks.push(Buffer.from(`\r\n--${BOUNDARY}--\r\n`));
        return send(206, Buffer.concat(chunks), `multipart/byteranges; boundary=${BOUNDARY}`, { "accept-ranges": "bytes" });
      }
      return send(200, body, type, ranges ? { "accept-ranges": "bytes" } : {});
    }
    if (await isDir(file)) {
      return send(301, "", TYPES[".txt"], { location: encodeURI(path) + "/" });
    }
    return notFound();
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(resolve);
      }),
  };
}
