// The side-by-side table of bench/deploy.sh from its results.jsonl (Markdown).
//
//   node bench/table.mjs WORK/results.jsonl [MORE.jsonl...]
//
// Several files are merged: an --xxgk-only and a --hugo-only run of the same
// corpus (deterministic for N) make one table.
// Times are medians over the runs (each run: a full build with no previous output,
// then a rebuild with it present). Hugo + Pagefind is the sum of the two commands'
// wall, user and system times and the larger of their peaks; its ratio column is
// xxgk / (Hugo + Pagefind), below 1 where xxgk is better on that row.
import { readFileSync } from "node:fs";

const lines = process.argv
  .slice(2)
  .flatMap((f) => readFileSync(f, "utf8").split("\n"))
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l));
const infos = lines.filter((l) => l.docs !== undefined);
if (new Set(infos.map((i) => i.docs)).size > 1) throw new Error("the files are of different corpus sizes");
// The xxgk side's invocation names the commit and profile.
const info = infos.find((i) => i.tools !== "hugo") ?? infos[0] ?? {};
const only = !lines.some((l) => l.tool === "hugo");

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  if (!s.length) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const max = (xs) => Math.max(...xs);
const of = (tool, pred) => lines.filter((l) => l.tool === tool && pred(l));

/** Per run of `tool`, `phase` ("full" | "rebuild") as {wall, user, sys, rss_kb}. */
function builds(tool, phase) {
  const runs = (t) => of(t, (l) => l[phase]).map((l) => l[phase]);
  if (tool === "xxgk") return runs("xxgk");
  const hugo = runs("hugo");
  const pf = runs("pagefind");
  return hugo.map((h, i) => ({
    wall: h.wall + pf[i].wall,
    user: h.user + pf[i].user,
    sys: h.sys + pf[i].sys,
    rss_kb: Math.max(h.rss_kb, pf[i].rss_kb),
    hugo: h.wall,
    pagefind: pf[i].wall,
  }));
}

const s1 = (x) => (Number.isFinite(x) ? x.toFixed(1) : "—");
const int = (x) => (Number.isFinite(x) ? Math.round(x).toLocaleString("en-US").replaceAll(",", " ") : "—");
const mb = (b) => (Number.isFinite(b) ? `${(b / 1e6).toFixed(1)} MB` : "—");
const kb = (b) => (Number.isFinite(b) ? (b / 1024).toFixed(1) : "—");
const ratio = (a, b) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `${(a / b).toFixed(2)}×` : "—");

const rows = [];
const row = (label, x, h, rx = NaN, rh = NaN, plain = false) =>
  rows.push([label, x, only ? null : h, only ? null : plain ? "" : ratio(rx, rh)]);

const size = (t) => of(t, (l) => l.files !== undefined)[0] ?? {};
const sx = size("xxgk");
const sh = size("hugo");
const docs = info.docs;
row("files written (entries with folders)", `${int(sx.files)} (${int(sx.entries)}); ${int(sx.search_files)} under site/search/`,
  `${int(sh.files)} (${int(sh.entries)}); ${int(sh.search_files)} under pagefind/`, sx.files, sh.files);
const perDoc = (n) => (Number.isFinite(n / docs) ? (n / docs).toFixed(2) : "—");
row("files per document", perDoc(sx.files), perDoc(sh.files), NaN, NaN, true);
row("search data files", int(sx.search_files), int(sh.search_files), sx.search_files, sh.search_files);
row("bytes apparent / on disk", `${mb(sx.apparent)} / ${mb(sx.disk)}`, `${mb(sh.apparent)} / ${mb(sh.disk)}`, sx.disk, sh.disk);
row("search data apparent / on disk", `${mb(sx.search_apparent)} / ${mb(sx.search_disk)}`,
  `${mb(sh.search_apparent)} / ${mb(sh.search_disk)}`, sx.search_disk, sh.search_disk);

const cache = of("xxgk", (l) => l.cache_files !== undefined)[0];
if (cache) row("xxgk's build cache .xxgk/ (not deployed): files, on disk", `${int(cache.cache_files)}, ${mb(cache.cache_disk)}`, "—", NaN, NaN, true);

const timeRow = (label, phase) => {
  const x = builds("xxgk", phase);
  const h = only ? [] : builds("hugo", phase);
  const fmt = (b, split) => {
    const w = median(b.map((r) => r.wall));
    let s = `${s1(w)} s (${s1(median(b.map((r) => r.user)))} s user, ${s1(median(b.map((r) => r.sys)))} s sys)`;
    if (split && b.length) s += `; Hugo ${s1(median(b.map((r) => r.hugo)))} s + Pagefind ${s1(median(b.map((r) => r.pagefind)))} s`;
    if (b.length > 1) s += `; runs ${b.map((r) => s1(r.wall)).join(", ")}`;
    return s;
  };
  row(label, fmt(x, false), fmt(h, true), median(x.map((r) => r.wall)), median(h.map((r) => r.wall)));
  return [x, h];
};
const [fx, fh] = timeRow("full build, no previous output (wall)", "full");
const [rx, rh] = timeRow("rebuild, previous output present (wall)", "rebuild");
const peak = (b) => median(b.map((r) => r.rss_kb * 1024));
row("peak memory (median, full build)", mb(peak(fx)), mb(peak(fh)), peak(fx), peak(fh));
row("peak memory (median, rebuild)", mb(peak(rx)), mb(peak(rh)), peak(rx), peak(rh));

const cd = (t) => of(t, (l) => l.copy)[0] ?? {};
const cx = cd("xxgk");
const ch = cd("hugo");
row("copy the output folder (cp -r)", `${s1(cx.copy?.wall)} s`, `${s1(ch.copy?.wall)} s`, cx.copy?.wall, ch.copy?.wall);
row("delete the output folder (rm -rf)", `${s1(cx.delete?.wall)} s`, `${s1(ch.delete?.wall)} s`, cx.delete?.wall, ch.delete?.wall);

const q = (t, host = "range") => of(t, (l) => l.query !== undefined && (l.host ?? "range") === host);
const qx = q("xxgk");
const qh = q("pagefind");
const qrow = (label, pick, fmt) => {
  const a = qx.map(pick);
  const b = qh.map(pick);
  row(label, `${fmt(median(a))} / ${fmt(max(a))}`, `${fmt(median(b))} / ${fmt(max(b))}`, median(a), median(b));
};
qrow("cold query KB, page load + query (median / max)", (l) => l.total.wire, kb);
qrow("cold query requests, page load + query (median / max)", (l) => l.total.requests, int);
qrow("cold query KB, the query alone (median / max)", (l) => l.query_only.wire, kb);
qrow("cold query requests, the query alone (median / max)", (l) => l.query_only.requests, int);
qrow("time to results, ms (median / max)", (l) => l.ms, int);
const qn = q("xxgk", "no-range");
if (qn.length) {
  const pick = (f, fmt) => `${fmt(median(qn.map(f)))} / ${fmt(max(qn.map(f)))}`;
  const na = only ? "" : "(Pagefind reads no ranges)";
  row("xxgk on a host without Range or gzip (python3 -m http.server): cold query KB, page load + query (median / max)",
    pick((l) => l.total.wire, kb), na, NaN, NaN, true);
  row("… its requests (median / max)", pick((l) => l.total.requests, int), na, NaN, NaN, true);
}

const out = [];
out.push(
  `${int(docs)} documents, ${mb(info.markdown_bytes)} of Markdown; ${info.runs} run(s) per tool` +
    `${infos.length > 1 ? ` (separate invocations started ${infos.map((i) => `${i.started} (${i.tools})`).join(", ")})` : ", alternating"}; ` +
    `xxgk ${info.commit} (${info.profile === "dev" ? "DEBUG build: times mean nothing" : "release"})${only ? "" : `, Hugo ${info.hugo}, Pagefind ${info.pagefind}`}; work folder ${info.work}`,
  "",
);
const head = only ? ["", "xxgk"] : ["", "xxgk", "Hugo + Pagefind", "xxgk / (Hugo + Pagefind)"];
out.push(`| ${head.join(" | ")} |`, `|${head.map(() => "---").join("|")}|`);
for (const r of rows) out.push(`| ${r.filter((c) => c !== null).join(" | ")} |`);
out.push("", "Per query (cold, page load + query: KB on the wire / requests; hits found):", "");
out.push(only ? "| query | xxgk |" : "| query | xxgk | Pagefind |", only ? "|---|---|" : "|---|---|---|");
for (const query of [...new Set([...qx, ...qh].map((l) => l.query))]) {
  const x = qx.find((l) => l.query === query);
  const h = qh.find((l) => l.query === query);
  const cell = (l) => (l ? `${kb(l.total.wire)} KB / ${l.total.requests} — ${l.status}${l.errors.length ? ` (errors: ${l.errors.join("; ")})` : ""}` : "—");
  out.push(only ? `| ${query} | ${cell(x)} |` : `| ${query} | ${cell(x)} | ${cell(h)} |`);
}
console.log(out.join("\n"));
