//! Mermaid flowchart: containers as nested `subgraph`s, resources as boxes labelled with kind and
//! name, edges labelled with their kind. Node names are `n<index>` in the diagram's sorted order,
//! subgraph names `c<index>`.

use std::collections::HashMap;
use std::fmt::Write;

use super::{Diagram, INTERNET};

/// Mermaid labels are quoted; quotes and angle brackets become entities.
fn label(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_control())
        .map(|c| match c {
            '"' => "#quot;".to_owned(),
            '<' => "#lt;".to_owned(),
            '>' => "#gt;".to_owned(),
            c => c.to_string(),
        })
        .collect()
}

fn arrow(kind: &str) -> &'static str {
    match kind {
        "may_read" | "uses_role" | "uses_execution_role" => "-.->",
        "internet" => "==>",
        _ => "-->",
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
    let _ = writeln!(s, "---\ntitle: \"{}\"\n---", label(&d.name));
    s.push_str("flowchart LR\n");
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
            let text = format!("{}<br/>{}", label(&n.kind), label(&n.name));
            if n.id.as_str() == INTERNET {
                let _ = writeln!(s, "{indent}{name}((\"{text}\"))");
            } else {
                let _ = writeln!(s, "{indent}{name}[\"{text}\"]");
            }
            if n.entry_point {
                let _ = writeln!(s, "{indent}class {name} entry");
            } else if n.shared {
                let _ = writeln!(s, "{indent}class {name} shared");
            }
        }
        for c in cs {
            let Some(i) = clusters.get(c.id.as_str()) else {
                continue;
            };
            let _ = writeln!(s, "{indent}subgraph c{i}[\"{}\"]", label(&c.label));
            emit(s, tree, Some(c.id.as_str()), names, clusters, depth + 1);
            let _ = writeln!(s, "{indent}end");
        }
    }
    emit(&mut s, &tree, None, &names, &clusters, 1);
    for e in &d.edges {
        if let (Some(a), Some(b)) = (names.get(e.from.as_str()), names.get(e.to.as_str())) {
            let _ = writeln!(s, "  {a} {}|{}| {b}", arrow(&e.kind), e.kind);
        }
    }
    s.push_str("  classDef entry stroke:#d13212,stroke-width:3px\n");
    s.push_str("  classDef shared stroke-dasharray: 4 3\n");
    s
}
