//! Pronouns: "he", "she", "they" (with coordinations as plural antecedents).

use super::words::{PRONOUNS_FEMALE, PRONOUNS_MALE, PRONOUNS_PLURAL};

/// Nouns that name a state's armed forces after "its" / "their".
const MILITARY_NOUNS: &[&str] = &[
    "forces",
    "troops",
    "army",
    "soldiers",
    "navy",
    "warplanes",
    "jets",
    "gunboats",
    "artillery",
    "military",
    "units",
    "divisions",
];
use super::{Link, Linker, Words};
use crate::doc::{Article, Range, TokenKind};
use crate::kb::Gender;

impl<'k> Linker<'k> {
    /// "A and B" (people, maybe with titles between; or countries, governments, bodies) as
    /// one plural antecedent for "they".
    pub(super) fn coordinations(&self, words: &Words) -> Vec<Link> {
        let mut out = Vec::new();
        for pair in self.links.windows(2) {
            let [a, b] = pair else { continue };
            // Both people, or both non-people (countries, governments, bodies); no places.
            let kinds: Vec<Option<bool>> = [a, b]
                .iter()
                .map(|l| {
                    let d = l.actors.first().and_then(|&x| self.drafts.get(x))?;
                    (l.actors.len() == 1 && !d.place).then_some(d.person)
                })
                .collect();
            let same_kind = matches!(kinds.as_slice(), [Some(x), Some(y)] if x == y);
            if !same_kind || a.actors == b.actors {
                continue;
            }
            let gap = words.text.get(a.range.end..b.range.start).unwrap_or("");
            let gap_words: Vec<&str> = gap.split_whitespace().collect();
            let joined = gap_words.first() == Some(&"and");
            let short = gap_words.len() <= 4 && !gap.contains(['.', ';', ':', '"', '“', '”']);
            if joined && short {
                let mut actors = a.actors.clone();
                actors.extend(&b.actors);
                out.push(Link {
                    range: Range::new(a.range.start, b.range.end),
                    actors,
                    typo: false,
                    from_context: a.from_context && b.from_context,
                });
            }
        }
        out
    }

    pub(super) fn resolve_pronouns(&mut self, article: &Article, words: &Words) {
        self.links.sort_by_key(|l| l.range.start);
        let mut candidates = self.links.clone();
        candidates.extend(self.coordinations(words));
        candidates.sort_by_key(|l| l.range.start);
        let mut new_links = Vec::new();
        // "its forces", "their troops": the armed forces of the pronoun's antecedent
        let mut forces: Vec<(Range, Vec<usize>)> = Vec::new();
        for (k, (range, w)) in words.tokens.iter().enumerate() {
            let military = matches!(w.as_str(), "its" | "their")
                && MILITARY_NOUNS.contains(&words.word(k + 1));
            let we = w == "we";
            let want = if military || we {
                None
            } else if PRONOUNS_MALE.contains(&w.as_str()) {
                Some(Gender::Male)
            } else if PRONOUNS_FEMALE.contains(&w.as_str()) {
                Some(Gender::Female)
            } else if PRONOUNS_PLURAL.contains(&w.as_str()) {
                None
            } else {
                continue;
            };
            if article
                .tokens
                .get(k)
                .is_some_and(|t| t.kind != TokenKind::Word)
            {
                continue;
            }
            let Some(paragraph) = article
                .paragraphs
                .iter()
                .find(|p| p.start <= range.start && range.end <= p.end)
            else {
                continue;
            };
            let before = candidates.partition_point(|l| l.range.start < range.start);
            let sentence_start = article
                .sentences
                .iter()
                .find(|s| s.start <= range.start && range.start < s.end)
                .map_or(paragraph.start, |s| s.start);
            let fits = |l: &Link| -> bool {
                if we {
                    // "we" in a statement: its speaker's side, a person or a body
                    return l.actors.len() == 1
                        && l.actors
                            .first()
                            .and_then(|&a| self.drafts.get(a))
                            .is_some_and(|d| !d.place && d.actor.code.is_some());
                }
                match want {
                    Some(g) => {
                        l.actors.len() == 1
                            && l.actors
                                .first()
                                .and_then(|&a| self.drafts.get(a))
                                .is_some_and(|d| d.person && d.gender.is_none_or(|x| x == g))
                    }
                    None => {
                        l.actors.len() >= 2
                            || l.actors
                                .first()
                                .and_then(|&a| self.drafts.get(a))
                                .is_some_and(|d| !d.person && !d.place)
                    }
                }
            };
            let earlier = candidates.get(..before).unwrap_or(&[]);
            // A pronoun prefers the subject of its own sentence (the first compatible mention
            // there: "Kim hailed Putin as a friend of his people"), else the nearest before it.
            {
                let first_in_sentence = earlier
                    .iter()
                    .filter(|l| l.range.start >= sentence_start && fits(l))
                    .min_by_key(|l| (l.range.start, std::cmp::Reverse(l.range.end)));
                if let (Some(l), false) = (first_in_sentence, we) {
                    if military {
                        forces.push((*range, l.actors.clone()));
                        continue;
                    }
                    new_links.push(Link {
                        range: *range,
                        actors: l.actors.clone(),
                        typo: false,
                        from_context: true,
                    });
                    continue;
                }
            }
            let mut chosen: Option<Vec<usize>> = None;
            if we {
                // 'the minister said: "We ..."': the speaker named before, in the sentence
                chosen = earlier
                    .iter()
                    .filter(|l| l.range.start >= sentence_start && fits(l))
                    .min_by_key(|l| (l.range.start, std::cmp::Reverse(l.range.end)))
                    .map(|l| l.actors.clone());
            }
            if we && chosen.is_none() {
                // '"We will not yield," the minister said': the speaker named after the quote
                let sentence_end = self
                    .sentence_starts
                    .get(self.sentence_starts.partition_point(|&s| s <= range.start))
                    .copied()
                    .unwrap_or(usize::MAX);
                chosen = candidates
                    .get(before..)
                    .unwrap_or(&[])
                    .iter()
                    .take_while(|l| l.range.end <= sentence_end)
                    .filter(|l| {
                        words
                            .text
                            .get(range.end..l.range.start)
                            .is_some_and(|gap| gap.contains(['"', '”']))
                    })
                    .find(|l| fits(l))
                    .map(|l| l.actors.clone());
            }
            for l in earlier.iter().rev() {
                if chosen.is_some() || l.range.end <= paragraph.start {
                    break;
                }
                if fits(l) {
                    chosen = Some(l.actors.clone());
                    break;
                }
            }
            if chosen.is_none() && !military {
                // A paragraph of one sentence (wire copy): the nearest of the two sentences
                // before that names a compatible actor, and there its first mention, the
                // subject ("Nakasone said ... / He added ...").
                for back in 1..=2 {
                    let lo = self.sentence_floor(range.start, back);
                    let hi = self.sentence_floor(range.start, back - 1);
                    if let Some(l) = earlier
                        .iter()
                        .filter(|l| l.range.start >= lo && l.range.end <= hi && fits(l))
                        .min_by_key(|l| (l.range.start, std::cmp::Reverse(l.range.end)))
                    {
                        chosen = Some(l.actors.clone());
                        break;
                    }
                }
            }
            if let (Some(actors), true) = (&chosen, we) {
                // a person's "we" is the body they speak for: their country and sector
                if let [one] = actors.as_slice() {
                    let own = self
                        .drafts
                        .get(*one)
                        .filter(|d| d.person)
                        .and_then(|d| Some((d.actor.country.clone()?, d.actor.sector.clone())))
                        .filter(|(_, sectors)| !sectors.is_empty());
                    if let Some((iso, sectors)) = own {
                        chosen = Some(vec![self.sector_actor(&iso, &sectors)]);
                    }
                }
            }
            if let (Some(actors), true) = (&chosen, military) {
                forces.push((*range, actors.clone()));
                continue;
            }
            if let Some(actors) = chosen {
                new_links.push(Link {
                    range: *range,
                    actors,
                    typo: false,
                    from_context: true,
                });
            }
        }
        for (range, actors) in forces {
            let [one] = actors.as_slice() else { continue };
            let Some(iso) = self.drafts.get(*one).and_then(|d| d.actor.country.clone()) else {
                continue;
            };
            let noun_end = words
                .range(words.at(range.start) + 1)
                .map_or(range.end, |r| r.end);
            let military = self.sector_actor(&iso, &["MIL".to_string()]);
            new_links.push(Link {
                range: Range::new(range.start, noun_end),
                actors: vec![military],
                typo: false,
                from_context: true,
            });
        }
        self.links.extend(new_links);
    }
}
