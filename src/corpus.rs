//! A generated portal of realistic Chinese government documents, for benchmarks and
//! for tests that need scale (search accuracy, false-positive rates).
//!
//! Deterministic for a seed. Text is composed from phrases of real county documents;
//! numbers are amounts, dates and 文号 only — never anything shaped like an ID card,
//! mobile or bank-card number, so a personal-data rule must stay silent on it.

use crate::scaffold::STANDARD_COLUMNS;
use std::fmt::Write as _;
use std::io;
use std::path::Path;

const ORG_CODE: &str = "11990000MB0123456X";

const SUBJECTS: &[&str] = &[
    "就业创业",
    "稳岗返还",
    "职业技能培训",
    "城乡居民基本医疗保险",
    "城乡居民养老保险",
    "最低生活保障",
    "临时救助",
    "特困人员供养",
    "耕地地力保护补贴",
    "农机购置补贴",
    "高标准农田建设",
    "农村人居环境整治",
    "农村危房改造",
    "义务教育招生",
    "学生资助",
    "养老服务设施",
    "社区居家养老",
    "残疾人两项补贴",
    "退役军人优抚",
    "城区停车设施",
    "老旧小区改造",
    "生活垃圾分类",
    "河长制",
    "森林防火",
    "安全生产",
    "食品安全",
    "营商环境",
    "政务服务",
    "政府信息公开",
    "行政执法公示",
    "公共资源交易",
    "保障性住房",
    "乡村振兴衔接资金",
    "消费帮扶",
    "文化惠民",
    "全民健身",
    "疫苗接种",
    "家庭医生签约",
    "防汛抗旱",
    "地质灾害防治",
];

const ISSUERS: &[(&str, &str)] = &[
    ("示例县人民政府", "示政"),
    ("示例县人民政府办公室", "示政办"),
    ("示例县人力资源和社会保障局", "示人社"),
    ("示例县财政局", "示财"),
    ("示例县农业农村局", "示农"),
    ("示例县民政局", "示民"),
    ("示例县教育局", "示教"),
    ("示例县卫生健康委员会", "示卫健"),
    ("示例县住房和城乡建设局", "示住建"),
];

const TOPICS: &[&str] = &[
    "综合政务",
    "劳动、人事、监察",
    "农业、林业、水利",
    "民政、扶贫、救灾",
    "科技、教育",
    "卫生、体育",
    "城乡建设、环境保护",
    "财政、金融、审计",
    "市场监管、安全生产监管",
];

const OPENINGS: &[&str] = &[
    "为深入贯彻落实党中央、国务院和省委、省政府关于{s}工作的决策部署，进一步提升{s}工作水平，结合我县实际，制定本{t}。",
    "根据《中华人民共和国政府信息公开条例》和上级有关文件精神，现就做好{s}有关工作通知如下。",
    "为切实保障群众合法权益，规范{s}管理，推动各项政策落地见效，经县人民政府同意，现将有关事项通知如下。",
];

const SENTENCES: &[&str] = &[
    "各乡镇人民政府、县直有关单位要高度重视{s}工作，切实加强组织领导，明确责任分工，确保各项任务落到实处。",
    "县{d}负责牵头做好{s}的统筹协调，定期调度工作进展，及时研究解决工作中遇到的困难和问题。",
    "对符合条件的对象，按照每人每月{n}元的标准给予补贴，所需资金由县级财政统筹安排。",
    "申请人应当向户籍所在地乡镇人民政府提出书面申请，并如实提供家庭收入、财产等相关材料。",
    "乡镇人民政府应当自受理申请之日起{k}个工作日内完成审核，并将审核意见在村（社区）公示{k}日。",
    "公示期满无异议的，报县{d}审批；有异议的，由乡镇人民政府组织复核。",
    "{y}年全县共完成{s}项目{k}个，累计投入资金{n}万元，惠及群众{m}人。",
    "要充分利用政府网站、政务新媒体、村务公开栏等渠道，及时公开{s}政策措施和办理结果，主动接受社会监督。",
    "加强资金监管，严禁截留、挤占、挪用补助资金，对违规使用资金的，依法依规追究相关单位和人员责任。",
    "建立健全{s}工作台账，实行月调度、季通报制度，对工作推进缓慢的单位进行督办。",
    "本{t}由县{d}负责解释，自印发之日起施行，有效期{k}年。",
    "各地在执行过程中遇到的问题，请及时向县{d}反映。联系电话：0999-{p}。",
    "坚持以人民为中心的发展思想，聚焦群众急难愁盼问题，持续推进{s}提质增效。",
    "严格落实“谁起草、谁解读”原则，政策解读材料与政策文件同步起草、同步审签、同步发布。",
    "将{s}工作纳入年度目标责任考核，考核结果作为评先评优的重要依据。",
    "对{y}年度{s}资金分配结果予以公示，公示期为{k}个工作日，公示期间如有异议，可向县{d}反映。",
    "全面推行“一窗受理、集成服务”，实现{s}事项“最多跑一次”，办理时限压缩至{k}个工作日。",
    "依托全国一体化政务服务平台，推动{s}相关事项网上办、掌上办、就近办。",
];

const DEPARTMENTS: &[&str] = &[
    "人力资源和社会保障局",
    "财政局",
    "民政局",
    "农业农村局",
    "教育局",
    "卫生健康委员会",
    "住房和城乡建设局",
    "政务服务管理局",
];

const FORMS: &[&str] = &["文字", "图解", "问答", "视频", "新闻发布会", "动漫", "音频"];

const DOMAIN_COLUMNS: &[(&str, &str)] = &[
    ("jy", "就业"),
    ("shjz", "社会救助"),
    ("snbt", "涉农补贴"),
    ("ywjy", "义务教育"),
    ("ylfw", "养老服务"),
    ("shbx", "社会保险"),
];

/// What [`generate`] wrote.
#[derive(Debug, Clone, Copy, Default)]
pub struct CorpusStats {
    pub documents: usize,
    pub markdown_bytes: u64,
}

struct Gen {
    rng: fastrand::Rng,
}

impl Gen {
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.rng.usize(..items.len())]
    }

    fn fill(&mut self, template: &str, subject: &str, kind_word: &str, year: i32) -> String {
        let mut s = template.replace("{s}", subject).replace("{t}", kind_word);
        while let Some(i) = s.find("{d}") {
            let d = self.pick(DEPARTMENTS);
            s.replace_range(i..i + 3, d);
        }
        for (key, range) in [
            ("{n}", 100..20000u32),
            ("{k}", 3..30),
            ("{m}", 1000..90000),
            ("{p}", 1_000_000..9_999_999),
        ] {
            while let Some(i) = s.find(key) {
                let v = self.rng.u32(range.clone()).to_string();
                s.replace_range(i..i + 3, &v);
            }
        }
        s.replace("{y}", &year.to_string())
    }

    /// The front matter of a 规范性文件 (without the closing `---`).
    fn normative_front(
        &mut self,
        subject: &str,
        (issuer, prefix): (&str, &str),
        year: i32,
        date: chrono::NaiveDate,
        index_no: &str,
    ) -> String {
        let title = format!("{issuer}关于印发《示例县{subject}管理办法》的通知");
        let doc_no = format!("{prefix}〔{year}〕{}号", self.rng.u32(1..120));
        let validity = if self.rng.u8(..10) == 0 {
            "失效"
        } else {
            "有效"
        };
        format!(
            "标题: {title}\n发布日期: {date}\n成文日期: {date}\n文号: {doc_no}\n发文机关: {issuer}\n索引号: {index_no}\n主题分类: {}\n主题词: {subject}、通知\n有效性: {validity}\n",
            self.pick(TOPICS)
        )
    }

    fn body(&mut self, subject: &str, kind_word: &str, year: i32, target_chars: usize) -> String {
        let mut out = String::with_capacity(target_chars * 4);
        let open = self.pick(OPENINGS);
        out.push_str(&self.fill(open, subject, kind_word, year));
        out.push_str("\n\n");
        let heads = [
            "一、总体要求",
            "二、主要任务",
            "三、保障措施",
            "四、工作要求",
            "五、其他事项",
        ];
        let mut chars = out.chars().count();
        let mut h = 0;
        while chars < target_chars {
            if h < heads.len() {
                let _ = write!(out, "## {}\n\n", heads[h]);
                h += 1;
            }
            for item in 1..=self.rng.usize(2..5) {
                let mut para = format!("（{}）", ["一", "二", "三", "四", "五"][item - 1]);
                for _ in 0..self.rng.usize(2..5) {
                    let t = self.pick(SENTENCES);
                    para.push_str(&self.fill(t, subject, kind_word, year));
                }
                chars += para.chars().count();
                out.push_str(&para);
                out.push_str("\n\n");
            }
            if h == 2 && self.rng.u8(..4) == 0 {
                out.push_str("| 项目 | 标准（元） | 备注 |\n|---|---:|---|\n");
                for _ in 0..3 {
                    let _ = writeln!(
                        out,
                        "| {} | {} | 按月发放 |",
                        self.pick(SUBJECTS),
                        self.rng.u32(100..5000)
                    );
                }
                out.push('\n');
            }
        }
        out
    }
}

/// The config and the standard columns of a corpus portal; returns its `content/`.
fn skeleton(dir: &Path) -> io::Result<std::path::PathBuf> {
    std::fs::create_dir_all(dir)?;
    std::fs::write(
        dir.join("xxgk.yaml"),
        format!(
            "站点名称: 示例县人民政府信息公开\n机构名称: 示例县人民政府\n组织机构代码: {ORG_CODE}\n站点地址: https://xxgk.example.gov.cn/\n每页条数: 20\n联系方式:\n  联系电话: 0999-1234567\n"
        ),
    )?;
    let content = dir.join("content");
    for (path, title, kind, weight, desc) in STANDARD_COLUMNS {
        write(
            &content.join(path).join("_index.md"),
            &format!(
                "---\n名称: {title}\n排序: {weight}\n类型: {}\n描述: {desc}\n---\n",
                kind.zh()
            ),
        )?;
    }
    for (code, domain) in DOMAIN_COLUMNS {
        write(
            &content.join("fdzdgknr/zdly").join(code).join("_index.md"),
            &format!("---\n名称: {domain}\n类型: 其他信息\n领域: {domain}\n---\n"),
        )?;
    }

    Ok(content)
}

/// Writes a portal with `n` documents into `dir` (which should be empty).
///
/// Its 规范性文件 say `生成下载: false`: the corpus measures loading, rules, pages and
/// search, and typesetting a PDF for each of thousands of them would be most of a
/// build (that is `examples/bench_downloads.rs`, on [`normative`]).
pub fn generate(dir: &Path, n: usize, seed: u64) -> io::Result<CorpusStats> {
    let mut g = Gen {
        rng: fastrand::Rng::with_seed(seed),
    };
    let mut stats = CorpusStats::default();
    let content = skeleton(dir)?;
    let mut serial_by_year = std::collections::BTreeMap::<i32, u32>::new();
    let mut normative: Vec<(String, i32, chrono::NaiveDate)> = vec![];
    for i in 0..n {
        let year = 2019 + g.rng.i32(0..8);
        let date = chrono::NaiveDate::from_ymd_opt(year, g.rng.u32(1..13), g.rng.u32(1..29))
            .expect("valid day");
        let serial = serial_by_year.entry(year).or_default();
        *serial += 1;
        let index_no = format!("{ORG_CODE}/{year}-{serial:05}");
        let subject = g.pick(SUBJECTS);
        let (issuer, prefix) = ISSUERS[g.rng.usize(..ISSUERS.len())];
        let roll = g.rng.u8(..100);
        // Interpretations need something to interpret.
        let roll = if roll < 25 && normative.is_empty() {
            30
        } else {
            roll
        };
        let (column, front, kind_word) = match roll {
            0..25 => {
                let (target, ty, td) = normative[g.rng.usize(..normative.len())].clone();
                let d = if ty == year { td } else { date };
                let form = g.pick(FORMS);
                let title = format!("{form}解读：《关于进一步做好{subject}工作的通知》");
                (
                    "fdzdgknr/zcjd".to_string(),
                    format!(
                        "标题: {title}\n发布日期: {d}\n索引号: {index_no}\n解读对象: {target}\n解读形式: {form}\n"
                    ),
                    "解读",
                )
            }
            25..45 => {
                normative.push((index_no.clone(), year, date));
                let front = g.normative_front(subject, (issuer, prefix), year, date, &index_no);
                (
                    "fdzdgknr/zcwj/gfxwj".to_string(),
                    format!("{front}生成下载: false\n"),
                    "办法",
                )
            }
            45..60 => {
                let title = format!("{issuer}关于做好{year}年{subject}工作的通知");
                let doc_no = format!("{prefix}〔{year}〕{}号", g.rng.u32(1..200));
                (
                    "fdzdgknr/zcwj/qtwj".to_string(),
                    format!(
                        "标题: {title}\n发布日期: {date}\n成文日期: {date}\n文号: {doc_no}\n发文机关: {issuer}\n索引号: {index_no}\n主题分类: {}\n",
                        g.pick(TOPICS)
                    ),
                    "通知",
                )
            }
            60..62 => {
                let title = format!("关于{subject}专项工作经费的请示");
                (
                    "fdzdgknr/zcwj/qtwj".to_string(),
                    format!(
                        "标题: {title}\n发布日期: {date}\n成文日期: {date}\n发文机关: {issuer}\n索引号: {index_no}\n主题分类: 综合政务\n公开方式: 依申请公开\n不予公开依据: 《中华人民共和国政府信息公开条例》第十六条 过程性信息\n"
                    ),
                    "请示",
                )
            }
            62..90 => {
                let (code, domain) = DOMAIN_COLUMNS[g.rng.usize(..DOMAIN_COLUMNS.len())];
                let title = format!("示例县{year}年{domain}领域{subject}信息公示");
                (
                    format!("fdzdgknr/zdly/{code}"),
                    format!(
                        "标题: {title}\n发布日期: {date}\n索引号: {index_no}\n领域: {domain}\n"
                    ),
                    "公示",
                )
            }
            _ => {
                let title = format!("示例县{year}年{subject}工作计划");
                (
                    "fdzdgknr/ghjh".to_string(),
                    format!("标题: {title}\n发布日期: {date}\n索引号: {index_no}\n"),
                    "计划",
                )
            }
        };
        let target = 1500 + g.rng.usize(..1800);
        let body = g.body(subject, kind_word, year, target);
        let text = format!("---\n{front}---\n\n{body}");
        stats.markdown_bytes += text.len() as u64;
        stats.documents += 1;
        write(&content.join(column).join(format!("d{i:06}.md")), &text)?;
    }
    Ok(stats)
}

/// Writes a portal of `n` 规范性文件 of the corpus's length (1 500 to 3 300
/// characters, with headings, numbered items and tables), none supplying its WORD or
/// PDF version: each gets both generated, as `examples/bench_downloads.rs` measures.
pub fn normative(dir: &Path, n: usize, seed: u64) -> io::Result<CorpusStats> {
    let mut g = Gen {
        rng: fastrand::Rng::with_seed(seed),
    };
    let mut stats = CorpusStats::default();
    let content = skeleton(dir)?;
    for i in 0..n {
        let year = 2019 + g.rng.i32(0..8);
        let date = chrono::NaiveDate::from_ymd_opt(year, g.rng.u32(1..13), g.rng.u32(1..29))
            .expect("valid day");
        let index_no = format!("{ORG_CODE}/{year}-{:05}", i + 1);
        let subject = g.pick(SUBJECTS);
        let issuer = ISSUERS[g.rng.usize(..ISSUERS.len())];
        let front = g.normative_front(subject, issuer, year, date, &index_no);
        let target = 1500 + g.rng.usize(..1800);
        let body = g.body(subject, "办法", year, target);
        let text = format!("---\n{front}---\n\n{body}");
        stats.markdown_bytes += text.len() as u64;
        stats.documents += 1;
        write(
            &content
                .join("fdzdgknr/zcwj/gfxwj")
                .join(format!("n{i:06}.md")),
            &text,
        )?;
    }
    Ok(stats)
}

fn write(path: &Path, text: &str) -> io::Result<()> {
    if let Some(p) = path.parent() {
        std::fs::create_dir_all(p)?;
    }
    std::fs::write(path, text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_portal_builds_cleanly_and_is_deterministic() {
        let a = tempfile::tempdir().unwrap();
        let b = tempfile::tempdir().unwrap();
        let sa = generate(a.path(), 60, 7).unwrap();
        generate(b.path(), 60, 7).unwrap();
        assert_eq!(sa.documents, 60);
        let read = |d: &Path| {
            std::fs::read_to_string(
                d.join("content/fdzdgknr/zcwj/gfxwj")
                    .read_dir()
                    .unwrap()
                    .next()
                    .unwrap()
                    .unwrap()
                    .path(),
            )
            .unwrap()
        };
        assert_eq!(read(a.path()), read(b.path()));
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let (portal, diags) = crate::load::load(&crate::load::LoadOptions {
            root: a.path().to_path_buf(),
            today,
            base_url: None,
        });
        assert!(!diags.has_errors(), "{:?}", diags.sorted());
        assert_eq!(portal.unwrap().documents.len(), 60);
    }
}
