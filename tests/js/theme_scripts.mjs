// Where the tests load the theme's scripts from: the sources by default, or the
// minified copies a build publishes when XXGK_STATIC points at a site's static/
// folder (tests/all.sh runs the tests both ways).
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export const staticDir =
  process.env.XXGK_STATIC ?? fileURLToPath(new URL("../../themes/default/static", import.meta.url));

export const scriptUrl = (rel) => pathToFileURL(join(staticDir, rel)).href;
export const scriptPath = (rel) => join(staticDir, rel);
