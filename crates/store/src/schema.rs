//! The schema and its migrations.

use crate::{Store, StoreError};

/// The newest schema version this build writes.
pub const SCHEMA_VERSION: i64 = 1;

const V1: &str = "
CREATE TABLE snapshot (
    id            INTEGER PRIMARY KEY,
    estate        TEXT NOT NULL,
    source        TEXT NOT NULL,
    taken_at      TEXT,
    imported_at   TEXT NOT NULL,
    resources     INTEGER NOT NULL,
    relationships INTEGER NOT NULL
);
CREATE INDEX snapshot_estate ON snapshot (estate, id);

-- One row per version of a resource; valid in snapshots valid_from <= s < valid_to.
CREATE TABLE resource_version (
    estate     TEXT NOT NULL,
    id         TEXT NOT NULL,
    valid_from INTEGER NOT NULL,
    valid_to   INTEGER,
    hash       INTEGER NOT NULL,
    kind       TEXT NOT NULL,
    account    TEXT NOT NULL,
    region     TEXT,
    body       TEXT NOT NULL
);
CREATE INDEX resource_version_open ON resource_version (estate, valid_to);
CREATE INDEX resource_version_id ON resource_version (estate, id, valid_from);

CREATE TABLE relationship_version (
    estate     TEXT NOT NULL,
    key        TEXT NOT NULL,
    valid_from INTEGER NOT NULL,
    valid_to   INTEGER,
    body       TEXT NOT NULL
);
CREATE INDEX relationship_version_open ON relationship_version (estate, valid_to);

CREATE TABLE coverage (
    snapshot_id INTEGER NOT NULL REFERENCES snapshot (id),
    account     TEXT NOT NULL,
    region      TEXT NOT NULL,
    source      TEXT NOT NULL,
    failure     TEXT
);
CREATE INDEX coverage_snapshot ON coverage (snapshot_id);
";

impl Store {
    pub(crate) fn migrate(&self) -> Result<(), StoreError> {
        let err = self.sql_err();
        self.conn
            .execute_batch("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;")
            .map_err(&err)?;
        let version: i64 = self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(&err)?;
        if version > SCHEMA_VERSION {
            return Err(StoreError::SchemaTooNew {
                path: self.path.clone(),
                found: version,
                supported: SCHEMA_VERSION,
            });
        }
        if version < 1 {
            self.conn
                .execute_batch(&format!("BEGIN; {V1} PRAGMA user_version = 1; COMMIT;"))
                .map_err(&err)?;
        }
        Ok(())
    }
}
