//! The one reader of the KB's TSV tables: `#` comments and blank lines skipped, the first
//! other line is the header, cells trimmed, `|` separates list items.

use crate::date::Date;
use crate::error::Error;

/// A parsed TSV table: header and rows (1-based line numbers kept for errors).
pub(crate) struct Table<'a> {
    pub(crate) name: &'a str,
    pub(crate) header: Vec<&'a str>,
    pub(crate) rows: Vec<(usize, Vec<&'a str>)>,
}

impl<'a> Table<'a> {
    pub(crate) fn parse(name: &'a str, text: &'a str) -> crate::error::Result<Table<'a>> {
        let mut header: Option<Vec<&str>> = None;
        let mut rows = Vec::new();
        for (i, line) in text.lines().enumerate() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let fields: Vec<&str> = line.split('\t').map(str::trim).collect();
            match &header {
                None => header = Some(fields),
                Some(h) => {
                    if fields.len() > h.len() {
                        return Err(Error::Parse {
                            path: name.into(),
                            line: i + 1,
                            message: format!("{} columns, header has {}", fields.len(), h.len()),
                        });
                    }
                    rows.push((i + 1, fields));
                }
            }
        }
        let header = header.ok_or_else(|| Error::Parse {
            path: name.into(),
            line: 1,
            message: "no header line".into(),
        })?;
        Ok(Table { name, header, rows })
    }

    pub(crate) fn col(&self, column: &str) -> crate::error::Result<usize> {
        self.header
            .iter()
            .position(|h| *h == column)
            .ok_or_else(|| Error::Parse {
                path: self.name.into(),
                line: 1,
                message: format!("missing column {column:?}"),
            })
    }

    /// The indices of several columns at once.
    pub(crate) fn cols<const N: usize>(
        &self,
        columns: [&str; N],
    ) -> crate::error::Result<[usize; N]> {
        let mut out = [0; N];
        for (slot, column) in out.iter_mut().zip(columns) {
            *slot = self.col(column)?;
        }
        Ok(out)
    }

    pub(crate) fn error(&self, line: usize, message: String) -> Error {
        Error::Parse {
            path: self.name.into(),
            line,
            message,
        }
    }
}

impl<'a> Table<'a> {
    /// A shipped table for readers that cannot fail (NER features): a broken shipped file is
    /// already an error when the KB is loaded, so here it reads as an empty table.
    pub(crate) fn shipped(name: &'a str, text: &'a str) -> Table<'a> {
        Table::parse(name, text).unwrap_or(Table {
            name,
            header: Vec::new(),
            rows: Vec::new(),
        })
    }

    /// The rows addressed by column name.
    pub(crate) fn named_rows(&self) -> impl Iterator<Item = Row<'_, 'a>> {
        self.rows.iter().map(|(_, cells)| Row {
            header: &self.header,
            cells,
        })
    }
}

/// A row read by column name, for readers that take the columns a table has: a missing
/// column reads as an empty cell.
#[derive(Clone, Copy)]
pub(crate) struct Row<'t, 'a> {
    header: &'t [&'a str],
    cells: &'t [&'a str],
}

impl<'a> Row<'_, 'a> {
    /// The cell in `column` ("" when the column or the cell is missing).
    pub(crate) fn get(&self, column: &str) -> &'a str {
        self.header
            .iter()
            .position(|h| *h == column)
            .map_or("", |i| cell(self.cells, i))
    }

    /// The `|`-separated list in `column`.
    pub(crate) fn list(&self, column: &str) -> impl Iterator<Item = &'a str> {
        list(self.get(column))
    }
}

pub(crate) fn cell<'a>(row: &[&'a str], index: usize) -> &'a str {
    row.get(index).copied().unwrap_or("")
}

/// The `|`-separated items of a cell, trimmed, empty ones skipped.
pub(crate) fn list(cell: &str) -> impl Iterator<Item = &str> {
    cell.split('|').map(str::trim).filter(|s| !s.is_empty())
}

pub(crate) fn opt(cell: &str) -> Option<String> {
    (!cell.is_empty() && cell != "-").then(|| cell.to_string())
}

/// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; `end` picks the last day of a partial date.
pub(crate) fn parse_kb_date(s: &str, end: bool) -> Option<Date> {
    let parts: Vec<&str> = s.split('-').collect();
    let year: i32 = parts.first()?.parse().ok()?;
    match parts.len() {
        1 => Date::new(year, if end { 12 } else { 1 }, if end { 31 } else { 1 }),
        2 => {
            let month: u32 = parts.get(1)?.parse().ok()?;
            let day = if end {
                crate::date::days_in_month(year, month)
            } else {
                1
            };
            Date::new(year, month, day)
        }
        3 => Date::parse_iso(s),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn kb_dates_accept_partial_forms() {
        assert_eq!(parse_kb_date("2024-12", true), Date::new(2024, 12, 31));
        assert_eq!(parse_kb_date("2014", false), Date::new(2014, 1, 1));
        assert_eq!(parse_kb_date("2021-01-20", false), Date::new(2021, 1, 20));
        assert_eq!(parse_kb_date("soon", false), None);
    }

    #[test]
    fn broken_tables_are_errors() {
        assert!(Table::parse("x.tsv", "# only comments\n").is_err());
        assert!(Table::parse("x.tsv", "a\tb\n1\t2\t3\n").is_err());
        let t = Table::parse("x.tsv", "a\tb\n1\n").unwrap();
        assert!(t.col("c").is_err());
    }
}
