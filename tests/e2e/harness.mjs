// What the browser suite stands on: the built demo portal, Debian's Chromium driven by
// playwright-core (never a downloaded browser), axe-core, and the artifacts folder.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
export const REPO = resolve(here, "../..");
export const ARTIFACTS = join(REPO, "tests/artifacts");
/** The date the demo portal is built on, so that expiry and pins are reproducible. */
export const TODAY = "2026-11-23";

export const CHROMIUM = process.env.XXGK_CHROMIUM || "/usr/bin/chromium";
export const IN_CI = process.env.CI === "true";

/**
 * Why the browser tests cannot run here, or null. In CI a missing browser is an error,
 * not a reason to skip.
 */
export function chromiumMissing() {
  if (existsSync(CHROMIUM)) return null;
  const why = `Chromium not found at ${CHROMIUM} (install Debian's chromium: apt-get install -y chromium, or set XXGK_CHROMIUM)`;
  if (IN_CI) throw new Error(`CI=true and the browser tests cannot run: ${why}`);
  const bar = "!".repeat(78);
  console.error(`\n${bar}\n!! BROWSER TESTS SKIPPED: ${why}\n${bar}\n`);
  return why;
}

/**
 * The built demo portal: $XXGK_SITE if set (tests/all.sh builds it once), otherwise
 * built here with cargo into a temporary folder.
 */
export function builtSite() {
  const given = process.env.XXGK_SITE;
  if (given) {
    if (!existsSync(join(given, "index.html"))) {
      throw new Error(`XXGK_SITE=${given} holds no index.html: build the demo portal first`);
    }
    return given;
  }
  const out = join(mkdtempSync(join(tmpdir(), "xxgk-e2e-")), "site");
  const run = spawnSync(
    "cargo",
    ["run", "-q", "--", "build", "--today", TODAY, "--out", out],
    { cwd: REPO, stdio: ["ignore", "inherit", "inherit"] },
  );
  if (run.status !== 0) throw new Error(`building the demo portal failed (exit ${run.status})`);
  return out;
}

/** Flags that keep Chromium off the network it has no business with (closed here). */
const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--font-render-hinting=none",
];

export async function launch() {
  const { chromium } = await import("playwright-core");
  // Playwright gives every launch a fresh, empty --user-data-dir.
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
export const WCAG21AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/**
 * Runs axe-core in the page at WCAG 2.1 AA. It is injected through the DevTools
 * protocol, which the page's CSP (no inline script) does not govern.
 */
export async function axe(page) {
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async (tags) => {
    const r = await window.axe.run(document, {
      runOnly: { type: "tag", values: tags },
      resultTypes: ["violations"],
    });
    return {
      violations: r.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.map((n) => `${n.target.join(" ")}: ${n.failureSummary}`),
      })),
      incomplete: r.incomplete.map((v) => v.id),
      passes: r.passes.length,
    };
  }, WCAG21AA);
}

export function describeViolations(violations) {
  return violations
    .map((v) => `[${v.impact}] ${v.id}: ${v.help}\n    ${v.nodes.slice(0, 5).join("\n    ")}`)
    .join("\n");
}

export function artifact(name) {
  mkdirSync(ARTIFACTS, { recursive: true });
  return join(ARTIFACTS, name);
}

/**
 * Watches a page for what a resident must never meet: requests leaving the local
 * server, script errors, CSP refusals, dialogs and pop-up windows.
 */
export function watch(page, origin) {
  const seen = { foreign: [], errors: [], dialogs: [], popups: [] };
  page.on("request", (r) => {
    const u = r.url();
    if (!u.startsWith(origin + "/") && !u.startsWith("data:") && !u.startsWith("blob:")) {
      seen.foreign.push(u);
    }
  });
  page.on("pageerror", (e) => seen.errors.push(`pageerror: ${e.message}`));
  let notFoundPage = false;
  page.on("response", (r) => {
    if (r.request().isNavigationRequest() && r.frame() === page.mainFrame()) {
      notFoundPage = r.status() === 404;
    }
  });
  page.on("console", (m) => {
    // The 404 page's own status is reported as a failed load; that is the point of it.
    const own404 = notFoundPage && /status of 404/.test(m.text());
    if (m.type() === "error" && !own404) seen.errors.push(`${m.text()} (${m.location().url})`);
  });
  page.on("dialog", (d) => {
    seen.dialogs.push(d.message());
    d.dismiss().catch(() => {});
  });
  page.on("popup", (p) => seen.popups.push(p.url()));
  return seen;
}

/** Every .html file of the built site, as paths relative to it ("fdzdgknr/index.html"). */
export function htmlFiles(site) {
  const out = [];
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith(".html")) out.push(relative(site, p).split("\\").join("/"));
    }
  };
  walk(site);
  return out.sort();
}
