//! Dates as pages write them: in metadata (ISO 8601, RFC 2822, `27.04.2020 18:50`), in a
//! visible line near the headline (`5. Juni 2015`, `July 11, 2011`, `26 de abril de 2022`,
//! `22 kwietnia 2021`, `12.12.2022`), and in URLs (`/2019/09/21/`, `/20200102/`).

use crate::date::{Date, PubDate};

/// Years a publication date may have; anything else is a number that looks like one.
const YEARS: std::ops::RangeInclusive<i32> = 1990..=2035;

/// Month names (lower case) in the languages of the pages we read, with their number.
const MONTHS: &[(&str, u32)] = &[
    // English
    ("january", 1),
    ("february", 2),
    ("march", 3),
    ("april", 4),
    ("may", 5),
    ("june", 6),
    ("july", 7),
    ("august", 8),
    ("september", 9),
    ("october", 10),
    ("november", 11),
    ("december", 12),
    ("jan", 1),
    ("feb", 2),
    ("mar", 3),
    ("apr", 4),
    ("jun", 6),
    ("jul", 7),
    ("aug", 8),
    ("sep", 9),
    ("sept", 9),
    ("oct", 10),
    ("nov", 11),
    ("dec", 12),
    // German
    ("januar", 1),
    ("jänner", 1),
    ("februar", 2),
    ("märz", 3),
    ("mai", 5),
    ("juni", 6),
    ("juli", 7),
    ("oktober", 10),
    ("dezember", 12),
    ("okt", 10),
    ("dez", 12),
    ("mrz", 3),
    // French
    ("janvier", 1),
    ("février", 2),
    ("fevrier", 2),
    ("mars", 3),
    ("avril", 4),
    ("juin", 6),
    ("juillet", 7),
    ("août", 8),
    ("aout", 8),
    ("septembre", 9),
    ("octobre", 10),
    ("novembre", 11),
    ("décembre", 12),
    ("decembre", 12),
    // Spanish and Portuguese
    ("enero", 1),
    ("febrero", 2),
    ("marzo", 3),
    ("abril", 4),
    ("mayo", 5),
    ("junio", 6),
    ("julio", 7),
    ("agosto", 8),
    ("septiembre", 9),
    ("setiembre", 9),
    ("octubre", 10),
    ("noviembre", 11),
    ("diciembre", 12),
    ("janeiro", 1),
    ("fevereiro", 2),
    ("março", 3),
    ("maio", 5),
    ("junho", 6),
    ("julho", 7),
    ("setembro", 9),
    ("outubro", 10),
    ("novembro", 11),
    ("dezembro", 12),
    // Italian
    ("gennaio", 1),
    ("febbraio", 2),
    ("aprile", 4),
    ("maggio", 5),
    ("giugno", 6),
    ("luglio", 7),
    ("settembre", 9),
    ("ottobre", 10),
    ("dicembre", 12),
    // Dutch
    ("januari", 1),
    ("februari", 2),
    ("maart", 3),
    ("mei", 5),
    ("augustus", 8),
    // Polish (nominative and genitive)
    ("styczeń", 1),
    ("stycznia", 1),
    ("luty", 2),
    ("lutego", 2),
    ("marzec", 3),
    ("marca", 3),
    ("kwiecień", 4),
    ("kwietnia", 4),
    ("maj", 5),
    ("maja", 5),
    ("czerwiec", 6),
    ("czerwca", 6),
    ("lipiec", 7),
    ("lipca", 7),
    ("sierpień", 8),
    ("sierpnia", 8),
    ("wrzesień", 9),
    ("września", 9),
    ("październik", 10),
    ("października", 10),
    ("listopad", 11),
    ("listopada", 11),
    ("grudzień", 12),
    ("grudnia", 12),
];

/// Words that may stand between day, month and year: "26 de abril de 2022", "1st of May".
const FILLERS: &[&str] = &["de", "del", "of", "th", "st", "nd", "rd", "den", "le", "el"];

fn month_number(word: &str) -> Option<u32> {
    let word = word.trim_end_matches('.');
    MONTHS
        .iter()
        .find(|(name, _)| *name == word)
        .map(|&(_, n)| n)
}

/// A date written in metadata: ISO 8601 (also with its leading day only), RFC 2822, or a
/// date written out as in text.
pub(super) fn parse_meta_date(s: &str) -> Option<PubDate> {
    let s = s.trim();
    if s.is_empty() || s.len() > 200 {
        return None;
    }
    if let Some(d) = PubDate::parse(s) {
        return Some(d).filter(|d| YEARS.contains(&d.date.year));
    }
    if let Some(d) = s
        .get(..10)
        .and_then(Date::parse_iso)
        .filter(|d| YEARS.contains(&d.year))
    {
        // `2020-02-21 03:21:06 +0000`, `2022-05-04-0305:49:00`: keep the time when it parses.
        let time = s.get(10..).and_then(|rest| {
            PubDate::parse(&format!(
                "{d}T{}",
                rest.trim_start_matches(['T', ' ']).trim()
            ))
        });
        return Some(time.unwrap_or(PubDate::day(d)));
    }
    parse_rfc2822(s).or_else(|| find_date(s))
}

/// `Wed, 04 May 2022 02:41:00 GMT`, `04 May 2022 02:41:00 +0200`.
fn parse_rfc2822(s: &str) -> Option<PubDate> {
    let s = s.split_once(',').map_or(s, |(_, rest)| rest).trim();
    let mut parts = s.split_whitespace();
    let day: u32 = parts.next()?.parse().ok()?;
    let month = month_number(&parts.next()?.to_lowercase())?;
    let year: i32 = parts.next()?.parse().ok()?;
    let date = Date::new(year, month, day).filter(|d| YEARS.contains(&d.year))?;
    let Some(clock) = parts.next() else {
        return Some(PubDate::day(date));
    };
    let zone = match parts.next() {
        Some("GMT" | "UT" | "UTC" | "Z") => "Z".to_string(),
        Some(z) if z.starts_with(['+', '-']) => z.to_string(),
        _ => String::new(),
    };
    Some(PubDate::parse(&format!("{date}T{clock}{zone}")).unwrap_or(PubDate::day(date)))
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Tok<'a> {
    /// A number, its digit count, and the separator right after it (if any).
    Num(u32, usize, Option<char>),
    Word(&'a str),
}

fn tokens(lower: &str) -> Vec<Tok<'_>> {
    let mut out = Vec::new();
    let mut chars = lower.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if c.is_ascii_digit() {
            let mut end = start + 1;
            while let Some(&(i, d)) = chars.peek() {
                if !d.is_ascii_digit() {
                    break;
                }
                end = i + 1;
                chars.next();
            }
            let digits = &lower[start..end];
            let sep = chars.peek().map(|&(_, c)| c);
            let value = if digits.len() <= 9 {
                digits.parse().unwrap_or(u32::MAX)
            } else {
                u32::MAX
            };
            out.push(Tok::Num(value, digits.len(), sep));
        } else if c.is_alphabetic() {
            let mut end = start + c.len_utf8();
            while let Some(&(i, d)) = chars.peek() {
                if !d.is_alphabetic() {
                    break;
                }
                end = i + d.len_utf8();
                chars.next();
            }
            out.push(Tok::Word(&lower[start..end]));
        }
        if out.len() > 4000 {
            break;
        }
    }
    out
}

/// The first date written in `text`: numeric (`12.12.2022`, `2022-12-12`, `26/12/2019`,
/// `01.21.2020` when the middle number cannot be a month) or with a month name in one of the
/// languages above (`5. Juni 2015`, `July 11, 2011`, `26 de abril de 2022`, `Oct 30 2020`).
pub(super) fn find_date(text: &str) -> Option<PubDate> {
    let lower = text.to_lowercase();
    let toks = tokens(&lower);
    let year_of = |t: Option<&Tok<'_>>| match t {
        Some(&Tok::Num(y, 4, _)) if YEARS.contains(&(y as i32)) => Some(y as i32),
        _ => None,
    };
    let skip_fillers = |mut i: usize| {
        while let Some(Tok::Word(w)) = toks.get(i) {
            if FILLERS.contains(w) {
                i += 1;
            } else {
                break;
            }
        }
        i
    };
    for i in 0..toks.len() {
        match toks[i] {
            // 2022-12-12
            Tok::Num(y, 4, Some('-' | '/' | '.')) if YEARS.contains(&(y as i32)) => {
                if let (Some(&Tok::Num(m, 1..=2, _)), Some(&Tok::Num(d, 1..=2, _))) =
                    (toks.get(i + 1), toks.get(i + 2))
                {
                    if let Some(date) = Date::new(y as i32, m, d) {
                        return Some(PubDate::day(date));
                    }
                }
            }
            // 12.12.2022, 26/12/2019, 01.21.2020
            Tok::Num(a, 1..=2, Some(sep @ ('.' | '/' | '-'))) => {
                if let (Some(&Tok::Num(b, 1..=2, Some(sep2))), Some(y)) =
                    (toks.get(i + 1), year_of(toks.get(i + 2)))
                {
                    if sep2 == sep || sep == '.' && sep2 == ' ' {
                        let date = Date::new(y, b, a).or_else(|| Date::new(y, a, b));
                        if let Some(date) = date {
                            return Some(PubDate::day(date));
                        }
                    }
                }
                // 5. Juni 2015, 26 de abril de 2022
                if let Some(date) = day_month_year(&toks, i, a, skip_fillers) {
                    return Some(date);
                }
            }
            Tok::Num(a, 1..=2, _) => {
                if let Some(date) = day_month_year(&toks, i, a, skip_fillers) {
                    return Some(date);
                }
            }
            // July 11, 2011; Oct 30 2020
            Tok::Word(w) => {
                if let (Some(m), Some(&Tok::Num(d, 1..=2, _))) = (month_number(w), toks.get(i + 1))
                {
                    let j = skip_fillers(i + 2);
                    if let Some(y) = year_of(toks.get(j)) {
                        if let Some(date) = Date::new(y, m, d) {
                            return Some(PubDate::day(date));
                        }
                    }
                }
            }
            _ => {}
        }
    }
    None
}

fn day_month_year(
    toks: &[Tok<'_>],
    i: usize,
    day: u32,
    skip_fillers: impl Fn(usize) -> usize,
) -> Option<PubDate> {
    let j = skip_fillers(i + 1);
    let Some(Tok::Word(w)) = toks.get(j) else {
        return None;
    };
    let month = month_number(w)?;
    let k = skip_fillers(j + 1);
    match toks.get(k) {
        Some(&Tok::Num(y, 4, _)) if YEARS.contains(&(y as i32)) => {
            Date::new(y as i32, month, day).map(PubDate::day)
        }
        _ => None,
    }
}

/// A full date in a URL's path: `/2019/09/21/`, `/20200102/`, `2020-02-19`, `23-01-2022`.
/// An archive's capture prefix (`web.archive.org/web/20080731095558/`) is not the page's.
pub(super) fn url_date(url: &str) -> Option<Date> {
    let mut url = url;
    if let Some(at) = url.find("/web/") {
        // web.archive.org/web/TIMESTAMP/http://original
        if let Some(inner) = url[at + 5..].find("http") {
            url = &url[at + 5 + inner..];
        }
    }
    let path = url
        .split_once("://")
        .map_or(url, |(_, rest)| rest.split_once('/').map_or("", |(_, p)| p));
    let path = path.split(['?', '#']).next().unwrap_or("");
    let parts: Vec<&str> = path
        .split(|c: char| !c.is_ascii_digit())
        .filter(|p| !p.is_empty())
        .collect();
    let ok = |y: &str, m: &str, d: &str| -> Option<Date> {
        let y: i32 = y.parse().ok()?;
        if !YEARS.contains(&y) {
            return None;
        }
        Date::new(y, m.parse().ok()?, d.parse().ok()?)
    };
    for w in parts.windows(3) {
        if w[0].len() == 4 && w[1].len() <= 2 && w[2].len() <= 2 {
            if let Some(d) = ok(w[0], w[1], w[2]) {
                return Some(d);
            }
        }
        if w[0].len() <= 2 && w[1].len() <= 2 && w[2].len() == 4 {
            if let Some(d) = ok(w[2], w[1], w[0]) {
                return Some(d);
            }
        }
    }
    parts
        .iter()
        .filter(|p| p.len() == 8)
        .find_map(|p| ok(&p[..4], &p[4..6], &p[6..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> Option<String> {
        find_date(s).map(|d| d.date.to_string())
    }

    #[test]
    fn dates_in_text() {
        assert_eq!(day("Freitag, 5. Juni 2015").as_deref(), Some("2015-06-05"));
        assert_eq!(
            day("By Tim Anderson July 11, 2011").as_deref(),
            Some("2011-07-11")
        );
        assert_eq!(
            day("26 de abril de 2022 1:04 PM").as_deref(),
            Some("2022-04-26")
        );
        assert_eq!(day("22 kwietnia 2021").as_deref(), Some("2021-04-22"));
        assert_eq!(day("12.12.2022, 08:30 Uhr").as_deref(), Some("2022-12-12"));
        assert_eq!(day("Posted 26/12/2019 by").as_deref(), Some("2019-12-26"));
        assert_eq!(day("01.21.2020 07:00 AM").as_deref(), Some("2020-01-21"));
        assert_eq!(day("Oct 30 2020 by").as_deref(), Some("2020-10-30"));
        assert_eq!(day("07 Dezember, 2022").as_deref(), Some("2022-12-07"));
        assert_eq!(day("2 mars 2020").as_deref(), Some("2020-03-02"));
        assert_eq!(day("2020-01-02 17:11").as_deref(), Some("2020-01-02"));
        assert_eq!(
            day("Karlsruhe, (12.11.2021). Traditionell").as_deref(),
            Some("2021-11-12")
        );
        assert_eq!(day("Route 4, 12 lanes, 2022 cars"), None);
        assert_eq!(day("31.02.2022"), None);
        assert_eq!(day("may 2022"), None);
        assert_eq!(day("1.500 Meter in 3.40.2022"), None);
    }

    #[test]
    fn dates_in_metadata() {
        let show = |s: &str| parse_meta_date(s).map(|d| d.to_string());
        assert_eq!(show("2021-11-02").as_deref(), Some("2021-11-02"));
        assert_eq!(
            show("2022-01-27T12:45:36.270+01").as_deref(),
            Some("2022-01-27T12:45:36.270+01:00")
        );
        assert_eq!(
            show("Wed, 04 May 2022 02:41:00 GMT").as_deref(),
            Some("2022-05-04T02:41:00Z")
        );
        assert_eq!(show("27.04.2020 18:50").as_deref(), Some("2020-04-27"));
        assert_eq!(
            show("2022-05-04-0305:49:00-10800").as_deref(),
            Some("2022-05-04")
        );
        assert_eq!(
            show("2021-05-05 08:07:52+0200").as_deref(),
            Some("2021-05-05T08:07:52+02:00")
        );
        assert_eq!(show("11.11.2021").as_deref(), Some("2021-11-11"));
        assert_eq!(show("soon"), None);
        assert_eq!(show("0001-01-01T00:00:00"), None);
    }

    #[test]
    fn dates_in_urls() {
        let d = |s: &str| url_date(s).map(|d| d.to_string());
        assert_eq!(
            d("https://x.org/2019/09/21/wir-unterstuetzen/").as_deref(),
            Some("2019-09-21")
        );
        assert_eq!(
            d("http://www.banyuetan.org/jmcs/detail/20200102/100020003313617.html").as_deref(),
            Some("2020-01-02")
        );
        assert_eq!(
            d("https://www.latimes.com/politics/story/2020-02-19/mike").as_deref(),
            Some("2020-02-19")
        );
        assert_eq!(
            d("https://b.it/de/newsroom/23-01-2022-dorothea/17-378.html").as_deref(),
            Some("2022-01-23")
        );
        assert_eq!(
            d("https://web.archive.org/web/20080731095558/http://www.d.de/2008/07/29/was/")
                .as_deref(),
            Some("2008-07-29")
        );
        assert_eq!(
            d("https://web.archive.org/web/20160401095740/http://www.welpen.de/"),
            None
        );
        assert_eq!(d("https://x.org/2020/02/story"), None);
        assert_eq!(d("https://2019.example.org/a"), None);
    }
}
