//! Findings as CSV: `check,status,severity,resource,kind,account,region,compliance,message,suppressed,suppression_reason`.

use std::io::Write;

use super::{FindingsReport, compliance};
use crate::ReportError;

/// Writes one row per finding.
pub fn write(out: &mut dyn Write, report: &FindingsReport<'_>) -> Result<(), ReportError> {
    crate::csv::write_record(
        out,
        [
            "check",
            "status",
            "severity",
            "resource",
            "kind",
            "account",
            "region",
            "compliance",
            "message",
            "suppressed",
            "suppression_reason",
        ],
    )?;
    for f in report.findings {
        let compliance: Vec<String> = compliance(f)
            .iter()
            .flat_map(|(fw, reqs)| reqs.iter().map(move |r| format!("{fw}:{r}")))
            .collect();
        crate::csv::write_record(
            out,
            [
                f.check.id,
                f.status.as_str(),
                f.check.severity.as_str(),
                f.resource.as_str(),
                f.kind.as_str(),
                &f.account,
                f.region.as_deref().unwrap_or(""),
                &compliance.join(";"),
                &f.message,
                if f.suppressed.is_some() {
                    "true"
                } else {
                    "false"
                },
                f.suppressed.as_ref().map_or("", |s| s.reason.as_str()),
            ],
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::*;

    #[test]
    fn matches_expected_file() {
        let text = render(super::write);
        assert!(text.starts_with("check,status,severity,resource"));
        assert_expected("findings.csv", &text);
    }
}
