//! An averaged structured perceptron over hashed features with first-order Viterbi.
//!
//! Generic over the label set: NER, POS and chunk models are all this one type, each with
//! its own feature extractor. Emission weights are one row of `L` 16-bit integers per
//! feature key (the quantised form the model files store), so one feature is one short
//! contiguous read and scores are exact integer sums: any summation order, and any cache of
//! partial sums, gives bit-identical emissions. Transitions are an `(L+1)×(L+1)` float
//! matrix whose extra row/column stands for the sentence boundary. Transitions never seen in the gold training data are forbidden at decoding
//! (so a BILOU model cannot output `O I-PER`), which keeps output well formed for free.
//!
//! | file | what |
//! |---|---|
//! | `mod.rs` | the model's data: [`SentFeats`], the key table, [`Model`], [`Lattice`] |
//! | `model.rs` | scoring, Viterbi, marginals and confidence |
//! | `simd.rs` | transitions laid out for Viterbi, with the AVX2 kernel |
//! | `io.rs` | the quantised, gzip-compressed model file |
//! | `train.rs` | [`Trainer`] and [`fit`] |

mod io;
mod model;
mod simd;
#[cfg(test)]
mod tests;
mod train;

pub use train::{fit, FitConfig, FitReport, Trainer};

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use simd::Transitions;

/// The features of one sentence: token `i` owns `keys[ends[i-1]..ends[i]]`.
#[derive(Debug, Clone, Default)]
pub struct SentFeats {
    keys: Vec<u64>,
    ends: Vec<u32>,
}

impl SentFeats {
    pub fn new() -> Self {
        Self::default()
    }
    pub fn clear(&mut self) {
        self.keys.clear();
        self.ends.clear();
    }
    /// Adds a feature to the token being built.
    #[inline]
    pub fn push(&mut self, key: u64) {
        self.keys.push(key);
    }
    /// Closes the token being built.
    #[inline]
    pub fn end_token(&mut self) {
        self.ends.push(self.keys.len() as u32);
    }
    /// Number of tokens.
    pub fn len(&self) -> usize {
        self.ends.len()
    }
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }
    /// The keys of token `i` (empty when out of range).
    pub fn token(&self, i: usize) -> &[u64] {
        let start = if i == 0 {
            0
        } else {
            self.ends.get(i - 1).copied().unwrap_or(0) as usize
        };
        let end = self.ends.get(i).copied().unwrap_or(0) as usize;
        self.keys.get(start..end).unwrap_or(&[])
    }
}

/// Open addressing from feature key to weight row, read-only after loading. Key and row
/// share a slot, so a lookup touches one cache line.
#[derive(Debug, Clone, Default)]
struct KeyTable {
    slots: Vec<Slot>,
    mask: usize,
}

#[derive(Debug, Clone, Copy, Default)]
struct Slot {
    key: u64,
    row: u32,
}

/// Key 0 marks an empty slot, so the (astronomically unlikely) real key 0 is remapped.
#[inline]
fn nonzero(key: u64) -> u64 {
    if key == 0 {
        1
    } else {
        key
    }
}

impl KeyTable {
    fn build(keys: &[u64]) -> Self {
        let capacity = (keys.len() * 2).max(16).next_power_of_two();
        let mut table = KeyTable {
            slots: vec![Slot::default(); capacity],
            mask: capacity - 1,
        };
        for (row, &key) in keys.iter().enumerate() {
            let key = nonzero(key);
            let mut slot = (key as usize) & table.mask;
            while table.slots[slot].key != 0 && table.slots[slot].key != key {
                slot = (slot + 1) & table.mask;
            }
            table.slots[slot] = Slot {
                key,
                row: row as u32,
            };
        }
        table
    }

    #[inline]
    fn get(&self, key: u64) -> Option<usize> {
        let key = nonzero(key);
        let mut slot = (key as usize) & self.mask;
        loop {
            let found = self.slots.get(slot)?;
            if found.key == key {
                return Some(found.row as usize);
            }
            if found.key == 0 {
                return None;
            }
            slot = (slot + 1) & self.mask;
        }
    }
}

/// Serialised alongside the weights.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Header {
    labels: Vec<String>,
    temperature: f32,
    #[serde(default)]
    meta: BTreeMap<String, String>,
}

const MAGIC: &[u8; 8] = b"CHRLP\x00\x01\n";

/// A trained sequence model, ready to decode.
#[derive(Debug, Clone)]
pub struct Model {
    labels: Vec<String>,
    table: KeyTable,
    /// Feature keys in row order (kept for saving).
    keys: Vec<u64>,
    /// `L` quantised weights per row; a weight is `q × scale`.
    weights: Vec<i16>,
    scale: f32,
    trans: Vec<f32>,
    allowed: Vec<bool>,
    /// `trans` arranged for Viterbi, with and without the allowed-transition mask.
    constrained: Transitions,
    free: Transitions,
    /// Divides scores before turning them into probabilities (fitted on dev data).
    pub temperature: f32,
    /// Free-form facts about the model (feature set version, training data, scores).
    pub meta: BTreeMap<String, String>,
    /// Named binary blobs shipped inside the model file (e.g. the clusters and
    /// gazetteers the features were computed with, so model and lexicons never drift).
    pub extras: BTreeMap<String, Vec<u8>>,
    /// Unique per model built in this process: lets callers cache derived scores.
    id: u64,
}

fn next_model_id() -> u64 {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

/// Viterbi's working memory, kept between sentences to avoid allocating.
#[derive(Debug, Clone, Default)]
pub struct Lattice {
    score: Vec<f32>,
    back: Vec<u16>,
    best: Vec<f32>,
    arg: Vec<u32>,
}
