//! `chronicle`: the command line over the chronicle library. Each subcommand lives in
//! `cmd/<name>.rs` with its own `Args` and `run`; this file only dispatches.

mod cmd;

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
    /// Train a model (ner, clusters, ...).
    Train(cmd::train::Args),
    /// Tag a CoNLL file with named entities (appends a predicted IOB2 column).
    Ner(cmd::ner::Args),
    /// Score Chronicle against annotated data (ner, ...).
    Eval(cmd::eval::Args),
}

fn main() -> Result<()> {
    let cli = Cli::parse();
    match cli.command {
        Command::Extract(args) => cmd::extract::run(args),
        Command::Train(args) => cmd::train::run(args),
        Command::Ner(args) => cmd::ner::run(args),
        Command::Eval(args) => cmd::eval::run(args),
    }
}
