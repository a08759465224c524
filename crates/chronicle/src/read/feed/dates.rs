//! Feed dates: RFC 822 / RFC 2822 as RSS writes them (`Mon, 07 Dec 2026 12:00:00 +0000`,
//! with the old zone names), and ISO 8601 / W3C dates as Atom, sitemaps and JSON Feed do.

use crate::date::{Date, PubDate};

/// Reads a feed date in any of the forms feeds use; `None` when it is none of them.
pub fn parse_feed_date(s: &str) -> Option<PubDate> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    if s.as_bytes().first().is_some_and(u8::is_ascii_digit) {
        if let Some(d) = PubDate::parse(s) {
            return Some(d);
        }
        if s.len() >= 10 && s.as_bytes().get(4) == Some(&b'-') {
            if let Some(d) = s.get(..10).and_then(PubDate::parse) {
                return Some(d);
            }
        }
    }
    parse_rfc822(s)
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

fn month_of(word: &str) -> Option<u32> {
    let lower = word.to_ascii_lowercase();
    let prefix = lower.get(..3)?;
    MONTHS
        .iter()
        .position(|m| *m == prefix)
        .map(|i| i as u32 + 1)
}

/// `[Day,] DD Mon YYYY [HH:MM[:SS]] [zone]`; also `Mon DD, YYYY` as some feeds write it.
fn parse_rfc822(s: &str) -> Option<PubDate> {
    let words: Vec<&str> = s
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    // Drop a leading weekday name.
    let mut rest: &[&str] = &words;
    if rest
        .first()
        .is_some_and(|w| w.chars().all(|c| c.is_ascii_alphabetic()) && month_of(w).is_none())
    {
        rest = &rest[1..];
    }
    let (day, month, year, rest) = match rest {
        [d, m, y, rest @ ..] if d.parse::<u32>().is_ok() => {
            (d.parse().ok()?, month_of(m)?, *y, rest)
        }
        [m, d, y, rest @ ..] => (d.parse().ok()?, month_of(m)?, *y, rest),
        _ => return None,
    };
    let year: i32 = match year.parse::<i32>().ok()? {
        y if y < 50 && year.len() <= 2 => 2000 + y,
        y if y < 100 && year.len() <= 2 => 1900 + y,
        y => y,
    };
    let date = Date::new(year, month, day)?;
    let Some(clock) = rest.first() else {
        return Some(PubDate::day(date));
    };
    let mut parts = clock.split(':');
    let hour: u32 = parts.next()?.parse().ok()?;
    let minute: u32 = parts.next()?.parse().ok()?;
    let second: u32 = match parts.next() {
        Some(s) => s.split('.').next()?.parse().ok()?,
        None => 0,
    };
    if hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let offset_minutes = rest.get(1).and_then(|z| zone_offset(z));
    Some(PubDate {
        date,
        time: Some((hour, minute, second, 0)),
        offset_minutes,
    })
}

/// RFC 822 zones: `+0900`, `-05:00`, `GMT`, `UT`, `Z` and the North American names.
fn zone_offset(zone: &str) -> Option<i32> {
    let upper = zone.to_ascii_uppercase();
    let named = match upper.as_str() {
        "GMT" | "UT" | "UTC" | "Z" => Some(0),
        "EST" => Some(-300),
        "EDT" | "AST" => Some(-240),
        "CST" => Some(-360),
        "CDT" => Some(-300),
        "MST" => Some(-420),
        "MDT" => Some(-360),
        "PST" => Some(-480),
        "PDT" => Some(-420),
        _ => None,
    };
    if named.is_some() {
        return named;
    }
    let sign = match upper.as_bytes().first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let digits: String = upper[1..].chars().filter(|c| *c != ':').collect();
    if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let hours: i32 = digits[..2].parse().ok()?;
    let minutes: i32 = digits[2..].parse().ok()?;
    (hours <= 14 && minutes < 60).then_some(sign * (hours * 60 + minutes))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(s: &str) -> Option<String> {
        parse_feed_date(s).map(|d| d.to_string())
    }

    #[test]
    fn rfc822_dates() {
        assert_eq!(
            show("Mon, 07 Dec 2026 12:05:00 +0000").as_deref(),
            Some("2026-12-07T12:05:00Z")
        );
        assert_eq!(
            show("Tue, 8 Dec 2026 09:30:15 +0900").as_deref(),
            Some("2026-12-08T09:30:15+09:00")
        );
        assert_eq!(
            show("08 Dec 26 09:30 EST").as_deref(),
            Some("2026-12-08T09:30:00-05:00")
        );
        assert_eq!(
            show("Wednesday, 09 December 2026 23:59:59 GMT").as_deref(),
            Some("2026-12-09T23:59:59Z")
        );
        assert_eq!(show("Dec 9, 2026").as_deref(), Some("2026-12-09"));
        // An unknown zone keeps the clock and says nothing about the offset.
        assert_eq!(
            show("Mon, 07 Dec 2026 12:05:00 XYZ").as_deref(),
            Some("2026-12-07T12:05:00")
        );
    }

    #[test]
    fn iso_dates() {
        assert_eq!(
            show("2026-12-07T12:05:00+01:00").as_deref(),
            Some("2026-12-07T12:05:00+01:00")
        );
        assert_eq!(show("2026-12-07").as_deref(), Some("2026-12-07"));
        assert_eq!(
            show("2026-12-07T12:05+01:00").as_deref(),
            Some("2026-12-07T12:05:00+01:00")
        );
        assert_eq!(show("2026-12-07Tjunk").as_deref(), Some("2026-12-07"));
    }

    #[test]
    fn nonsense_is_none() {
        for s in [
            "",
            "yesterday",
            "Mon, 31 Feb 2026 10:00:00 GMT",
            "Mon, 07 Foo 2026",
            "32 Dec 2026",
            "Mon, 07 Dec 2026 25:00:00 GMT",
        ] {
            assert_eq!(show(s), None, "{s}");
        }
    }
}
