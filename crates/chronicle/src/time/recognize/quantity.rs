//! Quantities of time: durations ("three-day", "two years"), shifts ("two days ago"),
//! ordinal periods ("the third quarter", "21st century") and unit compounds ("year-end").

use super::super::lexicon::{Lex, RefWord, Unit, W};
use super::super::sem::{Amount, Base, Found, Sem, SetSpec, YearSpec};
use super::refine::Shape;
use super::Matcher;

impl Matcher<'_> {
    // ---- quantities: durations ("three-day", "two years"), shifts ("two days ago")
    pub(super) fn quantity(&self, i: usize) -> Option<Found> {
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
    pub(super) fn ordinal(&self, i: usize) -> Option<Found> {
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
    /// "year-end", "year-earlier", "year-ago", "day-long": unit words joined to a modifier.
    pub(super) fn unit_compound(&self, i: usize, unit: Unit) -> Option<Found> {
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
    pub(super) fn bare_plural(&self, i: usize, unit: Unit) -> Option<Found> {
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
}
