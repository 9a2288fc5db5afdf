//! Lambda: functions, their resource policies and tags, event source mappings.

use crate::items::Items;
use std::collections::BTreeMap;

use nephos_model::props::*;
use nephos_model::{Properties, RelationshipKind as K, ResourceId, ResourceKind};
use serde::Deserialize;
use serde::de::IgnoredAny;
use serde_json::Result;
use serde_json::value::RawValue;

use crate::out::{Ctx, Out};
use crate::text::{Text, name_for, opt, opt_time, policy_text, strings, tag_map};

/// The unqualified function ARN (`…:function:name`) of a possibly qualified one
/// (`…:function:name:alias`); other text is returned as is.
pub fn function_arn(arn: &str) -> String {
    let mut cut = arn.len();
    if arn.starts_with("arn:")
        && let Some((i, _)) = arn.match_indices(':').nth(6)
    {
        cut = i;
    }
    arn.get(..cut).unwrap_or(arn).to_owned()
}

/// The function's ARN from a name, a partial ARN or a full ARN.
fn function_id(ctx: &Ctx<'_>, name_or_arn: &str) -> ResourceId {
    if name_or_arn.starts_with("arn:") {
        ResourceId::new(function_arn(name_or_arn))
    } else {
        ResourceId::arn(
            "lambda",
            ctx.region,
            ctx.account,
            &format!("function:{name_or_arn}"),
        )
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct VpcConfig<'a> {
    #[serde(default, borrow)]
    subnet_ids: Vec<Text<'a>>,
    #[serde(default, borrow)]
    security_group_ids: Vec<Text<'a>>,
    #[serde(default, borrow)]
    vpc_id: Option<Text<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Environment<'a> {
    #[serde(default, borrow)]
    variables: BTreeMap<Text<'a>, IgnoredAny>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Layer<'a> {
    #[serde(borrow)]
    arn: Text<'a>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Function<'a> {
    #[serde(borrow)]
    function_name: Text<'a>,
    #[serde(default, borrow)]
    function_arn: Option<Text<'a>>,
    #[serde(default, borrow)]
    runtime: Option<Text<'a>>,
    #[serde(default, borrow)]
    role: Text<'a>,
    #[serde(default, borrow)]
    handler: Option<Text<'a>>,
    #[serde(default, borrow)]
    vpc_config: Option<VpcConfig<'a>>,
    #[serde(default, borrow)]
    environment: Option<Environment<'a>>,
    #[serde(default, borrow, rename = "KMSKeyArn")]
    kms_key_arn: Option<Text<'a>>,
    #[serde(default, borrow)]
    package_type: Option<Text<'a>>,
    #[serde(default)]
    memory_size: Option<i64>,
    #[serde(default)]
    timeout: Option<i64>,
    #[serde(default, borrow)]
    last_modified: Option<Text<'a>>,
    #[serde(default, borrow)]
    layers: Vec<Layer<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Functions<'a> {
    #[serde(default, borrow)]
    functions: Items<Function<'a>>,
}

/// `lambda-list-functions.json`.
pub fn functions(ctx: &Ctx<'_>, bytes: &[u8], out: &mut Out) -> Result<()> {
    let doc: Functions<'_> = serde_json::from_slice(bytes)?;
    for f in doc.functions {
        let id = match opt(&f.function_arn) {
            Some(a) => ResourceId::new(function_arn(&a)),
            None => function_id(ctx, f.function_name.as_str()),
        };
        if !f.role.is_empty() {
            out.rel(
                id.clone(),
                K::UsesRole,
                ResourceId::new(f.role.as_str()),
                "lambda:ListFunctions Functions[].Role",
            );
        }
        if let Some(k) = opt(&f.kms_key_arn) {
            out.rel(
                id.clone(),
                K::EncryptedBy,
                ctx.kms(&k),
                "lambda:ListFunctions Functions[].KMSKeyArn",
            );
        }
        let vpc_config = f
            .vpc_config
            .as_ref()
            .filter(|v| !v.subnet_ids.is_empty())
            .map(|v| LambdaVpcConfig {
                vpc_id: opt(&v.vpc_id).unwrap_or_default(),
                subnet_ids: strings(&v.subnet_ids),
                security_group_ids: strings(&v.security_group_ids),
            });
        match &vpc_config {
            Some(v) => {
                for s in &v.subnet_ids {
                    out.rel(
                        ctx.ec2("subnet", s),
                        K::Contains,
                        id.clone(),
                        "lambda:ListFunctions Functions[].VpcConfig.SubnetIds",
                    );
                }
                for g in &v.security_group_ids {
                    out.rel(
                        id.clone(),
                        K::AttachedTo,
                        ctx.ec2("security-group", g),
                        "lambda:ListFunctions Functions[].VpcConfig.SecurityGroupIds",
                    );
                }
            }
            None => out.rel(
                ctx.region_id(),
                K::Contains,
                id.clone(),
                "lambda:ListFunctions Functions[].FunctionArn",
            ),
        }
        let mut r = ctx.resource(
            id,
            ResourceKind::LambdaFunction,
            f.function_name.to_owned_string(),
        );
        r.props = Properties::LambdaFunction(Box::new(LambdaFunctionProps {
            runtime: opt(&f.runtime),
            handler: opt(&f.handler),
            role_arn: f.role.to_owned_string(),
            vpc_config,
            policy: None,
            environment_keys: f
                .environment
                .as_ref()
                .map(|e| e.variables.keys().map(Text::to_owned_string).collect())
                .unwrap_or_default(),
            kms_key_arn: opt(&f.kms_key_arn),
            package_type: f
                .package_type
                .as_ref()
                .map_or_else(|| "Zip".to_owned(), Text::to_owned_string),
            memory_size: f.memory_size,
            timeout: f.timeout,
            last_modified: opt_time(&f.last_modified),
            layers: f.layers.iter().map(|l| l.arn.to_owned_string()).collect(),
        }));
        out.resources.push(r);
    }
    Ok(())
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct GetPolicy<'a> {
    #[serde(default, borrow)]
    policy: Option<&'a RawValue>,
}

/// `lambda-get-policy/<function-name>`: `{}` means collected, no resource policy.
pub fn function_policy(ctx: &Ctx<'_>, bytes: &[u8], out: &mut Out) -> Result<()> {
    let doc: GetPolicy<'_> = serde_json::from_slice(bytes)?;
    let policy = doc.policy.and_then(policy_text);
    out.patch(function_id(ctx, ctx.param()), move |r| {
        if let Properties::LambdaFunction(p) = &mut r.props {
            p.policy = policy;
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

/// `lambda-list-tags/<function-arn>`.
pub fn function_tags(ctx: &Ctx<'_>, bytes: &[u8], out: &mut Out) -> Result<()> {
    let doc: MapTags<'_> = serde_json::from_slice(bytes)?;
    let t = tag_map(&doc.tags);
    out.patch(function_id(ctx, ctx.param()), move |r| r.tags.extend(t));
    Ok(())
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Mapping<'a> {
    #[serde(borrow, rename = "UUID")]
    uuid: Text<'a>,
    #[serde(default, borrow)]
    function_arn: Text<'a>,
    #[serde(default, borrow)]
    event_source_arn: Option<Text<'a>>,
    #[serde(default, borrow)]
    state: Text<'a>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Mappings<'a> {
    #[serde(default, borrow)]
    event_source_mappings: Items<Mapping<'a>>,
}

/// `lambda-list-event-source-mappings.json`: the source triggers the mapping, the mapping triggers
/// the function.
pub fn event_source_mappings(ctx: &Ctx<'_>, bytes: &[u8], out: &mut Out) -> Result<()> {
    let doc: Mappings<'_> = serde_json::from_slice(bytes)?;
    for m in doc.event_source_mappings {
        let id = ResourceId::arn(
            "lambda",
            ctx.region,
            ctx.account,
            &format!("event-source-mapping:{}", m.uuid),
        );
        let function = function_arn(m.function_arn.as_str());
        if !function.is_empty() {
            out.rel(
                id.clone(),
                K::Triggers,
                ResourceId::new(function.as_str()),
                "lambda:ListEventSourceMappings EventSourceMappings[].FunctionArn",
            );
        }
        if let Some(src) = opt(&m.event_source_arn) {
            out.rel(
                ResourceId::new(src),
                K::Triggers,
                id.clone(),
                "lambda:ListEventSourceMappings EventSourceMappings[].EventSourceArn",
            );
        }
        let mut r = ctx.resource(
            id.clone(),
            ResourceKind::EventSourceMapping,
            name_for(&Default::default(), None, m.uuid.as_str()),
        );
        r.props = Properties::EventSourceMapping(EventSourceMappingProps {
            uuid: m.uuid.to_owned_string(),
            function_arn: function,
            event_source_arn: opt(&m.event_source_arn),
            state: m.state.to_owned_string(),
        });
        out.rel(
            ctx.region_id(),
            K::Contains,
            id,
            "lambda:ListEventSourceMappings EventSourceMappings[].UUID",
        );
        out.resources.push(r);
    }
    Ok(())
}
