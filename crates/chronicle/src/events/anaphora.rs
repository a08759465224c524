//! Definite mentions that restate an earlier event ("the meeting", a sentence or two
//! later): which earlier event they can name, and whether the date they carry refines it.

use crate::doc::{ActorRef, Event};

use super::arguments::Draft;

/// How many sentences back a definite mention ("the meeting") may find what it refers to.
pub(super) const ANAPHOR_REACH: usize = 2;

/// Whether a definite nominal coded `anaphor` can name an event coded `antecedent`: the
/// same CAMEO root, and inside CONSULT the same kind (a meeting is not a visit).
pub(super) fn same_event_class(antecedent: &str, anaphor: &str) -> bool {
    let root = |c: &str| c.get(..2).map(str::to_string);
    if root(antecedent) != root(anaphor) {
        return false;
    }
    let consult_kind = |c: &str| match c.get(..3) {
        Some("042" | "043") => 1,
        Some("045") => 2,
        _ => 0,
    };
    root(anaphor).as_deref() != Some("04") || consult_kind(antecedent) == consult_kind(anaphor)
}

/// An anaphor without actors can name anything; one with actors only an event whose
/// sides include all their countries ("the meeting between the two allies").
pub(super) fn covers_actors(antecedent: &Event, anaphor: &Draft) -> bool {
    let country = |a: &ActorRef| {
        a.code
            .as_deref()
            .and_then(|c| c.get(..3))
            .map(str::to_string)
    };
    let known: Vec<String> = antecedent
        .source
        .iter()
        .chain(&antecedent.target)
        .filter_map(country)
        .collect();
    anaphor
        .source_refs
        .iter()
        .chain(&anaphor.target_refs)
        .filter_map(country)
        .all(|c| known.contains(&c))
}

/// First and last day-or-coarser calendar values of a TIMEX3 date ("2021-03-17/2021-03-18"
/// → both ends; "2021-03" → itself; "2023-W24" → its Monday and Sunday), or `None` for
/// values that are not calendar dates (seasons, references).
fn calendar_bounds(v: &str) -> Option<(String, String)> {
    let plain = |x: &str| {
        x.len() >= 4
            && x.chars().all(|c| c.is_ascii_digit() || c == '-')
            && x.get(..4)
                .is_some_and(|y| y.chars().all(|c| c.is_ascii_digit()))
    };
    if let Some((year, week)) = v.split_once("-W") {
        let (year, week) = (
            year.parse::<i32>().ok()?,
            week.get(..2)?.parse::<i64>().ok()?,
        );
        let jan4 = crate::date::Date::new(year, 1, 4)?;
        let monday = jan4.add_days(1 - i64::from(jan4.weekday()) + 7 * (week - 1));
        return Some((monday.to_string(), monday.add_days(6).to_string()));
    }
    let (a, b) = v.split_once('/').unwrap_or((v, v));
    let (a, b) = (a.get(..10).unwrap_or(a), b.get(..10).unwrap_or(b));
    (plain(a) && plain(b)).then(|| (a.to_string(), b.to_string()))
}

/// Whether the calendar value `x` lies inside `[lo, hi]`, each end standing for the whole
/// period it names ("2021-03" spans the month).
fn within(x: &str, lo: &str, hi: &str) -> bool {
    let cut = |y: &str, n: usize| y.get(..n.min(y.len())).unwrap_or(y).to_string();
    cut(x, lo.len()).as_str() >= lo && cut(x, hi.len()).as_str() <= hi
}

/// Whether a time carried by a definite mention sharpens the earlier event's date: it
/// must fall inside that date ("March 17-18" in "mid-March"; a value coarser than the old
/// one never does), or agree with the tense the
/// date was guessed from; a date that only came from the publication day gives way.
pub(super) fn refines_date(
    new: Option<&str>,
    old: Option<&str>,
    old_source: &str,
    day: Option<&str>,
) -> bool {
    let Some((n_lo, n_hi)) = new.and_then(calendar_bounds) else {
        return false;
    };
    let Some(old) = old else { return true };
    if new == Some(old) {
        return false;
    }
    match (old_source, calendar_bounds(old)) {
        ("text", Some((o_lo, o_hi))) => within(&n_lo, &o_lo, &o_hi) && within(&n_hi, &o_lo, &o_hi),
        ("text", None) => false,
        ("publication", _) => true,
        _ => match (old, day) {
            ("FUTURE_REF", Some(day)) => n_lo.as_str() > day,
            ("PAST_REF", Some(day)) => n_hi.as_str() < day,
            ("PRESENT_REF", _) => true,
            _ => false,
        },
    }
}
