//! Reads a 权责清单's items (inline or from the sheet editors keep in Excel) into
//! [`crate::model::kinds::power_list`]; duplicate codes are `check::kinds::power_list`.

use super::Input;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::fields::{Field, field};
use crate::model::kinds::power_list::*;
use crate::rows::{self, Record};

/// A type as editors write it: `行政许可`, `许可`, `行政许可类`, `其他`.
pub fn parse_type(text: &str) -> Option<usize> {
    let t = rows::fold(text);
    let t = t.strip_suffix('类').unwrap_or(&t);
    if matches!(t, "其他" | "其他权力" | "其他职权" | "其他行政职权") {
        return Some(9);
    }
    TYPES
        .iter()
        .position(|ty| *ty == t || ty.strip_prefix("行政") == Some(t))
}

/// The document's own keys.
pub const FIELDS: &[Field] = &[
    field("items", &["事项", "权责事项", "清单", "事项清单"]),
    field("subject", &["实施主体", "部门"]),
];

/// Columns of the sheet (or keys of an inline item).
pub const ITEM_FIELDS: &[Field] = &[
    field("seq", &["序号"]),
    field("code", &["编码", "事项编码", "权力编码"]),
    field(
        "name",
        &["事项名称", "权责事项名称", "权力事项名称", "名称"],
    ),
    field("type", &["事项类型", "权力类型", "职权类型", "类型"]),
    field("basis", &["设定依据", "法律依据", "依据"]),
    field("subject", &["实施主体", "责任主体", "实施机关"]),
    field("duties", &["责任事项", "责任事项内容"]),
    field(
        "accountability",
        &["追责情形", "追责情形及依据", "问责情形"],
    ),
    field("process", &["运行流程", "办理流程"]),
    field("supervision", &["监督方式"]),
    field("note", &["备注"]),
];

const REQUIRED: &[&str] = &["name", "type", "basis", "duties", "accountability"];

pub fn read(input: &Input, diags: &mut Diagnostics) -> Option<PowerList> {
    let file = input.src.file;
    let f = &input.fields;
    let default_subject = f.text("subject", FIELDS, diags);
    let Some(value) = f.value("items") else {
        diags.push(
            Diagnostic::error(
                "missing-field",
                file,
                f.first_line,
                "权责清单缺少 事项（清单的各个事项）",
            )
            .hint("写 事项: 清单.xlsx（同目录的电子表格），或在 事项: 下逐项列出"),
        );
        return None;
    };
    let key = input.written(FIELDS, "items");
    let table = rows::read_table(
        &input.src,
        &key,
        f.line("items"),
        value,
        ITEM_FIELDS,
        REQUIRED,
        diags,
    )?;
    let items: Vec<PowerItem> = table
        .records
        .iter()
        .filter_map(|r| item(r, default_subject.as_deref(), diags))
        .collect();
    if items.is_empty() && !diags.has_errors() {
        diags.push(
            Diagnostic::error("empty-list", file, f.line("items"), "权责清单中没有事项")
                .hint("每个事项写一行（或电子表格中一行），至少写 事项名称 和 事项类型"),
        );
    }
    Some(PowerList {
        items,
        file: table.file,
    })
}

fn item(r: &Record, default_subject: Option<&str>, diags: &mut Diagnostics) -> Option<PowerItem> {
    let name = r.text("name");
    let label = name.clone().unwrap_or_else(|| "（无名称）".into());
    let mut ok = true;
    for key in REQUIRED {
        if r.text(key).is_none() {
            ok = false;
            diags.push(
                r.loc
                    .error(
                        "missing-field",
                        format!(
                            "事项“{label}”缺少 {}",
                            rows::zh(ITEM_FIELDS, key)
                        ),
                    )
                    .hint("权责清单每个事项都要载明 事项名称、事项类型、设定依据、实施主体、责任事项、追责情形"),
            );
        }
    }
    let subject = r.text("subject").or(default_subject.map(str::to_string));
    if subject.is_none() {
        ok = false;
        diags.push(
            r.loc
                .error("missing-field", format!("事项“{label}”缺少 实施主体"))
                .hint(
                    "在表中填写实施主体列，或在文档中写 实施主体: 部门名称（作为各事项的默认值）",
                ),
        );
    }
    let kind = match r.text("type") {
        Some(t) => match parse_type(&t) {
            Some(k) => Some(k),
            None => {
                diags.push(
                    r.loc_of("type")
                        .error(
                            "unknown-value",
                            format!("事项“{label}”的事项类型“{t}”不是权责事项类型"),
                        )
                        .hint(format!("可选：{}", TYPES.join(" | "))),
                );
                None
            }
        },
        None => None,
    };
    if !ok {
        return None;
    }
    Some(PowerItem {
        code: r.text("code"),
        name: name?,
        kind: kind?,
        basis: r.text("basis")?,
        subject: subject?,
        duties: r.text("duties")?,
        accountability: r.text("accountability")?,
        process: r.text("process"),
        supervision: r.text("supervision"),
        note: r.text("note"),
        loc: r.loc.clone(),
    })
}
