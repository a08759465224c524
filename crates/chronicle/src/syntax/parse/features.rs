//! Parser features: words, POS tags and word clusters of the stack and buffer tokens and
//! of the children already attached, with their labels, distances and valencies — the
//! Zhang & Nivre (2011) set cut to what an arc-hybrid parser sees, all hashed to 64 bits.

use super::transition::{State, NONE};
use crate::learn::clusters::Clusters;
use crate::learn::hash::{feature, hash_str, mix};
use crate::learn::shape::ascii_fold;

/// What a token lends the features, hashed once per sentence.
#[derive(Debug, Clone, Copy, Default)]
pub struct TokFeat {
    /// Lower-cased form.
    pub w: u64,
    /// POS tag.
    pub p: u64,
    /// Word cluster (a 6-bit prefix of its path), else the tag.
    pub c: u64,
}

const ABSENT: TokFeat = TokFeat { w: 1, p: 1, c: 1 };
const ROOT: TokFeat = TokFeat { w: 2, p: 2, c: 2 };

/// The per-token values of a sentence (index 0 is the root).
pub fn token_feats<S: AsRef<str>, T: AsRef<str>>(
    words: &[S],
    tags: &[T],
    clusters: &Clusters,
    out: &mut Vec<TokFeat>,
) {
    out.clear();
    out.push(ROOT);
    for (i, w) in words.iter().enumerate() {
        let w = w.as_ref();
        let folded = ascii_fold(w);
        let lower = folded.to_lowercase();
        let p = hash_str(tags.get(i).map_or("", |t| t.as_ref()));
        let c = match clusters.path(&folded) {
            Some(path) => hash_str(path.get(..6).unwrap_or(path)) ^ 0x55,
            None => p ^ 0x77,
        };
        out.push(TokFeat {
            w: hash_str(&lower),
            p,
            c,
        });
    }
}

/// The values of token `t` (the root's, or the absent token's for [`NONE`]).
#[inline]
pub fn at(toks: &[TokFeat], t: u32) -> TokFeat {
    if t == NONE {
        ABSENT
    } else {
        toks.get(t as usize).copied().unwrap_or(ABSENT)
    }
}

#[inline]
fn m3(a: u64, b: u64, c: u64) -> u64 {
    mix(mix(a, b), c)
}

/// Distance between two tokens, bucketed.
fn distance(a: u32, b: u32) -> u64 {
    if a == NONE || b == NONE {
        return 0;
    }
    let d = a.abs_diff(b);
    match d {
        0..=4 => u64::from(d),
        5..=9 => 5,
        _ => 6,
    }
}

/// The tokens and attachments a configuration's templates read, looked up once for
/// [`extract`] and [`extract_moving`] alike.
struct Frame {
    s0i: u32,
    b0i: u32,
    s0: TokFeat,
    s1: TokFeat,
    s2: TokFeat,
    b0: TokFeat,
    b1: TokFeat,
    b2: TokFeat,
    s0l_i: u32,
    s0r_i: u32,
    s1r_i: u32,
    b0l_i: u32,
    s0l: TokFeat,
    s0r: TokFeat,
    s1r: TokFeat,
    b0l: TokFeat,
    b0l2: TokFeat,
    s0l2: TokFeat,
    d: u64,
}

impl Frame {
    fn of(state: &State, toks: &[TokFeat]) -> Frame {
        let s0i = state.s(0);
        let s1i = state.s(1);
        let b0i = state.buf(0);
        let child = |t: u32, f: fn(&State, usize) -> u32| -> u32 {
            if t == NONE {
                NONE
            } else {
                f(state, t as usize)
            }
        };
        let s0l_i = child(s0i, |s, t| s.left[t][0]);
        let s0r_i = child(s0i, |s, t| s.right[t][0]);
        let s0l2_i = child(s0i, |s, t| s.left[t][1]);
        let s1r_i = child(s1i, |s, t| s.right[t][0]);
        let b0l_i = child(b0i, |s, t| s.left[t][0]);
        let b0l2_i = child(b0i, |s, t| s.left[t][1]);
        Frame {
            s0i,
            b0i,
            s0: at(toks, s0i),
            s1: at(toks, s1i),
            s2: at(toks, state.s(2)),
            b0: at(toks, b0i),
            b1: at(toks, state.buf(1)),
            b2: at(toks, state.buf(2)),
            s0l_i,
            s0r_i,
            s1r_i,
            b0l_i,
            s0l: at(toks, s0l_i),
            s0r: at(toks, s0r_i),
            s1r: at(toks, s1r_i),
            b0l: at(toks, b0l_i),
            b0l2: at(toks, b0l2_i),
            s0l2: at(toks, s0l2_i),
            d: distance(s0i, b0i),
        }
    }
}

/// The label of attached token `t` plus one (0 for none).
#[inline]
fn label_of(state: &State, t: u32) -> u64 {
    if t == NONE {
        0
    } else {
        u64::from(state.label[t as usize]) + 1
    }
}

/// The number of `t`'s children on `side`, capped at 4 (99 for no token).
#[inline]
fn valency_of(state: &State, t: u32, side: usize) -> u64 {
    if t == NONE {
        99
    } else {
        u64::from(state.valency[t as usize][side].min(4))
    }
}

/// Number of features [`extract`] writes.
pub const COUNT: usize = 46;

/// The feature keys of a configuration into `out` (cleared first).
pub fn extract(state: &State, toks: &[TokFeat], out: &mut Vec<u64>) {
    out.clear();
    let fr = Frame::of(state, toks);
    let lab = |t: u32| label_of(state, t);
    let val = |t: u32, side: usize| valency_of(state, t, side);
    let mut f = |t: u32, v: u64| out.push(feature(t + 3000, v));
    f(0, 0);
    // single tokens
    f(1, fr.s0.w);
    f(2, fr.s0.p);
    f(3, mix(fr.s0.w, fr.s0.p));
    f(4, fr.s1.w);
    f(5, fr.s1.p);
    f(6, mix(fr.s1.w, fr.s1.p));
    f(7, fr.b0.w);
    f(8, fr.b0.p);
    f(9, mix(fr.b0.w, fr.b0.p));
    f(10, fr.b1.w);
    f(11, fr.b1.p);
    f(12, mix(fr.b1.w, fr.b1.p));
    f(13, fr.b2.p);
    f(14, fr.s2.p);
    // pairs
    f(15, mix(fr.s0.w, fr.b0.w));
    f(16, mix(fr.s0.p, fr.b0.p));
    f(17, m3(fr.s0.w, fr.s0.p, fr.b0.p));
    f(18, m3(fr.s0.p, fr.b0.w, fr.b0.p));
    f(19, mix(fr.s1.p, fr.s0.p));
    f(20, mix(fr.s1.w, fr.s0.w));
    f(21, m3(fr.s1.p, fr.s0.w, fr.s0.p));
    // triples of tags
    f(22, m3(fr.s1.p, fr.s0.p, fr.b0.p));
    f(23, m3(fr.s0.p, fr.b0.p, fr.b1.p));
    f(24, m3(fr.b0.p, fr.b1.p, fr.b2.p));
    f(25, m3(fr.s2.p, fr.s1.p, fr.s0.p));
    f(26, m3(fr.s0.p, fr.s0l.p, fr.b0.p));
    f(27, m3(fr.s0.p, fr.s0r.p, fr.b0.p));
    f(28, m3(fr.s1.p, fr.s1r.p, fr.s0.p));
    f(29, m3(fr.s0.p, fr.b0.p, fr.b0l.p));
    f(30, m3(fr.s0.p, fr.b0.p, fr.b0l2.p));
    f(31, m3(fr.s0.p, fr.s0l.p, fr.s0l2.p));
    // distance and valency
    f(32, m3(fr.d, fr.s0.p, fr.b0.p));
    f(33, mix(fr.d, fr.s0.w));
    f(34, mix(fr.d, fr.b0.w));
    f(35, m3(fr.s0.p, val(fr.s0i, 0), val(fr.s0i, 1)));
    f(36, mix(fr.b0.p, val(fr.b0i, 0)));
    // labels of attached children
    f(37, m3(fr.s0.p, lab(fr.s0l_i), lab(fr.s0r_i)));
    f(38, mix(fr.b0.p, lab(fr.b0l_i)));
    f(39, m3(fr.s1.p, lab(fr.s1r_i), fr.s0.p));
    // clusters
    f(40, fr.s0.c);
    f(41, fr.b0.c);
    f(42, mix(fr.s0.c, fr.b0.c));
    f(43, m3(fr.s1.c, fr.s0.c, fr.b0.p));
    // children's words
    f(44, mix(fr.s0l.w, fr.s0.p));
    f(45, mix(fr.b0l.w, fr.b0.p));
}

/// The key of template `t` over `v`, as [`extract`] makes it.
#[inline]
fn key(t: u32, v: u64) -> u64 {
    feature(t + 3000, v)
}

// The templates of [`extract`] split by what they read, so that the parser can score the
// ones that read a single stack token, or only the buffer's first three tokens, once per
// sentence instead of once per move. Together with [`extract_moving`] they make the same
// keys as [`extract`] (a test checks it).

/// The templates reading only the stack top `s0`.
#[inline]
pub fn s0_keys(t: TokFeat) -> [u64; 4] {
    [
        key(1, t.w),
        key(2, t.p),
        key(3, mix(t.w, t.p)),
        key(40, t.c),
    ]
}

/// The templates reading only the second stack token `s1`.
#[inline]
pub fn s1_keys(t: TokFeat) -> [u64; 3] {
    [key(4, t.w), key(5, t.p), key(6, mix(t.w, t.p))]
}

/// The template reading only the third stack token `s2`.
#[inline]
pub fn s2_keys(t: TokFeat) -> [u64; 1] {
    [key(14, t.p)]
}

/// The bias and the templates reading only the buffer's first three tokens: they change
/// only when the buffer does.
#[inline]
pub fn buffer_keys(b0: TokFeat, b1: TokFeat, b2: TokFeat) -> [u64; 10] {
    [
        key(0, 0),
        key(7, b0.w),
        key(8, b0.p),
        key(9, mix(b0.w, b0.p)),
        key(10, b1.w),
        key(11, b1.p),
        key(12, mix(b1.w, b1.p)),
        key(13, b2.p),
        key(24, m3(b0.p, b1.p, b2.p)),
        key(41, b0.c),
    ]
}

/// Number of keys [`extract_moving`] writes.
pub const MOVING_COUNT: usize = COUNT - 4 - 3 - 1 - 10;

/// The templates of [`extract`] that read two positions, children, labels, distances or
/// valencies (everything that can change with any move) into `out` (cleared first).
pub fn extract_moving(state: &State, toks: &[TokFeat], out: &mut Vec<u64>) {
    out.clear();
    let fr = Frame::of(state, toks);
    let lab = |t: u32| label_of(state, t);
    let val = |t: u32, side: usize| valency_of(state, t, side);
    let mut f = |t: u32, v: u64| out.push(key(t, v));
    // pairs
    f(15, mix(fr.s0.w, fr.b0.w));
    f(16, mix(fr.s0.p, fr.b0.p));
    f(17, m3(fr.s0.w, fr.s0.p, fr.b0.p));
    f(18, m3(fr.s0.p, fr.b0.w, fr.b0.p));
    f(19, mix(fr.s1.p, fr.s0.p));
    f(20, mix(fr.s1.w, fr.s0.w));
    f(21, m3(fr.s1.p, fr.s0.w, fr.s0.p));
    // triples of tags
    f(22, m3(fr.s1.p, fr.s0.p, fr.b0.p));
    f(23, m3(fr.s0.p, fr.b0.p, fr.b1.p));
    f(25, m3(fr.s2.p, fr.s1.p, fr.s0.p));
    f(26, m3(fr.s0.p, fr.s0l.p, fr.b0.p));
    f(27, m3(fr.s0.p, fr.s0r.p, fr.b0.p));
    f(28, m3(fr.s1.p, fr.s1r.p, fr.s0.p));
    f(29, m3(fr.s0.p, fr.b0.p, fr.b0l.p));
    f(30, m3(fr.s0.p, fr.b0.p, fr.b0l2.p));
    f(31, m3(fr.s0.p, fr.s0l.p, fr.s0l2.p));
    // distance and valency
    f(32, m3(fr.d, fr.s0.p, fr.b0.p));
    f(33, mix(fr.d, fr.s0.w));
    f(34, mix(fr.d, fr.b0.w));
    f(35, m3(fr.s0.p, val(fr.s0i, 0), val(fr.s0i, 1)));
    f(36, mix(fr.b0.p, val(fr.b0i, 0)));
    // labels of attached children
    f(37, m3(fr.s0.p, lab(fr.s0l_i), lab(fr.s0r_i)));
    f(38, mix(fr.b0.p, lab(fr.b0l_i)));
    f(39, m3(fr.s1.p, lab(fr.s1r_i), fr.s0.p));
    // clusters
    f(42, mix(fr.s0.c, fr.b0.c));
    f(43, m3(fr.s1.c, fr.s0.c, fr.b0.p));
    // children's words
    f(44, mix(fr.s0l.w, fr.s0.p));
    f(45, mix(fr.b0l.w, fr.b0.p));
}

#[cfg(test)]
mod tests {
    use super::super::transition::Move;
    use super::*;

    /// Every configuration of a few parses: the split templates make exactly the keys of
    /// `extract`, so the parser's cached scores equal its per-move scores.
    #[test]
    fn split_templates_make_the_same_keys_as_extract() {
        let clusters = Clusters::default();
        let words = [
            "The", "minister", "said", "on", "Monday", "that", "talks", "resume", ".",
        ];
        let tags = ["DT", "NN", "VBD", "IN", "NNP", "IN", "NNS", "VBP", "."];
        let mut toks = Vec::new();
        token_feats(&words, &tags, &clusters, &mut toks);
        // several move sequences: always shift first, then alternate preferences
        for pattern in 0..6u32 {
            let mut state = State::default();
            state.reset(words.len());
            let (mut all, mut moving) = (Vec::new(), Vec::new());
            let mut step = 0u32;
            while !state.is_terminal() {
                extract(&state, &toks, &mut all);
                extract_moving(&state, &toks, &mut moving);
                assert_eq!(moving.len(), MOVING_COUNT);
                let (s0, s1, s2) = (state.s(0), state.s(1), state.s(2));
                let b = |k| at(&toks, state.buf(k));
                moving.extend(s0_keys(at(&toks, s0)));
                moving.extend(s1_keys(at(&toks, s1)));
                moving.extend(s2_keys(at(&toks, s2)));
                moving.extend(buffer_keys(b(0), b(1), b(2)));
                all.sort_unstable();
                moving.sort_unstable();
                assert_eq!(all, moving, "pattern {pattern} step {step}");
                let m = match (step + pattern) % 3 {
                    0 if state.can_shift() => Move::Shift,
                    1 if state.can_left() => Move::Left((step % 5) as u16),
                    _ if state.can_right() => Move::Right((step % 7) as u16),
                    _ if state.can_shift() => Move::Shift,
                    _ => Move::Left(0),
                };
                state.apply(m);
                step += 1;
                assert!(step <= 2 * words.len() as u32 + 1);
            }
        }
    }
}
