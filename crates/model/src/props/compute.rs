//! Compute and load balancing: instances, volumes, images, load balancers, Lambda, ECS.

use std::net::{Ipv4Addr, Ipv6Addr};

use serde::{Deserialize, Serialize};

use super::PolicyDocument;
use crate::Timestamp;

/// Instance metadata service settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct MetadataOptions {
    /// `required` (IMDSv2 only) or `optional` (IMDSv1 allowed).
    pub http_tokens: String,
    /// `enabled` or `disabled`.
    pub http_endpoint: String,
    /// Hop limit for PUT responses.
    pub http_put_response_hop_limit: Option<i32>,
}

impl MetadataOptions {
    /// True when IMDSv1 can be used: the endpoint is on and tokens are optional.
    pub fn allows_imdsv1(&self) -> bool {
        !self.http_endpoint.eq_ignore_ascii_case("disabled")
            && !self.http_tokens.eq_ignore_ascii_case("required")
    }
}

/// `AWS::EC2::Instance`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct InstanceProps {
    /// `i-…`.
    pub instance_id: String,
    /// e.g. `t3.micro`.
    pub instance_type: String,
    /// `ami-…`.
    pub image_id: String,
    /// `running`, `stopped`, …
    pub state: String,
    /// `vpc-…`.
    pub vpc_id: Option<String>,
    /// `subnet-…`.
    pub subnet_id: Option<String>,
    /// e.g. `eu-west-1a`.
    pub availability_zone: Option<String>,
    /// Primary private address.
    pub private_ip: Option<Ipv4Addr>,
    /// Public address (auto-assigned or EIP).
    pub public_ip: Option<Ipv4Addr>,
    /// IPv6 addresses of all interfaces.
    pub ipv6_addresses: Vec<Ipv6Addr>,
    /// `sg-…` of all interfaces.
    pub security_group_ids: Vec<String>,
    /// `eni-…`.
    pub network_interface_ids: Vec<String>,
    /// Instance profile ARN.
    pub iam_instance_profile_arn: Option<String>,
    /// IMDS settings.
    pub metadata_options: MetadataOptions,
    /// Launch time.
    pub launch_time: Option<Timestamp>,
    /// `windows` or `None` (Linux/UNIX).
    pub platform: Option<String>,
    /// SSH key pair name.
    pub key_name: Option<String>,
    /// Detailed monitoring enabled.
    pub monitoring_enabled: bool,
    /// EBS volumes attached (`vol-…`).
    pub volume_ids: Vec<String>,
}

/// `AWS::EC2::Volume`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct VolumeProps {
    /// `vol-…`.
    pub volume_id: String,
    /// GiB.
    pub size_gib: i64,
    /// `gp3`, `io2`, …
    pub volume_type: String,
    /// Encrypted at rest.
    pub encrypted: bool,
    /// KMS key ARN or id.
    pub kms_key_id: Option<String>,
    /// `in-use`, `available`, …
    pub state: String,
    /// e.g. `eu-west-1a`.
    pub availability_zone: String,
    /// Instances it is attached to (`i-…`).
    pub attached_instance_ids: Vec<String>,
    /// The snapshot it was created from.
    pub snapshot_id: Option<String>,
}

/// `AWS::EC2::Snapshot`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct SnapshotProps {
    /// `snap-…`.
    pub snapshot_id: String,
    /// Source volume.
    pub volume_id: Option<String>,
    /// Encrypted.
    pub encrypted: bool,
    /// KMS key.
    pub kms_key_id: Option<String>,
    /// Owning account.
    pub owner_id: String,
    /// `createVolumePermission` includes group `all`; `None` when the attribute was not collected.
    pub public: Option<bool>,
    /// Accounts granted create-volume permission.
    pub shared_with_accounts: Vec<String>,
    /// GiB.
    pub volume_size_gib: i64,
}

/// `AWS::EC2::Image`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ImageProps {
    /// `ami-…`.
    pub image_id: String,
    /// Owning account.
    pub owner_id: String,
    /// Launch permission for everyone.
    pub public: bool,
    /// `available`, …
    pub state: String,
    /// Snapshots backing it.
    pub snapshot_ids: Vec<String>,
    /// Whether all backing EBS snapshots are encrypted.
    pub encrypted: bool,
}

/// `AWS::ElasticLoadBalancingV2::LoadBalancer`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct LoadBalancerProps {
    /// `application`, `network` or `gateway`.
    pub lb_type: String,
    /// `internet-facing` or `internal`.
    pub scheme: String,
    /// `vpc-…`.
    pub vpc_id: Option<String>,
    /// Subnets it has nodes in.
    pub subnet_ids: Vec<String>,
    /// AZs it has nodes in.
    pub availability_zones: Vec<String>,
    /// `sg-…` (ALB, and NLB when set).
    pub security_group_ids: Vec<String>,
    /// DNS name.
    pub dns_name: String,
    /// `ipv4`, `dualstack`, …
    pub ip_address_type: String,
    /// `active`, …
    pub state: String,
}

impl LoadBalancerProps {
    /// True for `internet-facing`.
    pub fn internet_facing(&self) -> bool {
        self.scheme.eq_ignore_ascii_case("internet-facing")
    }
}

/// One action of a listener or rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ListenerAction {
    /// `forward`, `redirect`, `fixed-response`, `authenticate-oidc`, `authenticate-cognito`.
    pub action_type: String,
    /// Target groups it forwards to.
    pub target_group_arns: Vec<String>,
}

/// `AWS::ElasticLoadBalancingV2::Listener`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ListenerProps {
    /// The load balancer.
    pub load_balancer_arn: String,
    /// Port it listens on.
    pub port: Option<u16>,
    /// `HTTP`, `HTTPS`, `TCP`, `TLS`, `UDP`, `TCP_UDP`, `GENEVE`.
    pub protocol: String,
    /// Default actions.
    pub default_actions: Vec<ListenerAction>,
    /// TLS policy name.
    pub ssl_policy: Option<String>,
}

/// One registered target.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Target {
    /// `i-…`, an IP address, a Lambda ARN or an ALB ARN.
    pub id: String,
    /// Port traffic is sent to (the group's port when absent).
    pub port: Option<u16>,
    /// `healthy`, `unhealthy`, `unused`, …
    pub health: Option<String>,
}

/// `AWS::ElasticLoadBalancingV2::TargetGroup`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct TargetGroupProps {
    /// `instance`, `ip`, `lambda` or `alb`.
    pub target_type: String,
    /// Protocol.
    pub protocol: Option<String>,
    /// Default port.
    pub port: Option<u16>,
    /// `vpc-…`.
    pub vpc_id: Option<String>,
    /// Load balancers that use it.
    pub load_balancer_arns: Vec<String>,
    /// Registered targets (from DescribeTargetHealth).
    pub targets: Vec<Target>,
    /// Whether targets were collected.
    pub targets_collected: bool,
}

/// One listener of a classic load balancer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ClassicListener {
    /// Front-end protocol.
    pub protocol: String,
    /// Front-end port.
    pub load_balancer_port: u16,
    /// Back-end protocol.
    pub instance_protocol: String,
    /// Back-end port.
    pub instance_port: u16,
}

/// `AWS::ElasticLoadBalancing::LoadBalancer`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ClassicLoadBalancerProps {
    /// `internet-facing` or `internal`.
    pub scheme: String,
    /// `vpc-…`.
    pub vpc_id: Option<String>,
    /// Subnets.
    pub subnet_ids: Vec<String>,
    /// `sg-…`.
    pub security_group_ids: Vec<String>,
    /// Listeners.
    pub listeners: Vec<ClassicListener>,
    /// Registered instances (`i-…`).
    pub instance_ids: Vec<String>,
    /// DNS name.
    pub dns_name: String,
}

/// A function's VPC attachment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct LambdaVpcConfig {
    /// `vpc-…`.
    pub vpc_id: String,
    /// Subnets.
    pub subnet_ids: Vec<String>,
    /// `sg-…`.
    pub security_group_ids: Vec<String>,
}

/// `AWS::Lambda::Function`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct LambdaFunctionProps {
    /// e.g. `python3.12`; `None` for container images.
    pub runtime: Option<String>,
    /// Handler.
    pub handler: Option<String>,
    /// Execution role ARN.
    pub role_arn: String,
    /// VPC attachment, when the function is in a VPC.
    pub vpc_config: Option<LambdaVpcConfig>,
    /// The resource-based policy (GetPolicy), when collected.
    pub policy: Option<PolicyDocument>,
    /// Environment variable names (values are not kept: they may hold secrets).
    pub environment_keys: Vec<String>,
    /// KMS key for environment variables.
    pub kms_key_arn: Option<String>,
    /// `Zip` or `Image`.
    pub package_type: String,
    /// Memory in MB.
    pub memory_size: Option<i64>,
    /// Timeout in seconds.
    pub timeout: Option<i64>,
    /// Last modified.
    pub last_modified: Option<Timestamp>,
    /// Layer ARNs.
    pub layers: Vec<String>,
}

/// `AWS::Lambda::EventSourceMapping`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct EventSourceMappingProps {
    /// `UUID`.
    pub uuid: String,
    /// The function.
    pub function_arn: String,
    /// The queue, stream or table it reads.
    pub event_source_arn: Option<String>,
    /// `Enabled`, `Disabled`, …
    pub state: String,
}

/// `AWS::ECS::Cluster`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct EcsClusterProps {
    /// `ACTIVE`, …
    pub status: String,
    /// Container Insights enabled.
    pub container_insights: bool,
    /// Running task count.
    pub running_tasks_count: i64,
}

/// awsvpc network configuration of a service or task.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct AwsVpcConfiguration {
    /// Subnets.
    pub subnet_ids: Vec<String>,
    /// `sg-…`.
    pub security_group_ids: Vec<String>,
    /// `assignPublicIp` is `ENABLED`.
    pub assign_public_ip: bool,
}

/// A load balancer binding of an ECS service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct EcsLoadBalancer {
    /// ELBv2 target group.
    pub target_group_arn: Option<String>,
    /// Classic load balancer name.
    pub load_balancer_name: Option<String>,
    /// Container.
    pub container_name: Option<String>,
    /// Container port.
    pub container_port: Option<u16>,
}

/// `AWS::ECS::Service`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct EcsServiceProps {
    /// The cluster.
    pub cluster_arn: String,
    /// The task definition.
    pub task_definition_arn: String,
    /// `FARGATE`, `EC2`, `EXTERNAL`.
    pub launch_type: Option<String>,
    /// awsvpc configuration.
    pub network: Option<AwsVpcConfiguration>,
    /// Load balancers.
    pub load_balancers: Vec<EcsLoadBalancer>,
    /// Desired count.
    pub desired_count: i64,
    /// `ACTIVE`, …
    pub status: String,
}

/// A container of a task definition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ContainerDefinition {
    /// Name.
    pub name: String,
    /// Image.
    pub image: String,
    /// Runs privileged.
    pub privileged: bool,
    /// Read-only root filesystem.
    pub readonly_root_filesystem: bool,
    /// User it runs as.
    pub user: Option<String>,
    /// (container port, host port, protocol).
    pub port_mappings: Vec<(u16, Option<u16>, String)>,
    /// Environment variable names (values are not kept).
    pub environment_keys: Vec<String>,
}

/// `AWS::ECS::TaskDefinition`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct EcsTaskDefinitionProps {
    /// Family.
    pub family: String,
    /// Revision.
    pub revision: i64,
    /// Task role.
    pub task_role_arn: Option<String>,
    /// Execution role.
    pub execution_role_arn: Option<String>,
    /// `awsvpc`, `bridge`, `host`, `none`.
    pub network_mode: Option<String>,
    /// Containers.
    pub containers: Vec<ContainerDefinition>,
    /// `FARGATE`, `EC2`.
    pub requires_compatibilities: Vec<String>,
}

/// `AWS::ECS::Task`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct EcsTaskProps {
    /// The cluster.
    pub cluster_arn: String,
    /// The task definition.
    pub task_definition_arn: String,
    /// `FARGATE`, `EC2`.
    pub launch_type: Option<String>,
    /// `RUNNING`, …
    pub last_status: String,
    /// `service:<name>` for service tasks.
    pub group: Option<String>,
    /// awsvpc interface (`eni-…`).
    pub network_interface_id: Option<String>,
    /// awsvpc subnet.
    pub subnet_id: Option<String>,
    /// awsvpc private address.
    pub private_ip: Option<Ipv4Addr>,
    /// Container instance for the EC2 launch type.
    pub container_instance_arn: Option<String>,
}
