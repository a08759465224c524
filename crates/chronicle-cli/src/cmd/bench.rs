//! `chronicle bench STAGE`: throughput of one pipeline stage on a real corpus.
//!
//! The corpus is read into memory first, so only the stage is timed. Runs on one thread;
//! the figure is MB of article text per second per core.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::Result;
use chronicle::read::{read_inputs, ReadOptions};
use chronicle::Article;

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum BenchStage {
    /// Tokens + sentences (+ paragraphs) over the Reuters-21578 bodies.
    Text,
}

#[derive(clap::Args)]
pub struct Args {
    /// What to measure.
    #[arg(value_enum)]
    pub stage: BenchStage,
    /// The shared data directory (holds reuters21578/); default $CHRONICLE_DATA or ../shared/data.
    #[arg(long)]
    pub data: Option<PathBuf>,
    /// Passes over the corpus; the best and the median pass are reported.
    #[arg(long, default_value_t = 3)]
    pub passes: usize,
    /// Use only the first N articles.
    #[arg(long)]
    pub limit: Option<usize>,
}

/// `--data`, else `$CHRONICLE_DATA`, else `../shared/data` next to the repository.
pub fn data_dir(given: Option<PathBuf>) -> PathBuf {
    given
        .or_else(|| std::env::var_os("CHRONICLE_DATA").map(PathBuf::from))
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data"))
}

pub fn run(args: Args) -> Result<()> {
    match args.stage {
        BenchStage::Text => bench_text(args),
    }
}

fn bench_text(args: Args) -> Result<()> {
    let corpus = data_dir(args.data).join("reuters21578/reuters21578.jsonl.gz");
    if !corpus.exists() {
        println!(
            "skipped: {} not found (pass --data DIR or set CHRONICLE_DATA)",
            corpus.display()
        );
        return Ok(());
    }
    let opts = ReadOptions {
        field_map: vec![("body".into(), "text".into())],
        ..Default::default()
    };
    let started = Instant::now();
    let mut articles: Vec<Article> = Vec::new();
    for item in read_inputs(std::slice::from_ref(&corpus), &opts) {
        if let Ok(read) = item {
            articles.push(read.article);
        }
        if args.limit.is_some_and(|n| articles.len() >= n) {
            break;
        }
    }
    let bytes: usize = articles.iter().map(|a| a.text.len()).sum();
    println!(
        "corpus: {} ({} articles, {:.1} MB), read in {:.2}s",
        corpus.display(),
        articles.len(),
        bytes as f64 / 1e6,
        started.elapsed().as_secs_f64()
    );
    let mut times = Vec::new();
    let (mut tokens, mut sentences) = (0, 0);
    for pass in 1..=args.passes.max(1) {
        let t = Instant::now();
        tokens = 0;
        sentences = 0;
        for article in &mut articles {
            chronicle::text::annotate(article);
            tokens += article.tokens.len();
            sentences += article.sentences.len();
        }
        let secs = t.elapsed().as_secs_f64();
        println!(
            "pass {pass}: {secs:.3}s, {:.1} MB/s",
            bytes as f64 / 1e6 / secs
        );
        times.push(secs);
    }
    times.sort_by(f64::total_cmp);
    let best = times[0];
    let median = times[times.len() / 2];
    println!(
        "text: {tokens} tokens, {sentences} sentences; one core: best {:.1} MB/s, median {:.1} MB/s ({:.1} M tokens/s best)",
        bytes as f64 / 1e6 / best,
        bytes as f64 / 1e6 / median,
        tokens as f64 / best / 1e6
    );
    Ok(())
}
