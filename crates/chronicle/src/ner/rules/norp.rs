//! NORP: nationality adjectives and demonyms ("South Korean", "Americans") and country
//! abbreviations used as adjectives ("US officials").

use super::lexicon::{Nationality, Rules};
use super::units::TokSpan;
use super::words::{Sentence, NOT_NOUNS};
use crate::ner::features::{case_of, Case};

impl Rules {
    /// `key` is scratch space.
    pub(super) fn nationalities_in(
        &self,
        s: &Sentence,
        names: &[TokSpan],
        key: &mut String,
    ) -> Vec<TokSpan> {
        let mut out = Vec::new();
        let mut i = s.start;
        while i < s.end {
            let first = s.words[i];
            if !first.chars().next().is_some_and(char::is_uppercase) {
                i += 1;
                continue;
            }
            let mut best = None;
            for len in 1..=self.max_nationality.min(s.end - i) {
                s.folded.key_into(i..i + len, key);
                if let Some(&kind) = self.nationalities.get(key.as_str()) {
                    best = Some((len, kind));
                }
            }
            let Some((len, kind)) = best else {
                i += 1;
                continue;
            };
            let end = i + len;
            let score = match kind {
                Nationality::Word => Some(0.9),
                Nationality::Abbreviation => self.adjectival(s, end, names, key),
            };
            if let Some(score) = score {
                out.push(TokSpan::new(i, end, "NORP", score));
            }
            i = end;
        }
        out
    }

    /// Whether the word at `next` makes the abbreviation before it an adjective
    /// ("US troops", "US Secretary of State"), with a confidence.
    pub(super) fn adjectival(
        &self,
        s: &Sentence,
        next: usize,
        names: &[TokSpan],
        key: &mut String,
    ) -> Option<f32> {
        if next >= s.end {
            return None;
        }
        if self.title_at(s, next, key).is_some() {
            return Some(0.9);
        }
        // Followed by a name ("US Army") the model decides; it is not an adjective here.
        if names.iter().any(|n| n.start <= next && next < n.end) {
            return None;
        }
        let word = s.words[next];
        if let Some(pos) = s.pos {
            let tag = pos.get(next).copied().unwrap_or("");
            return matches!(tag, "NN" | "NNS" | "JJ" | "VBG" | "NNP" | "NNPS").then_some(0.85);
        }
        let lower = word.to_lowercase();
        (case_of(word) == Case::Lower
            && lower.len() > 2
            && !NOT_NOUNS.contains(&lower.as_str())
            && !lower.ends_with("ed")
            && !lower.ends_with("ly"))
        .then_some(0.7)
    }
}
