//! What can go wrong: fatal [`ImportError`]s and per-file [`ImportProblem`]s.

use std::fmt;
use std::path::{Path, PathBuf};

/// A fatal error: nothing could be imported.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The path does not exist or cannot be read.
    #[error("cannot read `{path}`: {source}")]
    Unreadable {
        /// The path given.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The path is a file, not a folder.
    #[error("`{0}` is not a folder; give an account-data folder (accounts or one account)")]
    NotADirectory(PathBuf),
    /// The folder holds no account folders.
    #[error(
        "`{0}` holds no account folders: expected `<account>/<region>/<service>-<operation>.json` \
         or `<region>/<service>-<operation>.json`"
    )]
    NoAccounts(PathBuf),
}

/// What kind of non-fatal problem a file had.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum ProblemKind {
    /// Not valid JSON.
    MalformedJson,
    /// JSON that ends too early (a truncated file).
    TruncatedJson,
    /// Valid JSON in the wrong shape (a required id missing, a string where a list belongs).
    WrongShape,
    /// The file could not be read.
    Unreadable,
    /// The file is larger than the import's limit.
    TooLarge,
    /// The account id could not be determined.
    UnknownAccount,
}

impl ProblemKind {
    /// A short snake_case name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::MalformedJson => "malformed_json",
            Self::TruncatedJson => "truncated_json",
            Self::WrongShape => "wrong_shape",
            Self::Unreadable => "unreadable",
            Self::TooLarge => "too_large",
            Self::UnknownAccount => "unknown_account",
        }
    }
}

/// A non-fatal problem: one file (or one account folder) could not be read in full. The rest of the
/// import goes on; the file's own data is lost, or only one item of it when the file is valid JSON
/// and the bad item sits in a list of API items (see [`crate::items`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportProblem {
    /// The file or folder.
    pub path: PathBuf,
    /// 1-based line, where known.
    pub line: Option<usize>,
    /// 1-based column, where known.
    pub column: Option<usize>,
    /// What went wrong.
    pub kind: ProblemKind,
    /// A lowercase message.
    pub message: String,
}

impl ImportProblem {
    /// A problem without a position.
    pub fn new(path: &Path, kind: ProblemKind, message: impl Into<String>) -> Self {
        Self {
            path: path.to_owned(),
            line: None,
            column: None,
            kind,
            message: message.into(),
        }
    }

    /// A problem from a JSON error, classified and positioned.
    pub fn from_json(path: &Path, err: &serde_json::Error) -> Self {
        use serde_json::error::Category;
        let kind = match err.classify() {
            Category::Eof => ProblemKind::TruncatedJson,
            Category::Syntax => ProblemKind::MalformedJson,
            Category::Data => ProblemKind::WrongShape,
            Category::Io => ProblemKind::Unreadable,
        };
        let (line, column) = if err.line() == 0 {
            (None, None)
        } else {
            (Some(err.line()), Some(err.column()))
        };
        // serde_json appends " at line L column C"; the position is kept separately.
        let text = err.to_string();
        let message = match text.rfind(" at line ") {
            Some(i) => text.get(..i).unwrap_or(&text).to_owned(),
            None => text,
        };
        Self {
            path: path.to_owned(),
            line,
            column,
            kind,
            message,
        }
    }
}

impl ImportProblem {
    /// A list item skipped while the rest of its file was imported.
    pub fn skipped_item(path: &Path, file: &[u8], skipped: &crate::items::Skipped) -> Self {
        let mut p = Self::from_json(path, &skipped.error);
        let (line, column) = skipped
            .position_in(file)
            .map_or((None, None), |(l, c)| (Some(l), Some(c)));
        p.line = line;
        p.column = column;
        p.kind = ProblemKind::WrongShape;
        p.message = format!(
            "list item {} skipped ({}); the rest of the file was imported",
            skipped.index, p.message
        );
        p
    }
}

impl fmt::Display for ImportProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let (Some(l), Some(c)) = (self.line, self.column) {
            write!(f, ":{l}:{c}")?;
        }
        write!(f, ": {}: {}", self.kind.as_str(), self.message)
    }
}
