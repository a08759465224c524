//! Recognition: a hand-written matcher over the sentence's tokens that finds time
//! expressions and returns their meaning ([`Sem`]) before any anchoring.
//!
//! The text stage's tokens are refined into [`Tk`]s first: hyphenated words are split into
//! parts ("mid-March" = "mid" + "March", "three-day" = "three" + "day") and numeric shapes
//! ("3/5/2021", "17-18", "1990s", "10:30", "Q3") are read once, so the grammar below only
//! looks at small enums.

use super::holidays::HOLIDAYS;
use super::lexicon::{DayPart, Lex, Lexicon, RefWord, Season, Unit, W};
use super::sem::{Amount, Base, Found, Sem, SetSpec, TimeOfDay, YearSpec};
use crate::doc::{Token, TokenKind};

/// Numeric and mixed token shapes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Shape {
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
pub struct Tk {
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
pub fn expand_year(y: u32, digits: usize) -> i32 {
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
fn short_decade(d: i32) -> i32 {
    if d < 30 {
        200 + d / 10
    } else {
        190 + d / 10
    }
}

pub fn to_24h(h: u32, pm: bool) -> u32 {
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
pub fn refine(text: &str, tokens: &[Token], lexicon: &Lexicon, out: &mut Vec<Tk>) {
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

// ---------------------------------------------------------------- the grammar

/// The matcher over one sentence's refined tokens.
pub struct Matcher<'a> {
    pub t: &'a [Tk],
    pub text: &'a str,
}

const PREPOSITIONS_BEFORE_YEAR: &[W] = &[
    W::In,
    W::Since,
    W::By,
    W::Until,
    W::Of,
    W::From,
    W::Before,
    W::After,
    W::Through,
    W::During,
    W::To,
    W::Between,
    W::And,
    W::Fiscal,
    W::Early,
    W::Late,
    W::Mid,
    W::For,
    W::Or,
];

impl<'a> Matcher<'a> {
    fn lex(&self, i: usize) -> Option<Lex> {
        self.t.get(i).and_then(|t| t.lex)
    }
    fn w(&self, i: usize) -> Option<W> {
        match self.lex(i) {
            Some(Lex::W(w)) => Some(w),
            _ => None,
        }
    }
    fn is(&self, i: usize, w: W) -> bool {
        self.w(i) == Some(w)
    }
    fn shape(&self, i: usize) -> Shape {
        self.t.get(i).map_or(Shape::None, |t| t.shape)
    }
    fn punct(&self, i: usize) -> u8 {
        self.t.get(i).map_or(0, |t| t.punct)
    }
    fn joined(&self, i: usize) -> bool {
        self.t.get(i).is_some_and(|t| t.joined)
    }
    fn word(&self, i: usize) -> &'a str {
        self.t
            .get(i)
            .and_then(|t| self.text.get(t.start..t.end))
            .unwrap_or("")
    }
    /// Case-insensitive word test, curly apostrophes read as straight ones.
    fn word_is(&self, i: usize, w: &str) -> bool {
        let s = self.word(i);
        if s.eq_ignore_ascii_case(w) {
            return true;
        }
        s.contains('\u{2019}') && s.replace('\u{2019}', "'").eq_ignore_ascii_case(w)
    }
    fn digits(&self, i: usize) -> Option<(u32, u8)> {
        match self.shape(i) {
            Shape::Digits(v, n) => Some((v, n)),
            _ => None,
        }
    }
    fn day_num(&self, i: usize) -> Option<u32> {
        match self.shape(i) {
            Shape::Digits(v, n) if n <= 2 && (1..=31).contains(&v) => Some(v),
            Shape::OrdNum(v) if (1..=31).contains(&v) => Some(v),
            _ => match self.lex(i) {
                Some(Lex::Ord(v)) if (1..=31).contains(&v) => Some(v as u32),
                _ => None,
            },
        }
    }
    fn year_num(&self, i: usize) -> Option<i32> {
        match self.shape(i) {
            Shape::Digits(v, 4) if (1000..=2200).contains(&v) => Some(v as i32),
            _ => None,
        }
    }
    /// "'89" / "’89": a short year after an apostrophe token.
    fn short_year(&self, i: usize) -> Option<(i32, usize)> {
        if matches!(self.punct(i), b'\'') || self.word(i) == "\u{2019}" {
            if let Some((v, 2)) = self.digits(i + 1) {
                return Some((expand_year(v, 2), i + 2));
            }
        }
        None
    }

    /// "nineteen ninety-six", "two thousand", "two thousand and one": a year in words.
    fn spelled_year(&self, i: usize) -> Option<(i32, usize)> {
        let Some(Lex::Card(first)) = self.lex(i) else {
            return None;
        };
        if first == 2 && self.is(i + 1, W::Thousand) {
            let mut j = i + 2;
            if self.is(j, W::And) {
                j += 1;
            }
            if let Some(Lex::Card(u)) = self.lex(j) {
                if (1..=19).contains(&u) {
                    return Some((2000 + u as i32, j + 1));
                }
            }
            return Some((2000, i + 2));
        }
        if !(11..=20).contains(&first) {
            return None;
        }
        let Some(Lex::Card(tens)) = self.lex(i + 1) else {
            return None;
        };
        if tens < 10 || (tens % 10 != 0 && tens > 19) {
            return None;
        }
        let mut v = tens;
        let mut j = i + 2;
        if tens >= 20 {
            if let Some(Lex::Card(u)) = self.lex(j) {
                if (1..10).contains(&u) {
                    v += u;
                    j += 1;
                }
            }
        }
        Some((first as i32 * 100 + v as i32, j))
    }

    /// A number in digits or words: returns the amount and the index after it.
    fn amount(&self, i: usize) -> Option<(Amount, usize)> {
        if let Some((v, n)) = self.digits(i) {
            if n < 4 || (n == 4 && !(1000..=2200).contains(&v)) {
                // "two and a half", "2 1/2" are rare in news; "and a half" is handled.
                let (v, j) = self.and_a_half(f64::from(v), i + 1);
                return Some((Amount::N(v), j));
            }
            return None;
        }
        match self.lex(i)? {
            Lex::Card(mut v) => {
                let mut j = i + 1;
                if v >= 20 && v % 10 == 0 {
                    if let Some(Lex::Card(u)) = self.lex(j) {
                        if (1..10).contains(&u) {
                            v += u;
                            j += 1;
                        }
                    }
                }
                if self.is(j, W::Hundred) {
                    v *= 100;
                    j += 1;
                }
                let (v, j) = self.and_a_half(v as f64, j);
                Some((Amount::N(v), j))
            }
            Lex::W(W::A) => {
                if self.is(i + 1, W::Few) || self.is(i + 1, W::Couple) {
                    let j = if self.is(i + 2, W::Of) { i + 3 } else { i + 2 };
                    // "a couple of years" is two (TimeML), "a few" is vague
                    let amount = if self.is(i + 1, W::Couple) {
                        Amount::N(2.0)
                    } else {
                        Amount::X
                    };
                    return Some((amount, j));
                }
                if self.is(i + 1, W::Dozen) {
                    return Some((Amount::N(12.0), i + 2));
                }
                if self.is(i + 1, W::Half) {
                    return Some((Amount::N(0.5), i + 2));
                }
                // "almost a hundred years"
                if self.is(i + 1, W::Hundred) {
                    return Some((Amount::N(100.0), i + 2));
                }
                let (v, j) = self.and_a_half(1.0, i + 1);
                Some((Amount::N(v), j))
            }
            Lex::W(W::Several) | Lex::W(W::Few) | Lex::W(W::Many) => Some((Amount::X, i + 1)),
            // "the next couple of years"
            Lex::W(W::Couple) => {
                let j = if self.is(i + 1, W::Of) { i + 2 } else { i + 1 };
                Some((Amount::N(2.0), j))
            }
            Lex::W(W::Dozen) => Some((Amount::N(12.0), i + 1)),
            Lex::W(W::Half) => {
                if self.is(i + 1, W::A) {
                    Some((Amount::N(0.5), i + 2))
                } else {
                    None
                }
            }
            _ => None,
        }
    }

    fn and_a_half(&self, v: f64, j: usize) -> (f64, usize) {
        if self.word(j) == "1/2" || self.word(j) == "\u{bd}" {
            return (v + 0.5, j + 1);
        }
        if self.is(j, W::And) && self.is(j + 1, W::A) && self.is(j + 2, W::Half) {
            (v + 0.5, j + 3)
        } else {
            (v, j)
        }
    }

    fn unit_any(&self, i: usize) -> Option<(Unit, bool)> {
        match self.lex(i)? {
            Lex::Unit(u) => Some((u, false)),
            Lex::Units(u) => Some((u, true)),
            _ => None,
        }
    }

    /// Finds the longest expression starting at `i`.
    pub fn at(&self, i: usize) -> Option<Found> {
        let t = self.t.get(i)?;
        if t.lex.is_none() && t.shape == Shape::None && t.punct != b'\'' {
            return None;
        }
        let mut best: Option<Found> = None;
        let mut consider = |f: Option<Found>| {
            if let Some(f) = f {
                if f.end > f.start && best.as_ref().is_none_or(|b| f.end > b.end) {
                    best = Some(f);
                }
            }
        };
        consider(self.modified(i));
        consider(self.core(i));
        best
    }

    /// Modifier prefixes: "about", "more than", "early", "the end of", "mid-".
    fn modified(&self, i: usize) -> Option<Found> {
        let (modifier, j) = match self.w(i)? {
            W::Approx => ("APPROX", i + 1),
            W::Nearly => ("LESS_THAN", i + 1),
            W::More | W::Less if self.is(i + 1, W::Than) => (
                if self.is(i, W::More) {
                    "MORE_THAN"
                } else {
                    "LESS_THAN"
                },
                i + 2,
            ),
            W::Over if !self.is(i + 1, W::The) => ("MORE_THAN", i + 1),
            W::Under => ("LESS_THAN", i + 1),
            W::At if self.is(i + 1, W::AtLeast) => ("EQUAL_OR_MORE", i + 2),
            W::Early => ("START", i + 1),
            W::Mid | W::Middle if !self.is(i + 1, W::Of) => ("MID", i + 1),
            W::Late => ("END", i + 1),
            W::The => {
                let (m, k) = match self.w(i + 1)? {
                    W::End => ("END", i + 2),
                    W::Beginning | W::Start => ("START", i + 2),
                    W::Middle | W::Mid => ("MID", i + 2),
                    _ => return None,
                };
                if !self.is(k, W::Of) {
                    return None;
                }
                (m, k + 1)
            }
            W::End | W::Beginning | W::Start | W::Middle if self.is(i + 1, W::Of) => {
                let m = match self.w(i)? {
                    W::End => "END",
                    W::Middle => "MID",
                    _ => "START",
                };
                (m, i + 2)
            }
            _ => return None,
        };
        let mut f = self.core(j)?;
        // Point modifiers go with dates, quantity modifiers with durations and clocks.
        let point_mod = matches!(modifier, "START" | "MID" | "END");
        let is_duration = matches!(f.sem, Sem::Duration { .. });
        if point_mod == is_duration
            && !matches!(f.sem, Sem::Shift { .. })
            && !(modifier == "APPROX" && matches!(f.sem, Sem::WithTime { .. }))
        {
            return None;
        }
        if matches!(self.w(i), Some(W::Over) | Some(W::Under)) && !is_duration {
            return None;
        }
        // "about two years ago": TimeML reads a hedged distance as a duration
        if let Sem::Shift {
            unit,
            n,
            base: Base::Ago,
            ..
        } = f.sem
        {
            if !point_mod {
                f.sem = Sem::Duration {
                    amount: Amount::N(n.unsigned_abs() as f64),
                    unit,
                };
            }
        }
        if f.modifier.is_none() {
            f.modifier = Some(modifier);
        }
        f.start = i;
        Some(f)
    }

    fn found(&self, start: usize, end: usize, sem: Sem) -> Option<Found> {
        Some(Found {
            start,
            end,
            sem,
            modifier: None,
        })
    }

    fn core(&self, i: usize) -> Option<Found> {
        let t = self.t.get(i)?;
        let mut best: Option<Found> = None;
        let mut consider = |f: Option<Found>| {
            if let Some(f) = f {
                if f.end > f.start && best.as_ref().is_none_or(|b| f.end > b.end) {
                    best = Some(f);
                }
            }
        };
        match t.lex {
            Some(Lex::Month(m)) => consider(self.month_first(i, m)),
            Some(Lex::Weekday(wd)) => consider(self.weekday(i, wd, 0)),
            Some(Lex::Weekdays(wd)) => {
                consider(self.found(i, i + 1, Sem::Set(SetSpec::Weekday(wd))))
            }
            Some(Lex::Card(_)) | Some(Lex::W(W::A)) | Some(Lex::W(W::Several)) => {
                consider(self.quantity(i));
                if let Some((y, end)) = self.spelled_year(i) {
                    if !(self.unit_any(end).is_some() || self.is(i + 1, W::Thousand)) {
                        consider(self.found(
                            i,
                            end,
                            Sem::Cal {
                                year: YearSpec::Abs(y),
                                month: None,
                                day: None,
                            },
                        ));
                    }
                }
            }
            Some(Lex::W(W::Few)) | Some(Lex::W(W::Many)) | Some(Lex::W(W::Half)) => {
                consider(self.quantity(i))
            }
            Some(Lex::Ord(_)) => consider(self.ordinal(i)),
            Some(Lex::Season(s)) => consider(self.season(i, s, YearSpec::Tense, i)),
            Some(Lex::Part(p)) => consider(self.bare_part(i, p)),
            Some(Lex::Parts(_)) => {}
            Some(Lex::Ref(r)) => consider(self.ref_word(i, r)),
            Some(Lex::SetAdv(u)) => {
                if !self.word_is(i, "annual") {
                    consider(self.found(i, i + 1, Sem::Set(SetSpec::Every(1.0, u))))
                }
            }
            Some(Lex::Holiday) => consider(self.holiday(i)),
            Some(Lex::Unit(u)) => {
                if u == Unit::Second {
                    consider(self.ordinal(i));
                }
                if u == Unit::Year {
                    // "year end", "year's end"
                    let k = if self.word_is(i + 1, "'s") {
                        i + 2
                    } else {
                        i + 1
                    };
                    if self.is(k, W::End) && !self.joined(k) && !self.is(k + 1, W::Of) {
                        // "by year end" is "the end of the year": the year, mod END
                        let mut f = self.found(
                            i,
                            k + 1,
                            Sem::Shift {
                                unit: Unit::Year,
                                n: 0,
                                base: Base::Doc,
                                keep: false,
                            },
                        );
                        if let Some(f) = f.as_mut() {
                            f.modifier = Some("END");
                        }
                        consider(f);
                    }
                }
                consider(self.unit_compound(i, u))
            }
            Some(Lex::Units(u)) => consider(self.bare_plural(i, u)),
            Some(Lex::W(w)) => consider(self.function_word(i, w)),
            None => consider(self.numeric(i)),
        }
        best
    }

    // ---- dates led by a month: "March 17", "March 17, 2021", "March 17-18", "September 2019"
    fn month_first(&self, i: usize, m: u32) -> Option<Found> {
        let t = self.t.get(i)?;
        // Month words are capitalised in news; "may" and "march" are also verbs.
        if !t.cap {
            return None;
        }
        let mut j = i + 1;
        if self.punct(j) == b'.' && self.t.get(j).is_some_and(|p| p.start == t.end) {
            j += 1;
        }
        // March 17-18
        if let Shape::DayRange(d1, d2) = self.shape(j) {
            let (year, end) = self.year_after(j + 1);
            return self.found(
                i,
                end,
                Sem::DayRange {
                    year,
                    month: m,
                    d1,
                    d2,
                },
            );
        }
        if let Some(d) = self.day_num(j) {
            // "April 24 and 25": two days (the second is found on its own), the year
            // that follows them belongs to both
            if self.is(j + 1, W::And)
                && self.day_num(j + 2).is_some()
                && self.lex(j + 3).is_none_or(|l| !matches!(l, Lex::Month(_)))
            {
                let (year, _) = self.year_after(j + 3);
                return self.found(
                    i,
                    j + 1,
                    Sem::Cal {
                        year,
                        month: Some(m),
                        day: Some(d),
                    },
                );
            }
            // "March 17 to 18"
            if matches!(self.w(j + 1), Some(W::To) | Some(W::Through)) || self.punct(j + 1) == b'-'
            {
                if let Some(d2) = self.day_num(j + 2) {
                    if d2 > d && self.lex(j + 3).is_none_or(|l| !matches!(l, Lex::Month(_))) {
                        let (year, end) = self.year_after(j + 3);
                        return self.found(
                            i,
                            end,
                            Sem::DayRange {
                                year,
                                month: m,
                                d1: d,
                                d2,
                            },
                        );
                    }
                }
            }
            // not "March 17 people" when 17 is really a count: a day needs no noun after
            let (year, end) = self.year_after(j + 1);
            return self.found(
                i,
                end,
                Sem::Cal {
                    year,
                    month: Some(m),
                    day: Some(d),
                },
            );
        }
        // "September 2019", "September of 2019", "Sept. '89"
        let (year, end) = self.year_after(j);
        if end > j {
            return self.found(
                i,
                end,
                Sem::Cal {
                    year,
                    month: Some(m),
                    day: None,
                },
            );
        }
        if m == 5 && !self.month_context(i) {
            return None;
        }
        // a bare abbreviation without its dot is a name ("Jan Kavan") more often than a month
        let word = self.word(i);
        // "June", "July" are whole names, but "June Carter" is a person
        let full_name = matches!(m, 6 | 7)
            && word.len() == 4
            && !self
                .t
                .get(i + 1)
                .is_some_and(|t| t.cap && t.lex.is_none() && t.shape == Shape::None);
        if word.len() <= 4 && !word.ends_with('.') && !full_name && !self.month_context(i) {
            return None;
        }
        self.found(
            i,
            j.min(i + 1),
            Sem::Cal {
                year: YearSpec::Tense,
                month: Some(m),
                day: None,
            },
        )
    }

    /// Whether a bare "May" is the month (preceded by a preposition or modifier).
    fn month_context(&self, i: usize) -> bool {
        i > 0
            && matches!(
                self.w(i - 1),
                Some(
                    W::In
                        | W::Since
                        | W::Until
                        | W::By
                        | W::Of
                        | W::Early
                        | W::Late
                        | W::Mid
                        | W::Last
                        | W::Next
                        | W::This
                        | W::From
                        | W::To
                        | W::Through
                        | W::During
                        | W::Before
                        | W::After
                )
            )
    }

    /// An optional year after a day or month: ", 2021", " 2021", " of 2021", " '89".
    fn year_after(&self, j: usize) -> (YearSpec, usize) {
        let k = if self.punct(j) == b',' || self.is(j, W::Of) {
            j + 1
        } else {
            j
        };
        if let Some(y) = self.year_num(k) {
            // "March 17, 2021" but not "March 17, 1,500 people"
            return (YearSpec::Abs(y), k + 1);
        }
        if let Some((y, end)) = self.short_year(k) {
            return (YearSpec::Abs(y), end);
        }
        if let Some((y, end)) = self.spelled_year(k) {
            return (YearSpec::Abs(y), end);
        }
        // "February this year", "June last year": one expression, the year told
        if self.unit_any(j + 1) == Some((Unit::Year, false)) && !self.word_is(j + 2, "'s") {
            let n = match self.w(j) {
                Some(W::This) => Some(0),
                Some(W::Last) => Some(-1),
                Some(W::Next) => Some(1),
                _ => None,
            };
            if let Some(n) = n {
                return (YearSpec::Doc(n), j + 2);
            }
        }
        (YearSpec::Tense, j)
    }

    // ---- weekdays: "Friday", "Friday morning", "Friday, Feb. 26", "Tuesday night"
    fn weekday(&self, i: usize, wd: u32, dir: i32) -> Option<Found> {
        let mut j = i + 1;
        let t = self.t.get(i)?;
        let short = self.word(i).len() <= 4;
        if !t.cap && short {
            // lower-case "sun", "sat", "wed" are other words
            return None;
        }
        // the word after the weekday, past a comma: "Friday, Feb. 26"
        let k = if self.punct(j) == b',' { j + 1 } else { j };
        if short
            && !self.word(i).ends_with('.')
            && self.lex(k).is_none_or(|l| !matches!(l, Lex::Month(_)))
        {
            // abbreviated weekday without its dot: only in front of a date ("that Sun"
            // is a company, "last Wed" is rare)
            return None;
        }
        // "Friday, Feb. 26, 2021" / "Friday Feb. 26": the date decides
        if let Some(Lex::Month(m)) = self.lex(k) {
            if let Some(f) = self.month_first(k, m) {
                if matches!(f.sem, Sem::Cal { day: Some(_), .. }) {
                    return Some(Found { start: i, ..f });
                }
            }
        }
        // "Tuesday's ruling": what a day is known for has mostly happened already
        let dir = if dir == 0 && self.word_is(j, "'s") {
            3
        } else {
            dir
        };
        let sem = Sem::Weekday { wd, dir };
        if let Some((time, end)) = self.part_after(j) {
            j = end;
            return self.found(
                i,
                j,
                Sem::WithTime {
                    date: Box::new(sem),
                    time,
                },
            );
        }
        self.found(i, j, sem)
    }

    /// "morning", "night", "at 3 p.m." after a day word.
    fn part_after(&self, j: usize) -> Option<(TimeOfDay, usize)> {
        match self.lex(j) {
            Some(Lex::Part(p)) => Some((tod_of(p), j + 1)),
            _ => {
                let k = if self.is(j, W::At) { j + 1 } else { j };
                let (time, end) = self.clock(k)?;
                Some((time, end))
            }
        }
    }

    // ---- clock times: "3 p.m.", "3:30 p.m. EST", "10:35 a.m.", "0600 GMT", "15:00", "3pm"
    fn clock(&self, i: usize) -> Option<(TimeOfDay, usize)> {
        let (h, m, mut j) = match self.shape(i) {
            Shape::ClockAmPm(h, m) => (h, m, i + 1),
            Shape::Clock(h, m) => match self.w(i + 1) {
                Some(W::Am) | Some(W::Pm) if (1..=12).contains(&h) => {
                    (to_24h(h, self.is(i + 1, W::Pm)), m, i + 2)
                }
                _ => (h, m, i + 1),
            },
            Shape::Digits(v, n) if n <= 2 && (1..=12).contains(&v) => match self.w(i + 1) {
                Some(W::Am) | Some(W::Pm) => (to_24h(v, self.is(i + 1, W::Pm)), 0, i + 2),
                _ => {
                    if self.word_is(i + 1, "o'clock") {
                        (v, 0, i + 2)
                    } else {
                        return None;
                    }
                }
            },
            Shape::Digits(v, 4) if self.is(i + 1, W::Zone) || self.word_is(i + 1, "hours") => {
                let (h, m) = (v / 100, v % 100);
                if h > 24 || m > 59 {
                    return None;
                }
                (h, m, i + 1)
            }
            _ => match self.lex(i) {
                Some(Lex::Part(DayPart::Clock(h))) => (h, 0, i + 1),
                _ => return None,
            },
        };
        if self.punct(j) == b'.'
            && self
                .t
                .get(j - 1)
                .is_some_and(|_| self.word(j - 1) == "p.m" || self.word(j - 1) == "a.m")
        {
            j += 1;
        }
        if self.is(j, W::Zone) {
            j += 1;
        } else if self.is(j, W::Local) && self.is(j + 1, W::Time) {
            j += 2;
        }
        if h > 24 || m > 59 {
            return None;
        }
        Some((TimeOfDay::Clock(h, m), j))
    }

    fn bare_part(&self, i: usize, p: DayPart) -> Option<Found> {
        // "noon", "midnight" stand alone; "morning" needs a determiner (handled there)
        if let DayPart::Clock(_) = p {
            let (time, j) = self.clock(i)?;
            return self.with_day_after(i, j, time);
        }
        // "mid-afternoon", "mid-morning yesterday"
        if i > 0 && self.is(i - 1, W::Mid) && !matches!(p, DayPart::Night | DayPart::Daytime) {
            return self.with_day_after(i, i + 1, TimeOfDay::Part(p));
        }
        None
    }

    /// A clock or part of day, optionally followed by its day ("10 p.m. Wednesday",
    /// "5 p.m. EST, Nov. 6", "4 in the morning").
    fn with_day_after(&self, i: usize, j: usize, time: TimeOfDay) -> Option<Found> {
        let k = if self.punct(j) == b',' || self.is(j, W::On) {
            j + 1
        } else {
            j
        };
        let day = match self.lex(k) {
            Some(Lex::Weekday(_))
            | Some(Lex::Month(_))
            | Some(Lex::W(W::Today))
            | Some(Lex::W(W::Yesterday))
            | Some(Lex::W(W::Tomorrow)) => self.core(k),
            _ => None,
        };
        if let Some(d) = day {
            if let Sem::Cal { day: Some(_), .. } | Sem::Weekday { .. } | Sem::Deictic(_) = d.sem {
                return self.found(
                    i,
                    d.end,
                    Sem::WithTime {
                        date: Box::new(d.sem),
                        time,
                    },
                );
            }
        }
        let mut end = j;
        let mut time = time;
        // "4 in the morning"
        if self.is(j, W::In) && self.is(j + 1, W::The) {
            if let (TimeOfDay::Clock(h, m), Some(Lex::Part(p))) = (time, self.lex(j + 2)) {
                let h = match p {
                    DayPart::Afternoon | DayPart::Evening | DayPart::Night if h < 12 => h + 12,
                    _ => h,
                };
                time = TimeOfDay::Clock(h, m);
                end = j + 3;
            }
        }
        self.found(
            i,
            end,
            Sem::WithTime {
                date: Box::new(Sem::SameDay),
                time,
            },
        )
    }

    // ---- numbers: years, numeric dates, day-month, clock times, durations
    fn numeric(&self, i: usize) -> Option<Found> {
        if self.punct(i) == b'\'' || self.word(i) == "\u{2019}" {
            if let Shape::Decade(d, true) = self.shape(i + 1) {
                return self.found(i, i + 2, Sem::Decade(short_decade(d)));
            }
            let (y, end) = self.short_year(i)?;
            return self.found(
                i,
                end,
                Sem::Cal {
                    year: YearSpec::Abs(y),
                    month: None,
                    day: None,
                },
            );
        }
        match self.shape(i) {
            Shape::Date { y, m, d } => self.found(
                i,
                i + 1,
                Sem::Cal {
                    year: YearSpec::Abs(y),
                    month: Some(m),
                    day: Some(d),
                },
            ),
            Shape::Decade(d, short) => {
                // "in his 30s", "their forties": an age, not a decade
                if i > 0
                    && ["his", "her", "their", "my", "your", "our"]
                        .iter()
                        .any(|w| self.word_is(i - 1, w))
                {
                    return None;
                }
                let decade = if short { short_decade(d) } else { d };
                self.found(i, i + 1, Sem::Decade(decade))
            }
            Shape::YearRange(a, b) => {
                let _ = b;
                self.found(
                    i,
                    i + 1,
                    Sem::Cal {
                        year: YearSpec::Abs(a),
                        month: None,
                        day: None,
                    },
                )
            }
            Shape::Quarter(q) => {
                // "Q3 2020", "Q3 of 2020", "Q3 last year" as one expression
                let (year, end) = self.year_after(i + 1);
                self.found(i, end, Sem::Quarter { q, year })
            }
            Shape::Half(h) => match self.year_after(i + 1) {
                (year @ (YearSpec::Abs(_) | YearSpec::Doc(_)), end) => {
                    self.found(i, end, Sem::Half { h, year })
                }
                _ => None,
            },
            Shape::OrdNum(_) => self.ordinal(i),
            Shape::Clock(..) | Shape::ClockAmPm(..) => {
                let (time, j) = self.clock(i)?;
                self.with_day_after(i, j, time)
            }
            Shape::Digits(v, n) => {
                let mut best: Option<Found> = None;
                for f in [
                    self.day_month(i),
                    self.clock(i)
                        .and_then(|(time, j)| self.with_day_after(i, j, time)),
                    self.quantity(i),
                    self.bare_year(i, v, n),
                ]
                .into_iter()
                .flatten()
                {
                    if best.as_ref().is_none_or(|b| f.end > b.end) {
                        best = Some(f);
                    }
                }
                best
            }
            _ => None,
        }
    }

    /// "17 March 2021", "17th of March"
    fn day_month(&self, i: usize) -> Option<Found> {
        let d = self.day_num(i)?;
        let j = if self.is(i + 1, W::Of) { i + 2 } else { i + 1 };
        let m = match self.lex(j)? {
            Lex::Month(m) if self.t.get(j)?.cap => m,
            _ => return None,
        };
        let mut k = j + 1;
        if self.punct(k) == b'.' {
            k += 1;
        }
        let (year, end) = self.year_after(k);
        self.found(
            i,
            end.max(j + 1),
            Sem::Cal {
                year,
                month: Some(m),
                day: Some(d),
            },
        )
    }

    /// A four-digit number read as a year when nothing says it is a count.
    fn bare_year(&self, i: usize, v: u32, n: u8) -> Option<Found> {
        if n != 4 || !(1000..=2200).contains(&v) {
            return None;
        }
        let prev_ok = i > 0
            && self
                .w(i - 1)
                .is_some_and(|w| PREPOSITIONS_BEFORE_YEAR.contains(&w));
        if i > 0 && matches!(self.punct(i - 1), b'$' | b'#') {
            return None;
        }
        // followed by a unit or a plural noun: a quantity ("2000 tons", "1500 people")
        let next = self.word(i + 1);
        let next_is_noun = self.t.get(i + 1).is_some_and(|t| t.punct == 0 && !t.cap)
            && self.lex(i + 1).is_none()
            && next.ends_with('s')
            && !matches!(next, "was" | "is" | "has" | "as" | "its" | "this");
        // "the 1988 second quarter", "the 1988 quarter" keep the year
        let period_after = matches!(
            self.unit_any(i + 1),
            Some((Unit::Second | Unit::Quarter | Unit::Half, false))
        );
        let unit_after = self.unit_any(i + 1).is_some() && !period_after;
        if next_is_noun || unit_after || self.punct(i + 1) == b'%' {
            return None;
        }
        if !prev_ok && !(1900..=2099).contains(&v) {
            return None;
        }
        self.found(
            i,
            i + 1,
            Sem::Cal {
                year: YearSpec::Abs(v as i32),
                month: None,
                day: None,
            },
        )
    }

    // ---- quantities: durations ("three-day", "two years"), shifts ("two days ago")
    fn quantity(&self, i: usize) -> Option<Found> {
        let (amount, j) = self.amount(i)?;
        // "two more weeks", "an additional year", "eight trading days"
        let j = if ["more", "additional", "extra", "trading", "business"]
            .iter()
            .any(|w| self.word_is(j, w))
            && self.unit_any(j + 1).is_some()
        {
            j + 1
        } else {
            j
        };
        let (unit, _plural) = self.unit_any(j)?;
        // "a year and a half"
        let (amount, mut end) = match amount {
            Amount::N(v) => {
                let (v, e) = self.and_a_half(v, j + 1);
                (Amount::N(v), e)
            }
            x => (x, j + 1),
        };
        // ages are not times: "a two-year-old", "52 years old"
        if self.word_is(end, "old") {
            return None;
        }
        // "a day-long strike": the article belongs to the noun, the span is "day-long"
        if self.joined(end) && self.word_is(end, "long") && self.word_is(i, "a") {
            return None;
        }
        // fractions and ordinals: "three-quarters", "a quarter of", "a second round"
        if unit == Unit::Quarter && (self.joined(j) || self.is(end, W::Of)) {
            return None;
        }
        if unit == Unit::Second && self.word_is(i, "a") {
            return None;
        }
        if self.word_is(i, "a") || self.word_is(i, "an") {
            // "once a week", "twice a year", "three times a day": a set
            if i > 0
                && (matches!(
                    self.w(i - 1),
                    Some(W::Once) | Some(W::Twice) | Some(W::Times)
                ))
            {
                return self.found(i, end, Sem::Set(SetSpec::Every(1.0, unit)));
            }
        }
        // relative: "two days ago", "a year earlier", "three weeks later", "two years from now"
        let n = match amount {
            Amount::N(v) => Some(v),
            Amount::X => None,
        };
        match self.w(end) {
            // "three days later": TimeML reads "later" as a signal and the amount as a
            // duration ("a year earlier", "two days ago" stay dates)
            Some(W::Later) => {}
            Some(W::Ago) | Some(W::Earlier) | Some(W::Hence) => {
                let sign = if matches!(self.w(end), Some(W::Ago) | Some(W::Earlier)) {
                    -1
                } else {
                    1
                };
                let base = if self.is(end, W::Ago) || self.is(end, W::Hence) {
                    Base::Ago
                } else {
                    Base::Ref
                };
                return match n {
                    Some(v) if v.fract() == 0.0 => self.found(
                        i,
                        end + 1,
                        Sem::Shift {
                            unit,
                            n: sign * v as i64,
                            base,
                            keep: base == Base::Ref,
                        },
                    ),
                    _ => self.found(
                        i,
                        end + 1,
                        Sem::Ref(if sign < 0 {
                            RefWord::Past
                        } else {
                            RefWord::Future
                        }),
                    ),
                };
            }
            Some(W::From) if self.is(end + 1, W::Now) => {
                if let Some(v) = n.filter(|v| v.fract() == 0.0) {
                    return self.found(
                        i,
                        end + 2,
                        Sem::Shift {
                            unit,
                            n: v as i64,
                            base: Base::Ago,
                            keep: false,
                        },
                    );
                }
            }
            _ => {}
        }
        if unit == Unit::Weekend {
            end = end.max(j + 1);
        }
        self.found(i, end, Sem::Duration { amount, unit })
    }

    // ---- ordinals: "the third quarter" (via "the"), "third-quarter", "first half",
    //      "21st century", "the first nine months"
    fn ordinal(&self, i: usize) -> Option<Found> {
        let n = match (self.lex(i), self.shape(i)) {
            (Some(Lex::Ord(n)), _) => n as u32,
            (Some(Lex::Unit(Unit::Second)), _) => 2,
            (_, Shape::OrdNum(n)) => n,
            _ => return None,
        };
        let mut j = i + 1;
        if self.is(j, W::Fiscal) {
            j += 1;
        }
        let year_after = |k: usize| -> (YearSpec, usize) {
            if self.is(k, W::Of) || self.punct(k) == b',' {
                if let Some(y) = self.year_num(k + 1) {
                    return (YearSpec::Abs(y), k + 2);
                }
                if self.is(k, W::Of) {
                    match (self.w(k + 1), self.w(k + 2), self.unit_any(k + 2)) {
                        (Some(W::This), _, Some((Unit::Year, false))) => {
                            return (YearSpec::Doc(0), k + 3)
                        }
                        (Some(W::Last), _, Some((Unit::Year, false))) => {
                            return (YearSpec::Doc(-1), k + 3)
                        }
                        (Some(W::Next), _, Some((Unit::Year, false))) => {
                            return (YearSpec::Doc(1), k + 3)
                        }
                        _ => {}
                    }
                }
            }
            if let Some(y) = self.year_num(k) {
                return (YearSpec::Abs(y), k + 1);
            }
            (YearSpec::Tense, k)
        };
        match self.unit_any(j) {
            Some((Unit::Quarter, false)) if (1..=4).contains(&n) => {
                let (year, end) = year_after(j + 1);
                self.found(i, end, Sem::Quarter { q: n, year })
            }
            Some((Unit::Half, false)) | None if self.is(j, W::Half) && (1..=2).contains(&n) => {
                let (year, end) = year_after(j + 1);
                self.found(i, end, Sem::Half { h: n, year })
            }
            Some((Unit::Century, false)) if (1..=30).contains(&n) => {
                self.found(i, j + 1, Sem::Century(n as i32 - 1))
            }
            _ => {
                // "the first nine months": a duration
                if let Some(f) = self.quantity(j) {
                    if let Sem::Duration { .. } = f.sem {
                        return self.found(i, f.end, f.sem);
                    }
                }
                None
            }
        }
    }

    // ---- seasons: "summer", "summer 2019", "the summer of 1990"
    fn season(&self, i: usize, season: Season, year: YearSpec, start: usize) -> Option<Found> {
        let mut j = i + 1;
        let mut year = year;
        let k = if self.is(j, W::Of) { j + 1 } else { j };
        if let Some(y) = self.year_num(k) {
            year = YearSpec::Abs(y);
            j = k + 1;
        } else if let Some((y, end)) = self.spelled_year(k) {
            year = YearSpec::Abs(y);
            j = end;
        }
        // "fall" is mostly a verb or a noun ("a fall in prices"): needs a determiner or year
        if season == Season::Fall
            && year == YearSpec::Tense
            && !(start < i || (i > 0 && self.is(i - 1, W::The) && !self.is(j, W::Of)))
        {
            return None;
        }
        if season == Season::Fall && start == i && year == YearSpec::Tense {
            // reached only via "the fall": still refuse "the fall of the wall"
            if self.is(j, W::Of) {
                return None;
            }
        }
        self.found(start, j, Sem::Season { season, year })
    }

    fn ref_word(&self, i: usize, r: RefWord) -> Option<Found> {
        match r {
            // "former" and bare "future"/"soon" are rarely time expressions in news usage
            RefWord::Future => None,
            RefWord::Past if self.word_is(i, "former") => None,
            _ => self.found(i, i + 1, Sem::Ref(r)),
        }
    }

    fn holiday(&self, i: usize) -> Option<Found> {
        for (words, rule) in HOLIDAYS {
            if words
                .iter()
                .enumerate()
                .all(|(k, w)| self.word_is(i + k, w))
            {
                if !self.t.get(i)?.cap {
                    return None;
                }
                let mut end = i + words.len();
                let (year, e) = self.year_after(end);
                end = e;
                return self.found(i, end, Sem::Holiday { rule: *rule, year });
            }
        }
        None
    }

    /// "year-end", "year-earlier", "year-ago", "day-long": unit words joined to a modifier.
    fn unit_compound(&self, i: usize, unit: Unit) -> Option<Found> {
        // "a day-long strike", "a year-long inquiry"
        if self.joined(i + 1) && self.word_is(i + 1, "long") && unit >= Unit::Day {
            return self.found(
                i,
                i + 2,
                Sem::Duration {
                    amount: Amount::N(1.0),
                    unit,
                },
            );
        }
        if self.joined(i + 1) {
            match self.w(i + 1) {
                Some(W::Earlier) | Some(W::Ago) if unit == Unit::Year => {
                    // "year-ago quarter", "year-earlier period", "year-earlier"
                    let quarter = self.unit_any(i + 2) == Some((Unit::Quarter, false));
                    let end = if quarter || self.word_is(i + 2, "period") {
                        i + 3
                    } else {
                        i + 2
                    };
                    return self.found(
                        i,
                        end,
                        Sem::Period {
                            years: -1,
                            quarter,
                            year: None,
                        },
                    );
                }
                Some(W::End) if unit == Unit::Year => {
                    return self.found(
                        i,
                        i + 2,
                        Sem::Cal {
                            year: YearSpec::Tense,
                            month: Some(12),
                            day: Some(31),
                        },
                    );
                }
                _ => {}
            }
        }
        None
    }

    /// Bare plural units are durations after "for", "in", "within", "over" ("for years").
    fn bare_plural(&self, i: usize, unit: Unit) -> Option<Found> {
        let ok = i > 0
            && (matches!(self.w(i - 1), Some(W::For) | Some(W::In) | Some(W::Over))
                || self.word_is(i - 1, "within")
                || self.word_is(i - 1, "took")
                || self.word_is(i - 1, "lasted"));
        if !ok || unit < Unit::Day {
            return None;
        }
        // "for months to come"
        self.found(
            i,
            i + 1,
            Sem::Duration {
                amount: Amount::X,
                unit,
            },
        )
    }

    // ---- phrases led by function words
    fn function_word(&self, i: usize, w: W) -> Option<Found> {
        match w {
            W::Today | W::Yesterday | W::Tomorrow => {
                let n = match w {
                    W::Today => 0,
                    W::Yesterday => -1,
                    _ => 1,
                };
                let sem = Sem::Deictic(n);
                if let Some((time, end)) = self.part_after(i + 1) {
                    return self.found(
                        i,
                        end,
                        Sem::WithTime {
                            date: Box::new(sem),
                            time,
                        },
                    );
                }
                self.found(i, i + 1, sem)
            }
            W::Tonight => self.found(
                i,
                i + 1,
                Sem::WithTime {
                    date: Box::new(Sem::Deictic(0)),
                    time: TimeOfDay::Part(DayPart::Night),
                },
            ),
            W::Overnight => self.found(
                i,
                i + 1,
                Sem::WithTime {
                    date: Box::new(Sem::DayBefore),
                    time: TimeOfDay::Part(DayPart::Night),
                },
            ),
            W::Now => self.found(i, i + 1, Sem::Ref(RefWord::Present)),
            W::Recent => match self.unit_any(i + 1) {
                // "in recent years": a span of unstated length (TimeML PXY)
                Some((unit, true)) => self.found(
                    i,
                    i + 2,
                    Sem::Duration {
                        amount: Amount::X,
                        unit,
                    },
                ),
                _ => {
                    if i > 0 && self.is(i - 1, W::The) || self.is(i + 1, W::Past) {
                        None
                    } else {
                        self.found(i, i + 1, Sem::Ref(RefWord::Past))
                    }
                }
            },
            W::These if self.unit_any(i + 1) == Some((Unit::Day, true)) => {
                self.found(i, i + 2, Sem::Ref(RefWord::Present))
            }
            W::The => self.the(i),
            W::This | W::Last | W::Next | W::Past | W::Coming | W::That => {
                self.deictic_phrase(i, i, w)
            }
            W::Current => self.deictic_phrase(i, i, w).or_else(|| self.current_ref(i)),
            W::Earlier | W::Later => {
                // "earlier this year", "later this month"
                if let Some(W::This | W::Last | W::Next) = self.w(i + 1) {
                    let w2 = self.w(i + 1)?;
                    let mut f = self.deictic_phrase(i + 1, i + 1, w2)?;
                    if matches!(f.sem, Sem::Shift { .. } | Sem::Season { .. }) {
                        f.start = i;
                        f.modifier = Some(if w == W::Earlier { "START" } else { "END" });
                        return Some(f);
                    }
                }
                None
            }
            W::Every => {
                let j = i + 1;
                if let Some(Lex::Weekday(wd)) = self.lex(j) {
                    return self.found(i, j + 1, Sem::Set(SetSpec::Weekday(wd)));
                }
                // "each July"
                if let (Some(Lex::Month(m)), true) =
                    (self.lex(j), self.t.get(j).is_some_and(|t| t.cap))
                {
                    return self.found(i, j + 1, Sem::Set(SetSpec::Month(m)));
                }
                if let Some(Lex::Part(p)) = self.lex(j) {
                    if p.code() != "" {
                        return self.found(i, j + 1, Sem::Set(SetSpec::Part(p)));
                    }
                }
                if let Some((u, false)) = self.unit_any(j) {
                    return self.found(i, j + 1, Sem::Set(SetSpec::Every(1.0, u)));
                }
                let k = if self.is(j, W::Other) { j + 1 } else { j };
                if let Some((Amount::N(v), e)) = self.amount(k) {
                    if let Some((u, _)) = self.unit_any(e) {
                        let v = if k > j { 2.0 } else { v };
                        return self.found(i, e + 1, Sem::Set(SetSpec::Every(v, u)));
                    }
                }
                if k > j {
                    if let Some((u, false)) = self.unit_any(k) {
                        return self.found(i, k + 1, Sem::Set(SetSpec::Every(2.0, u)));
                    }
                }
                None
            }
            W::Per => {
                let (u, false) = self.unit_any(i + 1)? else {
                    return None;
                };
                self.found(i, i + 2, Sem::Set(SetSpec::Every(1.0, u)))
            }
            W::Fiscal => {
                // "fiscal second-quarter", "fiscal 1989", "fiscal year 1990", "fiscal 1990-91"
                if let Some(f) = self.ordinal(i + 1) {
                    if matches!(f.sem, Sem::Quarter { .. } | Sem::Half { .. }) {
                        return Some(Found { start: i, ..f });
                    }
                }
                let mut j = i + 1;
                if self.unit_any(j) == Some((Unit::Year, false)) {
                    j += 1;
                }
                match self.shape(j) {
                    Shape::Digits(..) => {
                        let y = self.year_num(j)?;
                        self.found(
                            i,
                            j + 1,
                            Sem::Cal {
                                year: YearSpec::Abs(y),
                                month: None,
                                day: None,
                            },
                        )
                    }
                    Shape::YearRange(_, b) => self.found(
                        i,
                        j + 1,
                        Sem::Cal {
                            year: YearSpec::Abs(b),
                            month: None,
                            day: None,
                        },
                    ),
                    _ => None,
                }
            }
            W::A | W::Several | W::Few | W::Many | W::Half => self.quantity(i),
            W::Mid if self.joined(i + 1) => None,
            _ => None,
        }
    }

    /// "current market conditions", "his current post": the present (TimeML PRESENT_REF);
    /// "the then current price" is a past one. Fixed terms ("current account") are not.
    fn current_ref(&self, i: usize) -> Option<Found> {
        let next = self.t.get(i + 1)?;
        if next.punct != 0 || next.cap || next.lex.is_some() || next.shape != Shape::None {
            return None;
        }
        const TERMS: &[&str] = &[
            "account",
            "accounts",
            "assets",
            "liabilities",
            "liability",
            "ratio",
            "affairs",
            "events",
            "yield",
        ];
        if TERMS.iter().any(|w| self.word_is(i + 1, w)) {
            return None;
        }
        if i > 0 && self.word_is(i - 1, "then") {
            return self.found(i - 1, i + 1, Sem::Ref(RefWord::Past));
        }
        self.found(i, i + 1, Sem::Ref(RefWord::Present))
    }

    /// "this year's third quarter", "last year's quarter", "next year's first half".
    fn possessive_period(&self, start: usize, k: usize, years: i64) -> Option<Found> {
        let year = YearSpec::Doc(years);
        if let Some(f) = self.ordinal(k) {
            let sem = match f.sem {
                Sem::Quarter { q, .. } => Sem::Quarter { q, year },
                Sem::Half { h, .. } => Sem::Half { h, year },
                _ => return None,
            };
            return self.found(start, f.end, sem);
        }
        if self.unit_any(k) == Some((Unit::Quarter, false)) || self.word_is(k, "period") {
            return self.found(
                start,
                k + 1,
                Sem::Period {
                    years,
                    quarter: true,
                    year: None,
                },
            );
        }
        None
    }

    /// Phrases after "this/last/next/past/coming/that/current".
    fn deictic_phrase(&self, start: usize, i: usize, w: W) -> Option<Found> {
        let j = i + 1;
        let n: i64 = match w {
            W::Last | W::Past => -1,
            W::Next | W::Coming => 1,
            _ => 0,
        };
        let base = if w == W::That { Base::Ref } else { Base::Doc };
        if let Shape::Digits(v, n) = self.shape(j) {
            if n <= 3 && matches!(w, W::Past | W::Last | W::Next | W::Coming) {
                if let Some((u, true)) = self.unit_any(j + 1) {
                    return self.found(
                        start,
                        j + 2,
                        Sem::Duration {
                            amount: Amount::N(f64::from(v)),
                            unit: u,
                        },
                    );
                }
            }
            return None;
        }
        match self.lex(j)? {
            Lex::Unit(u) => {
                // "last year", "this week", "next month", "that day"
                if w == W::Past || w == W::Coming {
                    // "the past year" is a duration
                    return self.found(
                        start,
                        j + 1,
                        Sem::Duration {
                            amount: Amount::N(1.0),
                            unit: u,
                        },
                    );
                }
                if matches!(u, Unit::Second | Unit::Minute | Unit::Hour) {
                    return None;
                }
                if u == Unit::Year && w != W::That && self.word_is(j + 1, "'s") {
                    if let Some(f) = self.possessive_period(start, j + 2, n) {
                        return Some(f);
                    }
                }
                let mut f = self.found(
                    start,
                    j + 1,
                    Sem::Shift {
                        unit: u,
                        n,
                        base,
                        keep: false,
                    },
                )?;
                // "last year's third quarter" is left to the quarter reading
                if let Some(Lex::Part(p)) = self.lex(j + 1) {
                    let _ = p;
                }
                f.modifier = None;
                Some(f)
            }
            Lex::Weekday(wd) => {
                let dir = match w {
                    // "the previous Friday": the one before the day the text is on
                    W::Previous => -2,
                    W::Last | W::Past => -1,
                    W::Next | W::Coming | W::Following => 1,
                    W::This => 2,
                    _ => 0,
                };
                let f = self.weekday(j, wd, if dir == 0 { 2 } else { dir })?;
                Some(Found { start, ..f })
            }
            Lex::Month(m) if self.t.get(j).is_some_and(|t| t.cap) => {
                let year = match w {
                    W::Last | W::Past => YearSpec::Prev,
                    W::Next | W::Coming => YearSpec::Next,
                    _ => YearSpec::Doc(0),
                };
                // "last Oct. 23": the day, in the year the word points to
                if let Some(f) = self.month_first(j, m) {
                    if let Sem::Cal {
                        year: YearSpec::Tense,
                        day: Some(d),
                        ..
                    } = f.sem
                    {
                        return self.found(
                            start,
                            f.end,
                            Sem::Cal {
                                year,
                                month: Some(m),
                                day: Some(d),
                            },
                        );
                    }
                }
                self.found(
                    start,
                    j + 1,
                    Sem::Cal {
                        year,
                        month: Some(m),
                        day: None,
                    },
                )
            }
            Lex::Season(s) => {
                let year = match w {
                    W::Last | W::Past => YearSpec::Prev,
                    W::Next | W::Coming => YearSpec::Next,
                    _ => YearSpec::Doc(0),
                };
                self.season(j, s, year, start)
            }
            Lex::Part(p) => {
                // "this morning", "last night", "this afternoon"
                let day = if w == W::Last && p == DayPart::Night {
                    -1
                } else {
                    0
                };
                if w == W::Next || w == W::Coming || w == W::Past {
                    return None;
                }
                self.found(
                    start,
                    j + 1,
                    Sem::WithTime {
                        date: Box::new(Sem::Deictic(day)),
                        time: tod_of(p),
                    },
                )
            }
            Lex::Units(u) if w != W::That && w != W::This => {
                // "coming months" looks ahead without a measure; "the past months" is a span
                if w == W::Coming {
                    return self.found(start, j + 1, Sem::Ref(RefWord::Future));
                }
                self.found(
                    start,
                    j + 1,
                    Sem::Duration {
                        amount: Amount::X,
                        unit: u,
                    },
                )
            }
            Lex::Card(_)
            | Lex::W(W::Few)
            | Lex::W(W::Several)
            | Lex::W(W::Couple)
            | Lex::W(W::Many)
            | Lex::W(W::A)
                if w != W::That && w != W::This =>
            {
                // "the past two years", "the next few months", "last three weeks"
                let f = self.quantity(j)?;
                match f.sem {
                    Sem::Duration { .. } => self.found(start, f.end, f.sem),
                    _ => None,
                }
            }
            Lex::W(W::Fiscal) => {
                let f = self.deictic_phrase(start, j, w)?;
                Some(f)
            }
            Lex::W(W::Half) if w != W::That => None,
            _ => {
                if let Shape::Digits(v, _) = self.shape(j) {
                    if w == W::Past || w == W::Last || w == W::Next {
                        if let Some((u, true)) = self.unit_any(j + 1) {
                            return self.found(
                                start,
                                j + 2,
                                Sem::Duration {
                                    amount: Amount::N(f64::from(v)),
                                    unit: u,
                                },
                            );
                        }
                    }
                }
                None
            }
        }
    }

    /// Phrases led by "the". An adjectival compound keeps "the" out: in "the third-quarter
    /// results" the article belongs to "results".
    fn the(&self, i: usize) -> Option<Found> {
        let f = self.the_phrase(i)?;
        let adjective = matches!(
            self.lex(f.end - 1),
            Some(Lex::Unit(_) | Lex::W(W::Earlier | W::Ago | W::End))
        );
        if f.end > i + 2 && self.joined(f.end - 1) && adjective {
            return None;
        }
        Some(f)
    }

    fn the_phrase(&self, i: usize) -> Option<Found> {
        let j = i + 1;
        let w = self.w(j);
        let lex = self.lex(j);
        // "the following month", "the next day", "the previous year", "the same day"
        if let Some(
            W::Following
            | W::Next
            | W::Previous
            | W::Same
            | W::Coming
            | W::Past
            | W::Last
            | W::Current
            | W::Latest,
        ) = w
        {
            let w1 = w?;
            if matches!(w1, W::Latest | W::Same) && self.word_is(j + 1, "period") {
                return self.found(
                    i,
                    j + 2,
                    Sem::Period {
                        years: 0,
                        quarter: w1 == W::Latest,
                        year: None,
                    },
                );
            }
            if let Some((u, false)) = self.unit_any(j + 1) {
                let (n, base) = match w1 {
                    W::Following => (1, Base::Ref),
                    W::Next => (1, Base::Ref),
                    W::Previous => (-1, Base::Ref),
                    W::Same => (0, Base::Ref),
                    W::Latest => (-1, Base::Doc),
                    W::Current => (0, Base::Doc),
                    _ => (0, Base::Doc),
                };
                if matches!(w1, W::Past | W::Last | W::Coming) {
                    // "the past year", "the last decade": durations
                    return self.found(
                        i,
                        j + 2,
                        Sem::Duration {
                            amount: Amount::N(1.0),
                            unit: u,
                        },
                    );
                }
                if matches!(u, Unit::Second | Unit::Minute | Unit::Hour) {
                    return None;
                }
                return self.found(
                    i,
                    j + 2,
                    Sem::Shift {
                        unit: u,
                        n,
                        base,
                        keep: false,
                    },
                );
            }
            if let Some(f) = self.deictic_phrase(i, j, w1) {
                return Some(f);
            }
            if w1 == W::Past && !matches!(self.lex(j + 1), Some(Lex::Units(_))) {
                return self.found(i, j + 1, Sem::Ref(RefWord::Past));
            }
            return None;
        }
        if matches!(w, Some(W::Early | W::Mid | W::Late)) {
            // "the late 1980s", "the early 20th century"
            if let Some(f) = self.modified(j) {
                if matches!(f.sem, Sem::Decade(_) | Sem::Century(_)) {
                    return Some(Found { start: i, ..f });
                }
            }
        }
        // "in the near term", "the short term", "the near future": ahead, unmeasured
        if (self.word_is(j, "near")
            && (self.word_is(j + 1, "term") || self.word_is(j + 1, "future")))
            || (self.word_is(j, "short") && self.word_is(j + 1, "term"))
        {
            return self.found(i, j + 2, Sem::Ref(RefWord::Future));
        }
        match lex {
            Some(Lex::Ref(RefWord::Future)) if self.word_is(j, "future") => {
                self.found(i, j + 1, Sem::Ref(RefWord::Future))
            }
            Some(Lex::Unit(u)) if !self.joined(j + 1) => {
                // "by the year 2000", "the year two thousand": the year named
                if u == Unit::Year {
                    let named = self
                        .year_num(j + 1)
                        .map(|y| (y, j + 2))
                        .or_else(|| self.spelled_year(j + 1));
                    if let Some((y, end)) = named {
                        return self.found(
                            i,
                            end,
                            Sem::Cal {
                                year: YearSpec::Abs(y),
                                month: None,
                                day: None,
                            },
                        );
                    }
                }
                // "the year", "the quarter", "the week", "the weekend" (the one in the text)
                match u {
                    Unit::Quarter => self.found(
                        i,
                        j + 1,
                        Sem::Period {
                            years: 0,
                            quarter: true,
                            year: None,
                        },
                    ),
                    // "net income for the year ended June 30": a fiscal year's span
                    Unit::Year
                        if ["ended", "ending", "through", "to"]
                            .iter()
                            .any(|w| self.word_is(j + 1, w)) =>
                    {
                        self.found(
                            i,
                            j + 1,
                            Sem::Duration {
                                amount: Amount::N(1.0),
                                unit: u,
                            },
                        )
                    }
                    // "for the year", "a high for the year": the current year
                    Unit::Year
                        if !(i > 0
                            && matches!(
                                self.w(i - 1),
                                Some(W::In | W::During | W::Of | W::By | W::Until | W::Since)
                            )) =>
                    {
                        self.found(
                            i,
                            j + 1,
                            Sem::Shift {
                                unit: u,
                                n: 0,
                                base: Base::Doc,
                                keep: false,
                            },
                        )
                    }
                    Unit::Year | Unit::Month | Unit::Week | Unit::Weekend => {
                        // the one the text is about
                        self.found(
                            i,
                            j + 1,
                            Sem::Shift {
                                unit: u,
                                n: 0,
                                base: Base::Ref,
                                keep: false,
                            },
                        )
                    }
                    Unit::Day => match self.w(j + 1) {
                        // "the day before authorities issued a warrant": a clause follows,
                        // "before" is a conjunction
                        Some(W::Before) | Some(W::After)
                            if self.t.get(j + 2).is_none_or(|t| t.punct != 0) =>
                        {
                            self.found(
                                i,
                                j + 2,
                                Sem::Shift {
                                    unit: u,
                                    n: if self.is(j + 1, W::Before) { -1 } else { 1 },
                                    base: Base::Ref,
                                    keep: false,
                                },
                            )
                        }
                        _ => None,
                    },
                    _ => None,
                }
            }
            Some(Lex::Unit(_)) => {
                let f = self.core(j)?;
                Some(Found { start: i, ..f })
            }
            // a bare "the night" ("on the night of Oct. 23", "the night the plane went
            // down") names no day of its own
            Some(Lex::Part(p))
                if p.code() != "" && !matches!(p, DayPart::Night | DayPart::Morning) =>
            {
                self.found(
                    i,
                    j + 1,
                    Sem::WithTime {
                        date: Box::new(Sem::Deictic(0)),
                        time: tod_of(p),
                    },
                )
            }
            Some(Lex::Season(s)) => self.season(j, s, YearSpec::Tense, i),
            Some(Lex::W(W::Fiscal)) => {
                // "the fiscal year" (a duration), "the fiscal first quarter"
                if self.unit_any(j + 1) == Some((Unit::Year, false))
                    && self.year_num(j + 2).is_none()
                {
                    return self.found(
                        i,
                        j + 2,
                        Sem::Duration {
                            amount: Amount::N(1.0),
                            unit: Unit::Year,
                        },
                    );
                }
                let f = self.core(j + 1).or_else(|| self.core(j))?;
                Some(Found { start: i, ..f })
            }
            Some(Lex::W(W::Full) | Lex::W(W::Whole) | Lex::W(W::Entire)) => {
                let (u, false) = self.unit_any(j + 1)? else {
                    return None;
                };
                // "forecast a gain for the full year": the current (fiscal) year
                if u == Unit::Year && self.is(j, W::Full) {
                    return self.found(
                        i,
                        j + 2,
                        Sem::Shift {
                            unit: u,
                            n: 0,
                            base: Base::Doc,
                            keep: false,
                        },
                    );
                }
                self.found(
                    i,
                    j + 2,
                    Sem::Duration {
                        amount: Amount::N(1.0),
                        unit: u,
                    },
                )
            }
            Some(Lex::W(W::Nineties)) => {
                let d = match self.word(j).to_ascii_lowercase().as_str() {
                    "sixties" => 196,
                    "seventies" => 197,
                    "eighties" => 198,
                    _ => 199,
                };
                self.found(i, j + 1, Sem::Decade(d))
            }
            Some(Lex::Units(u)) => {
                // "the years", "the months ahead"
                let end = if self.is(j + 1, W::Ahead) {
                    j + 2
                } else {
                    j + 1
                };
                if end == j + 1 && !matches!(u, Unit::Year) {
                    return None;
                }
                self.found(
                    i,
                    end,
                    Sem::Duration {
                        amount: Amount::X,
                        unit: u,
                    },
                )
            }
            _ => {
                // "the third quarter", "the 1990s", "the 21st century", "the first nine months",
                // "the two days", "the weekend" ...
                let f = self.core(j)?;
                match f.sem {
                    Sem::Quarter { .. }
                    | Sem::Half { .. }
                    | Sem::Decade(_)
                    | Sem::Century(_)
                    | Sem::Season { .. }
                    | Sem::Holiday { .. } => Some(Found { start: i, ..f }),
                    Sem::Duration { .. } => {
                        let adjective = matches!(self.lex(f.end - 1), Some(Lex::Unit(_)))
                            && self.joined(f.end - 1);
                        if adjective {
                            None
                        } else {
                            Some(Found { start: i, ..f })
                        }
                    }
                    Sem::Cal {
                        year: YearSpec::Abs(y),
                        day: None,
                        month: None,
                    } => {
                        // "the 1988 period", "the 1988 quarter", "the 1988 second quarter"
                        if let Some(o) = self.ordinal(f.end) {
                            if let Sem::Quarter { q, .. } = o.sem {
                                return self.found(
                                    i,
                                    o.end,
                                    Sem::Quarter {
                                        q,
                                        year: YearSpec::Abs(y),
                                    },
                                );
                            }
                        }
                        let quarter = self.unit_any(f.end) == Some((Unit::Quarter, false));
                        if quarter || self.word_is(f.end, "period") {
                            return self.found(
                                i,
                                f.end + 1,
                                Sem::Period {
                                    years: 0,
                                    quarter,
                                    year: Some(y),
                                },
                            );
                        }
                        if self.unit_any(f.end) == Some((Unit::Year, false)) {
                            return self.found(i, f.end + 1, f.sem);
                        }
                        None
                    }
                    _ => None,
                }
            }
        }
    }
}

pub fn tod_of(p: DayPart) -> TimeOfDay {
    match p {
        DayPart::Clock(h) => TimeOfDay::Clock(h, 0),
        p => TimeOfDay::Part(p),
    }
}

/// Heads after "today's" that make it "nowadays" rather than the article's day.
const GENERIC_TODAY: &[&str] = &[
    "world",
    "youth",
    "society",
    "societies",
    "generation",
    "generations",
    "economy",
    "standards",
    "children",
    "kids",
    "young",
    "technology",
    "computers",
    "consumers",
    "families",
    "culture",
    "media",
];

impl Matcher<'_> {
    /// A count or an amount of money just before `k`: "358,000", "$1.76", "four", "$2 million".
    fn is_quantity(&self, k: usize) -> bool {
        // a year or the day of a date is no amount: "on March 5 a day after the vote"
        if self.year_num(k).is_some()
            || k.checked_sub(1).is_some_and(|p| {
                matches!(self.lex(p), Some(Lex::Month(_))) || self.punct(p) == b'.'
            })
        {
            return false;
        }
        let word = self.word(k);
        word.as_bytes().first().is_some_and(u8::is_ascii_digit)
            || matches!(self.lex(k), Some(Lex::Card(_)))
            || [
                "million", "billion", "thousand", "hundred", "percent", "dozen",
            ]
            .iter()
            .any(|w| self.word_is(k, w))
            || self.punct(k) == b'%'
    }

    /// A rate rather than a time: "$1.76 a year", "700 seats a week", "20% annually",
    /// "15 million instructions per second".
    fn after_quantity(&self, i: usize) -> bool {
        let Some(prev) = i.checked_sub(1) else {
            return false;
        };
        if self.is_quantity(prev) {
            return true;
        }
        // one noun between: "seats", "flights", "units", "its profits"
        let noun = self
            .t
            .get(prev)
            .is_some_and(|t| t.lex.is_none() && t.punct == 0 && t.shape == Shape::None && !t.cap);
        noun && prev.checked_sub(1).is_some_and(|k| self.is_quantity(k))
    }

    /// A word news writes in lower case ("today", "this week", "spring", "noon").
    fn lowercase_class(&self, k: usize) -> bool {
        matches!(
            self.lex(k),
            Some(
                Lex::Unit(_)
                    | Lex::Units(_)
                    | Lex::Part(_)
                    | Lex::Season(_)
                    | Lex::Ref(_)
                    | Lex::SetAdv(_)
                    | Lex::W(
                        W::Today
                            | W::Tonight
                            | W::Tomorrow
                            | W::Yesterday
                            | W::This
                            | W::Last
                            | W::Next
                            | W::Now
                    )
            )
        )
    }

    /// Names and titles that contain time words: a show ("ABC's \"This Week\"", "VOA
    /// Today"), a film ("High Noon"), a march or campaign ("March for Life", "Spring of
    /// Life"); and rates and generic uses.
    fn is_not_a_time(&self, f: &Found) -> bool {
        let i = f.start;
        let Some(first) = self.t.get(i) else {
            return false;
        };
        let prev = i.checked_sub(1).and_then(|k| self.t.get(k));
        // news writes these words in lower case: capitalised inside a sentence after a
        // word, they are part of a name
        if first.cap && self.lowercase_class(i) {
            if let Some(p) = prev {
                let after_word =
                    p.punct == 0 && self.word(i - 1).chars().any(char::is_alphanumeric);
                let quoted_title = matches!(p.punct, b'"' | b'`')
                    && f.end - f.start >= 2
                    && (f.start..f.end).all(|k| self.t.get(k).is_some_and(|t| t.cap));
                if after_word || quoted_title {
                    return true;
                }
            }
        }
        // "March for Life", "Spring of Life", "March of the Combatant Mothers"
        let last = f.end - 1;
        if self.t.get(last).is_some_and(|t| t.cap)
            && matches!(self.lex(last), Some(Lex::Month(_) | Lex::Season(_)))
            && (self.is(f.end, W::For) || self.is(f.end, W::Of))
        {
            let k = if self.is(f.end + 1, W::The) {
                f.end + 2
            } else {
                f.end + 1
            };
            if self.t.get(k).is_some_and(|t| t.cap && t.lex.is_none()) {
                return true;
            }
        }
        // "high noon"
        if matches!(self.lex(i), Some(Lex::Part(DayPart::Clock(12))))
            && i > 0
            && self.word_is(i - 1, "high")
        {
            return true;
        }
        if matches!(self.lex(i), Some(Lex::SetAdv(_))) && self.after_quantity(i) {
            return true;
        }
        // "$1.76 a year", "four flights a week", "instructions per second": rates
        if (self.word_is(i, "a") || self.word_is(i, "an") || self.is(i, W::Per))
            && matches!(f.sem, Sem::Duration { .. } | Sem::Set(_))
            && self.after_quantity(i)
        {
            return true;
        }
        // "today's youth", "today's world": nowadays, not the article's day
        if self.is(i, W::Today) && f.end == i + 1 && self.word_is(i + 1, "'s") {
            let generic = |k: usize| GENERIC_TODAY.iter().any(|w| self.word_is(k, w));
            if generic(i + 2) || generic(i + 3) {
                return true;
            }
        }
        false
    }
}

impl Matcher<'_> {
    /// "the corresponding period last year", "the quarter a year ago", "the same quarter
    /// of the previous year": the reporting period one year back, as one expression.
    fn comparison_period(&self, i: usize) -> Option<Found> {
        if !self.is(i, W::The) {
            return None;
        }
        // "the year-ago third quarter", "the year-earlier first half"
        if self.unit_any(i + 1) == Some((Unit::Year, false))
            && self.joined(i + 2)
            && matches!(self.w(i + 2), Some(W::Ago | W::Earlier))
        {
            if let Some(f) = self.ordinal(i + 3) {
                if matches!(f.sem, Sem::Quarter { .. } | Sem::Half { .. }) {
                    return self.found(i, f.end, Sem::YearBefore(Box::new(f.sem)));
                }
            }
        }
        let mut j = i + 1;
        if ["corresponding", "comparable", "same", "like"]
            .iter()
            .any(|w| self.word_is(j, w))
        {
            j += 1;
        }
        let quarter = self.unit_any(j) == Some((Unit::Quarter, false));
        if !(quarter || self.word_is(j, "period")) {
            return None;
        }
        let mut k = j + 1;
        if self.is(k, W::Of) || self.is(k, W::In) {
            k += 1;
        }
        let year_back = |k: usize| -> Option<usize> {
            let unit_year = |x: usize| self.unit_any(x) == Some((Unit::Year, false));
            if self.is(k, W::Last) && unit_year(k + 1) {
                return Some(k + 2);
            }
            if self.word_is(k, "a")
                && unit_year(k + 1)
                && matches!(self.w(k + 2), Some(W::Ago | W::Earlier))
            {
                return Some(k + 3);
            }
            if self.is(k, W::The) && matches!(self.w(k + 1), Some(W::Previous)) && unit_year(k + 2)
            {
                return Some(k + 3);
            }
            None
        };
        let end = year_back(k)?;
        self.found(
            i,
            end,
            Sem::Period {
                years: -1,
                quarter,
                year: None,
            },
        )
    }
}

/// Runs the matcher over one sentence's tokens.
pub fn find_all(m: &Matcher<'_>, out: &mut Vec<Found>) {
    let mut i = 0;
    while i < m.t.len() {
        if let Some(f) = m.comparison_period(i) {
            i = f.end;
            out.push(f);
            continue;
        }
        match m.at(i) {
            Some(mut f) => {
                // "the week of March 6"
                if m.word_is(i, "the")
                    && f.end == i + 2
                    && m.unit_any(i + 1) == Some((Unit::Week, false))
                    && m.is(i + 2, W::Of)
                {
                    if let Some(day) = m.at(i + 3) {
                        if matches!(day.sem, Sem::Cal { day: Some(_), .. }) {
                            f = Found {
                                start: i,
                                end: day.end,
                                sem: Sem::WeekOf(Box::new(day.sem)),
                                modifier: None,
                            };
                        }
                    }
                }
                let end = f.end.max(i + 1);
                // the second day of "April 24 and 25"
                let second = match f.sem {
                    Sem::Cal {
                        year,
                        month: Some(month),
                        day: Some(_),
                    } if m.is(end, W::And) => m.day_num(end + 1).map(|d| {
                        let (_, stop) = m.year_after(end + 2);
                        Found {
                            start: end + 1,
                            end: stop,
                            sem: Sem::Cal {
                                year,
                                month: Some(month),
                                day: Some(d),
                            },
                            modifier: None,
                        }
                    }),
                    _ => None,
                };
                if !m.is_not_a_time(&f) {
                    out.push(f);
                }
                i = end;
                if let Some(s) = second {
                    i = s.end;
                    out.push(s);
                }
            }
            None => i += 1,
        }
    }
}
