//! The conformance suite: every `tests/conformance/*.json` file holds a list of named cases, each
//! a policy set, a request and the expected decision (and optionally the `Sid`s that decided).
//! One test runs them all and reports every failing case by name.
//!
//! Case shape:
//! ```json
//! {"name": "...", "ref": "I1",
//!  "policies": {"identity": [doc], "boundary": doc, "session": [doc], "resource": doc,
//!               "resourceKind": "resource|trust|kms", "scps": [[doc]], "rcps": [[doc]]},
//!  "request": {"principal": "arn", "action": "...", "resource": "arn",
//!              "resourceAccount": "222", "context": {"key": "v" | ["v1", "v2"]},
//!              "principalTags": {"team": "red"}, "roleArn": "...", "federatedProvider": "..."},
//!  "expect": "allowed|explicitDeny|implicitDeny", "matched": ["Sid", ...]}
//! ```

#![expect(
    clippy::unwrap_used,
    clippy::panic,
    reason = "a test harness: a malformed case file should stop the test loudly"
)]

use std::fs;
use std::path::Path;

use nephos_iam::{
    Context, Decision, Policy, PolicyKind, PolicySet, Principal, PrincipalKind, Request,
};
use serde_json::Value;

struct Case {
    file: String,
    name: String,
    value: Value,
}

fn load_cases() -> Vec<Case> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/conformance");
    let mut files: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for f in files {
        let text = fs::read_to_string(&f).unwrap();
        let list: Value =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        for value in list.as_array().unwrap() {
            out.push(Case {
                file: f.file_name().unwrap().to_string_lossy().into_owned(),
                name: value["name"].as_str().unwrap().to_owned(),
                value: value.clone(),
            });
        }
    }
    out
}

fn parse(id: String, kind: PolicyKind, doc: &Value) -> Result<Policy, String> {
    Policy::from_json(&id, kind, doc).map_err(|e| e.to_string())
}

/// Runs one case; `Err` describes the failure.
fn run(case: &Value) -> Result<(), String> {
    let policies = &case["policies"];
    let list = |v: &Value| -> Vec<Value> {
        match v {
            Value::Null => vec![],
            Value::Array(a) => a.clone(),
            other => vec![other.clone()],
        }
    };
    let identity: Vec<Policy> = list(&policies["identity"])
        .iter()
        .enumerate()
        .map(|(i, d)| parse(format!("identity[{i}]"), PolicyKind::Identity, d))
        .collect::<Result<_, _>>()?;
    let boundary = match &policies["boundary"] {
        Value::Null => None,
        d => Some(parse("boundary".into(), PolicyKind::Boundary, d)?),
    };
    let session: Vec<Policy> = list(&policies["session"])
        .iter()
        .enumerate()
        .map(|(i, d)| parse(format!("session[{i}]"), PolicyKind::Session, d))
        .collect::<Result<_, _>>()?;
    let resource_kind = policies["resourceKind"].as_str().unwrap_or("resource");
    let resource = match &policies["resource"] {
        Value::Null => None,
        d => Some(parse(
            "resource".into(),
            if resource_kind == "trust" {
                PolicyKind::Trust
            } else {
                PolicyKind::Resource
            },
            d,
        )?),
    };
    let levels = |key: &str, kind| -> Result<Vec<Vec<Policy>>, String> {
        list(&policies[key])
            .iter()
            .enumerate()
            .map(|(l, level)| {
                list(level)
                    .iter()
                    .enumerate()
                    .map(|(i, d)| parse(format!("{key}[{l}][{i}]"), kind, d))
                    .collect()
            })
            .collect()
    };
    let scps = levels("scps", PolicyKind::Scp)?;
    let rcps = levels("rcps", PolicyKind::Rcp)?;

    let req = &case["request"];
    let principal_arn = req["principal"]
        .as_str()
        .ok_or("request.principal missing")?;
    let mut principal =
        Principal::from_arn(principal_arn).ok_or(format!("unknown principal `{principal_arn}`"))?;
    if let Some(role) = req["roleArn"].as_str() {
        principal.kind = PrincipalKind::RoleSession {
            role_arn: role.to_owned(),
        };
    }
    if let Some(tags) = req["principalTags"].as_object() {
        for (k, v) in tags {
            principal
                .tags
                .insert(k.clone(), v.as_str().unwrap_or_default().to_owned());
        }
    }
    principal.federated_provider = req["federatedProvider"].as_str().map(str::to_owned);
    let mut context = Context::new();
    if let Some(ctx) = req["context"].as_object() {
        for (k, v) in ctx {
            let values = match v {
                Value::Array(a) => a
                    .iter()
                    .map(|x| x.as_str().unwrap_or_default().to_owned())
                    .collect(),
                Value::String(s) => vec![s.clone()],
                other => vec![other.to_string()],
            };
            context.set_all(k, values);
        }
    }
    let mut request = Request::new(
        principal,
        req["action"].as_str().ok_or("request.action missing")?,
        req["resource"].as_str().unwrap_or("*"),
        context,
    );
    if let Some(acct) = req["resourceAccount"].as_str() {
        request = request.with_resource_account(acct);
    }

    let set = PolicySet {
        identity: identity.iter().collect(),
        boundary: boundary.as_ref(),
        session: session.iter().collect(),
        resource: resource.as_ref(),
        resource_policy_required: matches!(resource_kind, "trust" | "kms"),
        scps: scps.iter().map(|l| l.iter().collect()).collect(),
        rcps: rcps.iter().map(|l| l.iter().collect()).collect(),
        errors: vec![],
    };
    let want = case["expect"]
        .as_str()
        .and_then(Decision::parse)
        .ok_or("bad `expect`")?;
    let got = set.evaluate(&request);
    if got.decision != want {
        return Err(format!(
            "expected {}, got {} (matched {:?}, missing {:?})",
            want.as_str(),
            got.decision.as_str(),
            got.matched
                .iter()
                .map(|m| (m.policy, m.sid))
                .collect::<Vec<_>>(),
            got.missing
        ));
    }
    if let Some(sids) = case["matched"].as_array() {
        let want: Vec<&str> = sids.iter().filter_map(Value::as_str).collect();
        let got_sids: Vec<&str> = got.matched.iter().filter_map(|m| m.sid).collect();
        if want != got_sids {
            return Err(format!("expected matched sids {want:?}, got {got_sids:?}"));
        }
    }
    Ok(())
}

#[test]
fn conformance_suite() {
    let cases = load_cases();
    let mut failures = Vec::new();
    let mut names = std::collections::BTreeSet::new();
    for case in &cases {
        if !names.insert(case.name.clone()) {
            failures.push(format!(
                "{}: duplicate case name `{}`",
                case.file, case.name
            ));
        }
        if let Err(e) = run(&case.value) {
            failures.push(format!("{} / {}: {e}", case.file, case.name));
        }
    }
    assert!(cases.len() >= 80, "only {} conformance cases", cases.len());
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
    println!("{} conformance cases passed", cases.len());
}

/// Every reference I1–I27 and I31–I32 from the semantics notes has at least one decision case.
#[test]
fn covers_the_semantics_cases() {
    let refs: std::collections::BTreeSet<String> = load_cases()
        .iter()
        .filter_map(|c| c.value["ref"].as_str().map(str::to_owned))
        .collect();
    let missing: Vec<String> = (1..=27)
        .chain([31, 32, 33])
        .map(|i| format!("I{i}"))
        .filter(|r| !refs.contains(r))
        .collect();
    assert!(missing.is_empty(), "no conformance case for {missing:?}");
}
