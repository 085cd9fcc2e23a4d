//! The body of an imported document as Markdown: the 公文 heading levels (一、,
//! （一）, 1．) as headings in order, 第X条 in bold, paragraphs, bold runs, tables (a
//! merged cell's text repeated down the rows it covers, so each row reads on its
//! own) and images. Everything from Word is escaped: its text is never Markdown.

use super::read::{Block, Cell, Merge, Para, Table};
use super::recognise::fold;

/// Escapes text so that Markdown shows it as written.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '&' | '$'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    // What starts a block: a heading, quote, list item, rule or an ordered item.
    let lead = out.chars().next();
    if matches!(lead, Some('#' | '-' | '+' | '=' | '!')) {
        out.insert(0, '\\');
    } else {
        let digits = out.chars().take_while(|c| c.is_ascii_digit()).count();
        if digits > 0 && matches!(out[digits..].chars().next(), Some('.' | ')')) {
            out.insert(digits, '\\');
        }
    }
    out
}

fn trim(s: &str) -> &str {
    s.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}')
}

fn cn_numeral(c: char) -> bool {
    "一二三四五六七八九十百零〇".contains(c)
}

/// The Markdown heading level of a 公文 heading line, when it is one: short and
/// not a sentence of the body.
pub fn heading_level(text: &str) -> Option<usize> {
    let f = fold(text);
    let n = f.chars().count();
    let inner = f.trim_end_matches('。');
    if n > 40 || inner.contains(['。', ';']) {
        return None;
    }
    let lead: String = f.chars().take_while(|c| cn_numeral(*c)).collect();
    if !lead.is_empty() && f[lead.len()..].starts_with('、') && n > lead.chars().count() + 1 {
        return Some(2);
    }
    if let Some(rest) = f.strip_prefix('(') {
        let lead: String = rest.chars().take_while(|c| cn_numeral(*c)).collect();
        if !lead.is_empty() && rest[lead.len()..].starts_with(')') {
            return Some(3);
        }
        return None;
    }
    let digits = f.chars().take_while(|c| c.is_ascii_digit()).count();
    if digits > 0 && digits <= 2 {
        let rest = &f[digits..];
        let next_is_digit = rest.chars().nth(1).is_some_and(|c| c.is_ascii_digit());
        if (rest.starts_with('.') || rest.starts_with('、'))
            && !next_is_digit
            && rest.chars().count() > 1
        {
            return Some(4);
        }
    }
    if let Some(rest) = f.strip_prefix('第') {
        let lead: String = rest.chars().take_while(|c| cn_numeral(*c)).collect();
        let after = &rest[lead.len()..];
        if !lead.is_empty() && after.starts_with('章') {
            return Some(3);
        }
        if !lead.is_empty() && after.starts_with('节') {
            return Some(4);
        }
    }
    None
}

/// The `第X条` at the start of an article, to be shown in bold.
fn article_number(text: &str) -> Option<usize> {
    let rest = text.strip_prefix('第')?;
    let lead = rest.chars().take_while(|c| cn_numeral(*c)).count();
    let after = rest.chars().nth(lead)?;
    (lead > 0 && after == '条').then(|| '第'.len_utf8() + lead * '一'.len_utf8() + '条'.len_utf8())
}

fn inline(p: &Para) -> String {
    let mut out = String::new();
    let all_bold = p.runs.iter().all(|r| r.bold || trim(&r.text).is_empty());
    for (i, r) in p.runs.iter().enumerate() {
        let mut t = r.text.replace(['\t', '\n'], " ");
        if i == 0 {
            t = t
                .trim_start_matches(|c: char| c.is_whitespace() || c == '\u{3000}')
                .to_string();
        }
        if r.bold && !all_bold && !trim(&t).is_empty() {
            out.push_str(&format!("**{}**", escape(trim(&t))));
        } else {
            out.push_str(&escape(&t));
        }
    }
    let out = trim(&out).to_string();
    if all_bold && !out.is_empty() {
        format!("**{out}**")
    } else {
        out
    }
}

fn cell_text(c: &Cell) -> String {
    escape(trim(&c.text)).replace('\n', " ")
}

/// A table as a Markdown pipe table over the grid of the widest row.
pub fn table(t: &Table) -> String {
    let width = t
        .rows
        .iter()
        .map(|r| r.iter().map(|c| c.span).sum::<usize>())
        .max()
        .unwrap_or(0)
        .min(64);
    if width == 0 {
        return String::new();
    }
    let mut grid: Vec<Vec<String>> = vec![];
    for row in &t.rows {
        let mut line = vec![String::new(); width];
        let mut col = 0;
        for c in row {
            if col >= width {
                break;
            }
            line[col] = match c.merge {
                // Covered by the cell above: its text again, so the row reads alone.
                Merge::Continue => grid.last().map(|g| g[col].clone()).unwrap_or_default(),
                _ => cell_text(c),
            };
            col += c.span.max(1);
        }
        grid.push(line);
    }
    let mut out = String::new();
    for (i, line) in grid.iter().enumerate() {
        out.push_str("| ");
        out.push_str(&line.join(" | "));
        out.push_str(" |\n");
        if i == 0 {
            out.push_str(&format!("|{}\n", " --- |".repeat(width)));
        }
    }
    out
}

/// Which blocks go into the body, and how.
#[derive(Debug, Default, Clone, Copy)]
pub struct Layout<'a> {
    /// The first block of the body (after the title).
    pub start: usize,
    /// Blocks left out (the 文号 line).
    pub skip: &'a [usize],
    /// Blocks that are plain text, never headings (附件说明, 署名, 版记).
    pub plain: &'a [usize],
    /// `image_names[i]`: the file name the i-th image was saved under.
    pub image_names: &'a [String],
}

/// The body as Markdown.
pub fn markdown(blocks: &[Block], layout: Layout) -> String {
    let Layout {
        start,
        skip,
        plain: plain_blocks,
        image_names,
    } = layout;
    let mut out: Vec<String> = vec![];
    let mut in_list = false;
    for (i, b) in blocks.iter().enumerate().skip(start) {
        if skip.contains(&i) {
            continue;
        }
        match b {
            Block::Table(t) => {
                in_list = false;
                let s = table(t);
                if !s.is_empty() {
                    out.push(s.trim_end().to_string());
                }
            }
            Block::Para(p) => {
                for &img in &p.images {
                    if let Some(name) = image_names.get(img) {
                        out.push(format!("![图{}]({name})", img + 1));
                    }
                }
                let plain = p.text();
                let text = inline(p);
                if text.is_empty() {
                    continue;
                }
                if p.numbered {
                    // Word's own numbering: a list, numbered again by Markdown.
                    let item = format!("1. {text}");
                    if in_list {
                        if let Some(last) = out.last_mut() {
                            last.push('\n');
                            last.push_str(&item);
                        }
                    } else {
                        out.push(item);
                    }
                    in_list = true;
                    continue;
                }
                in_list = false;
                let t = trim(&plain);
                if plain_blocks.contains(&i) {
                    out.push(text);
                } else if let Some(level) = heading_level(t) {
                    out.push(format!("{} {}", "#".repeat(level), escape(t)));
                } else if let Some(end) = article_number(t) {
                    out.push(format!("**{}** {}", &t[..end], escape(trim(&t[end..]))));
                } else {
                    out.push(text);
                }
            }
        }
    }
    let mut s = out.join("\n\n");
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::super::read::Run;
    use super::*;

    fn para(text: &str) -> Block {
        Block::Para(Para {
            runs: vec![Run {
                text: text.into(),
                bold: false,
            }],
            ..Para::default()
        })
    }

    #[test]
    fn heading_levels_in_order() {
        assert_eq!(heading_level("一、总体要求"), Some(2));
        assert_eq!(heading_level("（一）压实工作责任。"), Some(3));
        assert_eq!(heading_level("1．校园周边环境整治"), Some(4));
        assert_eq!(heading_level("2. 工作安排"), Some(4));
        assert_eq!(heading_level("第一章　总则"), Some(3));
        assert_eq!(heading_level("1.5万元用于补助。"), None);
        assert_eq!(
            heading_level("（1）交通安全。县公安局要在上下学时段加强疏导。"),
            None
        );
        assert_eq!(
            heading_level(
                "（一）压实工作责任。各乡镇人民政府要落实属地管理责任，县教育局要落实行业监管责任。"
            ),
            None
        );
        assert_eq!(heading_level("一、"), None);
    }

    #[test]
    fn markdown_syntax_in_word_text_is_escaped() {
        assert_eq!(escape("1. 不是列表"), "1\\. 不是列表");
        assert_eq!(escape("# 不是标题"), "\\# 不是标题");
        assert_eq!(escape("<script>x</script>"), "\\<script\\>x\\</script\\>");
        assert_eq!(escape("[链接](http://x)"), "\\[链接\\](http://x)");
        let html = crate::markdown::render(
            &markdown(&[para("<b>粗</b> *斜* 1. 项")], Layout::default()),
            &|_| None,
        )
        .html;
        assert!(
            !html.contains("<b>") && !html.contains("<em>") && !html.contains("<ol>"),
            "{html}"
        );
    }

    #[test]
    fn merged_cells_stay_readable() {
        let c = |t: &str, span, merge| Cell {
            text: t.into(),
            span,
            merge,
        };
        let t = Table {
            rows: vec![
                vec![
                    c("序号", 1, Merge::None),
                    c("任务", 1, Merge::None),
                    c("责任单位", 1, Merge::None),
                ],
                vec![
                    c("1", 1, Merge::None),
                    c("清理垃圾", 1, Merge::None),
                    c("各村（社区）", 1, Merge::Restart),
                ],
                vec![
                    c("2", 1, Merge::None),
                    c("整治庭院", 1, Merge::None),
                    c("", 1, Merge::Continue),
                ],
                vec![c("3", 1, Merge::None), c("长效管护", 2, Merge::None)],
            ],
        };
        assert_eq!(
            table(&t),
            "| 序号 | 任务 | 责任单位 |\n| --- | --- | --- |\n| 1 | 清理垃圾 | 各村（社区） |\n| 2 | 整治庭院 | 各村（社区） |\n| 3 | 长效管护 |  |\n"
        );
    }

    #[test]
    fn articles_bold_and_headings() {
        let md = markdown(
            &[
                para("一、总体要求"),
                para("　　第三条　本办法自发布之日起施行。"),
                para("2．责任清单"),
            ],
            Layout {
                plain: &[2],
                ..Layout::default()
            },
        );
        assert_eq!(
            md,
            "## 一、总体要求\n\n**第三条** 本办法自发布之日起施行。\n\n2．责任清单\n"
        );
    }
}
