//! Checks the invariants every layer of an [`Article`] promises its readers: each span lies on
//! char boundaries inside `text` and carries exactly the text it covers, indexes into other
//! layers point at entries that exist, and calendar dates in TIMEX3 values are real days.
//!
//! Stages never need it at run time; property tests and fuzz targets call it after running
//! readers and stages over arbitrary input, and a tool that edits articles can call it before
//! handing them on.

use crate::date::Date;
use crate::doc::{Article, TimeAnchor};

/// The first broken invariant found, described for a person ("entity 3..9 not on char
/// boundaries").
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct Invalid(pub String);

type Check = Result<(), Invalid>;

fn fail(message: String) -> Check {
    Err(Invalid(message))
}

/// `start..end` is a char-aligned range of `text`; when `copy` is given it equals that range.
fn range(text: &str, start: usize, end: usize, copy: Option<&str>, what: &str) -> Check {
    if start > end || end > text.len() {
        return fail(format!(
            "{what} {start}..{end} outside text of {} bytes",
            text.len()
        ));
    }
    if !text.is_char_boundary(start) || !text.is_char_boundary(end) {
        return fail(format!("{what} {start}..{end} not on char boundaries"));
    }
    match copy {
        Some(copy) if &text[start..end] != copy => fail(format!(
            "{what} {start}..{end} says {copy:?} but covers {:?}",
            &text[start..end]
        )),
        _ => Ok(()),
    }
}

/// A TIMEX3 value (or range bound) that starts with `YYYY-MM-DD` names a real day; with an
/// unknown year (`XXXX-MM-DD`) the day exists in some year (February 29 does).
fn timex_value(value: &str, what: &str) -> Check {
    if value.is_empty() {
        return fail(format!("{what}: empty TIMEX3 value"));
    }
    let Some(day) = value.get(..10) else {
        return Ok(());
    };
    let b = day.as_bytes();
    if b[4] != b'-' || b[7] != b'-' || !b[5..7].iter().chain(&b[8..10]).all(u8::is_ascii_digit) {
        return Ok(());
    }
    let real = if b[..4].iter().all(u8::is_ascii_digit) {
        Date::parse_iso(day).is_some()
    } else if &day[..4] == "XXXX" {
        Date::parse_iso(&format!("2000{}", &day[4..])).is_some()
    } else {
        return Ok(());
    };
    if real {
        Ok(())
    } else {
        fail(format!("{what}: {value:?} is not a calendar day"))
    }
}

impl Article {
    /// Checks every layer; `Err` names the first broken invariant.
    pub fn validate(&self) -> Result<(), Invalid> {
        self.validate_text_layers()?;
        self.validate_annotation_layers()
    }

    /// Paragraphs, sentences, tokens and the reader's spans (caption, dateline, byline).
    fn validate_text_layers(&self) -> Check {
        let t = self.text.as_str();
        for p in &self.paragraphs {
            range(t, p.start, p.end, Some(&p.text), "paragraph")?;
        }
        for s in &self.sentences {
            range(t, s.start, s.end, Some(&s.text), "sentence")?;
            let Some(para) = self.paragraphs.get(s.paragraph) else {
                return fail(format!(
                    "sentence {}..{}: no paragraph {}",
                    s.start, s.end, s.paragraph
                ));
            };
            if s.start < para.start || s.end > para.end {
                return fail(format!(
                    "sentence {}..{} crosses its paragraph",
                    s.start, s.end
                ));
            }
            if !self.tokens.is_empty()
                && (s.token_start >= s.token_end || s.token_end > self.tokens.len())
            {
                return fail(format!(
                    "sentence {}..{}: tokens {}..{} of {}",
                    s.start,
                    s.end,
                    s.token_start,
                    s.token_end,
                    self.tokens.len()
                ));
            }
        }
        let mut previous_end = 0;
        for tok in &self.tokens {
            range(t, tok.start, tok.end, None, "token")?;
            if tok.start >= tok.end || tok.start < previous_end {
                return fail(format!(
                    "token {}..{} empty, overlapping or out of order",
                    tok.start, tok.end
                ));
            }
            previous_end = tok.end;
        }
        if !self.pos.is_empty() && self.pos.len() != self.tokens.len() {
            return fail(format!(
                "{} POS tags for {} tokens",
                self.pos.len(),
                self.tokens.len()
            ));
        }
        for span in [&self.caption, &self.dateline].into_iter().flatten() {
            range(
                t,
                span.start,
                span.end,
                Some(&span.text),
                "caption/dateline",
            )?;
        }
        if let Some(span) = self.byline.as_ref().and_then(|b| b.span.as_ref()) {
            range(t, span.start, span.end, Some(&span.text), "byline")?;
        }
        Ok(())
    }

    /// Chunks, entities, times, actors, events and quotes.
    fn validate_annotation_layers(&self) -> Check {
        let t = self.text.as_str();
        for c in &self.chunks {
            range(t, c.start, c.end, Some(&c.text), "chunk")?;
        }
        for e in &self.entities {
            range(t, e.start, e.end, Some(&e.text), "entity")?;
            if e.start == e.end || !e.score.is_finite() {
                return fail(format!(
                    "entity {}..{} empty or with score {}",
                    e.start, e.end, e.score
                ));
            }
        }
        for (i, x) in self.times.iter().enumerate() {
            range(t, x.start, x.end, Some(&x.text), "time")?;
            timex_value(&x.value, "time")?;
            if let Some(r) = &x.range {
                timex_value(&r.begin, "time range begin")?;
                timex_value(&r.end, "time range end")?;
            }
            if let TimeAnchor::Time { index, .. } = &x.anchor {
                if *index >= self.times.len() || *index == i {
                    return fail(format!("time {i} anchored on time {index}"));
                }
            }
        }
        for actor in &self.actors {
            if actor.mentions.is_empty() {
                return fail(format!("actor {} has no mentions", actor.id));
            }
            for m in actor
                .mentions
                .iter()
                .chain(&actor.typo_mentions)
                .chain(&actor.context_mentions)
            {
                range(t, m.start, m.end, Some(&m.text), "actor mention")?;
            }
        }
        for ev in &self.events {
            range(
                t,
                ev.trigger.start,
                ev.trigger.end,
                Some(&ev.trigger.text),
                "event trigger",
            )?;
            if ev.sentence >= self.sentences.len() {
                return fail(format!(
                    "event in sentence {} of {}",
                    ev.sentence,
                    self.sentences.len()
                ));
            }
            if let Some(date) = &ev.date {
                timex_value(date, "event date")?;
            }
            if let Some(a) = &ev.attribution {
                range(t, a.start, a.end, Some(&a.text), "attribution")?;
            }
            if let Some(span) = ev.location.as_ref().and_then(|l| l.span.as_ref()) {
                range(t, span.start, span.end, Some(&span.text), "event place")?;
            }
            if !(0.0..=1.0).contains(&ev.confidence) {
                return fail(format!("event confidence {}", ev.confidence));
            }
        }
        for q in &self.quotes {
            range(t, q.start, q.end, Some(&q.text), "quote")?;
            if let Some(span) = &q.speaker_span {
                range(t, span.start, span.end, Some(&span.text), "quote speaker")?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::{Entity, EntityLabel, Timex, TimexType};

    fn article() -> Article {
        let mut a = Article::new("Seoul said on Thursday — “fine”.".to_string());
        crate::text::annotate(&mut a);
        a
    }

    #[test]
    fn a_fresh_article_is_valid() {
        assert_eq!(article().validate(), Ok(()));
    }

    #[test]
    fn spans_off_char_boundaries_or_with_other_text_are_named() {
        let mut a = article();
        let dash = a.text.find('—').unwrap();
        a.entities.push(Entity {
            start: 0,
            end: dash + 1,
            text: String::new(),
            label: EntityLabel::Org,
            score: 1.0,
            link: None,
        });
        let err = a.validate().unwrap_err().0;
        assert!(err.contains("not on char boundaries"), "{err}");
        a.entities[0].end = 5;
        let err = a.validate().unwrap_err().0;
        assert!(err.contains("covers \"Seoul\""), "{err}");
        a.entities[0].text = "Seoul".into();
        assert_eq!(a.validate(), Ok(()));
    }

    #[test]
    fn impossible_days_in_timex_values_are_caught() {
        let mut a = article();
        let start = a.text.find("Thursday").unwrap();
        a.times.push(Timex {
            start,
            end: start + 8,
            text: "Thursday".into(),
            kind: TimexType::Date,
            value: "2021-02-30".into(),
            modifier: None,
            range: None,
            anchor: TimeAnchor::None,
        });
        assert!(a.validate().unwrap_err().0.contains("not a calendar day"));
        a.times[0].value = "2021-03-04".into();
        assert_eq!(a.validate(), Ok(()));
        a.times[0].value = "2021-W09".into();
        assert_eq!(a.validate(), Ok(()));
        a.times[0].value = "XXXX-02-29".into();
        assert_eq!(a.validate(), Ok(()));
        a.times[0].value = "XXXX-09-31".into();
        assert!(a.validate().is_err());
    }
}
