//! A finding: one check's verdict on one resource, with the evidence behind it.

use nephos_model::{Resource, ResourceId, ResourceKind};
use serde::Serialize;

use crate::meta::{CheckMeta, Severity};

/// The verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Status {
    /// The resource meets the expected state.
    #[serde(rename = "PASS")]
    Pass,
    /// The resource does not.
    #[serde(rename = "FAIL")]
    Fail,
}

impl Status {
    /// `PASS` or `FAIL`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Pass => "PASS",
            Self::Fail => "FAIL",
        }
    }
}

/// Why a finding is suppressed: the suppression that matched it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Suppressed {
    /// Index of the suppression in its file (0-based).
    pub index: usize,
    /// The reason written in the file.
    pub reason: String,
}

/// One check's verdict on one resource.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// The check that produced it.
    pub check: &'static CheckMeta,
    /// The resource judged (an ARN or a documented nephos id).
    pub resource: ResourceId,
    /// Its kind.
    pub kind: ResourceKind,
    /// Its account.
    pub account: String,
    /// Its region, `None` for global resources.
    pub region: Option<String>,
    /// PASS or FAIL.
    pub status: Status,
    /// One sentence a person reads.
    pub message: String,
    /// The facts that decided it: the rule, statement, field or setting, in AWS's words.
    pub evidence: serde_json::Value,
    /// Set when a suppression matched this finding.
    pub suppressed: Option<Suppressed>,
}

impl Finding {
    /// A finding on a resource of the inventory.
    pub fn new(
        check: &'static CheckMeta,
        resource: &Resource,
        status: Status,
        message: impl Into<String>,
        evidence: serde_json::Value,
    ) -> Self {
        Self {
            check,
            resource: resource.id.clone(),
            kind: resource.kind,
            account: resource.account.clone(),
            region: resource.region.clone(),
            status,
            message: message.into(),
            evidence,
            suppressed: None,
        }
    }

    /// A PASS on `resource`.
    pub fn pass(
        check: &'static CheckMeta,
        resource: &Resource,
        message: impl Into<String>,
        evidence: serde_json::Value,
    ) -> Self {
        Self::new(check, resource, Status::Pass, message, evidence)
    }

    /// A FAIL on `resource`.
    pub fn fail(
        check: &'static CheckMeta,
        resource: &Resource,
        message: impl Into<String>,
        evidence: serde_json::Value,
    ) -> Self {
        Self::new(check, resource, Status::Fail, message, evidence)
    }

    /// PASS when `ok`, else FAIL, with the matching message.
    pub fn verdict(
        check: &'static CheckMeta,
        resource: &Resource,
        ok: bool,
        pass_message: impl Into<String>,
        fail_message: impl Into<String>,
        evidence: serde_json::Value,
    ) -> Self {
        if ok {
            Self::pass(check, resource, pass_message, evidence)
        } else {
            Self::fail(check, resource, fail_message, evidence)
        }
    }

    /// A verdict on an account-wide setting in one region (EBS default encryption, AWS Config, IAM
    /// Access Analyzer): the resource is the region (`AWS::::Region`).
    pub fn in_region(
        check: &'static CheckMeta,
        scope: &crate::context::RegionScope<'_>,
        ok: bool,
        pass_message: impl Into<String>,
        fail_message: impl Into<String>,
        evidence: serde_json::Value,
    ) -> Self {
        Self {
            check,
            resource: scope.id.clone(),
            kind: ResourceKind::Region,
            account: scope.account.to_owned(),
            region: Some(scope.region.to_owned()),
            status: if ok { Status::Pass } else { Status::Fail },
            message: if ok {
                pass_message.into()
            } else {
                fail_message.into()
            },
            evidence,
            suppressed: None,
        }
    }

    /// The check's severity.
    pub fn severity(&self) -> Severity {
        self.check.severity
    }

    /// True for an unsuppressed FAIL.
    pub fn is_open_failure(&self) -> bool {
        self.status == Status::Fail && self.suppressed.is_none()
    }
}
