//! Effective access over a whole estate's principals and resource policies, without the
//! inventory: an [`AccessModel`] is plain data (identities with their policies, resources with
//! their policies, SCPs and RCPs per account) that the `estate` module, a test or another tool
//! fills in.
//!
//! Questions it answers:
//! - [`AccessModel::evaluate`]: one request, as `nephos access` asks it;
//! - [`AccessModel::who_can`]: which known principals may perform an action on a resource;
//! - [`AccessModel::can_do`]: which actions (by access level) a principal is granted, on which
//!   resource patterns, by identity policies and by resource policies that name it.
//!
//! Work is principals × policies, never principals × resources: `can_do` reads the statements that
//! name a principal instead of trying every resource. Requests are evaluated with the context keys
//! AWS derives from the caller only; a condition on any other key is treated as AWS treats a
//! missing key.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::catalogue::{AccessLevel, catalogue};
use crate::error::PolicyError;
use crate::eval::{Decision, MatchedStatement, PolicySet, Response};
use crate::policy::{Effect, Policy};
use crate::principal::{Principal, PrincipalKind};
use crate::request::{Context, Request};

/// Maps keyed by ARNs and names, with the fast in-memory hasher of `nephos_model` (eight bytes at
/// a time; never iterated, so their order shows nowhere).
type FastMap<K, V> = nephos_model::hash::FastMap<K, V>;

/// What an ARN names in the model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Target {
    /// A user or role (position in `identities`).
    Identity(usize),
    /// A resource (position in `resources`).
    Resource(usize),
}

/// An IAM user or role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IdentityKind {
    /// An IAM user.
    User,
    /// An IAM role.
    Role,
}

/// A user or role with everything that decides its permissions.
#[derive(Debug, Clone)]
pub struct Identity {
    /// The user or role ARN (with its path).
    pub arn: String,
    /// Its account.
    pub account: String,
    /// User or role.
    pub kind: IdentityKind,
    /// Identity-based policies: inline, attached managed, and (users) its groups' policies.
    pub policies: Vec<Policy>,
    /// ARNs of the managed policies attached to it directly or through its groups.
    pub attached_policy_arns: Vec<String>,
    /// ARNs of its groups (users).
    pub groups: Vec<String>,
    /// Its permissions boundary.
    pub boundary: Option<Policy>,
    /// Its trust policy (roles).
    pub trust: Option<Policy>,
    /// Its tags (`aws:PrincipalTag/…`).
    pub tags: BTreeMap<String, String>,
}

impl Identity {
    /// A user or role with no policies.
    pub fn new(arn: &str, account: &str, kind: IdentityKind) -> Self {
        Self {
            arn: arn.to_owned(),
            account: account.to_owned(),
            kind,
            policies: Vec::new(),
            attached_policy_arns: Vec::new(),
            groups: Vec::new(),
            boundary: None,
            trust: None,
            tags: BTreeMap::new(),
        }
    }

    /// The role or user name (last path segment).
    pub fn name(&self) -> &str {
        self.arn.rsplit('/').next().unwrap_or(&self.arn)
    }
}

/// An IAM group (what `iam:AddUserToGroup` would give).
#[derive(Debug, Clone)]
pub struct Group {
    /// The group ARN.
    pub arn: String,
    /// Its account.
    pub account: String,
    /// Its policies (inline and attached).
    pub policies: Vec<Policy>,
}

/// A resource whose access the model answers for.
#[derive(Debug, Clone)]
pub struct ResourceEntry {
    /// The ARN.
    pub arn: String,
    /// The owning account.
    pub account: String,
    /// Its resource-based policy.
    pub policy: Option<Policy>,
    /// The policy must allow even in the same account (KMS key policies).
    pub policy_required: bool,
    /// The role its code runs as (a Lambda function's execution role, an instance's profile
    /// role): whoever changes or reaches the code acts as that role.
    pub runs_as: Option<String>,
}

/// A statement that decided, owned (for outputs and graph edges).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Evidence {
    /// Policy id.
    pub policy: String,
    /// `Sid`, when given.
    pub sid: Option<String>,
    /// Statement position.
    pub statement: usize,
    /// `Allow` / `Deny`.
    pub effect: Effect,
}

impl From<&MatchedStatement<'_>> for Evidence {
    fn from(m: &MatchedStatement<'_>) -> Self {
        Self {
            policy: m.policy.to_owned(),
            sid: m.sid.map(str::to_owned),
            statement: m.index,
            effect: m.effect,
        }
    }
}

/// Why a question could not be answered.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AccessError {
    /// The principal is neither known nor a recognisable ARN.
    #[error("unknown principal `{0}` (expected a user, role, assumed-role or root ARN)")]
    UnknownPrincipal(String),
}

/// Everything the effective-access questions read.
#[derive(Debug, Default)]
pub struct AccessModel {
    /// Users and roles.
    pub identities: Vec<Identity>,
    /// Groups.
    pub groups: Vec<Group>,
    /// Resources (with or without policies).
    pub resources: Vec<ResourceEntry>,
    /// SCP levels (root first) per member account; absent for the management account and for
    /// accounts outside an organization.
    pub scps: HashMap<String, Vec<Vec<Policy>>>,
    /// RCP levels per member account.
    pub rcps: HashMap<String, Vec<Vec<Policy>>>,
    /// Policies that could not be parsed.
    pub errors: Vec<PolicyError>,
    /// Number of stored versions of each managed policy, where known (a policy with one version
    /// offers nothing to `iam:SetDefaultPolicyVersion`).
    pub policy_versions: HashMap<String, usize>,
    by_arn: FastMap<String, usize>,
    roles_by_name: FastMap<(String, String), usize>,
    resources_by_arn: FastMap<String, usize>,
    by_account: FastMap<String, Vec<usize>>,
}

/// One principal allowed to do something, with the statements that allowed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AllowedPrincipal {
    /// The user or role ARN.
    pub principal: String,
    /// The allowing statements.
    pub evidence: Vec<Evidence>,
}

/// An action a principal is granted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionGrant {
    /// `service:Action`.
    pub action: String,
    /// Its access level (`None` when not in the catalogue).
    pub level: Option<AccessLevel>,
    /// Resource patterns the grant covers.
    pub resources: BTreeSet<String>,
    /// The granting statements.
    pub evidence: BTreeSet<Evidence>,
}

impl AccessModel {
    /// Builds the lookup indexes; call after filling the public fields.
    pub fn index(&mut self) {
        self.by_arn = self
            .identities
            .iter()
            .enumerate()
            .map(|(i, id)| (id.arn.clone(), i))
            .collect();
        self.roles_by_name = self
            .identities
            .iter()
            .enumerate()
            .filter(|(_, id)| id.kind == IdentityKind::Role)
            .map(|(i, id)| ((id.account.clone(), id.name().to_owned()), i))
            .collect();
        self.resources_by_arn = self
            .resources
            .iter()
            .enumerate()
            .map(|(i, r)| (r.arn.clone(), i))
            .collect();
        self.by_account = FastMap::default();
        for (i, id) in self.identities.iter().enumerate() {
            self.by_account
                .entry(id.account.clone())
                .or_default()
                .push(i);
        }
    }

    /// Adds an identity, or replaces the one with the same ARN, keeping the indexes up to date
    /// (no [`AccessModel::index`] needed).
    pub fn upsert_identity(&mut self, identity: Identity) {
        match self.by_arn.get(&identity.arn).copied() {
            Some(i) => {
                self.unindex_identity(i);
                if let Some(slot) = self.identities.get_mut(i) {
                    *slot = identity;
                }
                self.index_identity(i);
            }
            None => {
                self.by_arn
                    .insert(identity.arn.clone(), self.identities.len());
                self.identities.push(identity);
                self.index_identity(self.identities.len() - 1);
            }
        }
    }

    /// Removes the identity with this ARN, keeping the indexes up to date. Positions of other
    /// identities may change (the last one moves into the gap).
    pub fn remove_identity(&mut self, arn: &str) -> Option<Identity> {
        let i = self.by_arn.remove(arn)?;
        self.unindex_identity(i);
        let last = self.identities.len() - 1;
        if i != last {
            self.unindex_identity(last);
        }
        let removed = self.identities.swap_remove(i);
        if i != last {
            if let Some(moved) = self.identities.get(i) {
                self.by_arn.insert(moved.arn.clone(), i);
            }
            self.index_identity(i);
        }
        Some(removed)
    }

    fn index_identity(&mut self, i: usize) {
        let Some(id) = self.identities.get(i) else {
            return;
        };
        if id.kind == IdentityKind::Role {
            self.roles_by_name
                .insert((id.account.clone(), id.name().to_owned()), i);
        }
        self.by_account
            .entry(id.account.clone())
            .or_default()
            .push(i);
    }

    fn unindex_identity(&mut self, i: usize) {
        let Some(id) = self.identities.get(i) else {
            return;
        };
        if id.kind == IdentityKind::Role {
            let key = (id.account.clone(), id.name().to_owned());
            if self.roles_by_name.get(&key) == Some(&i) {
                self.roles_by_name.remove(&key);
            }
        }
        if let Some(list) = self.by_account.get_mut(id.account.as_str()) {
            list.retain(|&x| x != i);
            if list.is_empty() {
                self.by_account.remove(id.account.as_str());
            }
        }
    }

    /// Adds a group, or replaces the one with the same ARN.
    pub fn upsert_group(&mut self, group: Group) {
        match self.groups.iter_mut().find(|g| g.arn == group.arn) {
            Some(slot) => *slot = group,
            None => self.groups.push(group),
        }
    }

    /// Removes the group with this ARN.
    pub fn remove_group(&mut self, arn: &str) -> Option<Group> {
        let i = self.groups.iter().position(|g| g.arn == arn)?;
        Some(self.groups.swap_remove(i))
    }

    /// Adds a resource, or replaces the one with the same ARN, keeping the index up to date.
    pub fn upsert_resource(&mut self, entry: ResourceEntry) {
        match self.resources_by_arn.get(&entry.arn).copied() {
            Some(i) => {
                if let Some(slot) = self.resources.get_mut(i) {
                    *slot = entry;
                }
            }
            None => {
                self.resources_by_arn
                    .insert(entry.arn.clone(), self.resources.len());
                self.resources.push(entry);
            }
        }
    }

    /// Removes the resource with this ARN (the last one moves into the gap).
    pub fn remove_resource(&mut self, arn: &str) -> Option<ResourceEntry> {
        let i = self.resources_by_arn.remove(arn)?;
        let removed = self.resources.swap_remove(i);
        if let Some(moved) = self.resources.get(i) {
            self.resources_by_arn.insert(moved.arn.clone(), i);
        }
        Some(removed)
    }

    /// The users and roles of an account.
    pub fn identities_in<'a>(&'a self, account: &str) -> impl Iterator<Item = &'a Identity> + 'a {
        self.by_account
            .get(account)
            .into_iter()
            .flatten()
            .filter_map(|&i| self.identities.get(i))
    }

    /// Positions of the identities of an account.
    pub(crate) fn identity_positions(&self, account: &str) -> &[usize] {
        self.by_account.get(account).map_or(&[], Vec::as_slice)
    }

    /// The identity with this ARN.
    pub fn identity(&self, arn: &str) -> Option<&Identity> {
        self.by_arn.get(arn).and_then(|&i| self.identities.get(i))
    }

    /// What `arn` names in the model (one lookup for both maps' usual case).
    pub(crate) fn target(&self, arn: &str) -> Option<Target> {
        if let Some(&i) = self.resources_by_arn.get(arn) {
            return Some(Target::Resource(i));
        }
        if let Some(&i) = self.by_arn.get(arn) {
            return Some(Target::Identity(i));
        }
        // A request on an object, index or stream is governed by its container's resource policy.
        container_of(arn)
            .and_then(|c| self.resources_by_arn.get(c))
            .map(|&i| Target::Resource(i))
    }

    /// The account of a target, else the ARN's account field.
    pub(crate) fn owner_for<'a>(&'a self, arn: &'a str, target: Option<Target>) -> Option<&'a str> {
        match target {
            Some(Target::Resource(i)) => self.resources.get(i).map(|r| r.account.as_str()),
            Some(Target::Identity(i)) => self.identities.get(i).map(|r| r.account.as_str()),
            None => crate::arn::ArnParts::parse(arn)
                .map(|p| p.account)
                .filter(|a| !a.is_empty()),
        }
    }

    /// The position of the identity with this ARN.
    pub(crate) fn index_of(&self, arn: &str) -> Option<usize> {
        self.by_arn.get(arn).copied()
    }

    /// The resource with this ARN.
    pub fn resource(&self, arn: &str) -> Option<&ResourceEntry> {
        self.resources_by_arn
            .get(arn)
            .and_then(|&i| self.resources.get(i))
    }

    /// Resolves a caller: a known user or role (a role is read as a session of it, named
    /// `nephos`), an assumed-role session of a known role, or any other recognisable ARN (then
    /// without policies).
    pub fn resolve(&self, arn: &str) -> Result<(Principal, Option<&Identity>), AccessError> {
        if let Some(id) = self.identity(arn) {
            return Ok((self.principal_of(id), Some(id)));
        }
        let mut p = Principal::from_arn(arn)
            .ok_or_else(|| AccessError::UnknownPrincipal(arn.to_owned()))?;
        if let Some(role_arn) = p.role_arn() {
            let name = role_arn.rsplit('/').next().unwrap_or_default();
            if let Some(id) = self
                .roles_by_name
                .get(&(p.account.clone(), name.to_owned()))
                .and_then(|&i| self.identities.get(i))
            {
                p.kind = PrincipalKind::RoleSession {
                    role_arn: id.arn.clone(),
                };
                p.tags = id.tags.clone();
                return Ok((p, Some(id)));
            }
        }
        Ok((p, None))
    }

    /// The caller a known identity acts as (roles: a session named `nephos`).
    pub fn principal_of(&self, id: &Identity) -> Principal {
        let mut p = match id.kind {
            IdentityKind::User => Principal::from_arn(&id.arn),
            IdentityKind::Role => {
                let partition = id.arn.split(':').nth(1).unwrap_or("aws");
                Principal::from_arn(&format!(
                    "arn:{partition}:sts::{}:assumed-role/{}/nephos",
                    id.account,
                    id.name()
                ))
                .map(|mut p| {
                    p.kind = PrincipalKind::RoleSession {
                        role_arn: id.arn.clone(),
                    };
                    p
                })
            }
        }
        .unwrap_or(Principal {
            arn: id.arn.clone(),
            account: id.account.clone(),
            kind: PrincipalKind::User,
            tags: BTreeMap::new(),
            federated_provider: None,
            canonical_user: None,
        });
        p.tags = id.tags.clone();
        p
    }

    /// The caller's side of a policy set (identity, boundary, SCPs, errors).
    pub fn caller_side<'a>(&'a self, id: Option<&'a Identity>, account: &str) -> PolicySet<'a> {
        PolicySet {
            identity: id.map(|i| i.policies.iter().collect()).unwrap_or_default(),
            boundary: id.and_then(|i| i.boundary.as_ref()),
            scps: self
                .scps
                .get(account)
                .map(|levels| levels.iter().map(|l| l.iter().collect()).collect())
                .unwrap_or_default(),
            errors: self.errors.iter().collect(),
            ..PolicySet::default()
        }
    }

    /// Fills in the resource side of `set` for `request` (resource policy, trust policy, RCPs).
    pub fn with_resource<'a>(&'a self, mut set: PolicySet<'a>, request: &Request) -> PolicySet<'a> {
        self.attach_resource(&mut set, request);
        set
    }

    /// Replaces the resource side of `set` in place (no allocation when there are no RCPs).
    pub fn attach_resource<'a>(&'a self, set: &mut PolicySet<'a>, request: &Request) {
        self.attach_target(set, request, self.target(&request.resource));
    }

    /// [`AccessModel::attach_resource`] with the request's resource already looked up.
    pub(crate) fn attach_target<'a>(
        &'a self,
        set: &mut PolicySet<'a>,
        request: &Request,
        target: Option<Target>,
    ) {
        let assume = request.action_lower_str().starts_with("sts:assumerole");
        set.resource = None;
        set.resource_policy_required = false;
        match target {
            Some(Target::Identity(i)) if assume => {
                set.resource = self.identities.get(i).and_then(|r| r.trust.as_ref());
                set.resource_policy_required = true;
            }
            Some(Target::Resource(i)) => {
                if let Some(r) = self.resources.get(i) {
                    set.resource = r.policy.as_ref();
                    set.resource_policy_required = r.policy_required;
                }
            }
            _ => {}
        }
        if !set.rcps.is_empty() {
            set.rcps.clear();
        }
        if !self.rcps.is_empty()
            && let Some(levels) = self.rcps.get(request.owner_account())
        {
            set.rcps
                .extend(levels.iter().map(|l| l.iter().collect::<Vec<_>>()));
        }
    }

    /// The account owning a resource ARN: the model's record, else the ARN's account field.
    pub fn owner_of<'a>(&'a self, resource: &'a str) -> Option<&'a str> {
        self.owner_for(resource, self.target(resource))
    }

    /// Builds the request for a caller, completing the resource's owner.
    pub fn request(
        &self,
        principal: Principal,
        action: &str,
        resource: &str,
        ctx: Context,
    ) -> Request {
        let owner = self.owner_of(resource).map(str::to_owned);
        let req = Request::new(principal, action, resource, ctx);
        match owner {
            Some(o) => req.with_resource_account(o),
            None => req,
        }
    }

    /// Decides one request (the `nephos access` question).
    pub fn evaluate(
        &self,
        principal: &str,
        action: &str,
        resource: &str,
        context: Context,
    ) -> Result<Response<'_>, AccessError> {
        let (p, id) = self.resolve(principal)?;
        let account = p.account.clone();
        let req = self.request(p, action, resource, context);
        let set = self.with_resource(self.caller_side(id, &account), &req);
        Ok(set.evaluate(&req))
    }

    /// Every known user and role allowed to perform `action` on `resource`.
    pub fn who_can(&self, action: &str, resource: &str) -> Vec<AllowedPrincipal> {
        let mut out = Vec::new();
        for id in &self.identities {
            let p = self.principal_of(id);
            let req = self.request(p, action, resource, Context::new());
            let set = self.with_resource(self.caller_side(Some(id), &id.account), &req);
            let r = set.evaluate(&req);
            if r.decision == Decision::Allowed {
                out.push(AllowedPrincipal {
                    principal: id.arn.clone(),
                    evidence: r.matched.iter().map(Evidence::from).collect(),
                });
            }
        }
        out
    }

    /// The actions `principal` is granted, with their access levels, the resource patterns and
    /// the granting statements. Wildcard and `NotAction` grants are expanded through the action
    /// catalogue; each catalogued action is then decided on each granted resource pattern (read
    /// as a resource name) so that denies, boundaries and SCPs are applied. Resource policies that
    /// name the principal add their resources.
    pub fn can_do(&self, principal: &str) -> Result<Vec<ActionGrant>, AccessError> {
        let (p, id) = self.resolve(principal)?;
        let cat = catalogue();
        // (action lower) → candidate resource patterns
        let mut candidates: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        let mut add = |actions: &crate::policy::Targets<crate::policy::ActionPattern>,
                       resources: Vec<String>| {
            let expanded: Vec<&str> = if actions.negated {
                cat.actions()
                    .iter()
                    .filter(|a| !actions.items.iter().any(|p| p.matches_lower(&a.lower)))
                    .map(|a| a.lower.as_str())
                    .collect()
            } else {
                actions
                    .items
                    .iter()
                    .flat_map(|p| cat.expand(&p.text))
                    .map(|a| a.lower.as_str())
                    .collect()
            };
            for a in expanded {
                candidates
                    .entry(a.to_owned())
                    .or_default()
                    .extend(resources.iter().cloned());
            }
        };
        if let Some(id) = id {
            for policy in &id.policies {
                for st in &policy.statements {
                    if st.effect != Effect::Allow {
                        continue;
                    }
                    let resources = match &st.resources {
                        Some(t) if !t.negated => t.items.iter().map(|r| r.text.clone()).collect(),
                        _ => vec!["*".to_owned()],
                    };
                    add(&st.actions, resources);
                }
            }
        }
        let probe = Request::new(p.clone(), "", "", Context::new());
        for r in &self.resources {
            let Some(policy) = &r.policy else { continue };
            for st in &policy.statements {
                if st.effect == Effect::Allow && st.principal_match(&probe).is_some() {
                    add(&st.actions, vec![r.arn.clone()]);
                }
            }
        }
        let account = p.account.clone();
        let caller = self.caller_side(id, &account);
        let mut out = Vec::new();
        for (action_lower, resources) in candidates {
            let info = cat.action(&action_lower);
            let name = info.map_or(action_lower.clone(), |a| a.name.clone());
            let mut grant = ActionGrant {
                action: name.clone(),
                level: info.map(|a| a.level),
                resources: BTreeSet::new(),
                evidence: BTreeSet::new(),
            };
            for resource in resources {
                let req = self.request(p.clone(), &name, &resource, Context::new());
                let set = self.with_resource(caller.clone(), &req);
                let r = set.evaluate(&req);
                if r.decision == Decision::Allowed {
                    grant.evidence.extend(r.matched.iter().map(Evidence::from));
                    grant.resources.insert(resource);
                }
            }
            if !grant.resources.is_empty() {
                out.push(grant);
            }
        }
        Ok(out)
    }
}

/// A decision's evidence in owned form, for outputs.
pub fn evidence(response: &Response<'_>) -> Vec<Evidence> {
    response.matched.iter().map(Evidence::from).collect()
}

/// Is this policy ARN an AWS-managed policy (which nobody can edit)?
pub fn is_aws_managed(policy_arn: &str) -> bool {
    policy_arn.contains(":iam::aws:policy/")
}

/// The resource whose policy governs a sub-resource ARN: an S3 object (`arn:aws:s3:::bkt/key`) →
/// its bucket; a DynamoDB index or stream (`…:table/t/index/i`) → its table. `None` otherwise.
pub(crate) fn container_of(arn: &str) -> Option<&str> {
    let parts = crate::arn::ArnParts::parse(arn)?;
    let cut = match parts.service {
        "s3" => parts.resource.find('/')?,
        "dynamodb" => {
            let rest = parts.resource.strip_prefix("table/")?;
            "table/".len() + rest.find('/')?
        }
        _ => return None,
    };
    let keep = arn.len() - parts.resource.len() + cut;
    arn.get(..keep)
}

#[cfg(test)]
mod tests {
    #[test]
    fn sub_resources_are_governed_by_their_container() {
        use super::container_of;
        assert_eq!(
            container_of("arn:aws:s3:::bkt/a/b.txt"),
            Some("arn:aws:s3:::bkt")
        );
        assert_eq!(container_of("arn:aws:s3:::bkt"), None);
        assert_eq!(
            container_of("arn:aws:dynamodb:eu-west-1:1:table/t/index/byDate"),
            Some("arn:aws:dynamodb:eu-west-1:1:table/t")
        );
        assert_eq!(container_of("arn:aws:dynamodb:eu-west-1:1:table/t"), None);
        assert_eq!(container_of("arn:aws:sqs:eu-west-1:1:q"), None);
        assert_eq!(container_of("not an arn"), None);
    }

    use super::*;
    use crate::policy::PolicyKind;

    pub(crate) fn pol(id: &str, kind: PolicyKind, text: &str) -> Policy {
        Policy::parse(id, kind, text).unwrap()
    }

    fn model() -> AccessModel {
        let mut alice = Identity::new(
            "arn:aws:iam::111111111111:user/alice",
            "111111111111",
            IdentityKind::User,
        );
        alice.policies.push(pol(
            "alice/read",
            PolicyKind::Identity,
            r#"{"Version":"2012-10-17","Statement":[{"Sid":"Read","Effect":"Allow","Action":"s3:Get*","Resource":"arn:aws:s3:::data/*"}]}"#,
        ));
        let bob = Identity::new(
            "arn:aws:iam::111111111111:user/bob",
            "111111111111",
            IdentityKind::User,
        );
        let mut m = AccessModel {
            identities: vec![alice, bob],
            resources: vec![ResourceEntry {
                arn: "arn:aws:s3:::data".into(),
                account: "111111111111".into(),
                policy: Some(pol(
                    "bucket/data",
                    PolicyKind::Resource,
                    r#"{"Statement":[{"Sid":"BobList","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:user/bob"},"Action":"s3:ListBucket","Resource":"arn:aws:s3:::data"}]}"#,
                )),
                policy_required: false,
                runs_as: None,
            }],
            ..AccessModel::default()
        };
        m.index();
        m
    }

    #[test]
    fn who_can_and_can_do() {
        let m = model();
        let who = m.who_can("s3:GetObject", "arn:aws:s3:::data/k");
        assert_eq!(who.len(), 1);
        assert_eq!(who[0].principal, "arn:aws:iam::111111111111:user/alice");
        assert_eq!(who[0].evidence[0].sid.as_deref(), Some("Read"));
        let who = m.who_can("s3:ListBucket", "arn:aws:s3:::data");
        assert_eq!(who.len(), 1);
        assert_eq!(who[0].principal, "arn:aws:iam::111111111111:user/bob");

        let grants = m.can_do("arn:aws:iam::111111111111:user/alice").unwrap();
        let get = grants.iter().find(|g| g.action == "s3:GetObject").unwrap();
        assert_eq!(get.level, Some(AccessLevel::Read));
        assert!(get.resources.contains("arn:aws:s3:::data/*"));
        assert!(grants.iter().all(|g| g.action.starts_with("s3:Get")));
        let bob = m.can_do("arn:aws:iam::111111111111:user/bob").unwrap();
        assert_eq!(bob.len(), 1);
        assert_eq!(bob[0].action, "s3:ListBucket");
        assert_eq!(bob[0].level, Some(AccessLevel::List));
        assert!(m.can_do("not an arn").is_err());
    }

    #[test]
    fn evaluate_resolves_sessions_of_known_roles() {
        let mut m = model();
        let mut r = Identity::new(
            "arn:aws:iam::111111111111:role/team/app",
            "111111111111",
            IdentityKind::Role,
        );
        r.policies.push(pol(
            "app",
            PolicyKind::Identity,
            r#"{"Statement":[{"Effect":"Allow","Action":"sqs:*","Resource":"*"}]}"#,
        ));
        m.identities.push(r);
        m.index();
        let resp = m
            .evaluate(
                "arn:aws:sts::111111111111:assumed-role/app/s1",
                "sqs:SendMessage",
                "arn:aws:sqs:us-east-1:111111111111:q",
                Context::new(),
            )
            .unwrap();
        assert_eq!(resp.decision, Decision::Allowed);
    }
}
