//! OCSF 1.1 Compliance Finding events (class `2003`, category `2` Findings), one per finding,
//! written as a JSON array.
//!
//! `compliance` names the standard, the requirement ids and the control (the check id) with
//! `status_id` 1 Pass / 3 Fail; `status_id` of the finding is 1 New for open failures, 3 Suppressed,
//! or 4 Resolved for passes. The check's evidence is kept under `unmapped.evidence`.

use std::io::Write;

use nephos_checks::{CIS_AWS_3_0, Finding, Severity, Status};
use serde_json::{Value, json};

use super::{FindingsReport, PRODUCT, VERSION};
use crate::ReportError;

/// OCSF schema version these events follow.
pub const OCSF_VERSION: &str = "1.1.0";

/// OCSF `severity_id`.
pub fn severity_id(s: Severity) -> u8 {
    match s {
        Severity::Informational => 1,
        Severity::Low => 2,
        Severity::Medium => 3,
        Severity::High => 4,
        Severity::Critical => 5,
    }
}

fn standard_name(framework: &str) -> &str {
    if framework == CIS_AWS_3_0 {
        "CIS AWS Foundations Benchmark v3.0.0"
    } else {
        framework
    }
}

/// The event for one finding.
pub fn event(f: &Finding, time_ms: i64) -> Value {
    let (status_id, status) = match (f.status, &f.suppressed) {
        (_, Some(_)) => (3, "Suppressed"),
        (Status::Fail, None) => (1, "New"),
        (Status::Pass, None) => (4, "Resolved"),
    };
    let (compliance_status_id, compliance_status) = match f.status {
        Status::Pass => (1, "Pass"),
        Status::Fail => (3, "Fail"),
    };
    let standards: Vec<&str> = f
        .check
        .compliance
        .iter()
        .map(|c| standard_name(c.framework))
        .collect();
    let requirements: Vec<&str> = f
        .check
        .compliance
        .iter()
        .flat_map(|c| c.requirements.iter().copied())
        .collect();
    let severity = f.check.severity.as_str();
    let severity_label = format!("{}{}", severity[..1].to_ascii_uppercase(), &severity[1..]);
    json!({
        "activity_id": 1,
        "activity_name": "Create",
        "category_uid": 2,
        "category_name": "Findings",
        "class_uid": 2003,
        "class_name": "Compliance Finding",
        "type_uid": 200301,
        "type_name": "Compliance Finding: Create",
        "time": time_ms,
        "severity_id": severity_id(f.check.severity),
        "severity": severity_label,
        "status_id": status_id,
        "status": status,
        "message": f.message,
        "finding_info": {
            "uid": format!("{}:{}", f.check.id, f.resource),
            "title": f.check.title,
            "desc": f.check.rationale,
            "types": ["Misconfiguration"],
            "created_time": time_ms,
        },
        "compliance": {
            "control": f.check.id,
            "standards": standards,
            "requirements": requirements,
            "status_id": compliance_status_id,
            "status": compliance_status,
        },
        "remediation": {
            "desc": f.check.remediation,
            "references": f.check.references,
        },
        "resources": [{
            "uid": f.resource.as_str(),
            "name": f.resource.short(),
            "type": f.kind.as_str(),
            "region": f.region,
            "cloud_partition": f.resource.arn_parts().map(|p| p.partition),
            "account": { "uid": f.account, "type": "AWS Account", "type_id": 10 },
        }],
        "cloud": {
            "provider": "AWS",
            "region": f.region,
            "account": { "uid": f.account, "type": "AWS Account", "type_id": 10 },
        },
        "metadata": {
            "version": OCSF_VERSION,
            "product": { "name": PRODUCT, "vendor_name": PRODUCT, "version": VERSION },
        },
        "unmapped": {
            "evidence": f.evidence,
            "suppression_reason": f.suppressed.as_ref().map(|s| s.reason.as_str()),
        },
    })
}

/// Writes the events as a JSON array.
pub fn write(out: &mut dyn Write, report: &FindingsReport<'_>) -> Result<(), ReportError> {
    let time = report.generated_at.timestamp_millis();
    let events: Vec<Value> = report.findings.iter().map(|f| event(f, time)).collect();
    crate::write_json(out, &events)
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::*;

    #[test]
    fn events_are_compliance_findings() {
        let text = render(super::write);
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        for e in v.as_array().unwrap() {
            assert_eq!(e["class_uid"], 2003);
            assert_eq!(e["type_uid"], 200301);
            assert!(e["metadata"]["product"]["name"].is_string());
            assert!(
                e["resources"][0]["uid"]
                    .as_str()
                    .unwrap()
                    .starts_with("arn:")
            );
        }
        assert_expected("findings.ocsf.json", &text);
    }
}
