//! Data stores: RDS, DynamoDB, SQS, SNS.

use crate::items::Items;
use std::collections::{BTreeMap, HashMap};

use nephos_model::props::*;
use nephos_model::{Properties, RelationshipKind as K, ResourceId, ResourceKind};
use serde::Deserialize;
use serde_json::Result;
use serde_json::value::RawValue;

use crate::out::{Ctx, Out};
use crate::services::lambda::function_arn;
use crate::text::{Tag, Text, opt, opt_time, policy_from_text, policy_text, port, tag_map, tags};

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct SubnetRef<'a> {
    #[serde(default, borrow)]
    subnet_identifier: Option<Text<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct SubnetGroup<'a> {
    #[serde(default, borrow)]
    vpc_id: Option<Text<'a>>,
    #[serde(default, borrow)]
    subnets: Vec<SubnetRef<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct VpcSg<'a> {
    #[serde(default, borrow)]
    vpc_security_group_id: Option<Text<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Endpoint<'a> {
    #[serde(default, borrow)]
    address: Option<Text<'a>>,
    #[serde(default)]
    port: Option<i64>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct DbInstance<'a> {
    #[serde(borrow, rename = "DBInstanceIdentifier")]
    identifier: Text<'a>,
    #[serde(default, borrow, rename = "DBInstanceArn")]
    arn: Option<Text<'a>>,
    #[serde(default, borrow)]
    engine: Text<'a>,
    #[serde(default, borrow)]
    engine_version: Text<'a>,
    #[serde(default, borrow, rename = "DBInstanceClass")]
    instance_class: Text<'a>,
    #[serde(default)]
    publicly_accessible: bool,
    #[serde(default)]
    storage_encrypted: bool,
    #[serde(default, borrow)]
    kms_key_id: Option<Text<'a>>,
    #[serde(default, borrow, rename = "DBSubnetGroup")]
    subnet_group: Option<SubnetGroup<'a>>,
    #[serde(default, borrow)]
    vpc_security_groups: Vec<VpcSg<'a>>,
    #[serde(default, borrow)]
    endpoint: Option<Endpoint<'a>>,
    #[serde(default, rename = "MultiAZ")]
    multi_az: bool,
    #[serde(default)]
    backup_retention_period: i64,
    #[serde(default)]
    auto_minor_version_upgrade: bool,
    #[serde(default)]
    deletion_protection: bool,
    #[serde(default, rename = "IAMDatabaseAuthenticationEnabled")]
    iam_database_authentication_enabled: bool,
    #[serde(default, borrow, rename = "DBInstanceStatus")]
    status: Text<'a>,
    #[serde(default, borrow)]
    availability_zone: Option<Text<'a>>,
    #[serde(default, borrow)]
    instance_create_time: Option<Text<'a>>,
    #[serde(default, borrow)]
    tag_list: Vec<Tag<'a>>,
}

#[derive(Deserialize)]
struct DbInstances<'a> {
    #[serde(default, borrow, rename = "DBInstances")]
    db_instances: Items<DbInstance<'a>>,
}

/// `rds-describe-db-instances.json`.
pub fn db_instances(ctx: &Ctx<'_>, bytes: &[u8], out: &mut Out) -> Result<()> {
    let doc: DbInstances<'_> = serde_json::from_slice(bytes)?;
    for d in doc.db_instances {
        let id = match opt(&d.arn) {
            Some(a) => ResourceId::new(a),
            None => ResourceId::arn(
                "rds",
                ctx.region,
                ctx.account,
                &format!("db:{}", d.identifier),
            ),
        };
        let subnet_ids: Vec<String> = d
            .subnet_group
            .iter()
            .flat_map(|g| &g.subnets)
            .filter_map(|s| opt(&s.subnet_identifier))
            .collect();
        let sgs: Vec<String> = d
            .vpc_security_groups
            .iter()
            .filter_map(|g| opt(&g.vpc_security_group_id))
            .collect();
        for s in &subnet_ids {
            out.rel(
                ctx.ec2("subnet", s),
                K::Contains,
                id.clone(),
                "rds:DescribeDBInstances DBInstances[].DBSubnetGroup.Subnets[].SubnetIdentifier",
            );
        }
        if subnet_ids.is_empty() {
            out.rel(
                ctx.region_id(),
                K::Contains,
                id.clone(),
                "rds:DescribeDBInstances DBInstances[].DBInstanceArn",
            );
        }
        for g in &sgs {
            out.rel(
                id.clone(),
                K::AttachedTo,
                ctx.ec2("security-group", g),
                "rds:DescribeDBInstances DBInstances[].VpcSecurityGroups[].VpcSecurityGroupId",
            );
        }
        let kms = opt(&d.kms_key_id);
        if let (true, Some(k)) = (d.storage_encrypted, &kms) {
            out.rel(
                id.clone(),
                K::EncryptedBy,
                ctx.kms(k),
                "rds:DescribeDBInstances DBInstances[].KmsKeyId",
            );
        }
        let mut r = ctx.resource(id, ResourceKind::DbInstance, d.identifier.to_owned_string());
        r.tags = tags(&d.tag_list);
        r.created = opt_time(&d.instance_create_time);
        r.props = Properties::DbInstance(Box::new(DbInstanceProps {
            identifier: d.identifier.to_owned_string(),
            engine: d.engine.to_owned_string(),
            engine_version: d.engine_version.to_owned_string(),
            instance_class: d.instance_class.to_owned_string(),
            publicly_accessible: d.publicly_accessible,
            storage_encrypted: d.storage_encrypted,
            kms_key_id: kms,
            vpc_id: d.subnet_group.as_ref().and_then(|g| opt(&g.vpc_id)),
            subnet_ids,
            security_group_ids: sgs,
            endpoint_address: d.endpoint.as_ref().and_then(|e| opt(&e.address)),
            port: d.endpoint.as_ref().and_then(|e| port(e.port)),
            multi_az: d.multi_az,
            backup_retention_period: d.backup_retention_period,
            auto_minor_version_upgrade: d.auto_minor_version_upgrade,
            deletion_protection: d.deletion_protection,
            iam_database_authentication: d.iam_database_authentication_enabled,
            status: d.status.to_owned_string(),
            availability_zone: opt(&d.availability_zone),
        }));
        out.resources.push(r);
    }
    Ok(())
}

/// Lists whose resources come from another call (`dynamodb-list-tables.json`): read for coverage
/// and shape only.
pub fn list_only(_ctx: &Ctx<'_>, bytes: &[u8], _out: &mut Out) -> Result<()> {
    let _: serde::de::IgnoredAny = serde_json::from_slice(bytes)?;
    Ok(())
}

fn table_id(ctx: &Ctx<'_>, name_or_arn: &str) -> ResourceId {
    if name_or_arn.starts_with("arn:") {
        ResourceId::new(name_or_arn)
    } else {
        ResourceId::arn(
            "dynamodb",
            ctx.region,
            ctx.account,
            &format!("table/{name_or_arn}"),
        )
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Sse<'a> {
    #[serde(default, borrow)]
    status: Option<Text<'a>>,
    #[serde(default, borrow, rename = "SSEType")]
    sse_type: Option<Text<'a>>,
    #[serde(default, borrow, rename = "KMSMasterKeyArn")]
    kms_master_key_arn: Option<Text<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Table<'a> {
    #[serde(borrow)]
    table_name: Text<'a>,
    #[serde(default, borrow)]
    table_arn: Option<Text<'a>>,
    #[serde(default, borrow)]
    table_status: Text<'a>,
    #[serde(default, borrow, rename = "SSEDescription")]
    sse_description: Option<Sse<'a>>,
    #[serde(default, borrow)]
    latest_stream_arn: Option<Text<'a>>,
    #[serde(default)]
    item_count: i64,
    #[serde(default)]
    table_size_bytes: i64,
    #[serde(default)]
    deletion_protection_enabled: bool,
    #[serde(default, borrow)]
    creation_date_time: Option<Text<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct DescribeTable<'a> {
    #[serde(borrow)]
    table: Table<'a>,
}

/// `dynamodb-describe-table/<table-name>`.
pub fn table(ctx: &Ctx<'_>, bytes: &[u8], out: &mut Out) -> Result<()> {
    let doc: DescribeTable<'_> = serde_json::from_slice(bytes)?;
    let t = doc.table;
    let id = match opt(&t.table_arn) {
        Some(a) => ResourceId::new(a),
        None => table_id(ctx, t.table_name.as_str()),
    };
    let sse = t.sse_description.as_ref().filter(|s| {
        s.status
            .as_ref()
            .is_none_or(|st| matches!(st.as_str(), "ENABLED" | "UPDATING" | "ENABLING"))
    });
    let kms = sse.and_then(|s| opt(&s.kms_master_key_arn));
    if let Some(k) = &kms {
        out.rel(
            id.clone(),
            K::EncryptedBy,
            ctx.kms(k),
            "dynamodb:DescribeTable Table.SSEDescription.KMSMasterKeyArn",
        );
    }
    out.rel(
        ctx.region_id(),
        K::Contains,
        id.clone(),
        "dynamodb:DescribeTable Table.TableArn",
    );
    let mut r = ctx.resource(
        id,
        ResourceKind::DynamoDbTable,
        t.table_name.to_owned_string(),
    );
    r.created = opt_time(&t.creation_date_time);
    r.props = Properties::DynamoDbTable(DynamoDbTableProps {
        status: t.table_status.to_owned_string(),
        sse_type: sse.and_then(|s| opt(&s.sse_type)),
        kms_key_arn: kms,
        stream_arn: opt(&t.latest_stream_arn),
        item_count: t.item_count,
        size_bytes: t.table_size_bytes,
        point_in_time_recovery: None,
        deletion_protection: t.deletion_protection_enabled,
        policy: None,
    });
    out.resources.push(r);
    Ok(())
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Pitr<'a> {
    #[serde(default, borrow)]
    point_in_time_recovery_status: Option<Text<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct BackupsDescription<'a> {
    #[serde(default, borrow)]
    point_in_time_recovery_description: Option<Pitr<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct ContinuousBackups<'a> {
    #[serde(default, borrow)]
    continuous_backups_description: Option<BackupsDescription<'a>>,
}

/// `dynamodb-describe-continuous-backups/<table-name>`.
pub fn continuous_backups(ctx: &Ctx<'_>, bytes: &[u8], out: &mut Out) -> Result<()> {
    let doc: ContinuousBackups<'_> = serde_json::from_slice(bytes)?;
    let enabled = doc
        .continuous_backups_description
        .as_ref()
        .and_then(|d| d.point_in_time_recovery_description.as_ref())
        .and_then(|p| p.point_in_time_recovery_status.as_ref())
        .is_some_and(|s| s.as_str() == "ENABLED");
    out.patch(table_id(ctx, ctx.param()), move |r| {
        if let Properties::DynamoDbTable(p) = &mut r.props {
            p.point_in_time_recovery = Some(enabled);
        }
    });
    Ok(())
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct TagList<'a> {
    #[serde(default, borrow)]
    tags: Vec<Tag<'a>>,
}

/// `dynamodb-list-tags-of-resource/<table-arn>`.
pub fn table_tags(ctx: &Ctx<'_>, bytes: &[u8], out: &mut Out) -> Result<()> {
    let doc: TagList<'_> = serde_json::from_slice(bytes)?;
    let t = tags(&doc.tags);
    out.patch(table_id(ctx, ctx.param()), move |r| r.tags.extend(t));
    Ok(())
}

/// The queue ARN for a queue URL (`https://sqs.<region>.amazonaws.com/<account>/<name>`).
pub fn queue_arn(ctx: &Ctx<'_>, url: &str) -> ResourceId {
    let mut parts = url.trim_end_matches('/').rsplit('/');
    let name = parts.next().unwrap_or(url);
    let account = parts
        .next()
        .filter(|a| a.len() == 12 && a.bytes().all(|b| b.is_ascii_digit()))
        .unwrap_or(ctx.account);
    ResourceId::arn("sqs", ctx.region, account, name)
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct QueueUrls<'a> {
    #[serde(default, borrow)]
    queue_urls: Vec<Text<'a>>,
}

/// `sqs-list-queues.json`.
pub fn queues(ctx: &Ctx<'_>, bytes: &[u8], out: &mut Out) -> Result<()> {
    let doc: QueueUrls<'_> = serde_json::from_slice(bytes)?;
    for u in doc.queue_urls {
        let id = queue_arn(ctx, u.as_str());
        let name = id.short().to_owned();
        out.rel(
            ctx.region_id(),
            K::Contains,
            id.clone(),
            "sqs:ListQueues QueueUrls[]",
        );
        let mut r = ctx.resource(id, ResourceKind::Queue, name);
        r.props = Properties::Queue(QueueProps {
            url: u.to_owned_string(),
            ..QueueProps::default()
        });
        out.resources.push(r);
    }
    Ok(())
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Attributes<'a> {
    #[serde(default, borrow)]
    attributes: HashMap<Text<'a>, Text<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Redrive<'a> {
    #[serde(default, borrow)]
    dead_letter_target_arn: Option<Text<'a>>,
}

/// `sqs-get-queue-attributes/<queue-url>`.
pub fn queue_attributes(ctx: &Ctx<'_>, bytes: &[u8], out: &mut Out) -> Result<()> {
    let doc: Attributes<'_> = serde_json::from_slice(bytes)?;
    let get = |k: &'static str| {
        doc.attributes
            .get(&Text(k.into()))
            .map(Text::as_str)
            .filter(|v| !v.is_empty())
    };
    let id = match get("QueueArn") {
        Some(a) => ResourceId::new(a),
        None => queue_arn(ctx, ctx.param()),
    };
    let policy = get("Policy").and_then(policy_from_text);
    let kms = get("KmsMasterKeyId").map(str::to_owned);
    let sqs_managed_sse =
        get("SqsManagedSseEnabled").is_some_and(|v| v.eq_ignore_ascii_case("true"));
    let dlq = get("RedrivePolicy")
        .and_then(|p| serde_json::from_str::<Redrive<'_>>(p).ok())
        .and_then(|r| opt(&r.dead_letter_target_arn));
    if let Some(k) = &kms {
        out.rel(
            id.clone(),
            K::EncryptedBy,
            ctx.kms(k),
            "sqs:GetQueueAttributes Attributes.KmsMasterKeyId",
        );
    }
    let url = ctx.param().to_owned();
    out.patch(id, move |r| {
        if let Properties::Queue(p) = &mut r.props {
            if p.url.is_empty() {
                p.url = url;
            }
            p.policy = policy;
            p.kms_master_key_id = kms;
            p.sqs_managed_sse = sqs_managed_sse;
            p.dead_letter_target_arn = dlq;
            p.attributes_collected = true;
        }
    });
    Ok(())
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct MapTags<'a> {
    #[serde(default, borrow)]
    tags: BTreeMap<Text<'a>, Text<'a>>,
}

/// `sqs-list-queue-tags/<queue-url>`.
pub fn queue_tags(ctx: &Ctx<'_>, bytes: &[u8], out: &mut Out) -> Result<()> {
    let doc: MapTags<'_> = serde_json::from_slice(bytes)?;
    let t = tag_map(&doc.tags);
    out.patch(queue_arn(ctx, ctx.param()), move |r| r.tags.extend(t));
    Ok(())
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct TopicRef<'a> {
    #[serde(borrow)]
    topic_arn: Text<'a>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Topics<'a> {
    #[serde(default, borrow)]
    topics: Items<TopicRef<'a>>,
}

/// `sns-list-topics.json`.
pub fn topics(ctx: &Ctx<'_>, bytes: &[u8], out: &mut Out) -> Result<()> {
    let doc: Topics<'_> = serde_json::from_slice(bytes)?;
    for t in doc.topics {
        let id = ResourceId::new(t.topic_arn.as_str());
        let name = id.short().to_owned();
        out.rel(
            ctx.region_id(),
            K::Contains,
            id.clone(),
            "sns:ListTopics Topics[].TopicArn",
        );
        let mut r = ctx.resource(id, ResourceKind::Topic, name);
        r.props = Properties::Topic(TopicProps::default());
        out.resources.push(r);
    }
    Ok(())
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct TopicAttributes<'a> {
    #[serde(default, borrow)]
    attributes: HashMap<Text<'a>, &'a RawValue>,
}

/// `sns-get-topic-attributes/<topic-arn>`.
pub fn topic_attributes(ctx: &Ctx<'_>, bytes: &[u8], out: &mut Out) -> Result<()> {
    let doc: TopicAttributes<'_> = serde_json::from_slice(bytes)?;
    let raw = |k: &'static str| doc.attributes.get(&Text(k.into())).copied();
    let policy = raw("Policy").and_then(policy_text);
    let kms = raw("KmsMasterKeyId")
        .and_then(|v| serde_json::from_str::<String>(v.get()).ok())
        .filter(|k| !k.is_empty());
    let id = ResourceId::new(ctx.param());
    if let Some(k) = &kms {
        out.rel(
            id.clone(),
            K::EncryptedBy,
            ctx.kms(k),
            "sns:GetTopicAttributes Attributes.KmsMasterKeyId",
        );
    }
    out.patch(id, move |r| {
        if let Properties::Topic(p) = &mut r.props {
            p.policy = policy;
            p.kms_master_key_id = kms;
            p.attributes_collected = true;
        }
    });
    Ok(())
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Subscription<'a> {
    #[serde(borrow)]
    topic_arn: Text<'a>,
    #[serde(default, borrow)]
    protocol: Text<'a>,
    #[serde(default, borrow)]
    endpoint: Text<'a>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Subscriptions<'a> {
    #[serde(default, borrow)]
    subscriptions: Items<Subscription<'a>>,
}

/// `sns-list-subscriptions.json`: subscriptions join their topics; Lambda and SQS endpoints are
/// triggered by the topic.
pub fn subscriptions(_ctx: &Ctx<'_>, bytes: &[u8], out: &mut Out) -> Result<()> {
    let doc: Subscriptions<'_> = serde_json::from_slice(bytes)?;
    let mut by_topic: BTreeMap<String, Vec<TopicSubscription>> = BTreeMap::new();
    for s in doc.subscriptions {
        let topic = ResourceId::new(s.topic_arn.as_str());
        match s.protocol.as_str() {
            "lambda" => out.rel(
                topic,
                K::Triggers,
                ResourceId::new(function_arn(s.endpoint.as_str())),
                "sns:ListSubscriptions Subscriptions[].Endpoint",
            ),
            "sqs" | "firehose" => out.rel(
                topic,
                K::Triggers,
                ResourceId::new(s.endpoint.as_str()),
                "sns:ListSubscriptions Subscriptions[].Endpoint",
            ),
            _ => {}
        }
        by_topic
            .entry(s.topic_arn.to_owned_string())
            .or_default()
            .push(TopicSubscription {
                protocol: s.protocol.to_owned_string(),
                endpoint: s.endpoint.to_owned_string(),
            });
    }
    for (topic, subs) in by_topic {
        out.patch(ResourceId::new(topic), move |r| {
            if let Properties::Topic(p) = &mut r.props {
                p.subscriptions.extend(subs);
            }
        });
    }
    Ok(())
}

/// `sns-list-tags-for-resource/<topic-arn>`.
pub fn topic_tags(ctx: &Ctx<'_>, bytes: &[u8], out: &mut Out) -> Result<()> {
    let doc: TagList<'_> = serde_json::from_slice(bytes)?;
    let t = tags(&doc.tags);
    out.patch(ResourceId::new(ctx.param()), move |r| r.tags.extend(t));
    Ok(())
}
