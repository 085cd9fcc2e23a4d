//! Reads a 预决算 document's tables (`收支总表`, the 功能/经济分类 tables, `三公经费`)
//! from YAML or sheets into [`crate::model::kinds::budget`], reporting only what
//! cannot be read; whether the numbers add up is `check::kinds::budget`.

use super::{Input, amount_field};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::fields::{Field, field, label};
use crate::model::Loc;
use crate::model::kinds::budget::*;
use crate::rows::{self, Record};
use serde_yaml::Value;
use std::path::PathBuf;

fn parse_stage(t: &str) -> Option<Stage> {
    match rows::fold(t).as_str() {
        "预算" | "部门预算" | "budget" => Some(Stage::Budget),
        "决算" | "部门决算" | "final" => Some(Stage::Final),
        _ => None,
    }
}

pub const FIELDS: &[Field] = &[
    field("department", &["部门", "预算单位", "单位名称"]),
    field("year", &["年度", "预算年度"]),
    field("stage", &["阶段", "预决算"]),
    field("unit", &["金额单位"]),
    field("summary", &["收支总表", "部门收支总表"]),
    field(
        "function",
        &["一般公共预算支出表", "一般公共预算支出", "功能分类支出表"],
    ),
    field("basic", &["一般公共预算基本支出表", "基本支出表"]),
    field(
        "three",
        &[
            "三公经费",
            "“三公”经费",
            "三公经费支出表",
            "“三公”经费支出表",
        ],
    ),
];

const SUMMARY_FIELDS: &[Field] = &[
    field("income", &["收入"]),
    field("spending", &["支出"]),
    field("income_total", &["收入总计", "收入合计"]),
    field("spending_total", &["支出总计", "支出合计"]),
];

const LINE_FIELDS: &[Field] = &[
    field("item", &["项目", "名称", "科目名称"]),
    field("amount", &["金额", "预算数", "决算数"]),
];

/// Columns of the two classification tables.
pub const ROW_FIELDS: &[Field] = &[
    field("code", &["科目编码", "编码"]),
    field("name", &["科目名称", "名称"]),
    field("total", &["合计", "金额", "预算数", "决算数"]),
    field("basic", &["基本支出"]),
    field("project", &["项目支出"]),
    field("personnel", &["人员经费"]),
    field("public_use", &["公用经费"]),
];

const THREE_FIELDS: &[Field] = &[
    field(
        "abroad",
        &["因公出国（境）费", "因公出国(境)费", "因公出国费"],
    ),
    field("car", &["公务用车购置及运行费", "公务用车购置及运行维护费"]),
    field("car_purchase", &["公务用车购置费"]),
    field("car_running", &["公务用车运行费", "公务用车运行维护费"]),
    field("reception", &["公务接待费"]),
    field("total", &["合计", "总计"]),
];

pub fn read(input: &Input, diags: &mut Diagnostics) -> Option<Budget> {
    let file = input.src.file;
    let f = &input.fields;
    let department = f
        .text("department", FIELDS, diags)
        .unwrap_or_else(|| input.issuer.to_string());
    let year = input.year(FIELDS, diags);
    let stage = match f.text("stage", FIELDS, diags) {
        Some(t) => parse_stage(&t).or_else(|| {
            diags.push(
                Diagnostic::error(
                    "unknown-value",
                    file,
                    f.line("stage"),
                    format!("阶段“{t}”应为 预算 或 决算"),
                )
                .hint("阶段: 预算 或 阶段: 决算"),
            );
            None
        }),
        None if input.title.contains("决算") => Some(Stage::Final),
        None if input.title.contains("预算") => Some(Stage::Budget),
        None => {
            diags.push(
                Diagnostic::error(
                    "missing-field",
                    file,
                    f.first_line,
                    "缺少 阶段（预算或决算），标题中也看不出",
                )
                .hint("加一行 阶段: 预算 或 阶段: 决算"),
            );
            None
        }
    };
    if let Some(u) = f.text("unit", FIELDS, diags)
        && rows::fold(&u) != "万元"
    {
        diags.push(
            Diagnostic::error(
                "unknown-value",
                file,
                f.line("unit"),
                format!("金额单位“{u}”：预决算表格统一以万元为单位"),
            )
            .hint("把金额换算为万元（保留两位小数），并写 金额单位: 万元"),
        );
    }

    let mut files = vec![];
    let summary = read_summary(input, &mut files, diags);
    let function = f.value("function").and_then(|v| {
        read_class(
            input,
            "function",
            v,
            Classification::Function,
            &mut files,
            diags,
        )
    });
    let basic = f.value("basic").and_then(|v| {
        read_class(
            input,
            "basic",
            v,
            Classification::Economic,
            &mut files,
            diags,
        )
    });
    let three = read_three(input, diags);
    if !["summary", "function", "basic", "three"]
        .iter()
        .any(|k| f.has(k))
    {
        diags.push(
            Diagnostic::error(
                "missing-field",
                file,
                f.first_line,
                "预决算文档中没有任何表格",
            )
            .hint("至少写出 收支总表、一般公共预算支出表、一般公共预算基本支出表、三公经费 之一（见 README）"),
        );
    }
    let budget = Budget {
        department,
        year: year?,
        stage: stage?,
        summary,
        function,
        basic,
        three,
        files,
        line: f.first_line,
    };
    Some(budget)
}

fn read_summary(
    input: &Input,
    files: &mut Vec<PathBuf>,
    diags: &mut Diagnostics,
) -> Option<Summary> {
    let file = input.src.file;
    let line = input.fields.line("summary");
    let s = input.mapping(
        FIELDS,
        "summary",
        SUMMARY_FIELDS,
        "如 收支总表: {收入: [{项目: 一般公共预算财政拨款收入, 金额: 1236.40}], 支出: [{项目: 一般公共服务支出, 金额: 1236.40}]}",
        diags,
    )?;
    let mut complete = true;
    let mut side = |key: &str| -> Vec<Line> {
        let Some(v) = s.value(key) else {
            diags.push(
                Diagnostic::error(
                    "missing-field",
                    file,
                    s.first_line,
                    format!("收支总表缺少 {}", label(SUMMARY_FIELDS, key)),
                )
                .hint("收支总表写 收入 和 支出 两个列表，每行 {项目: …, 金额: …}"),
            );
            return vec![];
        };
        let name = rows::zh(SUMMARY_FIELDS, key);
        let Some(t) = rows::read_table(
            &input.src,
            &format!("收支总表 {name}"),
            s.line(key),
            v,
            LINE_FIELDS,
            &["item", "amount"],
            diags,
        ) else {
            return vec![];
        };
        files.extend(t.file);
        let mut lines = vec![];
        for r in &t.records {
            let item = r.text("item");
            let what = format!(
                "收支总表 {name}“{}”",
                item.as_deref().unwrap_or("（无名称）")
            );
            let amount = r.amount("amount", &what, diags);
            if item.is_none() || !r.has("amount") {
                diags.push(
                    r.loc
                        .error("missing-field", format!("{what}：每行需要 项目 和 金额"))
                        .hint("如 {项目: 一般公共预算财政拨款收入, 金额: 1236.40}"),
                );
            }
            match (item, amount) {
                (Some(name), Some(amount)) => lines.push(Line {
                    name,
                    amount,
                    loc: r.loc.clone(),
                }),
                _ => complete = false,
            }
        }
        lines
    };
    let income = side("income");
    let spending = side("spending");
    let total = |key: &str, diags: &mut Diagnostics| {
        amount_field(&s, SUMMARY_FIELDS, key, "收支总表", diags)
            .map(|a| (a, Loc::yaml(file, s.line(key))))
    };
    Some(Summary {
        income,
        spending,
        income_total: total("income_total", diags),
        spending_total: total("spending_total", diags),
        loc: Loc::yaml(file, line),
        complete,
    })
}

fn read_class(
    input: &Input,
    key: &str,
    v: &Value,
    class: Classification,
    files: &mut Vec<PathBuf>,
    diags: &mut Diagnostics,
) -> Option<ClassTable> {
    let title = class.title();
    let t = rows::read_table(
        &input.src,
        title,
        input.fields.line(key),
        v,
        ROW_FIELDS,
        &["name", "total"],
        diags,
    )?;
    files.extend(t.file);
    let [p1, p2] = class.part_keys();
    let mut rows = vec![];
    let mut total = None;
    let mut complete = true;
    for r in &t.records {
        let row = class_row(r, title, [p1, p2], diags);
        complete &= row.is_some();
        if let Some(row) = row {
            if row.code.is_empty() {
                if total.is_some() {
                    diags.push(
                        row.loc
                            .error("duplicate-total", format!("{title}：合计行重复"))
                            .hint("表中只留一行合计"),
                    );
                }
                total = Some(row);
            } else {
                rows.push(row);
            }
        }
    }
    Some(ClassTable {
        class,
        rows,
        total,
        complete,
    })
}

fn class_row(
    r: &Record,
    title: &str,
    parts: [&str; 2],
    diags: &mut Diagnostics,
) -> Option<ClassRow> {
    let name = r.text("name");
    let code: String = r
        .text("code")
        .unwrap_or_default()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let what = format!(
        "{title} {}{}",
        code,
        name.as_deref().map(|n| format!(" {n}")).unwrap_or_default()
    );
    let Some(name) = name else {
        diags.push(
            r.loc
                .error("missing-field", format!("{what}：缺少 科目名称"))
                .hint("每行写 科目编码、科目名称 和金额，如 201 一般公共服务支出"),
        );
        return None;
    };
    let is_total = matches!(rows::fold(&name).as_str(), "合计" | "总计" | "支出合计");
    if code.is_empty() && !is_total {
        diags.push(
            r.loc
                .error("missing-field", format!("{what}：缺少 科目编码"))
                .hint("只有合计行可以不写科目编码"),
        );
        return None;
    }
    if !r.has("total") {
        diags.push(
            r.loc
                .error("missing-field", format!("{what}：缺少 合计 金额"))
                .hint("每行写 合计；没有支出的写 0"),
        );
        return None;
    }
    let total = r.amount("total", &format!("{what} 合计"), diags);
    let a = r.amount(
        parts[0],
        &format!("{what} {}", rows::zh(ROW_FIELDS, parts[0])),
        diags,
    );
    let b = r.amount(
        parts[1],
        &format!("{what} {}", rows::zh(ROW_FIELDS, parts[1])),
        diags,
    );
    Some(ClassRow {
        code,
        name,
        amounts: [total?, a.unwrap_or_default(), b.unwrap_or_default()],
        split: r.has(parts[0]) || r.has(parts[1]),
        loc: r.loc.clone(),
    })
}

fn read_three(input: &Input, diags: &mut Diagnostics) -> Option<ThreePublic> {
    let t = input.mapping(
        FIELDS,
        "three",
        THREE_FIELDS,
        "如 三公经费: {因公出国（境）费: 0, 公务用车购置费: 0, 公务用车运行费: 12.40, 公务接待费: 6.20, 合计: 18.60}",
        diags,
    )?;
    let mut amount = |key: &str| amount_field(&t, THREE_FIELDS, key, "三公经费", diags);
    let three = ThreePublic {
        abroad: amount("abroad").unwrap_or_default(),
        car_purchase: amount("car_purchase").unwrap_or_default(),
        car_running: amount("car_running").unwrap_or_default(),
        reception: amount("reception").unwrap_or_default(),
        car: amount("car").map(|a| (a, t.line("car"))),
        total: amount("total").map(|a| (a, t.line("total"))),
        loc: Loc::yaml(input.src.file, input.fields.line("three")),
    };
    // Only the subtotal given: it stands for purchase and running together.
    if three.car.is_some() && !t.has("car_purchase") && !t.has("car_running") {
        return Some(ThreePublic {
            car_running: three.car.map(|c| c.0).unwrap_or_default(),
            car: None,
            ..three
        });
    }
    Some(three)
}
