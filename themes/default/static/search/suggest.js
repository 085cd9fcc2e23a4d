// As-you-type suggestions (关键词推荐) under the search box: loaded by
// search.js on the first keystroke, so the page's first load carries none of
// it. A combobox with a listbox of options (WAI-ARIA 1.2): arrow keys move
// through them (aria-activedescendant), Enter or a tap searches the word,
// Escape closes. The words come from engine.suggest (related.js), one
// vocabulary shard per prefix.

const DELAY_MS = 120;

export function attach(input, box, engine, search) {
  let words = [];
  let active = -1;
  let timer = 0;
  let asked = 0;

  const close = () => {
    words = [];
    active = -1;
    box.replaceChildren();
    box.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
  };

  const mark = () => {
    for (const [i, li] of [...box.children].entries()) li.setAttribute("aria-selected", i === active ? "true" : "false");
    if (active >= 0) input.setAttribute("aria-activedescendant", `search-suggest-${active}`);
    else input.removeAttribute("aria-activedescendant");
  };

  const pick = (word) => {
    close();
    input.value = word;
    search(word);
  };

  const show = (list) => {
    words = list;
    active = -1;
    box.replaceChildren(...list.map((w, i) => {
      const li = document.createElement("li");
      li.id = `search-suggest-${i}`;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      li.textContent = w;
      // Keep the focus in the box while the pointer is down; the click searches.
      li.addEventListener("pointerdown", (ev) => ev.preventDefault());
      li.addEventListener("click", () => pick(w));
      return li;
    }));
    box.hidden = !list.length;
    input.setAttribute("aria-expanded", list.length ? "true" : "false");
    input.removeAttribute("aria-activedescendant");
  };

  const update = () => {
    clearTimeout(timer);
    const typed = input.value;
    if (!typed.trim()) return close();
    timer = setTimeout(async () => {
      const mine = ++asked;
      const list = await engine.suggest(typed).catch(() => []);
      // Only the answer to what the box still holds.
      if (mine === asked && input.value === typed) show(list);
    }, DELAY_MS);
  };

  input.addEventListener("input", update);
  input.addEventListener("blur", () => setTimeout(close, 150));
  input.addEventListener("keydown", (ev) => {
    if (box.hidden || !words.length) return;
    if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
      ev.preventDefault();
      const n = words.length;
      active = ev.key === "ArrowDown" ? (active + 1) % n : (active <= 0 ? n - 1 : active - 1);
      mark();
    } else if (ev.key === "Enter" && active >= 0) {
      ev.preventDefault();
      pick(words[active]);
    } else if (ev.key === "Escape") {
      ev.preventDefault();
      close();
    }
  });
  return { update, close };
}
