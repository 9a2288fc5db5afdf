//! Lateral moves: an internet-exposed web instance reaches a database only when the database's
//! security group admits it, with that rule as evidence.
#![allow(clippy::unwrap_used, reason = "test code")]

mod support;

use std::collections::BTreeMap;

use nephos_model::ResourceKind;
use nephos_net::NetworkModel;
use serde_json::{Value, json};

/// The shared VPC of the conformance suite (public and private subnets, internet gateway, open
/// default ACL), a public web instance, a private batch instance and a PostgreSQL database whose
/// security group has `db_ingress`.
fn files(db_ingress: Value) -> BTreeMap<String, Value> {
    let suite: Value =
        serde_json::from_str(include_str!("conformance/01-security-groups.json")).unwrap();
    let mut files: BTreeMap<String, Value> =
        serde_json::from_value(suite.get("base").cloned().unwrap()).unwrap();
    let open_egress = json!([{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]);
    files.insert(
        "ec2-describe-security-groups".into(),
        json!({"SecurityGroups": [
            {"GroupId": "sg-web", "VpcId": "vpc-a", "IpPermissionsEgress": open_egress,
             "IpPermissions": [{"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443,
                                "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]},
            {"GroupId": "sg-batch", "VpcId": "vpc-a", "IpPermissionsEgress": open_egress,
             "IpPermissions": []},
            {"GroupId": "sg-db", "VpcId": "vpc-a", "IpPermissionsEgress": [],
             "IpPermissions": db_ingress}
        ]}),
    );
    files.insert(
        "ec2-describe-instances".into(),
        json!({"Reservations": [{"Instances": [
            {"InstanceId": "i-web", "VpcId": "vpc-a", "SubnetId": "subnet-pub",
             "PrivateIpAddress": "10.0.1.10", "PublicIpAddress": "54.1.2.3",
             "SecurityGroups": [{"GroupId": "sg-web"}], "State": {"Name": "running"}},
            {"InstanceId": "i-batch", "VpcId": "vpc-a", "SubnetId": "subnet-priv",
             "PrivateIpAddress": "10.0.2.30",
             "SecurityGroups": [{"GroupId": "sg-batch"}], "State": {"Name": "running"}}
        ]}]}),
    );
    files.insert(
        "rds-describe-db-instances".into(),
        json!({"DBInstances": [{
            "DBInstanceIdentifier": "orders", "Engine": "postgres",
            "DBInstanceArn": "arn:aws:rds:us-east-1:111111111111:db:orders",
            "PubliclyAccessible": false,
            "DBSubnetGroup": {"VpcId": "vpc-a", "Subnets": [{"SubnetIdentifier": "subnet-priv"}]},
            "VpcSecurityGroups": [{"VpcSecurityGroupId": "sg-db"}],
            "Endpoint": {"Port": 5432}
        }]}),
    );
    files
}

/// `(from, target)` for every move from the exposed resources.
fn moves_from_exposed(files: &BTreeMap<String, Value>) -> Vec<(String, nephos_net::LateralTarget)> {
    let inv = support::inventory("111111111111", "us-east-1", files);
    let model = NetworkModel::build(&inv);
    let exposed: Vec<nephos_model::ResourceId> = model
        .exposures()
        .exposures
        .iter()
        .map(|e| nephos_model::ResourceId::new(e.resource.as_str()))
        .collect();
    assert_eq!(
        exposed.len(),
        1,
        "only the web instance is exposed: {exposed:?}"
    );
    let mut out = Vec::new();
    for g in model.lateral_moves(exposed.iter(), 32) {
        for from in &g.from {
            out.extend(g.targets_of(from).map(|t| (from.clone(), t.clone())));
        }
    }
    out
}

#[test]
fn web_instance_reaches_the_database_its_security_group_admits() {
    let moves = moves_from_exposed(&files(json!([{
        "IpProtocol": "tcp", "FromPort": 5432, "ToPort": 5432,
        "UserIdGroupPairs": [{"GroupId": "sg-web"}]
    }])));
    let to_db: Vec<_> = moves
        .iter()
        .filter(|(_, m)| m.to_kind == ResourceKind::DbInstance)
        .collect();
    assert_eq!(to_db.len(), 1, "{moves:#?}");
    let (from, m) = to_db[0];
    assert!(from.ends_with("i-web"), "{from}");
    assert!(m.to.ends_with("db:orders"), "{m:?}");
    assert_eq!(m.ports, vec![[5432, 5432]]);
    assert!(
        m.rules.iter().any(|r| r.contains("sg-db#ingress/0")),
        "the database's rule is the evidence: {m:?}"
    );
    // The batch instance admits nothing: no move to it.
    assert!(
        moves.iter().all(|(_, m)| !m.to.ends_with("i-batch")),
        "{moves:#?}"
    );
}

#[test]
fn no_move_without_the_rule() {
    let moves = moves_from_exposed(&files(json!([])));
    assert!(moves.is_empty(), "{moves:#?}");
    // A rule for another group does not admit the web instance either.
    let moves = moves_from_exposed(&files(json!([{
        "IpProtocol": "tcp", "FromPort": 5432, "ToPort": 5432,
        "UserIdGroupPairs": [{"GroupId": "sg-batch"}]
    }])));
    assert!(moves.is_empty(), "{moves:#?}");
}
