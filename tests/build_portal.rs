//! `xxgk build` on real portals in temp folders: what a resident sees.

mod common;
use common::{Portal, column, doc};

const GFXWJ: &str = "content/fdzdgknr/zcwj/gfxwj";

fn normative(serial: u32, title: &str, date: &str, extra: &str) -> String {
    doc(
        &format!(
            // No generated downloads (tests/word.rs tests them): the files a build
            // writes stay those listed here.
            "标题: {title}\n发布日期: {date}\n成文日期: {date}\n文号: 测政办〔2026〕{serial}号\n发文机关: 测试县人民政府办公室\n索引号: 11990000MB0123456X/2026-{serial:05}\n主题分类: 劳动、人事、监察\n主题词: 就业、补贴\n{extra}\n生成下载: false"
        ),
        &format!("## 一、总体要求\n\n{title}的正文。"),
    )
}

fn base_portal() -> Portal {
    Portal::new(&[
        (
            "content/fdzdgknr/_index.md",
            &column("法定主动公开内容", "其他信息"),
        ),
        (
            "content/fdzdgknr/zcwj/_index.md",
            &column("政策文件", "政策文件"),
        ),
        (
            &format!("{GFXWJ}/_index.md"),
            &column("行政规范性文件", "规范性文件"),
        ),
        (
            "content/fdzdgknr/zcjd/_index.md",
            &column("政策解读", "政策解读"),
        ),
        (
            "content/gkzn/_index.md",
            &column("政府信息公开指南", "指南"),
        ),
        (
            "content/gkzn/zn.md",
            &doc(
                "标题: 测试县人民政府信息公开指南\n发布日期: 2026-01-05\n置顶: 1",
                "指南正文",
            ),
        ),
    ])
}

#[test]
fn pages_exist_at_the_contract_urls() {
    let p = base_portal();
    p.write(
        &format!("{GFXWJ}/jycy.md"),
        &normative(3, "测试县促进就业创业若干措施", "2026-03-12", ""),
    );
    p.build().ok();
    for route in [
        "",
        "fdzdgknr/",
        "fdzdgknr/zcwj/",
        "fdzdgknr/zcwj/gfxwj/",
        "fdzdgknr/zcwj/gfxwj/jycy/",
        "gkzn/zn/",
        "search/",
        "xxyxgfxwj/",
        "ysqgkml/",
    ] {
        assert!(p.has_page(route), "missing /{route}");
    }
    for file in ["sitemap.xml", "feed.xml", "404.html", "static/css/xxgk.css"] {
        assert!(p.site().join(file).is_file(), "missing /{file}");
    }
    let home = p.page("");
    assert!(
        home.contains("测试县人民政府信息公开指南"),
        "pinned guide on the home page"
    );
    assert!(
        home.contains("测试县促进就业创业若干措施"),
        "latest disclosures on the home page"
    );
    assert!(
        home.contains("网站标识码：9999000002")
            && home.contains("测ICP备00000002号")
            && home.contains("测公网安备"),
        "footer from config"
    );
    let sitemap = std::fs::read_to_string(p.site().join("sitemap.xml")).unwrap();
    assert!(sitemap.contains(
        "<loc>https://xxgk.test.gov.cn/fdzdgknr/zcwj/gfxwj/jycy/</loc><lastmod>2026-03-12</lastmod>"
    ));
    let feed = std::fs::read_to_string(p.site().join("feed.xml")).unwrap();
    assert!(feed.contains("<title>测试县促进就业创业若干措施</title>"));
}

#[test]
fn metadata_block_shows_every_field_in_chinese() {
    let p = base_portal();
    p.write(
        &format!("{GFXWJ}/jycy.md"),
        &normative(3, "测试县促进就业创业若干措施", "2026年3月12日", ""),
    );
    p.build().ok();
    let page = p.page("fdzdgknr/zcwj/gfxwj/jycy/");
    let cell = |th: &str, td: &str| format!("<th scope=\"row\">{th}</th><td>{td}</td>");
    for (th, td) in [
        ("索引号", "11990000MB0123456X/2026-00003"),
        ("主题分类", "劳动、人事、监察"),
        ("发文机关", "测试县人民政府办公室"),
        ("成文日期", "2026年3月12日"),
        ("发文字号", "测政办〔2026〕3号"),
        ("发布日期", "2026年3月12日"),
        ("主题词", "就业、补贴"),
    ] {
        assert!(
            page.contains(&cell(th, td)),
            "{th} = {td} missing in\n{page}"
        );
    }
    assert!(page.contains("<td class=\"validity\">有效</td>"));
    assert!(page.contains("<h2 id=\"一总体要求\">"), "heading anchors");
}

#[test]
fn pinned_first_by_order_then_newest_and_expired_pins_drop_out() {
    let p = base_portal();
    let notice = |title: &str, date: &str, extra: &str| {
        doc(&format!("标题: {title}\n发布日期: {date}\n{extra}"), "正文")
    };
    p.write(
        "content/gkzn/a.md",
        &notice("甲 最新的普通文件", "2026-10-01", ""),
    );
    p.write(
        "content/gkzn/b.md",
        &notice("乙 置顶2", "2026-01-01", "置顶: 2"),
    );
    p.write(
        "content/gkzn/c.md",
        &notice("丙 置顶true", "2026-02-01", "置顶: true"),
    );
    p.write(
        "content/gkzn/d.md",
        &notice(
            "丁 置顶已过期",
            "2026-03-01",
            "置顶: 0\n置顶截止: 2026-05-31",
        ),
    );
    p.write(
        "content/gkzn/e.md",
        &notice("戊 同日较早路径", "2026-09-01", ""),
    );
    p.write(
        "content/gkzn/f.md",
        &notice("己 同日较晚路径", "2026-09-01", ""),
    );
    p.build().ok();
    let page = p.page("gkzn/");
    let order: Vec<usize> = [
        "测试县人民政府信息公开指南",
        "乙 置顶2",
        "丙 置顶true",
        "甲 最新",
        "戊 同日",
        "己 同日",
        "丁 置顶已过期",
    ]
    .iter()
    .map(|t| page.find(t).unwrap_or_else(|| panic!("{t} not listed")))
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "order {order:?}");
    // Before its pinned_until, the pin holds.
    p.build_on("2026-05-01").ok();
    let page = p.page("gkzn/");
    assert!(page.find("丁 置顶已过期").unwrap() < page.find("测试县人民政府信息公开指南").unwrap());
}

#[test]
fn pagination_follows_page_size() {
    let p = base_portal();
    p.write(
        "xxgk.yaml",
        &common::CONFIG.replace("每页条数: 20", "每页条数: 2"),
    );
    for i in 1..=5 {
        p.write(
            &format!("content/gkzn/n{i}.md"),
            &doc(
                &format!("标题: 第{i}号通知\n发布日期: 2026-04-0{i}"),
                "正文",
            ),
        );
    }
    p.build().ok();
    // 6 documents (5 + pinned guide) → 3 pages.
    assert!(
        p.has_page("gkzn/page/2/") && p.has_page("gkzn/page/3/") && !p.has_page("gkzn/page/4/")
    );
    let first = p.page("gkzn/");
    assert!(
        first.contains("第 1 页，共 3 页")
            && first.contains("第5号通知")
            && !first.contains("第4号通知")
    );
    let third = p.page("gkzn/page/3/");
    assert!(third.contains("第1号通知") && third.contains("rel=\"prev\""));
    assert!(
        p.page("gkzn/page/1/").contains("url=/gkzn/"),
        "page/1 leads back to the column"
    );
}

#[test]
fn interpretation_and_document_link_both_ways_with_the_form() {
    let p = base_portal();
    p.write(
        &format!("{GFXWJ}/jycy.md"),
        &normative(3, "测试县促进就业创业若干措施", "2026-03-12", ""),
    );
    p.write(
        "content/fdzdgknr/zcjd/jycy-tj.md",
        &doc("标题: 图解：测试县促进就业创业若干措施\n发布日期: 2026-03-13\n解读对象: 11990000MB0123456X/2026-00003\n解读形式: 图解", "图解要点"),
    );
    p.write(
        "content/fdzdgknr/zcjd/jycy-wz.md",
        &doc("标题: 一图读懂之外的文字解读\n发布日期: 2026-03-12\n解读对象: fdzdgknr/zcwj/gfxwj/jycy.md\n解读形式: 文字", "文字解读"),
    );
    p.build().ok();
    let policy = p.page("fdzdgknr/zcwj/gfxwj/jycy/");
    assert!(
        policy.contains(
            "<span class=\"badge form\">图解</span> <a href=\"/fdzdgknr/zcjd/jycy-tj/\">"
        ),
        "{policy}"
    );
    assert!(
        policy.contains(
            "<span class=\"badge form\">文字</span> <a href=\"/fdzdgknr/zcjd/jycy-wz/\">"
        )
    );
    let interp = p.page("fdzdgknr/zcjd/jycy-tj/");
    assert!(interp.contains("解读文件：<a href=\"/fdzdgknr/zcwj/gfxwj/jycy/\">测试县促进就业创业若干措施</a>（测政办〔2026〕3号）"));
}

#[test]
fn expired_and_repealed_documents_are_marked_and_leave_the_current_directory() {
    let p = base_portal();
    p.write(
        &format!("{GFXWJ}/a.md"),
        &normative(1, "甲办法", "2026-01-05", "有效性: 废止"),
    );
    p.write(
        &format!("{GFXWJ}/b.md"),
        &normative(2, "乙办法", "2026-01-06", "失效日期: 2026-06-30"),
    );
    p.write(
        &format!("{GFXWJ}/c.md"),
        &normative(3, "丙办法", "2026-01-07", ""),
    );
    p.build().ok();
    let a = p.page("fdzdgknr/zcwj/gfxwj/a/");
    assert!(a.contains("本文件已废止"));
    let b = p.page("fdzdgknr/zcwj/gfxwj/b/");
    assert!(
        b.contains("本文件已失效") && b.contains("失效日期：2026年6月30日"),
        "expires honoured against --today"
    );
    let list = p.page("fdzdgknr/zcwj/gfxwj/");
    assert!(list.contains("<span class=\"badge expired\">失效</span>"));
    let dir = p.page("xxyxgfxwj/");
    assert!(dir.contains("丙办法") && !dir.contains("甲办法") && !dir.contains("乙办法"));
    // Before its expiry date, the same document is current.
    p.build_on("2026-06-01").ok();
    assert!(!p.page("fdzdgknr/zcwj/gfxwj/b/").contains("本文件已失效"));
    assert!(p.page("xxyxgfxwj/").contains("乙办法"));
}

#[test]
fn on_request_body_never_reaches_the_site() {
    const CANARY: &str = "依申请公开金丝雀正文7F3A";
    let p = base_portal();
    p.write(
        "content/fdzdgknr/zcwj/qtwj/_index.md",
        &column("其他文件", "政策文件"),
    );
    p.write(
        "content/fdzdgknr/zcwj/qtwj/files/secret.pdf",
        "%PDF-1.4 ATTACHMENT-CANARY-9Q",
    );
    p.write(
        "content/fdzdgknr/zcwj/qtwj/qs.md",
        &doc(
            "标题: 关于申请专项经费的请示\n发布日期: 2026-05-06\n成文日期: 2026-05-06\n文号: 测政〔2026〕12号\n索引号: 11990000MB0123456X/2026-00012\n主题分类: 财政、金融、审计\n公开方式: 依申请公开\n不予公开依据: 《中华人民共和国政府信息公开条例》第十六条 过程性信息\n附件:\n  - files/secret.pdf",
            &format!("{CANARY}，请示内容。"),
        ),
    );
    p.write(
        "content/fdzdgknr/zcwj/qtwj/mm.md",
        &doc(
            "标题: 涉密文件标题不得出现\n发布日期: 2026-05-07\n成文日期: 2026-05-07\n索引号: 11990000MB0123456X/2026-00013\n主题分类: 综合政务\n公开方式: 不予公开\n不予公开依据: 第十四条 国家秘密",
            &format!("{CANARY} 涉密"),
        ),
    );
    p.build().ok();
    for (path, bytes) in p.site_files() {
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains(CANARY), "canary body in {}", path.display());
        assert!(
            !text.contains("ATTACHMENT-CANARY-9Q"),
            "withheld attachment in {}",
            path.display()
        );
        assert!(
            !text.contains("涉密文件标题不得出现"),
            "涉密 document listed in {}",
            path.display()
        );
    }
    assert!(!p.has_page("fdzdgknr/zcwj/qtwj/qs/"));
    let dir = p.page("ysqgkml/");
    assert!(
        dir.contains("关于申请专项经费的请示")
            && dir.contains("测政〔2026〕12号")
            && dir.contains("第十六条 过程性信息")
    );
}

#[test]
fn every_content_error_is_reported_with_file_and_line_in_one_run() {
    let p = base_portal();
    p.write(
        &format!("{GFXWJ}/ok.md"),
        &normative(1, "正常文件", "2026-03-12", ""),
    );
    // Missing 标题 (line 2 is where the mapping starts), malformed date on line 3.
    p.write(
        "content/gkzn/bad1.md",
        "---\n发布日期: 2026-03-12\n置顶截止: 2026年13月1日\n---\n正文\n",
    );
    // Unknown kind on line 4 and unknown validity on line 5.
    p.write(
        "content/gkzn/bad2.md",
        "---\n标题: 甲\n发布日期: 2026-03-12\n类型: 通知\n有效性: 作废\n---\n",
    );
    // Duplicate 索引号 (line 7 of the normative front matter).
    p.write(
        &format!("{GFXWJ}/dup.md"),
        &normative(1, "重复索引号", "2026-03-13", ""),
    );
    // Interpretation pointing nowhere (line 4), attachment missing (line 6).
    p.write(
        "content/fdzdgknr/zcjd/bad3.md",
        "---\n标题: 解读\n发布日期: 2026-03-12\n解读对象: 11990000MB0123456X/2026-09999\n解读形式: 文字\n附件: [files/none.pdf]\n---\n",
    );
    // A GBK file, broken on its second line.
    let (gbk, _, _) =
        encoding_rs::GBK.encode("---\n标题: 关于做好就业工作的通知\n发布日期: 2026-03-12\n---\n");
    p.write_bytes("content/gkzn/gbk.md", &gbk);
    // YAML syntax error on line 3.
    p.write(
        "content/gkzn/bad4.md",
        "---\n标题: 甲\n发布日期: [2026-03-12\n---\n",
    );
    // Typo in a key: a warning naming the closest key.
    p.write(
        "content/gkzn/typo.md",
        "---\n标题: 乙\n发布日期: 2026-03-12\n置顶截至: 2026-12-01\n---\n",
    );
    let run = p.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    run.reports("content/gkzn/bad1.md:2", "缺少必填字段 标题");
    run.reports("content/gkzn/bad1.md:3", "不存在");
    run.reports("content/gkzn/bad2.md:4", "未知类型“通知”");
    run.reports("content/gkzn/bad2.md:5", "有效性");
    run.reports(&format!("{GFXWJ}/ok.md:7"), "重复");
    run.reports("content/fdzdgknr/zcjd/bad3.md:4", "找不到对应的文档");
    run.reports(
        "content/fdzdgknr/zcjd/bad3.md:7",
        "附件“files/none.pdf”不存在",
    );
    run.reports("content/gkzn/gbk.md:2", "GBK");
    run.reports("content/gkzn/bad4.md:3", "YAML");
    run.reports("content/gkzn/typo.md:4", "警告");
    assert!(run.stderr.contains("是否应为“置顶截止”"), "{}", run.stderr);
    assert!(run.stderr.contains("iconv -f GB18030"));
    assert!(!p.site().exists(), "nothing written on failure");
}

#[test]
fn a_failed_build_leaves_the_previous_site_byte_identical() {
    let p = base_portal();
    p.write(
        &format!("{GFXWJ}/jycy.md"),
        &normative(3, "测试县促进就业创业若干措施", "2026-03-12", ""),
    );
    p.build().ok();
    let before = p.site_files();
    assert!(before.len() > 10);
    p.write(
        "content/gkzn/broken.md",
        "---\n标题: 坏文件\n发布日期: 明天\n---\n",
    );
    let run = p.build();
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("原输出目录保持不变"));
    assert_eq!(p.site_files(), before, "site/ changed after a failed build");
    let leftovers: Vec<_> = std::fs::read_dir(p.root())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().starts_with(".site"))
        .collect();
    assert!(leftovers.is_empty(), "staging folders left behind");
}

#[test]
fn attachments_are_published_with_format_and_size() {
    let p = base_portal();
    p.write(
        &format!("{GFXWJ}/files/jycy.pdf"),
        &"%PDF-1.4\n".repeat(300),
    );
    p.write(&format!("{GFXWJ}/files/jycy.docx"), "PK docx bytes");
    p.write(
        &format!("{GFXWJ}/jycy.md"),
        &normative(3, "测试县促进就业创业若干措施", "2026-03-12", "附件:\n  - path: files/jycy.docx\n    title: 若干措施（WORD版）\n  - path: files/jycy.pdf\n    title: 若干措施（PDF版）"),
    );
    p.build().ok();
    let page = p.page("fdzdgknr/zcwj/gfxwj/jycy/");
    assert!(
        page.contains("若干措施（WORD版）</a> <span class=\"file-info\">（WORD，13 B）</span>"),
        "{page}"
    );
    assert!(
        page.contains("若干措施（PDF版）</a> <span class=\"file-info\">（PDF，2.6 KB）</span>")
    );
    assert!(p.site().join("fdzdgknr/zcwj/gfxwj/jycy/jycy.pdf").is_file());
}

#[test]
fn base_url_with_a_path_prefixes_every_link() {
    let p = base_portal();
    p.write(
        &format!("{GFXWJ}/jycy.md"),
        &normative(3, "测试县促进就业创业若干措施", "2026-03-12", ""),
    );
    p.xxgk(&[
        "build",
        "--today",
        "2026-11-23",
        "--base-url",
        "https://www.test.gov.cn/xxgk/",
    ])
    .ok();
    let home = p.page("");
    assert!(home.contains("href=\"/xxgk/fdzdgknr/zcwj/gfxwj/jycy/\""));
    assert!(home.contains("href=\"/xxgk/static/css/xxgk.css\""));
    assert!(!home.contains("href=\"/fdzdgknr"));
}

#[test]
fn a_base_url_that_is_no_url_is_refused_and_the_site_kept() {
    let p = base_portal();
    p.build().ok();
    let before = p.site_files();
    for bad in ["www.test.gov.cn/xxgk", "../xxgk/", "true"] {
        let run = p.xxgk(&["build", "--today", "2026-11-23", "--base-url", bad]);
        assert_eq!(run.code, 2, "{bad}: {}", run.stderr);
        assert!(run.stderr.contains("不是网址"), "{bad}: {}", run.stderr);
        assert_eq!(p.site_files(), before, "{bad}");
    }
}

#[test]
fn theme_scripts_are_published_minified_and_a_broken_one_is_reported_by_line() {
    let p = base_portal();
    p.write(
        "static/js/notice.js",
        "// 首页公告：显示当天的提示\nfunction showNotice(message) {\n  const banner = document.getElementById('notice');\n  banner.textContent = message;\n}\n",
    );
    p.build().ok();
    let published = std::fs::read_to_string(p.site().join("static/js/notice.js")).unwrap();
    assert!(!published.contains("首页公告"), "comment kept: {published}");
    assert!(
        published.contains("showNotice"),
        "global renamed: {published}"
    );
    let engine = std::fs::read_to_string(p.site().join("static/search/engine.js")).unwrap();
    let source = include_str!("../themes/default/static/search/engine.js");
    assert!(
        engine.len() * 3 < source.len() * 2,
        "engine.js not minified"
    );
    assert!(engine.contains("export"));

    let before = p.site_files();
    p.write(
        "static/js/notice.js",
        "function showNotice(message) {\n  const banner = ;\n}\n",
    );
    let run = p.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    run.reports("static/js/notice.js:2", "JavaScript 语法错误");
    assert_eq!(p.site_files(), before, "site/ changed after a failed build");
}
