//! Trust edges: principal → role, from the role's trust policy (a simple reading, replaceable by
//! the IAM engine).
//!
//! Reads `Allow` statements whose `Action` covers `sts:AssumeRole`, `sts:AssumeRoleWithWebIdentity`
//! or `sts:AssumeRoleWithSAML`, and turns each `Principal` value into an edge to the role:
//! - `AWS` ARNs (accounts' `:root`, roles, users) as they are; a bare 12-digit account id becomes
//!   the account id `arn:aws:iam::<account>:root`; `"*"` (and `{"AWS": "*"}`) becomes the node `*`
//!   (anyone);
//! - `Federated` identity-provider ARNs as they are;
//! - `Service` principals make no edge (a service is not a resource; the role's compute edges say
//!   which resources run with it).
//!
//! Conditions are not evaluated: evidence says when a statement had some. `NotPrincipal` is skipped.

use nephos_model::ResourceId;
use nephos_model::props::IamRoleProps;

use super::policy::{self, Principal};
use super::{DeriveOutput, DerivedEdge, End};
use crate::edge::{DeriveRule, EdgeKind};
use crate::graph::NodeIx;

/// The id trust edges use for "anyone" (`Principal: "*"`).
pub const ANYONE: &str = "*";

const ASSUME_ACTIONS: [&str; 3] = [
    "sts:AssumeRole",
    "sts:AssumeRoleWithWebIdentity",
    "sts:AssumeRoleWithSAML",
];

pub(crate) fn derive(role: NodeIx, props: &IamRoleProps, out: &mut DeriveOutput) {
    let statements = match policy::statements(&props.trust_policy) {
        Ok(s) => s,
        Err(e) => {
            out.problems
                .push(format!("trust policy is not valid JSON: {e}"));
            return;
        }
    };
    for (i, st) in statements.iter().enumerate() {
        if !st.allows() || !ASSUME_ACTIONS.iter().any(|a| st.allows_action(a)) {
            continue;
        }
        let conditions = if st.condition.is_some() {
            " (conditions not evaluated)"
        } else {
            ""
        };
        let mut principals: Vec<(String, &str)> = Vec::new();
        match &st.principal {
            Some(Principal::Star(s)) if s == "*" => principals.push((ANYONE.to_owned(), "")),
            Some(Principal::Map(map)) => {
                for (ty, values) in map {
                    for v in values.iter() {
                        if let Some(id) = principal_id(ty, v) {
                            principals.push((id, ty.as_str()));
                        }
                    }
                }
            }
            _ => {}
        }
        principals.sort();
        principals.dedup();
        for (id, ty) in principals {
            let field = if ty.is_empty() {
                "Principal".to_owned()
            } else {
                format!("Principal.{ty}")
            };
            out.edges.push(DerivedEdge {
                from: End::Id(ResourceId::new(id)),
                to: End::Node(role),
                kind: EdgeKind::MayAssume,
                evidence: format!(
                    "iam:GetRole Role.AssumeRolePolicyDocument {} {field}{conditions}",
                    st.label(i)
                ),
                rule: DeriveRule::Trust,
            });
        }
    }
}

/// The node id of one principal value, or `None` for service principals and unreadable values.
fn principal_id(ty: &str, value: &str) -> Option<String> {
    match ty {
        "AWS" => {
            if value == "*" {
                Some(ANYONE.to_owned())
            } else if value.len() == 12 && value.bytes().all(|b| b.is_ascii_digit()) {
                Some(ResourceId::account(value).as_str().to_owned())
            } else if value.starts_with("arn:") {
                Some(value.to_owned())
            } else {
                None
            }
        }
        "Federated" if value.starts_with("arn:") => Some(value.to_owned()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edges(doc: &str) -> Vec<(String, String)> {
        let props = IamRoleProps {
            trust_policy: doc.to_owned(),
            ..Default::default()
        };
        let mut out = DeriveOutput::default();
        derive(NodeIx(0), &props, &mut out);
        out.edges
            .into_iter()
            .map(|e| match e.from {
                End::Id(id) => (id.as_str().to_owned(), e.evidence),
                End::Node(_) => unreachable!(),
            })
            .collect()
    }

    #[test]
    fn reads_aws_principals_accounts_and_anyone() {
        let e = edges(
            r#"{"Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"AWS":
            ["arn:aws:iam::222222222222:root","333333333333","arn:aws:iam::1:role/ci"],
            "Service":"ec2.amazonaws.com"}},
            {"Effect":"Allow","Action":"sts:AssumeRole","Principal":"*","Condition":{"StringEquals":{"sts:ExternalId":"x"}}},
            {"Effect":"Deny","Action":"sts:AssumeRole","Principal":{"AWS":"arn:aws:iam::9:root"}},
            {"Effect":"Allow","Action":"s3:GetObject","Principal":{"AWS":"arn:aws:iam::8:root"}}]}"#,
        );
        let ids: Vec<&str> = e.iter().map(|(i, _)| i.as_str()).collect();
        assert_eq!(
            ids,
            [
                "arn:aws:iam::1:role/ci",
                "arn:aws:iam::222222222222:root",
                "arn:aws:iam::333333333333:root",
                "*"
            ]
        );
        assert!(e[3].1.contains("conditions not evaluated"));
        assert!(e[0].1.contains("Statement[0] Principal.AWS"));
    }

    #[test]
    fn web_identity_federation_is_trust() {
        let e = edges(
            r#"{"Statement":{"Effect":"Allow","Action":"sts:AssumeRoleWithWebIdentity",
            "Principal":{"Federated":"arn:aws:iam::1:oidc-provider/token.actions.githubusercontent.com"}}}"#,
        );
        assert_eq!(e.len(), 1);
    }

    #[test]
    fn invalid_trust_policy_is_a_problem() {
        let props = IamRoleProps {
            trust_policy: "{".into(),
            ..Default::default()
        };
        let mut out = DeriveOutput::default();
        derive(NodeIx(0), &props, &mut out);
        assert!(out.edges.is_empty());
        assert_eq!(out.problems.len(), 1);
    }
}
