//! The shipped example story about a US–South Korea meeting (examples/articles) through the
//! standard pipeline: the web UI puts its meeting on KOR's timeline and draws a USA–KOR edge,
//! so the meeting must carry both sides and its planned dates.

use std::path::PathBuf;

use chronicle::date::PubDate;
use chronicle::doc::Article;
use chronicle::Pipeline;

#[test]
fn alliance_talks_meeting_has_both_sides_and_planned_dates() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples/articles/01_alliance_talks.txt");
    let text = std::fs::read_to_string(&path).expect("the example article ships with the repo");
    let pipeline = Pipeline::standard().expect("standard pipeline");
    let mut a = Article::new(text);
    a.date = PubDate::parse("2023-06-09");
    pipeline.annotate(&mut a);
    if a.actors.is_empty() {
        eprintln!("skipping: no actors layer in the standard pipeline");
        return;
    }
    let meet = a
        .events
        .iter()
        .find(|e| e.trigger.text == "meet")
        .unwrap_or_else(|| panic!("no meeting event: {:#?}", a.events));
    let country = |refs: &[chronicle::doc::ActorRef]| -> Vec<String> {
        refs.iter()
            .filter_map(|r| r.code.as_deref()?.get(..3).map(str::to_string))
            .collect()
    };
    assert!(
        country(&meet.source).iter().all(|c| c == "USA"),
        "{meet:#?}"
    );
    assert!(!meet.source.is_empty());
    assert_eq!(country(&meet.target), ["KOR"], "{meet:#?}");
    assert_eq!(meet.plover, "CONSULT");
    assert_eq!(meet.modality, "planned");
    // "next week" sharpened by "the meeting is set for June 15-16"
    assert_eq!(meet.date.as_deref(), Some("2023-06-15/2023-06-16"));
    assert_eq!(meet.date_source, "text");
}
