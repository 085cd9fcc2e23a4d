//! `xxgk new KIND 标题`: a new document with the Chinese keys, today's date and the
//! next free 索引号 of the year.

use super::ScaffoldError;
use crate::config::Config;
use crate::diagnostics::Diagnostics;
use crate::load::{CONTENT_DIR, quick_fields};
use crate::model::{IndexNo, Kind};
use chrono::{Datelike, NaiveDate};
use std::path::{Path, PathBuf};

pub struct NewDocument {
    pub path: PathBuf,
    pub index_no: Option<IndexNo>,
}

/// The next 索引号 for `year` under the portal's 前段码: one past the highest serial
/// used by any document (whatever else is wrong with it, so that a number is never
/// handed out twice).
pub fn next_index_no(root: &Path, prefix: &str, year: i32) -> IndexNo {
    let mut max = 0;
    for entry in walkdir::WalkDir::new(root.join(CONTENT_DIR))
        .into_iter()
        .filter_map(Result::ok)
    {
        let path = entry.path();
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        if !matches!(ext, "md" | "yaml" | "yml") {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        let yaml = if ext == "md" {
            let Some(rest) = text.strip_prefix("---\n") else {
                continue;
            };
            rest.split("\n---").next().unwrap_or("").to_string()
        } else {
            text
        };
        let Ok(value) = serde_yaml::from_str::<serde_yaml::Value>(&yaml) else {
            continue;
        };
        let Some(map) = value.as_mapping() else {
            continue;
        };
        if let Some(n) = quick_fields(map)
            .get("index_no")
            .and_then(|t| IndexNo::parse(t).ok())
            && n.year == year
            && n.prefix.eq_ignore_ascii_case(prefix)
        {
            max = max.max(n.serial);
        }
    }
    IndexNo {
        prefix: prefix.to_ascii_uppercase(),
        year,
        serial: max + 1,
    }
}

/// Writes the new file into `column` (a path below content/), or into the first
/// column whose default kind is `kind`.
pub fn new_document(
    root: &Path,
    kind: Kind,
    title: &str,
    column: Option<&str>,
    today: NaiveDate,
) -> Result<NewDocument, ScaffoldError> {
    let mut diags = Diagnostics::new();
    let config = Config::load(root, &mut diags).ok_or_else(|| {
        ScaffoldError(
            diags
                .iter()
                .map(|d| d.to_string())
                .collect::<Vec<_>>()
                .join("\n"),
        )
    })?;
    let content = root.join(CONTENT_DIR);
    let column = match column {
        Some(c) => {
            let c = c.trim_matches('/').to_string();
            if !content.join(&c).join("_index.md").exists() {
                return Err(ScaffoldError(format!("栏目 {c} 不存在（content/{c}/_index.md 没有找到）")));
            }
            c
        }
        None => find_column_for(&content, kind).ok_or_else(|| {
            ScaffoldError(format!("没有默认类型为“{}”的栏目；请用 --column 指定栏目目录，如 --column fdzdgknr/zcwj/gfxwj", kind.zh()))
        })?,
    };
    let index_no =
        (!config.org_code.is_empty()).then(|| next_index_no(root, &config.org_code, today.year()));
    let stem = match &index_no {
        Some(n) => format!("{}-{:05}", n.year, n.serial),
        None => today.format("%Y%m%d").to_string(),
    };
    let mut path = content.join(&column).join(format!("{stem}.md"));
    let mut k = 2;
    while path.exists() {
        path = content.join(&column).join(format!("{stem}-{k}.md"));
        k += 1;
    }
    let text = front_matter(kind, title, today, index_no.as_ref(), &config);
    std::fs::write(&path, text)
        .map_err(|e| ScaffoldError(format!("无法写入 {}：{e}", path.display())))?;
    Ok(NewDocument { path, index_no })
}

/// The shallowest column whose default kind is `kind` (`xxgk new`, `xxgk import`).
pub fn find_column_for(content: &Path, kind: Kind) -> Option<String> {
    let mut found: Vec<String> = vec![];
    for entry in walkdir::WalkDir::new(content)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
    {
        if entry.file_name() != "_index.md" {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(entry.path()) else {
            continue;
        };
        let Some(rest) = text.strip_prefix("---\n") else {
            continue;
        };
        let yaml = rest.split("\n---").next().unwrap_or("");
        let declared = yaml
            .lines()
            .find_map(|l| l.strip_prefix("类型:").or_else(|| l.strip_prefix("kind:")))
            .and_then(|v| Kind::parse(v.trim()));
        if declared == Some(kind) {
            found.push(crate::diagnostics::display_path(
                content,
                entry.path().parent()?,
            ));
        }
    }
    found.sort_by_key(|p| p.matches('/').count());
    found.into_iter().next()
}

fn front_matter(
    kind: Kind,
    title: &str,
    today: NaiveDate,
    index_no: Option<&IndexNo>,
    config: &Config,
) -> String {
    let today = crate::dates::iso(today);
    let mut s = format!(
        "---\n标题: {title}\n发布日期: {today}\n类型: {}\n",
        kind.zh()
    );
    match index_no {
        Some(n) => s.push_str(&format!("索引号: {n}\n")),
        None => s.push_str("索引号: \"\"  # xxgk.yaml 未设 组织机构代码，请手工填写\n"),
    }
    if kind.is_policy() {
        s.push_str(&format!(
            "成文日期: {today}\n文号: \"\"\n发文机关: {}\n主题分类: \"\"\n主题词: \"\"\n",
            config.organisation
        ));
    }
    if kind == Kind::Normative {
        s.push_str("有效性: 有效\n附件:\n  - path: files/（文件名）.docx\n    title: （标题）（WORD版）\n  - path: files/（文件名）.pdf\n    title: （标题）（PDF版）\n");
    }
    if kind == Kind::Interpretation {
        s.push_str("解读对象: \"\"  # 被解读文件的索引号\n解读形式: 文字\n");
    }
    if kind == Kind::Decision {
        s.push_str(&format!(
            "意见征集:\n  开始日期: {today}\n  截止日期: \"\"  # 不少于 30 日\n  意见反馈: \"\"\n"
        ));
    }
    if kind == Kind::Plan {
        // Commented out: a 规划纲要 or 年度计划 has no task ledger.
        s.push_str("# 工作要点、实施方案的任务台账：去掉下面各行行首的 # 并逐项填写；不需要时删去\n# 依据文件: \"\"  # 所落实文件的索引号\n# 任务:\n#   - 序号: 1\n#     类别: 一、（一级标题） / （一）（二级标题）\n#     工作内容: （工作内容）\n#     工作要求: （工作要求）\n#     公开依据: （公开依据）\n#     责任单位: （责任单位）  # 多个用顿号分隔\n#     完成时限: 6月底  # 或 2026年6月30日、持续推进、每季度末\n#     状态: 未开始  # 进行中、已完成、已销号\n#     完成日期: \"\"\n#     佐证: \"\"  # 证明完成的已公开文件的索引号或路径\n");
    }
    s.push_str("---\n\n（正文）\n");
    s
}
