//! NER features: what the tagger looks at for each token.
//!
//! Token-local features (word, case-folded word, shape, affixes, clusters) are computed
//! once per token and emitted for each of the five window positions it appears in, tagged
//! with its offset. Context features cover what no single token knows: sentence position,
//! all-caps headlines, word bigrams, gazetteer matches, how the same word is written
//! elsewhere in the document, and the label the tagger gave it earlier in the document.

use crate::learn::clusters::Clusters;
use crate::learn::hash::{feature, hash_str, mix, FastMap};
/// Re-exported: the NER rules and outside tools fold words the same way.
pub(crate) use crate::learn::shape::ascii_fold;
use crate::learn::shape::{push_collapsed, shape_char};
use crate::learn::SentFeats;

use super::gazetteer::{token_hash, GazClass, GazMatch, Gazetteer};

/// Bump when the feature set changes: models record it and refuse to load across versions.
pub const FEATURE_VERSION: &str = "ner-features-3";

/// Cluster path prefix lengths used as features (as Brown-cluster features usually are).
const CLUSTER_PREFIXES: [usize; 4] = [4, 6, 8, 10];

/// How a word is capitalised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Case {
    Lower,
    /// First letter upper, some lower ("Seoul", "McDonald").
    Title,
    /// All letters upper, at least two ("NATO").
    Upper,
    /// A single upper-case letter ("A", "U.S." counts as Upper).
    Initial,
    /// No letters.
    None,
}

pub fn case_of(word: &str) -> Case {
    let mut upper = 0;
    let mut lower = 0;
    let mut first_upper = None;
    for c in word.chars() {
        if c.is_uppercase() {
            upper += 1;
            first_upper.get_or_insert(true);
        } else if c.is_lowercase() {
            lower += 1;
            first_upper.get_or_insert(false);
        }
    }
    match (upper, lower, first_upper) {
        (0, 0, _) => Case::None,
        (0, _, _) => Case::Lower,
        (1, 0, _) => Case::Initial,
        (_, 0, _) => Case::Upper,
        (_, _, Some(true)) => Case::Title,
        _ => Case::Lower,
    }
}

/// Word shape: `Xxxx`, `dd-dd`, `X.X.` (long form capped at 12 chars, short form with runs collapsed).
fn shapes(word: &str) -> (String, String) {
    let mut long = String::with_capacity(12);
    let mut short = String::with_capacity(8);
    for c in word.chars() {
        let s = shape_char(c, Some('a'));
        if long.len() < 12 {
            long.push(s);
        }
        push_collapsed(&mut short, s);
    }
    (long, short)
}

/// The per-document knowledge features need: case evidence and the tagging history,
/// keyed by the hash of the lower-cased word ([`doc_key`]).
#[derive(Debug, Default)]
pub struct DocState {
    /// Word → bit 1: seen starting in lower case; bit 2: seen capitalised mid-sentence
    /// outside a headline.
    case: FastMap<u64, u8>,
    /// Word → entity type index (+1) it last received, 0 for "outside".
    history: FastMap<u64, u8>,
}

/// The key of a word in [`DocState`]: its lower-cased form, hashed.
pub fn doc_key(word: &str) -> u64 {
    if word
        .bytes()
        .any(|b| b.is_ascii_uppercase() || !b.is_ascii())
    {
        hash_str(&word.to_lowercase())
    } else {
        hash_str(word)
    }
}

/// Upper-case letters and letters in a word (what [`is_caps_sentence`] counts).
fn letter_counts(word: &str) -> (u32, u32) {
    let mut upper = 0;
    let mut letters = 0;
    for c in word.chars() {
        if c.is_uppercase() {
            upper += 1;
            letters += 1;
        } else if c.is_lowercase() {
            letters += 1;
        }
    }
    (upper, letters)
}

/// Whether a headline is in capitals: most letters upper case, given per-word counts.
fn caps_from_counts(counts: impl Iterator<Item = (u32, u32)>) -> bool {
    let (upper, letters) = counts.fold((0u32, 0u32), |(u, l), (a, b)| {
        (u.saturating_add(a), l.saturating_add(b))
    });
    letters >= 4 && u64::from(upper) * 10 >= u64::from(letters) * 8
}

/// Whether a sentence is a headline in capitals (most letters upper case).
pub fn is_caps_sentence<S: AsRef<str>>(words: &[S]) -> bool {
    caps_from_counts(words.iter().map(|w| letter_counts(w.as_ref())))
}

impl DocState {
    /// Scans the document's sentences for case evidence.
    pub fn new<S: AsRef<str>>(sentences: &[Vec<S>]) -> Self {
        let mut state = DocState::default();
        for words in sentences {
            state.observe(
                is_caps_sentence(words),
                words.iter().map(|w| {
                    let w = w.as_ref();
                    (case_of(w), doc_key(w))
                }),
            );
        }
        state
    }

    /// [`DocState::new`] from the token infos of each sentence.
    pub fn from_infos<'a>(sentences: impl Iterator<Item = &'a [TokInfo]>) -> Self {
        let mut state = DocState::default();
        for infos in sentences {
            state.observe(
                caps_from_counts(infos.iter().map(|t| t.letters)),
                infos.iter().map(|t| (t.kind, t.doc)),
            );
        }
        state
    }

    fn observe(&mut self, caps: bool, words: impl Iterator<Item = (Case, u64)>) {
        for (i, (case, key)) in words.enumerate() {
            let bit = match case {
                Case::Lower => 1,
                Case::Title | Case::Upper | Case::Initial if i > 0 && !caps => 2,
                _ => 0,
            };
            if bit != 0 {
                *self.case.entry(key).or_default() |= bit;
            }
        }
    }

    /// Records what the tagger said about the capitalised words of a sentence.
    pub fn remember<S: AsRef<str>>(&mut self, words: &[S], types: &[u8]) {
        self.record(
            words.iter().map(|w| {
                let w = w.as_ref();
                (case_of(w), doc_key(w))
            }),
            types,
        );
    }

    /// [`DocState::remember`] from token infos.
    pub fn remember_infos(&mut self, infos: &[TokInfo], types: &[u8]) {
        self.record(infos.iter().map(|t| (t.kind, t.doc)), types);
    }

    fn record(&mut self, words: impl Iterator<Item = (Case, u64)>, types: &[u8]) {
        for ((case, key), &t) in words.zip(types) {
            if matches!(case, Case::Title | Case::Upper | Case::Initial) {
                self.history.insert(key, t);
            }
        }
    }
}

/// Precomputed hashes of one token.
#[derive(Debug, Clone, Copy)]
pub struct TokInfo {
    word: u64,
    lower: u64,
    shape: u64,
    short: u64,
    clusters: [u64; 4],
    pre: [u64; 4],
    suf: [u64; 4],
    /// The case as a feature value (a marker at sentence boundaries).
    case: u64,
    kind: Case,
    /// [`doc_key`] of the word.
    doc: u64,
    /// Upper-case letters and letters (see [`is_caps_sentence`]).
    letters: (u32, u32),
    /// [`token_hash`] of the word, what the gazetteer matches.
    gaz: u64,
}

pub const BOS: u64 = 0x5f3c_0b5a_1d2e_77a1;
pub const EOS: u64 = 0x2a9d_44e0_c3f1_8b05;

impl TokInfo {
    pub fn boundary(marker: u64) -> Self {
        TokInfo {
            word: marker,
            lower: marker,
            shape: marker,
            short: marker,
            clusters: [marker; 4],
            pre: [marker; 4],
            suf: [marker; 4],
            case: marker,
            kind: Case::None,
            doc: marker,
            letters: (0, 0),
            gaz: marker,
        }
    }

    pub fn new(raw: &str, clusters: &Clusters) -> Self {
        let word = ascii_fold(raw);
        let lower = word.to_lowercase();
        let (long, short) = shapes(&word);
        let kind = case_of(&word);
        let mut info = TokInfo {
            word: hash_str(&word),
            lower: hash_str(&lower),
            shape: hash_str(&long),
            short: hash_str(&short),
            case: kind as u64,
            kind,
            doc: doc_key(raw),
            letters: letter_counts(raw),
            gaz: token_hash(raw),
            // No cluster, prefix or suffix until found below.
            ..TokInfo::boundary(0)
        };
        let path = clusters.path(&word).or_else(|| {
            // Headline capitals: try the title-case form ("GERMAN" → "German").
            let mut chars = lower.chars();
            let first = chars.next()?;
            let title: String = first.to_uppercase().chain(chars).collect();
            clusters.path(&title)
        });
        if let Some(path) = path {
            for (slot, &len) in info.clusters.iter_mut().zip(&CLUSTER_PREFIXES) {
                *slot = hash_str(path.get(..len.min(path.len())).unwrap_or(path)) ^ len as u64;
            }
        }
        let chars: Vec<(usize, char)> = lower.char_indices().collect();
        for k in 0..4 {
            if k < chars.len() {
                let cut = chars.get(k + 1).map_or(lower.len(), |c| c.0);
                info.pre[k] = hash_str(&lower[..cut]);
                let from = chars[chars.len() - 1 - k].0;
                info.suf[k] = hash_str(&lower[from..]);
            }
        }
        info
    }
}

// Feature templates.
const T_BIAS: u32 = 1;
const T_WORD: u32 = 2;
const T_LOWER: u32 = 3;
const T_SHAPE: u32 = 4;
const T_SHORT: u32 = 5;
const T_PRE: u32 = 6;
const T_SUF: u32 = 7;
const T_CLUSTER: u32 = 8;
const T_INITIAL_SHAPE: u32 = 9;
const T_CAPS_SHAPE: u32 = 10;
const T_CAPS_LOWER: u32 = 11;
const T_BIGRAM_LEFT: u32 = 12;
const T_BIGRAM_RIGHT: u32 = 13;
const T_SHAPE_TRIGRAM: u32 = 14;
const T_GAZ: u32 = 15;
const T_GAZ_NEAR: u32 = 16;
const T_DOC_CASE: u32 = 17;
const T_HISTORY: u32 = 18;
const T_POS: u32 = 19;
const T_CASE_PAIR: u32 = 20;

#[inline]
fn key(template: u32, offset: i32, value: u64) -> u64 {
    feature(template * 16 + (offset + 8) as u32, value)
}

/// Token-local features of the token at `offset` from the current one.
fn local(t: &TokInfo, offset: i32, out: &mut SentFeats) {
    out.push(key(T_LOWER, offset, t.lower));
    out.push(key(T_SHORT, offset, t.short));
    match offset {
        0 => {
            out.push(key(T_WORD, 0, t.word));
            out.push(key(T_SHAPE, 0, t.shape));
            for k in 0..4 {
                out.push(key(T_PRE, k, t.pre[k as usize]));
                out.push(key(T_SUF, k, t.suf[k as usize]));
            }
            for (level, &c) in t.clusters.iter().enumerate() {
                if c != 0 {
                    out.push(key(T_CLUSTER, level as i32, c));
                }
            }
        }
        -1 | 1 => {
            out.push(key(T_WORD, offset, t.word));
            for level in [1usize, 3] {
                if t.clusters[level] != 0 {
                    out.push(key(T_CLUSTER, offset * 4 + level as i32, t.clusters[level]));
                }
            }
        }
        _ => {}
    }
}

/// Everything the extractor needs besides the words.
pub struct Resources {
    pub clusters: Clusters,
    pub gazetteer: Gazetteer,
}

/// Extracts the features of one sentence into `out` (cleared first).
///
/// `pos` (optional) are part-of-speech tags of the words.
pub fn sentence_features<S: AsRef<str>>(
    res: &Resources,
    words: &[S],
    pos: Option<&[S]>,
    doc: &DocState,
    out: &mut SentFeats,
) {
    let infos: Vec<TokInfo> = words
        .iter()
        .map(|w| TokInfo::new(w.as_ref(), &res.clusters))
        .collect();
    features_with(
        res,
        words,
        &infos,
        pos,
        doc,
        out,
        true,
        &mut GazScratch::default(),
    );
}

/// The sum of the token-local feature weights of a token at each window offset
/// (`-2..=2`, `L` integer scores each): what the fast decoding path caches per word type.
pub fn local_scores(info: &TokInfo, model: &crate::learn::Model, out: &mut [i32]) {
    let l = model.num_labels();
    let mut keys = SentFeats::new();
    for (slot, offset) in out.chunks_exact_mut(l).zip(-2i32..=2) {
        keys.clear();
        local(info, offset, &mut keys);
        keys.end_token();
        for &key in keys.token(0) {
            model.add_feature(key, slot);
        }
    }
}

/// Scratch space of gazetteer matching, reused between sentences.
#[derive(Debug, Default)]
pub struct GazScratch {
    hashes: Vec<u64>,
    /// The sentence's matches (what [`features_with`] found last).
    pub matches: Vec<GazMatch>,
    /// Per token: the classes of the match it is in and its position there (B, I, L, U).
    marks: Vec<(u8, u8)>,
}

impl GazScratch {
    /// Matches the tokens and marks each with the classes of its match and its position.
    fn mark(&mut self, gazetteer: &Gazetteer, infos: &[TokInfo]) {
        self.hashes.clear();
        self.hashes.extend(infos.iter().map(|t| t.gaz));
        gazetteer.find_hashed(&self.hashes, &mut self.matches);
        self.marks.clear();
        self.marks.resize(infos.len(), (0, 0));
        for m in &self.matches {
            for (i, slot) in self.marks.iter_mut().enumerate().take(m.end).skip(m.start) {
                let position = if m.end - m.start == 1 {
                    3
                } else if i == m.start {
                    0
                } else if i + 1 == m.end {
                    2
                } else {
                    1
                };
                *slot = (m.classes, position);
            }
        }
    }
}

/// Features of a sentence whose token infos are given; without the token-local ones
/// when `include_local` is false (the caller adds them from [`local_scores`]). `gaz` is
/// scratch space that keeps the sentence's gazetteer matches.
#[allow(clippy::too_many_arguments)]
pub fn features_with<S: AsRef<str>>(
    res: &Resources,
    words: &[S],
    infos: &[TokInfo],
    pos: Option<&[S]>,
    doc: &DocState,
    out: &mut SentFeats,
    include_local: bool,
    gaz: &mut GazScratch,
) {
    out.clear();
    let n = words.len().min(infos.len());
    let bos = TokInfo::boundary(BOS);
    let eos = TokInfo::boundary(EOS);
    let at = |j: isize| -> &TokInfo {
        if j < 0 {
            &bos
        } else {
            infos.get(j as usize).unwrap_or(&eos)
        }
    };
    let caps = caps_from_counts(infos.iter().map(|t| t.letters));
    gaz.mark(&res.gazetteer, &infos[..n]);
    let gaz = &gaz.marks;
    for i in 0..n {
        let i_ = i as isize;
        let t = at(i_);
        if include_local {
            for offset in -2i32..=2 {
                local(at(i_ + offset as isize), offset, out);
            }
        }
        out.push(key(T_BIAS, 0, 0));
        let initial = u64::from(i == 0);
        out.push(key(T_INITIAL_SHAPE, 0, mix(initial, t.short)));
        out.push(key(T_CASE_PAIR, 0, mix(at(i_ - 1).case, t.case) ^ initial));
        if caps {
            out.push(key(T_CAPS_SHAPE, 0, t.short));
            out.push(key(T_CAPS_LOWER, 0, t.lower));
        }
        out.push(key(T_BIGRAM_LEFT, 0, mix(at(i_ - 1).lower, t.lower)));
        out.push(key(T_BIGRAM_RIGHT, 0, mix(t.lower, at(i_ + 1).lower)));
        out.push(key(
            T_SHAPE_TRIGRAM,
            0,
            mix(mix(at(i_ - 1).short, t.short), at(i_ + 1).short),
        ));
        let (classes, position) = gaz.get(i).copied().unwrap_or((0, 0));
        let near = |j: usize| gaz.get(j).map_or(0, |g| g.0);
        let (left, right) = (near(i.wrapping_sub(1)), near(i + 1));
        if classes | left | right != 0 {
            for class in GazClass::ALL {
                let bit = 1u8 << (class as u8);
                if classes & bit != 0 {
                    out.push(key(T_GAZ, 0, u64::from(bit) * 4 + u64::from(position)));
                }
                for (offset, g) in [(-1i32, left), (1, right)] {
                    if g & bit != 0 {
                        out.push(key(T_GAZ_NEAR, offset, u64::from(bit)));
                    }
                }
            }
        }
        if matches!(t.kind, Case::Title | Case::Upper | Case::Initial) {
            let ambiguous = u64::from(i == 0 || caps);
            let evidence = doc.case.get(&t.doc).copied().unwrap_or(0);
            out.push(key(T_DOC_CASE, 0, u64::from(evidence) * 2 + ambiguous));
            if let Some(&label) = doc.history.get(&t.doc) {
                out.push(key(T_HISTORY, 0, u64::from(label)));
                out.push(key(T_HISTORY, 1, u64::from(label) * 2 + ambiguous));
            }
        }
        if let Some(tags) = pos {
            for offset in -1i32..=1 {
                let j = i_ + offset as isize;
                let tag = if j < 0 {
                    BOS
                } else {
                    tags.get(j as usize).map_or(EOS, |t| hash_str(t.as_ref()))
                };
                out.push(key(T_POS, offset, tag));
            }
        }
        out.end_token();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cases_and_shapes() {
        assert_eq!(case_of("Seoul"), Case::Title);
        assert_eq!(case_of("NATO"), Case::Upper);
        assert_eq!(case_of("U.S."), Case::Upper);
        assert_eq!(case_of("A"), Case::Initial);
        assert_eq!(case_of("iPhone"), Case::Lower);
        assert_eq!(case_of("28,500"), Case::None);
        assert_eq!(
            shapes("Si-young"),
            ("Xx-xxxxx".to_string(), "Xx-x".to_string())
        );
        assert_eq!(ascii_fold("Seoul\u{2019}s"), "Seoul's");
        assert!(is_caps_sentence(&["EU", "REJECTS", "GERMAN", "CALL"]));
        assert!(!is_caps_sentence(&["The", "EU", "said"]));
    }

    #[test]
    fn one_feature_group_per_token_and_no_panics_on_odd_input() {
        let res = Resources {
            clusters: Clusters::default(),
            gazetteer: Gazetteer::default(),
        };
        let words = vec!["", "\u{2019}", "ÉCOLE", "x"];
        let doc = DocState::new(std::slice::from_ref(&words));
        let mut out = SentFeats::new();
        sentence_features(&res, &words, None, &doc, &mut out);
        assert_eq!(out.len(), 4);
        assert!(out.token(2).len() > 10);
    }
}
