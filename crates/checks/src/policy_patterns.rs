//! Pattern matching over IAM policy JSON for the shapes checks read statement by statement:
//! public principals, trusted accounts, the "deny insecure transport" statement, and (for the
//! `risk` crate) literal full-admin statements.
//!
//! This is deliberately pattern matching, not authorization. Where a decision needs AWS's
//! semantics the checks ask the IAM engine instead: "full administrator" in [`crate::admin`],
//! and whether a policy's own `Deny` closes a public statement to outsiders in
//! [`crate::outsider`].

use serde_json::Value;

/// A policy document that is not JSON or not shaped like a policy.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PolicyPatternError {
    /// Not JSON.
    #[error("policy is not JSON: {0}")]
    NotJson(String),
    /// JSON without a `Statement` object or array.
    #[error("policy has no `Statement`")]
    NoStatement,
}

/// One statement of a parsed policy, with the fields patterns read.
#[derive(Debug, Clone, PartialEq)]
pub struct Statement {
    /// Position in `Statement` (0 when the statement is a single object).
    pub index: usize,
    /// `Sid`, when present.
    pub sid: Option<String>,
    /// `Effect` is `Allow`.
    pub allow: bool,
    /// `Action` values (empty when the statement uses `NotAction`).
    pub actions: Vec<String>,
    /// The statement uses `NotAction`.
    pub not_action: bool,
    /// `Resource` values (empty when the statement uses `NotResource` or has none).
    pub resources: Vec<String>,
    /// `Principal`, as written.
    pub principal: Option<Value>,
    /// `Condition`, as written.
    pub condition: Option<Value>,
    /// The statement as written, for evidence.
    pub raw: Value,
}

fn strings(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(|x| x.as_str().map(str::to_owned))
            .collect(),
        _ => Vec::new(),
    }
}

/// Parses a policy document into its statements.
pub fn statements(document: &str) -> Result<Vec<Statement>, PolicyPatternError> {
    let doc: Value =
        serde_json::from_str(document).map_err(|e| PolicyPatternError::NotJson(e.to_string()))?;
    let list: Vec<&Value> = match doc.get("Statement") {
        Some(Value::Array(a)) => a.iter().collect(),
        Some(v @ Value::Object(_)) => vec![v],
        _ => return Err(PolicyPatternError::NoStatement),
    };
    Ok(list
        .into_iter()
        .enumerate()
        .map(|(index, s)| Statement {
            index,
            sid: s.get("Sid").and_then(Value::as_str).map(str::to_owned),
            allow: s
                .get("Effect")
                .and_then(Value::as_str)
                .is_some_and(|e| e.eq_ignore_ascii_case("allow")),
            actions: strings(s.get("Action")),
            not_action: s.get("NotAction").is_some(),
            resources: strings(s.get("Resource")),
            principal: s.get("Principal").cloned(),
            condition: s
                .get("Condition")
                .filter(|c| c.as_object().is_some_and(|o| !o.is_empty()))
                .cloned(),
            raw: s.clone(),
        })
        .collect())
}

/// The evidence for a statement: its index, Sid and text.
pub fn evidence(s: &Statement) -> Value {
    serde_json::json!({ "statement_index": s.index, "sid": s.sid, "statement": s.raw })
}

/// Allow statements granting every action on every resource without conditions: `Action` `*` or
/// `*:*`, `Resource` `*` (CIS 1.16's "full administrative privileges").
pub fn full_admin_statements(document: &str) -> Result<Vec<Statement>, PolicyPatternError> {
    Ok(full_admin_of(&statements(document)?))
}

/// [`full_admin_statements`] over already parsed statements.
pub fn full_admin_of(statements: &[Statement]) -> Vec<Statement> {
    statements
        .iter()
        .filter(|s| {
            s.allow
                && !s.not_action
                && s.condition.is_none()
                && s.actions.iter().any(|a| a == "*" || a == "*:*")
                && s.resources.iter().any(|r| r == "*")
        })
        .cloned()
        .collect()
}

/// Condition keys that, tested positively, limit who can use a statement with a `*` principal to
/// known callers: an account, organization, network, VPC endpoint or source resource.
const RESTRICTING_KEYS: &[&str] = &[
    "aws:sourceaccount",
    "aws:sourcearn",
    "aws:sourceowner",
    "aws:sourcevpc",
    "aws:sourcevpce",
    "aws:sourceip",
    "aws:sourceorgid",
    "aws:sourceorgpaths",
    "aws:principalaccount",
    "aws:principalarn",
    "aws:principalorgid",
    "aws:principalorgpaths",
    "aws:userid",
    "aws:username",
    "kms:calleraccount",
    "s3:dataaccesspointaccount",
    "sns:endpoint",
];

/// True when `condition` limits callers: some operator that is not negated and not `…IfExists`
/// tests one of the restricting keys (a negated operator or `IfExists` is true when the key is
/// absent, so it restricts nothing for anonymous callers). `aws:SourceIp` on `0.0.0.0/0` or `::/0`
/// restricts nothing either.
pub fn condition_restricts_callers(condition: &Value) -> bool {
    let Some(ops) = condition.as_object() else {
        return false;
    };
    ops.iter().any(|(op, keys)| {
        let op_l = op.to_ascii_lowercase();
        let base = op_l.rsplit(':').next().unwrap_or(&op_l);
        if base.contains("not") || base.ends_with("ifexists") || base == "null" {
            return false;
        }
        keys.as_object().is_some_and(|k| {
            k.iter().any(|(key, values)| {
                let key = key.to_ascii_lowercase();
                RESTRICTING_KEYS.contains(&key.as_str())
                    && !(key == "aws:sourceip"
                        && strings(Some(values))
                            .iter()
                            .any(|v| v == "0.0.0.0/0" || v == "::/0"))
            })
        })
    })
}

/// True when a `Principal` value names everyone: `"*"`, `{"AWS": "*"}` or `*` in an `AWS` list.
pub fn principal_is_everyone(principal: &Value) -> bool {
    match principal {
        Value::String(s) => s == "*",
        Value::Object(o) => o
            .get("AWS")
            .is_some_and(|aws| strings(Some(aws)).iter().any(|p| p == "*")),
        _ => false,
    }
}

/// Allow statements open to everyone: a `*` principal (or a `NotPrincipal`, which allows everyone
/// but the principals it lists) and no condition restricting callers.
pub fn public_statements(document: &str) -> Result<Vec<Statement>, PolicyPatternError> {
    Ok(public_of(&statements(document)?))
}

/// [`public_statements`] over already parsed statements.
pub fn public_of(statements: &[Statement]) -> Vec<Statement> {
    statements
        .iter()
        .filter(|s| {
            s.allow
                && (s.principal.as_ref().is_some_and(principal_is_everyone)
                    || s.raw.get("NotPrincipal").is_some())
                && !s
                    .condition
                    .as_ref()
                    .is_some_and(condition_restricts_callers)
        })
        .cloned()
        .collect()
}

/// The 12-digit account in an `AWS` principal: `123456789012` or any IAM/STS ARN of it.
pub fn principal_account(principal: &str) -> Option<&str> {
    let account = if principal.starts_with("arn:") {
        principal.split(':').nth(4)?
    } else {
        principal
    };
    (account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit())).then_some(account)
}

/// Accounts named by `AWS` principals of Allow statements, with the statement naming them.
pub fn allowed_principal_accounts(
    document: &str,
) -> Result<Vec<(String, Statement)>, PolicyPatternError> {
    Ok(allowed_principal_accounts_of(&statements(document)?))
}

/// [`allowed_principal_accounts`] over already parsed statements.
pub fn allowed_principal_accounts_of(statements: &[Statement]) -> Vec<(String, Statement)> {
    let mut out = Vec::new();
    for s in statements {
        if !s.allow {
            continue;
        }
        let aws = match &s.principal {
            Some(Value::Object(o)) => strings(o.get("AWS")),
            _ => Vec::new(),
        };
        for p in aws {
            if let Some(a) = principal_account(&p) {
                out.push((a.to_owned(), s.clone()));
            }
        }
    }
    out
}

/// `false`, `"false"` or a list holding `"false"`.
fn is_false(v: &Value) -> bool {
    v.as_bool() == Some(false)
        || strings(Some(v))
            .iter()
            .any(|x| x.eq_ignore_ascii_case("false"))
}

/// Deny statements refusing requests over plain HTTP: Effect Deny, a `*` principal, an action
/// covering every S3 action (`s3:*` or `*`), and `Bool` `aws:SecureTransport` `false`.
pub fn deny_insecure_transport_statements(
    document: &str,
) -> Result<Vec<Statement>, PolicyPatternError> {
    Ok(deny_insecure_transport_of(&statements(document)?))
}

/// [`deny_insecure_transport_statements`] over already parsed statements.
pub fn deny_insecure_transport_of(statements: &[Statement]) -> Vec<Statement> {
    statements
        .iter()
        .filter(|s| {
            !s.allow
                && s.principal.as_ref().is_some_and(principal_is_everyone)
                && s.actions
                    .iter()
                    .any(|a| a == "*" || a.eq_ignore_ascii_case("s3:*"))
                && s.condition.as_ref().is_some_and(|c| {
                    c.as_object().is_some_and(|ops| {
                        ops.iter().any(|(op, keys)| {
                            op.eq_ignore_ascii_case("Bool")
                                && keys.as_object().is_some_and(|k| {
                                    k.iter().any(|(key, v)| {
                                        key.eq_ignore_ascii_case("aws:SecureTransport")
                                            && is_false(v)
                                    })
                                })
                        })
                    })
                })
        })
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_full_admin_only_without_conditions() {
        let admin = r#"{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#;
        assert_eq!(full_admin_statements(admin).unwrap().len(), 1);
        let single = r#"{"Statement":{"Effect":"Allow","Action":["*:*"],"Resource":["*"]}}"#;
        assert_eq!(full_admin_statements(single).unwrap().len(), 1);
        let cond = r#"{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}]}"#;
        assert!(full_admin_statements(cond).unwrap().is_empty());
        let s3 = r#"{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}"#;
        assert!(full_admin_statements(s3).unwrap().is_empty());
        assert!(full_admin_statements("not json").is_err());
        assert!(full_admin_statements("{}").is_err());
    }

    #[test]
    fn public_principals_respect_restricting_conditions() {
        let open = r#"{"Statement":[{"Effect":"Allow","Principal":{"AWS":["*"]},"Action":"s3:GetObject","Resource":"*"}]}"#;
        assert_eq!(public_statements(open).unwrap().len(), 1);
        let org = r#"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-1"}}}]}"#;
        assert!(public_statements(org).unwrap().is_empty());
        let negated = r#"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*","Condition":{"StringNotEquals":{"aws:SourceVpce":"vpce-1"}}}]}"#;
        assert_eq!(public_statements(negated).unwrap().len(), 1);
        let tls = r#"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"true"}}}]}"#;
        assert_eq!(public_statements(tls).unwrap().len(), 1);
        let account = r#"{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"s3:GetObject","Resource":"*"}]}"#;
        assert!(public_statements(account).unwrap().is_empty());
        let any_ip = r#"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":["0.0.0.0/0"]}}}]}"#;
        assert_eq!(public_statements(any_ip).unwrap().len(), 1);
        let office_ip = r#"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}}]}"#;
        assert!(public_statements(office_ip).unwrap().is_empty());
        let not_principal = r#"{"Statement":[{"Effect":"Allow","NotPrincipal":{"AWS":"arn:aws:iam::111122223333:user/x"},"Action":"s3:GetObject","Resource":"*"}]}"#;
        assert_eq!(public_statements(not_principal).unwrap().len(), 1);
    }

    #[test]
    fn extracts_principal_accounts() {
        assert_eq!(
            principal_account("arn:aws:iam::111122223333:role/x"),
            Some("111122223333")
        );
        assert_eq!(principal_account("444455556666"), Some("444455556666"));
        assert_eq!(principal_account("*"), None);
        let doc = r#"{"Statement":[{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::111122223333:root","999988887777"],"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#;
        let accounts: Vec<String> = allowed_principal_accounts(doc)
            .unwrap()
            .into_iter()
            .map(|(a, _)| a)
            .collect();
        assert_eq!(accounts, ["111122223333", "999988887777"]);
    }

    #[test]
    fn recognises_deny_insecure_transport() {
        let good = r#"{"Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::b","arn:aws:s3:::b/*"],"Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}"#;
        assert_eq!(deny_insecure_transport_statements(good).unwrap().len(), 1);
        let bool_value = r#"{"Statement":[{"Effect":"Deny","Principal":{"AWS":"*"},"Action":"*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":false}}}]}"#;
        assert_eq!(
            deny_insecure_transport_statements(bool_value)
                .unwrap()
                .len(),
            1
        );
        let allow = r#"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"true"}}}]}"#;
        assert!(
            deny_insecure_transport_statements(allow)
                .unwrap()
                .is_empty()
        );
        let one_action = r#"{"Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:GetObject","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}"#;
        assert!(
            deny_insecure_transport_statements(one_action)
                .unwrap()
                .is_empty()
        );
    }

    proptest::proptest! {
        #[test]
        fn never_panics_on_arbitrary_text(s in ".*") {
            let _ = full_admin_statements(&s);
            let _ = public_statements(&s);
            let _ = allowed_principal_accounts(&s);
            let _ = deny_insecure_transport_statements(&s);
        }
    }
}
