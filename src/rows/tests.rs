use super::*;
use crate::fields::field;

const T: &[Field] = &[
    field("name", &["事项名称"]),
    field("type", &["事项类型"]),
    field("amount", &["金额"]),
];

fn grid(rows: &[&[&str]]) -> Grid {
    Grid {
        sheet: Some("Sheet1".into()),
        rows: rows
            .iter()
            .enumerate()
            .map(|(i, r)| {
                (
                    i + 1,
                    r.iter()
                        .map(|c| {
                            Some(c.to_string())
                                .filter(|s| !s.is_empty())
                                .map(Cell::Text)
                        })
                        .collect(),
                )
            })
            .collect(),
    }
}

#[test]
fn header_below_a_title_row_and_cells_located() {
    let g = grid(&[
        &["示例县权责清单"],
        &["事项名称", "事项类型", "金额（万元）"],
        &["工伤认定", "行政确认", "1.5"],
    ]);
    let mut d = Diagnostics::new();
    let rows = grid_rows("a.xlsx", &g, T, &["name", "type"], &mut d).unwrap();
    assert!(d.is_empty(), "{d:?}");
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].text("type").as_deref(), Some("行政确认"));
    assert_eq!(rows[0].loc_of("amount").cell.as_deref(), Some("Sheet1!C3"));
    assert_eq!(rows[0].amount("amount", "金额", &mut d), Some(Amount(150)));
}

#[test]
fn wrong_header_names_the_cell_and_the_missing_column() {
    let g = grid(&[
        &["事项名称", "事项类别", "金额"],
        &["工伤认定", "行政确认", "1"],
    ]);
    let mut d = Diagnostics::new();
    assert!(grid_rows("a.xlsx", &g, T, &["name", "type"], &mut d).is_none());
    let e: Vec<_> = d.iter().collect();
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(e[0].is_error());
    assert_eq!(e[0].line, 1);
    assert!(
        e[0].message.contains("Sheet1!B1") && e[0].message.contains("事项类型"),
        "{}",
        e[0]
    );
}

#[test]
fn non_numeric_amount_is_reported_at_its_cell() {
    let g = grid(&[&["事项名称", "金额"], &["甲", "1,2x"]]);
    let mut d = Diagnostics::new();
    let rows = grid_rows("b.csv", &g, T, &["name"], &mut d).unwrap();
    assert_eq!(rows[0].amount("amount", "金额", &mut d), None);
    let e = d.iter().next().unwrap();
    assert_eq!((e.file.as_str(), e.line), ("b.csv", 2));
    assert!(e.message.starts_with("Sheet1!B2：金额："), "{e}");
}

#[test]
fn a_bad_value_in_a_block_item_is_reported_on_its_own_line() {
    let yaml = "标题: x\n表:\n  - 事项名称: 甲\n    金额: 1\n  - 事项名称: 乙\n    事项类型: 许可\n    金额: 3.5件\n  - {事项名称: 丙, 金额: 2}\n";
    let value: Value = serde_yaml::from_str(yaml).unwrap();
    let root = Path::new("/");
    let src = Source {
        file: "a.yaml",
        yaml,
        dir: root,
        root,
    };
    let items = &value["表"];
    let mut d = Diagnostics::new();
    let t = read_table(&src, "表", 2, items, T, &["name"], &mut d).unwrap();
    assert_eq!(t.records[1].amount("amount", "金额", &mut d), None);
    let e = d.iter().next().unwrap();
    assert_eq!((e.file.as_str(), e.line), ("a.yaml", 7), "{e}");
    assert_eq!(t.records[1].loc.line, 5);
    assert_eq!(t.records[1].loc_of("type").line, 6);
    // A flow item has one line for all.
    assert_eq!(t.records[2].loc_of("amount").line, 8);
}

#[test]
fn list_item_lines() {
    let yaml = "标题: x\n事项:\n  - 名称: a\n    类型: b\n  - 名称: c\n其他: 1\n";
    assert_eq!(item_lines(yaml, 2), [3, 5]);
    let flush = "事项:\n- {名称: a}\n- {名称: b}\n下一个: 1\n";
    assert_eq!(item_lines(flush, 1), [2, 3]);
}

#[test]
fn fold_matches_full_width_and_unit_notes() {
    assert_eq!(match_field(T, "金额(万元)"), Some("amount"));
    assert_eq!(match_field(T, " 事项名称* "), Some("name"));
    assert_eq!(match_field(T, "金额（元）"), None);
}
