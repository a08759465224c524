//! When an event happens, as a day interval: TIMEX3 values turned into
//! `[first day, last day]` (days since 1970-01-01) so dates of different precision
//! ("2021-03-17", "2021-03", "2021-W11") can be compared and ordered.

use chronicle::date::{days_in_month, Date};

/// An inclusive interval of days since 1970-01-01.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DayInterval {
    pub start: i64,
    pub end: i64,
}

impl DayInterval {
    pub fn day(day: i64) -> Self {
        DayInterval {
            start: day,
            end: day,
        }
    }
    pub fn len(&self) -> i64 {
        self.end - self.start + 1
    }
    pub fn is_empty(&self) -> bool {
        self.end < self.start
    }
    /// Overlap allowing `slack` days either side (time zones, "yesterday" off by one).
    pub fn overlaps(&self, other: &DayInterval, slack: i64) -> bool {
        self.start <= other.end + slack && other.start <= self.end + slack
    }
}

/// ISO date of a day number.
pub fn day_to_iso(day: i64) -> String {
    Date::from_days(day).to_string()
}

/// Day number of an ISO `YYYY-MM-DD` (or longer) string.
pub fn iso_to_day(s: &str) -> Option<i64> {
    Date::parse_iso(s.get(0..10)?).map(Date::to_days)
}

/// The interval a TIMEX3 DATE value covers; `None` for values that pin no day
/// (`PAST_REF`, `XXXX-03`, durations, decades).
pub fn interval_of_timex(value: &str) -> Option<DayInterval> {
    let value = value.trim();
    // An ISO 8601 interval "2021-03-17/2021-03-18" (the events stage writes ranges such as
    // "March 17-18" this way): from the start of the first to the end of the second.
    if let Some((first, last)) = value.split_once('/') {
        let (first, last) = (interval_of_timex(first)?, interval_of_timex(last)?);
        return (first.start <= last.end).then_some(DayInterval {
            start: first.start,
            end: last.end,
        });
    }
    let year: i32 = value.get(0..4)?.parse().ok()?;
    let rest = value.get(4..).unwrap_or("");
    if rest.is_empty() {
        let first = Date::new(year, 1, 1)?.to_days();
        let last = Date::new(year, 12, 31)?.to_days();
        return Some(DayInterval {
            start: first,
            end: last,
        });
    }
    let rest = rest.strip_prefix('-')?;
    if let Some(week) = rest.strip_prefix('W') {
        // 2021-W10 or 2021-W10-3 (weekday); 2021-W10-WE is the weekend.
        let (week, tail) = week.split_once('-').unwrap_or((week, ""));
        let week: i64 = week.parse().ok()?;
        if !(1..=53).contains(&week) {
            return None;
        }
        let jan4 = Date::new(year, 1, 4)?;
        let monday_w1 = jan4.to_days() - i64::from(jan4.weekday()) + 1;
        let monday = monday_w1 + (week - 1) * 7;
        return match tail {
            "" => Some(DayInterval {
                start: monday,
                end: monday + 6,
            }),
            "WE" => Some(DayInterval {
                start: monday + 5,
                end: monday + 6,
            }),
            d => {
                let wd: i64 = d.parse().ok()?;
                (1..=7)
                    .contains(&wd)
                    .then(|| DayInterval::day(monday + wd - 1))
            }
        };
    }
    if let Some(q) = rest.strip_prefix('Q') {
        let q: u32 = q.parse().ok()?;
        if !(1..=4).contains(&q) {
            return None;
        }
        let first_month = (q - 1) * 3 + 1;
        let last_month = first_month + 2;
        return Some(DayInterval {
            start: Date::new(year, first_month, 1)?.to_days(),
            end: Date::new(year, last_month, days_in_month(year, last_month))?.to_days(),
        });
    }
    if let Some(h) = rest.strip_prefix('H') {
        let (first, last) = match h {
            "1" => (1, 6),
            "2" => (7, 12),
            _ => return None,
        };
        return Some(DayInterval {
            start: Date::new(year, first, 1)?.to_days(),
            end: Date::new(year, last, days_in_month(year, last))?.to_days(),
        });
    }
    let month: u32 = rest.get(0..2)?.parse().ok()?;
    let rest = rest.get(2..).unwrap_or("");
    if rest.is_empty() {
        return Some(DayInterval {
            start: Date::new(year, month, 1)?.to_days(),
            end: Date::new(year, month, days_in_month(year, month))?.to_days(),
        });
    }
    let day: u32 = rest.strip_prefix('-')?.get(0..2)?.parse().ok()?;
    Some(DayInterval::day(Date::new(year, month, day)?.to_days()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> i64 {
        iso_to_day(s).unwrap()
    }

    #[test]
    fn timex_values_become_day_intervals() {
        let day = interval_of_timex("2021-03-17").unwrap();
        assert_eq!(day, DayInterval::day(d("2021-03-17")));
        let month = interval_of_timex("2021-03").unwrap();
        assert_eq!((month.start, month.end), (d("2021-03-01"), d("2021-03-31")));
        let week = interval_of_timex("2021-W11").unwrap();
        assert_eq!((week.start, week.end), (d("2021-03-15"), d("2021-03-21")));
        assert_eq!(
            interval_of_timex("2021-W11-3").unwrap(),
            DayInterval::day(d("2021-03-17"))
        );
        let q = interval_of_timex("2020-Q1").unwrap();
        assert_eq!((q.start, q.end), (d("2020-01-01"), d("2020-03-31")));
        assert_eq!(interval_of_timex("2021").unwrap().len(), 365);
        assert_eq!(
            interval_of_timex("2021-03-17T10:00").unwrap(),
            DayInterval::day(d("2021-03-17"))
        );
    }

    #[test]
    fn intervals_span_both_ends() {
        let both = interval_of_timex("2021-03-17/2021-03-18").unwrap();
        assert_eq!((both.start, both.end), (d("2021-03-17"), d("2021-03-18")));
        let months = interval_of_timex("2021-03/2021-04").unwrap();
        assert_eq!(
            (months.start, months.end),
            (d("2021-03-01"), d("2021-04-30"))
        );
        assert_eq!(interval_of_timex("2021-03-18/2021-03-17"), None);
        assert_eq!(interval_of_timex("2021-03-17/PRESENT_REF"), None);
    }

    #[test]
    fn vague_or_broken_values_pin_nothing() {
        for v in [
            "PAST_REF",
            "XXXX-03",
            "P3D",
            "198X",
            "2021-13",
            "2021-02-30",
            "",
            "2021-W60",
            "20",
        ] {
            assert_eq!(interval_of_timex(v), None, "{v}");
        }
    }

    #[test]
    fn overlap_with_slack() {
        let a = DayInterval::day(100);
        assert!(a.overlaps(&DayInterval::day(101), 1));
        assert!(!a.overlaps(&DayInterval::day(102), 1));
        assert!(a.overlaps(
            &DayInterval {
                start: 90,
                end: 120
            },
            0
        ));
        assert_eq!(day_to_iso(d("1987-02-26")), "1987-02-26");
    }
}
