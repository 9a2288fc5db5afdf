//! The few parts of an IAM policy document the simple derivations read, parsed into types.
//!
//! This is not the IAM engine (branch `iam`): it reads `Effect`, `Principal`, `Action`, `Resource`
//! and the `aws:SourceArn` condition, and nothing evaluates conditions, boundaries or SCPs.

use std::collections::BTreeMap;

use serde::Deserialize;

/// One value or a list of values, as IAM allows.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub(crate) enum OneOrMany<T> {
    One(T),
    Many(Vec<T>),
}

impl<T> OneOrMany<T> {
    pub(crate) fn iter(&self) -> std::slice::Iter<'_, T> {
        match self {
            Self::One(t) => std::slice::from_ref(t).iter(),
            Self::Many(v) => v.iter(),
        }
    }
}

impl<T> Default for OneOrMany<T> {
    fn default() -> Self {
        Self::Many(Vec::new())
    }
}

/// `Principal`: `"*"` or a map of principal type to values.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub(crate) enum Principal {
    Map(BTreeMap<String, OneOrMany<String>>),
    /// `"*"` or anything else (not read: only maps name the services triggers need). Tried after
    /// `Map`, since it accepts any value.
    Star(serde::de::IgnoredAny),
}

/// One statement.
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct Statement {
    #[serde(rename = "Sid")]
    pub(crate) sid: Option<String>,
    #[serde(rename = "Effect", default)]
    pub(crate) effect: String,
    #[serde(rename = "Principal")]
    pub(crate) principal: Option<Principal>,
    #[serde(rename = "Action")]
    pub(crate) action: Option<OneOrMany<String>>,
    #[serde(rename = "NotAction")]
    pub(crate) not_action: Option<serde_json::Value>,
    #[serde(rename = "Resource")]
    pub(crate) resource: Option<OneOrMany<String>>,
    #[serde(rename = "NotResource")]
    pub(crate) not_resource: Option<serde_json::Value>,
    #[serde(rename = "Condition")]
    pub(crate) condition: Option<BTreeMap<String, BTreeMap<String, serde_json::Value>>>,
}

impl Statement {
    /// `Effect: Allow`.
    pub(crate) fn allows(&self) -> bool {
        self.effect == "Allow"
    }

    /// A short handle for evidence: `Statement[2] (Sid)`.
    pub(crate) fn label(&self, index: usize) -> String {
        match &self.sid {
            Some(sid) if !sid.is_empty() => format!("Statement[{index}] ({sid})"),
            _ => format!("Statement[{index}]"),
        }
    }

    /// Does an `Action` entry cover `action` (`service:Name`)? IAM's `*` / `?`, ignoring case.
    pub(crate) fn allows_action(&self, action: &str) -> bool {
        self.action.as_ref().is_some_and(|a| {
            a.iter().any(|pat| {
                wildmatch::WildMatch::new(&pat.to_ascii_lowercase())
                    .matches(&action.to_ascii_lowercase())
            })
        })
    }

    /// String values of a condition key (any operator matching `operators`), key compared ignoring
    /// case.
    pub(crate) fn condition_values(&self, operators: &[&str], key: &str) -> Vec<String> {
        let mut out = Vec::new();
        let Some(cond) = &self.condition else {
            return out;
        };
        for (op, keys) in cond {
            if !operators.iter().any(|o| o.eq_ignore_ascii_case(op)) {
                continue;
            }
            for (k, v) in keys {
                if !k.eq_ignore_ascii_case(key) {
                    continue;
                }
                match v {
                    serde_json::Value::String(s) => out.push(s.clone()),
                    serde_json::Value::Array(items) => {
                        out.extend(items.iter().filter_map(|i| i.as_str().map(str::to_owned)))
                    }
                    _ => {}
                }
            }
        }
        out
    }
}

#[derive(Debug, Clone, Deserialize)]
struct Document {
    #[serde(rename = "Statement", default)]
    statement: OneOrMany<Statement>,
}

/// The statements of a policy document, or why it could not be read.
pub(crate) fn statements(document: &str) -> Result<Vec<Statement>, String> {
    if document.trim().is_empty() {
        return Ok(Vec::new());
    }
    let doc: Document = serde_json::from_str(document).map_err(|e| e.to_string())?;
    Ok(match doc.statement {
        OneOrMany::One(s) => vec![s],
        OneOrMany::Many(v) => v,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_single_and_list_statements() {
        let one = statements(
            r#"{"Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}}"#,
        )
        .unwrap();
        assert_eq!(one.len(), 1);
        assert!(one[0].allows_action("s3:getobject"));
        let many = statements(
            r#"{"Version":"2012-10-17","Statement":[{"Sid":"a","Effect":"Deny","Action":["s3:*"]},
            {"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"AWS":["arn:aws:iam::1:root"]}}]}"#,
        )
        .unwrap();
        assert_eq!(many.len(), 2);
        assert!(!many[0].allows());
        assert_eq!(many[0].label(0), "Statement[0] (a)");
        assert!(matches!(many[1].principal, Some(Principal::Map(_))));
    }

    #[test]
    fn reads_condition_values_of_any_shape() {
        let s = statements(
            r#"{"Statement":[{"Effect":"Allow","Condition":{"ArnLike":{"AWS:SourceArn":"arn:aws:s3:::b"},
            "Bool":{"aws:SecureTransport":false}}}]}"#,
        )
        .unwrap();
        assert_eq!(
            s[0].condition_values(&["ArnLike", "ArnEquals"], "aws:SourceArn"),
            vec!["arn:aws:s3:::b".to_owned()]
        );
    }

    #[test]
    fn bad_documents_are_errors_not_panics() {
        assert!(statements("{not json").is_err());
        assert!(statements("").unwrap().is_empty());
    }

    proptest::proptest! {
        #[test]
        fn never_panics(s in ".*") {
            let _ = statements(&s);
        }
    }
}
