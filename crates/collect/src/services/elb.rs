//! Classic Elastic Load Balancing: `elb-describe-load-balancers.json`.

use aws_sdk_elasticloadbalancing::Client;
use aws_sdk_elasticloadbalancing::types as t;

use crate::ctx::{Ctx, pages};
use crate::json::obj;

const SVC: &str = "elb";

/// Every classic ELB read of one region.
pub(crate) async fn collect(cx: &Ctx) {
    let c = Client::new(&cx.sdk);
    let op = "describe-load-balancers";
    let Some(p) = pages!(
        cx,
        SVC,
        op,
        None,
        c.describe_load_balancers().into_paginator().send()
    ) else {
        return;
    };
    let items: Vec<&t::LoadBalancerDescription> = p
        .iter()
        .flat_map(|x| x.load_balancer_descriptions())
        .collect();
    let v = obj()
        .l("LoadBalancerDescriptions", &items, |x| {
            obj()
                .s("LoadBalancerName", x.load_balancer_name())
                .s("DNSName", x.dns_name())
                .s("CanonicalHostedZoneName", x.canonical_hosted_zone_name())
                .s(
                    "CanonicalHostedZoneNameID",
                    x.canonical_hosted_zone_name_id(),
                )
                .l("ListenerDescriptions", x.listener_descriptions(), |d| {
                    obj()
                        .o("Listener", d.listener(), |l| {
                            obj()
                                .s("Protocol", Some(l.protocol()))
                                .i("LoadBalancerPort", Some(l.load_balancer_port()))
                                .s("InstanceProtocol", l.instance_protocol())
                                .i("InstancePort", Some(l.instance_port()))
                                .s("SSLCertificateId", l.ssl_certificate_id())
                                .done()
                        })
                        .ls("PolicyNames", d.policy_names())
                        .done()
                })
                .l(
                    "BackendServerDescriptions",
                    x.backend_server_descriptions(),
                    |b| {
                        obj()
                            .i("InstancePort", b.instance_port())
                            .ls("PolicyNames", b.policy_names())
                            .done()
                    },
                )
                .ls("AvailabilityZones", x.availability_zones())
                .ls("Subnets", x.subnets())
                .s("VPCId", x.vpc_id())
                .l("Instances", x.instances(), |i| {
                    obj().s("InstanceId", i.instance_id()).done()
                })
                .o("SourceSecurityGroup", x.source_security_group(), |g| {
                    obj()
                        .s("OwnerAlias", g.owner_alias())
                        .s("GroupName", g.group_name())
                        .done()
                })
                .ls("SecurityGroups", x.security_groups())
                .t("CreatedTime", x.created_time())
                .s("Scheme", x.scheme())
                .done()
        })
        .done();
    cx.write(SVC, op, None, &v);
}
