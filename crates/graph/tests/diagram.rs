//! Architecture diagrams: containers, labels, edges, entry points, formats, determinism, scale.
#![expect(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test helpers fail the test on a broken fixture"
)]

mod common;

use common::{Estate, allow};
use nephos_graph::Graph;
use nephos_graph::diagram::{ContainerKind, Diagram, Format, render};
use nephos_model::ResourceId;

/// A web application: an internet-facing load balancer in two public subnets forwarding to
/// instances in two private subnets (two AZs) that read a bucket; a function outside the VPC
/// triggered by an upload bucket writes to the same data; a shared logging bucket.
pub fn web_app() -> (Estate, ResourceId) {
    let mut e = Estate::new();
    let vpc = e.vpc("vpc-web");
    e.tag(&vpc, "Name", "web");
    e.tag(&vpc, "application", "storefront");
    e.tag(&vpc, "team", "shop");
    let pub_a = e.subnet(&vpc, "subnet-pa", "eu-west-1a");
    let pub_b = e.subnet(&vpc, "subnet-pb", "eu-west-1b");
    let priv_a = e.subnet(&vpc, "subnet-a", "eu-west-1a");
    let priv_b = e.subnet(&vpc, "subnet-b", "eu-west-1b");
    let igw = e.internet_gateway(&vpc, "igw-1");
    e.route_table(&vpc, "rtb-public", &[&pub_a, &pub_b], Some(&igw));
    e.route_table(&vpc, "rtb-private", &[&priv_a, &priv_b], None);
    let role = e.role(
        "web",
        &allow(
            &["s3:GetObject"],
            &["arn:aws:s3:::catalog/*", "arn:aws:s3:::central-logs/*"],
        ),
    );
    let web1 = e.instance(&priv_a, "i-web1", Some(&role));
    let web2 = e.instance(&priv_b, "i-web2", Some(&role));
    e.load_balancer("shop", &vpc, &[&pub_a, &pub_b], true, &[&web1, &web2]);
    e.bucket("catalog");
    let uploads = e.bucket("uploads");
    let frole = e.role(
        "importer",
        &allow(
            &["s3:PutObject"],
            &["arn:aws:s3:::catalog/*", "arn:aws:s3:::central-logs/*"],
        ),
    );
    let f = e.lambda("importer", &frole, &[]);
    e.notify(&uploads, &f);
    e.bucket("central-logs");
    for i in 0..2 {
        let r = e.role(
            &format!("other-{i}"),
            &allow(&["s3:PutObject"], &["arn:aws:s3:::central-logs/*"]),
        );
        e.lambda(&format!("other-{i}"), &r, &[]);
    }
    (e, vpc)
}

fn diagram_of(g: &Graph, seed: &ResourceId) -> Diagram {
    let id = g
        .architectures_of(seed)
        .pop()
        .expect("seed has an architecture");
    Diagram::build(g, &id).expect("diagram")
}

#[test]
fn containers_nest_account_region_vpc_az_subnet() {
    let (e, vpc) = web_app();
    let g = Graph::build(&e.inv);
    let d = diagram_of(&g, &vpc);
    let by_id = |id: &str| d.containers.iter().find(|c| c.id == id).unwrap();
    let web1 = d.nodes.iter().find(|n| n.name == "i-web1").unwrap();
    let mut chain = Vec::new();
    let mut cur = web1.container.clone();
    while let Some(c) = cur {
        let c = by_id(&c);
        chain.push(c.kind);
        cur = c.parent.clone();
    }
    assert_eq!(
        chain,
        [
            ContainerKind::Subnet,
            ContainerKind::AvailabilityZone,
            ContainerKind::Vpc,
            ContainerKind::Region,
            ContainerKind::Account
        ]
    );
    // The load balancer spans two subnets: drawn in the VPC.
    let lb = d.nodes.iter().find(|n| n.kind == "Load balancer").unwrap();
    assert_eq!(
        by_id(lb.container.as_deref().unwrap()).kind,
        ContainerKind::Vpc
    );
    assert!(lb.entry_point);
    // The shared logging bucket is in the shared box, dashed.
    let logs = d.nodes.iter().find(|n| n.name == "central-logs").unwrap();
    assert!(logs.shared);
    assert_eq!(logs.container.as_deref(), Some("shared"));
    // Subnets routing to the internet gateway are public, the others private; empty ones are
    // drawn too.
    let subnet = |short: &str| d.containers.iter().find(|c| c.id.ends_with(short)).unwrap();
    assert!(subnet("subnet/subnet-pa").public && subnet("subnet/subnet-pb").public);
    assert!(!subnet("subnet/subnet-a").public);
    assert!(
        subnet("subnet/subnet-pa")
            .label
            .starts_with("Public · subnet-pa")
    );
}

#[test]
fn edges_follow_through_listeners_target_groups_and_profiles() {
    let (e, vpc) = web_app();
    let g = Graph::build(&e.inv);
    let d = diagram_of(&g, &vpc);
    let has = |from: &str, to: &str, kind: &str| {
        d.edges
            .iter()
            .any(|x| x.from.ends_with(from) && x.to.ends_with(to) && x.kind == kind)
    };
    assert!(
        has(
            "loadbalancer/app/shop/0001",
            "instance/i-web1",
            "forwards_to"
        ),
        "{:#?}",
        d.edges
    );
    assert!(has("instance/i-web1", "role/web", "uses_role"));
    assert!(has("role/web", ":::catalog", "may_read"));
    assert!(has("role/importer", ":::catalog", "may_write"));
    assert!(has(":::uploads", "function:importer", "triggers"));
    assert!(has("internet", "loadbalancer/app/shop/0001", "internet"));
    // Plumbing is not drawn.
    assert!(
        d.nodes
            .iter()
            .all(|n| n.kind != "ENI" && n.kind != "Listener" && n.kind != "Instance profile")
    );
}

#[test]
fn output_is_deterministic_in_every_format() {
    let (e, vpc) = web_app();
    let a = Graph::build(&e.inv);
    let mut reversed = nephos_model::Inventory::new("r");
    for r in e.inv.resources().iter().rev() {
        reversed.insert(r.clone());
    }
    for r in e.inv.relationships().iter().rev() {
        reversed.relate(r.clone());
    }
    let b = Graph::build(&reversed);
    for f in [Format::Svg, Format::Dot, Format::Mermaid, Format::Json] {
        assert_eq!(
            render(&diagram_of(&a, &vpc), f).unwrap(),
            render(&diagram_of(&b, &vpc), f).unwrap()
        );
    }
}

#[test]
fn dot_and_mermaid_use_clusters_and_subgraphs() {
    let (e, vpc) = web_app();
    let g = Graph::build(&e.inv);
    let d = diagram_of(&g, &vpc);
    let dot = render(&d, Format::Dot).unwrap();
    assert!(dot.starts_with("digraph \"arch-"));
    assert_eq!(dot.matches("subgraph cluster_").count(), d.containers.len());
    assert!(dot.contains("label=\"EC2 instance\\ni-web1\""));
    let mm = render(&d, Format::Mermaid).unwrap();
    assert!(mm.contains("flowchart LR"));
    assert_eq!(mm.matches("subgraph c").count(), d.containers.len());
    assert!(mm.contains("-->|forwards_to|"));
    let json: serde_json::Value = serde_json::from_str(&render(&d, Format::Json).unwrap()).unwrap();
    assert_eq!(json["name"], "storefront");
    assert_eq!(json["owner"], "shop");
}

#[test]
fn svg_snapshot() {
    let (e, vpc) = web_app();
    let g = Graph::build(&e.inv);
    let svg = render(&diagram_of(&g, &vpc), Format::Svg).unwrap();
    insta::assert_snapshot!("web_app_svg", svg);
}

/// Node rectangles of an SVG: (x, y) of every `width="176" height="46"` box.
fn node_boxes(svg: &str) -> Vec<(f64, f64)> {
    svg.match_indices("<g><title>")
        .filter_map(|(i, _)| {
            let rest = &svg[i..];
            let attr = |name: &str| -> Option<f64> {
                let start = rest.find(&format!(" {name}=\""))? + name.len() + 3;
                let end = rest[start..].find('"')? + start;
                rest[start..end].parse().ok()
            };
            Some((attr("x")?, attr("y")?))
        })
        .collect()
}

#[test]
fn large_architectures_stay_readable() {
    let mut e = Estate::new();
    let vpc = e.vpc("vpc-big");
    let subnets: Vec<ResourceId> = (0..6)
        .map(|i| {
            e.subnet(
                &vpc,
                &format!("subnet-{i}"),
                ["eu-west-1a", "eu-west-1b", "eu-west-1c"][i % 3],
            )
        })
        .collect();
    let role = e.role("fleet", "");
    for i in 0..330 {
        e.instance(&subnets[i % 6], &format!("i-{i:04}"), Some(&role));
    }
    let g = Graph::build(&e.inv);
    let d = diagram_of(&g, &vpc);
    assert!(d.nodes.len() > 330);
    let svg = render(&d, Format::Svg).unwrap();
    let boxes = node_boxes(&svg);
    assert_eq!(boxes.len(), d.nodes.len());
    // No two resource boxes overlap.
    let mut sorted = boxes.clone();
    sorted.sort_by(|a, b| a.partial_cmp(b).unwrap());
    for (i, a) in sorted.iter().enumerate() {
        for b in &sorted[i + 1..] {
            if b.0 >= a.0 + 176.0 {
                break;
            }
            assert!(
                (a.1 - b.1).abs() >= 46.0 || (a.0 - b.0).abs() >= 176.0,
                "{a:?} overlaps {b:?}"
            );
        }
    }
    // The page keeps a sensible aspect and size: wider than tall is fine, a ribbon is not.
    let w: f64 = attr_of(&svg, "width");
    let h: f64 = attr_of(&svg, "height");
    assert!(w < 9000.0 && h < 9000.0, "{w}x{h}");
    assert!(w / h < 6.0 && h / w < 6.0, "{w}x{h}");
}

fn attr_of(svg: &str, name: &str) -> f64 {
    let start = svg.find(&format!(" {name}=\"")).unwrap() + name.len() + 3;
    let end = svg[start..].find('"').unwrap() + start;
    svg[start..end].parse().unwrap()
}

/// Writes the example diagrams to `$NEPHOS_DIAGRAM_DIR` (for looking at them), when set.
#[test]
fn write_examples_when_asked() {
    let Some(dir) = std::env::var_os("NEPHOS_DIAGRAM_DIR") else {
        return;
    };
    let (e, vpc) = web_app();
    let g = Graph::build(&e.inv);
    let d = diagram_of(&g, &vpc);
    for (f, ext) in [
        (Format::Svg, "svg"),
        (Format::Dot, "dot"),
        (Format::Mermaid, "mmd"),
        (Format::Json, "json"),
    ] {
        std::fs::write(
            std::path::Path::new(&dir).join(format!("web.{ext}")),
            render(&d, f).unwrap(),
        )
        .unwrap();
    }
    let mut e = Estate::new();
    let vpc = e.vpc("vpc-big");
    let igw = e.internet_gateway(&vpc, "igw-big");
    let azs = ["eu-west-1a", "eu-west-1b", "eu-west-1c"];
    let public: Vec<ResourceId> = (0..3)
        .map(|i| e.subnet(&vpc, &format!("subnet-pub{i}"), azs[i]))
        .collect();
    let private: Vec<ResourceId> = (0..3)
        .map(|i| e.subnet(&vpc, &format!("subnet-app{i}"), azs[i]))
        .collect();
    e.route_table(
        &vpc,
        "rtb-pub",
        &public.iter().collect::<Vec<_>>(),
        Some(&igw),
    );
    let role = e.role(
        "fleet",
        &allow(&["s3:GetObject"], &["arn:aws:s3:::fleet-config/*"]),
    );
    e.bucket("fleet-config");
    let mut web = Vec::new();
    for i in 0..330 {
        web.push(e.instance(&private[i % 3], &format!("i-{i:04}"), Some(&role)));
    }
    e.load_balancer(
        "fleet",
        &vpc,
        &public.iter().collect::<Vec<_>>(),
        true,
        &web.iter().take(12).collect::<Vec<_>>(),
    );
    let g = Graph::build(&e.inv);
    let d = diagram_of(&g, &vpc);
    std::fs::write(
        std::path::Path::new(&dir).join("big.svg"),
        render(&d, Format::Svg).unwrap(),
    )
    .unwrap();
}
