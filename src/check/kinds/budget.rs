//! The arithmetic of a 预决算 (DOMAIN §6), checked in integer hundredths of a 万元:
//! 项 add up to their 款, 款 to their 类, 类 to the table's 合计, each row's 合计
//! to its parts; and no department publishes two budgets for one stage and year.

use crate::amount::Amount;
use crate::diagnostics::Diagnostic;
use crate::model::Portal;
use crate::model::kinds::Structured;
use crate::model::kinds::budget::*;
use crate::model::relations::{Relations, SeriesKey};
use std::collections::HashMap;

use crate::check::Area;
use crate::check::kinds::data_rule;

pub const TOTAL: crate::check::Rule = data_rule!(
    "budget-total",
    Area::Data,
    Error,
    "预决算表格的合计与各项之和不符：项与款、款与类、类与合计、各行合计与其分列，收支总表两侧",
    "seed 000：细化到款、项；DOMAIN §6：项加总为款，款为类，类为合计"
);
pub const ORPHAN: crate::check::Rule = data_rule!(
    "budget-orphan",
    Area::Data,
    Error,
    "预决算科目（款、项）没有对应的上级科目",
    "seed 000：按功能分类、经济分类细化到款、项"
);
pub const BAD_CODE: crate::check::Rule = data_rule!(
    "bad-code",
    Area::Data,
    Error,
    "预决算科目编码不是类（3 位）、款（5 位）或项（7 位）数字",
    "《政府收支分类科目》：类、款、项编码"
);
pub const DUPLICATE: crate::check::Rule = data_rule!(
    "duplicate-budget",
    Area::Data,
    Error,
    "同一部门同一年度的预算（决算）发布了两份",
    "条例 第二十条（财政预算、决算信息）；一份数据只能有一个口径"
);

/// Every arithmetic identity inside one budget document.
pub fn check(b: &Budget) -> Vec<Diagnostic> {
    let mut out = vec![];
    if let Some(s) = &b.summary {
        out.extend(check_summary(s));
    }
    for t in b.function.iter().chain(&b.basic) {
        out.extend(check_class_table(t));
    }
    if let Some(t) = &b.three {
        out.extend(check_three(t));
    }
    if let (Some(f), Some(e)) = (&b.function, &b.basic) {
        out.extend(check_basic_matches(f, e));
    }
    out
}

fn wan(a: Amount) -> String {
    format!("{a} 万元")
}

/// 收支总表: each side adds up to its 总计, and the two sides balance.
pub fn check_summary(s: &Summary) -> Vec<Diagnostic> {
    let mut out = vec![];
    if !s.complete {
        return out;
    }
    let (inc, spend) = (s.income_sum(), s.spending_sum());
    for (side, given, sum) in [
        ("收入", &s.income_total, inc),
        ("支出", &s.spending_total, spend),
    ] {
        if let Some((total, loc)) = given
            && *total != sum
        {
            out.push(
                loc.error(
                    "budget-total",
                    format!(
                        "收支总表 {side}总计 为 {}，而各项{side}之和为 {}",
                        wan(*total),
                        wan(sum)
                    ),
                )
                .hint(format!("核对{side}各行金额与{side}总计")),
            );
        }
    }
    if !s.income.is_empty() && !s.spending.is_empty() && inc != spend {
        out.push(
            s.loc
                .error(
                    "budget-total",
                    format!(
                        "收支总表 收入合计 {} 与 支出合计 {} 不相等",
                        wan(inc),
                        wan(spend)
                    ),
                )
                .hint("收支总表两侧应平衡；决算的结转结余列在支出一侧"),
        );
    }
    out
}

/// 项 add up to their 款, 款 to their 类, 类 to the 合计; each row's 合计 to its
/// two parts; every code is a 类, 款 or 项 under a parent that exists.
pub fn check_class_table(t: &ClassTable) -> Vec<Diagnostic> {
    let mut out = vec![];
    let title = t.class.title();
    let levels = t.class.levels();
    let cols = t.class.columns();
    let shown = if t.split() { 3 } else { 1 };
    let mut by_code: HashMap<&str, &ClassRow> = HashMap::new();
    for r in &t.rows {
        if !r.code.chars().all(|c| c.is_ascii_digit()) || !levels.contains(&r.code.len()) {
            let want = levels
                .iter()
                .map(|l| format!("{l} 位（{}）", level_name(&"0".repeat(*l))))
                .collect::<Vec<_>>()
                .join("、");
            out.push(
                r.loc
                    .error(
                        "bad-code",
                        format!("{title}：科目编码“{}”应为 {want} 数字", r.code),
                    )
                    .hint("如 201（类）、20103（款）、2010301（项）"),
            );
            continue;
        }
        if let Some(first) = by_code.insert(&r.code, r) {
            out.push(
                r.loc
                    .error(
                        "duplicate-code",
                        format!(
                            "{title}：科目编码 {} 重复（{} 已有）",
                            r.code,
                            first.loc.short()
                        ),
                    )
                    .hint("每个科目只列一行：删去重复的行，或改正科目编码"),
            );
        }
    }
    for r in t.rows.iter().chain(&t.total) {
        if r.split && r.amounts[0] != r.amounts[1] + r.amounts[2] {
            out.push(
                r.loc
                    .error(
                        "budget-total",
                        format!(
                            "{title} {}：{} {}，而 {} {} + {} {} = {}",
                            r.label(),
                            cols[0],
                            wan(r.amounts[0]),
                            cols[1],
                            r.amounts[1],
                            cols[2],
                            r.amounts[2],
                            wan(r.amounts[1] + r.amounts[2])
                        ),
                    )
                    .hint(format!(
                        "{} = {} + {}：核对这一行的三个金额",
                        cols[0], cols[1], cols[2]
                    )),
            );
        }
    }
    if !t.complete {
        return out;
    }
    // Parents and their children, level by level.
    for (i, len) in levels.iter().enumerate() {
        let rows_at = t.rows.iter().filter(|r| {
            r.code.len() == *len
                && by_code
                    .get(r.code.as_str())
                    .is_some_and(|x| std::ptr::eq(*x, *r))
        });
        for r in rows_at {
            if i > 0 {
                let parent = &r.code[..levels[i - 1]];
                if !by_code.contains_key(parent) {
                    out.push(
                        r.loc
                            .error(
                                "budget-orphan",
                                format!(
                                    "{title}：{} 没有对应的{} {parent}",
                                    r.label(),
                                    level_name(parent)
                                ),
                            )
                            .hint("按 类、款、项 逐级列出科目，上级科目的金额等于下级之和"),
                    );
                }
            }
            let Some(next) = levels.get(i + 1) else {
                continue;
            };
            let children: Vec<&ClassRow> = t
                .rows
                .iter()
                .filter(|c| c.code.len() == *next && c.code.starts_with(&r.code))
                .collect();
            if children.is_empty() {
                continue;
            }
            let sum = sum_rows(children.iter().copied());
            for c in 0..shown {
                if sum[c] != r.amounts[c] {
                    out.push(
                        r.loc
                            .error(
                                "budget-total",
                                format!(
                                    "{title}：{} {} 为 {}，而其下各{}之和为 {}",
                                    r.label(),
                                    cols[c],
                                    wan(r.amounts[c]),
                                    level_name(&children[0].code),
                                    wan(sum[c])
                                ),
                            )
                            .hint(format!(
                                "逐项核对：{}",
                                children
                                    .iter()
                                    .map(|k| format!("{} {}", k.code, k.amounts[c]))
                                    .collect::<Vec<_>>()
                                    .join(" + ")
                            )),
                    );
                }
            }
        }
    }
    if let Some(total) = &t.total {
        let sum = sum_rows(t.top());
        for c in 0..shown {
            if sum[c] != total.amounts[c] {
                out.push(
                    total
                        .loc
                        .error(
                            "budget-total",
                            format!(
                                "{title}：{} {} 为 {}，而各类之和为 {}",
                                total.name,
                                cols[c],
                                wan(total.amounts[c]),
                                wan(sum[c])
                            ),
                        )
                        .hint("合计行等于各“类”科目（3 位编码）之和：核对合计行，或补上漏列的类"),
                );
            }
        }
    }
    out
}

/// 三公经费: 购置 + 运行 = 公务用车购置及运行费; 出国 + 公务用车 + 接待 = 合计.
pub fn check_three(t: &ThreePublic) -> Vec<Diagnostic> {
    let mut out = vec![];
    if let Some((car, line)) = t.car
        && car != t.car_sum()
    {
        out.push(
            Diagnostic::error(
                "budget-total",
                &t.loc.file,
                line,
                format!(
                    "三公经费 公务用车购置及运行费 为 {}，而 购置费 {} + 运行费 {} = {}",
                    wan(car),
                    t.car_purchase,
                    t.car_running,
                    wan(t.car_sum())
                ),
            )
            .hint("公务用车购置及运行费 = 购置费 + 运行费"),
        );
    }
    if let Some((total, line)) = t.total
        && total != t.sum()
    {
        out.push(Diagnostic::error(
            "budget-total",
            &t.loc.file,
            line,
            format!(
                "三公经费 合计 为 {}，而 因公出国（境）费 {} + 公务用车购置及运行费 {} + 公务接待费 {} = {}",
                wan(total),
                t.abroad,
                t.car_sum(),
                t.reception,
                wan(t.sum())
            ),
        ).hint("三公经费合计 = 因公出国（境）费 + 公务用车购置及运行费 + 公务接待费"));
    }
    out
}

/// The 基本支出 column of the 支出表 and the 基本支出表 describe the same money.
pub fn check_basic_matches(function: &ClassTable, basic: &ClassTable) -> Vec<Diagnostic> {
    if !function.split() || !function.complete || !basic.complete {
        return vec![];
    }
    let (f, b) = (function.grand_total()[1], basic.grand_total()[0]);
    if f == b {
        return vec![];
    }
    let loc = basic
        .total
        .as_ref()
        .map(|r| &r.loc)
        .or(basic.rows.first().map(|r| &r.loc));
    loc.map(|l| {
        l.error(
            "budget-total",
            format!(
                "一般公共预算基本支出表 合计 为 {}，而一般公共预算支出表 基本支出 合计 为 {}",
                wan(b),
                wan(f)
            ),
        )
        .hint("两张表中的基本支出应相等")
    })
    .into_iter()
    .collect()
}

/// Two documents for the same department, stage and year contradict each other: the
/// repeated years of a budget series (the relations table), each reported against the
/// member of that year before it.
pub fn check_years(portal: &Portal) -> Vec<Diagnostic> {
    let mut out = vec![];
    let series = portal
        .relations
        .all_series()
        .filter(|(key, _)| matches!(key, SeriesKey::Budget { .. }));
    for (_, members) in series {
        for (id, before) in Relations::repeated_years(members) {
            let d = portal.doc(id);
            let Some(Structured::Budget(b)) = &d.data else {
                continue;
            };
            let other = &portal.doc(before).source;
            out.push(
                Diagnostic::error(
                    "duplicate-budget",
                    &d.source,
                    b.line,
                    format!(
                        "{}{}年部门{}与 {other} 重复",
                        b.department,
                        b.year,
                        b.stage.zh()
                    ),
                )
                .hint("同一部门同一年度的预算（决算）只发布一份；调整后的数据请修改原文档"),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Loc;

    fn row(code: &str, name: &str, amounts: [i64; 3], line: usize) -> ClassRow {
        ClassRow {
            code: code.into(),
            name: name.into(),
            amounts: amounts.map(Amount),
            split: amounts[1] != 0 || amounts[2] != 0,
            loc: Loc::yaml("content/czyjs/2026-bmys.yaml", line),
        }
    }

    fn function_table() -> ClassTable {
        ClassTable {
            class: Classification::Function,
            rows: vec![
                row("201", "一般公共服务支出", [104820, 72440, 32380], 10),
                row(
                    "20103",
                    "政府办公厅（室）及相关机构事务",
                    [104820, 72440, 32380],
                    11,
                ),
                row("2010301", "行政运行", [72440, 72440, 0], 12),
                row("2010302", "一般行政管理事务", [27380, 0, 27380], 13),
                row("2010350", "事业运行", [5000, 0, 5000], 14),
                row("221", "住房保障支出", [4240, 4240, 0], 15),
                row("22102", "住房改革支出", [4240, 4240, 0], 16),
                row("2210201", "住房公积金", [4240, 4240, 0], 17),
            ],
            total: Some(row("", "合计", [109060, 76680, 32380], 18)),
            complete: true,
        }
    }

    #[test]
    fn a_consistent_table_passes() {
        assert_eq!(check_class_table(&function_table()), vec![]);
    }

    #[test]
    fn items_not_adding_up_to_their_kuan_name_the_row_and_both_numbers() {
        let mut t = function_table();
        t.rows[3].amounts = [Amount(27390), Amount(0), Amount(27390)];
        let d = check_class_table(&t);
        let kuan = d
            .iter()
            .find(|e| e.line == 11)
            .unwrap_or_else(|| panic!("{d:?}"));
        assert!(kuan.message.contains("款 20103"), "{kuan}");
        assert!(
            kuan.message.contains("1,048.20 万元") && kuan.message.contains("1,048.30 万元"),
            "{kuan}"
        );
        assert_eq!(kuan.file, "content/czyjs/2026-bmys.yaml");
    }

    #[test]
    fn a_table_with_an_unreadable_row_is_not_summed() {
        // The row that failed to parse is reported on its own; summing without it
        // would add a misleading error at its parent.
        let mut t = function_table();
        t.rows.remove(3);
        assert!(!check_class_table(&t).is_empty());
        t.complete = false;
        assert_eq!(check_class_table(&t), vec![]);
    }

    #[test]
    fn lei_must_add_up_to_the_total() {
        let mut t = function_table();
        t.total.as_mut().unwrap().amounts = [Amount(109160), Amount(76780), Amount(32380)];
        let d = check_class_table(&t);
        assert!(d.iter().any(|e| e.line == 18
            && e.message.contains("1,091.60 万元")
            && e.message.contains("1,090.60 万元")));
    }

    #[test]
    fn row_total_must_equal_its_parts() {
        let mut t = function_table();
        t.rows[2].amounts = [Amount(72440), Amount(72430), Amount(0)];
        let d = check_class_table(&t);
        let e = d.iter().find(|e| e.line == 12).unwrap();
        assert!(
            e.message.contains("724.40 万元") && e.message.contains("724.30 万元"),
            "{e}"
        );
    }

    #[test]
    fn orphans_and_bad_codes() {
        let mut t = function_table();
        t.rows.push(row(
            "2080505",
            "机关事业单位基本养老保险缴费支出",
            [100, 100, 0],
            19,
        ));
        t.rows.push(row("20A", "错误编码", [0, 0, 0], 20));
        let d = check_class_table(&t);
        assert!(
            d.iter()
                .any(|e| e.line == 19 && e.message.contains("没有对应的款 20805"))
        );
        assert!(d.iter().any(|e| e.line == 20 && e.rule == "bad-code"));
    }

    #[test]
    fn summary_sides_balance() {
        let l = |n: &str, a: i64, line| Line {
            name: n.into(),
            amount: Amount(a),
            loc: Loc::yaml("b.yaml", line),
        };
        let mut s = Summary {
            income: vec![
                l("一般公共预算财政拨款收入", 123640, 3),
                l("其他收入", 5000, 4),
            ],
            spending: vec![
                l("一般公共服务支出", 109820, 6),
                l("住房保障支出", 18820, 7),
            ],
            income_total: Some((Amount(128640), Loc::yaml("b.yaml", 8))),
            spending_total: Some((Amount(128640), Loc::yaml("b.yaml", 9))),
            loc: Loc::yaml("b.yaml", 2),
            complete: true,
        };
        assert_eq!(check_summary(&s), vec![]);
        s.spending_total = Some((Amount(129640), Loc::yaml("b.yaml", 9)));
        let d = check_summary(&s);
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].line, 9);
        assert!(
            d[0].message.contains("1,296.40 万元") && d[0].message.contains("1,286.40 万元"),
            "{}",
            d[0]
        );
        s.spending_total = None;
        s.spending[1].amount = Amount(18720);
        let d = check_summary(&s);
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].line, 2);
        assert!(
            d[0].message.contains("收入合计 1,286.40 万元")
                && d[0].message.contains("支出合计 1,285.40 万元"),
            "{}",
            d[0]
        );
    }

    #[test]
    fn three_public_totals() {
        let t = ThreePublic {
            abroad: Amount(0),
            car_purchase: Amount(0),
            car_running: Amount(1240),
            reception: Amount(620),
            car: Some((Amount(1240), 5)),
            total: Some((Amount(1870), 7)),
            loc: Loc::yaml("b.yaml", 3),
        };
        let d = check_three(&t);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].line, 7);
        assert!(d[0].message.contains("18.70 万元") && d[0].message.contains("18.60 万元"));
    }

    #[test]
    fn basic_spending_agrees_across_tables() {
        let f = function_table();
        let e = ClassTable {
            class: Classification::Economic,
            rows: vec![row("301", "工资福利支出", [76600, 76600, 0], 30)],
            total: Some(row("", "合计", [76600, 76600, 0], 31)),
            complete: true,
        };
        let d = check_basic_matches(&f, &e);
        assert_eq!(d.len(), 1);
        assert!(d[0].message.contains("766.00 万元") && d[0].message.contains("766.80 万元"));
    }
}
