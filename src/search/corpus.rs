//! Test corpora for the search: a handful of hand-written documents, a
//! generator of realistic 信息公开 documents (accuracy test, browser fixture,
//! benchmark), and the plain substring search the engine is measured against.

use chrono::NaiveDate;

use super::SearchDoc;
use super::tokenizer::{CharClass, class_of, fold, split_query};

mod random;
pub use random::*;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

#[allow(clippy::too_many_arguments)]
fn doc(
    url: &str,
    title: &str,
    body: &str,
    doc_number: Option<&str>,
    index_no: Option<&str>,
    column: (&str, &str),
    issuer: &str,
    topic: Option<&str>,
    validity: Option<&str>,
    d: NaiveDate,
) -> SearchDoc {
    SearchDoc {
        url: url.into(),
        title: title.into(),
        body: body.into(),
        doc_number: doc_number.map(Into::into),
        index_no: index_no.map(Into::into),
        column: column.1.into(),
        column_path: column.0.into(),
        issuer: issuer.into(),
        topic: topic.map(Into::into),
        validity: validity.map(Into::into),
        doc_type: doc_type_of(title),
        organ: doc_number.and_then(super::doc_number::organ),
        date: d,
        keywords: Vec::new(),
    }
}

/// The 公文种类 a corpus title ends in (the model's `DocType::from_title` for the
/// kinds these titles use), as `search::portal` would give it.
fn doc_type_of(title: &str) -> Option<String> {
    ["通知", "公告", "报告", "意见", "决定", "通报", "批复", "函"]
        .into_iter()
        .find(|k| title.ends_with(k))
        .map(str::to_string)
}

const GFXWJ: (&str, &str) = ("fdzdgknr/zcwj/gfxwj", "行政规范性文件");
const QTWJ: (&str, &str) = ("fdzdgknr/zcwj/qtwj", "其他文件");
const ZCJD: (&str, &str) = ("fdzdgknr/zcjd", "政策解读");
const CZYJS: (&str, &str) = ("fdzdgknr/czyjs", "财政预决算");
const YSQ: (&str, &str) = ("ysqgkml", "依申请公开目录");

/// A dozen documents of the demo county, small enough to reason about by hand.
pub fn sample_docs() -> Vec<SearchDoc> {
    vec![
        doc(
            "fdzdgknr/zcwj/gfxwj/2026-jybt/",
            "示例县人民政府办公室关于印发《示例县就业补贴实施办法》的通知",
            "各乡镇人民政府，县直各单位：《示例县就业补贴实施办法》已经县人民政府同意，现印发给你们，请认真贯彻执行。一、补贴对象为本县登记失业人员和离校2年内未就业高校毕业生。二、补贴标准为每人每月500元。本办法自2026年3月20日起施行，有效期5年。",
            Some("示政办〔2026〕3号"),
            Some("11990000MB0123456X/2026-00003"),
            GFXWJ,
            "示例县人民政府办公室",
            Some("劳动、人事、监察"),
            Some("有效"),
            date(2026, 3, 12),
        ),
        doc(
            "fdzdgknr/zcwj/gfxwj/2026-ylbx/",
            "示例县人民政府关于调整城乡居民医疗保险缴费标准的通知",
            "根据国家医保局、财政部有关规定，２０２６年度城乡居民医疗保险个人缴费标准调整为每人每年400元。特困人员、低保对象个人缴费部分由医疗救助资金全额资助。",
            Some("示政发〔2026〕13号"),
            Some("11990000MB0123456X/2026-00013"),
            GFXWJ,
            "示例县人民政府",
            Some("卫生、体育\\医药管理"),
            Some("有效"),
            date(2026, 2, 1),
        ),
        doc(
            "fdzdgknr/zcwj/gfxwj/2021-jybt/",
            "示例县就业补贴暂行办法",
            "为促进就业，对本县登记失业人员发放就业补贴。本办法已被示政办〔2026〕3号文件废止。",
            Some("示政办〔2021〕30号"),
            Some("11990000MB0123456X/2021-00030"),
            GFXWJ,
            "示例县人民政府办公室",
            Some("劳动、人事、监察"),
            Some("废止"),
            date(2021, 6, 30),
        ),
        doc(
            "fdzdgknr/zcjd/2026-jybt-jd/",
            "《示例县就业补贴实施办法》政策解读",
            "一、出台背景。为落实稳就业政策，县人社局起草了《示例县就业补贴实施办法》（示政办[2026]3号）。二、主要内容。明确补贴对象、补贴标准和申请程序。",
            None,
            Some("11990000MB0123456X/2026-00004"),
            ZCJD,
            "示例县人力资源和社会保障局",
            Some("劳动、人事、监察"),
            None,
            date(2026, 3, 12),
        ),
        doc(
            "fdzdgknr/czyjs/2026-ys/",
            "示例县2026年一般公共预算",
            "2026年全县一般公共预算收入安排123456万元，比上年增长5.2%。其中税收收入86000万元。5G网络建设投入2000万元。",
            None,
            Some("11990000MB0123456X/2026-00001"),
            CZYJS,
            "示例县财政局",
            Some("财政、金融、审计"),
            None,
            date(2026, 1, 20),
        ),
        doc(
            "fdzdgknr/zcwj/qtwj/2025-ljfl/",
            "关于做好2025年生活垃圾分类工作的通知",
            "各乡镇要按照“减量化、资源化、无害化”原则，推进生活垃圾分类。12026年远景目标另行制定。联系电话：0999-1234567。",
            Some("示建〔2025〕7号"),
            Some("11990000MB0123456X/2025-00071"),
            QTWJ,
            "示例县住房和城乡建设局",
            Some("城乡建设、环境保护"),
            None,
            date(2025, 11, 5),
        ),
        doc(
            "ysqgkml/",
            "关于示例县2025年度低保资金审计情况的报告",
            "",
            Some("示财〔2025〕13号"),
            Some("11990000MB0123456X/2025-00088"),
            YSQ,
            "示例县财政局",
            None,
            None,
            date(2025, 12, 30),
        ),
        doc(
            "fdzdgknr/zcwj/qtwj/2025-ylfw/",
            "示例县养老服务体系建设三年行动方案",
            "到2027年，全县养老床位达到1200张，护理型床位占比不低于55%。推进居家社区养老服务，发放高龄津贴。研究研究再研究，不如落实。参照示政办字2026年3号文件执行。",
            Some("示政办发〔2025〕21号"),
            Some("11990000MB0123456X/2025-00021"),
            QTWJ,
            "示例县人民政府办公室",
            Some("民政、扶贫、救灾\\社会福利"),
            None,
            date(2025, 9, 18),
        ),
    ]
}

/// SplitMix64: small, deterministic, no dependency.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next_u64() % n as u64) as usize
        }
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
    /// Zipf-like pick: early items are much more frequent.
    pub fn pick_skewed<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        let a = self.below(items.len());
        let b = self.below(a + 1);
        &items[b]
    }
}

pub const SUBJECTS: &[&str] = &[
    "就业补贴",
    "城乡居民医疗保险",
    "城乡居民基本养老保险",
    "最低生活保障",
    "特困人员救助供养",
    "高龄津贴发放",
    "创业担保贷款",
    "稳岗返还",
    "职业技能培训",
    "农村危房改造",
    "高标准农田建设",
    "耕地地力保护补贴",
    "义务教育学生资助",
    "营商环境优化",
    "安全生产大检查",
    "食品安全监督抽检",
    "乡村振兴衔接资金",
    "老旧小区改造",
    "生活垃圾分类",
    "政府信息公开",
    "残疾人两项补贴",
    "临时救助",
    "退役军人优待",
    "公共租赁住房保障",
    "家庭医生签约服务",
    "基本公共卫生服务",
    "5G网络建设",
    "农村供水保障",
    "森林防火",
    "防汛抗旱",
    "medical insurance",
    "PM2.5污染防治",
];

const ISSUERS: &[(&str, &str, &str)] = &[
    ("示例县人民政府", "示政发", "综合政务"),
    ("示例县人民政府办公室", "示政办", "综合政务"),
    ("示例县人力资源和社会保障局", "示人社", "劳动、人事、监察"),
    ("示例县财政局", "示财", "财政、金融、审计"),
    ("示例县医疗保障局", "示医保", "卫生、体育"),
    ("示例县教育局", "示教", "教育"),
    ("示例县农业农村局", "示农", "农业、林业、水利"),
    ("示例县住房和城乡建设局", "示建", "城乡建设、环境保护"),
    ("示例县民政局", "示民", "民政、扶贫、救灾"),
    ("示例县市场监督管理局", "示市监", "市场监管、安全生产监管"),
];

/// Sub-topics (二级) of the issuers' topics: two of every three of their documents
/// name one, so the topic facet has both levels (其他 under two parents).
const SUBTOPICS: &[(&str, &[&str])] = &[
    ("综合政务", &["政务公开", "应急管理", "其他"]),
    ("劳动、人事、监察", &["劳动就业", "社会保障", "其他"]),
    ("财政、金融、审计", &["财政", "审计"]),
    ("卫生、体育", &["卫生", "医药管理"]),
    ("民政、扶贫、救灾", &["社会福利", "扶贫", "减灾救灾"]),
];

const COLUMNS: &[(&str, &str)] = &[
    ("fdzdgknr/zcwj/gfxwj", "行政规范性文件"),
    ("fdzdgknr/zcwj/qtwj", "其他文件"),
    ("fdzdgknr/zcjd", "政策解读"),
    ("fdzdgknr/ghjh", "规划计划"),
    ("fdzdgknr/czyjs", "财政预决算"),
    ("fdzdgknr/zdxzjc", "重大行政决策"),
    ("fdzdgknr/jcgk/jyfw", "就业服务"),
    ("fdzdgknr/jcgk/shbz", "社会保障"),
    ("fdzdgknr/jcgk/ylws", "医疗卫生"),
    ("fdzdgknr/gzdt", "工作动态"),
];

const TOWNS: &[&str] = &[
    "城关镇",
    "东山乡",
    "西河镇",
    "南岭乡",
    "北塘镇",
    "青石乡",
    "白水镇",
    "柳林乡",
    "马营镇",
    "黄泥湾乡",
];

const TARGETS: &[&str] = &[
    "登记失业人员",
    "离校2年内未就业高校毕业生",
    "农村低收入人口",
    "城乡特困人员",
    "80周岁以上老年人",
    "脱贫人口和监测对象",
    "小微企业和个体工商户",
    "建档立卡家庭学生",
];

const TITLE_FORMS: &[&str] = &[
    "关于印发《示例县{s}实施办法》的通知",
    "关于做好{y}年{s}工作的通知",
    "关于{s}有关事项的通知",
    "示例县{y}年{s}工作要点",
    "《示例县{s}实施办法》政策解读",
    "{t}{y}年{s}情况公示",
    "关于开展{s}专项行动的实施方案",
    "关于{y}年度{s}资金分配情况的公告",
];

const SENTENCES: &[&str] = &[
    "为贯彻落实党中央、国务院关于{s}的决策部署，进一步做好{s}工作，现将有关事项通知如下。",
    "一、补贴对象。本县行政区域内符合条件的{g}。",
    "二、补贴标准。按照每人每月{n}元的标准发放，所需资金由县级财政统筹安排。",
    "三、申请程序。申请人向户籍所在地乡镇人民政府（街道办事处）提出申请，经村（居）民委员会初审、乡镇审核后报县{d}审批。",
    "四、工作要求。各乡镇、各有关部门要高度重视，加强组织领导，明确责任分工，确保各项政策落实到位。",
    "本通知自{y}年{m}月{dd}日起施行，有效期{k}年。",
    "原《示例县{s}暂行办法》（{ref}）同时废止。",
    "{y}年全县共发放{s}资金{n}万元，惠及群众{n2}人次，其中{t}{n3}人。",
    "联系电话：0999-{p}。",
    "根据《中华人民共和国政府信息公开条例》第二十条规定，现予公开。",
    "{t}完成{s}任务{n}项，同比增长{k}.{k2}%。",
    "依据示政办[{y}]{k}号文件精神，结合我县实际，制定本方案。",
    "参照示政办字{y}年{k}号和示政办发{y}{k}号文件执行。",
    "全县GDP增长{k}.{k2}%，新建5G基站{n}个，PM2.5平均浓度下降{k}微克/立方米。",
    "２０２５年第{k}季度，{t}共受理{s}申请{n}件。",
    "对弄虚作假骗取补贴资金的，依法追回并按有关规定处理。",
    "请各乡镇于{m}月{dd}日前将工作开展情况报送县{d}。",
    "The {e} policy is published in English for reference.",
    "（一）坚持以人民为中心的发展思想；（二）坚持统筹兼顾、突出重点。",
];

const DEPTS: &[&str] = &[
    "人力资源和社会保障局",
    "民政局",
    "医疗保障局",
    "财政局",
    "农业农村局",
    "教育局",
];

fn fill(template: &str, rng: &mut Rng, subject: &str, year: i32) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        let key = &rest[open + 1..open + close];
        let value = match key {
            "s" => subject.to_string(),
            "y" => year.to_string(),
            "g" => rng.pick(TARGETS).to_string(),
            "t" => rng.pick(TOWNS).to_string(),
            "d" => rng.pick(DEPTS).to_string(),
            "n" => (rng.below(2000) + 50).to_string(),
            "n2" => (rng.below(90_000) + 100).to_string(),
            "n3" => (rng.below(500) + 1).to_string(),
            "k" => (rng.below(9) + 1).to_string(),
            "k2" => rng.below(10).to_string(),
            "m" => (rng.below(12) + 1).to_string(),
            "dd" => (rng.below(28) + 1).to_string(),
            "p" => format!("{:07}", rng.below(10_000_000)),
            "e" => ["employment", "medical insurance", "pension"][rng.below(3)].to_string(),
            "ref" => {
                let (_, prefix, _) = rng.pick(ISSUERS);
                format!(
                    "{prefix}〔{}〕{}号",
                    year - 1 - rng.below(5) as i32,
                    rng.below(40) + 1
                )
            }
            _ => String::new(),
        };
        out.push_str(&value);
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    out
}

/// `n` generated documents: realistic titles, 文号 unique per issuer and year,
/// 索引号 unique, bodies of `sentences` (a range) template sentences, ~8%
/// withheld (empty body, listed in 依申请公开目录).
pub fn generate(n: usize, seed: u64, sentences: std::ops::Range<usize>) -> Vec<SearchDoc> {
    let mut rng = Rng::new(seed);
    let mut serials = std::collections::HashMap::<(usize, i32), usize>::new();
    let mut docs = Vec::with_capacity(n);
    for i in 0..n {
        let year = 2016 + rng.below(11) as i32;
        let month = rng.below(12) as u32 + 1;
        let day = rng.below(28) as u32 + 1;
        let subject = *rng.pick_skewed(SUBJECTS);
        let issuer_i = rng.below(ISSUERS.len());
        let (issuer, prefix, topic) = ISSUERS[issuer_i];
        let withheld = rng.below(100) < 8;
        let column = if withheld {
            ("ysqgkml", "依申请公开目录")
        } else {
            *rng.pick(COLUMNS)
        };
        let form = *rng.pick(TITLE_FORMS);
        let title = fill(form, &mut rng, subject, year);
        let normative = column.0.starts_with("fdzdgknr/zcwj") || rng.below(10) == 0;
        let serial = serials.entry((issuer_i, year)).or_insert(0);
        *serial += 1;
        let doc_number = (normative || withheld).then(|| format!("{prefix}〔{year}〕{serial}号"));
        let index_no = Some(format!("11990000MB0123456X/{year}-{:05}", i + 1));
        let body = if withheld {
            String::new()
        } else {
            let count = sentences.start + rng.below(sentences.len().max(1));
            let mut body = String::new();
            for _ in 0..count {
                let s = *rng.pick(SENTENCES);
                let subj = if rng.below(4) == 0 {
                    *rng.pick(SUBJECTS)
                } else {
                    subject
                };
                body.push_str(&fill(s, &mut rng, subj, year));
            }
            body
        };
        let validity =
            normative.then(|| ["有效", "有效", "有效", "失效", "废止"][rng.below(5)].to_string());
        let doc_type = doc_type_of(&title);
        let organ = doc_number.as_deref().and_then(super::doc_number::organ);
        docs.push(SearchDoc {
            url: if withheld {
                "ysqgkml/".into()
            } else {
                format!("{}/{year}-{i:06}/", column.0)
            },
            title,
            body,
            doc_number,
            index_no,
            column: column.1.into(),
            column_path: column.0.into(),
            issuer: issuer.into(),
            topic: normative.then(|| match SUBTOPICS.iter().find(|(top, _)| *top == topic) {
                Some((_, subs)) if i % 3 != 0 => format!("{topic}\\{}", subs[i % subs.len()]),
                _ => topic.to_string(),
            }),
            validity,
            doc_type,
            organ,
            date: date(year, month, day),
            keywords: Vec::new(),
        });
    }
    docs
}

/// Folded text with every separator run collapsed to one space: the text a
/// resident's "contains" is judged on (see the module doc of `search`).
pub fn skeleton(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_sep = false;
    for c in fold(text).chars() {
        if class_of(c) == CharClass::Separator {
            if !in_sep {
                out.push(' ');
            }
            in_sep = true;
        } else {
            out.push(c);
            in_sep = false;
        }
    }
    out
}

/// Plain substring search on skeletons, with the one rule that a term's ASCII
/// letter or digit run at its edge must not continue in the text.
pub fn skeleton_contains(field_skeleton: &str, term_skeleton: &str) -> bool {
    let q = term_skeleton.trim_matches(' ');
    let (Some(first), Some(last)) = (q.chars().next(), q.chars().last()) else {
        return false;
    };
    let ascii = |c: char| matches!(class_of(c), CharClass::Letter | CharClass::Digit);
    let mut from = 0;
    while let Some(found) = field_skeleton[from..].find(q) {
        let at = from + found;
        let end = at + q.len();
        let before = field_skeleton[..at].chars().next_back();
        let after = field_skeleton[end..].chars().next();
        let ok_before = !ascii(first) || before.is_none_or(|b| class_of(b) != class_of(first));
        let ok_after = !ascii(last) || after.is_none_or(|a| class_of(a) != class_of(last));
        if ok_before && ok_after {
            return true;
        }
        from = at + first.len_utf8();
    }
    false
}

/// The reference answer: documents whose title, body, 文号 or 索引号 contains
/// every term of the query. Returns URLs sorted (withheld rows repeat their
/// directory URL, so duplicates are kept).
pub fn reference_search(docs: &[SearchDoc], query: &str) -> Vec<String> {
    Reference::new(docs).search(query)
}

/// Skeletons of a corpus, computed once for many reference queries.
pub struct Reference {
    fields: Vec<([String; 4], String)>,
}

impl Reference {
    pub fn new(docs: &[SearchDoc]) -> Reference {
        Reference {
            fields: docs
                .iter()
                .map(|d| {
                    (
                        [
                            skeleton(&d.title),
                            skeleton(&d.body),
                            skeleton(d.doc_number.as_deref().unwrap_or("")),
                            skeleton(d.index_no.as_deref().unwrap_or("")),
                        ],
                        d.url.clone(),
                    )
                })
                .collect(),
        }
    }

    pub fn search(&self, query: &str) -> Vec<String> {
        let terms: Vec<String> = split_query(query)
            .into_iter()
            .map(skeleton)
            .filter(|s| !s.trim_matches(' ').is_empty())
            .collect();
        if terms.is_empty() {
            return Vec::new();
        }
        let mut urls: Vec<String> = self
            .fields
            .iter()
            .filter(|(fields, _)| {
                terms
                    .iter()
                    .all(|t| fields.iter().any(|f| skeleton_contains(f, t)))
            })
            .map(|(_, url)| url.clone())
            .collect();
        urls.sort();
        urls
    }
}

/// Queries of 1–6 characters, numbers, mixed text and 文号 in other
/// styles; the result set must equal the plain substring search.
pub fn accuracy_queries(docs: &[SearchDoc]) -> Vec<String> {
    let mut qs: Vec<String> = [
        "补",
        "险",
        "县",
        "的",
        "〇",
        "就业",
        "补贴",
        "养老",
        "乡镇",
        "通知",
        "资金",
        "申请",
        "医疗保险",
        "城乡居民",
        "实施办法",
        "最低生活保障",
        "特困人员",
        "高龄津贴",
        "业补",
        "贴实",
        "补贴标准",
        "人民政府",
        "危房改造",
        "2025",
        "2024年",
        "２０２５年",
        "3月",
        "年3月",
        "12号",
        "500元",
        "5",
        "0999",
        "5G",
        "5G网络",
        "G网络",
        "PM2.5",
        "pm2",
        "GDP",
        "gdp增长",
        "medical insurance",
        "insurance",
        "Policy",
        "就业 补贴",
        "医疗 2025",
        "乡镇 审核 申请",
        "（街道办事处）",
        "村（居）民委员会",
        "第3季度",
        "〔2024〕",
        "号文件",
        "城关镇",
        "黄泥湾乡",
        "80周岁以上",
        "2年内",
        "就业补贴实施办法",
        "不存在的词语",
        "坚持统筹兼顾",
        "办法》政策解读",
        "11990000MB0123456X",
        "示政办〔2020〕3号",
        "示政办(2022)5号",
        "示政办[2019]7号",
        "示政办【2024】2号",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    // 文号 and 索引号 of real documents, typed in other styles.
    let numbered: Vec<&SearchDoc> = docs.iter().filter(|d| d.doc_number.is_some()).collect();
    for (i, d) in numbered
        .iter()
        .step_by(numbered.len().max(8) / 8)
        .take(8)
        .enumerate()
    {
        let n = d.doc_number.clone().unwrap_or_default();
        qs.push(match i % 4 {
            0 => n.replace('〔', "[").replace('〕', "]"),
            1 => n.replace('〔', "(").replace('〕', ")"),
            2 => n
                .replace('〔', "【")
                .replace('〕', "】")
                .chars()
                .map(|c| {
                    if c.is_ascii_digit() {
                        char::from_u32(c as u32 + 0xFEE0).unwrap_or(c)
                    } else {
                        c
                    }
                })
                .collect(),
            _ => n.clone(),
        });
    }
    for d in docs.iter().step_by(docs.len().max(3) / 3).take(3) {
        qs.push(d.index_no.clone().unwrap_or_default().to_lowercase());
    }
    qs
}

#[cfg(test)]
mod tests;
