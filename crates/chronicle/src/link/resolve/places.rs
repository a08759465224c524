//! Places and metonymy: a capital or country acting ("Seoul said") is its government; a
//! place that is a goal or location ("flew to Seoul") stays a place.

use super::items::Item;
use super::words::{verb_forms, ADVERBS, BE, BE_COMPLEMENTS, LOCATIVE, MODALS, PASSIVE_AGENT};
use super::{Linker, Words};

impl<'k> Linker<'k> {
    pub(super) fn preceded_by_locative(&self, item: &Item, words: &Words) -> bool {
        let Some(prev) = item.first.checked_sub(1) else {
            return false;
        };
        let w = words.word(prev);
        if LOCATIVE.contains(&w) {
            return true;
        }
        // "to Seoul and Washington": look through a coordination.
        if w == "and" || w == "," {
            if let Some(p2) = prev.checked_sub(1) {
                let mut k = p2;
                while k > 0 && words.capitalized(k) {
                    k -= 1;
                }
                return LOCATIVE.contains(&words.word(k));
            }
        }
        false
    }

    /// Whether the item is the subject of a saying/deciding verb ("Seoul favors", "Seoul and
    /// Washington are expected to", "Washington sees", "Seoul has long insisted").
    pub(super) fn subject_of_agent_verb(&self, item: &Item, words: &Words, items: &[Item]) -> bool {
        let mut k = item.end;
        for _ in 0..10 {
            let w = words.word(k);
            if w.is_empty() {
                return false;
            }
            if MODALS.contains(&w) {
                return true;
            }
            if BE.contains(&w) {
                let next = words.word(k + 1);
                let next = if ADVERBS.contains(&next) {
                    words.word(k + 2)
                } else {
                    next
                };
                return BE_COMPLEMENTS.contains(&next)
                    || PASSIVE_AGENT.contains(&next)
                    || verb_forms(next) && next.ends_with("ing");
            }
            if verb_forms(w) {
                return true;
            }
            if ADVERBS.contains(&w) || w == "," || w == "and" || w == "or" {
                k += 1;
                continue;
            }
            if let Some(other) = items.iter().find(|it| {
                it.first == k
                    && (it.country_name().is_some()
                        || !it.places.is_empty()
                        || !it.bodies.is_empty())
            }) {
                k = other.end.max(k + 1);
                continue;
            }
            if words.capitalized(k) && words.word(k.wrapping_sub(1)) == "and" {
                k += 1;
                continue;
            }
            return false;
        }
        false
    }

    pub(super) fn resolve_place(
        &mut self,
        item: &Item,
        place: usize,
        words: &Words,
        items: &[Item],
    ) {
        let Some(e) = self.entry(place) else { return };
        let capital = e.capital_of.clone();
        if let Some(iso) = capital {
            if self.preceded_by_locative(item, words) && !self.possessive_after(item, words) {
                if let Some(d) = self.place_actor(place) {
                    self.link(item.range, vec![d]);
                }
                return;
            }
            // Metonymy: the capital as possessor or as the subject of an agent verb is the government.
            if self.possessive_after(item, words) || self.subject_of_agent_verb(item, words, items)
            {
                let d = self.sector_actor(&iso, &["GOV".to_string()]);
                self.link(item.range, vec![d]);
                return;
            }
            let d = self.country_actor(&iso);
            self.link(item.range, vec![d]);
            return;
        }
        if let Some(d) = self.place_actor(place) {
            self.link(item.range, vec![d]);
        }
    }

    pub(super) fn resolve_country_name(&mut self, item: &Item, country: usize, words: &Words) {
        let Some(iso) = self.entry(country).and_then(|e| e.country.clone()) else {
            return;
        };
        if self.preceded_by_locative(item, words)
            && !self.possessive_after(item, words)
            && !matches!(words.word(item.first.wrapping_sub(1)), "between" | "from")
        {
            let name = self
                .kb
                .country(&iso)
                .map(|e| e.name.clone())
                .unwrap_or_else(|| iso.clone());
            let d = self.place_draft(format!("kb:country/{iso}#place"), name, Some(iso.clone()));
            self.link(item.range, vec![d]);
            return;
        }
        let d = self.country_actor(&iso);
        self.link(item.range, vec![d]);
    }
}
