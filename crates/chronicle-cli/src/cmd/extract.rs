//! `chronicle extract`: read, annotate, print.

use std::path::PathBuf;

use anyhow::{Context, Result};

#[derive(clap::Args)]
pub struct Args {
    /// Input files.
    pub inputs: Vec<PathBuf>,
}

pub fn run(args: Args) -> Result<()> {
    let pipeline = chronicle::Pipeline::standard()?;
    for path in args.inputs {
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("reading {}", path.display()))?;
        let mut article = chronicle::Article::new(text);
        pipeline.annotate(&mut article);
        article.tokens.clear();
        println!("{}", serde_json::to_string(&article)?);
    }
    Ok(())
}
