//! One article with its stored layers, its events and its copies.

use chronicle::doc::Article;
use rusqlite::OptionalExtension;

use super::plan::{event_row, EVENT_COLUMNS};
use super::types::ArticleRecord;
use crate::archive::Archive;
use crate::error::Result;

impl Archive {
    /// One article with all its stored layers and the merged events it reports.
    pub fn article(&self, id: &str) -> Result<Option<ArticleRecord>> {
        self.read(|conn| {
            let row = conn
                .query_row(
                    "SELECT rowid, id, source, url, title, pub_date, text, duplicate_of, similarity,
                            ingested_at FROM articles WHERE id = ?1",
                    [id],
                    |r| {
                        Ok((
                            r.get::<_, i64>(0)?,
                            r.get::<_, String>(1)?,
                            r.get::<_, Option<String>>(2)?,
                            r.get::<_, Option<String>>(3)?,
                            r.get::<_, Option<String>>(4)?,
                            r.get::<_, Option<String>>(5)?,
                            r.get::<_, String>(6)?,
                            r.get::<_, Option<i64>>(7)?,
                            r.get::<_, Option<f64>>(8)?,
                            r.get::<_, i64>(9)?,
                        ))
                    },
                )
                .optional()?;
            let Some((rowid, id, source, url, title, date, text, dup_of, similarity, ingested_at)) =
                row
            else {
                return Ok(None);
            };
            let mut article = Article {
                id,
                source,
                url,
                title,
                date: date.as_deref().and_then(chronicle::date::PubDate::parse),
                text,
                ..Default::default()
            };
            let layers: Option<(i64, Vec<u8>)> = conn
                .prepare_cached("SELECT format, data FROM layers WHERE article = ?1")?
                .query_row([rowid], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?;
            if let Some((format, data)) = layers {
                crate::layers::decode(&mut article, format, &data)?;
            }
            let duplicate_of = match dup_of {
                Some(d) => conn
                    .query_row("SELECT id FROM articles WHERE rowid = ?1", [d], |r| {
                        r.get(0)
                    })
                    .optional()?,
                None => None,
            };
            let mut stmt = conn
                .prepare_cached("SELECT id FROM articles WHERE duplicate_of = ?1 ORDER BY rowid")?;
            let duplicates = stmt
                .query_map([rowid], |r| r.get(0))?
                .collect::<rusqlite::Result<Vec<String>>>()?;
            let sql = format!(
                "SELECT {EVENT_COLUMNS} FROM mentions m JOIN events e ON e.rowid = m.event
                 WHERE m.article = ?1 ORDER BY m.idx"
            );
            let mut stmt = conn.prepare_cached(&sql)?;
            let events = stmt
                .query_map([rowid], event_row)?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(Some(ArticleRecord {
                article,
                duplicate_of,
                similarity,
                duplicates,
                events,
                ingested_at,
            }))
        })
    }
}
