use super::*;

fn said(s: &str) -> Option<Says> {
    says(&fold(s))
}

#[test]
fn values_in_any_spelling_say_what_they_mean() {
    for s in [
        "依申请公开",
        "依申請公開",
        "“依申请公开。”",
        "不予公开",
        "不公开",
        "非公开",
        "暂不公开",
        "不对外公布",
        "内部",
        "涉密",
        "机密",
        "withheld",
        "On_Request",
        "private",
        "Non-Public",
        "not for publication",
        "confidential",
        "ＰＲＩＶＡＴＥ",
        "依\u{200B}申请公开",
    ] {
        assert_eq!(said(s), Some(Says::NotPublic), "{s}");
    }
    for s in ["主动公开", "主動公開", "Public", "公开"] {
        assert_eq!(said(s), Some(Says::Public), "{s}");
    }
    for s in ["否", "false", "No", "0", "N"] {
        assert_eq!(said(s), Some(Says::No), "{s}");
    }
    assert_eq!(said("就业"), None);
    assert_eq!(said("有效"), None);
}

#[test]
fn keys_are_classed_by_what_they_ask() {
    let t = crate::load::DOC_FIELDS;
    for k in ["发布", "允许公开"] {
        assert_eq!(key_class(&fold(k), t), KeyClass::Question, "{k}");
    }
    for k in [
        "公開方式",
        "是否公开",
        "公开类型",
        "公开范围",
        "Public",
        "is_public",
        "visibility",
        "信息公开方式",
        "发布方式",
    ] {
        assert_eq!(key_class(&fold(k), t), KeyClass::Question, "{k}");
    }
    for k in ["涉密", "confidential", "draft", "不公开", "内部文件"] {
        assert_eq!(key_class(&fold(k), t), KeyClass::Marker, "{k}");
    }
    for k in ["不公開理由", "保密依据"] {
        assert_eq!(key_class(&fold(k), t), KeyClass::Ground, "{k}");
    }
    // In a column, the document fields' names still count.
    let c = crate::load::COLUMN_FIELDS;
    assert_eq!(key_class(&fold("ground"), c), KeyClass::Ground);
    assert_eq!(key_class(&fold("不予公开依据"), c), KeyClass::Ground);
    assert_eq!(key_class(&fold("Disclosure"), c), KeyClass::Question);
    for k in [
        "发布日起",
        "备注",
        "主动公开情况",
        "予以公开",
        "publishDate",
        "公开依据",
    ] {
        assert_ne!(key_class(&fold(k), t), KeyClass::Question, "{k}");
    }
}

#[test]
fn keys_naming_publication_withhold_on_a_no_and_review_states_withhold() {
    let t = crate::load::DOC_FIELDS;
    for k in ["网上发布", "上传", "可见", "发布渠道"] {
        assert_eq!(key_class(&fold(k), t), KeyClass::Mentions, "{k}");
    }
    for k in ["hide", "知悉范围", "审核状态待审"] {
        assert_eq!(key_class(&fold(k), t), KeyClass::Marker, "{k}");
    }
    for k in ["发布日期", "发布机构", "发布数量", "公示件数"] {
        assert_eq!(key_class(&fold(k), t), KeyClass::Other, "{k}");
    }
    for v in [
        "待审核",
        "未审核",
        "审核中",
        "待发布",
        "不显示",
        "暂不展示",
        "未上传",
    ] {
        assert_eq!(says(&fold(v)), Some(Says::NotPublic), "{v}");
    }
    assert_eq!(says(&fold("政府网站")), None);
}

#[test]
fn constructs_are_refused_at_their_line() {
    let mut d = Diagnostics::new();
    let yaml = "标题: 甲\nbase: &b\n  公开方式: 依申请公开\n<<: *b\n日期: !!str 2026-01-01\n说明: 关于A&B的通知\n";
    assert!(refuse_constructs("a.md", yaml, 2, &mut d));
    let lines: Vec<_> = d.iter().map(|x| (x.rule, x.line)).collect();
    assert_eq!(
        lines,
        [
            ("yaml-construct", 3),
            ("yaml-construct", 5),
            ("yaml-construct", 6)
        ],
        "{:?}",
        d.sorted()
    );
    let mut d = Diagnostics::new();
    assert!(!refuse_constructs(
        "a.md",
        "标题: 关于A&B的通知\n正文: |\n  *注意* 这里\n",
        2,
        &mut d
    ));
    assert!(d.is_empty());
}

#[test]
fn comments_count_but_markdown_in_block_scalars_does_not() {
    let t = crate::load::DOC_FIELDS;
    let yaml = "标题: 甲\n正文: |\n  ## 二、依申请公开\n  # 不予公开情况\n# 公开方式: 依申请公开\n主题词: 乙  # 此件不公开\n";
    let mut d = Diagnostics::new();
    let map = serde_yaml::from_str::<Value>(yaml).unwrap();
    let map = map.as_mapping().unwrap();
    let f = Fields::read(
        "a.md",
        map,
        &crate::fields::KeyLines::scan(yaml, 2),
        t,
        false,
        &mut d,
    );
    let found = scan_fields(&f, map, t, DOC_ENUMERATED, yaml, 2, false);
    assert_eq!(found.iter().map(|x| x.line).collect::<Vec<_>>(), [6, 7]);
}

#[test]
fn the_top_of_a_body_and_annotations_are_read() {
    let t = crate::load::DOC_FIELDS;
    let found = scan_body("\n---\n公开方式: 依申请公开\n---\n正文", 5, t);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].line, 7);
    let found = scan_body("公开方式：依申请公开\n不予公开依据：第十六条\n\n正文", 5, t);
    assert_eq!(found.iter().map(|x| x.line).collect::<Vec<_>>(), [5, 6]);
    let found = scan_body(
        "| 索引号 | 001 | 公开方式 | 依申請公開 |\n|---|---|---|---|\n\n正文",
        5,
        t,
    );
    assert_eq!(found.iter().map(|x| x.line).collect::<Vec<_>>(), [5]);
    let found = scan_body("正文第一段。\n\n（此件依申请公开）\n", 5, t);
    assert_eq!(found.iter().map(|x| x.line).collect::<Vec<_>>(), [7]);
    // A guide that explains 依申请公开 is not a statement about itself.
    assert!(
        scan_body(
            "## 一、依申请公开\n\n（一）依申请公开的程序\n申请人可以……\n（此件公开发布）",
            5,
            t
        )
        .is_empty()
    );
}
