//! The context every service collector works in: where files go, how calls are bounded and counted,
//! and how a failed call is classified and recorded.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use aws_config::SdkConfig;
use aws_sdk_sts::config::http::HttpResponse;
use aws_sdk_sts::error::{ProvideErrorMetadata, SdkError};
use aws_smithy_types::error::display::DisplayErrorContext;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde_json::Value;
use tokio::sync::{Semaphore, SemaphorePermit};

use crate::error::{CallError, ErrorClass};

/// RFC 3986 unreserved characters (`A-Z a-z 0-9 - . _ ~`) stay as they are; all else is encoded.
const PARAMETER: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// The file name of a per-parameter file: the parameter, percent-encoded.
/// `.` and `..` (which are not file names) are written `%2E` and `%2E%2E`.
pub fn parameter_file_name(parameter: &str) -> String {
    match parameter {
        "." => "%2E".to_owned(),
        ".." => "%2E%2E".to_owned(),
        _ => utf8_percent_encode(parameter, PARAMETER).to_string(),
    }
}

/// What one account's collection shares: its folder, counters and error list.
#[derive(Debug)]
pub(crate) struct AccountSink {
    /// `ROOT/<account-name>`.
    pub dir: PathBuf,
    calls: AtomicU64,
    files: AtomicU64,
    errors: Mutex<Vec<CallError>>,
    write_failures: Mutex<Vec<String>>,
}

impl AccountSink {
    pub(crate) fn new(dir: PathBuf) -> Self {
        Self {
            dir,
            calls: AtomicU64::new(0),
            files: AtomicU64::new(0),
            errors: Mutex::new(Vec::new()),
            write_failures: Mutex::new(Vec::new()),
        }
    }

    pub(crate) fn calls(&self) -> u64 {
        self.calls.load(Ordering::Relaxed)
    }

    pub(crate) fn files(&self) -> u64 {
        self.files.load(Ordering::Relaxed)
    }

    pub(crate) fn push_error(&self, e: CallError) {
        if let Ok(mut errs) = self.errors.lock() {
            errs.push(e);
        }
    }

    /// The recorded errors, sorted for a stable file.
    pub(crate) fn take_errors(&self) -> Vec<CallError> {
        let mut errs = self.errors.lock().map(|e| e.clone()).unwrap_or_default();
        errs.sort_by(|a, b| {
            (&a.region, &a.service, &a.operation, &a.parameter).cmp(&(
                &b.region,
                &b.service,
                &b.operation,
                &b.parameter,
            ))
        });
        errs
    }

    pub(crate) fn take_write_failures(&self) -> Vec<String> {
        self.write_failures
            .lock()
            .map(|e| e.clone())
            .unwrap_or_default()
    }

    fn write(
        &self,
        region: &str,
        service: &str,
        operation: &str,
        parameter: Option<&str>,
        v: &Value,
    ) {
        let base = self.dir.join(region);
        let path = match parameter {
            None => base.join(format!("{service}-{operation}.json")),
            Some(p) => base
                .join(format!("{service}-{operation}"))
                .join(parameter_file_name(p)),
        };
        if let Err(e) = write_json(&path, v) {
            if let Ok(mut f) = self.write_failures.lock() {
                f.push(format!("cannot write `{}`: {e}", path.display()));
            }
        } else {
            self.files.fetch_add(1, Ordering::Relaxed);
        }
    }
}

fn write_json(path: &Path, v: &Value) -> std::io::Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let bytes = serde_json::to_vec_pretty(v).map_err(std::io::Error::other)?;
    std::fs::write(path, bytes)
}

/// One region of one account: the SDK config for that region and the shared sink and limits.
#[derive(Debug, Clone)]
pub(crate) struct Ctx {
    pub sdk: SdkConfig,
    pub region: String,
    pub sink: Arc<AccountSink>,
    pub limit: Arc<Semaphore>,
    /// An endpoint override is in force (S3 then uses path-style addressing).
    pub endpoint_override: bool,
}

impl Ctx {
    /// Waits for a slot among the calls in flight.
    pub(crate) async fn permit(&self) -> Option<SemaphorePermit<'_>> {
        self.limit.acquire().await.ok()
    }

    /// Counts one HTTP request made.
    pub(crate) fn count_call(&self) {
        self.sink.calls.fetch_add(1, Ordering::Relaxed);
    }

    /// Writes `<region>/<service>-<operation>.json`, or `<region>/<service>-<operation>/<parameter>`.
    pub(crate) fn write(&self, service: &str, operation: &str, parameter: Option<&str>, v: &Value) {
        self.sink
            .write(&self.region, service, operation, parameter, v);
    }

    /// Runs one (non-paginated) call within the concurrency limit. On an error whose code is in
    /// `not_configured`, writes `{}` (collected, not configured); on any other error, records it.
    pub(crate) async fn one<T, E, F>(
        &self,
        service: &str,
        operation: &str,
        parameter: Option<&str>,
        not_configured: &[&str],
        fut: F,
    ) -> Option<T>
    where
        F: std::future::Future<Output = Result<T, SdkError<E, HttpResponse>>>,
        E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
    {
        let result = {
            let _permit = self.permit().await;
            self.count_call();
            fut.await
        };
        match result {
            Ok(out) => Some(out),
            Err(err) => {
                self.failed(service, operation, parameter, not_configured, &err);
                None
            }
        }
    }

    /// Records a failed call (or writes `{}` when its code says "not configured").
    pub(crate) fn failed<E>(
        &self,
        service: &str,
        operation: &str,
        parameter: Option<&str>,
        not_configured: &[&str],
        err: &SdkError<E, HttpResponse>,
    ) where
        E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
    {
        let from_body = unparsed_error(err);
        let code = err.code().or(from_body.as_ref().map(|(c, _)| c.as_str()));
        if let Some(c) = code
            && not_configured.contains(&c)
        {
            self.write(
                service,
                operation,
                parameter,
                &Value::Object(serde_json::Map::new()),
            );
            return;
        }
        let (error_code, message) = match (code, err) {
            (Some(c), _) => (
                c.to_owned(),
                err.message()
                    .or(from_body.as_ref().and_then(|(_, m)| m.as_deref()))
                    .map(str::to_owned)
                    .unwrap_or_else(|| DisplayErrorContext(err).to_string()),
            ),
            (None, SdkError::DispatchFailure(_)) => (
                "DispatchFailure".to_owned(),
                DisplayErrorContext(err).to_string(),
            ),
            (None, SdkError::TimeoutError(_)) => {
                ("Timeout".to_owned(), DisplayErrorContext(err).to_string())
            }
            (None, SdkError::ResponseError(_)) => (
                "ResponseError".to_owned(),
                DisplayErrorContext(err).to_string(),
            ),
            (None, SdkError::ConstructionFailure(_)) => (
                "ConstructionFailure".to_owned(),
                DisplayErrorContext(err).to_string(),
            ),
            (None, SdkError::ServiceError(_)) => (
                "UnparsedServiceError".to_owned(),
                DisplayErrorContext(err).to_string(),
            ),
            (None, _) => ("Unknown".to_owned(), DisplayErrorContext(err).to_string()),
        };
        let message = shorten(&message, 400);
        self.sink.push_error(CallError {
            region: self.region.clone(),
            service: service.to_owned(),
            operation: operation.to_owned(),
            parameter: parameter.map(str::to_owned),
            class: ErrorClass::of_code(code),
            error_code,
            message,
        });
    }
}

/// The `<Code>` and `<Message>` of an error answer the SDK could not parse (its code is `None`):
/// an XML error body in another protocol's envelope (`<ErrorResponse><Errors><Error>…`, as some
/// emulators and proxies send). AWS's own error answers parse, and this is never consulted for them.
pub(crate) fn unparsed_error<E>(err: &SdkError<E, HttpResponse>) -> Option<(String, Option<String>)>
where
    E: ProvideErrorMetadata,
{
    if err.code().is_some() {
        return None;
    }
    let body = err.raw_response()?.body().bytes()?;
    let text = std::str::from_utf8(body).ok()?;
    error_from_xml(text)
}

/// The first `<Code>` (and `<Message>`) of an XML error document.
fn error_from_xml(text: &str) -> Option<(String, Option<String>)> {
    fn element<'a>(text: &'a str, name: &str) -> Option<&'a str> {
        let open = format!("<{name}>");
        let start = text.find(&open)? + open.len();
        let len = text[start..].find(&format!("</{name}>"))?;
        Some(text[start..start + len].trim())
    }
    let code = element(text, "Code").filter(|c| {
        !c.is_empty()
            && c.chars()
                .all(|ch| ch.is_ascii_alphanumeric() || ch == '.' || ch == '_')
    })?;
    Some((code.to_owned(), element(text, "Message").map(str::to_owned)))
}

/// At most `max` characters of `text` (error messages can embed a whole HTTP response).
fn shorten(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text.to_owned(),
    }
}

/// Runs a paginated call (every page) within the concurrency limit; `Some(pages)` or records the
/// error and gives `None`. A macro because the SDK's pagination stream type is not re-exported.
macro_rules! pages {
    ($cx:expr, $service:expr, $operation:expr, $parameter:expr, $stream:expr) => {{
        let cx: &$crate::ctx::Ctx = $cx;
        let mut pages = Vec::new();
        let mut failure = None;
        {
            let _permit = cx.permit().await;
            let mut stream = $stream;
            loop {
                match stream.next().await {
                    Some(Ok(page)) => {
                        cx.count_call();
                        pages.push(page);
                    }
                    Some(Err(e)) => {
                        cx.count_call();
                        failure = Some(e);
                        break;
                    }
                    None => break,
                }
            }
        }
        match failure {
            None => Some(pages),
            Some(e) => {
                cx.failed($service, $operation, $parameter, &[], &e);
                None
            }
        }
    }};
}
pub(crate) use pages;

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn parameters_are_percent_encoded() {
        assert_eq!(parameter_file_name("my-bucket.v2_x~"), "my-bucket.v2_x~");
        assert_eq!(parameter_file_name(".."), "%2E%2E");
        assert_eq!(
            parameter_file_name("arn:aws:lambda:us-east-1:1:function:f"),
            "arn%3Aaws%3Alambda%3Aus-east-1%3A1%3Afunction%3Af"
        );
        assert_eq!(
            parameter_file_name("https://sqs.us-east-1.amazonaws.com/1/q"),
            "https%3A%2F%2Fsqs.us-east-1.amazonaws.com%2F1%2Fq"
        );
    }

    #[test]
    fn error_codes_are_read_from_unparsed_xml_bodies() {
        let body = r#"<?xml version="1.0" encoding="utf-8"?>
<ErrorResponse><Errors><Error><Code>AccessDenied</Code><Message>User: arn:aws:iam::1:user/a is not authorized to perform: sts:AssumeRole</Message><Type>Sender</Type></Error></Errors></ErrorResponse>"#;
        assert_eq!(
            error_from_xml(body),
            Some((
                "AccessDenied".to_owned(),
                Some(
                    "User: arn:aws:iam::1:user/a is not authorized to perform: sts:AssumeRole"
                        .to_owned()
                )
            ))
        );
        assert_eq!(error_from_xml("<html><body>500</body></html>"), None);
        assert_eq!(error_from_xml("<Code>not a code</Code>"), None);
        assert_eq!(error_from_xml("<Code>X"), None);
    }

    #[test]
    fn long_messages_are_shortened_on_char_boundaries() {
        assert_eq!(shorten("abc", 5), "abc");
        assert_eq!(shorten("ééééé", 2), "éé…");
    }

    proptest! {
        #[test]
        fn file_names_never_hold_separators_and_round_trip(p in ".+") {
            let name = parameter_file_name(&p);
            prop_assert!(!name.contains('/'));
            prop_assert!(name != "." && name != "..");
            let back = percent_encoding::percent_decode_str(&name)
                .decode_utf8()
                .map(|c| c.into_owned())
                .ok();
            prop_assert_eq!(back, Some(p.clone()));
        }
    }
}
