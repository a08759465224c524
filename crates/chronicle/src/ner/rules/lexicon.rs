//! The lexicons the rules read: nationalities, titles and the word class of every listed
//! word, built once by [`Rules::from_kb`].

use crate::learn::hash::FastMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Nationality {
    /// "American", "South Korean", "Americans".
    Word,
    /// "US", "U.S.", "UK": a country name that works as an adjective before a noun.
    Abbreviation,
}

/// The lexicons the rules use.
pub struct Rules {
    pub(super) nationalities: FastMap<String, Nationality>,
    pub(super) max_nationality: usize,
    pub(super) titles: FastMap<String, ()>,
    pub(super) max_title: usize,
    /// Per lower-cased word, the word lists it is in ([`word_class`](super::words::word_class) bits): one lookup per
    /// token answers every "is it a ... word" question the rules ask.
    pub(super) classes: FastMap<String, u16>,
}
