//! RDS: `rds-describe-db-instances.json` (with `TagList`).

use aws_sdk_rds::Client;
use aws_sdk_rds::types as t;

use crate::ctx::{Ctx, pages};
use crate::json::obj;

const SVC: &str = "rds";

/// Every RDS read of one region.
pub(crate) async fn collect(cx: &Ctx) {
    let c = Client::new(&cx.sdk);
    let op = "describe-db-instances";
    let Some(p) = pages!(
        cx,
        SVC,
        op,
        None,
        c.describe_db_instances().into_paginator().send()
    ) else {
        return;
    };
    let items: Vec<&t::DbInstance> = p.iter().flat_map(|x| x.db_instances()).collect();
    let v = obj()
        .l("DBInstances", &items, |x| {
            obj()
                .s("DBInstanceIdentifier", x.db_instance_identifier())
                .s("DBInstanceClass", x.db_instance_class())
                .s("Engine", x.engine())
                .s("DBInstanceStatus", x.db_instance_status())
                .s("MasterUsername", x.master_username())
                .s("DBName", x.db_name())
                .o("Endpoint", x.endpoint(), |e| {
                    obj()
                        .s("Address", e.address())
                        .i("Port", e.port())
                        .s("HostedZoneId", e.hosted_zone_id())
                        .done()
                })
                .i("AllocatedStorage", x.allocated_storage())
                .t("InstanceCreateTime", x.instance_create_time())
                .i("BackupRetentionPeriod", x.backup_retention_period())
                .l("VpcSecurityGroups", x.vpc_security_groups(), |g| {
                    obj()
                        .s("VpcSecurityGroupId", g.vpc_security_group_id())
                        .s("Status", g.status())
                        .done()
                })
                .l("DBParameterGroups", x.db_parameter_groups(), |g| {
                    obj()
                        .s("DBParameterGroupName", g.db_parameter_group_name())
                        .s("ParameterApplyStatus", g.parameter_apply_status())
                        .done()
                })
                .s("AvailabilityZone", x.availability_zone())
                .o("DBSubnetGroup", x.db_subnet_group(), |g| {
                    obj()
                        .s("DBSubnetGroupName", g.db_subnet_group_name())
                        .s("DBSubnetGroupDescription", g.db_subnet_group_description())
                        .s("VpcId", g.vpc_id())
                        .s("SubnetGroupStatus", g.subnet_group_status())
                        .l("Subnets", g.subnets(), |s| {
                            obj()
                                .s("SubnetIdentifier", s.subnet_identifier())
                                .o(
                                    "SubnetAvailabilityZone",
                                    s.subnet_availability_zone(),
                                    |z| obj().s("Name", z.name()).done(),
                                )
                                .s("SubnetStatus", s.subnet_status())
                                .done()
                        })
                        .done()
                })
                .b("MultiAZ", x.multi_az())
                .s("EngineVersion", x.engine_version())
                .b("AutoMinorVersionUpgrade", x.auto_minor_version_upgrade())
                .s(
                    "ReadReplicaSourceDBInstanceIdentifier",
                    x.read_replica_source_db_instance_identifier(),
                )
                .ls(
                    "ReadReplicaDBInstanceIdentifiers",
                    x.read_replica_db_instance_identifiers(),
                )
                .s("LicenseModel", x.license_model())
                .b("PubliclyAccessible", x.publicly_accessible())
                .s("StorageType", x.storage_type())
                .i("DbInstancePort", x.db_instance_port())
                .s("DBClusterIdentifier", x.db_cluster_identifier())
                .b("StorageEncrypted", x.storage_encrypted())
                .s("KmsKeyId", x.kms_key_id())
                .s("DbiResourceId", x.dbi_resource_id())
                .s("CACertificateIdentifier", x.ca_certificate_identifier())
                .b("CopyTagsToSnapshot", x.copy_tags_to_snapshot())
                .i("MonitoringInterval", x.monitoring_interval())
                .s("DBInstanceArn", x.db_instance_arn())
                .b(
                    "IAMDatabaseAuthenticationEnabled",
                    x.iam_database_authentication_enabled(),
                )
                .b(
                    "PerformanceInsightsEnabled",
                    x.performance_insights_enabled(),
                )
                .ls(
                    "EnabledCloudwatchLogsExports",
                    x.enabled_cloudwatch_logs_exports(),
                )
                .b("DeletionProtection", x.deletion_protection())
                .l("TagList", x.tag_list(), |g| {
                    obj().s("Key", g.key()).s("Value", g.value()).done()
                })
                .done()
        })
        .done();
    cx.write(SVC, op, None, &v);
}
