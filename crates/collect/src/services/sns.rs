//! SNS: topics, their attributes (policy, encryption), subscriptions and tags (`sns-*` files).

use aws_sdk_sns::Client;
use aws_sdk_sns::types as t;

use crate::ctx::{Ctx, pages};
use crate::json::obj;

const SVC: &str = "sns";

/// Every SNS read of one region.
pub(crate) async fn collect(cx: &Ctx) {
    let c = Client::new(&cx.sdk);
    tokio::join!(topics(cx, &c), subscriptions(cx, &c));
}

async fn topics(cx: &Ctx, c: &Client) {
    let op = "list-topics";
    let Some(p) = pages!(cx, SVC, op, None, c.list_topics().into_paginator().send()) else {
        return;
    };
    let arns: Vec<String> = p
        .iter()
        .flat_map(|x| {
            x.topics()
                .iter()
                .filter_map(|t| t.topic_arn().map(str::to_owned))
        })
        .collect();
    let v = obj()
        .l("Topics", &arns, |a| obj().s("TopicArn", Some(a)).done())
        .done();
    cx.write(SVC, op, None, &v);
    let mut set = tokio::task::JoinSet::new();
    for arn in arns {
        let (cx, c) = (cx.clone(), c.clone());
        set.spawn(async move {
            tokio::join!(attributes(&cx, &c, &arn), tags(&cx, &c, &arn));
        });
    }
    while set.join_next().await.is_some() {}
}

async fn attributes(cx: &Ctx, c: &Client, arn: &str) {
    let op = "get-topic-attributes";
    if let Some(out) = cx
        .one(
            SVC,
            op,
            Some(arn),
            &[],
            c.get_topic_attributes().topic_arn(arn).send(),
        )
        .await
    {
        cx.write(
            SVC,
            op,
            Some(arn),
            &obj().m("Attributes", out.attributes()).done(),
        );
    }
}

async fn tags(cx: &Ctx, c: &Client, arn: &str) {
    let op = "list-tags-for-resource";
    if let Some(out) = cx
        .one(
            SVC,
            op,
            Some(arn),
            &[],
            c.list_tags_for_resource().resource_arn(arn).send(),
        )
        .await
    {
        let v = obj()
            .l("Tags", out.tags(), |x: &t::Tag| {
                obj()
                    .s("Key", Some(x.key()))
                    .s("Value", Some(x.value()))
                    .done()
            })
            .done();
        cx.write(SVC, op, Some(arn), &v);
    }
}

async fn subscriptions(cx: &Ctx, c: &Client) {
    let op = "list-subscriptions";
    let Some(p) = pages!(
        cx,
        SVC,
        op,
        None,
        c.list_subscriptions().into_paginator().send()
    ) else {
        return;
    };
    let items: Vec<&t::Subscription> = p.iter().flat_map(|x| x.subscriptions()).collect();
    let v = obj()
        .l("Subscriptions", &items, |x| {
            obj()
                .s("SubscriptionArn", x.subscription_arn())
                .s("Owner", x.owner())
                .s("Protocol", x.protocol())
                .s("Endpoint", x.endpoint())
                .s("TopicArn", x.topic_arn())
                .done()
        })
        .done();
    cx.write(SVC, op, None, &v);
}
