// 长者模式: large text and high contrast, remembered across pages (localStorage).
// The page works without this script; it only adds the switch.
(function () {
  var KEY = "xxgk-elder";
  var root = document.documentElement;
  function stored() { try { return localStorage.getItem(KEY) === "1"; } catch (e) { return false; } }
  function apply(on) { root.classList.toggle("elder", on); }
  apply(stored());
  document.addEventListener("DOMContentLoaded", function () {
    var btn = document.getElementById("elder-toggle");
    if (!btn) return;
    btn.hidden = false;
    btn.setAttribute("aria-pressed", String(stored()));
    btn.addEventListener("click", function () {
      var on = !root.classList.contains("elder");
      apply(on);
      btn.setAttribute("aria-pressed", String(on));
      try { localStorage.setItem(KEY, on ? "1" : "0"); } catch (e) { /* private mode: still works for this page */ }
    });
  });
})();
