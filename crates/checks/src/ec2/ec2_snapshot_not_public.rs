//! EBS snapshots are not public.
//!
//! Why: a public snapshot can be copied by any AWS account and mounted to read the whole disk.
//! Fix: `aws ec2 modify-snapshot-attribute --snapshot-id ID --attribute createVolumePermission --operation-type remove --group-names all`.

use nephos_model::{Properties, ResourceKind};
use serde_json::json;

use crate::context::Context;
use crate::finding::Finding;
use crate::meta::{CheckMeta, Severity};

/// Metadata.
pub const META: CheckMeta = CheckMeta {
    id: "ec2_snapshot_not_public",
    title: "EBS snapshots are not shared publicly",
    severity: Severity::Critical,
    kinds: &[ResourceKind::Snapshot],
    rationale: "Any AWS account can create a volume from a public snapshot and read the whole disk.",
    remediation: "aws ec2 modify-snapshot-attribute --snapshot-id ID --attribute createVolumePermission --operation-type remove --group-names all; enable block public access for EBS snapshots.",
    references: &[
        "https://docs.aws.amazon.com/ebs/latest/userguide/ebs-modifying-snapshot-permissions.html",
    ],
    compliance: &[],
};

/// Runs the check over snapshots whose permissions were collected.
pub fn run(ctx: &Context, out: &mut Vec<Finding>) {
    for r in ctx.of_kind(ResourceKind::Snapshot) {
        let Properties::Snapshot(p) = &r.props else {
            continue;
        };
        if !p.owner_id.is_empty() && p.owner_id != r.account {
            continue;
        }
        let Some(public) = p.public else {
            continue;
        };
        out.push(Finding::verdict(
            &META,
            r,
            !public,
            format!("{} is not public", p.snapshot_id),
            format!("{} can be restored by any AWS account", p.snapshot_id),
            json!({ "create_volume_permission_group_all": public }),
        ));
    }
}

#[cfg(test)]
mod tests {
    use crate::finding::Status;
    use crate::testutil::*;
    use nephos_model::props::SnapshotProps;
    use nephos_model::{Properties, ResourceKind};

    #[test]
    fn fails_public_snapshot() {
        let s = |id: &str, public| {
            ec2(
                ResourceKind::Snapshot,
                "snapshot",
                id,
                Properties::Snapshot(SnapshotProps {
                    snapshot_id: id.into(),
                    public,
                    ..Default::default()
                }),
            )
        };
        let f = run_check(
            super::run,
            vec![
                s("snap-pub", Some(true)),
                s("snap-priv", Some(false)),
                s("snap-unknown", None),
            ],
        );
        assert_eq!(status_of(&f, "snap-pub"), Some(Status::Fail));
        assert_eq!(status_of(&f, "snap-priv"), Some(Status::Pass));
        assert_eq!(status_of(&f, "snap-unknown"), None);
    }
}
