//! Reach queries that cannot be answered fail with a typed error instead of a guess.
#![allow(clippy::unwrap_used, reason = "test code")]

mod support;

use std::collections::BTreeMap;

use nephos_model::ResourceId;
use nephos_net::{Endpoint, NetworkModel, Protocol, ReachError, ReachQuery};
use serde_json::json;

fn query(from: Endpoint, to: Endpoint) -> ReachQuery {
    ReachQuery {
        from,
        to,
        protocol: Protocol::Tcp,
        port: Some(443),
    }
}

#[test]
fn unknown_ids_interfaceless_resources_and_internet_pairs_are_errors() {
    let mut files = BTreeMap::new();
    files.insert(
        "ec2-describe-vpcs".to_owned(),
        json!({"Vpcs": [{"VpcId": "vpc-a", "CidrBlock": "10.0.0.0/16"}]}),
    );
    let inv = support::inventory("111111111111", "us-east-1", &files);
    let model = NetworkModel::build(&inv);
    let vpc = inv.resources().first().unwrap().id.clone();

    let missing = ResourceId::new("arn:aws:ec2:us-east-1:111111111111:instance/i-nope");
    assert_eq!(
        model.reach(&query(
            Endpoint::Internet,
            Endpoint::Resource(missing.clone())
        )),
        Err(ReachError::UnknownResource(missing.to_string()))
    );
    assert_eq!(
        model.reach(&query(Endpoint::Resource(vpc.clone()), Endpoint::Internet)),
        Err(ReachError::NoInterface(vpc.to_string()))
    );
    assert_eq!(
        model.reach(&query(Endpoint::Internet, Endpoint::Internet)),
        Err(ReachError::InternetToInternet)
    );
    assert!(model.exposures().exposures.is_empty());
    assert_eq!(Endpoint::parse("Internet"), Endpoint::Internet);
}
