//! Compute: AMIs and their snapshots, instances with their interfaces and volumes, application
//! load balancers with listeners and target groups, and Lambda functions.

use nephos_model::ResourceKind;
use serde_json::{Value, json};

use crate::DemoError;
use crate::account::Builder;
use crate::labels::Problem;
use crate::network::{EniSpec, Net, Subnet, tags};
use crate::policy;
use crate::time::{self, DAY};

/// ARN of an AMI (AMIs have no account in their ARN).
pub fn image_arn(region: &str, id: &str) -> String {
    format!("arn:aws:ec2:{region}::image/{id}")
}

/// ARN of an EBS snapshot (snapshots have no account in their ARN).
pub fn snapshot_arn(region: &str, id: &str) -> String {
    format!("arn:aws:ec2:{region}::snapshot/{id}")
}

/// An instance to launch.
#[derive(Debug, Clone)]
pub struct InstanceSpec<'a> {
    /// `Name` tag and the rest of the tags.
    pub tags: Vec<(String, String)>,
    /// e.g. `m6i.large`.
    pub instance_type: &'a str,
    /// `ami-…`.
    pub image_id: &'a str,
    /// (group id, group name).
    pub groups: Vec<(String, String)>,
    /// (profile ARN, profile id).
    pub profile: Option<(String, String)>,
    /// HttpTokens optional.
    pub imdsv1: bool,
    /// Public address (the subnet should be public).
    pub public_ip: bool,
    /// Windows.
    pub windows: bool,
    /// Root volume encrypted.
    pub encrypted: bool,
    /// Also attach an unencrypted data volume (planted problem).
    pub unencrypted_data_volume: bool,
}

/// A launched instance.
#[derive(Debug, Clone)]
pub struct Launched {
    /// `i-…`.
    pub id: String,
    /// ARN.
    pub arn: String,
}

/// A load balancer as created.
#[derive(Debug, Clone)]
pub struct Alb {
    /// LB ARN.
    pub arn: String,
    /// Target group ARN.
    pub target_group_arn: String,
    /// HTTPS listener ARN.
    pub listener_arn: String,
}

/// A Lambda function to create.
#[derive(Debug, Clone)]
pub struct FunctionSpec<'a> {
    /// Name.
    pub name: String,
    /// Runtime.
    pub runtime: &'a str,
    /// Execution role ARN.
    pub role_arn: String,
    /// Role id (for VPC interface requester ids).
    pub role_id: String,
    /// (subnets, group) when in a VPC.
    pub vpc: Option<(Vec<usize>, (String, String))>,
    /// Environment variables.
    pub env: Vec<(&'a str, String)>,
    /// Resource policy statements (`None` = no policy).
    pub policy: Option<Value>,
    /// Tags.
    pub tags: Vec<(String, String)>,
}

impl Builder<'_> {
    #[expect(
        clippy::too_many_arguments,
        reason = "mirrors the API call's parameters"
    )]
    fn snapshot(
        &mut self,
        region: &str,
        volume_id: &str,
        size: u32,
        encrypted: bool,
        public: bool,
        description: &str,
        tag_pairs: &[(&str, &str)],
    ) -> Result<String, DemoError> {
        let id = self.rng.ec2_id("snap");
        let mut s = json!({
            "Description": description,
            "Encrypted": encrypted,
            "OwnerId": self.acct.id,
            "Progress": "100%",
            "SnapshotId": id,
            "StartTime": time::iso((1 + self.rng.below(60)) as i64 * DAY),
            "State": "completed",
            "VolumeId": volume_id,
            "VolumeSize": size,
            "StorageTier": "standard",
            "Tags": tags(tag_pairs)
        });
        if encrypted {
            s["KmsKeyId"] = json!(self.keys.get(region).map(|k| k.ebs.clone()));
        }
        self.out
            .item(region, "ec2-describe-snapshots", "Snapshots", &s)?;
        let perms = if public {
            json!([{"Group": "all"}])
        } else {
            json!([])
        };
        self.out.param(
            region,
            "ec2-describe-snapshot-attribute",
            &id,
            &json!({
            "CreateVolumePermissions": perms, "SnapshotId": id}),
        )?;
        self.out.count(ResourceKind::Snapshot);
        let arn = snapshot_arn(region, &id);
        if public {
            self.problem(
                Problem::Ec2SnapshotPublic,
                ResourceKind::Snapshot,
                &arn,
                Some(region),
                Vec::new(),
            );
        } else {
            self.clean(ResourceKind::Snapshot, &arn);
        }
        Ok(id)
    }

    fn image(
        &mut self,
        region: &str,
        name: &str,
        days: i64,
        public: bool,
    ) -> Result<String, DemoError> {
        let id = self.rng.ec2_id("ami");
        let snap = self.snapshot(
            region,
            "vol-ffffffff",
            20,
            !public,
            false,
            &format!("Created by CreateImage for {id}"),
            &[("Name", name)],
        )?;
        self.out.item(region, "ec2-describe-images", "Images", &json!({
            "Architecture": "x86_64",
            "CreationDate": time::iso_z(days * DAY).replace('Z', ".000Z"),
            "ImageId": id,
            "ImageLocation": format!("{}/{name}", self.acct.id),
            "ImageType": "machine",
            "Public": public,
            "OwnerId": self.acct.id,
            "PlatformDetails": "Linux/UNIX",
            "UsageOperation": "RunInstances",
            "State": "available",
            "BlockDeviceMappings": [{"DeviceName": "/dev/xvda", "Ebs": {"DeleteOnTermination": true,
                "SnapshotId": snap, "VolumeSize": 20, "VolumeType": "gp3", "Encrypted": !public}}],
            "EnaSupport": true,
            "Hypervisor": "xen",
            "Name": name,
            "RootDeviceName": "/dev/xvda",
            "RootDeviceType": "ebs",
            "VirtualizationType": "hvm",
            "Tags": tags(&[("Name", name), ("team", "platform")])
        }))?;
        self.out.count(ResourceKind::Image);
        let arn = image_arn(region, &id);
        if public {
            self.problem(
                Problem::Ec2ImagePublic,
                ResourceKind::Image,
                &arn,
                Some(region),
                Vec::new(),
            );
        } else {
            self.clean(ResourceKind::Image, &arn);
        }
        Ok(id)
    }

    /// The region's golden AMIs (current, previous, legacy) and planted public AMI / snapshot.
    pub fn images(&mut self, region: &'static str, first: bool) -> Result<(), DemoError> {
        let current = self.image(region, "acme-al2023-base-2026.10.2", 20, false)?;
        let previous = self.image(region, "acme-al2023-base-2026.08.1", 80, false)?;
        let legacy = self.image(region, "acme-ubuntu-20.04-legacy-2023.02", 1000, false)?;
        if first && self.acct.has(Problem::Ec2ImagePublic) {
            self.image(region, "acme-partner-demo-appliance", 200, true)?;
        }
        if first && self.acct.has(Problem::Ec2SnapshotPublic) {
            self.snapshot(
                region,
                "vol-ffffffff",
                50,
                false,
                true,
                "db export for vendor",
                &[("Name", "vendor-export")],
            )?;
        }
        self.amis.insert(region, [current, previous, legacy]);
        Ok(())
    }

    #[expect(
        clippy::too_many_arguments,
        reason = "mirrors the API call's parameters"
    )]
    fn volume(
        &mut self,
        region: &str,
        az: &str,
        instance_id: &str,
        device: &str,
        size: u32,
        encrypted: bool,
        tag_pairs: &[(String, String)],
    ) -> Result<String, DemoError> {
        let id = self.rng.ec2_id("vol");
        let t: Vec<(&str, &str)> = tag_pairs
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let mut v = json!({
            "Attachments": [{"AttachTime": time::iso(30 * DAY), "Device": device, "InstanceId": instance_id,
                             "State": "attached", "VolumeId": id, "DeleteOnTermination": device == "/dev/xvda"}],
            "AvailabilityZone": az,
            "CreateTime": time::iso(30 * DAY),
            "Encrypted": encrypted,
            "Size": size,
            "SnapshotId": "",
            "State": "in-use",
            "VolumeId": id,
            "Iops": 3000,
            "VolumeType": "gp3",
            "Throughput": 125,
            "MultiAttachEnabled": false,
            "Tags": tags(&t)
        });
        if encrypted {
            v["KmsKeyId"] = json!(self.keys.get(region).map(|k| k.ebs.clone()));
        }
        self.out
            .item(region, "ec2-describe-volumes", "Volumes", &v)?;
        self.out.count(ResourceKind::Volume);
        let arn = self.ec2_arn(region, "volume", &id);
        if encrypted {
            self.clean(ResourceKind::Volume, &arn);
            if self.rng.chance(0.08) {
                self.snapshot(
                    region,
                    &id,
                    size,
                    true,
                    false,
                    "daily backup",
                    &[("backup", "daily")],
                )?;
            }
        } else {
            self.problem(
                Problem::Ec2VolumeUnencrypted,
                ResourceKind::Volume,
                &arn,
                Some(region),
                vec![self.ec2_arn(region, "instance", instance_id)],
            );
        }
        Ok(id)
    }

    /// Launches an instance into `subnet`.
    pub fn instance(
        &mut self,
        net: &Net,
        subnet: &mut Subnet,
        spec: &InstanceSpec<'_>,
    ) -> Result<Launched, DemoError> {
        let region = net.region;
        let id = self.rng.ec2_id("i");
        let eni_spec = EniSpec {
            interface_type: "interface",
            description: String::new(),
            groups: &spec.groups,
            instance: Some(&id),
            public_ip: spec.public_ip,
            requester: None,
        };
        let eni = self.eni(region, &net.vpc_id, subnet, &eni_spec)?;
        let eni_json = serde_json::to_value(self.eni_json(region, &net.vpc_id, &eni, &eni_spec))
            .map_err(|source| DemoError::Json {
                file: format!("{region}/ec2-describe-instances.json"),
                source,
            })?;
        let name_only: Vec<(String, String)> = spec
            .tags
            .iter()
            .filter(|(k, _)| k == "Name")
            .cloned()
            .collect();
        let size = 30 + 10 * self.rng.below(8) as u32;
        let root = self.volume(
            region,
            &eni.az,
            &id,
            "/dev/xvda",
            size,
            spec.encrypted,
            &name_only,
        )?;
        let mut bdm = vec![
            json!({"DeviceName": "/dev/xvda", "Ebs": {"AttachTime": time::iso(30 * DAY),
            "DeleteOnTermination": true, "Status": "attached", "VolumeId": root}}),
        ];
        if spec.unencrypted_data_volume {
            let data = self.volume(region, &eni.az, &id, "/dev/sdf", 500, false, &name_only)?;
            bdm.push(
                json!({"DeviceName": "/dev/sdf", "Ebs": {"AttachTime": time::iso(30 * DAY),
                "DeleteOnTermination": false, "Status": "attached", "VolumeId": data}}),
            );
        }
        let t: Vec<(&str, &str)> = spec
            .tags
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let groups: Vec<Value> = spec
            .groups
            .iter()
            .map(|(i, n)| json!({"GroupId": i, "GroupName": n}))
            .collect();
        let mut inst = json!({
            "AmiLaunchIndex": 0,
            "ImageId": spec.image_id,
            "InstanceId": id,
            "InstanceType": spec.instance_type,
            "LaunchTime": time::iso((1 + self.rng.below(90)) as i64 * DAY),
            "Monitoring": {"State": "disabled"},
            "Placement": {"AvailabilityZone": eni.az, "GroupName": "", "Tenancy": "default"},
            "PrivateDnsName": Self::private_dns(region, eni.ip),
            "PrivateIpAddress": eni.ip.to_string(),
            "PublicDnsName": eni.public_ip.map(|p| Self::public_dns(region, p)).unwrap_or_default(),
            "State": {"Code": 16, "Name": "running"},
            "SubnetId": eni.subnet_id,
            "VpcId": net.vpc_id,
            "Architecture": "x86_64",
            "BlockDeviceMappings": bdm,
            "EbsOptimized": true,
            "EnaSupport": true,
            "Hypervisor": "xen",
            "NetworkInterfaces": [eni_json],
            "RootDeviceName": "/dev/xvda",
            "RootDeviceType": "ebs",
            "SecurityGroups": groups,
            "SourceDestCheck": true,
            "Tags": tags(&t),
            "VirtualizationType": "hvm",
            "MetadataOptions": {"State": "applied", "HttpTokens": if spec.imdsv1 { "optional" } else { "required" },
                "HttpPutResponseHopLimit": 2, "HttpEndpoint": "enabled", "HttpProtocolIpv6": "disabled",
                "InstanceMetadataTags": "disabled"},
            "PlatformDetails": if spec.windows { "Windows" } else { "Linux/UNIX" },
            "UsageOperation": if spec.windows { "RunInstances:0002" } else { "RunInstances" }
        });
        if let Some(p) = eni.public_ip {
            inst["PublicIpAddress"] = json!(p.to_string());
        }
        if spec.windows {
            inst["Platform"] = json!("windows");
        }
        if let Some((arn, pid)) = &spec.profile {
            inst["IamInstanceProfile"] = json!({"Arn": arn, "Id": pid});
        }
        self.out.item(
            region,
            "ec2-describe-instances",
            "Reservations",
            &json!({
            "Groups": [], "Instances": [inst], "OwnerId": self.acct.id,
            "ReservationId": self.rng.ec2_id("r")}),
        )?;
        self.out.count(ResourceKind::Instance);
        let arn = self.ec2_arn(region, "instance", &id);
        Ok(Launched { id, arn })
    }

    /// An application load balancer with an HTTPS listener (and an HTTP redirect) forwarding to a
    /// target group of `targets` (instance ids or IPs) on `port`.
    #[allow(
        clippy::too_many_arguments,
        reason = "a load balancer has this many parts"
    )]
    pub fn alb(
        &mut self,
        net: &mut Net,
        name: &str,
        internet_facing: bool,
        sg: &(String, String),
        target_type: &str,
        port: u16,
        targets: &[String],
        tag_pairs: &[(String, String)],
    ) -> Result<Alb, DemoError> {
        let region = net.region;
        let account = self.acct.id.clone();
        let lb_hex = self.rng.hex(16);
        let arn = format!(
            "arn:aws:elasticloadbalancing:{region}:{account}:loadbalancer/app/{name}/{lb_hex}"
        );
        let tg_name = format!("{}-tg", name.trim_end_matches("-alb"));
        let tg_arn = format!(
            "arn:aws:elasticloadbalancing:{region}:{account}:targetgroup/{tg_name}/{}",
            self.rng.hex(16)
        );
        let groups = [sg.clone()];
        let mut azs = Vec::new();
        let subnets: Vec<Subnet> = if internet_facing {
            net.public.clone()
        } else {
            net.private.clone()
        };
        for (i, mut s) in subnets.into_iter().enumerate() {
            let spec = EniSpec {
                interface_type: "interface",
                description: format!("ELB app/{name}/{lb_hex}"),
                groups: &groups,
                instance: None,
                public_ip: internet_facing,
                requester: Some("amazon-elb".into()),
            };
            self.eni(region, &net.vpc_id.clone(), &mut s, &spec)?;
            azs.push(json!({"ZoneName": s.az, "SubnetId": s.id, "LoadBalancerAddresses": []}));
            if internet_facing {
                net.public[i] = s
            } else {
                net.private[i] = s
            }
        }
        let dns = format!(
            "{}{name}-{}.{region}.elb.amazonaws.com",
            if internet_facing { "" } else { "internal-" },
            1_000_000_000 + self.rng.below(999_999_999)
        );
        self.out.item(
            region,
            "elbv2-describe-load-balancers",
            "LoadBalancers",
            &json!({
                "LoadBalancerArn": arn,
                "DNSName": dns,
                "CanonicalHostedZoneId": "Z35SXDOTRQ7X7K",
                "CreatedTime": time::iso(300 * DAY),
                "LoadBalancerName": name,
                "Scheme": if internet_facing { "internet-facing" } else { "internal" },
                "VpcId": net.vpc_id,
                "State": {"Code": "active"},
                "Type": "application",
                "AvailabilityZones": azs,
                "SecurityGroups": [sg.0],
                "IpAddressType": "ipv4"
            }),
        )?;
        self.out.count(ResourceKind::LoadBalancer);
        let https = format!(
            "arn:aws:elasticloadbalancing:{region}:{account}:listener/app/{name}/{lb_hex}/{}",
            self.rng.hex(16)
        );
        let http = format!(
            "arn:aws:elasticloadbalancing:{region}:{account}:listener/app/{name}/{lb_hex}/{}",
            self.rng.hex(16)
        );
        let cert = format!(
            "arn:aws:acm:{region}:{account}:certificate/{}",
            self.rng.uuid()
        );
        self.out.param(region, "elbv2-describe-listeners", &arn, &json!({"Listeners": [
            {"ListenerArn": https, "LoadBalancerArn": arn, "Port": 443, "Protocol": "HTTPS",
             "Certificates": [{"CertificateArn": cert}], "SslPolicy": "ELBSecurityPolicy-TLS13-1-2-2021-06",
             "DefaultActions": [{"Type": "forward", "TargetGroupArn": tg_arn,
                "ForwardConfig": {"TargetGroups": [{"TargetGroupArn": tg_arn, "Weight": 1}],
                                  "TargetGroupStickinessConfig": {"Enabled": false}}}]},
            {"ListenerArn": http, "LoadBalancerArn": arn, "Port": 80, "Protocol": "HTTP",
             "DefaultActions": [{"Type": "redirect", "RedirectConfig": {"Protocol": "HTTPS", "Port": "443",
                "Host": "#{host}", "Path": "/#{path}", "Query": "#{query}", "StatusCode": "HTTP_301"}}]}
        ]}))?;
        self.out.count(ResourceKind::Listener);
        self.out.count(ResourceKind::Listener);
        self.out.item(region, "elbv2-describe-target-groups", "TargetGroups", &json!({
            "TargetGroupArn": tg_arn, "TargetGroupName": tg_name, "Protocol": "HTTP", "Port": port,
            "VpcId": net.vpc_id, "HealthCheckProtocol": "HTTP", "HealthCheckPort": "traffic-port",
            "HealthCheckEnabled": true, "HealthCheckIntervalSeconds": 30, "HealthCheckTimeoutSeconds": 5,
            "HealthyThresholdCount": 5, "UnhealthyThresholdCount": 2, "HealthCheckPath": "/health",
            "Matcher": {"HttpCode": "200"}, "LoadBalancerArns": [arn], "TargetType": target_type,
            "ProtocolVersion": "HTTP1", "IpAddressType": "ipv4"
        }))?;
        self.out.count(ResourceKind::TargetGroup);
        let health: Vec<Value> = targets
            .iter()
            .map(|t| {
                json!({
            "Target": {"Id": t, "Port": port}, "HealthCheckPort": port.to_string(),
            "TargetHealth": {"State": "healthy"}})
            })
            .collect();
        self.out.param(
            region,
            "elbv2-describe-target-health",
            &tg_arn,
            &json!({"TargetHealthDescriptions": health}),
        )?;
        let t: Vec<(&str, &str)> = tag_pairs
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        for r in [&arn, &tg_arn] {
            self.out.item(
                region,
                "elbv2-describe-tags",
                "TagDescriptions",
                &json!({"ResourceArn": r, "Tags": tags(&t)}),
            )?;
        }
        Ok(Alb {
            arn,
            target_group_arn: tg_arn,
            listener_arn: https,
        })
    }

    /// Creates a Lambda function. Returns its ARN.
    pub fn function(
        &mut self,
        net: &mut Net,
        spec: &FunctionSpec<'_>,
    ) -> Result<String, DemoError> {
        let region = net.region;
        let account = self.acct.id.clone();
        let arn = format!("arn:aws:lambda:{region}:{account}:function:{}", spec.name);
        let vars: serde_json::Map<String, Value> = spec
            .env
            .iter()
            .map(|(k, v)| ((*k).to_owned(), json!(v)))
            .collect();
        let mut f = json!({
            "FunctionName": spec.name,
            "FunctionArn": arn,
            "Runtime": spec.runtime,
            "Role": spec.role_arn,
            "Handler": if spec.runtime.starts_with("python") { "app.handler" } else { "index.handler" },
            "CodeSize": 10_000 + self.rng.below(5_000_000),
            "Description": "",
            "Timeout": 30,
            "MemorySize": 512,
            "LastModified": time::lambda((1 + self.rng.below(120)) as i64 * DAY),
            "CodeSha256": self.rng.hex(43),
            "Version": "$LATEST",
            "Environment": {"Variables": vars},
            "TracingConfig": {"Mode": "PassThrough"},
            "RevisionId": self.rng.uuid(),
            "PackageType": "Zip",
            "Architectures": ["arm64"],
            "EphemeralStorage": {"Size": 512},
            "SnapStart": {"ApplyOn": "None", "OptimizationStatus": "Off"},
            "LoggingConfig": {"LogFormat": "Text", "LogGroup": format!("/aws/lambda/{}", spec.name)}
        });
        if let Some((subnets, group)) = &spec.vpc {
            let groups = [group.clone()];
            let mut ids = Vec::new();
            for &i in subnets {
                let i = i % net.private.len().max(1);
                let eni_spec = EniSpec {
                    interface_type: "lambda",
                    description: format!("AWS Lambda VPC ENI-{}-{}", spec.name, self.rng.uuid()),
                    groups: &groups,
                    instance: None,
                    public_ip: false,
                    requester: Some(format!("{}:{}", spec.role_id, spec.name)),
                };
                let mut s = net.private[i].clone();
                self.eni(region, &net.vpc_id.clone(), &mut s, &eni_spec)?;
                ids.push(s.id.clone());
                net.private[i] = s;
            }
            f["VpcConfig"] = json!({"SubnetIds": ids, "SecurityGroupIds": [group.0], "VpcId": net.vpc_id,
                                     "Ipv6AllowedForDualStack": false});
        }
        self.out
            .item(region, "lambda-list-functions", "Functions", &f)?;
        match &spec.policy {
            Some(statements) => self.out.param(region, "lambda-get-policy", &spec.name, &json!({
                "Policy": policy::text(&json!({"Version": "2012-10-17", "Id": "default", "Statement": statements})),
                "RevisionId": self.rng.uuid()}))?,
            None => self.out.param(region, "lambda-get-policy", &spec.name, &json!({}))?,
        }
        let tag_map: serde_json::Map<String, Value> = spec
            .tags
            .iter()
            .map(|(k, v)| (k.clone(), json!(v)))
            .collect();
        self.out
            .param(region, "lambda-list-tags", &arn, &json!({"Tags": tag_map}))?;
        self.out.count(ResourceKind::LambdaFunction);
        Ok(arn)
    }

    /// An event source mapping from a queue to a function.
    pub fn event_source_mapping(
        &mut self,
        region: &str,
        source_arn: &str,
        function_arn: &str,
    ) -> Result<(), DemoError> {
        self.out.item(region, "lambda-list-event-source-mappings", "EventSourceMappings", &json!({
            "UUID": self.rng.uuid(), "BatchSize": 10, "MaximumBatchingWindowInSeconds": 0,
            "EventSourceArn": source_arn, "FunctionArn": function_arn,
            "LastModified": time::iso(60 * DAY), "State": "Enabled",
            "StateTransitionReason": "USER_INITIATED", "FunctionResponseTypes": ["ReportBatchItemFailures"]
        }))?;
        self.out.count(ResourceKind::EventSourceMapping);
        Ok(())
    }
}
