//! The `nephos` binary: parses the command line and wires the stages together.
//!
//! It owns no analysis logic: every command calls into the library crates and hands their values to
//! an output format from `nephos-report`. Each subcommand lives in its own module under `cmd/`.
//!
//! Exit codes: 0 success; 1 the command ran and found what the user asked to fail on; 2 usage or
//! input error.

mod cmd;
mod output;
mod progress;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// mimalloc instead of the system allocator: the import allocates millions of small strings from
/// several threads, where glibc's allocator spent over a tenth of the time (measured with perf on a
/// 1M-resource estate; BENCHMARKS.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// nephos: inventory, graph, architectures and ranked risks of an AWS estate.
///
/// Reads AWS account-data folders (the layout CloudMapper's `collect` writes; see
/// docs/account-data.md) and keeps every imported snapshot in a local SQLite store.
#[derive(Debug, Parser)]
#[command(name = "nephos", version, about, long_about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    Scan(cmd::scan::Args),
    Demo(cmd::demo::Args),
    Inventory(cmd::inventory::Args),
    Snapshots(cmd::snapshots::Args),
    Kinds(cmd::kinds::Args),
    Access(cmd::access::Args),
    WhoCan(cmd::who_can::Args),
    CanDo(cmd::can_do::Args),
    Exposure(cmd::exposure::Args),
    Reach(cmd::reach::Args),
    Architectures(cmd::architectures::Args),
    Diagram(cmd::diagram::Args),

    Checks(cmd::checks::Args),
    Findings(cmd::findings::Args),
    Outliers(cmd::outliers::Args),

    #[cfg(feature = "collect")]
    Collect(cmd::collect::CollectArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Scan(args) => cmd::scan::run(args),
        Command::Demo(args) => cmd::demo::run(args),
        Command::Inventory(args) => cmd::inventory::run(args),
        Command::Snapshots(args) => cmd::snapshots::run(args),
        Command::Kinds(args) => cmd::kinds::run(args),
        Command::Access(args) => cmd::access::run(args),
        Command::WhoCan(args) => cmd::who_can::run(args),
        Command::CanDo(args) => cmd::can_do::run(args),
        Command::Exposure(args) => cmd::exposure::run(args),
        Command::Reach(args) => cmd::reach::run(args),
        Command::Architectures(args) => cmd::architectures::run(args),
        Command::Diagram(args) => cmd::diagram::run(args),

        Command::Checks(args) => cmd::checks::run(args),
        Command::Findings(args) => cmd::findings::run(args),
        Command::Outliers(args) => cmd::outliers::run(args),

        #[cfg(feature = "collect")]
        Command::Collect(args) => cmd::collect::run(&args),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::from(2)
        }
    }
}
