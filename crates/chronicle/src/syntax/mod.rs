//! Syntax: part-of-speech tags (Penn Treebank) and phrase chunks (NP, VP, PP, ...), both
//! from the same averaged perceptron as NER ([`crate::learn`]), trained on the POS and
//! chunk columns of CoNLL-2003 (see `models/README.md`). Fills [`Article::pos`] and
//! [`Article::chunks`].

use std::path::Path;
use std::sync::{Arc, OnceLock};

use crate::doc::{Article, Chunk, Range};
use crate::error::{Error, Result};
use crate::learn::clusters::Clusters;
use crate::learn::conll::ConllDoc;
use crate::learn::hash::{feature, hash_str, mix};
use crate::learn::spans::{tag_spans, SpanScore};
use crate::learn::{fit, FitConfig, FitReport, Model, SentFeats, Trainer};
use crate::ner::features::ascii_fold;

static SHIPPED_POS: &[u8] = include_bytes!("../../../../models/pos.bin.gz");
static SHIPPED_CHUNK: &[u8] = include_bytes!("../../../../models/chunk.bin.gz");

const POS_VERSION: &str = "pos-features-1";
const CHUNK_VERSION: &str = "chunk-features-1";

/// Word shape with runs collapsed ("Xx-x", "d,d").
fn short_shape(word: &str) -> String {
    let mut out = String::with_capacity(6);
    for c in word.chars() {
        let s = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_numeric() {
            'd'
        } else {
            c
        };
        if !out.ends_with(s) {
            out.push(s);
        }
    }
    out
}

#[inline]
fn key(template: u32, value: u64) -> u64 {
    feature(template + 1000, value)
}

/// POS features: the word, its affixes, shape and cluster, and its neighbours.
fn pos_features<S: AsRef<str>>(words: &[S], clusters: &Clusters, out: &mut SentFeats) {
    out.clear();
    let folded: Vec<String> = words
        .iter()
        .map(|w| ascii_fold(w.as_ref()).into_owned())
        .collect();
    let lower: Vec<u64> = folded.iter().map(|w| hash_str(&w.to_lowercase())).collect();
    let at = |j: isize| -> u64 {
        if j < 0 {
            1
        } else {
            lower.get(j as usize).copied().unwrap_or(2)
        }
    };
    for (i, w) in folded.iter().enumerate() {
        let i_ = i as isize;
        out.push(key(0, 0));
        out.push(key(1, hash_str(w)));
        out.push(key(2, lower[i]));
        out.push(key(3, hash_str(&short_shape(w))));
        let lw = w.to_lowercase();
        let chars: Vec<(usize, char)> = lw.char_indices().collect();
        for k in 0..chars.len().min(4) {
            let from = chars[chars.len() - 1 - k].0;
            out.push(key(10 + k as u32, hash_str(&lw[from..])));
            let cut = chars.get(k + 1).map_or(lw.len(), |c| c.0);
            out.push(key(14 + k as u32, hash_str(&lw[..cut])));
        }
        if let Some(path) = clusters.path(w) {
            for (t, len) in [(20u32, 4usize), (21, 8), (22, 12)] {
                out.push(key(t, hash_str(path.get(..len).unwrap_or(path))));
            }
        }
        out.push(key(30, at(i_ - 1)));
        out.push(key(31, at(i_ + 1)));
        out.push(key(32, at(i_ - 2)));
        out.push(key(33, at(i_ + 2)));
        out.push(key(34, mix(at(i_ - 1), lower[i])));
        out.push(key(35, mix(lower[i], at(i_ + 1))));
        out.push(key(36, u64::from(i == 0)));
        if i + 1 < folded.len() {
            let next = &folded[i + 1].to_lowercase();
            let suffix_start = next.char_indices().rev().nth(2).map_or(0, |c| c.0);
            out.push(key(37, hash_str(&next[suffix_start..])));
        }
        out.end_token();
    }
}

/// Chunk features: words and POS tags in a window, and POS bigrams.
fn chunk_features<S: AsRef<str>, T: AsRef<str>>(words: &[S], pos: &[T], out: &mut SentFeats) {
    out.clear();
    let lower: Vec<u64> = words
        .iter()
        .map(|w| hash_str(&ascii_fold(w.as_ref()).to_lowercase()))
        .collect();
    let tags: Vec<u64> = pos.iter().map(|p| hash_str(p.as_ref())).collect();
    let get = |v: &[u64], j: isize| -> u64 {
        if j < 0 {
            1
        } else {
            v.get(j as usize).copied().unwrap_or(2)
        }
    };
    for i in 0..words.len() {
        let i_ = i as isize;
        out.push(key(100, 0));
        for (t, d) in [(101u32, -2isize), (102, -1), (103, 0), (104, 1), (105, 2)] {
            out.push(key(t, get(&lower, i_ + d)));
            out.push(key(t + 10, get(&tags, i_ + d)));
        }
        out.push(key(120, mix(get(&tags, i_ - 1), get(&tags, i_))));
        out.push(key(121, mix(get(&tags, i_), get(&tags, i_ + 1))));
        out.push(key(
            122,
            mix(mix(get(&tags, i_ - 1), get(&tags, i_)), get(&tags, i_ + 1)),
        ));
        out.push(key(123, mix(get(&tags, i_), get(&lower, i_))));
        out.push(key(124, mix(get(&tags, i_ - 2), get(&tags, i_ - 1))));
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

/// Part-of-speech tagger.
pub struct PosTagger {
    model: Model,
    clusters: Clusters,
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

impl PosTagger {
    /// The tagger shipped in `models/pos.bin.gz`, decoded once per process.
    pub fn shipped() -> Result<Arc<Self>> {
        static SHIPPED: OnceLock<std::result::Result<Arc<PosTagger>, String>> = OnceLock::new();
        shared(&SHIPPED, "pos", || {
            Self::from_model(Model::from_gzip(SHIPPED_POS)?)
        })
    }
    pub fn load(path: &Path) -> Result<Self> {
        Self::from_model(Model::load(path)?)
    }
    pub fn from_model(model: Model) -> Result<Self> {
        check_version(&model, POS_VERSION, "pos")?;
        let clusters = Clusters::parse(&String::from_utf8_lossy(
            model
                .extras
                .get("clusters")
                .map(Vec::as_slice)
                .unwrap_or(&[]),
        ));
        Ok(PosTagger { model, clusters })
    }
    pub fn save(&self, path: &Path) -> Result<()> {
        self.model.save(path)
    }
    pub fn model(&self) -> &Model {
        &self.model
    }
    /// Tags one sentence.
    pub fn tag<S: AsRef<str>>(&self, words: &[S]) -> Vec<String> {
        let mut feats = SentFeats::new();
        pos_features(words, &self.clusters, &mut feats);
        self.model
            .decode(&feats)
            .into_iter()
            .map(|l| {
                self.model
                    .labels()
                    .get(l as usize)
                    .cloned()
                    .unwrap_or_default()
            })
            .collect()
    }
}

/// Phrase chunker (IOB2 over NP, VP, PP, ADJP, ADVP, SBAR, PRT, ...).
pub struct Chunker {
    model: Model,
}

impl Chunker {
    /// The chunker shipped in `models/chunk.bin.gz`, decoded once per process.
    pub fn shipped() -> Result<Arc<Self>> {
        static SHIPPED: OnceLock<std::result::Result<Arc<Chunker>, String>> = OnceLock::new();
        shared(&SHIPPED, "chunk", || {
            Self::from_model(Model::from_gzip(SHIPPED_CHUNK)?)
        })
    }
    pub fn load(path: &Path) -> Result<Self> {
        Self::from_model(Model::load(path)?)
    }
    pub fn from_model(model: Model) -> Result<Self> {
        check_version(&model, CHUNK_VERSION, "chunk")?;
        Ok(Chunker { model })
    }
    pub fn save(&self, path: &Path) -> Result<()> {
        self.model.save(path)
    }
    pub fn model(&self) -> &Model {
        &self.model
    }
    /// IOB2 chunk tags of one POS-tagged sentence.
    pub fn tag<S: AsRef<str>, T: AsRef<str>>(&self, words: &[S], pos: &[T]) -> Vec<String> {
        let mut feats = SentFeats::new();
        chunk_features(words, pos, &mut feats);
        self.model
            .decode(&feats)
            .into_iter()
            .map(|l| {
                self.model
                    .labels()
                    .get(l as usize)
                    .cloned()
                    .unwrap_or_default()
            })
            .collect()
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
}

impl SyntaxStage {
    pub fn standard() -> Result<Self> {
        Ok(SyntaxStage {
            pos: PosTagger::shipped()?,
            chunker: Chunker::shipped()?,
        })
    }
    /// Decodes the shipped models afresh (for measuring load time; use [`SyntaxStage::standard`]).
    pub fn decode_shipped() -> Result<Self> {
        Ok(Self::new(
            PosTagger::from_model(Model::from_gzip(SHIPPED_POS)?)?,
            Chunker::from_model(Model::from_gzip(SHIPPED_CHUNK)?)?,
        ))
    }

    pub fn new(pos: PosTagger, chunker: Chunker) -> Self {
        SyntaxStage {
            pos: Arc::new(pos),
            chunker: Arc::new(chunker),
        }
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
        for sentence in &article.sentences {
            let tokens = article
                .tokens
                .get(sentence.token_start..sentence.token_end)
                .unwrap_or(&[]);
            let words: Vec<&str> = tokens.iter().map(|t| t.text(text)).collect();
            let tags = self.pos.tag(&words);
            let chunk_tags = self.chunker.tag(&words, &tags);
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
            for (k, tag) in tags.into_iter().enumerate() {
                if let Some(slot) = pos.get_mut(sentence.token_start + k) {
                    *slot = tag;
                }
            }
        }
        article.pos = pos;
        article.chunks = chunks;
    }
}
