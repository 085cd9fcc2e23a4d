// 工作台账: filter the task ledger by 责任单位 and 状态.
// Progressive enhancement: without this script every task is shown under its
// heading, the states are listed below the table with links to the tasks, and
// each unit links to its own page; the script only reveals the filter.
(function () {
  "use strict";

  // Whether a task row passes the filter. `units` is the row's space-separated
  // unit slugs; state "yq" (逾期未完成) matches overdue rows whatever their 状态.
  function matches(row, unit, state) {
    if (unit && (" " + row.units + " ").indexOf(" " + unit + " ") === -1) return false;
    if (!state) return true;
    if (state === "yq") return row.overdue;
    return row.state === state;
  }

  if (typeof module !== "undefined" && module.exports) {
    module.exports = { matches: matches };
    return;
  }

  function init() {
    var form = document.getElementById("plan-filter");
    var table = document.getElementById("plan-table");
    if (!form || !table) return;
    var unitSel = document.getElementById("pf-unit");
    var stateSel = document.getElementById("pf-state");
    var status = document.getElementById("pf-status");
    var empty = document.getElementById("pf-empty");
    var sections = Array.prototype.slice.call(table.querySelectorAll("tbody.plan-section"));
    var rows = Array.prototype.slice.call(table.querySelectorAll("tr.task"));
    var data = rows.map(function (r) {
      return {
        units: r.getAttribute("data-units") || "",
        state: r.getAttribute("data-state"),
        overdue: r.getAttribute("data-overdue") === "1"
      };
    });
    var links = Array.prototype.slice.call(document.querySelectorAll(".state-index a[data-state]"));
    form.hidden = false;

    function apply() {
      var unit = unitSel.value, state = stateSel.value, shown = 0;
      rows.forEach(function (r, i) {
        var ok = matches(data[i], unit, state);
        r.hidden = !ok;
        if (ok) shown++;
      });
      sections.forEach(function (s) { s.hidden = !s.querySelector("tr.task:not([hidden])"); });
      links.forEach(function (a) {
        if (a.getAttribute("data-state") === state) a.setAttribute("aria-current", "true");
        else a.removeAttribute("aria-current");
      });
      empty.hidden = shown !== 0;
      status.textContent = (unit || state) ? "显示 " + shown + " 项（共 " + rows.length + " 项）" : "";
    }

    // A link such as …/?state=yq opens the ledger already filtered.
    var params = new URLSearchParams(location.search);
    if (params.get("unit")) unitSel.value = params.get("unit");
    if (params.get("state")) stateSel.value = params.get("state");
    if (unitSel.value || stateSel.value) apply();

    form.addEventListener("submit", function (e) { e.preventDefault(); apply(); });
    unitSel.addEventListener("change", apply);
    stateSel.addEventListener("change", apply);
    // The state links filter the table, instead of jumping to the lists below it.
    links.forEach(function (a) {
      a.addEventListener("click", function (e) {
        var s = a.getAttribute("data-state");
        stateSel.value = stateSel.value === s ? "" : s;
        apply();
        e.preventDefault();
        table.scrollIntoView();
      });
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
