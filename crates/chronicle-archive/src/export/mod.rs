//! Exports of the archive: articles as JSONL or TimeML, merged events as CSV, Parquet or
//! a GDELT 2.0 event table.

pub mod gdelt;
pub mod parquet;
pub mod tables;
pub mod timeml;

use std::io::Write;

use crate::archive::Archive;
use crate::error::{Error, Result};
use crate::query::EventRow;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// Articles with all their layers, one JSON object per line (as `chronicle extract`).
    Jsonl,
    /// Merged events, one row each, with a header.
    Csv,
    /// Merged events, Parquet (Snappy pages; the schema of [`tables::merged_events_schema`]).
    Parquet,
    /// Merged events as the GDELT 2.0 event table (61 tab-separated columns, no header).
    Gdelt,
    /// Articles as TimeML documents with TIMEX3 and EVENT tags.
    Timeml,
    /// Readers' corrections of event codings, each with the event and its reports, one
    /// JSON object per line (material for the gold set).
    Feedback,
}

impl ExportFormat {
    /// Every format, in the order the CLI lists them.
    pub const ALL: [ExportFormat; 6] = [
        ExportFormat::Jsonl,
        ExportFormat::Csv,
        ExportFormat::Parquet,
        ExportFormat::Gdelt,
        ExportFormat::Timeml,
        ExportFormat::Feedback,
    ];

    /// The name a person types (`jsonl`, `csv`, `parquet`, `gdelt`, `timeml`).
    pub fn name(self) -> &'static str {
        match self {
            ExportFormat::Jsonl => "jsonl",
            ExportFormat::Csv => "csv",
            ExportFormat::Parquet => "parquet",
            ExportFormat::Gdelt => "gdelt",
            ExportFormat::Timeml => "timeml",
            ExportFormat::Feedback => "feedback",
        }
    }

    /// One line saying what the format holds (for help texts).
    pub fn description(self) -> &'static str {
        match self {
            ExportFormat::Jsonl => {
                "Articles with all their annotation layers, one JSON object per line"
            }
            ExportFormat::Csv => "Merged events, one row each, with a header",
            ExportFormat::Parquet => "Merged events as Parquet (typed columns: dates, code lists)",
            ExportFormat::Gdelt => {
                "Merged events as the GDELT 2.0 event table (61 tab-separated columns)"
            }
            ExportFormat::Timeml => "Articles as TimeML with TIMEX3 and EVENT tags",
            ExportFormat::Feedback => {
                "Readers' corrections of event codings with the events they flag, JSONL"
            }
        }
    }
}

impl std::fmt::Display for ExportFormat {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for ExportFormat {
    type Err = Error;

    /// A format by its [`name`](ExportFormat::name), ignoring ASCII case.
    fn from_str(s: &str) -> Result<ExportFormat> {
        ExportFormat::ALL
            .into_iter()
            .find(|f| f.name().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| {
                let names: Vec<&str> = ExportFormat::ALL.iter().map(|f| f.name()).collect();
                Error::Query(format!(
                    "unknown export format {s:?} (expected one of {})",
                    names.join(", ")
                ))
            })
    }
}

/// What an export wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExportReport {
    pub rows: usize,
}

/// Columns of CSV event exports: fields of [`EventRow`] (actor code lists joined by
/// spaces), in order.
const EVENT_FIELDS: &[&str] = &[
    "id",
    "date",
    "start",
    "end",
    "plover",
    "cameo",
    "quad_class",
    "goldstein",
    "modality",
    "source_codes",
    "target_codes",
    "source_names",
    "target_names",
    "location",
    "country",
    "lat",
    "lon",
    "num_mentions",
    "num_articles",
    "num_sources",
    "num_independent",
    "first_report",
    "last_report",
    "confidence",
    "planned_event",
    "realized_by",
    "first_article",
    "summary",
];

/// One CSV field (RFC 4180): quoted, with doubled quotes, when it holds a comma, a quote
/// or a line break; as it is otherwise.
pub fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn json_cells(row: &EventRow) -> Result<serde_json::Map<String, serde_json::Value>> {
    match serde_json::to_value(row)? {
        serde_json::Value::Object(map) => Ok(map),
        _ => Ok(serde_json::Map::new()),
    }
}

/// A text cell: strings as they are, lists (actor codes) joined by spaces.
fn text_cell(v: Option<&serde_json::Value>) -> Option<String> {
    match v? {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Array(items) => Some(
            items
                .iter()
                .filter_map(|i| i.as_str())
                .collect::<Vec<_>>()
                .join(" "),
        ),
        _ => None,
    }
}

fn csv_cell(v: Option<&serde_json::Value>) -> String {
    match v {
        None | Some(serde_json::Value::Null) => String::new(),
        Some(serde_json::Value::Number(n)) => n.to_string(),
        Some(serde_json::Value::Bool(b)) => b.to_string(),
        other => csv_field(&text_cell(other).unwrap_or_default()),
    }
}

/// Event rows per Arrow batch of a Parquet export.
const PARQUET_BATCH: usize = 8192;

/// Writes the archive in `format` to `out`. Each story counts once unless
/// `include_duplicates`. (TimeML to a directory: see [`timeml::write_dir`].)
pub fn export(
    archive: &Archive,
    format: ExportFormat,
    include_duplicates: bool,
    out: &mut dyn Write,
) -> Result<ExportReport> {
    let mut report = ExportReport::default();
    match format {
        ExportFormat::Jsonl => {
            archive.for_each_article(include_duplicates, |article, dup_of| {
                let mut value = serde_json::to_value(&article)?;
                if let (Some(dup), serde_json::Value::Object(map)) = (dup_of, &mut value) {
                    map.insert("duplicate_of".into(), dup.into());
                }
                serde_json::to_writer(&mut *out, &value)?;
                out.write_all(b"\n")?;
                report.rows += 1;
                Ok(())
            })?
        }
        ExportFormat::Feedback => {
            for row in archive.feedback()? {
                serde_json::to_writer(&mut *out, &row)?;
                out.write_all(b"\n")?;
                report.rows += 1;
            }
        }
        ExportFormat::Timeml => archive.for_each_article(include_duplicates, |article, _| {
            out.write_all(timeml::document(&article).as_bytes())?;
            report.rows += 1;
            Ok(())
        })?,
        ExportFormat::Csv => {
            let header = EVENT_FIELDS;
            writeln!(out, "{}", header.join(","))?;
            archive.for_each_event(include_duplicates, |row| {
                let cells = json_cells(&row)?;
                let line: Vec<String> = header.iter().map(|c| csv_cell(cells.get(*c))).collect();
                writeln!(out, "{}", line.join(","))?;
                report.rows += 1;
                Ok(())
            })?
        }
        ExportFormat::Gdelt => archive.for_each_event(include_duplicates, |row| {
            writeln!(out, "{}", gdelt::row(&row).join("\t"))?;
            report.rows += 1;
            Ok(())
        })?,
        ExportFormat::Parquet => {
            let mut writer = parquet::TableWriter::new(&mut *out, tables::merged_events_schema())?;
            let mut rows = Vec::with_capacity(PARQUET_BATCH);
            archive.for_each_event(include_duplicates, |row| {
                rows.push(row);
                if rows.len() == PARQUET_BATCH {
                    writer.write(&tables::merged_events_batch(&rows)?)?;
                    rows.clear();
                }
                Ok(())
            })?;
            writer.write(&tables::merged_events_batch(&rows)?)?;
            report.rows = writer.finish()?;
        }
    }
    out.flush()?;
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_by_name() {
        for f in ExportFormat::ALL {
            assert_eq!(f.name().parse::<ExportFormat>().ok(), Some(f));
            assert_eq!(f.to_string(), f.name());
        }
        assert_eq!("CSV".parse::<ExportFormat>().ok(), Some(ExportFormat::Csv));
        assert!("xml".parse::<ExportFormat>().is_err());
    }

    #[test]
    fn csv_fields_quote_only_when_needed() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("two\nlines"), "\"two\nlines\"");
    }
}
