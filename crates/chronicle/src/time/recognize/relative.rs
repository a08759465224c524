//! Phrases anchored on another time: reference words ("now", "recently"), phrases led by
//! function words ("last year", "this week", "since 1990"), deictic phrases and "the ..."
//! phrases ("the following month", "the year-ago quarter", "the corresponding period last
//! year").

use super::super::lexicon::{DayPart, Lex, RefWord, Unit, W};
use super::super::sem::{Amount, Base, Found, Sem, SetSpec, TimeOfDay, YearSpec};
use super::refine::Shape;
use super::{tod_of, Matcher};

impl Matcher<'_> {
    pub(super) fn ref_word(&self, i: usize, r: RefWord) -> Option<Found> {
        match r {
            // "former" and bare "future"/"soon" are rarely time expressions in news usage
            RefWord::Future => None,
            RefWord::Past if self.word_is(i, "former") => None,
            _ => self.found(i, i + 1, Sem::Ref(r)),
        }
    }
    // ---- phrases led by function words
    pub(super) fn function_word(&self, i: usize, w: W) -> Option<Found> {
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
    pub(super) fn current_ref(&self, i: usize) -> Option<Found> {
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
    pub(super) fn possessive_period(&self, start: usize, k: usize, years: i64) -> Option<Found> {
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

    /// "past year", "the coming week", "the last decade": a span of one unit counted back or
    /// forward from now reads as a duration, not a shifted date.
    fn one_unit_span(&self, start: usize, end: usize, unit: Unit) -> Option<Found> {
        self.found(
            start,
            end,
            Sem::Duration {
                amount: Amount::N(1.0),
                unit,
            },
        )
    }

    /// Phrases after "this/last/next/past/coming/that/current".
    pub(super) fn deictic_phrase(&self, start: usize, i: usize, w: W) -> Option<Found> {
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
                    return self.one_unit_span(start, j + 1, u);
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
    pub(super) fn the(&self, i: usize) -> Option<Found> {
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

    pub(super) fn the_phrase(&self, i: usize) -> Option<Found> {
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
                    return self.one_unit_span(i, j + 2, u);
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

    /// "the corresponding period last year", "the quarter a year ago", "the same quarter
    /// of the previous year": the reporting period one year back, as one expression.
    pub(super) fn comparison_period(&self, i: usize) -> Option<Found> {
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
