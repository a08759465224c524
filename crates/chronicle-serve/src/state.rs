//! What every handler shares: the server's options and limits, and the application state
//! (archive, pipeline, job semaphore, writer lock).

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Semaphore;

use crate::error::{ApiError, Error};

/// Limits every request runs under.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Largest request body for read-only endpoints such as `POST /api/extract`.
    pub max_body_bytes: usize,
    /// Largest body of `POST /api/ingest` (only with a token).
    pub max_ingest_bytes: usize,
    /// Wall-clock budget for one request, from headers read to response ready.
    pub request_timeout: Duration,
    /// Most rows one query may return (`limit` is clamped to it).
    pub max_page_size: usize,
    /// Blocking jobs (queries, annotation) allowed to run at once.
    pub max_blocking_jobs: usize,
}

impl Default for Limits {
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        Limits {
            max_body_bytes: 1 << 20,
            max_ingest_bytes: 32 << 20,
            request_timeout: Duration::from_secs(15),
            max_page_size: 1000,
            max_blocking_jobs: (cores * 4).max(4),
        }
    }
}

/// How to run the server.
#[derive(Debug, Clone)]
pub struct Options {
    /// The archive to serve.
    pub db: PathBuf,
    pub addr: SocketAddr,
    /// Bearer token that unlocks write endpoints; `None` keeps the archive read-only.
    pub token: Option<String>,
    pub limits: Limits,
}

impl Options {
    pub fn new(db: impl Into<PathBuf>, addr: SocketAddr) -> Self {
        Options {
            db: db.into(),
            addr,
            token: None,
            limits: Limits::default(),
        }
    }
}

/// Shared by all handlers.
#[derive(Clone)]
pub struct AppState {
    pub(crate) archive: Arc<chronicle_archive::Archive>,
    pub(crate) pipeline: Arc<chronicle::Pipeline>,
    pub(crate) options: Arc<Options>,
    pub(crate) jobs: Arc<Semaphore>,
    /// Serialises writes: SQLite has one writer at a time.
    pub(crate) writer: Arc<tokio::sync::Mutex<()>>,
}

impl AppState {
    /// Opens the archive and builds the pipeline (models load once, here).
    pub fn new(options: Options) -> Result<Self, Error> {
        let archive = chronicle_archive::Archive::open(&options.db)
            .map_err(|e| Error::Archive(e.to_string()))?;
        let pipeline = chronicle::Pipeline::standard().map_err(|e| Error::Config(e.to_string()))?;
        Ok(AppState {
            archive: Arc::new(archive),
            pipeline: Arc::new(pipeline),
            jobs: Arc::new(Semaphore::new(options.limits.max_blocking_jobs.max(1))),
            writer: Arc::new(tokio::sync::Mutex::new(())),
            options: Arc::new(options),
        })
    }

    /// Runs blocking work on the blocking pool, at most `max_blocking_jobs` at once.
    pub(crate) async fn blocking<R: Send + 'static>(
        &self,
        job: impl FnOnce(&AppState) -> Result<R, ApiError> + Send + 'static,
    ) -> Result<R, ApiError> {
        let permit = self
            .jobs
            .clone()
            .acquire_owned()
            .await
            .map_err(|_| ApiError::unavailable("the server is shutting down"))?;
        let state = self.clone();
        tokio::task::spawn_blocking(move || {
            let result = job(&state);
            drop(permit);
            result
        })
        .await
        .map_err(|e| ApiError::internal(format!("request failed: {e}")))?
    }
}
