//! `chronicle timeline`: an actor's (or a topic's) events in the order they happen.

use anyhow::Result;
use chronicle_archive::{EventRow, TimelineQuery};
use serde::Serialize;

use super::common::{print_rows, OutputFormat, QueryArgs, WhenArgs};

#[derive(clap::Args)]
pub struct Args {
    /// An actor code (KOR, USAGOV) or a text query ("wartime command").
    #[arg(required = true)]
    pub subject: Vec<String>,
    #[command(flatten)]
    pub out: QueryArgs,
    #[command(flatten)]
    pub when: WhenArgs,
    #[arg(long, default_value_t = 500)]
    pub limit: usize,
}

/// A timeline line for the table: the event, marked when it was only planned.
#[derive(Serialize)]
struct Line<'a> {
    when: String,
    status: String,
    event: String,
    who: String,
    reports: String,
    #[serde(flatten)]
    row: &'a EventRow,
}

fn line(row: &EventRow) -> Line<'_> {
    let when = match (&row.date, &row.start) {
        (Some(d), _) => d.clone(),
        (None, Some(s)) => s.clone(),
        _ => "undated".into(),
    };
    let status = match (row.modality.as_str(), row.realized_by, row.planned_event) {
        ("planned", Some(id), _) => format!("PLANNED -> happened #{id}"),
        ("planned", None, _) => "PLANNED".into(),
        ("asserted", _, Some(plan)) => format!("happened (plan #{plan})"),
        ("asserted", _, None) => "happened".into(),
        (other, _, _) => other.to_uppercase(),
    };
    let who = format!(
        "{} -> {}",
        if row.source_names.is_empty() {
            "?"
        } else {
            &row.source_names
        },
        if row.target_names.is_empty() {
            "-"
        } else {
            &row.target_names
        }
    );
    Line {
        when,
        status,
        event: format!("{} ({})", row.plover, row.cameo),
        who,
        reports: format!("{} ({} indep.)", row.num_articles, row.num_independent),
        row,
    }
}

pub fn run(args: Args) -> Result<()> {
    let archive = args.out.db.open()?;
    let rows = archive.timeline(&TimelineQuery {
        subject: args.subject.join(" "),
        since: args.when.since,
        until: args.when.until,
        include_duplicates: args.when.include_duplicates,
        limit: Some(args.limit),
        ..Default::default()
    })?;
    if args.out.format.format == OutputFormat::Table {
        let lines: Vec<Line> = rows.iter().map(line).collect();
        print_rows(
            &lines,
            OutputFormat::Table,
            &["when", "status", "event", "who", "reports", "summary"],
        )
    } else {
        print_rows(&rows, args.out.format.format, &[])
    }
}
