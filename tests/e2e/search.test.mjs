// The /search/ page of the demo portal as a resident uses it, in headless Chromium:
// a query from the address and from the box (keyboard), highlighted hits, refining by a
// facet, a 文号 typed with [] finding the document numbered with 〔〕, the no-results
// state and sorting by date. Its accessibility and 360 px layout in every view are
// checked with the other pages (pages.mjs: search-results, search-none).
// The expected figures are the demo content's (`xxgk search 就业 --json --today 2026-11-23`).
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import * as h from "./harness.mjs";
import { serve } from "./server.mjs";

const QUERY = "就业";
/** Documents of the demo portal that mention 就业, 17 of them from 2026, 3 in the 就业 column. */
const TOTAL = 25;
const YEAR_2025 = 8;
const PAGE_SIZE = 10;

const skip = h.chromiumMissing();

describe("site search in headless Chromium", { skip: skip ?? false }, () => {
  let server, browser, context, page, seen;

  before(async () => {
    server = await serve(h.builtSite());
    browser = await h.launch();
  });

  after(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
  });

  async function fresh() {
    await context?.close();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    seen = h.watch(page, server.url);
  }

  /** The status line once the search has answered (it says 正在搜索… meanwhile). */
  async function settled() {
    const status = page.locator("#search-status");
    await page.waitForFunction(() => {
      const t = document.getElementById("search-status").textContent;
      return t && !t.includes("正在搜索");
    });
    return status.innerText();
  }

  async function openSearch(params) {
    await page.goto(`${server.url}/search/?${new URLSearchParams(params)}`);
    return settled();
  }

  /** What each shown hit displays: title, its marks, snippet marks, date, column, 文号. */
  function hits() {
    return page.locator("#search-results > li:not(.search-empty)").evaluateAll((lis) =>
      lis.map((li) => ({
        title: li.querySelector("h3").innerText,
        href: li.querySelector("h3 a").getAttribute("href"),
        marks: [...li.querySelectorAll("h3 mark, .search-snippet mark")].map((m) => m.textContent),
        date: li.querySelector("time").getAttribute("datetime"),
        column: li.querySelector(".search-meta span")?.textContent ?? "",
        docNumber: li.querySelector(".search-doc-number")?.textContent ?? "",
        docNumberMarks: [...li.querySelectorAll(".search-doc-number mark")].map((m) => m.textContent),
      })),
    );
  }

  /** Every hit across the result pages, following 下一页 as a reader would. */
  async function allHits() {
    const out = [];
    for (let n = 1; n <= 10; n++) {
      out.push(...(await hits()));
      const next = page.locator("#search-pages a[rel=next]");
      if ((await next.count()) === 0) return out;
      await next.click();
      await page.waitForURL(`**page=${n + 1}*`);
      await page.locator(`#search-pages [aria-current=page]:text-is("${n + 1}")`).waitFor();
    }
    throw new Error("more than 10 result pages");
  }

  function assertClean(where) {
    assert.deepEqual(seen.foreign, [], `${where}: requests to other hosts`);
    assert.deepEqual(seen.errors, [], `${where}: console errors or CSP refusals`);
  }

  test("?q=就业: the count, every hit highlighted, pages adding up to the count", { timeout: 60_000 }, async () => {
    await fresh();
    const status = await openSearch({ q: QUERY });
    assert.match(status, new RegExp(`找到 ${TOTAL} 条与“${QUERY}”相关的结果，第 1/3 页`));
    const first = await hits();
    assert.equal(first.length, PAGE_SIZE, "a full first page");
    assert.equal(await page.locator("#search-q").inputValue(), QUERY, "the box shows the query");
    const every = await allHits();
    assert.equal(every.length, TOTAL, "the pages together hold the count announced");
    assert.equal(new Set(every.map((x) => x.href)).size, TOTAL, "no document twice");
    for (const x of every) {
      assert.ok(x.marks.length > 0, `"${x.title}": the query is highlighted in its title or snippet`);
      for (const m of x.marks) assert.equal(m, QUERY, `"${x.title}": only the query is highlighted`);
    }
    assert.match(await page.title(), /就业/);
    assertClean("?q=就业");
  });

  test("typed into the box and submitted with Enter; the back button returns", { timeout: 60_000 }, async () => {
    await fresh();
    const empty = await openSearch({});
    assert.match(empty, /请输入关键词/);
    assert.equal(await page.locator("#search-results > li").count(), 0);
    // Tab from the page's start reaches the box (after the header's own search form).
    for (let i = 0; i < 30; i++) {
      await page.keyboard.press("Tab");
      if (await page.evaluate(() => document.activeElement.id === "search-q")) break;
    }
    assert.equal(await page.evaluate(() => document.activeElement.id), "search-q", "the box is reached by Tab");
    await page.keyboard.type(QUERY);
    await page.keyboard.press("Enter");
    await page.waitForURL(`**/search/?q=${encodeURIComponent(QUERY)}`);
    assert.match(await settled(), new RegExp(`找到 ${TOTAL} 条`));
    assert.equal((await hits()).length, PAGE_SIZE);
    await page.goBack();
    assert.match(await settled(), /请输入关键词/, "back to the empty page");
    assert.equal(await page.locator("#search-results > li").count(), 0);
    assertClean("typed query");
  });

  test("a facet refines: the count drops to the facet's number and every hit belongs to it", { timeout: 60_000 }, async () => {
    await fresh();
    await openSearch({ q: QUERY });
    // 年份 2025: the facet link announces its own count.
    const year = page.locator("#search-facets a", { hasText: /^2025年（\d+）$/ });
    const yearCount = Number((await year.innerText()).match(/（(\d+)）/)[1]);
    assert.equal(yearCount, YEAR_2025);
    await year.click();
    await page.waitForURL("**year=2025*");
    assert.match(await settled(), new RegExp(`找到 ${yearCount} 条`));
    let shown = await hits();
    assert.equal(shown.length, yearCount, "one page holds the refined results");
    for (const x of shown) assert.ok(x.date.startsWith("2025-"), `"${x.title}" dated ${x.date} is from 2025`);
    assert.match(await page.locator("#search-active").innerText(), /年份：2025年/, "the filter is shown, removable");
    assert.equal(await page.locator("#search-facets a[aria-current=true]").innerText(), `2025年（${yearCount}）`);

    // Remove it again, then refine by the 就业 column instead.
    await page.locator("#search-active a").click();
    assert.match(await settled(), new RegExp(`找到 ${TOTAL} 条`));
    const column = page.locator("#search-facets section", { hasText: "栏目" }).locator("a", { hasText: /^就业（\d+）$/ });
    const columnCount = Number((await column.innerText()).match(/（(\d+)）/)[1]);
    assert.ok(columnCount > 0 && columnCount < TOTAL, `column facet count ${columnCount}`);
    await column.click();
    await page.waitForURL("**column=*");
    assert.match(await settled(), new RegExp(`找到 ${columnCount} 条`));
    shown = await hits();
    assert.equal(shown.length, columnCount);
    for (const x of shown) {
      assert.equal(x.column, "就业", `"${x.title}" is in the 就业 column`);
      assert.ok(x.href.startsWith("/fdzdgknr/zdly/jy/"), `"${x.title}" lives under the column: ${x.href}`);
    }
    assertClean("facets");
  });

  test("主题分类 offers both levels, and 公文种类 and 机关代字 refine", { timeout: 60_000 }, async () => {
    await fresh();
    await openSearch({ q: QUERY });
    const facet = (title) => page.locator("#search-facets section", { has: page.locator("h2", { hasText: new RegExp(`^${title}$`) }) });
    const count = async (link) => Number((await link.innerText()).match(/（(\d+)）$/)[1]);
    // A sub-topic sits indented under its top-level topic, which counts it too.
    const topics = facet("主题分类");
    const sub = topics.locator("li.search-facet-sub a", { hasText: /^劳动就业（\d+）$/ });
    const top = topics.locator("li:not(.search-facet-sub) a", { hasText: /^劳动、人事、监察（\d+）$/ });
    const subCount = await count(sub);
    assert.ok(subCount > 0 && (await count(top)) >= subCount, "top-level count includes the sub-topic's");
    await sub.click();
    await page.waitForURL("**topic=*");
    assert.match(await settled(), new RegExp(`找到 ${subCount} 条`));
    assert.match(await page.locator("#search-active").innerText(), /主题分类：劳动、人事、监察\\劳动就业/);
    // 机关代字: every hit's 文号 is the organ's.
    await page.locator("#search-active a").click();
    await settled();
    const organ = facet("机关代字").locator("a", { hasText: /^示政办（\d+）$/ });
    const organCount = await count(organ);
    await organ.click();
    await page.waitForURL("**organ=*");
    assert.match(await settled(), new RegExp(`找到 ${organCount} 条`));
    const shown = await hits();
    assert.ok(shown.length > 0);
    for (const x of shown) assert.ok(x.docNumber && x.docNumber.startsWith("示政办〔"), `"${x.title}": ${x.docNumber}`);
    // 公文种类 is offered alongside.
    assert.ok((await facet("公文种类").locator("a", { hasText: /^通知（\d+）$/ }).count()) === 1, "通知 offered");
    assertClean("two-level topics, 公文种类, 机关代字");
  });

  test("文号 typed as 示政办[2026]3号 puts the document numbered 示政办〔2026〕3号 first", { timeout: 60_000 }, async () => {
    await fresh();
    const status = await openSearch({ q: "示政办[2026]3号" });
    assert.match(status, /找到 \d+ 条/);
    const [top, ...rest] = await hits();
    assert.equal(top.docNumber, "示政办〔2026〕3号");
    assert.equal(top.title, "示例县人民政府办公室关于印发示例县促进稳岗就业若干措施的通知");
    assert.deepEqual(top.docNumberMarks, ["示政办〔2026〕3号"], "the 文号 shown is highlighted");
    for (const x of rest) assert.notEqual(x.docNumber, "示政办〔2026〕3号", "the document is listed once");
    assertClean("文号");
  });

  /** The related blocks shown after the exact results: heading and hit titles. */
  function relatedBlocks() {
    return page.locator("#search-related .search-related-block").evaluateAll((sections) =>
      sections.map((s) => ({
        heading: s.querySelector("h2").innerText,
        titles: [...s.querySelectorAll("li h3")].map((h) => h.innerText),
        more: s.querySelector("p a").getAttribute("href"),
      })),
    );
  }

  // Issue 19: what residents type, typed into the box; the intended document is
  // in a related block whose heading says why.
  for (const [typed, heading, title] of [
    ["低保", "“低保”即“最低生活保障”", "示例县最低生活保障办事指南"],
    ["dibao", "拼音“dibao”：“低保”即“最低生活保障”", "示例县最低生活保障办事指南"],
    ["临时求助", "“临时求助”是不是“临时救助”", "示例县人民政府办公室关于印发示例县临时救助实施办法的通知"],
    ["示政办2026 3号", "按文号“示政办〔2026〕3号”", "示例县人民政府办公室关于印发示例县促进稳岗就业若干措施的通知"],
    ["如何申请低保", "略去“如何”“申请”，“低保”即“最低生活保障”", "示例县最低生活保障办事指南"],
    ["高龄津贴怎么领", "略去“怎么”“领”", "示例县高龄津贴申领办事指南"],
    ["地保", "“地保”是不是“低保”", "示例县民政局关于城关镇部分低保家庭经济状况复核情况的报告"],
  ]) {
    test(`typed ${typed}: a related block “${heading}” lists ${title}`, { timeout: 60_000 }, async () => {
      await fresh();
      await openSearch({});
      await page.locator("#search-q").fill(typed);
      await page.keyboard.press("Enter");
      const status = await settled();
      assert.match(status, /组相关结果列在后面/, status);
      const blocks = await relatedBlocks();
      const block = blocks.find((b) => b.heading.startsWith(`相关结果：${heading}（`));
      assert.ok(block, `no block “${heading}” in ${JSON.stringify(blocks.map((b) => b.heading))}`);
      assert.ok(block.titles.includes(title), `${title} not in ${JSON.stringify(block.titles)}`);
      assert.match(block.more, /[?&]q=/, "the block links to its own search (二次搜索 there)");
      assertClean(typed);
    });
  }

  // Did you mean by sound and the pinyin of a title word (the portal's vocabulary).
  for (const [typed, heading, title] of [
    ["林时就助", "“林时就助”是不是“临时救助”", "示例县人民政府办公室关于印发示例县临时救助实施办法的通知"],
    ["gaolingjintie", "拼音“gaolingjintie”：“高龄津贴”", "示例县高龄津贴申领办事指南"],
  ]) {
    test(`typed ${typed}: the portal's own word “${heading}” lists ${title}`, { timeout: 60_000 }, async () => {
      await fresh();
      await openSearch({ q: typed });
      const blocks = await relatedBlocks();
      const block = blocks.find((b) => b.heading.startsWith(`相关结果：${heading}（`));
      assert.ok(block, `no block “${heading}” in ${JSON.stringify(blocks.map((b) => b.heading))}`);
      assert.ok(block.titles.includes(title), `${title} not in ${JSON.stringify(block.titles)}`);
      assertClean(typed);
    });
  }

  test("suggestions under the box: none fetched on load, chosen with the keyboard, accessible", { timeout: 60_000 }, async () => {
    await fresh();
    const asked = [];
    page.on("request", (r) => asked.push(new URL(r.url()).pathname));
    await openSearch({});
    // The vocabulary shards are read from the packs (a Range of a pack-*.bin).
    assert.ok(!asked.some((p) => /suggest\.js$|\/pack-\d+-\d+\.bin$/.test(p)), `fetched on load: ${asked}`);
    const box = page.locator("#search-q");
    await box.focus();
    await page.keyboard.type("高龄");
    const list = page.locator("#search-suggest");
    await list.locator("[role=option]").first().waitFor();
    assert.equal(await box.getAttribute("aria-expanded"), "true");
    assert.equal(await list.getAttribute("role"), "listbox");
    const options = await list.locator("[role=option]").allInnerTexts();
    assert.ok(options.includes("高龄津贴"), JSON.stringify(options));
    assert.ok(options.every((o) => o.startsWith("高龄")), JSON.stringify(options));
    assert.ok(asked.some((p) => /\/pack-\d+-\d+\.bin$/.test(p)), "one vocabulary shard once typed");
    // A finger-sized target.
    const tall = await list.locator("[role=option]").first().evaluate((li) => li.getBoundingClientRect().height);
    assert.ok(tall >= 44, `option ${tall}px tall`);
    const target = options.indexOf("高龄津贴");
    for (let i = 0; i <= target; i++) await page.keyboard.press("ArrowDown");
    const active = await box.getAttribute("aria-activedescendant");
    assert.equal(await page.locator(`#${active}`).innerText(), "高龄津贴");
    assert.equal(await page.locator(`#${active}`).getAttribute("aria-selected"), "true");
    await page.keyboard.press("Enter");
    await page.waitForURL(`**/search/?q=${encodeURIComponent("高龄津贴")}`);
    assert.match(await settled(), /找到 \d+ 条与“高龄津贴”相关的结果/);
    assert.ok((await hits()).some((x) => x.title === "示例县高龄津贴申领办事指南"));
    assert.equal(await list.isHidden(), true, "the list closes once chosen");
    // Escape closes it without searching.
    await box.fill("");
    await page.keyboard.type("临时");
    await list.locator("[role=option]").first().waitFor();
    await page.keyboard.press("Escape");
    assert.equal(await list.isHidden(), true);
    assert.equal(await box.getAttribute("aria-expanded"), "false");
    assertClean("suggestions");
  });

  test("热词 under the box are links that run their search", { timeout: 60_000 }, async () => {
    await fresh();
    await openSearch({});
    const hot = page.locator(".search-hot a");
    assert.deepEqual(await hot.allInnerTexts(), ["低保", "养老服务补贴", "高龄津贴", "临时救助", "义务教育"]);
    await hot.filter({ hasText: "临时救助" }).click();
    await page.waitForURL(`**/search/?q=${encodeURIComponent("临时救助")}`);
    assert.match(await settled(), /找到 \d+ 条与“临时救助”相关的结果/);
    assertClean("热词");
  });

  test("no results: a clear message with suggestions, no facets, no pages", { timeout: 60_000 }, async () => {
    await fresh();
    const status = await openSearch({ q: "量子纠缠区块链" });
    assert.equal(status, "没有找到与“量子纠缠区块链”相关的结果。");
    assert.deepEqual(await hits(), []);
    const advice = page.locator("#search-results > li.search-empty");
    assert.ok(await advice.isVisible(), "the advice is shown");
    assert.match(await advice.innerText(), /错别字.*减少或更换关键词/);
    assert.equal(await page.locator("#search-facets a").count(), 0, "no facets");
    assert.equal(await page.locator("#search-pages a").count(), 0, "no pagination");
    assertClean("no results");
  });

  test("sorting by date lists the newest first, on every page", { timeout: 60_000 }, async () => {
    await fresh();
    await openSearch({ q: QUERY });
    const relevance = (await hits()).map((x) => x.date);
    await page.locator("#search-sort").selectOption("date");
    await page.waitForURL("**sort=date*");
    assert.match(await settled(), new RegExp(`找到 ${TOTAL} 条`));
    assert.equal(await page.locator("#search-sort").inputValue(), "date");
    const dates = (await allHits()).map((x) => x.date);
    assert.equal(dates.length, TOTAL);
    const sorted = [...dates].sort().reverse();
    assert.deepEqual(dates, sorted, "dates never increase");
    assert.equal(dates[0], "2026-11-06", "the newest document mentioning 就业 comes first");
    assert.notDeepEqual(relevance, dates.slice(0, PAGE_SIZE), "relevance order differs from date order");
    // Reloading keeps the order: it lives in the address.
    await page.reload();
    await settled();
    assert.equal(await page.locator("#search-sort").inputValue(), "date");
    assertClean("sort by date");
  });
});

// The search data lies in pack files read with Range requests; a host that ignores
// Range (python3 -m http.server) answers with whole packs, which the page detects.
describe("the same search from a host that serves ranges and from one that ignores them", { skip: skip ?? false }, () => {
  let ranged, plain, browser;

  before(async () => {
    const site = h.builtSite();
    ranged = await serve(site);
    plain = await serve(site, { ranges: false });
    browser = await h.launch();
  });

  after(async () => {
    await browser?.close();
    await ranged?.close();
    await plain?.close();
  });

  /** The status line and every shown hit (title, link, snippet) of one search. */
  async function answer(server, params) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const seen = h.watch(page, server.url);
    await page.goto(`${server.url}/search/?${new URLSearchParams(params)}`);
    await page.waitForFunction(() => {
      const t = document.getElementById("search-status").textContent;
      return t && !t.includes("正在搜索");
    });
    const status = await page.locator("#search-status").innerText();
    const shown = await page.locator("#search-results > li, #search-related li").evaluateAll((lis) =>
      lis.map((li) => li.innerText),
    );
    const facets = await page.locator("#search-facets").innerText();
    assert.deepEqual(seen.errors, [], "no console errors");
    await context.close();
    return { status, shown, facets };
  }

  const searches = [{ q: QUERY }, { q: QUERY, year: "2025" }, { q: "示政办[2026]3号" }, { q: "低保" }, { q: QUERY, page: "2", sort: "date" }];
  for (const params of searches) {
    test(`${new URLSearchParams(params)}: the same answer either way`, { timeout: 60_000 }, async () => {
      const a = await answer(ranged, params);
      const b = await answer(plain, params);
      assert.match(a.status, /找到 \d+ 条/);
      assert.deepEqual(b, a);
    });
  }

  test("the ranged host was asked for ranges of the packs and answered 206; the other sent whole packs", () => {
    const packs = (s) => s.requests.filter((r) => /\/pack-\d+-\d+\.bin$/.test(r.path));
    assert.ok(packs(ranged).length > 0 && packs(ranged).every((r) => r.status === 206), JSON.stringify(packs(ranged).slice(0, 5)));
    assert.ok(packs(plain).length > 0 && packs(plain).every((r) => r.status === 200));
    // After its first answer the page stops asking that host for ranges: at most one
    // ranged request per page load, and each pack at most once more per page load.
    const loads = searches.length;
    assert.ok(packs(plain).filter((r) => r.range).length <= loads, `${packs(plain).filter((r) => r.range).length} ranged asks`);
  });
});
