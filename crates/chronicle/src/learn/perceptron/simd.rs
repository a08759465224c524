//! Transition scores laid out for Viterbi in lanes of eight labels, with an AVX2 kernel
//! for the best-predecessor step (and a plain one giving the same results elsewhere).

/// Labels Viterbi handles at once: two SSE registers of scores (padded with `-inf`).
const LANES: usize = 8;

/// Transition scores arranged for Viterbi: forbidden ones are `-inf`.
#[derive(Debug, Clone, Default)]
pub(super) struct Transitions {
    pub(super) l: usize,
    /// `l` rounded up to a multiple of [`LANES`].
    pub(super) padded: usize,
    /// From label `p` (row) to label `c` (column), `l × padded`.
    pub(super) step: Vec<f32>,
    /// From the sentence start to each label.
    pub(super) start: Vec<f32>,
    /// From each label to the sentence end.
    pub(super) end: Vec<f32>,
    /// Whether the processor has AVX2 (checked once, when the model is built).
    pub(super) avx2: bool,
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
    pub(super) fn new(l: usize, trans: &[f32], allowed: Option<&[bool]>) -> Self {
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
    pub(super) fn best_predecessors(&self, prev: &[f32], best: &mut [f32], arg: &mut [u32]) {
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
    pub(super) fn best_predecessors_with(&self, prev: &[f32], best: &mut [f32], arg: &mut [u32]) {
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
    pub(super) fn decode(
        &self,
        emissions: &[f32],
        lattice: &mut Lattice,
        path: &mut Vec<u16>,
    ) -> bool {
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
