//! The serializable answers of the `access`, `who-can` and `can-do` commands: the stable JSON
//! shapes the CLI prints with `--format json`. Inner types stay free of serde; these edge types
//! are built from them.
//!
//! `access`:
//! ```json
//! {"decision": "allowed|explicitDeny|implicitDeny",
//!  "matched": [{"policy": "...", "sid": "...", "effect": "Allow|Deny"}],
//!  "missing": "identity|boundary|session|scp:1|rcp:0|resource-policy" (implicit deny only),
//!  "errors": ["policy `…` …"]}
//! ```
//! `who-can`: `{"action", "resource", "level", "principals": [{"principal", "matched": [...]}]}`.
//! `can-do`: `{"principal", "actions": [{"action", "level", "resources": [...], "matched": [...]}]}`.

use serde::Serialize;

use crate::access::{ActionGrant, AllowedPrincipal, Evidence};
use crate::catalogue::catalogue;
use crate::eval::{MissingAllow, Response};

/// A deciding statement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MatchedJson {
    /// Policy id.
    pub policy: String,
    /// `Sid` (empty when the statement has none).
    pub sid: String,
    /// `Allow` / `Deny`.
    pub effect: &'static str,
}

impl From<&Evidence> for MatchedJson {
    fn from(e: &Evidence) -> Self {
        Self {
            policy: e.policy.clone(),
            sid: e.sid.clone().unwrap_or_default(),
            effect: e.effect.as_str(),
        }
    }
}

/// The answer to `nephos access`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AccessAnswer {
    /// `allowed`, `explicitDeny` or `implicitDeny`.
    pub decision: &'static str,
    /// The deciding statements.
    pub matched: Vec<MatchedJson>,
    /// For an implicit deny, the layer without an `Allow`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub missing: Option<String>,
    /// Policies that could not be parsed.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<String>,
}

fn missing_name(m: MissingAllow) -> String {
    match m {
        MissingAllow::Identity => "identity".into(),
        MissingAllow::Boundary => "boundary".into(),
        MissingAllow::Session => "session".into(),
        MissingAllow::Scp(l) => format!("scp:{l}"),
        MissingAllow::Rcp(l) => format!("rcp:{l}"),
        MissingAllow::ResourcePolicy => "resource-policy".into(),
    }
}

impl From<&Response<'_>> for AccessAnswer {
    fn from(r: &Response<'_>) -> Self {
        Self {
            decision: r.decision.as_str(),
            matched: r
                .matched
                .iter()
                .map(|m| MatchedJson {
                    policy: m.policy.to_owned(),
                    sid: m.sid.unwrap_or_default().to_owned(),
                    effect: m.effect.as_str(),
                })
                .collect(),
            missing: r.missing.map(missing_name),
            errors: r.errors.iter().map(|e| e.to_string()).collect(),
        }
    }
}

/// One allowed principal of `who-can`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PrincipalJson {
    /// User or role ARN.
    pub principal: String,
    /// Allowing statements.
    pub matched: Vec<MatchedJson>,
}

/// The answer to `nephos who-can`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WhoCanAnswer {
    /// The action asked about.
    pub action: String,
    /// The resource asked about.
    pub resource: String,
    /// The action's access level, when catalogued.
    pub level: Option<&'static str>,
    /// Allowed principals.
    pub principals: Vec<PrincipalJson>,
}

impl WhoCanAnswer {
    /// Builds the answer from [`crate::AccessModel::who_can`]'s result.
    pub fn new(action: &str, resource: &str, allowed: &[AllowedPrincipal]) -> Self {
        Self {
            action: action.to_owned(),
            resource: resource.to_owned(),
            level: catalogue().level(action).map(|l| l.as_str()),
            principals: allowed
                .iter()
                .map(|a| PrincipalJson {
                    principal: a.principal.clone(),
                    matched: a.evidence.iter().map(MatchedJson::from).collect(),
                })
                .collect(),
        }
    }
}

/// One granted action of `can-do`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ActionJson {
    /// `service:Action`.
    pub action: String,
    /// Access level, when catalogued.
    pub level: Option<&'static str>,
    /// Resource patterns.
    pub resources: Vec<String>,
    /// Granting statements.
    pub matched: Vec<MatchedJson>,
}

/// The answer to `nephos can-do`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CanDoAnswer {
    /// The principal asked about.
    pub principal: String,
    /// Granted actions.
    pub actions: Vec<ActionJson>,
}

impl CanDoAnswer {
    /// Builds the answer from [`crate::AccessModel::can_do`]'s result.
    pub fn new(principal: &str, grants: &[ActionGrant]) -> Self {
        Self {
            principal: principal.to_owned(),
            actions: grants
                .iter()
                .map(|g| ActionJson {
                    action: g.action.clone(),
                    level: g.level.map(|l| l.as_str()),
                    resources: g.resources.iter().cloned().collect(),
                    matched: g.evidence.iter().map(MatchedJson::from).collect(),
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Context, Policy, PolicyKind, PolicySet, Principal, Request};

    #[test]
    fn access_answer_has_the_simulator_shape() {
        let p = Policy::parse(
            "dev",
            PolicyKind::Identity,
            r#"{"Statement":[{"Sid":"S3","Effect":"Allow","Action":"s3:*","Resource":"*"}]}"#,
        )
        .unwrap();
        let set = PolicySet {
            identity: vec![&p],
            ..PolicySet::default()
        };
        let who = Principal::from_arn("arn:aws:iam::111111111111:user/a").unwrap();
        let allowed = set.evaluate(&Request::new(
            who.clone(),
            "s3:GetObject",
            "arn:aws:s3:::b/k",
            Context::new(),
        ));
        let json = serde_json::to_value(AccessAnswer::from(&allowed)).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"decision": "allowed", "matched": [{"policy": "dev", "sid": "S3", "effect": "Allow"}]})
        );
        let denied = set.evaluate(&Request::new(who, "ec2:RunInstances", "*", Context::new()));
        let json = serde_json::to_value(AccessAnswer::from(&denied)).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"decision": "implicitDeny", "matched": [], "missing": "identity"})
        );
    }
}
