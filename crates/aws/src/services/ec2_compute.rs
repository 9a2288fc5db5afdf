//! EC2 compute and storage: instances, volumes, snapshots, images, EBS default encryption.

use crate::items::Items;
use nephos_model::props::*;
use nephos_model::{Properties, RelationshipKind as K, ResourceId, ResourceKind};
use serde::Deserialize;
use serde_json::Result;

use crate::out::{Ctx, Out};
use crate::text::{Tag, Text, ipv4, ipv6, name_for, opt, opt_time, tags};

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Named<'a> {
    #[serde(default, borrow)]
    name: Text<'a>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Placement<'a> {
    #[serde(default, borrow)]
    availability_zone: Option<Text<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct GroupRef<'a> {
    #[serde(borrow)]
    group_id: Text<'a>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Ipv6Address<'a> {
    #[serde(default, borrow)]
    ipv6_address: Option<Text<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct InstanceInterface<'a> {
    #[serde(borrow)]
    network_interface_id: Text<'a>,
    #[serde(default, borrow)]
    ipv6_addresses: Vec<Ipv6Address<'a>>,
    #[serde(default, borrow)]
    groups: Vec<GroupRef<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct ProfileRef<'a> {
    #[serde(default, borrow)]
    arn: Option<Text<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct MetadataShape<'a> {
    #[serde(default, borrow)]
    http_tokens: Text<'a>,
    #[serde(default, borrow)]
    http_endpoint: Text<'a>,
    #[serde(default)]
    http_put_response_hop_limit: Option<i64>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Ebs<'a> {
    #[serde(default, borrow)]
    volume_id: Option<Text<'a>>,
    #[serde(default, borrow)]
    snapshot_id: Option<Text<'a>>,
    #[serde(default)]
    encrypted: Option<bool>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct BlockDevice<'a> {
    #[serde(default, borrow)]
    ebs: Option<Ebs<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Instance<'a> {
    #[serde(borrow)]
    instance_id: Text<'a>,
    #[serde(default, borrow)]
    instance_type: Text<'a>,
    #[serde(default, borrow)]
    image_id: Text<'a>,
    #[serde(default, borrow)]
    state: Option<Named<'a>>,
    #[serde(default, borrow)]
    vpc_id: Option<Text<'a>>,
    #[serde(default, borrow)]
    subnet_id: Option<Text<'a>>,
    #[serde(default, borrow)]
    placement: Option<Placement<'a>>,
    #[serde(default, borrow)]
    private_ip_address: Option<Text<'a>>,
    #[serde(default, borrow)]
    public_ip_address: Option<Text<'a>>,
    #[serde(default, borrow)]
    ipv6_address: Option<Text<'a>>,
    #[serde(default, borrow)]
    network_interfaces: Vec<InstanceInterface<'a>>,
    #[serde(default, borrow)]
    security_groups: Vec<GroupRef<'a>>,
    #[serde(default, borrow)]
    iam_instance_profile: Option<ProfileRef<'a>>,
    #[serde(default, borrow)]
    metadata_options: Option<MetadataShape<'a>>,
    #[serde(default, borrow)]
    launch_time: Option<Text<'a>>,
    #[serde(default, borrow)]
    platform: Option<Text<'a>>,
    #[serde(default, borrow)]
    key_name: Option<Text<'a>>,
    #[serde(default, borrow)]
    monitoring: Option<MonitoringState<'a>>,
    #[serde(default, borrow)]
    block_device_mappings: Vec<BlockDevice<'a>>,
    #[serde(default, borrow)]
    tags: Vec<Tag<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Reservation<'a> {
    #[serde(default, borrow)]
    owner_id: Option<Text<'a>>,
    #[serde(default, borrow)]
    instances: Items<Instance<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Reservations<'a> {
    #[serde(default, borrow)]
    reservations: Items<Reservation<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct MonitoringState<'a> {
    #[serde(default, borrow)]
    state: Text<'a>,
}

/// `ec2-describe-instances.json`.
pub fn instances(ctx: &Ctx<'_>, bytes: &[u8], out: &mut Out) -> Result<()> {
    let doc: Reservations<'_> = serde_json::from_slice(bytes)?;
    for res in doc.reservations {
        let owner = res
            .owner_id
            .as_ref()
            .map_or(ctx.account, |o| o.as_str())
            .to_owned();
        for i in res.instances {
            let short = i.instance_id.as_str();
            let id = ResourceId::ec2(ctx.region, &owner, "instance", short);
            let mut sgs: Vec<String> = Vec::new();
            let mut push_sg = |g: &str| {
                if !sgs.iter().any(|s| s == g) {
                    sgs.push(g.to_owned());
                }
            };
            for g in &i.security_groups {
                push_sg(g.group_id.as_str());
            }
            let mut ipv6_addresses: Vec<_> = ipv6(&i.ipv6_address).into_iter().collect();
            for n in &i.network_interfaces {
                for g in &n.groups {
                    push_sg(g.group_id.as_str());
                }
                for a in n
                    .ipv6_addresses
                    .iter()
                    .filter_map(|a| ipv6(&a.ipv6_address))
                {
                    if !ipv6_addresses.contains(&a) {
                        ipv6_addresses.push(a);
                    }
                }
                out.rel(
                    id.clone(),
                    K::AttachedTo,
                    ctx.ec2("network-interface", n.network_interface_id.as_str()),
                    "ec2:DescribeInstances Reservations[].Instances[].NetworkInterfaces[].NetworkInterfaceId",
                );
            }
            match (opt(&i.subnet_id), opt(&i.vpc_id)) {
                (Some(s), _) => out.rel(
                    ctx.ec2("subnet", &s),
                    K::Contains,
                    id.clone(),
                    "ec2:DescribeInstances Instances[].SubnetId",
                ),
                (None, Some(v)) => out.rel(
                    ctx.ec2("vpc", &v),
                    K::Contains,
                    id.clone(),
                    "ec2:DescribeInstances Instances[].VpcId",
                ),
                (None, None) => out.rel(
                    ctx.region_id(),
                    K::Contains,
                    id.clone(),
                    "ec2:DescribeInstances Instances[].InstanceId",
                ),
            }
            let profile = i.iam_instance_profile.as_ref().and_then(|p| opt(&p.arn));
            if let Some(p) = &profile {
                out.rel(
                    id.clone(),
                    K::UsesRole,
                    ResourceId::new(p.as_str()),
                    "ec2:DescribeInstances Instances[].IamInstanceProfile.Arn",
                );
            }
            if !i.image_id.is_empty() {
                out.rel(
                    id.clone(),
                    K::InstanceOf,
                    ResourceId::arn("ec2", ctx.region, "", &format!("image/{}", i.image_id)),
                    "ec2:DescribeInstances Instances[].ImageId",
                );
            }
            let tags = tags(&i.tags);
            let mut r = ctx.resource(id, ResourceKind::Instance, name_for(&tags, None, short));
            r.account.clone_from(&owner);
            r.tags = tags;
            r.created = opt_time(&i.launch_time);
            let metadata_options = i
                .metadata_options
                .as_ref()
                .map(|m| MetadataOptions {
                    http_tokens: m.http_tokens.to_owned_string(),
                    http_endpoint: m.http_endpoint.to_owned_string(),
                    http_put_response_hop_limit: m
                        .http_put_response_hop_limit
                        .and_then(|n| i32::try_from(n).ok()),
                })
                .unwrap_or_default();
            r.props = Properties::Instance(Box::new(InstanceProps {
                instance_id: short.to_owned(),
                instance_type: i.instance_type.to_owned_string(),
                image_id: i.image_id.to_owned_string(),
                state: i
                    .state
                    .as_ref()
                    .map(|s| s.name.to_owned_string())
                    .unwrap_or_default(),
                vpc_id: opt(&i.vpc_id),
                subnet_id: opt(&i.subnet_id),
                availability_zone: i.placement.as_ref().and_then(|p| opt(&p.availability_zone)),
                private_ip: ipv4(&i.private_ip_address),
                public_ip: ipv4(&i.public_ip_address),
                ipv6_addresses,
                security_group_ids: sgs,
                network_interface_ids: i
                    .network_interfaces
                    .iter()
                    .map(|n| n.network_interface_id.to_owned_string())
                    .collect(),
                iam_instance_profile_arn: profile,
                metadata_options,
                launch_time: opt_time(&i.launch_time),
                platform: opt(&i.platform),
                key_name: opt(&i.key_name),
                monitoring_enabled: i
                    .monitoring
                    .as_ref()
                    .is_some_and(|m| m.state.as_str() == "enabled"),
                volume_ids: i
                    .block_device_mappings
                    .iter()
                    .filter_map(|b| b.ebs.as_ref().and_then(|e| opt(&e.volume_id)))
                    .collect(),
            }));
            out.resources.push(r);
        }
    }
    Ok(())
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct VolumeAttachment<'a> {
    #[serde(default, borrow)]
    instance_id: Option<Text<'a>>,
    #[serde(default, borrow)]
    state: Text<'a>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Volume<'a> {
    #[serde(borrow)]
    volume_id: Text<'a>,
    #[serde(default)]
    size: i64,
    #[serde(default, borrow)]
    volume_type: Text<'a>,
    #[serde(default)]
    encrypted: bool,
    #[serde(default, borrow)]
    kms_key_id: Option<Text<'a>>,
    #[serde(default, borrow)]
    state: Text<'a>,
    #[serde(default, borrow)]
    availability_zone: Text<'a>,
    #[serde(default, borrow)]
    attachments: Vec<VolumeAttachment<'a>>,
    #[serde(default, borrow)]
    snapshot_id: Option<Text<'a>>,
    #[serde(default, borrow)]
    create_time: Option<Text<'a>>,
    #[serde(default, borrow)]
    tags: Vec<Tag<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Volumes<'a> {
    #[serde(default, borrow)]
    volumes: Items<Volume<'a>>,
}

/// `ec2-describe-volumes.json`.
pub fn volumes(ctx: &Ctx<'_>, bytes: &[u8], out: &mut Out) -> Result<()> {
    let doc: Volumes<'_> = serde_json::from_slice(bytes)?;
    for v in doc.volumes {
        let id = ctx.ec2_id("volume", v.volume_id.as_str());
        let attached: Vec<String> = v
            .attachments
            .iter()
            .filter(|a| !matches!(a.state.as_str(), "detached" | "detaching"))
            .filter_map(|a| opt(&a.instance_id))
            .collect();
        for i in &attached {
            out.rel(
                id.clone(),
                K::AttachedTo,
                ctx.ec2("instance", i),
                "ec2:DescribeVolumes Volumes[].Attachments[].InstanceId",
            );
        }
        let kms = opt(&v.kms_key_id);
        if let (true, Some(k)) = (v.encrypted, &kms) {
            out.rel(
                id.clone(),
                K::EncryptedBy,
                ctx.kms(k),
                "ec2:DescribeVolumes Volumes[].KmsKeyId",
            );
        }
        let snapshot = opt(&v.snapshot_id);
        if let Some(s) = &snapshot {
            out.rel(
                id.clone(),
                K::InstanceOf,
                ResourceId::arn("ec2", ctx.region, "", &format!("snapshot/{s}")),
                "ec2:DescribeVolumes Volumes[].SnapshotId",
            );
        }
        let tags = tags(&v.tags);
        let mut r = ctx.resource(
            id.clone(),
            ResourceKind::Volume,
            name_for(&tags, None, v.volume_id.as_str()),
        );
        r.tags = tags;
        r.created = opt_time(&v.create_time);
        r.props = Properties::Volume(VolumeProps {
            volume_id: v.volume_id.to_owned_string(),
            size_gib: v.size,
            volume_type: v.volume_type.to_owned_string(),
            encrypted: v.encrypted,
            kms_key_id: kms,
            state: v.state.to_owned_string(),
            availability_zone: v.availability_zone.to_owned_string(),
            attached_instance_ids: attached,
            snapshot_id: snapshot,
        });
        out.rel(
            ctx.region_id(),
            K::Contains,
            id,
            "ec2:DescribeVolumes Volumes[].VolumeId",
        );
        out.resources.push(r);
    }
    Ok(())
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Snapshot<'a> {
    #[serde(borrow)]
    snapshot_id: Text<'a>,
    #[serde(default, borrow)]
    volume_id: Option<Text<'a>>,
    #[serde(default)]
    encrypted: bool,
    #[serde(default, borrow)]
    kms_key_id: Option<Text<'a>>,
    #[serde(default, borrow)]
    owner_id: Option<Text<'a>>,
    #[serde(default)]
    volume_size: i64,
    #[serde(default, borrow)]
    start_time: Option<Text<'a>>,
    #[serde(default, borrow)]
    tags: Vec<Tag<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Snapshots<'a> {
    #[serde(default, borrow)]
    snapshots: Items<Snapshot<'a>>,
}

/// The ARN of a snapshot (EC2 snapshot ARNs carry no account).
pub fn snapshot_id(region: &str, id: &str) -> ResourceId {
    ResourceId::arn("ec2", region, "", &format!("snapshot/{id}"))
}

/// `ec2-describe-snapshots.json`.
pub fn snapshots(ctx: &Ctx<'_>, bytes: &[u8], out: &mut Out) -> Result<()> {
    let doc: Snapshots<'_> = serde_json::from_slice(bytes)?;
    for s in doc.snapshots {
        let id = snapshot_id(ctx.region, s.snapshot_id.as_str());
        let kms = opt(&s.kms_key_id);
        if let (true, Some(k)) = (s.encrypted, &kms) {
            out.rel(
                id.clone(),
                K::EncryptedBy,
                ctx.kms(k),
                "ec2:DescribeSnapshots Snapshots[].KmsKeyId",
            );
        }
        let tags = tags(&s.tags);
        let mut r = ctx.resource(
            id.clone(),
            ResourceKind::Snapshot,
            name_for(&tags, None, s.snapshot_id.as_str()),
        );
        r.tags = tags;
        r.created = opt_time(&s.start_time);
        r.props = Properties::Snapshot(SnapshotProps {
            snapshot_id: s.snapshot_id.to_owned_string(),
            volume_id: opt(&s.volume_id),
            encrypted: s.encrypted,
            kms_key_id: kms,
            owner_id: opt(&s.owner_id).unwrap_or_else(|| ctx.account.to_owned()),
            public: None,
            shared_with_accounts: Vec::new(),
            volume_size_gib: s.volume_size,
        });
        out.rel(
            ctx.region_id(),
            K::Contains,
            id,
            "ec2:DescribeSnapshots Snapshots[].SnapshotId",
        );
        out.resources.push(r);
    }
    Ok(())
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct VolumePermission<'a> {
    #[serde(default, borrow)]
    group: Option<Text<'a>>,
    #[serde(default, borrow)]
    user_id: Option<Text<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct SnapshotAttribute<'a> {
    #[serde(default, borrow)]
    create_volume_permissions: Vec<VolumePermission<'a>>,
}

/// `ec2-describe-snapshot-attribute/<snap-id>`.
pub fn snapshot_attribute(ctx: &Ctx<'_>, bytes: &[u8], out: &mut Out) -> Result<()> {
    let doc: SnapshotAttribute<'_> = serde_json::from_slice(bytes)?;
    let public = doc
        .create_volume_permissions
        .iter()
        .any(|p| p.group.as_ref().is_some_and(|g| g.as_str() == "all"));
    let shared: Vec<String> = doc
        .create_volume_permissions
        .iter()
        .filter_map(|p| opt(&p.user_id))
        .collect();
    out.patch(snapshot_id(ctx.region, ctx.param()), move |r| {
        if let Properties::Snapshot(p) = &mut r.props {
            p.public = Some(public);
            p.shared_with_accounts = shared;
        }
    });
    Ok(())
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Image<'a> {
    #[serde(borrow)]
    image_id: Text<'a>,
    #[serde(default, borrow)]
    owner_id: Option<Text<'a>>,
    #[serde(default)]
    public: bool,
    #[serde(default, borrow)]
    state: Text<'a>,
    #[serde(default, borrow)]
    name: Option<Text<'a>>,
    #[serde(default, borrow)]
    creation_date: Option<Text<'a>>,
    #[serde(default, borrow)]
    block_device_mappings: Vec<BlockDevice<'a>>,
    #[serde(default, borrow)]
    tags: Vec<Tag<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Images<'a> {
    #[serde(default, borrow)]
    images: Items<Image<'a>>,
}

/// `ec2-describe-images.json`.
pub fn images(ctx: &Ctx<'_>, bytes: &[u8], out: &mut Out) -> Result<()> {
    let doc: Images<'_> = serde_json::from_slice(bytes)?;
    for i in doc.images {
        let id = ResourceId::arn("ec2", ctx.region, "", &format!("image/{}", i.image_id));
        let ebs: Vec<&Ebs<'_>> = i
            .block_device_mappings
            .iter()
            .filter_map(|b| b.ebs.as_ref())
            .collect();
        let tags = tags(&i.tags);
        let name = name_for(
            &tags,
            i.name.as_ref().map(Text::as_str),
            i.image_id.as_str(),
        );
        let mut r = ctx.resource(id.clone(), ResourceKind::Image, name);
        r.tags = tags;
        r.created = opt_time(&i.creation_date);
        r.props = Properties::Image(ImageProps {
            image_id: i.image_id.to_owned_string(),
            owner_id: opt(&i.owner_id).unwrap_or_else(|| ctx.account.to_owned()),
            public: i.public,
            state: i.state.to_owned_string(),
            snapshot_ids: ebs.iter().filter_map(|e| opt(&e.snapshot_id)).collect(),
            encrypted: !ebs.is_empty() && ebs.iter().all(|e| e.encrypted == Some(true)),
        });
        out.rel(
            ctx.region_id(),
            K::Contains,
            id,
            "ec2:DescribeImages Images[].ImageId",
        );
        out.resources.push(r);
    }
    Ok(())
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct EbsDefault {
    #[serde(default)]
    ebs_encryption_by_default: bool,
}

/// `ec2-get-ebs-encryption-by-default.json`.
pub fn ebs_encryption_by_default(ctx: &Ctx<'_>, bytes: &[u8], out: &mut Out) -> Result<()> {
    let doc: EbsDefault = serde_json::from_slice(bytes)?;
    if doc.ebs_encryption_by_default {
        let region = ctx.region.to_owned();
        out.patch(ctx.account_id(), move |r| {
            if let Properties::Account(a) = &mut r.props
                && !a.ebs_encryption_by_default_regions.contains(&region)
            {
                a.ebs_encryption_by_default_regions.push(region);
            }
        });
    }
    Ok(())
}
