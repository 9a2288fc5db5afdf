//! SQS queue policies do not allow everyone.
//!
//! Why: a `*` principal without a restricting condition lets anyone send, read or delete messages.
//! Fix: name the principals that need the queue, or restrict with `aws:SourceArn` /
//! `aws:SourceAccount` / `aws:PrincipalOrgID`.

use nephos_model::{Properties, ResourceKind};
use serde_json::json;

use crate::context::Context;
use crate::finding::Finding;
use crate::meta::{CheckMeta, Severity};
use crate::policy_patterns;

/// Metadata.
pub const META: CheckMeta = CheckMeta {
    id: "sqs_queue_policy_not_public",
    title: "SQS queue policies do not grant access to everyone",
    severity: Severity::Critical,
    kinds: &[ResourceKind::Queue],
    rationale: "A `*` principal without a restricting condition lets anyone send, receive or delete the queue's messages.",
    remediation: "Replace the `*` principal with specific principals, or add an aws:SourceArn / aws:SourceAccount / aws:PrincipalOrgID condition.",
    references: &[
        "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-basic-examples-of-sqs-policies.html",
    ],
    compliance: &[],
};

/// Runs the check over queues whose attributes were collected.
pub fn run(ctx: &Context, out: &mut Vec<Finding>) {
    for q in ctx.of_kind(ResourceKind::Queue) {
        let Properties::Queue(p) = &q.props else {
            continue;
        };
        if !p.attributes_collected {
            continue;
        }
        let public = p
            .policy
            .as_deref()
            .map(|d| ctx.public_statements(d, q).unwrap_or_default())
            .unwrap_or_default();
        let statements: Vec<_> = public.iter().map(policy_patterns::evidence).collect();
        out.push(Finding::verdict(
            &META,
            q,
            public.is_empty(),
            || format!("the policy of {} grants nothing to everyone", q.name),
            || format!("the policy of {} grants access to everyone", q.name),
            json!({ "public_statements": statements }),
        ));
    }
}

#[cfg(test)]
mod tests {
    use crate::finding::Status;
    use crate::testutil::*;
    use nephos_model::props::QueueProps;
    use nephos_model::{Properties, ResourceKind};

    #[test]
    fn fails_public_queue_policy() {
        let open = r#"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"sqs:SendMessage","Resource":"*"}]}"#;
        let scoped = r#"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"sqs:SendMessage","Resource":"*","Condition":{"ArnEquals":{"aws:SourceArn":"arn:aws:sns:eu-west-1:111122223333:t"}}}]}"#;
        let q = |name: &str, policy: &str| {
            regional(
                ResourceKind::Queue,
                &format!("arn:aws:sqs:{REGION}:{ACCOUNT}:{name}"),
                Properties::Queue(QueueProps {
                    policy: Some(policy.into()),
                    attributes_collected: true,
                    ..Default::default()
                }),
            )
        };
        let f = run_check(super::run, vec![q("open", open), q("scoped", scoped)]);
        assert_eq!(status_of(&f, ":open"), Some(Status::Fail));
        assert_eq!(status_of(&f, ":scoped"), Some(Status::Pass));
    }
}
