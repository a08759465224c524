//! `chronicle ingest`: read, annotate in parallel, store in the archive.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use chronicle::read::read_inputs;
use chronicle_archive::{ingest, IngestOptions, Writer};
use indicatif::{ProgressBar, ProgressState, ProgressStyle};

use super::common::{DbArgs, ReadArgs};

#[derive(clap::Args)]
pub struct Args {
    /// Files, directories (read recursively), globs, or `-` for stdin.
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    #[command(flatten)]
    pub db: DbArgs,
    #[command(flatten)]
    pub read: ReadArgs,
    /// Articles per transaction (what an interruption can lose; a rerun redoes it).
    #[arg(long, default_value_t = chronicle_archive::DEFAULT_BATCH)]
    pub batch: usize,
    /// Worker threads for extraction (default: all cores).
    #[arg(long)]
    pub threads: Option<usize>,
    /// No progress bar, even on a terminal.
    #[arg(long)]
    pub quiet: bool,
    /// Run only these stages (`text`, `text,time`) instead of the full pipeline: a fast
    /// full-text-only archive, or a storage test.
    #[arg(long, value_delimiter = ',')]
    pub stages: Vec<String>,
    /// Parse every sentence (the events stage then reads arguments from the tree).
    #[arg(long)]
    pub parse: bool,
    /// Parse the sentences the events stage codes (a trigger and a political actor), so
    /// events read their arguments from the dependency tree; about a fifth more CPU.
    #[arg(long)]
    pub event_parse: bool,
}

pub(crate) fn pipeline_for(
    stages: &[String],
    (parse, event_parse): (bool, bool),
) -> Result<chronicle::Pipeline> {
    if stages.is_empty() {
        return Ok(chronicle::Pipeline::with_options(
            &chronicle::pipeline::PipelineOptions {
                parse,
                event_parse,
                ..Default::default()
            },
        )?);
    }
    let mut chosen: Vec<Box<dyn chronicle::Stage>> = Vec::new();
    for name in stages {
        match name.trim() {
            "text" => chosen.push(Box::new(chronicle::pipeline::TextStage)),
            "time" => chosen.push(Box::new(chronicle::time::TimeStage::new())),
            other => bail!("--stages takes text and time (the rest of the pipeline runs as a whole); got {other:?}"),
        }
    }
    Ok(chronicle::Pipeline::with_stages(chosen))
}

/// The progress bar on a terminal: count, rate, MB/s, ETA (a spinner when the total is
/// unknown). indicatif draws it on stderr at a bounded rate.
fn progress_bar(total: Option<usize>) -> ProgressBar {
    let (bar, template) = match total {
        Some(total) if total > 0 => (
            ProgressBar::new(total as u64),
            "[{bar:24}] {pos}/{len} {percent:>3}%  {rate}  {msg}  ETA {eta}",
        ),
        _ => (
            ProgressBar::new_spinner(),
            "{spinner} {pos} articles  {rate}  {msg}",
        ),
    };
    let style = ProgressStyle::with_template(template)
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .with_key(
            "rate",
            |state: &ProgressState, w: &mut dyn std::fmt::Write| {
                let _ = write!(w, "{:.0} art/s", state.per_sec());
            },
        )
        .progress_chars("#>-");
    bar.set_style(style);
    bar.enable_steady_tick(Duration::from_millis(200));
    bar
}

/// Prints a message line on stderr, above the progress bar when there is one.
fn say(bar: Option<&ProgressBar>, message: std::fmt::Arguments<'_>) {
    match bar {
        Some(bar) => bar.suspend(|| eprintln!("{message}")),
        None => eprintln!("{message}"),
    }
}

pub fn run(args: Args) -> Result<()> {
    if let Some(threads) = args.threads {
        rayon_threads(threads)?;
    }
    let pipeline = pipeline_for(&args.stages, (args.parse, args.event_parse))?;
    let mut writer = Writer::open(&args.db.db)?;
    writer.set_meta("stages", &pipeline.stage_names().join(","))?;
    let opts = args.read.options();
    let show_bar = !args.quiet && std::io::stderr().is_terminal();
    // Counting first costs one quick read of the inputs and buys an ETA.
    let total = show_bar.then(|| {
        read_inputs(&args.inputs, &opts)
            .filter(|r| r.is_ok())
            .count()
    });
    let started = Instant::now();
    let bar = show_bar.then(|| progress_bar(total));
    let bar = bar.as_ref();
    let mut warnings = 0usize;
    let articles = read_inputs(&args.inputs, &opts).filter_map(|item| match item {
        Ok(read) => {
            for w in &read.warnings {
                warnings += 1;
                if warnings <= 20 {
                    say(bar, format_args!("warning: {}: {w}", read.origin()));
                }
            }
            Some(Ok(read.article))
        }
        Err(e) if !e.is_failure() => {
            say(bar, format_args!("note: {e}"));
            None
        }
        Err(e) => Some(Err(e)),
    });
    let result = ingest(
        &mut writer,
        &pipeline,
        articles,
        &IngestOptions {
            batch_size: args.batch,
        },
        |problem| {
            if problem.place.is_empty() {
                say(bar, format_args!("error: {}", problem.message));
            } else {
                say(
                    bar,
                    format_args!("error: {}: {}", problem.place, problem.message),
                );
            }
        },
        |stats| {
            if let Some(bar) = bar {
                bar.set_position(stats.read as u64);
                let secs = started.elapsed().as_secs_f64().max(1e-3);
                let mut message = format!("{:.2} MB/s", stats.bytes_read as f64 / 1e6 / secs);
                if stats.failed > 0 {
                    message.push_str(&format!("  {} failed", stats.failed));
                }
                bar.set_message(message);
            }
        },
    );
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    let stats = result.with_context(|| {
        format!(
            "ingesting into {} (what was committed before this error is kept; rerun to resume)",
            args.db.db.display()
        )
    })?;
    // Near-duplicates and merged events as the canonical order decides them, so the
    // archive does not depend on the order of the inputs (or of a resumed run).
    let canon_started = std::time::Instant::now();
    let canon = writer
        .canonicalize()
        .with_context(|| format!("canonicalizing {}", args.db.db.display()))?;
    let canon_secs = canon_started.elapsed().as_secs_f64();
    writer.optimize()?;
    let s = &stats.stored;
    eprintln!(
        "ingested {} new article(s) ({} near-duplicate), skipped {} already stored, {} failed; \
         {} event mention(s), {} merged into earlier events; {:.1}s, {:.0} articles/s, {:.2} MB/s -> {}",
        s.added,
        s.duplicates,
        s.skipped,
        stats.failed,
        s.mentions,
        s.merged,
        stats.elapsed.as_secs_f64(),
        stats.articles_per_second(),
        stats.megabytes_per_second(),
        args.db.db.display()
    );
    eprintln!(
        "archive: {} article(s), {} near-duplicate(s), {} event mention(s) in {} event(s) \
         (canonical order, {canon_secs:.1}s)",
        canon.articles, canon.duplicates, canon.mentions, canon.events
    );
    if warnings > 20 {
        eprintln!("note: {} more warning(s) not shown", warnings - 20);
    }
    if stats.failed > 0 {
        bail!(
            "{} input(s) failed (listed above); the rest is stored",
            stats.failed
        );
    }
    Ok(())
}

fn rayon_threads(n: usize) -> Result<()> {
    // The archive crate owns the rayon dependency; RAYON_NUM_THREADS is read by the global
    // pool when it starts, which is later than this.
    std::env::set_var("RAYON_NUM_THREADS", n.max(1).to_string());
    Ok(())
}
