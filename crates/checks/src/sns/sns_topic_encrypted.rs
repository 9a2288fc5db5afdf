//! SNS topics are encrypted at rest with KMS.
//!
//! Why: published messages are stored until delivered; without SSE they sit unencrypted.
//! Fix: `aws sns set-topic-attributes --topic-arn ARN --attribute-name KmsMasterKeyId --attribute-value alias/aws/sns`.

use nephos_model::{Properties, ResourceKind};
use serde_json::json;

use crate::context::Context;
use crate::finding::Finding;
use crate::meta::{CheckMeta, Severity};

/// Metadata.
pub const META: CheckMeta = CheckMeta {
    id: "sns_topic_encrypted",
    title: "SNS topics have server-side encryption (KMS) enabled",
    severity: Severity::Medium,
    kinds: &[ResourceKind::Topic],
    rationale: "Messages are stored until delivered; server-side encryption keeps them encrypted at rest.",
    remediation: "aws sns set-topic-attributes --topic-arn ARN --attribute-name KmsMasterKeyId --attribute-value KEY",
    references: &["https://docs.aws.amazon.com/sns/latest/dg/sns-server-side-encryption.html"],
    compliance: &[],
};

/// Runs the check over topics whose attributes were collected.
pub fn run(ctx: &Context, out: &mut Vec<Finding>) {
    for t in ctx.of_kind(ResourceKind::Topic) {
        let Properties::Topic(p) = &t.props else {
            continue;
        };
        if !p.attributes_collected {
            continue;
        }
        out.push(Finding::verdict(
            &META,
            t,
            p.kms_master_key_id.is_some(),
            format!("{} is encrypted at rest", t.name),
            format!("{} is not encrypted at rest", t.name),
            json!({ "kms_master_key_id": p.kms_master_key_id }),
        ));
    }
}

#[cfg(test)]
mod tests {
    use crate::finding::Status;
    use crate::testutil::*;
    use nephos_model::props::TopicProps;
    use nephos_model::{Properties, ResourceKind};

    #[test]
    fn fails_plain_topic() {
        let t = |name: &str, kms: Option<&str>| {
            regional(
                ResourceKind::Topic,
                &format!("arn:aws:sns:{REGION}:{ACCOUNT}:{name}"),
                Properties::Topic(TopicProps {
                    kms_master_key_id: kms.map(str::to_owned),
                    attributes_collected: true,
                    ..Default::default()
                }),
            )
        };
        let f = run_check(
            super::run,
            vec![t("plain", None), t("kms", Some("alias/aws/sns"))],
        );
        assert_eq!(status_of(&f, ":plain"), Some(Status::Fail));
        assert_eq!(status_of(&f, ":kms"), Some(Status::Pass));
    }
}
