//! `chronicle eval <task>`: score Chronicle against annotated data.

use std::path::PathBuf;

use anyhow::{Context, Result};
use chronicle::learn::conll::read_conll;

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub task: Task,
}

#[derive(clap::Subcommand)]
pub enum Task {
    /// Named entities: conlleval-style precision, recall and F1 on a CoNLL file whose last
    /// column is the gold tag (IOB1 or IOB2).
    Ner(NerArgs),
}

#[derive(clap::Args)]
pub struct NerArgs {
    #[arg(long)]
    pub conll: PathBuf,
    /// A model other than the shipped one.
    #[arg(long)]
    pub model: Option<PathBuf>,
}

pub fn run(args: Args) -> Result<()> {
    match args.task {
        Task::Ner(a) => eval_ner(a),
    }
}

fn eval_ner(args: NerArgs) -> Result<()> {
    let model = super::ner::load_model(args.model.as_deref())?;
    let docs =
        read_conll(&args.conll).with_context(|| format!("reading {}", args.conll.display()))?;
    let started = std::time::Instant::now();
    let score = chronicle::ner::evaluate(&model, &docs);
    let elapsed = started.elapsed();
    print!("{score}");
    eprintln!(
        "{} tokens in {:.2?} ({:.0} tokens/s, including feature extraction)",
        score.tokens,
        elapsed,
        score.tokens as f64 / elapsed.as_secs_f64().max(1e-9)
    );
    Ok(())
}
