//! `chronicle show`: one stored article with its annotations and merged events.

use std::io::Write;

use anyhow::{bail, Context, Result};
use chronicle_archive::ArticleRecord;

use super::common::{DbArgs, FormatArgs, OutputFormat};

#[derive(clap::Args)]
pub struct Args {
    /// The article id (as given by the input, or its content hash).
    pub id: String,
    #[command(flatten)]
    pub db: DbArgs,
    #[command(flatten)]
    pub format: FormatArgs,
}

fn render(record: &ArticleRecord) -> String {
    let a = &record.article;
    let mut s = String::new();
    s.push_str(&format!("id:       {}\n", a.id));
    if let Some(t) = &a.title {
        s.push_str(&format!("title:    {t}\n"));
    }
    if let Some(d) = &a.date {
        s.push_str(&format!("date:     {d}\n"));
    }
    for (k, v) in [("source", &a.source), ("url", &a.url)] {
        if let Some(v) = v {
            s.push_str(&format!("{k}:{}{v}\n", " ".repeat(9 - k.len())));
        }
    }
    if let Some(orig) = &record.duplicate_of {
        s.push_str(&format!(
            "copy of:  {orig} (similarity {:.2})\n",
            record.similarity.unwrap_or(0.0)
        ));
    }
    if !record.duplicates.is_empty() {
        s.push_str(&format!("copies:   {}\n", record.duplicates.join(", ")));
    }
    s.push_str(&format!("\n{}\n", a.text.trim_end()));
    if !a.entities.is_empty() {
        s.push_str("\nentities:\n");
        for e in &a.entities {
            let link = e
                .link
                .as_deref()
                .map(|l| format!(" -> {l}"))
                .unwrap_or_default();
            s.push_str(&format!("  {:<8} {}{link}\n", e.label, e.text));
        }
    }
    if !a.times.is_empty() {
        s.push_str("\ntimes:\n");
        for t in &a.times {
            s.push_str(&format!("  {:<8} {:<14} {}\n", t.kind, t.value, t.text));
        }
    }
    if !a.actors.is_empty() {
        s.push_str("\nactors:\n");
        for x in &a.actors {
            s.push_str(&format!(
                "  {:<10} {} ({} mention(s))\n",
                x.code.as_deref().unwrap_or("-"),
                x.name,
                x.mentions.len()
            ));
        }
    }
    if !record.events.is_empty() {
        s.push_str("\nevents (merged across the archive):\n");
        for e in &record.events {
            s.push_str(&format!(
                "  #{:<6} {:<10} {:<9} {} ({}) {} -> {}; {} report(s), {} independent, confidence {:.2}\n",
                e.id,
                e.date.as_deref().unwrap_or("undated"),
                e.modality,
                e.plover,
                e.cameo,
                if e.source_names.is_empty() { "?" } else { &e.source_names },
                if e.target_names.is_empty() { "-" } else { &e.target_names },
                e.num_articles,
                e.num_independent,
                e.confidence
            ));
        }
    }
    if !a.quotes.is_empty() {
        s.push_str("\nquotes:\n");
        for q in &a.quotes {
            let who = q.speaker.as_ref().map(|r| r.name.as_str()).unwrap_or("?");
            s.push_str(&format!("  {who}: {}\n", q.text));
        }
    }
    s
}

pub fn run(args: Args) -> Result<()> {
    let archive = args.db.open()?;
    let Some(record) = archive.article(&args.id)? else {
        bail!(
            "no article with id {:?} in {}",
            args.id,
            args.db.db.display()
        );
    };
    let text = match args.format.format {
        OutputFormat::Table => render(&record),
        OutputFormat::Json => serde_json::to_string_pretty(&record)? + "\n",
        OutputFormat::Jsonl => serde_json::to_string(&record)? + "\n",
        OutputFormat::Csv => bail!("show prints one article: use --format table, json or jsonl"),
    };
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other.context("writing output"),
    }
}
