//! EBS snapshots are encrypted.
//!
//! Why: snapshots are copied and shared across accounts; an unencrypted one carries its data in the
//! clear wherever it goes.
//! Fix: copy the snapshot with encryption and delete the unencrypted original.

use nephos_model::{Properties, ResourceKind};
use serde_json::json;

use crate::context::Context;
use crate::finding::Finding;
use crate::meta::{CheckMeta, Severity};

/// Metadata.
pub const META: CheckMeta = CheckMeta {
    id: "ec2_snapshot_encrypted",
    title: "EBS snapshots are encrypted",
    severity: Severity::Medium,
    kinds: &[ResourceKind::Snapshot],
    rationale: "Snapshots are copied and shared; an unencrypted one carries its data in the clear wherever it goes.",
    remediation: "aws ec2 copy-snapshot --encrypted --source-snapshot-id ID …, then delete the unencrypted snapshot.",
    references: &["https://docs.aws.amazon.com/ebs/latest/userguide/ebs-encryption.html"],
    compliance: &[],
};

/// Runs the check over snapshots the account owns.
pub fn run(ctx: &Context, out: &mut Vec<Finding>) {
    for r in ctx.of_kind(ResourceKind::Snapshot) {
        let Properties::Snapshot(p) = &r.props else {
            continue;
        };
        if !p.owner_id.is_empty() && p.owner_id != r.account {
            continue;
        }
        out.push(Finding::verdict(
            &META,
            r,
            p.encrypted,
            format!("{} is encrypted", p.snapshot_id),
            format!("{} is not encrypted", p.snapshot_id),
            json!({ "encrypted": p.encrypted, "volume_id": p.volume_id }),
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
    fn fails_plain_snapshot() {
        let s = |id: &str, encrypted| {
            ec2(
                ResourceKind::Snapshot,
                "snapshot",
                id,
                Properties::Snapshot(SnapshotProps {
                    snapshot_id: id.into(),
                    encrypted,
                    ..Default::default()
                }),
            )
        };
        let f = run_check(
            super::run,
            vec![s("snap-plain", false), s("snap-enc", true)],
        );
        assert_eq!(status_of(&f, "snap-plain"), Some(Status::Fail));
        assert_eq!(status_of(&f, "snap-enc"), Some(Status::Pass));
    }
}
