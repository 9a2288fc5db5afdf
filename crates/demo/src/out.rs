//! Writing the account-data folder: list files buffered per account and region, per-parameter files
//! written as they are made, and the tallies the summary reports (files, bytes, resources per kind).

use std::collections::{BTreeMap, HashSet};
use std::fs::{self, File};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use nephos_model::ResourceKind;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde::Serialize;

use crate::DemoError;

/// RFC 3986 unreserved characters stay as they are; everything else is percent-encoded.
pub const PARAMETER: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Percent-encodes a parameter as the layout names per-parameter files.
pub fn encode_parameter(parameter: &str) -> String {
    utf8_percent_encode(parameter, PARAMETER).to_string()
}

/// One `<service>-<operation>.json` file whose main member is a list, filled item by item.
#[derive(Debug, Default)]
struct ListFile {
    key: &'static str,
    items: Vec<u8>,
    len: usize,
    extra: Vec<u8>,
}

/// The output of one account: buffered list files, counters, and the folder it writes to.
#[derive(Debug)]
pub struct AccountOut {
    root: PathBuf,
    lists: BTreeMap<(String, &'static str), ListFile>,
    dirs: HashSet<PathBuf>,
    /// Files written.
    pub files: u64,
    /// Bytes written.
    pub bytes: u64,
    /// Resources generated, per kind, as an importer would count them.
    pub counts: BTreeMap<ResourceKind, usize>,
}

fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> DemoError + '_ {
    move |source| DemoError::Io {
        path: path.to_path_buf(),
        source,
    }
}

impl AccountOut {
    /// Output for the account folder `root` (created on first write).
    pub fn new(root: PathBuf) -> Self {
        Self {
            root,
            lists: BTreeMap::new(),
            dirs: HashSet::new(),
            files: 0,
            bytes: 0,
            counts: BTreeMap::new(),
        }
    }

    /// Counts one resource of `kind`.
    pub fn count(&mut self, kind: ResourceKind) {
        *self.counts.entry(kind).or_insert(0) += 1;
    }

    /// Makes sure the list file exists even when it stays empty (collected, nothing found).
    pub fn list(&mut self, region: &str, stem: &'static str, key: &'static str) {
        self.lists
            .entry((region.to_owned(), stem))
            .or_insert_with(|| ListFile {
                key,
                ..ListFile::default()
            });
    }

    /// Appends one item to the list `key` of `<region>/<stem>.json`.
    pub fn item(
        &mut self,
        region: &str,
        stem: &'static str,
        key: &'static str,
        item: &impl Serialize,
    ) -> Result<(), DemoError> {
        let file = self
            .lists
            .entry((region.to_owned(), stem))
            .or_insert_with(|| ListFile {
                key,
                ..ListFile::default()
            });
        if file.len > 0 {
            file.items.push(b',');
        }
        file.len += 1;
        serde_json::to_writer(&mut file.items, item).map_err(|source| DemoError::Json {
            file: format!("{region}/{stem}.json"),
            source,
        })
    }

    /// Appends one already-serialized item (valid JSON) to the list `key` of `<region>/<stem>.json`.
    pub fn item_raw(&mut self, region: &str, stem: &'static str, key: &'static str, json: &[u8]) {
        let file = self
            .lists
            .entry((region.to_owned(), stem))
            .or_insert_with(|| ListFile {
                key,
                ..ListFile::default()
            });
        if file.len > 0 {
            file.items.push(b',');
        }
        file.len += 1;
        file.items.extend_from_slice(json);
    }

    /// Adds a second top-level member to a list file (`"Owner"` of `s3-list-buckets`).
    pub fn list_member(
        &mut self,
        region: &str,
        stem: &'static str,
        key: &'static str,
        name: &str,
        value: &impl Serialize,
    ) -> Result<(), DemoError> {
        self.list(region, stem, key);
        let json = serde_json::to_vec(value).map_err(|source| DemoError::Json {
            file: format!("{region}/{stem}.json"),
            source,
        })?;
        if let Some(file) = self.lists.get_mut(&(region.to_owned(), stem)) {
            file.extra.push(b',');
            serde_json::to_writer(&mut file.extra, name).map_err(|source| DemoError::Json {
                file: format!("{region}/{stem}.json"),
                source,
            })?;
            file.extra.push(b':');
            file.extra.extend_from_slice(&json);
        }
        Ok(())
    }

    /// Writes a whole `<region>/<stem>.json` document now.
    pub fn doc(
        &mut self,
        region: &str,
        stem: &str,
        value: &impl Serialize,
    ) -> Result<(), DemoError> {
        let dir = self.root.join(region);
        let path = dir.join(format!("{stem}.json"));
        self.write(&dir, &path, value)
    }

    /// Writes `<account>/<name>` (an account-level file such as `collect-errors.json`) now.
    pub fn account_file(&mut self, name: &str, value: &impl Serialize) -> Result<(), DemoError> {
        let dir = self.root.clone();
        let path = dir.join(name);
        self.write(&dir, &path, value)
    }

    /// Writes the per-parameter file `<region>/<stem>/<encoded parameter>` now.
    pub fn param(
        &mut self,
        region: &str,
        stem: &str,
        parameter: &str,
        value: &impl Serialize,
    ) -> Result<(), DemoError> {
        let dir = self.root.join(region).join(stem);
        let path = dir.join(encode_parameter(parameter));
        self.write(&dir, &path, value)
    }

    fn ensure_dir(&mut self, dir: &Path) -> Result<(), DemoError> {
        if !self.dirs.contains(dir) {
            fs::create_dir_all(dir).map_err(io_err(dir))?;
            self.dirs.insert(dir.to_path_buf());
        }
        Ok(())
    }

    fn write(&mut self, dir: &Path, path: &Path, value: &impl Serialize) -> Result<(), DemoError> {
        self.ensure_dir(dir)?;
        let bytes = serde_json::to_vec(value).map_err(|source| DemoError::Json {
            file: path.display().to_string(),
            source,
        })?;
        fs::write(path, &bytes).map_err(io_err(path))?;
        self.files += 1;
        self.bytes += bytes.len() as u64;
        Ok(())
    }

    /// Writes every buffered list file. Call once, at the end of the account.
    pub fn finish(&mut self) -> Result<(), DemoError> {
        let lists = std::mem::take(&mut self.lists);
        for ((region, stem), file) in lists {
            let dir = self.root.join(&region);
            self.ensure_dir(&dir)?;
            let path = dir.join(format!("{stem}.json"));
            let f = File::create(&path).map_err(io_err(&path))?;
            let mut w = BufWriter::with_capacity(1 << 16, f);
            let head = format!("{{\"{}\":[", file.key);
            w.write_all(head.as_bytes()).map_err(io_err(&path))?;
            w.write_all(&file.items).map_err(io_err(&path))?;
            w.write_all(b"]").map_err(io_err(&path))?;
            w.write_all(&file.extra).map_err(io_err(&path))?;
            w.write_all(b"}").map_err(io_err(&path))?;
            w.flush().map_err(io_err(&path))?;
            self.files += 1;
            self.bytes += (head.len() + file.items.len() + file.extra.len() + 2) as u64;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_keep_unreserved_and_encode_the_rest() {
        assert_eq!(encode_parameter("my-bucket_1.x~"), "my-bucket_1.x~");
        assert_eq!(
            encode_parameter("arn:aws:sns:us-east-1:1:t"),
            "arn%3Aaws%3Asns%3Aus-east-1%3A1%3At"
        );
        assert_eq!(
            encode_parameter("https://sqs.eu-west-1.amazonaws.com/1/q"),
            "https%3A%2F%2Fsqs.eu-west-1.amazonaws.com%2F1%2Fq"
        );
    }

    #[test]
    fn list_files_are_valid_json_with_extra_members() {
        let dir = tempfile::tempdir().unwrap();
        let mut out = AccountOut::new(dir.path().join("acct"));
        out.list("us-east-1", "ec2-describe-vpcs", "Vpcs");
        out.item(
            "us-east-1",
            "s3-list-buckets",
            "Buckets",
            &serde_json::json!({"Name": "a"}),
        )
        .unwrap();
        out.item(
            "us-east-1",
            "s3-list-buckets",
            "Buckets",
            &serde_json::json!({"Name": "b"}),
        )
        .unwrap();
        out.list_member(
            "us-east-1",
            "s3-list-buckets",
            "Buckets",
            "Owner",
            &serde_json::json!({"ID": "x"}),
        )
        .unwrap();
        out.finish().unwrap();
        let v: serde_json::Value = serde_json::from_slice(
            &fs::read(dir.path().join("acct/us-east-1/s3-list-buckets.json")).unwrap(),
        )
        .unwrap();
        assert_eq!(v["Buckets"][1]["Name"], "b");
        assert_eq!(v["Owner"]["ID"], "x");
        let empty: serde_json::Value = serde_json::from_slice(
            &fs::read(dir.path().join("acct/us-east-1/ec2-describe-vpcs.json")).unwrap(),
        )
        .unwrap();
        assert_eq!(empty["Vpcs"].as_array().map(Vec::len), Some(0));
        assert_eq!(out.files, 2);
    }
}
