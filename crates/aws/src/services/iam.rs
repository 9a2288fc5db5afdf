//! IAM: users, groups, roles, instance profiles and managed policies from
//! `GetAccountAuthorizationDetails`; the credential report; the password policy and aliases.

use crate::items::Items;
use std::collections::HashMap;

use base64::Engine as _;
use nephos_model::props::*;
use nephos_model::{Properties, RelationshipKind as K, ResourceId, ResourceKind, Timestamp};
use serde::Deserialize;
use serde_json::Result;
use serde_json::value::RawValue;

use crate::out::{Ctx, Out, Target};
use crate::problem::{ImportProblem, ProblemKind};
use crate::text::{Tag, Text, opt, opt_time, policy_text, tags, timestamp};

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Inline<'a> {
    #[serde(borrow)]
    policy_name: Text<'a>,
    #[serde(borrow)]
    policy_document: &'a RawValue,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Attached<'a> {
    #[serde(borrow)]
    policy_arn: Text<'a>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Boundary<'a> {
    #[serde(default, borrow)]
    permissions_boundary_arn: Option<Text<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct User<'a> {
    #[serde(default, borrow)]
    path: Text<'a>,
    #[serde(borrow)]
    user_name: Text<'a>,
    #[serde(default, borrow)]
    user_id: Text<'a>,
    #[serde(borrow)]
    arn: Text<'a>,
    #[serde(default, borrow)]
    create_date: Option<Text<'a>>,
    #[serde(default, borrow)]
    user_policy_list: Vec<Inline<'a>>,
    #[serde(default, borrow)]
    group_list: Vec<Text<'a>>,
    #[serde(default, borrow)]
    attached_managed_policies: Vec<Attached<'a>>,
    #[serde(default, borrow)]
    permissions_boundary: Option<Boundary<'a>>,
    #[serde(default, borrow)]
    tags: Vec<Tag<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Group<'a> {
    #[serde(default, borrow)]
    path: Text<'a>,
    #[serde(borrow)]
    group_name: Text<'a>,
    #[serde(borrow)]
    arn: Text<'a>,
    #[serde(default, borrow)]
    create_date: Option<Text<'a>>,
    #[serde(default, borrow)]
    group_policy_list: Vec<Inline<'a>>,
    #[serde(default, borrow)]
    attached_managed_policies: Vec<Attached<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct RoleRef<'a> {
    #[serde(borrow)]
    arn: Text<'a>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct InstanceProfile<'a> {
    #[serde(default, borrow)]
    path: Text<'a>,
    #[serde(borrow)]
    instance_profile_name: Text<'a>,
    #[serde(borrow)]
    arn: Text<'a>,
    #[serde(default, borrow)]
    create_date: Option<Text<'a>>,
    #[serde(default, borrow)]
    roles: Vec<RoleRef<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct LastUsed<'a> {
    #[serde(default, borrow)]
    last_used_date: Option<Text<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Role<'a> {
    #[serde(default, borrow)]
    path: Text<'a>,
    #[serde(borrow)]
    role_name: Text<'a>,
    #[serde(default, borrow)]
    role_id: Text<'a>,
    #[serde(borrow)]
    arn: Text<'a>,
    #[serde(default, borrow)]
    create_date: Option<Text<'a>>,
    #[serde(default, borrow)]
    assume_role_policy_document: Option<&'a RawValue>,
    #[serde(default, borrow)]
    instance_profile_list: Vec<InstanceProfile<'a>>,
    #[serde(default, borrow)]
    role_policy_list: Vec<Inline<'a>>,
    #[serde(default, borrow)]
    attached_managed_policies: Vec<Attached<'a>>,
    #[serde(default, borrow)]
    permissions_boundary: Option<Boundary<'a>>,
    #[serde(default)]
    max_session_duration: Option<i64>,
    #[serde(default, borrow)]
    role_last_used: Option<LastUsed<'a>>,
    #[serde(default, borrow)]
    tags: Vec<Tag<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Version<'a> {
    #[serde(default, borrow)]
    document: Option<&'a RawValue>,
    #[serde(default, borrow)]
    version_id: Text<'a>,
    #[serde(default)]
    is_default_version: bool,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Policy<'a> {
    #[serde(borrow)]
    policy_name: Text<'a>,
    #[serde(borrow)]
    arn: Text<'a>,
    #[serde(default, borrow)]
    path: Text<'a>,
    #[serde(default, borrow)]
    default_version_id: Text<'a>,
    #[serde(default)]
    attachment_count: i64,
    #[serde(default, borrow)]
    create_date: Option<Text<'a>>,
    #[serde(default, borrow)]
    policy_version_list: Vec<Version<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct AuthorizationDetails<'a> {
    #[serde(default, borrow)]
    user_detail_list: Items<User<'a>>,
    #[serde(default, borrow)]
    group_detail_list: Items<Group<'a>>,
    #[serde(default, borrow)]
    role_detail_list: Items<Role<'a>>,
    #[serde(default, borrow)]
    policies: Items<Policy<'a>>,
}

fn inline(list: &[Inline<'_>]) -> Vec<InlinePolicy> {
    list.iter()
        .map(|p| InlinePolicy {
            name: p.policy_name.to_owned_string(),
            document: policy_text(p.policy_document).unwrap_or_default(),
        })
        .collect()
}

fn attached(
    from: &ResourceId,
    list: &[Attached<'_>],
    out: &mut Out,
    evidence: &'static str,
) -> Vec<String> {
    list.iter()
        .map(|a| {
            out.rel(
                from.clone(),
                K::HasPolicy,
                ResourceId::new(a.policy_arn.as_str()),
                evidence,
            );
            a.policy_arn.to_owned_string()
        })
        .collect()
}

fn boundary(
    from: &ResourceId,
    b: &Option<Boundary<'_>>,
    out: &mut Out,
    evidence: &'static str,
) -> Option<String> {
    let arn = b.as_ref().and_then(|b| opt(&b.permissions_boundary_arn))?;
    out.rel(
        from.clone(),
        K::HasPolicy,
        ResourceId::new(arn.as_str()),
        evidence,
    );
    Some(arn)
}

/// `iam-get-account-authorization-details.json`.
pub fn authorization_details(ctx: &Ctx<'_>, bytes: &[u8], out: &mut Out) -> Result<()> {
    let doc: AuthorizationDetails<'_> = serde_json::from_slice(bytes)?;
    let account = ctx.account_id();
    for u in doc.user_detail_list {
        let id = ResourceId::new(u.arn.as_str());
        for g in &u.group_list {
            out.rel(
                id.clone(),
                K::MemberOf,
                Target::IamGroup {
                    name: g.to_owned_string(),
                },
                "iam:GetAccountAuthorizationDetails UserDetailList[].GroupList",
            );
        }
        let attached_policy_arns = attached(
            &id,
            &u.attached_managed_policies,
            out,
            "iam:GetAccountAuthorizationDetails UserDetailList[].AttachedManagedPolicies[].PolicyArn",
        );
        let permissions_boundary_arn = boundary(
            &id,
            &u.permissions_boundary,
            out,
            "iam:GetAccountAuthorizationDetails UserDetailList[].PermissionsBoundary.PermissionsBoundaryArn",
        );
        out.rel(
            account.clone(),
            K::Contains,
            id.clone(),
            "iam:GetAccountAuthorizationDetails UserDetailList[].Arn",
        );
        let mut r = ctx.global(id, ResourceKind::IamUser, u.user_name.to_owned_string());
        r.tags = tags(&u.tags);
        r.created = opt_time(&u.create_date);
        r.props = Properties::IamUser(Box::new(IamUserProps {
            path: u.path.to_owned_string(),
            user_id: u.user_id.to_owned_string(),
            inline_policies: inline(&u.user_policy_list),
            attached_policy_arns,
            groups: u.group_list.iter().map(Text::to_owned_string).collect(),
            permissions_boundary_arn,
            credentials: None,
        }));
        out.resources.push(r);
    }
    for g in doc.group_detail_list {
        let id = ResourceId::new(g.arn.as_str());
        let attached_policy_arns = attached(
            &id,
            &g.attached_managed_policies,
            out,
            "iam:GetAccountAuthorizationDetails GroupDetailList[].AttachedManagedPolicies[].PolicyArn",
        );
        out.rel(
            account.clone(),
            K::Contains,
            id.clone(),
            "iam:GetAccountAuthorizationDetails GroupDetailList[].Arn",
        );
        let mut r = ctx.global(id, ResourceKind::IamGroup, g.group_name.to_owned_string());
        r.created = opt_time(&g.create_date);
        r.props = Properties::IamGroup(IamGroupProps {
            path: g.path.to_owned_string(),
            inline_policies: inline(&g.group_policy_list),
            attached_policy_arns,
        });
        out.resources.push(r);
    }
    for role in doc.role_detail_list {
        let id = ResourceId::new(role.arn.as_str());
        let attached_policy_arns = attached(
            &id,
            &role.attached_managed_policies,
            out,
            "iam:GetAccountAuthorizationDetails RoleDetailList[].AttachedManagedPolicies[].PolicyArn",
        );
        let permissions_boundary_arn = boundary(
            &id,
            &role.permissions_boundary,
            out,
            "iam:GetAccountAuthorizationDetails RoleDetailList[].PermissionsBoundary.PermissionsBoundaryArn",
        );
        let mut profile_arns = Vec::new();
        for p in &role.instance_profile_list {
            let pid = ResourceId::new(p.arn.as_str());
            let mut role_arns: Vec<String> =
                p.roles.iter().map(|r| r.arn.to_owned_string()).collect();
            if role_arns.is_empty() {
                role_arns.push(role.arn.to_owned_string());
            }
            for r in &role_arns {
                out.rel(pid.clone(), K::UsesRole, ResourceId::new(r.as_str()), "iam:GetAccountAuthorizationDetails RoleDetailList[].InstanceProfileList[].Roles[].Arn");
            }
            out.rel(
                account.clone(),
                K::Contains,
                pid.clone(),
                "iam:GetAccountAuthorizationDetails RoleDetailList[].InstanceProfileList[].Arn",
            );
            let mut pr = ctx.global(
                pid,
                ResourceKind::InstanceProfile,
                p.instance_profile_name.to_owned_string(),
            );
            pr.created = opt_time(&p.create_date);
            pr.props = Properties::InstanceProfile(InstanceProfileProps {
                path: p.path.to_owned_string(),
                role_arns,
            });
            out.resources.push(pr);
            profile_arns.push(p.arn.to_owned_string());
        }
        out.rel(
            account.clone(),
            K::Contains,
            id.clone(),
            "iam:GetAccountAuthorizationDetails RoleDetailList[].Arn",
        );
        let mut r = ctx.global(id, ResourceKind::IamRole, role.role_name.to_owned_string());
        r.tags = tags(&role.tags);
        r.created = opt_time(&role.create_date);
        r.props = Properties::IamRole(Box::new(IamRoleProps {
            path: role.path.to_owned_string(),
            role_id: role.role_id.to_owned_string(),
            trust_policy: role
                .assume_role_policy_document
                .and_then(policy_text)
                .unwrap_or_default(),
            inline_policies: inline(&role.role_policy_list),
            attached_policy_arns,
            permissions_boundary_arn,
            instance_profile_arns: profile_arns,
            max_session_duration: role.max_session_duration,
            last_used: role
                .role_last_used
                .as_ref()
                .and_then(|l| opt_time(&l.last_used_date)),
        }));
        out.resources.push(r);
    }
    for p in doc.policies {
        let id = ResourceId::new(p.arn.as_str());
        let aws_managed = p.arn.as_str().contains(":iam::aws:policy/");
        if !aws_managed {
            out.rel(
                account.clone(),
                K::Contains,
                id.clone(),
                "iam:GetAccountAuthorizationDetails Policies[].Arn",
            );
        }
        let mut r = ctx.global(id, ResourceKind::IamPolicy, p.policy_name.to_owned_string());
        r.created = opt_time(&p.create_date);
        r.props = Properties::IamPolicy(IamPolicyProps {
            path: p.path.to_owned_string(),
            default_version_id: p.default_version_id.to_owned_string(),
            versions: p
                .policy_version_list
                .iter()
                .map(|v| PolicyVersion {
                    version_id: v.version_id.to_owned_string(),
                    is_default: v.is_default_version,
                    document: v.document.and_then(policy_text).unwrap_or_default(),
                })
                .collect(),
            attachment_count: p.attachment_count,
            aws_managed,
        });
        out.resources.push(r);
    }
    Ok(())
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct CredentialReport<'a> {
    #[serde(default, borrow)]
    content: Option<Text<'a>>,
}

fn report_time(s: &str) -> Option<Timestamp> {
    timestamp(s)
}

fn report_bool(s: &str) -> bool {
    s.eq_ignore_ascii_case("true")
}

/// One parsed row of the credential report: the user's ARN (or `<root_account>`) and its entry.
fn report_rows(csv: &str) -> Vec<(String, String, CredentialReportEntry)> {
    let mut lines = csv.lines();
    let Some(header) = lines.next() else {
        return Vec::new();
    };
    let columns: HashMap<&str, usize> = header
        .split(',')
        .enumerate()
        .map(|(i, c)| (c.trim(), i))
        .collect();
    let mut rows = Vec::new();
    for line in lines.filter(|l| !l.trim().is_empty()) {
        let cells: Vec<&str> = line.split(',').collect();
        let cell = |name: &str| {
            columns
                .get(name)
                .and_then(|&i| cells.get(i))
                .map_or("", |c| c.trim())
        };
        let key = |n: u8| AccessKeyInfo {
            active: report_bool(cell(&format!("access_key_{n}_active"))),
            last_rotated: report_time(cell(&format!("access_key_{n}_last_rotated"))),
            last_used: report_time(cell(&format!("access_key_{n}_last_used_date"))),
        };
        let entry = CredentialReportEntry {
            password_enabled: report_bool(cell("password_enabled")),
            password_last_used: report_time(cell("password_last_used")),
            password_last_changed: report_time(cell("password_last_changed")),
            mfa_active: report_bool(cell("mfa_active")),
            access_keys: vec![key(1), key(2)],
            certificates_active: report_bool(cell("cert_1_active"))
                || report_bool(cell("cert_2_active")),
        };
        rows.push((cell("user").to_owned(), cell("arn").to_owned(), entry));
    }
    rows
}

/// `iam-get-credential-report.json`: `Content` is base64 CSV; rows merge into users (by ARN) and
/// the root row into the account.
pub fn credential_report(ctx: &Ctx<'_>, bytes: &[u8], out: &mut Out) -> Result<()> {
    let doc: CredentialReport<'_> = serde_json::from_slice(bytes)?;
    let Some(content) = doc.content else {
        return Ok(());
    };
    // The AWS CLI prints the blob as base64; some collectors wrote the CSV text itself.
    let csv = if content.as_str().starts_with("user,") {
        content.as_str().to_owned()
    } else {
        let cleaned: String = content
            .as_str()
            .chars()
            .filter(|c| !c.is_ascii_whitespace())
            .collect();
        match base64::engine::general_purpose::STANDARD.decode(cleaned.as_bytes()) {
            Ok(d) => String::from_utf8_lossy(&d).into_owned(),
            Err(e) => {
                out.problems.push(ImportProblem::new(
                    ctx.path,
                    ProblemKind::WrongShape,
                    format!("`Content` is neither base64 nor CSV text: {e}"),
                ));
                return Ok(());
            }
        }
    };
    for (user, arn, entry) in report_rows(&csv) {
        if user == "<root_account>" {
            out.patch(ctx.account_id(), move |r| {
                if let Properties::Account(a) = &mut r.props {
                    a.root_credentials = Some(entry);
                }
            });
        } else if arn.starts_with("arn:") {
            out.patch(ResourceId::new(arn), move |r| {
                if let Properties::IamUser(u) = &mut r.props {
                    u.credentials = Some(entry);
                }
            });
        }
    }
    Ok(())
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct PasswordPolicyShape {
    #[serde(default)]
    minimum_password_length: Option<i64>,
    #[serde(default)]
    require_symbols: bool,
    #[serde(default)]
    require_numbers: bool,
    #[serde(default)]
    require_uppercase_characters: bool,
    #[serde(default)]
    require_lowercase_characters: bool,
    #[serde(default)]
    allow_users_to_change_password: bool,
    #[serde(default)]
    max_password_age: Option<i64>,
    #[serde(default)]
    password_reuse_prevention: Option<i64>,
    #[serde(default)]
    hard_expiry: Option<bool>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct PasswordPolicyDoc {
    #[serde(default)]
    password_policy: Option<PasswordPolicyShape>,
}

/// `iam-get-account-password-policy.json`: `{}` means collected, no password policy.
pub fn password_policy(ctx: &Ctx<'_>, bytes: &[u8], out: &mut Out) -> Result<()> {
    let doc: PasswordPolicyDoc = serde_json::from_slice(bytes)?;
    let policy = doc.password_policy.map(|p| PasswordPolicy {
        minimum_password_length: p.minimum_password_length,
        require_symbols: p.require_symbols,
        require_numbers: p.require_numbers,
        require_uppercase_characters: p.require_uppercase_characters,
        require_lowercase_characters: p.require_lowercase_characters,
        allow_users_to_change_password: p.allow_users_to_change_password,
        max_password_age: p.max_password_age,
        password_reuse_prevention: p.password_reuse_prevention,
        hard_expiry: p.hard_expiry.unwrap_or(false),
    });
    out.patch(ctx.account_id(), move |r| {
        if let Properties::Account(a) = &mut r.props {
            a.password_policy = Some(policy);
        }
    });
    Ok(())
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct AccountAliases<'a> {
    #[serde(default, borrow)]
    account_aliases: Vec<Text<'a>>,
}

/// `iam-list-account-aliases.json`.
pub fn account_aliases(ctx: &Ctx<'_>, bytes: &[u8], out: &mut Out) -> Result<()> {
    let doc: AccountAliases<'_> = serde_json::from_slice(bytes)?;
    let aliases: Vec<String> = doc
        .account_aliases
        .iter()
        .map(Text::to_owned_string)
        .collect();
    out.patch(ctx.account_id(), move |r| {
        if let Properties::Account(a) = &mut r.props {
            a.aliases = aliases;
        }
    });
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(content: &str) -> Out {
        let doc = serde_json::json!({ "Content": content }).to_string();
        let ctx = Ctx {
            account: "111122223333",
            region: "us-east-1",
            param: None,
            path: std::path::Path::new("r.json"),
        };
        let mut out = Out::default();
        credential_report(&ctx, doc.as_bytes(), &mut out).unwrap();
        out
    }

    #[test]
    fn credential_report_as_base64_or_csv_text() {
        let csv = "user,arn,mfa_active\n<root_account>,arn:aws:iam::111122223333:root,true\nbob,arn:aws:iam::111122223333:user/bob,false\n";
        let b64 = base64::engine::general_purpose::STANDARD.encode(csv);
        for content in [csv.to_owned(), b64] {
            let out = run(&content);
            assert_eq!(out.patches.len(), 2, "root and bob");
            assert!(out.problems.is_empty());
        }
        let bad = run("!!not base64!!");
        assert_eq!(bad.patches.len(), 0);
        assert_eq!(bad.problems[0].kind, ProblemKind::WrongShape);
    }

    #[test]
    fn credential_report_rows_by_header() {
        let csv = "user,arn,user_creation_time,password_enabled,password_last_used,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_2_active\n\
                   <root_account>,arn:aws:iam::111122223333:root,2020-01-01T00:00:00+00:00,not_supported,2024-01-01T00:00:00+00:00,true,false,N/A,false\n\
                   alice,arn:aws:iam::111122223333:user/alice,2020-01-01T00:00:00+00:00,true,no_information,false,true,2023-05-01T00:00:00+00:00,false\n";
        let rows = report_rows(csv);
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].0, "<root_account>");
        assert!(rows[0].2.mfa_active);
        assert!(rows[0].2.password_last_used.is_some());
        assert!(rows[1].2.password_enabled);
        assert!(rows[1].2.password_last_used.is_none());
        assert!(rows[1].2.access_keys[0].active);
        assert!(rows[1].2.access_keys[0].last_rotated.is_some());
        assert!(!rows[1].2.access_keys[1].active);
    }
}
