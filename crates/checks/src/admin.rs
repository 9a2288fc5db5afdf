//! "Full administrator" decided by the IAM engine (crate `iam`), not by reading statements one by
//! one: a set of identity policies grants full access when the engine allows every request of
//! its sentinel set ([`nephos_iam::escalation::SENTINELS`]: IAM, EC2, S3, DynamoDB and KMS
//! actions) for the principal holding them.
//!
//! So, as AWS decides: a `Deny` anywhere in the set wins (`Allow *` plus `Deny iam:*` is not
//! full access), `NotAction` grants everything it does not list (`NotAction: iam:*` plus
//! `Action: iam:*` is full access), conditions are evaluated (MFA is never assumed present; the
//! current time is the snapshot's; a user may call with long-term keys or a fresh session) and a
//! permissions boundary must allow too. SCPs are not applied: the checks judge what a policy or
//! principal is granted, the attack-path analysis what an organization lets it use.

use std::collections::BTreeSet;

use nephos_iam::escalation::SENTINELS;
use nephos_iam::{Decision, Policy, PolicySet, Principal, Request};
use serde_json::{Value, json};

/// One identity policy taking part in a decision, with how evidence names it.
#[derive(Debug, Clone, Copy)]
pub struct Source<'p> {
    /// The parsed policy.
    pub policy: &'p Policy,
    /// Its text (for the statement shown in evidence).
    pub document: &'p str,
    /// How evidence names it: `{"inline_policy": …}`, `{"attached_policy": …}`, with `group`
    /// when it comes through a group.
    pub label: &'p Value,
}

/// A statement that allowed the sentinel requests: its source's label plus index, `Sid` and text.
fn evidence(source: &Source<'_>, index: usize) -> Value {
    let statement = statement_text(source.document, index);
    let mut v = source.label.clone();
    if let Value::Object(o) = &mut v {
        o.insert(
            "statement".into(),
            json!({
                "statement_index": index,
                "sid": statement.as_ref().and_then(|s| s.get("Sid")).cloned(),
                "statement": statement,
            }),
        );
    }
    v
}

/// The `index`-th statement of a policy document as written.
fn statement_text(document: &str, index: usize) -> Option<Value> {
    let doc: Value = serde_json::from_str(document).ok()?;
    match doc.get("Statement")? {
        Value::Array(a) => a.get(index).cloned(),
        v @ Value::Object(_) if index == 0 => Some(v.clone()),
        _ => None,
    }
}

/// Decides whether `sources` (all identity policies of one principal), limited by `boundary`,
/// grant full access to `principal_arn` (a user or role ARN) of `account`. Returns the allowing
/// statements (each once, in source order) when they do, `None` otherwise. `now` is seconds since
/// the epoch (`aws:CurrentTime`).
pub fn full_access(
    sources: &[Source<'_>],
    boundary: Option<&Policy>,
    principal_arn: &str,
    account: &str,
    now: i64,
) -> Option<Vec<Value>> {
    // Cheap pre-filter: every sentinel action must be covered by some Allow statement before the
    // engine is asked (most principals are not administrators).
    let covered = SENTINELS.iter().all(|(action, _)| {
        let lower = action.to_ascii_lowercase();
        sources.iter().any(|s| {
            s.policy
                .statements
                .iter()
                .any(|st| st.effect == nephos_iam::Effect::Allow && st.covers_action(&lower))
        })
    });
    if !covered {
        return None;
    }
    let principal = Principal::from_arn(principal_arn)?;
    // Distinct ids so each allowing statement can be traced to its source.
    let owned: Vec<Policy> = sources
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let mut p = s.policy.clone();
            p.id = i.to_string();
            p
        })
        .collect();
    let set = PolicySet {
        identity: owned.iter().collect(),
        boundary,
        ..PolicySet::default()
    };
    let is_user = principal_arn.contains(":user/");
    'contexts: for session in [false, true] {
        if !session && !is_user {
            continue; // roles always act through a session
        }
        let mut ctx = nephos_iam::Context::new();
        ctx.set("aws:RequestedRegion", "us-east-1");
        ctx.set("aws:CurrentTime", now.to_string());
        ctx.set("aws:EpochTime", now.to_string());
        if session {
            ctx.set("aws:TokenIssueTime", now.to_string());
        }
        let mut allowing: BTreeSet<(usize, usize)> = BTreeSet::new();
        for (action, resource) in SENTINELS {
            let resource = resource.replace("{a}", account);
            let request = Request::new(principal.clone(), action, &resource, ctx.clone());
            let response = set.evaluate(&request);
            if response.decision != Decision::Allowed {
                continue 'contexts;
            }
            for m in &response.matched {
                if let Ok(i) = m.policy.parse::<usize>() {
                    allowing.insert((i, m.index));
                }
            }
        }
        return Some(
            allowing
                .into_iter()
                .filter_map(|(i, index)| sources.get(i).map(|s| evidence(s, index)))
                .collect(),
        );
    }
    None
}

/// Whether `policy` alone allows `action` to `principal_arn` on some resource: on `*`, else on
/// one of the resource patterns of its `Allow` statements covering the action, read as a resource
/// name of the principal's account (`${aws:username}` and a `*` region or account filled in).
/// Returns the indexes of the allowing statements. `now` is seconds since the epoch.
pub fn allows_somewhere(
    policy: &Policy,
    action: &str,
    principal_arn: &str,
    now: i64,
) -> Option<Vec<usize>> {
    let lower = action.to_ascii_lowercase();
    let statements: Vec<_> = policy
        .statements
        .iter()
        .filter(|st| st.effect == nephos_iam::Effect::Allow && st.covers_action(&lower))
        .collect();
    if statements.is_empty() {
        return None;
    }
    let principal = Principal::from_arn(principal_arn)?;
    let set = PolicySet {
        identity: vec![policy],
        ..PolicySet::default()
    };
    let mut ctx = nephos_iam::Context::new();
    ctx.set("aws:RequestedRegion", "us-east-1");
    ctx.set("aws:CurrentTime", now.to_string());
    ctx.set("aws:EpochTime", now.to_string());
    let mut resources = vec!["*".to_owned()];
    for st in &statements {
        if let Some(t) = &st.resources
            && !t.negated
        {
            resources.extend(
                t.items
                    .iter()
                    .map(|r| resource_name(&r.text, &principal.account, principal.user_name())),
            );
        }
    }
    resources.dedup();
    resources.iter().find_map(|resource| {
        let request = Request::new(principal.clone(), action, resource, ctx.clone());
        let response = set.evaluate(&request);
        (response.decision == Decision::Allowed)
            .then(|| response.matched.iter().map(|m| m.index).collect())
    })
}

/// A resource pattern read as one resource name: `${aws:username}` replaced by the user's name,
/// a `*` region or account by `us-east-1` or the principal's account.
fn resource_name(pattern: &str, account: &str, user: Option<&str>) -> String {
    let text = pattern.replace("${aws:username}", user.unwrap_or("nephos"));
    let mut parts: Vec<&str> = text.splitn(6, ':').collect();
    if parts.len() == 6 {
        if parts[3] == "*" {
            parts[3] = "us-east-1";
        }
        if parts[4] == "*" {
            parts[4] = account;
        }
    }
    parts.join(":")
}

#[cfg(test)]
mod tests {
    use super::*;
    use nephos_iam::PolicyKind;

    const ACCOUNT: &str = "123456789012";
    const USER: &str = "arn:aws:iam::123456789012:user/u";
    const ROLE: &str = "arn:aws:iam::123456789012:role/r";

    fn parse(doc: &str) -> Policy {
        Policy::parse("p", PolicyKind::Identity, doc).unwrap()
    }

    fn admin(docs: &[&str], boundary: Option<&str>, who: &str) -> Option<Vec<Value>> {
        let policies: Vec<Policy> = docs.iter().map(|d| parse(d)).collect();
        let labels: Vec<Value> = (0..docs.len())
            .map(|i| json!({ "inline_policy": format!("p{i}") }))
            .collect();
        let sources: Vec<Source<'_>> = policies
            .iter()
            .zip(docs)
            .zip(&labels)
            .map(|((policy, document), label)| Source {
                policy,
                document,
                label,
            })
            .collect();
        let b = boundary.map(parse);
        full_access(&sources, b.as_ref(), who, ACCOUNT, 1_790_000_000)
    }

    const STAR: &str = r#"{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#;

    #[test]
    fn allow_star_is_admin_with_its_statement_as_evidence() {
        let e = admin(&[STAR], None, USER).unwrap();
        assert_eq!(e.len(), 1);
        assert_eq!(e[0]["inline_policy"], "p0");
        assert_eq!(e[0]["statement"]["statement_index"], 0);
        assert_eq!(e[0]["statement"]["statement"]["Action"], "*");
        assert!(admin(&[STAR], None, ROLE).is_some());
    }

    #[test]
    fn a_deny_on_iam_makes_allow_star_not_admin() {
        let doc = r#"{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Deny","Action":"iam:*","Resource":"*"}]}"#;
        assert!(admin(&[doc], None, USER).is_none());
        // The deny may sit in another policy of the same principal.
        let deny = r#"{"Statement":{"Effect":"Deny","Action":"iam:*","Resource":"*"}}"#;
        assert!(admin(&[STAR, deny], None, USER).is_none());
    }

    #[test]
    fn not_action_grants_are_admin_when_they_cover_everything() {
        let split = r#"{"Statement":[{"Effect":"Allow","NotAction":"iam:*","Resource":"*"},{"Effect":"Allow","Action":"iam:*","Resource":"*"}]}"#;
        let e = admin(&[split], None, USER).unwrap();
        assert_eq!(e.len(), 2, "both statements allow some sentinel: {e:?}");
        let not_billing =
            r#"{"Statement":{"Effect":"Allow","NotAction":"aws-portal:*","Resource":"*"}}"#;
        assert!(admin(&[not_billing], None, USER).is_some());
        // PowerUserAccess: everything but IAM, Organizations and Account.
        let power = r#"{"Statement":[{"Effect":"Allow","NotAction":["iam:*","organizations:*","account:*"],"Resource":"*"}]}"#;
        assert!(admin(&[power], None, USER).is_none());
    }

    #[test]
    fn scoped_or_partial_grants_are_not_admin() {
        let s3 = r#"{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}"#;
        assert!(admin(&[s3], None, USER).is_none());
        let one_bucket =
            r#"{"Statement":[{"Effect":"Allow","Action":"*","Resource":"arn:aws:s3:::b/*"}]}"#;
        assert!(admin(&[one_bucket], None, USER).is_none());
        // Two partial policies that together cover everything are full access.
        let rest = r#"{"Statement":[{"Effect":"Allow","NotAction":"s3:*","Resource":"*"}]}"#;
        assert!(admin(&[s3, rest], None, USER).is_some());
        assert!(admin(&[], None, USER).is_none());
    }

    #[test]
    fn conditions_are_evaluated_not_ignored() {
        let mfa = r#"{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}]}"#;
        assert!(admin(&[mfa], None, USER).is_none(), "MFA is never assumed");
        let region = r#"{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEquals":{"aws:RequestedRegion":["us-east-1","eu-west-1"]}}}]}"#;
        assert!(
            admin(&[region], None, USER).is_some(),
            "a region guard still leaves full access"
        );
        let expired = r#"{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"DateLessThan":{"aws:CurrentTime":"2020-01-01T00:00:00Z"}}}]}"#;
        assert!(admin(&[expired], None, USER).is_none(), "the grant expired");
    }

    #[test]
    fn a_boundary_must_allow_too() {
        let s3_only = r#"{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}"#;
        assert!(admin(&[STAR], Some(s3_only), USER).is_none());
        assert!(admin(&[STAR], Some(STAR), USER).is_some());
    }
}
