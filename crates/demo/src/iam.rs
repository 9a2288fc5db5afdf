//! IAM: users (with credential report rows), groups, roles (trust policies, instance profiles,
//! inline and managed policies), customer-managed policies with versions, and the AWS-managed
//! policies attached, written as `iam-get-account-authorization-details` and the credential report.

use std::collections::BTreeMap;

use nephos_model::ResourceKind;
use serde_json::{Value, json};

use crate::DemoError;
use crate::account::Builder;
use crate::labels::Problem;
use crate::plan::Env;
use crate::policy::{self, AwsManaged};
use crate::time::{self, DAY};

/// A customer-managed policy, rendered at the end when its attachment count is known.
#[derive(Debug, Clone)]
struct CustomerPolicy {
    name: String,
    arn: String,
    id: String,
    versions: Vec<Value>,
    attachments: usize,
}

/// IAM entities of one account, collected while the account is built.
#[derive(Debug, Default)]
pub struct Iam {
    users: Vec<Value>,
    groups: Vec<Value>,
    roles: Vec<Value>,
    policies: Vec<CustomerPolicy>,
    aws_attachments: BTreeMap<AwsManaged, usize>,
    credential_rows: Vec<String>,
}

impl Iam {
    /// ARNs of the AWS-managed policies this account lists.
    pub fn aws_managed_listed(&self) -> Vec<String> {
        self.aws_attachments.keys().map(|p| p.arn()).collect()
    }
}

/// A role as created.
#[derive(Debug, Clone)]
pub struct RoleRef {
    /// Role ARN.
    pub arn: String,
    /// Role id (`AROA…`).
    pub id: String,
    /// Instance profile ARN, when it has one.
    pub profile_arn: Option<String>,
    /// Instance profile id.
    pub profile_id: Option<String>,
}

/// What a new role holds.
#[derive(Debug, Default)]
pub struct RoleSpec<'a> {
    /// Name.
    pub name: &'a str,
    /// Trust policy.
    pub trust: Value,
    /// AWS-managed policies.
    pub managed: &'a [AwsManaged],
    /// Customer-managed policy ARNs (created with [`Builder::customer_policy`]).
    pub customer: Vec<String>,
    /// Inline policies.
    pub inline: Vec<(String, Value)>,
    /// Also create an instance profile of the same name.
    pub instance_profile: bool,
    /// Tags.
    pub tags: Vec<(String, String)>,
}

fn b64(data: &[u8]) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut s = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                s.push(char::from(T[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                s.push('=');
            }
        }
    }
    s
}

const REPORT_HEADER: &str = "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated";

/// A user's login and keys, as the credential report shows them.
#[derive(Debug, Clone, Copy)]
struct Credentials {
    password: bool,
    mfa: bool,
    /// Age in days of the active access key, if any.
    key_age_days: Option<i64>,
}

fn tag_list(pairs: &[(String, String)]) -> Value {
    Value::Array(
        pairs
            .iter()
            .map(|(k, v)| json!({"Key": k, "Value": v}))
            .collect(),
    )
}

impl Builder<'_> {
    fn iam_arn(&self, kind: &str, path: &str, name: &str) -> String {
        format!("arn:aws:iam::{}:{kind}{path}{name}", self.acct.id)
    }

    fn managed_refs(&mut self, managed: &[AwsManaged], customer: &[String]) -> Vec<Value> {
        let mut v = Vec::new();
        for m in managed {
            *self.iam.aws_attachments.entry(*m).or_insert(0) += 1;
            v.push(json!({"PolicyName": m.name(), "PolicyArn": m.arn()}));
        }
        for arn in customer {
            if let Some(p) = self.iam.policies.iter_mut().find(|p| &p.arn == arn) {
                p.attachments += 1;
                v.push(json!({"PolicyName": p.name, "PolicyArn": p.arn}));
            }
        }
        v
    }

    fn inline_list(&self, inline: &[(String, Value)]) -> Vec<Value> {
        inline
            .iter()
            .map(|(n, d)| json!({"PolicyName": n, "PolicyDocument": policy::render(d, self.form)}))
            .collect()
    }

    /// Creates a customer-managed policy whose versions are `versions` (the last is the default).
    pub fn customer_policy(&mut self, name: &str, versions: Vec<Value>) -> String {
        let arn = self.iam_arn("policy", "/", name);
        if !self.iam.policies.iter().any(|p| p.arn == arn) {
            let id = self.rng.iam_id("ANPA");
            self.iam.policies.push(CustomerPolicy {
                name: name.to_owned(),
                arn: arn.clone(),
                id,
                versions,
                attachments: 0,
            });
            self.out.count(ResourceKind::IamPolicy);
        }
        arn
    }

    /// Creates a role (and its instance profile).
    pub fn role(&mut self, spec: RoleSpec<'_>) -> RoleRef {
        let arn = self.iam_arn("role", "/", spec.name);
        let id = self.rng.iam_id("AROA");
        let created = time::iso((200 + self.rng.below(600) as i64) * DAY);
        let trust = policy::render(&spec.trust, self.form);
        let mut profiles = Vec::new();
        let (mut profile_arn, mut profile_id) = (None, None);
        if spec.instance_profile {
            let p_arn = self.iam_arn("instance-profile", "/", spec.name);
            let p_id = self.rng.iam_id("AIPA");
            profiles.push(json!({
                "Path": "/", "InstanceProfileName": spec.name, "InstanceProfileId": p_id,
                "Arn": p_arn, "CreateDate": created,
                "Roles": [{"Path": "/", "RoleName": spec.name, "RoleId": id, "Arn": arn,
                           "CreateDate": created, "AssumeRolePolicyDocument": trust}]
            }));
            self.out.count(ResourceKind::InstanceProfile);
            profile_arn = Some(p_arn);
            profile_id = Some(p_id);
        }
        let attached = self.managed_refs(spec.managed, &spec.customer);
        let inline = self.inline_list(&spec.inline);
        self.iam.roles.push(json!({
            "Path": "/",
            "RoleName": spec.name,
            "RoleId": id,
            "Arn": arn,
            "CreateDate": created,
            "AssumeRolePolicyDocument": trust,
            "InstanceProfileList": profiles,
            "RolePolicyList": inline,
            "AttachedManagedPolicies": attached,
            "Tags": tag_list(&spec.tags),
            "RoleLastUsed": {"LastUsedDate": time::iso(self.rng.below(3 * DAY as usize) as i64), "Region": "us-east-1"}
        }));
        self.out.count(ResourceKind::IamRole);
        RoleRef {
            arn,
            id,
            profile_arn,
            profile_id,
        }
    }

    fn group(&mut self, name: &str, managed: &[AwsManaged]) {
        let attached = self.managed_refs(managed, &[]);
        let id = self.rng.iam_id("AGPA");
        self.iam.groups.push(json!({
            "Path": "/", "GroupName": name, "GroupId": id,
            "Arn": self.iam_arn("group", "/", name),
            "CreateDate": time::iso(900 * DAY),
            "GroupPolicyList": [], "AttachedManagedPolicies": attached
        }));
        self.out.count(ResourceKind::IamGroup);
    }

    fn user(
        &mut self,
        name: &str,
        groups: &[&str],
        inline: Vec<(String, Value)>,
        managed: &[AwsManaged],
        creds: Credentials,
    ) -> String {
        let arn = self.iam_arn("user", "/", name);
        let id = self.rng.iam_id("AIDA");
        let created_days = 300 + self.rng.below(500) as i64;
        let attached = self.managed_refs(managed, &[]);
        let inline = self.inline_list(&inline);
        self.iam.users.push(json!({
            "Path": "/", "UserName": name, "UserId": id, "Arn": arn,
            "CreateDate": time::iso(created_days * DAY),
            "GroupList": groups, "AttachedManagedPolicies": attached,
            "UserPolicyList": inline, "Tags": []
        }));
        self.out.count(ResourceKind::IamUser);
        let na = "N/A";
        let (pw_used, pw_changed) = if creds.password {
            (
                time::iso((1 + self.rng.below(5)) as i64 * DAY),
                time::iso(60 * DAY),
            )
        } else {
            ("no_information".to_owned(), na.to_owned())
        };
        let key = match creds.key_age_days {
            Some(age) => format!(
                "true,{},{},us-east-1,s3",
                time::iso(age * DAY),
                time::iso(DAY)
            ),
            None => format!("false,{na},{na},{na},{na}"),
        };
        self.iam.credential_rows.push(format!(
            "{name},{arn},{},{},{pw_used},{pw_changed},{na},{},{key},false,{na},{na},{na},{na},false,{na},false,{na}",
            time::iso(created_days * DAY),
            creds.password,
            creds.mfa
        ));
        arn
    }

    /// Users, groups and the roles every account has.
    pub fn iam_base(&mut self) -> Result<(), DemoError> {
        let acct = self.acct;
        let plan = self.plan;
        let mgmt = plan.management().id.clone();
        let human = Credentials {
            password: true,
            mfa: true,
            key_age_days: None,
        };
        let service = |age| Credentials {
            password: false,
            mfa: false,
            key_age_days: Some(age),
        };
        self.group("Admins", &[AwsManaged::AdministratorAccess]);
        self.group(
            "Developers",
            &[
                AwsManaged::PowerUserAccess,
                AwsManaged::IamUserChangePassword,
            ],
        );
        self.group("ReadOnly", &[AwsManaged::ReadOnlyAccess]);
        let deploy = self.customer_policy("acme-deploy", vec![
            policy::document(vec![policy::allow("Deploy", &["ecs:UpdateService", "ecs:RegisterTaskDefinition", "lambda:UpdateFunctionCode"], &["*".to_owned()])]),
            policy::document(vec![
                policy::allow("Deploy", &["ecs:UpdateService", "ecs:RegisterTaskDefinition", "ecs:DescribeServices", "lambda:UpdateFunctionCode", "lambda:GetFunction"], &["*".to_owned()]),
                policy::allow("Artifacts", &["s3:GetObject", "s3:PutObject"], &[format!("arn:aws:s3:::acme-artifacts-{}/*", acct.id)]),
            ]),
            policy::document(vec![
                policy::allow("Deploy", &["ecs:UpdateService", "ecs:RegisterTaskDefinition", "ecs:DescribeServices", "lambda:UpdateFunctionCode", "lambda:GetFunction"], &["*".to_owned()]),
                policy::allow("Artifacts", &["s3:GetObject", "s3:PutObject"], &[format!("arn:aws:s3:::acme-artifacts-{}/*", acct.id)]),
                json!({"Sid": "PassAppRoles", "Effect": "Allow", "Action": "iam:PassRole",
                       "Resource": format!("arn:aws:iam::{}:role/*-task", acct.id),
                       "Condition": {"StringEquals": {"iam:PassedToService": "ecs-tasks.amazonaws.com"}}}),
            ]),
        ]);
        let mut user_arns: Vec<(String, &'static str)> = Vec::new();
        if acct.env == Env::Management {
            for (name, group) in [
                ("alice.nguyen", "Admins"),
                ("bob.schmidt", "Developers"),
                ("carol.jones", "ReadOnly"),
                ("erin.garcia", "Developers"),
            ] {
                let arn = self.user(name, &[group], Vec::new(), &[], human);
                user_arns.push((arn, "user"));
            }
            let arn = self.user(
                "ci-deploy",
                &[],
                vec![(
                    "assume-deployer".into(),
                    policy::document(vec![policy::allow(
                        "AssumeDeployer",
                        &["sts:AssumeRole"],
                        &["arn:aws:iam::*:role/ci-deployer".to_owned()],
                    )]),
                )],
                &[],
                service(20),
            );
            user_arns.push((arn, "user"));
        } else {
            let arn = self.user(
                &format!("svc-{}-reporting", acct.unit),
                &["ReadOnly"],
                Vec::new(),
                &[],
                service(30),
            );
            user_arns.push((arn, "user"));
        }
        for (arn, _) in &user_arns {
            self.clean(ResourceKind::IamUser, arn);
        }
        if acct.has(Problem::IamUserConsoleWithoutMfa) {
            let arn = self.user(
                "dave.wilson",
                &["Developers"],
                Vec::new(),
                &[],
                Credentials {
                    password: true,
                    mfa: false,
                    key_age_days: None,
                },
            );
            self.problem(
                Problem::IamUserConsoleWithoutMfa,
                ResourceKind::IamUser,
                &arn,
                None,
                Vec::new(),
            );
        }
        if acct.has(Problem::IamAccessKeyStale) {
            let arn = self.user(
                "legacy-etl",
                &[],
                Vec::new(),
                &[AwsManaged::AmazonS3ReadOnlyAccess],
                service(412),
            );
            self.problem(
                Problem::IamAccessKeyStale,
                ResourceKind::IamUser,
                &arn,
                None,
                Vec::new(),
            );
        }
        if acct.has(Problem::IamInlineAdminPolicy) {
            let doc = policy::document(vec![
                json!({"Effect": "Allow", "Action": "*", "Resource": "*"}),
            ]);
            let arn = self.user(
                "ops-admin",
                &[],
                vec![("full-access".into(), doc)],
                &[],
                Credentials {
                    password: true,
                    mfa: true,
                    key_age_days: None,
                },
            );
            self.problem(
                Problem::IamInlineAdminPolicy,
                ResourceKind::IamUser,
                &arn,
                None,
                Vec::new(),
            );
        }

        // Roles every account has.
        if acct.env != Env::Management {
            let r = self.role(RoleSpec {
                name: "OrganizationAccountAccessRole",
                trust: policy::trust(json!({"AWS": format!("arn:aws:iam::{mgmt}:root")})),
                managed: &[AwsManaged::AdministratorAccess],
                ..RoleSpec::default()
            });
            self.clean(ResourceKind::IamRole, &r.arn);
        }
        let security = plan.accounts[plan.security_account].id.clone();
        let r = self.role(RoleSpec {
            name: "SecurityAudit",
            trust: policy::trust(
                json!({"AWS": format!("arn:aws:iam::{security}:role/security-scanner")}),
            ),
            managed: &[AwsManaged::SecurityAudit, AwsManaged::ReadOnlyAccess],
            ..RoleSpec::default()
        });
        self.clean(ResourceKind::IamRole, &r.arn);
        if acct.index == plan.security_account {
            let r = self.role(RoleSpec {
                name: "security-scanner",
                trust: policy::trust(json!({"Service": "lambda.amazonaws.com"})),
                managed: &[AwsManaged::LambdaBasicExecution],
                inline: vec![(
                    "assume-audit".into(),
                    policy::document(vec![policy::allow(
                        "AssumeAudit",
                        &["sts:AssumeRole"],
                        &["arn:aws:iam::*:role/SecurityAudit".to_owned()],
                    )]),
                )],
                ..RoleSpec::default()
            });
            self.clean(ResourceKind::IamRole, &r.arn);
        }
        let r = self.role(RoleSpec {
            name: "ci-deployer",
            trust: policy::trust(json!({"AWS": format!("arn:aws:iam::{mgmt}:user/ci-deploy")})),
            customer: vec![deploy],
            ..RoleSpec::default()
        });
        self.clean(ResourceKind::IamRole, &r.arn);
        if acct.has(Problem::IamRoleTrustsUnknownAccount) {
            let r = self.role(RoleSpec {
                name: "vendor-monitoring",
                trust: policy::trust(
                    json!({"AWS": format!("arn:aws:iam::{}:root", plan.unknown_account)}),
                ),
                managed: &[AwsManaged::ReadOnlyAccess],
                tags: vec![("vendor".into(), "observability-saas".into())],
                ..RoleSpec::default()
            });
            self.problem(
                Problem::IamRoleTrustsUnknownAccount,
                ResourceKind::IamRole,
                &r.arn,
                None,
                Vec::new(),
            );
        }
        Ok(())
    }

    /// Writes the authorization details and the credential report.
    pub fn write_iam(&mut self) -> Result<(), DemoError> {
        let g = "us-east-1";
        let acct = self.acct;
        let mut policies: Vec<Value> = Vec::new();
        for p in &self.iam.policies {
            let n = p.versions.len();
            let versions: Vec<Value> = p
                .versions
                .iter()
                .enumerate()
                .rev()
                .map(|(i, d)| {
                    json!({
                        "Document": policy::render(d, self.form),
                        "VersionId": format!("v{}", i + 1),
                        "IsDefaultVersion": i + 1 == n,
                        "CreateDate": time::iso(((n - i) * 90) as i64 * DAY)
                    })
                })
                .collect();
            policies.push(json!({
                "PolicyName": p.name, "PolicyId": p.id, "Arn": p.arn, "Path": "/",
                "DefaultVersionId": format!("v{n}"), "AttachmentCount": p.attachments,
                "PermissionsBoundaryUsageCount": 0, "IsAttachable": true,
                "CreateDate": time::iso((n * 90) as i64 * DAY), "UpdateDate": time::iso(90 * DAY),
                "PolicyVersionList": versions
            }));
        }
        for (m, count) in &self.iam.aws_attachments {
            policies.push(json!({
                "PolicyName": m.name(), "PolicyId": m.policy_id(), "Arn": m.arn(), "Path": m.path(),
                "DefaultVersionId": m.version(), "AttachmentCount": count,
                "PermissionsBoundaryUsageCount": 0, "IsAttachable": true,
                "CreateDate": "2015-02-06T18:39:46+00:00", "UpdateDate": "2024-03-07T18:01:10+00:00",
                "PolicyVersionList": [{"Document": policy::render(&m.document(), self.form),
                    "VersionId": m.version(), "IsDefaultVersion": true,
                    "CreateDate": "2024-03-07T18:01:10+00:00"}]
            }));
        }
        self.out.doc(
            g,
            "iam-get-account-authorization-details",
            &json!({
                "UserDetailList": self.iam.users,
                "GroupDetailList": self.iam.groups,
                "RoleDetailList": self.iam.roles,
                "Policies": policies,
                "IsTruncated": false
            }),
        )?;
        let root_key = acct.has(Problem::IamRootAccessKey);
        let na = "N/A";
        let root_keys = if root_key {
            format!(
                "true,{},{},us-east-1,iam",
                time::iso(700 * DAY),
                time::iso(40 * DAY)
            )
        } else {
            format!("false,{na},{na},{na},{na}")
        };
        let mut csv = String::from(REPORT_HEADER);
        csv.push('\n');
        csv.push_str(&format!(
            "<root_account>,arn:aws:iam::{}:root,{},not_supported,{},not_supported,not_supported,true,{root_keys},false,{na},{na},{na},{na},false,{na},false,{na}",
            acct.id,
            time::iso(1200 * DAY),
            time::iso(200 * DAY)
        ));
        for row in &self.iam.credential_rows {
            csv.push('\n');
            csv.push_str(row);
        }
        self.out.doc(
            g,
            "iam-get-credential-report",
            &json!({
                "Content": b64(csv.as_bytes()),
                "ReportFormat": "text/csv",
                "GeneratedTime": time::iso(3600)
            }),
        )?;
        if root_key {
            let arn = format!("arn:aws:iam::{}:root", acct.id);
            self.problem(
                Problem::IamRootAccessKey,
                ResourceKind::Account,
                &arn,
                None,
                Vec::new(),
            );
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc4648_vectors() {
        assert_eq!(b64(b""), "");
        assert_eq!(b64(b"f"), "Zg==");
        assert_eq!(b64(b"fo"), "Zm8=");
        assert_eq!(b64(b"foo"), "Zm9v");
        assert_eq!(b64(b"foobar"), "Zm9vYmFy");
    }
}
