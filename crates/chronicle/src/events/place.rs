//! Where an event happened: a place actor after "in/at/near" (or a motion verb's
//! destination), else a LOC entity, else the dateline's city for "here"; coordinates come
//! from a [`Gazetteer`] when the stage has one.

use crate::doc::{Article, EntityLabel, Location};

use super::lexicon::Match;
use super::sentence::{token_index_at, Sentence};

/// Looks up a place name's coordinates (the knowledge base's cities).
pub trait Gazetteer: Send + Sync {
    /// `(country ISO3, lat, lon)` of a city or place, never a country centroid.
    fn place(&self, name: &str) -> Option<(Option<String>, f64, f64)>;
}

/// Where the event in clause `clause_index` took place, if the text says.
pub(super) fn location(
    gazetteer: Option<&dyn Gazetteer>,
    article: &Article,
    s: &Sentence,
    m: &Match,
    clause_index: usize,
    motion: bool,
    target: &[usize],
) -> Option<Location> {
    let clause = s.clauses.get(clause_index)?;
    let place_group = s.groups.iter().find(|g| {
        g.start >= clause.start
            && g.end <= clause.end
            && g.actors.iter().all(|&a| is_place(article, a))
            && (matches!(g.prep.as_deref(), Some("in" | "at" | "near"))
                || (motion && g.start >= m.end && g.actors == target))
    });
    if let Some(g) = place_group {
        let (ts, te) = s.token_range(g.start, g.end);
        let text = article.text.get(ts..te).unwrap_or("").to_string();
        let actor = g.actors.first().and_then(|&a| article.actors.get(a));
        return Some(place(
            gazetteer,
            article,
            &text,
            actor.and_then(|a| a.country.clone()),
            Some((ts, te)),
        ));
    }
    // LOC entities when the actor layer has no place for them. The entity layer is sorted
    // by start, so only the sentence's own entities are read (long articles stay linear).
    let sentence_start = s.offsets.first().map_or(0, |o| o.0);
    let sentence_end = s.offsets.last().map_or(0, |o| o.1);
    let first_entity = article
        .entities
        .partition_point(|e| e.start < sentence_start);
    let loc = article
        .entities
        .get(first_entity..)
        .unwrap_or(&[])
        .iter()
        .take_while(|e| e.start < sentence_end)
        .find(|e| {
            e.label == EntityLabel::Loc
                && token_index_at(&s.offsets, e.start).is_some_and(|i| {
                    i >= clause.start
                        && i < clause.end
                        && matches!(s.word(i.wrapping_sub(1)), "in" | "at")
                })
        });
    if let Some(e) = loc {
        return Some(place(
            gazetteer,
            article,
            &e.text,
            None,
            Some((e.start, e.end)),
        ));
    }
    // "here": the dateline's place
    let here = (clause.start..clause.end).find(|&i| s.word(i) == "here")?;
    let dateline = article.dateline.as_ref()?;
    let city = dateline
        .text
        .split([',', '(', '-', '—'])
        .next()
        .unwrap_or("")
        .trim();
    if city.is_empty() {
        return None;
    }
    let _ = here;
    Some(place(gazetteer, article, &titlecase(city), None, None))
}

fn titlecase(s: &str) -> String {
    s.split_whitespace()
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) => f
                    .to_uppercase()
                    .chain(c.flat_map(char::to_lowercase))
                    .collect(),
                None => String::new(),
            }
        })
        .collect::<Vec<String>>()
        .join(" ")
}

/// A location with the gazetteer's coordinates when it knows the name.
fn place(
    gazetteer: Option<&dyn Gazetteer>,
    article: &Article,
    name: &str,
    country: Option<String>,
    span: Option<(usize, usize)>,
) -> Location {
    let found = gazetteer.and_then(|g| g.place(name));
    let (country, lat, lon) = match found {
        Some((c, lat, lon)) => (c.or(country), Some(lat), Some(lon)),
        None => (country, None, None),
    };
    Location {
        name: name.to_string(),
        country,
        lat,
        lon,
        span: span.map(|(a, b)| article.span(crate::doc::Range::new(a, b))),
    }
}

/// Whether the article's actor `index` is a place rather than a party.
pub(super) fn is_place(article: &Article, index: usize) -> bool {
    article
        .actors
        .get(index)
        .is_some_and(|a| a.kind.as_deref() == Some("place"))
}
