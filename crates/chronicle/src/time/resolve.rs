//! Normalisation: turns a recognised [`Sem`] into a TIMEX3 type and value, anchored on the
//! document date, on an earlier time in the text, or on nothing (absolute or underspecified).

use super::lexicon::{RefWord, Season, Unit};
use super::sem::{duration_value, Amount, Base, Sem, SetSpec, TimeOfDay, YearSpec};
use crate::date::Date;
use crate::doc::{Token, TokenKind};

/// A resolved calendar span at some granularity; every field combination is valid by
/// construction (built from [`Date`]s), so its value string is always well formed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Point {
    Day(Date),
    Week(i32, u32),
    Weekend(i32, u32),
    Month(i32, u32),
    Quarter(i32, u32),
    Half(i32, u32),
    Season(i32, Season),
    Year(i32),
    Decade(i32),
    Century(i32),
}

fn season_of(month: u32) -> Season {
    match month {
        3..=5 => Season::Spring,
        6..=8 => Season::Summer,
        9..=11 => Season::Fall,
        _ => Season::Winter,
    }
}

impl Point {
    /// The point of granularity `unit` that contains `date`.
    pub fn containing(date: Date, unit: Unit) -> Point {
        match unit {
            Unit::Second | Unit::Minute | Unit::Hour | Unit::Day => Point::Day(date),
            Unit::Week | Unit::Fortnight => {
                let (y, w) = date.iso_week();
                Point::Week(y, w)
            }
            Unit::Weekend => {
                let (y, w) = date.iso_week();
                Point::Weekend(y, w)
            }
            Unit::Month => Point::Month(date.year, date.month),
            Unit::Quarter => Point::Quarter(date.year, (date.month - 1) / 3 + 1),
            Unit::Half => Point::Half(date.year, (date.month - 1) / 6 + 1),
            Unit::Season => {
                let s = season_of(date.month);
                let y = if date.month <= 2 {
                    date.year - 1
                } else {
                    date.year
                };
                Point::Season(y, s)
            }
            Unit::Year => Point::Year(date.year),
            Unit::Decade => Point::Decade(date.year.div_euclid(10)),
            Unit::Century | Unit::Millennium => Point::Century(date.year.div_euclid(100)),
        }
    }

    /// The granularity of this point.
    pub fn unit(self) -> Unit {
        match self {
            Point::Day(_) => Unit::Day,
            Point::Week(..) => Unit::Week,
            Point::Weekend(..) => Unit::Weekend,
            Point::Month(..) => Unit::Month,
            Point::Quarter(..) => Unit::Quarter,
            Point::Half(..) => Unit::Half,
            Point::Season(..) => Unit::Season,
            Point::Year(_) => Unit::Year,
            Point::Decade(_) => Unit::Decade,
            Point::Century(_) => Unit::Century,
        }
    }

    /// The first day of the span.
    pub fn first_day(self) -> Option<Date> {
        match self {
            Point::Day(d) => Some(d),
            Point::Week(y, w) | Point::Weekend(y, w) => {
                // ISO week 1 contains January 4th.
                let jan4 = Date::new(y, 1, 4)?;
                let monday = jan4.add_days(1 - i64::from(jan4.weekday()));
                Some(monday.add_days(7 * (i64::from(w) - 1)))
            }
            Point::Month(y, m) => Date::new(y, m, 1),
            Point::Quarter(y, q) => Date::new(y, (q - 1) * 3 + 1, 1),
            Point::Half(y, h) => Date::new(y, (h - 1) * 6 + 1, 1),
            Point::Season(y, s) => Date::new(y, s.first_month(), 1),
            Point::Year(y) => Date::new(y, 1, 1),
            Point::Decade(d) => Date::new(d * 10, 1, 1),
            Point::Century(c) => Date::new(c * 100, 1, 1),
        }
    }

    /// Moves the point by `n` units, keeping its own granularity.
    pub fn shift(self, unit: Unit, n: i64) -> Option<Point> {
        let first = self.first_day()?;
        let n32 = i32::try_from(n).ok()?;
        let moved = match unit {
            Unit::Second | Unit::Minute | Unit::Hour => first,
            Unit::Day => first.add_days(n),
            Unit::Week | Unit::Weekend => first.add_days(7 * n),
            Unit::Fortnight => first.add_days(14 * n),
            Unit::Month => first.add_months(n32),
            Unit::Quarter | Unit::Season => first.add_months(3 * n32),
            Unit::Half => first.add_months(6 * n32),
            Unit::Year => first.add_months(12 * n32),
            Unit::Decade => first.add_months(120 * n32),
            Unit::Century | Unit::Millennium => first.add_months(1200 * n32),
        };
        if !(1..=9999).contains(&moved.year) {
            return None;
        }
        let p = match self {
            Point::Season(_, s) => {
                // seasons move by whole years unless counted in seasons
                let y = match unit {
                    Unit::Season => return Point::containing(moved, Unit::Season).into(),
                    _ => moved.year,
                };
                Point::Season(y, s)
            }
            other => Point::containing(moved, other.unit()),
        };
        Some(p)
    }

    pub fn value(self) -> String {
        match self {
            Point::Day(d) => d.to_string(),
            Point::Week(y, w) => format!("{y:04}-W{w:02}"),
            Point::Weekend(y, w) => format!("{y:04}-W{w:02}-WE"),
            Point::Month(y, m) => format!("{y:04}-{m:02}"),
            Point::Quarter(y, q) => format!("{y:04}-Q{q}"),
            Point::Half(y, h) => format!("{y:04}-H{h}"),
            Point::Season(y, s) => format!("{y:04}-{}", s.code()),
            Point::Year(y) => format!("{y:04}"),
            Point::Decade(d) => format!("{d:03}"),
            Point::Century(c) => format!("{c:02}"),
        }
    }

    fn valid(self) -> Option<Point> {
        let y = match self {
            Point::Day(d) => d.year,
            Point::Week(y, _)
            | Point::Weekend(y, _)
            | Point::Month(y, _)
            | Point::Quarter(y, _)
            | Point::Half(y, _)
            | Point::Season(y, _)
            | Point::Year(y) => y,
            Point::Decade(d) => d * 10,
            Point::Century(c) => c * 100,
        };
        (0..=9999).contains(&y).then_some(self)
    }
}

/// The tense of the clause around an expression, from its verbs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tense {
    Past,
    Present,
    Future,
    Unknown,
}

const IRREGULAR_PAST: &[&str] = &[
    "was",
    "were",
    "had",
    "did",
    "said",
    "told",
    "took",
    "flew",
    "went",
    "came",
    "met",
    "left",
    "saw",
    "made",
    "gave",
    "got",
    "began",
    "won",
    "lost",
    "held",
    "sold",
    "bought",
    "fell",
    "rose",
    "brought",
    "thought",
    "found",
    "paid",
    "sent",
    "spent",
    "struck",
    "led",
    "ran",
    "became",
    "wrote",
    "spoke",
    "knew",
    "kept",
    "broke",
    "chose",
    "drove",
    "ate",
    "fought",
    "forgot",
    "froze",
    "grew",
    "hid",
    "hung",
    "laid",
    "lay",
    "meant",
    "overtook",
    "rang",
    "sang",
    "sank",
    "shot",
    "shook",
    "sought",
    "stood",
    "stole",
    "swore",
    "taught",
    "threw",
    "understood",
    "woke",
    "wore",
    "wound",
    "withdrew",
    "arose",
    "awoke",
    "bore",
    "beat",
    "bent",
    "bid",
    "bled",
    "blew",
    "built",
    "burnt",
    "caught",
    "clung",
    "dealt",
    "dug",
    "drew",
    "dreamt",
    "fed",
    "felt",
    "fled",
    "flung",
    "forbade",
    "forgave",
    "heard",
    "lent",
    "lit",
    "slid",
    "slept",
    "spun",
    "split",
    "spread",
    "sprang",
    "stuck",
    "stung",
    "strode",
    "swept",
    "swam",
    "swung",
    "tore",
    "wept",
    "ago",
    "has",
    "have",
    "resigned",
    "agreed",
];

const FUTURE_MARKERS: &[&str] = &[
    "will",
    "'ll",
    "\u{2019}ll",
    "shall",
    "wo",
    "gonna",
    "would",
    "expected",
    "scheduled",
    "intends",
    "slated",
    "could",
    "might",
    "may",
];

/// Present-tense verbs; besides the auxiliaries, verbs news uses in the present for a
/// scheduled event ("the leaders meet Monday", "the trial opens Tuesday").
const PRESENT_MARKERS: &[&str] = &[
    "is", "are", "am", "says", "say", "does", "do", "meet", "meets", "begins", "opens", "visits",
    "arrives", "leaves", "travels", "resumes", "convenes", "starts",
];

/// Non-verbs that end in "-ed".
const ED_WORDS: &[&str] = &[
    "need", "speed", "seed", "feed", "bleed", "indeed", "red", "bed", "shed", "hundred", "united",
    "limited", "proceed", "exceed", "breed", "creed", "greed", "weed", "deed", "reed", "steed",
    "embed", "ted", "ned", "fred", "ed", "med", "led", "wed",
];

fn verb_tense(word: &str) -> Option<Tense> {
    let len = word.len();
    let first = word.as_bytes().first().copied().unwrap_or(b' ');
    let clitic = first == b'\'' || word.starts_with('\u{2019}');
    if !(2..=16).contains(&len) || !(first.is_ascii_lowercase() || clitic) {
        return None;
    }
    if FUTURE_MARKERS.contains(&word) {
        return Some(Tense::Future);
    }
    if IRREGULAR_PAST.contains(&word) {
        return Some(Tense::Past);
    }
    if PRESENT_MARKERS.contains(&word) {
        return Some(Tense::Present);
    }
    // "succeed", "exceed" are present; of the "-eed" words only these are past
    if word.ends_with("eed") && !matches!(word, "agreed" | "freed" | "guaranteed" | "decreed") {
        return None;
    }
    if len > 4 && word.ends_with("ed") && !ED_WORDS.contains(&word) {
        return Some(Tense::Past);
    }
    None
}

/// Verbs of intention: followed by "to", what they govern lies ahead ("planned to leave
/// on Thursday", "agreed to buy it in February").
const INTENT_VERBS: &[&str] = &[
    "planned",
    "planning",
    "plan",
    "plans",
    "intended",
    "intending",
    "aimed",
    "aiming",
    "hoped",
    "hoping",
    "promised",
    "vowed",
    "pledged",
    "threatened",
    "agreed",
    "decided",
    "prepared",
    "preparing",
    "set",
    "expected",
    "scheduled",
    "going",
    "supposed",
];

/// Verbs that report what someone said: their tense is the telling's, not the event's.
const REPORTING_VERBS: &[&str] = &[
    "says",
    "say",
    "said",
    "told",
    "announced",
    "reported",
    "added",
    "stated",
    "noted",
    "disclosed",
    "predicted",
    "indicated",
    "confirmed",
    "warned",
];

/// The tense of the nearest verb to the left of the expression within its sentence, else
/// the nearest one to its right.
pub fn tense_at(text: &str, sentence: &[Token], start: usize, end: usize) -> Tense {
    clause_tense(text, sentence, start, end).0
}

/// The clause's tense, and whether it is the event's own verb rather than a verb of
/// saying ("said it would close in January") whose tense tells little about the date.
pub fn clause_tense(text: &str, sentence: &[Token], start: usize, end: usize) -> (Tense, bool) {
    /// How far to look for a verb: the clause, not a whole run-on "sentence" of a table.
    const WINDOW: usize = 40;
    let first_inside = sentence.partition_point(|t| t.end <= start);
    let after = sentence.partition_point(|t| t.start < end);
    let left_tokens = sentence.get(..first_inside).unwrap_or(&[]);
    let right_tokens = sentence.get(after..).unwrap_or(&[]);
    let word_at = |tokens: &[Token], i: usize| -> &str {
        tokens
            .get(i)
            .filter(|t| t.kind == TokenKind::Word)
            .map_or("", |t| t.text(text))
    };
    // "postponed until Tuesday", "as soon as Tuesday": a deadline or a target lies ahead;
    // a clause that opens with "Until Thursday," looks back from its own verb instead
    let back = |k: usize| {
        left_tokens
            .len()
            .checked_sub(k + 1)
            .and_then(|i| left_tokens.get(i))
            .map(|t| t.text(text))
    };
    let lead = |w: &str| back(0).is_some_and(|b| b.eq_ignore_ascii_case(w));
    let opens_clause = back(1).is_none_or(|b| b == "," || b == "``" || b == "\"");
    // "since year-end", "since March": what a span starts from is behind us
    if lead("since") {
        return (Tense::Past, true);
    }
    // "effective Feb. 1": the day a change takes hold, announced ahead of it
    if ((lead("until") || lead("till")) && !opens_clause)
        || (lead("as") && back(2) == Some("as"))
        || lead("effective")
    {
        return (Tense::Future, true);
    }
    // a verb group: "will be named" is future although "named" looks past, and
    // "planned to leave" looks ahead
    let group = |tokens: &[Token], i: usize| -> Option<Tense> {
        let w = word_at(tokens, i);
        let next = word_at(tokens, i + 1);
        if INTENT_VERBS.contains(&w) && next == "to" {
            // "had been scheduled to expire Friday": a plan in the past perfect is over
            let past_perfect = (1..=2).any(|k| {
                i.checked_sub(k)
                    .is_some_and(|j| word_at(tokens, j) == "had")
            });
            return Some(if past_perfect {
                Tense::Past
            } else {
                Tense::Future
            });
        }
        // "is to resume trading Tuesday"
        if matches!(w, "is" | "are" | "was" | "were") && next == "to" {
            return Some(Tense::Future);
        }
        // "protesters planned a rally on Saturday", but not "a service planned for Saturday"
        if matches!(w, "planned" | "plans" | "planning") && matches!(next, "a" | "an" | "the") {
            return Some(Tense::Future);
        }
        // "was planned for early March", "is scheduled for May": a plan's date lies ahead
        if matches!(w, "planned" | "scheduled" | "slated" | "set")
            && next == "for"
            && i.checked_sub(1).is_some_and(|j| {
                matches!(
                    word_at(tokens, j),
                    "is" | "are" | "was" | "were" | "been" | "be"
                )
            })
        {
            return Some(Tense::Future);
        }
        let tense = verb_tense(w)?;
        // "the case is heard in May": a present passive is a present tense
        if tense == Tense::Past
            && i.checked_sub(1)
                .is_some_and(|j| matches!(word_at(tokens, j), "is" | "are" | "am"))
        {
            return Some(Tense::Present);
        }
        // "a still unspecified date", "the revised offer": a participle after a
        // determiner is an adjective, not the clause's verb
        if tense == Tense::Past && !IRREGULAR_PAST.contains(&w) {
            let before = |k: usize| i.checked_sub(k).map_or("", |j| word_at(tokens, j));
            let determiner = |x: &str| {
                matches!(
                    x,
                    "a" | "an"
                        | "the"
                        | "its"
                        | "their"
                        | "his"
                        | "her"
                        | "our"
                        | "this"
                        | "these"
                        | "those"
                )
            };
            let adverb = |x: &str| x.ends_with("ly") || matches!(x, "still" | "as" | "yet");
            if determiner(before(1)) || (determiner(before(2)) && adverb(before(1))) {
                return None;
            }
        }
        if tense == Tense::Present
            && (1..=2).any(|k| {
                i.checked_sub(k)
                    .is_some_and(|j| matches!(word_at(tokens, j), "will" | "'ll" | "shall"))
            })
        {
            return Some(Tense::Future);
        }
        if tense == Tense::Past {
            let aux_future = (1..=3).any(|k| {
                i.checked_sub(k)
                    .is_some_and(|j| matches!(word_at(tokens, j), "will" | "'ll" | "shall"))
            });
            if aux_future {
                return Some(Tense::Future);
            }
            // "would be paid in January", "could be held April 24": a modal before a
            // passive looks ahead ("would have been paid" does not)
            let modal_passive = i.checked_sub(1).is_some_and(|j| word_at(tokens, j) == "be")
                && (2..=3).any(|k| {
                    i.checked_sub(k)
                        .is_some_and(|j| matches!(word_at(tokens, j), "would" | "might" | "may"))
                });
            if modal_passive {
                return Some(Tense::Future);
            }
        }
        Some(tense)
    };
    let left_start = left_tokens.len().saturating_sub(WINDOW);
    for i in (left_start..left_tokens.len()).rev() {
        if let Some(tense) = group(left_tokens, i) {
            let reported = REPORTING_VERBS.contains(&word_at(left_tokens, i));
            return (tense, !reported);
        }
    }
    // to the right: also the words just before the expression may start the group
    for i in 0..right_tokens.len().min(WINDOW) {
        if let Some(tense) = group(right_tokens, i) {
            return (tense, true);
        }
    }
    (Tense::Unknown, false)
}

/// The context an expression is resolved in.
pub struct Context {
    pub dct: Option<Date>,
    pub tense: Tense,
    /// The tense is the event's own verb (not "said"): trusted even close to the date.
    pub tense_sure: bool,
    /// The latest time in the text that later expressions may refer to, with its index.
    pub reference: Option<(Point, usize)>,
    /// The latest quarter (or half) named in the last sentences: financial news counts
    /// "a year ago" and "the quarter" from it.
    pub quarter: Option<(Point, usize)>,
}

/// What an expression was resolved against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchored {
    None,
    Doc,
    Time(usize),
}

/// A normalised expression.
#[derive(Debug, Clone, PartialEq)]
pub struct Resolved {
    pub kind: &'static str,
    pub value: String,
    pub range: Option<(String, String)>,
    pub anchor: Anchored,
    /// The span it denotes, when concrete: a candidate reference time for later ones.
    pub point: Option<Point>,
}

impl Resolved {
    fn date(value: String, anchor: Anchored, point: Option<Point>) -> Self {
        Resolved {
            kind: "DATE",
            value,
            range: None,
            anchor,
            point,
        }
    }
    fn point(p: Point, anchor: Anchored) -> Option<Self> {
        let p = p.valid()?;
        Some(Resolved::date(p.value(), anchor, Some(p)))
    }
}

fn year_x(unit: Unit) -> &'static str {
    match unit {
        Unit::Second | Unit::Minute | Unit::Hour | Unit::Day => "XXXX-XX-XX",
        Unit::Week | Unit::Fortnight => "XXXX-WXX",
        Unit::Weekend => "XXXX-WXX-WE",
        Unit::Month => "XXXX-XX",
        Unit::Quarter => "XXXX-QX",
        Unit::Half => "XXXX-HX",
        Unit::Season => "XXXX",
        Unit::Year => "XXXX",
        Unit::Decade => "XXX",
        Unit::Century | Unit::Millennium => "XX",
    }
}

/// The year a partial date falls in: `Doc`/`Prev`/`Next`/`Tense` need the document date.
/// `probe(year)` gives the date the expression would denote in that year. `slack_days` is
/// how far past the document date a past-tense clause may still name the nearest
/// occurrence; `sure_slack` replaces it when the event's own verb gives the tense: the
/// distance from the probe to the period's first day, plus a day or two for a wire date
/// that lags the story, so that "changed its name in December" in an October article is
/// last December, since a December that has not begun cannot be past.
fn pick_year(
    spec: YearSpec,
    ctx: &Context,
    probe: &dyn Fn(i32) -> Option<Date>,
    slack_days: i64,
    sure_slack: i64,
) -> Option<i32> {
    match spec {
        YearSpec::Abs(y) => Some(y),
        YearSpec::Doc(n) => Some(ctx.dct?.year + i32::try_from(n).ok()?),
        YearSpec::Prev | YearSpec::Next | YearSpec::Tense => {
            let dct = ctx.dct?;
            let y = dct.year;
            let diff_in =
                |year: i32| -> Option<i64> { Some(probe(year)?.to_days() - dct.to_days()) };
            let diff = diff_in(y)?;
            Some(match spec {
                YearSpec::Prev => {
                    if diff >= 0 {
                        y - 1
                    } else {
                        y
                    }
                }
                YearSpec::Next => {
                    if diff <= 0 {
                        y + 1
                    } else {
                        y
                    }
                }
                _ => {
                    // the nearest occurrence, unless the tense clearly says otherwise
                    let nearest = if diff > 183 {
                        y - 1
                    } else if diff < -183 {
                        y + 1
                    } else {
                        y
                    };
                    let d = diff_in(nearest)?;
                    // a verb of saying may report a plan ("said it would close in
                    // January"); the event's own verb is trusted near the date too
                    let slack_days = if ctx.tense_sure {
                        slack_days.min(sure_slack)
                    } else {
                        slack_days
                    };
                    match ctx.tense {
                        Tense::Past if d > slack_days => nearest - 1,
                        // future markers are explicit ("will"): trust them sooner
                        Tense::Future if d < -slack_days.min(30) => nearest + 1,
                        _ => nearest,
                    }
                }
            })
        }
    }
}

fn anchor_of(spec: YearSpec) -> Anchored {
    match spec {
        YearSpec::Abs(_) => Anchored::None,
        _ => Anchored::Doc,
    }
}

/// Resolves one expression. Never returns an invalid value: what cannot be computed is
/// left underspecified (X's) rather than guessed.
pub fn resolve(sem: &Sem, ctx: &Context) -> Resolved {
    resolve_inner(sem, ctx).unwrap_or_else(|| underspecified(sem))
}

fn resolve_inner(sem: &Sem, ctx: &Context) -> Option<Resolved> {
    match *sem {
        Sem::Cal { year, month, day } => match (month, day) {
            (Some(m), Some(d)) => {
                // an impossible day ("February 30") gets no value beyond its month
                if d > crate::date::days_in_month(2000, m) {
                    return None;
                }
                let y = pick_year(
                    year,
                    ctx,
                    &|y| Date::new(y, m, d.min(crate::date::days_in_month(y, m))),
                    90,
                    60,
                )?;
                match Date::new(y, m, d) {
                    Some(date) => Resolved::point(Point::Day(date), anchor_of(year)),
                    None => Resolved::point(Point::Month(y, m), anchor_of(year)),
                }
            }
            (Some(m), None) => {
                let y = pick_year(year, ctx, &|y| Date::new(y, m, 15), 90, 16)?;
                Resolved::point(Point::Month(y, m), anchor_of(year))
            }
            _ => match year {
                YearSpec::Abs(y) => Resolved::point(Point::Year(y), Anchored::None),
                _ => None,
            },
        },
        Sem::DayRange {
            year,
            month,
            d1,
            d2,
        } => {
            let y = pick_year(year, ctx, &|y| Date::new(y, month, d1), 90, 60)?;
            let a = Date::new(y, month, d1)?;
            let b = Date::new(y, month, d2)?;
            let mut r = Resolved::point(Point::Day(a), anchor_of(year))?;
            r.range = Some((a.to_string(), b.to_string()));
            Some(r)
        }
        Sem::Weekday { wd, dir } => {
            let dct = ctx.dct?;
            let today = i64::from(dct.weekday());
            let wd = i64::from(wd);
            let back = (today - wd).rem_euclid(7);
            let ahead = (wd - today).rem_euclid(7);
            let date = match dir {
                -1 => dct.add_days(-(if back == 0 { 7 } else { back })),
                -2 => match ctx.reference {
                    Some((Point::Day(day), _)) => {
                        let back = (i64::from(day.weekday()) - wd).rem_euclid(7);
                        day.add_days(-(if back == 0 { 7 } else { back }))
                    }
                    _ => dct.add_days(-(if back == 0 { 7 } else { back })),
                },
                1 => dct.add_days(if ahead == 0 { 7 } else { ahead }),
                2 => dct.add_days(wd - today),
                _ => match ctx.tense {
                    Tense::Future => dct.add_days(ahead),
                    // news reports done things in the past tense: "meet Monday",
                    // "opens Tuesday" in the present look ahead
                    Tense::Present if ctx.tense_sure && back != 0 && dir == 0 => {
                        dct.add_days(ahead)
                    }
                    _ => dct.add_days(-back),
                },
            };
            Resolved::point(Point::Day(date), Anchored::Doc)
        }
        Sem::Deictic(n) => Resolved::point(Point::Day(ctx.dct?.add_days(n)), Anchored::Doc),
        Sem::DayBefore => {
            let dct = ctx.dct?;
            match ctx.reference {
                Some((Point::Day(day), index))
                    if (0..=7).contains(&(dct.to_days() - day.to_days())) =>
                {
                    Resolved::point(Point::Day(day.add_days(-1)), Anchored::Time(index))
                }
                _ => Resolved::point(Point::Day(dct.add_days(-1)), Anchored::Doc),
            }
        }
        Sem::SameDay => match ctx.reference {
            Some((p @ Point::Day(_), index)) => Resolved::point(p, Anchored::Time(index)),
            _ => Resolved::point(Point::Day(ctx.dct?), Anchored::Doc),
        },
        Sem::Shift {
            unit,
            n,
            base,
            keep,
        } => {
            let reference = ctx.reference;
            let use_ref = match base {
                Base::Doc => None,
                Base::Ref if keep && unit == Unit::Year => ctx.quarter.or(reference),
                // a day counted from a year is no day at all: use the document date then
                Base::Ref => reference.filter(|(p, _)| keep || p.unit() <= unit.max(Unit::Month)),
                Base::Ago => ctx.quarter.filter(|(p, _)| keep_for_ago(*p, unit, ctx.dct)),
            };
            match use_ref {
                Some((p, index)) => {
                    let keep = keep || base == Base::Ago;
                    let from = if keep || p.unit() < unit {
                        if keep {
                            p
                        } else {
                            Point::containing(p.first_day()?, unit)
                        }
                    } else {
                        Point::containing(p.first_day()?, unit)
                    };
                    let shifted = from.shift(unit, n)?;
                    Resolved::point(shifted, Anchored::Time(index))
                }
                None => {
                    let dct = ctx.dct?;
                    let from = Point::containing(dct, unit);
                    let n = match unit {
                        // "the weekend" told in the past on a weekday is the one before
                        Unit::Weekend
                            if n == 0 && ctx.tense == Tense::Past && dct.weekday() < 6 =>
                        {
                            -1
                        }
                        _ => n,
                    };
                    let shifted = from.shift(unit, n)?;
                    Resolved::point(shifted, Anchored::Doc)
                }
            }
        }
        Sem::Quarter { q, year } => {
            let y = match year {
                YearSpec::Tense => {
                    // a quarter not yet begun is last year's when spoken of as done
                    let dct = ctx.dct?;
                    let started = (q - 1) * 3 < dct.month;
                    match ctx.tense {
                        Tense::Future => dct.year,
                        _ if !started => dct.year - 1,
                        _ => dct.year,
                    }
                }
                other => pick_year(other, ctx, &|y| Date::new(y, (q - 1) * 3 + 2, 15), 45, 45)?,
            };
            Resolved::point(Point::Quarter(y, q), anchor_of(year))
        }
        Sem::Period {
            years,
            quarter,
            year,
        } => {
            // "the quarter" is no year, even when the text has moved on to "the nine months"
            let found = ctx
                .quarter
                .filter(|(p, _)| !(quarter && matches!(p, Point::Year(_))))
                .or(if quarter { None } else { ctx.reference });
            let (base, anchor) = match found {
                Some((p, index)) => (p, Anchored::Time(index)),
                None => {
                    let dct = ctx.dct?;
                    let last = Point::containing(dct, Unit::Quarter).shift(Unit::Quarter, -1)?;
                    (last, Anchored::Doc)
                }
            };
            let base = if quarter {
                Point::containing(base.first_day()?, Unit::Quarter)
            } else {
                base
            };
            let base = match year {
                Some(y) => {
                    let first = base.first_day()?;
                    base.shift(Unit::Year, i64::from(y - first.year))?
                }
                None => base,
            };
            let anchor = if year.is_some() {
                Anchored::None
            } else {
                anchor
            };
            Resolved::point(base.shift(Unit::Year, years)?, anchor)
        }
        Sem::Half { h, year } => {
            let y = pick_year(year, ctx, &|y| Date::new(y, (h - 1) * 6 + 3, 30), 90, 60)?;
            Resolved::point(Point::Half(y, h), anchor_of(year))
        }
        Sem::Season { season, year } => {
            let y = pick_year(
                year,
                ctx,
                &|y| Date::new(y, season.first_month(), 15),
                45,
                45,
            )?;
            Resolved::point(Point::Season(y, season), anchor_of(year))
        }
        Sem::Decade(d) => Resolved::point(Point::Decade(d), Anchored::None),
        Sem::Century(c) => Resolved::point(Point::Century(c), Anchored::None),
        Sem::Holiday { rule, year } => {
            let y = pick_year(year, ctx, &|y| rule.date_in(y), 90, 60)?;
            let date = rule.date_in(y)?;
            Resolved::point(Point::Day(date), anchor_of(year))
        }
        Sem::Duration { amount, unit } => Some(Resolved {
            kind: "DURATION",
            value: duration_value(amount, unit),
            range: None,
            anchor: Anchored::None,
            point: None,
        }),
        Sem::Ref(r) => Some(Resolved::date(
            ref_value(r).to_string(),
            if ctx.dct.is_some() {
                Anchored::Doc
            } else {
                Anchored::None
            },
            None,
        )),
        Sem::Set(set) => Some(Resolved {
            kind: "SET",
            value: set_value(set),
            range: None,
            anchor: Anchored::None,
            point: None,
        }),
        Sem::YearBefore(ref period) => {
            let r = resolve_inner(period, ctx)?;
            Resolved::point(r.point?.shift(Unit::Year, -1)?, r.anchor)
        }
        Sem::WeekOf(ref date) => {
            let day = resolve_inner(date, ctx)?;
            let Some(Point::Day(d)) = day.point else {
                return None;
            };
            Resolved::point(Point::containing(d, Unit::Week), day.anchor)
        }
        Sem::WithTime { ref date, time } => {
            let day = resolve_inner(date, ctx)?;
            let suffix = time_suffix(time);
            Some(Resolved {
                kind: "TIME",
                value: format!("{}{suffix}", day.value),
                range: None,
                anchor: day.anchor,
                point: day.point,
            })
        }
    }
}

/// "a year ago" counts from a quarter or month the text is about, when it is recent.
fn keep_for_ago(p: Point, unit: Unit, dct: Option<Date>) -> bool {
    let Some(dct) = dct else {
        return false;
    };
    unit == Unit::Year
        && matches!(p, Point::Quarter(..) | Point::Half(..))
        && p.first_day()
            .is_some_and(|d| (dct.to_days() - d.to_days()).abs() < 400)
}

/// TIMEX3 value of a set: the recurring day, month or part of day, else its period.
fn set_value(set: SetSpec) -> String {
    match set {
        SetSpec::Weekday(wd) => format!("XXXX-WXX-{wd}"),
        SetSpec::Month(m) => format!("XXXX-{m:02}"),
        SetSpec::Part(p) => format!("XXXX-XX-XXT{}", p.code()),
        SetSpec::Every(n, unit) => duration_value(Amount::N(n), unit),
    }
}

fn ref_value(r: RefWord) -> &'static str {
    match r {
        RefWord::Present => "PRESENT_REF",
        RefWord::Past => "PAST_REF",
        RefWord::Future => "FUTURE_REF",
    }
}

fn time_suffix(time: TimeOfDay) -> String {
    match time {
        TimeOfDay::Part(p) => format!("T{}", p.code()),
        TimeOfDay::Clock(h, m) => format!("T{h:02}:{m:02}"),
    }
}

/// The value when the anchor is missing: the known fields, X for the rest.
fn underspecified(sem: &Sem) -> Resolved {
    let date = |v: String| Resolved::date(v, Anchored::None, None);
    match *sem {
        Sem::Cal { year, month, day } => {
            let y = match year {
                YearSpec::Abs(y) if (0..=9999).contains(&y) => format!("{y:04}"),
                _ => "XXXX".to_string(),
            };
            match (month, day) {
                (Some(m), Some(d)) if d <= crate::date::days_in_month(2000, m) => {
                    date(format!("{y}-{m:02}-{d:02}"))
                }
                (Some(m), _) if (1..=12).contains(&m) => date(format!("{y}-{m:02}")),
                _ => date(y),
            }
        }
        Sem::DayRange {
            year,
            month,
            d1,
            d2,
        } => {
            let y = match year {
                YearSpec::Abs(y) if (0..=9999).contains(&y) => format!("{y:04}"),
                _ => "XXXX".to_string(),
            };
            if d2 <= crate::date::days_in_month(2000, month) {
                let mut r = date(format!("{y}-{month:02}-{d1:02}"));
                r.range = Some((
                    format!("{y}-{month:02}-{d1:02}"),
                    format!("{y}-{month:02}-{d2:02}"),
                ));
                r
            } else {
                date(format!("{y}-{month:02}"))
            }
        }
        Sem::Weekday { wd, .. } => date(format!("XXXX-WXX-{wd}")),
        Sem::Deictic(0) => date("PRESENT_REF".to_string()),
        Sem::Deictic(_) | Sem::SameDay | Sem::DayBefore => date("XXXX-XX-XX".to_string()),
        Sem::Shift { unit, .. } => date(year_x(unit).to_string()),
        Sem::Quarter { q, .. } => date(format!("XXXX-Q{q}")),
        Sem::Period { year: Some(y), .. } if (0..=9999).contains(&y) => date(format!("{y:04}-QX")),
        Sem::Period { .. } => date("XXXX-QX".to_string()),
        Sem::Half { h, .. } => date(format!("XXXX-H{h}")),
        Sem::Season { season, .. } => date(format!("XXXX-{}", season.code())),
        Sem::Holiday { rule, .. } => match rule.fixed() {
            Some((m, d)) => date(format!("XXXX-{m:02}-{d:02}")),
            None => date("XXXX-XX-XX".to_string()),
        },
        Sem::WeekOf(_) => date("XXXX-WXX".to_string()),
        Sem::YearBefore(ref period) => underspecified(period),
        Sem::WithTime { ref date, time } => {
            let d = underspecified(date);
            let v = if d.value.ends_with("_REF") {
                "XXXX-XX-XX".to_string()
            } else {
                d.value
            };
            Resolved {
                kind: "TIME",
                value: format!("{v}{}", time_suffix(time)),
                range: None,
                anchor: Anchored::None,
                point: None,
            }
        }
        Sem::Decade(_) | Sem::Century(_) | Sem::Duration { .. } | Sem::Ref(_) | Sem::Set(_) => {
            // these always resolve; reaching here means a year out of range
            date("XXXX".to_string())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_are_written_as_timex3() {
        assert_eq!(duration_value(Amount::N(3.0), Unit::Day), "P3D");
        assert_eq!(duration_value(Amount::N(2.0), Unit::Hour), "PT2H");
        assert_eq!(duration_value(Amount::N(0.5), Unit::Hour), "PT30M");
        assert_eq!(duration_value(Amount::N(1.5), Unit::Year), "P1Y6M");
        assert_eq!(duration_value(Amount::N(5.5), Unit::Hour), "PT5H30M");
        assert_eq!(duration_value(Amount::N(1.5), Unit::Day), "P1DT12H");
        assert_eq!(duration_value(Amount::N(1.0), Unit::Decade), "P10Y");
        assert_eq!(duration_value(Amount::X, Unit::Year), "PXY");
    }

    #[test]
    fn points_shift_at_their_granularity() {
        let q = Point::Quarter(1989, 3);
        assert_eq!(q.shift(Unit::Year, -1).unwrap().value(), "1988-Q3");
        let d = Date::new(2021, 3, 5).unwrap();
        assert_eq!(Point::containing(d, Unit::Week).value(), "2021-W09");
        assert_eq!(
            Point::containing(d, Unit::Week)
                .shift(Unit::Week, -1)
                .unwrap()
                .value(),
            "2021-W08"
        );
        assert_eq!(
            Point::Month(2021, 4).shift(Unit::Month, 1).unwrap().value(),
            "2021-05"
        );
    }

    #[test]
    fn tense_comes_from_the_nearest_verb() {
        let text = "The envoy flew home on Thursday and will return Monday.";
        let tokens = crate::text::tokenize(text);
        let at = |w: &str| {
            let s = text.find(w).unwrap();
            tense_at(text, &tokens, s, s + w.len())
        };
        assert_eq!(at("Thursday"), Tense::Past);
        assert_eq!(at("Monday"), Tense::Future);
    }

    #[test]
    fn verbs_of_saying_are_not_the_events_tense() {
        let at = |text: &str, w: &str| {
            let tokens = crate::text::tokenize(text);
            let s = text.find(w).unwrap();
            clause_tense(text, &tokens, s, s + w.len())
        };
        let said = at("Officials said the plant closes in May.", "May");
        assert_eq!(said, (Tense::Past, false));
        let hired = at("In June the firm hired staff.", "June");
        assert_eq!(hired, (Tense::Past, true));
        let text = "The chief will be named in May and is to start in June.";
        let tokens = crate::text::tokenize(text);
        let s = text.find("May").unwrap();
        assert_eq!(tense_at(text, &tokens, s, s + 3), Tense::Future);
        let s = text.find("June").unwrap();
        assert_eq!(tense_at(text, &tokens, s, s + 4), Tense::Future);
    }
}
