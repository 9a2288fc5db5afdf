//! Output plumbing shared by commands: the `--format` choices and the standard output handle.

use std::io::{self, BufWriter, Write};

use clap::ValueEnum;

/// How a list command prints its result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum Format {
    /// Aligned columns for people.
    #[default]
    Table,
    /// JSON for machines (the documented shape, see docs/).
    Json,
    /// CSV (RFC 4180).
    Csv,
}

/// Buffered standard output. A closed pipe (`nephos … | head`) ends the command quietly.
pub fn stdout() -> BufWriter<io::StdoutLock<'static>> {
    BufWriter::new(io::stdout().lock())
}

/// Flushes `out`, treating a closed pipe as success.
pub fn finish(mut out: impl Write) -> anyhow::Result<()> {
    match out.flush() {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other?),
    }
}
