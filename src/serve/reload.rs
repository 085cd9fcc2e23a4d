//! Reloading the open browser pages: a server-sent event stream at `/__xxgk/events`
//! and a few lines of script at `/__xxgk/reload.js` that listen to it. Both exist in
//! the preview only; `xxgk build` output never references them.

use std::sync::{Condvar, Mutex};
use std::time::Duration;

pub const SCRIPT_PATH: &str = "/__xxgk/reload.js";
pub const STYLE_PATH: &str = "/__xxgk/preview.css";
pub const EVENTS_PATH: &str = "/__xxgk/events";

/// Served at [`SCRIPT_PATH`]. An external file, so that the pages' Content-Security-Policy
/// (`script-src 'self'`, `connect-src 'self'`) allows it as it is.
pub const SCRIPT: &str = r#"// xxgk serve：内容或模板修改后自动刷新本页（仅预览时加载，生成的网站中没有）。
(function () {
  if (!window.EventSource) return;
  var events = new EventSource("/__xxgk/events");
  events.addEventListener("reload", function () { window.location.reload(); });
})();
"#;

/// Served at [`STYLE_PATH`]: the error banner over a page whose latest edit failed.
pub const STYLE: &str = r#".xxgk-preview-errors{position:sticky;top:0;z-index:2147483647;margin:0;padding:12px 16px;background:#fff1f0;color:#5c0011;border-bottom:4px solid #cf1322;font:16px/1.6 system-ui,"PingFang SC","Microsoft YaHei",sans-serif;max-height:50vh;overflow:auto}
.xxgk-preview-errors strong{color:#a8071a}
.xxgk-preview-errors ol{margin:6px 0 0;padding-left:1.5em}
.xxgk-preview-errors code{font:15px/1.5 ui-monospace,Menlo,Consolas,monospace;background:#fff;padding:0 4px}
.xxgk-preview-errors .hint{display:block;color:#614700}
"#;

/// Counts good updates and wakes the event streams waiting for the next one.
pub struct Reload {
    version: Mutex<u64>,
    changed: Condvar,
    /// The same version for the HTTP server's tasks, which must not block a thread.
    watch: tokio::sync::watch::Sender<u64>,
}

impl Default for Reload {
    fn default() -> Self {
        Reload {
            version: Mutex::new(0),
            changed: Condvar::new(),
            watch: tokio::sync::watch::Sender::new(0),
        }
    }
}

impl Reload {
    /// The site changed (pages re-rendered, or errors shown or cleared).
    pub fn notify(&self) {
        let mut v = self.version.lock().unwrap_or_else(|e| e.into_inner());
        *v += 1;
        self.watch.send_replace(*v);
        self.changed.notify_all();
    }

    /// Hears every later version, without blocking (the event streams).
    pub fn subscribe(&self) -> tokio::sync::watch::Receiver<u64> {
        self.watch.subscribe()
    }

    pub fn version(&self) -> u64 {
        *self.version.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Waits until the version moves past `seen`, or `timeout`; returns the version.
    pub fn wait_after(&self, seen: u64, timeout: Duration) -> u64 {
        let v = self.version.lock().unwrap_or_else(|e| e.into_inner());
        let (v, _) = self
            .changed
            .wait_timeout_while(v, timeout, |v| *v == seen)
            .unwrap_or_else(|e| e.into_inner());
        *v
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn waiters_wake_on_notify() {
        let r = Arc::new(Reload::default());
        let seen = r.version();
        let r2 = r.clone();
        let t = std::thread::spawn(move || r2.wait_after(seen, Duration::from_secs(10)));
        std::thread::sleep(Duration::from_millis(20));
        r.notify();
        assert_eq!(t.join().unwrap(), seen + 1);
        // Without a change the wait times out on the same version.
        assert_eq!(r.wait_after(seen + 1, Duration::from_millis(10)), seen + 1);
    }

    #[test]
    fn the_script_listens_for_reload_events_on_the_stream_path() {
        assert!(SCRIPT.contains(EVENTS_PATH));
        assert!(SCRIPT.contains("\"reload\""));
    }
}
