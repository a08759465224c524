//! `chronicle bench serve`: a bounded load run against the HTTP API on loopback.
//!
//! Starts the server in-process on 127.0.0.1 (an ephemeral port), sends a fixed number of
//! requests to `/api/events` and then `/api/search` from a few keep-alive connections, and
//! prints requests/s and latency percentiles. It stops by itself: after `--requests` per
//! endpoint or `--max-seconds`, whichever comes first. Traffic never leaves this machine.

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use chronicle_serve::client::Client;

#[derive(clap::Args)]
pub struct Args {
    /// Archive to load (default: the example articles in a temporary archive).
    #[arg(long)]
    pub db: Option<PathBuf>,
    /// Requests per endpoint.
    #[arg(long, default_value_t = 20_000)]
    pub requests: usize,
    /// Concurrent keep-alive connections.
    #[arg(long, default_value_t = 8)]
    pub concurrency: usize,
    /// Hard stop per endpoint, in seconds.
    #[arg(long, default_value_t = 120)]
    pub max_seconds: u64,
}

struct Outcome {
    latencies: Vec<Duration>,
    errors: usize,
    first_error: Option<String>,
    elapsed: Duration,
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    let index = rank.clamp(1, sorted.len()) - 1;
    sorted.get(index).map_or(0.0, |d| d.as_secs_f64() * 1000.0)
}

fn hammer(addr: std::net::SocketAddr, paths: Arc<Vec<String>>, args: &Args) -> Result<Outcome> {
    let next = Arc::new(AtomicUsize::new(0));
    let deadline = Instant::now() + Duration::from_secs(args.max_seconds);
    let total = args.requests;
    let started = Instant::now();
    let workers: Vec<_> = (0..args.concurrency.max(1))
        .map(|_| {
            let next = Arc::clone(&next);
            let paths = Arc::clone(&paths);
            std::thread::spawn(move || -> Result<(Vec<Duration>, usize, Option<String>)> {
                let mut client = Client::new(addr)?;
                let mut latencies = Vec::new();
                let mut errors = 0;
                let mut first_error = None;
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= total || Instant::now() > deadline {
                        break;
                    }
                    let path = &paths[i % paths.len()];
                    let t = Instant::now();
                    match client.get(path) {
                        Ok(r) if r.status == 200 => latencies.push(t.elapsed()),
                        Ok(r) => {
                            errors += 1;
                            first_error.get_or_insert_with(|| {
                                format!("{path}: {} {}", r.status, r.text())
                            });
                        }
                        Err(e) => {
                            errors += 1;
                            first_error.get_or_insert_with(|| format!("{path}: {e}"));
                        }
                    }
                }
                Ok((latencies, errors, first_error))
            })
        })
        .collect();
    let mut outcome = Outcome {
        latencies: Vec::new(),
        errors: 0,
        first_error: None,
        elapsed: Duration::ZERO,
    };
    for worker in workers {
        let (latencies, errors, first_error) = worker
            .join()
            .map_err(|_| anyhow::anyhow!("a load thread panicked"))??;
        outcome.latencies.extend(latencies);
        outcome.errors += errors;
        if outcome.first_error.is_none() {
            outcome.first_error = first_error;
        }
    }
    outcome.elapsed = started.elapsed();
    outcome.latencies.sort();
    Ok(outcome)
}

fn encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

pub fn run(args: Args) -> Result<()> {
    if args.requests == 0 {
        bail!("--requests must be at least 1");
    }
    let mut _demo_dir = None;
    let db = match &args.db {
        Some(db) => db.clone(),
        None => {
            let dir = crate::cmd::serve::TempDir::new("chronicle-bench")?;
            let db = dir.path().join("bench.db");
            let n = crate::cmd::serve::ingest_into(&db, &[crate::cmd::serve::examples_dir()?])?;
            eprintln!("bench archive: {n} example articles");
            _demo_dir = Some(dir);
            db
        }
    };
    let server = chronicle_serve::spawn(chronicle_serve::Options::new(&db, "127.0.0.1:0".parse()?))
        .with_context(|| format!("serving {}", db.display()))?;
    let addr = server.addr();

    // Realistic filters: the archive's own most frequent actors and event types.
    let mut client = Client::new(addr)?;
    let actors = client.get("/api/actors?limit=12")?.json()?;
    let codes: Vec<String> = actors["actors"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|a| a["code"].as_str().map(str::to_string))
        .collect();
    let stats = client.get("/api/stats")?.json()?;
    let plovers: Vec<String> = stats["events_by_plover"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|p| p[0].as_str().map(str::to_string))
        .take(6)
        .collect();
    let mut events = vec![
        "/api/events".to_string(),
        "/api/events?modality=planned".into(),
    ];
    for code in &codes {
        events.push(format!("/api/events?actor={}", encode(code)));
    }
    for pair in codes.windows(2) {
        events.push(format!(
            "/api/events?actor={}&actor={}",
            encode(&pair[0]),
            encode(&pair[1])
        ));
    }
    for p in &plovers {
        events.push(format!("/api/events?plover={}&limit=20", encode(p)));
    }
    let words = [
        "talks",
        "minister",
        "government",
        "Seoul",
        "trade",
        "oil",
        "\"foreign minister\"",
        "meet*",
        "sanctions OR talks",
        "agreed",
        "president",
        "bank",
    ];
    let mut search: Vec<String> = words
        .iter()
        .map(|w| format!("/api/search?q={}", encode(w)))
        .collect();
    for code in codes.iter().take(4) {
        search.push(format!("/api/search?q=talks&actor={}", encode(code)));
    }

    // The web UI's pages as a reader opens them: the most mentioned actors' pages, the
    // events list (plain, by words, by an actor's name), event pages with their evidence,
    // the search page, the actor finder.
    let top = client.get("/api/actors?limit=24")?.json()?;
    let top = top["actors"].as_array().cloned().unwrap_or_default();
    let actor_pages: Vec<String> = top
        .iter()
        .filter_map(|a| a["id"].as_i64())
        .map(|id| format!("/actors/{id}"))
        .collect();
    let listed = client.get("/api/events?limit=40")?.json()?;
    let mut pages: Vec<String> = vec![
        "/".into(),
        "/?q=talks".into(),
        "/?q=oil".into(),
        "/events".into(),
        "/events?q=trade".into(),
        "/actors".into(),
        "/actors?q=minister".into(),
    ];
    for a in top.iter().take(6) {
        if let Some(name) = a["name"].as_str() {
            pages.push(format!(
                "/events?actor={}",
                encode(&format!("id:{}", a["id"]))
            ));
            pages.push(format!("/actors?q={}", encode(name)));
        }
    }
    for e in listed["events"].as_array().into_iter().flatten().take(20) {
        if let Some(id) = e["id"].as_i64() {
            pages.push(format!("/events/{id}"));
        }
        if let Some(article) = e["first_article"].as_str() {
            pages.push(format!("/articles/{}", encode(article)));
        }
    }

    println!(
        "serve load run: {} requests per endpoint, {} connections, loopback {addr}, archive {}",
        args.requests,
        args.concurrency,
        db.display()
    );
    println!("| endpoint | requests | errors | seconds | requests/s | p50 ms | p90 ms | p99 ms | max ms |");
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    let mut failed = false;
    // The time axis, the map and the chart pages: every interval, and per frequent actor.
    // Days over the whole span of a long archive are too many periods (a 400 by design):
    // days are asked for the year up to the last article.
    let mut counts: Vec<String> = ["week", "month", "year", "auto"]
        .iter()
        .map(|i| format!("/api/counts?interval={i}"))
        .collect();
    if let Some(last) = stats["last_article"]
        .as_str()
        .and_then(|d| chronicle::date::Date::parse_iso(d.get(0..10)?))
    {
        counts.push(format!(
            "/api/counts?interval=day&since={}&until={last}",
            last.add_days(-365)
        ));
    }
    let mut places = vec!["/api/places".to_string()];
    let mut chart_pages = vec![
        "/trends".to_string(),
        "/trends?interval=week".into(),
        "/network".into(),
        "/map".into(),
    ];
    for code in codes.iter().take(4) {
        counts.push(format!("/api/counts?actor={}", encode(code)));
        places.push(format!("/api/places?actor={}", encode(code)));
        chart_pages.push(format!("/trends?actor={}", encode(code)));
        chart_pages.push(format!("/network?actor={}", encode(code)));
        chart_pages.push(format!("/map?actor={}", encode(code)));
    }
    for (name, paths) in [
        ("/api/events", events),
        ("/api/search", search),
        ("/api/counts", counts),
        ("/api/places", places),
        ("UI: /actors/{id}", actor_pages),
        ("UI: trends, network, map pages", chart_pages),
        ("UI: other pages", pages),
    ] {
        if paths.is_empty() {
            continue;
        }
        let outcome = hammer(addr, Arc::new(paths), &args)?;
        let done = outcome.latencies.len() + outcome.errors;
        println!(
            "| {name} | {done} | {} | {:.2} | {:.0} | {:.2} | {:.2} | {:.2} | {:.2} |",
            outcome.errors,
            outcome.elapsed.as_secs_f64(),
            done as f64 / outcome.elapsed.as_secs_f64().max(1e-9),
            percentile(&outcome.latencies, 50.0),
            percentile(&outcome.latencies, 90.0),
            percentile(&outcome.latencies, 99.0),
            percentile(&outcome.latencies, 100.0),
        );
        if let Some(e) = outcome.first_error {
            eprintln!("first error on {name}: {e}");
            failed = true;
        }
    }
    server.shutdown()?;
    if failed {
        bail!("the load run saw errors");
    }
    Ok(())
}
