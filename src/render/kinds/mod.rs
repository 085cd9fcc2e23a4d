//! What the templates of structured documents see: 权责清单 grouped by type,
//! budget tables with formatted amounts and their charts, the annual report's
//! tables laid out cell by cell as the 2021 template has them. The views of the
//! kinds of `model::kinds`; the work plan's pages are [`plan`].

pub mod plan;

use super::chart::{self, Bar, Series};
use super::view::Urls;
use crate::amount::{Amount, group_thousands};
use crate::model::Structured;
use crate::model::kinds::annual_report::{
    self, APPLICANTS, AnnualReport, RESULTS, T2_COLUMNS, T3_GROUPS, T3_ROWS, T4_COLUMNS, T4_GROUPS,
    TOTAL,
};
use crate::model::kinds::budget::{self, Budget, ClassTable, level_name};
use crate::model::kinds::power_list::{PowerList, TYPE_IDS, TYPES};
use crate::model::{Document, Portal};
use serde::Serialize;

/// The template for a structured document, and its data.
pub fn view(
    portal: &Portal,
    urls: &Urls,
    d: &Document,
    s: &Structured,
) -> (&'static str, tera::Value) {
    let (template, value) = match s {
        Structured::PowerList(p) => ("power_list.html", tera::to_value(power_list(p))),
        Structured::Budget(b) => (
            "budget.html",
            tera::to_value(budget_view(portal, urls, d, b)),
        ),
        Structured::AnnualReport(r) => (
            "annual_report.html",
            tera::to_value(report(portal, urls, d, r)),
        ),
        Structured::Plan(p) => (
            "plan.html",
            tera::to_value(plan::plan_view(portal, urls, d, p)),
        ),
    };
    (template, value.unwrap_or_default())
}

// ---- 权责清单 ------------------------------------------------------------

#[derive(Serialize)]
pub struct PowerListView {
    pub total: usize,
    pub groups: Vec<TypeGroup>,
}

#[derive(Serialize)]
pub struct TypeGroup {
    pub name: &'static str,
    pub id: &'static str,
    pub count: usize,
    pub items: Vec<ItemView>,
}

#[derive(Serialize)]
pub struct ItemView {
    pub anchor: String,
    pub code: Option<String>,
    pub name: String,
    pub kind: &'static str,
    pub basis: Vec<String>,
    pub subject: String,
    pub duties: Vec<String>,
    pub accountability: Vec<String>,
    pub process: Vec<String>,
    pub supervision: Vec<String>,
    pub note: Option<String>,
}

/// Multi-line cells (责任事项 is usually one 责任 per line) keep their lines.
pub(super) fn lines(s: &str) -> Vec<String> {
    s.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

fn anchor_of(code: &str) -> String {
    code.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect()
}

pub fn power_list(p: &PowerList) -> PowerListView {
    let counts = p.counts();
    let groups = (0..TYPES.len())
        .filter(|k| counts[*k] > 0)
        .map(|k| TypeGroup {
            name: TYPES[k],
            id: TYPE_IDS[k],
            count: counts[k],
            items: p
                .items
                .iter()
                .enumerate()
                .filter(|(_, i)| i.kind == k)
                .map(|(n, i)| ItemView {
                    anchor: match &i.code {
                        Some(c) => format!("item-{}", anchor_of(c)),
                        None => format!("item-{}", n + 1),
                    },
                    code: i.code.clone(),
                    name: i.name.clone(),
                    kind: TYPES[i.kind],
                    basis: lines(&i.basis),
                    subject: i.subject.clone(),
                    duties: lines(&i.duties),
                    accountability: lines(&i.accountability),
                    process: i.process.as_deref().map(lines).unwrap_or_default(),
                    supervision: i.supervision.as_deref().map(lines).unwrap_or_default(),
                    note: i.note.clone(),
                })
                .collect(),
        })
        .collect();
    PowerListView {
        total: p.items.len(),
        groups,
    }
}

// ---- 预决算 --------------------------------------------------------------

#[derive(Serialize)]
pub struct BudgetView {
    pub department: String,
    pub year: i32,
    pub stage: &'static str,
    pub summary: Option<SummaryView>,
    pub function: Option<ClassView>,
    pub basic: Option<ClassView>,
    pub three: Option<ThreeView>,
    /// Bar chart of spending by 类 (inline SVG).
    pub chart: Option<String>,
    pub history: Vec<BudgetYear>,
    /// Column charts of the totals and of 三公经费 across years.
    pub history_charts: Vec<String>,
}

#[derive(Serialize)]
pub struct SummaryView {
    /// Income and spending side by side.
    pub rows: Vec<SummaryRow>,
    pub income_total: String,
    pub spending_total: String,
}

#[derive(Serialize)]
pub struct SummaryRow {
    pub income: Option<NamedAmount>,
    pub spending: Option<NamedAmount>,
}

#[derive(Serialize)]
pub struct NamedAmount {
    pub name: String,
    pub amount: String,
}

#[derive(Serialize)]
pub struct ClassView {
    pub title: &'static str,
    pub columns: Vec<&'static str>,
    pub rows: Vec<ClassRowView>,
    pub total: Vec<String>,
    pub total_name: String,
}

#[derive(Serialize)]
pub struct ClassRowView {
    pub code: String,
    pub name: String,
    /// 1 类, 2 款, 3 项: indentation and weight.
    pub level: usize,
    pub level_name: &'static str,
    pub amounts: Vec<String>,
}

#[derive(Serialize)]
pub struct ThreeView {
    pub total: String,
    pub abroad: String,
    pub car: String,
    pub car_purchase: String,
    pub car_running: String,
    pub reception: String,
}

#[derive(Serialize)]
pub struct BudgetYear {
    pub year: i32,
    pub url: String,
    pub current: bool,
    pub income: Option<String>,
    pub spending: Option<String>,
    pub three: Option<String>,
    /// Change of spending against the year before: `+2.95%`.
    pub change: Option<String>,
}

fn class_view(t: &ClassTable) -> ClassView {
    let shown = if t.split() { 3 } else { 1 };
    let fmt = |a: &[Amount; 3]| a[..shown].iter().map(|x| x.display()).collect::<Vec<_>>();
    ClassView {
        title: t.class.title(),
        columns: t.class.columns()[..shown].to_vec(),
        rows: t
            .rows
            .iter()
            .map(|r| ClassRowView {
                code: r.code.clone(),
                name: r.name.clone(),
                level: match r.code.len() {
                    3 => 1,
                    5 => 2,
                    _ => 3,
                },
                level_name: level_name(&r.code),
                amounts: fmt(&r.amounts),
            })
            .collect(),
        total: fmt(&t.grand_total()),
        total_name: t
            .total
            .as_ref()
            .map(|r| r.name.clone())
            .unwrap_or_else(|| "合计".into()),
    }
}

/// Percentage change with one decimal, from integer hundredths: `+2.95%` style
/// rounding is done on integers too, so the page never shows `-0.0%`.
fn change(prev: Amount, now: Amount) -> Option<String> {
    if prev.0 <= 0 {
        return None;
    }
    // Basis points, rounded half away from zero.
    // In i128: a saturated sum minus the previous year would overflow i64.
    let diff = (now.0 as i128 - prev.0 as i128) * 10_000;
    let bp = (diff + diff.signum() * prev.0 as i128 / 2) / prev.0 as i128;
    let sign = if bp > 0 {
        "+"
    } else if bp < 0 {
        "-"
    } else {
        ""
    };
    let bp = bp.unsigned_abs();
    Some(format!("{sign}{}.{:02}%", bp / 100, bp % 100))
}

fn budget_view(portal: &Portal, urls: &Urls, d: &Document, b: &Budget) -> BudgetView {
    let summary = b.summary.as_ref().map(|s| {
        let n = s.income.len().max(s.spending.len());
        let cell = |l: Option<&budget::Line>| {
            l.map(|l| NamedAmount {
                name: l.name.clone(),
                amount: l.amount.display(),
            })
        };
        SummaryView {
            rows: (0..n)
                .map(|i| SummaryRow {
                    income: cell(s.income.get(i)),
                    spending: cell(s.spending.get(i)),
                })
                .collect(),
            income_total: s.income_sum().display(),
            spending_total: s.spending_sum().display(),
        }
    });
    let chart = b.function.as_ref().and_then(|f| {
        let bars: Vec<Bar> = f
            .top()
            .map(|r| Bar {
                label: r.name.clone(),
                value: r.amounts[0].as_f64(),
                text: r.amounts[0].display(),
            })
            .collect();
        (!bars.is_empty()).then(|| {
            chart::bars(
                "chart-lei",
                &format!("{}年一般公共预算支出按功能分类（类）（单位：万元）", b.year),
                &bars,
            )
        })
    });
    let history_docs = budget::history(portal, d.id);
    let mut history = vec![];
    let mut prev: Option<Amount> = None;
    for (id, h) in &history_docs {
        let spending = h.spending();
        history.push(BudgetYear {
            year: h.year,
            url: urls.doc(*id),
            current: *id == d.id,
            income: h.income().map(Amount::display),
            spending: spending.map(Amount::display),
            three: h.three.as_ref().map(|t| t.sum().display()),
            change: prev.zip(spending).and_then(|(p, n)| change(p, n)),
        });
        prev = spending;
    }
    // Totals and “三公”经费 differ by two orders of magnitude: one chart each, so
    // that a change in either is visible.
    let mut history_charts = vec![];
    if history_docs.len() > 1 {
        let cats: Vec<String> = history_docs
            .iter()
            .map(|(_, h)| format!("{}年", h.year))
            .collect();
        let series = |name: String, f: &dyn Fn(&Budget) -> Option<Amount>| Series {
            name,
            values: history_docs
                .iter()
                .map(|(_, h)| f(h).unwrap_or_default().as_f64())
                .collect(),
            texts: history_docs
                .iter()
                .map(|(_, h)| f(h).map(Amount::display).unwrap_or_default())
                .collect(),
        };
        let stage = b.stage.zh();
        history_charts.push(chart::columns(
            "chart-years",
            &format!("{}历年支出{stage}总计（单位：万元）", b.department),
            &cats,
            &[series(format!("支出{stage}总计"), &|h| h.spending())],
        ));
        if history_docs.iter().all(|(_, h)| h.three.is_some()) {
            history_charts.push(chart::columns(
                "chart-years-three",
                &format!("{}历年“三公”经费{stage}（单位：万元）", b.department),
                &cats,
                &[series("“三公”经费".into(), &|h| {
                    h.three.as_ref().map(|t| t.sum())
                })],
            ));
        }
    }
    BudgetView {
        department: b.department.clone(),
        year: b.year,
        stage: b.stage.zh(),
        summary,
        function: b.function.as_ref().map(class_view),
        basic: b.basic.as_ref().map(class_view),
        three: b.three.as_ref().map(|t| ThreeView {
            total: t.sum().display(),
            abroad: t.abroad.display(),
            car: t.car_sum().display(),
            car_purchase: t.car_purchase.display(),
            car_running: t.car_running.display(),
            reception: t.reception.display(),
        }),
        chart,
        history,
        history_charts,
    }
}

// ---- 年度报告 ------------------------------------------------------------

#[derive(Serialize)]
pub struct ReportView {
    pub year: i32,
    pub sections: Vec<SectionView>,
    pub t2_columns: [&'static str; 3],
    pub regulations: [u64; 3],
    pub normative: [u64; 3],
    pub licensing: u64,
    pub penalty: u64,
    pub coercion: u64,
    pub fees: String,
    pub applicants: [&'static str; 7],
    pub t3: Vec<T3Row>,
    pub t4_groups: Vec<&'static str>,
    pub t4_columns: [&'static str; 5],
    /// The 15 figures of table 4, in template order.
    pub t4: Vec<u64>,
    pub history: Vec<ReportYear>,
    pub history_chart: Option<String>,
}

#[derive(Serialize)]
pub struct SectionView {
    pub id: String,
    pub title: &'static str,
    pub html: String,
}

/// A header cell of table 3's row headers.
#[derive(Serialize)]
pub struct HeadCell {
    pub text: &'static str,
    pub rowspan: usize,
    pub colspan: usize,
    /// `row` or `rowgroup`.
    pub scope: &'static str,
}

#[derive(Serialize)]
pub struct T3Row {
    pub heads: Vec<HeadCell>,
    pub values: Vec<String>,
    pub total: bool,
}

#[derive(Serialize)]
pub struct ReportYear {
    pub year: i32,
    pub url: String,
    pub current: bool,
    pub received: u64,
    pub carried_in: u64,
    pub handled: u64,
    pub disclosed: u64,
    pub carried_out: u64,
}

/// Row headers of table 3 exactly as the 2021 template spans them.
pub fn t3_heads(row: usize) -> Vec<HeadCell> {
    let cell = |text, rowspan, colspan, scope| HeadCell {
        text,
        rowspan,
        colspan,
        scope,
    };
    let label = T3_ROWS[row].0;
    if !RESULTS.contains(&row) && row != TOTAL {
        return vec![cell(label, 1, 3, "row")];
    }
    let mut heads = vec![];
    if row == *RESULTS.start() {
        heads.push(cell(
            "三、本年度办理结果",
            RESULTS.count() + 1,
            1,
            "rowgroup",
        ));
    }
    match T3_GROUPS
        .iter()
        .find(|(_, first, n)| (*first..first + n).contains(&row))
    {
        Some((group, first, n)) => {
            if row == *first {
                heads.push(cell(group, *n, 1, "rowgroup"));
            }
            heads.push(cell(label, 1, 1, "row"));
        }
        None => heads.push(cell(label, 1, 2, "row")),
    }
    heads
}

fn report(portal: &Portal, urls: &Urls, d: &Document, r: &AnnualReport) -> ReportView {
    let t3 = (0..T3_ROWS.len())
        .map(|row| T3Row {
            heads: t3_heads(row),
            values: r.table3.rows[row]
                .iter()
                .map(|v| group_thousands(*v))
                .collect(),
            total: row == TOTAL,
        })
        .collect();
    let history_docs = annual_report::history(portal, d.id);
    let history: Vec<ReportYear> = history_docs
        .iter()
        .map(|(id, h)| ReportYear {
            year: h.year,
            url: urls.doc(*id),
            current: *id == d.id,
            received: h.applications_received(),
            carried_in: h.table3.rows[annual_report::CARRIED_IN][6],
            handled: h.applications_handled(),
            disclosed: h.disclosed(),
            carried_out: h.table3.rows[annual_report::CARRIED_OUT][6],
        })
        .collect();
    let history_chart = (history.len() > 1).then(|| {
        let cats: Vec<String> = history.iter().map(|h| format!("{}年", h.year)).collect();
        let series = |name: &str, f: fn(&ReportYear) -> u64| Series {
            name: name.into(),
            values: history.iter().map(|h| f(h) as f64).collect(),
            texts: history.iter().map(|h| f(h).to_string()).collect(),
        };
        chart::columns(
            "chart-reports",
            "历年政府信息公开申请办理情况（单位：件）",
            &cats,
            &[
                series("本年新收申请", |h| h.received),
                series("本年度办理结果总计", |h| h.handled),
                series("予以公开和部分公开", |h| h.disclosed),
            ],
        )
    });
    let t2 = &r.table2;
    ReportView {
        year: r.year,
        sections: r
            .sections
            .iter()
            .enumerate()
            .map(|(i, s)| SectionView {
                id: format!("part-{}", i + 1),
                title: s.title,
                html: s.html.clone(),
            })
            .collect(),
        t2_columns: T2_COLUMNS,
        regulations: t2.regulations,
        normative: t2.normative,
        licensing: t2.licensing,
        penalty: t2.penalty,
        coercion: t2.coercion,
        fees: t2.fees.display(),
        applicants: APPLICANTS,
        t3,
        t4_groups: T4_GROUPS.iter().map(|g| g.0).collect(),
        t4_columns: T4_COLUMNS,
        t4: r.table4.rows.iter().flatten().copied().collect(),
        history,
        history_chart,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table3_row_headers_span_like_the_template() {
        let spans = |row| {
            t3_heads(row)
                .iter()
                .map(|h| (h.text, h.rowspan, h.colspan))
                .collect::<Vec<_>>()
        };
        assert_eq!(spans(0), [("一、本年新收政府信息公开申请数量", 1, 3)]);
        assert_eq!(
            spans(2),
            [("三、本年度办理结果", 22, 1), ("（一）予以公开", 1, 2)]
        );
        assert_eq!(
            spans(4),
            [("（三）不予公开", 8, 1), ("1.属于国家秘密", 1, 1)]
        );
        assert_eq!(spans(5), [("2.其他法律行政法规禁止公开", 1, 1)]);
        assert_eq!(spans(TOTAL), [("（七）总计", 1, 2)]);
        assert_eq!(spans(24), [("四、结转下年度继续办理", 1, 3)]);
    }

    #[test]
    fn year_on_year_change_in_integers() {
        assert_eq!(
            change(Amount(124950), Amount(128640)).as_deref(),
            Some("+2.95%")
        );
        assert_eq!(
            change(Amount(2010), Amount(1860)).as_deref(),
            Some("-7.46%")
        );
        assert_eq!(change(Amount(100), Amount(100)).as_deref(), Some("0.00%"));
        assert_eq!(change(Amount(0), Amount(100)), None);
        // Sums saturate at the ends of i64: the change is still computed, not a panic.
        assert_eq!(
            change(Amount(100), Amount(i64::MIN)).as_deref(),
            Some("-9223372036854775908.00%")
        );
    }
}
