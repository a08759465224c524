//! Merged events: a filtered page, one event, a timeline, and an event's reports.

use rusqlite::OptionalExtension;

use super::params::{day_param, fts_query, limit_of, until_param};
use super::plan::{
    apply_event_options, count_events, event_row, is_actor_code, restrict_to_actors, run_events,
    text_members, EventFilter, EVENT_COLUMNS,
};
use super::types::{EventQuery, EventRow, MentionRow, TimelineQuery};
use crate::archive::Archive;
use crate::error::Result;
use crate::when::day_to_iso;

/// The filter of an event query; `None` when its text query has no searchable word.
fn event_filter(
    conn: &rusqlite::Connection,
    q: &EventQuery,
    limit: i64,
) -> Result<Option<EventFilter>> {
    let since = day_param(&q.since, "since")?;
    let until = until_param(&q.until)?;
    let mut f = EventFilter::new(&q.actors, since, until, q.include_duplicates);
    apply_event_options(&mut f, q);
    if !q.text.trim().is_empty() {
        let text = fts_query(&q.text);
        if text.is_empty() {
            return Ok(None);
        }
        text_members(conn, &mut f, text, limit.saturating_add(q.offset as i64))?;
    } else if let Some(first) = q.actor_ids.first() {
        // One actor's events are few: read them and sort (its condition stays, harmless).
        f.members = Some((
            "SELECT event FROM actor_events WHERE actor = ?".into(),
            vec![(*first).into()],
        ));
    }
    Ok(Some(f))
}

impl Archive {
    /// Merged events in the order they happen.
    pub fn events(&self, q: &EventQuery) -> Result<Vec<EventRow>> {
        let limit = limit_of(q.limit);
        self.read(|conn| match event_filter(conn, q, limit)? {
            Some(f) => run_events(conn, &f, limit, q.offset as i64),
            None => Ok(Vec::new()),
        })
    }

    /// How many events [`Archive::events`] would page through, counted up to `cap`.
    pub fn count_events(&self, q: &EventQuery, cap: usize) -> Result<usize> {
        let limit = limit_of(q.limit);
        self.read(|conn| match event_filter(conn, q, limit)? {
            Some(f) => Ok(count_events(conn, &f, cap as i64)?.max(0) as usize),
            None => Ok(0),
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
            if !q.actor_ids.is_empty() {
                let mut f = EventFilter::new(&[], since, until, q.include_duplicates);
                restrict_to_actors(&mut f, &q.actor_ids);
                return run_events(conn, &f, limit, 0);
            }
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
            text_members(conn, &mut f, text, limit)?;
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
