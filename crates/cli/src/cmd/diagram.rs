//! `nephos diagram`: one architecture drawn as nested containers.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::ValueEnum;
use nephos_graph::Graph;
use nephos_graph::diagram::{Diagram, Format, render};

use super::common::{self, ImportArgs};
use crate::output;

/// Draw an architecture (an id from `nephos architectures`): account > region > VPC > AZ > subnet
/// containers, resources labelled with kind and name, traffic / trigger / data-access edges,
/// internet entry points marked.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    import: ImportArgs,
    /// The architecture id (`arch-…`).
    #[arg(long, value_name = "ID")]
    architecture: String,
    /// Output format: svg (self-contained), dot (Graphviz), mermaid, or json (the diagram model).
    #[arg(long, value_enum, default_value_t)]
    format: DiagramFormat,
    /// Write to this file instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
}

/// How `diagram` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum DiagramFormat {
    /// Self-contained SVG.
    #[default]
    Svg,
    /// Graphviz DOT.
    Dot,
    /// Mermaid flowchart.
    Mermaid,
    /// The diagram model as JSON.
    Json,
}

/// Runs the command.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let imported = common::load(&args.import)?;
    let graph = Graph::build(&imported.inventory);
    let diagram = Diagram::build(&graph, &args.architecture)?;
    let format = match args.format {
        DiagramFormat::Svg => Format::Svg,
        DiagramFormat::Dot => Format::Dot,
        DiagramFormat::Mermaid => Format::Mermaid,
        DiagramFormat::Json => Format::Json,
    };
    let text = render(&diagram, format)?;
    match &args.output {
        Some(path) => {
            std::fs::write(path, text).with_context(|| format!("writing `{}`", path.display()))?
        }
        None => {
            let mut out = output::stdout();
            std::io::Write::write_all(&mut out, text.as_bytes())?;
            output::finish(out)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
