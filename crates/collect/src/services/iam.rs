//! IAM (global, under us-east-1): authorization details, aliases, credential report, password policy.
//!
//! One normalisation: a managed policy whose `PolicyName` the API left out (AWS always sends it;
//! the moto emulator does not) gets it from its ARN, whose last path segment is the name.

use aws_sdk_iam::Client;
use aws_sdk_iam::types as t;
use serde_json::Value;

use crate::ctx::{Ctx, pages};
use crate::json::{obj, policy_document};

const SVC: &str = "iam";

fn tags(items: &[t::Tag]) -> Value {
    Value::Array(
        items
            .iter()
            .map(|x| {
                obj()
                    .s("Key", Some(x.key()))
                    .s("Value", Some(x.value()))
                    .done()
            })
            .collect(),
    )
}

fn inline(p: &t::PolicyDetail) -> Value {
    obj()
        .s("PolicyName", p.policy_name())
        .v("PolicyDocument", policy_document(p.policy_document()))
        .done()
}

fn attached(p: &t::AttachedPolicy) -> Value {
    obj()
        .s("PolicyName", p.policy_name())
        .s("PolicyArn", p.policy_arn())
        .done()
}

fn boundary(b: &t::AttachedPermissionsBoundary) -> Value {
    obj()
        .e("PermissionsBoundaryType", b.permissions_boundary_type())
        .s("PermissionsBoundaryArn", b.permissions_boundary_arn())
        .done()
}

fn role(r: &t::Role) -> Value {
    obj()
        .s("Path", Some(r.path()))
        .s("RoleName", Some(r.role_name()))
        .s("RoleId", Some(r.role_id()))
        .s("Arn", Some(r.arn()))
        .t("CreateDate", Some(r.create_date()))
        .v(
            "AssumeRolePolicyDocument",
            policy_document(r.assume_role_policy_document()),
        )
        .done()
}

fn instance_profile(p: &t::InstanceProfile) -> Value {
    obj()
        .s("Path", Some(p.path()))
        .s("InstanceProfileName", Some(p.instance_profile_name()))
        .s("InstanceProfileId", Some(p.instance_profile_id()))
        .s("Arn", Some(p.arn()))
        .t("CreateDate", Some(p.create_date()))
        .l("Roles", p.roles(), role)
        .done()
}

/// Every IAM read.
pub(crate) async fn collect(cx: &Ctx) {
    let c = Client::new(&cx.sdk);
    tokio::join!(
        authorization_details(cx, &c),
        aliases(cx, &c),
        credential_report(cx, &c),
        password_policy(cx, &c),
    );
}

/// The account's alias, if it has one (used as the account folder name).
pub(crate) async fn account_alias(sdk: &aws_config::SdkConfig) -> Option<String> {
    let c = Client::new(sdk);
    let out = c.list_account_aliases().send().await.ok()?;
    out.account_aliases().first().cloned()
}

async fn aliases(cx: &Ctx, c: &Client) {
    let op = "list-account-aliases";
    let Some(p) = pages!(
        cx,
        SVC,
        op,
        None,
        c.list_account_aliases().into_paginator().send()
    ) else {
        return;
    };
    let names: Vec<String> = p
        .iter()
        .flat_map(|x| x.account_aliases().iter().cloned())
        .collect();
    cx.write(SVC, op, None, &obj().ls("AccountAliases", &names).done());
}

async fn authorization_details(cx: &Ctx, c: &Client) {
    let op = "get-account-authorization-details";
    let Some(p) = pages!(
        cx,
        SVC,
        op,
        None,
        c.get_account_authorization_details()
            .into_paginator()
            .send()
    ) else {
        return;
    };
    let users: Vec<&t::UserDetail> = p.iter().flat_map(|x| x.user_detail_list()).collect();
    let groups: Vec<&t::GroupDetail> = p.iter().flat_map(|x| x.group_detail_list()).collect();
    let roles: Vec<&t::RoleDetail> = p.iter().flat_map(|x| x.role_detail_list()).collect();
    let policies: Vec<&t::ManagedPolicyDetail> = p.iter().flat_map(|x| x.policies()).collect();
    let v = obj()
        .l("UserDetailList", &users, |u| {
            obj()
                .s("Path", u.path())
                .s("UserName", u.user_name())
                .s("UserId", u.user_id())
                .s("Arn", u.arn())
                .t("CreateDate", u.create_date())
                .l("UserPolicyList", u.user_policy_list(), inline)
                .ls("GroupList", u.group_list())
                .l(
                    "AttachedManagedPolicies",
                    u.attached_managed_policies(),
                    attached,
                )
                .o("PermissionsBoundary", u.permissions_boundary(), boundary)
                .v("Tags", tags(u.tags()))
                .done()
        })
        .l("GroupDetailList", &groups, |g| {
            obj()
                .s("Path", g.path())
                .s("GroupName", g.group_name())
                .s("GroupId", g.group_id())
                .s("Arn", g.arn())
                .t("CreateDate", g.create_date())
                .l("GroupPolicyList", g.group_policy_list(), inline)
                .l(
                    "AttachedManagedPolicies",
                    g.attached_managed_policies(),
                    attached,
                )
                .done()
        })
        .l("RoleDetailList", &roles, |r| {
            obj()
                .s("Path", r.path())
                .s("RoleName", r.role_name())
                .s("RoleId", r.role_id())
                .s("Arn", r.arn())
                .t("CreateDate", r.create_date())
                .v(
                    "AssumeRolePolicyDocument",
                    policy_document(r.assume_role_policy_document()),
                )
                .l(
                    "InstanceProfileList",
                    r.instance_profile_list(),
                    instance_profile,
                )
                .l("RolePolicyList", r.role_policy_list(), inline)
                .l(
                    "AttachedManagedPolicies",
                    r.attached_managed_policies(),
                    attached,
                )
                .o("PermissionsBoundary", r.permissions_boundary(), boundary)
                .v("Tags", tags(r.tags()))
                .o("RoleLastUsed", r.role_last_used(), |l| {
                    obj()
                        .t("LastUsedDate", l.last_used_date())
                        .s("Region", l.region())
                        .done()
                })
                .done()
        })
        .l("Policies", &policies, |m| {
            obj()
                .s(
                    "PolicyName",
                    m.policy_name()
                        .or_else(|| m.arn().and_then(|a| a.rsplit('/').next())),
                )
                .s("PolicyId", m.policy_id())
                .s("Arn", m.arn())
                .s("Path", m.path())
                .s("DefaultVersionId", m.default_version_id())
                .i("AttachmentCount", m.attachment_count())
                .i(
                    "PermissionsBoundaryUsageCount",
                    m.permissions_boundary_usage_count(),
                )
                .b("IsAttachable", Some(m.is_attachable()))
                .s("Description", m.description())
                .t("CreateDate", m.create_date())
                .t("UpdateDate", m.update_date())
                .l("PolicyVersionList", m.policy_version_list(), |pv| {
                    obj()
                        .v("Document", policy_document(pv.document()))
                        .s("VersionId", pv.version_id())
                        .b("IsDefaultVersion", Some(pv.is_default_version()))
                        .t("CreateDate", pv.create_date())
                        .done()
                })
                .done()
        })
        .done();
    cx.write(SVC, op, None, &v);
}

async fn credential_report(cx: &Ctx, c: &Client) {
    // The report must be generated first; generating is read-only (SecurityAudit allows it).
    for attempt in 0..10_u64 {
        let Some(g) = cx
            .one(
                SVC,
                "generate-credential-report",
                None,
                &[],
                c.generate_credential_report().send(),
            )
            .await
        else {
            return;
        };
        let complete = g.state().is_none_or(|s| *s == t::ReportStateType::Complete);
        if complete {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(500 * (attempt + 1))).await;
    }
    let op = "get-credential-report";
    let Some(out) = cx
        .one(SVC, op, None, &[], c.get_credential_report().send())
        .await
    else {
        return;
    };
    let v = obj()
        .s(
            "Content",
            out.content()
                .map(|b| aws_smithy_types::base64::encode(b.as_ref()))
                .as_deref(),
        )
        .e("ReportFormat", out.report_format())
        .t("GeneratedTime", out.generated_time())
        .done();
    cx.write(SVC, op, None, &v);
}

async fn password_policy(cx: &Ctx, c: &Client) {
    let op = "get-account-password-policy";
    let Some(out) = cx
        .one(
            SVC,
            op,
            None,
            &["NoSuchEntity"],
            c.get_account_password_policy().send(),
        )
        .await
    else {
        return;
    };
    let v = obj()
        .o("PasswordPolicy", out.password_policy(), |p| {
            obj()
                .i("MinimumPasswordLength", p.minimum_password_length())
                .b("RequireSymbols", Some(p.require_symbols()))
                .b("RequireNumbers", Some(p.require_numbers()))
                .b(
                    "RequireUppercaseCharacters",
                    Some(p.require_uppercase_characters()),
                )
                .b(
                    "RequireLowercaseCharacters",
                    Some(p.require_lowercase_characters()),
                )
                .b(
                    "AllowUsersToChangePassword",
                    Some(p.allow_users_to_change_password()),
                )
                .b("ExpirePasswords", Some(p.expire_passwords()))
                .i("MaxPasswordAge", p.max_password_age())
                .i("PasswordReusePrevention", p.password_reuse_prevention())
                .b("HardExpiry", p.hard_expiry())
                .done()
        })
        .done();
    cx.write(SVC, op, None, &v);
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn inline_policies_are_decoded_to_json() {
        let p = t::PolicyDetail::builder()
            .policy_name("inline-star")
            .policy_document("%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%22%2A%22%2C%22Resource%22%3A%22%2A%22%7D%5D%7D")
            .build();
        assert_eq!(
            inline(&p),
            json!({"PolicyName": "inline-star", "PolicyDocument": {
                "Version": "2012-10-17",
                "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}})
        );
    }
}
