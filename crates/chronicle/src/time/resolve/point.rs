//! Calendar points: a resolved span at some granularity (day, week, month, quarter, ...),
//! shifted and compared at that granularity.

use super::super::lexicon::{Season, Unit};
use crate::date::Date;

/// A resolved calendar span at some granularity; every field combination is valid by
/// construction (built from [`Date`]s), so its value string is always well formed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Point {
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
    pub(crate) fn containing(date: Date, unit: Unit) -> Point {
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
    pub(crate) fn unit(self) -> Unit {
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
    pub(crate) fn first_day(self) -> Option<Date> {
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
    pub(crate) fn shift(self, unit: Unit, n: i64) -> Option<Point> {
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

    pub(crate) fn value(self) -> String {
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

    pub(super) fn valid(self) -> Option<Point> {
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
