//! The `nephos` binary: parses the command line and wires the stages together.
//!
//! It owns no analysis logic: every command calls into the library crates and hands their values to
//! an output format. Each subcommand lives in its own module under `cmd/`.

use clap::Parser;

/// nephos: inventory, graph, architectures and ranked risks of an AWS estate.
#[derive(Debug, Parser)]
#[command(name = "nephos", version, about, long_about = None)]
struct Cli {}

fn main() -> anyhow::Result<()> {
    let _cli = Cli::parse();
    Ok(())
}
