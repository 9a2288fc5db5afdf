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

/// An account-data folder to import.
#[derive(Debug, Clone, clap::Args)]
pub struct ImportArgs {
    /// Account-data folder: a folder of account folders, or one account folder
    /// (`<region>/<service>-<operation>.json`, see docs/account-data.md).
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
    /// Fail (exit 2) when any file could not be read in full, instead of importing the rest and
    /// reporting the problems.
    #[arg(long)]
    pub strict: bool,
}

/// Imports `dir` with a progress spinner, prints the import summary and problems to stderr, and
/// applies `--strict`.
pub fn load(args: &ImportArgs) -> anyhow::Result<nephos_aws::Imported> {
    let stage = crate::progress::Stage::start(format!("importing {}", args.dir.display()));
    let imported = nephos_aws::import(&args.dir);
    stage.done();
    let imported = imported.with_context(|| format!("importing `{}`", args.dir.display()))?;
    report_import(&imported);
    if args.strict && !imported.problems.is_empty() {
        anyhow::bail!(
            "{} file(s) could not be read in full (--strict)",
            imported.problems.len()
        );
    }
    Ok(imported)
}

/// Prints the import summary and every problem to stderr.
pub fn report_import(imported: &nephos_aws::Imported) {
    eprint!("{}", imported.stats);
    if !imported.problems.is_empty() {
        eprintln!("skipped ({} problems):", imported.problems.len());
        for p in &imported.problems {
            eprintln!("  {p}");
        }
    }
}

/// The estate name a folder's snapshots are kept under: its canonical path.
pub fn estate_name(dir: &std::path::Path) -> String {
    std::fs::canonicalize(dir)
        .unwrap_or_else(|_| dir.to_owned())
        .display()
        .to_string()
}
