// 权责清单: filter the table by 事项类型 and find items within the page.
// Progressive enhancement: without this script every item is shown, grouped by
// type, with a count per type and anchor links; the script only reveals the filter.
(function () {
  "use strict";

  // Folds text the way residents type it: full-width to half-width (NFKC), case,
  // spaces, and 〔〕/[]/() in 文号 all treated alike.
  function fold(s) {
    var t = String(s || "");
    if (t.normalize) t = t.normalize("NFKC");
    return t.toLowerCase().replace(/[\s\u3000]+/g, "").replace(/[〔［【\[(（]/g, "(").replace(/[〕］】\])）]/g, ")");
  }

  // Whether an item of `itemType` whose text is `text` passes the filter.
  function matches(itemType, text, type, query) {
    if (type && itemType !== type) return false;
    var q = fold(query);
    if (!q) return true;
    var hay = fold(text);
    return q.split(/[,，、]+/).filter(Boolean).every(function (w) { return hay.indexOf(w) !== -1; });
  }

  if (typeof module !== "undefined" && module.exports) {
    module.exports = { fold: fold, matches: matches };
    return;
  }

  function init() {
    var form = document.getElementById("power-filter");
    var table = document.getElementById("power-table");
    if (!form || !table) return;
    var select = document.getElementById("pl-type");
    var input = document.getElementById("pl-q");
    var status = document.getElementById("pl-status");
    var empty = document.getElementById("pl-empty");
    var groups = Array.prototype.slice.call(table.querySelectorAll("tbody.power-group"));
    var rows = Array.prototype.slice.call(table.querySelectorAll("tr.power-item"));
    var texts = rows.map(function (r) { return r.textContent; });
    var links = Array.prototype.slice.call(document.querySelectorAll(".type-index a[data-type]"));
    form.hidden = false;

    function apply() {
      var type = select.value, query = input.value, shown = 0;
      rows.forEach(function (r, i) {
        var ok = matches(r.getAttribute("data-type"), texts[i], type, query);
        r.hidden = !ok;
        if (ok) shown++;
      });
      groups.forEach(function (g) { g.hidden = !g.querySelector("tr.power-item:not([hidden])"); });
      links.forEach(function (a) {
        if (a.getAttribute("data-type") === type) a.setAttribute("aria-current", "true");
        else a.removeAttribute("aria-current");
      });
      empty.hidden = shown !== 0;
      status.textContent = (type || query) ? "显示 " + shown + " 项（共 " + rows.length + " 项）" : "";
    }

    // A link such as …/?type=行政处罚&q=童工 opens the list already filtered.
    var params = new URLSearchParams(location.search);
    if (params.get("type")) select.value = params.get("type");
    if (params.get("q")) input.value = params.get("q");
    if (select.value || input.value) apply();

    form.addEventListener("submit", function (e) { e.preventDefault(); apply(); });
    select.addEventListener("change", apply);
    input.addEventListener("input", apply);
    // The type links filter too, and keep working as anchors.
    links.forEach(function (a) {
      a.addEventListener("click", function () {
        var t = a.getAttribute("data-type");
        select.value = select.value === t ? "" : t;
        apply();
      });
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
