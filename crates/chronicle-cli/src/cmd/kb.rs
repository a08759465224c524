//! `chronicle kb`: knowledge-base maintenance (convert Phoenix dictionaries, check a KB).

use std::path::PathBuf;

use anyhow::{Context, Result};

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub command: KbCommand,
}

#[derive(clap::Subcommand)]
pub enum KbCommand {
    /// Convert Phoenix/CAMEO dictionaries into the shipped TSVs (data/kb/phoenix/).
    ImportPhoenix {
        /// Dictionary files (Phoenix.Countries.actors.txt, ..., Phoenix.agents.txt).
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// Output directory.
        #[arg(long, default_value = "data/kb/phoenix")]
        out: PathBuf,
    },
    /// Load the KB (plus user dictionaries) and report its size and any problems.
    Check {
        /// Directories of Phoenix-format dictionaries to add.
        #[arg(long)]
        dictionaries: Vec<PathBuf>,
    },
}

pub fn run(args: Args) -> Result<()> {
    match args.command {
        KbCommand::ImportPhoenix { inputs, out } => {
            let warnings = chronicle::link::kb::convert_phoenix(&inputs, &out)
                .with_context(|| format!("converting into {}", out.display()))?;
            for w in &warnings {
                eprintln!("warning: {w}");
            }
            eprintln!(
                "wrote {}/actors.tsv.gz and agents.tsv ({} lines skipped)",
                out.display(),
                warnings.len()
            );
        }
        KbCommand::Check { dictionaries } => {
            let started = std::time::Instant::now();
            let kb = chronicle::link::Kb::load(&chronicle::link::KbOptions {
                dictionaries,
                ..Default::default()
            })
            .context("loading the knowledge base")?;
            for w in &kb.warnings {
                eprintln!("warning: {w}");
            }
            println!(
                "{} entries, {} titles, {} patterns, {} warnings, loaded in {:.0} ms",
                kb.entries.len(),
                kb.titles.len(),
                kb.matcher.len(),
                kb.warnings.len(),
                started.elapsed().as_secs_f64() * 1000.0
            );
        }
    }
    Ok(())
}
