// raw() for packs.js over an exported search/ folder on disk, as a host
// would serve it: answering ranges (206) or, like `python3 -m http.server`,
// ignoring them (200 with the whole file). Logs every request: the path, the
// range asked for, the status and the bytes sent.
import { closeSync, openSync, readFileSync, readSync } from "node:fs";
import { join } from "node:path";

export function fileRaw(dir, { ranges = true, log = [] } = {}) {
  const raw = async (path, range) => {
    if (range && ranges) {
      const fd = openSync(join(dir, path), "r");
      try {
        const out = new Uint8Array(range[1] + 1 - range[0]);
        const n = readSync(fd, out, 0, out.length, range[0]);
        log.push({ path, range, status: 206, bytes: n });
        return { status: 206, bytes: out.subarray(0, n) };
      } finally {
        closeSync(fd);
      }
    }
    const bytes = new Uint8Array(readFileSync(join(dir, path)));
    log.push({ path, range, status: 200, bytes: bytes.length });
    return { status: 200, bytes };
  };
  raw.log = log;
  return raw;
}
