//! `chronicle stats`: what the archive holds.

use anyhow::Result;
use serde::Serialize;

use super::common::{print_rows, OutputFormat, QueryArgs};

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub out: QueryArgs,
}

#[derive(Serialize)]
struct Line {
    what: String,
    value: String,
}

pub fn run(args: Args) -> Result<()> {
    let archive = args.out.db.open()?;
    let stats = archive.stats()?;
    if args.out.format.format != OutputFormat::Table {
        return print_rows(&[stats], args.out.format.format, &[]);
    }
    let mut lines = vec![
        ("archive", archive.path().display().to_string()),
        ("schema version", stats.schema_version.to_string()),
        ("articles", stats.articles.to_string()),
        ("stories (not duplicates)", stats.stories.to_string()),
        ("near-duplicates", stats.duplicates.to_string()),
        ("text", format!("{:.1} MB", stats.text_bytes as f64 / 1e6)),
        (
            "published",
            format!(
                "{} .. {}",
                stats.first_article.clone().unwrap_or_default(),
                stats.last_article.clone().unwrap_or_default()
            ),
        ),
        ("events (merged)", stats.events.to_string()),
        ("event mentions", stats.mentions.to_string()),
        (
            "events with >1 independent report",
            stats.multi_source_events.to_string(),
        ),
        (
            "plans linked to what happened",
            stats.realized_plans.to_string(),
        ),
        ("actors", stats.actors.to_string()),
        ("stages run", stats.stages.clone().unwrap_or_default()),
        (
            "database size",
            format!("{:.1} MB", stats.database_bytes as f64 / 1e6),
        ),
    ];
    for (plover, n) in &stats.events_by_plover {
        lines.push(("events", format!("{plover}: {n}")));
    }
    for (modality, n) in &stats.events_by_modality {
        lines.push(("events", format!("{modality}: {n}")));
    }
    let rows: Vec<Line> = lines
        .into_iter()
        .map(|(what, value)| Line {
            what: what.into(),
            value,
        })
        .collect();
    print_rows(&rows, OutputFormat::Table, &["what", "value"])
}
