//! Words for codes: what the UI prints instead of TIMEX3 values, CAMEO codes and actor codes
//! (dates people read, "consults", "Express intent to meet or negotiate", "United States
//! (government)") and event titles in words.

use std::collections::HashMap;
use std::path::Path;
use std::sync::OnceLock;

use chronicle::date::Date;
use chronicle::events::plover::PloverTable;
use chronicle_archive as archive;

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

const WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

fn month_name(m: u32) -> &'static str {
    MONTHS.get(m as usize - 1).copied().unwrap_or("?")
}

fn short_month(m: u32) -> &'static str {
    month_name(m).get(0..3).unwrap_or("?")
}

/// "14 Sep 2021".
pub(crate) fn day(d: Date) -> String {
    format!("{} {} {}", d.day, short_month(d.month), d.year)
}

/// "14–16 Sep 2021", "30 Sep – 2 Oct 2021", "September 2021" (a whole month).
pub(crate) fn day_range(begin: Date, end: Date) -> String {
    if begin >= end {
        return day(begin);
    }
    if begin.year == end.year && begin.month == end.month {
        if begin.day == 1 && end.day == chronicle::date::days_in_month(end.year, end.month) {
            return format!("{} {}", month_name(begin.month), begin.year);
        }
        return format!(
            "{}–{} {} {}",
            begin.day,
            end.day,
            short_month(begin.month),
            begin.year
        );
    }
    if begin.year == end.year {
        if begin.month == 1 && begin.day == 1 && end.month == 12 && end.day == 31 {
            return begin.year.to_string();
        }
        return format!(
            "{} {} – {} {} {}",
            begin.day,
            short_month(begin.month),
            end.day,
            short_month(end.month),
            begin.year
        );
    }
    format!("{} – {}", day(begin), day(end))
}

/// A stored ISO date or date-time (`2021-09-14`, `2021-09-14T08:30:00+09:00`) in words:
/// "14 Sep 2021", "14 Sep 2021, 08:30 (+09:00)". Anything else is returned as it is.
pub(crate) fn published(iso: &str) -> String {
    let Some(d) = iso.get(0..10).and_then(Date::parse_iso) else {
        return iso.to_string();
    };
    let rest = iso.get(10..).unwrap_or("");
    let Some(time) = rest.strip_prefix('T') else {
        return day(d);
    };
    let clock = time
        .get(0..5)
        .filter(|c| c.as_bytes().get(2) == Some(&b':'));
    let zone = time
        .find(['+', '-', 'Z'])
        .and_then(|i| time.get(i..))
        .map(|z| {
            if z == "Z" {
                "UTC".to_string()
            } else {
                z.to_string()
            }
        });
    match (clock, zone) {
        (Some(c), Some(z)) => format!("{}, {c} ({z})", day(d)),
        (Some(c), None) => format!("{}, {c}", day(d)),
        _ => day(d),
    }
}

/// The Monday of ISO week `week` of `year`.
fn iso_week_monday(year: i32, week: u32) -> Option<Date> {
    let jan4 = Date::new(year, 1, 4)?;
    let monday = jan4.add_days(1 - i64::from(jan4.weekday()));
    Some(monday.add_days(7 * (i64::from(week) - 1)))
}

fn part_of_day(code: &str) -> Option<&'static str> {
    Some(match code {
        "MO" => "morning",
        "AF" => "afternoon",
        "EV" => "evening",
        "NI" => "night",
        "DT" => "daytime",
        _ => return None,
    })
}

/// A TIMEX3 value in words. `reported` is the day the report came out: relative values
/// are said against it ("before 14 Sep 2021 (reported)"). Never returns `PAST_REF`,
/// `FUTURE_REF` or an `X` placeholder.
pub(crate) fn timex(value: &str, reported: Option<Date>) -> String {
    let v = value.trim();
    let rep = reported.map(day);
    match v {
        "PAST_REF" => {
            return match rep {
                Some(r) => format!("before {r} (reported)"),
                None => "in the past (before the report)".into(),
            }
        }
        "FUTURE_REF" => {
            return match rep {
                Some(r) => format!("after {r} (reported)"),
                None => "in the future (after the report)".into(),
            }
        }
        "PRESENT_REF" => {
            return match rep {
                Some(r) => format!("at the time of the report, {r}"),
                None => "at the time of the report".into(),
            }
        }
        _ => {}
    }
    if v.starts_with('P') && v.len() > 1 {
        return duration(v).unwrap_or_else(|| "a stretch of time".into());
    }
    let (date_part, time_part) = match v.split_once('T') {
        Some((d, t)) => (d, Some(t)),
        None => (v, None),
    };
    let with_time = |s: String| -> String {
        match time_part {
            Some(t) => match part_of_day(t) {
                Some(p) => format!("{s}, {p}"),
                None => match t.get(0..5).filter(|c| c.as_bytes().get(2) == Some(&b':')) {
                    Some(c) => format!("{s}, {c}"),
                    None => s,
                },
            },
            None => s,
        }
    };
    let parts: Vec<&str> = date_part.split('-').collect();
    let year: Option<i32> = parts.first().and_then(|y| {
        (y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()))
            .then(|| y.parse().ok())
            .flatten()
    });
    let Some(year) = year else {
        return unknown_year(&parts, &with_time);
    };
    match parts.as_slice() {
        [_] => year.to_string(),
        [_, m, d] if m.len() == 2 && d.len() == 2 => {
            match Date::parse_iso(&format!("{year}-{m}-{d}")) {
                Some(date) => with_time(day(date)),
                None => year.to_string(),
            }
        }
        [_, m] if m.len() == 2 && m.bytes().all(|b| b.is_ascii_digit()) => {
            let month: u32 = m.parse().unwrap_or(0);
            if (1..=12).contains(&month) {
                format!("{} {year}", month_name(month))
            } else {
                year.to_string()
            }
        }
        [_, q] if q.starts_with('Q') => match q.get(1..2) {
            Some("1") => format!("January–March {year}"),
            Some("2") => format!("April–June {year}"),
            Some("3") => format!("July–September {year}"),
            Some("4") => format!("October–December {year}"),
            _ => format!("a quarter of {year}"),
        },
        [_, h] if h.starts_with('H') => match h.get(1..2) {
            Some("1") => format!("first half of {year}"),
            Some("2") => format!("second half of {year}"),
            _ => year.to_string(),
        },
        [_, "SP"] => format!("spring {year}"),
        [_, "SU"] => format!("summer {year}"),
        [_, "FA"] => format!("autumn {year}"),
        [_, "WI"] => format!("winter {year}"),
        [_, w] | [_, w, _] if w.starts_with('W') => {
            let week: Option<u32> = w.get(1..).and_then(|n| n.parse().ok());
            let Some(monday) = week.and_then(|n| iso_week_monday(year, n)) else {
                return format!("a week of {year}");
            };
            match parts.get(2) {
                Some(&"WE") => format!(
                    "weekend of {}",
                    day_range(monday.add_days(5), monday.add_days(6))
                ),
                Some(d) => match d.parse::<i64>() {
                    Ok(n) if (1..=7).contains(&n) => with_time(day(monday.add_days(n - 1))),
                    _ => format!("week of {}", day(monday)),
                },
                None => format!(
                    "week of {} ({})",
                    day(monday),
                    day_range(monday, monday.add_days(6))
                ),
            }
        }
        _ => year.to_string(),
    }
}

/// Values with an unknown year (`XXXX-09-14`, `XXXX-WXX-6`): what is known of them.
fn unknown_year(parts: &[&str], with_time: &dyn Fn(String) -> String) -> String {
    match parts {
        [y, ..]
            if y.len() == 4 && y.ends_with('X') && y.starts_with(|c: char| c.is_ascii_digit()) =>
        {
            let digits = y.trim_end_matches('X');
            match digits.len() {
                3 => format!("the {digits}0s"),
                2 => format!("the {digits}00s"),
                _ => "a date not stated precisely".into(),
            }
        }
        [_, m, d]
            if m.bytes().all(|b| b.is_ascii_digit()) && d.bytes().all(|b| b.is_ascii_digit()) =>
        {
            let month: u32 = m.parse().unwrap_or(0);
            let dd: u32 = d.parse().unwrap_or(0);
            if (1..=12).contains(&month) {
                with_time(format!("{dd} {} (year not stated)", month_name(month)))
            } else {
                "a date not stated precisely".into()
            }
        }
        [_, m] if m.bytes().all(|b| b.is_ascii_digit()) => {
            let month: u32 = m.parse().unwrap_or(0);
            if (1..=12).contains(&month) {
                format!("{} (year not stated)", month_name(month))
            } else {
                "a date not stated precisely".into()
            }
        }
        [_, w, d] if w.starts_with('W') => match d.parse::<usize>() {
            Ok(n) if (1..=7).contains(&n) => {
                with_time(format!("a {} (week not stated)", WEEKDAYS[n - 1]))
            }
            _ if *d == "WE" => "a weekend (week not stated)".into(),
            _ => "a date not stated precisely".into(),
        },
        _ => "a date not stated precisely".into(),
    }
}

/// `P3D` → "3 days", `PT2H` → "2 hours"; `None` for what it cannot read.
fn duration(v: &str) -> Option<String> {
    let body = v.strip_prefix('P')?;
    let (body, time) = match body.strip_prefix('T') {
        Some(t) => (t, true),
        None => (body, false),
    };
    let unit = body.chars().last()?;
    let n = &body[..body.len() - unit.len_utf8()];
    let word = match (unit, time) {
        ('Y', false) => "year",
        ('M', false) => "month",
        ('W', false) => "week",
        ('D', false) => "day",
        ('H', true) => "hour",
        ('M', true) => "minute",
        ('S', true) => "second",
        ('E', false) if n.is_empty() => return None,
        _ => return None,
    };
    if n == "X" {
        return Some(format!("some {word}s"));
    }
    let count: f64 = n.parse().ok()?;
    Some(if count == 1.0 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    })
}

/// When an event happens, in words: its TIMEX3 value read against the day of its first
/// report, else its day range, else "date unknown".
pub(crate) fn event_when(e: &archive::EventRow) -> String {
    let reported = e.first_report.as_deref().and_then(Date::parse_iso);
    let range = match (
        e.start.as_deref().and_then(Date::parse_iso),
        e.end.as_deref().and_then(Date::parse_iso),
    ) {
        (Some(b), Some(en)) => Some(day_range(b, en)),
        (Some(b), None) => Some(day(b)),
        _ => None,
    };
    match e.date.as_deref().filter(|d| !d.trim().is_empty()) {
        // A value the archive could place (it has a range) but words cannot say better.
        Some(v) if range.is_some() && is_vague(v) => range.unwrap_or_default(),
        Some(v) => timex(v, reported),
        None => range.unwrap_or_else(|| "date unknown".into()),
    }
}

/// Values whose words say less than the day range the archive derived from them.
fn is_vague(v: &str) -> bool {
    v.contains('X') || v.starts_with('P')
}

/// A mention's TIMEX3 value in words, against its report day.
pub(crate) fn mention_when(m: &archive::MentionRow) -> String {
    match m.date.as_deref() {
        Some(v) => timex(v, m.report_date.as_deref().and_then(Date::parse_iso)),
        None => "not stated".into(),
    }
}

/// Names of CAMEO root codes (two digits), in our words after the CAMEO codebook (Schrodt et
/// al., facts); finer codes take their names from `data/events/plover.tsv` (PLOVER's
/// CAMEO2PLOVER table, CC BY-SA 4.0).
const CAMEO_ROOTS: [&str; 20] = [
    "Make a public statement",
    "Appeal",
    "Express intent to cooperate",
    "Consult",
    "Engage in diplomatic cooperation",
    "Engage in material cooperation",
    "Provide aid",
    "Yield",
    "Investigate",
    "Demand",
    "Disapprove",
    "Reject",
    "Threaten",
    "Protest",
    "Exhibit force posture",
    "Reduce relations",
    "Coerce",
    "Assault",
    "Fight",
    "Use unconventional mass violence",
];

fn plover_table() -> &'static PloverTable {
    static TABLE: OnceLock<PloverTable> = OnceLock::new();
    TABLE.get_or_init(|| {
        PloverTable::from_compact(
            chronicle::events::lexicon::DEFAULT_PLOVER,
            Path::new("data/events/plover.tsv"),
        )
        .unwrap_or_default()
    })
}

/// The meaning of a CAMEO event code ("036" → "Express intent to meet or negotiate").
pub(crate) fn cameo_label(code: &str) -> Option<String> {
    let code = code.trim();
    if let Some(entry) = plover_table().lookup(code) {
        if !entry.description.trim().is_empty() {
            return Some(entry.description.trim().to_string());
        }
    }
    let root: usize = code.get(0..2)?.parse().ok()?;
    CAMEO_ROOTS.get(root.checked_sub(1)?).map(|s| s.to_string())
}

/// The PLOVER event type as a verb: (third person, base form).
fn plover_verb(plover: &str, cameo: &str) -> (&'static str, &'static str) {
    match plover {
        "AGREE" => ("agrees with", "agree with"),
        "CONSULT" if cameo.starts_with("036") || cameo.starts_with("04") => ("meets", "meet"),
        "CONSULT" => ("consults", "consult"),
        "SUPPORT" => ("supports", "support"),
        "CONCEDE" => ("yields to", "yield to"),
        "REQUEST" => ("appeals to", "appeal to"),
        "COOPERATE" => ("cooperates with", "cooperate with"),
        "AID" => ("aids", "aid"),
        "RETREAT" => ("pulls back from", "pull back from"),
        "ACCUSE" if cameo.starts_with("111") => ("criticises", "criticise"),
        "ACCUSE" => ("accuses", "accuse"),
        "REJECT" => ("rejects", "reject"),
        "THREATEN" => ("threatens", "threaten"),
        "PROTEST" => ("protests against", "protest against"),
        "SANCTION" => ("sanctions", "sanction"),
        "MOBILIZE" => ("mobilises against", "mobilise against"),
        "COERCE" => ("coerces", "coerce"),
        "ASSAULT" => ("attacks", "attack"),
        _ => ("acts on", "act on"),
    }
}

/// What a PLOVER type means in a few words (for hints beside the type).
pub(crate) fn plover_label(plover: &str) -> &'static str {
    match plover {
        "AGREE" => "agree or promise to cooperate",
        "CONSULT" => "meet, call, visit or negotiate",
        "SUPPORT" => "praise, endorse or back",
        "CONCEDE" => "give in or ease",
        "REQUEST" => "ask or appeal",
        "COOPERATE" => "work together",
        "AID" => "give aid",
        "RETREAT" => "withdraw or release",
        "ACCUSE" => "criticise or accuse",
        "REJECT" => "refuse or reject",
        "THREATEN" => "threaten",
        "PROTEST" => "demonstrate or protest",
        "SANCTION" => "cut ties or punish",
        "MOBILIZE" => "put forces on alert",
        "COERCE" => "seize, arrest or block",
        "ASSAULT" => "attack or fight",
        _ => "event",
    }
}

/// Names of actor codes from the knowledge base: `USAGOV` → "United States (government)";
/// combinations it lacks are composed from the country and sector names.
fn code_names() -> &'static HashMap<String, String> {
    static NAMES: OnceLock<HashMap<String, String>> = OnceLock::new();
    NAMES.get_or_init(|| {
        let mut out = HashMap::new();
        if let Ok(kb) = chronicle::kb::Kb::shared_default() {
            for e in &kb.entries {
                let general = e.id.starts_with("kb:country/") || e.id.starts_with("kb:igo/");
                if let (true, Some(code)) = (general && !e.id.contains('#'), e.code.as_deref()) {
                    out.entry(code.to_string())
                        .or_insert_with(|| e.name.clone());
                }
            }
            for (code, name) in &kb.sectors {
                out.entry(format!("sector:{code}"))
                    .or_insert_with(|| name.to_lowercase());
            }
        }
        out
    })
}

/// An actor code in words ("KORGOVMIL" → "South Korea (government, military)").
pub(crate) fn code_name(code: &str) -> String {
    let names = code_names();
    if let Some(n) = names.get(code) {
        return n.clone();
    }
    let chunks: Vec<&str> = chronicle::events::codes::code_chunks(code).collect();
    let Some((first, rest)) = chunks.split_first() else {
        return code.to_string();
    };
    let head = names
        .get(*first)
        .cloned()
        .or_else(|| names.get(&format!("sector:{first}")).cloned())
        .unwrap_or_else(|| first.to_string());
    let tail: Vec<String> = rest
        .iter()
        .map(|c| {
            names
                .get(&format!("sector:{c}"))
                .cloned()
                .unwrap_or_else(|| c.to_string())
        })
        .collect();
    if tail.is_empty() {
        head
    } else {
        format!("{head} ({})", tail.join(", "))
    }
}

/// One side of an event in words: the names reported, else its codes' names.
pub(crate) fn side(codes: &[String], names: &str) -> String {
    let mut named: Vec<&str> = names
        .split("; ")
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .collect();
    named.dedup();
    if named.is_empty() {
        let words: Vec<String> = codes.iter().map(|c| code_name(c)).collect();
        return join_and(&words);
    }
    let owned: Vec<String> = named.iter().map(|s| s.to_string()).collect();
    join_and(&owned)
}

fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// An event's title in words: "Antony Blinken meets Park Jin", "North Korea threatens to
/// attack …", with the modality in the verb.
pub(crate) fn event_title(e: &archive::EventRow) -> String {
    let source = side(&e.source_codes, &e.source_names);
    let target = side(&e.target_codes, &e.target_names);
    let subject = if source.is_empty() {
        "An unnamed actor".to_string()
    } else {
        source
    };
    let (third, base) = plover_verb(&e.plover, &e.cameo);
    // "Moon Jae-in and Joe Biden plan to meet …": a subject of several takes plural verbs.
    let plural = subject.contains(" and ");
    let verb = match (e.modality.as_str(), plural) {
        ("planned", false) => format!("plans to {base}"),
        ("planned", true) => format!("plan to {base}"),
        ("negated", false) => format!("does not {base}"),
        ("negated", true) => format!("do not {base}"),
        ("speculated", _) => format!("may {base}"),
        ("hypothetical", _) => format!("would {base}"),
        ("requested", false) => format!("is asked to {base}"),
        ("requested", true) => format!("are asked to {base}"),
        ("threatened", false) => format!("threatens to {base}"),
        ("threatened", true) => format!("threaten to {base}"),
        ("promised", false) => format!("promises to {base}"),
        ("promised", true) => format!("promise to {base}"),
        (_, true) => base.to_string(),
        _ => third.to_string(),
    };
    let verb = if target.is_empty() {
        // "agrees with" without its object reads as "agrees".
        verb.trim_end_matches(" with")
            .trim_end_matches(" to")
            .trim_end_matches(" from")
            .trim_end_matches(" against")
            .trim_end_matches(" on")
            .to_string()
    } else {
        verb
    };
    let mut out = format!("{subject} {verb}");
    if !target.is_empty() {
        out.push(' ');
        out.push_str(&target);
    }
    out
}

/// The knowledge-base entry of an actor key (`kb:person/joe-biden`), for roles and dates.
pub(crate) fn kb_entry(key: &str) -> Option<chronicle::kb::Entry> {
    static INDEX: OnceLock<HashMap<String, usize>> = OnceLock::new();
    let kb = chronicle::kb::Kb::shared_default().ok()?;
    let index = INDEX.get_or_init(|| {
        kb.entries
            .iter()
            .enumerate()
            .map(|(i, e)| (e.id.clone(), i))
            .collect()
    });
    let base = key.split('#').next().unwrap_or(key);
    index.get(base).and_then(|&i| kb.entry(i)).cloned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Option<Date> {
        Date::parse_iso(s)
    }

    #[test]
    fn relative_and_vague_values_read_as_words() {
        let rep = d("2021-09-14");
        assert_eq!(timex("PAST_REF", rep), "before 14 Sep 2021 (reported)");
        assert_eq!(timex("FUTURE_REF", rep), "after 14 Sep 2021 (reported)");
        assert_eq!(timex("2021-09-14", rep), "14 Sep 2021");
        assert_eq!(timex("2021-09-14TMO", rep), "14 Sep 2021, morning");
        assert_eq!(timex("2021-09", rep), "September 2021");
        assert_eq!(
            timex("2021-W37", rep),
            "week of 13 Sep 2021 (13–19 Sep 2021)"
        );
        assert_eq!(timex("2021-W37-6", rep), "18 Sep 2021");
        assert_eq!(timex("2021-Q3", rep), "July–September 2021");
        assert_eq!(timex("XXXX-WXX-6", rep), "a Saturday (week not stated)");
        assert_eq!(timex("XXXX-09-14", rep), "14 September (year not stated)");
        assert_eq!(timex("P3D", rep), "3 days");
        for v in [
            "PAST_REF",
            "FUTURE_REF",
            "PRESENT_REF",
            "XXXX-WXX-6",
            "XXXX-XX",
            "20XX",
            "PXY",
        ] {
            let w = timex(v, rep);
            assert!(!w.contains("REF") && !w.contains('X'), "{v} -> {w}");
        }
    }

    #[test]
    fn dates_and_times_of_publication() {
        assert_eq!(published("2021-03-05"), "5 Mar 2021");
        assert_eq!(
            published("2021-03-05T08:30:00+09:00"),
            "5 Mar 2021, 08:30 (+09:00)"
        );
        assert_eq!(published("2021-03-05T08:30:00Z"), "5 Mar 2021, 08:30 (UTC)");
    }

    #[test]
    fn codes_have_names() {
        assert_eq!(
            cameo_label("036").as_deref(),
            Some("Express intent to meet or negotiate")
        );
        assert_eq!(cameo_label("11").as_deref(), Some("Disapprove"));
        assert_eq!(code_name("USA"), "United States");
        assert!(
            code_name("KORGOV").starts_with("South Korea"),
            "{}",
            code_name("KORGOV")
        );
        assert!(
            code_name("KORGOVMIL").contains("ilitary"),
            "{}",
            code_name("KORGOVMIL")
        );
    }

    #[test]
    fn titles_say_who_did_what_to_whom() {
        let e = archive::EventRow {
            id: 1,
            date: None,
            start: None,
            end: None,
            plover: "ACCUSE".into(),
            cameo: "111".into(),
            quad_class: Some(3),
            goldstein: None,
            modality: "asserted".into(),
            planned: false,
            source_codes: vec!["USAGOV".into()],
            target_codes: vec!["CHNGOV".into()],
            source_names: String::new(),
            target_names: String::new(),
            location: None,
            country: None,
            lat: None,
            lon: None,
            summary: String::new(),
            num_mentions: 1,
            num_articles: 1,
            num_sources: 1,
            num_independent: 1,
            first_report: None,
            last_report: None,
            first_article: "a".into(),
            first_article_url: None,
            confidence: 0.5,
            planned_event: None,
            realized_by: None,
            actors: Vec::new(),
        };
        let t = event_title(&e);
        assert!(
            t.contains("criticises") && t.starts_with("United States"),
            "{t}"
        );
        let planned = archive::EventRow {
            plover: "CONSULT".into(),
            cameo: "036".into(),
            modality: "planned".into(),
            source_names: "Antony Blinken".into(),
            target_names: "Park Jin".into(),
            ..e
        };
        assert_eq!(
            event_title(&planned),
            "Antony Blinken plans to meet Park Jin"
        );
    }
}
