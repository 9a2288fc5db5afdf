//! Round trip: a generated estate imported by `nephos_aws::import` has the summary's resources per
//! kind, no import problems, and every labelled resource.
#![allow(
    clippy::unwrap_used,
    clippy::panic,
    reason = "test helpers: a failure here is a test failure"
)]

use std::collections::BTreeMap;

use nephos_demo::{DemoOptions, generate};

fn round_trip(opts: &DemoOptions) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("estate");
    let summary = generate(&root, opts).unwrap();
    let imported = nephos_aws::import(&root).unwrap();
    assert!(
        imported.problems.is_empty(),
        "import problems: {:?}",
        &imported.problems[..imported.problems.len().min(5)]
    );
    // The demo writes every source of the layout and nothing else; member accounts record that
    // they may not list the organization.
    let missing: Vec<String> = imported
        .stats
        .not_collected
        .iter()
        .filter(|n| {
            !(n.source.starts_with("organizations-")
                && n.reason
                    .as_deref()
                    .is_some_and(|r| r.contains("AccessDenied")))
        })
        .map(|n| format!("{} {} {:?}", n.account, n.source, n.regions))
        .collect();
    assert!(missing.is_empty(), "not collected: {missing:?}");
    // labels.json is not account-data: the import lists it as an unknown file and ignores it.
    let unknown: Vec<_> = imported
        .stats
        .unknown_files
        .iter()
        .filter(|p| !p.ends_with("labels.json"))
        .collect();
    assert!(unknown.is_empty(), "unknown files: {unknown:?}");
    let got: BTreeMap<&str, usize> = imported.inventory.counts_by_kind();
    let want: BTreeMap<&str, usize> = summary
        .resources
        .iter()
        .map(|(k, n)| (k.as_str(), *n))
        .collect();
    let mut diff = Vec::new();
    for k in got.keys().chain(want.keys()) {
        let (g, w) = (
            got.get(k).copied().unwrap_or(0),
            want.get(k).copied().unwrap_or(0),
        );
        if g != w {
            diff.push(format!("{k}: imported {g}, generated {w}"));
        }
    }
    diff.dedup();
    assert!(
        diff.is_empty(),
        "per-kind counts differ:\n{}",
        diff.join("\n")
    );

    let labels: nephos_demo::Labels =
        serde_json::from_slice(&std::fs::read(root.join("labels.json")).unwrap()).unwrap();
    let mut ids: Vec<&str> = labels
        .problems
        .iter()
        .map(|p| p.resource.as_str())
        .collect();
    ids.extend(labels.clean.iter().map(|c| c.resource.as_str()));
    ids.extend(labels.outliers.iter().map(|o| o.resource.as_str()));
    ids.extend(
        labels
            .attack_paths
            .iter()
            .flat_map(|a| a.steps.iter().map(|s| s.resource.as_str())),
    );
    for id in ids {
        let r = imported.inventory.get(&nephos_model::ResourceId::new(id));
        assert!(
            r.is_some(),
            "labelled resource {id} not in the imported inventory"
        );
    }
    for p in &labels.problems {
        let r = imported
            .inventory
            .get(&nephos_model::ResourceId::new(p.resource.as_str()))
            .unwrap();
        assert_eq!(r.kind.as_str(), p.kind, "{}", p.resource);
    }
    architecture_key_matches_the_data(&labels, &imported.inventory);
}

/// The architecture answer key names real resources with the tags it claims: every VPC of the
/// estate in exactly one group, VPC names from their `Name` tag, each function seed tagged with
/// one of its group's applications (name and team), each cluster an ECS cluster.
fn architecture_key_matches_the_data(labels: &nephos_demo::Labels, inv: &nephos_model::Inventory) {
    use nephos_model::{ResourceId, ResourceKind};
    let key = &labels.architectures;
    assert!(!key.is_empty(), "the key lists no application group");
    let mut seen = std::collections::BTreeSet::new();
    for group in key {
        assert!(!group.seeds.is_empty(), "{}", group.id);
        let apps: std::collections::BTreeSet<(&str, &str)> = group
            .applications
            .iter()
            .map(|a| (a.name.as_str(), a.owner.as_str()))
            .collect();
        for seed in &group.seeds {
            assert!(seen.insert(seed.clone()), "{seed} is a seed of two groups");
            let r = inv
                .get(&ResourceId::new(seed.as_str()))
                .unwrap_or_else(|| panic!("{}: seed {seed} not imported", group.id));
            match r.kind {
                ResourceKind::Vpc => {
                    let name = r.tag("Name").unwrap_or_default();
                    assert!(group.vpc_names.iter().any(|n| n == name), "{seed}: {name}");
                }
                ResourceKind::LambdaFunction => {
                    let app = r
                        .tag("app")
                        .or_else(|| r.tag("application"))
                        .unwrap_or_default();
                    let team = r.tag("team").unwrap_or_default();
                    assert!(
                        apps.contains(&(app, team)),
                        "{seed}: app {app}, team {team}"
                    );
                }
                ResourceKind::EcsCluster => {}
                other => panic!("{}: seed {seed} is a {other:?}", group.id),
            }
        }
        for shared in &group.shared {
            assert!(
                inv.get(&ResourceId::new(shared.as_str())).is_some(),
                "{shared}"
            );
        }
    }
    let vpcs: std::collections::BTreeSet<String> = inv
        .of_kind(ResourceKind::Vpc)
        .map(|r| r.id.as_str().to_owned())
        .collect();
    let keyed: std::collections::BTreeSet<String> = seen
        .iter()
        .filter(|s| s.contains(":vpc/"))
        .cloned()
        .collect();
    assert_eq!(
        keyed, vpcs,
        "every VPC of the estate is in exactly one group"
    );
}

#[test]
fn default_estate_imports_with_matching_counts_and_labels() {
    round_trip(&DemoOptions::default());
}

#[test]
fn larger_estate_with_more_accounts_imports_with_matching_counts() {
    round_trip(&DemoOptions {
        accounts: 11,
        resources: 8_000,
        seed: 9,
    });
}

/// The planted facts survive the import: the importer's typed properties show each labelled problem
/// and the attack path's hops (so the engines that read properties see what the key says).
#[test]
fn imported_properties_show_the_labelled_facts() {
    use nephos_demo::Problem;
    use nephos_model::{Properties, ResourceId};

    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("estate");
    generate(&root, &DemoOptions::default()).unwrap();
    let inv = nephos_aws::import(&root).unwrap().inventory;
    let labels: nephos_demo::Labels =
        serde_json::from_slice(&std::fs::read(root.join("labels.json")).unwrap()).unwrap();
    let get = |id: &str| inv.get(&ResourceId::new(id)).unwrap();
    let open = |p: &Properties, port: i32| {
        match p {
        Properties::SecurityGroup(sg) => sg.ingress.iter().any(|r| {
            matches!(&r.peer, nephos_model::props::SecurityGroupPeer::Cidr { cidr } if cidr.to_string() == "0.0.0.0/0")
                && r.from_port.is_some_and(|f| f <= port)
                && r.to_port.is_some_and(|t| t >= port)
        }),
        _ => false,
    }
    };
    let mut checked = 0;
    for p in &labels.problems {
        let r = get(&p.resource);
        let ok = match (p.problem, &r.props) {
            (Problem::Ec2SecurityGroupOpenSsh, props) => open(props, 22),
            (Problem::Ec2SecurityGroupOpenRdp, props) => open(props, 3389),
            (Problem::Ec2SecurityGroupOpenPostgres, props) => open(props, 5432),
            (Problem::Ec2SecurityGroupDefaultAllowsTraffic, Properties::SecurityGroup(sg)) => {
                sg.group_name == "default" && !sg.ingress.is_empty()
            }
            (Problem::Ec2InstanceImdsv1, Properties::Instance(i)) => i.metadata_options.allows_imdsv1(),
            (Problem::Ec2VolumeUnencrypted, Properties::Volume(v)) => !v.encrypted,
            (Problem::Ec2SnapshotPublic, Properties::Snapshot(s)) => s.public == Some(true),
            (Problem::Ec2ImagePublic, Properties::Image(i)) => i.public,
            (Problem::RdsInstancePubliclyAccessible, Properties::DbInstance(d)) => d.publicly_accessible,
            (Problem::RdsInstanceUnencrypted, Properties::DbInstance(d)) => !d.storage_encrypted,
            (Problem::SqsQueueUnencrypted, Properties::Queue(q)) => {
                q.attributes_collected && q.kms_master_key_id.is_none() && !q.sqs_managed_sse
            }
            (Problem::SnsTopicUnencrypted, Properties::Topic(t)) => t.attributes_collected && t.kms_master_key_id.is_none(),
            (Problem::KmsKeyRotationDisabled, Properties::KmsKey(k)) => k.rotation_enabled == Some(false),
            (Problem::CloudtrailSingleRegion, Properties::Trail(t)) => !t.is_multi_region,
            (Problem::CloudtrailLogValidationDisabled, Properties::Trail(t)) => !t.log_file_validation_enabled,
            (Problem::S3BucketPublicPolicy, Properties::Bucket(b)) => {
                b.policy.as_ref().and_then(|p| p.as_deref()).is_some_and(|p| p.contains("\"Principal\":\"*\""))
                    && b.public_access_block == Some(None)
            }
            (Problem::S3BucketPublicAcl, Properties::Bucket(b)) => b
                .acl_grants
                .as_ref()
                .is_some_and(|g| g.iter().any(|g| g.grantee_uri.as_deref().is_some_and(|u| u.ends_with("/AllUsers")))),
            (Problem::S3BucketNoDefaultEncryption, Properties::Bucket(b)) => b.encryption == Some(Vec::new()),
            (Problem::IamUserConsoleWithoutMfa, Properties::IamUser(u)) => {
                u.credentials.as_ref().is_some_and(|c| c.password_enabled && !c.mfa_active)
            }
            (Problem::IamAccessKeyStale, Properties::IamUser(u)) => {
                let epoch = chrono::DateTime::parse_from_rfc3339(&labels.epoch).unwrap();
                u.credentials.as_ref().is_some_and(|c| {
                    c.access_keys.iter().any(|k| {
                        k.active && k.last_rotated.is_some_and(|t| epoch.signed_duration_since(t).num_days() > 90)
                    })
                })
            }
            (Problem::IamInlineAdminPolicy, Properties::IamUser(u)) => {
                u.inline_policies.iter().any(|p| p.document.contains("\"Action\":\"*\""))
            }
            (Problem::IamRootAccessKey, Properties::Account(a)) => a
                .root_credentials
                .as_ref()
                .is_some_and(|c| c.access_keys.iter().any(|k| k.active)),
            (Problem::IamRoleTrustsUnknownAccount, Properties::IamRole(r)) => r.trust_policy.contains(&labels_unknown(&labels, &r.trust_policy)),
            (Problem::LambdaFunctionAdminRole, Properties::LambdaFunction(f)) => {
                matches!(&get(&f.role_arn).props, Properties::IamRole(r)
                    if r.attached_policy_arns.iter().any(|a| a == "arn:aws:iam::aws:policy/AdministratorAccess"))
            }
            (Problem::VpcFlowLogsMissing, Properties::Vpc(_)) => !inv
                .of_kind(nephos_model::ResourceKind::FlowLog)
                .any(|fl| matches!(&fl.props, Properties::FlowLog(f) if p.resource.ends_with(&f.resource_id))),
            (Problem::CloudtrailMissing, Properties::Account(_)) => {
                !inv.of_kind(nephos_model::ResourceKind::Trail).any(|t| t.account == p.account)
            }
            _ => false,
        };
        assert!(
            ok,
            "{} on {}: imported properties do not show it: {:?}",
            p.problem.id(),
            p.resource,
            r.props
        );
        checked += 1;
    }
    assert_eq!(checked, labels.problems.len());

    // The attack path's hops as the importer sees them.
    let path = &labels.attack_paths[0];
    let Properties::LoadBalancer(lb) = &get(&path.steps[0].resource).props else {
        panic!("not a load balancer")
    };
    assert!(lb.internet_facing());
    let Properties::Instance(i) = &get(&path.steps[1].resource).props else {
        panic!("not an instance")
    };
    assert!(i.metadata_options.allows_imdsv1());
    assert_eq!(
        i.iam_instance_profile_arn.as_deref(),
        Some(path.steps[2].resource.as_str())
    );
    let Properties::InstanceProfile(ip) = &get(&path.steps[2].resource).props else {
        panic!("not a profile")
    };
    assert_eq!(ip.role_arns, vec![path.steps[3].resource.clone()]);
    let bucket = get(&path.steps[4].resource);
    assert_eq!(bucket.tag("data-classification"), Some("confidential"));
    let in_a_target_group = inv.of_kind(nephos_model::ResourceKind::TargetGroup).any(|tg| {
        matches!(&tg.props, Properties::TargetGroup(t) if t.targets.iter().any(|x| path.steps[1].resource.ends_with(&x.id))
            && t.load_balancer_arns.contains(&path.steps[0].resource))
    });
    assert!(in_a_target_group);
}

/// The account id a trust policy names (the labelled unknown account is not in the organization).
fn labels_unknown(labels: &nephos_demo::Labels, trust: &str) -> String {
    let known: Vec<&str> = labels.accounts.iter().map(|a| a.id.as_str()).collect();
    let start = trust
        .find("arn:aws:iam::")
        .map_or(0, |i| i + "arn:aws:iam::".len());
    let id: String = trust[start..].chars().take(12).collect();
    assert!(
        !known.contains(&id.as_str()),
        "{id} is an organization account"
    );
    id
}
