//! `chronicle search`: full-text search over the archive (bm25, snippets).

use anyhow::Result;
use chronicle_archive::SearchQuery;

use super::common::{print_rows, DbArgs, FormatArgs};

#[derive(clap::Args)]
pub struct Args {
    /// Words (all must occur), "quoted phrases", OR, NOT, prefix*.
    pub query: Vec<String>,
    #[command(flatten)]
    pub db: DbArgs,
    #[command(flatten)]
    pub format: FormatArgs,
    /// Published on or after (YYYY-MM-DD, YYYY-MM or YYYY).
    #[arg(long)]
    pub since: Option<String>,
    /// Published on or before.
    #[arg(long)]
    pub until: Option<String>,
    /// Mentions this actor (CAMEO code; KOR also matches KORGOV). Repeat for all of several.
    #[arg(long)]
    pub actor: Vec<String>,
    /// Mentions an actor of this country (ISO alpha-3).
    #[arg(long)]
    pub country: Option<String>,
    /// Reports an event of this PLOVER type.
    #[arg(long)]
    pub plover: Option<String>,
    /// Reports an event with this CAMEO code (or code prefix).
    #[arg(long)]
    pub cameo: Option<String>,
    /// List near-duplicate copies too (each story is listed once by default).
    #[arg(long)]
    pub include_duplicates: bool,
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
    #[arg(long, default_value_t = 0)]
    pub offset: usize,
}

pub fn run(args: Args) -> Result<()> {
    let archive = args.db.open()?;
    let hits = archive.search(&SearchQuery {
        text: args.query.join(" "),
        since: args.since,
        until: args.until,
        actors: args.actor,
        country: args.country,
        plover: args.plover,
        cameo: args.cameo,
        include_duplicates: args.include_duplicates,
        limit: Some(args.limit),
        offset: args.offset,
    })?;
    print_rows(
        &hits,
        args.format.format,
        &["id", "date", "score", "title", "snippet"],
    )
}
