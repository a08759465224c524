//! Lemmas: suffix rules by Penn Treebank tag, plus an exception table learned from
//! lemmatised training data (irregular verbs and nouns, doubled consonants, words whose
//! final `e` the rules cannot guess). Trigger lexicons match lemmas, not forms.

use std::collections::HashMap;

/// A lemmatizer: rules plus exceptions keyed by (lower-cased form, coarse tag class).
#[derive(Debug, Clone, Default)]
pub struct Lemmatizer {
    exceptions: HashMap<(String, u8), String>,
}

/// The tag classes the rules tell apart.
fn class(xpos: &str) -> u8 {
    match xpos {
        "NNS" | "NNPS" => 1,
        "VBD" | "VBN" => 2,
        "VBG" => 3,
        "VBZ" => 4,
        "VB" | "VBP" | "MD" => 5,
        "JJR" | "RBR" => 6,
        "JJS" | "RBS" => 7,
        "NNP" => 8,
        "PRP" | "PRP$" => 9,
        _ => 0,
    }
}

fn is_vowel(c: u8) -> bool {
    matches!(c, b'a' | b'e' | b'i' | b'o' | b'u')
}

/// Strips `suffix`; undoubles a final doubled consonant ("stopped" → "stop").
fn strip(word: &str, suffix: &str, undouble: bool) -> Option<String> {
    let stem = word.strip_suffix(suffix)?;
    if stem.len() < 2 {
        return None;
    }
    let b = stem.as_bytes();
    let n = b.len();
    if undouble
        && n >= 3
        && b[n - 1] == b[n - 2]
        && !is_vowel(b[n - 1])
        && !matches!(b[n - 1], b'l' | b's' | b'z' | b'f')
    {
        return Some(stem[..n - 1].to_string());
    }
    Some(stem.to_string())
}

/// The rule lemma of a lower-cased word with tag class `class`.
fn rule(lower: &str, class: u8) -> String {
    let out = match class {
        1 | 4 => {
            if let Some(s) = lower.strip_suffix("ies").filter(|s| s.len() > 1) {
                Some(format!("{s}y"))
            } else if ["sses", "shes", "ches", "xes", "zes"]
                .iter()
                .any(|x| lower.ends_with(x))
            {
                strip(lower, "es", false)
            } else if lower.ends_with("ss") || lower.ends_with("us") || lower.ends_with("is") {
                None
            } else {
                strip(lower, "s", false)
            }
        }
        2 => {
            if let Some(s) = lower.strip_suffix("ied").filter(|s| s.len() > 1) {
                Some(format!("{s}y"))
            } else if lower.ends_with("eed") {
                strip(lower, "d", false)
            } else if let Some(stem) = strip(lower, "ed", true) {
                // "used", "based", "agreed": a stem ending in consonant + e-less pattern
                let b = stem.as_bytes();
                let n = b.len();
                let needs_e = n >= 2 && matches!(b[n - 1], b'v' | b'c' | b'g' | b'z' | b'u')
                    || (n >= 3
                        && !is_vowel(b[n - 1])
                        && is_vowel(b[n - 2])
                        && !is_vowel(b[n - 3])
                        && matches!(b[n - 1], b's'));
                Some(if needs_e { format!("{stem}e") } else { stem })
            } else {
                None
            }
        }
        3 => strip(lower, "ing", true).map(|stem| {
            let b = stem.as_bytes();
            let n = b.len();
            if n >= 2 && matches!(b[n - 1], b'v' | b'c' | b'g' | b'z' | b'u') {
                format!("{stem}e")
            } else {
                stem
            }
        }),
        6 => strip(lower, "er", true),
        7 => strip(lower, "est", true),
        _ => None,
    };
    out.unwrap_or_else(|| lower.to_string())
}

impl Lemmatizer {
    /// The lemma of `form` tagged `xpos`. Proper nouns keep their case; the rest is
    /// lower-cased.
    pub fn lemma(&self, form: &str, xpos: &str) -> String {
        let c = class(xpos);
        if c == 8 || xpos == "CD" {
            return form.to_string();
        }
        let key = (form.to_lowercase(), c);
        if let Some(l) = self.exceptions.get(&key) {
            return l.clone();
        }
        let lower = key.0;
        if c == 9 {
            return if lower == "i" { "I".into() } else { lower };
        }
        if !form.is_ascii() {
            return lower;
        }
        rule(&lower, c)
    }

    /// Learns the exceptions from (form, tag, lemma) triples: every (form, class) whose
    /// most frequent lemma the rules do not give, seen at least `min_count` times.
    pub fn learn<'a>(
        triples: impl Iterator<Item = (&'a str, &'a str, &'a str)>,
        min_count: usize,
    ) -> Self {
        let mut counts: HashMap<(String, u8), HashMap<String, usize>> = HashMap::new();
        for (form, xpos, lemma) in triples {
            let c = class(xpos);
            if c == 8 || lemma.is_empty() || lemma == "_" {
                continue;
            }
            let lemma = if c == 9 && lemma == "I" {
                "I".to_string()
            } else {
                lemma.to_lowercase()
            };
            *counts
                .entry((form.to_lowercase(), c))
                .or_default()
                .entry(lemma)
                .or_default() += 1;
        }
        let mut exceptions = HashMap::new();
        for ((form, c), lemmas) in counts {
            let Some((best, n)) = lemmas
                .into_iter()
                .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
            else {
                continue;
            };
            let expected = if c == 9 { form.clone() } else { rule(&form, c) };
            if n >= min_count && best != expected {
                exceptions.insert((form, c), best);
            }
        }
        Lemmatizer { exceptions }
    }

    /// The exception table as text lines `form<TAB>class<TAB>lemma`, sorted.
    pub fn to_text(&self) -> String {
        let mut lines: Vec<String> = self
            .exceptions
            .iter()
            .map(|((f, c), l)| format!("{f}\t{c}\t{l}"))
            .collect();
        lines.sort();
        lines.join("\n")
    }

    /// Reads [`Lemmatizer::to_text`]; malformed lines are skipped.
    pub fn parse(text: &str) -> Self {
        let mut exceptions = HashMap::new();
        for line in text.lines() {
            let mut parts = line.split('\t');
            if let (Some(f), Some(c), Some(l)) = (parts.next(), parts.next(), parts.next()) {
                if let Ok(c) = c.parse::<u8>() {
                    exceptions.insert((f.to_string(), c), l.to_string());
                }
            }
        }
        Lemmatizer { exceptions }
    }

    pub fn len(&self) -> usize {
        self.exceptions.len()
    }

    pub fn is_empty(&self) -> bool {
        self.exceptions.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_cover_regular_inflection() {
        let l = Lemmatizer::default();
        assert_eq!(l.lemma("talks", "NNS"), "talk");
        assert_eq!(l.lemma("countries", "NNS"), "country");
        assert_eq!(l.lemma("taxes", "NNS"), "tax");
        assert_eq!(l.lemma("stopped", "VBD"), "stop");
        assert_eq!(l.lemma("agreed", "VBD"), "agree");
        assert_eq!(l.lemma("met", "NN"), "met");
        assert_eq!(l.lemma("Meeting", "VBG"), "meet");
        assert_eq!(l.lemma("Seoul", "NNP"), "Seoul");
        assert_eq!(l.lemma("smaller", "JJR"), "small");
    }

    #[test]
    fn exceptions_come_from_data_and_survive_a_round_trip() {
        let data = [
            ("met", "VBD", "meet"),
            ("met", "VBD", "meet"),
            ("said", "VBD", "say"),
            ("said", "VBD", "say"),
            ("men", "NNS", "man"),
            ("men", "NNS", "man"),
            ("talks", "NNS", "talk"),
            ("talks", "NNS", "talk"),
        ];
        let l = Lemmatizer::learn(data.iter().copied(), 2);
        assert_eq!(l.lemma("met", "VBD"), "meet");
        assert_eq!(l.lemma("Men", "NNS"), "man");
        assert_eq!(l.len(), 3, "regular forms are not stored");
        let back = Lemmatizer::parse(&l.to_text());
        assert_eq!(back.lemma("said", "VBD"), "say");
    }
}
