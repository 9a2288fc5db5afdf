//! Single-request evaluation on realistic policies: a developer role with three managed-style
//! policies (about 40 statements, action lists, wildcards, conditions), a permissions boundary,
//! two SCP levels with guard-rail denies, and a bucket policy with TLS and organization
//! conditions. A mix of allowed, explicitly denied and implicitly denied requests.

#![expect(
    clippy::unwrap_used,
    reason = "a benchmark over fixed, known-good policies"
)]

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use nephos_iam::{Context, Policy, PolicyKind, PolicySet, Principal, Request};

fn identity_policies() -> Vec<Policy> {
    let services = [
        "ec2",
        "s3",
        "lambda",
        "dynamodb",
        "sqs",
        "sns",
        "logs",
        "cloudwatch",
        "ecr",
        "ecs",
        "rds",
        "kms",
        "secretsmanager",
        "ssm",
        "events",
        "states",
        "apigateway",
        "cloudformation",
    ];
    let mut statements = Vec::new();
    for (i, s) in services.iter().enumerate() {
        statements.push(format!(
            r#"{{"Sid":"Read{i}","Effect":"Allow","Action":["{s}:Describe*","{s}:Get*","{s}:List*"],"Resource":"*"}}"#
        ));
        statements.push(format!(
            r#"{{"Sid":"Write{i}","Effect":"Allow","Action":["{s}:Create*","{s}:Update*","{s}:Put*","{s}:Tag*"],"Resource":"arn:aws:{s}:*:111122223333:*","Condition":{{"StringEquals":{{"aws:RequestedRegion":["eu-west-1","us-east-1"]}}}}}}"#
        ));
    }
    let read = format!(
        r#"{{"Version":"2012-10-17","Statement":[{}]}}"#,
        statements.join(",")
    );
    let data = r#"{"Version":"2012-10-17","Statement":[
      {"Sid":"Home","Effect":"Allow","Action":["s3:GetObject","s3:PutObject","s3:DeleteObject"],"Resource":"arn:aws:s3:::corp-data/home/${aws:username}/*"},
      {"Sid":"List","Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::corp-data","Condition":{"StringLike":{"s3:prefix":["home/${aws:username}/*"]}}},
      {"Sid":"NoProd","Effect":"Deny","Action":"*","Resource":"*","Condition":{"StringEquals":{"aws:ResourceTag/env":"prod"}}}
    ]}"#;
    let iam = r#"{"Version":"2012-10-17","Statement":[
      {"Sid":"PassApp","Effect":"Allow","Action":"iam:PassRole","Resource":"arn:aws:iam::111122223333:role/app-*","Condition":{"StringEquals":{"iam:PassedToService":"lambda.amazonaws.com"}}},
      {"Sid":"SelfKeys","Effect":"Allow","Action":["iam:CreateAccessKey","iam:DeleteAccessKey","iam:ListAccessKeys"],"Resource":"arn:aws:iam::111122223333:user/${aws:username}"}
    ]}"#;
    [read.as_str(), data, iam]
        .iter()
        .enumerate()
        .map(|(i, t)| Policy::parse(&format!("p{i}"), PolicyKind::Identity, t).unwrap())
        .collect()
}

fn bench(c: &mut Criterion) {
    let identity = identity_policies();
    let boundary = Policy::parse(
        "boundary",
        PolicyKind::Boundary,
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotAction":["iam:*","organizations:*","account:*"],"Resource":"*"},{"Effect":"Allow","Action":["iam:PassRole","iam:*AccessKey*"],"Resource":"*"}]}"#,
    )
    .unwrap();
    let full = Policy::parse(
        "FullAWSAccess",
        PolicyKind::Scp,
        r#"{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#,
    )
    .unwrap();
    let guard = Policy::parse(
        "guardrails",
        PolicyKind::Scp,
        r#"{"Version":"2012-10-17","Statement":[
          {"Sid":"Regions","Effect":"Deny","NotAction":["iam:*","sts:*","support:*","cloudfront:*","route53:*"],"Resource":"*","Condition":{"StringNotEquals":{"aws:RequestedRegion":["eu-west-1","us-east-1"]}}},
          {"Sid":"NoTrail","Effect":"Deny","Action":["cloudtrail:StopLogging","cloudtrail:DeleteTrail"],"Resource":"*"},
          {"Sid":"NoLeave","Effect":"Deny","Action":"organizations:LeaveOrganization","Resource":"*"}
        ]}"#,
    )
    .unwrap();
    let bucket = Policy::parse(
        "corp-data",
        PolicyKind::Resource,
        r#"{"Version":"2012-10-17","Statement":[
          {"Sid":"TLS","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::corp-data","arn:aws:s3:::corp-data/*"],"Condition":{"Bool":{"aws:SecureTransport":"false"}}},
          {"Sid":"Org","Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::corp-data/public/*","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-abc123"}}}
        ]}"#,
    )
    .unwrap();
    let mut principal = Principal::from_arn("arn:aws:iam::111122223333:user/alice").unwrap();
    principal.tags.insert("team".into(), "data".into());
    let mut ctx = Context::new();
    ctx.set("aws:RequestedRegion", "eu-west-1");
    ctx.set("aws:SecureTransport", "true");
    ctx.set("aws:PrincipalOrgID", "o-abc123");
    ctx.set("s3:prefix", "home/alice/reports");
    let requests: Vec<Request> = [
        ("s3:GetObject", "arn:aws:s3:::corp-data/home/alice/x.csv"),
        ("s3:GetObject", "arn:aws:s3:::corp-data/home/bob/x.csv"),
        ("s3:ListBucket", "arn:aws:s3:::corp-data"),
        ("ec2:DescribeInstances", "*"),
        (
            "lambda:CreateFunction",
            "arn:aws:lambda:eu-west-1:111122223333:function:f",
        ),
        (
            "cloudtrail:StopLogging",
            "arn:aws:cloudtrail:eu-west-1:111122223333:trail/t",
        ),
        ("iam:CreateUser", "arn:aws:iam::111122223333:user/x"),
        ("iam:PassRole", "arn:aws:iam::111122223333:role/app-api"),
    ]
    .iter()
    .map(|(a, r)| Request::new(principal.clone(), a, r, ctx.clone()))
    .collect();
    let levels = vec![vec![&full], vec![&full, &guard]];
    let plain = PolicySet {
        identity: identity.iter().collect(),
        boundary: Some(&boundary),
        scps: levels.clone(),
        ..PolicySet::default()
    };
    let with_bucket = PolicySet {
        resource: Some(&bucket),
        ..plain.clone()
    };
    let mut g = c.benchmark_group("evaluate");
    g.throughput(Throughput::Elements(requests.len() as u64));
    g.bench_function("mixed_8_requests", |b| {
        b.iter(|| {
            for r in &requests {
                let set = if r.resource.starts_with("arn:aws:s3:::corp-data") {
                    &with_bucket
                } else {
                    &plain
                };
                black_box(set.evaluate(black_box(r)));
            }
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
