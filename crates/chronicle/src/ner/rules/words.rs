//! Words as the rules see them: the word lists, the class bits that index them, the
//! lower-cased, folded tokens of an article and the sentence view over them.

use crate::doc::Token;
use crate::learn::hash::FastMap;
use crate::ner::features::ascii_fold;

/// Words that may precede a title head and belong to the title.
pub(super) const TITLE_MODIFIERS: &[&str] = &[
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

/// Currency words that follow an amount.
pub(super) const CURRENCY_WORDS: &[&str] = &[
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

pub(super) const SCALE_WORDS: &[&str] = &[
    "thousand", "million", "billion", "trillion", "mln", "bln", "bn", "mn", "m", "k", "crore",
    "lakh",
];

pub(super) const NUMBER_WORDS: &[&str] = &[
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
pub(super) const UNITS: &[&str] = &[
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
pub(super) const NOT_NOUNS: &[&str] = &[
    "and", "or", "but", "is", "was", "are", "were", "has", "have", "had", "do", "does", "did",
    "will", "would", "can", "could", "should", "may", "might", "must", "to", "of", "in", "on",
    "at", "for", "with", "from", "by", "as", "that", "which", "who", "said", "says", "say", "than",
    "this", "its", "is", "per", "percent", "pct", "a", "an", "the", "not", "also", "plus", "into",
    "over", "under", "after", "before", "since", "until", "while", "when", "where", "if", "so",
    "yet", "be", "been", "being", "less", "this", "these", "those",
];

/// Lower-case adjectives allowed between a number and its noun.
pub(super) const QUANTITY_MODIFIERS: &[&str] = &[
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

/// Bits of [`Rules::classes`](super::lexicon::Rules::classes).
pub(super) mod word_class {
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
pub(super) struct Folded {
    text: String,
    ends: Vec<usize>,
    classes: Vec<u16>,
}

impl Folded {
    pub(super) fn new(words: &[&str], classes: &FastMap<String, u16>) -> Self {
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
    pub(super) fn get(&self, i: usize) -> &str {
        let start = match i.checked_sub(1) {
            Some(p) => self.ends.get(p).copied().unwrap_or(usize::MAX),
            None => 0,
        };
        let end = self.ends.get(i).copied().unwrap_or(0);
        self.text.get(start..end).unwrap_or("")
    }

    /// Whether token `i` is in the word lists of `class`.
    pub(super) fn is(&self, i: usize, class: u16) -> bool {
        self.classes.get(i).is_some_and(|c| c & class != 0)
    }

    /// The key of tokens `range` (folded words joined by spaces) into `key`.
    pub(super) fn key_into(&self, range: std::ops::Range<usize>, key: &mut String) {
        key.clear();
        for i in range {
            if !key.is_empty() {
                key.push(' ');
            }
            key.push_str(self.get(i));
        }
    }
}

pub(super) fn key_of(words: &[&str]) -> String {
    let mut key = String::new();
    for (i, w) in words.iter().enumerate() {
        if i > 0 {
            key.push(' ');
        }
        key.push_str(&ascii_fold(w).to_lowercase());
    }
    key
}

pub(super) fn split_words(name: &str) -> Vec<String> {
    crate::text::tokenize(name)
        .iter()
        .map(|t| t.text(name).to_string())
        .collect()
}

/// One sentence of an article as the rules read it.
pub(super) struct Sentence<'a> {
    pub(super) words: &'a [&'a str],
    pub(super) folded: &'a Folded,
    pub(super) tokens: &'a [Token],
    pub(super) pos: Option<&'a [&'a str]>,
    pub(super) start: usize,
    pub(super) end: usize,
}

pub(super) fn lower(word: &str) -> String {
    ascii_fold(word).to_lowercase()
}
