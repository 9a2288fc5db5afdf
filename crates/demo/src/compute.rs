//! Compute: AMIs and their snapshots, instances with their interfaces and volumes, application
//! load balancers with listeners and target groups, and Lambda functions.

use nephos_model::ResourceKind;
use serde_json::{Value, json};

use crate::DemoError;
use crate::account::Builder;
use crate::labels::Problem;
use crate::network::{EniDoc, EniSpec, GroupRef, Net, Subnet, tags};
use crate::policy;
use crate::time::{self, DAY};
use serde::Serialize;

/// ARN of an AMI (AMIs have no account in their ARN).
pub fn image_arn(region: &str, id: &str) -> String {
    format!("arn:aws:ec2:{region}::image/{id}")
}

/// ARN of an EBS snapshot (snapshots have no account in their ARN).
pub fn snapshot_arn(region: &str, id: &str) -> String {
    format!("arn:aws:ec2:{region}::snapshot/{id}")
}

/// `{"Key", "Value"}`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
struct Tag<'a> {
    key: &'a str,
    value: &'a str,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
struct VolumeAttachment<'a> {
    attach_time: &'a str,
    device: &'a str,
    instance_id: &'a str,
    state: &'static str,
    volume_id: &'a str,
    delete_on_termination: bool,
}

/// A volume as `DescribeVolumes` prints it.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
struct VolumeDoc<'a> {
    attachments: [VolumeAttachment<'a>; 1],
    availability_zone: &'a str,
    create_time: &'a str,
    encrypted: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    kms_key_id: Option<&'a str>,
    size: u32,
    snapshot_id: &'static str,
    state: &'static str,
    volume_id: &'a str,
    iops: u32,
    volume_type: &'static str,
    throughput: u32,
    multi_attach_enabled: bool,
    tags: Vec<Tag<'a>>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
struct State {
    state: &'static str,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
struct InstanceState {
    code: u32,
    name: &'static str,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
struct Placement<'a> {
    availability_zone: &'a str,
    group_name: &'static str,
    tenancy: &'static str,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
struct EbsAttachment<'a> {
    attach_time: &'a str,
    delete_on_termination: bool,
    status: &'static str,
    volume_id: &'a str,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
struct BlockDevice<'a> {
    device_name: &'a str,
    ebs: EbsAttachment<'a>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
struct Profile<'a> {
    arn: &'a str,
    id: &'a str,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
struct MetadataOptions {
    state: &'static str,
    http_tokens: &'static str,
    http_put_response_hop_limit: u32,
    http_endpoint: &'static str,
    #[serde(rename = "HttpProtocolIpv6")]
    http_protocol_ipv6: &'static str,
    instance_metadata_tags: &'static str,
}

/// An instance as `DescribeInstances` prints it (typed: instances are numerous).
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
struct InstanceDoc<'a> {
    ami_launch_index: u32,
    image_id: &'a str,
    instance_id: &'a str,
    instance_type: &'a str,
    launch_time: &'a str,
    monitoring: State,
    placement: Placement<'a>,
    private_dns_name: String,
    private_ip_address: String,
    public_dns_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    public_ip_address: Option<String>,
    state: InstanceState,
    subnet_id: &'a str,
    vpc_id: &'a str,
    architecture: &'static str,
    block_device_mappings: Vec<BlockDevice<'a>>,
    ebs_optimized: bool,
    ena_support: bool,
    hypervisor: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    iam_instance_profile: Option<Profile<'a>>,
    network_interfaces: [EniDoc<'a>; 1],
    #[serde(skip_serializing_if = "Option::is_none")]
    platform: Option<&'static str>,
    root_device_name: &'static str,
    root_device_type: &'static str,
    security_groups: Vec<GroupRef<'a>>,
    source_dest_check: bool,
    tags: Vec<Tag<'a>>,
    virtualization_type: &'static str,
    metadata_options: MetadataOptions,
    platform_details: &'static str,
    usage_operation: &'static str,
}

/// A reservation holding one instance.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
struct ReservationDoc<'a> {
    groups: [(); 0],
    instances: [InstanceDoc<'a>; 1],
    owner_id: &'a str,
    reservation_id: &'a str,
}

fn to_bytes(doc: &impl Serialize, region: &str, stem: &str) -> Result<Vec<u8>, DemoError> {
    serde_json::to_vec(doc).map_err(|source| DemoError::Json {
        file: format!("{region}/{stem}.json"),
        source,
    })
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
        let kms = if encrypted {
            self.keys.get(region).map(|k| k.ebs.clone())
        } else {
            None
        };
        let attach_time = time::iso(30 * DAY);
        let doc = VolumeDoc {
            attachments: [VolumeAttachment {
                attach_time: &attach_time,
                device,
                instance_id,
                state: "attached",
                volume_id: &id,
                delete_on_termination: device == "/dev/xvda",
            }],
            availability_zone: az,
            create_time: &attach_time,
            encrypted,
            kms_key_id: kms.as_deref(),
            size,
            snapshot_id: "",
            state: "in-use",
            volume_id: &id,
            iops: 3000,
            volume_type: "gp3",
            throughput: 125,
            multi_attach_enabled: false,
            tags: tag_pairs
                .iter()
                .map(|(k, v)| Tag { key: k, value: v })
                .collect(),
        };
        let bytes = to_bytes(&doc, region, "ec2-describe-volumes")?;
        self.out
            .item_raw(region, "ec2-describe-volumes", "Volumes", &bytes);
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
        let mut volumes: Vec<(&str, String)> = vec![("/dev/xvda", root)];
        if spec.unencrypted_data_volume {
            let data = self.volume(region, &eni.az, &id, "/dev/sdf", 500, false, &name_only)?;
            volumes.push(("/dev/sdf", data));
        }
        let launch = time::iso((1 + self.rng.below(90)) as i64 * DAY);
        let reservation = self.rng.ec2_id("r");
        let attach = time::iso(30 * DAY);
        let bytes = {
            let eni_doc = self.eni_json(region, &net.vpc_id, &eni, &eni_spec);
            let doc = ReservationDoc {
                groups: [],
                instances: [InstanceDoc {
                    ami_launch_index: 0,
                    image_id: spec.image_id,
                    instance_id: &id,
                    instance_type: spec.instance_type,
                    launch_time: &launch,
                    monitoring: State { state: "disabled" },
                    placement: Placement {
                        availability_zone: &eni.az,
                        group_name: "",
                        tenancy: "default",
                    },
                    private_dns_name: Self::private_dns(region, eni.ip),
                    private_ip_address: eni.ip.to_string(),
                    public_dns_name: eni
                        .public_ip
                        .map(|p| Self::public_dns(region, p))
                        .unwrap_or_default(),
                    public_ip_address: eni.public_ip.map(|p| p.to_string()),
                    state: InstanceState {
                        code: 16,
                        name: "running",
                    },
                    subnet_id: &eni.subnet_id,
                    vpc_id: &net.vpc_id,
                    architecture: "x86_64",
                    block_device_mappings: volumes
                        .iter()
                        .map(|(device, vol)| BlockDevice {
                            device_name: device,
                            ebs: EbsAttachment {
                                attach_time: &attach,
                                delete_on_termination: *device == "/dev/xvda",
                                status: "attached",
                                volume_id: vol,
                            },
                        })
                        .collect(),
                    ebs_optimized: true,
                    ena_support: true,
                    hypervisor: "xen",
                    iam_instance_profile: spec
                        .profile
                        .as_ref()
                        .map(|(arn, id)| Profile { arn, id }),
                    network_interfaces: [eni_doc],
                    platform: spec.windows.then_some("windows"),
                    root_device_name: "/dev/xvda",
                    root_device_type: "ebs",
                    security_groups: spec
                        .groups
                        .iter()
                        .map(|(i, n)| GroupRef {
                            group_id: i,
                            group_name: n,
                        })
                        .collect(),
                    source_dest_check: true,
                    tags: spec
                        .tags
                        .iter()
                        .map(|(k, v)| Tag { key: k, value: v })
                        .collect(),
                    virtualization_type: "hvm",
                    metadata_options: MetadataOptions {
                        state: "applied",
                        http_tokens: if spec.imdsv1 { "optional" } else { "required" },
                        http_put_response_hop_limit: 2,
                        http_endpoint: "enabled",
                        http_protocol_ipv6: "disabled",
                        instance_metadata_tags: "disabled",
                    },
                    platform_details: if spec.windows {
                        "Windows"
                    } else {
                        "Linux/UNIX"
                    },
                    usage_operation: if spec.windows {
                        "RunInstances:0002"
                    } else {
                        "RunInstances"
                    },
                }],
                owner_id: &self.acct.id,
                reservation_id: &reservation,
            };
            to_bytes(&doc, region, "ec2-describe-instances")?
        };
        self.out
            .item_raw(region, "ec2-describe-instances", "Reservations", &bytes);
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
