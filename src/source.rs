//! Reading an editor's file: encoding and the front-matter split.

use crate::diagnostics::{Diagnostic, Diagnostics};

/// The folder under the portal root that holds the content, as sources name it.
pub use crate::routes::CONTENT_DIR;

/// Decodes a file as UTF-8 (a BOM is accepted). Editors' files are often GBK: when
/// the bytes are not UTF-8 but decode as GB18030, the message says so and how to convert.
/// Line ends become `\n`, whether written `\r\n` (Windows) or `\r` alone (old Mac
/// editors, text pasted from some office programs): the YAML parser counts a lone `\r`
/// as a line end too, and every line number must agree with it and with the editor.
pub fn decode(file: &str, bytes: &[u8], diags: &mut Diagnostics) -> Option<String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => Some(normalize_line_ends(s)),
        Err(e) => {
            let valid = e.valid_up_to();
            let line = bytes[..valid].iter().filter(|b| **b == b'\n').count() + 1;
            let (_, _, had_errors) = encoding_rs::GB18030.decode(bytes);
            let (msg, hint) = if had_errors {
                (
                    "文件不是 UTF-8 编码".to_string(),
                    "请用编辑器以 UTF-8 编码另存该文件".to_string(),
                )
            } else {
                (
                    "文件不是 UTF-8 编码（看起来是 GBK/GB18030）".to_string(),
                    format!(
                        "转换为 UTF-8：iconv -f GB18030 -t UTF-8 '{file}' -o '{file}.utf8' && mv '{file}.utf8' '{file}'，或在编辑器中“另存为 UTF-8”"
                    ),
                )
            };
            diags.push(Diagnostic::error("encoding", file, line, msg).hint(hint));
            None
        }
    }
}

/// `\r\n` and a lone `\r` as `\n`.
pub fn normalize_line_ends(s: &str) -> String {
    if s.contains('\r') {
        s.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        s.to_string()
    }
}

/// A Markdown file split into its front matter and body.
pub struct Split<'a> {
    pub front_matter: &'a str,
    /// Line number (1-based) of the first front-matter line.
    pub front_matter_line: usize,
    pub body: &'a str,
}

/// Splits `---\nyaml\n---\nbody`. A file without front matter is an error: every
/// document needs at least a title and a date.
pub fn split_front_matter<'a>(
    file: &str,
    text: &'a str,
    diags: &mut Diagnostics,
) -> Option<Split<'a>> {
    let rest = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"));
    let Some(rest) = rest else {
        diags.push(
            Diagnostic::error(
                "front-matter",
                file,
                1,
                "文件开头缺少以 --- 包围的元数据（front matter）",
            )
            .hint("第一行写 ---，接着写 标题: …、发布日期: … 等字段，再写一行 --- 后接正文"),
        );
        return None;
    };
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "---" {
            let front_matter = &rest[..offset];
            let body = &rest[offset + line.len()..];
            if !crate::limits::front_matter(file, front_matter, 2, diags) {
                return None;
            }
            return Some(Split {
                front_matter,
                front_matter_line: 2,
                body,
            });
        }
        offset += line.len();
    }
    diags.push(
        Diagnostic::error("front-matter", file, 1, "元数据没有结束：缺少第二个 --- 行")
            .hint("在元数据与正文之间加一行 ---"),
    );
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gbk_file_is_named_with_a_conversion_hint() {
        let (gbk, _, _) = encoding_rs::GBK.encode("---\n标题: 关于做好就业工作的通知\n---\n");
        let mut d = Diagnostics::new();
        assert!(decode("content/a.md", &gbk, &mut d).is_none());
        let e = d.iter().next().unwrap();
        assert_eq!(e.line, 2);
        assert!(e.message.contains("GBK"));
        assert!(e.hint.as_deref().unwrap().contains("iconv"));
    }

    #[test]
    fn bom_and_crlf_are_accepted() {
        let mut d = Diagnostics::new();
        let t = decode(
            "a.md",
            "\u{feff}---\r\n标题: x\r\n---\r\n正文".as_bytes(),
            &mut d,
        )
        .unwrap();
        let s = split_front_matter("a.md", &t, &mut d).unwrap();
        assert_eq!(s.front_matter, "标题: x\n");
        assert_eq!(s.body, "正文");
    }

    #[test]
    fn lone_cr_line_ends_are_line_ends() {
        let mut d = Diagnostics::new();
        let t = decode(
            "a.md",
            "---\r标题: x\r发布日期: 2026-1-1\r---\r正文\r\n二".as_bytes(),
            &mut d,
        )
        .unwrap();
        let s = split_front_matter("a.md", &t, &mut d).unwrap();
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(s.front_matter, "标题: x\n发布日期: 2026-1-1\n");
        assert_eq!(s.body, "正文\n二");
    }

    #[test]
    fn unterminated_front_matter_is_an_error() {
        let mut d = Diagnostics::new();
        assert!(split_front_matter("a.md", "---\n标题: x\n正文", &mut d).is_none());
        assert!(d.has_errors());
    }
}
