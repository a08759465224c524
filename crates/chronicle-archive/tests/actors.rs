//! Actor pages, name resolution, text-filtered events, totals and readers' corrections on
//! constructed articles.

mod common;

use chronicle_archive::export::{export, ExportFormat};
use chronicle_archive::{ActorQuery, Archive, EventQuery, Feedback, Writer};
use common::*;

fn archive_with_corpus() -> (tempfile::TempDir, std::path::PathBuf, Archive) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("test.db");
    let mut writer = Writer::open(&path).unwrap();
    writer.add_batch(&corpus()).unwrap();
    drop(writer);
    let archive = Archive::open(&path).unwrap();
    (dir, path, archive)
}

fn actor_id(archive: &Archive, name: &str) -> i64 {
    let rows = archive
        .actors(&ActorQuery {
            q: Some(name.into()),
            ..Default::default()
        })
        .unwrap();
    rows.first().unwrap_or_else(|| panic!("no actor {name}")).id
}

#[test]
fn names_resolve_with_exact_matches_first() {
    let (_dir, _path, archive) = archive_with_corpus();
    let rows = archive
        .actors(&ActorQuery {
            q: Some("seoul".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(rows[0].name, "Seoul");
    assert_eq!(rows[0].code.as_deref(), Some("KORGOV"));
    // A code finds the actors that have it.
    let rows = archive
        .actors(&ActorQuery {
            q: Some("jpngov".into()),
            ..Default::default()
        })
        .unwrap();
    assert!(rows.iter().all(|r| r.code.as_deref() == Some("JPNGOV")));
    assert!(!rows.is_empty());
    let none = archive
        .actors(&ActorQuery {
            q: Some("Atlantis".into()),
            ..Default::default()
        })
        .unwrap();
    assert!(none.is_empty());
}

#[test]
fn an_actor_has_its_own_events_counterparts_and_articles() {
    let (_dir, _path, archive) = archive_with_corpus();
    let seoul = actor_id(&archive, "Seoul");
    let detail = archive.actor_detail(seoul).unwrap().expect("Seoul's page");
    assert_eq!(detail.actor.name, "Seoul");
    assert!(detail.events > 0);
    assert_eq!(
        detail.events,
        detail
            .by_month
            .iter()
            .map(|m| m.by_quad.iter().sum::<i64>())
            .sum::<i64>()
            + detail.undated
    );
    let washington = detail
        .counterparts
        .iter()
        .find(|c| c.name == "Washington")
        .expect("Washington is a counterpart");
    assert!(
        washington
            .acts_on
            .iter()
            .chain(&washington.acted_on_by)
            .sum::<i64>()
            > 0
    );
    assert!(!detail.articles.is_empty());
    // Its events by id equal the events of the page's count.
    let events = archive
        .events(&EventQuery {
            actor_ids: vec![seoul],
            limit: Some(100),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(events.len() as i64, detail.events);
    let total = archive
        .count_events(
            &EventQuery {
                actor_ids: vec![seoul],
                ..Default::default()
            },
            1000,
        )
        .unwrap();
    assert_eq!(total as i64, detail.events);
    assert!(archive.actor_detail(999_999).unwrap().is_none());
}

#[test]
fn events_follow_the_text_query_and_totals_count_every_page() {
    let (_dir, _path, archive) = archive_with_corpus();
    let all = archive
        .events(&EventQuery {
            limit: Some(1000),
            ..Default::default()
        })
        .unwrap();
    let total = archive
        .count_events(&EventQuery::default(), 10_000)
        .unwrap();
    assert_eq!(total, all.len());
    let tariffs = archive
        .events(&EventQuery {
            text: "tariffs".into(),
            limit: Some(1000),
            ..Default::default()
        })
        .unwrap();
    assert!(!tariffs.is_empty());
    assert!(
        tariffs.len() < all.len(),
        "the text query narrows the events"
    );
    assert!(tariffs.iter().all(|e| e
        .source_codes
        .iter()
        .chain(&e.target_codes)
        .any(|c| c == "JPNGOV")));
    let counted = archive
        .count_events(
            &EventQuery {
                text: "tariffs".into(),
                ..Default::default()
            },
            10_000,
        )
        .unwrap();
    assert_eq!(counted, tariffs.len());
    let nothing = archive
        .events(&EventQuery {
            text: "zeppelin".into(),
            ..Default::default()
        })
        .unwrap();
    assert!(nothing.is_empty());
}

#[test]
fn flagged_codings_are_stored_and_exported() {
    let (_dir, path, archive) = archive_with_corpus();
    let event = archive.events(&EventQuery::default()).unwrap()[0].id;
    let mut writer = Writer::open(&path).unwrap();
    let id = writer
        .add_feedback(&Feedback {
            event,
            field: "type".into(),
            correction: "AGREE".into(),
            note: "they signed, not met".into(),
        })
        .unwrap();
    assert!(id > 0);
    assert!(writer
        .add_feedback(&Feedback {
            event,
            field: "colour".into(),
            ..Default::default()
        })
        .is_err());
    assert!(writer
        .add_feedback(&Feedback {
            event: 999_999,
            field: "type".into(),
            ..Default::default()
        })
        .is_err());
    drop(writer);
    let mut out = Vec::new();
    let report = export(&archive, ExportFormat::Feedback, false, &mut out).unwrap();
    assert_eq!(report.rows, 1);
    let line: serde_json::Value = serde_json::from_slice(out.trim_ascii_end()).unwrap();
    assert_eq!(line["field"], "type");
    assert_eq!(line["correction"], "AGREE");
    assert_eq!(line["event"]["id"], event);
    assert!(!line["mentions"].as_array().unwrap().is_empty());
}

#[test]
fn an_archive_from_before_actor_pages_is_filled_from_its_layers() {
    let (_dir, path, archive) = archive_with_corpus();
    let seoul = actor_id(&archive, "Seoul");
    let before = archive.actor_detail(seoul).unwrap().unwrap().events;
    drop(archive);
    // Undo version 5 as an older build would have left the file.
    let conn = chronicle_archive::rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch("DROP TABLE actor_events; DROP TABLE feedback; PRAGMA user_version = 4;")
        .unwrap();
    drop(conn);
    let archive = Archive::open(&path).unwrap();
    assert_eq!(archive.actor_detail(seoul).unwrap().unwrap().events, before);
}

#[test]
fn canonical_order_keeps_actor_events_and_corrections_on_their_events() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("test.db");
    let mut writer = Writer::open(&path).unwrap();
    // Stored newest first, so the canonical replay (publication day, then id) renumbers events.
    let mut articles = corpus();
    articles.reverse();
    writer.add_batch(&articles).unwrap();
    let archive = Archive::open(&path).unwrap();
    let seoul = actor_id(&archive, "Seoul");
    let before = archive.actor_detail(seoul).unwrap().unwrap();
    let flagged = archive
        .events(&EventQuery::default())
        .unwrap()
        .pop()
        .unwrap();
    let mentions_of = |archive: &Archive, event: i64| -> Vec<(String, String)> {
        let mut m: Vec<(String, String)> = archive
            .mentions(event)
            .unwrap()
            .into_iter()
            .map(|m| (m.article, m.sentence))
            .collect();
        m.sort();
        m
    };
    let flagged_mentions = mentions_of(&archive, flagged.id);
    writer
        .add_feedback(&Feedback {
            event: flagged.id,
            field: "type".into(),
            correction: "AGREE".into(),
            note: String::new(),
        })
        .unwrap();
    writer.canonicalize().unwrap();
    drop(writer);
    let archive = Archive::open(&path).unwrap();
    let after = archive.actor_detail(seoul).unwrap().unwrap();
    assert_eq!(after.events, before.events);
    assert_eq!(after.as_source, before.as_source);
    assert_eq!(after.counterparts.len(), before.counterparts.len());
    let feedback = archive.feedback().unwrap();
    assert_eq!(feedback.len(), 1);
    assert_eq!(feedback[0].event.cameo, flagged.cameo);
    assert_eq!(
        mentions_of(&archive, feedback[0].event.id),
        flagged_mentions
    );
}
