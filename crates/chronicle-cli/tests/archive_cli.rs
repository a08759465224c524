//! `chronicle ingest` and the query commands as a user runs them, including being
//! killed mid-ingest.

mod common;

use common::{count, reader, run};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

fn chronicle() -> Command {
    Command::new(env!("CARGO_BIN_EXE_chronicle"))
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

const PLACES: [&str; 8] = [
    "Seoul", "Tokyo", "Busan", "Osaka", "Incheon", "Nagoya", "Daegu", "Kobe",
];
const TOPICS: [&str; 6] = [
    "trade",
    "defence",
    "energy",
    "climate",
    "health",
    "fisheries",
];

/// A corpus of distinct made-up wire stories (ids given), one JSON object per line.
fn write_corpus(path: &Path, n: usize) {
    let mut out = String::new();
    for i in 0..n {
        let place = PLACES[i % PLACES.len()];
        let topic = TOPICS[(i / 8) % TOPICS.len()];
        let text = format!(
            "{place}, March {day} -- Officials from {place} said on Tuesday that talks on {topic} \
             would resume after a pause of {i} days, according to a statement released by the \
             city government. The delegation numbered {n_people} people and met at venue {i}. \
             Negotiators expect item {code} on the {topic} agenda to take another {weeks} weeks.",
            day = i % 28 + 1,
            n_people = i * 7 % 90 + 3,
            code = i * 31 % 997,
            weeks = i % 9 + 2,
        );
        let line = serde_json::json!({
            "id": format!("story-{i}"),
            "date": format!("2021-03-{:02}", i % 28 + 1),
            "title": format!("{place} {topic} talks, report {i}"),
            "text": text,
        });
        out.push_str(&line.to_string());
        out.push('\n');
    }
    std::fs::write(path, out).unwrap();
}

/// `chronicle ingest INPUT --db DB` with the text stage only (fast in debug builds).
fn ingest_text<'a>(input: &'a Path, db: &'a Path) -> Vec<&'a str> {
    vec![
        "ingest",
        input.to_str().unwrap(),
        "--db",
        db.to_str().unwrap(),
        "--stages",
        "text",
    ]
}

/// What a reader sees mid-ingest must be whole batches: every stored article has its
/// layers and its full-text row.
fn assert_consistent_snapshot(db: &Path) -> i64 {
    let conn = reader(db);
    let tx = conn.unchecked_transaction().unwrap();
    let articles: i64 = tx
        .query_row("SELECT count(*) FROM articles", [], |r| r.get(0))
        .unwrap();
    let layers: i64 = tx
        .query_row("SELECT count(*) FROM layers", [], |r| r.get(0))
        .unwrap();
    let fts: i64 = tx
        .query_row("SELECT count(*) FROM articles_fts_docsize", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!((articles, layers), (articles, articles));
    assert_eq!(fts, articles);
    articles
}

#[test]
fn killed_ingest_resumes_with_every_article_exactly_once() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("corpus.jsonl");
    let db = dir.path().join("archive.db");
    let n = 2000;
    write_corpus(&input, n);
    let mut child = chronicle()
        .args(ingest_text(&input, &db))
        .args(["--batch", "25"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let mut seen = Vec::new();
    let mut killed_mid_way = false;
    while started.elapsed() < Duration::from_secs(120) {
        if let Some(_status) = child.try_wait().unwrap() {
            break;
        }
        let has_schema = db.exists()
            && count(
                &db,
                "SELECT count(*) FROM sqlite_schema WHERE name = 'articles'",
            ) == 1;
        if has_schema {
            let stored = assert_consistent_snapshot(&db);
            seen.push(stored);
            if stored >= 100 {
                child.kill().unwrap(); // SIGKILL
                child.wait().unwrap();
                killed_mid_way = (stored as usize) < n;
                break;
            }
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    // Never leave the ingest running, whatever happened above.
    let _ = child.kill();
    let _ = child.wait();
    assert!(
        killed_mid_way,
        "the ingest finished before it could be killed; counts seen {seen:?}"
    );
    // Readers only ever saw whole batches, growing.
    assert!(
        seen.windows(2).all(|w| w[0] <= w[1]) && seen.iter().all(|c| c % 25 == 0),
        "{seen:?}"
    );
    let before = count(&db, "SELECT count(*) FROM articles");
    assert!(before > 0 && (before as usize) < n);

    let rerun = run(&ingest_text(&input, &db));
    assert!(rerun.status.success(), "{}", stderr(&rerun));
    assert!(
        stderr(&rerun).contains(&format!("skipped {before} already stored")),
        "{}",
        stderr(&rerun)
    );
    assert_eq!(count(&db, "SELECT count(*) FROM articles"), n as i64);
    assert_eq!(
        count(&db, "SELECT count(DISTINCT id) FROM articles"),
        n as i64
    );
    assert_consistent_snapshot(&db);
    let conn = rusqlite::Connection::open(&db).unwrap();
    let integrity: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(integrity, "ok");
    conn.execute(
        "INSERT INTO articles_fts(articles_fts) VALUES('integrity-check')",
        [],
    )
    .unwrap();
    // And once more: nothing new.
    let again = run(&ingest_text(&input, &db));
    assert!(
        stderr(&again).contains("ingested 0 new"),
        "{}",
        stderr(&again)
    );
}

fn seed_dir() -> PathBuf {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    root.join("examples")
}

#[test]
fn queries_print_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("corpus.jsonl");
    let db = dir.path().join("a.db");
    write_corpus(&input, 40);
    let db_s = db.to_str().unwrap();
    let ingest = run(&["ingest", input.to_str().unwrap(), "--db", db_s]);
    assert!(ingest.status.success(), "{}", stderr(&ingest));
    assert!(
        stderr(&ingest).contains("ingested 40 new article(s)"),
        "{}",
        stderr(&ingest)
    );

    let json = run(&[
        "search", "defence", "Busan", "--db", db_s, "--format", "json",
    ]);
    assert!(json.status.success(), "{}", stderr(&json));
    let hits: serde_json::Value = serde_json::from_str(&stdout(&json)).unwrap();
    let hits = hits.as_array().unwrap();
    assert!(!hits.is_empty());
    assert!(hits
        .iter()
        .all(|h| h["snippet"].as_str().unwrap().contains('[')));
    let csv = run(&[
        "search", "Busan", "--db", db_s, "--format", "csv", "--limit", "3",
    ]);
    let csv = stdout(&csv);
    assert!(csv.starts_with("id,title,date,"), "{csv}");
    assert_eq!(csv.lines().count(), 4);
    let jsonl = run(&[
        "search",
        "Busan",
        "--db",
        db_s,
        "--format",
        "jsonl",
        "--since",
        "2021-03-20",
    ]);
    for line in stdout(&jsonl).lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        assert!(v["date"].as_str().unwrap() >= "2021-03-20");
    }
    let table = run(&["search", "Busan", "--db", db_s]);
    assert!(stdout(&table).starts_with("id"), "{}", stdout(&table));

    let show = run(&["show", "story-3", "--db", db_s]);
    assert!(stdout(&show).contains("Osaka"), "{}", stdout(&show));
    let show_json = run(&["show", "story-3", "--db", db_s, "--format", "json"]);
    let record: serde_json::Value = serde_json::from_str(&stdout(&show_json)).unwrap();
    assert_eq!(record["article"]["id"], "story-3");
    assert!(!record["article"]["sentences"]
        .as_array()
        .unwrap()
        .is_empty());
    let missing = run(&["show", "nope", "--db", db_s]);
    assert!(!missing.status.success() && stderr(&missing).contains("no article"));

    let stats = run(&["stats", "--db", db_s, "--format", "json"]);
    let stats: serde_json::Value = serde_json::from_str(&stdout(&stats)).unwrap();
    assert_eq!(stats[0]["articles"], 40);
    for cmd in [&["events"][..], &["actors"], &["timeline", "KOR"]] {
        let mut args = cmd.to_vec();
        args.extend(["--db", db_s, "--format", "json"]);
        let out = run(&args);
        assert!(out.status.success(), "{cmd:?}: {}", stderr(&out));
        let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
        assert!(v.is_array());
    }
}

#[test]
fn bad_inputs_are_reported_and_the_rest_is_stored() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("mixed.jsonl");
    write_corpus(&input, 5);
    let mut text = std::fs::read_to_string(&input).unwrap();
    text.insert_str(
        text.find('\n').unwrap() + 1,
        "{\"id\": \"broken\", \"text\": \n",
    );
    std::fs::write(&input, text).unwrap();
    let db = dir.path().join("a.db");
    let out = run(&ingest_text(&input, &db));
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(err.contains("mixed.jsonl") && err.contains('2'), "{err}");
    assert!(err.contains("ingested 5 new"), "{err}");
    assert_eq!(count(&db, "SELECT count(*) FROM articles"), 5);
}

#[test]
fn an_unwritable_database_path_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("not-a-dir");
    std::fs::write(&file, "x").unwrap();
    let db = file.join("archive.db");
    let seeds = seed_dir();
    let out = run(&ingest_text(&seeds, &db));
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(
        err.contains("cannot open archive") && err.contains("is not a directory"),
        "{err}"
    );
    let out = run(&[
        "search",
        "x",
        "--db",
        dir.path().join("none.db").to_str().unwrap(),
    ]);
    assert!(stderr(&out).contains("no such archive"), "{}", stderr(&out));
}
