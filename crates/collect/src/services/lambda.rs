//! Lambda: functions, their resource policies and tags, event source mappings (`lambda-*` files).

use aws_sdk_lambda::Client;
use aws_sdk_lambda::types as t;
use serde_json::Value;

use crate::ctx::{Ctx, pages};
use crate::json::obj;

const SVC: &str = "lambda";

fn function(x: &t::FunctionConfiguration) -> Value {
    obj()
        .s("FunctionName", x.function_name())
        .s("FunctionArn", x.function_arn())
        .e("Runtime", x.runtime())
        .s("Role", x.role())
        .s("Handler", x.handler())
        .i("CodeSize", Some(x.code_size()))
        .s("Description", x.description())
        .i("Timeout", x.timeout())
        .i("MemorySize", x.memory_size())
        .s("LastModified", x.last_modified())
        .s("Version", x.version())
        .o("VpcConfig", x.vpc_config(), |v| {
            obj()
                .ls("SubnetIds", v.subnet_ids())
                .ls("SecurityGroupIds", v.security_group_ids())
                .s("VpcId", v.vpc_id())
                .done()
        })
        .o("DeadLetterConfig", x.dead_letter_config(), |d| {
            obj().s("TargetArn", d.target_arn()).done()
        })
        .o("Environment", x.environment(), |e| {
            obj().m("Variables", e.variables()).done()
        })
        .s("KMSKeyArn", x.kms_key_arn())
        .o("TracingConfig", x.tracing_config(), |tc| {
            obj().e("Mode", tc.mode()).done()
        })
        .s("RevisionId", x.revision_id())
        .l("Layers", x.layers(), |l| {
            obj()
                .s("Arn", l.arn())
                .i("CodeSize", Some(l.code_size()))
                .done()
        })
        .e("State", x.state())
        .e("PackageType", x.package_type())
        .le("Architectures", x.architectures())
        .done()
}

/// Every Lambda read of one region.
pub(crate) async fn collect(cx: &Ctx) {
    let c = Client::new(&cx.sdk);
    tokio::join!(functions(cx, &c), event_source_mappings(cx, &c));
}

async fn functions(cx: &Ctx, c: &Client) {
    let op = "list-functions";
    let Some(p) = pages!(
        cx,
        SVC,
        op,
        None,
        c.list_functions().into_paginator().send()
    ) else {
        return;
    };
    let items: Vec<&t::FunctionConfiguration> = p.iter().flat_map(|x| x.functions()).collect();
    cx.write(
        SVC,
        op,
        None,
        &obj().l("Functions", &items, |f| function(f)).done(),
    );
    let mut set = tokio::task::JoinSet::new();
    for f in &items {
        let (Some(name), Some(arn)) = (f.function_name(), f.function_arn()) else {
            continue;
        };
        let (cx, c, name, arn) = (cx.clone(), c.clone(), name.to_owned(), arn.to_owned());
        set.spawn(async move {
            tokio::join!(policy(&cx, &c, &name), tags(&cx, &c, &arn));
        });
    }
    while set.join_next().await.is_some() {}
}

async fn policy(cx: &Ctx, c: &Client, name: &str) {
    let op = "get-policy";
    let nc = ["ResourceNotFoundException"];
    if let Some(out) = cx
        .one(
            SVC,
            op,
            Some(name),
            &nc,
            c.get_policy().function_name(name).send(),
        )
        .await
    {
        let v = obj()
            .s("Policy", out.policy())
            .s("RevisionId", out.revision_id())
            .done();
        cx.write(SVC, op, Some(name), &v);
    }
}

async fn tags(cx: &Ctx, c: &Client, arn: &str) {
    let op = "list-tags";
    if let Some(out) = cx
        .one(SVC, op, Some(arn), &[], c.list_tags().resource(arn).send())
        .await
    {
        let v = obj().m("Tags", out.tags()).done();
        let v = if v.get("Tags").is_none() {
            serde_json::json!({"Tags": {}})
        } else {
            v
        };
        cx.write(SVC, op, Some(arn), &v);
    }
}

async fn event_source_mappings(cx: &Ctx, c: &Client) {
    let op = "list-event-source-mappings";
    let Some(p) = pages!(
        cx,
        SVC,
        op,
        None,
        c.list_event_source_mappings().into_paginator().send()
    ) else {
        return;
    };
    let items: Vec<&t::EventSourceMappingConfiguration> =
        p.iter().flat_map(|x| x.event_source_mappings()).collect();
    let v = obj()
        .l("EventSourceMappings", &items, |m| {
            obj()
                .s("UUID", m.uuid())
                .i("BatchSize", m.batch_size())
                .s("EventSourceArn", m.event_source_arn())
                .s("FunctionArn", m.function_arn())
                .t("LastModified", m.last_modified())
                .s("State", m.state())
                .s("StateTransitionReason", m.state_transition_reason())
                .s("EventSourceMappingArn", m.event_source_mapping_arn())
                .done()
        })
        .done();
    cx.write(SVC, op, None, &v);
}
