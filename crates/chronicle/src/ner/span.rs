//! What the statistical tagger finds: spans of tokens with a label and a score.

use crate::learn::spans::{iob2_tags, TagSpan};

/// One entity found by the model: tokens `[start, end)` of its sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct TaggedSpan {
    pub start: usize,
    pub end: usize,
    pub label: String,
    /// The lowest per-token label probability inside the span.
    pub score: f32,
}

/// IOB2 tags of a sentence of `n` tokens with these tagged spans.
pub fn iob2_of(spans: Vec<TaggedSpan>, n: usize) -> Vec<String> {
    let spans: Vec<TagSpan> = spans
        .into_iter()
        .map(|s| TagSpan {
            start: s.start,
            end: s.end,
            label: s.label,
        })
        .collect();
    iob2_tags(&spans, n)
}
