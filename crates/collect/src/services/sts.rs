//! STS: `sts-get-caller-identity.json` (us-east-1), the account's identity.

use aws_config::SdkConfig;
use aws_sdk_sts::Client;
use aws_sdk_sts::operation::get_caller_identity::GetCallerIdentityOutput;
use aws_smithy_types::error::display::DisplayErrorContext;

use crate::ctx::Ctx;
use crate::json::obj;

/// Asks who the credentials belong to (the first call of every account: no identity, no collection).
pub(crate) async fn identity(sdk: &SdkConfig) -> Result<GetCallerIdentityOutput, String> {
    Client::new(sdk)
        .get_caller_identity()
        .send()
        .await
        .map_err(|e| DisplayErrorContext(&e).to_string())
}

/// Writes `sts-get-caller-identity.json`.
pub(crate) fn write(cx: &Ctx, out: &GetCallerIdentityOutput) {
    let v = obj()
        .s("UserId", out.user_id())
        .s("Account", out.account())
        .s("Arn", out.arn())
        .done();
    cx.write("sts", "get-caller-identity", None, &v);
}
