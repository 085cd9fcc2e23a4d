//! The `xxgk` command line: parses arguments and calls the pipeline.

use chrono::NaiveDate;
use clap::{Parser, Subcommand};
use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use xxgk::build::{BuildError, BuildOptions};
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
