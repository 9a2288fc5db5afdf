//! The snapshot store: every inventory nephos imports, kept with its time and source, so that later
//! stages can list, diff and time-travel.
//!
//! Owns: the SQLite schema, saving an [`Inventory`] as a snapshot of an *estate* (a name for one
//! estate's history, e.g. the folder it was imported from), loading any snapshot back, and diffs
//! between snapshots.
//!
//! Storage is by validity interval, not by copy: a resource (or relationship) version is stored once
//! with the snapshot it first appeared in (`valid_from`) and the snapshot it stopped being true in
//! (`valid_to`, exclusive; `NULL` while current). Saving a snapshot that changed 1% of an estate
//! writes 1% of it. Snapshot `s` holds every version with `valid_from <= s < valid_to`.
//!
//! Must not: analyse anything, or know any file format but its own schema. The database path comes
//! from the caller (the CLI resolves `--db` / `NEPHOS_DB`). PostgreSQL for teams is a later backend
//! behind the same API.

mod schema;
mod snapshot;

pub use snapshot::{Diff, SnapshotInfo};

use std::path::{Path, PathBuf};

use rusqlite::Connection;

/// A store failure, with the database path.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// SQLite failed.
    #[error("database `{path}`: {source}")]
    Sqlite {
        /// The database file.
        path: PathBuf,
        /// The cause.
        source: rusqlite::Error,
    },
    /// The parent folder of the database could not be created.
    #[error("cannot create the folder for database `{path}`: {source}")]
    CreateDir {
        /// The database file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// A stored row does not decode: the database was written by an incompatible version or edited.
    #[error("database `{path}`: stored {what} `{id}` does not decode: {source}")]
    Corrupt {
        /// The database file.
        path: PathBuf,
        /// `resource` or `relationship`.
        what: &'static str,
        /// Its id.
        id: String,
        /// The cause.
        source: serde_json::Error,
    },
    /// The database was written by a newer nephos.
    #[error("database `{path}` has schema version {found}; this nephos reads up to {supported}")]
    SchemaTooNew {
        /// The database file.
        path: PathBuf,
        /// Version in the file.
        found: i64,
        /// Newest version this build knows.
        supported: i64,
    },
    /// No such snapshot.
    #[error("no snapshot {0} in the store")]
    NoSnapshot(i64),
}

/// An open store.
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

impl Store {
    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| StoreError::CreateDir {
                path: path.to_owned(),
                source,
            })?;
        }
        let conn = Connection::open(path).map_err(|source| StoreError::Sqlite {
            path: path.to_owned(),
            source,
        })?;
        let store = Self {
            conn,
            path: path.to_owned(),
        };
        store.migrate()?;
        Ok(store)
    }

    /// Opens a private in-memory database (tests, `--no-store` runs that still want the API).
    pub fn in_memory() -> Result<Self, StoreError> {
        let path = PathBuf::from(":memory:");
        let conn = Connection::open_in_memory().map_err(|source| StoreError::Sqlite {
            path: path.clone(),
            source,
        })?;
        let store = Self { conn, path };
        store.migrate()?;
        Ok(store)
    }

    /// The database path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn sql_err(&self) -> impl Fn(rusqlite::Error) -> StoreError + '_ {
        move |source| StoreError::Sqlite {
            path: self.path.clone(),
            source,
        }
    }
}

/// The default database path: `$NEPHOS_DB`, else `$XDG_DATA_HOME/nephos/nephos.db`, else
/// `~/.local/share/nephos/nephos.db`, else `nephos.db` in the working folder.
pub fn default_path() -> PathBuf {
    if let Some(p) = std::env::var_os("NEPHOS_DB").filter(|p| !p.is_empty()) {
        return PathBuf::from(p);
    }
    let base = std::env::var_os("XDG_DATA_HOME")
        .filter(|p| !p.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")));
    match base {
        Some(b) => b.join("nephos").join("nephos.db"),
        None => PathBuf::from("nephos.db"),
    }
}
