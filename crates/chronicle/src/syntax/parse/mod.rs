//! Dependency parsing: a greedy arc-hybrid transition parser (see [`transition`]) scored
//! by an averaged perceptron over hashed features ([`features`], [`model`]), trained with a
//! dynamic oracle ([`train`]), over the POS tags of our own tagger. It writes Universal
//! Dependencies v2 relations, lemmas ([`super::lemma`]) and UPOS ([`super::ud::upos`]).
//! Cost is linear in sentence length (2n moves, a fixed number of features per move), and
//! every output is one tree: one root, every token attached, no cycles.

pub mod conllu;
pub mod features;
pub mod model;
pub mod train;
pub mod transition;

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, OnceLock};

use self::features::TokFeat;
use self::model::{model_error, Scorer};
use self::transition::{Move, State, NONE};
use super::lemma::Lemmatizer;
use crate::error::{Error, Result};
use crate::learn::clusters::Clusters;

pub static SHIPPED_PARSER: &[u8] = include_bytes!("../../../../../models/parser.bin.gz");

const MAGIC: &[u8] = b"CHRONICLE-PARSER-2\n";
/// The first format (16-bit weights), still read.
const MAGIC_V1: &[u8] = b"CHRONICLE-PARSER-1\n";

/// A parsed sentence: per word its head (0 = root, else 1-based) and label index.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tree {
    pub heads: Vec<u32>,
    pub labels: Vec<u16>,
}

/// The parser with what it needs at run time: the scorer, the relation labels, the word
/// clusters, the lemmatizer and the model's provenance notes.
pub struct Parser {
    pub scorer: Scorer,
    pub labels: Vec<String>,
    pub clusters: Clusters,
    pub lemmatizer: Lemmatizer,
    pub meta: BTreeMap<String, String>,
}

/// Working memory reused across sentences.
#[derive(Default)]
struct Scratch {
    state: State,
    toks: Vec<TokFeat>,
    feats: Vec<u64>,
    scores: Vec<i32>,
    /// Per token index (`n + 1` standing for an absent token or the empty buffer) four
    /// score vectors: its templates as `s0`, as `s1`, as `s2`, and the buffer's templates
    /// when the buffer starts at it.
    cached: Vec<i32>,
    keys: Vec<u64>,
    dest: Vec<u32>,
}

/// Score vectors per token in [`Scratch::cached`].
const CACHED: usize = 4;
/// Above this many integers the cache is freed after the sentence (a run-on "sentence"
/// should not keep its memory).
const CACHE_KEEP: usize = 1 << 20;

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

fn write_blob(out: &mut impl Write, bytes: &[u8]) -> std::io::Result<()> {
    out.write_all(&(bytes.len() as u64).to_le_bytes())?;
    out.write_all(bytes)
}

fn read_blob(input: &mut impl Read) -> Result<String> {
    let mut len = [0u8; 8];
    input
        .read_exact(&mut len)
        .map_err(|e| model_error(e.to_string()))?;
    let len = u64::from_le_bytes(len) as usize;
    if len > 200_000_000 {
        return Err(model_error("implausible blob size"));
    }
    let mut buf = vec![0u8; len];
    input
        .read_exact(&mut buf)
        .map_err(|e| model_error(e.to_string()))?;
    String::from_utf8(buf).map_err(|e| model_error(e.to_string()))
}

/// The best legal move by `scores` (SHIFT when nothing else is legal): the legal action
/// of highest score, the lowest index among equals.
pub(crate) fn best_legal(state: &State, scores: &[i32]) -> Move {
    let (left, right) = (state.can_left(), state.can_right());
    let mut best = (i32::MIN, Move::Shift);
    if state.can_shift() {
        best = (scores.first().copied().unwrap_or(0), Move::Shift);
    }
    let arcs = scores.get(1..).unwrap_or(&[]);
    // the first maximum among the legal arcs: LEFT at odd actions, RIGHT at even ones
    let arc = match (left, right) {
        (true, true) => arcs
            .iter()
            .copied()
            .max()
            .and_then(|m| Some((m, 1 + arcs.iter().position(|&s| s == m)?))),
        (true, false) => first_max(arcs.iter().copied().step_by(2)).map(|(m, k)| (m, 1 + 2 * k)),
        (false, true) => {
            first_max(arcs.iter().copied().skip(1).step_by(2)).map(|(m, k)| (m, 2 + 2 * k))
        }
        (false, false) => None,
    };
    if let Some((s, a)) = arc {
        if s > best.0 {
            best = (s, Move::from_index(a));
        }
    }
    if best.0 == i32::MIN && right {
        // Only possible when neither SHIFT nor an arc is legal: the terminal state.
        return Move::Right(0);
    }
    best.1
}

/// The largest value and the position of its first occurrence.
#[inline]
fn first_max(values: impl Iterator<Item = i32>) -> Option<(i32, usize)> {
    let mut best: Option<(i32, usize)> = None;
    for (k, v) in values.enumerate() {
        if best.is_none_or(|(b, _)| v > b) {
            best = Some((v, k));
        }
    }
    best
}

impl Parser {
    /// The parser shipped in `models/parser.bin.gz`, decoded once per process.
    pub fn shipped() -> Result<Arc<Parser>> {
        static SHIPPED: OnceLock<std::result::Result<Arc<Parser>, String>> = OnceLock::new();
        SHIPPED
            .get_or_init(|| {
                Parser::from_gzip(SHIPPED_PARSER)
                    .map(Arc::new)
                    .map_err(|e| e.to_string())
            })
            .clone()
            .map_err(model_error)
    }

    pub fn from_gzip(bytes: &[u8]) -> Result<Parser> {
        let mut input = std::io::BufReader::new(flate2::read::GzDecoder::new(bytes));
        let mut magic = vec![0u8; MAGIC.len()];
        input
            .read_exact(&mut magic)
            .map_err(|e| model_error(e.to_string()))?;
        if magic != MAGIC && magic != MAGIC_V1 {
            return Err(model_error("not a Chronicle parser model"));
        }
        let wide = magic == MAGIC;
        let meta_text = read_blob(&mut input)?;
        let labels: Vec<String> = read_blob(&mut input)?.lines().map(str::to_string).collect();
        let clusters = Clusters::parse(&read_blob(&mut input)?);
        let lemmatizer = Lemmatizer::parse(&read_blob(&mut input)?);
        let scorer = Scorer::read(&mut input, wide)?;
        if scorer.actions != 1 + 2 * labels.len() {
            return Err(model_error("label count does not match the weights"));
        }
        let meta = meta_text
            .lines()
            .filter_map(|l| l.split_once('='))
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Ok(Parser {
            scorer,
            labels,
            clusters,
            lemmatizer,
            meta,
        })
    }

    pub fn load(path: &Path) -> Result<Parser> {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        Parser::from_gzip(&bytes)
    }

    pub fn save(&self, path: &Path) -> Result<()> {
        let file = std::fs::File::create(path).map_err(|e| Error::io(path, e))?;
        let mut out = flate2::write::GzEncoder::new(
            std::io::BufWriter::new(file),
            flate2::Compression::best(),
        );
        let meta: String = self
            .meta
            .iter()
            .map(|(k, v)| format!("{k}={}\n", v.replace('\n', " ")))
            .collect();
        let write = |out: &mut flate2::write::GzEncoder<_>| -> std::io::Result<()> {
            out.write_all(MAGIC)?;
            write_blob(out, meta.as_bytes())?;
            write_blob(out, self.labels.join("\n").as_bytes())?;
            write_blob(out, self.clusters.to_text().as_bytes())?;
            write_blob(out, self.lemmatizer.to_text().as_bytes())?;
            self.scorer.write(out)?;
            out.try_finish()
        };
        write(&mut out).map_err(|e| Error::io(path, e))?;
        let mut inner = out.finish().map_err(|e| Error::io(path, e))?;
        inner.flush().map_err(|e| Error::io(path, e))
    }

    /// The relation name of a label index ("dep" if out of range).
    pub fn label(&self, index: u16) -> &str {
        self.labels
            .get(index as usize)
            .map_or("dep", String::as_str)
    }

    /// Scores, once per sentence, the templates that read a single stack token (for every
    /// token as `s0`, `s1` and `s2`) or only the buffer (for every buffer start): the
    /// parser then adds four cached vectors per move instead of probing 18 features.
    fn fill_cache(&self, n: usize, s: &mut Scratch) {
        let a = self.scorer.actions;
        let slots = n + 2;
        s.cached.clear();
        s.cached.resize(slots * CACHED * a, 0);
        s.keys.clear();
        s.dest.clear();
        let tok =
            |t: usize| features::at(&s.toks, if t <= n { t as u32 } else { transition::NONE });
        for t in 0..slots {
            let base = (t * CACHED) as u32;
            let this = tok(t);
            for (k, keys) in [
                &features::s0_keys(this)[..],
                &features::s1_keys(this)[..],
                &features::s2_keys(this)[..],
            ]
            .into_iter()
            .enumerate()
            {
                s.keys.extend_from_slice(keys);
                s.dest
                    .extend(std::iter::repeat_n(base + k as u32, keys.len()));
            }
            if t > 0 {
                s.keys
                    .extend_from_slice(&features::buffer_keys(this, tok(t + 1), tok(t + 2)));
                s.dest.extend(std::iter::repeat_n(base + 3, 10));
            }
            if s.keys.len() >= 40 || t + 1 == slots {
                self.scorer.add_many(&s.keys, &s.dest, &mut s.cached);
                s.keys.clear();
                s.dest.clear();
            }
        }
    }

    /// Parses one POS-tagged sentence into `tree`.
    pub fn parse_into<S: AsRef<str>, T: AsRef<str>>(
        &self,
        words: &[S],
        tags: &[T],
        tree: &mut Tree,
    ) {
        SCRATCH.with(|cell| match cell.try_borrow_mut() {
            Ok(mut s) => self.parse_with(words, tags, &mut s, tree),
            Err(_) => self.parse_with(words, tags, &mut Scratch::default(), tree),
        })
    }

    /// Parses one POS-tagged sentence.
    pub fn parse<S: AsRef<str>, T: AsRef<str>>(&self, words: &[S], tags: &[T]) -> Tree {
        let mut tree = Tree::default();
        self.parse_into(words, tags, &mut tree);
        tree
    }

    fn parse_with<S: AsRef<str>, T: AsRef<str>>(
        &self,
        words: &[S],
        tags: &[T],
        s: &mut Scratch,
        tree: &mut Tree,
    ) {
        let n = words.len();
        let a = self.scorer.actions;
        features::token_feats(words, tags, &self.clusters, &mut s.toks);
        self.fill_cache(n, s);
        s.state.reset(n);
        s.scores.resize(a, 0);
        let absent = n + 1;
        let index = |t: u32| if t == NONE { absent } else { t as usize };
        while !s.state.is_terminal() {
            features::extract_moving(&s.state, &s.toks, &mut s.feats);
            let st = &s.state;
            let vector = |v: usize| s.cached.get(v * a..(v + 1) * a).unwrap_or(&[]);
            let (v0, v1, v2, v3) = (
                vector(index(st.s(0)) * CACHED),
                vector(index(st.s(1)) * CACHED + 1),
                vector(index(st.s(2)) * CACHED + 2),
                vector((st.b as usize).min(absent) * CACHED + 3),
            );
            if v0.len() == a && v1.len() == a && v2.len() == a && v3.len() == a {
                let rows = v0.iter().zip(v1).zip(v2.iter().zip(v3));
                for (score, ((x0, x1), (x2, x3))) in s.scores.iter_mut().zip(rows) {
                    *score = x0 + x1 + x2 + x3;
                }
            } else {
                // unreachable: the cache holds every vector of the sentence
                s.scores.fill(0);
            }
            self.scorer.add(&s.feats, &mut s.scores);
            let m = best_legal(&s.state, &s.scores);
            s.state.apply(m);
        }
        if s.cached.capacity() > CACHE_KEEP {
            s.cached = Vec::new();
        }
        tree.heads.clear();
        tree.labels.clear();
        for t in 1..=n {
            let h = s.state.head.get(t).copied().unwrap_or(NONE);
            // Unreachable by construction (2n moves attach every token); kept as a net.
            tree.heads.push(if h == NONE { 0 } else { h });
            tree.labels.push(s.state.label.get(t).copied().unwrap_or(0));
        }
        // The root word's label is "root" whatever the scorer preferred.
        let root = self.labels.iter().position(|l| l == "root");
        let dep = self.labels.iter().position(|l| l == "dep").or(root);
        if let (Some(root), Some(dep)) = (root, dep) {
            for (h, l) in tree.heads.iter().zip(tree.labels.iter_mut()) {
                if *h == 0 {
                    *l = root as u16;
                } else if *l as usize == root {
                    *l = dep as u16;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::learn::hash::Rng;

    /// The move the parser picked before `best_legal` was vectorised: one pass in action
    /// order, a legal action replacing the best only when strictly higher.
    fn reference(state: &State, scores: &[i32]) -> Move {
        let mut best = (i32::MIN, Move::Shift);
        if state.can_shift() {
            best = (scores[0], Move::Shift);
        }
        for (a, &s) in scores.iter().enumerate().skip(1) {
            let legal = if a % 2 == 1 {
                state.can_left()
            } else {
                state.can_right()
            };
            if legal && s > best.0 {
                best = (s, Move::from_index(a));
            }
        }
        if best.0 == i32::MIN && state.can_right() {
            return Move::Right(0);
        }
        best.1
    }

    #[test]
    fn best_legal_picks_the_first_highest_legal_move() {
        let mut rng = Rng::new(3);
        let mut scores = vec![0i32; 9];
        for n in 1..5usize {
            for round in 0..200 {
                let mut state = State::default();
                state.reset(n);
                let mut steps = 0;
                while !state.is_terminal() {
                    // few distinct values, so that ties between legal moves are common
                    for s in scores.iter_mut() {
                        *s = rng.below(4) as i32 - 2;
                    }
                    let m = best_legal(&state, &scores);
                    assert_eq!(m, reference(&state, &scores), "n {n} round {round}");
                    state.apply(m);
                    steps += 1;
                    assert!(steps <= 2 * n);
                }
            }
        }
    }
}
