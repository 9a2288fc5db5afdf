//! Subnets do not assign public IPv4 addresses on launch.
//!
//! Why: with `MapPublicIpOnLaunch`, every instance launched in the subnet gets a public address
//! whether or not it should be reachable from the internet.
//! Fix: `aws ec2 modify-subnet-attribute --subnet-id ID --no-map-public-ip-on-launch`; give public
//! addresses explicitly where they are needed.

use nephos_model::{Properties, ResourceKind};
use serde_json::json;

use crate::context::Context;
use crate::finding::Finding;
use crate::meta::{CheckMeta, Severity};

/// Metadata.
pub const META: CheckMeta = CheckMeta {
    id: "vpc_subnet_no_auto_public_ip",
    title: "VPC subnets do not auto-assign public IPv4 addresses",
    severity: Severity::Low,
    kinds: &[ResourceKind::Subnet],
    rationale: "Auto-assigned public addresses make every instance launched in the subnet internet-addressable, intended or not.",
    remediation: "aws ec2 modify-subnet-attribute --subnet-id ID --no-map-public-ip-on-launch",
    references: &["https://docs.aws.amazon.com/vpc/latest/userguide/subnet-public-ip.html"],
    compliance: &[],
};

/// Runs the check over every subnet.
pub fn run(ctx: &Context, out: &mut Vec<Finding>) {
    for subnet in ctx.of_kind(ResourceKind::Subnet) {
        let Properties::Subnet(p) = &subnet.props else {
            continue;
        };
        out.push(Finding::verdict(
            &META,
            subnet,
            !p.map_public_ip_on_launch,
            format!("{} does not assign public addresses", subnet.id.short()),
            format!(
                "{} assigns a public address to every instance",
                subnet.id.short()
            ),
            json!({ "map_public_ip_on_launch": p.map_public_ip_on_launch, "vpc_id": p.vpc_id }),
        ));
    }
}

#[cfg(test)]
mod tests {
    use crate::finding::Status;
    use crate::testutil::*;
    use nephos_model::props::SubnetProps;
    use nephos_model::{Properties, ResourceKind};

    #[test]
    fn fails_map_public_ip() {
        let s = |id: &str, map| {
            ec2(
                ResourceKind::Subnet,
                "subnet",
                id,
                Properties::Subnet(SubnetProps {
                    map_public_ip_on_launch: map,
                    ..Default::default()
                }),
            )
        };
        let f = run_check(
            super::run,
            vec![s("subnet-pub", true), s("subnet-priv", false)],
        );
        assert_eq!(status_of(&f, "subnet-pub"), Some(Status::Fail));
        assert_eq!(status_of(&f, "subnet-priv"), Some(Status::Pass));
    }
}
