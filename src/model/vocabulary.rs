//! The closed vocabularies of the column: kinds, validity, disclosure, interpretation
//! forms, State Council topics and the 26 基层政务公开 domains.
//!
//! Every value is accepted by its English id or its Chinese name (and a few common
//! aliases), and shown to residents in Chinese.

use serde::Serialize;

/// Declares an enum whose values parse from an English id, a Chinese name or aliases.
macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $id:literal, $zh:literal $(, $alias:literal)*;)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// English id, as used in URLs, JSON and templates.
            pub fn id(self) -> &'static str {
                match self { $($name::$variant => $id),+ }
            }

            /// Chinese name shown to residents.
            pub fn zh(self) -> &'static str {
                match self { $($name::$variant => $zh),+ }
            }

            pub fn parse(text: &str) -> Option<Self> {
                let t = text.trim();
                $(if t.eq_ignore_ascii_case($id) || t == $zh $(|| t == $alias)* { return Some($name::$variant); })+
                None
            }

            /// The accepted Chinese names, for hints.
            pub fn choices() -> String {
                [$($zh),+].join(" | ")
            }
        }
    };
}

vocabulary! {
    /// Document kind (类型), CONTRACT §5.
    Kind {
        Guide => "guide", "指南", "办事指南", "公开指南";
        System => "system", "制度";
        Normative => "normative", "规范性文件", "行政规范性文件";
        Policy => "policy", "政策文件", "其他文件";
        Interpretation => "interpretation", "政策解读", "解读";
        Plan => "plan", "规划计划", "规划", "计划";
        Budget => "budget", "预决算", "财政预决算";
        PowerList => "power_list", "权责清单";
        Decision => "decision", "重大行政决策", "意见征集";
        AnnualReport => "annual_report", "年报", "年度报告", "政府信息公开年报";
        Article => "article", "其他信息", "其他";
    }
}

impl Kind {
    /// Kinds that carry the full policy metadata block (索引号 … 主题词).
    pub fn is_policy(self) -> bool {
        matches!(self, Kind::Normative | Kind::Policy)
    }
}

vocabulary! {
    /// 有效性
    Validity {
        Valid => "valid", "有效", "现行有效";
        Expired => "expired", "失效";
        Repealed => "repealed", "废止", "abolished";
    }
}

vocabulary! {
    /// 公开方式
    DisclosureMode {
        Public => "public", "主动公开";
        OnRequest => "on_request", "依申请公开";
        Withheld => "withheld", "不予公开";
    }
}

vocabulary! {
    /// 解读形式
    InterpretationForm {
        Text => "text", "文字", "文字解读";
        Graphic => "graphic", "图解", "图文", "图片";
        Video => "video", "视频", "短视频";
        Audio => "audio", "音频";
        Animation => "animation", "动漫", "卡通动漫";
        QandA => "qa", "问答", "简明问答";
        PressConference => "press_conference", "新闻发布会", "发布会";
    }
}

/// The State Council 主题分类 list.
pub const TOPICS: &[&str] = &[
    "国务院组织机构",
    "综合政务",
    "国民经济管理、国有资产监管",
    "财政、金融、审计",
    "国土资源、能源",
    "农业、林业、水利",
    "工业、交通",
    "商贸、海关、旅游",
    "市场监管、安全生产监管",
    "城乡建设、环境保护",
    "科技、教育",
    "文化、广电、新闻出版",
    "卫生、体育",
    "人口与计划生育、妇女儿童工作",
    "劳动、人事、监察",
    "公安、安全、司法",
    "民政、扶贫、救灾",
    "民族、宗教",
    "对外事务",
    "港澳台侨工作",
    "国防",
    "其他",
];

vocabulary! {
    /// 公文种类: the 15 kinds of 《党政机关公文处理工作条例》 第八条.
    DocType {
        Resolution => "resolution", "决议";
        Decision => "decision", "决定";
        Order => "order", "命令（令）", "命令", "令", "命令(令)";
        Communique => "communique", "公报";
        Announcement => "announcement", "公告";
        PublicNotice => "public_notice", "通告";
        Opinion => "opinion", "意见";
        Notice => "notice", "通知";
        Bulletin => "bulletin", "通报";
        Report => "report", "报告";
        Request => "request", "请示";
        Reply => "reply", "批复";
        Motion => "motion", "议案";
        Letter => "letter", "函";
        Minutes => "minutes", "纪要";
    }
}

impl DocType {
    /// The kind a title names: its last word, after a closing bracketed note
    /// (（征求意见稿）, （第3号）, 〔2026〕…) — 关于印发…的通知 is a 通知. `None` when the
    /// title ends in no kind (a 办法 or 方案 published on its own).
    pub fn from_title(title: &str) -> Option<DocType> {
        let mut t = title.trim();
        // At most a few trailing notes: bounded on any input.
        for _ in 0..4 {
            let stripped = t.trim_end();
            let Some(close) = stripped
                .chars()
                .last()
                .filter(|c| matches!(c, '）' | ')' | '〕' | ']' | '】'))
            else {
                break;
            };
            let open = match close {
                '）' => '（',
                ')' => '(',
                '〕' => '〔',
                ']' => '[',
                _ => '【',
            };
            match stripped.rfind(open) {
                Some(i) => t = &stripped[..i],
                None => break,
            }
        }
        let t = t.trim_end();
        const SUFFIXES: &[(&str, DocType)] = &[
            ("决议", DocType::Resolution),
            ("决定", DocType::Decision),
            ("命令", DocType::Order),
            ("令", DocType::Order),
            ("公报", DocType::Communique),
            ("公告", DocType::Announcement),
            ("通告", DocType::PublicNotice),
            ("意见", DocType::Opinion),
            ("通知", DocType::Notice),
            ("通报", DocType::Bulletin),
            ("报告", DocType::Report),
            ("请示", DocType::Request),
            ("批复", DocType::Reply),
            ("议案", DocType::Motion),
            ("函", DocType::Letter),
            ("纪要", DocType::Minutes),
        ];
        SUFFIXES
            .iter()
            .find(|(s, _)| t.ends_with(s))
            .map(|(_, k)| *k)
    }
}

/// The State Council policy library's two-level topic tree, shipped with the binary.
const TOPIC_TREE: &str = include_str!("topics.txt");

/// Separator of the two levels as the library writes them: `卫生、体育\医药管理`.
pub const TOPIC_SEPARATOR: char = '\\';

/// Each top-level topic with its sub-topics, and every `一级\二级` spelled out once
/// (read from [`TOPIC_TREE`] on first use; a bounded, fixed table).
struct TopicTree {
    tops: Vec<(&'static str, Vec<&'static str>)>,
    /// (一级, 二级) → `一级\二级`
    joined: Vec<((&'static str, &'static str), &'static str)>,
}

fn tree() -> &'static TopicTree {
    static TREE: std::sync::OnceLock<TopicTree> = std::sync::OnceLock::new();
    TREE.get_or_init(|| {
        let mut tops = vec![];
        for line in TOPIC_TREE.lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (top, subs) = line.split_once(':').unwrap_or((line, ""));
            let subs: Vec<&'static str> = subs
                .split('/')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .collect();
            tops.push((top.trim(), subs));
        }
        let joined = tops
            .iter()
            .flat_map(|(top, subs)| subs.iter().map(move |sub| (*top, *sub)))
            .map(|(top, sub)| {
                let text: &'static str =
                    Box::leak(format!("{top}{TOPIC_SEPARATOR}{sub}").into_boxed_str());
                ((top, sub), text)
            })
            .collect();
        TopicTree { tops, joined }
    })
}

/// The sub-topics of a top-level topic (empty for an unknown one).
pub fn sub_topics(top: &str) -> &'static [&'static str] {
    tree()
        .tops
        .iter()
        .find(|(t, _)| *t == top)
        .map(|(_, subs)| subs.as_slice())
        .unwrap_or(&[])
}

/// The two levels of a canonical topic: `卫生、体育\医药管理` → (卫生、体育, Some(医药管理)).
pub fn topic_levels(topic: &str) -> (&str, Option<&str>) {
    match topic.split_once(TOPIC_SEPARATOR) {
        Some((top, sub)) => (top, Some(sub)),
        None => (topic, None),
    }
}

fn top_level(t: &str) -> Option<&'static str> {
    TOPICS
        .iter()
        .copied()
        .find(|topic| *topic == t || topic.split('、').any(|part| part == t))
}

/// A topic is accepted as written in the list, or as one of its 、-separated parts
/// (editors often write just 教育 for 科技、教育); as `一级\二级` (`卫生、体育\医药管理`,
/// the 一级 also by a part: `体育\医药管理`); or as a sub-topic alone (`社会保障`),
/// which names its parent. A sub-topic name shared by two parents (其他) is refused
/// alone. The canonical topic is returned.
pub fn canonical_topic(text: &str) -> Option<&'static str> {
    // The full-width ＼ that Chinese input methods type is the same separator (not
    // NFKC: it would turn the full-width brackets of 货币（含外汇） into ASCII ones).
    let t: String = text.trim().replace('＼', "\\");
    let t = t.as_str();
    let joined = |top: &str, sub: &str| {
        tree()
            .joined
            .iter()
            .find(|((a, b), _)| *a == top && *b == sub)
            .map(|(_, text)| *text)
    };
    if let Some((top, sub)) = t.split_once(TOPIC_SEPARATOR) {
        return joined(top_level(top.trim())?, sub.trim());
    }
    if let Some(top) = top_level(t) {
        return Some(top);
    }
    let mut parents = tree().joined.iter().filter(|((_, sub), _)| *sub == t);
    match (parents.next(), parents.next()) {
        (Some((_, text)), None) => Some(*text),
        _ => None,
    }
}

/// The 26 基层政务公开 domains (DOMAIN.md §8).
pub const DOMAINS: &[&str] = &[
    "重大建设项目",
    "公共资源交易",
    "财政预决算",
    "安全生产",
    "税收管理",
    "农村集体土地征收",
    "国有土地上房屋征收与补偿",
    "农村危房改造",
    "城市综合执法",
    "城乡规划",
    "扶贫",
    "救灾",
    "社会救助",
    "养老服务",
    "户籍管理",
    "涉农补贴",
    "义务教育",
    "生态环境",
    "公共文化服务",
    "公共法律服务",
    "卫生健康",
    "食品药品监管",
    "就业",
    "社会保险",
    "市政服务",
    "保障性住房",
];

pub fn canonical_domain(text: &str) -> Option<&'static str> {
    let t = text.trim();
    DOMAINS.iter().copied().find(|d| *d == t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_parse_from_english_chinese_and_aliases() {
        assert_eq!(Kind::parse("normative"), Some(Kind::Normative));
        assert_eq!(Kind::parse("规范性文件"), Some(Kind::Normative));
        assert_eq!(Kind::parse("行政规范性文件"), Some(Kind::Normative));
        assert_eq!(Kind::parse("Power_List"), Some(Kind::PowerList));
        assert_eq!(Kind::parse("通知"), None);
        assert_eq!(Kind::ALL.len(), 11);
    }

    #[test]
    fn topics_accept_parts() {
        assert_eq!(canonical_topic("教育"), Some("科技、教育"));
        assert_eq!(
            canonical_topic("劳动、人事、监察"),
            Some("劳动、人事、监察")
        );
        assert_eq!(canonical_topic("经济"), None);
    }

    #[test]
    fn the_topic_tree_has_22_top_level_topics_and_their_sub_topics() {
        let tops: Vec<&str> = tree().tops.iter().map(|(t, _)| *t).collect();
        assert_eq!(tops, TOPICS, "topics.txt and TOPICS agree");
        assert_eq!(tops.len(), 22);
        assert!(sub_topics("卫生、体育").contains(&"医药管理"));
        assert!(sub_topics("其他").is_empty());
    }

    #[test]
    fn topics_are_two_level_as_the_policy_library_writes_them() {
        assert_eq!(
            canonical_topic("卫生、体育\\医药管理"),
            Some("卫生、体育\\医药管理")
        );
        assert_eq!(
            canonical_topic(" 卫生、体育＼医药管理 "),
            Some("卫生、体育\\医药管理")
        );
        assert_eq!(
            canonical_topic("体育\\医药管理"),
            Some("卫生、体育\\医药管理")
        );
        assert_eq!(
            canonical_topic("社会保障"),
            Some("劳动、人事、监察\\社会保障")
        );
        assert_eq!(
            canonical_topic("货币（含外汇）"),
            Some("财政、金融、审计\\货币（含外汇）")
        );
        // A part of a top-level topic stays the top-level topic, as before.
        assert_eq!(canonical_topic("卫生"), Some("卫生、体育"));
        // 其他 is a top-level topic of its own, not the 其他 under each parent.
        assert_eq!(canonical_topic("其他"), Some("其他"));
        for bad in ["卫生、体育\\社会保障", "卫生、体育\\", "\\医药管理", "医药"]
        {
            assert_eq!(canonical_topic(bad), None, "{bad}");
        }
        assert_eq!(
            topic_levels("卫生、体育\\医药管理"),
            ("卫生、体育", Some("医药管理"))
        );
        assert_eq!(topic_levels("综合政务"), ("综合政务", None));
    }

    #[test]
    fn the_kind_of_a_document_is_read_from_its_title() {
        let cases = [
            (
                "示例县人民政府办公室关于印发示例县促进稳岗就业若干措施的通知",
                Some("通知"),
            ),
            (
                "示例县人民政府关于废止部分行政规范性文件的决定",
                Some("决定"),
            ),
            (
                "关于公开征求《示例县城区停车管理办法（征求意见稿）》意见的公告",
                Some("公告"),
            ),
            ("示例县人民政府令（第3号）", Some("命令（令）")),
            ("关于同意设立示例县高新区的批复", Some("批复")),
            ("县政府第12次常务会议纪要", Some("纪要")),
            ("关于商请支持示例县农村公路建设的函", Some("函")),
            (
                "示例县人民政府关于2025年度法治政府建设情况的报告",
                Some("报告"),
            ),
            ("关于加快推进乡村振兴的实施意见（试行）", Some("意见")),
            ("示例县禁止燃放烟花爆竹的通告", Some("通告")),
            ("示例县促进稳岗就业若干措施", None),
            ("", None),
            ("（）（）（）（）（）通知", Some("通知")),
        ];
        for (title, want) in cases {
            assert_eq!(DocType::from_title(title).map(DocType::zh), want, "{title}");
        }
        assert_eq!(DocType::parse("令"), Some(DocType::Order));
        assert_eq!(DocType::parse("命令（令）"), Some(DocType::Order));
        assert_eq!(DocType::ALL.len(), 15);
    }

    #[test]
    fn there_are_26_domains() {
        assert_eq!(DOMAINS.len(), 26);
        assert_eq!(canonical_domain("涉农补贴"), Some("涉农补贴"));
    }
}
