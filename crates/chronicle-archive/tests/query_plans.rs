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

/// Every event of the archive, in the order queries return them.
fn all_events(archive: &Archive) -> Vec<EventRow> {
    archive
        .events(&EventQuery {
            limit: Some(100_000),
            ..Default::default()
        })
        .unwrap()
}

#[test]
fn every_event_drive_returns_what_brute_force_does() {
    let (_dir, archive, _) = archive();
    let all = all_events(&archive);
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
            // The smaller set drives; the other is tested on each full-text entry.
            (Some("USA"), Some("DEUMIL"), None, None),
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
            // Rowid order is ingest order: the pool is the newest matches passing the filters.
            let mut expected: Vec<(i64, String)> = conn
                .prepare(&sql.replace("SELECT a.id FROM", "SELECT a.rowid, a.id FROM"))
                .unwrap()
                .query_map([format!("\"{word}\"")], |r| Ok((r.get(0)?, r.get(1)?)))
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap();
            expected.sort_by_key(|e| std::cmp::Reverse(e.0));
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
            let newest: BTreeSet<String> = expected
                .into_iter()
                .take(chronicle_archive::query::FILTERED_CANDIDATES)
                .map(|(_, id)| id)
                .collect();
            assert_eq!(got, newest, "{word} {country:?} {actor:?} {since:?}");
        }
    }
}

/// Ids of the articles matching `fts` natively (FTS5 evaluating the query itself),
/// newest first, without near-duplicates.
fn native_matches(conn: &Connection, fts: &str) -> Vec<String> {
    conn.prepare(
        "SELECT a.id FROM articles_fts f JOIN articles a ON a.rowid = f.rowid
         WHERE articles_fts MATCH ?1 AND a.duplicate_of IS NULL ORDER BY f.rowid DESC",
    )
    .unwrap()
    .query_map([fts], |r| r.get(0))
    .unwrap()
    .collect::<Result<_, _>>()
    .unwrap()
}

#[test]
fn prefix_queries_match_and_highlight_what_fts5_prefixes_do() {
    let (_dir, archive, conn) = archive();
    let terms = |prefix: &str| -> i64 {
        conn.query_row(
            "SELECT count(DISTINCT term) FROM (SELECT term FROM articles_fts_v WHERE term >= ?1
             AND term < ?1 || '~')",
            [prefix],
            |r| r.get(0),
        )
        .unwrap_or(0)
    };
    conn.execute_batch(
        "CREATE VIRTUAL TABLE temp.articles_fts_v USING fts5vocab(main, articles_fts, row)",
    )
    .unwrap();
    // One term, several terms, a prefix inside a larger query, none at all.
    for (query, native, stems) in [
        ("gover*", "\"gover\"*", &["gover"][..]),
        ("ka*", "\"ka\"*", &["ka"]),
        ("summit OR lo*", "\"summit\" OR \"lo\"*", &["summit", "lo"]),
        (
            "the mi* NOT talks",
            "\"the\" \"mi\"* NOT \"talks\"",
            &["the", "mi"],
        ),
        ("zzqx*", "\"zzqx\"*", &["zzqx"]),
    ] {
        let expected = native_matches(&conn, native);
        let hits = archive
            .search(&SearchQuery {
                text: query.into(),
                limit: Some(100_000),
                ..Default::default()
            })
            .unwrap();
        let got: BTreeSet<&str> = hits.iter().map(|h| h.id.as_str()).collect();
        let newest: BTreeSet<&str> = expected
            .iter()
            .take(chronicle_archive::query::RANK_CANDIDATES)
            .map(String::as_str)
            .collect();
        assert_eq!(got, newest, "{query}");
        // Snippets highlight the words the query matched (FTS5's own fragment choice for
        // a prefix can differ: it counts every expanded term as a phrase of its own).
        let marks = |snippet: &str| -> Vec<String> {
            snippet
                .split('[')
                .skip(1)
                .filter_map(|s| s.split(']').next())
                .map(str::to_string)
                .collect()
        };
        for hit in hits.iter().take(20) {
            let own: String = conn
                .query_row(
                    "SELECT snippet(articles_fts, 1, '[', ']', '…', 16) FROM articles_fts
                     WHERE articles_fts MATCH ?1
                       AND rowid = (SELECT rowid FROM articles WHERE id = ?2)",
                    [native, hit.id.as_str()],
                    |r| r.get(0),
                )
                .unwrap();
            let marked = marks(&hit.snippet);
            // None when the words occur in the title only.
            assert_eq!(
                marked.is_empty(),
                marks(&own).is_empty(),
                "{query}: {}",
                hit.snippet
            );
            for word in marked {
                let word = word.to_lowercase();
                assert!(
                    stems.iter().any(|s| word.starts_with(s)),
                    "{query}: [{word}] in {}",
                    hit.snippet
                );
            }
        }
    }
    assert!(terms("ka") > 3, "ka* should expand to several terms");
}

#[test]
fn unfiltered_search_scores_are_fts5_bm25_when_frequencies_are_exact() {
    let (_dir, archive, conn) = archive();
    // Words in fewer articles than the frequency sample: counted exactly.
    for query in ["summit", "kaloren", "summit protest", "\"the summit\""] {
        let fts = chronicle_archive::query::fts_query(query);
        let mut stmt = conn
            .prepare(
                "SELECT a.id, -bm25(articles_fts, 5.0, 1.0) FROM articles_fts
                 JOIN articles a ON a.rowid = articles_fts.rowid
                 WHERE articles_fts MATCH ?1 AND a.duplicate_of IS NULL",
            )
            .unwrap();
        let expected: std::collections::BTreeMap<String, f64> = stmt
            .query_map([&fts], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert!(!expected.is_empty(), "{query} matches nothing");
        let hits = archive
            .search(&SearchQuery {
                text: query.into(),
                limit: Some(100_000),
                ..Default::default()
            })
            .unwrap();
        assert_eq!(hits.len(), expected.len(), "{query}");
        for h in &hits {
            let bm25 = expected[&h.id];
            assert!(
                (h.score - bm25).abs() < 1e-6 * bm25.abs().max(1.0),
                "{query} {}: {} vs {bm25}",
                h.id,
                h.score
            );
        }
    }
}

#[test]
fn filter_only_listing_reads_small_sets_and_walks_large_ones_alike() {
    let (_dir, archive, conn) = archive();
    for (country, actor, since, until) in [
        (Some("ITA"), None, None, None),
        (Some("USA"), None, None, None),
        (None, Some("DEUMIL"), None, None),
        (Some("ITA"), None, Some("2018-01-01"), Some("2018-12-31")),
        (Some("USA"), None, Some("2018-01-01"), Some("2018-12-31")),
        (None, None, Some("2018-02-01"), Some("2018-03-31")),
    ] {
        let mut sql = "SELECT a.id FROM articles a WHERE a.duplicate_of IS NULL".to_string();
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
        sql.push_str(" ORDER BY a.pub_day DESC, a.rowid DESC");
        let expected: Vec<String> = conn
            .prepare(&sql)
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert!(!expected.is_empty(), "{country:?} {actor:?} {since:?}");
        let q = SearchQuery {
            country: country.map(str::to_string),
            actors: actor.map(str::to_string).into_iter().collect(),
            since: since.map(str::to_string),
            until: until.map(str::to_string),
            ..Default::default()
        };
        for (limit, offset) in [(20, 0), (20, 20), (100_000, 0)] {
            let got: Vec<String> = archive
                .search(&SearchQuery {
                    limit: Some(limit),
                    offset,
                    ..q.clone()
                })
                .unwrap()
                .into_iter()
                .map(|h| h.id)
                .collect();
            let want: Vec<String> = expected.iter().skip(offset).take(limit).cloned().collect();
            assert_eq!(got, want, "{q:?} {limit} {offset}");
        }
    }
}

#[test]
fn text_timelines_by_either_plan_list_what_brute_force_does() {
    let (_dir, archive, conn) = archive();
    let all = all_events(&archive);
    // A word in nearly every article (dense members: the day index is walked, testing
    // membership) and rarer ones (the members are read and sorted).
    for word in ["the", "government", "summit", "kaloren"] {
        let newest: Vec<i64> = conn
            .prepare(&format!(
                "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?1
                 ORDER BY rowid DESC LIMIT {}",
                chronicle_archive::query::TIMELINE_ARTICLES
            ))
            .unwrap()
            .query_map([format!("\"{word}\"")], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let mut members = BTreeSet::new();
        let mut stmt = conn
            .prepare("SELECT event FROM mentions WHERE article = ?1 AND duplicate = 0")
            .unwrap();
        for article in newest {
            let events = stmt.query_map([article], |r| r.get::<_, i64>(0)).unwrap();
            members.extend(events.map(Result::unwrap));
        }
        for (since, until, limit) in [
            (None, None, None),
            (None, None, Some(7)),
            (Some("2017-01-01"), Some("2018-06-30"), None),
        ] {
            let expected: Vec<i64> = all
                .iter()
                .filter(|e| members.contains(&e.id))
                .filter(|e| since.is_none_or(|s| e.start.as_deref().is_some_and(|d| d >= s)))
                .filter(|e| until.is_none_or(|u| e.start.as_deref().is_some_and(|d| d <= u)))
                .map(|e| e.id)
                .take(limit.unwrap_or(500))
                .collect();
            assert!(!expected.is_empty(), "{word}: a useless case");
            let got = archive
                .timeline(&chronicle_archive::TimelineQuery {
                    subject: word.into(),
                    since: since.map(str::to_string),
                    until: until.map(str::to_string),
                    limit,
                    ..Default::default()
                })
                .unwrap();
            assert_eq!(ids(&got), expected, "{word} {since:?} {until:?} {limit:?}");
        }
    }
}
