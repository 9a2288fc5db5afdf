//! Property tests: every file parser, and the import as a whole, survives arbitrary bytes,
//! arbitrary JSON (with the member names real responses use) and damaged real files.

#![allow(
    clippy::unwrap_used,
    reason = "test helpers fail the test that calls them"
)]

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use nephos_aws::out::{Ctx, Out};
use nephos_aws::services::SOURCES;
use proptest::prelude::*;
use serde_json::{Map, Value};

fn fixture_files() -> &'static Vec<PathBuf> {
    static FILES: OnceLock<Vec<PathBuf>> = OnceLock::new();
    FILES.get_or_init(|| {
        fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
            for e in std::fs::read_dir(dir).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    walk(&p, out)
                } else {
                    out.push(p)
                }
            }
        }
        let mut v = Vec::new();
        walk(&common::fixture("estate"), &mut v);
        v.sort();
        v
    })
}

/// Every member name in the fixtures: arbitrary JSON built from them reaches deep into the shapes.
fn vocabulary() -> &'static Vec<String> {
    static WORDS: OnceLock<Vec<String>> = OnceLock::new();
    WORDS.get_or_init(|| {
        fn keys(v: &Value, out: &mut BTreeSet<String>) {
            match v {
                Value::Object(m) => m.iter().for_each(|(k, v)| {
                    out.insert(k.clone());
                    keys(v, out)
                }),
                Value::Array(a) => a.iter().for_each(|v| keys(v, out)),
                _ => {}
            }
        }
        let mut set = BTreeSet::new();
        for f in fixture_files() {
            if let Ok(v) = serde_json::from_slice::<Value>(&std::fs::read(f).unwrap()) {
                keys(&v, &mut set);
            }
        }
        set.into_iter().collect()
    })
}

fn json() -> impl Strategy<Value = Value> {
    let words = vocabulary().clone();
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        "[a-z0-9:/%.*-]{0,24}".prop_map(Value::String),
        prop::sample::select(vec![
            "10.0.0.0/16",
            "::/0",
            "tcp",
            "-1",
            "arn:aws:iam::111122223333:root",
            "i-1",
            "alias/x",
            "%7B%7D",
            "{}",
            "2024-01-01T00:00:00Z",
            "service:x"
        ])
        .prop_map(|s| Value::String(s.to_owned())),
    ];
    leaf.prop_recursive(5, 64, 6, move |inner| {
        let words = words.clone();
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec((prop::sample::select(words), inner), 0..6)
                .prop_map(|kv| Value::Object(kv.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

fn parse_with_every_source(bytes: &[u8], param: Option<&str>) {
    let path = Path::new("prop.json");
    for source in SOURCES {
        let ctx = Ctx {
            account: "111122223333",
            region: "eu-west-1",
            param,
            path,
        };
        // lenient mode (lists skip bad items) must not panic either
        let mut lenient_out = Out::default();
        let _ = nephos_aws::items::lenient(|| (source.parse)(&ctx, bytes, &mut lenient_out));
        let mut out = Out::default();
        let _ = (source.parse)(&ctx, bytes, &mut out);
        // patches must apply to any resource without panicking
        for p in out.patches {
            let mut r = nephos_model::Resource::new(
                nephos_model::ResourceId::new("arn:aws:s3:::x"),
                nephos_model::ResourceKind::Bucket,
                "111122223333",
                None,
                "x",
            );
            (p.apply)(&mut r);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..256), param in proptest::option::of("[ -~]{0,40}")) {
        parse_with_every_source(&bytes, param.as_deref());
    }

    #[test]
    fn arbitrary_json_never_panics(v in json(), param in proptest::option::of("[a-z0-9:/%.-]{0,40}")) {
        let bytes = serde_json::to_vec(&v).unwrap();
        parse_with_every_source(&bytes, param.as_deref());
        // wrapped in each source's top-level keys, the parsers reach their item shapes
        for key in ["Vpcs", "Subnets", "RouteTables", "SecurityGroups", "NetworkAcls", "NetworkInterfaces", "Reservations",
                    "LoadBalancers", "TargetGroups", "Functions", "services", "tasks", "DBInstances", "UserDetailList",
                    "RoleDetailList", "Policies", "trailList", "Buckets", "Grants", "Attributes", "Table", "taskDefinition"] {
            let wrapped = serde_json::json!({ key: [v.clone()] });
            parse_with_every_source(&serde_json::to_vec(&wrapped).unwrap(), param.as_deref());
            let wrapped = serde_json::json!({ key: v.clone() });
            parse_with_every_source(&serde_json::to_vec(&wrapped).unwrap(), param.as_deref());
        }
    }

    #[test]
    fn damaged_real_files_never_panic(
        file in 0usize..1000,
        cut in any::<prop::sample::Index>(),
        flips in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..4),
    ) {
        let files = fixture_files();
        let path = &files[file % files.len()];
        let mut bytes = std::fs::read(path).unwrap();
        for (at, b) in flips {
            if !bytes.is_empty() {
                let i = at.index(bytes.len());
                bytes[i] = b;
            }
        }
        let keep = cut.index(bytes.len() + 1);
        parse_with_every_source(&bytes, Some("x"));
        parse_with_every_source(&bytes[..keep], Some("x"));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]

    /// A whole account folder of damaged real files imports without panicking, and every file it
    /// could not read is a problem.
    #[test]
    fn import_of_damaged_folder_never_panics(seed_cuts in prop::collection::vec(any::<prop::sample::Index>(), 8)) {
        let tmp = tempfile::tempdir().unwrap();
        let root = common::fixture("estate/prod");
        for (n, src) in fixture_files().iter().filter(|p| p.starts_with(&root)).enumerate() {
            let rel = src.strip_prefix(&root).unwrap();
            let dst = tmp.path().join("acct").join(rel);
            std::fs::create_dir_all(dst.parent().unwrap()).unwrap();
            let bytes = std::fs::read(src).unwrap();
            let cut = seed_cuts[n % seed_cuts.len()].index(bytes.len() + 1);
            // every third file is damaged
            let data = if n % 3 == 0 { &bytes[..cut] } else { &bytes[..] };
            std::fs::write(&dst, data).unwrap();
        }
        let imported = nephos_aws::import(tmp.path()).unwrap();
        prop_assert!(imported.stats.files_read > 0);
        for p in &imported.problems {
            prop_assert!(p.path.exists() || p.path.starts_with(tmp.path()));
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// In a list of security groups where some lack their required `GroupId`, exactly the good ones
    /// are imported and each bad one is a problem naming its index and line.
    #[test]
    fn a_bad_item_loses_only_itself(bad in prop::collection::vec(any::<bool>(), 1..40)) {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("111122223333").join("eu-west-1");
        std::fs::create_dir_all(&dir).unwrap();
        let groups: Vec<Value> = bad
            .iter()
            .enumerate()
            .map(|(i, &b)| {
                let mut g = serde_json::json!({
                    "GroupId": format!("sg-{i:04}"),
                    "GroupName": format!("g{i}"),
                    "Description": "d",
                    "VpcId": "vpc-1",
                });
                if b {
                    g.as_object_mut().unwrap().remove("GroupId");
                }
                g
            })
            .collect();
        let text = serde_json::to_string_pretty(&serde_json::json!({ "SecurityGroups": groups })).unwrap();
        std::fs::write(dir.join("ec2-describe-security-groups.json"), &text).unwrap();
        let imported = nephos_aws::import(tmp.path()).unwrap();
        for (i, &b) in bad.iter().enumerate() {
            let id = format!("arn:aws:ec2:eu-west-1:111122223333:security-group/sg-{i:04}");
            prop_assert_eq!(imported.inventory.get(&nephos_model::ResourceId::new(&id)).is_some(), !b, "{}", id);
        }
        let problems: Vec<_> = imported
            .problems
            .iter()
            .filter(|p| p.path.ends_with("ec2-describe-security-groups.json"))
            .collect();
        prop_assert_eq!(problems.len(), bad.iter().filter(|&&b| b).count());
        let lines: Vec<&str> = text.lines().collect();
        for (p, index) in problems.iter().zip(bad.iter().enumerate().filter(|(_, b)| **b).map(|(i, _)| i)) {
            let expected_index = format!("list item {index} skipped");
            prop_assert!(p.message.contains(&expected_index), "{}", p.message);
            // the line named lies inside the bad group's object (it names the group by its name)
            let line = p.line.unwrap();
            let name = format!("\"g{index}\"");
            let object = lines[..line].iter().rposition(|l| l.trim() == "{").unwrap();
            let end = object + lines[object..].iter().position(|l| l.trim().starts_with('}')).unwrap();
            prop_assert!(lines[object..=end].iter().any(|l| l.contains(&name)), "line {} of {}", line, p);
        }
    }
}
