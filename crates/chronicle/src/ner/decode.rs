//! The fast tagging path: the same scores as `model.emissions(sentence_features(..))`,
//! but with the token-local features (most of them) summed once per word type and cached
//! per thread, so a token costs one cache lookup plus its few context features; all
//! working memory is reused from sentence to sentence.

use std::cell::RefCell;

use crate::learn::cache::{add_into, with_local, TypeCache};
use crate::learn::spans::tag_spans;
use crate::learn::{Lattice, Model, SentFeats};

use super::features::{self, features_with, DocState, GazScratch, Resources, TokInfo};
use super::gazetteer::GazMatch;
use super::span::TaggedSpan;

/// Words cached before the cache starts over (about 17 MB with 17 labels).
const WORD_CACHE_LIMIT: usize = 50_000;
/// Cache entries of the sentence boundaries (filled by [`prepare`]).
const BOS_ENTRY: usize = 0;
const EOS_ENTRY: usize = 1;

/// Per-thread working memory.
struct Scratch {
    /// Per word type: its [`TokInfo`] and `5 × L` token-local scores, one `L` row per
    /// window offset `-2..=2`.
    cache: TypeCache<TokInfo>,
    /// Cache entries and infos of the document's tokens, sentence after sentence.
    entries: Vec<usize>,
    infos: Vec<TokInfo>,
    feats: SentFeats,
    gaz: GazScratch,
    rows: Vec<u32>,
    ints: Vec<i32>,
    emissions: Vec<f32>,
    lattice: Lattice,
    path: Vec<u16>,
    types: Vec<u8>,
}

impl Scratch {
    fn new() -> Self {
        Scratch {
            cache: TypeCache::new(WORD_CACHE_LIMIT),
            entries: Vec::new(),
            infos: Vec::new(),
            feats: SentFeats::new(),
            gaz: GazScratch::default(),
            rows: Vec::new(),
            ints: Vec::new(),
            emissions: Vec::new(),
            lattice: Lattice::default(),
            path: Vec::new(),
            types: Vec::new(),
        }
    }
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::new());
}

fn with_scratch<R>(f: impl FnOnce(&mut Scratch) -> R) -> R {
    with_local(&SCRATCH, Scratch::new, f)
}

/// Readies the cache for `model`, adding the boundary entries after a reset.
fn prepare(cache: &mut TypeCache<TokInfo>, model: &Model) {
    cache.prepare_window(model, [features::BOS, features::EOS], |marker, row| {
        let info = TokInfo::boundary(marker);
        features::local_scores(&info, model, row);
        info
    });
}

/// The cache entry of `word`.
#[inline]
fn resolve(cache: &mut TypeCache<TokInfo>, model: &Model, res: &Resources, word: &str) -> usize {
    cache.entry(word, |word, row| {
        let info = TokInfo::new(word, &res.clusters);
        features::local_scores(&info, model, row);
        info
    })
}

/// Integer emissions of one sentence into `ints`: its context features looked up in the
/// model plus the cached token-local sums of every window position.
#[allow(clippy::too_many_arguments)]
fn sentence_ints<S: AsRef<str>>(
    model: &Model,
    res: &Resources,
    cache: &TypeCache<TokInfo>,
    words: &[S],
    infos: &[TokInfo],
    entries: &[usize],
    doc: &DocState,
    (feats, gaz, rows): (&mut SentFeats, &mut GazScratch, &mut Vec<u32>),
    ints: &mut Vec<i32>,
) {
    let l = model.num_labels();
    features_with(res, words, infos, None, doc, feats, false, gaz);
    ints.clear();
    ints.resize(feats.len() * l, 0);
    model.add_emissions(feats, ints, rows);
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

/// Decodes every sentence of a document in order, feeding each sentence's labels into
/// the history features of the next.
pub(super) fn tag_document<S: AsRef<str>>(
    model: &Model,
    res: &Resources,
    label_types: &[u8],
    sentences: &[Vec<S>],
) -> Vec<Vec<TaggedSpan>> {
    tag_document_with_matches(model, res, label_types, sentences, |_, _| {})
}

/// [`tag_document`], also handing `matches` each sentence's gazetteer matches (the
/// sentence index and its matches), which the features had to find anyway.
pub(super) fn tag_document_with_matches<S: AsRef<str>>(
    model: &Model,
    res: &Resources,
    label_types: &[u8],
    sentences: &[Vec<S>],
    mut matches: impl FnMut(usize, &[GazMatch]),
) -> Vec<Vec<TaggedSpan>> {
    with_scratch(|scratch| {
        let Scratch {
            cache,
            entries,
            infos,
            feats,
            gaz,
            rows,
            ints,
            emissions,
            lattice,
            path,
            types,
        } = scratch;
        prepare(cache, model);
        entries.clear();
        infos.clear();
        for word in sentences.iter().flatten() {
            let entry = resolve(cache, model, res, word.as_ref());
            entries.push(entry);
            infos.push(cache.item(entry).copied().unwrap_or(TokInfo::boundary(0)));
        }
        let mut bounds = Vec::with_capacity(sentences.len());
        let mut start = 0;
        for words in sentences {
            bounds.push(start..start + words.len());
            start += words.len();
        }
        let mut doc = DocState::from_infos(bounds.iter().map(|r| &infos[r.clone()]));
        let mut out = Vec::with_capacity(sentences.len());
        for (k, (words, range)) in sentences.iter().zip(bounds).enumerate() {
            if crate::budget::expired() {
                break;
            }
            let (infos, entries) = (&infos[range.clone()], &entries[range]);
            sentence_ints(
                model,
                res,
                cache,
                words,
                infos,
                entries,
                &doc,
                (feats, gaz, rows),
                ints,
            );
            if !gaz.matches.is_empty() {
                matches(k, &gaz.matches);
            }
            model.to_scores(ints, emissions);
            model.viterbi_into(emissions, lattice, path);
            types.clear();
            types.extend(
                path.iter()
                    .map(|&p| label_types.get(p as usize).copied().unwrap_or(0)),
            );
            doc.remember_infos(infos, types);
            out.push(spans(model, emissions, path));
        }
        out
    })
}

/// The entity spans of a decoded sentence, each scored by its least confident token.
fn spans(model: &Model, emissions: &[f32], path: &[u16]) -> Vec<TaggedSpan> {
    let label = |p: u16| model.labels().get(p as usize).map_or("O", String::as_str);
    if path.iter().all(|&p| label(p) == "O") {
        return Vec::new();
    }
    let labels: Vec<&str> = path.iter().map(|&p| label(p)).collect();
    tag_spans(&labels)
        .into_iter()
        .map(|s| {
            let score = (s.start..s.end)
                .map(|i| model.local_probability(emissions, path, i))
                .fold(1.0f32, f32::min);
            TaggedSpan {
                start: s.start,
                end: s.end,
                label: s.label,
                score,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ner::features::sentence_features;
    use crate::ner::NerModel;

    #[test]
    fn cached_emissions_equal_full_feature_emissions_exactly() {
        let Ok(ner) = NerModel::shipped() else {
            return;
        };
        let (model, res) = (&ner.model, &ner.res);
        let doc_words = vec![
            vec![
                "US",
                "Secretary",
                "of",
                "State",
                "Antony",
                "Blinken",
                "arrived",
                ".",
            ],
            vec!["SEOUL", "WELCOMES", "ENVOY"],
            vec![
                "Blinken", "met", "Choi", "in", "Seoul", "\u{201c}", "today", ".",
            ],
            vec![],
            vec!["x"],
        ];
        let doc = DocState::new(&doc_words);
        let mut scratch = Scratch::new();
        let mut feats = SentFeats::new();
        for words in &doc_words {
            sentence_features(res, words, None, &doc, &mut feats);
            let mut full = Vec::new();
            model.integer_emissions(&feats, &mut full);
            prepare(&mut scratch.cache, model);
            let entries: Vec<usize> = words
                .iter()
                .map(|w| resolve(&mut scratch.cache, model, res, w))
                .collect();
            let infos: Vec<TokInfo> = entries
                .iter()
                .filter_map(|&e| scratch.cache.item(e).copied())
                .collect();
            let mut fast = Vec::new();
            sentence_ints(
                model,
                res,
                &scratch.cache,
                words,
                &infos,
                &entries,
                &doc,
                (&mut scratch.feats, &mut scratch.gaz, &mut scratch.rows),
                &mut fast,
            );
            assert_eq!(full, fast, "{words:?}");
        }
    }

    #[test]
    fn tagging_twice_gives_the_same_spans() {
        let Ok(ner) = NerModel::shipped() else {
            return;
        };
        let doc_words = vec![
            vec!["Moon", "met", "Biden", "."],
            vec!["BIDEN", "MEETS", "MOON"],
            vec!["The", "moon", "rose", "over", "Seoul\u{2019}s", "hills"],
        ];
        let a = tag_document(&ner.model, &ner.res, &ner.label_types, &doc_words);
        let b = tag_document(&ner.model, &ner.res, &ner.label_types, &doc_words);
        assert_eq!(a, b, "the cache must not change the result");
        assert!(a[0].iter().any(|s| s.label == "PER"), "{a:?}");
    }
}
