//! Person names: full and partial names, family names with support, typos, name parts
//! seen elsewhere in the article, and NER-only mentions.

use super::items::Item;
use super::{Link, Linker, RangeIndex, Words};
use crate::doc::Range;
use crate::kb::{Entry, EntryKind, Title};

fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev2: Vec<usize> = vec![0; b.len() + 1];
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur: Vec<usize> = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(prev2[j - 2] + 1);
            }
            cur[j] = v;
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

impl<'k> Linker<'k> {
    pub(super) fn best_person(&mut self, persons: &[usize]) -> Option<usize> {
        let day = self.day;
        let best = persons.iter().copied().max_by_key(|&p| {
            let e = self.entry(p);
            let valid = e.and_then(|e| e.tenure_on(day)).is_some();
            let curated = e.is_some_and(|e| e.id.starts_with("kb:person/"));
            (valid, curated)
        })?;
        self.entry_actor(best)
    }
}

impl<'k> Linker<'k> {
    /// A family name alone links only with support: seen in full earlier, an NER person
    /// label, or a following saying verb, and a unique office holder on the date.
    pub(super) fn family_supported(&self, item: &Item, words: &Words) -> bool {
        let text = item.range.slice(words.text);
        let earlier = self
            .drafts
            .iter()
            .any(|d| d.person && d.actor.name.split(' ').any(|w| w == text));
        earlier
            || item.ner.as_deref() == Some("PER")
            || self.subject_of_agent_verb(item, words, &[])
    }

    /// Resolves a personal name (maybe partial, maybe misspelt) in a title's context.
    pub(super) fn resolve_name(
        &mut self,
        item: &Item,
        title: Option<&Title>,
        country: Option<&str>,
        words: &Words,
    ) -> Option<(usize, bool)> {
        if !item.persons.is_empty() {
            return self.best_person(&item.persons).map(|d| (d, false));
        }
        let text = item.range.slice(words.text).to_string();
        let last = text.rsplit(' ').next().unwrap_or(&text).to_string();
        // Seen earlier in the article in full.
        if let Some(d) = self.drafts.iter().position(|d| {
            d.person
                && (d.actor.name == text
                    || d.actor.name.rsplit(' ').next() == Some(last.as_str())
                    || d.actor.name.split(' ').next() == Some(text.as_str()))
        }) {
            return Some((d, false));
        }
        let day = self.day;
        let fits = |e: &Entry| -> bool {
            let Some(t) = e.tenure_on(day) else {
                return false;
            };
            if let Some(c) = country {
                if e.country.as_deref() != Some(c) {
                    return false;
                }
            }
            match title {
                Some(ti) => match &ti.class {
                    Some(class) => {
                        &t.class == class
                            || t.role
                                .as_deref()
                                .is_some_and(|r| r.to_lowercase() == ti.text)
                    }
                    None => true,
                },
                None => true,
            }
        };
        // A family name of someone in office on the date, in the right office and country.
        let families: Vec<usize> = self
            .kb
            .families
            .get(&text.to_lowercase())
            .or_else(|| self.kb.families.get(&last.to_lowercase()))
            .map(|v| {
                v.iter()
                    .copied()
                    .filter(|&e| self.entry(e).is_some_and(fits))
                    .collect()
            })
            .unwrap_or_default();
        let families: Vec<usize> = if title.is_none() && country.is_none() && families.len() > 1 {
            families
                .into_iter()
                .filter(|&e| {
                    self.entry(e)
                        .and_then(|e| e.country.as_ref())
                        .is_some_and(|c| self.salience.contains_key(c))
                })
                .collect()
        } else {
            families
        };
        if let [only] = families.as_slice() {
            return self.entry_actor(*only).map(|d| (d, false));
        }
        // "President Reagan" when the dictionaries file his tenure under another office
        // class: a title says the name is a person in office, so the one family member in
        // office on the date (in the title's country, if it has one) is meant.
        if families.is_empty() && title.is_some() && day.is_some() {
            let in_office: Vec<usize> = self
                .kb
                .families
                .get(&last.to_lowercase())
                .into_iter()
                .chain(self.kb.surnames.get(&last.to_lowercase()))
                .map(|v| {
                    v.iter()
                        .copied()
                        .filter(|&e| {
                            self.entry(e).is_some_and(|e| {
                                e.kind == EntryKind::Person
                                    && e.tenure_on(day).is_some()
                                    && country.is_none_or(|c| e.country.as_deref() == Some(c))
                            })
                        })
                        .collect::<Vec<usize>>()
                })
                .fold(Vec::new(), |mut all, v| {
                    all.extend(v);
                    all
                });
            if let [only] = in_office.as_slice() {
                return self.entry_actor(*only).map(|d| (d, false));
            }
        }
        // Typos: only with a title (and so an office) to check against; never a bare guess.
        let title = title?;
        title.class.as_ref()?;
        let lower = text.to_lowercase();
        let mut best: Vec<(usize, usize)> = Vec::new();
        for (idx, e) in self.kb.entries.iter().enumerate() {
            if e.kind != EntryKind::Person || !e.id.starts_with("kb:person/") || !fits(e) {
                continue;
            }
            let mut d = edit_distance(&lower, &e.name.to_lowercase());
            if let Some(f) = &e.family {
                if !lower.contains(' ') {
                    d = d.min(edit_distance(&lower, &f.to_lowercase()));
                }
            }
            best.push((d, idx));
        }
        best.sort();
        let limit = if lower.chars().count() >= 10 { 2 } else { 1 };
        match best.as_slice() {
            [(d, idx), rest @ ..]
                if *d > 0 && *d <= limit && rest.first().is_none_or(|(d2, _)| d2 > d) =>
            {
                let first_ok = self.entry(*idx).is_some_and(|e| {
                    e.name.chars().next().map(|c| c.to_ascii_lowercase()) == lower.chars().next()
                });
                if !first_ok {
                    return None;
                }
                self.entry_actor(*idx).map(|d| (d, true))
            }
            _ => None,
        }
    }
}

impl<'k> Linker<'k> {
    /// A capitalised word that is part of the name of a person mentioned anywhere in the
    /// article ("Blinken" in a headline, "Kim" after "Kim Jong-un") is that person, when only
    /// one person fits.
    pub(super) fn resolve_name_parts(&mut self, words: &Words) {
        let people: Vec<(usize, Vec<String>)> = (0..self.drafts.len())
            .filter_map(|d| {
                let draft = self.drafts.get(d)?;
                if !draft.person {
                    return None;
                }
                let name = &draft.actor.name;
                let parts: Vec<&str> = name.split([' ', '-']).filter(|w| w.len() > 1).collect();
                let mut keys: Vec<String> = Vec::new();
                if let Some(last) = parts.last() {
                    keys.push((*last).to_string());
                }
                // East Asian names put the family name first.
                let family_first = matches!(
                    draft.actor.country.as_deref(),
                    Some("KOR" | "PRK" | "CHN" | "TWN" | "VNM")
                );
                if family_first {
                    if let Some(first) = parts.first() {
                        keys.push((*first).to_string());
                    }
                }
                if let Some(f) = draft.actor.id.strip_prefix("kb:person/").and_then(|_| {
                    self.kb
                        .entries
                        .iter()
                        .find(|e| e.id == draft.actor.id)
                        .and_then(|e| e.family.clone())
                }) {
                    keys.push(f);
                }
                Some((d, keys))
            })
            .collect();
        if people.is_empty() {
            return;
        }
        let mut covered: Vec<Range> = self.links.iter().map(|l| l.range).collect();
        covered.sort_by_key(|r| r.start);
        let mut new_links = Vec::new();
        for (k, (range, _)) in words.tokens.iter().enumerate() {
            if !words.capitalized(k) {
                continue;
            }
            let at = covered.partition_point(|r| r.end <= range.start);
            if covered.get(at).is_some_and(|r| r.overlaps(*range)) {
                continue;
            }
            // A glued hyphen piece ("Jae-in") is not a name by itself.
            if k > 0 && words.glued(k - 1) && words.word(k - 1) == "-" {
                continue;
            }
            let raw = words.raw(k);
            let matches: Vec<usize> = people
                .iter()
                .filter(|(_, keys)| keys.iter().any(|key| key == raw))
                .map(|(d, _)| *d)
                .collect();
            if let [only] = matches.as_slice() {
                new_links.push(Link {
                    range: *range,
                    actors: vec![*only],
                    typo: false,
                    from_context: false,
                });
            }
        }
        self.links.extend(new_links);
    }

    /// NER-only mentions that name-part coreference did not claim become article-local actors.
    pub(super) fn resolve_deferred(&mut self, words: &Words) {
        let deferred = std::mem::take(&mut self.deferred);
        let mut covered = RangeIndex::new(self.links.iter().map(|l| l.range));
        for (range, label) in deferred {
            if covered.overlapping(range).next().is_some() {
                continue;
            }
            covered.insert(range, usize::MAX);
            let name = range.slice(words.text).to_string();
            let d = match label.as_str() {
                "PER" => self.local_actor(&name, None, &[], None, true, None),
                "LOC" | "GPE" => self.local_actor(&name, None, &[], None, false, Some("place")),
                _ => self.local_actor(&name, None, &[], None, false, None),
            };
            self.link(range, vec![d]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn damerau_distance() {
        assert_eq!(edit_distance("joe bien", "joe biden"), 1);
        assert_eq!(edit_distance("ab", "ba"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
    }
}
