// The search tokenizer, mirroring src/search/tokenizer.rs line for line.
// Both are checked against tests/data/tokenizer_vectors.json and on random
// hostile strings (tests/js/tokenizer_random.test.mjs).
//
// NFKC over the whole text (but for the few late characters below), ASCII
// A-Z lowercased; classes: Han (U+3007, U+3400–4DBF, U+4E00–9FFF,
// U+F900–FAFF, U+20000–3347F), letter a-z, digit 0-9, separator (everything
// else). Units: a Han character, a run of letters, a run of digits. A
// separator run between units takes a position.

export const GAP_JOIN = "|";
export const MAX_GRAM = 4;

export const HAN = 0, LETTER = 1, DIGIT = 2, SEPARATOR = 3;

export function isHan(cp) {
  return cp === 0x3007 || (cp >= 0x3400 && cp <= 0x4dbf) || (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0x20000 && cp <= 0x3347f);
}

export function classOf(cp) {
  if ((cp >= 0x61 && cp <= 0x7a) || (cp >= 0x41 && cp <= 0x5a)) return LETTER;
  if (cp >= 0x30 && cp <= 0x39) return DIGIT;
  if (isHan(cp)) return HAN;
  return SEPARATOR;
}

// Characters that fold to an ASCII letter or digit only since Unicode 13
// (is_late_alnum in tokenizer.rs): a browser's tables may not know them, so
// neither side folds them; the text between them is normalised on its own.
const FOLDABLE = /[^\u209d-\u209f\ua7f1-\ua7f4\u{107a5}\u{1ccd6}-\u{1ccf9}\u{1fbf0}-\u{1fbf9}]+/gu;

export function nfkc(text) {
  return text.replace(FOLDABLE, (run) => run.normalize("NFKC"));
}

// Only ASCII letters are lowercased: Unicode case tables never matter.
export function fold(text) {
  return nfkc(text).replace(/[A-Z]+/g, (s) => s.toLowerCase());
}

// Listed explicitly: JavaScript's \s and Rust's is_whitespace disagree.
export function isQuerySpace(cp) {
  return cp === 0x09 || cp === 0x0a || cp === 0x0b || cp === 0x0c || cp === 0x0d || cp === 0x20 ||
    cp === 0x85 || cp === 0xa0 || cp === 0x1680 || (cp >= 0x2000 && cp <= 0x200a) ||
    cp === 0x2028 || cp === 0x2029 || cp === 0x202f || cp === 0x205f || cp === 0x3000 || cp === 0xfeff;
}

export function splitQuery(query) {
  const terms = [];
  let cur = "";
  for (const ch of query) {
    if (isQuerySpace(ch.codePointAt(0))) {
      if (cur) terms.push(cur);
      cur = "";
    } else {
      cur += ch;
    }
  }
  if (cur) terms.push(cur);
  return terms;
}

// chars: iterable of [folded character, start, end] (UTF-16 offsets).
function buildUnits(chars) {
  const units = [];
  let nextPos = 0;
  let gap = false;
  let prev = SEPARATOR;
  for (const [c, start, end] of chars) {
    const cls = classOf(c.codePointAt(0));
    if (cls === SEPARATOR) {
      if (units.length) gap = true;
    } else if ((cls === LETTER || cls === DIGIT) && prev === cls) {
      const last = units[units.length - 1];
      last.text += c.toLowerCase();
      last.end = end;
    } else {
      if (prev !== SEPARATOR) units[units.length - 1].joinedNext = true;
      const afterGap = gap;
      if (gap) {
        nextPos += 1;
        gap = false;
      }
      units.push({
        text: cls === HAN ? c : c.toLowerCase(),
        pos: nextPos,
        han: cls === HAN,
        afterGap,
        joinedNext: false,
        start,
        end,
      });
      nextPos += 1;
    }
    prev = cls;
  }
  return units;
}

function* codePoints(text) {
  let i = 0;
  for (const c of text) {
    yield [c, i, i + c.length];
    i += c.length;
  }
}

// Units of a text folded as a whole: the definition used for matching.
export function units(text) {
  return buildUnits(codePoints(fold(text)));
}

const MARK = /\p{M}/u;

// Units with offsets in the ORIGINAL text, folding one character (with its
// combining marks) at a time; used only to place highlights.
export function unitsWithSourceSpans(text) {
  const folded = [];
  const cps = [...codePoints(text)];
  for (let i = 0; i < cps.length; i++) {
    let [cluster, start, end] = cps[i];
    while (i + 1 < cps.length && MARK.test(cps[i + 1][0])) {
      i += 1;
      cluster += cps[i][0];
      end = cps[i][2];
    }
    for (const f of nfkc(cluster)) folded.push([f, start, end]);
  }
  return buildUnits(folded);
}

// Per unit: itself, the 2–4-grams of joined units from it, and the gap
// pair "A|B" when a separator run follows (see tokenizer.rs).
export function indexTokens(text) {
  const us = units(text);
  const out = [];
  us.forEach((u, i) => {
    out.push([u.text, u.pos]);
    let gram = u.text;
    for (let j = i; j + 1 < us.length && us[j].joinedNext && j + 1 - i < MAX_GRAM; j++) {
      gram += us[j + 1].text;
      out.push([gram, u.pos]);
    }
    if (!u.joinedNext && i + 1 < us.length) out.push([u.text + GAP_JOIN + us[i + 1].text, u.pos]);
  });
  return out;
}

// The phrase of a query term: [[token, offset], …] sorted by offset
// (see plan_units in tokenizer.rs).
export function planUnits(us) {
  const plan = [];
  if (!us.length) return plan;
  const base = us[0].pos;
  const concat = (from, n) => us.slice(from, from + n).map((u) => u.text).join("");
  let i = 0;
  while (i < us.length) {
    let j = i;
    while (j + 1 < us.length && us[j].joinedNext) j += 1;
    const m = j - i + 1;
    if (m === 1) {
      if (us.length === 1) plan.push([us[i].text, us[i].pos - base]);
    } else if (m <= MAX_GRAM) {
      plan.push([concat(i, m), us[i].pos - base]);
    } else {
      const starts = [];
      for (let k = 0; k <= m - MAX_GRAM; k += MAX_GRAM) starts.push(k);
      if (starts[starts.length - 1] !== m - MAX_GRAM) starts.push(m - MAX_GRAM);
      for (const k of starts) plan.push([concat(i + k, MAX_GRAM), us[i + k].pos - base]);
    }
    if (j + 1 < us.length) plan.push([us[j].text + GAP_JOIN + us[j + 1].text, us[j].pos - base]);
    i = j + 1;
  }
  return plan.sort((a, b) => a[1] - b[1]);
}

export function planTerm(term) {
  return planUnits(units(term));
}

export function queryPlans(query) {
  return splitQuery(query).map(planTerm).filter((p) => p.length);
}

// 文号/索引号 key (see doc_number.rs): null when it has no ASCII digit.
export function exactKey(text) {
  let key = "";
  for (const c of fold(text)) {
    if (isQuerySpace(c.codePointAt(0))) continue;
    if ("[({【〔〖〘".includes(c)) key += "〔";
    else if ("])}】〕〗〙".includes(c)) key += "〕";
    else key += c;
  }
  return /[0-9]/.test(key) ? key : null;
}
