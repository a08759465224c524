//! Syntax: part-of-speech tags (Penn Treebank) and phrase chunks (NP, VP, PP, ...), both
//! from the same averaged perceptron as NER ([`crate::learn`]), trained on the POS and
//! chunk columns of CoNLL-2003 (see `models/README.md`). Fills [`Article::pos`] and
//! [`Article::chunks`].

// Helpers stay inside the crate: only what other crates use is `pub`.
#![warn(unreachable_pub)]

//!
//! | file | what |
//! |---|---|
//! | `features.rs` | what the two models look at |
//! | `decode.rs` | per-thread caches and working memory shared by both |
//! | `tagger.rs` | [`PosTagger`] |
//! | `chunker.rs` | [`Chunker`] |
//! | `train.rs` | [`train_pos`], [`train_chunk`], [`evaluate`] |
//! | `mod.rs` | [`SyntaxModel`], the shipped models and [`SyntaxStage`] |

mod chunker;
mod decode;
mod features;
mod tagger;
#[cfg(test)]
mod tests;
mod train;

pub use chunker::Chunker;
pub use tagger::PosTagger;
pub use train::{evaluate, train_chunk, train_pos};

use std::path::Path;
use std::sync::{Arc, OnceLock};

use crate::doc::{Article, Chunk, Range};
use crate::error::{Error, Result};
use crate::learn::spans::tag_spans;
use crate::learn::Model;
use decode::{labels_of, with_scratch};

static SHIPPED_POS: &[u8] = include_bytes!("../../../../models/pos.bin.gz");
static SHIPPED_CHUNK: &[u8] = include_bytes!("../../../../models/chunk.bin.gz");

fn check_version(model: &Model, expected: &str, name: &str) -> Result<()> {
    let found = model.meta.get("features").map(String::as_str);
    if found == Some(expected) {
        Ok(())
    } else {
        Err(Error::Model {
            name: name.into(),
            message: format!(
                "trained with features {found:?}, this build extracts {expected}: retrain"
            ),
        })
    }
}

/// Decodes a shipped model once per process.
fn shared<T>(
    cell: &'static OnceLock<std::result::Result<Arc<T>, String>>,
    name: &str,
    load: impl FnOnce() -> Result<T>,
) -> Result<Arc<T>> {
    cell.get_or_init(|| load().map(Arc::new).map_err(|e| e.to_string()))
        .clone()
        .map_err(|message| Error::Model {
            name: name.into(),
            message,
        })
}

/// What the POS tagger and the chunker share: a perceptron model trained with a given
/// feature set, checked when loaded.
pub trait SyntaxModel: Sized {
    /// The name in error messages.
    const NAME: &'static str;
    /// The feature-set version this build extracts.
    const VERSION: &'static str;
    /// Wraps a model whose version was checked.
    fn wrap(model: Model) -> Self;
    fn model(&self) -> &Model;

    fn from_model(model: Model) -> Result<Self> {
        check_version(&model, Self::VERSION, Self::NAME)?;
        Ok(Self::wrap(model))
    }
    fn load(path: &Path) -> Result<Self> {
        Self::from_model(Model::load(path)?)
    }
    fn save(&self, path: &Path) -> Result<()> {
        self.model().save(path)
    }
}

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
