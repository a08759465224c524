//! Per-stage timing of the standard pipeline over a JSONL corpus (the Reuters-21578 JSONL by
//! default). Reports seconds and throughput per stage.
//!
//! `cargo run --release -p chronicle --example bench_stages -- [FILE.jsonl.gz] [MAX_ARTICLES]`

use std::path::PathBuf;
use std::time::{Duration, Instant};

use chronicle::read::{read_inputs, ReadOptions};
use chronicle::Pipeline;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let file = args
        .next()
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("../shared/data/reuters21578/reuters21578.jsonl.gz"));
    let max: usize = args
        .next()
        .map(|m| m.parse())
        .transpose()?
        .unwrap_or(usize::MAX);
    let opts = ReadOptions {
        field_map: vec![("body".into(), "text".into())],
        ..Default::default()
    };
    let mut articles = Vec::new();
    for item in read_inputs(&[file.clone()], &opts).take(max) {
        match item {
            Ok(read) => articles.push(read.article),
            Err(e) => eprintln!("skipping: {e}"),
        }
    }
    let bytes: usize = articles.iter().map(|a| a.text.len()).sum();
    let load = Instant::now();
    let pipeline = Pipeline::standard()?;
    eprintln!("pipeline built in {:.2?}", load.elapsed());
    let mut spent: Vec<Duration> = vec![Duration::ZERO; pipeline.stages().len()];
    let mut events = 0usize;
    let mut tokens = 0usize;
    for article in &mut articles {
        for (stage, total) in pipeline.stages().iter().zip(spent.iter_mut()) {
            let t = Instant::now();
            stage.annotate(article);
            *total += t.elapsed();
        }
        events += article.events.len();
        tokens += article.tokens.len();
    }
    println!(
        "{} articles, {:.1} MB, {} tokens, {} events ({})",
        articles.len(),
        bytes as f64 / 1e6,
        tokens,
        events,
        file.display()
    );
    for (stage, total) in pipeline.stages().iter().zip(&spent) {
        let secs = total.as_secs_f64();
        println!(
            "{:<8} {:>8.3} s  {:>8.2} MB/s  {:>10.0} tokens/s",
            stage.name(),
            secs,
            bytes as f64 / 1e6 / secs.max(1e-9),
            tokens as f64 / secs.max(1e-9)
        );
    }
    Ok(())
}
