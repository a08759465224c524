//! Normalisation: turns a recognised [`Sem`] into a TIMEX3 type and value, anchored on the
//! document date, on an earlier time in the text, or on nothing (absolute or underspecified).
//! Calendar points are in [`point`], the clause's tense in [`tense`].

mod point;
mod tense;

pub(super) use point::Point;
pub(super) use tense::{clause_tense, Tense};

use super::lexicon::{RefWord, Unit};
use super::sem::{duration_value, Amount, Base, Sem, SetSpec, TimeOfDay, YearSpec};
use crate::date::Date;
use crate::doc::TimexType;

/// The context an expression is resolved in.
pub(super) struct Context {
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
pub(super) enum Anchored {
    None,
    Doc,
    Time(usize),
}

/// A normalised expression.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Resolved {
    pub kind: TimexType,
    pub value: String,
    pub range: Option<(String, String)>,
    pub anchor: Anchored,
    /// The span it denotes, when concrete: a candidate reference time for later ones.
    pub point: Option<Point>,
}

impl Resolved {
    fn date(value: String, anchor: Anchored, point: Option<Point>) -> Self {
        Resolved {
            kind: TimexType::Date,
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
pub(super) fn resolve(sem: &Sem, ctx: &Context) -> Resolved {
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
            kind: TimexType::Duration,
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
            kind: TimexType::Set,
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
                kind: TimexType::Time,
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
                kind: TimexType::Time,
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
