//! 政府信息公开工作年度报告 to the template of 国办公开办函〔2021〕30号 (DOMAIN §9):
//! six sections of prose and the three statistical tables, whose identities are
//! checked here — within the report, against last year's report, and against the
//! portal's own 现行有效行政规范性文件目录.

use crate::amount::{Amount, parse_count};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::fields::{Field, Fields, field, scalar_text};
use crate::listing;
use crate::model::{DocId, Portal};
use crate::rows::fold;
use crate::structured::{Input, Structured, amount_field};
use chrono::Datelike;
use serde_yaml::Value;
use std::collections::BTreeMap;

pub const FIELDS: &[Field] = &[
    field("year", &["年度", "报告年度"]),
    field("overview", &["总体情况", "一、总体情况"]),
    field(
        "proactive_text",
        &["主动公开政府信息情况", "二、主动公开政府信息情况"],
    ),
    field(
        "applications_text",
        &[
            "收到和处理政府信息公开申请情况",
            "三、收到和处理政府信息公开申请情况",
        ],
    ),
    field(
        "review_text",
        &[
            "政府信息公开行政复议、行政诉讼情况",
            "四、政府信息公开行政复议、行政诉讼情况",
        ],
    ),
    field(
        "problems",
        &["存在的主要问题及改进情况", "五、存在的主要问题及改进情况"],
    ),
    field("other", &["其他需要报告的事项", "六、其他需要报告的事项"]),
    field("table2", &["表二", "主动公开情况", "主动公开"]),
    field("table3", &["表三", "申请情况", "依申请公开情况"]),
    field("table4", &["表四", "复议诉讼情况", "行政复议行政诉讼情况"]),
];

/// The six sections: (field key, heading).
pub const SECTIONS: [(&str, &str); 6] = [
    ("overview", "一、总体情况"),
    ("proactive_text", "二、主动公开政府信息情况"),
    ("applications_text", "三、收到和处理政府信息公开申请情况"),
    ("review_text", "四、政府信息公开行政复议、行政诉讼情况"),
    ("problems", "五、存在的主要问题及改进情况"),
    ("other", "六、其他需要报告的事项"),
];

/// Sections an assessor cannot do without (二 to 四 are the tables).
const REQUIRED_SECTIONS: [&str; 3] = ["overview", "problems", "other"];

// ---- Table 2 -------------------------------------------------------------

/// Columns of the 第二十条第（一）项 part.
pub const T2_COLUMNS: [&str; 3] = ["本年制发件数", "本年废止件数", "现行有效件数"];
const T2_COLUMN_NAMES: [&[&str]; 3] = [
    &["本年制发件数", "本年制发", "制发"],
    &["本年废止件数", "本年废止", "废止"],
    &["现行有效件数", "现行有效"],
];
const T2_FIELDS: &[Field] = &[
    field("regulations", &["规章"]),
    field("normative", &["行政规范性文件", "规范性文件"]),
    field("licensing", &["行政许可"]),
    field("penalty", &["行政处罚"]),
    field("coercion", &["行政强制"]),
    field("fees", &["行政事业性收费"]),
];

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
const T4_COLUMN_NAMES: [&[&str]; 5] = [
    &["结果维持", "维持"],
    &["结果纠正", "纠正"],
    &["其他结果"],
    &["尚未审结", "未审结"],
    &["总计", "合计"],
];

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

pub fn read(input: &Input, diags: &mut Diagnostics) -> Option<AnnualReport> {
    let file = input.src.file;
    let f = &input.fields;
    let year = input.year(FIELDS, diags);
    let mut sections = vec![];
    for (key, title) in SECTIONS {
        let md = f.text(key, FIELDS, diags).unwrap_or_default();
        if md.is_empty() && REQUIRED_SECTIONS.contains(&key) {
            diags.push(
                Diagnostic::error(
                    "missing-section",
                    file,
                    f.first_line,
                    format!("年度报告缺少第{}部分“{title}”", &title[..3]),
                )
                .hint(format!(
                    "按国办公开办函〔2021〕30号的格式写出六个部分：加一行 {}: |，下面缩进写正文",
                    &title[title.find('、').map(|i| i + '、'.len_utf8()).unwrap_or(0)..]
                )),
            );
        }
        let (html, text) = input.markdown(&md, f.line(key), diags);
        sections.push(Section {
            title,
            html,
            text,
            line: f.line(key),
        });
    }
    let table = |key: &str, name: &str, diags: &mut Diagnostics| -> Option<&serde_yaml::Mapping> {
        match f.value(key) {
            Some(Value::Mapping(m)) => Some(m),
            Some(_) => {
                diags.push(
                    Diagnostic::error(
                        "field-type",
                        file,
                        f.line(key),
                        format!("{name} 应写成“行名: 数字”的映射"),
                    )
                    .hint(format!(
                        "在 {name} 下缩进两格，每行写“行名: 数字”或“行名: [数字, …]”"
                    )),
                );
                None
            }
            None => {
                diags.push(
                    Diagnostic::error(
                        "missing-table",
                        file,
                        f.first_line,
                        format!("年度报告缺少{name}"),
                    )
                    .hint("表二、表三、表四按国办公开办函〔2021〕30号的格式填写，没有发生的填 0（见 README）"),
                );
                None
            }
        }
    };
    let t2 = table("table2", "表二（主动公开政府信息情况）", diags)
        .and_then(|m| read_table2(input, m, diags));
    let t3 = table("table3", "表三（收到和处理政府信息公开申请情况）", diags)
        .and_then(|m| read_table3(input, m, diags));
    let t4 = table(
        "table4",
        "表四（政府信息公开行政复议、行政诉讼情况）",
        diags,
    )
    .and_then(|m| read_table4(input, m, diags));
    let report = AnnualReport {
        year: year?,
        organisation: input.issuer.to_string(),
        sections,
        table2: t2?,
        table3: t3?,
        table4: t4?,
        line: f.first_line,
    };
    diags.extend(check_table3(file, &report.table3));
    diags.extend(check_table4(file, &report.table4));
    Some(report)
}

/// Reads a row of counts: a list (`[26, 3, 0, 0, 2, 1, 32]`, the last column may be
/// left out), a mapping (`{自然人: 26, 商业企业: 3}`, absent columns are 0), or a
/// single number when the row has one column. Returns the counts and which were written.
fn read_counts(
    v: &Value,
    columns: &[&[&str]],
    what: &str,
    file: &str,
    line: usize,
    diags: &mut Diagnostics,
) -> Option<(Vec<u64>, Vec<bool>)> {
    let n = columns.len();
    let mut counts = vec![0; n];
    let mut given = vec![false; n];
    let mut bad = false;
    // Returns whether the value was a count.
    let mut put = |i: usize, v: &Value, diags: &mut Diagnostics| match count_of(v) {
        Ok(c) => {
            counts[i] = c;
            given[i] = true;
            true
        }
        Err(msg) => {
            diags.push(
                Diagnostic::error(
                    "bad-number",
                    file,
                    line,
                    format!("{what}（{}）：{msg}", columns[i][0]),
                )
                .hint("填写件数（整数），没有的填 0"),
            );
            false
        }
    };
    match v {
        Value::Sequence(items) if items.len() == n || items.len() + 1 == n => {
            for (i, item) in items.iter().enumerate() {
                bad |= !put(i, item, diags);
            }
        }
        Value::Sequence(items) => {
            diags.push(
                Diagnostic::error(
                    "field-type",
                    file,
                    line,
                    format!("{what} 应有 {n} 个数，写了 {} 个", items.len()),
                )
                .hint(format!(
                    "依次为：{}",
                    columns.iter().map(|c| c[0]).collect::<Vec<_>>().join("、")
                )),
            );
            return None;
        }
        Value::Mapping(m) => {
            for (k, val) in m {
                let name = scalar_text(k).unwrap_or_default();
                let key = fold(&name);
                let tail = tail_of(&key);
                match columns
                    .iter()
                    .position(|names| names.iter().any(|c| fold(c) == key || fold(c) == tail))
                {
                    Some(i) => bad |= !put(i, val, diags),
                    None => {
                        bad = true;
                        diags.push(
                            Diagnostic::error(
                                "unknown-field",
                                file,
                                line,
                                format!("{what}：未知的列“{name}”"),
                            )
                            .hint(format!(
                                "可选：{}",
                                columns.iter().map(|c| c[0]).collect::<Vec<_>>().join("、")
                            )),
                        );
                    }
                }
            }
        }
        v if n == 1 => bad |= !put(0, v, diags),
        _ => {
            diags.push(
                Diagnostic::error(
                    "field-type",
                    file,
                    line,
                    format!("{what} 应写成数字列表或“列名: 数字”的映射"),
                )
                .hint(format!(
                    "依次为：{}",
                    columns.iter().map(|c| c[0]).collect::<Vec<_>>().join("、")
                )),
            );
            return None;
        }
    }
    (!bad).then_some((counts, given))
}

fn count_of(v: &Value) -> Result<u64, String> {
    match v {
        Value::Number(n) => n
            .as_u64()
            .ok_or_else(|| format!("“{n}”不是非负整数"))
            .and_then(crate::amount::count),
        Value::Null => Ok(0),
        v => match scalar_text(v) {
            Some(t) => parse_count(&t),
            None => Err("应为数字".into()),
        },
    }
}

/// `不予公开：保护第三方合法权益` → `保护第三方合法权益`.
fn tail_of(folded: &str) -> &str {
    folded.rsplit([':', '-', '—', '/']).next().unwrap_or(folded)
}

/// Strips the numbering editors copy from the template: `三、`, `(三)`, `4.`.
fn strip_numbering(s: &str) -> &str {
    let mut s = s;
    loop {
        let before = s;
        for p in ["一、", "二、", "三、", "四、"] {
            s = s.strip_prefix(p).unwrap_or(s);
        }
        if let Some(rest) = s.strip_prefix('(')
            && let Some(end) = rest.find(')')
            && rest[..end].chars().all(|c| "一二三四五六七".contains(c))
        {
            s = &rest[end + 1..];
        }
        let digits = s.chars().take_while(char::is_ascii_digit).count();
        if digits > 0 {
            let rest = &s[digits..];
            if let Some(r) = rest.strip_prefix('.').or_else(|| rest.strip_prefix('、')) {
                s = r;
            }
        }
        if s == before {
            return s;
        }
    }
}

/// The table-3 row a key names.
pub fn t3_row(name: &str) -> Option<usize> {
    let key = fold(name);
    let matches = |k: &str| {
        let k = strip_numbering(k);
        T3_ROWS.iter().position(|(label, aliases)| {
            strip_numbering(&fold(label)) == k || aliases.iter().any(|a| fold(a) == k)
        })
    };
    matches(&key).or_else(|| matches(tail_of(&key)))
}

fn t4_row(name: &str) -> Option<usize> {
    let key = fold(name);
    T4_GROUPS.iter().position(|(label, aliases)| {
        fold(label) == key
            || aliases
                .iter()
                .any(|a| fold(a) == key || fold(a) == tail_of(&key))
    })
}

fn nested(input: &Input, key: &str) -> crate::fields::KeyLines {
    input.lines.nested(&input.written(FIELDS, key), None)
}

fn read_table2(input: &Input, m: &serde_yaml::Mapping, diags: &mut Diagnostics) -> Option<Table2> {
    let file = input.src.file;
    let lines = nested(input, "table2");
    let f = Fields::read(file, m, &lines, T2_FIELDS, true, diags);
    let mut t = Table2 {
        normative_line: f.line("normative"),
        ..Table2::default()
    };
    let mut ok = true;
    for (key, slot) in [
        ("regulations", &mut t.regulations),
        ("normative", &mut t.normative),
    ] {
        if let Some(v) = f.value(key) {
            let what = format!("表二 {}", crate::rows::zh(T2_FIELDS, key));
            match read_counts(v, &T2_COLUMN_NAMES, &what, file, f.line(key), diags) {
                Some((c, given)) if given.iter().all(|g| *g) => slot.copy_from_slice(&c),
                Some(_) => {
                    ok = false;
                    diags.push(
                        Diagnostic::error(
                            "field-type",
                            file,
                            f.line(key),
                            format!(
                                "{what} 应写出 本年制发件数、本年废止件数、现行有效件数 三个数"
                            ),
                        )
                        .hint(
                            "如 {本年制发件数: 2, 本年废止件数: 3, 现行有效件数: 17}，没有的填 0",
                        ),
                    );
                }
                None => ok = false,
            }
        }
    }
    for (key, slot) in [
        ("licensing", &mut t.licensing),
        ("penalty", &mut t.penalty),
        ("coercion", &mut t.coercion),
    ] {
        if let Some(v) = f.value(key) {
            let what = format!("表二 {}", crate::rows::zh(T2_FIELDS, key));
            match read_counts(v, &[&["本年处理决定数量"]], &what, file, f.line(key), diags)
            {
                Some((c, _)) => *slot = c[0],
                None => ok = false,
            }
        }
    }
    if f.has("fees") {
        match amount_field(&f, T2_FIELDS, "fees", "表二", diags) {
            Some(a) => t.fees = a,
            None => ok = false,
        }
    }
    ok.then_some(t)
}

fn read_table3(input: &Input, m: &serde_yaml::Mapping, diags: &mut Diagnostics) -> Option<Table3> {
    let file = input.src.file;
    let lines = nested(input, "table3");
    let table_line = input.fields.line("table3");
    let mut t = Table3 {
        rows: [[0; 7]; 25],
        lines: [table_line; 25],
        total_given: [false; 25],
        results_total_given: false,
    };
    let columns: Vec<&[&str]> = APPLICANTS.iter().map(std::slice::from_ref).collect();
    let mut seen: BTreeMap<usize, usize> = BTreeMap::new();
    let mut ok = true;
    for (k, v) in m {
        let name = scalar_text(k).unwrap_or_default();
        let line = lines.line_of(&name);
        let Some(row) = t3_row(&name) else {
            ok = false;
            diags.push(
                Diagnostic::error("unknown-field", file, line, format!("表三：未知的行“{name}”"))
                    .hint("行名照模板写，如 本年新收、上年结转、予以公开、部分公开、保护第三方合法权益、本机关不掌握相关政府信息、总计、结转下年度继续办理"),
            );
            continue;
        };
        if let Some(prev) = seen.insert(row, line) {
            ok = false;
            diags.push(
                Diagnostic::error(
                    "duplicate-field",
                    file,
                    line,
                    format!("表三：行“{}”重复（第 {prev} 行已有）", t3_label(row)),
                )
                .hint("每一行只写一次：删去多余的一行，或把两行的数合并"),
            );
            continue;
        }
        let what = format!("表三 {}", t3_label(row));
        match read_counts(v, &columns, &what, file, line, diags) {
            Some((c, given)) => {
                t.rows[row].copy_from_slice(&c);
                t.total_given[row] = given[6];
                t.lines[row] = line;
                if row == TOTAL {
                    t.results_total_given = true;
                }
            }
            None => ok = false,
        }
    }
    for row in 0..25 {
        if !t.total_given[row] {
            t.rows[row][6] = t.rows[row][..6].iter().sum();
        }
    }
    if !t.results_total_given {
        for c in 0..7 {
            t.rows[TOTAL][c] = RESULTS.map(|r| t.rows[r][c]).sum();
        }
    }
    ok.then_some(t)
}

fn read_table4(input: &Input, m: &serde_yaml::Mapping, diags: &mut Diagnostics) -> Option<Table4> {
    let file = input.src.file;
    let lines = nested(input, "table4");
    let mut t = Table4 {
        lines: [input.fields.line("table4"); 3],
        ..Table4::default()
    };
    let mut ok = true;
    for (k, v) in m {
        let name = scalar_text(k).unwrap_or_default();
        let line = lines.line_of(&name);
        let Some(row) = t4_row(&name) else {
            ok = false;
            diags.push(
                Diagnostic::error(
                    "unknown-field",
                    file,
                    line,
                    format!("表四：未知的行“{name}”"),
                )
                .hint("行名为 行政复议、未经复议直接起诉、复议后起诉"),
            );
            continue;
        };
        let what = format!("表四 {}", T4_GROUPS[row].0);
        match read_counts(v, &T4_COLUMN_NAMES, &what, file, line, diags) {
            Some((c, given)) => {
                t.rows[row].copy_from_slice(&c);
                t.total_given[row] = given[4];
                t.lines[row] = line;
            }
            None => ok = false,
        }
    }
    for row in 0..3 {
        if !t.total_given[row] {
            t.rows[row][4] = t.rows[row][..4].iter().sum();
        }
    }
    ok.then_some(t)
}

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

/// The public reports of `id`'s organisation, oldest first: its year series in the
/// relations table.
pub fn history(portal: &Portal, id: DocId) -> Vec<(DocId, &AnnualReport)> {
    portal
        .relations
        .series(id)
        .iter()
        .map(|(_, m)| portal.doc(*m))
        .filter(|d| d.is_public())
        .filter_map(|d| match &d.data {
            Some(Structured::AnnualReport(r)) => Some((d.id, r.as_ref())),
            _ => None,
        })
        .collect()
}

/// Across years, per organisation: one report a year; this year's 上年结转 is last
/// year's 结转下年度继续办理, column by column; and a section is not copied word for
/// word from last year's report (seed 000: 年报之间不得雷同).
pub fn check_years(portal: &Portal) -> Vec<Diagnostic> {
    let mut by_org: BTreeMap<&str, Vec<(&str, &AnnualReport)>> = BTreeMap::new();
    for d in &portal.documents {
        if let Some(Structured::AnnualReport(r)) = &d.data {
            by_org
                .entry(r.organisation.as_str())
                .or_default()
                .push((d.source.as_str(), r.as_ref()));
        }
    }
    let mut out = vec![];
    for reports in by_org.values() {
        let mut by_year: BTreeMap<i32, (&str, &AnnualReport)> = BTreeMap::new();
        for (src, r) in reports {
            if let Some((other, _)) = by_year.insert(r.year, (src, r)) {
                out.push(
                    Diagnostic::error(
                        "duplicate-report",
                        *src,
                        r.line,
                        format!("{}{}年度报告与 {other} 重复", r.organisation, r.year),
                    )
                    .hint("每个机关每年只发布一份年度报告"),
                );
            }
        }
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
    fn rows_are_found_under_the_names_editors_use() {
        assert_eq!(t3_row("本年新收"), Some(NEW));
        assert_eq!(t3_row("一、本年新收政府信息公开申请数量"), Some(NEW));
        assert_eq!(
            t3_row("（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
            Some(3)
        );
        assert_eq!(t3_row("三、（三）不予公开：保护第三方合法权益"), Some(7));
        assert_eq!(t3_row("4.保护第三方合法权益"), Some(7));
        assert_eq!(t3_row("危及“三安全一稳定”"), Some(6));
        assert_eq!(t3_row("逾期不补正"), Some(20));
        assert_eq!(t3_row("其他处理：其他"), Some(22));
        assert_eq!(t3_row("（七）总计"), Some(TOTAL));
        assert_eq!(t3_row("总计"), Some(TOTAL));
        assert_eq!(t3_row("结转下年度继续办理"), Some(CARRIED_OUT));
        assert_eq!(t3_row("予以公布"), None);
        assert_eq!(t4_row("行政诉讼（复议后起诉）"), Some(2));
        assert_eq!(t4_row("未经复议直接起诉"), Some(1));
    }

    #[test]
    fn labels_name_the_group() {
        assert_eq!(t3_label(7), "三、（三）不予公开 4.保护第三方合法权益");
        assert_eq!(t3_label(2), "三、（一）予以公开");
        assert_eq!(t3_label(CARRIED_OUT), "四、结转下年度继续办理");
    }
}
