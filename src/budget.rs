//! 财政预决算: one department's budget (预算) or final accounts (决算) for one year,
//! as the standard tables (DOMAIN §6): 收支总表, 一般公共预算支出表 by 功能分类
//! 类/款/项, 一般公共预算基本支出表 by 经济分类 类/款, and 三公经费.
//!
//! Every total is verified in integer hundredths of a 万元: 项 add up to their 款,
//! 款 to their 类, 类 to the table's 合计, and each row's 合计 to its parts.

use crate::amount::Amount;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::fields::{Field, field, label};
use crate::model::{DocId, Portal};
use crate::rows::{self, Loc, Record};
use crate::structured::{Input, Structured, amount_field};
use serde_yaml::Value;
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

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

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Stage {
    Budget,
    Final,
}

impl Stage {
    pub fn zh(self) -> &'static str {
        match self {
            Stage::Budget => "预算",
            Stage::Final => "决算",
        }
    }

    fn parse(t: &str) -> Option<Stage> {
        match rows::fold(t).as_str() {
            "预算" | "部门预算" | "budget" => Some(Stage::Budget),
            "决算" | "部门决算" | "final" => Some(Stage::Final),
            _ => None,
        }
    }
}

/// A named amount (a line of the 收支总表).
#[derive(Debug, Clone)]
pub struct Line {
    pub name: String,
    pub amount: Amount,
    pub loc: Loc,
}

/// 收支总表: income on one side, spending on the other; both sides must balance.
#[derive(Debug, Clone)]
pub struct Summary {
    pub income: Vec<Line>,
    pub spending: Vec<Line>,
    /// As written (verified against the lines).
    pub income_total: Option<(Amount, Loc)>,
    pub spending_total: Option<(Amount, Loc)>,
    pub loc: Loc,
    /// False when a line could not be read (already reported): sums are not checked.
    pub complete: bool,
}

impl Summary {
    pub fn income_sum(&self) -> Amount {
        self.income.iter().map(|l| l.amount).sum()
    }
    pub fn spending_sum(&self) -> Amount {
        self.spending.iter().map(|l| l.amount).sum()
    }
}

/// Which classification a table follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Classification {
    /// 支出功能分类: 类 (3 digits), 款 (5), 项 (7).
    Function,
    /// 支出经济分类: 类 (3), 款 (5).
    Economic,
}

impl Classification {
    pub fn levels(self) -> &'static [usize] {
        match self {
            Classification::Function => &[3, 5, 7],
            Classification::Economic => &[3, 5],
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Classification::Function => "一般公共预算支出表",
            Classification::Economic => "一般公共预算基本支出表",
        }
    }

    /// The amount columns: 合计 and its two parts.
    pub fn columns(self) -> [&'static str; 3] {
        match self {
            Classification::Function => ["合计", "基本支出", "项目支出"],
            Classification::Economic => ["合计", "人员经费", "公用经费"],
        }
    }

    fn part_keys(self) -> [&'static str; 2] {
        match self {
            Classification::Function => ["basic", "project"],
            Classification::Economic => ["personnel", "public_use"],
        }
    }
}

/// 类 / 款 / 项 by the length of the subject code.
pub fn level_name(code: &str) -> &'static str {
    match code.len() {
        3 => "类",
        5 => "款",
        7 => "项",
        _ => "科目",
    }
}

#[derive(Debug, Clone)]
pub struct ClassRow {
    /// Subject code (科目编码); empty on the total row.
    pub code: String,
    pub name: String,
    /// 合计 and its two parts; a blank part is zero.
    pub amounts: [Amount; 3],
    /// Whether the parts were filled in (then 合计 must equal their sum).
    pub split: bool,
    pub loc: Loc,
}

impl ClassRow {
    fn label(&self) -> String {
        if self.code.is_empty() {
            self.name.clone()
        } else {
            format!("{} {} {}", level_name(&self.code), self.code, self.name)
        }
    }
}

#[derive(Debug, Clone)]
pub struct ClassTable {
    pub class: Classification,
    pub rows: Vec<ClassRow>,
    /// The 合计 row, if written.
    pub total: Option<ClassRow>,
    /// False when a row could not be read (already reported): a sum without it would
    /// only add a misleading second error, so sums are not checked.
    pub complete: bool,
}

impl ClassTable {
    /// Whether any row splits 合计 into its parts (then the parts are shown).
    pub fn split(&self) -> bool {
        self.rows.iter().chain(&self.total).any(|r| r.split)
    }

    /// The top-level (类) rows.
    pub fn top(&self) -> impl Iterator<Item = &ClassRow> {
        self.rows.iter().filter(|r| r.code.len() == 3)
    }

    /// The table's 合计: as written, else the sum of its 类.
    pub fn grand_total(&self) -> [Amount; 3] {
        match &self.total {
            Some(t) => t.amounts,
            None => sum_rows(self.top()),
        }
    }
}

fn sum_rows<'a>(rows: impl Iterator<Item = &'a ClassRow>) -> [Amount; 3] {
    let mut s = [Amount::ZERO; 3];
    for r in rows {
        for (acc, a) in s.iter_mut().zip(r.amounts) {
            *acc = *acc + a;
        }
    }
    s
}

/// “三公”经费.
#[derive(Debug, Clone)]
pub struct ThreePublic {
    pub abroad: Amount,
    pub car_purchase: Amount,
    pub car_running: Amount,
    pub reception: Amount,
    /// 公务用车购置及运行费 and 合计 as written, with their lines (verified).
    pub car: Option<(Amount, usize)>,
    pub total: Option<(Amount, usize)>,
    pub loc: Loc,
}

impl ThreePublic {
    pub fn car_sum(&self) -> Amount {
        self.car_purchase + self.car_running
    }
    pub fn sum(&self) -> Amount {
        self.abroad + self.car_sum() + self.reception
    }
}

#[derive(Debug, Clone)]
pub struct Budget {
    pub department: String,
    pub year: i32,
    pub stage: Stage,
    pub summary: Option<Summary>,
    pub function: Option<ClassTable>,
    pub basic: Option<ClassTable>,
    pub three: Option<ThreePublic>,
    /// Spreadsheets behind the tables.
    pub files: Vec<PathBuf>,
    pub line: usize,
}

impl Budget {
    /// Total spending: the 收支总表's, else the 一般公共预算支出表's.
    pub fn spending(&self) -> Option<Amount> {
        self.summary
            .as_ref()
            .map(Summary::spending_sum)
            .or_else(|| self.function.as_ref().map(|f| f.grand_total()[0]))
    }

    pub fn income(&self) -> Option<Amount> {
        self.summary.as_ref().map(Summary::income_sum)
    }

    pub fn plain_text(&self) -> String {
        let mut out = format!(
            "{}{}年部门{}\n",
            self.department,
            self.year,
            self.stage.zh()
        );
        for l in self
            .summary
            .iter()
            .flat_map(|s| s.income.iter().chain(&s.spending))
        {
            out.push_str(&format!("{} {}\n", l.name, l.amount));
        }
        for t in self.function.iter().chain(&self.basic) {
            for r in &t.rows {
                out.push_str(&format!("{} {} {}\n", r.code, r.name, r.amounts[0]));
            }
        }
        if let Some(t) = &self.three {
            out.push_str(&format!("“三公”经费 {}\n", t.sum()));
        }
        out
    }
}

pub fn read(input: &Input, diags: &mut Diagnostics) -> Option<Budget> {
    let file = input.src.file;
    let f = &input.fields;
    let department = f
        .text("department", FIELDS, diags)
        .unwrap_or_else(|| input.issuer.to_string());
    let year = input.year(FIELDS, diags);
    let stage = match f.text("stage", FIELDS, diags) {
        Some(t) => Stage::parse(&t).or_else(|| {
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
    diags.extend(check(&budget));
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

/// The public budgets of `id`'s department and stage across years, oldest first: its
/// year series in the relations table.
pub fn history(portal: &Portal, id: DocId) -> Vec<(DocId, &Budget)> {
    portal
        .relations
        .series(id)
        .iter()
        .map(|(_, m)| portal.doc(*m))
        .filter(|d| d.is_public())
        .filter_map(|d| match &d.data {
            Some(Structured::Budget(b)) => Some((d.id, b.as_ref())),
            _ => None,
        })
        .collect()
}

/// Two documents for the same department, stage and year contradict each other.
pub fn check_years(portal: &Portal) -> Vec<Diagnostic> {
    let mut seen: BTreeMap<(&str, Stage, i32), &str> = BTreeMap::new();
    let mut out = vec![];
    for d in &portal.documents {
        let Some(Structured::Budget(b)) = &d.data else {
            continue;
        };
        if let Some(other) = seen.insert((&b.department, b.stage, b.year), &d.source) {
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
