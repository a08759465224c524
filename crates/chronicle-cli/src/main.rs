//! `chronicle`: the command line over the chronicle library. Each subcommand lives in
//! `cmd/<name>.rs` with its own `Args` and `run`; this file only dispatches.

mod cmd;

use std::process::ExitCode;

use anyhow::Result;
use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "chronicle",
    version,
    about = "Read news and turn it into knowledge you can query"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Read and annotate articles, print them (JSONL by default).
    Extract(cmd::extract::Args),
    /// Train a model (`train ner`, `train pos`, `train chunk`, `train clusters`, `train parser`).
    Train(cmd::train::Args),
    /// Tag a CoNLL file with named entities (appends a predicted IOB2 column).
    Ner(cmd::ner::Args),
    /// Tag, lemmatise and dependency-parse a CoNLL-U file, keeping its tokens.
    Parse(cmd::parse::ParseArgs),
    /// Score a stage against annotated data (`eval time DIR`, `eval events [FILE]`,
    /// `eval ner --conll FILE`).
    Eval(cmd::eval::Args),
    /// Knowledge base: convert Phoenix dictionaries, check the KB.
    Kb(cmd::kb::Args),
    /// Measure a stage's throughput on a corpus (`bench text`, `bench time`; see BENCHMARKS.md).
    Bench(cmd::bench::Args),
    /// Annotate articles and store them in the archive (SQLite), skipping stored ones.
    Ingest(cmd::ingest::Args),
    /// Full-text search over the archive.
    Search(cmd::search::Args),
    /// Merged events (one per real-world event), filtered.
    Events(cmd::events::Args),
    /// An actor's or a topic's events in the order they happen.
    Timeline(cmd::timeline::Args),
    /// Actors in the archive, most-mentioned first.
    Actors(cmd::actors::Args),
    /// One stored article with its annotations.
    Show(cmd::show::Args),
    /// What the archive holds.
    Stats(cmd::stats::Args),
    /// Write the archive as JSONL, CSV, Parquet, a GDELT event table or TimeML.
    Export(cmd::export::Args),
    /// Serve the HTTP API and web UI over an archive (`--demo`: over the examples).
    Serve(cmd::serve::Args),
    /// Keep an archive current from feeds and sitemaps: poll, fetch new pages, store them.
    Watch(cmd::watch::Args),
}

fn run(command: Command) -> Result<()> {
    match command {
        Command::Extract(args) => cmd::extract::run(args),
        Command::Eval(args) => cmd::eval::run(args),
        Command::Kb(args) => cmd::kb::run(args),
        Command::Bench(args) => cmd::bench::run(args),
        Command::Ingest(args) => cmd::ingest::run(args),
        Command::Watch(args) => cmd::watch::run(args),
        Command::Search(args) => cmd::search::run(args),
        Command::Events(args) => cmd::events::run(args),
        Command::Timeline(args) => cmd::timeline::run(args),
        Command::Actors(args) => cmd::actors::run(args),
        Command::Show(args) => cmd::show::run(args),
        Command::Stats(args) => cmd::stats::run(args),
        Command::Export(args) => cmd::export::run(args),
        Command::Train(args) => cmd::train::run(args),
        Command::Ner(args) => cmd::ner::run(args),
        Command::Parse(args) => cmd::parse::run_parse(args),
        Command::Serve(args) => cmd::serve::run(args),
    }
}

/// Errors are printed as one line with their causes (`error: a: b`), never as a backtrace.
fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}
