//! When an event happened: a time expression of its clause, else the clause's tense
//! (`PAST_REF`, `FUTURE_REF`), else the publication day for plain assertions.

use crate::doc::{Article, Modality, TimeRange, Timex, TimexType};

use super::lexicon::Match;
use super::sentence::Sentence;
use super::syntax::ClauseKind;

/// The value a DATE or TIME expression stands for (`begin/end` for a range); durations
/// and sets give none.
fn timex_value(t: &Timex) -> Option<String> {
    if !matches!(t.kind, TimexType::Date | TimexType::Time) {
        return None;
    }
    if let Some(TimeRange { begin, end }) = &t.range {
        return Some(format!("{begin}/{end}"));
    }
    if t.value.is_empty() {
        None
    } else {
        Some(t.value.clone())
    }
}

/// The event's date and where it came from: `"text"`, `"tense"` or `"publication"`.
pub(super) fn event_date(
    article: &Article,
    s: &Sentence,
    m: &Match,
    clause_index: usize,
    modality: Modality,
) -> (Option<String>, &'static str) {
    let clause = s.clauses.get(clause_index);
    let in_clause = |t: &&(usize, usize, usize)| {
        clause.is_some_and(|c| t.0 >= c.start && t.1 <= c.end)
            && s.clauses.get(s.clause_of(t.0)).map(|c| c.kind) != Some(ClauseKind::Speech)
    };
    let usable: Vec<(usize, usize, String)> = s
        .times
        .iter()
        .filter(in_clause)
        .filter_map(|&(a, b, k)| Some((a, b, timex_value(article.times.get(k)?)?)))
        .collect();
    // prefer the nearest time after the trigger, else the nearest before
    let after = usable
        .iter()
        .filter(|t| t.0 >= m.end)
        .min_by_key(|t| t.0 - m.end);
    let before = usable
        .iter()
        .filter(|t| t.1 <= m.start)
        .min_by_key(|t| m.start - t.1);
    if let Some(t) = after.or(before) {
        return (Some(t.2.clone()), "text");
    }
    // "since September 2019, when the two allies first started the talks"
    if let Some(c) = clause {
        if c.opener.as_deref() == Some("when") {
            let prev_time = s
                .times
                .iter()
                .filter(|t| t.1 <= c.start && t.1 + 2 >= c.start)
                .filter_map(|&(_, _, k)| timex_value(article.times.get(k)?))
                .next_back();
            if let Some(v) = prev_time {
                return (Some(v), "text");
            }
        }
    }
    // the clause's tense
    let lo = clause.map(|c| c.start).unwrap_or(0);
    let verbs: Vec<&str> = (lo..m.end).map(|i| s.word(i)).collect();
    if modality == Modality::Planned {
        return (Some("FUTURE_REF".into()), "tense");
    }
    let past = verbs.iter().any(|w| is_past(w)) || verbs.contains(&"had");
    if past {
        return (Some("PAST_REF".into()), "tense");
    }
    match article.day() {
        Some(day) if modality == Modality::Asserted => (Some(day.to_string()), "publication"),
        _ => (Some("PRESENT_REF".into()), "tense"),
    }
}

/// Past-tense forms: regular "-ed" and the irregular verbs news text uses.
pub(super) fn is_past(w: &str) -> bool {
    w.ends_with("ed")
        || matches!(
            w,
            "met"
                | "held"
                | "flew"
                | "went"
                | "came"
                | "took"
                | "gave"
                | "made"
                | "sent"
                | "struck"
                | "shot"
                | "fought"
                | "withdrew"
                | "led"
                | "began"
                | "broke"
                | "brought"
                | "kept"
                | "told"
                | "threw"
                | "froze"
                | "forgave"
                | "sought"
                | "spoke"
                | "sold"
                | "drove"
                | "swore"
                | "undertook"
                | "overthrew"
                | "stole"
                | "laid"
                | "paid"
                | "won"
                | "saw"
                | "was"
                | "were"
                | "did"
                | "had"
                | "hit"
                | "cut"
                | "put"
                | "set"
        )
}
