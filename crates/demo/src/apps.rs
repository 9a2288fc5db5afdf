//! Applications: web tiers, ECS services and Lambda pipelines; the attack path, outliers and the
//! problems planted next to them.

use nephos_model::ResourceKind;
use serde_json::{Value, json};

use crate::DemoError;
use crate::account::Builder;
use crate::compute::{FunctionSpec, InstanceSpec, Launched};
use crate::data::BucketSpec;
use crate::iam::RoleSpec;
use crate::labels::{AttackPathLabel, AttackStep, OutlierLabel, Problem};
use crate::network::{EniSpec, Net, egress_all, rule_cidr, rule_sg};
use crate::plan::{AppKind, AppPlan};
use crate::policy::{self, AwsManaged};
use crate::time::{self, DAY};

/// ECS state of a region, written once all its services are known.
#[derive(Debug, Default)]
pub struct EcsRegion {
    cluster: Option<(String, String)>,
    services: Vec<Value>,
    tasks: Vec<Value>,
}

/// The fleet an outlier instance is planted against, created in another region.
#[derive(Debug, Clone)]
pub struct PendingOutlier {
    /// Application name.
    pub app: String,
    /// A few fleet instance ARNs.
    pub peers: Vec<String>,
    /// Fleet size.
    pub size: usize,
}

const INSTANCE_TYPES: [&str; 4] = ["m6i.large", "m5.large", "c6i.xlarge", "r6i.large"];

fn with(mut tags: Vec<(String, String)>, k: &str, v: &str) -> Vec<(String, String)> {
    tags.push((k.to_owned(), v.to_owned()));
    tags
}

impl Builder<'_> {
    fn hex8(&mut self) -> String {
        self.rng.hex(8)
    }

    /// Builds one application into `net`.
    pub fn app(
        &mut self,
        net: &mut Net,
        app: &AppPlan,
        ecs: &mut EcsRegion,
    ) -> Result<(), DemoError> {
        match app.kind {
            AppKind::WebTier => self.web_tier(net, app),
            AppKind::EcsService => self.ecs_service(net, app, ecs),
            AppKind::Pipeline => self.pipeline(net, app),
        }
    }

    fn sg_pair(&self, id: &str, name: &str) -> (String, String) {
        let _ = self;
        (id.to_owned(), name.to_owned())
    }

    fn web_tier(&mut self, net: &mut Net, app: &AppPlan) -> Result<(), DemoError> {
        let region = net.region;
        let account = self.acct.id.clone();
        let name = app.name.as_str();
        let tags = self.app_tags(app.team, name, name);
        let t: Vec<(&str, &str)> = tags.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let vpc = net.vpc_id.clone();
        let alb_name = format!("{name}-alb");
        let alb_sg = self.security_group(
            region,
            &vpc,
            &alb_name,
            "HTTPS from the internet",
            vec![
                rule_cidr("tcp", 443, 443, "0.0.0.0/0", "HTTPS"),
                rule_cidr("tcp", 80, 80, "0.0.0.0/0", "HTTP redirect"),
            ],
            egress_all(),
            &t,
        )?;
        let web_name = format!("{name}-web");
        let web_sg = self.security_group(
            region,
            &vpc,
            &web_name,
            "App port from the load balancer",
            vec![rule_sg("tcp", 8080, 8080, &alb_sg, &account)],
            egress_all(),
            &t,
        )?;
        let db_name = format!("{name}-db");
        let db_sg = self.security_group(
            region,
            &vpc,
            &db_name,
            "PostgreSQL from the web tier",
            vec![rule_sg("tcp", 5432, 5432, &web_sg, &account)],
            egress_all(),
            &t,
        )?;
        for sg in [&alb_sg, &web_sg, &db_sg] {
            let arn = self.ec2_arn(region, "security-group", sg);
            self.clean(ResourceKind::SecurityGroup, &arn);
        }

        // The application's data bucket.
        let classification = if app.attack_path || self.rng.chance(0.5) {
            "confidential"
        } else {
            "internal"
        };
        let bucket = if app.attack_path {
            format!(
                "acme-{}-customer-exports-{}",
                self.acct.env.tag(),
                self.hex8()
            )
        } else {
            format!("acme-{name}-data-{}", self.hex8())
        };
        let mut spec = self.private_bucket(
            bucket.clone(),
            region,
            with(tags.clone(), "data-classification", classification),
        );
        spec.policy = Some(Self::tls_only_policy(&bucket));
        let bucket_arn = self.bucket(&spec)?;
        self.clean(ResourceKind::Bucket, &bucket_arn);

        // Role and instance profile.
        let key = self.data_key(region);
        let data_policy = self.customer_policy(
            &format!("{name}-data-access"),
            vec![
                policy::document(vec![policy::allow(
                    "Objects",
                    &["s3:GetObject"],
                    &[format!("{bucket_arn}/*")],
                )]),
                policy::document(vec![
                    policy::allow(
                        "Objects",
                        &["s3:GetObject", "s3:PutObject"],
                        &[format!("{bucket_arn}/*")],
                    ),
                    policy::allow(
                        "List",
                        &["s3:ListBucket"],
                        std::slice::from_ref(&bucket_arn),
                    ),
                    policy::allow("Key", &["kms:Decrypt", "kms:GenerateDataKey"], &[key]),
                ]),
            ],
        );
        let role = self.role(RoleSpec {
            name,
            trust: policy::trust(json!({"Service": "ec2.amazonaws.com"})),
            managed: &[AwsManaged::SsmManagedInstanceCore],
            customer: vec![data_policy],
            instance_profile: true,
            tags: tags.clone(),
            ..RoleSpec::default()
        });
        self.clean(ResourceKind::IamRole, &role.arn);
        let profile = role.profile_arn.clone().zip(role.profile_id.clone());

        // The fleet.
        let itype = INSTANCE_TYPES[self.rng.below(INSTANCE_TYPES.len())];
        let amis = self.amis.get(region).cloned().unwrap_or_default();
        let ami = if self.rng.chance(0.8) {
            amis[0].clone()
        } else {
            amis[1].clone()
        };
        let groups = vec![self.sg_pair(&web_sg, &web_name)];
        let mut fleet: Vec<Launched> = Vec::new();
        for i in 1..=app.size {
            let imdsv1 = i == 1 && (app.attack_path || self.pending.imdsv1);
            let inst_name = format!("{name}-{i:02}");
            let spec = InstanceSpec {
                tags: self.app_tags(app.team, name, &inst_name),
                instance_type: itype,
                image_id: &ami,
                groups: groups.clone(),
                profile: profile.clone(),
                imdsv1,
                public_ip: false,
                windows: false,
                encrypted: true,
                unencrypted_data_volume: false,
            };
            let n = net.cursor % net.private.len();
            net.cursor += 1;
            let mut subnet = net.private[n].clone();
            let launched = self.instance(net, &mut subnet, &spec)?;
            net.private[n] = subnet;
            if imdsv1 {
                self.pending.imdsv1 = false;
                self.problem(
                    Problem::Ec2InstanceImdsv1,
                    ResourceKind::Instance,
                    &launched.arn,
                    Some(region),
                    Vec::new(),
                );
            } else {
                self.clean(ResourceKind::Instance, &launched.arn);
            }
            fleet.push(launched);
        }
        let targets: Vec<String> = fleet.iter().map(|l| l.id.clone()).collect();
        let alb_pair = self.sg_pair(&alb_sg, &alb_name);
        let alb = self.alb(
            net, &alb_name, true, &alb_pair, "instance", 8080, &targets, &tags,
        )?;

        // Database.
        let encrypted = !self.pending.rds_unencrypted;
        let db_pair = self.sg_pair(&db_sg, &db_name);
        let db = self.rds(net, &db_name, &db_pair, false, encrypted, &tags)?;
        if encrypted {
            self.clean(ResourceKind::DbInstance, &db);
        } else {
            self.pending.rds_unencrypted = false;
            self.problem(
                Problem::RdsInstanceUnencrypted,
                ResourceKind::DbInstance,
                &db,
                Some(region),
                Vec::new(),
            );
        }

        if app.attack_path
            && let (Some(first), Some(profile_arn)) = (fleet.first(), role.profile_arn.clone())
        {
            let step = |resource: &str, kind: ResourceKind, via: &str| AttackStep {
                resource: resource.to_owned(),
                kind: kind.as_str().to_owned(),
                via: via.to_owned(),
            };
            self.labels.attack_paths.push(AttackPathLabel {
                    id: "attack-path-1".into(),
                    description: format!(
                        "internet-facing ALB {alb_name} forwards to {}, which allows IMDSv1; its instance profile's role {name} can read s3://{bucket} (data-classification=confidential)",
                        first.id
                    ),
                    entry: "internet".into(),
                    steps: vec![
                        step(&alb.arn, ResourceKind::LoadBalancer, "HTTPS 443 from 0.0.0.0/0 to the internet-facing load balancer"),
                        step(&first.arn, ResourceKind::Instance, &format!("listener {} forwards to target group {} holding the instance on 8080; SSRF reaches IMDSv1", alb.listener_arn, alb.target_group_arn)),
                        step(&profile_arn, ResourceKind::InstanceProfile, "instance metadata returns the instance profile's credentials"),
                        step(&role.arn, ResourceKind::IamRole, "the profile holds the role"),
                        step(&bucket_arn, ResourceKind::Bucket, "role policy allows s3:GetObject on the bucket's objects"),
                    ],
                    action: "s3:GetObject".into(),
                });
        }

        // Outliers: the showcase fleet's odd box lives in another region; others sit beside their fleet.
        if app.outlier {
            let peers: Vec<String> = fleet.iter().take(3).map(|l| l.arn.clone()).collect();
            if name == "billing-web" {
                self.pending_outlier = Some(PendingOutlier {
                    app: name.to_owned(),
                    peers,
                    size: app.size,
                });
            } else {
                let box_name = format!("tmp-debug-{}", self.rng.hex(4));
                let tags = vec![
                    ("Name".to_owned(), box_name.clone()),
                    (self.app_key.to_owned(), name.to_owned()),
                    ("env".to_owned(), self.acct.env.tag().to_owned()),
                ];
                let legacy = amis[2].clone();
                let spec = InstanceSpec {
                    tags,
                    instance_type: "t2.micro",
                    image_id: &legacy,
                    groups: groups.clone(),
                    profile: None,
                    imdsv1: false,
                    public_ip: false,
                    windows: false,
                    encrypted: true,
                    unencrypted_data_volume: false,
                };
                let mut subnet = net.private[0].clone();
                let launched = self.instance(net, &mut subnet, &spec)?;
                net.private[0] = subnet;
                self.labels.outliers.push(OutlierLabel {
                    resource: launched.arn,
                    kind: ResourceKind::Instance.as_str().into(),
                    peer_group: format!("{name} fleet in {}", self.acct.name),
                    reason: format!("instance type t2.micro and legacy AMI {legacy} among {} {itype} instances on {ami}; no team tag", app.size),
                    peers,
                });
            }
        }
        Ok(())
    }

    /// The showcase fleet's `tmp-test-box`, in a region other than its fleet's.
    pub fn outlier_box(&mut self, net: &mut Net, region_index: usize) -> Result<(), DemoError> {
        if region_index == 0 {
            return Ok(());
        }
        let Some(pending) = self.pending_outlier.take() else {
            return Ok(());
        };
        let region = net.region;
        let amis = self.amis.get(region).cloned().unwrap_or_default();
        let tags = vec![
            ("Name".to_owned(), "tmp-test-box".to_owned()),
            (self.app_key.to_owned(), pending.app.clone()),
            ("env".to_owned(), self.acct.env.tag().to_owned()),
        ];
        let sg = self.security_group(
            region,
            &net.vpc_id.clone(),
            "tmp-test-box",
            "launch-wizard-1 created 2026-09-14",
            Vec::new(),
            egress_all(),
            &[("Name", "tmp-test-box")],
        )?;
        let spec = InstanceSpec {
            tags,
            instance_type: "t2.micro",
            image_id: &amis[2],
            groups: vec![(sg, "tmp-test-box".into())],
            profile: None,
            imdsv1: false,
            public_ip: false,
            windows: false,
            encrypted: true,
            unencrypted_data_volume: false,
        };
        let mut subnet = net.private[0].clone();
        let launched = self.instance(net, &mut subnet, &spec)?;
        net.private[0] = subnet;
        self.labels.outliers.push(OutlierLabel {
            resource: launched.arn,
            kind: ResourceKind::Instance.as_str().into(),
            peer_group: format!("{} fleet in {}", pending.app, self.acct.name),
            reason: format!("named tmp-test-box among {} {}-NN instances: type t2.micro, legacy AMI, region {region} instead of the fleet's, no team tag", pending.size, pending.app),
            peers: pending.peers,
        });
        Ok(())
    }

    fn ecs_service(
        &mut self,
        net: &mut Net,
        app: &AppPlan,
        ecs: &mut EcsRegion,
    ) -> Result<(), DemoError> {
        let region = net.region;
        let account = self.acct.id.clone();
        let name = app.name.as_str();
        let tags = self.app_tags(app.team, name, name);
        let t: Vec<(&str, &str)> = tags.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let (cluster_arn, cluster_name) = match &ecs.cluster {
            Some(c) => c.clone(),
            None => {
                let n = format!("{}-cluster", self.acct.env.tag());
                let c = (format!("arn:aws:ecs:{region}:{account}:cluster/{n}"), n);
                ecs.cluster = Some(c.clone());
                self.out.count(ResourceKind::EcsCluster);
                c
            }
        };
        let vpc = net.vpc_id.clone();
        let internet_facing = self.rng.chance(0.6);
        let alb_name = format!("{name}-alb");
        let alb_ingress = if internet_facing {
            vec![
                rule_cidr("tcp", 443, 443, "0.0.0.0/0", "HTTPS"),
                rule_cidr("tcp", 80, 80, "0.0.0.0/0", "HTTP redirect"),
            ]
        } else {
            vec![rule_cidr(
                "tcp",
                443,
                443,
                &net.cidr.clone(),
                "HTTPS from the VPC",
            )]
        };
        let alb_sg = self.security_group(
            region,
            &vpc,
            &alb_name,
            "HTTPS to the service",
            alb_ingress,
            egress_all(),
            &t,
        )?;
        let svc_name = format!("{name}-tasks");
        let svc_sg = self.security_group(
            region,
            &vpc,
            &svc_name,
            "Container port from the load balancer",
            vec![rule_sg("tcp", 8080, 8080, &alb_sg, &account)],
            egress_all(),
            &t,
        )?;
        for sg in [&alb_sg, &svc_sg] {
            let arn = self.ec2_arn(region, "security-group", sg);
            self.clean(ResourceKind::SecurityGroup, &arn);
        }
        // Least privilege: the service's own tables (`<service>-*`), not every table of its team
        // (a team-wide grant would let it read the team's pipelines' tables, in other networks).
        let table_pattern = format!("arn:aws:dynamodb:{region}:{account}:table/{name}-*");
        let task_role = self.role(RoleSpec {
            name: &format!("{name}-task"),
            trust: policy::trust(json!({"Service": "ecs-tasks.amazonaws.com"})),
            inline: vec![(
                "data".into(),
                policy::document(vec![policy::allow(
                    "Tables",
                    &[
                        "dynamodb:GetItem",
                        "dynamodb:PutItem",
                        "dynamodb:Query",
                        "dynamodb:UpdateItem",
                    ],
                    &[table_pattern],
                )]),
            )],
            tags: tags.clone(),
            ..RoleSpec::default()
        });
        let exec_role = self.role(RoleSpec {
            name: &format!("{name}-execution"),
            trust: policy::trust(json!({"Service": "ecs-tasks.amazonaws.com"})),
            managed: &[AwsManaged::EcsTaskExecution],
            tags: tags.clone(),
            ..RoleSpec::default()
        });
        self.clean(ResourceKind::IamRole, &task_role.arn);
        self.clean(ResourceKind::IamRole, &exec_role.arn);
        let revision = 1 + self.rng.below(40);
        let td_arn = format!("arn:aws:ecs:{region}:{account}:task-definition/{name}:{revision}");
        let image = format!(
            "{account}.dkr.ecr.{region}.amazonaws.com/{name}:{}",
            self.rng.hex(7)
        );
        let ecs_tags: Vec<Value> = tags
            .iter()
            .map(|(k, v)| json!({"key": k, "value": v}))
            .collect();
        self.out.param(region, "ecs-describe-task-definition", &td_arn, &json!({
            "taskDefinition": {
                "taskDefinitionArn": td_arn,
                "containerDefinitions": [{
                    "name": name, "image": image, "cpu": 0, "essential": true,
                    "portMappings": [{"containerPort": 8080, "hostPort": 8080, "protocol": "tcp", "name": "http", "appProtocol": "http"}],
                    "environment": [{"name": "APP_ENV", "value": self.acct.env.tag()}, {"name": "PORT", "value": "8080"}],
                    "mountPoints": [], "volumesFrom": [], "readonlyRootFilesystem": true,
                    "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": format!("/ecs/{name}"),
                        "awslogs-region": region, "awslogs-stream-prefix": "ecs"}}
                }],
                "family": name, "taskRoleArn": task_role.arn, "executionRoleArn": exec_role.arn,
                "networkMode": "awsvpc", "revision": revision, "volumes": [], "status": "ACTIVE",
                "placementConstraints": [], "compatibilities": ["EC2", "FARGATE"],
                "requiresCompatibilities": ["FARGATE"], "cpu": "512", "memory": "1024",
                "registeredAt": time::iso(20 * DAY), "registeredBy": format!("arn:aws:sts::{account}:assumed-role/ci-deployer/ci")
            },
            "tags": ecs_tags
        }))?;
        self.out.count(ResourceKind::EcsTaskDefinition);
        let groups = [(svc_sg.clone(), svc_name.clone())];
        let mut ips = Vec::new();
        let mut subnets = Vec::new();
        let service_arn = format!("arn:aws:ecs:{region}:{account}:service/{cluster_name}/{name}");
        for _ in 0..app.size {
            let n = net.cursor % net.private.len();
            net.cursor += 1;
            let attachment = self.rng.uuid();
            let spec = EniSpec {
                interface_type: "interface",
                description: format!("arn:aws:ecs:{region}:{account}:attachment/{attachment}"),
                groups: &groups,
                instance: None,
                public_ip: false,
                requester: Some("578734482556".into()),
            };
            let mut subnet = net.private[n].clone();
            let eni = self.eni(region, &vpc, &mut subnet, &spec)?;
            net.private[n] = subnet;
            if !subnets.contains(&eni.subnet_id) {
                subnets.push(eni.subnet_id.clone());
            }
            let task_arn = format!(
                "arn:aws:ecs:{region}:{account}:task/{cluster_name}/{}",
                self.rng.hex(32)
            );
            ecs.tasks.push(json!({
                "attachments": [{"id": attachment, "type": "ElasticNetworkInterface", "status": "ATTACHED", "details": [
                    {"name": "subnetId", "value": eni.subnet_id},
                    {"name": "networkInterfaceId", "value": eni.id},
                    {"name": "macAddress", "value": eni.mac},
                    {"name": "privateDnsName", "value": Self::private_dns(region, eni.ip)},
                    {"name": "privateIPv4Address", "value": eni.ip.to_string()}]}],
                "availabilityZone": eni.az,
                "clusterArn": cluster_arn,
                "connectivity": "CONNECTED",
                "containers": [{"containerArn": format!("arn:aws:ecs:{region}:{account}:container/{cluster_name}/{}", self.rng.uuid()),
                    "taskArn": task_arn, "name": name, "image": image, "lastStatus": "RUNNING",
                    "networkInterfaces": [{"attachmentId": attachment, "privateIpv4Address": eni.ip.to_string()}],
                    "healthStatus": "HEALTHY"}],
                "cpu": "512", "memory": "1024",
                "createdAt": time::iso(5 * DAY), "startedAt": time::iso(5 * DAY),
                "desiredStatus": "RUNNING", "lastStatus": "RUNNING",
                "group": format!("service:{name}"), "launchType": "FARGATE", "platformVersion": "1.4.0",
                "startedBy": format!("ecs-svc/{}", 1_000_000_000_000u64 + self.rng.u64() % 8_999_999_999_999),
                "taskArn": task_arn, "taskDefinitionArn": td_arn, "version": 3, "tags": []
            }));
            self.out.count(ResourceKind::EcsTask);
            ips.push(eni.ip.to_string());
        }
        let alb_pair = self.sg_pair(&alb_sg, &alb_name);
        let alb = self.alb(
            net,
            &alb_name,
            internet_facing,
            &alb_pair,
            "ip",
            8080,
            &ips,
            &tags,
        )?;
        let ecs_tags: Vec<Value> = tags
            .iter()
            .map(|(k, v)| json!({"key": k, "value": v}))
            .collect();
        ecs.services.push(json!({
            "serviceArn": service_arn, "serviceName": name, "clusterArn": cluster_arn,
            "loadBalancers": [{"targetGroupArn": alb.target_group_arn, "containerName": name, "containerPort": 8080}],
            "serviceRegistries": [], "status": "ACTIVE", "desiredCount": app.size, "runningCount": app.size,
            "pendingCount": 0, "launchType": "FARGATE", "platformVersion": "LATEST", "platformFamily": "Linux",
            "taskDefinition": td_arn,
            "deploymentConfiguration": {"deploymentCircuitBreaker": {"enable": true, "rollback": true},
                                        "maximumPercent": 200, "minimumHealthyPercent": 100},
            "createdAt": time::iso(200 * DAY),
            "networkConfiguration": {"awsvpcConfiguration": {"subnets": subnets, "securityGroups": [svc_sg], "assignPublicIp": "DISABLED"}},
            "schedulingStrategy": "REPLICA", "enableECSManagedTags": true, "propagateTags": "SERVICE",
            "enableExecuteCommand": false, "tags": ecs_tags
        }));
        self.out.count(ResourceKind::EcsService);
        Ok(())
    }

    /// Writes a region's ECS files.
    pub fn write_ecs(&mut self, region: &str, ecs: EcsRegion) -> Result<(), DemoError> {
        let Some((arn, name)) = ecs.cluster else {
            return Ok(());
        };
        self.out
            .item(region, "ecs-list-clusters", "clusterArns", &arn)?;
        self.out.item(region, "ecs-describe-clusters", "clusters", &json!({
            "clusterArn": arn, "clusterName": name, "status": "ACTIVE",
            "registeredContainerInstancesCount": 0, "runningTasksCount": ecs.tasks.len(),
            "pendingTasksCount": 0, "activeServicesCount": ecs.services.len(), "statistics": [],
            "tags": [{"key": "env", "value": self.acct.env.tag()}, {"key": "team", "value": "platform"}],
            "settings": [{"name": "containerInsights", "value": "enabled"}],
            "capacityProviders": ["FARGATE", "FARGATE_SPOT"], "defaultCapacityProviderStrategy": []
        }))?;
        let service_arns: Vec<&Value> = ecs.services.iter().map(|s| &s["serviceArn"]).collect();
        self.out.param(
            region,
            "ecs-list-services",
            &arn,
            &json!({"serviceArns": service_arns}),
        )?;
        self.out.param(
            region,
            "ecs-describe-services",
            &arn,
            &json!({"services": ecs.services, "failures": []}),
        )?;
        let task_arns: Vec<&Value> = ecs.tasks.iter().map(|t| &t["taskArn"]).collect();
        self.out.param(
            region,
            "ecs-list-tasks",
            &arn,
            &json!({"taskArns": task_arns}),
        )?;
        self.out.param(
            region,
            "ecs-describe-tasks",
            &arn,
            &json!({"tasks": ecs.tasks, "failures": []}),
        )?;
        Ok(())
    }

    fn pipeline(&mut self, net: &mut Net, app: &AppPlan) -> Result<(), DemoError> {
        let region = net.region;
        let account = self.acct.id.clone();
        let name = app.name.as_str();
        let tags = self.app_tags(app.team, name, name);
        let t: Vec<(&str, &str)> = tags.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let fn_arn = |f: &str| format!("arn:aws:lambda:{region}:{account}:function:{name}-{f}");
        let (ingest_arn, worker_arn, notifier_arn) =
            (fn_arn("ingest"), fn_arn("worker"), fn_arn("notifier"));
        let bucket = format!("acme-{name}-ingest-{}", self.hex8());
        let bucket_arn = format!("arn:aws:s3:::{bucket}");
        let topic_arn = format!("arn:aws:sns:{region}:{account}:{name}-events");

        // Queues, topic, table.
        let dlq = self.queue(region, &format!("{name}-jobs-dlq"), None, None, true, &tags)?;
        let jobs_encrypted = !self.pending.queue_unencrypted;
        let jobs = self.queue(
            region,
            &format!("{name}-jobs"),
            None,
            Some(&dlq.arn),
            jobs_encrypted,
            &tags,
        )?;
        if !jobs_encrypted {
            self.pending.queue_unencrypted = false;
            self.problem(
                Problem::SqsQueueUnencrypted,
                ResourceKind::Queue,
                &jobs.arn,
                Some(region),
                Vec::new(),
            );
        }
        let audit_name = format!("{name}-audit");
        let audit_arn = format!("arn:aws:sqs:{region}:{account}:{audit_name}");
        let audit_policy = policy::document(vec![json!({
            "Sid": "AllowTopic", "Effect": "Allow", "Principal": {"Service": "sns.amazonaws.com"},
            "Action": "sqs:SendMessage", "Resource": audit_arn,
            "Condition": {"ArnEquals": {"aws:SourceArn": topic_arn}}
        })]);
        self.queue(region, &audit_name, Some(audit_policy), None, true, &tags)?;
        let topic_encrypted = !self.pending.topic_unencrypted;
        self.topic(
            region,
            &format!("{name}-events"),
            topic_encrypted,
            &[("sqs", audit_arn.clone()), ("lambda", notifier_arn.clone())],
            &tags,
        )?;
        if !topic_encrypted {
            self.pending.topic_unencrypted = false;
            self.problem(
                Problem::SnsTopicUnencrypted,
                ResourceKind::Topic,
                &topic_arn,
                Some(region),
                Vec::new(),
            );
        }
        let table_arn = self.table(region, &format!("{name}-records"), &tags)?;

        // Roles.
        let key = self.data_key(region);
        let ingest_role = self.role(RoleSpec {
            name: &format!("{name}-ingest"),
            trust: policy::trust(json!({"Service": "lambda.amazonaws.com"})),
            managed: &[AwsManaged::LambdaBasicExecution],
            inline: vec![(
                "pipeline".into(),
                policy::document(vec![
                    policy::allow("Read", &["s3:GetObject"], &[format!("{bucket_arn}/*")]),
                    policy::allow(
                        "Enqueue",
                        &["sqs:SendMessage"],
                        std::slice::from_ref(&jobs.arn),
                    ),
                    policy::allow(
                        "Publish",
                        &["sns:Publish"],
                        std::slice::from_ref(&topic_arn),
                    ),
                    policy::allow(
                        "Key",
                        &["kms:Decrypt", "kms:GenerateDataKey"],
                        std::slice::from_ref(&key),
                    ),
                ]),
            )],
            tags: tags.clone(),
            ..RoleSpec::default()
        });
        let admin = self.pending.lambda_admin;
        let worker_managed: &[AwsManaged] = if admin {
            &[
                AwsManaged::LambdaVpcAccessExecution,
                AwsManaged::AdministratorAccess,
            ]
        } else {
            &[AwsManaged::LambdaVpcAccessExecution]
        };
        let worker_role = self.role(RoleSpec {
            name: &format!("{name}-worker"),
            trust: policy::trust(json!({"Service": "lambda.amazonaws.com"})),
            managed: worker_managed,
            inline: vec![(
                "pipeline".into(),
                policy::document(vec![
                    policy::allow(
                        "Dequeue",
                        &[
                            "sqs:ReceiveMessage",
                            "sqs:DeleteMessage",
                            "sqs:GetQueueAttributes",
                        ],
                        std::slice::from_ref(&jobs.arn),
                    ),
                    policy::allow(
                        "Store",
                        &[
                            "dynamodb:PutItem",
                            "dynamodb:UpdateItem",
                            "dynamodb:GetItem",
                        ],
                        std::slice::from_ref(&table_arn),
                    ),
                    policy::allow("Key", &["kms:Decrypt"], std::slice::from_ref(&key)),
                ]),
            )],
            tags: tags.clone(),
            ..RoleSpec::default()
        });
        let notifier_role = self.role(RoleSpec {
            name: &format!("{name}-notifier"),
            trust: policy::trust(json!({"Service": "lambda.amazonaws.com"})),
            managed: &[AwsManaged::LambdaBasicExecution],
            inline: vec![(
                "notify".into(),
                policy::document(vec![policy::allow(
                    "Mail",
                    &["ses:SendEmail"],
                    &["*".to_owned()],
                )]),
            )],
            tags: tags.clone(),
            ..RoleSpec::default()
        });
        for r in [&ingest_role, &notifier_role] {
            self.clean(ResourceKind::IamRole, &r.arn);
        }
        if !admin {
            self.clean(ResourceKind::IamRole, &worker_role.arn);
        }

        // Functions.
        let worker_sg_name = format!("{name}-worker");
        let worker_sg = self.security_group(
            region,
            &net.vpc_id.clone(),
            &worker_sg_name,
            "Lambda worker (egress only)",
            Vec::new(),
            egress_all(),
            &t,
        )?;
        let sg_arn = self.ec2_arn(region, "security-group", &worker_sg);
        self.clean(ResourceKind::SecurityGroup, &sg_arn);
        let s3_invoke = json!([{"Sid": "s3-invoke", "Effect": "Allow", "Principal": {"Service": "s3.amazonaws.com"},
            "Action": "lambda:InvokeFunction", "Resource": ingest_arn,
            "Condition": {"StringEquals": {"AWS:SourceAccount": account}, "ArnLike": {"AWS:SourceArn": bucket_arn}}}]);
        let sns_invoke = json!([{"Sid": "sns-invoke", "Effect": "Allow", "Principal": {"Service": "sns.amazonaws.com"},
            "Action": "lambda:InvokeFunction", "Resource": notifier_arn,
            "Condition": {"ArnLike": {"AWS:SourceArn": topic_arn}}}]);
        let functions = [
            ("ingest", "python3.12", &ingest_role, None, Some(s3_invoke)),
            (
                "worker",
                "python3.12",
                &worker_role,
                Some((vec![0, 1], (worker_sg.clone(), worker_sg_name.clone()))),
                None,
            ),
            (
                "notifier",
                "nodejs20.x",
                &notifier_role,
                None,
                Some(sns_invoke),
            ),
        ];
        let mut created = Vec::new();
        for (suffix, runtime, role, vpc, pol) in functions {
            let spec = FunctionSpec {
                name: format!("{name}-{suffix}"),
                runtime,
                role_arn: role.arn.clone(),
                role_id: role.id.clone(),
                vpc,
                env: vec![
                    ("QUEUE_URL", jobs.url.clone()),
                    ("TABLE", format!("{name}-records")),
                ],
                policy: pol,
                tags: tags.clone(),
            };
            let arn = self.function(net, &spec)?;
            if suffix == "worker" && admin {
                self.pending.lambda_admin = false;
                self.problem(
                    Problem::LambdaFunctionAdminRole,
                    ResourceKind::LambdaFunction,
                    &arn,
                    Some(region),
                    vec![role.arn.clone()],
                );
            } else {
                self.clean(ResourceKind::LambdaFunction, &arn);
            }
            created.push(arn);
        }
        self.event_source_mapping(region, &jobs.arn, &worker_arn)?;

        // The ingest bucket notifies the ingest function.
        let mut spec = self.private_bucket(
            bucket.clone(),
            region,
            with(tags.clone(), "data-classification", "internal"),
        );
        spec.policy = Some(Self::tls_only_policy(&bucket));
        spec.notification = json!({"LambdaFunctionConfigurations": [{"Id": "ingest", "LambdaFunctionArn": ingest_arn,
            "Events": ["s3:ObjectCreated:*"], "Filter": {"Key": {"FilterRules": [{"Name": "Prefix", "Value": "incoming/"}]}}}]});
        let b = self.bucket(&spec)?;
        self.clean(ResourceKind::Bucket, &b);

        if app.outlier {
            let odd = FunctionSpec {
                name: format!("{name}-legacy-export"),
                runtime: "ruby3.3",
                role_arn: ingest_role.arn.clone(),
                role_id: ingest_role.id.clone(),
                vpc: None,
                env: Vec::new(),
                policy: None,
                tags: tags.clone(),
            };
            let arn = self.function(net, &odd)?;
            self.labels.outliers.push(OutlierLabel {
                resource: arn,
                kind: ResourceKind::LambdaFunction.as_str().into(),
                peer_group: format!("Lambda functions in {}", self.acct.name),
                reason: "runtime ruby3.3 where every other function runs python3.12 or nodejs20.x"
                    .into(),
                peers: created.clone(),
            });
            let scratch = format!("acme-{name}-scratch-{}", self.hex8());
            let odd_tags = vec![
                ("owner".to_owned(), "jdoe".to_owned()),
                ("temp".to_owned(), "true".to_owned()),
            ];
            let mut spec = self.private_bucket(scratch, region, odd_tags);
            spec.policy = Some(Self::tls_only_policy(&spec.name.clone()));
            let arn = self.bucket(&spec)?;
            self.labels.outliers.push(OutlierLabel {
                resource: arn,
                kind: ResourceKind::Bucket.as_str().into(),
                peer_group: format!("buckets of {}", self.acct.name),
                reason: "tags owner=jdoe, temp=true and no team, app or env tag, unlike every other bucket".into(),
                peers: vec![b],
            });
        }
        Ok(())
    }

    /// Problems planted once per account in its first region, and fallbacks for problems no
    /// application carried.
    pub fn region_problems(&mut self, net: &mut Net) -> Result<(), DemoError> {
        let acct = self.acct;
        let region = net.region;
        let env = acct.env.tag();
        let vpc = net.vpc_id.clone();
        let amis = self.amis.get(region).cloned().unwrap_or_default();
        let ops_tags = |name: &str| -> Vec<(String, String)> {
            vec![
                ("Name".into(), name.to_owned()),
                ("team".into(), "platform".into()),
                ("env".into(), env.to_owned()),
                (self.app_key.into(), "ops".into()),
            ]
        };
        let standalone = |b: &mut Self,
                          net: &mut Net,
                          name: &str,
                          groups: Vec<(String, String)>,
                          public: bool,
                          windows: bool,
                          imdsv1: bool,
                          unencrypted: bool| {
            let tags = ops_tags(name);
            let ami = amis[0].clone();
            let spec = InstanceSpec {
                tags,
                instance_type: if windows { "t3.large" } else { "t3.micro" },
                image_id: &ami,
                groups,
                profile: None,
                imdsv1,
                public_ip: public,
                windows,
                encrypted: true,
                unencrypted_data_volume: unencrypted,
            };
            let mut subnet = if public {
                net.public[0].clone()
            } else {
                net.private[0].clone()
            };
            let l = b.instance(net, &mut subnet, &spec);
            if public {
                net.public[0] = subnet
            } else {
                net.private[0] = subnet
            }
            l
        };
        let t = |name: &str| ops_tags(name);
        if acct.has(Problem::Ec2SecurityGroupOpenSsh) {
            let tags = t("bastion-ssh");
            let p: Vec<(&str, &str)> = tags.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            let sg = self.security_group(
                region,
                &vpc,
                "bastion-ssh",
                "SSH from anywhere",
                vec![rule_cidr("tcp", 22, 22, "0.0.0.0/0", "ssh")],
                egress_all(),
                &p,
            )?;
            let l = standalone(
                self,
                net,
                "bastion-01",
                vec![(sg.clone(), "bastion-ssh".into())],
                true,
                false,
                false,
                false,
            )?;
            let arn = self.ec2_arn(region, "security-group", &sg);
            self.problem(
                Problem::Ec2SecurityGroupOpenSsh,
                ResourceKind::SecurityGroup,
                &arn,
                Some(region),
                vec![l.arn],
            );
        }
        if acct.has(Problem::Ec2SecurityGroupOpenRdp) {
            let tags = t("windows-jump-rdp");
            let p: Vec<(&str, &str)> = tags.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            let sg = self.security_group(
                region,
                &vpc,
                "windows-jump-rdp",
                "RDP for the finance jump host",
                vec![rule_cidr("tcp", 3389, 3389, "0.0.0.0/0", "rdp")],
                egress_all(),
                &p,
            )?;
            let l = standalone(
                self,
                net,
                "win-jump-01",
                vec![(sg.clone(), "windows-jump-rdp".into())],
                true,
                true,
                false,
                false,
            )?;
            let arn = self.ec2_arn(region, "security-group", &sg);
            self.problem(
                Problem::Ec2SecurityGroupOpenRdp,
                ResourceKind::SecurityGroup,
                &arn,
                Some(region),
                vec![l.arn],
            );
        }
        if acct.has(Problem::Ec2SecurityGroupOpenPostgres)
            || acct.has(Problem::RdsInstancePubliclyAccessible)
        {
            let tags = t("reporting-replica");
            let p: Vec<(&str, &str)> = tags.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            let sg = self.security_group(
                region,
                &vpc,
                "reporting-replica-db",
                "PostgreSQL for the BI vendor",
                vec![rule_cidr("tcp", 5432, 5432, "0.0.0.0/0", "bi vendor")],
                egress_all(),
                &p,
            )?;
            let db = self.rds(
                net,
                "reporting-replica",
                &(sg.clone(), "reporting-replica-db".into()),
                true,
                true,
                &tags,
            )?;
            let sg_arn = self.ec2_arn(region, "security-group", &sg);
            self.problem(
                Problem::Ec2SecurityGroupOpenPostgres,
                ResourceKind::SecurityGroup,
                &sg_arn,
                Some(region),
                vec![db.clone()],
            );
            self.problem(
                Problem::RdsInstancePubliclyAccessible,
                ResourceKind::DbInstance,
                &db,
                Some(region),
                vec![sg_arn],
            );
        }
        let web_tags = |team: &str, app: &str, name: &str| -> Vec<(String, String)> {
            vec![
                ("Name".into(), name.to_owned()),
                ("team".into(), team.to_owned()),
                ("env".into(), env.to_owned()),
                (self.app_key.into(), app.to_owned()),
                ("data-classification".into(), "public".into()),
            ]
        };
        if acct.has(Problem::S3BucketPublicPolicy) {
            let name = format!("acme-{env}-public-assets-{}", self.hex8());
            let policy_doc = policy::document(vec![
                json!({"Sid": "PublicRead", "Effect": "Allow", "Principal": "*",
                "Action": "s3:GetObject", "Resource": format!("arn:aws:s3:::{name}/*")}),
            ]);
            let spec = BucketSpec {
                name: name.clone(),
                region: region.into(),
                tags: web_tags("storefront", "assets", &name),
                policy: Some(policy_doc),
                public_acl: false,
                block_public_access: None,
                encryption: Some(String::new()),
                notification: json!({}),
                versioning: false,
            };
            let arn = self.bucket(&spec)?;
            self.problem(
                Problem::S3BucketPublicPolicy,
                ResourceKind::Bucket,
                &arn,
                None,
                Vec::new(),
            );
        }
        if acct.has(Problem::S3BucketPublicAcl) {
            let name = format!("acme-{env}-legacy-downloads-{}", self.hex8());
            let spec = BucketSpec {
                name: name.clone(),
                region: region.into(),
                tags: web_tags("storefront", "downloads", &name),
                policy: None,
                public_acl: true,
                block_public_access: Some(false),
                encryption: Some(String::new()),
                notification: json!({}),
                versioning: false,
            };
            let arn = self.bucket(&spec)?;
            self.problem(
                Problem::S3BucketPublicAcl,
                ResourceKind::Bucket,
                &arn,
                None,
                Vec::new(),
            );
        }
        if acct.has(Problem::S3BucketNoDefaultEncryption) {
            let name = format!("acme-{env}-temp-exports-{}", self.hex8());
            let mut spec = self.private_bucket(name.clone(), region, ops_tags(&name));
            spec.encryption = None;
            let arn = self.bucket(&spec)?;
            self.problem(
                Problem::S3BucketNoDefaultEncryption,
                ResourceKind::Bucket,
                &arn,
                None,
                Vec::new(),
            );
        }
        if acct.has(Problem::Ec2VolumeUnencrypted) {
            let tags = t("legacy-batch");
            let p: Vec<(&str, &str)> = tags.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            let sg = self.security_group(
                region,
                &vpc,
                "legacy-batch",
                "batch host (no inbound)",
                Vec::new(),
                egress_all(),
                &p,
            )?;
            standalone(
                self,
                net,
                "legacy-batch-01",
                vec![(sg, "legacy-batch".into())],
                false,
                false,
                false,
                true,
            )?;
        }
        // Fallbacks.
        if self.pending.imdsv1 {
            self.pending.imdsv1 = false;
            let tags = t("legacy-reporting");
            let p: Vec<(&str, &str)> = tags.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            let sg = self.security_group(
                region,
                &vpc,
                "legacy-reporting",
                "reporting host (no inbound)",
                Vec::new(),
                egress_all(),
                &p,
            )?;
            let l = standalone(
                self,
                net,
                "legacy-reporting-01",
                vec![(sg, "legacy-reporting".into())],
                false,
                false,
                true,
                false,
            )?;
            self.problem(
                Problem::Ec2InstanceImdsv1,
                ResourceKind::Instance,
                &l.arn,
                Some(region),
                Vec::new(),
            );
        }
        if self.pending.rds_unencrypted {
            self.pending.rds_unencrypted = false;
            let tags = t("legacy-orders-db");
            let p: Vec<(&str, &str)> = tags.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            let cidr = net.cidr.clone();
            let sg = self.security_group(
                region,
                &vpc,
                "legacy-orders-db",
                "PostgreSQL from the VPC",
                vec![rule_cidr("tcp", 5432, 5432, &cidr, "vpc")],
                egress_all(),
                &p,
            )?;
            let db = self.rds(
                net,
                "legacy-orders-db",
                &(sg, "legacy-orders-db".into()),
                false,
                false,
                &tags,
            )?;
            self.problem(
                Problem::RdsInstanceUnencrypted,
                ResourceKind::DbInstance,
                &db,
                Some(region),
                Vec::new(),
            );
        }
        if self.pending.queue_unencrypted {
            self.pending.queue_unencrypted = false;
            let q = self.queue(
                region,
                "legacy-notifications",
                None,
                None,
                false,
                &t("legacy-notifications"),
            )?;
            self.problem(
                Problem::SqsQueueUnencrypted,
                ResourceKind::Queue,
                &q.arn,
                Some(region),
                Vec::new(),
            );
        }
        if self.pending.topic_unencrypted {
            self.pending.topic_unencrypted = false;
            let arn = self.topic(region, "legacy-alerts", false, &[], &t("legacy-alerts"))?;
            self.problem(
                Problem::SnsTopicUnencrypted,
                ResourceKind::Topic,
                &arn,
                Some(region),
                Vec::new(),
            );
        }
        if self.pending.lambda_admin {
            self.pending.lambda_admin = false;
            let role = self.role(RoleSpec {
                name: "ops-cleanup",
                trust: policy::trust(json!({"Service": "lambda.amazonaws.com"})),
                managed: &[
                    AwsManaged::LambdaBasicExecution,
                    AwsManaged::AdministratorAccess,
                ],
                ..RoleSpec::default()
            });
            let spec = FunctionSpec {
                name: "ops-cleanup".into(),
                runtime: "python3.12",
                role_arn: role.arn.clone(),
                role_id: role.id.clone(),
                vpc: None,
                env: Vec::new(),
                policy: None,
                tags: t("ops-cleanup"),
            };
            let arn = self.function(net, &spec)?;
            self.problem(
                Problem::LambdaFunctionAdminRole,
                ResourceKind::LambdaFunction,
                &arn,
                Some(region),
                vec![role.arn],
            );
        }
        // Every account keeps its deployment artifacts.
        let name = format!("acme-artifacts-{}", acct.id);
        let mut spec = self.private_bucket(name.clone(), region, ops_tags(&name));
        spec.policy = Some(Self::tls_only_policy(&name));
        let arn = self.bucket(&spec)?;
        self.clean(ResourceKind::Bucket, &arn);
        Ok(())
    }

    /// The central CloudTrail and flow-log buckets of the logging account.
    pub fn logging_buckets(&mut self) -> Result<(), DemoError> {
        let region = "us-east-1";
        let org: Vec<String> = self.plan.accounts.iter().map(|a| a.id.clone()).collect();
        let trail = self.plan.trail_bucket();
        let flow = self.plan.flow_log_bucket();
        let trail_policy = policy::document(vec![
            json!({"Sid": "AWSCloudTrailAclCheck", "Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"},
                   "Action": "s3:GetBucketAcl", "Resource": format!("arn:aws:s3:::{trail}")}),
            json!({"Sid": "AWSCloudTrailWrite", "Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"},
                   "Action": "s3:PutObject", "Resource": format!("arn:aws:s3:::{trail}/*"),
                   "Condition": {"StringEquals": {"s3:x-amz-acl": "bucket-owner-full-control", "aws:SourceAccount": org}}}),
        ]);
        let flow_policy = policy::document(vec![
            json!({"Sid": "AWSLogDeliveryWrite", "Effect": "Allow", "Principal": {"Service": "delivery.logs.amazonaws.com"},
                   "Action": "s3:PutObject", "Resource": format!("arn:aws:s3:::{flow}/*"),
                   "Condition": {"StringEquals": {"s3:x-amz-acl": "bucket-owner-full-control", "aws:SourceAccount": org}}}),
            json!({"Sid": "AWSLogDeliveryAclCheck", "Effect": "Allow", "Principal": {"Service": "delivery.logs.amazonaws.com"},
                   "Action": "s3:GetBucketAcl", "Resource": format!("arn:aws:s3:::{flow}")}),
        ]);
        for (name, pol) in [(trail, trail_policy), (flow, flow_policy)] {
            let tags = vec![
                ("Name".into(), name.clone()),
                ("team".into(), "observability".into()),
                ("env".into(), "prod".into()),
                (self.app_key.into(), "logging".into()),
                ("data-classification".into(), "internal".into()),
            ];
            let mut spec = self.private_bucket(name, region, tags);
            spec.policy = Some(pol);
            let arn = self.bucket(&spec)?;
            self.clean(ResourceKind::Bucket, &arn);
        }
        Ok(())
    }
}
