//! Group phrases: "the two allies", "both countries", "the two Koreas".

use super::items::Item;
use super::words::{GROUP_NOUNS_COUNTRY, GROUP_NOUNS_PERSON};
use super::{Draft, Linker, Words};
use crate::doc::Range;
use std::collections::HashMap;

impl<'k> Linker<'k> {
    /// Finds "the two allies", "both countries", "the two US secretaries", "the two Koreas".
    pub(super) fn find_groups(
        &self,
        words: &Words,
        items: &mut [Item],
    ) -> Vec<(Range, String, Option<String>)> {
        let mut out = Vec::new();
        let n = words.tokens.len();
        let mut k = 0;
        while k < n {
            let start = k;
            let after = match (words.word(k), words.word(k + 1)) {
                ("the", "two") | ("these", "two") | ("those", "two") => k + 2,
                ("both", _) => k + 1,
                _ => {
                    k += 1;
                    continue;
                }
            };
            let mut m = after;
            let mut country = None;
            if let Some(it) = items.iter().find(|it| {
                it.first == m && (it.adjective().is_some() || it.country_name().is_some())
            }) {
                country = it
                    .adjective()
                    .or(it.country_name())
                    .and_then(|c| self.entry(c))
                    .and_then(|e| e.country.clone());
                m = it.end;
            }
            let noun = words.word(m);
            let is_group = GROUP_NOUNS_COUNTRY.contains(&noun)
                || GROUP_NOUNS_PERSON.contains(&noun)
                || noun == "koreas";
            if is_group && (words.word(start) != "both" || m == after || country.is_some()) {
                if let (Some(a), Some(b)) = (words.range(start), words.range(m)) {
                    let range = Range::new(a.start, b.end);
                    for it in items.iter_mut() {
                        if range.contains(it.range) {
                            it.done = true;
                        }
                    }
                    out.push((range, noun.to_string(), country));
                }
                k = m + 1;
                continue;
            }
            k += 1;
        }
        out
    }

    pub(super) fn resolve_groups(
        &mut self,
        groups: &[(Range, String, Option<String>)],
        _items: &[Item],
        _words: &Words,
    ) {
        for (range, noun, country) in groups {
            let actors: Vec<usize> = if noun == "koreas" {
                vec![self.country_actor("KOR"), self.country_actor("PRK")]
            } else if GROUP_NOUNS_COUNTRY.contains(&noun.as_str()) {
                // The most salient pair of countries in the text before the phrase.
                let top: Vec<String> = self
                    .salient_before(range.start)
                    .into_iter()
                    .filter(|c| self.kb.country(c).is_some())
                    .take(2)
                    .collect();
                if top.len() < 2 {
                    continue;
                }
                top.iter().map(|c| self.country_actor(c)).collect()
            } else {
                let wanted = |d: &Draft| -> bool {
                    if !d.person {
                        return false;
                    }
                    if let Some(c) = country {
                        if d.actor.country.as_deref() != Some(c.as_str()) {
                            return false;
                        }
                    }
                    let role = d.actor.role.clone().unwrap_or_default().to_lowercase();
                    match noun.as_str() {
                        "leaders" | "heads" => {
                            matches!(d.class.as_str(), "head_state" | "head_gov")
                                || role.contains("president")
                                || role.contains("prime minister")
                        }
                        "presidents" => role.contains("president") || d.class == "head_state",
                        "secretaries" => role.contains("secretary"),
                        "ministers" => role.contains("minister"),
                        _ => true,
                    }
                };
                let mut counts: HashMap<usize, usize> = HashMap::new();
                for l in &self.links {
                    if l.range.start < range.start {
                        for &a in &l.actors {
                            *counts.entry(a).or_default() += 1;
                        }
                    }
                }
                let mut cands: Vec<usize> = (0..self.drafts.len())
                    .filter(|&d| self.drafts.get(d).is_some_and(wanted) && counts.contains_key(&d))
                    .collect();
                cands.sort_by_key(|d| std::cmp::Reverse(counts.get(d).copied().unwrap_or(0)));
                cands.truncate(2);
                if cands.len() < 2 {
                    continue;
                }
                cands
            };
            self.link(*range, actors);
        }
    }
}
