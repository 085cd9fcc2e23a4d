//! 指南更新与失效清理: the 政府信息公开指南 exists and is reviewed every year;
//! pinned guides are kept current (seed 000: 确保静态指南今年保持更新并置顶); expired
//! documents do not pass as current or stay pinned (seed 000: 失效文件及时删除、及时
//! 清理失效信息).

use super::{Area, Context, Finding, Rule};
use crate::dates::chinese;
use crate::diagnostics::Severity;
use crate::model::{Document, Kind, Validity};
use chrono::{Datelike, Months, NaiveDate};
use std::collections::BTreeMap;
use unicode_normalization::UnicodeNormalization;

pub const GUIDE_MISSING: Rule = Rule {
    name: "guide-missing",
    area: Area::Maintenance,
    severity: Severity::Error,
    blocking: false,
    build: false,
    summary: "没有发布政府信息公开指南",
    source: "《政府信息公开条例》第十二条：编制、公布政府信息公开指南",
    check: guide_missing,
};

pub const GUIDE_STALE: Rule = Rule {
    name: "guide-stale",
    area: Area::Maintenance,
    severity: Severity::Error,
    blocking: false,
    build: false,
    summary: "政府信息公开指南或置顶的办事指南今年没有更新",
    source: "《政府信息公开条例》第十二条：指南及时更新；静态指南当年保持更新并置顶",
    check: guide_stale,
};

pub const GUIDE_NOT_PINNED: Rule = Rule {
    name: "guide-not-pinned",
    area: Area::Maintenance,
    severity: Severity::Warning,
    blocking: false,
    build: false,
    summary: "现行有效的指南没有置顶",
    source: "办事指南分栏目置顶或分类置顶，便于群众查阅",
    check: guide_not_pinned,
};

pub const EXPIRED_STILL_VALID: Rule = Rule {
    name: "expired-still-valid",
    area: Area::Maintenance,
    severity: Severity::Error,
    blocking: false,
    build: false,
    summary: "文件已过正文写明的有效期，或已被其他文件宣布废止，有效性仍为“有效”",
    source: "及时清理失效信息，失效、废止文件不得作为现行有效文件公开",
    check: expired_still_valid,
};

pub const EXPIRED_PINNED: Rule = Rule {
    name: "expired-pinned",
    area: Area::Maintenance,
    severity: Severity::Error,
    blocking: false,
    build: false,
    summary: "已失效或已废止的文件仍然置顶",
    source: "失效文件及时清理",
    check: expired_pinned,
};

const GUIDE_TITLE: &str = "信息公开指南";

/// The 政府信息公开指南 in force: the newest public document so titled.
fn main_guide<'a>(ctx: &'a Context) -> Option<&'a Document> {
    ctx.portal
        .public_documents()
        .filter(|d| d.title.nfkc().collect::<String>().contains(GUIDE_TITLE))
        .max_by(|a, b| a.date.cmp(&b.date).then_with(|| b.source.cmp(&a.source)))
}

fn guide_missing(ctx: &Context) -> Vec<Finding> {
    if main_guide(ctx).is_some() {
        return vec![];
    }
    let (file, line) = ctx
        .portal
        .columns
        .iter()
        .find(|c| c.path == "gkzn" || c.title.contains(GUIDE_TITLE))
        .map(|c| (c.source.clone(), 1))
        .unwrap_or_else(|| ("content".to_string(), 0));
    vec![Finding::new(
        file,
        line,
        "没有发布政府信息公开指南",
        "在 content/gkzn/ 下发布《……政府信息公开指南》（类型: 指南，置顶: 1），写明公开范围、依申请公开程序、受理机构地址、电话和办公时间",
    )]
}

fn is_expired(d: &Document, today: NaiveDate) -> bool {
    matches!(
        d.effective_validity(today),
        Some(Validity::Expired | Validity::Repealed)
    )
}

fn guide_stale(ctx: &Context) -> Vec<Finding> {
    let year = ctx.today.year();
    let mut stale: BTreeMap<usize, &Document> = BTreeMap::new();
    if let Some(g) = main_guide(ctx) {
        stale.insert(g.id, g);
    }
    for d in ctx.portal.public_documents() {
        if d.kind == Kind::Guide && d.active_pin(ctx.today).is_some() && !is_expired(d, ctx.today) {
            stale.insert(d.id, d);
        }
    }
    stale
        .into_values()
        .filter(|d| d.date.year() < year)
        .map(|d| {
            Finding::new(
                &d.source,
                d.line_of("date"),
                format!(
                    "指南《{}》最近一次更新是{}，{year}年尚未更新",
                    d.title,
                    chinese(d.date)
                ),
                "核对指南中的地址、电话、办公时间、办理流程和附件链接，修订后把 发布日期 改为修订之日；已不适用的指南请改 有效性: 失效 并取消置顶",
            )
        })
        .collect()
}

fn guide_not_pinned(ctx: &Context) -> Vec<Finding> {
    ctx.portal
        .public_documents()
        .filter(|d| d.kind == Kind::Guide && !is_expired(d, ctx.today))
        .filter(|d| d.active_pin(ctx.today).is_none())
        .map(|d| {
            Finding::new(
                &d.source,
                d.line_of("title"),
                format!("指南《{}》没有置顶", d.title),
                "在元数据中加一行 置顶: true（或数字，小的在前）；旧版指南请改 有效性: 失效",
            )
        })
        .collect()
}

fn expired_pinned(ctx: &Context) -> Vec<Finding> {
    ctx.portal
        .public_documents()
        .filter(|d| d.active_pin(ctx.today).is_some() && is_expired(d, ctx.today))
        .map(|d| {
            let state = d
                .effective_validity(ctx.today)
                .map(|v| v.zh())
                .unwrap_or("失效");
            Finding::new(
                &d.source,
                d.line_of("pinned"),
                format!("已{state}的《{}》仍然置顶", d.title),
                "删除 置顶 一行，或写 置顶截止: 失效之日",
            )
        })
        .collect()
}

fn expired_still_valid(ctx: &Context) -> Vec<Finding> {
    let mut out = stated_term_passed(ctx);
    out.extend(repealed_elsewhere(ctx));
    out
}

/// "有效期至2025年6月30日" or "自2021年3月1日起施行，有效期5年" in a body whose
/// document has no 失效日期 and still reads 有效.
fn stated_term_passed(ctx: &Context) -> Vec<Finding> {
    let mut out = vec![];
    for d in ctx.portal.public_documents() {
        if d.expires.is_some() || d.effective_validity(ctx.today) != Some(Validity::Valid) {
            continue;
        }
        let Some(text) = d.body.as_ref().map(|b| b.text.as_str()) else {
            continue;
        };
        let Some(end) = stated_end(text, d.written.unwrap_or(d.date)) else {
            continue;
        };
        if end >= ctx.today {
            continue;
        }
        let line = ctx
            .line_containing(&d.source, "有效期", ctx.body_line(&d.source))
            .unwrap_or_else(|| d.line_of("validity"));
        out.push(Finding::new(
            &d.source,
            line,
            format!(
                "正文写明有效期至{}，已经到期，但有效性仍为“有效”",
                chinese(end)
            ),
            format!(
                "在元数据中写 失效日期: {}（网站到期自动标注失效、移出现行有效目录），或改为 有效性: 失效；如已延期，请在正文中写明延期依据",
                crate::dates::iso(end)
            ),
        ));
    }
    out
}

/// The last day of a term stated in a body; `start` is used when the body does not
/// say from when the document applies.
pub fn stated_end(text: &str, start: NaiveDate) -> Option<NaiveDate> {
    let at = text.find("有效期")?;
    // Only the words after 有效期 are folded (full-width digits): bodies are long.
    let rest = fold(&text[at + "有效期".len()..]);
    let rest = rest.trim_start_matches(['为', '：', ':', ' ']);
    if let Some(after) = rest.strip_prefix("至") {
        return leading_date(after);
    }
    let (years, after) = leading_count(rest)?;
    if !after.starts_with('年') {
        return None;
    }
    let from = text
        .find('自')
        .and_then(|i| leading_date(&fold(&text[i + '自'.len_utf8()..])))
        .filter(|_| text.contains("起施行") || text.contains("起执行"))
        .unwrap_or(start);
    from.checked_add_months(Months::new(years * 12))?.pred_opt()
}

/// The first characters of `s`, NFKC-folded: enough for a date or a count.
fn fold(s: &str) -> String {
    s.chars().take(24).collect::<String>().nfkc().collect()
}

/// A date at the start of `s`: 2026年6月30日, 2026-06-30 or 2026/6/30.
fn leading_date(s: &str) -> Option<NaiveDate> {
    let end = s
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_digit() || matches!(c, '年' | '月' | '日' | '-' | '/' | '.')))
        .map(|(i, _)| i)
        .unwrap_or(s.len());
    let candidate = s[..end].trim_end_matches(['.', '-', '/']).replace('.', "-");
    crate::dates::parse(&candidate).ok()
}

/// A count at the start of `s` in digits or Chinese numerals (五, 两, 十).
fn leading_count(s: &str) -> Option<(u32, &str)> {
    let digits: String = s.chars().take_while(char::is_ascii_digit).collect();
    if !digits.is_empty() {
        return Some((digits.parse().ok()?, &s[digits.len()..]));
    }
    let c = s.chars().next()?;
    let n = "零一二三四五六七八九十"
        .chars()
        .position(|x| x == c)
        .or((c == '两').then_some(2))?;
    Some((n as u32, &s[c.len_utf8()..]))
}

/// Phrases after a 文号 that repeal the document it names.
const REPEALS: &[&str] = &[
    "同时废止",
    "予以废止",
    "一并废止",
    "同时失效",
    "停止执行",
    "不再执行",
    "宣布失效",
];

/// A 文号 normalised for comparison: brackets as 〔〕, full-width folded, no spaces.
pub fn normalise_doc_number(s: &str) -> String {
    s.nfkc()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '[' | '(' | '【' | '［' => '〔',
            ']' | ')' | '】' | '］' => '〕',
            c => c,
        })
        .collect()
}

/// Every 文号 written in a text, normalised, with the text that follows it.
fn doc_numbers(text: &str) -> Vec<(String, &str)> {
    let mut out = vec![];
    for (at, open) in text.char_indices() {
        if !matches!(open, '〔' | '[' | '(' | '（' | '【') {
            continue;
        }
        // 〔2024〕5号
        let after = &text[at + open.len_utf8()..];
        let Some(year) = after
            .get(..4)
            .filter(|y| y.bytes().all(|b| b.is_ascii_digit()))
        else {
            continue;
        };
        let rest = &after[4..];
        let Some(close) = rest
            .chars()
            .next()
            .filter(|c| matches!(c, '〕' | ']' | ')' | '）' | '】'))
        else {
            continue;
        };
        let rest = &rest[close.len_utf8()..];
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        let Some(follows) = rest[digits..].strip_prefix('号').filter(|_| digits > 0) else {
            continue;
        };
        // The issuer's abbreviation: the ideographs right before the bracket.
        let mut prefix: Vec<char> = text[..at]
            .chars()
            .rev()
            .take_while(|c| ('\u{4e00}'..='\u{9fff}').contains(c))
            .take(12)
            .collect();
        if prefix.is_empty() {
            continue;
        }
        prefix.reverse();
        let prefix: String = prefix.into_iter().collect();
        out.push((
            normalise_doc_number(&format!("{prefix}〔{year}〕{}号", &rest[..digits])),
            follows,
        ));
    }
    out
}

/// Whether the text after a 文号 repeals it: "）同时废止", or the end of a list
/// "）、《…》（…号）同时废止".
fn repeals_after(rest: &str) -> bool {
    let mut s = rest;
    loop {
        s = s.trim_start_matches(['）', ')', '》', '」', ' ']);
        if REPEALS.iter().any(|p| s.starts_with(p)) {
            return true;
        }
        // Continue over "、《title》（文号）" items of a list.
        let Some(next) = ["、", "和", "及", "以及"]
            .iter()
            .find_map(|sep| s.strip_prefix(sep))
        else {
            return false;
        };
        let next = next.trim_start();
        let next = match next.strip_prefix('《') {
            Some(t) => match t.find('》') {
                Some(i) => &t[i + '》'.len_utf8()..],
                None => return false,
            },
            None => next,
        };
        let next = next.trim_start_matches(['（', '(']);
        let Some(close) = next.find('号') else {
            return false;
        };
        if close > 40 {
            return false;
        }
        s = &next[close + '号'.len_utf8()..];
    }
}

fn repealed_elsewhere(ctx: &Context) -> Vec<Finding> {
    let by_number: BTreeMap<String, Vec<&Document>> =
        ctx.portal
            .public_documents()
            .fold(BTreeMap::new(), |mut m, d| {
                if let Some(n) = &d.doc_number {
                    m.entry(normalise_doc_number(n)).or_default().push(d);
                }
                m
            });
    // The repealing document itself is preferred over an interpretation restating it.
    let mut repealed_by: BTreeMap<usize, &Document> = BTreeMap::new();
    for r in ctx.portal.public_documents() {
        let Some(text) = r.body.as_ref().map(|b| &b.text) else {
            continue;
        };
        for (number, rest) in doc_numbers(text) {
            if !repeals_after(rest) {
                continue;
            }
            for t in by_number.get(&number).into_iter().flatten() {
                if t.id == r.id
                    || t.date > r.date
                    || t.effective_validity(ctx.today) != Some(Validity::Valid)
                {
                    continue;
                }
                let better = |old: &Document| {
                    (!r.kind.is_policy(), r.date) < (!old.kind.is_policy(), old.date)
                };
                if repealed_by.get(&t.id).is_none_or(|old| better(old)) {
                    repealed_by.insert(t.id, r);
                }
            }
        }
    }
    repealed_by
        .into_iter()
        .map(|(t, r)| {
            let t = ctx.portal.doc(t);
            let line = t
                .lines
                .get("validity")
                .copied()
                .unwrap_or_else(|| t.line_of("title"));
            Finding::new(
                &t.source,
                line,
                format!(
                    "《{}》已由{}发布的《{}》宣布废止，但有效性仍为“有效”",
                    t.title,
                    chinese(r.date),
                    r.title
                ),
                format!(
                    "改为 有效性: 废止（或 失效），并写 失效日期: {}，网站会将其移出现行有效行政规范性文件目录（废止文件见 {}）",
                    crate::dates::iso(r.date),
                    r.source
                ),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::fixture::{self, column, doc};
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn stated_terms() {
        let start = d("2024-03-08");
        assert_eq!(
            stated_end("本措施自印发之日起施行，有效期至2026年6月30日。", start),
            Some(d("2026-06-30"))
        );
        assert_eq!(
            stated_end("本办法自印发之日起施行，有效期5年。", start),
            Some(d("2029-03-07"))
        );
        assert_eq!(
            stated_end("本办法自2021年3月1日起施行，有效期为两年。", start),
            Some(d("2023-02-28"))
        );
        assert_eq!(
            stated_end("有效期至2028-12-31", start),
            Some(d("2028-12-31"))
        );
        assert_eq!(stated_end("本办法自印发之日起施行。", start), None);
        assert_eq!(stated_end("证件有效期内", start), None);
    }

    #[test]
    fn doc_numbers_and_repeals() {
        let t = "《示例县城乡居民临时救助实施办法》（示政办〔2024〕5号）同时废止。";
        let found = doc_numbers(t);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, "示政办〔2024〕5号");
        assert!(repeals_after(found[0].1));
        let list = "《甲办法》（示政办[2023]1号）、《乙办法》（示政办〔2023〕2号）同时废止";
        let found = doc_numbers(list);
        assert_eq!(found.len(), 2);
        assert!(found.iter().all(|(_, rest)| repeals_after(rest)));
        // The repealing notice named in a repealed document is not itself repealed.
        let by = "本文件已由《关于废止部分文件的通知》（示政办〔2025〕30号）宣布废止，仅供查阅。";
        assert!(doc_numbers(by).iter().all(|(_, rest)| !repeals_after(rest)));
        let cited = "根据《若干措施》（示政办〔2026〕3号）第6条";
        assert!(
            doc_numbers(cited)
                .iter()
                .all(|(_, rest)| !repeals_after(rest))
        );
        assert_eq!(
            normalise_doc_number("示政办（2024）5号"),
            "示政办〔2024〕5号"
        );
    }

    fn normative(
        serial: u32,
        name: &str,
        number: &str,
        date: &str,
        extra: &str,
        body: &str,
    ) -> String {
        doc(
            &format!(
                "标题: {name}\n发布日期: {date}\n成文日期: {date}\n文号: {number}\n索引号: 11990000MB0123456X/{}-{serial:05}\n主题分类: 民政、扶贫、救灾\n主题词: 救助\n{extra}",
                &date[..4]
            ),
            body,
        )
    }

    #[test]
    fn repealed_or_past_its_term_but_still_valid() {
        let col = column("行政规范性文件", "规范性文件");
        let old = normative(
            1,
            "城乡居民临时救助实施办法",
            "示政办〔2024〕5号",
            "2024-03-13",
            "有效性: 有效",
            "本办法自印发之日起施行，有效期5年。",
        );
        let new = normative(
            2,
            "临时救助实施办法",
            "示政办〔2026〕11号",
            "2026-06-18",
            "",
            "《城乡居民临时救助实施办法》（示政办[2024]5号）同时废止。",
        );
        let term = normative(
            3,
            "转移就业若干措施",
            "示政办〔2025〕4号",
            "2025-03-07",
            "",
            "有效期至2026年6月30日。",
        );
        let f = fixture::portal(
            &[
                ("content/gfxwj/_index.md", &col),
                ("content/gfxwj/old.md", &old),
                ("content/gfxwj/new.md", &new),
                ("content/gfxwj/term.md", &term),
            ],
            "2026-11-23",
        );
        assert_eq!(
            f.findings(&EXPIRED_STILL_VALID),
            [
                "content/gfxwj/term.md:10: 正文写明有效期至2026年6月30日，已经到期，但有效性仍为“有效”",
                "content/gfxwj/old.md:9: 《城乡居民临时救助实施办法》已由2026年6月18日发布的《临时救助实施办法》宣布废止，但有效性仍为“有效”",
            ]
        );
        let fixed_old = old.replace("有效性: 有效", "有效性: 废止");
        let fixed_term = term.replace("主题词: 救助", "主题词: 救助\n失效日期: 2026-06-30");
        let f = fixture::portal(
            &[
                ("content/gfxwj/_index.md", &col),
                ("content/gfxwj/old.md", &fixed_old),
                ("content/gfxwj/new.md", &new),
                ("content/gfxwj/term.md", &fixed_term),
            ],
            "2026-11-23",
        );
        assert!(f.findings(&EXPIRED_STILL_VALID).is_empty());
    }

    #[test]
    fn guides_are_reviewed_every_year_and_pinned() {
        let col = column("政府信息公开指南", "指南");
        let main = doc(
            "标题: 测试县人民政府信息公开指南\n发布日期: 2025-12-30\n置顶: 1",
            "指南",
        );
        let bszn = doc("标题: 低保办事指南\n发布日期: 2026-02-25", "指南");
        let old = doc(
            "标题: 旧版办事指南\n发布日期: 2020-02-25\n有效性: 失效\n置顶: 2",
            "旧",
        );
        let f = fixture::portal(
            &[
                ("content/gkzn/_index.md", &col),
                ("content/gkzn/zn.md", &main),
                ("content/gkzn/bszn.md", &bszn),
                ("content/gkzn/old.md", &old),
            ],
            "2026-11-23",
        );
        assert!(f.findings(&GUIDE_MISSING).is_empty());
        assert_eq!(
            f.findings(&GUIDE_STALE),
            [
                "content/gkzn/zn.md:3: 指南《测试县人民政府信息公开指南》最近一次更新是2025年12月30日，2026年尚未更新"
            ]
        );
        assert_eq!(
            f.findings(&GUIDE_NOT_PINNED),
            ["content/gkzn/bszn.md:2: 指南《低保办事指南》没有置顶"]
        );
        assert_eq!(
            f.findings(&EXPIRED_PINNED),
            ["content/gkzn/old.md:5: 已失效的《旧版办事指南》仍然置顶"]
        );

        let f = fixture::portal(
            &[
                ("content/gkzn/_index.md", &col),
                ("content/gkzn/bszn.md", &bszn),
            ],
            "2026-11-23",
        );
        assert_eq!(
            f.findings(&GUIDE_MISSING),
            ["content/gkzn/_index.md:1: 没有发布政府信息公开指南"]
        );
    }
}
