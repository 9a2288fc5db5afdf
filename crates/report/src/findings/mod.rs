//! `nephos findings` outputs: the checks' findings as a table, JSON, CSV, SARIF 2.1.0, OCSF
//! Compliance Finding events and AWS Security Finding Format (ASFF) findings.
//!
//! Every format honours suppressions the same way: a suppressed finding is still written, marked
//! with the format's own notion of suppression (SARIF `suppressions`, OCSF status `Suppressed`,
//! ASFF `Workflow.Status` `SUPPRESSED`, a `suppressed` field in JSON and CSV), and never counted as
//! an open failure. The JSON summary and the table footer list every suppression, with the number
//! of findings it matched; expired ones are reported and honoured by none.

pub mod asff;
pub mod csv;
pub mod json;
pub mod ocsf;
pub mod sarif;
pub mod table;

use std::collections::BTreeMap;
use std::io::Write;

use nephos_checks::suppress::SuppressionUse;
use nephos_checks::{Finding, Severity, Status};
use nephos_model::Timestamp;
use serde::Serialize;

use crate::ReportError;

/// The tool name written into SARIF, OCSF and ASFF.
pub const PRODUCT: &str = "nephos";
/// The tool's version.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
/// Where people learn about the tool.
pub const INFORMATION_URI: &str = "https://github.com/nephos-security/nephos";

/// Everything a findings output needs.
#[derive(Debug, Clone, Copy)]
pub struct FindingsReport<'a> {
    /// The findings, suppressions already applied.
    pub findings: &'a [Finding],
    /// How each suppression was used (see `nephos_checks::suppress::apply`).
    pub suppressions: &'a [SuppressionUse],
    /// When the judged snapshot was taken: the time written into outputs that need one.
    pub generated_at: Timestamp,
}

/// The findings output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FindingsFormat {
    /// Aligned columns for people: failures, then a summary.
    Table,
    /// `{"findings": [...], "summary": {...}}` (docs/output-findings.md).
    Json,
    /// CSV (RFC 4180), one row per finding.
    Csv,
    /// SARIF 2.1.0.
    Sarif,
    /// OCSF 1.1 Compliance Finding events (class 2003), as a JSON array.
    Ocsf,
    /// ASFF, as `{"Findings": [...]}` for `aws securityhub batch-import-findings`.
    Asff,
}

/// Writes `report` in `format`.
pub fn write(
    out: &mut dyn Write,
    report: &FindingsReport<'_>,
    format: FindingsFormat,
) -> Result<(), ReportError> {
    match format {
        FindingsFormat::Table => table::write(out, report),
        FindingsFormat::Json => json::write(out, report),
        FindingsFormat::Csv => csv::write(out, report),
        FindingsFormat::Sarif => sarif::write(out, report),
        FindingsFormat::Ocsf => ocsf::write(out, report),
        FindingsFormat::Asff => asff::write(out, report),
    }
}

/// The compliance map of a finding: framework → requirement ids.
pub fn compliance(f: &Finding) -> BTreeMap<&'static str, &'static [&'static str]> {
    f.check
        .compliance
        .iter()
        .map(|c| (c.framework, c.requirements))
        .collect()
}

/// Counts over a set of findings.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Findings written.
    pub total: usize,
    /// PASS findings.
    pub pass: usize,
    /// Unsuppressed FAIL findings.
    pub fail: usize,
    /// Suppressed FAIL and PASS findings.
    pub suppressed: usize,
    /// Unsuppressed failures per severity.
    pub fail_by_severity: BTreeMap<&'static str, usize>,
    /// Checks that produced findings.
    pub checks: usize,
    /// Resources judged.
    pub resources: usize,
}

impl Summary {
    /// Counts `findings`.
    pub fn of(findings: &[Finding]) -> Self {
        let mut s = Summary {
            total: findings.len(),
            ..Self::default()
        };
        let mut checks = std::collections::HashSet::new();
        let mut resources = std::collections::HashSet::new();
        for sev in Severity::ALL {
            s.fail_by_severity.insert(sev.as_str(), 0);
        }
        for f in findings {
            checks.insert(f.check.id);
            resources.insert(f.resource.as_str());
            if f.suppressed.is_some() {
                s.suppressed += 1;
            } else if f.status == Status::Pass {
                s.pass += 1;
            } else {
                s.fail += 1;
                *s.fail_by_severity
                    .entry(f.check.severity.as_str())
                    .or_insert(0) += 1;
            }
        }
        s.checks = checks.len();
        s.resources = resources.len();
        s
    }
}

/// RFC 3339 with seconds and `Z`, as ASFF and most consumers expect.
pub fn rfc3339(t: Timestamp) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

#[cfg(test)]
pub(crate) mod fixtures {
    //! A small, fixed set of findings (built by running real checks over a tiny inventory) shared
    //! by the format tests, and the expected-file comparison they use.

    use chrono::TimeZone;
    use nephos_checks::Finding;
    use nephos_checks::suppress::{self, SuppressionUse};
    use nephos_model::props::*;
    use nephos_model::{Inventory, Properties, Resource, ResourceId, ResourceKind, Timestamp};

    /// 2026-11-21T00:00:00Z.
    pub fn when() -> Timestamp {
        chrono::Utc
            .with_ymd_and_hms(2026, 11, 21, 0, 0, 0)
            .single()
            .unwrap()
    }

    fn inventory() -> Inventory {
        let mut inv = Inventory::new("fixture");
        inv.taken_at = Some(when());
        let acct = "111122223333";
        let mut a = Resource::new(
            ResourceId::account(acct),
            ResourceKind::Account,
            acct,
            None,
            "prod",
        );
        a.props = Properties::Account(Box::new(AccountProps {
            root_credentials: Some(CredentialReportEntry {
                mfa_active: false,
                access_keys: vec![AccessKeyInfo {
                    active: true,
                    ..Default::default()
                }],
                ..Default::default()
            }),
            ..Default::default()
        }));
        inv.insert(a);
        let open = SecurityGroupRule {
            protocol: IpProtocol::Tcp,
            from_port: Some(22),
            to_port: Some(22),
            peer: SecurityGroupPeer::Cidr {
                cidr: "0.0.0.0/0".parse().unwrap(),
            },
            description: Some("ssh, \"temporary\"".into()),
        };
        for (id, rules) in [("sg-0open", vec![open]), ("sg-0closed", vec![])] {
            let mut sg = Resource::new(
                ResourceId::ec2("eu-west-1", acct, "security-group", id),
                ResourceKind::SecurityGroup,
                acct,
                Some("eu-west-1".into()),
                id,
            );
            sg.props = Properties::SecurityGroup(SecurityGroupProps {
                group_id: id.into(),
                group_name: id.into(),
                vpc_id: Some("vpc-1".into()),
                ingress: rules,
                ..Default::default()
            });
            inv.insert(sg);
        }
        let mut b = Resource::new(
            ResourceId::new("arn:aws:s3:::public-site"),
            ResourceKind::Bucket,
            acct,
            Some("eu-west-1".into()),
            "public-site",
        );
        b.props = Properties::Bucket(Box::new(BucketProps {
            policy: Some(Some(r#"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::public-site/*"}]}"#.into())),
            ..Default::default()
        }));
        inv.insert(b);
        inv
    }

    /// Findings of four checks over the fixture, with one suppression applied and one expired.
    pub fn findings() -> (Vec<Finding>, Vec<SuppressionUse>) {
        let inv = inventory();
        let mut findings = nephos_checks::run_selected(
            &inv,
            &[
                "iam_root_access_key_absent",
                "iam_root_mfa_enabled",
                "ec2_securitygroup_no_admin_ports_ipv4",
                "s3_bucket_policy_not_public",
            ],
        );
        let rules = suppress::parse(
            "suppressions:\n  - check: s3_bucket_policy_not_public\n    resource: \"arn:aws:s3:::public-*\"\n    reason: static website behind CloudFront\n    expires: 2027-01-31\n  - check: iam_root_mfa_enabled\n    resource: \"*\"\n    reason: break-glass review pending\n    expires: 2026-10-01\n",
            "suppressions.yaml",
        )
        .unwrap();
        let uses = suppress::apply(&mut findings, &rules, when().date_naive());
        (findings, uses)
    }

    /// Compares `actual` with `tests/expected/<name>`; `NEPHOS_UPDATE_EXPECTED=1` rewrites it.
    pub fn assert_expected(name: &str, actual: &str) {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/expected")
            .join(name);
        if std::env::var_os("NEPHOS_UPDATE_EXPECTED").is_some() {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, actual).unwrap();
        }
        let expected = std::fs::read_to_string(&path).unwrap_or_else(|_| {
            panic!(
                "missing {}; run with NEPHOS_UPDATE_EXPECTED=1",
                path.display()
            )
        });
        assert_eq!(actual, expected, "{name} differs from the expected file");
    }

    /// Renders with `write` into a string.
    pub fn render(
        write: fn(
            &mut dyn std::io::Write,
            &super::FindingsReport<'_>,
        ) -> Result<(), crate::ReportError>,
    ) -> String {
        let (findings, uses) = findings();
        let report = super::FindingsReport {
            findings: &findings,
            suppressions: &uses,
            generated_at: when(),
        };
        let mut out = Vec::new();
        write(&mut out, &report).unwrap();
        String::from_utf8(out).unwrap()
    }
}
