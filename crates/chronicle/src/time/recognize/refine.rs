//! Token refinement: the text stage's tokens become [`Tk`]s, hyphenated words split into
//! parts ("mid-March" = "mid" + "March", "three-day" = "three" + "day") and numeric shapes
//! ("3/5/2021", "17-18", "1990s", "10:30", "Q3") read once, so the grammar only looks at
//! small enums.

use super::super::lexicon::{Lex, Lexicon};
use crate::doc::{Token, TokenKind};

/// Numeric and mixed token shapes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Shape {
    None,
    /// Plain digits: value and number of digits.
    Digits(u32, u8),
    /// A numeric date; `short_year` when the year had two digits.
    Date {
        y: i32,
        m: u32,
        d: u32,
    },
    DayRange(u32, u32),
    YearRange(i32, i32),
    /// "1990s" = 199; `short` for "90s".
    Decade(i32, bool),
    Clock(u32, u32),
    /// "3pm", "10:30am": hour already on the 24-hour clock.
    ClockAmPm(u32, u32),
    OrdNum(u32),
    /// "Q3", "3Q", "Q3-2021".
    Quarter(u32),
    /// "H1", "2H": a half year, a time only with its year ("H1 2020"; "H2" alone is hydrogen).
    Half(u32),
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct Tk {
    pub start: usize,
    pub end: usize,
    pub lex: Option<Lex>,
    pub shape: Shape,
    /// Joined to the previous part by a hyphen inside one word.
    pub joined: bool,
    /// Starts with an upper-case letter.
    pub cap: bool,
    /// First byte of a punctuation/symbol token, else 0.
    pub punct: u8,
}

// ---------------------------------------------------------------- token refinement

fn parse_u32(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 9 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// Two-digit years: '89 is 1989, '12 is 2012 (a pivot at 30 years ahead of 2000).
pub(super) fn expand_year(y: u32, digits: usize) -> i32 {
    if digits <= 2 {
        if y < 50 {
            2000 + y as i32
        } else {
            1900 + y as i32
        }
    } else {
        y as i32
    }
}

fn month_abbrev(s: &str) -> Option<u32> {
    let lower = s.to_ascii_lowercase();
    let m = match lower.trim_end_matches('.') {
        "jan" | "january" => 1,
        "feb" | "february" => 2,
        "mar" | "march" => 3,
        "apr" | "april" => 4,
        "may" => 5,
        "jun" | "june" => 6,
        "jul" | "july" => 7,
        "aug" | "august" => 8,
        "sep" | "sept" | "september" => 9,
        "oct" | "october" => 10,
        "nov" | "november" => 11,
        "dec" | "december" => 12,
        _ => return None,
    };
    Some(m)
}

/// Shapes of all-digit tokens with separators: dates, ranges, clock times.
fn number_shape(s: &str) -> Shape {
    if let Some(v) = parse_u32(s) {
        return Shape::Digits(v, s.len().min(255) as u8);
    }
    let b = s.as_bytes();
    // ISO: 2021-03-05
    if b.len() == 10 && b[4] == b'-' && b[7] == b'-' {
        if let (Some(y), Some(m), Some(d)) = (
            parse_u32(&s[0..4]),
            parse_u32(&s[5..7]),
            parse_u32(&s[8..10]),
        ) {
            if (1..=12).contains(&m) && (1..=31).contains(&d) {
                return Shape::Date { y: y as i32, m, d };
            }
        }
    }
    for sep in ['/', '-', '.'] {
        let parts: Vec<&str> = s.split(sep).collect();
        if parts.len() == 3 && parts.iter().all(|p| parse_u32(p).is_some()) {
            let (a, bb, c) = (parts[0], parts[1], parts[2]);
            let (m, d, y, ylen) = if a.len() == 4 {
                // 2021/03/05
                (parse_u32(bb), parse_u32(c), parse_u32(a), 4)
            } else if sep == '.' {
                // 05.03.2021 (day first, European)
                (parse_u32(bb), parse_u32(a), parse_u32(c), c.len())
            } else {
                // 3/5/2021 (US: month first)
                (parse_u32(a), parse_u32(bb), parse_u32(c), c.len())
            };
            if let (Some(m), Some(d), Some(y)) = (m, d, y) {
                if (ylen == 2 || ylen == 4) && (1..=12).contains(&m) && (1..=31).contains(&d) {
                    return Shape::Date {
                        y: expand_year(y, ylen),
                        m,
                        d,
                    };
                }
            }
            return Shape::None;
        }
        if parts.len() == 2 && sep == '-' {
            if let (Some(x), Some(y)) = (parse_u32(parts[0]), parse_u32(parts[1])) {
                if parts[0].len() == 4 && (parts[1].len() == 2 || parts[1].len() == 4) {
                    let y2 = if parts[1].len() == 2 {
                        (x as i32 / 100) * 100 + y as i32
                    } else {
                        y as i32
                    };
                    if y2 > x as i32 {
                        return Shape::YearRange(x as i32, y2);
                    }
                }
                if parts[0].len() <= 2 && parts[1].len() <= 2 && x < y && y <= 31 && x >= 1 {
                    return Shape::DayRange(x, y);
                }
            }
        }
    }
    if let Some((h, m)) = s.split_once(':') {
        if let (Some(h), Some(m)) = (parse_u32(h), parse_u32(m)) {
            if h <= 24 && m <= 59 && s.len() <= 5 {
                return Shape::Clock(h, m);
            }
        }
    }
    Shape::None
}

/// Shapes of mixed letter/digit words: "1990s", "3pm", "21st", "Q3", "19-Nov-12".
fn word_shape(s: &str) -> Shape {
    let lower_owned;
    let lower = if s.bytes().any(|b| b.is_ascii_uppercase()) {
        lower_owned = s.to_ascii_lowercase();
        lower_owned.as_str()
    } else {
        s
    };
    if let Some(stem) = lower.strip_suffix('s') {
        if let Some(v) = parse_u32(stem) {
            if stem.len() == 4 && v % 10 == 0 {
                return Shape::Decade(v as i32 / 10, false);
            }
            if stem.len() == 2 && v % 10 == 0 {
                return Shape::Decade(v as i32, true);
            }
        }
    }
    for suffix in ["st", "nd", "rd", "th"] {
        if let Some(stem) = lower.strip_suffix(suffix) {
            if let Some(v) = parse_u32(stem) {
                if stem.len() <= 3 {
                    return Shape::OrdNum(v);
                }
            }
        }
    }
    for (suffix, pm) in [
        ("a.m.", false),
        ("p.m.", true),
        ("a.m", false),
        ("p.m", true),
        ("am", false),
        ("pm", true),
    ] {
        if let Some(stem) = lower.strip_suffix(suffix) {
            let (h, m) = match stem.split_once(':') {
                Some((h, m)) => (parse_u32(h), parse_u32(m)),
                None => (parse_u32(stem), Some(0)),
            };
            if let (Some(h), Some(m)) = (h, m) {
                if (1..=12).contains(&h) && m <= 59 {
                    return Shape::ClockAmPm(to_24h(h, pm), m);
                }
            }
        }
    }
    let b = lower.as_bytes();
    if b.len() == 2 && b[0] == b'q' && (b'1'..=b'4').contains(&b[1]) {
        return Shape::Quarter(u32::from(b[1] - b'0'));
    }
    if b.len() == 2 && b[1] == b'q' && (b'1'..=b'4').contains(&b[0]) {
        return Shape::Quarter(u32::from(b[0] - b'0'));
    }
    if b.len() == 2 && b[0] == b'h' && (b'1'..=b'2').contains(&b[1]) {
        return Shape::Half(u32::from(b[1] - b'0'));
    }
    if b.len() == 2 && b[1] == b'h' && (b'1'..=b'2').contains(&b[0]) {
        return Shape::Half(u32::from(b[0] - b'0'));
    }
    // 19-Nov-12, 5-March-2021
    let parts: Vec<&str> = lower.split('-').collect();
    if parts.len() == 3 {
        if let (Some(d), Some(m), Some(y)) = (
            parse_u32(parts[0]),
            month_abbrev(parts[1]),
            parse_u32(parts[2]),
        ) {
            if (parts[2].len() == 2 || parts[2].len() == 4) && (1..=31).contains(&d) {
                return Shape::Date {
                    y: expand_year(y, parts[2].len()),
                    m,
                    d,
                };
            }
        }
    }
    Shape::None
}

/// "90s" = 199, "20s" = 202 (the 1920s are written out in news).
pub(super) fn short_decade(d: i32) -> i32 {
    if d < 30 {
        200 + d / 10
    } else {
        190 + d / 10
    }
}

pub(super) fn to_24h(h: u32, pm: bool) -> u32 {
    match (h, pm) {
        (12, false) => 0,
        (12, true) => 12,
        (h, true) => h + 12,
        (h, false) => h,
    }
}

fn starts_upper(s: &str) -> bool {
    s.as_bytes().first().is_some_and(|b| b.is_ascii_uppercase())
}

fn classify(lexicon: &Lexicon, s: &str, start: usize, joined: bool) -> Tk {
    let first = s.as_bytes().first().copied().unwrap_or(0);
    let lex = if first.is_ascii_alphabetic() {
        lexicon.get(s)
    } else {
        None
    };
    let shape = if lex.is_none() && s.bytes().any(|b| b.is_ascii_digit()) {
        if s.bytes().all(|b| b.is_ascii_digit()) {
            number_shape(s)
        } else {
            word_shape(s)
        }
    } else {
        Shape::None
    };
    Tk {
        start,
        end: start + s.len(),
        lex,
        shape,
        joined,
        cap: starts_upper(s),
        punct: 0,
    }
}

/// Refines the text stage's tokens into the matcher's [`Tk`]s (appending to `out`).
pub(crate) fn refine(text: &str, tokens: &[Token], lexicon: &Lexicon, out: &mut Vec<Tk>) {
    for t in tokens {
        let s = t.text(text);
        match t.kind {
            TokenKind::Punct | TokenKind::Symbol => out.push(Tk {
                start: t.start,
                end: t.end,
                lex: None,
                shape: Shape::None,
                joined: false,
                cap: false,
                punct: s.as_bytes().first().copied().unwrap_or(b'?'),
            }),
            TokenKind::Email | TokenKind::Url => out.push(Tk {
                start: t.start,
                end: t.end,
                lex: None,
                shape: Shape::None,
                joined: false,
                cap: false,
                punct: 0,
            }),
            TokenKind::Number => {
                let shape = number_shape(s);
                out.push(Tk {
                    start: t.start,
                    end: t.end,
                    lex: None,
                    shape,
                    joined: false,
                    cap: false,
                    punct: 0,
                })
            }
            TokenKind::Word => {
                if s.contains('-') {
                    let whole = word_shape(s);
                    if whole != Shape::None {
                        out.push(Tk {
                            start: t.start,
                            end: t.end,
                            lex: None,
                            shape: whole,
                            joined: false,
                            cap: false,
                            punct: 0,
                        });
                        continue;
                    }
                    let mut offset = t.start;
                    for (k, part) in s.split('-').enumerate() {
                        if !part.is_empty() {
                            out.push(classify(lexicon, part, offset, k > 0));
                        }
                        offset += part.len() + 1;
                    }
                } else {
                    out.push(classify(lexicon, s, t.start, false));
                }
            }
        }
    }
}
