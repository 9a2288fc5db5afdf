//! Instance roles do not have full administrator rights.
//!
//! Why: anyone who gets code running on the instance (or an SSRF to IMDSv1) gets its role; an admin
//! role turns one compromised instance into a compromised account.
//! Fix: replace the role's `*:*` policies with the permissions the workload needs.

use nephos_model::{Properties, ResourceKind};
use serde_json::json;

use super::live_instances;
use crate::context::Context;
use crate::finding::Finding;
use crate::iam::admin_grants;
use crate::meta::{CheckMeta, Severity};

/// Metadata.
pub const META: CheckMeta = CheckMeta {
    id: "ec2_instance_role_not_admin",
    title: "EC2 instance roles do not grant full administrator (\"*:*\") access",
    severity: Severity::Critical,
    kinds: &[ResourceKind::Instance],
    rationale: "Code running on the instance can use its role; an administrator role turns one compromised instance into a compromised account.",
    remediation: "Detach AdministratorAccess and `*:*` policies from the instance role; grant only what the workload needs.",
    references: &[
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_switch-role-ec2.html",
    ],
    compliance: &[],
};

/// Runs the check over instances whose instance profile and role were collected.
pub fn run(ctx: &Context, out: &mut Vec<Finding>) {
    for (r, p) in live_instances(ctx) {
        let Some(profile) = &p.iam_instance_profile_arn else {
            continue;
        };
        let Some(role) = ctx.role_of_instance_profile(profile) else {
            continue;
        };
        let Properties::IamRole(rp) = &role.props else {
            continue;
        };
        let grants = admin_grants(ctx, &rp.inline_policies, &rp.attached_policy_arns);
        out.push(Finding::verdict(
            &META,
            r,
            grants.is_empty(),
            format!("the role of {} is not an administrator", p.instance_id),
            format!(
                "{} runs with administrator role {}",
                p.instance_id, role.name
            ),
            json!({ "instance_profile": profile, "role": role.id, "admin_grants": grants }),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::instance;
    use crate::finding::Status;
    use crate::iam::ADMINISTRATOR_ACCESS;
    use crate::testutil::*;
    use nephos_model::props::{IamRoleProps, InstanceProfileProps};
    use nephos_model::{Properties, ResourceKind};

    fn profile(name: &str) -> nephos_model::Resource {
        global(
            ResourceKind::InstanceProfile,
            &format!("arn:aws:iam::{ACCOUNT}:instance-profile/{name}"),
            name,
            Properties::InstanceProfile(InstanceProfileProps {
                role_arns: vec![format!("arn:aws:iam::{ACCOUNT}:role/{name}")],
                ..Default::default()
            }),
        )
    }

    #[test]
    fn fails_instance_with_admin_role() {
        let f = run_check(
            super::run,
            vec![
                profile("admin"),
                role(
                    "admin",
                    IamRoleProps {
                        attached_policy_arns: vec![ADMINISTRATOR_ACCESS.into()],
                        ..Default::default()
                    },
                ),
                profile("app"),
                role(
                    "app",
                    IamRoleProps {
                        attached_policy_arns: vec![
                            "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess".into(),
                        ],
                        ..Default::default()
                    },
                ),
                instance("i-admin", |p| {
                    p.iam_instance_profile_arn =
                        Some(format!("arn:aws:iam::{ACCOUNT}:instance-profile/admin"))
                }),
                instance("i-app", |p| {
                    p.iam_instance_profile_arn =
                        Some(format!("arn:aws:iam::{ACCOUNT}:instance-profile/app"))
                }),
            ],
        );
        assert_eq!(status_of(&f, "i-admin"), Some(Status::Fail));
        assert_eq!(status_of(&f, "i-app"), Some(Status::Pass));
    }
}
