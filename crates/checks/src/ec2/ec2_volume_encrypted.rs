//! EBS volumes are encrypted.
//!
//! Why: unencrypted volumes and their snapshots expose data to anyone who gets a copy, and cannot be
//! shared safely.
//! Fix: snapshot the volume, copy the snapshot with encryption, create a volume from it and swap it
//! in; turn on encryption by default.

use nephos_model::{Properties, ResourceKind};
use serde_json::json;

use crate::context::Context;
use crate::finding::Finding;
use crate::meta::{CheckMeta, Severity};

/// Metadata.
pub const META: CheckMeta = CheckMeta {
    id: "ec2_volume_encrypted",
    title: "EBS volumes are encrypted at rest",
    severity: Severity::Medium,
    kinds: &[ResourceKind::Volume],
    rationale: "Unencrypted volumes (and the snapshots taken from them) expose their data to anyone who obtains a copy.",
    remediation: "Snapshot the volume, copy the snapshot with --encrypted, create a new volume from it and replace the old one; enable EBS encryption by default.",
    references: &["https://docs.aws.amazon.com/ebs/latest/userguide/ebs-encryption.html"],
    compliance: &[],
};

/// Runs the check over every volume.
pub fn run(ctx: &Context, out: &mut Vec<Finding>) {
    for r in ctx.of_kind(ResourceKind::Volume) {
        let Properties::Volume(p) = &r.props else {
            continue;
        };
        out.push(Finding::verdict(
            &META,
            r,
            p.encrypted,
            format!("{} is encrypted", p.volume_id),
            format!("{} is not encrypted", p.volume_id),
            json!({ "encrypted": p.encrypted, "kms_key_id": p.kms_key_id, "attached_instances": p.attached_instance_ids }),
        ));
    }
}

#[cfg(test)]
mod tests {
    use crate::finding::Status;
    use crate::testutil::*;
    use nephos_model::props::VolumeProps;
    use nephos_model::{Properties, ResourceKind};

    #[test]
    fn fails_plain_volume() {
        let v = |id: &str, encrypted| {
            ec2(
                ResourceKind::Volume,
                "volume",
                id,
                Properties::Volume(VolumeProps {
                    volume_id: id.into(),
                    encrypted,
                    ..Default::default()
                }),
            )
        };
        let f = run_check(super::run, vec![v("vol-plain", false), v("vol-enc", true)]);
        assert_eq!(status_of(&f, "vol-plain"), Some(Status::Fail));
        assert_eq!(status_of(&f, "vol-enc"), Some(Status::Pass));
    }
}
