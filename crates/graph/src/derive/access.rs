//! Data-access edges: role → data store it *may* read or write, from a simple scan of the role's
//! policy statements. Clearly an approximation, to be replaced by the IAM engine (branch `iam`).
//!
//! The scan reads the role's inline policies and the default version of each attached managed
//! policy present in the estate. For every `Allow` statement with `Action` and `Resource` (not
//! `NotAction` / `NotResource`), each resource pattern naming S3 buckets (or objects), DynamoDB
//! tables, SQS queues, SNS topics or KMS keys is matched (IAM `*` / `?`) against the data stores of
//! the estate, for the statement's actions of that service: an action reads when its name starts
//! with `Get`, `List`, `Describe`, `Scan`, `Query`, `BatchGet`, `Receive`, `Decrypt`, `Select` or
//! `Head`; a name starting with `*` reads and writes; anything else writes.
//!
//! Not considered: conditions, `Deny`, permissions boundaries, SCPs, resource policies, and patterns
//! whose resource *name* is only a wildcard (`*`, `arn:aws:s3:::*`): such "every bucket" grants are
//! broad access, not a connection to one application's data, and would join everything to
//! everything. RDS is reached over the network, not IAM, and is left to the reachability engine.

use std::sync::Arc;

use nephos_model::Properties;
use nephos_model::props::IamRoleProps;
use wildmatch::WildMatch;

use super::policy;
use super::{DeriveOutput, DerivedEdge, End};
use crate::edge::{DeriveRule, EdgeKind};
use crate::graph::{Graph, NodeIx};

/// One resource pattern of one allow statement of a role, indexed by its literal name prefix.
#[derive(Debug, Clone)]
pub struct PatternRef {
    pub(crate) role: NodeIx,
    pub(crate) service: String,
    pub(crate) prefix: String,
    matcher: WildMatch,
    read: bool,
    write: bool,
    evidence: Arc<str>,
}

impl PatternRef {
    pub(crate) fn matches(&self, store_id: &str) -> bool {
        self.matcher.matches(store_id)
    }

    pub(crate) fn edges_to(&self, store: End) -> Vec<DerivedEdge> {
        let mut out = Vec::with_capacity(2);
        for (flag, kind) in [
            (self.read, EdgeKind::MayRead),
            (self.write, EdgeKind::MayWrite),
        ] {
            if flag {
                out.push(DerivedEdge {
                    from: End::Node(self.role),
                    to: store.clone(),
                    kind,
                    evidence: self.evidence.to_string(),
                    rule: DeriveRule::Access,
                });
            }
        }
        out
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
    let (prefix, name) = match service {
        "s3" => ("", resource.split('/').next()?),
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
    })
}

fn literal_prefix(pattern: &str) -> &str {
    pattern
        .find(['*', '?'])
        .map_or(pattern, |i| pattern.get(..i).unwrap_or(""))
}

/// Read / write classification of one action name (the part after `service:`).
fn classify(name: &str) -> (bool, bool) {
    let lower = name.to_ascii_lowercase();
    if lower.starts_with('*') || lower.starts_with('?') {
        return (true, true);
    }
    const READ: [&str; 10] = [
        "get", "list", "describe", "scan", "query", "batchget", "receive", "decrypt", "select",
        "head",
    ];
    if READ.iter().any(|p| lower.starts_with(p)) {
        (true, false)
    } else {
        (false, true)
    }
}

/// Read / write flags of a statement's actions that apply to `service`.
fn flags_for(actions: &[String], service: &str) -> (bool, bool) {
    let (mut read, mut write) = (false, false);
    for a in actions {
        if a == "*" {
            return (true, true);
        }
        let Some((svc, name)) = a.split_once(':') else {
            continue;
        };
        if svc.eq_ignore_ascii_case(service) {
            let (r, w) = classify(name);
            read |= r;
            write |= w;
        }
    }
    (read, write)
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
    let mut attached: Vec<nephos_model::ResourceId> = props
        .attached_policy_arns
        .iter()
        .map(|a| nephos_model::ResourceId::new(a.as_str()))
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
        for (i, st) in statements.iter().enumerate() {
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
                if prefix.is_empty() || n.service.contains(['*', '?']) {
                    continue;
                }
                let (read, write) = flags_for(&actions, n.service);
                if !read && !write {
                    continue;
                }
                let evidence: Arc<str> = Arc::from(format!(
                    "{source} {} Allow {} on {pattern} (policy scan, not IAM evaluation)",
                    st.label(i),
                    actions.join(",")
                ));
                out.patterns.push(PatternRef {
                    role,
                    service: n.service.to_owned(),
                    prefix: prefix.to_owned(),
                    matcher: WildMatch::new(&n.store_arn),
                    read,
                    write,
                    evidence,
                });
            }
        }
    }
    for p in &out.patterns {
        for store in graph.derive_index.stores_with_prefix(&p.service, &p.prefix) {
            if p.matches(graph.id(store).as_str()) {
                out.edges.extend(p.edges_to(End::Node(store)));
            }
        }
    }
    out.attached_policies = attached;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_store_patterns() {
        let n = normalize("arn:aws:s3:::logs-*/AWSLogs/*").unwrap();
        assert_eq!((n.service, n.name), ("s3", "logs-*"));
        assert_eq!(n.store_arn, "arn:aws:s3:::logs-*");
        let n = normalize("arn:aws:dynamodb:eu-west-1:1:table/orders/index/byDate").unwrap();
        assert_eq!(n.store_arn, "arn:aws:dynamodb:eu-west-1:1:table/orders");
        assert!(normalize("arn:aws:kms:eu-west-1:1:alias/x").is_none());
        assert!(normalize("*").is_none());
        assert!(normalize("arn:aws:ec2:eu-west-1:1:instance/i-1").is_none());
    }

    #[test]
    fn classifies_actions() {
        assert_eq!(flags_for(&["s3:GetObject".into()], "s3"), (true, false));
        assert_eq!(flags_for(&["s3:PutObject".into()], "s3"), (false, true));
        assert_eq!(flags_for(&["s3:*".into()], "s3"), (true, true));
        assert_eq!(flags_for(&["sqs:SendMessage".into()], "s3"), (false, false));
        assert_eq!(flags_for(&["*".into()], "kms"), (true, true));
        assert_eq!(flags_for(&["s3:List*".into()], "s3"), (true, false));
    }

    #[test]
    fn literal_prefix_stops_at_wildcards() {
        assert_eq!(literal_prefix("orders-*"), "orders-");
        assert_eq!(literal_prefix("*"), "");
        assert_eq!(literal_prefix("a?c"), "a");
        assert_eq!(literal_prefix("abc"), "abc");
    }
}
