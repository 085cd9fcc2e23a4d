// Related results: the rewrites of a query (文号, pinyin, dictionary, words), mirroring src/search/related.rs
// and query_doc_number in src/search/doc_number.rs line for line; both are
// checked against tests/data/related_vectors.json. Each rewrite is searched
// with the exact engine and shown after the exact results, with its reason.

import { exactKey, fold, isHan, isQuerySpace, splitQuery } from "./tokenizer.js";

export const RARE_AT_MOST = 2;
export const MAX_REWRITES = 6;
export const MAX_SUGGESTIONS = 2;
export const MAX_QUERY_CHARS = 64;
export const MAX_FORM_CHARS = 40;
export const LEXICON_FORMAT = 1;

const INVISIBLE = new Set([0x200b, 0x200c, 0x200d, 0x2060, 0xfeff, 0xad]);
const LABELS = ["发文字号", "发文号", "文号"];
const OPEN = "[({【〔〖〘［（﹝｛「";
const CLOSE = "])}】〕〗〙］）﹞｝」";

function trimSpace(s) {
  const cs = Array.from(s);
  let a = 0;
  let b = cs.length;
  while (a < b && isQuerySpace(cs[a].codePointAt(0))) a++;
  while (b > a && isQuerySpace(cs[b - 1].codePointAt(0))) b--;
  return cs.slice(a, b).join("");
}

function stripLabel(s) {
  const t = trimSpace(s);
  for (const label of LABELS) {
    if (t.startsWith(label)) {
      const rest = trimSpace(t.slice(label.length));
      if (rest.startsWith(":") || rest.startsWith("：")) return trimSpace(rest.slice(1));
    }
  }
  return t;
}

function trimZeros(n) {
  const t = n.replace(/^0+/, "");
  return t === "" ? "0" : t;
}

// query_doc_number: a query read as a 文号, in the form 机关代字〔年份〕序号号, or null.
export function queryDocNumber(query) {
  const folded = Array.from(fold(query)).filter((c) => !INVISIBLE.has(c.codePointAt(0))).join("");
  const text = stripLabel(folded);
  const pieces = [];
  for (const c of text) {
    const cp = c.codePointAt(0);
    const last = pieces[pieces.length - 1];
    if (c >= "0" && c <= "9") {
      if (last && last.num) last.s += c;
      else pieces.push({ num: true, s: c });
    } else if (isHan(cp)) {
      if (last && !last.num) last.s += c;
      else pieces.push({ num: false, s: c });
    } else if (OPEN.includes(c) || CLOSE.includes(c) || isQuerySpace(cp)) {
      pieces.push({ num: false, s: "" });
    } else {
      return null;
    }
  }
  const organ = [];
  const numbers = [];
  for (let i = 0; i < pieces.length; i++) {
    const p = pieces[i];
    if (p.num) {
      numbers.push(p.s);
      continue;
    }
    let h = p.s;
    if (i > 0 && pieces[i - 1].num && (h.startsWith("年") || h.startsWith("号"))) h = h.slice(1);
    if (i + 1 < pieces.length && pieces[i + 1].num && h.endsWith("第")) h = h.slice(0, -1);
    if (h) organ.push(h);
  }
  if (organ.length !== 1 || numbers.length !== 2) return null;
  const isYear = (n) => n.length === 4 && n >= "1949" && n <= "2099";
  const [a, b] = numbers;
  let year, number;
  if (isYear(a)) [year, number] = [a, b];
  else if (isYear(b)) [year, number] = [b, a];
  else return null;
  const o = organ[0];
  const len = Array.from(o).length;
  if (len < 2 || len > 20 || o.endsWith("月") || o.endsWith("日") || number.length > 6 || trimZeros(number) === "0") return null;
  return `${o}〔${year}〕${trimZeros(number)}号`;
}

function checkEntry(everyday, officials) {
  if (!officials.length) return false;
  for (const form of [everyday, ...officials]) {
    if (typeof form !== "string" || !form) return false;
    const cs = Array.from(form);
    if (cs.length > MAX_FORM_CHARS) return false;
    if (cs.some((c) => isQuerySpace(c.codePointAt(0)) || c === "=" || c === "|" || c === "#")) return false;
  }
  return true;
}

// Lexicon::new over the entries of lexicon.json ({"v": 1, "e": [[everyday, [officials]]]}).
export class Lexicon {
  constructor(json) {
    if (!json || json.v !== LEXICON_FORMAT || !Array.isArray(json.e)) throw new Error("lexicon format");
    this.forms = new Map();
    this.words = new Set();
    // pinyin.json's map, set by whoever fetched it (only for letter queries).
    this.pinyin = null;
    for (const entry of json.e) {
      if (!Array.isArray(entry) || !Array.isArray(entry[1]) || !checkEntry(entry[0], entry[1])) continue;
      const everyday = fold(entry[0]);
      const officials = entry[1].map(fold);
      for (const official of officials) {
        if (everyday.includes(official) || official.includes(everyday)) continue;
        this.addForm(everyday, official, true);
        this.addForm(official, everyday, false);
      }
      for (const form of [everyday, ...officials]) {
        if (Array.from(form).length >= 2) this.words.add(form);
      }
    }
  }

  addForm(form, other, official) {
    if (!this.forms.has(form)) this.forms.set(form, []);
    const list = this.forms.get(form);
    if (!list.some(([o]) => o === other)) list.push([other, official]);
  }
}

// Rust's str order: by code point (UTF-16 order differs above U+FFFF).
function byCodePoint(a, b) {
  const x = Array.from(a, (c) => c.codePointAt(0));
  const y = Array.from(b, (c) => c.codePointAt(0));
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] - y[i];
  return x.length - y.length;
}

function longestAt(chars, i, max, known) {
  for (let len = Math.min(max, MAX_FORM_CHARS); len >= 2; len--) {
    if (known(chars.slice(i, i + len).join(""))) return len;
  }
  return 0;
}

function splitWords(chars, lex) {
  const words = [];
  let i = 0;
  while (i < chars.length) {
    const rest = chars.length - i;
    const max = i === 0 ? rest - 1 : rest;
    const len = longestAt(chars, i, max, (w) => lex.words.has(w)) || Math.min(2, rest);
    const word = chars.slice(i, i + len).join("");
    if (len === 1 && words.length) words[words.length - 1] += word;
    else words.push(word);
    i += len;
  }
  return words;
}

function bothReason(words) {
  const q = [...new Set(words)].map((w) => `“${w}”`);
  if (q.length >= 2) return `同时包含${q.slice(0, -1).join("、")}和${q[q.length - 1]}`;
  return `包含${q.join("")}`;
}

// Whether rewrites() would look the query up in pinyin.json.
export function pinyinKey(query) {
  const letters = splitQuery(query).map(fold).join("");
  return letters.length >= 2 && /^[a-z]+$/.test(letters) ? letters : null;
}

export function checkPinyin(json) {
  if (!json || json.v !== LEXICON_FORMAT || typeof json.p !== "object") throw new Error("pinyin format");
  return new Map(Object.entries(json.p));
}

// rewrites(): [{query, reason}] in block order.
export function rewrites(query, exactTotal, lex) {
  const out = [];
  if (Array.from(query).length > MAX_QUERY_CHARS) return out;
  const terms = splitQuery(query).map(fold);
  if (!terms.length) return out;
  const original = terms.join(" ");
  const push = (q, reason) => {
    if (q !== original && out.length < MAX_REWRITES && !out.some((r) => r.query === q)) out.push({ query: q, reason });
  };

  const number = queryDocNumber(query);
  if (number && exactKey(number) !== exactKey(query)) push(number, `按文号“${number}”`);

  const letters = terms.join("");
  if (letters.length >= 2 && /^[a-z]+$/.test(letters) && lex.pinyin) {
    for (const word of (lex.pinyin.get(letters) || []).slice(0, 3)) {
      push(word, `拼音“${letters}”：“${word}”`);
      for (const [other, official] of lex.forms.get(word) || []) {
        push(other, `拼音“${letters}”：“${word}”${official ? "即" : "也称"}“${other}”`);
      }
    }
  }

  const withTerm = (ti, t) => terms.map((x, i) => (i === ti ? t : x)).join(" ");
  terms.forEach((term, ti) => {
    const chars = Array.from(term);
    let i = 0;
    while (i < chars.length) {
      const len = longestAt(chars, i, chars.length - i, (f) => lex.forms.has(f));
      if (!len) {
        i += 1;
        continue;
      }
      const form = chars.slice(i, i + len).join("");
      for (const [other, official] of lex.forms.get(form)) {
        const t = chars.slice(0, i).join("") + other + chars.slice(i + len).join("");
        push(withTerm(ti, t), official ? `“${form}”即“${other}”` : `“${form}”也称“${other}”`);
      }
      i += len;
    }
  });

  if (exactTotal <= RARE_AT_MOST) {
    const sorted = [...lex.words].filter((w) => Array.from(w).length >= 4).sort(byCodePoint);
    let found = 0;
    terms: for (const [ti, term] of terms.entries()) {
      const chars = Array.from(term);
      for (const w of sorted) {
        const wc = Array.from(w);
        if (wc.length > chars.length) continue;
        for (let at = 0; at + wc.length <= chars.length; at++) {
          const window = chars.slice(at, at + wc.length);
          const wrong = window.filter((c, k) => c !== wc[k]).length;
          if (wrong === 1 && window.every((c) => isHan(c.codePointAt(0))) && !lex.words.has(window.join(""))) {
            const t = chars.slice(0, at).join("") + w + chars.slice(at + wc.length).join("");
            push(withTerm(ti, t), `“${window.join("")}”是不是“${w}”`);
            found += 1;
            if (found === MAX_SUGGESTIONS) break terms;
          }
        }
      }
    }
  }

  if (exactTotal <= RARE_AT_MOST) {
    const all = [];
    const split = terms.slice();
    terms.forEach((term, ti) => {
      const chars = Array.from(term);
      if (chars.length < 3 || !chars.every((c) => isHan(c.codePointAt(0)))) return;
      const words = splitWords(chars, lex);
      if (words.length >= 2) {
        split[ti] = words.join(" ");
        all.push(...words);
      }
    });
    if (all.length) push(split.join(" "), bothReason(all));
  }
  return out;
}
