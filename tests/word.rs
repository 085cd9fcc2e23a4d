//! `xxgk import` on real Word files (tests/data/word/, saved by LibreOffice) into
//! portals in temp folders, then `xxgk build`: what the editor gets and what the
//! resident sees.

mod common;
use common::{Portal, column};
use std::path::{Path, PathBuf};

const QTWJ: &str = "content/fdzdgknr/zcwj/qtwj";
const GFXWJ: &str = "content/fdzdgknr/zcwj/gfxwj";
const CANARY: &str = "CANARY";

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/word")
        .join(name)
}

fn portal() -> Portal {
    Portal::new(&[
        (
            "content/fdzdgknr/_index.md",
            &column("法定主动公开内容", "其他信息"),
        ),
        (
            "content/fdzdgknr/zcwj/_index.md",
            &column("政策文件", "其他信息"),
        ),
        (
            &format!("{QTWJ}/_index.md"),
            &column("其他文件", "政策文件"),
        ),
        (
            &format!("{GFXWJ}/_index.md"),
            &column("行政规范性文件", "规范性文件"),
        ),
        (
            "content/gkzn/_index.md",
            &column("政府信息公开指南", "指南"),
        ),
        (
            "content/gkzn/zn.md",
            "---\n标题: 测试县人民政府信息公开指南\n发布日期: 2021-01-04\n类型: 指南\n置顶: true\n---\n指南正文。\n",
        ),
    ])
}

fn import(p: &Portal, files: &[&str], extra: &[&str]) -> common::Run {
    let paths: Vec<String> = files
        .iter()
        .map(|f| fixture(f).display().to_string())
        .collect();
    let mut args = vec!["import", "--today", "2021-09-06"];
    args.extend(extra);
    args.extend(paths.iter().map(String::as_str));
    p.xxgk(&args)
}

fn read(p: &Portal, rel: &str) -> String {
    std::fs::read_to_string(p.root().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The position of each needle in `text`, asserting they come in this order.
fn in_order(text: &str, needles: &[&str]) {
    let mut at = 0;
    for n in needles {
        match text[at..].find(n) {
            Some(i) => at += i + n.len(),
            None => panic!("“{n}” missing or out of order in:\n{text}"),
        }
    }
}

#[test]
fn county_notice_fields_body_image_and_word_original() {
    let p = portal();
    let run = import(&p, &["county-notice.docx"], &[]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let md_rel = format!("{QTWJ}/2021-00001.md");
    assert!(run.stdout.contains(&md_rel), "{}", run.stdout);
    assert!(
        run.stdout.contains("文号：示政办发〔2021〕12号"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("成文日期：2021年8月27日"),
        "{}",
        run.stdout
    );
    // What is left to fill in, as `check` says it, with file:line.
    assert!(run.stdout.contains("待补充"), "{}", run.stdout);
    assert!(
        run.stdout.contains(&format!("{md_rel}:")) && run.stdout.contains("主题分类"),
        "{}",
        run.stdout
    );

    let md = read(&p, &md_rel);
    let (front, body) = md
        .strip_prefix("---\n")
        .and_then(|s| s.split_once("\n---\n"))
        .unwrap();
    for line in [
        "标题: \"示例县人民政府办公室关于做好2021年秋季学期学校安全工作的通知\"",
        "文号: \"示政办发〔2021〕12号\"",
        "发文机关: \"示例县人民政府办公室\"",
        "成文日期: 2021-08-27",
        "发布日期: 2021-09-06",
        "索引号: 11990000MB0123456X/2021-00001",
        "类型: 政策文件",
        "path: \"files/2021-00001.docx\"",
        "path: \"files/2021-00001-图1.png\"",
    ] {
        assert!(
            front
                .lines()
                .any(|l| l.trim().trim_start_matches("- ") == line),
            "no `{line}` in:\n{front}"
        );
    }
    // Neither the 标志 line, the 文号 nor the title is repeated in the body.
    assert!(!body.contains("示例县人民政府办公室文件"), "{body}");
    assert!(!body.contains("示政办发"), "{body}");
    assert!(!body.contains("学校安全工作的通知"), "{body}");
    in_order(
        body,
        &[
            "各乡镇人民政府，县政府各部门、各直属机构：",
            "## 一、总体要求",
            "### （一）压实工作责任。",
            "### （二）加强隐患排查",
            "#### 1．校园周边环境整治",
            "（1）交通安全。",
            "**特别提醒：**",
            "## 二、工作安排",
            "![图1](2021-00001-图1.png)",
            "附件：1．示例县学校安全检查表",
            "\n2．示例县学校安全工作责任清单",
            "示例县人民政府办公室",
            "2021年8月27日",
            "抄送：县委办公室",
            "2021年8月27日印发",
        ],
    );
    // The original is kept byte for byte as the WORD download; the image beside it.
    let original = std::fs::read(fixture("county-notice.docx")).unwrap();
    assert_eq!(
        std::fs::read(p.root().join(QTWJ).join("files/2021-00001.docx")).unwrap(),
        original
    );
    let png = std::fs::read(p.root().join(QTWJ).join("files/2021-00001-图1.png")).unwrap();
    assert!(png.starts_with(b"\x89PNG"));
}

#[test]
fn town_notice_without_number_and_its_merged_task_table() {
    let p = portal();
    let run = import(&p, &["town-notice.docx"], &[]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let md = read(&p, &format!("{QTWJ}/2021-00001.md"));
    // No 文号 invented.
    assert!(!md.contains("文号"), "{md}");
    assert!(run.stdout.contains("文号：无"), "{}", run.stdout);
    assert!(md.contains("成文日期: 2021-09-03"), "{md}");
    assert!(md.contains("发文机关: \"示例县城关镇人民政府\""), "{md}");
    assert!(
        md.contains("标题: \"城关镇人民政府关于开展2021年秋季农村人居环境整治的通知\""),
        "{md}"
    );
    in_order(
        &md,
        &[
            "各村（社区），镇属各单位：",
            "## 一、整治内容",
            "附件：城关镇秋季农村人居环境整治任务表",
            "二〇二一年九月三日",
            "城关镇秋季农村人居环境整治任务表",
            "| 序号 | 工作任务 | 责任单位 | 完成时限 |",
            "| --- | --- | --- | --- |",
            "| 1 | 清理村内垃圾、杂物 | 各村（社区） | 9月30日前 |",
            // The vertically merged 责任单位 reads again in the row it covers.
            "| 2 | 整治农户庭院环境 | 各村（社区） | 10月31日前 |",
            // The horizontally merged task: its text once, the covered cells empty.
            "| 3 | 长效管护机制建设（全镇统筹） |  |  |",
        ],
    );
}

#[test]
fn imported_documents_build_with_their_word_download_and_image() {
    let p = portal();
    import(&p, &["county-notice.docx", "town-notice.docx"], &[]).ok();
    for rel in ["2021-00001.md", "2021-00002.md"] {
        let path = format!("{QTWJ}/{rel}");
        let md = read(&p, &path)
            .replace("主题分类: \"\"", "主题分类: 教育")
            .replace("主题词: \"\"", "主题词: 学校安全、人居环境");
        p.write(&path, &md);
    }
    p.build_on("2021-09-06").ok();
    let page = p.page("fdzdgknr/zcwj/qtwj/2021-00001");
    assert!(page.contains("（WORD版）"), "{page}");
    assert!(page.contains("2021-00001.docx"), "{page}");
    assert!(page.contains("KB）") || page.contains("MB）"), "{page}");
    assert!(page.contains("2021-00001-图1.png"), "{page}");
    assert!(page.contains("示政办发〔2021〕12号"), "{page}");
    let site = p.site().join("fdzdgknr/zcwj/qtwj/2021-00001");
    assert_eq!(
        std::fs::read(site.join("2021-00001.docx")).unwrap(),
        std::fs::read(fixture("county-notice.docx")).unwrap()
    );
    assert!(site.join("2021-00001-图1.png").is_file());
    let town = p.page("fdzdgknr/zcwj/qtwj/2021-00002");
    assert!(
        town.contains("<table>") && town.contains("各村（社区）"),
        "{town}"
    );
}

#[test]
fn a_file_with_tracked_changes_is_refused_and_nothing_written() {
    let p = portal();
    // The county notice goes through; the refused file does not stop the run.
    let run = import(&p, &["tracked-changes.docx", "county-notice.docx"], &[]);
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains("tracked-changes.docx"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("修订"), "{}", run.stderr);
    assert!(run.stderr.contains("接受所有修订"), "{}", run.stderr);
    assert!(run.stdout.contains("county-notice.docx"), "{}", run.stdout);
    let mut written = vec![];
    for e in walkdir::WalkDir::new(p.root().join("content"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
    {
        let bytes = std::fs::read(e.path()).unwrap();
        assert!(
            !String::from_utf8_lossy(&bytes).contains(CANARY),
            "{}",
            e.path().display()
        );
        written.push(e.file_name().to_string_lossy().into_owned());
    }
    // Only the county notice's three files beside the portal's own.
    assert_eq!(
        written.iter().filter(|n| n.starts_with("2021-")).count(),
        3,
        "{written:?}"
    );
    assert!(!run.stdout.contains(CANARY) && !run.stderr.contains(CANARY));
}

#[test]
fn old_formats_and_non_word_files_get_a_clear_message() {
    let p = portal();
    p.write_bytes(
        "in/通知.doc",
        &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1],
    );
    p.write_bytes("in/通知.wps", b"WPS");
    p.write_bytes(
        "in/改名的.docx",
        &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1],
    );
    p.write_bytes("in/坏的.docx", b"PK\x03\x04 truncated");
    let root = p.root().display().to_string();
    let files: Vec<String> = ["通知.doc", "通知.wps", "改名的.docx", "坏的.docx"]
        .iter()
        .map(|f| format!("{root}/in/{f}"))
        .collect();
    let mut args = vec!["import"];
    args.extend(files.iter().map(String::as_str));
    let run = p.xxgk(&args);
    assert_eq!(run.code, 1);
    for f in ["通知.doc:", "通知.wps:", "改名的.docx:", "坏的.docx:"] {
        assert!(run.stderr.contains(f), "{f} not reported:\n{}", run.stderr);
    }
    assert!(run.stderr.matches("另存为").count() >= 3, "{}", run.stderr);
    assert!(run.stderr.contains("4 个未导入"), "{}", run.stderr);
}

#[test]
fn the_column_is_chosen_with_its_kind() {
    let p = portal();
    let run = import(
        &p,
        &["county-notice.docx"],
        &["--column", "fdzdgknr/zcwj/gfxwj"],
    );
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let md = read(&p, &format!("{GFXWJ}/2021-00001.md"));
    assert!(
        md.contains("类型: 规范性文件") && md.contains("有效性: 有效"),
        "{md}"
    );
    let run = import(&p, &["county-notice.docx"], &["--column", "nowhere"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("栏目 nowhere 不存在"), "{}", run.stderr);
    // A column outside content/ is refused even where an _index.md exists.
    p.write("elsewhere/_index.md", &column("外部", "规范性文件"));
    let run = import(&p, &["county-notice.docx"], &["--column", "../elsewhere"]);
    assert_eq!(run.code, 1);
    assert!(!p.root().join("elsewhere/files").exists());
}

// ---- generated downloads ----------------------------------------------------------

/// `pdftotext` from poppler-utils: in CI its absence fails the test, elsewhere it
/// skips with a warning.
fn pdftotext(pdf: &Path) -> Option<String> {
    match std::process::Command::new("pdftotext")
        .arg("-layout")
        .arg(pdf)
        .arg("-")
        .output()
    {
        Ok(o) if o.status.success() => Some(String::from_utf8_lossy(&o.stdout).into_owned()),
        other => {
            let why = format!(
                "pdftotext failed or is missing ({other:?}): apt-get install poppler-utils"
            );
            assert!(std::env::var("CI").as_deref() != Ok("true"), "{why}");
            eprintln!("WARNING: PDF text not checked: {why}");
            None
        }
    }
}

/// Whether a CJK font is installed (Noto CJK on Linux); in CI it must be.
fn has_cjk_font() -> bool {
    let found = std::process::Command::new("fc-list")
        .arg(":lang=zh")
        .output()
        .is_ok_and(|o| !o.stdout.is_empty());
    if !found {
        let why = "no CJK font: apt-get install fonts-noto-cjk";
        assert!(std::env::var("CI").as_deref() != Ok("true"), "{why}");
        eprintln!("WARNING: PDF generation not tested: {why}");
    }
    found
}

fn normative_md(title: &str, extra: &str, body: &str) -> String {
    format!(
        "---\n标题: {title}\n发布日期: 2026-03-02\n成文日期: 2026-02-27\n文号: 测政办〔2026〕7号\n发文机关: 测试县人民政府办公室\n索引号: 11990000MB0123456X/2026-00007\n主题分类: 民政、扶贫、救灾\n主题词: 临时救助、社会救助\n{extra}---\n{body}"
    )
}

const ASK: &str = "生成下载: true\n";
const OPT_OUT: &str = "生成下载: false\n";

const BODY: &str = "各乡镇人民政府，县政府各部门：\n\n## 一、救助对象\n\n具有本县户籍的困难家庭可以申请临时救助。\n\n## 二、救助标准\n\n| 困难程度 | 救助标准 |\n| --- | --- |\n| 一般困难 | 500元 |\n| 特别困难 | 2000元 |\n\n测试县人民政府办公室\n\n2026年2月27日\n";

#[test]
fn a_normative_document_gets_generated_word_and_pdf_downloads() {
    if !has_cjk_font() {
        return;
    }
    let p = portal();
    let rel = format!("{GFXWJ}/2026-lsjz.md");
    // Opted out: nothing generated, the rule reports what is missing.
    p.write(&rel, &normative_md("测试县临时救助实施办法", OPT_OUT, BODY));
    let run = p.xxgk(&["check", "--today", "2026-03-02"]);
    assert!(
        run.stdout.contains("缺少WORD版和PDF版下载"),
        "{}",
        run.stdout
    );
    assert!(!p.root().join(".xxgk/downloads").exists());
    // By default a 规范性文件 gets both.
    p.write(&rel, &normative_md("测试县临时救助实施办法", "", BODY));
    p.build_on("2026-03-02").ok();
    let page = p.page("fdzdgknr/zcwj/gfxwj/2026-lsjz");
    assert!(page.contains("测试县临时救助实施办法（WORD版）"), "{page}");
    assert!(page.contains("测试县临时救助实施办法（PDF版）"), "{page}");
    assert!(
        page.contains("2026-lsjz.pdf") && page.contains("2026-lsjz.docx"),
        "{page}"
    );
    assert!(page.contains("KB）"), "sizes shown: {page}");
    // `check` is satisfied: the rule sees the generated files.
    let run = p.xxgk(&["check", "--today", "2026-03-02"]);
    assert!(
        !run.stdout.contains("normative-downloads") && !run.stdout.contains("缺少PDF版"),
        "{}",
        run.stdout
    );

    let dir = p.site().join("fdzdgknr/zcwj/gfxwj/2026-lsjz");
    let pdf = dir.join("2026-lsjz.pdf");
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF-"));
    if let Some(text) = pdftotext(&pdf) {
        let flat: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        in_order(
            &flat,
            &[
                "测试县临时救助实施办法",
                "测政办〔2026〕7号",
                "各乡镇人民政府，县政府各部门：",
                "一、救助对象",
                "具有本县户籍的困难家庭可以申请临时救助。",
                "二、救助标准",
                "困难程度",
                "特别困难",
                "2000元",
                "2026年2月27日",
                "—1—",
            ],
        );
    }
    // The generated .docx is a valid package holding the same text.
    let docx = std::fs::read(dir.join("2026-lsjz.docx")).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&docx)).unwrap();
    assert!(zip.by_name("[Content_Types].xml").is_ok());
    assert!(zip.by_name("word/document.xml").is_ok());
    drop(zip);
    // Read back by the import: the same title, 文号 and body.
    let back = p.root().join("back.docx");
    std::fs::write(&back, &docx).unwrap();
    let run = p.xxgk(&["import", "--today", "2026-03-02", back.to_str().unwrap()]);
    assert!(
        run.stdout.contains("标题：测试县临时救助实施办法"),
        "{}\n{}",
        run.stdout,
        run.stderr
    );
    assert!(
        run.stdout.contains("文号：测政办〔2026〕7号"),
        "{}",
        run.stdout
    );
    let md = read(&p, &format!("{QTWJ}/2026-00008.md"));
    in_order(
        &md,
        &["## 一、救助对象", "| 一般困难 | 500元 |", "2026年2月27日"],
    );
}

/// Another document asks with `生成下载: true`; without it, or with a value that is
/// neither yes nor no, it gets nothing (the latter an error at its line).
#[test]
fn other_documents_get_downloads_only_when_they_ask() {
    let p = portal();
    let notice = |extra: &str| {
        format!(
            "---\n标题: 测试县人民政府办公室关于做好春季防火工作的通知\n发布日期: 2026-03-02\n成文日期: 2026-02-27\n发文机关: 测试县人民政府办公室\n索引号: 11990000MB0123456X/2026-00009\n主题分类: 综合政务\n主题词: 森林防火\n{extra}---\n各乡镇人民政府：\n\n## 一、压实责任\n\n落实森林防火责任。\n"
        )
    };
    let rel = format!("{QTWJ}/2026-fh.md");
    p.write(&rel, &notice(""));
    p.build_on("2026-03-02").ok();
    let page = p.page("fdzdgknr/zcwj/qtwj/2026-fh");
    assert!(!page.contains("（PDF版）"), "not asked: {page}");
    assert!(!p.root().join(".xxgk/downloads").exists());
    p.write(&rel, &notice("生成下载: 也许\n"));
    let run = p.xxgk(&["check", "--today", "2026-03-02", "--format", "json"]);
    let found: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let bad: Vec<String> = found
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["message"].as_str().unwrap_or("").contains("生成下载"))
        .map(|d| {
            format!(
                "{}:{}: {}",
                d["file"].as_str().unwrap(),
                d["line"],
                d["rule"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(bad, [format!("{rel}:9: unknown-value")]);
    assert!(!p.root().join(".xxgk/downloads").exists());
    if !has_cjk_font() {
        return;
    }
    p.write(&rel, &notice(ASK));
    p.build_on("2026-03-02").ok();
    let page = p.page("fdzdgknr/zcwj/qtwj/2026-fh");
    for needle in ["2026-fh.docx", "2026-fh.pdf", "（WORD版）", "（PDF版）"] {
        assert!(page.contains(needle), "{needle} missing: {page}");
    }
}

#[test]
fn generated_downloads_are_cached_and_withheld_documents_get_none() {
    if !has_cjk_font() {
        return;
    }
    let p = portal();
    let rel = format!("{GFXWJ}/2026-lsjz.md");
    p.write(&rel, &normative_md("测试县临时救助实施办法", ASK, BODY));
    // Withheld: no page, so nothing generated from its canary.
    p.write(
        &format!("{GFXWJ}/2026-nbcl.md"),
        &normative_md(
            "测试县内部处理意见",
            "公开方式: 不予公开\n不予公开依据: 内部事务信息\n生成下载: true\n",
            "CANARY-绝密-7f3a 内部意见。\n",
        )
        .replace("2026-00007", "2026-00008")
        .replace("7号", "8号"),
    );
    p.build_on("2026-03-02").ok();
    let cache = p.root().join(".xxgk/downloads");
    let listing = |dir: &Path| -> Vec<(String, std::time::SystemTime)> {
        let mut v: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| {
                let e = e.unwrap();
                (
                    e.file_name().to_string_lossy().into_owned(),
                    e.metadata().unwrap().modified().unwrap(),
                )
            })
            .collect();
        v.sort();
        v
    };
    let first = listing(&cache);
    assert_eq!(first.len(), 2, "one PDF and one WORD: {first:?}");
    // A clean build typesets nothing again.
    std::fs::remove_dir_all(p.site()).unwrap();
    p.build_on("2026-03-02").ok();
    assert_eq!(listing(&cache), first);
    // A changed body is typeset anew.
    p.write(
        &rel,
        &normative_md(
            "测试县临时救助实施办法",
            ASK,
            &BODY.replace("500元", "800元"),
        ),
    );
    p.build_on("2026-03-02").ok();
    assert_eq!(listing(&cache).len(), 4);
    for dir in [p.site(), p.root().join(".xxgk")] {
        for e in walkdir::WalkDir::new(&dir)
            .into_iter()
            .filter_map(Result::ok)
        {
            if e.file_type().is_file() {
                let bytes = std::fs::read(e.path()).unwrap();
                assert!(
                    !bytes.windows(CANARY.len()).any(|w| w == CANARY.as_bytes()),
                    "canary in {}",
                    e.path().display()
                );
                if e.path().extension().is_some_and(|x| x == "pdf")
                    && let Some(t) = pdftotext(e.path())
                {
                    assert!(
                        !t.contains("CANARY") && !t.contains("内部意见"),
                        "{}",
                        e.path().display()
                    );
                }
            }
        }
    }
    let search = p.xxgk(&["search", "内部意见", "--today", "2026-03-02"]);
    assert!(!search.stdout.contains("CANARY"), "{}", search.stdout);
}

#[test]
fn an_imported_normative_document_publishes_its_original_and_a_typeset_pdf() {
    if !has_cjk_font() {
        return;
    }
    let p = portal();
    import(
        &p,
        &["county-notice.docx"],
        &["--column", "fdzdgknr/zcwj/gfxwj"],
    )
    .ok();
    let rel = format!("{GFXWJ}/2021-00001.md");
    let md = read(&p, &rel)
        .replace("主题分类: \"\"", "主题分类: 教育")
        .replace("主题词: \"\"", "主题词: 学校安全、隐患排查");
    p.write(&rel, &md);
    let run = p.xxgk(&["check", "--today", "2021-09-06"]);
    assert!(!run.stdout.contains("缺少PDF版"), "{}", run.stdout);
    p.build_on("2021-09-06").ok();
    let page = p.page("fdzdgknr/zcwj/gfxwj/2021-00001");
    let title = "示例县人民政府办公室关于做好2021年秋季学期学校安全工作的通知";
    for needle in [
        format!("{title}（WORD版）"),
        format!("{title}（PDF版）"),
        "2021-00001.docx".into(),
        "2021-00001.pdf".into(),
    ] {
        assert!(page.contains(&needle), "{needle} not on the page");
    }
    assert!(page.matches("KB）").count() >= 2, "sizes shown");
    let dir = p.site().join("fdzdgknr/zcwj/gfxwj/2021-00001");
    // The WORD version is the editor's own file, unchanged.
    assert_eq!(
        std::fs::read(dir.join("2021-00001.docx")).unwrap(),
        std::fs::read(fixture("county-notice.docx")).unwrap()
    );
    if let Some(text) = pdftotext(&dir.join("2021-00001.pdf")) {
        let flat: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        in_order(
            &flat,
            &[
                "示例县人民政府办公室关于做好2021年秋季学期",
                "学校安全工作的通知",
                "示政办发〔2021〕12号",
                "各乡镇人民政府，县政府各部门、各直属机构：",
                "一、总体要求",
                "（一）压实工作责任。",
                "1．校园周边环境整治",
                "附件：1．示例县学校安全检查表",
                "抄送：县委办公室",
            ],
        );
    }
}

/// The preview serves the generated downloads a build writes, and a body edit
/// (patched in place) re-typesets them as a build would.
#[test]
fn the_preview_serves_the_generated_downloads_a_build_writes() {
    use std::sync::Arc;
    use xxgk::serve::live::LiveSite;
    use xxgk::serve::pages::Pages;
    if !has_cjk_font() {
        return;
    }
    let p = portal();
    let rel = format!("{GFXWJ}/2026-lsjz.md");
    p.write(&rel, &normative_md("测试县临时救助实施办法", ASK, BODY));
    let opts = xxgk::load::LoadOptions {
        root: p.root().to_path_buf(),
        today: chrono::NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(),
        base_url: None,
    };
    let pages = Arc::new(Pages::default());
    let (mut site, first) = LiveSite::open(&opts, pages.clone());
    assert!(
        first.diagnostics.iter().all(|d| !d.is_error()),
        "{:?}",
        first.diagnostics
    );
    let pdf_path = "fdzdgknr/zcwj/gfxwj/2026-lsjz/2026-lsjz.pdf";
    let served = |path: &str| pages.read().files.get(path).and_then(|f| f.bytes().ok());
    let before = served(pdf_path).expect("the preview serves the generated PDF");
    assert!(before.starts_with(b"%PDF-"));
    p.build_on("2026-03-02").ok();
    assert_eq!(
        std::fs::read(p.site().join(pdf_path)).unwrap(),
        before,
        "build = preview"
    );
    // A body edit: the preview's PDF changes with it, and equals the build's again.
    let edited = BODY.replace("500元", "800元");
    p.write(&rel, &normative_md("测试县临时救助实施办法", ASK, &edited));
    let outcome = site.apply(&[p.root().join(&rel)]);
    assert!(
        outcome.diagnostics.iter().all(|d| !d.is_error()),
        "{:?}",
        outcome.diagnostics
    );
    let after = served(pdf_path).expect("still served after the edit");
    assert_ne!(after, before, "the edit reached the PDF");
    p.build_on("2026-03-02").ok();
    assert_eq!(
        std::fs::read(p.site().join(pdf_path)).unwrap(),
        after,
        "build = preview"
    );
}
