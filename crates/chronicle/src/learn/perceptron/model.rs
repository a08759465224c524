//! The model: the features of a sentence ([`SentFeats`]), the key table, the weights
//! ([`Model`]) and what is computed from them: emissions, Viterbi, marginals and the
//! confidence of a label.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::simd::{Lattice, Transitions};

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
pub(super) struct KeyTable {
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
    pub(super) fn build(keys: &[u64]) -> Self {
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
pub(super) struct Header {
    pub(super) labels: Vec<String>,
    pub(super) temperature: f32,
    #[serde(default)]
    pub(super) meta: BTreeMap<String, String>,
}

pub(super) const MAGIC: &[u8; 8] = b"CHRLP\x00\x01\n";

/// A trained sequence model, ready to decode.
#[derive(Debug, Clone)]
pub struct Model {
    pub(super) labels: Vec<String>,
    pub(super) table: KeyTable,
    /// Feature keys in row order (kept for saving).
    pub(super) keys: Vec<u64>,
    /// `L` quantised weights per row; a weight is `q × scale`.
    pub(super) weights: Vec<i16>,
    pub(super) scale: f32,
    pub(super) trans: Vec<f32>,
    pub(super) allowed: Vec<bool>,
    /// `trans` arranged for Viterbi, with and without the allowed-transition mask.
    pub(super) constrained: Transitions,
    pub(super) free: Transitions,
    /// Divides scores before turning them into probabilities (fitted on dev data).
    pub temperature: f32,
    /// Free-form facts about the model (feature set version, training data, scores).
    pub meta: BTreeMap<String, String>,
    /// Named binary blobs shipped inside the model file (e.g. the clusters and
    /// gazetteers the features were computed with, so model and lexicons never drift).
    pub extras: BTreeMap<String, Vec<u8>>,
    /// Unique per model built in this process: lets callers cache derived scores.
    pub(super) id: u64,
}

pub(super) fn next_model_id() -> u64 {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

impl Model {
    /// Identifies this model (and its weights) within the process.
    pub fn id(&self) -> u64 {
        self.id
    }
    pub fn labels(&self) -> &[String] {
        &self.labels
    }
    pub fn num_labels(&self) -> usize {
        self.labels.len()
    }
    pub fn label_index(&self, label: &str) -> Option<u16> {
        self.labels
            .iter()
            .position(|l| l == label)
            .map(|i| i as u16)
    }
    /// Number of feature rows.
    pub fn num_features(&self) -> usize {
        self.keys.len()
    }
    /// Bytes of weights and table held in memory.
    pub fn memory_bytes(&self) -> usize {
        self.weights.len() * 2
            + self.keys.len() * 8
            + self.table.slots.len() * std::mem::size_of::<Slot>()
    }

    /// What one unit of the integer scores is worth (see [`Model::to_scores`]).
    pub fn scale(&self) -> f32 {
        self.scale
    }

    /// The quantised weight row of `key` (`L` values), if the model knows the feature.
    #[inline]
    pub fn row(&self, key: u64) -> Option<&[i16]> {
        let l = self.labels.len();
        let row = self.table.get(key)?;
        self.weights.get(row * l..row * l + l)
    }

    /// The index of the weight row of `key`, if the model knows the feature (for callers
    /// that resolve a feature once and add its row many times, see [`Model::add_row`]).
    #[inline]
    pub fn row_index(&self, key: u64) -> Option<u32> {
        self.table.get(key).map(|r| r as u32)
    }

    /// Adds weight row `row` (from [`Model::row_index`]) to the integer scores `out`.
    #[inline]
    pub fn add_row(&self, row: u32, out: &mut [i32]) {
        let l = self.labels.len();
        let at = row as usize * l;
        if let Some(w) = self.weights.get(at..at + l) {
            for (o, &w) in out.iter_mut().zip(w) {
                *o += i32::from(w);
            }
        }
    }

    /// Adds the weight row of `key` (if known) to the integer scores `out` (`L` long).
    #[inline]
    pub fn add_feature(&self, key: u64, out: &mut [i32]) {
        if let Some(row) = self.row_index(key) {
            self.add_row(row, out);
        }
    }

    /// Integer label scores per token (`n × L`, row-major) into `out`.
    pub fn integer_emissions(&self, feats: &SentFeats, out: &mut Vec<i32>) {
        out.clear();
        out.resize(feats.len() * self.labels.len(), 0);
        self.add_emissions(feats, out, &mut Vec::new());
    }

    /// Adds the weights of each token's features to its `L` integer scores in `out`.
    /// All keys are looked up before any row is read: independent lookups in a tight loop
    /// let the processor overlap their cache misses, which a lookup-add-lookup chain
    /// cannot. `rows` is scratch space.
    pub fn add_emissions(&self, feats: &SentFeats, out: &mut [i32], rows: &mut Vec<u32>) {
        const UNKNOWN: u32 = u32::MAX;
        let l = self.labels.len();
        rows.clear();
        rows.extend(
            feats
                .keys
                .iter()
                .map(|&key| self.table.get(key).map_or(UNKNOWN, |r| r as u32)),
        );
        let mut start = 0;
        for (&end, scores) in feats.ends.iter().zip(out.chunks_exact_mut(l.max(1))) {
            let end = end as usize;
            for &row in rows.get(start..end).unwrap_or(&[]) {
                let at = row as usize * l;
                if let Some(w) = self.weights.get(at..at + l) {
                    for (o, &w) in scores.iter_mut().zip(w) {
                        *o += i32::from(w);
                    }
                }
            }
            start = end;
        }
    }

    /// Turns integer scores into the float scores Viterbi reads.
    pub fn to_scores(&self, ints: &[i32], out: &mut Vec<f32>) {
        out.clear();
        out.extend(ints.iter().map(|&v| v as f32 * self.scale));
    }

    /// Per-token label scores, `n × L`, row-major.
    pub fn emissions(&self, feats: &SentFeats) -> Vec<f32> {
        let mut ints = Vec::new();
        self.integer_emissions(feats, &mut ints);
        let mut out = Vec::new();
        self.to_scores(&ints, &mut out);
        out
    }

    /// The best label sequence for `feats`.
    pub fn decode(&self, feats: &SentFeats) -> Vec<u16> {
        let emissions = self.emissions(feats);
        self.viterbi(&emissions)
    }

    /// The best label sequence given emission scores (`n × L`).
    pub fn viterbi(&self, emissions: &[f32]) -> Vec<u16> {
        let mut path = Vec::new();
        self.viterbi_into(emissions, &mut Lattice::default(), &mut path);
        path
    }

    /// [`Model::viterbi`] into `path`, reusing the buffers of `lattice`.
    pub fn viterbi_into(&self, emissions: &[f32], lattice: &mut Lattice, path: &mut Vec<u16>) {
        if !self.constrained.decode(emissions, lattice, path)
            && !self.free.decode(emissions, lattice, path)
        {
            let n = emissions.len().checked_div(self.labels.len()).unwrap_or(0);
            path.clear();
            path.resize(n, 0);
        }
    }

    /// Posterior label probabilities per token (`n × L`), by forward–backward over the
    /// scores divided by the fitted temperature.
    pub fn marginals(&self, emissions: &[f32]) -> Vec<f32> {
        marginals(
            emissions,
            self.labels.len(),
            &self.trans,
            &self.allowed,
            self.temperature,
        )
    }

    /// The probability of label `path[i]` at token `i` given its neighbours' labels in
    /// `path`: a cheap confidence (one softmax over L scores) that needs no forward–backward.
    pub fn local_probability(&self, emissions: &[f32], path: &[u16], i: usize) -> f32 {
        local_probability(
            emissions,
            self.labels.len(),
            &self.trans,
            &self.allowed,
            self.temperature,
            path,
            i,
        )
    }

    /// Picks the temperature that best predicts the gold labels of held-out sentences
    /// (minimum negative log-likelihood of [`Model::local_probability`] on a fixed grid).
    pub fn calibrate(&mut self, samples: &[(Vec<f32>, Vec<u16>)]) {
        let l = self.labels.len();
        let mut best = (f64::INFINITY, self.temperature);
        for step in 0..40 {
            let temperature = 0.25 * 1.2f32.powi(step);
            let mut nll = 0.0f64;
            for (emissions, gold) in samples {
                for i in 0..gold.len() {
                    let p = local_probability(
                        emissions,
                        l,
                        &self.trans,
                        &self.allowed,
                        temperature,
                        gold,
                        i,
                    );
                    nll -= f64::from(p.max(1e-6)).ln();
                }
            }
            if nll < best.0 {
                best = (nll, temperature);
            }
        }
        self.temperature = best.1;
    }
}

/// Viterbi over `emissions` (`n × l`) and transitions (`(l+1)×(l+1)`, index `l` = boundary).
/// Forbidden transitions are skipped; if they leave no path at all, decodes unconstrained.
pub(crate) fn viterbi(
    emissions: &[f32],
    l: usize,
    trans: &[f32],
    allowed: Option<&[bool]>,
) -> Vec<u16> {
    let mut lattice = Lattice::default();
    let mut path = Vec::new();
    if !Transitions::new(l, trans, allowed).decode(emissions, &mut lattice, &mut path)
        && (allowed.is_none()
            || !Transitions::new(l, trans, None).decode(emissions, &mut lattice, &mut path))
    {
        path.clear();
        path.resize(emissions.len().checked_div(l).unwrap_or(0), 0);
    }
    path
}

fn local_probability(
    emissions: &[f32],
    l: usize,
    trans: &[f32],
    allowed: &[bool],
    temperature: f32,
    path: &[u16],
    i: usize,
) -> f32 {
    let stride = l + 1;
    let Some(&label) = path.get(i) else {
        return 0.0;
    };
    let prev = if i == 0 { l } else { path[i - 1] as usize };
    let next = path.get(i + 1).map_or(l, |&x| x as usize);
    let inv = 1.0 / temperature.max(1e-3);
    let score = |c: usize| -> f32 {
        let ok = allowed.get(prev * stride + c).copied().unwrap_or(true)
            && allowed.get(c * stride + next).copied().unwrap_or(true);
        match emissions.get(i * l + c) {
            Some(e) if ok => (e + trans[prev * stride + c] + trans[c * stride + next]) * inv,
            _ => f32::NEG_INFINITY,
        }
    };
    let z = log_sum_exp(l, score);
    let p = (score(label as usize) - z).exp();
    if p.is_finite() {
        p
    } else {
        0.0
    }
}

/// `ln Σ exp(f(i))` for `i in 0..n`, stable for large scores.
fn log_sum_exp(n: usize, f: impl Fn(usize) -> f32) -> f32 {
    let max = (0..n).fold(f32::NEG_INFINITY, |m, i| m.max(f(i)));
    if max == f32::NEG_INFINITY {
        return max;
    }
    max + (0..n).map(|i| (f(i) - max).exp()).sum::<f32>().ln()
}

pub(crate) fn marginals(
    emissions: &[f32],
    l: usize,
    trans: &[f32],
    allowed: &[bool],
    temperature: f32,
) -> Vec<f32> {
    let n = emissions.len().checked_div(l).unwrap_or(0);
    let stride = l + 1;
    let inv = 1.0 / temperature.max(1e-3);
    let t = |p: usize, c: usize| {
        if allowed.get(p * stride + c).copied().unwrap_or(true) {
            trans[p * stride + c] * inv
        } else {
            f32::NEG_INFINITY
        }
    };
    let e = |i: usize, c: usize| emissions[i * l + c] * inv;
    let mut alpha = vec![f32::NEG_INFINITY; n * l];
    let mut beta = vec![f32::NEG_INFINITY; n * l];
    for i in 0..n {
        for c in 0..l {
            alpha[i * l + c] = if i == 0 {
                t(l, c) + e(0, c)
            } else {
                log_sum_exp(l, |p| alpha[(i - 1) * l + p] + t(p, c)) + e(i, c)
            };
        }
    }
    for i in (0..n).rev() {
        for c in 0..l {
            beta[i * l + c] = if i + 1 == n {
                t(c, l)
            } else {
                log_sum_exp(l, |x| t(c, x) + e(i + 1, x) + beta[(i + 1) * l + x])
            };
        }
    }
    let mut out = vec![0.0; n * l];
    for i in 0..n {
        let z = log_sum_exp(l, |c| alpha[i * l + c] + beta[i * l + c]);
        for c in 0..l {
            let v = alpha[i * l + c] + beta[i * l + c] - z;
            out[i * l + c] = if v.is_finite() { v.exp() } else { 0.0 };
        }
    }
    out
}
