//! The root user has not been used in the last 90 days.
//!
//! Why: daily use of the root user exposes its unlimited credentials; use should be rare and
//! limited to the tasks only root can do.
//! Fix: create administrators as IAM Identity Center users or roles and stop using root.

use nephos_model::ResourceKind;
use serde_json::json;

use crate::context::Context;
use crate::finding::Finding;
use crate::meta::{CheckMeta, Severity, cis};

/// How recent a use counts as "in use".
pub const WINDOW_DAYS: i64 = 90;

/// Metadata.
pub const META: CheckMeta = CheckMeta {
    id: "iam_root_not_used_recently",
    title: "The root user has not been used in the last 90 days",
    severity: Severity::Medium,
    kinds: &[ResourceKind::Account],
    rationale: "The root user should be used only for the few tasks that require it; regular use exposes unlimited credentials.",
    remediation: "Use IAM Identity Center or IAM roles for administration; lock the root credentials away.",
    references: &["https://docs.aws.amazon.com/IAM/latest/UserGuide/root-user-tasks.html"],
    compliance: &[cis(&["1.7"])],
};

/// Runs the check: FAIL when the root password or an access key was used within the window.
pub fn run(ctx: &Context, out: &mut Vec<Finding>) {
    let since = ctx.now - chrono::Duration::days(WINDOW_DAYS);
    for (account, props) in ctx.accounts() {
        let Some(root) = &props.root_credentials else {
            continue;
        };
        let uses: Vec<_> = std::iter::once(("password_last_used", root.password_last_used))
            .chain(
                root.access_keys
                    .iter()
                    .map(|k| ("access_key_last_used", k.last_used)),
            )
            .filter_map(|(field, at)| at.filter(|t| *t >= since).map(|t| json!({ field: t })))
            .collect();
        out.push(Finding::verdict(
            &META,
            account,
            uses.is_empty(),
            format!("the root user was not used in the last {WINDOW_DAYS} days"),
            format!("the root user was used in the last {WINDOW_DAYS} days"),
            json!({ "credential_report": "<root_account>", "recent_uses": uses }),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::*;
    use crate::finding::Status;
    use crate::testutil::*;
    use nephos_model::props::AccountProps;

    #[test]
    fn fails_recent_password_or_key_use() {
        let cases = [
            (creds(true, true, Some(days_ago(3)), vec![]), Status::Fail),
            (creds(true, true, Some(days_ago(200)), vec![]), Status::Pass),
            (
                creds(false, true, None, vec![key(true, None, Some(days_ago(10)))]),
                Status::Fail,
            ),
            (creds(false, true, None, vec![]), Status::Pass),
        ];
        for (root, want) in cases {
            let acct = account(AccountProps {
                root_credentials: Some(root),
                ..Default::default()
            });
            assert_eq!(
                status_of(&run_check(super::run, vec![acct]), ":root"),
                Some(want)
            );
        }
    }
}
