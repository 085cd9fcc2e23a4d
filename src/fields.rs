//! YAML mappings keyed by English or Chinese field names, with the line of every key.
//!
//! Front matter, structured documents and `xxgk.yaml` all go through [`Fields`]:
//! it folds each key to its canonical English name, reports duplicates and unknown
//! keys (naming the closest known one, so a typo such as 发布日起 does not pass
//! silently), and turns type errors into `file:line` diagnostics.

use crate::dates;
use crate::diagnostics::{Diagnostic, Diagnostics};
use chrono::NaiveDate;
use serde_yaml::{Mapping, Value};
use std::collections::BTreeMap;

/// A known field: its canonical English key and the other names it is accepted under.
pub struct Field {
    pub key: &'static str,
    pub names: &'static [&'static str],
}

pub const fn field(key: &'static str, names: &'static [&'static str]) -> Field {
    Field { key, names }
}

pub fn canonical(table: &[Field], name: &str) -> Option<&'static str> {
    let n = name.trim();
    let exact = table
        .iter()
        .find(|f| f.key == n || f.names.contains(&n))
        .map(|f| f.key);
    exact.or_else(|| {
        // Only keys that differ from every name as written pay for folding.
        let n = fold_key(n);
        table
            .iter()
            .find(|f| {
                std::iter::once(f.key)
                    .chain(f.names.iter().copied())
                    .any(|k| fold_key(k) == n)
            })
            .map(|f| f.key)
    })
}

/// A key as editors type it, folded for matching: NFKC (ｔｉｔｌｅ, full-width
/// brackets), no spaces of any width (标　　题, spaced out to align labels the way
/// Chinese forms do), no invisible characters pasted from word processors and chat
/// (zero-width spaces and joiners, soft hyphens), ASCII lowercase.
pub fn fold_key(name: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    name.nfkc()
        .filter(|c| {
            !c.is_whitespace()
                && !matches!(
                    c,
                    '\u{AD}' | '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}'
                )
        })
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// The closest known name (English or Chinese) to a misspelt key, if any is close.
pub fn closest(table: &[Field], name: &str) -> Option<&'static str> {
    let all = table
        .iter()
        .flat_map(|f| std::iter::once(f.key).chain(f.names.iter().copied()));
    all.map(|cand| (strsim::normalized_damerau_levenshtein(name, cand), cand))
        .filter(|(score, _)| *score >= 0.5)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// The display name of a field for messages: `发布日期（date）`.
pub fn label(table: &[Field], key: &str) -> String {
    match table.iter().find(|f| f.key == key) {
        Some(f) => match f.names.first() {
            Some(zh) => format!("{zh}（{}）", f.key),
            None => f.key.to_string(),
        },
        None => key.to_string(),
    }
}

/// Parses YAML text, mapping a parse error to `file:line`.
pub fn parse_yaml(
    file: &str,
    text: &str,
    line_offset: usize,
    diags: &mut Diagnostics,
) -> Option<Value> {
    // Size, nesting and aliases are bounded before libyaml sees the text.
    if !crate::limits::yaml(file, text, line_offset, diags) {
        return None;
    }
    match serde_yaml::from_str::<Value>(text) {
        Ok(v) => Some(v),
        Err(e) => {
            let at = e.location().map(|l| (l.line(), l.column()));
            if let Some(key) = duplicate_key(&e.to_string()) {
                let (mline, mcol) = at.unwrap_or((1, 1));
                let (first, again) = duplicate_lines(text, &key, mline, mcol);
                diags.push(
                    Diagnostic::error(
                        "duplicate-field",
                        file,
                        again + line_offset,
                        format!("字段“{key}”重复出现（第 {} 行已有）", first + line_offset),
                    )
                    .hint("同一字段只能写一次：删去多余的一行，或把两处内容合并"),
                );
                return None;
            }
            let (message, line) = yaml_error(&e.to_string(), at.map(|(l, _)| l).unwrap_or(1));
            // libyaml places an error at the end of a file that lacks its last line
            // break (a truncated file) on the line after it, which the editor's window
            // does not have: the problem is on the last line.
            let line = line.clamp(1, text.lines().count().max(1));
            diags.push(
                Diagnostic::error(
                    "yaml-syntax",
                    file,
                    line + line_offset,
                    format!("YAML 格式错误：{message}"),
                )
                .hint("检查缩进、冒号后的空格、括号和引号是否成对；含冒号或 # 的值请加引号"),
            );
            None
        }
    }
}

/// The key of serde_yaml's `duplicate entry with key "排序"` (a string key only).
fn duplicate_key(message: &str) -> Option<String> {
    let rest = message.split_once("duplicate entry with key \"")?.1;
    let end = rest.find("\" at line ").or_else(|| rest.rfind('"'))?;
    Some(rest[..end].to_string())
}

/// serde_yaml places a duplicate key at the start of its mapping (line and column,
/// 1-based), where the editor would look in vain: the lines of the key's first and
/// second occurrence among that mapping's own keys, or the mapping's line twice
/// when they cannot be told (a flow mapping).
fn duplicate_lines(text: &str, key: &str, line: usize, column: usize) -> (usize, usize) {
    let indent = column.saturating_sub(1);
    let mut found = vec![];
    for (i, raw) in text.lines().enumerate().skip(line.saturating_sub(1)) {
        let n = i + 1;
        let t = raw.trim_start_matches(' ');
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        let ind = raw.len() - t.len();
        // The first key of a list item's mapping stands after its `- `.
        let own = if n == line {
            t.trim_start_matches(['-', ' '])
        } else if ind == indent {
            t
        } else if ind < indent {
            break;
        } else {
            continue;
        };
        if key_of(own).as_deref() == Some(key) {
            found.push(n);
            if found.len() == 2 {
                return (found[0], found[1]);
            }
        }
    }
    (line, line)
}

/// libyaml says where it gave up ("at line 3") and, for an unclosed bracket or quote,
/// where the construct began ("while parsing a flow sequence at line 2"): the start
/// is where the editor must look, so that line is reported. Any other construct
/// (a block list or mapping, a plain scalar) begins where nothing is wrong — the top
/// of a long list, the line above a stray tab — and the line where it gave up is
/// reported.
fn yaml_error(text: &str, fallback: usize) -> (String, usize) {
    let strip = |s: &str| s.split(" at line ").next().unwrap_or(s).trim().to_string();
    let line_in = |s: &str| {
        s.split(" at line ")
            .nth(1)
            .and_then(|r| r.split_whitespace().next())
            .and_then(|n| n.parse().ok())
    };
    match text.split_once(", while ") {
        Some((what, context)) => {
            let unclosed = ["flow sequence", "flow mapping", "quoted scalar"]
                .iter()
                .any(|c| context.contains(c));
            let line = if unclosed {
                line_in(context)
            } else {
                line_in(what)
            };
            (
                format!("{}（while {}）", strip(what), strip(context)),
                line.unwrap_or(fallback),
            )
        }
        None => (strip(text), line_in(text).unwrap_or(fallback)),
    }
}

/// A value that YAML read as a list or a mapping where text was meant: a leading
/// `[`, `{`, `-` or `? `, or a `: ` inside the text, makes it one.
const TEXT_HINT: &str =
    "把文字写在冒号后的同一行；以 [ { - ? 开头或含有“: ”的文字请加引号，如 标题: \"[试行] 关于……\"";

/// A mapping read against a field table.
#[derive(Debug, Default, Clone)]
pub struct Fields {
    pub file: String,
    values: BTreeMap<&'static str, (Value, usize)>,
    /// Keys not in the table, in order: (name as written, value, line).
    pub extra: Vec<(String, Value, usize)>,
    /// Line of the mapping's first line, for whole-mapping messages.
    pub first_line: usize,
}

impl Fields {
    /// Reads a mapping. `lines` locates keys: see [`KeyLines`]. Unknown keys are kept
    /// in `extra` (warned about when `warn_unknown`).
    pub fn read(
        file: &str,
        map: &Mapping,
        lines: &KeyLines,
        table: &[Field],
        warn_unknown: bool,
        diags: &mut Diagnostics,
    ) -> Fields {
        let mut out = Fields {
            file: file.to_string(),
            first_line: lines.first_line,
            ..Fields::default()
        };
        for (k, v) in map {
            let name = scalar_text(k).unwrap_or_default();
            let line = lines.line_of(&name);
            match canonical(table, &name) {
                Some(key) => {
                    if let Some((_, prev)) = out.values.get(key) {
                        diags.push(
                            Diagnostic::error(
                                "duplicate-field",
                                file,
                                line,
                                format!("字段 {} 重复出现（第 {prev} 行已有）", label(table, key)),
                            )
                            .hint("中文名和英文名是同一个字段，只保留一个"),
                        );
                    } else {
                        out.values.insert(key, (v.clone(), line));
                    }
                }
                None => {
                    if warn_unknown {
                        let mut d = Diagnostic::warning(
                            "unknown-field",
                            file,
                            line,
                            format!("未知字段“{name}”，已忽略"),
                        );
                        if let Some(c) = closest(table, &name) {
                            d = d.hint(format!("是否应为“{c}”？"));
                        }
                        diags.push(d);
                    }
                    out.extra.push((name, v.clone(), line));
                }
            }
        }
        out
    }

    pub fn has(&self, key: &str) -> bool {
        self.values.get(key).is_some_and(|(v, _)| !is_blank(v))
    }

    /// Whether the key is written at all, even with an empty value.
    pub fn written(&self, key: &str) -> bool {
        self.values.contains_key(key)
    }

    pub fn value(&self, key: &str) -> Option<&Value> {
        self.values
            .get(key)
            .map(|(v, _)| v)
            .filter(|v| !is_blank(v))
    }

    /// Line of a key, or of the mapping when the key is absent.
    pub fn line(&self, key: &str) -> usize {
        self.values
            .get(key)
            .map(|(_, l)| *l)
            .unwrap_or(self.first_line)
    }

    pub fn lines(&self) -> BTreeMap<&'static str, usize> {
        self.values.iter().map(|(k, (_, l))| (*k, *l)).collect()
    }

    /// A scalar as text; a mapping or list where text is expected is an error.
    pub fn text(&self, key: &str, table: &[Field], diags: &mut Diagnostics) -> Option<String> {
        let v = self.value(key)?;
        match scalar_text(v) {
            Some(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
            None => {
                diags.push(
                    Diagnostic::error(
                        "field-type",
                        &self.file,
                        self.line(key),
                        format!("字段 {} 应为一段文字", label(table, key)),
                    )
                    .hint(TEXT_HINT),
                );
                None
            }
        }
    }

    pub fn date(&self, key: &str, table: &[Field], diags: &mut Diagnostics) -> Option<NaiveDate> {
        let text = self.text(key, table, diags)?;
        match dates::parse(&text) {
            Ok(d) => Some(d),
            Err(msg) => {
                diags.push(
                    Diagnostic::error(
                        "bad-date",
                        &self.file,
                        self.line(key),
                        format!("字段 {}：{msg}", label(table, key)),
                    )
                    .hint(dates::DATE_HINT),
                );
                None
            }
        }
    }

    /// A list of texts, from a YAML list or a 、/，/, separated string.
    pub fn text_list(&self, key: &str, table: &[Field], diags: &mut Diagnostics) -> Vec<String> {
        match self.value(key) {
            None => vec![],
            Some(Value::Sequence(items)) => items
                .iter()
                .filter_map(scalar_text)
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect(),
            Some(v) => match scalar_text(v) {
                Some(s) => split_list(&s),
                None => {
                    diags.push(
                        Diagnostic::error(
                            "field-type",
                            &self.file,
                            self.line(key),
                            format!("字段 {} 应为列表或用顿号分隔的文字", label(table, key)),
                        )
                        .hint("如 主题词: 就业、稳岗、补贴"),
                    );
                    vec![]
                }
            },
        }
    }
}

/// Splits `就业、稳岗, 补贴` into items.
pub fn split_list(s: &str) -> Vec<String> {
    s.split(['、', '，', ',', '；', ';'])
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect()
}

pub fn scalar_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Tagged(t) => scalar_text(&t.value),
        _ => None,
    }
}

fn is_blank(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        _ => false,
    }
}

/// Where each key of a YAML mapping stands, found by scanning the text: the YAML
/// value tree carries no positions, and front matter is shallow enough that the first
/// line at the mapping's indentation that starts with `key:` is the key.
#[derive(Debug, Clone, Default)]
pub struct KeyLines {
    /// (indent, key, absolute line)
    entries: Vec<(usize, String, usize)>,
    /// Absolute line of the first entry considered.
    pub first_line: usize,
    indent: usize,
}

impl KeyLines {
    /// Top-level keys of `text`, whose first line is absolute line `first_line`.
    pub fn scan(text: &str, first_line: usize) -> KeyLines {
        let mut entries = vec![];
        for (i, raw) in text.lines().enumerate() {
            let indent = raw.len() - raw.trim_start_matches(' ').len();
            let line = raw.trim_start_matches(' ');
            let line = line.strip_prefix("- ").unwrap_or(line);
            if line.starts_with('#') || line.is_empty() {
                continue;
            }
            if let Some(key) = key_of(line) {
                entries.push((indent, key, first_line + i));
            }
        }
        KeyLines {
            entries,
            first_line,
            indent: 0,
        }
    }

    pub fn line_of(&self, key: &str) -> usize {
        self.entries
            .iter()
            .find(|(ind, k, l)| *ind == self.indent && *l >= self.first_line && k == key)
            .map(|(_, _, l)| *l)
            .unwrap_or(self.first_line)
    }

    /// The keys of the mapping nested under `key` (or the `index`th item of a list under it).
    pub fn nested(&self, key: &str, index: Option<usize>) -> KeyLines {
        let start = self.line_of(key);
        let parent_indent = self.indent;
        let block: Vec<_> = self
            .entries
            .iter()
            .filter(|(_, _, l)| *l > start)
            .take_while(|(ind, _, _)| *ind > parent_indent)
            .cloned()
            .collect();
        let Some(child_indent) = block.iter().map(|(i, _, _)| *i).min() else {
            return KeyLines {
                entries: vec![],
                first_line: start,
                indent: parent_indent + 2,
            };
        };
        let mut first = block.first().map(|(_, _, l)| *l).unwrap_or(start);
        if let Some(idx) = index {
            // List items: each item starts at a line holding "- "; we only know keys,
            // so the n-th item's first key is the n-th occurrence of the first key name.
            let first_key = block.first().map(|(_, k, _)| k.clone()).unwrap_or_default();
            if let Some((_, _, l)) = block
                .iter()
                .filter(|(i, k, _)| *i == child_indent && *k == first_key)
                .nth(idx)
            {
                first = *l;
            }
        }
        KeyLines {
            entries: block,
            first_line: first,
            indent: child_indent,
        }
    }
}

fn key_of(line: &str) -> Option<String> {
    let (key, rest) = if let Some(stripped) = line.strip_prefix('"') {
        let end = stripped.find('"')?;
        (&stripped[..end], &stripped[end + 1..])
    } else if let Some(stripped) = line.strip_prefix('\'') {
        let end = stripped.find('\'')?;
        (&stripped[..end], &stripped[end + 1..])
    } else {
        let colon = line.find(':')?;
        (&line[..colon], &line[colon..])
    };
    let rest = rest.trim_start();
    let after = rest.strip_prefix(':')?;
    if !(after.is_empty() || after.starts_with(' ') || after.starts_with('\t')) {
        return None; // e.g. a URL "https://…" in a list item
    }
    Some(key.trim().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    const TABLE: &[Field] = &[
        field("title", &["标题"]),
        field("date", &["发布日期"]),
        field("contact", &["联系方式"]),
    ];

    fn read(text: &str, diags: &mut Diagnostics) -> Fields {
        let v = parse_yaml("a.md", text, 1, diags).unwrap();
        let lines = KeyLines::scan(text, 2);
        Fields::read("a.md", v.as_mapping().unwrap(), &lines, TABLE, true, diags)
    }

    #[test]
    fn chinese_and_english_keys_fold_to_one_field() {
        let mut d = Diagnostics::new();
        let f = read("标题: 关于做好就业工作的通知\ndate: 2023-03-20\n", &mut d);
        assert_eq!(
            f.text("title", TABLE, &mut d).as_deref(),
            Some("关于做好就业工作的通知")
        );
        assert_eq!(f.line("date"), 3);
        assert!(d.is_empty());
    }

    #[test]
    fn keys_spaced_out_pasted_or_full_width_are_still_known() {
        let mut d = Diagnostics::new();
        let f = read(
            "标　　题: 关于做好就业工作的通知\n发布\u{200B}日期: 2023-03-20\nＣｏｎｔａｃｔ: 0999-1234567\n",
            &mut d,
        );
        assert!(d.is_empty(), "{:?}", d.sorted());
        assert_eq!(
            f.text("title", TABLE, &mut d).as_deref(),
            Some("关于做好就业工作的通知")
        );
        assert_eq!(f.line("date"), 3);
        assert_eq!(f.line("contact"), 4);
        // Spaced out or not, it is one field: the second is a duplicate.
        let mut d = Diagnostics::new();
        read("标题: 甲\n标 题: 乙\n", &mut d);
        let errors = d.sorted();
        assert_eq!((errors[0].rule, errors[0].line), ("duplicate-field", 3));
    }

    #[test]
    fn typo_is_a_warning_naming_the_closest_key() {
        let mut d = Diagnostics::new();
        read("标题: x\n发布日起: 2023-03-20\n", &mut d);
        let w: Vec<_> = d.iter().collect();
        assert_eq!(w.len(), 1);
        assert!(!w[0].is_error());
        assert_eq!(w[0].line, 3);
        assert!(
            w[0].hint.as_deref().unwrap().contains("发布日期"),
            "{:?}",
            w[0]
        );
    }

    #[test]
    fn duplicate_under_both_names_is_an_error() {
        let mut d = Diagnostics::new();
        read("标题: x\ntitle: y\n", &mut d);
        assert!(d.has_errors());
    }

    #[test]
    fn unclosed_bracket_points_at_its_start() {
        let mut d = Diagnostics::new();
        assert!(parse_yaml("a.md", "标题: 甲\n发布日期: [2026-03-12\n", 1, &mut d).is_none());
        let e = d.iter().next().unwrap();
        assert_eq!(e.line, 3, "{e}");
        assert!(e.message.contains("flow sequence"), "{e}");
    }

    #[test]
    fn a_broken_list_item_is_reported_where_it_breaks_not_at_the_list() {
        let line = |text: &str| {
            let mut d = Diagnostics::new();
            assert!(parse_yaml("a.yaml", text, 0, &mut d).is_none());
            d.iter().next().unwrap().line
        };
        // "did not find expected '-' indicator …, while parsing a block collection at line 2"
        assert_eq!(line("事项:\n  - a: 1\n  - b: 2\n  - c: 3\n  d: 4\n"), 5);
        // A tab in the indentation under a plain scalar that began on line 3.
        assert_eq!(line("a:\n  - 1\n  - 2\n\t- 3\n"), 4);
        // An unclosed quote: where it opens.
        assert_eq!(line("x: 1\ny: \"abc\nz: 3\nw: 4\n"), 2);
    }

    #[test]
    fn truncated_file_is_reported_on_its_last_line() {
        let mut d = Diagnostics::new();
        let text = "标题: 甲\n申请情况:\n  本年新收: [26, ";
        assert!(parse_yaml("a.yaml", text, 0, &mut d).is_none());
        let e = d.iter().next().unwrap();
        assert_eq!(e.line, 3, "{e}");
    }

    #[test]
    fn a_duplicate_key_is_reported_where_it_is_repeated() {
        let dup = |text: &str, offset: usize| {
            let mut d = Diagnostics::new();
            assert!(parse_yaml("a.md", text, offset, &mut d).is_none());
            let e = d.iter().next().unwrap().clone();
            assert_eq!(e.rule, "duplicate-field", "{e}");
            (e.line, e.message)
        };
        let (line, msg) = dup("标题: 甲\n排序: 1\n名称: 乙\n排序: 2\n", 1);
        assert_eq!(line, 5);
        assert!(msg.contains("排序") && msg.contains("第 3 行"), "{msg}");
        let nested = "标题: 甲\n联系方式:\n  电话: 1\n  地址:\n    乡: 2\n  电话: 3\n";
        assert_eq!(dup(nested, 0).0, 6);
        let item = "事项:\n  - 名称: 甲\n    类型: 许可\n    名称: 乙\n";
        assert_eq!(dup(item, 0).0, 4);
        assert_eq!(dup("a: {b: 1, b: 2}\n", 0).0, 1);
    }

    #[test]
    fn nested_key_lines() {
        let text = "标题: x\n联系方式:\n  电话: 123\n  地址: 某路\n发布日期: 2023-01-01\n";
        let lines = KeyLines::scan(text, 10);
        assert_eq!(lines.line_of("发布日期"), 14);
        let inner = lines.nested("联系方式", None);
        assert_eq!(inner.line_of("地址"), 13);
        let list = "附件:\n  - path: a.pdf\n    title: A\n  - path: b.pdf\n";
        let lines = KeyLines::scan(list, 1);
        assert_eq!(lines.nested("附件", Some(1)).line_of("path"), 4);
    }

    #[test]
    fn split_list_accepts_chinese_separators() {
        assert_eq!(
            split_list("就业、稳岗, 补贴；社保"),
            ["就业", "稳岗", "补贴", "社保"]
        );
    }
}
