//! Time ranges never end before they start (issue #17): an inverted pair is re-anchored
//! (the day or year the phrase names holds both ends) or left without a range.

use chronicle::date::{Date, PubDate};
use chronicle::pipeline::{Stage, TextStage};
use chronicle::time::TimeStage;
use chronicle::Article;

/// Annotated as of Friday 2021-03-05.
fn tag(text: &str) -> Article {
    let mut a = Article::new(text.to_string());
    a.date = Date::new(2021, 3, 5).map(PubDate::day);
    TextStage.annotate(&mut a);
    TimeStage::new().annotate(&mut a);
    a
}

#[test]
fn no_range_ends_before_it_starts() {
    for text in [
        "The talks run 9:30 - 11:00 on Thursday.",
        "Talks ran 9:30 - 11:00 on Thursday.",
        "The quota for the year (January-December) was set.",
        "The fiscal year runs April-March.",
        "Imports rose between January and September this year.",
        "The meeting is set for 14:00 - 09:00 on Monday.",
    ] {
        let a = tag(text);
        for t in &a.times {
            if let Some(r) = &t.range {
                let iso = |v: &str| v.len() >= 4 && v.bytes().take(4).all(|b| b.is_ascii_digit());
                if iso(&r.begin) && iso(&r.end) {
                    assert!(
                        r.begin <= r.end || r.begin.starts_with(&r.end),
                        "{text}: {} .. {}",
                        r.begin,
                        r.end
                    );
                }
            }
        }
    }
}
