//! Trust edges: principal → role it may assume, from the IAM engine's assume-role graph
//! (`nephos_iam::AccessModel::assume_graph`).
//!
//! The engine reads each role's trust policy and decides every principal of the estate it names
//! (a user or role, every identity of a named account, everyone for `*`) as a full `sts:AssumeRole`
//! request: trust policy, the caller's identity policies, permissions boundary and SCPs. Principals
//! outside the estate become placeholder nodes named as the trust policy names them:
//! - another account (or an account of the estate without collected identities):
//!   `arn:aws:iam::<account>:root`;
//! - a user or role ARN that is not collected: that ARN;
//! - a service principal: its name (`lambda.amazonaws.com`);
//! - an identity provider (`Federated`): its ARN;
//! - anyone (`"*"`): the node `*`.
//!
//! Evidence names the deciding statements (`policy id` and `Sid`, or `Statement[i]`): the trust
//! statement and, for principals of the estate, the identity statement on the caller's side. An
//! edge that holds only under conditions the analysis cannot know (`sts:ExternalId`, MFA, source
//! IP) says `conditional`; one crossing accounts says `cross-account`.

use nephos_iam::principal::PrincipalEntry;
use nephos_iam::trust::{AssumeEdge, Assumer};
use nephos_iam::{Effect, Evidence, Policy};
use nephos_model::ResourceId;

use super::iam::{IamState, statements};
use super::{DeriveOutput, DerivedEdge, End};
use crate::edge::{DeriveRule, EdgeKind};
use crate::graph::NodeIx;

/// The id trust edges use for "anyone" (`Principal: "*"`).
pub const ANYONE: &str = "*";

pub(crate) fn derive(role: NodeIx, role_arn: &ResourceId, iam: &IamState, out: &mut DeriveOutput) {
    let Some(edges) = iam.trust.get(role_arn.as_str()) else {
        return;
    };
    let trust = iam
        .model()
        .identity(role_arn.as_str())
        .and_then(|id| id.trust.as_ref());
    for edge in edges {
        let from = match &edge.from {
            Assumer::Everyone => ANYONE.to_owned(),
            other => other.name().to_owned(),
        };
        out.edges.push(DerivedEdge {
            from: End::Id(ResourceId::new(from)),
            to: End::Node(role),
            kind: EdgeKind::MayAssume,
            evidence: evidence(edge, trust),
            rule: DeriveRule::Trust,
        });
    }
}

fn evidence(edge: &AssumeEdge, trust: Option<&Policy>) -> String {
    let mut evidence: Vec<Evidence> = edge.evidence.clone();
    if evidence.is_empty()
        && let Some(trust) = trust
    {
        // The engine decided from the trust policy alone (a principal outside the estate, or a
        // condition it cannot know): name the trust statements that admit this principal.
        for st in &trust.statements {
            if st.effect != Effect::Allow || (edge.conditional && st.conditions.is_empty()) {
                continue;
            }
            let Some(p) = &st.principals else { continue };
            let named = if p.negated {
                true
            } else {
                p.items.iter().any(|e| names(e, &edge.from))
            };
            if named {
                evidence.push(Evidence {
                    policy: trust.id.clone(),
                    sid: st.sid.clone(),
                    statement: st.index,
                    effect: st.effect,
                });
            }
        }
    }
    let mut notes = Vec::new();
    if edge.cross_account {
        notes.push("cross-account");
    }
    if edge.conditional {
        notes.push("conditional: the trust statement's conditions are not known to hold");
    }
    let notes = if notes.is_empty() {
        String::new()
    } else {
        format!(" ({})", notes.join(", "))
    };
    format!(
        "iam:GetRole Role.AssumeRolePolicyDocument, decided by the IAM engine: {}{notes}",
        statements(&evidence)
    )
}

/// Does a trust policy principal entry name this assumer?
fn names(entry: &PrincipalEntry, who: &Assumer) -> bool {
    match (entry, who) {
        (PrincipalEntry::Everyone, _) => true,
        (PrincipalEntry::Account(a), Assumer::ExternalAccount(root) | Assumer::Identity(root)) => {
            root.split(':').nth(4) == Some(a.as_str()) || root == a
        }
        (PrincipalEntry::Arn(a), Assumer::ExternalPrincipal(p) | Assumer::Identity(p)) => a == p,
        (PrincipalEntry::Service(a), Assumer::Service(s)) => a.eq_ignore_ascii_case(s),
        (PrincipalEntry::Federated(a), Assumer::Federated(f)) => a == f,
        _ => false,
    }
}
