//! SQS: queues, their attributes (policy, encryption, redrive) and tags (`sqs-*` files).

use aws_sdk_sqs::Client;
use aws_sdk_sqs::types::QueueAttributeName;
use serde_json::{Map, Value};

use crate::ctx::{Ctx, pages};
use crate::json::obj;

const SVC: &str = "sqs";

/// Every SQS read of one region.
pub(crate) async fn collect(cx: &Ctx) {
    let c = Client::new(&cx.sdk);
    let op = "list-queues";
    let Some(p) = pages!(cx, SVC, op, None, c.list_queues().into_paginator().send()) else {
        return;
    };
    let urls: Vec<String> = p
        .iter()
        .flat_map(|x| x.queue_urls().iter().cloned())
        .collect();
    cx.write(SVC, op, None, &obj().ls("QueueUrls", &urls).done());
    let mut set = tokio::task::JoinSet::new();
    for url in urls {
        let (cx, c) = (cx.clone(), c.clone());
        set.spawn(async move {
            tokio::join!(attributes(&cx, &c, &url), tags(&cx, &c, &url));
        });
    }
    while set.join_next().await.is_some() {}
}

async fn attributes(cx: &Ctx, c: &Client, url: &str) {
    let op = "get-queue-attributes";
    let Some(out) = cx
        .one(
            SVC,
            op,
            Some(url),
            &[],
            c.get_queue_attributes()
                .queue_url(url)
                .attribute_names(QueueAttributeName::All)
                .send(),
        )
        .await
    else {
        return;
    };
    let mut attrs: Vec<(String, String)> = out
        .attributes()
        .map(|m| {
            m.iter()
                .map(|(k, v)| (k.as_str().to_owned(), v.clone()))
                .collect()
        })
        .unwrap_or_default();
    attrs.sort();
    let map: Map<String, Value> = attrs
        .into_iter()
        .map(|(k, v)| (k, Value::String(v)))
        .collect();
    cx.write(
        SVC,
        op,
        Some(url),
        &obj().v("Attributes", Value::Object(map)).done(),
    );
}

async fn tags(cx: &Ctx, c: &Client, url: &str) {
    let op = "list-queue-tags";
    if let Some(out) = cx
        .one(
            SVC,
            op,
            Some(url),
            &[],
            c.list_queue_tags().queue_url(url).send(),
        )
        .await
    {
        let v = obj().m("Tags", out.tags()).done();
        cx.write(SVC, op, Some(url), &v);
    }
}
