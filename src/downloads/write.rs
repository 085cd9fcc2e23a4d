//! The WORD download of a document, written with docx-rs: A4 with the 公文 margins,
//! 标题 2号 小标宋 (宋体 where missing), 正文 3号 仿宋 at a fixed 28.9 pt line
//! (22 lines), headings in 黑体, tables with borders. The fonts are named, not
//! embedded: Word substitutes on a machine without them.

use super::typeset::{Paper, Piece, Span};
use docx_rs::{
    AlignmentType, Docx, LineSpacing, LineSpacingType, PageMargin, Paragraph, Run, RunFonts, Table,
    TableCell, TableRow,
};

/// 3号 and 2号 in half-points.
const SIZE_3: usize = 32;
const SIZE_2: usize = 44;
/// 28.9 pt in twips: 22 lines in the 225 mm 版心.
const LINE: i32 = 578;

fn fonts(name: &str) -> RunFonts {
    RunFonts::new().east_asia(name).ascii(name).hi_ansi(name)
}

fn runs(mut p: Paragraph, spans: &[Span], font: &str, size: usize) -> Paragraph {
    for s in spans {
        let mut r = Run::new().add_text(&s.text).size(size).fonts(fonts(font));
        if s.bold {
            r = r.bold();
        }
        p = p.add_run(r);
    }
    p
}

fn line(p: Paragraph) -> Paragraph {
    p.line_spacing(
        LineSpacing::new()
            .line_rule(LineSpacingType::Exact)
            .line(LINE)
            .before(0)
            .after(0),
    )
}

/// The `.docx` bytes of a document.
pub fn docx(paper: &Paper) -> Result<Vec<u8>, String> {
    let mut doc = Docx::new()
        // A4 in twips; margins 37 / 35 / 28 / 26 mm.
        .page_size(11906, 16838)
        .page_margin(PageMargin {
            top: 2098,
            bottom: 1984,
            left: 1588,
            right: 1474,
            header: 851,
            footer: 992,
            gutter: 0,
        });
    let title = Span {
        text: paper.title.clone(),
        bold: false,
    };
    doc = doc.add_paragraph(runs(
        Paragraph::new().align(AlignmentType::Center),
        &[title],
        "方正小标宋简体",
        SIZE_2,
    ));
    if let Some(n) = &paper.doc_number {
        let n = Span {
            text: n.clone(),
            bold: false,
        };
        doc = doc.add_paragraph(line(runs(
            Paragraph::new().align(AlignmentType::Center),
            &[n],
            "仿宋",
            SIZE_3,
        )));
    }
    doc = doc.add_paragraph(line(Paragraph::new()));
    for piece in &paper.body {
        doc = match piece {
            Piece::Heading(level, s) => {
                let font = if *level <= 2 { "黑体" } else { "楷体" };
                doc.add_paragraph(line(runs(
                    Paragraph::new().first_line_chars(200),
                    s,
                    font,
                    SIZE_3,
                )))
            }
            Piece::Para(s) => doc.add_paragraph(line(runs(
                Paragraph::new()
                    .first_line_chars(200)
                    .align(AlignmentType::Both),
                s,
                "仿宋",
                SIZE_3,
            ))),
            Piece::Item(s) => {
                let mut s = s.clone();
                s.insert(
                    0,
                    Span {
                        text: "· ".into(),
                        bold: false,
                    },
                );
                doc.add_paragraph(line(runs(
                    Paragraph::new().first_line_chars(200),
                    &s,
                    "仿宋",
                    SIZE_3,
                )))
            }
            Piece::Table(rows) => {
                let width = rows.iter().map(Vec::len).max().unwrap_or(0);
                if width == 0 {
                    continue;
                }
                let rows = rows
                    .iter()
                    .map(|row| {
                        TableRow::new(
                            (0..width)
                                .map(|i| {
                                    let text = row.get(i).cloned().unwrap_or_default();
                                    TableCell::new().add_paragraph(runs(
                                        Paragraph::new(),
                                        &[Span { text, bold: false }],
                                        "仿宋",
                                        24,
                                    ))
                                })
                                .collect(),
                        )
                    })
                    .collect();
                doc.add_table(Table::new(rows))
            }
        };
    }
    let mut out = std::io::Cursor::new(vec![]);
    doc.build()
        .pack(&mut out)
        .map_err(|e| format!("WORD 版写出失败：{e}"))?;
    Ok(out.into_inner())
}

#[cfg(test)]
mod tests {
    use super::super::typeset::pieces;
    use super::*;

    #[test]
    fn the_written_docx_reads_back_with_the_same_text() {
        let paper = Paper {
            title: "示例县人民政府关于印发某办法的通知".into(),
            doc_number: Some("示政发〔2021〕3号".into()),
            body: pieces(
                "各乡镇人民政府：\n\n## 一、总体要求\n\n正文<第一段>&。\n\n| 序号 | 任务 |\n|---|---|\n| 1 | 清理垃圾 |\n",
            ),
        };
        let bytes = docx(&paper).unwrap();
        let back = crate::word::read::read(&bytes).unwrap();
        let texts: Vec<String> = back
            .blocks
            .iter()
            .map(|b| match b {
                crate::word::read::Block::Para(p) => p.text(),
                crate::word::read::Block::Table(t) => t
                    .rows
                    .iter()
                    .flatten()
                    .map(|c| c.text.clone())
                    .collect::<Vec<_>>()
                    .join("|"),
            })
            .filter(|t| !t.is_empty())
            .collect();
        assert_eq!(
            texts,
            [
                "示例县人民政府关于印发某办法的通知",
                "示政发〔2021〕3号",
                "各乡镇人民政府：",
                "一、总体要求",
                "正文<第一段>&。",
                "序号|任务|1|清理垃圾"
            ]
        );
        assert!(back.hidden.is_empty());
    }
}
