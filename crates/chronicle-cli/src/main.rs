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
    /// Score a stage against annotated data (`eval time DIR`).
    Eval(cmd::eval::Args),
    /// Serve the HTTP API and web UI over an archive (`--demo`: over the examples).
    Serve(cmd::serve::Args),
    /// Bounded load run against the HTTP API on loopback; prints requests/s and latencies.
    ServeBench(cmd::serve_bench::Args),
}

fn run(command: Command) -> Result<()> {
    match command {
        Command::Extract(args) => cmd::extract::run(args),
        Command::Eval(args) => cmd::eval::run(args),
        Command::Serve(args) => cmd::serve::run(args),
        Command::ServeBench(args) => cmd::serve_bench::run(args),
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
