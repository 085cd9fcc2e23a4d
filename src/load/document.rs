//! One document file → a [`Draft`]: its fields parsed and validated on their own.
//! References to other documents are resolved later, once every file is read.

use super::disclosure;
use crate::dates;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::fields::{Field, Fields, KeyLines, field, label, parse_yaml, scalar_text};
use crate::markdown;
use crate::model::{
    Attachment, Body, Disclosure, DisclosureMode, FileRef, INDEX_NO_HINT, IndexNo,
    InterpretationForm, Kind, Pin, Validity, canonical_domain, canonical_topic,
};
use chrono::NaiveDate;
use serde_yaml::{Mapping, Value};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

mod attachments;
mod consultation;
use attachments::*;
pub use consultation::ConsultationDraft;
use consultation::*;

pub const DOC_FIELDS: &[Field] = &[
    field("title", &["标题"]),
    field("date", &["发布日期", "发布时间"]),
    field("written", &["成文日期", "成文时间"]),
    field("doc_number", &["文号", "发文字号"]),
    field("issuer", &["发布机构", "发文机关"]),
    field("index_no", &["索引号"]),
    field("topic", &["主题分类"]),
    field("keywords", &["主题词", "关键词"]),
    field("kind", &["类型"]),
    field("validity", &["有效性"]),
    field("expires", &["失效日期", "失效时间"]),
    field("disclosure", &["公开方式", "公开属性"]),
    field(
        "ground",
        &[
            "不予公开依据",
            "依申请公开依据",
            "不公开理由",
            "不予公开理由",
        ],
    ),
    field("doc_type", &["公文种类", "文种"]),
    field("pinned", &["置顶"]),
    field("pinned_until", &["置顶截止"]),
    field("interprets", &["解读对象"]),
    field("form", &["解读形式"]),
    field("attachments", &["附件"]),
    field("consultation", &["意见征集"]),
    field("department", &["责任单位"]),
    field("domain", &["领域"]),
    field("body", &["正文"]),
    // Generated WORD and PDF versions (`downloads`): on by default for a 规范性文件.
    field("downloads", &["生成下载"]),
];

/// A reference to another document, as written, with its line.
#[derive(Debug, Clone)]
pub struct Reference {
    pub target: String,
    pub line: usize,
}

/// A document read from its file, before cross-document links are resolved.
#[derive(Debug, Clone)]
pub struct Draft {
    pub source: String,
    pub slug: String,
    pub column_path: String,
    pub kind: Kind,
    pub title: String,
    pub date: NaiveDate,
    pub written: Option<NaiveDate>,
    pub doc_number: Option<String>,
    pub issuer: String,
    pub index_no: Option<(IndexNo, usize)>,
    pub topic: Option<&'static str>,
    pub doc_type: Option<crate::model::DocType>,
    pub keywords: Vec<String>,
    pub validity: Option<Validity>,
    pub expires: Option<NaiveDate>,
    pub disclosure: Disclosure,
    pub pin: Option<Pin>,
    pub interprets: Option<Reference>,
    pub form: Option<InterpretationForm>,
    pub attachments: Vec<Attachment>,
    /// Attachments of a document that is not public: canonical paths only.
    pub withheld_files: Vec<FileRef>,
    pub consultation: Option<ConsultationDraft>,
    pub department: Vec<String>,
    pub domain: Option<&'static str>,
    pub downloads: Option<bool>,
    pub body: Option<Arc<Body>>,
    pub data: Option<crate::model::Structured>,
    pub links: Vec<String>,
    pub lines: BTreeMap<&'static str, usize>,
}

/// What a document needs to know about where it stands.
pub struct Context<'a> {
    pub root: &'a Path,
    pub organisation: &'a str,
    pub column_path: &'a str,
    pub column_kind: Option<Kind>,
    /// Set when the column or one above it states non-disclosure (an error there):
    /// every document below is read as withheld.
    pub column_withheld: Option<DisclosureMode>,
    /// Maps a relative link in the body to a page URL.
    pub resolve_link: &'a (dyn Fn(&str) -> Option<String> + Sync),
}

/// Reads one `.md` or `.yaml` document. Returns `None` only when it cannot be used at
/// all (no title, date or kind); a draft with other errors is kept so that its links
/// are checked too — every problem is reported in one run, and any error blocks the build.
pub fn read(path: &Path, ctx: &Context, diags: &mut Diagnostics) -> Option<Draft> {
    let file = crate::diagnostics::display_path(ctx.root, path);
    let is_yaml = matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("yaml" | "yml")
    );
    let (max, what) = if is_yaml {
        (crate::limits::YAML_DOCUMENT_MAX, " .yaml 文档")
    } else {
        (crate::limits::MARKDOWN_MAX, " Markdown 文档")
    };
    let bytes = crate::limits::read(&file, path, max, what, diags)?;
    let text = crate::source::decode(&file, &bytes, diags)?;
    let (yaml, yaml_line, md_body) = if is_yaml {
        (text.as_str(), 1, None)
    } else {
        let split = crate::source::split_front_matter(&file, &text, diags)?;
        // The body starts below the closing `---`.
        let body_line = split.front_matter_line + split.front_matter.lines().count() + 1;
        (
            split.front_matter,
            split.front_matter_line,
            Some((split.body, body_line)),
        )
    };
    let value = parse_yaml(&file, yaml, yaml_line - 1, diags)?;
    // What an anchor, alias, merge key or tag brings in is not what the editor sees.
    let constructs = disclosure::refuse_constructs(&file, yaml, yaml_line, diags);
    let Some(map) = value.as_mapping() else {
        diags.push(
            Diagnostic::error(
                "front-matter",
                &file,
                yaml_line,
                "元数据应为“字段: 值”的映射",
            )
            .hint("每行写一个字段，如 标题: 关于……的通知"),
        );
        return None;
    };
    let lines = KeyLines::scan(yaml, yaml_line);
    // A Markdown plan keeps its task list in the front matter, like a .yaml document
    // keeps its data: the plan reader takes (and checks) the keys beyond the fields.
    let md_plan = !is_yaml && declared_kind(map, ctx.column_kind) == Some(Kind::Plan);
    // Structured documents carry their data beside the fields: only .md warns on unknown keys.
    let f = Fields::read(&file, map, &lines, DOC_FIELDS, !is_yaml && !md_plan, diags);

    let title = f.text("title", DOC_FIELDS, diags);
    let date = f.date("date", DOC_FIELDS, diags);
    if title.is_none() {
        missing(&f, "title", diags);
    }
    if date.is_none() && !f.has("date") {
        missing(&f, "date", diags);
    }

    let kind = match f.text("kind", DOC_FIELDS, diags) {
        Some(k) => Kind::parse(&k).or_else(|| {
            diags.push(
                Diagnostic::error(
                    "unknown-value",
                    &file,
                    f.line("kind"),
                    format!("未知类型“{k}”"),
                )
                .hint(format!("类型可选：{}", Kind::choices())),
            );
            None
        }),
        None => Some(ctx.column_kind.unwrap_or(Kind::Article)),
    };

    let written = f.date("written", DOC_FIELDS, diags);
    // Shown and indexed in the standard 〔〕 form whatever was pasted (search::doc_number).
    let doc_number = f
        .text("doc_number", DOC_FIELDS, diags)
        .map(|n| crate::search::doc_number::clean_doc_number(&n))
        .filter(|n| !n.is_empty());
    let issuer = f
        .text("issuer", DOC_FIELDS, diags)
        .unwrap_or_else(|| ctx.organisation.to_string());
    let index_no = f
        .text("index_no", DOC_FIELDS, diags)
        .and_then(|t| match IndexNo::parse(&t) {
            Ok(n) => Some((n, f.line("index_no"))),
            Err(msg) => {
                diags.push(
                    Diagnostic::error("bad-index-no", &file, f.line("index_no"), msg)
                        .hint(INDEX_NO_HINT),
                );
                None
            }
        });
    let topic = f.text("topic", DOC_FIELDS, diags).and_then(|t| {
        canonical_topic(&t).or_else(|| {
            diags.push(
                Diagnostic::error(
                    "unknown-value",
                    &file,
                    f.line("topic"),
                    format!("主题分类“{t}”不在国务院公文主题分类中"),
                )
                .hint(
                    "如 综合政务、劳动、人事、监察，或两级 卫生、体育\\医药管理、单写二级 社会保障（见 README）",
                ),
            );
            None
        })
    });
    let keywords = f.text_list("keywords", DOC_FIELDS, diags);
    let validity = enum_field(&f, "validity", Validity::parse, Validity::choices, diags);
    let expires = f.date("expires", DOC_FIELDS, diags);
    let declared = disclosure::read_mode(&f, DOC_FIELDS, diags);
    let ground = f.text("ground", DOC_FIELDS, diags);
    // Non-disclosure stated anywhere but 公开方式 (another spelling, key, nesting, a
    // pasted block below the front matter) or by the column: an error, and withheld.
    let mut stated = disclosure::scan_fields(
        &f,
        map,
        DOC_FIELDS,
        disclosure::DOC_ENUMERATED,
        yaml,
        yaml_line,
        is_yaml || md_plan,
    );
    for x in &stated {
        diags.push(disclosure::diagnostic(
            &file,
            x,
            disclosure::Place::FrontMatter,
        ));
    }
    let mut mode = disclosure_mode(&f, declared, ground.is_some(), !stated.is_empty(), diags);
    if mode == DisclosureMode::Public
        && let Some((body, line)) = md_body
    {
        let found = disclosure::scan_body(body, line, DOC_FIELDS);
        for x in &found {
            diags.push(disclosure::diagnostic(&file, x, disclosure::Place::Body));
        }
        stated.extend(found);
    }
    if mode == DisclosureMode::Public {
        mode = disclosure::strictest(&stated)
            .or(ctx.column_withheld)
            .or(constructs.then_some(DisclosureMode::OnRequest))
            .unwrap_or(DisclosureMode::Public);
    }
    let disclosure = match (mode, ground) {
        (DisclosureMode::Public, _) => Disclosure::Public,
        (m, g) => {
            // Without 公开方式 the mode came from a misspelt key, reported above.
            if g.is_none() && f.has("disclosure") {
                diags.push(
                    Diagnostic::error(
                        "missing-field",
                        &file,
                        f.line("disclosure"),
                        format!(
                            "公开方式为{}，但缺少 {}",
                            m.zh(),
                            label(DOC_FIELDS, "ground")
                        ),
                    )
                    .hint(
                        "写明《中华人民共和国政府信息公开条例》规定的理由，如 第十六条 过程性信息",
                    ),
                );
            }
            let ground = g.unwrap_or_default();
            if m == DisclosureMode::OnRequest {
                Disclosure::OnRequest { ground }
            } else {
                Disclosure::Withheld { ground }
            }
        }
    };
    let pin = read_pin(&f, diags);
    let interprets = f.text("interprets", DOC_FIELDS, diags).map(|t| Reference {
        target: t,
        line: f.line("interprets"),
    });
    let form = enum_field(
        &f,
        "form",
        InterpretationForm::parse,
        InterpretationForm::choices,
        diags,
    );
    let department = f.text_list("department", DOC_FIELDS, diags);
    let domain = f.text("domain", DOC_FIELDS, diags).and_then(|t| {
        canonical_domain(&t).or_else(|| {
            diags.push(
                Diagnostic::error(
                    "unknown-value",
                    &file,
                    f.line("domain"),
                    format!("领域“{t}”不是基层政务公开的 26 个领域之一"),
                )
                .hint("如 就业、社会救助、涉农补贴、义务教育 …（见 README）"),
            );
            None
        })
    });
    let consultation = read_consultation(&f, &lines, diags);
    let downloads = read_downloads(&f, diags);

    let kind = kind?;
    let validity = validity.or((kind == Kind::Normative).then_some(Validity::Valid));
    required_for_kind(&f, kind, diags);

    let public = disclosure == Disclosure::Public;
    let dir = path.parent().unwrap_or(ctx.root);
    // Attachments of a document that is not public are never published: only their
    // paths are kept (never their content), to refuse a file that a public document
    // attaches too.
    let mut attachments = read_attachments(&f, &lines, dir, ctx.root, public, diags);
    let withheld_files: Vec<FileRef> = if public {
        vec![]
    } else {
        std::mem::take(&mut attachments)
            .into_iter()
            .map(|a| FileRef {
                path: a.path,
                line: a.line,
            })
            .collect()
    };
    // The tables of a structured document are public data like its body.
    let data = if public && (is_yaml || md_plan) {
        let src = crate::rows::Source {
            file: &file,
            // Whole file: list items are found by their absolute line.
            yaml: &text,
            dir,
            root: ctx.root,
        };
        let doc = (title.as_deref().unwrap_or(""), issuer.as_str());
        super::kinds::read(kind, &f.extra, src, &lines, doc, ctx.resolve_link, diags)
    } else {
        None
    };
    for path in data.iter().flat_map(|d| d.files()) {
        attachments.extend(sheet_attachment(path));
    }

    // The body of a document that is not public is never read into the model.
    let (body, links) = if !public {
        (None, vec![])
    } else {
        let (md, md_line) = match md_body {
            Some((b, line)) => (Some(b.to_string()), line),
            // A YAML block scalar starts on the line after its key.
            None => (f.text("body", DOC_FIELDS, diags), f.line("body") + 1),
        };
        let r = markdown::render(md.as_deref().unwrap_or(""), ctx.resolve_link);
        markdown::report_removed(&file, md_line, &r.removed, diags);
        // The search index reads the body text: a list's items are found like prose.
        let mut text = r.text;
        if let Some(d) = &data {
            text.push('\n');
            text.push_str(&d.plain_text());
        }
        (Some(Arc::new(Body { html: r.html, text })), r.links)
    };

    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("")
        .to_string();
    let doc_type = read_doc_type(&file, &f, &title, diags);
    Some(Draft {
        source: file,
        slug: stem,
        column_path: ctx.column_path.to_string(),
        kind,
        title: title?,
        date: date?,
        written,
        doc_number,
        issuer,
        index_no,
        topic,
        doc_type,
        keywords,
        validity,
        expires,
        disclosure,
        pin,
        interprets,
        form,
        attachments,
        withheld_files,
        consultation,
        department,
        domain,
        downloads,
        body,
        data,
        links,
        lines: f.lines(),
    })
}

fn missing(f: &Fields, key: &str, diags: &mut Diagnostics) {
    diags.push(
        Diagnostic::error(
            "missing-field",
            &f.file,
            f.line(key),
            format!("缺少必填字段 {}", label(DOC_FIELDS, key)),
        )
        .hint(format!(
            "在元数据中加一行 {}: …",
            DOC_FIELDS
                .iter()
                .find(|x| x.key == key)
                .and_then(|x| x.names.first())
                .unwrap_or(&key)
        )),
    );
}

/// CONTRACT §4's "required" column, per kind.
fn required_for_kind(f: &Fields, kind: Kind, diags: &mut Diagnostics) {
    let need: &[&str] = match kind {
        Kind::Normative => &["written", "doc_number", "topic", "index_no"],
        Kind::Policy => &["written", "topic", "index_no"],
        Kind::Interpretation => &["interprets", "form"],
        _ => &[],
    };
    for key in need {
        if !f.has(key) {
            missing(f, key, diags);
        }
    }
    if kind == Kind::Decision && !f.has("consultation") {
        diags.push(
            Diagnostic::warning("missing-field", &f.file, f.first_line, "重大行政决策文件没有 意见征集（consultation）")
                .hint("征求意见的决策写明 意见征集: {开始日期, 截止日期, 意见反馈}；事项目录、决策结果等请设 类型: 其他信息"),
        );
    }
}

fn enum_field<T>(
    f: &Fields,
    key: &str,
    parse: fn(&str) -> Option<T>,
    choices: fn() -> String,
    diags: &mut Diagnostics,
) -> Option<T> {
    let t = f.text(key, DOC_FIELDS, diags)?;
    let v = parse(&t);
    if v.is_none() {
        diags.push(
            Diagnostic::error(
                "unknown-value",
                &f.file,
                f.line(key),
                format!("{} 的值“{t}”无法识别", label(DOC_FIELDS, key)),
            )
            .hint(format!("可选：{}", choices())),
        );
    }
    v
}

/// The 公开方式 a document is read under. A withheld document whose 公开方式 was lost
/// — the line deleted or moved into the body, the key misspelt, the value emptied —
/// would otherwise be published whole as 主动公开: when 不予公开依据 is still there it
/// is an error and the document is read as withheld, so that not even the model holds
/// its body. `stated`: non-disclosure was found (and reported) elsewhere.
fn disclosure_mode(
    f: &Fields,
    declared: Option<DisclosureMode>,
    has_ground: bool,
    stated: bool,
    diags: &mut Diagnostics,
) -> DisclosureMode {
    let hint = "依申请公开或不予公开的文件写 公开方式: 依申请公开（或 不予公开）并写明 不予公开依据；应主动公开的文件删去 不予公开依据";
    match declared {
        Some(DisclosureMode::Public) if has_ground => {
            diags.push(
                Diagnostic::error(
                    "disclosure-unclear",
                    &f.file,
                    f.line("disclosure"),
                    format!("公开方式为主动公开，却写了 {}", label(DOC_FIELDS, "ground")),
                )
                .hint(hint),
            );
            DisclosureMode::OnRequest
        }
        None if has_ground => {
            // An unreadable 公开方式 or a stray one was reported where it stands.
            if !f.has("disclosure") && !stated {
                diags.push(
                    Diagnostic::error(
                        "disclosure-unclear",
                        &f.file,
                        f.line("ground"),
                        format!(
                            "写了 {}，却没有 {}：不能确定文件是否可以公开",
                            label(DOC_FIELDS, "ground"),
                            label(DOC_FIELDS, "disclosure")
                        ),
                    )
                    .hint(hint),
                );
            }
            DisclosureMode::OnRequest
        }
        Some(m) => m,
        None => DisclosureMode::Public,
    }
}

fn read_pin(f: &Fields, diags: &mut Diagnostics) -> Option<Pin> {
    let until = f.date("pinned_until", DOC_FIELDS, diags);
    let order = match f.value("pinned")? {
        Value::Bool(false) => return None,
        Value::Bool(true) => None,
        v => match v
            .as_u64()
            .or_else(|| scalar_text(v).and_then(|s| s.trim().parse().ok()))
        {
            Some(n) => Some(n.min(u32::MAX as u64) as u32),
            None => {
                diags.push(
                    Diagnostic::error(
                        "unknown-value",
                        &f.file,
                        f.line("pinned"),
                        "置顶 应为 true 或一个数字（数字小的在前）",
                    )
                    .hint("如 置顶: 1"),
                );
                return None;
            }
        },
    };
    Some(Pin { order, until })
}

/// `生成下载`: yes or no in the words editors write; anything else is an error (and
/// read as absent, so a 规范性文件 keeps its default).
fn read_downloads(f: &Fields, diags: &mut Diagnostics) -> Option<bool> {
    let v = f.value("downloads")?;
    let answer = match v {
        Value::Bool(b) => Some(*b),
        v => scalar_text(v).and_then(|s| match s.trim() {
            "是" | "true" | "yes" | "生成" => Some(true),
            "否" | "false" | "no" | "不生成" => Some(false),
            _ => None,
        }),
    };
    if answer.is_none() {
        diags.push(
            Diagnostic::error(
                "unknown-value",
                &f.file,
                f.line("downloads"),
                "生成下载 应为 true（由正文生成缺少的 WORD 版和 PDF 版）或 false（不生成）",
            )
            .hint("行政规范性文件默认生成；其他文件要生成时写 生成下载: true"),
        );
    }
    answer
}

/// The key name as the editor wrote it (Chinese or English), to find nested lines.
fn lookup_name(f: &Fields, lines: &KeyLines, key: &str) -> String {
    let spec = DOC_FIELDS.iter().find(|x| x.key == key);
    let names = spec
        .map(|s| {
            std::iter::once(s.key)
                .chain(s.names.iter().copied())
                .collect::<Vec<_>>()
        })
        .unwrap_or_default();
    names
        .into_iter()
        .find(|n| lines.line_of(n) == f.line(key))
        .unwrap_or(key)
        .to_string()
}

/// The kind a document declares, or its column's, before the fields are validated.
fn declared_kind(map: &Mapping, column_kind: Option<Kind>) -> Option<Kind> {
    match quick_fields(map).get("kind") {
        Some(k) => Kind::parse(k),
        None => column_kind,
    }
}

/// Reads a document's declared kind without validating the rest (for `xxgk new`).
pub fn quick_fields(map: &Mapping) -> BTreeMap<&'static str, String> {
    let mut out = BTreeMap::new();
    for (k, v) in map {
        if let (Some(name), Some(val)) = (scalar_text(k), scalar_text(v))
            && let Some(key) = crate::fields::canonical(DOC_FIELDS, &name)
        {
            out.insert(key, val);
        }
    }
    out
}

/// `公文种类` as written (an unknown kind is an error), else the kind the title names.
fn read_doc_type(
    file: &str,
    f: &Fields,
    title: &Option<String>,
    diags: &mut Diagnostics,
) -> Option<crate::model::DocType> {
    use crate::model::DocType;
    match f.text("doc_type", DOC_FIELDS, diags) {
        Some(t) => DocType::parse(&t).or_else(|| {
            diags.push(
                Diagnostic::error(
                    "unknown-value",
                    file,
                    f.line("doc_type"),
                    format!("公文种类“{t}”不是《党政机关公文处理工作条例》规定的15种公文之一"),
                )
                .hint(format!("公文种类可选：{}", DocType::choices())),
            );
            None
        }),
        None => title.as_deref().and_then(DocType::from_title),
    }
}

#[cfg(test)]
mod tests;
