//! `chronicle ner --conll FILE`: tag a CoNLL file, appending a predicted IOB2 column.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, Result};
use chronicle::learn::conll::read_conll;
use chronicle::ner::NerModel;

#[derive(clap::Args)]
pub struct Args {
    /// CoNLL file: one token per line (word first), blank lines between sentences.
    #[arg(long)]
    pub conll: PathBuf,
    /// A model other than the shipped one.
    #[arg(long)]
    pub model: Option<PathBuf>,
}

pub fn run(args: Args) -> Result<()> {
    let model = load_model(args.model.as_deref())?;
    let docs =
        read_conll(&args.conll).with_context(|| format!("reading {}", args.conll.display()))?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for doc in &docs {
        if let Some(line) = &doc.docstart {
            writeln!(out, "{line} O\n")?;
        }
        let words: Vec<Vec<&str>> = doc.sentences.iter().map(|s| s.words()).collect();
        let tagged = model.tag_document(&words);
        for (sentence, spans) in doc.sentences.iter().zip(tagged) {
            let tags = chronicle::ner::iob2_of(spans, sentence.len());
            for (row, tag) in sentence.rows.iter().zip(tags) {
                writeln!(out, "{} {tag}", row.join(" "))?;
            }
            writeln!(out)?;
        }
    }
    out.flush()?;
    Ok(())
}

pub fn load_model(path: Option<&std::path::Path>) -> Result<std::sync::Arc<NerModel>> {
    match path {
        Some(p) => NerModel::load(p)
            .map(std::sync::Arc::new)
            .with_context(|| format!("loading {}", p.display())),
        None => NerModel::shipped().context("loading the shipped NER model"),
    }
}
