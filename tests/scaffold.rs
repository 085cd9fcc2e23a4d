//! `xxgk init` and `xxgk new`: an editor's first minutes.

mod common;
use std::process::Command;

fn xxgk(args: &[&str]) -> common::Run {
    Command::new(env!("CARGO_BIN_EXE_xxgk"))
        .args(args)
        .output()
        .unwrap()
        .into()
}

#[test]
fn init_creates_a_portal_that_builds_with_the_standard_columns_and_a_pinned_guide() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("xz");
    let dir_s = dir.to_str().unwrap();
    xxgk(&["init", dir_s, "--org", "示例镇人民政府"]).ok();
    let run = xxgk(&["build", "--root", dir_s, "--today", "2026-11-23"]).ok();
    assert!(run.stdout.contains("已生成"), "{}", run.stdout);
    let home = std::fs::read_to_string(dir.join("site/index.html")).unwrap();
    for column in [
        "政府信息公开指南",
        "法定主动公开内容",
        "行政规范性文件",
        "政策解读",
        "财政预决算",
        "权责清单",
        "重大行政决策",
        "政府信息公开年报",
        "依申请公开",
    ] {
        assert!(home.contains(column), "{column} missing from the home page");
    }
    assert!(
        home.contains("示例镇人民政府政府信息公开指南"),
        "pinned guide on the home page"
    );
    let guide = std::fs::read_to_string(dir.join("site/gkzn/zfxxgkzn/index.html")).unwrap();
    assert!(guide.contains("20 个工作日内答复"));
    // A second init never overwrites.
    let again = xxgk(&["init", dir_s]);
    assert_eq!(again.code, 1);
}

#[test]
fn new_writes_chinese_keys_today_and_the_next_free_index_number() {
    let p = common::Portal::new(&[
        (
            "content/fdzdgknr/_index.md",
            &common::column("法定主动公开内容", "其他信息"),
        ),
        (
            "content/fdzdgknr/gfxwj/_index.md",
            &common::column("行政规范性文件", "规范性文件"),
        ),
        (
            "content/fdzdgknr/zcjd/_index.md",
            &common::column("政策解读", "政策解读"),
        ),
        (
            "content/fdzdgknr/zcjd/a.md",
            &common::doc(
                "标题: 甲\n发布日期: 2026-01-02\n索引号: 11990000MB0123456X/2026-00041\n解读对象: x\n解读形式: 文字",
                "",
            ),
        ),
        (
            "content/fdzdgknr/zcjd/b.md",
            &common::doc(
                "标题: 乙\n发布日期: 2025-01-02\n索引号: 11990000MB0123456X/2025-00099",
                "",
            ),
        ),
    ]);
    let run = p
        .xxgk(&[
            "new",
            "规范性文件",
            "示例县某某管理办法",
            "--today",
            "2026-11-23",
        ])
        .ok();
    let path = std::path::PathBuf::from(run.stdout.trim());
    assert!(
        path.starts_with(p.root().join("content/fdzdgknr/gfxwj")),
        "{}",
        path.display()
    );
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("标题: 示例县某某管理办法\n"));
    assert!(text.contains("发布日期: 2026-11-23\n"));
    assert!(
        text.contains("索引号: 11990000MB0123456X/2026-00042\n"),
        "{text}"
    );
    assert!(text.contains("成文日期:") && text.contains("文号:") && text.contains("主题分类:"));
    // The next one gets the next number.
    let run = p
        .xxgk(&["new", "interpretation", "解读", "--today", "2026-11-23"])
        .ok();
    let text = std::fs::read_to_string(run.stdout.trim()).unwrap();
    assert!(
        text.contains("2026-00043") && text.contains("解读形式: 文字"),
        "{text}"
    );
    // Unknown kinds are usage errors.
    assert_eq!(p.xxgk(&["new", "通告", "x"]).code, 2);
}
