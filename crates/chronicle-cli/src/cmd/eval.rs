//! `chronicle eval <task> ...`: score a stage against annotated corpora. One variant of
//! [`Task`] per stage; add yours next to `Time`.

use std::path::PathBuf;

use anyhow::{Context, Result};
use chronicle::date::PubDate;
use chronicle::pipeline::{Stage, TextStage};
use chronicle::time::score::{score_document, Counts, Problem};
use chronicle::time::{timeml, TimeStage};

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub task: Task,
}

#[derive(clap::Subcommand)]
pub enum Task {
    /// Time expressions against TimeML (TempEval-3) files: extent, value and type scores.
    Time(TimeArgs),
    /// Coded events (gold JSONL, eval/events/README.md): event type, source, target and
    /// modality accuracy.
    Events(EventsArgs),
    /// Actor linking on a hand-written set (eval/actors/README.md): accuracy per case
    /// (appositive, metonymy, nationality, partial, typo, group, pronoun, ...).
    Actors(ActorsArgs),
    /// Named entities: conlleval-style precision, recall and F1 on a CoNLL file whose last
    /// column is the gold tag (IOB1 or IOB2).
    Ner(NerArgs),
    /// Part-of-speech accuracy (2nd column) and chunk F1 (3rd column, over predicted POS
    /// tags) on a CoNLL-2003-style file (`--conll`); with `--conllu`, dependency parsing:
    /// UAS, LAS and per-relation precision/recall on a UD CoNLL-U file.
    Syntax(SyntaxArgs),
    /// Main-text extraction from web pages: snippet precision, recall and F1 on a folder
    /// with `evaldata.json` and `pages/` (../shared/data/html_dev), and pages/s for reading
    /// and extraction on one core.
    Html(super::eval_web::HtmlArgs),
    /// Page publication dates against a hand-read set (eval/html_dates/README.md): % right to
    /// the day, and how many undated pages were given a date.
    HtmlDates(super::eval_web::HtmlDatesArgs),
}

#[derive(clap::Args)]
pub struct SyntaxArgs {
    #[arg(long, required_unless_present = "conllu")]
    pub conll: Option<PathBuf>,
    #[command(flatten)]
    pub parse: super::parse::EvalArgs,
    /// A POS model other than the shipped one.
    #[arg(long)]
    pub pos: Option<PathBuf>,
    /// A chunk model other than the shipped one.
    #[arg(long)]
    pub chunk: Option<PathBuf>,
    /// Also write the CoNLL lines with the predicted POS and chunk tags appended (for
    /// comparing two builds or models line by line).
    #[arg(long, value_name = "FILE")]
    pub write: Option<PathBuf>,
}

#[derive(clap::Args)]
pub struct ActorsArgs {
    /// Linking set (JSONL).
    #[arg(default_value = "eval/actors/linking.jsonl")]
    pub file: PathBuf,
    /// List every failed mention after the summary.
    #[arg(long)]
    pub errors: bool,
    /// Phoenix-format dictionaries to add to the knowledge base.
    #[arg(long, value_name = "DIR")]
    pub dictionaries: Option<PathBuf>,
}

#[derive(clap::Args)]
pub struct NerArgs {
    #[arg(long)]
    pub conll: PathBuf,
    /// A model other than the shipped one.
    #[arg(long)]
    pub model: Option<PathBuf>,
}

#[derive(clap::Args)]
pub struct EventsArgs {
    /// Gold set (JSONL).
    #[arg(default_value = "eval/events/gold.jsonl")]
    pub file: PathBuf,
    /// List every error after the summary.
    #[arg(long)]
    pub errors: bool,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
    /// Phoenix/PETRARCH-format dictionaries to use instead of the defaults.
    #[arg(long, value_name = "DIR")]
    pub dictionaries: Option<PathBuf>,
    /// The shared corpora that drawn gold items (eval/events/random/) point into.
    #[arg(
        long,
        value_name = "DIR",
        env = "CHRONICLE_DATA",
        default_value = "../shared/data"
    )]
    pub data: PathBuf,
    /// Parse every sentence (the events stage then reads arguments from the tree).
    #[arg(long)]
    pub parse: bool,
    /// Parse the sentences the events stage codes (a trigger and a political actor), so
    /// events read their arguments from the dependency tree; about a fifth more CPU.
    #[arg(long)]
    pub event_parse: bool,
}

#[derive(clap::Args)]
pub struct TimeArgs {
    /// A directory searched recursively for `.tml` files (or one file).
    pub dir: PathBuf,
    /// List misses, false alarms, wrong extents and wrong values per document.
    #[arg(long)]
    pub errors: bool,
}

pub fn run(args: Args) -> Result<()> {
    match args.task {
        Task::Time(a) => run_time(a),
        Task::Events(a) => run_events(a),
        Task::Actors(a) => run_actors(a),
        Task::Ner(a) => run_ner(a),
        Task::Syntax(a) => run_syntax(a),
        Task::Html(a) => super::eval_web::run_html(a),
        Task::HtmlDates(a) => super::eval_web::run_html_dates(a),
    }
}

fn run_actors(args: ActorsArgs) -> Result<()> {
    let set = chronicle::link::eval::read_set(&args.file)
        .with_context(|| format!("reading linking set {}", args.file.display()))?;
    let pipeline = chronicle::Pipeline::with_options(&chronicle::pipeline::PipelineOptions {
        dictionaries: args.dictionaries.clone(),
        ..Default::default()
    })
    .context("building the pipeline")?;
    let report = chronicle::link::eval::evaluate(&pipeline, &set);
    println!(
        "{:<18} {:>7} {:>7} {:>8}",
        "case", "correct", "total", "accuracy"
    );
    for (case, (correct, total)) in &report.cases {
        let acc = if *total > 0 {
            *correct as f64 / *total as f64
        } else {
            0.0
        };
        println!("{case:<18} {correct:>7} {total:>7} {:>7.1}%", acc * 100.0);
    }
    let (correct, total) = report.total();
    let acc = if total > 0 {
        correct as f64 / total as f64
    } else {
        0.0
    };
    println!(
        "{:<18} {correct:>7} {total:>7} {:>7.1}%",
        "all",
        acc * 100.0
    );
    println!("({} articles, {})", set.len(), args.file.display());
    if args.errors {
        for f in &report.failures {
            println!("  {f}");
        }
    }
    Ok(())
}

fn run_events(args: EventsArgs) -> Result<()> {
    let items = chronicle::events::eval::read_gold(&args.file)
        .with_context(|| format!("reading gold set {}", args.file.display()))?;
    let pipeline = chronicle::Pipeline::with_options(&chronicle::pipeline::PipelineOptions {
        dictionaries: args.dictionaries.clone(),
        parse: args.parse,
        event_parse: args.event_parse,
        ..Default::default()
    })
    .with_context(|| match &args.dictionaries {
        Some(dir) => format!("loading dictionaries from {}", dir.display()),
        None => "loading the standard pipeline".to_string(),
    })?;
    let corpora = if items.iter().any(|i| i.corpus.is_some()) {
        Some(
            chronicle::events::eval::Corpora::load(&args.data, &items)
                .with_context(|| format!("reading the corpora in {}", args.data.display()))?,
        )
    } else {
        None
    };
    let report =
        chronicle::events::eval::evaluate(&items, corpora.as_ref(), &|a| pipeline.annotate(a));
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
        return Ok(());
    }
    print!("{}", report.render());
    if args.errors {
        for e in &report.errors {
            println!("{e}");
        }
    }
    Ok(())
}

fn run_time(args: TimeArgs) -> Result<()> {
    let files = if args.dir.is_file() {
        vec![args.dir.clone()]
    } else {
        timeml::find_files(&args.dir).with_context(|| format!("listing {}", args.dir.display()))?
    };
    anyhow::ensure!(
        !files.is_empty(),
        "no .tml files under {}",
        args.dir.display()
    );
    let text_stage = TextStage;
    let time_stage = TimeStage::new();
    let mut total = Counts::default();
    for path in &files {
        let doc = timeml::read_file(path).with_context(|| format!("reading {}", path.display()))?;
        let mut article = chronicle::Article::new(doc.text.clone());
        article.date = doc.dct.map(PubDate::day);
        text_stage.annotate(&mut article);
        time_stage.annotate(&mut article);
        let (counts, problems) = score_document(&doc.text, &doc.timexes, &article.times);
        total.add(&counts);
        if args.errors && !problems.is_empty() {
            let dct = doc
                .dct
                .map(|d| d.to_string())
                .unwrap_or_else(|| "none".into());
            println!("== {} (DCT {dct})", doc.id);
            for p in problems {
                match p {
                    Problem::Miss { text, value } => println!("  MISS   {text:?} {value}"),
                    Problem::FalseAlarm { text, value } => println!("  FALSE  {text:?} {value}"),
                    Problem::Extent { text, gold_text } => {
                        println!("  EXTENT {text:?} gold {gold_text:?}")
                    }
                    Problem::WrongValue {
                        text,
                        gold_text,
                        value,
                        gold,
                    } => println!("  VALUE  {text:?} {value} gold {gold_text:?} {gold}"),
                    Problem::WrongType { text, kind, gold } => {
                        println!(
                            "  TYPE   {text:?} {kind} gold {}",
                            gold.map_or("", |g| g.as_str())
                        )
                    }
                }
            }
        }
    }
    let s = total.strict();
    let r = total.relaxed();
    println!(
        "documents {}  gold {}  system {}",
        files.len(),
        total.gold,
        total.system
    );
    println!(
        "strict   P {:5.1}  R {:5.1}  F1 {:5.1}",
        s.precision, s.recall, s.f1
    );
    println!(
        "relaxed  P {:5.1}  R {:5.1}  F1 {:5.1}",
        r.precision, r.recall, r.f1
    );
    println!(
        "value F1 {:5.1} (accuracy {:5.1})   type F1 {:5.1}",
        total.value_f1(),
        total.value_accuracy(),
        total.type_f1()
    );
    Ok(())
}

fn run_ner(args: NerArgs) -> Result<()> {
    let model = super::ner::load_model(args.model.as_deref())?;
    let docs = chronicle::learn::conll::read_conll(&args.conll)
        .with_context(|| format!("reading {}", args.conll.display()))?;
    let started = std::time::Instant::now();
    let score = chronicle::ner::evaluate(&model, &docs);
    let elapsed = started.elapsed();
    print!("{score}");
    eprintln!(
        "{} tokens in {:.2?} ({:.0} tokens/s, including feature extraction)",
        score.tokens,
        elapsed,
        score.tokens as f64 / elapsed.as_secs_f64().max(1e-9)
    );
    Ok(())
}

fn run_syntax(args: SyntaxArgs) -> Result<()> {
    use chronicle::syntax::{Chunker, PosTagger, SyntaxModel};
    let Some(conll) = args.conll else {
        return super::parse::run_eval(args.parse, args.pos.as_deref());
    };
    let pos = match &args.pos {
        Some(p) => std::sync::Arc::new(
            PosTagger::load(p).with_context(|| format!("loading {}", p.display()))?,
        ),
        None => PosTagger::shipped().context("loading the shipped POS model")?,
    };
    let chunker = match &args.chunk {
        Some(p) => std::sync::Arc::new(
            Chunker::load(p).with_context(|| format!("loading {}", p.display()))?,
        ),
        None => Chunker::shipped().context("loading the shipped chunk model")?,
    };
    let docs = chronicle::learn::conll::read_conll(&conll)
        .with_context(|| format!("reading {}", conll.display()))?;
    let started = std::time::Instant::now();
    let (accuracy, chunks) = chronicle::syntax::evaluate(&pos, &chunker, &docs);
    let elapsed = started.elapsed();
    println!("POS accuracy {accuracy:.2} %");
    print!("chunks:\n{chunks}");
    if let Some(path) = &args.write {
        use std::io::Write;
        let file =
            std::fs::File::create(path).with_context(|| format!("creating {}", path.display()))?;
        let mut out = std::io::BufWriter::new(file);
        for sentence in docs.iter().flat_map(|d| d.sentences.iter()) {
            let words = sentence.words();
            let tags = pos.tag(&words);
            let chunk_tags = chunker.tag(&words, &tags);
            for ((row, tag), chunk) in sentence.rows.iter().zip(&tags).zip(&chunk_tags) {
                writeln!(out, "{} {tag} {chunk}", row.join(" "))?;
            }
            writeln!(out)?;
        }
        out.flush()
            .with_context(|| format!("writing {}", path.display()))?;
    }
    eprintln!(
        "{} tokens in {:.2?} ({:.0} tokens/s, POS + chunks)",
        chunks.tokens,
        elapsed,
        chunks.tokens as f64 / elapsed.as_secs_f64().max(1e-9)
    );
    Ok(())
}
