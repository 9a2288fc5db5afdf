//! Internet-facing Application Load Balancers do not serve plain HTTP.
//!
//! Why: an HTTP listener that forwards (rather than redirects to HTTPS) sends sessions, cookies
//! and credentials across the internet in clear text.
//! Fix: make the HTTP listener's default action a redirect to HTTPS (`HTTP_301`), and serve the
//! application on an HTTPS listener.

use std::collections::HashMap;

use nephos_model::{Properties, ResourceKind};
use serde_json::json;

use crate::context::Context;
use crate::finding::Finding;
use crate::meta::{CheckMeta, Severity};

/// Metadata.
pub const META: CheckMeta = CheckMeta {
    id: "elb_listener_https_enforced",
    title: "HTTP listeners of internet-facing load balancers redirect to HTTPS",
    severity: Severity::Medium,
    kinds: &[ResourceKind::Listener],
    rationale: "An HTTP listener that forwards traffic sends cookies, tokens and credentials across the internet in clear text.",
    remediation: "aws elbv2 modify-listener --listener-arn ARN --default-actions Type=redirect,RedirectConfig='{Protocol=HTTPS,Port=443,StatusCode=HTTP_301}'",
    references: &[
        "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-listeners.html#redirect-actions",
    ],
    compliance: &[],
};

/// Runs the check over HTTP listeners of internet-facing load balancers.
pub fn run(ctx: &Context, out: &mut Vec<Finding>) {
    let internet_facing: HashMap<&str, bool> = ctx
        .of_kind(ResourceKind::LoadBalancer)
        .iter()
        .filter_map(|lb| match &lb.props {
            Properties::LoadBalancer(p) => Some((lb.id.as_str(), p.internet_facing())),
            _ => None,
        })
        .collect();
    for l in ctx.of_kind(ResourceKind::Listener) {
        let Properties::Listener(p) = &l.props else {
            continue;
        };
        if !p.protocol.eq_ignore_ascii_case("HTTP")
            || internet_facing.get(p.load_balancer_arn.as_str()) != Some(&true)
        {
            continue;
        }
        let redirects = !p.default_actions.is_empty()
            && p.default_actions
                .iter()
                .all(|a| a.action_type == "redirect" || a.action_type == "fixed-response");
        out.push(Finding::verdict(
            &META,
            l,
            redirects,
            format!("HTTP listener on port {:?} does not serve content in clear text", p.port),
            format!("HTTP listener on port {:?} serves content in clear text", p.port),
            json!({ "load_balancer": p.load_balancer_arn, "port": p.port, "default_actions": p.default_actions }),
        ));
    }
}

#[cfg(test)]
mod tests {
    use crate::finding::Status;
    use crate::testutil::*;
    use nephos_model::props::{ListenerAction, ListenerProps, LoadBalancerProps};
    use nephos_model::{Properties, ResourceKind};

    fn lb(name: &str, scheme: &str) -> nephos_model::Resource {
        regional(
            ResourceKind::LoadBalancer,
            &format!("arn:aws:elasticloadbalancing:{REGION}:{ACCOUNT}:loadbalancer/app/{name}/1"),
            Properties::LoadBalancer(LoadBalancerProps {
                lb_type: "application".into(),
                scheme: scheme.into(),
                ..Default::default()
            }),
        )
    }

    fn listener(lb_name: &str, id: &str, action: &str) -> nephos_model::Resource {
        regional(
            ResourceKind::Listener,
            &format!(
                "arn:aws:elasticloadbalancing:{REGION}:{ACCOUNT}:listener/app/{lb_name}/1/{id}"
            ),
            Properties::Listener(ListenerProps {
                load_balancer_arn: format!(
                    "arn:aws:elasticloadbalancing:{REGION}:{ACCOUNT}:loadbalancer/app/{lb_name}/1"
                ),
                port: Some(80),
                protocol: "HTTP".into(),
                default_actions: vec![ListenerAction {
                    action_type: action.into(),
                    target_group_arns: vec![],
                }],
                ssl_policy: None,
            }),
        )
    }

    #[test]
    fn fails_forwarding_http_on_public_lb() {
        let f = run_check(
            super::run,
            vec![
                lb("web", "internet-facing"),
                lb("inner", "internal"),
                listener("web", "l-fwd", "forward"),
                listener("web", "l-redir", "redirect"),
                listener("inner", "l-int", "forward"),
            ],
        );
        assert_eq!(status_of(&f, "/l-fwd"), Some(Status::Fail));
        assert_eq!(status_of(&f, "/l-redir"), Some(Status::Pass));
        assert_eq!(status_of(&f, "/l-int"), None);
    }
}
