//! Architecture diagrams: one architecture drawn as a cloud engineer would draw it.
//!
//! [`Diagram::build`] turns an architecture into a format-free model: nested containers
//! (account > region > VPC > availability zone > subnet, plus "shared dependencies" and "outside
//! the estate"), resources labelled with kind and name, and edges for traffic, triggers, roles
//! and data access, with internet entry points marked. [`render`] writes it as SVG (laid out here,
//! self-contained), DOT (clusters), Mermaid (subgraphs) or JSON (the model itself).
//!
//! Plumbing a reader does not draw is left out: interfaces, security groups, network ACLs, route
//! tables, instance profiles, managed policies, accounts and regions (the last two are
//! containers). An edge through a hidden interface or instance profile is drawn to what it leads
//! to (a target group → interface → instance edge is drawn to the instance). Everything is sorted,
//! so output is deterministic.

mod dot;
pub mod labels;
mod mermaid;
mod place;
mod svg;

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use nephos_model::ResourceId;
use serde::Serialize;

use crate::edge::EdgeKind;
use crate::graph::Graph;
pub use labels::Category;

/// An output format of `nephos diagram`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Self-contained SVG.
    Svg,
    /// Graphviz DOT with clusters.
    Dot,
    /// Mermaid flowchart with subgraphs.
    Mermaid,
    /// The diagram model as JSON.
    Json,
}

impl FromStr for Format {
    type Err = DiagramError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "svg" => Ok(Self::Svg),
            "dot" => Ok(Self::Dot),
            "mermaid" => Ok(Self::Mermaid),
            "json" => Ok(Self::Json),
            other => Err(DiagramError::UnknownFormat(other.to_owned())),
        }
    }
}

/// Why a diagram could not be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DiagramError {
    /// No architecture has this id.
    #[error("no architecture `{0}`; `nephos architectures DIR` lists them")]
    UnknownArchitecture(String),
    /// Not one of svg, dot, mermaid, json.
    #[error("unknown diagram format `{0}`: expected svg, dot, mermaid or json")]
    UnknownFormat(String),
    /// Serialising the JSON model failed.
    #[error("could not write the diagram as JSON: {0}")]
    Json(String),
}

/// What a container is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ContainerKind {
    /// An AWS account.
    Account,
    /// A region of an account.
    Region,
    /// A VPC.
    Vpc,
    /// An availability zone of a VPC.
    AvailabilityZone,
    /// A subnet.
    Subnet,
    /// Dependencies this architecture shares with others.
    Shared,
    /// Resources outside the collected estate (another account, an API not collected).
    External,
}

/// A box that holds resources and other boxes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Container {
    /// Unique within the diagram, stable (derived from the resource id or account/region/AZ).
    pub id: String,
    /// What it is.
    pub kind: ContainerKind,
    /// The title drawn on it.
    pub label: String,
    /// The enclosing container.
    pub parent: Option<String>,
    /// Public subnet (routes to an internet gateway), when known.
    pub public: bool,
}

/// A drawn resource.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Node {
    /// The resource id.
    pub id: ResourceId,
    /// Short kind label (`EC2 instance`).
    pub kind: String,
    /// The resource's name.
    pub name: String,
    /// Colour category.
    pub category: Category,
    /// The container it is drawn in.
    pub container: Option<String>,
    /// Reachable from the internet by its configuration (internet-facing load balancer, public
    /// address, internet gateway, API, public database).
    pub entry_point: bool,
    /// Listed as a dependency shared with other architectures.
    pub shared: bool,
}

/// A drawn edge.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct DiagramEdge {
    /// Source resource id (or `internet`).
    pub from: String,
    /// Target resource id.
    pub to: String,
    /// The edge kind (`internet` for the marker edges to entry points).
    pub kind: String,
}

/// A format-free architecture diagram.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagram {
    /// The architecture id.
    pub architecture: String,
    /// Its name.
    pub name: String,
    /// Its owner.
    pub owner: Option<String>,
    /// Containers, parents before children, siblings sorted.
    pub containers: Vec<Container>,
    /// Resources, sorted by id.
    pub nodes: Vec<Node>,
    /// Edges, sorted.
    pub edges: Vec<DiagramEdge>,
}

/// The pseudo-node internet entry points are connected from.
pub const INTERNET: &str = "internet";

impl Diagram {
    /// The diagram of architecture `id`.
    pub fn build(graph: &Graph, id: &str) -> Result<Self, DiagramError> {
        let arch = graph
            .architecture(id)
            .ok_or_else(|| DiagramError::UnknownArchitecture(id.to_owned()))?;
        Ok(place::build(graph, &arch))
    }

    /// The diagram of an architecture the caller already has (from [`Graph::architectures`]):
    /// drawing many diagrams this way computes the architectures once, not once per diagram.
    pub fn of_architecture(graph: &Graph, architecture: &crate::arch::Architecture) -> Self {
        place::build(graph, architecture)
    }

    /// Children of each container (and of the top level, under `None`), in drawing order.
    pub(crate) fn tree(&self) -> BTreeMap<Option<&str>, (Vec<&Container>, Vec<&Node>)> {
        let mut tree: BTreeMap<Option<&str>, (Vec<&Container>, Vec<&Node>)> = BTreeMap::new();
        for c in &self.containers {
            tree.entry(c.parent.as_deref()).or_default().0.push(c);
            tree.entry(Some(c.id.as_str())).or_default();
        }
        for n in &self.nodes {
            tree.entry(n.container.as_deref()).or_default().1.push(n);
        }
        for (cs, ns) in tree.values_mut() {
            // Public subnets first, as they are usually drawn nearest the internet.
            cs.sort_by(|a, b| {
                (a.kind, !a.public, &a.label, &a.id).cmp(&(b.kind, !b.public, &b.label, &b.id))
            });
            ns.sort_by(|a, b| {
                (a.category, &a.kind, &a.name, &a.id).cmp(&(b.category, &b.kind, &b.name, &b.id))
            });
        }
        tree
    }

    /// True when some node is an internet entry point.
    pub fn has_entry_points(&self) -> bool {
        self.nodes.iter().any(|n| n.entry_point)
    }
}

/// Writes a diagram in a format.
pub fn render(diagram: &Diagram, format: Format) -> Result<String, DiagramError> {
    match format {
        Format::Svg => Ok(svg::render(diagram)),
        Format::Dot => Ok(dot::render(diagram)),
        Format::Mermaid => Ok(mermaid::render(diagram)),
        Format::Json => serde_json::to_string_pretty(diagram)
            .map(|mut s| {
                s.push('\n');
                s
            })
            .map_err(|e| DiagramError::Json(e.to_string())),
    }
}

/// The edge kinds a diagram draws.
pub(crate) fn drawn_edge(kind: EdgeKind) -> bool {
    matches!(
        kind,
        EdgeKind::ForwardsTo
            | EdgeKind::Triggers
            | EdgeKind::MayRead
            | EdgeKind::MayWrite
            | EdgeKind::UsesRole
            | EdgeKind::UsesExecutionRole
            | EdgeKind::Connects
    )
}

impl fmt::Display for ContainerKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Account => "Account",
            Self::Region => "Region",
            Self::Vpc => "VPC",
            Self::AvailabilityZone => "AZ",
            Self::Subnet => "Subnet",
            Self::Shared => "Shared",
            Self::External => "External",
        })
    }
}
