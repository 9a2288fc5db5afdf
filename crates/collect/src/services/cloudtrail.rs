//! CloudTrail: trails and their logging status (`cloudtrail-*` files; `trailList` as the API spells it).

use aws_sdk_cloudtrail::Client;

use crate::ctx::Ctx;
use crate::json::obj;

const SVC: &str = "cloudtrail";

/// Every CloudTrail read of one region.
pub(crate) async fn collect(cx: &Ctx) {
    let c = Client::new(&cx.sdk);
    let op = "describe-trails";
    let Some(out) = cx.one(SVC, op, None, &[], c.describe_trails().send()).await else {
        return;
    };
    let v = obj()
        .l("trailList", out.trail_list(), |x| {
            obj()
                .s("Name", x.name())
                .s("S3BucketName", x.s3_bucket_name())
                .s("S3KeyPrefix", x.s3_key_prefix())
                .s("SnsTopicARN", x.sns_topic_arn())
                .b(
                    "IncludeGlobalServiceEvents",
                    x.include_global_service_events(),
                )
                .b("IsMultiRegionTrail", x.is_multi_region_trail())
                .s("HomeRegion", x.home_region())
                .s("TrailARN", x.trail_arn())
                .b("LogFileValidationEnabled", x.log_file_validation_enabled())
                .s(
                    "CloudWatchLogsLogGroupArn",
                    x.cloud_watch_logs_log_group_arn(),
                )
                .s("CloudWatchLogsRoleArn", x.cloud_watch_logs_role_arn())
                .s("KmsKeyId", x.kms_key_id())
                .b("HasCustomEventSelectors", x.has_custom_event_selectors())
                .b("HasInsightSelectors", x.has_insight_selectors())
                .b("IsOrganizationTrail", x.is_organization_trail())
                .done()
        })
        .done();
    cx.write(SVC, op, None, &v);
    for arn in out.trail_list().iter().filter_map(|x| x.trail_arn()) {
        let op = "get-trail-status";
        if let Some(s) = cx
            .one(
                SVC,
                op,
                Some(arn),
                &[],
                c.get_trail_status().name(arn).send(),
            )
            .await
        {
            let v = obj()
                .b("IsLogging", s.is_logging())
                .s("LatestDeliveryError", s.latest_delivery_error())
                .t("LatestDeliveryTime", s.latest_delivery_time())
                .t("StartLoggingTime", s.start_logging_time())
                .t("StopLoggingTime", s.stop_logging_time())
                .done();
            cx.write(SVC, op, Some(arn), &v);
        }
    }
}
