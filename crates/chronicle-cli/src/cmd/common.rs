//! What the archive subcommands share: the `--db` option, input-reading options and
//! printing typed rows as a table, JSON, JSONL or CSV.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use anyhow::{Context, Result};
use chronicle::date::PubDate;
use chronicle::read::{Format, ReadOptions};
use chronicle_archive::export::csv_field;
use serde::Serialize;
use serde_json::Value;

/// The archive to use.
#[derive(clap::Args, Debug, Clone)]
pub struct DbArgs {
    /// The archive database file.
    #[arg(long, default_value = "chronicle.db", env = "CHRONICLE_DB")]
    pub db: PathBuf,
}

impl DbArgs {
    pub fn open(&self) -> Result<chronicle_archive::Archive> {
        chronicle_archive::Archive::open(&self.db)
            .with_context(|| format!("opening archive {}", self.db.display()))
    }
}

/// The archive a query reads and how its rows are printed.
#[derive(clap::Args, Debug, Clone)]
pub struct QueryArgs {
    #[command(flatten)]
    pub db: DbArgs,
    #[command(flatten)]
    pub format: FormatArgs,
}

/// Dates and duplicates: the filters every listing of articles or events shares.
#[derive(clap::Args, Debug, Clone)]
pub struct WhenArgs {
    /// On or after (YYYY-MM-DD, YYYY-MM or YYYY): when published for `search`, when the
    /// event happens otherwise.
    #[arg(long)]
    pub since: Option<String>,
    /// On or before (a year or month means its last day).
    #[arg(long)]
    pub until: Option<String>,
    /// Include near-duplicate copies and what only they report (each story counts once
    /// by default).
    #[arg(long)]
    pub include_duplicates: bool,
}

/// Who and what: the filters `search` and `events` share.
#[derive(clap::Args, Debug, Clone)]
pub struct SubjectArgs {
    /// Involves this actor (CAMEO code; USA also matches USAGOV). Repeat: involves all.
    #[arg(long)]
    pub actor: Vec<String>,
    /// Involves an actor of this country (ISO alpha-3); an event located there also counts.
    #[arg(long)]
    pub country: Option<String>,
    /// PLOVER event type (CONSULT, AGREE, ASSAULT, ...).
    #[arg(long)]
    pub plover: Option<String>,
    /// CAMEO code or prefix (03, 036).
    #[arg(long)]
    pub cameo: Option<String>,
}

/// How to read inputs (as `chronicle extract` reads them).
#[derive(clap::Args, Debug, Clone)]
pub struct ReadArgs {
    /// Publication date (YYYY-MM-DD or ISO date-time) for articles whose input gives none.
    #[arg(long, value_parser = parse_date)]
    pub date: Option<PubDate>,
    /// Stop at the first error (and treat undecodable bytes as one).
    #[arg(long)]
    pub strict: bool,
    /// Map an input JSON field to one of ours, e.g. `--field body=text` (repeatable).
    #[arg(long = "field", value_name = "FROM=TO", value_parser = parse_field)]
    pub fields: Vec<(String, String)>,
    /// Read every input as this format instead of guessing (text, jsonl, json, html, feed).
    #[arg(long, value_name = "FORMAT")]
    pub input_format: Option<Format>,
}

impl ReadArgs {
    pub fn options(&self) -> ReadOptions {
        ReadOptions {
            date: self.date,
            field_map: self.fields.clone(),
            strict: self.strict,
            format: self.input_format,
            content_type: None,
        }
    }
}

fn parse_date(s: &str) -> Result<PubDate, String> {
    PubDate::parse(s).ok_or_else(|| format!("not an ISO 8601 date: {s:?} (try 2021-03-05)"))
}

fn parse_field(s: &str) -> Result<(String, String), String> {
    match s.split_once('=') {
        Some((from, to)) if !from.trim().is_empty() && !to.trim().is_empty() => {
            Ok((from.trim().to_string(), to.trim().to_string()))
        }
        _ => Err(format!("expected FROM=TO, e.g. body=text; got {s:?}")),
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    /// Aligned columns for reading.
    Table,
    /// One pretty-printed JSON array.
    Json,
    /// One JSON object per line.
    Jsonl,
    /// Comma-separated values with a header row.
    Csv,
}

#[derive(clap::Args, Debug, Clone)]
pub struct FormatArgs {
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value = "table")]
    pub format: OutputFormat,
}

/// A cell as text: arrays joined by spaces, null empty.
fn cell(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(cell).collect::<Vec<_>>().join(" "),
        Value::Number(n) => match n.as_f64() {
            Some(f) if n.is_f64() => format!("{f:.3}")
                .trim_end_matches('0')
                .trim_end_matches('.')
                .to_string(),
            _ => n.to_string(),
        },
        other => other.to_string(),
    }
}

/// Writes rows; a closed pipe (`| head`) ends quietly.
pub fn print_rows<T: Serialize>(
    rows: &[T],
    format: OutputFormat,
    table_columns: &[&str],
) -> Result<()> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match write_rows(&mut out, rows, format, table_columns).and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other.context("writing output"),
    }
}

fn write_rows<T: Serialize>(
    out: &mut impl Write,
    rows: &[T],
    format: OutputFormat,
    table_columns: &[&str],
) -> std::io::Result<()> {
    let values: Vec<Value> = rows
        .iter()
        .map(|r| serde_json::to_value(r).unwrap_or(Value::Null))
        .collect();
    match format {
        OutputFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, &values)?;
            writeln!(out)
        }
        OutputFormat::Jsonl => {
            for v in &values {
                serde_json::to_writer(&mut *out, v)?;
                writeln!(out)?;
            }
            Ok(())
        }
        OutputFormat::Csv => {
            let columns: Vec<String> = match rows.first() {
                Some(first) => field_order(first)?,
                None => table_columns.iter().map(|c| c.to_string()).collect(),
            };
            writeln!(
                out,
                "{}",
                columns
                    .iter()
                    .map(|c| csv_field(c))
                    .collect::<Vec<_>>()
                    .join(",")
            )?;
            for v in &values {
                let line: Vec<String> = columns
                    .iter()
                    .map(|c| csv_field(&cell(&v[c.as_str()])))
                    .collect();
                writeln!(out, "{}", line.join(","))?;
            }
            Ok(())
        }
        OutputFormat::Table => write_table(out, &values, table_columns),
    }
}

/// The top-level field names of a row in declaration order (a `serde_json::Map` sorts
/// them, which would scramble CSV columns).
fn field_order<T: Serialize>(row: &T) -> std::io::Result<Vec<String>> {
    struct Keys(Vec<String>);
    impl<'de> serde::de::Visitor<'de> for &mut Keys {
        type Value = ();
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("an object")
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
            while let Some(key) = map.next_key::<String>()? {
                map.next_value::<serde::de::IgnoredAny>()?;
                self.0.push(key);
            }
            Ok(())
        }
    }
    let json = serde_json::to_string(row)?;
    let mut keys = Keys(Vec::new());
    let mut de = serde_json::Deserializer::from_str(&json);
    serde::Deserializer::deserialize_map(&mut de, &mut keys).map_err(std::io::Error::other)?;
    Ok(keys.0)
}

/// Column widths fitted to the content; the last column takes what the terminal has left.
fn write_table(out: &mut impl Write, values: &[Value], columns: &[&str]) -> std::io::Result<()> {
    if values.is_empty() {
        return writeln!(out, "(no results)");
    }
    let cells: Vec<Vec<String>> = values
        .iter()
        .map(|v| {
            columns
                .iter()
                .map(|c| cell(&v[*c]).replace(['\n', '\t'], " "))
                .collect()
        })
        .collect();
    let mut widths: Vec<usize> = columns.iter().map(|c| c.chars().count()).collect();
    for row in &cells {
        for (w, c) in widths.iter_mut().zip(row) {
            *w = (*w).max(c.chars().count()).min(60);
        }
    }
    let terminal_width = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse::<usize>().ok())
        .unwrap_or(if std::io::stdout().is_terminal() {
            160
        } else {
            usize::MAX
        });
    let used: usize = widths.iter().rev().skip(1).map(|w| w + 2).sum();
    if let Some(last) = widths.last_mut() {
        *last = terminal_width
            .saturating_sub(used)
            .max(20)
            .min(if terminal_width == usize::MAX {
                200
            } else {
                terminal_width
            });
    }
    let fit = |s: &str, w: usize| -> String {
        let n = s.chars().count();
        if n <= w {
            format!("{s}{}", " ".repeat(w - n))
        } else {
            let mut t: String = s.chars().take(w.saturating_sub(1)).collect();
            t.push('…');
            t
        }
    };
    let header: Vec<String> = columns
        .iter()
        .zip(&widths)
        .map(|(c, w)| fit(c, *w))
        .collect();
    writeln!(out, "{}", header.join("  ").trim_end())?;
    for row in &cells {
        let line: Vec<String> = row.iter().zip(&widths).map(|(c, w)| fit(c, *w)).collect();
        writeln!(out, "{}", line.join("  ").trim_end())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct Row {
        id: i64,
        name: String,
        codes: Vec<String>,
        score: f64,
        note: Option<String>,
    }

    fn rows() -> Vec<Row> {
        vec![Row {
            id: 1,
            name: "Seoul, \"capital\"".into(),
            codes: vec!["KOR".into(), "KORGOV".into()],
            score: 0.5,
            note: None,
        }]
    }

    #[test]
    fn csv_quotes_and_flattens() {
        let mut out = Vec::new();
        write_rows(&mut out, &rows(), OutputFormat::Csv, &[]).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(
            text,
            "id,name,codes,score,note\n1,\"Seoul, \"\"capital\"\"\",KOR KORGOV,0.5,\n"
        );
    }

    #[test]
    fn table_and_jsonl() {
        let mut out = Vec::new();
        write_rows(&mut out, &rows(), OutputFormat::Table, &["id", "codes"]).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.starts_with("id  codes\n1   KOR KORGOV"), "{text}");
        let mut out = Vec::new();
        write_rows(&mut out, &rows(), OutputFormat::Jsonl, &[]).unwrap();
        let v: Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(v["codes"][1], "KORGOV");
        let mut out = Vec::new();
        write_rows::<Row>(&mut out, &[], OutputFormat::Table, &["id"]).unwrap();
        assert_eq!(out, b"(no results)\n");
    }
}
