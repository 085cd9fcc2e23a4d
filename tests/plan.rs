//! Work plans as task ledgers (工作台账): what residents and assessors see on the
//! plan page and the per-department pages, and what the rules report.

mod common;
use common::{Portal, column, doc};
use xxgk::check::kinds::plan as rules;
use xxgk::load::{LoadOptions, load};
use xxgk::model::kinds::plan::department_slug;

const GHJH: &str = "content/fdzdgknr/ghjh";

/// A 2023 town plan in the style of seed 000: nested headings, the seed's own
/// deadlines (6月底, 4月底, 2023年7月, 持续推进), and a heading the tasks return to.
const PLAN_2023: &str = r#"---
标题: 测试镇2023年政务公开重点工作提升行动实施方案
发布日期: 2023-03-20
发文机关: 测试镇人民政府
类型: 规划计划
任务:
  - 类别: 一、重点领域信息 / （一）规划信息公开
    工作内容: 做好历史规划的归集整理，公开现行有效的国土空间规划
    工作要求: 严格按节点发布批前公示、批后公开等信息。
    责任单位: 镇城建办
    完成时限: 6月底
    状态: 进行中
  - 类别: 一、重点领域信息 / （二）财政信息公开
    工作内容: 及时做好2022年预、决算及相关报表公开
    责任单位: 镇财政所
    完成时限: 4月底
    状态: 已销号
    完成日期: 2023-04-18
    佐证: zwgk/2023-ys.md
  - 类别: 二、依申请公开
    工作内容: 规范使用依申请公开平台，线下件1个工作日内录入
    责任单位: 镇党政办
    完成时限: 2023年7月
    状态: 未开始
  - 类别: 一、重点领域信息 / （一）规划信息公开
    工作内容: 推进“多规合一”实用性村庄规划编制
    责任单位: 镇城建办、镇财政所
    完成时限: 持续推进
    状态: 进行中
---
为夯实基层政务公开基础，经研究决定在全镇开展重点工作提升行动。
"#;

fn portal() -> Portal {
    Portal::new(&[
        (
            "content/fdzdgknr/_index.md",
            &column("法定主动公开内容", "其他信息"),
        ),
        (
            &format!("{GHJH}/_index.md"),
            &column("规划计划", "规划计划"),
        ),
        ("content/zwgk/_index.md", &column("政务公开", "其他信息")),
        (
            "content/zwgk/2023-ys.md",
            &doc(
                "标题: 测试镇2023年部门预算\n发布日期: 2023-04-18\n索引号: 11990000MB0123456X/2023-00011",
                "预算说明。",
            ),
        ),
        (
            "content/zwgk/2023-ndbg.md",
            &doc(
                "标题: 测试镇2022年政府信息公开工作年度报告\n发布日期: 2023-01-20\n索引号: 11990000MB0123456X/2023-00002",
                "年报正文。",
            ),
        ),
        (&format!("{GHJH}/2023-tsxd.md"), PLAN_2023),
    ])
}

/// The `<tr>` of a task on a page.
fn row<'a>(page: &'a str, anchor: &str) -> &'a str {
    let start = page
        .find(&format!("<tr id=\"{anchor}\""))
        .unwrap_or_else(|| panic!("no row {anchor}"));
    let end = start + page[start..].find("</tr>").unwrap();
    &page[start..end]
}

fn pos(page: &str, needle: &str) -> usize {
    page.find(needle)
        .unwrap_or_else(|| panic!("`{needle}` not on the page"))
}

#[test]
fn ledger_is_grouped_under_the_plans_nested_headings() {
    let p = portal();
    p.build_on("2023-05-10").ok();
    let page = p.page("fdzdgknr/ghjh/2023-tsxd");
    let table = &page[pos(&page, "id=\"plan-table\"")..];
    let h1 = pos(table, "一、重点领域信息");
    let h11 = pos(table, "（一）规划信息公开");
    let h12 = pos(table, "（二）财政信息公开");
    let h2 = pos(table, "二、依申请公开");
    assert!(h1 < h11 && h11 < h12 && h12 < h2, "headings out of order");
    assert_eq!(table.matches(">一、重点领域信息<").count(), 1);
    // Task 4 returns to （一）: it is listed there, not after 二、.
    let (t1, t2, t3, t4) = (
        pos(table, "id=\"task-1\""),
        pos(table, "id=\"task-2\""),
        pos(table, "id=\"task-3\""),
        pos(table, "id=\"task-4\""),
    );
    assert!(
        h11 < t1 && t1 < t4 && t4 < h12,
        "（一） holds tasks 1 and 4"
    );
    assert!(h12 < t2 && t2 < h2 && h2 < t3);
    assert!(table.contains("class=\"heading depth-2\""));
    // The prose stays above the ledger.
    assert!(pos(&page, "经研究决定在全镇开展") < pos(&page, "id=\"plan-table\""));
}

#[test]
fn deadlines_are_read_in_the_plans_year() {
    let p = portal();
    p.build_on("2023-05-10").ok();
    let page = p.page("fdzdgknr/ghjh/2023-tsxd");
    assert!(row(&page, "task-1").contains("<time datetime=\"2023-06-30\">6月底</time>"));
    assert!(row(&page, "task-1").contains("（2023年6月30日）"));
    assert!(row(&page, "task-2").contains("<time datetime=\"2023-04-30\">4月底</time>"));
    assert!(row(&page, "task-3").contains("<time datetime=\"2023-07-31\">2023年7月</time>"));
    let standing = row(&page, "task-4");
    assert!(standing.contains("持续推进") && standing.contains("长期任务"));
    assert!(!standing.contains("<time datetime"));
}

#[test]
fn overdue_is_judged_against_the_pinned_day() {
    let p = portal();
    // The deadline day itself is still in time.
    p.build_on("2023-06-30").ok();
    let page = p.page("fdzdgknr/ghjh/2023-tsxd");
    assert!(!row(&page, "task-1").contains("is-overdue"));

    p.build_on("2023-07-01").ok();
    let page = p.page("fdzdgknr/ghjh/2023-tsxd");
    let r1 = row(&page, "task-1");
    assert!(
        r1.contains("is-overdue") && r1.contains("已逾期1天"),
        "{r1}"
    );
    assert!(
        !row(&page, "task-2").contains("is-overdue"),
        "closed in time"
    );
    assert!(
        !row(&page, "task-3").contains("is-overdue"),
        "due at the end of July"
    );
    assert!(!row(&page, "task-4").contains("is-overdue"));
    assert!(page.contains("逾期未完成 1 项"));

    p.build_on("2024-03-01").ok();
    let page = p.page("fdzdgknr/ghjh/2023-tsxd");
    assert!(row(&page, "task-3").contains("已逾期214天"));
    assert!(
        !row(&page, "task-4").contains("is-overdue"),
        "持续推进 is never overdue"
    );
    assert!(page.contains("逾期未完成 2 项"));
    // Without script, the overdue tasks are listed by state below the ledger.
    let by_state = &page[pos(&page, "id=\"zt-yq\"")..pos(&page, "id=\"zt-wks\"")];
    assert!(by_state.contains("href=\"#task-1\"") && by_state.contains("href=\"#task-3\""));
    assert!(!by_state.contains("href=\"#task-2\""));
}

#[test]
fn plan_page_shows_progress_per_department_with_an_svg_chart_and_no_inline_script() {
    let p = portal();
    p.build_on("2023-07-01").ok();
    let page = p.page("fdzdgknr/ghjh/2023-tsxd");
    assert!(page.contains("共 4 项任务，已完成 1 项（其中已销号 1 项），完成率 25%"));
    let svg = &page[pos(&page, "<svg")..pos(&page, "</svg>")];
    assert!(
        svg.contains("<title>镇城建办 逾期未完成：1</title>"),
        "{svg}"
    );
    assert!(svg.contains("<title>镇财政所 已完成：1</title>"));
    // The units in the order the ledger first names them.
    let units = &page[pos(&page, "id=\"unit-progress\"")..];
    let (a, b, c) = (
        pos(units, "镇城建办"),
        pos(units, "镇财政所"),
        pos(units, "镇党政办"),
    );
    assert!(a < b && b < c);
    for tag in page.match_indices("<script") {
        let rest = &page[tag.0..];
        let open = &rest[..rest.find('>').unwrap()];
        assert!(open.contains("src="), "inline script: {open}");
    }
    assert!(page.contains("static/js/plan.js"));
}

#[test]
fn each_department_has_a_page_for_the_year_across_plans() {
    let p = portal();
    p.write(
        &format!("{GHJH}/2023-yd.yaml"),
        "标题: 测试镇2023年政务公开工作要点\n发布日期: 2023-02-01\n类型: 规划计划\n任务:\n  - 工作内容: 按时发布2022年政府信息公开工作年度报告\n    责任单位: 镇党政办、镇财政所\n    完成时限: 1月31日\n    状态: 已完成\n    完成日期: 2023-01-20\n    佐证: 11990000MB0123456X/2023-00002\n",
    );
    p.write(
        &format!("{GHJH}/2022-yd.yaml"),
        "标题: 测试镇2022年政务公开工作要点\n发布日期: 2022-02-01\n类型: 规划计划\n任务:\n  - 工作内容: 公开2022年部门预算\n    责任单位: 镇财政所\n    完成时限: 3月底\n    状态: 已完成\n    完成日期: 2022-03-25\n    佐证: zwgk/2023-ys.md\n",
    );
    p.build_on("2023-07-01").ok();
    let slug = department_slug("镇财政所");
    let route = format!("rwtz/2023/{slug}");
    let unit = p.page(&route);
    assert!(unit.contains("<h1>镇财政所2023年工作任务</h1>"));
    // Both 2023 plans, not the 2022 one.
    assert!(unit.contains("测试镇2023年政务公开重点工作提升行动实施方案"));
    assert!(unit.contains("测试镇2023年政务公开工作要点"));
    assert!(unit.contains("及时做好2022年预、决算及相关报表公开"));
    assert!(unit.contains("按时发布2022年政府信息公开工作年度报告"));
    assert!(unit.contains("推进“多规合一”实用性村庄规划编制"));
    assert!(!unit.contains("公开2022年部门预算"));
    assert!(unit.contains("共 3 项任务，已完成 2 项"));
    // The same unit written with half-width brackets elsewhere is the same page.
    assert_eq!(department_slug("各村（社）"), department_slug("各村(社)"));

    // Reachable from the ledger, from the year page, and listed in the sitemap.
    let plan = p.page("fdzdgknr/ghjh/2023-tsxd");
    assert!(row(&plan, "task-2").contains(&format!("href=\"/{route}/\">镇财政所</a>")));
    let year = p.page("rwtz/2023");
    assert!(year.contains(&format!("href=\"/{route}/\">镇财政所</a>")));
    assert!(year.contains("测试镇2023年政务公开工作要点"));
    assert!(p.has_page("rwtz/2022") && p.has_page(&format!("rwtz/2022/{slug}")));
    assert!(p.page("rwtz").contains("href=\"/rwtz/2023/\""));
    assert!(
        p.page("").contains("href=\"/rwtz/\">工作任务台账</a>"),
        "linked from every page's footer"
    );
    let sitemap = std::fs::read_to_string(p.site().join("sitemap.xml")).unwrap();
    assert!(sitemap.contains(&format!("https://xxgk.test.gov.cn/{route}/")));
    assert!(sitemap.contains("https://xxgk.test.gov.cn/rwtz/2023/"));
}

#[test]
fn evidence_links_to_the_published_document() {
    let p = portal();
    p.build_on("2023-07-01").ok();
    let page = p.page("fdzdgknr/ghjh/2023-tsxd");
    let r2 = row(&page, "task-2");
    assert!(
        r2.contains("href=\"/zwgk/2023-ys/\">测试镇2023年部门预算</a>"),
        "{r2}"
    );
    assert!(r2.contains("2023年4月18日"));
}

#[test]
fn evidence_that_points_nowhere_stops_the_build_at_its_line() {
    let p = portal();
    p.write(
        &format!("{GHJH}/2023-tsxd.md"),
        &PLAN_2023.replace("佐证: zwgk/2023-ys.md", "佐证: zwgk/2023-yusuan.md"),
    );
    let run = p.build_on("2023-07-01");
    assert_eq!(run.code, 1);
    run.reports(
        &format!("{GHJH}/2023-tsxd.md:19"),
        "佐证“zwgk/2023-yusuan.md”找不到对应的文档",
    );
    assert!(!p.site().exists(), "nothing published");
}

fn loaded(p: &Portal, today: &str) -> xxgk::model::Portal {
    let (portal, diags) = load(&LoadOptions {
        root: p.root().to_path_buf(),
        today: chrono::NaiveDate::parse_from_str(today, "%Y-%m-%d").unwrap(),
        base_url: None,
    });
    assert!(!diags.has_errors(), "{:?}", diags.sorted());
    portal.unwrap()
}

#[test]
fn rules_report_overdue_and_unproven_tasks_at_their_lines() {
    let p = portal();
    p.write(
        &format!("{GHJH}/2023-tsxd.md"),
        &PLAN_2023
            .replace(
                "    状态: 未开始\n",
                "    状态: 已销号\n    完成日期: 2023-07-20\n",
            )
            .replace(
                "    完成时限: 持续推进\n    状态: 进行中\n",
                "    完成时限: 持续推进\n    状态: 已完成\n    完成日期: 2023-06-01\n",
            ),
    );
    let portal = loaded(&p, "2023-07-01");
    let file = format!("{GHJH}/2023-tsxd.md");
    let found = |list: Vec<xxgk::diagnostics::Diagnostic>| -> Vec<String> {
        list.iter()
            .map(|d| format!("{}:{}: {:?} {}", d.file, d.line, d.severity, d.message))
            .collect()
    };
    let overdue = found(rules::overdue(&portal));
    assert_eq!(overdue.len(), 1, "{overdue:?}");
    assert!(
        overdue[0].starts_with(&format!("{file}:11: Warning"))
            && overdue[0].contains("已逾期 1 天")
            && overdue[0].contains("6月底"),
        "{overdue:?}"
    );
    // 已销号 without 佐证 cannot pass a check: an error at its 状态 line.
    let closed = found(rules::closed_without_evidence(&portal));
    assert_eq!(closed.len(), 1, "{closed:?}");
    assert!(
        closed[0].starts_with(&format!("{file}:24: Error")) && closed[0].contains("已销号"),
        "{closed:?}"
    );
    // 已完成 without 佐证 awaits its check: a warning.
    let done = found(rules::done_without_evidence(&portal));
    assert_eq!(done.len(), 1, "{done:?}");
    assert!(
        done[0].starts_with(&format!("{file}:30: Warning"))
            && done[0].contains("镇城建办、镇财政所"),
        "{done:?}"
    );
    assert!(rules::evidence_broken(&portal).is_empty());
    assert_eq!(rules::run(&portal).len(), 3);
}

#[test]
fn tasks_import_from_an_xlsx_sheet_with_merged_headings_and_date_cells() {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let plain = Format::new();
    sheet
        .merge_range(0, 0, 0, 8, "测试镇2024年政务公开任务台账", &plain)
        .unwrap();
    let header = [
        "序号",
        "一级类别",
        "二级类别",
        "工作内容",
        "责任单位",
        "完成时限",
        "状态",
        "完成日期",
        "佐证",
    ];
    for (c, h) in header.iter().enumerate() {
        sheet.write_string(1, c as u16, *h).unwrap();
    }
    let rows: [[&str; 9]; 3] = [
        [
            "1",
            "一、重点领域信息",
            "（一）财政信息公开",
            "公开2024年部门预算",
            "镇财政所",
            "4月底",
            "已销号",
            "",
            "zwgk/2023-ys.md",
        ],
        [
            "2",
            "",
            "（二）就业领域信息公开",
            "动态公开技能培训政策",
            "镇人社所",
            "",
            "进行中",
            "",
            "",
        ],
        [
            "3",
            "",
            "",
            "更新就业创业办事指南",
            "镇人社所",
            "持续推进",
            "进行中",
            "",
            "",
        ],
    ];
    for (r, cells) in rows.iter().enumerate() {
        let r = r as u32 + 2;
        for (c, v) in cells.iter().enumerate() {
            if !v.is_empty() {
                sheet.write_string(r, c as u16, *v).unwrap();
            }
        }
    }
    // 一级类别 merged down its rows, as offices lay out such tables.
    sheet
        .merge_range(2, 1, 4, 1, "一、重点领域信息", &plain)
        .unwrap();
    // Dates typed into cells: a 完成日期 and a 完成时限.
    sheet
        .write_datetime_with_format(2, 7, ExcelDateTime::from_ymd(2024, 4, 12).unwrap(), &date)
        .unwrap();
    sheet
        .write_datetime_with_format(3, 5, ExcelDateTime::from_ymd(2024, 6, 30).unwrap(), &date)
        .unwrap();
    let bytes = book.save_to_buffer().unwrap();

    let p = portal();
    p.write_bytes(&format!("{GHJH}/rw-2024.xlsx"), &bytes);
    p.write(
        &format!("{GHJH}/2024-rwtz.yaml"),
        "标题: 测试镇2024年政务公开任务台账\n发布日期: 2024-02-20\n类型: 规划计划\n年度: 2024\n任务: rw-2024.xlsx\n正文: 各项任务分解到责任单位。\n",
    );
    p.build_on("2024-07-15").ok();
    let page = p.page("fdzdgknr/ghjh/2024-rwtz");
    let table = &page[pos(&page, "id=\"plan-table\"")..];
    assert_eq!(table.matches(">一、重点领域信息<").count(), 1);
    let (h1, h2, t2, t3) = (
        pos(table, "（一）财政信息公开"),
        pos(table, "（二）就业领域信息公开"),
        pos(table, "id=\"task-2\""),
        pos(table, "id=\"task-3\""),
    );
    assert!(
        h1 < h2 && h2 < t2 && t2 < t3,
        "row 3 inherits both headings"
    );
    let r1 = row(&page, "task-1");
    assert!(r1.contains("2024年4月12日") && r1.contains("href=\"/zwgk/2023-ys/\""));
    let r2 = row(&page, "task-2");
    assert!(
        r2.contains("<time datetime=\"2024-06-30\">") && r2.contains("已逾期15天"),
        "{r2}"
    );
    assert!(
        page.contains("href=\"/fdzdgknr/ghjh/2024-rwtz/rw-2024.xlsx\""),
        "the sheet is offered for download"
    );
    assert!(p.has_page(&format!("rwtz/2024/{}", department_slug("镇人社所"))));

    // A wrong value is reported at its cell.
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in ["工作内容", "责任单位", "完成时限", "状态"]
        .iter()
        .enumerate()
    {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    for (c, v) in ["公开2024年部门预算", "镇财政所", "尽快", "差不多"]
        .iter()
        .enumerate()
    {
        sheet.write_string(1, c as u16, *v).unwrap();
    }
    p.write_bytes(
        &format!("{GHJH}/rw-2024.xlsx"),
        &book.save_to_buffer().unwrap(),
    );
    let run = p.build_on("2024-07-15");
    assert_eq!(run.code, 1);
    let sheet_file = format!("{GHJH}/rw-2024.xlsx:2");
    run.reports(
        &sheet_file,
        "Sheet1!C2：任务“公开2024年部门预算”：无法识别的完成时限“尽快”",
    );
    run.reports(
        &sheet_file,
        "Sheet1!D2：任务“公开2024年部门预算”的状态“差不多”无法识别",
    );
}

#[test]
fn tasks_import_from_csv_and_errors_name_the_line() {
    let p = portal();
    p.write(
        &format!("{GHJH}/2023-rw.csv"),
        "序号,类别,工作内容,责任单位,完成时限,状态\n1,一、依申请公开,加强指南维护,镇党政办,6月底,进行中\n2,,规范依申请公开平台使用,镇党政办,六月底前,未开始\n3,,做好文件属性认定,镇党政办,下个月,未开始\n",
    );
    p.write(
        &format!("{GHJH}/2023-rw.yaml"),
        "标题: 测试镇2023年依申请公开整改台账\n发布日期: 2023-03-01\n类型: 规划计划\n任务: 2023-rw.csv\n",
    );
    let run = p.build_on("2023-05-01");
    assert_eq!(run.code, 1);
    run.reports(
        &format!("{GHJH}/2023-rw.csv:4"),
        "E4：任务“做好文件属性认定”：无法识别的完成时限“下个月”",
    );
    p.write(
        &format!("{GHJH}/2023-rw.csv"),
        "序号,类别,工作内容,责任单位,完成时限,状态\n1,一、依申请公开,加强指南维护,镇党政办,6月底,进行中\n2,,规范依申请公开平台使用,镇党政办,六月底前,未开始\n",
    );
    p.build_on("2023-05-01").ok();
    let page = p.page("fdzdgknr/ghjh/2023-rw");
    assert!(row(&page, "task-2").contains("<time datetime=\"2023-06-30\">六月底前</time>"));
}

#[test]
fn unknown_keys_in_a_markdown_plan_are_warnings_naming_the_closest() {
    let p = portal();
    p.write(
        &format!("{GHJH}/2023-tsxd.md"),
        &PLAN_2023
            .replace(
                "发布日期: 2023-03-20",
                "发布日起: 2023-03-20\n发布日期: 2023-03-20",
            )
            .replace(
                "    完成时限: 2023年7月\n",
                "    完成时限: 2023年7月\n    完成时线: 7月底\n",
            ),
    );
    let run = p.build_on("2023-05-01").ok();
    let file = format!("{GHJH}/2023-tsxd.md");
    run.reports(&format!("{file}:3"), "未知字段“发布日起”");
    assert!(run.stderr.contains("发布日期"), "{}", run.stderr);
    // Inside a task the warning points at the task's item.
    run.reports(&format!("{file}:21"), "未知字段“完成时线”");
}

#[test]
fn a_plan_without_tasks_is_an_ordinary_document() {
    let p = portal();
    p.write(
        &format!("{GHJH}/sswgh.md"),
        &doc(
            "标题: 测试镇“十四五”发展规划\n发布日期: 2021-03-01",
            "规划正文。",
        ),
    );
    p.build_on("2023-05-01").ok();
    let page = p.page("fdzdgknr/ghjh/sswgh");
    assert!(page.contains("规划正文。"));
    assert!(!page.contains("plan-table"));
}

#[test]
fn the_demo_ledgers_one_year_closed_and_one_under_way() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let (portal, diags) = load(&LoadOptions {
        root: root.to_path_buf(),
        today: chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
        base_url: None,
    });
    assert!(!diags.has_errors(), "{:?}", diags.sorted());
    let portal = portal.unwrap();
    let found: Vec<String> = rules::run(&portal).iter().map(|d| d.to_string()).collect();
    for f in &found {
        println!("{f}");
    }
    let of = |rule: &str| {
        rules::run(&portal)
            .iter()
            .filter(|d| d.rule == rule)
            .count()
    };
    // 2025: every task closed with evidence. 2026: four overdue, one awaiting its evidence.
    assert_eq!(of("plan-task-overdue"), 4, "{found:?}");
    assert_eq!(of("plan-done-without-evidence"), 1, "{found:?}");
    assert_eq!(of("plan-closed-without-evidence"), 0);
    assert_eq!(of("plan-evidence-broken"), 0);
    assert!(
        found
            .iter()
            .all(|f| f.starts_with("content/fdzdgknr/ghjh/2026-zwgk-rwtz.md:"))
    );
    assert!(found.iter().any(
        |f| f.starts_with("content/fdzdgknr/ghjh/2026-zwgk-rwtz.md:145:")
            && f.contains("已逾期 176 天：完成时限 2026年5月底（2026年5月31日），状态为进行中")
    ));
    let years = xxgk::model::kinds::plan::ledger::years(&portal);
    assert_eq!(years, [2025, 2026]);
}

#[test]
fn evidence_must_be_a_published_document_and_done_tasks_want_a_date() {
    let p = portal();
    p.write(
        "content/zwgk/2023-nbcl.md",
        &doc(
            "标题: 测试镇政务公开工作内部材料\n发布日期: 2023-04-01\n公开方式: 依申请公开\n不予公开依据: 第十六条 内部事务信息",
            "内部材料。",
        ),
    );
    p.write(
        &format!("{GHJH}/2023-tsxd.md"),
        &PLAN_2023
            .replace("    完成日期: 2023-04-18\n", "")
            .replace("佐证: zwgk/2023-ys.md", "佐证: zwgk/2023-nbcl.md"),
    );
    let run = p.build_on("2023-07-01");
    assert_eq!(run.code, 1);
    let file = format!("{GHJH}/2023-tsxd.md");
    run.reports(
        &format!("{file}:18"),
        "佐证“zwgk/2023-nbcl.md”指向的文档不是主动公开",
    );
    run.reports(&format!("{file}:17"), "标为已销号，但没有完成日期");
}

#[test]
fn a_new_plan_from_xxgk_new_becomes_a_ledger_once_its_template_is_filled_in() {
    let p = portal();
    let run = p
        .xxgk(&["new", "规划计划", "测试镇2024年政务公开工作要点任务台账"])
        .ok();
    // `xxgk new` prints the path of the file it wrote.
    let path = std::path::PathBuf::from(run.stdout.trim());
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("# 任务:"), "{text}");
    p.build_on("2024-01-10").ok();
    // Uncommenting the template (and filling in the 依据文件) makes a ledger.
    let filled: String = text
        .lines()
        .filter(|l| !l.starts_with("# 工作要点") && !l.starts_with("# 依据文件"))
        .map(|l| l.strip_prefix("# ").unwrap_or(l).to_string() + "\n")
        .collect();
    std::fs::write(&path, filled).unwrap();
    p.build_on("2024-07-10").ok();
    let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
    let page = p.page(&format!("fdzdgknr/ghjh/{stem}"));
    let r1 = row(&page, "task-1");
    assert!(
        r1.contains("<time datetime=\"2024-06-30\">6月底</time>") && r1.contains("已逾期10天"),
        "{r1}"
    );
}
