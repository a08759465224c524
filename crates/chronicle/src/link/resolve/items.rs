//! Items: what each stretch of text was recognised as (dictionary hits, NER labels), their
//! classification and salience, and the per-item dispatch to the rule families.

use super::{Linker, Words};
use crate::doc::{Article, EntityLabel, ParagraphKind, Range};
use crate::kb::{EntryKind, Form, Target};
use std::collections::HashMap;

/// What a stretch of text was recognised as.
#[derive(Debug, Clone)]
pub(super) struct Item {
    pub(super) range: Range,
    pub(super) first: usize,
    pub(super) end: usize,
    pub(super) persons: Vec<usize>,
    pub(super) families: Vec<usize>,
    pub(super) countries: Vec<(usize, Form)>,
    pub(super) places: Vec<usize>,
    pub(super) igos: Vec<usize>,
    pub(super) bodies: Vec<usize>,
    pub(super) actors: Vec<usize>,
    /// (title index, plural)
    pub(super) title: Option<(usize, bool)>,
    /// NER label when the item comes from (or agrees with) an entity.
    pub(super) ner: Option<String>,
    pub(super) done: bool,
}

impl Default for Item {
    fn default() -> Self {
        Item {
            range: Range::new(0, 0),
            first: 0,
            end: 0,
            persons: Vec::new(),
            families: Vec::new(),
            countries: Vec::new(),
            places: Vec::new(),
            igos: Vec::new(),
            bodies: Vec::new(),
            actors: Vec::new(),
            title: None,
            ner: None,
            done: false,
        }
    }
}

impl Item {
    pub(super) fn is_empty(&self) -> bool {
        self.persons.is_empty()
            && self.families.is_empty()
            && self.countries.is_empty()
            && self.places.is_empty()
            && self.igos.is_empty()
            && self.bodies.is_empty()
            && self.actors.is_empty()
            && self.title.is_none()
            && self.ner.is_none()
    }
    pub(super) fn adjective(&self) -> Option<usize> {
        self.countries
            .iter()
            .find(|(_, f)| *f == Form::Adjective)
            .map(|(e, _)| *e)
    }
    pub(super) fn country_name(&self) -> Option<usize> {
        self.countries
            .iter()
            .find(|(_, f)| *f == Form::Name)
            .map(|(e, _)| *e)
    }
    pub(super) fn demonym(&self) -> Option<usize> {
        self.countries
            .iter()
            .find(|(_, f)| *f == Form::Demonym)
            .map(|(e, _)| *e)
    }
    pub(super) fn person_like(&self) -> bool {
        !self.persons.is_empty() || !self.families.is_empty() || self.ner.as_deref() == Some("PER")
    }
}

impl<'k> Linker<'k> {
    pub(super) fn items(&self, article: &Article, words: &Words) -> Vec<Item> {
        let text = &article.text;
        let headers: Vec<Range> = article
            .paragraphs
            .iter()
            .filter(|p| p.kind == ParagraphKind::Header)
            .map(|p| Range::new(p.start, p.end))
            .collect();
        let mut items = Vec::new();
        let mut buf = Vec::with_capacity(text.len());
        for hit in self.kb.matcher.find_with(text, &mut buf) {
            let range = Range::new(hit.start, hit.end);
            if headers.iter().any(|h| h.overlaps(range)) {
                continue;
            }
            let matched = range.slice(text);
            let mut item = Item {
                range,
                first: words.at(range.start),
                end: words.end_at(range.end),
                ..Default::default()
            };
            for t in self.kb.targets_for(hit.pattern, matched) {
                self.classify(&mut item, t);
            }
            if !item.is_empty() {
                items.push(item);
            }
        }
        // NER entities the dictionary did not cover. Both layers are searched by position
        // (dictionary hits sorted by start, no hit longer than `longest`), so a document
        // with a hundred thousand mentions costs n log n, not n².
        items.sort_by_key(|i| (i.range.start, std::cmp::Reverse(i.range.end)));
        let longest = items.iter().map(|i| i.range.len()).max().unwrap_or(0);
        let mut dropped = vec![false; items.len()];
        let mut entities: Vec<&crate::doc::Entity> = article
            .entities
            .iter()
            .filter(|e| matches!(e.label.as_str(), "PER" | "ORG" | "LOC" | "NORP" | "GPE"))
            .collect();
        entities.sort_by_key(|e| (e.start, e.end));
        let mut extra: Vec<Item> = Vec::new();
        let mut extra_end = 0;
        for e in entities {
            let range = Range::new(e.start, e.end);
            let from = items.partition_point(|i| i.range.start + longest < range.start);
            let to = items.partition_point(|i| i.range.start < range.end.max(range.start + 1));
            let near = from..to.max(from);
            if let Some(k) = near
                .clone()
                .find(|&k| !dropped[k] && items[k].range == range)
            {
                items[k].ner = Some(e.label.to_string());
                continue;
            }
            // A person's name longer than the dictionary's family-name hit inside it
            // ("Choi Si-young" over "Choi") is the person, not the KB family name.
            if e.label == EntityLabel::Per {
                for k in near.clone() {
                    let i = &items[k];
                    let family_only = !i.families.is_empty()
                        && i.persons.is_empty()
                        && i.countries.is_empty()
                        && i.places.is_empty()
                        && i.bodies.is_empty()
                        && i.igos.is_empty()
                        && i.actors.is_empty()
                        && i.title.is_none();
                    if family_only && range.contains(i.range) && range != i.range {
                        dropped[k] = true;
                    }
                }
            }
            let overlaps_hit = near
                .clone()
                .any(|k| !dropped[k] && items[k].range.overlaps(range));
            // Entities come sorted by start, so an earlier NER item overlaps this one
            // exactly when it reaches past this one's start.
            let overlaps_extra = !range.is_empty() && extra_end > range.start;
            if overlaps_hit || overlaps_extra {
                continue;
            }
            extra_end = extra_end.max(range.end);
            extra.push(Item {
                range,
                first: words.at(range.start),
                end: words.end_at(range.end),
                ner: Some(e.label.to_string()),
                ..Default::default()
            });
        }
        let mut items: Vec<Item> = items
            .into_iter()
            .zip(dropped)
            .filter_map(|(item, dropped)| (!dropped).then_some(item))
            .collect();
        items.extend(extra);
        items.sort_by_key(|i| (i.range.start, std::cmp::Reverse(i.range.end)));
        items
    }

    pub(super) fn classify(&self, item: &mut Item, t: &Target) {
        match t.form {
            Form::Title => item.title = item.title.or(Some((t.entry, false))),
            Form::TitlePlural => item.title = item.title.or(Some((t.entry, true))),
            Form::Family => item.families.push(t.entry),
            form => {
                let Some(e) = self.entry(t.entry) else { return };
                match e.kind {
                    EntryKind::Person => item.persons.push(t.entry),
                    EntryKind::Country => item.countries.push((t.entry, form)),
                    EntryKind::Place => item.places.push(t.entry),
                    EntryKind::Igo => item.igos.push(t.entry),
                    EntryKind::Body => item.bodies.push(t.entry),
                    EntryKind::Actor => item.actors.push(t.entry),
                }
            }
        }
    }

    pub(super) fn compute_salience(&mut self, items: &[Item], words: &Words) {
        let mut s: HashMap<String, f32> = HashMap::new();
        let mut positioned: Vec<(usize, String, f32)> = Vec::new();
        for item in items {
            // One vote per item and country (the strongest reading), damped for the goal or
            // location of something ("in Singapore").
            let mut votes: Vec<(String, f32)> = Vec::new();
            let damp = if self.preceded_by_locative(item, words) {
                0.4
            } else {
                1.0
            };
            let mut add = |iso: Option<&String>, w: f32| {
                if let Some(c) = iso {
                    match votes.iter_mut().find(|(v, _)| v == c) {
                        Some(slot) => slot.1 = slot.1.max(w * damp),
                        None => votes.push((c.clone(), w * damp)),
                    }
                }
            };
            for (e, _) in &item.countries {
                add(
                    self.kb.entries.get(*e).and_then(|e| e.country.as_ref()),
                    1.0,
                );
            }
            for &e in &item.places {
                // Places are where things happen, weaker evidence of what the article is about.
                add(self.kb.entries.get(e).and_then(|e| e.country.as_ref()), 0.4);
            }
            // A body name shared by several countries ("Foreign Ministry") says nothing here.
            let bodies: &[usize] = if item.bodies.len() == 1 {
                &item.bodies
            } else {
                &[]
            };
            for e in bodies.iter().chain(&item.persons) {
                add(
                    self.kb.entries.get(*e).and_then(|e| e.country.as_ref()),
                    0.8,
                );
            }
            for (c, w) in votes {
                *s.entry(c.clone()).or_default() += w;
                positioned.push((item.range.start, c, w));
            }
        }
        self.salience = s;
        self.positioned_salience = positioned;
    }

    /// Countries by salience for a group phrase at `before` ("the two allies"): what came
    /// before it counts fully, the rest of the article half (it breaks ties like a country
    /// named once in passing against one the whole story is about).
    pub(super) fn salient_before(&self, before: usize) -> Vec<String> {
        let mut s: HashMap<&str, f32> = HashMap::new();
        for (at, c, w) in &self.positioned_salience {
            let weight = if *at < before { *w * 1.5 } else { *w * 0.5 };
            *s.entry(c.as_str()).or_default() += weight;
        }
        let mut v: Vec<(&str, f32)> = s.into_iter().collect();
        v.sort_by(|a, b| {
            b.1.partial_cmp(&a.1)
                .unwrap_or(std::cmp::Ordering::Equal)
                .then(a.0.cmp(b.0))
        });
        v.into_iter().map(|(c, _)| c.to_string()).collect()
    }

    pub(super) fn previous_item<'i>(
        &self,
        items: &'i [Item],
        i: usize,
        words: &Words,
    ) -> Option<(usize, &'i Item)> {
        let cur = items.get(i)?;
        let j = i.checked_sub(1)?;
        let prev = items.get(j)?;
        // Adjacent, or separated by a possessive "'s".
        let gap_tokens = cur.first.checked_sub(prev.end)?;
        let possessive = gap_tokens == 1 && matches!(words.word(prev.end), "'s" | "’s" | "'" | "’");
        let possessive2 = gap_tokens == 2
            && matches!(words.word(prev.end), "'" | "’")
            && words.word(prev.end + 1) == "s";
        (gap_tokens == 0 || possessive || possessive2).then_some((j, prev))
    }

    pub(super) fn possessive_after(&self, item: &Item, words: &Words) -> bool {
        let rest = words.text.get(item.range.end..).unwrap_or("");
        rest.starts_with("'s") || rest.starts_with("’s") || rest.starts_with("s'")
    }

    pub(super) fn resolve_item(&mut self, i: usize, items: &mut [Item], words: &Words) {
        let Some(item) = items.get(i).cloned() else {
            return;
        };
        let named = !item.persons.is_empty()
            || !item.bodies.is_empty()
            || !item.igos.is_empty()
            || !item.countries.is_empty()
            || !item.places.is_empty()
            || !item.actors.is_empty();
        if item.title.is_some() && !named {
            self.resolve_title(i, items, words);
            return;
        }
        if let Some(d) = self.best_person(&item.persons) {
            self.link(item.range, vec![d]);
            return;
        }
        // A modifier of the title right after it ("US" in "US Secretary of State") is read
        // with that title, not on its own.
        let modifies_title = items.get(i + 1).is_some_and(|n| {
            n.first == item.end
                && n.title.is_some()
                && n.persons.is_empty()
                && n.bodies.is_empty()
                && n.countries.is_empty()
                && n.places.is_empty()
        });
        if modifies_title
            && (item.adjective().is_some() || item.country_name().is_some())
            && !self.possessive_after(&item, words)
        {
            return;
        }
        if !item.bodies.is_empty() {
            let modifier = self
                .previous_item(items, i, words)
                .and_then(|(_, p)| p.adjective().or(p.country_name()));
            let country = modifier
                .and_then(|m| self.entry(m))
                .and_then(|e| e.country.clone());
            if let Some(b) = self.choose_body(&item.bodies, country.as_deref()) {
                if let Some(d) = self.entry_actor(b) {
                    self.link(item.range, vec![d]);
                }
            }
            return;
        }
        if let Some(&g) = item.igos.first() {
            if let Some(d) = self.entry_actor(g) {
                self.link(item.range, vec![d]);
            }
            return;
        }
        if !item.families.is_empty() && self.family_supported(&item, words) {
            if let Some((d, typo)) = self.resolve_name(&item, None, None, words) {
                self.link_person(item.range, d, typo);
                return;
            }
        }
        if let Some(c) = item.country_name() {
            self.resolve_country_name(&item, c, words);
            return;
        }
        if let Some(c) = item.demonym().or(item.adjective()) {
            if let Some(iso) = self.entry(c).and_then(|e| e.country.clone()) {
                let d = self.country_actor(&iso);
                self.link(item.range, vec![d]);
            }
            return;
        }
        if let Some(&p) = item.places.first() {
            self.resolve_place(&item, p, words, items);
            return;
        }
        if let Some(&a) = item.actors.first() {
            if let Some(d) = self.entry_actor(a) {
                self.link(item.range, vec![d]);
            }
            return;
        }
        if let Some(label) = item.ner.clone() {
            if label == "PER" {
                if let Some((d, _)) = self.resolve_name(&item, None, None, words) {
                    self.link(item.range, vec![d]);
                    return;
                }
            }
            // Decided after the whole article is read: "Austin" in a headline may be the
            // person named in full further down.
            self.deferred.push((item.range, label));
        }
    }
}

impl<'k> Linker<'k> {
    pub(super) fn choose_body(&self, bodies: &[usize], country: Option<&str>) -> Option<usize> {
        if let Some(c) = country {
            if let Some(&b) = bodies
                .iter()
                .find(|&&b| self.entry(b).and_then(|e| e.country.as_deref()) == Some(c))
            {
                return Some(b);
            }
        }
        if bodies.len() == 1 {
            return bodies.first().copied();
        }
        bodies.iter().copied().max_by(|&a, &b| {
            let sa = self
                .entry(a)
                .and_then(|e| e.country.as_ref())
                .and_then(|c| self.salience.get(c))
                .copied()
                .unwrap_or(0.0);
            let sb = self
                .entry(b)
                .and_then(|e| e.country.as_ref())
                .and_then(|c| self.salience.get(c))
                .copied()
                .unwrap_or(0.0);
            sa.partial_cmp(&sb).unwrap_or(std::cmp::Ordering::Equal)
        })
    }
}
