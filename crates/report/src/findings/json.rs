//! The JSON findings document (docs/output-findings.md):
//! `{"findings": [{"check", "resource", "severity", "status", "compliance", "evidence", …}],
//! "summary": {…}, "suppressions": [{…, "matched", "expired"}]}`.

use std::collections::BTreeMap;
use std::io::Write;

use nephos_checks::suppress::SuppressionUse;
use nephos_checks::{Finding, Suppressed};
use serde::Serialize;

use super::{FindingsReport, Summary, compliance};
use crate::ReportError;

/// One finding as `nephos findings --format json` shows it.
#[derive(Debug, Clone, Serialize)]
pub struct FindingView<'a> {
    /// Check id.
    pub check: &'static str,
    /// Check title.
    pub title: &'static str,
    /// Resource id (ARN or documented nephos id).
    pub resource: &'a str,
    /// Resource kind.
    pub kind: &'static str,
    /// Account id.
    pub account: &'a str,
    /// Region, `null` for global resources.
    pub region: Option<&'a str>,
    /// `critical`, `high`, `medium`, `low`, `informational`.
    pub severity: &'static str,
    /// `PASS` or `FAIL`.
    pub status: &'static str,
    /// One sentence.
    pub message: &'a str,
    /// Framework → requirement ids, e.g. `{"CIS-AWS-3.0": ["1.4"]}`.
    pub compliance: BTreeMap<&'static str, &'static [&'static str]>,
    /// The facts that decided the verdict.
    pub evidence: &'a serde_json::Value,
    /// The matching suppression, or `null`.
    pub suppressed: Option<&'a Suppressed>,
}

impl<'a> From<&'a Finding> for FindingView<'a> {
    fn from(f: &'a Finding) -> Self {
        Self {
            check: f.check.id,
            title: f.check.title,
            resource: f.resource.as_str(),
            kind: f.kind.as_str(),
            account: &f.account,
            region: f.region.as_deref(),
            severity: f.check.severity.as_str(),
            status: f.status.as_str(),
            message: &f.message,
            compliance: compliance(f),
            evidence: &f.evidence,
            suppressed: f.suppressed.as_ref(),
        }
    }
}

#[derive(Serialize)]
struct Document<'a> {
    findings: Vec<FindingView<'a>>,
    summary: Summary,
    suppressions: &'a [SuppressionUse],
}

/// Writes the document.
pub fn write(out: &mut dyn Write, report: &FindingsReport<'_>) -> Result<(), ReportError> {
    crate::write_json(
        out,
        &Document {
            findings: report.findings.iter().map(FindingView::from).collect(),
            summary: Summary::of(report.findings),
            suppressions: report.suppressions,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::*;

    #[test]
    fn matches_expected_file() {
        let text = render(super::write);
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        let root_key = v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["check"] == "iam_root_access_key_absent")
            .unwrap();
        assert_eq!(root_key["compliance"]["CIS-AWS-3.0"][0], "1.4");
        assert_eq!(root_key["status"], "FAIL");
        assert_eq!(v["summary"]["suppressed"], 1);
        assert_eq!(v["suppressions"][1]["expired"], true);
        assert_expected("findings.json", &text);
    }
}
