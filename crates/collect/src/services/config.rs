//! AWS Config: whether a configuration recorder is recording (an account setting per region).

use aws_sdk_config::Client;

use crate::ctx::Ctx;
use crate::json::obj;

/// `config-describe-configuration-recorder-status.json`.
pub(crate) async fn collect(cx: &Ctx) {
    let c = Client::new(&cx.sdk);
    let op = "describe-configuration-recorder-status";
    if let Some(out) = cx
        .one(
            "config",
            op,
            None,
            &[],
            c.describe_configuration_recorder_status().send(),
        )
        .await
    {
        let v = obj()
            .l(
                "ConfigurationRecordersStatus",
                out.configuration_recorders_status(),
                |s| {
                    obj()
                        .s("arn", s.arn())
                        .s("name", s.name())
                        .t("lastStartTime", s.last_start_time())
                        .t("lastStopTime", s.last_stop_time())
                        .b("recording", Some(s.recording()))
                        .e("lastStatus", s.last_status())
                        .s("lastErrorCode", s.last_error_code())
                        .s("lastErrorMessage", s.last_error_message())
                        .t("lastStatusChangeTime", s.last_status_change_time())
                        .done()
                },
            )
            .done();
        cx.write("config", op, None, &v);
    }
}
