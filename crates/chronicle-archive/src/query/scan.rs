//! Whole-archive walks in one snapshot, for exports.

use chronicle::doc::Article;

use super::plan::{event_row, EVENT_COLUMNS};
use super::types::EventRow;
use crate::archive::Archive;
use crate::error::Result;

impl Archive {
    /// Calls `f` on every merged event (by event day), in one snapshot; for exports.
    pub fn for_each_event(
        &self,
        include_duplicates: bool,
        mut f: impl FnMut(EventRow) -> Result<()>,
    ) -> Result<()> {
        self.read(|conn| event_rows(conn, include_duplicates, &mut f))
    }

    /// Calls `f` on every stored article with its layers (in ingest order), in one
    /// snapshot; for exports. The second argument is the id of the first copy when the
    /// article is a near-duplicate.
    pub fn for_each_article(
        &self,
        include_duplicates: bool,
        mut f: impl FnMut(Article, Option<String>) -> Result<()>,
    ) -> Result<()> {
        self.read(|conn| {
            let filter = if include_duplicates {
                ""
            } else {
                "WHERE a.duplicate_of IS NULL"
            };
            let sql = format!(
                "SELECT a.id, a.source, a.url, a.title, a.pub_date, a.text, l.format, l.data,
                        (SELECT d.id FROM articles d WHERE d.rowid = a.duplicate_of)
                 FROM articles a LEFT JOIN layers l ON l.article = a.rowid {filter}
                 ORDER BY a.rowid"
            );
            let mut stmt = conn.prepare(&sql)?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                let date: Option<String> = r.get(4)?;
                let mut article = Article {
                    id: r.get(0)?,
                    source: r.get(1)?,
                    url: r.get(2)?,
                    title: r.get(3)?,
                    date: date.as_deref().and_then(chronicle::date::PubDate::parse),
                    text: r.get(5)?,
                    ..Default::default()
                };
                let format: Option<i64> = r.get(6)?;
                let data: Option<Vec<u8>> = r.get(7)?;
                if let (Some(format), Some(data)) = (format, data) {
                    crate::layers::decode(&mut article, format, &data)?;
                }
                f(article, r.get(8)?)?;
            }
            Ok(())
        })
    }
}

/// [`Archive::for_each_event`] on a connection (also the backfill's in-memory replay).
pub(crate) fn event_rows(
    conn: &rusqlite::Connection,
    include_duplicates: bool,
    mut f: impl FnMut(EventRow) -> Result<()>,
) -> Result<()> {
    let filter = if include_duplicates {
        ""
    } else {
        "WHERE e.num_independent > 0"
    };
    let sql =
        format!("SELECT {EVENT_COLUMNS} FROM events e {filter} ORDER BY e.day_start, e.rowid");
    let mut stmt = conn.prepare(&sql)?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        f(event_row(row)?)?;
    }
    Ok(())
}
