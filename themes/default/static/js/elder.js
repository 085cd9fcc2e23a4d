// 长者模式: large text and high contrast, remembered across pages (localStorage).
// Loaded in <head> without defer so the class is on <html> before the first paint.
// The page works without this script; it only adds the switch.
(function () {
  var KEY = "xxgk-elder";
  var root = document.documentElement;
  function stored() {
    try { return localStorage.getItem(KEY) === "1"; } catch (e) { return false; }
  }
  function apply(on) {
    root.classList.toggle("elder", on);
    var btn = document.getElementById("elder-toggle");
    if (btn) btn.setAttribute("aria-pressed", String(on));
  }
  apply(stored());
  document.addEventListener("DOMContentLoaded", function () {
    var btn = document.getElementById("elder-toggle");
    if (!btn) return;
    btn.hidden = false;
    apply(stored());
    btn.addEventListener("click", function () {
      var on = !root.classList.contains("elder");
      apply(on);
      try { localStorage.setItem(KEY, on ? "1" : "0"); } catch (e) { /* storage off: still works on this page */ }
    });
  });
  // Another tab switched: follow it.
  window.addEventListener("storage", function (e) {
    if (e.key === KEY) apply(e.newValue === "1");
  });
})();
