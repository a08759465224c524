//! Training: the averaged perceptron update one sentence at a time ([`Trainer`]) and the
//! epoch loop with early stopping on dev data ([`fit`]).

use std::collections::{BTreeMap, HashMap};

use super::model::{viterbi, Model, SentFeats};
use crate::learn::hash::Rng;

/// Learns a [`Model`] one sentence at a time (the perceptron update), averaging as it goes.
pub struct Trainer {
    labels: Vec<String>,
    index: HashMap<u64, u32>,
    keys: Vec<u64>,
    weights: Vec<f32>,
    /// Sum of `step × update` for the averaging trick (`avg = w − acc / step`).
    acc: Vec<f32>,
    trans: Vec<f32>,
    trans_acc: Vec<f32>,
    allowed: Vec<bool>,
    step: f32,
    scratch: Vec<f32>,
}

impl Trainer {
    /// A trainer over `labels`; `gold` are all training label sequences, which fix the
    /// allowed transitions.
    pub fn new<'g>(labels: Vec<String>, gold: impl IntoIterator<Item = &'g [u16]>) -> Self {
        let l = labels.len();
        let stride = l + 1;
        let mut allowed = vec![false; stride * stride];
        for seq in gold {
            let mut prev = l;
            for &c in seq {
                let c = (c as usize).min(l - 1);
                allowed[prev * stride + c] = true;
                prev = c;
            }
            allowed[prev * stride + l] = true;
        }
        Trainer {
            labels,
            index: HashMap::new(),
            keys: Vec::new(),
            weights: Vec::new(),
            acc: Vec::new(),
            trans: vec![0.0; stride * stride],
            trans_acc: vec![0.0; stride * stride],
            allowed,
            step: 1.0,
            scratch: Vec::new(),
        }
    }

    pub fn num_labels(&self) -> usize {
        self.labels.len()
    }

    /// Decodes `feats` with the current (not averaged) weights.
    pub fn predict(&mut self, feats: &SentFeats) -> Vec<u16> {
        let l = self.labels.len();
        let mut emissions = std::mem::take(&mut self.scratch);
        emissions.clear();
        emissions.resize(feats.len() * l, 0.0);
        for (i, row) in emissions.chunks_exact_mut(l).enumerate() {
            for key in feats.token(i) {
                if let Some(&r) = self.index.get(key) {
                    let r = r as usize;
                    for (o, w) in row.iter_mut().zip(&self.weights[r * l..r * l + l]) {
                        *o += w;
                    }
                }
            }
        }
        let path = viterbi(&emissions, l, &self.trans, Some(&self.allowed));
        self.scratch = emissions;
        path
    }

    /// One perceptron step: decode, update towards `gold` where the prediction differs,
    /// return the prediction (made before the update).
    pub fn learn(&mut self, feats: &SentFeats, gold: &[u16]) -> Vec<u16> {
        let predicted = self.predict(feats);
        let l = self.labels.len();
        let stride = l + 1;
        if predicted.len() == gold.len() && predicted != gold {
            for i in 0..gold.len() {
                let (g, p) = (gold[i] as usize, predicted[i] as usize);
                if g != p {
                    for &key in feats.token(i) {
                        let row = self.row(key);
                        self.bump(row * l + g, 1.0);
                        self.bump(row * l + p, -1.0);
                    }
                }
                let gp = if i == 0 { l } else { gold[i - 1] as usize };
                let pp = if i == 0 { l } else { predicted[i - 1] as usize };
                if (gp, g) != (pp, p) {
                    self.bump_trans(gp * stride + g, 1.0);
                    self.bump_trans(pp * stride + p, -1.0);
                }
            }
            let (g, p) = (
                gold.last().map_or(l, |&x| x as usize),
                predicted.last().map_or(l, |&x| x as usize),
            );
            if g != p {
                self.bump_trans(g * stride + l, 1.0);
                self.bump_trans(p * stride + l, -1.0);
            }
        }
        self.step += 1.0;
        predicted
    }

    fn row(&mut self, key: u64) -> usize {
        let l = self.labels.len();
        if let Some(&r) = self.index.get(&key) {
            return r as usize;
        }
        let r = self.keys.len();
        self.index.insert(key, r as u32);
        self.keys.push(key);
        self.weights.resize(self.weights.len() + l, 0.0);
        self.acc.resize(self.acc.len() + l, 0.0);
        r
    }

    #[inline]
    fn bump(&mut self, at: usize, delta: f32) {
        self.weights[at] += delta;
        self.acc[at] += self.step * delta;
    }

    #[inline]
    fn bump_trans(&mut self, at: usize, delta: f32) {
        self.trans[at] += delta;
        self.trans_acc[at] += self.step * delta;
    }

    /// The averaged model so far, quantised to 16 bits as model files store it (rows
    /// that quantise to zero dropped).
    pub fn averaged(&self) -> Model {
        let l = self.labels.len();
        let average = |at: usize| self.weights[at] - self.acc[at] / self.step;
        let max = (0..self.weights.len()).fold(0.0f32, |m, at| m.max(average(at).abs()));
        let scale = if max > 0.0 { max / 32767.0 } else { 1.0 };
        let mut keys = Vec::with_capacity(self.keys.len());
        let mut weights = Vec::with_capacity(self.weights.len() / 2);
        for (r, &key) in self.keys.iter().enumerate() {
            let start = weights.len();
            weights.extend((0..l).map(|c| {
                (average(r * l + c) / scale)
                    .round()
                    .clamp(-32767.0, 32767.0) as i16
            }));
            if weights[start..].iter().all(|&q| q == 0) {
                weights.truncate(start);
            } else {
                keys.push(key);
            }
        }
        let trans = self
            .trans
            .iter()
            .zip(&self.trans_acc)
            .map(|(w, a)| w - a / self.step)
            .collect();
        Model::assemble(
            self.labels.clone(),
            keys,
            weights,
            scale,
            trans,
            self.allowed.clone(),
            1.0,
            BTreeMap::new(),
            BTreeMap::new(),
        )
    }
}

/// How to run [`fit`].
#[derive(Debug, Clone)]
pub struct FitConfig {
    pub seed: u64,
    pub max_epochs: usize,
    /// Stop after this many epochs without a better dev score.
    pub patience: usize,
}

impl Default for FitConfig {
    fn default() -> Self {
        FitConfig {
            seed: 1,
            max_epochs: 20,
            patience: 3,
        }
    }
}

/// The dev score after each epoch and which epoch won.
#[derive(Debug, Clone, Default)]
pub struct FitReport {
    pub scores: Vec<f64>,
    pub best_epoch: usize,
    pub best_score: f64,
}

/// Trains with early stopping: each epoch visits the training units (documents, so that
/// document-level features see their sentences in order) in a seeded random order via
/// `learn_unit`, then scores the averaged model with `evaluate` (higher is better).
/// Returns the best averaged model.
pub fn fit<U>(
    trainer: &mut Trainer,
    units: &[U],
    config: &FitConfig,
    mut learn_unit: impl FnMut(&mut Trainer, &U),
    mut evaluate: impl FnMut(&Model) -> f64,
    mut progress: impl FnMut(usize, f64),
) -> (Model, FitReport) {
    let mut rng = Rng::new(config.seed);
    let mut order: Vec<usize> = (0..units.len()).collect();
    let mut report = FitReport {
        best_score: f64::NEG_INFINITY,
        ..Default::default()
    };
    let mut best: Option<Model> = None;
    for epoch in 1..=config.max_epochs.max(1) {
        rng.shuffle(&mut order);
        for &u in &order {
            learn_unit(trainer, &units[u]);
        }
        let model = trainer.averaged();
        let score = evaluate(&model);
        progress(epoch, score);
        report.scores.push(score);
        if score > report.best_score || best.is_none() {
            report.best_score = score;
            report.best_epoch = epoch;
            best = Some(model);
        } else if epoch - report.best_epoch >= config.patience {
            break;
        }
    }
    let model = best.unwrap_or_else(|| trainer.averaged());
    (model, report)
}
