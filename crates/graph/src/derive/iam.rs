//! The IAM engine's view of the estate, as the trust and access derivations read it.
//!
//! [`IamState`] holds the `nephos_iam` model of the graph's IAM-relevant resources
//! ([`nephos_iam::estate::LiveEstate`]) and the assume-role edges it gives, filed by role. A change
//! to a resource the model reads ([`reads_kind`]) updates the model in place and returns an
//! [`IamImpact`]: the roles whose trust edges changed, the roles whose access must be decided
//! again, and the data stores whose incoming access must be decided again:
//!
//! - a user or role whose caller side changed (its policies, groups, boundary, tags, its
//!   account's SCPs, a managed policy or group it uses): the edges *from* it — its access (a role)
//!   and the trust edges to every role whose trust policy names it (by ARN, by account, or
//!   everyone), each pair decided again;
//! - a role whose trust policy changed, or that appeared or disappeared: its own trust edges; an
//!   identity appearing or disappearing: the whole trust of the roles that name it (an external
//!   account or principal may become a known one);
//! - a data store whose resource policy or account changed: access into it;
//! - an account whose RCPs changed: trust into its roles and access into its data stores.
//!
//! Everything else (a VPC, an instance, a bucket's tags) leaves the model as it is.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use nephos_iam::estate::{EstateDelta, LiveEstate};
use nephos_iam::principal::PrincipalEntry;
use nephos_iam::trust::{AssumeEdge, Assumer};
use nephos_iam::{AccessModel, Context, Effect, Evidence, Policy, Request, Statement};
use nephos_model::{Resource, ResourceKind};

/// The IAM model of the graph's estate.
#[derive(Debug, Default)]
pub(crate) struct IamState {
    /// The access model, kept up to date.
    estate: LiveEstate,
    /// Role ARN → the edges of the assume graph that end at it, sorted.
    pub(crate) trust: HashMap<String, Vec<AssumeEdge>>,
    /// Principal key → roles whose trust policy names it ([`principal_keys`]).
    trusting: HashMap<String, BTreeSet<String>>,
    /// Role → the keys it is filed under in `trusting`.
    trust_keys: HashMap<String, Vec<String>>,
    /// Principal key → resources whose policy names it in an `Allow`.
    granting: HashMap<String, BTreeSet<String>>,
    /// Resource → the keys it is filed under in `granting`.
    grant_keys: HashMap<String, Vec<String>>,
    /// Per member account, its SCP levels as the graph's requests see them ([`asked_view`]).
    scp_view: HashMap<String, AskedView>,
    /// Per member account, its RCP levels as the graph's requests see them.
    rcp_view: HashMap<String, AskedView>,
}

/// Organization policy levels cut to the statements that can apply to a request the graph makes
/// ([`ASKED`]): (policy id, statements) per level.
type AskedView = Vec<Vec<(String, Vec<Statement>)>>;

/// The actions the trust and access derivations ask about (lower case).
const ASKED: [&str; 11] = [
    "sts:assumerole",
    "s3:getobject",
    "s3:putobject",
    "dynamodb:getitem",
    "dynamodb:putitem",
    "sqs:receivemessage",
    "sqs:sendmessage",
    "sns:subscribe",
    "sns:publish",
    "kms:decrypt",
    "kms:encrypt",
];

/// The trust derivation's action.
const ASSUME: &str = "sts:assumerole";

/// Does a change of the organization outcome of `actions` reach the access into the data store
/// `arn`? Only when one of them is of the store's service (the access table asks each store about
/// its own service's actions); a store of another service is decided again to be safe.
fn store_reached(arn: &str, actions: &BTreeSet<&'static str>) -> bool {
    let service = arn.split(':').nth(2).unwrap_or_default();
    let asked = ASKED.iter().any(|a| a.split(':').next() == Some(service));
    !asked || actions.iter().any(|a| a.split(':').next() == Some(service))
}

/// What one layer of organization levels (SCPs or RCPs) gives every request for one action,
/// when that does not depend on the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LayerOutcome {
    /// Every level allows and nothing denies.
    Pass,
    /// Nothing denies; this level (the first) has no `Allow`: an implicit deny.
    Missing(usize),
    /// An explicit deny. Which statements deny does not reach the graph: a denied request gives
    /// no edge and no evidence.
    Deny,
}

/// Does a statement match every request for an action it covers, whatever the principal, the
/// resource and the context? No condition, no `NotResource`, a resource element (if any) with
/// `*`, and a principal element (if any, as in RCPs) naming everyone.
fn matches_every_request(st: &Statement) -> bool {
    if !st.conditions.is_empty() {
        return false;
    }
    let any_resource = st
        .resources
        .as_ref()
        .is_none_or(|t| !t.negated && t.items.iter().any(|p| p.text == "*"));
    let any_principal = st.principals.as_ref().is_none_or(|p| {
        !p.negated
            && p.items
                .iter()
                .any(|e| matches!(e, PrincipalEntry::Everyone))
    });
    any_resource && any_principal
}

/// The outcome of the levels `view` for every request of `action` (lower case), as
/// [`nephos_iam::PolicySet::evaluate`] decides the layer: any matching `Deny` denies; otherwise
/// the first level without a matching `Allow` denies implicitly. `None` when it may depend on the
/// request (a statement covering the action that does not match every request, and could decide).
fn layer_outcome(view: &AskedView, action: &str) -> Option<LayerOutcome> {
    let levels: Vec<Vec<&Statement>> = view
        .iter()
        .map(|level| {
            level
                .iter()
                .flat_map(|(_, sts)| sts.iter())
                .filter(|st| st.covers_action(action))
                .collect()
        })
        .collect();
    let denies = levels
        .iter()
        .flatten()
        .filter(|st| st.effect == Effect::Deny);
    let mut uncertain_deny = false;
    for st in denies {
        if matches_every_request(st) {
            return Some(LayerOutcome::Deny);
        }
        uncertain_deny = true;
    }
    if uncertain_deny {
        return None;
    }
    for (i, level) in levels.iter().enumerate() {
        let allows = level.iter().filter(|st| st.effect == Effect::Allow);
        let mut uncertain = false;
        let mut passes = false;
        for st in allows {
            if matches_every_request(st) {
                passes = true;
                break;
            }
            uncertain = true;
        }
        if passes {
            continue;
        }
        if uncertain {
            return None;
        }
        return Some(LayerOutcome::Missing(i));
    }
    Some(LayerOutcome::Pass)
}

/// How a change of an account's organization levels reaches the graph's requests.
#[derive(Debug, Default)]
struct Reach {
    /// Asked actions whose outcome changed (or may have, for every request).
    actions: BTreeSet<&'static str>,
    /// Asked actions whose outcome depends on the caller and the context but not on the resource
    /// (SCPs): decided per caller ([`IamState::caller_reached`]).
    per_caller: BTreeSet<&'static str>,
    /// The access actions of `per_caller`, grouped by the statements of both views covering them
    /// (actions covered alike are decided alike for one caller and context).
    groups: Vec<AccessGroup>,
    /// The levels before the change.
    old: AskedView,
    /// The levels after it.
    new: AskedView,
}

/// Does a statement covering `action` name resources narrower than `*` (or use `NotResource`)?
/// Then the outcome of the levels depends on the resource of the request.
fn on_resources(view: &AskedView, action: &str) -> bool {
    view.iter()
        .flatten()
        .flat_map(|(_, sts)| sts.iter())
        .filter(|st| st.covers_action(action))
        .any(|st| {
            st.resources
                .as_ref()
                .is_some_and(|t| t.negated || !t.items.iter().any(|p| p.text == "*"))
        })
}

/// What decides whether a statement covering an action applies to a request of that action: its
/// effect and its principal, resource and condition elements.
type Applies<'a> = (
    Effect,
    &'a Option<nephos_iam::policy::Targets<PrincipalEntry>>,
    &'a Option<nephos_iam::policy::Targets<nephos_iam::policy::ResourcePattern>>,
    &'a [nephos_iam::condition::Condition],
);

/// `view` as it decides requests of `action`: the denies covering it, and per level either `None`
/// (an `Allow` matching every request: the level always passes) or the allows covering it.
fn layer_form<'a>(
    view: &'a AskedView,
    action: &str,
) -> (Vec<Applies<'a>>, Vec<Option<Vec<Applies<'a>>>>) {
    let key = |st: &'a Statement| -> Applies<'a> {
        (
            st.effect,
            &st.principals,
            &st.resources,
            st.conditions.as_slice(),
        )
    };
    let mut denies = Vec::new();
    let mut levels = Vec::with_capacity(view.len());
    for level in view {
        let mut allows = Some(Vec::new());
        for st in level.iter().flat_map(|(_, sts)| sts.iter()) {
            if !st.covers_action(action) {
                continue;
            }
            match st.effect {
                Effect::Deny => denies.push(key(st)),
                Effect::Allow if matches_every_request(st) => allows = None,
                Effect::Allow => {
                    if let Some(list) = allows.as_mut() {
                        list.push(key(st));
                    }
                }
            }
        }
        levels.push(allows);
    }
    (denies, levels)
}

/// Do two views decide every request of `action` alike? True when they hold the same denies
/// covering it (as sets: any matching deny denies) and, level by level, either both hold an
/// `Allow` matching every request or both the same allows covering it: then the same statements
/// apply to any request, whatever its caller, resource and context. Exact for that comparison,
/// not a complete test (`false` asks for a closer look).
fn same_layer(old: &AskedView, new: &AskedView, action: &str) -> bool {
    fn same_set(a: &[Applies<'_>], b: &[Applies<'_>]) -> bool {
        a.iter().all(|x| b.contains(x)) && b.iter().all(|x| a.contains(x))
    }
    let (od, ol) = layer_form(old, action);
    let (nd, nl) = layer_form(new, action);
    same_set(&od, &nd)
        && ol.len() == nl.len()
        && ol.iter().zip(&nl).all(|(a, b)| match (a, b) {
            (None, None) => true,
            (Some(a), Some(b)) => same_set(a, b),
            _ => false,
        })
}

/// Access actions covered by the same statements of both views: (the actions, the statements
/// covering them in the old view, in the new view, per level, as [`coverage`] gives them).
type AccessGroup = (
    Vec<&'static str>,
    Vec<Vec<(usize, usize)>>,
    Vec<Vec<(usize, usize)>>,
);

/// The access actions among `actions`, grouped by [`coverage`] in both views.
fn access_groups(
    old: &AskedView,
    new: &AskedView,
    actions: &BTreeSet<&'static str>,
) -> Vec<AccessGroup> {
    let mut groups: Vec<AccessGroup> = Vec::new();
    for a in actions.iter().copied().filter(|a| *a != ASSUME) {
        let (o, n) = (coverage(old, a), coverage(new, a));
        match groups.iter_mut().find(|(_, go, gn)| *go == o && *gn == n) {
            Some((list, _, _)) => list.push(a),
            None => groups.push((vec![a], o, n)),
        }
    }
    groups
}

/// [`layer_decides`] for a request whose action the statements `covering` (per level, from
/// [`coverage`]) are exactly those covering it: the action is not matched again.
fn layer_decides_covered(
    view: &AskedView,
    covering: &[Vec<(usize, usize)>],
    request: &Request,
) -> LayerOutcome {
    let levels = view.iter().zip(covering).map(|(level, cov)| {
        cov.iter()
            .filter_map(move |&(p, j)| level.get(p).and_then(|(_, sts)| sts.get(j)))
    });
    decide_levels(levels, |st: &Statement| {
        st.covers_resource(request)
            && st.principal_match(request).is_some()
            && st.conditions_hold(request)
    })
}

/// The layer's outcome over `levels` (each level's candidate statements), where `hits` says
/// whether a statement applies to the request: a matching `Deny` denies, a level without a
/// matching `Allow` is the first missing one.
fn decide_levels<'a, L>(
    levels: impl Iterator<Item = L>,
    hits: impl Fn(&Statement) -> bool,
) -> LayerOutcome
where
    L: Iterator<Item = &'a Statement>,
{
    let mut missing = None;
    for (i, level) in levels.enumerate() {
        let mut allowed = false;
        for st in level.filter(|st| hits(st)) {
            match st.effect {
                Effect::Deny => return LayerOutcome::Deny,
                Effect::Allow => allowed = true,
            }
        }
        if !allowed && missing.is_none() {
            missing = Some(i);
        }
    }
    missing.map_or(LayerOutcome::Pass, LayerOutcome::Missing)
}

/// The statements of `view` covering `action`, per level: (policy, statement) positions.
fn coverage(view: &AskedView, action: &str) -> Vec<Vec<(usize, usize)>> {
    view.iter()
        .map(|level| {
            level
                .iter()
                .enumerate()
                .flat_map(|(p, (_, sts))| {
                    sts.iter()
                        .enumerate()
                        .filter(|(_, st)| st.covers_action(action))
                        .map(move |(i, _)| (p, i))
                })
                .collect()
        })
        .collect()
}

/// What the levels `view` give one request, as [`nephos_iam::PolicySet::evaluate`] decides the
/// layer (see [`LayerOutcome`]).
fn layer_decides(view: &AskedView, request: &Request) -> LayerOutcome {
    let levels = view
        .iter()
        .map(|level| level.iter().flat_map(|(_, sts)| sts.iter()));
    decide_levels(levels, |st: &Statement| st.applies(request).is_some())
}

/// SCP or RCP levels cut to the statements whose actions cover a request the graph makes: two
/// views that are equal decide every such request alike (a level keeps its place even when
/// nothing in it applies, which then denies).
fn asked_view(levels: &[Vec<Policy>]) -> AskedView {
    levels
        .iter()
        .map(|level| {
            level
                .iter()
                .filter_map(|p| {
                    let sts: Vec<Statement> = p
                        .statements
                        .iter()
                        .filter(|st| ASKED.iter().any(|a| st.covers_action(a)))
                        .cloned()
                        .collect();
                    (!sts.is_empty()).then(|| (p.id.clone(), sts))
                })
                .collect()
        })
        .collect()
}

/// The requests [`IamState::caller_reached`] points at each caller in turn.
#[derive(Default)]
struct CallerRequests {
    /// `sts:AssumeRole` on `*`, no context given.
    trust: Option<Request>,
    /// An access action on `*`, over TLS, in a region set per question.
    access: Option<Request>,
}

/// What an IAM-relevant change asks the graph to derive again.
#[derive(Debug, Default)]
pub(crate) struct IamImpact {
    /// Roles whose trust edges changed.
    pub(crate) trust_roles: BTreeSet<String>,
    /// Roles whose access must be decided again.
    pub(crate) access_roles: BTreeSet<String>,
    /// Roles (not in `access_roles`) whose access must be decided again only for these asked
    /// access actions (lower case): an SCP change reached those actions alone.
    /// In role order; roles of one account share one set.
    pub(crate) access_actions: Vec<(String, std::sync::Arc<BTreeSet<&'static str>>)>,
    /// Data stores whose incoming access must be decided again.
    pub(crate) stores: BTreeSet<String>,
    /// The model changed at all.
    pub(crate) changed: bool,
}

impl IamState {
    /// Builds the model of `resources` (any order; only IAM-relevant ones are read).
    pub(crate) fn build<'r>(resources: impl Iterator<Item = &'r Resource>) -> Self {
        let mut relevant: Vec<&Resource> = resources.filter(|r| reads_kind(r.kind)).collect();
        relevant.sort_by(|a, b| a.id.cmp(&b.id));
        let estate = LiveEstate::build(&relevant);
        let mut state = Self {
            estate,
            ..Self::default()
        };
        let model = state.estate.model();
        let mut trust: HashMap<String, Vec<AssumeEdge>> = HashMap::new();
        for edge in model.assume_graph().edges {
            trust.entry(edge.role.clone()).or_default().push(edge);
        }
        for edges in trust.values_mut() {
            normalize(edges);
        }
        state.trust = trust;
        let roles: Vec<String> = model
            .identities
            .iter()
            .filter(|i| i.trust.is_some())
            .map(|i| i.arn.clone())
            .collect();
        for role in roles {
            state.file_trust(&role);
        }
        let resources: Vec<String> = state
            .model()
            .resources
            .iter()
            .filter(|r| r.policy.is_some())
            .map(|r| r.arn.clone())
            .collect();
        for r in resources {
            state.file_grants(&r);
        }
        let model = state.estate.model();
        state.scp_view = model
            .scps
            .iter()
            .map(|(a, l)| (a.clone(), asked_view(l)))
            .collect();
        state.rcp_view = model
            .rcps
            .iter()
            .map(|(a, l)| (a.clone(), asked_view(l)))
            .collect();
        state
    }

    /// The accounts of `changed` whose levels, as the graph's requests see them, may decide
    /// some request differently ([`Reach`]); the stored views are brought up to date.
    ///
    /// Two views decide every request of an action alike when, for that action, neither has a
    /// statement whose effect depends on the request (a condition, a resource or principal
    /// element narrower than `*`, see [`layer_outcome`]) and both give the same outcome (pass,
    /// the same first level without an `Allow`, or an explicit deny). When one view denies every
    /// request of an action and the other depends on the request, the action counts as changed
    /// for everyone. Otherwise, for SCPs, an action whose statements depend on the caller or the
    /// context but not on the resource is decided per caller ([`IamState::caller_reached`]); any
    /// other action counts as changed and its requests are decided again.
    fn asked_changes(&mut self, changed: &BTreeSet<String>, scp: bool) -> BTreeMap<String, Reach> {
        let mut out = BTreeMap::new();
        for account in changed {
            let levels = if scp {
                self.estate.model().scps.get(account)
            } else {
                self.estate.model().rcps.get(account)
            };
            // No levels and absent levels decide alike: nothing to pass.
            let new = levels.map(|l| asked_view(l)).unwrap_or_default();
            let views = if scp {
                &mut self.scp_view
            } else {
                &mut self.rcp_view
            };
            let old = if new.is_empty() {
                views.remove(account)
            } else {
                views.insert(account.clone(), new.clone())
            }
            .unwrap_or_default();
            if old == new {
                continue;
            }
            let mut reach = Reach::default();
            for a in ASKED {
                match (layer_outcome(&old, a), layer_outcome(&new, a)) {
                    (Some(x), Some(y)) if x == y => {}
                    (Some(_), Some(_)) => {
                        reach.actions.insert(a);
                    }
                    _ if same_layer(&old, &new, a) => {}
                    // A deny of every request on one side, request-dependent statements on the
                    // other: every request the other side lets through changes, which is
                    // nearly every caller; deciding them all again costs less than comparing
                    // both sides caller by caller first.
                    (Some(LayerOutcome::Deny), None) | (None, Some(LayerOutcome::Deny)) => {
                        reach.actions.insert(a);
                    }
                    _ if scp && !on_resources(&old, a) && !on_resources(&new, a) => {
                        reach.per_caller.insert(a);
                    }
                    _ => {
                        reach.actions.insert(a);
                    }
                }
            }
            if !reach.actions.is_empty() || !reach.per_caller.is_empty() {
                reach.groups = access_groups(&old, &new, &reach.per_caller);
                reach.old = old;
                reach.new = new;
                out.insert(account.clone(), reach);
            }
        }
        out
    }

    /// The asked actions whose SCP outcome changed for the caller `arn`, among `reach`'s
    /// per-caller actions: each is decided on both views with the context the trust and access
    /// derivations give the caller's requests (the caller's keys; for access
    /// `aws:SecureTransport` and each region of `regions`; the resource plays no part, see
    /// [`on_resources`]). Actions covered by the same statements of both views are decided once.
    fn caller_reached(
        &self,
        arn: &str,
        reach: &Reach,
        regions: &BTreeSet<String>,
        scratch: &mut CallerRequests,
    ) -> BTreeSet<&'static str> {
        let mut out = BTreeSet::new();
        let Some(id) = self.model().identity(arn) else {
            return reach.per_caller.clone();
        };
        // The requests are built once and pointed at each caller (building a principal's
        // context keys is most of the cost): one for trust, one for access.
        let principal = self.model().principal_of(id);
        let is_role = id.kind == nephos_iam::IdentityKind::Role && !reach.groups.is_empty();
        // Trust: `sts:AssumeRole` on a role (no region in its ARN: `us-east-1`).
        if reach.per_caller.contains(ASSUME) {
            let p = principal.clone();
            let req = match &mut scratch.trust {
                Some(r) => {
                    r.set_principal(p);
                    r
                }
                None => scratch
                    .trust
                    .insert(Request::new(p, ASSUME, "*", Context::new())),
            };
            if layer_decides(&reach.old, req) != layer_decides(&reach.new, req) {
                out.insert(ASSUME);
            }
        }
        // Access (a role's): one request per group of actions covered alike and per region.
        if !is_role {
            return out;
        }
        let req = match &mut scratch.access {
            Some(r) => {
                r.set_principal(principal);
                r
            }
            None => {
                let mut ctx = Context::new();
                ctx.set("aws:SecureTransport", "true");
                scratch.access.insert(Request::new(principal, "", "*", ctx))
            }
        };
        for (actions, old_cov, new_cov) in &reach.groups {
            let Some(first) = actions.first() else {
                continue;
            };
            req.retarget(first, "*", None);
            let differs = regions.iter().any(|r| {
                req.context.set_one_lower("aws:requestedregion", r.as_str());
                layer_decides_covered(&reach.old, old_cov, req)
                    != layer_decides_covered(&reach.new, new_cov, req)
            });
            if differs {
                out.extend(actions.iter().copied());
            }
        }
        out
    }

    /// The access model.
    pub(crate) fn model(&self) -> &AccessModel {
        self.estate.model()
    }

    /// Applies one change (`old` → `new`, either absent) and says what to derive again.
    /// `regions` lists every region a request of the access derivation may name
    /// (`aws:RequestedRegion`, `us-east-1` included); it is asked only when an SCP change must be
    /// decided per caller.
    pub(crate) fn apply(
        &mut self,
        old: Option<&Resource>,
        new: Option<&Resource>,
        regions: &dyn Fn() -> BTreeSet<String>,
    ) -> IamImpact {
        let mut impact = IamImpact::default();
        let delta = match new.filter(|r| reads_kind(r.kind)) {
            Some(r) => self.estate.upsert(r),
            None => match old.filter(|r| reads_kind(r.kind)) {
                Some(r) => self.estate.remove(r.id.as_str()),
                None => return impact,
            },
        };
        if delta.is_empty() {
            return impact;
        }
        impact.changed = true;
        self.propagate(&delta, &mut impact, regions);
        impact
    }

    fn propagate(
        &mut self,
        delta: &EstateDelta,
        impact: &mut IamImpact,
        regions: &dyn Fn() -> BTreeSet<String>,
    ) {
        // Organization changes that no request of the graph can see decide nothing new.
        let scp_accounts = self.asked_changes(&delta.scp_accounts, true);
        let rcp_accounts = self.asked_changes(&delta.rcp_accounts, false);
        // Callers whose trust pairs (`sts:AssumeRole`) and whose access (the data actions) are
        // decided again: those whose own side changed, and those of the accounts whose SCPs
        // changed for those actions.
        let mut identities = delta.identities.clone();
        let accessing = delta.identities.clone();
        // Per account, the access actions its SCP change reached for every caller (shared by its
        // roles, as most identities have nothing of their own to add).
        let for_everyone: BTreeMap<&String, std::sync::Arc<BTreeSet<&'static str>>> = scp_accounts
            .iter()
            .map(|(account, reach)| {
                let access = reach.actions.iter().copied().filter(|a| *a != ASSUME);
                (account, std::sync::Arc::new(access.collect()))
            })
            .collect();
        let mut accessing_some = Vec::new();
        let regions = if scp_accounts.values().any(|r| !r.per_caller.is_empty()) {
            regions()
        } else {
            BTreeSet::new()
        };
        let mut scratch = CallerRequests::default();
        for x in &delta.scp_identities {
            let Some((account, reach, is_role)) = self.model().identity(x).and_then(|i| {
                let (account, reach) = scp_accounts.get_key_value(&i.account)?;
                Some((account, reach, i.kind == nephos_iam::IdentityKind::Role))
            }) else {
                continue;
            };
            let per_caller = if reach.per_caller.is_empty() {
                BTreeSet::new()
            } else {
                self.caller_reached(x, reach, &regions, &mut scratch)
            };
            let actions = || reach.actions.iter().chain(&per_caller).copied();
            if actions().any(|a| a == ASSUME) {
                identities.insert(x.clone());
            }
            // Access is derived for roles only.
            if is_role && actions().any(|a| a != ASSUME) && !accessing.contains(x) {
                let set = match for_everyone.get(account) {
                    Some(shared) if per_caller.is_empty() => shared.clone(),
                    _ => std::sync::Arc::new(actions().filter(|a| *a != ASSUME).collect()),
                };
                accessing_some.push((x.clone(), set));
            }
        }
        // Index changes first: trust policies and resource policies.
        for role in &delta.trust_policies {
            self.file_trust(role);
        }
        for r in &delta.resources {
            self.file_grants(r);
        }
        // Roles whose whole trust is decided again.
        let mut full: BTreeSet<String> = delta.trust_policies.clone();
        for (account, reach) in &rcp_accounts {
            if !reach.actions.contains(ASSUME) {
                continue;
            }
            full.extend(
                self.model()
                    .identities_in(account)
                    .filter(|i| i.trust.is_some())
                    .map(|i| i.arn.clone()),
            );
        }
        for x in &delta.appeared_or_gone {
            full.extend(self.roles_naming(x));
        }
        for role in &full {
            let mut edges = self.model().assume_edges_to(role);
            normalize(&mut edges);
            let old = if edges.is_empty() {
                self.trust.remove(role)
            } else {
                self.trust.insert(role.clone(), edges.clone())
            };
            if old.unwrap_or_default() != edges {
                impact.trust_roles.insert(role.clone());
            }
        }
        // Pairs: an identity whose caller side changed, against each role naming it.
        for x in identities.difference(&delta.appeared_or_gone) {
            for role in self.roles_naming(x) {
                if full.contains(&role) {
                    continue;
                }
                let edge = self.model().assume_edge_between(x, &role).map(|mut e| {
                    e.evidence.sort();
                    e.evidence.dedup();
                    e
                });
                let list = self.trust.entry(role.clone()).or_default();
                let old = list
                    .iter()
                    .position(|e| matches!(&e.from, Assumer::Identity(a) if a == x))
                    .map(|i| list.remove(i));
                let changed = old != edge;
                if let Some(e) = edge {
                    list.push(e);
                    normalize(list);
                }
                if list.is_empty() {
                    self.trust.remove(&role);
                }
                if changed {
                    impact.trust_roles.insert(role);
                }
            }
        }
        // Access: roles whose caller side changed; stores whose entry or RCPs changed.
        for x in &accessing {
            if self
                .model()
                .identity(x)
                .is_some_and(|i| i.kind == nephos_iam::IdentityKind::Role)
            {
                impact.access_roles.insert(x.clone());
            }
        }
        // Roles only (see above), not decided in full already.
        impact.access_actions = accessing_some;
        impact.stores.extend(delta.resources.iter().cloned());
        for (account, reach) in &rcp_accounts {
            impact.stores.extend(
                self.model()
                    .resources
                    .iter()
                    .filter(|r| &r.account == account && store_reached(&r.arn, &reach.actions))
                    .map(|r| r.arn.clone()),
            );
        }
    }

    /// Roles whose trust policy names the identity `arn` (by ARN, role name, account or everyone).
    fn roles_naming(&self, arn: &str) -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        let mut keys = identity_keys(arn);
        if let Some(id) = self.model().identity(arn) {
            keys.push(format!("acct:{}", id.account));
        }
        for key in keys {
            if let Some(roles) = self.trusting.get(&key) {
                out.extend(roles.iter().cloned());
            }
        }
        out
    }

    /// Re-files a role under the principals its trust policy names.
    fn file_trust(&mut self, role: &str) {
        if let Some(keys) = self.trust_keys.remove(role) {
            for k in keys {
                if let Some(set) = self.trusting.get_mut(&k) {
                    set.remove(role);
                    if set.is_empty() {
                        self.trusting.remove(&k);
                    }
                }
            }
        }
        let keys = match self.model().identity(role).and_then(|i| i.trust.as_ref()) {
            Some(trust) => allowed_principal_keys(trust),
            None => return,
        };
        for k in &keys {
            self.trusting
                .entry(k.clone())
                .or_default()
                .insert(role.to_owned());
        }
        self.trust_keys.insert(role.to_owned(), keys);
    }

    /// Re-files a resource under the principals its policy names in an `Allow`.
    fn file_grants(&mut self, resource: &str) {
        if let Some(keys) = self.grant_keys.remove(resource) {
            for k in keys {
                if let Some(set) = self.granting.get_mut(&k) {
                    set.remove(resource);
                    if set.is_empty() {
                        self.granting.remove(&k);
                    }
                }
            }
        }
        let keys = match self
            .model()
            .resource(resource)
            .and_then(|r| r.policy.as_ref())
        {
            Some(policy) => allowed_principal_keys(policy)
                .into_iter()
                .filter(|k| k.starts_with("arn:") || k.starts_with("role:"))
                .collect::<Vec<_>>(),
            None => return,
        };
        for k in &keys {
            self.granting
                .entry(k.clone())
                .or_default()
                .insert(resource.to_owned());
        }
        self.grant_keys.insert(resource.to_owned(), keys);
    }

    /// Resources whose policies name the identity `arn` in an `Allow` (access candidates an
    /// identity policy scan cannot see), sorted: those whose `Allow` statements list a principal
    /// ARN that the model resolves to this identity.
    pub(crate) fn named_by_resource_policies(&self, arn: &str) -> Vec<String> {
        let model = self.model();
        let mut out: BTreeSet<String> = BTreeSet::new();
        // A policy naming an ARN that resolves to this identity (the ARN itself, or the role's
        // name in its account) is filed under one of its principal keys; the `acct:` and `*`
        // keys hold policies naming accounts or everyone, which name no identity.
        for key in principal_keys(arn) {
            let Some(resources) = self.granting.get(&key) else {
                continue;
            };
            for r in resources {
                let names = model
                    .resource(r)
                    .and_then(|e| e.policy.as_ref())
                    .is_some_and(|p| {
                        allowed_arns(p)
                            .any(|a| model.identity_named(a).is_some_and(|i| i.arn == arn))
                    });
                if names {
                    out.insert(r.clone());
                }
            }
        }
        out.into_iter().collect()
    }

    /// The roles a resource's policy names in an `Allow` (as principal ARNs the model resolves to
    /// a role), sorted.
    pub(crate) fn roles_named_by(&self, resource: &str) -> Vec<String> {
        let model = self.model();
        let Some(policy) = model.resource(resource).and_then(|e| e.policy.as_ref()) else {
            return Vec::new();
        };
        let mut out: BTreeSet<String> = BTreeSet::new();
        for a in allowed_arns(policy) {
            if let Some(i) = model.identity_named(a)
                && i.kind == nephos_iam::IdentityKind::Role
            {
                out.insert(i.arn.clone());
            }
        }
        out.into_iter().collect()
    }
}

/// Sorts a role's assume edges the one way a full build does: by assumer, then unconditional
/// first; evidence sorted.
fn normalize(edges: &mut [AssumeEdge]) {
    for e in edges.iter_mut() {
        e.evidence.sort();
        e.evidence.dedup();
    }
    edges.sort_by(|a, b| a.from.cmp(&b.from).then(a.conditional.cmp(&b.conditional)));
}

/// The ARNs that `Allow` statements of a policy name as principals.
fn allowed_arns(policy: &Policy) -> impl Iterator<Item = &str> {
    policy
        .statements
        .iter()
        .filter(|st| st.effect == Effect::Allow)
        .filter_map(|st| st.principals.as_ref())
        .filter(|p| !p.negated)
        .flat_map(|p| p.items.iter())
        .filter_map(|e| match e {
            PrincipalEntry::Arn(a) => Some(a.as_str()),
            _ => None,
        })
}

/// Keys of the principals a policy's `Allow` statements name: `arn:…` (as written), `role:A:name`
/// for role and role-session ARNs, `acct:A` for accounts, `*` for everyone.
fn allowed_principal_keys(policy: &Policy) -> Vec<String> {
    let mut keys = BTreeSet::new();
    for st in &policy.statements {
        if st.effect != Effect::Allow {
            continue;
        }
        let Some(p) = &st.principals else { continue };
        if p.negated {
            keys.insert("*".to_owned());
            continue;
        }
        for e in &p.items {
            match e {
                PrincipalEntry::Everyone => {
                    keys.insert("*".to_owned());
                }
                PrincipalEntry::Account(a) => {
                    keys.insert(format!("acct:{a}"));
                }
                PrincipalEntry::Arn(a) => {
                    keys.extend(principal_keys(a));
                }
                _ => {}
            }
        }
    }
    keys.into_iter().collect()
}

/// The keys an identity is found under: its ARN, its role name, its account, everyone.
fn identity_keys(arn: &str) -> Vec<String> {
    let mut keys = principal_keys(arn);
    if let Some(account) = arn.split(':').nth(4).filter(|a| !a.is_empty()) {
        keys.push(format!("acct:{account}"));
    }
    keys.push("*".to_owned());
    keys
}

/// `arn:…` and, for a role or role session ARN, `role:<account>:<name>`.
fn principal_keys(arn: &str) -> Vec<String> {
    let mut keys = vec![arn.to_owned()];
    let mut parts = arn.splitn(6, ':');
    let (Some(_), Some(_), Some(service), Some(_), Some(account), Some(resource)) = (
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
    ) else {
        return keys;
    };
    let name = match service {
        "iam" => resource
            .strip_prefix("role/")
            .and_then(|r| r.rsplit('/').next()),
        "sts" => resource
            .strip_prefix("assumed-role/")
            .and_then(|r| r.split('/').next()),
        _ => None,
    };
    if let Some(name) = name {
        keys.push(format!("role:{account}:{name}"));
    }
    keys
}

/// Kinds the IAM model reads at all.
pub(crate) fn reads_kind(kind: ResourceKind) -> bool {
    matches!(
        kind,
        ResourceKind::IamUser
            | ResourceKind::IamGroup
            | ResourceKind::IamRole
            | ResourceKind::IamPolicy
            | ResourceKind::OrganizationAccount
            | ResourceKind::OrganizationalUnit
            | ResourceKind::OrganizationPolicy
            | ResourceKind::Account
    ) || kind.is_data_store()
}

/// `policy-id Sid` (or `Statement[i]` without a `Sid`) for each deciding statement, sorted.
pub(crate) fn statements(evidence: &[Evidence]) -> String {
    let mut parts: Vec<String> = evidence
        .iter()
        .map(|e| {
            let st = match &e.sid {
                Some(sid) if !sid.is_empty() => format!("Sid `{sid}`"),
                _ => format!("Statement[{}]", e.statement),
            };
            format!("{} `{}` {st}", e.effect.as_str(), e.policy)
        })
        .collect();
    parts.sort();
    parts.dedup();
    parts.join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use nephos_iam::PolicyKind;

    fn view(levels: &[&[&str]]) -> AskedView {
        let levels: Vec<Vec<Policy>> = levels
            .iter()
            .map(|docs| {
                docs.iter()
                    .enumerate()
                    .map(|(i, d)| {
                        let kind = if d.contains("Principal") {
                            PolicyKind::Rcp
                        } else {
                            PolicyKind::Scp
                        };
                        Policy::parse(&format!("p{i}"), kind, d).unwrap()
                    })
                    .collect()
            })
            .collect();
        asked_view(&levels)
    }

    const FULL: &str = r#"{"Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}"#;

    #[test]
    fn constant_levels_give_one_outcome_per_action() {
        let v = view(&[
            &[FULL],
            &[
                r#"{"Statement":[{"Effect":"Allow","NotAction":"sqs:*","Resource":"*"},{"Effect":"Deny","Action":"s3:PutObject","Resource":"*"}]}"#,
            ],
        ]);
        assert_eq!(layer_outcome(&v, "s3:getobject"), Some(LayerOutcome::Pass));
        assert_eq!(layer_outcome(&v, "s3:putobject"), Some(LayerOutcome::Deny));
        assert_eq!(
            layer_outcome(&v, "sqs:sendmessage"),
            Some(LayerOutcome::Missing(1))
        );
        assert_eq!(
            layer_outcome(&Vec::new(), "sts:assumerole"),
            Some(LayerOutcome::Pass)
        );
    }

    #[test]
    fn request_dependent_statements_give_no_outcome() {
        let tagged = r#"{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Deny","Action":"sts:AssumeRole","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalTag/team":"x"}}}]}"#;
        let v = view(&[&[tagged]]);
        assert_eq!(layer_outcome(&v, "sts:assumerole"), None);
        assert_eq!(layer_outcome(&v, "s3:getobject"), Some(LayerOutcome::Pass));
        // An unconditional deny decides whatever the conditional one does.
        let both = r#"{"Statement":[{"Effect":"Deny","Action":"sts:AssumeRole","Resource":"*"},{"Effect":"Deny","Action":"sts:AssumeRole","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}"#;
        let v = view(&[&[FULL, both]]);
        assert_eq!(
            layer_outcome(&v, "sts:assumerole"),
            Some(LayerOutcome::Deny)
        );
        // A narrower resource, `NotResource`, or a principal other than everyone.
        for doc in [
            r#"{"Statement":{"Effect":"Allow","Action":"*","Resource":"arn:aws:s3:::b/*"}}"#,
            r#"{"Statement":{"Effect":"Allow","Action":"*","NotResource":"arn:aws:s3:::b/*"}}"#,
            r#"{"Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"*","Resource":"*"}}"#,
        ] {
            let v = view(&[&[doc]]);
            assert_eq!(layer_outcome(&v, "s3:getobject"), None, "{doc}");
        }
        let everyone =
            r#"{"Statement":{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}}"#;
        assert_eq!(
            layer_outcome(&view(&[&[everyone]]), "s3:getobject"),
            Some(LayerOutcome::Pass)
        );
        // A narrower allow does not matter when an allow for every request is on the level.
        let v = view(&[&[
            FULL,
            r#"{"Statement":{"Effect":"Allow","Action":"*","Resource":"arn:aws:s3:::b/*"}}"#,
        ]]);
        assert_eq!(layer_outcome(&v, "s3:getobject"), Some(LayerOutcome::Pass));
    }

    #[test]
    fn views_with_the_same_applying_statements_decide_alike() {
        let region = r#"{"Statement":{"Sid":"R","Effect":"Deny","NotAction":"iam:*","Resource":"*","Condition":{"StringNotEquals":{"aws:RequestedRegion":"eu-west-1"}}}}"#;
        let leave = r#"{"Statement":{"Effect":"Deny","Action":"organizations:LeaveOrganization","Resource":"*"}}"#;
        let extra = r#"{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Deny","Action":"s3:DeleteBucket","Resource":"*"}]}"#;
        let old = view(&[&[FULL, region], &[FULL, leave]]);
        let new = view(&[&[FULL, region], &[FULL, extra]]);
        assert_eq!(layer_outcome(&old, "s3:getobject"), None);
        assert!(same_layer(&old, &new, "s3:getobject"));
        // The same deny in another policy, with another Sid, still denies alike.
        let moved = r#"{"Statement":{"Sid":"Other","Effect":"Deny","NotAction":"iam:*","Resource":"*","Condition":{"StringNotEquals":{"aws:RequestedRegion":"eu-west-1"}}}}"#;
        assert!(same_layer(
            &old,
            &view(&[&[FULL], &[FULL, moved]]),
            "s3:getobject"
        ));
        // Another region, or the deny gone, or a level left with only a conditional allow.
        let other = region.replace("eu-west-1", "us-east-1");
        assert!(!same_layer(
            &old,
            &view(&[&[FULL, &other], &[FULL]]),
            "s3:getobject"
        ));
        assert!(!same_layer(
            &old,
            &view(&[&[FULL], &[FULL]]),
            "s3:getobject"
        ));
        let tagged = r#"{"Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalTag/team":"x"}}}}"#;
        assert!(!same_layer(
            &old,
            &view(&[&[FULL, region], &[tagged]]),
            "s3:getobject"
        ));
    }

    #[test]
    fn stores_are_reached_by_their_service_actions() {
        let s3: BTreeSet<&'static str> = ["s3:getobject"].into();
        assert!(store_reached("arn:aws:s3:::b", &s3));
        assert!(!store_reached("arn:aws:sqs:us-east-1:1:q", &s3));
        assert!(store_reached("arn:aws:rds:us-east-1:1:db:x", &s3));
    }
}
