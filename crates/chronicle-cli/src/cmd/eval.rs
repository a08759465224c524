//! `chronicle eval <stage>`: score a stage against a gold set. One variant per stage.

use std::path::PathBuf;

use anyhow::{Context, Result};

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub what: What,
}

#[derive(clap::Subcommand)]
pub enum What {
    /// Coded events: event type, source, target and modality accuracy.
    Events(EventsArgs),
}

#[derive(clap::Args)]
pub struct EventsArgs {
    /// Gold set (JSONL, format in eval/events/README.md).
    #[arg(default_value = "eval/events/gold.jsonl")]
    pub file: PathBuf,
    /// List every error after the summary.
    #[arg(long)]
    pub errors: bool,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
    /// Phoenix/PETRARCH-format dictionaries to use instead of the defaults.
    #[arg(long, value_name = "DIR")]
    pub dictionaries: Option<PathBuf>,
}

pub fn run(args: Args) -> Result<()> {
    match args.what {
        What::Events(a) => events(a),
    }
}

fn events(args: EventsArgs) -> Result<()> {
    let items = chronicle::events::eval::read_gold(&args.file)
        .with_context(|| format!("reading gold set {}", args.file.display()))?;
    let pipeline = match &args.dictionaries {
        Some(dir) => chronicle::Pipeline::standard_with_dictionaries(dir)
            .with_context(|| format!("loading dictionaries from {}", dir.display()))?,
        None => chronicle::Pipeline::standard()?,
    };
    let report = chronicle::events::eval::evaluate(&items, &|a| pipeline.annotate(a));
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
        return Ok(());
    }
    print!("{}", report.render());
    if args.errors {
        for e in &report.errors {
            println!("{e}");
        }
    }
    Ok(())
}
