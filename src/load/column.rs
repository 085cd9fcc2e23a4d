//! A column (栏目): a folder with an `_index.md`.

use super::disclosure;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::fields::{Field, Fields, KeyLines, field, label, parse_yaml};
use crate::model::{Kind, canonical_domain};
use std::path::Path;

pub const COLUMN_FIELDS: &[Field] = &[
    field("title", &["名称", "标题"]),
    field("weight", &["排序"]),
    field("kind", &["类型"]),
    field("description", &["描述"]),
    field("domain", &["领域"]),
    field("update_period", &["更新周期", "更新频率"]),
];

#[derive(Debug)]
pub struct ColumnDraft {
    pub path: String,
    pub source: String,
    pub title: String,
    pub weight: i64,
    pub kind: Option<Kind>,
    pub description: Option<String>,
    /// The body of `_index.md`, rendered (links are written as URLs there).
    pub intro_html: String,
    pub domain: Option<&'static str>,
    /// `更新周期`: how often the inspection expects something new (default by class).
    pub update_period: Option<crate::model::inspection::UpdatePeriod>,
    /// Non-disclosure stated in `_index.md`.
    pub withheld: Option<crate::model::DisclosureMode>,
}

pub fn read(
    root: &Path,
    index_file: &Path,
    col_path: &str,
    diags: &mut Diagnostics,
) -> Option<ColumnDraft> {
    let file = crate::diagnostics::display_path(root, index_file);
    let bytes = crate::limits::read(
        &file,
        index_file,
        crate::limits::MARKDOWN_MAX,
        "栏目说明",
        diags,
    )?;
    let text = crate::source::decode(&file, &bytes, diags)?;
    let split = crate::source::split_front_matter(&file, &text, diags)?;
    let value = parse_yaml(
        &file,
        split.front_matter,
        split.front_matter_line - 1,
        diags,
    )?;
    let empty = serde_yaml::Mapping::new();
    let map = value.as_mapping().unwrap_or(&empty);
    let lines = KeyLines::scan(split.front_matter, split.front_matter_line);
    let constructs =
        disclosure::refuse_constructs(&file, split.front_matter, split.front_matter_line, diags);
    let f = Fields::read(&file, map, &lines, COLUMN_FIELDS, true, diags);
    // A column cannot be withheld as a whole (see `withheld`): any non-disclosure in
    // its _index.md, in any spelling, is an error there, and everything below it is
    // read as withheld.
    let body_line = split.front_matter_line + split.front_matter.lines().count() + 1;
    let mut stated = disclosure::scan_fields(
        &f,
        map,
        COLUMN_FIELDS,
        &["kind", "domain", "weight"],
        split.front_matter,
        split.front_matter_line,
        false,
    );
    stated.extend(disclosure::scan_body(split.body, body_line, COLUMN_FIELDS));
    for x in &stated {
        diags.push(disclosure::diagnostic(&file, x, disclosure::Place::Column));
    }
    let withheld = disclosure::strictest(&stated)
        .or(constructs.then_some(crate::model::DisclosureMode::OnRequest));
    let title = f.text("title", COLUMN_FIELDS, diags);
    if title.is_none() {
        diags.push(
            Diagnostic::error(
                "missing-field",
                &file,
                f.line("title"),
                format!("栏目缺少 {}", label(COLUMN_FIELDS, "title")),
            )
            .hint("在 _index.md 的元数据中写 名称: 栏目名称"),
        );
    }
    let weight = match f.value("weight") {
        None => 0,
        Some(v) => v.as_i64().unwrap_or_else(|| {
            diags.push(
                Diagnostic::error("field-type", &file, f.line("weight"), "排序 应为整数")
                    .hint("如 排序: 1（数字小的排在前面）"),
            );
            0
        }),
    };
    let kind = f.text("kind", COLUMN_FIELDS, diags).and_then(|k| {
        Kind::parse(&k).or_else(|| {
            diags.push(
                Diagnostic::error(
                    "unknown-value",
                    &file,
                    f.line("kind"),
                    format!("未知类型“{k}”"),
                )
                .hint(format!("类型可选：{}", Kind::choices())),
            );
            None
        })
    });
    let domain = f.text("domain", COLUMN_FIELDS, diags).and_then(|d| {
        canonical_domain(&d).or_else(|| {
            diags.push(
                Diagnostic::error(
                    "unknown-value",
                    &file,
                    f.line("domain"),
                    format!("领域“{d}”不是基层政务公开的 26 个领域之一"),
                )
                .hint("如 就业、社会救助、涉农补贴、义务教育 …（见 README）"),
            );
            None
        })
    });
    let intro = crate::markdown::render(split.body, &|_| None);
    let intro_line = crate::markdown::line_of_slice(&text, split.body);
    crate::markdown::report_removed(&file, intro_line, &intro.removed, diags);
    let intro_html = intro.html;
    let update_period = f.text("update_period", COLUMN_FIELDS, diags).and_then(|t| {
        crate::model::inspection::UpdatePeriod::parse(&t).or_else(|| {
            diags.push(
                Diagnostic::error(
                    "unknown-value",
                    &file,
                    f.line("update_period"),
                    format!("更新周期“{t}”无法识别"),
                )
                .hint("写作 2周、14天、6个月、半年、1年 或 不定期（不定期的栏目不计入应更新栏目）"),
            );
            None
        })
    });
    Some(ColumnDraft {
        path: col_path.to_string(),
        source: file,
        title: title?,
        weight,
        kind,
        description: f.text("description", COLUMN_FIELDS, diags),
        intro_html,
        domain,
        update_period,
        withheld,
    })
}
