//! The transition scorer: an averaged perceptron over hashed features, a weight row of
//! all actions per feature.
//!
//! Training keeps dense `f32` rows (created on a feature's first update). The frozen
//! model keeps only each row's non-zero weights as (action, 24-bit weight) pairs, so rare features
//! — most of them — cost a few bytes, and scoring a configuration adds ~46 short runs of
//! integers; rows are found through an open-addressing table of 64-bit keys.

use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::io::{Read, Write};

use crate::error::Result;
use crate::learn::hash::FastHasher;
use crate::learn::perceptron::put_varint;

type Map = HashMap<u64, u32, BuildHasherDefault<FastHasher>>;

/// Averaged-perceptron weights during training.
pub struct Weights {
    pub actions: usize,
    rows: Map,
    w: Vec<f32>,
    /// Sum of `time × update`, for averaging without touching every weight per step.
    acc: Vec<f32>,
    /// Updates made so far (the averaging clock).
    pub time: u64,
}

impl Weights {
    pub fn new(actions: usize) -> Self {
        Weights {
            actions,
            rows: Map::default(),
            w: Vec::new(),
            acc: Vec::new(),
            time: 1,
        }
    }

    /// Current (not averaged) scores of every action into `scores`.
    pub fn score(&self, feats: &[u64], scores: &mut [f32]) {
        scores.fill(0.0);
        let a = self.actions;
        for k in feats {
            if let Some(&r) = self.rows.get(k) {
                let row = &self.w[r as usize * a..(r as usize + 1) * a];
                for (s, w) in scores.iter_mut().zip(row) {
                    *s += w;
                }
            }
        }
    }

    fn row(&mut self, key: u64) -> usize {
        let a = self.actions;
        let next = self.rows.len() as u32;
        let r = *self.rows.entry(key).or_insert(next);
        if r == next {
            self.w.resize(self.w.len() + a, 0.0);
            self.acc.resize(self.acc.len() + a, 0.0);
        }
        r as usize * a
    }

    /// +1 for `good`, −1 for `bad` on every feature.
    pub fn update(&mut self, feats: &[u64], good: usize, bad: usize) {
        let t = self.time as f32;
        for &k in feats {
            let at = self.row(k);
            self.w[at + good] += 1.0;
            self.acc[at + good] += t;
            self.w[at + bad] -= 1.0;
            self.acc[at + bad] -= t;
        }
    }

    /// Advances the averaging clock (once per configuration seen).
    pub fn tick(&mut self) {
        self.time += 1;
    }

    pub fn num_rows(&self) -> usize {
        self.rows.len()
    }

    /// The averaged weights, quantised and made sparse (entries under `min_weight`, in
    /// averaged-weight units, dropped).
    pub fn freeze(&self, min_weight: f32) -> Scorer {
        let a = self.actions;
        let t = self.time as f32;
        let avg = |i: usize| self.w[i] - self.acc[i] / t;
        let mut max = 0f32;
        for i in 0..self.w.len() {
            max = max.max(avg(i).abs());
        }
        let scale = if max > 0.0 { QUANT_MAX / max } else { 1.0 };
        let mut keys: Vec<(u64, u32)> = self.rows.iter().map(|(&k, &r)| (k, r)).collect();
        keys.sort_unstable();
        let mut scorer = Scorer {
            actions: a,
            ..Default::default()
        };
        scorer.row_start.push(0);
        for (key, r) in keys {
            let base = r as usize * a;
            let before = scorer.entries.len();
            for j in 0..a {
                let v = avg(base + j);
                if v.abs() < min_weight {
                    continue;
                }
                let q = (v * scale).round().clamp(-QUANT_MAX, QUANT_MAX) as i32;
                if q != 0 {
                    scorer.entries.push(pack(j as u8, q));
                }
            }
            if scorer.entries.len() > before {
                scorer.keys.push(key);
                scorer.row_start.push(scorer.entries.len() as u32);
            }
        }
        scorer.build_table();
        scorer
    }
}

/// One slot of the open-addressing table: a row's key and where its entries are, in
/// one 16-byte line so that a lookup touches one cache line before the row itself.
#[derive(Debug, Clone, Copy, Default)]
struct Slot {
    key: u64,
    start: u32,
    /// Entries in the row; 0 marks an empty slot (rows always have one). [`DENSE`] set:
    /// the row is kept dense, all actions from `start` in [`Scorer::dense`].
    len: u32,
}

/// The flag of a [`Slot`] whose row is dense.
const DENSE: u32 = 1 << 31;

/// The frozen, sparse scorer.
#[derive(Default)]
pub struct Scorer {
    pub actions: usize,
    /// Row keys in row order.
    keys: Vec<u64>,
    row_start: Vec<u32>,
    /// Entries: action in the low 8 bits, the weight (24-bit signed) above.
    entries: Vec<i32>,
    table: Vec<Slot>,
    mask: usize,
    /// The long rows (the frequent features: tags, tag pairs, common words) as dense
    /// weight vectors of all actions, added with vector instructions instead of one
    /// (action, weight) entry at a time. The sums are the same integers.
    dense: Vec<i32>,
}

/// A row with at least `actions / DENSE_SHARE` entries is kept dense too.
const DENSE_SHARE: u32 = 4;

/// Largest weight magnitude after quantisation: 46 features × 2^22 stays inside `i32`.
const QUANT_MAX: f32 = 4_194_303.0;

#[inline]
fn slot_of(key: u64, mask: usize) -> usize {
    (key ^ (key >> 29)) as usize & mask
}

/// Asks the CPU to start loading the cache line at `p` (a hint: never faults, even for
/// an address outside any allocation, so `wrapping_add` pointers are fine).
#[inline(always)]
fn prefetch<T>(p: *const T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: prefetch is a hint that does not access memory architecturally; it cannot
    // fault for any address.
    unsafe {
        std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(p.cast());
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
}

#[inline]
fn pack(action: u8, value: i32) -> i32 {
    (value << 8) | i32::from(action)
}

impl Scorer {
    fn build_table(&mut self) {
        let cap = (self.keys.len() * 2).next_power_of_two().max(16);
        self.table = vec![Slot::default(); cap];
        self.mask = cap - 1;
        self.dense.clear();
        let width = self.actions;
        let dense_min = (width as u32 / DENSE_SHARE).max(2);
        for (r, &k) in self.keys.iter().enumerate() {
            let (a, b) = (self.row_start[r], self.row_start[r + 1]);
            if b <= a {
                continue;
            }
            let mut s = slot_of(k, self.mask);
            while self.table[s].len != 0 {
                s = (s + 1) & self.mask;
            }
            let mut slot = Slot {
                key: k,
                start: a,
                len: b - a,
            };
            if slot.len >= dense_min && self.dense.len() + width < DENSE as usize {
                let at = self.dense.len();
                self.dense.resize(at + width, 0);
                for &e in &self.entries[a as usize..b as usize] {
                    if let Some(w) = self.dense.get_mut(at + (e & 0xff) as usize) {
                        *w += e >> 8;
                    }
                }
                slot = Slot {
                    key: k,
                    start: at as u32,
                    len: DENSE,
                };
            }
            self.table[s] = slot;
        }
    }

    /// Starts loading the row a slot points at, dense or sparse, ahead of its use.
    #[inline]
    fn prefetch_row(&self, slot: Slot) {
        if slot.len == DENSE {
            prefetch(self.dense.as_ptr().wrapping_add(slot.start as usize));
        } else {
            prefetch(self.entries.as_ptr().wrapping_add(slot.start as usize));
        }
    }

    /// Integer scores of every action into `scores` (length `actions`).
    ///
    /// The table does not fit in cache, so lookups are done in three passes that let the
    /// memory accesses of all features overlap: prefetch every feature's slot, probe the
    /// slots and prefetch the rows found, then add the rows.
    #[inline]
    pub fn score(&self, feats: &[u64], scores: &mut [i32]) {
        scores.fill(0);
        self.add(feats, scores);
    }

    /// Adds the rows of `feats` to `scores` (as [`Scorer::score`], without clearing).
    #[inline]
    pub fn add(&self, feats: &[u64], scores: &mut [i32]) {
        for &k in feats {
            prefetch(self.table.as_ptr().wrapping_add(slot_of(k, self.mask)));
        }
        let mut rows = [(0u32, 0u32); 64];
        let mut found = 0;
        for &k in feats {
            if let Some(slot) = self.find_slot(k) {
                self.prefetch_row(slot);
                if let Some(r) = rows.get_mut(found) {
                    *r = (slot.start, slot.len);
                    found += 1;
                } else {
                    self.add_row(slot.start, slot.len, scores);
                }
            }
        }
        for &(start, len) in rows.iter().take(found) {
            self.add_row(start, len, scores);
        }
    }

    /// Adds the row of every `keys[k]` to vector `dest[k]` of `out` (vectors of `actions`
    /// integers one after the other), with the memory accesses overlapped as in
    /// [`Scorer::score`]. Vectors are not cleared first.
    pub fn add_many(&self, keys: &[u64], dest: &[u32], out: &mut [i32]) {
        let a = self.actions;
        for &k in keys {
            prefetch(self.table.as_ptr().wrapping_add(slot_of(k, self.mask)));
        }
        let mut rows = [(0u32, 0u32, 0u32); 64];
        let mut found = 0;
        for (&k, &d) in keys.iter().zip(dest) {
            if let Some(slot) = self.find_slot(k) {
                self.prefetch_row(slot);
                if let Some(r) = rows.get_mut(found) {
                    *r = (slot.start, slot.len, d);
                    found += 1;
                } else if let Some(v) = out.get_mut(d as usize * a..(d as usize + 1) * a) {
                    self.add_row(slot.start, slot.len, v);
                }
            }
        }
        for &(start, len, d) in rows.iter().take(found) {
            if let Some(v) = out.get_mut(d as usize * a..(d as usize + 1) * a) {
                self.add_row(start, len, v);
            }
        }
    }

    #[inline]
    fn add_row(&self, start: u32, len: u32, scores: &mut [i32]) {
        let a = start as usize;
        if len == DENSE {
            let row = self.dense.get(a..a + self.actions).unwrap_or(&[]);
            for (s, &w) in scores.iter_mut().zip(row) {
                *s += w;
            }
            return;
        }
        for &e in self.entries.get(a..a + len as usize).unwrap_or(&[]) {
            if let Some(s) = scores.get_mut((e & 0xff) as usize) {
                *s += e >> 8;
            }
        }
    }

    #[inline]
    fn find_slot(&self, key: u64) -> Option<Slot> {
        let mut s = slot_of(key, self.mask);
        loop {
            let slot = *self.table.get(s)?;
            if slot.len == 0 {
                return None;
            }
            if slot.key == key {
                return Some(slot);
            }
            s = (s + 1) & self.mask;
        }
    }

    pub fn num_rows(&self) -> usize {
        self.keys.len()
    }
    pub fn num_weights(&self) -> usize {
        self.entries.len()
    }

    /// Drops weights whose magnitude is below `fraction` of the largest one (and rows left
    /// empty): a smaller table stays in cache, which is most of the parser's speed.
    pub fn prune(&mut self, fraction: f64) {
        let max = self
            .entries
            .iter()
            .map(|&e| (e >> 8).unsigned_abs())
            .max()
            .unwrap_or(0);
        let min = (f64::from(max) * fraction).ceil() as u32;
        let (mut keys, mut starts, mut entries) = (Vec::new(), vec![0u32], Vec::new());
        for (r, &k) in self.keys.iter().enumerate() {
            let (a, b) = (self.row_start[r] as usize, self.row_start[r + 1] as usize);
            let before = entries.len();
            entries.extend(
                self.entries[a..b]
                    .iter()
                    .filter(|&&e| (e >> 8).unsigned_abs() >= min.max(1)),
            );
            if entries.len() > before {
                keys.push(k);
                starts.push(entries.len() as u32);
            }
        }
        self.keys = keys;
        self.row_start = starts;
        self.entries = entries;
        self.build_table();
    }
    /// Bytes held in memory.
    pub fn memory_bytes(&self) -> usize {
        self.keys.len() * 8
            + self.row_start.len() * 4
            + self.entries.len() * 4
            + self.table.len() * 16
            + self.dense.len() * 4
    }

    /// Writes the arrays (little-endian), row lengths as one byte where they fit.
    pub fn write(&self, out: &mut impl Write) -> std::io::Result<()> {
        out.write_all(&(self.actions as u32).to_le_bytes())?;
        out.write_all(&(self.keys.len() as u64).to_le_bytes())?;
        // keys sorted: store deltas as varints (smaller after gzip)
        let mut prev = 0u64;
        let mut buf = Vec::with_capacity(self.keys.len() * 9);
        for &k in &self.keys {
            put_varint(&mut buf, k.wrapping_sub(prev));
            prev = k;
        }
        out.write_all(&(buf.len() as u64).to_le_bytes())?;
        out.write_all(&buf)?;
        let lens: Vec<u8> = self
            .row_start
            .windows(2)
            .map(|w| (w[1] - w[0]).min(255) as u8)
            .collect();
        out.write_all(&lens)?;
        let acts: Vec<u8> = self.entries.iter().map(|&e| (e & 0xff) as u8).collect();
        out.write_all(&acts)?;
        // weights as 3 little-endian bytes each
        let mut vals = Vec::with_capacity(self.entries.len() * 3);
        for &e in &self.entries {
            vals.extend_from_slice(&(e >> 8).to_le_bytes()[..3]);
        }
        out.write_all(&vals)
    }

    /// Reads [`Scorer::write`]'s format; `wide` is false for version-1 files, whose
    /// weights are 16-bit.
    pub fn read(input: &mut impl Read, wide: bool) -> Result<Scorer> {
        let bad = |m: &str| model_error(m);
        let mut u32b = [0u8; 4];
        let mut u64b = [0u8; 8];
        let io = |e: std::io::Error| bad(&e.to_string());
        input.read_exact(&mut u32b).map_err(io)?;
        let actions = u32::from_le_bytes(u32b) as usize;
        input.read_exact(&mut u64b).map_err(io)?;
        let rows = u64::from_le_bytes(u64b) as usize;
        input.read_exact(&mut u64b).map_err(io)?;
        let key_bytes = u64::from_le_bytes(u64b) as usize;
        if rows > 100_000_000 || key_bytes > 1_000_000_000 || actions > 256 {
            return Err(bad("implausible sizes"));
        }
        let mut buf = vec![0u8; key_bytes];
        input.read_exact(&mut buf).map_err(io)?;
        let mut keys = Vec::with_capacity(rows);
        let (mut prev, mut d, mut shift) = (0u64, 0u64, 0u32);
        for &byte in &buf {
            d |= u64::from(byte & 0x7f) << shift.min(63);
            if byte & 0x80 == 0 {
                prev = prev.wrapping_add(d);
                keys.push(prev);
                d = 0;
                shift = 0;
            } else {
                shift += 7;
            }
        }
        if keys.len() != rows {
            return Err(bad("key count mismatch"));
        }
        let mut lens = vec![0u8; rows];
        input.read_exact(&mut lens).map_err(io)?;
        let mut row_start = Vec::with_capacity(rows + 1);
        let mut total = 0u32;
        row_start.push(0);
        for &l in &lens {
            total += u32::from(l);
            row_start.push(total);
        }
        let mut acts = vec![0u8; total as usize];
        input.read_exact(&mut acts).map_err(io)?;
        if acts.iter().any(|&a| a as usize >= actions) {
            return Err(bad("action out of range"));
        }
        let width = if wide { 3 } else { 2 };
        let mut raw = vec![0u8; total as usize * width];
        input.read_exact(&mut raw).map_err(io)?;
        let entries = raw
            .chunks_exact(width)
            .zip(&acts)
            .map(|(c, &a)| {
                // sign-extend the 24- or 16-bit weight
                let top = c[width - 1];
                let fill = if top & 0x80 != 0 { 0xff } else { 0 };
                let v = if wide {
                    i32::from_le_bytes([c[0], c[1], c[2], fill])
                } else {
                    i32::from_le_bytes([c[0], c[1], fill, fill])
                };
                pack(a, v)
            })
            .collect();
        let mut s = Scorer {
            actions,
            keys,
            row_start,
            entries,
            table: Vec::new(),
            mask: 0,
            dense: Vec::new(),
        };
        s.build_table();
        Ok(s)
    }
}

pub(super) fn model_error(message: impl Into<String>) -> crate::error::Error {
    crate::error::Error::Model {
        name: "parser".into(),
        message: message.into(),
    }
}
