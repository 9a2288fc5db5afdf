//! The [`Context`]: everything checks look up, indexed once per inventory so every check is linear.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use nephos_model::props::AccountProps;
use rayon::prelude::*;

use crate::policy_patterns::{self, PolicyPatternError, Statement};
use nephos_model::{Inventory, Properties, Resource, ResourceId, ResourceKind, Timestamp};

/// A region of an account that account-wide regional settings (EBS default encryption, AWS Config,
/// IAM Access Analyzer) are judged in. Its id is the `AWS::::Region` resource's id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegionScope<'a> {
    /// The account.
    pub account: &'a str,
    /// The region name.
    pub region: &'a str,
    /// `arn:aws:nephos:<region>:<account>:region/<region>`.
    pub id: ResourceId,
}

/// Indexes over one inventory, built once and shared by every check.
#[derive(Debug)]
pub struct Context<'a> {
    /// The inventory being judged.
    pub inventory: &'a Inventory,
    /// "Now" for age-based checks: when the snapshot was taken (else the current time), so a
    /// re-run of an old snapshot gives the same answers.
    pub now: Timestamp,
    by_kind: HashMap<ResourceKind, Vec<&'a Resource>>,
    accounts: BTreeMap<&'a str, &'a Resource>,
    regions: BTreeMap<&'a str, BTreeSet<&'a str>>,
    trails: HashMap<&'a str, Vec<&'a Resource>>,
    flow_logged: HashSet<(&'a str, &'a str, &'a str)>,
    buckets: HashMap<&'a str, &'a Resource>,
    groups: HashMap<(&'a str, &'a str), &'a Resource>,
    by_arn: HashMap<&'a str, &'a Resource>,
    vpcs: HashMap<(&'a str, &'a str, &'a str), &'a Resource>,
    prefix_lists: HashMap<(&'a str, &'a str, &'a str), &'a Resource>,
    known_accounts: HashSet<&'a str>,
    coverage_empty: bool,
    policies: HashMap<&'a str, Result<Vec<Statement>, PolicyPatternError>>,
    identity_policies: HashMap<&'a str, nephos_iam::Policy>,
    administrator_access: Option<nephos_iam::Policy>,
}

/// The document of the AWS-managed `AdministratorAccess` policy, used when it was not collected.
pub const ADMINISTRATOR_ACCESS_DOCUMENT: &str =
    r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#;

static NO_RESOURCES: Vec<&Resource> = Vec::new();

impl<'a> Context<'a> {
    /// Indexes `inventory` in one pass.
    pub fn new(inventory: &'a Inventory) -> Self {
        let mut by_kind: HashMap<ResourceKind, Vec<&'a Resource>> = HashMap::new();
        let mut accounts = BTreeMap::new();
        let mut regions: BTreeMap<&'a str, BTreeSet<&'a str>> = BTreeMap::new();
        let mut trails: HashMap<&'a str, Vec<&'a Resource>> = HashMap::new();
        let mut flow_logged = HashSet::new();
        let mut buckets = HashMap::new();
        let mut groups = HashMap::new();
        let mut by_arn = HashMap::new();
        let mut vpcs = HashMap::new();
        let mut prefix_lists = HashMap::new();
        let mut known_accounts: HashSet<&'a str> = HashSet::new();
        let mut documents: Vec<&'a str> = Vec::new();
        let mut identity_documents: Vec<&'a str> = Vec::new();
        let mut referenced: HashSet<&'a str> = HashSet::new();
        for r in inventory.resources() {
            policy_documents(&r.props, &mut documents);
            identity_policy_documents(&r.props, &mut identity_documents, &mut referenced);
            by_kind.entry(r.kind).or_default().push(r);
            known_accounts.insert(r.account.as_str());
            let region = r.region.as_deref();
            if let Some(region) = region {
                regions
                    .entry(r.account.as_str())
                    .or_default()
                    .insert(region);
            }
            match (&r.props, region) {
                (Properties::Account(a), _) => {
                    accounts.insert(r.account.as_str(), r);
                    if let Some(m) = &a.management_account_id {
                        known_accounts.insert(m.as_str());
                    }
                }
                (Properties::OrganizationAccount(o), _) => {
                    known_accounts.insert(o.account_id.as_str());
                }
                (Properties::Trail(_), _) => trails.entry(r.account.as_str()).or_default().push(r),
                (Properties::FlowLog(f), Some(region))
                    if !f.status.eq_ignore_ascii_case("deleted") =>
                {
                    flow_logged.insert((r.account.as_str(), region, f.resource_id.as_str()));
                }
                (Properties::Bucket(_), _) => {
                    buckets.insert(r.name.as_str(), r);
                }
                (Properties::IamGroup(_), _) => {
                    // The group name is the ARN's last segment (after any path).
                    let name = r.id.as_str().rsplit('/').next().unwrap_or(&r.name);
                    groups.insert((r.account.as_str(), name), r);
                }
                (Properties::Vpc(_), Some(region)) => {
                    vpcs.insert((r.account.as_str(), region, r.id.short()), r);
                }
                (Properties::PrefixList(p), Some(region)) => {
                    prefix_lists.insert((r.account.as_str(), region, p.prefix_list_id.as_str()), r);
                }
                _ => {}
            }
            if matches!(
                r.kind,
                ResourceKind::IamPolicy | ResourceKind::IamRole | ResourceKind::InstanceProfile
            ) {
                by_arn.insert(r.id.as_str(), r);
            }
        }
        documents.sort_unstable();
        documents.dedup();
        let policies = documents
            .into_par_iter()
            .map(|d| (d, policy_patterns::statements(d)))
            .collect();
        // Managed policies: customer-managed ones (judged by themselves) and AWS-managed ones some
        // principal uses; the hundreds of unused AWS-managed policies are not parsed.
        for p in by_kind.get(&ResourceKind::IamPolicy).into_iter().flatten() {
            if let Properties::IamPolicy(props) = &p.props
                && (!props.aws_managed || referenced.contains(p.id.as_str()))
            {
                identity_documents.extend(props.default_document());
            }
        }
        identity_documents.sort_unstable();
        identity_documents.dedup();
        let identity_policies = identity_documents
            .into_par_iter()
            .filter_map(|d| {
                nephos_iam::Policy::parse("", nephos_iam::PolicyKind::Identity, d)
                    .ok()
                    .map(|p| (d, p))
            })
            .collect();
        Self {
            policies,
            identity_policies,
            administrator_access: nephos_iam::Policy::parse(
                "",
                nephos_iam::PolicyKind::Identity,
                ADMINISTRATOR_ACCESS_DOCUMENT,
            )
            .ok(),
            inventory,
            now: inventory.taken_at.unwrap_or_else(chrono::Utc::now),
            by_kind,
            accounts,
            regions,
            trails,
            flow_logged,
            buckets,
            groups,
            by_arn,
            vpcs,
            prefix_lists,
            known_accounts,
            coverage_empty: inventory.coverage.collected().next().is_none(),
        }
    }

    /// Applies `f` to the statements of a policy document, parsing it only if it was not parsed
    /// when the context was built (every policy document of the inventory is parsed once, up
    /// front).
    pub fn with_statements<T>(
        &self,
        document: &str,
        f: impl FnOnce(&[Statement]) -> T,
    ) -> Result<T, PolicyPatternError> {
        match self.policies.get(document) {
            Some(Ok(statements)) => Ok(f(statements)),
            Some(Err(e)) => Err(e.clone()),
            None => policy_patterns::statements(document).map(|s| f(&s)),
        }
    }

    /// The statements of `resource`'s policy `document` open to everyone
    /// ([`policy_patterns::public_of`]) that the policy's own `Deny` statements do not close to an
    /// outsider, as the IAM engine decides ([`crate::outsider`]).
    pub fn public_statements(
        &self,
        document: &str,
        resource: &Resource,
    ) -> Result<Vec<Statement>, PolicyPatternError> {
        let public = self.with_statements(document, policy_patterns::public_of)?;
        if public.is_empty() {
            return Ok(public);
        }
        Ok(crate::outsider::still_public(
            document,
            resource.kind == ResourceKind::IamRole,
            resource.id.as_str(),
            self.now.timestamp(),
            public,
        ))
    }

    /// Resources of one kind, in inventory order.
    pub fn of_kind(&self, kind: ResourceKind) -> &[&'a Resource] {
        self.by_kind.get(&kind).unwrap_or(&NO_RESOURCES)
    }

    /// Every `AWS::::Account` resource with its settings.
    pub fn accounts(&self) -> impl Iterator<Item = (&'a Resource, &'a AccountProps)> + '_ {
        self.accounts.values().filter_map(|r| match &r.props {
            Properties::Account(a) => Some((*r, a.as_ref())),
            _ => None,
        })
    }

    /// The settings of `account`, when its account resource was collected.
    pub fn account(&self, account: &str) -> Option<&'a AccountProps> {
        self.accounts.get(account).and_then(|r| match &r.props {
            Properties::Account(a) => Some(a.as_ref()),
            _ => None,
        })
    }

    /// The regions of `account`: those with an `AWS::::Region` resource or any regional resource.
    pub fn regions_of(&self, account: &'a str) -> Vec<RegionScope<'a>> {
        self.regions
            .get(account)
            .into_iter()
            .flatten()
            .map(|region| RegionScope {
                account,
                region,
                id: ResourceId::region(account, region),
            })
            .collect()
    }

    /// Was `source` (an account-data file stem) collected for this account and region? An
    /// inventory built without provenance (no coverage recorded at all, e.g. the demo estate or a
    /// test fixture) counts as fully collected.
    pub fn collected(&self, account: &str, region: &str, source: &str) -> bool {
        self.coverage_empty
            || self
                .inventory
                .coverage
                .is_collected(account, region, source)
    }

    /// The trails whose home account is `account` (organization trails of other accounts are not
    /// included; see [`Context::trails_covering`]).
    pub fn trails_of(&self, account: &str) -> &[&'a Resource] {
        self.trails.get(account).unwrap_or(&NO_RESOURCES)
    }

    /// Trails that log `account`: its own plus organization trails of any account in its
    /// organization.
    pub fn trails_covering(&self, account: &str) -> Vec<&'a Resource> {
        let org = self
            .account(account)
            .and_then(|a| a.organization_id.as_deref());
        let mut out: Vec<&'a Resource> = self.trails_of(account).to_vec();
        if let Some(org) = org {
            for (other, trails) in &self.trails {
                if *other == account
                    || self
                        .account(other)
                        .and_then(|a| a.organization_id.as_deref())
                        != Some(org)
                {
                    continue;
                }
                out.extend(trails.iter().filter(
                    |t| matches!(&t.props, Properties::Trail(p) if p.is_organization_trail),
                ));
            }
        }
        out
    }

    /// Does an active flow log watch `resource_id` (`vpc-…`, `subnet-…`, `eni-…`)?
    pub fn has_flow_log(&self, account: &str, region: &str, resource_id: &str) -> bool {
        self.flow_logged.contains(&(account, region, resource_id))
    }

    /// The bucket named `name`.
    pub fn bucket(&self, name: &str) -> Option<&'a Resource> {
        self.buckets.get(name).copied()
    }

    /// The IAM group `name` of `account`.
    pub fn group(&self, account: &str, name: &str) -> Option<&'a Resource> {
        self.groups.get(&(account, name)).copied()
    }

    /// A managed policy, role or instance profile by ARN.
    pub fn by_arn(&self, arn: &str) -> Option<&'a Resource> {
        self.by_arn.get(arn).copied()
    }

    /// The default document of the managed policy `arn`, when collected.
    pub fn managed_policy_document(&self, arn: &str) -> Option<&'a str> {
        match &self.by_arn(arn)?.props {
            Properties::IamPolicy(p) => p.default_document(),
            _ => None,
        }
    }

    /// An identity policy document of the inventory (inline or managed) as the IAM engine parsed
    /// it when the context was built; `None` for a document that is not valid policy language or
    /// was not in the inventory.
    pub fn identity_policy(&self, document: &str) -> Option<&nephos_iam::Policy> {
        self.identity_policies.get(document)
    }

    /// The parsed document and text of the managed policy `arn`: the collected default version,
    /// else, for the AWS-managed `AdministratorAccess`, its fixed document.
    pub fn managed_identity_policy(&self, arn: &str) -> Option<(&nephos_iam::Policy, &str)> {
        if let Some(doc) = self.managed_policy_document(arn) {
            return self.identity_policy(doc).map(|p| (p, doc));
        }
        let is_admin_access =
            arn.starts_with("arn:aws") && arn.ends_with(":policy/AdministratorAccess");
        if is_admin_access {
            return self
                .administrator_access
                .as_ref()
                .map(|p| (p, ADMINISTRATOR_ACCESS_DOCUMENT));
        }
        None
    }

    /// A VPC by (account, region, `vpc-…`).
    pub fn vpc(&self, account: &str, region: &str, vpc_id: &str) -> Option<&'a Resource> {
        self.vpcs.get(&(account, region, vpc_id)).copied()
    }

    /// A managed prefix list by (account, region, `pl-…`).
    pub fn prefix_list(&self, account: &str, region: &str, id: &str) -> Option<&'a Resource> {
        self.prefix_lists.get(&(account, region, id)).copied()
    }

    /// Is `account` one of the estate's own: an account in the inventory, a member of its
    /// organization, or its management account?
    pub fn is_known_account(&self, account: &str) -> bool {
        self.known_accounts.contains(account)
    }

    /// The role an instance profile holds, when both were collected.
    pub fn role_of_instance_profile(&self, profile_arn: &str) -> Option<&'a Resource> {
        match &self.by_arn(profile_arn)?.props {
            Properties::InstanceProfile(p) => p.role_arns.iter().find_map(|a| self.by_arn(a)),
            _ => None,
        }
    }
}

/// Pushes the inline policy documents of users, groups and roles, and records the managed
/// policies they attach or use as permissions boundary.
fn identity_policy_documents<'a>(
    props: &'a Properties,
    out: &mut Vec<&'a str>,
    referenced: &mut HashSet<&'a str>,
) {
    let (inline, attached, boundary) = match props {
        Properties::IamRole(p) => (
            &p.inline_policies,
            &p.attached_policy_arns,
            p.permissions_boundary_arn.as_deref(),
        ),
        Properties::IamUser(p) => (
            &p.inline_policies,
            &p.attached_policy_arns,
            p.permissions_boundary_arn.as_deref(),
        ),
        Properties::IamGroup(p) => (&p.inline_policies, &p.attached_policy_arns, None),
        _ => return,
    };
    out.extend(inline.iter().map(|i| i.document.as_str()));
    referenced.extend(attached.iter().map(String::as_str));
    referenced.extend(boundary);
}

/// Pushes the policy documents a resource carries (identity, trust and resource policies).
fn policy_documents<'a>(props: &'a Properties, out: &mut Vec<&'a str>) {
    match props {
        Properties::IamPolicy(p) => out.extend(p.default_document()),
        Properties::IamRole(p) => {
            out.push(&p.trust_policy);
            out.extend(p.inline_policies.iter().map(|i| i.document.as_str()));
        }
        Properties::IamUser(p) => out.extend(p.inline_policies.iter().map(|i| i.document.as_str())),
        Properties::IamGroup(p) => {
            out.extend(p.inline_policies.iter().map(|i| i.document.as_str()))
        }
        Properties::Bucket(b) => out.extend(b.policy.as_ref().and_then(|p| p.as_deref())),
        Properties::KmsKey(k) => out.extend(k.policy.as_deref()),
        Properties::Queue(q) => out.extend(q.policy.as_deref()),
        Properties::Topic(t) => out.extend(t.policy.as_deref()),
        Properties::LambdaFunction(f) => out.extend(f.policy.as_deref()),
        _ => {}
    }
}
