//! Findings as a table for people: open failures (most severe first), suppressed ones marked,
//! then a summary and the suppressions with their use.

use std::io::Write;

use nephos_checks::Status;

use super::{FindingsReport, Summary};
use crate::ReportError;
use crate::table::Table;

/// Writes failures and suppressed findings, then the summary.
pub fn write(out: &mut dyn Write, report: &FindingsReport<'_>) -> Result<(), ReportError> {
    let mut rows: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.status == Status::Fail)
        .collect();
    rows.sort_by(|a, b| {
        b.check
            .severity
            .cmp(&a.check.severity)
            .then(a.suppressed.is_some().cmp(&b.suppressed.is_some()))
            .then(a.check.id.cmp(b.check.id))
            .then(a.resource.cmp(&b.resource))
    });
    let mut t = Table::new(["SEVERITY", "STATUS", "CHECK", "RESOURCE", "MESSAGE"]);
    for f in rows {
        t.row([
            f.check.severity.as_str(),
            if f.suppressed.is_some() {
                "SUPPRESSED"
            } else {
                "FAIL"
            },
            f.check.id,
            f.resource.as_str(),
            &f.message,
        ]);
    }
    t.write(out)?;
    let s = Summary::of(report.findings);
    let by_sev: Vec<String> = nephos_checks::Severity::ALL
        .iter()
        .rev()
        .filter_map(|sev| {
            let n = s.fail_by_severity.get(sev.as_str()).copied().unwrap_or(0);
            (n > 0).then(|| format!("{n} {sev}"))
        })
        .collect();
    writeln!(
        out,
        "\n{} findings: {} FAIL ({}), {} PASS, {} suppressed; {} checks over {} resources",
        s.total,
        s.fail,
        if by_sev.is_empty() {
            "none".to_owned()
        } else {
            by_sev.join(", ")
        },
        s.pass,
        s.suppressed,
        s.checks,
        s.resources
    )?;
    if !report.suppressions.is_empty() {
        writeln!(out, "\nSuppressions:")?;
        for u in report.suppressions {
            let s = &u.suppression;
            let state = if u.expired {
                format!(
                    "EXPIRED on {} (not honoured)",
                    s.expires.map(|d| d.to_string()).unwrap_or_default()
                )
            } else {
                format!("matched {}", u.matched)
            };
            writeln!(
                out,
                "  {} {} — {} [{}]",
                crate::table::sanitize(&s.check),
                crate::table::sanitize(&s.resource),
                crate::table::sanitize(&s.reason),
                state
            )?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::*;

    #[test]
    fn matches_expected_file() {
        let text = render(super::write);
        assert!(text.contains("EXPIRED on 2026-10-01"));
        assert_expected("findings.txt", &text);
    }
}
