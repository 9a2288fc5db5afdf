//! AWS Organizations (under us-east-1): the organization, its accounts, OUs, SCPs and RCPs.
//! Only the management account can list them; member accounts write `describe-organization` only.

use aws_config::SdkConfig;
use aws_sdk_organizations::Client;
use aws_sdk_organizations::types as t;
use aws_smithy_types::error::display::DisplayErrorContext;
use serde_json::Value;

use crate::ctx::{Ctx, pages};
use crate::json::obj;

const SVC: &str = "organizations";

/// The ids of the organization's ACTIVE accounts (for `--org`).
pub(crate) async fn active_account_ids(sdk: &SdkConfig) -> Result<Vec<String>, String> {
    let c = Client::new(sdk);
    let mut stream = c.list_accounts().into_paginator().send();
    let mut ids = Vec::new();
    while let Some(page) = stream.next().await {
        let page = page.map_err(|e| DisplayErrorContext(&e).to_string())?;
        for a in page.accounts() {
            let active = a
                .state()
                .map(|s| *s == t::AccountState::Active)
                .or_else(|| a.status().map(|s| *s == t::AccountStatus::Active))
                .unwrap_or(true);
            if active && let Some(id) = a.id() {
                ids.push(id.to_owned());
            }
        }
    }
    Ok(ids)
}

fn policy_summary(p: &t::PolicySummary) -> Value {
    obj()
        .s("Id", p.id())
        .s("Arn", p.arn())
        .s("Name", p.name())
        .s("Description", p.description())
        .e("Type", p.r#type())
        .b("AwsManaged", Some(p.aws_managed()))
        .done()
}

/// Every Organizations read this account is allowed.
pub(crate) async fn collect(cx: &Ctx, account_id: &str) {
    let c = Client::new(&cx.sdk);
    let op = "describe-organization";
    let Some(out) = cx
        .one(
            SVC,
            op,
            None,
            &["AWSOrganizationsNotInUseException"],
            c.describe_organization().send(),
        )
        .await
    else {
        return;
    };
    let Some(org) = out.organization() else {
        return;
    };
    let v = obj()
        .v(
            "Organization",
            obj()
                .s("Id", org.id())
                .s("Arn", org.arn())
                .e("FeatureSet", org.feature_set())
                .s("MasterAccountArn", org.master_account_arn())
                .s("MasterAccountId", org.master_account_id())
                .s("MasterAccountEmail", org.master_account_email())
                .done(),
        )
        .done();
    cx.write(SVC, op, None, &v);
    if org.master_account_id() != Some(account_id) {
        return;
    }
    let (accounts, ous) = tokio::join!(accounts(cx, &c), tree(cx, &c));
    let mut children = accounts;
    children.extend(ous);
    tokio::join!(parents(cx, &c, &children), policies(cx, &c));
}

async fn accounts(cx: &Ctx, c: &Client) -> Vec<String> {
    let op = "list-accounts";
    let Some(p) = pages!(cx, SVC, op, None, c.list_accounts().into_paginator().send()) else {
        return Vec::new();
    };
    let items: Vec<&t::Account> = p.iter().flat_map(|x| x.accounts()).collect();
    let v = obj()
        .l("Accounts", &items, |a| {
            obj()
                .s("Id", a.id())
                .s("Arn", a.arn())
                .s("Email", a.email())
                .s("Name", a.name())
                .e("Status", a.status())
                .e("State", a.state())
                .e("JoinedMethod", a.joined_method())
                .t("JoinedTimestamp", a.joined_timestamp())
                .done()
        })
        .done();
    cx.write(SVC, op, None, &v);
    items
        .iter()
        .filter_map(|a| a.id().map(str::to_owned))
        .collect()
}

/// Roots, then OUs level by level; gives the OU ids.
async fn tree(cx: &Ctx, c: &Client) -> Vec<String> {
    let op = "list-roots";
    let Some(p) = pages!(cx, SVC, op, None, c.list_roots().into_paginator().send()) else {
        return Vec::new();
    };
    let roots: Vec<&t::Root> = p.iter().flat_map(|x| x.roots()).collect();
    let v = obj()
        .l("Roots", &roots, |r| {
            obj()
                .s("Id", r.id())
                .s("Arn", r.arn())
                .s("Name", r.name())
                .l("PolicyTypes", r.policy_types(), |pt| {
                    obj().e("Type", pt.r#type()).e("Status", pt.status()).done()
                })
                .done()
        })
        .done();
    cx.write(SVC, op, None, &v);
    let mut frontier: Vec<String> = roots
        .iter()
        .filter_map(|r| r.id().map(str::to_owned))
        .collect();
    let mut ous = Vec::new();
    // The OU tree is at most five levels deep; the bound guards against a cycle in bad data.
    for _level in 0..8 {
        if frontier.is_empty() {
            break;
        }
        let mut next = Vec::new();
        for parent in &frontier {
            let op = "list-organizational-units-for-parent";
            let Some(p) = pages!(
                cx,
                SVC,
                op,
                Some(parent.as_str()),
                c.list_organizational_units_for_parent()
                    .parent_id(parent)
                    .into_paginator()
                    .send()
            ) else {
                continue;
            };
            let items: Vec<&t::OrganizationalUnit> =
                p.iter().flat_map(|x| x.organizational_units()).collect();
            let v = obj()
                .l("OrganizationalUnits", &items, |o| {
                    obj()
                        .s("Id", o.id())
                        .s("Arn", o.arn())
                        .s("Name", o.name())
                        .done()
                })
                .done();
            cx.write(SVC, op, Some(parent), &v);
            next.extend(items.iter().filter_map(|o| o.id().map(str::to_owned)));
        }
        ous.extend(next.iter().cloned());
        frontier = next;
    }
    ous
}

async fn parents(cx: &Ctx, c: &Client, children: &[String]) {
    for child in children {
        let op = "list-parents";
        let Some(p) = pages!(
            cx,
            SVC,
            op,
            Some(child.as_str()),
            c.list_parents().child_id(child).into_paginator().send()
        ) else {
            continue;
        };
        let items: Vec<&t::Parent> = p.iter().flat_map(|x| x.parents()).collect();
        let v = obj()
            .l("Parents", &items, |x| {
                obj().s("Id", x.id()).e("Type", x.r#type()).done()
            })
            .done();
        cx.write(SVC, op, Some(child), &v);
    }
}

async fn policies(cx: &Ctx, c: &Client) {
    let mut all = Vec::new();
    let op = "list-policies";
    for filter in [
        t::PolicyType::ServiceControlPolicy,
        t::PolicyType::ResourceControlPolicy,
    ] {
        if let Some(p) = pages!(
            cx,
            SVC,
            op,
            None,
            c.list_policies().filter(filter).into_paginator().send()
        ) {
            all.extend(p.into_iter().flat_map(|x| x.policies().to_vec()));
        }
    }
    cx.write(
        SVC,
        op,
        None,
        &obj().l("Policies", &all, policy_summary).done(),
    );
    for pol in &all {
        let Some(id) = pol.id() else { continue };
        let op = "describe-policy";
        if let Some(out) = cx
            .one(
                SVC,
                op,
                Some(id),
                &[],
                c.describe_policy().policy_id(id).send(),
            )
            .await
        {
            let v = obj()
                .o("Policy", out.policy(), |p| {
                    obj()
                        .o("PolicySummary", p.policy_summary(), policy_summary)
                        .s("Content", p.content())
                        .done()
                })
                .done();
            cx.write(SVC, op, Some(id), &v);
        }
        let op = "list-targets-for-policy";
        if let Some(p) = pages!(
            cx,
            SVC,
            op,
            Some(id),
            c.list_targets_for_policy()
                .policy_id(id)
                .into_paginator()
                .send()
        ) {
            let items: Vec<&t::PolicyTargetSummary> = p.iter().flat_map(|x| x.targets()).collect();
            let v = obj()
                .l("Targets", &items, |x| {
                    obj()
                        .s("TargetId", x.target_id())
                        .s("Arn", x.arn())
                        .s("Name", x.name())
                        .e("Type", x.r#type())
                        .done()
                })
                .done();
            cx.write(SVC, op, Some(id), &v);
        }
    }
}
