//! `xxgk.yaml`: the portal's configuration (CONTRACT §2). Every key accepts its
//! English or its Chinese name.

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::fields::{Field, Fields, KeyLines, field, parse_yaml};
use serde::Serialize;
use serde_yaml::Value;
use std::path::Path;

pub const CONFIG_FILE: &str = "xxgk.yaml";

const TOP: &[Field] = &[
    field("name", &["站点名称"]),
    field("organisation", &["机构名称", "organization"]),
    field("org_code", &["组织机构代码", "前段码"]),
    field("base_url", &["站点地址"]),
    field("contact", &["联系方式"]),
    field("footer", &["页脚"]),
    field("page_size", &["每页条数"]),
    field("holidays", &["节假日"]),
    field("search_lexicon", &["搜索词典"]),
    field("hot_words", &["热词", "搜索热词"]),
];

const CONTACT: &[Field] = &[
    field("address", &["办公地址", "地址"]),
    field("phone", &["联系电话", "电话"]),
    field("hours", &["办公时间"]),
    field("email", &["电子邮箱", "邮箱"]),
    field("postcode", &["邮政编码", "邮编"]),
    field("fax", &["传真"]),
];

const FOOTER: &[Field] = &[
    field("site_code", &["网站标识码"]),
    field("icp", &["ICP备案号", "ICP备案"]),
    field("police", &["公安备案号", "公安备案"]),
    field("party_gov_mark", &["党政机关标识"]),
];

#[derive(Debug, Clone, Default, Serialize)]
pub struct Contact {
    pub address: Option<String>,
    pub phone: Option<String>,
    pub hours: Option<String>,
    pub email: Option<String>,
    pub postcode: Option<String>,
    pub fax: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Footer {
    pub site_code: Option<String>,
    pub icp: Option<String>,
    pub police: Option<String>,
    pub party_gov_mark: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Config {
    pub name: String,
    pub organisation: String,
    pub org_code: String,
    /// Always ends with `/`.
    pub base_url: String,
    pub contact: Contact,
    pub footer: Footer,
    pub page_size: usize,
    /// Raw `holidays` mapping, read by the working-day calendar.
    #[serde(skip)]
    pub holidays: Option<Value>,
    /// Line of the `holidays` key, for calendar errors.
    #[serde(skip)]
    pub holidays_line: usize,
    /// The portal's own 搜索词典 entries (everyday name, official names), added
    /// after the shipped dictionary (search::related).
    #[serde(skip)]
    pub search_lexicon: Vec<(String, Vec<String>)>,
    /// `热词`: searches offered as links under the search box, in the order
    /// written. None unless configured: a static site has no query log, so
    /// what is "hot" is the editor's call (the suggestions cover the rest).
    pub hot_words: Vec<String>,
}

impl Config {
    /// Loads `<root>/xxgk.yaml`, reporting every problem.
    pub fn load(root: &Path, diags: &mut Diagnostics) -> Option<Config> {
        let path = root.join(CONFIG_FILE);
        let text = match crate::limits::read_bounded(&path, crate::limits::CONFIG_MAX) {
            Ok(Ok(bytes)) => crate::source::decode(CONFIG_FILE, &bytes, diags)?,
            Ok(Err(size)) => {
                diags.push(crate::limits::too_large(
                    CONFIG_FILE,
                    size,
                    crate::limits::CONFIG_MAX,
                    "配置文件",
                ));
                return None;
            }
            Err(e) => {
                diags.push(
                    Diagnostic::error("config-missing", CONFIG_FILE, 0, format!("无法读取配置文件：{e}"))
                        .hint("在站点根目录放置 xxgk.yaml，或用 xxgk init 新建站点；也可用 --root 指定站点目录"),
                );
                return None;
            }
        };
        Config::parse(&text, diags)
    }

    pub fn parse(text: &str, diags: &mut Diagnostics) -> Option<Config> {
        let file = CONFIG_FILE;
        let value = parse_yaml(file, text, 0, diags)?;
        let Some(map) = value.as_mapping() else {
            diags.push(
                Diagnostic::error("config-shape", file, 1, "配置文件应为“键: 值”形式的映射").hint(
                    "每行写一项，如 站点名称: 某县人民政府信息公开（见 README“站点配置”一节）",
                ),
            );
            return None;
        };
        let lines = KeyLines::scan(text, 1);
        let f = Fields::read(file, map, &lines, TOP, true, diags);
        let required = |key: &str, diags: &mut Diagnostics| -> String {
            match f.text(key, TOP, diags) {
                Some(v) => v,
                None => {
                    diags.push(
                        Diagnostic::error(
                            "config-missing-field",
                            file,
                            f.line(key),
                            format!("缺少 {}", crate::fields::label(TOP, key)),
                        )
                        .hint("见 README“站点配置”一节"),
                    );
                    String::new()
                }
            }
        };
        let name = required("name", diags);
        let organisation = required("organisation", diags);
        let org_code = f.text("org_code", TOP, diags).unwrap_or_default();
        let mut base_url = f.text("base_url", TOP, diags).unwrap_or_else(|| "/".into());
        if !is_base_url(&base_url) {
            let shown: String = base_url.chars().take(60).collect();
            diags.push(
                Diagnostic::error(
                    "config-value",
                    file,
                    f.line("base_url"),
                    format!("站点地址“{shown}”不是网址"),
                )
                .hint(
                    "写完整的网址，如 https://xxgk.example.gov.cn/，或以 / 开头的路径，如 /xxgk/",
                ),
            );
            base_url = "/".into();
        }
        let base_url = if base_url.ends_with('/') {
            base_url
        } else {
            format!("{base_url}/")
        };

        let sub = |key: &str, table: &[Field], diags: &mut Diagnostics| -> Fields {
            match f.value(key) {
                Some(Value::Mapping(m)) => {
                    // The nested keys are found below the key as written (页脚, not footer).
                    let written = TOP
                        .iter()
                        .filter(|t| t.key == key)
                        .flat_map(|t| std::iter::once(t.key).chain(t.names.iter().copied()))
                        .find(|n| lines.line_of(n) == f.line(key))
                        .unwrap_or(key);
                    Fields::read(file, m, &lines.nested(written, None), table, true, diags)
                }
                Some(_) => {
                    diags.push(
                        Diagnostic::error(
                            "config-shape",
                            file,
                            f.line(key),
                            format!(
                                "{} 应为映射（缩进的“键: 值”）",
                                crate::fields::label(TOP, key)
                            ),
                        )
                        .hint("在下面各行缩进两格写“键: 值”，如 联系电话: 0999-1234567"),
                    );
                    Fields::default()
                }
                None => Fields::default(),
            }
        };
        let c = sub("contact", CONTACT, diags);
        let contact = Contact {
            address: c.text("address", CONTACT, diags),
            phone: c.text("phone", CONTACT, diags),
            hours: c.text("hours", CONTACT, diags),
            email: c.text("email", CONTACT, diags),
            postcode: c.text("postcode", CONTACT, diags),
            fax: c.text("fax", CONTACT, diags),
        };
        let ft = sub("footer", FOOTER, diags);
        let footer = Footer {
            site_code: ft.text("site_code", FOOTER, diags),
            icp: ft.text("icp", FOOTER, diags),
            police: ft.text("police", FOOTER, diags),
            party_gov_mark: matches!(ft.value("party_gov_mark"), Some(Value::Bool(true))),
        };
        let page_size = match f.value("page_size") {
            None => 20,
            Some(v) => match v.as_u64() {
                Some(n) if (1..=500).contains(&n) => n as usize,
                _ => {
                    diags.push(
                        Diagnostic::error(
                            "config-value",
                            file,
                            f.line("page_size"),
                            "每页条数应为 1 到 500 之间的整数",
                        )
                        .hint("如 每页条数: 20"),
                    );
                    20
                }
            },
        };
        Some(Config {
            name,
            organisation,
            org_code,
            base_url,
            contact,
            footer,
            page_size,
            holidays: f.value("holidays").cloned(),
            holidays_line: f.line("holidays"),
            search_lexicon: search_lexicon(f.value("search_lexicon"), &lines, &f, diags),
            hot_words: hot_words(f.value("hot_words"), f.line("hot_words"), text, diags),
        })
    }

    /// The path part of `base_url`, e.g. `/` or `/xxgk/`: every link in the site starts with it.
    pub fn base_path(&self) -> String {
        let after_scheme = self
            .base_url
            .split_once("://")
            .map(|(_, r)| r)
            .unwrap_or(&self.base_url);
        let path = if self.base_url.contains("://") {
            after_scheme
                .find('/')
                .map(|i| &after_scheme[i..])
                .unwrap_or("/")
        } else {
            after_scheme
        };
        let path = if path.starts_with('/') {
            path.to_string()
        } else {
            format!("/{path}")
        };
        if path.ends_with('/') {
            path
        } else {
            format!("{path}/")
        }
    }
}

/// `https://host/path/` or `/path/`: every page's permalink, feed and sitemap entry
/// starts with it, so anything else (`true`, `xxgk.gov.cn`, `../x`) would make every
/// one of them a link relative to the page, leading nowhere.
pub fn is_base_url(url: &str) -> bool {
    let plain = |p: &str| {
        !p.chars()
            .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '#' | '?' | '\\'))
            && !p.split('/').any(|seg| seg == "." || seg == "..")
    };
    match url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
    {
        Some(rest) => !rest.starts_with('/') && !rest.is_empty() && plain(rest),
        None => url.starts_with('/') && !url.starts_with("//") && plain(url),
    }
}

/// `搜索词典:` — a mapping of everyday name to official name, or to a list of
/// official names. Every refused entry is reported; the others are kept.
fn search_lexicon(
    value: Option<&Value>,
    lines: &KeyLines,
    f: &Fields,
    diags: &mut Diagnostics,
) -> Vec<(String, Vec<String>)> {
    let Some(value) = value else {
        return Vec::new();
    };
    let top = f.line("search_lexicon");
    let hint = "每行写“日常说法: 正式名称”，多个正式名称写成列表，如 残疾人两项补贴: [困难残疾人生活补贴, 重度残疾人护理补贴]";
    let Some(map) = value.as_mapping() else {
        if !value.is_null() {
            diags.push(
                Diagnostic::error(
                    "config-shape",
                    CONFIG_FILE,
                    top,
                    "搜索词典 应为映射（缩进的“日常说法: 正式名称”）",
                )
                .hint(hint),
            );
        }
        return Vec::new();
    };
    let written = ["搜索词典", "search_lexicon"]
        .into_iter()
        .find(|n| lines.line_of(n) == top)
        .unwrap_or("搜索词典");
    let nested = lines.nested(written, None);
    let mut out = Vec::new();
    for (k, v) in map {
        let everyday = crate::fields::scalar_text(k).unwrap_or_default();
        let line = if everyday.is_empty() {
            top
        } else {
            nested.line_of(&everyday)
        };
        let officials: Option<Vec<String>> = match v {
            Value::Sequence(items) => items.iter().map(crate::fields::scalar_text).collect(),
            other => crate::fields::scalar_text(other).map(|s| vec![s]),
        };
        let officials: Vec<String> = officials
            .unwrap_or_default()
            .into_iter()
            .map(|s| s.trim().to_string())
            .collect();
        match check_lexicon_entry(everyday.trim(), &officials) {
            Ok(()) => out.push((everyday.trim().to_string(), officials)),
            Err(e) => diags.push(
                Diagnostic::error(
                    "config-value",
                    CONFIG_FILE,
                    line,
                    format!(
                        "搜索词典“{}”：{e}",
                        everyday.chars().take(40).collect::<String>()
                    ),
                )
                .hint(hint),
            ),
        }
    }
    out
}

/// Hot words shown at most.
pub const MAX_HOT_WORDS: usize = 12;
/// The longest hot word, in characters.
pub const MAX_HOT_WORD_CHARS: usize = 20;

/// `热词:` — a list (`[低保, 养老保险]` or one `- 词` a line) or one string cut
/// at 、，, ; each refused word is reported on its line, the others kept.
fn hot_words(
    value: Option<&Value>,
    top: usize,
    text: &str,
    diags: &mut Diagnostics,
) -> Vec<String> {
    let hint = "如 热词: [低保, 养老保险, 高龄津贴]（每个词不超过 20 个字，最多 12 个）";
    let items: Vec<Option<String>> = match value {
        None | Some(Value::Null) => return Vec::new(),
        Some(Value::Sequence(items)) => items.iter().map(crate::fields::scalar_text).collect(),
        Some(Value::String(s)) => crate::fields::split_list(s).into_iter().map(Some).collect(),
        Some(_) => {
            diags.push(
                Diagnostic::error("config-shape", CONFIG_FILE, top, "热词 应为词语列表").hint(hint),
            );
            return Vec::new();
        }
    };
    // A block list has one `- ` item a line after the key; a flow list is on its line.
    let item_lines: Vec<usize> = text
        .lines()
        .enumerate()
        .skip(top)
        .take_while(|(_, l)| l.trim().is_empty() || l.starts_with([' ', '-']))
        .filter(|(_, l)| l.trim_start().starts_with('-'))
        .map(|(i, _)| i + 1)
        .collect();
    let mut out: Vec<String> = Vec::new();
    for (i, item) in items.into_iter().enumerate() {
        let line = item_lines.get(i).copied().unwrap_or(top);
        let word = item.map(|s| s.trim().to_string()).unwrap_or_default();
        let problem = if word.is_empty() {
            Some("热词不能为空".to_string())
        } else if word.chars().count() > MAX_HOT_WORD_CHARS {
            Some(format!("热词“{word}”超过 {MAX_HOT_WORD_CHARS} 个字"))
        } else if word.chars().any(char::is_control) {
            Some(format!("热词“{}”含控制字符", word.escape_debug()))
        } else if out.contains(&word) {
            Some(format!("热词“{word}”重复"))
        } else if out.len() == MAX_HOT_WORDS {
            Some(format!(
                "热词最多 {MAX_HOT_WORDS} 个，“{word}”及以后的未显示"
            ))
        } else {
            None
        };
        match problem {
            None => out.push(word),
            Some(m) => {
                diags.push(Diagnostic::error("config-value", CONFIG_FILE, line, m).hint(hint))
            }
        }
    }
    out
}

/// The longest name a dictionary entry may have.
pub const MAX_LEXICON_FORM_CHARS: usize = 40;

/// Why an entry of the search dictionary (`搜索词典`, and the shipped one) is refused: an empty side, a side with a space or `=` `|`, or
/// one longer than [`MAX_LEXICON_FORM_CHARS`].
pub fn check_lexicon_entry(everyday: &str, officials: &[String]) -> Result<(), String> {
    if officials.is_empty() {
        return Err(format!("“{everyday}”缺少正式名称"));
    }
    for form in std::iter::once(everyday).chain(officials.iter().map(String::as_str)) {
        if form.is_empty() {
            return Err("名称不能为空".into());
        }
        if form.chars().count() > MAX_LEXICON_FORM_CHARS {
            return Err(format!("“{form}”超过 {MAX_LEXICON_FORM_CHARS} 个字"));
        }
        if form
            .chars()
            .any(|c| c.is_whitespace() || matches!(c, '=' | '|' | '#'))
        {
            return Err(format!("“{form}”含空格或 = | # 符号"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_chinese_keys() {
        let mut d = Diagnostics::new();
        let c = Config::parse(
            "站点名称: 示例县人民政府信息公开\n机构名称: 示例县人民政府\n站点地址: https://a.gov.cn/xxgk\n联系方式:\n  联系电话: 0999-1234567\n页脚:\n  党政机关标识: true\n每页条数: 15\n",
            &mut d,
        )
        .unwrap();
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(c.contact.phone.as_deref(), Some("0999-1234567"));
        assert!(c.footer.party_gov_mark);
        assert_eq!(c.page_size, 15);
        assert_eq!(c.base_path(), "/xxgk/");
    }

    #[test]
    fn search_lexicon_entries_are_read_and_bad_ones_reported_on_their_line() {
        let mut d = Diagnostics::new();
        let c = Config::parse(
            "站点名称: 某县\n机构名称: 某县人民政府\n搜索词典:\n  暖心卡: 困难群众救助卡\n  两项补贴: [困难残疾人生活补贴, 重度残疾人护理补贴]\n  坏 词: 正式名称\n  空词: []\n",
            &mut d,
        )
        .unwrap();
        assert_eq!(
            c.search_lexicon,
            vec![
                ("暖心卡".to_string(), vec!["困难群众救助卡".to_string()]),
                (
                    "两项补贴".to_string(),
                    vec![
                        "困难残疾人生活补贴".to_string(),
                        "重度残疾人护理补贴".to_string()
                    ]
                ),
            ]
        );
        let e: Vec<_> = d.iter().collect();
        assert_eq!(e.len(), 2, "{e:?}");
        assert_eq!((e[0].line, e[1].line), (6, 7), "{e:?}");
        assert!(e[0].message.contains("搜索词典“坏 词”"), "{}", e[0]);
        assert!(e[1].message.contains("缺少正式名称"), "{}", e[1]);
        assert!(
            crate::search::related::Lexicon::of(&c)
                .entries()
                .iter()
                .any(|(k, _)| k == "暖心卡")
        );
        assert!(
            crate::search::related::Lexicon::of(&c)
                .entries()
                .iter()
                .any(|(k, _)| k == "低保")
        );
    }

    #[test]
    fn hot_words_are_read_in_order_and_bad_ones_reported_on_their_line() {
        let mut d = Diagnostics::new();
        let c = Config::parse(
            "站点名称: 某县\n机构名称: 某县人民政府\n热词:\n  - 低保\n  - 养老保险\n  - \"\"\n  - 低保\n  - 城乡居民基本医疗保险参保缴费办事指南说明书\n  - 高龄津贴\n",
            &mut d,
        )
        .unwrap();
        assert_eq!(c.hot_words, ["低保", "养老保险", "高龄津贴"]);
        let e: Vec<_> = d.iter().collect();
        assert_eq!(
            e.iter().map(|e| e.line).collect::<Vec<_>>(),
            [6, 7, 8],
            "{e:?}"
        );
        assert!(e[0].message.contains("不能为空"), "{}", e[0]);
        assert!(e[1].message.contains("重复"), "{}", e[1]);
        assert!(e[2].message.contains("超过 20 个字"), "{}", e[2]);
        assert!(
            e.iter()
                .all(|e| e.file.ends_with("xxgk.yaml") && e.hint.is_some())
        );

        let mut d = Diagnostics::new();
        let c = Config::parse(
            "站点名称: 某县\n机构名称: 某县人民政府\n热词: [低保, 医保]\n",
            &mut d,
        )
        .unwrap();
        assert_eq!(c.hot_words, ["低保", "医保"]);
        assert!(d.is_empty());
        let c = Config::parse(
            "站点名称: 某县\n机构名称: 某县人民政府\n热词: 低保、医保\n",
            &mut d,
        )
        .unwrap();
        assert_eq!(c.hot_words, ["低保", "医保"]);
        let c = Config::parse("站点名称: 某县\n机构名称: 某县人民政府\n", &mut d).unwrap();
        assert!(c.hot_words.is_empty(), "none unless configured");
        let c = Config::parse(
            "站点名称: 某县\n机构名称: 某县人民政府\n热词:\n  低保: 1\n",
            &mut d,
        )
        .unwrap();
        assert!(c.hot_words.is_empty());
        assert_eq!(d.iter().last().map(|e| e.line), Some(3));
    }

    #[test]
    fn a_nested_value_is_reported_on_its_own_line() {
        let mut d = Diagnostics::new();
        Config::parse(
            "站点名称: 某县\n机构名称: 某县人民政府\n联系方式:\n  联系电话: 0999-1234567\n页脚:\n  ICP备案号: 某ICP备1号\n  公安备案号: [1, 2]\n",
            &mut d,
        );
        let e: Vec<_> = d.iter().collect();
        assert_eq!(e.len(), 1, "{e:?}");
        assert_eq!(e[0].line, 7, "{}", e[0]);
    }

    #[test]
    fn a_base_url_that_is_not_one_is_an_error() {
        for ok in [
            "https://xxgk.example.gov.cn/",
            "http://10.1.2.3:8080/xxgk",
            "/",
            "/xxgk/",
        ] {
            assert!(is_base_url(ok), "{ok}");
        }
        for bad in [
            "true",
            "xxgk.example.gov.cn",
            "../../etc/passwd",
            "https://",
            "/a b/",
            "//cdn/",
            "长长",
        ] {
            assert!(!is_base_url(bad), "{bad}");
            let mut d = Diagnostics::new();
            let c = Config::parse(
                &format!("站点名称: 某县\n机构名称: 某县人民政府\n站点地址: \"{bad}\"\n"),
                &mut d,
            )
            .unwrap();
            let e: Vec<_> = d.iter().collect();
            assert_eq!((e.len(), e[0].line), (1, 3), "{bad}: {e:?}");
            assert_eq!(c.base_path(), "/");
        }
    }

    #[test]
    fn missing_name_and_bad_page_size_are_both_reported() {
        let mut d = Diagnostics::new();
        Config::parse("机构名称: 某县人民政府\n每页条数: 0\n", &mut d);
        assert_eq!(d.error_count(), 2);
    }
}
