//! Elastic Load Balancing v2 (ALB/NLB/GWLB): load balancers, listeners, target groups, target health
//! and tags, as `elbv2-*` files.

use aws_sdk_elasticloadbalancingv2::Client;
use aws_sdk_elasticloadbalancingv2::types as t;
use serde_json::Value;

use crate::ctx::{Ctx, pages};
use crate::json::obj;

const SVC: &str = "elbv2";

/// Every ELBv2 read of one region.
pub(crate) async fn collect(cx: &Ctx) {
    let c = Client::new(&cx.sdk);
    let (lbs, tgs) = tokio::join!(load_balancers(cx, &c), target_groups(cx, &c));
    let mut arns = lbs.clone();
    arns.extend(tgs.iter().cloned());
    tokio::join!(
        listeners(cx, &c, &lbs),
        health(cx, &c, &tgs),
        tags(cx, &c, &arns)
    );
}

async fn load_balancers(cx: &Ctx, c: &Client) -> Vec<String> {
    let op = "describe-load-balancers";
    let Some(p) = pages!(
        cx,
        SVC,
        op,
        None,
        c.describe_load_balancers().into_paginator().send()
    ) else {
        return Vec::new();
    };
    let items: Vec<&t::LoadBalancer> = p.iter().flat_map(|x| x.load_balancers()).collect();
    let v = obj()
        .l("LoadBalancers", &items, |x| {
            obj()
                .s("LoadBalancerArn", x.load_balancer_arn())
                .s("DNSName", x.dns_name())
                .s("CanonicalHostedZoneId", x.canonical_hosted_zone_id())
                .t("CreatedTime", x.created_time())
                .s("LoadBalancerName", x.load_balancer_name())
                .e("Scheme", x.scheme())
                .s("VpcId", x.vpc_id())
                .o("State", x.state(), |s| {
                    obj().e("Code", s.code()).s("Reason", s.reason()).done()
                })
                .e("Type", x.r#type())
                .l("AvailabilityZones", x.availability_zones(), |z| {
                    obj()
                        .s("ZoneName", z.zone_name())
                        .s("SubnetId", z.subnet_id())
                        .s("OutpostId", z.outpost_id())
                        .l("LoadBalancerAddresses", z.load_balancer_addresses(), |a| {
                            obj()
                                .s("IpAddress", a.ip_address())
                                .s("AllocationId", a.allocation_id())
                                .s("PrivateIPv4Address", a.private_ipv4_address())
                                .done()
                        })
                        .done()
                })
                .ls("SecurityGroups", x.security_groups())
                .e("IpAddressType", x.ip_address_type())
                .done()
        })
        .done();
    cx.write(SVC, op, None, &v);
    items
        .iter()
        .filter_map(|x| x.load_balancer_arn().map(str::to_owned))
        .collect()
}

fn action(a: &t::Action) -> Value {
    obj()
        .e("Type", a.r#type())
        .s("TargetGroupArn", a.target_group_arn())
        .i("Order", a.order())
        .o("RedirectConfig", a.redirect_config(), |r| {
            obj()
                .s("Protocol", r.protocol())
                .s("Port", r.port())
                .s("Host", r.host())
                .s("Path", r.path())
                .s("Query", r.query())
                .e("StatusCode", r.status_code())
                .done()
        })
        .o("FixedResponseConfig", a.fixed_response_config(), |f| {
            obj()
                .s("MessageBody", f.message_body())
                .s("StatusCode", f.status_code())
                .s("ContentType", f.content_type())
                .done()
        })
        .o("ForwardConfig", a.forward_config(), |f| {
            obj()
                .l("TargetGroups", f.target_groups(), |g| {
                    obj()
                        .s("TargetGroupArn", g.target_group_arn())
                        .i("Weight", g.weight())
                        .done()
                })
                .done()
        })
        .o(
            "AuthenticateOidcConfig",
            a.authenticate_oidc_config(),
            |o| {
                obj()
                    .s("Issuer", o.issuer())
                    .s("ClientId", o.client_id())
                    .done()
            },
        )
        .o(
            "AuthenticateCognitoConfig",
            a.authenticate_cognito_config(),
            |o| {
                obj()
                    .s("UserPoolArn", o.user_pool_arn())
                    .s("UserPoolClientId", o.user_pool_client_id())
                    .done()
            },
        )
        .done()
}

async fn listeners(cx: &Ctx, c: &Client, lbs: &[String]) {
    for lb in lbs {
        let op = "describe-listeners";
        let Some(p) = pages!(
            cx,
            SVC,
            op,
            Some(lb.as_str()),
            c.describe_listeners()
                .load_balancer_arn(lb)
                .into_paginator()
                .send()
        ) else {
            continue;
        };
        let items: Vec<&t::Listener> = p.iter().flat_map(|x| x.listeners()).collect();
        let v = obj()
            .l("Listeners", &items, |x| {
                obj()
                    .s("ListenerArn", x.listener_arn())
                    .s("LoadBalancerArn", x.load_balancer_arn())
                    .i("Port", x.port())
                    .e("Protocol", x.protocol())
                    .l("Certificates", x.certificates(), |cert| {
                        obj()
                            .s("CertificateArn", cert.certificate_arn())
                            .b("IsDefault", cert.is_default())
                            .done()
                    })
                    .s("SslPolicy", x.ssl_policy())
                    .l("DefaultActions", x.default_actions(), action)
                    .ls("AlpnPolicy", x.alpn_policy())
                    .done()
            })
            .done();
        cx.write(SVC, op, Some(lb), &v);
    }
}

async fn target_groups(cx: &Ctx, c: &Client) -> Vec<String> {
    let op = "describe-target-groups";
    let Some(p) = pages!(
        cx,
        SVC,
        op,
        None,
        c.describe_target_groups().into_paginator().send()
    ) else {
        return Vec::new();
    };
    let items: Vec<&t::TargetGroup> = p.iter().flat_map(|x| x.target_groups()).collect();
    let v = obj()
        .l("TargetGroups", &items, |x| {
            obj()
                .s("TargetGroupArn", x.target_group_arn())
                .s("TargetGroupName", x.target_group_name())
                .e("Protocol", x.protocol())
                .i("Port", x.port())
                .s("VpcId", x.vpc_id())
                .e("HealthCheckProtocol", x.health_check_protocol())
                .s("HealthCheckPort", x.health_check_port())
                .b("HealthCheckEnabled", x.health_check_enabled())
                .s("HealthCheckPath", x.health_check_path())
                .ls("LoadBalancerArns", x.load_balancer_arns())
                .e("TargetType", x.target_type())
                .s("ProtocolVersion", x.protocol_version())
                .e("IpAddressType", x.ip_address_type())
                .done()
        })
        .done();
    cx.write(SVC, op, None, &v);
    items
        .iter()
        .filter_map(|x| x.target_group_arn().map(str::to_owned))
        .collect()
}

async fn health(cx: &Ctx, c: &Client, tgs: &[String]) {
    for tg in tgs {
        let op = "describe-target-health";
        let Some(out) = cx
            .one(
                SVC,
                op,
                Some(tg),
                &[],
                c.describe_target_health().target_group_arn(tg).send(),
            )
            .await
        else {
            continue;
        };
        let v = obj()
            .l(
                "TargetHealthDescriptions",
                out.target_health_descriptions(),
                |d| {
                    obj()
                        .o("Target", d.target(), |x| {
                            obj()
                                .s("Id", x.id())
                                .i("Port", x.port())
                                .s("AvailabilityZone", x.availability_zone())
                                .done()
                        })
                        .s("HealthCheckPort", d.health_check_port())
                        .o("TargetHealth", d.target_health(), |h| {
                            obj()
                                .e("State", h.state())
                                .e("Reason", h.reason())
                                .s("Description", h.description())
                                .done()
                        })
                        .done()
                },
            )
            .done();
        cx.write(SVC, op, Some(tg), &v);
    }
}

/// Tags of every load balancer and target group, 20 ARNs per call (the API's limit), merged.
async fn tags(cx: &Ctx, c: &Client, arns: &[String]) {
    let op = "describe-tags";
    let mut all = Vec::new();
    for chunk in arns.chunks(20) {
        let Some(out) = cx
            .one(
                SVC,
                op,
                None,
                &[],
                c.describe_tags()
                    .set_resource_arns(Some(chunk.to_vec()))
                    .send(),
            )
            .await
        else {
            return;
        };
        all.extend(out.tag_descriptions().iter().cloned());
    }
    let v = obj()
        .l("TagDescriptions", &all, |d| {
            obj()
                .s("ResourceArn", d.resource_arn())
                .l("Tags", d.tags(), |x| {
                    obj().s("Key", x.key()).s("Value", x.value()).done()
                })
                .done()
        })
        .done();
    cx.write(SVC, op, None, &v);
}
