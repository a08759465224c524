//! The syntax stage: POS tags for every token, chunks per sentence.

use std::sync::Arc;

use super::chunker::Chunker;
use super::decode::{labels_of, with_scratch};
use super::model::{SyntaxModel, SHIPPED_CHUNK, SHIPPED_POS};
use super::tagger::PosTagger;
use crate::doc::{Article, Chunk, Range};
use crate::error::Result;
use crate::learn::spans::tag_spans;
use crate::learn::Model;

/// The syntax stage: POS tags for every token, chunks per sentence.
pub struct SyntaxStage {
    pos: Arc<PosTagger>,
    chunker: Arc<Chunker>,
}

impl SyntaxStage {
    pub fn standard() -> Result<Self> {
        Ok(SyntaxStage {
            pos: PosTagger::shipped()?,
            chunker: Chunker::shipped()?,
        })
    }
    /// Decodes the shipped models afresh (for measuring load time; use [`SyntaxStage::standard`]).
    pub fn decode_shipped() -> Result<Self> {
        Ok(Self::new(
            PosTagger::from_model(Model::from_gzip(SHIPPED_POS)?)?,
            Chunker::from_model(Model::from_gzip(SHIPPED_CHUNK)?)?,
        ))
    }

    pub fn new(pos: PosTagger, chunker: Chunker) -> Self {
        SyntaxStage {
            pos: Arc::new(pos),
            chunker: Arc::new(chunker),
        }
    }
}

impl crate::stage::Stage for SyntaxStage {
    fn name(&self) -> &'static str {
        "syntax"
    }
    fn annotate(&self, article: &mut Article) {
        let text = &article.text;
        let mut pos = vec![String::new(); article.tokens.len()];
        let mut chunks = Vec::new();
        with_scratch(|s| {
            let mut words: Vec<&str> = Vec::new();
            for sentence in &article.sentences {
                if crate::budget::expired() {
                    break;
                }
                let tokens = article
                    .tokens
                    .get(sentence.token_start..sentence.token_end)
                    .unwrap_or(&[]);
                words.clear();
                words.extend(tokens.iter().map(|t| t.text(text)));
                self.pos
                    .decode(&words, &mut s.pos, &mut s.work, &mut s.pos_path);
                self.chunker.decode_indexed(
                    &words,
                    (&self.pos.model, &s.pos_path),
                    (&mut s.chunk_words, &mut s.tag_tables),
                    &mut s.work,
                    &mut s.chunk_path,
                );
                let chunk_tags: Vec<&str> = labels_of(&self.chunker.model, &s.chunk_path).collect();
                for span in tag_spans(&chunk_tags) {
                    let (Some(first), Some(last)) =
                        (tokens.get(span.start), tokens.get(span.end.wrapping_sub(1)))
                    else {
                        continue;
                    };
                    let range = Range::new(first.start, last.end);
                    chunks.push(Chunk {
                        start: range.start,
                        end: range.end,
                        text: range.slice(text).to_string(),
                        label: span.label,
                    });
                }
                for (k, tag) in labels_of(&self.pos.model, &s.pos_path).enumerate() {
                    if let Some(slot) = pos.get_mut(sentence.token_start + k) {
                        *slot = tag.to_string();
                    }
                }
            }
        });
        article.pos = pos;
        article.chunks = chunks;
    }
}
