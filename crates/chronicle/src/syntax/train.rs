//! Training the tagger (CoNLL-2003 columns, UD CoNLL-U XPOS) and the chunker (CoNLL-2003
//! columns), and their evaluation.

use super::chunker::Chunker;
use super::features::{chunk_features, pos_features, CHUNK_VERSION, POS_VERSION};
use super::model::SyntaxModel;
use super::parse::conllu::Sentence;
use super::tagger::PosTagger;
use super::ud::conll2003_tag;
use crate::error::Result;
use crate::learn::clusters::Clusters;
use crate::learn::conll::{ConllDoc, ConllSentence};
use crate::learn::spans::SpanScore;
use crate::learn::{fit, FitConfig, FitReport, SentFeats, Trainer};

/// Distinct values of column `col` over all documents, sorted (the label set).
pub(super) fn label_set(docs: &[ConllDoc], col: usize) -> Vec<String> {
    let mut labels: Vec<String> = docs
        .iter()
        .flat_map(|d| d.sentences.iter())
        .flat_map(|s| s.column(col).into_iter().map(str::to_string))
        .collect();
    labels.sort();
    labels.dedup();
    labels
}

pub(super) fn indices(labels: &[String], tags: &[&str]) -> Vec<u16> {
    tags.iter()
        .map(|t| labels.iter().position(|l| l == t).unwrap_or(0) as u16)
        .collect()
}

/// Whether sentence `i` of a gold CoNLL-U file is in its held-out slice (every `every`-th
/// sentence): the slice the parser and the tagger are tuned on, never trained on.
pub fn held_out(i: usize, every: usize) -> bool {
    every >= 2 && i % every == every - 1
}

/// The jackknife fold (of `folds`) of sentence `i` of a gold CoNLL-U file: blocks of
/// `every` sentences in turn. A tagger trained without fold `k` tags fold `k` for the
/// parser's training, so the parser learns from tags as wrong as they will be in use.
pub fn jackknife_fold(i: usize, every: usize, folds: usize) -> usize {
    (i / every.max(1)) % folds.max(1)
}

/// The words and XPOS tags (in CoNLL-2003's tag set, [`conll2003_tag`]) of the CoNLL-U
/// sentences whose index passes `keep`, as one CoNLL document for [`train_pos`].
pub fn pos_doc(sentences: &[Sentence], keep: impl Fn(usize) -> bool) -> ConllDoc {
    ConllDoc {
        docstart: None,
        sentences: sentences
            .iter()
            .enumerate()
            .filter(|(i, _)| keep(*i))
            .map(|(_, s)| ConllSentence {
                rows: s
                    .forms()
                    .iter()
                    .zip(s.column(4))
                    .map(|(f, x)| vec![f.to_string(), conll2003_tag(x).to_string()])
                    .collect(),
            })
            .filter(|s| !s.is_empty())
            .collect(),
    }
}

/// Trains the POS tagger on column 2 of CoNLL-2003 files. Early stopping on the mean
/// accuracy over the dev sets (e.g. news and web text, so neither is given up for the other).
pub fn train_pos(
    train: &[ConllDoc],
    dev: &[Vec<ConllDoc>],
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
            let mut sum = 0.0;
            for set in dev {
                let (mut right, mut total) = (0usize, 0usize);
                for s in set.iter().flat_map(|d| d.sentences.iter()) {
                    pos_features(&s.words(), &clusters, &mut f);
                    let predicted = m.decode(&f);
                    for (p, g) in predicted.iter().zip(s.column(1)) {
                        total += 1;
                        right += usize::from(m.labels().get(*p as usize).is_some_and(|l| l == g));
                    }
                }
                sum += 100.0 * right as f64 / total.max(1) as f64;
            }
            sum / dev.len().max(1) as f64
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
