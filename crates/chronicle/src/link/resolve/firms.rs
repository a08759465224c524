//! Organisations named by their kind: "the company", "the firm", "the bank", "the group", "the
//! party" stand for the organisation of that kind the passage is about: the first one named in
//! the sentence or the two before. Wire copy names its subject first; a bank named in passing later ("after
//! an address before the Export-Import Bank, Conable said the bank ...") is not the one meant.

use super::{Linker, RangeIndex, Words};
use crate::doc::Range;

/// How far back (in sentences) "the company" looks for its antecedent.
const FIRM_REACH: usize = 2;

/// An organisation already linked that "the company", "the bank" or "the party" could mean.
struct Candidate {
    start: usize,
    end: usize,
    /// A business or international organisation whose name says bank.
    bank: bool,
    /// A business (or uncoded) organisation, not a person.
    firm: bool,
    party: bool,
    /// The linker's draft of the organisation.
    draft: usize,
}

impl<'k> Linker<'k> {
    /// Links "the company" / "the firm" / "the group" to a business (or uncoded) organisation
    /// and "the bank" to a business or international organisation whose name says it is a
    /// bank (a central bank coded as government is left alone: "the bank intervened" is a
    /// market move), the first named within [`FIRM_REACH`] sentences back. Capitalised forms
    /// ("the Bank of Japan", "the Group of Seven") are names, not such phrases.
    pub(super) fn resolve_firms(&mut self, words: &Words) {
        // Organisations that could be meant, in text order. Sorted once, so an article with
        // many such phrases costs n log n, not n².
        let mut candidates: Vec<Candidate> =
            self.links
                .iter()
                .filter(|l| l.actors.len() == 1)
                .filter_map(|l| {
                    let draft = *l.actors.first()?;
                    let d = self.drafts.get(draft)?;
                    // "South Korea's ruling party", "the Democratic Justice Party" (a party
                    // named by a title is drafted like a role holder)
                    let party = d
                        .actor
                        .name
                        .split_whitespace()
                        .any(|w| w.eq_ignore_ascii_case("party"));
                    if d.place || (d.person && !party) {
                        return None;
                    }
                    let igo = d.actor.kind.as_deref() == Some("organization");
                    let business = d.actor.code.as_deref().is_none_or(|c| c.contains("BUS"));
                    let named_bank = d.actor.name.to_lowercase().split_whitespace().any(|w| {
                        w.ends_with("bank") || matches!(w, "banking" | "bancorp" | "banque")
                    });
                    let bank = named_bank && (business || igo);
                    let firm = business && !igo && !d.person;
                    (bank || firm || party).then_some(Candidate {
                        start: l.range.start,
                        end: l.range.end,
                        bank,
                        firm,
                        party,
                        draft,
                    })
                })
                .collect();
        candidates.sort_unstable_by_key(|c| (c.start, c.end, c.draft));
        let linked = RangeIndex::new(self.links.iter().map(|l| l.range));
        for k in 1..words.tokens.len() {
            if words.word(k - 1) != "the" || words.capitalized(k) {
                continue;
            }
            let kind = words.word(k);
            if !matches!(kind, "company" | "firm" | "bank" | "group" | "party") {
                continue;
            }
            // "the group of creditors", "the bank of issue": the phrase names its own members
            if words.word(k + 1) == "of" {
                continue;
            }
            let (Some(range), Some(the)) = (words.range(k), words.range(k - 1)) else {
                continue;
            };
            if linked.overlapping(range).next().is_some() {
                continue;
            }
            let floor = self.sentence_floor(range.start, FIRM_REACH);
            let from = candidates.partition_point(|c| c.start < floor);
            let first = candidates
                .get(from..)
                .unwrap_or_default()
                .iter()
                .take_while(|c| c.start < range.start)
                .find(|c| {
                    c.end <= range.start
                        && match kind {
                            "bank" => c.bank,
                            "party" => c.party,
                            _ => c.firm,
                        }
                });
            if let Some(c) = first {
                let span = Range::new(the.start, range.end);
                // "the party" stays a name for the events stage: a ruling party's act through
                // "the party" is a party's act (dev lost a true event when it counted as unnamed)
                if kind == "party" {
                    self.link(span, vec![c.draft]);
                } else {
                    self.link_from_context(span, vec![c.draft]);
                }
            }
        }
    }
}
