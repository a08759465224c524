//! `chronicle actors`: who the archive talks about, most-mentioned first.

use anyhow::Result;
use chronicle_archive::ActorQuery;

use super::common::{print_rows, QueryArgs};

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub out: QueryArgs,
    /// Only actors of this country (ISO alpha-3).
    #[arg(long)]
    pub country: Option<String>,
    /// Only actors whose CAMEO code starts with this (KOR: KOR, KORGOV, ...).
    #[arg(long)]
    pub code: Option<String>,
    /// Only actors whose name contains this.
    #[arg(long)]
    pub name: Option<String>,
    #[arg(long, default_value_t = 50)]
    pub limit: usize,
    #[arg(long, default_value_t = 0)]
    pub offset: usize,
}

pub fn run(args: Args) -> Result<()> {
    let archive = args.out.db.open()?;
    let rows = archive.actors(&ActorQuery {
        q: None,
        country: args.country,
        code: args.code,
        name: args.name,
        limit: Some(args.limit),
        offset: args.offset,
    })?;
    print_rows(
        &rows,
        args.out.format.format,
        &[
            "code", "name", "country", "sector", "articles", "mentions", "key",
        ],
    )
}
