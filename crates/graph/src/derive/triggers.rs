//! Trigger edges read from properties: what invokes a function or feeds a queue.
//!
//! - a bucket's event notifications: bucket → function / queue / topic;
//! - a topic's `lambda` and `sqs` subscriptions: topic → function / queue;
//! - an enabled event source mapping: source (queue, stream; a DynamoDB stream counts as its table)
//!   → function;
//! - a function's resource policy: each `Allow` of `lambda:InvokeFunction` to a service principal
//!   with an `aws:SourceArn` condition: source → function. API Gateway sources are cut to the API
//!   (`arn:aws:execute-api:<region>:<account>:<api-id>`), so every route of one API is one node.
//!
//! The import may state some of these too; both edges are then kept, each with its evidence.

use nephos_model::ResourceId;
use nephos_model::props::{BucketProps, EventSourceMappingProps, LambdaFunctionProps, TopicProps};

use super::policy;
use super::{DeriveOutput, DerivedEdge, End};
use crate::edge::{DeriveRule, EdgeKind};
use crate::graph::NodeIx;

/// A function ARN without its version or alias qualifier.
pub fn unqualified_function(arn: &str) -> String {
    let parts: Vec<&str> = arn.splitn(8, ':').collect();
    if parts.len() == 8 && parts.get(5) == Some(&"function") {
        parts
            .get(..7)
            .map_or_else(|| arn.to_owned(), |p| p.join(":"))
    } else {
        arn.to_owned()
    }
}

/// The node id a trigger source is drawn as: an API for API Gateway ARNs, the table for a DynamoDB
/// stream, the ARN itself otherwise. `None` for patterns (wildcards left after cutting).
pub fn source_id(arn: &str) -> Option<String> {
    let mut parts = arn.splitn(6, ':');
    let (arn_word, partition, service, region, account, resource) = (
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
    );
    if arn_word != "arn" {
        return None;
    }
    let id = match service {
        "execute-api" => {
            let api = resource.split('/').next()?;
            format!("arn:{partition}:execute-api:{region}:{account}:{api}")
        }
        "dynamodb" if resource.contains("/stream/") => {
            let table = resource.split("/stream/").next()?;
            format!("arn:{partition}:dynamodb:{region}:{account}:{table}")
        }
        "lambda" => unqualified_function(arn),
        _ => arn.to_owned(),
    };
    (!id.contains(['*', '?'])).then_some(id)
}

fn push(out: &mut DeriveOutput, from: End, to: End, evidence: String) {
    out.edges.push(DerivedEdge {
        from,
        to,
        kind: EdgeKind::Triggers,
        evidence,
        rule: DeriveRule::Trigger,
    });
}

pub(crate) fn bucket(owner: NodeIx, props: &BucketProps, out: &mut DeriveOutput) {
    for n in props.notifications.iter().flatten() {
        let (field, target) = match n.destination_type.as_str() {
            "lambda" => (
                "LambdaFunctionConfigurations[].LambdaFunctionArn",
                unqualified_function(&n.destination_arn),
            ),
            "queue" => ("QueueConfigurations[].QueueArn", n.destination_arn.clone()),
            "topic" => ("TopicConfigurations[].TopicArn", n.destination_arn.clone()),
            _ => continue,
        };
        if !target.starts_with("arn:") {
            continue;
        }
        push(
            out,
            End::Node(owner),
            End::Id(ResourceId::new(target)),
            format!(
                "s3:GetBucketNotificationConfiguration {field} events={}",
                n.events.join(",")
            ),
        );
    }
}

pub(crate) fn topic(owner: NodeIx, props: &TopicProps, out: &mut DeriveOutput) {
    for s in &props.subscriptions {
        let target = match s.protocol.as_str() {
            "lambda" => unqualified_function(&s.endpoint),
            "sqs" => s.endpoint.clone(),
            _ => continue,
        };
        if !target.starts_with("arn:") {
            continue;
        }
        push(
            out,
            End::Node(owner),
            End::Id(ResourceId::new(target)),
            format!(
                "sns:ListSubscriptionsByTopic Subscriptions[].Endpoint (protocol {})",
                s.protocol
            ),
        );
    }
}

pub(crate) fn event_source_mapping(props: &EventSourceMappingProps, out: &mut DeriveOutput) {
    if props.state.eq_ignore_ascii_case("disabled") || props.function_arn.is_empty() {
        return;
    }
    let Some(source) = props.event_source_arn.as_deref().and_then(source_id) else {
        return;
    };
    push(
        out,
        End::Id(ResourceId::new(source)),
        End::Id(ResourceId::new(unqualified_function(&props.function_arn))),
        format!(
            "lambda:ListEventSourceMappings EventSourceMappings[].EventSourceArn (UUID {}, {})",
            props.uuid, props.state
        ),
    );
}

pub(crate) fn function_policy(owner: NodeIx, props: &LambdaFunctionProps, out: &mut DeriveOutput) {
    let Some(doc) = &props.policy else {
        return;
    };
    let statements = match policy::statements(doc) {
        Ok(s) => s,
        Err(e) => {
            out.problems
                .push(format!("function policy is not valid JSON: {e}"));
            return;
        }
    };
    for (i, st) in statements.iter().enumerate() {
        if !st.allows() || !st.allows_action("lambda:InvokeFunction") {
            continue;
        }
        let Some(policy::Principal::Map(map)) = &st.principal else {
            continue;
        };
        let Some(services) = map.get("Service") else {
            continue;
        };
        let service = services.iter().next().cloned().unwrap_or_default();
        let mut sources: Vec<String> = st
            .condition_values(
                &["ArnLike", "ArnEquals", "StringEquals", "StringLike"],
                "aws:SourceArn",
            )
            .iter()
            .filter_map(|a| source_id(a))
            .collect();
        sources.sort();
        sources.dedup();
        for source in sources {
            push(
                out,
                End::Id(ResourceId::new(source)),
                End::Node(owner),
                format!(
                    "lambda:GetPolicy Policy {} Principal.Service={service} aws:SourceArn",
                    st.label(i)
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_sources_to_the_resource_drawn() {
        assert_eq!(
            source_id("arn:aws:execute-api:eu-west-1:1:abc123/*/GET/items").as_deref(),
            Some("arn:aws:execute-api:eu-west-1:1:abc123")
        );
        assert_eq!(
            source_id("arn:aws:dynamodb:eu-west-1:1:table/t/stream/2024-01-01T00:00:00.000")
                .as_deref(),
            Some("arn:aws:dynamodb:eu-west-1:1:table/t")
        );
        assert_eq!(source_id("arn:aws:s3:::bucket-*"), None);
        assert_eq!(
            unqualified_function("arn:aws:lambda:eu-west-1:1:function:f:live"),
            "arn:aws:lambda:eu-west-1:1:function:f"
        );
        assert_eq!(
            unqualified_function("arn:aws:lambda:eu-west-1:1:function:f"),
            "arn:aws:lambda:eu-west-1:1:function:f"
        );
    }
}
