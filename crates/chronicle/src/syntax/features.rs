//! The features of the POS tagger and the chunker: token-local ones (word, shape,
//! affixes, clusters) lent to the five window positions, and context ones joining a token
//! to its neighbours. The version strings are stored in the models.

use crate::learn::clusters::Clusters;
use crate::learn::hash::{feature, hash_str, mix};
use crate::learn::shape::{ascii_fold, push_collapsed, shape_char};
use crate::learn::SentFeats;

pub(super) const POS_VERSION: &str = "pos-features-1";
pub(super) const CHUNK_VERSION: &str = "chunk-features-1";

/// Word shape with runs collapsed ("Xx-x", "d,d").
pub(super) fn short_shape(word: &str) -> String {
    let mut out = String::with_capacity(6);
    for c in word.chars() {
        push_collapsed(&mut out, shape_char(c, None));
    }
    out
}

#[inline]
pub(super) fn key(template: u32, value: u64) -> u64 {
    feature(template + 1000, value)
}

/// The value of a word (lower-cased) or tag feature beyond the sentence start or end.
pub(super) const BOS: u64 = 1;
pub(super) const EOS: u64 = 2;

/// What a word lends the POS features of the tokens around it.
#[derive(Debug, Clone, Copy)]
pub(super) struct PosWord {
    /// Hash of the ASCII-folded, lower-cased word.
    pub(super) lower: u64,
    /// Hash of its last three characters (read by the token before it); none at boundaries.
    suffix3: Option<u64>,
}

impl PosWord {
    pub(super) fn boundary(lower: u64) -> Self {
        PosWord {
            lower,
            suffix3: None,
        }
    }
}

/// Hash of the ASCII-folded, lower-cased word (what the context features compare).
pub(super) fn lower_hash(raw: &str) -> u64 {
    hash_str(&ascii_fold(raw).to_lowercase())
}

/// The POS features of a word on its own: the bias, the word, its affixes, shape and cluster.
pub(super) fn pos_own(
    raw: &str,
    clusters: &Clusters,
    out: &mut (impl FnMut(u64) + ?Sized),
) -> PosWord {
    let w = ascii_fold(raw);
    let lw = w.to_lowercase();
    let lower = hash_str(&lw);
    out(key(0, 0));
    out(key(1, hash_str(&w)));
    out(key(2, lower));
    out(key(3, hash_str(&short_shape(&w))));
    let chars: Vec<(usize, char)> = lw.char_indices().collect();
    for k in 0..chars.len().min(4) {
        let from = chars[chars.len() - 1 - k].0;
        out(key(10 + k as u32, hash_str(&lw[from..])));
        let cut = chars.get(k + 1).map_or(lw.len(), |c| c.0);
        out(key(14 + k as u32, hash_str(&lw[..cut])));
    }
    if let Some(path) = clusters.path(&w) {
        for (t, len) in [(20u32, 4usize), (21, 8), (22, 12)] {
            out(key(t, hash_str(path.get(..len).unwrap_or(path))));
        }
    }
    let suffix_start = lw.char_indices().rev().nth(2).map_or(0, |c| c.0);
    PosWord {
        lower,
        suffix3: Some(hash_str(&lw[suffix_start..])),
    }
}

/// The POS features a word lends the token `offset` positions before it (negative:
/// after it): the neighbouring word, and to the token just before, its suffix.
pub(super) fn pos_lent(word: PosWord, offset: isize, out: &mut (impl FnMut(u64) + ?Sized)) {
    match offset {
        -2 => out(key(32, word.lower)),
        -1 => out(key(30, word.lower)),
        1 => {
            out(key(31, word.lower));
            if let Some(suffix) = word.suffix3 {
                out(key(37, suffix));
            }
        }
        2 => out(key(33, word.lower)),
        _ => {}
    }
}

/// The POS features joining a token to its neighbours: word bigrams, sentence start.
pub(super) fn pos_context(
    prev: u64,
    lower: u64,
    next: u64,
    initial: bool,
    out: &mut (impl FnMut(u64) + ?Sized),
) {
    out(key(34, mix(prev, lower)));
    out(key(35, mix(lower, next)));
    out(key(36, u64::from(initial)));
}

/// The value at `j` of per-token values, with the boundary markers outside.
#[inline]
pub(super) fn at_or_boundary(values: &[u64], j: isize) -> u64 {
    if j < 0 {
        BOS
    } else {
        values.get(j as usize).copied().unwrap_or(EOS)
    }
}

/// POS features: the word, its affixes, shape and cluster, and its neighbours.
pub(super) fn pos_features<S: AsRef<str>>(words: &[S], clusters: &Clusters, out: &mut SentFeats) {
    out.clear();
    let mut own = Vec::new();
    let mut ends = Vec::with_capacity(words.len());
    let infos: Vec<PosWord> = words
        .iter()
        .map(|w| {
            let info = pos_own(w.as_ref(), clusters, &mut |k| own.push(k));
            ends.push(own.len());
            info
        })
        .collect();
    let lowers: Vec<u64> = infos.iter().map(|w| w.lower).collect();
    let at = |j: isize| match infos.get(j as usize) {
        Some(&w) if j >= 0 => w,
        _ => PosWord::boundary(at_or_boundary(&lowers, j)),
    };
    let mut start = 0;
    for (i, &end) in ends.iter().enumerate() {
        let i_ = i as isize;
        for &k in own.get(start..end).unwrap_or(&[]) {
            out.push(k);
        }
        start = end;
        for offset in [-2isize, -1, 1, 2] {
            pos_lent(at(i_ + offset), offset, &mut |k| out.push(k));
        }
        pos_context(
            at_or_boundary(&lowers, i_ - 1),
            lowers[i],
            at_or_boundary(&lowers, i_ + 1),
            i == 0,
            &mut |k| out.push(k),
        );
        out.end_token();
    }
}

/// The chunk features of a word at `offset` (−2..=2) from the token: its lower-cased
/// form, and the bias once per token.
pub(super) fn chunk_word(lower: u64, offset: isize, out: &mut (impl FnMut(u64) + ?Sized)) {
    if offset == 0 {
        out(key(100, 0));
    }
    out(key((103 + offset) as u32, lower));
}

/// The chunk feature of a POS tag at `offset` (−2..=2) from the token.
pub(super) fn chunk_tag(tag: u64, offset: isize, out: &mut (impl FnMut(u64) + ?Sized)) {
    out(key((113 + offset) as u32, tag));
}

/// The chunk features joining tags (`tags[2]` is the token's) and the token's word.
pub(super) fn chunk_context(tags: [u64; 5], lower: u64, out: &mut (impl FnMut(u64) + ?Sized)) {
    out(key(120, mix(tags[1], tags[2])));
    out(key(121, mix(tags[2], tags[3])));
    out(key(122, mix(mix(tags[1], tags[2]), tags[3])));
    out(key(123, mix(tags[2], lower)));
    out(key(124, mix(tags[0], tags[1])));
}

/// Chunk features: words and POS tags in a window, and POS bigrams.
pub(super) fn chunk_features<S: AsRef<str>, T: AsRef<str>>(
    words: &[S],
    pos: &[T],
    out: &mut SentFeats,
) {
    out.clear();
    let lower: Vec<u64> = words.iter().map(|w| lower_hash(w.as_ref())).collect();
    let tags: Vec<u64> = pos.iter().map(|p| hash_str(p.as_ref())).collect();
    for i in 0..words.len() as isize {
        for offset in -2isize..=2 {
            chunk_word(at_or_boundary(&lower, i + offset), offset, &mut |k| {
                out.push(k)
            });
            chunk_tag(at_or_boundary(&tags, i + offset), offset, &mut |k| {
                out.push(k)
            });
        }
        let window = [-2isize, -1, 0, 1, 2].map(|d| at_or_boundary(&tags, i + d));
        chunk_context(window, at_or_boundary(&lower, i), &mut |k| out.push(k));
        out.end_token();
    }
}
