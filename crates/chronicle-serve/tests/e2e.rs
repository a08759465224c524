//! End to end in a real browser: headless Chromium opens the UI, searches, opens the article
//! and checks that the highlights and the timeline render; screenshots are kept in
//! `target/e2e-artifacts/` (or `$CHRONICLE_ARTIFACTS`).
//!
//! Skips with a message when no Chromium is installed (`.ci/run` installs Debian's `chromium`).
//! The browser is told to resolve nothing but loopback, so it cannot reach off this machine.

mod common;

use common::browser::{artefacts_dir, find_chromium, Browser};
use common::{TestServer, SUMMIT_ID};

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
    let browser = Browser::new(binary);
    let artefacts = artefacts_dir();

    // The home page offers a search form; submit it the way the browser would (GET).
    let home = browser.dom(&server.url("/"), 2000);
    assert!(home.contains("role=\"search\""), "no search form:\n{home}");
    let action = attr_after(&home, "role=\"search\"", "action")
        .unwrap_or("/")
        .to_string();
    assert!(home.contains("name=\"q\""));
    let results_url = server.url(&format!("{action}?q=Seoul+talks"));
    let results = browser.dom(&results_url, 2000);
    let href = attr_after(&results, "<ol class=\"results\"", "href").expect("a first result");
    assert_eq!(href, format!("/articles/{SUMMIT_ID}"));
    browser.screenshot(&results_url, &artefacts.join("1-search.png"), 1280, 1100);

    // The article: highlights are focusable marks carrying their records; legend and inspector.
    let article_url = server.url(href);
    let article = browser.dom(&article_url, 2000);
    let marks = article.matches("<mark id=").count();
    assert!(marks >= 5, "expected highlights, found {marks}:\n{article}");
    assert!(article.contains("tabindex=\"0\""));
    assert!(article.contains("data-tag=\"CONSULT planned\""));
    assert!(article.contains("class=\"hl k-time\""));
    assert!(article.contains("id=\"inspector\""));
    assert!(article.contains("class=\"legend\""));
    browser.screenshot(&article_url, &artefacts.join("2-article.png"), 1280, 1600);

    // The timeline of Korea: an SVG with the planned meeting drawn hollow and labelled.
    let timeline_url = server.url("/timeline?subject=KOR");
    let timeline = browser.dom(&timeline_url, 2000);
    assert!(
        timeline.contains("<svg class=\"chart timeline\""),
        "no timeline svg"
    );
    assert!(timeline.contains("class=\"m-planned\""));
    assert!(
        timeline.contains("plans to meet"),
        "the label says it in words"
    );
    browser.screenshot(&timeline_url, &artefacts.join("3-timeline.png"), 1280, 900);

    let network_url = server.url("/network");
    let network = browser.dom(&network_url, 2000);
    assert!(network.contains("data-source=\"USAGOV\" data-target=\"KORGOV\""));
    browser.screenshot(&network_url, &artefacts.join("4-network.png"), 1280, 1100);

    let trends_url = server.url("/trends?interval=day");
    assert!(browser
        .dom(&trends_url, 2000)
        .contains("<svg class=\"chart counts stacked\""));
    browser.screenshot(&trends_url, &artefacts.join("5-trends.png"), 1280, 900);
    eprintln!("screenshots in {}", artefacts.display());
}
