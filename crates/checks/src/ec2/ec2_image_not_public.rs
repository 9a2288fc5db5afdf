//! AMIs owned by the estate are not public.
//!
//! Why: anyone can launch a public AMI and read its disks: baked-in code, keys and configuration.
//! Fix: `aws ec2 modify-image-attribute --image-id ID --launch-permission "Remove=[{Group=all}]"`.

use nephos_model::{Properties, ResourceKind};
use serde_json::json;

use crate::context::Context;
use crate::finding::Finding;
use crate::meta::{CheckMeta, Severity};

/// Metadata.
pub const META: CheckMeta = CheckMeta {
    id: "ec2_image_not_public",
    title: "AMIs owned by the account are not public",
    severity: Severity::Critical,
    kinds: &[ResourceKind::Image],
    rationale: "Any AWS account can launch a public AMI and read everything baked into it: code, keys, configuration.",
    remediation: "aws ec2 modify-image-attribute --image-id ID --launch-permission \"Remove=[{Group=all}]\"; enable block public access for AMIs.",
    references: &["https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/sharingamis-intro.html"],
    compliance: &[],
};

/// Runs the check over images owned by the account that holds them.
pub fn run(ctx: &Context, out: &mut Vec<Finding>) {
    for r in ctx.of_kind(ResourceKind::Image) {
        let Properties::Image(p) = &r.props else {
            continue;
        };
        if p.owner_id != r.account {
            continue;
        }
        out.push(Finding::verdict(
            &META,
            r,
            !p.public,
            format!("{} is private", p.image_id),
            format!("{} is public", p.image_id),
            json!({ "public": p.public, "owner_id": p.owner_id }),
        ));
    }
}

#[cfg(test)]
mod tests {
    use crate::finding::Status;
    use crate::testutil::*;
    use nephos_model::props::ImageProps;
    use nephos_model::{Properties, ResourceKind};

    #[test]
    fn fails_own_public_image() {
        let i = |id: &str, owner: &str, public| {
            ec2(
                ResourceKind::Image,
                "image",
                id,
                Properties::Image(ImageProps {
                    image_id: id.into(),
                    owner_id: owner.into(),
                    public,
                    ..Default::default()
                }),
            )
        };
        let f = run_check(
            super::run,
            vec![
                i("ami-pub", ACCOUNT, true),
                i("ami-priv", ACCOUNT, false),
                i("ami-vendor", "137112412989", true),
            ],
        );
        assert_eq!(status_of(&f, "ami-pub"), Some(Status::Fail));
        assert_eq!(status_of(&f, "ami-priv"), Some(Status::Pass));
        assert_eq!(status_of(&f, "ami-vendor"), None);
    }
}
