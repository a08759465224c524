//! Faults (issue #17), each asserting that nothing is lost or doubled: the disk filling up
//! during an ingest, corrupted and truncated archives, a server over an archive being
//! ingested into, and SIGTERM under load. (kill -9 during an ingest: `archive_cli.rs`.)
//! No assertion depends on how fast the machine is.

mod common;

use common::{count, run};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_chronicle")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Distinct made-up stories, one JSON object per line, with ids.
fn write_corpus(path: &Path, n: usize) {
    let mut out = String::new();
    for i in 0..n {
        let line = serde_json::json!({
            "id": format!("story-{i}"),
            "date": format!("2021-03-{:02}", i % 28 + 1),
            "title": format!("Harbour talks, report {i}"),
            "text": format!(
                "Officials said on Tuesday that talks on item {i} would resume after a pause of \
                 {} days. The delegation numbered {} people and met at venue {}, according to \
                 a statement numbered {}.",
                i % 17 + 2, i * 7 % 90 + 3, i * 13 % 101, i * 31 % 997
            ),
        });
        out.push_str(&line.to_string());
        out.push('\n');
    }
    std::fs::write(path, out).unwrap();
}

fn ingest_args<'a>(input: &'a str, db: &'a str) -> Vec<&'a str> {
    vec![
        "ingest", input, "--db", db, "--stages", "text", "--batch", "20",
    ]
}

#[test]
fn a_full_disk_during_ingest_is_a_clear_error_and_a_rerun_completes() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("corpus.jsonl");
    let db = dir.path().join("archive.db");
    let n = 600;
    write_corpus(&input, n);
    let (input_s, db_s) = (input.to_str().unwrap(), db.to_str().unwrap());
    // A file-size limit stands in for a full disk: writes past it fail with EFBIG (SIGXFSZ
    // is ignored, and an ignored signal stays ignored across exec).
    let limited = format!(
        "trap '' XFSZ; ulimit -f 800; exec \"$0\" {}",
        ingest_args(input_s, db_s).join(" ")
    );
    let out = Command::new("sh")
        .args(["-c", &limited, bin()])
        .output()
        .unwrap();
    let err = text(&out.stderr);
    assert!(!out.status.success(), "the limit was never reached: {err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(
        err.contains("disk full") || err.contains("too large") || err.contains("write"),
        "unclear error: {err}"
    );
    let stored = count(&db, "SELECT count(*) FROM articles");
    assert!((stored as usize) < n, "{stored}");
    // The archive still opens and answers, and a rerun stores each article exactly once.
    let stats = run(&["stats", "--db", db_s]);
    assert!(stats.status.success(), "{}", text(&stats.stderr));
    let rerun = run(&ingest_args(input_s, db_s));
    assert!(rerun.status.success(), "{}", text(&rerun.stderr));
    assert_eq!(count(&db, "SELECT count(*) FROM articles"), n as i64);
    assert_eq!(
        count(&db, "SELECT count(DISTINCT id) FROM articles"),
        n as i64
    );
    assert_eq!(
        count(&db, "SELECT count(*) FROM articles_fts_docsize"),
        n as i64
    );
}

/// A small good archive at `dir/good.db`.
fn good_archive(dir: &Path) -> std::path::PathBuf {
    let input = dir.join("corpus.jsonl");
    let db = dir.join("good.db");
    write_corpus(&input, 60);
    let out = run(&ingest_args(input.to_str().unwrap(), db.to_str().unwrap()));
    assert!(out.status.success(), "{}", text(&out.stderr));
    // Fold the WAL in, so the main file is the whole archive.
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
        .unwrap();
    db
}

#[test]
fn corrupted_and_truncated_archives_are_clear_errors_not_panics() {
    let dir = tempfile::tempdir().unwrap();
    let good = good_archive(dir.path());
    let bytes = std::fs::read(&good).unwrap();
    let mut cases: Vec<(&str, Vec<u8>)> = vec![
        ("truncated", bytes[..bytes.len() / 2].to_vec()),
        ("header", {
            let mut b = bytes.clone();
            b[..100].fill(0x5a);
            b
        }),
        ("pages", {
            let mut b = bytes.clone();
            let start = b.len() / 3;
            for (i, x) in b[start..start + 8192].iter_mut().enumerate() {
                *x = (i * 131 % 251) as u8;
            }
            b
        }),
        ("empty", Vec::new()),
        ("text", b"not a database at all\n".repeat(100)),
    ];
    for (name, data) in cases.drain(..) {
        let db = dir.path().join(format!("{name}.db"));
        std::fs::write(&db, &data).unwrap();
        let db_s = db.to_str().unwrap();
        for args in [
            vec!["stats", "--db", db_s],
            vec!["search", "talks", "--db", db_s],
            vec!["events", "--db", db_s],
        ] {
            let out = run(&args);
            let err = text(&out.stderr);
            assert!(!err.contains("panicked"), "{name} {args:?}: {err}");
            if !out.status.success() {
                assert!(err.contains("error"), "{name} {args:?}: {err}");
            }
        }
    }
}

/// One raw HTTP GET; the status and body.
fn get(addr: SocketAddr, path: &str) -> Option<(u16, String)> {
    let mut s = TcpStream::connect_timeout(&addr, Duration::from_secs(5)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(60))).ok()?;
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    let mut out = String::new();
    s.read_to_string(&mut out).ok()?;
    let status = out.split_whitespace().nth(1)?.parse().ok()?;
    let body = out.split_once("\r\n\r\n").map(|(_, b)| b.to_string())?;
    Some((status, body))
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// `chronicle serve` on a free loopback port, once it answers.
#[allow(clippy::zombie_processes)] // returned to the caller, which stops it
fn serve(db: &Path, extra: &[&str]) -> (Child, SocketAddr) {
    let port = free_port();
    let addr: SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
    let addr_s = addr.to_string();
    let mut args = vec!["serve", "--db", db.to_str().unwrap(), "--addr", &addr_s];
    args.extend_from_slice(extra);
    let mut child = Command::new(bin())
        .args(&args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(120) {
        if get(addr, "/api/health").is_some() {
            return (child, addr);
        }
        if let Ok(Some(status)) = child.try_wait() {
            let mut err = String::new();
            let _ = child.stderr.take().map(|mut e| e.read_to_string(&mut err));
            panic!("serve exited ({status}): {err}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("serve never answered");
}

fn stop(mut child: Child) -> std::process::ExitStatus {
    let _ = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status();
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(60) {
        if let Ok(Some(status)) = child.try_wait() {
            return status;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("serve ignored SIGTERM for a minute");
}

#[test]
fn readers_of_a_served_archive_never_see_half_a_batch() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("corpus.jsonl");
    let db = dir.path().join("archive.db");
    let n = 1000;
    write_corpus(&input, n);
    // A first batch, so there is an archive to serve.
    write_corpus(&dir.path().join("first.jsonl"), 20);
    let first = run(&ingest_args(
        dir.path().join("first.jsonl").to_str().unwrap(),
        db.to_str().unwrap(),
    ));
    assert!(first.status.success(), "{}", text(&first.stderr));
    let (server, addr) = serve(&db, &[]);
    let mut ingest = Command::new(bin())
        .args(ingest_args(input.to_str().unwrap(), db.to_str().unwrap()))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut seen = Vec::new();
    let started = Instant::now();
    loop {
        let done = ingest.try_wait().unwrap().is_some();
        let (status, body) = get(addr, "/api/stats").expect("the server answers");
        assert_eq!(status, 200, "{body}");
        let stats: serde_json::Value = serde_json::from_str(&body).unwrap();
        let articles = stats["articles"].as_i64().expect("articles count");
        seen.push(articles);
        if done || started.elapsed() > Duration::from_secs(300) {
            break;
        }
        std::thread::sleep(Duration::from_millis(30));
    }
    let _ = ingest.kill();
    let status = ingest.wait().unwrap();
    assert!(status.success());
    assert!(stop(server).success());
    // Batches of 20 (the first 20 are the first run's, skipped as already stored).
    assert!(
        seen.iter().all(|c| c % 20 == 0) && seen.windows(2).all(|w| w[0] <= w[1]),
        "{seen:?}"
    );
    assert_eq!(count(&db, "SELECT count(*) FROM articles"), n as i64);
    assert_eq!(
        count(&db, "SELECT count(DISTINCT id) FROM articles"),
        n as i64
    );
}

#[test]
fn sigterm_stops_a_loaded_server() {
    let dir = tempfile::tempdir().unwrap();
    let good = good_archive(dir.path());
    let (server, addr) = serve(&good, &["--timeout", "600", "--max-body-kib", "4096"]);
    // Long extraction requests in flight (each minutes of work on its own).
    let body = "Japan accused China on Monday of sending boats near the islands, officials said. "
        .repeat(15_000); // ~1.2 MB, 210,000 words: under the 250,000-word budget
    let mut load = Vec::new();
    for _ in 0..2 {
        let body = body.clone();
        load.push(std::thread::spawn(move || {
            if let Ok(mut s) = TcpStream::connect(addr) {
                let _ = s.set_read_timeout(Some(Duration::from_secs(120)));
                let _ = write!(
                    s,
                    "POST /api/extract HTTP/1.1\r\nHost: {addr}\r\nContent-Type: text/plain\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                );
                let mut sink = Vec::new();
                let _ = s.read_to_end(&mut sink);
            }
        }));
    }
    std::thread::sleep(Duration::from_millis(1500));
    let status = stop(server);
    assert!(status.success(), "{status}");
    for t in load {
        t.join().unwrap();
    }
}

#[test]
fn a_read_only_archive_is_served() {
    let dir = tempfile::tempdir().unwrap();
    let good = good_archive(dir.path());
    // Root ignores permission bits, so make the file immutable where chattr can; otherwise
    // read-only permissions (honoured for other users).
    let immutable = Command::new("chattr")
        .args(["+i", good.to_str().unwrap()])
        .status()
        .is_ok_and(|s| s.success());
    if !immutable {
        let mut perms = std::fs::metadata(&good).unwrap().permissions();
        perms.set_readonly(true);
        std::fs::set_permissions(&good, perms).unwrap();
    }
    let (server, addr) = serve(&good, &[]);
    let (status, body) = get(addr, "/api/search?q=talks").unwrap();
    assert_eq!(status, 200, "{body}");
    let hits: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert!(hits["count"].as_i64().unwrap() > 0, "{body}");
    assert!(stop(server).success());
    if immutable {
        let _ = Command::new("chattr")
            .args(["-i", good.to_str().unwrap()])
            .status();
    }
}
