//! The archive's error type: every failure names the database or file it concerns.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The database file cannot be created or written (missing or read-only directory,
    /// a file where a directory should be, permissions).
    #[error("cannot open archive {path}: {message}")]
    Open { path: PathBuf, message: String },
    #[error("archive {path} has schema version {found}, newer than this program's {supported}; upgrade chronicle")]
    TooNew {
        path: PathBuf,
        found: i64,
        supported: i64,
    },
    /// The disk filled up mid-write; the last batch was rolled back, everything before it is kept.
    #[error("disk full while writing the archive (the current batch was rolled back; free space and rerun to resume)")]
    DiskFull,
    #[error("sqlite: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("json: {0}")]
    Json(#[from] serde_json::Error),
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("write: {0}")]
    Write(#[from] std::io::Error),
    #[error("invalid query: {0}")]
    Query(String),
    #[error("no article with id {0}")]
    NotFound(String),
    #[error(transparent)]
    Pipeline(#[from] chronicle::Error),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// Maps SQLITE_FULL to [`Error::DiskFull`] so the user is told what to do.
    pub(crate) fn from_sqlite(err: rusqlite::Error) -> Self {
        if let rusqlite::Error::SqliteFailure(code, _) = &err {
            if code.code == rusqlite::ErrorCode::DiskFull {
                return Error::DiskFull;
            }
        }
        Error::Sqlite(err)
    }
}
