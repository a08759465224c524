//! Fast whole-word dictionary matching: one Aho-Corasick automaton over every name in the KB.
//!
//! Text and patterns are compared after a byte-for-byte normalisation that keeps offsets
//! ('-', '_' and whitespace become ' ', ASCII case is ignored by the automaton), so
//! "Moon Jae-in" finds `MOON_JAE_IN_`. Each pattern carries a case policy checked on the
//! original text: acronyms must match exactly ("US" is not "us"), names must start with a
//! capital, titles may be in any case.

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

/// How a pattern's case must agree with the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Case {
    /// Byte-exact after normalisation ("US", "UN", "WHO").
    Exact,
    /// The first letter must be upper-case ("Seoul", "Moon").
    Capitalized,
    /// Any case ("secretary of state", "troops").
    Any,
}

impl Case {
    /// The policy a name gets from its own spelling.
    pub fn for_name(name: &str) -> Case {
        let letters: Vec<char> = name.chars().filter(|c| c.is_alphabetic()).collect();
        let short = !name.contains(' ') && letters.len() <= 5;
        if short && !letters.is_empty() && letters.iter().all(|c| c.is_uppercase()) {
            Case::Exact
        } else {
            Case::Capitalized
        }
    }
}

impl Case {
    /// Whether `matched` (original text) satisfies this policy.
    pub fn accepts(self, matched: &str) -> bool {
        match self {
            Case::Any => true,
            Case::Exact => matched
                .chars()
                .filter(|c| c.is_alphabetic())
                .all(|c| c.is_uppercase()),
            Case::Capitalized => matched.chars().next().is_some_and(|c| !c.is_lowercase()),
        }
    }
}

/// One hit: a byte range and the index of the pattern that matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub start: usize,
    pub end: usize,
    pub pattern: usize,
}

/// Normalises text for matching without changing its length.
pub fn normalize_into(text: &str, out: &mut Vec<u8>) {
    out.clear();
    out.extend(text.bytes().map(|b| match b {
        b'-' | b'_' | b'\n' | b'\r' | b'\t' => b' ',
        _ => b.to_ascii_lowercase(),
    }));
}

/// Normalises a pattern the same way, collapsing runs of spaces.
pub fn normalize_pattern(p: &str) -> String {
    let mut buf = Vec::new();
    normalize_into(p.trim(), &mut buf);
    let s = String::from_utf8_lossy(&buf).into_owned();
    s.split(' ')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b >= 0x80
}

/// A compiled dictionary: patterns (normalised) each with a case policy.
pub struct Matcher {
    automaton: AhoCorasick,
    patterns: Vec<(String, Case)>,
}

impl std::fmt::Debug for Matcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Matcher({} patterns)", self.patterns.len())
    }
}

impl Matcher {
    /// Builds the automaton; pattern `i` here is pattern `i` in every [`Hit`].
    pub fn new(patterns: Vec<(String, Case)>) -> crate::Result<Matcher> {
        // A DFA over ~100k case-insensitive names costs seconds to build and hundreds of
        // MB; the contiguous NFA builds fast and still scans far above the 20 MB/s target.
        let kind = if patterns.len() > 20_000 {
            Some(AhoCorasickKind::NoncontiguousNFA)
        } else {
            None
        };
        // Text and patterns are both lower-cased (ASCII) by the normalisation, which builds a
        // much smaller automaton than the crate's case-insensitive mode.
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .kind(kind)
            .build(
                patterns
                    .iter()
                    .map(|(p, _)| p.to_ascii_lowercase().into_bytes()),
            )
            .map_err(|e| crate::Error::Model {
                name: "link dictionary".into(),
                message: e.to_string(),
            })?;
        Ok(Matcher {
            automaton,
            patterns,
        })
    }

    pub fn len(&self) -> usize {
        self.patterns.len()
    }

    pub fn is_empty(&self) -> bool {
        self.patterns.is_empty()
    }

    pub fn pattern(&self, index: usize) -> Option<&str> {
        self.patterns.get(index).map(|(p, _)| p.as_str())
    }

    /// All whole-word, case-valid hits in `text`, leftmost-longest, non-overlapping.
    pub fn find(&self, text: &str) -> Vec<Hit> {
        let mut buf = Vec::with_capacity(text.len());
        self.find_with(text, &mut buf)
    }

    /// As [`Matcher::find`], reusing `buf` for the normalised text.
    pub fn find_with(&self, text: &str, buf: &mut Vec<u8>) -> Vec<Hit> {
        normalize_into(text, buf);
        let hay: &[u8] = buf;
        let mut hits: Vec<Hit> = Vec::new();
        for m in self.automaton.find_overlapping_iter(hay) {
            let (start, end) = (m.start(), m.end());
            // Never split a UTF-8 character.
            if !text.is_char_boundary(start) || !text.is_char_boundary(end) {
                continue;
            }
            if start > 0 && hay.get(start - 1).is_some_and(|&b| is_word_byte(b)) {
                let before = text.get(..start).and_then(|t| t.chars().next_back());
                if before.is_some_and(char::is_alphanumeric) {
                    continue;
                }
            }
            if hay.get(end).is_some_and(|&b| is_word_byte(b)) {
                let after = text.get(end..).and_then(|t| t.chars().next());
                if after.is_some_and(char::is_alphanumeric) {
                    continue;
                }
            }
            let index = m.pattern().as_usize();
            let Some((pattern, case)) = self.patterns.get(index) else {
                continue;
            };
            let _ = pattern;
            if case.accepts(text.get(start..end).unwrap_or("")) {
                hits.push(Hit {
                    start,
                    end,
                    pattern: index,
                });
            }
        }
        hits.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
        let mut out: Vec<Hit> = Vec::with_capacity(hits.len());
        let mut covered = 0;
        for h in hits {
            if h.start >= covered {
                covered = h.end;
                out.push(h);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matcher(words: &[&str]) -> Matcher {
        Matcher::new(
            words
                .iter()
                .map(|w| (normalize_pattern(w), Case::for_name(w)))
                .collect(),
        )
        .unwrap()
    }

    #[test]
    fn whole_words_longest_first() {
        let m = matcher(&["Korea", "South Korea", "South Korean", "Seoul"]);
        let text = "South Korean officials in Seoul and Koreans";
        let hits: Vec<_> = m.find(text).iter().map(|h| &text[h.start..h.end]).collect();
        assert_eq!(hits, vec!["South Korean", "Seoul"]);
    }

    #[test]
    fn hyphens_and_case_policies() {
        let m = matcher(&["MOON_JAE_IN", "US"]);
        let text = "Moon Jae-in told us the US would";
        let hits: Vec<_> = m.find(text).iter().map(|h| &text[h.start..h.end]).collect();
        assert_eq!(hits, vec!["Moon Jae-in", "US"]);
        // Names need a capital.
        let m = matcher(&["Moon"]);
        assert!(m.find("the moon rose").is_empty());
    }

    #[test]
    fn never_panics_on_multibyte_text() {
        let m = matcher(&["Seoul", "é"]);
        for text in ["éé Seoul", "\u{1F600}Seoul\u{1F600}", ""] {
            let _ = m.find(text);
        }
        // Typographic apostrophes and quotes are boundaries, letters are not.
        assert_eq!(m.find("Seoul’s").len(), 1);
        assert_eq!(m.find("“Seoul”").len(), 1);
        assert!(m.find("Seoulé").is_empty());
    }
}
