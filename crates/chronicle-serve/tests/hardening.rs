//! Hardening (issue #17): budgets that stop work, cross-site safety, strict API semantics.
//! Behaviour only: no assertion here depends on how fast the machine is.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use common::{TestServer, SUMMIT_ID, TRADE_ID};
use serde_json::Value;

/// One raw HTTP/1.1 exchange with the headers given verbatim (the test client always sends
/// its own Host); returns the status and the whole response text.
fn raw(server: &TestServer, request: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(server.running.addr()).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .unwrap();
    let _ = stream.write_all(request.as_bytes());
    let mut out = Vec::new();
    let _ = stream.read_to_end(&mut out);
    let text = String::from_utf8_lossy(&out).into_owned();
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, text)
}

fn has_security_headers(response: &str) -> bool {
    let lower = response.to_ascii_lowercase();
    lower.contains("x-content-type-options: nosniff")
        && lower.contains("content-security-policy:")
        && lower.contains("x-frame-options: deny")
}

#[test]
fn a_gzip_bomb_is_refused_with_413_before_it_inflates() {
    use flate2::write::GzEncoder;
    let server = TestServer::start("bomb", |_| {});
    let mut gz = GzEncoder::new(Vec::new(), flate2::Compression::best());
    let line = vec![b'a'; 1 << 20];
    for _ in 0..20 {
        gz.write_all(&line).unwrap();
    }
    let bomb = gz.finish().unwrap();
    assert!(bomb.len() < 64 * 1024, "{} bytes", bomb.len());
    let response = server
        .client()
        .post("/api/extract", "text/plain", &bomb)
        .unwrap();
    assert_eq!(response.status, 413, "{}", response.text());
    assert!(response.text().contains("limit"));

    // A small gzip body still works.
    let mut gz = GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(b"Japan accused China on Monday.").unwrap();
    let small = gz.finish().unwrap();
    let response = server
        .client()
        .post("/api/extract?date=2021-03-05", "text/plain", &small)
        .unwrap();
    assert_eq!(response.status, 200, "{}", response.text());
}

#[test]
fn other_hosts_get_421_and_cross_site_posts_403() {
    let server = TestServer::start("hosts", |o| o.allow_hosts = vec!["news.example".into()]);
    let port = server.running.addr().port();
    let get = |host: &str| {
        raw(
            &server,
            &format!("GET /api/health HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"),
        )
    };
    let (status, text) = get("evil.example");
    assert_eq!(status, 421, "{text}");
    assert!(has_security_headers(&text), "{text}");
    for ok in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        "news.example".to_string(),
    ] {
        assert_eq!(get(&ok).0, 200, "{ok}");
    }

    let post = |extra: &str| {
        let body = "Japan accused China on Monday.";
        raw(
            &server,
            &format!(
                "POST /api/extract HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: text/plain\r\n{extra}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            ),
        )
    };
    let (status, text) = post("Origin: http://evil.example\r\n");
    assert_eq!(status, 403, "{text}");
    assert!(has_security_headers(&text));
    assert_eq!(post("Origin: null\r\n").0, 403);
    assert_eq!(
        post("Origin: null\r\nSec-Fetch-Site: cross-site\r\n").0,
        403
    );
    // A form posted from our own page under no-referrer: Origin null, same-origin fetch.
    assert_eq!(
        post("Origin: null\r\nSec-Fetch-Site: same-origin\r\n").0,
        200
    );
    assert_eq!(post("Sec-Fetch-Site: cross-site\r\n").0, 403);
    assert_eq!(
        post(&format!("Origin: http://127.0.0.1:{port}\r\n")).0,
        200,
        "same origin"
    );
    assert_eq!(post("Sec-Fetch-Site: same-origin\r\n").0, 200);
    assert_eq!(post("").0, 200, "no browser, no origin");
}

#[test]
fn extraction_can_be_turned_off() {
    let server = TestServer::start("no-extract", |o| o.no_extract = true);
    let response = server
        .client()
        .post("/api/extract", "text/plain", b"Japan accused China.")
        .unwrap();
    assert_eq!(response.status, 404, "{}", response.text());
    assert!(response.text().contains("--no-extract"));
}

#[test]
fn long_request_targets_get_414_with_the_security_headers() {
    let server = TestServer::start("uri", |_| {});
    let q = "a".repeat(40 * 1024);
    let port = server.running.addr().port();
    let (status, text) = raw(
        &server,
        &format!(
            "GET /api/search?q={q} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
        ),
    );
    assert_eq!(status, 414, "{}", &text[..text.len().min(300)]);
    assert!(has_security_headers(&text));
    // Past hyper's own limit (64 KiB) hyper answers before any middleware runs: the
    // connection layer adds the headers.
    let q = "a".repeat(100 * 1024);
    let (status, text) = raw(
        &server,
        &format!(
            "GET /api/search?q={q} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
        ),
    );
    assert_eq!(status, 414, "{}", &text[..text.len().min(300)]);
    assert!(has_security_headers(&text), "{text}");
}

fn status_of(server: &TestServer, path: &str) -> (u16, Value) {
    let response = server.client().get(path).unwrap();
    (response.status, response.json().unwrap_or(Value::Null))
}

#[test]
fn offsets_codes_and_query_sizes_are_validated() {
    let server = TestServer::start("params", |_| {});
    for path in [
        "/api/search?offset=18446744073709551615",
        "/api/events?offset=18446744073709551615",
        "/api/actors?offset=99999999999",
        "/api/search?limit=18446744073709551616",
        "/api/search?plover=bogus",
        "/api/events?plover=bogus",
        "/api/network?plover=bogus",
        "/api/counts?plover=bogus",
        "/api/counts?interval=hourly",
        "/api/places?plover=bogus",
        "/api/places?cameo=abc",
        "/api/places?offset=2",
        "/api/events?cameo=abc",
        "/api/search?cameo=12345",
    ] {
        let (status, body) = status_of(&server, path);
        assert_eq!(status, 400, "{path}: {body}");
    }
    let (status, _) = status_of(&server, "/api/events?plover=consult&cameo=03");
    assert_eq!(status, 200);
    let words = vec!["word"; 500].join("+");
    let (status, body) = status_of(&server, &format!("/api/search?q={words}"));
    assert_eq!(status, 400, "{body}");
}

fn hit_ids(server: &TestServer, q: &str) -> Vec<String> {
    let (status, body) = status_of(server, &format!("/api/search?q={q}"));
    assert_eq!(status, 200, "{q}: {body}");
    body["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn not_and_minus_exclude() {
    let server = TestServer::start("not", |_| {});
    assert!(hit_ids(&server, "seoul").contains(&SUMMIT_ID.to_string()));
    for q in ["NOT+seoul", "-seoul", "NOT+%22seoul%22", "-%22Seoul%22"] {
        let ids = hit_ids(&server, q);
        assert!(!ids.contains(&SUMMIT_ID.to_string()), "{q}: {ids:?}");
        assert!(ids.contains(&TRADE_ID.to_string()), "{q}: {ids:?}");
    }
    assert!(hit_ids(&server, "talks+-seoul").is_empty());
    assert_eq!(hit_ids(&server, "boats+-seoul"), [TRADE_ID]);
}

#[test]
fn work_past_its_deadline_stops() {
    // A deadline too short for the request: the answer is a 503, and the annotation job
    // behind it must stop too, not run on for the whole text.
    let server = TestServer::start("deadline", |o| {
        o.limits.request_timeout = Duration::from_millis(300);
        o.limits.max_body_bytes = 4 << 20;
        o.limits.max_tokens = usize::MAX;
    });
    let sentence = "Japan accused China on Monday of sending fishing boats near the islands, officials in Tokyo said. ";
    let text = sentence.repeat(30_000); // ~3 MB: minutes of work on one core
    let response = server
        .client()
        .post(
            "/api/extract?date=2021-03-05",
            "text/plain",
            text.as_bytes(),
        )
        .unwrap();
    assert_eq!(response.status, 503, "{}", response.text());
    // The job stops at its next check; give a loaded machine ample time all the same (the
    // whole text would take far longer than this).
    let started = Instant::now();
    while server.running.jobs_running() > 0 && started.elapsed() < Duration::from_secs(60) {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(server.running.jobs_running(), 0, "the job ran on");
}

#[test]
fn requests_over_the_word_budget_are_413() {
    let server = TestServer::start("words", |o| o.limits.max_tokens = 1000);
    let text = "word ".repeat(2000);
    let response = server
        .client()
        .post("/api/extract", "text/plain", text.as_bytes())
        .unwrap();
    assert_eq!(response.status, 413, "{}", response.text());
}
