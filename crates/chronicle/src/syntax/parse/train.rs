//! Training: greedy parsing with a dynamic oracle (Goldberg & Nivre 2013). At each
//! configuration the scorer's best legal move is compared with the best zero-cost (or
//! least-cost) move; a mistake updates both. From the second epoch on, the parser follows
//! its own (possibly wrong) move with probability `explore`, so it learns to recover
//! from errors. The best epoch on the dev set (averaged weights) is kept.

use std::collections::{BTreeMap, HashMap};

use super::conllu::Sentence;
use super::features::{self, TokFeat};
use super::transition::{Move, State};
use super::{Parser, Tree};
use crate::learn::clusters::Clusters;
use crate::learn::hash::Rng;
use crate::syntax::lemma::Lemmatizer;
use crate::syntax::ud::{clearnlp_to_ud_names, conll2003_tag, is_tree};
use crate::syntax::{jackknife_fold, PosTagger};

use super::conllu::AttachmentScore;
use super::model::Weights;

/// One training or dev sentence: words, predicted POS tags, gold heads (0 = root) and
/// UD relations.
#[derive(Debug, Clone)]
pub struct Example {
    pub words: Vec<String>,
    pub tags: Vec<String>,
    pub heads: Vec<u32>,
    pub labels: Vec<String>,
}

/// Turns CoNLL-U sentences into examples, tagged by `pos`. With `clearnlp`, DEPREL holds
/// ClearNLP labels (spaCy's) and is converted to UD first; sentences that do not form a
/// tree are dropped. Also returns (form, gold XPOS, lemma) triples for the lemmatizer.
pub fn examples(
    sentences: &[Sentence],
    clearnlp: bool,
    pos: &PosTagger,
) -> (Vec<Example>, Vec<(String, String, String)>) {
    examples_tagged(sentences, clearnlp, |_, s| pos.tag(&s.forms()))
}

/// Where the parser's POS tags come from.
pub enum TagSource<'a> {
    /// One tagger for every sentence.
    Tagger(&'a PosTagger),
    /// The file's own XPOS column, in CoNLL-2003's tag set (an upper bound: perfect tags).
    Gold,
    /// Jackknifed: sentence `i` is tagged by `taggers[jackknife_fold(i, every, len)]`, a
    /// tagger that did not see it in training.
    Folds {
        taggers: &'a [PosTagger],
        every: usize,
    },
}

impl TagSource<'_> {
    /// The tags of sentence `i` of its file.
    pub fn tags(&self, i: usize, s: &Sentence) -> Vec<String> {
        match self {
            TagSource::Tagger(pos) => pos.tag(&s.forms()),
            TagSource::Gold => s
                .column(4)
                .iter()
                .map(|x| conll2003_tag(x).to_string())
                .collect(),
            TagSource::Folds { taggers, every } => {
                match taggers.get(jackknife_fold(i, *every, taggers.len())) {
                    Some(pos) => pos.tag(&s.forms()),
                    None => vec![String::new(); s.rows.len()],
                }
            }
        }
    }
}

/// [`examples`] with the tags of sentence `i` (its index in `sentences`) from `tag`.
pub fn examples_tagged(
    sentences: &[Sentence],
    clearnlp: bool,
    tag: impl Fn(usize, &Sentence) -> Vec<String>,
) -> (Vec<Example>, Vec<(String, String, String)>) {
    let mut out = Vec::new();
    let mut lemmas = Vec::new();
    for (i, s) in sentences.iter().enumerate() {
        let forms = s.forms();
        let xpos = s.column(4);
        let lemma_col = s.column(2);
        let mut heads = s.heads();
        let mut labels: Vec<String> = s.column(7).iter().map(|l| l.to_string()).collect();
        if clearnlp
            && !clearnlp_to_ud_names(
                &forms,
                &xpos,
                &lemma_col,
                &s.person_marks(),
                &mut heads,
                &mut labels,
            )
        {
            continue;
        }
        if forms.is_empty() || !is_tree(&heads) {
            continue;
        }
        for ((f, x), l) in forms.iter().zip(&xpos).zip(&lemma_col) {
            lemmas.push((f.to_string(), x.to_string(), l.to_string()));
        }
        out.push(Example {
            words: forms.iter().map(|w| w.to_string()).collect(),
            tags: tag(i, s),
            heads: heads.iter().map(|&h| h as u32).collect(),
            labels,
        });
    }
    (out, lemmas)
}

#[derive(Debug, Clone)]
pub struct TrainConfig {
    pub epochs: usize,
    pub seed: u64,
    /// Probability of following the parser's own move once exploring.
    pub explore: f64,
    /// Sentences longer than this are skipped in training (the oracle is quadratic).
    pub max_len: usize,
    /// Averaged weights smaller than this are dropped from the frozen model.
    pub min_weight: f32,
    /// Labels seen fewer times are mapped to `dep`.
    pub min_label_count: usize,
}

impl Default for TrainConfig {
    fn default() -> Self {
        TrainConfig {
            epochs: 8,
            seed: 1,
            explore: 0.9,
            max_len: 120,
            min_weight: 0.05,
            min_label_count: 20,
        }
    }
}

/// Scores a parser on examples.
pub fn evaluate(parser: &Parser, examples: &[Example]) -> AttachmentScore {
    let mut score = AttachmentScore::default();
    let mut tree = Tree::default();
    for e in examples {
        parser.parse_into(&e.words, &e.tags, &mut tree);
        let gold: Vec<(usize, &str)> = e
            .heads
            .iter()
            .zip(&e.labels)
            .map(|(&h, l)| (h as usize, l.as_str()))
            .collect();
        let predicted: Vec<(usize, &str)> = tree
            .heads
            .iter()
            .zip(&tree.labels)
            .map(|(&h, &l)| (h as usize, parser.label(l)))
            .collect();
        score.add(&gold, &predicted);
    }
    score
}

/// Trains a parser. `progress(epoch, dev UAS, dev LAS)` is called after each epoch.
pub fn train(
    train: &[Example],
    dev: &[Example],
    clusters: Clusters,
    lemmatizer: Lemmatizer,
    config: &TrainConfig,
    mut progress: impl FnMut(usize, f64, f64),
) -> Parser {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for e in train {
        for l in &e.labels {
            *counts.entry(l.as_str()).or_default() += 1;
        }
    }
    let mut labels: Vec<String> = counts
        .iter()
        .filter(|(l, &c)| c >= config.min_label_count || **l == "root")
        .map(|(l, _)| l.to_string())
        .collect();
    for required in ["root", "dep"] {
        if !labels.iter().any(|l| l == required) {
            labels.push(required.into());
        }
    }
    labels.sort();
    labels.truncate(127);
    let index: HashMap<&str, u16> = labels
        .iter()
        .enumerate()
        .map(|(i, l)| (l.as_str(), i as u16))
        .collect();
    let dep = index.get("dep").copied().unwrap_or(0);
    let actions = 1 + 2 * labels.len();
    let mut weights = Weights::new(actions);
    let mut rng = Rng::new(config.seed);
    let mut order: Vec<usize> = (0..train.len())
        .filter(|&i| train[i].words.len() <= config.max_len)
        .collect();
    let mut state = State::default();
    let mut toks: Vec<TokFeat> = Vec::new();
    let mut feats = Vec::with_capacity(features::COUNT);
    let mut scores = vec![0f32; actions];
    let mut gold_heads: Vec<u32> = Vec::new();
    let mut gold_labels: Vec<u16> = Vec::new();
    let mut best: Option<(f64, Parser)> = None;
    let mut meta = BTreeMap::new();
    for epoch in 0..config.epochs {
        rng.shuffle(&mut order);
        for &i in &order {
            let e = &train[i];
            features::token_feats(&e.words, &e.tags, &clusters, &mut toks);
            gold_heads.clear();
            gold_heads.push(u32::MAX);
            gold_heads.extend(&e.heads);
            gold_labels.clear();
            gold_labels.push(0);
            gold_labels.extend(
                e.labels
                    .iter()
                    .map(|l| index.get(l.as_str()).copied().unwrap_or(dep)),
            );
            state.reset(e.words.len());
            while !state.is_terminal() {
                features::extract(&state, &toks, &mut feats);
                weights.score(&feats, &mut scores);
                let (costs, exact) = state.costs(&gold_heads);
                let s0 = state.s(0) as usize;
                let gl = gold_labels.get(s0).copied().unwrap_or(dep);
                let cost = |a: usize| -> u32 {
                    match Move::from_index(a) {
                        Move::Shift => costs[0],
                        Move::Left(l) => costs[1] + u32::from(exact[0] && l != gl),
                        Move::Right(l) => costs[2] + u32::from(exact[1] && l != gl),
                    }
                };
                let legal = |a: usize| match Move::from_index(a) {
                    Move::Shift => state.can_shift(),
                    Move::Left(_) => state.can_left(),
                    Move::Right(_) => state.can_right(),
                };
                let (mut pred, mut pred_score) = (usize::MAX, f32::MIN);
                let (mut gold, mut gold_score, mut min_cost) = (usize::MAX, f32::MIN, u32::MAX);
                for (a, &s) in scores.iter().enumerate() {
                    if !legal(a) {
                        continue;
                    }
                    if s > pred_score || pred == usize::MAX {
                        pred = a;
                        pred_score = s;
                    }
                    let c = cost(a);
                    if c < min_cost || (c == min_cost && s > gold_score) {
                        min_cost = c;
                        gold = a;
                        gold_score = s;
                    }
                }
                if pred == usize::MAX {
                    break;
                }
                let pred_cost = cost(pred);
                if pred_cost > min_cost {
                    weights.update(&feats, gold, pred);
                }
                weights.tick();
                let follow = if pred_cost == min_cost
                    || (epoch > 0 && (rng.next_u64() % 1000) as f64 / 1000.0 < config.explore)
                {
                    pred
                } else {
                    gold
                };
                state.apply(Move::from_index(follow));
            }
        }
        let parser = Parser {
            scorer: weights.freeze(config.min_weight),
            labels: labels.clone(),
            clusters: clusters.clone(),
            lemmatizer: lemmatizer.clone(),
            meta: meta.clone(),
        };
        let score = evaluate(&parser, dev);
        progress(epoch + 1, score.uas(), score.las());
        let key = score.uas() + score.las();
        if best.as_ref().is_none_or(|(b, _)| key > *b) {
            meta.insert("best_epoch".into(), (epoch + 1).to_string());
            meta.insert("dev_uas".into(), format!("{:.2}", score.uas()));
            meta.insert("dev_las".into(), format!("{:.2}", score.las()));
            best = Some((
                key,
                Parser {
                    meta: meta.clone(),
                    ..parser
                },
            ));
        }
    }
    match best {
        Some((_, p)) => p,
        None => Parser {
            scorer: weights.freeze(config.min_weight),
            labels,
            clusters,
            lemmatizer,
            meta,
        },
    }
}
