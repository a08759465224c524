//! Who says so: the reported-speech clause of a sentence ("X said ..."), or the speaker of
//! the direct quote an event sits in.

use crate::doc::{Article, Attribution, Span};

use super::arguments::actor_ref;
use super::sentence::Sentence;
use super::syntax::{self, ClauseKind, Tag};

/// The reported-speech clause of a sentence: `(clause index, attribution)`.
pub(super) fn attribution(article: &Article, s: &Sentence) -> Option<(usize, Attribution)> {
    let (k, c) = s
        .clauses
        .iter()
        .enumerate()
        .find(|(_, c)| c.kind == ClauseKind::Speech && !matches!(s.word(c.start), "," | "adding"))
        .or_else(|| {
            s.clauses
                .iter()
                .enumerate()
                .find(|(_, c)| c.kind == ClauseKind::Speech)
        })?;
    let verb = (c.start..c.end).find(|&i| syntax::is_speech(s.word(i)))?;
    let (mut a, mut b) = if s.word(verb) == "according" {
        (verb + 2, c.end)
    } else {
        (c.start, verb)
    };
    while a < b && matches!(s.word(a), "," | "and" | "but" | "\"" | "“" | "”") {
        a += 1;
    }
    // "said X" inversions: "..., said a Foreign Ministry official"
    if a >= b {
        a = verb + 1;
        b = c.end;
        while b > a && (matches!(s.tag(b - 1), Some(Tag::Punct)) || s.word(b - 1) == "that") {
            b -= 1;
        }
    }
    // trailing time words belong to the verb ("sources said Friday")
    while b > a && s.times.iter().any(|t| t.0 < b && b - 1 < t.1) {
        b -= 1;
    }
    if a >= b {
        return None;
    }
    let (start, end) = s.token_range(a, b);
    let actor = s
        .groups
        .iter()
        .find(|g| g.start >= a && g.end <= b)
        .and_then(|g| g.actors.first())
        .and_then(|&i| actor_ref(article, i));
    Some((
        k,
        Attribution {
            text: article.text.get(start..end).unwrap_or("").to_string(),
            start,
            end,
            actor,
        },
    ))
}

/// Events inside a direct quote are attributed to its speaker.
pub(super) fn quote_attribution(article: &Article, at: usize) -> Option<Attribution> {
    // quotes come sorted by start; a straight pair may nest inside a curly one, so look at
    // the few that open last before `at`
    let k = article.quotes.partition_point(|q| q.start <= at);
    let q = article
        .quotes
        .get(k.saturating_sub(3)..k)?
        .iter()
        .rev()
        .find(|q| at < q.end)?;
    let span: &Span = q.speaker_span.as_ref()?;
    Some(Attribution {
        text: span.text.clone(),
        start: span.start,
        end: span.end,
        actor: q.speaker.clone(),
    })
}
