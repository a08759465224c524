//! TITLE: titles and roles ("Foreign Minister", "chief negotiator"), with the words that may
//! open them.

use super::lexicon::Rules;
use super::units::TokSpan;
use super::words::{key_of, word_class, Sentence};

/// Title heads that make a title even in lower case with nothing before them.
pub(super) const STRONG_HEADS: &[&str] = &[
    "president",
    "prime minister",
    "premier",
    "chancellor",
    "ambassador",
    "envoy",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "senator",
    "governor",
    "mayor",
    "king",
    "queen",
    "pope",
    "chairman",
    "chairwoman",
    "congressman",
    "congresswoman",
    "foreign minister",
    "defense minister",
    "defence minister",
    "secretary of state",
    "defense secretary",
    "secretary-general",
    "secretary general",
];

impl Rules {
    /// The longest title-lexicon match at `i`: its end. `key` is scratch space.
    pub(super) fn title_at(&self, s: &Sentence, i: usize, key: &mut String) -> Option<usize> {
        if i >= s.words.len() || !s.folded.is(i, word_class::TITLE_START) {
            return None;
        }
        let mut best = None;
        for len in 1..=self.max_title.min(s.end.saturating_sub(i)) {
            s.folded.key_into(i..i + len, key);
            if self.titles.contains_key(key.as_str()) {
                best = Some(i + len);
                continue;
            }
            // Plurals: "Presidents", "secretaries".
            let last_start = key.len() - s.folded.get(i + len - 1).len();
            if let Some(stem_len) = key.strip_suffix("ies").map(str::len) {
                if stem_len >= last_start {
                    key.truncate(stem_len);
                    key.push('y');
                }
            } else if let Some(stem_len) = key.strip_suffix('s').map(str::len) {
                if stem_len >= last_start {
                    key.truncate(stem_len);
                }
            } else {
                continue;
            }
            if self.titles.contains_key(key.as_str()) {
                best = Some(i + len);
            }
        }
        best
    }

    /// Title spans, each with the start of its lexicon part (after an ORG it extends over)
    /// and whether a capitalised name right after it must be a person ("President Moon").
    pub(super) fn titles_in(
        &self,
        s: &Sentence,
        names: &[TokSpan],
        key: &mut String,
    ) -> Vec<(TokSpan, usize, bool)> {
        let mut out = Vec::new();
        let mut i = s.start;
        while i < s.end {
            // Modifiers first ("chief", "Deputy Foreign"), then a lexicon title.
            let mut head = i;
            while head < s.end
                && s.folded.is(head, word_class::TITLE_MODIFIER)
                && self.title_at(s, head, key).is_none()
            {
                head += 1;
            }
            let Some(end) = self.title_at(s, head, key) else {
                i += 1;
                continue;
            };
            // "Chief" alone inside "chief negotiator" is matched by the lexicon itself.
            let start = i;
            let modified = head > start;
            let head_words = key_of(&s.words[head..end]);
            let singular = head_words.trim_end_matches('s');
            let capitalised = s.words[start]
                .chars()
                .next()
                .is_some_and(char::is_uppercase);
            let multiword = end - head > 1;
            let strong =
                STRONG_HEADS.contains(&head_words.as_str()) || STRONG_HEADS.contains(&singular);
            // Right after a name or a possessive: "Seoul's chief negotiator", "US secretaries".
            let after_name = names.iter().any(|n| n.end == start)
                || start > s.start && matches!(s.words[start - 1], "'s" | "\u{2019}s");
            let org_before = names
                .iter()
                .find(|n| n.end == start && n.label == "ORG")
                .map(|n| n.start);
            let accepted = capitalised || multiword || modified || strong || after_name;
            if !accepted {
                i = end;
                continue;
            }
            // Inside a longer name ("General Motors") it is no title; person spans never
            // include titles, so one that does is cut instead (see `resolve`).
            if names.iter().any(|n| {
                n.label != "PER"
                    && !(n.start == start && capitalised && strong)
                    && n.start <= start
                    && end <= n.end
                    && !(n.start == start && n.end == end)
            }) {
                i = end;
                continue;
            }
            let (span_start, score) = match org_before {
                // "a Foreign Ministry official": the title includes the body it serves.
                Some(org_start) if !capitalised && !modified => (org_start, 0.8),
                _ if capitalised || multiword || strong => (start, 0.9),
                _ => (start, 0.75),
            };
            out.push((
                TokSpan::new(span_start, end, "TITLE", score),
                start,
                capitalised && strong,
            ));
            i = end;
        }
        out
    }
}
