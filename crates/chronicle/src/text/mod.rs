//! The text layer: tokens, sentences and paragraphs with byte offsets into `text`.

mod sentences;
mod tokenize;

pub use sentences::{split_paragraphs, split_sentences};
pub use tokenize::{is_abbreviation, tokenize, tokenize_into};

use crate::doc::{Article, Paragraph, ParagraphKind, Range};
use crate::stage::Stage;

/// The text stage: tokens, sentences, paragraphs.
pub struct TextStage;

impl Stage for TextStage {
    fn name(&self) -> &'static str {
        "text"
    }
    fn annotate(&self, article: &mut Article) {
        annotate(article);
    }
}

/// Fills `tokens`, `paragraphs` (when the reader left none) and `sentences`.
///
/// Title, caption and byline paragraphs are sentence units of their own; sentences never
/// cross paragraphs.
pub fn annotate(article: &mut Article) {
    if article.paragraphs.is_empty() {
        let text = &article.text;
        article.paragraphs = split_paragraphs(text, Range::new(0, text.len()))
            .into_iter()
            .map(|r| Paragraph {
                start: r.start,
                end: r.end,
                kind: ParagraphKind::Body,
                text: r.slice(text).to_string(),
            })
            .collect();
    }
    article.tokens.clear();
    article.sentences.clear();
    // News text runs about six bytes per token: one allocation instead of a dozen regrowths.
    article.tokens.reserve(article.text.len() / 6 + 8);
    let Article {
        text,
        paragraphs,
        tokens,
        sentences,
        ..
    } = article;
    for (index, paragraph) in paragraphs.iter().enumerate() {
        if paragraph.kind == ParagraphKind::Header {
            continue;
        }
        let first = tokens.len();
        tokenize_into(text, Range::new(paragraph.start, paragraph.end), tokens);
        let whole_unit = matches!(
            paragraph.kind,
            ParagraphKind::Title | ParagraphKind::Byline | ParagraphKind::Dateline
        );
        let from = sentences.len();
        split_sentences(text, tokens, first, index, whole_unit, sentences);
        if sentences[from..]
            .iter()
            .any(|s| s.token_end - s.token_start > MAX_SENTENCE_TOKENS)
        {
            let long = sentences.split_off(from);
            for sentence in long {
                cut_into_windows(text, tokens, sentence, sentences);
            }
        }
    }
}

/// Most tokens in one sentence. Later stages have steps that grow faster than linearly with
/// a sentence's length (a 100 KB run-on "sentence" took minutes), so longer ones are cut
/// into windows here, before any of them runs. Far above real sentences (the longest of
/// 3,000 Reuters articles has 211 tokens, a table), so ordinary text is untouched.
pub const MAX_SENTENCE_TOKENS: usize = 256;

/// Pushes `sentence` cut into windows of at most [`MAX_SENTENCE_TOKENS`] tokens, each
/// ending at the strongest punctuation in its second half when there is one.
fn cut_into_windows(
    text: &str,
    tokens: &[crate::doc::Token],
    sentence: crate::doc::Sentence,
    out: &mut Vec<crate::doc::Sentence>,
) {
    if sentence.token_end - sentence.token_start <= MAX_SENTENCE_TOKENS {
        // The paragraph's ordinary sentences pass through as they are.
        out.push(sentence);
        return;
    }
    let strength = |t: &crate::doc::Token| match t.text(text) {
        ";" => 3,
        ":" | "\u{2014}" | "--" => 2,
        "," => 1,
        _ => 0,
    };
    let mut begin = sentence.token_start;
    let end = sentence.token_end;
    while begin < end {
        let mut cut = end;
        if end - begin > MAX_SENTENCE_TOKENS {
            let limit = begin + MAX_SENTENCE_TOKENS;
            let best = (begin + MAX_SENTENCE_TOKENS / 2..limit)
                .filter_map(|i| tokens.get(i).map(|t| (strength(t), i)))
                .filter(|&(s, _)| s > 0)
                .max_by_key(|&(s, i)| (s, i));
            cut = best.map_or(limit, |(_, i)| i + 1);
        }
        let (Some(first), Some(last)) = (tokens.get(begin), tokens.get(cut - 1)) else {
            return;
        };
        let range = Range::new(first.start, last.end);
        out.push(crate::doc::Sentence {
            start: range.start,
            end: range.end,
            text: range.slice(text).to_string(),
            paragraph: sentence.paragraph,
            token_start: begin,
            token_end: cut,
        });
        begin = cut;
    }
}

#[cfg(test)]
mod window_tests {
    use super::*;

    #[test]
    fn run_on_sentences_are_cut_into_windows_at_punctuation() {
        let clause = "the talks went on and on , ";
        let mut article = Article::new(clause.repeat(200));
        annotate(&mut article);
        assert!(article.sentences.len() > 1);
        let mut next = 0;
        for s in &article.sentences {
            assert!(s.token_end - s.token_start <= MAX_SENTENCE_TOKENS);
            assert_eq!(s.token_start, next, "windows cover every token once");
            next = s.token_end;
            assert_eq!(article.tokens[s.token_end - 1].text(&article.text), ",");
            assert_eq!(s.text, article.text[s.start..s.end]);
        }
        assert_eq!(next, article.tokens.len());
        let mut short = Article::new("One sentence. Another one, with a comma.".into());
        annotate(&mut short);
        assert_eq!(short.sentences.len(), 2);
    }
}
