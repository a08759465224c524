//! Named entities: a statistical tagger for PER, ORG, LOC and MISC (an averaged
//! perceptron over BILOU labels, trained in-house on CoNLL-2003, see [`train`]) plus
//! rules for NORP, TITLE, MONEY, QUANTITY and PERCENT ([`rules`]), merged into
//! [`Article::entities`](crate::doc::Article::entities) by [`NerStage`].

mod decode;
pub(crate) mod features;
pub mod gazetteer;
pub mod rules;
mod span;

use std::path::Path;
use std::sync::{Arc, OnceLock};

use crate::doc::{Article, Entity};
use crate::error::{Error, Result};
use crate::learn::clusters::Clusters;
use crate::learn::conll::ConllDoc;
use crate::learn::spans::{bilou_tags, tag_spans, SpanScore};
use crate::learn::{fit, FitConfig, FitReport, Model, SentFeats, Trainer};

use features::{sentence_features, DocState, Resources, FEATURE_VERSION};
use gazetteer::Gazetteer;
pub use span::{iob2_of, TaggedSpan};

/// The entity types the statistical model predicts.
pub const MODEL_TYPES: [&str; 4] = ["PER", "ORG", "LOC", "MISC"];

/// The NER model that ships with Chronicle (see `models/README.md`).
static SHIPPED_MODEL: &[u8] = include_bytes!("../../../../models/ner.bin.gz");

/// The statistical tagger: weights plus the clusters and gazetteer they were trained with.
pub struct NerModel {
    model: Model,
    res: Resources,
    /// For each label index: 0 for `O`, else 1 + index into [`MODEL_TYPES`].
    label_types: Vec<u8>,
}

fn label_types(labels: &[String]) -> Vec<u8> {
    labels
        .iter()
        .map(|l| {
            l.split_once('-')
                .and_then(|(_, t)| MODEL_TYPES.iter().position(|m| *m == t))
                .map_or(0, |p| p as u8 + 1)
        })
        .collect()
}

impl NerModel {
    /// The model shipped in `models/ner.bin.gz` (compiled into the library), decoded once
    /// per process and shared.
    pub fn shipped() -> Result<Arc<Self>> {
        static SHIPPED: OnceLock<std::result::Result<Arc<NerModel>, String>> = OnceLock::new();
        SHIPPED
            .get_or_init(|| {
                Model::from_gzip(SHIPPED_MODEL)
                    .and_then(Self::from_model)
                    .map(Arc::new)
                    .map_err(|e| e.to_string())
            })
            .clone()
            .map_err(|message| Error::Model {
                name: "ner".into(),
                message,
            })
    }

    /// Decodes the shipped model afresh (for measuring load time; use [`NerModel::shipped`]).
    pub fn decode_shipped() -> Result<Self> {
        Self::from_model(Model::from_gzip(SHIPPED_MODEL)?)
    }

    pub fn load(path: &Path) -> Result<Self> {
        Self::from_model(Model::load(path)?)
    }

    pub fn save(&self, path: &Path) -> Result<()> {
        self.model.save(path)
    }

    pub fn from_model(model: Model) -> Result<Self> {
        let version = model.meta.get("features").map(String::as_str);
        if version != Some(FEATURE_VERSION) {
            return Err(Error::Model {
                name: "ner".into(),
                message: format!(
                    "trained with features {:?}, this build extracts {FEATURE_VERSION}: retrain",
                    version.unwrap_or("?")
                ),
            });
        }
        let text = |name: &str| -> String {
            model
                .extras
                .get(name)
                .map(|b| String::from_utf8_lossy(b).into_owned())
                .unwrap_or_default()
        };
        let res = Resources {
            clusters: Clusters::parse(&text("clusters")),
            gazetteer: Gazetteer::from_text(&text("gazetteer")),
        };
        Ok(NerModel {
            label_types: label_types(model.labels()),
            model,
            res,
        })
    }

    pub fn model(&self) -> &Model {
        &self.model
    }

    /// Tags a document given as sentences of words; spans per sentence.
    pub fn tag_document<S: AsRef<str>>(&self, sentences: &[Vec<S>]) -> Vec<Vec<TaggedSpan>> {
        decode::tag_document(&self.model, &self.res, &self.label_types, sentences)
    }
}

/// Gold BILOU label indices of a CoNLL sentence (last column, IOB1 or IOB2).
fn gold_labels(model_labels: &[String], tags: &[&str]) -> Vec<u16> {
    bilou_tags(&tag_spans(tags), tags.len())
        .iter()
        .map(|t| model_labels.iter().position(|l| l == t).unwrap_or(0) as u16)
        .collect()
}

/// The BILOU label set over [`MODEL_TYPES`].
pub fn bilou_labels() -> Vec<String> {
    let mut labels = vec!["O".to_string()];
    for t in MODEL_TYPES {
        for p in ["B", "I", "L", "U"] {
            labels.push(format!("{p}-{t}"));
        }
    }
    labels
}

fn doc_words(doc: &ConllDoc) -> Vec<Vec<&str>> {
    doc.sentences.iter().map(|s| s.words()).collect()
}

/// Scores a tagger on CoNLL documents (span F1 over the last column).
pub fn evaluate(model: &NerModel, docs: &[ConllDoc]) -> SpanScore {
    score_docs(&model.model, &model.res, &model.label_types, docs)
}

fn score_docs(model: &Model, res: &Resources, label_types: &[u8], docs: &[ConllDoc]) -> SpanScore {
    let mut score = SpanScore::default();
    for doc in docs {
        let words = doc_words(doc);
        let tagged = decode::tag_document(model, res, label_types, &words);
        for (sentence, spans) in doc.sentences.iter().zip(tagged) {
            let gold = sentence.last_column();
            score.add(&gold, &iob2_of(spans, gold.len()));
        }
    }
    score
}

/// Trains the NER model on CoNLL documents with early stopping on `dev` F1, then fits
/// the confidence temperature on `dev`. Deterministic for a given seed.
pub fn train(
    train_docs: &[ConllDoc],
    dev_docs: &[ConllDoc],
    clusters: Clusters,
    gazetteer: Gazetteer,
    config: &FitConfig,
    mut progress: impl FnMut(usize, f64),
) -> Result<(NerModel, FitReport)> {
    let labels = bilou_labels();
    let res = Resources {
        clusters,
        gazetteer,
    };
    let gold: Vec<Vec<Vec<u16>>> = train_docs
        .iter()
        .map(|d| {
            d.sentences
                .iter()
                .map(|s| gold_labels(&labels, &s.last_column()))
                .collect()
        })
        .collect();
    let mut trainer = Trainer::new(labels.clone(), gold.iter().flatten().map(Vec::as_slice));
    let units: Vec<usize> = (0..train_docs.len()).collect();
    let types = label_types(&labels);
    let mut feats = SentFeats::new();
    let (mut model, report) = fit(
        &mut trainer,
        &units,
        config,
        |trainer, &d| {
            let words = doc_words(&train_docs[d]);
            let mut doc = DocState::new(&words);
            for (s, sentence_words) in words.iter().enumerate() {
                sentence_features(&res, sentence_words, None, &doc, &mut feats);
                let predicted = trainer.learn(&feats, &gold[d][s]);
                let predicted_types: Vec<u8> = predicted
                    .iter()
                    .map(|&p| types.get(p as usize).copied().unwrap_or(0))
                    .collect();
                doc.remember(sentence_words, &predicted_types);
            }
        },
        |model| score_docs(model, &res, &types, dev_docs).f1(),
        &mut progress,
    );
    // Temperature from dev emissions along gold paths.
    let mut samples = Vec::new();
    for doc in dev_docs {
        let words = doc_words(doc);
        let mut state = DocState::new(&words);
        for (sentence, sentence_words) in doc.sentences.iter().zip(&words) {
            sentence_features(&res, sentence_words, None, &state, &mut feats);
            let emissions = model.emissions(&feats);
            let predicted = model.viterbi(&emissions);
            let predicted_types: Vec<u8> = predicted
                .iter()
                .map(|&p| types.get(p as usize).copied().unwrap_or(0))
                .collect();
            state.remember(sentence_words, &predicted_types);
            samples.push((emissions, gold_labels(&labels, &sentence.last_column())));
        }
    }
    model.calibrate(&samples);
    model
        .meta
        .insert("features".into(), FEATURE_VERSION.to_string());
    model
        .meta
        .insert("dev_f1".into(), format!("{:.2}", report.best_score));
    model
        .meta
        .insert("best_epoch".into(), report.best_epoch.to_string());
    model
        .extras
        .insert("clusters".into(), res.clusters.to_text().into_bytes());
    model
        .extras
        .insert("gazetteer".into(), res.gazetteer.to_text().into_bytes());
    let model = NerModel::from_model(model)?;
    Ok((model, report))
}

/// The model's spans over the NER units of an article (indices into `units.tokens`), handing
/// `matches` the gazetteer matches of each sentence (its index and matches).
fn model_spans(
    model: &NerModel,
    units: &rules::Units,
    sentences: &[Vec<&str>],
    matches: impl FnMut(usize, &[gazetteer::GazMatch]),
) -> Vec<rules::TokSpan> {
    let tagged = decode::tag_document_with_matches(
        &model.model,
        &model.res,
        &model.label_types,
        sentences,
        matches,
    );
    let mut out = Vec::new();
    for (range, spans) in units.sentences.iter().zip(tagged) {
        for span in spans {
            out.push(rules::TokSpan {
                start: range.start + span.start,
                end: range.start + span.end,
                label: span.label,
                score: span.score,
            });
        }
    }
    out
}

/// The article's entities: model spans and rule spans, merged.
pub fn entities(model: &NerModel, rules: &rules::Rules, article: &Article) -> Vec<Entity> {
    let units = rules::Units::new(article);
    let sentences = units.sentence_words(&article.text);
    // The news organisations the gazetteer found while the features were extracted.
    let mut media = Vec::new();
    let mut spans = model_spans(model, &units, &sentences, |k, matches| {
        media.extend(
            matches
                .iter()
                .filter(|m| m.has(gazetteer::GazClass::Media))
                .map(|&m| (k, m)),
        );
    });
    reconcile_organisations(
        &model.res.gazetteer,
        article,
        &units,
        &sentences,
        &media,
        &mut spans,
    );
    spans.sort_by_key(|s| (s.start, s.end));
    rules.apply(article, &units, spans)
}

/// A span that is exactly a known organisation (news agency, international organisation,
/// government body) and nothing else in the gazetteer is an ORG, whatever the model
/// guessed for the unfamiliar word ("Yonhap" looks like a surname to it). `media` are the
/// gazetteer's news-organisation matches, each with the index of its sentence.
fn reconcile_organisations(
    gazetteer: &Gazetteer,
    article: &Article,
    units: &rules::Units,
    sentences: &[Vec<&str>],
    media: &[(usize, gazetteer::GazMatch)],
    spans: &mut Vec<rules::TokSpan>,
) {
    use gazetteer::GazClass;
    let organisation = [GazClass::Media, GazClass::Igo, GazClass::Body];
    let other = [
        GazClass::Person,
        GazClass::Country,
        GazClass::City,
        GazClass::Nationality,
    ];
    for span in spans.iter_mut().filter(|s| s.label != "ORG") {
        let Some(tokens) = units.tokens.get(span.start..span.end) else {
            continue;
        };
        let words: Vec<&str> = tokens.iter().map(|t| t.text(&article.text)).collect();
        let classes = gazetteer.lookup(&words);
        let is = |c: GazClass| classes & (1 << c as u8) != 0;
        if organisation.iter().any(|&c| is(c)) && !other.iter().any(|&c| is(c)) {
            span.label = "ORG".into();
            // The model's belief was in another label: the list, not the model, decides here.
            span.score = 0.5 + 0.5 * (1.0 - span.score).max(0.5);
        }
    }
    // News organisations the model missed, as written (capitalised): photo credits such as
    // "(AP-Yonhap)" are not sentences the model has seen.
    for &(k, m) in media {
        let (Some(words), Some(offset)) = (
            sentences.get(k).and_then(|w| w.get(m.start..m.end)),
            units.sentences.get(k).map(|r| r.start),
        ) else {
            continue;
        };
        let capitalised = words.iter().all(|w| {
            w.chars()
                .next()
                .is_some_and(|c| !c.is_alphabetic() || c.is_uppercase())
        });
        let (start, end) = (offset + m.start, offset + m.end);
        if capitalised
            && !other.iter().any(|&c| m.has(c))
            && !spans.iter().any(|s| s.start < end && start < s.end)
        {
            spans.push(rules::TokSpan {
                start,
                end,
                label: "ORG".into(),
                score: 0.7,
            });
        }
    }
}

/// The NER stage: model entities plus rule-based ones, overlaps resolved (see [`rules`]).
pub struct NerStage {
    model: Arc<NerModel>,
    rules: rules::Rules,
}

impl NerStage {
    /// The stage with the shipped model and the knowledge-base lexicons.
    pub fn standard() -> Result<Self> {
        Ok(NerStage {
            model: NerModel::shipped()?,
            rules: rules::Rules::from_kb(),
        })
    }

    pub fn with_shared_model(model: Arc<NerModel>) -> Self {
        NerStage {
            model,
            rules: rules::Rules::from_kb(),
        }
    }

    pub fn model(&self) -> &NerModel {
        &self.model
    }

    pub fn with_model(model: NerModel) -> Self {
        NerStage {
            model: Arc::new(model),
            rules: rules::Rules::from_kb(),
        }
    }
}

impl crate::stage::Stage for NerStage {
    fn name(&self) -> &'static str {
        "ner"
    }
    fn annotate(&self, article: &mut Article) {
        article.entities = entities(&self.model, &self.rules, article);
    }
}
