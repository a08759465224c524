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

mod lexicon;
mod merge;
mod norp;
mod numbers;
mod titles;
mod units;
mod words;

pub use units::{TokSpan, Units};

use crate::doc::{Article, Entity, EntityLabel, Range, Token};
use crate::kb::files;
use crate::kb::table::Table;
use crate::learn::hash::FastMap;
use crate::ner::features::{case_of, Case};
use lexicon::Nationality;
pub use lexicon::Rules;
use merge::{merge_norp, resolve};
use numbers::numbers_in;
use words::{
    key_of, lower, split_words, word_class, Folded, Sentence, CURRENCY_WORDS, NOT_NOUNS,
    NUMBER_WORDS, QUANTITY_MODIFIERS, SCALE_WORDS, TITLE_MODIFIERS, UNITS,
};

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
        for row in Table::shipped("data/kb/nationalities.tsv", files::NATIONALITIES).named_rows() {
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
        for row in Table::shipped("data/kb/titles.tsv", files::TITLES).named_rows() {
            if row.get("kind") != "role" {
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
                    label: EntityLabel::parse(&s.label),
                    score: s.score,
                    link: None,
                })
            })
            .collect();
        out.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
        out
    }
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

#[cfg(test)]
mod tests {
    use super::units::split_point;
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
            .map(|e| (e.text.clone(), e.label.to_string()))
            .collect()
    }

    fn has(entities: &[Entity], text: &str, label: &str) -> bool {
        entities
            .iter()
            .any(|e| e.text == text && e.label.as_str() == label)
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
                .filter(|x| x.text == "US" && x.label == EntityLabel::Norp)
                .count(),
            1,
            "{l:?}"
        );
        assert_eq!(
            e.iter()
                .filter(|x| x.text == "US" && x.label == EntityLabel::Loc)
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
        assert!(!e.iter().any(|x| x.label == EntityLabel::Org), "{l:?}");
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
