//! Fuzzing the parser with proptest: arbitrary text, and policy-shaped JSON built from the
//! grammar's own vocabulary with random shapes, must parse or fail with an error, never panic;
//! whatever parses must evaluate a request without panicking.

use nephos_iam::{Context, Policy, PolicyKind, PolicySet, Principal, Request};
use proptest::prelude::*;
use serde_json::{Map, Value, json};

const KINDS: [PolicyKind; 7] = [
    PolicyKind::Identity,
    PolicyKind::Boundary,
    PolicyKind::Session,
    PolicyKind::Resource,
    PolicyKind::Trust,
    PolicyKind::Scp,
    PolicyKind::Rcp,
];

fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("*".to_owned()),
        Just("s3:Get*".to_owned()),
        Just("arn:aws:s3:::b/${aws:username}/*".to_owned()),
        Just("arn:aws:s3*:::b".to_owned()),
        Just("${aws:PrincipalTag/t, 'd'}".to_owned()),
        Just("10.0.0.0/8".to_owned()),
        Just("2020-01-01T00:00:00Z".to_owned()),
        Just("111122223333".to_owned()),
        Just("true".to_owned()),
        "\\PC{0,12}",
    ]
}

fn scalar() -> impl Strategy<Value = Value> {
    prop_oneof![
        word().prop_map(Value::String),
        any::<i64>().prop_map(|n| json!(n)),
        any::<bool>().prop_map(Value::Bool),
        Just(Value::Null),
    ]
}

fn values() -> impl Strategy<Value = Value> {
    prop_oneof![
        scalar(),
        prop::collection::vec(scalar(), 0..4).prop_map(Value::Array),
        prop::collection::btree_map(word(), scalar(), 0..3)
            .prop_map(|m| Value::Object(m.into_iter().collect())),
    ]
}

fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("Sid"),
        Just("Effect"),
        Just("Action"),
        Just("NotAction"),
        Just("Resource"),
        Just("NotResource"),
        Just("Principal"),
        Just("NotPrincipal"),
        Just("Condition"),
        Just("Bogus"),
    ]
    .prop_map(str::to_owned)
}

fn condition() -> impl Strategy<Value = Value> {
    let op = prop_oneof![
        Just("StringEquals"),
        Just("ForAllValues:StringLike"),
        Just("ForAnyValue:StringNotEqualsIfExists"),
        Just("NumericLessThan"),
        Just("DateGreaterThan"),
        Just("Bool"),
        Just("IpAddress"),
        Just("ArnLike"),
        Just("Null"),
        Just("BinaryEquals"),
        Just("Nonsense"),
    ];
    prop::collection::btree_map(
        op.prop_map(str::to_owned),
        prop::collection::btree_map(word(), values(), 0..3)
            .prop_map(|m| Value::Object(m.into_iter().collect())),
        0..3,
    )
    .prop_map(|m| Value::Object(m.into_iter().collect()))
}

fn statement() -> impl Strategy<Value = Value> {
    (
        prop::collection::vec((key(), values()), 0..8),
        prop::option::of(condition()),
        prop_oneof![Just("Allow"), Just("Deny"), Just("allow")],
    )
        .prop_map(|(fields, cond, effect)| {
            let mut m = Map::new();
            m.insert("Effect".into(), json!(effect));
            for (k, v) in fields {
                m.insert(k, v);
            }
            if let Some(c) = cond {
                m.insert("Condition".into(), c);
            }
            Value::Object(m)
        })
}

fn policy() -> impl Strategy<Value = Value> {
    (
        prop::collection::vec(statement(), 0..4),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(sts, as_list, versioned)| {
            let mut m = Map::new();
            if versioned {
                m.insert("Version".into(), json!("2012-10-17"));
            }
            let body = match (as_list, sts.first()) {
                (false, Some(one)) => one.clone(),
                _ => Value::Array(sts),
            };
            m.insert("Statement".into(), body);
            Value::Object(m)
        })
}

fn exercise(p: &Policy) {
    let principal = Principal::from_arn("arn:aws:iam::111122223333:user/alice");
    let Some(principal) = principal else { return };
    let mut ctx = Context::new();
    ctx.set("aws:SourceIp", "10.1.2.3");
    ctx.set_all("aws:TagKeys", vec!["a".into(), "b".into()]);
    let req = Request::new(principal, "s3:GetObject", "arn:aws:s3:::b/alice/k", ctx);
    let set = PolicySet {
        identity: vec![p],
        resource: Some(p),
        boundary: Some(p),
        scps: vec![vec![p]],
        ..PolicySet::default()
    };
    let _ = set.evaluate(&req);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,200}", k in 0usize..7) {
        let _ = Policy::parse("fuzz", KINDS[k], &text);
    }

    #[test]
    fn policy_shaped_json_never_panics(doc in policy(), k in 0usize..7) {
        let text = doc.to_string();
        if let Ok(p) = Policy::parse("fuzz", KINDS[k], &text) {
            prop_assert_eq!(p.id.as_str(), "fuzz");
            exercise(&p);
        }
    }
}
