//! `chronicle ingest`: read, annotate in parallel, store in the archive.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use chronicle::read::read_inputs;
use chronicle_archive::{ingest, IngestOptions, IngestStats, Writer};

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
}

fn pipeline_for(stages: &[String]) -> Result<chronicle::Pipeline> {
    if stages.is_empty() {
        return Ok(chronicle::Pipeline::standard()?);
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

/// A one-line progress bar on stderr: count, rate, ETA.
struct ProgressBar {
    total: Option<usize>,
    started: Instant,
    last_draw: Option<Instant>,
}

impl ProgressBar {
    fn draw(&mut self, stats: &IngestStats, force: bool) {
        let now = Instant::now();
        if !force
            && self
                .last_draw
                .is_some_and(|t| now.duration_since(t).as_millis() < 200)
        {
            return;
        }
        self.last_draw = Some(now);
        let secs = self.started.elapsed().as_secs_f64().max(1e-3);
        let rate = stats.read as f64 / secs;
        let mb = stats.bytes_read as f64 / 1e6 / secs;
        let mut line = match self.total {
            Some(total) if total > 0 => {
                let done = stats.read.min(total);
                let frac = done as f64 / total as f64;
                let width = 24;
                let filled = (frac * width as f64) as usize;
                let eta = if rate > 0.0 {
                    format_duration((total - done) as f64 / rate)
                } else {
                    "?".into()
                };
                format!(
                    "[{}{}] {done}/{total} {:>3.0}%  {rate:.0} art/s  {mb:.2} MB/s  ETA {eta}",
                    "#".repeat(filled),
                    "-".repeat(width - filled),
                    frac * 100.0
                )
            }
            _ => format!("{} articles  {rate:.0} art/s  {mb:.2} MB/s", stats.read),
        };
        if stats.failed > 0 {
            line.push_str(&format!("  {} failed", stats.failed));
        }
        eprint!("\r\x1b[K{line}");
        let _ = std::io::stderr().flush();
    }
}

/// Clears the progress line so a message can be printed on its own line.
fn clear_line() {
    eprint!("\r\x1b[K");
}

fn format_duration(secs: f64) -> String {
    let s = secs.max(0.0).round() as u64;
    if s >= 3600 {
        format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
    } else {
        format!("{}:{:02}", s / 60, s % 60)
    }
}

pub fn run(args: Args) -> Result<()> {
    if let Some(threads) = args.threads {
        rayon_threads(threads)?;
    }
    let pipeline = pipeline_for(&args.stages)?;
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
    let mut bar = ProgressBar {
        total,
        started: Instant::now(),
        last_draw: None,
    };
    let mut warnings = 0usize;
    let articles = read_inputs(&args.inputs, &opts).filter_map(|item| match item {
        Ok(read) => {
            for w in &read.warnings {
                warnings += 1;
                if warnings <= 20 {
                    if show_bar {
                        clear_line();
                    }
                    eprintln!("warning: {}: {w}", read.origin());
                }
            }
            Some(Ok(read.article))
        }
        Err(e) if !e.is_failure() => {
            if show_bar {
                clear_line();
            }
            eprintln!("note: {e}");
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
            if show_bar {
                clear_line();
            }
            if problem.place.is_empty() {
                eprintln!("error: {}", problem.message);
            } else {
                eprintln!("error: {}: {}", problem.place, problem.message);
            }
        },
        |stats| {
            if show_bar {
                bar.draw(stats, false);
            }
        },
    );
    if show_bar {
        clear_line();
    }
    let stats = result.with_context(|| {
        format!(
            "ingesting into {} (what was committed before this error is kept; rerun to resume)",
            args.db.db.display()
        )
    })?;
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
