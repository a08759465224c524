//! Chronicle's HTTP server: a JSON API and a server-rendered web UI over an archive.
//!
//! Loopback by default. Every request runs under a body-size limit and a time limit; errors
//! are JSON with a fitting status; the archive is read-only over HTTP unless a bearer token is
//! configured. Blocking work (SQLite queries, the annotation pipeline) runs on tokio's blocking
//! pool behind a semaphore so a burst of slow requests cannot starve the runtime.

pub mod api;
pub mod client;
mod conn;
mod error;
mod middleware;
mod params;
pub mod ui;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::extract::DefaultBodyLimit;
use axum::Router;
use tokio::sync::Semaphore;

pub use error::{ApiError, Error};

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

/// The whole application: API, UI and static files, under the limits of `state.options`.
pub fn router(state: AppState) -> Router {
    let limits = state.options.limits.clone();
    let guard = Arc::new(middleware::Guard::new(&state.options));
    let mut router = Router::new();
    for route in api::routes() {
        router = router.route(route.path, route.handler);
    }
    for route in ui::routes() {
        router = router.route(route.path, route.handler);
    }
    router
        .fallback(middleware::not_found)
        .layer(DefaultBodyLimit::max(limits.max_body_bytes))
        .with_state(state)
        .layer(axum::middleware::from_fn_with_state(
            limits.request_timeout,
            middleware::time_limit,
        ))
        .layer(axum::middleware::from_fn_with_state(
            guard,
            middleware::guard,
        ))
        .layer(axum::middleware::from_fn(middleware::uniform_errors))
}

/// A server running on its own runtime thread; dropping it shuts it down.
pub struct Running {
    addr: SocketAddr,
    running: Arc<AtomicUsize>,
    stopping: Arc<AtomicBool>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<Result<(), Error>>>,
}

impl Running {
    /// The address it listens on (the real port when started on port 0).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Blocking jobs still running, including ones whose request already got its 503
    /// (tests check that work past its deadline stops).
    pub fn jobs_running(&self) -> usize {
        self.running.load(Ordering::SeqCst)
    }

    /// Stops accepting, lets in-flight requests finish, and waits for the thread.
    pub fn shutdown(mut self) -> Result<(), Error> {
        self.stop()
    }

    fn stop(&mut self) -> Result<(), Error> {
        self.stopping.store(true, Ordering::SeqCst);
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        match self.thread.take().map(|t| t.join()) {
            Some(Ok(result)) => result,
            Some(Err(_)) => Err(Error::Config("the server thread panicked".into())),
            None => Ok(()),
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.stop();
    }
}

fn runtime(threads: usize) -> Result<tokio::runtime::Runtime, Error> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(threads.max(1))
        .thread_name("chronicle-serve")
        .enable_all()
        .build()
        .map_err(Error::Runtime)
}

fn worker_threads() -> usize {
    std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .min(8)
}

/// Starts a server in the background (tests, benchmarks, `--demo`); returns once it listens.
pub fn spawn(options: Options) -> Result<Running, Error> {
    let addr = options.addr;
    let state = AppState::new(options)?;
    let (running, stopping) = (state.running.clone(), state.stopping.clone());
    let std_listener =
        std::net::TcpListener::bind(addr).map_err(|source| Error::Bind { addr, source })?;
    std_listener
        .set_nonblocking(true)
        .map_err(|source| Error::Bind { addr, source })?;
    let local = std_listener
        .local_addr()
        .map_err(|source| Error::Bind { addr, source })?;
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let thread = std::thread::Builder::new()
        .name("chronicle-serve".into())
        .spawn(move || -> Result<(), Error> {
            let rt = runtime(worker_threads())?;
            let result = rt.block_on(async move {
                let listener = tokio::net::TcpListener::from_std(std_listener)
                    .map_err(|source| Error::Bind { addr, source })?;
                serve_until(listener, state, async move {
                    let _ = rx.await;
                })
                .await
                .map_err(|source| Error::Bind { addr, source })
            });
            rt.shutdown_timeout(SHUTDOWN_GRACE);
            result
        })
        .map_err(Error::Runtime)?;
    Ok(Running {
        addr: local,
        running,
        stopping,
        shutdown: Some(tx),
        thread: Some(thread),
    })
}

/// Resolves on Ctrl-C or, on Unix, SIGTERM: both stop the server cleanly (so `--demo`
/// removes its temporary archive).
async fn stop_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

/// How long in-flight requests get to finish once shutdown begins; running jobs are told
/// to stop at once (their budget expires), so this is only a bound.
const SHUTDOWN_GRACE: Duration = Duration::from_millis(800);

/// Serves until `stop` resolves; then expires every running job's budget, lets in-flight
/// requests finish for at most [`SHUTDOWN_GRACE`], and returns.
async fn serve_until(
    listener: tokio::net::TcpListener,
    state: AppState,
    stop: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let stopping = state.stopping.clone();
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let listener = conn::GuardedListener(listener);
    let server = axum::serve(listener, router(state)).with_graceful_shutdown(async move {
        let _ = rx.await;
    });
    let mut server = std::pin::pin!(std::future::IntoFuture::into_future(server));
    tokio::select! {
        result = &mut server => return result,
        _ = stop => {}
    }
    stopping.store(true, Ordering::SeqCst);
    let _ = tx.send(());
    match tokio::time::timeout(SHUTDOWN_GRACE, server).await {
        Ok(result) => result,
        Err(_) => Ok(()),
    }
}

/// Serves in the foreground until Ctrl-C (the `chronicle serve` command). `ready` is called
/// with the bound address once the server listens. Stops within about a second even under
/// load: running jobs are cancelled and the runtime is not waited for beyond a grace period.
pub fn run(options: Options, ready: impl FnOnce(SocketAddr)) -> Result<(), Error> {
    let addr = options.addr;
    let state = AppState::new(options)?;
    let rt = runtime(worker_threads())?;
    let result = rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|source| Error::Bind { addr, source })?;
        let local = listener
            .local_addr()
            .map_err(|source| Error::Bind { addr, source })?;
        ready(local);
        serve_until(listener, state, stop_signal())
            .await
            .map_err(|source| Error::Bind { addr, source })
    });
    rt.shutdown_timeout(SHUTDOWN_GRACE);
    result
}
