//! RDS checks: encryption, public accessibility, minor version upgrades, backups, deletion
//! protection, Multi-AZ and IAM authentication.

pub mod rds_instance_auto_minor_version_upgrade;
pub mod rds_instance_backup_enabled;
pub mod rds_instance_deletion_protection;
pub mod rds_instance_iam_authentication_enabled;
pub mod rds_instance_multi_az;
pub mod rds_instance_not_publicly_accessible;
pub mod rds_instance_storage_encrypted;

use nephos_model::props::DbInstanceProps;
use nephos_model::{Properties, Resource};

use crate::context::Context;

/// Every DB instance with its properties.
pub fn instances<'a>(
    ctx: &'a Context,
) -> impl Iterator<Item = (&'a Resource, &'a DbInstanceProps)> + 'a {
    ctx.of_kind(nephos_model::ResourceKind::DbInstance)
        .iter()
        .filter_map(|r| match &r.props {
            Properties::DbInstance(p) => Some((*r, p.as_ref())),
            _ => None,
        })
}

#[cfg(test)]
pub(crate) mod fixtures {
    use nephos_model::props::DbInstanceProps;
    use nephos_model::{Properties, Resource, ResourceKind};

    use crate::testutil::{ACCOUNT, REGION, regional};

    /// A well-configured PostgreSQL instance; adjust with `f`.
    pub fn db(name: &str, f: impl FnOnce(&mut DbInstanceProps)) -> Resource {
        let mut p = DbInstanceProps {
            identifier: name.into(),
            engine: "postgres".into(),
            storage_encrypted: true,
            auto_minor_version_upgrade: true,
            backup_retention_period: 7,
            deletion_protection: true,
            multi_az: true,
            iam_database_authentication: true,
            status: "available".into(),
            ..Default::default()
        };
        f(&mut p);
        regional(
            ResourceKind::DbInstance,
            &format!("arn:aws:rds:{REGION}:{ACCOUNT}:db:{name}"),
            Properties::DbInstance(Box::new(p)),
        )
    }
}
