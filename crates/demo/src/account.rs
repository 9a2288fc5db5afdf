//! One account: the builder every part of the generator writes through, account-wide settings,
//! and the order in which an account's resources are made.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use nephos_model::ResourceKind;
use serde_json::json;

use crate::DemoError;
use crate::iam::Iam;
use crate::labels::{AccountLabels, CleanLabel, Problem, ProblemLabel};
use crate::out::AccountOut;
use crate::plan::{AccountPlan, Env, Plan};
use crate::policy::PolicyForm;
use crate::rng::DemoRng;
use crate::time::{self, DAY};

/// The KMS keys of a region.
#[derive(Debug, Clone, Default)]
pub struct RegionKeys {
    /// Key for data stores (S3, RDS, SQS, SNS, DynamoDB).
    pub data: String,
    /// Key for EBS.
    pub ebs: String,
}

/// Problems planted once per account, tracked so each is planted exactly once.
#[derive(Debug, Default)]
pub struct Pending {
    /// An RDS instance without encryption is still to be planted.
    pub rds_unencrypted: bool,
    /// An unencrypted queue is still to be planted.
    pub queue_unencrypted: bool,
    /// An unencrypted topic is still to be planted.
    pub topic_unencrypted: bool,
    /// A Lambda function with an admin role is still to be planted.
    pub lambda_admin: bool,
    /// An IMDSv1 instance is still to be planted.
    pub imdsv1: bool,
}

/// Everything one account's generation writes through.
#[derive(Debug)]
pub struct Builder<'p> {
    /// The organization plan.
    pub plan: &'p Plan,
    /// This account's plan.
    pub acct: &'p AccountPlan,
    /// The account's random stream.
    pub rng: DemoRng,
    /// The files.
    pub out: AccountOut,
    /// The answer key entries.
    pub labels: AccountLabels,
    /// IAM entities, written at the end.
    pub iam: Iam,
    /// The S3 canonical user id of the account.
    pub canonical_id: String,
    /// How this account's IAM documents are written.
    pub form: PolicyForm,
    /// `app` or `application`: teams disagree on the tag key.
    pub app_key: &'static str,
    /// KMS keys per region.
    pub keys: BTreeMap<&'static str, RegionKeys>,
    /// Golden AMIs per region: (current, previous, legacy).
    pub amis: BTreeMap<&'static str, [String; 3]>,
    /// Problems still to plant.
    pub pending: Pending,
    /// The default-SG problem has been planted.
    pub planted_default_sg: bool,
    /// The flow-log problem has been planted.
    pub planted_flow_logs: bool,
    /// The showcase fleet's outlier, planted in the next region.
    pub pending_outlier: Option<crate::apps::PendingOutlier>,
    pub(crate) public_ips: HashMap<String, u32>,
    /// Resources other accounts list too (AWS-managed prefix lists), counted once by the caller.
    pub shared: Vec<(ResourceKind, String)>,
    clean_seen: BTreeMap<ResourceKind, usize>,
}

/// What one account produced.
#[derive(Debug)]
pub struct AccountResult {
    /// Files written.
    pub files: u64,
    /// Bytes written.
    pub bytes: u64,
    /// Resources per kind.
    pub counts: BTreeMap<ResourceKind, usize>,
    /// Resources listed by several accounts (AWS-managed policies and prefix lists), counted once
    /// for the whole estate.
    pub shared: Vec<(ResourceKind, String)>,
    /// Answer key entries.
    pub labels: AccountLabels,
}

impl<'p> Builder<'p> {
    fn new(plan: &'p Plan, acct: &'p AccountPlan, root: &Path) -> Self {
        let mut rng = DemoRng::new(plan.seed, acct.index as u64 + 1);
        let canonical_id = rng.hex(64);
        Self {
            plan,
            acct,
            out: AccountOut::new(root.join(&acct.name)),
            labels: AccountLabels::default(),
            iam: Iam::default(),
            canonical_id,
            form: if acct.index.is_multiple_of(2) {
                PolicyForm::Object
            } else {
                PolicyForm::UrlEncoded
            },
            app_key: if acct.env == Env::Staging {
                "application"
            } else {
                "app"
            },
            keys: BTreeMap::new(),
            amis: BTreeMap::new(),
            pending: Pending {
                rds_unencrypted: acct.has(Problem::RdsInstanceUnencrypted),
                queue_unencrypted: acct.has(Problem::SqsQueueUnencrypted),
                topic_unencrypted: acct.has(Problem::SnsTopicUnencrypted),
                lambda_admin: acct.has(Problem::LambdaFunctionAdminRole),
                imdsv1: acct.has(Problem::Ec2InstanceImdsv1),
            },
            planted_default_sg: false,
            planted_flow_logs: false,
            pending_outlier: None,
            public_ips: HashMap::new(),
            shared: Vec::new(),
            clean_seen: BTreeMap::new(),
            rng,
        }
    }

    /// Records a planted problem.
    pub fn problem(
        &mut self,
        problem: Problem,
        kind: ResourceKind,
        resource: &str,
        region: Option<&str>,
        related: Vec<String>,
    ) {
        self.labels.problems.push(ProblemLabel {
            problem,
            resource: resource.to_owned(),
            kind: kind.as_str().to_owned(),
            account: self.acct.id.clone(),
            region: region.map(str::to_owned),
            description: problem.description().to_owned(),
            related,
        });
    }

    /// Offers a resource with none of the planted problem types to the clean sample (the first
    /// three of each kind per account, then one in twenty).
    pub fn clean(&mut self, kind: ResourceKind, resource: &str) {
        let n = self.clean_seen.entry(kind).or_insert(0);
        *n += 1;
        if *n <= 3 || (*n).is_multiple_of(20) {
            self.labels.clean.push(CleanLabel {
                resource: resource.to_owned(),
                kind: kind.as_str().to_owned(),
            });
        }
    }

    /// Standard tags of an application resource.
    pub fn app_tags(&self, team: &str, app: &str, name: &str) -> Vec<(String, String)> {
        vec![
            ("Name".into(), name.to_owned()),
            (self.app_key.into(), app.to_owned()),
            ("env".into(), self.acct.env.tag().to_owned()),
            ("team".into(), team.to_owned()),
        ]
    }

    fn account_settings(&mut self) -> Result<(), DemoError> {
        let acct = self.acct;
        let g = "us-east-1";
        let audit_role = format!("arn:aws:iam::{}:role/SecurityAudit", acct.id);
        let _ = audit_role;
        self.out.doc(
            g,
            "sts-get-caller-identity",
            &json!({
                "UserId": format!("{}:nephos-collect", self.rng.iam_id("AROA")),
                "Account": acct.id,
                "Arn": format!("arn:aws:sts::{}:assumed-role/SecurityAudit/nephos-collect", acct.id)
            }),
        )?;
        self.out.count(ResourceKind::Account);
        self.out.doc(
            g,
            "iam-list-account-aliases",
            &json!({"AccountAliases": [acct.name]}),
        )?;
        self.out.doc(
            g,
            "iam-get-account-password-policy",
            &json!({"PasswordPolicy": {
                "MinimumPasswordLength": 14, "RequireSymbols": true, "RequireNumbers": true,
                "RequireUppercaseCharacters": true, "RequireLowercaseCharacters": true,
                "AllowUsersToChangePassword": true, "ExpirePasswords": false,
                "PasswordReusePrevention": 24, "HardExpiry": false
            }}),
        )?;
        let public_buckets =
            acct.has(Problem::S3BucketPublicPolicy) || acct.has(Problem::S3BucketPublicAcl);
        if public_buckets {
            self.out
                .doc(g, "s3control-get-public-access-block", &json!({}))?;
        } else {
            self.out.doc(
                g,
                "s3control-get-public-access-block",
                &json!({"PublicAccessBlockConfiguration": {
                "BlockPublicAcls": true, "IgnorePublicAcls": true,
                "BlockPublicPolicy": true, "RestrictPublicBuckets": true}}),
            )?;
        }
        let m = self.plan.management();
        self.out.doc(g, "organizations-describe-organization", &json!({"Organization": {
            "Id": self.plan.org_id,
            "Arn": format!("arn:aws:organizations::{}:organization/{}", m.id, self.plan.org_id),
            "FeatureSet": "ALL",
            "MasterAccountArn": format!("arn:aws:organizations::{}:account/{}/{}", m.id, self.plan.org_id, m.id),
            "MasterAccountId": m.id,
            "MasterAccountEmail": m.email,
            "AvailablePolicyTypes": [{"Type": "SERVICE_CONTROL_POLICY", "Status": "ENABLED"}]
        }}))?;
        let regions: Vec<_> = acct
            .regions
            .iter()
            .map(|r| {
                json!({"Endpoint": format!("ec2.{}.amazonaws.com", r.name),
                            "RegionName": r.name, "OptInStatus": "opt-in-not-required"})
            })
            .collect();
        self.out
            .doc(g, "ec2-describe-regions", &json!({"Regions": regions}))?;
        Ok(())
    }

    fn trail(&mut self) -> Result<(), DemoError> {
        let acct = self.acct;
        if acct.has(Problem::CloudtrailMissing) {
            let arn = format!("arn:aws:iam::{}:root", acct.id);
            self.problem(
                Problem::CloudtrailMissing,
                ResourceKind::Account,
                &arn,
                None,
                Vec::new(),
            );
            return Ok(());
        }
        let single = acct.has(Problem::CloudtrailSingleRegion);
        let no_validation = acct.has(Problem::CloudtrailLogValidationDisabled) && !single;
        let home = "us-east-1";
        let name = if single {
            "acme-us-east-1-trail"
        } else {
            "acme-audit-trail"
        };
        let arn = format!("arn:aws:cloudtrail:{home}:{}:trail/{name}", acct.id);
        let trail = json!({
            "Name": name,
            "S3BucketName": self.plan.trail_bucket(),
            "S3KeyPrefix": acct.name,
            "IncludeGlobalServiceEvents": true,
            "IsMultiRegionTrail": !single,
            "HomeRegion": home,
            "TrailARN": arn,
            "LogFileValidationEnabled": !no_validation,
            "KmsKeyId": self.keys.get(home).map(|k| k.data.clone()),
            "HasCustomEventSelectors": false,
            "HasInsightSelectors": false,
            "IsOrganizationTrail": false
        });
        let status = json!({
            "IsLogging": true,
            "LatestDeliveryTime": time::iso(600),
            "StartLoggingTime": time::iso(700 * DAY),
            "LatestDigestDeliveryTime": time::iso(3600),
            "TimeLoggingStarted": time::iso_z(700 * DAY)
        });
        let regions: Vec<&'static str> = acct.regions.iter().map(|r| r.name).collect();
        for r in regions {
            if single && r != home {
                continue;
            }
            self.out
                .item(r, "cloudtrail-describe-trails", "trailList", &trail)?;
            self.out
                .param(r, "cloudtrail-get-trail-status", &arn, &status)?;
        }
        self.out.count(ResourceKind::Trail);
        if single {
            self.problem(
                Problem::CloudtrailSingleRegion,
                ResourceKind::Trail,
                &arn,
                Some(home),
                Vec::new(),
            );
        } else if no_validation {
            self.problem(
                Problem::CloudtrailLogValidationDisabled,
                ResourceKind::Trail,
                &arn,
                Some(home),
                Vec::new(),
            );
        } else {
            self.clean(ResourceKind::Trail, &arn);
        }
        Ok(())
    }

    fn run(mut self) -> Result<AccountResult, DemoError> {
        let acct = self.acct;
        self.account_settings()?;
        self.iam_base()?;
        for (ri, region) in acct.regions.iter().enumerate() {
            let r = region.name;
            self.region_lists(r)?;
            self.kms(r, ri == 0)?;
            if region.vpcs.is_empty() {
                continue;
            }
            self.images(r, ri == 0)?;
            let mut ecs = crate::apps::EcsRegion::default();
            let mut first_net = None;
            for (vi, vpc) in region.vpcs.iter().enumerate() {
                let mut net = self.vpc(r, vpc, vi == 0)?;
                for app in &vpc.apps {
                    self.app(&mut net, app, &mut ecs)?;
                }
                if vi == 0 {
                    first_net = Some(net);
                }
            }
            if let Some(mut net) = first_net {
                if ri == 0 {
                    self.region_problems(&mut net)?;
                }
                self.outlier_box(&mut net, ri)?;
            }
            self.write_ecs(r, ecs)?;
        }
        self.trail()?;
        if acct.index == self.plan.logging_account {
            self.logging_buckets()?;
        }
        if acct.index == 0 {
            self.organization()?;
        } else {
            // Member accounts may not list the organization: the collector records the refusal.
            let errors: Vec<_> = ["list-accounts", "list-roots", "list-policies"]
                .iter()
                .map(|op| {
                    json!({
                        "region": "us-east-1", "service": "organizations", "operation": op,
                        "parameter": null, "error_code": "AccessDeniedException",
                        "message": "You don't have permissions to access this resource."
                    })
                })
                .collect();
            self.out.account_file("collect-errors.json", &errors)?;
        }
        self.write_iam()?;
        let owner = json!({"DisplayName": acct.name, "ID": self.canonical_id});
        self.out
            .list_member("us-east-1", "s3-list-buckets", "Buckets", "Owner", &owner)?;
        self.out.finish()?;
        let mut shared = std::mem::take(&mut self.shared);
        shared.extend(
            self.iam
                .aws_managed_listed()
                .into_iter()
                .map(|arn| (ResourceKind::IamPolicy, arn)),
        );
        let account_arn = format!("arn:aws:iam::{}:root", acct.id);
        if !self
            .labels
            .problems
            .iter()
            .any(|p| p.resource == account_arn)
        {
            self.clean(ResourceKind::Account, &account_arn);
        }
        Ok(AccountResult {
            files: self.out.files,
            bytes: self.out.bytes,
            counts: std::mem::take(&mut self.out.counts),
            shared,
            labels: self.labels,
        })
    }
}

/// Generates one account's folder under `root`.
pub fn build_account(
    plan: &Plan,
    acct: &AccountPlan,
    root: &Path,
) -> Result<AccountResult, DemoError> {
    Builder::new(plan, acct, root).run()
}
