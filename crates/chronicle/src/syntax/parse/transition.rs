//! The arc-hybrid transition system (Kuhlmann et al. 2011) with its dynamic oracle
//! (Goldberg & Nivre 2013).
//!
//! Tokens are numbered 1..=n; 0 is the root, always at the bottom of the stack. Moves:
//! SHIFT (buffer front onto the stack), LEFT(l) (stack top gets the buffer front as head,
//! popped) and RIGHT(l) (stack top gets the token below it as head, popped). RIGHT onto the
//! root is allowed only as the very last move, so every tree has exactly one root word;
//! some move is always legal until the stack holds only the root and the buffer is
//! empty, which takes exactly 2n moves: trees are always complete, acyclic, and built in
//! linear time.

/// No token (an absent child, an empty stack slot).
pub const NONE: u32 = u32::MAX;

/// A move: SHIFT, or an arc with a label index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Move {
    Shift,
    Left(u16),
    Right(u16),
}

impl Move {
    /// The action index: 0 = SHIFT, 1 + 2l = LEFT(l), 2 + 2l = RIGHT(l).
    pub fn index(self) -> usize {
        match self {
            Move::Shift => 0,
            Move::Left(l) => 1 + 2 * l as usize,
            Move::Right(l) => 2 + 2 * l as usize,
        }
    }
    pub fn from_index(a: usize) -> Move {
        if a == 0 {
            Move::Shift
        } else if a % 2 == 1 {
            Move::Left(((a - 1) / 2) as u16)
        } else {
            Move::Right(((a - 2) / 2) as u16)
        }
    }
}

/// A parser configuration, reused across sentences.
#[derive(Debug, Default, Clone)]
pub struct State {
    /// Number of words.
    pub n: u32,
    pub stack: Vec<u32>,
    /// The buffer front (`n + 1` when empty).
    pub b: u32,
    /// Per token (index 0 = root): head, label, leftmost and second leftmost child,
    /// rightmost and second rightmost child, and counts of left and right children.
    pub head: Vec<u32>,
    pub label: Vec<u16>,
    pub left: Vec<[u32; 2]>,
    pub right: Vec<[u32; 2]>,
    pub valency: Vec<[u8; 2]>,
}

impl State {
    pub fn reset(&mut self, n: usize) {
        let n1 = n + 1;
        self.n = n as u32;
        self.stack.clear();
        self.stack.push(0);
        self.b = 1;
        self.head.clear();
        self.head.resize(n1, NONE);
        self.label.clear();
        self.label.resize(n1, 0);
        self.left.clear();
        self.left.resize(n1, [NONE; 2]);
        self.right.clear();
        self.right.resize(n1, [NONE; 2]);
        self.valency.clear();
        self.valency.resize(n1, [0; 2]);
    }

    pub fn is_terminal(&self) -> bool {
        self.b > self.n && self.stack.len() <= 1
    }

    /// The `k`-th stack element from the top, or [`NONE`].
    #[inline]
    pub fn s(&self, k: usize) -> u32 {
        let len = self.stack.len();
        if k < len {
            self.stack[len - 1 - k]
        } else {
            NONE
        }
    }

    /// The `k`-th buffer element, or [`NONE`].
    #[inline]
    pub fn buf(&self, k: u32) -> u32 {
        let i = self.b + k;
        if i <= self.n {
            i
        } else {
            NONE
        }
    }

    pub fn can_shift(&self) -> bool {
        self.b <= self.n
    }
    pub fn can_left(&self) -> bool {
        self.b <= self.n && self.stack.len() > 1
    }
    pub fn can_right(&self) -> bool {
        let len = self.stack.len();
        len > 2 || (len == 2 && self.b > self.n)
    }

    fn attach(&mut self, dep: u32, head: u32, label: u16) {
        let (d, h) = (dep as usize, head as usize);
        self.head[d] = head;
        self.label[d] = label;
        if dep < head {
            let l = &mut self.left[h];
            l[1] = l[0];
            l[0] = dep;
            self.valency[h][0] = self.valency[h][0].saturating_add(1);
        } else {
            let r = &mut self.right[h];
            r[1] = r[0];
            r[0] = dep;
            self.valency[h][1] = self.valency[h][1].saturating_add(1);
        }
    }

    /// Applies a legal move (an illegal one is ignored: callers pick among legal ones).
    pub fn apply(&mut self, m: Move) {
        match m {
            Move::Shift if self.can_shift() => {
                self.stack.push(self.b);
                self.b += 1;
            }
            Move::Left(l) if self.can_left() => {
                if let Some(s0) = self.stack.pop() {
                    self.attach(s0, self.b, l);
                }
            }
            Move::Right(l) if self.can_right() => {
                if let Some(s0) = self.stack.pop() {
                    let s1 = self.s(0);
                    self.attach(s0, s1, l);
                }
            }
            _ => {}
        }
    }

    /// Dynamic-oracle cost of SHIFT, LEFT and RIGHT (unlabelled), and whether LEFT and
    /// RIGHT would attach the gold arc (so only the gold label is free). `gold` holds the
    /// gold head per token (index 0 unused).
    pub fn costs(&self, gold: &[u32]) -> ([u32; 3], [bool; 2]) {
        let s0 = self.s(0);
        let s1 = self.s(1);
        let b = self.b;
        let n = self.n;
        let g = |t: u32| gold.get(t as usize).copied().unwrap_or(NONE);
        let in_buffer = |t: u32| t != NONE && t >= b && t <= n && t != 0;
        // SHIFT: b loses heads in the stack below s0 and dependents in the stack.
        let mut shift = 0;
        if self.can_shift() {
            let hb = g(b);
            let len = self.stack.len();
            for (k, &t) in self.stack.iter().enumerate() {
                if t == hb && k + 1 != len {
                    shift += 1;
                }
                if t != 0 && g(t) == b {
                    shift += 1;
                }
            }
        }
        // LEFT and RIGHT both pop s0: it loses its dependents in the buffer.
        let (mut left, mut right) = (0, 0);
        let mut exact = [false; 2];
        if s0 != NONE && s0 != 0 {
            let lost_deps = (b..=n).filter(|&d| g(d) == s0).count() as u32;
            let h = g(s0);
            left = lost_deps + u32::from(h != b && (h == s1 || in_buffer(h)));
            right = lost_deps + u32::from(in_buffer(h));
            exact = [h == b, h == s1];
        }
        ([shift, left, right], exact)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn move_indices_round_trip() {
        for m in [
            Move::Shift,
            Move::Left(0),
            Move::Right(0),
            Move::Left(7),
            Move::Right(9),
        ] {
            assert_eq!(Move::from_index(m.index()), m);
        }
    }

    #[test]
    fn zero_cost_moves_rebuild_a_projective_tree() {
        // heads of "a b c d": b <- a, root -> b, d <- c, b -> d
        let gold = [NONE, 2, 0, 4, 2];
        let mut s = State::default();
        s.reset(4);
        let mut steps = 0;
        while !s.is_terminal() {
            let (c, _) = s.costs(&gold);
            let m = if s.can_left() && c[1] == 0 && gold[s.s(0) as usize] == s.b {
                Move::Left(0)
            } else if s.can_right() && c[2] == 0 && gold[s.s(0) as usize] == s.s(1) {
                Move::Right(0)
            } else {
                Move::Shift
            };
            s.apply(m);
            steps += 1;
            assert!(steps <= 8);
        }
        assert_eq!(&s.head[1..], &[2, 0, 4, 2]);
    }
}
