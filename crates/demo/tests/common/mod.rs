//! Reading a generated estate back for tests: every file parsed, and the ids each kind defines.

#![allow(dead_code, reason = "each test file uses part of the helpers")]

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use serde_json::Value;

/// One parsed file: account folder, region, file stem (`ec2-describe-vpcs` or
/// `s3-get-bucket-policy/<param>`), JSON.
pub struct Doc {
    pub account: String,
    pub region: String,
    pub stem: String,
    pub param: Option<String>,
    pub json: Value,
}

pub fn walk(dir: &Path, files: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            walk(&p, files);
        } else {
            files.push(p);
        }
    }
}

/// Parses every account-data file under `root` (panics on invalid JSON, naming the file).
pub fn load(root: &Path) -> Vec<Doc> {
    let mut files = Vec::new();
    walk(root, &mut files);
    let mut docs = Vec::new();
    for f in files {
        let rel = f.strip_prefix(root).unwrap();
        let parts: Vec<String> = rel
            .iter()
            .map(|s| s.to_string_lossy().into_owned())
            .collect();
        let bytes = std::fs::read(&f).unwrap();
        let json: Value = serde_json::from_slice(&bytes)
            .unwrap_or_else(|e| panic!("{} is not JSON: {e}", f.display()));
        if parts.len() == 1 || (parts.len() == 2 && parts[1] == "collect-errors.json") {
            continue; // labels.json, and the calls a member account was refused
        }
        let (stem, param) = match parts.len() {
            3 => (parts[2].trim_end_matches(".json").to_owned(), None),
            4 => (parts[2].clone(), Some(parts[3].clone())),
            _ => panic!("unexpected path {}", rel.display()),
        };
        docs.push(Doc {
            account: parts[0].clone(),
            region: parts[1].clone(),
            stem,
            param,
            json,
        });
    }
    docs
}

/// Ids defined by the data, by category.
#[derive(Default)]
pub struct Defined {
    pub ids: BTreeMap<&'static str, HashSet<String>>,
    /// Every resource ARN the data defines (for label checks).
    pub arns: HashSet<String>,
}

impl Defined {
    pub fn add(&mut self, cat: &'static str, id: &str) {
        self.ids.entry(cat).or_default().insert(id.to_owned());
    }
    pub fn has(&self, cat: &'static str, id: &str) -> bool {
        self.ids.get(cat).is_some_and(|s| s.contains(id))
    }
}

fn arr<'a>(v: &'a Value, k: &str) -> impl Iterator<Item = &'a Value> {
    v.get(k).and_then(Value::as_array).into_iter().flatten()
}

fn s<'a>(v: &'a Value, k: &str) -> &'a str {
    v.get(k).and_then(Value::as_str).unwrap_or("")
}

/// Collects what every file defines.
pub fn defined(docs: &[Doc]) -> Defined {
    let mut d = Defined::default();
    let mut account_ids: BTreeMap<String, String> = BTreeMap::new();
    for doc in docs {
        if doc.stem == "sts-get-caller-identity" {
            account_ids.insert(doc.account.clone(), s(&doc.json, "Account").to_owned());
        }
    }
    for doc in docs {
        let acct = account_ids.get(&doc.account).cloned().unwrap_or_default();
        let r = doc.region.as_str();
        let ec2 = |t: &str, id: &str| format!("arn:aws:ec2:{r}:{acct}:{t}/{id}");
        let j = &doc.json;
        match (doc.stem.as_str(), &doc.param) {
            ("sts-get-caller-identity", None) => {
                d.arns.insert(format!("arn:aws:iam::{acct}:root"));
            }
            ("ec2-describe-vpcs", None) => {
                for v in arr(j, "Vpcs") {
                    d.add("vpc", s(v, "VpcId"));
                    d.arns.insert(ec2("vpc", s(v, "VpcId")));
                }
            }
            ("ec2-describe-subnets", None) => {
                arr(j, "Subnets").for_each(|v| d.add("subnet", s(v, "SubnetId")))
            }
            ("ec2-describe-security-groups", None) => {
                for v in arr(j, "SecurityGroups") {
                    d.add("sg", s(v, "GroupId"));
                    d.arns.insert(ec2("security-group", s(v, "GroupId")));
                }
            }
            ("ec2-describe-network-interfaces", None) => {
                arr(j, "NetworkInterfaces").for_each(|v| d.add("eni", s(v, "NetworkInterfaceId")))
            }
            ("ec2-describe-route-tables", None) => {
                arr(j, "RouteTables").for_each(|v| d.add("rtb", s(v, "RouteTableId")))
            }
            ("ec2-describe-internet-gateways", None) => {
                arr(j, "InternetGateways").for_each(|v| d.add("igw", s(v, "InternetGatewayId")))
            }
            ("ec2-describe-nat-gateways", None) => {
                arr(j, "NatGateways").for_each(|v| d.add("nat", s(v, "NatGatewayId")))
            }
            ("ec2-describe-vpc-endpoints", None) => {
                arr(j, "VpcEndpoints").for_each(|v| d.add("vpce", s(v, "VpcEndpointId")))
            }
            ("ec2-describe-vpc-peering-connections", None) => arr(j, "VpcPeeringConnections")
                .for_each(|v| d.add("pcx", s(v, "VpcPeeringConnectionId"))),
            ("ec2-describe-managed-prefix-lists", None) => {
                arr(j, "PrefixLists").for_each(|v| d.add("pl", s(v, "PrefixListId")))
            }
            ("ec2-describe-instances", None) => {
                for res in arr(j, "Reservations") {
                    for v in arr(res, "Instances") {
                        d.add("instance", s(v, "InstanceId"));
                        d.arns.insert(ec2("instance", s(v, "InstanceId")));
                    }
                }
            }
            ("ec2-describe-volumes", None) => {
                for v in arr(j, "Volumes") {
                    d.add("volume", s(v, "VolumeId"));
                    d.arns.insert(ec2("volume", s(v, "VolumeId")));
                }
            }
            ("ec2-describe-snapshots", None) => {
                for v in arr(j, "Snapshots") {
                    d.add("snapshot", s(v, "SnapshotId"));
                    d.arns
                        .insert(format!("arn:aws:ec2:{r}::snapshot/{}", s(v, "SnapshotId")));
                }
            }
            ("ec2-describe-images", None) => {
                for v in arr(j, "Images") {
                    d.add("image", s(v, "ImageId"));
                    d.arns
                        .insert(format!("arn:aws:ec2:{r}::image/{}", s(v, "ImageId")));
                }
            }
            ("elbv2-describe-load-balancers", None) => {
                for v in arr(j, "LoadBalancers") {
                    d.add("lb", s(v, "LoadBalancerArn"));
                    d.arns.insert(s(v, "LoadBalancerArn").to_owned());
                }
            }
            ("elbv2-describe-target-groups", None) => {
                for v in arr(j, "TargetGroups") {
                    d.add("tg", s(v, "TargetGroupArn"));
                    d.arns.insert(s(v, "TargetGroupArn").to_owned());
                }
            }
            ("elbv2-describe-listeners", Some(_)) => {
                for v in arr(j, "Listeners") {
                    d.arns.insert(s(v, "ListenerArn").to_owned());
                }
            }
            ("lambda-list-functions", None) => {
                for v in arr(j, "Functions") {
                    d.add("function", s(v, "FunctionArn"));
                    d.arns.insert(s(v, "FunctionArn").to_owned());
                }
            }
            ("rds-describe-db-instances", None) => {
                for v in arr(j, "DBInstances") {
                    d.arns.insert(s(v, "DBInstanceArn").to_owned());
                }
            }
            ("dynamodb-describe-table", Some(_)) => {
                let t = &j["Table"];
                d.add("table", s(t, "TableArn"));
                d.arns.insert(s(t, "TableArn").to_owned());
            }
            ("sqs-get-queue-attributes", Some(_)) => {
                let a = s(&j["Attributes"], "QueueArn");
                d.add("queue", a);
                d.arns.insert(a.to_owned());
            }
            ("sns-list-topics", None) => {
                for v in arr(j, "Topics") {
                    d.add("topic", s(v, "TopicArn"));
                    d.arns.insert(s(v, "TopicArn").to_owned());
                }
            }
            ("kms-list-keys", None) => {
                for v in arr(j, "Keys") {
                    d.add("key", s(v, "KeyArn"));
                    d.arns.insert(s(v, "KeyArn").to_owned());
                }
            }
            ("cloudtrail-describe-trails", None) => {
                for v in arr(j, "trailList") {
                    d.arns.insert(s(v, "TrailARN").to_owned());
                }
            }
            ("s3-list-buckets", None) => {
                for v in arr(j, "Buckets") {
                    d.add("bucket", s(v, "Name"));
                    d.arns.insert(format!("arn:aws:s3:::{}", s(v, "Name")));
                }
            }
            ("iam-get-account-authorization-details", None) => {
                for v in arr(j, "RoleDetailList") {
                    d.add("role", s(v, "Arn"));
                    d.arns.insert(s(v, "Arn").to_owned());
                    for p in arr(v, "InstanceProfileList") {
                        d.add("profile", s(p, "Arn"));
                        d.arns.insert(s(p, "Arn").to_owned());
                    }
                }
                for v in arr(j, "UserDetailList") {
                    d.add("user", s(v, "Arn"));
                    d.arns.insert(s(v, "Arn").to_owned());
                }
                for v in arr(j, "Policies") {
                    d.add("policy", s(v, "Arn"));
                    d.arns.insert(s(v, "Arn").to_owned());
                }
            }
            _ => {}
        }
    }
    d
}

/// The data's `labels.json`.
pub fn labels(root: &Path) -> nephos_demo::Labels {
    serde_json::from_slice(&std::fs::read(root.join("labels.json")).unwrap()).unwrap()
}

/// Finds documents by stem.
pub fn docs<'a>(all: &'a [Doc], stem: &'a str) -> impl Iterator<Item = &'a Doc> {
    all.iter().filter(move |d| d.stem == stem)
}
