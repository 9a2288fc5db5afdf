//! S3: buckets (global list) and their per-bucket configuration; the account's Block Public Access.
//!
//! Each per-bucket call fills one `Option` of [`BucketProps`]: a missing file leaves it `None` (not
//! collected); `{}` (AWS said "no such configuration") sets the collected, not-configured value.

use crate::items::Items;
use nephos_model::props::*;
use nephos_model::{Properties, RelationshipKind as K, ResourceId, ResourceKind};
use serde::Deserialize;
use serde_json::Result;
use serde_json::value::RawValue;

use crate::out::{Ctx, Out};
use crate::services::lambda::function_arn;
use crate::text::{Tag, Text, opt, opt_time, policy_text, tags};

/// A bucket's ARN.
pub fn bucket_id(name: &str) -> ResourceId {
    ResourceId::new(format!("arn:aws:s3:::{name}"))
}

fn bucket_patch(ctx: &Ctx<'_>, out: &mut Out, f: impl FnOnce(&mut BucketProps) + Send + 'static) {
    out.patch(bucket_id(ctx.param()), move |r| {
        if let Properties::Bucket(b) = &mut r.props {
            f(b);
        }
    });
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Owner<'a> {
    #[serde(default, borrow, rename = "ID")]
    id: Option<Text<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Bucket<'a> {
    #[serde(borrow)]
    name: Text<'a>,
    #[serde(default, borrow)]
    creation_date: Option<Text<'a>>,
    #[serde(default, borrow)]
    bucket_region: Option<Text<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Buckets<'a> {
    #[serde(default, borrow)]
    buckets: Items<Bucket<'a>>,
    #[serde(default, borrow)]
    owner: Option<Owner<'a>>,
}

/// `s3-list-buckets.json`: buckets are contained by the account; their region comes from
/// `s3-get-bucket-location` (or `BucketRegion` where the API returns it).
pub fn buckets(ctx: &Ctx<'_>, bytes: &[u8], out: &mut Out) -> Result<()> {
    let doc: Buckets<'_> = serde_json::from_slice(bytes)?;
    let owner = doc.owner.as_ref().and_then(|o| opt(&o.id));
    for b in doc.buckets {
        let id = bucket_id(b.name.as_str());
        out.rel(
            ctx.account_id(),
            K::Contains,
            id.clone(),
            "s3:ListBuckets Buckets[].Name",
        );
        let mut r = ctx.global(id, ResourceKind::Bucket, b.name.to_owned_string());
        r.region = opt(&b.bucket_region);
        r.created = opt_time(&b.creation_date);
        r.props = Properties::Bucket(Box::new(BucketProps {
            owner_id: owner.clone(),
            ..BucketProps::default()
        }));
        out.resources.push(r);
    }
    Ok(())
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Location<'a> {
    #[serde(default, borrow)]
    location_constraint: Option<Text<'a>>,
}

/// `s3-get-bucket-location/<bucket>`: `null` or empty is `us-east-1`, `EU` is `eu-west-1`.
pub fn location(ctx: &Ctx<'_>, bytes: &[u8], out: &mut Out) -> Result<()> {
    let doc: Location<'_> = serde_json::from_slice(bytes)?;
    let region = match opt(&doc.location_constraint).as_deref() {
        None => "us-east-1".to_owned(),
        Some("EU") => "eu-west-1".to_owned(),
        Some(r) => r.to_owned(),
    };
    out.patch(bucket_id(ctx.param()), move |r| r.region = Some(region));
    Ok(())
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct BucketPolicy<'a> {
    #[serde(default, borrow)]
    policy: Option<&'a RawValue>,
}

/// `s3-get-bucket-policy/<bucket>`.
pub fn policy(ctx: &Ctx<'_>, bytes: &[u8], out: &mut Out) -> Result<()> {
    let doc: BucketPolicy<'_> = serde_json::from_slice(bytes)?;
    let policy = doc.policy.and_then(policy_text);
    bucket_patch(ctx, out, move |b| b.policy = Some(policy));
    Ok(())
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Grantee<'a> {
    #[serde(default, borrow, rename = "Type")]
    grantee_type: Text<'a>,
    #[serde(default, borrow, rename = "ID")]
    id: Option<Text<'a>>,
    #[serde(default, borrow, rename = "URI")]
    uri: Option<Text<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Grant<'a> {
    #[serde(borrow)]
    grantee: Grantee<'a>,
    #[serde(default, borrow)]
    permission: Text<'a>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Acl<'a> {
    #[serde(default, borrow)]
    owner: Option<Owner<'a>>,
    #[serde(default, borrow)]
    grants: Vec<Grant<'a>>,
}

/// `s3-get-bucket-acl/<bucket>`.
pub fn acl(ctx: &Ctx<'_>, bytes: &[u8], out: &mut Out) -> Result<()> {
    let doc: Acl<'_> = serde_json::from_slice(bytes)?;
    let owner = doc.owner.as_ref().and_then(|o| opt(&o.id));
    let grants: Vec<AclGrant> = doc
        .grants
        .iter()
        .map(|g| AclGrant {
            grantee_type: g.grantee.grantee_type.to_owned_string(),
            grantee_id: opt(&g.grantee.id),
            grantee_uri: opt(&g.grantee.uri),
            permission: g.permission.to_owned_string(),
        })
        .collect();
    bucket_patch(ctx, out, move |b| {
        b.acl_grants = Some(grants);
        if owner.is_some() {
            b.owner_id = owner;
        }
    });
    Ok(())
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct BpaShape {
    #[serde(default)]
    block_public_acls: bool,
    #[serde(default)]
    ignore_public_acls: bool,
    #[serde(default)]
    block_public_policy: bool,
    #[serde(default)]
    restrict_public_buckets: bool,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Bpa {
    #[serde(default)]
    public_access_block_configuration: Option<BpaShape>,
}

/// Reads a `PublicAccessBlockConfiguration` response: `{}` is `None` (not configured).
pub fn read_bpa(bytes: &[u8]) -> Result<Option<PublicAccessBlock>> {
    let doc: Bpa = serde_json::from_slice(bytes)?;
    Ok(doc
        .public_access_block_configuration
        .map(|c| PublicAccessBlock {
            block_public_acls: c.block_public_acls,
            ignore_public_acls: c.ignore_public_acls,
            block_public_policy: c.block_public_policy,
            restrict_public_buckets: c.restrict_public_buckets,
        }))
}

/// `s3-get-public-access-block/<bucket>`.
pub fn public_access_block(ctx: &Ctx<'_>, bytes: &[u8], out: &mut Out) -> Result<()> {
    let bpa = read_bpa(bytes)?;
    bucket_patch(ctx, out, move |b| b.public_access_block = Some(bpa));
    Ok(())
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct SseDefault<'a> {
    #[serde(default, borrow, rename = "SSEAlgorithm")]
    sse_algorithm: Text<'a>,
    #[serde(default, borrow, rename = "KMSMasterKeyID")]
    kms_master_key_id: Option<Text<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct SseRule<'a> {
    #[serde(default, borrow)]
    apply_server_side_encryption_by_default: Option<SseDefault<'a>>,
    #[serde(default)]
    bucket_key_enabled: bool,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct SseConfiguration<'a> {
    #[serde(default, borrow)]
    rules: Vec<SseRule<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Encryption<'a> {
    #[serde(default, borrow)]
    server_side_encryption_configuration: Option<SseConfiguration<'a>>,
}

/// `s3-get-bucket-encryption/<bucket>`.
pub fn encryption(ctx: &Ctx<'_>, bytes: &[u8], out: &mut Out) -> Result<()> {
    let doc: Encryption<'_> = serde_json::from_slice(bytes)?;
    let mut rules = Vec::new();
    for r in doc
        .server_side_encryption_configuration
        .iter()
        .flat_map(|c| &c.rules)
    {
        let Some(d) = &r.apply_server_side_encryption_by_default else {
            continue;
        };
        let key = opt(&d.kms_master_key_id);
        if let Some(k) = &key {
            out.rel(bucket_id(ctx.param()), K::EncryptedBy, ctx.kms(k), "s3:GetBucketEncryption ServerSideEncryptionConfiguration.Rules[].ApplyServerSideEncryptionByDefault.KMSMasterKeyID");
        }
        rules.push(BucketEncryptionRule {
            sse_algorithm: d.sse_algorithm.to_owned_string(),
            kms_master_key_id: key,
            bucket_key_enabled: r.bucket_key_enabled,
        });
    }
    bucket_patch(ctx, out, move |b| b.encryption = Some(rules));
    Ok(())
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct NotificationShape<'a> {
    #[serde(default, borrow)]
    lambda_function_arn: Option<Text<'a>>,
    #[serde(default, borrow)]
    queue_arn: Option<Text<'a>>,
    #[serde(default, borrow)]
    topic_arn: Option<Text<'a>>,
    #[serde(default, borrow)]
    events: Vec<Text<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Notifications<'a> {
    #[serde(default, borrow)]
    lambda_function_configurations: Vec<NotificationShape<'a>>,
    #[serde(default, borrow)]
    queue_configurations: Vec<NotificationShape<'a>>,
    #[serde(default, borrow)]
    topic_configurations: Vec<NotificationShape<'a>>,
}

/// `s3-get-bucket-notification-configuration/<bucket>`.
pub fn notifications(ctx: &Ctx<'_>, bytes: &[u8], out: &mut Out) -> Result<()> {
    let doc: Notifications<'_> = serde_json::from_slice(bytes)?;
    let bucket = bucket_id(ctx.param());
    let mut list = Vec::new();
    let groups = [
        (
            "lambda",
            &doc.lambda_function_configurations,
            "s3:GetBucketNotificationConfiguration LambdaFunctionConfigurations[].LambdaFunctionArn",
        ),
        (
            "queue",
            &doc.queue_configurations,
            "s3:GetBucketNotificationConfiguration QueueConfigurations[].QueueArn",
        ),
        (
            "topic",
            &doc.topic_configurations,
            "s3:GetBucketNotificationConfiguration TopicConfigurations[].TopicArn",
        ),
    ];
    for (kind, items, evidence) in groups {
        for n in items {
            let arn = match kind {
                "lambda" => opt(&n.lambda_function_arn).map(|a| function_arn(&a)),
                "queue" => opt(&n.queue_arn),
                _ => opt(&n.topic_arn),
            };
            let Some(arn) = arn else { continue };
            out.rel(
                bucket.clone(),
                K::Triggers,
                ResourceId::new(arn.as_str()),
                evidence,
            );
            list.push(BucketNotification {
                destination_type: kind.to_owned(),
                destination_arn: arn,
                events: n.events.iter().map(Text::to_owned_string).collect(),
            });
        }
    }
    bucket_patch(ctx, out, move |b| b.notifications = Some(list));
    Ok(())
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Versioning<'a> {
    #[serde(default, borrow)]
    status: Option<Text<'a>>,
    #[serde(default, borrow, rename = "MFADelete")]
    mfa_delete: Option<Text<'a>>,
}

/// `s3-get-bucket-versioning/<bucket>`: `{}` means versioning was never enabled.
pub fn versioning(ctx: &Ctx<'_>, bytes: &[u8], out: &mut Out) -> Result<()> {
    let doc: Versioning<'_> = serde_json::from_slice(bytes)?;
    let status = opt(&doc.status);
    let mfa = doc
        .mfa_delete
        .as_ref()
        .is_some_and(|m| m.as_str() == "Enabled");
    bucket_patch(ctx, out, move |b| {
        b.versioning = status;
        b.mfa_delete = Some(mfa);
    });
    Ok(())
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct LoggingEnabled<'a> {
    #[serde(default, borrow)]
    target_bucket: Option<Text<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Logging<'a> {
    #[serde(default, borrow)]
    logging_enabled: Option<LoggingEnabled<'a>>,
}

/// `s3-get-bucket-logging/<bucket>`.
pub fn logging(ctx: &Ctx<'_>, bytes: &[u8], out: &mut Out) -> Result<()> {
    let doc: Logging<'_> = serde_json::from_slice(bytes)?;
    let target = doc
        .logging_enabled
        .as_ref()
        .and_then(|l| opt(&l.target_bucket));
    if let Some(t) = &target {
        out.rel(
            bucket_id(ctx.param()),
            K::LogsTo,
            bucket_id(t),
            "s3:GetBucketLogging LoggingEnabled.TargetBucket",
        );
    }
    bucket_patch(ctx, out, move |b| b.logging_target = target);
    Ok(())
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Tagging<'a> {
    #[serde(default, borrow)]
    tag_set: Vec<Tag<'a>>,
}

/// `s3-get-bucket-tagging/<bucket>`.
pub fn tagging(ctx: &Ctx<'_>, bytes: &[u8], out: &mut Out) -> Result<()> {
    let doc: Tagging<'_> = serde_json::from_slice(bytes)?;
    let t = tags(&doc.tag_set);
    out.patch(bucket_id(ctx.param()), move |r| r.tags.extend(t));
    Ok(())
}

/// `s3control-get-public-access-block.json`: the account's Block Public Access.
pub fn account_public_access_block(ctx: &Ctx<'_>, bytes: &[u8], out: &mut Out) -> Result<()> {
    let bpa = read_bpa(bytes)?;
    out.patch(ctx.account_id(), move |r| {
        if let Properties::Account(a) = &mut r.props {
            a.s3_public_access_block = Some(bpa);
        }
    });
    Ok(())
}
