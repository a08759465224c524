//! Scoring coded events against a gold set (`eval/events/*.jsonl`, format in its README).
//!
//! Two kinds of gold item share one format: a written sentence (`text`), scored as an article
//! of its own, and a sentence drawn from a corpus (`corpus`, `doc`, `start`, `end`, `sha1`:
//! `eval/events/random/`), scored inside its whole article so that names, pronouns and dates
//! resolve as they do in production, counting only events whose trigger lies in the sentence.
//!
//! Each gold event is aligned with an unused predicted event of the same sentence whose
//! trigger contains the gold trigger word (or is contained in it), preferring one of the same
//! PLOVER type. Unaligned gold events count as misses; predicted events aligned with no gold
//! event are false alarms. Actor codes match when the predicted code starts with the gold code,
//! so a gold `USA` accepts `USAGOV` but a gold `USAGOV` does not accept `USA`.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::date::PubDate;
use crate::doc::{Article, Event, Range};
use crate::error::{Error, Result};

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct GoldEvent {
    pub trigger: String,
    #[serde(default)]
    pub cameo: Option<String>,
    pub plover: String,
    #[serde(default)]
    pub source: Vec<String>,
    #[serde(default)]
    pub target: Vec<String>,
    #[serde(default = "asserted")]
    pub modality: String,
    #[serde(default)]
    pub date: Option<String>,
    /// Two careful coders could disagree: reported with and without such events.
    #[serde(default)]
    pub uncertain: bool,
}

fn asserted() -> String {
    "asserted".into()
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct GoldItem {
    pub id: String,
    /// Article date, YYYY-MM-DD (`null` for corpora without dates).
    #[serde(default)]
    pub date: Option<String>,
    /// The sentence itself, for written items; empty for items drawn from a corpus.
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub cases: Vec<String>,
    /// The stratum of a random draw (`reuters-political`, `other`, `recall`).
    #[serde(default)]
    pub stratum: Option<String>,
    /// For drawn items: the corpus (`reuters21578`, `bbc_news`), the article id, the sentence's
    /// character offsets into the article body and the first 12 hex digits of its SHA-1.
    #[serde(default)]
    pub corpus: Option<String>,
    #[serde(default)]
    pub doc: Option<String>,
    #[serde(default)]
    pub start: Option<usize>,
    #[serde(default)]
    pub end: Option<usize>,
    #[serde(default)]
    pub sha1: Option<String>,
    pub events: Vec<GoldEvent>,
}

/// Reads a gold JSONL file (`#` and `//` lines are comments).
pub fn read_gold(path: &Path) -> Result<Vec<GoldItem>> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') || line.starts_with("//") {
            continue;
        }
        let item: GoldItem = serde_json::from_str(line).map_err(|e| Error::Parse {
            path: path.to_path_buf(),
            line: i + 1,
            message: e.to_string(),
        })?;
        if item.corpus.is_some() != item.doc.is_some() {
            return Err(Error::Parse {
                path: path.to_path_buf(),
                line: i + 1,
                message: "an item drawn from a corpus needs both `corpus` and `doc`".into(),
            });
        }
        out.push(item);
    }
    Ok(out)
}

/// The corpus files drawn items can name, relative to the data directory.
const CORPORA: &[(&str, &str)] = &[
    ("reuters21578", "reuters21578/reuters21578.jsonl.gz"),
    ("bbc_news", "bbc_news/bbc_news.jsonl.gz"),
];

/// Articles of the shared corpora, by (corpus, id), as the JSONL reader reads them
/// (`body` mapped to `text`, so offsets into the body are offsets into `text`).
pub struct Corpora {
    articles: HashMap<(String, String), Article>,
}

impl Corpora {
    /// Reads the articles the items need from `data_dir` (e.g. `../shared/data`).
    pub fn load(data_dir: &Path, items: &[GoldItem]) -> Result<Self> {
        let mut wanted: BTreeMap<&str, std::collections::HashSet<&str>> = BTreeMap::new();
        for item in items {
            if let (Some(c), Some(d)) = (&item.corpus, &item.doc) {
                wanted.entry(c.as_str()).or_default().insert(d.as_str());
            }
        }
        let mut articles = HashMap::new();
        for (corpus, ids) in wanted {
            let Some((_, file)) = CORPORA.iter().find(|(name, _)| *name == corpus) else {
                return Err(Error::Input {
                    path: data_dir.to_path_buf(),
                    message: format!("unknown corpus {corpus:?} (known: reuters21578, bbc_news)"),
                });
            };
            let path: PathBuf = data_dir.join(file);
            if !path.exists() {
                return Err(Error::Input {
                    path,
                    message: "not found: the drawn gold items need the shared corpora (--data DIR)"
                        .into(),
                });
            }
            let opts = crate::read::ReadOptions {
                field_map: vec![("body".into(), "text".into())],
                format: Some(crate::read::Format::Jsonl),
                ..Default::default()
            };
            for read in crate::read::read_inputs(std::slice::from_ref(&path), &opts) {
                // Articles the reader refuses (empty bodies) are simply not available.
                let Ok(read) = read else { continue };
                if ids.contains(read.article.id.as_str()) {
                    let key = (corpus.to_string(), read.article.id.clone());
                    articles.insert(key, read.article);
                }
            }
        }
        Ok(Corpora { articles })
    }

    fn get(&self, corpus: &str, doc: &str) -> Option<&Article> {
        self.articles.get(&(corpus.to_string(), doc.to_string()))
    }
}

/// The byte range of characters `start..end` of `text`, when they exist.
fn char_range(text: &str, start: usize, end: usize) -> Option<Range> {
    let mut offsets = text.char_indices().map(|(b, _)| b).chain([text.len()]);
    let a = offsets.nth(start)?;
    let b = if end == start {
        a
    } else {
        offsets.nth(end - start - 1)?
    };
    (a <= b).then(|| Range::new(a, b))
}

/// The first 12 hex digits of the SHA-1 of `s` (the drawn items' fingerprint).
pub fn fingerprint(s: &str) -> String {
    let digest = sha1_smol::Sha1::from(s.as_bytes()).digest().to_string();
    digest.get(..12).unwrap_or_default().to_string()
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Counts {
    pub total: usize,
    pub correct: usize,
}

impl Counts {
    fn add(&mut self, ok: bool) {
        self.total += 1;
        if ok {
            self.correct += 1;
        }
    }
    pub fn pct(&self) -> f64 {
        if self.total == 0 {
            0.0
        } else {
            100.0 * self.correct as f64 / self.total as f64
        }
    }
}

/// Scores over one set of sentences (the whole set, or one stratum).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Scores {
    pub sentences: usize,
    pub gold_events: usize,
    /// Gold events aligned with a predicted event (recall's numerator).
    pub found: usize,
    pub predicted: usize,
    /// Predicted events aligned with no gold event.
    pub spurious: usize,
    /// Among aligned events.
    pub event_type: Counts,
    pub cameo_root: Counts,
    pub source: Counts,
    pub target: Counts,
    pub modality: Counts,
    pub date: Counts,
    /// Over everything emitted (GDELT's way of counting): the event code right, and both
    /// actor lists right.
    pub emitted_type_right: usize,
    pub emitted_actors_right: usize,
}

impl Scores {
    pub fn precision(&self) -> f64 {
        pct(
            self.predicted - self.spurious.min(self.predicted),
            self.predicted,
        )
    }
    pub fn recall(&self) -> f64 {
        pct(self.found, self.gold_events)
    }
}

fn pct(n: usize, d: usize) -> f64 {
    if d == 0 {
        0.0
    } else {
        100.0 * n as f64 / d as f64
    }
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    #[serde(flatten)]
    pub all: Scores,
    /// The same scores with the gold events marked `uncertain` (and the predictions aligned
    /// with them) left out; equal to `all` when no event is uncertain.
    pub certain: Scores,
    /// Per stratum of a random draw.
    pub strata: BTreeMap<String, Scores>,
    /// Per source corpus of a random draw (`reuters21578`, `bbc_news`), across strata.
    pub corpora: BTreeMap<String, Scores>,
    /// PLOVER confusion among aligned events: gold type → predicted type → count.
    pub confusion: BTreeMap<String, BTreeMap<String, usize>>,
    /// Drawn items whose sentence could not be found (missing article or fingerprint mismatch).
    pub unavailable: Vec<String>,
    /// One line per error, for reading.
    pub errors: Vec<String>,
}

fn codes_match(gold: &[String], predicted: &[Option<String>]) -> bool {
    if gold.len() != predicted.len() {
        return false;
    }
    let mut used = vec![false; predicted.len()];
    gold.iter().all(|g| {
        let hit = predicted.iter().enumerate().position(|(k, p)| {
            !used.get(k).copied().unwrap_or(true)
                && p.as_deref().is_some_and(|p| p.starts_with(g.as_str()))
        });
        match hit.and_then(|k| used.get_mut(k)) {
            Some(u) => {
                *u = true;
                true
            }
            None => false,
        }
    })
}

/// The unused predicted event aligned with `gold`: triggers overlap as text, same PLOVER type
/// preferred.
fn align(events: &[&Event], used: &[bool], gold: &GoldEvent) -> Option<usize> {
    let t = gold.trigger.to_lowercase();
    let candidates = events.iter().enumerate().filter(|(k, e)| {
        let p = e.trigger.text.to_lowercase();
        !used.get(*k).copied().unwrap_or(true) && (p.contains(&t) || t.contains(&p))
    });
    let mut first = None;
    for (k, e) in candidates {
        if e.plover == gold.plover {
            return Some(k);
        }
        first.get_or_insert(k);
    }
    first
}

fn codes(refs: &[crate::doc::ActorRef]) -> Vec<Option<String>> {
    refs.iter().map(|a| a.code.clone()).collect()
}

/// The actors' names, printed beside their codes so that an error shows which words were read.
fn names(refs: &[crate::doc::ActorRef]) -> Vec<&str> {
    refs.iter().map(|a| a.name.as_str()).collect()
}

/// One scored unit: a gold item's events against the predictions in its sentence.
struct Unit<'a> {
    item: &'a GoldItem,
    predicted: Vec<&'a Event>,
}

/// Annotates every item with `annotate` and scores it. Drawn items need `corpora`.
pub fn evaluate(
    items: &[GoldItem],
    corpora: Option<&Corpora>,
    annotate: &dyn Fn(&mut Article),
) -> Report {
    let mut report = Report::default();
    // A drawn item is scored inside its whole article, annotated once however many of its
    // sentences were drawn.
    let mut drawn: HashMap<(String, String), Article> = HashMap::new();
    for item in items {
        let (Some(c), Some(d)) = (&item.corpus, &item.doc) else {
            continue;
        };
        let key = (c.clone(), d.clone());
        if drawn.contains_key(&key) {
            continue;
        }
        if let Some(source) = corpora.and_then(|cs| cs.get(c, d)) {
            let mut article = source.clone();
            if article.date.is_none() {
                article.date = item.date.as_deref().and_then(PubDate::parse);
            }
            annotate(&mut article);
            drawn.insert(key, article);
        }
    }
    for item in items {
        // A written item is an article of its own.
        let written;
        let (article, range) = match (&item.corpus, &item.doc) {
            (Some(c), Some(d)) => {
                let found = drawn.get(&(c.clone(), d.clone())).and_then(|a| {
                    let r = char_range(&a.text, item.start?, item.end?)?;
                    let ok = item
                        .sha1
                        .as_deref()
                        .is_none_or(|f| fingerprint(r.slice(&a.text)) == f);
                    ok.then_some((a, r))
                });
                match found {
                    Some(x) => x,
                    None => {
                        report.unavailable.push(item.id.clone());
                        continue;
                    }
                }
            }
            _ => {
                let mut article = Article::new(item.text.clone());
                article.date = item.date.as_deref().and_then(PubDate::parse);
                annotate(&mut article);
                written = article;
                (&written, Range::new(0, written.text.len()))
            }
        };
        let unit = Unit {
            item,
            predicted: article
                .events
                .iter()
                .filter(|e| range.contains(e.trigger.range()))
                .collect(),
        };
        score_unit(
            &unit,
            &mut report.all,
            false,
            &mut report.errors,
            &mut report.confusion,
        );
        let (mut quiet, mut table) = (Vec::new(), BTreeMap::new());
        score_unit(&unit, &mut report.certain, true, &mut quiet, &mut table);
        if let Some(s) = &item.stratum {
            let entry = report.strata.entry(s.clone()).or_default();
            score_unit(&unit, entry, false, &mut quiet, &mut table);
        }
        if let Some(c) = &item.corpus {
            let entry = report.corpora.entry(c.clone()).or_default();
            score_unit(&unit, entry, false, &mut quiet, &mut table);
        }
    }
    report
}

fn score_unit(
    unit: &Unit,
    r: &mut Scores,
    skip_uncertain: bool,
    errors: &mut Vec<String>,
    confusion: &mut BTreeMap<String, BTreeMap<String, usize>>,
) {
    let item = unit.item;
    let events = &unit.predicted;
    r.sentences += 1;
    let mut used = vec![false; events.len()];
    // Predictions aligned with an uncertain gold event are neither right nor false alarms.
    let mut ignored = vec![false; events.len()];
    for g in &item.events {
        let hit = align(events, &used, g);
        if skip_uncertain && g.uncertain {
            if let Some(k) = hit {
                if let (Some(u), Some(i)) = (used.get_mut(k), ignored.get_mut(k)) {
                    *u = true;
                    *i = true;
                }
            }
            continue;
        }
        r.gold_events += 1;
        let Some((k, e)) = hit.and_then(|k| events.get(k).map(|e| (k, *e))) else {
            errors.push(format!("{}: missed {} ({})", item.id, g.trigger, g.plover));
            continue;
        };
        r.found += 1;
        if let Some(u) = used.get_mut(k) {
            *u = true;
        }
        *confusion
            .entry(g.plover.clone())
            .or_default()
            .entry(e.plover.to_string())
            .or_default() += 1;
        let type_ok = e.plover == g.plover;
        r.event_type.add(type_ok);
        if let Some(c) = &g.cameo {
            r.cameo_root.add(e.cameo.get(..2) == c.get(..2));
        }
        let src_ok = codes_match(&g.source, &codes(&e.source));
        let tgt_ok = codes_match(&g.target, &codes(&e.target));
        r.source.add(src_ok);
        r.target.add(tgt_ok);
        if type_ok {
            r.emitted_type_right += 1;
        }
        if src_ok && tgt_ok {
            r.emitted_actors_right += 1;
        }
        let mod_ok = e.modality == g.modality;
        r.modality.add(mod_ok);
        if let Some(d) = &g.date {
            let ok = e.date.as_deref() == Some(d.as_str());
            r.date.add(ok);
            if !ok {
                errors.push(format!(
                    "{}: {} date gold {d} | got {:?} ({})",
                    item.id, g.trigger, e.date, e.date_source
                ));
            }
        }
        if !(type_ok && src_ok && tgt_ok && mod_ok) {
            errors.push(format!(
                "{}: {} gold {} {:?}->{:?} {} | got {} {} {:?}->{:?} {} [{:?}->{:?}]",
                item.id,
                g.trigger,
                g.plover,
                g.source,
                g.target,
                g.modality,
                e.plover,
                e.cameo,
                codes(&e.source),
                codes(&e.target),
                e.modality,
                names(&e.source),
                names(&e.target)
            ));
        }
    }
    for ((e, u), i) in events.iter().zip(&used).zip(&ignored) {
        if *i {
            continue;
        }
        r.predicted += 1;
        if !u {
            r.spurious += 1;
            errors.push(format!(
                "{}: spurious {} {} {} {:?}->{:?} {}",
                item.id,
                e.trigger.text,
                e.plover,
                e.cameo,
                codes(&e.source),
                codes(&e.target),
                e.modality
            ));
        }
    }
}

impl Scores {
    fn render_into(&self, s: &mut String) {
        let line = |name: &str, c: &Counts| {
            format!(
                "{name:<12} {:>6.1} %  ({}/{})\n",
                c.pct(),
                c.correct,
                c.total
            )
        };
        s.push_str(&format!(
            "sentences {}  gold events {}  found {}  predicted {}  spurious {}\n",
            self.sentences, self.gold_events, self.found, self.predicted, self.spurious
        ));
        s.push_str(&line("event type", &self.event_type));
        s.push_str(&line("cameo root", &self.cameo_root));
        s.push_str(&line("source", &self.source));
        s.push_str(&line("target", &self.target));
        s.push_str(&line("modality", &self.modality));
        s.push_str(&line("date", &self.date));
    }

    fn render_summary(&self) -> String {
        format!(
            "precision {:.1} %  recall {:.1} %  over all emitted: type right {:.1} %, actors right {:.1} %\n",
            self.precision(),
            self.recall(),
            pct(self.emitted_type_right, self.predicted),
            pct(self.emitted_actors_right, self.predicted),
        )
    }
}

impl Report {
    /// The report as text. Written sets print the classic six lines; drawn sets add
    /// precision/recall, the strata, the certain-only figures and the confusion table.
    pub fn render(&self) -> String {
        let mut s = String::new();
        self.all.render_into(&mut s);
        if self.strata.is_empty() {
            return s;
        }
        s.push_str(&self.all.render_summary());
        for (name, scores) in &self.strata {
            s.push_str(&format!("\n[{name}]\n"));
            scores.render_into(&mut s);
            s.push_str(&scores.render_summary());
        }
        for (name, scores) in &self.corpora {
            s.push_str(&format!("\n[corpus {name}]\n"));
            scores.render_into(&mut s);
            s.push_str(&scores.render_summary());
        }
        s.push_str("\n[certain events only]\n");
        self.certain.render_into(&mut s);
        s.push_str(&self.certain.render_summary());
        s.push_str("\nPLOVER confusion (gold → predicted: count)\n");
        for (gold, row) in &self.confusion {
            let cells: Vec<String> = row.iter().map(|(p, n)| format!("{p} {n}")).collect();
            s.push_str(&format!("  {gold:<10} → {}\n", cells.join(", ")));
        }
        if !self.unavailable.is_empty() {
            s.push_str(&format!(
                "\n{} drawn sentences unavailable (article missing or fingerprint changed): {}\n",
                self.unavailable.len(),
                self.unavailable.join(" ")
            ));
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gold(trigger: &str, plover: &str) -> GoldEvent {
        GoldEvent {
            trigger: trigger.into(),
            cameo: Some("040".into()),
            plover: plover.into(),
            source: vec![],
            target: vec![],
            modality: "asserted".into(),
            date: None,
            uncertain: false,
        }
    }

    fn written(text: &str, events: Vec<GoldEvent>) -> GoldItem {
        GoldItem {
            id: "x".into(),
            date: Some("2021-03-05".into()),
            text: text.into(),
            cases: vec![],
            stratum: None,
            corpus: None,
            doc: None,
            start: None,
            end: None,
            sha1: None,
            events,
        }
    }

    #[test]
    fn code_lists_match_by_prefix_and_count() {
        let p = |v: &[&str]| v.iter().map(|c| Some(c.to_string())).collect::<Vec<_>>();
        assert!(codes_match(&["USA".into()], &p(&["USAGOV"])));
        assert!(!codes_match(&["USAGOV".into()], &p(&["USA"])));
        assert!(codes_match(
            &["KOR".into(), "USA".into()],
            &p(&["USAGOV", "KORGOV"])
        ));
        assert!(!codes_match(&["KOR".into()], &p(&["KOR", "USA"])));
        assert!(codes_match(&[], &p(&[])));
    }

    #[test]
    fn unaligned_gold_counts_as_wrong() {
        let items = vec![written(
            "Nothing happens here.",
            vec![gold("met", "CONSULT")],
        )];
        let r = evaluate(&items, None, &|_| {});
        assert_eq!(r.all.event_type.total, 0);
        assert_eq!(r.all.gold_events, 1);
        assert_eq!(r.all.found, 0);
        assert_eq!(r.all.recall(), 0.0);
        assert_eq!(r.errors.len(), 1);
    }

    #[test]
    fn character_offsets_become_byte_ranges() {
        let text = "Séoul said. Then more.";
        let r = char_range(text, 12, 22).unwrap();
        assert_eq!(r.slice(text), "Then more.");
        assert_eq!(char_range(text, 0, 5).unwrap().slice(text), "Séoul");
        assert!(char_range(text, 20, 40).is_none());
    }

    #[test]
    fn fingerprints_are_sha1_prefixes() {
        // SHA-1("abc") = a9993e364706816aba3e25717850c26c9cd0d89d
        assert_eq!(fingerprint("abc"), "a9993e364706");
    }

    #[test]
    fn uncertain_events_are_left_out_of_the_certain_scores() {
        let mut g = gold("urged", "REQUEST");
        g.uncertain = true;
        let items = vec![written("He urged calm.", vec![g])];
        let r = evaluate(&items, None, &|_| {});
        assert_eq!(r.all.gold_events, 1);
        assert_eq!(r.certain.gold_events, 0);
    }
}
