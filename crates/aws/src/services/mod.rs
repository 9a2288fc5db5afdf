//! One module per AWS service: the response shapes (typed, borrowed serde structs) and the import
//! of each account-data file into resources, relationships and patches. [`SOURCES`] is the
//! registry: one line per file of `docs/account-data.md`.

pub mod account;
pub mod cloudtrail;
pub mod data;
pub mod ec2_compute;
pub mod ec2_network;
pub mod ecs;
pub mod elb;
pub mod iam;
pub mod kms;
pub mod lambda;
pub mod organizations;
pub mod s3;

use nephos_model::ResourceKind;

use crate::out::{Ctx, Out};

/// Parses one file's bytes into `out`.
pub type Parser = fn(&Ctx<'_>, &[u8], &mut Out) -> serde_json::Result<()>;

/// Where a source lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// In every region folder.
    Regional,
    /// Under `us-east-1` only (global services, `ec2-describe-regions`).
    Global,
}

/// One account-data source: a `<service>-<operation>.json` file or a `<service>-<operation>/`
/// folder of per-parameter files.
#[derive(Debug, Clone, Copy)]
pub struct Source {
    /// The file stem, e.g. `ec2-describe-vpcs`; also the coverage name.
    pub name: &'static str,
    /// For per-parameter folders: the kind whose resources the parameters name. The folder is
    /// expected only where such resources exist. `None` for single files.
    pub per_parameter_of: Option<ResourceKind>,
    /// Regional or global.
    pub scope: Scope,
    /// The parser.
    pub parse: Parser,
}

impl Source {
    /// True for a `<source>/<parameter>` folder.
    pub fn is_per_parameter(&self) -> bool {
        self.per_parameter_of.is_some()
    }
}

const fn single(name: &'static str, scope: Scope, parse: Parser) -> Source {
    Source {
        name,
        per_parameter_of: None,
        scope,
        parse,
    }
}

const fn per(name: &'static str, of: ResourceKind, scope: Scope, parse: Parser) -> Source {
    Source {
        name,
        per_parameter_of: Some(of),
        scope,
        parse,
    }
}

use ResourceKind as R;
use Scope::{Global as G, Regional as Reg};

/// Every source the import reads, in the order of `docs/account-data.md`.
pub const SOURCES: &[Source] = &[
    single("ec2-describe-regions", G, account::regions),
    single("ec2-describe-vpcs", Reg, ec2_network::vpcs),
    single("ec2-describe-subnets", Reg, ec2_network::subnets),
    single("ec2-describe-route-tables", Reg, ec2_network::route_tables),
    single(
        "ec2-describe-internet-gateways",
        Reg,
        ec2_network::internet_gateways,
    ),
    single("ec2-describe-nat-gateways", Reg, ec2_network::nat_gateways),
    single(
        "ec2-describe-egress-only-internet-gateways",
        Reg,
        ec2_network::egress_only_internet_gateways,
    ),
    single(
        "ec2-describe-vpc-peering-connections",
        Reg,
        ec2_network::vpc_peering_connections,
    ),
    single(
        "ec2-describe-transit-gateways",
        Reg,
        ec2_network::transit_gateways,
    ),
    single(
        "ec2-describe-transit-gateway-attachments",
        Reg,
        ec2_network::transit_gateway_attachments,
    ),
    single(
        "ec2-describe-transit-gateway-route-tables",
        Reg,
        ec2_network::transit_gateway_route_tables,
    ),
    per(
        "ec2-search-transit-gateway-routes",
        R::TransitGatewayRouteTable,
        Reg,
        ec2_network::transit_gateway_routes,
    ),
    single(
        "ec2-describe-vpc-endpoints",
        Reg,
        ec2_network::vpc_endpoints,
    ),
    single(
        "ec2-describe-security-groups",
        Reg,
        ec2_network::security_groups,
    ),
    single("ec2-describe-network-acls", Reg, ec2_network::network_acls),
    single(
        "ec2-describe-network-interfaces",
        Reg,
        ec2_network::network_interfaces,
    ),
    single("ec2-describe-addresses", Reg, ec2_network::addresses),
    single(
        "ec2-describe-managed-prefix-lists",
        Reg,
        ec2_network::managed_prefix_lists,
    ),
    per(
        "ec2-get-managed-prefix-list-entries",
        R::PrefixList,
        Reg,
        ec2_network::prefix_list_entries,
    ),
    single("ec2-describe-flow-logs", Reg, ec2_network::flow_logs),
    single("ec2-describe-instances", Reg, ec2_compute::instances),
    single("ec2-describe-volumes", Reg, ec2_compute::volumes),
    single("ec2-describe-snapshots", Reg, ec2_compute::snapshots),
    per(
        "ec2-describe-snapshot-attribute",
        R::Snapshot,
        Reg,
        ec2_compute::snapshot_attribute,
    ),
    single("ec2-describe-images", Reg, ec2_compute::images),
    single(
        "ec2-get-ebs-encryption-by-default",
        Reg,
        ec2_compute::ebs_encryption_by_default,
    ),
    single("elbv2-describe-load-balancers", Reg, elb::load_balancers),
    per(
        "elbv2-describe-listeners",
        R::LoadBalancer,
        Reg,
        elb::listeners,
    ),
    single("elbv2-describe-target-groups", Reg, elb::target_groups),
    per(
        "elbv2-describe-target-health",
        R::TargetGroup,
        Reg,
        elb::target_health,
    ),
    single("elbv2-describe-tags", Reg, elb::elbv2_tags),
    single(
        "elb-describe-load-balancers",
        Reg,
        elb::classic_load_balancers,
    ),
    single("lambda-list-functions", Reg, lambda::functions),
    per(
        "lambda-get-policy",
        R::LambdaFunction,
        Reg,
        lambda::function_policy,
    ),
    per(
        "lambda-list-tags",
        R::LambdaFunction,
        Reg,
        lambda::function_tags,
    ),
    single(
        "lambda-list-event-source-mappings",
        Reg,
        lambda::event_source_mappings,
    ),
    single("ecs-list-clusters", Reg, ecs::arn_list),
    single("ecs-describe-clusters", Reg, ecs::clusters),
    per("ecs-list-services", R::EcsCluster, Reg, ecs::arn_list),
    per("ecs-describe-services", R::EcsCluster, Reg, ecs::services),
    per(
        "ecs-describe-task-definition",
        R::EcsService,
        Reg,
        ecs::task_definition,
    ),
    per("ecs-list-tasks", R::EcsCluster, Reg, ecs::arn_list),
    per("ecs-describe-tasks", R::EcsCluster, Reg, ecs::tasks),
    single("rds-describe-db-instances", Reg, data::db_instances),
    single("dynamodb-list-tables", Reg, data::list_only),
    per(
        "dynamodb-describe-table",
        R::DynamoDbTable,
        Reg,
        data::table,
    ),
    per(
        "dynamodb-describe-continuous-backups",
        R::DynamoDbTable,
        Reg,
        data::continuous_backups,
    ),
    per(
        "dynamodb-list-tags-of-resource",
        R::DynamoDbTable,
        Reg,
        data::table_tags,
    ),
    single("sqs-list-queues", Reg, data::queues),
    per(
        "sqs-get-queue-attributes",
        R::Queue,
        Reg,
        data::queue_attributes,
    ),
    per("sqs-list-queue-tags", R::Queue, Reg, data::queue_tags),
    single("sns-list-topics", Reg, data::topics),
    per(
        "sns-get-topic-attributes",
        R::Topic,
        Reg,
        data::topic_attributes,
    ),
    single("sns-list-subscriptions", Reg, data::subscriptions),
    per(
        "sns-list-tags-for-resource",
        R::Topic,
        Reg,
        data::topic_tags,
    ),
    single("kms-list-keys", Reg, kms::keys),
    per("kms-describe-key", R::KmsKey, Reg, kms::describe_key),
    per("kms-get-key-policy", R::KmsKey, Reg, kms::key_policy),
    per(
        "kms-get-key-rotation-status",
        R::KmsKey,
        Reg,
        kms::rotation_status,
    ),
    single("kms-list-aliases", Reg, kms::aliases),
    per("kms-list-resource-tags", R::KmsKey, Reg, kms::key_tags),
    single("cloudtrail-describe-trails", Reg, cloudtrail::trails),
    per(
        "cloudtrail-get-trail-status",
        R::Trail,
        Reg,
        cloudtrail::trail_status,
    ),
    single(
        "config-describe-configuration-recorder-status",
        Reg,
        account::config_recorder_status,
    ),
    single(
        "accessanalyzer-list-analyzers",
        Reg,
        account::access_analyzers,
    ),
    single("sts-get-caller-identity", G, account::caller_identity),
    single("iam-list-account-aliases", G, iam::account_aliases),
    single(
        "iam-get-account-authorization-details",
        G,
        iam::authorization_details,
    ),
    single("iam-get-credential-report", G, iam::credential_report),
    single("iam-get-account-password-policy", G, iam::password_policy),
    single("s3-list-buckets", G, s3::buckets),
    per("s3-get-bucket-location", R::Bucket, G, s3::location),
    per("s3-get-bucket-policy", R::Bucket, G, s3::policy),
    per("s3-get-bucket-acl", R::Bucket, G, s3::acl),
    per(
        "s3-get-public-access-block",
        R::Bucket,
        G,
        s3::public_access_block,
    ),
    per("s3-get-bucket-encryption", R::Bucket, G, s3::encryption),
    per(
        "s3-get-bucket-notification-configuration",
        R::Bucket,
        G,
        s3::notifications,
    ),
    per("s3-get-bucket-versioning", R::Bucket, G, s3::versioning),
    per("s3-get-bucket-logging", R::Bucket, G, s3::logging),
    per("s3-get-bucket-tagging", R::Bucket, G, s3::tagging),
    single(
        "s3control-get-public-access-block",
        G,
        s3::account_public_access_block,
    ),
    single(
        "organizations-describe-organization",
        G,
        organizations::describe_organization,
    ),
    single("organizations-list-accounts", G, organizations::accounts),
    single("organizations-list-roots", G, data::list_only),
    per(
        "organizations-list-organizational-units-for-parent",
        R::OrganizationAccount,
        G,
        organizations::organizational_units,
    ),
    per(
        "organizations-list-parents",
        R::OrganizationAccount,
        G,
        organizations::parents,
    ),
    single("organizations-list-policies", G, organizations::policies),
    per(
        "organizations-describe-policy",
        R::OrganizationPolicy,
        G,
        organizations::describe_policy,
    ),
    per(
        "organizations-list-targets-for-policy",
        R::OrganizationPolicy,
        G,
        organizations::policy_targets,
    ),
];

/// The source named `name` (a file stem or folder name).
pub fn source(name: &str) -> Option<&'static Source> {
    SOURCES.iter().find(|s| s.name == name)
}
