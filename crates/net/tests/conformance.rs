//! The conformance suite: named scenarios from the semantics document (N1–N20 and the tricky cases
//! of the issue), each a small estate in AWS API shapes, a query and the expected answer.
//!
//! Scenario files live in `tests/conformance/*.json`:
//!
//! ```json
//! { "account": "111111111111", "region": "us-east-1",
//!   "base_from": "<another scenario file whose base this one extends>",
//!   "base": { "<file stem>": <AWS CLI response>, ... },
//!   "scenarios": [ { "name": "...", "doc": "...",
//!       "data": { "<file stem>": <response replacing the base's> },
//!       "remove": ["<file stem>"],   (applied before "data")
//!       "query": {"exposure": {}} | {"reach": {"from": "i-1", "to": "internet", "protocol": "tcp", "port": 22}},
//!       "expect": {"exposures": [{"resource": "i-1", "protocol": "tcp", "ports": [[22, 22]],
//!                                 "through": "lb:443", "assumptions": [..], "rules": [substrings]}]}
//!              | {"reachable": false, "code": "CANNOT_ROUTE", "blocked_by": "<substring>",
//!                 "rules": [substrings of hop rules], "ports": [[..]]} } ] }
//! ```
//!
//! Each scenario runs twice: written to a temporary account-data folder and imported by
//! `nephos_aws::import` (what `nephos` does with a real collection), and through the test-only
//! adapter in `support/` (the engine alone), so a failure says which side is wrong.
//!
//! Ids in queries and expectations are short ids (`i-1`, the last segment of an ARN). Exposure
//! expectations list every exposure: the set of (resource, protocol, ports, through) must match
//! exactly.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    reason = "a test harness: a malformed scenario file should fail loudly"
)]

mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use nephos_model::{Inventory, ResourceId};
use nephos_net::{Endpoint, NetworkModel, Protocol, ReachQuery};
use serde_json::Value;

fn resolve(inv: &Inventory, short: &str) -> Endpoint {
    if short.eq_ignore_ascii_case("internet") {
        return Endpoint::Internet;
    }
    let id = inv
        .resources()
        .iter()
        .find(|r| r.id.as_str() == short || r.id.short() == short)
        .map_or_else(|| ResourceId::new(short), |r| r.id.clone());
    Endpoint::Resource(id)
}

fn short_through(t: &str) -> String {
    match t.rsplit_once(':') {
        Some((arn, port)) => format!("{}:{port}", ResourceId::new(arn).short()),
        None => t.to_owned(),
    }
}

fn ports_of(v: &Value) -> Vec<[u16; 2]> {
    serde_json::from_value(v.clone()).unwrap_or_default()
}

fn strings(v: Option<&Value>) -> Option<Vec<String>> {
    v.map(|x| serde_json::from_value(x.clone()).unwrap())
}

/// (resource, protocol, ports, through): what identifies an exposure in expectations.
type Key = (String, String, Vec<[u16; 2]>, Option<String>);

/// Runs one scenario; returns a description of the mismatch, if any.
fn run(
    load: Load,
    account: &str,
    region: &str,
    base: &BTreeMap<String, Value>,
    sc: &Value,
) -> Result<(), String> {
    let mut files = base.clone();
    for r in sc
        .get("remove")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let r = r.as_str().unwrap();
        files.retain(|k, _| k != r && !k.starts_with(&format!("{r}/")));
    }
    if let Some(d) = sc.get("data").and_then(Value::as_object) {
        for (k, v) in d {
            files.insert(k.clone(), v.clone());
        }
    }
    let inv = match load {
        Load::Import => {
            let (inv, problems) = support::folder::import(account, region, &files)?;
            if !problems.is_empty() {
                return Err(format!("import problems: {problems:?}"));
            }
            inv
        }
        Load::Adapter => support::inventory(account, region, &files),
    };
    let model = NetworkModel::build(&inv);
    let query = &sc["query"];
    let expect = &sc["expect"];
    if query.get("exposure").is_some() {
        let report = model.exposures();
        let actual: BTreeSet<Key> = report
            .exposures
            .iter()
            .map(|e| {
                (
                    ResourceId::new(e.resource.as_str()).short().to_owned(),
                    e.protocol.clone(),
                    e.ports.clone(),
                    e.through.as_deref().map(short_through),
                )
            })
            .collect();
        let mut wanted = BTreeSet::new();
        for w in expect["exposures"].as_array().unwrap() {
            let key = (
                w["resource"].as_str().unwrap().to_owned(),
                w["protocol"].as_str().unwrap().to_owned(),
                ports_of(&w["ports"]),
                w.get("through").and_then(Value::as_str).map(str::to_owned),
            );
            wanted.insert(key.clone());
            let Some(e) = report.exposures.iter().find(|e| {
                ResourceId::new(e.resource.as_str()).short() == key.0
                    && e.protocol == key.1
                    && e.ports == key.2
                    && e.through.as_deref().map(short_through) == key.3
            }) else {
                continue;
            };
            if let Some(a) = strings(w.get("assumptions"))
                && a != e.assumptions
            {
                return Err(format!(
                    "assumptions of {key:?}: got {:?}, want {a:?}",
                    e.assumptions
                ));
            }
            for r in strings(w.get("rules")).unwrap_or_default() {
                if !e.rules.iter().chain(e.via.iter()).any(|x| x.contains(&r)) {
                    return Err(format!(
                        "{key:?}: no rule or via contains `{r}`: {:?} {:?}",
                        e.rules, e.via
                    ));
                }
            }
        }
        if actual != wanted {
            return Err(format!(
                "exposures differ\n  got:  {actual:?}\n  want: {wanted:?}\n  json: {}",
                serde_json::to_string(&report).unwrap()
            ));
        }
        return Ok(());
    }
    let q = &query["reach"];
    let rq = ReachQuery {
        from: resolve(&inv, q["from"].as_str().unwrap()),
        to: resolve(&inv, q["to"].as_str().unwrap()),
        protocol: Protocol::parse(q.get("protocol").and_then(Value::as_str).unwrap_or("tcp"))
            .unwrap(),
        port: q
            .get("port")
            .and_then(Value::as_u64)
            .map(|p| u16::try_from(p).unwrap()),
    };
    let ans = model.reach(&rq).map_err(|e| format!("reach error: {e}"))?;
    let dump = serde_json::to_string(&ans).unwrap();
    if ans.reachable != expect["reachable"].as_bool().unwrap() {
        return Err(format!(
            "reachable = {}, want {}: {dump}",
            ans.reachable, expect["reachable"]
        ));
    }
    if let Some(code) = expect.get("code").and_then(Value::as_str)
        && ans.code.as_deref() != Some(code)
    {
        return Err(format!("code {:?}, want {code}: {dump}", ans.code));
    }
    if let Some(b) = expect.get("blocked_by").and_then(Value::as_str)
        && !ans.blocked_by.as_deref().unwrap_or("").contains(b)
    {
        return Err(format!(
            "blocked_by {:?} lacks `{b}`: {dump}",
            ans.blocked_by
        ));
    }
    for r in strings(expect.get("rules")).unwrap_or_default() {
        if !ans.hops.iter().any(|h| {
            h.rule.as_deref().is_some_and(|x| x.contains(&r))
                || h.component.as_deref().is_some_and(|x| x.contains(&r))
        }) {
            return Err(format!("no hop names `{r}`: {dump}"));
        }
    }
    if let Some(p) = expect.get("ports")
        && ans.ports != ports_of(p)
    {
        return Err(format!("ports {:?}, want {p}: {dump}", ans.ports));
    }
    if let Some(a) = strings(expect.get("assumptions"))
        && a != ans.assumptions
    {
        return Err(format!(
            "assumptions {:?}, want {a:?}: {dump}",
            ans.assumptions
        ));
    }
    Ok(())
}

/// How a scenario's AWS files become an inventory.
#[derive(Debug, Clone, Copy)]
enum Load {
    /// Written to a temporary account-data folder and imported by `nephos_aws::import`.
    Import,
    /// Read by the test-only adapter in `support` (the engine alone, without the importer).
    Adapter,
}

#[test]
fn conformance_scenarios_imported() {
    conformance(Load::Import);
}

#[test]
fn conformance_scenarios_adapter() {
    conformance(Load::Adapter);
}

fn conformance(load: Load) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/conformance");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    let mut names = BTreeSet::new();
    let mut failures = Vec::new();
    for path in paths {
        let text = std::fs::read_to_string(&path).unwrap();
        let file: Value =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let account = file["account"].as_str().unwrap_or("111111111111");
        let region = file["region"].as_str().unwrap_or("us-east-1");
        let mut base: BTreeMap<String, Value> = BTreeMap::new();
        if let Some(from) = file.get("base_from").and_then(Value::as_str) {
            let other: Value =
                serde_json::from_str(&std::fs::read_to_string(dir.join(from)).unwrap()).unwrap();
            base = serde_json::from_value(other["base"].clone()).unwrap();
        }
        let own: BTreeMap<String, Value> = serde_json::from_value(
            file.get("base")
                .cloned()
                .unwrap_or(Value::Object(Default::default())),
        )
        .unwrap();
        base.extend(own);
        for sc in file["scenarios"].as_array().unwrap() {
            let name = sc["name"].as_str().unwrap().to_owned();
            assert!(names.insert(name.clone()), "duplicate scenario name {name}");
            if let Err(e) = run(load, account, region, &base, sc) {
                failures.push(format!(
                    "{} / {name}: {e}",
                    path.file_name().unwrap().to_string_lossy()
                ));
            }
        }
    }
    for f in &failures {
        eprintln!("FAIL {f}\n");
    }
    eprintln!(
        "{load:?}: {} scenarios, {} failed",
        names.len(),
        failures.len()
    );
    assert!(
        failures.is_empty(),
        "{} of {} scenarios failed",
        failures.len(),
        names.len()
    );
    assert!(names.len() >= 60, "only {} scenarios", names.len());
    for n in 1..=20 {
        let prefix = format!("N{n}_");
        assert!(
            names.iter().any(|x| x.starts_with(&prefix)),
            "no scenario for N{n}"
        );
    }
}
