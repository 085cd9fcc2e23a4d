//! Markdown bodies: pulldown-cmark with tables, footnotes and heading anchors.
//!
//! Links to other documents may be written as their source files
//! (`../gfxwj/2026-wjbjy.md`); they are rewritten to the pages' URLs by the caller's
//! resolver, so editors link the way their editor previews.

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::raw_html;
use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};
use std::collections::HashSet;
use std::ops::Range;

pub struct Rendered {
    pub html: String,
    pub text: String,
    /// Relative links (without scheme) as written, for link checks.
    pub links: Vec<String>,
    /// What the HTML allowlist took out, at its line of `source` (1-based).
    pub removed: Vec<Removed>,
}

/// Markup the allowlist removed from a body (see [`crate::raw_html`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Removed {
    /// 1-based line within the Markdown source.
    pub line: usize,
    pub what: Vec<String>,
}

/// One top-level block as published: its first source line and its HTML (sanitised
/// like the page), for the personal-data screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub line: usize,
    pub html: String,
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_TASKLISTS
}

/// Renders Markdown; `resolve` maps a relative link target to the URL to emit.
pub fn render(source: &str, resolve: &dyn Fn(&str) -> Option<String>) -> Rendered {
    let mut prepared = prepare(source);
    let mut text = String::new();
    let mut links = vec![];

    for (ev, _) in prepared.events.iter_mut() {
        match ev {
            Event::Text(t) | Event::Code(t) => {
                text.push_str(t);
            }
            Event::SoftBreak | Event::HardBreak => text.push('\n'),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::TableRow
                | TagEnd::TableCell,
            ) => {
                text.push('\n');
            }
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                let dest = dest_url.to_string();
                if is_relative(&dest) {
                    links.push(dest.clone());
                    if let Some(url) = resolve(&dest) {
                        *dest_url = CowStr::from(url);
                    }
                }
            }
            _ => {}
        }
    }

    let mut out = String::with_capacity(source.len() * 3 / 2);
    html::push_html(&mut out, prepared.events.into_iter().map(|(e, _)| e));
    // Pages without raw HTML are exactly what the renderer wrote; it escapes all text
    // and their URLs and attributes were filtered in `prepare`.
    if prepared.has_raw_html {
        out = raw_html::clean(&out);
        // The text (search, feed) is what the page shows: not the content of a
        // <script> the renderer saw as text between inline tags.
        text = crate::visible::text(&out);
    }
    Rendered {
        html: out,
        text: collapse_blank_lines(&text),
        links,
        removed: prepared.removed,
    }
}

/// The published HTML of each top-level block of `source`, sanitised as on the page.
pub fn blocks(source: &str) -> Vec<Block> {
    let prepared = prepare(source);
    let lines = LineIndex::new(source);
    let mut out = vec![];
    let mut depth = 0usize;
    let mut current: Vec<Event> = vec![];
    let mut start = 0;
    let mut raw = false;
    for (ev, range) in prepared.events {
        if depth == 0 {
            start = range.start;
            raw = false;
        }
        match &ev {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            Event::Html(_) | Event::InlineHtml(_) => raw = true,
            _ => {}
        }
        current.push(ev);
        if depth == 0 {
            let mut html = String::new();
            html::push_html(&mut html, current.drain(..));
            if raw {
                html = raw_html::clean(&html);
            }
            out.push(Block {
                line: lines.line(start),
                html,
            });
        }
    }
    out
}

/// Reports what the allowlist removed as warnings; `first_line` is the file's line
/// on which the Markdown source starts.
pub fn report_removed(file: &str, first_line: usize, removed: &[Removed], diags: &mut Diagnostics) {
    for r in removed {
        diags.push(
            Diagnostic::warning(
                "unsafe-html",
                file,
                first_line + r.line - 1,
                format!(
                    "正文中的 HTML 含不允许发布的内容，已删除：{}",
                    r.what.join("、")
                ),
            )
            .hint("正文只用 Markdown 和常用排版标签；不能写脚本、样式、iframe、表单、meta、base、on… 事件属性，链接只能是 http(s)、mailto、tel 或相对地址"),
        );
    }
}

/// The 1-based line of the file on which `part`, a slice of `text`, starts.
pub fn line_of_slice(text: &str, part: &str) -> usize {
    let offset = (part.as_ptr() as usize)
        .checked_sub(text.as_ptr() as usize)
        .filter(|o| *o <= text.len())
        .unwrap_or(0);
    text.as_bytes()[..offset]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1
}

struct Prepared<'a> {
    events: Vec<(Event<'a>, Range<usize>)>,
    has_raw_html: bool,
    removed: Vec<Removed>,
}

/// Parses `source` and makes its events safe to publish: heading anchors, attributes
/// of headings (`{onclick=…}`) dropped, link and image URLs with a scheme outside
/// the allowlist emptied, and what raw HTML will lose noted at its line.
fn prepare(source: &str) -> Prepared<'_> {
    let mut events: Vec<(Event, Range<usize>)> = Parser::new_ext(source, options())
        .into_offset_iter()
        .collect();
    let lines = LineIndex::new(source);
    let mut used_ids = HashSet::new();
    let mut removed: Vec<Removed> = vec![];
    let mut has_raw_html = false;
    let mut note = |offset: usize, what: Vec<String>| {
        if what.is_empty() {
            return;
        }
        let line = lines.line(offset);
        match removed.last_mut() {
            Some(r) if r.line == line => {
                for w in what {
                    if !r.what.contains(&w) {
                        r.what.push(w);
                    }
                }
            }
            _ => removed.push(Removed { line, what }),
        }
    };

    let mut i = 0;
    while i < events.len() {
        let offset = events[i].1.start;
        if matches!(events[i].0, Event::Start(Tag::Heading { .. })) {
            // Heading anchors: the heading's text gives its id.
            let mut title = String::new();
            let mut j = i + 1;
            while j < events.len() && !matches!(events[j].0, Event::End(TagEnd::Heading(_))) {
                if let Event::Text(t) | Event::Code(t) = &events[j].0 {
                    title.push_str(t);
                }
                j += 1;
            }
            if let Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) = &events[i].0
            {
                let anchor = match id {
                    Some(id) => id.to_string(),
                    None => unique(anchor_id(&title), &mut used_ids),
                };
                let dropped: Vec<String> = attrs
                    .iter()
                    .map(|(k, _)| format!("标题的 {k} 属性"))
                    .collect();
                let (level, classes): (HeadingLevel, _) = (*level, classes.clone());
                events[i].0 = Event::Start(Tag::Heading {
                    level,
                    id: Some(CowStr::from(anchor)),
                    classes,
                    attrs: vec![],
                });
                note(offset, dropped);
            }
        }
        match &mut events[i].0 {
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. })
                if !raw_html::safe_url(dest_url) =>
            {
                let scheme = raw_html::scheme(dest_url).unwrap_or_default();
                *dest_url = CowStr::from("");
                note(offset, vec![format!("{scheme}: 链接")]);
            }
            Event::Html(h) | Event::InlineHtml(h) => {
                has_raw_html = true;
                note(offset, raw_html::removals(h));
            }
            _ => {}
        }
        i += 1;
    }
    Prepared {
        events,
        has_raw_html,
        removed,
    }
}

/// Byte offset → 1-based line.
struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { starts }
    }

    fn line(&self, offset: usize) -> usize {
        self.starts.partition_point(|s| *s <= offset).max(1)
    }
}

fn is_relative(dest: &str) -> bool {
    !(dest.contains("://")
        || dest.starts_with("mailto:")
        || dest.starts_with("tel:")
        || dest.starts_with('#')
        || dest.is_empty())
}

/// An id for a heading: its text with spaces as `-` and punctuation dropped, so
/// Chinese headings keep readable anchors (`#一总体要求`).
pub fn anchor_id(title: &str) -> String {
    let mut id = String::new();
    for c in title.trim().chars() {
        if c.is_alphanumeric() {
            id.extend(c.to_lowercase());
        } else if (c.is_whitespace() || c == '-' || c == '_') && !id.ends_with('-') {
            id.push('-');
        }
    }
    let id = id.trim_matches('-').to_string();
    if id.is_empty() { "section".into() } else { id }
}

fn unique(base: String, used: &mut HashSet<String>) -> String {
    let mut id = base.clone();
    let mut n = 1;
    while !used.insert(id.clone()) {
        n += 1;
        id = format!("{base}-{n}");
    }
    id
}

fn collapse_blank_lines(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for line in s.lines().map(str::trim).filter(|l| !l.is_empty()) {
        out.push_str(line);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn none(_: &str) -> Option<String> {
        None
    }

    #[test]
    fn tables_footnotes_and_anchors() {
        let r = render(
            "## 一、总体要求\n\n正文[^1]\n\n| 项目 | 金额 |\n|---|---:|\n| 补贴 | 1,000 |\n\n[^1]: 注释\n\n## 一、总体要求\n",
            &none,
        );
        assert!(r.html.contains("<h2 id=\"一总体要求\">"), "{}", r.html);
        assert!(r.html.contains("<h2 id=\"一总体要求-2\">"));
        assert!(r.html.contains("<table>"));
        assert!(r.html.contains("footnote"));
        assert!(r.text.contains("补贴"));
    }

    #[test]
    fn relative_links_are_resolved_and_collected() {
        let r = render(
            "见[办法](../gfxwj/a.md)和[官网](https://www.gov.cn/)",
            &|d| (d == "../gfxwj/a.md").then(|| "/x/a/".to_string()),
        );
        assert!(r.html.contains("href=\"/x/a/\""));
        assert!(r.html.contains("href=\"https://www.gov.cn/\""));
        assert_eq!(r.links, ["../gfxwj/a.md"]);
    }

    #[test]
    fn raw_text_is_plain() {
        let r = render("**加粗**与`代码`\n\n- 一\n- 二", &none);
        assert_eq!(r.text, "加粗与代码\n一\n二\n");
    }

    #[test]
    fn raw_html_is_sanitised_and_each_removal_is_at_its_line() {
        let src = "# 标题 {onclick=alert(1)}\n\n正文<img src=\"a.png\" onerror=\"alert(1)\">\n\n[点此](javascript:alert(1))\n\n<script src=\"note.txt\"></script>\n<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example/\">\n";
        let r = render(src, &none);
        for bad in [
            "onclick",
            "onerror",
            "javascript",
            "script",
            "refresh",
            "evil",
        ] {
            assert!(!r.html.contains(bad), "{bad}: {}", r.html);
        }
        assert!(r.html.contains("<img src=\"a.png\">"), "{}", r.html);
        let lines: Vec<usize> = r.removed.iter().map(|x| x.line).collect();
        assert_eq!(lines, [1, 3, 5, 7, 8], "{:?}", r.removed);
        assert_eq!(r.removed[0].what, ["标题的 onclick 属性"]);
        assert_eq!(r.removed[2].what, ["javascript: 链接"]);
        assert_eq!(r.removed[4].what, ["<meta> 元素"]);
    }

    #[test]
    fn without_raw_html_the_renderer_output_is_unchanged() {
        let src = "段落一\n第二行  \n硬换行\n\n---\n\n![图](a.png \"说明\")\n\n- [x] 完成\n";
        let mut plain = String::new();
        html::push_html(&mut plain, Parser::new_ext(src, options()));
        assert_eq!(render(src, &none).html, plain);
        assert!(render(src, &none).removed.is_empty());
    }

    #[test]
    fn blocks_carry_their_first_line() {
        let b = blocks(
            "甲\n乙\n\n| 姓名 | 电话 |\n|---|---|\n| 张三 | 138 |\n\n<p onclick=\"x\">丙</p>\n",
        );
        let lines: Vec<usize> = b.iter().map(|b| b.line).collect();
        assert_eq!(lines, [1, 4, 8]);
        assert!(b[1].html.contains("<td>张三</td>"));
        assert_eq!(b[2].html.trim(), "<p>丙</p>");
    }
}
