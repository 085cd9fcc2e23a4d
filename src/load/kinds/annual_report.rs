//! Reads a 年度报告's sections and its three tables into
//! [`crate::model::kinds::annual_report`], reporting only what cannot be read; the
//! identities are `check::kinds::annual_report`.

use super::{Input, amount_field};
use crate::amount::parse_count;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::fields::{Field, Fields, field, scalar_text};
use crate::model::kinds::annual_report::*;
use crate::rows::fold;
use serde_yaml::Value;
use std::collections::BTreeMap;

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
const T4_COLUMN_NAMES: [&[&str]; 5] = [
    &["结果维持", "维持"],
    &["结果纠正", "纠正"],
    &["其他结果"],
    &["尚未审结", "未审结"],
    &["总计", "合计"],
];

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

/// Sections an assessor cannot do without (二 to 四 are the tables).
const REQUIRED_SECTIONS: [&str; 3] = ["overview", "problems", "other"];

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

#[cfg(test)]
mod tests {
    use super::*;

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
}
