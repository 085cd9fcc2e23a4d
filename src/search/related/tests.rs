use super::*;

/// The dictionary's words only: what the tests written before the portal's
/// vocabulary keep asserting.
fn dictionary_vocabulary() -> &'static Vocabulary {
    static V: std::sync::OnceLock<Vocabulary> = std::sync::OnceLock::new();
    V.get_or_init(|| Vocabulary::of_lexicon(&Lexicon::builtin()))
}

fn queries(q: &str, total: usize) -> Vec<(String, String)> {
    rewrites(q, total, &Lexicon::builtin(), dictionary_vocabulary())
        .into_iter()
        .map(|r| (r.query, r.reason))
        .collect()
}

/// Titles of the demo portal (content/), as published.
const PORTAL_TITLES: &[&str] = &[
    "示例县政府信息公开保密审查办法",
    "示例县政策解读“三同步”工作制度",
    "示例县人民政府2025年政府信息公开工作年度报告",
    "示例县人民政府2023年政府信息公开工作年度报告",
    "示例县人民政府2024年政府信息公开工作年度报告",
    "示例县2025年国民经济和社会发展计划",
    "示例县人民政府办公室关于印发《示例县2025年政务公开重点工作提升行动实施方案》的通知",
    "示例县2026年国民经济和社会发展计划",
    "示例县2026年政务公开工作要点任务分工及落实台账",
    "示例县国民经济和社会发展第十五个五年规划纲要（摘要）",
    "示例县国民经济和社会发展第十四个五年规划和二〇三五年远景目标纲要（摘要）",
    "示例县人民政府办公室机构职能",
    "示例县人民政府组成部门联系方式",
    "《示例县城区停车设施建设和管理办法（征求意见稿）》公开征求意见采纳情况的说明",
    "示例县人民政府办公室关于公布示例县人民政府2026年度重大行政决策事项目录的通知",
    "关于公开征求《示例县城区停车设施建设和管理办法（征求意见稿）》意见的公告",
    "《示例县养老服务补贴管理办法》政策解读",
    "图解：示例县2026—2027年冬春农村供水保障工作方案",
    "一图读懂《示例县促进稳岗就业若干措施》",
    "《示例县促进稳岗就业若干措施》政策解读",
    "义务教育招生入学十问十答",
    "《示例县促进农村劳动力转移就业若干措施》政策解读",
    "示例县促进稳岗就业若干措施新闻发布会",
    "《示例县义务教育阶段学校招生入学管理办法》政策解读",
    "临时救助政策问答",
    "《示例县临时救助实施办法》政策解读",
    "视频解读：养老服务补贴怎么领",
    "图解：示例县2026年政务公开工作要点",
    "示例县人民政府关于印发示例县养老服务补贴管理办法的通知",
    "示例县人民政府关于印发示例县义务教育阶段学校招生入学管理办法的通知",
    "示例县人民政府办公室关于印发示例县城区占道经营临时管理规定的通知",
    "示例县人民政府办公室关于印发示例县促进农村劳动力转移就业若干措施的通知",
    "示例县人民政府办公室关于印发示例县临时救助实施办法的通知",
    "示例县人民政府办公室关于印发示例县促进稳岗就业若干措施的通知",
    "示例县人民政府办公室关于印发示例县城乡居民临时救助实施办法的通知",
    "示例县人民政府办公室关于印发示例县2026年政务公开工作要点的通知",
    "示例县人民政府办公室关于做好2026年度城乡居民基本医疗保险参保缴费工作的通知",
    "示例县人民政府办公室关于印发示例县2026—2027年度森林防火工作方案的通知",
    "示例县人民政府办公室关于做好2024年秋冬季秸秆综合利用和禁烧工作的通知",
    "示例县人民政府关于申请创建省级农村产业融合发展示范园的请示",
    "示例县人民政府办公室关于印发示例县2026—2027年冬春农村供水保障工作方案的通知",
    "示例县人力资源和社会保障局权责清单（2026年版）",
    "示例县县级政府部门权责清单（2026年版）调整情况说明",
    "示例县最低生活保障办事指南",
    "示例县2026年10月城乡最低生活保障金发放情况公示",
    "示例县民政局关于城关镇部分低保家庭经济状况复核情况的报告",
    "示例县就业创业补贴申领办事指南",
    "示例县2026年第三季度一次性吸纳就业补贴发放公示",
    "示例县2026年第三季度灵活就业人员社会保险补贴发放公示",
    "示例县2026年耕地地力保护补贴发放情况公示",
    "示例县2026年第二批农机购置与应用补贴资金兑付情况公示",
    "示例县2026年农机购置与应用补贴申请办事指南",
    "示例县2026年第三季度高龄津贴发放情况公示",
    "示例县养老服务机构名录（2026年）",
    "示例县高龄津贴申领办事指南",
    "示例县2026年义务教育阶段学校招生录取情况公告",
    "示例县2026年秋季学期义务教育家庭经济困难学生生活补助发放公示",
    "示例县2026年义务教育阶段学校招生工作方案",
    "示例县人民政府办公室2025年部门决算说明",
    "示例县人民政府办公室2025年部门预算",
    "示例县人民政府办公室2026年部门预算",
    "示例县人民政府信息公开指南（2026年修订）",
    "示例县人民政府信息公开申请表填写说明",
    "关于示例县人民政府信息公开专栏改版试运行的公告",
    "示例县人民政府依申请公开办理指南",
];

/// The demo portal's vocabulary: its titles, a few 主题词, the dictionary.
fn portal_vocabulary() -> &'static Vocabulary {
    static V: std::sync::OnceLock<Vocabulary> = std::sync::OnceLock::new();
    V.get_or_init(|| {
        let kw: Vec<String> = ["政府信息公开", "保密审查", "社会救助"]
            .map(String::from)
            .to_vec();
        Vocabulary::build(
            PORTAL_TITLES
                .iter()
                .enumerate()
                .map(|(i, t)| VocabularyDoc {
                    title: t,
                    body: "政府信息公开工作坚持保密审查，社会救助信息依法公开。",
                    keywords: if i % 7 == 0 { &kw } else { &[] },
                }),
            &Lexicon::builtin(),
        )
    })
}

fn portal_queries(q: &str, total: usize) -> Vec<(String, String)> {
    rewrites(q, total, &Lexicon::builtin(), portal_vocabulary())
        .into_iter()
        .map(|r| (r.query, r.reason))
        .collect()
}

fn pair(q: &str, r: &str) -> (String, String) {
    (q.to_string(), r.to_string())
}

#[test]
fn builtin_lexicon_parses_and_has_real_pairs() {
    let (entries, errors) = Lexicon::parse(BUILTIN_LEXICON);
    assert!(errors.is_empty(), "{errors:?}");
    assert!(entries.len() >= 60, "{} entries", entries.len());
    let lex = Lexicon::builtin();
    assert_eq!(lex.entries().len(), entries.len());
    for (e, o) in [
        ("低保", "最低生活保障"),
        ("社保", "社会保险"),
        ("医保", "医疗保险"),
        ("年报", "年度报告"),
        ("十五五", "第十五个五年"),
        ("农机补贴", "农机购置与应用补贴"),
        ("养老补贴", "养老服务补贴"),
        ("医保缴费", "基本医疗保险参保缴费"),
    ] {
        assert!(lex.forms[e].iter().any(|(x, off)| x == o && *off), "{e}");
        assert!(lex.forms[o].iter().any(|(x, off)| x == e && !off), "{o}");
    }
}

#[test]
fn lexicon_lines_with_problems_are_reported_with_their_line() {
    let (entries, errors) =
        Lexicon::parse("# 注释\n低保 = 最低生活保障\n没有等号\n空 = \n有 空格 = 正式\n");
    assert_eq!(entries.len(), 1);
    let lines: Vec<usize> = errors.iter().map(|e| e.0).collect();
    assert_eq!(lines, vec![3, 4, 5]);
    assert!(errors[0].1.contains("缺少“=”"));
}

#[test]
fn dictionary_rewrites_say_why() {
    assert_eq!(
        queries("低保", 5),
        vec![pair("最低生活保障", "“低保”即“最低生活保障”")]
    );
    assert_eq!(
        queries("最低生活保障", 5),
        vec![pair("低保", "“最低生活保障”也称“低保”")]
    );
    assert_eq!(
        queries("社保补贴", 5),
        vec![pair("社会保险补贴", "“社保补贴”即“社会保险补贴”"),]
    );
    assert_eq!(
        queries("十五五规划", 5),
        vec![pair("第十五个五年规划", "“十五五”即“第十五个五年”")]
    );
    assert_eq!(
        queries("年报 2025", 5),
        vec![pair("年度报告 2025", "“年报”即“年度报告”")]
    );
    // The longest form wins: 医保缴费, not 医保.
    assert_eq!(queries("医保缴费", 5)[0].0, "基本医疗保险参保缴费");
    // A form inside the other adds nothing.
    assert!(queries("公积金", 5).is_empty());
}

#[test]
fn rare_phrases_are_also_searched_as_their_words() {
    assert_eq!(
        queries("农机补贴", 0),
        vec![
            pair("农机购置与应用补贴", "“农机补贴”即“农机购置与应用补贴”"),
            pair("农机购置补贴", "“农机补贴”即“农机购置补贴”"),
            pair("农机 补贴", "同时包含“农机”和“补贴”"),
        ]
    );
    assert_eq!(
        queries("临时求助", 0),
        vec![
            pair("临时救助", "“临时求助”是不是“临时救助”"),
            pair("临时 求助", "同时包含“临时”和“求助”")
        ]
    );
    assert_eq!(
        queries("最底生活保障", 1),
        vec![
            pair("最低生活保障", "“最底生活保障”是不是“最低生活保障”"),
            pair("最底 生活 保障", "同时包含“最底”、“生活”和“保障”")
        ]
    );
    assert_eq!(
        queries("就业补帖", 0)[0],
        pair("就业补贴", "“就业补帖”是不是“就业补贴”")
    );
    // Dictionary words cut first; a last single character stays attached.
    assert_eq!(queries("低保申请书", 0)[1].0, "低保 申请书");
    // Common enough: the phrase alone.
    assert!(queries("临时求助", 3).is_empty());
    // A correct word is not "corrected".
    for q in ["临时救助", "住房补贴", "社保补贴"] {
        let got = queries(q, 0);
        assert!(got.iter().all(|r| !r.1.contains("是不是")), "{q}: {got:?}");
    }
    // Two characters, or not all Han: nothing to split.
    assert!(queries("求助", 0).is_empty());
    assert!(queries("5g网络", 0).is_empty());
}

#[test]
fn a_short_word_found_nowhere_is_matched_by_its_sound() {
    // A pinyin input method's wrong pick: the word of the same length and sound.
    let got = portal_queries("地保", 0);
    assert!(got.contains(&pair("低保", "“地保”是不是“低保”")), "{got:?}");
    assert!(
        queries("公基金", 0).contains(&pair("公积金", "“公基金”是不是“公积金”")),
        "{:?}",
        queries("公基金", 0)
    );
    assert_eq!(
        queries("地保 申请", 0)[0],
        pair("低保 申请", "“地保”是不是“低保”")
    );
    // Found somewhere, or itself a word: as typed.
    assert!(
        portal_queries("地保", 1)
            .iter()
            .all(|r| !r.1.contains("是不是"))
    );
    assert!(queries("低保", 0).iter().all(|r| !r.1.contains("是不是")));
}

#[test]
fn a_question_is_searched_as_what_it_asks_about() {
    assert_eq!(
        queries("如何申请低保", 0),
        vec![
            pair("低保", "略去“如何”“申请”"),
            pair("最低生活保障", "略去“如何”“申请”，“低保”即“最低生活保障”"),
        ]
    );
    // 怎么办理 is 怎么 and 办理; a 依申请公开 keeps the 申请 inside it; several terms
    // are each cut alike.
    for (q, asked, why) in [
        ("低保怎么办理", "低保", "略去“怎么”“办理”"),
        ("依申请公开怎么申请", "依申请公开", "略去“怎么”“申请”"),
        ("有低保吗", "低保", "略去“有”“吗”"),
        ("高龄津贴怎么领", "高龄津贴", "略去“怎么”“领”"),
        ("低保的标准是多少呢", "低保 标准", "略去“的”“是多少”“呢”"),
        ("请问 社保卡在哪里办", "社保卡", "略去“请问”“在哪里”“办”"),
        ("什么是低保", "低保", "略去“什么是”"),
        ("低保咋申请", "低保", "略去“咋”“申请”"),
        ("如何才能领取高龄津贴", "高龄津贴", "略去“如何”“才能”“领取”"),
    ] {
        assert_eq!(queries(q, 0)[0], pair(asked, why), "{q}");
    }
    // The words of a question are those of what it asks about.
    let got = queries("低保需要什么材料", 0);
    assert!(
        got.contains(&pair("低保 材料", "略去“需要”“什么”")),
        "{got:?}"
    );
    assert!(got.iter().all(|r| !r.0.contains("需要")), "{got:?}");
    // Not a question, a question of nothing, or found often enough: as before.
    assert!(
        queries("低保申请", 0)
            .iter()
            .all(|r| !r.1.starts_with("略去"))
    );
    assert!(
        queries("怎么办", 0)
            .iter()
            .all(|r| !r.1.starts_with("略去"))
    );
    assert!(
        queries("如何申请低保", 3)
            .iter()
            .all(|r| !r.1.starts_with("略去"))
    );
}

#[test]
fn document_numbers_typed_loosely_get_their_standard_form() {
    for q in [
        "示政办2026 3号",
        "示政办2026年3号",
        "示政办〔2026〕第3号",
        "示政办 2026 3",
    ] {
        assert_eq!(
            queries(q, 0)[0],
            pair("示政办〔2026〕3号", "按文号“示政办〔2026〕3号”"),
            "{q}"
        );
    }
    // Already the standard form (any brackets): the exact tier has it.
    assert!(queries("示政办[2026]3号", 1).is_empty());
}

#[test]
fn pinyin_whole_spaced_or_initials_maps_to_dictionary_words() {
    assert_eq!(
        queries("dibao", 0),
        vec![
            pair("低保", "拼音“dibao”：“低保”"),
            pair("最低生活保障", "拼音“dibao”：“低保”即“最低生活保障”"),
        ]
    );
    assert_eq!(
        queries("gao ling jin tie", 0)[0],
        pair("高龄津贴", "拼音“gaolingjintie”：“高龄津贴”")
    );
    assert_eq!(
        queries("lsjz", 0)[0],
        pair("临时救助", "拼音“lsjz”：“临时救助”")
    );
    assert_eq!(queries("LinShi JiuZhu", 0)[0].0, "临时救助");
    // Two initials would match too much; unknown letters find nothing.
    assert!(queries("db", 0).is_empty());
    assert!(queries("qwerty", 0).is_empty());
}

#[test]
fn pinyin_and_did_you_mean_reach_the_portals_own_words() {
    // 招生入学 is in titles only, not in the dictionary.
    for (q, first, reason) in [
        (
            "zhaoshengruxue",
            "招生入学",
            "拼音“zhaoshengruxue”：“招生入学”",
        ),
        ("zsrx", "招生入学", "拼音“zsrx”：“招生入学”"),
        // One character wrong, in a title word.
        ("招生人学", "招生入学", "“招生人学”是不是“招生入学”"),
        // The same sound with every character wrong.
        ("林时就助", "临时救助", "“林时就助”是不是“临时救助”"),
        // The same sound, one character wrong.
        ("就业补帖", "就业补贴", "“就业补帖”是不是“就业补贴”"),
        (
            "最底生活保障",
            "最低生活保障",
            "“最底生活保障”是不是“最低生活保障”",
        ),
    ] {
        assert_eq!(
            portal_queries(q, 0).first(),
            Some(&pair(first, reason)),
            "{q}"
        );
    }
    assert!(queries("zhaoshengruxue", 0).is_empty());
    // Words of the titles are right as typed.
    for q in ["招生入学", "高龄津贴", "养老服务补贴"] {
        let got = portal_queries(q, 0);
        assert!(got.iter().all(|r| !r.1.contains("是不是")), "{q}: {got:?}");
    }
}

#[test]
fn suggestions_follow_han_and_pinyin_prefixes() {
    let v = portal_vocabulary();
    let got = suggestions("义务", v);
    assert!(got.contains(&"义务教育".to_string()), "{got:?}");
    assert!(got.iter().all(|w| w.starts_with("义务") && w != "义务"));
    assert!(suggestions("高龄", v).contains(&"高龄津贴".to_string()));
    assert!(suggestions("gaoling", v).contains(&"高龄津贴".to_string()));
    assert!(suggestions("yiwu", v).contains(&"义务教育".to_string()));
    assert_eq!(suggestion_key("义务"), Some("s:义".to_string()));
    assert_eq!(suggestion_key("Gaoling"), Some("s:ga".to_string()));
    for q in ["", " ", "g", "低保 医保", "2026", "示政办〔"] {
        assert!(suggestions(q, v).is_empty(), "{q}");
    }
    assert!(suggestions("低", v).len() <= vocabulary::SUGGESTIONS);
}

/// What the browser holds for a query: `vocabulary_keys`, then the
/// `sound_keys` those tell.
fn fetched(v: &Vocabulary, q: &str, t: usize) -> (Vec<String>, Vec<String>, Vocabulary) {
    let first = vocabulary_keys(q, t);
    let then = sound_keys(q, t, &v.restricted(&first));
    let all: Vec<String> = first.iter().chain(&then).cloned().collect();
    (first, then, v.restricted(&all))
}

/// With only the keys it names the rewrites are those of the whole vocabulary.
#[test]
fn rewrites_read_only_the_keys_they_name() {
    let v = portal_vocabulary();
    let lex = Lexicon::builtin();
    let mut sounded = 0;
    for (q, t) in random_cases(&lex, 7, 400).into_iter().chain(fixed_cases()) {
        let (_, then, only) = fetched(v, &q, t);
        sounded += usize::from(!then.is_empty());
        assert_eq!(
            rewrites(&q, t, &lex, v),
            rewrites(&q, t, &lex, &only),
            "{q} ({t})"
        );
    }
    assert!(sounded >= 20, "{sounded} queries with sound keys");
}

#[test]
fn rewrites_are_bounded() {
    let long = "低保".repeat(40);
    assert!(queries(&long, 0).is_empty());
    let many = "低保 医保 社保 年报 个税 考公 驾照 户口";
    assert_eq!(queries(many, 0).len(), MAX_REWRITES);
    assert!(queries("", 0).is_empty());
    assert!(queries("   ", 0).is_empty());
}

const VECTORS: &str = "tests/data/related_vectors.json";

/// Seeded random queries mixing dictionary forms, 文号 pieces in every
/// style, Han characters, digits and hostile characters.
fn random_cases(lex: &Lexicon, seed: u64, n: usize) -> Vec<(String, usize)> {
    let mut rng = fastrand::Rng::with_seed(seed);
    let forms: Vec<&String> = {
        let mut f: Vec<&String> = lex.forms.keys().collect();
        f.sort();
        f
    };
    let pieces = [
        "示政办",
        "国办发",
        "粤府函",
        "京政办发",
        "2026",
        "2017",
        "３",
        "47",
        "05",
        "〔",
        "〕",
        "[",
        "]",
        "(",
        ")",
        "（",
        "）",
        "【",
        "】",
        "年",
        "第",
        "号",
        " ",
        "　",
        "\u{200b}",
        "\u{feff}",
        "发文字号：",
        "文号:",
        "-",
        "/",
        "号文",
        "文件",
        "怎么",
        "如何",
        "申请",
        "办理",
        "吗",
        "的",
        "有",
        "什么",
        "，",
        "Ａ",
        "g",
        "补贴",
        "就业",
        "临时",
        "救助",
        "规划",
        "最底",
        "生活",
        "保障",
        "农机",
        "月",
        "日",
        "一",
        "〇",
    ];
    let organs = [
        "示政办",
        "国办发",
        "粤府函",
        "京政办发",
        "国发",
        "示政办字",
        "月",
    ];
    let seps = [
        "", " ", "〔", "〕", "[", "]", "(", ")", "（", "）", "【", "】", "年", "\u{200b}", "-",
    ];
    let pick = |rng: &mut fastrand::Rng, from: &[&'static str]| from[rng.usize(0..from.len())];
    (0..n)
        .map(|i| {
            if i % 3 == 0 {
                // A 文号 in some style, its parts perhaps in another order.
                let organ = pick(&mut rng, &organs).to_string();
                let year =
                    pick(&mut rng, &["2026", "2017", "1999", "1800", "２０２４"]).to_string();
                let number = format!(
                    "{}{}{}",
                    if rng.bool() { "第" } else { "" },
                    pick(&mut rng, &["3", "47", "05", "0", "１２"]),
                    if rng.u8(0..4) > 0 { "号" } else { "" }
                );
                let mut parts = vec![organ, year, number];
                if rng.u8(0..4) == 0 {
                    rng.shuffle(&mut parts);
                }
                let q = format!(
                    "{}{}{}{}{}",
                    parts[0],
                    pick(&mut rng, &seps),
                    parts[1],
                    pick(&mut rng, &seps),
                    parts[2]
                );
                return (q, [0, 1, 2, 3][rng.usize(0..4)]);
            }
            let k = rng.usize(1..7);
            let q: String = (0..k)
                .map(|_| {
                    if rng.u8(0..3) == 0 {
                        forms[rng.usize(0..forms.len())].as_str()
                    } else {
                        pieces[rng.usize(0..pieces.len())]
                    }
                })
                .collect();
            (q, [0, 1, 2, 3, 10][rng.usize(0..5)])
        })
        .collect()
}

fn fixed_cases() -> Vec<(String, usize)> {
    [
        ("低保", 10),
        ("最低生活保障", 5),
        ("社保补贴", 0),
        ("养老补贴", 0),
        ("医保缴费", 0),
        ("年报", 0),
        ("十五五规划", 0),
        ("农机补贴", 0),
        ("临时求助", 0),
        ("就业补帖", 0),
        ("最底生活保障", 0),
        ("残疾人两项补贴", 0),
        ("示政办2026 3号", 0),
        ("示政办2026年3号", 0),
        ("示政办〔2026〕第3号", 0),
        ("示政办〔2026〕3号", 1),
        ("国办发〔2017〕47号", 1),
        ("2026年3月", 0),
        ("公积金", 0),
        ("低保 医保 社保 年报 个税 考公 驾照 户口", 0),
        ("dibao", 0),
        ("gao ling jin tie", 0),
        ("lsjz", 0),
        ("LinShi JiuZhu", 0),
        ("shebao", 0),
        ("db", 0),
        ("zhaoshengruxue", 0),
        ("zsrx", 0),
        ("招生人学", 0),
        ("林时就助", 0),
        ("就业补帖", 1),
        ("义务叫育", 2),
        ("高龄津帖发放", 0),
        ("如何申请低保", 0),
        ("低保怎么办理", 0),
        ("怎么领高龄津贴", 0),
        ("依申请公开怎么申请", 0),
        ("有低保吗", 0),
        ("低保需要什么材料", 0),
        ("公积金怎么提取", 0),
        ("2025年预算怎么查", 0),
        ("请问 社保卡在哪里办", 0),
        ("低保的标准是多少呢", 0),
        ("怎么办", 2),
        ("什么", 0),
        ("地保", 0),
        ("地保", 1),
        ("什么是低保", 0),
        ("如何才能领取高龄津贴", 0),
        ("社宝", 0),
        ("公基金", 0),
        ("地保 申请", 0),
        ("医包", 0),
    ]
    .iter()
    .map(|(q, t)| (q.to_string(), *t))
    .collect()
}

fn vectors() -> serde_json::Value {
    let lex = Lexicon::builtin();
    let vocab = portal_vocabulary();
    let mut cases = fixed_cases();
    cases.extend(random_cases(&lex, 20261201, 600));
    // Pinyin keys of the vocabulary, whole or cut by spaces, and noise.
    let keys: Vec<&str> = vocab.keys().filter_map(|k| k.strip_prefix("p:")).collect();
    let mut rng = fastrand::Rng::with_seed(20261202);
    for _ in 0..150 {
        let k = keys[rng.usize(0..keys.len())];
        let cut = rng.usize(0..=k.len());
        let q = match rng.u8(0..3) {
            0 => k.to_string(),
            1 => format!("{} {}", &k[..cut], &k[cut..]),
            _ => format!("{}x", k.to_uppercase()),
        };
        cases.push((q, 0));
    }
    // Typos: a vocabulary word with one character replaced, in context.
    let words: Vec<&str> = vocab
        .keys()
        .filter(|k| k.starts_with("n:"))
        .flat_map(|k| vocab.near(&k[2..]).into_iter().map(|(w, _, _)| w))
        .collect();
    for _ in 0..150 {
        let w: Vec<char> = words[rng.usize(0..words.len())].chars().collect();
        let mut typo = w.clone();
        typo[rng.usize(0..w.len())] = ['底', '帖', '求', '人', '叫', '时', '林'][rng.usize(0..7)];
        let q: String = typo.iter().collect();
        cases.push((q, rng.usize(0..4)));
    }
    let mut needed: Vec<String> = Vec::new();
    let cases: Vec<serde_json::Value> = cases
        .iter()
        .map(|(q, t)| {
            let (first, then, _) = fetched(vocab, q, *t);
            needed.extend(first.iter().chain(&then).cloned());
            serde_json::json!({
                "q": q,
                "total": t,
                "number": query_doc_number(q),
                "keys": first,
                "sound_keys": then,
                "rewrites": rewrites(q, *t, &lex, vocab),
            })
        })
        .collect();
    // Suggestions of prefixes of vocabulary words, Han and pinyin.
    let mut suggest = Vec::new();
    for i in 0..240 {
        let w: Vec<char> = words[(i * 7919) % words.len()].chars().collect();
        let typed: String = if i % 3 == 0 {
            use pinyin::ToPinyin;
            let full: String = w
                .iter()
                .filter_map(|c| c.to_pinyin())
                .map(|p| p.plain())
                .collect();
            full[..(2 + i % 5).min(full.len())].to_string()
        } else {
            w[..1 + i % 2].iter().collect()
        };
        needed.extend(suggestion_key(&typed));
        suggest.push(serde_json::json!({
            "typed": typed,
            "key": suggestion_key(&typed),
            "words": suggestions(&typed, vocab),
        }));
    }
    let only = vocab.restricted(&needed);
    serde_json::json!({
        "lexicon": serde_json::from_str::<serde_json::Value>(&lex.to_json()).unwrap(),
        "vocabulary": only.to_json(),
        "cases": cases,
        "suggest": suggest,
    })
}

/// The shared vectors are what this module computes (rewrite them with
/// `XXGK_WRITE_VECTORS=1 cargo test --lib related`); `related.test.mjs`
/// checks the browser against them: CLI = browser on random queries.
#[test]
fn shared_vectors_hold() {
    let want = vectors();
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(VECTORS);
    if std::env::var_os("XXGK_WRITE_VECTORS").is_some() {
        std::fs::write(&path, serde_json::to_string_pretty(&want).unwrap() + "\n").unwrap();
    }
    let got: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).expect("vectors file")).unwrap();
    assert!(
        got == want,
        "{VECTORS} is stale: rewrite it (see the doc comment)"
    );
    let cases = want["cases"].as_array().unwrap();
    let with = cases
        .iter()
        .filter(|c| !c["rewrites"].as_array().unwrap().is_empty())
        .count();
    let numbers = cases.iter().filter(|c| !c["number"].is_null()).count();
    assert!(
        with >= 150 && numbers >= 20,
        "{with} with rewrites, {numbers} 文号"
    );
}
