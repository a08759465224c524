//! Cross-article event merging: when two event mentions are the same real-world event.
//!
//! Two mentions merge when they have the same PLOVER type (the family; CAMEO codes and
//! modes under it may differ between reports), the same modality, overlapping actors,
//! compatible dates and compatible places. A `planned` event and an `asserted` one that
//! would merge are kept apart and linked instead: the plan and its realisation.

use crate::when::DayInterval;

/// Longest date interval (days) precise enough to identify one real-world event:
/// "in March" is, "in 2021" is not.
pub const MAX_MERGE_SPAN_DAYS: i64 = 31;
/// Reports may be a day off (time zones, "yesterday" written near midnight).
pub const DATE_SLACK_DAYS: i64 = 1;

/// What merging looks at in an event mention or a merged event.
#[derive(Debug, Clone, PartialEq)]
pub struct EventKey {
    pub plover: String,
    pub modality: String,
    pub sources: Vec<String>,
    pub targets: Vec<String>,
    pub when: Option<DayInterval>,
    pub country: Option<String>,
}

/// Event types whose two sides act together, so "A meets B" and "B meets A" are one event.
pub fn is_symmetric(plover: &str) -> bool {
    matches!(plover, "CONSULT" | "AGREE" | "COOPERATE")
}

/// Actor codes match when equal or one refines the other (`USA` and `USAGOV`).
pub fn codes_match(a: &str, b: &str) -> bool {
    if a.len() < 3 || b.len() < 3 {
        return a == b && !a.is_empty();
    }
    a.starts_with(b) || b.starts_with(a)
}

fn matches_in(a: &[String], b: &[String]) -> usize {
    a.iter()
        .filter(|x| b.iter().any(|y| codes_match(x, y)))
        .count()
}

fn union(a: &[String], b: &[String]) -> Vec<String> {
    let mut out: Vec<String> = a.iter().chain(b).cloned().collect();
    out.sort();
    out.dedup();
    out
}

/// Whether the actors of two mentions can be the same event's.
pub fn actors_compatible(a: &EventKey, b: &EventKey) -> bool {
    let directed = |a_side: &[String], b_side: &[String]| {
        a_side.is_empty() || b_side.is_empty() || matches_in(a_side, b_side) > 0
    };
    let total = matches_in(
        &union(&a.sources, &a.targets),
        &union(&b.sources, &b.targets),
    );
    if total == 0 {
        return false;
    }
    if is_symmetric(&a.plover) {
        // Participants as a set: all of the smaller side's (up to two) must be present,
        // so "USA meets KOR" never merges with "USA meets JPN".
        let pa = union(&a.sources, &a.targets);
        let pb = union(&b.sources, &b.targets);
        let (small, large) = if pa.len() <= pb.len() {
            (&pa, &pb)
        } else {
            (&pb, &pa)
        };
        return matches_in(small, large) >= small.len().min(2);
    }
    directed(&a.sources, &b.sources) && directed(&a.targets, &b.targets)
}

/// A date precise enough to merge on: known, and no longer than `MAX_MERGE_SPAN_DAYS`.
pub fn date_mergeable(when: Option<DayInterval>) -> bool {
    when.is_some_and(|w| w.len() <= MAX_MERGE_SPAN_DAYS)
}

/// Both dates known, precise enough, and overlapping.
pub fn dates_compatible(a: Option<DayInterval>, b: Option<DayInterval>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => {
            date_mergeable(Some(a)) && date_mergeable(Some(b)) && a.overlaps(&b, DATE_SLACK_DAYS)
        }
        _ => false,
    }
}

/// Places agree unless both are known and differ.
pub fn places_compatible(a: Option<&str>, b: Option<&str>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
        _ => true,
    }
}

/// Everything but modality agrees.
fn same_happening(a: &EventKey, b: &EventKey) -> bool {
    a.plover == b.plover
        && dates_compatible(a.when, b.when)
        && places_compatible(a.country.as_deref(), b.country.as_deref())
        && actors_compatible(a, b)
}

/// `a` and `b` report the same real-world event and belong in one merged event.
pub fn same_event(a: &EventKey, b: &EventKey) -> bool {
    a.modality == b.modality && same_happening(a, b)
}

/// `happened` is the realisation of `planned`.
pub fn realizes(happened: &EventKey, planned: &EventKey) -> bool {
    happened.modality == "asserted"
        && planned.modality == "planned"
        && same_happening(happened, planned)
}

/// Confidence of a merged event from its independent reports: the chance that not all of
/// them are wrong, `1 - Π(1 - cᵢ)`, capped below certainty.
pub fn combined_confidence(independent: &[f32]) -> f32 {
    let miss: f64 = independent
        .iter()
        .map(|c| 1.0 - f64::from(c.clamp(0.0, 0.99)))
        .product();
    if independent.is_empty() {
        return 0.0;
    }
    (1.0 - miss).clamp(0.0, 0.999) as f32
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(plover: &str, modality: &str, src: &[&str], tgt: &[&str], when: (i64, i64)) -> EventKey {
        EventKey {
            plover: plover.into(),
            modality: modality.into(),
            sources: src.iter().map(|s| s.to_string()).collect(),
            targets: tgt.iter().map(|s| s.to_string()).collect(),
            when: Some(DayInterval {
                start: when.0,
                end: when.1,
            }),
            country: None,
        }
    }

    #[test]
    fn same_meeting_reported_twice_merges() {
        let a = key("CONSULT", "asserted", &["USAGOV"], &["KORGOV"], (100, 100));
        let b = key("CONSULT", "asserted", &["KOR"], &["USA"], (101, 101));
        assert!(same_event(&a, &b));
    }

    #[test]
    fn different_partners_or_days_or_types_do_not_merge() {
        let a = key("CONSULT", "asserted", &["USA"], &["KOR"], (100, 100));
        assert!(!same_event(
            &a,
            &key("CONSULT", "asserted", &["USA"], &["JPN"], (100, 100))
        ));
        assert!(!same_event(
            &a,
            &key("CONSULT", "asserted", &["USA"], &["KOR"], (110, 110))
        ));
        assert!(!same_event(
            &a,
            &key("ACCUSE", "asserted", &["USA"], &["KOR"], (100, 100))
        ));
        assert!(!same_event(
            &a,
            &key("CONSULT", "planned", &["USA"], &["KOR"], (100, 100))
        ));
        // Directed types keep direction: A accusing B is not B accusing A.
        let acc = key("ACCUSE", "asserted", &["PRK"], &["KOR"], (100, 100));
        assert!(!same_event(
            &acc,
            &key("ACCUSE", "asserted", &["KOR"], &["PRK"], (100, 100))
        ));
        // Years are too vague to identify a single event.
        let y = key("CONSULT", "asserted", &["USA"], &["KOR"], (0, 364));
        assert!(!same_event(&y, &y.clone()));
    }

    #[test]
    fn places_must_agree_when_both_known() {
        let mut a = key("PROTEST", "asserted", &["KORCVL"], &[], (5, 5));
        let mut b = a.clone();
        a.country = Some("KOR".into());
        b.country = Some("JPN".into());
        assert!(!same_event(&a, &b));
        b.country = None;
        assert!(same_event(&a, &b));
    }

    #[test]
    fn a_plan_is_realised_by_the_event_it_announced() {
        let planned = key("CONSULT", "planned", &["USA"], &["KOR"], (70, 100)); // "in March"
        let happened = key("CONSULT", "asserted", &["USAGOV"], &["KORGOV"], (85, 85));
        assert!(realizes(&happened, &planned));
        assert!(!realizes(&planned, &happened));
        assert!(!same_event(&planned, &happened));
    }

    #[test]
    fn confidence_grows_with_independent_reports() {
        let one = combined_confidence(&[0.6]);
        let two = combined_confidence(&[0.6, 0.6]);
        let three = combined_confidence(&[0.6, 0.6, 0.6]);
        assert!(one < two && two < three && three < 1.0);
        assert!((one - 0.6).abs() < 1e-6);
        assert_eq!(combined_confidence(&[]), 0.0);
        assert!(codes_match("USA", "USAGOV") && !codes_match("USAGOV", "USAMIL"));
    }
}
