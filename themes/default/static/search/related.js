// Related results: the rewrites of a query (文号, pinyin, dictionary, did you
// mean, words) and the as-you-type suggestions, mirroring src/search/related.rs,
// src/search/related/vocabulary.rs (the accessors) and query_doc_number in
// src/search/doc_number.rs line for line; all are checked against
// tests/data/related_vectors.json. Each rewrite is searched with the exact
// engine and shown after the exact results, with its reason.

import { exactKey, fold, isHan, isQuerySpace, splitQuery } from "./tokenizer.js";

export const RARE_AT_MOST = 2;
export const MAX_REWRITES = 6;
export const MAX_SUGGESTIONS = 2;
export const MAX_QUERY_CHARS = 64;
export const MAX_FORM_CHARS = 40;
export const LEXICON_FORMAT = 1;
export const VOCABULARY_FORMAT = 1;
export const MAX_TYPO_CHARS = 16;
export const MAX_SOUND_CHARS = 8;
export const SUGGESTIONS = 8;

const INVISIBLE = new Set([0x200b, 0x200c, 0x200d, 0x2060, 0xfeff, 0xad]);
const LABELS = ["发文字号", "发文号", "文号"];
const OPEN = "[({【〔〖〘［（﹝｛「";
const CLOSE = "])}】〕〗〙］）﹞｝」";
const DASHES = "-/_.、·—–－";

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
    } else if (OPEN.includes(c) || CLOSE.includes(c) || isQuerySpace(cp) || DASHES.includes(c)) {
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
    if (i > 0 && pieces[i - 1].num) {
      if (h.startsWith("年") || h.startsWith("号")) h = h.slice(1);
      if (i + 1 === pieces.length && (h === "文件" || h === "文")) h = "";
    }
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

// The portal's vocabulary as far as fetched: a key-value map (vocabulary.rs
// has the keys), read through the same accessors as the Rust side.
export class Vocabulary {
  constructor(kv = new Map()) {
    this.kv = kv instanceof Map ? kv : new Map(Object.entries(kv));
  }

  list(key) {
    const v = this.kv.get(key);
    return Array.isArray(v) ? v : [];
  }

  pinyinWords(key) {
    return this.pinyinEntries(key).map(([w]) => w);
  }

  // [[word, docs]]
  pinyinEntries(key) {
    return this.list(`p:${key}`).filter((e) => Array.isArray(e) && typeof e[0] === "string" && Number.isInteger(e[1]) && e[1] >= 0);
  }

  // [[word, docs, [syllables]]]
  near(bigram) {
    return this.list(`n:${bigram}`)
      .filter((e) => Array.isArray(e) && typeof e[0] === "string" && Number.isInteger(e[1]) && e[1] >= 0 && typeof e[2] === "string")
      .map((e) => [e[0], e[1], e[2].split(" ")]);
  }

  sound(c) {
    const v = this.kv.get(`c:${c}`);
    return typeof v === "string" ? v : null;
  }

  prefixed(key) {
    return this.list(`s:${key}`).filter((e) => Array.isArray(e) && typeof e[0] === "string" && typeof e[1] === "string");
  }
}

// Rust's fnv1a32 of the key's UTF-8, masked: the shard v/<s>.json holding it.
export function shardOf(key, n) {
  let h = 0x811c9dc5;
  for (const b of new TextEncoder().encode(key)) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h & (n - 1);
}

function pinyinQuery(terms) {
  const letters = terms.join("");
  return letters.length >= 2 && /^[a-z]+$/.test(letters) ? letters : null;
}

function typoTerms(terms) {
  const out = [];
  terms.forEach((t, ti) => {
    const chars = Array.from(t);
    if (chars.length >= 4 && chars.length <= MAX_TYPO_CHARS) out.push([ti, chars]);
  });
  return out;
}

// short_terms: two or three Han characters, looked at by sound alone when nothing is found.
function shortTerms(terms, exactTotal) {
  const out = [];
  if (exactTotal !== 0) return out;
  terms.forEach((t, ti) => {
    const chars = Array.from(t);
    if (chars.length >= 2 && chars.length <= 3 && chars.every((c) => isHan(c.codePointAt(0)))) out.push([ti, chars]);
  });
  return out;
}

function soundOfTerm(chars, vocab) {
  const s = chars.map((c) => vocab.sound(c));
  return s.every((x) => x !== null) ? s.join("") : null;
}

function hanBigrams(chars) {
  const out = [];
  for (let i = 0; i + 1 < chars.length; i++) {
    if (isHan(chars[i].codePointAt(0)) && isHan(chars[i + 1].codePointAt(0))) out.push(chars[i] + chars[i + 1]);
  }
  return out;
}

function compareSuggestions(a, b) {
  return (a.otherSound - b.otherSound) || (a.wrong - b.wrong) || (b.docs - a.docs) || (a.term - b.term) ||
    (a.at - b.at) || byCodePoint(a.word, b.word) || byCodePoint(a.typed, b.typed);
}

// [[at, len, pinyin]] of the windows of 4+ characters of a short term that all have a sound.
function soundWindows(chars, sounds) {
  const out = [];
  if (chars.length > MAX_SOUND_CHARS) return out;
  for (let len = 4; len <= chars.length; len++) {
    for (let at = 0; at + len <= chars.length; at++) {
      const s = sounds.slice(at, at + len);
      if (s.every((x) => x !== null)) out.push([at, len, s.join("")]);
    }
  }
  return out;
}

// sound_keys(): the pinyin keys to fetch once the characters' sounds are known.
export function soundKeys(query, exactTotal, vocab) {
  const keys = [];
  if (Array.from(query).length > MAX_QUERY_CHARS || exactTotal > RARE_AT_MOST) return keys;
  const terms = splitQuery(query).map(fold);
  for (const [, chars] of typoTerms(terms)) {
    const sounds = chars.map((c) => vocab.sound(c));
    for (const [, , k] of soundWindows(chars, sounds)) keys.push(`p:${k}`);
  }
  for (const [, chars] of shortTerms(terms, exactTotal)) {
    const k = soundOfTerm(chars, vocab);
    if (k !== null) keys.push(`p:${k}`);
  }
  return [...new Set(keys)];
}

function sameSuggestion(a, b) {
  return compareSuggestions(a, b) === 0;
}

function didYouMean(terms, exactTotal, lex, vocab) {
  const found = [];
  for (const [ti, chars] of shortTerms(terms, exactTotal)) {
    const key = soundOfTerm(chars, vocab);
    if (key === null) continue;
    const typed = chars.join("");
    const same = vocab.pinyinEntries(key);
    if (lex.words.has(typed) || same.some(([w]) => w === typed)) continue;
    for (const [word, docs] of same) {
      const wc = Array.from(word);
      if (wc.length !== chars.length || !wc.every((c) => isHan(c.codePointAt(0)))) continue;
      const wrong = wc.filter((c, k) => c !== chars[k]).length;
      found.push({ otherSound: 0, wrong, docs, term: ti, at: 0, word, typed });
    }
  }
  for (const [ti, chars] of typoTerms(terms)) {
    const sounds = chars.map((c) => vocab.sound(c));
    const soundOf = (at, len) => {
      const s = sounds.slice(at, at + len);
      return s.every((x) => x !== null) ? s.join("") : null;
    };
    const near = hanBigrams(chars).map((b) => vocab.near(b));
    const known = (w) => lex.words.has(w) || near.some((l) => l.some(([x]) => x === w));
    const seen = new Set();
    for (const [word, docs, syllables] of near.flat()) {
      if (seen.has(word)) continue;
      seen.add(word);
      const wc = Array.from(word);
      if (wc.length > chars.length || syllables.length !== wc.length) continue;
      for (let at = 0; at + wc.length <= chars.length; at++) {
        const window = chars.slice(at, at + wc.length);
        if (!window.every((c) => isHan(c.codePointAt(0)))) continue;
        const wrong = window.filter((c, k) => c !== wc[k]).length;
        const sameSound = soundOf(at, wc.length) === syllables.join("");
        if (wrong === 0 || (wrong > 1 && !sameSound)) continue;
        const typed = window.join("");
        if (known(typed)) continue;
        found.push({ otherSound: sameSound ? 0 : 1, wrong, docs, term: ti, at, word, typed });
      }
    }
    for (const [at, len, key] of soundWindows(chars, sounds)) {
      for (const [word, docs] of vocab.pinyinEntries(key)) {
        const wc = Array.from(word);
        const window = chars.slice(at, at + len);
        if (wc.length !== len || !window.every((c) => isHan(c.codePointAt(0)))) continue;
        const wrong = window.filter((c, k) => c !== wc[k]).length;
        const typed = window.join("");
        if (wrong === 0 || known(typed)) continue;
        found.push({ otherSound: 0, wrong, docs, term: ti, at, word, typed });
      }
    }
  }
  found.sort(compareSuggestions);
  return found.filter((s, i) => i === 0 || !sameSuggestion(s, found[i - 1]));
}

// vocabulary_keys(): the keys rewrites() reads, to fetch first.
export function vocabularyKeys(query, exactTotal) {
  const keys = [];
  if (Array.from(query).length > MAX_QUERY_CHARS) return keys;
  const terms = splitQuery(query).map(fold);
  const letters = pinyinQuery(terms);
  if (letters) keys.push(`p:${letters}`);
  if (exactTotal <= RARE_AT_MOST) {
    for (const [, chars] of typoTerms(terms)) {
      for (const b of hanBigrams(chars)) keys.push(`n:${b}`);
      for (const c of chars) if (isHan(c.codePointAt(0))) keys.push(`c:${c}`);
    }
    for (const [, chars] of shortTerms(terms, exactTotal)) for (const c of chars) keys.push(`c:${c}`);
  }
  return [...new Set(keys)];
}

function suggestionPrefix(typed) {
  const terms = splitQuery(fold(typed));
  if (terms.length !== 1) return null;
  const p = terms[0];
  if (isHan(p.codePointAt(0))) return [String.fromCodePoint(p.codePointAt(0)), p];
  return p.length >= 2 && p.length <= 32 && /^[a-z]+$/.test(p) ? [p.slice(0, 2), p] : null;
}

export function suggestionKey(typed) {
  const s = suggestionPrefix(typed);
  return s ? `s:${s[0]}` : null;
}

// suggestions(): as-you-type words (关键词推荐), most documents first.
export function suggestions(typed, vocab) {
  const s = suggestionPrefix(typed);
  if (!s) return [];
  const [key, p] = s;
  const han = isHan(p.codePointAt(0));
  return vocab.prefixed(key)
    .filter(([w, py]) => (han ? w !== p && w.startsWith(p) : py.startsWith(p)))
    .map(([w]) => w)
    .slice(0, SUGGESTIONS);
}

// rewrites(): [{query, reason}] in block order; of `vocab` it reads only
// vocabularyKeys(query, exactTotal).
// Question words, endings, verbs and fillers: related.rs's QUESTION_WORDS,
// QUESTION_ENDS, ASKING_VERBS and FILLERS.
export const QUESTION_WORDS = [
  "请问", "有没有", "什么是", "为什么", "为何", "咋", "啥", "才能", "应该", "怎么样", "怎么", "怎样", "如何", "在哪里", "在哪儿", "在哪", "去哪里",
  "去哪", "哪里", "哪儿", "哪些", "哪个", "是什么", "什么", "多少钱", "是多少", "多少", "是否", "能不能",
  "可不可以", "能否", "可以", "需要", "我想", "我要", "想要",
];
export const QUESTION_ENDS = ["吗", "呢", "吧", "啊", "呀", "了"];
export const ASKING_VERBS = ["申请", "办理", "申领", "领取", "查询", "缴纳", "提取", "领", "办", "查", "交", "缴"];
const FILLERS = ["有", "是", "我", "要", "想", "去", "在", "能", "会", "该"];

// question in related.rs: what a question asks about, and what was left out.
function question(terms) {
  const pieces = [];
  const leftOut = [];
  let asks = false;
  const drop = (w) => {
    if (!leftOut.includes(w)) leftOut.push(w);
  };
  for (const term of terms) {
    const chars = Array.from(term);
    let end = chars.length;
    while (end > 0 && QUESTION_ENDS.includes(chars[end - 1])) {
      asks = true;
      end -= 1;
    }
    const ends = chars.slice(end);
    let i = 0;
    if (ends.length && chars[0] === "有") {
      drop("有");
      i = 1;
    }
    const cut = [""];
    while (i < end) {
      const rest = chars.slice(i, end).join("");
      const q = QUESTION_WORDS.find((w) => rest.startsWith(w));
      if (q) {
        asks = true;
        drop(q);
        cut.push("");
        i += Array.from(q).length;
      } else if (chars[i] === "的") {
        drop("的");
        cut.push("");
        i += 1;
      } else {
        cut[cut.length - 1] += chars[i];
        i += 1;
      }
    }
    for (let p of cut) {
      const pre = ASKING_VERBS.find((v) => p.startsWith(v));
      if (pre) {
        drop(pre);
        p = p.slice(pre.length);
      }
      const post = ASKING_VERBS.find((v) => p.endsWith(v));
      if (post) {
        drop(post);
        p = p.slice(0, p.length - post.length);
      }
      if (Array.from(p).every((c) => FILLERS.includes(c))) {
        if (p) drop(p);
        continue;
      }
      pieces.push(p);
    }
    for (const c of ends) drop(c);
  }
  return asks && pieces.length ? [pieces, leftOut] : null;
}

export function rewrites(query, exactTotal, lex, vocab) {
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

  const letters = pinyinQuery(terms);
  if (letters) {
    for (const word of vocab.pinyinWords(letters).slice(0, 3)) {
      push(word, `拼音“${letters}”：“${word}”`);
      for (const [other, official] of lex.forms.get(word) || []) {
        push(other, `拼音“${letters}”：“${word}”${official ? "即" : "也称"}“${other}”`);
      }
    }
  }

  const withTerm = (ti, t) => terms.map((x, i) => (i === ti ? t : x)).join(" ");
  const asked = exactTotal <= RARE_AT_MOST ? question(terms) : null;
  terms.forEach((term, ti) => {
    if (asked) return;
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

  if (asked) {
    const [pieces, leftOut] = asked;
    const why = `略去${leftOut.map((w) => `“${w}”`).join("")}`;
    push(pieces.join(" "), why);
    pieces.forEach((term, ti) => {
      const chars = Array.from(term);
      for (let i = 0; i < chars.length; i++) {
        const len = longestAt(chars, i, chars.length - i, (f) => lex.forms.has(f));
        if (!len) continue;
        const form = chars.slice(i, i + len).join("");
        for (const [other, official] of lex.forms.get(form)) {
          const t = pieces.slice();
          t[ti] = chars.slice(0, i).join("") + other + chars.slice(i + len).join("");
          push(t.join(" "), `${why}，“${form}”${official ? "即" : "也称"}“${other}”`);
        }
        break;
      }
    });
  }

  if (exactTotal <= RARE_AT_MOST) {
    let shown = 0;
    for (const sg of didYouMean(terms, exactTotal, lex, vocab)) {
      if (shown === MAX_SUGGESTIONS) break;
      const chars = Array.from(terms[sg.term]);
      const t = chars.slice(0, sg.at).join("") + sg.word + chars.slice(sg.at + Array.from(sg.typed).length).join("");
      const before = out.length;
      push(withTerm(sg.term, t), `“${sg.typed}”是不是“${sg.word}”`);
      if (out.length > before) shown += 1;
    }
  }

  if (exactTotal <= RARE_AT_MOST) {
    const base = asked ? asked[0] : terms;
    const all = [];
    const split = base.slice();
    base.forEach((term, ti) => {
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
