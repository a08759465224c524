//! Holidays and named days, fixed and movable, computed for any year.
//!
//! Facts: Gregorian computus (anonymous Gregorian algorithm), US federal holiday rules,
//! and a table of Lunar New Year dates 1970–2050 (public astronomical calendar facts).

use crate::date::Date;

/// How a holiday falls in a given year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Rule {
    Fixed(u32, u32),
    /// The `n`th weekday `wd` (1 = Monday) of `month`; `n` = -1 for the last one.
    NthWeekday {
        month: u32,
        wd: u32,
        n: i32,
    },
    /// Days after Easter Sunday (negative: before).
    Easter(i64),
    /// Days after Lunar New Year's Day.
    Lunar(i64),
    /// US Election Day: the Tuesday after the first Monday of November.
    ElectionDay,
}

/// Holiday names as lower-case word sequences (tokens as the tokenizer cuts them).
pub(super) const HOLIDAYS: &[(&[&str], Rule)] = &[
    (&["new", "year", "'s", "day"], Rule::Fixed(1, 1)),
    (&["new", "year", "'s", "eve"], Rule::Fixed(12, 31)),
    (&["new", "years", "day"], Rule::Fixed(1, 1)),
    (&["new", "years", "eve"], Rule::Fixed(12, 31)),
    (&["new", "year", "day"], Rule::Fixed(1, 1)),
    (&["christmas", "eve"], Rule::Fixed(12, 24)),
    (&["christmas", "day"], Rule::Fixed(12, 25)),
    (&["christmas"], Rule::Fixed(12, 25)),
    (&["xmas"], Rule::Fixed(12, 25)),
    (&["boxing", "day"], Rule::Fixed(12, 26)),
    (&["halloween"], Rule::Fixed(10, 31)),
    (&["earth", "day"], Rule::Fixed(4, 22)),
    (&["independence", "day"], Rule::Fixed(7, 4)),
    (&["valentine", "'s", "day"], Rule::Fixed(2, 14)),
    (&["valentines", "day"], Rule::Fixed(2, 14)),
    (&["st", "patrick", "'s", "day"], Rule::Fixed(3, 17)),
    (&["st.", "patrick", "'s", "day"], Rule::Fixed(3, 17)),
    (&["saint", "patrick", "'s", "day"], Rule::Fixed(3, 17)),
    (&["groundhog", "day"], Rule::Fixed(2, 2)),
    (&["april", "fools", "day"], Rule::Fixed(4, 1)),
    (&["april", "fool", "'s", "day"], Rule::Fixed(4, 1)),
    (&["veterans", "day"], Rule::Fixed(11, 11)),
    (&["armistice", "day"], Rule::Fixed(11, 11)),
    (&["remembrance", "day"], Rule::Fixed(11, 11)),
    (&["bastille", "day"], Rule::Fixed(7, 14)),
    (&["victory", "day"], Rule::Fixed(5, 9)),
    (&["hangul", "day"], Rule::Fixed(10, 9)),
    (
        &["labor", "day"],
        Rule::NthWeekday {
            month: 9,
            wd: 1,
            n: 1,
        },
    ),
    (
        &["labour", "day"],
        Rule::NthWeekday {
            month: 9,
            wd: 1,
            n: 1,
        },
    ),
    (
        &["memorial", "day"],
        Rule::NthWeekday {
            month: 5,
            wd: 1,
            n: -1,
        },
    ),
    (
        &["thanksgiving", "day"],
        Rule::NthWeekday {
            month: 11,
            wd: 4,
            n: 4,
        },
    ),
    (
        &["thanksgiving"],
        Rule::NthWeekday {
            month: 11,
            wd: 4,
            n: 4,
        },
    ),
    (
        &["mother", "'s", "day"],
        Rule::NthWeekday {
            month: 5,
            wd: 7,
            n: 2,
        },
    ),
    (
        &["mothers", "day"],
        Rule::NthWeekday {
            month: 5,
            wd: 7,
            n: 2,
        },
    ),
    (
        &["father", "'s", "day"],
        Rule::NthWeekday {
            month: 6,
            wd: 7,
            n: 3,
        },
    ),
    (
        &["fathers", "day"],
        Rule::NthWeekday {
            month: 6,
            wd: 7,
            n: 3,
        },
    ),
    (
        &["martin", "luther", "king", "day"],
        Rule::NthWeekday {
            month: 1,
            wd: 1,
            n: 3,
        },
    ),
    (
        &["martin", "luther", "king", "jr.", "day"],
        Rule::NthWeekday {
            month: 1,
            wd: 1,
            n: 3,
        },
    ),
    (
        &["presidents", "day"],
        Rule::NthWeekday {
            month: 2,
            wd: 1,
            n: 3,
        },
    ),
    (
        &["presidents", "'", "day"],
        Rule::NthWeekday {
            month: 2,
            wd: 1,
            n: 3,
        },
    ),
    (
        &["columbus", "day"],
        Rule::NthWeekday {
            month: 10,
            wd: 1,
            n: 2,
        },
    ),
    (&["election", "day"], Rule::ElectionDay),
    (&["easter", "sunday"], Rule::Easter(0)),
    (&["easter", "monday"], Rule::Easter(1)),
    (&["easter"], Rule::Easter(0)),
    (&["good", "friday"], Rule::Easter(-2)),
    (&["palm", "sunday"], Rule::Easter(-7)),
    (&["ash", "wednesday"], Rule::Easter(-46)),
    (&["lunar", "new", "year", "'s", "day"], Rule::Lunar(0)),
    (&["lunar", "new", "year"], Rule::Lunar(0)),
    (&["chinese", "new", "year"], Rule::Lunar(0)),
    (&["new", "year", "'s"], Rule::Fixed(1, 1)),
    (&["new", "year"], Rule::Fixed(1, 1)),
];

/// Easter Sunday (Gregorian), by the anonymous Gregorian algorithm.
pub(super) fn easter(year: i32) -> Option<Date> {
    if year < 1583 {
        return None;
    }
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    Date::new(year, month as u32, day as u32)
}

/// Lunar New Year's Day, 1970–2050 (month, day), indexed by year - 1970.
const LUNAR_NEW_YEAR: [(u8, u8); 81] = [
    (2, 6),
    (1, 27),
    (2, 15),
    (2, 3),
    (1, 23),
    (2, 11),
    (1, 31),
    (2, 18),
    (2, 7),
    (1, 28),
    (2, 16),
    (2, 5),
    (1, 25),
    (2, 13),
    (2, 2),
    (2, 20),
    (2, 9),
    (1, 29),
    (2, 17),
    (2, 6),
    (1, 27),
    (2, 15),
    (2, 4),
    (1, 23),
    (2, 10),
    (1, 31),
    (2, 19),
    (2, 7),
    (1, 28),
    (2, 16),
    (2, 5),
    (1, 24),
    (2, 12),
    (2, 1),
    (1, 22),
    (2, 9),
    (1, 29),
    (2, 18),
    (2, 7),
    (1, 26),
    (2, 14),
    (2, 3),
    (1, 23),
    (2, 10),
    (1, 31),
    (2, 19),
    (2, 8),
    (1, 28),
    (2, 16),
    (2, 5),
    (1, 25),
    (2, 12),
    (2, 1),
    (1, 22),
    (2, 10),
    (1, 29),
    (2, 17),
    (2, 6),
    (1, 26),
    (2, 13),
    (2, 3),
    (1, 23),
    (2, 11),
    (1, 31),
    (2, 19),
    (2, 8),
    (1, 28),
    (2, 15),
    (2, 4),
    (1, 24),
    (2, 12),
    (2, 1),
    (1, 22),
    (2, 10),
    (1, 30),
    (2, 17),
    (2, 6),
    (1, 26),
    (2, 14),
    (2, 2),
    (1, 23),
];

pub(super) fn lunar_new_year(year: i32) -> Option<Date> {
    let index = usize::try_from(year - 1970).ok()?;
    let &(m, d) = LUNAR_NEW_YEAR.get(index)?;
    Date::new(year, u32::from(m), u32::from(d))
}

/// The `n`th weekday `wd` of a month (n = -1: the last).
pub(super) fn nth_weekday(year: i32, month: u32, wd: u32, n: i32) -> Option<Date> {
    if n < 0 {
        let last = Date::new(year, month, crate::date::days_in_month(year, month))?;
        let back = (i64::from(last.weekday()) - i64::from(wd)).rem_euclid(7);
        return Some(last.add_days(-back));
    }
    let first = Date::new(year, month, 1)?;
    let ahead = (i64::from(wd) - i64::from(first.weekday())).rem_euclid(7);
    let d = first.add_days(ahead + 7 * i64::from(n - 1));
    (d.month == month).then_some(d)
}

impl Rule {
    /// The holiday's date in `year`, when it can be computed.
    pub(super) fn date_in(self, year: i32) -> Option<Date> {
        match self {
            Rule::Fixed(m, d) => Date::new(year, m, d),
            Rule::NthWeekday { month, wd, n } => nth_weekday(year, month, wd, n),
            Rule::Easter(offset) => easter(year).map(|e| e.add_days(offset)),
            Rule::Lunar(offset) => lunar_new_year(year).map(|d| d.add_days(offset)),
            Rule::ElectionDay => nth_weekday(year, 11, 1, 1).map(|d| d.add_days(1)),
        }
    }
    /// The (month, day) when it is the same every year.
    pub(super) fn fixed(self) -> Option<(u32, u32)> {
        match self {
            Rule::Fixed(m, d) => Some((m, d)),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn movable_holidays_fall_where_calendars_put_them() {
        assert_eq!(easter(2021).unwrap().to_string(), "2021-04-04");
        assert_eq!(easter(2024).unwrap().to_string(), "2024-03-31");
        assert_eq!(
            Rule::NthWeekday {
                month: 11,
                wd: 4,
                n: 4
            }
            .date_in(2021)
            .unwrap()
            .to_string(),
            "2021-11-25"
        );
        assert_eq!(
            Rule::NthWeekday {
                month: 5,
                wd: 1,
                n: -1
            }
            .date_in(2021)
            .unwrap()
            .to_string(),
            "2021-05-31"
        );
        assert_eq!(lunar_new_year(2021).unwrap().to_string(), "2021-02-12");
        assert_eq!(lunar_new_year(2024).unwrap().to_string(), "2024-02-10");
        assert_eq!(
            Rule::ElectionDay.date_in(2020).unwrap().to_string(),
            "2020-11-03"
        );
        assert!(lunar_new_year(2200).is_none());
    }
}
