//! `chronicle events`: merged events (one row per real-world event), filtered.

use anyhow::Result;
use chronicle_archive::EventQuery;

use super::common::{print_rows, QueryArgs, SubjectArgs, WhenArgs};

/// Table columns of event listings (`events`, `timeline`).
pub const EVENT_COLUMNS: &[&str] = &[
    "id",
    "date",
    "modality",
    "plover",
    "cameo",
    "source_codes",
    "target_codes",
    "num_independent",
    "confidence",
    "summary",
];

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub out: QueryArgs,
    #[command(flatten)]
    pub when: WhenArgs,
    #[command(flatten)]
    pub subject: SubjectArgs,
    /// asserted, planned, speculated, negated or hypothetical.
    #[arg(long)]
    pub modality: Option<String>,
    #[arg(long)]
    pub min_confidence: Option<f64>,
    #[arg(long, default_value_t = 100)]
    pub limit: usize,
    #[arg(long, default_value_t = 0)]
    pub offset: usize,
}

pub fn run(args: Args) -> Result<()> {
    let archive = args.out.db.open()?;
    let rows = archive.events(&EventQuery {
        actors: args.subject.actor,
        plover: args.subject.plover,
        cameo: args.subject.cameo,
        modality: args.modality,
        since: args.when.since,
        until: args.when.until,
        country: args.subject.country,
        min_confidence: args.min_confidence,
        include_duplicates: args.when.include_duplicates,
        limit: Some(args.limit),
        offset: args.offset,
        ..Default::default()
    })?;
    print_rows(&rows, args.out.format.format, EVENT_COLUMNS)
}
