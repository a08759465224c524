//! What looks like a time but is not: counts and amounts ("358,000", "$2 million"),
//! lower-case class nouns, generic "today's".

use super::super::lexicon::{DayPart, Lex, W};
use super::super::sem::{Found, Sem};
use super::refine::Shape;
use super::Matcher;

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
    pub(super) fn is_quantity(&self, k: usize) -> bool {
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
    pub(super) fn after_quantity(&self, i: usize) -> bool {
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
    pub(super) fn lowercase_class(&self, k: usize) -> bool {
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
    pub(super) fn is_not_a_time(&self, f: &Found) -> bool {
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
