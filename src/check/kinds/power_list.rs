//! 权责清单 rules: a 编码 identifies one item.

use crate::diagnostics::Diagnostic;
use crate::model::kinds::power_list::*;
use std::collections::HashMap;

use crate::check::Area;
use crate::check::kinds::data_rule;

pub const DUPLICATE_CODE: crate::check::Rule = data_rule!(
    "duplicate-code",
    Area::Data,
    Error,
    "同一张表中编码重复：权责清单的事项编码、预决算的科目编码",
    "DOMAIN §7：编码标识一个事项；《政府收支分类科目》：一个科目一行"
);

/// A 编码 identifies one item: two items with the same code cannot both be right.
pub fn check_items(items: &[PowerItem]) -> Vec<Diagnostic> {
    let mut out = vec![];
    let mut seen: HashMap<&str, &PowerItem> = HashMap::new();
    for i in items {
        let Some(code) = i.code.as_deref() else {
            continue;
        };
        match seen.get(code) {
            Some(first) => out.push(
                i.loc
                    .error(
                        "duplicate-code",
                        format!(
                            "事项“{}”的编码 {code} 与“{}”（{}）重复",
                            i.name,
                            first.name,
                            first.loc.short()
                        ),
                    )
                    .hint("每个事项的编码在清单中唯一"),
            ),
            None => {
                seen.insert(code, i);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::kinds::power_list::parse_type;
    use crate::model::Loc;

    fn item(code: &str, name: &str, line: usize) -> PowerItem {
        PowerItem {
            code: Some(code.into()),
            name: name.into(),
            kind: 0,
            basis: "《中华人民共和国劳动合同法》第五十七条".into(),
            subject: "示例县人力资源和社会保障局".into(),
            duties: "受理责任".into(),
            accountability: "不予受理的".into(),
            process: None,
            supervision: None,
            note: None,
            loc: Loc::yaml("content/qzqd/a.yaml", line),
        }
    }

    #[test]
    fn types_are_read_as_editors_write_them() {
        assert_eq!(parse_type("行政许可"), Some(0));
        assert_eq!(parse_type("许可"), Some(0));
        assert_eq!(parse_type(" 行政处罚类 "), Some(1));
        assert_eq!(parse_type("其他"), Some(9));
        assert_eq!(parse_type("其他行政权力"), Some(9));
        assert_eq!(parse_type("行政许"), None);
        assert_eq!(parse_type("公共服务"), None);
    }

    #[test]
    fn duplicate_codes_name_both_items() {
        let items = [
            item("XK-001", "劳务派遣经营许可", 4),
            item("XK-002", "人力资源服务许可", 9),
            item("XK-001", "民办职业培训学校设立审批", 14),
        ];
        let d = check_items(&items);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].line, 14);
        assert!(d[0].message.contains("XK-001") && d[0].message.contains("劳务派遣经营许可"));
        assert!(d[0].message.contains("content/qzqd/a.yaml:4"));
    }

    #[test]
    fn counts_and_text_for_search() {
        let mut b = item("CF-001", "对用人单位非法招用童工的处罚", 3);
        b.kind = 1;
        let list = PowerList {
            items: vec![item("XK-001", "劳务派遣经营许可", 1), b],
            file: None,
        };
        assert_eq!(list.counts()[..2], [1, 1]);
        let text = list.plain_text();
        assert!(text.contains("对用人单位非法招用童工的处罚\n行政处罚\nCF-001"));
    }
}
