//! 权责清单: a department's powers and responsibilities, item by item (DOMAIN §7).
//! Editors keep the list in Excel; the document names the sheet (or lists the
//! items inline) and every item is checked for the fields an assessor looks for.

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::fields::{Field, field};
use crate::rows::{self, Loc, Record};
use crate::structured::Input;
use std::collections::HashMap;
use std::path::PathBuf;

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

/// The ten power types, in the order lists present them.
pub const TYPES: [&str; 10] = [
    "行政许可",
    "行政处罚",
    "行政强制",
    "行政征收",
    "行政给付",
    "行政检查",
    "行政确认",
    "行政奖励",
    "行政裁决",
    "其他行政权力",
];

/// Anchor ids of the types (the usual pinyin initials), so links work without JS.
pub const TYPE_IDS: [&str; 10] = [
    "xzxk", "xzcf", "xzqz", "xzzs", "xzgf", "xzjc", "xzqr", "xzjl", "xzcj", "qtxzql",
];

const REQUIRED: &[&str] = &["name", "type", "basis", "duties", "accountability"];

#[derive(Debug, Clone)]
pub struct PowerItem {
    pub code: Option<String>,
    pub name: String,
    /// Index into [`TYPES`].
    pub kind: usize,
    pub basis: String,
    pub subject: String,
    pub duties: String,
    pub accountability: String,
    pub process: Option<String>,
    pub supervision: Option<String>,
    pub note: Option<String>,
    pub loc: Loc,
}

#[derive(Debug, Clone)]
pub struct PowerList {
    pub items: Vec<PowerItem>,
    /// The spreadsheet the items came from.
    pub file: Option<PathBuf>,
}

impl PowerList {
    /// Items per type, in [`TYPES`] order.
    pub fn counts(&self) -> [usize; 10] {
        let mut c = [0; 10];
        for i in &self.items {
            c[i.kind] += 1;
        }
        c
    }

    pub fn plain_text(&self) -> String {
        let mut out = String::new();
        for i in &self.items {
            for part in [
                Some(i.name.as_str()),
                Some(TYPES[i.kind]),
                i.code.as_deref(),
                Some(i.basis.as_str()),
                Some(i.subject.as_str()),
                Some(i.duties.as_str()),
                Some(i.accountability.as_str()),
                i.process.as_deref(),
                i.supervision.as_deref(),
            ]
            .into_iter()
            .flatten()
            {
                out.push_str(part);
                out.push('\n');
            }
        }
        out
    }
}

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
    diags.extend(check_items(&items));
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

/// A 编码 identifies one item: two items with the same code cannot both be right.
pub fn check_items(items: &[PowerItem]) -> Vec<Diagnostic> {
    let mut out = vec![];
    let mut seen: HashMap<&str, &PowerItem> = HashMap::new();
    for i in items {
        let Some(code) = i.code.as_deref() else {
            continue;
        };
        match seen.get(code) {
            Some(first) => out.push(
                i.loc
                    .error(
                        "duplicate-code",
                        format!(
                            "事项“{}”的编码 {code} 与“{}”（{}）重复",
                            i.name,
                            first.name,
                            first.loc.short()
                        ),
                    )
                    .hint("每个事项的编码在清单中唯一"),
            ),
            None => {
                seen.insert(code, i);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(code: &str, name: &str, line: usize) -> PowerItem {
        PowerItem {
            code: Some(code.into()),
            name: name.into(),
            kind: 0,
            basis: "《中华人民共和国劳动合同法》第五十七条".into(),
            subject: "示例县人力资源和社会保障局".into(),
            duties: "受理责任".into(),
            accountability: "不予受理的".into(),
            process: None,
            supervision: None,
            note: None,
            loc: Loc::yaml("content/qzqd/a.yaml", line),
        }
    }

    #[test]
    fn types_are_read_as_editors_write_them() {
        assert_eq!(parse_type("行政许可"), Some(0));
        assert_eq!(parse_type("许可"), Some(0));
        assert_eq!(parse_type(" 行政处罚类 "), Some(1));
        assert_eq!(parse_type("其他"), Some(9));
        assert_eq!(parse_type("其他行政权力"), Some(9));
        assert_eq!(parse_type("行政许"), None);
        assert_eq!(parse_type("公共服务"), None);
    }

    #[test]
    fn duplicate_codes_name_both_items() {
        let items = [
            item("XK-001", "劳务派遣经营许可", 4),
            item("XK-002", "人力资源服务许可", 9),
            item("XK-001", "民办职业培训学校设立审批", 14),
        ];
        let d = check_items(&items);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].line, 14);
        assert!(d[0].message.contains("XK-001") && d[0].message.contains("劳务派遣经营许可"));
        assert!(d[0].message.contains("content/qzqd/a.yaml:4"));
    }

    #[test]
    fn counts_and_text_for_search() {
        let mut b = item("CF-001", "对用人单位非法招用童工的处罚", 3);
        b.kind = 1;
        let list = PowerList {
            items: vec![item("XK-001", "劳务派遣经营许可", 1), b],
            file: None,
        };
        assert_eq!(list.counts()[..2], [1, 1]);
        let text = list.plain_text();
        assert!(text.contains("对用人单位非法招用童工的处罚\n行政处罚\nCF-001"));
    }
}
