//! Policy documents: builders for statements, the three forms the layout carries (JSON object,
//! JSON text, URL-encoded JSON text) and the AWS-managed policies the estate attaches.

use serde_json::{Value, json};

use crate::out::PARAMETER;

/// How a policy document is written where the API allows a choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PolicyForm {
    /// A JSON object, as the AWS CLI prints decoded documents.
    Object,
    /// URL-encoded JSON text, as the raw IAM API returns it.
    UrlEncoded,
}

/// `{"Version": "2012-10-17", "Statement": [...]}`.
pub fn document(statements: Vec<Value>) -> Value {
    json!({"Version": "2012-10-17", "Statement": statements})
}

/// An `Allow` statement of `actions` on `resources`.
pub fn allow(sid: &str, actions: &[&str], resources: &[String]) -> Value {
    json!({"Sid": sid, "Effect": "Allow", "Action": actions, "Resource": resources})
}

/// A trust policy letting `principal` (`{"Service": …}` / `{"AWS": …}`) assume the role.
pub fn trust(principal: Value) -> Value {
    document(vec![json!({
        "Effect": "Allow",
        "Principal": principal,
        "Action": "sts:AssumeRole"
    })])
}

/// The document as compact JSON text (what `Policy` members of S3, SQS, SNS, KMS, Lambda hold).
pub fn text(doc: &Value) -> String {
    doc.to_string()
}

/// The document in `form`.
pub fn render(doc: &Value, form: PolicyForm) -> Value {
    match form {
        PolicyForm::Object => doc.clone(),
        PolicyForm::UrlEncoded => {
            Value::String(percent_encoding::utf8_percent_encode(&text(doc), PARAMETER).to_string())
        }
    }
}

/// An AWS-managed IAM policy the generator attaches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AwsManaged {
    /// `AdministratorAccess`.
    AdministratorAccess,
    /// `PowerUserAccess`.
    PowerUserAccess,
    /// `ReadOnlyAccess` (abridged document).
    ReadOnlyAccess,
    /// `SecurityAudit` (abridged document).
    SecurityAudit,
    /// `AmazonS3ReadOnlyAccess`.
    AmazonS3ReadOnlyAccess,
    /// `AWSLambdaBasicExecutionRole` (under `service-role/`).
    LambdaBasicExecution,
    /// `AWSLambdaVPCAccessExecutionRole` (under `service-role/`).
    LambdaVpcAccessExecution,
    /// `AmazonECSTaskExecutionRolePolicy` (under `service-role/`).
    EcsTaskExecution,
    /// `AmazonSSMManagedInstanceCore`.
    SsmManagedInstanceCore,
    /// `IAMUserChangePassword`.
    IamUserChangePassword,
}

impl AwsManaged {
    /// The policy name.
    pub const fn name(self) -> &'static str {
        match self {
            Self::AdministratorAccess => "AdministratorAccess",
            Self::PowerUserAccess => "PowerUserAccess",
            Self::ReadOnlyAccess => "ReadOnlyAccess",
            Self::SecurityAudit => "SecurityAudit",
            Self::AmazonS3ReadOnlyAccess => "AmazonS3ReadOnlyAccess",
            Self::LambdaBasicExecution => "AWSLambdaBasicExecutionRole",
            Self::LambdaVpcAccessExecution => "AWSLambdaVPCAccessExecutionRole",
            Self::EcsTaskExecution => "AmazonECSTaskExecutionRolePolicy",
            Self::SsmManagedInstanceCore => "AmazonSSMManagedInstanceCore",
            Self::IamUserChangePassword => "IAMUserChangePassword",
        }
    }

    /// The policy path.
    pub const fn path(self) -> &'static str {
        match self {
            Self::LambdaBasicExecution
            | Self::LambdaVpcAccessExecution
            | Self::EcsTaskExecution => "/service-role/",
            Self::ReadOnlyAccess | Self::SecurityAudit => "/",
            _ => "/",
        }
    }

    /// `arn:aws:iam::aws:policy<path><name>`.
    pub fn arn(self) -> String {
        format!("arn:aws:iam::aws:policy{}{}", self.path(), self.name())
    }

    /// The default version id.
    pub const fn version(self) -> &'static str {
        match self {
            Self::AdministratorAccess => "v1",
            Self::PowerUserAccess => "v5",
            Self::ReadOnlyAccess => "v120",
            Self::SecurityAudit => "v45",
            Self::AmazonS3ReadOnlyAccess => "v3",
            Self::LambdaBasicExecution => "v1",
            Self::LambdaVpcAccessExecution => "v3",
            Self::EcsTaskExecution => "v1",
            Self::SsmManagedInstanceCore => "v2",
            Self::IamUserChangePassword => "v2",
        }
    }

    /// A stable policy id (the same in every account, as for the real policies).
    pub fn policy_id(self) -> String {
        const CHARS: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        let h = nephos_model::hash::fnv1a(self.name().as_bytes());
        let mut s = String::from("ANPAI");
        for i in 0..16 {
            s.push(char::from(CHARS[((h >> (i * 4)) & 31) as usize]));
        }
        s
    }

    /// The default version's document (abridged for the large read-only policies).
    pub fn document(self) -> Value {
        let all = vec!["*".to_owned()];
        match self {
            Self::AdministratorAccess => document(vec![json!({
                "Effect": "Allow", "Action": "*", "Resource": "*"
            })]),
            Self::PowerUserAccess => document(vec![
                json!({"Effect": "Allow",
                       "NotAction": ["iam:*", "organizations:*", "account:*"],
                       "Resource": "*"}),
                json!({"Effect": "Allow",
                       "Action": ["iam:CreateServiceLinkedRole", "iam:DeleteServiceLinkedRole",
                                  "iam:ListRoles", "organizations:DescribeOrganization",
                                  "account:ListRegions", "account:GetAccountInformation"],
                       "Resource": "*"}),
            ]),
            Self::ReadOnlyAccess => document(vec![allow(
                "ReadOnlyAbridged",
                &[
                    "ec2:Describe*",
                    "ec2:Get*",
                    "elasticloadbalancing:Describe*",
                    "s3:Get*",
                    "s3:List*",
                    "iam:Get*",
                    "iam:List*",
                    "lambda:Get*",
                    "lambda:List*",
                    "rds:Describe*",
                    "dynamodb:Describe*",
                    "dynamodb:List*",
                    "dynamodb:GetItem",
                    "dynamodb:Query",
                    "dynamodb:Scan",
                    "sqs:Get*",
                    "sqs:List*",
                    "sns:Get*",
                    "sns:List*",
                    "kms:Describe*",
                    "kms:Get*",
                    "kms:List*",
                    "cloudtrail:Describe*",
                    "cloudtrail:Get*",
                    "cloudtrail:LookupEvents",
                    "ecs:Describe*",
                    "ecs:List*",
                    "logs:Describe*",
                    "logs:Get*",
                    "organizations:Describe*",
                    "organizations:List*",
                ],
                &all,
            )]),
            Self::SecurityAudit => document(vec![allow(
                "SecurityAuditAbridged",
                &[
                    "ec2:Describe*",
                    "elasticloadbalancing:Describe*",
                    "s3:GetBucket*",
                    "s3:GetAccountPublicAccessBlock",
                    "s3:ListAllMyBuckets",
                    "iam:Get*",
                    "iam:List*",
                    "iam:GenerateCredentialReport",
                    "lambda:GetPolicy",
                    "lambda:List*",
                    "rds:Describe*",
                    "dynamodb:DescribeTable",
                    "dynamodb:ListTables",
                    "sqs:GetQueueAttributes",
                    "sqs:ListQueues",
                    "sns:GetTopicAttributes",
                    "sns:List*",
                    "kms:Describe*",
                    "kms:Get*",
                    "kms:List*",
                    "cloudtrail:Describe*",
                    "cloudtrail:GetTrailStatus",
                    "ecs:Describe*",
                    "ecs:List*",
                    "organizations:Describe*",
                    "organizations:List*",
                    "config:Describe*",
                    "access-analyzer:List*",
                ],
                &all,
            )]),
            Self::AmazonS3ReadOnlyAccess => document(vec![json!({
                "Effect": "Allow",
                "Action": ["s3:Get*", "s3:List*", "s3:Describe*",
                           "s3-object-lambda:Get*", "s3-object-lambda:List*"],
                "Resource": "*"
            })]),
            Self::LambdaBasicExecution => document(vec![json!({
                "Effect": "Allow",
                "Action": ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"],
                "Resource": "*"
            })]),
            Self::LambdaVpcAccessExecution => document(vec![json!({
                "Sid": "AWSLambdaVPCAccessExecutionPermissions",
                "Effect": "Allow",
                "Action": ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents",
                           "ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces",
                           "ec2:DescribeSubnets", "ec2:DeleteNetworkInterface",
                           "ec2:AssignPrivateIpAddresses", "ec2:UnassignPrivateIpAddresses"],
                "Resource": "*"
            })]),
            Self::EcsTaskExecution => document(vec![json!({
                "Effect": "Allow",
                "Action": ["ecr:GetAuthorizationToken", "ecr:BatchCheckLayerAvailability",
                           "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage",
                           "logs:CreateLogStream", "logs:PutLogEvents"],
                "Resource": "*"
            })]),
            Self::SsmManagedInstanceCore => document(vec![
                json!({"Effect": "Allow",
                       "Action": ["ssm:DescribeAssociation", "ssm:GetDeployablePatchSnapshotForInstance",
                                  "ssm:GetDocument", "ssm:DescribeDocument", "ssm:GetManifest",
                                  "ssm:GetParameter", "ssm:GetParameters", "ssm:ListAssociations",
                                  "ssm:ListInstanceAssociations", "ssm:PutInventory",
                                  "ssm:PutComplianceItems", "ssm:PutConfigurePackageResult",
                                  "ssm:UpdateAssociationStatus", "ssm:UpdateInstanceAssociationStatus",
                                  "ssm:UpdateInstanceInformation"],
                       "Resource": "*"}),
                json!({"Effect": "Allow",
                       "Action": ["ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel",
                                  "ssmmessages:OpenControlChannel", "ssmmessages:OpenDataChannel"],
                       "Resource": "*"}),
                json!({"Effect": "Allow",
                       "Action": ["ec2messages:AcknowledgeMessage", "ec2messages:DeleteMessage",
                                  "ec2messages:FailMessage", "ec2messages:GetEndpoint",
                                  "ec2messages:GetMessages", "ec2messages:SendReply"],
                       "Resource": "*"}),
            ]),
            Self::IamUserChangePassword => document(vec![
                json!({"Effect": "Allow", "Action": ["iam:ChangePassword"],
                       "Resource": ["arn:aws:iam::*:user/${aws:username}"]}),
                json!({"Effect": "Allow", "Action": ["iam:GetAccountPasswordPolicy"],
                       "Resource": "*"}),
            ]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_encoded_form_decodes_to_the_same_document() {
        let doc = trust(json!({"Service": "lambda.amazonaws.com"}));
        let Value::String(encoded) = render(&doc, PolicyForm::UrlEncoded) else {
            panic!("expected text")
        };
        assert!(encoded.starts_with("%7B%22"));
        assert!(encoded.contains("%22Version%22%3A%222012-10-17%22"));
        let decoded = percent_encoding::percent_decode_str(&encoded)
            .decode_utf8()
            .unwrap();
        let back: Value = serde_json::from_str(&decoded).unwrap();
        assert_eq!(back, doc);
    }

    #[test]
    fn managed_policy_arns_and_ids_are_stable() {
        assert_eq!(
            AwsManaged::LambdaBasicExecution.arn(),
            "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
        );
        assert_eq!(
            AwsManaged::AdministratorAccess.policy_id(),
            AwsManaged::AdministratorAccess.policy_id()
        );
        assert_ne!(
            AwsManaged::AdministratorAccess.policy_id(),
            AwsManaged::ReadOnlyAccess.policy_id()
        );
        assert_eq!(AwsManaged::AdministratorAccess.policy_id().len(), 21);
    }
}
