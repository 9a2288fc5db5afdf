//! Building AWS-CLI-shaped JSON from SDK values.
//!
//! The SDK's types do not implement `Serialize`, so every service module converts explicitly, member
//! by member, with the API's own member names. [`Obj`] keeps those converters short: absent optional
//! members are left out (as the CLI leaves them out), lists are written as arrays, timestamps as
//! ISO 8601 text.

use aws_smithy_types::DateTime;
use aws_smithy_types::date_time::Format;
use serde_json::{Map, Value};

/// A JSON object under construction; members whose value is absent are skipped.
#[derive(Debug, Default)]
pub(crate) struct Obj(Map<String, Value>);

/// Starts an empty object.
pub(crate) fn obj() -> Obj {
    Obj::default()
}

impl Obj {
    /// A string member.
    pub(crate) fn s(mut self, key: &str, value: Option<&str>) -> Self {
        if let Some(v) = value {
            self.0.insert(key.to_owned(), Value::String(v.to_owned()));
        }
        self
    }

    /// An enum member, written as the API's own string.
    pub(crate) fn e<E: AsRef<str>>(mut self, key: &str, value: Option<&E>) -> Self {
        if let Some(v) = value {
            self.0
                .insert(key.to_owned(), Value::String(v.as_ref().to_owned()));
        }
        self
    }

    /// A boolean member.
    pub(crate) fn b(mut self, key: &str, value: Option<bool>) -> Self {
        if let Some(v) = value {
            self.0.insert(key.to_owned(), Value::Bool(v));
        }
        self
    }

    /// An integer member.
    pub(crate) fn i<N: Into<i64>>(mut self, key: &str, value: Option<N>) -> Self {
        if let Some(v) = value {
            self.0.insert(key.to_owned(), Value::from(v.into()));
        }
        self
    }

    /// A timestamp member, as ISO 8601 text.
    pub(crate) fn t(mut self, key: &str, value: Option<&DateTime>) -> Self {
        if let Some(v) = value.and_then(iso8601) {
            self.0.insert(key.to_owned(), Value::String(v));
        }
        self
    }

    /// Any value; `null` is skipped.
    pub(crate) fn v(mut self, key: &str, value: Value) -> Self {
        if !value.is_null() {
            self.0.insert(key.to_owned(), value);
        }
        self
    }

    /// A nested object, converted when present.
    pub(crate) fn o<T>(self, key: &str, value: Option<&T>, f: impl Fn(&T) -> Value) -> Self {
        match value {
            Some(v) => self.v(key, f(v)),
            None => self,
        }
    }

    /// A list member, each item converted by `f` (always written, `[]` when empty).
    pub(crate) fn l<T>(mut self, key: &str, items: &[T], f: impl Fn(&T) -> Value) -> Self {
        self.0
            .insert(key.to_owned(), Value::Array(items.iter().map(f).collect()));
        self
    }

    /// A list of strings (always written).
    pub(crate) fn ls(self, key: &str, items: &[String]) -> Self {
        self.l(key, items, |s| Value::String(s.clone()))
    }

    /// A list of enum values (always written).
    pub(crate) fn le<E: AsRef<str>>(self, key: &str, items: &[E]) -> Self {
        self.l(key, items, |s| Value::String(s.as_ref().to_owned()))
    }

    /// A string-to-string map member, when present.
    pub(crate) fn m(
        mut self,
        key: &str,
        map: Option<&std::collections::HashMap<String, String>>,
    ) -> Self {
        if let Some(map) = map {
            let mut sorted: Vec<(&String, &String)> = map.iter().collect();
            sorted.sort();
            let out: Map<String, Value> = sorted
                .into_iter()
                .map(|(k, v)| (k.clone(), Value::String(v.clone())))
                .collect();
            self.0.insert(key.to_owned(), Value::Object(out));
        }
        self
    }

    /// The finished object.
    pub(crate) fn done(self) -> Value {
        Value::Object(self.0)
    }
}

/// A timestamp as ISO 8601 text (`2026-11-21T07:40:00Z`), as the CLI prints timestamps.
pub(crate) fn iso8601(t: &DateTime) -> Option<String> {
    t.fmt(Format::DateTime).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absent_members_are_skipped_and_lists_written() {
        let v = obj()
            .s("VpcId", Some("vpc-1"))
            .s("Missing", None)
            .b("IsDefault", Some(false))
            .i("Port", Some(443_i32))
            .ls("Names", &["a".to_owned()])
            .l("Empty", &[] as &[String], |s| Value::String(s.clone()))
            .done();
        assert_eq!(
            v,
            serde_json::json!({"VpcId": "vpc-1", "IsDefault": false, "Port": 443, "Names": ["a"], "Empty": []})
        );
    }

    #[test]
    fn timestamps_are_iso8601() {
        let t = DateTime::from_secs(1_700_000_000);
        assert_eq!(iso8601(&t).as_deref(), Some("2023-11-14T22:13:20Z"));
        let v = obj().t("LaunchTime", Some(&t)).done();
        assert_eq!(v["LaunchTime"], "2023-11-14T22:13:20Z");
    }
}

/// A policy document as the CLI prints it: IAM returns URL-encoded JSON text, which the CLI decodes
/// and prints as a JSON object. Text that does not decode to JSON is kept as text.
pub(crate) fn policy_document(text: Option<&str>) -> Value {
    let Some(text) = text else {
        return Value::Null;
    };
    let decoded = percent_encoding::percent_decode_str(text).decode_utf8_lossy();
    serde_json::from_str::<Value>(&decoded)
        .or_else(|_| serde_json::from_str::<Value>(text))
        .unwrap_or_else(|_| Value::String(text.to_owned()))
}

#[cfg(test)]
mod policy_tests {
    use super::*;

    #[test]
    fn url_encoded_policies_become_objects() {
        let enc = "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%5D%7D";
        assert_eq!(
            policy_document(Some(enc)),
            serde_json::json!({"Version": "2012-10-17", "Statement": []})
        );
        assert_eq!(
            policy_document(Some(r#"{"a": "100%"}"#)),
            serde_json::json!({"a": "100%"})
        );
        assert_eq!(
            policy_document(Some("not json")),
            Value::String("not json".into())
        );
        assert_eq!(policy_document(None), Value::Null);
    }
}
