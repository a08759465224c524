//! `chronicle bench <stage>`: single-threaded throughput of a stage on a news corpus.
//! One variant of [`Target`] per stage; add yours next to `Text` and `Time`.
//!
//! The corpus is read into memory first, so only the stage is timed; the figure is MB of
//! article text per second on one core.
//!
//! `stages` holds the stage targets, `corpus` their arguments, `archive` and `serve` the query
//! and HTTP benchmarks, `clock` the thread CPU clock they all time with.

mod archive;
mod clock;
mod corpus;
mod feed;
mod serve;
mod stages;
mod syntax;

use anyhow::Result;

use corpus::{CorpusArgs, EventsArgs, TextArgs};
use stages::{bench_events, bench_link, bench_ner, bench_text, bench_time};

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub target: Target,
}

#[derive(clap::Subcommand)]
pub enum Target {
    /// Tokens + sentences (the text stage) on the Reuters-21578 bodies.
    Text(TextArgs),
    /// The time stage (and the text stage it needs) on the Reuters JSONL.
    Time(CorpusArgs),
    /// Every stage of the standard pipeline, timed one by one; the event stage's cost is
    /// reported against NER + time tagging.
    Events(EventsArgs),
    /// The NER stage (model alone and with rules) and the syntax stage on the Reuters
    /// JSONL, in tokens per second; also model load time and size.
    Ner(CorpusArgs),
    /// The archive: generate a synthetic archive, time its queries (p50/p99).
    Archive(archive::Args),
    /// The HTTP API under a bounded load on loopback: requests/s and latency percentiles.
    Serve(serve::Args),
    /// Actor linking on the Reuters JSONL: KB load time, dictionary matching (MB/s) and the
    /// link stage against the NER stage it follows.
    Link(CorpusArgs),
    /// The feed reader (RSS, Atom, news sitemap built from the Reuters bodies): MB/s and
    /// items/s, parsing alone and with the articles.
    Feed(TextArgs),
    /// The syntax stage with and without the dependency parser on the Reuters JSONL, in
    /// tokens per second of CPU; also the parser's load time, size and a linear-time check.
    Syntax(CorpusArgs),
}

pub fn run(args: Args) -> Result<()> {
    match args.target {
        Target::Text(a) => bench_text(a),
        Target::Time(a) => bench_time(a),
        Target::Events(a) => bench_events(a),
        Target::Ner(a) => bench_ner(a),
        Target::Archive(a) => archive::run(a),
        Target::Serve(a) => serve::run(a),
        Target::Link(a) => bench_link(a),
        Target::Syntax(a) => syntax::run(a),
        Target::Feed(a) => feed::run(a),
    }
}
