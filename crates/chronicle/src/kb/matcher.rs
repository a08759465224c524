//! Fast whole-word dictionary matching over every name in the KB.
//!
//! Text and patterns are compared after a byte-for-byte normalisation that keeps offsets
//! ('-', '_' and whitespace become ' ', ASCII letters are lower-cased), so "Moon Jae-in" finds
//! `MOON_JAE_IN_`. Each pattern carries a case policy checked on the original text: acronyms
//! must match exactly ("US" is not "us"), names must start with a capital, titles may be in any
//! case.
//!
//! The dictionary is a hash set of every pattern prefix that ends at a word boundary, keyed by
//! a rolling hash. Scanning hashes the text once from each word start and stops at the first
//! boundary whose prefix no pattern has, so it runs at hundreds of MB/s, and building it costs
//! a few milliseconds where an Aho-Corasick automaton over ~45,000 names cost most of a
//! second (paid by every CLI call).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

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

fn normalize_byte(b: u8) -> u8 {
    match b {
        b'-' | b'_' | b'\n' | b'\r' | b'\t' => b' ',
        _ => b.to_ascii_lowercase(),
    }
}

/// Normalises text for matching without changing its length.
fn normalize_into(text: &str, out: &mut Vec<u8>) {
    out.clear();
    out.extend(text.bytes().map(normalize_byte));
}

/// Normalises a pattern the same way, trimming and collapsing runs of spaces.
pub(crate) fn normalize_pattern(p: &str) -> String {
    let mut out = String::with_capacity(p.len());
    let mut space = false;
    for ch in p.trim().chars() {
        let ch = if ch.is_ascii() {
            char::from(normalize_byte(ch as u8))
        } else {
            ch
        };
        if ch == ' ' {
            space = true;
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        out.push(ch);
    }
    out
}

/// The lookup key of a name: its normalised form, lower-cased beyond ASCII too.
pub fn pattern_key(p: &str) -> String {
    let norm = normalize_pattern(p);
    if norm.is_ascii() {
        norm
    } else {
        norm.to_lowercase()
    }
}

/// Whether a match may end at byte `k` of `hay` (the normalised `text`): on a character
/// boundary not followed by a letter or digit.
fn ends_word(text: &str, hay: &[u8], k: usize) -> bool {
    match hay.get(k) {
        None => true,
        Some(&b) if b < 0x80 => !b.is_ascii_alphanumeric(),
        Some(_) => text
            .get(k..)
            .and_then(|rest| rest.chars().next())
            .is_some_and(|c| !c.is_alphanumeric()),
    }
}

/// One step of the rolling hash (FxHash's mixing).
fn mix(hash: u64, byte: u8) -> u64 {
    (hash.rotate_left(5) ^ u64::from(byte)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95)
}

/// A fast hasher: FxHash-style mixing for strings, pass-through for keys that already are
/// hashes (the prefix table). Not DoS-resistant, which KB lookups do not need.
#[derive(Default)]
pub(crate) struct FastHasher(u64);

/// Hash map with [`FastHasher`].
pub(crate) type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FastHasher>>;

/// Name keys → values, as the KB builder indexes them.
pub(crate) type KeyMap<V> = FastMap<String, V>;

impl Hasher for FastHasher {
    fn finish(&self) -> u64 {
        // Spread the multiplicative hash's high bits into the low ones the table indexes by.
        let x = self.0;
        x ^ (x >> 29) ^ (x >> 47)
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = mix(self.0, b);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// Size of [`Matcher`]'s filter in bits (128 KB).
const FILTER_BITS: usize = 1 << 20;

/// The filter bit of a prefix hash: its top bits, the best mixed ones.
fn filter_bit(hash: u64) -> usize {
    (hash >> 44) as usize
}

/// What a prefix of the dictionary is.
#[derive(Debug, Clone, Copy)]
struct Node {
    /// The pattern that ends here, if any.
    pattern: Option<u32>,
    /// Whether some longer pattern continues it.
    more: bool,
}

/// A compiled dictionary: patterns (normalised) each with a case policy.
pub struct Matcher {
    patterns: Vec<(String, Case)>,
    nodes: FastMap<u64, Node>,
    /// One bit per hash bucket holding some prefix: most words of a text are no pattern's
    /// start, and this small table (cache-resident) says so without probing `nodes`.
    filter: Vec<u64>,
    seed: u64,
    longest: usize,
}

impl std::fmt::Debug for Matcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Matcher({} patterns)", self.patterns.len())
    }
}

impl Matcher {
    /// Builds the dictionary; pattern `i` here is pattern `i` in every [`Hit`].
    pub fn new(patterns: Vec<(String, Case)>) -> crate::error::Result<Matcher> {
        // Two prefixes with the same 64-bit hash are all but impossible; if it happens, a
        // different seed separates them.
        for seed in 0..8u64 {
            if let Some(nodes) = Self::build(&patterns, seed) {
                let longest = patterns.iter().map(|(p, _)| p.len()).max().unwrap_or(0);
                let mut filter = vec![0u64; FILTER_BITS / 64];
                for &hash in nodes.keys() {
                    let bit = filter_bit(hash);
                    if let Some(word) = filter.get_mut(bit / 64) {
                        *word |= 1 << (bit % 64);
                    }
                }
                return Ok(Matcher {
                    patterns,
                    nodes,
                    filter,
                    seed,
                    longest,
                });
            }
        }
        Err(crate::error::Error::Model {
            name: "link dictionary".into(),
            message: "pattern hashes collide under every seed".into(),
        })
    }

    /// The prefix table under `seed`, or `None` when two different patterns collide.
    fn build(patterns: &[(String, Case)], seed: u64) -> Option<FastMap<u64, Node>> {
        let mut nodes: FastMap<u64, Node> =
            FastMap::with_capacity_and_hasher(patterns.len() * 2, Default::default());
        for (index, (pattern, _)) in patterns.iter().enumerate() {
            let bytes = pattern.as_bytes();
            let last = bytes.len();
            let mut hash = seed;
            for (k, &b) in bytes.iter().enumerate() {
                hash = mix(hash, b);
                let end = k + 1;
                if end < last && ends_word(pattern, bytes, end) {
                    nodes
                        .entry(hash)
                        .or_insert(Node {
                            pattern: None,
                            more: false,
                        })
                        .more = true;
                }
            }
            if last == 0 {
                continue;
            }
            let node = nodes.entry(hash).or_insert(Node {
                pattern: None,
                more: false,
            });
            match node.pattern {
                Some(other) => {
                    let same = patterns
                        .get(other as usize)
                        .is_some_and(|(p, _)| p == pattern);
                    if !same {
                        return None;
                    }
                }
                None => node.pattern = Some(u32::try_from(index).ok()?),
            }
        }
        Some(nodes)
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
        let mut out = Vec::new();
        let mut covered = 0;
        let mut after_word = false;
        let mut start = 0;
        while let Some(&b) = hay.get(start) {
            // ASCII directly; other characters decoded (never split).
            let (alphanumeric, space, width) = if b < 0x80 {
                (b.is_ascii_alphanumeric(), b.is_ascii_whitespace(), 1)
            } else {
                match text.get(start..).and_then(|rest| rest.chars().next()) {
                    Some(c) => (c.is_alphanumeric(), c.is_whitespace(), c.len_utf8()),
                    None => (true, false, 1),
                }
            };
            if !after_word && start >= covered && !space {
                if let Some(hit) = self.longest_at(text, hay, start) {
                    covered = hit.end;
                    out.push(hit);
                }
            }
            after_word = alphanumeric;
            start += width;
        }
        out
    }

    /// The longest case-valid pattern starting at `start` and ending at a word boundary.
    fn longest_at(&self, text: &str, hay: &[u8], start: usize) -> Option<Hit> {
        let mut hash = self.seed;
        let mut best = None;
        let limit = hay.len().min(start.saturating_add(self.longest));
        let mut end = start;
        while end < limit {
            let Some(&b) = hay.get(end) else { break };
            hash = mix(hash, b);
            end += 1;
            if !ends_word(text, hay, end) {
                continue;
            }
            let bit = filter_bit(hash);
            let maybe = self
                .filter
                .get(bit / 64)
                .is_some_and(|w| w & (1 << (bit % 64)) != 0);
            let Some(node) = maybe.then(|| self.nodes.get(&hash)).flatten() else {
                break;
            };
            if let Some(index) = node.pattern {
                let index = index as usize;
                if let (Some((pattern, case)), Some(found), Some(matched)) = (
                    self.patterns.get(index),
                    hay.get(start..end),
                    text.get(start..end),
                ) {
                    if pattern.as_bytes() == found && case.accepts(matched) {
                        best = Some(Hit {
                            start,
                            end,
                            pattern: index,
                        });
                    }
                }
            }
            if !node.more {
                break;
            }
        }
        best
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

    fn found<'t>(m: &Matcher, text: &'t str) -> Vec<&'t str> {
        m.find(text).iter().map(|h| &text[h.start..h.end]).collect()
    }

    #[test]
    fn whole_words_longest_first() {
        let m = matcher(&["Korea", "South Korea", "South Korean", "Seoul"]);
        let text = "South Korean officials in Seoul and Koreans";
        assert_eq!(found(&m, text), vec!["South Korean", "Seoul"]);
    }

    #[test]
    fn hyphens_and_case_policies() {
        let m = matcher(&["MOON_JAE_IN", "US"]);
        let text = "Moon Jae-in told us the US would";
        assert_eq!(found(&m, text), vec!["Moon Jae-in", "US"]);
        // Names need a capital.
        let m = matcher(&["Moon"]);
        assert!(m.find("the moon rose").is_empty());
    }

    #[test]
    fn patterns_with_punctuation() {
        let m = matcher(&["U.S.", "U.S. Army", "St. Louis", "Côte d'Ivoire"]);
        let text = "The U.S. Army left St. Louis for Côte d'Ivoire; (U.S.) troops too.";
        assert_eq!(
            found(&m, text),
            vec!["U.S. Army", "St. Louis", "Côte d'Ivoire", "U.S."]
        );
        // A longer pattern that fails its case check leaves the shorter one.
        let m = matcher(&["New York", "new york times"]);
        let text = "New York Times";
        assert_eq!(found(&m, text), vec!["New York Times"]);
        let m = Matcher::new(vec![
            ("new york".into(), Case::Capitalized),
            ("new york times".into(), Case::Exact),
        ])
        .unwrap();
        assert_eq!(found(&m, "New York Times"), vec!["New York"]);
    }

    #[test]
    fn leftmost_then_longest() {
        let m = matcher(&["Kim Jong Un", "Jong Un visit", "North Korea"]);
        assert_eq!(found(&m, "Kim Jong Un visit"), vec!["Kim Jong Un"]);
        assert_eq!(found(&m, "North Korean"), Vec::<&str>::new());
        assert_eq!(found(&m, "North  Korea"), Vec::<&str>::new());
    }

    #[test]
    fn never_panics_on_multibyte_text() {
        let m = matcher(&["Seoul", "é"]);
        for text in [
            "éé Seoul",
            "\u{1F600}Seoul\u{1F600}",
            "",
            "é",
            "Seoul\u{301}",
        ] {
            let _ = m.find(text);
        }
        // Typographic apostrophes and quotes are boundaries, letters are not.
        assert_eq!(m.find("Seoul’s").len(), 1);
        assert_eq!(m.find("“Seoul”").len(), 1);
        assert!(m.find("Seoulé").is_empty());
        assert!(m.find("éSeoul").is_empty());
    }

    #[test]
    fn keys_and_normal_forms() {
        assert_eq!(normalize_pattern("  MOON_JAE--IN "), "moon jae in");
        assert_eq!(normalize_pattern("Côte  D'IVOIRE"), "côte d'ivoire");
        assert_eq!(pattern_key("ÉLYSÉE Palace"), "élysée palace");
        assert_eq!(normalize_pattern(""), "");
    }
}
