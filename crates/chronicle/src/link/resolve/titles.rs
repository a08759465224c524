//! Titles with the names they introduce: appositives ("US Secretary of State Antony
//! Blinken"), lists after plural titles, counterparts, and unnamed office holders.

use super::items::Item;
use super::{Linker, Words};
use crate::doc::Range;
use crate::kb::Gender;

impl<'k> Linker<'k> {
    /// Title handling: "US Secretary of State Antony Blinken", "Presidents Moon and Biden",
    /// "South Korean counterparts", "Seoul's chief negotiator", "a Foreign Ministry official".
    pub(super) fn resolve_title(&mut self, i: usize, items: &mut [Item], words: &Words) {
        let Some(item) = items.get(i).cloned() else {
            return;
        };
        let Some((title_index, plural)) = item.title else {
            return;
        };
        let Some(title) = self.title(title_index) else {
            return;
        };
        // Modifier: an adjective, country, capital (possessive) or body right before.
        let mut country: Option<String> = None;
        let mut body: Option<usize> = None;
        let mut modifier_range: Option<Range> = None;
        let mut igo: Option<usize> = None;
        // An adjective or country name read with the title belongs to its mention span.
        let mut modifier_in_span = false;
        if let Some((j, prev)) = self.previous_item(items, i, words) {
            if let Some(c) = prev.adjective().or(prev.country_name()).or(prev.demonym()) {
                country = self.entry(c).and_then(|e| e.country.clone());
                modifier_range = Some(prev.range);
                if prev.country_name().is_none() || !self.possessive_after(prev, words) {
                    modifier_in_span = true;
                    if let Some(p) = items.get_mut(j) {
                        if p.adjective().is_some() || p.country_name().is_some() {
                            p.done = true;
                        }
                    }
                }
            } else if let Some(&p) = prev.places.first() {
                let capital = self.entry(p).and_then(|e| e.capital_of.clone());
                if capital.is_some() && self.possessive_after(prev, words) {
                    country = capital;
                    modifier_range = Some(prev.range);
                }
            } else if !prev.bodies.is_empty() {
                let b = self.choose_body(&prev.bodies, None);
                country = b
                    .and_then(|b| self.entry(b))
                    .and_then(|e| e.country.clone());
                body = b;
                modifier_range = Some(prev.range);
            } else if let Some(&g) = prev.igos.first() {
                igo = Some(g);
                modifier_range = Some(prev.range);
            }
        }
        // "US Secretary of State A and Defense Secretary B": B's title shares A's country.
        if country.is_none()
            && body.is_none()
            && igo.is_none()
            && words.word(item.first.wrapping_sub(1)) == "and"
        {
            let and_start = words.range(item.first.wrapping_sub(1)).map(|r| r.start);
            if let Some(last) = self.links.last() {
                let adjacent = and_start.is_some_and(|s| {
                    words
                        .text
                        .get(last.range.end..s)
                        .is_some_and(|g| g.trim().is_empty())
                });
                if adjacent {
                    country = last
                        .actors
                        .first()
                        .and_then(|&a| self.drafts.get(a))
                        .filter(|d| d.person)
                        .and_then(|d| d.actor.country.clone());
                }
            }
        }
        let honorific = title.class.as_deref() == Some("honorific");
        let role_text = item.range.slice(words.text).to_string();
        // Names after the title.
        let mut names: Vec<Item> = Vec::new();
        let mut k = i + 1;
        let mut expect_from = item.end;
        loop {
            let next_item = items.get(k).filter(|n| n.first == expect_from && !n.done);
            let name = match next_item {
                Some(n) if n.person_like() => Some(n.clone()),
                Some(_) => None,
                None => self.capitalized_run(expect_from, words, items),
            };
            let Some(name) = name else { break };
            let is_item = next_item.is_some();
            if is_item {
                if let Some(n) = items.get_mut(k) {
                    n.done = true;
                }
                k += 1;
            }
            expect_from = name.end;
            names.push(name);
            if !plural {
                break;
            }
            // "Presidents Moon and Biden", "Ministers A, B and C".
            match words.word(expect_from) {
                "and" | "," => expect_from += 1,
                _ => break,
            }
            if words.word(expect_from) == "and" {
                expect_from += 1;
            }
        }
        let sectors = title.sectors.clone();
        if !names.is_empty() {
            for name in names {
                let resolved = self.resolve_name(&name, Some(title), country.as_deref(), words);
                let (d, typo) = match resolved {
                    Some((d, typo)) => {
                        if let Some(dr) = self.drafts.get_mut(d) {
                            if !plural && !honorific {
                                dr.actor.role = Some(role_text.clone());
                            }
                        }
                        (d, typo)
                    }
                    None => {
                        let n = name.range.slice(words.text).to_string();
                        let role = (!plural && !honorific).then(|| role_text.clone());
                        // An office without a country: the country the paragraph is about.
                        let country = if honorific {
                            None
                        } else {
                            country
                                .clone()
                                .or_else(|| self.context_country(item.range.start, words))
                        };
                        let d =
                            self.local_actor(&n, country.as_deref(), &sectors, role, true, None);
                        if honorific {
                            if let Some(dr) = self.drafts.get_mut(d) {
                                dr.gender = match role_text.to_lowercase().trim_end_matches('.') {
                                    "mr" => Some(Gender::Male),
                                    "mrs" | "ms" => Some(Gender::Female),
                                    _ => None,
                                };
                            }
                        }
                        (d, false)
                    }
                };
                self.link_person(name.range, d, typo);
            }
            return;
        }
        // No name: a group ("South Korean counterparts") or an unnamed official.
        if let Some(g) = igo {
            if let Some(d) = self.entry_actor(g) {
                self.link(item.range, vec![d]);
            }
            return;
        }
        let span = modifier_range.map_or(item.range, |m| Range::new(m.start, item.range.end));
        if title.group || plural {
            if let Some(c) = &country {
                let d = self.sector_actor(c, &sectors);
                self.link(span, vec![d]);
            } else if let Some(b) = body {
                if let Some(d) = self.entry_actor(b) {
                    self.link(span, vec![d]);
                }
            } else if unnamed_government(&role_text, &sectors, words.word(item.first.wrapping_sub(1)))
                // "officials from Ghana": the phrase names its own country
                && !matches!(words.word(item.end), "from" | "of" | "in" | "at")
            {
                // "the government", "officials": the government of the country in focus
                if let Some(c) = self.focus_country(item.range.start) {
                    let d = self.sector_actor(&c, &sectors);
                    self.link_from_context(item.range, vec![d]);
                }
            } else if is_creditor_noun(&role_text) {
                let d = self.business_actor();
                self.link_from_context(item.range, vec![d]);
            }
            return;
        }
        // "sworn in as South Korea's president": a predicate, not a new actor.
        if words.word(item.first.wrapping_sub(1)) == "as"
            || modifier_range.is_some_and(|m| words.word(words.at(m.start).wrapping_sub(1)) == "as")
        {
            return;
        }
        if country.is_some() || body.is_some() {
            let name = span.slice(words.text).to_string();
            let code_sectors = match body.and_then(|b| self.entry(b)) {
                Some(b) => b.sectors.clone(),
                None => sectors,
            };
            let d = self.local_actor(
                &name,
                country.as_deref(),
                &code_sectors,
                Some(role_text),
                true,
                None,
            );
            self.link(if modifier_in_span { span } else { item.range }, vec![d]);
            return;
        }
        // "the president": the latest actor in that office; "the prime minister" with none
        // named yet: the government of the country in focus.
        if let Some(class) = &title.class {
            if words.word(item.first.wrapping_sub(1)) == "the" {
                if let Some(d) = self
                    .drafts
                    .iter()
                    .rposition(|d| d.person && &d.class == class)
                {
                    self.link(item.range, vec![d]);
                } else if class == "head_gov" {
                    if let Some(c) = self.focus_country(item.range.start) {
                        let d = self.sector_actor(&c, &sectors);
                        self.link(item.range, vec![d]);
                    }
                }
            }
        }
    }
}

impl<'k> Linker<'k> {
    /// The country of the nearest earlier country, government or body mention in the same
    /// paragraph ("Seoul said ... National Security Adviser X").
    pub(super) fn context_country(&self, before: usize, words: &Words) -> Option<String> {
        let text = words.text.get(..before)?;
        let paragraph_start = text.rfind('\n').map_or(0, |i| i + 1);
        self.links
            .iter()
            .rev()
            .filter(|l| l.range.start >= paragraph_start && l.range.end <= before)
            .find_map(|l| {
                let d = self.drafts.get(*l.actors.first()?)?;
                (!d.person && !d.place && l.actors.len() == 1)
                    .then(|| d.actor.country.clone())
                    .flatten()
            })
    }

    /// Up to three capitalised word tokens from `from` that no item claims: an unknown name.
    pub(super) fn capitalized_run(
        &self,
        from: usize,
        words: &Words,
        items: &[Item],
    ) -> Option<Item> {
        let mut end = from;
        while end < from + 4 && words.capitalized(end) && words.tokens.get(end).is_some() {
            if items.iter().any(|it| it.first <= end && end < it.end) {
                break;
            }
            end += 1;
            // "Jae-in": hyphen pieces glued together belong to the name.
            while words.glued(end - 1) && matches!(words.word(end), "-") && words.glued(end) {
                end += 2;
            }
        }
        if end == from {
            return None;
        }
        let range = Range::new(words.range(from)?.start, words.range(end - 1)?.end);
        Some(Item {
            range,
            first: from,
            end,
            ner: Some("PER".into()),
            ..Default::default()
        })
    }
}

/// Whether a government group noun with no country in front stands for a government on its
/// own: "the government", "the ministry", or "officials" opening a phrase (not "bank
/// officials", "local government").
fn unnamed_government(title: &str, sectors: &[String], before: &str) -> bool {
    let title = title.to_lowercase();
    if sectors.len() != 1 || sectors.first().map(String::as_str) != Some("GOV") {
        return false;
    }
    match title.as_str() {
        "government" | "ministry" | "administration" | "cabinet" | "authorities" => before == "the",
        "officials" => matches!(
            before,
            "" | "the"
                | "senior"
                | "top"
                | ","
                | "and"
                | "but"
                | "that"
                | "said"
                | "told"
                | "by"
                | "with"
                | "to"
                | "of"
                | "\""
                | "“"
        ),
        _ => false,
    }
}

/// Lenders named by what they are ("the banks", "foreign creditors"): coded as business.
fn is_creditor_noun(title: &str) -> bool {
    matches!(
        title.to_lowercase().as_str(),
        "banks" | "commercial banks" | "creditor banks" | "bankers" | "creditors"
    )
}
