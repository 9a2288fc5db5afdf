//! Data stores and keys: RDS, DynamoDB, SQS, SNS, KMS, S3 (with collected / not configured / not
//! collected semantics).

mod common;

use common::{A, assert_rel, ec2, estate, res};
use nephos_model::{Properties, RelationshipKind as K};

const R: &str = "eu-west-1";
const KEY: &str = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const FN: &str = "arn:aws:lambda:eu-west-1:111122223333:function:processor";
const Q: &str = "arn:aws:sqs:eu-west-1:111122223333:orders";

#[test]
fn rds_instances() {
    let inv = &estate().inventory;
    let db = format!("arn:aws:rds:{R}:{A}:db:orders-db");
    let r = res(inv, &db);
    assert_eq!(r.tags.get("team").map(String::as_str), Some("orders"));
    let Properties::DbInstance(p) = &r.props else {
        panic!()
    };
    assert!(!p.publicly_accessible && p.storage_encrypted && p.deletion_protection);
    assert_eq!(p.port, Some(5432));
    assert_eq!(p.vpc_id.as_deref(), Some("vpc-0a1"));
    assert_rel(inv, &ec2(R, A, "subnet", "subnet-0db"), K::Contains, &db);
    assert_rel(
        inv,
        &db,
        K::AttachedTo,
        &ec2(R, A, "security-group", "sg-db"),
    );
    assert_rel(inv, &db, K::EncryptedBy, KEY);
}

#[test]
fn dynamodb_tables() {
    let inv = &estate().inventory;
    let t = format!("arn:aws:dynamodb:{R}:{A}:table/orders");
    let r = res(inv, &t);
    assert_eq!(r.tags.get("team").map(String::as_str), Some("orders"));
    let Properties::DynamoDbTable(p) = &r.props else {
        panic!()
    };
    assert_eq!(p.point_in_time_recovery, Some(true));
    assert_eq!(p.sse_type.as_deref(), Some("KMS"));
    assert_eq!(p.item_count, 12);
    assert_rel(inv, &t, K::EncryptedBy, KEY);
}

#[test]
fn sqs_queues_with_alias_resolved_key() {
    let inv = &estate().inventory;
    let q = res(inv, Q);
    assert_eq!(q.tags.get("team").map(String::as_str), Some("orders"));
    let Properties::Queue(p) = &q.props else {
        panic!()
    };
    assert!(p.attributes_collected);
    assert!(
        p.policy
            .as_deref()
            .is_some_and(|d| d.contains("sqs:SendMessage"))
    );
    assert_eq!(p.kms_master_key_id.as_deref(), Some("alias/app"));
    assert_eq!(
        p.dead_letter_target_arn.as_deref(),
        Some("arn:aws:sqs:eu-west-1:111122223333:orders-dlq")
    );
    assert_eq!(
        p.url,
        "https://sqs.eu-west-1.amazonaws.com/111122223333/orders"
    );
    // `alias/app` resolves to the key's ARN through kms-list-aliases
    assert_rel(inv, Q, K::EncryptedBy, KEY);
    let Properties::Queue(dlq) = &res(inv, "arn:aws:sqs:eu-west-1:111122223333:orders-dlq").props
    else {
        panic!()
    };
    assert!(!dlq.attributes_collected);
}

#[test]
fn sns_topics_subscriptions() {
    let inv = &estate().inventory;
    let topic = format!("arn:aws:sns:{R}:{A}:alerts");
    let t = res(inv, &topic);
    assert_eq!(t.name, "alerts");
    assert_eq!(t.tags.get("team").map(String::as_str), Some("ops"));
    let Properties::Topic(p) = &t.props else {
        panic!()
    };
    assert!(p.attributes_collected);
    assert!(
        p.policy
            .as_deref()
            .is_some_and(|d| d.contains("SNS:Publish"))
    );
    assert_eq!(p.subscriptions.len(), 3);
    assert_rel(inv, &topic, K::Triggers, FN);
    assert_rel(inv, &topic, K::Triggers, Q);
    assert_eq!(
        inv.relationships()
            .iter()
            .filter(|r| r.from.as_str() == topic && r.kind == K::Triggers)
            .count(),
        2,
        "e-mail endpoints are not resources"
    );
}

#[test]
fn kms_keys() {
    let inv = &estate().inventory;
    let k = res(inv, KEY);
    assert_eq!(k.name, "alias/app", "a key is named by its first alias");
    assert_eq!(k.tags.get("team").map(String::as_str), Some("security"));
    let Properties::KmsKey(p) = &k.props else {
        panic!()
    };
    assert_eq!(
        (
            p.key_manager.as_str(),
            p.key_state.as_str(),
            p.key_spec.as_str()
        ),
        ("CUSTOMER", "Enabled", "SYMMETRIC_DEFAULT")
    );
    assert_eq!(p.rotation_enabled, Some(true));
    assert_eq!(p.aliases, vec!["alias/app".to_owned()]);
    assert!(p.policy.as_deref().is_some_and(|d| d.contains("kms:*")));
}

#[test]
fn s3_buckets_collected_not_configured_and_not_collected() {
    let inv = &estate().inventory;
    let bucket = |name: &str| {
        let r = res(inv, &format!("arn:aws:s3:::{name}"));
        let Properties::Bucket(b) = &r.props else {
            panic!()
        };
        (r, b.as_ref().clone())
    };
    let (logs_r, logs) = bucket("prod-logs");
    assert_eq!(logs_r.region.as_deref(), Some("eu-west-1"));
    assert_eq!(logs_r.account, A);
    assert_eq!(
        logs_r.name, "prod-logs",
        "the bucket name, not the Name tag"
    );
    assert_eq!(logs.policy, Some(None), "`{{}}`: collected, no policy");
    assert_eq!(
        logs.public_access_block.map(|b| b.map(|b| b.all_blocked())),
        Some(Some(true))
    );
    assert_eq!(
        logs.encryption
            .as_ref()
            .map(|e| e[0].sse_algorithm.as_str()),
        Some("aws:kms")
    );
    assert_eq!(logs.versioning.as_deref(), Some("Enabled"));
    assert_eq!(logs.mfa_delete, Some(false));
    assert_eq!(logs.notifications, Some(vec![]));
    assert_eq!(logs.owner_id.as_deref(), Some("canonical-owner-id"));
    assert_eq!(
        logs_r.tags.get("team").map(String::as_str),
        Some("security")
    );
    assert_rel(inv, "arn:aws:s3:::prod-logs", K::EncryptedBy, KEY);

    let (site_r, site) = bucket("public-site");
    assert_eq!(
        site_r.region.as_deref(),
        Some("us-east-1"),
        "a null LocationConstraint is us-east-1"
    );
    assert!(
        site.policy
            .as_ref()
            .and_then(|p| p.as_deref())
            .is_some_and(|p| p.contains("\"Principal\":\"*\""))
    );
    assert_eq!(
        site.public_access_block,
        Some(None),
        "`{{}}`: collected, not configured"
    );
    assert_eq!(
        site.encryption,
        Some(vec![]),
        "`{{}}`: collected, no default encryption rule"
    );
    assert_eq!(site.versioning, None);
    assert_eq!(site.mfa_delete, Some(false));
    let grants = site.acl_grants.expect("acl collected");
    assert!(grants.iter().any(|g| g.grantee_uri.as_deref()
        == Some("http://acs.amazonaws.com/groups/global/AllUsers")
        && g.permission == "READ"));
    assert_eq!(site.logging_target.as_deref(), Some("prod-logs"));
    assert_rel(
        inv,
        "arn:aws:s3:::public-site",
        K::LogsTo,
        "arn:aws:s3:::prod-logs",
    );
    let notes = site.notifications.expect("notifications collected");
    assert_eq!(notes.len(), 2);
    assert_rel(inv, "arn:aws:s3:::public-site", K::Triggers, FN);
    assert_rel(inv, "arn:aws:s3:::public-site", K::Triggers, Q);

    let (locked_r, locked) = bucket("locked");
    assert_eq!(
        locked_r.region.as_deref(),
        Some("eu-west-1"),
        "`EU` is eu-west-1"
    );
    assert_eq!(locked.policy, None, "access denied: not collected");
    assert_eq!(locked.acl_grants, None);
    assert_eq!(locked.encryption, None);
    assert_rel(
        inv,
        &format!("arn:aws:iam::{A}:root"),
        K::Contains,
        "arn:aws:s3:::locked",
    );
}
