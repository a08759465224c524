//! Syntax: part-of-speech tags (Penn Treebank) and phrase chunks (NP, VP, PP, ...), both
//! from the same averaged perceptron as NER ([`crate::learn`]), trained on the POS and
//! chunk columns of CoNLL-2003 (the tagger also on UD English EWT dev's XPOS; see
//! `models/README.md`). Fills [`crate::doc::Article::pos`]
//! and [`crate::doc::Article::chunks`].
//!
//! | file | what |
//! |---|---|
//! | `features.rs` | what the two models look at |
//! | `decode.rs` | per-thread caches and working memory shared by both |
//! | `model.rs` | [`SyntaxModel`]: the shipped models and the feature-version check |
//! | `tagger.rs` | [`PosTagger`] |
//! | `chunker.rs` | [`Chunker`] |
//! | `stage.rs` | [`SyntaxStage`] |
//! | `train.rs` | [`train_pos`], [`train_chunk`], [`evaluate`] |
//! | `parse/` | the dependency parser (arc-hybrid, averaged perceptron): `deps` |
//! | `lemma.rs` | the lemmatizer: `lemmas` |
//! | `ud.rs` | Universal Dependencies tables: PTB → UPOS, ClearNLP labels → UD |

// Helpers stay inside the crate: only what other crates use is `pub`.
#![warn(unreachable_pub)]

mod chunker;
mod decode;
mod features;
pub mod lemma;
mod model;
pub mod parse;
mod stage;
mod tagger;
#[cfg(test)]
mod tests;
mod train;
pub mod ud;

pub use chunker::Chunker;
pub use model::SyntaxModel;
pub use stage::{ParseStage, SentenceSelector, SyntaxStage};
pub use tagger::PosTagger;
pub use train::{evaluate, held_out, jackknife_fold, pos_doc, train_chunk, train_pos};
