//! What every handler shares: the server's options and limits, and the application state
//! (archive, pipeline, job semaphores, writer lock, shutdown flag).

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::sync::Semaphore;

use crate::error::{ApiError, Error};
use crate::middleware;

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
    /// Annotation jobs (`POST /api/extract`, `/api/ingest`) allowed at once; more get 503.
    pub max_annotation_jobs: usize,
    /// Longest request target (path and query string) in bytes; longer ones get 414.
    pub max_uri_bytes: usize,
    /// Most words in one text search; more get 400 (each word is an index walk).
    pub max_query_words: usize,
    /// Most tokens one extraction request may annotate; more get 413.
    pub max_tokens: usize,
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
            max_annotation_jobs: cores.max(1),
            max_uri_bytes: 16 * 1024,
            max_query_words: 64,
            max_tokens: 250_000,
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
    /// Host names accepted besides loopback names and IP literals (DNS rebinding guard).
    pub allow_hosts: Vec<String>,
    /// Turns `POST /api/extract` off (404).
    pub no_extract: bool,
    /// Lets readers flag event codings from the web UI (`POST /events/{id}/flag`): the
    /// corrections are written to the archive's `feedback` table.
    pub feedback: bool,
}

impl Options {
    pub fn new(db: impl Into<PathBuf>, addr: SocketAddr) -> Self {
        Options {
            db: db.into(),
            addr,
            token: None,
            limits: Limits::default(),
            allow_hosts: Vec::new(),
            no_extract: false,
            feedback: false,
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
    /// Permits for annotation jobs (the expensive routes), taken without waiting.
    pub(crate) annotation: Arc<Semaphore>,
    /// Set on shutdown: every running job's budget expires at its next check.
    pub(crate) stopping: Arc<AtomicBool>,
    /// Blocking jobs still running (including ones whose request already timed out).
    pub(crate) running: Arc<AtomicUsize>,
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
            annotation: Arc::new(Semaphore::new(options.limits.max_annotation_jobs.max(1))),
            stopping: Arc::new(AtomicBool::new(false)),
            running: Arc::new(AtomicUsize::new(0)),
            options: Arc::new(options),
        })
    }

    /// Runs blocking work on the blocking pool, at most `max_blocking_jobs` at once, under
    /// the request's deadline: the pipeline and queries check it, so work past the deadline
    /// (or after shutdown began) stops instead of running on after the 503.
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
        let deadline = middleware::request_deadline()
            .unwrap_or_else(|| Instant::now() + self.options.limits.request_timeout);
        let deadline = chronicle::budget::Deadline::at(deadline).with_cancel(self.stopping.clone());
        let state = self.clone();
        self.running.fetch_add(1, Ordering::SeqCst);
        tokio::task::spawn_blocking(move || {
            struct Done(Arc<AtomicUsize>);
            impl Drop for Done {
                fn drop(&mut self) {
                    self.0.fetch_sub(1, Ordering::SeqCst);
                }
            }
            let _done = Done(state.running.clone());
            let result = chronicle::budget::within(deadline, || {
                let result = job(&state);
                if chronicle::budget::expired() {
                    return Err(ApiError::unavailable(
                        "the request ran out of time (or the server is stopping); its work was stopped",
                    ));
                }
                result
            });
            drop(permit);
            result
        })
        .await
        .map_err(|e| ApiError::internal(format!("request failed: {e}")))?
    }

    /// A permit for an annotation job, or 503 at once when all are taken (a queue of
    /// expensive requests would only time out).
    pub(crate) fn annotation_permit(&self) -> Result<tokio::sync::OwnedSemaphorePermit, ApiError> {
        self.annotation.clone().try_acquire_owned().map_err(|_| {
            ApiError::unavailable("too many extraction requests at once; retry shortly")
        })
    }
}
