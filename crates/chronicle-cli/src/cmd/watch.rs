//! `chronicle watch`: keep an archive current from feeds and sitemaps.

use std::io::IsTerminal;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use chronicle_archive::Writer;
use chronicle_watch::{FetchLog, Observer, PassReport, Progress, WatchOptions, Watcher};
use indicatif::{ProgressBar, ProgressStyle};

use super::common::DbArgs;

#[derive(clap::Args)]
pub struct Args {
    /// Feeds and sitemaps to poll (http:// or https://): RSS, Atom, JSON Feed, sitemaps,
    /// news sitemaps, sitemap indexes, gzipped or not.
    #[arg(required = true)]
    pub urls: Vec<String>,
    #[command(flatten)]
    pub db: DbArgs,
    /// Time between the starts of two passes (`90s`, `15m`, `1h`).
    #[arg(long, default_value = "15m", value_parser = parse_duration)]
    pub every: Duration,
    /// One pass, then exit (for cron and tests).
    #[arg(long)]
    pub once: bool,
    /// Least time between two requests to one host (robots.txt's Crawl-delay, if longer, wins).
    #[arg(long, default_value = "1s", value_parser = parse_duration)]
    pub delay: Duration,
    /// Longest wait to connect.
    #[arg(long, default_value = "10s", value_parser = parse_duration)]
    pub connect_timeout: Duration,
    /// Longest wait for a response, and for each part of its body.
    #[arg(long, default_value = "30s", value_parser = parse_duration)]
    pub timeout: Duration,
    /// Largest body read (after decompression): `10MB`, `500KB`, bytes.
    #[arg(long, default_value = "10MB", value_parser = parse_size)]
    pub max_bytes: u64,
    /// Redirects followed at most.
    #[arg(long, default_value_t = 5)]
    pub max_redirects: u32,
    /// Pages fetched per pass at most; the rest wait for the next pass.
    #[arg(long)]
    pub max_pages: Option<usize>,
    /// Skip feed items dated longer ago than this (`2d`): for a site's full sitemap.
    #[arg(long, value_parser = parse_duration)]
    pub max_age: Option<Duration>,
    /// Tries of a page that fails with a server error or a timeout, over passes.
    #[arg(long, default_value_t = 3)]
    pub max_attempts: u32,
    /// The User-Agent header (default: chronicle/VERSION with a note on what it is).
    #[arg(long)]
    pub user_agent: Option<String>,
    /// No per-fetch log lines and no progress display; the pass summaries only.
    #[arg(long)]
    pub quiet: bool,
    /// Run only these stages (`text`, `text,time`) instead of the full pipeline.
    #[arg(long, value_delimiter = ',')]
    pub stages: Vec<String>,
}

/// `500ms`, `30s`, `15m`, `2h`, `1d`, or plain seconds.
pub fn parse_duration(s: &str) -> Result<Duration, String> {
    let s = s.trim();
    let split = s
        .find(|c: char| !c.is_ascii_digit() && c != '.')
        .unwrap_or(s.len());
    let (number, unit) = s.split_at(split);
    let value: f64 = number
        .parse()
        .map_err(|_| format!("not a duration: {s:?} (try 30s, 15m, 1h)"))?;
    let seconds = match unit.trim() {
        "ms" => value / 1000.0,
        "" | "s" => value,
        "m" | "min" => value * 60.0,
        "h" => value * 3600.0,
        "d" => value * 86_400.0,
        other => return Err(format!("unknown unit {other:?} in {s:?} (ms, s, m, h, d)")),
    };
    if !seconds.is_finite() || seconds < 0.0 {
        return Err(format!("not a duration: {s:?}"));
    }
    Ok(Duration::from_secs_f64(seconds))
}

/// `10MB`, `500KB`, `1GB`, or plain bytes.
pub fn parse_size(s: &str) -> Result<u64, String> {
    let s = s.trim();
    let split = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    let (number, unit) = s.split_at(split);
    let value: u64 = number
        .parse()
        .map_err(|_| format!("not a size: {s:?} (try 10MB)"))?;
    let factor = match unit.trim().to_ascii_uppercase().as_str() {
        "" | "B" => 1,
        "K" | "KB" => 1 << 10,
        "M" | "MB" => 1 << 20,
        "G" | "GB" => 1 << 30,
        other => return Err(format!("unknown unit {other:?} in {s:?} (B, KB, MB, GB)")),
    };
    value
        .checked_mul(factor)
        .ok_or_else(|| format!("too large: {s:?}"))
}

/// Log lines on stderr (above the progress display on a terminal).
struct Display {
    bar: Option<ProgressBar>,
    quiet: bool,
}

impl Display {
    fn say(&self, line: &str) {
        match &self.bar {
            Some(bar) => bar.suspend(|| eprintln!("{line}")),
            None => eprintln!("{line}"),
        }
    }
}

impl Observer for Display {
    fn fetched(&mut self, log: &FetchLog) {
        if !self.quiet {
            self.say(&log.to_string());
        }
    }

    fn progress(&mut self, p: &Progress) {
        if let Some(bar) = &self.bar {
            bar.set_message(format!(
                "feeds {}/{}  pages {}/{}  stored {}",
                p.feeds_done, p.feeds_total, p.pages_done, p.pages_total, p.stored
            ));
        }
    }

    fn note(&mut self, message: &str) {
        self.say(&format!("warning: {message}"));
    }
}

fn summary(r: &PassReport, elapsed: Duration) -> String {
    format!(
        "pass: {} feed(s) polled ({} unchanged, {} failed), {} new URL(s); {} page(s) fetched: \
         {} stored ({} near-duplicate, {} event mention(s) merged), {} empty, {} gone, {} failed, \
         {} blocked by robots.txt; {} request(s), {:.1}s",
        r.feeds_polled,
        r.feeds_unchanged,
        r.feeds_failed,
        r.new_urls,
        r.pages_fetched,
        r.stored,
        r.duplicates,
        r.merged_mentions,
        r.empty,
        r.gone,
        r.failed,
        r.blocked,
        r.requests,
        elapsed.as_secs_f64()
    )
}

pub fn run(args: Args) -> Result<()> {
    for url in &args.urls {
        chronicle_watch::WebUrl::parse(url).map_err(anyhow::Error::from)?;
    }
    if !args.once && args.every.is_zero() {
        bail!("--every must be longer than zero (or use --once)");
    }
    let pipeline = super::ingest::pipeline_for(&args.stages, (false, false))?;
    let mut writer = Writer::open(&args.db.db)
        .with_context(|| format!("opening archive {}", args.db.db.display()))?;
    writer.set_meta("stages", &pipeline.stage_names().join(","))?;
    let mut options = WatchOptions::default();
    options.fetch.delay = args.delay;
    options.fetch.connect_timeout = args.connect_timeout;
    options.fetch.read_timeout = args.timeout;
    options.fetch.total_timeout = args.timeout.saturating_mul(4).max(args.connect_timeout);
    options.fetch.max_bytes = args.max_bytes;
    options.fetch.max_redirects = args.max_redirects;
    if let Some(ua) = &args.user_agent {
        options.fetch.user_agent = ua.clone();
    }
    options.max_pages = args.max_pages.unwrap_or(usize::MAX);
    options.max_age = args.max_age;
    options.max_attempts = args.max_attempts.max(1);
    let mut watcher = Watcher::new(options);
    let show_bar = !args.quiet && std::io::stderr().is_terminal();
    loop {
        let started = Instant::now();
        let bar = show_bar.then(|| {
            let bar = ProgressBar::new_spinner();
            bar.set_style(
                ProgressStyle::with_template("{spinner} {elapsed} {msg}")
                    .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            );
            bar.enable_steady_tick(Duration::from_millis(200));
            bar
        });
        let mut display = Display {
            bar,
            quiet: args.quiet,
        };
        let result = watcher.pass(&mut writer, &pipeline, &args.urls, &mut display);
        if let Some(bar) = &display.bar {
            bar.finish_and_clear();
        }
        let report = result.with_context(|| {
            format!(
                "watching into {} (what was stored before this error is kept; rerun to resume)",
                args.db.db.display()
            )
        })?;
        eprintln!("{}", summary(&report, started.elapsed()));
        if args.once {
            writer.optimize()?;
            return Ok(());
        }
        let next = started + args.every;
        let now = Instant::now();
        if next > now {
            eprintln!(
                "next pass in {:.0}s (Ctrl-C stops; nothing stored is lost)",
                (next - now).as_secs_f64()
            );
            std::thread::sleep(next - now);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_and_sizes() {
        assert_eq!(parse_duration("15m").unwrap(), Duration::from_secs(900));
        assert_eq!(parse_duration("90").unwrap(), Duration::from_secs(90));
        assert_eq!(parse_duration("250ms").unwrap(), Duration::from_millis(250));
        assert_eq!(parse_duration("1.5h").unwrap(), Duration::from_secs(5400));
        assert!(parse_duration("soon").is_err());
        assert!(parse_duration("5y").is_err());
        assert_eq!(parse_size("10MB").unwrap(), 10 << 20);
        assert_eq!(parse_size("512").unwrap(), 512);
        assert!(parse_size("1TB").is_err());
        assert!(parse_size("99999999999999GB").is_err());
    }
}
