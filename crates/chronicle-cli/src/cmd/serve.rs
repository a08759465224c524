//! `chronicle serve`: the HTTP API and web UI over an archive (`--demo`: over the examples).

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{bail, Context, Result};

#[derive(clap::Args)]
pub struct Args {
    /// The archive to serve (made by `chronicle ingest`).
    #[arg(long, default_value = "chronicle.db")]
    pub db: PathBuf,
    /// Address to listen on. Loopback by default; anything else exposes the archive.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    /// Ingest the example articles (examples/articles) into a temporary archive and serve
    /// that (into --db instead, when given explicitly).
    #[arg(long)]
    pub demo: bool,
    /// Bearer token that allows writes (`POST /api/ingest`). Without it the server is
    /// read-only.
    #[arg(long, env = "CHRONICLE_TOKEN", hide_env_values = true)]
    pub token: Option<String>,
    /// Seconds one request may take before it is answered with 503.
    #[arg(long, default_value_t = 15.0)]
    pub timeout: f64,
    /// Largest request body in KiB (`POST /api/extract`).
    #[arg(long, default_value_t = 1024)]
    pub max_body_kib: usize,
    /// A host name the server answers to besides loopback names and IP addresses (repeat
    /// for several). Requests naming any other host get 421, which stops DNS rebinding.
    #[arg(long = "allow-host", value_name = "NAME")]
    pub allow_hosts: Vec<String>,
    /// Turn off `POST /api/extract` (annotation on demand, the most expensive route).
    #[arg(long)]
    pub no_extract: bool,
    /// Let readers flag event codings in the web UI; corrections go to the archive's
    /// feedback table (`chronicle export --format feedback`). On with --demo.
    #[arg(long)]
    pub feedback: bool,
}

/// A temporary directory removed when dropped (the demo archive lives there).
pub struct TempDir(PathBuf);

impl TempDir {
    pub fn new(prefix: &str) -> Result<TempDir> {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let dir = std::env::temp_dir().join(format!("{prefix}-{}-{nanos}", std::process::id()));
        std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
        Ok(TempDir(dir))
    }
    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Where the example articles are: `examples/articles` under the current directory, else
/// under the source tree this binary was built from.
pub fn examples_dir() -> Result<PathBuf> {
    let candidates = [
        PathBuf::from("examples/articles"),
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/articles"),
    ];
    candidates
        .iter()
        .find(|p| p.is_dir())
        .cloned()
        .with_context(|| {
            "cannot find the example articles (examples/articles); run from the repository root"
        })
}

/// Reads, annotates and stores every article under `inputs` into `db`; returns how many.
pub fn ingest_into(db: &Path, inputs: &[PathBuf]) -> Result<usize> {
    let pipeline = chronicle::Pipeline::standard().context("loading the pipeline")?;
    let mut writer =
        chronicle_archive::Writer::open(db).with_context(|| format!("opening {}", db.display()))?;
    let articles = chronicle::read::read_inputs(inputs, &chronicle::read::ReadOptions::default())
        .map(|item| item.map(|read| read.article));
    let stats = chronicle_archive::ingest(
        &mut writer,
        &pipeline,
        articles,
        &chronicle_archive::IngestOptions::default(),
        |problem| eprintln!("warning: {}: {}", problem.place, problem.message),
        |_| {},
    )
    .context("ingesting the examples")?;
    Ok(stats.read)
}

pub fn run(args: Args) -> Result<()> {
    if !(args.timeout.is_finite() && args.timeout > 0.0) {
        bail!("--timeout must be a positive number of seconds");
    }
    let db_given = std::env::args().any(|a| a == "--db" || a.starts_with("--db="));
    let mut _demo_dir = None;
    let db = if args.demo {
        let examples = examples_dir()?;
        let db = if db_given {
            args.db.clone()
        } else {
            let dir = TempDir::new("chronicle-demo")?;
            let db = dir.path().join("demo.db");
            _demo_dir = Some(dir);
            db
        };
        let n = ingest_into(&db, std::slice::from_ref(&examples))?;
        eprintln!(
            "demo: {n} example articles from {} in {}",
            examples.display(),
            db.display()
        );
        db
    } else {
        if !args.db.is_file() {
            bail!(
                "no archive at {}; create one with `chronicle ingest FILES --db {}`, or try `chronicle serve --demo`",
                args.db.display(),
                args.db.display()
            );
        }
        args.db.clone()
    };
    if !args.addr.ip().is_loopback() {
        eprintln!(
            "warning: listening on {}, not loopback: anyone who can reach this address can read the archive",
            args.addr
        );
    }
    let token = args.token.filter(|t| !t.is_empty());
    let mut options = chronicle_serve::Options::new(&db, args.addr);
    options.limits.request_timeout = Duration::from_secs_f64(args.timeout);
    options.limits.max_body_bytes = args.max_body_kib.saturating_mul(1024);
    let writable = token.is_some();
    options.token = token;
    options.allow_hosts = args.allow_hosts.clone();
    options.no_extract = args.no_extract;
    options.feedback = args.feedback || args.demo;
    chronicle_serve::run(options, |addr| {
        eprintln!(
            "serving {} at http://{addr}/ ({}; Ctrl-C to stop)",
            db.display(),
            if writable {
                "writes allowed with the bearer token"
            } else {
                "read-only"
            }
        );
    })
    .with_context(|| format!("serving {}", db.display()))?;
    Ok(())
}
