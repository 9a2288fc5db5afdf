//! Principals: who makes a request, and how a `Principal` / `NotPrincipal` element names them.
//!
//! [PR]: `"*"` is everyone, anonymous included; an account id or `arn:…:root` names the account
//! (which then delegates to its own identity policies); a user, role, assumed-role session or
//! federated-user ARN names that principal; `Service`, `Federated` and `CanonicalUser` name
//! services, identity providers and S3 canonical users. Partial wildcards are not allowed in a
//! principal, so an entry with `*` inside an ARN is kept as literal text and matches nothing.

use std::collections::BTreeMap;

use crate::arn::ArnParts;

/// What kind of caller makes a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PrincipalKind {
    /// Unauthenticated caller.
    Anonymous,
    /// The account's root user.
    Root,
    /// An IAM user.
    User,
    /// A role session (`arn:aws:sts::A:assumed-role/R/S`). `role_arn` is the role's IAM ARN, with
    /// its path when known.
    RoleSession {
        /// The role's ARN (`arn:aws:iam::A:role/path/R`).
        role_arn: String,
    },
    /// A federated user session (`sts:GetFederationToken`).
    FederatedUser,
    /// An AWS service principal (`lambda.amazonaws.com`).
    Service,
}

/// The caller of a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    /// The caller's ARN (session ARN for sessions; the service name for services; `*` for
    /// anonymous).
    pub arn: String,
    /// The caller's account (empty for anonymous and services).
    pub account: String,
    /// What kind of caller.
    pub kind: PrincipalKind,
    /// Principal tags (`aws:PrincipalTag/…`), keys as written.
    pub tags: BTreeMap<String, String>,
    /// The identity provider of a web-identity or SAML session (matched by `Federated`).
    pub federated_provider: Option<String>,
    /// The S3 canonical user id, when known (matched by `CanonicalUser`).
    pub canonical_user: Option<String>,
}

impl Principal {
    /// Recognises a caller from its ARN: `arn:aws:iam::A:user/…`, `arn:aws:iam::A:root`,
    /// `arn:aws:sts::A:assumed-role/R/S`, `arn:aws:sts::A:federated-user/N`, a role ARN (read as a
    /// session of that role named after the role), a service name `x.amazonaws.com`, or `*` /
    /// `anonymous`. Returns `None` for anything else.
    pub fn from_arn(arn: &str) -> Option<Self> {
        let make = |arn: &str, account: &str, kind| Self {
            arn: arn.to_owned(),
            account: account.to_owned(),
            kind,
            tags: BTreeMap::new(),
            federated_provider: None,
            canonical_user: None,
        };
        if arn == "*" || arn.eq_ignore_ascii_case("anonymous") {
            return Some(make("*", "", PrincipalKind::Anonymous));
        }
        if !arn.starts_with("arn:") && arn.ends_with(".amazonaws.com") {
            return Some(make(arn, "", PrincipalKind::Service));
        }
        let parts = ArnParts::parse(arn)?;
        if parts.account.is_empty() {
            return None;
        }
        match (parts.service, parts.resource) {
            ("iam", "root") => Some(make(arn, parts.account, PrincipalKind::Root)),
            ("iam", r) if r.starts_with("user/") => {
                Some(make(arn, parts.account, PrincipalKind::User))
            }
            ("iam", r) if r.starts_with("role/") => {
                let name = r.rsplit('/').next().unwrap_or(r);
                let session = format!(
                    "arn:{}:sts::{}:assumed-role/{name}/{name}",
                    parts.partition, parts.account
                );
                Some(make(
                    &session,
                    parts.account,
                    PrincipalKind::RoleSession {
                        role_arn: arn.to_owned(),
                    },
                ))
            }
            ("sts", r) if r.starts_with("assumed-role/") => {
                let role = r
                    .strip_prefix("assumed-role/")
                    .and_then(|rest| rest.split('/').next())
                    .unwrap_or_default();
                let role_arn =
                    format!("arn:{}:iam::{}:role/{role}", parts.partition, parts.account);
                Some(make(
                    arn,
                    parts.account,
                    PrincipalKind::RoleSession { role_arn },
                ))
            }
            ("sts", r) if r.starts_with("federated-user/") => {
                Some(make(arn, parts.account, PrincipalKind::FederatedUser))
            }
            _ => None,
        }
    }

    /// The partition of the caller's ARN (`aws` when it has none).
    pub fn partition(&self) -> &str {
        ArnParts::parse(&self.arn).map_or("aws", |p| p.partition)
    }

    /// The role ARN for a role session.
    pub fn role_arn(&self) -> Option<&str> {
        match &self.kind {
            PrincipalKind::RoleSession { role_arn } => Some(role_arn),
            _ => None,
        }
    }

    /// True for service-linked roles (path `/aws-service-role/` or name `AWSServiceRoleFor…`),
    /// which SCPs and RCPs do not restrict.
    pub fn is_service_linked_role(&self) -> bool {
        self.role_arn().is_some_and(|arn| {
            let resource = ArnParts::parse(arn).map_or("", |p| p.resource);
            resource.starts_with("role/aws-service-role/")
                || resource
                    .rsplit('/')
                    .next()
                    .is_some_and(|n| n.starts_with("AWSServiceRoleFor"))
        })
    }

    /// The IAM user name (for `aws:username`).
    pub fn user_name(&self) -> Option<&str> {
        match self.kind {
            PrincipalKind::User => self.arn.rsplit('/').next(),
            _ => None,
        }
    }

    /// The account root ARN of the caller's account.
    pub fn account_root(&self) -> String {
        format!("arn:{}:iam::{}:root", self.partition(), self.account)
    }
}

/// One entry of a `Principal` / `NotPrincipal` element.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PrincipalEntry {
    /// `"*"` or `{"AWS": "*"}`.
    Everyone,
    /// An account: a 12-digit id or `arn:…:iam::A:root`.
    Account(String),
    /// A user, role, assumed-role session or federated-user ARN (kept as written).
    Arn(String),
    /// `{"Service": "…"}`, lower-cased.
    Service(String),
    /// `{"Federated": "…"}`.
    Federated(String),
    /// `{"CanonicalUser": "…"}`.
    CanonicalUser(String),
}

/// How a matching `Principal` entry named the caller; this decides what a resource-policy Allow
/// is worth in the same account ([EVAL], B3.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum PrincipalMatch {
    /// The caller's account: delegation only, an identity Allow is still needed.
    Account,
    /// The role of a role session: allows unless a boundary or session policy lacks an Allow.
    Role,
    /// The caller itself (user, session, federated session, service, `*`, or via `NotPrincipal`):
    /// allows whatever the identity, boundary or session policy say.
    Exact,
}

impl PrincipalEntry {
    /// Parses one value of the `AWS` key.
    pub fn aws(value: &str) -> Self {
        if value == "*" {
            return Self::Everyone;
        }
        if value.len() == 12 && value.bytes().all(|b| b.is_ascii_digit()) {
            return Self::Account(value.to_owned());
        }
        if let Some(p) = ArnParts::parse(value)
            && p.service == "iam"
            && p.resource == "root"
        {
            return Self::Account(p.account.to_owned());
        }
        Self::Arn(value.to_owned())
    }

    /// How this entry names `caller`, if it does.
    pub fn matches(&self, caller: &Principal) -> Option<PrincipalMatch> {
        match self {
            Self::Everyone => Some(PrincipalMatch::Exact),
            Self::Account(a) => {
                let named = !caller.account.is_empty() && *a == caller.account;
                named.then_some(if caller.kind == PrincipalKind::Root {
                    PrincipalMatch::Exact
                } else {
                    PrincipalMatch::Account
                })
            }
            Self::Arn(arn) => {
                if *arn == caller.arn {
                    Some(PrincipalMatch::Exact)
                } else if caller.role_arn() == Some(arn.as_str()) {
                    Some(PrincipalMatch::Role)
                } else {
                    None
                }
            }
            Self::Service(s) => (caller.kind == PrincipalKind::Service
                && caller.arn.eq_ignore_ascii_case(s))
            .then_some(PrincipalMatch::Exact),
            Self::Federated(f) => (caller.federated_provider.as_deref() == Some(f.as_str()))
                .then_some(PrincipalMatch::Exact),
            Self::CanonicalUser(c) => (caller.canonical_user.as_deref() == Some(c.as_str()))
                .then_some(PrincipalMatch::Exact),
        }
    }

    /// Does this entry list exactly `identity` (one link of a caller's chain) for `NotPrincipal`?
    fn lists(&self, identity: &str, account: &str) -> bool {
        match self {
            Self::Everyone => true,
            Self::Account(a) => identity.ends_with(":root") && a == account,
            Self::Arn(arn) => arn == identity,
            Self::Service(s) => s.eq_ignore_ascii_case(identity),
            Self::Federated(f) => f == identity,
            Self::CanonicalUser(c) => c == identity,
        }
    }
}

/// Is `caller` excluded by a `NotPrincipal` list? AWS checks every link of the caller's chain
/// (the account, the role, the session), so each must be listed ([NP]): a user is excluded only
/// when both the user and its account are listed; a role session when the session (or role) and
/// the account are; a service or identity-provider session by its own name.
pub fn excluded_by(entries: &[PrincipalEntry], caller: &Principal) -> bool {
    let listed = |id: &str| entries.iter().any(|e| e.lists(id, &caller.account));
    match &caller.kind {
        PrincipalKind::Anonymous => entries.contains(&PrincipalEntry::Everyone),
        PrincipalKind::Service => listed(&caller.arn),
        PrincipalKind::Root => listed(&caller.account_root()),
        PrincipalKind::User | PrincipalKind::FederatedUser => {
            listed(&caller.arn) && listed(&caller.account_root())
        }
        PrincipalKind::RoleSession { role_arn } => {
            (listed(&caller.arn) || listed(role_arn)) && listed(&caller.account_root())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_callers() {
        let u = Principal::from_arn("arn:aws:iam::111122223333:user/dev/alice").unwrap();
        assert_eq!(u.kind, PrincipalKind::User);
        assert_eq!(u.user_name(), Some("alice"));
        let s = Principal::from_arn("arn:aws:sts::111122223333:assumed-role/R/s").unwrap();
        assert_eq!(s.role_arn(), Some("arn:aws:iam::111122223333:role/R"));
        let r = Principal::from_arn("arn:aws:iam::111122223333:role/svc/R").unwrap();
        assert_eq!(r.role_arn(), Some("arn:aws:iam::111122223333:role/svc/R"));
        assert_eq!(r.arn, "arn:aws:sts::111122223333:assumed-role/R/R");
        assert!(
            Principal::from_arn("arn:aws:iam::1:role/aws-service-role/support.amazonaws.com/AWSServiceRoleForSupport")
                .unwrap()
                .is_service_linked_role()
        );
        assert_eq!(
            Principal::from_arn("lambda.amazonaws.com").unwrap().kind,
            PrincipalKind::Service
        );
        assert!(Principal::from_arn("arn:aws:s3:::bucket").is_none());
    }

    #[test]
    fn entries_name_callers_with_strength() {
        let s = Principal::from_arn("arn:aws:sts::111122223333:assumed-role/R/s").unwrap();
        assert_eq!(
            PrincipalEntry::aws("111122223333").matches(&s),
            Some(PrincipalMatch::Account)
        );
        assert_eq!(
            PrincipalEntry::aws("arn:aws:iam::111122223333:role/R").matches(&s),
            Some(PrincipalMatch::Role)
        );
        assert_eq!(
            PrincipalEntry::aws("arn:aws:sts::111122223333:assumed-role/R/s").matches(&s),
            Some(PrincipalMatch::Exact)
        );
        assert_eq!(
            PrincipalEntry::aws("arn:aws:iam::111122223333:role/*").matches(&s),
            None
        );
    }

    #[test]
    fn not_principal_needs_every_link() {
        let bob = Principal::from_arn("arn:aws:iam::444455556666:user/Bob").unwrap();
        let only_bob = [PrincipalEntry::aws("arn:aws:iam::444455556666:user/Bob")];
        assert!(!excluded_by(&only_bob, &bob));
        let both = [
            PrincipalEntry::aws("arn:aws:iam::444455556666:user/Bob"),
            PrincipalEntry::aws("arn:aws:iam::444455556666:root"),
        ];
        assert!(excluded_by(&both, &bob));
    }
}
