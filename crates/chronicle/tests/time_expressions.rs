//! Table-driven checks of the time layer. The cases are data, one per line of
//! `tests/data/time_expressions.tsv` (its header says what the columns mean); one loop runs
//! them all and reports every failing line, not just the first. The few checks a line
//! cannot say (ranges, the exact list of expressions) follow as code.

use chronicle::date::{Date, PubDate};
use chronicle::pipeline::{Stage, TextStage};
use chronicle::time::TimeStage;
use chronicle::Article;

const CASES: &str = include_str!("data/time_expressions.tsv");

/// Tags `text` with the article date `date` (`YYYY-MM-DD`).
fn tag_on(text: &str, date: Option<Date>) -> Article {
    let mut article = Article::new(text.to_string());
    article.date = date.map(PubDate::day);
    TextStage.annotate(&mut article);
    TimeStage::new().annotate(&mut article);
    article
}

/// Tags with the article date the cases mostly use: Friday 2021-03-05.
fn tag(text: &str) -> Article {
    tag_on(text, Date::new(2021, 3, 5))
}

fn parse_date(s: &str) -> Option<Date> {
    let mut parts = s.splitn(3, '-');
    let y = parts.next()?.parse().ok()?;
    let m = parts.next()?.parse().ok()?;
    let d = parts.next()?.parse().ok()?;
    Date::new(y, m, d)
}

/// What is wrong with one case, if anything.
fn check_case(fields: &[&str]) -> Result<(), String> {
    let [date, text, expression, kind, value, modifier] = fields else {
        return Err(format!(
            "expected 6 tab-separated fields, got {}",
            fields.len()
        ));
    };
    let date = parse_date(date).ok_or_else(|| format!("bad article date {date:?}"))?;
    let a = tag_on(text, Some(date));
    let found: Vec<_> = a
        .times
        .iter()
        .map(|t| (t.text.as_str(), t.kind.as_str(), t.value.as_str()))
        .collect();
    if *expression == "-" {
        return match found.is_empty() {
            true => Ok(()),
            false => Err(format!("expected no time expression, found {found:?}")),
        };
    }
    if let Some(absent) = expression.strip_prefix('!') {
        return match a.times.iter().any(|t| t.text == absent) {
            false => Ok(()),
            true => Err(format!("{absent:?} should not be a time: {found:?}")),
        };
    }
    let Some(t) = a.times.iter().find(|t| t.text == *expression) else {
        return Err(format!("{expression:?} not found in {found:?}"));
    };
    let got_mod = t.modifier.as_deref().unwrap_or("-");
    let pairs = [
        ("type", *kind, t.kind.as_str()),
        ("value", *value, t.value.as_str()),
        ("mod", *modifier, got_mod),
    ];
    let wrong: Vec<String> = pairs
        .iter()
        .filter(|(_, want, got)| *want != "*" && want != got)
        .map(|(what, want, got)| format!("{what} {got:?}, expected {want:?}"))
        .collect();
    match wrong.is_empty() {
        true => Ok(()),
        false => Err(format!("{expression:?}: {}", wrong.join(", "))),
    }
}

#[test]
fn every_case_in_the_table() {
    let mut failures = Vec::new();
    let mut cases = 0;
    let mut header_seen = false;
    for (index, line) in CASES.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        if !header_seen {
            header_seen = true;
            assert!(
                line.starts_with("date\t"),
                "line {}: header expected",
                index + 1
            );
            continue;
        }
        cases += 1;
        let fields: Vec<&str> = line.split('\t').collect();
        if let Err(e) = check_case(&fields) {
            let text = fields.get(1).unwrap_or(&"");
            failures.push(format!("line {}: {text:?}: {e}", index + 1));
        }
    }
    assert!(
        cases >= 159,
        "only {cases} cases read from the table (159 when it was made)"
    );
    assert!(
        failures.is_empty(),
        "{} of {cases} cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// A span's range is written on both of its ends.
#[test]
fn ranges_carry_their_begin_and_end() {
    let a = tag("Talks ran from 2019 to 2021 without result.");
    let ends: Vec<_> = a.times.iter().map(|t| t.value.as_str()).collect();
    assert_eq!(ends, ["2019", "2021"]);
    for t in &a.times {
        let r = t.range.as_ref().expect("range");
        assert_eq!((r.begin.as_str(), r.end.as_str()), ("2019", "2021"));
    }
    let a = tag("The office will close between Monday and Wednesday.");
    let r = a.times[0].range.as_ref().expect("range");
    assert_eq!(
        (r.begin.as_str(), r.end.as_str()),
        ("2021-03-08", "2021-03-10")
    );
}

/// Phrases that only frame another time are not times of their own.
#[test]
fn framing_phrases_are_left_out() {
    let a = tag("The doctor was shot on the night of Oct. 23.");
    let texts: Vec<_> = a.times.iter().map(|t| t.text.as_str()).collect();
    assert_eq!(texts, ["Oct. 23"]);
}

/// "April 24 and 25" are two days.
#[test]
fn coordinated_days() {
    let a = tag("The summit will be held on April 24 and 25 in Seoul.");
    let found: Vec<_> = a
        .times
        .iter()
        .map(|t| (t.text.as_str(), t.value.as_str()))
        .collect();
    assert_eq!(found, [("April 24", "2021-04-24"), ("25", "2021-04-25")]);
}
