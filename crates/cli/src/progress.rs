//! Progress display on standard error: a spinner per long stage when stderr is a terminal, nothing
//! otherwise (pipes, CI, `2>file`).

use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};

/// A long stage in progress.
pub struct Stage {
    bar: ProgressBar,
}

impl Stage {
    /// Starts showing `message`.
    pub fn start(message: impl Into<String>) -> Self {
        let bar = if std::io::stderr().is_terminal() {
            let bar = ProgressBar::new_spinner();
            if let Ok(style) = ProgressStyle::with_template("{spinner} {msg} ({elapsed})") {
                bar.set_style(style);
            }
            bar.enable_steady_tick(Duration::from_millis(120));
            bar
        } else {
            ProgressBar::hidden()
        };
        bar.set_message(message.into());
        Self { bar }
    }

    /// Ends the stage, leaving nothing on screen.
    pub fn done(self) {
        self.bar.finish_and_clear();
    }
}

/// When the `NEPHOS_TRACE_MEMORY` environment variable is set, prints the process's resident
/// memory now and at its peak so far (Linux `/proc/self/status`: `VmRSS`, `VmHWM`) to stderr,
/// after `what`. For profiling the stages of a long command; nothing otherwise.
pub fn trace_memory(what: &str) {
    if std::env::var_os("NEPHOS_TRACE_MEMORY").is_none() {
        return;
    }
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
            .map_or_else(|| "?".to_owned(), |kib| format!("{} MiB", kib / 1024))
    };
    eprintln!(
        "memory after {what}: resident {}, peak {}",
        field("VmRSS:"),
        field("VmHWM:")
    );
}
