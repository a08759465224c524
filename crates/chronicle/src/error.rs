//! The library's error type.

use std::path::PathBuf;

/// Everything that can go wrong in the library, with enough context to act on.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}:{line}: {message}")]
    Parse {
        path: PathBuf,
        line: usize,
        message: String,
    },
    /// Broken markup (a feed's XML), placed by 1-based line and column.
    #[error("{path}:{line}:{column}: {message}")]
    Syntax {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{path}: {message}")]
    Input { path: PathBuf, message: String },
    /// Input that was passed over on purpose (an empty article): reported, but not a failure.
    #[error("{path}{}: skipped: {message}", location_suffix(.location))]
    Skipped {
        path: PathBuf,
        location: Option<String>,
        message: String,
    },
    #[error("model {name}: {message}")]
    Model { name: String, message: String },
}

fn location_suffix(location: &Option<String>) -> String {
    location
        .as_ref()
        .map(|l| format!(":{l}"))
        .unwrap_or_default()
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    pub fn input(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Error::Input {
            path: path.into(),
            message: message.into(),
        }
    }

    /// Whether this error means some input was lost (and the exit code must say so).
    pub fn is_failure(&self) -> bool {
        !matches!(self, Error::Skipped { .. })
    }
}
