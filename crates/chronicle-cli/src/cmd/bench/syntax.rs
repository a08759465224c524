//! `chronicle bench syntax`: the syntax stage with and without the dependency parser.

use anyhow::{Context, Result};
use chronicle::syntax::parse::{Parser, Tree, SHIPPED_PARSER};
use chronicle::syntax::PosTagger;

use super::clock::cpu_time;
use super::corpus::CorpusArgs;
use super::stages::read_corpus;

/// `chronicle bench syntax`: the syntax stage with and without the parser on Reuters.
pub(super) fn run(args: CorpusArgs) -> Result<()> {
    use chronicle::pipeline::{Stage, TextStage};
    use chronicle::syntax::SyntaxStage;
    let mut parser = None;
    let load = cpu_time(|| parser = Some(Parser::from_gzip(SHIPPED_PARSER)));
    let parser = parser.context("no parser")??;
    println!(
        "parser model: {} rows, {} weights, ~{:.1} MB in memory, {:.1} MB on disk, decoded in {load:.3} s",
        parser.scorer.num_rows(),
        parser.scorer.num_weights(),
        parser.scorer.memory_bytes() as f64 / 1e6,
        SHIPPED_PARSER.len() as f64 / 1e6
    );
    let with_parser = SyntaxStage::decode_shipped()?;
    let pos = PosTagger::shipped()?;
    // The shipped POS and chunk models, decoded once per process (the parser stays out).
    let without = SyntaxStage::standard()?;
    let mut articles = read_corpus(&args)?;
    for a in articles.iter_mut() {
        TextStage.annotate(a);
    }
    let tokens: usize = articles.iter().map(|a| a.tokens.len()).sum();
    println!("articles {}  tokens {tokens}", articles.len());
    let (mut best_with, mut best_without) = (f64::MAX, f64::MAX);
    for _ in 0..args.repeat.max(1) {
        best_without = best_without.min(cpu_time(|| {
            for a in articles.iter_mut() {
                without.annotate(a);
            }
        }));
        best_with = best_with.min(cpu_time(|| {
            for a in articles.iter_mut() {
                with_parser.annotate(a);
            }
        }));
    }
    let rate = |s: f64| tokens as f64 / s / 1e6;
    println!(
        "(CPU seconds of the benchmark thread, best of {})",
        args.repeat.max(1)
    );
    println!(
        "syntax stage, POS + chunks                 {best_without:8.3} s  {:6.3} M tokens/s",
        rate(best_without)
    );
    println!(
        "syntax stage, POS + chunks + parse + lemma {best_with:8.3} s  {:6.3} M tokens/s",
        rate(best_with)
    );
    // Linear time: one run-on sentence of ~5,000 tokens against the same tokens as text.
    let words: Vec<&str> = articles
        .iter()
        .flat_map(|a| a.tokens.iter().map(move |t| t.text(&a.text)))
        .take(5_000)
        .collect();
    let tags = pos.tag(&words);
    let mut tree = Tree::default();
    let one = cpu_time(|| parser.parse_into(&words, &tags, &mut tree));
    let chunked = cpu_time(|| {
        for (w, t) in words.chunks(25).zip(tags.chunks(25)) {
            parser.parse_into(w, t, &mut tree);
        }
    });
    println!(
        "parse of {} tokens as one sentence {:.4} s, as 25-token sentences {:.4} s (ratio {:.2})",
        words.len(),
        one,
        chunked,
        one / chunked.max(1e-9)
    );
    Ok(())
}
