//! Typed, kind-specific configuration of resources.
//!
//! Each kind with configuration that an analysis reads has a struct here; [`Properties`] holds one.
//! Fields keep AWS's meanings, parsed (CIDRs as [`ipnet`] networks, times as [`crate::Timestamp`]).
//! References to other resources are kept as the AWS API gives them (`sg-…`, `subnet-…`, ARNs);
//! the import also turns them into [`crate::Relationship`]s with resolved ids. Policy documents are
//! kept as JSON text, URL-decoded; the IAM engine parses them.
//!
//! Modules: [`network`] (VPC plumbing and firewalls), [`compute`] (instances, load balancers,
//! Lambda, ECS), [`data`] (stores and keys), [`identity`] (IAM, Organizations, accounts, trails).

pub mod compute;
pub mod data;
pub mod identity;
pub mod network;

use serde::{Deserialize, Serialize};

pub use compute::*;
pub use data::*;
pub use identity::*;
pub use network::*;

/// A policy document as JSON text (URL-decoded).
pub type PolicyDocument = String;

/// Kind-specific configuration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(tag = "type", rename_all = "snake_case")]
#[non_exhaustive]
#[allow(
    missing_docs,
    reason = "each variant is named after the struct it holds"
)]
pub enum Properties {
    /// No kind-specific configuration (regions, kinds nephos reads only the identity of).
    #[default]
    None,
    Account(Box<AccountProps>),
    Vpc(VpcProps),
    Subnet(SubnetProps),
    RouteTable(RouteTableProps),
    InternetGateway(GatewayAttachmentProps),
    EgressOnlyInternetGateway(GatewayAttachmentProps),
    NatGateway(NatGatewayProps),
    VpcPeeringConnection(VpcPeeringProps),
    TransitGateway(TransitGatewayProps),
    TransitGatewayAttachment(TransitGatewayAttachmentProps),
    TransitGatewayRouteTable(TransitGatewayRouteTableProps),
    VpcEndpoint(VpcEndpointProps),
    SecurityGroup(SecurityGroupProps),
    NetworkAcl(NetworkAclProps),
    NetworkInterface(NetworkInterfaceProps),
    ElasticIp(ElasticIpProps),
    PrefixList(PrefixListProps),
    FlowLog(FlowLogProps),
    Instance(Box<InstanceProps>),
    Volume(VolumeProps),
    Snapshot(SnapshotProps),
    Image(ImageProps),
    LoadBalancer(LoadBalancerProps),
    Listener(ListenerProps),
    TargetGroup(TargetGroupProps),
    ClassicLoadBalancer(ClassicLoadBalancerProps),
    LambdaFunction(Box<LambdaFunctionProps>),
    EventSourceMapping(EventSourceMappingProps),
    EcsCluster(EcsClusterProps),
    EcsService(EcsServiceProps),
    EcsTaskDefinition(EcsTaskDefinitionProps),
    EcsTask(EcsTaskProps),
    DbInstance(Box<DbInstanceProps>),
    Bucket(Box<BucketProps>),
    DynamoDbTable(DynamoDbTableProps),
    Queue(QueueProps),
    Topic(TopicProps),
    KmsKey(KmsKeyProps),
    IamUser(Box<IamUserProps>),
    IamGroup(IamGroupProps),
    IamRole(Box<IamRoleProps>),
    IamPolicy(IamPolicyProps),
    InstanceProfile(InstanceProfileProps),
    Trail(TrailProps),
    OrganizationAccount(OrganizationAccountProps),
    OrganizationalUnit(OrganizationalUnitProps),
    OrganizationPolicy(OrganizationPolicyProps),
}
