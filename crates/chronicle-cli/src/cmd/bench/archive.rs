//! `chronicle bench archive`: generate a large synthetic archive, and measure query
//! latency (p50/p99) of search, events and timeline on any archive.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use chronicle_archive::synth::{self, Rng};
use chronicle_archive::{EventQuery, SearchQuery, TimelineQuery};
use serde::Serialize;

use crate::cmd::common::{print_rows, DbArgs, FormatArgs};

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
        /// Print this many of the costliest queries of each kind (by CPU) to stderr.
        #[arg(long, default_value_t = 0)]
        slowest: usize,
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
    /// CPU time of the querying thread (user + system): what the query costs, whatever
    /// else the machine is doing.
    cpu_p50_ms: f64,
    cpu_p99_ms: f64,
    mean_rows: f64,
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn summarise(query: &str, mut times: Vec<f64>, mut cpu: Vec<f64>, rows: usize) -> Latency {
    times.sort_by(|a, b| a.total_cmp(b));
    cpu.sort_by(|a, b| a.total_cmp(b));
    let runs = times.len();
    Latency {
        query: query.into(),
        runs,
        p50_ms: percentile(&times, 50.0),
        p90_ms: percentile(&times, 90.0),
        p99_ms: percentile(&times, 99.0),
        max_ms: times.last().copied().unwrap_or(0.0),
        cpu_p50_ms: percentile(&cpu, 50.0),
        cpu_p99_ms: percentile(&cpu, 99.0),
        mean_rows: rows as f64 / runs.max(1) as f64,
    }
}

/// Wall-clock and thread-CPU milliseconds of `f` (CPU is wall-clock where the kernel
/// does not report it), and the rows it returned.
fn time<T>(f: impl FnOnce() -> Result<Vec<T>>) -> Result<(f64, f64, usize)> {
    let cpu = super::clock::thread_cpu_seconds();
    let t = Instant::now();
    let rows = f()?.len();
    let wall = t.elapsed().as_secs_f64() * 1000.0;
    let cpu = match (cpu, super::clock::thread_cpu_seconds()) {
        (Some(a), Some(b)) => (b - a) * 1000.0,
        _ => wall,
    };
    Ok((wall, cpu, rows))
}

pub fn run(args: Args) -> Result<()> {
    match args.action {
        Action::Generate { articles, seed, db } => {
            if db.db.exists() {
                bail!("{} exists; generate writes a new archive", db.db.display());
            }
            let started = Instant::now();
            // A bar on a terminal; elsewhere the count as before, on one rewritten line.
            let bar = std::io::IsTerminal::is_terminal(&std::io::stderr()).then(|| {
                let style = indicatif::ProgressStyle::with_template(
                    "[{bar:24}] {pos}/{len} articles  {elapsed}  ETA {eta}",
                )
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
                .progress_chars("#>-");
                indicatif::ProgressBar::new(articles as u64).with_style(style)
            });
            synth::generate(&db.db, articles, seed, |n| match &bar {
                Some(bar) => bar.set_position(n as u64),
                None => eprint!("\r{n} articles"),
            })
            .with_context(|| format!("generating {}", db.db.display()))?;
            let carriage = match bar {
                Some(bar) => {
                    bar.finish_and_clear();
                    ""
                }
                None => "\r",
            };
            eprintln!(
                "{carriage}generated {articles} synthetic articles in {:.0}s -> {}",
                started.elapsed().as_secs_f64(),
                db.db.display()
            );
            Ok(())
        }
        Action::Queries {
            runs,
            seed,
            slowest,
            db,
            format,
        } => {
            let archive = db.open()?;
            let started = Instant::now();
            let s = sample_subjects(&db.db, runs, seed)?;
            eprintln!(
                "sampled query subjects in {:.1}s",
                started.elapsed().as_secs_f64()
            );
            let results = run_queries(&archive, &s, runs, slowest)?;
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
                    "cpu_p50_ms",
                    "cpu_p99_ms",
                    "mean_rows",
                ],
            )
        }
    }
}

/// Times `run` on each of `cases` (once; the first 5% are a warm-up, timed twice).
/// With `slowest > 0`, prints that many of the costliest cases (by CPU) to stderr.
fn bench<C: std::fmt::Debug, T>(
    name: &str,
    cases: &[C],
    slowest: usize,
    mut run: impl FnMut(&C) -> chronicle_archive::Result<Vec<T>>,
) -> Result<Option<Latency>> {
    if cases.is_empty() {
        return Ok(None);
    }
    for case in cases.iter().take(cases.len() / 20) {
        run(case).with_context(|| format!("{name} (warm-up)"))?;
    }
    let (mut times, mut cpu, mut rows) = (Vec::with_capacity(cases.len()), Vec::new(), 0);
    for case in cases {
        let (ms, cpu_ms, n) = time(|| run(case).with_context(|| name.to_string()))?;
        times.push(ms);
        cpu.push(cpu_ms);
        rows += n;
    }
    if slowest > 0 {
        let mut order: Vec<usize> = (0..cases.len()).collect();
        order.sort_by(|&a, &b| cpu[b].total_cmp(&cpu[a]));
        for &i in order.iter().take(slowest) {
            eprintln!(
                "{name}: {:.3} ms CPU, {:.3} ms wall: {:?}",
                cpu[i], times[i], cases[i]
            );
        }
    }
    Ok(Some(summarise(name, times, cpu, rows)))
}

/// The query mix: every query shape the CLI and the server issue, with subjects both
/// frequent and rare in this archive.
fn run_queries(
    archive: &chronicle_archive::Archive,
    s: &Samples,
    runs: usize,
    slowest: usize,
) -> Result<Vec<Latency>> {
    let pick = |v: &[String], i: usize| v.get(i % v.len().max(1)).cloned();
    let year = |i: usize| s.years.get(i % s.years.len().max(1)).cloned().unzip();
    let month = |i: usize| s.months.get(i % s.months.len().max(1)).cloned().unzip();
    let mut out = Vec::new();
    let mut add = |l: Option<Latency>| {
        if let Some(l) = l {
            out.push(l);
        }
    };
    let text_search = |text: &str| SearchQuery {
        text: text.to_string(),
        limit: Some(20),
        ..Default::default()
    };
    // Each class as typed queries built up front, so the slowest can be printed.
    let searches = |f: &dyn Fn(usize) -> SearchQuery| (0..runs).map(f).collect::<Vec<_>>();
    for (name, words) in [
        (
            "search: frequent word (>10% of articles)",
            &s.frequent_words,
        ),
        ("search: medium word (0.1-10%)", &s.medium_words),
        ("search: rare word (<0.1%)", &s.rare_words),
        ("search: two words from one article", &s.word_pairs),
        ("search: \"phrase\" from one article", &s.phrases),
        ("search: prefix* (first 4 letters of a word)", &s.prefixes),
    ] {
        let queries: Vec<SearchQuery> = words.iter().map(|w| text_search(w)).collect();
        add(bench(name, &queries, slowest, |q| archive.search(q))?);
    }
    let word = |i: usize| text_search(&pick(&s.all_words, i).unwrap_or_default());
    let filtered: [(&str, Vec<SearchQuery>); 4] = [
        (
            "search: word + one-year date range",
            searches(&|i| {
                let (since, until) = year(i);
                SearchQuery {
                    since,
                    until,
                    ..word(i)
                }
            }),
        ),
        (
            "search: word + country",
            searches(&|i| SearchQuery {
                country: pick(&s.countries, i),
                ..word(i)
            }),
        ),
        (
            "search: word + actor (any code)",
            searches(&|i| SearchQuery {
                actors: pick(&s.any_actors, i).into_iter().collect(),
                ..word(i)
            }),
        ),
        (
            "search: filters only (country + year)",
            searches(&|i| {
                let (since, until) = year(i);
                SearchQuery {
                    country: pick(&s.countries, i),
                    since,
                    until,
                    limit: Some(20),
                    ..Default::default()
                }
            }),
        ),
    ];
    for (name, queries) in &filtered {
        add(bench(name, queries, slowest, |q| archive.search(q))?);
    }

    if !s.actors.is_empty() {
        let event = |q: EventQuery| EventQuery {
            limit: Some(100),
            ..q
        };
        let events = |f: &dyn Fn(usize) -> EventQuery| (0..runs).map(|i| event(f(i))).collect();
        let classes: [(&str, Vec<EventQuery>); 9] = [
            (
                "events: --actor (by frequency)",
                s.actors
                    .iter()
                    .map(|a| {
                        event(EventQuery {
                            actors: vec![a.clone()],
                            ..Default::default()
                        })
                    })
                    .collect(),
            ),
            (
                "events: --actor (any code, mostly rare)",
                s.any_actors
                    .iter()
                    .map(|a| {
                        event(EventQuery {
                            actors: vec![a.clone()],
                            ..Default::default()
                        })
                    })
                    .collect(),
            ),
            (
                "events: --actor X --actor Y",
                events(&|i| EventQuery {
                    actors: [pick(&s.actors, i), pick(&s.any_actors, i + 1)]
                        .into_iter()
                        .flatten()
                        .collect(),
                    ..Default::default()
                }),
            ),
            (
                "events: --actor + --plover",
                events(&|i| EventQuery {
                    actors: pick(&s.any_actors, i).into_iter().collect(),
                    plover: pick(&s.plovers, i + 3),
                    ..Default::default()
                }),
            ),
            (
                "events: --country",
                events(&|i| EventQuery {
                    country: pick(&s.countries, i),
                    ..Default::default()
                }),
            ),
            (
                "events: --country + one-year range",
                events(&|i| {
                    let (since, until) = year(i);
                    EventQuery {
                        country: pick(&s.countries, i),
                        since,
                        until,
                        ..Default::default()
                    }
                }),
            ),
            (
                "events: --plover + one-month range",
                events(&|i| {
                    let (since, until) = month(i);
                    EventQuery {
                        plover: pick(&s.plovers, i),
                        since,
                        until,
                        ..Default::default()
                    }
                }),
            ),
            (
                "events: --modality planned + --since",
                events(&|i| EventQuery {
                    modality: Some("planned".into()),
                    since: year(i).0,
                    ..Default::default()
                }),
            ),
            (
                "events: --cameo prefix + --country",
                events(&|i| EventQuery {
                    cameo: pick(&s.cameos, i),
                    country: pick(&s.countries, i + 1),
                    ..Default::default()
                }),
            ),
        ];
        for (name, queries) in &classes {
            add(bench(name, queries, slowest, |q| archive.events(q))?);
        }
        let subject = |subject: &String| TimelineQuery {
            subject: subject.clone(),
            ..Default::default()
        };
        let timelines: [(&str, Vec<TimelineQuery>); 5] = [
            (
                "timeline: country code (first 500)",
                s.countries.iter().map(subject).collect(),
            ),
            (
                "timeline: actor code + one-year range",
                (0..runs)
                    .map(|i| {
                        let (since, until) = year(i);
                        TimelineQuery {
                            subject: pick(&s.any_actors, i).unwrap_or_default(),
                            since,
                            until,
                            ..Default::default()
                        }
                    })
                    .collect(),
            ),
            (
                "timeline: frequent word (first 500)",
                s.frequent_words.iter().map(subject).collect(),
            ),
            (
                "timeline: medium word (first 500)",
                s.medium_words.iter().map(subject).collect(),
            ),
            (
                "timeline: rare word (first 500)",
                s.rare_words.iter().map(subject).collect(),
            ),
        ];
        for (name, queries) in &timelines {
            add(bench(name, queries, slowest, |q| archive.timeline(q))?);
        }
    }
    Ok(out)
}

#[derive(Default)]
struct Samples {
    /// Words by the share of articles containing them.
    frequent_words: Vec<String>,
    medium_words: Vec<String>,
    rare_words: Vec<String>,
    /// Words of random articles (so frequency-weighted).
    all_words: Vec<String>,
    word_pairs: Vec<String>,
    phrases: Vec<String>,
    /// `meet*`: the first four letters of a word of five or more.
    prefixes: Vec<String>,
    /// Actor codes of random events (frequency-weighted) and of random actors (uniform).
    actors: Vec<String>,
    any_actors: Vec<String>,
    /// Country prefixes of random event actors.
    countries: Vec<String>,
    plovers: Vec<String>,
    cameos: Vec<String>,
    /// Random one-year and one-month windows within the archive's dates.
    years: Vec<(String, String)>,
    months: Vec<(String, String)>,
}

/// Query subjects drawn from the archive itself, so the mix of frequent and rare terms
/// is its own.
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
    let mut prefix_rng = Rng::new(seed.wrapping_add(1));
    let mut s = Samples::default();
    let mut stmt =
        conn.prepare("SELECT text FROM articles WHERE rowid >= ?1 ORDER BY rowid LIMIT 1")?;
    while s.all_words.len() < runs {
        let at = 1 + rng.below(max_article as usize) as i64;
        let text: String = stmt.query_row([at], |r| r.get(0))?;
        let words: Vec<String> = text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect();
        let useful: Vec<&String> = words
            .iter()
            .filter(|w| w.len() >= 4 && w.chars().all(char::is_alphabetic))
            .collect();
        if useful.len() < 2 || words.len() < 3 {
            continue;
        }
        s.all_words.push(useful[rng.below(useful.len())].clone());
        s.word_pairs.push(format!(
            "{} {}",
            useful[rng.below(useful.len())],
            useful[rng.below(useful.len())]
        ));
        // Drawn from a generator of their own, so the other classes keep their subjects.
        let long: Vec<&&String> = useful.iter().filter(|w| w.chars().count() >= 5).collect();
        if !long.is_empty() {
            let word = long[prefix_rng.below(long.len())];
            s.prefixes
                .push(format!("{}*", word.chars().take(4).collect::<String>()));
        }
        let at = rng.below(words.len() - 1);
        s.phrases
            .push(format!("\"{} {}\"", words[at], words[at + 1]));
    }

    // Document frequencies from the full-text index itself.
    conn.execute_batch("CREATE VIRTUAL TABLE temp.vocab USING fts5vocab(main, articles_fts, row)")?;
    let mut by_class: [Vec<String>; 3] = Default::default();
    {
        let mut stmt = conn.prepare("SELECT term, doc FROM temp.vocab")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let term: String = r.get(0)?;
            let docs: i64 = r.get(1)?;
            if term.len() < 3 || !term.chars().all(char::is_alphabetic) {
                continue;
            }
            let share = docs as f64 / max_article as f64;
            let class = if share > 0.10 {
                0
            } else if share >= 0.001 {
                1
            } else {
                2
            };
            by_class[class].push(term);
        }
    }
    let [frequent, medium, rare] = by_class;
    let draw = |from: &[String], rng: &mut Rng| -> Vec<String> {
        if from.is_empty() {
            return Vec::new();
        }
        (0..runs)
            .map(|_| from[rng.below(from.len())].clone())
            .collect()
    };
    s.frequent_words = draw(&frequent, &mut rng);
    s.medium_words = draw(&medium, &mut rng);
    s.rare_words = draw(&rare, &mut rng);

    let (first_day, last_day): (Option<i64>, Option<i64>) = conn.query_row(
        "SELECT min(pub_day), max(pub_day) FROM articles WHERE pub_day BETWEEN 0 AND 100000",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    if let (Some(first), Some(last)) = (first_day, last_day) {
        let span = (last - first).max(1) as usize;
        for _ in 0..runs {
            let start = first + rng.below(span) as i64;
            s.years.push((
                chronicle_archive::when::day_to_iso(start),
                chronicle_archive::when::day_to_iso(start + 364),
            ));
            s.months.push((
                chronicle_archive::when::day_to_iso(start),
                chronicle_archive::when::day_to_iso(start + 30),
            ));
        }
    }

    if max_event > 0 {
        let mut stmt = conn.prepare(
            "SELECT source_codes, target_codes, plover, cameo FROM events WHERE rowid >= ?1
             ORDER BY rowid LIMIT 1",
        )?;
        let mut attempts = 0;
        while s.actors.len() < runs && attempts < runs * 20 {
            attempts += 1;
            let at = 1 + rng.below(max_event as usize) as i64;
            let (src, tgt, plover, cameo): (String, String, String, String) =
                stmt.query_row([at], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
            let codes: Vec<&str> = src
                .split_whitespace()
                .chain(tgt.split_whitespace())
                .collect();
            if let Some(code) = codes.get(rng.below(codes.len().max(1))) {
                s.actors.push(code.to_string());
                s.countries.push(code.chars().take(3).collect());
                s.plovers.push(plover);
                s.cameos.push(cameo.chars().take(2).collect());
            }
        }
        let codes: Vec<String> = conn
            .prepare("SELECT DISTINCT code FROM actors WHERE code IS NOT NULL AND code != ''")?
            .query_map([], |r| r.get(0))?
            .collect::<std::result::Result<_, _>>()?;
        s.any_actors = draw(&codes, &mut rng);
    }
    Ok(s)
}

fn rusqlite_open(db: &PathBuf) -> Result<chronicle_archive::rusqlite::Connection> {
    chronicle_archive::rusqlite::Connection::open_with_flags(
        db,
        chronicle_archive::rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
    )
    .with_context(|| format!("opening {}", db.display()))
}
