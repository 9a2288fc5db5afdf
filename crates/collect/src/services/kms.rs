//! KMS: keys, their metadata, policies, rotation and tags; aliases (`kms-*` files).

use aws_sdk_kms::Client;
use aws_sdk_kms::types as t;

use crate::ctx::{Ctx, pages};
use crate::json::obj;

const SVC: &str = "kms";

/// Every KMS read of one region.
pub(crate) async fn collect(cx: &Ctx) {
    let c = Client::new(&cx.sdk);
    tokio::join!(keys(cx, &c), aliases(cx, &c));
}

async fn keys(cx: &Ctx, c: &Client) {
    let op = "list-keys";
    let Some(p) = pages!(cx, SVC, op, None, c.list_keys().into_paginator().send()) else {
        return;
    };
    let items: Vec<&t::KeyListEntry> = p.iter().flat_map(|x| x.keys()).collect();
    let v = obj()
        .l("Keys", &items, |k| {
            obj().s("KeyId", k.key_id()).s("KeyArn", k.key_arn()).done()
        })
        .done();
    cx.write(SVC, op, None, &v);
    let mut set = tokio::task::JoinSet::new();
    for id in items.iter().filter_map(|k| k.key_id()) {
        let (cx, c, id) = (cx.clone(), c.clone(), id.to_owned());
        set.spawn(async move {
            tokio::join!(
                describe(&cx, &c, &id),
                policy(&cx, &c, &id),
                rotation(&cx, &c, &id),
                tags(&cx, &c, &id)
            );
        });
    }
    while set.join_next().await.is_some() {}
}

async fn describe(cx: &Ctx, c: &Client, id: &str) {
    let op = "describe-key";
    if let Some(out) = cx
        .one(SVC, op, Some(id), &[], c.describe_key().key_id(id).send())
        .await
    {
        let v = obj()
            .o("KeyMetadata", out.key_metadata(), |m| {
                obj()
                    .s("AWSAccountId", m.aws_account_id())
                    .s("KeyId", Some(m.key_id()))
                    .s("Arn", m.arn())
                    .t("CreationDate", m.creation_date())
                    .b("Enabled", Some(m.enabled()))
                    .s("Description", m.description())
                    .e("KeyUsage", m.key_usage())
                    .e("KeyState", m.key_state())
                    .t("DeletionDate", m.deletion_date())
                    .e("Origin", m.origin())
                    .e("KeyManager", m.key_manager())
                    .e("KeySpec", m.key_spec())
                    .le("EncryptionAlgorithms", m.encryption_algorithms())
                    .b("MultiRegion", m.multi_region())
                    .done()
            })
            .done();
        cx.write(SVC, op, Some(id), &v);
    }
}

async fn policy(cx: &Ctx, c: &Client, id: &str) {
    let op = "get-key-policy";
    if let Some(out) = cx
        .one(
            SVC,
            op,
            Some(id),
            &[],
            c.get_key_policy().key_id(id).policy_name("default").send(),
        )
        .await
    {
        let v = obj()
            .s("Policy", out.policy())
            .s("PolicyName", out.policy_name())
            .done();
        cx.write(SVC, op, Some(id), &v);
    }
}

async fn rotation(cx: &Ctx, c: &Client, id: &str) {
    let op = "get-key-rotation-status";
    if let Some(out) = cx
        .one(
            SVC,
            op,
            Some(id),
            &[],
            c.get_key_rotation_status().key_id(id).send(),
        )
        .await
    {
        let v = obj()
            .b("KeyRotationEnabled", Some(out.key_rotation_enabled()))
            .s("KeyId", out.key_id())
            .i("RotationPeriodInDays", out.rotation_period_in_days())
            .t("NextRotationDate", out.next_rotation_date())
            .done();
        cx.write(SVC, op, Some(id), &v);
    }
}

async fn tags(cx: &Ctx, c: &Client, id: &str) {
    let op = "list-resource-tags";
    if let Some(p) = pages!(
        cx,
        SVC,
        op,
        Some(id),
        c.list_resource_tags().key_id(id).into_paginator().send()
    ) {
        let items: Vec<&t::Tag> = p.iter().flat_map(|x| x.tags()).collect();
        let v = obj()
            .l("Tags", &items, |x| {
                obj()
                    .s("TagKey", Some(x.tag_key()))
                    .s("TagValue", Some(x.tag_value()))
                    .done()
            })
            .done();
        cx.write(SVC, op, Some(id), &v);
    }
}

async fn aliases(cx: &Ctx, c: &Client) {
    let op = "list-aliases";
    let Some(p) = pages!(cx, SVC, op, None, c.list_aliases().into_paginator().send()) else {
        return;
    };
    let items: Vec<&t::AliasListEntry> = p.iter().flat_map(|x| x.aliases()).collect();
    let v = obj()
        .l("Aliases", &items, |a| {
            obj()
                .s("AliasName", a.alias_name())
                .s("AliasArn", a.alias_arn())
                .s("TargetKeyId", a.target_key_id())
                .t("CreationDate", a.creation_date())
                .t("LastUpdatedDate", a.last_updated_date())
                .done()
        })
        .done();
    cx.write(SVC, op, None, &v);
}
