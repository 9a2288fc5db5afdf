//! The root user has no active access key.
//!
//! Why: root access keys carry unrestricted, unscopable power over the account and cannot be limited
//! by any policy; a leaked key is a full takeover.
//! Fix: delete the root user's access keys (Security credentials page, signed in as root).

use nephos_model::ResourceKind;
use serde_json::json;

use crate::context::Context;
use crate::finding::Finding;
use crate::meta::{CheckMeta, Severity, cis};

/// Metadata.
pub const META: CheckMeta = CheckMeta {
    id: "iam_root_access_key_absent",
    title: "The root user has no active access key",
    severity: Severity::Critical,
    kinds: &[ResourceKind::Account],
    rationale: "Root access keys have unrestricted power that no IAM policy can limit; a leaked key is a full account takeover.",
    remediation: "Sign in as the root user and delete its access keys; use IAM roles for programmatic access.",
    references: &[
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user_manage_delete-key.html",
    ],
    compliance: &[cis(&["1.4"])],
};

/// Runs the check over each account whose root credential report row was collected.
pub fn run(ctx: &Context, out: &mut Vec<Finding>) {
    for (account, props) in ctx.accounts() {
        let Some(root) = &props.root_credentials else {
            continue;
        };
        let active: Vec<usize> = root
            .access_keys
            .iter()
            .enumerate()
            .filter(|(_, k)| k.active)
            .map(|(i, _)| i + 1)
            .collect();
        out.push(Finding::verdict(
            &META,
            account,
            active.is_empty(),
            "the root user has no active access key",
            format!("the root user has {} active access key(s)", active.len()),
            json!({ "credential_report": "<root_account>", "active_access_keys": active }),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::*;
    use crate::finding::Status;
    use crate::testutil::*;
    use nephos_model::props::AccountProps;

    fn with_root(keys: Vec<nephos_model::props::AccessKeyInfo>) -> Option<Status> {
        let acct = account(AccountProps {
            root_credentials: Some(creds(true, true, None, keys)),
            ..Default::default()
        });
        status_of(&run_check(super::run, vec![acct]), ":root")
    }

    #[test]
    fn fails_active_root_key_passes_inactive() {
        assert_eq!(with_root(vec![key(true, None, None)]), Some(Status::Fail));
        assert_eq!(with_root(vec![key(false, None, None)]), Some(Status::Pass));
        assert_eq!(with_root(vec![]), Some(Status::Pass));
        assert!(run_check(super::run, vec![account(AccountProps::default())]).is_empty());
    }
}
