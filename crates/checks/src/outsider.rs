//! Whether a resource policy's `Deny` statements shut out an outsider, decided by the IAM engine.
//!
//! [`crate::policy_patterns::public_of`] finds the `Allow` statements open to everyone (a `*`
//! principal, no condition restricting callers). A policy may still deny those callers: `Deny`
//! `*` unless `aws:PrincipalOrgID` is the organization's, unless `aws:SourceVpce` is the
//! endpoint's, unless `aws:SourceIp` is the office's. [`still_public`] keeps a public statement
//! only when the engine, for an outsider's request of one of its actions on one of its
//! resources, finds no explicit deny in the policy.
//!
//! The outsider is a user of another account calling over TLS from a public address, with no
//! organization, VPC or endpoint keys (AWS leaves keys it cannot derive missing, so a negated
//! condition on them holds). Conditions an attacker satisfies at will (`aws:SecureTransport`
//! true) do not save the resource; ones it cannot (another account's org id) do. `NotAction`
//! statements and actions the engine does not see denied are kept: this only removes statements
//! the policy itself provably denies.

use nephos_iam::{Decision, Policy, PolicyKind, PolicySet, Principal, Request};

use crate::policy_patterns::Statement;

/// The caller the deny statements are judged against.
const OUTSIDER: &str = "arn:aws:iam::000000000000:user/nephos-outsider";

/// Keeps the statements of `public` (public `Allow` statements of `document`) that the
/// document's `Deny` statements do not deny to an outsider for all their actions and resources.
/// `trust` marks a role trust policy; `resource` is the ARN used for statements without
/// `Resource` (trust policies); `now` is seconds since the epoch.
pub fn still_public(
    document: &str,
    trust: bool,
    resource: &str,
    now: i64,
    public: Vec<Statement>,
) -> Vec<Statement> {
    let kind = if trust {
        PolicyKind::Trust
    } else {
        PolicyKind::Resource
    };
    let Ok(policy) = Policy::parse("resource", kind, document) else {
        return public;
    };
    if !policy
        .statements
        .iter()
        .any(|s| s.effect == nephos_iam::Effect::Deny)
    {
        return public;
    }
    let Some(outsider) = Principal::from_arn(OUTSIDER) else {
        return public;
    };
    let set = PolicySet {
        resource: Some(&policy),
        ..PolicySet::default()
    };
    let mut context = nephos_iam::Context::new();
    context.set("aws:SecureTransport", "true");
    context.set("aws:SourceIp", "198.51.100.7");
    context.set("aws:CurrentTime", now.to_string());
    context.set("aws:EpochTime", now.to_string());
    public
        .into_iter()
        .filter(|s| {
            if s.not_action || s.actions.is_empty() {
                return true;
            }
            let resources: Vec<&str> = if s.resources.is_empty() {
                vec![resource]
            } else {
                s.resources.iter().map(String::as_str).collect()
            };
            s.actions.iter().any(|action| {
                resources.iter().any(|r| {
                    let request = Request::new(outsider.clone(), action, r, context.clone());
                    set.evaluate(&request).decision != Decision::ExplicitDeny
                })
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy_patterns::public_statements;

    fn public_after_denies(doc: &str) -> usize {
        let public = public_statements(doc).unwrap();
        still_public(doc, false, "arn:aws:s3:::b", 1_790_000_000, public).len()
    }

    #[test]
    fn a_deny_outside_the_organization_closes_a_public_grant() {
        let doc = r#"{"Statement":[
            {"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"},
            {"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::b","arn:aws:s3:::b/*"],
             "Condition":{"StringNotEquals":{"aws:PrincipalOrgID":"o-abc"}}}]}"#;
        assert_eq!(
            public_statements(doc).unwrap().len(),
            1,
            "the pattern reading says public"
        );
        assert_eq!(public_after_denies(doc), 0);
        let vpce = r#"{"Statement":[
            {"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"},
            {"Effect":"Deny","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*",
             "Condition":{"StringNotEquals":{"aws:SourceVpce":"vpce-1"}}}]}"#;
        assert_eq!(public_after_denies(vpce), 0);
    }

    #[test]
    fn denies_an_outsider_can_avoid_leave_it_public() {
        // The TLS-only deny does not apply to a caller using TLS.
        let tls = r#"{"Statement":[
            {"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"},
            {"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"arn:aws:s3:::b/*",
             "Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}"#;
        assert_eq!(public_after_denies(tls), 1);
        // A deny on the bucket does not cover its objects.
        let bucket_only = r#"{"Statement":[
            {"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"},
            {"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"arn:aws:s3:::b"}]}"#;
        assert_eq!(public_after_denies(bucket_only), 1);
        // A deny of one action leaves the other public.
        let partial = r#"{"Statement":[
            {"Effect":"Allow","Principal":"*","Action":["s3:GetObject","s3:PutObject"],"Resource":"arn:aws:s3:::b/*"},
            {"Effect":"Deny","Principal":"*","Action":"s3:PutObject","Resource":"arn:aws:s3:::b/*"}]}"#;
        assert_eq!(public_after_denies(partial), 1);
        // No deny at all.
        let open = r#"{"Statement":{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}}"#;
        assert_eq!(public_after_denies(open), 1);
    }

    #[test]
    fn trust_policies_use_the_role_as_resource() {
        let doc = r#"{"Statement":[
            {"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole"},
            {"Effect":"Deny","Principal":{"AWS":"*"},"Action":"sts:AssumeRole",
             "Condition":{"StringNotEquals":{"aws:PrincipalAccount":"123456789012"}}}]}"#;
        let public = public_statements(doc).unwrap();
        assert_eq!(public.len(), 1);
        let role = "arn:aws:iam::123456789012:role/r";
        assert!(still_public(doc, true, role, 1_790_000_000, public).is_empty());
    }
}
