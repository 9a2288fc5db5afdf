//! The `nephos` binary: parses the command line and wires the stages together.
//!
//! It owns no analysis logic: every command calls into the library crates and hands their values to
//! an output format. Each subcommand lives in its own module under `cmd/`.

use clap::{Parser, Subcommand};

mod cmd;

/// nephos: inventory, graph, architectures and ranked risks of an AWS estate.
#[derive(Debug, Parser)]
#[command(name = "nephos", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
enum Command {
    /// Collect an AWS estate live (read-only API calls) into the account-data layout.
    #[cfg(feature = "collect")]
    Collect(cmd::collect::CollectArgs),
}

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    match cli.command {
        #[cfg(feature = "collect")]
        Command::Collect(args) => cmd::collect::run(&args),
    }
}
