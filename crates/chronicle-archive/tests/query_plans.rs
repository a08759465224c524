//! The query planner picks where to start reading (a rare actor, a country, a PLOVER
//! type, a small filter set, the full-text index). Whatever it picks, the answer must be
//! the one a plain filter over every row gives: checked here against brute force on a
//! synthetic archive, for combinations that send it down each path.

use std::collections::BTreeSet;

use chronicle_archive::rusqlite::{Connection, OpenFlags};
use chronicle_archive::{synth, Archive, EventQuery, EventRow, SearchQuery};

fn archive() -> (tempfile::TempDir, Archive, Connection) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("synth.db");
    synth::generate(&path, 3000, 3, |_| {}).unwrap();
    let archive = Archive::open(&path).unwrap();
    let conn = Connection::open_with_flags(&path, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    (dir, archive, conn)
}

/// `KOR` matches `KOR` and `KORGOV`, as the archive documents.
fn involves(e: &EventRow, code: &str) -> bool {
    e.source_codes
        .iter()
        .chain(&e.target_codes)
        .any(|c| c == code || (code.len() == 3 && c.starts_with(code)))
}

fn ids(rows: &[EventRow]) -> Vec<i64> {
    rows.iter().map(|e| e.id).collect()
}

#[test]
fn every_event_drive_returns_what_brute_force_does() {
    let (_dir, archive, _) = archive();
    let all = archive
        .events(&EventQuery {
            limit: Some(100_000),
            ..Default::default()
        })
        .unwrap();
    assert!(all.len() > 1500, "{}", all.len());
    assert!(all.windows(2).all(|w| w[0].start <= w[1].start));
    let cases = [
        // (actors, country, plover, modality, since, until)
        (vec!["USA"], None, None, None, None, None),
        (vec!["ITAMIL"], None, None, None, None, None),
        (vec!["USA", "CHN"], None, None, None, None, None),
        (vec!["USA"], None, Some("CONSULT"), None, None, None),
        (vec![], Some("DEU"), None, None, None, None),
        (
            vec![],
            Some("USA"),
            Some("AID"),
            None,
            Some("2016-01-01"),
            None,
        ),
        (vec!["RUSGOV"], Some("UKR"), None, None, None, None),
        (
            vec![],
            None,
            Some("ASSAULT"),
            None,
            Some("2017-03-01"),
            Some("2017-09-30"),
        ),
        (
            vec![],
            None,
            None,
            Some("planned"),
            Some("2020-01-01"),
            None,
        ),
        (
            vec![],
            None,
            None,
            None,
            Some("2019-05-01"),
            Some("2019-05-31"),
        ),
    ];
    for (actors, country, plover, modality, since, until) in cases {
        let q = EventQuery {
            actors: actors.iter().map(|a| a.to_string()).collect(),
            country: country.map(str::to_string),
            plover: plover.map(str::to_string),
            modality: modality.map(str::to_string),
            since: since.map(str::to_string),
            until: until.map(str::to_string),
            limit: Some(100_000),
            ..Default::default()
        };
        let expected: Vec<EventRow> = all
            .iter()
            .filter(|e| actors.iter().all(|a| involves(e, a)))
            .filter(|e| country.is_none_or(|c| e.country.as_deref() == Some(c) || involves(e, c)))
            .filter(|e| plover.is_none_or(|p| e.plover == p))
            .filter(|e| modality.is_none_or(|m| e.modality == m))
            .filter(|e| since.is_none_or(|s| e.start.as_deref().is_some_and(|d| d >= s)))
            .filter(|e| until.is_none_or(|u| e.start.as_deref().is_some_and(|d| d <= u)))
            .cloned()
            .collect();
        let got = archive.events(&q).unwrap();
        assert!(
            !expected.is_empty(),
            "{q:?} matches nothing: a useless case"
        );
        assert_eq!(ids(&got), ids(&expected), "{q:?}");
        // Pages of a merged (two-arm) or single-index read join up.
        let first = archive
            .events(&EventQuery {
                limit: Some(7),
                ..q.clone()
            })
            .unwrap();
        let second = archive
            .events(&EventQuery {
                limit: Some(7),
                offset: 7,
                ..q.clone()
            })
            .unwrap();
        let paged: Vec<i64> = ids(&first).into_iter().chain(ids(&second)).collect();
        let head: Vec<i64> = ids(&expected).into_iter().take(14).collect();
        assert_eq!(paged, head, "{q:?}");
    }
}

#[test]
fn filtered_search_finds_what_brute_force_does_by_either_path() {
    let (_dir, archive, conn) = archive();
    // A word in nearly every article (the planner reads the small filter set and probes
    // the full-text index) and rarer ones (it walks the matches and tests membership).
    for word in ["the", "government", "summit", "kaloren"] {
        for (country, actor, since, until) in [
            (Some("ITA"), None, None, None),
            (Some("USA"), None, None, None),
            (None, Some("DEUMIL"), None, None),
            (None, None, Some("2018-02-01"), Some("2018-03-31")),
            (Some("FRA"), None, Some("2016-01-01"), Some("2019-12-31")),
        ] {
            let mut sql = "SELECT a.id FROM articles a WHERE a.duplicate_of IS NULL
                 AND a.rowid IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?1)"
                .to_string();
            if let Some(c) = country {
                sql.push_str(&format!(
                    " AND EXISTS (SELECT 1 FROM article_actors aa JOIN actors ac ON ac.rowid = aa.actor
                       WHERE aa.article = a.rowid AND ac.country = '{c}')"
                ));
            }
            if let Some(code) = actor {
                sql.push_str(&format!(
                    " AND EXISTS (SELECT 1 FROM article_actors aa JOIN actors ac ON ac.rowid = aa.actor
                       WHERE aa.article = a.rowid AND ac.code = '{code}')"
                ));
            }
            if let (Some(s), Some(u)) = (since, until) {
                sql.push_str(&format!(" AND a.pub_date BETWEEN '{s}' AND '{u}'"));
            }
            let expected: BTreeSet<String> = conn
                .prepare(&sql)
                .unwrap()
                .query_map([format!("\"{word}\"")], |r| r.get(0))
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap();
            let hits = archive
                .search(&SearchQuery {
                    text: word.into(),
                    country: country.map(str::to_string),
                    actors: actor.map(str::to_string).into_iter().collect(),
                    since: since.map(str::to_string),
                    until: until.map(str::to_string),
                    limit: Some(5000),
                    ..Default::default()
                })
                .unwrap();
            assert!(hits.windows(2).all(|w| w[0].score >= w[1].score));
            let got: BTreeSet<String> = hits.into_iter().map(|h| h.id).collect();
            if expected.len() <= chronicle_archive::query::FILTERED_CANDIDATES {
                assert_eq!(got, expected, "{word} {country:?} {actor:?} {since:?}");
            } else {
                assert_eq!(got.len(), chronicle_archive::query::FILTERED_CANDIDATES);
                assert!(got.is_subset(&expected), "{word} {country:?} {actor:?}");
            }
        }
    }
}
