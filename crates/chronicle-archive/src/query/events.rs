//! Merged events: a filtered page, one event, a timeline, and an event's reports.

use rusqlite::OptionalExtension;

use super::limits::TIMELINE_ARTICLES;
use super::params::{day_param, fts_query, limit_of, until_param};
use super::plan::{
    apply_event_options, event_row, is_actor_code, run_events, EventFilter, EVENT_COLUMNS,
    MEMBER_READ_COST,
};
use super::types::{EventQuery, EventRow, MentionRow, TimelineQuery};
use crate::archive::Archive;
use crate::error::Result;
use crate::when::day_to_iso;

impl Archive {
    /// Merged events in the order they happen.
    pub fn events(&self, q: &EventQuery) -> Result<Vec<EventRow>> {
        let since = day_param(&q.since, "since")?;
        let until = until_param(&q.until)?;
        self.read(|conn| {
            let mut f = EventFilter::new(&q.actors, since, until, q.include_duplicates);
            apply_event_options(&mut f, q);
            run_events(conn, &f, limit_of(q.limit), q.offset as i64)
        })
    }

    /// One event by id.
    pub fn event(&self, id: i64) -> Result<Option<EventRow>> {
        self.read(|conn| {
            let sql = format!("SELECT {EVENT_COLUMNS} FROM events e WHERE e.rowid = ?1");
            Ok(conn.query_row(&sql, [id], event_row).optional()?)
        })
    }

    /// The events of an actor (when `subject` is a known actor code) or of the articles
    /// matching `subject` as a text query, in the order they happen; planned events are
    /// flagged (`planned`) and linked to their realisation (`realized_by`).
    pub fn timeline(&self, q: &TimelineQuery) -> Result<Vec<EventRow>> {
        let subject = q.subject.trim();
        let since = day_param(&q.since, "since")?;
        let until = until_param(&q.until)?;
        let limit = limit_of(q.limit.or(Some(500)));
        self.read(|conn| {
            let as_actor = is_actor_code(subject)
                && conn
                    .prepare_cached("SELECT 1 FROM event_actors WHERE code = ?1 LIMIT 1")?
                    .exists([subject])?;
            if as_actor {
                let f =
                    EventFilter::new(&[subject.to_string()], since, until, q.include_duplicates);
                return run_events(conn, &f, limit, 0);
            }
            let text = fts_query(subject);
            if text.is_empty() {
                return Ok(Vec::new());
            }
            let mut f = EventFilter::new(&[], since, until, q.include_duplicates);
            let dup = if q.include_duplicates {
                ""
            } else {
                " AND m.duplicate = 0"
            };
            // A query matching more articles than that takes the events of the newest
            // TIMELINE_ARTICLES of them (a timeline of "the" is not a question anyone asks).
            let newest = format!(
                "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?
                 ORDER BY rowid DESC LIMIT {TIMELINE_ARTICLES}"
            );
            // Their events, estimated from the mentions per article: sorting them costs
            // a row read per event; walking the day index until the page is full costs
            // an index entry per event of the archive passed (the density of members).
            let articles: i64 = conn
                .prepare_cached(&format!("SELECT count(*) FROM ({newest})"))?
                .query_row([&text], |r| r.get(0))?;
            let (stored, mentions, events): (i64, i64, i64) = conn.query_row(
                "SELECT (SELECT coalesce(max(rowid), 0) FROM articles),
                        (SELECT coalesce(max(rowid), 0) FROM mentions),
                        (SELECT coalesce(max(rowid), 0) FROM events)",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )?;
            let members = articles.saturating_mul(mentions) / stored.max(1);
            let walk = limit.saturating_mul(events) / members.max(1);
            f.members_by_day = walk < members.saturating_mul(MEMBER_READ_COST);
            f.members = Some((
                format!("SELECT m.event FROM mentions m WHERE m.article IN ({newest}){dup}"),
                vec![text.into()],
            ));
            run_events(conn, &f, limit, 0)
        })
    }

    /// The mentions (reports) of a merged event: article id, date, sentence.
    pub fn mentions(&self, event: i64) -> Result<Vec<MentionRow>> {
        self.read(|conn| {
            let mut stmt = conn.prepare_cached(
                "SELECT a.id, a.title, a.url, m.report_day, m.cameo, m.modality, m.date, m.trigger,
                        m.sentence, m.confidence, m.duplicate, m.source
                 FROM mentions m JOIN articles a ON a.rowid = m.article
                 WHERE m.event = ?1 ORDER BY m.report_day, m.rowid",
            )?;
            let rows = stmt.query_map([event], |r| {
                Ok(MentionRow {
                    article: r.get(0)?,
                    title: r.get(1)?,
                    url: r.get(2)?,
                    report_date: r.get::<_, Option<i64>>(3)?.map(day_to_iso),
                    cameo: r.get(4)?,
                    modality: r.get(5)?,
                    date: r.get(6)?,
                    trigger: r.get(7)?,
                    sentence: r.get(8)?,
                    confidence: r.get(9)?,
                    duplicate: r.get(10)?,
                    source: r.get(11)?,
                })
            })?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }
}
