//! SNS topic policies do not allow everyone.
//!
//! Why: a `*` principal without a restricting condition lets anyone publish to the topic or
//! subscribe to it and receive its messages.
//! Fix: name the principals that need the topic, or restrict with `aws:SourceOwner` /
//! `aws:SourceAccount` / `aws:PrincipalOrgID`.

use nephos_model::{Properties, ResourceKind};
use serde_json::json;

use crate::context::Context;
use crate::finding::Finding;
use crate::meta::{CheckMeta, Severity};
use crate::policy_patterns;

/// Metadata.
pub const META: CheckMeta = CheckMeta {
    id: "sns_topic_policy_not_public",
    title: "SNS topic policies do not grant access to everyone",
    severity: Severity::High,
    kinds: &[ResourceKind::Topic],
    rationale: "A `*` principal without a restricting condition lets anyone publish to the topic or subscribe and receive its messages.",
    remediation: "Replace the `*` principal with specific principals, or add an aws:SourceOwner / aws:SourceAccount / aws:PrincipalOrgID condition.",
    references: &["https://docs.aws.amazon.com/sns/latest/dg/sns-access-policy-use-cases.html"],
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
        let public = p
            .policy
            .as_deref()
            .map(|d| ctx.public_statements(d, t).unwrap_or_default())
            .unwrap_or_default();
        let statements: Vec<_> = public.iter().map(policy_patterns::evidence).collect();
        out.push(Finding::verdict(
            &META,
            t,
            public.is_empty(),
            || format!("the policy of {} grants nothing to everyone", t.name),
            || format!("the policy of {} grants access to everyone", t.name),
            json!({ "public_statements": statements }),
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
    fn fails_public_topic_policy() {
        let open = r#"{"Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":["SNS:Subscribe","SNS:Publish"],"Resource":"*"}]}"#;
        let owner = r#"{"Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"SNS:Publish","Resource":"*","Condition":{"StringEquals":{"AWS:SourceOwner":"111122223333"}}}]}"#;
        let t = |name: &str, policy: &str| {
            regional(
                ResourceKind::Topic,
                &format!("arn:aws:sns:{REGION}:{ACCOUNT}:{name}"),
                Properties::Topic(TopicProps {
                    policy: Some(policy.into()),
                    attributes_collected: true,
                    ..Default::default()
                }),
            )
        };
        let f = run_check(super::run, vec![t("open", open), t("owner", owner)]);
        assert_eq!(status_of(&f, ":open"), Some(Status::Fail));
        assert_eq!(status_of(&f, ":owner"), Some(Status::Pass));
    }
}
