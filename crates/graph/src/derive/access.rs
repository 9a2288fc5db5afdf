//! Data-access edges: role → data store it may read or write, decided by the IAM engine.
//!
//! 1. **Candidates.** A cheap scan of the role's inline policies and the default version of each
//!    attached managed policy present in the estate finds the (role, data store) pairs worth
//!    asking about: every `Allow` statement with `Action` and `Resource` (not `NotAction` /
//!    `NotResource`) whose actions name the store's service (or `*`) files each resource pattern
//!    naming S3 buckets (or objects), DynamoDB tables, SQS queues, SNS topics or KMS keys under its
//!    literal name prefix; stores are found by prefix, never by trying every store.
//! 2. **Decision.** Each candidate pair is decided by `nephos_iam` as the role's session making one
//!    read request and one write request on the store — identity policies, explicit denies, the
//!    permissions boundary, SCPs, RCPs and the store's resource policy (a KMS key policy must
//!    allow):
//!
//!    | store | read | write | resource asked about |
//!    |---|---|---|---|
//!    | S3 bucket | `s3:GetObject` | `s3:PutObject` | `arn:…:bucket/*`, and the object part of each candidate pattern (`bucket/logs/*`) |
//!    | DynamoDB table | `dynamodb:GetItem` | `dynamodb:PutItem` | the table ARN |
//!    | SQS queue | `sqs:ReceiveMessage` | `sqs:SendMessage` | the queue ARN |
//!    | SNS topic | `sns:Subscribe` | `sns:Publish` | the topic ARN |
//!    | KMS key | `kms:Decrypt` | `kms:Encrypt` | the key ARN |
//!
//!    The request carries the context keys AWS derives from the caller, `aws:SecureTransport`
//!    (SDK calls use TLS) and `aws:RequestedRegion` (the store's region: region-restricting SCPs
//!    apply as they would to the role's own calls); a condition on any other key (source IP, VPC endpoint, MFA) is treated
//!    as AWS treats a missing key, so an `Allow` that needs one makes no edge.
//! 3. **Evidence** names the allowing statements (`policy id` and `Sid`, or `Statement[i]`).
//!
//! Stores whose resource policy names the role in an `Allow` are candidates too (a bucket policy
//! may grant a role of its account what the role's own policies do not).
//!
//! Not candidates: patterns whose resource *name* is only a wildcard (`*`, `arn:aws:s3:::*`).
//! Such "every bucket" grants are real access, but they are broad access, not a connection to one
//! application's data: edges to every store of the account would make every store a hub and say
//! nothing about architecture. The IAM engine's `can_do` and escalation analyses report them.
//! Also not candidates: `NotAction` / `NotResource` grants, and resource policies that name the
//! role's account rather than the role. RDS is reached over the network, not IAM, and is left to the
//! reachability engine.

use std::collections::BTreeMap;

use nephos_iam::{Context, Decision, Evidence, Request};
use nephos_model::props::IamRoleProps;
use nephos_model::{Properties, ResourceId};
use wildmatch::WildMatch;

use super::iam::{IamState, statements};
use super::policy;
use super::{DeriveOutput, DerivedEdge, End};
use crate::edge::{DeriveRule, EdgeKind};
use crate::graph::{Graph, NodeIx};

/// One resource pattern of one allow statement of a role, indexed by its literal name prefix.
#[derive(Debug, Clone)]
pub(crate) struct PatternRef {
    pub(crate) role: NodeIx,
    pub(crate) service: String,
    pub(crate) prefix: String,
    matcher: WildMatch,
    /// For S3: the object part of the pattern (`logs/*`), asked about besides `*`.
    pub(crate) object: Option<String>,
}

impl PatternRef {
    pub(crate) fn matches(&self, store_id: &str) -> bool {
        self.matcher.matches(store_id)
    }
}

/// The service and name a data store is indexed under, from its ARN: `("s3", bucket)`,
/// `("dynamodb", table)`, `("sqs", queue)`, `("sns", topic)`, `("kms", key id)`.
pub(crate) fn store_key(arn: &str) -> Option<(String, String)> {
    normalize(arn).map(|n| (n.service.to_owned(), n.name.to_owned()))
}

struct Normalized<'a> {
    service: &'a str,
    name: &'a str,
    /// The pattern / ARN cut to the data store (an object key or index dropped).
    store_arn: String,
    /// S3: what follows the bucket name and `/`.
    object: Option<&'a str>,
}

fn normalize(arn: &str) -> Option<Normalized<'_>> {
    let mut parts = arn.splitn(6, ':');
    if parts.next()? != "arn" {
        return None;
    }
    let (partition, service, region, account, resource) = (
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
    );
    let mut object = None;
    let (prefix, name) = match service {
        "s3" => {
            let mut it = resource.splitn(2, '/');
            let bucket = it.next()?;
            object = it.next();
            ("", bucket)
        }
        "dynamodb" => (
            "table/",
            resource.strip_prefix("table/")?.split('/').next()?,
        ),
        "sqs" => ("", resource),
        "sns" => ("", resource.split(':').next()?),
        "kms" => ("key/", resource.strip_prefix("key/")?),
        _ => return None,
    };
    if name.is_empty() {
        return None;
    }
    Some(Normalized {
        service,
        name,
        store_arn: format!("arn:{partition}:{service}:{region}:{account}:{prefix}{name}"),
        object,
    })
}

fn literal_prefix(pattern: &str) -> &str {
    pattern
        .find(['*', '?'])
        .map_or(pattern, |i| pattern.get(..i).unwrap_or(""))
}

/// Does a statement's action list name an action of `service` (or every action)?
fn names_service(actions: &[String], service: &str) -> bool {
    actions.iter().any(|a| {
        a == "*"
            || a.split_once(':')
                .is_some_and(|(svc, _)| svc.eq_ignore_ascii_case(service))
    })
}

/// The read and write actions asked about for a store of `service`.
fn actions_for(service: &str) -> Option<(&'static str, &'static str)> {
    Some(match service {
        "s3" => ("s3:GetObject", "s3:PutObject"),
        "dynamodb" => ("dynamodb:GetItem", "dynamodb:PutItem"),
        "sqs" => ("sqs:ReceiveMessage", "sqs:SendMessage"),
        "sns" => ("sns:Subscribe", "sns:Publish"),
        "kms" => ("kms:Decrypt", "kms:Encrypt"),
        _ => return None,
    })
}

/// Is the access edge of `kind` into the store `store_arn` decided on one of `actions` (asked
/// actions, lower case)? Its service's read action for `may_read`, write action for `may_write`.
pub(crate) fn edge_decided_on(
    store_arn: &str,
    kind: EdgeKind,
    actions: &std::collections::BTreeSet<&'static str>,
) -> bool {
    // Access edges exist only into stores whose ARN [`store_key`] reads: the service is the
    // ARN's third field.
    let Some((read, write)) = store_arn.split(':').nth(2).and_then(actions_for) else {
        return false;
    };
    let action = match kind {
        EdgeKind::MayRead => read,
        EdgeKind::MayWrite => write,
        _ => return false,
    };
    asks(actions, action)
}

/// Is `action` among `actions` (lower case)?
fn asks(actions: &std::collections::BTreeSet<&'static str>, action: &str) -> bool {
    actions.iter().any(|a| a.eq_ignore_ascii_case(action))
}

/// The region a request to the store is made in (`aws:RequestedRegion`): the store's region, else
/// the region field of its ARN; `None` when neither is known (an S3 bucket collected without its
/// location), and then a condition on the key sees it missing.
pub(crate) fn store_region(store: &nephos_model::Resource) -> Option<&str> {
    store
        .region
        .as_deref()
        .filter(|r| !r.is_empty())
        .or_else(|| {
            store
                .id
                .as_str()
                .split(':')
                .nth(3)
                .filter(|r| !r.is_empty())
        })
}

/// A role's caller side, resolved once for all its candidate stores.
pub(crate) struct Caller<'a> {
    iam: &'a IamState,
    principal: nephos_iam::Principal,
    /// The caller's policies; the resource side is attached per question.
    set: nephos_iam::PolicySet<'a>,
    /// One request, pointed at each action and resource in turn (building a request derives the
    /// caller's context keys: most of a decision's cost).
    request: Option<Request>,
    /// Only these asked actions (lower case) are decided, when given.
    only: Option<&'a std::collections::BTreeSet<&'static str>>,
}

impl<'a> Caller<'a> {
    /// The role's session, or `None` when the role is not in the model.
    pub(crate) fn new(iam: &'a IamState, role_arn: &str) -> Option<Self> {
        let (principal, id) = iam.model().resolve(role_arn).ok()?;
        id?;
        let set = iam.model().caller_side(id, &principal.account);
        Some(Self {
            iam,
            principal,
            set,
            request: None,
            only: None,
        })
    }

    /// Reuses a request left by another caller (see [`Caller::into_request`]), pointed at this
    /// one: the context keys derived from the caller are replaced, the buffers kept.
    fn reusing(mut self, request: Option<Request>) -> Self {
        self.request = request.map(|mut r| {
            r.set_principal(self.principal.clone());
            r
        });
        self
    }

    /// The request, for the next caller.
    fn into_request(self) -> Option<Request> {
        self.request
    }

    /// Decides only the edges whose action is among `actions` (asked actions, lower case).
    fn deciding_only(
        mut self,
        actions: Option<&'a std::collections::BTreeSet<&'static str>>,
    ) -> Self {
        self.only = actions;
        self
    }

    /// Decides one action on one resource of the store `store_arn`; the allowing statements when
    /// allowed. The resource side (resource policy, RCPs) is the store's: an S3 object request is
    /// governed by its bucket's policy.
    fn allowed(
        &mut self,
        action: &str,
        resource: &str,
        store_arn: &str,
        account: &str,
        region: Option<&str>,
    ) -> Option<Vec<Evidence>> {
        let req = match (&mut self.request, region) {
            (Some(req), Some(region)) => {
                req.context.set_one_lower("aws:requestedregion", region);
                req
            }
            // Without a region the request infers it from the resource: a new one.
            (slot, _) => {
                let mut ctx = Context::new();
                ctx.set("aws:SecureTransport", "true");
                if let Some(region) = region {
                    ctx.set("aws:RequestedRegion", region);
                }
                slot.insert(Request::new(self.principal.clone(), action, store_arn, ctx))
            }
        };
        // The resource side is the store's (an object request is governed by its bucket).
        req.retarget(action, store_arn, Some(account));
        self.iam.model().attach_resource(&mut self.set, req);
        if resource != store_arn {
            req.retarget(action, resource, Some(account));
        }
        let r = self.set.evaluate(req);
        if region.is_none() {
            self.request = None;
        }
        (r.decision == Decision::Allowed).then(|| nephos_iam::access::evidence(&r))
    }

    /// The access edges from `role` to one candidate store.
    pub(crate) fn decide(
        &mut self,
        role: NodeIx,
        store: End,
        store_arn: &str,
        store_account: &str,
        store_region: Option<&str>,
        objects: &[String],
    ) -> Vec<DerivedEdge> {
        let mut out = Vec::new();
        let Some((service, _)) = store_key(store_arn) else {
            return out;
        };
        let Some((read, write)) = actions_for(&service) else {
            return out;
        };
        let resources: Vec<String> = if service == "s3" {
            let mut r: Vec<String> = std::iter::once("*")
                .chain(objects.iter().map(String::as_str))
                .map(|o| format!("{store_arn}/{o}"))
                .collect();
            r.sort();
            r.dedup();
            r
        } else {
            vec![store_arn.to_owned()]
        };
        for (action, kind) in [(read, EdgeKind::MayRead), (write, EdgeKind::MayWrite)] {
            if self.only.is_some_and(|a| !asks(a, action)) {
                continue;
            }
            let decided = resources.iter().find_map(|res| {
                self.allowed(action, res, store_arn, store_account, store_region)
                    .map(|e| (res, e))
            });
            if let Some((resource, evidence)) = decided {
                out.push(DerivedEdge {
                    from: End::Node(role),
                    to: store.clone(),
                    kind,
                    evidence: format!(
                        "IAM engine: {action} on {resource} allowed by {}",
                        statements(&evidence)
                    ),
                    rule: DeriveRule::Access,
                });
            }
        }
        out
    }
}

pub(crate) fn derive(graph: &Graph, role: NodeIx, props: &IamRoleProps, out: &mut DeriveOutput) {
    let mut documents: Vec<(String, &str)> = props
        .inline_policies
        .iter()
        .map(|p| {
            (
                format!("iam:GetRolePolicy `{}`", p.name),
                p.document.as_str(),
            )
        })
        .collect();
    let mut attached: Vec<ResourceId> = props
        .attached_policy_arns
        .iter()
        .map(|a| ResourceId::new(a.as_str()))
        .collect();
    attached.sort();
    attached.dedup();
    for arn in &attached {
        let Some(node) = graph.find(arn) else {
            continue;
        };
        if let Some(Properties::IamPolicy(p)) = graph.resource(node).map(|r| &r.props)
            && let Some(doc) = p.default_document()
        {
            documents.push((format!("iam:GetPolicyVersion `{arn}`"), doc));
        }
    }
    for (source, document) in documents {
        let statements = match policy::statements(document) {
            Ok(s) => s,
            Err(e) => {
                out.problems
                    .push(format!("{source}: policy is not valid JSON: {e}"));
                continue;
            }
        };
        for st in &statements {
            if !st.allows() || st.not_action.is_some() || st.not_resource.is_some() {
                continue;
            }
            let (Some(actions), Some(resources)) = (&st.action, &st.resource) else {
                continue;
            };
            let actions: Vec<String> = actions.iter().cloned().collect();
            for pattern in resources.iter() {
                let Some(n) = normalize(pattern) else {
                    continue;
                };
                let prefix = literal_prefix(n.name);
                if prefix.is_empty()
                    || n.service.contains(['*', '?'])
                    || !names_service(&actions, n.service)
                {
                    continue;
                }
                out.patterns.push(PatternRef {
                    role,
                    service: n.service.to_owned(),
                    prefix: prefix.to_owned(),
                    matcher: WildMatch::new(&n.store_arn),
                    object: n.object.filter(|o| !o.is_empty()).map(str::to_owned),
                });
            }
        }
    }
    out.attached_policies = attached;
    let patterns = std::mem::take(&mut out.patterns);
    let refs: Vec<&PatternRef> = patterns.iter().collect();
    decide_all(graph, role, &refs, None, &mut None, out);
    out.patterns = patterns;
}

/// Decides the access of `role` to every candidate store of its (already read) resource patterns
/// and of the resource policies naming it: what changes when the IAM model changes but the role's
/// documents do not (an SCP, a boundary, a resource policy). With `only`, just the edges decided
/// on those asked actions (lower case, [`edge_decided_on`]): stores of other services are skipped.
/// `request` carries a request from one role to the next (building one is most of a decision).
pub(crate) fn decide_all<'g>(
    graph: &'g Graph,
    role: NodeIx,
    patterns: &[&PatternRef],
    only: Option<&'g std::collections::BTreeSet<&'static str>>,
    request: &mut Option<Request>,
    out: &mut DeriveOutput,
) {
    let wanted = |service: &str| {
        only.is_none_or(|a| actions_for(service).is_some_and(|(r, w)| asks(a, r) || asks(a, w)))
    };
    // Candidate stores, each with the S3 object parts its patterns name.
    let mut candidates: BTreeMap<NodeIx, Vec<String>> = BTreeMap::new();
    for p in patterns.iter().filter(|p| wanted(&p.service)) {
        for store in graph.derive_index.stores_with_prefix(&p.service, &p.prefix) {
            if p.matches(graph.id(store).as_str()) {
                let objects = candidates.entry(store).or_default();
                if let Some(o) = &p.object {
                    objects.push(o.clone());
                }
            }
        }
    }
    // Stores whose resource policies name the role.
    {
        for arn in &graph
            .iam
            .named_by_resource_policies(graph.id(role).as_str())
        {
            if let Some(store) = graph.find_str(arn)
                && graph.kind(store).is_some_and(|k| k.is_data_store())
                && store_key(arn).is_some_and(|(s, _)| wanted(&s))
            {
                candidates.entry(store).or_default();
            }
        }
    }
    if candidates.is_empty() {
        return;
    }
    let Some(caller) = Caller::new(&graph.iam, graph.id(role).as_str()) else {
        return;
    };
    let mut caller = caller.deciding_only(only).reusing(request.take());
    for (store, objects) in candidates {
        let Some(resource) = graph.resource(store) else {
            continue;
        };
        out.edges.extend(caller.decide(
            role,
            End::Node(store),
            graph.id(store).as_str(),
            &resource.account,
            store_region(resource),
            &objects,
        ));
    }
    *request = caller.into_request();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_store_patterns() {
        let n = normalize("arn:aws:s3:::logs-*/AWSLogs/*").unwrap();
        assert_eq!((n.service, n.name), ("s3", "logs-*"));
        assert_eq!(n.store_arn, "arn:aws:s3:::logs-*");
        assert_eq!(n.object, Some("AWSLogs/*"));
        let n = normalize("arn:aws:dynamodb:eu-west-1:1:table/orders/index/byDate").unwrap();
        assert_eq!(n.store_arn, "arn:aws:dynamodb:eu-west-1:1:table/orders");
        assert!(normalize("arn:aws:kms:eu-west-1:1:alias/x").is_none());
        assert!(normalize("*").is_none());
        assert!(normalize("arn:aws:ec2:eu-west-1:1:instance/i-1").is_none());
    }

    #[test]
    fn names_service_reads_action_prefixes() {
        assert!(names_service(&["s3:GetObject".into()], "s3"));
        assert!(names_service(&["S3:*".into()], "s3"));
        assert!(!names_service(&["sqs:SendMessage".into()], "s3"));
        assert!(names_service(&["*".into()], "kms"));
    }

    proptest::proptest! {
        #[test]
        fn normalizing_never_panics_and_keeps_the_service(s in "(arn:aws:(s3|sqs|sns|kms|dynamodb|rds|ec2)?:[a-z0-9*-]{0,12}:[0-9*]{0,12}:)?.{0,40}") {
            if let Some(n) = normalize(&s) {
                proptest::prop_assert!(n.store_arn.starts_with("arn:"));
                proptest::prop_assert!(n.store_arn.contains(n.service));
                proptest::prop_assert!(!n.name.is_empty());
            }
            let _ = literal_prefix(&s);
        }
    }

    #[test]
    fn literal_prefix_stops_at_wildcards() {
        assert_eq!(literal_prefix("orders-*"), "orders-");
        assert_eq!(literal_prefix("*"), "");
        assert_eq!(literal_prefix("a?c"), "a");
        assert_eq!(literal_prefix("abc"), "abc");
    }
}
