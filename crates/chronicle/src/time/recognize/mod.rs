//! Recognition: a hand-written matcher over the sentence's tokens that finds time
//! expressions and returns their meaning ([`Sem`]) before any anchoring.
//!
//! The text stage's tokens are refined into [`Tk`]s first: hyphenated words are split into
//! parts ("mid-March" = "mid" + "March", "three-day" = "three" + "day") and numeric shapes
//! ("3/5/2021", "17-18", "1990s", "10:30", "Q3") are read once, so the grammar below only
//! looks at small enums.

use super::lexicon::{DayPart, Lex, Unit, W};
use super::sem::{Amount, Base, Found, Sem, SetSpec, TimeOfDay, YearSpec};

mod clock;
mod dates;
mod filters;
mod quantity;
mod refine;
mod relative;

use refine::expand_year;
pub(super) use refine::{refine, Shape, Tk};

// ---------------------------------------------------------------- the grammar

/// The matcher over one sentence's refined tokens.
pub(super) struct Matcher<'a> {
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
    pub(super) fn at(&self, i: usize) -> Option<Found> {
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
}

pub(super) fn tod_of(p: DayPart) -> TimeOfDay {
    match p {
        DayPart::Clock(h) => TimeOfDay::Clock(h, 0),
        p => TimeOfDay::Part(p),
    }
}

/// Runs the matcher over one sentence's tokens.
pub(super) fn find_all(m: &Matcher<'_>, out: &mut Vec<Found>) {
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
