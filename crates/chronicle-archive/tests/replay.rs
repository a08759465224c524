//! `canon::replay` (the backfill's in-memory replay of one group of articles) against what
//! a real archive says after ingest and `Writer::canonicalize`: the same near-duplicates,
//! the same merged event for every mention, the same merged events.

mod common;

use chronicle::doc::Article;
use chronicle_archive::canon::{self, Replay};
use chronicle_archive::{Archive, EventRow, Writer};
use common::*;

/// The outcome read from an archive that stores `articles` (in the order given) and is
/// then canonicalized: the reference the in-memory replay must reproduce.
fn through_archive(articles: &[Article]) -> Replay {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.db");
    let mut writer = Writer::open(&path).unwrap();
    writer.add_batch(articles).unwrap();
    writer.canonicalize().unwrap();
    let conn = writer.connection();
    let duplicate_of = articles
        .iter()
        .map(|a| {
            conn.query_row(
                "SELECT o.id, a.similarity FROM articles a JOIN articles o
                 ON o.rowid = a.duplicate_of WHERE a.id = ?1",
                [&a.id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .ok()
        })
        .collect();
    let mention_events = articles
        .iter()
        .map(|a| {
            let mut stmt = conn
                .prepare(
                    "SELECT m.event FROM mentions m JOIN articles a ON a.rowid = m.article
                     WHERE a.id = ?1 ORDER BY m.idx",
                )
                .unwrap();
            let events: Vec<i64> = stmt
                .query_map([&a.id], |r| r.get(0))
                .unwrap()
                .map(Result::unwrap)
                .collect();
            events
        })
        .collect();
    drop(writer);
    let mut events = Vec::new();
    Archive::open(&path)
        .unwrap()
        .for_each_event(true, |row| {
            events.push(row);
            Ok(())
        })
        .unwrap();
    Replay {
        duplicate_of,
        mention_events,
        events,
    }
}

/// Events without their stored actors (the replay's scratch has no actor table).
fn without_actors(events: &[EventRow]) -> Vec<EventRow> {
    events
        .iter()
        .cloned()
        .map(|mut e| {
            e.actors.clear();
            e
        })
        .collect()
}

fn assert_same(got: &Replay, expected: &Replay) {
    assert_eq!(got.duplicate_of, expected.duplicate_of);
    assert_eq!(got.mention_events, expected.mention_events);
    assert_eq!(
        without_actors(&got.events),
        without_actors(&expected.events)
    );
}

#[test]
fn replay_agrees_with_a_canonicalized_archive() {
    let articles = corpus();
    let expected = through_archive(&articles);
    // The corpus holds what the replay must get right: a copy, merged reports, a plan.
    assert!(expected.duplicate_of.iter().any(Option::is_some));
    assert!(expected.events.iter().any(|e| e.num_mentions > 1));
    assert!(expected.events.iter().any(|e| e.planned_event.is_some()));
    assert_same(&canon::replay(&articles).unwrap(), &expected);

    // Any input order: the same outcome, article by article.
    let mut reversed = articles.clone();
    reversed.reverse();
    let mut got = canon::replay(&reversed).unwrap();
    got.duplicate_of.reverse();
    got.mention_events.reverse();
    assert_same(&got, &expected);
}

#[test]
fn an_id_given_twice_is_replayed_once() {
    let articles = corpus();
    let mut twice = articles.clone();
    twice.push(articles[0].clone());
    let got = canon::replay(&twice).unwrap();
    let once = canon::replay(&articles).unwrap();
    assert_eq!(got.events, once.events);
    assert_eq!(got.duplicate_of.last(), once.duplicate_of.first());
    assert_eq!(got.mention_events.last(), once.mention_events.first());
    assert_eq!(
        got.mention_events[..articles.len()],
        once.mention_events[..]
    );
}
