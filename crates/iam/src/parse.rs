//! Parsing policy documents (JSON) into compiled [`Policy`] values, with precise errors.
//!
//! Accepted forms follow the IAM JSON policy grammar ([ACT], [RES], [PR], [COND]): `Statement` is
//! one object or a list; `Action`, `Resource`, principal values and condition values are a string
//! or a list; condition values may be JSON strings, numbers or booleans. An invalid document is
//! reported with the statement index and the field, never by panicking.

use serde_json::{Map, Value};

use crate::arn::wildcard_service;
use crate::condition::{Condition, Operator};
use crate::error::PolicyError;
use crate::policy::{
    ActionPattern, Effect, Policy, PolicyKind, ResourcePattern, Statement, Targets,
};
use crate::principal::PrincipalEntry;

/// The policy language version with policy variables.
pub const VERSION_2012: &str = "2012-10-17";
/// The older policy language version.
pub const VERSION_2008: &str = "2008-10-17";

const STATEMENT_FIELDS: &[&str] = &[
    "Sid",
    "Effect",
    "Principal",
    "NotPrincipal",
    "Action",
    "NotAction",
    "Resource",
    "NotResource",
    "Condition",
];

impl Policy {
    /// Parses a policy document. `id` names the policy in decisions and errors.
    pub fn parse(id: &str, kind: PolicyKind, text: &str) -> Result<Self, PolicyError> {
        let value: Value = serde_json::from_str(text).map_err(|e| PolicyError::Json {
            policy: id.to_owned(),
            message: e.to_string(),
        })?;
        Self::from_json(id, kind, &value)
    }

    /// Parses a policy document already read as JSON.
    pub fn from_json(id: &str, kind: PolicyKind, value: &Value) -> Result<Self, PolicyError> {
        let doc_err = |field: &str, problem: String| PolicyError::Invalid {
            policy: id.to_owned(),
            statement: None,
            field: field.to_owned(),
            problem,
        };
        let Value::Object(doc) = value else {
            return Err(doc_err("", "a policy must be a JSON object".into()));
        };
        for key in doc.keys() {
            if !matches!(key.as_str(), "Version" | "Id" | "Statement") {
                return Err(doc_err(key, "unknown policy element".into()));
            }
        }
        let version = match doc.get("Version") {
            None => None,
            Some(Value::String(v)) if v == VERSION_2012 || v == VERSION_2008 => Some(v.clone()),
            Some(other) => {
                return Err(doc_err(
                    "Version",
                    format!(
                        "`{}` is not `{VERSION_2012}` or `{VERSION_2008}`",
                        short(other)
                    ),
                ));
            }
        };
        let policy_id = match doc.get("Id") {
            None => None,
            Some(Value::String(s)) => Some(s.clone()),
            Some(_) => return Err(doc_err("Id", "expected a string".into())),
        };
        let statements: Vec<&Value> = match doc.get("Statement") {
            Some(Value::Array(list)) => list.iter().collect(),
            Some(one @ Value::Object(_)) => vec![one],
            Some(_) => {
                return Err(doc_err(
                    "Statement",
                    "expected an object or a list of objects".into(),
                ));
            }
            None => return Err(doc_err("Statement", "missing".into())),
        };
        let variables = version.as_deref() == Some(VERSION_2012);
        let mut out = Vec::with_capacity(statements.len());
        for (index, st) in statements.into_iter().enumerate() {
            let ctx = StatementContext {
                policy: id,
                index,
                kind,
                variables,
            };
            out.push(ctx.statement(st)?);
        }
        Ok(Self {
            id: id.to_owned(),
            kind,
            version,
            policy_id,
            statements: out,
        })
    }
}

struct StatementContext<'a> {
    policy: &'a str,
    index: usize,
    kind: PolicyKind,
    variables: bool,
}

impl StatementContext<'_> {
    fn err(&self, field: &str, problem: impl Into<String>) -> PolicyError {
        PolicyError::Invalid {
            policy: self.policy.to_owned(),
            statement: Some(self.index),
            field: field.to_owned(),
            problem: problem.into(),
        }
    }

    fn statement(&self, value: &Value) -> Result<Statement, PolicyError> {
        let Value::Object(st) = value else {
            return Err(self.err("", "a statement must be a JSON object"));
        };
        if let Some(key) = st.keys().find(|k| !STATEMENT_FIELDS.contains(&k.as_str())) {
            return Err(self.err(key, "unknown statement element"));
        }
        let sid = match st.get("Sid") {
            None => None,
            Some(Value::String(s)) => Some(s.clone()),
            Some(_) => return Err(self.err("Sid", "expected a string")),
        };
        let effect = match st.get("Effect") {
            Some(Value::String(e)) if e == "Allow" => Effect::Allow,
            Some(Value::String(e)) if e == "Deny" => Effect::Deny,
            Some(other) => {
                return Err(self.err(
                    "Effect",
                    format!(
                        "`{}` is not `Allow` or `Deny` (the value is case-sensitive)",
                        short(other)
                    ),
                ));
            }
            None => return Err(self.err("Effect", "missing")),
        };
        let actions = match self.pair(st, "Action", "NotAction")? {
            Some((negated, field, values)) => Targets {
                negated,
                items: self
                    .strings(field, values)?
                    .iter()
                    .map(|a| self.action(field, a))
                    .collect::<Result<_, _>>()?,
            },
            None => return Err(self.err("Action", "missing (`Action` or `NotAction`)")),
        };
        let resources = match self.pair(st, "Resource", "NotResource")? {
            Some((negated, field, values)) => Some(Targets {
                negated,
                items: self
                    .strings(field, values)?
                    .iter()
                    .map(|r| self.resource(field, r))
                    .collect::<Result<_, _>>()?,
            }),
            None if matches!(
                self.kind,
                PolicyKind::Identity | PolicyKind::Boundary | PolicyKind::Session
            ) =>
            {
                return Err(self.err("Resource", "missing (`Resource` or `NotResource`)"));
            }
            None => None,
        };
        let principals = match self.pair(st, "Principal", "NotPrincipal")? {
            Some((_, field, _)) if !self.kind.has_principals() => {
                return Err(self.err(field, "not allowed in this kind of policy"));
            }
            Some((negated, field, value)) => Some(Targets {
                negated,
                items: self.principals(field, value)?,
            }),
            None if matches!(self.kind, PolicyKind::Resource | PolicyKind::Trust) => {
                return Err(self.err("Principal", "missing (`Principal` or `NotPrincipal`)"));
            }
            None => None,
        };
        let conditions = match st.get("Condition") {
            None => Vec::new(),
            Some(v) => self.conditions(v)?,
        };
        let service_filter = crate::policy::service_filter(&actions);
        Ok(Statement {
            index: self.index,
            sid,
            effect,
            principals,
            actions,
            resources,
            conditions,
            service_filter,
        })
    }

    /// The element `a` or its negation `b` (never both).
    fn pair<'v>(
        &self,
        st: &'v Map<String, Value>,
        a: &'static str,
        b: &'static str,
    ) -> Result<Option<(bool, &'static str, &'v Value)>, PolicyError> {
        match (st.get(a), st.get(b)) {
            (Some(_), Some(_)) => Err(self.err(b, format!("cannot be used together with `{a}`"))),
            (Some(v), None) => Ok(Some((false, a, v))),
            (None, Some(v)) => Ok(Some((true, b, v))),
            (None, None) => Ok(None),
        }
    }

    fn strings(&self, field: &str, value: &Value) -> Result<Vec<String>, PolicyError> {
        match value {
            Value::String(s) => Ok(vec![s.clone()]),
            Value::Array(list) if !list.is_empty() => list
                .iter()
                .map(|v| match v {
                    Value::String(s) => Ok(s.clone()),
                    other => Err(self.err(field, format!("`{}` is not a string", short(other)))),
                })
                .collect(),
            Value::Array(_) => Err(self.err(field, "an empty list")),
            other => Err(self.err(
                field,
                format!(
                    "expected a string or a list of strings, got `{}`",
                    short(other)
                ),
            )),
        }
    }

    fn action(&self, field: &str, text: &str) -> Result<ActionPattern, PolicyError> {
        if text != "*" {
            match text.split_once(':') {
                Some((svc, name)) if !svc.is_empty() && !name.is_empty() => {}
                _ => {
                    return Err(self.err(field, format!("`{text}` is not `*` or `service:action`")));
                }
            }
        }
        Ok(ActionPattern::new(text))
    }

    fn resource(&self, field: &str, text: &str) -> Result<ResourcePattern, PolicyError> {
        if text.is_empty() {
            return Err(self.err(field, "an empty resource"));
        }
        if let Some(svc) = wildcard_service(text) {
            return Err(self.err(
                field,
                format!("`{text}`: the service segment `{svc}` cannot contain wildcards"),
            ));
        }
        Ok(ResourcePattern::new(text, self.variables))
    }

    fn principals(&self, field: &str, value: &Value) -> Result<Vec<PrincipalEntry>, PolicyError> {
        match value {
            Value::String(s) if s == "*" => Ok(vec![PrincipalEntry::Everyone]),
            Value::Object(map) if !map.is_empty() => {
                let mut out = Vec::new();
                for (key, v) in map {
                    let values = self.strings(&format!("{field}.{key}"), v)?;
                    for s in values {
                        out.push(match key.as_str() {
                            "AWS" => PrincipalEntry::aws(&s),
                            "Service" => PrincipalEntry::Service(s.to_ascii_lowercase()),
                            "Federated" => PrincipalEntry::Federated(s),
                            "CanonicalUser" => PrincipalEntry::CanonicalUser(s),
                            other => {
                                return Err(self.err(
                                    field,
                                    format!(
                                        "`{other}` is not `AWS`, `Service`, `Federated` or `CanonicalUser`"
                                    ),
                                ));
                            }
                        });
                    }
                }
                Ok(out)
            }
            other => Err(self.err(
                field,
                format!("expected `\"*\"` or an object, got `{}`", short(other)),
            )),
        }
    }

    fn conditions(&self, value: &Value) -> Result<Vec<Condition>, PolicyError> {
        let Value::Object(ops) = value else {
            return Err(self.err("Condition", "expected an object of operators"));
        };
        let mut out = Vec::new();
        for (op_name, keys) in ops {
            let field = format!("Condition.{op_name}");
            let op = Operator::parse(op_name)
                .ok_or_else(|| self.err(&field, format!("unknown operator `{op_name}`")))?;
            let Value::Object(keys) = keys else {
                return Err(self.err(&field, "expected an object of condition keys"));
            };
            for (key, values) in keys {
                let field = format!("{field}.{key}");
                let raw = self.condition_values(&field, values)?;
                let cond = Condition::compile(op, key, &raw, self.variables)
                    .map_err(|e| self.err(&field, e.0))?;
                out.push(cond);
            }
        }
        Ok(out)
    }

    fn condition_values(&self, field: &str, value: &Value) -> Result<Vec<String>, PolicyError> {
        let one = |v: &Value| match v {
            Value::String(s) => Ok(s.clone()),
            Value::Number(n) => Ok(n.to_string()),
            Value::Bool(b) => Ok(b.to_string()),
            other => Err(self.err(
                field,
                format!("`{}` is not a string, number or boolean", short(other)),
            )),
        };
        match value {
            Value::Array(list) => list.iter().map(one).collect(),
            v => Ok(vec![one(v)?]),
        }
    }
}

/// A short rendering of a JSON value for messages.
fn short(v: &Value) -> String {
    let s = v.to_string();
    if s.chars().count() > 60 {
        let cut: String = s.chars().take(57).collect();
        format!("{cut}...")
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(kind: PolicyKind, text: &str) -> Result<Policy, PolicyError> {
        Policy::parse("p", kind, text)
    }

    #[test]
    fn accepts_every_form() {
        let p = parse(
            PolicyKind::Resource,
            r#"{"Version":"2012-10-17","Statement":[
              {"Sid":"a","Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"},
              {"Effect":"Deny","NotPrincipal":{"AWS":["arn:aws:iam::111122223333:root","444455556666"]},
               "NotAction":["s3:Get*","s3:List*"],"NotResource":"arn:aws:s3:::b/pub/*",
               "Condition":{"Bool":{"aws:SecureTransport":false},"NumericLessThan":{"s3:max-keys":[10,"20"]},
                            "ForAnyValue:StringLikeIfExists":{"aws:TagKeys":["a*"]}}},
              {"Effect":"Allow","Principal":{"Service":"Lambda.amazonaws.com","Federated":"cognito-identity.amazonaws.com","CanonicalUser":"abc"},"Action":"*","Resource":["*"]}
            ]}"#,
        )
        .unwrap();
        assert_eq!(p.statements.len(), 3);
        assert!(p.statements[1].actions.negated);
        assert_eq!(p.statements[1].conditions.len(), 3);
        let single = parse(
            PolicyKind::Identity,
            r#"{"Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}"#,
        )
        .unwrap();
        assert_eq!(single.statements.len(), 1);
        assert!(!single.has_variables());
    }

    #[test]
    fn errors_name_statement_and_field() {
        let cases = [
            (
                r#"{"Statement":[{"Effect":"allow","Action":"*","Resource":"*"}]}"#,
                Some(0),
                "Effect",
            ),
            (
                r#"{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Allow","Resource":"*"}]}"#,
                Some(1),
                "Action",
            ),
            (
                r#"{"Statement":[{"Effect":"Allow","Action":"*","NotAction":"s3:*","Resource":"*"}]}"#,
                Some(0),
                "NotAction",
            ),
            (
                r#"{"Statement":[{"Effect":"Allow","Action":"s3","Resource":"*"}]}"#,
                Some(0),
                "Action",
            ),
            (
                r#"{"Statement":[{"Effect":"Allow","Action":"*"}]}"#,
                Some(0),
                "Resource",
            ),
            (
                r#"{"Statement":[{"Effect":"Allow","Action":"*","Resource":"arn:aws:s3*:::b"}]}"#,
                Some(0),
                "Resource",
            ),
            (
                r#"{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Principal":"*"}]}"#,
                Some(0),
                "Principal",
            ),
            (
                r#"{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEq":{"k":"v"}}}]}"#,
                Some(0),
                "Condition.StringEq",
            ),
            (
                r#"{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"1.2.3.4/40"}}}]}"#,
                Some(0),
                "Condition.IpAddress.aws:SourceIp",
            ),
            (
                r#"{"Statement":[{"Effect":"Allow","Action":[],"Resource":"*"}]}"#,
                Some(0),
                "Action",
            ),
            (
                r#"{"Statement":[{"Effect":"Allow","Action":[1],"Resource":"*"}]}"#,
                Some(0),
                "Action",
            ),
            (
                r#"{"Statement":[{"Effect":"Allow","Actions":"*","Resource":"*"}]}"#,
                Some(0),
                "Actions",
            ),
            (
                r#"{"Version":"2012-10-18","Statement":[]}"#,
                None,
                "Version",
            ),
            (r#"{"Version":"2012-10-17"}"#, None, "Statement"),
            (r#"[]"#, None, ""),
        ];
        for (text, statement, field) in cases {
            match parse(PolicyKind::Identity, text) {
                Err(PolicyError::Invalid {
                    statement: s,
                    field: f,
                    ..
                }) => {
                    assert_eq!((s, f.as_str()), (statement, field), "{text}");
                }
                other => panic!("{text}: {other:?}"),
            }
        }
        assert!(matches!(
            parse(PolicyKind::Identity, "{not json"),
            Err(PolicyError::Json { .. })
        ));
        let trust = parse(
            PolicyKind::Trust,
            r#"{"Statement":[{"Effect":"Allow","Action":"sts:AssumeRole"}]}"#,
        );
        assert!(
            matches!(trust, Err(PolicyError::Invalid { ref field, .. }) if field == "Principal")
        );
    }

    #[test]
    fn error_messages_are_precise() {
        let e = parse(
            PolicyKind::Identity,
            r#"{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Permit","Action":"*","Resource":"*"}]}"#,
        )
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "policy `p`, statement 1, field `Effect`: `\"Permit\"` is not `Allow` or `Deny` (the value is case-sensitive)"
        );
    }
}
