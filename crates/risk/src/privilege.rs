//! Administrator access and privilege escalation, as the IAM engine decides them.
//!
//! The engine (`nephos_iam`) owns the decisions: a principal is an *administrator* when it is
//! allowed a sentinel set of requests across services (denies, boundaries, SCPs and conditions
//! respected; through its groups and managed policies too), and a principal *can escalate* when a
//! chain of known primitives (`iam:CreatePolicyVersion` on a policy attached to itself,
//! `iam:PassRole` + `lambda:CreateFunction`, `iam:AttachUserPolicy`, assuming a role, …) leads to
//! full access. This module only files the engine's answers by inventory position and words each
//! step with its evidence (the primitive and the statements that allow it).
//!
//! Cost: one [`nephos_iam::AccessModel::escalation`] run over the model the graph already holds
//! (linear in identities and their candidate targets within an account, never all pairs of the
//! estate); the engine's list of every escalation edge is dropped at once, only one shortest path
//! per escalating principal is kept.

use std::collections::{BTreeSet, HashMap};

use nephos_graph::Graph;
use nephos_iam::Evidence;
use nephos_iam::escalation::Step;
use nephos_model::{Resource, ResourceId};

/// The likelihood of one escalation step: `sts:AssumeRole` 0.9 (like any assume hop), any other
/// primitive 0.8 (the attacker must call IAM or create compute, which may be noticed).
pub fn step_likelihood(primitive: &str) -> f64 {
    if primitive == "sts:AssumeRole" {
        0.9
    } else {
        0.8
    }
}

/// One step of an escalation path, worded.
#[derive(Debug, Clone, PartialEq)]
pub struct EscalationStep {
    /// The primitive's id (`iam:CreatePolicyVersion`, `sts:AssumeRole`, …).
    pub primitive: &'static str,
    /// What the step lands on: the principal gained, or for the last step (which gains full
    /// access) the resource the primitive acts on (a policy, a group, the principal itself, a new
    /// role).
    pub resource: String,
    /// `true` when the step gains full access directly.
    pub gains_admin: bool,
    /// One line: who does what on what, what it gains, and the allowing statements.
    pub text: String,
    /// [`step_likelihood`].
    pub likelihood: f64,
}

/// Who is an administrator and who can become one.
#[derive(Debug, Clone, Default)]
pub struct Privilege {
    /// Inventory positions of users and roles with full access.
    pub admins: BTreeSet<usize>,
    /// Inventory position of a user or role that can escalate to full access → a shortest path.
    pub escalations: HashMap<usize, Vec<EscalationStep>>,
}

impl Privilege {
    /// The product of the step likelihoods of `position`'s escalation, if it has one.
    pub fn likelihood(&self, position: usize) -> Option<f64> {
        self.escalations
            .get(&position)
            .map(|steps| steps.iter().map(|s| s.likelihood).product())
    }

    /// A short reason for a score: `can escalate to administrator access (iam:CreatePolicyVersion
    /// on `policy/x`)`.
    pub fn reason(&self, position: usize) -> Option<String> {
        let steps = self.escalations.get(&position)?;
        let how: Vec<String> = steps
            .iter()
            .map(|s| {
                format!(
                    "{} on `{}`",
                    s.primitive,
                    ResourceId::new(&*s.resource).short()
                )
            })
            .collect();
        Some(format!(
            "can escalate to administrator access ({})",
            how.join(", then ")
        ))
    }
}

/// The statements of a step's evidence, as `policy#statement (Sid)`.
fn statements(evidence: &[Evidence]) -> String {
    evidence
        .iter()
        .map(|e| match &e.sid {
            Some(sid) => format!("{}#{} ({sid})", e.policy, e.statement),
            None => format!("{}#{}", e.policy, e.statement),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn word(step: &Step) -> EscalationStep {
    let admin = step.gains == "admin";
    let from = ResourceId::new(&*step.from);
    let target = ResourceId::new(&*step.target);
    let gains = if admin {
        "administrator access".to_owned()
    } else {
        format!("`{}`", ResourceId::new(&*step.gains).short())
    };
    let text = format!(
        "{} escalates with {} on `{}`, gaining {gains} (allowed by {})",
        from.short(),
        step.primitive,
        target.short(),
        statements(&step.evidence)
    );
    EscalationStep {
        primitive: step.primitive,
        resource: if admin {
            step.target.clone()
        } else {
            step.gains.clone()
        },
        gains_admin: admin,
        text,
        likelihood: step_likelihood(step.primitive),
    }
}

/// Asks the IAM engine (over the model the graph holds) who is an administrator and who can
/// escalate, and files the answers by position in `resources`. Principals the inventory does not hold
/// are left out.
pub fn privilege(resources: &[&Resource], graph: &Graph) -> Privilege {
    let report = graph.access_model().escalation();
    let positions: HashMap<&str, usize> = resources
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id.as_str(), i))
        .collect();
    let mut out = Privilege::default();
    for arn in &report.admins {
        if let Some(&p) = positions.get(arn.as_str()) {
            out.admins.insert(p);
        }
    }
    for path in &report.paths {
        let Some(&p) = positions.get(path.principal.as_str()) else {
            continue;
        };
        if path.steps.is_empty() || out.admins.contains(&p) {
            continue;
        }
        out.escalations
            .insert(p, path.steps.iter().map(word).collect());
    }
    out
}

#[cfg(test)]
mod tests {
    use nephos_model::props::{IamGroupProps, IamPolicyProps, IamRoleProps, IamUserProps};
    use nephos_model::{Inventory, Properties, Resource, ResourceKind};

    use super::*;

    const ACCOUNT: &str = "111111111111";
    const SELF_EDIT: &str = "arn:aws:iam::111111111111:policy/self-edit";

    fn res(id: &str, kind: ResourceKind, name: &str, props: Properties) -> Resource {
        let mut r = Resource::new(ResourceId::new(id), kind, ACCOUNT, None, name);
        r.props = props;
        r
    }

    fn managed_policy(arn: &str, document: &str) -> Resource {
        let name = arn.rsplit('/').next().unwrap_or(arn);
        res(
            arn,
            ResourceKind::IamPolicy,
            name,
            Properties::IamPolicy(IamPolicyProps {
                attachment_count: 1,
                ..IamPolicyProps::with_default_document(document)
            }),
        )
    }

    fn role(name: &str, trust: &str, attached: &[&str]) -> Resource {
        res(
            &format!("arn:aws:iam::{ACCOUNT}:role/{name}"),
            ResourceKind::IamRole,
            name,
            Properties::IamRole(Box::new(IamRoleProps {
                trust_policy: trust.into(),
                attached_policy_arns: attached.iter().map(|s| (*s).to_owned()).collect(),
                ..IamRoleProps::default()
            })),
        )
    }

    /// A role trusted by an account outside the estate, whose only policy lets it write a new
    /// version of that very policy; `deny` adds an explicit deny of the same action.
    fn self_editing_role(deny: bool) -> Inventory {
        let deny_statement = if deny {
            r#",{"Effect":"Deny","Action":"iam:CreatePolicyVersion","Resource":"*"}"#
        } else {
            ""
        };
        let mut inv = Inventory::new("test");
        inv.insert(managed_policy(
            SELF_EDIT,
            &format!(
                r#"{{"Version":"2012-10-17","Statement":[{{"Sid":"EditOwnPolicy","Effect":"Allow","Action":"iam:CreatePolicyVersion","Resource":"{SELF_EDIT}"}}{deny_statement}]}}"#
            ),
        ));
        inv.insert(role(
            "deployer",
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::999999999999:root"},"Action":"sts:AssumeRole"}]}"#,
            &[SELF_EDIT],
        ));
        inv
    }

    fn position(inv: &Inventory, id: &str) -> Option<usize> {
        inv.resources().iter().position(|r| r.id.as_str() == id)
    }

    #[test]
    fn create_policy_version_on_own_policy_escalates() {
        let inv = self_editing_role(false);
        let graph = Graph::build(&inv);
        let p = privilege(&inv.resources().iter().collect::<Vec<_>>(), &graph);
        let role = position(&inv, "arn:aws:iam::111111111111:role/deployer");
        let steps = role.and_then(|r| p.escalations.get(&r));
        let Some(steps) = steps else {
            panic!("no escalation found: {p:?}");
        };
        assert_eq!(steps.len(), 1);
        assert_eq!(steps[0].primitive, "iam:CreatePolicyVersion");
        assert!(steps[0].gains_admin);
        assert_eq!(steps[0].resource, SELF_EDIT);
        // The evidence names the allowing statement.
        assert!(steps[0].text.contains("EditOwnPolicy"), "{}", steps[0].text);
        assert!(p.admins.is_empty());

        // And it is an attack path from the outside account to administrator access.
        let paths = crate::paths::attack_paths(&inv, &graph, &Default::default(), &[]);
        let path = paths
            .iter()
            .find(|p| p.entry == "account:999999999999")
            .unwrap_or_else(|| panic!("no path: {paths:#?}"));
        assert_eq!(path.action, "administrator access");
        assert_eq!(
            path.steps,
            ["arn:aws:iam::111111111111:role/deployer", SELF_EDIT]
        );
        assert!(path.evidence[1].contains("iam:CreatePolicyVersion"));
        // Outside account 0.6 × may assume 0.9 × escalation step 0.8.
        assert!(
            (path.likelihood - 0.6 * 0.9 * 0.8).abs() < 1e-9,
            "{path:#?}"
        );
    }

    #[test]
    fn explicit_deny_stops_the_escalation() {
        let inv = self_editing_role(true);
        let graph = Graph::build(&inv);
        let p = privilege(&inv.resources().iter().collect::<Vec<_>>(), &graph);
        assert!(p.escalations.is_empty(), "{p:?}");
        let paths = crate::paths::attack_paths(&inv, &graph, &Default::default(), &[]);
        assert!(paths.is_empty(), "{paths:#?}");
    }

    #[test]
    fn administrator_through_a_group_is_an_admin() {
        let mut inv = Inventory::new("test");
        inv.insert(res(
            "arn:aws:iam::111111111111:group/ops",
            ResourceKind::IamGroup,
            "ops",
            Properties::IamGroup(IamGroupProps {
                attached_policy_arns: vec!["arn:aws:iam::aws:policy/AdministratorAccess".into()],
                ..IamGroupProps::default()
            }),
        ));
        for (name, groups) in [("carol", vec!["ops".to_owned()]), ("dave", Vec::new())] {
            inv.insert(res(
                &format!("arn:aws:iam::{ACCOUNT}:user/{name}"),
                ResourceKind::IamUser,
                name,
                Properties::IamUser(Box::new(IamUserProps {
                    groups,
                    ..IamUserProps::default()
                })),
            ));
        }
        let graph = Graph::build(&inv);
        let p = privilege(&inv.resources().iter().collect::<Vec<_>>(), &graph);
        let carol = position(&inv, "arn:aws:iam::111111111111:user/carol");
        let dave = position(&inv, "arn:aws:iam::111111111111:user/dave");
        assert!(carol.is_some_and(|c| p.admins.contains(&c)), "{p:?}");
        assert!(dave.is_some_and(|d| !p.admins.contains(&d)), "{p:?}");
    }

    #[test]
    fn escalation_raises_the_privilege_factor() {
        for (deny, want) in [(false, 0.8), (true, 0.0)] {
            let inv = self_editing_role(deny);
            let graph = Graph::build(&inv);
            let report = crate::analyse(&inv, &graph, &Default::default(), &[]);
            let role = report
                .assets
                .iter()
                .find(|a| a.resource == "arn:aws:iam::111111111111:role/deployer");
            let value = role
                .and_then(|a| a.factors.get("privilege"))
                .map_or(0.0, |f| f.value);
            assert!((value - want).abs() < 1e-9, "deny={deny}: {role:#?}");
            if let Some(f) = role.and_then(|a| a.factors.get("privilege"))
                && want > 0.0
            {
                assert!(f.reason.contains("iam:CreatePolicyVersion"), "{f:?}");
            }
        }
    }
}
