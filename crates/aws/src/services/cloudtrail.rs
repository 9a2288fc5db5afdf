//! CloudTrail trails (camelCase `trailList`, PascalCase members) and their status.

use crate::items::Items;
use nephos_model::props::*;
use nephos_model::{Properties, RelationshipKind as K, ResourceId, ResourceKind};
use serde::Deserialize;
use serde_json::Result;

use crate::out::{Ctx, Out, Target};
use crate::text::{Text, opt};

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Trail<'a> {
    #[serde(borrow)]
    name: Text<'a>,
    #[serde(default, borrow, rename = "TrailARN")]
    trail_arn: Option<Text<'a>>,
    #[serde(default, borrow)]
    home_region: Option<Text<'a>>,
    #[serde(default)]
    is_multi_region_trail: bool,
    #[serde(default)]
    is_organization_trail: bool,
    #[serde(default)]
    log_file_validation_enabled: bool,
    #[serde(default, borrow)]
    s3_bucket_name: Option<Text<'a>>,
    #[serde(default, borrow)]
    kms_key_id: Option<Text<'a>>,
    #[serde(default, borrow)]
    cloud_watch_logs_log_group_arn: Option<Text<'a>>,
    #[serde(default)]
    include_global_service_events: bool,
}

#[derive(Deserialize)]
struct Trails<'a> {
    #[serde(default, borrow, rename = "trailList")]
    trail_list: Items<Trail<'a>>,
}

/// `cloudtrail-describe-trails.json`. A multi-region trail is listed in every region; it is one
/// resource, in its home region.
pub fn trails(ctx: &Ctx<'_>, bytes: &[u8], out: &mut Out) -> Result<()> {
    let doc: Trails<'_> = serde_json::from_slice(bytes)?;
    for t in doc.trail_list {
        let home = opt(&t.home_region).unwrap_or_else(|| ctx.region.to_owned());
        let id = match opt(&t.trail_arn) {
            Some(a) => ResourceId::new(a),
            None => ResourceId::arn(
                "cloudtrail",
                &home,
                ctx.account,
                &format!("trail/{}", t.name),
            ),
        };
        let account = id.arn_parts().map_or(ctx.account, |p| p.account).to_owned();
        if let Some(b) = opt(&t.s3_bucket_name) {
            out.rel(
                id.clone(),
                K::LogsTo,
                ResourceId::new(format!(
                    "arn:{}:s3:::{b}",
                    nephos_model::partition_for_region(&home)
                )),
                "cloudtrail:DescribeTrails trailList[].S3BucketName",
            );
        }
        if let Some(g) = opt(&t.cloud_watch_logs_log_group_arn) {
            out.rel(
                id.clone(),
                K::LogsTo,
                ResourceId::new(g.trim_end_matches(":*")),
                "cloudtrail:DescribeTrails trailList[].CloudWatchLogsLogGroupArn",
            );
        }
        if let Some(k) = opt(&t.kms_key_id) {
            out.rel(
                id.clone(),
                K::EncryptedBy,
                Target::Kms {
                    region: Some(home.clone()),
                    key: k,
                },
                "cloudtrail:DescribeTrails trailList[].KmsKeyId",
            );
        }
        if home == ctx.region && account == ctx.account {
            out.rel(
                ctx.region_id(),
                K::Contains,
                id.clone(),
                "cloudtrail:DescribeTrails trailList[].HomeRegion",
            );
        }
        let mut r = nephos_model::Resource::new(
            id,
            ResourceKind::Trail,
            account,
            Some(home.clone()),
            t.name.to_owned_string(),
        );
        r.props = Properties::Trail(TrailProps {
            home_region: home,
            is_multi_region: t.is_multi_region_trail,
            is_organization_trail: t.is_organization_trail,
            log_file_validation_enabled: t.log_file_validation_enabled,
            s3_bucket_name: opt(&t.s3_bucket_name),
            kms_key_id: opt(&t.kms_key_id),
            cloud_watch_logs_log_group_arn: opt(&t.cloud_watch_logs_log_group_arn),
            is_logging: None,
            include_global_service_events: t.include_global_service_events,
        });
        out.resources.push(r);
    }
    Ok(())
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct TrailStatus {
    #[serde(default)]
    is_logging: Option<bool>,
}

/// `cloudtrail-get-trail-status/<trail-arn>`.
pub fn trail_status(ctx: &Ctx<'_>, bytes: &[u8], out: &mut Out) -> Result<()> {
    let doc: TrailStatus = serde_json::from_slice(bytes)?;
    let param = ctx.param();
    let id = if param.starts_with("arn:") {
        ResourceId::new(param)
    } else {
        ResourceId::arn(
            "cloudtrail",
            ctx.region,
            ctx.account,
            &format!("trail/{param}"),
        )
    };
    out.patch(id, move |r| {
        if let Properties::Trail(p) = &mut r.props {
            p.is_logging = doc.is_logging.or(p.is_logging);
        }
    });
    Ok(())
}
