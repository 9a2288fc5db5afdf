//! Every IAM user with a console password has MFA.
//!
//! Why: a console password alone falls to phishing, reuse and guessing.
//! Fix: assign an MFA device to the user, or remove the console password if unused.

use nephos_model::ResourceKind;
use serde_json::json;

use super::user_credentials;
use crate::context::Context;
use crate::finding::Finding;
use crate::meta::{CheckMeta, Severity, cis};

/// Metadata.
pub const META: CheckMeta = CheckMeta {
    id: "iam_user_console_mfa_enabled",
    title: "IAM users with a console password have MFA enabled",
    severity: Severity::High,
    kinds: &[ResourceKind::IamUser],
    rationale: "MFA stops a stolen or guessed console password from being enough to sign in.",
    remediation: "Assign a virtual, hardware or passkey MFA device to the user, or delete its console password.",
    references: &["https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa.html"],
    compliance: &[cis(&["1.10"])],
};

/// Runs the check over users with a console password.
pub fn run(ctx: &Context, out: &mut Vec<Finding>) {
    for user in ctx.of_kind(ResourceKind::IamUser) {
        let Some(c) = user_credentials(user).filter(|c| c.password_enabled) else {
            continue;
        };
        out.push(Finding::verdict(
            &META,
            user,
            c.mfa_active,
            format!("{} has a console password and MFA", user.name),
            format!("{} has a console password but no MFA", user.name),
            json!({ "password_enabled": true, "mfa_active": c.mfa_active }),
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
    fn fails_console_user_without_mfa() {
        let u = |name, password, mfa| {
            user(
                name,
                IamUserProps {
                    credentials: Some(creds(password, mfa, None, vec![])),
                    ..Default::default()
                },
            )
        };
        let f = run_check(
            super::run,
            vec![
                u("bad", true, false),
                u("good", true, true),
                u("api", false, false),
            ],
        );
        assert_eq!(status_of(&f, "user/bad"), Some(Status::Fail));
        assert_eq!(status_of(&f, "user/good"), Some(Status::Pass));
        assert_eq!(status_of(&f, "user/api"), None);
    }
}
