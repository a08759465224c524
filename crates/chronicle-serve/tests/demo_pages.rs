//! Every page of the demo archive (the example articles through the real pipeline), as a
//! reader sees it: every actor has a page, names resolve, no page shows a raw TIMEX3
//! placeholder, events expand to their evidence and a flagged coding is stored.

mod common;

use chronicle_serve::client::Client;
use common::Scratch;

fn demo() -> (Scratch, chronicle_serve::Running) {
    let scratch = Scratch::new("demo-pages");
    let (_, running) = common::demo_server(&scratch);
    (scratch, running)
}

fn html(client: &mut Client, path: &str) -> String {
    let r = client.get(path).unwrap();
    assert_eq!(r.status, 200, "{path}: {}", r.text());
    r.text()
}

fn json(client: &mut Client, path: &str) -> serde_json::Value {
    let r = client.get(path).unwrap();
    assert_eq!(r.status, 200, "{path}: {}", r.text());
    serde_json::from_str(&r.text()).unwrap()
}

/// No reader-facing TIMEX3 placeholder on a page.
fn assert_readable(path: &str, page: &str) {
    for raw in [
        "PAST_REF",
        "FUTURE_REF",
        "PRESENT_REF",
        "XXXX",
        "Untitled article",
        "1 quotes",
    ] {
        assert!(!page.contains(raw), "{path} shows {raw}");
    }
}

#[test]
fn every_demo_page_reads_in_words_and_every_actor_has_a_page() {
    let (_scratch, server) = demo();
    let mut client = Client::new(server.addr()).unwrap();
    let actors = json(&mut client, "/api/actors?limit=1000");
    let actors = actors["actors"].as_array().unwrap().clone();
    assert!(actors.len() > 20, "the demo has its actors");
    for a in &actors {
        let id = a["id"].as_i64().unwrap();
        let path = format!("/actors/{id}");
        let page = html(&mut client, &path);
        assert!(
            page.contains(&chronicle_serve_escape(a["name"].as_str().unwrap())),
            "{path}"
        );
        assert_readable(&path, &page);
        let detail = json(&mut client, &format!("/api/actors/{id}"));
        assert_eq!(detail["actor"]["id"], id);
    }
    // Every event page and every article page.
    let events = json(&mut client, "/api/events?limit=1000");
    let total = events["total"].as_u64().unwrap();
    assert_eq!(total as usize, events["events"].as_array().unwrap().len());
    let mut articles = std::collections::BTreeSet::new();
    for e in events["events"].as_array().unwrap() {
        let path = format!("/events/{}", e["id"]);
        assert_readable(&path, &html(&mut client, &path));
        articles.insert(e["first_article"].as_str().unwrap().to_string());
    }
    for id in &articles {
        let path = format!("/articles/{id}");
        assert_readable(&path, &html(&mut client, &path));
    }
    for path in [
        "/",
        "/?q=meeting",
        "/events",
        "/events?limit=1000",
        "/actors",
        "/timeline",
        "/timeline?subject=KOR",
        "/timeline?actor=Biden",
        "/network",
        "/network?actor=Biden",
        "/trends",
        "/trends?interval=month",
        "/trends?actor=Biden",
        "/map",
        "/map?actor=Biden",
    ] {
        assert_readable(path, &html(&mut client, path));
    }
    // The events page counts all of them, not the page.
    let page = html(&mut client, "/events?limit=10");
    if total > 10 {
        assert!(
            page.contains(&format!("of {total} events")),
            "the total is shown"
        );
    }
}

fn chronicle_serve_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

#[test]
fn names_resolve_to_one_actor_or_offer_a_choice() {
    let (_scratch, server) = demo();
    let mut client = Client::new(server.addr()).unwrap();
    let found = json(&mut client, "/api/actors?q=Biden");
    let first = &found["actors"][0];
    assert_eq!(first["name"], "Joe Biden");
    assert_eq!(first["code"], "USAGOV");
    let biden_id = first["id"].as_i64().unwrap();
    // actor=Biden is Joe Biden's events: USAGOV events restricted to him.
    let by_name = json(&mut client, "/api/events?actor=Biden&limit=1000");
    assert_eq!(by_name["resolved"][0]["id"], biden_id);
    let by_code = json(&mut client, "/api/events?actor=USAGOV&limit=1000");
    let code_ids: Vec<i64> = by_code["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_i64().unwrap())
        .collect();
    for e in by_name["events"].as_array().unwrap() {
        assert!(code_ids.contains(&e["id"].as_i64().unwrap()));
        assert!(e["actors"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["id"].as_i64() == Some(biden_id)));
    }
    // An ambiguous country is a choice, never an empty list.
    let r = client.get("/api/events?country=Korea").unwrap();
    assert_eq!(r.status, 400);
    assert!(
        r.text().contains("South Korea") && r.text().contains("North Korea"),
        "{}",
        r.text()
    );
    let page = html(&mut client, "/events?country=Korea");
    assert!(page.contains("class=\"choice\""));
    assert!(page.contains("href=\"/events?country=KOR\""));
    let r = client.get("/api/events?actor=Atlantis").unwrap();
    assert_eq!(r.status, 400);
    assert!(r.text().contains("no actor named"));
    // Codes in any case still work as codes.
    let lower = json(&mut client, "/api/events?actor=usagov&limit=1000");
    assert_eq!(lower["total"], by_code["total"]);
}

/// The ids of the events in a JSON list.
fn event_ids(v: &serde_json::Value) -> std::collections::BTreeSet<i64> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_i64().unwrap())
        .collect()
}

#[test]
fn every_actor_field_takes_a_name() {
    let (_scratch, server) = demo();
    let mut client = Client::new(server.addr()).unwrap();
    let biden = json(&mut client, "/api/actors?q=Biden")["actors"][0]["id"]
        .as_i64()
        .unwrap();
    let events = json(&mut client, "/api/events?actor=Biden&limit=1000");
    let n = events["total"].as_u64().unwrap();
    assert!(n > 0, "Biden has events in the demo");
    let mine = event_ids(&events["events"]);

    // Counts: the name resolves to him, and his events are what is counted.
    let counts = json(&mut client, "/api/counts?actor=Biden&interval=month");
    assert_eq!(counts["resolved"]["id"], biden);
    let counted: u64 = counts["totals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_u64().unwrap())
        .sum::<u64>()
        + counts["undated"]["total"].as_u64().unwrap();
    assert_eq!(counted, n, "counts of actor=Biden are his events");
    let by_code = json(&mut client, "/api/counts?actor=USAGOV&interval=month");
    assert!(by_code["resolved"].is_null(), "a code stays a code");

    // Timeline: his events, in the order they happen.
    let timeline = json(&mut client, "/api/timeline?actor=Biden&limit=1000");
    assert_eq!(timeline["resolved"]["id"], biden);
    assert_eq!(event_ids(&timeline["events"]), mine);
    // The timeline page's one field: a subject naming one actor is that actor.
    let by_subject = json(&mut client, "/api/timeline?subject=Biden&limit=1000");
    assert_eq!(by_subject["resolved"]["id"], biden);
    assert_eq!(event_ids(&by_subject["events"]), mine);
    let page = html(&mut client, "/timeline?subject=Biden");
    assert!(
        page.contains(&format!("{n} events of Joe Biden")),
        "the timeline page names him"
    );
    // Words that name no actor stay a text query.
    let words = json(&mut client, "/api/timeline?subject=summit&limit=1000");
    assert!(words["resolved"].is_null());

    // Places: the event filter, so the same resolution.
    let places = json(&mut client, "/api/places?actor=Biden");
    assert_eq!(places["resolved"][0]["id"], biden);
    let placed: i64 = places["places"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["events"].as_i64().unwrap())
        .sum::<i64>()
        + places["unplaced"].as_i64().unwrap();
    assert_eq!(placed as u64, n, "places of actor=Biden hold his events");

    // Network: his edges, with names on the nodes.
    let network = json(&mut client, "/api/network?actor=Biden");
    assert_eq!(network["resolved"]["id"], biden);
    let nodes = network["nodes"].as_array().unwrap();
    assert!(!nodes.is_empty());
    assert!(nodes.iter().any(|n| n["code"] == "USAGOV"));
    for node in nodes {
        let name = node["name"].as_str().unwrap();
        assert!(!name.is_empty());
    }
    let usa = nodes.iter().find(|n| n["code"] == "USAGOV").unwrap();
    assert!(
        usa["name"].as_str().unwrap().starts_with("United States"),
        "{usa}"
    );

    // Unknown names are a 400 naming them; the pages show the choice or the error.
    for path in [
        "/api/counts?actor=Atlantis",
        "/api/network?actor=Atlantis",
        "/api/places?actor=Atlantis",
        "/api/timeline?actor=Atlantis",
    ] {
        let r = client.get(path).unwrap();
        assert_eq!(r.status, 400, "{path}");
        assert!(r.text().contains("Atlantis"), "{path}: {}", r.text());
    }
    for page in ["/trends", "/network", "/map", "/timeline"] {
        let r = client.get(&format!("{page}?actor=Atlantis")).unwrap();
        assert_eq!(r.status, 400, "{page}");
        assert!(r.text().contains("Atlantis"), "{page}");
        let ok = html(&mut client, &format!("{page}?actor=Biden"));
        assert!(ok.contains("Joe Biden"), "{page}?actor=Biden names him");
    }
    // A name that fits several actors (North and South Korea, …) offers them on every chart
    // page, with links that stay on it, and is a 400 naming them in the API.
    for page in ["/trends", "/network", "/map", "/timeline"] {
        let body = html(&mut client, &format!("{page}?actor=Korea"));
        assert!(
            body.contains("class=\"choice\""),
            "{page}?actor=Korea offers a choice"
        );
        assert!(
            body.contains("North Korea") && body.contains("South Korea"),
            "{page}"
        );
        assert!(
            body.contains(&format!("href=\"{page}?actor=id")),
            "{page}: the choices stay on the page"
        );
    }
    for api in [
        "/api/counts",
        "/api/network",
        "/api/places",
        "/api/timeline",
    ] {
        let r = client.get(&format!("{api}?actor=Korea")).unwrap();
        assert_eq!(r.status, 400, "{api}");
        assert!(r.text().contains("several"), "{api}: {}", r.text());
    }
}

#[test]
fn events_follow_the_text_query_expand_to_evidence_and_take_flags() {
    let (_scratch, server) = demo();
    let mut client = Client::new(server.addr()).unwrap();
    let all = json(&mut client, "/api/events?limit=1000");
    let some = json(&mut client, "/api/events?q=sanctions&limit=1000");
    let n = some["total"].as_u64().unwrap();
    assert!(
        n > 0 && n < all["total"].as_u64().unwrap(),
        "q narrows the events"
    );
    let page = html(&mut client, "/events");
    assert!(page.contains("<details class=\"evidence\">"));
    assert!(page.contains("<mark class=\"trigger\""));
    let id = all["events"][0]["id"].as_i64().unwrap();
    let r = client
        .request(
            "POST",
            &format!("/events/{id}/flag"),
            &[
                ("content-type", "application/x-www-form-urlencoded"),
                ("origin", &format!("http://{}", server.addr())),
            ],
            b"field=type&correction=AGREE&note=signed%2C+not+met",
        )
        .unwrap();
    assert_eq!(r.status, 303, "{}", r.text());
    let location = r.header("location").unwrap().to_string();
    assert!(location.starts_with(&format!("/events/{id}?flagged=")));
    assert!(html(&mut client, &location).contains("your correction is stored"));
    let archive = chronicle_archive::Archive::open(server_db(&_scratch)).unwrap();
    let stored = archive.feedback().unwrap();
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].correction, "AGREE");
    assert_eq!(stored[0].note, "signed, not met");
}

fn server_db(scratch: &Scratch) -> std::path::PathBuf {
    scratch.path().join("demo.db")
}
