//! EBS snapshots are shared only with accounts of the estate.
//!
//! Why: an account granted create-volume permission can copy the disk; sharing with accounts
//! outside the inventory and its organization hands data to whoever runs them.
//! Fix: remove the unknown accounts from the snapshot's createVolumePermission.

use nephos_model::{Properties, ResourceKind};
use serde_json::json;

use crate::context::Context;
use crate::finding::Finding;
use crate::meta::{CheckMeta, Severity};

/// Metadata.
pub const META: CheckMeta = CheckMeta {
    id: "ec2_snapshot_shared_with_known_accounts",
    title: "EBS snapshots are shared only with accounts of the estate",
    severity: Severity::High,
    kinds: &[ResourceKind::Snapshot],
    rationale: "An account with create-volume permission can copy the whole disk; sharing with unknown accounts hands the data away.",
    remediation: "aws ec2 modify-snapshot-attribute --snapshot-id ID --attribute createVolumePermission --operation-type remove --user-ids ACCOUNT",
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
        if p.public.is_none() {
            continue;
        }
        let unknown: Vec<&str> = p
            .shared_with_accounts
            .iter()
            .map(String::as_str)
            .filter(|a| !ctx.is_known_account(a))
            .collect();
        out.push(Finding::verdict(
            &META,
            r,
            unknown.is_empty(),
            format!(
                "{} is shared with no account outside the estate",
                p.snapshot_id
            ),
            format!(
                "{} is shared with {} account(s) outside the estate",
                p.snapshot_id,
                unknown.len()
            ),
            json!({ "shared_with": p.shared_with_accounts, "unknown_accounts": unknown }),
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
    fn fails_share_with_foreign_account() {
        let s = |id: &str, with: &str| {
            ec2(
                ResourceKind::Snapshot,
                "snapshot",
                id,
                Properties::Snapshot(SnapshotProps {
                    snapshot_id: id.into(),
                    public: Some(false),
                    shared_with_accounts: vec![with.into()],
                    ..Default::default()
                }),
            )
        };
        let f = run_check(
            super::run,
            vec![s("snap-out", "999988887777"), s("snap-in", ACCOUNT)],
        );
        assert_eq!(status_of(&f, "snap-out"), Some(Status::Fail));
        assert_eq!(status_of(&f, "snap-in"), Some(Status::Pass));
    }
}
