//! Raw HTML written in Markdown: the allowlist it is published through.
//!
//! Markdown lets an editor paste HTML, and a pasted `<script src="note.txt">`,
//! `<img onerror=…>`, `<a href="javascript:…">` or `<meta http-equiv="refresh">` would
//! run in residents' browsers or send them elsewhere. The page's Content-Security-Policy
//! catches some of it, not all (a document's own `.txt` attachment is `'self'`). So the
//! HTML of a body that holds raw HTML goes through ammonia with the allowlist below;
//! everything else — script, style, frames, objects, forms, meta, base, link, event
//! attributes, `style` (except a table cell's `text-align`), URLs other than http(s),
//! mailto, tel and relative ones — is removed. [`removals`] says, for one raw fragment,
//! what the sanitiser takes out of it, so that the editor gets a warning at its line.

use ammonia::Builder;
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

/// Elements content may use: what the Markdown renderer writes, plus the inline and
/// block formatting editors paste from word processors.
pub const ALLOWED_TAGS: &[&str] = &[
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "caption",
    "cite",
    "code",
    "col",
    "colgroup",
    "dd",
    "del",
    "details",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "input",
    "ins",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "q",
    "rp",
    "rt",
    "ruby",
    "s",
    "samp",
    "small",
    "span",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "u",
    "ul",
    "var",
    "wbr",
];

/// Elements removed together with what they hold: their content is code, a
/// document of its own or a form, never text for residents.
const REMOVED_WITH_CONTENT: &[&str] = &[
    "script", "style", "template", "noscript", "iframe", "frame", "frameset", "object", "embed",
    "applet", "form", "select", "textarea", "button", "svg", "math", "noembed", "noframes", "xmp",
    "title", "head",
];

/// Attributes on any allowed element (`class` for the theme's styles inside bodies,
/// `id` for heading anchors and footnotes).
const GENERIC_ATTRIBUTES: &[&str] = &["class", "id", "title", "lang"];

/// Attributes of particular elements.
const TAG_ATTRIBUTES: &[(&str, &[&str])] = &[
    ("a", &["href"]),
    ("img", &["src", "alt", "width", "height"]),
    ("ol", &["start"]),
    ("td", &["colspan", "rowspan", "style", "align"]),
    ("th", &["colspan", "rowspan", "style", "align", "scope"]),
    ("col", &["span"]),
    ("colgroup", &["span"]),
    ("details", &["open"]),
    ("blockquote", &["cite"]),
    ("q", &["cite"]),
    ("del", &["cite"]),
    ("ins", &["cite"]),
    // Task-list items of the Markdown renderer.
    ("input", &["type", "checked", "disabled"]),
];

/// URL schemes a link or image may use; relative URLs are kept as written.
pub const URL_SCHEMES: &[&str] = &["http", "https", "mailto", "tel"];

/// Attributes that hold a URL.
const URL_ATTRIBUTES: &[&str] = &["href", "src", "cite"];

static SANITIZER: LazyLock<Builder<'static>> = LazyLock::new(|| {
    let mut b = Builder::empty();
    let tag_attributes: HashMap<&str, HashSet<&str>> = TAG_ATTRIBUTES
        .iter()
        .map(|(t, a)| (*t, a.iter().copied().collect()))
        .collect();
    b.tags(ALLOWED_TAGS.iter().copied().collect())
        .clean_content_tags(REMOVED_WITH_CONTENT.iter().copied().collect())
        .generic_attributes(GENERIC_ATTRIBUTES.iter().copied().collect())
        .tag_attributes(tag_attributes)
        .url_schemes(URL_SCHEMES.iter().copied().collect())
        .url_relative(ammonia::UrlRelative::PassThrough)
        // The Markdown renderer's alignment is the only style content keeps.
        .filter_style_properties(["text-align"].into_iter().collect())
        .link_rel(None)
        .strip_comments(true)
        .attribute_filter(|element, attribute, value| match (element, attribute) {
            // A checkbox shows a task's state; any other input asks for data.
            ("input", "type") => (value == "checkbox").then(|| value.into()),
            _ => Some(value.into()),
        });
    b
});

/// The HTML with everything outside the allowlist removed.
pub fn clean(html: &str) -> String {
    SANITIZER.clean(html).to_string()
}

/// Whether a URL may be published: relative, or with an allowed scheme.
pub fn safe_url(url: &str) -> bool {
    match scheme(url) {
        None => true,
        Some(s) => URL_SCHEMES.contains(&s.as_str()),
    }
}

/// The scheme of a URL as a browser reads it (tabs, newlines and controls inside it are
/// ignored, case folded), or `None` for a relative URL.
pub fn scheme(url: &str) -> Option<String> {
    let cleaned: String = url
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let end = cleaned.find(':')?;
    let head = &cleaned[..end];
    let is_scheme = head.starts_with(|c: char| c.is_ascii_alphabetic())
        && head
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    is_scheme.then(|| head.to_ascii_lowercase())
}

/// What the sanitiser removes from one raw fragment, in words for the editor
/// (`<script> 元素`, `onerror 事件属性` …), each named once.
pub fn removals(fragment: &str) -> Vec<String> {
    let sink = Removals::default();
    tokenize(fragment, sink).found.into_inner()
}

#[derive(Default)]
struct Removals {
    found: RefCell<Vec<String>>,
}

impl Removals {
    fn note(&self, what: String) {
        let mut found = self.found.borrow_mut();
        if !found.contains(&what) {
            found.push(what);
        }
    }
}

impl TokenSink for Removals {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let Token::TagToken(tag) = token else {
            return TokenSinkResult::Continue;
        };
        if tag.kind != TagKind::StartTag {
            return TokenSinkResult::Continue;
        }
        let name: &str = &tag.name;
        if !ALLOWED_TAGS.contains(&name) {
            self.note(format!("<{name}> 元素"));
            return TokenSinkResult::Continue;
        }
        let own = TAG_ATTRIBUTES
            .iter()
            .find(|(t, _)| *t == name)
            .map(|(_, a)| *a)
            .unwrap_or(&[]);
        for attr in &tag.attrs {
            let a: &str = &attr.name.local;
            let value: &str = &attr.value;
            if a.starts_with("on") {
                self.note(format!("{a} 事件属性"));
            } else if !GENERIC_ATTRIBUTES.contains(&a) && !own.contains(&a) {
                self.note(format!("<{name}> 的 {a} 属性"));
            } else if URL_ATTRIBUTES.contains(&a) && !safe_url(value) {
                let s = scheme(value).unwrap_or_default();
                self.note(format!("{s}: 链接"));
            } else if a == "type" && name == "input" && value != "checkbox" {
                self.note(format!("<input type=\"{value}\"> 输入框"));
            } else if a == "style" && !only_text_align(value) {
                self.note(format!("<{name}> 的 style 样式"));
            }
        }
        TokenSinkResult::Continue
    }
}

fn only_text_align(style: &str) -> bool {
    style
        .split(';')
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .all(|d| {
            d.split(':')
                .next()
                .is_some_and(|p| p.trim().eq_ignore_ascii_case("text-align"))
        })
}

/// Runs the HTML tokenizer over `html` into `sink` and gives the sink back.
pub fn tokenize<S: TokenSink>(html: &str, sink: S) -> S {
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    let tok = Tokenizer::new(sink, TokenizerOpts::default());
    let _ = tok.feed(&input);
    tok.end();
    tok.sink
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_handlers_and_redirects_are_removed() {
        let dirty = concat!(
            "<p>正文<script src=\"note.txt\"></script>",
            "<img src=\"files/a.png\" onerror=\"alert(1)\" alt=\"图\">",
            "<a href=\"javascript:alert(1)\">点此</a>",
            "<a href=\" JaVa\tScRiPt:alert(1)\">二</a>",
            "<a href=\"data:text/html,x\">三</a>",
            "<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example/\">",
            "<iframe src=\"https://evil.example/\"></iframe>",
            "<form action=\"https://evil.example/\"><input name=\"sfz\"></form>",
            "<svg><script>alert(1)</script></svg>",
            "<base href=\"https://evil.example/\">",
            "<link rel=\"stylesheet\" href=\"x.css\">",
            "<style>body{display:none}</style>",
            "<span style=\"position:fixed\">浮层</span></p>",
        );
        let clean = clean(dirty);
        for bad in [
            "script",
            "onerror",
            "javascript",
            "JaVa",
            "data:",
            "meta",
            "refresh",
            "iframe",
            "form",
            "<input",
            "svg",
            "base",
            "link",
            "<style",
            "style=",
            "evil",
        ] {
            assert!(!clean.contains(bad), "{bad} in {clean}");
        }
        assert!(clean.contains("正文"));
        assert!(
            clean.contains("<img src=\"files/a.png\" alt=\"图\">"),
            "{clean}"
        );
        assert!(clean.contains("浮层"));
    }

    #[test]
    fn what_the_renderer_writes_is_kept() {
        for kept in [
            "<table><thead><tr><th style=\"text-align: right\">金额</th></tr></thead></table>",
            "<h2 id=\"一总体要求\" class=\"note\">一、总体要求</h2>",
            "<sup class=\"footnote-reference\"><a href=\"#1\">1</a></sup>",
            "<div class=\"footnote-definition\" id=\"1\"><sup class=\"footnote-definition-label\">1</sup></div>",
            "<a href=\"https://www.gov.cn/\" title=\"中国政府网\">官网</a>",
            "<a href=\"mailto:xxgk@example.gov.cn\">邮箱</a>",
            "<a href=\"tel:0999-7654321\">电话</a>",
            "<a href=\"../gfxwj/a/\">办法</a>",
            "<ol start=\"3\"><li>三</li></ol>",
        ] {
            let c = clean(kept);
            let same = c == kept || c.replace("text-align:right", "text-align: right") == kept;
            assert!(same, "{kept} → {c}");
        }
        assert!(clean("<input disabled=\"\" type=\"checkbox\">").contains("checkbox"));
        assert!(!clean("<input type=\"text\">").contains("text"));
    }

    #[test]
    fn removals_name_what_is_taken_out() {
        assert_eq!(
            removals("<img src=x onerror=alert(1)><a href='javascript:x'>a</a>"),
            ["onerror 事件属性", "javascript: 链接"]
        );
        assert_eq!(removals("<script src=\"note.txt\">"), ["<script> 元素"]);
        assert_eq!(
            removals("<meta http-equiv=\"refresh\" content=\"0;url=https://x/\">"),
            ["<meta> 元素"]
        );
        assert!(removals("<span class=\"x\">甲</span><br>").is_empty());
        assert!(removals("<td style=\"text-align: center\">").is_empty());
        assert_eq!(
            removals("<td style=\"color: red\">"),
            ["<td> 的 style 样式"]
        );
    }

    #[test]
    fn schemes() {
        assert!(safe_url("../a.md"));
        assert!(safe_url("files/a.pdf#page=2"));
        assert!(safe_url("https://www.gov.cn/"));
        assert!(safe_url("/xxgk/a/?q=1:2"));
        assert!(!safe_url("javascript:alert(1)"));
        assert!(!safe_url("  JAVA\nSCRIPT:alert(1)"));
        assert!(!safe_url("vbscript:x"));
        assert!(!safe_url("data:text/html;base64,xx"));
    }
}
