//! Internet-facing Classic Load Balancers use only encrypted front-end listeners.
//!
//! Why: HTTP or TCP listeners on an internet-facing Classic Load Balancer carry client traffic in
//! clear text.
//! Fix: replace HTTP/TCP listeners with HTTPS/SSL listeners (or migrate to an ALB/NLB with TLS).

use nephos_model::{Properties, ResourceKind};
use serde_json::json;

use crate::context::Context;
use crate::finding::Finding;
use crate::meta::{CheckMeta, Severity};

/// Metadata.
pub const META: CheckMeta = CheckMeta {
    id: "elb_classic_listener_encrypted",
    title: "Internet-facing Classic Load Balancers use only HTTPS/SSL listeners",
    severity: Severity::Medium,
    kinds: &[ResourceKind::ClassicLoadBalancer],
    rationale: "HTTP or TCP front-end listeners on an internet-facing load balancer carry client traffic in clear text.",
    remediation: "Replace HTTP/TCP listeners with HTTPS/SSL listeners and a certificate, or migrate to an Application/Network Load Balancer with TLS.",
    references: &[
        "https://docs.aws.amazon.com/elasticloadbalancing/latest/classic/elb-listener-config.html",
    ],
    compliance: &[],
};

/// Runs the check over internet-facing Classic Load Balancers.
pub fn run(ctx: &Context, out: &mut Vec<Finding>) {
    for lb in ctx.of_kind(ResourceKind::ClassicLoadBalancer) {
        let Properties::ClassicLoadBalancer(p) = &lb.props else {
            continue;
        };
        if !p.scheme.eq_ignore_ascii_case("internet-facing") {
            continue;
        }
        let plain: Vec<_> = p
            .listeners
            .iter()
            .filter(|l| matches!(l.protocol.to_ascii_uppercase().as_str(), "HTTP" | "TCP"))
            .map(|l| json!({ "protocol": l.protocol, "load_balancer_port": l.load_balancer_port }))
            .collect();
        out.push(Finding::verdict(
            &META,
            lb,
            plain.is_empty(),
            format!("{} has only encrypted listeners", lb.name),
            format!("{} has {} plaintext listener(s)", lb.name, plain.len()),
            json!({ "plaintext_listeners": plain }),
        ));
    }
}

#[cfg(test)]
mod tests {
    use crate::finding::Status;
    use crate::testutil::*;
    use nephos_model::props::{ClassicListener, ClassicLoadBalancerProps};
    use nephos_model::{Properties, ResourceKind};

    #[test]
    fn fails_http_listener() {
        let clb = |name: &str, proto: &str| {
            regional(
                ResourceKind::ClassicLoadBalancer,
                &format!("arn:aws:elasticloadbalancing:{REGION}:{ACCOUNT}:loadbalancer/{name}"),
                Properties::ClassicLoadBalancer(ClassicLoadBalancerProps {
                    scheme: "internet-facing".into(),
                    listeners: vec![ClassicListener {
                        protocol: proto.into(),
                        load_balancer_port: 443,
                        instance_protocol: "HTTP".into(),
                        instance_port: 80,
                    }],
                    ..Default::default()
                }),
            )
        };
        let f = run_check(super::run, vec![clb("plain", "HTTP"), clb("tls", "HTTPS")]);
        assert_eq!(status_of(&f, "loadbalancer/plain"), Some(Status::Fail));
        assert_eq!(status_of(&f, "loadbalancer/tls"), Some(Status::Pass));
    }
}
