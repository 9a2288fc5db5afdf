//! Every VPC has an active flow log.
//!
//! Why: flow logs record which addresses talked to which, on which ports; without them network
//! activity during an incident cannot be reconstructed.
//! Fix: `aws ec2 create-flow-logs --resource-type VPC --resource-ids VPC --traffic-type REJECT`
//! (or `ALL`) to CloudWatch Logs or S3.

use nephos_model::{Properties, ResourceKind};
use serde_json::json;

use crate::context::Context;
use crate::finding::Finding;
use crate::meta::{CheckMeta, Severity, cis};

/// Metadata.
pub const META: CheckMeta = CheckMeta {
    id: "vpc_flow_logs_enabled",
    title: "VPC flow logging is enabled in all VPCs",
    severity: Severity::Medium,
    kinds: &[ResourceKind::Vpc],
    rationale: "Flow logs record network conversations; without them, traffic during an incident cannot be reconstructed or anomalies detected.",
    remediation: "aws ec2 create-flow-logs --resource-type VPC --resource-ids VPC_ID --traffic-type REJECT --log-destination-type cloud-watch-logs …",
    references: &["https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs.html"],
    compliance: &[cis(&["3.7"])],
};

/// Runs the check over VPCs in regions where flow logs were collected.
pub fn run(ctx: &Context, out: &mut Vec<Finding>) {
    for vpc in ctx.of_kind(ResourceKind::Vpc) {
        if !matches!(vpc.props, Properties::Vpc(_)) {
            continue;
        }
        let Some(region) = vpc.region.as_deref() else {
            continue;
        };
        if !ctx.collected(&vpc.account, region, "ec2-describe-flow-logs") {
            continue;
        }
        let vpc_id = vpc.id.short();
        let logged = ctx.has_flow_log(&vpc.account, region, vpc_id);
        out.push(Finding::verdict(
            &META,
            vpc,
            logged,
            format!("{vpc_id} has an active flow log"),
            format!("{vpc_id} has no flow log"),
            json!({ "vpc_id": vpc_id, "flow_log": logged }),
        ));
    }
}

#[cfg(test)]
mod tests {
    use crate::finding::Status;
    use crate::testutil::*;
    use nephos_model::props::{FlowLogProps, VpcProps};
    use nephos_model::{Properties, ResourceKind};

    #[test]
    fn needs_an_active_flow_log_on_the_vpc() {
        let vpc = |id: &str| {
            ec2(
                ResourceKind::Vpc,
                "vpc",
                id,
                Properties::Vpc(VpcProps::default()),
            )
        };
        let fl = |id: &str, target: &str, status: &str| {
            ec2(
                ResourceKind::FlowLog,
                "vpc-flow-log",
                id,
                Properties::FlowLog(FlowLogProps {
                    resource_id: target.into(),
                    status: status.into(),
                    traffic_type: "ALL".into(),
                    ..Default::default()
                }),
            )
        };
        let f = run_check(
            super::run,
            vec![
                vpc("vpc-logged"),
                vpc("vpc-dark"),
                vpc("vpc-gone"),
                fl("fl-1", "vpc-logged", "ACTIVE"),
                fl("fl-2", "vpc-gone", "DELETED"),
            ],
        );
        assert_eq!(status_of(&f, "vpc/vpc-logged"), Some(Status::Pass));
        assert_eq!(status_of(&f, "vpc/vpc-dark"), Some(Status::Fail));
        assert_eq!(status_of(&f, "vpc/vpc-gone"), Some(Status::Fail));
    }
}
