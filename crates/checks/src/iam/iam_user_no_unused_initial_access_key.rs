//! Console users have no active access key that was never used.
//!
//! Why: keys created "just in case" with a new console user sit unused and unwatched, yet valid.
//! Fix: delete active access keys that have never been used; let users create keys when needed.

use nephos_model::ResourceKind;
use serde_json::json;

use super::user_credentials;
use crate::context::Context;
use crate::finding::Finding;
use crate::meta::{CheckMeta, Severity, cis};

/// Metadata.
pub const META: CheckMeta = CheckMeta {
    id: "iam_user_no_unused_initial_access_key",
    title: "IAM users with a console password have no never-used active access key",
    severity: Severity::Medium,
    kinds: &[ResourceKind::IamUser],
    rationale: "Access keys created at user setup and never used are valid credentials nobody watches.",
    remediation: "Delete active access keys with no last-used date (aws iam delete-access-key).",
    references: &[
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html",
    ],
    compliance: &[cis(&["1.11"])],
};

/// Runs the check over users with a console password.
pub fn run(ctx: &Context, out: &mut Vec<Finding>) {
    for user in ctx.of_kind(ResourceKind::IamUser) {
        let Some(c) = user_credentials(user).filter(|c| c.password_enabled) else {
            continue;
        };
        let unused: Vec<usize> = c
            .access_keys
            .iter()
            .enumerate()
            .filter(|(_, k)| k.active && k.last_used.is_none())
            .map(|(i, _)| i + 1)
            .collect();
        out.push(Finding::verdict(
            &META,
            user,
            unused.is_empty(),
            format!("{} has no never-used active access key", user.name),
            format!(
                "{} has {} active access key(s) never used",
                user.name,
                unused.len()
            ),
            json!({ "never_used_active_keys": unused }),
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
    fn fails_never_used_key_of_console_user() {
        let u = |name, keys| {
            user(
                name,
                IamUserProps {
                    credentials: Some(creds(true, true, None, keys)),
                    ..Default::default()
                },
            )
        };
        let f = run_check(
            super::run,
            vec![
                u("bad", vec![key(true, Some(days_ago(5)), None)]),
                u(
                    "good",
                    vec![key(true, Some(days_ago(5)), Some(days_ago(1)))],
                ),
                u("off", vec![key(false, Some(days_ago(5)), None)]),
            ],
        );
        assert_eq!(status_of(&f, "user/bad"), Some(Status::Fail));
        assert_eq!(status_of(&f, "user/good"), Some(Status::Pass));
        assert_eq!(status_of(&f, "user/off"), Some(Status::Pass));
    }
}
