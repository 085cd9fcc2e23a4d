//! "No panic on any input": a seeded mutation fuzzer over a real portal.
//!
//! A copy of part of the demo portal (示例县: a 规范性文件 with its downloads and
//! 解读, a 依申请公开 request carrying a canary, 权责清单 from xlsx, 预算 with a
//! csv, 年报, an 意见征集 with its 反馈, a task ledger from csv) is built once, then
//! damaged the way editors damage files — truncated, re-encoded, re-indented, keys
//! duplicated or misspelt, values turned into lists or impossible dates, files
//! deleted — and loaded, checked and rendered again, case after case. Every case
//! must end in a published site or in diagnostics that point at a real place; none
//! may panic, leave the previous `site/` changed, or publish the canary.
//!
//! Deterministic: each case draws from its own seed, so a failure names the case
//! to rerun alone (`XXGK_FUZZ_CASE=17 cargo test --test robustness`). When hunting,
//! `XXGK_FUZZ_CASES=N` runs more cases, `XXGK_FUZZ_SEED=N` other ones, and
//! `XXGK_FUZZ_SUSPECT=1` prints errors that do not stand on the line a case damaged.

use std::collections::{BTreeMap, BTreeSet};
use std::hash::{Hash, Hasher};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use fastrand::Rng;
use xxgk::build::{BuildError, BuildOptions};
use xxgk::diagnostics::Diagnostic;
use xxgk::load::LoadOptions;
use xxgk::render::{Content, Theme};

const SEED: u64 = 0x5858_474B_2026_1123;
const CASES: usize = 256;
/// A case that runs longer than this is a hang: the process is stopped with its story.
const HANG: Duration = Duration::from_secs(60);

const CANARY: &str = "依申请公开金丝雀正文7F3A";
const CANARY_DOC: &str = "content/fdzdgknr/zcwj/qtwj/2026-cyrhqs.md";
const PLAN_CSV: &str = "content/fdzdgknr/ghjh/2025-zwgk-tsxd-rw.csv";

/// The demo files copied into the fuzzed portal (relative to the repository root).
const FILES: &[&str] = &[
    "xxgk.yaml",
    "content/gkzn/_index.md",
    "content/gkzn/2026-gkzn.md",
    "content/gkzd/_index.md",
    "content/gkzd/2025-bmsc.md",
    "content/ysqgk/_index.md",
    "content/ysqgk/ysqbl-zn.md",
    "content/fdzdgknr/_index.md",
    "content/fdzdgknr/zcwj/_index.md",
    "content/fdzdgknr/zcwj/gfxwj/_index.md",
    "content/fdzdgknr/zcwj/gfxwj/2026-lsjz.md",
    "content/fdzdgknr/zcwj/gfxwj/files/2026-lsjz.docx",
    "content/fdzdgknr/zcwj/gfxwj/files/2026-lsjz.pdf",
    "content/fdzdgknr/zcjd/_index.md",
    "content/fdzdgknr/zcjd/2026-jd-lsjz.md",
    "content/fdzdgknr/zcwj/qtwj/_index.md",
    CANARY_DOC,
    "content/fdzdgknr/qzqd/_index.md",
    "content/fdzdgknr/qzqd/2026-rsj-qzqd.yaml",
    "content/fdzdgknr/qzqd/qzqd-rsj-2026.xlsx",
    "content/fdzdgknr/qzqd/2026-qzqdsm.md",
    "content/fdzdgknr/czyjs/_index.md",
    "content/fdzdgknr/czyjs/2025-bmys.yaml",
    "content/fdzdgknr/czyjs/2026-bmys.yaml",
    "content/fdzdgknr/czyjs/ys-2026-jbzc.csv",
    "content/gknb/_index.md",
    "content/gknb/2025-ndbg.yaml",
    "content/fdzdgknr/zdxzjc/_index.md",
    "content/fdzdgknr/zdxzjc/2026-yjzj-tcgl.md",
    "content/fdzdgknr/zdxzjc/2026-yjfk-tcgl.md",
    "content/fdzdgknr/zdxzjc/files/tcgl-zqyjg.docx",
    "content/fdzdgknr/zdxzjc/files/tcgl-qcsm.pdf",
    "content/fdzdgknr/ghjh/_index.md",
    "content/fdzdgknr/ghjh/2025-zwgk-tsxd.yaml",
    PLAN_CSV,
];

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

/// The portal on disk and every file's original bytes.
struct Fixture {
    dir: tempfile::TempDir,
    originals: BTreeMap<String, Vec<u8>>,
}

impl Fixture {
    fn new() -> Fixture {
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        let dir = tempfile::tempdir().unwrap();
        let mut originals = BTreeMap::new();
        for rel in FILES {
            let mut bytes = std::fs::read(repo.join(rel)).unwrap();
            if *rel == CANARY_DOC {
                bytes.extend_from_slice(format!("\n{CANARY}\n").as_bytes());
            }
            if *rel == PLAN_CSV {
                // Only the tasks whose 佐证 are among the copied documents.
                let text = String::from_utf8(bytes).unwrap();
                let kept: Vec<&str> = text
                    .lines()
                    .enumerate()
                    .filter(|(i, l)| *i < 2 || l.starts_with("6,") || l.starts_with("7,"))
                    .map(|(_, l)| l)
                    .collect();
                bytes = format!("{}\n", kept.join("\n")).into_bytes();
            }
            originals.insert(rel.to_string(), bytes);
        }
        let f = Fixture { dir, originals };
        for (rel, bytes) in &f.originals {
            f.write(rel, bytes);
        }
        f
    }

    fn root(&self) -> &Path {
        self.dir.path()
    }

    fn write(&self, rel: &str, bytes: &[u8]) {
        let path = self.root().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }

    fn apply(&self, edit: &Edit) {
        match edit {
            Edit::Write(rel, bytes) => self.write(rel, bytes),
            Edit::Remove(rel) => std::fs::remove_file(self.root().join(rel)).unwrap(),
            Edit::Rename(from, to) => {
                std::fs::rename(self.root().join(from), self.root().join(to)).unwrap()
            }
        }
    }

    /// Puts every file back as it was before the case.
    fn restore(&self, edits: &[Edit]) {
        for edit in edits {
            match edit {
                Edit::Write(rel, _) | Edit::Remove(rel) => self.write(rel, &self.originals[rel]),
                Edit::Rename(from, to) => {
                    let _ = std::fs::remove_file(self.root().join(to));
                    self.write(from, &self.originals[from]);
                }
            }
        }
    }

    fn build_options(&self) -> BuildOptions {
        BuildOptions {
            root: self.root().to_path_buf(),
            out: None,
            base_url: None,
            today: today(),
            progress: false,
        }
    }

    fn load_options(&self) -> LoadOptions {
        LoadOptions {
            root: self.root().to_path_buf(),
            today: today(),
            base_url: None,
        }
    }
}

/// One change to one file of the portal.
#[derive(Debug, Clone)]
enum Edit {
    Write(String, Vec<u8>),
    Remove(String),
    Rename(String, String),
}

impl Edit {
    fn path(&self) -> &str {
        match self {
            Edit::Write(p, _) | Edit::Remove(p) | Edit::Rename(_, p) => p,
        }
    }
}

/// What a case does to the portal: told in the failure message, undone afterwards.
struct Mutation {
    what: Vec<String>,
    edits: Vec<Edit>,
}

// ---------------------------------------------------------------------------
// Mutations
// ---------------------------------------------------------------------------

/// Values editors (and accidents) put where a scalar was.
const HOSTILE: &[&str] = &[
    "[甲, 乙]",
    "{甲: 1, 乙: [2]}",
    "~",
    "",
    "''",
    "null",
    "1e309",
    "-1e309",
    "99999999999999999999",
    "-99999999999999999999",
    "9223372036854775807",
    "-9223372036854775808",
    "18446744073709551616",
    "-1",
    "-0.01",
    "0",
    "0.001",
    "true",
    "false",
    ".nan",
    ".inf",
    "-.inf",
    "0x1F",
    "1_000",
    "12.345",
    "1,236.40",
    "１２３６．４０",
    "一千二百元",
    "=SUM(A1:A9)",
    "*未定义",
    "&a [*a]",
    "!!binary 5L6d55Sz6K+3",
    "!自定义 值",
    "!!int 不是数",
    "|",
    ">-",
    "\"未闭合",
    "'",
    "[",
    "{",
    "@",
    "`",
    "? 问号",
    "- 列表",
    "#",
    "<script>alert(1)</script>",
    "../../../../etc/passwd",
    "/etc/passwd",
    "C:\\Windows\\system32",
    "files/不存在.pdf",
    "https://",
    "\u{202E}反转文字",
    "\u{200B}",
    "　",
    "依申请公开",
    "不予公开",
    "主动公开",
    "有效",
    "废止",
    "政策解读",
    "规范性文件",
    "权责清单",
    "预决算",
    "年报",
    "11990000MB0123456X/2026-00024",
    "11990000MB0123456X/2026-99999",
    "11990000MB0123456X/0000-00000",
    "fdzdgknr/zcwj/qtwj/2026-cyrhqs.md",
    "fdzdgknr/zcjd/2026-jd-lsjz.md",
    "../../../xxgk.yaml",
    "第十四条 国家秘密",
];

const DATES: &[&str] = &[
    "2023-02-30",
    "2023年13月1日",
    "2023年2月30日",
    "0000-00-00",
    "9999-12-31",
    "9999-12-31T99",
    "2026-11-23T10:00:00+08:00",
    "2026-11-23 10:00",
    "1899-12-31",
    "1900-01-01",
    "2999-12-31",
    "2026/2/29",
    "２０２６年２月２９日",
    "2026-1-1",
    "2026-13-01",
    "2026-00-10",
    "2026--01",
    "-2026-01-01",
    "20261123",
    "2026.11.23",
    "2026年11月",
    "11月23日",
    "2026年3月底",
    "持续推进",
    "2026-11-24",
    "2027-01-01",
    "2020-01-01",
];

const NUMBERS: &[&str] = &[
    "18446744073709551615",
    "9999999999999999999",
    "4294967296",
    "1e309",
    "99999999999999999999",
    "-99999999999999999999",
    "9223372036854775807",
    "-1",
    "-1236.40",
    "0",
    "0.001",
    "12.345",
    "1,236.40",
    "１２３６．４０",
    "1236.40万元",
    "−12.5",
    ".5",
    "5.",
    "1e3",
    "NaN",
    "∞",
    "十二",
    "1.2.3",
    "--1",
    "1236.40元",
    "3.5件",
    "100000000000000000000000000000000000000",
];

const KEYS: &[&str] = &[
    "标\u{200B}题",
    "ｔｉｔｌｅ",
    "\u{202E}题标",
    "🙂",
    "标题 ",
    "标題",
    "TITLE",
    "\"标题\"",
    "'标题'",
    "标\t题",
    "发布日起",
    "公开方试",
    "公开方式\u{200B}",
    "不予公开依剧",
    "解读对像",
    "附 件",
    "\u{FEFF}标题",
    "标题\u{301}",
    "<b>",
    "1",
    "null",
    "~",
    "[标题]",
    "{标题}",
    "事 项",
    "收支总表\u{3000}",
    "年 度",
    "任务（工作台账）",
];

const WEIRD_NAMES: &[&str] = &[
    "关于 印发（2026）#1?.md",
    "ＡＢＣ全角.md",
    "a%2e%2e.md",
    "index.md",
    "_index.yaml",
    ".隐藏.md",
    "新建文本文档.txt",
    "con.md",
    "有\u{202E}反转.md",
];

fn pick<'a>(rng: &mut Rng, items: &[&'a str]) -> &'a str {
    items[rng.usize(..items.len())]
}

/// Lines with their terminators, so that edits keep the file's own line ends.
fn lines_of(bytes: &[u8]) -> Vec<Vec<u8>> {
    bytes
        .split_inclusive(|b| *b == b'\n')
        .map(<[u8]>::to_vec)
        .collect()
}

/// Lines that hold a `key: value` (front matter, YAML, or a list item's first key).
fn key_lines(text: &str) -> Vec<usize> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| {
            let t = l.trim_start().trim_start_matches("- ");
            !t.starts_with('#')
                && t.find(':')
                    .is_some_and(|i| i > 0 && t[i + 1..].chars().next().is_none_or(|c| c == ' '))
        })
        .map(|(i, _)| i)
        .collect()
}

fn replace_line(text: &str, line: usize, new: &str) -> String {
    let mut out: Vec<String> = text.split('\n').map(str::to_string).collect();
    if line < out.len() {
        out[line] = new.to_string();
    }
    out.join("\n")
}

/// Splits `  - 名称: 值` into (`  - 名称:`, ` 值`).
fn split_key_line(line: &str) -> (String, String) {
    let lead = line.len() - line.trim_start().len();
    let after_lead = &line[lead..];
    let dash = if after_lead.starts_with("- ") { 2 } else { 0 };
    let body = &after_lead[dash..];
    match body.find(':') {
        Some(i) => (
            line[..lead + dash + i + 1].to_string(),
            body[i + 1..].to_string(),
        ),
        None => (line.to_string(), String::new()),
    }
}

fn is_text(rel: &str) -> bool {
    [".md", ".yaml", ".yml", ".csv"]
        .iter()
        .any(|e| rel.ends_with(e))
}

/// One damaging edit of the text of a file: returns what it did and the new bytes.
fn mutate_text(rng: &mut Rng, rel: &str, bytes: &[u8]) -> (String, Vec<u8>) {
    let text = String::from_utf8_lossy(bytes).into_owned();
    let n = bytes.len();
    let lines = lines_of(bytes);
    let keyed = key_lines(&text);
    let yaml_like = !rel.ends_with(".csv");
    // Numbers are what structured documents are made of: they get a third of the draws.
    let structured = rel.starts_with("content/") && !rel.ends_with(".md");
    let op = if structured && rng.usize(0..3) == 0 {
        30
    } else {
        rng.usize(0..33)
    };
    match op {
        0 => {
            let at = rng.usize(0..=n);
            (format!("truncate at byte {at}"), bytes[..at].to_vec())
        }
        1 => {
            let mut b = bytes.to_vec();
            let k = rng.usize(1..=8);
            for _ in 0..k {
                if !b.is_empty() {
                    let i = rng.usize(..b.len());
                    b[i] ^= 1 << rng.u8(0..8);
                }
            }
            (format!("flip {k} bits"), b)
        }
        2 => {
            let mut b = bytes.to_vec();
            let k = rng.usize(1..=6);
            for _ in 0..k {
                let i = rng.usize(0..=b.len());
                b.insert(i, rng.u8(..));
            }
            (format!("insert {k} random bytes"), b)
        }
        3 => {
            let mut b = bytes.to_vec();
            let i = rng.usize(0..=b.len());
            b.insert(i, 0);
            (format!("NUL at byte {i}"), b)
        }
        4 => {
            let bad: &[&[u8]] = &[
                b"\xff",
                b"\xc3",
                b"\xe4\xb8",
                b"\xed\xa0\x80",
                b"\xf8\x88\x80\x80\x80",
                b"\xc0\xaf",
            ];
            let seq = bad[rng.usize(..bad.len())];
            let mut b = bytes.to_vec();
            let i = rng.usize(0..=b.len());
            b.splice(i..i, seq.iter().copied());
            (format!("invalid UTF-8 {seq:x?} at byte {i}"), b)
        }
        5 => {
            let (gbk, _, _) = encoding_rs::GBK.encode(&text);
            ("saved as GBK".into(), gbk.into_owned())
        }
        6 => {
            let mut b = b"\xEF\xBB\xBF".to_vec();
            b.extend_from_slice(bytes);
            ("UTF-8 BOM".into(), b)
        }
        7 => {
            // Notepad's "Unicode": UTF-16LE with a BOM.
            let mut b = vec![0xFF, 0xFE];
            for u in text.encode_utf16() {
                b.extend_from_slice(&u.to_le_bytes());
            }
            ("saved as UTF-16LE".into(), b)
        }
        8 => (
            "CRLF line ends".into(),
            text.replace('\n', "\r\n").into_bytes(),
        ),
        9 => ("CR line ends".into(), text.replace('\n', "\r").into_bytes()),
        10 => {
            let t: String = text
                .split('\n')
                .map(|l| {
                    let sp = l.len() - l.trim_start_matches(' ').len();
                    format!("{}{}", "\t".repeat(sp / 2), &l[sp - sp % 2..])
                })
                .collect::<Vec<_>>()
                .join("\n");
            ("tabs for indentation".into(), t.into_bytes())
        }
        11 if !lines.is_empty() => {
            let i = rng.usize(..lines.len());
            let mut l = lines.clone();
            l.remove(i);
            (format!("delete line {}", i + 1), l.concat())
        }
        12 if !lines.is_empty() => {
            let i = rng.usize(..lines.len());
            let mut l = lines.clone();
            let mut dup = l[i].clone();
            if !dup.ends_with(b"\n") {
                dup.push(b'\n');
                l[i].push(b'\n');
            }
            l.insert(i, dup);
            (format!("duplicate line {}", i + 1), l.concat())
        }
        13 if lines.len() > 1 => {
            let i = rng.usize(..lines.len());
            let j = rng.usize(..lines.len());
            let mut l = lines.clone();
            l.swap(i, j);
            if let Some(last) = l.last_mut()
                && !last.ends_with(b"\n")
            {
                last.push(b'\n');
            }
            (format!("swap lines {} and {}", i + 1, j + 1), l.concat())
        }
        14 if rel.ends_with(".md") => {
            // Unterminated front matter: the closing --- goes.
            let mut seen = 0;
            let t: Vec<&str> = text
                .split('\n')
                .filter(|l| {
                    if l.trim_end() == "---" {
                        seen += 1;
                        return seen != 2;
                    }
                    true
                })
                .collect();
            ("closing --- removed".into(), t.join("\n").into_bytes())
        }
        15 if rel.ends_with(".md") => {
            let t = text.strip_prefix("---\n").unwrap_or(&text);
            ("opening --- removed".into(), t.as_bytes().to_vec())
        }
        16..=20 if !keyed.is_empty() && yaml_like => {
            let i = keyed[rng.usize(..keyed.len())];
            let line = text.split('\n').nth(i).unwrap_or("");
            let (key, old) = split_key_line(line);
            let old = old.trim();
            let looks_date = old.len() >= 6
                && old.chars().take(4).all(|c| c.is_ascii_digit())
                && (old.contains('-') || old.contains('年') || old.contains('/'));
            let looks_number = !old.is_empty()
                && old
                    .chars()
                    .all(|c| c.is_ascii_digit() || c == '.' || c == ',' || c == '-');
            let value = if looks_date && rng.bool() {
                pick(rng, DATES).to_string()
            } else if looks_number && rng.bool() {
                pick(rng, NUMBERS).to_string()
            } else {
                match rng.usize(0..12) {
                    0 => "长".repeat(rng.usize(5_000..60_000)),
                    1 => {
                        let d = [40, 200, 3000][rng.usize(0..3)];
                        format!("{}{}", "[".repeat(d), "]".repeat(d))
                    }
                    2 => {
                        let d = [40, 200][rng.usize(0..2)];
                        format!("{}1{}", "{a: ".repeat(d), "}".repeat(d))
                    }
                    _ => pick(rng, HOSTILE).to_string(),
                }
            };
            let new = format!("{key} {value}");
            (
                format!("line {}: value `{old}` → `{}`", i + 1, short(&value)),
                replace_line(&text, i, &new).into_bytes(),
            )
        }
        21 | 22 if !keyed.is_empty() && yaml_like => {
            let i = keyed[rng.usize(..keyed.len())];
            let line = text.split('\n').nth(i).unwrap_or("").to_string();
            let (key, value) = split_key_line(&line);
            let bare = key
                .trim_start()
                .trim_start_matches("- ")
                .trim_end_matches(':');
            let indent = &line[..line.len() - line.trim_start().len()];
            let dup = match rng.usize(0..4) {
                0 => format!("{indent}{bare}:{value}"),
                1 => format!("{indent}{bare}: 另一个值"),
                2 => format!("{indent}{}: {}", english(bare), value.trim()),
                _ => format!("{indent}{bare}: [重复, 的键]"),
            };
            let mut ls: Vec<&str> = text.split('\n').collect();
            let at = i + 1 + rng.usize(0..3).min(ls.len().saturating_sub(i + 1));
            ls.insert(at.min(ls.len()), &dup);
            (
                format!("line {}: duplicate key `{dup}` inserted", at + 1),
                ls.join("\n").into_bytes(),
            )
        }
        23 if !keyed.is_empty() && yaml_like => {
            let i = keyed[rng.usize(..keyed.len())];
            let line = text.split('\n').nth(i).unwrap_or("").to_string();
            let (key, value) = split_key_line(&line);
            let lead = &key[..key.len() - key.trim_start().len()];
            let dash = if key.trim_start().starts_with("- ") {
                "- "
            } else {
                ""
            };
            let k = pick(rng, KEYS);
            let new = format!("{lead}{dash}{k}:{value}");
            (
                format!("line {}: key → `{k}`", i + 1),
                replace_line(&text, i, &new).into_bytes(),
            )
        }
        24 => {
            let long = "很长的一行".repeat(rng.usize(20_000..80_000));
            let mut l = lines.clone();
            let i = rng.usize(0..=l.len());
            l.insert(i, format!("{long}\n").into_bytes());
            (format!("very long line at {}", i + 1), l.concat())
        }
        25 if yaml_like => {
            // Deeply nested block mappings under a new key.
            let depth = [50, 130, 400][rng.usize(0..3)];
            let mut nest = String::from("嵌套:\n");
            for d in 1..=depth {
                nest.push_str(&format!("{}层{d}:\n", " ".repeat(d)));
            }
            let t = insert_in_yaml(rel, &text, &nest);
            (format!("{depth}-deep nested mapping"), t.into_bytes())
        }
        26 if yaml_like => {
            let bomb = "甲: &a [\"哈\",\"哈\",\"哈\",\"哈\",\"哈\",\"哈\",\"哈\",\"哈\",\"哈\"]\n乙: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n丙: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n丁: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n戊: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n己: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n";
            (
                "billion laughs".into(),
                insert_in_yaml(rel, &text, bomb).into_bytes(),
            )
        }
        27 => {
            let choice = [
                &b""[..],
                b"\n\n   \n",
                b"---\n---\n",
                b"---\n",
                b"---\n~\n---\n",
                b"---\n- a\n- b\n---\n",
                b"---\n\"\xe6\xa0\x87\xe9\xa2\x98\"\n---\n",
                b"\xEF\xBB\xBF",
                b"\0\0\0\0",
            ];
            let c = choice[rng.usize(..choice.len())];
            (
                format!("replaced by {:?}", String::from_utf8_lossy(c)),
                c.to_vec(),
            )
        }
        28 if rel.ends_with(".csv") => mutate_csv(rng, &text),
        29 => {
            // Tab in front of a key (YAML forbids tabs in indentation).
            let mut ls: Vec<String> = text.split('\n').map(str::to_string).collect();
            let i = if keyed.is_empty() {
                0
            } else {
                keyed[rng.usize(..keyed.len())]
            };
            if let Some(l) = ls.get_mut(i) {
                l.insert(0, '\t');
            }
            (
                format!("tab before line {}", i + 1),
                ls.join("\n").into_bytes(),
            )
        }
        30..=32 => {
            // A number somewhere (an amount in a flow mapping, a count in a row of
            // the annual report, a date's day) replaced.
            let spans = number_spans(&text);
            if spans.is_empty() {
                return ("no number to replace".into(), bytes.to_vec());
            }
            let (a, b) = spans[rng.usize(..spans.len())];
            let v = if rng.bool() {
                pick(rng, NUMBERS)
            } else {
                pick(rng, HOSTILE)
            };
            let line = text[..a].matches('\n').count() + 1;
            (
                format!("line {line}: number `{}` → `{v}`", &text[a..b]),
                format!("{}{v}{}", &text[..a], &text[b..]).into_bytes(),
            )
        }
        _ if rel.ends_with(".csv") => mutate_csv(rng, &text),
        _ => {
            let at = rng.usize(0..=n);
            (format!("truncate at byte {at}"), bytes[..at].to_vec())
        }
    }
}

/// Byte ranges of runs of ASCII digits (with a decimal point inside).
fn number_spans(text: &str) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let mut out = vec![];
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_digit() {
            let start = i;
            while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'.') {
                i += 1;
            }
            out.push((start, i));
        } else {
            i += 1;
        }
    }
    out
}

/// Puts extra top-level YAML into a document: into the front matter of Markdown.
fn insert_in_yaml(rel: &str, text: &str, yaml: &str) -> String {
    if rel.ends_with(".md") {
        match text.strip_prefix("---\n") {
            Some(rest) => format!("---\n{yaml}{rest}"),
            None => format!("---\n{yaml}---\n{text}"),
        }
    } else {
        format!("{yaml}{text}")
    }
}

/// The English name of a common key: the same field a second time, as editors
/// mixing the two write it.
fn english(key: &str) -> &str {
    match key {
        "标题" | "名称" => "title",
        "发布日期" => "date",
        "成文日期" => "written",
        "索引号" => "index_no",
        "公开方式" => "disclosure",
        "不予公开依据" => "ground",
        "类型" => "kind",
        "附件" => "attachments",
        "解读对象" => "interprets",
        "站点名称" => "name",
        "机构名称" => "organisation",
        "每页条数" => "page_size",
        _ => key,
    }
}

fn mutate_csv(rng: &mut Rng, text: &str) -> (String, Vec<u8>) {
    let mut rows: Vec<String> = text.lines().map(str::to_string).collect();
    if rows.is_empty() {
        return ("empty csv kept".into(), text.as_bytes().to_vec());
    }
    let r = rng.usize(..rows.len());
    let mut cells: Vec<String> = rows[r].split(',').map(str::to_string).collect();
    let c = rng.usize(..cells.len());
    let what = match rng.usize(0..6) {
        0 => {
            let v = if rng.bool() {
                pick(rng, NUMBERS)
            } else {
                pick(rng, HOSTILE)
            };
            cells[c] = format!("\"{}\"", v.replace('"', "\"\""));
            format!("csv row {} cell {c} → `{v}`", r + 1)
        }
        1 => {
            cells.remove(c);
            format!("csv row {} cell {c} removed", r + 1)
        }
        2 => {
            cells.insert(c, "\"未闭合".into());
            format!("csv row {}: unbalanced quote", r + 1)
        }
        3 => {
            for _ in 0..rng.usize(1..40) {
                cells.push("多余".into());
            }
            format!("csv row {}: extra cells", r + 1)
        }
        4 => {
            // A column dropped from every row, the header too.
            for row in rows.iter_mut() {
                let mut cs: Vec<&str> = row.split(',').collect();
                if c < cs.len() {
                    cs.remove(c);
                }
                *row = cs.join(",");
            }
            cells = rows[r].split(',').map(str::to_string).collect();
            format!("csv column {c} removed")
        }
        _ => {
            cells = vec![String::new(); cells.len()];
            format!("csv row {} emptied", r + 1)
        }
    };
    rows[r] = cells.join(",");
    (what, format!("{}\n", rows.join("\n")).into_bytes())
}

/// A workbook rewritten with damaged cells, or its bytes damaged.
fn mutate_xlsx(rng: &mut Rng, root: &Path, rel: &str, bytes: &[u8]) -> (String, Vec<u8>) {
    use calamine::{Data, Reader, open_workbook_auto};
    match rng.usize(0..10) {
        0 => {
            let at = rng.usize(0..=bytes.len());
            return (format!("xlsx truncated at {at}"), bytes[..at].to_vec());
        }
        1 => {
            let mut b = bytes.to_vec();
            for _ in 0..rng.usize(1..8) {
                let i = rng.usize(..b.len());
                b[i] ^= 1 << rng.u8(0..8);
            }
            return ("xlsx bits flipped".into(), b);
        }
        2 => return ("xlsx emptied".into(), vec![]),
        3 => {
            return (
                "csv text saved as .xlsx".into(),
                "事项名称,事项类型\n工伤认定,行政确认\n".as_bytes().to_vec(),
            );
        }
        _ => {}
    }
    let mut book = open_workbook_auto(root.join(rel)).unwrap();
    let name = book.sheet_names()[0].clone();
    let range = book.worksheet_range(&name).unwrap();
    let (r0, c0) = range.start().unwrap_or((0, 0));
    let mut cells: BTreeMap<(u32, u16), Data> = BTreeMap::new();
    for (r, row) in range.rows().enumerate() {
        for (c, d) in row.iter().enumerate() {
            if *d != Data::Empty {
                cells.insert((r0 + r as u32, c0 as u16 + c as u16), d.clone());
            }
        }
    }
    let keys: Vec<(u32, u16)> = cells.keys().copied().collect();
    let mut what = vec![];
    let mut sheet_name = name.clone();
    let mut extra_first_sheet = false;
    for _ in 0..rng.usize(1..4) {
        match rng.usize(0..9) {
            0..=2 => {
                let k = keys[rng.usize(..keys.len())];
                let v = if rng.bool() {
                    let x = [1e308, -1e308, -5.0, 0.001, 123456789012345.6, 1e15, -0.0]
                        [rng.usize(0..7)];
                    Data::Float(x)
                } else {
                    let s = if rng.bool() {
                        pick(rng, HOSTILE)
                    } else {
                        pick(rng, NUMBERS)
                    };
                    Data::String(s.to_string())
                };
                what.push(format!("cell {k:?} → {v:?}"));
                cells.insert(k, v);
            }
            3 => {
                let k = keys[rng.usize(..keys.len())];
                cells.remove(&k);
                what.push(format!("cell {k:?} emptied"));
            }
            4 => {
                // The header row goes.
                let first = keys.iter().map(|k| k.0).min().unwrap_or(0);
                let header = first + 1;
                cells.retain(|k, _| k.0 != header);
                what.push(format!("row {} removed", header + 1));
            }
            5 => {
                cells.insert((2000, 60), Data::String("远处的单元格".into()));
                what.push("far cell BI2001".into());
            }
            6 => {
                sheet_name = pick(rng, &["Sheet 1", "权责清单'", "表[1]", "　"]).to_string();
                what.push(format!("sheet renamed `{sheet_name}`"));
            }
            7 => {
                extra_first_sheet = true;
                what.push("empty sheet inserted first".into());
            }
            _ => {
                let k = keys[rng.usize(..keys.len())];
                cells.insert(k, Data::Bool(rng.bool()));
                what.push(format!("cell {k:?} → boolean"));
            }
        }
    }
    let mut out = rust_xlsxwriter::Workbook::new();
    if extra_first_sheet {
        out.add_worksheet().set_name("说明").unwrap();
    }
    let ws = out.add_worksheet();
    if ws.set_name(&sheet_name).is_err() {
        what.push("(sheet name refused by the writer)".into());
    }
    for ((r, c), d) in &cells {
        let _ = match d {
            Data::Float(x) => ws.write_number(*r, *c, *x).map(|_| ()),
            Data::Int(i) => ws.write_number(*r, *c, *i as f64).map(|_| ()),
            Data::Bool(b) => ws.write_boolean(*r, *c, *b).map(|_| ()),
            Data::String(s) => ws.write_string(*r, *c, s).map(|_| ()),
            other => ws.write_string(*r, *c, other.to_string()).map(|_| ()),
        };
    }
    (
        format!("xlsx: {}", what.join("; ")),
        out.save_to_buffer().unwrap(),
    )
}

/// The ways an editor loses the 公开方式 of a withheld document.
fn mutate_disclosure(rng: &mut Rng, fx: &Fixture) -> Mutation {
    let text = String::from_utf8(fx.originals[CANARY_DOC].clone()).unwrap();
    let mode = "公开方式: 依申请公开";
    let ground_at = text.find("不予公开依据:").unwrap();
    let ground_line = &text[ground_at..ground_at + text[ground_at..].find('\n').unwrap()];
    let (what, new) = match rng.usize(0..8) {
        0 => (
            "公开方式 line deleted",
            text.replace(&format!("{mode}\n"), ""),
        ),
        1 => {
            let typo = pick(
                rng,
                &[
                    "公开方试",
                    "公开形式",
                    "公开方式\u{200B}",
                    "公开 方式",
                    "disclosre",
                ],
            );
            (
                "公开方式 misspelt",
                text.replace("公开方式:", &format!("{typo}:")),
            )
        }
        2 => {
            let v = pick(
                rng,
                &[
                    "~",
                    "",
                    "主动公开",
                    "依申请",
                    "依申请公开。",
                    "[依申请公开]",
                    "public",
                    "true",
                ],
            );
            (
                "公开方式 value changed",
                text.replace(mode, &format!("公开方式: {v}")),
            )
        }
        3 => (
            "公开方式 moved below the front matter",
            text.replacen(&format!("{mode}\n"), "", 1).replacen(
                "\n---\n",
                &format!("\n---\n{mode}\n"),
                1,
            ),
        ),
        4 => (
            "不予公开依据 line deleted",
            text.replace(&format!("{ground_line}\n"), ""),
        ),
        5 => (
            "不予公开依据 misspelt",
            text.replace(
                "不予公开依据:",
                &format!("{}:", pick(rng, &["不予公开依剧", "依据", "不公开依据"])),
            ),
        ),
        6 => (
            "公开方式 indented",
            text.replace(mode, &format!("  {mode}")),
        ),
        _ => (
            "公开方式 and 不予公开依据 misspelt",
            text.replace("公开方式:", "公开方试:")
                .replace("不予公开依据:", "不予公开依剧:"),
        ),
    };
    Mutation {
        what: vec![format!("{CANARY_DOC}: {what}")],
        edits: vec![Edit::Write(CANARY_DOC.into(), new.into_bytes())],
    }
}

/// Removing or renaming files editors lose or misname.
fn mutate_tree(rng: &mut Rng, originals: &BTreeMap<String, Vec<u8>>) -> Mutation {
    let indexes: Vec<&String> = originals
        .keys()
        .filter(|k| k.ends_with("/_index.md"))
        .collect();
    let docs: Vec<&String> = originals
        .keys()
        .filter(|k| k.starts_with("content/") && (k.ends_with(".md") || k.ends_with(".yaml")))
        .filter(|k| !k.ends_with("/_index.md"))
        .collect();
    let (what, edit) = match rng.usize(0..8) {
        0 | 1 => {
            let rel = indexes[rng.usize(..indexes.len())].clone();
            (format!("{rel} removed"), Edit::Remove(rel))
        }
        2 => {
            let pick_from = [
                "content/fdzdgknr/zcwj/gfxwj/files/2026-lsjz.docx",
                "content/fdzdgknr/zcwj/gfxwj/files/2026-lsjz.pdf",
                "content/fdzdgknr/zdxzjc/files/tcgl-zqyjg.docx",
                "content/fdzdgknr/zdxzjc/files/tcgl-qcsm.pdf",
                "content/fdzdgknr/qzqd/qzqd-rsj-2026.xlsx",
                "content/fdzdgknr/czyjs/ys-2026-jbzc.csv",
                PLAN_CSV,
            ];
            let rel = pick(rng, &pick_from).to_string();
            (format!("attachment {rel} removed"), Edit::Remove(rel))
        }
        3 => {
            let rel = pick(
                rng,
                &[
                    "content/fdzdgknr/zcwj/gfxwj/2026-lsjz.md",
                    "content/fdzdgknr/zdxzjc/2026-yjfk-tcgl.md",
                    "content/gkzd/2025-bmsc.md",
                    "content/gknb/2025-ndbg.yaml",
                    CANARY_DOC,
                ],
            )
            .to_string();
            (
                format!("referenced document {rel} removed"),
                Edit::Remove(rel),
            )
        }
        4 => ("xxgk.yaml removed".into(), Edit::Remove("xxgk.yaml".into())),
        5 | 6 => {
            let from = docs[rng.usize(..docs.len())].clone();
            let dir = from.rsplit_once('/').map(|(d, _)| d).unwrap_or("content");
            let to = format!("{dir}/{}", pick(rng, WEIRD_NAMES));
            (format!("{from} renamed to {to}"), Edit::Rename(from, to))
        }
        _ => {
            let from = docs[rng.usize(..docs.len())].clone();
            let to = format!("content/{}", from.rsplit('/').next().unwrap_or("x.md"));
            (
                format!("{from} moved to the top of content/"),
                Edit::Rename(from, to),
            )
        }
    };
    Mutation {
        what: vec![what],
        edits: vec![edit],
    }
}

fn mutate_file(rng: &mut Rng, fx: &Fixture, rel: &str) -> Mutation {
    let bytes = &fx.originals[rel];
    let (what, new) = if rel.ends_with(".xlsx") {
        mutate_xlsx(rng, fx.root(), rel, bytes)
    } else {
        mutate_text(rng, rel, bytes)
    };
    Mutation {
        what: vec![format!("{rel}: {what}")],
        edits: vec![Edit::Write(rel.to_string(), new)],
    }
}

fn mutation(rng: &mut Rng, fx: &Fixture) -> Mutation {
    let texts: Vec<&str> = fx
        .originals
        .keys()
        .map(String::as_str)
        .filter(|k| is_text(k))
        .collect();
    let structured: Vec<&str> = texts
        .iter()
        .copied()
        .filter(|k| k.ends_with(".yaml") || k.ends_with(".csv"))
        .filter(|k| *k != "xxgk.yaml")
        .collect();
    let mut m = match rng.usize(0..100) {
        0..=9 => mutate_file(rng, fx, "xxgk.yaml"),
        10..=29 => {
            let rel = pick(rng, &structured);
            mutate_file(rng, fx, rel)
        }
        30..=36 => mutate_file(rng, fx, "content/fdzdgknr/qzqd/qzqd-rsj-2026.xlsx"),
        37..=39 => mutate_file(rng, fx, CANARY_DOC),
        40..=41 => mutate_disclosure(rng, fx),
        42..=51 => mutate_tree(rng, &fx.originals),
        _ => {
            let rel = pick(rng, &texts);
            mutate_file(rng, fx, rel)
        }
    };
    // Some cases damage a second file: every problem must still be reported in one run.
    if rng.usize(0..100) < 15 {
        let rel = pick(rng, &texts);
        if m.edits
            .iter()
            .all(|e| e.path() != rel && !matches!(e, Edit::Rename(f, _) if f == rel))
        {
            let more = mutate_file(rng, fx, rel);
            m.what.extend(more.what);
            m.edits.extend(more.edits);
        }
    }
    m
}

fn short(s: &str) -> String {
    if s.chars().count() > 60 {
        format!(
            "{}…({} chars)",
            s.chars().take(40).collect::<String>(),
            s.chars().count()
        )
    } else {
        s.to_string()
    }
}

// ---------------------------------------------------------------------------
// What a user would notice
// ---------------------------------------------------------------------------

/// Lines as an editor's window counts them (`\r\n`, `\r` and `\n` each end one).
fn line_count(bytes: &[u8]) -> usize {
    let mut n = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\r' if bytes.get(i + 1) == Some(&b'\n') => {
                n += 1;
                i += 1;
            }
            b'\r' | b'\n' => n += 1,
            _ => {}
        }
        i += 1;
    }
    let open_last = !bytes.is_empty() && !matches!(bytes.last(), Some(b'\n' | b'\r'));
    (n + usize::from(open_last)).max(1)
}

/// Rows of a workbook as Excel numbers them (the last used row of any sheet).
fn sheet_rows(path: &Path) -> usize {
    use calamine::{Reader, open_workbook_auto};
    let Ok(mut book) = open_workbook_auto(path) else {
        return 1;
    };
    let names = book.sheet_names();
    names
        .iter()
        .filter_map(|n| book.worksheet_range(n).ok())
        .filter_map(|r| r.end())
        .map(|(row, _)| row as usize + 1)
        .max()
        .unwrap_or(1)
}

/// A diagnostic must name a file of the portal (root-relative, `/`-separated) and a
/// line inside it, or 0 for the file as a whole; an error must say how to fix it.
fn bad_place(root: &Path, removed: &BTreeSet<String>, d: &Diagnostic) -> Option<String> {
    if d.is_error() && d.hint.as_deref().is_none_or(|h| h.trim().is_empty()) {
        return Some("an error without a hint".into());
    }
    let file = &d.file;
    if file.is_empty() || Path::new(file).is_absolute() || file.contains('\\') {
        return Some("file is not a root-relative path".into());
    }
    let path = root.join(file);
    if !path.exists() {
        // Only the file a case removed may be named, as a whole (config-missing …).
        return (!(removed.contains(file) && d.line == 0))
            .then(|| "names a file that does not exist".into());
    }
    if path.is_dir() {
        return (d.line != 0).then(|| "a folder with a line number".into());
    }
    let max = if xxgk::sheet::is_sheet_file(&path) && !file.ends_with(".csv") {
        sheet_rows(&path)
    } else {
        line_count(&std::fs::read(&path).unwrap_or_default())
    };
    (d.line > max).then(|| format!("line {} beyond the file's {max} lines", d.line))
}

/// Internal links (`href`, `src`) of the rendered pages that lead to no file the
/// build writes: `page → link`.
fn dead_links(files: &[xxgk::render::OutFile], base: &str) -> Vec<String> {
    let written: BTreeSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    let mut dead = vec![];
    for f in files {
        let (true, Content::Bytes(b)) = (f.path.ends_with(".html"), &f.content) else {
            continue;
        };
        let html = String::from_utf8_lossy(b);
        let dir = f.path.rsplit_once('/').map_or("", |(d, _)| d);
        for attr in ["href=\"", "src=\""] {
            for raw in html.split(attr).skip(1).filter_map(|r| r.split('"').next()) {
                let link = raw.replace("&amp;", "&");
                let external = link.is_empty()
                    || link.starts_with('#')
                    || link.starts_with("//")
                    || link.contains(':') && !link.starts_with('/');
                if external {
                    continue;
                }
                let path = percent_decode(link.split(['#', '?']).next().unwrap_or(""));
                let target = match path.strip_prefix(base) {
                    Some(rest) => rest.to_string(),
                    None if path.starts_with('/') => {
                        dead.push(format!("{} → {raw} (outside {base})", f.path));
                        continue;
                    }
                    None => join(dir, &path),
                };
                let file = if target.is_empty() || target.ends_with('/') {
                    format!("{target}index.html")
                } else {
                    target
                };
                if !written.contains(file.as_str()) {
                    dead.push(format!("{} → {raw}", f.path));
                }
            }
        }
    }
    dead
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = vec![];
    let mut i = 0;
    while i < b.len() {
        let hex = b
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok());
        match (b[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'%', Some(v)) => {
                out.push(v);
                i += 3;
            }
            (c, _) => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `a/b` + `../c` → `a/c`.
fn join(dir: &str, rel: &str) -> String {
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for seg in rel.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    let joined = parts.join("/");
    if rel.ends_with('/') && !joined.is_empty() {
        format!("{joined}/")
    } else {
        joined
    }
}

/// Every file of a folder with its bytes, hashed (for "left untouched").
fn tree_hash(dir: &Path) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for e in walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
    {
        e.path().strip_prefix(dir).unwrap().hash(&mut h);
        if e.file_type().is_file() {
            std::fs::read(e.path()).unwrap().hash(&mut h);
        }
    }
    h.finish()
}

/// Whether the case still asks for the canary document to be withheld: 依申请公开 or
/// 不予公开(依据) is still written in its front matter, under whatever key. (With
/// both gone the editor made it public, and publishing it is right.)
fn canary_withheld(root: &Path) -> bool {
    let Ok(bytes) = std::fs::read(root.join(CANARY_DOC)) else {
        return false;
    };
    let text = String::from_utf8_lossy(&bytes).replace("\r\n", "\n");
    let front = text
        .strip_prefix('\u{feff}')
        .unwrap_or(&text)
        .strip_prefix("---\n")
        .and_then(|r| r.split("\n---").next())
        .unwrap_or("");
    front.contains("依申请公开") || front.contains("不予公开")
}

struct Observed {
    problems: Vec<String>,
    built: bool,
    /// Whether the real `build` ran.
    real: bool,
    /// (file, line) of every error, to compare with the line a case damaged.
    errors: Vec<(String, usize)>,
}

/// How many cases ran the real `build`, by outcome.
struct RealBuilds {
    failed_builds: usize,
    ok_builds: usize,
}

/// Runs one mutated portal through load+check, `xxgk check`, the renderer and, for
/// some cases, the real `build`.
fn observe(
    fx: &Fixture,
    theme: &Theme,
    removed: &BTreeSet<String>,
    site_hash: &mut u64,
    real_build: impl FnOnce(bool) -> bool,
) -> Observed {
    let root = fx.root();
    let mut problems = vec![];
    let place = |stage: &str, diags: &[Diagnostic], problems: &mut Vec<String>| {
        for d in diags {
            if let Some(why) = bad_place(root, removed, d) {
                problems.push(format!("{stage}: {why}: {d}"));
            }
        }
    };

    // `xxgk build`'s gate: load, then the rules that block publication.
    let (portal, diags) = xxgk::build::load_checked(&fx.load_options());
    let diags = diags.sorted();
    place("build", &diags, &mut problems);
    let failed = portal.is_none() || diags.iter().any(Diagnostic::is_error);
    if failed && diags.iter().all(|d| !d.is_error()) {
        problems.push("no portal, and no error says why".into());
    }

    let real_build = real_build(!failed);
    let withheld = canary_withheld(root);
    let mut dead = vec![];
    if !failed && let Some(p) = &portal {
        let jobs = xxgk::render::jobs(p);
        match xxgk::render::render(p, theme, &jobs, &|| {}) {
            Ok(files) => {
                dead = dead_links(&files, &p.config.base_path());
                for f in &files {
                    let bytes = match &f.content {
                        Content::Bytes(b) => b.clone(),
                        Content::Static(b) => b.to_vec(),
                        Content::Copy(src) => std::fs::read(src).unwrap_or_default(),
                    };
                    if withheld && String::from_utf8_lossy(&bytes).contains(CANARY) {
                        problems.push(format!("canary published in {}", f.path));
                    }
                }
            }
            Err(errs) => {
                if errs.is_empty() {
                    problems.push("render failed without a diagnostic".into());
                }
                place("render", &errs, &mut problems);
            }
        }
        for doc in xxgk::search::portal::documents(p) {
            if withheld && format!("{doc:?}").contains(CANARY) {
                problems.push(format!("canary in the search document {}", doc.url));
            }
        }
    }

    // `xxgk check`: every rule, the report's figures, the text and JSON output, and
    // (with the real builds) the HTML report.
    let mut all = xxgk::diagnostics::Diagnostics::new();
    all.extend(diags.iter().cloned());
    let figures = portal.as_ref().map(|p| {
        let found = xxgk::check::run(p);
        place("check", &found, &mut problems);
        all.extend(found);
        xxgk::check::Figures::of(&xxgk::check::Context::new(p))
    });
    // A link that leads nowhere must at least be what `xxgk check` reports.
    let reported = all
        .iter()
        .any(|d| d.rule == "broken-link" || d.rule == "broken-anchor");
    if !reported && let Some(d) = dead.first() {
        problems.push(format!(
            "{} dead links on the site (first: {d}), and xxgk check reports none",
            dead.len()
        ));
    }
    let outcome = xxgk::check::Outcome {
        portal,
        diagnostics: all.sorted(),
        figures,
    };
    let _ = xxgk::check::output::text(&outcome);
    let _ = xxgk::check::output::json(&outcome.diagnostics);
    if real_build && let Err(e) = xxgk::check::report::write(root, &root.join("自评报告"), &outcome)
    {
        problems.push(format!("the self-assessment report was not written: {e}"));
    }

    if real_build {
        let site = root.join("site");
        match xxgk::build::build(&fx.build_options()) {
            Ok(_) => {
                if failed {
                    problems.push("build succeeded though load+check found errors".into());
                }
                for e in walkdir::WalkDir::new(&site)
                    .into_iter()
                    .filter_map(Result::ok)
                {
                    if withheld
                        && e.file_type().is_file()
                        && String::from_utf8_lossy(&std::fs::read(e.path()).unwrap())
                            .contains(CANARY)
                    {
                        problems.push(format!("canary published in {}", e.path().display()));
                    }
                }
                *site_hash = tree_hash(&site);
            }
            Err(BuildError::Content(ds)) => {
                if ds.iter().all(|d| !d.is_error()) {
                    problems.push("build failed without an error diagnostic".into());
                }
                place("build", &ds, &mut problems);
                if tree_hash(&site) != *site_hash {
                    problems.push("the previous site/ changed in a failed build".into());
                }
            }
            Err(BuildError::Io(e)) => problems.push(format!("I/O error: {e}")),
            Err(BuildError::Refused(e)) => problems.push(format!("output refused: {e}")),
        }
        let leftovers: Vec<String> = std::fs::read_dir(root)
            .unwrap()
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with(".site."))
            .collect();
        if !leftovers.is_empty() {
            problems.push(format!("staging folders left behind: {leftovers:?}"));
        }
    }
    Observed {
        problems,
        built: !failed,
        real: real_build,
        errors: diags
            .iter()
            .filter(|d| d.is_error())
            .map(|d| (d.file.clone(), d.line))
            .collect(),
    }
}

/// When hunting (`XXGK_FUZZ_SUSPECT=1`): a case that damaged one line of a file and
/// got errors in that file, none of them on that line, is printed for a person to judge.
fn report_suspect(case: usize, m: &Mutation, errors: &[(String, usize)]) {
    let [what] = m.what.as_slice() else { return };
    let Some((file, rest)) = what.split_once(": line ") else {
        return;
    };
    let Some(line) = rest.split(':').next().and_then(|n| n.parse::<usize>().ok()) else {
        return;
    };
    let here: Vec<usize> = errors
        .iter()
        .filter(|(f, _)| f == file)
        .map(|(_, l)| *l)
        .collect();
    if !here.is_empty() && !here.contains(&line) {
        eprintln!("SUSPECT case {case}: {what} → errors at {here:?}");
    }
}

/// The last panic's place, recorded by the hook (the payload holds only the message).
static PANIC_AT: Mutex<Option<String>> = Mutex::new(None);

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "(non-text panic)".into())
}

fn dump(fx: &Fixture, m: &Mutation) -> String {
    let mut out = String::new();
    for e in &m.edits {
        let path = fx.root().join(e.path());
        match std::fs::read(&path) {
            Ok(b) if !e.path().ends_with(".xlsx") => {
                let s = String::from_utf8_lossy(&b);
                let shown: String = s.chars().take(1500).collect();
                out.push_str(&format!(
                    "    --- {} ({} bytes) ---\n{shown:?}\n",
                    e.path(),
                    b.len()
                ));
            }
            Ok(b) => out.push_str(&format!(
                "    --- {} ({} bytes, binary)\n",
                e.path(),
                b.len()
            )),
            Err(_) => out.push_str(&format!("    --- {} (absent)\n", e.path())),
        }
    }
    out
}

#[test]
fn no_panic_and_clear_diagnostics_on_damaged_content() {
    let fx = Fixture::new();
    let report = xxgk::build::build(&fx.build_options())
        .unwrap_or_else(|e| panic!("the unmutated portal must build: {e:?}"));
    assert!(report.documents >= 10, "{report:?}");
    let site = fx.root().join("site");
    let mut site_hash = tree_hash(&site);
    // The theme is not fuzzed: loaded once, it lets a case render without a full build.
    let theme = Theme::load(fx.root()).unwrap_or_else(|e| panic!("{e:?}"));
    {
        let (p, _) = xxgk::load::load(&fx.load_options());
        let p = p.unwrap();
        let files = xxgk::render::render(&p, &theme, &xxgk::render::jobs(&p), &|| {}).unwrap();
        let dead = dead_links(&files, &p.config.base_path());
        assert!(
            dead.is_empty(),
            "the unmutated portal has dead links: {dead:#?}"
        );
        let hrefs = files.iter().filter(|f| f.path.ends_with(".html")).count();
        assert!(hrefs > 20, "the link check sees the pages");
    }

    let suspect = std::env::var_os("XXGK_FUZZ_SUSPECT").is_some();
    let seed: u64 = std::env::var("XXGK_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(SEED);
    let only: Option<usize> = std::env::var("XXGK_FUZZ_CASE")
        .ok()
        .and_then(|s| s.parse().ok());
    let cases: usize = std::env::var("XXGK_FUZZ_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(CASES);

    // A hang is a failure too, and would otherwise say nothing about its case.
    static CURRENT: AtomicUsize = AtomicUsize::new(usize::MAX);
    static STORY: Mutex<String> = Mutex::new(String::new());
    std::thread::spawn(|| {
        let mut last = (usize::MAX, Instant::now());
        loop {
            std::thread::sleep(Duration::from_millis(500));
            let now = CURRENT.load(Ordering::SeqCst);
            if now != last.0 {
                last = (now, Instant::now());
            } else if now != usize::MAX && last.1.elapsed() > HANG {
                eprintln!("case {now} hangs: {}", STORY.lock().unwrap());
                std::process::abort();
            }
        }
    });

    let previous_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|info| {
        *PANIC_AT.lock().unwrap() = info.location().map(|l| l.to_string());
    }));

    let started = Instant::now();
    let mut failures = vec![];
    let mut budget = RealBuilds {
        failed_builds: 0,
        ok_builds: 0,
    };
    let (mut built, mut refused) = (0, 0);
    let mut slowest = (Duration::ZERO, 0);
    for case in 0..cases.max(only.map_or(0, |o| o + 1)) {
        if only.is_some_and(|o| o != case) {
            continue;
        }
        let mut rng = Rng::with_seed(seed ^ (case as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15));
        let m = mutation(&mut rng, &fx);
        *STORY.lock().unwrap() = m.what.join(" + ");
        CURRENT.store(case, Ordering::SeqCst);
        for e in &m.edits {
            fx.apply(e);
        }
        let removed: BTreeSet<String> = m
            .edits
            .iter()
            .filter_map(|e| match e {
                Edit::Remove(p) => Some(p.clone()),
                Edit::Rename(f, _) => Some(f.clone()),
                Edit::Write(..) => None,
            })
            .collect();
        // The real build (with its search index) is slow in a debug build: it runs on
        // a deterministic share of the cases, the in-memory pipeline on all of them.
        let real = |builds: bool| {
            only.is_some()
                || if builds {
                    budget.ok_builds < 3
                } else {
                    case % 16 == 0 && budget.failed_builds < 12
                }
        };
        let t = Instant::now();
        let result = catch_unwind(AssertUnwindSafe(|| {
            observe(&fx, &theme, &removed, &mut site_hash, real)
        }));
        let took = t.elapsed();
        if took > slowest.0 {
            slowest = (took, case);
        }
        // Line ends and a BOM are how the editor saved, not what the file says.
        let same_content = m.what.iter().all(|w| {
            ["UTF-8 BOM", "CRLF line ends", "CR line ends"]
                .iter()
                .any(|p| w.ends_with(p))
        });
        let problems = match result {
            Ok(mut o) => {
                if suspect {
                    report_suspect(case, &m, &o.errors);
                }
                if same_content && !o.built {
                    o.problems.push(
                        "the same content saved with other line ends or a BOM no longer builds"
                            .into(),
                    );
                }
                if o.built {
                    built += 1;
                } else {
                    refused += 1;
                }
                if o.real {
                    if o.built {
                        budget.ok_builds += 1;
                    } else {
                        budget.failed_builds += 1;
                    }
                }
                o.problems
            }
            Err(payload) => vec![format!(
                "PANIC at {}: {}",
                PANIC_AT.lock().unwrap().take().unwrap_or_default(),
                panic_message(payload.as_ref())
            )],
        };
        if !problems.is_empty() {
            failures.push(format!(
                "case {case} ({}):\n  {}\n{}",
                m.what.join(" + "),
                problems.join("\n  "),
                dump(&fx, &m)
            ));
        }
        fx.restore(&m.edits);
    }
    CURRENT.store(usize::MAX, Ordering::SeqCst);
    std::panic::set_hook(previous_hook);
    eprintln!(
        "robustness: {} cases in {:.1?} ({built} built, {refused} refused; real builds: {} ok, {} refused; slowest case {} {:.1?})",
        if only.is_some() { 1 } else { cases },
        started.elapsed(),
        budget.ok_builds,
        budget.failed_builds,
        slowest.1,
        slowest.0,
    );
    assert!(
        failures.is_empty(),
        "{} of {cases} cases failed (rerun one with XXGK_FUZZ_CASE=N):\n\n{}",
        failures.len(),
        failures.join("\n")
    );
}
