//! [`LiveEstate`]: the access model of an estate, kept up to date one resource at a time.
//!
//! [`LiveEstate::build`] reads a set of resources once (the full build, which
//! [`super::estate_of`] also uses); [`LiveEstate::upsert`] and [`LiveEstate::remove`] then apply
//! one resource change each and return an [`EstateDelta`]: which identities' caller side changed,
//! which roles' trust policies, which resources' entries, which accounts' SCPs or RCPs. Only what
//! the change reaches is rebuilt:
//!
//! - a user or role: that identity;
//! - a managed policy: the identities that attach it (directly, through a group, or as their
//!   permissions boundary) and the groups that attach it;
//! - a group: the group and its members;
//! - a data store, function or instance: its resource entry; an instance profile: the entries of
//!   the instances that use it;
//! - an Organizations account, OU or policy, or an account: the SCP and RCP levels of every member
//!   account are recomputed (a handful of resources) and compared; the accounts whose levels
//!   changed are reported, with their identities.
//!
//! A change that leaves everything the model reads unchanged (a user's credential report, a
//! bucket's tags) reports an empty delta. The model after any sequence of changes decides every
//! request exactly as a model built from scratch over the same resources (positions in
//! [`AccessModel::identities`] and [`AccessModel::resources`] may differ).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use nephos_model::props::InlinePolicy;
use nephos_model::{Properties, Resource, ResourceKind};

use super::EstateProblem;
use crate::access::{AccessModel, Group, Identity, IdentityKind, ResourceEntry};
use crate::error::PolicyError;
use crate::policy::{Policy, PolicyKind};

const ADMINISTRATOR_ACCESS: &str = "arn:aws:iam::aws:policy/AdministratorAccess";
const ADMINISTRATOR_ACCESS_DOC: &str =
    r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#;

/// The document of the AWS-managed SCP `FullAWSAccess`.
const FULL_AWS_ACCESS_SCP: &str =
    r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#;
/// The document of the AWS-managed RCP `RCPFullAWSAccess`.
const FULL_AWS_ACCESS_RCP: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}"#;

/// Where errors and problems of the Organizations policies are filed.
const ORGANIZATIONS: &str = "organizations";

/// What one change did to the model.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EstateDelta {
    /// Users and roles whose caller side (policies, groups, boundary, tags, account SCPs) may have
    /// changed, or that appeared or disappeared.
    pub identities: BTreeSet<String>,
    /// Of [`EstateDelta::identities`], those that appeared or disappeared.
    pub appeared_or_gone: BTreeSet<String>,
    /// Roles whose trust policy changed, or that appeared or disappeared.
    pub trust_policies: BTreeSet<String>,
    /// Resources whose entry (resource policy, account, role it runs as) changed, appeared or
    /// disappeared.
    pub resources: BTreeSet<String>,
    /// Member accounts whose SCP levels changed.
    pub scp_accounts: BTreeSet<String>,
    /// The users and roles of [`EstateDelta::scp_accounts`], whose caller side changed through
    /// their SCPs only (not listed in [`EstateDelta::identities`]).
    pub scp_identities: BTreeSet<String>,
    /// Member accounts whose RCP levels changed.
    pub rcp_accounts: BTreeSet<String>,
}

impl EstateDelta {
    /// True when the change decides nothing new.
    pub fn is_empty(&self) -> bool {
        self.identities.is_empty()
            && self.trust_policies.is_empty()
            && self.resources.is_empty()
            && self.scp_accounts.is_empty()
            && self.rcp_accounts.is_empty()
    }
}

/// A managed policy: its parsed default version (or why not) and what it was parsed from.
#[derive(Debug)]
struct Managed {
    parsed: Result<Policy, PolicyError>,
    document: Option<String>,
    versions: usize,
}

/// (account, group name): how users name their groups.
type GroupKey = (String, String);

/// Who attaches a managed policy.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Holder {
    Identity(String),
    Group(GroupKey),
}

/// A group as its members see it.
#[derive(Debug, Clone)]
struct BuiltGroup {
    arn: String,
    policies: Vec<Policy>,
    attached: Vec<String>,
}

/// What a resource entry is made from; equal signatures give equal entries.
#[derive(Debug, Clone, PartialEq, Eq)]
struct EntrySig {
    account: String,
    policy: Option<String>,
    required: bool,
    runs_as: Option<String>,
}

/// An instance, as far as the model reads it.
#[derive(Debug, Clone)]
struct InstanceSource {
    account: String,
    profile: String,
}

/// The access model of an estate, updated one resource at a time: see the module documentation.
#[derive(Debug, Default)]
pub struct LiveEstate {
    model: AccessModel,
    kinds: HashMap<String, ResourceKind>,
    managed: HashMap<String, Managed>,
    groups: HashMap<GroupKey, Resource>,
    built_groups: HashMap<GroupKey, BuiltGroup>,
    group_keys: HashMap<String, GroupKey>,
    identities: HashMap<String, Resource>,
    entries: HashMap<String, EntrySig>,
    instances: HashMap<String, InstanceSource>,
    instances_by_profile: HashMap<String, BTreeSet<String>>,
    profile_roles: HashMap<String, Option<String>>,
    org: BTreeMap<String, Resource>,
    holders: HashMap<String, BTreeSet<Holder>>,
    group_members: HashMap<GroupKey, BTreeSet<String>>,
    errors: BTreeMap<String, Vec<PolicyError>>,
    problems: BTreeMap<String, Vec<EstateProblem>>,
    errors_dirty: bool,
}

/// Kinds the model reads.
pub fn reads(kind: ResourceKind) -> bool {
    matches!(
        kind,
        ResourceKind::IamUser
            | ResourceKind::IamGroup
            | ResourceKind::IamRole
            | ResourceKind::IamPolicy
            | ResourceKind::InstanceProfile
            | ResourceKind::Instance
            | ResourceKind::LambdaFunction
            | ResourceKind::Bucket
            | ResourceKind::Queue
            | ResourceKind::Topic
            | ResourceKind::DynamoDbTable
            | ResourceKind::KmsKey
    ) || is_org(kind)
}

fn is_org(kind: ResourceKind) -> bool {
    matches!(
        kind,
        ResourceKind::OrganizationAccount
            | ResourceKind::OrganizationalUnit
            | ResourceKind::OrganizationPolicy
            | ResourceKind::Account
    )
}

impl LiveEstate {
    /// Builds the model of `resources` (kinds the model does not read are skipped). Identities and
    /// resources enter the model in the order given.
    pub fn build(resources: &[&Resource]) -> Self {
        let mut s = Self::default();
        let mut scratch = EstateDelta::default();
        // Managed policies and groups first: identities read them.
        for &r in resources {
            if r.kind == ResourceKind::IamPolicy {
                s.kinds.insert(r.id.as_str().to_owned(), r.kind);
                s.put_managed(r);
            }
        }
        for &r in resources {
            if r.kind == ResourceKind::IamGroup {
                s.kinds.insert(r.id.as_str().to_owned(), r.kind);
                let key = group_key(r);
                s.group_keys.insert(r.id.as_str().to_owned(), key.clone());
                s.groups.insert(key, r.clone());
            }
        }
        let keys: Vec<GroupKey> = s.groups.keys().cloned().collect();
        for key in keys {
            s.rebuild_group(&key);
        }
        for &r in resources {
            if r.kind == ResourceKind::InstanceProfile {
                s.kinds.insert(r.id.as_str().to_owned(), r.kind);
                s.profile_roles
                    .insert(r.id.as_str().to_owned(), profile_role(r));
            }
        }
        let mut org = false;
        for &r in resources {
            match r.kind {
                ResourceKind::IamPolicy
                | ResourceKind::IamGroup
                | ResourceKind::InstanceProfile => {}
                k if is_org(k) => {
                    s.kinds.insert(r.id.as_str().to_owned(), k);
                    s.org.insert(r.id.as_str().to_owned(), r.clone());
                    org = true;
                }
                k if reads(k) => {
                    s.kinds.insert(r.id.as_str().to_owned(), k);
                    s.upsert_into(r, &mut scratch);
                }
                _ => {}
            }
        }
        if org {
            s.recompute_org(&mut scratch);
        }
        s.finish();
        s
    }

    /// The access model.
    pub fn model(&self) -> &AccessModel {
        &self.model
    }

    /// What could not be resolved, by the resource it concerns.
    pub fn problems(&self) -> Vec<EstateProblem> {
        self.problems.values().flatten().cloned().collect()
    }

    /// The model and its problems.
    pub fn into_estate(self) -> super::Estate {
        let problems = self.problems();
        super::Estate {
            model: self.model,
            problems,
        }
    }

    /// Adds a resource or replaces the one with the same ARN. Kinds the model does not read
    /// change nothing.
    pub fn upsert(&mut self, r: &Resource) -> EstateDelta {
        let mut delta = EstateDelta::default();
        let arn = r.id.as_str();
        if let Some(&old) = self.kinds.get(arn)
            && old != r.kind
        {
            self.remove_into(arn, &mut delta);
        }
        if reads(r.kind) {
            self.kinds.insert(arn.to_owned(), r.kind);
            if is_org(r.kind) {
                self.org.insert(arn.to_owned(), r.clone());
                self.recompute_org(&mut delta);
            } else {
                self.upsert_into(r, &mut delta);
            }
        }
        self.finish();
        delta
    }

    /// Removes the resource with this ARN.
    pub fn remove(&mut self, arn: &str) -> EstateDelta {
        let mut delta = EstateDelta::default();
        self.remove_into(arn, &mut delta);
        self.finish();
        delta
    }

    fn finish(&mut self) {
        if self.errors_dirty {
            self.model.errors = self.errors.values().flatten().cloned().collect();
            self.errors_dirty = false;
        }
    }

    fn set_errors(&mut self, source: &str, errors: Vec<PolicyError>) {
        let old = self.errors.get(source).map_or(&[][..], Vec::as_slice);
        if old == errors.as_slice() {
            return;
        }
        self.errors_dirty = true;
        if errors.is_empty() {
            self.errors.remove(source);
        } else {
            self.errors.insert(source.to_owned(), errors);
        }
    }

    fn set_problems(&mut self, source: &str, problems: Vec<EstateProblem>) {
        if problems.is_empty() {
            self.problems.remove(source);
        } else {
            self.problems.insert(source.to_owned(), problems);
        }
    }

    // ---- per kind ------------------------------------------------------------------------------

    fn upsert_into(&mut self, r: &Resource, delta: &mut EstateDelta) {
        match r.kind {
            ResourceKind::IamPolicy => {
                if self.put_managed(r) {
                    self.rebuild_holders(r.id.as_str(), delta);
                }
            }
            ResourceKind::IamGroup => self.upsert_group(r, delta),
            ResourceKind::IamUser | ResourceKind::IamRole => self.upsert_identity(r, delta),
            ResourceKind::InstanceProfile => {
                let arn = r.id.as_str().to_owned();
                let role = profile_role(r);
                if self.profile_roles.get(&arn) != Some(&role) {
                    self.profile_roles.insert(arn.clone(), role);
                    self.refresh_instances(&arn, delta);
                }
            }
            ResourceKind::Instance => {
                let arn = r.id.as_str();
                let profile = match &r.props {
                    Properties::Instance(p) => p.iam_instance_profile_arn.clone(),
                    _ => None,
                };
                if let Some(old) = self.instances.remove(arn)
                    && let Some(list) = self.instances_by_profile.get_mut(&old.profile)
                {
                    list.remove(arn);
                }
                if let Some(profile) = profile {
                    self.instances_by_profile
                        .entry(profile.clone())
                        .or_default()
                        .insert(arn.to_owned());
                    self.instances.insert(
                        arn.to_owned(),
                        InstanceSource {
                            account: r.account.clone(),
                            profile,
                        },
                    );
                }
                self.refresh_instance(arn, delta);
            }
            _ => {
                if let Some((sig, text)) = entry_sig(r) {
                    self.put_entry(r.id.as_str(), sig, text, delta);
                }
            }
        }
    }

    fn remove_into(&mut self, arn: &str, delta: &mut EstateDelta) {
        let Some(kind) = self.kinds.remove(arn) else {
            return;
        };
        match kind {
            ResourceKind::IamPolicy => {
                if self.managed.remove(arn).is_some() {
                    self.model.policy_versions.remove(arn);
                    self.set_errors(arn, Vec::new());
                    self.rebuild_holders(arn, delta);
                }
            }
            ResourceKind::IamGroup => {
                if let Some(key) = self.group_keys.remove(arn) {
                    self.groups.remove(&key);
                    self.after_group_change(&key, delta);
                }
            }
            ResourceKind::IamUser | ResourceKind::IamRole => {
                if let Some(old) = self.identities.remove(arn) {
                    self.unlink_identity(&old);
                    self.model.remove_identity(arn);
                    self.set_errors(arn, Vec::new());
                    self.set_problems(arn, Vec::new());
                    delta.identities.insert(arn.to_owned());
                    delta.appeared_or_gone.insert(arn.to_owned());
                    if kind == ResourceKind::IamRole {
                        delta.trust_policies.insert(arn.to_owned());
                    }
                }
            }
            ResourceKind::InstanceProfile => {
                self.profile_roles.remove(arn);
                self.refresh_instances(arn, delta);
            }
            ResourceKind::Instance => {
                if let Some(old) = self.instances.remove(arn)
                    && let Some(list) = self.instances_by_profile.get_mut(&old.profile)
                {
                    list.remove(arn);
                }
                self.drop_entry(arn, delta);
            }
            k if is_org(k) => {
                self.org.remove(arn);
                self.recompute_org(delta);
            }
            _ => self.drop_entry(arn, delta),
        }
    }

    // ---- managed policies ----------------------------------------------------------------------

    /// Stores a managed policy; true when what identities read of it changed.
    fn put_managed(&mut self, r: &Resource) -> bool {
        let Properties::IamPolicy(p) = &r.props else {
            return false;
        };
        let arn = r.id.as_str();
        let document = p.default_document().map(str::to_owned);
        if let Some(old) = self.managed.get(arn)
            && old.document == document
            && old.versions == p.versions.len()
        {
            return false;
        }
        let parsed = match &document {
            Some(doc) => Policy::parse(arn, PolicyKind::Identity, doc),
            None => Err(PolicyError::Invalid {
                policy: arn.to_owned(),
                statement: None,
                field: "DefaultVersionId".into(),
                problem: "the default version was not collected".into(),
            }),
        };
        let errors = parsed.as_ref().err().cloned().into_iter().collect();
        self.set_errors(arn, errors);
        self.model
            .policy_versions
            .insert(arn.to_owned(), p.versions.len());
        self.managed.insert(
            arn.to_owned(),
            Managed {
                parsed,
                document,
                versions: p.versions.len(),
            },
        );
        true
    }

    fn managed_policy(
        &self,
        owner: &str,
        arn: &str,
        kind: PolicyKind,
        problems: &mut Vec<EstateProblem>,
    ) -> Option<Policy> {
        match self.managed.get(arn).map(|m| &m.parsed) {
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
                problems.push(EstateProblem::MissingPolicy {
                    identity: owner.to_owned(),
                    policy: arn.to_owned(),
                });
                None
            }
        }
    }

    /// Rebuilds everything that attaches the managed policy `arn`.
    fn rebuild_holders(&mut self, arn: &str, delta: &mut EstateDelta) {
        let holders: Vec<Holder> = self
            .holders
            .get(arn)
            .map(|h| h.iter().cloned().collect())
            .unwrap_or_default();
        for h in holders {
            match h {
                Holder::Identity(id) => self.rebuild_identity(&id, delta),
                Holder::Group(key) => self.after_group_change(&key, delta),
            }
        }
    }

    fn hold(&mut self, policy: &str, holder: Holder) {
        self.holders
            .entry(policy.to_owned())
            .or_default()
            .insert(holder);
    }

    fn release(&mut self, policy: &str, holder: &Holder) {
        if let Some(set) = self.holders.get_mut(policy) {
            set.remove(holder);
            if set.is_empty() {
                self.holders.remove(policy);
            }
        }
    }

    // ---- groups --------------------------------------------------------------------------------

    fn upsert_group(&mut self, r: &Resource, delta: &mut EstateDelta) {
        let arn = r.id.as_str();
        let key = group_key(r);
        if let Some(old_key) = self.group_keys.get(arn).cloned() {
            if let Some(old) = self.groups.get(&old_key)
                && old_key == key
                && old.props == r.props
            {
                return;
            }
            if old_key != key {
                self.groups.remove(&old_key);
                self.after_group_change(&old_key, delta);
            }
        }
        self.group_keys.insert(arn.to_owned(), key.clone());
        self.groups.insert(key.clone(), r.clone());
        self.after_group_change(&key, delta);
    }

    /// Rebuilds a group (present or gone) and its members.
    fn after_group_change(&mut self, key: &GroupKey, delta: &mut EstateDelta) {
        self.rebuild_group(key);
        let members: Vec<String> = self
            .group_members
            .get(key)
            .map(|m| m.iter().cloned().collect())
            .unwrap_or_default();
        for m in members {
            self.rebuild_identity(&m, delta);
        }
    }

    fn rebuild_group(&mut self, key: &GroupKey) {
        let holder = Holder::Group(key.clone());
        if let Some(old) = self.built_groups.remove(key) {
            for p in &old.attached {
                self.release(p, &holder);
            }
            self.model.remove_group(&old.arn);
            self.set_errors(&old.arn, Vec::new());
            self.set_problems(&old.arn, Vec::new());
        }
        let Some(g) = self.groups.get(key) else {
            return;
        };
        let Properties::IamGroup(props) = &g.props else {
            return;
        };
        let arn = g.id.as_str().to_owned();
        let account = g.account.clone();
        let mut errors = Vec::new();
        let mut problems = Vec::new();
        let mut policies = inline(&arn, &props.inline_policies, &mut errors);
        for m in &props.attached_policy_arns {
            if let Some(p) = self.managed_policy(&arn, m, PolicyKind::Identity, &mut problems) {
                policies.push(p);
            }
        }
        let attached = props.attached_policy_arns.clone();
        for p in &attached {
            self.hold(p, holder.clone());
        }
        self.model.upsert_group(Group {
            arn: arn.clone(),
            account,
            policies: policies.clone(),
        });
        self.set_errors(&arn, errors);
        self.set_problems(&arn, problems);
        self.built_groups.insert(
            key.clone(),
            BuiltGroup {
                arn,
                policies,
                attached,
            },
        );
    }

    // ---- users and roles -----------------------------------------------------------------------

    fn upsert_identity(&mut self, r: &Resource, delta: &mut EstateDelta) {
        let arn = r.id.as_str();
        let old = self.identities.get(arn);
        if let Some(old) = old
            && identity_sig(old) == identity_sig(r)
        {
            return;
        }
        let trust_changed = old.is_none_or(|o| trust_of(o) != trust_of(r));
        let appeared = old.is_none();
        if let Some(old) = self.identities.remove(arn) {
            self.unlink_identity(&old);
        }
        self.link_identity(r);
        self.identities.insert(arn.to_owned(), r.clone());
        self.rebuild_identity(arn, delta);
        if appeared {
            delta.appeared_or_gone.insert(arn.to_owned());
        }
        if r.kind == ResourceKind::IamRole && trust_changed {
            delta.trust_policies.insert(arn.to_owned());
        }
    }

    /// Files an identity under the managed policies and groups it names.
    fn link_identity(&mut self, r: &Resource) {
        let holder = Holder::Identity(r.id.as_str().to_owned());
        let (attached, boundary, groups) = identity_links(r);
        for p in attached.iter().chain(boundary) {
            self.hold(p, holder.clone());
        }
        for g in groups {
            self.group_members
                .entry((r.account.clone(), g.clone()))
                .or_default()
                .insert(r.id.as_str().to_owned());
        }
    }

    fn unlink_identity(&mut self, r: &Resource) {
        let holder = Holder::Identity(r.id.as_str().to_owned());
        let (attached, boundary, groups) = identity_links(r);
        for p in attached.iter().chain(boundary) {
            self.release(p, &holder);
        }
        for g in groups {
            let key = (r.account.clone(), g.clone());
            if let Some(m) = self.group_members.get_mut(&key) {
                m.remove(r.id.as_str());
                if m.is_empty() {
                    self.group_members.remove(&key);
                }
            }
        }
    }

    /// Rebuilds one user or role from its stored resource and puts it in the model.
    fn rebuild_identity(&mut self, arn: &str, delta: &mut EstateDelta) {
        let Some(r) = self.identities.get(arn) else {
            return;
        };
        let mut errors = Vec::new();
        let mut problems = Vec::new();
        let Some(id) = self.identity_of(r, &mut errors, &mut problems) else {
            return;
        };
        self.model.upsert_identity(id);
        self.set_errors(arn, errors);
        self.set_problems(arn, problems);
        delta.identities.insert(arn.to_owned());
    }

    fn identity_of(
        &self,
        r: &Resource,
        errors: &mut Vec<PolicyError>,
        problems: &mut Vec<EstateProblem>,
    ) -> Option<Identity> {
        let arn = r.id.as_str();
        match &r.props {
            Properties::IamUser(u) => {
                let mut id = Identity::new(arn, &r.account, IdentityKind::User);
                id.tags = r.tags.clone();
                id.policies = inline(arn, &u.inline_policies, errors);
                for m in &u.attached_policy_arns {
                    if let Some(p) = self.managed_policy(arn, m, PolicyKind::Identity, problems) {
                        id.policies.push(p);
                    }
                }
                id.attached_policy_arns = u.attached_policy_arns.clone();
                for g in &u.groups {
                    match self.built_groups.get(&(r.account.clone(), g.clone())) {
                        Some(group) => {
                            id.groups.push(group.arn.clone());
                            id.policies.extend(group.policies.iter().cloned());
                            id.attached_policy_arns
                                .extend(group.attached.iter().cloned());
                        }
                        None => problems.push(EstateProblem::MissingGroup {
                            user: arn.to_owned(),
                            group: g.clone(),
                        }),
                    }
                }
                if let Some(pb) = &u.permissions_boundary_arn {
                    id.boundary = self.managed_policy(arn, pb, PolicyKind::Boundary, problems);
                }
                Some(id)
            }
            Properties::IamRole(role) => {
                let mut id = Identity::new(arn, &r.account, IdentityKind::Role);
                id.tags = r.tags.clone();
                id.policies = inline(arn, &role.inline_policies, errors);
                for m in &role.attached_policy_arns {
                    if let Some(p) = self.managed_policy(arn, m, PolicyKind::Identity, problems) {
                        id.policies.push(p);
                    }
                }
                id.attached_policy_arns = role.attached_policy_arns.clone();
                if let Some(pb) = &role.permissions_boundary_arn {
                    id.boundary = self.managed_policy(arn, pb, PolicyKind::Boundary, problems);
                }
                if !role.trust_policy.is_empty() {
                    id.trust = parse(
                        &format!("{arn}/trust"),
                        PolicyKind::Trust,
                        &role.trust_policy,
                        errors,
                    );
                }
                Some(id)
            }
            _ => None,
        }
    }

    // ---- resource entries ----------------------------------------------------------------------

    fn put_entry(
        &mut self,
        arn: &str,
        sig: EntrySig,
        text: Option<String>,
        delta: &mut EstateDelta,
    ) {
        if self.entries.get(arn) == Some(&sig) {
            return;
        }
        let mut errors = Vec::new();
        let policy = text.and_then(|d| parse(arn, PolicyKind::Resource, &d, &mut errors));
        self.model.upsert_resource(ResourceEntry {
            arn: arn.to_owned(),
            account: sig.account.clone(),
            policy,
            policy_required: sig.required,
            runs_as: sig.runs_as.clone(),
        });
        self.set_errors(arn, errors);
        self.entries.insert(arn.to_owned(), sig);
        delta.resources.insert(arn.to_owned());
    }

    fn drop_entry(&mut self, arn: &str, delta: &mut EstateDelta) {
        if self.entries.remove(arn).is_some() {
            self.model.remove_resource(arn);
            self.set_errors(arn, Vec::new());
            delta.resources.insert(arn.to_owned());
        }
    }

    fn refresh_instances(&mut self, profile: &str, delta: &mut EstateDelta) {
        let instances: Vec<String> = self
            .instances_by_profile
            .get(profile)
            .map(|s| s.iter().cloned().collect())
            .unwrap_or_default();
        for i in instances {
            self.refresh_instance(&i, delta);
        }
    }

    /// An instance has an entry when its profile's role is known.
    fn refresh_instance(&mut self, arn: &str, delta: &mut EstateDelta) {
        let sig = self.instances.get(arn).and_then(|src| {
            let role = self.profile_roles.get(&src.profile)?.clone()?;
            Some(EntrySig {
                account: src.account.clone(),
                policy: None,
                required: false,
                runs_as: Some(role),
            })
        });
        match sig {
            Some(sig) => self.put_entry(arn, sig, None, delta),
            None => self.drop_entry(arn, delta),
        }
    }

    // ---- Organizations -------------------------------------------------------------------------

    fn recompute_org(&mut self, delta: &mut EstateDelta) {
        let resources: Vec<&Resource> = self.org.values().collect();
        let org = organizations(&resources);
        for (old, new, changed) in [
            (&self.model.scps, &org.scps, &mut delta.scp_accounts),
            (&self.model.rcps, &org.rcps, &mut delta.rcp_accounts),
        ] {
            for (account, levels) in old {
                if new.get(account) != Some(levels) {
                    changed.insert(account.clone());
                }
            }
            for (account, levels) in new {
                if old.get(account) != Some(levels) {
                    changed.insert(account.clone());
                }
            }
        }
        self.model.scps = org.scps;
        self.model.rcps = org.rcps;
        self.set_errors(ORGANIZATIONS, org.errors);
        self.set_problems(ORGANIZATIONS, org.problems);
        for account in &delta.scp_accounts {
            for id in self.model.identities_in(account) {
                delta.scp_identities.insert(id.arn.clone());
            }
        }
    }
}

fn group_key(r: &Resource) -> GroupKey {
    (r.account.clone(), r.name.clone())
}

fn profile_role(r: &Resource) -> Option<String> {
    match &r.props {
        Properties::InstanceProfile(p) => p.role_arns.first().cloned(),
        _ => None,
    }
}

/// The managed policies (attached, boundary) and groups an identity names.
fn identity_links(r: &Resource) -> (&[String], Option<&String>, &[String]) {
    match &r.props {
        Properties::IamUser(u) => (
            &u.attached_policy_arns,
            u.permissions_boundary_arn.as_ref(),
            &u.groups,
        ),
        Properties::IamRole(role) => (
            &role.attached_policy_arns,
            role.permissions_boundary_arn.as_ref(),
            &[],
        ),
        _ => (&[], None, &[]),
    }
}

type IdentitySig<'a> = (
    &'a str,
    ResourceKind,
    &'a BTreeMap<String, String>,
    &'a [InlinePolicy],
    (&'a [String], Option<&'a String>, &'a [String]),
    Option<&'a str>,
);

/// Everything an identity is built from.
fn identity_sig(r: &Resource) -> IdentitySig<'_> {
    let inline: &[InlinePolicy] = match &r.props {
        Properties::IamUser(u) => &u.inline_policies,
        Properties::IamRole(role) => &role.inline_policies,
        _ => &[],
    };
    (
        r.account.as_str(),
        r.kind,
        &r.tags,
        inline,
        identity_links(r),
        trust_of(r),
    )
}

fn trust_of(r: &Resource) -> Option<&str> {
    match &r.props {
        Properties::IamRole(role) => Some(role.trust_policy.as_str()),
        _ => None,
    }
}

/// What a resource's entry is made from, and its policy text; `None` for kinds without an entry
/// here (instances are handled apart).
fn entry_sig(r: &Resource) -> Option<(EntrySig, Option<String>)> {
    let (policy, required, runs_as) = match &r.props {
        Properties::Bucket(p) => (p.policy.as_ref().and_then(Option::as_deref), false, None),
        Properties::Queue(p) => (p.policy.as_deref(), false, None),
        Properties::Topic(p) => (p.policy.as_deref(), false, None),
        Properties::DynamoDbTable(p) => (p.policy.as_deref(), false, None),
        Properties::KmsKey(p) => (p.policy.as_deref(), true, None),
        Properties::LambdaFunction(p) => (
            p.policy.as_deref(),
            false,
            (!p.role_arn.is_empty()).then(|| p.role_arn.clone()),
        ),
        _ => return None,
    };
    let text = policy.map(str::to_owned);
    Some((
        EntrySig {
            account: r.account.clone(),
            policy: text.clone(),
            required,
            runs_as,
        },
        text,
    ))
}

fn parse(id: &str, kind: PolicyKind, text: &str, errors: &mut Vec<PolicyError>) -> Option<Policy> {
    match Policy::parse(id, kind, text) {
        Ok(p) => Some(p),
        Err(e) => {
            errors.push(e);
            None
        }
    }
}

fn inline(owner: &str, inline: &[InlinePolicy], errors: &mut Vec<PolicyError>) -> Vec<Policy> {
    inline
        .iter()
        .filter_map(|p| {
            parse(
                &format!("{owner}/inline/{}", p.name),
                PolicyKind::Identity,
                &p.document,
                errors,
            )
        })
        .collect()
}

/// SCP and RCP levels of every member account.
struct Organizations {
    scps: HashMap<String, Vec<Vec<Policy>>>,
    rcps: HashMap<String, Vec<Vec<Policy>>>,
    errors: Vec<PolicyError>,
    problems: Vec<EstateProblem>,
}

fn organizations(resources: &[&Resource]) -> Organizations {
    let mut out = Organizations {
        scps: HashMap::new(),
        rcps: HashMap::new(),
        errors: Vec::new(),
        problems: Vec::new(),
    };
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
        return out;
    }
    let management: Vec<String> = resources
        .iter()
        .filter_map(|r| match &r.props {
            Properties::Account(a) => a.management_account_id.clone(),
            _ => None,
        })
        .collect();
    let mut scps_by_target: HashMap<String, Vec<Policy>> = HashMap::new();
    let mut rcps_by_target: HashMap<String, Vec<Policy>> = HashMap::new();
    for &r in resources {
        let Properties::OrganizationPolicy(p) = &r.props else {
            continue;
        };
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
            out.problems
                .push(EstateProblem::UncollectedOrganizationPolicy(
                    r.id.as_str().to_owned(),
                ));
            continue;
        };
        let parsed = match Policy::parse(r.id.as_str(), kind, content) {
            Ok(x) => x,
            Err(e) => {
                out.errors.push(e);
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
            out.scps.insert(account.clone(), levels(&scps_by_target));
        }
        if !rcps_by_target.is_empty() {
            out.rcps.insert(account.clone(), levels(&rcps_by_target));
        }
    }
    out
}
