//! An averaged structured perceptron over hashed features with first-order Viterbi.
//!
//! Generic over the label set: NER, POS and chunk models are all this one type, each with
//! its own feature extractor. Emission weights are one row of `L` 16-bit integers per
//! feature key (the quantised form the model files store), so one feature is one short
//! contiguous read and scores are exact integer sums: any summation order, and any cache of
//! partial sums, gives bit-identical emissions. Transitions are an `(L+1)×(L+1)` float
//! matrix whose extra row/column stands for the sentence boundary. Transitions never seen in the gold training data are forbidden at decoding
//! (so a BILOU model cannot output `O I-PER`), which keeps output well formed for free.

use std::collections::{BTreeMap, HashMap};
use std::io::{Read, Write};
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

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

    /// Writes the model gzip-compressed (weights are already 16-bit); all-zero rows are
    /// dropped.
    pub fn save(&self, path: &Path) -> Result<()> {
        let bytes = self.to_bytes()?;
        let file = std::fs::File::create(path).map_err(|e| Error::io(path, e))?;
        let mut gz = flate2::write::GzEncoder::new(file, flate2::Compression::best());
        gz.write_all(&bytes).map_err(|e| Error::io(path, e))?;
        gz.finish().map_err(|e| Error::io(path, e))?;
        Ok(())
    }

    fn to_bytes(&self) -> Result<Vec<u8>> {
        let l = self.labels.len();
        let header = Header {
            labels: self.labels.clone(),
            temperature: self.temperature,
            meta: self.meta.clone(),
        };
        let header = serde_json::to_vec(&header).map_err(|e| model_error(e.to_string()))?;
        let mut out = Vec::with_capacity(self.weights.len() * 2 + self.keys.len() * 4);
        out.extend_from_slice(MAGIC);
        put_u64(&mut out, header.len() as u64);
        out.extend_from_slice(&header);
        for t in &self.trans {
            out.extend_from_slice(&t.to_le_bytes());
        }
        out.extend(self.allowed.iter().map(|&a| u8::from(a)));
        put_u64(&mut out, self.extras.len() as u64);
        for (name, blob) in &self.extras {
            put_u64(&mut out, name.len() as u64);
            out.extend_from_slice(name.as_bytes());
            put_u64(&mut out, blob.len() as u64);
            out.extend_from_slice(blob);
        }
        let mut kept: Vec<(u64, &[i16])> = self
            .keys
            .iter()
            .zip(self.weights.chunks_exact(l))
            .filter(|(_, q)| q.iter().any(|&v| v != 0))
            .map(|(&key, q)| (key, q))
            .collect();
        kept.sort_unstable_by_key(|(k, _)| *k);
        put_u64(&mut out, kept.len() as u64);
        let mut previous = 0u64;
        for (key, _) in &kept {
            put_varint(&mut out, key - previous);
            previous = *key;
        }
        out.extend_from_slice(&self.scale.to_le_bytes());
        // Column-major by label: similar magnitudes sit together and compress better.
        for label in 0..l {
            for (_, q) in &kept {
                out.extend_from_slice(&q[label].to_le_bytes());
            }
        }
        Ok(out)
    }

    /// Loads a model written by [`Model::save`].
    pub fn load(path: &Path) -> Result<Self> {
        let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
        let mut bytes = Vec::new();
        flate2::read::GzDecoder::new(std::io::BufReader::new(file))
            .read_to_end(&mut bytes)
            .map_err(|e| Error::io(path, e))?;
        Self::from_bytes(&bytes).map_err(|e| match e {
            Error::Model { message, .. } => Error::Model {
                name: path.display().to_string(),
                message,
            },
            other => other,
        })
    }

    /// Loads a model from gzip-compressed bytes (e.g. `include_bytes!`).
    pub fn from_gzip(compressed: &[u8]) -> Result<Self> {
        let mut bytes = Vec::new();
        flate2::read::GzDecoder::new(compressed)
            .read_to_end(&mut bytes)
            .map_err(|e| model_error(e.to_string()))?;
        Self::from_bytes(&bytes)
    }

    fn from_bytes(bytes: &[u8]) -> Result<Self> {
        let mut r = Reader { bytes, pos: 0 };
        if r.take(8)? != MAGIC {
            return Err(model_error("not a chronicle perceptron model".into()));
        }
        let header_len = r.u64()? as usize;
        let header: Header = serde_json::from_slice(r.take(header_len)?)
            .map_err(|e| model_error(format!("bad header: {e}")))?;
        let l = header.labels.len();
        if l == 0 || l > u16::MAX as usize {
            return Err(model_error("bad label count".into()));
        }
        let t = (l + 1) * (l + 1);
        let trans: Vec<f32> = r
            .take(t * 4)?
            .chunks_exact(4)
            .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect();
        let allowed: Vec<bool> = r.take(t)?.iter().map(|&b| b != 0).collect();
        let mut extras = BTreeMap::new();
        for _ in 0..r.u64()? {
            let name_len = r.u64()? as usize;
            let name = String::from_utf8(r.take(name_len)?.to_vec())
                .map_err(|_| model_error("bad extra name".into()))?;
            let blob_len = r.u64()? as usize;
            extras.insert(name, r.take(blob_len)?.to_vec());
        }
        let rows = r.u64()? as usize;
        if rows > bytes.len() {
            return Err(model_error("bad row count".into()));
        }
        let mut keys = Vec::with_capacity(rows);
        let mut previous = 0u64;
        for _ in 0..rows {
            previous = previous.wrapping_add(r.varint()?);
            keys.push(previous);
        }
        let scale_bytes = r.take(4)?;
        let scale = f32::from_le_bytes([
            scale_bytes[0],
            scale_bytes[1],
            scale_bytes[2],
            scale_bytes[3],
        ]);
        let quantised = r.take(rows * l * 2)?;
        let mut weights = vec![0i16; rows * l];
        if rows > 0 {
            for (label, column) in quantised.chunks_exact(rows * 2).enumerate() {
                for (slot, c) in weights[label..]
                    .iter_mut()
                    .step_by(l)
                    .zip(column.chunks_exact(2))
                {
                    *slot = i16::from_le_bytes([c[0], c[1]]);
                }
            }
        }
        Ok(Model::assemble(
            header.labels,
            keys,
            weights,
            scale,
            trans,
            allowed,
            header.temperature,
            header.meta,
            extras,
        ))
    }

    #[allow(clippy::too_many_arguments)]
    fn assemble(
        labels: Vec<String>,
        keys: Vec<u64>,
        weights: Vec<i16>,
        scale: f32,
        trans: Vec<f32>,
        allowed: Vec<bool>,
        temperature: f32,
        meta: BTreeMap<String, String>,
        extras: BTreeMap<String, Vec<u8>>,
    ) -> Self {
        let l = labels.len();
        Model {
            constrained: Transitions::new(l, &trans, Some(&allowed)),
            free: Transitions::new(l, &trans, None),
            labels,
            table: KeyTable::build(&keys),
            keys,
            weights,
            scale,
            trans,
            allowed,
            temperature,
            meta,
            extras,
            id: next_model_id(),
        }
    }
}

fn model_error(message: String) -> Error {
    Error::Model {
        name: "perceptron".into(),
        message,
    }
}

fn put_u64(out: &mut Vec<u8>, v: u64) {
    out.extend_from_slice(&v.to_le_bytes());
}

fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

struct Reader<'b> {
    bytes: &'b [u8],
    pos: usize,
}

impl<'b> Reader<'b> {
    fn take(&mut self, n: usize) -> Result<&'b [u8]> {
        let end = self
            .pos
            .checked_add(n)
            .filter(|&e| e <= self.bytes.len())
            .ok_or_else(|| model_error("truncated model file".into()))?;
        let slice = &self.bytes[self.pos..end];
        self.pos = end;
        Ok(slice)
    }
    fn u64(&mut self) -> Result<u64> {
        let b = self.take(8)?;
        let mut word = [0u8; 8];
        word.copy_from_slice(b);
        Ok(u64::from_le_bytes(word))
    }
    fn varint(&mut self) -> Result<u64> {
        let mut v = 0u64;
        for shift in (0..70).step_by(7) {
            let b = *self.take(1)?.first().unwrap_or(&0);
            v |= u64::from(b & 0x7f) << shift.min(63);
            if b < 0x80 {
                return Ok(v);
            }
        }
        Err(model_error("bad varint".into()))
    }
}

/// Labels Viterbi handles at once: two SSE registers of scores (padded with `-inf`).
const LANES: usize = 8;

/// Transition scores arranged for Viterbi: forbidden ones are `-inf`.
#[derive(Debug, Clone, Default)]
struct Transitions {
    l: usize,
    /// `l` rounded up to a multiple of [`LANES`].
    padded: usize,
    /// From label `p` (row) to label `c` (column), `l × padded`.
    step: Vec<f32>,
    /// From the sentence start to each label.
    start: Vec<f32>,
    /// From each label to the sentence end.
    end: Vec<f32>,
    /// Whether the processor has AVX2 (checked once, when the model is built).
    avx2: bool,
}

fn has_avx2() -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        std::arch::is_x86_feature_detected!("avx2")
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        false
    }
}

impl Transitions {
    /// From the `(l+1)×(l+1)` matrix `trans` (index `l` = boundary) and optional mask.
    fn new(l: usize, trans: &[f32], allowed: Option<&[bool]>) -> Self {
        let stride = l + 1;
        let padded = l.div_ceil(LANES) * LANES;
        let weight = |p: usize, c: usize| {
            let at = p * stride + c;
            if allowed.is_none_or(|a| a.get(at).copied().unwrap_or(true)) {
                trans.get(at).copied().unwrap_or(0.0)
            } else {
                f32::NEG_INFINITY
            }
        };
        let mut step = Vec::with_capacity(l * padded);
        for p in 0..l {
            step.extend((0..padded).map(|c| {
                if c < l {
                    weight(p, c)
                } else {
                    f32::NEG_INFINITY
                }
            }));
        }
        Transitions {
            l,
            padded,
            step,
            start: (0..l).map(|c| weight(l, c)).collect(),
            end: (0..l).map(|c| weight(c, l)).collect(),
            avx2: has_avx2(),
        }
    }

    /// For each label `c`, the best `prev[p] + step[p][c]` and the first `p` reaching it
    /// (ascending `p`, strict `>`: the tie-breaking of a plain scan). Eight labels at a
    /// time are kept in registers while the predecessors stream by; the selects are
    /// written as bit masks so the compiler vectorises them.
    fn best_predecessors(&self, prev: &[f32], best: &mut [f32], arg: &mut [u32]) {
        #[cfg(target_arch = "x86_64")]
        if self.avx2 {
            // SAFETY: `avx2` is set only when the processor reported AVX2 (see `new`).
            unsafe { self.best_predecessors_avx2(prev, best, arg) };
            return;
        }
        self.best_predecessors_with(prev, best, arg);
    }

    /// [`Transitions::best_predecessors`] compiled for AVX2, where the eight labels of a
    /// block fit one register: the same additions and comparisons, so the same results.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    fn best_predecessors_avx2(&self, prev: &[f32], best: &mut [f32], arg: &mut [u32]) {
        self.best_predecessors_with(prev, best, arg);
    }

    #[inline(always)]
    fn best_predecessors_with(&self, prev: &[f32], best: &mut [f32], arg: &mut [u32]) {
        let padded = self.padded;
        for ((best, arg), block) in best
            .chunks_exact_mut(LANES)
            .zip(arg.chunks_exact_mut(LANES))
            .zip((0..padded).step_by(LANES))
        {
            let mut b = [f32::NEG_INFINITY; LANES];
            let mut a = [0u32; LANES];
            for (p, &ps) in prev.iter().enumerate() {
                if ps == f32::NEG_INFINITY {
                    continue;
                }
                let at = p * padded + block;
                let Some(row) = self
                    .step
                    .get(at..at + LANES)
                    .and_then(|r| <&[f32; LANES]>::try_from(r).ok())
                else {
                    continue;
                };
                let p = p as u32;
                for k in 0..LANES {
                    let s = ps + row[k];
                    let mask = u32::from(s > b[k]).wrapping_neg();
                    a[k] = (a[k] & !mask) | (p & mask);
                    b[k] = f32::from_bits((b[k].to_bits() & !mask) | (s.to_bits() & mask));
                }
            }
            best.copy_from_slice(&b);
            arg.copy_from_slice(&a);
        }
    }

    /// Viterbi into `path`; false when no path has a finite score.
    fn decode(&self, emissions: &[f32], lattice: &mut Lattice, path: &mut Vec<u16>) -> bool {
        let l = self.l;
        path.clear();
        let n = emissions.len().checked_div(l).unwrap_or(0);
        if n == 0 {
            return true;
        }
        let Lattice {
            score,
            back,
            best,
            arg,
        } = lattice;
        score.clear();
        score.extend(self.start.iter().zip(emissions).map(|(t, e)| t + e));
        score.resize(n * l, f32::NEG_INFINITY);
        back.clear();
        back.resize(n * l, 0);
        best.resize(self.padded, f32::NEG_INFINITY);
        arg.resize(self.padded, 0);
        for i in 1..n {
            let (done, rest) = score.split_at_mut(i * l);
            self.best_predecessors(&done[(i - 1) * l..], best, arg);
            let cur = &mut rest[..l];
            let emission = &emissions[i * l..i * l + l];
            let links = &mut back[i * l..i * l + l];
            for c in 0..l {
                cur[c] = best[c] + emission[c];
                links[c] = arg[c] as u16;
            }
        }
        let mut best = f32::NEG_INFINITY;
        let mut last = None;
        for (c, (s, t)) in score[(n - 1) * l..].iter().zip(&self.end).enumerate() {
            let s = s + t;
            if s > best {
                best = s;
                last = Some(c);
            }
        }
        let Some(mut c) = last else {
            return false;
        };
        path.resize(n, 0);
        for i in (0..n).rev() {
            path[i] = c as u16;
            c = back[i * l + c] as usize;
        }
        true
    }
}

/// Viterbi's working memory, kept between sentences to avoid allocating.
#[derive(Debug, Clone, Default)]
pub struct Lattice {
    score: Vec<f32>,
    back: Vec<u16>,
    best: Vec<f32>,
    arg: Vec<u32>,
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

/// Learns a [`Model`] one sentence at a time (the perceptron update), averaging as it goes.
pub struct Trainer {
    labels: Vec<String>,
    index: HashMap<u64, u32>,
    keys: Vec<u64>,
    weights: Vec<f32>,
    /// Sum of `step × update` for the averaging trick (`avg = w − acc / step`).
    acc: Vec<f32>,
    trans: Vec<f32>,
    trans_acc: Vec<f32>,
    allowed: Vec<bool>,
    step: f32,
    scratch: Vec<f32>,
}

impl Trainer {
    /// A trainer over `labels`; `gold` are all training label sequences, which fix the
    /// allowed transitions.
    pub fn new<'g>(labels: Vec<String>, gold: impl IntoIterator<Item = &'g [u16]>) -> Self {
        let l = labels.len();
        let stride = l + 1;
        let mut allowed = vec![false; stride * stride];
        for seq in gold {
            let mut prev = l;
            for &c in seq {
                let c = (c as usize).min(l - 1);
                allowed[prev * stride + c] = true;
                prev = c;
            }
            allowed[prev * stride + l] = true;
        }
        Trainer {
            labels,
            index: HashMap::new(),
            keys: Vec::new(),
            weights: Vec::new(),
            acc: Vec::new(),
            trans: vec![0.0; stride * stride],
            trans_acc: vec![0.0; stride * stride],
            allowed,
            step: 1.0,
            scratch: Vec::new(),
        }
    }

    pub fn num_labels(&self) -> usize {
        self.labels.len()
    }

    /// Decodes `feats` with the current (not averaged) weights.
    pub fn predict(&mut self, feats: &SentFeats) -> Vec<u16> {
        let l = self.labels.len();
        let mut emissions = std::mem::take(&mut self.scratch);
        emissions.clear();
        emissions.resize(feats.len() * l, 0.0);
        for (i, row) in emissions.chunks_exact_mut(l).enumerate() {
            for key in feats.token(i) {
                if let Some(&r) = self.index.get(key) {
                    let r = r as usize;
                    for (o, w) in row.iter_mut().zip(&self.weights[r * l..r * l + l]) {
                        *o += w;
                    }
                }
            }
        }
        let path = viterbi(&emissions, l, &self.trans, Some(&self.allowed));
        self.scratch = emissions;
        path
    }

    /// One perceptron step: decode, update towards `gold` where the prediction differs,
    /// return the prediction (made before the update).
    pub fn learn(&mut self, feats: &SentFeats, gold: &[u16]) -> Vec<u16> {
        let predicted = self.predict(feats);
        let l = self.labels.len();
        let stride = l + 1;
        if predicted.len() == gold.len() && predicted != gold {
            for i in 0..gold.len() {
                let (g, p) = (gold[i] as usize, predicted[i] as usize);
                if g != p {
                    for &key in feats.token(i) {
                        let row = self.row(key);
                        self.bump(row * l + g, 1.0);
                        self.bump(row * l + p, -1.0);
                    }
                }
                let gp = if i == 0 { l } else { gold[i - 1] as usize };
                let pp = if i == 0 { l } else { predicted[i - 1] as usize };
                if (gp, g) != (pp, p) {
                    self.bump_trans(gp * stride + g, 1.0);
                    self.bump_trans(pp * stride + p, -1.0);
                }
            }
            let (g, p) = (
                gold.last().map_or(l, |&x| x as usize),
                predicted.last().map_or(l, |&x| x as usize),
            );
            if g != p {
                self.bump_trans(g * stride + l, 1.0);
                self.bump_trans(p * stride + l, -1.0);
            }
        }
        self.step += 1.0;
        predicted
    }

    fn row(&mut self, key: u64) -> usize {
        let l = self.labels.len();
        if let Some(&r) = self.index.get(&key) {
            return r as usize;
        }
        let r = self.keys.len();
        self.index.insert(key, r as u32);
        self.keys.push(key);
        self.weights.resize(self.weights.len() + l, 0.0);
        self.acc.resize(self.acc.len() + l, 0.0);
        r
    }

    #[inline]
    fn bump(&mut self, at: usize, delta: f32) {
        self.weights[at] += delta;
        self.acc[at] += self.step * delta;
    }

    #[inline]
    fn bump_trans(&mut self, at: usize, delta: f32) {
        self.trans[at] += delta;
        self.trans_acc[at] += self.step * delta;
    }

    /// The averaged model so far, quantised to 16 bits as model files store it (rows
    /// that quantise to zero dropped).
    pub fn averaged(&self) -> Model {
        let l = self.labels.len();
        let average = |at: usize| self.weights[at] - self.acc[at] / self.step;
        let max = (0..self.weights.len()).fold(0.0f32, |m, at| m.max(average(at).abs()));
        let scale = if max > 0.0 { max / 32767.0 } else { 1.0 };
        let mut keys = Vec::with_capacity(self.keys.len());
        let mut weights = Vec::with_capacity(self.weights.len() / 2);
        for (r, &key) in self.keys.iter().enumerate() {
            let start = weights.len();
            weights.extend((0..l).map(|c| {
                (average(r * l + c) / scale)
                    .round()
                    .clamp(-32767.0, 32767.0) as i16
            }));
            if weights[start..].iter().all(|&q| q == 0) {
                weights.truncate(start);
            } else {
                keys.push(key);
            }
        }
        let trans = self
            .trans
            .iter()
            .zip(&self.trans_acc)
            .map(|(w, a)| w - a / self.step)
            .collect();
        Model::assemble(
            self.labels.clone(),
            keys,
            weights,
            scale,
            trans,
            self.allowed.clone(),
            1.0,
            BTreeMap::new(),
            BTreeMap::new(),
        )
    }
}

/// How to run [`fit`].
#[derive(Debug, Clone)]
pub struct FitConfig {
    pub seed: u64,
    pub max_epochs: usize,
    /// Stop after this many epochs without a better dev score.
    pub patience: usize,
}

impl Default for FitConfig {
    fn default() -> Self {
        FitConfig {
            seed: 1,
            max_epochs: 20,
            patience: 3,
        }
    }
}

/// The dev score after each epoch and which epoch won.
#[derive(Debug, Clone, Default)]
pub struct FitReport {
    pub scores: Vec<f64>,
    pub best_epoch: usize,
    pub best_score: f64,
}

/// Trains with early stopping: each epoch visits the training units (documents, so that
/// document-level features see their sentences in order) in a seeded random order via
/// `learn_unit`, then scores the averaged model with `evaluate` (higher is better).
/// Returns the best averaged model.
pub fn fit<U>(
    trainer: &mut Trainer,
    units: &[U],
    config: &FitConfig,
    mut learn_unit: impl FnMut(&mut Trainer, &U),
    mut evaluate: impl FnMut(&Model) -> f64,
    mut progress: impl FnMut(usize, f64),
) -> (Model, FitReport) {
    let mut rng = super::hash::Rng::new(config.seed);
    let mut order: Vec<usize> = (0..units.len()).collect();
    let mut report = FitReport {
        best_score: f64::NEG_INFINITY,
        ..Default::default()
    };
    let mut best: Option<Model> = None;
    for epoch in 1..=config.max_epochs.max(1) {
        rng.shuffle(&mut order);
        for &u in &order {
            learn_unit(trainer, &units[u]);
        }
        let model = trainer.averaged();
        let score = evaluate(&model);
        progress(epoch, score);
        report.scores.push(score);
        if score > report.best_score || best.is_none() {
            report.best_score = score;
            report.best_epoch = epoch;
            best = Some(model);
        } else if epoch - report.best_epoch >= config.patience {
            break;
        }
    }
    let model = best.unwrap_or_else(|| trainer.averaged());
    (model, report)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::learn::hash::{feature, hash_str};

    /// A toy task: tag words as NAME when capitalised and not sentence-initial, with the
    /// previous word as context, in BIO so transitions matter.
    fn toy() -> Vec<(Vec<&'static str>, Vec<u16>)> {
        vec![
            (
                vec!["we", "met", "John", "Smith", "today"],
                vec![0, 0, 1, 2, 0],
            ),
            (vec!["Mary", "Jones", "left"], vec![1, 2, 0]),
            (vec!["they", "saw", "Ann", "here"], vec![0, 0, 1, 0]),
            (
                vec!["Bob", "Lee", "and", "Sue", "Kim", "ran"],
                vec![1, 2, 0, 1, 2, 0],
            ),
        ]
    }

    fn feats(words: &[&str]) -> SentFeats {
        let mut f = SentFeats::new();
        for (i, w) in words.iter().enumerate() {
            f.push(feature(0, 0));
            f.push(feature(1, hash_str(w)));
            let cap = w.chars().next().is_some_and(char::is_uppercase);
            f.push(feature(2, u64::from(cap)));
            let prev_cap = i > 0 && words[i - 1].chars().next().is_some_and(char::is_uppercase);
            f.push(feature(3, u64::from(cap) * 2 + u64::from(prev_cap)));
            f.end_token();
        }
        f
    }

    fn labels() -> Vec<String> {
        ["O", "B-NAME", "I-NAME"]
            .iter()
            .map(|s| s.to_string())
            .collect()
    }

    fn train() -> Model {
        let data = toy();
        let mut trainer = Trainer::new(labels(), data.iter().map(|(_, g)| g.as_slice()));
        let config = FitConfig {
            seed: 3,
            max_epochs: 10,
            patience: 10,
        };
        let (model, _) = fit(
            &mut trainer,
            &data,
            &config,
            |t, (w, g)| {
                t.learn(&feats(w), g);
            },
            |m| {
                data.iter()
                    .filter(|(w, g)| &m.decode(&feats(w)) == g)
                    .count() as f64
            },
            |_, _| {},
        );
        model
    }

    #[test]
    fn learns_and_generalises_the_toy_task() {
        let model = train();
        assert_eq!(
            model.decode(&feats(&["then", "Tom", "Hall", "spoke"])),
            vec![0, 1, 2, 0]
        );
    }

    #[test]
    fn forbidden_transitions_are_never_output() {
        let model = train();
        // O -> I-NAME never occurs in training, so it can never be decoded.
        for words in [vec!["x", "Y"], vec!["Z"], vec!["a", "B", "c", "D", "E"]] {
            let path = model.decode(&feats(&words));
            let mut prev = 0;
            for &p in &path {
                assert!(!(prev == 0 && p == 2), "{path:?}");
                prev = p;
            }
        }
    }

    #[test]
    fn training_is_deterministic() {
        let a = train();
        let b = train();
        assert_eq!(a.keys, b.keys);
        assert_eq!(a.weights, b.weights);
    }

    #[test]
    fn save_load_round_trip_keeps_decisions() {
        let model = train();
        let dir = std::env::temp_dir().join(format!("chronicle-perc-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("m.bin.gz");
        let mut model = model;
        model.meta.insert("kind".into(), "toy".into());
        model.extras.insert("blob".into(), vec![1, 2, 3]);
        model.save(&path).unwrap();
        let loaded = Model::load(&path).unwrap();
        assert_eq!(loaded.labels(), model.labels());
        assert_eq!(loaded.meta.get("kind").map(String::as_str), Some("toy"));
        assert_eq!(loaded.extras.get("blob"), Some(&vec![1, 2, 3]));
        for words in [vec!["then", "Tom", "Hall", "spoke"], vec!["Mary", "ran"]] {
            assert_eq!(loaded.decode(&feats(&words)), model.decode(&feats(&words)));
        }
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn corrupt_models_are_errors_not_panics() {
        assert!(Model::from_gzip(b"not gzip").is_err());
        let model = train();
        let bytes = model.to_bytes().unwrap();
        for cut in [0, 7, 20, bytes.len() / 2, bytes.len() - 1] {
            assert!(Model::from_bytes(&bytes[..cut]).is_err());
        }
    }

    #[test]
    fn marginals_are_distributions_agreeing_with_viterbi() {
        let model = train();
        let f = feats(&["we", "met", "Ann", "Lee"]);
        let e = model.emissions(&f);
        let m = model.marginals(&e);
        let path = model.viterbi(&e);
        for i in 0..4 {
            let row = &m[i * 3..i * 3 + 3];
            let total: f32 = row.iter().sum();
            assert!((total - 1.0).abs() < 1e-3);
            let argmax = (0..3).max_by(|&a, &b| row[a].total_cmp(&row[b])).unwrap();
            assert_eq!(argmax as u16, path[i]);
        }
    }

    /// The score of `path` under `emissions` and transitions (boundary at index `l`).
    fn path_score(emissions: &[f32], l: usize, trans: &[f32], path: &[usize]) -> f32 {
        let stride = l + 1;
        let mut total = 0.0;
        let mut prev = l;
        for (i, &c) in path.iter().enumerate() {
            total += trans[prev * stride + c] + emissions[i * l + c];
            prev = c;
        }
        total + trans[prev * stride + l]
    }

    #[test]
    fn viterbi_finds_the_best_path_for_every_label_count() {
        let mut rng = crate::learn::hash::Rng::new(11);
        let mut value = move || (rng.below(2001) as f32 - 1000.0) / 100.0;
        for l in [1usize, 2, 3, 7, 8, 9, 17, 20] {
            for n in 1..=3usize {
                let stride = l + 1;
                let trans: Vec<f32> = (0..stride * stride).map(|_| value()).collect();
                let emissions: Vec<f32> = (0..n * l).map(|_| value()).collect();
                let path = viterbi(&emissions, l, &trans, None);
                let got = path_score(
                    &emissions,
                    l,
                    &trans,
                    &path.iter().map(|&c| c as usize).collect::<Vec<_>>(),
                );
                let mut best = f32::NEG_INFINITY;
                for code in 0..l.pow(n as u32) {
                    let candidate: Vec<usize> =
                        (0..n).map(|i| code / l.pow(i as u32) % l).collect();
                    best = best.max(path_score(&emissions, l, &trans, &candidate));
                }
                assert!((got - best).abs() < 1e-3, "l={l} n={n}: {got} vs {best}");
            }
        }
    }

    /// Plain Viterbi (scalar, label by label), with the same order of additions and the same
    /// tie-breaking (first predecessor, first final label reaching the best score).
    fn reference_viterbi(t: &Transitions, emissions: &[f32]) -> Option<Vec<u16>> {
        let l = t.l;
        let n = emissions.len() / l;
        let mut score: Vec<f32> = t.start.iter().zip(emissions).map(|(a, e)| a + e).collect();
        let mut back = vec![0u16; n * l];
        for i in 1..n {
            let mut next = vec![f32::NEG_INFINITY; l];
            for c in 0..l {
                let mut best = f32::NEG_INFINITY;
                let mut arg = 0;
                for (p, &ps) in score.iter().enumerate() {
                    if ps == f32::NEG_INFINITY {
                        continue;
                    }
                    let s = ps + t.step[p * t.padded + c];
                    if s > best {
                        best = s;
                        arg = p;
                    }
                }
                next[c] = best + emissions[i * l + c];
                back[i * l + c] = arg as u16;
            }
            score = next;
        }
        let mut best = f32::NEG_INFINITY;
        let mut last = None;
        for (c, (&sc, &end)) in score.iter().zip(&t.end).enumerate() {
            let s = sc + end;
            if s > best {
                best = s;
                last = Some(c);
            }
        }
        let mut c = last?;
        let mut path = vec![0u16; n];
        for i in (0..n).rev() {
            path[i] = c as u16;
            c = back[i * l + c] as usize;
        }
        Some(path)
    }

    #[test]
    fn vectorised_viterbi_equals_plain_viterbi() {
        let mut rng = crate::learn::hash::Rng::new(5);
        for round in 0..400 {
            let l = 1 + rng.below(24);
            let n = 1 + rng.below(30);
            let stride = l + 1;
            let mut value = |spread: f32| (rng.below(2001) as f32 - 1000.0) / 1000.0 * spread;
            // Small transitions and peaked emissions (as trained taggers have), ties
            // included (quantised values).
            let trans: Vec<f32> = (0..stride * stride)
                .map(|_| (value(2.0) * 4.0).round() / 4.0)
                .collect();
            let allowed: Vec<bool> = (0..stride * stride).map(|k| k % 7 != round % 7).collect();
            let mut emissions: Vec<f32> = (0..n * l)
                .map(|_| (value(3.0) * 2.0).round() / 2.0)
                .collect();
            for i in 0..n {
                let favourite = (i * 31 + round) % l;
                emissions[i * l + favourite] += value(20.0).abs();
            }
            for constrained in [false, true] {
                let t = Transitions::new(l, &trans, constrained.then_some(&allowed[..]));
                let mut lattice = Lattice::default();
                let mut path = Vec::new();
                let found = t.decode(&emissions, &mut lattice, &mut path);
                let expected = reference_viterbi(&t, &emissions);
                assert_eq!(found, expected.is_some(), "l={l} n={n}");
                if let Some(expected) = expected {
                    assert_eq!(path, expected, "l={l} n={n} constrained={constrained}");
                }
            }
        }
    }

    #[test]
    fn empty_input_decodes_to_nothing() {
        let model = train();
        assert!(model.decode(&SentFeats::new()).is_empty());
        assert!(model.marginals(&[]).is_empty());
    }
}
