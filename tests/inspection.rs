//! What the national inspection (国办秘函〔2019〕19号) and its monitoring crawler check,
//! on real portals built and checked in temp folders.

mod common;
use common::{Portal, column, doc};

/// The `content` of `<meta name="NAME" …>` in a page, unescaped; `None` if absent.
fn meta(page: &str, name: &str) -> Option<String> {
    let head = &page[..page.find("</head>").unwrap_or(page.len())];
    let tag = format!("<meta name=\"{name}\" content=\"");
    let start = head.find(&tag)? + tag.len();
    let end = start + head[start..].find('"')?;
    Some(
        head[start..end]
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&amp;", "&"),
    )
}

fn portal_with_notice() -> Portal {
    Portal::new(&[
        (
            "content/tzgg/_index.md",
            "---\n名称: 通知公告\n类型: 其他信息\n描述: 县政府发布的通知、公告和公示\n---\n",
        ),
        (
            "content/tzgg/2026-tfsj.md",
            &doc(
                "标题: 关于开展\"安全生产月\"<活动>的通知 & 安排\n发布日期: 2026-03-12\n发文机关: 测试县应急管理局\n主题词: 安全生产、应急",
                "各乡镇人民政府，县直各单位：\n\n为深入贯彻落实安全生产工作部署，现将有关事项通知如下。",
            ),
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
fn every_page_carries_the_site_metadata_and_documents_the_article_metadata() {
    let p = portal_with_notice();
    p.build().ok();
    for route in ["", "tzgg/", "tzgg/2026-tfsj/", "ysqgkml/", "search/"] {
        let page = p.page(route);
        assert_eq!(
            meta(&page, "SiteName").as_deref(),
            Some("测试县人民政府信息公开"),
            "{route}"
        );
        assert_eq!(
            meta(&page, "SiteDomain").as_deref(),
            Some("xxgk.test.gov.cn")
        );
        assert_eq!(meta(&page, "SiteIDCode").as_deref(), Some("9999000002"));
    }
    // Column metadata on column pages and documents, never on the home page.
    assert_eq!(meta(&p.page(""), "ColumnName"), None);
    for route in ["tzgg/", "tzgg/2026-tfsj/"] {
        let page = p.page(route);
        assert_eq!(meta(&page, "ColumnName").as_deref(), Some("通知公告"));
        assert_eq!(
            meta(&page, "ColumnDescription").as_deref(),
            Some("县政府发布的通知、公告和公示")
        );
        assert_eq!(meta(&page, "ColumnKeywords").as_deref(), Some("通知公告"));
        assert_eq!(meta(&page, "ColumnType").as_deref(), Some("通知公告"));
    }
    assert_eq!(meta(&p.page("tzgg/"), "ArticleTitle"), None);
    let page = p.page("tzgg/2026-tfsj/");
    let title = "关于开展\"安全生产月\"<活动>的通知 & 安排";
    assert_eq!(meta(&page, "ArticleTitle").as_deref(), Some(title));
    // Escaped, so a quote in a title cannot end the attribute.
    assert!(
        page.contains("content=\"关于开展&quot;安全生产月&quot;&lt;活动&gt;的通知 &amp; 安排\"")
    );
    assert_eq!(meta(&page, "PubDate").as_deref(), Some("2026-03-12 00:00"));
    assert_eq!(
        meta(&page, "ContentSource").as_deref(),
        Some("测试县应急管理局")
    );
    assert_eq!(meta(&page, "Author").as_deref(), Some("测试县应急管理局"));
    assert_eq!(meta(&page, "Keywords").as_deref(), Some("安全生产,应急"));
    let description = meta(&page, "Description").unwrap();
    assert!(
        description.starts_with("各乡镇人民政府，县直各单位："),
        "{description}"
    );
    assert_eq!(
        meta(&page, "Url").as_deref(),
        Some("https://xxgk.test.gov.cn/tzgg/2026-tfsj/")
    );
}

const CANARY: &str = "CANARY-绝密-7f3a";

fn withheld(title: &str, number: &str, ground_key: &str) -> String {
    doc(
        &format!(
            "标题: {title}\n发布日期: 2026-06-08\n成文日期: 2026-06-01\n文号: {number}\n发文机关: 测试县人民政府办公室\n公开方式: 依申请公开\n{ground_key}: 第十六条 内部事务信息"
        ),
        &format!("正文不公开：{CANARY}"),
    )
}

#[test]
fn the_on_request_column_lists_its_withheld_documents_and_how_to_apply() {
    let p = portal_with_notice();
    p.write("content/ysqgk/_index.md", &column("依申请公开", "其他信息"));
    p.write(
        "content/ysqgk/nbgl.md",
        &withheld(
            "测试县人民政府办公室内部管理制度汇编",
            "测政办〔2026〕21号",
            "不予公开理由",
        ),
    );
    p.write(
        "content/ysqgk/hygl.md",
        &withheld(
            "测试县人民政府办公室会议管理办法",
            "测政办〔2026〕22号",
            "不公开理由",
        ),
    );
    // A column whose only document is withheld shows its row too.
    p.write("content/nbwj/_index.md", &column("内部事务", "其他信息"));
    p.write(
        "content/nbwj/kq.md",
        &withheld(
            "测试县人民政府办公室考勤制度",
            "测政办〔2026〕23号",
            "不予公开依据",
        ),
    );
    p.build().ok();
    let page = p.page("ysqgk/");
    assert!(!page.contains("本栏目暂无信息"), "{page}");
    for needle in [
        "测试县人民政府办公室内部管理制度汇编",
        "测政办〔2026〕21号",
        "测试县人民政府办公室会议管理办法",
        "测政办〔2026〕23号",
        "第十六条 内部事务信息",
        "2026年6月1日",
        "如需获取",
        "0999-7654321",
        "href=\"/ysqgkml/\"",
    ] {
        assert!(page.contains(needle), "ysqgk/ lacks {needle}:\n{page}");
    }
    let page = p.page("nbwj/");
    assert!(!page.contains("本栏目暂无信息"), "{page}");
    assert!(page.contains("测试县人民政府办公室考勤制度"), "{page}");
    assert!(page.contains("href=\"/ysqgk/\">依申请公开</a>"), "{page}");
    assert!(!page.contains("会议管理办法"), "only its own rows: {page}");
    for (path, bytes) in p.site_files() {
        assert!(
            !String::from_utf8_lossy(&bytes).contains(CANARY),
            "{} holds the withheld body",
            path.display()
        );
    }
    for entry in walkdir::WalkDir::new(p.root().join(".xxgk"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
    {
        let bytes = std::fs::read(entry.path()).unwrap();
        assert!(
            !String::from_utf8_lossy(&bytes).contains(CANARY),
            "{} holds the withheld body",
            entry.path().display()
        );
    }
    let search = p.xxgk(&["search", CANARY, "--json"]);
    assert!(!search.stdout.contains(CANARY) && !search.stderr.contains(CANARY));
    let search = p.xxgk(&["search", "内部管理制度", "--json"]);
    assert!(!search.stdout.contains(CANARY), "{}", search.stdout);
    // Neither column is blank for the check.
    let run = p.xxgk(&["check", "--today", "2026-11-23"]);
    assert!(!run.stdout.contains("[empty-column]"), "{}", run.stdout);
    assert!(!run.stdout.contains(CANARY), "{}", run.stdout);
}

#[test]
fn check_ends_with_the_veto_verdict_in_text_and_report() {
    let p = portal_with_notice();
    let run = p.xxgk(&["check", "--today", "2026-03-20"]);
    assert!(
        run.stdout.contains("\n按《检查指标》单项否决项：通过\n"),
        "{}",
        run.stdout
    );
    // Five 动态 columns silent for over 2 weeks, and the home page with them.
    for i in 1..=5 {
        p.write(
            &format!("content/dt{i}/_index.md"),
            &column(&format!("乡镇工作动态{i}"), "其他信息"),
        );
        p.write(
            &format!("content/dt{i}/hy.md"),
            &doc(
                &format!("标题: 第{i}镇召开安全生产工作会议\n发布日期: 2026-03-02"),
                "会议部署了春季安全生产工作。",
            ),
        );
    }
    p.write(
        "content/dt1/_index.md",
        "---\n名称: 乡镇工作动态1\n更新周期: 一阵子\n---\n",
    );
    let run = p.xxgk(&["check", "--today", "2026-03-20"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stdout
            .contains("content/dt1/_index.md:3: 错误 [unknown-value] 更新周期“一阵子”无法识别"),
        "{}",
        run.stdout
    );
    p.write(
        "content/dt1/_index.md",
        "---\n名称: 乡镇工作动态1\n更新周期: 不定期\n---\n",
    );
    let run = p.xxgk(&["check", "--today", "2026-04-01"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let out = &run.stdout;
    assert!(out.contains("【检查指标单项否决】"), "{out}");
    // A 动态 column counts whatever it declares.
    assert!(out.contains("content/dt1/_index.md:1: 警告 [column-not-updated] 栏目“乡镇工作动态1”最近更新于2026年3月2日，动态要闻栏目应每2周更新（栏目不更新）"), "{out}");
    assert!(
        out.contains("[columns-not-updated] 动态要闻2周、通知公告和政策文件6个月未更新的栏目共5个"),
        "{out}"
    );
    assert!(
        out.contains("[home-not-updated] 首页最近更新于2026年3月12日"),
        "{out}"
    );
    assert!(
        out.contains("\n按《检查指标》单项否决项：不通过（首页不更新；栏目不更新）\n"),
        "{out}"
    );
    let report = tempfile::tempdir().unwrap();
    p.xxgk(&[
        "check",
        "--today",
        "2026-04-01",
        "--report",
        report.path().to_str().unwrap(),
    ]);
    let html = std::fs::read_to_string(report.path().join("index.html")).unwrap();
    assert!(
        html.contains("按《检查指标》单项否决项：不通过（首页不更新；栏目不更新）"),
        "{html}"
    );
}

fn policy(slug_serial: u32, title: &str, extra: &str) -> String {
    doc(
        &format!(
            "标题: {title}\n发布日期: 2026-03-12\n成文日期: 2026-03-06\n文号: 测政办〔2026〕{slug_serial}号\n发文机关: 测试县人民政府办公室\n索引号: 11990000MB0123456X/2026-{slug_serial:05}\n主题词: 医疗保障\n{extra}"
        ),
        "各乡镇人民政府，县直各单位：\n\n现将有关事项通知如下。",
    )
}

#[test]
fn topics_are_two_level_and_the_kind_of_document_is_shown() {
    let p = portal_with_notice();
    p.write("content/zcwj/_index.md", &column("政策文件", "政策文件"));
    p.write(
        "content/zcwj/ypgl.md",
        &policy(
            31,
            "测试县人民政府办公室关于印发测试县药品集中带量采购工作方案的通知",
            "主题分类: 卫生、体育\\医药管理",
        ),
    );
    p.write(
        "content/zcwj/jmyb.md",
        &policy(
            32,
            "测试县人民政府办公室关于做好城乡居民基本医疗保险参保工作的实施意见",
            "主题分类: 社会保障",
        ),
    );
    p.write(
        "content/zcwj/hy.md",
        &policy(
            33,
            "测试县医疗保障工作联席会议议定事项",
            "主题分类: 卫生、体育\n公文种类: 纪要",
        ),
    );
    p.build().ok();
    let page = p.page("zcwj/ypgl/");
    assert!(
        page.contains("主题分类</th><td>卫生、体育\\医药管理</td>"),
        "{page}"
    );
    assert!(
        page.contains("公文种类</th><td colspan=\"3\">通知</td>"),
        "{page}"
    );
    let page = p.page("zcwj/jmyb/");
    assert!(
        page.contains("主题分类</th><td>劳动、人事、监察\\社会保障</td>"),
        "{page}"
    );
    assert!(
        page.contains("公文种类</th><td colspan=\"3\">意见</td>"),
        "{page}"
    );
    let page = p.page("zcwj/hy/");
    assert!(
        page.contains("公文种类</th><td colspan=\"3\">纪要</td>"),
        "{page}"
    );

    // A sub-topic under the wrong parent, and a kind that is none of the 15, are errors.
    p.write(
        "content/zcwj/cw.md",
        &policy(
            34,
            "测试县人民政府办公室关于医保基金监管的通知",
            "主题分类: 卫生、体育\\社会保障\n公文种类: 便函",
        ),
    );
    let run = p.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    run.reports("content/zcwj/cw.md:9", "主题分类“卫生、体育\\社会保障”");
    run.reports("content/zcwj/cw.md:10", "公文种类“便函”");
}
