// The /search/ page: reads the state from the URL (?q=&sort=&page=&column=
// &year=&issuer=&topic=&validity=&doc_type=&organ=), runs it with engine.js and renders.
// Every control is a link or a form field, so the page works by keyboard and
// the back button walks through refinements (二次搜索).

import { SearchEngine } from "./engine.js";
import { PackStore, httpRaw } from "./packs.js";

const PAGE_SIZE = 10;
const FACETS = [
  ["column", "栏目"],
  ["year", "年份"],
  ["issuer", "发布机构"],
  ["topic", "主题分类"],
  ["validity", "有效性"],
  ["doc_type", "公文种类"],
  ["organ", "机关代字"],
];
const FILTERS = FACETS.map(([k]) => k);

const base = (document.body.dataset.base || "/").replace(/\/?$/, "/");
// The search data: a few pack files read with Range requests (packs.js).
const store = new PackStore(httpRaw(base));
const engine = new SearchEngine(store.fetch, store);

const $ = (id) => document.getElementById(id);
const form = $("search-form");
const input = $("search-q");
const sortSelect = $("search-sort");
const within = $("search-within");
const status = $("search-status");
const list = $("search-results");
const facetsBox = $("search-facets");
const activeBox = $("search-active");
const pages = $("search-pages");
const relatedBox = $("search-related");
// Hits shown per related block; the block's link opens all of them.
const RELATED_HITS = 5;

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") node.className = v;
    else node.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children) if (c !== null && c !== undefined) node.append(c);
  return node;
}

function readState() {
  const p = new URLSearchParams(location.search);
  const state = { q: p.get("q") || "", sort: p.get("sort") === "date" ? "date" : "relevance", page: Math.max(1, parseInt(p.get("page") || "1", 10) || 1) };
  for (const k of FILTERS) state[k] = p.get(k) || "";
  return state;
}

function stateUrl(state) {
  const p = new URLSearchParams();
  if (state.q) p.set("q", state.q);
  if (state.sort === "date") p.set("sort", "date");
  for (const k of FILTERS) if (state[k]) p.set(k, state[k]);
  if (state.page > 1) p.set("page", String(state.page));
  const qs = p.toString();
  return `${location.pathname}${qs ? "?" + qs : ""}`;
}

function navigate(state, replace = false) {
  const url = stateUrl(state);
  if (replace) history.replaceState(null, "", url);
  else history.pushState(null, "", url);
  run(state);
}

// 2026-03-12 -> 2026年3月12日
function chineseDate(iso) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
  return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : iso || "";
}

function marked(text, marks) {
  const frag = document.createDocumentFragment();
  let at = 0;
  for (const [s, e] of marks) {
    if (s < at) continue;
    frag.append(text.slice(at, s), el("mark", {}, text.slice(s, e)));
    at = e;
  }
  frag.append(text.slice(at));
  return frag;
}

function link(state, label, extra = {}) {
  const a = el("a", { href: stateUrl(state), ...extra }, label);
  a.addEventListener("click", (ev) => {
    if (ev.button !== 0 || ev.ctrlKey || ev.metaKey || ev.shiftKey || ev.altKey) return;
    ev.preventDefault();
    navigate(state);
    input.focus();
  });
  return a;
}

function renderFacets(state, result) {
  facetsBox.replaceChildren();
  if (!result.total) return;
  for (const [key, title] of FACETS) {
    const values = result.facets[key];
    if (!values.length) continue;
    const id = `facet-${key}`;
    const ul = el("ul", { "aria-labelledby": id });
    for (const v of values.slice(0, 30)) {
      const selected = state[key] === v.value;
      const next = { ...state, page: 1, [key]: selected ? "" : v.value };
      // A sub-topic (一级\二级) sits under its top-level topic, which counts it too.
      const sub = key === "topic" && v.value.includes("\\");
      ul.append(el("li", { class: sub ? "search-facet-sub" : null }, link(next, `${v.label}（${v.count}）`, { "aria-current": selected ? "true" : null })));
    }
    facetsBox.append(el("section", { class: "search-facet" }, el("h2", { id }, title), ul));
  }
}

function renderActive(state) {
  activeBox.replaceChildren();
  const chips = FILTERS.filter((k) => state[k]);
  if (!chips.length) return;
  const names = Object.fromEntries(FACETS);
  const ul = el("ul", { class: "search-chips" });
  for (const k of chips) {
    const label = k === "column" ? columnTitle(state.column) : k === "year" ? `${state.year}年` : state[k];
    ul.append(el("li", {}, link({ ...state, page: 1, [k]: "" }, `${names[k]}：${label} ×`, { "aria-label": `取消筛选 ${names[k]} ${label}` })));
  }
  activeBox.append(el("p", {}, "已筛选："), ul);
}

function columnTitle(path) {
  const c = (engine.meta?.columns || []).find((x) => x[0] === path);
  return c ? c[1] : path;
}

function renderPages(state, total) {
  pages.replaceChildren();
  const count = Math.ceil(total / PAGE_SIZE);
  if (count <= 1) return;
  const ul = el("ul");
  const go = (n, label, extra) => el("li", {}, link({ ...state, page: n }, label, extra));
  if (state.page > 1) ul.append(go(state.page - 1, "上一页", { rel: "prev" }));
  const lo = Math.max(1, state.page - 4);
  const hi = Math.min(count, lo + 8);
  for (let n = lo; n <= hi; n++) {
    ul.append(n === state.page
      ? el("li", {}, el("span", { "aria-current": "page" }, String(n)))
      : go(n, String(n), { "aria-label": `第${n}页` }));
  }
  if (state.page < count) ul.append(go(state.page + 1, "下一页", { rel: "next" }));
  pages.append(ul);
}

function renderHits(hits, into = list) {
  into.replaceChildren();
  for (const h of hits) {
    const meta = el("p", { class: "search-meta" },
      el("time", { datetime: h.date }, chineseDate(h.date)),
      h.column ? el("span", {}, h.column) : null,
      h.docNumber ? el("span", { class: "search-doc-number" }, marked(h.docNumber, h.docNumberMarks)) : null);
    const title = el("h3", {}, el("a", { href: base + h.url }, marked(h.title, h.titleMarks)));
    const snippet = h.snippet ? el("p", { class: "search-snippet" }, marked(h.snippet.text, h.snippet.marks)) : null;
    into.append(el("li", {}, title, meta, snippet));
  }
}

// Related results (engine.related): after the exact ones, each block with its
// reason and count; its link searches the rewritten query, where facets and
// 在结果中搜索 refine it like any other.
async function renderRelated(state, blocks, mine) {
  const sections = [];
  for (const [i, b] of blocks.entries()) {
    const hits = await engine.page(b.result, 0, RELATED_HITS);
    const id = `search-related-${i}`;
    const ol = el("ol", { class: "search-results", "aria-labelledby": id });
    renderHits(hits, ol);
    const more = link({ ...state, q: b.query, page: 1 }, b.result.total > hits.length
      ? `查看全部 ${b.result.total} 条` : `按“${b.query}”搜索`);
    sections.push(el("section", { class: "search-related-block" },
      el("h2", { id }, `相关结果：${b.reason}（${b.result.total} 条）`), ol, el("p", {}, more)));
  }
  if (mine !== generation) return;
  relatedBox.replaceChildren(...sections);
}

let generation = 0;

function filterOpts(state) {
  return {
    columnExact: state.column,
    year: state.year,
    issuer: state.issuer,
    topic: state.topic,
    validity: state.validity,
    doc_type: state.doc_type,
    organ: state.organ,
    sort: state.sort,
  };
}

async function run(state) {
  const mine = ++generation;
  input.value = state.q;
  sortSelect.value = state.sort;
  document.title = state.q ? `${state.q} - 搜索` : document.title;
  if (!state.q.trim()) {
    status.textContent = "请输入关键词，可搜索标题、正文、文号或索引号。";
    list.replaceChildren();
    facetsBox.replaceChildren();
    activeBox.replaceChildren();
    pages.replaceChildren();
    relatedBox.replaceChildren();
    return;
  }
  status.textContent = "正在搜索…";
  try {
    const result = await engine.search(state.q, filterOpts(state));
    const pageCount = Math.max(1, Math.ceil(result.total / PAGE_SIZE));
    if (state.page > pageCount) state = { ...state, page: pageCount };
    const hits = await engine.page(result, (state.page - 1) * PAGE_SIZE, PAGE_SIZE);
    if (mine !== generation) return;
    relatedBox.replaceChildren();
    renderActive(state);
    renderFacets(state, result);
    renderHits(hits);
    renderPages(state, result.total);
    // Related blocks on the first page only: they follow the exact results.
    // A failure here costs the related blocks only, never the exact results.
    const blocks = state.page === 1
      ? await engine.related(state.q, result.total, filterOpts(state)).catch((err) => (console.warn(err), []))
      : [];
    if (mine !== generation) return;
    await renderRelated(state, blocks, mine);
    if (mine !== generation) return;
    const alsoText = blocks.length ? `；另有 ${blocks.length} 组相关结果列在后面` : "";
    if (result.total) {
      status.textContent = `找到 ${result.total} 条与“${state.q}”相关的结果` +
        (pageCount > 1 ? `，第 ${state.page}/${pageCount} 页` : "") + alsoText + "。";
    } else {
      status.textContent = `没有找到与“${state.q}”相关的结果${alsoText}。`;
      if (!blocks.length) {
        list.append(el("li", { class: "search-empty" },
          "建议：检查是否有错别字；减少或更换关键词；文号可只输入一部分，如“示政办〔2026〕”；" +
            (FILTERS.some((k) => state[k]) ? "或取消上方的筛选条件。" : "也可以按栏目浏览。")));
      }
    }
  } catch (err) {
    if (mine !== generation) return;
    status.textContent = "搜索暂时不可用，请稍后再试。";
    console.error(err);
  }
}

form.addEventListener("submit", (ev) => {
  ev.preventDefault();
  const state = readState();
  const typed = input.value.trim();
  // 在结果中搜索: the new words are ANDed with the current query.
  const q = within && within.checked && state.q && typed && typed !== state.q ? `${state.q} ${typed}` : typed;
  if (within) within.checked = false;
  navigate({ ...state, q, sort: sortSelect.value, page: 1 });
});

sortSelect.addEventListener("change", () => {
  const state = readState();
  if (state.q) navigate({ ...state, sort: sortSelect.value, page: 1 });
});

window.addEventListener("popstate", () => run(readState()));

// Suggestions: their script and data only once something is typed.
const suggestBox = $("search-suggest");
let suggest = null;
if (suggestBox) {
  input.addEventListener("input", () => {
    if (suggest) return;
    suggest = import("./suggest.js")
      .then((m) => m.attach(input, suggestBox, engine, (q) => navigate({ ...readState(), q, page: 1 })))
      .then((s) => (s.update(), s))
      .catch((err) => console.warn(err));
  });
  form.addEventListener("submit", () => suggest && suggest.then((s) => s && s.close()));
}

run(readState());
