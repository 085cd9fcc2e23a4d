//! Test portals in temp folders, built with the real `xxgk` binary.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

pub const CONFIG: &str = "站点名称: 测试县人民政府信息公开\n机构名称: 测试县人民政府\n组织机构代码: 11990000MB0123456X\n站点地址: https://xxgk.test.gov.cn/\n每页条数: 20\n联系方式:\n  联系电话: 0999-7654321\n  办公地址: 测试县人民路1号\n页脚:\n  网站标识码: \"9999000002\"\n  ICP备案号: 测ICP备00000002号\n  公安备案号: 测公网安备 99990002000002号\n  党政机关标识: true\n";

pub struct Portal {
    pub dir: tempfile::TempDir,
}

impl Portal {
    /// An empty portal: config plus the given files (path → text).
    pub fn new(files: &[(&str, &str)]) -> Portal {
        let dir = tempfile::tempdir().unwrap();
        let p = Portal { dir };
        p.write("xxgk.yaml", CONFIG);
        for (path, text) in files {
            p.write(path, text);
        }
        p
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn write(&self, rel: &str, text: &str) {
        self.write_bytes(rel, text.as_bytes());
    }

    pub fn write_bytes(&self, rel: &str, bytes: &[u8]) {
        let path = self.root().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }

    pub fn remove(&self, rel: &str) {
        std::fs::remove_file(self.root().join(rel)).unwrap();
    }

    pub fn site(&self) -> PathBuf {
        self.root().join("site")
    }

    pub fn xxgk(&self, args: &[&str]) -> Run {
        let out = Command::new(env!("CARGO_BIN_EXE_xxgk"))
            .args(args)
            .arg("--root")
            .arg(self.root())
            .output()
            .unwrap();
        Run::from(out)
    }

    /// `xxgk build --today 2026-11-23`
    pub fn build(&self) -> Run {
        self.build_on("2026-11-23")
    }

    pub fn build_on(&self, today: &str) -> Run {
        self.xxgk(&["build", "--today", today])
    }

    pub fn page(&self, route: &str) -> String {
        let path = self.site().join(route).join("index.html");
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    pub fn has_page(&self, route: &str) -> bool {
        self.site().join(route).join("index.html").is_file()
    }

    /// Every file of the built site, with its bytes.
    pub fn site_files(&self) -> Vec<(PathBuf, Vec<u8>)> {
        walkdir::WalkDir::new(self.site())
            .sort_by_file_name()
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| (e.path().to_path_buf(), std::fs::read(e.path()).unwrap()))
            .collect()
    }
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl From<Output> for Run {
    fn from(o: Output) -> Run {
        Run {
            code: o.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&o.stdout).into(),
            stderr: String::from_utf8_lossy(&o.stderr).into(),
        }
    }
}

impl Run {
    pub fn ok(self) -> Run {
        assert_eq!(
            self.code, 0,
            "expected success\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }

    /// Asserts a diagnostic `file:line: …` containing `needle` was printed.
    pub fn reports(&self, file_line: &str, needle: &str) {
        let hit = self
            .stderr
            .lines()
            .any(|l| l.starts_with(&format!("{file_line}: ")) && l.contains(needle));
        assert!(
            hit,
            "no diagnostic `{file_line}: …{needle}…` in:\n{}",
            self.stderr
        );
    }
}

/// A column `_index.md`.
pub fn column(title: &str, kind: &str) -> String {
    format!("---\n名称: {title}\n类型: {kind}\n---\n")
}

/// A Markdown document from front-matter lines and a body.
pub fn doc(front: &str, body: &str) -> String {
    format!("---\n{}\n---\n{body}\n", front.trim())
}

/// `xxgk serve` of a portal, the real binary on a free port; killed when dropped.
pub struct Preview {
    pub child: Child,
    pub addr: SocketAddr,
    /// What the preview printed to stderr so far (its diagnostics).
    pub stderr: Arc<Mutex<String>>,
}

impl Preview {
    pub fn start(root: &Path, today: &str) -> Preview {
        let mut child = Command::new(env!("CARGO_BIN_EXE_xxgk"))
            .args(["serve", "--port", "0", "--today", today, "--root"])
            .arg(root)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(url) = line.strip_prefix("预览地址：http://") {
                    let _ = tx.send(url.trim_end_matches('/').to_string());
                }
            }
        });
        let stderr = Arc::new(Mutex::new(String::new()));
        let (err, sink) = (child.stderr.take().unwrap(), stderr.clone());
        std::thread::spawn(move || {
            for line in BufReader::new(err).lines().map_while(Result::ok) {
                sink.lock().unwrap().push_str(&format!("{line}\n"));
            }
        });
        let host = rx
            .recv_timeout(Duration::from_secs(60))
            .expect("xxgk serve printed its address");
        Preview {
            child,
            addr: host.parse().unwrap(),
            stderr,
        }
    }
}

impl Drop for Preview {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One HTTP answer, split.
pub struct Reply {
    pub status: u16,
    pub headers: String,
    pub body: String,
}

/// One request with this `Host`, written as is (clients would normalise `..` away).
pub fn request(addr: SocketAddr, path: &str, host: &str) -> Reply {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = vec![];
    let _ = s.read_to_end(&mut raw);
    let raw = String::from_utf8_lossy(&raw).into_owned();
    let (headers, body) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
    Reply {
        status: headers
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0),
        headers: headers.to_string(),
        body: body.to_string(),
    }
}

/// A request as a browser on the preview's own address sends it.
pub fn get(addr: SocketAddr, path: &str) -> Reply {
    request(addr, path, &addr.to_string())
}
