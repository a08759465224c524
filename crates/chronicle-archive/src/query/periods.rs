//! A time axis: the consecutive periods (days, ISO weeks, months, years) between two days,
//! so counts over time show gaps as empty periods instead of closing them up.

use chronicle::date::{days_in_month, Date};

use super::types::{Interval, Period};
use crate::error::{Error, Result};
use crate::when::day_to_iso;

/// More periods than this on one axis is a request for the wrong interval (thirty years
/// of days): the caller is told to pick a longer one.
pub const MAX_PERIODS: i64 = 5_000;

/// The most periods [`Interval::Auto`] puts on an axis.
pub const AUTO_MAX_PERIODS: i64 = 120;

/// How many periods of `interval` cover `first..=last` (about: months and years by length).
fn count(interval: Interval, first: i64, last: i64) -> i64 {
    match interval {
        Interval::Day => last - first + 1,
        Interval::Week => (last - first) / 7 + 2,
        Interval::Month => (last - first) / 28 + 2,
        Interval::Year | Interval::Auto => (last - first) / 365 + 2,
    }
}

/// The finest interval putting `first..=last` on at most [`AUTO_MAX_PERIODS`] periods.
pub fn auto_interval(first: i64, last: i64) -> Interval {
    [Interval::Day, Interval::Week, Interval::Month]
        .into_iter()
        .find(|i| count(*i, first, last) <= AUTO_MAX_PERIODS)
        .unwrap_or(Interval::Year)
}

/// The first and last day of the period of `interval` that contains `day` (`Auto` is
/// resolved before anything is bucketed; here it counts as a month).
pub fn period_bounds(interval: Interval, day: i64) -> (i64, i64) {
    let date = Date::from_days(day);
    match interval {
        Interval::Day => (day, day),
        Interval::Week => {
            let monday = day - i64::from(date.weekday()) + 1;
            (monday, monday + 6)
        }
        Interval::Month | Interval::Auto => {
            let first = day - i64::from(date.day) + 1;
            (
                first,
                first + i64::from(days_in_month(date.year, date.month)) - 1,
            )
        }
        Interval::Year => {
            let first = Date::new(date.year, 1, 1).map_or(day, Date::to_days);
            let last = Date::new(date.year, 12, 31).map_or(day, Date::to_days);
            (first, last)
        }
    }
}

/// The key of the period containing `day`: `2021-03-17`, `2021-W11`, `2021-03` or `2021`.
pub fn period_key(interval: Interval, day: i64) -> String {
    let date = Date::from_days(day);
    match interval {
        Interval::Day => date.to_string(),
        Interval::Week => {
            let (y, w) = date.iso_week();
            format!("{y:04}-W{w:02}")
        }
        Interval::Month | Interval::Auto => format!("{:04}-{:02}", date.year, date.month),
        Interval::Year => format!("{:04}", date.year),
    }
}

/// Every period from the one containing `first` to the one containing `last`, in order.
pub fn axis(interval: Interval, first: i64, last: i64) -> Result<Vec<Period>> {
    if last < first {
        return Ok(Vec::new());
    }
    let approx = count(interval, first, last);
    if approx > MAX_PERIODS {
        let name = match interval {
            Interval::Day => "day",
            Interval::Week => "week",
            Interval::Month | Interval::Auto => "month",
            Interval::Year => "year",
        };
        return Err(Error::Query(format!(
            "interval: {} to {} is about {approx} periods of a {name}, more than {MAX_PERIODS}; \
             choose a longer interval or a narrower since/until",
            day_to_iso(first),
            day_to_iso(last)
        )));
    }
    let mut out = Vec::with_capacity(approx.max(0) as usize);
    let mut day = period_bounds(interval, first).0;
    while day <= last {
        let (start, end) = period_bounds(interval, day);
        out.push(Period {
            period: period_key(interval, start),
            start: day_to_iso(start),
            end: day_to_iso(end),
        });
        day = end + 1;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> i64 {
        Date::parse_iso(s).unwrap().to_days()
    }

    #[test]
    fn months_are_consecutive_across_a_gap_and_a_year_end() {
        let periods = axis(Interval::Month, day("2020-11-20"), day("2021-02-03")).unwrap();
        let keys: Vec<&str> = periods.iter().map(|p| p.period.as_str()).collect();
        assert_eq!(keys, ["2020-11", "2020-12", "2021-01", "2021-02"]);
        assert_eq!(periods[0].start, "2020-11-01");
        assert_eq!(periods[3].end, "2021-02-28");
    }

    #[test]
    fn weeks_follow_iso_numbering() {
        // 2021-01-01 is a Friday in ISO week 2020-W53.
        let periods = axis(Interval::Week, day("2020-12-30"), day("2021-01-12")).unwrap();
        let keys: Vec<&str> = periods.iter().map(|p| p.period.as_str()).collect();
        assert_eq!(keys, ["2020-W53", "2021-W01", "2021-W02"]);
        assert_eq!(periods[0].start, "2020-12-28");
        assert_eq!(periods[2].end, "2021-01-17");
    }

    #[test]
    fn days_and_years_and_empty_ranges() {
        assert_eq!(
            axis(Interval::Day, day("2024-02-28"), day("2024-03-01"))
                .unwrap()
                .len(),
            3
        );
        let years = axis(Interval::Year, day("1999-06-01"), day("2001-01-01")).unwrap();
        assert_eq!(years.len(), 3);
        assert_eq!(years[1].start, "2000-01-01");
        assert!(axis(Interval::Day, 10, 9).unwrap().is_empty());
    }

    #[test]
    fn auto_picks_the_finest_interval_that_fits() {
        assert_eq!(
            auto_interval(day("2021-03-01"), day("2021-03-20")),
            Interval::Day
        );
        assert_eq!(
            auto_interval(day("2021-01-01"), day("2021-12-31")),
            Interval::Week
        );
        assert_eq!(
            auto_interval(day("2015-01-01"), day("2021-12-31")),
            Interval::Month
        );
        assert_eq!(
            auto_interval(day("1950-01-01"), day("2021-12-31")),
            Interval::Year
        );
    }

    #[test]
    fn too_many_periods_is_a_query_error_naming_the_interval() {
        let err = axis(Interval::Day, day("1900-01-01"), day("2021-01-01")).unwrap_err();
        assert!(err.to_string().contains("longer interval"), "{err}");
        assert!(axis(Interval::Year, day("1900-01-01"), day("2021-01-01")).is_ok());
    }
}
