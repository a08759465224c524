//! `chronicle`: the command line over the chronicle library.

use anyhow::{Context, Result};
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
    /// Annotate articles and print them.
    Extract {
        /// Input files.
        inputs: Vec<std::path::PathBuf>,
    },
}

fn main() -> Result<()> {
    let cli = Cli::parse();
    match cli.command {
        Command::Extract { inputs } => {
            let pipeline = chronicle::Pipeline::standard()?;
            for path in inputs {
                let text = std::fs::read_to_string(&path)
                    .with_context(|| format!("reading {}", path.display()))?;
                let mut article = chronicle::Article::new(text);
                pipeline.annotate(&mut article);
                println!("{}", serde_json::to_string(&article)?);
            }
        }
    }
    Ok(())
}
