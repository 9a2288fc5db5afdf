//! Deciding a request the way AWS does ([EVAL], [DA], [XACC], [BND], [SCP], [RCP]).
//!
//! 1. A matching `Deny` in any applicable policy (SCP, RCP, resource, identity, boundary, session)
//!    is an explicit deny.
//! 2. SCPs apply to principals of member accounts except service-linked roles (the caller leaves
//!    them out for the management account): every level of the OU path needs an `Allow`.
//! 3. RCPs apply to the resources of member accounts for the services that support them (the list
//!    comes with the action [`crate::catalogue`]), except for service-linked roles: every level
//!    needs an `Allow`.
//! 4. Same account, a resource-policy `Allow` that names the caller itself (user, session,
//!    federated session, `*`) allows whatever the identity, boundary and session policies say;
//!    one that names the role of a role session allows unless a boundary or session policy lacks
//!    an `Allow`; one that names the account only delegates. Role trust policies and KMS key
//!    policies must allow (`resource_policy_required`), at least by naming the account.
//! 5. Otherwise an identity `Allow` is needed, and the boundary (if any) and session policy (if
//!    any; always for a federated user) must allow too.
//! 6. Cross-account: the resource policy must allow (naming the caller or its account) *and* the
//!    caller's side (identity, boundary, session, SCPs) must allow.
//!
//! Anonymous callers and service principals have no identity side: a resource-policy `Allow` is
//! all they can get. The root user's identity side is full access in its own account.
//!
//! The answer uses the IAM policy simulator's words (`allowed`, `explicitDeny`, `implicitDeny`)
//! and lists the statements that decided, plus which layer was missing an `Allow`.

use crate::catalogue::catalogue;
use crate::error::PolicyError;
use crate::policy::{Effect, Policy, PolicyKind, Statement};
use crate::principal::{PrincipalKind, PrincipalMatch};
use crate::request::Request;

/// The outcome, in the IAM policy simulator's words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Decision {
    /// `allowed`.
    Allowed,
    /// `explicitDeny`.
    ExplicitDeny,
    /// `implicitDeny`.
    ImplicitDeny,
}

impl Decision {
    /// `allowed`, `explicitDeny` or `implicitDeny`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Allowed => "allowed",
            Self::ExplicitDeny => "explicitDeny",
            Self::ImplicitDeny => "implicitDeny",
        }
    }

    /// Parses the simulator's word.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "allowed" => Some(Self::Allowed),
            "explicitDeny" => Some(Self::ExplicitDeny),
            "implicitDeny" => Some(Self::ImplicitDeny),
            _ => None,
        }
    }
}

/// Which layer lacked the `Allow` behind an implicit deny.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MissingAllow {
    /// No identity-based policy allows.
    Identity,
    /// The permissions boundary does not allow.
    Boundary,
    /// The session policy does not allow (or a federated user has none).
    Session,
    /// This SCP level (0 = root) has no matching `Allow`.
    Scp(usize),
    /// This RCP level has no matching `Allow`.
    Rcp(usize),
    /// The resource policy does not allow, and it must (cross-account, trust, key policy,
    /// anonymous or service caller).
    ResourcePolicy,
}

/// A statement that took part in the decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MatchedStatement<'a> {
    /// The policy's id.
    pub policy: &'a str,
    /// Where the policy sits.
    pub kind: PolicyKind,
    /// `Sid`, when given.
    pub sid: Option<&'a str>,
    /// Position of the statement in its policy.
    pub index: usize,
    /// `Allow` or `Deny`.
    pub effect: Effect,
}

/// A decision with its evidence.
#[derive(Debug, Clone, PartialEq)]
pub struct Response<'a> {
    /// The decision.
    pub decision: Decision,
    /// The deciding statements: the denies for an explicit deny, the allows for an allow.
    pub matched: Vec<MatchedStatement<'a>>,
    /// For an implicit deny, the layer that lacked an `Allow`.
    pub missing: Option<MissingAllow>,
    /// Policies of the set that could not be parsed (and so took no part).
    pub errors: Vec<&'a PolicyError>,
}

/// The policies that bear on one request.
#[derive(Debug, Clone, Default)]
pub struct PolicySet<'a> {
    /// Identity-based policies (user + its groups, or the role).
    pub identity: Vec<&'a Policy>,
    /// The permissions boundary, if one is set.
    pub boundary: Option<&'a Policy>,
    /// Session policies, when the session was given any.
    pub session: Vec<&'a Policy>,
    /// The resource's policy (bucket policy, key policy, trust policy…).
    pub resource: Option<&'a Policy>,
    /// The resource policy must allow even in the same account (trust and KMS key policies).
    pub resource_policy_required: bool,
    /// SCPs applying to the caller's account, one list per level from the root down.
    pub scps: Vec<Vec<&'a Policy>>,
    /// RCPs applying to the resource's account, one list per level from the root down.
    pub rcps: Vec<Vec<&'a Policy>>,
    /// Policies that failed to parse, reported with every response.
    pub errors: Vec<&'a PolicyError>,
}

fn matched<'a>(policy: &'a Policy, st: &'a Statement) -> MatchedStatement<'a> {
    MatchedStatement {
        policy: &policy.id,
        kind: policy.kind,
        sid: st.sid.as_deref(),
        index: st.index,
        effect: st.effect,
    }
}

/// Scans policies: pushes matching denies, returns whether any allow matched and pushes the
/// matching allows into `allows` when given.
fn scan<'a>(
    policies: &[&'a Policy],
    request: &Request,
    denies: &mut Vec<MatchedStatement<'a>>,
    mut allows: Option<&mut Vec<MatchedStatement<'a>>>,
) -> bool {
    let mut any_allow = false;
    for policy in policies {
        for st in &policy.statements {
            if st.applies(request).is_none() {
                continue;
            }
            match st.effect {
                Effect::Deny => denies.push(matched(policy, st)),
                Effect::Allow => {
                    any_allow = true;
                    if let Some(a) = allows.as_deref_mut() {
                        a.push(matched(policy, st));
                    }
                }
            }
        }
    }
    any_allow
}

impl<'a> PolicySet<'a> {
    /// Decides `request`.
    pub fn evaluate(&self, request: &Request) -> Response<'a> {
        let p = &request.principal;
        let slr = p.is_service_linked_role();
        let scps_apply =
            !slr && !matches!(p.kind, PrincipalKind::Service | PrincipalKind::Anonymous);
        let rcps_apply = !slr && catalogue().rcp_supported(request.service());

        let mut denies = Vec::new();
        let mut identity_allows = Vec::new();
        let mut resource_allows = Vec::new();

        let identity_ok = scan(
            &self.identity,
            request,
            &mut denies,
            Some(&mut identity_allows),
        );
        let boundary_ok = match self.boundary {
            Some(b) => scan(&[b], request, &mut denies, None),
            None => true,
        };
        let session_ok = scan(&self.session, request, &mut denies, None);
        let mut scp_missing = None;
        if scps_apply {
            for (level, policies) in self.scps.iter().enumerate() {
                if !scan(policies, request, &mut denies, None) && scp_missing.is_none() {
                    scp_missing = Some(MissingAllow::Scp(level));
                }
            }
        }
        let mut rcp_missing = None;
        if rcps_apply {
            for (level, policies) in self.rcps.iter().enumerate() {
                if !scan(policies, request, &mut denies, None) && rcp_missing.is_none() {
                    rcp_missing = Some(MissingAllow::Rcp(level));
                }
            }
        }
        let mut resource_strength: Option<PrincipalMatch> = None;
        if let Some(policy) = self.resource {
            for st in &policy.statements {
                let Some(how) = st.applies(request) else {
                    continue;
                };
                match st.effect {
                    Effect::Deny => denies.push(matched(policy, st)),
                    Effect::Allow => {
                        resource_strength = resource_strength.max(Some(how));
                        resource_allows.push(matched(policy, st));
                    }
                }
            }
        }

        let respond = |decision, matched, missing| Response {
            decision,
            matched,
            missing,
            errors: self.errors.clone(),
        };
        if !denies.is_empty() {
            return respond(Decision::ExplicitDeny, denies, None);
        }
        if let Some(m) = scp_missing.or(rcp_missing) {
            return respond(Decision::ImplicitDeny, Vec::new(), Some(m));
        }
        let deny = |m| respond(Decision::ImplicitDeny, Vec::new(), Some(m));

        // Callers without an identity side: only a resource policy can allow.
        if matches!(p.kind, PrincipalKind::Anonymous | PrincipalKind::Service) {
            return match resource_strength {
                Some(_) => respond(Decision::Allowed, resource_allows, None),
                None => deny(MissingAllow::ResourcePolicy),
            };
        }

        let same_account = request.owner_account() == p.account;
        let is_root = p.kind == PrincipalKind::Root;
        let identity_ok = identity_ok || is_root;
        let session_ok = match p.kind {
            PrincipalKind::FederatedUser => !self.session.is_empty() && session_ok,
            _ => self.session.is_empty() || session_ok,
        };

        if same_account {
            match resource_strength {
                Some(PrincipalMatch::Exact) => {
                    return respond(Decision::Allowed, resource_allows, None);
                }
                Some(PrincipalMatch::Role) => {
                    if !boundary_ok {
                        return deny(MissingAllow::Boundary);
                    }
                    if !session_ok {
                        return deny(MissingAllow::Session);
                    }
                    return respond(Decision::Allowed, resource_allows, None);
                }
                Some(PrincipalMatch::Account) => {}
                None if self.resource_policy_required => {
                    return deny(MissingAllow::ResourcePolicy);
                }
                None => {}
            }
        } else if resource_strength.is_none() {
            return deny(MissingAllow::ResourcePolicy);
        }

        if !identity_ok {
            return deny(MissingAllow::Identity);
        }
        if !boundary_ok {
            return deny(MissingAllow::Boundary);
        }
        if !session_ok {
            return deny(MissingAllow::Session);
        }
        let mut allows = identity_allows;
        allows.extend(resource_allows);
        respond(Decision::Allowed, allows, None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::principal::Principal;
    use crate::request::Context;

    fn policy(kind: PolicyKind, text: &str) -> Policy {
        Policy::parse("p", kind, text).unwrap()
    }

    fn request(principal: &str, action: &str, resource: &str) -> Request {
        Request::new(
            Principal::from_arn(principal).unwrap(),
            action,
            resource,
            Context::new(),
        )
    }

    #[test]
    fn deny_wins_and_is_reported() {
        let p = policy(
            PolicyKind::Identity,
            r#"{"Statement":[{"Sid":"all","Effect":"Allow","Action":"s3:*","Resource":"*"},
                {"Sid":"nodel","Effect":"Deny","Action":"s3:DeleteObject","Resource":"*"}]}"#,
        );
        let set = PolicySet {
            identity: vec![&p],
            ..PolicySet::default()
        };
        let u = "arn:aws:iam::111122223333:user/u";
        let r = set.evaluate(&request(u, "s3:DeleteObject", "arn:aws:s3:::b/k"));
        assert_eq!(r.decision, Decision::ExplicitDeny);
        assert_eq!(r.matched[0].sid, Some("nodel"));
        let r = set.evaluate(&request(u, "s3:GetObject", "arn:aws:s3:::b/k"));
        assert_eq!(r.decision, Decision::Allowed);
        assert_eq!(r.matched[0].sid, Some("all"));
        let r = set.evaluate(&request(u, "ec2:RunInstances", "*"));
        assert_eq!(r.decision, Decision::ImplicitDeny);
        assert_eq!(r.missing, Some(MissingAllow::Identity));
    }
}
