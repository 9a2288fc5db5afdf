//! AWS Organizations, as the management account sees it: accounts, root, OUs, parents and SCPs
//! (FullAWSAccess, deny-leaving-the-organization, region restriction).

use nephos_model::ResourceKind;
use serde_json::{Value, json};

use crate::DemoError;
use crate::account::Builder;
use crate::plan::REGIONS;
use crate::policy;
use crate::time::{self, DAY};

impl Builder<'_> {
    /// Writes the organization files of the management account.
    pub fn organization(&mut self) -> Result<(), DemoError> {
        let g = "us-east-1";
        let plan = self.plan;
        let m = plan.management().id.clone();
        let org = plan.org_id.clone();
        let account_arn = |id: &str| format!("arn:aws:organizations::{m}:account/{org}/{id}");
        let ou_arn = |id: &str| format!("arn:aws:organizations::{m}:ou/{org}/{id}");
        let root_arn = format!("arn:aws:organizations::{m}:root/{org}/{}", plan.root_id);

        self.out.list(g, "organizations-list-accounts", "Accounts");
        for a in &plan.accounts {
            self.out.item(g, "organizations-list-accounts", "Accounts", &json!({
                "Id": a.id, "Arn": account_arn(&a.id), "Email": a.email, "Name": a.name,
                "Status": "ACTIVE", "State": "ACTIVE",
                "JoinedMethod": if a.index == 0 { "CREATED" } else if a.invited { "INVITED" } else { "CREATED" },
                "JoinedTimestamp": time::iso((1500 - 20 * a.index.min(60)) as i64 * DAY)
            }))?;
            self.out.count(ResourceKind::OrganizationAccount);
            self.out.param(g, "organizations-list-parents", &a.id, &json!({"Parents": [{
                "Id": a.parent_id,
                "Type": if a.parent_id == plan.root_id { "ROOT" } else { "ORGANIZATIONAL_UNIT" }}]}))?;
        }
        self.out.doc(
            g,
            "organizations-list-roots",
            &json!({"Roots": [{
            "Id": plan.root_id, "Arn": root_arn, "Name": "Root",
            "PolicyTypes": [{"Type": "SERVICE_CONTROL_POLICY", "Status": "ENABLED"}]}]}),
        )?;
        let parents: Vec<String> = std::iter::once(plan.root_id.clone())
            .chain(plan.ous.iter().map(|o| o.id.clone()))
            .collect();
        for parent in &parents {
            let children: Vec<Value> = plan
                .ous
                .iter()
                .filter(|o| &o.parent_id == parent)
                .map(|o| json!({"Id": o.id, "Arn": ou_arn(&o.id), "Name": o.name}))
                .collect();
            self.out.param(
                g,
                "organizations-list-organizational-units-for-parent",
                parent,
                &json!({"OrganizationalUnits": children}),
            )?;
        }
        for o in &plan.ous {
            self.out.count(ResourceKind::OrganizationalUnit);
            self.out.param(g, "organizations-list-parents", &o.id, &json!({"Parents": [{
                "Id": o.parent_id,
                "Type": if o.parent_id == plan.root_id { "ROOT" } else { "ORGANIZATIONAL_UNIT" }}]}))?;
        }

        // Service control policies.
        let target = |id: &str, arn: String, name: &str, kind: &str| json!({"TargetId": id, "Arn": arn, "Name": name, "Type": kind});
        let mut all_targets = vec![target(&plan.root_id, root_arn.clone(), "Root", "ROOT")];
        for o in &plan.ous {
            all_targets.push(target(&o.id, ou_arn(&o.id), o.name, "ORGANIZATIONAL_UNIT"));
        }
        for a in &plan.accounts {
            all_targets.push(target(&a.id, account_arn(&a.id), &a.name, "ACCOUNT"));
        }
        let workloads = plan
            .ous
            .iter()
            .find(|o| o.name == "Workloads")
            .map(|o| o.id.clone())
            .unwrap_or_default();
        let deny_leave = policy::document(vec![
            json!({"Sid": "DenyLeaveOrganization", "Effect": "Deny",
            "Action": "organizations:LeaveOrganization", "Resource": "*"}),
        ]);
        let regions = policy::document(vec![
            json!({"Sid": "DenyOutsideApprovedRegions", "Effect": "Deny",
            "NotAction": ["iam:*", "organizations:*", "sts:*", "support:*", "cloudfront:*", "route53:*",
                          "budgets:*", "waf:*", "globalaccelerator:*", "health:*", "trustedadvisor:*",
                          "s3:GetBucketLocation", "s3:ListAllMyBuckets"],
            "Resource": "*",
            "Condition": {"StringNotEquals": {"aws:RequestedRegion": REGIONS},
                          "ArnNotLike": {"aws:PrincipalArn": ["arn:aws:iam::*:role/OrganizationAccountAccessRole"]}}}),
        ]);
        let full = policy::document(vec![
            json!({"Effect": "Allow", "Action": "*", "Resource": "*"}),
        ]);
        let mut rng_ids = Vec::new();
        for _ in 0..2 {
            rng_ids.push(format!("p-{}", self.rng.hex(8)));
        }
        let scp = |id: &str| {
            format!("arn:aws:organizations::{m}:policy/{org}/service_control_policy/{id}")
        };
        let policies = [
            (
                "p-FullAWSAccess".to_owned(),
                "arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess"
                    .to_owned(),
                "FullAWSAccess",
                "Allows access to every operation",
                true,
                full,
                all_targets.clone(),
            ),
            (
                rng_ids[0].clone(),
                scp(&rng_ids[0]),
                "DenyLeaveOrganization",
                "Member accounts cannot leave the organization",
                false,
                deny_leave,
                vec![target(&plan.root_id, root_arn.clone(), "Root", "ROOT")],
            ),
            (
                rng_ids[1].clone(),
                scp(&rng_ids[1]),
                "RegionRestriction",
                "Workloads run in approved regions only",
                false,
                regions,
                vec![target(
                    &workloads,
                    ou_arn(&workloads),
                    "Workloads",
                    "ORGANIZATIONAL_UNIT",
                )],
            ),
        ];
        self.out.list(g, "organizations-list-policies", "Policies");
        for (id, arn, name, description, aws_managed, content, targets) in policies {
            let summary = json!({"Id": id, "Arn": arn, "Name": name, "Description": description,
                                 "Type": "SERVICE_CONTROL_POLICY", "AwsManaged": aws_managed});
            self.out
                .item(g, "organizations-list-policies", "Policies", &summary)?;
            self.out.param(
                g,
                "organizations-describe-policy",
                &id,
                &json!({"Policy": {
                "PolicySummary": summary, "Content": policy::text(&content)}}),
            )?;
            self.out.param(
                g,
                "organizations-list-targets-for-policy",
                &id,
                &json!({"Targets": targets}),
            )?;
            self.out.count(ResourceKind::OrganizationPolicy);
        }
        Ok(())
    }
}
