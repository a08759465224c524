//! Training the tagger and the chunker on CoNLL-2003 columns, and their evaluation.

use super::chunker::Chunker;
use super::features::{chunk_features, pos_features, CHUNK_VERSION, POS_VERSION};
use super::model::SyntaxModel;
use super::tagger::PosTagger;
use crate::error::Result;
use crate::learn::clusters::Clusters;
use crate::learn::conll::ConllDoc;
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
