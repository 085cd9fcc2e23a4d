//! What one input may cost: sizes of files and YAML, and the nesting of YAML, checked
//! before anything is parsed.
//!
//! A portal is written by hand; the limits sit far above any real document (the
//! largest 年报 or 权责清单 front matter seen is a few tens of KiB, nested five or six
//! levels) and far below what makes the parser or the build slow. libyaml costs
//! quadratic time in nested flow collections (`[[[[…]]]]`: 200 KB took 21 s) before
//! serde's depth limit of 128 is reached, so depth is counted here by a linear scan of
//! the text and refused with its line before the parser sees it.

use crate::diagnostics::{Diagnostic, Diagnostics};
use std::io::Read;
use std::path::Path;

const KIB: u64 = 1024;
const MIB: u64 = 1024 * KIB;

/// A Markdown document (front matter and body). The longest real 政策文件 bodies are
/// a few hundred KiB; a build's memory is a small multiple of its documents' size.
pub const MARKDOWN_MAX: u64 = 8 * MIB;
/// A `.yaml` document: its data (权责清单 rows, 预决算 tables) may be long lists.
pub const YAML_DOCUMENT_MAX: u64 = 4 * MIB;
/// `xxgk.yaml`: settings and holidays, a few KiB in practice.
pub const CONFIG_MAX: u64 = MIB;
/// A csv or xlsx sheet read for a structured document's rows.
pub const SHEET_MAX: u64 = 32 * MIB;
/// How much of a text attachment (txt, csv …) is read to screen it for personal
/// data; a larger one is refused rather than published unscreened.
pub const SCREEN_MAX: u64 = 32 * MIB;
/// A Markdown document's front matter: fields, or a plan's task list.
pub const FRONT_MATTER_MAX: usize = 256 * KIB as usize;
/// Any YAML text given to the parser (the largest of the limits above that apply to
/// YAML, so that no caller can hand it more).
pub const YAML_MAX: usize = YAML_DOCUMENT_MAX as usize;
/// Nesting of block and flow collections together. Real data nests five or six
/// levels; at 32 the parser's cost stays linear, far from serde's 128.
pub const YAML_DEPTH_MAX: usize = 32;
/// Aliases (`*name`). serde bounds their expansion too; this refuses an alias bomb
/// in the text, with its line, before it is expanded at all.
pub const YAML_ALIASES_MAX: usize = 64;

fn mib(n: u64) -> String {
    if n >= MIB {
        format!("{:.1} MiB", n as f64 / MIB as f64)
    } else {
        format!("{} KiB", n.div_ceil(KIB))
    }
}

/// Reads a whole file of at most `max` bytes; a larger one is an error at its first
/// line and is not read (the length is checked before, and the read stops after, `max`
/// bytes: a file growing while read cannot pass either).
pub fn read(
    file: &str,
    path: &Path,
    max: u64,
    what: &str,
    diags: &mut Diagnostics,
) -> Option<Vec<u8>> {
    match read_bounded(path, max) {
        Ok(Ok(bytes)) => Some(bytes),
        Ok(Err(size)) => {
            diags.push(too_large(file, size, max, what));
            None
        }
        Err(e) => {
            diags.push(Diagnostic::error(
                "io",
                file,
                0,
                format!("无法读取文件：{e}"),
            ));
            None
        }
    }
}

/// The error for a file of `size` bytes (at least) over `max`.
pub fn too_large(file: &str, size: u64, max: u64, what: &str) -> Diagnostic {
    Diagnostic::error(
        "file-too-large",
        file,
        1,
        format!("文件过大：{} 超过{what}的上限 {}", mib(size), mib(max)),
    )
    .hint("检查是否误放了其他文件；过长的内容请拆分为多个文档，大的数据表作为附件发布")
}

/// The file's bytes, or `Err(size)` when it holds more than `max`.
pub fn read_bounded(path: &Path, max: u64) -> std::io::Result<Result<Vec<u8>, u64>> {
    let f = std::fs::File::open(path)?;
    let len = f.metadata()?.len();
    if len > max {
        return Ok(Err(len));
    }
    let mut bytes = Vec::with_capacity(len as usize);
    f.take(max + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max {
        return Ok(Err(bytes.len() as u64));
    }
    Ok(Ok(bytes))
}

/// Checks a Markdown file's front matter (starting at `line`) against its size limit.
pub fn front_matter(file: &str, text: &str, line: usize, diags: &mut Diagnostics) -> bool {
    if text.len() <= FRONT_MATTER_MAX {
        return true;
    }
    diags.push(
        Diagnostic::error(
            "front-matter-too-large",
            file,
            line,
            format!(
                "元数据（两行 --- 之间）过长：{}，上限 {}",
                mib(text.len() as u64),
                mib(FRONT_MATTER_MAX as u64)
            ),
        )
        .hint("元数据只写字段；长的内容写在第二个 --- 之后的正文中，大量数据写成 .yaml 文档或电子表格"),
    );
    false
}

/// Checks YAML text before it is parsed: its size, the nesting of its collections
/// and its number of aliases. `line_offset` is added to line numbers (front matter
/// starts below the first `---`). Reports the first excess and returns false.
pub fn yaml(file: &str, text: &str, line_offset: usize, diags: &mut Diagnostics) -> bool {
    if text.len() > YAML_MAX {
        diags.push(
            Diagnostic::error(
                "yaml-too-large",
                file,
                line_offset + 1,
                format!(
                    "YAML 内容过长：{}，上限 {}",
                    mib(text.len() as u64),
                    mib(YAML_MAX as u64)
                ),
            )
            .hint("把数据拆分为多个文档，或改用电子表格（csv/xlsx）存放行数据"),
        );
        return false;
    }
    let Some(excess) = scan(text) else {
        return true;
    };
    let d = match excess {
        Excess::Depth(line) => Diagnostic::error(
            "yaml-too-deep",
            file,
            line + line_offset,
            format!("YAML 嵌套过深：列表和映射（含 [ ] 与 {{ }}）超过 {YAML_DEPTH_MAX} 层"),
        )
        .hint("检查是否有多余或未配对的 [ 或 {；真实的数据不需要这么多层，请改为平铺的字段或列表"),
        Excess::Aliases(line) => Diagnostic::error(
            "yaml-too-many-aliases",
            file,
            line + line_offset,
            format!("YAML 别名（*名称）过多：超过 {YAML_ALIASES_MAX} 个"),
        )
        .hint("不要用锚点（&）和别名（*）复制内容，把每个值直接写出来"),
    };
    diags.push(d);
    false
}

/// What [`scan`] found first, at a 1-based line of the text.
#[derive(Debug, PartialEq, Eq)]
enum Excess {
    Depth(usize),
    Aliases(usize),
}

/// A linear scan of YAML for the depth of its collections: block levels by
/// indentation (and `- - ` items on one line), flow levels by brackets outside
/// quoted scalars, comments and block scalars. It over-counts rather than under-counts
/// where YAML is ambiguous to a scanner (a `[` opening a continued plain scalar), which
/// only matters to input nested beyond any real document.
fn scan(text: &str) -> Option<Excess> {
    // Indents of the open block collections.
    let mut block: Vec<usize> = Vec::new();
    let mut flow = 0usize;
    // An open quoted scalar continues on the next line.
    let mut quote: Option<char> = None;
    // Inside a block scalar (`|`, `>`): lines indented past this are text.
    let mut literal: Option<usize> = None;
    let mut aliases = 0usize;
    for (i, line) in text.lines().enumerate() {
        let n = i + 1;
        let indent = line.len() - line.trim_start_matches(' ').len();
        let content = &line[indent..];
        if let Some(parent) = literal {
            if content.trim().is_empty() || indent > parent {
                continue;
            }
            literal = None;
        }
        let mut depth_here = block.len();
        if quote.is_none() && flow == 0 {
            if content.is_empty() || content.starts_with('#') {
                continue;
            }
            if content.starts_with("---") || content.starts_with("...") {
                block.clear();
                continue;
            }
            while block.last().is_some_and(|&b| b >= indent) {
                block.pop();
            }
            block.push(indent);
            depth_here = block.len();
        }
        if depth_here + flow > YAML_DEPTH_MAX {
            return Some(Excess::Depth(n));
        }
        let bytes = content.as_bytes();
        // Whether a value (a collection, a quoted scalar, an alias) may start here.
        let mut value_start = quote.is_none();
        let mut prev: u8 = b' ';
        let mut j = 0;
        while j < bytes.len() {
            let c = bytes[j];
            let next = bytes.get(j + 1).copied();
            if let Some(q) = quote {
                match c {
                    b'\\' if q == '"' => j += 1,
                    b'\'' if q == '\'' && next == Some(b'\'') => j += 1,
                    _ if c as char == q => {
                        quote = None;
                        value_start = false;
                    }
                    _ => {}
                }
                prev = c;
                j += 1;
                continue;
            }
            let blank_next = next.is_none_or(|b| b == b' ' || b == b'\t');
            match c {
                b'#' if prev == b' ' || prev == b'\t' => break,
                b' ' | b'\t' => {}
                b'"' | b'\'' if value_start => quote = Some(c as char),
                b'[' | b'{' if value_start || flow > 0 => {
                    flow += 1;
                    if depth_here + flow > YAML_DEPTH_MAX {
                        return Some(Excess::Depth(n));
                    }
                    value_start = true;
                }
                b']' | b'}' if flow > 0 => {
                    flow -= 1;
                    value_start = false;
                }
                b',' if flow > 0 => value_start = true,
                b'-' | b'?' if value_start && flow == 0 && blank_next => {
                    depth_here += 1;
                    if depth_here > YAML_DEPTH_MAX {
                        return Some(Excess::Depth(n));
                    }
                }
                b':' if blank_next || (flow > 0 && matches!(next, Some(b',' | b']' | b'}'))) => {
                    value_start = true;
                }
                b'|' | b'>' if value_start && flow == 0 => {
                    literal = Some(indent);
                    break;
                }
                b'*' | b'&' | b'!' if value_start => {
                    if c == b'*' {
                        aliases += 1;
                        if aliases > YAML_ALIASES_MAX {
                            return Some(Excess::Aliases(n));
                        }
                    }
                    // The name or tag runs to a blank or a flow indicator.
                    while j + 1 < bytes.len()
                        && !matches!(
                            bytes[j + 1],
                            b' ' | b'\t' | b',' | b'[' | b']' | b'{' | b'}'
                        )
                    {
                        j += 1;
                    }
                    // An anchor or tag precedes a value; an alias is one.
                    value_start = c != b'*';
                }
                _ => value_start = false,
            }
            prev = c;
            j += 1;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nested(depth: usize) -> String {
        format!("a: {}{}\n", "[".repeat(depth), "]".repeat(depth))
    }

    #[test]
    fn real_front_matter_passes() {
        let text = "标题: 关于[2026]年度就业补贴的通知\n发布日期: 2026-03-12\n附件:\n  - 文件: 名单.xlsx\n    说明: \"第一批 [含] 名单\"\n关键词: [就业, 补贴, {a: b}]\n正文: |\n  [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\n备注: 张三's note * 星号 & 和 [\n";
        assert_eq!(scan(text), None);
        let mut d = Diagnostics::new();
        assert!(yaml("a.md", text, 1, &mut d), "{d:?}");
    }

    #[test]
    fn flow_nesting_is_refused_at_the_line_of_the_first_opener_too_deep() {
        assert_eq!(scan(&nested(YAML_DEPTH_MAX - 1)), None);
        assert_eq!(scan(&nested(YAML_DEPTH_MAX + 1)), Some(Excess::Depth(1)));
        let text = format!(
            "标题: 甲\n发布日期: 2026-01-01\n数据:\n{}",
            "{a: ".repeat(40)
        );
        assert_eq!(scan(&text), Some(Excess::Depth(4)));
        // Brackets on lines of their own.
        let text = format!("数据:\n{}", "  [\n".repeat(50));
        assert_eq!(scan(&text), Some(Excess::Depth(YAML_DEPTH_MAX)));
    }

    #[test]
    fn block_nesting_counts_indentation_and_compact_items() {
        let mut text = String::new();
        for i in 0..40 {
            text.push_str(&format!("{}k{i}:\n", " ".repeat(i)));
        }
        assert_eq!(scan(&text), Some(Excess::Depth(YAML_DEPTH_MAX + 1)));
        let text = format!("列表:\n{}甲\n", "- ".repeat(40));
        assert_eq!(scan(&text), Some(Excess::Depth(2)));
        // Going back out frees the levels.
        let mut text = String::new();
        for _ in 0..100 {
            for i in 0..20 {
                text.push_str(&format!("{}k{i}:\n", " ".repeat(i)));
            }
        }
        assert_eq!(scan(&text), None);
    }

    #[test]
    fn quotes_comments_and_block_scalars_hide_brackets() {
        let deep = "[".repeat(40);
        for text in [
            format!("a: \"{deep}\"\n"),
            format!("a: '{deep}'\n"),
            format!("a: 'it''s {deep}'\n"),
            format!("a: \"多行\n  {deep}\"\n"),
            format!("a: 1 # {deep}\n"),
            format!("a: >\n  {deep}\n  {deep}\nb: 1\n"),
            format!("a: 正文{deep}\n"),
        ] {
            assert_eq!(scan(&text), None, "{text}");
        }
        // After a block scalar ends, brackets count again.
        let text = format!("a: |\n  x\nb: {deep}\n");
        assert_eq!(scan(&text), Some(Excess::Depth(3)));
    }

    #[test]
    fn alias_bombs_are_refused() {
        let mut text =
            "a: &a [\"哈\",\"哈\",\"哈\",\"哈\",\"哈\",\"哈\",\"哈\",\"哈\",\"哈\"]\n".to_string();
        for (i, name) in ["b", "c", "d", "e", "f", "g", "h", "i"].iter().enumerate() {
            let prev = ["a", "b", "c", "d", "e", "f", "g", "h"][i];
            let refs = vec![format!("*{prev}"); 9].join(",");
            text.push_str(&format!("{name}: &{name} [{refs}]\n"));
        }
        assert_eq!(scan(&text), Some(Excess::Aliases(9)));
        assert_eq!(scan("a: &x 1\nb: *x\nc: [*x, *x]\n"), None);
    }

    #[test]
    fn oversized_yaml_and_front_matter_are_errors_with_a_hint() {
        let mut d = Diagnostics::new();
        assert!(!yaml("a.yaml", &"a: 1\n".repeat(YAML_MAX / 4), 0, &mut d));
        assert!(!front_matter(
            "a.md",
            &"a".repeat(FRONT_MATTER_MAX + 1),
            2,
            &mut d
        ));
        assert!(!yaml("a.md", &nested(100), 1, &mut d));
        let v: Vec<_> = d.iter().collect();
        assert_eq!(v.len(), 3);
        assert!(v.iter().all(|e| e.is_error() && e.hint.is_some()));
        assert_eq!((v[0].line, v[1].line, v[2].line), (1, 2, 2));
        assert!(v[2].message.contains("嵌套过深"));
    }

    #[test]
    fn files_over_their_limit_are_not_read() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("大.md");
        std::fs::write(&p, vec![b'a'; 2048]).unwrap();
        let mut d = Diagnostics::new();
        assert!(read("content/大.md", &p, 2048, "文档", &mut d).is_some());
        assert!(read("content/大.md", &p, 2047, "文档", &mut d).is_none());
        let e = d.iter().next().unwrap();
        assert_eq!((e.rule, e.line), ("file-too-large", 1));
        assert!(e.message.contains("文档"));
    }

    /// Timings for the README and the report (`cargo test --lib limits::tests::cost -- --ignored --nocapture`):
    /// what libyaml costs without the scan, and at the limits with it.
    #[test]
    #[ignore]
    fn cost() {
        let time = |what: &str, text: &str| {
            let t = std::time::Instant::now();
            let ok = serde_yaml::from_str::<serde_yaml::Value>(text).is_ok();
            let parse = t.elapsed();
            let t = std::time::Instant::now();
            let refused = scan(text).is_some();
            println!(
                "{what}: {} KiB, parse {parse:?} (ok {ok}), scan {:?} (refused {refused})",
                text.len() / 1024,
                t.elapsed()
            );
        };
        // Without the scan: quadratic (about 4× for 2× the size).
        for kib in [6, 12, 25, 50] {
            let n = kib * 1024 / 2;
            time(
                "nested [",
                &format!("a: {}{}", "[".repeat(n), "]".repeat(n)),
            );
        }
        let t = std::time::Instant::now();
        assert!(scan(&format!("a: {}", "[".repeat(1 << 20))).is_some());
        println!("scan of 1 MiB nested: {:?}", t.elapsed());
        // At the limits: depth 31 groups (block level, the outer list, 29 inside) filling the front matter and a .yaml document.
        let group = format!("{}1{}, ", "[".repeat(29), "]".repeat(29));
        for max in [FRONT_MATTER_MAX, YAML_MAX] {
            let text = format!("a: [{}]\n", group.repeat(max / group.len() - 1));
            time("depth 31, at the size limit", &text);
        }
        let rows = "- 事项名称: 行政许可\n  实施依据: [《中华人民共和国行政许可法》, 第十二条]\n";
        time("rows at 4 MiB", &rows.repeat(YAML_MAX / rows.len() - 1));
    }
}
