//! `chronicle export`: the archive as JSONL, CSV, Parquet, a GDELT 2.0 event table or TimeML.

use std::io::{BufWriter, IsTerminal, Write};
use std::path::PathBuf;

use anyhow::{bail, Context, Result};
use chronicle_archive::export::{export, timeml, ExportFormat};

use super::common::DbArgs;

/// `--format`: the archive's formats by name, with their help (TimeML adds what `--out`
/// does with it), so the list lives in one place.
fn format_parser() -> impl clap::builder::TypedValueParser<Value = ExportFormat> {
    use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
    let values = ExportFormat::ALL.map(|f| {
        let help = match f {
            ExportFormat::Timeml => {
                format!("{} (one .tml per article with --out DIR)", f.description())
            }
            _ => f.description().to_string(),
        };
        PossibleValue::new(f.name()).help(help)
    });
    PossibleValuesParser::new(values).try_map(|name| name.parse::<ExportFormat>())
}

#[derive(clap::Args)]
pub struct Args {
    #[arg(long, short = 'f', value_parser = format_parser())]
    pub format: ExportFormat,
    /// Output file (a directory for timeml); stdout when absent.
    #[arg(long, short = 'o')]
    pub out: Option<PathBuf>,
    #[command(flatten)]
    pub db: DbArgs,
    /// Also export near-duplicate copies and events only they report.
    #[arg(long)]
    pub include_duplicates: bool,
}

pub fn run(args: Args) -> Result<()> {
    let archive = args.db.open()?;
    let format = args.format;
    if format == ExportFormat::Timeml {
        if let Some(dir) = &args.out {
            let n = timeml::write_dir(&archive, dir, args.include_duplicates)?;
            eprintln!("wrote {n} TimeML document(s) to {}", dir.display());
            return Ok(());
        }
    }
    let report = match &args.out {
        Some(path) => {
            let file = std::fs::File::create(path)
                .with_context(|| format!("creating {}", path.display()))?;
            let mut out = BufWriter::new(file);
            let report = export(&archive, format, args.include_duplicates, &mut out)
                .with_context(|| format!("writing {}", path.display()))?;
            out.flush()
                .with_context(|| format!("writing {}", path.display()))?;
            report
        }
        None => {
            if format == ExportFormat::Parquet && std::io::stdout().is_terminal() {
                bail!("Parquet is binary: pass --out FILE or redirect stdout");
            }
            let stdout = std::io::stdout();
            let mut out = BufWriter::new(stdout.lock());
            match export(&archive, format, args.include_duplicates, &mut out) {
                Ok(report) => report,
                Err(chronicle_archive::Error::Write(e))
                    if e.kind() == std::io::ErrorKind::BrokenPipe =>
                {
                    return Ok(())
                }
                Err(e) => return Err(e.into()),
            }
        }
    };
    eprintln!("exported {} row(s)", report.rows);
    Ok(())
}
