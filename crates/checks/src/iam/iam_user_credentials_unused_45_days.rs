//! IAM users have no enabled credential unused for 45 days or more.
//!
//! Why: abandoned passwords and keys stay valid and unwatched; disabling them shrinks the window for
//! a leaked credential.
//! Fix: disable the console password or deactivate the access keys that have not been used for 45
//! days.

use chrono::Duration;
use nephos_model::{ResourceKind, Timestamp};
use serde_json::{Value, json};

use super::user_credentials;
use crate::context::Context;
use crate::finding::Finding;
use crate::meta::{CheckMeta, Severity, cis};

/// Days without use after which a credential counts as unused.
pub const DAYS: i64 = 45;

/// Metadata.
pub const META: CheckMeta = CheckMeta {
    id: "iam_user_credentials_unused_45_days",
    title: "IAM users have no enabled password or active access key unused for 45 days",
    severity: Severity::Medium,
    kinds: &[ResourceKind::IamUser],
    rationale: "Credentials nobody uses are not missed when disabled, and nobody notices when someone else uses them.",
    remediation: "Disable console passwords and deactivate access keys unused for 45 days or more.",
    references: &[
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_finding-unused.html",
    ],
    compliance: &[cis(&["1.12"])],
};

/// Stale: last used before `since`, or never used and set (changed / rotated) before `since`, or
/// never used with no set date (the credential report's `N/A`).
fn stale(last_used: Option<Timestamp>, set: Option<Timestamp>, since: Timestamp) -> bool {
    match (last_used, set) {
        (Some(used), _) => used < since,
        (None, Some(set)) => set < since,
        (None, None) => true,
    }
}

/// Runs the check over users whose credential report row was collected.
pub fn run(ctx: &Context, out: &mut Vec<Finding>) {
    let since = ctx.now - Duration::days(DAYS);
    for user in ctx.of_kind(ResourceKind::IamUser) {
        let Some(c) = user_credentials(user) else {
            continue;
        };
        let mut unused: Vec<Value> = Vec::new();
        if c.password_enabled
            && stale(
                c.password_last_used,
                c.password_last_changed.or(user.created),
                since,
            )
        {
            unused.push(json!({ "credential": "password", "last_used": c.password_last_used }));
        }
        for (i, k) in c.access_keys.iter().enumerate() {
            if k.active && stale(k.last_used, k.last_rotated, since) {
                unused.push(json!({ "credential": format!("access_key_{}", i + 1), "last_used": k.last_used, "last_rotated": k.last_rotated }));
            }
        }
        out.push(Finding::verdict(
            &META,
            user,
            unused.is_empty(),
            format!("{} has no credential unused for {DAYS} days", user.name),
            format!(
                "{} has {} credential(s) unused for {DAYS} days",
                user.name,
                unused.len()
            ),
            json!({ "unused_credentials": unused }),
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
    fn fails_stale_password_or_key() {
        let u = |name, c| {
            user(
                name,
                IamUserProps {
                    credentials: Some(c),
                    ..Default::default()
                },
            )
        };
        let f = run_check(
            super::run,
            vec![
                u("oldpw", creds(true, true, Some(days_ago(60)), vec![])),
                u("newpw", creds(true, true, Some(days_ago(2)), vec![])),
                u(
                    "oldkey",
                    creds(
                        false,
                        false,
                        None,
                        vec![key(true, Some(days_ago(100)), Some(days_ago(50)))],
                    ),
                ),
                u(
                    "newkey",
                    creds(
                        false,
                        false,
                        None,
                        vec![key(true, Some(days_ago(10)), None)],
                    ),
                ),
                u(
                    "offkey",
                    creds(
                        false,
                        false,
                        None,
                        vec![key(false, Some(days_ago(300)), None)],
                    ),
                ),
            ],
        );
        assert_eq!(status_of(&f, "user/oldpw"), Some(Status::Fail));
        assert_eq!(status_of(&f, "user/newpw"), Some(Status::Pass));
        assert_eq!(status_of(&f, "user/oldkey"), Some(Status::Fail));
        assert_eq!(status_of(&f, "user/newkey"), Some(Status::Pass));
        assert_eq!(status_of(&f, "user/offkey"), Some(Status::Pass));
    }
}
