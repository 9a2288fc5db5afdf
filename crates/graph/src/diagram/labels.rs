//! How resources are named on a diagram: a short kind label and a category (which picks the
//! colour of the kind mark).

use nephos_model::{ResourceId, ResourceKind};
use serde::Serialize;

/// What a drawn resource is, broadly (it picks the colour).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// Runs code.
    Compute,
    /// Holds data, or a key.
    Data,
    /// Network plumbing and load balancing.
    Network,
    /// IAM.
    Identity,
    /// Where requests come from: the internet, APIs, event rules.
    Entry,
    /// Anything else.
    Other,
}

/// The short label of a kind, as a cloud engineer would write it on a box.
pub fn kind_label(kind: ResourceKind) -> &'static str {
    use ResourceKind as K;
    match kind {
        K::Account => "Account",
        K::Region => "Region",
        K::Vpc => "VPC",
        K::Subnet => "Subnet",
        K::RouteTable => "Route table",
        K::InternetGateway => "Internet gateway",
        K::NatGateway => "NAT gateway",
        K::EgressOnlyInternetGateway => "Egress-only IGW",
        K::VpcPeeringConnection => "Peering",
        K::TransitGateway => "Transit gateway",
        K::TransitGatewayAttachment => "TGW attachment",
        K::TransitGatewayRouteTable => "TGW route table",
        K::VpcEndpoint => "VPC endpoint",
        K::SecurityGroup => "Security group",
        K::NetworkAcl => "Network ACL",
        K::NetworkInterface => "ENI",
        K::ElasticIp => "Elastic IP",
        K::PrefixList => "Prefix list",
        K::FlowLog => "Flow log",
        K::Instance => "EC2 instance",
        K::Volume => "EBS volume",
        K::Snapshot => "EBS snapshot",
        K::Image => "AMI",
        K::LoadBalancer => "Load balancer",
        K::Listener => "Listener",
        K::TargetGroup => "Target group",
        K::ClassicLoadBalancer => "Classic LB",
        K::LambdaFunction => "Lambda",
        K::EventSourceMapping => "Event source mapping",
        K::EcsCluster => "ECS cluster",
        K::EcsService => "ECS service",
        K::EcsTaskDefinition => "Task definition",
        K::EcsTask => "ECS task",
        K::DbInstance => "RDS",
        K::Bucket => "S3 bucket",
        K::DynamoDbTable => "DynamoDB table",
        K::Queue => "SQS queue",
        K::Topic => "SNS topic",
        K::KmsKey => "KMS key",
        K::IamUser => "IAM user",
        K::IamGroup => "IAM group",
        K::IamRole => "IAM role",
        K::IamPolicy => "IAM policy",
        K::InstanceProfile => "Instance profile",
        K::Trail => "CloudTrail",
        K::OrganizationAccount => "Org account",
        K::OrganizationalUnit => "Org unit",
        K::OrganizationPolicy => "SCP / RCP",
        _ => "Resource",
    }
}

/// The category of a kind.
pub fn category(kind: ResourceKind) -> Category {
    use ResourceKind as K;
    if kind.is_compute()
        || matches!(
            kind,
            K::EcsCluster | K::EcsTaskDefinition | K::EventSourceMapping
        )
    {
        Category::Compute
    } else if kind.is_data_store() || matches!(kind, K::Volume | K::Snapshot | K::Trail) {
        Category::Data
    } else if kind.is_principal() || matches!(kind, K::IamPolicy | K::InstanceProfile) {
        Category::Identity
    } else if matches!(
        kind,
        K::Account | K::Region | K::OrganizationAccount | K::Image
    ) {
        Category::Other
    } else {
        Category::Network
    }
}

/// Label and category of an id the estate does not hold, from its ARN.
pub fn placeholder_label(id: &ResourceId) -> (&'static str, Category) {
    if id.as_str() == crate::derive::trust::ANYONE {
        return ("Anyone", Category::Entry);
    }
    if id.as_str().ends_with(".amazonaws.com") || id.as_str().ends_with(".amazonaws.com.cn") {
        // A service principal of a trust policy (`lambda.amazonaws.com`).
        return ("AWS service", Category::Other);
    }
    let Some(p) = id.arn_parts() else {
        return ("External", Category::Other);
    };
    match (p.service, p.resource) {
        ("execute-api", _) => ("API Gateway", Category::Entry),
        ("events", _) => ("EventBridge rule", Category::Entry),
        ("iam", "root") => ("AWS account", Category::Identity),
        ("iam", r) if r.starts_with("role/") => ("IAM role", Category::Identity),
        ("iam", r) if r.starts_with("user/") => ("IAM user", Category::Identity),
        ("ec2", r) if r.starts_with("vpc/") => ("VPC", Category::Network),
        ("ec2", r) if r.starts_with("subnet/") => ("Subnet", Category::Network),
        ("kinesis", _) => ("Kinesis stream", Category::Data),
        ("lambda", _) => ("Lambda", Category::Compute),
        ("sqs", _) => ("SQS queue", Category::Data),
        ("sns", _) => ("SNS topic", Category::Data),
        ("s3", _) => ("S3 bucket", Category::Data),
        _ => ("External", Category::Other),
    }
}
