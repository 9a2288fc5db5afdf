//! SQS queues are encrypted at rest (SSE-SQS or SSE-KMS).
//!
//! Why: messages often carry personal data or secrets; encryption at rest keeps them out of reach of
//! anyone reading the underlying storage.
//! Fix: `aws sqs set-queue-attributes --queue-url URL --attributes SqsManagedSseEnabled=true` (or
//! `KmsMasterKeyId=KEY`).

use nephos_model::{Properties, ResourceKind};
use serde_json::json;

use crate::context::Context;
use crate::finding::Finding;
use crate::meta::{CheckMeta, Severity};

/// Metadata.
pub const META: CheckMeta = CheckMeta {
    id: "sqs_queue_encrypted",
    title: "SQS queues have server-side encryption enabled",
    severity: Severity::Medium,
    kinds: &[ResourceKind::Queue],
    rationale: "Messages often carry personal data or secrets; server-side encryption protects them at rest.",
    remediation: "aws sqs set-queue-attributes --queue-url URL --attributes SqsManagedSseEnabled=true (or KmsMasterKeyId=KEY for SSE-KMS).",
    references: &[
        "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-server-side-encryption.html",
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
        let encrypted = p.sqs_managed_sse || p.kms_master_key_id.is_some();
        out.push(Finding::verdict(
            &META,
            q,
            encrypted,
            format!("{} is encrypted at rest", q.name),
            format!("{} is not encrypted at rest", q.name),
            json!({ "sqs_managed_sse": p.sqs_managed_sse, "kms_master_key_id": p.kms_master_key_id }),
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
    fn fails_plain_queue() {
        let q = |name: &str, sse, kms: Option<&str>| {
            regional(
                ResourceKind::Queue,
                &format!("arn:aws:sqs:{REGION}:{ACCOUNT}:{name}"),
                Properties::Queue(QueueProps {
                    sqs_managed_sse: sse,
                    kms_master_key_id: kms.map(str::to_owned),
                    attributes_collected: true,
                    ..Default::default()
                }),
            )
        };
        let f = run_check(
            super::run,
            vec![
                q("plain", false, None),
                q("sse", true, None),
                q("kms", false, Some("alias/aws/sqs")),
            ],
        );
        assert_eq!(status_of(&f, ":plain"), Some(Status::Fail));
        assert_eq!(status_of(&f, ":sse"), Some(Status::Pass));
        assert_eq!(status_of(&f, ":kms"), Some(Status::Pass));
    }
}
