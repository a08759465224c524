//! `chronicle train <model>`: train Chronicle's statistical models from data files.

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result};
use chronicle::learn::clusters::{jsonl_bodies, learn_clusters, ClusterConfig, Clusters};
use chronicle::learn::conll::{read_conll, ConllDoc};
use chronicle::learn::{FitConfig, FitReport};
use chronicle::ner::gazetteer::Gazetteer;
use chronicle::syntax::SyntaxModel;

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub model: Model,
}

#[derive(clap::Subcommand)]
pub enum Model {
    /// The named-entity tagger (PER, ORG, LOC, MISC) from CoNLL-2003-style files.
    Ner(NerArgs),
    /// The part-of-speech tagger from the POS column (2nd) of CoNLL-2003-style files.
    Pos(SyntaxArgs),
    /// The phrase chunker from the chunk column (3rd), over POS tags of a trained tagger.
    Chunk(ChunkArgs),
    /// Unsupervised word clusters (bit strings) from the `body` field of a JSONL(.gz) corpus.
    Clusters(ClusterArgs),
    /// The dependency parser from gold UD CoNLL-U plus silver ClearNLP-labelled CoNLL-U.
    Parser(super::parse::TrainArgs),
}

#[derive(clap::Args)]
pub struct NerArgs {
    /// Training file(s), CoNLL columns with the NER tag last (IOB1 or IOB2).
    #[arg(long, required = true, num_args = 1..)]
    pub train: Vec<PathBuf>,
    /// Development file for early stopping and confidence calibration.
    #[arg(long)]
    pub dev: PathBuf,
    /// Word cluster file (`word<TAB>bits`, optionally .gz).
    #[arg(long)]
    pub clusters: Option<PathBuf>,
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Maximum number of epochs.
    #[arg(long, default_value_t = 20)]
    pub epochs: usize,
    /// Stop after this many epochs without a better dev F1.
    #[arg(long, default_value_t = 3)]
    pub patience: usize,
    #[arg(long, default_value = "models/ner.bin.gz")]
    pub out: PathBuf,
}

#[derive(clap::Args)]
pub struct SyntaxArgs {
    #[arg(long, required = true, num_args = 1..)]
    pub train: Vec<PathBuf>,
    #[arg(long)]
    pub dev: PathBuf,
    #[command(flatten)]
    pub conllu: PosConlluArgs,
    /// Word cluster file (`word<TAB>bits`, optionally .gz).
    #[arg(long)]
    pub clusters: Option<PathBuf>,
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    #[arg(long, default_value_t = 15)]
    pub epochs: usize,
    #[arg(long, default_value_t = 2)]
    pub patience: usize,
    #[arg(long, default_value = "models/pos.bin.gz")]
    pub out: PathBuf,
}

/// How `train pos` reads UD CoNLL-U files (`.conllu`, `.conllu.gz`) given to `--train` or
/// `--dev`: their XPOS column, in CoNLL-2003's tag set.
#[derive(clap::Args)]
pub struct PosConlluArgs {
    /// More dev files, each scored on its own; the epoch is chosen on the mean accuracy.
    #[arg(long, num_args = 1..)]
    pub also_dev: Vec<PathBuf>,
    /// Every N-th sentence of a CoNLL-U file is held out: not trained on, and the dev set
    /// when the file is given to `--dev`/`--also-dev` (the parser holds out the same ones).
    #[arg(long, default_value_t = 5)]
    pub holdout_every: usize,
    /// CoNLL-U training sentences are seen this many times per epoch.
    #[arg(long, default_value_t = 1)]
    pub conllu_repeat: usize,
    /// Jackknifing: the CoNLL-U sentences fall into this many folds (0: none) ...
    #[arg(long, default_value_t = 0)]
    pub folds: usize,
    /// ... and those of this fold are left out of training.
    #[arg(long, default_value_t = 0)]
    pub fold: usize,
}

fn is_conllu(path: &Path) -> bool {
    let name = path.to_string_lossy();
    name.ends_with(".conllu") || name.ends_with(".conllu.gz")
}

/// Training and dev documents for the tagger, CoNLL-2003 files and CoNLL-U files alike.
fn read_pos_data(
    train: &[PathBuf],
    dev: &[PathBuf],
    a: &PosConlluArgs,
) -> Result<(Vec<ConllDoc>, Vec<Vec<ConllDoc>>)> {
    use chronicle::syntax::{held_out, jackknife_fold, pos_doc};
    let read_conllu = |path: &PathBuf| {
        chronicle::syntax::parse::conllu::read(path)
            .with_context(|| format!("reading {}", path.display()))
    };
    let mut train_docs = Vec::new();
    for path in train {
        if is_conllu(path) {
            let sentences = read_conllu(path)?;
            let doc = pos_doc(&sentences, |i| {
                !held_out(i, a.holdout_every)
                    && (a.folds == 0 || jackknife_fold(i, a.holdout_every, a.folds) != a.fold)
            });
            for _ in 0..a.conllu_repeat.max(1) {
                train_docs.push(doc.clone());
            }
        } else {
            train_docs.extend(read_all(std::slice::from_ref(path))?);
        }
    }
    let mut dev_sets = Vec::new();
    for path in dev {
        if is_conllu(path) {
            let sentences = read_conllu(path)?;
            dev_sets.push(vec![pos_doc(&sentences, |i| held_out(i, a.holdout_every))]);
        } else {
            dev_sets.push(read_all(std::slice::from_ref(path))?);
        }
    }
    Ok((train_docs, dev_sets))
}

#[derive(clap::Args)]
pub struct ChunkArgs {
    #[arg(long, required = true, num_args = 1..)]
    pub train: Vec<PathBuf>,
    #[arg(long)]
    pub dev: PathBuf,
    /// The POS model whose tags the chunker reads.
    #[arg(long, default_value = "models/pos.bin.gz")]
    pub pos: PathBuf,
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    #[arg(long, default_value_t = 15)]
    pub epochs: usize,
    #[arg(long, default_value_t = 2)]
    pub patience: usize,
    #[arg(long, default_value = "models/chunk.bin.gz")]
    pub out: PathBuf,
}

#[derive(clap::Args)]
pub struct ClusterArgs {
    /// JSONL or JSONL.gz corpus.
    #[arg(long)]
    pub corpus: PathBuf,
    /// The JSON field holding the text.
    #[arg(long, default_value = "body")]
    pub field: String,
    /// Bits per cluster path (up to 2^depth clusters).
    #[arg(long, default_value_t = 10)]
    pub depth: usize,
    #[arg(long, default_value_t = 3)]
    pub min_count: usize,
    #[arg(long, default_value_t = 4)]
    pub passes: usize,
    #[arg(long, default_value = "models/clusters.tsv.gz")]
    pub out: PathBuf,
}

pub fn run(args: Args) -> Result<()> {
    match args.model {
        Model::Ner(a) => train_ner(a),
        Model::Pos(a) => train_pos(a),
        Model::Chunk(a) => train_chunk(a),
        Model::Clusters(a) => train_clusters(a),
        Model::Parser(a) => super::parse::run_train(a),
    }
}

fn read_all(paths: &[PathBuf]) -> Result<Vec<ConllDoc>> {
    let mut docs = Vec::new();
    for path in paths {
        docs.extend(read_conll(path).with_context(|| format!("reading {}", path.display()))?);
    }
    Ok(docs)
}

/// The training and development documents.
fn read_data(train: &[PathBuf], dev: &Path) -> Result<(Vec<ConllDoc>, Vec<ConllDoc>)> {
    Ok((read_all(train)?, read_all(&[dev.to_path_buf()])?))
}

fn read_clusters(path: Option<&Path>) -> Result<Clusters> {
    match path {
        Some(path) => Clusters::load(path).with_context(|| format!("reading {}", path.display())),
        None => Ok(Clusters::default()),
    }
}

fn fit_config(seed: u64, epochs: usize, patience: usize) -> FitConfig {
    FitConfig {
        seed,
        max_epochs: epochs,
        patience,
    }
}

/// Prints the dev score of each epoch as training goes; on a terminal the lines go above a
/// bar over the epochs that keeps ticking (elapsed time) while an epoch runs.
fn epoch_log(score: &'static str, started: Instant, epochs: usize) -> impl FnMut(usize, f64) {
    use indicatif::{ProgressBar, ProgressFinish, ProgressStyle};
    let bar = std::io::IsTerminal::is_terminal(&std::io::stderr()).then(|| {
        let style =
            ProgressStyle::with_template("{spinner} epoch {pos}/{len} [{bar:20}] {elapsed}")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("#>-");
        let bar = ProgressBar::new(epochs as u64)
            .with_style(style)
            .with_finish(ProgressFinish::AndClear);
        bar.enable_steady_tick(std::time::Duration::from_millis(200));
        bar
    });
    move |epoch, value| {
        let line = format!(
            "epoch {epoch:>2}: dev {score} {value:.2} ({:.0?})",
            started.elapsed()
        );
        match &bar {
            Some(bar) => {
                bar.println(line);
                bar.inc(1);
            }
            None => eprintln!("{line}"),
        }
    }
}

fn train_ner(args: NerArgs) -> Result<()> {
    let started = Instant::now();
    let (train, dev) = read_data(&args.train, &args.dev)?;
    let clusters = read_clusters(args.clusters.as_deref())?;
    let gazetteer = Gazetteer::from_kb();
    eprintln!(
        "training NER on {} documents ({} sentences), dev {} documents; {} cluster words, {} gazetteer names",
        train.len(),
        train.iter().map(|d| d.sentences.len()).sum::<usize>(),
        dev.len(),
        clusters.len(),
        gazetteer.len()
    );
    let config = fit_config(args.seed, args.epochs, args.patience);
    let (model, report) = chronicle::ner::train(
        &train,
        &dev,
        clusters,
        gazetteer,
        &config,
        epoch_log("F1", started, args.epochs),
    )?;
    if let Some(parent) = args.out.parent() {
        std::fs::create_dir_all(parent).ok();
    }
    model
        .save(&args.out)
        .with_context(|| format!("writing {}", args.out.display()))?;
    report_saved(&args.out, model.model(), &report, started);
    eprintln!("temperature {:.2}", model.model().temperature);
    Ok(())
}

fn report_saved(
    path: &Path,
    model: &chronicle::learn::Model,
    report: &FitReport,
    started: Instant,
) {
    let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    eprintln!(
        "best epoch {} (dev {:.2}); {} features; wrote {} ({:.1} MB) in {:.0?}",
        report.best_epoch,
        report.best_score,
        model.num_features(),
        path.display(),
        size as f64 / 1e6,
        started.elapsed()
    );
}

/// Saves a trained syntax model and reports on it.
fn save_syntax<M: SyntaxModel>(
    trained: chronicle::Result<(M, FitReport)>,
    out: &Path,
    started: Instant,
) -> Result<()> {
    let (model, report) = trained?;
    model
        .save(out)
        .with_context(|| format!("writing {}", out.display()))?;
    report_saved(out, model.model(), &report, started);
    Ok(())
}

fn train_pos(args: SyntaxArgs) -> Result<()> {
    let started = Instant::now();
    let mut dev_files = vec![args.dev.clone()];
    dev_files.extend(args.conllu.also_dev.iter().cloned());
    let (train, dev) = read_pos_data(&args.train, &dev_files, &args.conllu)?;
    eprintln!(
        "training POS on {} sentences; dev sets of {:?} sentences",
        train.iter().map(|d| d.sentences.len()).sum::<usize>(),
        dev.iter()
            .map(|set| set.iter().map(|d| d.sentences.len()).sum::<usize>())
            .collect::<Vec<_>>()
    );
    let clusters = read_clusters(args.clusters.as_deref())?;
    let config = fit_config(args.seed, args.epochs, args.patience);
    let trained = chronicle::syntax::train_pos(
        &train,
        &dev,
        clusters,
        &config,
        epoch_log("accuracy", started, args.epochs),
    );
    save_syntax(trained, &args.out, started)
}

fn train_chunk(args: ChunkArgs) -> Result<()> {
    let started = Instant::now();
    let (train, dev) = read_data(&args.train, &args.dev)?;
    let pos = chronicle::syntax::PosTagger::load(&args.pos)
        .with_context(|| format!("loading {}", args.pos.display()))?;
    let config = fit_config(args.seed, args.epochs, args.patience);
    let trained = chronicle::syntax::train_chunk(
        &train,
        &dev,
        &pos,
        &config,
        epoch_log("chunk F1", started, args.epochs),
    );
    save_syntax(trained, &args.out, started)
}

fn train_clusters(args: ClusterArgs) -> Result<()> {
    let started = Instant::now();
    let sentences = jsonl_bodies(&args.corpus, &args.field)
        .with_context(|| format!("reading {}", args.corpus.display()))?;
    let tokens: usize = sentences.iter().map(Vec::len).sum();
    eprintln!("{} sentences, {tokens} tokens", sentences.len());
    let config = ClusterConfig {
        depth: args.depth,
        min_count: args.min_count,
        passes: args.passes,
    };
    let clusters = learn_clusters(sentences, &config);
    let header = format!(
        "Word clusters learned by `chronicle train clusters` (divisive exchange, depth {}, min count {}, {} passes)\n\
         from the `{}` field of {} ({tokens} tokens). Columns: word, bit-string path.",
        args.depth,
        args.min_count,
        args.passes,
        args.field,
        args.corpus.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default()
    );
    clusters
        .save(&args.out, &header)
        .with_context(|| format!("writing {}", args.out.display()))?;
    eprintln!(
        "{} words clustered; wrote {} in {:.0?}",
        clusters.len(),
        args.out.display(),
        started.elapsed()
    );
    Ok(())
}
