//! The event lexicon: trigger words and phrases with their CAMEO codes, loaded once.
//!
//! Three sources, in order of precedence:
//! 1. `data/events/lexicon.tsv` — Chronicle's own entries: nominalisations ("talks", "summit"),
//!    phrases ("see eye to eye", "flew to"), corrections of noisy dictionary defaults, and
//!    words that must never trigger (`stop`);
//! 2. `data/events/verbs.tsv` — the verb patterns converted from Phoenix's `CAMEO.2.0.txt`
//!    (or a user's PETRARCH dictionary given with `--dictionaries`);
//! 3. `data/events/plover.tsv` — CAMEO → PLOVER type, mode and context.

use std::path::Path;

use super::petrarch::{inflect, Pattern, VerbDictionary};
use super::plover::{PloverEntry, PloverTable};
use crate::error::{Error, Result};
use crate::learn::hash::{WordMap, WordSet};

pub const DEFAULT_VERBS: &str = include_str!("../../../../data/events/verbs.tsv");
pub const DEFAULT_PLOVER: &str = include_str!("../../../../data/events/plover.tsv");
pub const DEFAULT_LEXICON: &str = include_str!("../../../../data/events/lexicon.tsv");

/// The patterns of one verb block, indexed by a literal word each needs.
#[derive(Debug, Clone, Default)]
struct BlockPatterns {
    patterns: Vec<Pattern>,
    /// Anchor key (a literal word without a final "s") → patterns needing that word.
    by_anchor: WordMap<String, Vec<u32>>,
    /// Patterns without a literal word (only synonym sets): always tried.
    unanchored: Vec<u32>,
}

fn anchor_key(word: &str) -> &str {
    word.strip_suffix('s').unwrap_or(word)
}

impl BlockPatterns {
    fn new(patterns: Vec<Pattern>) -> Self {
        let mut by_anchor: WordMap<String, Vec<u32>> = WordMap::default();
        let mut unanchored = Vec::new();
        for (i, p) in patterns.iter().enumerate() {
            let anchor = p
                .after
                .iter()
                .chain(p.before.iter())
                .find(|w| !w.starts_with('&') && !w.contains('/'));
            match anchor {
                Some(w) => by_anchor
                    .entry(anchor_key(w).to_string())
                    .or_default()
                    .push(i as u32),
                None if !p.before.is_empty() || !p.after.is_empty() => unanchored.push(i as u32),
                None => {}
            }
        }
        BlockPatterns {
            patterns,
            by_anchor,
            unanchored,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TriggerKind {
    Verb,
    Noun,
}

/// Properties of an entry that change how its arguments are read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Flags {
    /// Both sides act ("meet", "talks"): a compound subject without object is split.
    pub symmetric: bool,
    /// A place after the trigger is a destination and its country the target ("flew to").
    pub motion: bool,
    /// The code to use when the trigger is negated ("do not see eye to eye" → disagree).
    pub negated_code: Option<String>,
    /// The subject receives rather than acts ("X hosts" = visit of others to X).
    pub host: bool,
}

#[derive(Debug, Clone)]
pub struct Entry {
    pub words: Vec<String>,
    pub kind: TriggerKind,
    pub code: Option<String>,
    /// Index into the verb dictionary's blocks, for pattern refinement.
    pub block: Option<usize>,
    pub flags: Flags,
    pub own: bool,
}

/// A trigger found in a sentence.
#[derive(Debug, Clone)]
pub struct Match<'l> {
    pub entry: &'l Entry,
    /// Token range (relative to the sentence) the trigger covers.
    pub start: usize,
    pub end: usize,
    /// The code after pattern refinement (None = vetoed).
    pub code: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    by_first: WordMap<String, Vec<Entry>>,
    synsets: WordMap<String, WordSet<String>>,
    patterns: Vec<BlockPatterns>,
    stop: WordSet<String>,
    light: WordSet<String>,
    /// Single-word verb forms, for the fallback tagger.
    verb_forms: WordSet<String>,
    pub plover: PloverTable,
    /// Malformed lines skipped in user verb dictionaries (`file:line: message`).
    pub warnings: Vec<String>,
}

fn parse_flags(fields: &[&str]) -> Flags {
    let mut flags = Flags::default();
    for f in fields.iter().flat_map(|f| f.split_whitespace()) {
        match f {
            "sym" => flags.symmetric = true,
            "motion" => flags.motion = true,
            "host" => flags.host = true,
            _ => {
                if let Some(code) = f.strip_prefix("neg=") {
                    flags.negated_code = Some(code.to_string());
                }
            }
        }
    }
    flags
}

/// Plural forms of a noun's last word.
fn pluralize(word: &str) -> Vec<String> {
    let mut out = vec![word.to_string()];
    if word.ends_with('s') || word.ends_with("sh") || word.ends_with("ch") || word.ends_with('x') {
        out.push(format!("{word}es"));
    } else if let Some(stem) = word.strip_suffix('y') {
        if !stem.ends_with(['a', 'e', 'o', 'u']) {
            out.push(format!("{stem}ies"));
        } else {
            out.push(format!("{word}s"));
        }
    } else {
        out.push(format!("{word}s"));
    }
    out
}

impl Lexicon {
    /// The lexicon that ships with Chronicle.
    pub fn standard() -> Result<Self> {
        let verbs =
            VerbDictionary::from_compact(DEFAULT_VERBS, Path::new("data/events/verbs.tsv"))?;
        Self::build(verbs)
    }

    /// Our own entries and PLOVER table with a caller's verb dictionary.
    pub fn build(verbs: VerbDictionary) -> Result<Self> {
        let plover =
            PloverTable::from_compact(DEFAULT_PLOVER, Path::new("data/events/plover.tsv"))?;
        let mut lex = Lexicon {
            plover,
            ..Default::default()
        };
        lex.add_own(DEFAULT_LEXICON, Path::new("data/events/lexicon.tsv"))?;
        lex.add_verbs(verbs);
        Ok(lex)
    }

    /// Reads every PETRARCH verb dictionary in `dir` (files whose name contains "verb" or
    /// starts with "CAMEO", any case) instead of the default one; a folder without one keeps
    /// the default verbs (it may hold only actor and agent dictionaries).
    pub fn from_dictionary_dir(dir: &Path) -> Result<Self> {
        let entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
        let mut names: Vec<_> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                let name = p
                    .file_name()
                    .and_then(|n| n.to_str())
                    .unwrap_or("")
                    .to_ascii_lowercase();
                p.is_file() && (name.contains("verb") || name.starts_with("cameo"))
            })
            .collect();
        names.sort();
        if names.is_empty() {
            // a folder of actor/agent dictionaries only: keep the default verbs
            return Self::standard();
        }
        let mut merged = VerbDictionary::default();
        let mut warnings = Vec::new();
        for path in names {
            let bytes = std::fs::read(&path).map_err(|e| Error::io(&path, e))?;
            let text = String::from_utf8_lossy(&bytes);
            // Users' dictionaries carry comment blocks and the odd broken line: skip and warn.
            let (d, w) = super::petrarch::parse_petrarch_lenient(&text, &path);
            warnings.extend(w);
            merged.synsets.extend(d.synsets);
            merged.blocks.extend(d.blocks);
        }
        let mut lexicon = Self::build(merged)?;
        lexicon.warnings = warnings;
        Ok(lexicon)
    }

    fn push(&mut self, entry: Entry) {
        // a stray punctuation "word" would trigger on every comma
        let wordlike = entry.words.iter().all(|w| {
            w.chars().any(char::is_alphabetic)
                && w.chars()
                    .all(|c| c.is_alphanumeric() || matches!(c, '-' | '\'' | '.'))
        });
        if !wordlike {
            return;
        }
        if entry.kind == TriggerKind::Verb {
            if let [only] = entry.words.as_slice() {
                self.verb_forms.insert(only.clone());
            }
        }
        if let Some(first) = entry.words.first() {
            self.by_first.entry(first.clone()).or_default().push(entry);
        }
    }

    fn add_own(&mut self, text: &str, path: &Path) -> Result<()> {
        let mut irregular: WordMap<String, Vec<String>> = WordMap::default();
        for (index, line) in text.lines().enumerate() {
            let line = line.split('#').next().unwrap_or("").trim_end();
            if line.trim().is_empty() {
                continue;
            }
            let fields: Vec<&str> = line.split('\t').collect();
            let kind = fields.first().copied().unwrap_or("");
            let words: Vec<String> = fields
                .get(1)
                .unwrap_or(&"")
                .split_whitespace()
                .map(str::to_ascii_lowercase)
                .collect();
            let err = |message: &str| Error::Parse {
                path: path.to_path_buf(),
                line: index + 1,
                message: message.to_string(),
            };
            if words.is_empty() {
                return Err(err("no words"));
            }
            let code = fields
                .get(2)
                .map(|c| c.trim())
                .filter(|c| !c.is_empty() && *c != "-")
                .map(str::to_string);
            let flags = parse_flags(fields.get(3..).unwrap_or(&[]));
            match kind {
                "irregular" => {
                    let (base, forms) = words.split_first().ok_or_else(|| err("no base"))?;
                    irregular.insert(base.clone(), forms.to_vec());
                }
                "stop" => {
                    self.stop.insert(words.join(" "));
                }
                "light" => {
                    let base = words.join(" ");
                    let forms = irregular.get(&base).cloned().unwrap_or_default();
                    for f in inflect(&base).into_iter().chain(forms) {
                        self.verb_forms.insert(f.clone());
                        self.light.insert(f);
                    }
                }
                "verb" => {
                    let (head, rest) = words.split_first().ok_or_else(|| err("no words"))?;
                    let mut heads = inflect(head);
                    if let Some(forms) = irregular.get(head) {
                        heads.extend(forms.iter().cloned());
                    }
                    heads.sort();
                    heads.dedup();
                    for h in heads {
                        let mut w = vec![h];
                        w.extend(rest.iter().cloned());
                        self.push(Entry {
                            words: w,
                            kind: TriggerKind::Verb,
                            code: code.clone(),
                            block: None,
                            flags: flags.clone(),
                            own: true,
                        });
                    }
                }
                "noun" => {
                    let (last, init) = words.split_last().ok_or_else(|| err("no words"))?;
                    for l in pluralize(last) {
                        let mut w = init.to_vec();
                        w.push(l);
                        self.push(Entry {
                            words: w,
                            kind: TriggerKind::Noun,
                            code: code.clone(),
                            block: None,
                            flags: flags.clone(),
                            own: true,
                        });
                    }
                }
                other => return Err(err(&format!("unknown entry kind {other:?}"))),
            }
        }
        Ok(())
    }

    fn add_verbs(&mut self, verbs: VerbDictionary) {
        for (name, members) in verbs.synsets {
            self.synsets.entry(name).or_default().extend(members);
        }
        for block in verbs.blocks {
            let index = self.patterns.len();
            self.patterns.push(BlockPatterns::new(block.patterns));
            for form in block.forms {
                for surface in form.surfaces {
                    if surface.is_empty() {
                        continue;
                    }
                    self.push(Entry {
                        words: surface,
                        kind: TriggerKind::Verb,
                        code: form.code.clone().or_else(|| block.code.clone()),
                        block: Some(index),
                        flags: Flags::default(),
                        own: false,
                    });
                }
            }
        }
    }

    /// Is this word (lower case) a light verb form ("held", "holds", "launch")?
    pub fn is_light_verb(&self, word: &str) -> bool {
        self.light.contains(word)
    }

    /// Does any trigger pattern start with this word (lower case)?
    pub fn starts_trigger(&self, word: &str) -> bool {
        self.by_first.contains_key(word)
    }

    /// Does a noun trigger start with this word?
    pub fn is_noun_trigger(&self, word: &str) -> bool {
        self.by_first
            .get(word)
            .is_some_and(|entries| entries.iter().any(|e| e.kind == TriggerKind::Noun))
    }

    /// Is this word a form of any verb the lexicon knows?
    pub fn is_known_verb(&self, word: &str) -> bool {
        self.verb_forms.contains(word)
    }

    fn word_matches(&self, pattern_word: &str, token: &str) -> bool {
        if let Some(set) = pattern_word.strip_prefix('&') {
            return self.synsets.get(set).is_some_and(|m| {
                m.contains(token) || token.strip_suffix('s').is_some_and(|t| m.contains(t))
            });
        }
        if pattern_word.contains('/') {
            return pattern_word.split('/').any(|p| self.word_matches(p, token));
        }
        pattern_word == token
            || token.strip_suffix('s') == Some(pattern_word)
            || token.strip_suffix("es") == Some(pattern_word)
            || pattern_word.strip_suffix('s') == Some(token)
    }

    /// The best pattern of `block` around the trigger at `[start, end)` in `words`, limited
    /// to `[lo, hi)` (the clause). Returns the number of words matched and the code.
    fn refine(
        &self,
        block: usize,
        words: &[String],
        start: usize,
        end: usize,
        lo: usize,
        hi: usize,
    ) -> Option<(usize, Option<String>)> {
        const WINDOW: usize = 8;
        let block = self.patterns.get(block)?;
        let limit = hi.min(end + WINDOW);
        let floor = lo.max(start.saturating_sub(WINDOW));
        // candidate patterns: those anchored on a word of the window, plus unanchored ones
        let mut candidates: Vec<u32> = block.unanchored.clone();
        for i in (floor..start).chain(end..limit) {
            let Some(w) = words.get(i) else { continue };
            let keys = [Some(w.as_str()), w.strip_suffix('s'), w.strip_suffix("es")];
            for key in keys.into_iter().flatten() {
                if let Some(list) = block.by_anchor.get(key) {
                    candidates.extend_from_slice(list);
                }
            }
        }
        candidates.sort_unstable();
        candidates.dedup();
        let mut best: Option<(usize, Option<String>)> = None;
        for pattern in candidates
            .iter()
            .filter_map(|&k| block.patterns.get(k as usize))
        {
            let mut pos = end;
            let mut ok = true;
            for pw in &pattern.after {
                match (pos..limit).find(|&i| {
                    words
                        .get(i)
                        .is_some_and(|w| self.word_matches(pw, w.as_str()))
                }) {
                    Some(i) => pos = i + 1,
                    None => {
                        ok = false;
                        break;
                    }
                }
            }
            if !ok {
                continue;
            }
            let mut pos = start;
            for pw in pattern.before.iter().rev() {
                match (floor..pos).rev().find(|&i| {
                    words
                        .get(i)
                        .is_some_and(|w| self.word_matches(pw, w.as_str()))
                }) {
                    Some(i) => pos = i,
                    None => {
                        ok = false;
                        break;
                    }
                }
            }
            if !ok {
                continue;
            }
            let score = pattern.before.len() + pattern.after.len();
            if score > 0 && best.as_ref().is_none_or(|(s, _)| score > *s) {
                best = Some((score, pattern.code.clone()));
            }
        }
        best
    }

    /// All triggers in `words` (lower-cased tokens of a sentence), longest match first,
    /// non-overlapping. `keep` drops candidates before the (costly) pattern refinement;
    /// `bounds` gives each token's clause bounds for pattern matching.
    pub fn find<'l>(
        &'l self,
        words: &[String],
        keep: &dyn Fn(&Entry, usize) -> bool,
        bounds: &dyn Fn(usize) -> (usize, usize),
    ) -> Vec<Match<'l>> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < words.len() {
            let Some(word) = words.get(i) else { break };
            let mut best: Option<&Entry> = None;
            if let Some(entries) = self.by_first.get(word.as_str()) {
                // a word that is both a verb form and a noun ("talks", "visit"): read it as a verb
                // after a subject-like word or an auxiliary, else as a noun
                let verb_context = i
                    .checked_sub(1)
                    .and_then(|p| words.get(p))
                    .is_some_and(|p| {
                        matches!(
                            p.as_str(),
                            "will"
                                | "would"
                                | "can"
                                | "could"
                                | "may"
                                | "might"
                                | "shall"
                                | "should"
                                | "must"
                                | "to"
                                | "not"
                                | "n't"
                                | "never"
                                | "he"
                                | "she"
                                | "it"
                                | "they"
                                | "we"
                                | "i"
                                | "you"
                                | "who"
                                | "which"
                                | "that"
                                | "also"
                                | "did"
                                | "does"
                                | "do"
                                | "'ll"
                                | "and"
                        )
                    });
                let fits = |e: &Entry| {
                    words
                        .get(i..i + e.words.len())
                        .is_some_and(|slice| slice.iter().zip(&e.words).all(|(a, b)| a == b))
                };
                let noun_fits = entries
                    .iter()
                    .any(|e| e.kind == TriggerKind::Noun && fits(e));
                for e in entries {
                    let n = e.words.len();
                    if !fits(e) || (noun_fits && !verb_context && e.kind == TriggerKind::Verb) {
                        continue;
                    }
                    let better = match best {
                        None => true,
                        Some(b) => {
                            n > b.words.len()
                                || (n == b.words.len() && e.own && !b.own)
                                || (n == b.words.len()
                                    && e.own == b.own
                                    && e.kind != b.kind
                                    && (e.kind == TriggerKind::Verb) == verb_context)
                        }
                    };
                    if better {
                        best = Some(e);
                    }
                }
            }
            // light verbs carry no event of their own ("held talks": the talks are the event)
            let Some(entry) = best.filter(|e| {
                e.words.len() > 1
                    || !(self.stop.contains(word.as_str())
                        || (!e.own && self.light.contains(word.as_str())))
            }) else {
                i += 1;
                continue;
            };
            let end = i + entry.words.len();
            if !keep(entry, i) {
                i = end;
                continue;
            }
            let (lo, hi) = bounds(i);
            let code = match entry.block {
                Some(block) => match self.refine(block, words, i, end, lo, hi) {
                    Some((_, code)) => code,
                    None => entry.code.clone(),
                },
                None => entry.code.clone(),
            };
            out.push(Match {
                entry,
                start: i,
                end,
                code,
            });
            i = end;
        }
        out
    }

    /// PLOVER entry for a CAMEO code; `None` for codes PLOVER does not count as events
    /// (statements, 01x).
    pub fn plover(&self, code: &str) -> Option<&PloverEntry> {
        self.plover.lookup(code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_string).collect()
    }

    #[test]
    fn standard_lexicon_loads_and_codes_common_triggers() {
        let lex = Lexicon::standard().unwrap();
        let w = words("the two sides held talks and agreed to meet again");
        let n = w.len();
        let found = lex.find(&w, &|_, _| true, &|_| (0, n));
        let codes: Vec<_> = found
            .iter()
            .map(|m| (m.entry.words.join(" "), m.code.clone()))
            .collect();
        assert!(
            codes
                .iter()
                .any(|(w, c)| w == "talks" && c.as_deref() == Some("046")),
            "{codes:?}"
        );
        assert!(lex.is_light_verb("held"));
        assert!(lex.plover("046").is_some_and(|e| e.plover == "CONSULT"));
        assert!(lex.plover("010").is_none());
    }

    #[test]
    fn dictionary_patterns_refine_the_default_code() {
        let lex = Lexicon::standard().unwrap();
        let w = words("police arrested dozens of protesters");
        let n = w.len();
        let found = lex.find(&w, &|_, _| true, &|_| (0, n));
        let arrested = found
            .iter()
            .find(|m| m.entry.words == ["arrested"])
            .unwrap();
        assert!(arrested
            .code
            .as_deref()
            .is_some_and(|c| c.starts_with("173")));
    }
}
