//! Decoding machinery the tagger and the chunker share: per-thread caches of the feature
//! sums of word types, the chunker's POS-tag tables and reused working memory.

use super::features::{chunk_tag, key, PosWord, BOS, EOS};
use crate::learn::cache::{add_into, with_local, TypeCache};
use crate::learn::hash::{hash_str, mix};
use crate::learn::{Lattice, Model, SentFeats};
use std::cell::RefCell;

/// Words cached per thread before a cache starts over: a POS entry holds `5 × 45` and a
/// chunk entry `5 × 22` integers, so each cache stays under about 20 MB.
pub(super) const POS_CACHE_LIMIT: usize = 20_000;
pub(super) const CHUNK_CACHE_LIMIT: usize = 40_000;
/// Cache entries of the sentence boundaries.
pub(super) const BOS_ENTRY: usize = 0;
pub(super) const EOS_ENTRY: usize = 1;

/// Working memory reused across sentences.
#[derive(Default)]
pub(super) struct Work {
    pub(super) entries: Vec<usize>,
    pub(super) tag_entries: Vec<usize>,
    pub(super) values: Vec<u64>,
    pub(super) tags: Vec<u64>,
    /// Features joining a token to its neighbours, looked up in the model per sentence.
    pub(super) context: SentFeats,
    pub(super) rows: Vec<u32>,
    pub(super) ints: Vec<i32>,
    pub(super) emissions: Vec<f32>,
    pub(super) lattice: Lattice,
}

impl Work {
    /// Adds the context features to `ints`, turns them into scores and decodes them into
    /// `path`.
    pub(super) fn decode(&mut self, model: &Model, path: &mut Vec<u16>) {
        model.add_emissions(&self.context, &mut self.ints, &mut self.rows);
        model.to_scores(&self.ints, &mut self.emissions);
        model.viterbi_into(&self.emissions, &mut self.lattice, path);
    }

    /// Zeroed integer scores for `n` tokens.
    pub(super) fn reset_ints(&mut self, n: usize, l: usize) {
        self.ints.clear();
        self.ints.resize(n * l, 0);
    }
}

/// A row index that is not resolved yet, and one the model does not have.
pub(super) const UNRESOLVED: u32 = u32::MAX - 1;
pub(super) const NO_ROW: u32 = u32::MAX;

/// The chunker's POS-tag features resolved per tag of a POS model, so that the stage,
/// which has the POS tagger's label indices, looks up one context feature per token (the
/// tag with the word) instead of five. Tag index `labels` stands for the sentence start
/// and `labels + 1` for its end.
#[derive(Default)]
pub(super) struct TagTables {
    /// The (chunk model, POS model) the tables were built for.
    pub(super) ids: (u64, u64),
    /// The feature value of each tag (its hash; the boundary markers last).
    pub(super) values: Vec<u64>,
    /// Per tag and window offset: the summed weights of the tag's window features (what
    /// the chunk tag cache holds), `5 × L` integers per tag.
    pub(super) window: Vec<i32>,
    /// Rows of the features over (t[i-1], t[i]), (t[i], t[i+1]) and (t[i-2], t[i-1]),
    /// at `a × values + b`.
    pub(super) pairs: [Vec<u32>; 3],
    /// Rows of the feature over (t[i-1], t[i], t[i+1]), resolved on first use.
    pub(super) triples: Vec<u32>,
}

impl TagTables {
    /// Makes the tables ready for `chunker` over the tags of `pos`.
    pub(super) fn prepare(&mut self, chunker: &Model, pos: &Model) {
        if self.ids == (chunker.id(), pos.id()) {
            return;
        }
        let values: Vec<u64> = pos
            .labels()
            .iter()
            .map(|t| hash_str(t))
            .chain([BOS, EOS])
            .collect();
        let v = values.len();
        let l = chunker.num_labels();
        self.ids = (chunker.id(), pos.id());
        self.window.clear();
        self.window.resize(v * 5 * l, 0);
        for (&value, row) in values
            .iter()
            .zip(self.window.chunks_exact_mut((5 * l).max(1)))
        {
            fill_slots(chunker, row, |offset, add| chunk_tag(value, offset, add));
        }
        for (table, template) in self.pairs.iter_mut().zip([120, 121, 124]) {
            table.clear();
            for &a in &values {
                table.extend(values.iter().map(|&b| {
                    chunker
                        .row_index(key(template, mix(a, b)))
                        .unwrap_or(NO_ROW)
                }));
            }
        }
        self.triples.clear();
        self.triples.resize(v * v * v, UNRESOLVED);
        self.values = values;
    }

    /// Adds to `scores` the weights of the tag features of a token whose window of tag
    /// indices (`t[i-2] ..= t[i+2]`) is `tags`: the window sums, the pairs and the triple.
    pub(super) fn add(&mut self, chunker: &Model, tags: [usize; 5], scores: &mut [i32]) {
        let l = scores.len();
        let v = self.values.len();
        for (k, &t) in tags.iter().enumerate() {
            let at = (t * 5 + k) * l;
            add_into(scores, self.window.get(at..at + l).unwrap_or(&[]));
        }
        for (table, (a, b)) in
            self.pairs
                .iter()
                .zip([(tags[1], tags[2]), (tags[2], tags[3]), (tags[0], tags[1])])
        {
            if let Some(&row) = table.get(a * v + b) {
                if row != NO_ROW {
                    chunker.add_row(row, scores);
                }
            }
        }
        let at = (tags[1] * v + tags[2]) * v + tags[3];
        let values = &self.values;
        let Some(slot) = self.triples.get_mut(at) else {
            return;
        };
        if *slot == UNRESOLVED {
            // the triple's key is hashed once per tag triple, not per token
            let value = |t: usize| values.get(t).copied().unwrap_or(EOS);
            let triple = key(
                122,
                mix(mix(value(tags[1]), value(tags[2])), value(tags[3])),
            );
            *slot = chunker.row_index(triple).unwrap_or(NO_ROW);
        }
        if *slot != NO_ROW {
            chunker.add_row(*slot, scores);
        }
    }
}

/// Per-thread caches of the token-local feature sums of word types (and of POS tags for
/// the chunker), see [`crate::learn::cache`].
pub(super) struct Scratch {
    pub(super) pos: TypeCache<PosWord>,
    pub(super) chunk_words: TypeCache<u64>,
    pub(super) chunk_tags: TypeCache<u64>,
    pub(super) tag_tables: TagTables,
    pub(super) work: Work,
    pub(super) pos_path: Vec<u16>,
    pub(super) chunk_path: Vec<u16>,
}

impl Scratch {
    pub(super) fn new() -> Self {
        Scratch {
            pos: TypeCache::new(POS_CACHE_LIMIT),
            chunk_words: TypeCache::new(CHUNK_CACHE_LIMIT),
            chunk_tags: TypeCache::new(1_000),
            tag_tables: TagTables::default(),
            work: Work::default(),
            pos_path: Vec::new(),
            chunk_path: Vec::new(),
        }
    }
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::new());
}

pub(super) fn with_scratch<R>(f: impl FnOnce(&mut Scratch) -> R) -> R {
    with_local(&SCRATCH, Scratch::new, f)
}

/// Adds the weights of the features `lend(offset, add)` produces to slot `offset + 2` of a
/// cache row, for each window offset.
pub(super) fn fill_slots(
    model: &Model,
    row: &mut [i32],
    mut lend: impl FnMut(isize, &mut dyn FnMut(u64)),
) {
    let l = model.num_labels();
    for (slot, offset) in row.chunks_exact_mut(l.max(1)).zip(-2isize..=2) {
        lend(offset, &mut |k| model.add_feature(k, slot));
    }
}

/// Adds to each token's scores the cached slot of every word in its window.
pub(super) fn add_window<T>(cache: &TypeCache<T>, entries: &[usize], ints: &mut [i32], l: usize) {
    for (i, row) in ints.chunks_exact_mut(l.max(1)).enumerate() {
        for (k, offset) in (-2isize..=2).enumerate() {
            let j = i as isize + offset;
            let entry = if j < 0 {
                BOS_ENTRY
            } else {
                entries.get(j as usize).copied().unwrap_or(EOS_ENTRY)
            };
            add_into(row, cache.slot(entry, k, l));
        }
    }
}

/// The label strings of a decoded path.
pub(super) fn labels_of<'a>(
    model: &'a Model,
    path: &'a [u16],
) -> impl Iterator<Item = &'a str> + 'a {
    path.iter()
        .map(|&p| model.labels().get(p as usize).map_or("", String::as_str))
}
