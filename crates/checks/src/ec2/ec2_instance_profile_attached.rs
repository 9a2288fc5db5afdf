//! Instances use an instance profile (IAM role) for AWS access.
//!
//! Why: instances without a role tend to get long-lived access keys copied onto their disks; roles
//! give short-lived, rotated credentials instead.
//! Fix: attach an instance profile with a least-privilege role and remove stored keys.

use nephos_model::ResourceKind;
use serde_json::json;

use super::live_instances;
use crate::context::Context;
use crate::finding::Finding;
use crate::meta::{CheckMeta, Severity, cis};

/// Metadata.
pub const META: CheckMeta = CheckMeta {
    id: "ec2_instance_profile_attached",
    title: "EC2 instances use IAM instance roles for AWS resource access",
    severity: Severity::Low,
    kinds: &[ResourceKind::Instance],
    rationale: "Without an instance role, software on the instance is given long-lived access keys; roles provide short-lived, automatically rotated credentials.",
    remediation: "aws ec2 associate-iam-instance-profile --instance-id ID --iam-instance-profile Name=PROFILE, then delete access keys stored on the instance.",
    references: &[
        "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/iam-roles-for-amazon-ec2.html",
    ],
    compliance: &[cis(&["1.18"])],
};

/// Runs the check over instances that are not terminated.
pub fn run(ctx: &Context, out: &mut Vec<Finding>) {
    for (r, p) in live_instances(ctx) {
        out.push(Finding::verdict(
            &META,
            r,
            p.iam_instance_profile_arn.is_some(),
            format!("{} has an instance profile", p.instance_id),
            format!("{} has no instance profile", p.instance_id),
            json!({ "iam_instance_profile_arn": p.iam_instance_profile_arn }),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::instance;
    use crate::finding::Status;
    use crate::testutil::*;

    #[test]
    fn fails_without_profile() {
        let f = run_check(
            super::run,
            vec![
                instance("i-bare", |_| {}),
                instance("i-role", |p| {
                    p.iam_instance_profile_arn =
                        Some(format!("arn:aws:iam::{ACCOUNT}:instance-profile/app"))
                }),
            ],
        );
        assert_eq!(status_of(&f, "i-bare"), Some(Status::Fail));
        assert_eq!(status_of(&f, "i-role"), Some(Status::Pass));
    }
}
