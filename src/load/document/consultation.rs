//! 意见征集: the consultation period of a draft (开始日期, 截止日期, 意见反馈).

use super::*;

pub(super) const CONSULTATION_FIELDS: &[Field] = &[
    field("start", &["开始日期"]),
    field("end", &["截止日期", "结束日期"]),
    field("feedback", &["意见反馈"]),
    field("short_reason", &["缩短期限说明", "期限说明"]),
];

/// How 意见征集 is written, for its errors.
pub(super) const CONSULTATION_HINT: &str = "写作 意见征集: 下缩进两格的 开始日期: 2026-08-03、截止日期: 2026-09-07（可加 意见反馈: 反馈文档的路径）";

#[derive(Debug, Clone)]
pub struct ConsultationDraft {
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub feedback: Option<Reference>,
    pub short_reason: Option<String>,
}

pub(super) fn read_consultation(
    f: &Fields,
    lines: &KeyLines,
    diags: &mut Diagnostics,
) -> Option<ConsultationDraft> {
    let v = f.value("consultation")?;
    let Value::Mapping(m) = v else {
        diags.push(
            Diagnostic::error(
                "field-type",
                &f.file,
                f.line("consultation"),
                "意见征集 应写成映射：开始日期、截止日期、意见反馈",
            )
            .hint(CONSULTATION_HINT),
        );
        return None;
    };
    let c = Fields::read(
        &f.file,
        m,
        &lines.nested(&lookup_name(f, lines, "consultation"), None),
        CONSULTATION_FIELDS,
        true,
        diags,
    );
    let start = c.date("start", CONSULTATION_FIELDS, diags);
    let end = c.date("end", CONSULTATION_FIELDS, diags);
    for (key, val) in [("start", start), ("end", end)] {
        if val.is_none() && !c.has(key) {
            diags.push(
                Diagnostic::error(
                    "missing-field",
                    &f.file,
                    c.first_line,
                    format!("意见征集缺少 {}", label(CONSULTATION_FIELDS, key)),
                )
                .hint(CONSULTATION_HINT),
            );
        }
    }
    let (start, end) = (start?, end?);
    if end < start {
        diags.push(
            Diagnostic::error(
                "bad-date",
                &f.file,
                c.line("end"),
                format!(
                    "意见征集截止日期 {} 早于开始日期 {}",
                    dates::chinese(end),
                    dates::chinese(start)
                ),
            )
            .hint("核对两个日期：截止日期在开始日期之后，征求意见一般不少于 30 日"),
        );
        return None;
    }
    let feedback = c
        .text("feedback", CONSULTATION_FIELDS, diags)
        .map(|t| Reference {
            target: t,
            line: c.line("feedback"),
        });
    let short_reason = c.text("short_reason", CONSULTATION_FIELDS, diags);
    Some(ConsultationDraft {
        start,
        end,
        feedback,
        short_reason,
    })
}
