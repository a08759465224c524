//! `chronicle search`: full-text search over the archive (bm25, snippets).

use anyhow::Result;
use chronicle_archive::SearchQuery;

use super::common::{print_rows, QueryArgs, SubjectArgs, WhenArgs};

#[derive(clap::Args)]
pub struct Args {
    /// Words (all must occur), "quoted phrases", OR, NOT, prefix*.
    pub query: Vec<String>,
    #[command(flatten)]
    pub out: QueryArgs,
    #[command(flatten)]
    pub when: WhenArgs,
    #[command(flatten)]
    pub subject: SubjectArgs,
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
    #[arg(long, default_value_t = 0)]
    pub offset: usize,
}

pub fn run(args: Args) -> Result<()> {
    let archive = args.out.db.open()?;
    let hits = archive.search(&SearchQuery {
        text: args.query.join(" "),
        since: args.when.since,
        until: args.when.until,
        actors: args.subject.actor,
        country: args.subject.country,
        plover: args.subject.plover,
        cameo: args.subject.cameo,
        include_duplicates: args.when.include_duplicates,
        limit: Some(args.limit),
        offset: args.offset,
    })?;
    print_rows(
        &hits,
        args.out.format.format,
        &["id", "date", "score", "title", "snippet"],
    )
}
