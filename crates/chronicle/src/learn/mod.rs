//! Machine learning shared by the statistical stages: an averaged structured perceptron
//! over hashed features ([`perceptron`]), feature hashing (`hash`), CoNLL column files
//! ([`conll`]), tag spans and their scoring (`spans`), word clusters ([`clusters`]) and
//! word shapes (`shape`).

// Helpers stay inside the crate: only what other crates use is `pub`.
#![warn(unreachable_pub)]

pub(crate) mod cache;
pub mod clusters;
pub mod conll;
pub(crate) mod hash;
pub mod perceptron;
pub(crate) mod shape;
pub(crate) mod spans;

pub use perceptron::{fit, FitConfig, FitReport, Lattice, Model, SentFeats, Trainer};
