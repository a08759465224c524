//! The phrase chunker, over words and their POS tags (given as strings or as the POS
//! model's label indices).

use super::decode::{add_window, fill_slots, labels_of, with_scratch, TagTables, Work, EOS_ENTRY};
use super::features::{
    at_or_boundary, chunk_context, chunk_tag, chunk_word, key, lower_hash, BOS, CHUNK_VERSION, EOS,
};
use super::model::{shared, SyntaxModel, SHIPPED_CHUNK};
use crate::error::Result;
use crate::learn::cache::TypeCache;
use crate::learn::hash::{hash_str, mix};
use crate::learn::Model;
use std::sync::{Arc, OnceLock};

/// Phrase chunker (IOB2 over NP, VP, PP, ADJP, ADVP, SBAR, PRT, ...).
pub struct Chunker {
    pub(super) model: Model,
}

impl SyntaxModel for Chunker {
    const NAME: &'static str = "chunk";
    const VERSION: &'static str = CHUNK_VERSION;
    fn wrap(model: Model) -> Self {
        Chunker { model }
    }
    fn model(&self) -> &Model {
        &self.model
    }
}

/// The chunker's per-word-type cache entries and lower-case hashes of a sentence's words
/// (the same for tags given as strings or as POS label indices).
pub(super) fn chunk_word_entries<S: AsRef<str>>(
    model: &Model,
    words: &[S],
    word_cache: &mut TypeCache<u64>,
    work: &mut Work,
) {
    word_cache.prepare_window(model, [BOS, EOS], |marker, row| {
        fill_slots(model, row, |offset, add| chunk_word(marker, offset, add));
        marker
    });
    work.entries.clear();
    work.values.clear();
    for w in words {
        let entry = word_cache.entry(w.as_ref(), |w, row| {
            let lower = lower_hash(w);
            fill_slots(model, row, |offset, add| chunk_word(lower, offset, add));
            lower
        });
        work.entries.push(entry);
        work.values
            .push(word_cache.item(entry).copied().unwrap_or(EOS));
    }
}

impl Chunker {
    /// The chunker shipped in `models/chunk.bin.gz`, decoded once per process.
    pub fn shipped() -> Result<Arc<Self>> {
        static SHIPPED: OnceLock<std::result::Result<Arc<Chunker>, String>> = OnceLock::new();
        shared(&SHIPPED, "chunk", || {
            Self::from_model(Model::from_gzip(SHIPPED_CHUNK)?)
        })
    }

    /// IOB2 chunk tags of one POS-tagged sentence.
    pub fn tag<S: AsRef<str>, T: AsRef<str>>(&self, words: &[S], pos: &[T]) -> Vec<String> {
        with_scratch(|s| {
            self.decode(
                words,
                pos,
                (&mut s.chunk_words, &mut s.chunk_tags),
                &mut s.work,
                &mut s.chunk_path,
            );
            labels_of(&self.model, &s.chunk_path)
                .map(str::to_string)
                .collect()
        })
    }

    /// Label indices of one sentence into `path`, from cached word and tag sums.
    pub(super) fn decode<S: AsRef<str>, T: AsRef<str>>(
        &self,
        words: &[S],
        pos: &[T],
        (word_cache, tag_cache): (&mut TypeCache<u64>, &mut TypeCache<u64>),
        work: &mut Work,
        path: &mut Vec<u16>,
    ) {
        let model = &self.model;
        let l = model.num_labels();
        let n = words.len();
        chunk_word_entries(model, words, word_cache, work);
        tag_cache.prepare_window(model, [BOS, EOS], |marker, row| {
            fill_slots(model, row, |offset, add| chunk_tag(marker, offset, add));
            marker
        });
        // Tags beyond the words (a short tag list) count as the sentence end.
        work.tag_entries.clear();
        let mut tags = std::mem::take(&mut work.tags);
        tags.clear();
        for j in 0..n {
            let entry = match pos.get(j) {
                Some(tag) => tag_cache.entry(tag.as_ref(), |tag, row| {
                    let value = hash_str(tag);
                    fill_slots(model, row, |offset, add| chunk_tag(value, offset, add));
                    value
                }),
                None => EOS_ENTRY,
            };
            work.tag_entries.push(entry);
            tags.push(tag_cache.item(entry).copied().unwrap_or(EOS));
        }
        work.reset_ints(n, l);
        add_window(word_cache, &work.entries, &mut work.ints, l);
        add_window(tag_cache, &work.tag_entries, &mut work.ints, l);
        let (lowers, context) = (&work.values, &mut work.context);
        context.clear();
        for (i, &lower) in lowers.iter().enumerate() {
            let i_ = i as isize;
            let window = [-2isize, -1, 0, 1, 2].map(|d| at_or_boundary(&tags, i_ + d));
            chunk_context(window, lower, &mut |k| context.push(k));
            context.end_token();
        }
        work.tags = tags;
        work.decode(model, path);
    }
}

impl Chunker {
    /// [`Chunker::decode`] for tags given as label indices of the POS model `pos` (what
    /// the stage has), with the tag features read from `tables`: the same scores.
    pub(super) fn decode_indexed<S: AsRef<str>>(
        &self,
        words: &[S],
        (pos, tags): (&Model, &[u16]),
        (word_cache, tables): (&mut TypeCache<u64>, &mut TagTables),
        work: &mut Work,
        path: &mut Vec<u16>,
    ) {
        let model = &self.model;
        let l = model.num_labels();
        let n = words.len();
        tables.prepare(model, pos);
        chunk_word_entries(model, words, word_cache, work);
        work.reset_ints(n, l);
        add_window(word_cache, &work.entries, &mut work.ints, l);
        let labels = pos.num_labels();
        // Tags beyond the words, or beyond the given ones (a short tag list), count as
        // the sentence end.
        let tags = tags.get(..n).unwrap_or(tags);
        let tag_at = |j: isize| -> usize {
            if j < 0 {
                labels
            } else {
                tags.get(j as usize)
                    .map_or(labels + 1, |&t| (t as usize).min(labels + 1))
            }
        };
        let context = &mut work.context;
        context.clear();
        for (i, (scores, &lower)) in work
            .ints
            .chunks_exact_mut(l.max(1))
            .zip(&work.values)
            .enumerate()
        {
            let i = i as isize;
            let window = [-2isize, -1, 0, 1, 2].map(|d| tag_at(i + d));
            tables.add(model, window, scores);
            let own = tables.values.get(window[2]).copied().unwrap_or(EOS);
            context.push(key(123, mix(own, lower)));
            context.end_token();
        }
        work.decode(model, path);
    }
}
