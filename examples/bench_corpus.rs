//! Corpus writer of the side-by-side benchmark (`bench/deploy.sh`; not a test): one
//! portal of N generated documents for xxgk, and the same published documents as a
//! Hugo site (same title, metadata and Markdown body), so both tools index one text.
//!
//!     cargo run --release --example bench_corpus -- N XXGK_DIR [HUGO_DIR]
//!
//! Only the documents whose page xxgk publishes (主动公开) become Hugo pages: the
//! 依申请公开 ones are directory rows without a page or search entry in xxgk, so
//! giving them pages in Hugo would index more text there. Hugo's front matter is
//! YAML: `title`, `date`, a `column`/`year` pair that the layout hands Pagefind as
//! filters (xxgk's 栏目 and 年份 facets), and the other fields as ordered pairs in
//! `params.meta`, which the layout prints as xxgk prints its metadata table.

use std::path::{Path, PathBuf};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage = "usage: bench_corpus N XXGK_DIR [HUGO_DIR]";
    let n: usize = match args.first().and_then(|a| a.parse().ok()) {
        Some(n) => n,
        None => fail(usage),
    };
    let Some(xxgk_dir) = args.get(1).map(PathBuf::from) else {
        fail(usage)
    };
    let hugo_dir = args.get(2).map(PathBuf::from);

    let stats = xxgk::corpus::generate(&xxgk_dir, n, 2026)
        .unwrap_or_else(|e| fail(&format!("generating the corpus failed: {e}")));
    println!(
        "corpus: {} documents, {:.1} MB of Markdown -> {}",
        stats.documents,
        stats.markdown_bytes as f64 / 1e6,
        xxgk_dir.display()
    );
    if let Some(hugo) = hugo_dir {
        let (pages, bytes) = hugo_site(&xxgk_dir.join("content"), &hugo.join("content"))
            .unwrap_or_else(|e| fail(&format!("writing the Hugo content failed: {e}")));
        println!(
            "hugo:   {pages} pages, {:.1} MB of Markdown -> {}",
            bytes as f64 / 1e6,
            hugo.display()
        );
    }
}

fn fail(msg: &str) -> ! {
    eprintln!("bench_corpus: {msg}");
    std::process::exit(2)
}

/// Converts every Markdown file under `src` (an xxgk `content/`) into `dst`, keeping
/// the folder layout, so Hugo's sections are xxgk's columns.
fn hugo_site(src: &Path, dst: &Path) -> std::io::Result<(usize, u64)> {
    let (mut pages, mut bytes) = (0, 0u64);
    for entry in walkdir::WalkDir::new(src).sort_by_file_name() {
        let entry = entry.map_err(std::io::Error::other)?;
        let path = entry.path();
        if !entry.file_type().is_file() || path.extension().is_none_or(|e| e != "md") {
            continue;
        }
        let rel = path.strip_prefix(src).map_err(std::io::Error::other)?;
        let text = std::fs::read_to_string(path)?;
        let Some((front, body)) = split_front_matter(&text) else {
            return Err(std::io::Error::other(format!(
                "{}: no front matter",
                path.display()
            )));
        };
        let front: serde_yaml::Mapping =
            serde_yaml::from_str(front).map_err(std::io::Error::other)?;
        let column = rel.parent().map(|p| p.to_string_lossy().into_owned());
        let Some(out) = convert(&front, body, column.as_deref().unwrap_or(""), rel) else {
            continue;
        };
        let dst_path = dst.join(rel);
        if let Some(p) = dst_path.parent() {
            std::fs::create_dir_all(p)?;
        }
        std::fs::write(&dst_path, &out)?;
        if !rel.ends_with("_index.md") {
            pages += 1;
            bytes += out.len() as u64;
        }
    }
    Ok((pages, bytes))
}

fn split_front_matter(text: &str) -> Option<(&str, &str)> {
    let rest = text.strip_prefix("---\n")?;
    let end = rest.find("\n---\n")?;
    Some((&rest[..end + 1], &rest[end + 5..]))
}

fn text(v: &serde_yaml::Value) -> String {
    match v {
        serde_yaml::Value::String(s) => s.clone(),
        other => serde_yaml::to_string(other)
            .unwrap_or_default()
            .trim()
            .to_string(),
    }
}

/// One Hugo page for one xxgk file, or None for a document xxgk gives no page.
fn convert(front: &serde_yaml::Mapping, body: &str, column: &str, rel: &Path) -> Option<String> {
    let get = |k: &str| front.get(k).map(text);
    let mut hugo = serde_yaml::Mapping::new();
    let mut set = |k: &str, v: serde_yaml::Value| {
        hugo.insert(k.into(), v);
    };
    if rel.ends_with("_index.md") {
        set("title", get("名称").unwrap_or_default().into());
        if let Some(w) = front.get("排序") {
            set("weight", w.clone());
        }
    } else {
        if get("公开方式").is_some_and(|m| m != "主动公开") {
            return None;
        }
        let date = get("发布日期").unwrap_or_default();
        set("title", get("标题").unwrap_or_default().into());
        set("date", date.clone().into());
        set("column", column.into());
        set("year", date.get(..4).unwrap_or_default().into());
        let meta: Vec<serde_yaml::Value> = front
            .iter()
            .filter(|(k, _)| !matches!(k.as_str(), Some("标题")))
            .map(|(k, v)| vec![serde_yaml::Value::from(text(k)), text(v).into()].into())
            .collect();
        let mut params = serde_yaml::Mapping::new();
        params.insert("meta".into(), meta.into());
        set("params", params.into());
    }
    let yaml = serde_yaml::to_string(&hugo).ok()?;
    Some(format!("---\n{yaml}---\n{body}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_document_keeps_its_title_metadata_and_body() {
        let text = "---\n标题: 示例县关于做好2025年就业创业工作的通知\n发布日期: 2025-03-04\n文号: 示人社〔2025〕12号\n---\n\n为深入贯彻落实……\n";
        let (front, body) = split_front_matter(text).unwrap();
        let front: serde_yaml::Mapping = serde_yaml::from_str(front).unwrap();
        let out = convert(&front, body, "fdzdgknr/zcwj/qtwj", Path::new("a/d1.md")).unwrap();
        let (hf, hb) = split_front_matter(&out).unwrap();
        let hf: serde_yaml::Value = serde_yaml::from_str(hf).unwrap();
        assert_eq!(hf["title"], "示例县关于做好2025年就业创业工作的通知");
        assert_eq!(hf["date"], "2025-03-04");
        assert_eq!(hf["year"], "2025");
        assert_eq!(hf["params"]["meta"][1][1], "示人社〔2025〕12号");
        assert_eq!(hb, body);
    }

    #[test]
    fn a_document_published_on_request_gets_no_page() {
        let front: serde_yaml::Mapping =
            serde_yaml::from_str("标题: 关于经费的请示\n公开方式: 依申请公开\n").unwrap();
        assert!(convert(&front, "", "x", Path::new("x/d2.md")).is_none());
    }
}
