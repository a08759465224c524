//! The watcher's errors: the archive's, and bad arguments. Fetch failures are not errors
//! of the watch: they are recorded per URL and reported in the pass.

use thiserror::Error;

#[derive(Debug, Error)]
pub enum Error {
    #[error(transparent)]
    Archive(#[from] chronicle_archive::Error),
    #[error("{url}: {message}")]
    BadUrl { url: String, message: String },
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
