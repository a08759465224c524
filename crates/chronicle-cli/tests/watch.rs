//! `chronicle watch` against a local HTTP server on 127.0.0.1 serving fixture feeds and
//! pages written for these tests: what lands in the archive, and what is fetched again.
//! No network beyond the loopback.

mod common;

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chronicle_archive::{UrlState, Writer};
use chronicle_watch::{Quiet, WatchOptions, Watcher};
use common::run_chronicle;

/// What the server answers for a path.
#[derive(Clone)]
enum Reply {
    /// Status, content type, body, extra headers; a 304 when `If-None-Match` matches the
    /// ETag header given.
    Body(u16, &'static str, Vec<u8>, Vec<(&'static str, String)>),
    /// A redirect to the path given.
    Redirect(&'static str),
    /// Waits this long, then a page with this title.
    Slow(Duration, &'static str),
    /// This many bytes of HTML, without a Content-Length (read until the cap).
    Huge(usize),
}

struct Server {
    port: u16,
    hits: Arc<Mutex<HashMap<String, usize>>>,
}

impl Server {
    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    fn hits(&self, path: &str) -> usize {
        self.hits.lock().unwrap().get(path).copied().unwrap_or(0)
    }
}

fn serve(
    stream: TcpStream,
    routes: &HashMap<&'static str, Reply>,
    hits: &Mutex<HashMap<String, usize>>,
) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    let path = request_line
        .split_whitespace()
        .nth(1)
        .unwrap_or("/")
        .to_string();
    let mut if_none_match = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 || line.trim().is_empty() {
            break;
        }
        if let Some((k, v)) = line.split_once(':') {
            if k.trim().eq_ignore_ascii_case("if-none-match") {
                if_none_match = Some(v.trim().to_string());
            }
        }
    }
    *hits.lock().unwrap().entry(path.clone()).or_insert(0) += 1;
    let mut out = stream;
    let respond = |out: &mut TcpStream,
                   status: u16,
                   ctype: &str,
                   body: &[u8],
                   extra: &[(&str, String)]|
     -> std::io::Result<()> {
        let mut head = format!(
            "HTTP/1.1 {status} X\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\nConnection: close\r\n",
            body.len()
        );
        for (k, v) in extra {
            head.push_str(&format!("{k}: {v}\r\n"));
        }
        head.push_str("\r\n");
        out.write_all(head.as_bytes())?;
        out.write_all(body)?;
        out.flush()
    };
    match routes.get(path.as_str()) {
        None => respond(&mut out, 404, "text/plain", b"not here", &[]),
        Some(Reply::Body(status, ctype, body, extra)) => {
            let etag = extra.iter().find(|(k, _)| *k == "ETag").map(|(_, v)| v);
            if etag.is_some() && etag == if_none_match.as_ref() {
                return respond(&mut out, 304, ctype, b"", extra);
            }
            respond(&mut out, *status, ctype, body, extra)
        }
        Some(Reply::Redirect(to)) => respond(
            &mut out,
            302,
            "text/plain",
            b"",
            &[("Location", to.to_string())],
        ),
        Some(Reply::Slow(wait, title)) => {
            std::thread::sleep(*wait);
            respond(
                &mut out,
                200,
                "text/html",
                page(title, "2026-12-01").as_bytes(),
                &[],
            )
        }
        Some(Reply::Huge(n)) => {
            out.write_all(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nConnection: close\r\n\r\n<html><body><p>")?;
            let chunk = vec![b'a'; 64 * 1024];
            let mut sent = 0;
            while sent < *n {
                out.write_all(&chunk)?;
                sent += chunk.len();
            }
            Ok(())
        }
    }
}

/// A news page of our own with its date in `article:published_time`.
fn page(title: &str, day: &str) -> String {
    format!(
        r#"<!DOCTYPE html><html lang="en"><head><title>{title} | Loopback News</title>
<meta property="article:published_time" content="{day}T08:00:00Z">
</head><body><nav><a href="/">Home</a></nav><article><h1>{title}</h1>
<p>The city council met on Tuesday to discuss {title}, and members agreed to publish a
report on the matter within two weeks.</p>
<p>Residents who attended the meeting asked for more time to comment on {title}.</p>
</article><footer>Loopback News</footer></body></html>"#
    )
}

fn rss(items: &[(&str, &str)], port: u16) -> String {
    let mut s = String::from(
        "<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel><title>Loopback News</title>\n",
    );
    for (path, title) in items {
        s.push_str(&format!(
            "<item><title>{title}</title><link>http://127.0.0.1:{port}{path}</link><pubDate>Mon, 30 Nov 2026 10:00:00 GMT</pubDate></item>\n"
        ));
    }
    s.push_str("</channel></rss>\n");
    s
}

fn html(title: &str, day: &str) -> Reply {
    Reply::Body(
        200,
        "text/html; charset=utf-8",
        page(title, day).into_bytes(),
        vec![],
    )
}

/// Serves on a loopback port the routes `make` builds for it (links are absolute).
fn server_with(make: impl FnOnce(u16) -> HashMap<&'static str, Reply>) -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
    let port = listener.local_addr().expect("addr").port();
    let routes = Arc::new(make(port));
    let hits = Arc::new(Mutex::new(HashMap::new()));
    let counter = Arc::clone(&hits);
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let routes = Arc::clone(&routes);
            let hits = Arc::clone(&counter);
            std::thread::spawn(move || {
                let _ = serve(stream, &routes, &hits);
            });
        }
    });
    Server { port, hits }
}

fn three_article_site(port: u16) -> HashMap<&'static str, Reply> {
    let feed = rss(
        &[
            ("/news/harbour", "harbour dredging"),
            ("/news/library", "library hours"),
            ("/news/tram", "tram line"),
        ],
        port,
    );
    HashMap::from([
        (
            "/robots.txt",
            Reply::Body(
                200,
                "text/plain",
                b"User-agent: *\nDisallow: /private/\n".to_vec(),
                vec![],
            ),
        ),
        (
            "/feed.xml",
            Reply::Body(
                200,
                "application/rss+xml",
                feed.into_bytes(),
                vec![("ETag", "\"v1\"".to_string())],
            ),
        ),
        ("/news/harbour", html("harbour dredging", "2026-12-01")),
        ("/news/library", html("library hours", "2026-12-02")),
        ("/news/tram", html("tram line", "2026-12-03")),
    ])
}

fn db_rows(db: &std::path::Path, sql: &str) -> Vec<(String, String)> {
    let conn = rusqlite::Connection::open(db).expect("open db");
    let mut stmt = conn.prepare(sql).expect("prepare");
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("query")
        .map(|r| r.expect("row"))
        .collect()
}

#[test]
fn watch_once_stores_three_then_nothing_and_fetches_no_page_again() {
    let server = server_with(three_article_site);
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("watch.db");
    let db_arg = db.to_str().expect("utf-8 path");
    let feed = server.url("/feed.xml");
    let args = [
        "watch", &feed, "--db", db_arg, "--once", "--delay", "0", "--stages", "text",
    ];
    let (code, _, stderr) = run_chronicle(&args, None);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("3 stored"), "{stderr}");
    // One log line per fetch: robots.txt, the feed, three pages.
    assert_eq!(
        stderr.lines().filter(|l| l.starts_with("page ")).count(),
        3,
        "{stderr}"
    );
    let stored = db_rows(&db, "SELECT url, pub_date FROM articles ORDER BY pub_date");
    let dates: Vec<&str> = stored.iter().map(|(_, d)| d.as_str()).collect();
    assert_eq!(
        dates,
        [
            "2026-12-01T08:00:00Z",
            "2026-12-02T08:00:00Z",
            "2026-12-03T08:00:00Z"
        ],
        "the pages' own dates, not the feed's"
    );
    for path in ["/news/harbour", "/news/library", "/news/tram"] {
        assert_eq!(server.hits(path), 1, "{path}");
    }

    let (code, _, stderr) = run_chronicle(&args, None);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("0 stored"), "{stderr}");
    assert!(
        stderr.contains("not modified"),
        "a conditional GET: {stderr}"
    );
    assert_eq!(server.hits("/feed.xml"), 2);
    for path in ["/news/harbour", "/news/library", "/news/tram"] {
        assert_eq!(server.hits(path), 1, "{path} fetched again");
    }
    let count = db_rows(&db, "SELECT CAST(count(*) AS TEXT), '' FROM articles");
    assert_eq!(count[0].0, "3");
}

#[test]
fn every_kind_of_trouble_lands_in_its_state() {
    let server = server_with(|port| {
        let mut routes = three_article_site(port);
        let errors = rss(
            &[
                ("/missing", "a 404"),
                ("/broken", "a 500"),
                ("/slow", "a slow page"),
                ("/loop", "a redirect loop"),
                ("/big", "a 50 MB page"),
                ("/latin1", "a Latin-1 page"),
                ("/private/memo", "disallowed"),
                ("/moved", "a redirect"),
                ("/image", "not a page"),
            ],
            port,
        );
        let mut latin1 = page("caf\u{e9} prices", "2026-12-04")
            .replace("Loopback News", "Loopback M\u{fc}nchen")
            .chars()
            .map(|c| c as u32 as u8)
            .collect::<Vec<u8>>();
        latin1.extend_from_slice(b"\n");
        // The repeated feed lists one new page twice and one already in feed.xml.
        let repeat = rss(
            &[
                ("/news/again", "repeated item"),
                ("/news/again", "repeated item"),
                ("/news/harbour", "harbour dredging"),
            ],
            port,
        );
        let broken = format!(
            "<rss><channel><title>Half</title>\n<item><title>kept</title><link>http://127.0.0.1:{port}/news/kept</link></item>\n<item><title>cut</titl></item></channel></rss>"
        );
        routes.extend([
            (
                "/errors.xml",
                Reply::Body(200, "application/rss+xml", errors.into_bytes(), vec![]),
            ),
            (
                "/repeat.xml",
                Reply::Body(200, "application/rss+xml", repeat.into_bytes(), vec![]),
            ),
            (
                "/broken.xml",
                Reply::Body(200, "text/xml", broken.into_bytes(), vec![]),
            ),
            (
                "/broken",
                Reply::Body(500, "text/html", b"oops".to_vec(), vec![]),
            ),
            ("/slow", Reply::Slow(Duration::from_secs(4), "late news")),
            ("/loop", Reply::Redirect("/loop")),
            ("/big", Reply::Huge(50 << 20)),
            (
                "/latin1",
                Reply::Body(200, "text/html; charset=ISO-8859-1", latin1, vec![]),
            ),
            ("/private/memo", html("memo", "2026-12-05")),
            ("/moved", Reply::Redirect("/news/moved-here")),
            ("/news/moved-here", html("new address", "2026-12-06")),
            (
                "/image",
                Reply::Body(200, "image/png", vec![0x89, b'P', b'N', b'G'], vec![]),
            ),
            ("/news/again", html("repeated story", "2026-12-07")),
            ("/news/kept", html("kept story", "2026-12-08")),
        ]);
        routes
    });
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("trouble.db");
    let mut writer = Writer::open(&db).expect("open");
    let pipeline = chronicle::Pipeline::with_stages(vec![Box::new(chronicle::pipeline::TextStage)]);
    let mut options = WatchOptions::default();
    options.fetch.delay = Duration::ZERO;
    options.fetch.read_timeout = Duration::from_secs(1);
    options.fetch.total_timeout = Duration::from_secs(3);
    options.fetch.max_bytes = 2 << 20;
    let mut watcher = Watcher::new(options.clone());
    let feeds: Vec<String> = [
        "/feed.xml",
        "/errors.xml",
        "/repeat.xml",
        "/broken.xml",
        "/nofeed.xml",
    ]
    .iter()
    .map(|p| server.url(p))
    .collect();
    let report = watcher
        .pass(&mut writer, &pipeline, &feeds, &mut Quiet)
        .expect("pass");
    let state = |w: &mut Writer, path: &str| w.url_state(&server.url(path)).expect("state");
    for path in [
        "/news/harbour",
        "/news/library",
        "/news/tram",
        "/latin1",
        "/moved",
        "/news/again",
        "/news/kept",
    ] {
        assert_eq!(state(&mut writer, path), Some(UrlState::Stored), "{path}");
    }
    assert_eq!(state(&mut writer, "/missing"), Some(UrlState::Gone));
    assert_eq!(state(&mut writer, "/broken"), Some(UrlState::Failed));
    assert_eq!(state(&mut writer, "/slow"), Some(UrlState::Failed));
    assert_eq!(state(&mut writer, "/loop"), Some(UrlState::Gone));
    assert_eq!(state(&mut writer, "/big"), Some(UrlState::Gone));
    assert_eq!(state(&mut writer, "/image"), Some(UrlState::Gone));
    assert_eq!(state(&mut writer, "/private/memo"), Some(UrlState::Blocked));
    assert_eq!(server.hits("/private/memo"), 0, "robots.txt obeyed");
    assert_eq!(
        server.hits("/news/again"),
        1,
        "a repeated item is fetched once"
    );
    assert_eq!(
        server.hits("/news/harbour"),
        1,
        "an item in two feeds is fetched once"
    );
    assert!(server.hits("/loop") <= 6, "redirects are bounded");
    assert_eq!(report.stored, 7, "{report:?}");
    assert_eq!(
        report.feeds_failed, 2,
        "the broken feed and the 404 feed: {report:?}"
    );
    drop(writer);

    let conn = rusqlite::Connection::open(&db).expect("db");
    let text: String = conn
        .query_row(
            "SELECT text FROM articles WHERE id = ?1",
            [server.url("/latin1")],
            |r| r.get(0),
        )
        .expect("latin-1 page stored");
    assert!(text.contains("café prices"), "{text}");
    let (date, url): (String, String) = conn
        .query_row(
            "SELECT pub_date, url FROM articles WHERE id = ?1",
            [server.url("/moved")],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("redirected page stored");
    assert_eq!(date, "2026-12-06T08:00:00Z");
    assert_eq!(url, server.url("/news/moved-here"));
    let feed_error: String = conn
        .query_row(
            "SELECT error FROM web_feeds WHERE url = ?1",
            [server.url("/broken.xml")],
            |r| r.get(0),
        )
        .expect("feed row");
    assert!(feed_error.starts_with("broken feed at 3:"), "{feed_error}");
    drop(conn);

    // A second pass asks again only for what failed for a reason that may pass.
    let mut writer = Writer::open(&db).expect("reopen");
    let before: HashMap<&str, usize> = ["/missing", "/loop", "/big", "/latin1", "/broken"]
        .iter()
        .map(|p| (*p, server.hits(p)))
        .collect();
    let mut watcher = Watcher::new(options);
    let again = watcher
        .pass(&mut writer, &pipeline, &feeds, &mut Quiet)
        .expect("pass 2");
    assert_eq!(again.stored, 0, "{again:?}");
    for p in ["/missing", "/loop", "/big", "/latin1"] {
        assert_eq!(server.hits(p), before[p], "{p} asked again");
    }
    assert_eq!(
        server.hits("/broken"),
        before["/broken"] + 1,
        "a 500 is retried"
    );
}

#[test]
fn kill_9_neither_loses_nor_refetches() {
    // Six slow pages: the watcher is killed while it works through them.
    let paths = ["/k/1", "/k/2", "/k/3", "/k/4", "/k/5", "/k/6"];
    let server = server_with(|port| {
        let items: Vec<(&str, &str)> = paths.iter().map(|p| (*p, "a slow story")).collect();
        let mut routes: HashMap<&'static str, Reply> = HashMap::from([(
            "/slowfeed.xml",
            Reply::Body(
                200,
                "application/rss+xml",
                rss(&items, port).into_bytes(),
                vec![("ETag", "\"k\"".to_string())],
            ),
        )]);
        let titles = [
            "bridge repairs",
            "school meals",
            "park lights",
            "bus fares",
            "river walk",
            "market days",
        ];
        for (p, title) in paths.iter().zip(titles) {
            routes.insert(p, Reply::Slow(Duration::from_millis(400), title));
        }
        routes
    });
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("kill.db");
    let feed = server.url("/slowfeed.xml");
    let args = [
        "watch",
        feed.as_str(),
        "--db",
        db.to_str().expect("utf-8"),
        "--once",
        "--delay",
        "0",
        "--stages",
        "text",
        "--quiet",
    ];
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_chronicle"))
        .args(args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("spawn");
    // Wait until at least two pages were served (bounded), then kill -9.
    for _ in 0..200 {
        if paths.iter().map(|p| server.hits(p)).sum::<usize>() >= 3 {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    child.kill().expect("kill -9");
    let _ = child.wait();
    let stored_before: Vec<String> = if db.exists() {
        db_rows(
            &db,
            "SELECT url, state FROM web_urls WHERE state = 'stored'",
        )
        .into_iter()
        .map(|(u, _)| u)
        .collect()
    } else {
        Vec::new()
    };
    let (code, _, stderr) = run_chronicle(&args, None);
    assert_eq!(code, 0, "{stderr}");
    let count = db_rows(&db, "SELECT CAST(count(*) AS TEXT), '' FROM articles");
    assert_eq!(count[0].0, "6", "nothing lost: {stderr}");
    for url in &stored_before {
        let path = url.trim_start_matches(&server.url(""));
        assert_eq!(
            server.hits(path),
            1,
            "{path} was stored before the kill, fetched again"
        );
    }
    for p in paths {
        assert!(server.hits(p) <= 2, "{p}");
    }
    let states = db_rows(
        &db,
        "SELECT state, CAST(count(*) AS TEXT) FROM web_urls GROUP BY state",
    );
    assert_eq!(states, [("stored".to_string(), "6".to_string())]);
}
