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

use std::collections::HashMap;

use nephos_model::{Inventory, Properties, Resource, ResourceKind};

use crate::access::{AccessModel, Group, Identity, IdentityKind, ResourceEntry};
use crate::policy::{Policy, PolicyKind};

const ADMINISTRATOR_ACCESS: &str = "arn:aws:iam::aws:policy/AdministratorAccess";
const ADMINISTRATOR_ACCESS_DOC: &str =
    r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#;

/// The document of the AWS-managed SCP `FullAWSAccess`.
const FULL_AWS_ACCESS_SCP: &str =
    r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#;
/// The document of the AWS-managed RCP `RCPFullAWSAccess`.
const FULL_AWS_ACCESS_RCP: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}"#;

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

struct Builder<'i> {
    managed: HashMap<&'i str, Result<Policy, crate::PolicyError>>,
    groups: HashMap<(&'i str, &'i str), &'i Resource>,
    model: AccessModel,
    problems: Vec<EstateProblem>,
}

impl<'i> Builder<'i> {
    fn parse(&mut self, id: &str, kind: PolicyKind, text: &str) -> Option<Policy> {
        match Policy::parse(id, kind, text) {
            Ok(p) => Some(p),
            Err(e) => {
                self.model.errors.push(e);
                None
            }
        }
    }

    fn managed(&mut self, owner: &str, arn: &str, kind: PolicyKind) -> Option<Policy> {
        match self.managed.get(arn) {
            Some(Ok(p)) => {
                let mut p = p.clone();
                p.kind = kind;
                Some(p)
            }
            Some(Err(_)) => None,
            None if arn == ADMINISTRATOR_ACCESS => {
                Policy::parse(ADMINISTRATOR_ACCESS, kind, ADMINISTRATOR_ACCESS_DOC).ok()
            }
            None => {
                self.problems.push(EstateProblem::MissingPolicy {
                    identity: owner.to_owned(),
                    policy: arn.to_owned(),
                });
                None
            }
        }
    }

    fn inline(&mut self, owner: &str, inline: &[nephos_model::props::InlinePolicy]) -> Vec<Policy> {
        inline
            .iter()
            .filter_map(|p| {
                self.parse(
                    &format!("{owner}/inline/{}", p.name),
                    PolicyKind::Identity,
                    &p.document,
                )
            })
            .collect()
    }
}

/// Builds the access model of an inventory.
pub fn estate(inventory: &Inventory) -> Estate {
    let resources: Vec<&Resource> = inventory.resources().iter().collect();
    estate_of(&resources)
}

/// [`estate`] over a set of resources that is not an [`Inventory`] (a resource graph's nodes):
/// only the resources matter, relationships are not read. Resources of kinds the model does not
/// read may be left out.
pub fn estate_of(resources: &[&Resource]) -> Estate {
    let mut b = Builder {
        managed: HashMap::new(),
        groups: HashMap::new(),
        model: AccessModel::default(),
        problems: Vec::new(),
    };
    for &r in resources {
        match &r.props {
            Properties::IamPolicy(p) => {
                let parsed = match p.default_document() {
                    Some(doc) => Policy::parse(r.id.as_str(), PolicyKind::Identity, doc),
                    None => Err(crate::PolicyError::Invalid {
                        policy: r.id.as_str().to_owned(),
                        statement: None,
                        field: "DefaultVersionId".into(),
                        problem: "the default version was not collected".into(),
                    }),
                };
                if let Err(e) = &parsed {
                    b.model.errors.push(e.clone());
                }
                b.model
                    .policy_versions
                    .insert(r.id.as_str().to_owned(), p.versions.len());
                b.managed.insert(r.id.as_str(), parsed);
            }
            Properties::IamGroup(_) => {
                b.groups.insert((r.account.as_str(), r.name.as_str()), r);
            }
            _ => {}
        }
    }
    // Groups.
    let group_list: Vec<&Resource> = b.groups.values().copied().collect();
    let mut group_policies: HashMap<&str, (Vec<Policy>, Vec<String>)> = HashMap::new();
    for g in group_list {
        let Properties::IamGroup(props) = &g.props else {
            continue;
        };
        let arn = g.id.as_str();
        let mut policies = b.inline(arn, &props.inline_policies);
        for m in &props.attached_policy_arns {
            if let Some(p) = b.managed(arn, m, PolicyKind::Identity) {
                policies.push(p);
            }
        }
        b.model.groups.push(Group {
            arn: arn.to_owned(),
            account: g.account.clone(),
            policies: policies.clone(),
        });
        group_policies.insert(arn, (policies, props.attached_policy_arns.clone()));
    }
    // Instance profiles → roles.
    let profile_role: HashMap<&str, &str> = of_kind(resources, ResourceKind::InstanceProfile)
        .filter_map(|r| match &r.props {
            Properties::InstanceProfile(p) => p
                .role_arns
                .first()
                .map(|role| (r.id.as_str(), role.as_str())),
            _ => None,
        })
        .collect();

    for &r in resources {
        let arn = r.id.as_str();
        match &r.props {
            Properties::IamUser(u) => {
                let mut id = Identity::new(arn, &r.account, IdentityKind::User);
                id.tags = r.tags.clone();
                id.policies = b.inline(arn, &u.inline_policies);
                for m in &u.attached_policy_arns {
                    if let Some(p) = b.managed(arn, m, PolicyKind::Identity) {
                        id.policies.push(p);
                    }
                }
                id.attached_policy_arns = u.attached_policy_arns.clone();
                for g in &u.groups {
                    match b.groups.get(&(r.account.as_str(), g.as_str())) {
                        Some(group) => {
                            let garn = group.id.as_str();
                            id.groups.push(garn.to_owned());
                            if let Some((policies, attached)) = group_policies.get(garn) {
                                id.policies.extend(policies.iter().cloned());
                                id.attached_policy_arns.extend(attached.iter().cloned());
                            }
                        }
                        None => b.problems.push(EstateProblem::MissingGroup {
                            user: arn.to_owned(),
                            group: g.clone(),
                        }),
                    }
                }
                if let Some(pb) = &u.permissions_boundary_arn {
                    id.boundary = b.managed(arn, pb, PolicyKind::Boundary);
                }
                b.model.identities.push(id);
            }
            Properties::IamRole(role) => {
                let mut id = Identity::new(arn, &r.account, IdentityKind::Role);
                id.tags = r.tags.clone();
                id.policies = b.inline(arn, &role.inline_policies);
                for m in &role.attached_policy_arns {
                    if let Some(p) = b.managed(arn, m, PolicyKind::Identity) {
                        id.policies.push(p);
                    }
                }
                id.attached_policy_arns = role.attached_policy_arns.clone();
                if let Some(pb) = &role.permissions_boundary_arn {
                    id.boundary = b.managed(arn, pb, PolicyKind::Boundary);
                }
                if !role.trust_policy.is_empty() {
                    id.trust = b.parse(
                        &format!("{arn}/trust"),
                        PolicyKind::Trust,
                        &role.trust_policy,
                    );
                }
                b.model.identities.push(id);
            }
            Properties::Bucket(p) => {
                let doc = p.policy.as_ref().and_then(Option::as_deref);
                resource(&mut b, r, doc, false, None);
            }
            Properties::Queue(p) => resource(&mut b, r, p.policy.as_deref(), false, None),
            Properties::Topic(p) => resource(&mut b, r, p.policy.as_deref(), false, None),
            Properties::DynamoDbTable(p) => resource(&mut b, r, p.policy.as_deref(), false, None),
            Properties::KmsKey(p) => resource(&mut b, r, p.policy.as_deref(), true, None),
            Properties::LambdaFunction(p) => {
                let role = (!p.role_arn.is_empty()).then(|| p.role_arn.clone());
                resource(&mut b, r, p.policy.as_deref(), false, role);
            }
            Properties::Instance(p) => {
                let role = p
                    .iam_instance_profile_arn
                    .as_deref()
                    .and_then(|ip| profile_role.get(ip))
                    .map(|s| (*s).to_owned());
                if role.is_some() {
                    resource(&mut b, r, None, false, role);
                }
            }
            _ => {}
        }
    }
    organizations(&mut b, resources);
    b.model.index();
    Estate {
        model: b.model,
        problems: b.problems,
    }
}

fn resource(
    b: &mut Builder<'_>,
    r: &Resource,
    doc: Option<&str>,
    required: bool,
    runs_as: Option<String>,
) {
    let policy = doc.and_then(|d| b.parse(r.id.as_str(), PolicyKind::Resource, d));
    b.model.resources.push(ResourceEntry {
        arn: r.id.as_str().to_owned(),
        account: r.account.clone(),
        policy,
        policy_required: required,
        runs_as,
    });
}

/// SCP and RCP levels for every member account.
fn of_kind<'r>(
    resources: &'r [&'r Resource],
    kind: ResourceKind,
) -> impl Iterator<Item = &'r Resource> + 'r {
    resources.iter().copied().filter(move |r| r.kind == kind)
}

fn organizations(b: &mut Builder<'_>, resources: &[&Resource]) {
    let mut parent: HashMap<String, String> = HashMap::new();
    let mut accounts: Vec<String> = Vec::new();
    for &r in resources {
        match &r.props {
            Properties::OrganizationAccount(a) => {
                if let Some(p) = &a.parent_id {
                    parent.insert(a.account_id.clone(), p.clone());
                }
                accounts.push(a.account_id.clone());
            }
            Properties::OrganizationalUnit(ou) => {
                if let Some(p) = &ou.parent_id {
                    parent.insert(ou.ou_id.clone(), p.clone());
                }
            }
            _ => {}
        }
    }
    if accounts.is_empty() {
        return;
    }
    let management: Vec<String> = of_kind(resources, ResourceKind::Account)
        .filter_map(|r| match &r.props {
            Properties::Account(a) => a.management_account_id.clone(),
            _ => None,
        })
        .collect();
    let mut scps_by_target: HashMap<String, Vec<Policy>> = HashMap::new();
    let mut rcps_by_target: HashMap<String, Vec<Policy>> = HashMap::new();
    let policies: Vec<(&Resource, &nephos_model::props::OrganizationPolicyProps)> =
        of_kind(resources, ResourceKind::OrganizationPolicy)
            .filter_map(|r| match &r.props {
                Properties::OrganizationPolicy(p) => Some((r, p)),
                _ => None,
            })
            .collect();
    for (r, p) in policies {
        let (kind, map) = match p.policy_type.as_str() {
            "SERVICE_CONTROL_POLICY" => (PolicyKind::Scp, &mut scps_by_target),
            "RESOURCE_CONTROL_POLICY" => (PolicyKind::Rcp, &mut rcps_by_target),
            _ => continue,
        };
        let content = if !p.content.trim().is_empty() {
            p.content.as_str()
        } else if p.aws_managed || r.id.as_str().contains(":aws:policy/") {
            // The AWS-managed FullAWSAccess and RCPFullAWSAccess have fixed documents.
            if kind == PolicyKind::Scp {
                FULL_AWS_ACCESS_SCP
            } else {
                FULL_AWS_ACCESS_RCP
            }
        } else {
            b.problems
                .push(EstateProblem::UncollectedOrganizationPolicy(
                    r.id.as_str().to_owned(),
                ));
            continue;
        };
        let parsed = match Policy::parse(r.id.as_str(), kind, content) {
            Ok(x) => x,
            Err(e) => {
                b.model.errors.push(e);
                continue;
            }
        };
        for t in &p.target_ids {
            map.entry(t.clone()).or_default().push(parsed.clone());
        }
    }
    for account in accounts {
        if management.contains(&account) {
            continue;
        }
        // Path from the account up to the root, then reversed: root first.
        let mut path = vec![account.clone()];
        let mut cur = account.clone();
        while let Some(p) = parent.get(&cur) {
            if path.contains(p) || path.len() > 16 {
                break;
            }
            path.push(p.clone());
            cur = p.clone();
        }
        path.reverse();
        let levels = |map: &HashMap<String, Vec<Policy>>| -> Vec<Vec<Policy>> {
            path.iter()
                .map(|node| map.get(node).cloned().unwrap_or_default())
                .collect()
        };
        // An organization without collected SCPs is left unrestricted rather than denied.
        if !scps_by_target.is_empty() {
            b.model
                .scps
                .insert(account.clone(), levels(&scps_by_target));
        }
        if !rcps_by_target.is_empty() {
            b.model
                .rcps
                .insert(account.clone(), levels(&rcps_by_target));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use nephos_model::ResourceId;
    use nephos_model::props::{
        IamPolicyProps, IamRoleProps, IamUserProps, InlinePolicy, KmsKeyProps,
        OrganizationAccountProps, OrganizationPolicyProps, PolicyVersion,
    };

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
            Properties::IamPolicy(IamPolicyProps {
                default_version_id: "v1".into(),
                versions: vec![PolicyVersion {
                    version_id: "v1".into(),
                    is_default: true,
                    document: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:Get*","Resource":"*"}]}"#.into(),
                }],
                ..IamPolicyProps::default()
            }),
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
                attached_policy_arns: vec![ADMINISTRATOR_ACCESS.into()],
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
