//! `chronicle extract`: read, annotate, print.

use std::io::{BufWriter, Write};
use std::path::PathBuf;

use anyhow::{bail, Context, Result};
use chronicle::output::{render_text, write_article_json};
use chronicle::read::read_inputs;

use super::common::ReadArgs;

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    /// One JSON object per line.
    Jsonl,
    /// One pretty-printed JSON array.
    Json,
    /// A readable rendering for a terminal.
    Text,
}

#[derive(clap::Args)]
pub struct Args {
    /// Files, directories (read recursively), globs, or `-` for stdin; stdin when none.
    pub inputs: Vec<PathBuf>,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value = "jsonl")]
    pub format: OutputFormat,
    /// Include the tokens layer.
    #[arg(long)]
    pub tokens: bool,
    #[command(flatten)]
    pub read: ReadArgs,
    /// A directory of Phoenix/PETRARCH-format dictionaries: actor and agent files
    /// (`*actors*.txt`, `*agents*.txt`) extend the knowledge base (replacing shipped entries
    /// with the same names); a CAMEO verb dictionary replaces the shipped one.
    #[arg(long, value_name = "DIR")]
    pub dictionaries: Option<PathBuf>,
    /// Also parse every sentence: dependency heads, relations and lemmas on the tokens
    /// (shown with `--tokens`). About three times the syntax stage's cost.
    #[arg(long)]
    pub parse: bool,
    /// Parse the sentences the events stage codes (a trigger and a political actor), so
    /// events read their arguments from the dependency tree; about a fifth more CPU.
    #[arg(long)]
    pub event_parse: bool,
}

pub fn run(args: Args) -> Result<()> {
    let options = chronicle::pipeline::PipelineOptions {
        dictionaries: args.dictionaries.clone(),
        strict: args.read.strict,
        parse: args.parse,
        event_parse: args.event_parse,
    };
    let pipeline =
        chronicle::Pipeline::with_options(&options).with_context(|| match &args.dictionaries {
            Some(dir) => format!("loading dictionaries from {}", dir.display()),
            None => "loading the pipeline".to_string(),
        })?;
    for warning in pipeline.warnings() {
        eprintln!("warning: {warning}");
    }
    let opts = args.read.options();
    let inputs = if args.inputs.is_empty() {
        if std::io::IsTerminal::is_terminal(&std::io::stdin()) {
            eprintln!("reading an article from stdin (end with Ctrl-D; `chronicle extract --help` for more)");
        }
        vec![PathBuf::from("-")]
    } else {
        args.inputs
    };
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut failures = 0usize;
    let mut articles = 0usize;
    let mut undated: Vec<String> = Vec::new();
    if args.format == OutputFormat::Json {
        writeln!(out, "[").context("writing output")?;
    }
    for item in read_inputs(&inputs, &opts) {
        let read = match item {
            Ok(read) => read,
            Err(e) => {
                if e.is_failure() {
                    failures += 1;
                    eprintln!("error: {e}");
                } else {
                    eprintln!("note: {e}");
                }
                continue;
            }
        };
        for warning in &read.warnings {
            eprintln!("warning: {}: {warning}", read.origin());
        }
        if read.article.date.is_none() {
            undated.push(read.origin());
        }
        let mut article = read.article;
        pipeline.annotate(&mut article);
        let written = match args.format {
            OutputFormat::Jsonl => write_article_json(&mut out, &mut article, args.tokens, false)
                .and_then(|()| writeln!(out)),
            OutputFormat::Json => {
                let sep = if articles > 0 { ",\n" } else { "" };
                write!(out, "{sep}")
                    .and_then(|()| write_article_json(&mut out, &mut article, args.tokens, true))
            }
            OutputFormat::Text => write!(out, "{}", render_text(&article, args.tokens)),
        };
        if let Err(e) = written {
            if e.kind() == std::io::ErrorKind::BrokenPipe {
                return Ok(());
            }
            return Err(e).context("writing output");
        }
        articles += 1;
    }
    if args.format == OutputFormat::Json {
        writeln!(out, "\n]").context("writing output")?;
    }
    if let Err(e) = out.flush() {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            return Err(e).context("writing output");
        }
    }
    if !undated.is_empty() {
        let first = undated
            .iter()
            .take(3)
            .cloned()
            .collect::<Vec<_>>()
            .join(", ");
        let more = if undated.len() > 3 { ", ..." } else { "" };
        eprintln!(
            "note: {} article(s) have no publication date ({first}{more}); pass --date to set one",
            undated.len()
        );
    }
    if failures > 0 {
        bail!("{failures} input(s) failed; {articles} article(s) written");
    }
    Ok(())
}
