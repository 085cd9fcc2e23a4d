//! The identities of a 年度报告 (国办公开办函〔2021〕30号, DOMAIN §9): within its
//! tables, against last year's report, and against the portal's own
//! 现行有效行政规范性文件目录.

use crate::diagnostics::Diagnostic;
use crate::listing;
use crate::model::Portal;
use crate::model::kinds::Structured;
use crate::model::kinds::annual_report::*;
use crate::model::relations::{Relations, SeriesKey};
use chrono::Datelike;
use std::collections::BTreeMap;

use crate::check::Area;
use crate::check::kinds::data_rule;

pub const IDENTITY: crate::check::Rule = data_rule!(
    "report-identity",
    Area::Data,
    Error,
    "年度报告表三、表四的行列关系不成立（总计与分列、一加二等于三加四）",
    "国办公开办函〔2021〕30号 年度报告格式"
);
pub const CARRY_OVER: crate::check::Rule = data_rule!(
    "report-carry-over",
    Area::Data,
    Error,
    "表三 上年结转申请数量 与上年报告的 结转下年度继续办理 不一致",
    "seed 000：年报与年报之间具有逻辑关系"
);
pub const REPEATED: crate::check::Rule = data_rule!(
    "report-repeated",
    Area::Data,
    Warning,
    "年度报告的章节照搬上年报告的表述",
    "seed 000：年报不得逐年重复相同表述"
);
pub const NORMATIVE_COUNT: crate::check::Rule = data_rule!(
    "report-normative-count",
    Area::Data,
    Error,
    "表二 行政规范性文件 现行有效件数 与本站规范性文件目录不符",
    "国办公开办函〔2021〕30号 表二；条例 第二十条"
);
pub const DUPLICATE: crate::check::Rule = data_rule!(
    "duplicate-report",
    Area::Data,
    Error,
    "同一年度发布了两份年度报告",
    "条例 第四十九条、第五十条（每年一份年度报告）"
);

/// The identities of table 3: each row's 总计 is the sum of its six applicant
/// columns; （七）总计 is the sum of every result row; and in every column
/// 一 + 二 = 三（七） + 四.
pub fn check_table3(file: &str, t: &Table3) -> Vec<Diagnostic> {
    let mut out = vec![];
    for row in 0..25 {
        let sum: u64 = t.rows[row][..6].iter().sum();
        if t.total_given[row] && sum != t.rows[row][6] {
            let parts = (0..6)
                .map(|c| format!("{} {}", APPLICANTS[c], t.rows[row][c]))
                .collect::<Vec<_>>()
                .join(" + ");
            out.push(
                Diagnostic::error(
                    "report-identity",
                    file,
                    t.lines[row],
                    format!(
                        "表三 {}：总计 为 {}，而 {parts} = {sum}",
                        t3_label(row),
                        t.rows[row][6]
                    ),
                )
                .hint("总计 = 自然人 + 法人或其他组织的五列（商业企业、科研机构、社会公益组织、法律服务机构、其他）"),
            );
        }
    }
    if t.results_total_given {
        for (c, column) in APPLICANTS.iter().enumerate() {
            let sum: u64 = RESULTS.map(|r| t.rows[r][c]).sum();
            if sum != t.rows[TOTAL][c] {
                out.push(
                    Diagnostic::error(
                        "report-identity",
                        file,
                        t.lines[TOTAL],
                        format!(
                            "表三 三、（七）总计（{column}）为 {}，而各项办理结果（（一）至（六））之和为 {sum}",
                            t.rows[TOTAL][c]
                        ),
                    )
                    .hint("（七）总计 等于 予以公开、部分公开、不予公开、无法提供、不予处理、其他处理 各行之和"),
                );
            }
        }
    }
    for (c, column) in APPLICANTS.iter().enumerate() {
        let (a, b) = (t.rows[NEW][c], t.rows[CARRIED_IN][c]);
        let (x, y) = (t.rows[TOTAL][c], t.rows[CARRIED_OUT][c]);
        if a + b != x + y {
            out.push(
                Diagnostic::error(
                    "report-identity",
                    file,
                    t.lines[CARRIED_OUT],
                    format!(
                        "表三（{column}）：一、本年新收 {a} + 二、上年结转 {b} = {}，而 三、（七）总计 {x} + 四、结转下年度继续办理 {y} = {}",
                        a + b,
                        x + y
                    ),
                )
                .hint("勾稽关系：第一项加第二项之和，等于第三项加第四项之和"),
            );
        }
    }
    out
}

/// Table 4: each 总计 is the sum of 结果维持, 结果纠正, 其他结果 and 尚未审结.
pub fn check_table4(file: &str, t: &Table4) -> Vec<Diagnostic> {
    let mut out = vec![];
    for (row, (group, _)) in T4_GROUPS.iter().enumerate() {
        let sum: u64 = t.rows[row][..4].iter().sum();
        if t.total_given[row] && sum != t.rows[row][4] {
            out.push(Diagnostic::error(
                "report-identity",
                file,
                t.lines[row],
                format!(
                    "表四 {}：总计 为 {}，而 结果维持 {} + 结果纠正 {} + 其他结果 {} + 尚未审结 {} = {sum}",
                    group, t.rows[row][4], t.rows[row][0], t.rows[row][1], t.rows[row][2], t.rows[row][3]
                ),
            ).hint("总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结：核对这五个数"));
        }
    }
    out
}

/// Across years, per organisation (a report series of the relations table): one
/// report a year; this year's 上年结转 is last year's 结转下年度继续办理, column by
/// column; and a section is not copied word for word from last year's report (seed
/// 000: 年报之间不得雷同).
pub fn check_years(portal: &Portal) -> Vec<Diagnostic> {
    let report = |id: usize| match &portal.doc(id).data {
        Some(Structured::AnnualReport(r)) => Some((portal.doc(id).source.as_str(), r.as_ref())),
        _ => None,
    };
    let mut out = vec![];
    let series = portal
        .relations
        .all_series()
        .filter(|(key, _)| matches!(key, SeriesKey::Report { .. }));
    for (_, members) in series {
        for (id, before) in Relations::repeated_years(members) {
            let (Some((src, r)), Some((other, _))) = (report(id), report(before)) else {
                continue;
            };
            out.push(
                Diagnostic::error(
                    "duplicate-report",
                    src,
                    r.line,
                    format!("{}{}年度报告与 {other} 重复", r.organisation, r.year),
                )
                .hint("每个机关每年只发布一份年度报告"),
            );
        }
        // Of a repeated year, the last member (by id) stands for it.
        let by_year: BTreeMap<i32, (&str, &AnnualReport)> = members
            .iter()
            .filter_map(|(year, id)| Some((*year, report(*id)?)))
            .collect();
        for (year, (src, r)) in &by_year {
            let Some((prev_src, prev)) = by_year.get(&(year - 1)) else {
                continue;
            };
            out.extend(check_carry_over(src, r, prev_src, prev));
            out.extend(check_wording(src, r, prev_src, prev));
        }
    }
    out
}

/// This year's 二、上年结转 must equal last year's 四、结转下年度继续办理.
pub fn check_carry_over(
    file: &str,
    r: &AnnualReport,
    prev_file: &str,
    prev: &AnnualReport,
) -> Vec<Diagnostic> {
    (0..7)
        .filter(|c| r.table3.rows[CARRIED_IN][*c] != prev.table3.rows[CARRIED_OUT][*c])
        .map(|c| {
            Diagnostic::error(
                "report-carry-over",
                file,
                r.table3.lines[CARRIED_IN],
                format!(
                    "表三 二、上年结转政府信息公开申请数量（{}）为 {}，而 {} 年度报告（{prev_file}:{}）四、结转下年度继续办理（{}）为 {}",
                    APPLICANTS[c],
                    r.table3.rows[CARRIED_IN][c],
                    prev.year,
                    prev.table3.lines[CARRIED_OUT],
                    APPLICANTS[c],
                    prev.table3.rows[CARRIED_OUT][c]
                ),
            )
            .hint("本年的上年结转数应等于上一年度报告的结转下年度继续办理数")
        })
        .collect()
}

fn check_wording(
    file: &str,
    r: &AnnualReport,
    prev_file: &str,
    prev: &AnnualReport,
) -> Vec<Diagnostic> {
    r.sections
        .iter()
        .zip(&prev.sections)
        .filter(|(a, b)| a.text.chars().count() >= 30 && a.text.trim() == b.text.trim())
        .map(|(a, _)| {
            Diagnostic::warning(
                "report-repeated",
                file,
                a.line,
                format!(
                    "“{}”与 {} 年度报告（{prev_file}）的内容完全相同",
                    a.title, prev.year
                ),
            )
            .hint("年度报告应写本年度的实际情况，不同年度不要照抄")
        })
        .collect()
}

/// For a report of the current year, 表二 行政规范性文件 现行有效件数 must agree
/// with the portal's own 现行有效行政规范性文件目录.
pub fn check_current_normative(portal: &Portal) -> Vec<Diagnostic> {
    let year = portal.today.year();
    let mut count = None;
    let mut out = vec![];
    for d in &portal.documents {
        let Some(Structured::AnnualReport(r)) = &d.data else {
            continue;
        };
        if r.year != year {
            continue;
        }
        let n = *count.get_or_insert_with(|| listing::current_normative(portal).len() as u64);
        if r.table2.normative[2] != n {
            out.push(
                Diagnostic::error(
                    "report-normative-count",
                    &d.source,
                    r.table2.normative_line,
                    format!(
                        "表二 行政规范性文件 现行有效件数 为 {}，而本站现行有效行政规范性文件目录中有 {n} 件",
                        r.table2.normative[2]
                    ),
                )
                .hint("核对现行有效行政规范性文件目录：已失效、废止的文件应标注 有效性，新文件应发布到本站"),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The demo's 2025 table 3 (示例县).
    fn table3() -> Table3 {
        let mut rows = [[0u64; 7]; 25];
        rows[NEW] = [26, 3, 0, 0, 2, 1, 32];
        rows[CARRIED_IN] = [1, 0, 0, 0, 0, 0, 1];
        rows[2] = [11, 2, 0, 0, 1, 1, 15];
        rows[3] = [3, 0, 0, 0, 0, 0, 3];
        rows[7] = [1, 0, 0, 0, 0, 0, 1];
        rows[9] = [1, 0, 0, 0, 1, 0, 2];
        rows[11] = [1, 0, 0, 0, 0, 0, 1];
        rows[12] = [5, 1, 0, 0, 0, 0, 6];
        rows[13] = [1, 0, 0, 0, 0, 0, 1];
        rows[15] = [1, 0, 0, 0, 0, 0, 1];
        rows[16] = [1, 0, 0, 0, 0, 0, 1];
        rows[20] = [1, 0, 0, 0, 0, 0, 1];
        rows[TOTAL] = [26, 3, 0, 0, 2, 1, 32];
        rows[CARRIED_OUT] = [1, 0, 0, 0, 0, 0, 1];
        let mut lines = [0; 25];
        for (i, l) in lines.iter_mut().enumerate() {
            *l = 40 + i;
        }
        Table3 {
            rows,
            lines,
            total_given: [true; 25],
            results_total_given: true,
        }
    }

    #[test]
    fn the_demo_table_passes() {
        assert_eq!(check_table3("r.yaml", &table3()), vec![]);
    }

    #[test]
    fn row_total_must_be_the_sum_of_applicant_columns() {
        let mut t = table3();
        t.rows[2][6] = 16;
        let d = check_table3("r.yaml", &t);
        let e = d.iter().find(|e| e.line == 42).unwrap();
        assert!(
            e.message.contains("（一）予以公开")
                && e.message.contains("总计 为 16")
                && e.message.contains("= 15"),
            "{e}"
        );
    }

    #[test]
    fn results_must_add_up_to_the_seventh_row() {
        let mut t = table3();
        t.rows[16] = [2, 0, 0, 0, 0, 0, 2]; // 重复申请 2 instead of 1
        let d = check_table3("r.yaml", &t);
        assert!(
            d.iter().any(|e| e.line == 63
                && e.message.contains("（自然人）为 26")
                && e.message.contains("之和为 27")),
            "{d:?}"
        );
    }

    #[test]
    fn received_plus_carried_in_equals_handled_plus_carried_out() {
        let mut t = table3();
        t.rows[CARRIED_OUT] = [2, 0, 0, 0, 0, 0, 2];
        let d = check_table3("r.yaml", &t);
        let e = d.iter().find(|e| e.message.contains("（总计）")).unwrap();
        assert_eq!(e.line, 64);
        assert!(
            e.message.contains("= 33") && e.message.contains("= 34"),
            "{e}"
        );
    }

    fn report(year: i32, t3: Table3, overview: &str) -> AnnualReport {
        AnnualReport {
            year,
            organisation: "示例县人民政府".into(),
            sections: SECTIONS
                .iter()
                .map(|(_, title)| Section {
                    title,
                    html: String::new(),
                    text: if title.starts_with('一') {
                        overview.into()
                    } else {
                        String::new()
                    },
                    line: 9,
                })
                .collect(),
            table2: Table2::default(),
            table3: t3,
            table4: Table4::default(),
            line: 1,
        }
    }

    #[test]
    fn carried_in_is_checked_against_last_years_carried_out() {
        let this = report(2025, table3(), "");
        let mut prev_t3 = table3();
        prev_t3.rows[CARRIED_OUT] = [2, 0, 0, 0, 0, 0, 2];
        let prev = report(2024, prev_t3, "");
        let d = check_carry_over(
            "content/gknb/2025.yaml",
            &this,
            "content/gknb/2024.yaml",
            &prev,
        );
        assert_eq!(d.len(), 2, "自然人 and 总计 differ: {d:?}");
        assert_eq!(d[0].line, 41);
        assert!(d[0].message.contains("（自然人）为 1"), "{}", d[0]);
        assert!(
            d[0].message
                .contains("2024 年度报告（content/gknb/2024.yaml:64）"),
            "{}",
            d[0]
        );
        assert!(
            d[0].message
                .contains("四、结转下年度继续办理（自然人）为 2"),
            "{}",
            d[0]
        );
        assert_eq!(
            check_carry_over("a", &this, "b", &report(2024, table3(), "")),
            vec![]
        );
    }

    #[test]
    fn a_section_copied_from_last_year_is_a_warning() {
        let same = "本年度，本机关坚持以公开为常态、不公开为例外，全面推进决策、执行、管理、服务、结果公开。";
        let d = check_wording(
            "a",
            &report(2025, table3(), same),
            "b",
            &report(2024, table3(), same),
        );
        assert_eq!(d.len(), 1);
        assert!(!d[0].is_error() && d[0].message.contains("一、总体情况"));
        let d = check_wording(
            "a",
            &report(2025, table3(), "短"),
            "b",
            &report(2024, table3(), "短"),
        );
        assert!(d.is_empty(), "short texts such as 无 may repeat");
    }

    #[test]
    fn table4_totals() {
        let t = Table4 {
            rows: [[1, 0, 0, 0, 2], [0, 0, 1, 0, 1], [0; 5]],
            lines: [70, 71, 72],
            total_given: [true; 3],
        };
        let d = check_table4("r.yaml", &t);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].line, 70);
        assert!(d[0].message.contains("总计 为 2") && d[0].message.contains("= 1"));
    }

    #[test]
    fn labels_name_the_group() {
        assert_eq!(t3_label(7), "三、（三）不予公开 4.保护第三方合法权益");
        assert_eq!(t3_label(2), "三、（一）予以公开");
        assert_eq!(t3_label(CARRIED_OUT), "四、结转下年度继续办理");
    }
}
