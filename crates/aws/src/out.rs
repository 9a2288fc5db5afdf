//! What parsing one file yields: resources, relationships still to resolve, and patches to
//! resources read from other files.

use std::path::Path;

use nephos_model::{RelationshipKind, Resource, ResourceId, ResourceKind};

use crate::problem::ImportProblem;

/// Where a file sits: its account, region and (for per-parameter files) decoded parameter.
#[derive(Debug, Clone, Copy)]
pub struct Ctx<'p> {
    /// The 12-digit account id.
    pub account: &'p str,
    /// The region folder.
    pub region: &'p str,
    /// The decoded parameter of a per-parameter file (bucket name, ARN, …).
    pub param: Option<&'p str>,
    /// The file.
    pub path: &'p Path,
}

impl Ctx<'_> {
    /// The ARN of an EC2 resource of this account and region.
    pub fn ec2_id(&self, resource_type: &str, id: &str) -> ResourceId {
        ResourceId::ec2(self.region, self.account, resource_type, id)
    }

    /// A reference to an EC2 resource by short id, resolved later (it may be owned by another
    /// account, e.g. a shared subnet).
    pub fn ec2(&self, resource_type: &'static str, id: &str) -> Target {
        Target::Ec2 {
            resource_type,
            id: id.to_owned(),
        }
    }

    /// This region's id.
    pub fn region_id(&self) -> ResourceId {
        ResourceId::region(self.account, self.region)
    }

    /// The account's id.
    pub fn account_id(&self) -> ResourceId {
        ResourceId::account(self.account)
    }

    /// A regional resource of this account.
    pub fn resource(&self, id: ResourceId, kind: ResourceKind, name: String) -> Resource {
        Resource::new(id, kind, self.account, Some(self.region.to_owned()), name)
    }

    /// A global resource of this account.
    pub fn global(&self, id: ResourceId, kind: ResourceKind, name: String) -> Resource {
        Resource::new(id, kind, self.account, None, name)
    }

    /// The parameter, or empty text.
    pub fn param(&self) -> &str {
        self.param.unwrap_or("")
    }

    /// A reference to a KMS key by id, ARN, alias name or alias ARN, resolved later.
    pub fn kms(&self, key: &str) -> Target {
        Target::Kms {
            region: None,
            key: key.to_owned(),
        }
    }
}

/// One end of a relationship, before resolution. Short references are resolved in the account and
/// region of the file that made them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A known id.
    Id(ResourceId),
    /// An EC2 resource by short id (`subnet-…`), in this account first, else anywhere in the region.
    Ec2 {
        /// The ARN resource type (`subnet`, `security-group`, …), for the fallback ARN.
        resource_type: &'static str,
        /// The short id.
        id: String,
    },
    /// A KMS key by key id, key ARN, alias name or alias ARN.
    Kms {
        /// The key's region when it is not the file's (a trail's key is in the trail's home region).
        region: Option<String>,
        /// The reference as given.
        key: String,
    },
    /// An IAM group by name.
    IamGroup {
        /// Group name.
        name: String,
    },
    /// A resource of `kind` by the last element of its ARN (`p-…` for an Organizations policy, an
    /// account id for an Organizations account), when only that is known.
    Short {
        /// Kind.
        kind: ResourceKind,
        /// The short id.
        id: String,
    },
}

impl From<ResourceId> for Target {
    fn from(id: ResourceId) -> Self {
        Self::Id(id)
    }
}

/// A relationship whose ends may still need resolving.
#[derive(Debug, Clone)]
pub struct Ref {
    /// Source.
    pub from: Target,
    /// Meaning.
    pub kind: RelationshipKind,
    /// Target.
    pub to: Target,
    /// The API field that states it.
    pub evidence: &'static str,
}

/// A change to a resource read from another file (a bucket's policy, a function's tags).
pub struct Patch {
    /// The resource to change.
    pub target: Target,
    /// The change.
    pub apply: Box<dyn FnOnce(&mut Resource) + Send>,
}

impl std::fmt::Debug for Patch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Patch")
            .field("target", &self.target)
            .finish()
    }
}

/// Everything one file yields.
#[derive(Debug, Default)]
pub struct Out {
    /// New resources.
    pub resources: Vec<Resource>,
    /// Relationships to resolve.
    pub refs: Vec<Ref>,
    /// Changes to resources from other files.
    pub patches: Vec<Patch>,
    /// Non-fatal problems inside an otherwise readable file.
    pub problems: Vec<ImportProblem>,
}

impl Out {
    /// Adds a relationship.
    pub fn rel(
        &mut self,
        from: impl Into<Target>,
        kind: RelationshipKind,
        to: impl Into<Target>,
        evidence: &'static str,
    ) {
        self.refs.push(Ref {
            from: from.into(),
            kind,
            to: to.into(),
            evidence,
        });
    }

    /// Adds a patch to the resource `target`.
    pub fn patch(
        &mut self,
        target: impl Into<Target>,
        apply: impl FnOnce(&mut Resource) + Send + 'static,
    ) {
        self.patches.push(Patch {
            target: target.into(),
            apply: Box::new(apply),
        });
    }
}
