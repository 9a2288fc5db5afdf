//! Arguments and steps several commands share: the store location, opening it.

use std::path::PathBuf;

use anyhow::Context;
use nephos_store::Store;

/// Where the snapshot store lives.
#[derive(Debug, Clone, clap::Args)]
pub struct StoreArgs {
    /// SQLite database holding every imported snapshot [env: NEPHOS_DB; default:
    /// ~/.local/share/nephos/nephos.db].
    #[arg(long, value_name = "PATH")]
    pub db: Option<PathBuf>,
}

impl StoreArgs {
    /// Opens the store.
    pub fn open(&self) -> anyhow::Result<Store> {
        let path = self.db.clone().unwrap_or_else(nephos_store::default_path);
        Store::open(&path).with_context(|| format!("opening the store at `{}`", path.display()))
    }
}
