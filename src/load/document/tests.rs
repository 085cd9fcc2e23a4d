use super::*;

/// Reads one Markdown document with this front matter from a temp folder.
fn read_doc(front: &str) -> (Option<Draft>, Vec<Diagnostic>) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("qs.md");
    std::fs::write(&path, format!("---\n{front}\n---\n请示正文\n")).unwrap();
    let ctx = Context {
        root: dir.path(),
        organisation: "测试县人民政府",
        column_path: "qtwj",
        column_kind: None,
        column_withheld: None,
        resolve_link: &|_| None,
    };
    let mut d = Diagnostics::new();
    let draft = read(&path, &ctx, &mut d);
    (draft, d.sorted())
}

#[test]
fn a_lost_disclosure_mode_never_makes_a_withheld_document_public() {
    let head = "标题: 关于申请专项经费的请示\n发布日期: 2026-07-10";
    let ground = "不予公开依据: 第十六条 过程性信息";
    for (front, line) in [
        // The 公开方式 line deleted (or moved into the body).
        (format!("{head}\n{ground}"), 4),
        (format!("{head}\n公开方式: 主动公开\n{ground}"), 4),
        (format!("{head}\n公开方式: ~\n{ground}"), 5),
        // Misspelt, with or without the ground beside it.
        (format!("{head}\n公开方试: 依申请公开\n{ground}"), 4),
        (format!("{head}\n公开方试: 不予公开"), 4),
    ] {
        let (draft, diags) = read_doc(&front);
        let draft = draft.unwrap_or_else(|| panic!("{front}: {diags:?}"));
        assert_ne!(draft.disclosure, Disclosure::Public, "{front}");
        assert!(draft.body.is_none(), "{front}");
        let errors: Vec<_> = diags.iter().filter(|d| d.is_error()).collect();
        assert_eq!(errors.len(), 1, "{front}: {errors:?}");
        assert_eq!(
            (errors[0].rule, errors[0].line),
            ("disclosure-unclear", line),
            "{front}"
        );
        assert!(errors[0].hint.is_some());
    }
    let (draft, diags) = read_doc(&format!("{head}\n公开方式: 主动公开"));
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(draft.unwrap().disclosure, Disclosure::Public);
}
