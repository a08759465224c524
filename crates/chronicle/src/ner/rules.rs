//! Rule-found mentions — NORP, TITLE, MONEY, PERCENT, QUANTITY — and how they are merged
//! with the model's PER/ORG/LOC/MISC spans.
//!
//! Name spans (PER, ORG, LOC, MISC, NORP) never overlap one another. Descriptive spans
//! (TITLE, MONEY, PERCENT, QUANTITY) may *contain* name spans ("Foreign Ministry official"
//! holds the ORG "Foreign Ministry"; "28,500 American troops" holds the NORP "American"),
//! but never cut through one.
//!
//! Scores of rule spans: where the model found the same span, its confidence; otherwise
//! a prior per rule, lower for the ambiguous cases (an abbreviation used as an adjective,
//! a plural noun guessed without part-of-speech tags).

use crate::doc::{Article, Entity, Range, Token, TokenKind};
use crate::learn::hash::FastMap;

use super::features::{ascii_fold, case_of, Case};
use super::gazetteer::{tsv_rows, KB_NATIONALITIES, KB_TITLES};

/// The tokens NER works on: the article's tokens, with hyphenated pairs of names split
/// ("AP-Yonhap" → "AP", "-", "Yonhap"), grouped into sentences; POS tags carried over.
#[derive(Debug, Clone, Default)]
pub struct Units<'a> {
    pub tokens: Vec<Token>,
    pub sentences: Vec<std::ops::Range<usize>>,
    /// POS tags per token (borrowed from the article), empty when the article has none.
    pub pos: Vec<&'a str>,
}

impl<'a> Units<'a> {
    pub fn new(article: &'a Article) -> Self {
        let text = &article.text;
        let with_pos = article.pos.len() == article.tokens.len();
        let mut units = Units::default();
        for sentence in &article.sentences {
            let first = units.tokens.len();
            for index in sentence.token_start..sentence.token_end.min(article.tokens.len()) {
                let token = article.tokens[index];
                let tag = if with_pos {
                    article.pos[index].as_str()
                } else {
                    ""
                };
                let mut push = |t: Token, tag: &'a str| {
                    units.tokens.push(t);
                    if with_pos {
                        units.pos.push(tag);
                    }
                };
                match split_point(token.text(text)) {
                    Some(hyphen) => {
                        let h = token.start + hyphen;
                        push(
                            Token {
                                start: token.start,
                                end: h,
                                kind: TokenKind::Word,
                            },
                            tag,
                        );
                        push(
                            Token {
                                start: h,
                                end: h + 1,
                                kind: TokenKind::Punct,
                            },
                            "HYPH",
                        );
                        push(
                            Token {
                                start: h + 1,
                                end: token.end,
                                kind: TokenKind::Word,
                            },
                            tag,
                        );
                    }
                    None => push(token, tag),
                }
            }
            units.sentences.push(first..units.tokens.len());
        }
        units
    }

    /// Words of each sentence.
    pub fn sentence_words<'t>(&self, text: &'t str) -> Vec<Vec<&'t str>> {
        self.sentences
            .iter()
            .map(|r| {
                self.tokens
                    .get(r.clone())
                    .unwrap_or(&[])
                    .iter()
                    .map(|t| t.text(text))
                    .collect()
            })
            .collect()
    }
}

/// Where to split an acronym joined to a name ("AP-Yonhap", "US-Korea"); names that are
/// one name ("Hewlett-Packard", "AFL-CIO", "Si-young") stay whole.
fn split_point(word: &str) -> Option<usize> {
    let hyphen = word.find('-')?;
    let (left, right) = (&word[..hyphen], &word[hyphen + 1..]);
    let acronym =
        left.len() >= 2 && left.len() <= 5 && left.bytes().all(|b| b.is_ascii_uppercase());
    let name = case_of(right) == Case::Title && !right.contains('-');
    (acronym && name).then_some(hyphen)
}

/// A labelled span over article tokens `[start, end)` (global token indices).
#[derive(Debug, Clone, PartialEq)]
pub struct TokSpan {
    pub start: usize,
    pub end: usize,
    pub label: String,
    pub score: f32,
}

impl TokSpan {
    fn new(start: usize, end: usize, label: &str, score: f32) -> Self {
        TokSpan {
            start,
            end,
            label: label.to_string(),
            score,
        }
    }
    fn contains(&self, other: &TokSpan) -> bool {
        self.start <= other.start && other.end <= self.end
    }
    fn overlaps(&self, other: &TokSpan) -> bool {
        self.start < other.end && other.start < self.end
    }
    fn is_name(&self) -> bool {
        matches!(self.label.as_str(), "PER" | "ORG" | "LOC" | "MISC" | "NORP")
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Nationality {
    /// "American", "South Korean", "Americans".
    Word,
    /// "US", "U.S.", "UK": a country name that works as an adjective before a noun.
    Abbreviation,
}

/// Words that may precede a title head and belong to the title.
const TITLE_MODIFIERS: &[&str] = &[
    "deputy",
    "vice",
    "chief",
    "senior",
    "top",
    "acting",
    "assistant",
    "first",
    "principal",
    "special",
    "executive",
    "associate",
    "lead",
    "former",
    "outgoing",
    "incoming",
    "interim",
    "defense",
    "defence",
    "foreign",
    "finance",
    "trade",
    "interior",
    "justice",
    "home",
    "health",
    "education",
    "energy",
    "commerce",
    "treasury",
    "unification",
    "labor",
    "labour",
    "agriculture",
    "transport",
    "economy",
    "industry",
    "environment",
    "culture",
    "state",
    "national",
    "security",
    "economic",
    "nuclear",
];

/// Title heads that make a title even in lower case with nothing before them.
const STRONG_HEADS: &[&str] = &[
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

/// Currency words that follow an amount.
const CURRENCY_WORDS: &[&str] = &[
    "dollar",
    "dollars",
    "dlrs",
    "dlr",
    "cent",
    "cents",
    "euro",
    "euros",
    "yen",
    "won",
    "yuan",
    "renminbi",
    "pound",
    "pounds",
    "sterling",
    "franc",
    "francs",
    "mark",
    "marks",
    "rupee",
    "rupees",
    "rouble",
    "roubles",
    "ruble",
    "rubles",
    "peso",
    "pesos",
    "lira",
    "lire",
    "real",
    "reais",
    "rand",
    "krona",
    "kronor",
    "krone",
    "kroner",
    "shekel",
    "shekels",
    "dinar",
    "dinars",
    "riyal",
    "riyals",
    "ringgit",
    "baht",
    "rupiah",
    "dong",
    "naira",
    "guilders",
    "escudos",
    "pesetas",
    "schillings",
    "drachmas",
    "bitcoin",
];

const CURRENCY_SYMBOLS: &[&str] = &["$", "€", "£", "¥", "₩", "₹", "₽", "US$", "HK$", "A$", "C$"];

const SCALE_WORDS: &[&str] = &[
    "thousand", "million", "billion", "trillion", "mln", "bln", "bn", "mn", "m", "k", "crore",
    "lakh",
];

const NUMBER_WORDS: &[&str] = &[
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "fifteen",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "sixty",
    "seventy",
    "eighty",
    "ninety",
    "hundred",
    "dozens",
    "hundreds",
    "thousands",
    "millions",
    "tens",
];

/// Units that make a number a quantity even in the singular.
const UNITS: &[&str] = &[
    "tonnes",
    "tonne",
    "tons",
    "ton",
    "barrels",
    "barrel",
    "bpd",
    "kilometres",
    "kilometers",
    "kilometre",
    "kilometer",
    "km",
    "miles",
    "mile",
    "metres",
    "meters",
    "metre",
    "meter",
    "kg",
    "kilograms",
    "kilos",
    "grams",
    "pounds",
    "lbs",
    "ounces",
    "oz",
    "acres",
    "hectares",
    "litres",
    "liters",
    "gallons",
    "feet",
    "foot",
    "inches",
    "megawatts",
    "mw",
    "gigawatts",
    "kwh",
    "cubic",
    "square",
    "sq",
    "degrees",
    "bushels",
    "bales",
    "bags",
    "shares",
    "units",
    "people",
    "troops",
];

/// Lower-case words after a number or an abbreviation that are not the counted noun.
const NOT_NOUNS: &[&str] = &[
    "and", "or", "but", "is", "was", "are", "were", "has", "have", "had", "do", "does", "did",
    "will", "would", "can", "could", "should", "may", "might", "must", "to", "of", "in", "on",
    "at", "for", "with", "from", "by", "as", "that", "which", "who", "said", "says", "say", "than",
    "this", "its", "is", "per", "percent", "pct", "a", "an", "the", "not", "also", "plus", "into",
    "over", "under", "after", "before", "since", "until", "while", "when", "where", "if", "so",
    "yet", "be", "been", "being", "less", "this", "these", "those",
];

/// Lower-case adjectives allowed between a number and its noun.
const QUANTITY_MODIFIERS: &[&str] = &[
    "more",
    "additional",
    "new",
    "active",
    "armed",
    "foreign",
    "local",
    "civilian",
    "military",
    "other",
    "young",
    "old",
    "extra",
    "full-time",
    "part-time",
    "registered",
    "international",
    "domestic",
    "unemployed",
    "fewer",
    "former",
    "elderly",
    "metric",
    "short",
    "long",
    "crude",
];

/// The lexicons the rules use.
pub struct Rules {
    nationalities: FastMap<String, Nationality>,
    max_nationality: usize,
    titles: FastMap<String, ()>,
    max_title: usize,
    /// Per lower-cased word, the word lists it is in ([`word_class`] bits): one lookup per
    /// token answers every "is it a ... word" question the rules ask.
    classes: FastMap<String, u16>,
}

/// Bits of [`Rules::classes`].
mod word_class {
    pub const TITLE_MODIFIER: u16 = 1;
    /// First word of a lexicon title (singular or plural), to skip most tokens cheaply.
    pub const TITLE_START: u16 = 1 << 1;
    pub const NUMBER: u16 = 1 << 2;
    pub const SCALE: u16 = 1 << 3;
    pub const CURRENCY: u16 = 1 << 4;
    pub const UNIT: u16 = 1 << 5;
    pub const NOT_NOUN: u16 = 1 << 6;
    pub const QUANTITY_MODIFIER: u16 = 1 << 7;
}

/// The lower-cased, ASCII-folded form of every token of an article (see [`lower`]), in one
/// buffer, and the word classes of each: computed once, read by every rule.
struct Folded {
    text: String,
    ends: Vec<usize>,
    classes: Vec<u16>,
}

impl Folded {
    fn new(words: &[&str], classes: &FastMap<String, u16>) -> Self {
        let mut folded = Folded {
            text: String::with_capacity(words.iter().map(|w| w.len()).sum()),
            ends: Vec::with_capacity(words.len()),
            classes: Vec::with_capacity(words.len()),
        };
        for w in words {
            let start = folded.text.len();
            if w.is_ascii() {
                folded
                    .text
                    .extend(w.chars().map(|c| c.to_ascii_lowercase()));
            } else {
                folded.text.push_str(&lower(w));
            }
            folded.ends.push(folded.text.len());
            let word = folded.text.get(start..).unwrap_or("");
            folded.classes.push(classes.get(word).copied().unwrap_or(0));
        }
        folded
    }

    /// The folded form of token `i` (empty when out of range).
    fn get(&self, i: usize) -> &str {
        let start = match i.checked_sub(1) {
            Some(p) => self.ends.get(p).copied().unwrap_or(usize::MAX),
            None => 0,
        };
        let end = self.ends.get(i).copied().unwrap_or(0);
        self.text.get(start..end).unwrap_or("")
    }

    /// Whether token `i` is in the word lists of `class`.
    fn is(&self, i: usize, class: u16) -> bool {
        self.classes.get(i).is_some_and(|c| c & class != 0)
    }

    /// The key of tokens `range` (folded words joined by spaces) into `key`.
    fn key_into(&self, range: std::ops::Range<usize>, key: &mut String) {
        key.clear();
        for i in range {
            if !key.is_empty() {
                key.push(' ');
            }
            key.push_str(self.get(i));
        }
    }
}

fn key_of(words: &[&str]) -> String {
    let mut key = String::new();
    for (i, w) in words.iter().enumerate() {
        if i > 0 {
            key.push(' ');
        }
        key.push_str(&ascii_fold(w).to_lowercase());
    }
    key
}

fn split_words(name: &str) -> Vec<String> {
    crate::text::tokenize(name)
        .iter()
        .map(|t| t.text(name).to_string())
        .collect()
}

impl Rules {
    /// Nationalities and titles from the knowledge base (`data/kb/`).
    pub fn from_kb() -> Self {
        let mut rules = Rules {
            nationalities: FastMap::default(),
            max_nationality: 1,
            titles: FastMap::default(),
            max_title: 1,
            classes: FastMap::default(),
        };
        let lists: [(&[&str], u16); 7] = [
            (TITLE_MODIFIERS, word_class::TITLE_MODIFIER),
            (NUMBER_WORDS, word_class::NUMBER),
            (SCALE_WORDS, word_class::SCALE),
            (CURRENCY_WORDS, word_class::CURRENCY),
            (UNITS, word_class::UNIT),
            (NOT_NOUNS, word_class::NOT_NOUN),
            (QUANTITY_MODIFIERS, word_class::QUANTITY_MODIFIER),
        ];
        for (list, class) in lists {
            for word in list {
                *rules.classes.entry(word.to_string()).or_default() |= class;
            }
        }
        for row in tsv_rows(KB_NATIONALITIES) {
            for name in row.list("adjectives").chain(row.list("demonyms")) {
                let words = split_words(name);
                let refs: Vec<&str> = words.iter().map(String::as_str).collect();
                let kind = if matches!(case_of(name), Case::Upper | Case::Initial) {
                    Nationality::Abbreviation
                } else {
                    Nationality::Word
                };
                rules.max_nationality = rules.max_nationality.max(refs.len());
                rules.nationalities.entry(key_of(&refs)).or_insert(kind);
            }
            // Country abbreviations work as adjectives too ("UK officials", "ROK forces").
            for name in row.list("aliases") {
                if case_of(name) == Case::Upper {
                    let words = split_words(name);
                    let refs: Vec<&str> = words.iter().map(String::as_str).collect();
                    rules.max_nationality = rules.max_nationality.max(refs.len());
                    rules
                        .nationalities
                        .entry(key_of(&refs))
                        .or_insert(Nationality::Abbreviation);
                }
            }
        }
        for row in tsv_rows(KB_TITLES) {
            if row.get("kind") != Some("role") {
                continue;
            }
            for name in row.list("title") {
                let words = split_words(name);
                let refs: Vec<&str> = words.iter().map(String::as_str).collect();
                rules.max_title = rules.max_title.max(refs.len());
                rules.titles.insert(key_of(&refs), ());
                if let Some(first) = refs.first() {
                    let first = lower(first);
                    let mut starts = vec![first.clone()];
                    if refs.len() == 1 {
                        starts.push(format!("{first}s"));
                        if let Some(stem) = first.strip_suffix('y') {
                            starts.push(format!("{stem}ies"));
                        }
                    }
                    for start in starts {
                        *rules.classes.entry(start).or_default() |= word_class::TITLE_START;
                    }
                }
            }
        }
        rules
    }

    /// Merges `model` spans (indices into `units`) with rule spans into entities.
    pub fn apply(&self, article: &Article, units: &Units, model: Vec<TokSpan>) -> Vec<Entity> {
        let text = &article.text;
        let words: Vec<&str> = units.tokens.iter().map(|t| t.text(text)).collect();
        let folded = Folded::new(&words, &self.classes);
        let pos = (units.pos.len() == words.len()).then_some(units.pos.as_slice());
        let mut key = String::new();
        let mut time_ranges: Vec<Range> = article
            .times
            .iter()
            .map(|t| Range::new(t.start, t.end))
            .collect();
        time_ranges.sort_by_key(|r| (r.start, r.end));
        // Everything is per sentence: spans never cross sentences, and looking only at the
        // sentence's own names keeps long articles linear.
        let mut model = model;
        model.sort_by_key(|s| (s.start, s.end));
        let mut model = model.into_iter().peekable();
        let mut spans = Vec::new();
        for sentence in &units.sentences {
            let range = sentence.start..sentence.end.min(words.len());
            let mut names = Vec::new();
            while let Some(span) = model.next_if(|s| s.start < range.end) {
                if span.start >= range.start && span.end <= range.end {
                    names.push(span);
                }
            }
            if range.is_empty() {
                continue;
            }
            let ctx = Sentence {
                words: &words,
                folded: &folded,
                tokens: &units.tokens,
                pos,
                start: range.start,
                end: range.end,
            };
            let norp = self.nationalities_in(&ctx, &names, &mut key);
            names = merge_norp(names, norp);
            let mut descriptive = self.titles_in(&ctx, &names, &mut key);
            // Only the times inside this sentence can cover its numbers.
            let sentence_bytes = sentence_byte_range(&units.tokens, &range);
            let first_time = time_ranges.partition_point(|t| t.start < sentence_bytes.start);
            let sentence_times: Vec<Range> = time_ranges
                .get(first_time..)
                .unwrap_or(&[])
                .iter()
                .take_while(|t| t.start < sentence_bytes.end)
                .copied()
                .collect();
            descriptive.extend(
                numbers_in(&ctx, &names, &sentence_times)
                    .into_iter()
                    .map(|d| {
                        let core = d.start;
                        (d, core, false)
                    }),
            );
            spans.extend(resolve(names, descriptive, &words));
        }
        let mut out: Vec<Entity> = spans
            .into_iter()
            .filter_map(|s| {
                let first = units.tokens.get(s.start)?;
                let last = units.tokens.get(s.end.checked_sub(1)?)?;
                let range = Range::new(first.start, last.end);
                Some(Entity {
                    start: range.start,
                    end: range.end,
                    text: range.slice(text).to_string(),
                    label: s.label,
                    score: s.score,
                    link: None,
                })
            })
            .collect();
        out.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
        out
    }

    /// `key` is scratch space.
    fn nationalities_in(&self, s: &Sentence, names: &[TokSpan], key: &mut String) -> Vec<TokSpan> {
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
    fn adjectival(
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

    /// The longest title-lexicon match at `i`: its end. `key` is scratch space.
    fn title_at(&self, s: &Sentence, i: usize, key: &mut String) -> Option<usize> {
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
    fn titles_in(
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

struct Sentence<'a> {
    words: &'a [&'a str],
    folded: &'a Folded,
    tokens: &'a [Token],
    pos: Option<&'a [&'a str]>,
    start: usize,
    end: usize,
}

fn lower(word: &str) -> String {
    ascii_fold(word).to_lowercase()
}

fn is_number(s: &Sentence, i: usize) -> bool {
    let w = s.words[i];
    s.tokens.get(i).is_some_and(|t| t.kind == TokenKind::Number)
        || (w.as_bytes().first().is_some_and(u8::is_ascii_digit)
            && w.bytes()
                .all(|b| b.is_ascii_digit() || b == b',' || b == b'.'))
}

/// A number (digits, or number words with a scale) starting at `i`: its end.
fn number_at(s: &Sentence, i: usize) -> Option<usize> {
    if !is_number(s, i) && !s.folded.is(i, word_class::NUMBER) {
        return None;
    }
    let mut end = i + 1;
    let spelled = !is_number(s, i);
    let mut scaled = false;
    while end < s.end && s.folded.is(end, word_class::SCALE) {
        end += 1;
        scaled = true;
    }
    if spelled && !scaled {
        return None;
    }
    Some(end)
}

fn is_year(word: &str) -> bool {
    word.len() == 4
        && word.bytes().all(|b| b.is_ascii_digit())
        && matches!(word.get(..2), Some("18" | "19" | "20"))
}

/// The bytes a sentence of tokens covers (empty when it has none).
fn sentence_byte_range(tokens: &[Token], sentence: &std::ops::Range<usize>) -> Range {
    let start = tokens.get(sentence.start).map_or(0, |t| t.start);
    let end = sentence
        .end
        .checked_sub(1)
        .and_then(|k| tokens.get(k))
        .map_or(start, |t| t.end);
    Range::new(start, end.max(start))
}

fn numbers_in(s: &Sentence, names: &[TokSpan], times: &[Range]) -> Vec<TokSpan> {
    let mut out = Vec::new();
    let in_time = |i: usize| {
        s.tokens
            .get(i)
            .is_some_and(|t| times.iter().any(|r| r.contains(t.range())))
    };
    let mut i = s.start;
    while i < s.end {
        // Currency symbol first: "$5.3 billion", "US$ 20m".
        let symbol_len = if CURRENCY_SYMBOLS.contains(&s.words[i]) {
            1
        } else if i + 1 < s.end
            && matches!(s.words[i], "US" | "HK" | "A" | "C" | "NZ" | "S")
            && s.words[i + 1] == "$"
        {
            2
        } else {
            0
        };
        if symbol_len > 0 {
            if let Some(end) = (i + symbol_len < s.end)
                .then(|| number_at(s, i + symbol_len))
                .flatten()
            {
                out.push(TokSpan::new(i, end, "MONEY", 0.95));
                i = end;
                continue;
            }
        }
        if in_time(i) {
            i += 1;
            continue;
        }
        let Some(num_end) = number_at(s, i) else {
            i += 1;
            continue;
        };
        let after = |k: usize| (k < s.end && k < s.words.len()).then(|| s.folded.get(k));
        // Percentages.
        match after(num_end) {
            Some("%" | "percent" | "pct") => {
                out.push(TokSpan::new(i, num_end + 1, "PERCENT", 0.95));
                i = num_end + 1;
                continue;
            }
            Some("per") if after(num_end + 1) == Some("cent") => {
                out.push(TokSpan::new(i, num_end + 2, "PERCENT", 0.95));
                i = num_end + 2;
                continue;
            }
            Some("percentage") if after(num_end + 1).is_some_and(|w| w.starts_with("point")) => {
                out.push(TokSpan::new(i, num_end + 2, "PERCENT", 0.9));
                i = num_end + 2;
                continue;
            }
            _ => {}
        }
        // Amount + currency word, with up to two capitalised words between ("US dollars").
        let mut j = num_end;
        let mut caps = 0;
        while j < s.end && caps < 2 && s.words[j].chars().next().is_some_and(char::is_uppercase) {
            j += 1;
            caps += 1;
        }
        if j < s.end && s.folded.is(j, word_class::CURRENCY) {
            out.push(TokSpan::new(i, j + 1, "MONEY", 0.9));
            i = j + 1;
            continue;
        }
        // Quantities: number, modifiers, counted noun.
        if is_year(s.words[i]) && num_end == i + 1 {
            i = num_end;
            continue;
        }
        let mut j = num_end;
        let mut modifiers = 0;
        while j < s.end && modifiers < 3 {
            let w = s.words[j];
            let lw = s.folded.get(j);
            let is_norp = names
                .iter()
                .any(|n| n.label == "NORP" && n.start <= j && j < n.end);
            let is_adjective = s
                .pos
                .and_then(|p| p.get(j))
                .is_some_and(|&t| t == "JJ" || t == "JJR" || t == "VBN");
            let hyphenated = lw.contains('-') && case_of(w) == Case::Lower;
            if is_norp
                || is_adjective
                || hyphenated
                || s.folded.is(j, word_class::QUANTITY_MODIFIER)
            {
                j += 1;
                modifiers += 1;
            } else {
                break;
            }
        }
        if j < s.end {
            let w = s.words[j];
            let lw = s.folded.get(j);
            let unit = s.folded.is(j, word_class::UNIT);
            let plural_noun = match s.pos.and_then(|p| p.get(j)) {
                Some(&tag) => tag == "NNS",
                None => {
                    case_of(w) == Case::Lower
                        && lw.len() > 3
                        && lw.ends_with('s')
                        && !lw.ends_with("ss")
                        && !lw.ends_with("us")
                        && !s.folded.is(j, word_class::NOT_NOUN)
                }
            };
            if unit || plural_noun {
                let score = if unit || s.pos.is_some() { 0.85 } else { 0.7 };
                out.push(TokSpan::new(i, j + 1, "QUANTITY", score));
                i = j + 1;
                continue;
            }
        }
        i = num_end;
    }
    out
}

/// NORP spans replace the model spans they cover (an "American" the model called MISC,
/// a "US" it called LOC); a longer model span that contains them ("American Express")
/// wins over them.
fn merge_norp(mut names: Vec<TokSpan>, norp: Vec<TokSpan>) -> Vec<TokSpan> {
    for candidate in norp {
        if names.iter().any(|n| {
            n.contains(&candidate) && (n.end - n.start) > (candidate.end - candidate.start)
        }) {
            continue;
        }
        if names
            .iter()
            .any(|n| n.overlaps(&candidate) && !candidate.contains(n))
        {
            continue;
        }
        let mut score = candidate.score;
        names.retain(|n| {
            if candidate.contains(n) {
                if n.start == candidate.start && n.end == candidate.end {
                    score = score.max(n.score);
                }
                false
            } else {
                true
            }
        });
        names.push(TokSpan { score, ..candidate });
    }
    names
}

/// Descriptive spans keep the names they contain and cut names they cross: a model span
/// that starts inside a title loses its title part ("President Moon" → "Moon"); names that
/// only cover title words ("State" in "Secretary of State") disappear.
fn resolve(
    names: Vec<TokSpan>,
    descriptive: Vec<(TokSpan, usize, bool)>,
    words: &[&str],
) -> Vec<TokSpan> {
    let mut kept_names = Vec::with_capacity(names.len());
    for mut name in names {
        let mut keep = true;
        for (d, core, person_after) in &descriptive {
            if !d.overlaps(&name) || d.contains(&name) && d.label != "TITLE" {
                continue;
            }
            if d.contains(&name) {
                // A name inside a title: kept only when the title was extended over it
                // ("Foreign Ministry official"), i.e. it precedes the lexicon words.
                let extended = name.end <= *core;
                keep &= extended;
                continue;
            }
            if d.label == "TITLE" && name.start >= d.start && name.end > d.end {
                name.start = d.end;
                if *person_after && matches!(name.label.as_str(), "ORG" | "MISC") {
                    name.label = "PER".into();
                }
                keep &= words
                    .get(name.start)
                    .is_some_and(|w| w.chars().next().is_some_and(char::is_uppercase));
            } else if d.label == "TITLE" && name.start < d.start && name.end <= d.end {
                name.end = d.start;
            } else {
                keep = false;
            }
        }
        if keep && name.start < name.end {
            kept_names.push(name);
        }
    }
    // Titles inside a kept name, or crossing one, go.
    let mut out: Vec<TokSpan> = descriptive
        .into_iter()
        .map(|(d, _, _)| d)
        .filter(|d| !kept_names.iter().any(|n| n.overlaps(d) && !d.contains(n)))
        .collect();
    out.extend(kept_names.into_iter().filter(TokSpan::is_name));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::Article;

    fn article(text: &str) -> Article {
        let mut a = Article::new(text.to_string());
        crate::text::annotate(&mut a);
        a
    }

    fn labelled(entities: &[Entity]) -> Vec<(String, String)> {
        entities
            .iter()
            .map(|e| (e.text.clone(), e.label.clone()))
            .collect()
    }

    fn has(entities: &[Entity], text: &str, label: &str) -> bool {
        entities.iter().any(|e| e.text == text && e.label == label)
    }

    #[test]
    fn numbers_money_percent_quantity() {
        let a = article(
            "The fund paid $5.3 billion and 200 million yen, up 4.5% from 1999, to ship \
             3,000 tonnes and 12 armored vehicles for 40,000 Dutch soldiers.",
        );
        let e = Rules::from_kb().apply(&a, &Units::new(&a), Vec::new());
        assert!(has(&e, "$5.3 billion", "MONEY"), "{:?}", labelled(&e));
        assert!(has(&e, "200 million yen", "MONEY"), "{:?}", labelled(&e));
        assert!(has(&e, "4.5%", "PERCENT"), "{:?}", labelled(&e));
        assert!(has(&e, "3,000 tonnes", "QUANTITY"), "{:?}", labelled(&e));
        assert!(
            has(&e, "40,000 Dutch soldiers", "QUANTITY"),
            "{:?}",
            labelled(&e)
        );
        assert!(has(&e, "Dutch", "NORP"), "{:?}", labelled(&e));
        assert!(
            !e.iter().any(|x| x.text.contains("1999")),
            "{:?}",
            labelled(&e)
        );
    }

    #[test]
    fn titles_and_adjectival_abbreviations() {
        let a = article(
            "The US envoy met Japan's chief negotiator and a Trade Ministry spokesman. \
             The US and Japan agreed.",
        );
        // The model said: US (LOC, twice), Japan (LOC, twice), Trade Ministry (ORG).
        let tok = |w: &str, nth: usize| {
            a.tokens
                .iter()
                .enumerate()
                .filter(|(_, t)| t.text(&a.text) == w)
                .nth(nth)
                .map(|(i, _)| i)
                .unwrap()
        };
        let model = vec![
            TokSpan::new(tok("US", 0), tok("US", 0) + 1, "LOC", 0.8),
            TokSpan::new(tok("Japan", 0), tok("Japan", 0) + 1, "LOC", 0.9),
            TokSpan::new(tok("Trade", 0), tok("Trade", 0) + 2, "ORG", 0.7),
            TokSpan::new(tok("US", 1), tok("US", 1) + 1, "LOC", 0.8),
            TokSpan::new(tok("Japan", 1), tok("Japan", 1) + 1, "LOC", 0.9),
        ];
        let e = Rules::from_kb().apply(&a, &Units::new(&a), model);
        let l = labelled(&e);
        assert_eq!(
            e.iter()
                .filter(|x| x.text == "US" && x.label == "NORP")
                .count(),
            1,
            "{l:?}"
        );
        assert_eq!(
            e.iter()
                .filter(|x| x.text == "US" && x.label == "LOC")
                .count(),
            1,
            "{l:?}"
        );
        assert!(has(&e, "envoy", "TITLE"), "{l:?}");
        assert!(has(&e, "chief negotiator", "TITLE"), "{l:?}");
        assert!(has(&e, "Trade Ministry spokesman", "TITLE"), "{l:?}");
        assert!(has(&e, "Trade Ministry", "ORG"), "{l:?}");
    }

    #[test]
    fn titles_trim_person_spans_and_swallow_title_words() {
        let a = article("Defense Secretary Ann Lee met President Kim.");
        let at = |w: &str| a.tokens.iter().position(|t| t.text(&a.text) == w).unwrap();
        let model = vec![
            TokSpan::new(at("Defense"), at("Defense") + 1, "ORG", 0.5),
            TokSpan::new(at("Ann"), at("Lee") + 1, "PER", 0.9),
            TokSpan::new(at("President"), at("Kim") + 1, "ORG", 0.6),
        ];
        let e = Rules::from_kb().apply(&a, &Units::new(&a), model);
        let l = labelled(&e);
        assert!(has(&e, "Defense Secretary", "TITLE"), "{l:?}");
        assert!(has(&e, "President", "TITLE"), "{l:?}");
        assert!(has(&e, "Kim", "PER"), "{l:?}");
        assert!(has(&e, "Ann Lee", "PER"), "{l:?}");
        assert!(!e.iter().any(|x| x.label == "ORG"), "{l:?}");
    }

    #[test]
    fn splits_acronym_name_pairs_only() {
        assert_eq!(split_point("AP-Yonhap"), Some(2));
        assert_eq!(split_point("US-Korea"), Some(2));
        assert_eq!(split_point("Hewlett-Packard"), None);
        assert_eq!(split_point("AFL-CIO"), None);
        assert_eq!(split_point("Si-young"), None);
        let a = article("(AP-Yonhap) said");
        let units = Units::new(&a);
        let words = units.sentence_words(&a.text);
        assert_eq!(words[0], vec!["(", "AP", "-", "Yonhap", ")", "said"]);
    }

    #[test]
    fn nothing_panics_on_odd_text() {
        let rules = Rules::from_kb();
        for text in [
            "",
            "$",
            "US",
            "5",
            "12 %",
            "the US",
            "$ $ 5 million",
            "Presidents",
        ] {
            let a = article(text);
            let n = a.tokens.len();
            rules.apply(&a, &Units::new(&a), vec![TokSpan::new(0, n, "PER", 0.5)]);
        }
    }
}
