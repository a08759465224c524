//! The dependency parser's commands: `chronicle parse --conllu FILE`, `eval syntax
//! --conllu FILE`, `train parser` and `bench syntax`.

use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use anyhow::{Context, Result};
use chronicle::learn::clusters::Clusters;
use chronicle::syntax::lemma::Lemmatizer;
use chronicle::syntax::parse::conllu::{self, Sentence};
use chronicle::syntax::parse::train::{self, Example, TagSource, TrainConfig};
use chronicle::syntax::parse::{Parser, Tree};
use chronicle::syntax::ud::upos;
use chronicle::syntax::PosTagger;

#[derive(clap::Args)]
pub struct ParseArgs {
    /// CoNLL-U input (gzip recognised); its tokens are kept.
    #[arg(long)]
    pub conllu: PathBuf,
    /// Output file (default: standard output).
    #[arg(long, short)]
    pub out: Option<PathBuf>,
    /// A parser model other than the shipped one.
    #[arg(long)]
    pub model: Option<PathBuf>,
    /// A POS model other than the shipped one.
    #[arg(long)]
    pub pos: Option<PathBuf>,
}

fn load_pos(model: Option<&std::path::Path>) -> Result<Arc<PosTagger>> {
    use chronicle::syntax::SyntaxModel;
    Ok(match model {
        Some(p) => {
            Arc::new(PosTagger::load(p).with_context(|| format!("loading {}", p.display()))?)
        }
        None => PosTagger::shipped().context("loading the shipped POS model")?,
    })
}

fn load_parser(model: &Option<PathBuf>) -> Result<Arc<Parser>> {
    Ok(match model {
        Some(p) => Arc::new(Parser::load(p).with_context(|| format!("loading {}", p.display()))?),
        None => Parser::shipped().context("loading the shipped parser")?,
    })
}

/// Tags and parses a sentence, filling LEMMA, UPOS, XPOS, HEAD and DEPREL (FEATS and DEPS
/// cleared).
fn annotate(pos: &PosTagger, parser: &Parser, s: &mut Sentence, tree: &mut Tree) {
    let tags = pos.tag(&s.forms());
    annotate_with(&tags, parser, s, tree);
}

/// [`annotate`] with the POS tags given.
fn annotate_with(tags: &[String], parser: &Parser, s: &mut Sentence, tree: &mut Tree) {
    let forms: Vec<String> = s.forms().iter().map(|f| f.to_string()).collect();
    parser.parse_into(&forms, tags, tree);
    for (k, row) in s.rows.iter_mut().enumerate() {
        let tag = tags.get(k).map_or("", String::as_str);
        let form = forms.get(k).map_or("", String::as_str);
        row[2] = parser.lemmatizer.lemma(form, tag);
        let rel = parser.label(tree.labels.get(k).copied().unwrap_or(0));
        // Verbs serving as auxiliaries or copulas are AUX in UD.
        row[3] = if matches!(rel, "aux" | "aux:pass" | "cop") && tag.starts_with("VB") {
            "AUX".to_string()
        } else {
            upos(tag).to_string()
        };
        row[4] = tag.to_string();
        // The input's features describe its own tags, not ours.
        row[5] = "_".into();
        row[6] = tree.heads.get(k).copied().unwrap_or(0).to_string();
        row[7] = rel.to_string();
        row[8] = "_".into();
    }
}

pub fn run_parse(args: ParseArgs) -> Result<()> {
    let pos = load_pos(args.pos.as_deref())?;
    let parser = load_parser(&args.model)?;
    let mut sentences =
        conllu::read(&args.conllu).with_context(|| format!("reading {}", args.conllu.display()))?;
    let out: Box<dyn Write> = match &args.out {
        Some(p) => {
            Box::new(std::fs::File::create(p).with_context(|| format!("creating {}", p.display()))?)
        }
        None => Box::new(std::io::stdout().lock()),
    };
    let mut out = std::io::BufWriter::new(out);
    let mut tree = Tree::default();
    for s in sentences.iter_mut() {
        annotate(&pos, &parser, s, &mut tree);
        conllu::write_sentence(&mut out, s)?;
    }
    out.flush()?;
    Ok(())
}

#[derive(clap::Args)]
pub struct EvalArgs {
    /// Gold CoNLL-U (gzip recognised).
    #[arg(long)]
    pub conllu: Option<PathBuf>,
    /// A parser model other than the shipped one.
    #[arg(long)]
    pub parser: Option<PathBuf>,
    /// The gold file has ClearNLP labels (spaCy's): convert them to UD first (for the
    /// agreement with the silver teacher).
    #[arg(long)]
    pub clearnlp: bool,
    /// Score only sentences whose `# sent_id` contains this text (e.g. `GUM_news`).
    #[arg(long)]
    pub only: Option<String>,
    /// Score the trees of this CoNLL-U file (same sentences and tokens as the gold one)
    /// instead of parsing; with `--clearnlp` it is this file that is converted to UD, which
    /// measures the conversion of a teacher's trees against gold ones.
    #[arg(long, value_name = "FILE")]
    pub predicted: Option<PathBuf>,
    /// With `--predicted`: write its trees, as scored (converted), to this CoNLL-U file.
    #[arg(long, value_name = "FILE", requires = "predicted")]
    pub predicted_out: Option<PathBuf>,
    /// Feed the parser the file's own XPOS tags (gold, in CoNLL-2003's tag set) instead of
    /// the tagger's: how much better tags could make the trees.
    #[arg(long)]
    pub gold_tags: bool,
    /// Score only the held-out slice the parser and tagger are tuned on (every N-th
    /// sentence, as `train parser --holdout-every N` leaves out; 0: every sentence).
    #[arg(long, default_value_t = 0)]
    pub held_out: usize,
}

/// Scores the trees of another file against gold ones, sentence by sentence (sentences
/// whose word counts differ, or whose converted tree is not a tree, count as unattached).
fn run_eval_predicted(
    gold: &[Sentence],
    predicted_path: &std::path::Path,
    clearnlp: bool,
    write: Option<&std::path::Path>,
) -> Result<()> {
    use chronicle::syntax::ud::clearnlp_to_ud_names;
    let predicted = conllu::read(predicted_path)
        .with_context(|| format!("reading {}", predicted_path.display()))?;
    let mut out = match write {
        Some(p) => Some(std::io::BufWriter::new(
            std::fs::File::create(p).with_context(|| format!("creating {}", p.display()))?,
        )),
        None => None,
    };
    let mut score = conllu::AttachmentScore::default();
    let (mut mismatched, mut not_trees) = (0usize, 0usize);
    for (k, g) in gold.iter().enumerate() {
        let gold_pairs: Vec<(usize, &str)> = g.heads().into_iter().zip(g.column(7)).collect();
        let mut heads = Vec::new();
        let mut labels: Vec<String> = Vec::new();
        if let Some(p) = predicted.get(k).filter(|p| p.rows.len() == g.rows.len()) {
            heads = p.heads();
            labels = p.column(7).iter().map(|l| l.to_string()).collect();
            if clearnlp
                && !clearnlp_to_ud_names(
                    &p.forms(),
                    &p.column(4),
                    &p.column(2),
                    &p.person_marks(),
                    &mut heads,
                    &mut labels,
                )
            {
                not_trees += 1;
                heads.clear();
            }
            if let (Some(out), false) = (out.as_mut(), heads.is_empty()) {
                let mut s = p.clone();
                for (row, (h, l)) in s.rows.iter_mut().zip(heads.iter().zip(&labels)) {
                    row[6] = h.to_string();
                    row[7] = l.clone();
                }
                conllu::write_sentence(out, &s)?;
            }
        } else {
            mismatched += 1;
        }
        let predicted_pairs: Vec<(usize, &str)> = if heads.is_empty() {
            vec![(usize::MAX, "_"); g.rows.len()]
        } else {
            heads
                .iter()
                .copied()
                .zip(labels.iter().map(String::as_str))
                .collect()
        };
        score.add(&gold_pairs, &predicted_pairs);
    }
    if let Some(mut out) = out {
        out.flush()?;
    }
    eprintln!(
        "{} sentences ({} with other tokens, {} not trees after conversion), {} words",
        gold.len(),
        mismatched,
        not_trees,
        score.words
    );
    print!("{score}");
    Ok(())
}

/// `eval syntax --conllu`; `pos` is a POS model other than the shipped one.
pub fn run_eval(args: EvalArgs, pos: Option<&std::path::Path>) -> Result<()> {
    let pos = load_pos(pos)?;
    let parser = load_parser(&args.parser)?;
    let path = args.conllu.context("--conllu FILE is required")?;
    let mut sentences =
        conllu::read(&path).with_context(|| format!("reading {}", path.display()))?;
    if let Some(predicted) = &args.predicted {
        // Whole files, sentence by sentence (`--only` would break the pairing).
        return run_eval_predicted(
            &sentences,
            predicted,
            args.clearnlp,
            args.predicted_out.as_deref(),
        );
    }
    if args.held_out > 0 {
        sentences = sentences
            .into_iter()
            .enumerate()
            .filter(|(i, _)| chronicle::syntax::held_out(*i, args.held_out))
            .map(|(_, s)| s)
            .collect();
    }
    if let Some(only) = &args.only {
        sentences.retain(|s| {
            s.comments
                .iter()
                .any(|c| c.starts_with("# sent_id") && c.contains(only.as_str()))
        });
    }
    let source = if args.gold_tags {
        TagSource::Gold
    } else {
        TagSource::Tagger(&pos)
    };
    let (examples, _) = train::examples_tagged(&sentences, args.clearnlp, |i, s| source.tags(i, s));
    let started = Instant::now();
    let score = train::evaluate(&parser, &examples);
    let elapsed = started.elapsed();
    // Lemma and UPOS accuracy against the file's own columns (UD files only).
    let (mut lemma_ok, mut upos_ok, mut total) = (0usize, 0usize, 0usize);
    if !args.clearnlp {
        let mut tree = Tree::default();
        for gold in &sentences {
            let mut s = gold.clone();
            let tags = source.tags(0, gold);
            annotate_with(&tags, &parser, &mut s, &mut tree);
            for (p, g) in s.rows.iter().zip(&gold.rows) {
                total += 1;
                lemma_ok += usize::from(p[2] == g[2]);
                upos_ok += usize::from(p[3] == g[3]);
            }
        }
    }
    eprintln!(
        "{} sentences ({} dropped as not trees), {} words in {:.2?} ({:.0} words/s, POS + parse)",
        examples.len(),
        sentences.len() - examples.len(),
        score.words,
        elapsed,
        score.words as f64 / elapsed.as_secs_f64().max(1e-9)
    );
    if total > 0 {
        println!(
            "UPOS accuracy {:.2}  lemma accuracy {:.2}",
            100.0 * upos_ok as f64 / total as f64,
            100.0 * lemma_ok as f64 / total as f64
        );
    }
    print!("{score}");
    Ok(())
}

#[derive(clap::Args)]
pub struct TrainArgs {
    /// Gold UD CoNLL-U files (e.g. EWT dev); never test sets.
    #[arg(long, num_args = 1..)]
    pub gold: Vec<PathBuf>,
    /// Silver CoNLL-U with ClearNLP labels (scripts/silver_parse.py).
    #[arg(long, num_args = 0..)]
    pub silver: Vec<PathBuf>,
    /// Every N-th gold sentence is held out for choosing the epoch (not trained on).
    #[arg(long, default_value_t = 5)]
    pub holdout_every: usize,
    /// Gold sentences are seen this many times per epoch.
    #[arg(long, default_value_t = 3)]
    pub gold_repeat: usize,
    /// Use at most this many silver sentences (0 = all).
    #[arg(long, default_value_t = 0)]
    pub max_silver: usize,
    /// Word clusters (`word<TAB>bits`).
    #[arg(long, default_value = "models/clusters.tsv.gz")]
    pub clusters: PathBuf,
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    #[arg(long, default_value_t = 8)]
    pub epochs: usize,
    #[arg(long, default_value_t = 0.9)]
    pub explore: f64,
    /// Averaged weights below this are dropped from the saved model.
    #[arg(long, default_value_t = 0.05)]
    pub min_weight: f32,
    #[arg(long, default_value = "models/parser.bin.gz")]
    pub out: PathBuf,
    /// Drop weights below this fraction of the largest one before saving.
    #[arg(long, default_value_t = 0.0)]
    pub prune: f64,
    /// Do not train: load this model, prune it (`--prune`) and save it to `--out`.
    #[arg(long)]
    pub from: Option<PathBuf>,
    /// The POS model whose tags the parser learns from (default: the shipped one).
    #[arg(long)]
    pub pos: Option<PathBuf>,
    /// Jackknifed tags for the gold training sentences: K POS models, the k-th trained
    /// without fold k (`train pos --folds K --fold k`, same `--holdout-every`), each tagging
    /// its own fold. Silver and held-out sentences are tagged by `--pos`.
    #[arg(long, num_args = 1..)]
    pub pos_folds: Vec<PathBuf>,
}

fn read_all(paths: &[PathBuf]) -> Result<Vec<Sentence>> {
    let mut out = Vec::new();
    for p in paths {
        out.extend(conllu::read(p).with_context(|| format!("reading {}", p.display()))?);
    }
    Ok(out)
}

pub fn run_train(args: TrainArgs) -> Result<()> {
    let started = Instant::now();
    if let Some(from) = &args.from {
        let mut parser =
            Parser::load(from).with_context(|| format!("loading {}", from.display()))?;
        parser.scorer.prune(args.prune);
        parser.meta.insert("pruned".into(), args.prune.to_string());
        parser.save(&args.out)?;
        eprintln!(
            "pruned to {} rows, {} weights, ~{:.1} MB in memory",
            parser.scorer.num_rows(),
            parser.scorer.num_weights(),
            parser.scorer.memory_bytes() as f64 / 1e6
        );
        return Ok(());
    }
    let pos = load_pos(args.pos.as_deref())?;
    let folds = args
        .pos_folds
        .iter()
        .map(|p| {
            use chronicle::syntax::SyntaxModel;
            PosTagger::load(p).with_context(|| format!("loading {}", p.display()))
        })
        .collect::<Result<Vec<_>>>()?;
    let gold = read_all(&args.gold)?;
    let mut silver = read_all(&args.silver)?;
    if args.max_silver > 0 {
        silver.truncate(args.max_silver);
    }
    let every = args.holdout_every.max(2);
    let (mut held, mut kept, mut kept_index) = (Vec::new(), Vec::new(), Vec::new());
    for (i, s) in gold.into_iter().enumerate() {
        if chronicle::syntax::held_out(i, every) {
            held.push(s);
        } else {
            kept.push(s);
            kept_index.push(i);
        }
    }
    let gold_source = if folds.is_empty() {
        TagSource::Tagger(&pos)
    } else {
        TagSource::Folds {
            taggers: &folds,
            every,
        }
    };
    let (gold_train, gold_lemmas) = train::examples_tagged(&kept, false, |j, s| {
        gold_source.tags(kept_index.get(j).copied().unwrap_or(j), s)
    });
    let (dev, _) = train::examples(&held, false, &pos);
    let (silver_train, silver_lemmas) = train::examples(&silver, true, &pos);
    let mut examples: Vec<Example> = Vec::new();
    for _ in 0..args.gold_repeat.max(1) {
        examples.extend(gold_train.iter().cloned());
    }
    examples.extend(silver_train.iter().cloned());
    let lemmatizer = Lemmatizer::learn(
        gold_lemmas
            .iter()
            .chain(&silver_lemmas)
            .map(|(f, x, l)| (f.as_str(), x.as_str(), l.as_str())),
        2,
    );
    let clusters = Clusters::load(&args.clusters)
        .with_context(|| format!("reading {}", args.clusters.display()))?;
    eprintln!(
        "gold {} sentences (+{} held out), silver {} sentences, {} lemma exceptions; prepared in {:.1?}",
        gold_train.len(),
        dev.len(),
        silver_train.len(),
        lemmatizer.len(),
        started.elapsed()
    );
    let config = TrainConfig {
        epochs: args.epochs,
        seed: args.seed,
        explore: args.explore,
        min_weight: args.min_weight,
        ..TrainConfig::default()
    };
    let mut parser = train::train(
        &examples,
        &dev,
        clusters,
        lemmatizer,
        &config,
        |e, uas, las| {
            eprintln!(
                "epoch {e}: held-out gold UAS {uas:.2} LAS {las:.2}  ({:.0?})",
                started.elapsed()
            );
        },
    );
    let names = |paths: &[PathBuf]| {
        paths
            .iter()
            .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
            .collect::<Vec<_>>()
            .join(",")
    };
    parser.meta.insert("gold".into(), names(&args.gold));
    parser.meta.insert("silver".into(), names(&args.silver));
    parser.meta.insert(
        "command".into(),
        format!(
            "holdout_every={} gold_repeat={} max_silver={} seed={} epochs={} explore={} min_weight={} prune={} pos={} pos_folds={}",
            args.holdout_every, args.gold_repeat, args.max_silver, args.seed, args.epochs, args.explore, args.min_weight, args.prune,
            names(args.pos.as_slice()), names(&args.pos_folds)
        ),
    );
    if args.prune > 0.0 {
        parser.scorer.prune(args.prune);
        parser.meta.insert("pruned".into(), args.prune.to_string());
    }
    parser.save(&args.out)?;
    let size = std::fs::metadata(&args.out).map(|m| m.len()).unwrap_or(0);
    eprintln!(
        "saved {} ({:.1} MB on disk; {} rows, {} weights, ~{:.1} MB in memory) in {:.0?}",
        args.out.display(),
        size as f64 / 1e6,
        parser.scorer.num_rows(),
        parser.scorer.num_weights(),
        parser.scorer.memory_bytes() as f64 / 1e6,
        started.elapsed()
    );
    Ok(())
}
