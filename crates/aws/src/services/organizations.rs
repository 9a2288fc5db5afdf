//! AWS Organizations: the organization, member accounts, OUs, SCPs / RCPs and their targets.

use crate::items::Items;
use nephos_model::props::*;
use nephos_model::{Properties, RelationshipKind as K, ResourceId, ResourceKind};
use serde::Deserialize;
use serde_json::Result;
use serde_json::value::RawValue;

use crate::out::{Ctx, Out, Target};
use crate::text::{Text, opt, opt_time, policy_text};

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Organization<'a> {
    #[serde(default, borrow)]
    id: Option<Text<'a>>,
    #[serde(default, borrow)]
    master_account_id: Option<Text<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct DescribeOrganization<'a> {
    #[serde(default, borrow)]
    organization: Option<Organization<'a>>,
}

/// `organizations-describe-organization.json`.
pub fn describe_organization(ctx: &Ctx<'_>, bytes: &[u8], out: &mut Out) -> Result<()> {
    let doc: DescribeOrganization<'_> = serde_json::from_slice(bytes)?;
    let Some(o) = doc.organization else {
        return Ok(());
    };
    let (org, mgmt) = (opt(&o.id), opt(&o.master_account_id));
    out.patch(ctx.account_id(), move |r| {
        if let Properties::Account(a) = &mut r.props {
            a.organization_id = org;
            a.management_account_id = mgmt;
        }
    });
    Ok(())
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Account<'a> {
    #[serde(borrow)]
    id: Text<'a>,
    #[serde(default, borrow)]
    arn: Option<Text<'a>>,
    #[serde(default, borrow)]
    email: Text<'a>,
    #[serde(default, borrow)]
    name: Option<Text<'a>>,
    #[serde(default, borrow)]
    status: Text<'a>,
    #[serde(default, borrow)]
    joined_timestamp: Option<Text<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Accounts<'a> {
    #[serde(default, borrow)]
    accounts: Items<Account<'a>>,
}

/// `organizations-list-accounts.json`.
pub fn accounts(ctx: &Ctx<'_>, bytes: &[u8], out: &mut Out) -> Result<()> {
    let doc: Accounts<'_> = serde_json::from_slice(bytes)?;
    for a in doc.accounts {
        let id = match opt(&a.arn) {
            Some(arn) => ResourceId::new(arn),
            None => ResourceId::arn(
                "organizations",
                "",
                ctx.account,
                &format!("account/{}", a.id),
            ),
        };
        out.rel(
            ctx.account_id(),
            K::Contains,
            id.clone(),
            "organizations:ListAccounts Accounts[].Arn",
        );
        let name = opt(&a.name).unwrap_or_else(|| a.id.to_owned_string());
        let mut r = ctx.global(id, ResourceKind::OrganizationAccount, name);
        r.created = opt_time(&a.joined_timestamp);
        r.props = Properties::OrganizationAccount(OrganizationAccountProps {
            account_id: a.id.to_owned_string(),
            email: a.email.to_owned_string(),
            status: a.status.to_owned_string(),
            parent_id: None,
        });
        out.resources.push(r);
    }
    Ok(())
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Unit<'a> {
    #[serde(borrow)]
    id: Text<'a>,
    #[serde(default, borrow)]
    arn: Option<Text<'a>>,
    #[serde(default, borrow)]
    name: Option<Text<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Units<'a> {
    #[serde(default, borrow)]
    organizational_units: Items<Unit<'a>>,
}

/// `organizations-list-organizational-units-for-parent/<parent-id>`.
pub fn organizational_units(ctx: &Ctx<'_>, bytes: &[u8], out: &mut Out) -> Result<()> {
    let doc: Units<'_> = serde_json::from_slice(bytes)?;
    let parent = ctx.param().to_owned();
    for u in doc.organizational_units {
        let id = match opt(&u.arn) {
            Some(arn) => ResourceId::new(arn),
            None => ResourceId::arn("organizations", "", ctx.account, &format!("ou/{}", u.id)),
        };
        if parent.starts_with("ou-") {
            out.rel(
                Target::Short {
                    kind: ResourceKind::OrganizationalUnit,
                    id: parent.clone(),
                },
                K::Contains,
                id.clone(),
                "organizations:ListOrganizationalUnitsForParent OrganizationalUnits[].Arn",
            );
        } else {
            out.rel(
                ctx.account_id(),
                K::Contains,
                id.clone(),
                "organizations:ListOrganizationalUnitsForParent OrganizationalUnits[].Arn",
            );
        }
        let name = opt(&u.name).unwrap_or_else(|| u.id.to_owned_string());
        let mut r = ctx.global(id, ResourceKind::OrganizationalUnit, name);
        r.props = Properties::OrganizationalUnit(OrganizationalUnitProps {
            ou_id: u.id.to_owned_string(),
            parent_id: (!parent.is_empty()).then(|| parent.clone()),
        });
        out.resources.push(r);
    }
    Ok(())
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Parent<'a> {
    #[serde(borrow)]
    id: Text<'a>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Parents<'a> {
    #[serde(default, borrow)]
    parents: Items<Parent<'a>>,
}

/// `organizations-list-parents/<child-id>`: the parent of an account (OUs get theirs from the OU
/// listing).
pub fn parents(ctx: &Ctx<'_>, bytes: &[u8], out: &mut Out) -> Result<()> {
    let doc: Parents<'_> = serde_json::from_slice(bytes)?;
    let Some(parent) = doc.parents.first().map(|p| p.id.to_owned_string()) else {
        return Ok(());
    };
    let child = ctx.param().to_owned();
    if child.starts_with("ou-") {
        out.patch(
            Target::Short {
                kind: ResourceKind::OrganizationalUnit,
                id: child,
            },
            move |r| {
                if let Properties::OrganizationalUnit(p) = &mut r.props {
                    p.parent_id = Some(parent);
                }
            },
        );
    } else {
        out.patch(
            Target::Short {
                kind: ResourceKind::OrganizationAccount,
                id: child,
            },
            move |r| {
                if let Properties::OrganizationAccount(p) = &mut r.props {
                    p.parent_id = Some(parent);
                }
            },
        );
    }
    Ok(())
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct PolicySummary<'a> {
    #[serde(borrow)]
    id: Text<'a>,
    #[serde(default, borrow)]
    arn: Option<Text<'a>>,
    #[serde(default, borrow)]
    name: Option<Text<'a>>,
    #[serde(default, borrow, rename = "Type")]
    policy_type: Text<'a>,
    #[serde(default)]
    aws_managed: bool,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Policies<'a> {
    #[serde(default, borrow)]
    policies: Items<PolicySummary<'a>>,
}

/// `organizations-list-policies.json` (SCPs and RCPs).
pub fn policies(ctx: &Ctx<'_>, bytes: &[u8], out: &mut Out) -> Result<()> {
    let doc: Policies<'_> = serde_json::from_slice(bytes)?;
    for p in doc.policies {
        let id = match opt(&p.arn) {
            Some(arn) => ResourceId::new(arn),
            None => ResourceId::arn(
                "organizations",
                "",
                ctx.account,
                &format!("policy/{}", p.id),
            ),
        };
        out.rel(
            ctx.account_id(),
            K::Contains,
            id.clone(),
            "organizations:ListPolicies Policies[].Arn",
        );
        let name = opt(&p.name).unwrap_or_else(|| p.id.to_owned_string());
        let mut r = ctx.global(id, ResourceKind::OrganizationPolicy, name);
        r.props = Properties::OrganizationPolicy(OrganizationPolicyProps {
            policy_id: p.id.to_owned_string(),
            policy_type: p.policy_type.to_owned_string(),
            aws_managed: p.aws_managed,
            content: String::new(),
            target_ids: Vec::new(),
        });
        out.resources.push(r);
    }
    Ok(())
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct DescribedPolicy<'a> {
    #[serde(default, borrow)]
    content: Option<&'a RawValue>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct DescribePolicy<'a> {
    #[serde(borrow)]
    policy: DescribedPolicy<'a>,
}

/// `organizations-describe-policy/<policy-id>`.
pub fn describe_policy(ctx: &Ctx<'_>, bytes: &[u8], out: &mut Out) -> Result<()> {
    let doc: DescribePolicy<'_> = serde_json::from_slice(bytes)?;
    let content = doc.policy.content.and_then(policy_text).unwrap_or_default();
    let target = Target::Short {
        kind: ResourceKind::OrganizationPolicy,
        id: ctx.param().to_owned(),
    };
    out.patch(target, move |r| {
        if let Properties::OrganizationPolicy(p) = &mut r.props {
            p.content = content;
        }
    });
    Ok(())
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct PolicyTarget<'a> {
    #[serde(borrow)]
    target_id: Text<'a>,
    #[serde(default, borrow)]
    arn: Option<Text<'a>>,
    #[serde(default, borrow, rename = "Type")]
    target_type: Text<'a>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct PolicyTargets<'a> {
    #[serde(default, borrow)]
    targets: Items<PolicyTarget<'a>>,
}

/// `organizations-list-targets-for-policy/<policy-id>`: the policy applies to roots, OUs and
/// accounts; for an account target it also applies to the account itself (`arn:aws:iam::<id>:root`).
pub fn policy_targets(ctx: &Ctx<'_>, bytes: &[u8], out: &mut Out) -> Result<()> {
    let doc: PolicyTargets<'_> = serde_json::from_slice(bytes)?;
    let policy = Target::Short {
        kind: ResourceKind::OrganizationPolicy,
        id: ctx.param().to_owned(),
    };
    let evidence = "organizations:ListTargetsForPolicy Targets[].TargetId";
    for t in &doc.targets {
        if let Some(arn) = opt(&t.arn) {
            out.rel(policy.clone(), K::AppliesTo, ResourceId::new(arn), evidence);
        }
        if t.target_type.as_str() == "ACCOUNT" {
            out.rel(
                policy.clone(),
                K::AppliesTo,
                ResourceId::account(t.target_id.as_str()),
                evidence,
            );
        }
    }
    let ids: Vec<String> = doc
        .targets
        .iter()
        .map(|t| t.target_id.to_owned_string())
        .collect();
    out.patch(policy, move |r| {
        if let Properties::OrganizationPolicy(p) = &mut r.props {
            p.target_ids = ids;
        }
    });
    Ok(())
}
