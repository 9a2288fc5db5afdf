//! What a check is, as data: its id, severity, scope, explanation and compliance mapping.

use nephos_model::ResourceKind;
use serde::Serialize;

/// The compliance framework id used in findings for CIS AWS Foundations Benchmark v3.0.0.
pub const CIS_AWS_3_0: &str = "CIS-AWS-3.0";

/// How bad a failed check is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; no direct risk.
    Informational,
    /// Hardening.
    Low,
    /// A weakness that helps an attacker.
    Medium,
    /// Directly exploitable or exposes data.
    High,
    /// Exposes the account or its data to anyone.
    Critical,
}

impl Severity {
    /// Lowercase name, as in outputs.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Informational => "informational",
            Self::Low => "low",
            Self::Medium => "medium",
            Self::High => "high",
            Self::Critical => "critical",
        }
    }

    /// Every severity, lowest first.
    pub const ALL: [Severity; 5] = [
        Self::Informational,
        Self::Low,
        Self::Medium,
        Self::High,
        Self::Critical,
    ];
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Severity {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|v| v.as_str().eq_ignore_ascii_case(s))
            .ok_or_else(|| format!("unknown severity `{s}`"))
    }
}

/// The requirement ids a check maps to in one framework.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Compliance {
    /// Framework id, e.g. [`CIS_AWS_3_0`].
    pub framework: &'static str,
    /// Requirement ids, e.g. `["1.4"]`.
    pub requirements: &'static [&'static str],
}

/// A check's metadata. Each check file holds one as `const META`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct CheckMeta {
    /// `<service>_<resource>_<expected state>`, stable forever (suppressions and users refer to it).
    pub id: &'static str,
    /// One line saying the expected state.
    pub title: &'static str,
    /// Severity of a failure.
    pub severity: Severity,
    /// The kinds the check emits findings for.
    pub kinds: &'static [ResourceKind],
    /// Why it matters.
    pub rationale: &'static str,
    /// How to fix it.
    pub remediation: &'static str,
    /// Documentation links.
    pub references: &'static [&'static str],
    /// Compliance mappings.
    pub compliance: &'static [Compliance],
}

impl CheckMeta {
    /// The service part of the id (`iam`, `s3`, …).
    pub fn service(&self) -> &'static str {
        self.id.split('_').next().unwrap_or(self.id)
    }

    /// The requirement ids this check maps to in `framework`.
    pub fn requirements(&self, framework: &str) -> &'static [&'static str] {
        self.compliance
            .iter()
            .find(|c| c.framework == framework)
            .map_or(&[], |c| c.requirements)
    }
}

/// Shorthand for a CIS AWS Foundations v3.0 mapping in a `META`.
pub const fn cis(requirements: &'static [&'static str]) -> Compliance {
    Compliance {
        framework: CIS_AWS_3_0,
        requirements,
    }
}
