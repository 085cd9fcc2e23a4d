// raw() for packs.js over an exported search/ folder on disk, as a host
// would serve it: answering ranges (206) or, like `python3 -m http.server`,
// ignoring them (200 with the whole file). Records every request.
import { readFileSync } from "node:fs";
import { join } from "node:path";

export function fileRaw(dir, { ranges = true, log = [] } = {}) {
  const raw = async (path, range) => {
    const bytes = new Uint8Array(readFileSync(join(dir, path)));
    if (range && ranges) {
      const out = bytes.slice(range[0], range[1] + 1);
      log.push({ path, range, bytes: out.length });
      return { status: 206, bytes: out };
    }
    log.push({ path, range: null, bytes: bytes.length });
    return { status: 200, bytes };
  };
  raw.log = log;
  return raw;
}
