//! Machine learning shared by the statistical stages: an averaged structured perceptron
//! over hashed features ([`perceptron`]), feature hashing ([`hash`]), CoNLL column files
//! ([`conll`]), tag spans and their scoring ([`spans`]), word clusters ([`clusters`]) and
//! word shapes ([`shape`]).

pub mod cache;
pub mod clusters;
pub mod conll;
pub mod hash;
pub mod perceptron;
pub mod shape;
pub mod spans;

pub use perceptron::{fit, FitConfig, FitReport, Lattice, Model, SentFeats, Trainer};
