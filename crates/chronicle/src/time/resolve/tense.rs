//! The tense of the clause around an expression, read from its nearest verbs, so a bare
//! "Friday" or "in May" is placed before or after the document date.

use crate::doc::{Token, TokenKind};

/// The tense of the clause around an expression, from its verbs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tense {
    Past,
    Present,
    Future,
    Unknown,
}

const IRREGULAR_PAST: &[&str] = &[
    "was",
    "were",
    "had",
    "did",
    "said",
    "told",
    "took",
    "flew",
    "went",
    "came",
    "met",
    "left",
    "saw",
    "made",
    "gave",
    "got",
    "began",
    "won",
    "lost",
    "held",
    "sold",
    "bought",
    "fell",
    "rose",
    "brought",
    "thought",
    "found",
    "paid",
    "sent",
    "spent",
    "struck",
    "led",
    "ran",
    "became",
    "wrote",
    "spoke",
    "knew",
    "kept",
    "broke",
    "chose",
    "drove",
    "ate",
    "fought",
    "forgot",
    "froze",
    "grew",
    "hid",
    "hung",
    "laid",
    "lay",
    "meant",
    "overtook",
    "rang",
    "sang",
    "sank",
    "shot",
    "shook",
    "sought",
    "stood",
    "stole",
    "swore",
    "taught",
    "threw",
    "understood",
    "woke",
    "wore",
    "wound",
    "withdrew",
    "arose",
    "awoke",
    "bore",
    "beat",
    "bent",
    "bid",
    "bled",
    "blew",
    "built",
    "burnt",
    "caught",
    "clung",
    "dealt",
    "dug",
    "drew",
    "dreamt",
    "fed",
    "felt",
    "fled",
    "flung",
    "forbade",
    "forgave",
    "heard",
    "lent",
    "lit",
    "slid",
    "slept",
    "spun",
    "split",
    "spread",
    "sprang",
    "stuck",
    "stung",
    "strode",
    "swept",
    "swam",
    "swung",
    "tore",
    "wept",
    "ago",
    "has",
    "have",
    "resigned",
    "agreed",
];

const FUTURE_MARKERS: &[&str] = &[
    "will",
    "'ll",
    "\u{2019}ll",
    "shall",
    "wo",
    "gonna",
    "would",
    "expected",
    "scheduled",
    "intends",
    "slated",
    "could",
    "might",
    "may",
];

/// Present-tense verbs; besides the auxiliaries, verbs news uses in the present for a
/// scheduled event ("the leaders meet Monday", "the trial opens Tuesday").
const PRESENT_MARKERS: &[&str] = &[
    "is", "are", "am", "says", "say", "does", "do", "meet", "meets", "begins", "opens", "visits",
    "arrives", "leaves", "travels", "resumes", "convenes", "starts",
];

/// Non-verbs that end in "-ed".
const ED_WORDS: &[&str] = &[
    "need", "speed", "seed", "feed", "bleed", "indeed", "red", "bed", "shed", "hundred", "united",
    "limited", "proceed", "exceed", "breed", "creed", "greed", "weed", "deed", "reed", "steed",
    "embed", "ted", "ned", "fred", "ed", "med", "led", "wed",
];

fn verb_tense(word: &str) -> Option<Tense> {
    let len = word.len();
    let first = word.as_bytes().first().copied().unwrap_or(b' ');
    let clitic = first == b'\'' || word.starts_with('\u{2019}');
    if !(2..=16).contains(&len) || !(first.is_ascii_lowercase() || clitic) {
        return None;
    }
    if FUTURE_MARKERS.contains(&word) {
        return Some(Tense::Future);
    }
    if IRREGULAR_PAST.contains(&word) {
        return Some(Tense::Past);
    }
    if PRESENT_MARKERS.contains(&word) {
        return Some(Tense::Present);
    }
    // "succeed", "exceed" are present; of the "-eed" words only these are past
    if word.ends_with("eed") && !matches!(word, "agreed" | "freed" | "guaranteed" | "decreed") {
        return None;
    }
    if len > 4 && word.ends_with("ed") && !ED_WORDS.contains(&word) {
        return Some(Tense::Past);
    }
    None
}

/// Verbs of intention: followed by "to", what they govern lies ahead ("planned to leave
/// on Thursday", "agreed to buy it in February").
const INTENT_VERBS: &[&str] = &[
    "planned",
    "planning",
    "plan",
    "plans",
    "intended",
    "intending",
    "aimed",
    "aiming",
    "hoped",
    "hoping",
    "promised",
    "vowed",
    "pledged",
    "threatened",
    "agreed",
    "decided",
    "prepared",
    "preparing",
    "set",
    "expected",
    "scheduled",
    "going",
    "supposed",
];

/// Verbs that report what someone said: their tense is the telling's, not the event's.
const REPORTING_VERBS: &[&str] = &[
    "says",
    "say",
    "said",
    "told",
    "announced",
    "reported",
    "added",
    "stated",
    "noted",
    "disclosed",
    "predicted",
    "indicated",
    "confirmed",
    "warned",
];

/// The clause's tense, and whether it is the event's own verb rather than a verb of
/// saying ("said it would close in January") whose tense tells little about the date.
pub(crate) fn clause_tense(
    text: &str,
    sentence: &[Token],
    start: usize,
    end: usize,
) -> (Tense, bool) {
    /// How far to look for a verb: the clause, not a whole run-on "sentence" of a table.
    const WINDOW: usize = 40;
    let first_inside = sentence.partition_point(|t| t.end <= start);
    let after = sentence.partition_point(|t| t.start < end);
    let left_tokens = sentence.get(..first_inside).unwrap_or(&[]);
    let right_tokens = sentence.get(after..).unwrap_or(&[]);
    let word_at = |tokens: &[Token], i: usize| -> &str {
        tokens
            .get(i)
            .filter(|t| t.kind == TokenKind::Word)
            .map_or("", |t| t.text(text))
    };
    // "postponed until Tuesday", "as soon as Tuesday": a deadline or a target lies ahead;
    // a clause that opens with "Until Thursday," looks back from its own verb instead
    let back = |k: usize| {
        left_tokens
            .len()
            .checked_sub(k + 1)
            .and_then(|i| left_tokens.get(i))
            .map(|t| t.text(text))
    };
    let lead = |w: &str| back(0).is_some_and(|b| b.eq_ignore_ascii_case(w));
    let opens_clause = back(1).is_none_or(|b| b == "," || b == "``" || b == "\"");
    // "since year-end", "since March": what a span starts from is behind us
    if lead("since") {
        return (Tense::Past, true);
    }
    // "effective Feb. 1": the day a change takes hold, announced ahead of it
    if ((lead("until") || lead("till")) && !opens_clause)
        || (lead("as") && back(2) == Some("as"))
        || lead("effective")
    {
        return (Tense::Future, true);
    }
    // a verb group: "will be named" is future although "named" looks past, and
    // "planned to leave" looks ahead
    let group = |tokens: &[Token], i: usize| -> Option<Tense> {
        let w = word_at(tokens, i);
        let next = word_at(tokens, i + 1);
        if INTENT_VERBS.contains(&w) && next == "to" {
            // "had been scheduled to expire Friday": a plan in the past perfect is over
            let past_perfect = (1..=2).any(|k| {
                i.checked_sub(k)
                    .is_some_and(|j| word_at(tokens, j) == "had")
            });
            return Some(if past_perfect {
                Tense::Past
            } else {
                Tense::Future
            });
        }
        // "is to resume trading Tuesday"
        if matches!(w, "is" | "are" | "was" | "were") && next == "to" {
            return Some(Tense::Future);
        }
        // "protesters planned a rally on Saturday", but not "a service planned for Saturday"
        if matches!(w, "planned" | "plans" | "planning") && matches!(next, "a" | "an" | "the") {
            return Some(Tense::Future);
        }
        // "was planned for early March", "is scheduled for May": a plan's date lies ahead
        if matches!(w, "planned" | "scheduled" | "slated" | "set")
            && next == "for"
            && i.checked_sub(1).is_some_and(|j| {
                matches!(
                    word_at(tokens, j),
                    "is" | "are" | "was" | "were" | "been" | "be"
                )
            })
        {
            return Some(Tense::Future);
        }
        let tense = verb_tense(w)?;
        // "the case is heard in May": a present passive is a present tense
        if tense == Tense::Past
            && i.checked_sub(1)
                .is_some_and(|j| matches!(word_at(tokens, j), "is" | "are" | "am"))
        {
            return Some(Tense::Present);
        }
        // "a still unspecified date", "the revised offer": a participle after a
        // determiner is an adjective, not the clause's verb
        if tense == Tense::Past && !IRREGULAR_PAST.contains(&w) {
            let before = |k: usize| i.checked_sub(k).map_or("", |j| word_at(tokens, j));
            let determiner = |x: &str| {
                matches!(
                    x,
                    "a" | "an"
                        | "the"
                        | "its"
                        | "their"
                        | "his"
                        | "her"
                        | "our"
                        | "this"
                        | "these"
                        | "those"
                )
            };
            let adverb = |x: &str| x.ends_with("ly") || matches!(x, "still" | "as" | "yet");
            if determiner(before(1)) || (determiner(before(2)) && adverb(before(1))) {
                return None;
            }
        }
        if tense == Tense::Present
            && (1..=2).any(|k| {
                i.checked_sub(k)
                    .is_some_and(|j| matches!(word_at(tokens, j), "will" | "'ll" | "shall"))
            })
        {
            return Some(Tense::Future);
        }
        if tense == Tense::Past {
            let aux_future = (1..=3).any(|k| {
                i.checked_sub(k)
                    .is_some_and(|j| matches!(word_at(tokens, j), "will" | "'ll" | "shall"))
            });
            if aux_future {
                return Some(Tense::Future);
            }
            // "would be paid in January", "could be held April 24": a modal before a
            // passive looks ahead ("would have been paid" does not)
            let modal_passive = i.checked_sub(1).is_some_and(|j| word_at(tokens, j) == "be")
                && (2..=3).any(|k| {
                    i.checked_sub(k)
                        .is_some_and(|j| matches!(word_at(tokens, j), "would" | "might" | "may"))
                });
            if modal_passive {
                return Some(Tense::Future);
            }
        }
        Some(tense)
    };
    let left_start = left_tokens.len().saturating_sub(WINDOW);
    for i in (left_start..left_tokens.len()).rev() {
        if let Some(tense) = group(left_tokens, i) {
            let reported = REPORTING_VERBS.contains(&word_at(left_tokens, i));
            return (tense, !reported);
        }
    }
    // to the right: also the words just before the expression may start the group
    for i in 0..right_tokens.len().min(WINDOW) {
        if let Some(tense) = group(right_tokens, i) {
            return (tense, true);
        }
    }
    (Tense::Unknown, false)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tense alone: of the nearest verb to the left of the expression within its
    /// sentence, else of the nearest one to its right.
    fn tense_at(text: &str, sentence: &[Token], start: usize, end: usize) -> Tense {
        clause_tense(text, sentence, start, end).0
    }

    #[test]
    fn tense_comes_from_the_nearest_verb() {
        let text = "The envoy flew home on Thursday and will return Monday.";
        let tokens = crate::text::tokenize(text);
        let at = |w: &str| {
            let s = text.find(w).unwrap();
            tense_at(text, &tokens, s, s + w.len())
        };
        assert_eq!(at("Thursday"), Tense::Past);
        assert_eq!(at("Monday"), Tense::Future);
    }

    #[test]
    fn verbs_of_saying_are_not_the_events_tense() {
        let at = |text: &str, w: &str| {
            let tokens = crate::text::tokenize(text);
            let s = text.find(w).unwrap();
            clause_tense(text, &tokens, s, s + w.len())
        };
        let said = at("Officials said the plant closes in May.", "May");
        assert_eq!(said, (Tense::Past, false));
        let hired = at("In June the firm hired staff.", "June");
        assert_eq!(hired, (Tense::Past, true));
        let text = "The chief will be named in May and is to start in June.";
        let tokens = crate::text::tokenize(text);
        let s = text.find("May").unwrap();
        assert_eq!(tense_at(text, &tokens, s, s + 3), Tense::Future);
        let s = text.find("June").unwrap();
        assert_eq!(tense_at(text, &tokens, s, s + 4), Tense::Future);
    }
}
