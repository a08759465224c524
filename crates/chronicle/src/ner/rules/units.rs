//! The tokens NER works on and the labelled spans the rules produce.

use crate::doc::{Article, Token, TokenKind};
use crate::ner::features::{case_of, Case};

/// The tokens NER works on: the article's tokens, with hyphenated pairs of names split
/// ("AP-Yonhap" → "AP", "-", "Yonhap"), grouped into sentences; POS tags carried over.
#[derive(Debug, Clone, Default)]
pub struct Units<'a> {
    pub tokens: Vec<Token>,
    pub sentences: Vec<std::ops::Range<usize>>,
    /// POS tags per token (borrowed from the article), empty when the article has none.
    pub pos: Vec<&'a str>,
}

impl<'a> Units<'a> {
    pub fn new(article: &'a Article) -> Self {
        let text = &article.text;
        let with_pos = article.pos.len() == article.tokens.len();
        let mut units = Units::default();
        for sentence in &article.sentences {
            let first = units.tokens.len();
            for index in sentence.token_start..sentence.token_end.min(article.tokens.len()) {
                let token = article.tokens[index];
                let tag = if with_pos {
                    article.pos[index].as_str()
                } else {
                    ""
                };
                let mut push = |t: Token, tag: &'a str| {
                    units.tokens.push(t);
                    if with_pos {
                        units.pos.push(tag);
                    }
                };
                match split_point(token.text(text)) {
                    Some(hyphen) => {
                        let h = token.start + hyphen;
                        push(
                            Token {
                                start: token.start,
                                end: h,
                                kind: TokenKind::Word,
                            },
                            tag,
                        );
                        push(
                            Token {
                                start: h,
                                end: h + 1,
                                kind: TokenKind::Punct,
                            },
                            "HYPH",
                        );
                        push(
                            Token {
                                start: h + 1,
                                end: token.end,
                                kind: TokenKind::Word,
                            },
                            tag,
                        );
                    }
                    None => push(token, tag),
                }
            }
            units.sentences.push(first..units.tokens.len());
        }
        units
    }

    /// Words of each sentence.
    pub fn sentence_words<'t>(&self, text: &'t str) -> Vec<Vec<&'t str>> {
        self.sentences
            .iter()
            .map(|r| {
                self.tokens
                    .get(r.clone())
                    .unwrap_or(&[])
                    .iter()
                    .map(|t| t.text(text))
                    .collect()
            })
            .collect()
    }
}

/// Where to split an acronym joined to a name ("AP-Yonhap", "US-Korea"); names that are
/// one name ("Hewlett-Packard", "AFL-CIO", "Si-young") stay whole.
pub(super) fn split_point(word: &str) -> Option<usize> {
    let hyphen = word.find('-')?;
    let (left, right) = (&word[..hyphen], &word[hyphen + 1..]);
    let acronym =
        left.len() >= 2 && left.len() <= 5 && left.bytes().all(|b| b.is_ascii_uppercase());
    let name = case_of(right) == Case::Title && !right.contains('-');
    (acronym && name).then_some(hyphen)
}

/// A labelled span over article tokens `[start, end)` (global token indices).
#[derive(Debug, Clone, PartialEq)]
pub struct TokSpan {
    pub start: usize,
    pub end: usize,
    pub label: String,
    pub score: f32,
}

impl TokSpan {
    pub(super) fn new(start: usize, end: usize, label: &str, score: f32) -> Self {
        TokSpan {
            start,
            end,
            label: label.to_string(),
            score,
        }
    }
    pub(super) fn contains(&self, other: &TokSpan) -> bool {
        self.start <= other.start && other.end <= self.end
    }
    pub(super) fn overlaps(&self, other: &TokSpan) -> bool {
        self.start < other.end && other.start < self.end
    }
    pub(super) fn is_name(&self) -> bool {
        matches!(self.label.as_str(), "PER" | "ORG" | "LOC" | "MISC" | "NORP")
    }
}
