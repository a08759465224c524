//! The time layer: finds time expressions and normalises them to TIMEX3, anchored on the
//! article's date.
//!
//! | file | role |
//! |---|---|
//! | `lexicon` | words → small classes (months, units, numbers, modifiers) |
//! | `recognize/` | token refinement and the hand-written matcher → `Sem` |
//! | `sem` | the meaning of an expression (`Sem`) passed from recognition to resolution |
//! | `resolve/` | tense, reference times and calendar arithmetic → type/value/mod |
//! | `holidays` | fixed and movable holidays |
//! | [`timeml`] | reading TimeML (TempEval-3) files |
//! | [`score`] | TempEval-3 extent and attribute scores |
//!
//! Expressions are resolved in text order so that "The following month" can count from
//! the last concrete time before it ("April 22"); without an article date, relative
//! expressions stay underspecified ("XXXX-03-17") instead of being guessed.

// Helpers stay inside the crate: only what other crates use is `pub`.
#![warn(unreachable_pub)]

mod holidays;
mod lexicon;
mod recognize;
mod resolve;
pub mod score;
mod sem;
pub mod timeml;

use crate::date::Date;
use crate::doc::{Article, TimeAnchor, TimeRange, Timex, TimexType, Token};
use crate::stage::Stage;
use lexicon::Lexicon;
use recognize::{find_all, refine, Matcher, Tk};
use resolve::{clause_tense, resolve, Anchored, Context, Resolved};
use sem::{Found, Sem};

/// How many sentences a results story's quarter stays the base of "a year ago".
const QUARTER_WINDOW: usize = 6;

/// The temporal tagger; the lexicon is built once.
pub(crate) struct Tagger {
    lexicon: Lexicon,
}

impl Default for Tagger {
    fn default() -> Self {
        Tagger::new()
    }
}

/// A found expression with its byte span and sentence.
struct Mention {
    start: usize,
    end: usize,
    sentence: (usize, usize),
    sentence_no: usize,
    found: Found,
}

impl Tagger {
    pub(crate) fn new() -> Self {
        Tagger {
            lexicon: Lexicon::new(),
        }
    }

    /// Tags an article whose text layer (tokens, sentences) is filled; returns the times.
    pub(crate) fn tag(&self, article: &Article) -> Vec<Timex> {
        let dct = article.day();
        let whole;
        let sentences: Vec<(usize, usize)> = if article.sentences.is_empty() {
            whole = crate::text::tokenize(&article.text);
            vec![(0, whole.len())]
        } else {
            whole = Vec::new();
            article
                .sentences
                .iter()
                .map(|s| (s.token_start, s.token_end))
                .collect()
        };
        let tokens: &[Token] = if article.sentences.is_empty() {
            &whole
        } else {
            &article.tokens
        };
        self.tag_tokens(&article.text, tokens, &sentences, dct)
    }

    /// Tags `text` given its tokens and sentence token ranges.
    pub(crate) fn tag_tokens(
        &self,
        text: &str,
        tokens: &[Token],
        sentences: &[(usize, usize)],
        dct: Option<Date>,
    ) -> Vec<Timex> {
        let mut mentions = Vec::new();
        let mut tks: Vec<Tk> = Vec::with_capacity(64);
        let mut found = Vec::new();
        for (sentence_no, &(a, b)) in sentences.iter().enumerate() {
            if crate::budget::expired() {
                break;
            }
            let Some(sentence_tokens) = tokens.get(a..b) else {
                continue;
            };
            tks.clear();
            refine(text, sentence_tokens, &self.lexicon, &mut tks);
            found.clear();
            find_all(&Matcher { t: &tks, text }, &mut found);
            for f in found.drain(..) {
                let (Some(first), Some(last)) = (tks.get(f.start), tks.get(f.end - 1)) else {
                    continue;
                };
                mentions.push(Mention {
                    start: first.start,
                    end: last.end,
                    sentence: (a, b),
                    sentence_no,
                    found: f,
                });
            }
        }
        let mut times: Vec<Timex> = Vec::with_capacity(mentions.len());
        let mut reference: Option<(resolve::Point, usize)> = None;
        let mut quarter: Option<(resolve::Point, usize, usize)> = None;
        for m in &mentions {
            let sentence = tokens.get(m.sentence.0..m.sentence.1).unwrap_or(&[]);
            let (tense, tense_sure) = clause_tense(text, sentence, m.start, m.end);
            let ctx = Context {
                dct,
                tense,
                tense_sure,
                reference,
                quarter: quarter
                    .filter(|q| m.sentence_no.saturating_sub(q.2) <= QUARTER_WINDOW)
                    .map(|q| (q.0, q.1)),
            };
            let r: Resolved = resolve(&m.found.sem, &ctx);
            let index = times.len();
            if let Some(p @ (resolve::Point::Quarter(..) | resolve::Point::Half(..))) = r.point {
                if !matches!(r.anchor, Anchored::Time(_)) {
                    if !in_passing(text, sentence, m.start, m.end) {
                        quarter = Some((p, index, m.sentence_no));
                    }
                } else if let Some(q) = quarter.as_mut().filter(|q| q.0 == p) {
                    // "the latest quarter" keeps the story's quarter in view
                    q.2 = m.sentence_no;
                }
            }
            // "for the nine months ... a year earlier": in a results story a span of months
            // that runs from the year's start moves the comparison to the year
            if let (
                Sem::Duration {
                    amount: sem::Amount::N(months),
                    unit: lexicon::Unit::Month,
                },
                Some((q, ..)),
            ) = (&m.found.sem, quarter)
            {
                if matches!(*months as u32, 6 | 9) && months.fract() == 0.0 {
                    if let Some(first) = q.first_day() {
                        quarter = Some((resolve::Point::Year(first.year), index, m.sentence_no));
                    }
                }
            }
            if let Some(p) = r.point {
                let from_text = matches!(r.anchor, Anchored::Time(_));
                let same_as_reference = matches!(m.found.sem, Sem::Shift { n: 0, .. });
                if (!from_text && !same_as_reference) || reference.is_none() {
                    reference = Some((p, index));
                }
            } else if r.value.contains('X') && matches!(r.kind, TimexType::Date | TimexType::Time) {
                // a time the text names but we cannot place: later "the following month"
                // must not count from an older, unrelated one
                reference = None;
            }
            let anchor = match r.anchor {
                Anchored::None => TimeAnchor::None,
                Anchored::Doc => match dct {
                    Some(d) => TimeAnchor::Document {
                        value: d.to_string(),
                    },
                    None => TimeAnchor::None,
                },
                Anchored::Time(i) => TimeAnchor::Time {
                    index: i,
                    value: times.get(i).map(|t| t.value.clone()).unwrap_or_default(),
                },
            };
            times.push(Timex {
                start: m.start,
                end: m.end,
                text: text.get(m.start..m.end).unwrap_or("").to_string(),
                kind: r.kind,
                value: r.value,
                modifier: m.found.modifier.map(str::to_string),
                range: r.range.map(|(begin, end)| TimeRange { begin, end }),
                anchor,
            });
        }
        link_ranges(text, &mut times);
        times
    }
}

/// "after a flat second quarter": a period named with "a"/"an" (an adjective may come
/// between) is mentioned in passing, not the period a results story reports on ("a
/// third-quarter loss" is that loss's period: the article belongs to the noun).
fn in_passing(text: &str, sentence: &[Token], start: usize, end: usize) -> bool {
    if text.get(start..end).is_none_or(|s| s.contains('-')) {
        return false;
    }
    let at = sentence.partition_point(|t| t.end <= start);
    let word = |back: usize| {
        at.checked_sub(back)
            .and_then(|i| sentence.get(i))
            .map_or("", |t| t.text(text))
    };
    let article = |w: &str| w.eq_ignore_ascii_case("a") || w.eq_ignore_ascii_case("an");
    article(word(1)) || (article(word(2)) && word(1).chars().all(|c| c.is_ascii_lowercase()))
}

/// "from 2019 to 2021", "between Monday and Wednesday": both ends carry the interval.
fn link_ranges(text: &str, times: &mut [Timex]) {
    for k in 1..times.len() {
        let (a, b) = (&times[k - 1], &times[k]);
        if a.range.is_some()
            || a.kind == TimexType::Duration
            || a.kind == TimexType::Set
            || b.kind != a.kind
        {
            continue;
        }
        let between = text.get(a.end..b.start).unwrap_or("").trim();
        let before = text.get(..a.start).unwrap_or("").trim_end();
        let opener = before
            .rsplit(|c: char| c.is_whitespace())
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        let linked = match between {
            "to" | "through" | "until" | "till" => opener == "from",
            "and" => opener == "between",
            "-" | "\u{2013}" | "\u{2014}" => true,
            _ => false,
        };
        if linked && !a.value.contains('X') && !b.value.contains('X') {
            // "9:30 - 11:00 on Thursday": the day named after the range holds both ends.
            if let Some(value) = reanchored_start(&a.value, &b.value) {
                times[k - 1].value = value;
            } else if let Some((begin, end)) =
                reanchored_years(&a.value, &b.value, names_year(&b.text))
            {
                // "January-December" of a quota year, "April-March" fiscal years.
                times[k - 1].value = begin;
                times[k].value = end;
            }
            let (a, b) = (&times[k - 1], &times[k]);
            if inverted(&a.value, &b.value) {
                continue;
            }
            let range = TimeRange {
                begin: a.value.clone(),
                end: b.value.clone(),
            };
            times[k - 1].range = Some(range.clone());
            times[k].range = Some(range);
        }
    }
}

/// Whether ISO values `begin` and `end` are an interval that ends before it starts
/// (values of one shape order as strings; `2021-03` and `2021-03-04` overlap).
fn inverted(begin: &str, end: &str) -> bool {
    let iso = |v: &str| v.len() >= 4 && v.bytes().take(4).all(|b| b.is_ascii_digit());
    iso(begin) && iso(end) && end < begin && !begin.starts_with(end)
}

/// For a range of two clock times on different days that would end before it starts, the
/// start moved to the end's day (`2021-03-05T09:30`, `2021-03-04T11:00` → `2021-03-04T09:30`),
/// when that orders them.
fn reanchored_start(begin: &str, end: &str) -> Option<String> {
    let (begin_day, begin_clock) = begin.split_once('T')?;
    let (end_day, _) = end.split_once('T')?;
    if begin_day == end_day || !inverted(begin, end) {
        return None;
    }
    let moved = format!("{end_day}T{begin_clock}");
    (!inverted(&moved, end)).then_some(moved)
}

/// Whether a time expression names its year ("October 1986", "September this year").
fn names_year(text: &str) -> bool {
    let digits = text
        .as_bytes()
        .windows(4)
        .any(|w| w.iter().all(u8::is_ascii_digit));
    digits || text.to_ascii_lowercase().contains("year")
}

/// `value` (`YYYY-MM` or `YYYY-MM-DD`) moved to `year`, if that is a real date.
fn with_year(value: &str, year: i32) -> Option<String> {
    let rest = value.get(4..)?;
    let moved = format!("{year:04}{rest}");
    match moved.len() {
        7 => crate::date::Date::parse_iso(&format!("{moved}-01")).map(|_| moved),
        10 => crate::date::Date::parse_iso(&moved).map(|_| moved),
        _ => None,
    }
}

/// For a range of dates (`YYYY-MM[-DD]`) that would end before it starts, the months and
/// days kept and the years re-anchored: onto the end's year when the end names its year
/// (or the year before), else the end onto the start's year (or the year after, for
/// "April-March" fiscal years). `None` when no such move orders them.
fn reanchored_years(begin: &str, end: &str, end_names_year: bool) -> Option<(String, String)> {
    let date_like = |v: &str| {
        matches!(v.len(), 7 | 10)
            && v.as_bytes().get(4) == Some(&b'-')
            && v.bytes().take(4).all(|b| b.is_ascii_digit())
    };
    if !date_like(begin) || !date_like(end) || !inverted(begin, end) {
        return None;
    }
    let year = |v: &str| v.get(..4).and_then(|y| y.parse::<i32>().ok());
    let (begin_year, end_year) = (year(begin)?, year(end)?);
    if end_names_year {
        [end_year, end_year - 1].into_iter().find_map(|y| {
            let moved = with_year(begin, y)?;
            (!inverted(&moved, end)).then(|| (moved, end.to_string()))
        })
    } else {
        [begin_year, begin_year + 1].into_iter().find_map(|y| {
            let moved = with_year(end, y)?;
            (!inverted(begin, &moved)).then(|| (begin.to_string(), moved))
        })
    }
}

/// The time stage: fills `Article::times`.
pub struct TimeStage {
    tagger: Tagger,
}

impl TimeStage {
    pub fn new() -> Self {
        TimeStage {
            tagger: Tagger::new(),
        }
    }
}

impl Default for TimeStage {
    fn default() -> Self {
        TimeStage::new()
    }
}

impl Stage for TimeStage {
    fn name(&self) -> &'static str {
        "time"
    }
    fn annotate(&self, article: &mut Article) {
        article.times = self.tagger.tag(article);
    }
}

#[cfg(test)]
mod range_tests {
    use super::*;

    #[test]
    fn ranges_never_end_before_they_start() {
        assert!(inverted("2021-03-05T09:30", "2021-03-04T11:00"));
        assert!(!inverted("2021-03", "2021-03-04"));
        assert!(!inverted("2021-03-04", "2021-03"));
        assert!(!inverted("PRESENT_REF", "2021"));
        assert_eq!(
            reanchored_start("2021-03-05T09:30", "2021-03-04T11:00").as_deref(),
            Some("2021-03-04T09:30")
        );
        assert_eq!(
            reanchored_start("2021-03-04T12:30", "2021-03-04T11:00"),
            None
        );
        assert_eq!(
            reanchored_start("2021-03-05T12:30", "2021-03-04T11:00"),
            None
        );
        let pair = |a: &str, b: &str| Some((a.to_string(), b.to_string()));
        // "January-December" (of the 1987 quota year), "April-March" fiscal years.
        assert_eq!(
            reanchored_years("1987-01", "1986-12", false),
            pair("1987-01", "1987-12")
        );
        assert_eq!(
            reanchored_years("1987-04", "1987-03", false),
            pair("1987-04", "1988-03")
        );
        // "January to September this year": the named year holds.
        assert_eq!(
            reanchored_years("1988-01", "1987-09", true),
            pair("1987-01", "1987-09")
        );
        assert_eq!(reanchored_years("2020-02-29", "2019-01-01", true), None);
        assert_eq!(reanchored_years("2021-01", "2021-12", false), None);
        assert!(names_year("October of 1986") && names_year("September this year"));
        assert!(!names_year("September"));
    }
}
