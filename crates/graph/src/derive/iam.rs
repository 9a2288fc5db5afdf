//! The IAM engine's view of the estate, as the trust and access derivations read it.
//!
//! [`IamState`] holds the `nephos_iam` access model of the graph's IAM-relevant resources and the
//! assume-role edges it gives, filed by role. It is rebuilt whole when an IAM-relevant resource
//! appears, changes or disappears ([`is_relevant`]): users, groups, roles, managed policies,
//! Organizations accounts, OUs and policies, accounts, KMS keys appearing or disappearing, and data
//! stores whose resource policy (or account) changes. Other changes (a VPC, an instance, a bucket without a
//! policy) leave the model as it is: a data store without a policy decides nothing in an
//! evaluation, and requests name the store's account explicitly.

use std::collections::HashMap;

use nephos_iam::trust::{AssumeEdge, Assumer};
use nephos_iam::{AccessModel, Evidence};
use nephos_model::{Properties, Resource, ResourceKind};

/// The IAM model of the graph's estate.
#[derive(Debug, Default)]
pub(crate) struct IamState {
    /// The access model (indexed).
    pub(crate) model: AccessModel,
    /// Role ARN → the edges of the assume graph that end at it, sorted.
    pub(crate) trust: HashMap<String, Vec<AssumeEdge>>,
    /// Role ARN → resources whose policies name it in an `Allow` (access candidates an identity
    /// policy scan cannot see), sorted.
    pub(crate) named_by_resource_policies: HashMap<String, Vec<String>>,
}

impl IamState {
    /// Builds the model of `resources` (any order; only IAM-relevant ones are read).
    pub(crate) fn build<'r>(resources: impl Iterator<Item = &'r Resource>) -> Self {
        let mut relevant: Vec<&Resource> = resources.filter(|r| reads_kind(r)).collect();
        // One order whatever the order of changes, so evidence is the same after any history.
        relevant.sort_by(|a, b| a.id.cmp(&b.id));
        let estate = nephos_iam::estate::estate_of(&relevant);
        let model = estate.model;
        let mut trust: HashMap<String, Vec<AssumeEdge>> = HashMap::new();
        for mut edge in model.assume_graph().edges {
            edge.evidence.sort();
            edge.evidence.dedup();
            trust.entry(edge.role.clone()).or_default().push(edge);
        }
        for edges in trust.values_mut() {
            edges.sort_by(|a, b| a.from.cmp(&b.from));
        }
        let mut named: HashMap<String, Vec<String>> = HashMap::new();
        for grant in model.resource_grants() {
            if let Assumer::Identity(arn) = grant.principal {
                named.entry(arn).or_default().push(grant.resource);
            }
        }
        for list in named.values_mut() {
            list.sort();
            list.dedup();
        }
        Self {
            model,
            trust,
            named_by_resource_policies: named,
        }
    }
}

/// Kinds the IAM model reads at all.
fn reads_kind(r: &Resource) -> bool {
    matches!(
        r.kind,
        ResourceKind::IamUser
            | ResourceKind::IamGroup
            | ResourceKind::IamRole
            | ResourceKind::IamPolicy
            | ResourceKind::OrganizationAccount
            | ResourceKind::OrganizationalUnit
            | ResourceKind::OrganizationPolicy
            | ResourceKind::Account
    ) || r.kind.is_data_store()
}

/// Does replacing `old` by `new` (either may be absent) change what the IAM model decides for
/// trust and data access?
pub(crate) fn is_relevant(old: Option<&Resource>, new: Option<&Resource>) -> bool {
    let one = |r: Option<&Resource>| {
        r.is_some_and(|r| {
            matches!(
                r.kind,
                ResourceKind::IamUser
                    | ResourceKind::IamGroup
                    | ResourceKind::IamRole
                    | ResourceKind::IamPolicy
                    | ResourceKind::OrganizationAccount
                    | ResourceKind::OrganizationalUnit
                    | ResourceKind::OrganizationPolicy
                    | ResourceKind::Account
                    | ResourceKind::KmsKey
            ) || resource_policy(r).is_some()
        })
    };
    if !one(old) && !one(new) {
        return false;
    }
    // A data store whose policy (and account) did not change decides nothing new (a KMS key's
    // entry, which must allow, is already in the model).
    match (old, new) {
        (Some(o), Some(n))
            if o.kind == n.kind && o.kind.is_data_store() && o.account == n.account =>
        {
            resource_policy(o) != resource_policy(n)
        }
        _ => true,
    }
}

/// A data store's resource policy, when set.
fn resource_policy(r: &Resource) -> Option<&str> {
    match &r.props {
        Properties::Bucket(p) => p.policy.as_ref().and_then(Option::as_deref),
        Properties::Queue(p) => p.policy.as_deref(),
        Properties::Topic(p) => p.policy.as_deref(),
        Properties::DynamoDbTable(p) => p.policy.as_deref(),
        Properties::KmsKey(p) => p.policy.as_deref(),
        _ => None,
    }
}

/// `policy-id Sid` (or `Statement[i]` without a `Sid`) for each deciding statement, sorted.
pub(crate) fn statements(evidence: &[Evidence]) -> String {
    let mut parts: Vec<String> = evidence
        .iter()
        .map(|e| {
            let st = match &e.sid {
                Some(sid) if !sid.is_empty() => format!("Sid `{sid}`"),
                _ => format!("Statement[{}]", e.statement),
            };
            format!("{} `{}` {st}", e.effect.as_str(), e.policy)
        })
        .collect();
    parts.sort();
    parts.dedup();
    parts.join("; ")
}
