//! The seed story through the whole standard pipeline. Reads the seed when present
//! (see `common::seed_path`), skips otherwise.

mod common;

use chronicle::date::PubDate;
use chronicle::doc::{Article, Event};
use chronicle::Pipeline;

fn countries(refs: &[chronicle::doc::ActorRef]) -> Vec<String> {
    let mut v: Vec<String> = refs
        .iter()
        .filter_map(|a| a.code.as_deref())
        .filter_map(|c| c.get(..3))
        .map(str::to_string)
        .collect();
    v.sort();
    v.dedup();
    v
}

fn show(a: &Article) -> String {
    a.events
        .iter()
        .map(|e| {
            format!(
                "{} {} {} {:?}->{:?} {:?} {} {}",
                e.trigger.text,
                e.cameo,
                e.plover,
                e.source.iter().map(|x| x.code.clone()).collect::<Vec<_>>(),
                e.target.iter().map(|x| x.code.clone()).collect::<Vec<_>>(),
                e.date,
                e.date_source,
                e.modality
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn find<'a>(a: &'a Article, what: &str, pred: impl Fn(&Event) -> bool) -> &'a Event {
    a.events
        .iter()
        .find(|e| pred(e))
        .unwrap_or_else(|| panic!("no event for {what}; events:\n{}", show(a)))
}

#[test]
fn seed_events() {
    let Some(text) = common::seed_text() else {
        return;
    };
    let pipeline = Pipeline::standard().expect("standard pipeline");
    let mut a = Article::new(text);
    a.date = PubDate::parse("2021-03-05");
    pipeline.annotate(&mut a);
    if a.actors.is_empty() {
        eprintln!("skipping: no actors layer in the standard pipeline yet");
        return;
    }
    eprintln!("{}", show(&a));

    let meet = find(&a, "Blinken/Austin meeting", |e| {
        e.trigger.text.starts_with("meet")
    });
    assert_eq!(meet.plover, "CONSULT");
    assert_eq!(meet.modality, "planned");
    assert_eq!(meet.date.as_deref(), Some("2021-03-17/2021-03-18"));
    assert_eq!(countries(&meet.source), ["USA"]);
    assert_eq!(meet.source.len(), 2, "Blinken and Austin");
    assert!(meet
        .target
        .iter()
        .all(|t| t.code.as_deref() == Some("KORGOV")));
    assert_eq!(
        meet.attribution.as_ref().map(|x| x.text.as_str()),
        Some("sources")
    );

    let talks = find(&a, "cost-sharing negotiations", |e| {
        e.cameo == "046" && e.date.as_deref() == Some("2019-09")
    });
    let mut both = countries(&talks.source);
    both.extend(countries(&talks.target));
    both.sort();
    assert_eq!(both, ["KOR", "USA"]);

    let trip = find(&a, "trip to Washington", |e| e.trigger.text == "flew to");
    assert_eq!(trip.cameo, "042");
    assert_eq!(trip.date.as_deref(), Some("2021-03-04"));
    assert_eq!(trip.modality, "asserted");
    assert_eq!(countries(&trip.source), ["KOR"]);
    assert_eq!(countries(&trip.target), ["USA"]);

    let rift = find(&a, "disagreement", |e| e.trigger.text == "see eye to eye");
    assert_eq!(rift.cameo, "110");
    assert_eq!(countries(&rift.source), ["KOR"]);
    assert_eq!(countries(&rift.target), ["USA"]);

    let video = find(&a, "videoconference", |e| {
        e.date.as_deref() == Some("2021-04-22") && e.plover == "CONSULT"
    });
    assert_eq!(video.modality, "planned");
    let mut leaders = countries(&video.source);
    leaders.extend(countries(&video.target));
    leaders.sort();
    assert_eq!(leaders, ["KOR", "USA"]);

    let summit = find(&a, "May summit", |e| e.date.as_deref() == Some("2021-05"));
    assert_eq!(summit.plover, "CONSULT");
    assert_eq!(summit.modality, "planned");

    // the quote and its speaker
    let q = a
        .quotes
        .iter()
        .find(|q| q.text.contains("nothing is definitive"))
        .expect("the Foreign Ministry quote");
    assert_eq!(
        q.speaker_span.as_ref().map(|s| s.text.as_str()),
        Some("a Foreign Ministry official")
    );
}
