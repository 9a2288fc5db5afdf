//! CloudTrail checks: a multi-region trail that is logging, and each trail's validation,
//! encryption, destination bucket and CloudWatch Logs delivery.

pub mod cloudtrail_bucket_access_logging_enabled;
pub mod cloudtrail_bucket_not_public;
pub mod cloudtrail_cloudwatch_logs_integrated;
pub mod cloudtrail_enabled;
pub mod cloudtrail_kms_encryption_enabled;
pub mod cloudtrail_log_file_validation_enabled;
pub mod cloudtrail_logging_active;
pub mod cloudtrail_trail_multi_region_enabled;

use nephos_model::props::TrailProps;
use nephos_model::{Properties, Resource};

use crate::context::Context;

/// Every trail with its properties.
pub fn trails<'a>(ctx: &'a Context) -> impl Iterator<Item = (&'a Resource, &'a TrailProps)> + 'a {
    ctx.of_kind(nephos_model::ResourceKind::Trail)
        .iter()
        .filter_map(|r| match &r.props {
            Properties::Trail(p) => Some((*r, p)),
            _ => None,
        })
}

#[cfg(test)]
pub(crate) mod fixtures {
    use nephos_model::props::TrailProps;
    use nephos_model::{Properties, Resource, ResourceKind};

    use crate::testutil::{ACCOUNT, REGION, regional};

    /// A good trail: multi-region, logging, validated, KMS-encrypted, to bucket `trail-logs`.
    pub fn trail(name: &str, f: impl FnOnce(&mut TrailProps)) -> Resource {
        let mut p = TrailProps {
            home_region: REGION.into(),
            is_multi_region: true,
            log_file_validation_enabled: true,
            s3_bucket_name: Some("trail-logs".into()),
            kms_key_id: Some(format!("arn:aws:kms:{REGION}:{ACCOUNT}:key/k")),
            cloud_watch_logs_log_group_arn: Some(format!(
                "arn:aws:logs:{REGION}:{ACCOUNT}:log-group:trail:*"
            )),
            is_logging: Some(true),
            include_global_service_events: true,
            ..Default::default()
        };
        f(&mut p);
        regional(
            ResourceKind::Trail,
            &format!("arn:aws:cloudtrail:{REGION}:{ACCOUNT}:trail/{name}"),
            Properties::Trail(p),
        )
    }
}
