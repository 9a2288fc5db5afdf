//! Errors: the few that stop a collection ([`CollectError`]) and the many that do not ([`CallError`]).

use std::path::PathBuf;

use serde::Serialize;

/// What stops a collection before it can start or finish at all.
///
/// A failed API call is never one of these: it becomes a [`CallError`] in `collect-errors.json` and
/// the collection goes on.
#[derive(Debug, thiserror::Error)]
pub enum CollectError {
    /// The async runtime could not be started.
    #[error("cannot start the async runtime: {0}")]
    Runtime(#[source] std::io::Error),
    /// A file or folder of the output could not be written.
    #[error("cannot write `{path}`: {source}")]
    Write {
        /// The file or folder.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// No credentials resolve, or the caller's identity cannot be read.
    #[error(
        "cannot identify the caller (sts get-caller-identity) for `{target}`: {error_code}: {message}"
    )]
    Identity {
        /// The account target: `default`, a profile or a role ARN.
        target: String,
        /// AWS's error code (`AccessDenied` when the role cannot be assumed), or a short
        /// description of a non-AWS failure (`DispatchFailure`).
        error_code: String,
        /// The error AWS or the credential chain gave.
        message: String,
    },
    /// `--org` was given but the organization's accounts cannot be listed.
    #[error("cannot list the organization's accounts: {0}")]
    Organization(String),
    /// An option is malformed.
    #[error("invalid option: {0}")]
    Option(String),
}

/// The class of a failed call, as the summary and `collect-errors.json` report it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum ErrorClass {
    /// The caller lacks permission (`AccessDenied`, `UnauthorizedOperation`, …).
    AccessDenied,
    /// The region is not enabled for the account.
    OptInRequired,
    /// AWS throttled the call and retries with backoff were exhausted.
    Throttling,
    /// Anything else: an unsupported operation, a network failure, a server error.
    Other,
}

impl ErrorClass {
    /// Classifies an AWS error code (or the absence of one).
    pub fn of_code(code: Option<&str>) -> Self {
        let Some(code) = code else {
            return Self::Other;
        };
        let lower = code.to_ascii_lowercase();
        if lower.contains("accessdenied")
            || lower.contains("unauthorized")
            || lower == "authorizationerror"
            || lower == "forbidden"
            || lower == "accessdeniedexception"
        {
            Self::AccessDenied
        } else if lower.contains("optinrequired")
            || lower == "authfailure"
            || lower == "unrecognizedclientexception"
            || lower == "invalidclienttokenid"
        {
            Self::OptInRequired
        } else if lower.contains("throttl")
            || lower == "requestlimitexceeded"
            || lower == "toomanyrequestsexception"
            || lower == "slowdown"
            || lower == "requestthrottled"
        {
            Self::Throttling
        } else {
            Self::Other
        }
    }

    /// The class's name as written in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::AccessDenied => "AccessDenied",
            Self::OptInRequired => "OptInRequired",
            Self::Throttling => "Throttling",
            Self::Other => "Other",
        }
    }
}

/// One failed API call, as written to `ROOT/<account>/collect-errors.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CallError {
    /// The region the call was made in (`us-east-1` for global services).
    pub region: String,
    /// The service in the AWS CLI's spelling (`s3`, `elbv2`).
    pub service: String,
    /// The operation in the AWS CLI's spelling (`get-bucket-policy`).
    pub operation: String,
    /// The parameter of a per-resource call (a bucket name, an ARN), or `null`.
    pub parameter: Option<String>,
    /// AWS's error code, or a short description of a non-AWS failure (`DispatchFailure`, `Timeout`).
    pub error_code: String,
    /// The class of the error.
    pub class: ErrorClass,
    /// The error message.
    pub message: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_classified() {
        assert_eq!(
            ErrorClass::of_code(Some("AccessDenied")),
            ErrorClass::AccessDenied
        );
        assert_eq!(
            ErrorClass::of_code(Some("UnauthorizedOperation")),
            ErrorClass::AccessDenied
        );
        assert_eq!(
            ErrorClass::of_code(Some("AccessDeniedException")),
            ErrorClass::AccessDenied
        );
        assert_eq!(
            ErrorClass::of_code(Some("OptInRequired")),
            ErrorClass::OptInRequired
        );
        assert_eq!(
            ErrorClass::of_code(Some("UnrecognizedClientException")),
            ErrorClass::OptInRequired
        );
        assert_eq!(
            ErrorClass::of_code(Some("Throttling")),
            ErrorClass::Throttling
        );
        assert_eq!(
            ErrorClass::of_code(Some("RequestLimitExceeded")),
            ErrorClass::Throttling
        );
        assert_eq!(
            ErrorClass::of_code(Some("InternalFailure")),
            ErrorClass::Other
        );
        assert_eq!(ErrorClass::of_code(None), ErrorClass::Other);
    }
}
