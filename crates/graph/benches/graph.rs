//! Graph + architectures on the 100k-resource demo estate (and a synthetic one), and incremental
//! changes on it.
//!
//! `cargo bench -p nephos-graph` generates the demo estate (`nephos_demo`, seed 42) in a temporary
//! folder, imports it, and runs the builds and changes under criterion;
//! `NEPHOS_BENCH_1M=1 cargo bench -p nephos-graph` also times one build of the 1M-resource demo
//! estate. Resident memory before and after each build is printed.

#![allow(missing_docs)]
#![expect(
    clippy::expect_used,
    clippy::panic,
    reason = "benchmark set-up: a missing fixture resource is a bug in the benchmark"
)]

#[path = "../tests/common/mod.rs"]
mod common;

use std::hint::black_box;
use std::time::Instant;

use common::{Estate, allow};
use criterion::{Criterion, criterion_group};
use nephos_graph::{Change, Graph};
use nephos_model::{Relationship, RelationshipKind};

/// About `n` resources: units of one VPC (subnets, gateway, groups, instances with interfaces and a
/// role, a function inside), a function outside a VPC triggered by a bucket, a queue, an ECS
/// cluster every 5th unit, peering every 10th unit, and hubs (a logging bucket, a key).
fn estate(n: usize) -> Estate {
    let mut e = Estate::new();
    let logs = e.bucket("central-logs");
    let key = e.kms_key("shared");
    let mut unit = 0;
    let mut prev_vpc = None;
    while e.inv.len() < n {
        let u = unit;
        unit += 1;
        let vpc = e.vpc(&format!("vpc-{u}"));
        e.tag(&vpc, "application", &format!("app-{}", u / 3));
        e.tag(&vpc, "team", &format!("team-{}", u % 17));
        e.relate(
            &vpc,
            RelationshipKind::LogsTo,
            &logs,
            "ec2:DescribeFlowLogs",
        );
        e.internet_gateway(&vpc, &format!("igw-{u}"));
        let data = e.bucket(&format!("data-{u}"));
        e.encrypt(&data, &key);
        let role = e.role(
            &format!("app-{u}"),
            &allow(
                &["s3:GetObject", "s3:PutObject"],
                &[
                    &format!("arn:aws:s3:::data-{u}/*"),
                    "arn:aws:s3:::central-logs/*",
                ],
            ),
        );
        let subnets: Vec<_> = (0..4)
            .map(|s| {
                e.subnet(
                    &vpc,
                    &format!("subnet-{u}-{s}"),
                    &format!("eu-west-1{}", ["a", "b"][s % 2]),
                )
            })
            .collect();
        for s in 0..2 {
            e.security_group(&vpc, &format!("sg-{u}-{s}"));
        }
        for i in 0..12 {
            e.instance(&subnets[i % 4], &format!("i-{u}-{i}"), Some(&role));
        }
        e.lambda(&format!("in-vpc-{u}"), &role, &[&subnets[0]]);
        let frole = e.role(
            &format!("fn-{u}"),
            &allow(
                &["sqs:SendMessage"],
                &[&format!("arn:aws:sqs:eu-west-1:111111111111:q-{u}")],
            ),
        );
        let f = e.lambda(&format!("fn-{u}"), &frole, &[]);
        let uploads = e.bucket(&format!("uploads-{u}"));
        e.notify(&uploads, &f);
        e.queue(&format!("q-{u}"));
        if u % 5 == 0 {
            let cluster = e.ecs_cluster(&format!("c-{u}"));
            let trole = e.role(&format!("task-{u}"), "");
            e.ecs_service(&cluster, &format!("svc-{u}"), &trole, Some(&subnets[1]));
        }
        if u % 10 != 0
            && let Some(prev) = &prev_vpc
        {
            e.peering(&format!("pcx-{u}"), prev, &vpc, "active");
        }
        prev_vpc = Some(vpc);
    }
    e
}

fn status_mib(field: &str) -> u64 {
    let Ok(status) = std::fs::read_to_string("/proc/self/status") else {
        return 0;
    };
    status
        .lines()
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<u64>().ok())
        .map_or(0, |kb| kb / 1024)
}

/// Generates and imports the demo estate of about `resources` resources.
fn demo(resources: usize) -> (nephos_model::Inventory, tempfile::TempDir) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path().join("estate");
    let t = Instant::now();
    nephos_demo::generate(
        &dir,
        &nephos_demo::DemoOptions {
            resources,
            ..Default::default()
        },
    )
    .expect("demo estate");
    let generated = t.elapsed();
    let t = Instant::now();
    let imported = nephos_aws::import(&dir).expect("demo imports");
    println!(
        "demo estate of {resources}: generated in {generated:?}, imported in {:?}: {} resources, {} relationships",
        t.elapsed(),
        imported.inventory.len(),
        imported.inventory.relationships().len()
    );
    (imported.inventory, tmp)
}

/// User + system CPU time of this process, in seconds (`/proc/self/stat`, clock ticks of 1/100 s).
fn cpu_seconds() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return 0.0;
    };
    let fields: Vec<&str> = stat
        .rsplit(')')
        .next()
        .unwrap_or("")
        .split_whitespace()
        .collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    (ticks(11) + ticks(12)) / 100.0
}

fn build_once(label: &str, inv: &nephos_model::Inventory) -> Graph {
    let before = status_mib("VmRSS:");
    let cpu = cpu_seconds();
    let t = Instant::now();
    let g = Graph::build(inv);
    let took = t.elapsed();
    println!(
        "{label}: {} nodes, {} edges, {} architectures; build {took:?} wall, {:.2} s CPU; resident memory {before} MiB -> {} MiB",
        g.node_count(),
        g.edge_count(),
        g.architecture_count(),
        cpu_seconds() - cpu,
        status_mib("VmRSS:")
    );
    g
}

fn bench_demo_100k(c: &mut Criterion) {
    let (inv, _tmp) = demo(100_000);
    let mut g = build_once("demo 100k", &inv);
    let mut group = c.benchmark_group("demo_100k");
    group.sample_size(10);
    group.bench_function("build_graph_and_architectures", |b| {
        b.iter_with_large_drop(|| Graph::build(&inv))
    });
    group.finish();

    // One instance in a VPC, one role with an inline policy, and one relationship of the instance.
    let instance = inv
        .of_kind(nephos_model::ResourceKind::Instance)
        .next()
        .cloned()
        .expect("an instance");
    let rel = inv
        .relationships()
        .iter()
        .find(|r| r.to == instance.id && r.kind == RelationshipKind::Contains)
        .cloned()
        .expect("the instance's subnet");
    let mut group = c.benchmark_group("demo_100k_incremental");
    let mut flip = false;
    let mut tagged = instance.clone();
    group.bench_function("tag_change", |b| {
        b.iter(|| {
            flip = !flip;
            tagged
                .tags
                .insert("team".into(), if flip { "a" } else { "b" }.into());
            black_box(g.apply(Change::Upsert(tagged.clone())))
        })
    });
    group.bench_function("unrelate_then_relate_subnet", |b| {
        b.iter(|| {
            g.apply(Change::Unrelate(rel.clone()));
            black_box(g.apply(Change::Relate(rel.clone())))
        })
    });
    let rels: Vec<Relationship> = inv
        .relationships()
        .iter()
        .filter(|r| r.from == instance.id || r.to == instance.id)
        .cloned()
        .collect();
    group.bench_function("remove_instance_then_restore", |b| {
        b.iter(|| {
            g.apply(Change::Remove(instance.id.clone()));
            g.apply(Change::Upsert(instance.clone()));
            for r in &rels {
                g.apply(Change::Relate(r.clone()));
            }
        })
    });
    // A bucket without a policy: its access edges are re-decided, the IAM model is kept.
    let bucket = inv
        .of_kind(nephos_model::ResourceKind::Bucket)
        .find(|r| matches!(&r.props, nephos_model::Properties::Bucket(p) if p.policy.as_ref().and_then(Option::as_ref).is_none()))
        .cloned()
        .expect("a bucket without a policy");
    let mut tagged_bucket = bucket.clone();
    group.bench_function("bucket_without_policy_change", |b| {
        b.iter(|| {
            flip = !flip;
            tagged_bucket
                .tags
                .insert("team".into(), if flip { "a" } else { "b" }.into());
            black_box(g.apply(Change::Upsert(tagged_bucket.clone())))
        })
    });
    group.finish();
    println!(
        "(remove_instance_then_restore applies {} changes)",
        rels.len() + 2
    );
    iam_changes(c, &inv, &mut g);
}

/// One resource of `kind` satisfying `pick`.
fn find(
    inv: &nephos_model::Inventory,
    kind: nephos_model::ResourceKind,
    pick: impl Fn(&nephos_model::Resource) -> bool,
) -> nephos_model::Resource {
    inv.of_kind(kind)
        .find(|r| pick(r))
        .cloned()
        .unwrap_or_else(|| panic!("the demo estate has a {kind:?} for this benchmark"))
}

/// One IAM-relevant change of each type on the demo estate, each alternating between two states
/// (so every iteration really changes the model).
fn iam_changes(c: &mut Criterion, inv: &nephos_model::Inventory, g: &mut Graph) {
    use nephos_model::props::InlinePolicy;
    use nephos_model::{Properties as P, ResourceKind as K};
    type Flip = Box<dyn Fn(&mut nephos_model::Resource, bool)>;
    let deny_delete = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},{"Sid":"NoBucketDelete","Effect":"Deny","Action":"s3:DeleteBucket","Resource":"*"}]}"#;
    let mut cases: Vec<(&str, nephos_model::Resource, Flip)> = Vec::new();
    let role = find(
        inv,
        K::IamRole,
        |r| matches!(&r.props, P::IamRole(p) if !p.inline_policies.is_empty()),
    );
    cases.push((
        "role_inline_policy",
        role.clone(),
        Box::new(|r, flip| {
            if let P::IamRole(p) = &mut r.props
                && let Some(first) = p.inline_policies.first_mut()
            {
                first.document = if flip {
                    allow(&["s3:GetObject"], &["arn:aws:s3:::acme-*"])
                } else {
                    allow(&["sqs:SendMessage"], &["arn:aws:sqs:*:*:nothing"])
                };
            }
        }),
    ));
    let original_inline = match &role.props {
        P::IamRole(p) => p.inline_policies.clone(),
        _ => Vec::new(),
    };
    cases.push((
        "role_inline_policy_no_edge_change",
        role.clone(),
        Box::new(move |r, flip| {
            if let P::IamRole(p) = &mut r.props {
                p.inline_policies = original_inline.clone();
                if flip {
                    p.inline_policies.push(InlinePolicy {
                        name: "describe".into(),
                        document: allow(&["ec2:DescribeInstances"], &["*"]),
                    });
                }
            }
        }),
    ));
    let original_trust = match &role.props {
        P::IamRole(p) => p.trust_policy.clone(),
        _ => String::new(),
    };
    let mgmt_trust = format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":{{"AWS":"arn:aws:iam::{}:root"}},"Action":"sts:AssumeRole"}}]}}"#,
        role.account
    );
    cases.push((
        "role_trust_policy",
        role.clone(),
        Box::new(move |r, flip| {
            if let P::IamRole(p) = &mut r.props {
                p.trust_policy = if flip {
                    mgmt_trust.clone()
                } else {
                    original_trust.clone()
                };
            }
        }),
    ));
    let readonly = "arn:aws:iam::aws:policy/ReadOnlyAccess".to_owned();
    cases.push((
        "role_attach_detach_managed_policy",
        role.clone(),
        Box::new(move |r, flip| {
            if let P::IamRole(p) = &mut r.props {
                p.attached_policy_arns.retain(|a| *a != readonly);
                if flip {
                    p.attached_policy_arns.push(readonly.clone());
                }
            }
        }),
    ));
    let boundary = find(
        inv,
        K::IamPolicy,
        |r| matches!(&r.props, P::IamPolicy(p) if !p.aws_managed),
    );
    let boundary_arn = boundary.id.as_str().to_owned();
    cases.push((
        "role_permissions_boundary",
        role.clone(),
        Box::new(move |r, flip| {
            if let P::IamRole(p) = &mut r.props {
                p.permissions_boundary_arn = flip.then(|| boundary_arn.clone());
            }
        }),
    ));
    // A customer managed policy attached to roles (acme-deploy: the ci-deployer role).
    let managed = find(inv, K::IamPolicy, |r| {
        r.name == "acme-deploy" && matches!(&r.props, P::IamPolicy(p) if !p.aws_managed)
    });
    let managed_original = match &managed.props {
        P::IamPolicy(p) => p.default_document().unwrap_or_default().to_owned(),
        _ => String::new(),
    };
    cases.push((
        "managed_policy_default_version",
        managed,
        Box::new(move |r, flip| {
            if let P::IamPolicy(p) = &mut r.props {
                let doc = if flip {
                    allow(
                        &["s3:GetObject", "s3:PutObject"],
                        &["arn:aws:s3:::acme-*/*"],
                    )
                } else {
                    managed_original.clone()
                };
                for v in &mut p.versions {
                    if v.is_default || v.version_id == p.default_version_id {
                        v.document = doc.clone();
                    }
                }
            }
        }),
    ));
    let member = find(
        inv,
        K::IamUser,
        |r| matches!(&r.props, P::IamUser(p) if !p.groups.is_empty()),
    );
    let groups = match &member.props {
        P::IamUser(p) => p.groups.clone(),
        _ => Vec::new(),
    };
    cases.push((
        "user_group_membership",
        member.clone(),
        Box::new(move |r, flip| {
            if let P::IamUser(p) = &mut r.props {
                p.groups = if flip { Vec::new() } else { groups.clone() };
            }
        }),
    ));
    cases.push((
        "user_inline_policy",
        member,
        Box::new(|r, flip| {
            if let P::IamUser(p) = &mut r.props {
                p.inline_policies = if flip {
                    vec![InlinePolicy {
                        name: "assume-all".into(),
                        document: allow(&["sts:AssumeRole"], &["*"]),
                    }]
                } else {
                    Vec::new()
                };
            }
        }),
    ));
    let group = find(inv, K::IamGroup, |_| true);
    cases.push((
        "group_inline_policy",
        group,
        Box::new(|r, flip| {
            if let P::IamGroup(p) = &mut r.props {
                p.inline_policies = if flip {
                    vec![InlinePolicy {
                        name: "no-assume".into(),
                        document: r#"{"Statement":{"Effect":"Deny","Action":"sts:AssumeRole","Resource":"*"}}"#.into(),
                    }]
                } else {
                    Vec::new()
                };
            }
        }),
    ));
    let bucket = find(
        inv,
        K::Bucket,
        |r| matches!(&r.props, P::Bucket(p) if p.policy.as_ref().and_then(Option::as_ref).is_some()),
    );
    let bucket_original = match &bucket.props {
        P::Bucket(p) => p.policy.clone(),
        _ => None,
    };
    let bucket_arn = bucket.id.as_str().to_owned();
    cases.push((
        "bucket_policy",
        bucket,
        Box::new(move |r, flip| {
            if let P::Bucket(p) = &mut r.props {
                p.policy = if flip {
                    Some(Some(format!(
                        r#"{{"Statement":{{"Effect":"Deny","Principal":"*","Action":"s3:PutObject","Resource":"{bucket_arn}/*"}}}}"#
                    )))
                } else {
                    bucket_original.clone()
                };
            }
        }),
    ));
    let key = find(
        inv,
        K::KmsKey,
        |r| matches!(&r.props, P::KmsKey(p) if p.policy.is_some()),
    );
    let key_original = match &key.props {
        P::KmsKey(p) => p.policy.clone(),
        _ => None,
    };
    let key_account = key.account.clone();
    cases.push((
        "kms_key_policy",
        key,
        Box::new(move |r, flip| {
            if let P::KmsKey(p) = &mut r.props {
                p.policy = if flip {
                    Some(format!(
                        r#"{{"Statement":{{"Effect":"Allow","Principal":{{"AWS":"arn:aws:iam::{key_account}:root"}},"Action":"kms:Describe*","Resource":"*"}}}}"#
                    ))
                } else {
                    key_original.clone()
                };
            }
        }),
    ));
    // An SCP attached to an OU or account (not the root): its accounts' principals.
    let scp = find(inv, K::OrganizationPolicy, |r| {
        matches!(&r.props, P::OrganizationPolicy(p) if p.policy_type == "SERVICE_CONTROL_POLICY"
            && !p.aws_managed && !p.target_ids.is_empty() && !p.content.trim().is_empty())
    });
    let scp_original = match &scp.props {
        P::OrganizationPolicy(p) => p.content.clone(),
        _ => String::new(),
    };
    println!("scp benchmark edits `{}`", scp.id);
    let scp_id = scp.id.clone();
    // An SCP edit no request of the graph can see (a deny on terminating instances added).
    let scp_unseen = {
        let mut doc: serde_json::Value =
            serde_json::from_str(&scp_original).expect("the SCP is JSON");
        let extra = serde_json::json!({"Sid": "NoTerminate", "Effect": "Deny",
            "Action": "ec2:TerminateInstances", "Resource": "*"});
        match doc.get_mut("Statement") {
            Some(serde_json::Value::Array(list)) => list.push(extra),
            Some(one) => *one = serde_json::Value::Array(vec![one.clone(), extra]),
            None => {}
        }
        doc.to_string()
    };
    let scp_back = scp_original.clone();
    cases.push((
        "scp_content_not_seen_by_the_graphs_requests",
        scp.clone(),
        Box::new(move |r, flip| {
            if let P::OrganizationPolicy(p) = &mut r.props {
                p.content = if flip {
                    scp_unseen.clone()
                } else {
                    scp_back.clone()
                };
            }
        }),
    ));
    let deny = deny_delete.to_owned();
    cases.push((
        "scp_content",
        scp,
        Box::new(move |r, flip| {
            if let P::OrganizationPolicy(p) = &mut r.props {
                p.content = if flip {
                    deny.clone()
                } else {
                    scp_original.clone()
                };
            }
        }),
    ));

    // The region-restricting SCP (a `Deny` under conditions on the region and the caller's ARN)
    // approving one more region: its statements depend on the caller and the context, so every
    // principal of its accounts is decided per caller on both versions (no request changes).
    let region_scp = find(inv, K::OrganizationPolicy, |r| {
        matches!(&r.props, P::OrganizationPolicy(p) if p.policy_type == "SERVICE_CONTROL_POLICY"
            && !p.target_ids.is_empty() && p.content.contains("aws:RequestedRegion"))
    });
    let region_original = match &region_scp.props {
        P::OrganizationPolicy(p) => p.content.clone(),
        _ => String::new(),
    };
    println!("region scp benchmark edits `{}`", region_scp.id);
    let region_more = region_original.replacen("\"us-east-1\"", "\"us-east-1\",\"ap-south-1\"", 1);
    assert_ne!(
        region_more, region_original,
        "the region SCP names us-east-1"
    );
    cases.push((
        "scp_region_condition_edit",
        region_scp,
        Box::new(move |r, flip| {
            if let P::OrganizationPolicy(p) = &mut r.props {
                p.content = if flip {
                    region_more.clone()
                } else {
                    region_original.clone()
                };
            }
        }),
    ));

    // The same SCP denying an action the graph asks about (`s3:GetObject`): the outcome changes
    // for every request of that action, so the access of every role of its accounts is decided
    // again (reads lost and regained: real edge changes).
    let scp_again = find(inv, K::OrganizationPolicy, |r| r.id == scp_id);
    let deny_read = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},{"Sid":"NoReads","Effect":"Deny","Action":"s3:GetObject","Resource":"*"}]}"#.to_owned();
    let scp_again_original = match &scp_again.props {
        P::OrganizationPolicy(p) => p.content.clone(),
        _ => String::new(),
    };
    cases.push((
        "scp_denies_an_asked_action",
        scp_again,
        Box::new(move |r, flip| {
            if let P::OrganizationPolicy(p) = &mut r.props {
                p.content = if flip {
                    deny_read.clone()
                } else {
                    scp_again_original.clone()
                };
            }
        }),
    ));

    let mut group = c.benchmark_group("demo_100k_iam_change");
    group.sample_size(20);
    for (name, resource, flip_fn) in cases {
        let mut changed = resource.clone();
        let mut flip = false;
        // One change, reported: what it re-derived.
        flip_fn(&mut changed, true);
        let report = g.apply(Change::Upsert(changed.clone()));
        flip_fn(&mut changed, false);
        g.apply(Change::Upsert(changed.clone()));
        println!("{name}: {report:?}");
        group.bench_function(name, |b| {
            b.iter(|| {
                flip = !flip;
                flip_fn(&mut changed, flip);
                black_box(g.apply(Change::Upsert(changed.clone())))
            })
        });
        // Leave the estate as it was.
        g.apply(Change::Upsert(resource));
    }
    // An RCP allowing everything attached to every node of the organization, appearing and
    // disappearing (the demo organization has none): access into the stores of every member
    // account and trust into their roles are decided again.
    let mut targets: Vec<String> = Vec::new();
    for r in inv.of_kind(K::OrganizationalUnit) {
        if let P::OrganizationalUnit(p) = &r.props {
            targets.push(p.ou_id.clone());
            targets.extend(p.parent_id.clone());
        }
    }
    for r in inv.of_kind(K::OrganizationAccount) {
        if let P::OrganizationAccount(p) = &r.props {
            targets.push(p.account_id.clone());
        }
    }
    targets.sort();
    targets.dedup();
    let org_account = inv
        .of_kind(K::OrganizationPolicy)
        .next()
        .map(|r| r.account.clone())
        .expect("an organization policy");
    let mut rcp = nephos_model::Resource::new(
        nephos_model::ResourceId::new(format!(
            "arn:aws:organizations::{org_account}:policy/o-bench/resource_control_policy/p-bench"
        )),
        K::OrganizationPolicy,
        org_account,
        None,
        "p-bench",
    );
    rcp.props = P::OrganizationPolicy(nephos_model::props::OrganizationPolicyProps {
        policy_id: "p-bench".into(),
        policy_type: "RESOURCE_CONTROL_POLICY".into(),
        content: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}"#.into(),
        target_ids: targets,
        ..Default::default()
    });
    let report = g.apply(Change::Upsert(rcp.clone()));
    g.apply(Change::Remove(rcp.id.clone()));
    println!("rcp_attach_everywhere: {report:?}");
    let mut present = false;
    group.bench_function("rcp_attach_or_detach_everywhere", |b| {
        b.iter(|| {
            present = !present;
            if present {
                black_box(g.apply(Change::Upsert(rcp.clone())))
            } else {
                black_box(g.apply(Change::Remove(rcp.id.clone())))
            }
        })
    });
    if present {
        g.apply(Change::Remove(rcp.id.clone()));
    }
    group.finish();
    println!("(IAM model updates so far: {})", g.iam_updates());
    let mut group = c.benchmark_group("demo_100k_grouping");
    group.bench_function("regroup_architectures", |b| {
        b.iter(|| black_box(g.regroup_architectures()))
    });
    group.finish();
}

fn bench_100k(c: &mut Criterion) {
    let e = estate(100_000);
    build_once("synthetic 100k", &e.inv);
    let mut group = c.benchmark_group("synthetic");
    group.sample_size(10);
    group.bench_function("build_100k", |b| {
        b.iter_with_large_drop(|| Graph::build(&e.inv))
    });
    group.finish();

    let mut g = Graph::build(&e.inv);
    let instance = e.ec2("instance", "i-500-3");
    let mut inst = e.inv.get(&instance).cloned().expect("instance");
    let role = nephos_model::ResourceId::new("arn:aws:iam::111111111111:role/app-500");
    let mut role_res = e.inv.get(&role).cloned().expect("role");
    let subnet_a = e.ec2("subnet", "subnet-500-0");
    let subnet_b = e.ec2("subnet", "subnet-500-1");
    let eni = e.ec2("network-interface", "eni-i-500-3");
    let mut flip = false;
    let mut group = c.benchmark_group("synthetic_100k_incremental");
    // The role policy change rebuilds the IAM model (hundreds of ms per change).
    group.sample_size(10);
    group.bench_function("tag_change", |b| {
        b.iter(|| {
            flip = !flip;
            inst.tags
                .insert("team".into(), if flip { "a" } else { "b" }.into());
            black_box(g.apply(Change::Upsert(inst.clone())))
        })
    });
    group.bench_function("move_interface_between_subnets", |b| {
        b.iter(|| {
            flip = !flip;
            let (from, to) = if flip {
                (&subnet_a, &subnet_b)
            } else {
                (&subnet_b, &subnet_a)
            };
            let ev = "ec2:DescribeNetworkInterfaces NetworkInterfaces[].SubnetId";
            g.apply(Change::Unrelate(Relationship::new(
                from.clone(),
                RelationshipKind::Contains,
                eni.clone(),
                ev,
            )));
            black_box(g.apply(Change::Relate(Relationship::new(
                to.clone(),
                RelationshipKind::Contains,
                eni.clone(),
                ev,
            ))))
        })
    });
    group.bench_function("role_policy_change", |b| {
        b.iter(|| {
            flip = !flip;
            if let nephos_model::Properties::IamRole(p) = &mut role_res.props {
                p.inline_policies[0].document = allow(
                    &["s3:GetObject"],
                    &[if flip {
                        "arn:aws:s3:::data-50*"
                    } else {
                        "arn:aws:s3:::data-500/*"
                    }],
                );
            }
            black_box(g.apply(Change::Upsert(role_res.clone())))
        })
    });
    group.bench_function("remove_and_restore_instance", |b| {
        let rels: Vec<Relationship> = e
            .inv
            .relationships()
            .iter()
            .filter(|r| r.from == instance || r.to == instance)
            .cloned()
            .collect();
        let original = e.inv.get(&instance).cloned().expect("instance");
        b.iter(|| {
            g.apply(Change::Remove(instance.clone()));
            g.apply(Change::Upsert(original.clone()));
            for r in &rels {
                g.apply(Change::Relate(r.clone()));
            }
        })
    });
    group.finish();
}

fn scale_1m() {
    if std::env::var_os("NEPHOS_BENCH_1M").is_none() {
        return;
    }
    // An estate already generated (`NEPHOS_BENCH_1M_DIR`), else a fresh one.
    let (inv, _tmp) = match std::env::var_os("NEPHOS_BENCH_1M_DIR") {
        Some(dir) => {
            let t = Instant::now();
            let imported = nephos_aws::import(std::path::Path::new(&dir)).expect("estate imports");
            println!(
                "demo 1M from {}: imported in {:?}: {} resources, {} relationships",
                dir.to_string_lossy(),
                t.elapsed(),
                imported.inventory.len(),
                imported.inventory.relationships().len()
            );
            (imported.inventory, None)
        }
        None => {
            let (inv, tmp) = demo(1_000_000);
            (inv, Some(tmp))
        }
    };
    let before = status_mib("VmRSS:");
    let cpu = cpu_seconds();
    let t = Instant::now();
    let g = Graph::from_inventory(inv);
    println!(
        "demo 1M: {} nodes, {} edges, {} architectures; build (from_inventory) {:?} wall, {:.2} s CPU; resident memory {before} MiB -> {} MiB",
        g.node_count(),
        g.edge_count(),
        g.architecture_count(),
        t.elapsed(),
        cpu_seconds() - cpu,
        status_mib("VmRSS:")
    );
    let t = Instant::now();
    let archs = g.architectures();
    println!(
        "demo 1M: listing {} architectures with members took {:?}; peak resident memory {} MiB",
        archs.len(),
        t.elapsed(),
        status_mib("VmHWM:")
    );
}

criterion_group!(benches, bench_demo_100k, bench_100k);

fn main() {
    benches();
    scale_1m();
    Criterion::default().configure_from_args().final_summary();
}
