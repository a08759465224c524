//! `chronicle events`: merged events (one row per real-world event), filtered.

use anyhow::Result;
use chronicle_archive::EventQuery;

use super::common::{print_rows, DbArgs, FormatArgs};

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
    pub db: DbArgs,
    #[command(flatten)]
    pub format: FormatArgs,
    /// Involves this actor (CAMEO code; USA also matches USAGOV). Repeat: involves all.
    #[arg(long)]
    pub actor: Vec<String>,
    /// PLOVER event type (CONSULT, AGREE, ASSAULT, ...).
    #[arg(long)]
    pub plover: Option<String>,
    /// CAMEO code or prefix (03, 036).
    #[arg(long)]
    pub cameo: Option<String>,
    /// asserted, planned, speculated, negated or hypothetical.
    #[arg(long)]
    pub modality: Option<String>,
    /// Happens on or after (YYYY-MM-DD, YYYY-MM or YYYY).
    #[arg(long)]
    pub since: Option<String>,
    /// Happens on or before.
    #[arg(long)]
    pub until: Option<String>,
    /// Takes place in, or involves an actor of, this country (ISO alpha-3).
    #[arg(long)]
    pub country: Option<String>,
    #[arg(long)]
    pub min_confidence: Option<f64>,
    /// Include events reported only by near-duplicate copies.
    #[arg(long)]
    pub include_duplicates: bool,
    #[arg(long, default_value_t = 100)]
    pub limit: usize,
    #[arg(long, default_value_t = 0)]
    pub offset: usize,
}

pub fn run(args: Args) -> Result<()> {
    let archive = args.db.open()?;
    let rows = archive.events(&EventQuery {
        actors: args.actor,
        plover: args.plover,
        cameo: args.cameo,
        modality: args.modality,
        since: args.since,
        until: args.until,
        country: args.country,
        min_confidence: args.min_confidence,
        include_duplicates: args.include_duplicates,
        limit: Some(args.limit),
        offset: args.offset,
    })?;
    print_rows(&rows, args.format.format, EVENT_COLUMNS)
}
