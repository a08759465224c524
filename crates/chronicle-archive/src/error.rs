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
    /// A write failed at the OS level (a file-size limit, a quota, a failing disk); as with
    /// a full disk, the last batch was rolled back.
    #[error("cannot write the archive ({0}: disk full, a file-size limit or quota, or a failing disk); the current batch was rolled back: fix that and rerun to resume")]
    WriteFailed(String),
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
            // SQLITE_IOERR_WRITE / _FSYNC / _TRUNCATE / _SHMSIZE: the OS refused a write.
            const WRITE_ERRORS: [i32; 4] = [778, 1034, 1546, 4874];
            if WRITE_ERRORS.contains(&code.extended_code) {
                return Error::WriteFailed(err.to_string());
            }
        }
        Error::Sqlite(err)
    }
}
