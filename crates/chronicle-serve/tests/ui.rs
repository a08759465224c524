//! The web UI over HTTP: pages render the archive, stay escaped, and keep their promises
//! about keyboard access and non-colour cues.

mod common;

use common::{TestServer, SUMMIT_ID, XSS_ID};

fn page(server: &TestServer, path: &str) -> String {
    let response = server.client().get(path).unwrap();
    assert_eq!(response.status, 200, "{path}: {}", response.text());
    assert!(
        response
            .header("content-type")
            .unwrap()
            .starts_with("text/html"),
        "{path}"
    );
    response.text()
}

#[test]
fn search_page_has_filters_and_results() {
    let server = TestServer::start("ui-search", |_| {});
    let home = page(&server, "/");
    for name in [
        "q", "since", "until", "actor", "country", "plover", "modality",
    ] {
        assert!(
            home.contains(&format!("name=\"{name}\"")),
            "filter {name} missing"
        );
    }
    assert!(home.contains("3 articles"));
    let results = page(&server, "/?q=Seoul&modality=planned");
    assert!(results.contains(&format!("href=\"/articles/{SUMMIT_ID}\"")));
    assert!(results.contains("<mark class=\"hit\">Seoul</mark>"));
    assert!(results.contains("Matching events"));
    assert!(results.contains("class=\"modality-planned\""));
    assert!(results.contains("<option value=\"planned\" selected>"));
    let none = page(&server, "/?q=zeppelin");
    assert!(none.contains("No articles match"));
}

#[test]
fn article_page_highlights_every_layer() {
    let server = TestServer::start("ui-article", |_| {});
    let html = page(&server, &format!("/articles/{SUMMIT_ID}"));
    assert!(html.contains("<h1>Washington and Seoul plan talks</h1>"));
    // Focusable highlights with their records, a legend, an inspector.
    assert!(html.contains("class=\"hl k-entity k-actor\" tabindex=\"0\" data-tag=\"PER · USAGOV\""));
    assert!(html.contains("class=\"hl k-time\" tabindex=\"0\" data-tag=\"17 Mar 2021\""));
    assert!(html.contains("data-tag=\"CONSULT planned\""));
    assert!(html.contains("modality: planned"));
    assert!(html.contains("class=\"legend\""));
    assert!(html.contains("id=\"inspector\""));
    assert!(html.contains("In the archive: merged events (2)"));
    let missing = server.client().get("/articles/nope").unwrap();
    assert_eq!(missing.status, 404);
    assert!(missing.text().contains("no article with id"));
}

#[test]
fn charts_render_as_svg_with_tables() {
    let server = TestServer::start("ui-charts", |_| {});
    let timeline = page(&server, "/timeline?subject=KOR");
    assert!(timeline.contains("<svg class=\"chart timeline\""));
    assert!(timeline.contains("class=\"m-planned\""));
    // Labelled in words: who plans to meet whom.
    assert!(timeline.contains("Mar 17, 2021 · "));
    assert!(timeline.contains("plans to meet"));
    assert!(timeline.contains("class=\"m-asserted\""));
    let picker = page(&server, "/timeline");
    assert!(picker.contains("Pick an actor"));

    let network = page(&server, "/network");
    assert!(network.contains("<svg class=\"chart network\""));
    assert!(network.contains("data-source=\"USAGOV\" data-target=\"KORGOV\""));
    assert!(network.contains("<th>acts on</th>"));

    let trends = page(&server, "/trends?interval=day");
    assert!(trends.contains("<svg class=\"chart counts stacked\""));
    assert!(trends.contains("</span>verbal cooperation</li>"));
    assert!(trends.contains("<td data-label=\"period\">17 Mar 2021</td>"));
    // A true axis: the empty days between the events are periods too.
    assert!(trends.contains("<td data-label=\"period\">9 Feb 2021</td>"));
    assert!(trends.contains("data-start=\"2021-03-05\""));
    // A chosen range is carried into the other views' links.
    let ranged = page(&server, "/trends?since=2021-03-01&until=2021-03-31");
    assert!(ranged.contains("href=\"/events?since=2021-03-01&amp;until=2021-03-31\""));
    assert!(ranged.contains("Range <strong>2021-03-01 – 2021-03-31</strong>"));
    // The search page's menu carries the range too, as every dated view's does.
    let searched = page(&server, "/?q=summit&since=2021-03-01&until=2021-03-31");
    assert!(searched.contains("href=\"/trends?since=2021-03-01&amp;until=2021-03-31\""));
    assert!(searched.contains("href=\"/map?since=2021-03-01&amp;until=2021-03-31\""));
    assert!(searched.contains("href=\"/network?since=2021-03-01&amp;until=2021-03-31\""));

    let map = page(&server, "/map");
    assert!(map.contains("<svg class=\"chart map\""));
    assert!(map.contains("<title>South Korea</title>"));
    assert!(map.contains("<a class=\"spot\" href=\"/events?location=Seoul&amp;country=KOR\""));
    assert!(map.contains("<a href=\"/map\" aria-current=\"page\">Map</a>"));

    let ego = page(&server, "/network?actor=KOR");
    assert!(ego.contains("class=\"node ego\""));
    assert!(ego.contains("Network around"));

    let events = page(&server, "/events?actor=KOR");
    assert!(events.contains("2 events"));
    let actors = page(&server, "/actors?country=USA");
    assert!(actors.contains("USAGOV"));
}

#[test]
fn markup_from_articles_is_escaped_everywhere() {
    let server = TestServer::start("ui-xss", |_| {});
    for path in [
        format!("/articles/{XSS_ID}"),
        "/?q=minister".to_string(),
        "/".to_string(),
        "/?q=%3Cscript%3Ealert(1)%3C/script%3E".to_string(),
        "/timeline?subject=%3Cscript%3E".to_string(),
    ] {
        let html = page(&server, &path);
        assert!(
            !html.contains("<script>alert"),
            "{path} lets a script through"
        );
        assert!(
            !html.contains("<img src=x"),
            "{path} lets an element through"
        );
        assert!(
            !html.contains("\"><script>"),
            "{path} breaks out of an attribute"
        );
    }
    let article = page(&server, &format!("/articles/{XSS_ID}"));
    assert!(article.contains("&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;"));
    assert!(article.contains("&lt;img src=x onerror=alert(1)&gt;"));
}

#[test]
fn static_assets_are_served() {
    let server = TestServer::start("ui-static", |_| {});
    let mut client = server.client();
    let css = client.get("/static/style.css").unwrap();
    assert_eq!(css.status, 200);
    assert!(css.header("content-type").unwrap().starts_with("text/css"));
    assert!(css.text().contains("mark.hl.k-event"));
    let js = client.get("/static/app.js").unwrap();
    assert!(js
        .header("content-type")
        .unwrap()
        .starts_with("text/javascript"));
}
