//! `chronicle bench <stage>`: single-threaded throughput of a stage on a news corpus.
//! One variant of [`Target`] per stage; add yours next to `Time`.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Context, Result};
use chronicle::date::PubDate;
use chronicle::pipeline::{Stage, TextStage};
use chronicle::time::TimeStage;
use chronicle::Article;

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub target: Target,
}

#[derive(clap::Subcommand)]
pub enum Target {
    /// The time stage (and the text stage it needs) on the Reuters JSONL.
    Time(CorpusArgs),
}

#[derive(clap::Args)]
pub struct CorpusArgs {
    /// JSONL (optionally .gz) with a `body` text field and a `date` field.
    #[arg(
        long,
        default_value = "../shared/data/reuters21578/reuters21578.jsonl.gz"
    )]
    pub input: PathBuf,
    /// Read at most this many articles (0 = all).
    #[arg(long, default_value_t = 0)]
    pub limit: usize,
    /// Passes over the corpus; the best pass is reported.
    #[arg(long, default_value_t = 3)]
    pub repeat: usize,
}

pub fn run(args: Args) -> Result<()> {
    match args.target {
        Target::Time(a) => bench_time(a),
    }
}

/// Reads `body`/`date` records from a JSONL file, gzip or plain.
fn read_corpus(args: &CorpusArgs) -> Result<Vec<Article>> {
    let file = std::fs::File::open(&args.input)
        .with_context(|| format!("opening {}", args.input.display()))?;
    let reader: Box<dyn BufRead> = if args.input.extension().is_some_and(|e| e == "gz") {
        Box::new(BufReader::new(flate2::read::GzDecoder::new(file)))
    } else {
        Box::new(BufReader::new(file))
    };
    let mut out = Vec::new();
    for (n, line) in reader.lines().enumerate() {
        let line = line.with_context(|| format!("reading {}", args.input.display()))?;
        if line.trim().is_empty() {
            continue;
        }
        let record: serde_json::Value = serde_json::from_str(&line)
            .with_context(|| format!("{}:{}: not JSON", args.input.display(), n + 1))?;
        let body = record["body"].as_str().unwrap_or("").to_string();
        if body.is_empty() {
            continue;
        }
        let mut article = Article::new(body);
        article.date = record["date"].as_str().and_then(PubDate::parse);
        out.push(article);
        if args.limit > 0 && out.len() >= args.limit {
            break;
        }
    }
    Ok(out)
}

fn bench_time(args: CorpusArgs) -> Result<()> {
    let mut articles = read_corpus(&args)?;
    anyhow::ensure!(
        !articles.is_empty(),
        "no articles in {}",
        args.input.display()
    );
    let bytes: usize = articles.iter().map(|a| a.text.len()).sum();
    let text_stage = TextStage;
    let time_stage = TimeStage::new();
    let mut best_text = f64::MAX;
    let mut best_time = f64::MAX;
    let mut found = 0;
    for _ in 0..args.repeat.max(1) {
        let start = Instant::now();
        for a in articles.iter_mut() {
            text_stage.annotate(a);
        }
        best_text = best_text.min(start.elapsed().as_secs_f64());
        let start = Instant::now();
        for a in articles.iter_mut() {
            time_stage.annotate(a);
        }
        best_time = best_time.min(start.elapsed().as_secs_f64());
        found = articles.iter().map(|a| a.times.len()).sum();
    }
    let mb = bytes as f64 / 1e6;
    println!(
        "articles {}  bytes {}  time expressions {}",
        articles.len(),
        bytes,
        found
    );
    println!(
        "time stage alone   {:8.3} s  {:7.2} M chars/s",
        best_time,
        mb / best_time
    );
    println!(
        "text + time stages {:8.3} s  {:7.2} M chars/s",
        best_text + best_time,
        mb / (best_text + best_time)
    );
    Ok(())
}
