//! End-to-end tests of `nephos access`, `who-can` and `can-do` on the `aws` crate's fixture
//! estate (account 111122223333: alice with an inline `read-logs` policy, ReadOnlyAccess and the
//! `admins` group holding AdministratorAccess, but a permissions boundary that allows only
//! `s3:GetObject` on `prod-logs`; `lambda-role` with that customer policy attached and as its
//! boundary; an SNS topic whose policy names `lambda-role`).
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "test code")]

mod common;

use common::{json, nephos};
use std::path::PathBuf;

fn fixture() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../aws/tests/fixtures/estate")
}

const ALICE: &str = "arn:aws:iam::111122223333:user/alice";
const LAMBDA: &str = "arn:aws:iam::111122223333:role/lambda-role";

#[test]
fn access_answers_with_the_simulator_words_and_statements() {
    let dir = fixture();
    let dir = dir.to_str().unwrap();
    let v = json(&nephos(&[
        "access",
        dir,
        "--principal",
        ALICE,
        "--action",
        "iam:CreateUser",
        "--resource",
        "arn:aws:iam::111122223333:user/new",
        "--format",
        "json",
    ]));
    // The admins group grants it, but alice's boundary does not.
    assert_eq!(v["decision"], "implicitDeny");
    assert_eq!(v["missing"], "boundary");

    let v = json(&nephos(&[
        "access",
        dir,
        "--principal",
        ALICE,
        "--action",
        "s3:GetObject",
        "--resource",
        "arn:aws:s3:::prod-logs/app.log",
        "--format",
        "json",
    ]));
    assert_eq!(v["decision"], "allowed");
    let policies: Vec<&str> = v["matched"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["policy"].as_str().unwrap())
        .collect();
    assert!(
        policies.contains(&"arn:aws:iam::111122223333:user/alice/inline/read-logs")
            && policies.contains(&"arn:aws:iam::aws:policy/AdministratorAccess"),
        "{policies:?}"
    );

    let v = json(&nephos(&[
        "access",
        dir,
        "--principal",
        LAMBDA,
        "--action",
        "s3:PutObject",
        "--resource",
        "arn:aws:s3:::prod-logs/x",
        "--format",
        "json",
    ]));
    assert_eq!(v["decision"], "implicitDeny");
    assert_eq!(v["matched"], serde_json::json!([]));

    let v = json(&nephos(&[
        "access",
        dir,
        "--principal",
        "arn:aws:sts::111122223333:assumed-role/lambda-role/s",
        "--action",
        "s3:GetObject",
        "--resource",
        "arn:aws:s3:::prod-logs/x",
        "--format",
        "json",
    ]));
    assert_eq!(v["decision"], "allowed");
}

#[test]
fn who_can_and_can_do_list_access_with_levels() {
    let dir = fixture();
    let dir = dir.to_str().unwrap();
    let v = json(&nephos(&[
        "who-can",
        dir,
        "--action",
        "s3:GetObject",
        "--resource",
        "arn:aws:s3:::prod-logs/x",
        "--format",
        "json",
    ]));
    assert_eq!(v["level"], "read");
    let who: Vec<&str> = v["principals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["principal"].as_str().unwrap())
        .collect();
    assert!(who.contains(&ALICE) && who.contains(&LAMBDA), "{who:?}");

    let v = json(&nephos(&[
        "can-do",
        dir,
        "--principal",
        LAMBDA,
        "--format",
        "json",
    ]));
    let actions = v["actions"].as_array().unwrap();
    let found: Vec<(&str, &str)> = actions
        .iter()
        .map(|a| (a["action"].as_str().unwrap(), a["level"].as_str().unwrap()))
        .collect();
    // Its own policy, and the topic policy that names it.
    assert_eq!(found, [("s3:GetObject", "read"), ("sns:Publish", "write")]);
}

#[test]
fn bad_input_exits_2() {
    let dir = fixture();
    let out = nephos(&[
        "access",
        dir.to_str().unwrap(),
        "--principal",
        "not-an-arn",
        "--action",
        "s3:GetObject",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let out = nephos(&[
        "access",
        dir.to_str().unwrap(),
        "--principal",
        ALICE,
        "--action",
        "s3:GetObject",
        "--context",
        "no-equals-sign",
    ]);
    assert_eq!(out.status.code(), Some(2));
}
