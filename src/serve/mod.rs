//! `xxgk serve`: a live preview that keeps up with an editor's typing.
//!
//! The portal is read and rendered once into memory ([`live::LiveSite`]); then each
//! burst of file changes ([`watch`]) is classified ([`change`]), only the files it
//! touches are re-read, only the pages it affects ([`affected`]) re-rendered, and the
//! open browser pages reload ([`reload`]). Pages are served from memory at the same
//! URLs as in production ([`server`]); the search shards follow in the background
//! ([`search`]). Nothing is written to disk: `xxgk build` stays
//! the one way to make `site/`, full and clean.

pub mod affected;
pub mod change;
pub mod inject;
pub mod live;
pub mod pages;
pub mod ranges;
pub mod reload;
pub mod search;
pub mod server;
pub mod watch;

use crate::load::LoadOptions;
use chrono::NaiveDate;
use live::{LiveSite, Outcome, Status};
use pages::Pages;
use reload::Reload;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::thread::JoinHandle;

pub const DEFAULT_PORT: u16 = 1111;
/// The search index is rebuilt once saves have paused this long.
const SEARCH_QUIET: std::time::Duration = std::time::Duration::from_secs(1);

#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub bind: IpAddr,
    /// 0 picks a free port.
    pub port: u16,
    pub today: NaiveDate,
}

/// A preview running in the background: HTTP workers and the watcher thread.
pub struct Preview {
    pub addr: SocketAddr,
    /// `http://127.0.0.1:1111/` — with the base path of `站点地址`.
    pub url: String,
    pub pages: Arc<Pages>,
    /// The search index, rebuilt in the background after edits.
    pub search: search::SearchShards,
    watcher: JoinHandle<()>,
}

impl Preview {
    /// Blocks for as long as the preview runs.
    pub fn wait(self) {
        let _ = self.watcher.join();
    }
}

/// Reads and renders the portal, starts serving it and watching it. `report` hears
/// about the first build and every later batch of changes.
pub fn start(
    opts: &ServeOptions,
    report: impl Fn(&Outcome) + Send + 'static,
) -> Result<Preview, String> {
    let load = LoadOptions {
        root: opts.root.clone(),
        today: opts.today,
        base_url: None,
    };
    let pages = Arc::new(Pages::default());
    let reload = Arc::new(Reload::default());
    let (site, first) = LiveSite::open(&load, pages.clone());
    report(&first);
    let search = search::SearchShards::start(pages.clone(), SEARCH_QUIET);
    let mut site = site.with_search(Box::new(search.clone()));

    let addr = SocketAddr::new(opts.bind, opts.port);
    let http = server::Http::bind(addr).map_err(|e| {
        format!(
            "无法在 {addr} 上启动预览：{e}\n    提示：端口可能已被占用，换一个端口，如 --port {}",
            opts.port.wrapping_add(1).max(1024)
        )
    })?;
    http.spawn(pages.clone(), reload.clone());

    let root = opts
        .root
        .canonicalize()
        .unwrap_or_else(|_| opts.root.clone());
    let mut watch =
        watch::Watch::new(&root).map_err(|e| format!("无法监视 {} 的变化：{e}", root.display()))?;
    let watcher = std::thread::spawn(move || {
        while let Some(batch) = watch.next_batch() {
            let outcome = site.apply(&batch);
            if outcome.reload {
                reload.notify();
            }
            if outcome.status != Status::Unchanged {
                report(&outcome);
            }
        }
    });

    let host = match http.addr.ip() {
        IpAddr::V6(ip) => format!("[{ip}]"),
        ip => ip.to_string(),
    };
    let base_path = pages.read().base_path.clone();
    let base_path = if base_path.is_empty() {
        "/".to_string()
    } else {
        base_path
    };
    Ok(Preview {
        addr: http.addr,
        url: format!("http://{host}:{}{base_path}", http.addr.port()),
        pages,
        search,
        watcher,
    })
}

/// `xxgk serve`: prints what happens, runs until interrupted.
pub fn run(opts: &ServeOptions) -> Result<(), String> {
    let preview = start(opts, print_outcome)?;
    println!("预览地址：{}", preview.url);
    if !opts.bind.is_loopback() {
        println!(
            "注意：预览监听在 {}，同一网络中的其他电脑也能访问；只在本机预览请去掉 --bind",
            opts.bind
        );
    }
    println!("修改 content/、templates/、static/ 或 xxgk.yaml 后页面自动刷新；按 Ctrl+C 停止。");
    preview.wait();
    Ok(())
}

fn print_outcome(o: &Outcome) {
    for d in &o.diagnostics {
        eprintln!("{d}");
    }
    let time = chrono::Local::now().format("%H:%M:%S");
    match o.status {
        // The first build: no file changed yet.
        Status::Updated { rendered, .. } if o.changes.is_empty() => println!(
            "[{time}] 已生成 {rendered} 个页面（在内存中），用时 {:.2} 秒",
            o.elapsed.as_secs_f64()
        ),
        _ => println!("[{time}] {}", o.summary()),
    }
}
