//! The archive end to end on constructed articles: storing, duplicates, merged events,
//! queries.

mod common;

use chronicle_archive::{
    ActorQuery, Archive, CountsQuery, EventQuery, Interval, NetworkQuery, SearchQuery,
    TimelineQuery, Writer,
};
use common::*;

fn archive_with_corpus() -> (tempfile::TempDir, Archive) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("test.db");
    let mut writer = Writer::open(&path).unwrap();
    let corpus = corpus();
    // Two batches, to merge across transactions as well as within one.
    writer.add_batch(&corpus[..2]).unwrap();
    writer.add_batch(&corpus[2..]).unwrap();
    (dir, Archive::open(&path).unwrap())
}

#[test]
fn the_same_article_twice_is_one_row() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.db");
    let mut writer = Writer::open(&path).unwrap();
    let corpus = corpus();
    let first = writer.add_batch(&corpus).unwrap();
    assert_eq!(first.added, corpus.len());
    let again = writer.add_batch(&corpus).unwrap();
    assert_eq!((again.added, again.skipped), (0, corpus.len()));
    drop(writer);
    // Reopening (a new process) finds the same rows.
    let mut writer = Writer::open(&path).unwrap();
    assert_eq!(writer.add_batch(&corpus[..1]).unwrap().skipped, 1);
    let stats = Archive::open(&path).unwrap().stats().unwrap();
    assert_eq!(stats.articles, corpus.len() as i64);
    assert_eq!(stats.mentions, 7);
}

#[test]
fn a_lightly_edited_copy_is_linked_to_the_first_and_counted_once() {
    let (_dir, archive) = archive_with_corpus();
    let copy = archive.article("plan-1-copy").unwrap().unwrap();
    assert_eq!(copy.duplicate_of.as_deref(), Some("plan-1"));
    assert!(copy.similarity.unwrap() >= 0.7);
    let original = archive.article("plan-1").unwrap().unwrap();
    assert_eq!(original.duplicates, vec!["plan-1-copy".to_string()]);

    let hits = archive
        .search(&SearchQuery {
            text: "alliance mid-March".into(),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(
        hits.iter().map(|h| h.id.as_str()).collect::<Vec<_>>(),
        vec!["plan-1"]
    );
    let all = archive
        .search(&SearchQuery {
            text: "alliance mid-March".into(),
            include_duplicates: true,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(
        all.iter()
            .find(|h| h.id == "plan-1-copy")
            .unwrap()
            .duplicate_of
            .as_deref(),
        Some("plan-1")
    );
    let stats = archive.stats().unwrap();
    assert_eq!((stats.duplicates, stats.stories), (1, 5));
}

#[test]
fn reports_of_one_meeting_merge_and_the_plan_links_to_it() {
    let (_dir, archive) = archive_with_corpus();
    let consult = archive
        .events(&EventQuery {
            plover: Some("CONSULT".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(consult.len(), 2, "{consult:#?}");
    let planned = consult.iter().find(|e| e.planned).unwrap();
    let held = consult.iter().find(|e| !e.planned).unwrap();
    // Three planned reports: two independent ones and a near-copy.
    assert_eq!(
        (
            planned.num_mentions,
            planned.num_articles,
            planned.num_independent
        ),
        (3, 3, 2)
    );
    assert_eq!(planned.first_report.as_deref(), Some("2021-03-05"));
    assert_eq!(planned.last_report.as_deref(), Some("2021-03-06"));
    // Two independent reports of the held talks; the more precise date wins.
    assert_eq!((held.num_articles, held.num_independent), (2, 2));
    assert_eq!(held.date.as_deref(), Some("2021-03-17"));
    assert_eq!(held.first_report.as_deref(), Some("2021-03-17"));
    assert_eq!(held.last_report.as_deref(), Some("2021-03-18"));
    assert!(
        held.confidence > 0.7,
        "two reports at 0.7 should beat one: {}",
        held.confidence
    );
    assert_eq!(held.planned_event, Some(planned.id));
    assert_eq!(planned.realized_by, Some(held.id));
    assert_eq!(held.country.as_deref(), Some("KOR"));

    let mentions = archive.mentions(held.id).unwrap();
    assert_eq!(
        mentions
            .iter()
            .map(|m| m.article.as_str())
            .collect::<Vec<_>>(),
        vec!["held-1", "held-2"]
    );
    assert!(mentions.iter().all(|m| !m.sentence.is_empty()));
}

#[test]
fn event_filters_match_actor_refinements_and_all_actors() {
    let (_dir, archive) = archive_with_corpus();
    let q = |actors: &[&str]| EventQuery {
        actors: actors.iter().map(|s| s.to_string()).collect(),
        ..Default::default()
    };
    let kor = archive.events(&q(&["KOR"])).unwrap();
    assert_eq!(kor.len(), 3); // planned talks, held talks, agreement
    let days: Vec<_> = kor.iter().map(|e| e.start.clone().unwrap()).collect();
    let mut sorted = days.clone();
    sorted.sort();
    assert_eq!(days, sorted);
    assert_eq!(archive.events(&q(&["USA", "JPN"])).unwrap().len(), 1);
    assert_eq!(archive.events(&q(&["KORGOV", "USA"])).unwrap().len(), 3);
    assert_eq!(archive.events(&q(&["PRK"])).unwrap().len(), 0);
    let planned = archive
        .events(&EventQuery {
            modality: Some("planned".into()),
            ..q(&["USA"])
        })
        .unwrap();
    assert_eq!(planned.len(), 1);
    let since = archive
        .events(&EventQuery {
            since: Some("2021-03-10".into()),
            ..q(&["USA"])
        })
        .unwrap();
    assert!(since
        .iter()
        .all(|e| e.start.as_deref() >= Some("2021-03-10")));
    let cameo = archive
        .events(&EventQuery {
            cameo: Some("05".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(cameo.len(), 1);
    assert!(archive
        .events(&EventQuery {
            since: Some("soon".into()),
            ..Default::default()
        })
        .is_err());
}

#[test]
fn timeline_orders_by_when_events_happen() {
    let (_dir, archive) = archive_with_corpus();
    let timeline = archive
        .timeline(&TimelineQuery {
            subject: "USA".into(),
            ..Default::default()
        })
        .unwrap();
    let dates: Vec<_> = timeline.iter().map(|e| e.start.clone().unwrap()).collect();
    // The Japan accord (reported last-but-one) happened first; the plan covers March.
    assert_eq!(
        dates,
        vec!["2021-03-01", "2021-03-01", "2021-03-17", "2021-03-17"]
    );
    assert_eq!(timeline.iter().filter(|e| e.planned).count(), 1);
    // A text subject: events reported by matching articles.
    let by_text = archive
        .timeline(&TimelineQuery {
            subject: "wartime command".into(),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(by_text.len(), 2);
}

#[test]
fn search_filters_by_date_actor_country_and_event_type() {
    let (_dir, archive) = archive_with_corpus();
    let ids = |q: SearchQuery| -> Vec<String> {
        let mut v: Vec<String> = archive
            .search(&q)
            .unwrap()
            .into_iter()
            .map(|h| h.id)
            .collect();
        v.sort();
        v
    };
    let base = || SearchQuery {
        text: "Washington".into(),
        ..Default::default()
    };
    assert_eq!(
        ids(SearchQuery {
            since: Some("2021-03-10".into()),
            ..base()
        }),
        vec!["held-1"]
    );
    assert_eq!(
        ids(SearchQuery {
            actors: vec!["JPN".into()],
            ..base()
        }),
        vec!["japan-1"]
    );
    assert_eq!(
        ids(SearchQuery {
            country: Some("jpn".into()),
            ..base()
        }),
        vec!["japan-1"]
    );
    assert_eq!(
        ids(SearchQuery {
            plover: Some("agree".into()),
            ..base()
        }),
        vec!["held-1", "japan-1"]
    );
    assert_eq!(
        ids(SearchQuery {
            cameo: Some("057".into()),
            ..base()
        }),
        vec!["japan-1"]
    );
    let hits = archive
        .search(&SearchQuery {
            text: "tariffs".into(),
            ..Default::default()
        })
        .unwrap();
    assert!(hits[0].snippet.contains("[tariffs]"), "{}", hits[0].snippet);
    assert!(hits[0].score > 0.0);
    // Syntax in user input is not an error.
    assert!(archive
        .search(&SearchQuery {
            text: "\"unclosed AND (".into(),
            ..Default::default()
        })
        .is_ok());
    // No text: newest first.
    let all = archive.search(&SearchQuery::default()).unwrap();
    assert_eq!(all.first().map(|h| h.id.as_str()), Some("held-2"));
}

#[test]
fn actors_network_and_counts() {
    let (_dir, archive) = archive_with_corpus();
    let actors = archive.actors(&ActorQuery::default()).unwrap();
    let seoul = actors
        .iter()
        .find(|a| a.code.as_deref() == Some("KORGOV"))
        .unwrap();
    assert_eq!(seoul.articles, 3); // plan-1, plan-2, held-1 (the copy is not counted)
    let kor = archive
        .actors(&ActorQuery {
            country: Some("KOR".into()),
            ..Default::default()
        })
        .unwrap();
    assert!(kor.iter().all(|a| a.country.as_deref() == Some("KOR")) && kor.len() == 2);

    let edges = archive.network(&NetworkQuery::default()).unwrap();
    let usa_kor = edges
        .iter()
        .find(|e| e.source == "USAGOV" && e.target == "KORGOV")
        .unwrap();
    assert!(usa_kor.events >= 1);
    let japan = edges.iter().find(|e| e.source == "JPNGOV").unwrap();
    assert_eq!(japan.by_quad, [1, 0, 0, 0]);
    assert!(japan.mean_goldstein.unwrap() > 0.0);

    let counts = archive
        .counts_over_time(&CountsQuery {
            interval: Interval::Month,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(counts.len(), 1);
    assert_eq!(
        (
            counts[0].period.as_str(),
            counts[0].quad_class,
            counts[0].events
        ),
        ("2021-03", 1, 4)
    );

    // The time axis: consecutive days from the first event to the last, every row on it.
    let axis = archive
        .counts(&CountsQuery {
            interval: Interval::Day,
            ..Default::default()
        })
        .unwrap();
    assert!(!axis.periods.is_empty());
    let days: Vec<i64> = axis
        .periods
        .iter()
        .map(|p| {
            chronicle::date::Date::parse_iso(&p.start)
                .unwrap()
                .to_days()
        })
        .collect();
    assert!(
        days.windows(2).all(|w| w[1] == w[0] + 1),
        "{:?}",
        axis.periods
    );
    assert!(axis
        .rows
        .iter()
        .all(|r| axis.periods.iter().any(|p| p.period == r.period)));
    let dated: i64 = axis.rows.iter().map(|r| r.events).sum();
    let undated: i64 = axis.undated.iter().map(|u| u.events).sum();
    assert_eq!(dated, 4);
    // Auto resolves to a real interval.
    let auto = archive
        .counts(&CountsQuery {
            interval: Interval::Auto,
            ..Default::default()
        })
        .unwrap();
    assert_ne!(auto.interval, Interval::Auto);

    // Places: every matching event is at a place or counted as unplaced.
    let all = archive
        .events(&EventQuery {
            limit: Some(1000),
            ..Default::default()
        })
        .unwrap();
    let places = archive.places(&EventQuery::default()).unwrap();
    let placed: i64 = places.places.iter().map(|p| p.events).sum();
    assert_eq!(placed + places.unplaced, all.len() as i64);
    assert!(dated + undated <= all.len() as i64);
}

#[test]
fn show_returns_the_article_with_its_layers() {
    let (_dir, archive) = archive_with_corpus();
    let record = archive.article("held-1").unwrap().unwrap();
    let original = &corpus()[3];
    assert_eq!(record.article.text, original.text);
    assert_eq!(record.article.events, original.events);
    assert_eq!(record.article.actors, original.actors);
    assert_eq!(record.article.sentences, original.sentences);
    assert_eq!(record.article.date, original.date);
    assert_eq!(record.events.len(), 2);
    assert!(archive.article("nope").unwrap().is_none());
}

#[test]
fn readers_are_shareable_across_threads() {
    let (_dir, archive) = archive_with_corpus();
    let archive = std::sync::Arc::new(archive);
    let handles: Vec<_> = (0..4)
        .map(|_| {
            let a = archive.clone();
            std::thread::spawn(move || a.stats().unwrap().articles)
        })
        .collect();
    for h in handles {
        assert_eq!(h.join().unwrap(), 6);
    }
}

#[test]
fn unwritable_paths_are_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("plain-file");
    std::fs::write(&file, "x").unwrap();
    let err = Writer::open(file.join("archive.db"))
        .err()
        .unwrap()
        .to_string();
    assert!(err.contains("is not a directory"), "{err}");
    let err = Writer::open(dir.path().join("missing/archive.db"))
        .err()
        .unwrap()
        .to_string();
    assert!(err.contains("does not exist"), "{err}");
    let err = Writer::open(dir.path()).err().unwrap().to_string();
    assert!(err.contains("is a directory"), "{err}");
    let err = Archive::open(dir.path().join("none.db"))
        .err()
        .unwrap()
        .to_string();
    assert!(err.contains("no such archive"), "{err}");
}
