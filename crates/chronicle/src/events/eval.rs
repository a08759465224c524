//! Scoring coded events against a gold set (`eval/events/*.jsonl`, format in its README).
//!
//! Each gold event is aligned with the predicted event of the same sentence whose trigger
//! contains the gold trigger word (or is contained in it). Unaligned gold events count as
//! wrong on every measure; predicted events aligned with no gold event are reported as
//! spurious. Actor codes match when the predicted code starts with the gold code, so a
//! gold `USA` accepts `USAGOV` but a gold `USAGOV` does not accept `USA`.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::date::PubDate;
use crate::doc::{Article, Event};
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
}

fn asserted() -> String {
    "asserted".into()
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct GoldItem {
    pub id: String,
    /// Article date, YYYY-MM-DD.
    pub date: String,
    pub text: String,
    #[serde(default)]
    pub cases: Vec<String>,
    pub events: Vec<GoldEvent>,
}

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
        out.push(item);
    }
    Ok(out)
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

#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    pub sentences: usize,
    pub gold_events: usize,
    pub found: usize,
    pub event_type: Counts,
    pub cameo_root: Counts,
    pub source: Counts,
    pub target: Counts,
    pub modality: Counts,
    pub date: Counts,
    pub spurious: usize,
    pub predicted: usize,
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

fn aligned<'e>(events: &'e [Event], trigger: &str) -> Option<(usize, &'e Event)> {
    let t = trigger.to_lowercase();
    events.iter().enumerate().find(|(_, e)| {
        let p = e.trigger.text.to_lowercase();
        p.contains(&t) || t.contains(&p)
    })
}

fn codes(refs: &[crate::doc::ActorRef]) -> Vec<Option<String>> {
    refs.iter().map(|a| a.code.clone()).collect()
}

/// Annotates every item with `annotate` and scores it.
pub fn evaluate(items: &[GoldItem], annotate: &dyn Fn(&mut Article)) -> Report {
    let mut r = Report::default();
    for item in items {
        let mut article = Article::new(item.text.clone());
        article.date = PubDate::parse(&item.date);
        annotate(&mut article);
        r.sentences += 1;
        r.predicted += article.events.len();
        let mut used = vec![false; article.events.len()];
        for g in &item.events {
            r.gold_events += 1;
            let hit = aligned(&article.events, &g.trigger);
            let Some((k, e)) = hit else {
                for c in [
                    &mut r.event_type,
                    &mut r.cameo_root,
                    &mut r.source,
                    &mut r.target,
                    &mut r.modality,
                    &mut r.date,
                ] {
                    c.add(false);
                }
                r.errors
                    .push(format!("{}: missed {} ({})", item.id, g.trigger, g.plover));
                continue;
            };
            r.found += 1;
            if let Some(u) = used.get_mut(k) {
                *u = true;
            }
            let type_ok = e.plover == g.plover;
            r.event_type.add(type_ok);
            if let Some(c) = &g.cameo {
                r.cameo_root.add(e.cameo.get(..2) == c.get(..2));
            }
            let src_ok = codes_match(&g.source, &codes(&e.source));
            let tgt_ok = codes_match(&g.target, &codes(&e.target));
            r.source.add(src_ok);
            r.target.add(tgt_ok);
            let mod_ok = e.modality == g.modality;
            r.modality.add(mod_ok);
            if let Some(d) = &g.date {
                let ok = e.date.as_deref() == Some(d.as_str());
                r.date.add(ok);
                if !ok {
                    r.errors.push(format!(
                        "{}: {} date gold {d} | got {:?} ({})",
                        item.id, g.trigger, e.date, e.date_source
                    ));
                }
            }
            if !(type_ok && src_ok && tgt_ok && mod_ok) {
                r.errors.push(format!(
                    "{}: {} gold {} {:?}->{:?} {} | got {} {} {:?}->{:?} {}",
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
                    e.modality
                ));
            }
        }
        for (e, u) in article.events.iter().zip(&used) {
            if !u {
                r.spurious += 1;
                r.errors.push(format!(
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
    r
}

impl Report {
    pub fn render(&self) -> String {
        let line = |name: &str, c: &Counts| {
            format!(
                "{name:<12} {:>6.1} %  ({}/{})\n",
                c.pct(),
                c.correct,
                c.total
            )
        };
        let mut s = format!(
            "sentences {}  gold events {}  found {}  predicted {}  spurious {}\n",
            self.sentences, self.gold_events, self.found, self.predicted, self.spurious
        );
        s.push_str(&line("event type", &self.event_type));
        s.push_str(&line("cameo root", &self.cameo_root));
        s.push_str(&line("source", &self.source));
        s.push_str(&line("target", &self.target));
        s.push_str(&line("modality", &self.modality));
        s.push_str(&line("date", &self.date));
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let items = vec![GoldItem {
            id: "x".into(),
            date: "2021-03-05".into(),
            text: "Nothing happens here.".into(),
            cases: vec![],
            events: vec![GoldEvent {
                trigger: "met".into(),
                cameo: Some("040".into()),
                plover: "CONSULT".into(),
                source: vec![],
                target: vec![],
                modality: "asserted".into(),
                date: None,
            }],
        }];
        let r = evaluate(&items, &|_| {});
        assert_eq!(r.event_type.total, 1);
        assert_eq!(r.event_type.correct, 0);
        assert_eq!(r.errors.len(), 1);
    }
}
