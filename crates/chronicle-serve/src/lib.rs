//! Chronicle's HTTP server: a JSON API and a server-rendered web UI over an archive.
//!
//! Loopback by default. Every request runs under a body-size limit and a time limit; errors
//! are JSON with a fitting status; the archive is read-only over HTTP unless a bearer token is
//! configured. Blocking work (SQLite queries, the annotation pipeline) runs on tokio's blocking
//! pool behind a semaphore so a burst of slow requests cannot starve the runtime.

pub mod api;
/// The loopback-only test and benchmark client (feature `client`).
#[cfg(feature = "client")]
pub mod client;
mod conn;
mod error;
mod middleware;
mod params;
mod resolve;
mod state;
mod ui;

use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use axum::extract::DefaultBodyLimit;
use axum::Router;

pub use error::{ApiError, Error};
pub use state::{AppState, Limits, Options};

/// The whole application: API, UI and static files, under the limits of `state.options`.
pub fn router(state: AppState) -> Router {
    let limits = state.options.limits.clone();
    let guard = Arc::new(middleware::Guard::new(
        &state.options.allow_hosts,
        state.options.limits.max_uri_bytes,
    ));
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
