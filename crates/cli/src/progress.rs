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
