//! `chronicle bench archive`: generate a large synthetic archive, and measure query
//! latency (p50/p99) of search, events and timeline on any archive.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use chronicle_archive::synth::{self, Rng};
use chronicle_archive::{EventQuery, SearchQuery, TimelineQuery};
use serde::Serialize;

use super::common::{print_rows, DbArgs, FormatArgs};

#[derive(clap::Subcommand)]
pub enum Action {
    /// Write a synthetic archive of N articles straight into the tables.
    Generate {
        /// Number of articles.
        #[arg(long, default_value_t = 1_000_000)]
        articles: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        #[command(flatten)]
        db: DbArgs,
    },
    /// Time search, events and timeline queries drawn from the archive's own content.
    Queries {
        /// Queries of each kind.
        #[arg(long, default_value_t = 300)]
        runs: usize,
        #[arg(long, default_value_t = 7)]
        seed: u64,
        #[command(flatten)]
        db: DbArgs,
        #[command(flatten)]
        format: FormatArgs,
    },
}

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub action: Action,
}

#[derive(Serialize)]
struct Latency {
    query: String,
    runs: usize,
    p50_ms: f64,
    p90_ms: f64,
    p99_ms: f64,
    max_ms: f64,
    mean_rows: f64,
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn summarise(query: &str, mut times: Vec<f64>, rows: usize) -> Latency {
    times.sort_by(|a, b| a.total_cmp(b));
    let runs = times.len();
    Latency {
        query: query.into(),
        runs,
        p50_ms: percentile(&times, 50.0),
        p90_ms: percentile(&times, 90.0),
        p99_ms: percentile(&times, 99.0),
        max_ms: times.last().copied().unwrap_or(0.0),
        mean_rows: rows as f64 / runs.max(1) as f64,
    }
}

fn time<T>(f: impl FnOnce() -> Result<Vec<T>>) -> Result<(f64, usize)> {
    let t = Instant::now();
    let rows = f()?.len();
    Ok((t.elapsed().as_secs_f64() * 1000.0, rows))
}

pub fn run(args: Args) -> Result<()> {
    match args.action {
        Action::Generate { articles, seed, db } => {
            if db.db.exists() {
                bail!("{} exists; generate writes a new archive", db.db.display());
            }
            let started = Instant::now();
            synth::generate(&db.db, articles, seed, |n| {
                eprint!("\r{n} articles");
            })
            .with_context(|| format!("generating {}", db.db.display()))?;
            eprintln!(
                "\rgenerated {articles} synthetic articles in {:.0}s -> {}",
                started.elapsed().as_secs_f64(),
                db.db.display()
            );
            Ok(())
        }
        Action::Queries {
            runs,
            seed,
            db,
            format,
        } => {
            let archive = db.open()?;
            let samples = sample_subjects(&db.db, runs, seed)?;
            let mut results = Vec::new();

            let (mut times, mut rows) = (Vec::new(), 0);
            for words in &samples.words {
                let (ms, n) = time(|| {
                    Ok(archive.search(&SearchQuery {
                        text: words.clone(),
                        limit: Some(20),
                        ..Default::default()
                    })?)
                })?;
                times.push(ms);
                rows += n;
            }
            results.push(summarise(
                "search (1-2 words, top 20, snippets)",
                times,
                rows,
            ));

            let (mut times, mut rows) = (Vec::new(), 0);
            for (i, actor) in samples.actors.iter().enumerate() {
                let plover =
                    (i % 3 == 0).then(|| samples.plovers[i % samples.plovers.len().max(1)].clone());
                let (ms, n) = time(|| {
                    Ok(archive.events(&EventQuery {
                        actors: vec![actor.clone()],
                        plover: plover.clone(),
                        limit: Some(100),
                        ..Default::default()
                    })?)
                })?;
                times.push(ms);
                rows += n;
            }
            results.push(summarise(
                "events --actor X [--plover P] (100)",
                times,
                rows,
            ));

            let (mut times, mut rows) = (Vec::new(), 0);
            for pair in samples.actors.chunks(2).filter(|p| p.len() == 2) {
                let (ms, n) = time(|| {
                    Ok(archive.events(&EventQuery {
                        actors: pair.to_vec(),
                        limit: Some(100),
                        ..Default::default()
                    })?)
                })?;
                times.push(ms);
                rows += n;
            }
            results.push(summarise("events --actor X --actor Y (100)", times, rows));

            let (mut times, mut rows) = (Vec::new(), 0);
            for actor in &samples.actors {
                let country: String = actor.chars().take(3).collect();
                let (ms, n) = time(|| {
                    Ok(archive.timeline(&TimelineQuery {
                        subject: country.clone(),
                        ..Default::default()
                    })?)
                })?;
                times.push(ms);
                rows += n;
            }
            results.push(summarise("timeline ACTOR (first 500)", times, rows));
            print_rows(
                &results,
                format.format,
                &[
                    "query",
                    "runs",
                    "p50_ms",
                    "p90_ms",
                    "p99_ms",
                    "max_ms",
                    "mean_rows",
                ],
            )
        }
    }
}

struct Samples {
    words: Vec<String>,
    actors: Vec<String>,
    plovers: Vec<String>,
}

/// Query subjects drawn from random stored articles and events, so the mix of frequent
/// and rare terms is the archive's own.
fn sample_subjects(db: &PathBuf, runs: usize, seed: u64) -> Result<Samples> {
    let conn = rusqlite_open(db)?;
    let max_article: i64 =
        conn.query_row("SELECT coalesce(max(rowid), 0) FROM articles", [], |r| {
            r.get(0)
        })?;
    let max_event: i64 = conn.query_row("SELECT coalesce(max(rowid), 0) FROM events", [], |r| {
        r.get(0)
    })?;
    if max_article == 0 {
        bail!("the archive is empty");
    }
    let mut rng = Rng::new(seed);
    let mut words = Vec::new();
    let mut stmt =
        conn.prepare("SELECT text FROM articles WHERE rowid >= ?1 ORDER BY rowid LIMIT 1")?;
    while words.len() < runs {
        let at = 1 + rng.below(max_article as usize) as i64;
        let text: String = stmt.query_row([at], |r| r.get(0))?;
        let candidates: Vec<&str> = text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.len() >= 4 && w.chars().all(char::is_alphabetic))
            .collect();
        if candidates.is_empty() {
            continue;
        }
        let first = candidates[rng.below(candidates.len())];
        let query = if rng.below(2) == 0 {
            first.to_string()
        } else {
            format!("{first} {}", candidates[rng.below(candidates.len())])
        };
        words.push(query.to_lowercase());
    }
    let mut actors = Vec::new();
    let mut plovers = Vec::new();
    if max_event > 0 {
        let mut stmt = conn.prepare(
            "SELECT source_codes, target_codes, plover FROM events WHERE rowid >= ?1 ORDER BY rowid LIMIT 1",
        )?;
        let mut attempts = 0;
        while actors.len() < runs && attempts < runs * 20 {
            attempts += 1;
            let at = 1 + rng.below(max_event as usize) as i64;
            let (s, t, p): (String, String, String) =
                stmt.query_row([at], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
            let codes: Vec<&str> = s.split_whitespace().chain(t.split_whitespace()).collect();
            if let Some(code) = codes.get(rng.below(codes.len().max(1))) {
                actors.push(code.to_string());
                plovers.push(p);
            }
        }
    }
    Ok(Samples {
        words,
        actors,
        plovers,
    })
}

fn rusqlite_open(db: &PathBuf) -> Result<chronicle_archive::rusqlite::Connection> {
    chronicle_archive::rusqlite::Connection::open_with_flags(
        db,
        chronicle_archive::rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
    )
    .with_context(|| format!("opening {}", db.display()))
}
