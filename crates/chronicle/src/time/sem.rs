//! The meaning of a time expression between recognition and resolution: what
//! [`super::recognize`] finds and [`super::resolve`] anchors, kept apart so neither
//! imports the other.

use super::holidays::Rule;
use super::lexicon::{DayPart, RefWord, Season, Unit};

/// How the year of a partial date is found.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum YearSpec {
    Abs(i32),
    /// The document year plus n ("this year" = 0, "last year" = -1).
    Doc(i64),
    /// By the tense of the clause, around the document date.
    Tense,
    /// The most recent occurrence strictly before the document date ("last November").
    Prev,
    /// The next occurrence strictly after it ("next April").
    Next,
}

/// What a shift is counted from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Base {
    Doc,
    /// An earlier time in the text ("the following month", "that year").
    Ref,
    /// "ago": from the document date, or from a recent quarter/month in the text.
    Ago,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Amount {
    N(f64),
    /// "several", "a few", "many".
    X,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum TimeOfDay {
    Part(DayPart),
    Clock(u32, u32),
}

/// The meaning of a found expression, before anchoring.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Sem {
    Cal {
        year: YearSpec,
        month: Option<u32>,
        day: Option<u32>,
    },
    DayRange {
        year: YearSpec,
        month: u32,
        d1: u32,
        d2: u32,
    },
    /// `dir`: 0 by tense, -1 last, +1 next, 2 this week's, 3 by tense but a present
    /// tense reads as past (a possessive: "Tuesday's vote").
    Weekday {
        wd: u32,
        dir: i32,
    },
    /// today = 0, yesterday = -1, tomorrow = 1.
    Deictic(i64),
    /// The day the text is talking about: a bare clock time ("at 3 p.m.") belongs to the
    /// last day named, else to the document date.
    SameDay,
    /// The day before the one the text is talking about ("overnight losses" in a report
    /// on Friday's trading are Thursday night's).
    DayBefore,
    /// `keep`: the result keeps the base's granularity ("a year earlier" after a quarter).
    Shift {
        unit: Unit,
        n: i64,
        base: Base,
        keep: bool,
    },
    Quarter {
        q: u32,
        year: YearSpec,
    },
    Half {
        h: u32,
        year: YearSpec,
    },
    Season {
        season: Season,
        year: YearSpec,
    },
    Decade(i32),
    Century(i32),
    Holiday {
        rule: Rule,
        year: YearSpec,
    },
    Duration {
        amount: Amount,
        unit: Unit,
    },
    Ref(RefWord),
    /// A financial period the text is about: "the quarter" (0), "the year-ago quarter"
    /// (-1 year), "the 1988 period" (`year`); `quarter` forces quarter granularity.
    Period {
        years: i64,
        quarter: bool,
        year: Option<i32>,
    },
    /// A recurring time ("every Monday", "daily"); its TIMEX3 value is written by resolve.
    Set(SetSpec),
    WithTime {
        date: Box<Sem>,
        time: TimeOfDay,
    },
    /// "the week of March 6": the week that holds the day.
    WeekOf(Box<Sem>),
    /// "the year-ago third quarter": the period one year before.
    YearBefore(Box<Sem>),
}

/// A recognised expression over tokens `[start, end)` of the sentence.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Found {
    pub start: usize,
    pub end: usize,
    pub sem: Sem,
    pub modifier: Option<&'static str>,
}

/// What a set recurs on ("every Monday", "each July", "every morning") or how often
/// ("daily", "every two years").
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum SetSpec {
    Weekday(u32),
    Month(u32),
    Part(DayPart),
    /// Every `n` units.
    Every(f64, Unit),
}

/// TIMEX3 duration value: "P3D", "PT2H", "P1.5Y" (as months when whole), "PXY".
pub(super) fn duration_value(amount: Amount, unit: Unit) -> String {
    let (designator, factor, time_part) = unit.duration_parts();
    let t = if time_part { "T" } else { "" };
    match amount {
        Amount::X => {
            let d = match unit {
                Unit::Decade => "DE",
                Unit::Century => "CE",
                _ => designator,
            };
            format!("P{t}X{d}")
        }
        Amount::N(v) => {
            let v = v * factor as f64;
            if v.fract() == 0.0 {
                return format!("P{t}{}{designator}", v as i64);
            }
            // a fraction in a smaller unit when it comes out whole
            let smaller = match (designator, time_part) {
                ("H", true) => Some((60.0, "M", true)),
                ("M", true) => Some((60.0, "S", true)),
                ("D", false) => Some((24.0, "H", true)),
                ("W", false) => Some((7.0, "D", false)),
                ("Y", false) => Some((12.0, "M", false)),
                _ => None,
            };
            if let Some((k, d, tp)) = smaller {
                let whole = v.trunc();
                let rest = (v - whole) * k;
                if rest.fract() == 0.0 {
                    let t2 = if tp && !time_part { "T" } else { "" };
                    if whole == 0.0 {
                        let t = if tp { "T" } else { "" };
                        return format!("P{t}{}{d}", rest as i64);
                    }
                    // "5 1/2 hours" = PT5H30M, "2 1/2 years" = P2Y6M, "1 1/2 days" = P1DT12H
                    return format!("P{t}{}{designator}{t2}{}{d}", whole as i64, rest as i64);
                }
            }
            format!("P{t}{v}{designator}")
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
}
