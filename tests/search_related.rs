//! Issue 19 on a real portal: residents' wording (everyday names, loose 文号,
//! rare phrases) finds related results after the exact ones, in `xxgk search`
//! and in the data the browser reads; withheld text never leaks through them.

mod common;
use common::{CONFIG, Portal, column, doc};
use xxgk::search::pack_reader::PackReader;
use xxgk::search::packs::PackIndex;

const CANARY: &str = "CANARY-绝密-7f3a";
const SHJZ: &str = "content/fdzdgknr/zdly/shjz";

fn portal() -> Portal {
    let config = format!(
        "{CONFIG}搜索词典:\n  暖心救助: 临时救助\n  两项补贴: [困难残疾人生活补贴, 重度残疾人护理补贴]\n"
    );
    let p = Portal::new(&[
        (
            "content/fdzdgknr/_index.md",
            &column("法定主动公开内容", "其他信息"),
        ),
        (
            "content/fdzdgknr/zdly/_index.md",
            &column("重点领域", "其他信息"),
        ),
        (
            &format!("{SHJZ}/_index.md"),
            &column("社会救助", "其他信息"),
        ),
        (
            &format!("{SHJZ}/dbzn.md"),
            &doc(
                // As pasted from a province's page: label, space before the
                // bracket, [] and a zero-width space.
                "标题: 测试县最低生活保障办事指南\n发布日期: 2026-02-25\n文号: 发文字号：测政办 [2026]\u{200b}3号\n发文机关: 测试县民政局",
                "一、保障标准\n\n全县城市居民最低生活保障标准为每人每月760元。",
            ),
        ),
        (
            &format!("{SHJZ}/njbt.md"),
            &doc(
                "标题: 测试县2026年农机购置与应用补贴申请指南\n发布日期: 2026-03-18\n发文机关: 测试县农业农村局",
                "补贴对象为从事农业生产的个人和农业生产经营组织。",
            ),
        ),
        (
            &format!("{SHJZ}/lsjz.md"),
            &doc(
                "标题: 测试县临时救助实施办法\n发布日期: 2026-04-01\n发文机关: 测试县民政局",
                "对遭遇突发事件、意外伤害导致基本生活陷入困境的家庭给予临时救助。",
            ),
        ),
        (
            &format!("{SHJZ}/qs.md"),
            &doc(
                "标题: 关于低保资金的请示\n发布日期: 2026-05-06\n文号: 测民〔2026〕12号\n发文机关: 测试县民政局\n公开方式: 依申请公开\n不予公开依据: 《中华人民共和国政府信息公开条例》第十六条 过程性信息",
                &format!("{CANARY} 最低生活保障资金缺口，农机购置与应用补贴，临时救助。"),
            ),
        ),
        (
            &format!("{SHJZ}/mm.md"),
            &doc(
                "标题: 最低生活保障涉密事项\n发布日期: 2026-05-07\n发文机关: 测试县民政局\n公开方式: 不予公开\n不予公开依据: 第十四条 国家秘密",
                &format!("{CANARY} 临时救助"),
            ),
        ),
    ]);
    p.write("xxgk.yaml", &config);
    p
}

fn search(p: &Portal, q: &str) -> serde_json::Value {
    let run = p.xxgk(&["search", q, "--json", "--limit", "50"]).ok();
    assert!(
        !run.stdout.contains(CANARY),
        "canary in the answer to {q:?}"
    );
    serde_json::from_str(&run.stdout).unwrap()
}

fn urls(v: &serde_json::Value) -> Vec<String> {
    v["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["url"].as_str().unwrap().to_string())
        .collect()
}

fn related(v: &serde_json::Value) -> Vec<(String, Vec<String>)> {
    v["related"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|b| {
                    assert_eq!(b["total"].as_u64().unwrap() as usize, urls(b).len());
                    (b["reason"].as_str().unwrap().to_string(), urls(b))
                })
                .collect()
        })
        .unwrap_or_default()
}

const DBZN: &str = "/fdzdgknr/zdly/shjz/dbzn/";
const NJBT: &str = "/fdzdgknr/zdly/shjz/njbt/";
const LSJZ: &str = "/fdzdgknr/zdly/shjz/lsjz/";

#[test]
fn residents_wording_finds_related_results_after_the_exact_ones() {
    let p = portal();
    p.build().ok();

    // 文号 pasted with label, [] and a zero-width space is shown as 〔〕.
    let page = p.page("fdzdgknr/zdly/shjz/dbzn/");
    assert!(
        page.contains("测政办〔2026〕3号"),
        "standard 文号 on the page"
    );
    assert!(!page.contains("[2026]") && !page.contains('\u{200b}'));

    // 低保: the exact results are the documents containing it (the withheld
    // request's title); the dictionary block brings the 办事指南.
    let v = search(&p, "低保");
    assert_eq!(urls(&v), vec!["/ysqgkml/"]);
    assert_eq!(
        related(&v),
        vec![("“低保”即“最低生活保障”".to_string(), vec![DBZN.to_string()])],
        "the withheld body (which says 最低生活保障) is not searched"
    );

    // 文号 as residents type it: nothing contains the text, the bearer follows.
    for q in [
        "测政办2026 3号",
        "测政办2026年3号",
        "测政办〔2026〕第3号",
        "3号 测政办2026",
    ] {
        let v = search(&p, q);
        assert_eq!(v["total"], 0, "{q}");
        assert_eq!(
            related(&v),
            vec![(
                "按文号“测政办〔2026〕3号”".to_string(),
                vec![DBZN.to_string()]
            )],
            "{q}"
        );
    }
    // The standard form is an exact match, first tier.
    let v = search(&p, "测政办[2026]3号");
    assert_eq!(urls(&v), vec![DBZN]);
    assert!(v["results"][0]["score"].as_f64().unwrap() >= 2000.0);

    // 农机补贴: the official name, then both words.
    let v = search(&p, "农机补贴");
    assert_eq!(v["total"], 0);
    let blocks = related(&v);
    assert_eq!(
        blocks[0],
        (
            "“农机补贴”即“农机购置与应用补贴”".to_string(),
            vec![NJBT.to_string()]
        )
    );
    assert!(
        blocks.contains(&("同时包含“农机”和“补贴”".to_string(), vec![NJBT.to_string()])),
        "{blocks:?}"
    );

    // The portal's own dictionary entry (xxgk.yaml 搜索词典).
    let v = search(&p, "暖心救助");
    assert_eq!(
        related(&v),
        vec![("“暖心救助”即“临时救助”".to_string(), vec![LSJZ.to_string()])]
    );

    // Exact results are unchanged: 临时救助 finds exactly what contains it,
    // and the text output lists related blocks after them.
    let v = search(&p, "临时救助");
    assert_eq!(urls(&v), vec![LSJZ]);
    let text = p.xxgk(&["search", "农机补贴"]).ok().stdout;
    assert!(text.starts_with("“农机补贴”共 0 条结果"), "{text}");
    assert!(
        text.contains("相关结果：“农机补贴”即“农机购置与应用补贴”"),
        "{text}"
    );

    // The browser's dictionary carries the portal's entries.
    let lexicon: Vec<_> = p
        .site_files()
        .into_iter()
        .filter(|(path, _)| path.ends_with("lexicon.json"))
        .collect();
    assert_eq!(lexicon.len(), 1);
    let text = String::from_utf8_lossy(&lexicon[0].1);
    assert!(text.contains("暖心救助") && text.contains("最低生活保障"));

    // No withheld byte in the site, the index, or any answer.
    for q in [
        CANARY,
        "绝密",
        "资金缺口",
        "最低生活保障",
        "涉密事项",
        "临时救助",
    ] {
        let v = search(&p, q);
        let all = v.to_string();
        assert!(
            !all.contains("涉密事项") && !all.contains("资金缺口"),
            "{q}: {all}"
        );
    }
    for (path, bytes) in p.site_files() {
        assert!(
            !String::from_utf8_lossy(&bytes).contains(CANARY),
            "canary in {}",
            path.display()
        );
    }
    for e in walkdir::WalkDir::new(p.root().join(".xxgk"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
    {
        let bytes = std::fs::read(e.path()).unwrap();
        assert!(
            !bytes.windows(CANARY.len()).any(|w| w == CANARY.as_bytes()),
            "canary in {}",
            e.path().display()
        );
    }
}

#[test]
fn a_bad_search_dictionary_entry_is_reported_on_its_line() {
    let p = portal();
    p.write(
        "xxgk.yaml",
        &format!("{CONFIG}搜索词典:\n  暖心救助: 临时救助\n  坏 词: 正式名称\n  空词: []\n"),
    );
    let run = p.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    let first = CONFIG.lines().count() + 3;
    run.reports(&format!("xxgk.yaml:{first}"), "搜索词典“坏 词”");
    run.reports(&format!("xxgk.yaml:{}", first + 1), "缺少正式名称");
}

const ZSRX: &str = "/fdzdgknr/zdly/shjz/zsrx/";
const ZSBM: &str = "/fdzdgknr/zdly/shjz/zsbm/";

/// The test portal with two titles sharing a word of their own (招生入学,
/// not in the dictionary) and 热词 in xxgk.yaml.
fn portal_with_title_words() -> Portal {
    let p = portal();
    p.write(
        &format!("{SHJZ}/zsrx.md"),
        &doc(
            "标题: 测试县义务教育招生入学工作方案\n发布日期: 2026-06-01\n发文机关: 测试县教育局\n主题词: 义务教育、学位申请",
            "适龄儿童按学区登记入学，学位申请须提交户籍证明。",
        ),
    );
    p.write(
        &format!("{SHJZ}/zsbm.md"),
        &doc(
            "标题: 关于小学招生入学报名的通告\n发布日期: 2026-06-02\n发文机关: 测试县教育局",
            "报名时间为六月。",
        ),
    );
    let config = std::fs::read_to_string(p.root().join("xxgk.yaml")).unwrap();
    p.write(
        "xxgk.yaml",
        &format!("{config}热词:\n  - 低保\n  - 招生入学\n"),
    );
    p
}

#[test]
fn the_portals_own_words_answer_pinyin_typos_and_suggestions() {
    let p = portal_with_title_words();
    p.build().ok();
    let both = vec![ZSRX.to_string(), ZSBM.to_string()];
    let mut both_sorted = both.clone();
    both_sorted.sort();
    let sorted = |mut v: Vec<String>| {
        v.sort();
        v
    };

    // Pinyin, whole or initials, of a word found only in titles.
    for q in ["zhaoshengruxue", "zhao sheng ru xue", "zsrx"] {
        let v = search(&p, q);
        assert_eq!(v["total"], 0, "{q}");
        let blocks = related(&v);
        assert_eq!(
            blocks[0].0,
            format!("拼音“{}”：“招生入学”", q.replace(' ', ""))
        );
        assert_eq!(sorted(blocks[0].1.clone()), both_sorted, "{q}");
    }
    // A 主题词 its body holds is a word too (学位申请 is in no title).
    let v = search(&p, "xueweishenqing");
    assert_eq!(related(&v)[0].0, "拼音“xueweishenqing”：“学位申请”");

    // Did you mean: one character wrong, or the same sound.
    for (typed, reason) in [
        ("招生人学", "“招生人学”是不是“招生入学”"),
        ("召生入学", "“召生入学”是不是“招生入学”"),
        ("小学召声入学", "“召声入学”是不是“招生入学”"),
    ] {
        let v = search(&p, typed);
        assert_eq!(v["total"], 0, "{typed}");
        let blocks = related(&v);
        assert_eq!(blocks[0].0, reason, "{typed}: {blocks:?}");
        assert!(!blocks[0].1.is_empty(), "a suggestion finds documents");
    }
    // A suggestion that would find nothing is not shown: 小学 + 招生入学 is one
    // document, the phrase 小学招生入学 is found as typed.
    let v = search(&p, "小学招生入学");
    assert_eq!(urls(&v), vec![ZSBM]);
    assert!(related(&v).iter().all(|b| !b.0.contains("是不是")));

    // Suggestions as the search box shows them, from titles and the dictionary.
    let suggest = |q: &str| -> Vec<String> {
        let out = p.xxgk(&["search", q, "--suggest", "--json"]).ok().stdout;
        serde_json::from_str(&out).unwrap()
    };
    assert!(suggest("招生").contains(&"招生入学".to_string()));
    assert!(suggest("zhaosh").contains(&"招生入学".to_string()));
    assert!(suggest("临时").contains(&"临时救助".to_string()));
    assert!(suggest("2026").is_empty());

    // The browser's vocabulary: small shards named in meta.json, holding
    // the same keys; nothing of a withheld document's title or 主题词. The
    // shards v/<s>.json are logical files of the packs.
    let files = p.site_files();
    let meta = files
        .iter()
        .find(|(path, _)| path.ends_with("search/meta.json"))
        .map(|(_, b)| serde_json::from_slice::<serde_json::Value>(b).unwrap())
        .unwrap();
    let shards = meta["vocab"]["shards"].as_u64().unwrap() as usize;
    let (data, index) = PackIndex::of_export(&p.site().join("search")).unwrap();
    let reader = PackReader {
        dir: &data,
        index: &index,
    };
    let in_packs: Vec<(std::path::PathBuf, Vec<u8>)> = reader
        .paths()
        .unwrap()
        .into_iter()
        .filter(|path| path.starts_with("v/"))
        .map(|path| (path.clone().into(), reader.file(&path).unwrap()))
        .collect();
    let vocab: Vec<&(std::path::PathBuf, Vec<u8>)> = in_packs.iter().collect();
    assert!(
        !files
            .iter()
            .any(|(path, _)| path.parent().is_some_and(|d| d.ends_with("v"))),
        "no loose vocabulary shards"
    );
    assert_eq!(vocab.len(), shards);
    assert!(shards.is_power_of_two());
    let all: String = vocab
        .iter()
        .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
        .collect();
    assert!(
        all.contains("\"p:zsrx\":[[\"招生入学\",2]]"),
        "initials key"
    );
    assert!(all.contains("\"s:招\""));
    for (path, bytes) in &files {
        assert!(
            !String::from_utf8_lossy(bytes).contains("涉密事项"),
            "a withheld title in {}",
            path.display()
        );
    }
    let biggest = vocab.iter().map(|(_, b)| b.len()).max().unwrap();
    assert!(biggest < 8 * 1024, "a vocabulary shard of {biggest} bytes");
    assert!(!files.iter().any(|(path, _)| path.ends_with("pinyin.json")));

    // 热词: links under the search box that run that search.
    let page = p.page("search/");
    assert!(page.contains("热词"), "{page}");
    assert!(
        page.contains("search/?q=%E4%BD%8E%E4%BF%9D\">低保</a>"),
        "{page}"
    );
    assert!(page.contains(">招生入学</a>"));
}

#[test]
fn bad_hot_words_are_reported_on_their_line() {
    let p = portal();
    p.write(
        "xxgk.yaml",
        &format!(
            "{CONFIG}热词:\n  - 低保\n  - 低保\n  - {}\n",
            "很长".repeat(11)
        ),
    );
    let run = p.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    let first = CONFIG.lines().count() + 2;
    run.reports(&format!("xxgk.yaml:{}", first + 1), "热词“低保”重复");
    run.reports(&format!("xxgk.yaml:{}", first + 2), "超过 20 个字");
    // Without the key, no 热词 section.
    let p = portal();
    p.build().ok();
    assert!(!p.page("search/").contains("search-hot"));
}
