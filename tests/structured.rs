//! Structured disclosures — 权责清单, 预决算, 年度报告 — built into real portals:
//! the tables residents see, the checks that stop a build whose numbers do not add
//! up, and editors' spreadsheets read as they keep them.

mod common;
use common::{Portal, Run, column, doc};

const QZQD: &str = "content/fdzdgknr/qzqd";
const CZYJS: &str = "content/fdzdgknr/czyjs";
const GKNB: &str = "content/gknb";
const GFXWJ: &str = "content/fdzdgknr/zcwj/gfxwj";

fn portal() -> Portal {
    Portal::new(&[
        (
            "content/fdzdgknr/_index.md",
            &column("法定主动公开内容", "其他信息"),
        ),
        (
            &format!("{QZQD}/_index.md"),
            &column("权责清单", "权责清单"),
        ),
        (
            &format!("{CZYJS}/_index.md"),
            &column("财政预决算", "预决算"),
        ),
        (
            &format!("{GKNB}/_index.md"),
            &column("政府信息公开年报", "年报"),
        ),
        (
            "content/fdzdgknr/zcwj/_index.md",
            &column("政策文件", "政策文件"),
        ),
        (
            &format!("{GFXWJ}/_index.md"),
            &column("行政规范性文件", "规范性文件"),
        ),
    ])
}

/// 1-based line of the first line of `text` containing `needle`.
fn line_of(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("`{needle}` not in fixture"))
        + 1
}

/// Asserts the build failed (exit 1) with an error at `file:line` whose message holds every needle.
fn fails_with(run: &Run, file_line: &str, needles: &[&str]) {
    assert_eq!(run.code, 1, "expected exit 1\nstderr:\n{}", run.stderr);
    let hit = run.stderr.lines().any(|l| {
        l.starts_with(&format!("{file_line}: 错误：")) && needles.iter().all(|n| l.contains(n))
    });
    assert!(
        hit,
        "no error `{file_line}: …{needles:?}…` in:\n{}",
        run.stderr
    );
}

/// An .xlsx workbook: numbers are written as numbers, as Excel stores them.
fn xlsx(sheets: &[(&str, &[&[&str]])]) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    for (name, rows) in sheets {
        let ws = book.add_worksheet();
        ws.set_name(*name).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                if cell.is_empty() {
                    continue;
                }
                match cell.parse::<f64>() {
                    Ok(n) => ws.write_number(r as u32, c as u16, n).unwrap(),
                    Err(_) => ws.write_string(r as u32, c as u16, *cell).unwrap(),
                };
            }
        }
    }
    book.save_to_buffer().unwrap()
}

// ---- 权责清单 ------------------------------------------------------------

const POWER_LIST: &str = r#"标题: 测试县市场监督管理局权责清单（2026年版）
发布日期: 2026-05-10
发文机关: 测试县市场监督管理局
类型: 权责清单
实施主体: 测试县市场监督管理局
正文: 本清单按事项类型排列，可在本页查找。
事项:
  - 编码: SJ-XK-001
    事项名称: 食品经营许可
    事项类型: 行政许可
    设定依据: 《中华人民共和国食品安全法》第三十五条
    责任事项: |
      1.受理责任：公示应当提交的材料，一次性告知补正材料。
      2.审查责任：对申请材料进行审查，必要时现场核查。
    追责情形: 对符合法定条件的申请不予受理的
    运行流程: 申请→受理→审查→决定→送达
    监督方式: 监督电话：0999-7654400
  - 编码: SJ-CF-001
    事项名称: 对生产经营不符合食品安全标准的食品的处罚
    事项类型: 行政处罚
    设定依据: 《中华人民共和国食品安全法》第一百二十四条
    责任事项: 立案、调查、审查、告知、决定、送达、执行
    追责情形: 没有法律和事实依据实施行政处罚的
  - 编码: SJ-CF-002
    事项名称: 对未按规定公示营业执照的处罚
    事项类型: 处罚
    设定依据: 《市场主体登记管理条例》第四十八条
    责任事项: 立案、调查、决定
    追责情形: 擅自改变行政处罚种类、幅度的
  - 编码: SJ-JC-001
    事项名称: 对特种设备使用单位的监督检查
    事项类型: 行政检查
    设定依据: 《中华人民共和国特种设备安全法》第五十七条
    实施主体: 测试县市场监督管理局特种设备安全监察股
    责任事项: 检查责任；处置责任
    追责情形: 检查中发现违法行为不依法处置的
"#;

#[test]
fn power_list_page_filters_by_type_without_script_and_with_it() {
    let p = portal();
    p.write(&format!("{QZQD}/scj.yaml"), POWER_LIST);
    p.build().ok();
    let page = p.page("fdzdgknr/qzqd/scj/");
    // Without JS: a link per type with its count, anchors on each type's rows.
    for (id, name, n) in [
        ("xzxk", "行政许可", 1),
        ("xzcf", "行政处罚", 2),
        ("xzjc", "行政检查", 1),
    ] {
        assert!(
            page.contains(&format!(
                r##"<a href="#{id}" data-type="{name}">{name} <span class="count">{n} 项</span></a>"##
            )),
            "type link for {name} in\n{page}"
        );
        assert!(page.contains(&format!(
            r#"<tbody id="{id}" class="power-group" data-type="{name}">"#
        )));
        assert!(page.contains(&format!(
            r#"<th scope="rowgroup" colspan="6">{name}（{n} 项）</th>"#
        )));
    }
    assert!(
        !page.contains("行政强制"),
        "types without items are not listed"
    );
    assert!(page.contains("权责事项（共 4 项）"));
    // The filter form is revealed by the external script; no inline script (CSP).
    assert!(page.contains(r#"<form class="power-filter" id="power-filter" role="search""#));
    assert!(page.contains(r#"<select id="pl-type" name="type">"#));
    assert!(page.contains(r#"<option value="行政处罚">行政处罚（2 项）</option>"#));
    assert!(page.contains(r#"<input id="pl-q" name="q" type="search""#));
    assert!(page.contains(r#"<script src="/static/js/power_list.js" defer></script>"#));
    assert_eq!(
        page.matches("<script").count(),
        page.matches("<script src=").count(),
        "no inline script"
    );
    assert!(p.site().join("static/js/power_list.js").is_file());
    // Each item with its 设定依据, 实施主体, 责任事项 (line by line), 追责情形.
    let row = page
        .split(r#"<tr id="item-SJ-XK-001""#)
        .nth(1)
        .and_then(|r| r.split("</tr>").next())
        .expect("row of SJ-XK-001");
    for text in [
        r#"<th scope="row" class="name" data-label="事项名称">食品经营许可"#,
        "<p>《中华人民共和国食品安全法》第三十五条</p>",
        r#"<td data-label="实施主体">测试县市场监督管理局</td>"#,
        "<p>1.受理责任：公示应当提交的材料，一次性告知补正材料。</p><p>2.审查责任",
        "<p>对符合法定条件的申请不予受理的</p>",
        "<p>申请→受理→审查→决定→送达</p>",
    ] {
        assert!(row.contains(text), "{text} missing in\n{row}");
    }
    assert!(
        page.contains(r#"<td data-label="实施主体">测试县市场监督管理局特种设备安全监察股</td>"#)
    );
    // "处罚" is read as 行政处罚.
    let cf2 = page.split(r#"<tr id="item-SJ-CF-002""#).nth(1).unwrap();
    assert!(cf2.starts_with(r#" class="power-item" data-type="行政处罚">"#));
}

#[test]
fn power_list_items_are_plain_text_for_the_search_index() {
    let p = portal();
    p.write(&format!("{QZQD}/scj.yaml"), POWER_LIST);
    let (portal, diags) = xxgk::load::load(&xxgk::load::LoadOptions {
        root: p.root().to_path_buf(),
        today: chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
        base_url: None,
    });
    assert!(!diags.has_errors(), "{diags:?}");
    let portal = portal.unwrap();
    let d = portal.documents.iter().find(|d| d.slug == "scj").unwrap();
    let text = &d.body.as_ref().unwrap().text;
    for needle in [
        "本清单按事项类型排列",
        "对未按规定公示营业执照的处罚",
        "《市场主体登记管理条例》第四十八条",
        "SJ-JC-001",
        "测试县市场监督管理局特种设备安全监察股",
    ] {
        assert!(text.contains(needle), "{needle} not in\n{text}");
    }
}

#[test]
fn power_list_from_an_xlsx_with_a_title_row_and_a_named_sheet() {
    let p = portal();
    let header: &[&str] = &[
        "序号",
        "编码",
        "事项名称",
        "事项类型",
        "设定依据",
        "实施主体",
        "责任事项",
        "追责情形",
    ];
    let book = xlsx(&[
        ("填表说明", &[&["本表由县人社局维护"]]),
        (
            "权责清单",
            &[
                &["测试县人力资源和社会保障局权责清单"],
                header,
                &[
                    "1",
                    "RS-QR-001",
                    "工伤认定",
                    "行政确认",
                    "《工伤保险条例》第十七条",
                    "测试县人力资源和社会保障局",
                    "受理责任\n审查责任\n决定责任",
                    "对符合条件的申请不予受理的",
                ],
                &[
                    "2",
                    "RS-CJ-001",
                    "劳动人事争议仲裁",
                    "行政裁决",
                    "《中华人民共和国劳动争议调解仲裁法》第五条",
                    "测试县劳动人事争议仲裁委员会",
                    "受理责任\n审理责任",
                    "违反法定程序审理的",
                ],
                &["注：本清单实行动态调整。"],
            ],
        ),
    ]);
    p.write_bytes(&format!("{QZQD}/rsj.xlsx"), &book);
    p.write(
        &format!("{QZQD}/rsj.yaml"),
        "标题: 测试县人力资源和社会保障局权责清单\n发布日期: 2026-05-10\n类型: 权责清单\n事项:\n  文件: rsj.xlsx\n  工作表: 权责清单\n",
    );
    p.build().ok();
    let page = p.page("fdzdgknr/qzqd/rsj/");
    assert!(
        page.contains("权责事项（共 2 项）"),
        "the footnote row is not an item"
    );
    assert!(page.contains(r#"<tr id="item-RS-QR-001" class="power-item" data-type="行政确认">"#));
    assert!(page.contains("<p>受理责任</p><p>审查责任</p><p>决定责任</p>"));
    assert!(page.contains("测试县劳动人事争议仲裁委员会"));
    // The sheet itself is offered for download.
    assert!(
        page.contains(r#"<a href="/fdzdgknr/qzqd/rsj/rsj.xlsx" download>电子表格：rsj.xlsx</a>"#)
    );
    assert_eq!(
        std::fs::read(p.site().join("fdzdgknr/qzqd/rsj/rsj.xlsx")).unwrap(),
        book
    );
}

#[test]
fn malformed_power_list_sheet_points_at_sheet_row_and_column() {
    let p = portal();
    // 事项类别 for 事项类型 in the header (B2), below a title row.
    let wrong_header = xlsx(&[(
        "Sheet1",
        &[
            &["测试县权责清单"],
            &["事项名称", "事项类别", "设定依据", "责任事项", "追责情形"],
            &[
                "工伤认定",
                "行政确认",
                "《工伤保险条例》",
                "受理",
                "不予受理的",
            ],
        ],
    )]);
    p.write_bytes(&format!("{QZQD}/a.xlsx"), &wrong_header);
    p.write(
        &format!("{QZQD}/a.yaml"),
        "标题: 甲\n发布日期: 2026-05-10\n实施主体: 测试县人社局\n事项: a.xlsx\n",
    );
    // An unknown type in C3, a missing 设定依据 on row 4.
    let bad_rows = xlsx(&[(
        "清单",
        &[
            &[
                "事项名称",
                "编码",
                "事项类型",
                "设定依据",
                "责任事项",
                "追责情形",
            ],
            &[
                "工伤认定",
                "QR-1",
                "行政确认",
                "《工伤保险条例》",
                "受理",
                "不予受理的",
            ],
            &[
                "劳动保障监察",
                "JC-1",
                "行政检察",
                "《劳动保障监察条例》",
                "检查",
                "不处置的",
            ],
            &["失业登记", "QR-2", "行政确认", "", "登记", "不登记的"],
        ],
    )]);
    p.write_bytes(&format!("{QZQD}/b.xlsx"), &bad_rows);
    p.write(
        &format!("{QZQD}/b.yaml"),
        "标题: 乙\n发布日期: 2026-05-10\n实施主体: 测试县人社局\n事项: b.xlsx\n",
    );
    let run = p.build();
    fails_with(
        &run,
        &format!("{QZQD}/a.xlsx:2"),
        &["Sheet1!B2", "事项类别", "缺少必需的列“事项类型”"],
    );
    fails_with(
        &run,
        &format!("{QZQD}/b.xlsx:3"),
        &["清单!C3", "行政检察", "不是权责事项类型"],
    );
    fails_with(
        &run,
        &format!("{QZQD}/b.xlsx:4"),
        &["清单!第4行", "失业登记", "缺少 设定依据"],
    );
    assert!(!p.site().exists(), "nothing is written");
}

// ---- 预决算 --------------------------------------------------------------

const BUDGET: &str = r#"标题: 测试县财政局2026年部门预算
发布日期: 2026-03-18
发文机关: 测试县财政局
类型: 预决算
年度: 2026
阶段: 预算
收支总表:
  收入:
    - {项目: 一般公共预算财政拨款收入, 金额: 520.30}
  支出:
    - {项目: 一般公共服务支出, 金额: 468.90}
    - {项目: 住房保障支出, 金额: 51.40}
  收入总计: 520.30
  支出总计: 520.30
一般公共预算支出表:
  - {科目编码: 201, 科目名称: 一般公共服务支出, 合计: 468.90, 基本支出: 398.90, 项目支出: 70.00}
  - {科目编码: 20106, 科目名称: 财政事务, 合计: 468.90, 基本支出: 398.90, 项目支出: 70.00}
  - {科目编码: 2010601, 科目名称: 行政运行, 合计: 398.90, 基本支出: 398.90, 项目支出: 0}
  - {科目编码: 2010699, 科目名称: 其他财政事务支出, 合计: 70.00, 基本支出: 0, 项目支出: 70.00}
  - {科目编码: 221, 科目名称: 住房保障支出, 合计: 51.40, 基本支出: 51.40, 项目支出: 0}
  - {科目编码: 22102, 科目名称: 住房改革支出, 合计: 51.40, 基本支出: 51.40, 项目支出: 0}
  - {科目编码: 2210201, 科目名称: 住房公积金, 合计: 51.40, 基本支出: 51.40, 项目支出: 0}
  - {科目名称: 合计, 合计: 520.30, 基本支出: 450.30, 项目支出: 70.00}
一般公共预算基本支出表:
  - {科目编码: 301, 科目名称: 工资福利支出, 合计: 402.50, 人员经费: 402.50}
  - {科目编码: 30101, 科目名称: 基本工资, 合计: 351.10, 人员经费: 351.10}
  - {科目编码: 30113, 科目名称: 住房公积金, 合计: 51.40, 人员经费: 51.40}
  - {科目编码: 302, 科目名称: 商品和服务支出, 合计: 47.80, 公用经费: 47.80}
  - {科目编码: 30201, 科目名称: 办公费, 合计: 47.80, 公用经费: 47.80}
  - {科目名称: 合计, 合计: 450.30, 人员经费: 402.50, 公用经费: 47.80}
三公经费:
  因公出国（境）费: 0
  公务用车购置费: 0
  公务用车运行费: 3.60
  公务接待费: 1.20
  合计: 4.80
"#;

/// The 2025 budget of the same department, smaller: for the year-on-year view.
const BUDGET_2025: &str = r#"标题: 测试县财政局2025年部门预算
发布日期: 2025-03-19
发文机关: 测试县财政局
类型: 预决算
收支总表:
  收入:
    - {项目: 一般公共预算财政拨款收入, 金额: 500.00}
  支出:
    - {项目: 一般公共服务支出, 金额: 500.00}
三公经费: {公务用车运行费: 4.00, 公务接待费: 1.50}
"#;

#[test]
fn budget_tables_render_amounts_right_aligned_with_separators_and_charts() {
    let p = portal();
    p.write(&format!("{CZYJS}/2026-ys.yaml"), BUDGET);
    p.write(&format!("{CZYJS}/2025-ys.yaml"), BUDGET_2025);
    p.build().ok();
    let page = p.page("fdzdgknr/czyjs/2026-ys/");
    for text in [
        "<caption id=\"szzb-cap\">测试县财政局2026年部门收支预算总表（单位：万元）</caption>",
        "<caption id=\"ybgg-t-cap\">测试县财政局2026年一般公共预算支出预算表（单位：万元）</caption>",
        "<caption id=\"jbzc-t-cap\">测试县财政局2026年一般公共预算基本支出预算表（单位：万元）</caption>",
        "<caption id=\"sgjf-cap\">测试县财政局2026年一般公共预算“三公”经费支出预算表（单位：万元）</caption>",
        // 功能分类 down to 项, with the level for screen readers.
        r#"<tr class="level-2"><td class="code">20106</td><th scope="row" class="name"><span class="visually-hidden">款：</span>财政事务</th><td class="num">468.90</td><td class="num">398.90</td><td class="num">70.00</td></tr>"#,
        r#"<tr class="level-3"><td class="code">2010601</td>"#,
        r#"<tr class="total"><th scope="row" colspan="2">合计</th><td class="num">520.30</td><td class="num">450.30</td><td class="num">70.00</td></tr>"#,
        r#"<th scope="col" class="num">人员经费</th>"#,
        r#"<th scope="row">收入总计</th><td class="num">520.30</td><th scope="row">支出总计</th><td class="num">520.30</td>"#,
        r#"<th scope="colgroup" colspan="3">公务用车购置及运行费</th>"#,
        r#"<td class="num">4.80</td><td class="num">0.00</td><td class="num">3.60</td>"#,
    ] {
        assert!(page.contains(text), "{text} missing in\n{page}");
    }
    // Thousands separators: a large amount in the 2025 (smaller) document is not
    // needed; the formatter is exercised on the comparison table below.
    let css = std::fs::read_to_string(p.site().join("static/css/structured.css")).unwrap();
    assert!(css.contains(".data-table .num { text-align: right;"));
    assert!(page.contains(r#"<link rel="stylesheet" href="/static/css/structured.css">"#));

    // SVG bar chart of spending by 类, drawn at build time.
    let svg = page
        .split(r#"<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-bars""#)
        .nth(1)
        .and_then(|s| s.split("</svg>").next())
        .expect("bar chart");
    assert!(svg.contains("2026年一般公共预算支出按功能分类（类）（单位：万元）"));
    assert_eq!(svg.matches("<rect").count(), 2, "one bar per 类");
    assert!(svg.contains(">一般公共服务支出</text>") && svg.contains(">468.90</text>"));
    assert!(svg.contains(">住房保障支出</text>") && svg.contains(">51.40</text>"));

    // Year-on-year: both years, a link to the other, the change, a chart.
    for text in [
        r#"<th scope="row"><a href="/fdzdgknr/czyjs/2025-ys/">2025年</a></th><td class="num">500.00</td><td class="num">500.00</td><td class="num">—</td><td class="num">5.50</td>"#,
        r#"<span aria-current="page">2026年（本页）</span></th><td class="num">520.30</td><td class="num">520.30</td><td class="num">+4.06%</td><td class="num">4.80</td>"#,
    ] {
        assert!(page.contains(text), "{text} missing in\n{page}");
    }
    let charts: Vec<&str> = page
        .split(r#"class="chart chart-columns""#)
        .skip(1)
        .map(|s| s.split("</svg>").next().unwrap())
        .collect();
    assert_eq!(
        charts.len(),
        2,
        "totals and 三公经费, each on its own scale"
    );
    assert!(charts[0].contains("测试县财政局历年支出预算总计（单位：万元）"));
    assert!(charts[0].contains("<title>2025年 支出预算总计：500.00</title>"));
    assert!(charts[1].contains("<title>2026年 “三公”经费：4.80</title>"));
    // The 2025 page compares too.
    assert!(
        p.page("fdzdgknr/czyjs/2025-ys/")
            .contains("<a href=\"/fdzdgknr/czyjs/2026-ys/\">2026年</a>")
    );
}

#[test]
fn amounts_show_thousands_separators() {
    let p = portal();
    let big = BUDGET_2025
        .replace("500.00", "12345.60")
        .replace("2025年", "2024年")
        .replace("2025-03-19", "2024-03-19");
    p.write(&format!("{CZYJS}/2024-ys.yaml"), &big);
    p.build().ok();
    let page = p.page("fdzdgknr/czyjs/2024-ys/");
    assert!(
        page.contains(
            r#"<th scope="row">一般公共预算财政拨款收入</th><td class="num">12,345.60</td>"#
        ),
        "{page}"
    );
}

/// Builds the budget with `from` replaced by `to` and returns the failed run.
fn planted_budget(from: &str, to: &str) -> (Run, String) {
    assert!(BUDGET.contains(from), "{from}");
    let text = BUDGET.replace(from, to);
    let p = portal();
    p.write(&format!("{CZYJS}/2026-ys.yaml"), &text);
    (p.build(), text)
}

#[test]
fn items_that_do_not_add_up_to_their_kuan_are_named_with_both_numbers() {
    let (run, text) = planted_budget(
        "其他财政事务支出, 合计: 70.00, 基本支出: 0, 项目支出: 70.00",
        "其他财政事务支出, 合计: 70.10, 基本支出: 0, 项目支出: 70.10",
    );
    let at = format!("{CZYJS}/2026-ys.yaml:{}", line_of(&text, "科目编码: 20106"));
    fails_with(
        &run,
        &at,
        &[
            "款 20106 财政事务",
            "合计 为 468.90 万元",
            "各项之和为 469.00 万元",
        ],
    );
}

#[test]
fn kuan_that_do_not_add_up_to_their_lei_are_named_with_both_numbers() {
    let (run, text) = planted_budget(
        "{科目编码: 22102, 科目名称: 住房改革支出, 合计: 51.40, 基本支出: 51.40, 项目支出: 0}\n  - {科目编码: 2210201, 科目名称: 住房公积金, 合计: 51.40, 基本支出: 51.40, 项目支出: 0}",
        "{科目编码: 22102, 科目名称: 住房改革支出, 合计: 51.50, 基本支出: 51.50, 项目支出: 0}\n  - {科目编码: 2210201, 科目名称: 住房公积金, 合计: 51.50, 基本支出: 51.50, 项目支出: 0}",
    );
    let at = format!("{CZYJS}/2026-ys.yaml:{}", line_of(&text, "科目编码: 221,"));
    fails_with(
        &run,
        &at,
        &["类 221 住房保障支出", "51.40 万元", "各款之和为 51.50 万元"],
    );
}

#[test]
fn lei_that_do_not_add_up_to_the_total_are_named_with_both_numbers() {
    let (run, text) = planted_budget(
        "{科目名称: 合计, 合计: 520.30, 基本支出: 450.30",
        "{科目名称: 合计, 合计: 520.40, 基本支出: 450.40",
    );
    let at = format!(
        "{CZYJS}/2026-ys.yaml:{}",
        line_of(&text, "{科目名称: 合计, 合计: 520.40")
    );
    fails_with(
        &run,
        &at,
        &[
            "一般公共预算支出表",
            "合计 为 520.40 万元",
            "各类之和为 520.30 万元",
        ],
    );
}

#[test]
fn a_row_whose_total_is_not_its_parts_is_named_with_both_numbers() {
    let (run, text) = planted_budget(
        "行政运行, 合计: 398.90, 基本支出: 398.90",
        "行政运行, 合计: 398.90, 基本支出: 398.80",
    );
    let at = format!(
        "{CZYJS}/2026-ys.yaml:{}",
        line_of(&text, "科目编码: 2010601")
    );
    fails_with(
        &run,
        &at,
        &["项 2010601 行政运行", "合计 398.90 万元", "= 398.80 万元"],
    );
}

#[test]
fn summary_totals_and_balance_are_checked() {
    let (run, text) = planted_budget("  支出总计: 520.30", "  支出总计: 521.30");
    let at = format!("{CZYJS}/2026-ys.yaml:{}", line_of(&text, "支出总计"));
    fails_with(
        &run,
        &at,
        &[
            "收支总表 支出总计 为 521.30 万元",
            "各项支出之和为 520.30 万元",
        ],
    );

    let (run, text) = planted_budget(
        "- {项目: 住房保障支出, 金额: 51.40}",
        "- {项目: 住房保障支出, 金额: 51.40}\n    - {项目: 卫生健康支出, 金额: 2.00}",
    );
    let at = format!("{CZYJS}/2026-ys.yaml:{}", line_of(&text, "支出总计"));
    fails_with(
        &run,
        &at,
        &["支出总计 为 520.30 万元", "各项支出之和为 522.30 万元"],
    );
    let at = format!("{CZYJS}/2026-ys.yaml:{}", line_of(&text, "收支总表:"));
    fails_with(&run, &at, &["收入合计 520.30 万元", "支出合计 522.30 万元"]);
}

#[test]
fn three_public_expenses_must_add_up() {
    let (run, text) = planted_budget("  合计: 4.80", "  合计: 4.90");
    let at = format!("{CZYJS}/2026-ys.yaml:{}", line_of(&text, "  合计: 4.90"));
    fails_with(&run, &at, &["三公经费 合计 为 4.90 万元", "= 4.80 万元"]);
}

#[test]
fn basic_spending_must_agree_between_the_two_tables() {
    let (run, text) = planted_budget(
        "{科目编码: 302, 科目名称: 商品和服务支出, 合计: 47.80, 公用经费: 47.80}\n  - {科目编码: 30201, 科目名称: 办公费, 合计: 47.80, 公用经费: 47.80}\n  - {科目名称: 合计, 合计: 450.30, 人员经费: 402.50, 公用经费: 47.80}",
        "{科目编码: 302, 科目名称: 商品和服务支出, 合计: 47.90, 公用经费: 47.90}\n  - {科目编码: 30201, 科目名称: 办公费, 合计: 47.90, 公用经费: 47.90}\n  - {科目名称: 合计, 合计: 450.40, 人员经费: 402.50, 公用经费: 47.90}",
    );
    let at = format!("{CZYJS}/2026-ys.yaml:{}", line_of(&text, "合计: 450.40"));
    fails_with(
        &run,
        &at,
        &[
            "一般公共预算基本支出表 合计 为 450.40 万元",
            "基本支出 合计 为 450.30 万元",
        ],
    );
}

#[test]
fn budget_tables_from_csv_and_xlsx() {
    let p = portal();
    let csv_rows = "科目编码,科目名称,合计,人员经费,公用经费\n301,工资福利支出,402.50,402.50,\n30101,基本工资,351.10,351.10,\n30113,住房公积金,51.40,51.40,\n302,商品和服务支出,47.80,,47.80\n30201,办公费,47.80,,47.80\n,合计,450.30,402.50,47.80\n";
    p.write(&format!("{CZYJS}/jbzc.csv"), csv_rows);
    let function = xlsx(&[(
        "支出表",
        &[
            &["2026年一般公共预算支出表"],
            &["科目编码", "科目名称", "合计", "基本支出", "项目支出"],
            &["201", "一般公共服务支出", "468.9", "398.9", "70"],
            &["20106", "财政事务", "468.9", "398.9", "70"],
            &["2010601", "行政运行", "398.9", "398.9", "0"],
            &["2010699", "其他财政事务支出", "70", "0", "70"],
            &["221", "住房保障支出", "51.4", "51.4", "0"],
            &["22102", "住房改革支出", "51.4", "51.4", "0"],
            &["2210201", "住房公积金", "51.4", "51.4", "0"],
            &["", "合计", "520.3", "450.3", "70"],
        ],
    )]);
    p.write_bytes(&format!("{CZYJS}/zcb.xlsx"), &function);
    let start = BUDGET.find("一般公共预算支出表:").unwrap();
    let end = BUDGET.find("三公经费:").unwrap();
    let text = format!(
        "{}一般公共预算支出表: zcb.xlsx\n一般公共预算基本支出表: jbzc.csv\n{}",
        &BUDGET[..start],
        &BUDGET[end..]
    );
    p.write(&format!("{CZYJS}/2026-ys.yaml"), &text);
    p.build().ok();
    let page = p.page("fdzdgknr/czyjs/2026-ys/");
    assert!(page.contains(r#"<td class="code">2010699</td><th scope="row" class="name"><span class="visually-hidden">项：</span>其他财政事务支出</th><td class="num">70.00</td><td class="num">0.00</td><td class="num">70.00</td>"#), "{page}");
    assert!(page.contains(r#"<td class="code">30113</td>"#));
    assert!(page.contains("电子表格：zcb.xlsx") && page.contains("电子表格：jbzc.csv"));

    // A non-numeric amount in the csv, and a wrong one in the workbook.
    p.write(
        &format!("{CZYJS}/jbzc.csv"),
        &csv_rows.replace("30113,住房公积金,51.40", "30113,住房公积金,51.4O"),
    );
    let bad = xlsx(&[(
        "支出表",
        &[
            &["科目编码", "科目名称", "合计", "基本支出", "项目支出"],
            &["201", "一般公共服务支出", "468.9", "398.9", "七十"],
        ],
    )]);
    p.write_bytes(&format!("{CZYJS}/zcb.xlsx"), &bad);
    let run = p.build();
    fails_with(
        &run,
        &format!("{CZYJS}/jbzc.csv:4"),
        &["C4", "30113 住房公积金 合计", "“51.4O”不是金额"],
    );
    fails_with(
        &run,
        &format!("{CZYJS}/zcb.xlsx:2"),
        &[
            "支出表!E2",
            "201 一般公共服务支出 项目支出",
            "“七十”不是金额",
        ],
    );
}

// ---- 年度报告 ------------------------------------------------------------

fn report(year: i32, table3: &str, table4: &str, valid_normative: u32) -> String {
    format!(
        r#"标题: 测试县人民政府{year}年政府信息公开工作年度报告
发布日期: {next}-01-18
发文机关: 测试县人民政府
类型: 年报
年度: {year}
总体情况: |
  {year}年，测试县人民政府坚持以公开为常态、不公开为例外，全年主动公开政府信息{n}条。
主动公开政府信息情况: 全年主动公开政府信息情况如下表。
主动公开情况:
  规章: [0, 0, 0]
  行政规范性文件: {{本年制发件数: 3, 本年废止件数: 1, 现行有效件数: {valid_normative}}}
  行政许可: 5210
  行政处罚: 1207
  行政强制: 33
  行政事业性收费: 1086.40
申请情况:
{table3}复议诉讼情况:
{table4}存在的主要问题及改进情况: |
  {year}年存在的主要问题是政策解读形式较为单一，{year_next}年将增加图解和视频解读。
其他需要报告的事项: |
  {year}年本机关未收取信息处理费。
"#,
        next = year + 1,
        year_next = year + 1,
        n = 1000 + year % 100,
    )
}

const T3_2025: &str = "  本年新收: [10, 2, 0, 0, 1, 0, 13]
  上年结转: [1, 0, 0, 0, 0, 0, 1]
  予以公开: [6, 1, 0, 0, 1, 0, 8]
  部分公开: [2, 0, 0, 0, 0, 0, 2]
  本机关不掌握相关政府信息: [2, 1, 0, 0, 0, 0, 3]
  总计: [10, 2, 0, 0, 1, 0, 13]
  结转下年度继续办理: [1, 0, 0, 0, 0, 0, 1]
";
const T3_2024: &str = "  本年新收: [8, 1, 0, 0, 0, 0, 9]
  上年结转: [0, 0, 0, 0, 0, 0, 0]
  予以公开: [5, 1, 0, 0, 0, 0, 6]
  部分公开: [1, 0, 0, 0, 0, 0, 1]
  重复申请: [1, 0, 0, 0, 0, 0, 1]
  总计: [7, 1, 0, 0, 0, 0, 8]
  结转下年度继续办理: [1, 0, 0, 0, 0, 0, 1]
";
const T4: &str = "  行政复议: {结果维持: 1, 结果纠正: 0, 其他结果: 0, 尚未审结: 0, 总计: 1}
  未经复议直接起诉: [0, 0, 0, 0, 0]
  复议后起诉: [0, 0, 0, 0, 0]
";

#[test]
fn annual_report_has_the_six_sections_and_the_exact_template_tables() {
    let p = portal();
    p.write(&format!("{GKNB}/2025.yaml"), &report(2025, T3_2025, T4, 2));
    p.write(&format!("{GKNB}/2024.yaml"), &report(2024, T3_2024, T4, 1));
    p.build().ok();
    let page = p.page("gknb/2025/");
    for (i, title) in [
        "一、总体情况",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项",
    ]
    .iter()
    .enumerate()
    {
        assert!(
            page.contains(&format!(r#"<h2 id="part-{}-h">{title}</h2>"#, i + 1)),
            "{title}"
        );
    }
    // Table 2.
    for text in [
        r#"<caption id="t2-cap">表二　主动公开政府信息情况</caption>"#,
        r#"<th scope="colgroup" colspan="4">第二十条第（一）项</th>"#,
        r#"<th scope="col">信息内容</th><th scope="col">本年制发件数</th><th scope="col">本年废止件数</th><th scope="col">现行有效件数</th>"#,
        r#"<th scope="row">行政规范性文件</th><td class="num">3</td><td class="num">1</td><td class="num">2</td>"#,
        r#"<th scope="colgroup" colspan="4">第二十条第（五）项</th>"#,
        r#"<th scope="col" colspan="3">本年处理决定数量</th>"#,
        r#"<th scope="row">行政许可</th><td class="num" colspan="3">5210</td>"#,
        r#"<th scope="colgroup" colspan="4">第二十条第（六）项</th>"#,
        r#"<th scope="row">行政强制</th><td class="num" colspan="3">33</td>"#,
        r#"<th scope="colgroup" colspan="4">第二十条第（八）项</th>"#,
        r#"<th scope="col" colspan="3">本年收费金额（单位：万元）</th>"#,
        r#"<th scope="row">行政事业性收费</th><td class="num" colspan="3">1,086.40</td>"#,
    ] {
        assert!(page.contains(text), "{text} missing in\n{page}");
    }
    // Table 3: header, every row label, the spans of the template.
    for text in [
        r#"<caption id="t3-cap">表三　收到和处理政府信息公开申请情况</caption>"#,
        r#"<th scope="col" colspan="3" rowspan="3" class="identity">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</th><th scope="colgroup" colspan="7">申请人情况</th>"#,
        r#"<th scope="col" rowspan="2">自然人</th><th scope="colgroup" colspan="5">法人或其他组织</th><th scope="col" rowspan="2">总计</th>"#,
        r#"<th scope="col">商业企业</th><th scope="col">科研机构</th><th scope="col">社会公益组织</th><th scope="col">法律服务机构</th><th scope="col">其他</th>"#,
        r#"<tr><th scope="row" colspan="3">一、本年新收政府信息公开申请数量</th><td class="num">10</td><td class="num">2</td><td class="num">0</td><td class="num">0</td><td class="num">1</td><td class="num">0</td><td class="num">13</td></tr>"#,
        r#"<th scope="rowgroup" rowspan="22">三、本年度办理结果</th><th scope="row" colspan="2">（一）予以公开</th><td class="num">6</td>"#,
        r#"<th scope="rowgroup" rowspan="8">（三）不予公开</th><th scope="row">1.属于国家秘密</th>"#,
        r#"<th scope="rowgroup" rowspan="3">（四）无法提供</th><th scope="row">1.本机关不掌握相关政府信息</th><td class="num">2</td><td class="num">1</td>"#,
        r#"<th scope="rowgroup" rowspan="5">（五）不予处理</th>"#,
        r#"<th scope="rowgroup" rowspan="3">（六）其他处理</th>"#,
        r#"<tr class="total"><th scope="row" colspan="2">（七）总计</th>"#,
        r#"<th scope="row" colspan="3">四、结转下年度继续办理</th>"#,
    ] {
        assert!(page.contains(text), "{text} missing in\n{page}");
    }
    for label in [
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        "2.其他法律行政法规禁止公开",
        "3.危及“三安全一稳定”",
        "4.保护第三方合法权益",
        "5.属于三类内部事务信息",
        "6.属于四类过程性信息",
        "7.属于行政执法案卷",
        "8.属于行政查询事项",
        "2.没有现成信息需要另行制作",
        "3.补正后申请内容仍不明确",
        "1.信访举报投诉类申请",
        "2.重复申请",
        "3.要求提供公开出版物",
        "4.无正当理由大量反复申请",
        "5.要求行政机关确认或重新出具已获取信息",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        "3.其他",
    ] {
        assert!(
            page.contains(&format!(">{label}</th>")),
            "row label {label} missing"
        );
    }
    let t3 = page
        .split(r#"<caption id="t3-cap">"#)
        .nth(1)
        .and_then(|t| t.split("</table>").next())
        .unwrap();
    let body = t3.split("<tbody>").nth(1).unwrap();
    assert_eq!(
        body.matches("<tr").count(),
        25,
        "the 25 rows of the template"
    );
    assert_eq!(body.matches("<td class=\"num\">").count(), 25 * 7);
    // Table 4.
    for text in [
        r#"<caption id="t4-cap">表四　政府信息公开行政复议、行政诉讼情况</caption>"#,
        r#"<th scope="colgroup" colspan="5">行政复议</th><th scope="colgroup" colspan="10">行政诉讼</th>"#,
        r#"<th scope="col" rowspan="2">结果维持</th><th scope="col" rowspan="2">结果纠正</th><th scope="col" rowspan="2">其他结果</th><th scope="col" rowspan="2">尚未审结</th><th scope="col" rowspan="2">总计</th><th scope="colgroup" colspan="5">未经复议直接起诉</th><th scope="colgroup" colspan="5">复议后起诉</th>"#,
    ] {
        assert!(page.contains(text), "{text} missing in\n{page}");
    }
    // Year-on-year chart and its table.
    let chart = page
        .split(r#"class="chart chart-columns""#)
        .nth(1)
        .and_then(|s| s.split("</svg>").next())
        .expect("report chart");
    assert!(chart.contains("历年政府信息公开申请办理情况（单位：件）"));
    assert_eq!(
        chart.matches("<rect").count(),
        2 * 3 + 3,
        "2 years × 3 series + legend"
    );
    assert!(chart.contains("<title>2024年 本年新收申请：9</title>"));
    assert!(chart.contains("<title>2025年 予以公开和部分公开：10</title>"));
    assert!(page.contains(r#"<th scope="row"><a href="/gknb/2024/">2024年</a></th><td class="num">9</td><td class="num">0</td><td class="num">8</td><td class="num">7</td><td class="num">1</td>"#));
}

fn planted_report(from: &str, to: &str) -> (Run, String) {
    assert!(T3_2025.contains(from) || T4.contains(from), "{from}");
    let text = report(2025, &T3_2025.replace(from, to), &T4.replace(from, to), 2);
    let p = portal();
    p.write(&format!("{GKNB}/2025.yaml"), &text);
    (p.build(), text)
}

#[test]
fn a_row_total_that_is_not_the_sum_of_applicants_is_an_error() {
    let (run, text) = planted_report(
        "予以公开: [6, 1, 0, 0, 1, 0, 8]",
        "予以公开: [6, 1, 0, 0, 1, 0, 9]",
    );
    let at = format!("{GKNB}/2025.yaml:{}", line_of(&text, "予以公开:"));
    fails_with(
        &run,
        &at,
        &[
            "三、（一）予以公开",
            "总计 为 9",
            "自然人 6 + 商业企业 1",
            "= 8",
        ],
    );
}

#[test]
fn the_seventh_row_must_be_the_sum_of_the_results() {
    let (run, text) = planted_report(
        "部分公开: [2, 0, 0, 0, 0, 0, 2]",
        "部分公开: [3, 0, 0, 0, 0, 0, 3]",
    );
    let at = format!("{GKNB}/2025.yaml:{}", line_of(&text, "  总计:"));
    fails_with(&run, &at, &["（七）总计（自然人）为 10", "之和为 11"]);
    fails_with(&run, &at, &["（七）总计（总计）为 13", "之和为 14"]);
}

#[test]
fn received_plus_carried_in_must_equal_handled_plus_carried_out() {
    let (run, text) = planted_report(
        "结转下年度继续办理: [1, 0, 0, 0, 0, 0, 1]",
        "结转下年度继续办理: [2, 0, 0, 0, 0, 0, 2]",
    );
    let at = format!("{GKNB}/2025.yaml:{}", line_of(&text, "结转下年度继续办理"));
    fails_with(
        &run,
        &at,
        &[
            "表三（自然人）",
            "一、本年新收 10 + 二、上年结转 1 = 11",
            "三、（七）总计 10 + 四、结转下年度继续办理 2 = 12",
        ],
    );
    fails_with(&run, &at, &["表三（总计）", "= 14", "= 15"]);
}

#[test]
fn table_four_totals_are_checked() {
    let (run, text) = planted_report("总计: 1}", "总计: 2}");
    let at = format!("{GKNB}/2025.yaml:{}", line_of(&text, "行政复议:"));
    fails_with(
        &run,
        &at,
        &[
            "表四 行政复议",
            "总计 为 2",
            "结果维持 1 + 结果纠正 0 + 其他结果 0 + 尚未审结 0 = 1",
        ],
    );
}

#[test]
fn carried_in_must_equal_last_years_carried_out() {
    let p = portal();
    let this = report(2025, T3_2025, T4, 2);
    p.write(&format!("{GKNB}/2025.yaml"), &this);
    // 2024 carried 2 over (and is consistent in itself).
    let last = T3_2024
        .replace(
            "予以公开: [5, 1, 0, 0, 0, 0, 6]",
            "予以公开: [4, 1, 0, 0, 0, 0, 5]",
        )
        .replace("总计: [7, 1, 0, 0, 0, 0, 8]", "总计: [6, 1, 0, 0, 0, 0, 7]")
        .replace(
            "结转下年度继续办理: [1, 0, 0, 0, 0, 0, 1]",
            "结转下年度继续办理: [2, 0, 0, 0, 0, 0, 2]",
        );
    let last = report(2024, &last, T4, 1);
    p.write(&format!("{GKNB}/2024.yaml"), &last);
    let run = p.build();
    let at = format!("{GKNB}/2025.yaml:{}", line_of(&this, "上年结转"));
    let prev = format!("{GKNB}/2024.yaml:{}", line_of(&last, "结转下年度继续办理"));
    fails_with(
        &run,
        &at,
        &[
            "二、上年结转政府信息公开申请数量（自然人）为 1",
            "2024 年度报告",
            &prev,
            "四、结转下年度继续办理（自然人）为 2",
        ],
    );
    fails_with(&run, &at, &["（总计）为 1", "（总计）为 2"]);
    assert_eq!(
        run.stderr
            .lines()
            .filter(|l| l.contains("上年结转政府信息公开申请数量（"))
            .count(),
        2,
        "only the two columns that differ"
    );
}

#[test]
fn current_year_report_agrees_with_the_portals_valid_normative_documents() {
    let normative = |n: u32| {
        doc(
            &format!(
                "标题: 测试县规范性文件{n}\n发布日期: 2026-0{n}-10\n成文日期: 2026-0{n}-08\n文号: 测政规〔2026〕{n}号\n索引号: 11990000MB0123456X/2026-0000{n}\n主题分类: 综合政务\n生成下载: false"
            ),
            "正文",
        )
    };
    let p = portal();
    p.write(&format!("{GFXWJ}/a.md"), &normative(1));
    p.write(&format!("{GFXWJ}/b.md"), &normative(2));
    // A 2025 report (not the current year) is not compared: 17 passes.
    p.write(&format!("{GKNB}/2025.yaml"), &report(2025, T3_2025, T4, 17));
    let this = report(2026, T3_2025, T4, 5);
    p.write(&format!("{GKNB}/2026.yaml"), &this);
    let run = p.build();
    let at = format!("{GKNB}/2026.yaml:{}", line_of(&this, "行政规范性文件:"));
    fails_with(
        &run,
        &at,
        &[
            "表二 行政规范性文件 现行有效件数 为 5",
            "现行有效行政规范性文件目录中有 2 件",
        ],
    );
    assert!(
        !run.stderr.contains(&format!("{GKNB}/2025.yaml")),
        "{}",
        run.stderr
    );
    // With the right count the build passes.
    p.write(&format!("{GKNB}/2026.yaml"), &report(2026, T3_2025, T4, 2));
    p.build().ok();
    // And the same report built as of 2027 is no longer the current year's.
    p.write(&format!("{GKNB}/2026.yaml"), &this);
    p.build_on("2027-01-20").ok();
}

#[test]
fn report_rows_accept_the_template_labels_and_reject_unknown_ones() {
    let p = portal();
    let t3 = T3_2025
        .replace("  本年新收:", "  一、本年新收政府信息公开申请数量:")
        .replace("  予以公开:", "  （一）予以公开:")
        .replace(
            "  本机关不掌握相关政府信息:",
            "  三、（四）无法提供：本机关不掌握相关政府信息:",
        );
    p.write(&format!("{GKNB}/2025.yaml"), &report(2025, &t3, T4, 2));
    p.build().ok();
    let bad = T3_2025.replace("  部分公开:", "  部分公布:");
    let text = report(2025, &bad, T4, 2);
    p.write(&format!("{GKNB}/2025.yaml"), &text);
    let run = p.build();
    fails_with(
        &run,
        &format!("{GKNB}/2025.yaml:{}", line_of(&text, "部分公布")),
        &["表三：未知的行“部分公布”"],
    );
}

// ---- A failed identity blocks the build -----------------------------------

#[test]
fn a_failed_identity_exits_1_and_leaves_the_previous_site_byte_identical() {
    let p = portal();
    p.write(&format!("{CZYJS}/2026-ys.yaml"), BUDGET);
    p.write(&format!("{GKNB}/2025.yaml"), &report(2025, T3_2025, T4, 2));
    p.write(&format!("{QZQD}/scj.yaml"), POWER_LIST);
    p.build().ok();
    let before = p.site_files();
    assert!(before.len() > 10);

    for (file, from, to) in [
        (
            format!("{CZYJS}/2026-ys.yaml"),
            BUDGET.to_string(),
            BUDGET.replace("行政运行, 合计: 398.90", "行政运行, 合计: 389.90"),
        ),
        (
            format!("{GKNB}/2025.yaml"),
            report(2025, T3_2025, T4, 2),
            report(
                2025,
                &T3_2025.replace("[6, 1, 0, 0, 1, 0, 8]", "[6, 1, 0, 0, 1, 0, 18]"),
                T4,
                2,
            ),
        ),
    ] {
        p.write(&file, &to);
        let run = p.build();
        assert_eq!(run.code, 1, "{}", run.stderr);
        assert!(run.stderr.contains("未生成网站，原输出目录保持不变"));
        assert!(
            p.site_files() == before,
            "site changed after a failed build"
        );
        p.write(&file, &from);
    }
    p.build().ok();
}

// ---- The demo portal -------------------------------------------------------

#[test]
fn the_demo_portal_passes_every_check_and_shows_its_structured_documents() {
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    let run: Run = std::process::Command::new(env!("CARGO_BIN_EXE_xxgk"))
        .args(["build", "--today", "2026-11-23", "--root"])
        .arg(env!("CARGO_MANIFEST_DIR"))
        .arg("--out")
        .arg(&site)
        .output()
        .unwrap()
        .into();
    let run = run.ok();
    assert!(!run.stderr.contains("错误"), "{}", run.stderr);
    let page = |route: &str| std::fs::read_to_string(site.join(route).join("index.html")).unwrap();
    let list = page("fdzdgknr/qzqd/2026-rsj-qzqd");
    assert!(list.contains("权责事项（共 41 项）"));
    assert!(list.contains("电子表格：qzqd-rsj-2026.xlsx"));
    let budget = page("fdzdgknr/czyjs/2026-bmys");
    assert!(budget.contains(r#"<td class="num">1,286.40</td>"#));
    assert!(budget.contains(r#"<a href="/fdzdgknr/czyjs/2025-bmys/">2025年</a>"#));
    let report = page("gknb/2025-ndbg");
    for year in [2023, 2024] {
        assert!(report.contains(&format!(r#"<a href="/gknb/{year}-ndbg/">{year}年</a>"#)));
    }
    assert!(report.contains("<title>2025年 本年新收申请：32</title>"));
}
