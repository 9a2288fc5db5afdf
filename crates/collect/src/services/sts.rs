//! STS: `sts-get-caller-identity.json` (us-east-1), the account's identity.

use aws_config::SdkConfig;
use aws_sdk_sts::Client;
use aws_sdk_sts::config::http::HttpResponse;
use aws_sdk_sts::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_sts::operation::assume_role::AssumeRoleError;
use aws_sdk_sts::operation::get_caller_identity::GetCallerIdentityOutput;
use aws_smithy_types::error::display::DisplayErrorContext;

use crate::ctx::Ctx;
use crate::json::obj;

/// Why the caller's identity could not be read: AWS's error code (from `sts:AssumeRole` when the
/// credentials come from an assumed role and that failed) and the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct IdentityFailure {
    /// AWS's error code (`AccessDenied`), or `DispatchFailure` / `Unknown` when there is none.
    pub code: String,
    /// True when the failure is the `sts:AssumeRole` call of an assumed-role target.
    pub assume_role: bool,
    /// The message, with its causes.
    pub message: String,
}

/// Asks who the credentials belong to (the first call of every account: no identity, no collection).
pub(crate) async fn identity(sdk: &SdkConfig) -> Result<GetCallerIdentityOutput, IdentityFailure> {
    Client::new(sdk)
        .get_caller_identity()
        .send()
        .await
        .map_err(|e| failure(&e))
}

fn failure<E>(e: &SdkError<E, HttpResponse>) -> IdentityFailure
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
{
    // Credentials from an assumed role are fetched when the first call is signed: a refused
    // sts:AssumeRole surfaces as that call's dispatch failure, with the STS error as a cause.
    let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(c) = cause {
        if let Some(assume) = c.downcast_ref::<SdkError<AssumeRoleError, HttpResponse>>() {
            let unparsed = crate::ctx::unparsed_error(assume);
            let code = assume
                .code()
                .map(str::to_owned)
                .or_else(|| unparsed.as_ref().map(|(c, _)| c.clone()))
                .unwrap_or_else(|| "Unknown".to_owned());
            let message = assume
                .message()
                .map(str::to_owned)
                .or_else(|| unparsed.and_then(|(_, m)| m))
                .unwrap_or_else(|| DisplayErrorContext(assume).to_string());
            return IdentityFailure {
                code,
                assume_role: true,
                message,
            };
        }
        cause = c.source();
    }
    if let Some((code, message)) = crate::ctx::unparsed_error(e) {
        return IdentityFailure {
            code,
            assume_role: false,
            message: message.unwrap_or_else(|| DisplayErrorContext(e).to_string()),
        };
    }
    let code = match (e.code(), e) {
        (Some(c), _) => c.to_owned(),
        (None, SdkError::DispatchFailure(_)) => "DispatchFailure".to_owned(),
        (None, SdkError::TimeoutError(_)) => "Timeout".to_owned(),
        (None, _) => "Unknown".to_owned(),
    };
    IdentityFailure {
        code,
        assume_role: false,
        message: DisplayErrorContext(e).to_string(),
    }
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
