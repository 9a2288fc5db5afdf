//! S3 (bucket list under us-east-1; each bucket's settings asked of the bucket's own region).

use aws_sdk_s3::Client;
use aws_sdk_s3::config::Region;
use aws_sdk_s3::types as t;
use serde_json::Value;

use crate::ctx::{Ctx, pages};
use crate::json::obj;

const SVC: &str = "s3";

fn client(cx: &Ctx, region: &str) -> Client {
    let conf = aws_sdk_s3::config::Builder::from(&cx.sdk)
        .region(Region::new(region.to_owned()))
        .force_path_style(cx.endpoint_override)
        .build();
    Client::from_conf(conf)
}

fn owner(o: &t::Owner) -> Value {
    obj()
        .s("DisplayName", o.display_name())
        .s("ID", o.id())
        .done()
}

/// Every S3 read: the bucket list, then every bucket's settings.
pub(crate) async fn collect(cx: &Ctx) {
    let c = client(cx, "us-east-1");
    let op = "list-buckets";
    let Some(p) = pages!(cx, SVC, op, None, c.list_buckets().into_paginator().send()) else {
        return;
    };
    let buckets: Vec<&t::Bucket> = p.iter().flat_map(|x| x.buckets()).collect();
    let mut v = obj().l("Buckets", &buckets, |b| {
        obj()
            .s("Name", b.name())
            .t("CreationDate", b.creation_date())
            .s("BucketRegion", b.bucket_region())
            .done()
    });
    if let Some(o) = p.first().and_then(|x| x.owner()) {
        v = v.v("Owner", owner(o));
    }
    cx.write(SVC, op, None, &v.done());
    let names: Vec<String> = buckets
        .iter()
        .filter_map(|b| b.name().map(str::to_owned))
        .collect();
    let mut set = tokio::task::JoinSet::new();
    for name in names {
        let (cx, c) = (cx.clone(), c.clone());
        set.spawn(async move { bucket(&cx, &c, &name).await });
    }
    while set.join_next().await.is_some() {}
}

async fn bucket(cx: &Ctx, global: &Client, b: &str) {
    let op = "get-bucket-location";
    let Some(loc) = cx
        .one(
            SVC,
            op,
            Some(b),
            &[],
            global.get_bucket_location().bucket(b).send(),
        )
        .await
    else {
        return;
    };
    let constraint = loc
        .location_constraint()
        .map(|l| l.as_str())
        .filter(|s| !s.is_empty());
    let v = match constraint {
        Some(s) => obj().s("LocationConstraint", Some(s)).done(),
        None => serde_json::json!({ "LocationConstraint": null }),
    };
    cx.write(SVC, op, Some(b), &v);
    let region = match constraint {
        None => "us-east-1",
        Some("EU") => "eu-west-1",
        Some(r) => r,
    };
    let c = client(cx, region);
    tokio::join!(
        policy(cx, &c, b),
        acl(cx, &c, b),
        public_access_block(cx, &c, b),
        encryption(cx, &c, b),
        notifications(cx, &c, b),
        versioning(cx, &c, b),
        logging(cx, &c, b),
        tagging(cx, &c, b),
    );
}

async fn policy(cx: &Ctx, c: &Client, b: &str) {
    let op = "get-bucket-policy";
    let nc = ["NoSuchBucketPolicy"];
    if let Some(out) = cx
        .one(
            SVC,
            op,
            Some(b),
            &nc,
            c.get_bucket_policy().bucket(b).send(),
        )
        .await
    {
        cx.write(SVC, op, Some(b), &obj().s("Policy", out.policy()).done());
    }
}

async fn acl(cx: &Ctx, c: &Client, b: &str) {
    let op = "get-bucket-acl";
    if let Some(out) = cx
        .one(SVC, op, Some(b), &[], c.get_bucket_acl().bucket(b).send())
        .await
    {
        let v = obj()
            .o("Owner", out.owner(), owner)
            .l("Grants", out.grants(), |g| {
                obj()
                    .o("Grantee", g.grantee(), |e| {
                        obj()
                            .s("DisplayName", e.display_name())
                            .s("EmailAddress", e.email_address())
                            .s("ID", e.id())
                            .s("URI", e.uri())
                            .e("Type", Some(e.r#type()))
                            .done()
                    })
                    .e("Permission", g.permission())
                    .done()
            })
            .done();
        cx.write(SVC, op, Some(b), &v);
    }
}

async fn public_access_block(cx: &Ctx, c: &Client, b: &str) {
    let op = "get-public-access-block";
    let nc = ["NoSuchPublicAccessBlockConfiguration"];
    if let Some(out) = cx
        .one(
            SVC,
            op,
            Some(b),
            &nc,
            c.get_public_access_block().bucket(b).send(),
        )
        .await
    {
        let v = obj()
            .o(
                "PublicAccessBlockConfiguration",
                out.public_access_block_configuration(),
                |p| {
                    obj()
                        .b("BlockPublicAcls", p.block_public_acls())
                        .b("IgnorePublicAcls", p.ignore_public_acls())
                        .b("BlockPublicPolicy", p.block_public_policy())
                        .b("RestrictPublicBuckets", p.restrict_public_buckets())
                        .done()
                },
            )
            .done();
        cx.write(SVC, op, Some(b), &v);
    }
}

async fn encryption(cx: &Ctx, c: &Client, b: &str) {
    let op = "get-bucket-encryption";
    let nc = ["ServerSideEncryptionConfigurationNotFoundError"];
    if let Some(out) = cx
        .one(
            SVC,
            op,
            Some(b),
            &nc,
            c.get_bucket_encryption().bucket(b).send(),
        )
        .await
    {
        let v = obj()
            .o(
                "ServerSideEncryptionConfiguration",
                out.server_side_encryption_configuration(),
                |conf| {
                    obj()
                        .l("Rules", conf.rules(), |r| {
                            obj()
                                .o(
                                    "ApplyServerSideEncryptionByDefault",
                                    r.apply_server_side_encryption_by_default(),
                                    |d| {
                                        obj()
                                            .e("SSEAlgorithm", Some(d.sse_algorithm()))
                                            .s("KMSMasterKeyID", d.kms_master_key_id())
                                            .done()
                                    },
                                )
                                .b("BucketKeyEnabled", r.bucket_key_enabled())
                                .done()
                        })
                        .done()
                },
            )
            .done();
        cx.write(SVC, op, Some(b), &v);
    }
}

async fn notifications(cx: &Ctx, c: &Client, b: &str) {
    let op = "get-bucket-notification-configuration";
    if let Some(out) = cx
        .one(
            SVC,
            op,
            Some(b),
            &[],
            c.get_bucket_notification_configuration().bucket(b).send(),
        )
        .await
    {
        let mut v = obj();
        if !out.topic_configurations().is_empty() {
            v = v.l("TopicConfigurations", out.topic_configurations(), |x| {
                obj()
                    .s("Id", x.id())
                    .s("TopicArn", Some(x.topic_arn()))
                    .le("Events", x.events())
                    .done()
            });
        }
        if !out.queue_configurations().is_empty() {
            v = v.l("QueueConfigurations", out.queue_configurations(), |x| {
                obj()
                    .s("Id", x.id())
                    .s("QueueArn", Some(x.queue_arn()))
                    .le("Events", x.events())
                    .done()
            });
        }
        if !out.lambda_function_configurations().is_empty() {
            v = v.l(
                "LambdaFunctionConfigurations",
                out.lambda_function_configurations(),
                |x| {
                    obj()
                        .s("Id", x.id())
                        .s("LambdaFunctionArn", Some(x.lambda_function_arn()))
                        .le("Events", x.events())
                        .done()
                },
            );
        }
        if out.event_bridge_configuration().is_some() {
            v = v.v(
                "EventBridgeConfiguration",
                Value::Object(serde_json::Map::new()),
            );
        }
        cx.write(SVC, op, Some(b), &v.done());
    }
}

async fn versioning(cx: &Ctx, c: &Client, b: &str) {
    let op = "get-bucket-versioning";
    if let Some(out) = cx
        .one(
            SVC,
            op,
            Some(b),
            &[],
            c.get_bucket_versioning().bucket(b).send(),
        )
        .await
    {
        let v = obj()
            .e("Status", out.status())
            .e("MFADelete", out.mfa_delete())
            .done();
        cx.write(SVC, op, Some(b), &v);
    }
}

async fn logging(cx: &Ctx, c: &Client, b: &str) {
    let op = "get-bucket-logging";
    if let Some(out) = cx
        .one(
            SVC,
            op,
            Some(b),
            &[],
            c.get_bucket_logging().bucket(b).send(),
        )
        .await
    {
        let v = obj()
            .o("LoggingEnabled", out.logging_enabled(), |l| {
                obj()
                    .s("TargetBucket", Some(l.target_bucket()))
                    .s("TargetPrefix", Some(l.target_prefix()))
                    .done()
            })
            .done();
        cx.write(SVC, op, Some(b), &v);
    }
}

async fn tagging(cx: &Ctx, c: &Client, b: &str) {
    let op = "get-bucket-tagging";
    let nc = ["NoSuchTagSet", "NoSuchTagSetError"];
    if let Some(out) = cx
        .one(
            SVC,
            op,
            Some(b),
            &nc,
            c.get_bucket_tagging().bucket(b).send(),
        )
        .await
    {
        let v = obj()
            .l("TagSet", out.tag_set(), |x| {
                obj()
                    .s("Key", Some(x.key()))
                    .s("Value", Some(x.value()))
                    .done()
            })
            .done();
        cx.write(SVC, op, Some(b), &v);
    }
}
