//! Syntax: part-of-speech tags (Penn Treebank) and phrase chunks (NP, VP, PP, ...), both
//! from the same averaged perceptron as NER ([`crate::learn`]), trained on the POS and
//! chunk columns of CoNLL-2003 (see `models/README.md`). Fills [`Article::pos`] and
//! [`Article::chunks`].

pub mod lemma;
pub mod parse;
pub mod ud;

use std::cell::RefCell;
use std::path::Path;
use std::sync::{Arc, OnceLock};

use crate::doc::{Article, Chunk, Dep, Range};
use crate::error::{Error, Result};
use crate::learn::cache::{add_into, with_local, TypeCache};
use crate::learn::clusters::Clusters;
use crate::learn::conll::ConllDoc;
use crate::learn::hash::{feature, hash_str, mix};
use crate::learn::spans::{tag_spans, SpanScore};
use crate::learn::{fit, FitConfig, FitReport, Lattice, Model, SentFeats, Trainer};
use crate::ner::features::{ascii_fold, push_collapsed, shape_char};

static SHIPPED_POS: &[u8] = include_bytes!("../../../../models/pos.bin.gz");
static SHIPPED_CHUNK: &[u8] = include_bytes!("../../../../models/chunk.bin.gz");

const POS_VERSION: &str = "pos-features-1";
const CHUNK_VERSION: &str = "chunk-features-1";

/// Word shape with runs collapsed ("Xx-x", "d,d").
fn short_shape(word: &str) -> String {
    let mut out = String::with_capacity(6);
    for c in word.chars() {
        push_collapsed(&mut out, shape_char(c, None));
    }
    out
}

#[inline]
fn key(template: u32, value: u64) -> u64 {
    feature(template + 1000, value)
}

/// The value of a word (lower-cased) or tag feature beyond the sentence start or end.
const BOS: u64 = 1;
const EOS: u64 = 2;

/// What a word lends the POS features of the tokens around it.
#[derive(Debug, Clone, Copy)]
struct PosWord {
    /// Hash of the ASCII-folded, lower-cased word.
    lower: u64,
    /// Hash of its last three characters (read by the token before it); none at boundaries.
    suffix3: Option<u64>,
}

impl PosWord {
    fn boundary(lower: u64) -> Self {
        PosWord {
            lower,
            suffix3: None,
        }
    }
}

/// Hash of the ASCII-folded, lower-cased word (what the context features compare).
fn lower_hash(raw: &str) -> u64 {
    hash_str(&ascii_fold(raw).to_lowercase())
}

/// The POS features of a word on its own: the bias, the word, its affixes, shape and cluster.
fn pos_own(raw: &str, clusters: &Clusters, out: &mut (impl FnMut(u64) + ?Sized)) -> PosWord {
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
fn pos_lent(word: PosWord, offset: isize, out: &mut (impl FnMut(u64) + ?Sized)) {
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
fn pos_context(
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
fn at_or_boundary(values: &[u64], j: isize) -> u64 {
    if j < 0 {
        BOS
    } else {
        values.get(j as usize).copied().unwrap_or(EOS)
    }
}

/// POS features: the word, its affixes, shape and cluster, and its neighbours.
fn pos_features<S: AsRef<str>>(words: &[S], clusters: &Clusters, out: &mut SentFeats) {
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
fn chunk_word(lower: u64, offset: isize, out: &mut (impl FnMut(u64) + ?Sized)) {
    if offset == 0 {
        out(key(100, 0));
    }
    out(key((103 + offset) as u32, lower));
}

/// The chunk feature of a POS tag at `offset` (−2..=2) from the token.
fn chunk_tag(tag: u64, offset: isize, out: &mut (impl FnMut(u64) + ?Sized)) {
    out(key((113 + offset) as u32, tag));
}

/// The chunk features joining tags (`tags[2]` is the token's) and the token's word.
fn chunk_context(tags: [u64; 5], lower: u64, out: &mut (impl FnMut(u64) + ?Sized)) {
    out(key(120, mix(tags[1], tags[2])));
    out(key(121, mix(tags[2], tags[3])));
    out(key(122, mix(mix(tags[1], tags[2]), tags[3])));
    out(key(123, mix(tags[2], lower)));
    out(key(124, mix(tags[0], tags[1])));
}

/// Chunk features: words and POS tags in a window, and POS bigrams.
fn chunk_features<S: AsRef<str>, T: AsRef<str>>(words: &[S], pos: &[T], out: &mut SentFeats) {
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

fn check_version(model: &Model, expected: &str, name: &str) -> Result<()> {
    let found = model.meta.get("features").map(String::as_str);
    if found == Some(expected) {
        Ok(())
    } else {
        Err(Error::Model {
            name: name.into(),
            message: format!(
                "trained with features {found:?}, this build extracts {expected}: retrain"
            ),
        })
    }
}

/// Decodes a shipped model once per process.
fn shared<T>(
    cell: &'static OnceLock<std::result::Result<Arc<T>, String>>,
    name: &str,
    load: impl FnOnce() -> Result<T>,
) -> Result<Arc<T>> {
    cell.get_or_init(|| load().map(Arc::new).map_err(|e| e.to_string()))
        .clone()
        .map_err(|message| Error::Model {
            name: name.into(),
            message,
        })
}

/// What the POS tagger and the chunker share: a perceptron model trained with a given
/// feature set, checked when loaded.
pub trait SyntaxModel: Sized {
    /// The name in error messages.
    const NAME: &'static str;
    /// The feature-set version this build extracts.
    const VERSION: &'static str;
    /// Wraps a model whose version was checked.
    fn wrap(model: Model) -> Self;
    fn model(&self) -> &Model;

    fn from_model(model: Model) -> Result<Self> {
        check_version(&model, Self::VERSION, Self::NAME)?;
        Ok(Self::wrap(model))
    }
    fn load(path: &Path) -> Result<Self> {
        Self::from_model(Model::load(path)?)
    }
    fn save(&self, path: &Path) -> Result<()> {
        self.model().save(path)
    }
}

/// Words cached per thread before a cache starts over: a POS entry holds `5 × 45` and a
/// chunk entry `5 × 22` integers, so each cache stays under about 20 MB.
const POS_CACHE_LIMIT: usize = 20_000;
const CHUNK_CACHE_LIMIT: usize = 40_000;
/// Cache entries of the sentence boundaries.
const BOS_ENTRY: usize = 0;
const EOS_ENTRY: usize = 1;

/// Working memory reused across sentences.
#[derive(Default)]
struct Work {
    entries: Vec<usize>,
    tag_entries: Vec<usize>,
    values: Vec<u64>,
    tags: Vec<u64>,
    /// Features joining a token to its neighbours, looked up in the model per sentence.
    context: SentFeats,
    rows: Vec<u32>,
    ints: Vec<i32>,
    emissions: Vec<f32>,
    lattice: Lattice,
}

impl Work {
    /// Adds the context features to `ints`, turns them into scores and decodes them into
    /// `path`.
    fn decode(&mut self, model: &Model, path: &mut Vec<u16>) {
        model.add_emissions(&self.context, &mut self.ints, &mut self.rows);
        model.to_scores(&self.ints, &mut self.emissions);
        model.viterbi_into(&self.emissions, &mut self.lattice, path);
    }

    /// Zeroed integer scores for `n` tokens.
    fn reset_ints(&mut self, n: usize, l: usize) {
        self.ints.clear();
        self.ints.resize(n * l, 0);
    }
}

/// A row index that is not resolved yet, and one the model does not have.
const UNRESOLVED: u32 = u32::MAX - 1;
const NO_ROW: u32 = u32::MAX;

/// The chunker's POS-tag features resolved per tag of a POS model, so that the stage,
/// which has the POS tagger's label indices, looks up one context feature per token (the
/// tag with the word) instead of five. Tag index `labels` stands for the sentence start
/// and `labels + 1` for its end.
#[derive(Default)]
struct TagTables {
    /// The (chunk model, POS model) the tables were built for.
    ids: (u64, u64),
    /// The feature value of each tag (its hash; the boundary markers last).
    values: Vec<u64>,
    /// Per tag and window offset: the summed weights of the tag's window features (what
    /// the chunk tag cache holds), `5 × L` integers per tag.
    window: Vec<i32>,
    /// Rows of the features over (t[i-1], t[i]), (t[i], t[i+1]) and (t[i-2], t[i-1]),
    /// at `a × values + b`.
    pairs: [Vec<u32>; 3],
    /// Rows of the feature over (t[i-1], t[i], t[i+1]), resolved on first use.
    triples: Vec<u32>,
}

impl TagTables {
    /// Makes the tables ready for `chunker` over the tags of `pos`.
    fn prepare(&mut self, chunker: &Model, pos: &Model) {
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
    fn add(&mut self, chunker: &Model, tags: [usize; 5], scores: &mut [i32]) {
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
struct Scratch {
    pos: TypeCache<PosWord>,
    chunk_words: TypeCache<u64>,
    chunk_tags: TypeCache<u64>,
    tag_tables: TagTables,
    work: Work,
    pos_path: Vec<u16>,
    chunk_path: Vec<u16>,
}

impl Scratch {
    fn new() -> Self {
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

fn with_scratch<R>(f: impl FnOnce(&mut Scratch) -> R) -> R {
    with_local(&SCRATCH, Scratch::new, f)
}

/// Adds the weights of the features `lend(offset, add)` produces to slot `offset + 2` of a
/// cache row, for each window offset.
fn fill_slots(model: &Model, row: &mut [i32], mut lend: impl FnMut(isize, &mut dyn FnMut(u64))) {
    let l = model.num_labels();
    for (slot, offset) in row.chunks_exact_mut(l.max(1)).zip(-2isize..=2) {
        lend(offset, &mut |k| model.add_feature(k, slot));
    }
}

/// Adds to each token's scores the cached slot of every word in its window.
fn add_window<T>(cache: &TypeCache<T>, entries: &[usize], ints: &mut [i32], l: usize) {
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

/// Part-of-speech tagger.
pub struct PosTagger {
    model: Model,
    clusters: Clusters,
}

impl SyntaxModel for PosTagger {
    const NAME: &'static str = "pos";
    const VERSION: &'static str = POS_VERSION;
    fn wrap(model: Model) -> Self {
        let clusters = Clusters::parse(&String::from_utf8_lossy(
            model
                .extras
                .get("clusters")
                .map(Vec::as_slice)
                .unwrap_or(&[]),
        ));
        PosTagger { model, clusters }
    }
    fn model(&self) -> &Model {
        &self.model
    }
}

impl PosTagger {
    /// The tagger shipped in `models/pos.bin.gz`, decoded once per process.
    pub fn shipped() -> Result<Arc<Self>> {
        static SHIPPED: OnceLock<std::result::Result<Arc<PosTagger>, String>> = OnceLock::new();
        shared(&SHIPPED, "pos", || {
            Self::from_model(Model::from_gzip(SHIPPED_POS)?)
        })
    }

    /// Tags one sentence.
    pub fn tag<S: AsRef<str>>(&self, words: &[S]) -> Vec<String> {
        with_scratch(|s| {
            self.decode(words, &mut s.pos, &mut s.work, &mut s.pos_path);
            labels_of(&self.model, &s.pos_path)
                .map(str::to_string)
                .collect()
        })
    }

    /// Label indices of one sentence into `path`, from cached word sums.
    fn decode<S: AsRef<str>>(
        &self,
        words: &[S],
        cache: &mut TypeCache<PosWord>,
        work: &mut Work,
        path: &mut Vec<u16>,
    ) {
        let model = &self.model;
        let l = model.num_labels();
        cache.prepare_window(model, [BOS, EOS], |marker, row| {
            let word = PosWord::boundary(marker);
            fill_slots(model, row, |offset, add| pos_lent(word, offset, add));
            word
        });
        work.entries.clear();
        work.values.clear();
        for w in words {
            let entry = cache.entry(w.as_ref(), |w, row| {
                let mut word = PosWord::boundary(0);
                fill_slots(model, row, |offset, add| {
                    if offset == 0 {
                        word = pos_own(w, &self.clusters, add);
                    }
                });
                fill_slots(model, row, |offset, add| pos_lent(word, offset, add));
                word
            });
            work.entries.push(entry);
            work.values.push(cache.item(entry).map_or(EOS, |w| w.lower));
        }
        work.reset_ints(words.len(), l);
        add_window(cache, &work.entries, &mut work.ints, l);
        let (lowers, context) = (&work.values, &mut work.context);
        context.clear();
        for (i, &lower) in lowers.iter().enumerate() {
            let i_ = i as isize;
            pos_context(
                at_or_boundary(lowers, i_ - 1),
                lower,
                at_or_boundary(lowers, i_ + 1),
                i == 0,
                &mut |k| context.push(k),
            );
            context.end_token();
        }
        work.decode(model, path);
    }
}

/// The label strings of a decoded path.
fn labels_of<'a>(model: &'a Model, path: &'a [u16]) -> impl Iterator<Item = &'a str> + 'a {
    path.iter()
        .map(|&p| model.labels().get(p as usize).map_or("", String::as_str))
}

/// Phrase chunker (IOB2 over NP, VP, PP, ADJP, ADVP, SBAR, PRT, ...).
pub struct Chunker {
    model: Model,
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
fn chunk_word_entries<S: AsRef<str>>(
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
    fn decode<S: AsRef<str>, T: AsRef<str>>(
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
    fn decode_indexed<S: AsRef<str>>(
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

/// Distinct values of column `col` over all documents, sorted (the label set).
fn label_set(docs: &[ConllDoc], col: usize) -> Vec<String> {
    let mut labels: Vec<String> = docs
        .iter()
        .flat_map(|d| d.sentences.iter())
        .flat_map(|s| s.column(col).into_iter().map(str::to_string))
        .collect();
    labels.sort();
    labels.dedup();
    labels
}

fn indices(labels: &[String], tags: &[&str]) -> Vec<u16> {
    tags.iter()
        .map(|t| labels.iter().position(|l| l == t).unwrap_or(0) as u16)
        .collect()
}

/// Trains the POS tagger on column 2 of CoNLL-2003 files (early stopping on dev accuracy).
pub fn train_pos(
    train: &[ConllDoc],
    dev: &[ConllDoc],
    clusters: Clusters,
    config: &FitConfig,
    progress: impl FnMut(usize, f64),
) -> Result<(PosTagger, FitReport)> {
    let sentences: Vec<_> = train.iter().flat_map(|d| d.sentences.iter()).collect();
    let labels = label_set(train, 1);
    let gold: Vec<Vec<u16>> = sentences
        .iter()
        .map(|s| indices(&labels, &s.column(1)))
        .collect();
    let mut trainer = Trainer::new(labels.clone(), gold.iter().map(Vec::as_slice));
    let units: Vec<usize> = (0..sentences.len()).collect();
    let mut feats = SentFeats::new();
    let dev_sentences: Vec<_> = dev.iter().flat_map(|d| d.sentences.iter()).collect();
    let (mut model, report) = fit(
        &mut trainer,
        &units,
        config,
        |t, &i| {
            pos_features(&sentences[i].words(), &clusters, &mut feats);
            t.learn(&feats, &gold[i]);
        },
        |m| {
            let mut f = SentFeats::new();
            let (mut right, mut total) = (0usize, 0usize);
            for s in &dev_sentences {
                pos_features(&s.words(), &clusters, &mut f);
                let predicted = m.decode(&f);
                for (p, g) in predicted.iter().zip(s.column(1)) {
                    total += 1;
                    right += usize::from(m.labels().get(*p as usize).is_some_and(|l| l == g));
                }
            }
            100.0 * right as f64 / total.max(1) as f64
        },
        progress,
    );
    model.meta.insert("features".into(), POS_VERSION.into());
    model
        .meta
        .insert("dev_accuracy".into(), format!("{:.2}", report.best_score));
    model
        .extras
        .insert("clusters".into(), clusters.to_text().into_bytes());
    Ok((PosTagger::from_model(model)?, report))
}

/// Trains the chunker on column 3 of CoNLL-2003 files, over POS tags predicted by `pos`
/// (so training sees the same kind of tags as use does); early stopping on dev chunk F1.
pub fn train_chunk(
    train: &[ConllDoc],
    dev: &[ConllDoc],
    pos: &PosTagger,
    config: &FitConfig,
    progress: impl FnMut(usize, f64),
) -> Result<(Chunker, FitReport)> {
    let prepare = |docs: &[ConllDoc]| -> Vec<(Vec<String>, Vec<String>, Vec<String>)> {
        docs.iter()
            .flat_map(|d| d.sentences.iter())
            .map(|s| {
                let words: Vec<String> = s.words().into_iter().map(str::to_string).collect();
                let tags = pos.tag(&words);
                let chunks = s.column(2).into_iter().map(str::to_string).collect();
                (words, tags, chunks)
            })
            .collect()
    };
    let train_set = prepare(train);
    let dev_set = prepare(dev);
    let labels = label_set(train, 2);
    let gold: Vec<Vec<u16>> = train_set
        .iter()
        .map(|(_, _, c)| indices(&labels, &c.iter().map(String::as_str).collect::<Vec<_>>()))
        .collect();
    let mut trainer = Trainer::new(labels.clone(), gold.iter().map(Vec::as_slice));
    let units: Vec<usize> = (0..train_set.len()).collect();
    let mut feats = SentFeats::new();
    let (mut model, report) = fit(
        &mut trainer,
        &units,
        config,
        |t, &i| {
            chunk_features(&train_set[i].0, &train_set[i].1, &mut feats);
            t.learn(&feats, &gold[i]);
        },
        |m| {
            let mut score = SpanScore::default();
            let mut f = SentFeats::new();
            for (words, tags, chunks) in &dev_set {
                chunk_features(words, tags, &mut f);
                let predicted: Vec<&str> = m
                    .decode(&f)
                    .into_iter()
                    .map(|l| m.labels().get(l as usize).map_or("O", String::as_str))
                    .collect();
                score.add(chunks, &predicted);
            }
            score.f1()
        },
        progress,
    );
    model.meta.insert("features".into(), CHUNK_VERSION.into());
    model
        .meta
        .insert("dev_f1".into(), format!("{:.2}", report.best_score));
    Ok((Chunker::from_model(model)?, report))
}

/// POS accuracy and chunk F1 of the given models on CoNLL documents.
pub fn evaluate(pos: &PosTagger, chunker: &Chunker, docs: &[ConllDoc]) -> (f64, SpanScore) {
    let (mut right, mut total) = (0usize, 0usize);
    let mut score = SpanScore::default();
    for s in docs.iter().flat_map(|d| d.sentences.iter()) {
        let words = s.words();
        let tags = pos.tag(&words);
        for (p, g) in tags.iter().zip(s.column(1)) {
            total += 1;
            right += usize::from(p == g);
        }
        score.add(&s.column(2), &chunker.tag(&words, &tags));
    }
    (100.0 * right as f64 / total.max(1) as f64, score)
}

/// The syntax stage: POS tags for every token, chunks per sentence.
pub struct SyntaxStage {
    pos: Arc<PosTagger>,
    chunker: Arc<Chunker>,
    /// The dependency parser (fills `deps` and `lemmas`); none in stages built by
    /// [`SyntaxStage::new`] until [`SyntaxStage::with_parser`].
    parser: Option<Arc<parse::Parser>>,
}

impl SyntaxStage {
    pub fn standard() -> Result<Self> {
        Ok(SyntaxStage {
            pos: PosTagger::shipped()?,
            chunker: Chunker::shipped()?,
            parser: Some(parse::Parser::shipped()?),
        })
    }
    /// Decodes the shipped models afresh (for measuring load time; use [`SyntaxStage::standard`]).
    pub fn decode_shipped() -> Result<Self> {
        Ok(Self::new(
            PosTagger::from_model(Model::from_gzip(SHIPPED_POS)?)?,
            Chunker::from_model(Model::from_gzip(SHIPPED_CHUNK)?)?,
        )
        .with_parser(parse::Parser::from_gzip(parse::SHIPPED_PARSER)?))
    }

    pub fn new(pos: PosTagger, chunker: Chunker) -> Self {
        SyntaxStage {
            pos: Arc::new(pos),
            chunker: Arc::new(chunker),
            parser: None,
        }
    }

    /// The stage without its parser (POS + chunks only, as before the parser existed).
    pub fn without_parser(mut self) -> Self {
        self.parser = None;
        self
    }

    /// Adds a dependency parser (the stage then fills `deps` and `lemmas`).
    pub fn with_parser(mut self, parser: parse::Parser) -> Self {
        self.parser = Some(Arc::new(parser));
        self
    }
}

impl crate::pipeline::Stage for SyntaxStage {
    fn name(&self) -> &'static str {
        "syntax"
    }
    fn annotate(&self, article: &mut Article) {
        let text = &article.text;
        let mut pos = vec![String::new(); article.tokens.len()];
        let mut chunks = Vec::new();
        let parser = self.parser.as_deref();
        let (mut deps, mut lemmas) = if parser.is_some() {
            let n = article.tokens.len();
            (vec![Dep::default(); n], vec![String::new(); n])
        } else {
            (Vec::new(), Vec::new())
        };
        let mut tree = parse::Tree::default();
        with_scratch(|s| {
            let mut words: Vec<&str> = Vec::new();
            for sentence in &article.sentences {
                let tokens = article
                    .tokens
                    .get(sentence.token_start..sentence.token_end)
                    .unwrap_or(&[]);
                words.clear();
                words.extend(tokens.iter().map(|t| t.text(text)));
                self.pos
                    .decode(&words, &mut s.pos, &mut s.work, &mut s.pos_path);
                self.chunker.decode_indexed(
                    &words,
                    (&self.pos.model, &s.pos_path),
                    (&mut s.chunk_words, &mut s.tag_tables),
                    &mut s.work,
                    &mut s.chunk_path,
                );
                let chunk_tags: Vec<&str> = labels_of(&self.chunker.model, &s.chunk_path).collect();
                for span in tag_spans(&chunk_tags) {
                    let (Some(first), Some(last)) =
                        (tokens.get(span.start), tokens.get(span.end.wrapping_sub(1)))
                    else {
                        continue;
                    };
                    let range = Range::new(first.start, last.end);
                    chunks.push(Chunk {
                        start: range.start,
                        end: range.end,
                        text: range.slice(text).to_string(),
                        label: span.label,
                    });
                }
                for (k, tag) in labels_of(&self.pos.model, &s.pos_path).enumerate() {
                    if let Some(slot) = pos.get_mut(sentence.token_start + k) {
                        *slot = tag.to_string();
                    }
                }
                if let Some(parser) = parser {
                    let tags: Vec<&str> = labels_of(&self.pos.model, &s.pos_path).collect();
                    parser.parse_into(&words, &tags, &mut tree);
                    let base = sentence.token_start;
                    for (k, (&h, &l)) in tree.heads.iter().zip(&tree.labels).enumerate() {
                        if let Some(dep) = deps.get_mut(base + k) {
                            *dep = Dep {
                                head: (h > 0).then(|| base + h as usize - 1),
                                rel: parser.label(l).to_string(),
                            };
                        }
                        if let Some(lemma) = lemmas.get_mut(base + k) {
                            let word = words.get(k).copied().unwrap_or("");
                            *lemma = parser
                                .lemmatizer
                                .lemma(word, tags.get(k).copied().unwrap_or(""));
                        }
                    }
                }
            }
        });
        article.pos = pos;
        article.chunks = chunks;
        article.deps = deps;
        article.lemmas = lemmas;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences() -> Vec<Vec<&'static str>> {
        vec![
            vec![
                "US",
                "Secretary",
                "of",
                "State",
                "Antony",
                "Blinken",
                "arrived",
                "in",
                "Seoul",
                "on",
                "Wednesday",
                ".",
            ],
            vec!["SEOUL", "WELCOMES", "ENVOY"],
            vec![
                "\u{201c}",
                "We",
                "won\u{2019}t",
                "go",
                ",",
                "\u{201d}",
                "she",
                "said",
            ],
            vec!["28,500", "troops"],
            vec!["x"],
            vec![],
        ]
    }

    #[test]
    fn cached_pos_scores_equal_full_feature_scores() {
        let pos = PosTagger::shipped().unwrap();
        let mut s = Scratch::new();
        for words in sentences() {
            let mut feats = SentFeats::new();
            pos_features(&words, &pos.clusters, &mut feats);
            let mut full = Vec::new();
            pos.model.integer_emissions(&feats, &mut full);
            let mut path = Vec::new();
            pos.decode(&words, &mut s.pos, &mut s.work, &mut path);
            assert_eq!(full, s.work.ints, "{words:?}");
            assert_eq!(path, pos.model.decode(&feats), "{words:?}");
        }
    }

    #[test]
    fn cached_chunk_scores_equal_full_feature_scores() {
        let pos = PosTagger::shipped().unwrap();
        let chunker = Chunker::shipped().unwrap();
        let mut s = Scratch::new();
        for words in sentences() {
            let tags = pos.tag(&words);
            // Also a tag list shorter than the sentence: missing tags read as its end.
            for tags in [&tags[..], &tags[..tags.len().saturating_sub(1)]] {
                let mut feats = SentFeats::new();
                chunk_features(&words, tags, &mut feats);
                let mut full = Vec::new();
                chunker.model.integer_emissions(&feats, &mut full);
                let mut path = Vec::new();
                chunker.decode(
                    &words,
                    tags,
                    (&mut s.chunk_words, &mut s.chunk_tags),
                    &mut s.work,
                    &mut path,
                );
                assert_eq!(full, s.work.ints, "{words:?} {tags:?}");
                // The stage's path: tags as the POS model's label indices.
                let indices: Vec<u16> = tags
                    .iter()
                    .map(|t| pos.model.label_index(t).unwrap())
                    .collect();
                chunker.decode_indexed(
                    &words,
                    (&pos.model, &indices),
                    (&mut s.chunk_words, &mut s.tag_tables),
                    &mut s.work,
                    &mut path,
                );
                assert_eq!(full, s.work.ints, "indexed: {words:?} {tags:?}");
            }
        }
    }

    #[test]
    fn the_stage_tags_every_token_and_finds_phrases() {
        use crate::pipeline::Stage;
        let mut article = Article::new(
            "Blinken met the South Korean foreign minister in Seoul. He left on Friday.".into(),
        );
        crate::pipeline::TextStage.annotate(&mut article);
        SyntaxStage::standard().unwrap().annotate(&mut article);
        assert_eq!(article.pos.len(), article.tokens.len());
        assert!(
            article.pos.iter().all(|t| !t.is_empty()),
            "{:?}",
            article.pos
        );
        assert_eq!(article.pos.first().map(String::as_str), Some("NNP"));
        assert!(article
            .chunks
            .iter()
            .any(|c| c.label == "NP" && c.text == "the South Korean foreign minister"));
        assert!(article
            .chunks
            .iter()
            .any(|c| c.label == "PP" && c.text == "in"));
    }
}
