//! KMS key policies do not allow everyone.
//!
//! Why: a key policy statement with a `*` principal and no restricting condition lets any AWS
//! account use (or manage) the key, and so decrypt what it protects.
//! Fix: replace the `*` principal with the account or roles that need the key, or add a
//! `kms:CallerAccount` / `aws:PrincipalOrgID` condition.

use nephos_model::ResourceKind;
use serde_json::json;

use super::customer_keys;
use crate::context::Context;
use crate::finding::Finding;
use crate::meta::{CheckMeta, Severity};
use crate::policy_patterns;

/// Metadata.
pub const META: CheckMeta = CheckMeta {
    id: "kms_key_policy_not_public",
    title: "KMS key policies do not grant access to everyone",
    severity: Severity::Critical,
    kinds: &[ResourceKind::KmsKey],
    rationale: "A `*` principal without a restricting condition lets any AWS account use the key and decrypt what it protects.",
    remediation: "Name the trusted accounts or roles in the key policy, or add a kms:CallerAccount or aws:PrincipalOrgID condition.",
    references: &["https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-overview.html"],
    compliance: &[],
};

/// Runs the check over customer-managed keys whose policy was collected.
pub fn run(ctx: &Context, out: &mut Vec<Finding>) {
    for (r, p) in customer_keys(ctx) {
        let Some(policy) = &p.policy else {
            continue;
        };
        let Ok(public) = ctx.public_statements(policy, r) else {
            continue;
        };
        let statements: Vec<_> = public.iter().map(policy_patterns::evidence).collect();
        out.push(Finding::verdict(
            &META,
            r,
            public.is_empty(),
            || format!("the policy of key {} grants nothing to everyone", p.key_id),
            || format!("the policy of key {} grants access to everyone", p.key_id),
            json!({ "public_statements": statements }),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::key;
    use crate::finding::Status;
    use crate::testutil::*;

    #[test]
    fn fails_star_principal() {
        let open = r#"{"Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"kms:Decrypt","Resource":"*"}]}"#;
        let f = run_check(
            super::run,
            vec![
                key("k-good", |_| {}),
                key("k-open", |p| p.policy = Some(open.into())),
            ],
        );
        assert_eq!(status_of(&f, "key/k-good"), Some(Status::Pass));
        assert_eq!(status_of(&f, "key/k-open"), Some(Status::Fail));
    }
}
