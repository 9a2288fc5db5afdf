//! A self-contained SVG: nested containers laid out by hand.
//!
//! Layout: each container puts its resources in a grid (at most [`MAX_COLUMNS`] columns, about
//! as tall as wide), then its child containers below, packed in rows ("shelves") whose
//! width is about that of a square of the children's total area. Sizes are computed bottom-up,
//! positions top-down. Edges are straight lines drawn under the boxes, clipped to the box edges,
//! styled by kind (legend at the bottom); fans of [`BUNDLE_AT`] or more edges between one
//! resource and the resources of one container are drawn as one line to the container. Everything is sorted, so the same diagram gives the same
//! bytes.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write;

use super::labels::Category;
use super::{Container, ContainerKind, Diagram, Node};

const NODE_W: f64 = 176.0;
const NODE_H: f64 = 46.0;
const GAP: f64 = 14.0;
const PAD: f64 = 14.0;
const TITLE: f64 = 26.0;
/// Most resource columns in one container.
pub const MAX_COLUMNS: usize = 10;
const HEADER: f64 = 64.0;
/// Width of one character of a 12px bold container title, generously.
const TITLE_CHAR_W: f64 = 7.4;
const LEGEND: f64 = 56.0;

#[derive(Debug, Clone, Default)]
struct Block {
    w: f64,
    h: f64,
    /// Node positions relative to the block.
    nodes: Vec<(usize, f64, f64)>,
    /// Child blocks with their offsets.
    children: Vec<(usize, f64, f64, Block)>,
}

struct Ctx<'a> {
    containers: &'a [Container],
    tree: BTreeMap<Option<&'a str>, (Vec<&'a Container>, Vec<&'a Node>)>,
    node_index: HashMap<&'a str, usize>,
    container_index: HashMap<&'a str, usize>,
}

fn layout(ctx: &Ctx<'_>, key: Option<&str>, titled: bool) -> Block {
    let empty = (Vec::new(), Vec::new());
    let (cs, ns) = ctx.tree.get(&key).unwrap_or(&empty);
    let mut block = Block::default();
    let top = if titled { TITLE } else { 0.0 };
    // Resources in a grid.
    let n = ns.len();
    let cols = if n == 0 {
        0
    } else {
        // About as tall as wide on the page (a box is ~3 times wider than tall).
        (((n as f64) * 0.35).sqrt().ceil() as usize).clamp(1, MAX_COLUMNS.min(n))
    };
    let rows = if cols == 0 { 0 } else { n.div_ceil(cols) };
    for (i, node) in ns.iter().enumerate() {
        let (c, r) = (i % cols.max(1), i / cols.max(1));
        let x = PAD + c as f64 * (NODE_W + GAP);
        let y = top + PAD + r as f64 * (NODE_H + GAP);
        if let Some(&ix) = ctx.node_index.get(node.id.as_str()) {
            block.nodes.push((ix, x, y));
        }
    }
    let grid_w = if cols == 0 {
        0.0
    } else {
        cols as f64 * (NODE_W + GAP) - GAP
    };
    let grid_h = if rows == 0 {
        0.0
    } else {
        rows as f64 * (NODE_H + GAP) - GAP
    };
    // Child containers in shelves.
    let children: Vec<(usize, Block)> = cs
        .iter()
        .filter_map(|c| {
            let b = layout(ctx, Some(c.id.as_str()), true);
            ctx.container_index.get(c.id.as_str()).map(|&i| (i, b))
        })
        .collect();
    let area: f64 = children.iter().map(|(_, b)| b.w * b.h).sum();
    let widest = children.iter().map(|(_, b)| b.w).fold(0.0, f64::max);
    // Availability zones sit side by side, as they are usually drawn.
    let azs_in_a_row =
        cs.len() <= 6 && cs.iter().all(|c| c.kind == ContainerKind::AvailabilityZone);
    // Subnets of one zone are stacked, public above private.
    let in_a_zone = key
        .and_then(|k| ctx.container_index.get(k))
        .and_then(|&i| ctx.containers.get(i))
        .is_some_and(|c| c.kind == ContainerKind::AvailabilityZone);
    let target = if azs_in_a_row {
        f64::INFINITY
    } else if in_a_zone {
        widest
    } else {
        grid_w.max(widest).max(area.sqrt() * 1.5)
    };
    let mut shelf_y = top + PAD + if rows > 0 { grid_h + GAP } else { 0.0 };
    let (mut x, mut shelf_h, mut used_w) = (PAD, 0.0_f64, grid_w);
    for (i, b) in children {
        if x > PAD && x - PAD + b.w > target + 0.5 {
            shelf_y += shelf_h + GAP;
            x = PAD;
            shelf_h = 0.0;
        }
        used_w = used_w.max(x - PAD + b.w);
        shelf_h = shelf_h.max(b.h);
        block.children.push((i, x, shelf_y, b.clone()));
        x += b.w + GAP;
    }
    let content_h = if block.children.is_empty() {
        top + PAD + grid_h
    } else {
        shelf_y + shelf_h
    };
    let title_w = key
        .and_then(|k| ctx.container_index.get(k))
        .and_then(|&i| ctx.containers.get(i))
        .map_or(0.0, |c| c.label.chars().count() as f64 * TITLE_CHAR_W);
    block.w = (used_w + 2.0 * PAD).max(if titled {
        (NODE_W + 2.0 * PAD).max(title_w + 2.0 * PAD + 10.0)
    } else {
        0.0
    });
    block.h = content_h + PAD;
    block
}

#[derive(Debug, Clone, Copy)]
struct Rect {
    x: f64,
    y: f64,
    w: f64,
    h: f64,
}

impl Rect {
    fn centre(self) -> (f64, f64) {
        (self.x + self.w / 2.0, self.y + self.h / 2.0)
    }

    /// Where the segment from the centre towards `(tx, ty)` leaves the rectangle.
    fn exit_towards(self, tx: f64, ty: f64) -> (f64, f64) {
        let (cx, cy) = self.centre();
        let (dx, dy) = (tx - cx, ty - cy);
        if dx.abs() < f64::EPSILON && dy.abs() < f64::EPSILON {
            return (cx, cy);
        }
        let sx = if dx.abs() > f64::EPSILON {
            (self.w / 2.0) / dx.abs()
        } else {
            f64::INFINITY
        };
        let sy = if dy.abs() > f64::EPSILON {
            (self.h / 2.0) / dy.abs()
        } else {
            f64::INFINITY
        };
        let s = sx.min(sy).min(1.0);
        (cx + dx * s, cy + dy * s)
    }
}

fn place(
    block: &Block,
    ox: f64,
    oy: f64,
    node_rects: &mut HashMap<usize, Rect>,
    container_rects: &mut Vec<(usize, Rect)>,
) {
    for &(ix, x, y) in &block.nodes {
        node_rects.insert(
            ix,
            Rect {
                x: ox + x,
                y: oy + y,
                w: NODE_W,
                h: NODE_H,
            },
        );
    }
    for (ix, x, y, child) in &block.children {
        container_rects.push((
            *ix,
            Rect {
                x: ox + x,
                y: oy + y,
                w: child.w,
                h: child.h,
            },
        ));
        place(child, ox + x, oy + y, node_rects, container_rects);
    }
}

pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) < 0x20 && c != '\n' && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_owned()
    } else {
        let mut t: String = s.chars().take(max.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

fn container_style(c: &Container) -> (&'static str, &'static str, &'static str) {
    // (fill, stroke, dash)
    match c.kind {
        ContainerKind::Account => ("#fafafa", "#232f3e", ""),
        ContainerKind::Region => ("#ffffff", "#00a4a6", "6 4"),
        ContainerKind::Vpc => ("#f6f0ff", "#8c4fff", ""),
        ContainerKind::AvailabilityZone => ("#ffffff", "#147eba", "4 4"),
        ContainerKind::Subnet if c.public => ("#eef6e8", "#7aa116", ""),
        ContainerKind::Subnet => ("#e8f2f9", "#147eba", ""),
        ContainerKind::Shared => ("#fff8e6", "#c28a00", "6 3"),
        ContainerKind::External => ("#f0f0f0", "#777777", "2 3"),
    }
}

fn category_colour(c: Category) -> &'static str {
    match c {
        Category::Compute => "#ed7100",
        Category::Data => "#3f8624",
        Category::Network => "#8c4fff",
        Category::Identity => "#dd344c",
        Category::Entry => "#d13212",
        Category::Other => "#7d8998",
    }
}

/// (colour, dash, width) of an edge kind.
fn edge_style(kind: &str) -> (&'static str, &'static str, f64) {
    match kind {
        "forwards_to" | "connects" => ("#1f6fb5", "", 1.6),
        "triggers" => ("#e7157b", "", 1.6),
        "may_read" => ("#3f8624", "5 3", 1.4),
        "may_write" => ("#3f8624", "", 1.4),
        "uses_role" | "uses_execution_role" => ("#dd344c", "2 3", 1.2),
        "internet" => ("#d13212", "", 2.4),
        _ => ("#888888", "", 1.0),
    }
}

/// Edges from (or to) at least this many resources of one container, of one kind, to (or from)
/// one resource are drawn as one thicker line from (or to) the container, labelled `×N`.
pub const BUNDLE_AT: usize = 4;

enum End<'a> {
    Node(&'a str),
    Container(&'a str),
}

impl End<'_> {
    fn id(&self) -> &str {
        match self {
            End::Node(id) | End::Container(id) => id,
        }
    }
}

struct Line<'a> {
    from: End<'a>,
    to: End<'a>,
    kind: &'a str,
    count: usize,
}

/// The lines to draw: edges, with many-to-one and one-to-many fans out of or into one container
/// bundled (sources first, then targets).
fn bundle(d: &Diagram) -> Vec<Line<'_>> {
    let container: HashMap<&str, &str> = d
        .nodes
        .iter()
        .filter_map(|n| n.container.as_deref().map(|c| (n.id.as_str(), c)))
        .collect();
    let mut by_source: BTreeMap<(&str, &str, &str), Vec<usize>> = BTreeMap::new();
    for (i, e) in d.edges.iter().enumerate() {
        if let Some(c) = container.get(e.from.as_str()) {
            by_source
                .entry((c, e.to.as_str(), e.kind.as_str()))
                .or_default()
                .push(i);
        }
    }
    let mut done = vec![false; d.edges.len()];
    let mut lines = Vec::new();
    for ((c, to, kind), edges) in &by_source {
        if edges.len() >= BUNDLE_AT {
            for &i in edges {
                done[i] = true;
            }
            lines.push(Line {
                from: End::Container(c),
                to: End::Node(to),
                kind,
                count: edges.len(),
            });
        }
    }
    let mut by_target: BTreeMap<(&str, &str, &str), Vec<usize>> = BTreeMap::new();
    for (i, e) in d.edges.iter().enumerate() {
        if !done[i]
            && let Some(c) = container.get(e.to.as_str())
        {
            by_target
                .entry((e.from.as_str(), c, e.kind.as_str()))
                .or_default()
                .push(i);
        }
    }
    for ((from, c, kind), edges) in &by_target {
        if edges.len() >= BUNDLE_AT {
            for &i in edges {
                done[i] = true;
            }
            lines.push(Line {
                from: End::Node(from),
                to: End::Container(c),
                kind,
                count: edges.len(),
            });
        }
    }
    for (i, e) in d.edges.iter().enumerate() {
        if !done[i] {
            lines.push(Line {
                from: End::Node(&e.from),
                to: End::Node(&e.to),
                kind: &e.kind,
                count: 1,
            });
        }
    }
    lines
}

const LEGEND_ITEMS: [(&str, &str); 6] = [
    ("internet", "internet entry"),
    ("forwards_to", "traffic"),
    ("triggers", "triggers"),
    ("may_read", "may read"),
    ("may_write", "may write"),
    ("uses_role", "runs as role"),
];

pub(crate) fn render(d: &Diagram) -> String {
    let tree = d.tree();
    let ctx = Ctx {
        containers: &d.containers,
        node_index: d
            .nodes
            .iter()
            .enumerate()
            .map(|(i, n)| (n.id.as_str(), i))
            .collect(),
        container_index: d
            .containers
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id.as_str(), i))
            .collect(),
        tree,
    };
    let root = layout(&ctx, None, false);
    let mut node_rects = HashMap::new();
    let mut container_rects = Vec::new();
    place(&root, 10.0, HEADER, &mut node_rects, &mut container_rects);
    let width = (root.w + 20.0).max(760.0).ceil();
    let height = (HEADER + root.h + LEGEND + 10.0).ceil();

    let mut s = String::new();
    let _ = writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" font-family="Helvetica, Arial, sans-serif">"#
    );
    let _ = writeln!(s, "<title>{}</title>", escape(&d.name));
    s.push_str("<defs>\n");
    let mut colours: Vec<&str> = LEGEND_ITEMS
        .iter()
        .map(|(k, _)| edge_style(k).0)
        .chain(["#888888"])
        .collect();
    colours.sort_unstable();
    colours.dedup();
    for c in colours {
        let _ = writeln!(
            s,
            r#"<marker id="arrow-{}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{c}"/></marker>"#,
            &c[1..]
        );
    }
    s.push_str("</defs>\n");
    let _ = writeln!(
        s,
        r##"<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>"##
    );
    let owner = d.owner.as_deref().unwrap_or("no owner tag");
    let _ = writeln!(
        s,
        r##"<text x="12" y="26" font-size="18" font-weight="bold" fill="#232f3e">{}</text>"##,
        escape(&d.name)
    );
    let _ = writeln!(
        s,
        r##"<text x="12" y="46" font-size="12" fill="#545b64">{} · owner: {} · {} resources</text>"##,
        escape(&d.architecture),
        escape(owner),
        d.nodes
            .iter()
            .filter(|n| n.id.as_str() != super::INTERNET)
            .count()
    );

    // Containers, outermost first (placement order is parents before children).
    for (ix, r) in &container_rects {
        let Some(c) = d.containers.get(*ix) else {
            continue;
        };
        let (fill, stroke, dash) = container_style(c);
        let dash_attr = if dash.is_empty() {
            String::new()
        } else {
            format!(r#" stroke-dasharray="{dash}""#)
        };
        let _ = writeln!(
            s,
            r#"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" rx="6" fill="{fill}" stroke="{stroke}" stroke-width="1.4"{dash_attr}/>"#,
            r.x, r.y, r.w, r.h
        );
        let title = &c.label;
        let max_chars = ((r.w - 2.0 * PAD) / TITLE_CHAR_W).max(8.0) as usize;
        let _ = writeln!(
            s,
            r#"<text x="{:.1}" y="{:.1}" font-size="12" font-weight="bold" fill="{stroke}">{}</text>"#,
            r.x + PAD,
            r.y + 18.0,
            escape(&truncate(title, max_chars))
        );
    }

    // Edges under the boxes.
    s.push_str(r#"<g fill="none" stroke-opacity="0.75">"#);
    s.push('\n');
    let index: HashMap<&str, usize> = d
        .nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.id.as_str(), i))
        .collect();
    let container_rect: HashMap<&str, Rect> = container_rects
        .iter()
        .filter_map(|(ix, r)| d.containers.get(*ix).map(|c| (c.id.as_str(), *r)))
        .collect();
    for line in bundle(d) {
        let end_rect = |end: &End<'_>| match end {
            End::Node(id) => index.get(id).and_then(|i| node_rects.get(i)).copied(),
            End::Container(id) => container_rect.get(id).copied(),
        };
        let (Some(a), Some(b)) = (end_rect(&line.from), end_rect(&line.to)) else {
            continue;
        };
        let (bx, by) = b.centre();
        let (ax, ay) = a.centre();
        let (x1, y1) = a.exit_towards(bx, by);
        let (x2, y2) = b.exit_towards(ax, ay);
        let (colour, dash, w) = edge_style(line.kind);
        let dash_attr = if dash.is_empty() {
            String::new()
        } else {
            format!(r#" stroke-dasharray="{dash}""#)
        };
        let (w, note) = if line.count > 1 {
            (w + 1.2, format!(" ×{}", line.count))
        } else {
            (w, String::new())
        };
        let _ = writeln!(
            s,
            r#"<line x1="{x1:.1}" y1="{y1:.1}" x2="{x2:.1}" y2="{y2:.1}" stroke="{colour}" stroke-width="{w:.1}"{dash_attr} marker-end="url(#arrow-{})"><title>{} → {} ({}{note})</title></line>"#,
            &colour[1..],
            escape(line.from.id()),
            escape(line.to.id()),
            escape(line.kind)
        );
        if line.count > 1 {
            let _ = writeln!(
                s,
                r#"<text x="{:.1}" y="{:.1}" font-size="11" font-weight="bold" fill="{colour}" stroke="none">×{}</text>"#,
                x1 + (x2 - x1) * 0.15 + 4.0,
                y1 + (y2 - y1) * 0.15 - 4.0,
                line.count
            );
        }
    }
    s.push_str("</g>\n");

    // Resources.
    for (i, n) in d.nodes.iter().enumerate() {
        let Some(r) = node_rects.get(&i) else {
            continue;
        };
        let colour = category_colour(n.category);
        let (stroke, width) = if n.entry_point {
            ("#d13212", 2.4)
        } else {
            ("#545b64", 1.0)
        };
        let dash = if n.shared {
            r#" stroke-dasharray="4 3""#
        } else {
            ""
        };
        let _ = writeln!(
            s,
            r##"<g><title>{}</title><rect x="{:.1}" y="{:.1}" width="{NODE_W}" height="{NODE_H}" rx="4" fill="#ffffff" stroke="{stroke}" stroke-width="{width}"{dash}/><rect x="{:.1}" y="{:.1}" width="7" height="{NODE_H}" rx="2" fill="{colour}"/><text x="{:.1}" y="{:.1}" font-size="10" fill="{colour}">{}</text><text x="{:.1}" y="{:.1}" font-size="12" fill="#16191f">{}</text>{}</g>"##,
            escape(n.id.as_str()),
            r.x,
            r.y,
            r.x,
            r.y,
            r.x + 14.0,
            r.y + 17.0,
            escape(&truncate(&n.kind, 26)),
            r.x + 14.0,
            r.y + 35.0,
            escape(&truncate(&n.name, 24)),
            if n.entry_point {
                format!(
                    r##"<text x="{:.1}" y="{:.1}" font-size="10" font-weight="bold" fill="#d13212" text-anchor="end">internet</text>"##,
                    r.x + NODE_W - 6.0,
                    r.y + 17.0
                )
            } else {
                String::new()
            }
        );
    }

    // Legend.
    let ly = height - LEGEND + 18.0;
    let _ = writeln!(
        s,
        r##"<text x="12" y="{ly:.1}" font-size="11" fill="#545b64">Edges:</text>"##
    );
    for (i, (kind, label)) in LEGEND_ITEMS.iter().enumerate() {
        let x = 60.0 + i as f64 * 115.0;
        let (colour, dash, w) = edge_style(kind);
        let dash_attr = if dash.is_empty() {
            String::new()
        } else {
            format!(r#" stroke-dasharray="{dash}""#)
        };
        let _ = writeln!(
            s,
            r#"<line x1="{x:.1}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke="{colour}" stroke-width="{w}"{dash_attr} marker-end="url(#arrow-{})"/><text x="{:.1}" y="{ly:.1}" font-size="11" fill="{colour}">{label}</text>"#,
            ly - 4.0,
            x + 30.0,
            ly - 4.0,
            &colour[1..],
            x + 36.0
        );
    }
    let _ = writeln!(
        s,
        r##"<text x="12" y="{:.1}" font-size="11" fill="#545b64">Boxes: orange compute · green data · purple network · red identity · red border = internet entry point · dashed border = shared with other architectures</text>"##,
        ly + 20.0
    );
    s.push_str("</svg>\n");
    s
}
