//! IAM checks: the root user, users' credentials, the password policy, policies and trust.

pub mod iam_group_inline_policy_no_full_admin;
pub mod iam_password_policy_expires_90_days;
pub mod iam_password_policy_lowercase;
pub mod iam_password_policy_minimum_length_14;
pub mod iam_password_policy_number;
pub mod iam_password_policy_reuse_24;
pub mod iam_password_policy_symbol;
pub mod iam_password_policy_uppercase;
pub mod iam_policy_no_full_admin_attached;
pub mod iam_policy_no_privilege_escalation;
pub mod iam_principal_cloudshell_full_access_restricted;
pub mod iam_role_cross_account_trust_known_accounts;
pub mod iam_role_inline_policy_no_full_admin;
pub mod iam_role_trust_not_public;
pub mod iam_root_access_key_absent;
pub mod iam_root_mfa_enabled;
pub mod iam_root_not_used_recently;
pub mod iam_support_role_exists;
pub mod iam_user_access_keys_rotated_90_days;
pub mod iam_user_administrator_access_not_attached;
pub mod iam_user_console_mfa_enabled;
pub mod iam_user_credentials_unused_45_days;
pub mod iam_user_inline_policy_no_full_admin;
pub mod iam_user_no_direct_policies;
pub mod iam_user_no_unused_initial_access_key;
pub mod iam_user_single_active_access_key;

use nephos_model::props::{InlinePolicy, PasswordPolicy};
use nephos_model::{Properties, Resource, ResourceKind};
use serde_json::{Value, json};

use crate::admin;
use crate::context::Context;
use crate::finding::Finding;
use crate::meta::CheckMeta;

/// The AWS-managed full-administrator policy.
pub const ADMINISTRATOR_ACCESS: &str = "arn:aws:iam::aws:policy/AdministratorAccess";

/// An identity policy a principal holds, labelled for evidence.
#[derive(Debug, Clone)]
pub struct Held<'a> {
    /// The parsed policy.
    pub policy: &'a nephos_iam::Policy,
    /// Its text.
    pub document: &'a str,
    /// `{"inline_policy": name}` or `{"attached_policy": arn}`, with `"group": name` when the
    /// principal holds it through a group.
    pub label: Value,
    /// An inline policy of the principal itself (not of one of its groups).
    pub own_inline: bool,
}

impl Held<'_> {
    fn source(&self) -> admin::Source<'_> {
        admin::Source {
            policy: self.policy,
            document: self.document,
            label: &self.label,
        }
    }
}

/// The identity policies of a user, group or role whose documents the engine could read: inline
/// policies, attached managed policies (`AdministratorAccess` even when not collected) and, for
/// a user when `with_groups`, its groups' inline and attached policies. Managed policies that
/// were not collected are left out.
pub fn held_policies<'c>(
    ctx: &'c Context<'_>,
    r: &'c Resource,
    with_groups: bool,
) -> Vec<Held<'c>> {
    let mut out = Vec::new();
    push_held(ctx, r, None, &mut out);
    if with_groups && let Properties::IamUser(u) = &r.props {
        for name in &u.groups {
            if let Some(group) = ctx.group(&r.account, name) {
                push_held(ctx, group, Some(name), &mut out);
            }
        }
    }
    out
}

fn push_held<'c>(
    ctx: &'c Context<'_>,
    r: &'c Resource,
    group: Option<&str>,
    out: &mut Vec<Held<'c>>,
) {
    let label = |mut v: Value| {
        if let (Some(g), Value::Object(o)) = (group, &mut v) {
            o.insert("group".into(), json!(g));
        }
        v
    };
    for p in inline_policies(r).unwrap_or_default() {
        if let Some(policy) = ctx.identity_policy(&p.document) {
            out.push(Held {
                policy,
                document: &p.document,
                label: label(json!({ "inline_policy": p.name })),
                own_inline: group.is_none(),
            });
        }
    }
    for arn in attached_policies(r).unwrap_or_default() {
        if let Some((policy, document)) = ctx.managed_identity_policy(arn) {
            out.push(Held {
                policy,
                document,
                label: label(json!({ "attached_policy": arn })),
                own_inline: false,
            });
        }
    }
}

/// The ARN the engine evaluates `r`'s policies as: the user or role itself; for a group, a
/// member user.
fn principal_arn(r: &Resource) -> String {
    match r.kind {
        ResourceKind::IamGroup => format!("arn:aws:iam::{}:user/nephos-group-member", r.account),
        _ => r.id.as_str().to_owned(),
    }
}

/// The permissions boundary of a user or role, when set and collected.
fn boundary<'c>(ctx: &'c Context<'_>, r: &Resource) -> Option<&'c nephos_iam::Policy> {
    let arn = match &r.props {
        Properties::IamUser(u) => u.permissions_boundary_arn.as_deref(),
        Properties::IamRole(role) => role.permissions_boundary_arn.as_deref(),
        _ => None,
    }?;
    ctx.managed_identity_policy(arn).map(|(p, _)| p)
}

/// Full-admin grants of each policy in `held` taken alone (the IAM engine allows every sentinel
/// request with that policy only): the allowing statements of every such policy.
pub fn admin_grants_each(ctx: &Context, r: &Resource, held: &[Held<'_>]) -> Vec<Value> {
    let who = principal_arn(r);
    let now = ctx.now.timestamp();
    held.iter()
        .filter_map(|h| admin::full_access(&[h.source()], None, &who, &r.account, now))
        .flatten()
        .collect()
}

/// Whether `held` together (with `r`'s permissions boundary) grant `r` full access: the
/// allowing statements when they do (empty otherwise).
pub fn admin_grants_together(ctx: &Context, r: &Resource, held: &[Held<'_>]) -> Vec<Value> {
    let sources: Vec<admin::Source<'_>> = held.iter().map(Held::source).collect();
    admin::full_access(
        &sources,
        boundary(ctx, r),
        &principal_arn(r),
        &r.account,
        ctx.now.timestamp(),
    )
    .unwrap_or_default()
}

/// Full-admin grants per role, computed once per role: many instances or functions share one
/// role, and its policies need judging only once.
#[derive(Debug, Default)]
pub struct RoleAdminGrants<'a> {
    by_role: std::collections::HashMap<&'a str, Vec<Value>>,
}

impl<'a> RoleAdminGrants<'a> {
    /// The statements that together give `role` full access (empty when they do not, or for a
    /// non-role).
    pub fn of(&mut self, ctx: &Context<'a>, role: &'a Resource) -> &[Value] {
        self.by_role
            .entry(role.id.as_str())
            .or_insert_with(|| match &role.props {
                Properties::IamRole(_) => {
                    admin_grants_together(ctx, role, &held_policies(ctx, role, false))
                }
                _ => Vec::new(),
            })
    }
}

/// Runs a password-policy check: for each account whose password policy was collected, PASS
/// when `ok(policy)`; an account with no password policy fails.
pub fn check_password_policy(
    ctx: &Context,
    out: &mut Vec<Finding>,
    meta: &'static CheckMeta,
    requirement: &str,
    ok: fn(&PasswordPolicy) -> bool,
) {
    for (account, props) in ctx.accounts() {
        let Some(policy) = &props.password_policy else {
            continue;
        };
        out.push(match policy {
            None => Finding::fail(
                meta,
                account,
                format!(
                    "account {} has no password policy ({requirement})",
                    account.account
                ),
                json!({ "password_policy": null }),
            ),
            Some(p) => Finding::verdict(
                meta,
                account,
                ok(p),
                || format!("the password policy of {} {requirement}", account.account),
                || {
                    format!(
                        "the password policy of {} does not {requirement}",
                        account.account
                    )
                },
                json!({ "password_policy": p }),
            ),
        });
    }
}

/// Runs an inline-policy admin check over every resource of `kind`.
pub fn check_inline_admin(
    ctx: &Context,
    out: &mut Vec<Finding>,
    meta: &'static CheckMeta,
    kind: ResourceKind,
) {
    for r in ctx.of_kind(kind) {
        if inline_policies(r).is_none() {
            continue;
        }
        let own: Vec<Held<'_>> = held_policies(ctx, r, false)
            .into_iter()
            .filter(|h| h.own_inline)
            .collect();
        let grants = admin_grants_each(ctx, r, &own);
        out.push(Finding::verdict(
            meta,
            r,
            grants.is_empty(),
            || {
                format!(
                    "no inline policy of {} grants full administrator access",
                    r.name
                )
            },
            || format!("an inline policy of {} grants `*` on `*`", r.name),
            json!({ "admin_statements": grants }),
        ));
    }
}

/// The inline policies of a user, group or role.
pub fn inline_policies(r: &Resource) -> Option<&[InlinePolicy]> {
    match &r.props {
        Properties::IamUser(u) => Some(&u.inline_policies),
        Properties::IamGroup(g) => Some(&g.inline_policies),
        Properties::IamRole(role) => Some(&role.inline_policies),
        _ => None,
    }
}

/// The attached managed policy ARNs of a user, group or role.
pub fn attached_policies(r: &Resource) -> Option<&[String]> {
    match &r.props {
        Properties::IamUser(u) => Some(&u.attached_policy_arns),
        Properties::IamGroup(g) => Some(&g.attached_policy_arns),
        Properties::IamRole(role) => Some(&role.attached_policy_arns),
        _ => None,
    }
}

/// A user's credential report row, when collected.
pub fn user_credentials(r: &Resource) -> Option<&nephos_model::props::CredentialReportEntry> {
    match &r.props {
        Properties::IamUser(u) => u.credentials.as_ref(),
        _ => None,
    }
}

#[cfg(test)]
pub(crate) mod fixtures {
    use nephos_model::props::{AccessKeyInfo, AccountProps, CredentialReportEntry, PasswordPolicy};
    use nephos_model::{Resource, Timestamp};

    use crate::testutil;

    /// A user, group or role named `name` with one inline policy holding `document`.
    pub fn with_inline_policy(
        kind: nephos_model::ResourceKind,
        name: &str,
        document: &str,
    ) -> Resource {
        use nephos_model::props::{IamGroupProps, IamRoleProps, IamUserProps, InlinePolicy};
        use nephos_model::{Properties, ResourceKind};
        let inline_policies = vec![InlinePolicy {
            name: "inline".into(),
            document: document.into(),
        }];
        let (props, path) = match kind {
            ResourceKind::IamUser => (
                Properties::IamUser(Box::new(IamUserProps {
                    inline_policies,
                    ..Default::default()
                })),
                "user",
            ),
            ResourceKind::IamRole => (
                Properties::IamRole(Box::new(IamRoleProps {
                    inline_policies,
                    ..Default::default()
                })),
                "role",
            ),
            _ => (
                Properties::IamGroup(IamGroupProps {
                    inline_policies,
                    ..Default::default()
                }),
                "group",
            ),
        };
        testutil::global(
            kind,
            &format!("arn:aws:iam::{}:{path}/{name}", testutil::ACCOUNT),
            name,
            props,
        )
    }

    /// An account with this password policy (`None` = collected, none set).
    pub fn account_with_policy(policy: Option<PasswordPolicy>) -> Resource {
        testutil::account(AccountProps {
            password_policy: Some(policy),
            ..Default::default()
        })
    }

    /// A strong password policy.
    pub fn strong_policy() -> PasswordPolicy {
        PasswordPolicy {
            minimum_password_length: Some(14),
            require_symbols: true,
            require_numbers: true,
            require_uppercase_characters: true,
            require_lowercase_characters: true,
            allow_users_to_change_password: true,
            max_password_age: Some(90),
            password_reuse_prevention: Some(24),
            hard_expiry: false,
        }
    }

    /// An access key.
    pub fn key(active: bool, rotated: Option<Timestamp>, used: Option<Timestamp>) -> AccessKeyInfo {
        AccessKeyInfo {
            active,
            last_rotated: rotated,
            last_used: used,
        }
    }

    /// A credential report row.
    pub fn creds(
        password: bool,
        mfa: bool,
        password_last_used: Option<Timestamp>,
        keys: Vec<AccessKeyInfo>,
    ) -> CredentialReportEntry {
        CredentialReportEntry {
            password_enabled: password,
            password_last_used,
            password_last_changed: None,
            mfa_active: mfa,
            access_keys: keys,
            certificates_active: false,
        }
    }
}
