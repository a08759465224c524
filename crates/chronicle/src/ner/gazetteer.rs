//! Name lists as NER features: the seam between the tagger and the knowledge base.
//!
//! A [`Gazetteer`] is a set of (class, name) entries matched longest-first over token
//! sequences. The standard one is built from `data/kb/` (compiled in); any other source
//! can fill one through [`Gazetteer::add`]. A trained model carries the gazetteer it was
//! trained with (see [`Gazetteer::to_text`]), so later KB edits cannot silently shift
//! the features under the weights; retraining picks them up.

use crate::kb::files;
use crate::kb::table::Table;
use crate::learn::hash::{hash_str, mix, FastMap};

/// What kind of name an entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum GazClass {
    Country,
    City,
    /// Nationality adjectives and plural demonyms ("South Korean", "Americans").
    Nationality,
    /// International organisations.
    Igo,
    /// Government bodies ("State Department", "Cheong Wa Dae").
    Body,
    /// Known people (full names and family names).
    Person,
    /// Titles and roles ("secretary of state", "chief negotiator").
    Title,
    /// News agencies and outlets ("Yonhap", "AFP").
    Media,
}

impl GazClass {
    pub const ALL: [GazClass; 8] = [
        GazClass::Country,
        GazClass::City,
        GazClass::Nationality,
        GazClass::Igo,
        GazClass::Body,
        GazClass::Person,
        GazClass::Title,
        GazClass::Media,
    ];
    pub fn name(self) -> &'static str {
        match self {
            GazClass::Country => "country",
            GazClass::City => "city",
            GazClass::Nationality => "nationality",
            GazClass::Igo => "igo",
            GazClass::Body => "body",
            GazClass::Person => "person",
            GazClass::Title => "title",
            GazClass::Media => "media",
        }
    }
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.name() == name)
    }
    fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

/// One match of an entry over tokens `[start, end)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GazMatch {
    pub start: usize,
    pub end: usize,
    /// Bit set of [`GazClass`]es of the matched name.
    pub classes: u8,
}

impl GazMatch {
    pub fn has(&self, class: GazClass) -> bool {
        self.classes & class.bit() != 0
    }
}

/// Names keyed by their normalised token sequence.
#[derive(Debug, Clone, Default)]
pub struct Gazetteer {
    entries: FastMap<String, u8>,
    /// What matching reads, keyed by the hashes of normalised token sequences (see
    /// [`token_hash`], [`extend_hash`]): the class bits of a name (0 if none), plus
    /// [`PREFIX`] when a longer name goes on from there ("united", "united states" for
    /// "united states of america"). One lookup per token decides both, and matching stops
    /// where no name continues. (A 64-bit hash collision could add a false match; at a
    /// few thousand names the chance is about 1e-12 per lookup.)
    steps: FastMap<u64, u16>,
    /// Longest entry, in tokens.
    max_tokens: usize,
}

/// The bit of a step value marking a proper prefix of a longer name (the eight class bits
/// are below it).
const PREFIX: u16 = 1 << 8;

/// The hash of one token as the gazetteer matches it (normalised, see [`normalise_token`]):
/// taggers compute it once per word type.
pub(crate) fn token_hash(token: &str) -> u64 {
    if token
        .bytes()
        .all(|b| b.is_ascii() && !b.is_ascii_uppercase())
    {
        return hash_str(token);
    }
    let mut key = String::with_capacity(token.len());
    normalise_token(token, &mut key);
    hash_str(&key)
}

/// The hash of a token sequence from the hash of its first tokens and the next token's.
#[inline]
fn extend_hash(sequence: u64, token: u64) -> u64 {
    mix(sequence, token)
}

/// The key of a token: case-folded, with typographic quotes and dashes made ASCII.
fn normalise_token(token: &str, out: &mut String) {
    for c in token.chars() {
        match c {
            '\u{2018}' | '\u{2019}' | '\u{2032}' => out.push('\''),
            '\u{201C}' | '\u{201D}' => out.push('"'),
            '\u{2010}'..='\u{2015}' => out.push('-'),
            c if c.is_ascii() => out.push(c.to_ascii_lowercase()),
            c => out.extend(c.to_lowercase()),
        }
    }
}

fn key_of_tokens<S: AsRef<str>>(tokens: &[S]) -> String {
    let mut key = String::new();
    for (i, t) in tokens.iter().enumerate() {
        if i > 0 {
            key.push(' ');
        }
        normalise_token(t.as_ref(), &mut key);
    }
    key
}

/// Splits a name the way the tokenizer splits text.
fn name_tokens(name: &str) -> Vec<String> {
    crate::text::tokenize(name)
        .iter()
        .map(|t| t.text(name).to_string())
        .collect()
}

impl Gazetteer {
    pub fn len(&self) -> usize {
        self.entries.len()
    }
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Adds a name (tokenised like article text, matched case-insensitively).
    pub fn add(&mut self, class: GazClass, name: &str) {
        let tokens = name_tokens(name.trim());
        if tokens.is_empty() || tokens.len() > 8 {
            return;
        }
        self.max_tokens = self.max_tokens.max(tokens.len());
        let mut sequence = 0;
        for (len, token) in tokens.iter().enumerate() {
            sequence = extend_hash(sequence, token_hash(token));
            let step = self.steps.entry(sequence).or_default();
            if len + 1 < tokens.len() {
                *step |= PREFIX;
            } else {
                *step |= u16::from(class.bit());
            }
        }
        *self.entries.entry(key_of_tokens(&tokens)).or_default() |= class.bit();
    }

    /// The classes of the exact token sequence `tokens`.
    pub fn lookup<S: AsRef<str>>(&self, tokens: &[S]) -> u8 {
        self.entries
            .get(&key_of_tokens(tokens))
            .copied()
            .unwrap_or(0)
    }

    /// Whether the token sequence is a name of `class`.
    pub fn is<S: AsRef<str>>(&self, class: GazClass, tokens: &[S]) -> bool {
        self.lookup(tokens) & class.bit() != 0
    }

    /// Longest matches, left to right, never overlapping.
    pub fn find<S: AsRef<str>>(&self, tokens: &[S]) -> Vec<GazMatch> {
        let hashes: Vec<u64> = tokens.iter().map(|t| token_hash(t.as_ref())).collect();
        let mut out = Vec::new();
        self.find_hashed(&hashes, &mut out);
        out
    }

    /// [`Gazetteer::find`] over the `token_hash`es of the tokens, into `out` (cleared).
    pub fn find_hashed(&self, hashes: &[u64], out: &mut Vec<GazMatch>) {
        out.clear();
        let mut i = 0;
        while i < hashes.len() {
            let mut best: Option<GazMatch> = None;
            let mut sequence = 0;
            for (len, &token) in hashes
                .get(i..)
                .unwrap_or(&[])
                .iter()
                .take(self.max_tokens)
                .enumerate()
            {
                sequence = extend_hash(sequence, token);
                let Some(&step) = self.steps.get(&sequence) else {
                    break;
                };
                let classes = step as u8;
                if classes != 0 {
                    best = Some(GazMatch {
                        start: i,
                        end: i + len + 1,
                        classes,
                    });
                }
                if step & PREFIX == 0 {
                    break;
                }
            }
            match best {
                Some(m) => {
                    out.push(m);
                    i = m.end;
                }
                None => i += 1,
            }
        }
    }

    /// `class<TAB>name` lines (names as their normalised keys), sorted.
    pub fn to_text(&self) -> String {
        let mut rows: Vec<(u8, &str)> =
            self.entries.iter().map(|(k, &c)| (c, k.as_str())).collect();
        rows.sort_by(|a, b| a.1.cmp(b.1));
        let mut out = String::new();
        for (classes, key) in rows {
            for class in GazClass::ALL {
                if classes & class.bit() != 0 {
                    out.push_str(class.name());
                    out.push('\t');
                    out.push_str(key);
                    out.push('\n');
                }
            }
        }
        out
    }

    /// Parses [`Gazetteer::to_text`] output.
    pub fn from_text(text: &str) -> Self {
        let mut g = Gazetteer::default();
        for line in text.lines() {
            if let Some((class, name)) = line.split_once('\t') {
                if let Some(class) = GazClass::from_name(class) {
                    g.add(class, name);
                }
            }
        }
        g
    }

    /// The gazetteer of Chronicle's knowledge base (`data/kb/`, compiled in).
    pub fn from_kb() -> Self {
        let mut g = Gazetteer::default();
        for row in Table::shipped("data/kb/countries.tsv", files::COUNTRIES).named_rows() {
            for col in ["name", "official_name", "aliases"] {
                for name in row.list(col) {
                    g.add(GazClass::Country, name);
                }
            }
            for name in row.list("capital") {
                g.add(GazClass::City, name);
            }
        }
        for row in Table::shipped("data/kb/nationalities.tsv", files::NATIONALITIES).named_rows() {
            for col in ["adjectives", "demonyms"] {
                for name in row.list(col) {
                    g.add(GazClass::Nationality, name);
                }
            }
            for name in row.list("aliases") {
                g.add(GazClass::Country, name);
            }
        }
        for row in Table::shipped("data/kb/cities.tsv", files::CITIES).named_rows() {
            for name in row.list("name") {
                g.add(GazClass::City, name);
            }
        }
        for row in Table::shipped("data/kb/place_aliases.tsv", files::PLACE_ALIASES).named_rows() {
            for name in row.list("alias").chain(row.list("name")) {
                g.add(GazClass::City, name);
            }
        }
        for row in Table::shipped("data/kb/igos.tsv", files::IGOS).named_rows() {
            for name in row.list("name").chain(row.list("aliases")) {
                g.add(GazClass::Igo, name.trim_start_matches("the "));
            }
        }
        for row in Table::shipped("data/kb/bodies.tsv", files::BODIES).named_rows() {
            for name in row.list("name").chain(row.list("aliases")) {
                g.add(GazClass::Body, name);
            }
        }
        for row in Table::shipped("data/kb/people.tsv", files::PEOPLE).named_rows() {
            for name in row.list("name").chain(row.list("aliases")) {
                g.add(GazClass::Person, name);
            }
            for name in row.list("family") {
                if name != "-" {
                    g.add(GazClass::Person, name);
                }
            }
        }
        for row in Table::shipped("data/kb/titles.tsv", files::TITLES).named_rows() {
            if row.get("kind") == "role" {
                for name in row.list("title") {
                    g.add(GazClass::Title, name);
                }
            }
        }
        for row in Table::shipped("data/ner/media.tsv", NER_MEDIA).named_rows() {
            for name in row.list("name").chain(row.list("aliases")) {
                g.add(GazClass::Media, name);
            }
        }
        g
    }
}

/// Chronicle's own list of news organisations (`data/ner/media.tsv`).
const NER_MEDIA: &str = include_str!("../../../../data/ner/media.tsv");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kb_gazetteer_knows_the_basics() {
        let g = Gazetteer::from_kb();
        assert!(g.is(GazClass::Country, &["Japan"]));
        assert!(g.is(GazClass::City, &["Seoul"]));
        assert!(g.is(GazClass::Nationality, &["South", "Korean"]));
        assert!(g.is(GazClass::Body, &["State", "Department"]));
        assert!(g.is(GazClass::Title, &["Secretary", "of", "State"]));
        assert!(g.is(GazClass::Media, &["AFP"]));
        assert!(!g.is(GazClass::Country, &["the"]));
    }

    #[test]
    fn finds_longest_matches_and_round_trips() {
        let mut g = Gazetteer::default();
        g.add(GazClass::Country, "Korea");
        g.add(GazClass::Country, "South Korea");
        g.add(GazClass::City, "Seoul");
        let m = g.find(&["in", "South", "Korea", "and", "SEOUL"]);
        assert_eq!(m.len(), 2);
        assert_eq!((m[0].start, m[0].end), (1, 3));
        assert!(m[1].has(GazClass::City));
        let back = Gazetteer::from_text(&g.to_text());
        assert_eq!(back.len(), 3);
        assert!(back.is(GazClass::Country, &["south", "korea"]));
    }
}
