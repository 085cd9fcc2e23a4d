//! A plan's tasks from its document: a `任务:` list in the front matter (or at the
//! top level of a `.yaml` plan), or a csv/xlsx sheet beside it with the seeds'
//! columns. Blank 类别 cells take the heading of the row above, as merged cells in
//! the offices' Excel tables do.

use super::Input;
use crate::dates;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::fields::{Field, field};
use crate::model::kinds::plan::{Link, Plan, Status, Task, deadline, split_departments, summary};
use crate::model::{Document, Loc, Structured};
use crate::rows::{self, Record};
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// Points every plan's 佐证 and 依据文件 at the documents they name, as 解读对象 is
/// resolved; what names nothing stays `None` for `plan-evidence-broken` (`check::kinds::plan`).
pub fn resolve(documents: &mut [Document], refs: &crate::load::References) {
    for d in documents.iter_mut() {
        if let Some(Structured::Plan(p)) = &mut d.data {
            for link in p.links_mut() {
                link.doc = refs.find(&d.source, &link.target);
            }
        }
    }
}

/// The plan's own keys, beside the common document fields.
pub const FIELDS: &[Field] = &[
    field(
        "tasks",
        &["任务", "任务清单", "工作任务", "任务台账", "台账"],
    ),
    field("year", &["年度"]),
    field("basis_doc", &["依据文件", "实施依据", "印发文件"]),
];

/// Columns of the task table (or keys of an inline task).
pub const TASK_FIELDS: &[Field] = &[
    field("seq", &["序号", "编号"]),
    field("category", &["类别", "分类", "一级类别", "大类"]),
    field("subcategory", &["二级类别", "子类别", "小类"]),
    field(
        "content",
        &["工作内容", "任务内容", "工作任务", "重点任务", "任务"],
    ),
    field("requirement", &["工作要求", "具体要求", "工作措施"]),
    field("basis", &["公开依据", "依据", "政策依据"]),
    field("departments", &["责任单位", "责任部门", "责任主体"]),
    field("lead", &["牵头单位", "牵头部门"]),
    field("deadline", &["完成时限", "时限", "完成时间"]),
    field("status", &["状态", "完成状态", "进展状态"]),
    field("done_on", &["完成日期", "销号日期", "办结日期"]),
    field("evidence", &["佐证", "佐证材料", "佐证链接", "完成佐证"]),
    field("note", &["备注", "进展情况", "完成情况"]),
];

const REQUIRED: &[&str] = &["content", "departments", "deadline"];

const TASKS_HINT: &str =
    "写 任务: 台账.xlsx（同目录的电子表格），或在 任务: 下逐项列出 工作内容、责任单位、完成时限";

/// The tasks of a plan document; `None` when it has no `任务` (a 规划 or 计划 that
/// is prose only) or when they cannot be read (reported).
pub fn read(input: &Input, diags: &mut Diagnostics) -> Option<Plan> {
    let f = &input.fields;
    let value = f.value("tasks")?;
    let year = input.year(FIELDS, diags)?;
    let key = input.written(FIELDS, "tasks");
    let key_line = f.line("tasks");
    let table = rows::read_table(
        &input.src,
        &key,
        key_line,
        value,
        TASK_FIELDS,
        REQUIRED,
        diags,
    )?;
    let item_lines = rows::item_lines(input.src.yaml, key_line);
    let mut path: Vec<String> = vec![];
    let mut tasks = vec![];
    for (i, rec) in table.records.iter().enumerate() {
        let next = item_lines.iter().copied().find(|l| *l > rec.loc.line);
        let locs = field_locs(input.src.yaml, rec, next);
        path = heading_path(rec, &path);
        if let Some(t) = task(rec, i, year, path.clone(), locs, diags) {
            tasks.push(t);
        }
    }
    if tasks.is_empty() && !diags.has_errors() {
        diags.push(
            Diagnostic::error("empty-list", input.src.file, key_line, "任务清单中没有任务")
                .hint(TASKS_HINT),
        );
    }
    let basis_doc = f.text("basis_doc", FIELDS, diags).map(|t| Link {
        target: t,
        loc: Loc::yaml(input.src.file, f.line("basis_doc")),
        doc: None,
    });
    Some(Plan {
        year,
        tasks,
        basis_doc,
        file: table.file,
    })
}

/// The headings of a row: its own 类别 (a path written `一、… / （一）…`, or a
/// list), then its 二级类别; blank cells inherit from the row above.
fn heading_path(rec: &Record, above: &[String]) -> Vec<String> {
    let own: Vec<String> = rec
        .text("category")
        .map(|c| {
            c.split(['\n', '/', '／', '→', '>', '＞'])
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    let sub = rec.text("subcategory");
    match (own.is_empty(), sub) {
        (false, sub) => own.into_iter().chain(sub).collect(),
        (true, Some(sub)) => above.iter().take(1).cloned().chain([sub]).collect(),
        (true, None) => above.to_vec(),
    }
}

fn task(
    rec: &Record,
    index: usize,
    year: i32,
    category: Vec<String>,
    locs: BTreeMap<&'static str, Loc>,
    diags: &mut Diagnostics,
) -> Option<Task> {
    let at = |key: &str| locs.get(key).unwrap_or(&rec.loc);
    let seq = rec.text("seq").unwrap_or_else(|| (index + 1).to_string());
    let label = rec
        .text("content")
        .map(|c| summary(&c, 16))
        .unwrap_or_else(|| format!("第{seq}项"));
    let mut ok = true;
    for key in REQUIRED {
        if rec.text(key).is_none() {
            ok = false;
            diags.push(
                rec.loc
                    .error(
                        "missing-field",
                        format!("任务“{label}”缺少 {}", rows::zh(TASK_FIELDS, key)),
                    )
                    .hint("台账的每项任务都要载明 工作内容、责任单位 和 完成时限（长期任务写 持续推进）"),
            );
        }
    }
    let deadline_text = rec.text("deadline").unwrap_or_default();
    let deadline = match excel_date(&deadline_text) {
        Some(d) => Some(deadline::Deadline::By(d)),
        None if deadline_text.is_empty() => None,
        None => deadline::parse(&deadline_text, year)
            .map_err(|msg| {
                diags.push(
                    at("deadline")
                        .error("bad-deadline", format!("任务“{label}”：{msg}"))
                        .hint(deadline::DEADLINE_HINT),
                )
            })
            .ok(),
    };
    let deadline_text = match (deadline, excel_date(&deadline_text)) {
        (Some(d), Some(_)) => d.to_string(),
        _ => deadline_text,
    };
    let status = match rec.text("status") {
        None => Some(Status::NotStarted),
        Some(s) => Status::parse(&s).or_else(|| {
            diags.push(
                at("status")
                    .error("unknown-value", format!("任务“{label}”的状态“{s}”无法识别"))
                    .hint(format!("可选：{}", Status::choices())),
            );
            None
        }),
    };
    let done_on = rec.text("done_on").and_then(|t| {
        excel_date(&t).or_else(|| {
            dates::parse(&t)
                .map_err(|msg| {
                    diags.push(
                        at("done_on")
                            .error("bad-date", format!("任务“{label}”的完成日期：{msg}"))
                            .hint(dates::DATE_HINT),
                    )
                })
                .ok()
        })
    });
    if status.is_some_and(Status::is_done) && done_on.is_none() && !rec.has("done_on") {
        diags.push(
            at("status")
                .warning(
                    "missing-field",
                    format!(
                        "任务“{label}”标为{}，但没有完成日期",
                        status.map(Status::zh).unwrap_or_default()
                    ),
                )
                .hint("加一行 完成日期: 2026-06-28，台账上显示按期或逾期完成"),
        );
    }
    let evidence = rec
        .text("evidence")
        .map(|t| {
            t.split(['\n', '、', '，', ',', '；', ';', ' '])
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .map(|p| Link {
                    target: p.to_string(),
                    loc: at("evidence").clone(),
                    doc: None,
                })
                .collect()
        })
        .unwrap_or_default();
    if !ok {
        return None;
    }
    Some(Task {
        seq,
        category,
        content: rec.text("content")?,
        requirement: rec.text("requirement"),
        basis: rec.text("basis"),
        departments: split_departments(&rec.text("departments")?),
        lead: rec
            .text("lead")
            .map(|t| split_departments(&t))
            .unwrap_or_default(),
        deadline: deadline?,
        deadline_text,
        status: status?,
        done_on,
        evidence,
        note: rec.text("note"),
        loc: rec.loc.clone(),
        locs,
    })
}

/// Where each field of a row stands. A spreadsheet row knows its cells; for an
/// inline YAML task, the line of each key inside the list item (the item runs to
/// the next item's line, or to where the indentation falls back).
fn field_locs(yaml: &str, rec: &Record, next_item: Option<usize>) -> BTreeMap<&'static str, Loc> {
    let mut out = BTreeMap::new();
    if rec.loc.cell.is_some() {
        for f in TASK_FIELDS {
            if rec.has(f.key) {
                out.insert(f.key, rec.loc_of(f.key).clone());
            }
        }
        return out;
    }
    let lines: Vec<&str> = yaml.lines().collect();
    rows::field_lines(&lines, rec.loc.line, next_item, TASK_FIELDS)
        .into_iter()
        .map(|(key, n)| (key, Loc::yaml(&rec.loc.file, n)))
        .collect()
}

/// Excel keeps a date typed into a cell as a day count from 1899-12-30; a cell
/// that holds only such a number (and no 年 or 月) is one.
fn excel_date(text: &str) -> Option<NaiveDate> {
    if text.is_empty() || !text.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return None;
    }
    let serial: f64 = text.parse().ok()?;
    // 1990-01-01 ..= 2100-12-31: anything else is not a plan's date.
    if !(32874.0..=73415.0).contains(&serial) {
        return None;
    }
    NaiveDate::from_ymd_opt(1899, 12, 30)?.checked_add_days(chrono::Days::new(serial as u64))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::kinds::plan::check_tasks;
    use crate::sheet::Cell;

    fn rec(line: usize, pairs: &[(&'static str, &str)]) -> Record {
        let mut r = Record::new(Loc::yaml("content/ghjh/a.yaml", line));
        for (k, v) in pairs {
            r.insert(
                k,
                Cell::Text(v.to_string()),
                Loc::yaml("content/ghjh/a.yaml", line),
            );
        }
        r
    }

    #[test]
    fn blank_headings_inherit_from_the_row_above() {
        let a = heading_path(
            &rec(1, &[("category", "一、重点领域信息 / （一）规划信息公开")]),
            &[],
        );
        assert_eq!(a, ["一、重点领域信息", "（一）规划信息公开"]);
        let b = heading_path(&rec(2, &[("subcategory", "（二）财政信息公开")]), &a);
        assert_eq!(b, ["一、重点领域信息", "（二）财政信息公开"]);
        let c = heading_path(&rec(3, &[]), &b);
        assert_eq!(c, b);
        let d = heading_path(&rec(4, &[("category", "二、基层政务公开标准化规范化")]), &c);
        assert_eq!(d, ["二、基层政务公开标准化规范化"]);
        let e = heading_path(
            &rec(5, &[("category", "三、依申请公开\n（一）做好文件属性认定")]),
            &d,
        );
        assert_eq!(e, ["三、依申请公开", "（一）做好文件属性认定"]);
    }

    #[test]
    fn a_task_from_its_fields() {
        let mut d = Diagnostics::new();
        let r = rec(
            7,
            &[
                ("content", "及时做好2025年预、决算及相关报表公开"),
                ("departments", "镇财政所"),
                ("deadline", "4月底"),
                ("status", "已销号"),
                ("done_on", "2025年4月18日"),
                (
                    "evidence",
                    "fdzdgknr/czyjs/2025-bmys.yaml、11990000MB0123456X/2025-00003",
                ),
            ],
        );
        let t = task(&r, 1, 2025, vec![], BTreeMap::new(), &mut d).unwrap();
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(t.seq, "2");
        assert_eq!(t.deadline.date(), NaiveDate::from_ymd_opt(2025, 4, 30));
        assert_eq!(t.deadline_text, "4月底");
        assert_eq!(t.status, Status::Closed);
        assert_eq!(t.evidence.len(), 2);
        assert!(!t.done_late());
    }

    #[test]
    fn bad_values_are_reported_at_their_field() {
        let mut d = Diagnostics::new();
        let r = rec(
            3,
            &[
                ("content", "做好政府信息公开指南维护"),
                ("departments", "镇党政办"),
                ("deadline", "尽快"),
                ("status", "差不多"),
            ],
        );
        let locs = BTreeMap::from([
            ("deadline", Loc::yaml("content/ghjh/a.yaml", 6)),
            ("status", Loc::yaml("content/ghjh/a.yaml", 7)),
        ]);
        assert!(task(&r, 0, 2026, vec![], locs, &mut d).is_none());
        let msgs: Vec<String> = d
            .iter()
            .map(|x| format!("{}:{}", x.line, x.message))
            .collect();
        assert!(
            msgs.iter()
                .any(|m| m.starts_with("6:") && m.contains("尽快")),
            "{msgs:?}"
        );
        assert!(
            msgs.iter()
                .any(|m| m.starts_with("7:") && m.contains("差不多")),
            "{msgs:?}"
        );
    }

    #[test]
    fn missing_department_is_an_error() {
        let mut d = Diagnostics::new();
        let r = rec(3, &[("content", "做好年报"), ("deadline", "1月底")]);
        assert!(task(&r, 0, 2026, vec![], BTreeMap::new(), &mut d).is_none());
        assert!(d.iter().any(|x| x.message.contains("责任单位")));
    }

    #[test]
    fn excel_serial_dates() {
        assert_eq!(excel_date("46022"), NaiveDate::from_ymd_opt(2025, 12, 31));
        assert_eq!(excel_date("45838"), NaiveDate::from_ymd_opt(2025, 6, 30));
        assert_eq!(excel_date("6"), None);
        assert_eq!(excel_date("2026"), None);
        assert_eq!(excel_date("6月底"), None);
    }

    #[test]
    fn key_lines_inside_list_items() {
        let yaml = "标题: x\n任务:\n  - 工作内容: 甲\n    责任单位: 镇财政所\n    状态: 已完成\n  - 工作内容: 乙\n    佐证: a.md\n其他: 1\n";
        let r1 = rec(3, &[]);
        let l1 = field_locs(yaml, &r1, Some(6));
        assert_eq!(l1["status"].line, 5);
        assert_eq!(l1["departments"].line, 4);
        assert_eq!(l1["content"].line, 3);
        assert!(!l1.contains_key("evidence"));
        let r2 = rec(6, &[]);
        let l2 = field_locs(yaml, &r2, None);
        assert_eq!(l2["evidence"].line, 7);
        assert_eq!(l2.len(), 2);
    }

    #[test]
    fn duplicate_seq_under_one_heading() {
        let mut d = Diagnostics::new();
        let mut mk = |seq: &str, cat: &str, line| {
            let r = rec(
                line,
                &[
                    ("seq", seq),
                    ("content", "做好规划信息公开"),
                    ("departments", "镇城建办"),
                    ("deadline", "6月底"),
                ],
            );
            task(&r, 0, 2023, vec![cat.to_string()], BTreeMap::new(), &mut d).unwrap()
        };
        let tasks = [mk("1", "一", 3), mk("1", "二", 8), mk("1", "一", 12)];
        let found = check_tasks(&tasks);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].line, 12);
        assert!(found[0].message.contains("content/ghjh/a.yaml:3"));
    }
}
