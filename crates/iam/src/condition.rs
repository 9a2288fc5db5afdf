//! The `Condition` element ([COND], [OPS], [MV]): operators, compiled values and evaluation.
//!
//! A condition block is `{operator: {key: value-or-list}}`. All operators and all keys must hold
//! (AND); a key's values are alternatives (OR) for positive operators, while a negated operator
//! (`StringNotEquals`, `NotIpAddress`, `ArnNotLike`, …) holds only when the request value differs
//! from every listed value.
//!
//! Missing keys: a positive operator is false, a negated one true, `…IfExists` true, and `Null`
//! tests presence. `ForAllValues:` holds when every request value matches (vacuously on a missing
//! or empty key); `ForAnyValue:` when at least one does (false on a missing key). A multi-valued
//! key under an operator without a set prefix is read as: positive ⇒ some request value matches;
//! negated ⇒ no request value equals a listed value. An empty value set is treated as missing,
//! except by `ForAllValues`, which is vacuously true either way.
//!
//! Operator names are matched ignoring ASCII case (the documentation spells them one way; a
//! policy AWS accepted must not be rejected here).

use std::net::IpAddr;

use crate::arn::ArnPattern;
use crate::glob::Glob;
use crate::request::Context;
use crate::variables::Template;

/// The comparison an operator makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(
    missing_docs,
    reason = "each variant is the AWS operator of the same name"
)]
pub enum OperatorKind {
    StringEquals,
    StringNotEquals,
    StringEqualsIgnoreCase,
    StringNotEqualsIgnoreCase,
    StringLike,
    StringNotLike,
    NumericEquals,
    NumericNotEquals,
    NumericLessThan,
    NumericLessThanEquals,
    NumericGreaterThan,
    NumericGreaterThanEquals,
    DateEquals,
    DateNotEquals,
    DateLessThan,
    DateLessThanEquals,
    DateGreaterThan,
    DateGreaterThanEquals,
    Bool,
    BinaryEquals,
    IpAddress,
    NotIpAddress,
    ArnEquals,
    ArnLike,
    ArnNotEquals,
    ArnNotLike,
    Null,
}

const OPERATORS: &[(&str, OperatorKind)] = {
    use OperatorKind::*;
    &[
        ("StringEquals", StringEquals),
        ("StringNotEquals", StringNotEquals),
        ("StringEqualsIgnoreCase", StringEqualsIgnoreCase),
        ("StringNotEqualsIgnoreCase", StringNotEqualsIgnoreCase),
        ("StringLike", StringLike),
        ("StringNotLike", StringNotLike),
        ("NumericEquals", NumericEquals),
        ("NumericNotEquals", NumericNotEquals),
        ("NumericLessThan", NumericLessThan),
        ("NumericLessThanEquals", NumericLessThanEquals),
        ("NumericGreaterThan", NumericGreaterThan),
        ("NumericGreaterThanEquals", NumericGreaterThanEquals),
        ("DateEquals", DateEquals),
        ("DateNotEquals", DateNotEquals),
        ("DateLessThan", DateLessThan),
        ("DateLessThanEquals", DateLessThanEquals),
        ("DateGreaterThan", DateGreaterThan),
        ("DateGreaterThanEquals", DateGreaterThanEquals),
        ("Bool", Bool),
        ("BinaryEquals", BinaryEquals),
        ("IpAddress", IpAddress),
        ("NotIpAddress", NotIpAddress),
        ("ArnEquals", ArnEquals),
        ("ArnLike", ArnLike),
        ("ArnNotEquals", ArnNotEquals),
        ("ArnNotLike", ArnNotLike),
        ("Null", Null),
    ]
};

impl OperatorKind {
    /// True for the negated operators (`…Not…`, `NotIpAddress`).
    pub fn is_negated(self) -> bool {
        use OperatorKind::*;
        matches!(
            self,
            StringNotEquals
                | StringNotEqualsIgnoreCase
                | StringNotLike
                | NumericNotEquals
                | DateNotEquals
                | NotIpAddress
                | ArnNotEquals
                | ArnNotLike
        )
    }

    /// The AWS name.
    pub fn name(self) -> &'static str {
        OPERATORS
            .iter()
            .find(|(_, k)| *k == self)
            .map_or("", |(n, _)| n)
    }
}

/// A set prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SetQualifier {
    /// `ForAllValues:`.
    ForAllValues,
    /// `ForAnyValue:`.
    ForAnyValue,
}

/// A full operator: set prefix, comparison and `IfExists`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Operator {
    /// `ForAllValues:` / `ForAnyValue:`.
    pub set: Option<SetQualifier>,
    /// The comparison.
    pub kind: OperatorKind,
    /// `…IfExists`.
    pub if_exists: bool,
}

impl Operator {
    /// Parses an operator name; `None` when unknown.
    pub fn parse(name: &str) -> Option<Self> {
        let (set, rest) = match name.split_once(':') {
            Some((q, rest)) if q.eq_ignore_ascii_case("ForAllValues") => {
                (Some(SetQualifier::ForAllValues), rest)
            }
            Some((q, rest)) if q.eq_ignore_ascii_case("ForAnyValue") => {
                (Some(SetQualifier::ForAnyValue), rest)
            }
            Some(_) => return None,
            None => (None, name),
        };
        let lower = rest.to_ascii_lowercase();
        let (base, if_exists) = match lower.strip_suffix("ifexists") {
            Some(b) => (b, true),
            None => (lower.as_str(), false),
        };
        let kind = OPERATORS
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(base))
            .map(|(_, k)| *k)?;
        // `NullIfExists` is meaningless and IAM rejects it.
        if kind == OperatorKind::Null && if_exists {
            return None;
        }
        Some(Self {
            set,
            kind,
            if_exists,
        })
    }
}

/// A compiled condition value.
#[derive(Debug, Clone, PartialEq)]
pub enum Expected {
    /// A string (lower-cased for the `IgnoreCase` operators), with its glob for `StringLike`
    /// and its template when it holds policy variables.
    Text {
        /// The text as compared.
        text: String,
        /// For `StringLike` / `StringNotLike`.
        glob: Option<Glob>,
        /// Policy variables.
        template: Option<Template>,
    },
    /// A number.
    Number(f64),
    /// A date as seconds since the epoch.
    Date(f64),
    /// A boolean (`Bool`, `Null`).
    Bool(bool),
    /// A CIDR block (a bare address is a /32 or /128).
    Cidr(IpAddr, u8),
    /// An ARN pattern, with its template when it holds policy variables.
    Arn {
        /// Compiled pattern.
        pattern: ArnPattern,
        /// Policy variables.
        template: Option<Template>,
    },
}

impl Expected {
    /// False when the value holds a policy variable without a value in `ctx`.
    fn resolves(&self, ctx: &Context) -> bool {
        match self {
            Self::Text {
                template: Some(t), ..
            }
            | Self::Arn {
                template: Some(t), ..
            } => t.substitute(ctx).is_some(),
            _ => true,
        }
    }
}

/// One `operator: {key: values}` entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Condition {
    /// The operator.
    pub operator: Operator,
    /// The key as written.
    pub key: String,
    /// The key lower-cased, for lookup.
    pub key_lower: String,
    /// [`crate::request::key_hash`] of `key_lower`.
    key_hash: u64,
    /// The listed values.
    pub values: Vec<Expected>,
    /// Some value holds a policy variable.
    has_templates: bool,
}

/// Why a condition value could not be compiled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadValue(pub String);

impl Condition {
    /// Compiles a condition; `variables` says whether `${…}` is a policy variable (Version
    /// 2012-10-17) or literal text.
    pub fn compile(
        operator: Operator,
        key: &str,
        raw: &[String],
        variables: bool,
    ) -> Result<Self, BadValue> {
        use OperatorKind::*;
        let mut values = Vec::with_capacity(raw.len());
        for v in raw {
            let template = if variables { Template::parse(v) } else { None };
            let value = match operator.kind {
                StringEquals | StringNotEquals => Expected::Text {
                    text: v.clone(),
                    glob: None,
                    template,
                },
                StringEqualsIgnoreCase | StringNotEqualsIgnoreCase => Expected::Text {
                    text: v.to_lowercase(),
                    glob: None,
                    template,
                },
                StringLike | StringNotLike => Expected::Text {
                    text: v.clone(),
                    glob: Some(Glob::new(v)),
                    template,
                },
                BinaryEquals => Expected::Text {
                    text: v.clone(),
                    glob: None,
                    template: None,
                },
                NumericEquals
                | NumericNotEquals
                | NumericLessThan
                | NumericLessThanEquals
                | NumericGreaterThan
                | NumericGreaterThanEquals => Expected::Number(
                    parse_number(v).ok_or_else(|| BadValue(format!("`{v}` is not a number")))?,
                ),
                DateEquals
                | DateNotEquals
                | DateLessThan
                | DateLessThanEquals
                | DateGreaterThan
                | DateGreaterThanEquals => Expected::Date(parse_date(v).ok_or_else(|| {
                    BadValue(format!("`{v}` is not an ISO 8601 date or epoch time"))
                })?),
                Bool => Expected::Bool(v.eq_ignore_ascii_case("true")),
                Null => Expected::Bool(match v.to_ascii_lowercase().as_str() {
                    "true" => true,
                    "false" => false,
                    _ => return Err(BadValue(format!("`{v}` is not `true` or `false`"))),
                }),
                IpAddress | NotIpAddress => {
                    let (ip, len) = parse_cidr(v)
                        .ok_or_else(|| BadValue(format!("`{v}` is not an IP address or CIDR")))?;
                    Expected::Cidr(ip, len)
                }
                ArnEquals | ArnLike | ArnNotEquals | ArnNotLike => Expected::Arn {
                    pattern: ArnPattern::new(v),
                    template,
                },
            };
            values.push(value);
        }
        let has_templates = values.iter().any(|v| {
            matches!(
                v,
                Expected::Text {
                    template: Some(_),
                    ..
                } | Expected::Arn {
                    template: Some(_),
                    ..
                }
            )
        });
        Ok(Self {
            has_templates,
            operator,
            key: key.to_owned(),
            key_lower: key.to_ascii_lowercase(),
            key_hash: crate::request::key_hash(&key.to_ascii_lowercase()),
            values,
        })
    }

    /// Does the condition hold for this request context? A policy variable that cannot be
    /// resolved makes the condition false whatever the operator: AWS documents that it "might
    /// cause the entire statement to be invalid" ([VAR]); nephos reads that as "the statement
    /// does not apply", for an `Allow` and a `Deny` alike.
    pub fn holds(&self, ctx: &Context) -> bool {
        if self.has_templates && !self.values.iter().all(|v| v.resolves(ctx)) {
            return false;
        }
        let present = ctx
            .get_hashed(&self.key_lower, self.key_hash)
            .filter(|v| !v.is_empty());
        let op = self.operator;
        if op.kind == OperatorKind::Null {
            let absent = present.is_none();
            return self
                .values
                .iter()
                .any(|v| matches!(v, Expected::Bool(b) if *b == absent));
        }
        let negated = op.kind.is_negated();
        match (op.set, present) {
            (Some(SetQualifier::ForAllValues), None) => true,
            (Some(SetQualifier::ForAnyValue), None) => op.if_exists,
            (None, None) => op.if_exists || negated,
            (Some(SetQualifier::ForAllValues), Some(vs)) => {
                vs.iter().all(|v| self.single_value(v, ctx))
            }
            (Some(SetQualifier::ForAnyValue), Some(vs)) => {
                vs.iter().any(|v| self.single_value(v, ctx))
            }
            (None, Some(vs)) if negated => vs.iter().all(|v| self.single_value(v, ctx)),
            (None, Some(vs)) => vs.iter().any(|v| self.single_value(v, ctx)),
        }
    }

    /// One request value against the listed values: positive ⇒ some value matches; negated ⇒ the
    /// request value differs from every listed value.
    fn single_value(&self, actual: &str, ctx: &Context) -> bool {
        let kind = self.operator.kind;
        if kind.is_negated() {
            !self
                .values
                .iter()
                .any(|e| positive_match(kind, e, actual, ctx))
        } else {
            self.values
                .iter()
                .any(|e| positive_match(kind, e, actual, ctx))
        }
    }
}

/// The positive comparison behind `kind` (`StringNotEquals` compares like `StringEquals`, …).
fn positive_match(kind: OperatorKind, expected: &Expected, actual: &str, ctx: &Context) -> bool {
    use OperatorKind::*;
    match expected {
        Expected::Text {
            text,
            glob,
            template,
        } => {
            let ignore_case = matches!(kind, StringEqualsIgnoreCase | StringNotEqualsIgnoreCase);
            match (template, glob) {
                (Some(t), Some(_)) => t
                    .escaped(ctx)
                    .is_some_and(|p| crate::glob::wildcard_match(p.as_bytes(), actual.as_bytes())),
                (Some(t), None) => t.substitute(ctx).is_some_and(|s| {
                    if ignore_case {
                        s.to_lowercase() == actual.to_lowercase()
                    } else {
                        s == actual
                    }
                }),
                (None, Some(g)) => g.matches(actual),
                (None, None) if ignore_case => *text == actual.to_lowercase(),
                (None, None) => text == actual,
            }
        }
        Expected::Number(want) => parse_number(actual).is_some_and(|got| match kind {
            NumericLessThan => got < *want,
            NumericLessThanEquals => got <= *want,
            NumericGreaterThan => got > *want,
            NumericGreaterThanEquals => got >= *want,
            _ => got == *want,
        }),
        Expected::Date(want) => parse_date(actual).is_some_and(|got| match kind {
            DateLessThan => got < *want,
            DateLessThanEquals => got <= *want,
            DateGreaterThan => got > *want,
            DateGreaterThanEquals => got >= *want,
            _ => got == *want,
        }),
        Expected::Bool(want) => actual.eq_ignore_ascii_case("true") == *want,
        Expected::Cidr(net, len) => actual
            .parse::<IpAddr>()
            .ok()
            .or_else(|| parse_cidr(actual).map(|(ip, _)| ip))
            .is_some_and(|ip| cidr_contains(*net, *len, ip)),
        Expected::Arn { pattern, template } => match template {
            Some(t) => t
                .escaped(ctx)
                .is_some_and(|p| ArnPattern::matches_escaped(&p, actual)),
            None => pattern.matches(actual),
        },
    }
}

/// Parses a decimal number (integers and decimals, as IAM's `Numeric*` accept).
pub fn parse_number(s: &str) -> Option<f64> {
    let s = s.trim();
    if s.is_empty()
        || !s
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'-' | b'+' | b'.' | b'e' | b'E'))
    {
        return None;
    }
    s.parse::<f64>().ok().filter(|f| f.is_finite())
}

/// Parses a CIDR (`10.0.0.0/8`, `2001:db8::/32`) or a bare address.
pub fn parse_cidr(s: &str) -> Option<(IpAddr, u8)> {
    let s = s.trim();
    match s.split_once('/') {
        Some((ip, len)) => {
            let ip: IpAddr = ip.parse().ok()?;
            let len: u8 = len.parse().ok()?;
            let max = if ip.is_ipv4() { 32 } else { 128 };
            (len <= max).then_some((ip, len))
        }
        None => {
            let ip: IpAddr = s.parse().ok()?;
            Some((ip, if ip.is_ipv4() { 32 } else { 128 }))
        }
    }
}

fn cidr_contains(net: IpAddr, len: u8, ip: IpAddr) -> bool {
    match (net, ip) {
        (IpAddr::V4(n), IpAddr::V4(a)) => {
            let mask = u32::MAX.checked_shl(32 - u32::from(len)).unwrap_or(0);
            u32::from(n) & mask == u32::from(a) & mask
        }
        (IpAddr::V6(n), IpAddr::V6(a)) => {
            let mask = u128::MAX.checked_shl(128 - u32::from(len)).unwrap_or(0);
            u128::from(n) & mask == u128::from(a) & mask
        }
        _ => false,
    }
}

/// Parses an IAM date: epoch seconds, or ISO 8601 (`2020-01-01`, `2020-01-01T10:00:00Z`,
/// `2020-01-01T10:00:00.5+02:00`, `2020-01-01T10:00Z`). Returns seconds since the epoch (UTC).
pub fn parse_date(s: &str) -> Option<f64> {
    let s = s.trim();
    if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
        return s.parse::<f64>().ok();
    }
    let (date, time) = match s.split_once(['T', 't', ' ']) {
        Some((d, t)) => (d, Some(t)),
        None => (s, None),
    };
    let mut d = date.splitn(3, '-');
    let year: i64 = d.next()?.parse().ok()?;
    let month: i64 = d.next()?.parse().ok()?;
    let day: i64 = d.next()?.parse().ok()?;
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    let mut secs = days_from_civil(year, month, day) as f64 * 86_400.0;
    if let Some(time) = time {
        let (clock, offset) = split_offset(time)?;
        let mut c = clock.splitn(3, ':');
        let h: f64 = c.next()?.parse().ok()?;
        let m: f64 = c.next()?.parse().ok()?;
        let sec: f64 = match c.next() {
            Some(x) => x.parse().ok()?,
            None => 0.0,
        };
        if !(0.0..24.0).contains(&h) || !(0.0..60.0).contains(&m) || !(0.0..61.0).contains(&sec) {
            return None;
        }
        secs += h * 3600.0 + m * 60.0 + sec - offset;
    }
    Some(secs)
}

/// Splits `10:00:00+02:00` into the clock and the offset in seconds.
fn split_offset(time: &str) -> Option<(&str, f64)> {
    if let Some(clock) = time.strip_suffix(['Z', 'z']) {
        return Some((clock, 0.0));
    }
    match time.rfind(['+', '-']) {
        Some(i) => {
            let (clock, off) = time.split_at(i);
            let sign = if off.starts_with('-') { -1.0 } else { 1.0 };
            let off = &off[1..];
            let (h, m) = off
                .split_once(':')
                .unwrap_or((off.get(..2)?, off.get(2..)?));
            let h: f64 = h.parse().ok()?;
            let m: f64 = if m.is_empty() { 0.0 } else { m.parse().ok()? };
            Some((clock, sign * (h * 3600.0 + m * 60.0)))
        }
        None => Some((time, 0.0)),
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cond(op: &str, key: &str, values: &[&str]) -> Condition {
        let raw: Vec<String> = values.iter().map(|s| s.to_string()).collect();
        Condition::compile(Operator::parse(op).unwrap(), key, &raw, true).unwrap()
    }

    fn ctx(pairs: &[(&str, &[&str])]) -> Context {
        let mut c = Context::new();
        for (k, vs) in pairs {
            c.set_all(k, vs.iter().map(|s| s.to_string()).collect());
        }
        c
    }

    #[test]
    fn parses_operator_names() {
        let op = Operator::parse("ForAllValues:StringEqualsIfExists").unwrap();
        assert_eq!(op.set, Some(SetQualifier::ForAllValues));
        assert_eq!(op.kind, OperatorKind::StringEquals);
        assert!(op.if_exists);
        assert!(Operator::parse("StringSortOf").is_none());
        assert!(Operator::parse("NullIfExists").is_none());
        assert!(Operator::parse("ForSomeValues:StringEquals").is_none());
        assert_eq!(
            Operator::parse("NotIpAddress").unwrap().kind.name(),
            "NotIpAddress"
        );
    }

    #[test]
    fn missing_keys() {
        let empty = ctx(&[]);
        assert!(!cond("StringEquals", "k", &["a"]).holds(&empty));
        assert!(cond("StringNotEquals", "k", &["a"]).holds(&empty));
        assert!(cond("StringNotLike", "k", &["a*"]).holds(&empty));
        assert!(cond("StringEqualsIfExists", "k", &["a"]).holds(&empty));
        assert!(cond("Null", "k", &["true"]).holds(&empty));
        assert!(!cond("Null", "k", &["false"]).holds(&empty));
        assert!(cond("ForAllValues:StringEquals", "k", &["a"]).holds(&empty));
        assert!(!cond("ForAnyValue:StringEquals", "k", &["a"]).holds(&empty));
        assert!(cond("ForAllValues:StringEquals", "k", &["a"]).holds(&ctx(&[("k", &[])])));
    }

    #[test]
    fn unresolved_variable_fails_even_negated_operators() {
        let c = cond("StringNotEquals", "s3:prefix", &["${aws:username}"]);
        assert!(!c.holds(&ctx(&[("s3:prefix", &["x"])])));
        assert!(c.holds(&ctx(&[("s3:prefix", &["x"]), ("aws:username", &["y"])])));
    }

    #[test]
    fn set_operators() {
        let c = cond("ForAllValues:StringEquals", "aws:TagKeys", &["a", "b"]);
        assert!(c.holds(&ctx(&[("aws:tagkeys", &["a"])])));
        assert!(!c.holds(&ctx(&[("aws:tagkeys", &["a", "c"])])));
        let any = cond("ForAnyValue:StringEquals", "aws:TagKeys", &["a"]);
        assert!(any.holds(&ctx(&[("aws:tagkeys", &["c", "a"])])));
        assert!(!any.holds(&ctx(&[("aws:tagkeys", &["c"])])));
    }

    #[test]
    fn negated_needs_all_values_different() {
        let c = cond("StringNotEquals", "aws:PrincipalAccount", &["111", "222"]);
        assert!(!c.holds(&ctx(&[("aws:principalaccount", &["222"])])));
        assert!(c.holds(&ctx(&[("aws:principalaccount", &["333"])])));
    }

    #[test]
    fn typed_operators() {
        let c = ctx(&[
            ("n", &["10"]),
            ("d", &["2021-06-01T00:00:00Z"]),
            ("ip", &["203.0.113.7"]),
            ("b", &["asdf"]),
            ("s", &["Hello"]),
            ("arn", &["arn:aws:iam::111:role/x"]),
        ]);
        assert!(cond("NumericLessThan", "n", &["11"]).holds(&c));
        assert!(!cond("NumericLessThan", "n", &["10"]).holds(&c));
        assert!(cond("NumericGreaterThanEquals", "n", &["10.0"]).holds(&c));
        assert!(cond("DateGreaterThan", "d", &["2020-01-01"]).holds(&c));
        assert!(cond("DateLessThan", "d", &["1622505601"]).holds(&c));
        assert!(!cond("DateLessThan", "d", &["2020-01-01T00:00:00+01:00"]).holds(&c));
        assert!(cond("IpAddress", "ip", &["203.0.113.0/24"]).holds(&c));
        assert!(!cond("NotIpAddress", "ip", &["203.0.113.0/24"]).holds(&c));
        assert!(cond("IpAddress", "ip", &["0.0.0.0/0"]).holds(&c));
        assert!(cond("Bool", "b", &["false"]).holds(&c));
        assert!(!cond("StringEquals", "s", &["hello"]).holds(&c));
        assert!(cond("StringEqualsIgnoreCase", "s", &["hello"]).holds(&c));
        assert!(cond("StringLike", "s", &["H?ll*"]).holds(&c));
        assert!(cond("ArnLike", "arn", &["arn:aws:iam::*:role/*"]).holds(&c));
        assert!(!cond("ArnNotEquals", "arn", &["arn:aws:iam::111:role/x"]).holds(&c));
    }

    #[test]
    fn rejects_bad_values() {
        let op = Operator::parse("NumericEquals").unwrap();
        assert!(Condition::compile(op, "k", &["ten".into()], true).is_err());
        let op = Operator::parse("IpAddress").unwrap();
        assert!(Condition::compile(op, "k", &["10.0.0.0/33".into()], true).is_err());
        let op = Operator::parse("DateEquals").unwrap();
        assert!(Condition::compile(op, "k", &["2020-13-01".into()], true).is_err());
    }

    #[test]
    fn dates() {
        assert_eq!(parse_date("1970-01-01"), Some(0.0));
        assert_eq!(parse_date("1970-01-02T00:00:00Z"), Some(86_400.0));
        assert_eq!(parse_date("2020-01-01T00:00:00Z"), Some(1_577_836_800.0));
        assert_eq!(
            parse_date("2020-01-01T01:00:00+01:00"),
            Some(1_577_836_800.0)
        );
        assert_eq!(parse_date("1577836800"), Some(1_577_836_800.0));
        assert!(parse_date("yesterday").is_none());
    }
}
