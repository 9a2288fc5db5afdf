//! Instances require IMDSv2 (session tokens) for the metadata service.
//!
//! Why: IMDSv1 answers simple GET requests, so an SSRF bug in any web app on the instance hands out
//! the instance role's credentials; IMDSv2's PUT-obtained token blocks that.
//! Fix: `aws ec2 modify-instance-metadata-options --instance-id ID --http-tokens required`.

use nephos_model::ResourceKind;
use serde_json::json;

use super::live_instances;
use crate::context::Context;
use crate::finding::Finding;
use crate::meta::{CheckMeta, Severity, cis};

/// Metadata.
pub const META: CheckMeta = CheckMeta {
    id: "ec2_instance_imdsv2_required",
    title: "EC2 instances allow only IMDSv2 (HttpTokens required) or have the metadata service off",
    severity: Severity::High,
    kinds: &[ResourceKind::Instance],
    rationale: "IMDSv1 answers plain GET requests, so any SSRF flaw on the instance leaks its role credentials; IMDSv2 session tokens stop that.",
    remediation: "aws ec2 modify-instance-metadata-options --instance-id ID --http-tokens required --http-endpoint enabled",
    references: &[
        "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configuring-instance-metadata-service.html",
    ],
    compliance: &[cis(&["5.6"])],
};

/// Runs the check over instances that are not terminated.
pub fn run(ctx: &Context, out: &mut Vec<Finding>) {
    for (r, p) in live_instances(ctx) {
        let m = &p.metadata_options;
        out.push(Finding::verdict(
            &META,
            r,
            !m.allows_imdsv1(),
            format!("{} does not allow IMDSv1", p.instance_id),
            format!(
                "{} allows IMDSv1 (HttpTokens {})",
                p.instance_id, m.http_tokens
            ),
            json!({ "metadata_options": m }),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::instance;
    use crate::finding::Status;
    use crate::testutil::*;

    #[test]
    fn fails_optional_tokens() {
        let f = run_check(
            super::run,
            vec![
                instance("i-v1", |p| {
                    p.metadata_options.http_tokens = "optional".into()
                }),
                instance("i-v2", |_| {}),
                instance("i-off", |p| {
                    p.metadata_options.http_tokens = "optional".into();
                    p.metadata_options.http_endpoint = "disabled".into();
                }),
                instance("i-gone", |p| {
                    p.metadata_options.http_tokens = "optional".into();
                    p.state = "terminated".into();
                }),
            ],
        );
        assert_eq!(status_of(&f, "i-v1"), Some(Status::Fail));
        assert_eq!(status_of(&f, "i-v2"), Some(Status::Pass));
        assert_eq!(status_of(&f, "i-off"), Some(Status::Pass));
        assert_eq!(status_of(&f, "i-gone"), None);
    }
}
