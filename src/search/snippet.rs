//! Snippets: a window of the original text around the first occurrence of a
//! query term, with the occurrences inside it. `engine.js` does the same on the
//! excerpt chunks it downloads.

use std::ops::Range;

use super::tokenizer::{Unit, split_query, units, units_with_source_spans};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Snippet {
    pub text: String,
    /// Byte ranges of the occurrences within `text`.
    pub highlights: Vec<Range<usize>>,
}

/// Byte ranges in `text` where a query term occurs, in text order.
pub fn occurrences(text: &str, query: &str) -> Vec<Range<usize>> {
    let doc = units_with_source_spans(text);
    let Some(last) = doc.last() else {
        return Vec::new();
    };
    let mut at_pos: Vec<Option<usize>> = vec![None; last.pos as usize + 1];
    for (i, u) in doc.iter().enumerate() {
        at_pos[u.pos as usize] = Some(i);
    }
    let mut found = Vec::new();
    for term in split_query(query) {
        let q = units(term);
        if q.is_empty() {
            continue;
        }
        for (i, start) in doc.iter().enumerate() {
            if let Some(end) = match_at(&doc, &at_pos, i, start, &q) {
                found.push(start.span.start..end);
            }
        }
    }
    found.sort_by_key(|r| (r.start, r.end));
    found
}

fn match_at(
    doc: &[Unit],
    at_pos: &[Option<usize>],
    i: usize,
    start: &Unit,
    q: &[Unit],
) -> Option<usize> {
    if start.text != q[0].text {
        return None;
    }
    let mut end = doc[i].span.end;
    for (k, u) in q.iter().enumerate().skip(1) {
        let pos = start.pos as usize + (u.pos - q[0].pos) as usize;
        let j = (*at_pos.get(pos)?)?;
        let d = &doc[j];
        // A separator in the query must face one in the text.
        if d.text != u.text || (!q[k - 1].joined_next && doc[j - 1].joined_next) {
            return None;
        }
        end = d.span.end;
    }
    Some(end)
}

/// A window of about `max_chars` characters around the first occurrence (or
/// the start of the text when the query occurs only elsewhere). `None` for an
/// empty text.
pub fn make_snippet(text: &str, query: &str, max_chars: usize) -> Option<Snippet> {
    if text.trim().is_empty() {
        return None;
    }
    let all = occurrences(text, query);
    let anchor = all.first().map(|r| r.start).unwrap_or(0);
    // Up to 30 characters of lead-in before the occurrence.
    let mut start = anchor;
    for (n, (i, _)) in text[..anchor].char_indices().rev().enumerate() {
        if n >= 30 {
            break;
        }
        start = i;
    }
    let end = text[start..]
        .char_indices()
        .nth(max_chars)
        .map(|(i, _)| start + i)
        .unwrap_or(text.len());
    let prefix = if start > 0 { "…" } else { "" };
    let mut out = String::with_capacity(end - start + 8);
    out.push_str(prefix);
    out.extend(text[start..end].chars().map(|c| match c {
        '\n' | '\r' | '\t' => ' ',
        c => c,
    }));
    if end < text.len() {
        out.push('…');
    }
    let highlights = all
        .into_iter()
        .filter(|r| r.start >= start && r.end <= end)
        .map(|r| r.start - start + prefix.len()..r.end - start + prefix.len())
        .collect();
    Some(Snippet {
        text: out,
        highlights,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_phrases_in_original_text() {
        let text = "本县依据示政办〔２０２６〕３号文件发放就业补贴，补贴标准为每月500元。";
        let occ = occurrences(text, "示政办[2026]3号");
        assert_eq!(occ.len(), 1);
        assert_eq!(&text[occ[0].clone()], "示政办〔２０２６〕３号");
        let occ = occurrences(text, "补贴");
        assert_eq!(occ.len(), 2);
        assert!(
            occurrences(text, "补贴标准为每月50").is_empty(),
            "50 is not 500"
        );
    }

    #[test]
    fn snippet_centres_on_the_match_and_marks_it() {
        let body = format!(
            "{}城乡居民医疗保险个人缴费标准调整为每人每年400元。",
            "前言。".repeat(40)
        );
        let s = make_snippet(&body, "医疗保险", 60).unwrap();
        assert!(s.text.starts_with('…'));
        assert_eq!(s.highlights.len(), 1);
        assert_eq!(&s.text[s.highlights[0].clone()], "医疗保险");
        assert!(s.text.chars().count() <= 62);
    }

    #[test]
    fn empty_body_has_no_snippet() {
        assert_eq!(make_snippet("", "就业", 80), None);
    }
}
