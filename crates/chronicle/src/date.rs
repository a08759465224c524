//! Calendar arithmetic on the proleptic Gregorian calendar, without a date crate.
//!
//! Every stage needs a little of it (the time tagger the most, the archive for ranges),
//! and the needs are simple: valid dates, weekdays, adding days and months, ISO weeks.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A valid calendar day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

pub fn is_leap_year(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

impl Date {
    /// A date, or `None` for impossible ones ("February 30").
    pub fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        if !(-9999..=9999).contains(&year) {
            return None;
        }
        Some(Date { year, month, day })
    }

    /// Days since 1970-01-01 (negative before).
    pub fn to_days(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = if y >= 0 { y } else { y - 399 } / 400;
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146097 + doe - 719468
    }

    /// The date `days` days after 1970-01-01.
    pub fn from_days(days: i64) -> Date {
        let z = days + 719468;
        let era = if z >= 0 { z } else { z - 146096 } / 146097;
        let doe = z - era * 146097;
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    /// ISO weekday: Monday = 1 ... Sunday = 7.
    pub fn weekday(self) -> u32 {
        // 1970-01-01 was a Thursday (4).
        ((self.to_days() + 3).rem_euclid(7) + 1) as u32
    }

    pub fn add_days(self, days: i64) -> Date {
        Date::from_days(self.to_days() + days)
    }

    /// Adds months, clamping the day to the target month's length (Jan 31 + 1 month = Feb 28).
    pub fn add_months(self, months: i32) -> Date {
        let total = self.year * 12 + self.month as i32 - 1 + months;
        let year = total.div_euclid(12);
        let month = (total.rem_euclid(12) + 1) as u32;
        let day = self.day.min(days_in_month(year, month));
        Date { year, month, day }
    }

    /// ISO 8601 week-numbering year and week.
    pub fn iso_week(self) -> (i32, u32) {
        let wd = i64::from(self.weekday());
        let thursday = self.add_days(4 - wd);
        let jan1 = Date {
            year: thursday.year,
            month: 1,
            day: 1,
        };
        let week = ((thursday.to_days() - jan1.to_days()) / 7 + 1) as u32;
        (thursday.year, week)
    }

    /// Parses `YYYY-MM-DD` (and nothing else).
    pub fn parse_iso(s: &str) -> Option<Date> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let year = s.get(0..4)?.parse().ok()?;
        let month = s.get(5..7)?.parse().ok()?;
        let day = s.get(8..10)?.parse().ok()?;
        Date::new(year, month, day)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// A publication date: a day, optionally a time of day and a UTC offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PubDate {
    pub date: Date,
    /// Seconds since midnight, with milliseconds when given.
    pub time: Option<(u32, u32, u32, u32)>,
    /// Offset from UTC in minutes; `None` when the input gave no zone.
    pub offset_minutes: Option<i32>,
}

impl PubDate {
    pub fn day(date: Date) -> Self {
        PubDate {
            date,
            time: None,
            offset_minutes: None,
        }
    }

    /// Parses ISO 8601 dates and date-times as news feeds write them:
    /// `2021-03-05`, `2021-03-05T09:30`, `2021-03-05 09:30:00`, `...:00.790`, `...Z`, `...+09:00`.
    pub fn parse(s: &str) -> Option<PubDate> {
        let s = s.trim();
        let date = Date::parse_iso(s.get(0..10)?)?;
        let rest = &s[10..];
        if rest.is_empty() {
            return Some(PubDate::day(date));
        }
        let rest = rest.strip_prefix(['T', 't', ' '])?;
        let (clock, zone) = match rest.find(['Z', 'z', '+', '-']) {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, ""),
        };
        let mut parts = clock.split(':');
        let hour: u32 = parts.next()?.parse().ok()?;
        let minute: u32 = parts.next().unwrap_or("0").parse().ok()?;
        let sec_part = parts.next().unwrap_or("0");
        if parts.next().is_some() {
            return None;
        }
        let (sec, millis) = match sec_part.split_once('.') {
            Some((s, frac)) => {
                let frac3: String = frac.chars().chain("000".chars()).take(3).collect();
                (s.parse().ok()?, frac3.parse().ok()?)
            }
            None => (sec_part.parse().ok()?, 0),
        };
        if hour > 24 || minute > 59 || sec > 60 {
            return None;
        }
        let offset_minutes = match zone {
            "" => None,
            "Z" | "z" => Some(0),
            z => {
                let sign = if z.starts_with('-') { -1 } else { 1 };
                let digits: String = z[1..].chars().filter(|c| c.is_ascii_digit()).collect();
                if digits.len() != 4 && digits.len() != 2 {
                    return None;
                }
                let h: i32 = digits.get(0..2)?.parse().ok()?;
                let m: i32 = digits
                    .get(2..)
                    .filter(|d| !d.is_empty())
                    .map_or(Some(0), |d| d.parse().ok())?;
                Some(sign * (h * 60 + m))
            }
        };
        Some(PubDate {
            date,
            time: Some((hour, minute, sec, millis)),
            offset_minutes,
        })
    }
}

impl fmt::Display for PubDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.date)?;
        if let Some((h, m, s, ms)) = self.time {
            write!(f, "T{h:02}:{m:02}:{s:02}")?;
            if ms > 0 {
                write!(f, ".{ms:03}")?;
            }
            match self.offset_minutes {
                Some(0) => write!(f, "Z")?,
                Some(off) => {
                    let sign = if off < 0 { '-' } else { '+' };
                    write!(f, "{sign}{:02}:{:02}", off.abs() / 60, off.abs() % 60)?
                }
                None => {}
            }
        }
        Ok(())
    }
}

impl Serialize for PubDate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for PubDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        PubDate::parse(&s)
            .ok_or_else(|| serde::de::Error::custom(format!("not an ISO 8601 date: {s:?}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_round_trip_and_weekday() {
        let d = Date::new(2021, 3, 5).unwrap();
        assert_eq!(Date::from_days(d.to_days()), d);
        assert_eq!(d.weekday(), 5, "2021-03-05 was a Friday");
        assert_eq!(d.add_days(-1).to_string(), "2021-03-04");
        assert_eq!(Date::new(1970, 1, 1).unwrap().to_days(), 0);
        for days in -800_000..800_000i64 {
            if days % 997 == 0 {
                let d = Date::from_days(days);
                assert_eq!(d.to_days(), days);
                assert!(Date::new(d.year, d.month, d.day).is_some());
            }
        }
    }

    #[test]
    fn impossible_dates_are_refused() {
        assert!(Date::new(2021, 2, 29).is_none());
        assert!(Date::new(2020, 2, 29).is_some());
        assert!(Date::new(2021, 13, 1).is_none());
        assert!(Date::parse_iso("2021-02-30").is_none());
    }

    #[test]
    fn months_clamp_and_iso_weeks() {
        let d = Date::new(2021, 1, 31).unwrap();
        assert_eq!(d.add_months(1).to_string(), "2021-02-28");
        assert_eq!(d.add_months(-2).to_string(), "2020-11-30");
        assert_eq!(Date::new(2021, 3, 5).unwrap().iso_week(), (2021, 9));
        assert_eq!(Date::new(2021, 1, 1).unwrap().iso_week(), (2020, 53));
    }

    #[test]
    fn pub_dates_parse_and_print() {
        for s in [
            "2021-03-05",
            "2021-03-05T09:30:00",
            "2021-03-05T09:30:00Z",
            "2021-03-05T09:30:00+09:00",
            "1987-02-26T15:01:01.790",
        ] {
            let p = PubDate::parse(s).unwrap();
            assert_eq!(p.to_string(), s);
        }
        assert_eq!(
            PubDate::parse("2021-03-05 09:30").unwrap().to_string(),
            "2021-03-05T09:30:00"
        );
        assert!(PubDate::parse("2021-03-05Tnonsense").is_none());
        assert!(PubDate::parse("yesterday").is_none());
    }
}
