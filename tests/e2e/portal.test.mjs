// The demo portal as a resident meets it, in Debian's headless Chromium: every page type
// passes axe-core at WCAG 2.1 AA with zero violations on a desktop, on a 360 px phone
// and in 长者模式; it fits a 360 px screen; it asks nothing of any other host; it can be
// used with the keyboard alone, with JavaScript off and on paper.
// Run: tests/all.sh, or `npm test` here (XXGK_SITE=<built site> to skip the build).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import * as h from "./harness.mjs";
import { PAGES, POLICY } from "./pages.mjs";
import { serve } from "./server.mjs";

const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 360, height: 740 };
const VIEWS = [
  { name: "desktop", viewport: DESKTOP },
  { name: "360", viewport: PHONE },
  { name: "elder", viewport: DESKTOP, elder: true },
  { name: "elder-360", viewport: PHONE, elder: true },
];
const ELDER_KEY = "xxgk-elder";

const skip = h.chromiumMissing();
let site;

before(() => {
  site = h.builtSite();
});

describe("demo portal in headless Chromium", { skip: skip ?? false }, () => {
  let server, browser;

  before(async () => {
    server = await serve(site);
    browser = await h.launch();
  });

  after(async () => {
    for (const v of views.values()) await v.context.close();
    await browser?.close();
    await server?.close();
  });

  /** A fresh browser context (own storage) with one page, watched. */
  async function newTab({ viewport = DESKTOP, elder = false, javaScript = true } = {}) {
    const context = await browser.newContext({ viewport, javaScriptEnabled: javaScript });
    if (elder) {
      await context.addInitScript((key) => localStorage.setItem(key, "1"), ELDER_KEY);
    }
    const page = await context.newPage();
    return { context, page, seen: h.watch(page, server.url) };
  }

  async function open(path, options) {
    const tab = await newTab(options);
    const response = await tab.page.goto(server.url + path, { waitUntil: "load" });
    return { ...tab, response };
  }

  // One tab per view, reused across the page list: a new context costs about a second,
  // a navigation a tenth of that.
  const views = new Map();
  async function openIn(view, path) {
    if (!views.has(view.name)) views.set(view.name, await newTab(view));
    const tab = views.get(view.name);
    for (const list of Object.values(tab.seen)) list.length = 0;
    const response = await tab.page.goto(server.url + path, { waitUntil: "load" });
    return { ...tab, response };
  }

  function assertClean(seen, where) {
    assert.deepEqual(seen.foreign, [], `${where}: requests to other hosts`);
    assert.deepEqual(seen.errors, [], `${where}: console errors or CSP refusals`);
    assert.deepEqual(seen.dialogs, [], `${where}: dialogs`);
    assert.deepEqual(seen.popups, [], `${where}: pop-up windows`);
  }

  async function assertAxeClean(page, where) {
    const r = await h.axe(page);
    assert.ok(r.passes > 10, `${where}: axe ran (${r.passes} rules passed)`);
    assert.equal(
      r.violations.length,
      0,
      `${where}: axe WCAG 2.1 AA violations:\n${h.describeViolations(r.violations)}`,
    );
  }

  /** Nothing wider than the screen: the page itself never scrolls sideways. */
  async function assertFitsWidth(page, where) {
    const m = await page.evaluate(() => {
      const de = document.documentElement;
      const hidden = [de, document.body].some(
        (e) => getComputedStyle(e).overflowX === "hidden" || getComputedStyle(e).overflowX === "clip",
      );
      // Wide content may scroll only inside a region a keyboard can reach and a screen
      // reader can name.
      const scrollers = [...document.querySelectorAll("body *")]
        .filter((e) => e.scrollWidth > e.clientWidth + 1)
        .filter((e) => ["auto", "scroll"].includes(getComputedStyle(e).overflowX))
        .map((e) => ({
          what: e.outerHTML.slice(0, 80),
          focusable: e.tabIndex >= 0,
          named:
            e.getAttribute("role") === "region" &&
            !!(e.getAttribute("aria-label") || e.getAttribute("aria-labelledby")),
        }));
      // What sticks out, for the failure message.
      const wide = [...document.querySelectorAll("body *")]
        .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 0.5)
        .filter((e) => !(e.parentElement.getBoundingClientRect().right > window.innerWidth + 0.5))
        .map((e) => `<${e.tagName.toLowerCase()} class="${e.className}"> ${Math.round(e.getBoundingClientRect().right)}px`)
        .slice(0, 3);
      return { scrollWidth: de.scrollWidth, width: window.innerWidth, hidden, scrollers, wide };
    });
    assert.equal(m.hidden, false, `${where}: overflow hidden on html/body would cut content off`);
    assert.ok(
      m.scrollWidth <= m.width,
      `${where}: page is ${m.scrollWidth}px wide on a ${m.width}px screen: ${m.wide.join(", ")}`,
    );
    for (const s of m.scrollers) {
      assert.ok(s.focusable && s.named, `${where}: scrolling box not a labelled, focusable region: ${s.what}`);
    }
  }

  /** Readable type: 16 px or more and a line height of 1.5 or more, everywhere in main. */
  async function assertReadable(page, where, minPx) {
    const small = await page.evaluate((min) => {
      const out = [];
      for (const e of document.querySelectorAll("main p, main li, main td, main th, main dd")) {
        const s = getComputedStyle(e);
        const size = parseFloat(s.fontSize);
        const lh = s.lineHeight === "normal" ? 1.2 * size : parseFloat(s.lineHeight);
        if (!e.textContent.trim() || e.closest(".visually-hidden")) continue;
        if (size < min - 0.01 || lh / size < 1.5 - 0.01) {
          out.push(`${e.tagName.toLowerCase()}.${e.className} ${size}px/${(lh / size).toFixed(2)}: ${e.textContent.trim().slice(0, 20)}`);
        }
      }
      return out.slice(0, 8);
    }, minPx);
    assert.deepEqual(small, [], `${where}: text below ${minPx}px or line height below 1.5`);
  }

  async function assertStill(page, where) {
    const moving = await page.evaluate(() => {
      const out = document.getAnimations().map((a) => String(a.animationName ?? a.constructor.name));
      for (const e of document.querySelectorAll("*")) {
        const s = getComputedStyle(e);
        if (s.animationName !== "none") out.push(`${e.tagName} animation ${s.animationName}`);
        if (s.transitionDuration.split(",").some((d) => parseFloat(d) > 0)) {
          out.push(`${e.tagName}.${e.className} transition`);
        }
      }
      return out.slice(0, 5);
    });
    assert.deepEqual(moving, [], `${where}: nothing on the page moves`);
  }

  for (const p of PAGES) {
    for (const v of VIEWS) {
      test(`${p.name} (${p.path}) ${v.name}: axe WCAG 2.1 AA clean, fits, local only`, { timeout: 60_000 }, async () => {
        const where = `${p.path} [${v.name}]`;
        const { page, seen, response } = await openIn(v, p.path);
        assert.equal(response.status(), p.status ?? 200, `${where}: HTTP status`);
        const h1 = await page.locator("main h1").first().innerText();
        assert.ok(h1.includes(p.h1), `${where}: heading "${h1}" should contain "${p.h1}"`);
        const elder = await page.evaluate(() => document.documentElement.classList.contains("elder"));
        assert.equal(elder, !!v.elder, `${where}: 长者模式 ${v.elder ? "on" : "off"}`);
        await assertAxeClean(page, where);
        await assertReadable(page, where, v.elder ? 20 : 16);
        if (v.viewport.width <= PHONE.width) await assertFitsWidth(page, where);
        if (v.name === "desktop") await assertStill(page, where);
        // Whole pages on desktop and phone; 长者模式 pages are long, their first screen tells.
        await page.screenshot({ path: h.artifact(`${p.name}-${v.name}.png`), fullPage: !v.elder });
        assertClean(seen, where);
      });
    }
  }

  test("404: a missing page answers 404 with the site's page; a folder without its slash is redirected", async () => {
    const missing = await fetch(`${server.url}/fdzdgknr/no-such-document/`);
    assert.equal(missing.status, 404);
    assert.match(await missing.text(), /页面不存在/);
    const folder = await fetch(`${server.url}/fdzdgknr`, { redirect: "manual" });
    assert.equal(folder.status, 301);
    assert.equal(folder.headers.get("location"), "/fdzdgknr/");
  });

  test("keyboard only: skip link, column navigation, a document, all with visible focus", { timeout: 120_000 }, async () => {
    const { context, page, seen } = await open("/");
    const focused = () =>
      page.evaluate(() => {
        const e = document.activeElement;
        const s = getComputedStyle(e);
        const r = e.getBoundingClientRect();
        return {
          id: e.id,
          text: (e.innerText ?? "").trim(),
          href: e.getAttribute("href"),
          inNav: !!e.closest("nav.site-nav"),
          inList: !!e.closest("main .doc-list"),
          ring: (s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2) || s.boxShadow !== "none",
          onScreen: r.bottom > 0 && r.top < window.innerHeight && r.width > 0,
        };
      });
    const tab = async () => {
      await page.keyboard.press("Tab");
      const f = await focused();
      assert.ok(f.ring, `focus on "${f.text || f.id}" has no visible indicator`);
      assert.ok(f.onScreen, `focused "${f.text || f.id}" is off screen`);
      return f;
    };
    try {
      // The first Tab lands on the skip link, shown on screen.
      let f = await tab();
      assert.equal(f.text, "跳到正文");
      // Through the header into the column navigation.
      for (let i = 0; i < 20 && !(f.inNav && f.text === "法定主动公开内容"); i++) f = await tab();
      assert.equal(f.text, "法定主动公开内容", "column reached by Tab through the navigation");
      await Promise.all([page.waitForURL("**/fdzdgknr/"), page.keyboard.press("Enter")]);
      assert.equal(await page.locator("main h1").innerText(), "法定主动公开内容");

      // On the column: skip link, Enter, and the next Tab is inside the content.
      f = await tab();
      assert.equal(f.text, "跳到正文");
      await page.keyboard.press("Enter");
      assert.equal((await focused()).id, "main", "skip link moves focus to the content");
      for (let i = 0; i < 40 && !f.inList; i++) f = await tab();
      assert.ok(f.inList, "a document link reached by Tab from the content start");
      await page.screenshot({ path: h.artifact("keyboard-focus.png") });
      const title = f.text;
      await Promise.all([page.waitForURL(`**${f.href}`), page.keyboard.press("Enter")]);
      assert.equal(await page.locator("main h1").innerText(), title);
      assertClean(seen, "keyboard journey");
    } finally {
      await context.close();
    }
  });

  test("长者模式: the switch enlarges text and raises contrast without reloading, and persists", { timeout: 120_000 }, async () => {
    const { context, page, seen } = await open(POLICY.path);
    const state = () =>
      page.evaluate((key) => {
        const p = document.querySelector("main .body p") ?? document.querySelector("main p");
        const btn = document.getElementById("elder-toggle");
        return {
          on: document.documentElement.classList.contains("elder"),
          size: parseFloat(getComputedStyle(p).fontSize),
          color: getComputedStyle(p).color,
          pressed: btn?.getAttribute("aria-pressed"),
          stored: localStorage.getItem(key),
          marker: window.__sameDocument === true,
        };
      }, ELDER_KEY);
    try {
      const toggle = page.getByRole("button", { name: "长者模式" });
      assert.ok(await toggle.isVisible(), "the switch is visible");
      const before = await state();
      assert.equal(before.on, false);
      assert.equal(before.pressed, "false");

      await page.evaluate(() => (window.__sameDocument = true));
      await toggle.focus();
      await page.keyboard.press("Enter");
      const on = await state();
      assert.equal(on.on, true);
      assert.equal(on.marker, true, "switching does not reload the page");
      assert.equal(on.pressed, "true");
      assert.equal(on.stored, "1");
      assert.ok(on.size >= before.size * 1.25, `text grows: ${before.size}px → ${on.size}px`);
      assert.equal(on.color, "rgb(0, 0, 0)", "body text is pure black in 长者模式");
      await assertAxeClean(page, "policy after switching 长者模式 on");

      // Persisted: the next page opens in 长者模式 before it is shown.
      const link = page.locator("main .interpretations a").first();
      await Promise.all([page.waitForURL("**/zcjd/**"), link.click()]);
      const next = await state();
      assert.equal(next.on, true, "长者模式 persists across navigation");
      assert.equal(next.pressed, "true");
      assert.ok(next.size >= on.size - 0.5, "the next page is large too");
      await page.screenshot({ path: h.artifact("elder-switched.png") });

      // And it switches off again, for good.
      await page.getByRole("button", { name: "长者模式" }).click();
      await page.reload();
      const off = await state();
      assert.equal(off.on, false);
      assert.equal(off.stored, "0");
      assertClean(seen, "elder switch");
    } finally {
      await context.close();
    }
  });

  test("JavaScript off: a policy document is complete and usable", { timeout: 120_000 }, async () => {
    const { context, page, seen, response } = await open(POLICY.path, { javaScript: false });
    try {
      assert.equal(response.status(), 200);
      assert.ok((await page.locator("main h1").innerText()).includes(POLICY.h1));
      const meta = page.locator("main table.metadata");
      assert.ok(await meta.isVisible(), "metadata block shown");
      assert.match(await meta.innerText(), /示政办〔2026〕11号/);
      assert.match(await meta.innerText(), /2026年6月12日/);
      assert.ok(await page.locator("main .body").isVisible());
      assert.match(await page.locator("main .body").innerText(), /第一条/);
      const files = page.locator("main .attachments a");
      assert.equal(await files.count(), 2, "both attachments listed");
      for (const href of await files.evaluateAll((as) => as.map((a) => a.getAttribute("href")))) {
        const r = await fetch(server.url + href);
        assert.equal(r.status, 200, `attachment ${href} downloads`);
      }
      assert.ok((await page.locator("main .interpretations a").count()) >= 1, "interpretations linked");
      assert.ok(await page.locator("nav.site-nav").isVisible(), "navigation shown");
      assert.ok(await page.locator("nav.breadcrumbs").isVisible(), "breadcrumbs shown");
      assert.equal(await page.locator("#elder-toggle").isVisible(), false, "a switch that cannot work is not offered");
      await page.screenshot({ path: h.artifact("policy-nojs.png"), fullPage: true });
      assertClean(seen, "JavaScript off");
    } finally {
      await context.close();
    }
    // axe needs JavaScript itself, so the page's own scripts are refused instead.
    const blocked = await browser.newContext({ viewport: DESKTOP });
    try {
      await blocked.route("**/*.js", (route) => route.abort());
      const page = await blocked.newPage();
      await page.goto(server.url + POLICY.path);
      assert.equal(await page.locator("#elder-toggle").isVisible(), false);
      await assertAxeClean(page, "policy without its scripts");
    } finally {
      await blocked.close();
    }
  });

  test("print: a document prints its metadata block and body, without navigation", { timeout: 120_000 }, async () => {
    const { context, page, seen } = await open(POLICY.path);
    try {
      await page.emulateMedia({ media: "print" });
      for (const sel of ["main h1", "main table.metadata", "main .body"]) {
        assert.ok(await page.locator(sel).first().isVisible(), `${sel} printed`);
      }
      for (const sel of [".site-header", "nav.site-nav", "nav.breadcrumbs", ".site-footer", ".skip-link", ".side-tree"]) {
        const n = page.locator(sel);
        if ((await n.count()) > 0) assert.equal(await n.first().isVisible(), false, `${sel} not printed`);
      }
      await page.screenshot({ path: h.artifact("policy-print.png"), fullPage: true });
      await page.pdf({ path: h.artifact("policy-print.pdf"), format: "A4" });
      assertClean(seen, "print");
    } finally {
      await context.close();
    }
  });

  test("every page of the site fits a 360 px screen in 长者模式, with no console errors", { timeout: 180_000 }, async () => {
    const pages = h
      .htmlFiles(site)
      .filter((f) => f === "index.html" || f.endsWith("/index.html"))
      .map((f) => "/" + f.slice(0, -"index.html".length));
    assert.ok(pages.length > 50, `crawled ${pages.length} pages`);
    // In 长者模式, the larger text makes this the narrowest a page gets.
    for (const view of VIEWS.filter((v) => v.name === "elder-360")) {
      for (const url of pages) {
        // The /page/1/ stubs send the reader on to the column's first page.
        const html = readFileSync(join(site, url, "index.html"), "utf8");
        if (html.includes('http-equiv="refresh"')) continue;
        const { page, seen, response } = await openIn(view, url);
        const where = `${url} [${view.name}]`;
        assert.equal(response.status(), 200, where);
        await assertFitsWidth(page, where);
        assertClean(seen, where);
      }
    }
  });
});

test("the built HTML carries the CSP, no inline script and no third-party addresses", () => {
  for (const where of h.htmlFiles(site)) {
    const html = readFileSync(join(site, where), "utf8");
    if (/http-equiv="refresh"/.test(html)) continue; // the /page/1/ redirect stubs
    assert.match(html, /<meta http-equiv="Content-Security-Policy" content="[^"]*script-src 'self'[^"]*"/, `${where}: CSP`);
    assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/, `${where}: inline script`);
    assert.doesNotMatch(html, /\son[a-z]+="/, `${where}: inline event handler`);
    assert.doesNotMatch(html, /\sstyle="/, `${where}: inline style (blocked by the CSP)`);
    for (const [, url] of html.matchAll(/\s(?:src|href)="(https?:\/\/[^"]*)"/g)) {
      assert.ok(url.startsWith("https://xxgk.example.gov.cn/"), `${where}: third-party address ${url}`);
    }
  }
});
