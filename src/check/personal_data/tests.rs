use super::super::fixture::{self, column, doc};
use super::*;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn kinds(line: &str) -> Vec<(PiiKind, String)> {
    scan_line(line, today(), None)
        .into_iter()
        .map(|(k, _, n)| (k, n))
        .collect()
}

#[test]
fn check_digits() {
    // The GB 11643 worked example.
    assert!(is_id_number("11010519491231002X", today()));
    assert!(!is_id_number("110105194912310021", today()));
    assert_eq!(
        with_id_check_digit("11010519491231002"),
        "11010519491231002X"
    );
    assert!(luhn(b"4111111111111111"));
    assert!(!luhn(b"4111111111111112"));
    assert!(is_bank_card(&with_luhn_digit("622202020011223344")));
    assert!(is_mobile("13812345678"));
    assert!(!is_mobile("12812345678"));
}

#[test]
fn birth_dates_must_be_real_and_past() {
    // Valid check digit but born on 30 February / in the future.
    assert!(!is_id_number(
        &with_id_check_digit("34182319900230123"),
        today()
    ));
    assert!(!is_id_number(
        &with_id_check_digit("34182320300101123"),
        today()
    ));
    assert!(!is_id_number(
        &with_id_check_digit("00182319900101123"),
        today()
    ));
    assert!(is_id_number(
        &with_id_check_digit("34182319900101123"),
        today()
    ));
}

#[test]
fn finds_plain_grouped_and_full_width_numbers() {
    let id = with_id_check_digit("34182319900101123");
    let card = with_luhn_digit("622202020011223344");
    assert_eq!(
        kinds(&format!("户主张三，身份证号{id}。")),
        [(PiiKind::IdNumber, id.clone())]
    );
    assert_eq!(
        kinds("联系电话：13812345678"),
        [(PiiKind::Mobile, "13812345678".into())]
    );
    assert_eq!(
        kinds("手机 138 1234 5678"),
        [(PiiKind::Mobile, "13812345678".into())]
    );
    assert_eq!(
        kinds("手机１３８１２３４５６７８"),
        [(PiiKind::Mobile, "13812345678".into())]
    );
    let grouped: String = card
        .as_bytes()
        .chunks(4)
        .map(|c| std::str::from_utf8(c).unwrap())
        .collect::<Vec<_>>()
        .join(" ");
    assert_eq!(
        kinds(&format!("银行卡号：{grouped}")),
        [(PiiKind::BankCard, card.clone())]
    );
    assert_eq!(
        kinds(&format!("| 1 | 李** | {card} |")),
        [(PiiKind::BankCard, card)]
    );
    let x_id = with_id_check_digit("11010519491231002");
    assert_eq!(
        kinds(&format!("证件号码 {}", x_id.to_lowercase())),
        [(PiiKind::IdNumber, x_id)]
    );
}

#[test]
fn masked_numbers_codes_dates_and_amounts_pass() {
    for line in [
        "身份证号 3412**********1234，电话 138****5678",
        "卡号 6222 **** **** 1234",
        "索引号 11990000MB0123456X/2026-00012",
        "索引号：119900001234567890/2026-00012",
        "示政办〔2026〕3号，2026年3月12日，2026-03-12，20260312",
        "合计 52542225.00 元，13800138000.00",
        "发放金额13812345678元",
        "¥13812345678",
        "电话 0999-1234567，热线 12345，传真 09991234568",
        "科目编码 2010301 一般行政管理事务",
        "合计 13812345678901234567890 条",
        "https://xxgk.example.gov.cn/art/2026/11/13812345678a.html",
    ] {
        assert!(kinds(line).is_empty(), "{line}: {:?}", kinds(line));
    }
    // A valid ID-shaped number labelled as a code is a code.
    assert!(kinds("统一社会信用代码：11010519491231002X").is_empty());
    assert!(kinds("项目编号 13812345678").is_empty());
    assert_eq!(kinds("户主身份证编号 11010519491231002X").len(), 1);
}

#[test]
fn country_codes_other_groupings_and_old_15_digit_ids_are_found() {
    let mobile = || vec![(PiiKind::Mobile, "13812345678".to_string())];
    for line in [
        "联系电话：+8613812345678",
        "联系电话：+86 138 1234 5678",
        "联系电话：+86-13812345678",
        "联系电话：0086 13812345678",
        "联系电话：008613812345678",
        "联系电话：138 12345678",
        "联系电话：1381234-5678",
    ] {
        assert_eq!(kinds(line), mobile(), "{line}");
    }
    let old = "341823900101123";
    assert!(is_old_id_number(old, today()));
    assert_eq!(
        kinds(&format!("户主张三，身份证 {old}。")),
        [(PiiKind::IdNumber, old.to_string())]
    );
    assert_eq!(
        kinds("户主张三，身份证 341823 900101 123。"),
        [(PiiKind::IdNumber, old.to_string())]
    );
    // Not a date at 7–12, not a region, or labelled as a code.
    for line in [
        "身份证 341823901301123",
        "编号 991823900101123",
        "营业执照注册号 341823900101123",
        "合计341823900101123元",
    ] {
        assert!(kinds(line).is_empty(), "{line}: {:?}", kinds(line));
    }
}

#[test]
fn table_headers_label_their_columns() {
    let text = "| 序号 | 企业名称 | 统一社会信用代码 |\n|---|---|---|\n| 1 | 示例公司 | 11010519491231002X |\n\n| 姓名 | 身份证号码 |\n|---|---|\n| 张三 | 11010519491231002X |\n";
    let hits = scan("a.md", text, today(), &Lines::AllBut(BTreeSet::new()));
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!((hits[0].line, hits[0].kind), (7, PiiKind::IdNumber));
    assert_eq!(hits[0].masked(), "1101**********002X");
}

#[test]
fn positions_are_source_lines_and_columns() {
    let text = "---\n标题: 公示\n# 13812345678 in a comment\n---\n正文\n申请人：王五 13912345678\n";
    let hits = scan("a.md", text, today(), &Lines::AllBut(BTreeSet::new()));
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!((hits[0].line, hits[0].column), (6, 8));
    assert_eq!(hits[0].masked(), "139****5678");
}

#[test]
fn published_parts_of_a_portal_are_scanned_with_their_lines() {
    let id = with_id_check_digit("34182319900101123");
    let f = fixture::portal(
        &[
            ("content/gs/_index.md", &column("公示公告", "其他信息")),
            (
                "content/gs/dbgs.md",
                &doc(
                    "标题: 低保名单\n发布日期: 2026-10-08\n附件:\n  - path: files/md.csv\n    title: 名单（联系人13812345678）",
                    &format!("| 姓名 | 身份证号 |\n|---|---|\n| 张三 | {id} |"),
                ),
            ),
            (
                "content/gs/files/md.csv",
                &format!(
                    "姓名,卡号\n李四,{}\n",
                    with_luhn_digit("622202020011223344")
                ),
            ),
            (
                "content/gs/qs.md",
                &doc(
                    &format!(
                        "标题: 关于王五（{id}）的请示\n发布日期: 2026-10-08\n公开方式: 依申请公开\n不予公开依据: 第十六条 过程性信息"
                    ),
                    &format!("正文不公开：{id}"),
                ),
            ),
        ],
        "2026-11-23",
    );
    let masked = format!("3418**********{}", &id[14..]);
    assert_eq!(
        f.findings(&ID_NUMBER),
        [
            format!("content/gs/dbgs.md:10: 公开内容含完整的居民身份证号码 {masked}（第 8 列）"),
            format!("content/gs/qs.md:2: 公开内容含完整的居民身份证号码 {masked}（第 10 列）"),
        ]
    );
    assert_eq!(
        f.findings(&MOBILE),
        ["content/gs/dbgs.md:6: 公开内容含完整的手机号码 138****5678（第 18 列）"]
    );
    let cards = f.findings(&BANK_CARD);
    assert_eq!(cards.len(), 1);
    assert!(
        cards[0].starts_with("content/gs/files/md.csv:2: "),
        "{cards:?}"
    );
}

fn shown(html: &str) -> Vec<(PiiKind, String)> {
    scan_visible(&crate::visible::lines(html), today())
        .into_iter()
        .map(|(k, _, n)| (k, n))
        .collect()
}

#[test]
fn numbers_join_across_breaks_and_cells_as_shown() {
    let mobile = || vec![(PiiKind::Mobile, "13812345678".to_string())];
    assert_eq!(shown("<p>电话 138<br>1234<br>5678</p>"), mobile());
    assert_eq!(
        shown("<p>电话 &#49;38<b>1234</b>5\u{200B}678</p>"),
        mobile()
    );
    assert_eq!(
        shown(
            "<table><tr><th>姓名</th><th>手机</th><th></th></tr><tr><td>张三</td><td>138</td><td>12345678</td></tr></table>"
        ),
        mobile()
    );
    assert_eq!(
        shown("<a href=\"tel:%2B86%2013812345678\">联系</a>"),
        mobile()
    );
    let id = with_id_check_digit("34182319900101123");
    assert_eq!(
        shown(&format!("<p>身份证号 {}<br>{}</p>", &id[..5], &id[5..])),
        [(PiiKind::IdNumber, id)]
    );
}

#[test]
fn adjacent_counts_amounts_and_codes_do_not_join() {
    for html in [
        "<table><tr><th>序号</th><th>补贴金额（元）</th></tr><tr><td>138</td><td>12345678</td></tr></table>",
        "<table><tr><th>户数</th><th>人数</th></tr><tr><td>1</td><td>3912345678</td></tr></table>",
        "<table><tr><th>项目编号</th><th>说明</th></tr><tr><td>138</td><td>12345678</td></tr></table>",
        "<p>合计 138<br>12345678 元</p>",
        "<p>项目编号<br>6222020200112233446</p>",
        "<p>2026年<br>13812345678.00</p>",
    ] {
        assert!(shown(html).is_empty(), "{html}: {:?}", shown(html));
    }
}
