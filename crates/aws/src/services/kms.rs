//! KMS: keys, their policies, rotation, aliases and tags.

use crate::items::Items;
use nephos_model::props::*;
use nephos_model::{Properties, RelationshipKind as K, ResourceId, ResourceKind};
use serde::Deserialize;
use serde_json::Result;
use serde_json::value::RawValue;

use crate::out::{Ctx, Out};
use crate::text::{Text, opt, opt_time, policy_text};

/// The key's ARN from a key id or ARN.
pub fn key_id(ctx: &Ctx<'_>, id_or_arn: &str) -> ResourceId {
    if id_or_arn.starts_with("arn:") {
        ResourceId::new(id_or_arn)
    } else {
        ResourceId::arn("kms", ctx.region, ctx.account, &format!("key/{id_or_arn}"))
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct KeyRef<'a> {
    #[serde(borrow)]
    key_id: Text<'a>,
    #[serde(default, borrow)]
    key_arn: Option<Text<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Keys<'a> {
    #[serde(default, borrow)]
    keys: Items<KeyRef<'a>>,
}

/// `kms-list-keys.json`: one resource per key; `kms-describe-key/…` fills in the details.
pub fn keys(ctx: &Ctx<'_>, bytes: &[u8], out: &mut Out) -> Result<()> {
    let doc: Keys<'_> = serde_json::from_slice(bytes)?;
    for k in doc.keys {
        let id = match opt(&k.key_arn) {
            Some(a) => ResourceId::new(a),
            None => key_id(ctx, k.key_id.as_str()),
        };
        out.rel(
            ctx.region_id(),
            K::Contains,
            id.clone(),
            "kms:ListKeys Keys[].KeyArn",
        );
        let mut r = ctx.resource(id, ResourceKind::KmsKey, k.key_id.to_owned_string());
        r.props = Properties::KmsKey(KmsKeyProps {
            key_id: k.key_id.to_owned_string(),
            ..KmsKeyProps::default()
        });
        out.resources.push(r);
    }
    Ok(())
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct KeyMetadata<'a> {
    #[serde(borrow)]
    key_id: Text<'a>,
    #[serde(default, borrow)]
    arn: Option<Text<'a>>,
    #[serde(default, borrow)]
    key_manager: Text<'a>,
    #[serde(default, borrow)]
    key_state: Text<'a>,
    #[serde(default, borrow)]
    key_usage: Text<'a>,
    #[serde(default, borrow)]
    key_spec: Option<Text<'a>>,
    #[serde(default, borrow)]
    customer_master_key_spec: Option<Text<'a>>,
    #[serde(default, borrow)]
    creation_date: Option<Text<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct DescribeKey<'a> {
    #[serde(borrow)]
    key_metadata: KeyMetadata<'a>,
}

/// `kms-describe-key/<key-id>`.
pub fn describe_key(ctx: &Ctx<'_>, bytes: &[u8], out: &mut Out) -> Result<()> {
    let doc: DescribeKey<'_> = serde_json::from_slice(bytes)?;
    let m = doc.key_metadata;
    let id = match opt(&m.arn) {
        Some(a) => ResourceId::new(a),
        None => key_id(ctx, m.key_id.as_str()),
    };
    let key_manager = m.key_manager.to_owned_string();
    let key_state = m.key_state.to_owned_string();
    let key_usage = m.key_usage.to_owned_string();
    let key_spec = opt(&m.key_spec)
        .or_else(|| opt(&m.customer_master_key_spec))
        .unwrap_or_default();
    let created = opt_time(&m.creation_date);
    out.patch(id, move |r| {
        r.created = created.or(r.created);
        if let Properties::KmsKey(p) = &mut r.props {
            p.key_manager = key_manager;
            p.key_state = key_state;
            p.key_usage = key_usage;
            p.key_spec = key_spec;
        }
    });
    Ok(())
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct KeyPolicy<'a> {
    #[serde(default, borrow)]
    policy: Option<&'a RawValue>,
}

/// `kms-get-key-policy/<key-id>`.
pub fn key_policy(ctx: &Ctx<'_>, bytes: &[u8], out: &mut Out) -> Result<()> {
    let doc: KeyPolicy<'_> = serde_json::from_slice(bytes)?;
    let policy = doc.policy.and_then(policy_text);
    out.patch(key_id(ctx, ctx.param()), move |r| {
        if let Properties::KmsKey(p) = &mut r.props {
            p.policy = policy;
        }
    });
    Ok(())
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Rotation {
    #[serde(default)]
    key_rotation_enabled: bool,
}

/// `kms-get-key-rotation-status/<key-id>`.
pub fn rotation_status(ctx: &Ctx<'_>, bytes: &[u8], out: &mut Out) -> Result<()> {
    let doc: Rotation = serde_json::from_slice(bytes)?;
    out.patch(key_id(ctx, ctx.param()), move |r| {
        if let Properties::KmsKey(p) = &mut r.props {
            p.rotation_enabled = Some(doc.key_rotation_enabled);
        }
    });
    Ok(())
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Alias<'a> {
    #[serde(borrow)]
    alias_name: Text<'a>,
    #[serde(default, borrow)]
    target_key_id: Option<Text<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Aliases<'a> {
    #[serde(default, borrow)]
    aliases: Items<Alias<'a>>,
}

/// `kms-list-aliases.json`: aliases join their keys; the first alias names a key.
pub fn aliases(ctx: &Ctx<'_>, bytes: &[u8], out: &mut Out) -> Result<()> {
    let doc: Aliases<'_> = serde_json::from_slice(bytes)?;
    for a in doc.aliases {
        let Some(target) = opt(&a.target_key_id) else {
            continue;
        };
        let alias = a.alias_name.to_owned_string();
        out.patch(key_id(ctx, &target), move |r| {
            if let Properties::KmsKey(p) = &mut r.props
                && !p.aliases.contains(&alias)
            {
                p.aliases.push(alias);
                p.aliases.sort();
            }
            name_key(r);
        });
    }
    Ok(())
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct KmsTag<'a> {
    #[serde(borrow)]
    tag_key: Text<'a>,
    #[serde(default, borrow)]
    tag_value: Text<'a>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct KmsTags<'a> {
    #[serde(default, borrow)]
    tags: Vec<KmsTag<'a>>,
}

/// `kms-list-resource-tags/<key-id>`.
pub fn key_tags(ctx: &Ctx<'_>, bytes: &[u8], out: &mut Out) -> Result<()> {
    let doc: KmsTags<'_> = serde_json::from_slice(bytes)?;
    let t: nephos_model::Tags = doc
        .tags
        .iter()
        .map(|t| (t.tag_key.to_owned_string(), t.tag_value.to_owned_string()))
        .collect();
    out.patch(key_id(ctx, ctx.param()), move |r| {
        r.tags.extend(t);
        name_key(r);
    });
    Ok(())
}

/// A key has no name of its own: its `Name` tag, else its first alias, else its key id.
fn name_key(r: &mut nephos_model::Resource) {
    let Properties::KmsKey(p) = &r.props else {
        return;
    };
    r.name = r
        .tags
        .get("Name")
        .filter(|n| !n.is_empty())
        .or_else(|| p.aliases.first())
        .unwrap_or(&p.key_id)
        .clone();
}
