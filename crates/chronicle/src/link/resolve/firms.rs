//! Organisations named by their kind: "the company", "the firm", "the bank", "the group" stand
//! for the organisation of that kind the passage is about: the first one named in the sentence
//! or the two before. Wire copy names its subject first; a bank named in passing later ("after
//! an address before the Export-Import Bank, Conable said the bank ...") is not the one meant.

use super::{Linker, Words};
use crate::doc::Range;

/// How far back (in sentences) "the company" looks for its antecedent.
const FIRM_REACH: usize = 2;

impl<'k> Linker<'k> {
    /// Links "the company" / "the firm" / "the group" to a business organisation and "the
    /// bank" to a business or international organisation whose name says it is a bank (a
    /// central bank coded as government is left alone: "the bank intervened" is a market move). Capitalised forms
    /// ("the Bank of Japan", "the Group of Seven") are names, not such phrases.
    pub(super) fn resolve_firms(&mut self, words: &Words) {
        for k in 1..words.tokens.len() {
            if words.word(k - 1) != "the" || words.capitalized(k) {
                continue;
            }
            let kind = words.word(k);
            if !matches!(kind, "company" | "firm" | "bank" | "group") {
                continue;
            }
            // "the group of creditors", "the bank of issue": the phrase names its own members
            if words.word(k + 1) == "of" {
                continue;
            }
            let Some(range) = words.range(k) else {
                continue;
            };
            let Some(the) = words.range(k - 1) else {
                continue;
            };
            if self.links.iter().any(|l| l.range.overlaps(range)) {
                continue;
            }
            if let Some(d) = self.first_firm(kind == "bank", range.start) {
                self.link(Range::new(the.start, range.end), vec![d]);
            }
        }
    }

    /// The draft of the first organisation of the kind asked for, named between
    /// [`FIRM_REACH`] sentences back and `before`: neither a person nor a place, coded as
    /// business or not coded at all (a bank may also be an international one).
    fn first_firm(&self, bank: bool, before: usize) -> Option<usize> {
        let floor = self.sentence_floor(before, FIRM_REACH);
        self.links
            .iter()
            .filter(|l| l.range.start >= floor && l.range.end <= before && l.actors.len() == 1)
            .filter_map(|l| {
                let a = *l.actors.first()?;
                let d = self.drafts.get(a)?;
                let igo = d.actor.kind.as_deref() == Some("organization");
                let business = d.actor.code.as_deref().is_none_or(|c| c.contains("BUS"));
                let named_bank =
                    d.actor.name.to_lowercase().split_whitespace().any(|w| {
                        w.ends_with("bank") || matches!(w, "banking" | "bancorp" | "banque")
                    });
                let fits = if bank {
                    named_bank && (business || igo)
                } else {
                    business && !igo
                };
                (!d.person && !d.place && fits).then_some((l.range.start, a))
            })
            .min_by_key(|(start, _)| *start)
            .map(|(_, a)| a)
    }
}
