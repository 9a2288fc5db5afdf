//! One resource of an estate.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::{Properties, ResourceId, ResourceKind};

/// A point in time, always UTC.
pub type Timestamp = chrono::DateTime<chrono::Utc>;

/// Tags as key → value, sorted by key so outputs are deterministic.
pub type Tags = BTreeMap<String, String>;

/// The cloud a resource lives in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Provider {
    /// Amazon Web Services.
    #[default]
    Aws,
}

/// One resource: identity, place, human handles and typed configuration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Resource {
    /// The ARN, or a documented ARN-like id (see [`crate::id`]).
    pub id: ResourceId,
    /// The type of the resource.
    pub kind: ResourceKind,
    /// The cloud.
    pub provider: Provider,
    /// The 12-digit id of the owning account.
    pub account: String,
    /// The region, or `None` for global resources (IAM, Organizations, the account itself).
    pub region: Option<String>,
    /// The human name: the `Name` tag where the API has no name of its own, else the API's name
    /// (bucket name, role name, function name), else the short id.
    pub name: String,
    /// Tags, as the API returned them.
    pub tags: Tags,
    /// When the resource was created, where the API says.
    pub created: Option<Timestamp>,
    /// Kind-specific configuration.
    pub props: Properties,
}

impl Resource {
    /// A resource with no tags, no creation time and no properties; fill the rest in place.
    pub fn new(
        id: ResourceId,
        kind: ResourceKind,
        account: impl Into<String>,
        region: Option<String>,
        name: impl Into<String>,
    ) -> Self {
        Self {
            id,
            kind,
            provider: Provider::Aws,
            account: account.into(),
            region,
            name: name.into(),
            tags: Tags::new(),
            created: None,
            props: Properties::None,
        }
    }

    /// A tag's value, looked up by key ignoring ASCII case (`Team`, `team` and `TEAM` are one tag to
    /// the people who wrote them).
    pub fn tag(&self, key: &str) -> Option<&str> {
        self.tags
            .get(key)
            .or_else(|| {
                self.tags
                    .iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case(key))
                    .map(|(_, v)| v)
            })
            .map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tag_lookup_ignores_case() {
        let mut r = Resource::new(
            ResourceId::account("1"),
            ResourceKind::Account,
            "1",
            None,
            "acct",
        );
        r.tags.insert("Team".into(), "billing".into());
        assert_eq!(r.tag("team"), Some("billing"));
        assert_eq!(r.tag("Team"), Some("billing"));
        assert_eq!(r.tag("owner"), None);
    }
}
