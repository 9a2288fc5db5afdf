//! A small builder of inventories, shaped like what the AWS import emits: ARNs as ids, typed
//! props, and declared relationships with API-field evidence.

#![allow(dead_code, missing_docs)]
#![expect(
    clippy::expect_used,
    reason = "test fixtures: a literal that does not parse is a bug in the test"
)]

use nephos_model::props::*;
use nephos_model::{
    Inventory, Properties, Relationship, RelationshipKind, Resource, ResourceId, ResourceKind,
};

pub const ACCOUNT: &str = "111111111111";
pub const REGION: &str = "eu-west-1";

pub struct Estate {
    pub inv: Inventory,
    pub account: String,
    pub region: String,
}

impl Default for Estate {
    fn default() -> Self {
        Self::new()
    }
}

impl Estate {
    pub fn new() -> Self {
        let mut e = Self {
            inv: Inventory::new("test"),
            account: ACCOUNT.into(),
            region: REGION.into(),
        };
        e.in_account(ACCOUNT, REGION);
        e
    }

    /// Switches to (and creates) an account and region.
    pub fn in_account(&mut self, account: &str, region: &str) {
        self.account = account.into();
        self.region = region.into();
        let acct = ResourceId::account(account);
        if self.inv.get(&acct).is_none() {
            self.inv.insert(Resource::new(
                acct.clone(),
                ResourceKind::Account,
                account,
                None,
                account,
            ));
        }
        let reg = ResourceId::region(account, region);
        if self.inv.get(&reg).is_none() {
            self.inv.insert(Resource::new(
                reg.clone(),
                ResourceKind::Region,
                account,
                Some(region.into()),
                region,
            ));
            self.relate(&acct, RelationshipKind::Contains, &reg, "account regions");
        }
    }

    pub fn region_id(&self) -> ResourceId {
        ResourceId::region(&self.account, &self.region)
    }

    pub fn add(
        &mut self,
        id: ResourceId,
        kind: ResourceKind,
        name: &str,
        props: Properties,
    ) -> ResourceId {
        let global = matches!(
            kind,
            ResourceKind::IamRole
                | ResourceKind::IamPolicy
                | ResourceKind::IamUser
                | ResourceKind::InstanceProfile
                | ResourceKind::Bucket
        );
        let region = (!global).then(|| self.region.clone());
        let mut r = Resource::new(id.clone(), kind, self.account.clone(), region, name);
        r.props = props;
        self.inv.insert(r);
        id
    }

    pub fn relate(
        &mut self,
        from: &ResourceId,
        kind: RelationshipKind,
        to: &ResourceId,
        evidence: &str,
    ) {
        self.inv
            .relate(Relationship::new(from.clone(), kind, to.clone(), evidence));
    }

    pub fn tag(&mut self, id: &ResourceId, key: &str, value: &str) {
        if let Some(r) = self.inv.get_mut(id) {
            r.tags.insert(key.into(), value.into());
        }
    }

    pub fn ec2(&self, ty: &str, id: &str) -> ResourceId {
        ResourceId::ec2(&self.region, &self.account, ty, id)
    }

    pub fn vpc(&mut self, id: &str) -> ResourceId {
        let vpc = self.ec2("vpc", id);
        self.add(
            vpc.clone(),
            ResourceKind::Vpc,
            id,
            Properties::Vpc(VpcProps {
                state: "available".into(),
                ..Default::default()
            }),
        );
        let region = self.region_id();
        self.relate(
            &region,
            RelationshipKind::Contains,
            &vpc,
            "ec2:DescribeVpcs Vpcs[]",
        );
        vpc
    }

    pub fn subnet(&mut self, vpc: &ResourceId, id: &str, az: &str) -> ResourceId {
        let subnet = self.ec2("subnet", id);
        self.add(
            subnet.clone(),
            ResourceKind::Subnet,
            id,
            Properties::Subnet(SubnetProps {
                vpc_id: vpc.short().into(),
                availability_zone: az.into(),
                ..Default::default()
            }),
        );
        self.relate(
            vpc,
            RelationshipKind::Contains,
            &subnet,
            "ec2:DescribeSubnets Subnets[].VpcId",
        );
        subnet
    }

    pub fn security_group(&mut self, vpc: &ResourceId, id: &str) -> ResourceId {
        let sg = self.ec2("security-group", id);
        self.add(
            sg.clone(),
            ResourceKind::SecurityGroup,
            id,
            Properties::SecurityGroup(SecurityGroupProps {
                group_id: id.into(),
                vpc_id: Some(vpc.short().into()),
                ..Default::default()
            }),
        );
        self.relate(
            vpc,
            RelationshipKind::Contains,
            &sg,
            "ec2:DescribeSecurityGroups SecurityGroups[].VpcId",
        );
        sg
    }

    pub fn internet_gateway(&mut self, vpc: &ResourceId, id: &str) -> ResourceId {
        let igw = self.ec2("internet-gateway", id);
        self.add(
            igw.clone(),
            ResourceKind::InternetGateway,
            id,
            Properties::InternetGateway(GatewayAttachmentProps {
                attached_vpcs: vec![vpc.short().into()],
            }),
        );
        self.relate(
            &igw,
            RelationshipKind::AttachedTo,
            vpc,
            "ec2:DescribeInternetGateways InternetGateways[].Attachments[].VpcId",
        );
        igw
    }

    /// An instance in a subnet with an interface, optionally running with a role through a profile.
    pub fn instance(
        &mut self,
        subnet: &ResourceId,
        id: &str,
        role: Option<&ResourceId>,
    ) -> ResourceId {
        let eni = self.ec2("network-interface", &format!("eni-{id}"));
        self.add(
            eni.clone(),
            ResourceKind::NetworkInterface,
            &format!("eni-{id}"),
            Properties::NetworkInterface(NetworkInterfaceProps {
                interface_id: format!("eni-{id}"),
                subnet_id: subnet.short().into(),
                ..Default::default()
            }),
        );
        self.relate(
            subnet,
            RelationshipKind::Contains,
            &eni,
            "ec2:DescribeNetworkInterfaces NetworkInterfaces[].SubnetId",
        );
        let inst = self.ec2("instance", id);
        self.add(
            inst.clone(),
            ResourceKind::Instance,
            id,
            Properties::Instance(Box::new(InstanceProps {
                instance_id: id.into(),
                subnet_id: Some(subnet.short().into()),
                state: "running".into(),
                ..Default::default()
            })),
        );
        self.relate(
            &eni,
            RelationshipKind::Contains,
            &inst,
            "ec2:DescribeInstances Instances[].NetworkInterfaces[].NetworkInterfaceId",
        );
        if let Some(role) = role {
            let profile = ResourceId::new(format!(
                "arn:aws:iam::{}:instance-profile/{}",
                self.account,
                role.short()
            ));
            if self.inv.get(&profile).is_none() {
                self.add(
                    profile.clone(),
                    ResourceKind::InstanceProfile,
                    role.short(),
                    Properties::None,
                );
                self.relate(
                    &profile,
                    RelationshipKind::UsesRole,
                    role,
                    "iam:ListInstanceProfiles InstanceProfiles[].Roles[].Arn",
                );
            }
            self.relate(
                &inst,
                RelationshipKind::UsesRole,
                &profile,
                "ec2:DescribeInstances Instances[].IamInstanceProfile.Arn",
            );
        }
        inst
    }

    /// A role trusted by `service` with one inline policy (`policy` may be empty).
    pub fn role(&mut self, name: &str, policy: &str) -> ResourceId {
        let id = ResourceId::new(format!("arn:aws:iam::{}:role/{name}", self.account));
        let inline = if policy.is_empty() {
            vec![]
        } else {
            vec![InlinePolicy {
                name: format!("{name}-policy"),
                document: policy.into(),
            }]
        };
        self.add(
            id.clone(),
            ResourceKind::IamRole,
            name,
            Properties::IamRole(Box::new(IamRoleProps {
                trust_policy: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#.into(),
                inline_policies: inline,
                ..Default::default()
            })),
        )
    }

    pub fn set_trust(&mut self, role: &ResourceId, trust: &str) {
        if let Some(Properties::IamRole(p)) = self.inv.get_mut(role).map(|r| &mut r.props) {
            p.trust_policy = trust.into();
        }
    }

    pub fn attach_policy(&mut self, role: &ResourceId, policy: &ResourceId) {
        if let Some(Properties::IamRole(p)) = self.inv.get_mut(role).map(|r| &mut r.props) {
            p.attached_policy_arns.push(policy.as_str().into());
        }
        self.relate(
            role,
            RelationshipKind::HasPolicy,
            policy,
            "iam:ListAttachedRolePolicies AttachedPolicies[].PolicyArn",
        );
    }

    pub fn managed_policy(&mut self, name: &str, document: &str) -> ResourceId {
        let id = ResourceId::new(format!("arn:aws:iam::{}:policy/{name}", self.account));
        self.add(
            id.clone(),
            ResourceKind::IamPolicy,
            name,
            Properties::IamPolicy(IamPolicyProps::with_default_document(document)),
        )
    }

    pub fn lambda(&mut self, name: &str, role: &ResourceId, subnets: &[&ResourceId]) -> ResourceId {
        let id = ResourceId::new(format!(
            "arn:aws:lambda:{}:{}:function:{name}",
            self.region, self.account
        ));
        let vpc_config = (!subnets.is_empty()).then(|| LambdaVpcConfig {
            vpc_id: "vpc-x".into(),
            subnet_ids: subnets.iter().map(|s| s.short().to_owned()).collect(),
            security_group_ids: vec![],
        });
        self.add(
            id.clone(),
            ResourceKind::LambdaFunction,
            name,
            Properties::LambdaFunction(Box::new(LambdaFunctionProps {
                role_arn: role.as_str().into(),
                vpc_config,
                package_type: "Zip".into(),
                ..Default::default()
            })),
        );
        self.relate(
            &id,
            RelationshipKind::UsesRole,
            role,
            "lambda:ListFunctions Functions[].Role",
        );
        id
    }

    pub fn set_function_policy(&mut self, function: &ResourceId, policy: &str) {
        if let Some(Properties::LambdaFunction(p)) =
            self.inv.get_mut(function).map(|r| &mut r.props)
        {
            p.policy = Some(policy.into());
        }
    }

    pub fn bucket(&mut self, name: &str) -> ResourceId {
        let id = ResourceId::new(format!("arn:aws:s3:::{name}"));
        self.add(
            id.clone(),
            ResourceKind::Bucket,
            name,
            Properties::Bucket(Box::default()),
        )
    }

    pub fn notify(&mut self, bucket: &ResourceId, function: &ResourceId) {
        if let Some(Properties::Bucket(b)) = self.inv.get_mut(bucket).map(|r| &mut r.props) {
            b.notifications
                .get_or_insert_with(Vec::new)
                .push(BucketNotification {
                    destination_type: "lambda".into(),
                    destination_arn: function.as_str().into(),
                    events: vec!["s3:ObjectCreated:*".into()],
                });
        }
    }

    pub fn queue(&mut self, name: &str) -> ResourceId {
        let id = ResourceId::new(format!(
            "arn:aws:sqs:{}:{}:{name}",
            self.region, self.account
        ));
        self.add(
            id.clone(),
            ResourceKind::Queue,
            name,
            Properties::Queue(QueueProps::default()),
        )
    }

    pub fn kms_key(&mut self, key: &str) -> ResourceId {
        let id = ResourceId::new(format!(
            "arn:aws:kms:{}:{}:key/{key}",
            self.region, self.account
        ));
        self.add(
            id.clone(),
            ResourceKind::KmsKey,
            key,
            Properties::KmsKey(KmsKeyProps {
                key_id: key.into(),
                ..Default::default()
            }),
        )
    }

    pub fn encrypt(&mut self, what: &ResourceId, key: &ResourceId) {
        self.relate(what, RelationshipKind::EncryptedBy, key, "kms key id");
    }

    pub fn peering(
        &mut self,
        id: &str,
        a: &ResourceId,
        b: &ResourceId,
        status: &str,
    ) -> ResourceId {
        let pcx = self.ec2("vpc-peering-connection", id);
        self.add(
            pcx.clone(),
            ResourceKind::VpcPeeringConnection,
            id,
            Properties::VpcPeeringConnection(VpcPeeringProps {
                status: status.into(),
                ..Default::default()
            }),
        );
        self.relate(
            &pcx,
            RelationshipKind::Connects,
            a,
            "ec2:DescribeVpcPeeringConnections VpcPeeringConnections[].RequesterVpcInfo.VpcId",
        );
        self.relate(
            &pcx,
            RelationshipKind::Connects,
            b,
            "ec2:DescribeVpcPeeringConnections VpcPeeringConnections[].AccepterVpcInfo.VpcId",
        );
        pcx
    }

    pub fn ecs_cluster(&mut self, name: &str) -> ResourceId {
        let id = ResourceId::new(format!(
            "arn:aws:ecs:{}:{}:cluster/{name}",
            self.region, self.account
        ));
        self.add(
            id.clone(),
            ResourceKind::EcsCluster,
            name,
            Properties::EcsCluster(EcsClusterProps::default()),
        )
    }

    /// A service with a task definition running with `role`, and one running task (awsvpc in
    /// `subnet` when given).
    pub fn ecs_service(
        &mut self,
        cluster: &ResourceId,
        name: &str,
        role: &ResourceId,
        subnet: Option<&ResourceId>,
    ) -> ResourceId {
        let cname = cluster.short().to_owned();
        let td = ResourceId::new(format!(
            "arn:aws:ecs:{}:{}:task-definition/{name}:1",
            self.region, self.account
        ));
        self.add(
            td.clone(),
            ResourceKind::EcsTaskDefinition,
            name,
            Properties::EcsTaskDefinition(EcsTaskDefinitionProps {
                family: name.into(),
                revision: 1,
                task_role_arn: Some(role.as_str().into()),
                ..Default::default()
            }),
        );
        self.relate(
            &td,
            RelationshipKind::UsesRole,
            role,
            "ecs:DescribeTaskDefinition taskDefinition.taskRoleArn",
        );
        let svc = ResourceId::new(format!(
            "arn:aws:ecs:{}:{}:service/{cname}/{name}",
            self.region, self.account
        ));
        self.add(
            svc.clone(),
            ResourceKind::EcsService,
            name,
            Properties::EcsService(EcsServiceProps {
                cluster_arn: cluster.as_str().into(),
                task_definition_arn: td.as_str().into(),
                network: subnet.map(|s| AwsVpcConfiguration {
                    subnet_ids: vec![s.short().into()],
                    ..Default::default()
                }),
                ..Default::default()
            }),
        );
        self.relate(
            cluster,
            RelationshipKind::Contains,
            &svc,
            "ecs:DescribeServices services[].clusterArn",
        );
        self.relate(
            &svc,
            RelationshipKind::InstanceOf,
            &td,
            "ecs:DescribeServices services[].taskDefinition",
        );
        let task = ResourceId::new(format!(
            "arn:aws:ecs:{}:{}:task/{cname}/{name}-0",
            self.region, self.account
        ));
        self.add(
            task.clone(),
            ResourceKind::EcsTask,
            &format!("{name}-0"),
            Properties::EcsTask(EcsTaskProps {
                cluster_arn: cluster.as_str().into(),
                task_definition_arn: td.as_str().into(),
                subnet_id: subnet.map(|s| s.short().to_owned()),
                last_status: "RUNNING".into(),
                ..Default::default()
            }),
        );
        self.relate(
            cluster,
            RelationshipKind::Contains,
            &task,
            "ecs:DescribeTasks tasks[].clusterArn",
        );
        self.relate(
            &task,
            RelationshipKind::InstanceOf,
            &td,
            "ecs:DescribeTasks tasks[].taskDefinitionArn",
        );
        svc
    }
}

/// A policy allowing `actions` on `resources`.
pub fn allow(actions: &[&str], resources: &[&str]) -> String {
    serde_json::json!({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": actions, "Resource": resources}]
    })
    .to_string()
}

impl Estate {
    /// An internet-facing (or internal) application load balancer in `subnets`, with one listener
    /// forwarding to one target group holding `targets` (instances, by id).
    pub fn load_balancer(
        &mut self,
        name: &str,
        vpc: &ResourceId,
        subnets: &[&ResourceId],
        internet_facing: bool,
        targets: &[&ResourceId],
    ) -> ResourceId {
        let lb = ResourceId::new(format!(
            "arn:aws:elasticloadbalancing:{}:{}:loadbalancer/app/{name}/0001",
            self.region, self.account
        ));
        self.add(
            lb.clone(),
            ResourceKind::LoadBalancer,
            name,
            Properties::LoadBalancer(LoadBalancerProps {
                lb_type: "application".into(),
                scheme: if internet_facing {
                    "internet-facing"
                } else {
                    "internal"
                }
                .into(),
                vpc_id: Some(vpc.short().into()),
                subnet_ids: subnets.iter().map(|s| s.short().to_owned()).collect(),
                ..Default::default()
            }),
        );
        for s in subnets {
            self.relate(
                &lb,
                RelationshipKind::AttachedTo,
                s,
                "elbv2:DescribeLoadBalancers LoadBalancers[].AvailabilityZones[].SubnetId",
            );
        }
        let listener = ResourceId::new(format!(
            "arn:aws:elasticloadbalancing:{}:{}:listener/app/{name}/0001/l1",
            self.region, self.account
        ));
        self.add(
            listener.clone(),
            ResourceKind::Listener,
            "443",
            Properties::None,
        );
        self.relate(
            &lb,
            RelationshipKind::ForwardsTo,
            &listener,
            "elbv2:DescribeListeners Listeners[].LoadBalancerArn",
        );
        let tg = ResourceId::new(format!(
            "arn:aws:elasticloadbalancing:{}:{}:targetgroup/{name}-tg/0001",
            self.region, self.account
        ));
        self.add(
            tg.clone(),
            ResourceKind::TargetGroup,
            &format!("{name}-tg"),
            Properties::None,
        );
        self.relate(
            &listener,
            RelationshipKind::ForwardsTo,
            &tg,
            "elbv2:DescribeListeners Listeners[].DefaultActions[].TargetGroupArn",
        );
        for t in targets {
            self.relate(
                &tg,
                RelationshipKind::ForwardsTo,
                t,
                "elbv2:DescribeTargetHealth TargetHealthDescriptions[].Target.Id",
            );
        }
        lb
    }
}

impl Estate {
    /// A route table used by `subnets`, with a default route to `igw` when given.
    pub fn route_table(
        &mut self,
        vpc: &ResourceId,
        id: &str,
        subnets: &[&ResourceId],
        igw: Option<&ResourceId>,
    ) -> ResourceId {
        let rt = self.ec2("route-table", id);
        let mut routes = vec![Route {
            destination: RouteDestination::Cidr("10.0.0.0/16".parse().expect("cidr")),
            target: RouteTarget::Local,
            active: true,
            origin: "CreateRouteTable".into(),
        }];
        if let Some(igw) = igw {
            routes.push(Route {
                destination: RouteDestination::Cidr("0.0.0.0/0".parse().expect("cidr")),
                target: RouteTarget::InternetGateway(igw.short().into()),
                active: true,
                origin: "CreateRoute".into(),
            });
        }
        self.add(
            rt.clone(),
            ResourceKind::RouteTable,
            id,
            Properties::RouteTable(RouteTableProps {
                vpc_id: vpc.short().into(),
                routes,
                associations: vec![],
            }),
        );
        self.relate(
            vpc,
            RelationshipKind::Contains,
            &rt,
            "ec2:DescribeRouteTables RouteTables[].VpcId",
        );
        for s in subnets {
            self.relate(
                s,
                RelationshipKind::RoutesVia,
                &rt,
                "ec2:DescribeRouteTables RouteTables[].Associations[].SubnetId",
            );
        }
        if let Some(igw) = igw {
            self.relate(
                &rt,
                RelationshipKind::RoutesVia,
                igw,
                "ec2:DescribeRouteTables RouteTables[].Routes[].GatewayId",
            );
        }
        rt
    }
}

impl Estate {
    /// A transit gateway with one VPC attachment per `(vpc, table)`, and route tables routing to
    /// the given attachments (`tgw-attach-<i>` for the i-th VPC).
    pub fn transit_gateway(
        &mut self,
        id: &str,
        vpcs: &[(&ResourceId, &str)],
        tables: &[(&str, &[usize])],
    ) -> ResourceId {
        let tgw = self.ec2("transit-gateway", id);
        self.add(
            tgw.clone(),
            ResourceKind::TransitGateway,
            id,
            Properties::TransitGateway(TransitGatewayProps::default()),
        );
        for (i, (vpc, table)) in vpcs.iter().enumerate() {
            let name = format!("tgw-attach-{i}");
            let att = self.ec2("transit-gateway-attachment", &name);
            self.add(
                att.clone(),
                ResourceKind::TransitGatewayAttachment,
                &name,
                Properties::TransitGatewayAttachment(TransitGatewayAttachmentProps {
                    transit_gateway_id: id.into(),
                    resource_type: "vpc".into(),
                    resource_id: vpc.short().into(),
                    state: "available".into(),
                    association_route_table_id: Some((*table).into()),
                    ..Default::default()
                }),
            );
            self.relate(
                &att,
                RelationshipKind::Connects,
                vpc,
                "ec2:DescribeTransitGatewayAttachments TransitGatewayAttachments[].ResourceId",
            );
            self.relate(&att, RelationshipKind::Connects, &tgw, "ec2:DescribeTransitGatewayAttachments TransitGatewayAttachments[].TransitGatewayId");
        }
        for (table, targets) in tables {
            let rt = self.ec2("transit-gateway-route-table", table);
            let routes = targets
                .iter()
                .map(|t| TransitGatewayRoute {
                    destination: format!("10.{t}.0.0/16").parse().expect("cidr"),
                    attachment_ids: vec![format!("tgw-attach-{t}")],
                    active: true,
                    route_type: "propagated".into(),
                })
                .collect();
            self.add(
                rt,
                ResourceKind::TransitGatewayRouteTable,
                table,
                Properties::TransitGatewayRouteTable(TransitGatewayRouteTableProps {
                    transit_gateway_id: id.into(),
                    routes,
                    routes_collected: true,
                }),
            );
        }
        tgw
    }
}
