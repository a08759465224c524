//! Parallel ingest: extraction on all cores (rayon) feeding the one writer.
//!
//! Articles are read in batches. While batch *n* is annotated in parallel, batch *n − 1*
//! is written in one transaction and batch *n + 1* is read, so reading, extraction and
//! SQLite overlap. Articles whose id is already stored are skipped before extraction: a
//! rerun after an interruption only does the work that is missing.

use std::panic::AssertUnwindSafe;
use std::time::{Duration, Instant};

use chronicle::{Article, Pipeline};
use rayon::prelude::*;

use crate::error::Result;
use crate::store::{BatchReport, PreparedArticle, Writer};

/// Articles per transaction by default. Larger batches write each page of the random-key
/// indexes (LSH buckets, actor links, event codes) once for more articles; 1024 halves the
/// bytes written to the WAL compared with 256, and an interruption loses about a second
/// of work.
pub const DEFAULT_BATCH: usize = 1024;

/// How ingest proceeds.
#[derive(Debug, Clone)]
pub struct IngestOptions {
    /// Articles per transaction: the unit that an interruption can lose.
    pub batch_size: usize,
}

impl Default for IngestOptions {
    fn default() -> Self {
        IngestOptions {
            batch_size: DEFAULT_BATCH,
        }
    }
}

/// Running totals, passed to the progress callback after every batch.
#[derive(Debug, Clone, Default)]
pub struct IngestStats {
    /// Articles read from the inputs (including skipped ones).
    pub read: usize,
    pub stored: BatchReport,
    /// Inputs that could not be read or annotated.
    pub failed: usize,
    /// Bytes of article text read (stored or not).
    pub bytes_read: u64,
    pub elapsed: Duration,
}

impl IngestStats {
    pub fn articles_per_second(&self) -> f64 {
        self.read as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }
    pub fn megabytes_per_second(&self) -> f64 {
        self.bytes_read as f64 / 1e6 / self.elapsed.as_secs_f64().max(1e-9)
    }
}

/// A problem with one input that did not stop the ingest.
#[derive(Debug, Clone)]
pub struct Problem {
    /// Where: `file:line`, `file`, or the article id.
    pub place: String,
    pub message: String,
}

/// Reads `inputs`, annotates new articles with `pipeline` and stores them.
///
/// `on_problem` hears about every input that failed (the ingest goes on); `on_progress`
/// is called after each committed batch. Returns when the inputs are exhausted, or with
/// the first storage error (everything committed before it stays).
pub fn ingest<I>(
    writer: &mut Writer,
    pipeline: &Pipeline,
    inputs: I,
    options: &IngestOptions,
    mut on_problem: impl FnMut(Problem),
    mut on_progress: impl FnMut(&IngestStats),
) -> Result<IngestStats>
where
    I: IntoIterator<Item = std::result::Result<Article, chronicle::Error>>,
{
    let started = Instant::now();
    let mut stats = IngestStats::default();
    let batch_size = options.batch_size.max(1);
    let mut inputs = inputs.into_iter();
    let mut pending: Option<Vec<PreparedArticle>> = None;
    let (mut batch, mut exhausted) =
        read_batch(&mut inputs, batch_size, &mut stats, &mut on_problem);
    loop {
        let to_write = pending.take();
        let this_batch = std::mem::take(&mut batch);
        let writer_ref = &mut *writer;
        // The next batch is read on this thread while a scoped thread drives the rayon
        // workers (annotation) and the writer: reading is not left on the critical path.
        let (outcome, next) = std::thread::scope(|scope| {
            let job = scope.spawn(move || process(writer_ref, pipeline, this_batch, to_write));
            let next = (!exhausted).then(|| {
                let mut read = IngestStats::default();
                let (next, done) = read_batch(&mut inputs, batch_size, &mut read, &mut on_problem);
                (next, done, read)
            });
            let outcome = match job.join() {
                Ok(outcome) => outcome,
                Err(panic) => std::panic::resume_unwind(panic),
            };
            (outcome, next)
        });
        let outcome = outcome?;
        stats.stored.skipped += outcome.skipped;
        if let Some(written) = outcome.written {
            stats.stored.absorb(&written);
            stats.elapsed = started.elapsed();
            on_progress(&stats);
        }
        for (id, message) in outcome.failures {
            stats.failed += 1;
            on_problem(Problem { place: id, message });
        }
        if !outcome.annotated.is_empty() {
            pending = Some(outcome.annotated);
        }
        match next {
            Some((next, done, read)) => {
                stats.read += read.read;
                stats.failed += read.failed;
                stats.bytes_read += read.bytes_read;
                batch = next;
                exhausted = done;
            }
            None => {
                if let Some(last) = pending.take() {
                    stats.stored.absorb(&writer.add_prepared(&last)?);
                }
                break;
            }
        }
    }
    stats.elapsed = started.elapsed();
    on_progress(&stats);
    Ok(stats)
}

/// Reads up to `batch_size` articles (inputs that fail are reported and counted); says
/// whether the inputs are exhausted.
fn read_batch<I>(
    inputs: &mut I,
    batch_size: usize,
    stats: &mut IngestStats,
    on_problem: &mut impl FnMut(Problem),
) -> (Vec<Article>, bool)
where
    I: Iterator<Item = std::result::Result<Article, chronicle::Error>>,
{
    let mut batch = Vec::with_capacity(batch_size);
    while batch.len() < batch_size {
        match inputs.next() {
            None => return (batch, true),
            Some(Err(e)) => {
                stats.failed += 1;
                on_problem(Problem {
                    place: String::new(),
                    message: e.to_string(),
                });
            }
            Some(Ok(article)) => {
                stats.read += 1;
                stats.bytes_read += article.text.len() as u64;
                batch.push(article);
            }
        }
    }
    (batch, false)
}

/// What one step of the ingest did: the batch it annotated (and its failures), the one
/// it wrote, and how many articles it skipped as already stored.
struct Step {
    annotated: Vec<PreparedArticle>,
    failures: Vec<(String, String)>,
    written: Option<BatchReport>,
    skipped: usize,
}

/// Drops the articles of `batch` that are already stored, then annotates the rest while
/// writing `to_write`.
fn process(
    writer: &mut Writer,
    pipeline: &Pipeline,
    batch: Vec<Article>,
    to_write: Option<Vec<PreparedArticle>>,
) -> Result<Step> {
    let mut fresh = Vec::with_capacity(batch.len());
    let mut skipped = 0;
    for article in batch {
        if writer.contains(&article.id)? {
            skipped += 1;
        } else {
            fresh.push(article);
        }
    }
    let ((annotated, failures), written) = rayon::join(
        || annotate_all(pipeline, fresh),
        || to_write.map(|b| writer.add_prepared(&b)),
    );
    Ok(Step {
        annotated,
        failures,
        written: written.transpose()?,
        skipped,
    })
}

/// Articles a worker annotates together, stage by stage: each stage's models and
/// lexicons then stay in the CPU caches for the whole group instead of being evicted
/// by the other stages after every article.
const STAGE_GROUP: usize = 16;

/// Annotates in parallel and prepares each article for the writer (hash, MinHash,
/// encoded layers); an article whose annotation panics is reported, not stored.
pub(crate) fn annotate_all(
    pipeline: &Pipeline,
    batch: Vec<Article>,
) -> (Vec<PreparedArticle>, Vec<(String, String)>) {
    let mut groups = Vec::with_capacity(batch.len() / STAGE_GROUP + 1);
    let mut batch = batch.into_iter().peekable();
    while batch.peek().is_some() {
        groups.push(batch.by_ref().take(STAGE_GROUP).collect::<Vec<_>>());
    }
    let results: Vec<Vec<Annotated>> = groups
        .into_par_iter()
        .map(|group| annotate_group(pipeline, group))
        .collect();
    let mut ok = Vec::new();
    let mut failed = Vec::new();
    for r in results.into_iter().flatten() {
        match r {
            Ok(a) => ok.push(a),
            Err(e) => failed.push(e),
        }
    }
    (ok, failed)
}

/// A prepared article, or the id of the article and what went wrong.
type Annotated = std::result::Result<PreparedArticle, (String, String)>;

/// Runs the pipeline's stages in order over `group` (what `Pipeline::annotate` does for
/// one article), one stage over every article before the next stage.
fn annotate_group(pipeline: &Pipeline, group: Vec<Article>) -> Vec<Annotated> {
    let mut slots: Vec<std::result::Result<Article, (String, String)>> =
        group.into_iter().map(Ok).collect();
    for stage in pipeline.stages() {
        for slot in slots.iter_mut() {
            let failure = match slot {
                Ok(article) => {
                    std::panic::catch_unwind(AssertUnwindSafe(|| stage.annotate(article)))
                        .err()
                        .map(|panic| (article.id.clone(), panic_message(panic.as_ref())))
                }
                Err(_) => None,
            };
            if let Some(failure) = failure {
                *slot = Err(failure);
            }
        }
    }
    slots
        .into_iter()
        .map(|slot| {
            slot.and_then(|article| {
                let id = article.id.clone();
                PreparedArticle::new(article)
                    .map_err(|e| (id, format!("could not encode the annotations: {e}")))
            })
        })
        .collect()
}

fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    let what = panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_default();
    format!("annotation failed (a bug; please report): {what}")
}
