// raw() for packs.js over an exported search/ folder on disk, as a host
// would serve it: answering ranges (206) or, like `python3 -m http.server`,
// ignoring them (200 with the whole file). Several ranges in one request are
// answered with their parts (206 multipart/byteranges, as nginx does) or,
// with `multi: false`, like a host that serves one range only: 200 with the
// whole file. Logs every request: the path, the range(s) asked for, the
// status and the bytes sent.
import { closeSync, openSync, readFileSync, readSync } from "node:fs";
import { join } from "node:path";

export function fileRaw(dir, { ranges = true, multi = true, log = [] } = {}) {
  // multi: true (parts), false (the whole file, 200) or "refuse" (an error, as a 416).
  const read = (path, [first, last]) => {
    const fd = openSync(join(dir, path), "r");
    try {
      const out = new Uint8Array(last + 1 - first);
      const n = readSync(fd, out, 0, out.length, first);
      return out.subarray(0, n);
    } finally {
      closeSync(fd);
    }
  };
  const raw = async (path, range) => {
    const many = range && Array.isArray(range[0]);
    if (many && ranges && multi === "refuse") {
      log.push({ path, range, status: 416, bytes: 0 });
      throw new Error(`416 ${path}`);
    }
    if (range && ranges && (!many || multi === true)) {
      if (!many) {
        const bytes = read(path, range);
        log.push({ path, range, status: 206, bytes: bytes.length });
        return { status: 206, bytes };
      }
      const parts = range.map(([first, last]) => {
        const bytes = read(path, [first, last]);
        return { first, last: first + bytes.length - 1, bytes };
      });
      log.push({ path, range, status: 206, bytes: parts.reduce((n, p) => n + p.bytes.length, 0) });
      return { status: 206, bytes: new Uint8Array(0), parts };
    }
    const bytes = new Uint8Array(readFileSync(join(dir, path)));
    log.push({ path, range, status: 200, bytes: bytes.length });
    return { status: 200, bytes };
  };
  raw.log = log;
  return raw;
}
