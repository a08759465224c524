//! Calendar dates: led by a month ("March 17", "March 17-18", "September 2019"), by a
//! weekday ("Friday morning", "Friday, Feb. 26"), by a number ("17 March", "3/5/2021",
//! "1990"), seasons and holidays.

use super::super::holidays::HOLIDAYS;
use super::super::lexicon::{Lex, Season, Unit, W};
use super::super::sem::{Found, Sem, TimeOfDay, YearSpec};
use super::refine::{short_decade, Shape};
use super::{tod_of, Matcher, PREPOSITIONS_BEFORE_YEAR};

impl Matcher<'_> {
    // ---- dates led by a month: "March 17", "March 17, 2021", "March 17-18", "September 2019"
    pub(super) fn month_first(&self, i: usize, m: u32) -> Option<Found> {
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
    pub(super) fn month_context(&self, i: usize) -> bool {
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
    pub(super) fn year_after(&self, j: usize) -> (YearSpec, usize) {
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
    pub(super) fn weekday(&self, i: usize, wd: u32, dir: i32) -> Option<Found> {
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
    pub(super) fn part_after(&self, j: usize) -> Option<(TimeOfDay, usize)> {
        match self.lex(j) {
            Some(Lex::Part(p)) => Some((tod_of(p), j + 1)),
            _ => {
                let k = if self.is(j, W::At) { j + 1 } else { j };
                let (time, end) = self.clock(k)?;
                Some((time, end))
            }
        }
    }
    // ---- numbers: years, numeric dates, day-month, clock times, durations
    pub(super) fn numeric(&self, i: usize) -> Option<Found> {
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
    pub(super) fn day_month(&self, i: usize) -> Option<Found> {
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
    pub(super) fn bare_year(&self, i: usize, v: u32, n: u8) -> Option<Found> {
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
    // ---- seasons: "summer", "summer 2019", "the summer of 1990"
    pub(super) fn season(
        &self,
        i: usize,
        season: Season,
        year: YearSpec,
        start: usize,
    ) -> Option<Found> {
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
    pub(super) fn holiday(&self, i: usize) -> Option<Found> {
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
}
