//! `chronicle eval html`: the HTML reader's main text against a snippet set, and its speed;
//! `chronicle eval html-dates`: its page dates against a hand-read set.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use chronicle::read::web_eval::{
    half_of, main_text, read_date_set, read_snippet_set, score_page, SnippetCounts,
};
use chronicle::read::{read_bytes, Format, ReadOptions};

#[derive(clap::Args)]
pub struct HtmlArgs {
    /// The set: a folder with `evaldata.json` and `pages/`.
    #[arg(long, value_name = "DIR", default_value = "../shared/data/html_dev")]
    pub data: PathBuf,
    /// List every page with a missed or a wrongly kept snippet after the summary.
    #[arg(long)]
    pub errors: bool,
    /// Write each page's scored main text (`web_eval::main_text`: without captions and
    /// bylines) to DIR/FILE.txt, for comparing two builds.
    #[arg(long, value_name = "DIR")]
    pub dump: Option<PathBuf>,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
    /// Only the pages of this half of the set (1 or 2, fixed by a hash of the file name: see
    /// `web_eval::half_of`); without it, the whole set with both halves' figures.
    #[arg(long, value_parser = clap::value_parser!(u8).range(1..=2))]
    pub half: Option<u8>,
}

#[derive(serde::Serialize)]
struct Report {
    pages: usize,
    pages_in_set: usize,
    empty_pages: usize,
    counts: SnippetCounts,
    precision: f64,
    recall: f64,
    f1: f64,
    accuracy: f64,
    /// The figures of each half of the pages read (`half_of`): counts, P, R, F1.
    halves: Vec<HalfReport>,
    bytes: usize,
    seconds: f64,
    pages_per_second: f64,
}

#[derive(serde::Serialize)]
struct HalfReport {
    half: u8,
    pages: usize,
    counts: SnippetCounts,
    precision: f64,
    recall: f64,
    f1: f64,
}

/// Reads a page file, decompressing `.gz`.
pub(crate) fn read_page(path: &Path) -> Result<Vec<u8>> {
    let raw = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    if raw.starts_with(&[0x1f, 0x8b]) {
        let mut out = Vec::with_capacity(raw.len() * 4);
        flate2::read::MultiGzDecoder::new(&raw[..])
            .read_to_end(&mut out)
            .with_context(|| format!("decompressing {}", path.display()))?;
        Ok(out)
    } else {
        Ok(raw)
    }
}

/// The article text Chronicle extracts from `bytes` ("" when the page gave none), and the time
/// reading took (decoding, parsing, extraction).
pub(crate) fn extract(name: &str, bytes: &[u8]) -> (Option<chronicle::Article>, Duration) {
    let opts = ReadOptions {
        format: Some(Format::Html),
        ..Default::default()
    };
    let started = Instant::now();
    let items = read_bytes(name, bytes, &opts);
    let elapsed = started.elapsed();
    let article = items.into_iter().find_map(|r| r.ok()).map(|r| r.article);
    (article, elapsed)
}

pub fn run_html(args: HtmlArgs) -> Result<()> {
    let set = read_snippet_set(&args.data).with_context(|| {
        format!(
            "reading the snippet set in {} (the html_dev folder of the shared data)",
            args.data.display()
        )
    })?;
    if let Some(dir) = &args.dump {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    let mut total = SnippetCounts::default();
    let mut by_half = [(0usize, SnippetCounts::default()); 2];
    let mut pages = 0;
    let mut no_file = 0;
    let mut empty = 0;
    let mut bytes_read = 0;
    let mut time = Duration::ZERO;
    let mut problems = Vec::new();
    for page in &set {
        let half = half_of(&page.file);
        if args.half.is_some_and(|h| h != half) {
            continue;
        }
        let Some(path) = page.page_path(&args.data) else {
            no_file += 1;
            continue;
        };
        let bytes = read_page(&path)?;
        bytes_read += bytes.len();
        let (article, elapsed) = extract(&page.file, &bytes);
        time += elapsed;
        pages += 1;
        let text = article.as_ref().map(main_text).unwrap_or_default();
        let text = text.as_str();
        if text.trim().is_empty() {
            empty += 1;
        }
        if let Some(dir) = &args.dump {
            let out = dir.join(format!("{}.txt", page.file));
            std::fs::write(&out, text).with_context(|| format!("writing {}", out.display()))?;
        }
        let score = score_page(text, page);
        total.add(&score.counts);
        let slot = &mut by_half[usize::from(half - 1)];
        slot.0 += 1;
        slot.1.add(&score.counts);
        if !score.missed.is_empty() || !score.kept.is_empty() {
            problems.push((page.file.clone(), text.is_empty(), score));
        }
    }
    anyhow::ensure!(
        pages > 0,
        "no page files found under {}",
        args.data.join("pages").display()
    );
    let seconds = time.as_secs_f64().max(1e-9);
    let report = Report {
        pages,
        pages_in_set: set.len(),
        empty_pages: empty,
        counts: total,
        precision: total.precision(),
        recall: total.recall(),
        f1: total.f1(),
        accuracy: total.accuracy(),
        halves: by_half
            .iter()
            .zip(1u8..)
            .filter(|((n, _), _)| *n > 0)
            .map(|((n, c), half)| HalfReport {
                half,
                pages: *n,
                counts: *c,
                precision: c.precision(),
                recall: c.recall(),
                f1: c.f1(),
            })
            .collect(),
        bytes: bytes_read,
        seconds,
        pages_per_second: pages as f64 / seconds,
    };
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        println!(
            "pages {} ({} in the set have no page file), empty output {}",
            pages, no_file, empty
        );
        println!(
            "snippets: tp {} fn {} fp {} tn {}",
            total.tp, total.fn_, total.fp, total.tn
        );
        println!(
            "precision {:.3}  recall {:.3}  F1 {:.3}  accuracy {:.3}",
            report.precision, report.recall, report.f1, report.accuracy
        );
        for h in &report.halves {
            println!(
                "  half {} ({} pages): precision {:.3}  recall {:.3}  F1 {:.3}",
                h.half, h.pages, h.precision, h.recall, h.f1
            );
        }
        println!(
            "reading + extraction: {:.1} MB in {:.2} s on one core: {:.0} pages/s, {:.1} MB/s",
            bytes_read as f64 / 1e6,
            seconds,
            report.pages_per_second,
            bytes_read as f64 / 1e6 / seconds
        );
    }
    if args.errors {
        for (file, is_empty, score) in &problems {
            println!("== {file}{}", if *is_empty { " (EMPTY)" } else { "" });
            for s in &score.missed {
                println!("  MISSED {s:?}");
            }
            for s in &score.kept {
                println!("  KEPT   {s:?}");
            }
        }
    }
    Ok(())
}

#[derive(clap::Args)]
pub struct HtmlDatesArgs {
    /// The hand-read set (FILE, date or `none`, note; tab-separated).
    #[arg(long, default_value = "eval/html_dates/dates.tsv")]
    pub set: PathBuf,
    /// The folder holding `pages/`.
    #[arg(long, value_name = "DIR", default_value = "../shared/data/html_dev")]
    pub data: PathBuf,
    /// List every page read wrong.
    #[arg(long)]
    pub errors: bool,
}

pub fn run_html_dates(args: HtmlDatesArgs) -> Result<()> {
    let set = read_date_set(&args.set)
        .with_context(|| format!("reading the date set {}", args.set.display()))?;
    let pages_dir = args.data.join("pages");
    anyhow::ensure!(
        pages_dir.is_dir(),
        "no pages folder at {} (the html_dev folder of the shared data)",
        pages_dir.display()
    );
    let (mut dated, mut right, mut missing, mut undated, mut false_dates) = (0, 0, 0, 0, 0);
    let mut by_source: std::collections::BTreeMap<String, (usize, usize)> = Default::default();
    let mut wrong = Vec::new();
    for item in &set {
        let path = [
            pages_dir.join(format!("{}.gz", item.file)),
            pages_dir.join(&item.file),
        ]
        .into_iter()
        .find(|p| p.is_file())
        .with_context(|| format!("{} is not in {}", item.file, pages_dir.display()))?;
        let bytes = read_page(&path)?;
        let (article, _) = extract(&item.file, &bytes);
        let found = article.as_ref().and_then(|a| a.date);
        let source = article
            .as_ref()
            .and_then(|a| a.meta.get("date_source"))
            .and_then(|s| s.as_str())
            .unwrap_or("none")
            .to_string();
        match item.date {
            Some(gold) => {
                dated += 1;
                let ok = found.is_some_and(|f| f.date == gold);
                let entry = by_source.entry(source.clone()).or_default();
                entry.1 += 1;
                if ok {
                    right += 1;
                    entry.0 += 1;
                } else {
                    if found.is_none() {
                        missing += 1;
                    }
                    wrong.push(format!(
                        "{}: gold {gold} ({}), read {} from {source}",
                        item.file,
                        item.note,
                        found.map_or("nothing".to_string(), |f| f.to_string())
                    ));
                }
            }
            None => {
                undated += 1;
                if let Some(f) = found {
                    false_dates += 1;
                    wrong.push(format!(
                        "{}: no date on the page ({}), read {f} from {source}",
                        item.file, item.note
                    ));
                }
            }
        }
    }
    let pct = |a: usize, b: usize| 100.0 * a as f64 / b.max(1) as f64;
    println!(
        "dated pages {dated}: right to the day {right} ({:.1} %), wrong {}, no date read {missing}",
        pct(right, dated),
        dated - right - missing
    );
    println!("undated pages {undated}: given a date anyway {false_dates}");
    println!("by date_source (right / pages):");
    for (source, (ok, n)) in &by_source {
        println!("  {source:<36} {ok:>3} / {n:<3}");
    }
    if args.errors {
        for w in &wrong {
            println!("  {w}");
        }
    }
    Ok(())
}
