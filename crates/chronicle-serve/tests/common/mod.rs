//! Test fixtures: a small archive of articles written for these tests, annotated by hand
//! (so the tests do not depend on how good the statistical stages are today), and a server
//! over it on a loopback port.

#![allow(dead_code)]

pub mod browser;
pub mod devtools;

use std::path::{Path, PathBuf};

use chronicle::date::PubDate;
use chronicle::doc::{
    Actor, ActorRef, Article, Entity, EntityLabel, Event, Location, Span, TimeAnchor, Timex,
    TimexType,
};

pub const SUMMIT_ID: &str = "fixture-summit";
pub const TRADE_ID: &str = "fixture-trade";
pub const XSS_ID: &str = "fixture-xss";

/// A temporary directory removed at the end of the test.
pub struct Scratch(PathBuf);

impl Scratch {
    pub fn new(name: &str) -> Scratch {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let dir = std::env::temp_dir().join(format!(
            "chronicle-serve-test-{name}-{}-{nanos}",
            std::process::id()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }
    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn span(text: &str, needle: &str) -> Span {
    let start = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in fixture"));
    Span {
        start,
        end: start + needle.len(),
        text: needle.to_string(),
    }
}

fn aref(id: &str, name: &str, code: &str) -> ActorRef {
    ActorRef {
        id: id.into(),
        name: name.into(),
        code: Some(code.into()),
    }
}

fn actor(text: &str, id: &str, name: &str, code: &str, country: &str, mentions: &[&str]) -> Actor {
    Actor {
        id: id.into(),
        name: name.into(),
        code: Some(code.into()),
        country: Some(country.into()),
        sector: if code.len() > 3 {
            vec![code[3..].to_string()]
        } else {
            vec![]
        },
        role: None,
        typo: false,
        typo_mentions: Vec::new(),
        context_mentions: Vec::new(),
        kind: None,
        mentions: mentions.iter().map(|m| span(text, m)).collect(),
    }
}

fn entity(text: &str, needle: &str, label: EntityLabel, link: Option<&str>) -> Entity {
    let s = span(text, needle);
    Entity {
        start: s.start,
        end: s.end,
        text: s.text,
        label,
        score: 0.95,
        link: link.map(str::to_string),
    }
}

fn timex(text: &str, needle: &str, value: &str) -> Timex {
    let s = span(text, needle);
    Timex {
        start: s.start,
        end: s.end,
        text: s.text,
        kind: TimexType::Date,
        value: value.into(),
        modifier: None,
        range: None,
        anchor: TimeAnchor::Document {
            value: "2021-03-05".into(),
        },
    }
}

#[allow(clippy::too_many_arguments)]
fn event(
    text: &str,
    trigger: &str,
    cameo: &str,
    plover: &str,
    source: ActorRef,
    target: ActorRef,
    date: &str,
    modality: &str,
) -> Event {
    Event {
        cameo: cameo.into(),
        plover: plover.parse().expect("a PLOVER type"),
        mode: None,
        context: vec![],
        source: vec![source],
        target: vec![target],
        trigger: span(text, trigger),
        sentence: 0,
        date: Some(date.into()),
        date_source: "text".into(),
        modality: modality.parse().expect("a modality"),
        attribution: None,
        location: None,
        confidence: 0.8,
        content_of: None,
    }
}

fn base(id: &str, title: &str, date: &str, text: &str) -> Article {
    let mut a = Article::new(text.to_string());
    a.id = id.into();
    a.title = Some(title.into());
    a.date = PubDate::parse(date);
    a.source = Some("Fixture Daily".into());
    // The text stage gives paragraphs and sentences, as in a real ingest.
    chronicle::text::annotate(&mut a);
    a
}

/// A seed-like story: US and South Korean ministers plan to meet in Seoul.
pub fn summit() -> Article {
    let text = "Washington and Seoul plan talks\n\
US Secretary of State Mara Quinlan will meet South Korean Foreign Minister Han Do-yun in Seoul on March 17, officials said Friday.\n\
Seoul's trade envoy met US negotiators in Washington on Thursday to narrow differences over defence costs.\n\
By Staff Reporter";
    let mut a = base(
        SUMMIT_ID,
        "Washington and Seoul plan talks",
        "2021-03-05",
        text,
    );
    let quinlan = aref("kb:person/mara-quinlan", "Mara Quinlan", "USAGOV");
    let han = aref("kb:person/han-do-yun", "Han Do-yun", "KORGOV");
    a.entities = vec![
        entity(
            text,
            "Mara Quinlan",
            EntityLabel::Per,
            Some("kb:person/mara-quinlan"),
        ),
        entity(
            text,
            "Han Do-yun",
            EntityLabel::Per,
            Some("kb:person/han-do-yun"),
        ),
        entity(text, "Washington", EntityLabel::Loc, None),
    ];
    a.actors = vec![
        actor(
            text,
            &quinlan.id,
            "Mara Quinlan",
            "USAGOV",
            "USA",
            &["Mara Quinlan"],
        ),
        actor(
            text,
            &han.id,
            "Han Do-yun",
            "KORGOV",
            "KOR",
            &["Han Do-yun"],
        ),
    ];
    a.times = vec![
        timex(text, "March 17", "2021-03-17"),
        timex(text, "Thursday", "2021-03-04"),
    ];
    a.events = vec![
        event(
            text,
            "meet",
            "036",
            "CONSULT",
            quinlan.clone(),
            han.clone(),
            "2021-03-17",
            "planned",
        ),
        event(
            text,
            "met",
            "031",
            "CONSULT",
            aref("local:1", "trade envoy", "KORGOV"),
            aref("local:2", "US negotiators", "USAGOV"),
            "2021-03-04",
            "asserted",
        ),
    ];
    // The planned meeting is placed (for the map); the other event has no place.
    a.events[0].location = Some(Location {
        name: "Seoul".into(),
        country: Some("KOR".into()),
        lat: Some(37.566),
        lon: Some(126.978),
        span: None,
    });
    a
}

/// An unrelated story, for filters: Japan accuses China.
pub fn trade() -> Article {
    let text = "Tokyo protests fishing boats\nJapan accused China on Monday of sending fishing boats into its waters near the islands.";
    let mut a = base(TRADE_ID, "Tokyo protests fishing boats", "2021-02-10", text);
    a.actors = vec![
        actor(text, "kb:country/jpn", "Japan", "JPN", "JPN", &["Japan"]),
        actor(text, "kb:country/chn", "China", "CHN", "CHN", &["China"]),
    ];
    a.times = vec![timex(text, "Monday", "2021-02-08")];
    a.events = vec![event(
        text,
        "accused",
        "112",
        "ACCUSE",
        aref("kb:country/jpn", "Japan", "JPN"),
        aref("kb:country/chn", "China", "CHN"),
        "2021-02-08",
        "asserted",
    )];
    a
}

/// Markup in every field a page prints: it must come out as text.
pub fn hostile() -> Article {
    let text = "<script>alert('t')</script> headline\nThe <img src=x onerror=alert(1)> minister \"quoted\" & left.";
    let mut a = base(
        XSS_ID,
        "<script>alert('title')</script>",
        "2021-01-20",
        text,
    );
    a.entities = vec![entity(
        text,
        "<img src=x onerror=alert(1)>",
        EntityLabel::parse("MISC\"><script>"),
        None,
    )];
    a
}

pub fn fixtures() -> Vec<Article> {
    vec![summit(), trade(), hostile()]
}

/// Writes the fixtures into a new archive at `dir/test.db`.
pub fn archive(dir: &Path) -> PathBuf {
    let db = dir.join("test.db");
    let mut writer = chronicle_archive::Writer::open(&db).expect("create archive");
    writer.add_batch(&fixtures()).expect("store fixtures");
    db
}

/// A server over a fresh fixture archive on 127.0.0.1:0.
pub struct TestServer {
    pub running: chronicle_serve::Running,
    pub scratch: Scratch,
    pub db: PathBuf,
}

impl TestServer {
    pub fn start(name: &str, configure: impl FnOnce(&mut chronicle_serve::Options)) -> TestServer {
        let scratch = Scratch::new(name);
        let db = archive(scratch.path());
        let mut options = chronicle_serve::Options::new(&db, "127.0.0.1:0".parse().unwrap());
        configure(&mut options);
        let running = chronicle_serve::spawn(options).expect("server starts");
        TestServer {
            running,
            scratch,
            db,
        }
    }

    pub fn client(&self) -> chronicle_serve::client::Client {
        chronicle_serve::client::Client::new(self.running.addr()).unwrap()
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.running.addr())
    }
}

/// The demo archive (the example articles through the real pipeline, as `serve --demo`
/// builds it) at `scratch/demo.db`, served on a loopback port with corrections on.
pub fn demo_server(scratch: &Scratch) -> (PathBuf, chronicle_serve::Running) {
    let db = scratch.path().join("demo.db");
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/articles");
    let pipeline = chronicle::Pipeline::standard().expect("pipeline");
    let articles: Vec<_> = chronicle::read::read_inputs(
        std::slice::from_ref(&examples),
        &chronicle::read::ReadOptions::default(),
    )
    .flatten()
    .map(|read| Ok(read.article))
    .collect();
    let mut writer = chronicle_archive::Writer::open(&db).expect("archive");
    chronicle_archive::ingest(
        &mut writer,
        &pipeline,
        articles,
        &chronicle_archive::IngestOptions::default(),
        |_| {},
        |_| {},
    )
    .expect("ingest");
    drop(writer);
    let mut options = chronicle_serve::Options::new(&db, "127.0.0.1:0".parse().unwrap());
    options.feedback = true;
    (db, chronicle_serve::spawn(options).expect("server"))
}
