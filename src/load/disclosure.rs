//! Disclosure read so that it fails closed.
//!
//! Over 700 lines: one reader of every way 公开方式 can be written, which must be
//! read as a whole to see that nothing slips past it. Part of load (only the loader
//! reads it), so that it may use the loader's field tables without a cycle.
//!
//! The loader reads 公开方式 from one field under a few spellings. An editor who means
//! "not public" may write it any other way — traditional characters (公開方式: 依申請公開),
//! a synonym (是否公开: 否, 公开类型: 不公开), English (public: false), nested under
//! another key, through a YAML anchor or merge key, in `_index.md`, or pasted below
//! the front matter — and the document would be published whole. This module finds
//! such statements so that the loader reports them as errors (`disclosure-unclear`)
//! and reads the document as withheld: its body and attachments never enter the model.
//!
//! Anchors, aliases, merge keys and tags are refused rather than resolved
//! (`yaml-construct`): editors never need them, a reader of the file cannot see what
//! `*a` or `<<:` brings in, and parsers disagree on merge keys (YAML 1.1 only). The
//! refusal reads the same text with a second, position-keeping parser (`yaml-rust2`).

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::fields::{Field, Fields, canonical, fold_key, label, scalar_text};
use crate::model::DisclosureMode;
use serde_yaml::Value;

/// How non-disclosure is written, for every hint.
pub const ACCEPTED: &str = "不主动公开的文件写 公开方式: 依申请公开（或 不予公开），并写 不予公开依据: 条例的具体条款（如 第十六条 过程性信息）；应主动公开的文件写 公开方式: 主动公开 或不写该行";

/// Errors of one file beyond which more of the same add nothing.
const MAX_FINDINGS: usize = 20;

/// Values longer than this (folded) are prose, not a statement of disclosure.
const STATEMENT_CHARS: usize = 24;

/// A text folded for matching: NFKC, no spaces or invisible characters (as
/// [`fold_key`]), traditional characters as simplified, ASCII lowercase, and only
/// letters and digits kept (quotes, brackets, `_`, `-` and punctuation dropped), so
/// that `“依申請公開。”`, `on_request` and `Non-Public` fold to what they say.
pub fn fold(text: &str) -> String {
    let folded = fold_key(text);
    fast2s::convert(&folded)
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// What a short text says about publication.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Says {
    /// 主动公开, public …
    Public,
    /// 依申请公开, 不予公开, 涉密, private …
    NotPublic,
    /// 是, true, yes, 1 …
    Yes,
    /// 否, false, no, 0 …
    No,
}

const YES: &[&str] = &[
    "是", "对", "可", "可以", "能", "有", "需要", "true", "yes", "y", "t", "on", "1", "√", "✓",
];
const NO: &[&str] = &[
    "否",
    "不",
    "非",
    "无",
    "不是",
    "不可",
    "不能",
    "不可以",
    "不需要",
    "false",
    "no",
    "n",
    "f",
    "off",
    "0",
    "none",
    "×",
    "✗",
];
const PUBLIC: &[&str] = &[
    "主动公开",
    "主动",
    "公开",
    "全文公开",
    "网上公开",
    "对外公开",
    "向社会公开",
    "社会公开",
    "公开发布",
    "主动公开发布",
    "此件公开发布",
    "此件主动公开",
    "全社会",
    "社会",
    "社会公众",
    "公众",
    "public",
    "published",
    "open",
];
/// Words that say a text is not for the public, wherever they stand in it.
const WITHHOLDING: &[&str] = &[
    "依申请",
    "申请公开",
    "申请后",
    "涉密",
    "秘密",
    "机密",
    "绝密",
    "保密",
    "密级",
    "内部",
    "对内",
    "内网",
    "仅限",
    "限制公开",
    "部分公开",
    "有条件公开",
    "草稿",
    "不予",
    "withh",
    "request",
    "privat",
    "confiden",
    "secret",
    "intern",
    "restrict",
    "classified",
    "nonpublic",
    "notpublic",
    "unpublish",
    "hidden",
    "unlisted",
    "nondisclos",
    "nodisclos",
    "notdisclos",
    "undisclos",
    "draft",
    "limited",
    // Not yet cleared for release: 待审核, 未审核, 审核中, 审批中, 未定稿.
    "待审",
    "未审",
    "审核中",
    "审批中",
    "未定稿",
    // The marking of a classified document's readers.
    "知悉范围",
];
/// Publication verbs: negated, they say "not public" (不公开, 暂不公布, 非对外 …).
const PUBLISH: &[&str] = &[
    "公开", "公布", "发布", "对外", "披露", "上网", "公示", "publi", "disclos", "releas",
    // Shown to residents: 可见: 否, 不显示, 暂不展示, 未上传.
    "可见", "显示", "展示", "上传",
];
/// 待 too: 待发布, 待公开 say "not yet public".
const NEGATION_ZH: &[char] = &['不', '非', '未', '免', '禁', '勿', '无', '莫', '别', '待'];
/// Question words hold 否 but negate nothing: 是否公开 asks, 不公开 answers.
const QUESTION_WORDS: &[&str] = &["是否", "与否", "能否", "可否"];
const NEGATION_EN: &[&str] = &["not", "no", "non", "un", "never"];

/// What a folded text says about publication, if anything.
pub fn says(folded: &str) -> Option<Says> {
    if folded.is_empty() {
        return None;
    }
    if NO.contains(&folded) {
        return Some(Says::No);
    }
    if YES.contains(&folded) {
        return Some(Says::Yes);
    }
    if withholding(folded) {
        return Some(Says::NotPublic);
    }
    PUBLIC.contains(&folded).then_some(Says::Public)
}

fn withholding(folded: &str) -> bool {
    let mut folded = folded.to_string();
    for q in QUESTION_WORDS {
        folded = folded.replace(q, "是");
    }
    let folded = folded.as_str();
    if WITHHOLDING.iter().any(|w| folded.contains(w)) {
        return true;
    }
    PUBLISH.iter().any(|verb| {
        folded.match_indices(verb).any(|(at, _)| {
            let before = &folded[..at];
            let zh: Vec<char> = before.chars().rev().take(3).collect();
            zh.iter().any(|c| NEGATION_ZH.contains(c))
                || NEGATION_EN.iter().any(|n| {
                    let tail: String = before.chars().rev().take(n.len() + 3).collect();
                    let tail: String = tail.chars().rev().collect();
                    tail.contains(n)
                })
        })
    })
}

/// Marker keys whose any value other than no is a withholding (涉密: 核心).
const STRONG_MARKERS: &[&str] = &[
    "密",
    "secret",
    "confiden",
    "classif",
    "privat",
    "withh",
    "不予",
    "不公开",
    "非公开",
    "依申请",
    "知悉范围",
];

/// What a key is about, folded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum KeyClass {
    /// Asks whether or how the document is public (公开方式, 是否公开, public …).
    Question,
    /// Names a state of not being public (涉密, 不公开, confidential, draft …).
    Marker,
    /// A ground for not publishing (不公开理由, 保密依据 …).
    Ground,
    /// Names publication without asking about it (网上发布, 发布渠道, shared-publicly):
    /// a no or a not-public value there withholds; other values say nothing.
    Mentions,
    Other,
}

/// Words that make a publication verb a question about the document's disclosure.
const QUALIFIERS: &[&str] = &[
    "是否", "与否", "能否", "可否", "方式", "类型", "范围", "形式", "属性", "性质", "状态", "级别",
    "类别", "选项", "标识", "标志", "权限", "对象", "分类", "情形", "允许", "同意", "准予", "需要",
];
/// Keys about dates, issuers and the like are not about disclosure, even with 发布 in them.
const NOT_A_QUESTION: &[&str] = &[
    "日期", "时间", "机构", "机关", "单位", "人", "date", "time", "by", "er", "依据",
    // Counts: 发布数量: 0 is no "no".
    "数", "数量", "次数", "件数", "count", "num",
];
const QUESTION_EN: &[&str] = &["publi", "disclos", "visib", "access", "releas", "open"];

fn key_class(folded: &str, table: &[Field]) -> KeyClass {
    // Only a key that could be one of their names pays for the field-table lookups
    // (large tables have many keys).
    let named = ["公开", "disclos", "ground"]
        .iter()
        .any(|w| folded.contains(w));
    let field = named
        .then(|| {
            canonical(table, folded).or_else(|| {
                canonical(crate::load::DOC_FIELDS, folded)
                    .filter(|k| matches!(*k, "disclosure" | "ground"))
            })
        })
        .flatten();
    match field {
        Some("disclosure") => return KeyClass::Question,
        Some("ground") => return KeyClass::Ground,
        _ => {}
    }
    let ground_word = ["依据", "理由", "原因"].iter().any(|w| folded.contains(w));
    if ground_word && withholding(folded) {
        return KeyClass::Ground;
    }
    let excluded = NOT_A_QUESTION.iter().any(|w| folded.ends_with(w));
    let verb = PUBLISH.iter().any(|v| folded.contains(v));
    let question = !excluded
        && (verb && QUALIFIERS.iter().any(|q| folded.contains(q))
            || [
                "公开",
                "对外公开",
                "可公开",
                "公开否",
                "是否",
                "发布",
                "公布",
                "上网",
                "公示",
                "对外",
                "对外发布",
                "网上公开",
            ]
            .contains(&folded)
            || QUESTION_EN.iter().any(|w| folded.contains(w)));
    // 是否不公开: yes means withheld, as for 涉密.
    if withholding(folded) || folded.starts_with("hide") || folded.ends_with("hide") {
        KeyClass::Marker
    } else if question {
        KeyClass::Question
    } else if !excluded && (verb || QUESTION_EN.iter().any(|w| folded.contains(w))) {
        KeyClass::Mentions
    } else {
        KeyClass::Other
    }
}

/// A statement that the document is not public, found where 公开方式 is not read.
#[derive(Debug, Clone)]
pub struct Finding {
    pub line: usize,
    pub mode: DisclosureMode,
    /// The key and value as written.
    pub key: String,
    pub value: String,
    pub why: Why,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Why {
    /// A value that says "not public" under a key that is not 公开方式.
    Value,
    /// A disclosure-like key whose value says "not public" or cannot be read.
    Question,
    /// A key naming non-disclosure (涉密, confidential) set to yes.
    Marker,
    /// A ground for withholding under another spelling.
    Ground,
}

fn mode_of(text: &str) -> DisclosureMode {
    let f = fold(text);
    if f.contains("不予")
        || ["涉密", "秘密", "机密", "绝密"]
            .iter()
            .any(|w| f.contains(w))
    {
        DisclosureMode::Withheld
    } else {
        DisclosureMode::OnRequest
    }
}

/// Where a scan reads.
struct Scan<'a> {
    table: &'a [Field],
    /// The mapping's YAML text and its first line, to place nested keys.
    yaml: &'a str,
    first_line: usize,
    found: Vec<Finding>,
    /// A table repeats its few keys in every row: each is folded once.
    classes: std::collections::HashMap<String, (KeyClass, bool)>,
}

impl Scan<'_> {
    /// The class of a key, and whether it is a strong marker.
    fn class(&mut self, key: &str) -> (KeyClass, bool) {
        if let Some(c) = self.classes.get(key) {
            return *c;
        }
        let folded = fold(key);
        let c = (
            key_class(&folded, self.table),
            STRONG_MARKERS.iter().any(|w| folded.contains(w)),
        );
        // Bounded: a hostile file may hold a million distinct keys.
        if self.classes.len() < 4096 {
            self.classes.insert(key.to_string(), c);
        }
        c
    }

    /// Judges one key and its value; `strict` where any unreadable disclosure is an
    /// error (front matter), not in the data of structured documents where tables
    /// carry counts under keys such as 不予公开.
    /// `line`: the key's, or (`locate`) the line its search starts from — found only
    /// for a finding, so that large tables are not searched key by key.
    fn entry(
        &mut self,
        key: &str,
        value: &Value,
        line: usize,
        locate: bool,
        strict: bool,
        values: bool,
    ) {
        if self.found.len() >= MAX_FINDINGS {
            return;
        }
        let (class, strong) = self.class(key);
        let value = untag(value);
        let text = scalar_text(value).unwrap_or_default();
        let number = matches!(value, Value::Number(_));
        // Tables count under keys such as 部分公开: a number there is no yes or no.
        // Folding costs: the value is read only where the key makes it matter.
        let said = if class == KeyClass::Other && !values {
            None
        } else {
            scalar_text(value)
                .filter(|_| strict || !number)
                .and_then(|t| says(&fold(&t)))
        };
        let blank = matches!(value, Value::Null) || (text.trim().is_empty() && value.is_string());
        let why = match class {
            KeyClass::Question => match said {
                Some(Says::Public | Says::Yes) => None,
                Some(Says::NotPublic | Says::No) => Some(Why::Question),
                // Unreadable: fail closed in front matter.
                None if strict && !blank => Some(Why::Question),
                None => None,
            },
            KeyClass::Marker => match said {
                Some(Says::Yes | Says::NotPublic) => Some(Why::Marker),
                Some(Says::No | Says::Public) => None,
                // 涉密: 核心 — but not 内部编号: A-12.
                None if strict && !number && !blank && value_is_scalar(value) && strong => {
                    Some(Why::Marker)
                }
                None => None,
            },
            KeyClass::Mentions => {
                matches!(said, Some(Says::NotPublic | Says::No)).then_some(Why::Question)
            }
            KeyClass::Ground => (!blank && strict).then_some(Why::Ground),
            KeyClass::Other => (values
                && said == Some(Says::NotPublic)
                && fold(&text).chars().count() <= STATEMENT_CHARS)
                .then_some(Why::Value),
        };
        let at = match why {
            Some(_) if locate => self.line_of(key, line),
            _ => line,
        };
        if let Some(why) = why
            && !self.found.iter().any(|x| x.line == at)
        {
            let mode = match why {
                Why::Value | Why::Question => mode_of(&text),
                _ => mode_of(&format!("{key}{text}")),
            };
            self.found.push(Finding {
                line: at,
                mode,
                key: key.to_string(),
                value: shown(value),
                why,
            });
        }
        self.nested(key, value, line, strict, values);
    }

    /// The keys inside a mapping or list, placed on the first line at or below the
    /// parent's that names them.
    fn nested(&mut self, key: &str, value: &Value, line: usize, strict: bool, values: bool) {
        match value {
            Value::Mapping(m) => {
                for (k, v) in m {
                    let name = scalar_text(k).unwrap_or_default();
                    self.entry(&name, v, line, true, strict, values);
                }
            }
            Value::Sequence(items) => {
                for item in items {
                    match untag(item) {
                        Value::Mapping(_) | Value::Sequence(_) => {
                            self.nested(key, item, line, strict, values)
                        }
                        // A list under a key says what the key says of each item.
                        v => self.entry(key, v, line, false, strict, values),
                    }
                }
            }
            _ => {}
        }
    }

    fn line_of(&self, key: &str, from: usize) -> usize {
        let skip = from.saturating_sub(self.first_line);
        self.yaml
            .lines()
            .enumerate()
            .skip(skip)
            .find(|(_, l)| !key.is_empty() && l.contains(key))
            .map(|(i, _)| self.first_line + i)
            .unwrap_or(from)
    }
}

fn untag(v: &Value) -> &Value {
    match v {
        Value::Tagged(t) => untag(&t.value),
        v => v,
    }
}

fn value_is_scalar(v: &Value) -> bool {
    !matches!(v, Value::Mapping(_) | Value::Sequence(_) | Value::Null)
}

fn shown(v: &Value) -> String {
    match scalar_text(v) {
        Some(t) => {
            let t = t.trim();
            let mut s: String = t.chars().take(30).collect();
            if t.chars().count() > 30 {
                s.push('…');
            }
            s
        }
        None if v.is_mapping() => "{…}".into(),
        None if v.is_sequence() => "[…]".into(),
        None => String::new(),
    }
}

/// What in a mapping read against `table` states non-disclosure outside the field
/// the loader reads it from: every unknown key (and whatever is nested below it),
/// and the known fields in `enumerated`, whose values are closed vocabularies that
/// must not carry a disclosure (有效性: 不公开). `structured`: the unknown keys are a
/// structured document's data, whose tables are read leniently below the top level.
pub fn scan_fields(
    f: &Fields,
    map: &serde_yaml::Mapping,
    table: &[Field],
    enumerated: &[&str],
    yaml: &str,
    first_line: usize,
    structured: bool,
) -> Vec<Finding> {
    let mut scan = Scan {
        table,
        yaml,
        first_line,
        found: vec![],
        classes: Default::default(),
    };
    for key in enumerated {
        if let Some(v) = f.value(key) {
            let text = scalar_text(v).unwrap_or_default();
            if says(&fold(&text)) == Some(Says::NotPublic)
                && fold(&text).chars().count() <= STATEMENT_CHARS
            {
                scan.found.push(Finding {
                    line: f.line(key),
                    mode: mode_of(&text),
                    key: label(table, key),
                    value: shown(v),
                    why: Why::Value,
                });
            }
        }
    }
    // 公开方式 under two of its names (disclosure and 公开方式, 公开属性): the loader
    // reads the first and reports the second; a second that withholds must count.
    let named: Vec<(String, &Value)> = map
        .iter()
        .filter_map(|(k, v)| Some((scalar_text(k)?, v)))
        .filter(|(k, _)| canonical(table, k) == Some("disclosure"))
        .collect();
    if named.len() > 1 {
        for (name, v) in &named[1..] {
            let text = scalar_text(v).unwrap_or_default();
            if DisclosureMode::parse(&text) != Some(DisclosureMode::Public) {
                let line = scan.line_of(name, first_line);
                scan.found.push(Finding {
                    line,
                    mode: mode_of(&text),
                    key: name.clone(),
                    value: shown(v),
                    why: Why::Question,
                });
            }
        }
    }
    // Mappings inside known fields (an attachment item, 意见征集): keys only, as their
    // values are paths and titles.
    for key in ["attachments", "consultation"] {
        if let Some(v) = f.value(key) {
            scan.nested(key, v, f.line(key), true, false);
        }
    }
    for (name, v, line) in &f.extra {
        match untag(v) {
            Value::Mapping(_) | Value::Sequence(_) if structured => {
                // Tables: a disclosure key inside still counts when it says so plainly.
                let class = key_class(&fold(name), table);
                if class == KeyClass::Question || class == KeyClass::Ground {
                    scan.entry(name, v, *line, false, true, true);
                } else {
                    scan.nested(name, v, *line, false, false);
                }
            }
            _ => scan.entry(name, v, *line, false, true, true),
        }
    }
    // Lines commented out in the front matter: `# 公开方式: 依申请公开` is a disclosure
    // the editor meant and the parser never saw.
    // So is one after a value (`标题: 关于…的请示  # 依申请公开`).
    // Not inside a block scalar (`正文: |`), whose `# 标题` lines are Markdown.
    let mut block: Option<usize> = None;
    for (i, raw) in yaml.lines().enumerate() {
        let line = first_line + i;
        let indent = raw.len() - raw.trim_start().len();
        match block {
            Some(b) if raw.trim().is_empty() || indent > b => continue,
            _ => block = None,
        }
        let value = raw.split_once(": ").map(|(_, v)| v.trim_end());
        if value.is_some_and(|v| v.starts_with(['|', '>']) && v.len() <= 3) {
            block = Some(indent);
        }
        if let Some(rest) = raw.trim_start().strip_prefix('#') {
            match key_value(rest) {
                Some((k, v)) => scan.entry(k, &Value::String(v.into()), line, false, false, true),
                None => scan.entry("", &Value::String(rest.into()), line, false, false, true),
            }
        } else if let Some((_, comment)) = raw.split_once(" #") {
            scan.entry("", &Value::String(comment.into()), line, false, false, true);
        }
    }
    scan.found.truncate(MAX_FINDINGS);
    scan.found
}

/// Other known fields of a document whose values are closed vocabularies.
pub const DOC_ENUMERATED: &[&str] = &[
    "kind",
    "validity",
    "form",
    "topic",
    "domain",
    "pinned",
    "pinned_until",
    "expires",
    "date",
    "written",
    "index_no",
];

/// `key: value` or `key：value` on one line, with a short key.
fn key_value(line: &str) -> Option<(&str, &str)> {
    let line = line.trim();
    let line = line.strip_prefix("- ").unwrap_or(line);
    let (k, v) = match (line.find(':'), line.find('：')) {
        (Some(a), Some(b)) if b < a => (&line[..b], &line[b + '：'.len_utf8()..]),
        (Some(a), _) => (&line[..a], &line[a + 1..]),
        (None, Some(b)) => (&line[..b], &line[b + '：'.len_utf8()..]),
        (None, None) => return None,
    };
    let k = k.trim().trim_matches(['"', '\'', '*', '#', '-', ' ']);
    let v = v.trim().trim_matches(['"', '\'']);
    let key_chars = fold(k).chars().count();
    (key_chars > 0 && key_chars <= 16).then_some((k, v))
}

/// Lines at the top of a Markdown body that look like front matter (a second `---`
/// block, or `公开方式：依申请公开` as the first lines), and 公文 annotations such as
/// `（此件依申请公开）` anywhere in it. Read only for a document that is otherwise
/// public: they state what the front matter does not.
pub fn scan_body(body: &str, first_line: usize, table: &[Field]) -> Vec<Finding> {
    let mut scan = Scan {
        table,
        yaml: body,
        first_line,
        found: vec![],
        classes: Default::default(),
    };
    let mut lines = body
        .lines()
        .enumerate()
        .map(|(i, l)| (first_line + i, l))
        .skip_while(|(_, l)| l.trim().is_empty())
        .peekable();
    let block = lines.peek().is_some_and(|(_, l)| l.trim_end() == "---");
    if block {
        lines.next();
        // A second front matter reads as YAML, block scalars and nesting included.
        let start = lines.peek().map(|(n, _)| *n).unwrap_or(first_line);
        let text: Vec<&str> = body
            .lines()
            .skip(start - first_line)
            .take_while(|l| l.trim_end() != "---")
            .take(200)
            .collect();
        let text = text.join("\n");
        if let Ok(Value::Mapping(m)) = serde_yaml::from_str::<Value>(&text) {
            let inner = Scan {
                table,
                yaml: &text,
                first_line: start,
                found: vec![],
                classes: Default::default(),
            };
            let mut inner = inner;
            for (k, v) in &m {
                let name = scalar_text(k).unwrap_or_default();
                inner.entry(&name, v, start, true, true, true);
            }
            scan.found = inner.found;
        }
    }
    for (n, l) in lines.by_ref().take(60) {
        if block && l.trim_end() == "---" {
            break;
        }
        match key_value(l) {
            Some((k, v)) => {
                let v = v.trim();
                // `key: |` leaves its value below: the YAML reading above has it.
                if !(block && v.starts_with(['|', '>'])) {
                    scan.entry(k, &Value::String(v.into()), n, false, true, true)
                }
            }
            None if block && !l.trim().is_empty() => {
                scan.entry("", &Value::String(l.trim().into()), n, false, false, true)
            }
            None if block => {}
            // A metadata table copied from a web page: | 公开方式 | 依申请公开 |.
            None if l.trim_start().starts_with('|') => {
                let cells: Vec<&str> = l.split('|').map(str::trim).collect();
                for pair in cells.windows(2) {
                    if !pair[0].is_empty() && fold(pair[0]).chars().count() <= 16 {
                        scan.entry(
                            pair[0],
                            &Value::String(pair[1].into()),
                            n,
                            false,
                            false,
                            false,
                        );
                    }
                }
            }
            None => break,
        }
    }
    for (i, l) in body.lines().enumerate() {
        if scan.found.len() >= MAX_FINDINGS {
            break;
        }
        let t = l.trim();
        // An annotation is one short line: longer ones are prose, not folded at all.
        if t.len() > 120 || !t.starts_with(['（', '(', '【', '[', '此', '本', '该']) {
            continue;
        }
        let bracketed = [('（', '）'), ('(', ')'), ('【', '】'), ('[', ']')]
            .iter()
            .any(|(a, b)| t.starts_with(*a) && t.ends_with(*b));
        let f = fold(t);
        let annotation = bracketed
            || ["此件", "本件", "本文件", "该文件"]
                .iter()
                .any(|p| f.starts_with(p));
        if annotation
            && f.chars().count() <= STATEMENT_CHARS
            && ["此件", "本件", "本文", "该文件", "公开", "发布"]
                .iter()
                .any(|w| f.contains(w))
            && says(&f) == Some(Says::NotPublic)
        {
            let line = first_line + i;
            if !scan.found.iter().any(|x| x.line == line) {
                scan.found.push(Finding {
                    line,
                    mode: mode_of(t),
                    key: String::new(),
                    value: t.chars().take(30).collect(),
                    why: Why::Value,
                });
            }
        }
    }
    scan.found.truncate(MAX_FINDINGS);
    scan.found
}

/// Where a finding stands, for its message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    FrontMatter,
    Body,
    Column,
    /// The home page's introduction, `content/_index.md`.
    Home,
}

/// The error for a finding: at its line, naming the accepted spelling.
pub fn diagnostic(file: &str, x: &Finding, place: Place) -> Diagnostic {
    let what = if x.key.is_empty() {
        format!("“{}”", x.value)
    } else {
        format!("“{}: {}”", x.key, x.value)
    };
    let message = match (place, x.why) {
        (Place::Column, _) => format!(
            "栏目的 _index.md 写了{what}：栏目不能整体依申请公开或不予公开，栏目下的全部文件都按不公开处理，正文和附件不会发布"
        ),
        (Place::Home, _) => format!(
            "首页说明 content/_index.md 写了{what}：首页面向社会公开，不能依申请公开或不予公开；首页说明不会发布"
        ),
        (Place::Body, _) => format!(
            "正文中的{what}表示文件不主动公开，但它不在元数据（两个 --- 之间）的 公开方式 中：文件按不公开处理"
        ),
        (_, Why::Value) => {
            format!("{what}表示文件不主动公开，但公开与否只读 公开方式 一个字段：文件按不公开处理")
        }
        (_, Why::Question) => {
            format!("{what}像是在说明文件是否公开，但不是可识别的写法：文件按不公开处理")
        }
        (_, Why::Marker) => {
            format!("{what}表示文件不公开，但不是可识别的写法：文件按不公开处理")
        }
        (_, Why::Ground) => format!(
            "{what}像是不予公开的理由，但不是可识别的写法，也没有读到 公开方式：文件按不公开处理"
        ),
    };
    let hint = match place {
        Place::Column => {
            format!("在栏目下每个不主动公开的文件中分别写明；删去 _index.md 中这一行。{ACCEPTED}")
        }
        Place::Body => format!("把这一行移到上方两个 --- 之间，或删去。{ACCEPTED}"),
        Place::FrontMatter => ACCEPTED.to_string(),
        Place::Home => format!(
            "首页说明只写面向社会的介绍，删去这一行；不主动公开的内容写成单独的文件。{ACCEPTED}"
        ),
    };
    Diagnostic::error("disclosure-unclear", file, x.line, message).hint(hint)
}

/// The mode a set of findings asks for: 不予公开 if any says so, else 依申请公开.
pub fn strictest(found: &[Finding]) -> Option<DisclosureMode> {
    if found.is_empty() {
        None
    } else if found.iter().any(|x| x.mode == DisclosureMode::Withheld) {
        Some(DisclosureMode::Withheld)
    } else {
        Some(DisclosureMode::OnRequest)
    }
}

/// Reads 公开方式 as written in a known field: the exact spellings, a 主动公开 in any
/// width or script, and otherwise — 依申請公開, 不公开, 待定, a list — an error, with the
/// document read as withheld.
pub fn read_mode(f: &Fields, table: &[Field], diags: &mut Diagnostics) -> Option<DisclosureMode> {
    // 公开方式 written with its value emptied (`公开方式:`, `~`, `""`): the value of a
    // withheld document may have been deleted, so it is never a quiet 主动公开. (With
    // 不予公开依据 beside it, the loader reports the lost value at the ground's line.)
    if f.written("disclosure") && f.value("disclosure").is_none() && !f.has("ground") {
        diags.push(
            Diagnostic::error(
                "disclosure-unclear",
                &f.file,
                f.line("disclosure"),
                format!(
                    "{} 没有填写值：不能确定文件是否可以公开，文件按依申请公开处理",
                    label(table, "disclosure")
                ),
            )
            .hint(format!("可选：{}。{ACCEPTED}", DisclosureMode::choices())),
        );
        return Some(DisclosureMode::OnRequest);
    }
    let v = untag(f.value("disclosure")?);
    let text = scalar_text(v).unwrap_or_default();
    if let Some(m) = DisclosureMode::parse(&text) {
        return Some(m);
    }
    let folded = fold(&text);
    if DisclosureMode::ALL
        .iter()
        .find(|m| fold(m.zh()) == folded || fold(m.id()) == folded)
        == Some(&DisclosureMode::Public)
    {
        return Some(DisclosureMode::Public);
    }
    let mode = mode_of(&text);
    diags.push(
        Diagnostic::error(
            "disclosure-unclear",
            &f.file,
            f.line("disclosure"),
            format!(
                "{} 的值“{}”不是可识别的写法：文件按{}处理",
                label(table, "disclosure"),
                shown(v),
                mode.zh()
            ),
        )
        .hint(format!("可选：{}。{ACCEPTED}", DisclosureMode::choices())),
    );
    Some(mode)
}

/// Refuses YAML anchors (`&a`), aliases (`*a`), merge keys (`<<:`) and tags (`!!str`,
/// `!x`) in `yaml`, whose first line is `first_line`: one error per line that holds
/// any. Returns whether there was one; the caller then reads the document as withheld.
pub fn refuse_constructs(
    file: &str,
    yaml: &str,
    first_line: usize,
    diags: &mut Diagnostics,
) -> bool {
    use yaml_rust2::parser::{Event, Parser};
    use yaml_rust2::scanner::TScalarStyle;
    let mut parser = Parser::new_from_str(yaml);
    let mut lines: Vec<(usize, &'static str)> = vec![];
    // An error: serde_yaml accepted the text, a disagreement is not the editor's to fix here.
    while let Ok((event, mark)) = parser.next_token() {
        let what = match &event {
            Event::StreamEnd => break,
            Event::Alias(_) => Some("别名（*…）"),
            Event::Scalar(s, style, anchor, tag) => {
                if tag.is_some() {
                    Some("标签（!…）")
                } else if *anchor > 0 {
                    Some("锚点（&…）")
                } else if s == "<<" && *style == TScalarStyle::Plain {
                    Some("合并键（<<）")
                } else {
                    None
                }
            }
            Event::SequenceStart(anchor, tag) | Event::MappingStart(anchor, tag) => {
                if tag.is_some() {
                    Some("标签（!…）")
                } else if *anchor > 0 {
                    Some("锚点（&…）")
                } else {
                    None
                }
            }
            _ => None,
        };
        if let Some(what) = what {
            let mut at = mark.line().saturating_sub(1);
            // A block collection starts on the line below its `&a` or `!tag`.
            let sign = if what.contains('&') { '&' } else { '!' };
            if matches!(event, Event::SequenceStart(..) | Event::MappingStart(..)) {
                let text: Vec<&str> = yaml.lines().collect();
                if let Some(back) =
                    (0..=3.min(at)).find(|b| text.get(at - b).is_some_and(|l| l.contains(sign)))
                {
                    at -= back;
                }
            }
            let line = first_line + at;
            if !lines.iter().any(|(l, _)| *l == line) {
                lines.push((line, what));
            }
            if lines.len() >= MAX_FINDINGS {
                break;
            }
        }
    }
    for (line, what) in &lines {
        diags.push(
            Diagnostic::error(
                "yaml-construct",
                file,
                *line,
                format!(
                    "元数据中不能使用 YAML 的{what}：看文件的人看不出字段的真实值，文件按不公开处理"
                ),
            )
            .hint("把引用的内容直接写在字段后面，每个字段写一次，如 公开方式: 依申请公开；值以 & * ! 开头时请加引号"),
        );
    }
    !lines.is_empty()
}

#[cfg(test)]
mod tests;
