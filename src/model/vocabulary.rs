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

/// A topic is accepted as written in the list, or as one of its 、-separated parts
/// (editors often write just 教育 for 科技、教育); the canonical topic is returned.
pub fn canonical_topic(text: &str) -> Option<&'static str> {
    let t = text.trim();
    TOPICS
        .iter()
        .copied()
        .find(|topic| *topic == t || topic.split('、').any(|part| part == t))
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
    fn there_are_26_domains() {
        assert_eq!(DOMAINS.len(), 26);
        assert_eq!(canonical_domain("涉农补贴"), Some("涉农补贴"));
    }
}
