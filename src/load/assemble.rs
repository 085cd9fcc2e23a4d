//! Assembly: drafts become the portal's documents — ids in source order, duplicate
//! 网址 and 索引号 refused, and the references between documents (解读对象, 意见反馈,
//! 佐证) resolved by 索引号 or path.

use super::*;

/// Turns drafts into documents: ids, duplicate checks, and links between documents.
pub(super) fn assemble(
    drafts: Vec<Draft>,
    column_by_path: &HashMap<&str, ColumnId>,
    content: &Path,
    root: &Path,
    diags: &mut Diagnostics,
) -> Vec<Document> {
    // Duplicate slugs (a.md beside a.yaml) would write one page over the other.
    let mut seen_slug: HashMap<(String, String), String> = HashMap::new();
    let mut seen_index: BTreeMap<String, (String, usize)> = BTreeMap::new();
    let mut keep = vec![];
    for d in drafts {
        let key = (d.column_path.clone(), d.slug.clone());
        if let Some(other) = seen_slug.get(&key) {
            diags.push(
                Diagnostic::error(
                    "duplicate-slug",
                    &d.source,
                    0,
                    format!("与 {other} 的网址相同"),
                )
                .hint("同一栏目中的文件名（不含扩展名）不能重复"),
            );
            continue;
        }
        seen_slug.insert(key, d.source.clone());
        if let Some((n, line)) = &d.index_no {
            let k = n.to_string();
            if let Some((other, other_line)) = seen_index.get(&k) {
                diags.push(
                    Diagnostic::error(
                        "duplicate-index-no",
                        &d.source,
                        *line,
                        format!("索引号 {k} 与 {other}:{other_line} 重复"),
                    )
                    .hint("索引号在全站唯一；新文件请用 xxgk new 取得下一个空闲的索引号"),
                );
            } else {
                seen_index.insert(k, (d.source.clone(), *line));
            }
        }
        keep.push(d);
    }

    let index = References::new(
        keep.iter()
            .map(|d| (d.source.as_str(), d.index_no.as_ref().map(|(n, _)| n))),
        display_path(root, content),
    );
    let resolve = |from: &Draft,
                   r: &Reference,
                   what: &str,
                   diags: &mut Diagnostics|
     -> Option<DocId> {
        let found = index.find(&from.source, &r.target);
        if found.is_none() {
            diags.push(
                Diagnostic::error("broken-reference", &from.source, r.line, format!("{what}“{}”找不到对应的文档", r.target.trim()))
                    .hint("写被指向文档的索引号，或它相对于 content/ 的路径，如 fdzdgknr/zcwj/gfxwj/2026-wjbjy.md"),
            );
        }
        found
    };

    let mut interprets = vec![None; keep.len()];
    let mut feedback = vec![None; keep.len()];
    for (i, d) in keep.iter().enumerate() {
        if let Some(r) = &d.interprets {
            interprets[i] = resolve(d, r, "解读对象", diags);
            if let Some(t) = interprets[i]
                && !keep[t].disclosure.eq(&crate::model::Disclosure::Public)
            {
                diags.push(
                    Diagnostic::error(
                        "broken-reference",
                        &d.source,
                        r.line,
                        "解读对象不是主动公开的文档，其页面不会发布",
                    )
                    .hint("解读的文件须主动公开；依申请公开的文件不发布解读"),
                );
            }
        }
        if let Some(r) = d.consultation.as_ref().and_then(|c| c.feedback.as_ref()) {
            feedback[i] = resolve(d, r, "意见反馈", diags);
        }
    }
    keep.into_iter()
        .enumerate()
        .map(|(id, d)| {
            let links = Links {
                column: column_by_path[d.column_path.as_str()],
                interprets: interprets[id],
                feedback: feedback[id],
            };
            document(id, d, links)
        })
        .collect()
}

/// What assembling resolved for a document: where it stands and what it points at.
pub(super) struct Links {
    pub(super) column: ColumnId,
    pub(super) interprets: Option<DocId>,
    pub(super) feedback: Option<DocId>,
}

pub(super) fn document(id: DocId, d: Draft, links: Links) -> Document {
    Document {
        id,
        column: links.column,
        source: d.source,
        slug: d.slug,
        kind: d.kind,
        title: d.title,
        date: d.date,
        written: d.written,
        doc_number: d.doc_number,
        issuer: d.issuer,
        index_no: d.index_no.map(|(n, _)| n),
        topic: d.topic,
        doc_type: d.doc_type,
        keywords: d.keywords,
        validity: d.validity,
        expires: d.expires,
        disclosure: d.disclosure,
        pin: d.pin,
        interprets: links.interprets,
        form: d.form,
        attachments: d.attachments,
        withheld_files: d.withheld_files,
        consultation: d.consultation.map(|c| Consultation {
            start: c.start,
            end: c.end,
            feedback: links.feedback,
            short_reason: c.short_reason,
        }),
        department: d.department,
        domain: d.domain,
        downloads: d.downloads,
        body: d.body,
        data: d.data,
        links: d.links,
        lines: d.lines,
    }
}

/// Whether an edit leaves untouched everything that assembling derives from a draft
/// for other documents: its 索引号 and 发布日期 (interpretations are listed by date),
/// its 公开方式, and what it refers to.
pub(super) fn same_links(old: &Draft, new: &Draft) -> bool {
    let index = |d: &Draft| d.index_no.as_ref().map(|(n, _)| n.clone());
    let interprets = |d: &Draft| d.interprets.as_ref().map(|r| r.target.clone());
    let feedback = |d: &Draft| {
        d.consultation
            .as_ref()
            .and_then(|c| c.feedback.as_ref())
            .map(|r| r.target.clone())
    };
    index(old) == index(new)
        && old.date == new.date
        && old.disclosure == new.disclosure
        && interprets(old) == interprets(new)
        && feedback(old) == feedback(new)
        && !is_plan(old)
        && !is_plan(new)
}

/// Work plans point at other documents (佐证, 依据文件) and are gathered into ledgers.
fn is_plan(d: &Draft) -> bool {
    matches!(d.data, Some(crate::model::Structured::Plan(_)))
}

/// Finds the document a reference names: its 索引号, or its path relative to the
/// referring file or to `content/` (with or without the extension).
pub struct References {
    by_source: HashMap<String, DocId>,
    by_index: HashMap<String, DocId>,
    /// `content`, as root-relative sources start.
    content_prefix: String,
}

impl References {
    /// From (source, 索引号) of every document, in [`DocId`] order.
    pub fn new<'a>(
        docs: impl Iterator<Item = (&'a str, Option<&'a crate::model::IndexNo>)>,
        content_prefix: String,
    ) -> References {
        let mut by_source = HashMap::new();
        let mut by_index = HashMap::new();
        for (i, (source, index_no)) in docs.enumerate() {
            by_source.insert(source.to_string(), i);
            if let Some(n) = index_no {
                by_index.insert(n.to_string(), i);
            }
        }
        References {
            by_source,
            by_index,
            content_prefix,
        }
    }

    pub fn find(&self, from_source: &str, target: &str) -> Option<DocId> {
        let target = target.trim();
        if let Ok(n) = crate::model::IndexNo::parse(target)
            && let Some(id) = self.by_index.get(&n.to_string())
        {
            return Some(*id);
        }
        let from_dir = from_source.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
        let candidates = [
            join_rel(from_dir, target),
            Some(format!(
                "{}/{}",
                self.content_prefix,
                target.trim_start_matches('/')
            )),
        ];
        for c in candidates.iter().flatten() {
            for with_ext in [
                c.to_string(),
                format!("{c}.md"),
                format!("{c}.yaml"),
                format!("{c}.yml"),
            ] {
                if let Some(id) = self.by_source.get(&with_ext) {
                    return Some(*id);
                }
            }
        }
        None
    }
}
