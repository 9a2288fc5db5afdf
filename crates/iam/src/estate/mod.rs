//! Building an [`AccessModel`] from a nephos [`Inventory`]: the only module that knows the
//! resource model.
//!
//! - Users: inline policies, attached managed policies, their groups' inline and attached
//!   policies, permissions boundary, tags.
//! - Roles: inline and attached policies, boundary, trust policy, tags.
//! - Resource policies: S3 bucket policies, SQS queue and SNS topic policies, KMS key policies
//!   (which must always allow), Lambda function policies, DynamoDB table policies.
//! - Compute that runs as a role: Lambda functions (execution role) and EC2 instances (the role of
//!   their instance profile).
//! - SCPs and RCPs: for each member account, one level per node of the path root → OUs → account,
//!   each holding the policies attached to that node. The management account gets none.
//!
//! A managed policy the inventory lacks is a problem, except `AdministratorAccess`, whose
//! document (`Allow * on *`) is fixed and is used as is; likewise the AWS-managed SCP
//! `FullAWSAccess` and RCP `RCPFullAWSAccess` when their content was not collected. Policies that fail to parse are kept as
//! errors in the model and take no part in decisions.
//!
//! [`LiveEstate`] keeps the model of an estate up to date one resource change at a time, rebuilding
//! only the identities, groups, resource entries or organization levels the change reaches.

mod live;

pub use live::{EstateDelta, LiveEstate, reads};

use nephos_model::{Inventory, Resource};

use crate::access::AccessModel;

/// Something the estate could not fully describe.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EstateProblem {
    /// A policy attached to an identity is not in the inventory.
    #[error("`{identity}`: attached policy `{policy}` is not in the inventory")]
    MissingPolicy {
        /// The user, group or role.
        identity: String,
        /// The policy ARN.
        policy: String,
    },
    /// An Organizations policy's content was not collected.
    #[error("organizations policy `{0}`: its content was not collected; it is left out")]
    UncollectedOrganizationPolicy(String),
    /// A user's group is not in the inventory.
    #[error("`{user}`: group `{group}` is not in the inventory")]
    MissingGroup {
        /// The user ARN.
        user: String,
        /// The group name.
        group: String,
    },
}

/// The model of an inventory, with the problems met while building it.
#[derive(Debug)]
pub struct Estate {
    /// The access model (indexed).
    pub model: AccessModel,
    /// What could not be resolved.
    pub problems: Vec<EstateProblem>,
}

/// Builds the access model of an inventory.
pub fn estate(inventory: &Inventory) -> Estate {
    let resources: Vec<&Resource> = inventory.resources().iter().collect();
    estate_of(&resources)
}

/// [`estate`] over a set of resources that is not an [`Inventory`] (a resource graph's nodes):
/// only the resources matter, relationships are not read. Resources of kinds the model does not
/// read may be left out. The same construction as [`LiveEstate::build`], which keeps the model up
/// to date afterwards.
pub fn estate_of(resources: &[&Resource]) -> Estate {
    LiveEstate::build(resources).into_estate()
}

#[cfg(test)]
mod tests {
    use super::*;
    use nephos_model::props::{
        IamPolicyProps, IamRoleProps, IamUserProps, InlinePolicy, KmsKeyProps,
        OrganizationAccountProps, OrganizationPolicyProps,
    };
    use nephos_model::{Properties, ResourceId, ResourceKind};

    use crate::eval::Decision;
    use crate::request::Context;

    fn res(id: &str, kind: ResourceKind, account: &str, name: &str, props: Properties) -> Resource {
        let mut r = Resource::new(ResourceId::new(id), kind, account, None, name);
        r.props = props;
        r
    }

    #[test]
    fn builds_identities_resources_and_scps() {
        let a = "111111111111";
        let mut inv = Inventory::new("test");
        inv.insert(res(
            "arn:aws:iam::111111111111:policy/s3read",
            ResourceKind::IamPolicy,
            a,
            "s3read",
            Properties::IamPolicy(IamPolicyProps::with_default_document(r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:Get*","Resource":"*"}]}"#)),
        ));
        inv.insert(res(
            "arn:aws:iam::111111111111:user/alice",
            ResourceKind::IamUser,
            a,
            "alice",
            Properties::IamUser(Box::new(IamUserProps {
                attached_policy_arns: vec!["arn:aws:iam::111111111111:policy/s3read".into(), "arn:aws:iam::aws:policy/Gone".into()],
                inline_policies: vec![InlinePolicy {
                    name: "kms".into(),
                    document: r#"{"Statement":[{"Effect":"Allow","Action":"kms:Decrypt","Resource":"*"}]}"#.into(),
                }],
                ..IamUserProps::default()
            })),
        ));
        inv.insert(res(
            "arn:aws:iam::111111111111:role/admin",
            ResourceKind::IamRole,
            a,
            "admin",
            Properties::IamRole(Box::new(IamRoleProps {
                trust_policy: r#"{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:user/alice"},"Action":"sts:AssumeRole"}]}"#.into(),
                attached_policy_arns: vec!["arn:aws:iam::aws:policy/AdministratorAccess".into()],
                ..IamRoleProps::default()
            })),
        ));
        inv.insert(res(
            "arn:aws:kms:us-east-1:111111111111:key/k",
            ResourceKind::KmsKey,
            a,
            "k",
            Properties::KmsKey(KmsKeyProps {
                policy: Some(r#"{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"kms:*","Resource":"*"}]}"#.into()),
                ..KmsKeyProps::default()
            }),
        ));
        inv.insert(res(
            "arn:aws:organizations::999999999999:account/o-1/111111111111",
            ResourceKind::OrganizationAccount,
            a,
            "acct",
            Properties::OrganizationAccount(OrganizationAccountProps {
                account_id: a.into(),
                parent_id: Some("r-root".into()),
                ..OrganizationAccountProps::default()
            }),
        ));
        for (id, target, doc) in [
            (
                "p-full",
                "r-root",
                r#"{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#,
            ),
            (
                "p-nokms",
                a,
                r#"{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},{"Sid":"NoKeys","Effect":"Deny","Action":"kms:ScheduleKeyDeletion","Resource":"*"}]}"#,
            ),
        ] {
            inv.insert(res(
                &format!(
                    "arn:aws:organizations::999999999999:policy/o-1/service_control_policy/{id}"
                ),
                ResourceKind::OrganizationPolicy,
                "999999999999",
                id,
                Properties::OrganizationPolicy(OrganizationPolicyProps {
                    policy_id: id.into(),
                    policy_type: "SERVICE_CONTROL_POLICY".into(),
                    content: doc.into(),
                    target_ids: vec![target.into()],
                    ..OrganizationPolicyProps::default()
                }),
            ));
        }

        let e = estate(&inv);
        assert_eq!(e.problems.len(), 1, "{:?}", e.problems);
        assert!(
            matches!(&e.problems[0], EstateProblem::MissingPolicy { policy, .. } if policy.ends_with("/Gone"))
        );
        let m = &e.model;
        assert_eq!(m.scps.get(a).map(Vec::len), Some(2));
        let alice = "arn:aws:iam::111111111111:user/alice";
        let key = "arn:aws:kms:us-east-1:111111111111:key/k";
        let ok = |p: &str, action: &str, r: &str| {
            m.evaluate(p, action, r, Context::new()).unwrap().decision
        };
        assert_eq!(
            ok(alice, "s3:GetObject", "arn:aws:s3:::b/k"),
            Decision::Allowed
        );
        assert_eq!(ok(alice, "kms:Decrypt", key), Decision::Allowed);
        assert_eq!(
            ok(
                alice,
                "sts:AssumeRole",
                "arn:aws:iam::111111111111:role/admin"
            ),
            Decision::Allowed
        );
        let admin = "arn:aws:sts::111111111111:assumed-role/admin/s";
        assert_eq!(ok(admin, "ec2:RunInstances", "*"), Decision::Allowed);
        assert_eq!(
            ok(admin, "kms:ScheduleKeyDeletion", key),
            Decision::ExplicitDeny
        );
        let chains = m.assume_graph().chains_from(alice);
        assert_eq!(chains.len(), 1);
        let esc = m.escalation();
        assert!(esc.paths.iter().any(|p| p.principal == alice));
    }
}
