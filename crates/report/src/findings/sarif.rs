//! SARIF 2.1.0 (OASIS): one run whose tool driver lists every registered check as a rule, and one
//! result per finding. Cloud resources have no file, so each result's location is a logical
//! location whose fully qualified name is the resource's ARN.
//!
//! Levels: critical and high → `error`, medium → `warning`, low and informational → `note`; PASS
//! findings are results of kind `pass` with level `none`. `properties.security-severity` carries a
//! CVSS-like score for code-scanning dashboards. Suppressed findings carry an external suppression
//! with the reason as justification.

use std::collections::HashMap;
use std::io::Write;

use nephos_checks::{CHECKS, CheckMeta, Severity, Status};
use serde_json::{Value, json};

use super::{FindingsReport, INFORMATION_URI, PRODUCT, VERSION, compliance};
use crate::ReportError;

/// The SARIF level for a failure of this severity.
pub fn level(s: Severity) -> &'static str {
    match s {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low | Severity::Informational => "note",
    }
}

/// The `security-severity` score for this severity (GitHub code scanning's convention).
pub fn security_severity(s: Severity) -> &'static str {
    match s {
        Severity::Critical => "9.5",
        Severity::High => "8.0",
        Severity::Medium => "5.5",
        Severity::Low => "3.0",
        Severity::Informational => "0.0",
    }
}

fn rule(meta: &CheckMeta) -> Value {
    let tags: Vec<String> = std::iter::once("security".to_owned())
        .chain(meta.compliance.iter().flat_map(|c| {
            c.requirements
                .iter()
                .map(move |r| format!("{}/{r}", c.framework))
        }))
        .collect();
    json!({
        "id": meta.id,
        "name": meta.id,
        "shortDescription": { "text": meta.title },
        "fullDescription": { "text": meta.rationale },
        "help": { "text": meta.remediation },
        "helpUri": meta.references.first(),
        "defaultConfiguration": { "level": level(meta.severity) },
        "properties": {
            "tags": tags,
            "security-severity": security_severity(meta.severity),
            "severity": meta.severity.as_str(),
        },
    })
}

/// Writes the SARIF log.
pub fn write(out: &mut dyn Write, report: &FindingsReport<'_>) -> Result<(), ReportError> {
    let index: HashMap<&str, usize> = CHECKS
        .iter()
        .enumerate()
        .map(|(i, c)| (c.meta.id, i))
        .collect();
    let rules: Vec<Value> = CHECKS.iter().map(|c| rule(c.meta)).collect();
    let results: Vec<Value> = report
        .findings
        .iter()
        .map(|f| {
            let (kind, level) = match f.status {
                Status::Fail => ("fail", level(f.check.severity)),
                Status::Pass => ("pass", "none"),
            };
            let mut result = json!({
                "ruleId": f.check.id,
                "ruleIndex": index.get(f.check.id),
                "kind": kind,
                "level": level,
                "message": { "text": f.message },
                "locations": [{
                    "logicalLocations": [{
                        "name": f.resource.short(),
                        "fullyQualifiedName": f.resource.as_str(),
                        "kind": "resource",
                    }],
                }],
                "properties": {
                    "resourceType": f.kind.as_str(),
                    "account": f.account,
                    "region": f.region,
                    "compliance": compliance(f),
                    "evidence": f.evidence,
                },
            });
            if let (Some(s), Some(obj)) = (&f.suppressed, result.as_object_mut()) {
                obj.insert(
                    "suppressions".into(),
                    json!([{ "kind": "external", "status": "accepted", "justification": s.reason }]),
                );
            }
            result
        })
        .collect();
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": PRODUCT,
                    "version": VERSION,
                    "informationUri": INFORMATION_URI,
                    "rules": rules,
                },
            },
            "invocations": [{
                "executionSuccessful": true,
                "endTimeUtc": super::rfc3339(report.generated_at),
            }],
            "results": results,
        }],
    });
    crate::write_json(out, &log)
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::*;

    #[test]
    fn results_reference_rules_and_arns() {
        let text = render(super::write);
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["version"], "2.1.0");
        let run = &v["runs"][0];
        let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
        assert_eq!(rules.len(), nephos_checks::CHECKS.len());
        for r in run["results"].as_array().unwrap() {
            let i = r["ruleIndex"].as_u64().unwrap() as usize;
            assert_eq!(rules[i]["id"], r["ruleId"]);
            let fqn = r["locations"][0]["logicalLocations"][0]["fullyQualifiedName"]
                .as_str()
                .unwrap();
            assert!(fqn.starts_with("arn:"));
        }
        let suppressed: Vec<_> = run["results"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r.get("suppressions").is_some())
            .collect();
        assert_eq!(suppressed.len(), 1);
        // The whole catalogue is in the file: compare results only, so adding a check does not
        // churn the expected file.
        assert_expected(
            "findings.sarif.results.json",
            &format!("{:#}\n", run["results"]),
        );
    }
}
