//! Reading the data of each document kind from a `*.yaml` document's keys beyond the
//! common fields (or a Markdown plan's front matter), one file per kind. A reader
//! reports only what cannot be read as written; the kinds' rules are `check::kinds`.

pub mod annual_report;
pub mod budget;
pub mod plan;
pub mod power_list;

use crate::amount::{AMOUNT_HINT, Amount};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::fields::{Field, Fields, KeyLines, scalar_text};
use crate::markdown;
use crate::model::{Kind, Structured};
use crate::rows::Source;
use serde_yaml::{Mapping, Value};

/// What a structured reader gets: the document's own keys (read against its
/// kind's table), where they stand, and the document facts it builds on.
pub struct Input<'a> {
    pub src: Source<'a>,
    pub fields: Fields,
    pub lines: &'a KeyLines,
    pub title: &'a str,
    pub issuer: &'a str,
    pub resolve_link: &'a (dyn Fn(&str) -> Option<String> + Sync),
}

impl Input<'_> {
    /// The key as the editor wrote it (to find nested lines).
    pub fn written(&self, table: &[Field], key: &str) -> String {
        let line = self.fields.line(key);
        table
            .iter()
            .find(|f| f.key == key)
            .into_iter()
            .flat_map(|f| std::iter::once(f.key).chain(f.names.iter().copied()))
            .find(|n| self.lines.line_of(n) == line)
            .unwrap_or(key)
            .to_string()
    }

    /// The mapping under `key`, read against `table`. `None` when absent, or when it is
    /// not a mapping (reported, with `example` as the hint).
    pub fn mapping(
        &self,
        outer: &[Field],
        key: &str,
        table: &[Field],
        example: &str,
        diags: &mut Diagnostics,
    ) -> Option<Fields> {
        let file = self.src.file;
        let Value::Mapping(m) = self.fields.value(key)? else {
            diags.push(
                Diagnostic::error(
                    "field-type",
                    file,
                    self.fields.line(key),
                    format!("{} 应写成“名称: 值”的映射", crate::rows::zh(outer, key)),
                )
                .hint(example.to_string()),
            );
            return None;
        };
        let nested = self.lines.nested(&self.written(outer, key), None);
        Some(Fields::read(file, m, &nested, table, true, diags))
    }

    /// Renders Markdown prose with the document's link resolver: (html, text);
    /// `line` is the line of its key (a block scalar starts on the next).
    pub fn markdown(&self, md: &str, line: usize, diags: &mut Diagnostics) -> (String, String) {
        let r = markdown::render(md, self.resolve_link);
        markdown::report_removed(self.src.file, line + 1, &r.removed, diags);
        (r.html, r.text)
    }

    /// The year: the `年度` field, or the first "2025年" in the title.
    pub fn year(&self, table: &[Field], diags: &mut Diagnostics) -> Option<i32> {
        let file = self.src.file;
        if let Some(t) = self.fields.text("year", table, diags) {
            let y: String = t.chars().filter(char::is_ascii_digit).collect();
            return match y.parse::<i32>() {
                Ok(y) if (1990..=2100).contains(&y) => Some(y),
                _ => {
                    diags.push(
                        Diagnostic::error(
                            "bad-year",
                            file,
                            self.fields.line("year"),
                            format!("年度“{t}”不是年份"),
                        )
                        .hint("如 年度: 2025"),
                    );
                    None
                }
            };
        }
        year_in(self.title).or_else(|| {
            diags.push(
                Diagnostic::error(
                    "missing-field",
                    file,
                    self.fields.first_line,
                    "缺少 年度，标题中也没有年份",
                )
                .hint("加一行 年度: 2025"),
            );
            None
        })
    }
}

/// An amount in 万元 under `key` of a nested mapping; a malformed one is reported
/// (as `{what} {field}：…`) and read as absent.
pub fn amount_field(
    f: &Fields,
    table: &[Field],
    key: &str,
    what: &str,
    diags: &mut Diagnostics,
) -> Option<Amount> {
    let text = f.value(key).and_then(scalar_text)?;
    Amount::parse(&text)
        .map_err(|msg| {
            diags.push(
                Diagnostic::error(
                    "bad-amount",
                    &f.file,
                    f.line(key),
                    format!("{what} {}：{msg}", crate::rows::zh(table, key)),
                )
                .hint(AMOUNT_HINT),
            )
        })
        .ok()
}

/// The first `2025年` in a text.
pub fn year_in(text: &str) -> Option<i32> {
    let chars: Vec<char> = text.chars().collect();
    chars.windows(5).find_map(|w| {
        (w[..4].iter().all(char::is_ascii_digit) && w[4] == '年')
            .then(|| w[..4].iter().collect::<String>().parse().ok())
            .flatten()
    })
}

/// Reads the data of a structured document of `kind` from its keys beyond the
/// common fields. `None` for other kinds, or when the data is unusable (reported).
pub fn read(
    kind: Kind,
    extra: &[(String, Value, usize)],
    src: Source,
    lines: &KeyLines,
    doc: (&str, &str),
    resolve_link: &(dyn Fn(&str) -> Option<String> + Sync),
    diags: &mut Diagnostics,
) -> Option<Structured> {
    let table = match kind {
        Kind::PowerList => power_list::FIELDS,
        Kind::Budget => budget::FIELDS,
        Kind::AnnualReport => annual_report::FIELDS,
        Kind::Plan => plan::FIELDS,
        _ => return None,
    };
    let mut map = Mapping::new();
    for (k, v, _) in extra {
        map.insert(Value::String(k.clone()), v.clone());
    }
    let fields = Fields::read(src.file, &map, lines, table, false, diags);
    // A key neither common nor the kind's own is a typo of either: name the closest of both.
    for (name, _, line) in &fields.extra {
        let mut d = Diagnostic::warning(
            "unknown-field",
            src.file,
            *line,
            format!("未知字段“{name}”，已忽略"),
        );
        if let Some(c) = crate::fields::closest(table, name)
            .or_else(|| crate::fields::closest(crate::load::DOC_FIELDS, name))
        {
            d = d.hint(format!("是否应为“{c}”？"));
        }
        diags.push(d);
    }
    let input = Input {
        src,
        fields,
        lines,
        title: doc.0,
        issuer: doc.1,
        resolve_link,
    };
    match kind {
        Kind::PowerList => power_list::read(&input, diags).map(Structured::PowerList),
        Kind::Budget => budget::read(&input, diags).map(|b| Structured::Budget(Box::new(b))),
        Kind::AnnualReport => {
            annual_report::read(&input, diags).map(|r| Structured::AnnualReport(Box::new(r)))
        }
        Kind::Plan => plan::read(&input, diags).map(|p| Structured::Plan(Box::new(p))),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn year_from_title() {
        assert_eq!(
            year_in("示例县人民政府2025年政府信息公开工作年度报告"),
            Some(2025)
        );
        assert_eq!(year_in("示例县2026年部门预算（2025年调整）"), Some(2026));
        assert_eq!(year_in("年度报告"), None);
    }
}
