//! End to end in a real browser: headless Chromium opens the UI, searches, opens the article
//! and checks that the highlights and the timeline render; screenshots are kept in
//! `target/e2e-artifacts/` (or `$CHRONICLE_ARTIFACTS`).
//!
//! Skips with a message when no Chromium is installed (`.ci/run` installs Debian's `chromium`).
//! The browser is told to resolve nothing but loopback, so it cannot reach off this machine.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{Scratch, TestServer, SUMMIT_ID};

fn find_chromium() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("CHROMIUM").map(PathBuf::from) {
        return path.is_file().then_some(path);
    }
    let names = [
        "chromium",
        "chromium-browser",
        "google-chrome",
        "google-chrome-stable",
    ];
    let dirs = std::env::var_os("PATH")?;
    std::env::split_paths(&dirs)
        .flat_map(|dir| names.iter().map(move |n| dir.join(n)))
        .find(|p| p.is_file())
}

fn artefacts_dir() -> PathBuf {
    let dir = std::env::var_os("CHRONICLE_ARTIFACTS")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/e2e-artifacts")
        });
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

struct Browser {
    binary: PathBuf,
    profile: Scratch,
}

impl Browser {
    /// Runs one headless Chromium with a fresh profile; returns its stdout.
    fn run(&self, extra: &[String], url: &str) -> String {
        let profile = self
            .profile
            .path()
            .join(format!("profile-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&profile);
        let mut args: Vec<String> = [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
            "--disable-extensions",
            "--hide-scrollbars",
            "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        args.push(format!("--user-data-dir={}", profile.display()));
        args.extend(extra.iter().cloned());
        args.push(url.to_string());
        let out_path = self.profile.path().join("stdout.txt");
        let err_path = self.profile.path().join("stderr.txt");
        let mut child = Command::new(&self.binary)
            .args(&args)
            .stdin(Stdio::null())
            .stdout(std::fs::File::create(&out_path).unwrap())
            .stderr(std::fs::File::create(&err_path).unwrap())
            .spawn()
            .expect("start chromium");
        let deadline = Instant::now() + Duration::from_secs(120);
        loop {
            if let Some(status) = child.try_wait().unwrap() {
                let stdout = std::fs::read_to_string(&out_path).unwrap_or_default();
                assert!(
                    status.success(),
                    "chromium failed on {url}: {status}\n{}",
                    std::fs::read_to_string(&err_path).unwrap_or_default()
                );
                return stdout;
            }
            if Instant::now() > deadline {
                let _ = child.kill();
                let _ = child.wait();
                panic!("chromium did not finish on {url} within 120 s");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn dom(&self, url: &str) -> String {
        self.run(
            &["--dump-dom".into(), "--virtual-time-budget=2000".into()],
            url,
        )
    }

    fn screenshot(&self, url: &str, file: &Path, height: u32) {
        let _ = std::fs::remove_file(file);
        self.run(
            &[
                format!("--screenshot={}", file.display()),
                format!("--window-size=1280,{height}"),
                "--virtual-time-budget=2000".into(),
            ],
            url,
        );
        let bytes = std::fs::read(file).unwrap_or_default();
        assert!(
            bytes.starts_with(b"\x89PNG") && bytes.len() > 10_000,
            "no useful screenshot of {url} at {}",
            file.display()
        );
    }
}

/// The value of the first `attr="…"` after `from` in `html`.
fn attr_after<'a>(html: &'a str, from: &str, attr: &str) -> Option<&'a str> {
    let rest = &html[html.find(from)?..];
    let key = format!("{attr}=\"");
    let start = rest.find(&key)? + key.len();
    Some(&rest[start..start + rest[start..].find('"')?])
}

#[test]
fn a_person_searches_reads_and_sees_the_timeline() {
    let Some(binary) = find_chromium() else {
        eprintln!(
            "SKIPPED e2e: no chromium found (set CHROMIUM or `apt-get install chromium`; CI installs it)"
        );
        return;
    };
    let server = TestServer::start("e2e", |_| {});
    let browser = Browser {
        binary,
        profile: Scratch::new("chromium"),
    };
    let artefacts = artefacts_dir();

    // The home page offers a search form; submit it the way the browser would (GET).
    let home = browser.dom(&server.url("/"));
    assert!(home.contains("role=\"search\""), "no search form:\n{home}");
    let action = attr_after(&home, "role=\"search\"", "action")
        .unwrap_or("/")
        .to_string();
    assert!(home.contains("name=\"q\""));
    let results_url = server.url(&format!("{action}?q=Seoul+talks"));
    let results = browser.dom(&results_url);
    let href = attr_after(&results, "<ol class=\"results\"", "href").expect("a first result");
    assert_eq!(href, format!("/articles/{SUMMIT_ID}"));
    browser.screenshot(&results_url, &artefacts.join("1-search.png"), 1100);

    // The article: highlights are focusable marks carrying their records; legend and inspector.
    let article_url = server.url(href);
    let article = browser.dom(&article_url);
    let marks = article.matches("<mark id=").count();
    assert!(marks >= 5, "expected highlights, found {marks}:\n{article}");
    assert!(article.contains("tabindex=\"0\""));
    assert!(article.contains("data-tag=\"CONSULT planned\""));
    assert!(article.contains("class=\"hl k-time\""));
    assert!(article.contains("id=\"inspector\""));
    assert!(article.contains("class=\"legend\""));
    browser.screenshot(&article_url, &artefacts.join("2-article.png"), 1600);

    // The timeline of Korea: an SVG with the planned meeting drawn hollow and labelled.
    let timeline_url = server.url("/timeline?subject=KOR");
    let timeline = browser.dom(&timeline_url);
    assert!(
        timeline.contains("<svg class=\"chart timeline\""),
        "no timeline svg"
    );
    assert!(timeline.contains("class=\"m-planned\""));
    assert!(
        timeline.contains("plans to meet"),
        "the label says it in words"
    );
    browser.screenshot(&timeline_url, &artefacts.join("3-timeline.png"), 900);

    let network_url = server.url("/network");
    let network = browser.dom(&network_url);
    assert!(network.contains("data-source=\"USAGOV\" data-target=\"KORGOV\""));
    browser.screenshot(&network_url, &artefacts.join("4-network.png"), 1100);

    let trends_url = server.url("/trends?interval=day");
    assert!(browser
        .dom(&trends_url)
        .contains("<svg class=\"chart counts stacked\""));
    browser.screenshot(&trends_url, &artefacts.join("5-trends.png"), 900);
    eprintln!("screenshots in {}", artefacts.display());
}
