//! Role trust (\[ROLE\]): who can assume which role, across accounts, and chains of assumptions;
//! and resources whose policies admit the whole world or other accounts.
//!
//! For each role, the candidates are read from its trust policy's `Allow` statements (the named
//! users and roles, every identity of a named account, everyone for `*`), so the work is
//! roles × named principals, not roles × principals. Each known candidate is decided as a full
//! `sts:AssumeRole` request (trust policy, identity policy, boundary, SCPs). A statement whose
//! principal and action match but whose conditions need context the analysis does not have
//! (`sts:ExternalId`, MFA, source IP) gives a *conditional* edge. Principals outside the model
//! (other accounts, services, identity providers) give edges from their name.
//!
//! Reachability is the transitive closure of the edges ([`AssumeGraph::chains_from`]); a chain of
//! more than one hop is role chaining, whose sessions AWS caps at one hour.

use std::collections::{BTreeSet, HashMap, HashSet, VecDeque};

use crate::access::{AccessModel, Evidence, Identity, IdentityKind};
use crate::eval::{Decision, PolicySet};
use crate::policy::{Effect, Policy};
use crate::principal::PrincipalEntry;
use crate::request::{Context, Request};

/// Who is on the assuming side of an edge.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Assumer {
    /// A user or role of the model (its ARN).
    Identity(String),
    /// A whole account outside the model (`arn:aws:iam::A:root`): its admins decide who.
    ExternalAccount(String),
    /// A principal ARN outside the model.
    ExternalPrincipal(String),
    /// A service principal (`lambda.amazonaws.com`).
    Service(String),
    /// An identity provider (`Federated`).
    Federated(String),
    /// Anyone (`"*"`).
    Everyone,
}

impl Assumer {
    /// A display name: the ARN, account root, service or provider, or `*`.
    pub fn name(&self) -> &str {
        match self {
            Self::Identity(s)
            | Self::ExternalAccount(s)
            | Self::ExternalPrincipal(s)
            | Self::Service(s)
            | Self::Federated(s) => s,
            Self::Everyone => "*",
        }
    }
}

/// One "can assume" fact.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssumeEdge {
    /// The assuming side.
    pub from: Assumer,
    /// The role ARN.
    pub role: String,
    /// The statements that allow it (trust, identity).
    pub evidence: Vec<Evidence>,
    /// True when the trust statement holds only under conditions not known here.
    pub conditional: bool,
    /// True when the edge crosses accounts.
    pub cross_account: bool,
}

/// The assume-role graph.
#[derive(Debug, Clone, Default)]
pub struct AssumeGraph {
    /// All edges.
    pub edges: Vec<AssumeEdge>,
    by_from: HashMap<String, Vec<usize>>,
}

/// A chain of assumptions from a start principal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chain {
    /// Roles in order (the last is the one reached).
    pub roles: Vec<String>,
    /// Some hop is conditional.
    pub conditional: bool,
}

impl Chain {
    /// Role chaining: more than one hop, so sessions last at most one hour.
    pub fn is_chained(&self) -> bool {
        self.roles.len() > 1
    }
}

fn role_account(arn: &str) -> &str {
    arn.split(':').nth(4).unwrap_or_default()
}

fn trust_action(entry: &PrincipalEntry) -> &'static str {
    match entry {
        PrincipalEntry::Federated(f) if f.contains(":saml-provider/") => "sts:AssumeRoleWithSAML",
        PrincipalEntry::Federated(_) => "sts:AssumeRoleWithWebIdentity",
        _ => "sts:AssumeRole",
    }
}

/// The `Allow` statements' principal entries of a trust policy that grant an assume action.
fn trusted_entries(trust: &Policy) -> Vec<(&PrincipalEntry, bool)> {
    let mut out = Vec::new();
    for st in &trust.statements {
        if st.effect != Effect::Allow {
            continue;
        }
        let Some(p) = &st.principals else { continue };
        if p.negated {
            out.push((&PrincipalEntry::Everyone, !st.conditions.is_empty()));
            continue;
        }
        for e in &p.items {
            let action = trust_action(e).to_ascii_lowercase();
            if st.covers_action(&action) {
                out.push((e, !st.conditions.is_empty()));
            }
        }
    }
    out
}

impl AccessModel {
    /// Builds the assume-role graph.
    pub fn assume_graph(&self) -> AssumeGraph {
        let mut edges = Vec::new();
        let mut cache = CallerCache::default();
        for role in &self.identities {
            self.role_edges(&mut cache, role, &mut edges);
        }
        let mut by_from: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, e) in edges.iter().enumerate() {
            by_from.entry(e.from.name().to_owned()).or_default().push(i);
        }
        AssumeGraph { edges, by_from }
    }

    /// The edges of the assume-role graph that end at `role_arn`, exactly as
    /// [`AccessModel::assume_graph`] gives them (empty for an unknown role or a user).
    pub fn assume_edges_to(&self, role_arn: &str) -> Vec<AssumeEdge> {
        let mut edges = Vec::new();
        if let Some(role) = self.identity(role_arn) {
            self.role_edges(&mut CallerCache::default(), role, &mut edges);
        }
        edges
    }

    /// The edge from the identity `from_arn` to the role `role_arn` that
    /// [`AccessModel::assume_graph`] gives, if any: `from_arn` must be a principal the role's
    /// trust policy names (by ARN, by account, or everyone) and the request must not be denied.
    pub fn assume_edge_between(&self, from_arn: &str, role_arn: &str) -> Option<AssumeEdge> {
        let role = self.identity(role_arn)?;
        if role.kind != IdentityKind::Role || from_arn == role.arn {
            return None;
        }
        let trust = role.trust.as_ref()?;
        let from = self.index_of(from_arn)?;
        let account = self.identities.get(from)?.account.as_str();
        let named = trusted_entries(trust).iter().any(|(entry, _)| match entry {
            PrincipalEntry::Everyone => true,
            PrincipalEntry::Account(a) => a == account,
            PrincipalEntry::Arn(arn) => self.identity_index(arn) == Some(from),
            _ => false,
        });
        if !named {
            return None;
        }
        self.assume_edge(&mut CallerCache::default(), from, &role.arn)
    }

    /// The identity a principal ARN of a policy names: the user or role with that ARN, or the role
    /// of a role session (`arn:aws:sts::A:assumed-role/name/session`).
    pub fn identity_named(&self, arn: &str) -> Option<&Identity> {
        self.identity_index(arn)
            .and_then(|i| self.identities.get(i))
    }

    /// Appends the edges ending at `role` (nothing for a user or a role without a trust policy).
    fn role_edges<'a>(
        &'a self,
        cache: &mut CallerCache<'a>,
        role: &'a Identity,
        edges: &mut Vec<AssumeEdge>,
    ) {
        if role.kind != IdentityKind::Role {
            return;
        }
        let Some(trust) = &role.trust else { return };
        let mut candidates: BTreeSet<usize> = BTreeSet::new();
        let mut outside: BTreeSet<(Assumer, bool)> = BTreeSet::new();
        for (entry, conditional) in trusted_entries(trust) {
            match entry {
                PrincipalEntry::Everyone => {
                    candidates.extend(0..self.identities.len());
                    outside.insert((Assumer::Everyone, conditional));
                }
                PrincipalEntry::Account(a) => match self.identity_positions(a) {
                    [] => {
                        outside.insert((
                            Assumer::ExternalAccount(format!("arn:aws:iam::{a}:root")),
                            conditional,
                        ));
                    }
                    ids => candidates.extend(ids.iter().copied()),
                },
                PrincipalEntry::Arn(arn) => match self.identity_index(arn) {
                    Some(i) => {
                        candidates.insert(i);
                    }
                    None => {
                        outside.insert((Assumer::ExternalPrincipal(arn.clone()), conditional));
                    }
                },
                PrincipalEntry::Service(s) => {
                    outside.insert((Assumer::Service(s.clone()), conditional));
                }
                PrincipalEntry::Federated(f) => {
                    outside.insert((Assumer::Federated(f.clone()), conditional));
                }
                PrincipalEntry::CanonicalUser(_) => {}
            }
        }
        for i in candidates {
            let Some(id) = self.identities.get(i) else {
                continue;
            };
            if id.arn == role.arn {
                continue;
            }
            if let Some(edge) = self.assume_edge(cache, i, &role.arn) {
                edges.push(edge);
            }
        }
        for (from, conditional) in outside {
            let cross_account = match &from {
                Assumer::ExternalAccount(a) | Assumer::ExternalPrincipal(a) => {
                    role_account(a) != role.account
                }
                Assumer::Everyone => true,
                _ => false,
            };
            edges.push(AssumeEdge {
                from,
                role: role.arn.clone(),
                evidence: Vec::new(),
                conditional,
                cross_account,
            });
        }
    }

    fn identity_index(&self, arn: &str) -> Option<usize> {
        self.index_of(arn).or_else(|| {
            // A trust policy may name a role session; it stands for its role.
            let (_, id) = self.resolve(arn).ok()?;
            self.index_of(&id?.arn)
        })
    }

    /// Decides whether identity `from` can assume `role`; a conditional edge when the trust
    /// names it but conditions fail without context.
    fn assume_edge<'a>(
        &'a self,
        cache: &mut CallerCache<'a>,
        from: usize,
        role: &str,
    ) -> Option<AssumeEdge> {
        let id = self.identities.get(from)?;
        let (set, req) = cache.get(self, from)?;
        let target = self.target(role);
        req.retarget("sts:AssumeRole", role, self.owner_for(role, target));
        self.attach_target(set, req, target);
        let r = set.evaluate(req);
        let cross_account = id.account != role_account(role);
        match r.decision {
            Decision::Allowed => Some(AssumeEdge {
                from: Assumer::Identity(id.arn.clone()),
                role: role.to_owned(),
                evidence: r.matched.iter().map(Evidence::from).collect(),
                conditional: false,
                cross_account,
            }),
            Decision::ExplicitDeny => None,
            Decision::ImplicitDeny => {
                // Would it pass if the trust's conditions held? Then it is conditional.
                let trust = self.identity(role)?.trust.as_ref()?;
                let named = trust.statements.iter().any(|st| {
                    st.effect == Effect::Allow
                        && !st.conditions.is_empty()
                        && st.covers_action("sts:assumerole")
                        && st.principal_match(req).is_some()
                });
                named.then(|| AssumeEdge {
                    from: Assumer::Identity(id.arn.clone()),
                    role: role.to_owned(),
                    evidence: Vec::new(),
                    conditional: true,
                    cross_account,
                })
            }
        }
    }
}

/// Each identity's caller-side policy set and a reusable request, built on first use.
#[derive(Default)]
struct CallerCache<'a> {
    entries: HashMap<usize, (PolicySet<'a>, Request)>,
}

impl<'a> CallerCache<'a> {
    fn get(
        &mut self,
        model: &'a AccessModel,
        i: usize,
    ) -> Option<(&mut PolicySet<'a>, &mut Request)> {
        let id = model.identities.get(i)?;
        let (set, req) = self.entries.entry(i).or_insert_with(|| {
            (
                model.caller_side(Some(id), &id.account),
                Request::new(model.principal_of(id), "", "", Context::new()),
            )
        });
        Some((set, req))
    }
}

impl AssumeGraph {
    /// Edges leaving `from` (an identity ARN, account root, service name, provider or `*`).
    pub fn edges_from(&self, from: &str) -> impl Iterator<Item = &AssumeEdge> {
        self.by_from
            .get(from)
            .into_iter()
            .flatten()
            .filter_map(|&i| self.edges.get(i))
    }

    /// Every role reachable from `start` by assuming roles (breadth-first, shortest chains),
    /// with the chain that reaches it. `*` edges are followed too.
    pub fn chains_from(&self, start: &str) -> Vec<Chain> {
        let mut seen: HashSet<&str> = HashSet::new();
        let mut out = Vec::new();
        let mut queue: VecDeque<(&str, Vec<String>, bool)> = VecDeque::new();
        queue.push_back((start, Vec::new(), false));
        seen.insert(start);
        while let Some((node, path, conditional)) = queue.pop_front() {
            let next = self.edges_from(node).chain(self.edges_from("*"));
            for e in next {
                if !seen.insert(e.role.as_str()) {
                    continue;
                }
                let mut roles = path.clone();
                roles.push(e.role.clone());
                let cond = conditional || e.conditional;
                out.push(Chain {
                    roles: roles.clone(),
                    conditional: cond,
                });
                queue.push_back((e.role.as_str(), roles, cond));
            }
        }
        out
    }
}

/// How widely a resource policy admits principals.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExposureScope {
    /// Everyone (`"*"` or an allowing `NotPrincipal`), anonymous included.
    Public,
    /// These other accounts.
    CrossAccount(BTreeSet<String>),
}

/// A resource (or role) whose policy admits the world or other accounts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exposure {
    /// The resource or role ARN.
    pub resource: String,
    /// Who is admitted.
    pub scope: ExposureScope,
    /// Every admitting statement has conditions (which may narrow it).
    pub conditional: bool,
    /// The admitting statements.
    pub evidence: Vec<Evidence>,
}

fn exposure_of(resource: &str, account: &str, policy: &Policy) -> Option<Exposure> {
    let mut public = false;
    let mut accounts = BTreeSet::new();
    let mut evidence = Vec::new();
    let mut all_conditional = true;
    for st in &policy.statements {
        if st.effect != Effect::Allow {
            continue;
        }
        let Some(p) = &st.principals else { continue };
        let mut hit = false;
        if p.negated || p.items.contains(&PrincipalEntry::Everyone) {
            public = true;
            hit = true;
        }
        for e in &p.items {
            let other = match e {
                PrincipalEntry::Account(a) => Some(a.as_str()),
                PrincipalEntry::Arn(arn) => arn.split(':').nth(4),
                _ => None,
            };
            if let Some(a) = other.filter(|a| !a.is_empty() && *a != account) {
                accounts.insert(a.to_owned());
                hit = true;
            }
        }
        if hit {
            all_conditional &= !st.conditions.is_empty();
            evidence.push(Evidence {
                policy: policy.id.clone(),
                sid: st.sid.clone(),
                statement: st.index,
                effect: st.effect,
            });
        }
    }
    let scope = if public {
        ExposureScope::Public
    } else if !accounts.is_empty() {
        ExposureScope::CrossAccount(accounts)
    } else {
        return None;
    };
    Some(Exposure {
        resource: resource.to_owned(),
        scope,
        conditional: all_conditional,
        evidence,
    })
}

impl AccessModel {
    /// Resources and roles whose policies admit everyone or other accounts.
    pub fn exposures(&self) -> Vec<Exposure> {
        let mut out = Vec::new();
        for r in &self.resources {
            if let Some(p) = &r.policy
                && let Some(e) = exposure_of(&r.arn, &r.account, p)
            {
                out.push(e);
            }
        }
        for id in &self.identities {
            if let Some(t) = &id.trust
                && let Some(e) = exposure_of(&id.arn, &id.account, t)
            {
                out.push(e);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::access::{Identity, ResourceEntry};
    use crate::policy::PolicyKind;

    fn pol(id: &str, kind: PolicyKind, text: &str) -> Policy {
        Policy::parse(id, kind, text).unwrap()
    }

    fn role(name: &str, trust: &str) -> Identity {
        let mut r = Identity::new(
            &format!("arn:aws:iam::111111111111:role/{name}"),
            "111111111111",
            IdentityKind::Role,
        );
        r.trust = Some(pol(&format!("{name}/trust"), PolicyKind::Trust, trust));
        r
    }

    fn trust_of(principal: &str) -> String {
        format!(
            r#"{{"Statement":[{{"Effect":"Allow","Principal":{principal},"Action":"sts:AssumeRole"}}]}}"#
        )
    }

    #[test]
    fn chains_are_transitive_and_shortest() {
        let u = Identity::new(
            "arn:aws:iam::111111111111:user/U",
            "111111111111",
            IdentityKind::User,
        );
        let r1 = role(
            "R1",
            &trust_of(r#"{"AWS":"arn:aws:iam::111111111111:user/U"}"#),
        );
        let r2 = role(
            "R2",
            &trust_of(r#"{"AWS":"arn:aws:iam::111111111111:role/R1"}"#),
        );
        let ext = role("Vendor", &trust_of(r#"{"AWS":"999999999999"}"#));
        let svc = role("Fn", &trust_of(r#"{"Service":"lambda.amazonaws.com"}"#));
        let mut m = AccessModel::default();
        m.identities = vec![u, r1, r2, ext, svc];
        m.index();
        let g = m.assume_graph();
        let chains = g.chains_from("arn:aws:iam::111111111111:user/U");
        let names: Vec<Vec<&str>> = chains
            .iter()
            .map(|c| {
                c.roles
                    .iter()
                    .map(|r| r.rsplit('/').next().unwrap())
                    .collect()
            })
            .collect();
        assert_eq!(names, vec![vec!["R1"], vec!["R1", "R2"]]);
        assert!(chains[1].is_chained());
        // U cannot assume R2 directly: R2 trusts R1 only.
        assert!(
            g.edges_from("arn:aws:iam::111111111111:user/U")
                .all(|e| !e.role.ends_with("/R2"))
        );
        let vendor: Vec<_> = g.edges_from("arn:aws:iam::999999999999:root").collect();
        assert_eq!(vendor.len(), 1);
        assert!(vendor[0].cross_account);
        assert_eq!(g.edges_from("lambda.amazonaws.com").count(), 1);
    }

    #[test]
    fn account_trust_needs_identity_allow_and_conditions_are_flagged() {
        let mut u = Identity::new(
            "arn:aws:iam::111111111111:user/U",
            "111111111111",
            IdentityKind::User,
        );
        let v = Identity::new(
            "arn:aws:iam::111111111111:user/V",
            "111111111111",
            IdentityKind::User,
        );
        u.policies.push(pol(
            "U/assume",
            PolicyKind::Identity,
            r#"{"Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}]}"#,
        ));
        let acct = role("Acct", &trust_of(r#"{"AWS":"111111111111"}"#));
        let mfa = role(
            "Mfa",
            r#"{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:user/V"},"Action":"sts:AssumeRole","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}]}"#,
        );
        let mut m = AccessModel::default();
        m.identities = vec![u, v, acct, mfa];
        m.index();
        let g = m.assume_graph();
        let from_u: Vec<_> = g.edges_from("arn:aws:iam::111111111111:user/U").collect();
        assert_eq!(from_u.len(), 1);
        assert!(from_u[0].role.ends_with("/Acct") && !from_u[0].conditional);
        let from_v: Vec<_> = g.edges_from("arn:aws:iam::111111111111:user/V").collect();
        assert_eq!(from_v.len(), 1);
        assert!(from_v[0].role.ends_with("/Mfa") && from_v[0].conditional);
    }

    #[test]
    fn exposures_find_public_and_cross_account() {
        let mut m = AccessModel::default();
        m.resources = vec![
            ResourceEntry {
                arn: "arn:aws:s3:::pub".into(),
                account: "111111111111".into(),
                policy: Some(pol(
                    "pub",
                    PolicyKind::Resource,
                    r#"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::pub/*"}]}"#,
                )),
                policy_required: false,
                runs_as: None,
            },
            ResourceEntry {
                arn: "arn:aws:s3:::own".into(),
                account: "111111111111".into(),
                policy: Some(pol(
                    "own",
                    PolicyKind::Resource,
                    r#"{"Statement":[{"Effect":"Allow","Principal":{"AWS":"111111111111"},"Action":"s3:*","Resource":"*"}]}"#,
                )),
                policy_required: false,
                runs_as: None,
            },
        ];
        m.identities = vec![role("Vendor", &trust_of(r#"{"AWS":"999999999999"}"#))];
        m.index();
        let ex = m.exposures();
        assert_eq!(ex.len(), 2);
        assert_eq!(ex[0].scope, ExposureScope::Public);
        assert_eq!(
            ex[1].scope,
            ExposureScope::CrossAccount(["999999999999".to_owned()].into())
        );
    }
}

/// A grant read from a resource policy: who it names, on which resource, for which actions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResourceGrant {
    /// The principal as named: an identity ARN of the model, an account root, a service, `*`.
    pub principal: Assumer,
    /// The resource ARN.
    pub resource: String,
    /// The `Action` patterns of the statement (`NotAction` is written `!pattern`).
    pub actions: Vec<String>,
    /// The statement has conditions.
    pub conditional: bool,
    /// The statement.
    pub evidence: Evidence,
}

impl AccessModel {
    /// Every principal → resource grant written in resource policies (graph edges). Linear in the
    /// policies' statements: identity-policy access is left to [`AccessModel::can_do`], which
    /// answers per principal, so no principals × resources structure is built.
    pub fn resource_grants(&self) -> Vec<ResourceGrant> {
        let mut out = Vec::new();
        for r in &self.resources {
            let Some(policy) = &r.policy else { continue };
            for st in &policy.statements {
                if st.effect != Effect::Allow {
                    continue;
                }
                let Some(p) = &st.principals else { continue };
                let actions: Vec<String> = st
                    .actions
                    .items
                    .iter()
                    .map(|a| {
                        if st.actions.negated {
                            format!("!{}", a.text)
                        } else {
                            a.text.clone()
                        }
                    })
                    .collect();
                let evidence = Evidence {
                    policy: policy.id.clone(),
                    sid: st.sid.clone(),
                    statement: st.index,
                    effect: st.effect,
                };
                let named: Vec<Assumer> = if p.negated {
                    vec![Assumer::Everyone]
                } else {
                    p.items
                        .iter()
                        .filter_map(|e| match e {
                            PrincipalEntry::Everyone => Some(Assumer::Everyone),
                            PrincipalEntry::Account(a) => {
                                Some(Assumer::ExternalAccount(format!("arn:aws:iam::{a}:root")))
                            }
                            PrincipalEntry::Arn(arn) => Some(match self.identity_index(arn) {
                                Some(i) => Assumer::Identity(
                                    self.identities
                                        .get(i)
                                        .map_or_else(|| arn.clone(), |id| id.arn.clone()),
                                ),
                                None => Assumer::ExternalPrincipal(arn.clone()),
                            }),
                            PrincipalEntry::Service(s) => Some(Assumer::Service(s.clone())),
                            PrincipalEntry::Federated(f) => Some(Assumer::Federated(f.clone())),
                            PrincipalEntry::CanonicalUser(_) => None,
                        })
                        .collect()
                };
                for principal in named {
                    out.push(ResourceGrant {
                        principal,
                        resource: r.arn.clone(),
                        actions: actions.clone(),
                        conditional: !st.conditions.is_empty(),
                        evidence: evidence.clone(),
                    });
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod grant_tests {
    use super::*;
    use crate::access::{Identity, ResourceEntry};
    use crate::policy::PolicyKind;

    #[test]
    fn resource_policies_become_grants() {
        let mut m = AccessModel::default();
        m.identities = vec![Identity::new(
            "arn:aws:iam::111111111111:role/app",
            "111111111111",
            IdentityKind::Role,
        )];
        m.resources = vec![ResourceEntry {
            arn: "arn:aws:sqs:us-east-1:111111111111:q".into(),
            account: "111111111111".into(),
            policy: Some(
                Policy::parse(
                    "q",
                    PolicyKind::Resource,
                    r#"{"Statement":[
                      {"Sid":"App","Effect":"Allow","Principal":{"AWS":["arn:aws:iam::111111111111:role/app","222222222222"]},"Action":["sqs:SendMessage"],"Resource":"*"},
                      {"Effect":"Allow","Principal":{"Service":"sns.amazonaws.com"},"Action":"sqs:SendMessage","Resource":"*","Condition":{"ArnEquals":{"aws:SourceArn":"arn:aws:sns:us-east-1:111111111111:t"}}},
                      {"Effect":"Deny","Principal":"*","Action":"sqs:*","Resource":"*"}
                    ]}"#,
                )
                .unwrap(),
            ),
            policy_required: false,
            runs_as: None,
        }];
        m.index();
        let g = m.resource_grants();
        let who: Vec<(&str, bool)> = g
            .iter()
            .map(|g| (g.principal.name(), g.conditional))
            .collect();
        assert_eq!(
            who,
            [
                ("arn:aws:iam::111111111111:role/app", false),
                ("arn:aws:iam::222222222222:root", false),
                ("sns.amazonaws.com", true)
            ]
        );
        assert_eq!(g[0].actions, ["sqs:SendMessage"]);
        assert_eq!(g[0].evidence.sid.as_deref(), Some("App"));
    }
}
