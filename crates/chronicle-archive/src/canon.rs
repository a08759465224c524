//! The canonical form of an archive: near-duplicates and merged events as if the articles
//! had arrived in one fixed order, whatever order they were ingested in.
//!
//! Ingest decides greedily, article by article: a copy points at the first copy stored,
//! a mention joins the best event stored so far. Both depend on arrival order. After an
//! ingest, [`Writer::canonicalize`] replays those same decisions (the same rules, the
//! same SQL for events) in the **canonical order** — by publication day, undated last,
//! then by id — so two ingests of the same articles in any order, or a distributed
//! backfill that replays each independent group of articles in that order, agree exactly.
//!
//! What can influence what: an article's original is found among articles sharing its
//! content hash or a MinHash LSH band; an event mention's event among events of its PLOVER
//! type sharing an actor code or its country prefix ([`blocking_keys`]). Articles linked by
//! none of these keys never affect each other, which is what lets a distributed job
//! replay each connected group on its own.

use std::collections::{BTreeSet, HashMap};

use chronicle::doc::Article;
use rusqlite::params;

use crate::error::{Error, Result};
use crate::minhash::{Signature, DUPLICATE_THRESHOLD};
use crate::store::{add_mentions, ArticleContext, Writer};

/// The canonical order key of an article: publication day (undated last), then id.
pub fn canonical_key(pub_day: Option<i64>, id: &str) -> (i64, String) {
    (pub_day.unwrap_or(i64::MAX), id.to_string())
}

/// Near-duplicates replayed in order: for each item (content hash, signature), the index
/// of its original among the earlier items and the similarity to the copy it matched —
/// the writer's rule (an exact copy of the first item with the same hash, else the most
/// similar earlier item sharing an LSH band at or above the threshold, the earliest on
/// ties; an original's original is followed).
pub fn assign_duplicates(items: &[(String, Option<Signature>)]) -> Vec<Option<(usize, f64)>> {
    let mut first_of_hash: HashMap<&str, usize> = HashMap::new();
    let mut buckets: HashMap<(usize, i64), Vec<usize>> = HashMap::new();
    let mut out: Vec<Option<(usize, f64)>> = Vec::with_capacity(items.len());
    for (i, (hash, signature)) in items.iter().enumerate() {
        let root = |j: usize, out: &[Option<(usize, f64)>]| out[j].map_or(j, |o| o.0);
        let found = if let Some(&j) = first_of_hash.get(hash.as_str()) {
            Some((root(j, &out), 1.0))
        } else if let Some(signature) = signature {
            let mut candidates = BTreeSet::new();
            for (band, key) in signature.band_keys().into_iter().enumerate() {
                if let Some(members) = buckets.get(&(band, key)) {
                    candidates.extend(members.iter().copied());
                }
            }
            let mut best: Option<(usize, f64)> = None;
            for j in candidates {
                let Some(other) = &items[j].1 else { continue };
                let sim = signature.similarity(other);
                if sim >= DUPLICATE_THRESHOLD && best.is_none_or(|(_, s)| sim > s) {
                    best = Some((root(j, &out), sim));
                }
            }
            best
        } else {
            None
        };
        out.push(found);
        first_of_hash.entry(hash.as_str()).or_insert(i);
        if let Some(signature) = signature {
            for (band, key) in signature.band_keys().into_iter().enumerate() {
                buckets.entry((band, key)).or_default().push(i);
            }
        }
    }
    out
}

/// The keys under which an article's events can meet another article's: `PLOVER|code` for
/// each actor code of each event and its three-letter prefix (what the writer's candidate
/// search looks up, widened to any day). Events whose date cannot merge (none, or longer
/// than a month: see `merge::date_mergeable`) have no keys: they never merge or link to a plan, and no
/// report ever merges into the event they start (its date never changes), so they cannot
/// affect another article.
pub fn blocking_keys(article: &Article) -> Vec<String> {
    let pub_day = article.day().map(|d| d.to_days());
    let mut keys = BTreeSet::new();
    for event in &article.events {
        if !crate::merge::date_mergeable(crate::store::event_interval(event, pub_day)) {
            continue;
        }
        let plover = event.plover.to_string();
        for refs in [&event.source, &event.target] {
            for code in crate::export::tables::side_codes(refs) {
                let prefix: String = code.chars().take(3).collect();
                keys.insert(format!("{plover}|{prefix}"));
            }
        }
    }
    keys.into_iter().collect()
}

/// What [`Writer::canonicalize`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CanonReport {
    pub articles: usize,
    pub duplicates: usize,
    pub mentions: usize,
    pub events: usize,
}

impl Writer {
    /// Rewrites near-duplicate links, event mentions and merged events (and the actors'
    /// counts of independent articles) as the canonical order decides them, in one
    /// transaction. Idempotent; ingest calls it after its last batch.
    pub fn canonicalize(&mut self) -> Result<CanonReport> {
        let tx = self
            .connection()
            .transaction()
            .map_err(Error::from_sqlite)?;
        let mut report = CanonReport::default();
        type Row = (
            i64,
            String,
            Option<i64>,
            String,
            Option<Vec<u8>>,
            Option<String>,
        );
        let mut rows: Vec<Row> = {
            let mut stmt = tx.prepare(
                "SELECT rowid, id, pub_day, content_hash, minhash, source FROM articles",
            )?;
            let rows = stmt.query_map([], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                ))
            })?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        rows.sort_by_cached_key(|r| canonical_key(r.2, &r.1));
        let items: Vec<(String, Option<Signature>)> = rows
            .iter_mut()
            .map(|r| {
                let sig = r.4.take().as_deref().and_then(Signature::from_bytes);
                (std::mem::take(&mut r.3), sig)
            })
            .collect();
        let originals = assign_duplicates(&items);
        {
            let mut update = tx.prepare_cached(
                "UPDATE articles SET duplicate_of = ?2, similarity = ?3 WHERE rowid = ?1",
            )?;
            for (row, original) in rows.iter().zip(&originals) {
                update.execute(params![
                    row.0,
                    original.map(|o| rows[o.0].0),
                    original.map(|o| o.1)
                ])?;
            }
        }
        report.articles = rows.len();
        report.duplicates = originals.iter().filter(|o| o.is_some()).count();
        // Readers' corrections name an event by rowid, which the replay renumbers: remember
        // each by its first mention (article, index) and point it at that mention's new event.
        tx.execute_batch(
            "DROP TABLE IF EXISTS temp.feedback_mentions;
             CREATE TEMP TABLE feedback_mentions AS
                 SELECT f.rowid AS feedback,
                        (SELECT m.article FROM mentions m WHERE m.event = f.event
                         ORDER BY m.article, m.idx LIMIT 1) AS article,
                        (SELECT m.idx FROM mentions m WHERE m.event = f.event
                         ORDER BY m.article, m.idx LIMIT 1) AS idx
                 FROM feedback f;
             DELETE FROM mentions; DELETE FROM event_actors; DELETE FROM actor_events;
             DELETE FROM events;",
        )?;
        for (row, original) in rows.iter().zip(&originals) {
            let layers: Option<(i64, Vec<u8>)> = tx
                .prepare_cached("SELECT format, data FROM layers WHERE article = ?1")?
                .query_row([row.0], |r| Ok((r.get(0)?, r.get(1)?)))
                .ok();
            let Some((format, data)) = layers else {
                continue;
            };
            let mut article = Article::default();
            crate::layers::decode(&mut article, format, &data)?;
            let context = ArticleContext {
                rowid: row.0,
                pub_day: row.2,
                duplicate: original.is_some(),
                source: row.5.as_deref(),
            };
            report.mentions += add_mentions(&tx, &context, &article)?.len();
        }
        report.events =
            tx.query_row("SELECT count(*) FROM events", [], |r| r.get::<_, i64>(0))? as usize;
        // Which stored actor each side of the renumbered events is, from the same layers.
        crate::actor_events::backfill(&tx)?;
        tx.execute_batch(
            "UPDATE feedback SET event = coalesce(
                 (SELECT m.event FROM temp.feedback_mentions k
                  JOIN mentions m ON m.article = k.article AND m.idx = k.idx
                  WHERE k.feedback = feedback.rowid),
                 event);
             DROP TABLE temp.feedback_mentions;",
        )?;
        tx.execute_batch(
            "UPDATE actors SET
                 articles = (SELECT count(*) FROM article_actors aa JOIN articles a
                             ON a.rowid = aa.article
                             WHERE aa.actor = actors.rowid AND a.duplicate_of IS NULL),
                 mentions = coalesce((SELECT sum(aa.mentions) FROM article_actors aa
                             JOIN articles a ON a.rowid = aa.article
                             WHERE aa.actor = actors.rowid AND a.duplicate_of IS NULL), 0);",
        )?;
        tx.commit().map_err(Error::from_sqlite)?;
        Ok(report)
    }
}

/// The canonical outcome for one self-contained group of articles (see the module docs).
#[derive(Debug, Clone, Default)]
pub struct Replay {
    /// Per article, in the order given: its original's id and the similarity, if a copy.
    pub duplicate_of: Vec<Option<(String, f64)>>,
    /// Per article, in the order given: the merged event of each of its event mentions.
    pub mention_events: Vec<Vec<i64>>,
    /// The merged events, by event day.
    pub events: Vec<crate::query::EventRow>,
}

/// What an archive holding just these `articles` would say after
/// [`Writer::canonicalize`], computed without one: the near-duplicates by
/// [`assign_duplicates`] over the articles in canonical order, then every event mention
/// through the writer's own `add_mentions` (the same SQL, so the same merges, plan links
/// and counts) in an in-memory database that holds only what that SQL reads — article rows
/// without text, events, their actor index and mentions. No full-text index, stored
/// layers, LSH table or actor tables, and no first, arrival-order pass for canonicalization
/// to undo: the backfill replays every article of a group once.
///
/// An id given twice is stored once, as the writer does (the first in the order given);
/// the later copy reports the first one's outcome. [`crate::query::EventRow::actors`] is
/// left empty (the scratch has no actor table; the backfill's tables do not read it).
pub fn replay(articles: &[Article]) -> Result<Replay> {
    use rayon::prelude::*;

    let mut first_of_id: HashMap<&str, usize> = HashMap::with_capacity(articles.len());
    let mut stored: Vec<usize> = Vec::with_capacity(articles.len());
    for (i, a) in articles.iter().enumerate() {
        if let std::collections::hash_map::Entry::Vacant(slot) = first_of_id.entry(a.id.as_str()) {
            slot.insert(i);
            stored.push(i);
        }
    }
    let pub_day = |i: usize| articles[i].day().map(|d| d.to_days());
    stored.sort_by_cached_key(|&i| canonical_key(pub_day(i), &articles[i].id));
    let items: Vec<(String, Option<Signature>)> = stored
        .par_iter()
        .map(|&i| {
            let text = &articles[i].text;
            (chronicle::read::content_id(text), Signature::of_text(text))
        })
        .collect();
    let originals = assign_duplicates(&items);

    let mut conn = rusqlite::Connection::open_in_memory().map_err(Error::from_sqlite)?;
    // A scratch that lives for one call: no journal, no syncs.
    conn.pragma_update(None, "journal_mode", "OFF")?;
    conn.pragma_update(None, "synchronous", "OFF")?;
    conn.set_prepared_statement_cache_capacity(64);
    crate::schema::migrate(&mut conn, std::path::Path::new(":memory:"))?;
    let tx = conn.transaction().map_err(Error::from_sqlite)?;
    // Rowids in canonical order (1, 2, ...): only their identity matters to the SQL.
    let rowid = |position: usize| position as i64 + 1;
    {
        let mut insert = tx.prepare(
            "INSERT INTO articles (rowid, id, content_hash, source, url, pub_day, text, bytes,
                 duplicate_of, similarity, ingested_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, '', 0, ?7, ?8, 0)",
        )?;
        for (position, (&i, original)) in stored.iter().zip(&originals).enumerate() {
            let a = &articles[i];
            insert.execute(params![
                rowid(position),
                a.id,
                items[position].0,
                a.source,
                a.url,
                pub_day(i),
                original.map(|o| rowid(o.0)),
                original.map(|o| o.1),
            ])?;
        }
    }
    let mut events_of: Vec<Vec<i64>> = vec![Vec::new(); articles.len()];
    for (position, (&i, original)) in stored.iter().zip(&originals).enumerate() {
        let article = &articles[i];
        let context = ArticleContext {
            rowid: rowid(position),
            pub_day: pub_day(i),
            duplicate: original.is_some(),
            source: article.source.as_deref(),
        };
        events_of[i] = add_mentions(&tx, &context, article)?
            .into_iter()
            .map(|(event, _)| event)
            .collect();
    }
    let mut events = Vec::new();
    crate::query::event_rows(&tx, true, |row| {
        events.push(row);
        Ok(())
    })?;
    drop(tx);

    let mut outcome_of: Vec<Option<(String, f64)>> = vec![None; articles.len()];
    for (&i, original) in stored.iter().zip(&originals) {
        outcome_of[i] = original.map(|(o, sim)| (articles[stored[o]].id.clone(), sim));
    }
    let mut duplicate_of = Vec::with_capacity(articles.len());
    let mut mention_events = Vec::with_capacity(articles.len());
    for (i, a) in articles.iter().enumerate() {
        let first = first_of_id.get(a.id.as_str()).copied().unwrap_or(i);
        duplicate_of.push(outcome_of[first].clone());
        // A repeated id: the stored copy's events by mention index, 0 where it has none.
        let stored_events = &events_of[first];
        mention_events.push(
            (0..a.events.len())
                .map(|idx| stored_events.get(idx).copied().unwrap_or(0))
                .collect(),
        );
    }
    Ok(Replay {
        duplicate_of,
        mention_events,
        events,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const STORY: &str = "Seoul and Washington agreed on Tuesday to hold their first joint \
        defence talks in three years next month, officials said, as the two allies seek to \
        narrow differences over the cost of stationing troops on the peninsula.";

    fn item(text: &str) -> (String, Option<Signature>) {
        (chronicle::read::content_id(text), Signature::of_text(text))
    }

    #[test]
    fn copies_point_at_the_first_in_order() {
        let edited = STORY.replace("officials said", "officials told reporters");
        let other = "Cocoa prices rose sharply in London after heavy rains delayed the \
            harvest in the main growing regions, traders said on Monday afternoon.";
        let items = vec![item(STORY), item(other), item(&edited), item(STORY)];
        let out = assign_duplicates(&items);
        assert_eq!(out[0], None);
        assert_eq!(out[1], None);
        assert!(matches!(out[2], Some((0, s)) if s >= DUPLICATE_THRESHOLD));
        assert_eq!(out[3], Some((0, 1.0)));
    }

    #[test]
    fn canonical_order_puts_undated_last() {
        assert!(canonical_key(Some(5), "b") < canonical_key(Some(5), "c"));
        assert!(canonical_key(Some(9), "z") < canonical_key(None, "a"));
    }
}
