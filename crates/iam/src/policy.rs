//! A compiled policy: statements with pre-lowercased action patterns, pre-split ARN patterns and
//! compiled condition values, ready to match requests without allocating.

use crate::arn::ArnPattern;
use crate::condition::Condition;
use crate::glob::Glob;
use crate::principal::{PrincipalEntry, PrincipalMatch, excluded_by};
use crate::request::Request;
use crate::variables::Template;

/// Where a policy is attached; decides which elements it may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PolicyKind {
    /// Identity-based (inline or managed, on a user, group or role).
    Identity,
    /// Permissions boundary.
    Boundary,
    /// Session policy passed when assuming a role or federating.
    Session,
    /// Resource-based policy (bucket, queue, topic, key, function…).
    Resource,
    /// Role trust policy (a resource-based policy on the role).
    Trust,
    /// Organizations service control policy.
    Scp,
    /// Organizations resource control policy.
    Rcp,
}

impl PolicyKind {
    /// `identity`, `boundary`, `session`, `resource`, `trust`, `scp`, `rcp`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Identity => "identity",
            Self::Boundary => "boundary",
            Self::Session => "session",
            Self::Resource => "resource",
            Self::Trust => "trust",
            Self::Scp => "scp",
            Self::Rcp => "rcp",
        }
    }

    /// Resource-side policies name principals.
    pub fn has_principals(self) -> bool {
        matches!(self, Self::Resource | Self::Trust | Self::Rcp)
    }
}

/// `Effect`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Effect {
    /// `Allow`.
    Allow,
    /// `Deny`.
    Deny,
}

impl Effect {
    /// `Allow` / `Deny`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Allow => "Allow",
            Self::Deny => "Deny",
        }
    }
}

/// An `Action` / `NotAction` pattern, lower-cased.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionPattern {
    /// The pattern as written.
    pub text: String,
    glob: Glob,
}

impl ActionPattern {
    /// Compiles a pattern (`s3:Get*`, `*`).
    pub fn new(text: &str) -> Self {
        Self {
            text: text.to_owned(),
            glob: Glob::new(&text.to_ascii_lowercase()),
        }
    }

    /// Does the lower-cased action match?
    pub fn matches_lower(&self, action_lower: &str) -> bool {
        self.glob.matches(action_lower)
    }
}

/// A `Resource` / `NotResource` pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResourcePattern {
    /// The pattern as written.
    pub text: String,
    pattern: ArnPattern,
    template: Option<Template>,
}

impl ResourcePattern {
    /// Compiles a pattern; `variables` when `${…}` are policy variables.
    pub fn new(text: &str, variables: bool) -> Self {
        Self {
            text: text.to_owned(),
            pattern: ArnPattern::new(text),
            template: if variables {
                Template::parse(text)
            } else {
                None
            },
        }
    }

    /// Does `request.resource` match? A variable without a value matches nothing.
    pub fn matches(&self, request: &Request) -> bool {
        match &self.template {
            None => self.pattern.matches(&request.resource),
            Some(t) => t
                .escaped(&request.context)
                .is_some_and(|p| ArnPattern::matches_escaped(&p, &request.resource)),
        }
    }

    /// True when the pattern is `*`.
    pub fn is_any(&self) -> bool {
        self.template.is_none() && self.pattern.is_any()
    }
}

/// A list of patterns that is either positive (`Action`) or negated (`NotAction`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Targets<T> {
    /// `Not…` form.
    pub negated: bool,
    /// The patterns.
    pub items: Vec<T>,
}

/// One statement.
#[derive(Debug, Clone, PartialEq)]
pub struct Statement {
    /// Position in the policy's `Statement` list (0-based).
    pub index: usize,
    /// `Sid`, when given.
    pub sid: Option<String>,
    /// `Effect`.
    pub effect: Effect,
    /// `Principal` / `NotPrincipal` (resource-side policies).
    pub principals: Option<Targets<PrincipalEntry>>,
    /// `Action` / `NotAction`.
    pub actions: Targets<ActionPattern>,
    /// `Resource` / `NotResource`; `None` when absent (trust policies).
    pub resources: Option<Targets<ResourcePattern>>,
    /// `Condition` entries (all must hold).
    pub conditions: Vec<Condition>,
    /// Hashes of the literal service prefixes of a positive `Action` list (`None` when a pattern
    /// has a wildcard in its service, or for `NotAction`): a request for another service skips
    /// the statement without matching strings.
    pub service_filter: Option<Vec<u64>>,
}

/// FNV-1a over the bytes of a (lower-cased) service prefix.
pub fn service_hash(service: &str) -> u64 {
    nephos_model::hash::fnv1a(service.as_bytes())
}

/// The service filter of an action element (see [`Statement::service_filter`]).
pub fn service_filter(actions: &Targets<ActionPattern>) -> Option<Vec<u64>> {
    if actions.negated {
        return None;
    }
    let mut out = Vec::with_capacity(actions.items.len());
    for a in &actions.items {
        let lower = a.text.to_ascii_lowercase();
        let (svc, _) = lower.split_once(':')?;
        if svc.contains(['*', '?']) {
            return None;
        }
        let h = service_hash(svc);
        if !out.contains(&h) {
            out.push(h);
        }
    }
    Some(out)
}

impl Statement {
    /// Does the statement's action element cover `action_lower`?
    pub fn covers_action(&self, action_lower: &str) -> bool {
        let any = self
            .actions
            .items
            .iter()
            .any(|p| p.matches_lower(action_lower));
        any != self.actions.negated
    }

    /// Does the statement's resource element cover the request's resource?
    pub fn covers_resource(&self, request: &Request) -> bool {
        match &self.resources {
            None => true,
            Some(t) => t.items.iter().any(|p| p.matches(request)) != t.negated,
        }
    }

    /// How the principal element names the caller (`Exact` when there is none).
    pub fn principal_match(&self, request: &Request) -> Option<PrincipalMatch> {
        let Some(p) = &self.principals else {
            return Some(PrincipalMatch::Exact);
        };
        if p.negated {
            return (!excluded_by(&p.items, &request.principal)).then_some(PrincipalMatch::Exact);
        }
        p.items
            .iter()
            .filter_map(|e| e.matches(&request.principal))
            .max()
    }

    /// Do all conditions hold?
    pub fn conditions_hold(&self, request: &Request) -> bool {
        self.conditions.iter().all(|c| c.holds(&request.context))
    }

    /// Does the statement apply to the request? Returns how it named the caller.
    pub fn applies(&self, request: &Request) -> Option<PrincipalMatch> {
        if let Some(filter) = &self.service_filter
            && !filter.contains(&request.service_hash)
        {
            return None;
        }
        if !self.covers_action(&request.action_lower) || !self.covers_resource(request) {
            return None;
        }
        let how = self.principal_match(request)?;
        self.conditions_hold(request).then_some(how)
    }
}

/// A parsed, compiled policy.
#[derive(Debug, Clone, PartialEq)]
pub struct Policy {
    /// The caller's name for the policy (an ARN, `user/alice/inline/name`, a file name…).
    pub id: String,
    /// Where it is attached.
    pub kind: PolicyKind,
    /// `Version`; `None` when absent (then the 2008-10-17 language: no policy variables).
    pub version: Option<String>,
    /// `Id`, when given.
    pub policy_id: Option<String>,
    /// Statements in order.
    pub statements: Vec<Statement>,
}

impl Policy {
    /// True when policy variables are active (`Version` 2012-10-17).
    pub fn has_variables(&self) -> bool {
        self.version.as_deref() == Some(crate::parse::VERSION_2012)
    }
}
