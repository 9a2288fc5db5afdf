//! Estate-wide effective access: the assume-role graph, privilege escalation and exposures over a
//! synthetic estate of about 100k resources (the demo estate was not merged when this was
//! written; the generator below is deterministic and shaped like it): 20 member accounts, each
//! with 100 users, 150 roles, 10 groups and 5,000 resources (buckets, some with policies, queues,
//! KMS keys with key policies, Lambda functions and instances running as roles), two SCP levels.

#![expect(
    clippy::unwrap_used,
    reason = "a benchmark over generated, known-good policies"
)]

use std::hint::black_box;
use std::time::Instant;

use criterion::{Criterion, criterion_group, criterion_main};
use nephos_iam::{AccessModel, Group, Identity, IdentityKind, Policy, PolicyKind, ResourceEntry};

struct Lcg(u64);
impl Lcg {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

fn p(id: &str, kind: PolicyKind, text: &str) -> Policy {
    Policy::parse(id, kind, text).unwrap()
}

fn model() -> AccessModel {
    let readonly = p(
        "ReadOnly",
        PolicyKind::Identity,
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["ec2:Describe*","s3:Get*","s3:List*","lambda:Get*","lambda:List*","iam:Get*","iam:List*","kms:Describe*","sqs:Get*","logs:Get*","cloudwatch:Get*"],"Resource":"*"}]}"#,
    );
    let power = p(
        "PowerUser",
        PolicyKind::Identity,
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotAction":["iam:*","organizations:*","account:*"],"Resource":"*"},{"Effect":"Allow","Action":["iam:CreateServiceLinkedRole","iam:ListRoles"],"Resource":"*"}]}"#,
    );
    let admin = p(
        "AdministratorAccess",
        PolicyKind::Identity,
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#,
    );
    let dev = p(
        "LambdaDev",
        PolicyKind::Identity,
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["lambda:CreateFunction","lambda:InvokeFunction","lambda:UpdateFunctionCode"],"Resource":"*"},{"Effect":"Allow","Action":"iam:PassRole","Resource":"arn:aws:iam::*:role/app-*","Condition":{"StringEquals":{"iam:PassedToService":"lambda.amazonaws.com"}}}]}"#,
    );
    let helpdesk = p(
        "Helpdesk",
        PolicyKind::Identity,
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:CreateLoginProfile","iam:UpdateLoginProfile"],"Resource":"arn:aws:iam::*:user/staff/*"}]}"#,
    );
    let assume = p(
        "AssumeAny",
        PolicyKind::Identity,
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}]}"#,
    );
    let app = |i: u64| {
        p(
            &format!("app{i}"),
            PolicyKind::Identity,
            &format!(
                r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],"Resource":"arn:aws:s3:::bucket-{i}-*/*"}},{{"Effect":"Allow","Action":["sqs:SendMessage","sqs:ReceiveMessage"],"Resource":"*"}},{{"Effect":"Allow","Action":"dynamodb:*","Resource":"arn:aws:dynamodb:*:*:table/app-{i}"}}]}}"#
            ),
        )
    };
    let full = p(
        "FullAWSAccess",
        PolicyKind::Scp,
        r#"{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#,
    );
    let guard = p(
        "Guardrails",
        PolicyKind::Scp,
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Deny","Action":["cloudtrail:StopLogging","cloudtrail:DeleteTrail","organizations:LeaveOrganization"],"Resource":"*"},{"Effect":"Deny","NotAction":["iam:*","sts:*","support:*"],"Resource":"*","Condition":{"StringNotEquals":{"aws:RequestedRegion":["eu-west-1","us-east-1"]}}}]}"#,
    );

    let mut rng = Lcg(42);
    let mut m = AccessModel::default();
    let accounts: u64 = std::env::var("NEPHOS_ESTATE_ACCOUNTS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20);
    for a in 0..accounts {
        let acct = format!("{:012}", 100_000_000_000 + a);
        m.scps
            .insert(acct.clone(), vec![vec![full.clone()], vec![guard.clone()]]);
        for g in 0..10 {
            m.groups.push(Group {
                arn: format!("arn:aws:iam::{acct}:group/g{g}"),
                account: acct.clone(),
                policies: vec![if g == 0 {
                    admin.clone()
                } else {
                    readonly.clone()
                }],
            });
        }
        for u in 0..100u64 {
            let path = if u % 3 == 0 { "staff/" } else { "" };
            let mut id = Identity::new(
                &format!("arn:aws:iam::{acct}:user/{path}u{u}"),
                &acct,
                IdentityKind::User,
            );
            id.policies.push(match rng.next(20) {
                0 => admin.clone(),
                1..=4 => power.clone(),
                5..=8 => dev.clone(),
                9 => helpdesk.clone(),
                10..=12 => assume.clone(),
                _ => readonly.clone(),
            });
            id.policies.push(app(rng.next(50)));
            id.groups
                .push(format!("arn:aws:iam::{acct}:group/g{}", 1 + rng.next(9)));
            m.identities.push(id);
        }
        for r in 0..150u64 {
            let name = if r % 2 == 0 {
                format!("app-{r}")
            } else {
                format!("svc-{r}")
            };
            let mut id = Identity::new(
                &format!("arn:aws:iam::{acct}:role/{name}"),
                &acct,
                IdentityKind::Role,
            );
            let trust = match rng.next(10) {
                0..=3 => r#"{"Service":"lambda.amazonaws.com"}"#.to_owned(),
                4..=5 => r#"{"Service":"ec2.amazonaws.com"}"#.to_owned(),
                6..=7 => format!(r#"{{"AWS":"arn:aws:iam::{acct}:root"}}"#),
                8 => format!(r#"{{"AWS":"arn:aws:iam::{acct}:user/u{}"}}"#, rng.next(100)),
                _ => format!(r#"{{"AWS":"{:012}"}}"#, 100_000_000_000 + rng.next(20)),
            };
            id.trust = Some(p(
                &format!("{name}/trust"),
                PolicyKind::Trust,
                &format!(
                    r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":{trust},"Action":"sts:AssumeRole"}}]}}"#
                ),
            ));
            id.policies.push(match rng.next(30) {
                0 => admin.clone(),
                1..=3 => power.clone(),
                _ => app(rng.next(50)),
            });
            m.identities.push(id);
        }
        for k in 0..5000u64 {
            let role = format!(
                "arn:aws:iam::{acct}:role/{}",
                if rng.next(2) == 0 {
                    format!("app-{}", 2 * rng.next(75))
                } else {
                    format!("svc-{}", 2 * rng.next(75) + 1)
                }
            );
            let (arn, policy, required, runs_as) = match k % 10 {
                0..=1 => {
                    let arn = format!("arn:aws:s3:::bucket-{a}-{k}");
                    let policy = (rng.next(10) < 3).then(|| {
                        let principal = if rng.next(10) == 0 { r#""*""#.to_owned() } else { format!(r#"{{"AWS":"arn:aws:iam::{:012}:root"}}"#, 100_000_000_000 + rng.next(20)) };
                        p(&arn, PolicyKind::Resource, &format!(r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":{principal},"Action":"s3:GetObject","Resource":"{arn}/*"}},{{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"{arn}/*","Condition":{{"Bool":{{"aws:SecureTransport":"false"}}}}}}]}}"#))
                    });
                    (arn, policy, false, None)
                }
                2 => (
                    format!("arn:aws:sqs:us-east-1:{acct}:q{k}"),
                    None,
                    false,
                    None,
                ),
                3 => {
                    let arn = format!("arn:aws:kms:us-east-1:{acct}:key/k{k}");
                    let policy = p(
                        &arn,
                        PolicyKind::Resource,
                        &format!(
                            r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":{{"AWS":"arn:aws:iam::{acct}:root"}},"Action":"kms:*","Resource":"*"}}]}}"#
                        ),
                    );
                    (arn, Some(policy), true, None)
                }
                4..=6 => (
                    format!("arn:aws:lambda:us-east-1:{acct}:function:f{k}"),
                    None,
                    false,
                    Some(role),
                ),
                _ => (
                    format!("arn:aws:ec2:us-east-1:{acct}:instance/i-{k:08x}"),
                    None,
                    false,
                    Some(role),
                ),
            };
            m.resources.push(ResourceEntry {
                arn,
                account: acct.clone(),
                policy,
                policy_required: required,
                runs_as,
            });
        }
    }
    m.index();
    m
}

fn bench(c: &mut Criterion) {
    let m = model();
    let start = Instant::now();
    let graph = m.assume_graph();
    let esc = m.escalation();
    let ex = m.exposures();
    eprintln!(
        "estate: {} identities, {} resources; {} assume edges, {} admins, {} escalation paths, {} edges, {} exposures in {:?}",
        m.identities.len(),
        m.resources.len(),
        graph.edges.len(),
        esc.admins.len(),
        esc.paths.len(),
        esc.edges.len(),
        ex.len(),
        start.elapsed()
    );
    let mut g = c.benchmark_group("estate");
    g.sample_size(10);
    g.bench_function("trust_escalation_exposures_100k", |b| {
        b.iter(|| {
            black_box(m.assume_graph());
            black_box(m.escalation());
            black_box(m.exposures());
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
