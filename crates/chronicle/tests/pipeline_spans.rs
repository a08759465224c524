//! Property tests over the whole standard pipeline: whatever the text, no stage panics and
//! every layer keeps the invariants `Article::validate` checks (spans on char boundaries
//! carrying their text, indexes into existing entries, TIMEX3 dates that are real days).

use chronicle::date::{Date, PubDate};
use chronicle::doc::Article;
use chronicle::pipeline::Pipeline;
use chronicle::read::read_plain;
use proptest::prelude::*;
use std::sync::OnceLock;

fn pipeline() -> &'static Pipeline {
    static PIPELINE: OnceLock<Pipeline> = OnceLock::new();
    PIPELINE.get_or_init(|| Pipeline::standard().expect("the shipped models load"))
}

fn check_layers(a: &Article) {
    if let Err(broken) = a.validate() {
        panic!("{broken}\ntext: {:?}", a.text);
    }
    // The JSON output is what users read: it must always serialise.
    let _ = chronicle::output::article_json(a, true);
}

/// News-like text: names, titles, dates, verbs of the event dictionaries, quotes, numbers and
/// noise, in any order.
fn news_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("Secretary of State Antony Blinken ".to_string()),
        Just("President Joe Bien ".to_string()),
        Just("South Korea's Foreign Ministry ".to_string()),
        Just("Seoul ".to_string()),
        Just("Pyongyang ".to_string()),
        Just("the US ".to_string()),
        Just("will meet ".to_string()),
        Just("met with ".to_string()),
        Just("denied ".to_string()),
        Just("accused ".to_string()),
        Just("said ".to_string()),
        Just("on Thursday ".to_string()),
        Just("mid-March ".to_string()),
        Just("March 17-18 ".to_string()),
        Just("February 30 ".to_string()),
        Just("19-Nov-12 ".to_string()),
        Just("2882015 ".to_string()),
        Just("the following month ".to_string()),
        Just("three-day ".to_string()),
        Just("$1.2 billion ".to_string()),
        Just("28,500 American troops ".to_string()),
        Just("“".to_string()),
        Just("”".to_string()),
        Just("\"".to_string()),
        Just(", ".to_string()),
        Just(". ".to_string()),
        Just("\n\n".to_string()),
        "[A-Z][a-z]{1,8} ",
        "[0-9]{1,4}",
        any::<char>().prop_map(|c| c.to_string()),
    ];
    prop::collection::vec(piece, 0..60).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn every_layer_of_news_like_text(text in news_text()) {
        let mut a = read_plain(text);
        a.date = Some(PubDate::day(Date::new(2021, 3, 5).expect("valid day")));
        pipeline().annotate(&mut a);
        check_layers(&a);
    }

    #[test]
    fn every_layer_of_any_text_without_a_date(text in "\\PC{0,300}") {
        let mut a = read_plain(text);
        a.date = None;
        pipeline().annotate(&mut a);
        check_layers(&a);
    }
}
