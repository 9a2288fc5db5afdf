//! Saving, listing, loading and diffing snapshots.

use std::collections::{BTreeSet, HashMap};

use nephos_model::{Inventory, Relationship, Resource, ResourceId};
use rusqlite::{OptionalExtension, params};
use serde::Serialize;

use crate::{Store, StoreError};

/// One stored snapshot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SnapshotInfo {
    /// Snapshot number, increasing across the whole store.
    pub id: i64,
    /// The estate it is a snapshot of.
    pub estate: String,
    /// Where it came from (folder, demo options, collector run).
    pub source: String,
    /// When the estate was observed (RFC 3339), when known.
    pub taken_at: Option<String>,
    /// When it was stored (RFC 3339).
    pub imported_at: String,
    /// Number of resources.
    pub resources: i64,
    /// Number of declared relationships.
    pub relationships: i64,
}

/// What changed between two snapshots of one estate.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Diff {
    /// Resources present only in the newer snapshot.
    pub added: Vec<ResourceId>,
    /// Resources present only in the older snapshot.
    pub removed: Vec<ResourceId>,
    /// Resources present in both whose configuration differs.
    pub changed: Vec<ResourceId>,
}

/// FNV-1a, 64 bit: a stable content hash (the same across builds and platforms).
fn content_hash(bytes: &[u8]) -> i64 {
    i64::from_ne_bytes(nephos_model::hash::fnv1a(bytes).to_ne_bytes())
}

fn relationship_key(r: &Relationship) -> String {
    format!("{}\t{}\t{}\t{}", r.from, r.kind.as_str(), r.to, r.evidence)
}

impl Store {
    /// Stores `inventory` as the newest snapshot of `estate` and returns its info. Only what changed
    /// since the estate's previous snapshot is written.
    pub fn save(
        &mut self,
        estate: &str,
        inventory: &Inventory,
    ) -> Result<SnapshotInfo, StoreError> {
        let path = self.path.clone();
        let err = |source| StoreError::Sqlite {
            path: path.clone(),
            source,
        };
        let imported_at = chrono::Utc::now().to_rfc3339();
        let taken_at = inventory.taken_at.map(|t| t.to_rfc3339());
        let tx = self.conn.transaction().map_err(err)?;
        tx.execute(
            "INSERT INTO snapshot (estate, source, taken_at, imported_at, resources, relationships)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                estate,
                inventory.source,
                taken_at,
                imported_at,
                i64::try_from(inventory.len()).unwrap_or(i64::MAX),
                i64::try_from(inventory.relationships().len()).unwrap_or(i64::MAX)
            ],
        )
        .map_err(err)?;
        let snapshot = tx.last_insert_rowid();

        // Resources: compare with the open versions of this estate.
        let mut open: HashMap<String, (i64, i64)> = HashMap::new();
        {
            let mut stmt = tx
                .prepare(
                    "SELECT rowid, id, hash FROM resource_version
                     WHERE estate = ?1 AND valid_to IS NULL",
                )
                .map_err(err)?;
            let rows = stmt
                .query_map([estate], |r| {
                    Ok((r.get::<_, String>(1)?, (r.get(0)?, r.get(2)?)))
                })
                .map_err(err)?;
            for row in rows {
                let (id, v) = row.map_err(err)?;
                open.insert(id, v);
            }
        }
        {
            let mut close = tx
                .prepare("UPDATE resource_version SET valid_to = ?1 WHERE rowid = ?2")
                .map_err(err)?;
            let mut insert = tx
                .prepare(
                    "INSERT INTO resource_version
                     (estate, id, valid_from, valid_to, hash, kind, account, region, body)
                     VALUES (?1, ?2, ?3, NULL, ?4, ?5, ?6, ?7, ?8)",
                )
                .map_err(err)?;
            for r in inventory.resources() {
                let body = serde_json::to_string(r).map_err(|source| StoreError::Corrupt {
                    path: path.clone(),
                    what: "resource",
                    id: r.id.to_string(),
                    source,
                })?;
                let hash = content_hash(body.as_bytes());
                match open.remove(r.id.as_str()) {
                    Some((_, old)) if old == hash => continue,
                    Some((rowid, _)) => {
                        close.execute(params![snapshot, rowid]).map_err(err)?;
                    }
                    None => {}
                }
                insert
                    .execute(params![
                        estate,
                        r.id.as_str(),
                        snapshot,
                        hash,
                        r.kind.as_str(),
                        r.account,
                        r.region,
                        body
                    ])
                    .map_err(err)?;
            }
            for (rowid, _) in open.into_values() {
                close.execute(params![snapshot, rowid]).map_err(err)?;
            }
        }

        // Relationships: keyed by their full content, so a change is a close plus an insert.
        let mut open_rel: HashMap<String, i64> = HashMap::new();
        {
            let mut stmt = tx
                .prepare(
                    "SELECT rowid, key FROM relationship_version
                     WHERE estate = ?1 AND valid_to IS NULL",
                )
                .map_err(err)?;
            let rows = stmt
                .query_map([estate], |r| Ok((r.get::<_, String>(1)?, r.get(0)?)))
                .map_err(err)?;
            for row in rows {
                let (k, rowid) = row.map_err(err)?;
                open_rel.insert(k, rowid);
            }
        }
        {
            let mut close = tx
                .prepare("UPDATE relationship_version SET valid_to = ?1 WHERE rowid = ?2")
                .map_err(err)?;
            let mut insert = tx
                .prepare(
                    "INSERT INTO relationship_version (estate, key, valid_from, valid_to, body)
                     VALUES (?1, ?2, ?3, NULL, ?4)",
                )
                .map_err(err)?;
            let mut seen = BTreeSet::new();
            for rel in inventory.relationships() {
                let key = relationship_key(rel);
                if !seen.insert(key.clone()) || open_rel.remove(&key).is_some() {
                    continue;
                }
                let body = serde_json::to_string(rel).map_err(|source| StoreError::Corrupt {
                    path: path.clone(),
                    what: "relationship",
                    id: key.clone(),
                    source,
                })?;
                insert
                    .execute(params![estate, key, snapshot, body])
                    .map_err(err)?;
            }
            for rowid in open_rel.into_values() {
                close.execute(params![snapshot, rowid]).map_err(err)?;
            }
        }

        {
            let mut cov = tx
                .prepare(
                    "INSERT INTO coverage (snapshot_id, account, region, source, failure)
                     VALUES (?1, ?2, ?3, ?4, ?5)",
                )
                .map_err(err)?;
            for (a, r, s) in inventory.coverage.collected() {
                cov.execute(params![snapshot, a, r, s, Option::<&str>::None])
                    .map_err(err)?;
            }
            for ((a, r, s), why) in inventory.coverage.failed() {
                cov.execute(params![snapshot, a, r, s, why]).map_err(err)?;
            }
        }
        tx.commit().map_err(err)?;
        self.snapshot(snapshot)?
            .ok_or(StoreError::NoSnapshot(snapshot))
    }

    /// Every snapshot, oldest first.
    pub fn snapshots(&self) -> Result<Vec<SnapshotInfo>, StoreError> {
        let err = self.sql_err();
        let mut stmt = self
            .conn
            .prepare(
                "SELECT id, estate, source, taken_at, imported_at, resources, relationships
                 FROM snapshot ORDER BY id",
            )
            .map_err(&err)?;
        let rows = stmt.query_map([], row_to_info).map_err(&err)?;
        rows.collect::<Result<Vec<_>, _>>().map_err(&err)
    }

    /// One snapshot's info.
    pub fn snapshot(&self, id: i64) -> Result<Option<SnapshotInfo>, StoreError> {
        self.conn
            .query_row(
                "SELECT id, estate, source, taken_at, imported_at, resources, relationships
                 FROM snapshot WHERE id = ?1",
                [id],
                row_to_info,
            )
            .optional()
            .map_err(self.sql_err())
    }

    /// The newest snapshot, of `estate` when given, else of any estate.
    pub fn latest(&self, estate: Option<&str>) -> Result<Option<SnapshotInfo>, StoreError> {
        let sql = "SELECT id, estate, source, taken_at, imported_at, resources, relationships
                   FROM snapshot WHERE (?1 IS NULL OR estate = ?1) ORDER BY id DESC LIMIT 1";
        self.conn
            .query_row(sql, [estate], row_to_info)
            .optional()
            .map_err(self.sql_err())
    }

    /// Loads snapshot `id` back into an inventory.
    pub fn load(&self, id: i64) -> Result<Inventory, StoreError> {
        let info = self.snapshot(id)?.ok_or(StoreError::NoSnapshot(id))?;
        let err = self.sql_err();
        let mut inv = Inventory::new(info.source.clone());
        inv.taken_at = info
            .taken_at
            .as_deref()
            .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
            .map(|t| t.with_timezone(&chrono::Utc));
        let mut stmt = self
            .conn
            .prepare(
                "SELECT id, body FROM resource_version WHERE estate = ?1 AND valid_from <= ?2
                 AND (valid_to IS NULL OR valid_to > ?2) ORDER BY rowid",
            )
            .map_err(&err)?;
        let rows = stmt
            .query_map(params![info.estate, id], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
            })
            .map_err(&err)?;
        for row in rows {
            let (rid, body) = row.map_err(&err)?;
            let resource: Resource =
                serde_json::from_str(&body).map_err(|source| StoreError::Corrupt {
                    path: self.path.clone(),
                    what: "resource",
                    id: rid,
                    source,
                })?;
            inv.insert(resource);
        }
        let mut stmt = self
            .conn
            .prepare(
                "SELECT key, body FROM relationship_version WHERE estate = ?1 AND valid_from <= ?2
                 AND (valid_to IS NULL OR valid_to > ?2) ORDER BY rowid",
            )
            .map_err(&err)?;
        let rows = stmt
            .query_map(params![info.estate, id], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
            })
            .map_err(&err)?;
        for row in rows {
            let (key, body) = row.map_err(&err)?;
            let rel: Relationship =
                serde_json::from_str(&body).map_err(|source| StoreError::Corrupt {
                    path: self.path.clone(),
                    what: "relationship",
                    id: key,
                    source,
                })?;
            inv.relate(rel);
        }
        let mut stmt = self
            .conn
            .prepare("SELECT account, region, source, failure FROM coverage WHERE snapshot_id = ?1")
            .map_err(&err)?;
        let rows = stmt
            .query_map([id], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, Option<String>>(3)?,
                ))
            })
            .map_err(&err)?;
        for row in rows {
            let (a, r, s, failure) = row.map_err(&err)?;
            match failure {
                Some(why) => inv.coverage.mark_failed(&a, &r, &s, &why),
                None => inv.coverage.mark_collected(&a, &r, &s),
            }
        }
        Ok(inv)
    }

    /// What changed from snapshot `older` to snapshot `newer` (both of one estate).
    pub fn diff(&self, older: i64, newer: i64) -> Result<Diff, StoreError> {
        let a = self.versions_at(older)?;
        let b = self.versions_at(newer)?;
        let mut diff = Diff::default();
        for (id, hash) in &b {
            match a.get(id) {
                None => diff.added.push(ResourceId::new(id.clone())),
                Some(h) if h != hash => diff.changed.push(ResourceId::new(id.clone())),
                Some(_) => {}
            }
        }
        for id in a.keys().filter(|id| !b.contains_key(*id)) {
            diff.removed.push(ResourceId::new(id.clone()));
        }
        diff.added.sort();
        diff.removed.sort();
        diff.changed.sort();
        Ok(diff)
    }

    fn versions_at(&self, id: i64) -> Result<HashMap<String, i64>, StoreError> {
        let info = self.snapshot(id)?.ok_or(StoreError::NoSnapshot(id))?;
        let err = self.sql_err();
        let mut stmt = self
            .conn
            .prepare(
                "SELECT id, hash FROM resource_version WHERE estate = ?1 AND valid_from <= ?2
                 AND (valid_to IS NULL OR valid_to > ?2)",
            )
            .map_err(&err)?;
        let rows = stmt
            .query_map(params![info.estate, id], |r| Ok((r.get(0)?, r.get(1)?)))
            .map_err(&err)?;
        rows.collect::<Result<HashMap<_, _>, _>>().map_err(&err)
    }
}

fn row_to_info(r: &rusqlite::Row<'_>) -> rusqlite::Result<SnapshotInfo> {
    Ok(SnapshotInfo {
        id: r.get(0)?,
        estate: r.get(1)?,
        source: r.get(2)?,
        taken_at: r.get(3)?,
        imported_at: r.get(4)?,
        resources: r.get(5)?,
        relationships: r.get(6)?,
    })
}
