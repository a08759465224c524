//! The arguments of the stage benchmarks: which corpus, how much of it, how many passes.

use std::path::PathBuf;

#[derive(clap::Args)]
pub struct CorpusArgs {
    /// JSONL (optionally .gz) with a `body` text field and a `date` field.
    #[arg(
        long,
        default_value = "../shared/data/reuters21578/reuters21578.jsonl.gz"
    )]
    pub input: PathBuf,
    /// Read at most this many articles (0 = all).
    #[arg(long, default_value_t = 0)]
    pub limit: usize,
    /// Passes over the corpus; the best pass is reported.
    #[arg(long, default_value_t = 3)]
    pub repeat: usize,
}

#[derive(clap::Args)]
pub struct EventsArgs {
    #[command(flatten)]
    pub corpus: CorpusArgs,
    /// Parse every sentence in the syntax stage (the events stage then reads the tree).
    #[arg(long)]
    pub parse: bool,
    /// Parse the sentences the events stage codes (a trigger and a political actor), so
    /// events read their arguments from the dependency tree; about a fifth more CPU.
    #[arg(long)]
    pub event_parse: bool,
}

#[derive(clap::Args)]
pub struct TextArgs {
    /// The shared data directory (holds reuters21578/); default $CHRONICLE_DATA or ../shared/data.
    #[arg(long)]
    pub data: Option<PathBuf>,
    /// Passes over the corpus; the best and the median pass are reported.
    #[arg(long, default_value_t = 3)]
    pub passes: usize,
    /// Use only the first N articles.
    #[arg(long)]
    pub limit: Option<usize>,
}

/// `--data`, else `$CHRONICLE_DATA`, else `../shared/data` next to the repository.
pub fn data_dir(given: Option<PathBuf>) -> PathBuf {
    given
        .or_else(|| std::env::var_os("CHRONICLE_DATA").map(PathBuf::from))
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data"))
}
