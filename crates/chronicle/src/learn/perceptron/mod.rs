//! An averaged structured perceptron over hashed features with first-order Viterbi.
//!
//! Generic over the label set: NER, POS and chunk models are all this one type, each with
//! its own feature extractor. Emission weights are one row of `L` 16-bit integers per
//! feature key (the quantised form the model files store), so one feature is one short
//! contiguous read and scores are exact integer sums: any summation order, and any cache of
//! partial sums, gives bit-identical emissions. Transitions are an `(L+1)×(L+1)` float
//! matrix whose extra row/column stands for the sentence boundary. Transitions never seen in
//! the gold training data are forbidden at decoding (so a BILOU model cannot output `O I-PER`), which keeps output well formed for free.
//!
//! | file | what |
//! |---|---|
//! | `model.rs` | [`SentFeats`], the key table and [`Model`]: scoring, Viterbi, marginals and confidence |
//! | `simd.rs` | transitions laid out for Viterbi ([`Lattice`]: its working memory), with the AVX2 kernel |
//! | `io.rs` | the quantised, gzip-compressed model file |
//! | `train.rs` | [`Trainer`] and [`fit`] |

mod io;
pub(crate) use io::put_varint;
mod model;
mod simd;
#[cfg(test)]
mod tests;
mod train;

pub use model::{Model, SentFeats};
pub use simd::Lattice;
pub use train::{fit, FitConfig, FitReport, Trainer};
