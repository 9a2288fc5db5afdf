//! End-to-end checks of a generated estate: determinism, size, valid JSON, referential integrity
//! and an answer key that points at real resources whose data shows the labelled facts.
#![allow(
    clippy::unwrap_used,
    clippy::panic,
    reason = "test helpers: a failure here is a test failure"
)]

mod common;

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::{Defined, Doc, defined, docs, load};
use nephos_demo::{DemoError, DemoOptions, Problem, generate};
use serde_json::Value;

struct Estate {
    docs: Vec<Doc>,
    defined: Defined,
    labels: nephos_demo::Labels,
    summary: nephos_demo::DemoSummary,
}

fn estate() -> &'static Estate {
    static E: OnceLock<Estate> = OnceLock::new();
    E.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap().keep();
        let root = dir.join("estate");
        let summary = generate(&root, &DemoOptions::default()).unwrap();
        let docs = load(&root);
        let defined = defined(&docs);
        let labels = common::labels(&root);
        Estate {
            docs,
            defined,
            labels,
            summary,
        }
    })
}

fn tree(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = Vec::new();
    common::walk(root, &mut files);
    files
        .into_iter()
        .map(|f| {
            (
                f.strip_prefix(root).unwrap().to_path_buf(),
                std::fs::read(&f).unwrap(),
            )
        })
        .collect()
}

#[test]
fn same_options_give_byte_identical_trees_and_other_seeds_differ() {
    let dir = tempfile::tempdir().unwrap();
    let opts = DemoOptions {
        accounts: 5,
        resources: 1_500,
        seed: 7,
    };
    generate(&dir.path().join("a"), &opts).unwrap();
    generate(&dir.path().join("b"), &opts).unwrap();
    let a = tree(&dir.path().join("a"));
    let b = tree(&dir.path().join("b"));
    assert!(a.len() > 100);
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (path, bytes) in &a {
        assert!(
            b.get(path) == Some(bytes),
            "{} differs between runs",
            path.display()
        );
    }
    generate(&dir.path().join("c"), &DemoOptions { seed: 8, ..opts }).unwrap();
    let c = tree(&dir.path().join("c"));
    assert_ne!(
        a.get(Path::new("labels.json")),
        c.get(Path::new("labels.json"))
    );
}

#[test]
fn resource_counts_are_within_ten_percent_of_the_target() {
    for (resources, accounts) in [(1_000, 4), (10_000, 4), (10_000, 12)] {
        let dir = tempfile::tempdir().unwrap();
        let s = generate(
            &dir.path().join("o"),
            &DemoOptions {
                accounts,
                resources,
                seed: 3,
            },
        )
        .unwrap();
        let total = s.total_resources() as f64;
        let target = resources as f64;
        assert!(
            (total - target).abs() <= target * 0.1,
            "{resources}: generated {total}"
        );
        assert!(s.accounts >= accounts);
        // The answer key repeats the summary's counts.
        let labels = common::labels(&dir.path().join("o"));
        let counts: BTreeMap<String, usize> = s
            .resources
            .iter()
            .map(|(k, n)| (k.as_str().to_owned(), *n))
            .collect();
        assert_eq!(labels.resource_counts, counts);
    }
}

#[test]
fn refuses_a_non_empty_output_folder() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("x"), "x").unwrap();
    let err = generate(dir.path(), &DemoOptions::default()).unwrap_err();
    assert!(matches!(err, DemoError::NotEmpty(_)));
}

#[test]
fn every_file_is_json_in_the_layout() {
    let e = estate();
    // Besides the documents: labels.json and one collect-errors.json per member account.
    assert!(
        e.docs.len() + e.summary.accounts == e.summary.files as usize,
        "{} docs, {} files",
        e.docs.len(),
        e.summary.files
    );
    let accounts: HashSet<&str> = e.docs.iter().map(|d| d.account.as_str()).collect();
    assert_eq!(accounts.len(), e.summary.accounts);
    for d in &e.docs {
        assert!(
            ["us-east-1", "eu-west-1", "us-west-2"].contains(&d.region.as_str()),
            "{}",
            d.region
        );
        assert!(d.stem.contains('-'), "{}", d.stem);
        let global = d.stem.starts_with("iam-")
            || d.stem.starts_with("s3-")
            || d.stem.starts_with("s3control-")
            || d.stem.starts_with("organizations-")
            || d.stem.starts_with("sts-");
        if global {
            assert_eq!(d.region, "us-east-1", "{} outside us-east-1", d.stem);
        }
    }
    for stem in [
        "sts-get-caller-identity",
        "iam-get-account-authorization-details",
        "iam-get-credential-report",
        "s3-list-buckets",
    ] {
        assert_eq!(docs(&e.docs, stem).count(), e.summary.accounts, "{stem}");
    }
    let mgmt: Vec<_> = docs(&e.docs, "organizations-list-accounts").collect();
    assert_eq!(mgmt.len(), 1);
    assert_eq!(
        mgmt[0].json["Accounts"].as_array().unwrap().len(),
        e.summary.accounts
    );
}

/// Keys whose string value (or list of strings) must name something the data defines.
fn category(key: &str) -> Option<&'static str> {
    Some(match key {
        "VpcId" | "vpcId" => "vpc",
        "SubnetId" | "SubnetIds" | "subnets" | "SubnetIdentifier" => "subnet",
        "GroupId" | "SecurityGroupIds" | "securityGroups" | "VpcSecurityGroupId" => "sg",
        "NetworkInterfaceId" | "NetworkInterfaceIds" => "eni",
        "InstanceId" => "instance",
        "RouteTableId" | "RouteTableIds" => "rtb",
        "NatGatewayId" => "nat",
        "VpcPeeringConnectionId" => "pcx",
        "DestinationPrefixListId" => "pl",
        "TargetGroupArn" | "targetGroupArn" => "tg",
        "LoadBalancerArn" | "LoadBalancerArns" => "lb",
        "Role" | "taskRoleArn" | "executionRoleArn" => "role",
        "FunctionArn" | "LambdaFunctionArn" => "function",
        "EventSourceArn" => "queue",
        "ImageId" => "image",
        "VolumeId" => "volume",
        _ => return None,
    })
}

fn check_refs(v: &Value, d: &Defined, file: &str, bad: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, child) in m {
                // IAM's GroupId is an IAM group's unique id, not a security group.
                let iam = file.contains("/iam-");
                if let Some(cat) = category(k).filter(|_| !iam) {
                    let values: Vec<&str> = match child {
                        Value::String(s) => vec![s.as_str()],
                        Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
                        _ => Vec::new(),
                    };
                    for s in values {
                        let skip = (cat == "volume" && s == "vol-ffffffff") || s.is_empty();
                        if !skip && !d.has(cat, s) {
                            bad.push(format!("{file}: {k} = {s}"));
                        }
                    }
                }
                if k == "IamInstanceProfile"
                    && !d.has("profile", child["Arn"].as_str().unwrap_or(""))
                {
                    bad.push(format!("{file}: instance profile {child}"));
                }
                if k == "GatewayId" {
                    let g = child.as_str().unwrap_or("");
                    if g != "local" && !d.has("igw", g) && !d.has("vpce", g) {
                        bad.push(format!("{file}: GatewayId {g}"));
                    }
                }
                check_refs(child, d, file, bad);
            }
        }
        Value::Array(a) => a.iter().for_each(|c| check_refs(c, d, file, bad)),
        // Role ARNs anywhere (trust policies in object form included) must exist.
        Value::String(s)
            if s.starts_with("arn:aws:iam::")
                && s.contains(":role/")
                && !s.contains('*')
                && !d.has("role", s) =>
        {
            bad.push(format!("{file}: role {s}"));
        }
        _ => {}
    }
}

#[test]
fn every_reference_resolves() {
    let e = estate();
    let mut bad = Vec::new();
    for doc in &e.docs {
        let file = format!(
            "{}/{}/{}{}",
            doc.account,
            doc.region,
            doc.stem,
            doc.param
                .as_deref()
                .map(|p| format!("/{p}"))
                .unwrap_or_default()
        );
        check_refs(&doc.json, &e.defined, &file, &mut bad);
    }
    // Bucket notifications, SNS subscriptions, flow logs and KMS references.
    for doc in docs(&e.docs, "sns-list-subscriptions") {
        for sub in doc.json["Subscriptions"].as_array().unwrap() {
            let ep = sub["Endpoint"].as_str().unwrap();
            if !e.defined.has("queue", ep) && !e.defined.has("function", ep) {
                bad.push(format!("subscription endpoint {ep}"));
            }
            assert!(e.defined.has("topic", sub["TopicArn"].as_str().unwrap()));
        }
    }
    for doc in docs(&e.docs, "ec2-describe-flow-logs") {
        for fl in doc.json["FlowLogs"].as_array().unwrap() {
            assert!(e.defined.has("vpc", fl["ResourceId"].as_str().unwrap()));
            let bucket = fl["LogDestination"]
                .as_str()
                .unwrap()
                .trim_start_matches("arn:aws:s3:::");
            assert!(
                e.defined.has("bucket", bucket.split('/').next().unwrap()),
                "{bucket}"
            );
        }
    }
    for doc in docs(&e.docs, "cloudtrail-describe-trails") {
        for t in doc.json["trailList"].as_array().unwrap() {
            assert!(e.defined.has("bucket", t["S3BucketName"].as_str().unwrap()));
            assert!(e.defined.has("key", t["KmsKeyId"].as_str().unwrap()));
        }
    }
    assert!(
        bad.is_empty(),
        "{} unresolved references, e.g. {:?}",
        bad.len(),
        &bad[..bad.len().min(10)]
    );
}

#[test]
fn addresses_fit_their_subnets_and_vpcs() {
    let e = estate();
    let mut subnets: BTreeMap<String, (u32, u32)> = BTreeMap::new();
    for doc in docs(&e.docs, "ec2-describe-subnets") {
        for s in doc.json["Subnets"].as_array().unwrap() {
            let cidr: ipnet_lite::Net = s["CidrBlock"].as_str().unwrap().parse().unwrap();
            subnets.insert(s["SubnetId"].as_str().unwrap().to_owned(), (cidr.0, cidr.1));
        }
    }
    let mut seen = HashSet::new();
    for doc in docs(&e.docs, "ec2-describe-network-interfaces") {
        for n in doc.json["NetworkInterfaces"].as_array().unwrap() {
            let ip: std::net::Ipv4Addr = n["PrivateIpAddress"].as_str().unwrap().parse().unwrap();
            let (base, prefix) = subnets[n["SubnetId"].as_str().unwrap()];
            let mask = u32::MAX << (32 - prefix);
            assert_eq!(u32::from(ip) & mask, base, "{ip} outside its subnet");
            assert!(
                seen.insert((n["VpcId"].as_str().unwrap().to_owned(), ip)),
                "{ip} used twice in a VPC"
            );
        }
    }
}

mod ipnet_lite {
    pub struct Net(pub u32, pub u32);
    impl std::str::FromStr for Net {
        type Err = String;
        fn from_str(s: &str) -> Result<Self, String> {
            let (a, p) = s.split_once('/').ok_or("no /")?;
            let ip: std::net::Ipv4Addr = a.parse().map_err(|_| "ip")?;
            Ok(Net(u32::from(ip), p.parse().map_err(|_| "prefix")?))
        }
    }
}

fn find<'a>(docs: &'a [Doc], stem: &'a str, list: &str, key: &str, id: &str) -> Option<&'a Value> {
    common::docs(docs, stem)
        .flat_map(|d| d.json[list].as_array().unwrap().iter())
        .find(|v| v[key].as_str() == Some(id))
}

fn instance<'a>(docs: &'a [Doc], id: &str) -> Option<&'a Value> {
    common::docs(docs, "ec2-describe-instances")
        .flat_map(|d| d.json["Reservations"].as_array().unwrap().iter())
        .flat_map(|r| r["Instances"].as_array().unwrap().iter())
        .find(|i| i["InstanceId"].as_str() == Some(id))
}

fn short(arn: &str) -> &str {
    arn.rsplit(['/', ':']).next().unwrap()
}

fn open_to_world(sg: &Value, port: i64) -> bool {
    sg["IpPermissions"].as_array().unwrap().iter().any(|p| {
        let ranges = p["IpRanges"].as_array().unwrap();
        let world = ranges.iter().any(|r| r["CidrIp"] == "0.0.0.0/0");
        let all = p["IpProtocol"] == "-1";
        world
            && (all
                || (p["FromPort"].as_i64().unwrap() <= port
                    && port <= p["ToPort"].as_i64().unwrap()))
    })
}

#[test]
fn labels_point_at_existing_resources_and_the_data_shows_them() {
    let e = estate();
    let l = &e.labels;
    let mut ids: Vec<&str> = l.problems.iter().map(|p| p.resource.as_str()).collect();
    ids.extend(l.clean.iter().map(|c| c.resource.as_str()));
    ids.extend(l.outliers.iter().map(|o| o.resource.as_str()));
    ids.extend(
        l.attack_paths
            .iter()
            .flat_map(|a| a.steps.iter().map(|s| s.resource.as_str())),
    );
    for id in &ids {
        assert!(
            e.defined.arns.contains(*id),
            "label points at unknown resource {id}"
        );
    }
    // Every problem type is planted at the default size.
    let planted: HashSet<Problem> = l.problems.iter().map(|p| p.problem).collect();
    for p in Problem::ALL {
        assert!(planted.contains(&p), "{} not planted", p.id());
    }
    // No resource is both clean and a problem.
    let problem_ids: HashSet<&str> = l.problems.iter().map(|p| p.resource.as_str()).collect();
    for c in &l.clean {
        assert!(
            !problem_ids.contains(c.resource.as_str()),
            "{} is clean and a problem",
            c.resource
        );
    }
    // The facts behind some labels, read from the data.
    for p in &l.problems {
        let id = short(&p.resource);
        match p.problem {
            Problem::Ec2InstanceImdsv1 => {
                assert_eq!(
                    instance(&e.docs, id).unwrap()["MetadataOptions"]["HttpTokens"],
                    "optional"
                );
            }
            Problem::Ec2SecurityGroupOpenSsh
            | Problem::Ec2SecurityGroupOpenRdp
            | Problem::Ec2SecurityGroupOpenPostgres => {
                let port = match p.problem {
                    Problem::Ec2SecurityGroupOpenSsh => 22,
                    Problem::Ec2SecurityGroupOpenRdp => 3389,
                    _ => 5432,
                };
                let sg = find(
                    &e.docs,
                    "ec2-describe-security-groups",
                    "SecurityGroups",
                    "GroupId",
                    id,
                )
                .unwrap();
                assert!(open_to_world(sg, port), "{id} not open on {port}");
            }
            Problem::VpcFlowLogsMissing => {
                assert!(
                    find(
                        &e.docs,
                        "ec2-describe-flow-logs",
                        "FlowLogs",
                        "ResourceId",
                        id
                    )
                    .is_none()
                );
            }
            Problem::Ec2VolumeUnencrypted => {
                assert_eq!(
                    find(&e.docs, "ec2-describe-volumes", "Volumes", "VolumeId", id).unwrap()["Encrypted"],
                    false
                );
            }
            Problem::KmsKeyRotationDisabled => {
                let d = e
                    .docs
                    .iter()
                    .find(|d| {
                        d.stem == "kms-get-key-rotation-status" && d.param.as_deref() == Some(id)
                    })
                    .unwrap();
                assert_eq!(d.json["KeyRotationEnabled"], false);
            }
            Problem::S3BucketPublicPolicy => {
                let d = e
                    .docs
                    .iter()
                    .find(|d| d.stem == "s3-get-bucket-policy" && d.param.as_deref() == Some(id))
                    .unwrap();
                let pol: Value = serde_json::from_str(d.json["Policy"].as_str().unwrap()).unwrap();
                assert_eq!(pol["Statement"][0]["Principal"], "*");
                let bpa = e
                    .docs
                    .iter()
                    .find(|d| {
                        d.stem == "s3-get-public-access-block" && d.param.as_deref() == Some(id)
                    })
                    .unwrap();
                assert_eq!(bpa.json, serde_json::json!({}));
            }
            _ => {}
        }
    }
    // Clean instances use IMDSv2; clean groups are not open to the world on the labelled ports; clean
    // VPCs have flow logs.
    for c in &l.clean {
        let id = short(&c.resource);
        match c.kind.as_str() {
            "AWS::EC2::Instance" => assert_eq!(
                instance(&e.docs, id).unwrap()["MetadataOptions"]["HttpTokens"],
                "required"
            ),
            "AWS::EC2::SecurityGroup" => {
                let sg = find(
                    &e.docs,
                    "ec2-describe-security-groups",
                    "SecurityGroups",
                    "GroupId",
                    id,
                )
                .unwrap();
                for port in [22, 3389, 5432] {
                    assert!(!open_to_world(sg, port), "clean {id} open on {port}");
                }
                if sg["GroupName"] == "default" {
                    assert!(sg["IpPermissions"].as_array().unwrap().is_empty());
                }
            }
            "AWS::EC2::VPC" => assert!(
                find(
                    &e.docs,
                    "ec2-describe-flow-logs",
                    "FlowLogs",
                    "ResourceId",
                    id
                )
                .is_some()
            ),
            _ => {}
        }
    }
}

#[test]
fn the_attack_path_runs_from_an_internet_facing_alb_to_a_confidential_bucket() {
    let e = estate();
    let path = e.labels.attack_paths.first().expect("an attack path");
    let kinds: Vec<&str> = path.steps.iter().map(|s| s.kind.as_str()).collect();
    assert_eq!(
        kinds,
        [
            "AWS::ElasticLoadBalancingV2::LoadBalancer",
            "AWS::EC2::Instance",
            "AWS::IAM::InstanceProfile",
            "AWS::IAM::Role",
            "AWS::S3::Bucket"
        ]
    );
    let lb = find(
        &e.docs,
        "elbv2-describe-load-balancers",
        "LoadBalancers",
        "LoadBalancerArn",
        &path.steps[0].resource,
    )
    .unwrap();
    assert_eq!(lb["Scheme"], "internet-facing");
    let inst = instance(&e.docs, short(&path.steps[1].resource)).unwrap();
    assert_eq!(inst["MetadataOptions"]["HttpTokens"], "optional");
    assert_eq!(
        inst["IamInstanceProfile"]["Arn"],
        path.steps[2].resource.as_str()
    );
    // The load balancer forwards to a target group holding the instance.
    let listeners = e
        .docs
        .iter()
        .find(|d| {
            d.stem == "elbv2-describe-listeners"
                && lb["LoadBalancerArn"].as_str().map(common_encode) == d.param
        })
        .unwrap();
    let tg = listeners.json["Listeners"][0]["DefaultActions"][0]["TargetGroupArn"]
        .as_str()
        .unwrap();
    let health = e
        .docs
        .iter()
        .find(|d| {
            d.stem == "elbv2-describe-target-health"
                && d.param.as_deref() == Some(&common_encode(tg))
        })
        .unwrap();
    assert!(
        health.json["TargetHealthDescriptions"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["Target"]["Id"] == inst["InstanceId"])
    );
    // The bucket is confidential.
    let bucket = short(&path.steps[4].resource);
    let tagging = e
        .docs
        .iter()
        .find(|d| d.stem == "s3-get-bucket-tagging" && d.param.as_deref() == Some(bucket))
        .unwrap();
    assert!(
        tagging.json["TagSet"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["Key"] == "data-classification" && t["Value"] == "confidential")
    );
    assert_eq!(path.action, "s3:GetObject");
}

fn common_encode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

#[test]
fn outliers_are_a_small_fraction_of_their_kind() {
    let e = estate();
    let mut per_kind: BTreeMap<&str, usize> = BTreeMap::new();
    for o in &e.labels.outliers {
        *per_kind.entry(o.kind.as_str()).or_default() += 1;
    }
    assert!(per_kind.contains_key("AWS::EC2::Instance"));
    assert!(
        e.labels
            .outliers
            .iter()
            .any(|o| o.resource.contains("instance/") && o.reason.contains("tmp-test-box"))
    );
    for (kind, n) in per_kind {
        let total = e
            .summary
            .resources
            .iter()
            .find(|(k, _)| k.as_str() == kind)
            .map_or(0, |(_, n)| *n);
        assert!(
            (n as f64) <= (total as f64 * 0.03).max(1.0),
            "{n} outliers among {total} {kind}"
        );
    }
}

#[test]
fn every_problem_id_is_documented() {
    let doc = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../docs/demo-labels.md"
    ))
    .unwrap();
    for p in Problem::ALL {
        assert!(
            doc.contains(&format!("| `{}` |", p.id())),
            "{} missing from docs/demo-labels.md",
            p.id()
        );
    }
}
