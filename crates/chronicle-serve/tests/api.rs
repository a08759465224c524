//! The JSON API against a real server on a loopback port.

mod common;

use std::time::Duration;

use common::{TestServer, SUMMIT_ID, TRADE_ID, XSS_ID};
use serde_json::Value;

fn get_json(server: &TestServer, path: &str) -> (u16, Value) {
    let response = server.client().get(path).unwrap();
    assert_eq!(
        response.header("content-type"),
        Some("application/json"),
        "{path}: {}",
        response.text()
    );
    (response.status, response.json().unwrap())
}

fn ok_json(server: &TestServer, path: &str) -> Value {
    let (status, body) = get_json(server, path);
    assert_eq!(status, 200, "{path}: {body}");
    body
}

fn assert_error(server: &TestServer, path: &str, status: u16, needle: &str) {
    let (got, body) = get_json(server, path);
    assert_eq!(got, status, "{path}: {body}");
    assert_eq!(body["error"]["status"], status);
    let message = body["error"]["message"].as_str().unwrap();
    assert!(
        message.contains(needle),
        "{path}: {message:?} lacks {needle:?}"
    );
}

#[test]
fn every_documented_route_is_served() {
    let server = TestServer::start("routes", |_| {});
    let doc = ok_json(&server, "/api/openapi.json");
    assert_eq!(doc["openapi"], "3.1.0");
    for route in chronicle_serve::api::routes() {
        let path = route.path.replace(
            "{id}",
            if route.path.contains("events") {
                "1"
            } else {
                SUMMIT_ID
            },
        );
        let mut client = server.client();
        let response = if route.method == "GET" {
            client.get(&path).unwrap()
        } else {
            client
                .post(&path, "text/plain", b"date 2021-03-05\nA short text.")
                .unwrap()
        };
        // Whatever the answer, it is not the router's "no such endpoint".
        assert!(
            !response.text().contains("no such endpoint"),
            "{} {path} is documented but not routed",
            route.method
        );
        assert!(doc["paths"][route.path].is_object());
    }
}

#[test]
fn search_finds_articles_and_filters_them() {
    let server = TestServer::start("search", |_| {});
    let body = ok_json(&server, "/api/search?q=Seoul");
    let hits = body["hits"].as_array().unwrap();
    assert_eq!(hits[0]["id"], SUMMIT_ID, "{body}");
    assert!(hits[0]["snippet"].as_str().unwrap().contains("[Seoul]"));
    assert_eq!(body["count"], hits.len());

    // Filters: an actor, a country, a date range that excludes the story.
    let ids = |path: &str| -> Vec<String> {
        ok_json(&server, path)["hits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(ids("/api/search?actor=JPN"), [TRADE_ID]);
    assert_eq!(ids("/api/search?actor=usa&actor=KOR"), [SUMMIT_ID]);
    assert_eq!(ids("/api/search?country=CHN"), [TRADE_ID]);
    assert!(ids("/api/search?q=Seoul&until=2021-02-28").is_empty());
    assert_eq!(ids("/api/search?plover=ACCUSE"), [TRADE_ID]);
    // Empty query: everything, newest first; paging.
    assert_eq!(ids("/api/search"), [SUMMIT_ID, TRADE_ID, XSS_ID]);
    assert_eq!(ids("/api/search?limit=1&offset=1"), [TRADE_ID]);
}

#[test]
fn bad_parameters_are_json_400s() {
    let server = TestServer::start("bad", |_| {});
    assert_error(
        &server,
        "/api/search?q=x&colour=red",
        400,
        "unknown parameter \"colour\"",
    );
    assert_error(&server, "/api/search?since=2021-02-30", 400, "since");
    assert_error(&server, "/api/events?limit=lots", 400, "limit");
    assert_error(&server, "/api/events?modality=likely", 400, "modality");
    assert_error(&server, "/api/counts?interval=hour", 400, "interval");
    assert_error(&server, "/api/timeline", 400, "actor code");
    assert_error(&server, "/api/events/abc", 400, "event id");
    let (_, body) = get_json(&server, "/api/events?min_confidence=NaN");
    assert_eq!(body["error"]["code"], "bad_request");
}

#[test]
fn events_timeline_network_counts() {
    let server = TestServer::start("events", |_| {});
    let events = ok_json(&server, "/api/events?actor=USA&actor=KOR");
    let rows = events["events"].as_array().unwrap();
    assert_eq!(rows.len(), 2, "{events}");
    let planned = ok_json(&server, "/api/events?modality=planned");
    let planned = planned["events"].as_array().unwrap();
    assert_eq!(planned.len(), 1);
    assert_eq!(planned[0]["plover"], "CONSULT");
    assert_eq!(planned[0]["start"], "2021-03-17");
    assert_eq!(planned[0]["planned"], true);

    // One event, with its reports.
    let id = planned[0]["id"].as_i64().unwrap();
    let one = ok_json(&server, &format!("/api/events/{id}"));
    assert_eq!(one["event"]["id"], id);
    assert_eq!(one["mentions"][0]["article"], SUMMIT_ID);
    assert_error(&server, "/api/events/999999", 404, "999999");

    // The timeline is in the order events happen: Thursday's talks, then the planned meeting.
    let timeline = ok_json(&server, "/api/timeline?actor=KOR");
    let dates: Vec<&str> = timeline["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["start"].as_str().unwrap())
        .collect();
    assert_eq!(dates, ["2021-03-04", "2021-03-17"]);
    let by_text = ok_json(&server, "/api/timeline?q=fishing");
    assert_eq!(by_text["events"][0]["plover"], "ACCUSE");

    // Who acts on whom.
    let network = ok_json(&server, "/api/network");
    let edges = network["edges"].as_array().unwrap();
    assert!(edges
        .iter()
        .any(|e| e["source"] == "USAGOV" && e["target"] == "KORGOV" && e["events"] == 1));
    assert!(edges
        .iter()
        .any(|e| e["source"] == "JPN" && e["target"] == "CHN"));
    assert!(network["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .any(|n| n["code"] == "KORGOV"));
    let only_kor = ok_json(&server, "/api/network?actor=KOR");
    assert!(only_kor["edges"]
        .as_array()
        .unwrap()
        .iter()
        .all(|e| e["source"] != "JPN"));

    // Counts per day and quad class on a true time axis: every day from the first event
    // (2021-02-08) to the last (2021-03-17), zeros included; two verbal-cooperation days,
    // one verbal-conflict day.
    let counts = ok_json(&server, "/api/counts?interval=day");
    let periods = counts["periods"].as_array().unwrap();
    assert_eq!(periods.len(), 38, "{counts}");
    assert_eq!(periods[0], "2021-02-08");
    assert_eq!(periods[37], "2021-03-17");
    assert_eq!(periods[1], "2021-02-09");
    assert_eq!(counts["period_ranges"][0]["start"], "2021-02-08");
    assert_eq!(counts["series"][0]["name"], "verbal cooperation");
    let series = |i: usize| -> Vec<u64> {
        counts["series"][i]["counts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_u64().unwrap())
            .collect()
    };
    assert_eq!(series(0).len(), 38);
    assert_eq!(
        (series(0)[24], series(0)[37], series(0).iter().sum::<u64>()),
        (1, 1, 2)
    );
    assert_eq!((series(2)[0], series(2).iter().sum::<u64>()), (1, 1));
    assert_eq!(counts["totals"][1], 0);
    assert!(counts["mean_goldstein"][0].is_f64());
    assert!(counts["mean_goldstein"][1].is_null());
    assert!(counts["undated"]["total"].is_u64());
    assert_eq!(counts["undated"]["buckets"].as_array().unwrap().len(), 3);

    let auto = ok_json(&server, "/api/counts?interval=auto");
    assert_eq!(auto["interval"], "day");
    assert_eq!(auto["periods"], counts["periods"]);
    let months = ok_json(&server, "/api/counts?interval=month");
    assert_eq!(months["periods"], serde_json::json!(["2021-02", "2021-03"]));
    // A range sets the axis: empty months at both ends are shown, not dropped.
    let range = ok_json(&server, "/api/counts?since=2021-01-01&until=2021-05-31");
    assert_eq!(
        range["periods"],
        serde_json::json!(["2021-01", "2021-02", "2021-03", "2021-04", "2021-05"])
    );
    assert_error(
        &server,
        "/api/counts?interval=day&since=1900-01-01",
        400,
        "longer interval",
    );
}

#[test]
fn articles_actors_stats() {
    let server = TestServer::start("articles", |_| {});
    let record = ok_json(&server, &format!("/api/articles/{SUMMIT_ID}"));
    let article = &record["article"];
    assert_eq!(article["id"], SUMMIT_ID);
    assert_eq!(article["events"].as_array().unwrap().len(), 2);
    assert_eq!(article["actors"][0]["code"], "USAGOV");
    assert_eq!(article["times"][0]["value"], "2021-03-17");
    assert_eq!(record["events"].as_array().unwrap().len(), 2);
    assert_error(
        &server,
        "/api/articles/no-such-article",
        404,
        "no-such-article",
    );

    let actors = ok_json(&server, "/api/actors?country=KOR");
    assert_eq!(actors["actors"][0]["code"], "KORGOV");
    let stats = ok_json(&server, "/api/stats");
    assert_eq!(stats["articles"], 3);
    assert_eq!(stats["server"]["writable"], false);
    assert_eq!(ok_json(&server, "/api/health")["status"], "ok");
}

#[test]
fn unknown_paths_and_methods_are_json_under_api() {
    let server = TestServer::start("paths", |_| {});
    assert_error(&server, "/api/nothing-here", 404, "no such endpoint");
    let mut client = server.client();
    let response = client.request("DELETE", "/api/search", &[], b"").unwrap();
    assert_eq!(response.status, 405);
    assert_eq!(
        response.json().unwrap()["error"]["code"],
        "method_not_allowed"
    );
    let page = client.get("/no/such/page").unwrap();
    assert_eq!(page.status, 404);
    assert!(page
        .header("content-type")
        .unwrap()
        .starts_with("text/html"));
    for header in [
        "x-content-type-options",
        "content-security-policy",
        "x-frame-options",
    ] {
        assert!(page.header(header).is_some(), "{header}");
    }
}

#[test]
fn extract_annotates_without_storing() {
    let server = TestServer::start("extract", |_| {});
    let mut client = server.client();
    let text = "date 2021-03-05\nOfficials from Seoul and Washington will meet on March 17. They said so on Friday.";
    let response = client
        .post("/api/extract", "text/plain; charset=utf-8", text.as_bytes())
        .unwrap();
    assert_eq!(response.status, 200, "{}", response.text());
    let body = response.json().unwrap();
    let article = &body["articles"][0];
    assert_eq!(body["count"], 1);
    assert!(article["text"]
        .as_str()
        .unwrap()
        .contains("Officials from Seoul"));
    assert!(
        article["sentences"].as_array().unwrap().len() >= 2,
        "{article}"
    );
    assert!(article.get("tokens").is_none(), "tokens only on request");
    // JSON input with an explicit date.
    let json =
        br#"{"id": "posted-1", "title": "Posted", "text": "Talks begin in Geneva on Monday."}"#;
    let response = client
        .post(
            "/api/extract?date=2021-03-05&tokens=true",
            "application/json",
            json,
        )
        .unwrap();
    assert_eq!(response.status, 200, "{}", response.text());
    let body = response.json().unwrap();
    assert_eq!(body["articles"][0]["id"], "posted-1");
    assert!(!body["articles"][0]["tokens"].as_array().unwrap().is_empty());
    // Nothing was stored.
    assert_eq!(ok_json(&server, "/api/stats")["articles"], 3);

    // Wrong media type, malformed JSON, empty body.
    let response = client
        .post("/api/extract", "image/png", b"\x89PNG")
        .unwrap();
    assert_eq!(response.status, 415);
    let response = client
        .post("/api/extract", "application/json", b"{not json")
        .unwrap();
    assert_eq!(response.status, 400, "{}", response.text());
    assert!(response.json().unwrap()["error"]["message"].is_string());
    let response = client.post("/api/extract", "text/plain", b"").unwrap();
    assert_eq!(response.status, 400);
}

#[test]
fn request_size_is_limited() {
    let server = TestServer::start("size", |o| o.limits.max_body_bytes = 4096);
    let mut client = server.client();
    let big = "Seoul and Washington talk. ".repeat(1000);
    let response = client
        .post("/api/extract", "text/plain", big.as_bytes())
        .unwrap();
    assert_eq!(response.status, 413, "{}", response.text());
    assert_eq!(
        response.json().unwrap()["error"]["code"],
        "payload_too_large"
    );
}

#[test]
fn slow_requests_are_cut_off() {
    let server = TestServer::start("slow", |o| {
        o.limits.request_timeout = Duration::from_millis(1);
        o.limits.max_body_bytes = 8 << 20;
    });
    let mut client = server.client();
    let big = "Officials from Seoul and Washington will meet on March 17 to discuss costs. "
        .repeat(40_000);
    let response = client
        .post("/api/extract", "text/plain", big.as_bytes())
        .unwrap();
    assert_eq!(response.status, 503, "{}", response.text());
    assert!(response.header("retry-after").is_some());
    assert!(response.json().unwrap()["error"]["message"]
        .as_str()
        .unwrap()
        .contains("limit"));
}

#[test]
fn writes_need_a_configured_token_and_the_right_bearer() {
    let article = b"date 2021-03-06\nEnvoys from Canberra and Jakarta agreed on Saturday to resume ferry services.";

    let read_only = TestServer::start("readonly", |_| {});
    let response = read_only
        .client()
        .request(
            "POST",
            "/api/ingest",
            &[
                ("Content-Type", "text/plain"),
                ("Authorization", "Bearer anything"),
            ],
            article,
        )
        .unwrap();
    assert_eq!(response.status, 403, "{}", response.text());
    assert!(response.text().contains("--token"));
    // Without credentials at all: 401, whatever the configuration.
    let response = read_only
        .client()
        .post("/api/ingest", "text/plain", article)
        .unwrap();
    assert_eq!(response.status, 401, "{}", response.text());

    let server = TestServer::start("writable", |o| o.token = Some("s3cret-token".into()));
    let mut client = server.client();
    let response = client.post("/api/ingest", "text/plain", article).unwrap();
    assert_eq!(response.status, 401);
    assert!(response
        .header("www-authenticate")
        .unwrap()
        .starts_with("Bearer"));
    let wrong = [
        ("Content-Type", "text/plain"),
        ("Authorization", "Bearer nope"),
    ];
    assert_eq!(
        client
            .request("POST", "/api/ingest", &wrong, article)
            .unwrap()
            .status,
        401
    );

    let right = [
        ("Content-Type", "text/plain"),
        ("Authorization", "Bearer s3cret-token"),
    ];
    let response = client
        .request("POST", "/api/ingest", &right, article)
        .unwrap();
    assert_eq!(response.status, 200, "{}", response.text());
    assert_eq!(response.json().unwrap()["added"], 1);
    // Idempotent: the same article again is skipped.
    let again = client
        .request("POST", "/api/ingest", &right, article)
        .unwrap();
    assert_eq!(again.json().unwrap()["skipped"], 1);
    // Readers see it at once.
    let hits = ok_json(&server, "/api/search?q=ferry");
    assert_eq!(hits["count"], 1, "{hits}");
    assert_eq!(ok_json(&server, "/api/stats")["server"]["writable"], true);
}

#[test]
fn concurrent_readers_all_succeed() {
    let server = TestServer::start("concurrent", |_| {});
    let addr = server.running.addr();
    let threads: Vec<_> = (0..6)
        .map(|t| {
            std::thread::spawn(move || {
                let mut client = chronicle_serve::client::Client::new(addr).unwrap();
                for i in 0..40 {
                    let path = if (t + i) % 2 == 0 {
                        "/api/events?actor=KOR"
                    } else {
                        "/api/search?q=Seoul"
                    };
                    let response = client.get(path).unwrap();
                    assert_eq!(response.status, 200, "{path}: {}", response.text());
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
}

#[test]
fn places_put_events_on_the_map_and_link_back() {
    let server = TestServer::start("places", |_| {});
    let all = ok_json(&server, "/api/events?limit=1000");
    let total = all["events"].as_array().unwrap().len() as i64;
    let body = ok_json(&server, "/api/places");
    let places = body["places"].as_array().unwrap();
    assert!(!places.is_empty(), "{body}");
    let placed: i64 = places.iter().map(|p| p["events"].as_i64().unwrap()).sum();
    // Every matching event is either at a place or counted as unplaced.
    assert_eq!(placed + body["unplaced"].as_i64().unwrap(), total, "{body}");
    for place in places {
        assert!(place["lat"].is_f64() && place["lon"].is_f64(), "{place}");
        let by_quad: i64 = place["by_quad"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n.as_i64().unwrap())
            .sum();
        assert!(by_quad <= place["events"].as_i64().unwrap());
        // A place's events are found by its name.
        let name = place["location"].as_str().unwrap();
        let at = ok_json(
            &server,
            &format!("/api/events?location={}", name.replace(' ', "%20")),
        );
        let events = at["events"].as_array().unwrap();
        assert!(events.len() as i64 >= place["events"].as_i64().unwrap());
        assert!(events.iter().all(|e| e["location"]
            .as_str()
            .is_some_and(|l| l.eq_ignore_ascii_case(name))));
    }
    // A range the events miss leaves nothing on the map.
    let none = ok_json(&server, "/api/places?since=1990-01-01&until=1990-12-31");
    assert_eq!(none["places"].as_array().unwrap().len(), 0);
    assert_error(&server, "/api/places?offset=3", 400, "offset");
}
