//! The time layer on the seed article (when the shared seeds are present) and on an
//! article of our own written in the same style, with the same kinds of expressions.

mod common;

use chronicle::date::{Date, PubDate};
use chronicle::doc::TimeAnchor;
use chronicle::pipeline::{Stage, TextStage};
use chronicle::time::TimeStage;
use chronicle::Article;

fn tag(text: &str, date: Option<Date>) -> Article {
    let mut article = Article::new(text.to_string());
    article.date = date.map(PubDate::day);
    TextStage.annotate(&mut article);
    TimeStage::new().annotate(&mut article);
    article
}

/// Finds the first time whose text is `text` (after byte `from`) and checks its value.
fn expect(article: &Article, text: &str, value: &str, modifier: Option<&str>) -> usize {
    let Some(k) = article.times.iter().position(|t| t.text == text) else {
        panic!(
            "{text:?} not found; times: {:?}",
            article
                .times
                .iter()
                .map(|t| (&t.text, &t.value))
                .collect::<Vec<_>>()
        );
    };
    let t = &article.times[k];
    assert_eq!(t.value, value, "value of {text:?}");
    assert_eq!(t.modifier.as_deref(), modifier, "mod of {text:?}");
    k
}

#[test]
fn seed_article_times() {
    let Some(text) = common::seed_text() else {
        return;
    };
    // the plain-text reader finds the `date 2021-03-05` header; the header is not prose
    let mut article = chronicle::read::read_plain(text);
    assert_eq!(article.day(), Date::new(2021, 3, 5));
    TextStage.annotate(&mut article);
    TimeStage::new().annotate(&mut article);
    assert!(article.times.iter().all(|t| t.text != "2021-03-05"));
    expect(&article, "Feb. 26, 2021", "2021-02-26", None);
    expect(&article, "mid-March", "2021-03", Some("MID"));
    expect(&article, "three-day", "P3D", None);
    let k = expect(&article, "March 17-18", "2021-03-17", None);
    let range = article.times[k].range.as_ref().expect("a range");
    assert_eq!(
        (range.begin.as_str(), range.end.as_str()),
        ("2021-03-17", "2021-03-18")
    );
    expect(&article, "Friday", "2021-03-05", None);
    expect(&article, "January", "2021-01", None);
    expect(&article, "Thursday", "2021-03-04", None);
    expect(&article, "September 2019", "2019-09", None);
    let april = expect(&article, "April 22", "2021-04-22", None);
    expect(&article, "Earth Day", "2021-04-22", None);
    let k = expect(&article, "The following month", "2021-05", None);
    match &article.times[k].anchor {
        TimeAnchor::Time { index, value } => {
            assert!(*index == april || article.times[*index].text == "Earth Day");
            assert_eq!(value, "2021-04-22");
        }
        other => panic!("anchored on {other:?}"),
    }
}

/// Our own article, dated Friday 2021-03-05, with the seed's kinds of expressions.
const OWN_ARTICLE: &str = "Trade ministers of the two neighbours held a video call on Jan. 28, 2021 \
to prepare a round of tariff talks.\n\
The ministers will sit down in Tokyo in late March after a two-day visit to Osaka, officials said \
Friday, adding that the talks would run on March 24-25.\n\
The last formal round ended in November 2018. The chief negotiator arrived in Seoul on Wednesday \
for preparatory meetings, and the agreement has been stalled since the government changed in February.\n\
Both sides want a deal before Christmas, and the leaders will talk again on June 5, World Environment \
Day. The following week, the ministers will report to parliament. Two days ago the central bank \
said prices rose 3 percent in the fourth quarter of 2020, and talks resumed at 3 p.m. local time on Tuesday.";

#[test]
fn own_article_times() {
    let a = tag(OWN_ARTICLE, Date::new(2021, 3, 5));
    expect(&a, "Jan. 28, 2021", "2021-01-28", None);
    expect(&a, "late March", "2021-03", Some("END"));
    expect(&a, "two-day", "P2D", None);
    expect(&a, "Friday", "2021-03-05", None);
    let k = expect(&a, "March 24-25", "2021-03-24", None);
    assert!(a.times[k].range.is_some());
    expect(&a, "November 2018", "2018-11", None);
    expect(&a, "Wednesday", "2021-03-03", None);
    expect(&a, "February", "2021-02", None);
    expect(&a, "Christmas", "2021-12-25", None);
    expect(&a, "June 5", "2021-06-05", None);
    expect(&a, "The following week", "2021-W23", None);
    expect(&a, "Two days ago", "2021-03-03", None);
    expect(&a, "the fourth quarter of 2020", "2020-Q4", None);
    expect(&a, "3 p.m. local time on Tuesday", "2021-03-02T15:00", None);
}

#[test]
fn without_a_date_relative_values_stay_underspecified() {
    let a = tag(
        "The envoy flew home on Thursday and returns on March 17.",
        None,
    );
    expect(&a, "Thursday", "XXXX-WXX-4", None);
    expect(&a, "March 17", "XXXX-03-17", None);
    let a = tag(
        "Talks stalled in September 2019. They resume on April 22. The following month, \
         leaders meet.",
        None,
    );
    expect(&a, "September 2019", "2019-09", None);
    expect(&a, "April 22", "XXXX-04-22", None);
    expect(&a, "The following month", "XXXX-XX", None);
}

#[test]
fn the_clause_tense_picks_the_weekday() {
    let d = Date::new(2021, 3, 5);
    let a = tag("The minister will meet his counterpart Thursday.", d);
    expect(&a, "Thursday", "2021-03-11", None);
    let a = tag("The minister met his counterpart Thursday.", d);
    expect(&a, "Thursday", "2021-03-04", None);
    let a = tag("Exports fell sharply in July, the ministry said.", d);
    expect(&a, "July", "2020-07", None);
}

#[test]
fn garbled_dates_never_yield_invalid_values() {
    let d = Date::new(2021, 3, 5);
    for text in [
        "It happened on February 30, 2021.",
        "Reference 2882015 was filed.",
        "Filed 19-Nov-12 by the clerk.",
        "Meet on 31/31/2021 or 2/30/2020 or 00/00/0000.",
        "On February 29 of 2021 and on the 45th of March.",
        "In the year 99999 and 0000.",
    ] {
        let a = tag(text, d);
        for t in &a.times {
            assert!(
                valid_value(&t.value),
                "{text:?}: {:?} -> {}",
                t.text,
                t.value
            );
        }
    }
    let a = tag("Filed 19-Nov-12 by the clerk.", d);
    expect(&a, "19-Nov-12", "2012-11-19", None);
}

/// A TIMEX3 value is well formed and, when it names a day, that day exists.
fn valid_value(v: &str) -> bool {
    if v.ends_with("_REF") || v.starts_with('P') || v.starts_with('X') {
        return true;
    }
    let year = v.get(0..4).and_then(|y| y.parse::<i32>().ok());
    let month = v.get(5..7).and_then(|m| m.parse::<u32>().ok());
    let day = v.get(8..10).and_then(|d| d.parse::<u32>().ok());
    match (year, v.as_bytes().get(4), month, day) {
        (Some(y), Some(b'-'), Some(m), Some(d)) if v.as_bytes().get(7) == Some(&b'-') => {
            Date::new(y, m, d).is_some()
        }
        (Some(_), Some(b'-'), Some(m), None) => (1..=12).contains(&m),
        (Some(_), _, _, _) => true,
        _ => v.len() <= 3 && v.bytes().all(|b| b.is_ascii_digit()),
    }
}

#[test]
fn random_text_never_panics() {
    let pieces = [
        "March",
        "17",
        "-",
        "18",
        ",",
        "2021",
        "the",
        "following",
        "month",
        "ago",
        "two",
        "days",
        "'",
        "90s",
        "Q3",
        "p.m.",
        "12:99",
        "Feb.",
        "30",
        "mid",
        "of",
        "last",
        "year",
        "early",
        "next",
        "Easter",
        "Lunar",
        "New",
        "Year",
        "every",
        "Monday",
        "half",
        "a",
        "—",
        "’",
        "at",
        "noon",
        "1999-2000",
        "19-Nov-12",
        "31/12/99",
        "9999",
        "0000",
    ];
    let mut seed = 7u64;
    for _ in 0..300 {
        let mut s = String::new();
        for _ in 0..12 {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            s.push_str(pieces[(seed >> 33) as usize % pieces.len()]);
            s.push(if seed & 1 == 0 { ' ' } else { '-' });
        }
        for date in [
            None,
            Date::new(2021, 3, 5),
            Date::new(1, 1, 1),
            Date::new(9999, 12, 31),
        ] {
            let a = tag(&s, date);
            for t in &a.times {
                assert!(valid_value(&t.value), "{s:?}: {:?} -> {}", t.text, t.value);
            }
        }
    }
}

mod prop {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn any_text_is_safe(
            words in proptest::collection::vec(
                prop_oneof![
                    "\\PC{0,6}",
                    "[0-9]{1,5}([-/.:][0-9]{1,4}){0,2}",
                    Just("March".to_string()), Just("Feb.".to_string()), Just("the".to_string()),
                    Just("last".to_string()), Just("ago".to_string()), Just("quarter".to_string()),
                    Just("’".to_string()), Just("p.m.".to_string()), Just("mid-".to_string()),
                    Just("year-earlier".to_string()), Just("nineteen".to_string()),
                ],
                0..24,
            ),
            days in -800_000i64..800_000,
        ) {
            let text = words.join(" ");
            let date = Some(Date::from_days(days)).filter(|d| (1..=9999).contains(&d.year));
            let a = tag(&text, date);
            for t in &a.times {
                prop_assert!(valid_value(&t.value), "{:?}: {:?} -> {}", text, t.text, t.value);
                prop_assert!(text.get(t.start..t.end) == Some(t.text.as_str()));
            }
        }
    }
}
