//! DynamoDB: tables, continuous backups (PITR) and tags (`dynamodb-*` files).

use aws_sdk_dynamodb::Client;
use aws_sdk_dynamodb::types as t;
use serde_json::Value;

use crate::ctx::{Ctx, pages};
use crate::json::obj;

const SVC: &str = "dynamodb";

/// Every DynamoDB read of one region.
pub(crate) async fn collect(cx: &Ctx) {
    let c = Client::new(&cx.sdk);
    let op = "list-tables";
    let Some(p) = pages!(cx, SVC, op, None, c.list_tables().into_paginator().send()) else {
        return;
    };
    let names: Vec<String> = p
        .iter()
        .flat_map(|x| x.table_names().iter().cloned())
        .collect();
    cx.write(SVC, op, None, &obj().ls("TableNames", &names).done());
    let mut set = tokio::task::JoinSet::new();
    for name in names {
        let (cx, c) = (cx.clone(), c.clone());
        set.spawn(async move { table(&cx, &c, &name).await });
    }
    while set.join_next().await.is_some() {}
}

fn table_description(x: &t::TableDescription) -> Value {
    obj()
        .l("AttributeDefinitions", x.attribute_definitions(), |a| {
            obj()
                .s("AttributeName", Some(a.attribute_name()))
                .e("AttributeType", Some(a.attribute_type()))
                .done()
        })
        .s("TableName", x.table_name())
        .l("KeySchema", x.key_schema(), |k| {
            obj()
                .s("AttributeName", Some(k.attribute_name()))
                .e("KeyType", Some(k.key_type()))
                .done()
        })
        .e("TableStatus", x.table_status())
        .t("CreationDateTime", x.creation_date_time())
        .o("ProvisionedThroughput", x.provisioned_throughput(), |p| {
            obj()
                .i("NumberOfDecreasesToday", p.number_of_decreases_today())
                .i("ReadCapacityUnits", p.read_capacity_units())
                .i("WriteCapacityUnits", p.write_capacity_units())
                .done()
        })
        .i("TableSizeBytes", x.table_size_bytes())
        .i("ItemCount", x.item_count())
        .s("TableArn", x.table_arn())
        .s("TableId", x.table_id())
        .o("BillingModeSummary", x.billing_mode_summary(), |b| {
            obj().e("BillingMode", b.billing_mode()).done()
        })
        .o("StreamSpecification", x.stream_specification(), |s| {
            obj()
                .b("StreamEnabled", Some(s.stream_enabled()))
                .e("StreamViewType", s.stream_view_type())
                .done()
        })
        .s("LatestStreamArn", x.latest_stream_arn())
        .o("SSEDescription", x.sse_description(), |s| {
            obj()
                .e("Status", s.status())
                .e("SSEType", s.sse_type())
                .s("KMSMasterKeyArn", s.kms_master_key_arn())
                .done()
        })
        .b("DeletionProtectionEnabled", x.deletion_protection_enabled())
        .done()
}

async fn table(cx: &Ctx, c: &Client, name: &str) {
    let op = "describe-table";
    let arn = match cx
        .one(
            SVC,
            op,
            Some(name),
            &[],
            c.describe_table().table_name(name).send(),
        )
        .await
    {
        Some(out) => {
            let v = obj().o("Table", out.table(), table_description).done();
            cx.write(SVC, op, Some(name), &v);
            out.table().and_then(|x| x.table_arn()).map(str::to_owned)
        }
        None => None,
    };
    let op = "describe-continuous-backups";
    if let Some(out) = cx
        .one(
            SVC,
            op,
            Some(name),
            &[],
            c.describe_continuous_backups().table_name(name).send(),
        )
        .await
    {
        let v = obj()
            .o(
                "ContinuousBackupsDescription",
                out.continuous_backups_description(),
                |d| {
                    obj()
                        .e(
                            "ContinuousBackupsStatus",
                            Some(d.continuous_backups_status()),
                        )
                        .o(
                            "PointInTimeRecoveryDescription",
                            d.point_in_time_recovery_description(),
                            |p| {
                                obj()
                                    .e(
                                        "PointInTimeRecoveryStatus",
                                        p.point_in_time_recovery_status(),
                                    )
                                    .i("RecoveryPeriodInDays", p.recovery_period_in_days())
                                    .done()
                            },
                        )
                        .done()
                },
            )
            .done();
        cx.write(SVC, op, Some(name), &v);
    }
    let Some(arn) = arn else { return };
    let op = "list-tags-of-resource";
    let mut all = Vec::new();
    let mut token: Option<String> = None;
    // NextToken pagination by hand (the SDK has no paginator for this call); bounded.
    for _page in 0..1000 {
        let Some(out) = cx
            .one(
                SVC,
                op,
                Some(&arn),
                &[],
                c.list_tags_of_resource()
                    .resource_arn(&arn)
                    .set_next_token(token.clone())
                    .send(),
            )
            .await
        else {
            return;
        };
        all.extend(out.tags().iter().cloned());
        token = out.next_token().map(str::to_owned);
        if token.is_none() {
            break;
        }
    }
    let v = obj()
        .l("Tags", &all, |x| {
            obj()
                .s("Key", Some(x.key()))
                .s("Value", Some(x.value()))
                .done()
        })
        .done();
    cx.write(SVC, op, Some(&arn), &v);
}
