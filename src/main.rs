//! The `xxgk` command line: parses arguments and calls the pipeline.

use chrono::NaiveDate;
use clap::{Parser, Subcommand, ValueEnum};
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
    /// 生成网站到 site/（全量、干净地生成；失败时保留原 site/）
    Build {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        #[arg(long)]
        out: Option<PathBuf>,
        #[arg(long)]
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
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
}

fn parse_date(s: &str) -> Result<NaiveDate, String> {
    xxgk::dates::parse(s)
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
    }
}
