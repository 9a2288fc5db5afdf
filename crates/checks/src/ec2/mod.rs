//! EC2 checks: security groups and network ACLs open to the internet, instance metadata, instance
//! roles, EBS encryption and public or shared snapshots and images.

pub mod ec2_ebs_default_encryption_enabled;
pub mod ec2_image_not_public;
pub mod ec2_instance_imdsv2_required;
pub mod ec2_instance_no_public_ip;
pub mod ec2_instance_profile_attached;
pub mod ec2_instance_role_not_admin;
pub mod ec2_networkacl_no_admin_ports_from_internet;
pub mod ec2_securitygroup_default_restricts_all;
pub mod ec2_securitygroup_no_admin_ports_ipv4;
pub mod ec2_securitygroup_no_admin_ports_ipv6;
pub mod ec2_securitygroup_no_all_traffic_from_internet;
pub mod ec2_securitygroup_no_cassandra_from_internet;
pub mod ec2_securitygroup_no_docker_from_internet;
pub mod ec2_securitygroup_no_elasticsearch_from_internet;
pub mod ec2_securitygroup_no_ftp_from_internet;
pub mod ec2_securitygroup_no_kafka_from_internet;
pub mod ec2_securitygroup_no_kubernetes_from_internet;
pub mod ec2_securitygroup_no_ldap_from_internet;
pub mod ec2_securitygroup_no_memcached_from_internet;
pub mod ec2_securitygroup_no_mongodb_from_internet;
pub mod ec2_securitygroup_no_msrpc_from_internet;
pub mod ec2_securitygroup_no_mssql_from_internet;
pub mod ec2_securitygroup_no_mysql_from_internet;
pub mod ec2_securitygroup_no_oracle_from_internet;
pub mod ec2_securitygroup_no_postgresql_from_internet;
pub mod ec2_securitygroup_no_redis_from_internet;
pub mod ec2_securitygroup_no_smb_from_internet;
pub mod ec2_securitygroup_no_telnet_from_internet;
pub mod ec2_securitygroup_no_vnc_from_internet;
pub mod ec2_securitygroup_no_winrm_from_internet;
pub mod ec2_snapshot_encrypted;
pub mod ec2_snapshot_not_public;
pub mod ec2_snapshot_shared_with_known_accounts;
pub mod ec2_volume_encrypted;

use nephos_model::props::InstanceProps;
use nephos_model::{Properties, Resource};

/// Instances that exist (not terminated or being terminated), with their properties.
pub fn live_instances<'a>(
    ctx: &'a crate::context::Context,
) -> impl Iterator<Item = (&'a Resource, &'a InstanceProps)> + 'a {
    ctx.of_kind(nephos_model::ResourceKind::Instance)
        .iter()
        .filter_map(|r| match &r.props {
            Properties::Instance(p)
                if !matches!(p.state.as_str(), "terminated" | "shutting-down") =>
            {
                Some((*r, p.as_ref()))
            }
            _ => None,
        })
}

#[cfg(test)]
pub(crate) mod fixtures {
    use nephos_model::props::{InstanceProps, MetadataOptions};
    use nephos_model::{Properties, Resource, ResourceKind};

    use crate::testutil;

    /// A running instance; adjust its properties with `f`.
    pub fn instance(id: &str, f: impl FnOnce(&mut InstanceProps)) -> Resource {
        let mut p = InstanceProps {
            instance_id: id.into(),
            state: "running".into(),
            metadata_options: MetadataOptions {
                http_tokens: "required".into(),
                http_endpoint: "enabled".into(),
                http_put_response_hop_limit: Some(1),
            },
            ..Default::default()
        };
        f(&mut p);
        testutil::ec2(
            ResourceKind::Instance,
            "instance",
            id,
            Properties::Instance(Box::new(p)),
        )
    }
}

#[cfg(test)]
pub(crate) mod open_port_fixtures {
    use nephos_model::props::IpProtocol;

    use crate::context::Context;
    use crate::finding::{Finding, Status};
    use crate::testutil::*;

    /// The shared test of every "port open to the internet" check: IPv4 and IPv6 world sources on
    /// the check's last port fail; a private source and another world-open port pass.
    pub fn fails_world_open_port_passes_private_source(
        run: fn(&Context, &mut Vec<Finding>),
        ports: &[u16],
        protocols: &[IpProtocol],
    ) {
        let port = i32::from(ports[ports.len() - 1]);
        let proto = protocols[0];
        let f = run_check(
            run,
            vec![
                security_group(
                    "sg-open4",
                    "open4",
                    vec![rule(proto, port, port, "0.0.0.0/0")],
                    vec![],
                ),
                security_group(
                    "sg-open6",
                    "open6",
                    vec![rule(proto, port - 1, port + 1, "::/0")],
                    vec![],
                ),
                security_group(
                    "sg-private",
                    "private",
                    vec![rule(proto, port, port, "10.0.0.0/8")],
                    vec![],
                ),
                security_group(
                    "sg-other",
                    "other",
                    vec![rule(IpProtocol::Tcp, 443, 443, "0.0.0.0/0")],
                    vec![],
                ),
            ],
        );
        assert_eq!(status_of(&f, "sg-open4"), Some(Status::Fail));
        assert_eq!(status_of(&f, "sg-open6"), Some(Status::Fail));
        assert_eq!(status_of(&f, "sg-private"), Some(Status::Pass));
        assert_eq!(status_of(&f, "sg-other"), Some(Status::Pass));
    }
}
