//! Active access keys were rotated within 90 days.
//!
//! Why: long-lived keys accumulate in laptops, CI logs and images; rotation bounds how long a leaked
//! key stays valid.
//! Fix: create a new key, move its users to it, then deactivate and delete the old one.

use chrono::Duration;
use nephos_model::ResourceKind;
use serde_json::{Value, json};

use super::user_credentials;
use crate::context::Context;
use crate::finding::Finding;
use crate::meta::{CheckMeta, Severity, cis};

/// Maximum key age.
pub const DAYS: i64 = 90;

/// Metadata.
pub const META: CheckMeta = CheckMeta {
    id: "iam_user_access_keys_rotated_90_days",
    title: "Active access keys are rotated every 90 days or less",
    severity: Severity::Medium,
    kinds: &[ResourceKind::IamUser],
    rationale: "Rotation bounds how long a leaked access key stays valid.",
    remediation: "Create a new access key, switch its users to it, then deactivate and delete the old key.",
    references: &[
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html#rotating_access_keys_console",
    ],
    compliance: &[cis(&["1.14"])],
};

/// Runs the check over users with at least one active key.
pub fn run(ctx: &Context, out: &mut Vec<Finding>) {
    let since = ctx.now - Duration::days(DAYS);
    for user in ctx.of_kind(ResourceKind::IamUser) {
        let Some(c) = user_credentials(user) else {
            continue;
        };
        if !c.access_keys.iter().any(|k| k.active) {
            continue;
        }
        let old: Vec<Value> = c
            .access_keys
            .iter()
            .enumerate()
            .filter(|(_, k)| k.active && k.last_rotated.is_none_or(|t| t < since))
            .map(|(i, k)| json!({ "access_key": i + 1, "last_rotated": k.last_rotated }))
            .collect();
        out.push(Finding::verdict(
            &META,
            user,
            old.is_empty(),
            format!(
                "the active keys of {} were rotated within {DAYS} days",
                user.name
            ),
            format!(
                "{} has {} active key(s) older than {DAYS} days",
                user.name,
                old.len()
            ),
            json!({ "keys_not_rotated": old }),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::*;
    use crate::finding::Status;
    use crate::testutil::*;
    use nephos_model::props::IamUserProps;

    #[test]
    fn fails_old_active_key() {
        let u = |name, keys| {
            user(
                name,
                IamUserProps {
                    credentials: Some(creds(false, false, None, keys)),
                    ..Default::default()
                },
            )
        };
        let f = run_check(
            super::run,
            vec![
                u(
                    "old",
                    vec![key(true, Some(days_ago(120)), Some(days_ago(1)))],
                ),
                u(
                    "new",
                    vec![key(true, Some(days_ago(30)), Some(days_ago(1)))],
                ),
                u("inactive", vec![key(false, Some(days_ago(400)), None)]),
            ],
        );
        assert_eq!(status_of(&f, "user/old"), Some(Status::Fail));
        assert_eq!(status_of(&f, "user/new"), Some(Status::Pass));
        assert_eq!(status_of(&f, "user/inactive"), None);
    }
}
