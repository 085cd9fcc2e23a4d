//! Issue 16, class 3: a document that is not public is never published, however its
//! non-disclosure is written — another spelling, key or script, nested, through a YAML
//! anchor, merge key or tag, on its column, or pasted below the front matter. Each
//! body carries a canary that must not reach `site/`, the search index folder
//! (`.xxgk/`) or the loaded model that `check` and `serve` hold.

mod common;

use chrono::NaiveDate;
use common::{Portal, column, doc};
use std::path::Path;
use xxgk::build::{BuildError, BuildOptions};
use xxgk::diagnostics::Diagnostic;
use xxgk::load::LoadOptions;

const COL: &str = "content/qtwj";
const CASE: &str = "content/qtwj/case.md";
const HEAD: &str = "标题: 关于申请专项经费的请示\n发布日期: 2026-05-06";
const GROUND: &str = "不予公开依据: 第十六条 过程性信息";

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

/// A portal with one public document, the column `qtwj` and the files given.
fn portal(files: &[(&str, &str)]) -> Portal {
    let p = Portal::new(&[
        (
            &format!("{COL}/_index.md") as &str,
            &column("其他文件", "其他信息"),
        ),
        (
            &format!("{COL}/gk.md"),
            &doc(
                "标题: 关于做好春耕生产工作的通知\n发布日期: 2026-03-02",
                "各乡镇做好春耕备耕。",
            ),
        ),
    ]);
    for (path, text) in files {
        p.write(path, text);
    }
    p
}

fn load_options(root: &Path) -> LoadOptions {
    LoadOptions {
        root: root.to_path_buf(),
        today: today(),
        base_url: None,
    }
}

fn build(root: &Path) -> Result<(), Vec<Diagnostic>> {
    let opts = BuildOptions {
        root: root.to_path_buf(),
        out: None,
        base_url: None,
        today: today(),
        progress: false,
    };
    match xxgk::build::build(&opts) {
        Ok(_) => Ok(()),
        Err(BuildError::Content(d)) => Err(d),
        Err(BuildError::Io(e)) => panic!("io: {e}"),
        Err(BuildError::Refused(e)) => panic!("refused: {e}"),
    }
}

/// Every file below `dir` whose bytes hold `needle`.
fn files_with(dir: &Path, needle: &str) -> Vec<String> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter(|e| {
            std::fs::read(e.path())
                .map(|b| b.windows(needle.len()).any(|w| w == needle.as_bytes()))
                .unwrap_or(false)
        })
        .map(|e| e.path().display().to_string())
        .collect()
}

/// The loaded model (what `check` and `serve` hold): the document at `source` is not
/// public, has no body and no attachments — or was not loaded at all.
fn assert_model_withholds(root: &Path, source: &str, canary: &str, case: &str) {
    let (portal, diags) = xxgk::build::load_checked(&load_options(root));
    if let Some(p) = &portal {
        for d in p.documents.iter().filter(|d| d.source == source) {
            assert!(!d.is_public(), "{case}: read as public");
            assert!(d.body.is_none(), "{case}: body in the model");
            assert!(d.attachments.is_empty(), "{case}: attachments in the model");
        }
        let intro = p.columns.iter().any(|c| c.intro_html.contains(canary));
        assert!(!intro, "{case}: canary in a column introduction");
    }
    let text = format!("{diags:?}");
    assert!(!text.contains(canary), "{case}: canary in a diagnostic");
}

/// Builds and asserts the canary is nowhere in the output, and that either the build
/// failed with an error in `expect_file`, or the document has no page.
fn assert_never_published(p: &Portal, expect_file: &str, canary: &str, case: &str) {
    let result = build(p.root());
    assert!(
        files_with(&p.site(), canary).is_empty(),
        "{case}: canary in site/: {:?}",
        files_with(&p.site(), canary)
    );
    assert!(
        files_with(&p.root().join(".xxgk"), canary).is_empty(),
        "{case}: canary in .xxgk/"
    );
    match result {
        Err(diags) => {
            let hit = diags.iter().any(|d| d.is_error() && d.file == expect_file);
            assert!(hit, "{case}: no error in {expect_file}: {diags:#?}");
            for d in diags.iter().filter(|d| d.is_error()) {
                assert!(d.hint.is_some(), "{case}: no hint: {d}");
            }
        }
        Ok(()) => assert!(!p.has_page("qtwj/case/"), "{case}: published"),
    }
}

fn errors_at(root: &Path, rule: &str) -> Vec<(String, usize)> {
    let (_, diags) = xxgk::load::load(&load_options(root));
    diags
        .iter()
        .filter(|d| d.is_error() && d.rule == rule)
        .map(|d| (d.file.clone(), d.line))
        .collect()
}

#[test]
fn non_disclosure_in_unknown_spellings_is_an_error_at_its_line_and_withheld() {
    const CANARY: &str = "CANARY-绝密-7f3a";
    for (front, line) in [
        ("公開方式: 依申請公開\n不予公開依據: 第十六条 过程性信息", 4),
        ("是否公开: 否", 4),
        ("公开类型: 不公开", 4),
        ("公开范围: 仅限内部", 4),
        ("public: false", 4),
        ("disclosure: 依申請公開", 4),
        ("visibility: private", 4),
        ("confidential: true", 4),
        ("涉密: 是", 4),
        ("有效性: 不公开", 4),
        ("备注: 此件不予公开", 4),
        ("公开方式: 不公开", 4),
        ("公开方式: [依申请公开]", 4),
        (
            "元数据:\n  发文字号: 测政〔2026〕1号\n  公开方式: 依申请公开",
            6,
        ),
        ("其他:\n  - 公开属性: 依申请公开", 5),
        ("信息: {公开方式: 依申请公开}", 4),
        (
            "附件:\n  - path: files/case.txt\n    公开方式: 依申请公开",
            6,
        ),
        ("# 公开方式: 依申请公开", 4),
        ("主题词: 经费、请示  # 依申请公开", 4),
        ("# 此件不予公开", 4),
        ("发布: 否", 4),
        ("允许公开: no", 4),
        // The same field twice: the loader keeps the first, the second must count.
        (
            "disclosure: public
公开方式: 依申请公开",
            5,
        ),
        (
            "公开方式: 主动公开
公开属性: 不予公开",
            5,
        ),
    ] {
        let p = portal(&[
            (
                CASE,
                &doc(
                    &format!("{HEAD}\n{front}"),
                    &format!("{CANARY}，请示内容。"),
                ),
            ),
            (&format!("{COL}/files/case.txt"), CANARY),
        ]);
        let errors = errors_at(p.root(), "disclosure-unclear");
        assert!(
            errors.contains(&(CASE.to_string(), line)),
            "{front}: {errors:?}"
        );
        assert_model_withholds(p.root(), CASE, CANARY, front);
    }
}

#[test]
fn yaml_anchors_aliases_merge_keys_and_tags_are_refused_and_withheld() {
    const CANARY: &str = "CANARY-锚点-51c2";
    for (front, line) in [
        ("基础: &b\n  公开方式: 依申请公开\n<<: *b", 4),
        ("模板: &v 依申请公开\n公开方式: *v", 4),
        (
            "<<: {公开方式: 依申请公开, 不予公开依据: 第十六条 过程性信息}",
            4,
        ),
        ("公开方式: !!str 主动公开", 4),
        ("备注: !custom 依申请公开", 4),
    ] {
        let p = portal(&[(CASE, &doc(&format!("{HEAD}\n{front}"), CANARY))]);
        let errors = errors_at(p.root(), "yaml-construct");
        assert!(
            errors.contains(&(CASE.to_string(), line)),
            "{front}: {errors:?}"
        );
        assert_model_withholds(p.root(), CASE, CANARY, front);
    }
    // A & inside a value or * in a block scalar is text, not a construct.
    let p = portal(&[(
        CASE,
        &doc(
            &format!("{HEAD}\n主题词: 产学研&合作\n正文摘要: |\n  *注意* 这里是正文"),
            "正文",
        ),
    )]);
    assert!(errors_at(p.root(), "yaml-construct").is_empty());
}

#[test]
fn a_column_that_states_non_disclosure_withholds_everything_below_it() {
    const CANARY: &str = "CANARY-栏目-2b9e";
    for index in [
        "---\n名称: 内部请示\n公开方式: 不予公开\n不予公开依据: 第十六条 内部事务信息\n---\n",
        "---\n名称: 内部请示\n公開方式: 依申請公開\n---\n",
        "---\n名称: 内部请示\n是否公开: 否\n---\n",
        "---\n名称: 内部请示\n---\n公开方式：依申请公开\n",
    ] {
        let p = portal(&[
            (
                "content/qtwj/nb/_index.md",
                &format!("{index}{CANARY} 栏目介绍\n"),
            ),
            (
                "content/qtwj/nb/qs.md",
                &doc(&format!("{HEAD}\n公开方式: 主动公开"), CANARY),
            ),
            (
                "content/qtwj/nb/xj/_index.md",
                &column("下级栏目", "其他信息"),
            ),
            ("content/qtwj/nb/xj/qs2.md", &doc(HEAD, CANARY)),
        ]);
        let errors = errors_at(p.root(), "disclosure-unclear");
        assert!(
            errors
                .iter()
                .any(|(f, l)| f == "content/qtwj/nb/_index.md" && *l >= 3),
            "{index}: {errors:?}"
        );
        assert_model_withholds(p.root(), "content/qtwj/nb/qs.md", CANARY, index);
        assert_model_withholds(p.root(), "content/qtwj/nb/xj/qs2.md", CANARY, index);
        assert!(build(p.root()).is_err(), "{index}");
        assert!(files_with(&p.site(), CANARY).is_empty(), "{index}");
    }
}

#[test]
fn disclosure_lines_pasted_below_the_front_matter_withhold_the_document() {
    const CANARY: &str = "CANARY-正文-9d14";
    for (body, line) in [
        (
            "---\n公开方式: 依申请公开\n不予公开依据: 第十六条 过程性信息\n---\n",
            6,
        ),
        ("公开方式：依申请公开\n", 5),
        ("\n公开方式: 不予公开\n", 6),
        ("文件正文第一段。\n\n（此件依申请公开）\n", 7),
    ] {
        let p = portal(&[(CASE, &doc(HEAD, &format!("{body}{CANARY}")))]);
        let errors = errors_at(p.root(), "disclosure-unclear");
        assert!(
            errors.contains(&(CASE.to_string(), line)),
            "{body}: {errors:?}"
        );
        assert_model_withholds(p.root(), CASE, CANARY, body);
    }
}

#[test]
fn public_documents_in_any_spelling_are_still_published() {
    for (i, front) in [
        "公开方式: 主动公开",
        "公开方式: 主動公開",
        "公开方式: \"主动公开\"",
        "公　开　方　式: 主动公开",
        "public: true",
        "是否公开: 是",
        "涉密: 否",
        "公开方式: public",
        "主题词: 依申请公开、政府信息公开",
    ]
    .iter()
    .enumerate()
    {
        let marker = format!("PUBLIC-OK-{i}");
        let p = portal(&[(
            CASE,
            &doc(
                &format!("{HEAD}\n{front}"),
                &format!("{marker}。本机关依申请公开的办理程序见公开指南。"),
            ),
        )]);
        build(p.root()).unwrap_or_else(|d| panic!("{front}: {d:#?}"));
        assert!(p.page("qtwj/case/").contains(&marker), "{front}");
    }
}

// ---------------------------------------------------------------------------
// The seeded generator.

/// Spellings of the 公开方式 key, known and unknown.
const KEYS: &[&str] = &[
    "公开方式",
    "公開方式",
    "公　开　方　式",
    "公开\u{200B}方式",
    "是否公开",
    "公开类型",
    "公开范围",
    "公开形式",
    "公开属性",
    "公開屬性",
    "信息公开方式",
    "发布方式",
    "public",
    "Public",
    "is_public",
    "disclosure",
    "Disclosure",
    "visibility",
    "ＰＵＢＬＩＣ",
    "网上发布",
    "对外可见",
    "可见",
    "公开方试",
    "备注",
];

/// Values that state non-disclosure.
const WITHHELD: &[&str] = &[
    "依申请公开",
    "依申請公開",
    "不予公开",
    "不予公開",
    "不公开",
    "非公开",
    "暂不公开",
    "不对外公开",
    "仅限内部",
    "内部",
    "涉密",
    "秘密",
    "依申请",
    "withheld",
    "on_request",
    "On-Request",
    "private",
    "not public",
    "confidential",
    "依\u{200B}申请公开",
    "ｗｉｔｈｈｅｌｄ",
    "依申请公开。",
    "待审核",
    "未审核",
    "待发布",
];

/// Negations, meaningful under a disclosure-like key.
const NEGATIONS: &[&str] = &["否", "false", "no", "0", "N", "不", "不是", "False"];

/// Keys whose yes means withheld.
const MARKERS: &[&str] = &[
    "涉密",
    "保密",
    "confidential",
    "secret",
    "private",
    "draft",
    "不公开",
    "内部文件",
    "依申请公开",
    "hide",
    "知悉范围",
];
const YES: &[&str] = &["是", "true", "yes", "1", "True", "Y"];

fn pick<'a>(rng: &mut fastrand::Rng, from: &[&'a str]) -> &'a str {
    from[rng.usize(..from.len())]
}

/// Sometimes disguises a spelling as pasted text does: a zero-width or soft-hyphen
/// character or an ideographic space inside it, or ASCII in full width.
fn mangle(rng: &mut fastrand::Rng, s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    match rng.u8(..6) {
        0 if chars.len() > 1 => {
            let at = rng.usize(1..chars.len());
            let c = pick(
                rng,
                &["\u{200B}", "\u{AD}", "\u{3000}", "\u{2060}", "\u{FEFF}"],
            );
            let mut out: String = chars[..at].iter().collect();
            out.push_str(c);
            out.extend(&chars[at..]);
            out
        }
        1 => chars
            .iter()
            .map(|c| match *c {
                '!'..='~' => char::from_u32(*c as u32 - 0x21 + 0xFF01).unwrap(),
                c => c,
            })
            .collect(),
        _ => s.to_string(),
    }
}

/// Writes a value as YAML in one of several forms.
fn yaml_value(rng: &mut fastrand::Rng, key: &str, v: &str) -> String {
    match rng.u8(..6) {
        0 => format!("{key}: \"{v}\""),
        1 => format!("{key}: '{v}'"),
        2 => format!("{key}: |\n  {v}"),
        3 => format!("{key}: >-\n  {v}"),
        4 => format!("{key}:   {v}   "),
        _ => format!("{key}: {v}"),
    }
}

/// Where the statement goes.
#[derive(Debug, Clone, Copy)]
enum Position {
    First,
    Last,
    Nested,
    ListItem,
    Flow,
    Anchor,
    Merge,
    Tag,
    Commented,
    SecondBlock,
    BodyTop,
    Column,
    ParentColumn,
}

const POSITIONS: &[Position] = &[
    Position::First,
    Position::Last,
    Position::Nested,
    Position::ListItem,
    Position::Flow,
    Position::Anchor,
    Position::Merge,
    Position::Tag,
    Position::Commented,
    Position::SecondBlock,
    Position::BodyTop,
    Position::Column,
    Position::ParentColumn,
];

struct Case {
    description: String,
    files: Vec<(String, String)>,
    /// The file an error must name when the build fails.
    file: String,
    /// The document that must not be published.
    source: String,
    route: String,
    public: bool,
}

fn case(rng: &mut fastrand::Rng, i: usize, canary: &str) -> Case {
    let title = format!("标题: 关于申请专项经费的请示（第{i}号）\n发布日期: 2026-05-06");
    let ground = if rng.bool() {
        format!("\n{GROUND}")
    } else {
        String::new()
    };
    // One case in five is a legitimate 主动公开 document, which must be published.
    if rng.u8(..5) == 0 {
        let kind = rng.u8(..6);
        let (key, value) = match kind {
            1 => ("公开方式", pick(rng, &["主动公开", "主動公開", "public"])),
            2 => (pick(rng, &["是否公开", "public", "Public"]), pick(rng, YES)),
            _ => (
                pick(rng, &["涉密", "confidential", "保密"]),
                pick(rng, &["否", "false", "no"]),
            ),
        };
        let front = match kind {
            0 => String::new(),
            1..=3 => yaml_value(rng, key, value),
            4 => "公　开　方　式: 主动公开".to_string(),
            _ => "主题词: 依申请公开、公开指南".to_string(),
        };
        return Case {
            description: format!("public: {front}"),
            files: vec![(CASE.into(), doc(&format!("{title}\n{front}"), canary))],
            file: CASE.into(),
            source: CASE.into(),
            route: "qtwj/case/".into(),
            public: true,
        };
    }
    let (key, value) = match rng.u8(..3) {
        0 => (pick(rng, MARKERS).to_string(), pick(rng, YES).to_string()),
        1 => (
            pick(rng, &KEYS[..KEYS.len() - 1]).to_string(),
            pick(rng, NEGATIONS).to_string(),
        ),
        _ => (pick(rng, KEYS).to_string(), pick(rng, WITHHELD).to_string()),
    };
    let (key, value) = (mangle(rng, &key), mangle(rng, &value));
    let statement = yaml_value(rng, &key, &value);
    let position = POSITIONS[rng.usize(..POSITIONS.len())];
    let extra = "文号: 测政〔2026〕12号\n主题词: 经费、请示";
    let (front, body, index, parent_index) = match position {
        Position::First => (
            format!("{statement}\n{title}{ground}"),
            String::new(),
            None,
            None,
        ),
        Position::Last => (
            format!("{title}\n{extra}{ground}\n{statement}"),
            String::new(),
            None,
            None,
        ),
        Position::Nested => (
            format!(
                "{title}\n元数据:\n  {}{ground}",
                statement.replace('\n', "\n  ")
            ),
            String::new(),
            None,
            None,
        ),
        Position::ListItem => (
            format!(
                "{title}\n其他:\n  - {}{ground}",
                statement.replace('\n', "\n    ")
            ),
            String::new(),
            None,
            None,
        ),
        Position::Flow => (
            format!("{title}\n信息: {{{key}: \"{value}\"}}{ground}"),
            String::new(),
            None,
            None,
        ),
        Position::Anchor => (
            format!("{title}\n模板: &v \"{value}\"\n{key}: *v{ground}"),
            String::new(),
            None,
            None,
        ),
        Position::Merge => (
            format!(
                "{title}\n基础: &b\n  {}\n<<: *b{ground}",
                statement.replace('\n', "\n  ")
            ),
            String::new(),
            None,
            None,
        ),
        Position::Tag => (
            format!(
                "{title}\n{key}: {} \"{value}\"{ground}",
                pick(rng, &["!!str", "!custom", "!<tag:yaml.org,2002:str>"])
            ),
            String::new(),
            None,
            None,
        ),
        Position::Commented => (
            format!("{title}\n# {key}: {value}{ground}"),
            String::new(),
            None,
            None,
        ),
        Position::SecondBlock => (
            title.clone(),
            format!("---\n{statement}{ground}\n---\n"),
            None,
            None,
        ),
        Position::BodyTop => (
            title.clone(),
            format!(
                "{}{key}{}{value}\n",
                if rng.bool() { "\n" } else { "" },
                pick(rng, &["：", ": ", "："])
            ),
            None,
            None,
        ),
        Position::Column => (
            title.clone(),
            String::new(),
            Some(format!(
                "---\n名称: 内部请示\n{statement}{ground}\n---\n{canary} 栏目介绍\n"
            )),
            None,
        ),
        Position::ParentColumn => (
            title.clone(),
            String::new(),
            None,
            Some(format!("---\n名称: 内部请示\n{statement}{ground}\n---\n")),
        ),
    };
    let mut files = vec![];
    let (source, file, route) = match (&index, &parent_index) {
        (Some(index), _) => {
            files.push(("content/qtwj/nb/_index.md".to_string(), index.clone()));
            (
                "content/qtwj/nb/qs.md",
                "content/qtwj/nb/_index.md",
                "qtwj/nb/qs/",
            )
        }
        (_, Some(parent)) => {
            files.push(("content/qtwj/nb/_index.md".to_string(), parent.clone()));
            files.push((
                "content/qtwj/nb/xj/_index.md".to_string(),
                column("下级栏目", "其他信息"),
            ));
            (
                "content/qtwj/nb/xj/qs.md",
                "content/qtwj/nb/_index.md",
                "qtwj/nb/xj/qs/",
            )
        }
        _ => (CASE, CASE, "qtwj/case/"),
    };
    let with_attachment = rng.bool();
    let front = if with_attachment {
        format!("{front}\n附件:\n  - files/case.txt")
    } else {
        front
    };
    if with_attachment {
        let dir = Path::new(source).parent().unwrap().display().to_string();
        files.push((format!("{dir}/files/case.txt"), format!("附件 {canary}")));
    }
    files.push((
        source.to_string(),
        doc(&front, &format!("{body}{canary}，请示内容。")),
    ));
    Case {
        description: format!("{position:?} {key:?}={value:?}\n{front}\n---\n{body}"),
        files,
        file: file.into(),
        source: source.into(),
        route: route.into(),
        public: false,
    }
}

#[test]
fn seeded_disclosure_statements_are_never_published() {
    let mut rng = fastrand::Rng::with_seed(0x16_D15C_105E);
    let started = std::time::Instant::now();
    let (mut built, mut refused, mut public) = (0, 0, 0);
    for i in 0..300 {
        let canary = format!("CANARY-绝密-7f3a-{i:03}");
        let c = case(&mut rng, i, &canary);
        let files: Vec<(&str, &str)> = c
            .files
            .iter()
            .map(|(a, b)| (a.as_str(), b.as_str()))
            .collect();
        let p = portal(&files);
        let what = format!("case {i}: {}", c.description);
        if c.public {
            public += 1;
            let (portal, diags) = xxgk::build::load_checked(&load_options(p.root()));
            let errors: Vec<_> = diags.iter().filter(|d| d.is_error()).collect();
            assert!(errors.is_empty(), "{what}: {errors:#?}");
            let d = portal
                .unwrap()
                .documents
                .into_iter()
                .find(|d| d.source == c.source)
                .unwrap_or_else(|| panic!("{what}: not loaded"));
            assert!(d.is_public(), "{what}");
            // A sample of them is built in full.
            if i % 4 == 0 {
                build(p.root()).unwrap_or_else(|d| panic!("{what}: {d:#?}"));
                assert!(p.page(&c.route).contains(&canary), "{what}");
            }
            continue;
        }
        assert_model_withholds(p.root(), &c.source, &canary, &what);
        // Errors name the right file (the document, or the column that withholds it).
        let (_, diags) = xxgk::load::load(&load_options(p.root()));
        let named = diags.iter().any(|d| d.is_error() && d.file == c.file);
        let proper = !diags.has_errors();
        assert!(named || proper, "{what}: {:#?}", diags.sorted());
        if proper {
            built += 1;
        } else {
            refused += 1;
        }
        // Building every case costs too much in debug; a third of them are built in full.
        if i % 3 == 0 {
            assert_never_published(&p, &c.file, &canary, &what);
            assert!(!p.has_page(&c.route), "{what}");
        }
    }
    assert!(
        public > 30 && refused > 150,
        "{public} public, {refused} refused, {built} built"
    );
    assert!(
        started.elapsed().as_secs() < 120,
        "took {:?}",
        started.elapsed()
    );
}

/// Red team: spellings that were published whole before — a 公开方式 whose value was
/// emptied, a key naming publication set to no (网上发布: 否, 可见: 否), a review state
/// (待审核), `hide: true`, a classified document's 知悉范围.
#[test]
fn emptied_mode_publication_keys_set_to_no_and_review_states_are_withheld() {
    const CANARY: &str = "CANARY-绝密-7f3a";
    for front in [
        "公开方式:",
        "公开方式: ~",
        "公开方式: \"\"",
        "网上发布: 否",
        "可见: 否",
        "上传: false",
        "状态: 待审核",
        "审核状态: 未审核",
        "状态: 待发布",
        "hide: true",
        "可见范围: 本单位",
        "知悉范围: 县领导",
    ] {
        let p = portal(&[(
            CASE,
            &doc(
                &format!("{HEAD}\n{front}"),
                &format!("{CANARY}，请示内容。"),
            ),
        )]);
        let errors = errors_at(p.root(), "disclosure-unclear");
        assert!(
            errors.contains(&(CASE.to_string(), 4)),
            "{front}: {errors:?}"
        );
        assert_model_withholds(p.root(), CASE, CANARY, front);
        assert_never_published(&p, CASE, CANARY, front);
    }
    // Publication named with a value that says nothing is still public.
    let p = portal(&[(
        CASE,
        &doc(&format!("{HEAD}\n发布渠道: 政府网站"), "请示内容。"),
    )]);
    assert!(errors_at(p.root(), "disclosure-unclear").is_empty());
}

/// Red team: the home introduction (`content/_index.md`) was never read for
/// disclosure — 公开方式 there, or 此件不予公开 in its text, published it on the home page.
#[test]
fn a_home_introduction_stating_non_disclosure_is_an_error_and_not_shown() {
    const CANARY: &str = "CANARY-绝密-7f3a";
    for (intro, line) in [
        (
            format!("---\n公开方式: 依申请公开\n---\n{CANARY} 县情简介。\n"),
            2,
        ),
        (format!("---\n是否公开: 否\n---\n{CANARY} 县情简介。\n"), 2),
        (format!("---\n---\n（此件不予公开）{CANARY}\n"), 3),
        (format!("---\nbase: &b\n  x: 1\n---\n{CANARY}\n"), 2),
    ] {
        let p = portal(&[("content/_index.md", &intro)]);
        let errors: Vec<(String, usize)> = errors_at(p.root(), "disclosure-unclear")
            .into_iter()
            .chain(errors_at(p.root(), "yaml-construct"))
            .collect();
        assert!(
            errors.contains(&("content/_index.md".to_string(), line)),
            "{intro}: {errors:?}"
        );
        assert!(build(p.root()).is_err(), "{intro}: built");
        assert!(files_with(&p.site(), CANARY).is_empty(), "{intro}");
        assert!(files_with(&p.root().join(".xxgk"), CANARY).is_empty());
    }
    // A plain introduction is shown.
    let p = portal(&[(
        "content/_index.md",
        "---\n---\n示例县位于东部，县情简介。\n",
    )]);
    build(p.root()).unwrap();
    assert!(
        std::fs::read_to_string(p.site().join("index.html"))
            .unwrap()
            .contains("县情简介")
    );
}
