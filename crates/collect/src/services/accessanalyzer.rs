//! IAM Access Analyzer: the analyzers of a region (an account setting; camelCase as its API).

use aws_sdk_accessanalyzer::Client;
use aws_sdk_accessanalyzer::types as t;

use crate::ctx::{Ctx, pages};
use crate::json::obj;

const SVC: &str = "accessanalyzer";

/// `accessanalyzer-list-analyzers.json`.
pub(crate) async fn collect(cx: &Ctx) {
    let c = Client::new(&cx.sdk);
    let op = "list-analyzers";
    let Some(p) = pages!(
        cx,
        SVC,
        op,
        None,
        c.list_analyzers().into_paginator().send()
    ) else {
        return;
    };
    let items: Vec<&t::AnalyzerSummary> = p.iter().flat_map(|x| x.analyzers()).collect();
    let v = obj()
        .l("analyzers", &items, |a| {
            obj()
                .s("arn", Some(a.arn()))
                .s("name", Some(a.name()))
                .e("type", Some(a.r#type()))
                .t("createdAt", Some(a.created_at()))
                .s("lastResourceAnalyzed", a.last_resource_analyzed())
                .t("lastResourceAnalyzedAt", a.last_resource_analyzed_at())
                .m("tags", a.tags())
                .e("status", Some(a.status()))
                .done()
        })
        .done();
    cx.write(SVC, op, None, &v);
}
