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
mod error;
mod middleware;
mod params;
mod state;
mod ui;

use std::net::SocketAddr;

use axum::extract::DefaultBodyLimit;
use axum::Router;

pub use error::{ApiError, Error};
pub use state::{AppState, Limits, Options};

/// The whole application: API, UI and static files, under the limits of `state.options`.
pub fn router(state: AppState) -> Router {
    let limits = state.options.limits.clone();
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
        .layer(axum::middleware::from_fn(middleware::uniform_errors))
}

/// A server running on its own runtime thread; dropping it shuts it down.
pub struct Running {
    addr: SocketAddr,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<Result<(), Error>>>,
}

impl Running {
    /// The address it listens on (the real port when started on port 0).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Stops accepting, lets in-flight requests finish, and waits for the thread.
    pub fn shutdown(mut self) -> Result<(), Error> {
        self.stop()
    }

    fn stop(&mut self) -> Result<(), Error> {
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
            rt.block_on(async move {
                let listener = tokio::net::TcpListener::from_std(std_listener)
                    .map_err(|source| Error::Bind { addr, source })?;
                axum::serve(listener, router(state))
                    .with_graceful_shutdown(async move {
                        let _ = rx.await;
                    })
                    .await
                    .map_err(|source| Error::Bind { addr, source })
            })
        })
        .map_err(Error::Runtime)?;
    Ok(Running {
        addr: local,
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

/// Serves in the foreground until Ctrl-C (the `chronicle serve` command). `ready` is called
/// with the bound address once the server listens.
pub fn run(options: Options, ready: impl FnOnce(SocketAddr)) -> Result<(), Error> {
    let addr = options.addr;
    let state = AppState::new(options)?;
    let rt = runtime(worker_threads())?;
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|source| Error::Bind { addr, source })?;
        let local = listener
            .local_addr()
            .map_err(|source| Error::Bind { addr, source })?;
        ready(local);
        axum::serve(listener, router(state))
            .with_graceful_shutdown(stop_signal())
            .await
            .map_err(|source| Error::Bind { addr, source })
    })
}
