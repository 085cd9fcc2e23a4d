//! Markdown bodies: pulldown-cmark with tables, footnotes and heading anchors.
//!
//! Links to other documents may be written as their source files
//! (`../gfxwj/2026-wjbjy.md`); they are rewritten to the pages' URLs by the caller's
//! resolver, so editors link the way their editor previews.

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};
use std::collections::HashSet;

pub struct Rendered {
    pub html: String,
    pub text: String,
    /// Relative links (without scheme) as written, for link checks.
    pub links: Vec<String>,
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
    let mut events: Vec<Event> = Parser::new_ext(source, options()).collect();
    let mut text = String::new();
    let mut links = vec![];
    let mut used_ids = HashSet::new();

    // Heading anchors: collect each heading's text to derive its id.
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }) = &events[i]
        {
            let mut title = String::new();
            let mut j = i + 1;
            while j < events.len() && !matches!(events[j], Event::End(TagEnd::Heading(_))) {
                if let Event::Text(t) | Event::Code(t) = &events[j] {
                    title.push_str(t);
                }
                j += 1;
            }
            let anchor = match id {
                Some(id) => id.to_string(),
                None => unique(anchor_id(&title), &mut used_ids),
            };
            let (level, classes, attrs): (HeadingLevel, _, _) =
                (*level, classes.clone(), attrs.clone());
            events[i] = Event::Start(Tag::Heading {
                level,
                id: Some(CowStr::from(anchor)),
                classes,
                attrs,
            });
        }
        i += 1;
    }

    for ev in events.iter_mut() {
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
    html::push_html(&mut out, events.into_iter());
    Rendered {
        html: out,
        text: collapse_blank_lines(&text),
        links,
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
}
