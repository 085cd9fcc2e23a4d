//! What the preview adds to an HTML page as it serves it — never to built files: the
//! reload script and the banner style in `<head>`, and, while the latest edit does not
//! build, a banner listing its errors as `file:line` at the top of `<body>`.

use super::reload::{SCRIPT_PATH, STYLE_PATH};
use crate::diagnostics::Diagnostic;
use crate::render::theme::escape_html;

/// Errors listed in the banner; the terminal has them all.
const BANNER_ERRORS: usize = 20;

pub fn preview(html: &str, errors: &[Diagnostic]) -> String {
    let mut out = allow_in_csp_meta(html);
    let tags = format!(
        "<link rel=\"stylesheet\" href=\"{STYLE_PATH}\"><script src=\"{SCRIPT_PATH}\" defer></script>"
    );
    let head_end = find_ci(&out, "</head>").unwrap_or(0);
    out.insert_str(head_end, &tags);
    if !errors.is_empty() {
        let at = find_ci(&out, "<body")
            .and_then(|i| out[i..].find('>').map(|j| i + j + 1))
            .unwrap_or(head_end + tags.len());
        out.insert_str(at, &banner(errors));
    }
    out
}

/// A page standing in for the site while no build has succeeded yet.
pub fn error_page(errors: &[Diagnostic]) -> String {
    preview(
        "<!doctype html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>预览暂不可用 - xxgk serve</title></head><body><main><p>站点还没有生成成功过：改正上面的错误后，本页会自动刷新。</p></main></body></html>\n",
        errors,
    )
}

fn banner(errors: &[Diagnostic]) -> String {
    let mut out = format!(
        "<div class=\"xxgk-preview-errors\" role=\"alert\"><strong>预览未更新：</strong>发现 {} 个错误，下面仍是上次成功生成的页面；改正后自动刷新。<ol>",
        errors.len()
    );
    for d in errors.iter().take(BANNER_ERRORS) {
        out.push_str(&format!(
            "<li><code>{}:{}</code> {}",
            escape_html(&d.file),
            d.line.max(1),
            escape_html(&d.message)
        ));
        if let Some(h) = &d.hint {
            out.push_str(&format!(
                "<span class=\"hint\">提示：{}</span>",
                escape_html(h)
            ));
        }
        out.push_str("</li>");
    }
    if errors.len() > BANNER_ERRORS {
        out.push_str(&format!(
            "<li>另有 {} 个错误，见终端输出</li>",
            errors.len() - BANNER_ERRORS
        ));
    }
    out.push_str("</ol></div>");
    out
}

/// ASCII-case-insensitive search (tags may be written in capitals).
fn find_ci(hay: &str, needle: &str) -> Option<usize> {
    let n = needle.len();
    hay.as_bytes()
        .windows(n)
        .position(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

/// Rewrites a `<meta http-equiv="Content-Security-Policy">` so that it lets the preview's
/// own script, style and event stream through; other pages pass unchanged.
fn allow_in_csp_meta(html: &str) -> String {
    let Some(at) = find_ci(html, "http-equiv=\"content-security-policy\"") else {
        return html.to_string();
    };
    let tag_start = html[..at].rfind('<').unwrap_or(at);
    let Some(tag_len) = html[tag_start..].find('>') else {
        return html.to_string();
    };
    let tag = &html[tag_start..tag_start + tag_len];
    let Some(c) = find_ci(tag, "content=\"") else {
        return html.to_string();
    };
    let value_start = tag_start + c + "content=\"".len();
    let Some(value_len) = html[value_start..].find('"') else {
        return html.to_string();
    };
    let value = &html[value_start..value_start + value_len];
    format!(
        "{}{}{}",
        &html[..value_start],
        allow_self(value),
        &html[value_start + value_len..]
    )
}

/// Makes a policy allow `'self'` for scripts, styles and connections.
pub fn allow_self(policy: &str) -> String {
    let mut directives: Vec<Vec<String>> = policy
        .split(';')
        .map(|d| d.split_whitespace().map(str::to_string).collect::<Vec<_>>())
        .filter(|d| !d.is_empty())
        .collect();
    let allows = |d: &[String]| d[1..].iter().any(|s| s == "'self'" || s == "*");
    let default_allows = directives
        .iter()
        .find(|d| d[0].eq_ignore_ascii_case("default-src"))
        .is_none_or(|d| allows(d));
    for name in ["script-src", "style-src", "connect-src"] {
        match directives
            .iter_mut()
            .find(|d| d[0].eq_ignore_ascii_case(name))
        {
            Some(d) if !allows(d) => {
                d.retain(|s| s != "'none'");
                d.push("'self'".into());
            }
            Some(_) => {}
            None if !default_allows => directives.push(vec![name.into(), "'self'".into()]),
            None => {}
        }
    }
    directives
        .iter()
        .map(|d| d.join(" "))
        .collect::<Vec<_>>()
        .join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "<!doctype html>\n<html lang=\"zh-CN\">\n<head>\n<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'; script-src 'self'\">\n<title>政策文件</title>\n</head>\n<body data-base=\"/\">\n<main>正文</main>\n</body>\n</html>\n";

    #[test]
    fn the_script_goes_into_the_head() {
        let out = preview(PAGE, &[]);
        let script = out
            .find("<script src=\"/__xxgk/reload.js\" defer></script>")
            .unwrap();
        assert!(script < out.find("</head>").unwrap());
        assert!(
            !out.contains("xxgk-preview-errors\""),
            "no banner without errors"
        );
        // A policy that already allows 'self' is left as written.
        assert!(out.contains("content=\"default-src 'self'; script-src 'self'\""));
    }

    #[test]
    fn errors_show_as_a_banner_with_file_and_line() {
        let e = Diagnostic::error(
            "missing-field",
            "content/zcwj/a.md",
            3,
            "缺少必填字段 标题 <title>",
        )
        .hint("在元数据中加一行 标题: …");
        let out = preview(PAGE, &[e]);
        let banner = out.find("<div class=\"xxgk-preview-errors\"").unwrap();
        assert!(banner > out.find("<body data-base=\"/\">").unwrap());
        assert!(banner < out.find("<main>").unwrap());
        assert!(out.contains("<code>content/zcwj/a.md:3</code> 缺少必填字段 标题 &lt;title&gt;"));
        assert!(out.contains("提示：在元数据中加一行 标题: …"));
    }

    #[test]
    fn strict_policies_let_the_preview_through() {
        assert_eq!(
            allow_self("default-src 'none'; script-src 'none'; img-src data:"),
            "default-src 'none'; script-src 'self'; img-src data:; style-src 'self'; connect-src 'self'"
        );
        assert_eq!(
            allow_self("default-src 'self'; script-src https://cdn.example.cn"),
            "default-src 'self'; script-src https://cdn.example.cn 'self'"
        );
        let page = PAGE.replace("script-src 'self'", "script-src 'none'");
        assert!(preview(&page, &[]).contains("script-src 'self'\">"));
    }

    #[test]
    fn pages_without_head_or_policy_still_get_the_script() {
        let out = preview("<p>片段</p>", &[]);
        assert!(out.starts_with("<link rel=\"stylesheet\" href=\"/__xxgk/preview.css\">"));
        let err = error_page(&[Diagnostic::error(
            "template",
            "templates/base.html",
            0,
            "模板有误",
        )]);
        assert!(err.contains("<code>templates/base.html:1</code>"));
        assert!(err.contains(SCRIPT_PATH));
    }
}
