//! Benchmark: every registered check over the 100,000-resource demo estate (`nephos-demo`, seed 42)
//! and over a denser synthetic estate of 100,000 resources.
//!
//! The synthetic estate mixes the kinds checks read (security groups with rules, instances, volumes, buckets
//! with policies, users with credential rows, roles, policies, trails, VPCs, flow logs, …) across
//! 20 accounts and 4 regions, with roughly one resource in five misconfigured.

#![allow(
    clippy::panic,
    reason = "benchmark setup: a failure aborts the benchmark"
)]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use nephos_model::props::*;
use nephos_model::{Inventory, Properties, Resource, ResourceId, ResourceKind};

const REGIONS: [&str; 4] = ["us-east-1", "eu-west-1", "eu-central-1", "ap-southeast-2"];

fn res(
    kind: ResourceKind,
    id: ResourceId,
    account: &str,
    region: Option<&str>,
    props: Properties,
) -> Resource {
    let mut r = Resource::new(
        id.clone(),
        kind,
        account,
        region.map(str::to_owned),
        id.short().to_owned(),
    );
    r.props = props;
    r
}

fn estate(target: usize) -> Inventory {
    let mut inv = Inventory::new("bench");
    inv.taken_at = Some(chrono::Utc::now());
    let accounts: Vec<String> = (0..20)
        .map(|i| format!("{:012}", 100_000_000_000u64 + i))
        .collect();
    for a in &accounts {
        inv.insert(res(
            ResourceKind::Account,
            ResourceId::account(a),
            a,
            None,
            Properties::Account(Box::new(AccountProps {
                password_policy: Some(None),
                root_credentials: Some(CredentialReportEntry::default()),
                s3_public_access_block: Some(None),
                ebs_encryption_by_default_regions: vec!["us-east-1".into()],
                ..Default::default()
            })),
        ));
        for r in REGIONS {
            inv.insert(res(
                ResourceKind::Region,
                ResourceId::region(a, r),
                a,
                Some(r),
                Properties::None,
            ));
        }
    }
    let mut i = 0usize;
    while inv.len() < target {
        let a = &accounts[i % accounts.len()];
        let r = REGIONS[i % REGIONS.len()];
        let bad = i.is_multiple_of(5);
        let n = format!("{i:08x}");
        match i % 10 {
            0 | 1 => {
                let cidr = if bad { "0.0.0.0/0" } else { "10.0.0.0/8" };
                let rule = SecurityGroupRule {
                    protocol: IpProtocol::Tcp,
                    from_port: Some(22),
                    to_port: Some(22),
                    peer: SecurityGroupPeer::Cidr {
                        cidr: cidr.parse().unwrap_or(ipnet::IpNet::V4(Default::default())),
                    },
                    description: None,
                };
                let web = SecurityGroupRule {
                    protocol: IpProtocol::Tcp,
                    from_port: Some(443),
                    to_port: Some(443),
                    peer: SecurityGroupPeer::Cidr {
                        cidr: "0.0.0.0/0"
                            .parse()
                            .unwrap_or(ipnet::IpNet::V4(Default::default())),
                    },
                    description: None,
                };
                let sg = SecurityGroupProps {
                    group_id: format!("sg-{n}"),
                    group_name: if i.is_multiple_of(50) {
                        "default".into()
                    } else {
                        format!("g{n}")
                    },
                    vpc_id: Some("vpc-1".into()),
                    ingress: vec![rule, web],
                    egress: vec![],
                    ..Default::default()
                };
                inv.insert(res(
                    ResourceKind::SecurityGroup,
                    ResourceId::ec2(r, a, "security-group", &format!("sg-{n}")),
                    a,
                    Some(r),
                    Properties::SecurityGroup(sg),
                ));
            }
            2 | 3 => {
                let p = InstanceProps {
                    instance_id: format!("i-{n}"),
                    state: "running".into(),
                    metadata_options: MetadataOptions {
                        http_tokens: if bad {
                            "optional".into()
                        } else {
                            "required".into()
                        },
                        http_endpoint: "enabled".into(),
                        http_put_response_hop_limit: Some(1),
                    },
                    iam_instance_profile_arn: (!bad)
                        .then(|| format!("arn:aws:iam::{a}:instance-profile/app")),
                    ..Default::default()
                };
                inv.insert(res(
                    ResourceKind::Instance,
                    ResourceId::ec2(r, a, "instance", &format!("i-{n}")),
                    a,
                    Some(r),
                    Properties::Instance(Box::new(p)),
                ));
            }
            4 => {
                inv.insert(res(
                    ResourceKind::Volume,
                    ResourceId::ec2(r, a, "volume", &format!("vol-{n}")),
                    a,
                    Some(r),
                    Properties::Volume(VolumeProps {
                        volume_id: format!("vol-{n}"),
                        encrypted: !bad,
                        ..Default::default()
                    }),
                ));
            }
            5 => {
                let policy = if bad {
                    format!(
                        r#"{{"Statement":[{{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b{n}/*"}}]}}"#
                    )
                } else {
                    r#"{"Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}"#.to_owned()
                };
                let b = BucketProps {
                    policy: Some(Some(policy)),
                    acl_grants: Some(vec![]),
                    public_access_block: Some(None),
                    encryption: Some(vec![]),
                    versioning: Some("Enabled".into()),
                    mfa_delete: Some(false),
                    ..Default::default()
                };
                let mut res = res(
                    ResourceKind::Bucket,
                    ResourceId::new(format!("arn:aws:s3:::b{n}")),
                    a,
                    Some(r),
                    Properties::Bucket(Box::new(b)),
                );
                res.name = format!("b{n}");
                inv.insert(res);
            }
            6 => {
                let creds = CredentialReportEntry {
                    password_enabled: true,
                    mfa_active: !bad,
                    access_keys: vec![AccessKeyInfo {
                        active: true,
                        last_rotated: None,
                        last_used: None,
                    }],
                    ..Default::default()
                };
                inv.insert(res(
                    ResourceKind::IamUser,
                    ResourceId::new(format!("arn:aws:iam::{a}:user/u{n}")),
                    a,
                    None,
                    Properties::IamUser(Box::new(IamUserProps {
                        credentials: Some(creds),
                        attached_policy_arns: if bad {
                            vec!["arn:aws:iam::aws:policy/AdministratorAccess".into()]
                        } else {
                            vec![]
                        },
                        ..Default::default()
                    })),
                ));
            }
            7 => {
                let trust = if bad {
                    r#"{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::999988887777:root"},"Action":"sts:AssumeRole"}]}"#
                } else {
                    r#"{"Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#
                };
                inv.insert(res(ResourceKind::IamRole, ResourceId::new(format!("arn:aws:iam::{a}:role/r{n}")), a, None, Properties::IamRole(Box::new(IamRoleProps { trust_policy: trust.into(), inline_policies: vec![InlinePolicy { name: "p".into(), document: r#"{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}"#.into() }], ..Default::default() }))));
            }
            8 => {
                inv.insert(res(
                    ResourceKind::Vpc,
                    ResourceId::ec2(r, a, "vpc", &format!("vpc-{n}")),
                    a,
                    Some(r),
                    Properties::Vpc(VpcProps::default()),
                ));
                if !bad {
                    inv.insert(res(
                        ResourceKind::FlowLog,
                        ResourceId::ec2(r, a, "vpc-flow-log", &format!("fl-{n}")),
                        a,
                        Some(r),
                        Properties::FlowLog(FlowLogProps {
                            resource_id: format!("vpc-{n}"),
                            status: "ACTIVE".into(),
                            ..Default::default()
                        }),
                    ));
                }
            }
            _ => {
                inv.insert(res(
                    ResourceKind::DbInstance,
                    ResourceId::arn("rds", r, a, &format!("db:d{n}")),
                    a,
                    Some(r),
                    Properties::DbInstance(Box::new(DbInstanceProps {
                        identifier: format!("d{n}"),
                        engine: "postgres".into(),
                        publicly_accessible: bad,
                        storage_encrypted: !bad,
                        ..Default::default()
                    })),
                ));
            }
        }
        i += 1;
    }
    inv
}

/// User + system CPU time of this process so far (Linux `/proc/self/stat`, 100 ticks a second),
/// to report work done on a machine shared with other jobs, where wall time mostly measures them.
fn process_cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after_name = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    (ticks(11) + ticks(12)) / 100.0
}

/// With `NEPHOS_BENCH_PROFILE` set, prints the slowest checks and the finding count once.
fn profile(inv: &Inventory) {
    if std::env::var_os("NEPHOS_BENCH_PROFILE").is_none() {
        return;
    }
    let ctx = nephos_checks::Context::new(inv);
    let mut times = Vec::new();
    let mut total = 0;
    for check in nephos_checks::CHECKS {
        let mut out = Vec::new();
        let t = std::time::Instant::now();
        (check.run)(&ctx, &mut out);
        times.push((t.elapsed(), check.meta.id, out.len()));
        total += out.len();
    }
    times.sort();
    times.reverse();
    eprintln!("{total} findings from {} resources", inv.len());
    for _ in 0..3 {
        let (cpu0, wall0) = (process_cpu_seconds(), std::time::Instant::now());
        let findings = nephos_checks::run_all(inv);
        drop(black_box(findings));
        eprintln!(
            "run_all: {:.2} s CPU (all threads), {:.2} s wall",
            process_cpu_seconds() - cpu0,
            wall0.elapsed().as_secs_f64()
        );
    }
    for (t, id, n) in times.iter().take(12) {
        eprintln!("{t:>12?} {n:>8} {id}");
    }
}

/// The demo estate (`nephos demo --resources N`, seed 42), imported the way `nephos findings DIR`
/// imports it.
fn demo_estate(resources: usize) -> Inventory {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    let out = dir.path().join("estate");
    let opts = nephos_demo::DemoOptions {
        resources,
        ..Default::default()
    };
    nephos_demo::generate(&out, &opts).unwrap_or_else(|e| panic!("demo: {e}"));
    nephos_aws::import(&out)
        .unwrap_or_else(|e| panic!("import: {e}"))
        .inventory
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("checks");
    group.sample_size(10);
    let demo = demo_estate(100_000);
    profile(&demo);
    group.bench_function("run_all_demo_100k", |b| {
        b.iter(|| black_box(nephos_checks::run_all(black_box(&demo))))
    });
    drop(demo);
    let inv = estate(100_000);
    profile(&inv);
    group.bench_function("run_all_synthetic_100k", |b| {
        b.iter(|| black_box(nephos_checks::run_all(black_box(&inv))))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
