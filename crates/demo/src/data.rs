//! Data stores and keys: KMS keys, S3 buckets, RDS instances, DynamoDB tables, SQS queues and
//! SNS topics, each with the per-parameter files their settings live in.

use nephos_model::ResourceKind;
use serde_json::{Value, json};

use crate::DemoError;
use crate::account::{Builder, RegionKeys};
use crate::labels::Problem;
use crate::network::{Net, tags};
use crate::policy;
use crate::time::{self, DAY};

/// An S3 bucket to create.
#[derive(Debug, Clone, Default)]
pub struct BucketSpec {
    /// Name.
    pub name: String,
    /// Region.
    pub region: String,
    /// Tags.
    pub tags: Vec<(String, String)>,
    /// Bucket policy.
    pub policy: Option<Value>,
    /// Grant READ to AllUsers.
    pub public_acl: bool,
    /// Block Public Access, `None` when not configured.
    pub block_public_access: Option<bool>,
    /// Default encryption: `Some(kms key arn)`, `Some("")` for SSE-S3, `None` for none.
    pub encryption: Option<String>,
    /// Notification configuration (`{}` for none).
    pub notification: Value,
    /// Versioning enabled.
    pub versioning: bool,
}

/// A queue as created.
#[derive(Debug, Clone)]
pub struct QueueRef {
    /// URL.
    pub url: String,
    /// ARN.
    pub arn: String,
}

fn pairs(t: &[(String, String)]) -> Vec<(&str, &str)> {
    t.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect()
}

impl Builder<'_> {
    /// The KMS keys of a region: one for data, one for EBS.
    pub fn kms(&mut self, region: &'static str, first: bool) -> Result<(), DemoError> {
        let account = self.acct.id.clone();
        let env = self.acct.env.tag();
        let mut keys = RegionKeys::default();
        for purpose in ["data", "ebs"] {
            let key_id = self.rng.uuid();
            let arn = format!("arn:aws:kms:{region}:{account}:key/{key_id}");
            let rotation_off =
                first && purpose == "ebs" && self.acct.has(Problem::KmsKeyRotationDisabled);
            self.out.item(
                region,
                "kms-list-keys",
                "Keys",
                &json!({"KeyId": key_id, "KeyArn": arn}),
            )?;
            self.out.param(
                region,
                "kms-describe-key",
                &key_id,
                &json!({"KeyMetadata": {
                    "AWSAccountId": account, "KeyId": key_id, "Arn": arn,
                    "CreationDate": time::iso(800 * DAY), "Enabled": true,
                    "Description": format!("{env} {purpose} encryption"),
                    "KeyUsage": "ENCRYPT_DECRYPT", "KeyState": "Enabled", "Origin": "AWS_KMS",
                    "KeyManager": "CUSTOMER", "CustomerMasterKeySpec": "SYMMETRIC_DEFAULT",
                    "KeySpec": "SYMMETRIC_DEFAULT", "EncryptionAlgorithms": ["SYMMETRIC_DEFAULT"],
                    "MultiRegion": false
                }}),
            )?;
            let mut statements = vec![json!({
                "Sid": "Enable IAM User Permissions", "Effect": "Allow",
                "Principal": {"AWS": format!("arn:aws:iam::{account}:root")},
                "Action": "kms:*", "Resource": "*"
            })];
            if purpose == "data" {
                statements.push(json!({
                    "Sid": "Allow CloudTrail to encrypt logs", "Effect": "Allow",
                    "Principal": {"Service": "cloudtrail.amazonaws.com"},
                    "Action": "kms:GenerateDataKey*", "Resource": "*",
                    "Condition": {"StringLike": {"kms:EncryptionContext:aws:cloudtrail:arn": format!("arn:aws:cloudtrail:*:{account}:trail/*")}}
                }));
            }
            self.out.param(
                region,
                "kms-get-key-policy",
                &key_id,
                &json!({
                "Policy": policy::text(&policy::document(statements)), "PolicyName": "default"}),
            )?;
            self.out.param(
                region,
                "kms-get-key-rotation-status",
                &key_id,
                &json!({
                "KeyRotationEnabled": !rotation_off, "KeyId": arn, "RotationPeriodInDays": 365}),
            )?;
            self.out.param(region, "kms-list-resource-tags", &key_id, &json!({
                "Tags": [{"TagKey": "env", "TagValue": env}, {"TagKey": "team", "TagValue": "secops"}],
                "Truncated": false}))?;
            let alias = format!("alias/{env}-{purpose}");
            self.out.item(
                region,
                "kms-list-aliases",
                "Aliases",
                &json!({
                    "AliasName": alias,
                    "AliasArn": format!("arn:aws:kms:{region}:{account}:{alias}"),
                    "TargetKeyId": key_id,
                    "CreationDate": time::iso(800 * DAY),
                    "LastUpdatedDate": time::iso(800 * DAY)
                }),
            )?;
            self.out.count(ResourceKind::KmsKey);
            if rotation_off {
                self.problem(
                    Problem::KmsKeyRotationDisabled,
                    ResourceKind::KmsKey,
                    &arn,
                    Some(region),
                    Vec::new(),
                );
            } else {
                self.clean(ResourceKind::KmsKey, &arn);
            }
            if purpose == "data" {
                keys.data = arn
            } else {
                keys.ebs = arn
            }
        }
        self.keys.insert(region, keys);
        Ok(())
    }

    /// The data key of a region.
    pub fn data_key(&self, region: &str) -> String {
        self.keys
            .get(region)
            .map(|k| k.data.clone())
            .unwrap_or_default()
    }

    /// Creates a bucket and writes its settings. Returns its ARN.
    pub fn bucket(&mut self, spec: &BucketSpec) -> Result<String, DemoError> {
        let g = "us-east-1";
        let name = spec.name.as_str();
        let created = time::iso((100 + self.rng.below(900)) as i64 * DAY);
        self.out.item(
            g,
            "s3-list-buckets",
            "Buckets",
            &json!({
            "Name": name, "CreationDate": created, "BucketRegion": spec.region}),
        )?;
        let location = if spec.region == "us-east-1" {
            Value::Null
        } else {
            json!(spec.region)
        };
        self.out.param(
            g,
            "s3-get-bucket-location",
            name,
            &json!({"LocationConstraint": location}),
        )?;
        match &spec.policy {
            Some(p) => self.out.param(
                g,
                "s3-get-bucket-policy",
                name,
                &json!({"Policy": policy::text(p)}),
            )?,
            None => self
                .out
                .param(g, "s3-get-bucket-policy", name, &json!({}))?,
        }
        let mut grants = vec![
            json!({"Grantee": {"ID": self.canonical_id, "Type": "CanonicalUser"}, "Permission": "FULL_CONTROL"}),
        ];
        if spec.public_acl {
            grants.push(json!({"Grantee": {"Type": "Group", "URI": "http://acs.amazonaws.com/groups/global/AllUsers"}, "Permission": "READ"}));
        }
        self.out.param(
            g,
            "s3-get-bucket-acl",
            name,
            &json!({"Owner": {"ID": self.canonical_id}, "Grants": grants}),
        )?;
        match spec.block_public_access {
            Some(on) => self.out.param(g, "s3-get-public-access-block", name, &json!({"PublicAccessBlockConfiguration": {
                "BlockPublicAcls": on, "IgnorePublicAcls": on, "BlockPublicPolicy": on, "RestrictPublicBuckets": on}}))?,
            None => self.out.param(g, "s3-get-public-access-block", name, &json!({}))?,
        }
        match &spec.encryption {
            Some(k) if !k.is_empty() => self.out.param(g, "s3-get-bucket-encryption", name, &json!({"ServerSideEncryptionConfiguration": {"Rules": [
                {"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": k}, "BucketKeyEnabled": true}]}}))?,
            Some(_) => self.out.param(g, "s3-get-bucket-encryption", name, &json!({"ServerSideEncryptionConfiguration": {"Rules": [
                {"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}, "BucketKeyEnabled": false}]}}))?,
            None => self.out.param(g, "s3-get-bucket-encryption", name, &json!({}))?,
        }
        self.out.param(
            g,
            "s3-get-bucket-notification-configuration",
            name,
            &spec.notification,
        )?;
        let versioning = if spec.versioning {
            json!({"Status": "Enabled", "MFADelete": "Disabled"})
        } else {
            json!({})
        };
        self.out
            .param(g, "s3-get-bucket-versioning", name, &versioning)?;
        self.out
            .param(g, "s3-get-bucket-logging", name, &json!({}))?;
        if spec.tags.is_empty() {
            self.out
                .param(g, "s3-get-bucket-tagging", name, &json!({}))?;
        } else {
            self.out.param(
                g,
                "s3-get-bucket-tagging",
                name,
                &json!({"TagSet": tags(&pairs(&spec.tags))}),
            )?;
        }
        self.out.count(ResourceKind::Bucket);
        Ok(format!("arn:aws:s3:::{name}"))
    }

    /// A private, KMS-encrypted, versioned bucket with Block Public Access on.
    pub fn private_bucket(
        &mut self,
        name: String,
        region: &str,
        tags: Vec<(String, String)>,
    ) -> BucketSpec {
        BucketSpec {
            name,
            region: region.to_owned(),
            tags,
            policy: None,
            public_acl: false,
            block_public_access: Some(true),
            encryption: Some(self.data_key(region)),
            notification: json!({}),
            versioning: true,
        }
    }

    /// A bucket policy denying non-TLS access (what most buckets carry).
    pub fn tls_only_policy(name: &str) -> Value {
        policy::document(vec![json!({
            "Sid": "DenyInsecureTransport", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
            "Resource": [format!("arn:aws:s3:::{name}"), format!("arn:aws:s3:::{name}/*")],
            "Condition": {"Bool": {"aws:SecureTransport": "false"}}
        })])
    }

    /// Creates an RDS PostgreSQL instance. Returns its ARN.
    #[allow(
        clippy::too_many_arguments,
        reason = "a database has this many settings"
    )]
    pub fn rds(
        &mut self,
        net: &mut Net,
        identifier: &str,
        sg: &(String, String),
        public: bool,
        encrypted: bool,
        tag_pairs: &[(String, String)],
    ) -> Result<String, DemoError> {
        let region = net.region;
        let account = self.acct.id.clone();
        let arn = format!("arn:aws:rds:{region}:{account}:db:{identifier}");
        let subnets = if public {
            net.public.clone()
        } else {
            net.private.clone()
        };
        let idx = self.rng.below(subnets.len());
        let groups = [sg.clone()];
        let spec = crate::network::EniSpec {
            interface_type: "interface",
            description: "RDSNetworkInterface".into(),
            groups: &groups,
            instance: None,
            public_ip: public,
            requester: Some("amazon-rds".into()),
        };
        let mut subnet = subnets[idx].clone();
        self.eni(region, &net.vpc_id.clone(), &mut subnet, &spec)?;
        if public {
            net.public[idx] = subnet.clone()
        } else {
            net.private[idx] = subnet.clone()
        }
        let subnet_list: Vec<Value> = subnets
            .iter()
            .map(|s| {
                json!({
            "SubnetIdentifier": s.id, "SubnetAvailabilityZone": {"Name": s.az},
            "SubnetOutpost": {}, "SubnetStatus": "Active"})
            })
            .collect();
        let hash = self.rng.hex(12);
        let mut db = json!({
            "DBInstanceIdentifier": identifier,
            "DBInstanceClass": "db.r6g.large",
            "Engine": "postgres",
            "DBInstanceStatus": "available",
            "MasterUsername": "app_admin",
            "DBName": identifier.replace('-', "_"),
            "Endpoint": {"Address": format!("{identifier}.{hash}.{region}.rds.amazonaws.com"), "Port": 5432, "HostedZoneId": "Z2R2ITUGPM61AM"},
            "AllocatedStorage": 100,
            "InstanceCreateTime": time::iso(500 * DAY),
            "PreferredBackupWindow": "03:00-04:00",
            "BackupRetentionPeriod": 7,
            "DBSecurityGroups": [],
            "VpcSecurityGroups": [{"VpcSecurityGroupId": sg.0, "Status": "active"}],
            "DBParameterGroups": [{"DBParameterGroupName": "default.postgres16", "ParameterApplyStatus": "in-sync"}],
            "AvailabilityZone": subnet.az,
            "DBSubnetGroup": {"DBSubnetGroupName": format!("{identifier}-subnets"), "DBSubnetGroupDescription": identifier,
                               "VpcId": net.vpc_id, "SubnetGroupStatus": "Complete", "Subnets": subnet_list},
            "PreferredMaintenanceWindow": "sun:05:00-sun:06:00",
            "PendingModifiedValues": {},
            "MultiAZ": self.acct.env == crate::plan::Env::Prod,
            "EngineVersion": "16.4",
            "AutoMinorVersionUpgrade": true,
            "ReadReplicaDBInstanceIdentifiers": [],
            "LicenseModel": "postgresql-license",
            "PubliclyAccessible": public,
            "StorageType": "gp3",
            "DbInstancePort": 0,
            "StorageEncrypted": encrypted,
            "DbiResourceId": format!("db-{}", self.rng.iam_id("").to_uppercase()),
            "CACertificateIdentifier": "rds-ca-rsa2048-g1",
            "DomainMemberships": [],
            "CopyTagsToSnapshot": true,
            "MonitoringInterval": 0,
            "DBInstanceArn": arn,
            "IAMDatabaseAuthenticationEnabled": false,
            "PerformanceInsightsEnabled": false,
            "DeletionProtection": true,
            "AssociatedRoles": [],
            "TagList": tags(&pairs(tag_pairs)),
            "CustomerOwnedIpEnabled": false,
            "BackupTarget": "region",
            "NetworkType": "IPV4"
        });
        if encrypted {
            db["KmsKeyId"] = json!(self.data_key(region));
        }
        self.out
            .item(region, "rds-describe-db-instances", "DBInstances", &db)?;
        self.out.count(ResourceKind::DbInstance);
        Ok(arn)
    }

    /// Creates a DynamoDB table. Returns its ARN.
    pub fn table(
        &mut self,
        region: &str,
        name: &str,
        tag_pairs: &[(String, String)],
    ) -> Result<String, DemoError> {
        let account = self.acct.id.clone();
        let arn = format!("arn:aws:dynamodb:{region}:{account}:table/{name}");
        self.out
            .item(region, "dynamodb-list-tables", "TableNames", &name)?;
        let items = self.rng.range(1_000, 5_000_000);
        self.out.param(region, "dynamodb-describe-table", name, &json!({"Table": {
            "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "sk", "AttributeType": "S"}],
            "TableName": name,
            "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
            "TableStatus": "ACTIVE",
            "CreationDateTime": time::iso(400 * DAY),
            "ProvisionedThroughput": {"NumberOfDecreasesToday": 0, "ReadCapacityUnits": 0, "WriteCapacityUnits": 0},
            "TableSizeBytes": items * 310,
            "ItemCount": items,
            "TableArn": arn,
            "TableId": self.rng.uuid(),
            "BillingModeSummary": {"BillingMode": "PAY_PER_REQUEST", "LastUpdateToPayPerRequestDateTime": time::iso(400 * DAY)},
            "SSEDescription": {"Status": "ENABLED", "SSEType": "KMS", "KMSMasterKeyArn": self.data_key(region)},
            "DeletionProtectionEnabled": true,
            "TableClassSummary": {"TableClass": "STANDARD"}
        }}))?;
        self.out.param(region, "dynamodb-describe-continuous-backups", name, &json!({"ContinuousBackupsDescription": {
            "ContinuousBackupsStatus": "ENABLED",
            "PointInTimeRecoveryDescription": {"PointInTimeRecoveryStatus": "ENABLED",
                "EarliestRestorableDateTime": time::iso(35 * DAY), "LatestRestorableDateTime": time::iso(300)}}}))?;
        self.out.param(
            region,
            "dynamodb-list-tags-of-resource",
            &arn,
            &json!({"Tags": tags(&pairs(tag_pairs))}),
        )?;
        self.out.count(ResourceKind::DynamoDbTable);
        Ok(arn)
    }

    /// Creates an SQS queue. `encrypted = false` leaves it without SSE.
    pub fn queue(
        &mut self,
        region: &str,
        name: &str,
        policy_doc: Option<Value>,
        dead_letter: Option<&str>,
        encrypted: bool,
        tag_pairs: &[(String, String)],
    ) -> Result<QueueRef, DemoError> {
        let account = self.acct.id.clone();
        let url = format!("https://sqs.{region}.amazonaws.com/{account}/{name}");
        let arn = format!("arn:aws:sqs:{region}:{account}:{name}");
        self.out
            .item(region, "sqs-list-queues", "QueueUrls", &url)?;
        let mut attrs = json!({
            "QueueArn": arn,
            "ApproximateNumberOfMessages": self.rng.below(50).to_string(),
            "ApproximateNumberOfMessagesNotVisible": "0",
            "ApproximateNumberOfMessagesDelayed": "0",
            "CreatedTimestamp": time::unix(300 * DAY),
            "LastModifiedTimestamp": time::unix(30 * DAY),
            "VisibilityTimeout": "60",
            "MaximumMessageSize": "262144",
            "MessageRetentionPeriod": "345600",
            "DelaySeconds": "0",
            "ReceiveMessageWaitTimeSeconds": "20",
            "SqsManagedSseEnabled": "false"
        });
        if encrypted {
            attrs["KmsMasterKeyId"] = json!(self.data_key(region));
            attrs["KmsDataKeyReusePeriodSeconds"] = json!("300");
        }
        if let Some(p) = &policy_doc {
            attrs["Policy"] = json!(policy::text(p));
        }
        if let Some(dlq) = dead_letter {
            attrs["RedrivePolicy"] = json!(format!(
                "{{\"deadLetterTargetArn\":\"{dlq}\",\"maxReceiveCount\":5}}"
            ));
        }
        self.out.param(
            region,
            "sqs-get-queue-attributes",
            &url,
            &json!({"Attributes": attrs}),
        )?;
        let tag_map: serde_json::Map<String, Value> = tag_pairs
            .iter()
            .map(|(k, v)| (k.clone(), json!(v)))
            .collect();
        self.out.param(
            region,
            "sqs-list-queue-tags",
            &url,
            &json!({"Tags": tag_map}),
        )?;
        self.out.count(ResourceKind::Queue);
        if encrypted {
            self.clean(ResourceKind::Queue, &arn);
        }
        Ok(QueueRef { url, arn })
    }

    /// Creates an SNS topic with subscriptions `(protocol, endpoint)`.
    pub fn topic(
        &mut self,
        region: &str,
        name: &str,
        encrypted: bool,
        subscriptions: &[(&str, String)],
        tag_pairs: &[(String, String)],
    ) -> Result<String, DemoError> {
        let account = self.acct.id.clone();
        let arn = format!("arn:aws:sns:{region}:{account}:{name}");
        self.out.item(
            region,
            "sns-list-topics",
            "Topics",
            &json!({"TopicArn": arn}),
        )?;
        let pol = policy::document(vec![json!({
            "Sid": "__default_statement_ID", "Effect": "Allow", "Principal": {"AWS": "*"},
            "Action": ["SNS:GetTopicAttributes", "SNS:SetTopicAttributes", "SNS:AddPermission",
                       "SNS:RemovePermission", "SNS:DeleteTopic", "SNS:Subscribe",
                       "SNS:ListSubscriptionsByTopic", "SNS:Publish"],
            "Resource": arn,
            "Condition": {"StringEquals": {"AWS:SourceOwner": account}}
        })]);
        let mut attrs = json!({
            "Policy": policy::text(&pol),
            "Owner": account,
            "SubscriptionsPending": "0",
            "TopicArn": arn,
            "SubscriptionsConfirmed": subscriptions.len().to_string(),
            "DisplayName": "",
            "SubscriptionsDeleted": "0"
        });
        if encrypted {
            attrs["KmsMasterKeyId"] = json!(self.data_key(region));
        }
        self.out.param(
            region,
            "sns-get-topic-attributes",
            &arn,
            &json!({"Attributes": attrs}),
        )?;
        for (protocol, endpoint) in subscriptions {
            let sub = format!("{arn}:{}", self.rng.uuid());
            self.out.item(
                region,
                "sns-list-subscriptions",
                "Subscriptions",
                &json!({
                "SubscriptionArn": sub, "Owner": account, "Protocol": protocol,
                "Endpoint": endpoint, "TopicArn": arn}),
            )?;
        }
        self.out.param(
            region,
            "sns-list-tags-for-resource",
            &arn,
            &json!({"Tags": tags(&pairs(tag_pairs))}),
        )?;
        self.out.count(ResourceKind::Topic);
        if encrypted {
            self.clean(ResourceKind::Topic, &arn);
        }
        Ok(arn)
    }
}
