//! The charts and narrow screens in a real browser (headless Chromium), used as a person
//! would: every page at 400 px wide fits without scrolling the page sideways; dragging across
//! the Trends bars sets the range, which the menu then carries; the map opens and a place
//! leads to its events. Screenshots go to `target/e2e-artifacts/` (or `$CHRONICLE_ARTIFACTS`;
//! `docs/ui/` keeps a set).
//!
//! Skips with a message when no Chromium is installed (`.ci/run` installs Debian's `chromium`).

mod common;

use common::browser::{artefacts_dir, find_chromium, harness_result, Browser, Proxy};
use common::{demo_server, Scratch, TestServer, SUMMIT_ID};

/// The harness page: loads each step's page in a frame of the step's width and acts in it,
/// then writes what it saw as JSON into `<pre id="out">`.
fn harness(steps: &serde_json::Value) -> String {
    const SCRIPT: &str = r#"
var steps = STEPS, results = [], frame = document.getElementById("f"), i = -1, phase = 0;
function done() { document.getElementById("out").textContent = JSON.stringify(results); }
function next() {
  i++; phase = 0;
  if (i >= steps.length) return done();
  frame.width = steps[i].width || 400;
  frame.src = steps[i].url;
}
function measure(doc, win) {
  var iw = win.innerWidth, sw = doc.documentElement.scrollWidth, wide = [];
  if (sw > iw) {
    var all = doc.body.querySelectorAll("*");
    for (var k = 0; k < all.length && wide.length < 6; k++) {
      var r = all[k].getBoundingClientRect();
      if (r.right > iw + 1) wide.push(all[k].tagName + "." + (all[k].getAttribute("class") || "") + " " + Math.round(r.right));
    }
  }
  var header = doc.querySelector("header.top");
  return { sw: sw, iw: iw, wide: wide, headerHeight: header ? header.getBoundingClientRect().height : 0 };
}
frame.onload = function () {
  var doc = frame.contentDocument, win = frame.contentWindow, step = steps[i];
  var here = win.location.pathname + win.location.search;
  try {
    if (step.kind === "fit") {
      var m = measure(doc, win); m.kind = "fit"; m.url = here; m.title = doc.title;
      results.push(m); return next();
    }
    if (step.kind === "brush") {
      if (phase === 0) {
        phase = 1;
        var svg = doc.querySelector("svg.stacked"), periods = svg.querySelectorAll(".period");
        var a = periods[step.from].querySelector("rect.hit").getBoundingClientRect();
        var b = periods[step.to].querySelector("rect.hit").getBoundingClientRect();
        var y = a.top + a.height / 2;
        var fire = function (type, x) {
          svg.dispatchEvent(new win.PointerEvent(type, { clientX: x, clientY: y, button: 0, buttons: 1,
            pointerId: 1, isPrimary: true, pointerType: "mouse", bubbles: true, cancelable: true }));
        };
        results.push({ kind: "brush-start", periods: periods.length,
          from: periods[step.from].getAttribute("data-start"), to: periods[step.to].getAttribute("data-end") });
        fire("pointerdown", a.left + a.width / 2);
        fire("pointermove", (a.left + b.left) / 2 + 2);
        fire("pointermove", b.left + b.width / 2);
        fire("pointerup", b.left + b.width / 2);
        return; // the form is sent: the frame loads again
      }
      var nav = doc.querySelector("header nav a[href^='/events']");
      results.push({ kind: "brushed", url: here, since: doc.querySelector("input[name=since]").value,
        until: doc.querySelector("input[name=until]").value, rangeBar: !!doc.querySelector(".range-bar"),
        navEvents: nav ? nav.getAttribute("href") : null,
        bars: doc.querySelectorAll("svg.stacked .period").length });
      return next();
    }
    if (step.kind === "map") {
      if (phase === 0) {
        phase = 1;
        var spots = doc.querySelectorAll("svg.map a.spot");
        results.push({ kind: "map", url: here, spots: spots.length,
          countries: doc.querySelectorAll("svg.map path.land").length,
          href: spots.length ? spots[0].getAttribute("href") : null });
        if (!spots.length) return next();
        spots[0].dispatchEvent(new win.MouseEvent("click", { bubbles: true, cancelable: true, view: win }));
        return;
      }
      results.push({ kind: "map-click", url: here, rows: doc.querySelectorAll("table.events tbody tr").length });
      return next();
    }
  } catch (e) {
    results.push({ kind: "error", step: i, message: String(e) });
    next();
  }
};
next();
"#;
    format!(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>harness</title></head><body style=\"margin:0\"><iframe id=\"f\" width=\"400\" height=\"900\" style=\"border:0\"></iframe><pre id=\"out\"></pre><script>{}</script></body></html>",
        SCRIPT.replace("STEPS", &steps.to_string())
    )
}

/// Every `fit` result: the page is no wider than the 400-px window and its menu takes at
/// most two lines. Prints the widths.
fn assert_fit(results: &[serde_json::Value], pages: &[String]) {
    let fits: Vec<&serde_json::Value> = results.iter().filter(|r| r["kind"] == "fit").collect();
    assert_eq!(fits.len(), pages.len(), "{results:?}");
    for fit in &fits {
        assert_eq!(fit["iw"], 400, "{fit}");
        assert!(
            fit["sw"].as_f64() <= fit["iw"].as_f64(),
            "{} is {} px wide at 400 px; too wide: {}",
            fit["url"],
            fit["sw"],
            fit["wide"]
        );
        assert!(
            fit["headerHeight"].as_f64().unwrap() < 80.0,
            "{}: the menu wraps onto more than two lines ({} px)",
            fit["url"],
            fit["headerHeight"]
        );
    }
    eprintln!(
        "400 px: {}",
        fits.iter()
            .map(|f| format!("{} {}/{} px", f["url"], f["sw"], f["iw"]))
            .collect::<Vec<_>>()
            .join(", ")
    );
}

/// The `fit` steps of `pages` at 400 px.
fn fit_steps(pages: &[String]) -> Vec<serde_json::Value> {
    pages
        .iter()
        .map(|url| serde_json::json!({"kind": "fit", "url": url, "width": 400}))
        .collect()
}

#[test]
fn narrow_screens_brushing_and_the_map_work_in_a_browser() {
    let Some(binary) = find_chromium() else {
        eprintln!(
            "SKIPPED viz: no chromium found (set CHROMIUM or `apt-get install chromium`; CI installs it)"
        );
        return;
    };
    let server = TestServer::start("viz", |_| {});
    let pages = [
        "/".to_string(),
        "/?q=Seoul".into(),
        "/events".into(),
        "/events/1".into(),
        format!("/articles/{SUMMIT_ID}"),
        "/timeline".into(),
        "/timeline?subject=KOR".into(),
        "/network".into(),
        "/network?actor=KOR".into(),
        "/trends".into(),
        "/trends?interval=day".into(),
        "/map".into(),
        "/actors".into(),
        "/actors?country=USA".into(),
        "/actors/1".into(),
    ];
    let mut steps = fit_steps(&pages);
    // Drag from the 2nd to the 5th day of the axis (2021-02-09 .. 2021-02-12).
    steps.push(serde_json::json!({"kind": "brush", "url": "/trends?interval=day", "width": 1200, "from": 1, "to": 4}));
    steps.push(serde_json::json!({"kind": "map", "url": "/map", "width": 1200}));
    let proxy = Proxy::start(
        server.running.addr(),
        harness(&serde_json::Value::from(steps)),
    );
    let browser = Browser::new(binary);
    let dom = browser.dom(&proxy.url("/__harness"), 30_000);
    let results = harness_result(&dom);
    let results = results.as_array().expect("a list of results");
    let of = |kind: &str| -> Vec<&serde_json::Value> {
        results.iter().filter(|r| r["kind"] == kind).collect()
    };
    assert!(of("error").is_empty(), "{:?}", of("error"));

    // 400 px: no page scrolls sideways; the menu takes at most two lines.
    assert_fit(results, &pages);

    // Brushing the Trends chart sets since/until, and the menu carries the range.
    let start = of("brush-start");
    assert_eq!(start.len(), 1, "{results:?}");
    assert_eq!(start[0]["from"], "2021-02-09");
    assert_eq!(start[0]["to"], "2021-02-12");
    let brushed = of("brushed");
    assert_eq!(
        brushed.len(),
        1,
        "the brush did not send the form: {results:?}"
    );
    let b = brushed[0];
    assert_eq!(
        (b["since"].as_str(), b["until"].as_str()),
        (Some("2021-02-09"), Some("2021-02-12"))
    );
    let url = b["url"].as_str().unwrap();
    assert!(
        url.starts_with("/trends?")
            && url.contains("since=2021-02-09")
            && url.contains("until=2021-02-12"),
        "{url}"
    );
    assert_eq!(b["rangeBar"], true);
    assert_eq!(b["bars"], 4, "the chart shows the chosen days: {b}");
    assert_eq!(
        b["navEvents"], "/events?since=2021-02-09&until=2021-02-12",
        "the menu carries the range"
    );

    // The map: outlines, a spot for Seoul, and a click lists its events.
    let map = of("map");
    assert_eq!(map.len(), 1, "{results:?}");
    assert!(map[0]["countries"].as_u64().unwrap() > 150, "{}", map[0]);
    assert!(map[0]["spots"].as_u64().unwrap() >= 1, "{}", map[0]);
    let click = of("map-click");
    assert_eq!(click.len(), 1, "clicking a place went nowhere: {results:?}");
    assert!(
        click[0]["url"]
            .as_str()
            .unwrap()
            .starts_with("/events?location=Seoul"),
        "{}",
        click[0]
    );
    assert!(click[0]["rows"].as_u64().unwrap() >= 1, "{}", click[0]);

    // Screenshots of the charts, wide and narrow.
    let dir = artefacts_dir();
    for (name, path, width, height) in [
        ("viz-trends.png", "/trends?interval=week", 1280, 1000),
        (
            "viz-trends-range.png",
            "/trends?interval=day&since=2021-02-01&until=2021-03-31",
            1280,
            900,
        ),
        ("viz-network-ego.png", "/network?actor=KOR", 1280, 1100),
        ("viz-map.png", "/map", 1280, 1000),
        ("viz-trends-400.png", "/trends", 400, 900),
        ("viz-events-400.png", "/events", 400, 900),
    ] {
        browser.screenshot(&server.url(path), &dir.join(name), width, height);
    }
    eprintln!("screenshots in {}", dir.display());
}

/// Every page of the demo archive (`serve --demo`: the example articles through the real
/// pipeline) at 400 px: the fixed views, every actor's page, every event's and every
/// article's.
#[test]
fn every_demo_page_fits_a_narrow_screen() {
    let Some(binary) = find_chromium() else {
        eprintln!(
            "SKIPPED viz demo: no chromium found (set CHROMIUM or `apt-get install chromium`; CI installs it)"
        );
        return;
    };
    let scratch = Scratch::new("viz-demo");
    let (_, server) = demo_server(&scratch);
    let mut client = chronicle_serve::client::Client::new(server.addr()).unwrap();
    let mut get = |path: &str| -> serde_json::Value {
        let r = client.get(path).unwrap();
        assert_eq!(r.status, 200, "{path}");
        serde_json::from_str(&r.text()).unwrap()
    };
    let actors = get("/api/actors?limit=1000");
    let events = get("/api/events?limit=1000");
    let mut pages: Vec<String> = [
        "/",
        "/?q=meeting",
        "/?actor=Biden&since=2021-01-01",
        "/events",
        "/events?actor=Biden",
        "/events?country=Korea",
        "/timeline",
        "/timeline?actor=Biden",
        "/network",
        "/network?actor=Biden",
        "/trends",
        "/trends?interval=month",
        "/trends?actor=Korea",
        "/map",
        "/actors",
        "/actors?q=Kim",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let actor_ids: Vec<i64> = actors["actors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_i64().unwrap())
        .collect();
    assert!(actor_ids.len() > 20, "the demo has its actors");
    pages.extend(actor_ids.iter().map(|id| format!("/actors/{id}")));
    let mut articles = std::collections::BTreeSet::new();
    for e in events["events"].as_array().unwrap() {
        pages.push(format!("/events/{}", e["id"]));
        articles.insert(e["first_article"].as_str().unwrap().to_string());
    }
    pages.extend(articles.iter().map(|id| format!("/articles/{id}")));
    let proxy = Proxy::start(
        server.addr(),
        harness(&serde_json::Value::from(fit_steps(&pages))),
    );
    let browser = Browser::new(binary);
    let dom = browser.dom(&proxy.url("/__harness"), 240_000);
    let results = harness_result(&dom);
    let results = results.as_array().expect("a list of results");
    let errors: Vec<&serde_json::Value> = results.iter().filter(|r| r["kind"] == "error").collect();
    assert!(errors.is_empty(), "{errors:?}");
    assert_fit(results, &pages);
}
