//! Borrowed text and the small value conversions every response shape needs.
//!
//! [`Text`] borrows from the file's bytes when the JSON string has no escapes and owns it otherwise,
//! so typed parsing allocates only where it must. Policy documents arrive in three spellings (a JSON
//! object as the CLI prints them, JSON text, URL-encoded JSON text as the raw API returns them):
//! [`policy_text`] turns any of them into decoded JSON text.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::net::{Ipv4Addr, Ipv6Addr};

use nephos_model::{Tags, Timestamp};
use serde::Deserialize;
use serde::de::{self, Deserializer, Visitor};
use serde_json::value::RawValue;

/// A JSON string borrowed from the input where possible. Numbers and booleans are accepted and kept
/// as their text (some CLI versions print ports and ids as numbers).
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Text<'a>(pub Cow<'a, str>);

impl Text<'_> {
    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// An owned copy.
    pub fn to_owned_string(&self) -> String {
        self.0.clone().into_owned()
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Display for Text<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Text<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(TextVisitor)
    }
}

struct TextVisitor;

impl<'de> Visitor<'de> for TextVisitor {
    type Value = Text<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Text(Cow::Borrowed(v)))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Text(Cow::Owned(v.to_owned())))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Text(Cow::Owned(v)))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Text(Cow::Owned(v.to_string())))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Text(Cow::Owned(v.to_string())))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(Text(Cow::Owned(v.to_string())))
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Text(Cow::Owned(v.to_string())))
    }
}

/// Owned text of an optional field, empty strings dropped.
pub fn opt(t: &Option<Text<'_>>) -> Option<String> {
    t.as_ref()
        .filter(|t| !t.is_empty())
        .map(Text::to_owned_string)
}

/// Owned copies of a list of texts.
pub fn strings(ts: &[Text<'_>]) -> Vec<String> {
    ts.iter().map(Text::to_owned_string).collect()
}

/// An EC2-style tag (`Key` / `Value`).
#[derive(Debug, Deserialize)]
pub struct Tag<'a> {
    /// Key.
    #[serde(rename = "Key", borrow)]
    pub key: Text<'a>,
    /// Value.
    #[serde(rename = "Value", default, borrow)]
    pub value: Text<'a>,
}

/// An ECS-style tag (`key` / `value`).
#[derive(Debug, Deserialize)]
pub struct LowerTag<'a> {
    /// Key.
    #[serde(borrow)]
    pub key: Text<'a>,
    /// Value.
    #[serde(default, borrow)]
    pub value: Text<'a>,
}

/// Tags from `Key` / `Value` pairs.
pub fn tags(list: &[Tag<'_>]) -> Tags {
    list.iter()
        .map(|t| (t.key.to_owned_string(), t.value.to_owned_string()))
        .collect()
}

/// Tags from a `{key: value}` map.
pub fn tag_map(map: &BTreeMap<Text<'_>, Text<'_>>) -> Tags {
    map.iter()
        .map(|(k, v)| (k.to_owned_string(), v.to_owned_string()))
        .collect()
}

/// The human name: the `Name` tag where the API has no name, else the API name, else the short id.
pub fn name_for(tags: &Tags, api_name: Option<&str>, short_id: &str) -> String {
    match api_name.filter(|n| !n.is_empty()) {
        Some(n) => n.to_owned(),
        None => tags
            .get("Name")
            .filter(|n| !n.is_empty())
            .cloned()
            .unwrap_or_else(|| short_id.to_owned()),
    }
}

/// Parses the timestamps AWS prints: RFC 3339 (`2024-01-02T03:04:05Z`, `…+00:00`, with or without
/// fractions) and Lambda's `2024-01-02T03:04:05.000+0000`.
pub fn timestamp(s: &str) -> Option<Timestamp> {
    if let Ok(t) = chrono::DateTime::parse_from_rfc3339(s) {
        return Some(t.with_timezone(&chrono::Utc));
    }
    chrono::DateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f%z")
        .ok()
        .map(|t| t.with_timezone(&chrono::Utc))
}

/// A timestamp from an optional text field.
pub fn opt_time(t: &Option<Text<'_>>) -> Option<Timestamp> {
    t.as_ref().and_then(|t| timestamp(t.as_str()))
}

/// An IPv4 address, if the text is one.
pub fn ipv4(t: &Option<Text<'_>>) -> Option<Ipv4Addr> {
    t.as_ref().and_then(|t| t.as_str().parse().ok())
}

/// An IPv6 address, if the text is one.
pub fn ipv6(t: &Option<Text<'_>>) -> Option<Ipv6Addr> {
    t.as_ref().and_then(|t| t.as_str().parse().ok())
}

/// A port from an API number, when it is one.
pub fn port(n: Option<i64>) -> Option<u16> {
    n.and_then(|n| u16::try_from(n).ok())
}

/// Decodes a policy document given as a JSON object, JSON text or URL-encoded JSON text into JSON
/// text. `null` and empty text are `None`.
pub fn policy_text(raw: &RawValue) -> Option<String> {
    let s = raw.get().trim();
    if s == "null" {
        return None;
    }
    if s.starts_with('"') {
        let text: Cow<'_, str> = serde_json::from_str(s).ok()?;
        return policy_from_text(&text);
    }
    Some(s.to_owned())
}

/// Decodes a policy document given as JSON text or URL-encoded JSON text.
pub fn policy_from_text(text: &str) -> Option<String> {
    let t = text.trim();
    if t.is_empty() {
        return None;
    }
    if t.starts_with('{') || t.starts_with('[') {
        return Some(t.to_owned());
    }
    Some(url_decode(t))
}

/// Percent-decodes text (RFC 3986; `+` is kept as is). Invalid UTF-8 is replaced.
pub fn url_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_borrows_plain_and_owns_escaped() {
        let json = br#"["plain", "esc\"aped", 5]"#;
        let v: Vec<Text<'_>> = serde_json::from_slice(json).unwrap();
        assert!(matches!(v[0].0, Cow::Borrowed("plain")));
        assert!(matches!(&v[1].0, Cow::Owned(s) if s == "esc\"aped"));
        assert_eq!(v[2].as_str(), "5");
    }

    #[test]
    fn policies_in_three_spellings_decode_alike() {
        let obj: &RawValue = serde_json::from_str(r#"{"Version":"2012-10-17"}"#).unwrap();
        let text: &RawValue = serde_json::from_str(r#""{\"Version\":\"2012-10-17\"}""#).unwrap();
        let url: &RawValue =
            serde_json::from_str(r#""%7B%22Version%22%3A%222012-10-17%22%7D""#).unwrap();
        let want = Some(r#"{"Version":"2012-10-17"}"#.to_owned());
        assert_eq!(policy_text(obj), want);
        assert_eq!(policy_text(text), want);
        assert_eq!(policy_text(url), want);
        let null: &RawValue = serde_json::from_str("null").unwrap();
        assert_eq!(policy_text(null), None);
    }

    #[test]
    fn timestamps_in_aws_spellings() {
        assert!(timestamp("2024-01-02T03:04:05Z").is_some());
        assert!(timestamp("2024-01-02T03:04:05+00:00").is_some());
        assert!(timestamp("2024-01-02T03:04:05.000+0000").is_some());
        assert!(timestamp("N/A").is_none());
    }

    #[test]
    fn names_prefer_api_name_then_tag_then_id() {
        let mut t = Tags::new();
        assert_eq!(name_for(&t, None, "i-1"), "i-1");
        t.insert("Name".into(), "web".into());
        assert_eq!(name_for(&t, None, "i-1"), "web");
        assert_eq!(name_for(&t, Some("api"), "i-1"), "api");
    }
}
