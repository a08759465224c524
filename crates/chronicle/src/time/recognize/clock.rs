//! Clock times and parts of the day: "3 p.m.", "10:35 a.m. EST", "0600 GMT", "Friday
//! night", and the day they attach to.

use super::super::lexicon::{DayPart, Lex, W};
use super::super::sem::{Found, Sem, TimeOfDay};
use super::refine::{to_24h, Shape};
use super::Matcher;

impl Matcher<'_> {
    // ---- clock times: "3 p.m.", "3:30 p.m. EST", "10:35 a.m.", "0600 GMT", "15:00", "3pm"
    pub(super) fn clock(&self, i: usize) -> Option<(TimeOfDay, usize)> {
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

    pub(super) fn bare_part(&self, i: usize, p: DayPart) -> Option<Found> {
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
    pub(super) fn with_day_after(&self, i: usize, j: usize, time: TimeOfDay) -> Option<Found> {
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
}
