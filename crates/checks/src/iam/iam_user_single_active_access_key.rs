//! Each IAM user has at most one active access key.
//!
//! Why: two active keys double what can leak and usually mean a rotation was never finished.
//! Fix: deactivate and delete the older key once the newer one is in use.

use nephos_model::ResourceKind;
use serde_json::json;

use super::user_credentials;
use crate::context::Context;
use crate::finding::Finding;
use crate::meta::{CheckMeta, Severity, cis};

/// Metadata.
pub const META: CheckMeta = CheckMeta {
    id: "iam_user_single_active_access_key",
    title: "IAM users have at most one active access key",
    severity: Severity::Medium,
    kinds: &[ResourceKind::IamUser],
    rationale: "A second active key doubles the credentials that can leak and often marks an unfinished rotation.",
    remediation: "Deactivate, then delete, the access key that is no longer used.",
    references: &[
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html#rotating_access_keys_console",
    ],
    compliance: &[cis(&["1.13"])],
};

/// Runs the check over users whose credential report row was collected.
pub fn run(ctx: &Context, out: &mut Vec<Finding>) {
    for user in ctx.of_kind(ResourceKind::IamUser) {
        let Some(c) = user_credentials(user) else {
            continue;
        };
        let active = c.access_keys.iter().filter(|k| k.active).count();
        out.push(Finding::verdict(
            &META,
            user,
            active <= 1,
            format!("{} has {active} active access key(s)", user.name),
            format!("{} has {active} active access keys", user.name),
            json!({ "active_access_keys": active }),
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
    fn fails_two_active_keys() {
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
                u("two", vec![key(true, None, None), key(true, None, None)]),
                u("one", vec![key(true, None, None), key(false, None, None)]),
            ],
        );
        assert_eq!(status_of(&f, "user/two"), Some(Status::Fail));
        assert_eq!(status_of(&f, "user/one"), Some(Status::Pass));
    }
}
