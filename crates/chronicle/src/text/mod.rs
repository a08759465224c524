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
        split_sentences(text, tokens, first, index, whole_unit, sentences);
    }
}
