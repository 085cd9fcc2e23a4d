// A tiny static server for the built site, behaving like the nginx configuration in the
// README (`try_files $uri $uri/ =404; error_page 404 /404.html;`): a folder without
// its slash is redirected, a folder serves its index.html, anything else missing is
// answered with status 404 and the site's own 404.html.
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

/** Starts serving `root` on 127.0.0.1 at a free port; resolves to { url, close }. */
export async function serve(root) {
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
      return send(200, await readFile(file), type);
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
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(resolve);
      }),
  };
}
