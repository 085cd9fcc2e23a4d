//! The `xxgk` command line: parses arguments and calls the pipeline.

use chrono::NaiveDate;
use clap::{Parser, Subcommand, ValueEnum};
use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use xxgk::build::{BuildError, BuildOptions};
use xxgk::load::LoadOptions;
use xxgk::model::Kind;

#[derive(Parser)]
#[command(
    name = "xxgk",
    version,
    about = "政府信息公开专栏静态网站生成器 (static site generator for the government information-disclosure column)"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// 新建站点：标准栏目、配置文件和置顶的政府信息公开指南
    Init {
        dir: PathBuf,
        /// 机构名称，如 示例县人民政府
        #[arg(long)]
        org: Option<String>,
    },
    /// 新建文档：中文字段、今天的日期和下一个空闲的索引号
    New {
        /// 类型：guide|normative|policy|interpretation|… 或中文名，如 规范性文件
        kind: String,
        /// 标题
        title: String,
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// 栏目目录（content/ 下的路径），如 fdzdgknr/zcwj/gfxwj
        #[arg(long)]
        column: Option<String>,
        #[arg(long, value_parser = parse_date)]
        today: Option<NaiveDate>,
    },
    /// 导入 Word 文档（.docx）：识别标题、文号、发文机关、成文日期，正文转为 Markdown，原文件作为 WORD 版附件
    Import {
        /// 一个或多个 .docx 文件
        #[arg(required = true)]
        files: Vec<PathBuf>,
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// 栏目目录（content/ 下的路径），如 fdzdgknr/zcwj/gfxwj；默认“其他文件”栏目
        #[arg(long)]
        column: Option<String>,
        #[arg(long, value_parser = parse_date)]
        today: Option<NaiveDate>,
    },
    /// 搜索：与网站搜索相同的索引和匹配规则（索引缺失或过期时自动重建）
    Search {
        /// 查询词；空格分隔的多个词须同时包含
        query: String,
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// 只搜索该栏目（content/ 下的路径）及其下级栏目
        #[arg(long)]
        column: Option<String>,
        #[arg(long)]
        year: Option<i32>,
        /// 主题分类：一级（含其二级），或 一级\二级，如 劳动、人事、监察\社会保障
        #[arg(long)]
        topic: Option<String>,
        /// 公文种类，如 通知、意见
        #[arg(long)]
        doc_type: Option<String>,
        /// 文号的机关代字，如 示政办
        #[arg(long)]
        organ: Option<String>,
        #[arg(long, default_value_t = 10)]
        limit: usize,
        /// 按发布日期排序（默认按相关度）
        #[arg(long)]
        by_date: bool,
        /// 输出 JSON
        #[arg(long)]
        json: bool,
        /// 只列出输入提示（关键词推荐，与搜索页输入框下的相同），不搜索
        #[arg(long)]
        suggest: bool,
        #[arg(long, value_parser = parse_date)]
        today: Option<NaiveDate>,
    },
    /// 生成网站到 site/（全量、干净地生成；失败时保留原 site/）
    Build {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        #[arg(long)]
        out: Option<PathBuf>,
        /// 站点地址，覆盖 xxgk.yaml：https://主机/路径/ 或 /路径/
        #[arg(long, value_parser = parse_base_url)]
        base_url: Option<String>,
        /// 规则所用的日期（失效、置顶截止等），默认今天
        #[arg(long, value_parser = parse_date)]
        today: Option<NaiveDate>,
    },
    /// 自查：按考核规则检查内容，列出每个问题的文件和行号；有错误时退出码为 1
    Check {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// 规则所用的日期（工作日时限、指南更新、意见反馈等），默认今天
        #[arg(long, value_parser = parse_date)]
        today: Option<NaiveDate>,
        /// 输出格式：text（分组的文字）或 json
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// 另存自评报告（HTML）到此目录（不能在 site/ 之内）
        #[arg(long)]
        report: Option<PathBuf>,
    },
    /// 本地预览：在 127.0.0.1 上提供网站，修改内容或模板后只重新生成受影响的页面并自动刷新浏览器
    Serve {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// 监听地址；默认只允许本机访问
        #[arg(long, default_value = "127.0.0.1")]
        bind: IpAddr,
        /// 端口；0 表示任选一个空闲端口
        #[arg(long, default_value_t = xxgk::serve::DEFAULT_PORT)]
        port: u16,
        /// 规则所用的日期（失效、置顶截止等），默认今天
        #[arg(long, value_parser = parse_date)]
        today: Option<NaiveDate>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
}

fn parse_date(s: &str) -> Result<NaiveDate, String> {
    xxgk::dates::parse(s)
}

fn parse_base_url(s: &str) -> Result<String, String> {
    if xxgk::config::is_base_url(s) {
        Ok(s.to_string())
    } else {
        Err("不是网址：写 https://xxgk.example.gov.cn/ 或以 / 开头的路径，如 /xxgk/".into())
    }
}

fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Init { dir, org } => match xxgk::scaffold::init(&dir, org.as_deref(), today()) {
            Ok(files) => {
                println!(
                    "已在 {} 新建站点（{} 个文件）。下一步：编辑 xxgk.yaml，然后运行 xxgk build --root {}",
                    dir.display(),
                    files.len(),
                    dir.display()
                );
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("{e}");
                ExitCode::from(1)
            }
        },
        Command::New {
            kind,
            title,
            root,
            column,
            today: t,
        } => {
            let Some(kind) = Kind::parse(&kind) else {
                eprintln!("未知类型“{kind}”。可选：{}", Kind::choices());
                return ExitCode::from(2);
            };
            match xxgk::scaffold::new_document(
                &root,
                kind,
                &title,
                column.as_deref(),
                t.unwrap_or_else(today),
            ) {
                Ok(doc) => {
                    println!("{}", doc.path.display());
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("{e}");
                    ExitCode::from(1)
                }
            }
        }
        Command::Import {
            files,
            root,
            column,
            today: t,
        } => import(&root, &files, column.as_deref(), t.unwrap_or_else(today)),
        Command::Search {
            query,
            root,
            column,
            year,
            topic,
            doc_type,
            organ,
            limit,
            by_date,
            json,
            suggest,
            today: t,
        } => {
            let opts = xxgk::search::SearchOptions {
                column,
                year,
                topic,
                doc_type,
                organ,
                limit,
                sort: if by_date {
                    xxgk::search::SortOrder::Date
                } else {
                    xxgk::search::SortOrder::Relevance
                },
                ..Default::default()
            };
            let how = SearchOutput { json, suggest };
            search(&root, &query, &opts, how, t.unwrap_or_else(today))
        }
        Command::Build {
            root,
            out,
            base_url,
            today: t,
        } => {
            let opts = BuildOptions {
                root,
                out,
                base_url,
                today: t.unwrap_or_else(today),
                progress: true,
            };
            match xxgk::build::build(&opts) {
                Ok(report) => {
                    for d in &report.diagnostics {
                        eprintln!("{d}");
                    }
                    println!(
                        "已生成 {} 篇文档、{} 个页面（共 {} 个文件，{:.1} MB），用时 {:.2} 秒 → {}",
                        report.documents,
                        report.pages,
                        report.files,
                        report.bytes as f64 / 1_048_576.0,
                        report.elapsed.as_secs_f64(),
                        report.out.display()
                    );
                    ExitCode::SUCCESS
                }
                Err(BuildError::Content(diags)) => {
                    for d in &diags {
                        eprintln!("{d}");
                    }
                    let errors = diags.iter().filter(|d| d.is_error()).count();
                    eprintln!(
                        "发现 {errors} 个错误、{} 个警告；未生成网站，原输出目录保持不变。",
                        diags.len() - errors
                    );
                    ExitCode::from(1)
                }
                Err(BuildError::Io(msg)) => {
                    eprintln!("{msg}；原输出目录保持不变。");
                    ExitCode::from(1)
                }
                Err(BuildError::Refused(msg)) => {
                    eprintln!("错误：{msg}");
                    ExitCode::from(2)
                }
            }
        }
        Command::Check {
            root,
            today: t,
            format,
            report,
        } => {
            if let Some(dir) = &report
                && let Err(msg) = xxgk::check::report::validate_dir(&root, dir)
            {
                eprintln!("{msg}");
                return ExitCode::from(2);
            }
            let outcome = xxgk::check::check(&LoadOptions {
                root: root.clone(),
                today: t.unwrap_or_else(today),
                base_url: None,
            });
            match format {
                Format::Text => print!("{}", xxgk::check::output::text(&outcome)),
                Format::Json => println!("{}", xxgk::check::output::json(&outcome.diagnostics)),
            }
            if let Some(dir) = &report {
                match xxgk::check::report::write(&root, dir, &outcome) {
                    Ok(path) => eprintln!("自评报告：{}", path.display()),
                    Err(msg) => {
                        eprintln!("{msg}");
                        return ExitCode::from(1);
                    }
                }
            }
            ExitCode::from(u8::from(outcome.errors() > 0))
        }
        Command::Serve {
            root,
            bind,
            port,
            today: t,
        } => {
            let opts = xxgk::serve::ServeOptions {
                root,
                bind,
                port,
                today: t.unwrap_or_else(today),
            };
            match xxgk::serve::run(&opts) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("{e}");
                    ExitCode::from(1)
                }
            }
        }
    }
}

fn import(
    root: &std::path::Path,
    files: &[PathBuf],
    column: Option<&str>,
    today: NaiveDate,
) -> ExitCode {
    let outcome = xxgk::word::import(root, files, column, today);
    for imp in &outcome.imported {
        print!("{}", xxgk::word::summary(root, imp));
    }
    let (refused, to_fill): (Vec<_>, Vec<_>) = outcome
        .diagnostics
        .iter()
        .partition(|d| d.rule.starts_with("import"));
    if !to_fill.is_empty() {
        println!("待补充（xxgk check 会报告以下问题）：");
        for d in &to_fill {
            println!("{d}");
        }
    }
    for d in &refused {
        eprintln!("{d}");
    }
    if refused.is_empty() {
        ExitCode::SUCCESS
    } else {
        eprintln!(
            "已导入 {} 个文件，{} 个未导入。",
            outcome.imported.len(),
            refused.len()
        );
        ExitCode::from(1)
    }
}

/// What `xxgk search` prints.
struct SearchOutput {
    json: bool,
    /// The suggestions for the query as typed, instead of its results.
    suggest: bool,
}

fn search(
    root: &std::path::Path,
    query: &str,
    opts: &xxgk::search::SearchOptions,
    how: SearchOutput,
    today: NaiveDate,
) -> ExitCode {
    let json = how.json;
    let load = xxgk::load::LoadOptions {
        root: root.to_path_buf(),
        today,
        base_url: None,
    };
    let (portal, diags) = xxgk::build::load_checked(&load);
    let Some(portal) = portal else {
        for d in diags.sorted() {
            eprintln!("{d}");
        }
        return ExitCode::from(1);
    };
    if diags.has_errors() {
        eprintln!(
            "注意：内容有 {} 个错误（运行 xxgk build 查看），以下结果仅含能读取的文档。",
            diags.error_count()
        );
    }
    let lexicon = xxgk::search::related::Lexicon::of(&portal.config);
    if how.suggest {
        let docs = xxgk::search::portal::documents(&portal);
        let vocabulary = xxgk::search::related::Vocabulary::of_docs(&docs, &lexicon);
        let words = xxgk::search::related::suggestions(query, &vocabulary);
        use std::io::Write;
        let mut out = std::io::stdout().lock();
        let _ = if json {
            writeln!(out, "{}", serde_json::json!(words))
        } else {
            writeln!(out, "{}", words.join("\n"))
        };
        return ExitCode::SUCCESS;
    }
    let results = xxgk::search::portal::ensure_index(&portal).and_then(|dir| {
        let mut r = xxgk::search::search(&dir, query, opts)?;
        // The vocabulary only when a rewrite may read it: it reads every title.
        let vocabulary = if xxgk::search::related::vocabulary_keys(query, r.total).is_empty() {
            xxgk::search::related::Vocabulary::default()
        } else {
            let docs = xxgk::search::portal::documents(&portal);
            xxgk::search::related::Vocabulary::of_docs(&docs, &lexicon)
        };
        r.related = xxgk::search::related::search_related(
            &dir,
            query,
            r.total,
            opts,
            &lexicon,
            &vocabulary,
        )?;
        Ok(r)
    });
    let mut results = match results {
        Ok(r) => r,
        Err(e) => {
            eprintln!("搜索失败：{e}");
            return ExitCode::from(1);
        }
    };
    let base = portal.config.base_path();
    for hit in results.results.iter_mut().chain(
        results
            .related
            .iter_mut()
            .flat_map(|b| b.results.iter_mut()),
    ) {
        hit.url = format!("{base}{}", hit.url);
    }
    // Written with `writeln!` so that a closed pipe (`| head`) ends quietly.
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    if json {
        match serde_json::to_string_pretty(&results) {
            Ok(s) => {
                let _ = writeln!(out, "{s}");
            }
            Err(e) => {
                eprintln!("{e}");
                return ExitCode::from(1);
            }
        }
    } else {
        let _ = writeln!(out, "“{query}”共 {} 条结果", results.total);
        print_hits(&mut out, &results.results);
        for block in &results.related {
            let _ = writeln!(
                out,
                "\n相关结果：{}（搜索“{}”）共 {} 条",
                block.reason, block.query, block.total
            );
            print_hits(&mut out, &block.results);
        }
    }
    ExitCode::SUCCESS
}

fn print_hits(out: &mut impl std::io::Write, hits: &[xxgk::search::SearchHit]) {
    {
        for (i, hit) in hits.iter().enumerate() {
            let mut meta = vec![xxgk::dates::chinese(hit.date), hit.column.clone()];
            meta.extend(hit.doc_number.clone());
            let _ = writeln!(
                out,
                "{}. {}\n   {}　{}",
                i + 1,
                hit.title,
                meta.join(" · "),
                hit.url
            );
            if !hit.snippet.is_empty() {
                let _ = writeln!(out, "   {}", hit.snippet);
            }
        }
    }
}
