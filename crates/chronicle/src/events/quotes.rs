//! Direct quotes and their speakers.
//!
//! Quotes are paired within a paragraph (curly “…” or straight "…", possibly several
//! sentences long). The speaker is the noun phrase next to a speech verb right after the
//! closing mark (`…,” a Foreign Ministry official said.` / `…,” said Kim.`) or right
//! before the opening one (`Kim said: “…”`), resolved to an actor when a mention of the
//! `actors` layer lies inside it.

use crate::doc::{ActorRef, Article, Quote, Range, Span, Token, TokenKind};

use super::syntax::is_speech;

/// Quotes shorter than this many words without a speaker are scare quotes, not speech.
const MIN_WORDS: usize = 3;

fn quote_pairs(text: &str, range: Range) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut open_curly: Option<usize> = None;
    let mut open_straight: Option<usize> = None;
    let slice = range.slice(text);
    for (i, c) in slice.char_indices() {
        let at = range.start + i;
        match c {
            '“' => open_curly = Some(at),
            '”' => {
                if let Some(o) = open_curly.take() {
                    out.push((o, at + c.len_utf8()));
                }
            }
            '"' => match open_straight.take() {
                Some(o) => out.push((o, at + 1)),
                None => open_straight = Some(at),
            },
            _ => {}
        }
    }
    out
}

/// The first actor (in layer order) with a mention inside `[start, end)`. `mentions` is
/// `(start, end, actor)` sorted by start, so only the few mentions in the span are looked at.
fn speaker_ref(
    article: &Article,
    mentions: &[(usize, usize, usize)],
    start: usize,
    end: usize,
) -> Option<ActorRef> {
    let first = mentions.partition_point(|m| m.0 < start);
    let actor = mentions
        .get(first..)
        .unwrap_or(&[])
        .iter()
        .take_while(|m| m.0 < end)
        .filter(|m| m.1 <= end)
        .map(|m| m.2)
        .min()?;
    let a = article.actors.get(actor)?;
    Some(ActorRef {
        id: a.id.clone(),
        name: a.name.clone(),
        code: a.code.clone(),
    })
}

fn is_stop(t: &Token, text: &str) -> bool {
    t.kind == TokenKind::Punct && matches!(t.text(text), "." | "!" | "?" | "“" | "\"" | ";")
}

/// How far the speaker may sit from the quote, in tokens: after it (`…,” a Foreign Ministry
/// official said`), before it (`Kim said: “…”`), and punctuation skipped before it.
const AFTER_WINDOW: usize = 14;
const BEFORE_WINDOW: usize = 8;
const PUNCT_SKIP: usize = 4;

/// The words naming the speaker around a quote: `(start, end)` byte offsets. Looks only at a
/// few tokens on either side (found by binary search), so a text with many quotes costs
/// time linear in its length.
fn speaker_span(
    article: &Article,
    open: usize,
    close: usize,
    para_end: usize,
) -> Option<(usize, usize)> {
    let text = &article.text;
    let tokens = &article.tokens;
    let lower = |t: &Token| t.text(text).to_lowercase();
    // after the quote: tokens up to the end of the sentence
    let from = tokens.partition_point(|t| t.start < close);
    let after: Vec<&Token> = tokens
        .get(from..)
        .unwrap_or(&[])
        .iter()
        .take_while(|t| t.end <= para_end && !is_stop(t, text))
        .take(AFTER_WINDOW)
        .collect();
    if let Some(v) = after.iter().position(|t| is_speech(&lower(t))) {
        let np: Vec<&&Token> = after
            .get(..v)
            .unwrap_or(&[])
            .iter()
            .filter(|t| t.kind != TokenKind::Punct)
            .collect();
        if let (Some(first), Some(last)) = (np.first(), np.last()) {
            return Some((first.start, last.end));
        }
        // "…,” said Kim" — the phrase after the verb
        let np: Vec<&&Token> = after
            .get(v + 1..)
            .unwrap_or(&[])
            .iter()
            .take_while(|t| t.kind != TokenKind::Punct)
            .collect();
        if let (Some(first), Some(last)) = (np.first(), np.last()) {
            return Some((first.start, last.end));
        }
    }
    // before the quote: "Kim said: “…”"
    let upto = tokens.partition_point(|t| t.end <= open);
    let window = upto.min(PUNCT_SKIP + BEFORE_WINDOW + 1);
    let before = tokens.get(upto - window..upto)?;
    let mut k = before.len();
    while k > 0
        && before.len() - k < PUNCT_SKIP
        && before
            .get(k - 1)
            .is_some_and(|t| t.kind == TokenKind::Punct)
    {
        k -= 1;
    }
    let verb = before.get(k.checked_sub(1)?)?;
    if !is_speech(&lower(verb)) {
        return None;
    }
    let mut j = k - 1;
    while j > 0
        && before
            .get(j - 1)
            .is_some_and(|t| !is_stop(t, text) && t.kind != TokenKind::Punct)
        && k - j < BEFORE_WINDOW
    {
        j -= 1;
    }
    let (first, last) = (before.get(j)?, before.get(k.checked_sub(2)?)?);
    (j < k - 1).then_some((first.start, last.end))
}

/// `mentions`: the article's actor mentions `(start, end, actor)` sorted by start.
pub fn find_quotes(article: &Article, mentions: &[(usize, usize, usize)]) -> Vec<Quote> {
    let mut out = Vec::new();
    for p in &article.paragraphs {
        for (open, close) in quote_pairs(&article.text, Range::new(p.start, p.end)) {
            let inner = article.text.get(open..close).unwrap_or("");
            let words = inner.split_whitespace().count();
            let speaker = speaker_span(article, open, close, p.end);
            if speaker.is_none() && words < MIN_WORDS {
                continue;
            }
            let speaker_ref = speaker.and_then(|(s, e)| speaker_ref(article, mentions, s, e));
            out.push(Quote {
                start: open,
                end: close,
                text: inner.to_string(),
                speaker: speaker_ref,
                speaker_span: speaker.map(|(s, e)| Span::new(&article.text, Range::new(s, e))),
            });
        }
    }
    // pairs close in text order; readers (and attribution lookups) want them by opening
    out.sort_by_key(|q| q.start);
    out
}
