//! Suppressions: accepted risks, written down with a reason and an expiry.
//!
//! A YAML file lists `(check, resource pattern, reason, expires)`:
//!
//! ```yaml
//! suppressions:
//!   - check: s3_bucket_policy_not_public      # a check id, or a pattern with `*`
//!     resource: "arn:aws:s3:::public-site-*"  # the resource ARN; `*` matches any run, `?` one character
//!     reason: static website behind CloudFront
//!     expires: 2027-03-31                     # optional; the suppression ends after this day (UTC)
//! ```
//!
//! A matching, unexpired suppression marks a finding [`Suppressed`]; every output shows it as such
//! rather than as an open failure. Expired suppressions match nothing and are reported.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use wildmatch::WildMatch;

use crate::finding::{Finding, Suppressed};

/// A suppressions file that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum SuppressionError {
    /// Not valid YAML or not the documented shape.
    #[error("invalid suppressions file `{file}`: {message}")]
    Invalid {
        /// The file name.
        file: String,
        /// What is wrong, with its line and column.
        message: String,
    },
    /// An entry with an empty field.
    #[error("suppression {index} in `{file}` has an empty `{field}`")]
    Empty {
        /// The file name.
        file: String,
        /// 0-based position.
        index: usize,
        /// `check`, `resource` or `reason`.
        field: &'static str,
    },
}

/// One suppression as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Suppression {
    /// A check id, or a pattern with `*`.
    pub check: String,
    /// A resource ARN, or a pattern with `*`.
    pub resource: String,
    /// Why the risk is accepted.
    pub reason: String,
    /// The last day the suppression holds (UTC); `None` for no expiry.
    #[serde(default)]
    pub expires: Option<NaiveDate>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SuppressionFile {
    #[serde(default)]
    suppressions: Vec<Suppression>,
}

/// Parses a suppressions file's text; `file` names it in errors.
pub fn parse(text: &str, file: &str) -> Result<Vec<Suppression>, SuppressionError> {
    if text.trim().is_empty() {
        return Ok(Vec::new());
    }
    let parsed: SuppressionFile =
        serde_norway::from_str(text).map_err(|e| SuppressionError::Invalid {
            file: file.to_owned(),
            message: e.to_string(),
        })?;
    for (index, s) in parsed.suppressions.iter().enumerate() {
        for (field, value) in [
            ("check", &s.check),
            ("resource", &s.resource),
            ("reason", &s.reason),
        ] {
            if value.trim().is_empty() {
                return Err(SuppressionError::Empty {
                    file: file.to_owned(),
                    index,
                    field,
                });
            }
        }
    }
    Ok(parsed.suppressions)
}

/// How one suppression fared in a run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SuppressionUse {
    /// The suppression.
    #[serde(flatten)]
    pub suppression: Suppression,
    /// Expired before `today`: not honoured.
    pub expired: bool,
    /// Findings it suppressed.
    pub matched: usize,
}

impl Suppression {
    /// Is it expired on `today`?
    pub fn is_expired(&self, today: NaiveDate) -> bool {
        self.expires.is_some_and(|e| e < today)
    }
}

/// Marks the findings that unexpired suppressions match (first match wins) and reports how each
/// suppression was used.
pub fn apply(
    findings: &mut [Finding],
    suppressions: &[Suppression],
    today: NaiveDate,
) -> Vec<SuppressionUse> {
    let compiled: Vec<(WildMatch, WildMatch, bool)> = suppressions
        .iter()
        .map(|s| {
            (
                WildMatch::new(&s.check),
                WildMatch::new(&s.resource),
                s.is_expired(today),
            )
        })
        .collect();
    let mut uses: Vec<SuppressionUse> = suppressions
        .iter()
        .zip(&compiled)
        .map(|(s, (_, _, expired))| SuppressionUse {
            suppression: s.clone(),
            expired: *expired,
            matched: 0,
        })
        .collect();
    for f in findings.iter_mut() {
        let hit = compiled.iter().position(|(check, resource, expired)| {
            !expired && check.matches(f.check.id) && resource.matches(f.resource.as_str())
        });
        if let Some(index) = hit
            && let Some(u) = uses.get_mut(index)
        {
            u.matched += 1;
            f.suppressed = Some(Suppressed {
                index,
                reason: u.suppression.reason.clone(),
            });
        }
    }
    uses
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::*;
    use crate::{Status, run_selected};
    use nephos_model::props::BucketProps;

    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn parses_documented_shape_and_rejects_bad_input() {
        let rules = parse(
            "suppressions:\n  - check: s3_*\n    resource: \"arn:aws:s3:::site-*\"\n    reason: website\n    expires: 2027-03-31\n  - check: iam_root_mfa_enabled\n    resource: \"*\"\n    reason: break glass\n",
            "s.yaml",
        )
        .unwrap();
        assert_eq!(rules.len(), 2);
        assert_eq!(rules[0].expires, Some(date("2027-03-31")));
        assert_eq!(rules[1].expires, None);
        assert!(parse("", "empty.yaml").unwrap().is_empty());
        let unknown = parse(
            "suppressions:\n  - check: a\n    resource: b\n    reason: c\n    until: 2020-01-01\n",
            "u.yaml",
        );
        assert!(matches!(unknown, Err(SuppressionError::Invalid { .. })));
        let empty_reason = parse(
            "suppressions:\n  - check: a\n    resource: b\n    reason: \" \"\n",
            "e.yaml",
        );
        assert!(matches!(
            empty_reason,
            Err(SuppressionError::Empty {
                field: "reason",
                ..
            })
        ));
        let bad_date = parse(
            "suppressions:\n  - check: a\n    resource: b\n    reason: c\n    expires: someday\n",
            "d.yaml",
        );
        assert!(bad_date.unwrap_err().to_string().contains("d.yaml"));
    }

    #[test]
    fn matches_wildcards_and_ignores_expired() {
        let open = |name: &str| {
            bucket(
                name,
                BucketProps {
                    policy: Some(Some(crate::s3::fixtures::public_read_policy(name))),
                    ..Default::default()
                },
            )
        };
        let inv = inventory(vec![open("site-a"), open("data")]);
        let mut findings = run_selected(&inv, &["s3_bucket_policy_not_public"]);
        assert!(findings.iter().all(|f| f.status == Status::Fail));
        let rules = vec![
            Suppression {
                check: "s3_bucket_policy_*".into(),
                resource: "arn:aws:s3:::site-*".into(),
                reason: "website".into(),
                expires: Some(date("2026-12-31")),
            },
            Suppression {
                check: "*".into(),
                resource: "arn:aws:s3:::data".into(),
                reason: "old".into(),
                expires: Some(date("2026-01-01")),
            },
        ];
        let uses = apply(&mut findings, &rules, date("2026-11-21"));
        let by_name = |n: &str| {
            findings
                .iter()
                .find(|f| f.resource.as_str().ends_with(n))
                .unwrap()
        };
        assert_eq!(
            by_name("site-a")
                .suppressed
                .as_ref()
                .map(|s| s.reason.as_str()),
            Some("website")
        );
        assert!(
            by_name("data").suppressed.is_none(),
            "expired suppressions are not honoured"
        );
        assert_eq!((uses[0].matched, uses[0].expired), (1, false));
        assert_eq!((uses[1].matched, uses[1].expired), (0, true));
        // The last day of a suppression still holds; the day after it does not.
        assert!(!rules[0].is_expired(date("2026-12-31")));
        assert!(rules[0].is_expired(date("2027-01-01")));
    }

    proptest::proptest! {
        #[test]
        fn parse_never_panics(text in ".*") {
            let _ = parse(&text, "fuzz.yaml");
        }
    }
}
