//! 财政预决算: one department's budget (预算) or final accounts (决算) for one year,
//! as the standard tables (DOMAIN §6): 收支总表, 一般公共预算支出表 by 功能分类
//! 类/款/项, 一般公共预算基本支出表 by 经济分类 类/款, and 三公经费. The data only:
//! reading is `load::kinds::budget`, the arithmetic rules `check::kinds::budget`,
//! the page `render::kinds::budget`.

use super::Structured;
use crate::amount::Amount;
use crate::model::{DocId, Loc, Portal};
use std::path::PathBuf;

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

    pub fn part_keys(self) -> [&'static str; 2] {
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
    pub fn label(&self) -> String {
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

pub fn sum_rows<'a>(rows: impl Iterator<Item = &'a ClassRow>) -> [Amount; 3] {
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

/// The public budgets of `id`'s department and stage across years, oldest first: its
/// year series in the relations table.
pub fn history(portal: &Portal, id: DocId) -> Vec<(DocId, &Budget)> {
    super::public_series(portal, id, |s| match s {
        Structured::Budget(b) => Some(b.as_ref()),
        _ => None,
    })
}
