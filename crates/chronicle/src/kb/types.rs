//! The KB's data: entries and their kinds, titles, matcher targets, and the loaded [`Kb`]
//! with its look-ups.

use std::collections::HashMap;
use std::path::PathBuf;

use crate::date::Date;

use super::matcher::{normalize_pattern, Case, Matcher};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryKind {
    Country,
    Place,
    Igo,
    Body,
    Person,
    /// A coded actor from a Phoenix dictionary that is not a country or person (group, firm).
    Actor,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gender {
    Male,
    Female,
}

/// One office held for a time.
#[derive(Debug, Clone, PartialEq)]
pub struct Tenure {
    pub code: String,
    /// head_state, head_gov, vice_president, foreign, defence, security, igo_head, other, "".
    pub class: String,
    pub role: Option<String>,
    pub start: Option<Date>,
    pub end: Option<Date>,
}

impl Tenure {
    pub fn valid_on(&self, day: Date) -> bool {
        self.start.is_none_or(|s| s <= day) && self.end.is_none_or(|e| day <= e)
    }
}

/// A KB record.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub id: String,
    pub name: String,
    pub kind: EntryKind,
    /// ISO alpha-3 (or an IGO code for IGO officials).
    pub country: Option<String>,
    /// CAMEO code (countries: the CAMEO country code; places: their country's).
    pub code: Option<String>,
    pub sectors: Vec<String>,
    /// Body kind ("presidential office"), IGO kind.
    pub role: Option<String>,
    pub tenures: Vec<Tenure>,
    pub gender: Option<Gender>,
    pub family: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    /// For places: the country whose capital this is.
    pub capital_of: Option<String>,
    /// For countries: the capital's entry.
    pub capital: Option<usize>,
}

impl Entry {
    pub(crate) fn new(id: String, name: String, kind: EntryKind) -> Entry {
        Entry {
            id,
            name,
            kind,
            country: None,
            code: None,
            sectors: Vec::new(),
            role: None,
            tenures: Vec::new(),
            gender: None,
            family: None,
            lat: None,
            lon: None,
            capital_of: None,
            capital: None,
        }
    }

    /// The tenure valid on `day` (the latest-starting one when several are). Without a day
    /// (an undated text) the latest office actually held: news names people while they act in
    /// a role, and says "former" when they no longer do, so a closing "elite" tenure (`…ELI`,
    /// the years after office) is taken only when there is no other.
    pub fn tenure_on(&self, day: Option<Date>) -> Option<&Tenure> {
        match day {
            Some(d) => self
                .tenures
                .iter()
                .filter(|t| t.valid_on(d))
                .max_by_key(|t| t.start),
            None => self
                .tenures
                .iter()
                .filter(|t| !t.code.ends_with("ELI"))
                .max_by_key(|t| t.start)
                .or_else(|| self.tenures.iter().max_by_key(|t| t.start)),
        }
    }
}

/// A title or group noun and what it implies.
#[derive(Debug, Clone, PartialEq)]
pub struct Title {
    pub text: String,
    pub sectors: Vec<String>,
    /// A noun for a body of people ("troops", "counterparts") rather than one person's title.
    pub group: bool,
    pub class: Option<String>,
}

/// How a pattern refers to its entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// The name or an alias.
    Name,
    /// "South Korean".
    Adjective,
    /// "South Koreans".
    Demonym,
    /// A person's family name used alone ("Moon").
    Family,
    /// A title; `entry` indexes [`Kb::titles`].
    Title,
    /// The plural of a title ("Presidents"); `entry` indexes [`Kb::titles`].
    TitlePlural,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Target {
    pub entry: usize,
    pub form: Form,
    pub case: Case,
    /// Came from a user dictionary (wins over the defaults for the same pattern).
    pub user: bool,
}

/// The loaded knowledge base with its compiled matcher.
#[derive(Debug)]
pub struct Kb {
    pub entries: Vec<Entry>,
    pub titles: Vec<Title>,
    /// CAMEO sector code → name.
    pub sectors: HashMap<String, String>,
    /// ISO alpha-3 (and CAMEO country code) → country entry.
    pub countries: HashMap<String, usize>,
    /// Lower-cased family name → person entries.
    pub families: HashMap<String, Vec<usize>>,
    /// Lower-cased last word of a dated dictionary person with no family name of its own
    /// ("reagan" → Ronald Reagan): read only after a title ("President Reagan").
    #[doc(hidden)]
    pub surnames: HashMap<String, Vec<usize>>,
    pub matcher: Matcher,
    /// Targets of each matcher pattern.
    pub targets: Vec<Vec<Target>>,
    /// Problems met in user dictionaries (`file:line: message`).
    pub warnings: Vec<String>,
    /// Lower-cased place name or alias → place entries (most populous first).
    pub places: HashMap<String, Vec<usize>>,
}

/// Where the KB comes from.
#[derive(Debug, Clone, Default)]
pub struct KbOptions {
    /// Directories of Phoenix-format dictionaries (`*.txt`) that extend the defaults; their
    /// entries replace default entries with the same name.
    pub dictionaries: Vec<PathBuf>,
    /// Leave out the converted Phoenix dictionaries that ship with Chronicle.
    pub no_default_phoenix: bool,
}

impl Kb {
    /// The place best known by `name` (capitals first, then the earliest listed, i.e. the
    /// most populous city of that name).
    pub fn place(&self, name: &str) -> Option<&Entry> {
        let list = self.places.get(&normalize_pattern(name).to_lowercase())?;
        let best = list
            .iter()
            .filter_map(|&i| self.entries.get(i))
            .min_by_key(|e| e.capital_of.is_none())?;
        Some(best)
    }

    pub fn entry(&self, index: usize) -> Option<&Entry> {
        self.entries.get(index)
    }

    pub fn title(&self, index: usize) -> Option<&Title> {
        self.titles.get(index)
    }

    pub fn country(&self, code: &str) -> Option<&Entry> {
        self.countries.get(code).and_then(|&i| self.entries.get(i))
    }

    /// Targets of a hit whose own case policy accepts the matched text.
    pub fn targets_for<'k>(
        &'k self,
        pattern: usize,
        matched: &'k str,
    ) -> impl Iterator<Item = &'k Target> + 'k {
        self.targets
            .get(pattern)
            .into_iter()
            .flatten()
            .filter(move |t| t.case.accepts(matched))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tenure(code: &str, start: (i32, u32, u32), end: Option<(i32, u32, u32)>) -> Tenure {
        Tenure {
            code: code.into(),
            class: String::new(),
            role: None,
            start: Date::new(start.0, start.1, start.2),
            end: end.and_then(|(y, m, d)| Date::new(y, m, d)),
        }
    }

    #[test]
    fn an_undated_text_takes_the_latest_office_held_not_the_years_after() {
        let mut e = Entry::new("kb:person/x".into(), "X".into(), EntryKind::Person);
        e.tenures = vec![
            tenure("GBRGOV", (1990, 1, 1), Some((1997, 5, 2))),
            tenure("GBROPP", (1997, 5, 2), Some((2005, 12, 6))),
            tenure("GBRELI", (2005, 12, 6), None),
        ];
        assert_eq!(e.tenure_on(None).map(|t| t.code.as_str()), Some("GBROPP"));
        let day = Date::new(2007, 1, 1);
        assert_eq!(e.tenure_on(day).map(|t| t.code.as_str()), Some("GBRELI"));
    }
}
