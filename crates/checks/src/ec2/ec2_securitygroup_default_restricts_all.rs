//! The default security group of every VPC has no rules.
//!
//! Why: resources launched without an explicit group land in the default one; if it allows
//! traffic, they are exposed without anyone choosing to expose them.
//! Fix: remove every inbound and outbound rule from the default group and use purpose-made groups.

use nephos_model::{Properties, ResourceKind};
use serde_json::json;

use crate::context::Context;
use crate::finding::Finding;
use crate::meta::{CheckMeta, Severity, cis};

/// Metadata.
pub const META: CheckMeta = CheckMeta {
    id: "ec2_securitygroup_default_restricts_all",
    title: "The default security group of every VPC restricts all traffic",
    severity: Severity::Medium,
    kinds: &[ResourceKind::SecurityGroup],
    rationale: "Resources launched without an explicit group get the default one; rules on it expose them without anyone deciding to.",
    remediation: "Delete every inbound and outbound rule of the default security group; assign purpose-made groups instead.",
    references: &["https://docs.aws.amazon.com/vpc/latest/userguide/default-security-group.html"],
    compliance: &[cis(&["5.4"])],
};

/// Runs the check over default security groups.
pub fn run(ctx: &Context, out: &mut Vec<Finding>) {
    for group in ctx.of_kind(ResourceKind::SecurityGroup) {
        let Properties::SecurityGroup(sg) = &group.props else {
            continue;
        };
        if sg.group_name != "default" {
            continue;
        }
        out.push(Finding::verdict(
            &META,
            group,
            sg.ingress.is_empty() && sg.egress.is_empty(),
            format!("the default group {} has no rules", sg.group_id),
            format!(
                "the default group {} has {} inbound and {} outbound rule(s)",
                sg.group_id,
                sg.ingress.len(),
                sg.egress.len()
            ),
            json!({ "vpc_id": sg.vpc_id, "ingress_rules": sg.ingress.len(), "egress_rules": sg.egress.len() }),
        ));
    }
}

#[cfg(test)]
mod tests {
    use crate::finding::Status;
    use crate::testutil::*;
    use nephos_model::props::{IpProtocol, SecurityGroupPeer, SecurityGroupRule};

    #[test]
    fn fails_default_group_with_rules() {
        let self_ref = SecurityGroupRule {
            protocol: IpProtocol::All,
            from_port: None,
            to_port: None,
            peer: SecurityGroupPeer::SecurityGroup {
                group_id: "sg-d1".into(),
                user_id: None,
                vpc_id: None,
            },
            description: None,
        };
        let f = run_check(
            super::run,
            vec![
                security_group(
                    "sg-d1",
                    "default",
                    vec![self_ref],
                    vec![rule(IpProtocol::All, -1, -1, "0.0.0.0/0")],
                ),
                security_group("sg-d2", "default", vec![], vec![]),
                security_group(
                    "sg-app",
                    "app",
                    vec![rule(IpProtocol::Tcp, 443, 443, "0.0.0.0/0")],
                    vec![],
                ),
            ],
        );
        assert_eq!(status_of(&f, "sg-d1"), Some(Status::Fail));
        assert_eq!(status_of(&f, "sg-d2"), Some(Status::Pass));
        assert_eq!(status_of(&f, "sg-app"), None);
    }
}
