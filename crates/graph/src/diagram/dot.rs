//! Graphviz DOT: containers as nested `cluster_` subgraphs, resources as boxes labelled with kind
//! and name, edges styled by kind. Node names are `n<index>` in the diagram's sorted order.

use std::collections::HashMap;
use std::fmt::Write;

use super::{Diagram, INTERNET};

fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if (c as u32) < 0x20 => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn style(kind: &str) -> &'static str {
    match kind {
        "forwards_to" | "connects" => "color=\"#1f6fb5\"",
        "triggers" => "color=\"#e7157b\"",
        "may_read" => "color=\"#3f8624\", style=dashed",
        "may_write" => "color=\"#3f8624\"",
        "uses_role" | "uses_execution_role" => "color=\"#dd344c\", style=dotted",
        "internet" => "color=\"#d13212\", penwidth=2",
        _ => "color=\"#888888\"",
    }
}

pub(crate) fn render(d: &Diagram) -> String {
    let tree = d.tree();
    let names: HashMap<&str, String> = d
        .nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.id.as_str(), format!("n{i}")))
        .collect();
    let clusters: HashMap<&str, usize> = d
        .containers
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.as_str(), i))
        .collect();
    let mut s = String::new();
    let _ = writeln!(s, "digraph {} {{", quote(&d.architecture));
    let _ = writeln!(s, "  label={};", quote(&d.name));
    s.push_str("  labelloc=t;\n  compound=true;\n  rankdir=LR;\n");
    s.push_str(
        "  node [shape=box, style=\"rounded,filled\", fillcolor=white, fontname=\"Helvetica\"];\n",
    );
    fn emit(
        s: &mut String,
        tree: &std::collections::BTreeMap<
            Option<&str>,
            (Vec<&super::Container>, Vec<&super::Node>),
        >,
        key: Option<&str>,
        names: &HashMap<&str, String>,
        clusters: &HashMap<&str, usize>,
        depth: usize,
    ) {
        let indent = "  ".repeat(depth);
        let Some((cs, ns)) = tree.get(&key) else {
            return;
        };
        for n in ns {
            let Some(name) = names.get(n.id.as_str()) else {
                continue;
            };
            let mut attrs = format!("label={}", quote(&format!("{}\n{}", n.kind, n.name)));
            if n.entry_point {
                attrs.push_str(", color=\"#d13212\", penwidth=2");
            }
            if n.shared {
                attrs.push_str(", style=\"rounded,filled,dashed\"");
            }
            if n.id.as_str() == INTERNET {
                attrs.push_str(", shape=ellipse");
            }
            let _ = writeln!(s, "{indent}{name} [{attrs}];");
        }
        for c in cs {
            let Some(i) = clusters.get(c.id.as_str()) else {
                continue;
            };
            let _ = writeln!(s, "{indent}subgraph cluster_{i} {{");
            let _ = writeln!(s, "{indent}  label={};", quote(&c.label));
            emit(s, tree, Some(c.id.as_str()), names, clusters, depth + 1);
            let _ = writeln!(s, "{indent}}}");
        }
    }
    emit(&mut s, &tree, None, &names, &clusters, 1);
    for e in &d.edges {
        if let (Some(a), Some(b)) = (names.get(e.from.as_str()), names.get(e.to.as_str())) {
            let _ = writeln!(
                s,
                "  {a} -> {b} [{}, tooltip={}];",
                style(&e.kind),
                quote(&e.kind)
            );
        }
    }
    s.push_str("}\n");
    s
}
