// Pagefind's JS API on a page shaped like xxgk's search page: the first ten hits
// (xxgk's page size) with title, date and excerpt, and the filter counts (xxgk's
// 栏目 and 年份 facets). pagefind.js is imported on the first query, as xxgk's
// engine fetches its data on the first query.
const form = document.getElementById("search-form");
const input = document.getElementById("search-q");
const status = document.getElementById("search-status");
const list = document.getElementById("search-results");
const facets = document.getElementById("search-facets");
let pagefind = null;

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  delete document.body.dataset.done;
  status.textContent = "正在搜索…";
  try {
    pagefind ??= await import("/pagefind/pagefind.js");
    const search = await pagefind.search(input.value);
    const hits = await Promise.all(search.results.slice(0, 10).map((r) => r.data()));
    list.replaceChildren(
      ...hits.map((h) => {
        const li = document.createElement("li");
        const a = document.createElement("a");
        a.href = h.url;
        a.textContent = h.meta.title;
        const p = document.createElement("p");
        p.innerHTML = h.excerpt;
        li.append(a, ` ${h.meta.date ?? ""}`, p);
        return li;
      }),
    );
    facets.textContent = Object.entries(search.filters ?? {})
      .map(([k, v]) => `${k}: ${Object.entries(v).map(([n, c]) => `${n}（${c}）`).join(" ")}`)
      .join("\n");
    status.textContent = `找到 ${search.results.length} 条结果`;
  } catch (e) {
    status.textContent = `搜索失败：${e}`;
  }
  document.body.dataset.done = "1";
});
