//! Shallow syntax for event coding: coarse word classes and clauses.
//!
//! The word classes come from closed-class word lists, the event lexicon's verb forms and
//! spelling; they are all clause rules need (auxiliaries, modals, prepositions,
//! subordinators, verbs). Clauses are cut at subordinators, speech verbs, coordinated
//! verb phrases and strong punctuation.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::lexicon::Lexicon;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tag {
    Det,
    Prep,
    To,
    Be,
    Have,
    Do,
    Modal,
    Neg,
    Conj,
    Sub,
    Pron,
    Verb,
    Noun,
    Proper,
    Adv,
    Num,
    Punct,
    Poss,
}

pub fn is_be(w: &str) -> bool {
    matches!(
        w,
        "is" | "are" | "was" | "were" | "be" | "been" | "being" | "am" | "'re" | "’re"
    )
}

/// Speech verbs whose subject is the source of a report.
pub fn is_speech(w: &str) -> bool {
    matches!(
        w,
        "said"
            | "says"
            | "say"
            | "told"
            | "tells"
            | "added"
            | "adding"
            | "adds"
            | "stated"
            | "announced"
            | "noted"
            | "insisted"
            | "claimed"
            | "reported"
            | "confirmed"
            | "explained"
            | "according"
            | "quoted"
    )
}

pub fn is_subordinator(w: &str) -> bool {
    matches!(
        w,
        "which"
            | "who"
            | "whom"
            | "whose"
            | "when"
            | "where"
            | "while"
            | "whereas"
            | "although"
            | "though"
            | "because"
            | "if"
            | "unless"
            | "whether"
            | "what"
    )
}

/// Spelled-out numbers ("the two allies", "three ministers").
fn is_number_word(w: &str) -> bool {
    matches!(
        w,
        "two"
            | "three"
            | "four"
            | "five"
            | "six"
            | "seven"
            | "eight"
            | "nine"
            | "ten"
            | "eleven"
            | "twelve"
            | "dozen"
            | "dozens"
            | "hundred"
            | "hundreds"
            | "thousand"
            | "thousands"
    )
}

/// Closed-class words and speech verbs, looked up once per token.
fn closed_table() -> &'static HashMap<&'static str, Tag> {
    static TABLE: OnceLock<HashMap<&'static str, Tag>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let words = [
            "the",
            "a",
            "an",
            "this",
            "these",
            "those",
            "its",
            "their",
            "his",
            "her",
            "our",
            "my",
            "your",
            "some",
            "any",
            "each",
            "every",
            "another",
            "all",
            "both",
            "several",
            "many",
            "few",
            "other",
            "to",
            "in",
            "on",
            "at",
            "by",
            "with",
            "from",
            "for",
            "of",
            "against",
            "about",
            "over",
            "under",
            "into",
            "onto",
            "toward",
            "towards",
            "between",
            "among",
            "during",
            "until",
            "after",
            "before",
            "through",
            "across",
            "amid",
            "despite",
            "without",
            "within",
            "upon",
            "via",
            "per",
            "near",
            "including",
            "regarding",
            "like",
            "than",
            "following",
            "since",
            "is",
            "are",
            "was",
            "were",
            "be",
            "been",
            "being",
            "am",
            "has",
            "have",
            "had",
            "having",
            "do",
            "does",
            "did",
            "will",
            "would",
            "can",
            "could",
            "may",
            "might",
            "shall",
            "should",
            "must",
            "'ll",
            "’ll",
            "'d",
            "’d",
            "wo",
            "ca",
            "not",
            "n't",
            "n’t",
            "never",
            "no",
            "and",
            "or",
            "but",
            "nor",
            "&",
            "he",
            "she",
            "it",
            "they",
            "we",
            "i",
            "you",
            "him",
            "them",
            "us",
            "'s",
            "’s",
            "'",
            "’",
            "which",
            "who",
            "whom",
            "whose",
            "when",
            "where",
            "while",
            "whereas",
            "although",
            "though",
            "because",
            "if",
            "unless",
            "whether",
            "what",
            "that",
        ];
        words
            .iter()
            .filter_map(|w| closed_class_slow(w).map(|t| (*w, t)))
            .collect()
    })
}

fn closed_class(w: &str) -> Option<Tag> {
    if w.len() > 10 {
        return None;
    }
    closed_table().get(w).copied()
}

fn closed_class_slow(w: &str) -> Option<Tag> {
    Some(match w {
        "the" | "a" | "an" | "this" | "these" | "those" | "its" | "their" | "his" | "her"
        | "our" | "my" | "your" | "some" | "any" | "each" | "every" | "another" | "all"
        | "both" | "several" | "many" | "few" | "other" => Tag::Det,
        "to" => Tag::To,
        "in" | "on" | "at" | "by" | "with" | "from" | "for" | "of" | "against" | "about"
        | "over" | "under" | "into" | "onto" | "toward" | "towards" | "between" | "among"
        | "during" | "until" | "after" | "before" | "through" | "across" | "amid" | "despite"
        | "without" | "within" | "upon" | "via" | "per" | "near" | "including" | "regarding"
        | "like" | "than" | "following" | "since" => Tag::Prep,
        "is" | "are" | "was" | "were" | "be" | "been" | "being" | "am" => Tag::Be,
        "has" | "have" | "had" | "having" => Tag::Have,
        "do" | "does" | "did" => Tag::Do,
        "will" | "would" | "can" | "could" | "may" | "might" | "shall" | "should" | "must"
        | "'ll" | "’ll" | "'d" | "’d" | "wo" | "ca" => Tag::Modal,
        "not" | "n't" | "n’t" | "never" | "no" => Tag::Neg,
        "and" | "or" | "but" | "nor" | "&" => Tag::Conj,
        "he" | "she" | "it" | "they" | "we" | "i" | "you" | "him" | "them" | "us" => Tag::Pron,
        "'s" | "’s" | "'" | "’" => Tag::Poss,
        _ => {
            if is_subordinator(w) || w == "that" {
                Tag::Sub
            } else {
                return None;
            }
        }
    })
}

/// Tags a sentence's words. `raw` keeps case for proper-noun detection.
pub fn tag(words: &[String], raw: &[&str], lexicon: &Lexicon) -> Vec<Tag> {
    words
        .iter()
        .zip(raw)
        .enumerate()
        .map(|(i, (w, r))| {
            let first = r.chars().next().unwrap_or(' ');
            if !first.is_alphanumeric() && r.chars().count() == 1 {
                return Tag::Punct;
            }
            if first.is_ascii_digit() || is_number_word(w) {
                return Tag::Num;
            }
            if let Some(t) = closed_class(w) {
                return t;
            }
            if first.is_uppercase() && i > 0 {
                return Tag::Proper;
            }
            if w.ends_with("ly") && w.len() > 4 {
                return Tag::Adv;
            }
            if lexicon.is_known_verb(w) || is_speech(w) {
                return Tag::Verb;
            }
            if first.is_uppercase() {
                return Tag::Proper;
            }
            Tag::Noun
        })
        .collect()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClauseKind {
    Main,
    /// Introduced by a subordinator ("which", "when", "as", ...): the word is kept.
    Subordinate,
    /// The "X said" part of reported speech.
    Speech,
    /// "if" / "unless".
    Conditional,
    /// "whether".
    Whether,
}

#[derive(Debug, Clone)]
pub struct Clause {
    pub start: usize,
    pub end: usize,
    pub kind: ClauseKind,
    /// The subordinator or conjunction that opened it, lower case.
    pub opener: Option<String>,
}

/// Cuts a sentence into clauses. `in_time(i)` tells whether token `i` starts a time
/// expression (so "since September" stays a prepositional phrase).
pub fn clauses(words: &[String], tags: &[Tag], in_time: &dyn Fn(usize) -> bool) -> Vec<Clause> {
    let n = words.len();
    let mut cuts: Vec<(usize, ClauseKind, Option<String>)> = vec![(0, ClauseKind::Main, None)];
    let word = |i: usize| words.get(i).map(String::as_str).unwrap_or("");
    let tag_at = |i: usize| tags.get(i).copied();
    for i in 0..n {
        let w = word(i);
        let prev = if i > 0 { word(i - 1) } else { "" };
        let next = word(i + 1);
        let next_tag = tag_at(i + 1);
        let cut = |kind| Some((i, kind, Some(w.to_string())));
        let decided = match w {
            ";" | ":" | "(" | ")" | "—" | "–" | "“" | "”" | "\"" => {
                Some((i + 1, ClauseKind::Main, None))
            }
            "if" | "unless" => cut(ClauseKind::Conditional),
            "whether" => cut(ClauseKind::Whether),
            "since" if !in_time(i + 1) && next_tag != Some(Tag::Num) => {
                cut(ClauseKind::Subordinate)
            }
            "as" if matches!(next_tag, Some(Tag::Proper | Tag::Pron))
                || matches!(next, "the" | "its" | "their") =>
            {
                cut(ClauseKind::Subordinate)
            }
            "that"
                if matches!(
                    tag_at(i.wrapping_sub(1)),
                    Some(Tag::Verb | Tag::Noun | Tag::Punct)
                ) && !matches!(next_tag, Some(Tag::Punct)) =>
            {
                cut(ClauseKind::Subordinate)
            }
            "and" | "but" | "or"
                if w == "but"
                    || prev == ","
                    || matches!(next_tag, Some(Tag::Modal | Tag::Be | Tag::Have | Tag::Do))
                    || (matches!(next_tag, Some(Tag::Verb))
                        && !next.ends_with("ing")
                        && !matches!(tag_at(i.wrapping_sub(1)), Some(Tag::Proper))) =>
            {
                cut(ClauseKind::Main)
            }
            _ if is_subordinator(w) && w != "if" && w != "unless" && w != "whether" => {
                cut(ClauseKind::Subordinate)
            }
            _ => None,
        };
        if let Some(c) = decided {
            cuts.push(c);
            continue;
        }
        if is_speech(w) {
            // the speech clause runs from the last comma/cut before the verb to the verb
            // (plus a following time expression such as "Friday"); what follows is reported.
            let last_cut = cuts.last().map(|c| c.0).unwrap_or(0);
            let comma = (last_cut..i).rev().find(|&j| word(j) == ",");
            let start = match comma {
                Some(c) => c,
                None => last_cut,
            };
            if w == "according" {
                // "according to X" runs to the next comma
                let end = (i..n).find(|&j| word(j) == ",").unwrap_or(n);
                cuts.push((start, ClauseKind::Speech, Some(w.to_string())));
                cuts.push((end, ClauseKind::Main, None));
                continue;
            }
            let mut end = i + 1;
            while end < n && (in_time(end) || word(end) == "on") {
                end += 1;
                while end < n && !in_time(end) && tags.get(end) == Some(&Tag::Proper) {
                    end += 1;
                }
            }
            if word(end) == "that" {
                end += 1;
            }
            if start == last_cut {
                if let Some(last) = cuts.last_mut() {
                    if last.0 == start {
                        last.1 = ClauseKind::Speech;
                    }
                }
                if cuts.last().map(|c| c.0) != Some(start) {
                    cuts.push((start, ClauseKind::Speech, None));
                }
            } else {
                cuts.push((start, ClauseKind::Speech, None));
            }
            cuts.push((end, ClauseKind::Main, None));
        }
    }
    // a leading "If X ...," / "When X ...," clause ends at its first comma
    let leading_subordinate = words
        .first()
        .is_some_and(|w| is_subordinator(w) || w == "if" || w == "unless");
    if leading_subordinate {
        if let Some(comma) = (1..n).find(|&j| word(j) == ",") {
            let next_cut = cuts
                .iter()
                .map(|c| c.0)
                .filter(|&p| p > 0)
                .min()
                .unwrap_or(n);
            if comma < next_cut {
                cuts.push((comma + 1, ClauseKind::Main, None));
            }
        }
    }
    cuts.sort_by_key(|c| c.0);
    // keep the last cut at each position (a speech cut refines a plain one)
    let mut merged: Vec<(usize, ClauseKind, Option<String>)> = Vec::new();
    for c in cuts {
        match merged.last_mut() {
            Some(last) if last.0 == c.0 => {
                if last.1 == ClauseKind::Main || c.1 == ClauseKind::Speech {
                    *last = c;
                }
            }
            _ => merged.push(c),
        }
    }
    let mut out: Vec<Clause> = Vec::new();
    for (k, (start, kind, opener)) in merged.iter().enumerate() {
        let end = merged.get(k + 1).map(|c| c.0).unwrap_or(n);
        if *start >= end {
            continue;
        }
        out.push(Clause {
            start: *start,
            end,
            kind: *kind,
            opener: opener.clone(),
        });
    }
    if out.is_empty() {
        out.push(Clause {
            start: 0,
            end: n,
            kind: ClauseKind::Main,
            opener: None,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(s: &str) -> Vec<(String, ClauseKind)> {
        let lex = Lexicon::standard().unwrap();
        let raw: Vec<&str> = s.split_whitespace().collect();
        let words: Vec<String> = raw.iter().map(|w| w.to_lowercase()).collect();
        let tags = tag(&words, &raw, &lex);
        clauses(&words, &tags, &|i| raw.get(i) == Some(&"Friday"))
            .into_iter()
            .map(|c| (raw[c.start..c.end].join(" "), c.kind))
            .collect()
    }

    #[test]
    fn reported_speech_is_its_own_clause() {
        let c = run("Seoul will host talks , sources said Friday , adding the meeting would fall on March 17");
        assert_eq!(c[0].0, "Seoul will host talks");
        assert_eq!(c[1], (", sources said Friday".into(), ClauseKind::Speech));
        assert_eq!(c[2].1, ClauseKind::Speech);
        assert_eq!(c[3].0, "the meeting would fall on March 17");
    }

    #[test]
    fn leading_speech_and_conditions() {
        let c = run("Officials said Japan will retaliate if China attacks");
        assert_eq!(c[0], ("Officials said".into(), ClauseKind::Speech));
        assert_eq!(c[1].0, "Japan will retaliate");
        assert_eq!(c[2], ("if China attacks".into(), ClauseKind::Conditional));
    }

    #[test]
    fn verb_phrase_coordination_splits_but_noun_coordination_does_not() {
        let c = run("Korea and Japan met and agreed to talk");
        assert_eq!(c.len(), 2, "{c:?}");
        assert_eq!(c[0].0, "Korea and Japan met");
    }
}
