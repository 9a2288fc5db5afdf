//! Resource kinds, named with AWS Config / CloudFormation resource type names.
//!
//! Where AWS defines no type name, nephos uses the same `AWS::<Service>::<Type>` shape and documents
//! the choice here (each such kind says "nephos name" in its doc). The full table is in
//! `docs/resource-kinds.md`, generated from [`ResourceKind::ALL`] and tested to stay in sync.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

macro_rules! kinds {
    ($( $(#[$doc:meta])* $variant:ident => $name:literal, )*) => {
        /// The type of a resource.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[non_exhaustive]
        pub enum ResourceKind {
            $( $(#[$doc])* $variant, )*
        }

        impl ResourceKind {
            /// Every kind, in declaration order.
            pub const ALL: &'static [ResourceKind] = &[ $( ResourceKind::$variant, )* ];

            /// The type name, e.g. `AWS::EC2::Instance`.
            pub const fn as_str(self) -> &'static str {
                match self { $( ResourceKind::$variant => $name, )* }
            }
        }

        impl FromStr for ResourceKind {
            type Err = UnknownKind;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $( $name => Ok(ResourceKind::$variant), )*
                    _ => Err(UnknownKind(s.to_owned())),
                }
            }
        }
    };
}

kinds! {
    /// An AWS account (AWS Config uses `AWS::::Account` for account-level evaluations).
    Account => "AWS::::Account",
    /// A region of an account (nephos name): the container of regional resources.
    Region => "AWS::::Region",
    /// A VPC.
    Vpc => "AWS::EC2::VPC",
    /// A subnet.
    Subnet => "AWS::EC2::Subnet",
    /// A route table.
    RouteTable => "AWS::EC2::RouteTable",
    /// An internet gateway.
    InternetGateway => "AWS::EC2::InternetGateway",
    /// A NAT gateway.
    NatGateway => "AWS::EC2::NatGateway",
    /// An egress-only internet gateway (IPv6).
    EgressOnlyInternetGateway => "AWS::EC2::EgressOnlyInternetGateway",
    /// A VPC peering connection.
    VpcPeeringConnection => "AWS::EC2::VPCPeeringConnection",
    /// A transit gateway.
    TransitGateway => "AWS::EC2::TransitGateway",
    /// A transit gateway attachment (VPC, VPN, peering, Direct Connect gateway).
    TransitGatewayAttachment => "AWS::EC2::TransitGatewayAttachment",
    /// A transit gateway route table.
    TransitGatewayRouteTable => "AWS::EC2::TransitGatewayRouteTable",
    /// A VPC endpoint (gateway, interface or Gateway Load Balancer).
    VpcEndpoint => "AWS::EC2::VPCEndpoint",
    /// A security group.
    SecurityGroup => "AWS::EC2::SecurityGroup",
    /// A network ACL.
    NetworkAcl => "AWS::EC2::NetworkAcl",
    /// An elastic network interface.
    NetworkInterface => "AWS::EC2::NetworkInterface",
    /// An Elastic IP address.
    ElasticIp => "AWS::EC2::EIP",
    /// A customer-managed prefix list.
    PrefixList => "AWS::EC2::PrefixList",
    /// A VPC flow log.
    FlowLog => "AWS::EC2::FlowLog",
    /// An EC2 instance.
    Instance => "AWS::EC2::Instance",
    /// An EBS volume.
    Volume => "AWS::EC2::Volume",
    /// An EBS snapshot (nephos name; AWS Config has none).
    Snapshot => "AWS::EC2::Snapshot",
    /// An AMI (nephos name; AWS Config has none).
    Image => "AWS::EC2::Image",
    /// An Application, Network or Gateway Load Balancer.
    LoadBalancer => "AWS::ElasticLoadBalancingV2::LoadBalancer",
    /// An ELBv2 listener.
    Listener => "AWS::ElasticLoadBalancingV2::Listener",
    /// An ELBv2 target group.
    TargetGroup => "AWS::ElasticLoadBalancingV2::TargetGroup",
    /// A Classic Load Balancer.
    ClassicLoadBalancer => "AWS::ElasticLoadBalancing::LoadBalancer",
    /// A Lambda function (its resource policy is a property).
    LambdaFunction => "AWS::Lambda::Function",
    /// A Lambda event source mapping.
    EventSourceMapping => "AWS::Lambda::EventSourceMapping",
    /// An ECS cluster.
    EcsCluster => "AWS::ECS::Cluster",
    /// An ECS service.
    EcsService => "AWS::ECS::Service",
    /// An ECS task definition (one revision).
    EcsTaskDefinition => "AWS::ECS::TaskDefinition",
    /// A running ECS task (nephos name; AWS Config has none).
    EcsTask => "AWS::ECS::Task",
    /// An RDS DB instance.
    DbInstance => "AWS::RDS::DBInstance",
    /// An S3 bucket (policy, ACL, public access block, encryption and notifications are properties).
    Bucket => "AWS::S3::Bucket",
    /// A DynamoDB table.
    DynamoDbTable => "AWS::DynamoDB::Table",
    /// An SQS queue.
    Queue => "AWS::SQS::Queue",
    /// An SNS topic.
    Topic => "AWS::SNS::Topic",
    /// A KMS key.
    KmsKey => "AWS::KMS::Key",
    /// An IAM user.
    IamUser => "AWS::IAM::User",
    /// An IAM group.
    IamGroup => "AWS::IAM::Group",
    /// An IAM role.
    IamRole => "AWS::IAM::Role",
    /// An IAM managed policy, customer- or AWS-managed (AWS Config's `AWS::IAM::Policy`).
    IamPolicy => "AWS::IAM::Policy",
    /// An IAM instance profile.
    InstanceProfile => "AWS::IAM::InstanceProfile",
    /// A CloudTrail trail.
    Trail => "AWS::CloudTrail::Trail",
    /// An account as a member of an AWS Organization.
    OrganizationAccount => "AWS::Organizations::Account",
    /// An organizational unit.
    OrganizationalUnit => "AWS::Organizations::OrganizationalUnit",
    /// An Organizations policy: service control policy or resource control policy.
    OrganizationPolicy => "AWS::Organizations::Policy",
}

impl ResourceKind {
    /// True for kinds that hold or move data a breach would expose (used by risk and architectures).
    pub const fn is_data_store(self) -> bool {
        matches!(
            self,
            Self::Bucket
                | Self::DynamoDbTable
                | Self::DbInstance
                | Self::Queue
                | Self::Topic
                | Self::KmsKey
        )
    }

    /// True for kinds that run code (and so can act with a role's permissions).
    pub const fn is_compute(self) -> bool {
        matches!(
            self,
            Self::Instance | Self::LambdaFunction | Self::EcsTask | Self::EcsService
        )
    }

    /// True for IAM principals.
    pub const fn is_principal(self) -> bool {
        matches!(self, Self::IamUser | Self::IamRole | Self::IamGroup)
    }
}

/// A type name nephos does not know.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown resource kind `{0}`; `nephos kinds` lists the known ones")]
pub struct UnknownKind(pub String);

impl fmt::Display for ResourceKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for ResourceKind {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for ResourceKind {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for k in ResourceKind::ALL {
            assert!(seen.insert(k.as_str()), "duplicate {k}");
            assert_eq!(k.as_str().parse::<ResourceKind>().unwrap(), *k);
            assert!(k.as_str().starts_with("AWS::"));
        }
        assert!("AWS::EC2::Nope".parse::<ResourceKind>().is_err());
    }
}
