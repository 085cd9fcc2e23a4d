//! 政府信息公开工作年度报告 to the template of 国办公开办函〔2021〕30号 (DOMAIN §9):
//! six sections of prose and the three statistical tables. The data only: reading
//! is `load::kinds::annual_report`, the identities (within the report, against last
//! year's, against the 规范性文件目录) `check::kinds::annual_report`.

use super::Structured;
use crate::amount::Amount;
use crate::model::{DocId, Portal};

/// The six sections: (field key, heading).
pub const SECTIONS: [(&str, &str); 6] = [
    ("overview", "一、总体情况"),
    ("proactive_text", "二、主动公开政府信息情况"),
    ("applications_text", "三、收到和处理政府信息公开申请情况"),
    ("review_text", "四、政府信息公开行政复议、行政诉讼情况"),
    ("problems", "五、存在的主要问题及改进情况"),
    ("other", "六、其他需要报告的事项"),
];

// ---- Table 2 -------------------------------------------------------------

/// Columns of the 第二十条第（一）项 part.
pub const T2_COLUMNS: [&str; 3] = ["本年制发件数", "本年废止件数", "现行有效件数"];

/// 表二 主动公开政府信息情况.
#[derive(Debug, Clone, Default)]
pub struct Table2 {
    /// 规章 and 行政规范性文件: 本年制发件数, 本年废止件数, 现行有效件数.
    pub regulations: [u64; 3],
    pub normative: [u64; 3],
    /// 本年处理决定数量.
    pub licensing: u64,
    pub penalty: u64,
    pub coercion: u64,
    /// 本年收费金额（单位：万元）.
    pub fees: Amount,
    pub normative_line: usize,
}

// ---- Table 3 -------------------------------------------------------------

/// Applicant columns of table 3; the last is 总计.
pub const APPLICANTS: [&str; 7] = [
    "自然人",
    "商业企业",
    "科研机构",
    "社会公益组织",
    "法律服务机构",
    "其他",
    "总计",
];

/// The rows of table 3 with their exact labels and the shorter names editors use.
pub const T3_ROWS: [(&str, &[&str]); 25] = [
    (
        "一、本年新收政府信息公开申请数量",
        &["本年新收申请数量", "本年新收", "新收申请"],
    ),
    (
        "二、上年结转政府信息公开申请数量",
        &["上年结转申请数量", "上年结转"],
    ),
    ("（一）予以公开", &[]),
    (
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        &["部分公开"],
    ),
    ("1.属于国家秘密", &["国家秘密"]),
    ("2.其他法律行政法规禁止公开", &["法律行政法规禁止公开"]),
    ("3.危及“三安全一稳定”", &["三安全一稳定"]),
    ("4.保护第三方合法权益", &["第三方合法权益"]),
    (
        "5.属于三类内部事务信息",
        &["三类内部事务信息", "内部事务信息"],
    ),
    ("6.属于四类过程性信息", &["四类过程性信息", "过程性信息"]),
    ("7.属于行政执法案卷", &["行政执法案卷"]),
    ("8.属于行政查询事项", &["行政查询事项"]),
    ("1.本机关不掌握相关政府信息", &["本机关不掌握"]),
    ("2.没有现成信息需要另行制作", &["需要另行制作", "另行制作"]),
    ("3.补正后申请内容仍不明确", &["补正后仍不明确"]),
    ("1.信访举报投诉类申请", &["信访举报投诉类"]),
    ("2.重复申请", &[]),
    ("3.要求提供公开出版物", &["公开出版物"]),
    ("4.无正当理由大量反复申请", &["大量反复申请"]),
    (
        "5.要求行政机关确认或重新出具已获取信息",
        &["确认或重新出具已获取信息"],
    ),
    (
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        &["逾期不补正"],
    ),
    (
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        &["逾期未缴费", "逾期未按收费通知要求缴纳费用"],
    ),
    ("3.其他", &["其他处理"]),
    ("（七）总计", &["办理结果总计", "本年度办理结果总计"]),
    ("四、结转下年度继续办理", &["结转下年度", "结转下年"]),
];

pub const NEW: usize = 0;
pub const CARRIED_IN: usize = 1;
/// 三、本年度办理结果 (一) to (六).
pub const RESULTS: std::ops::RangeInclusive<usize> = 2..=22;
pub const TOTAL: usize = 23;
pub const CARRIED_OUT: usize = 24;

/// The groups of result rows: (heading, first row, row count).
pub const T3_GROUPS: [(&str, usize, usize); 4] = [
    ("（三）不予公开", 4, 8),
    ("（四）无法提供", 12, 3),
    ("（五）不予处理", 15, 5),
    ("（六）其他处理", 20, 3),
];

/// A row's label as messages show it: `三、（三）不予公开 4.保护第三方合法权益`.
pub fn t3_label(row: usize) -> String {
    let label = T3_ROWS[row].0;
    match T3_GROUPS
        .iter()
        .find(|(_, first, n)| (*first..first + n).contains(&row))
    {
        Some((g, _, _)) => format!("三、{g} {label}"),
        None if RESULTS.contains(&row) || row == TOTAL => format!("三、{label}"),
        None => label.to_string(),
    }
}

/// 表三 收到和处理政府信息公开申请情况.
#[derive(Debug, Clone)]
pub struct Table3 {
    /// Rows in [`T3_ROWS`] order × [`APPLICANTS`] columns.
    pub rows: [[u64; 7]; 25],
    /// Line of each row (the table's line when the row was not written).
    pub lines: [usize; 25],
    /// Whether the row's 总计 was written (else it is the sum of the six columns).
    pub total_given: [bool; 25],
    /// Whether row （七）总计 was written (else it is the sum of the results).
    pub results_total_given: bool,
}

// ---- Table 4 -------------------------------------------------------------

pub const T4_GROUPS: [(&str, &[&str]); 3] = [
    ("行政复议", &["复议"]),
    (
        "行政诉讼（未经复议直接起诉）",
        &["未经复议直接起诉", "直接起诉"],
    ),
    ("行政诉讼（复议后起诉）", &["复议后起诉"]),
];
pub const T4_COLUMNS: [&str; 5] = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"];

/// 表四 政府信息公开行政复议、行政诉讼情况.
#[derive(Debug, Clone, Default)]
pub struct Table4 {
    pub rows: [[u64; 5]; 3],
    pub lines: [usize; 3],
    pub total_given: [bool; 3],
}

// ---- The report ----------------------------------------------------------

#[derive(Debug, Clone)]
pub struct Section {
    pub title: &'static str,
    pub html: String,
    pub text: String,
    pub line: usize,
}

#[derive(Debug, Clone)]
pub struct AnnualReport {
    pub year: i32,
    /// The reporting organisation (the document's 发文机关).
    pub organisation: String,
    pub sections: Vec<Section>,
    pub table2: Table2,
    pub table3: Table3,
    pub table4: Table4,
    pub line: usize,
}

impl AnnualReport {
    pub fn plain_text(&self) -> String {
        let mut out = String::new();
        for s in &self.sections {
            out.push_str(s.title);
            out.push('\n');
            out.push_str(&s.text);
            out.push('\n');
        }
        out
    }

    pub fn applications_received(&self) -> u64 {
        self.table3.rows[NEW][6]
    }

    pub fn applications_handled(&self) -> u64 {
        self.table3.rows[TOTAL][6]
    }

    /// 予以公开 plus 部分公开.
    pub fn disclosed(&self) -> u64 {
        self.table3.rows[2][6] + self.table3.rows[3][6]
    }
}

/// The public reports of `id`'s organisation, oldest first: its year series in the
/// relations table.
pub fn history(portal: &Portal, id: DocId) -> Vec<(DocId, &AnnualReport)> {
    super::public_series(portal, id, |s| match s {
        Structured::AnnualReport(r) => Some(r.as_ref()),
        _ => None,
    })
}
