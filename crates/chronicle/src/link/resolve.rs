//! The linker: turns dictionary hits, NER entities and context into the article's actors.
//!
//! Rules, in order (each documented where it is applied):
//! titles with the names they introduce (appositives, lists after plural titles, typos),
//! full and partial person names, metonymy of capitals and countries, nationality phrases,
//! bodies and organisations, group phrases ("the two allies"), and pronouns.

use std::collections::HashMap;

use crate::date::Date;
use crate::doc::{Actor, Article, ParagraphKind, Range, Span, TokenKind};

use super::kb::{Entry, EntryKind, Form, Gender, Kb, Target, Title};
use super::phoenix::code_parts;

/// Words before a place name that make it the goal or location of something, not an agent.
const LOCATIVE: &[&str] = &[
    "to",
    "in",
    "into",
    "from",
    "at",
    "toward",
    "towards",
    "via",
    "near",
    "across",
    "around",
    "inside",
    "outside",
    "throughout",
    "visit",
    "visited",
    "visiting",
    "visits",
    "reached",
    "arrived",
    "leave",
    "left",
    "leaving",
    "entered",
    "returned",
    "flew",
    "traveled",
    "travelled",
    "headed",
    "outskirts",
];

/// Adverbs that may stand between a subject and its verb.
const ADVERBS: &[&str] = &[
    "also",
    "still",
    "now",
    "reportedly",
    "apparently",
    "officially",
    "repeatedly",
    "not",
    "n't",
    "already",
    "further",
    "openly",
    "strongly",
    "firmly",
    "then",
    "later",
    "recently",
    "long",
    "clearly",
    "quickly",
    "itself",
    "both",
    "reluctantly",
    "publicly",
    "privately",
    "again",
    "never",
    "always",
    "quietly",
    "initially",
    "largely",
    "so",
    "far",
    "yet",
];

/// Auxiliaries after a capital make it the subject of a clause, i.e. an agent.
const MODALS: &[&str] = &[
    "has", "have", "had", "will", "would", "could", "should", "may", "might", "must", "can",
    "does", "do", "did", "wo",
];
const BE: &[&str] = &["is", "are", "was", "were"];
/// "Kyiv was not invited": passives that only people and governments undergo.
const PASSIVE_AGENT: &[&str] = &[
    "invited",
    "asked",
    "told",
    "informed",
    "consulted",
    "urged",
    "pressured",
    "criticized",
    "criticised",
    "accused",
    "blamed",
    "excluded",
    "notified",
    "warned",
    "sanctioned",
    "represented",
    "briefed",
    "summoned",
];
/// "Seoul is expected/keen/unlikely to ...": an agent; "Seoul is a city": not.
const BE_COMPLEMENTS: &[&str] = &[
    "expected",
    "set",
    "ready",
    "likely",
    "unlikely",
    "willing",
    "unwilling",
    "keen",
    "eager",
    "determined",
    "reluctant",
    "concerned",
    "worried",
    "wary",
    "opposed",
    "committed",
    "reviewing",
    "considering",
    "weighing",
    "seeking",
    "pushing",
    "trying",
    "pressing",
    "preparing",
    "planning",
    "believed",
    "said",
    "reported",
    "understood",
    "known",
    "poised",
    "prepared",
    "open",
];

/// Saying, deciding, favouring, perceiving verbs whose subject is an agent (base forms).
const AGENT_VERBS: &[&str] = &[
    "say",
    "said",
    "favor",
    "favour",
    "seek",
    "sought",
    "want",
    "see",
    "saw",
    "seen",
    "urge",
    "warn",
    "announce",
    "decide",
    "reject",
    "agree",
    "plan",
    "expect",
    "hope",
    "believe",
    "insist",
    "deny",
    "denied",
    "accuse",
    "call",
    "demand",
    "condemn",
    "welcome",
    "propose",
    "oppose",
    "push",
    "vow",
    "pledge",
    "threaten",
    "refuse",
    "claim",
    "argue",
    "stress",
    "reiterate",
    "confirm",
    "consider",
    "intend",
    "prefer",
    "support",
    "back",
    "suggest",
    "offer",
    "ask",
    "host",
    "approve",
    "respond",
    "criticize",
    "criticise",
    "protest",
    "praise",
    "vote",
    "signal",
    "acknowledge",
    "aim",
    "tell",
    "told",
    "maintain",
    "view",
    "regard",
    "fear",
    "worry",
    "launch",
    "fire",
    "deploy",
    "impose",
    "lift",
    "recognize",
    "recognise",
    "discuss",
    "negotiate",
    "join",
    "sign",
    "share",
    "doubt",
    "dismiss",
    "retaliate",
    "struggle",
    "try",
    "tried",
    "hold",
    "held",
    "send",
    "sent",
    "order",
    "agreed",
    "accept",
    "summon",
    "express",
    "voice",
    "note",
    "emphasize",
    "emphasise",
    "hail",
    "slam",
    "blame",
    "press",
    "pressure",
    "lodge",
    "notify",
    "inform",
    "release",
    "issue",
    "declare",
    "promise",
    "seem",
    "appear",
    "need",
    "wish",
    "like",
    "prepare",
    "move",
    "work",
    "remain",
    "keep",
    "kept",
    "reaffirm",
    "agree",
    "sees",
    "mull",
    "weigh",
    "eye",
    "look",
    "differ",
    "decline",
    "disagree",
    "resist",
    "answer",
    "counter",
    "allege",
    "apologize",
    "apologise",
    "request",
];

/// Determiners and quantifiers that open a group phrase.
const GROUP_NOUNS_COUNTRY: &[&str] = &[
    "allies",
    "countries",
    "nations",
    "sides",
    "governments",
    "neighbors",
    "neighbours",
    "partners",
    "states",
    "capitals",
    "powers",
    "rivals",
];
const GROUP_NOUNS_PERSON: &[&str] = &[
    "leaders",
    "presidents",
    "secretaries",
    "ministers",
    "heads",
    "officials",
    "diplomats",
    "envoys",
    "chiefs",
];

const PRONOUNS_MALE: &[&str] = &["he", "him", "his", "himself"];
const PRONOUNS_FEMALE: &[&str] = &["she", "her", "hers", "herself"];
const PRONOUNS_PLURAL: &[&str] = &["they", "them", "their", "theirs", "themselves"];

fn verb_forms(word: &str) -> bool {
    AGENT_VERBS.iter().any(|base| {
        if word == *base {
            return true;
        }
        let Some(rest) = word.strip_prefix(base) else {
            // "favoring" from "favor" is covered below; "hoping" drops the 'e', "denies" the 'y'.
            if let Some(stem) = base.strip_suffix('e') {
                return word.strip_prefix(stem) == Some("ing");
            }
            if let Some(stem) = base.strip_suffix('y') {
                return matches!(word.strip_prefix(stem), Some("ies" | "ied"));
            }
            return false;
        };
        match rest {
            "s" | "ing" => true,
            "es" => base.ends_with(['h', 's', 'x', 'o']),
            "ed" => !base.ends_with('e'),
            "d" => base.ends_with('e'),
            _ => false,
        }
    })
}

/// What a stretch of text was recognised as.
#[derive(Debug, Clone)]
struct Item {
    range: Range,
    first: usize,
    end: usize,
    persons: Vec<usize>,
    families: Vec<usize>,
    countries: Vec<(usize, Form)>,
    places: Vec<usize>,
    igos: Vec<usize>,
    bodies: Vec<usize>,
    actors: Vec<usize>,
    /// (title index, plural)
    title: Option<(usize, bool)>,
    /// NER label when the item comes from (or agrees with) an entity.
    ner: Option<String>,
    done: bool,
}

impl Default for Item {
    fn default() -> Self {
        Item {
            range: Range::new(0, 0),
            first: 0,
            end: 0,
            persons: Vec::new(),
            families: Vec::new(),
            countries: Vec::new(),
            places: Vec::new(),
            igos: Vec::new(),
            bodies: Vec::new(),
            actors: Vec::new(),
            title: None,
            ner: None,
            done: false,
        }
    }
}

impl Item {
    fn is_empty(&self) -> bool {
        self.persons.is_empty()
            && self.families.is_empty()
            && self.countries.is_empty()
            && self.places.is_empty()
            && self.igos.is_empty()
            && self.bodies.is_empty()
            && self.actors.is_empty()
            && self.title.is_none()
            && self.ner.is_none()
    }
    fn adjective(&self) -> Option<usize> {
        self.countries
            .iter()
            .find(|(_, f)| *f == Form::Adjective)
            .map(|(e, _)| *e)
    }
    fn country_name(&self) -> Option<usize> {
        self.countries
            .iter()
            .find(|(_, f)| *f == Form::Name)
            .map(|(e, _)| *e)
    }
    fn demonym(&self) -> Option<usize> {
        self.countries
            .iter()
            .find(|(_, f)| *f == Form::Demonym)
            .map(|(e, _)| *e)
    }
    fn person_like(&self) -> bool {
        !self.persons.is_empty() || !self.families.is_empty() || self.ner.as_deref() == Some("PER")
    }
}

/// An actor being built.
#[derive(Debug, Clone)]
struct Draft {
    actor: Actor,
    person: bool,
    gender: Option<Gender>,
    /// Class of the office (head_state, foreign, ...), for group phrases.
    class: String,
    place: bool,
}

/// One linked mention: a span and the actor(s) it refers to.
#[derive(Debug, Clone)]
struct Link {
    range: Range,
    actors: Vec<usize>,
    /// This mention is a misspelling of the (single) actor's KB name.
    typo: bool,
}

pub(crate) struct Linker<'k> {
    kb: &'k Kb,
    day: Option<Date>,
    drafts: Vec<Draft>,
    by_id: HashMap<String, usize>,
    links: Vec<Link>,
    next_local: usize,
    salience: HashMap<String, f32>,
    positioned_salience: Vec<(usize, String, f32)>,
    /// NER-only mentions (range, label) left for after name-part coreference.
    deferred: Vec<(Range, String)>,
}

/// Lower-cased word tokens with their byte ranges, for context rules.
struct Words<'a> {
    text: &'a str,
    tokens: Vec<(Range, String)>,
}

impl<'a> Words<'a> {
    fn new(article: &'a Article) -> Words<'a> {
        let tokens = article
            .tokens
            .iter()
            .map(|t| (t.range(), t.text(&article.text).to_lowercase()))
            .collect();
        Words {
            text: &article.text,
            tokens,
        }
    }
    /// Index of the first token starting at or after `byte`.
    fn at(&self, byte: usize) -> usize {
        self.tokens.partition_point(|(r, _)| r.start < byte)
    }
    /// Index one past the last token ending at or before `byte`.
    fn end_at(&self, byte: usize) -> usize {
        self.tokens.partition_point(|(r, _)| r.end <= byte)
    }
    fn word(&self, i: usize) -> &str {
        self.tokens.get(i).map(|(_, w)| w.as_str()).unwrap_or("")
    }
    fn range(&self, i: usize) -> Option<Range> {
        self.tokens.get(i).map(|(r, _)| *r)
    }
    fn raw(&self, i: usize) -> &str {
        self.range(i).map(|r| r.slice(self.text)).unwrap_or("")
    }
    fn capitalized(&self, i: usize) -> bool {
        let raw = self.raw(i);
        raw.chars().next().is_some_and(|c| c.is_uppercase())
            && raw.chars().any(|c| c.is_alphabetic())
    }
    /// Whether nothing but spaces separates token `i` and the next one (e.g. "Jae-in" pieces).
    fn glued(&self, i: usize) -> bool {
        match (self.range(i), self.range(i + 1)) {
            (Some(a), Some(b)) => a.end == b.start,
            _ => false,
        }
    }
}

fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev2: Vec<usize> = vec![0; b.len() + 1];
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur: Vec<usize> = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(prev2[j - 2] + 1);
            }
            cur[j] = v;
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

impl<'k> Linker<'k> {
    pub(crate) fn new(kb: &'k Kb, day: Option<Date>) -> Self {
        Linker {
            kb,
            day,
            drafts: Vec::new(),
            by_id: HashMap::new(),
            links: Vec::new(),
            next_local: 1,
            salience: HashMap::new(),
            positioned_salience: Vec::new(),
            deferred: Vec::new(),
        }
    }

    fn entry(&self, i: usize) -> Option<&'k Entry> {
        self.kb.entries.get(i)
    }

    fn title(&self, i: usize) -> Option<&'k Title> {
        self.kb.titles.get(i)
    }

    // ---- actor drafts -------------------------------------------------------------------

    fn draft(
        &mut self,
        actor: Actor,
        person: bool,
        gender: Option<Gender>,
        class: &str,
        place: bool,
    ) -> usize {
        if let Some(&i) = self.by_id.get(&actor.id) {
            return i;
        }
        let i = self.drafts.len();
        self.by_id.insert(actor.id.clone(), i);
        self.drafts.push(Draft {
            actor,
            person,
            gender,
            class: class.to_string(),
            place,
        });
        i
    }

    fn country_code(&self, iso: &str) -> String {
        self.kb
            .country(iso)
            .and_then(|e| e.code.clone())
            .unwrap_or_else(|| iso.to_string())
    }

    fn country_actor(&mut self, iso: &str) -> usize {
        let (name, code) = match self.kb.country(iso) {
            Some(e) => (e.name.clone(), e.code.clone()),
            None => (iso.to_string(), Some(iso.to_string())),
        };
        self.draft(
            new_actor(
                format!("kb:country/{iso}"),
                name,
                code,
                Some(iso.to_string()),
            ),
            false,
            None,
            "",
            false,
        )
    }

    /// The government (or military, ...) of a country as one actor: `KORGOV`, `USAMIL`.
    fn sector_actor(&mut self, iso: &str, sectors: &[String]) -> usize {
        if sectors.is_empty() {
            return self.country_actor(iso);
        }
        let country = self
            .kb
            .country(iso)
            .map(|e| e.name.clone())
            .unwrap_or_else(|| iso.to_string());
        let names: Vec<String> = sectors
            .iter()
            .map(|s| {
                self.kb
                    .sectors
                    .get(s)
                    .cloned()
                    .unwrap_or_else(|| s.clone())
                    .to_lowercase()
            })
            .collect();
        let joined: String = sectors.concat();
        let code = format!("{}{}", self.country_code(iso), joined);
        self.draft(
            Actor {
                sector: sectors.to_vec(),
                ..new_actor(
                    format!("kb:country/{iso}/{joined}"),
                    format!("{country} ({})", names.join(", ")),
                    Some(code),
                    Some(iso.to_string()),
                )
            },
            false,
            None,
            "",
            false,
        )
    }

    fn place_actor(&mut self, entry: usize) -> Option<usize> {
        let e = self.entry(entry)?;
        let (id, name, country) = (e.id.clone(), e.name.clone(), e.country.clone());
        Some(self.place_draft(id, name, country))
    }

    /// The actor for a location (a city, or a country as a place).
    fn place_draft(&mut self, id: String, name: String, country: Option<String>) -> usize {
        self.draft(
            Actor {
                kind: Some("place".into()),
                ..new_actor(
                    id,
                    name,
                    country.as_deref().map(|c| self.country_code(c)),
                    country,
                )
            },
            false,
            None,
            "",
            true,
        )
    }

    fn entry_actor(&mut self, entry: usize) -> Option<usize> {
        let e = self.entry(entry)?;
        let kind = match e.kind {
            EntryKind::Body => Some("body".to_string()),
            EntryKind::Igo => Some("organization".to_string()),
            _ => None,
        };
        let (code, sector, role) = match (e.kind, e.tenure_on(self.day)) {
            (EntryKind::Person, Some(t)) => (
                Some(t.code.clone()),
                code_parts(&t.code)
                    .into_iter()
                    .skip(1)
                    .map(str::to_string)
                    .collect(),
                t.role.clone(),
            ),
            (EntryKind::Person, None) if !e.tenures.is_empty() => {
                // Out of office on the article's date: a former official (CAMEO "elite").
                let code = e
                    .country
                    .as_deref()
                    .map(|c| format!("{}ELI", self.country_code(c)));
                (code, vec!["ELI".to_string()], None)
            }
            _ => (e.code.clone(), e.sectors.clone(), e.role.clone()),
        };
        let class = e
            .tenure_on(self.day)
            .map(|t| t.class.clone())
            .unwrap_or_default();
        Some(self.draft(
            Actor {
                sector,
                role,
                kind,
                ..new_actor(e.id.clone(), e.name.clone(), code, e.country.clone())
            },
            e.kind == EntryKind::Person,
            e.gender,
            &class,
            false,
        ))
    }

    fn local_actor(
        &mut self,
        name: &str,
        iso: Option<&str>,
        sectors: &[String],
        role: Option<String>,
        person: bool,
        kind: Option<&str>,
    ) -> usize {
        let id = format!("local:{}", self.next_local);
        self.next_local += 1;
        let code = iso.map(|c| format!("{}{}", self.country_code(c), sectors.concat()));
        self.draft(
            Actor {
                sector: sectors.to_vec(),
                role,
                kind: kind.map(str::to_string),
                ..new_actor(id, name.to_string(), code, iso.map(str::to_string))
            },
            person,
            None,
            "",
            kind == Some("place"),
        )
    }

    fn link(&mut self, range: Range, actors: Vec<usize>) {
        if actors.is_empty() || range.is_empty() {
            return;
        }
        self.links.push(Link {
            range,
            actors,
            typo: false,
        });
    }

    /// Links a name to one actor; `typo` marks this mention (only) as a misspelling.
    fn link_person(&mut self, range: Range, actor: usize, typo: bool) {
        if range.is_empty() {
            return;
        }
        self.links.push(Link {
            range,
            actors: vec![actor],
            typo,
        });
    }

    // ---- items ----------------------------------------------------------------------------

    fn items(&self, article: &Article, words: &Words) -> Vec<Item> {
        let text = &article.text;
        let headers: Vec<Range> = article
            .paragraphs
            .iter()
            .filter(|p| p.kind == ParagraphKind::Header)
            .map(|p| Range::new(p.start, p.end))
            .collect();
        let mut items = Vec::new();
        let mut buf = Vec::with_capacity(text.len());
        for hit in self.kb.matcher.find_with(text, &mut buf) {
            let range = Range::new(hit.start, hit.end);
            if headers.iter().any(|h| h.overlaps(range)) {
                continue;
            }
            let matched = range.slice(text);
            let mut item = Item {
                range,
                first: words.at(range.start),
                end: words.end_at(range.end),
                ..Default::default()
            };
            for t in self.kb.targets_for(hit.pattern, matched) {
                self.classify(&mut item, t);
            }
            if !item.is_empty() {
                items.push(item);
            }
        }
        // NER entities the dictionary did not cover. Both layers are searched by position
        // (dictionary hits sorted by start, no hit longer than `longest`), so a document
        // with a hundred thousand mentions costs n log n, not n².
        items.sort_by_key(|i| (i.range.start, std::cmp::Reverse(i.range.end)));
        let longest = items.iter().map(|i| i.range.len()).max().unwrap_or(0);
        let mut dropped = vec![false; items.len()];
        let mut entities: Vec<&crate::doc::Entity> = article
            .entities
            .iter()
            .filter(|e| matches!(e.label.as_str(), "PER" | "ORG" | "LOC" | "NORP" | "GPE"))
            .collect();
        entities.sort_by_key(|e| (e.start, e.end));
        let mut extra: Vec<Item> = Vec::new();
        let mut extra_end = 0;
        for e in entities {
            let range = Range::new(e.start, e.end);
            let from = items.partition_point(|i| i.range.start + longest < range.start);
            let to = items.partition_point(|i| i.range.start < range.end.max(range.start + 1));
            let near = from..to.max(from);
            if let Some(k) = near
                .clone()
                .find(|&k| !dropped[k] && items[k].range == range)
            {
                items[k].ner = Some(e.label.clone());
                continue;
            }
            // A person's name longer than the dictionary's family-name hit inside it
            // ("Choi Si-young" over "Choi") is the person, not the KB family name.
            if e.label == "PER" {
                for k in near.clone() {
                    let i = &items[k];
                    let family_only = !i.families.is_empty()
                        && i.persons.is_empty()
                        && i.countries.is_empty()
                        && i.places.is_empty()
                        && i.bodies.is_empty()
                        && i.igos.is_empty()
                        && i.actors.is_empty()
                        && i.title.is_none();
                    if family_only && range.contains(i.range) && range != i.range {
                        dropped[k] = true;
                    }
                }
            }
            let overlaps_hit = near
                .clone()
                .any(|k| !dropped[k] && items[k].range.overlaps(range));
            // Entities come sorted by start, so an earlier NER item overlaps this one
            // exactly when it reaches past this one's start.
            let overlaps_extra = !range.is_empty() && extra_end > range.start;
            if overlaps_hit || overlaps_extra {
                continue;
            }
            extra_end = extra_end.max(range.end);
            extra.push(Item {
                range,
                first: words.at(range.start),
                end: words.end_at(range.end),
                ner: Some(e.label.clone()),
                ..Default::default()
            });
        }
        let mut items: Vec<Item> = items
            .into_iter()
            .zip(dropped)
            .filter_map(|(item, dropped)| (!dropped).then_some(item))
            .collect();
        items.extend(extra);
        items.sort_by_key(|i| (i.range.start, std::cmp::Reverse(i.range.end)));
        items
    }

    fn classify(&self, item: &mut Item, t: &Target) {
        match t.form {
            Form::Title => item.title = item.title.or(Some((t.entry, false))),
            Form::TitlePlural => item.title = item.title.or(Some((t.entry, true))),
            Form::Family => item.families.push(t.entry),
            form => {
                let Some(e) = self.entry(t.entry) else { return };
                match e.kind {
                    EntryKind::Person => item.persons.push(t.entry),
                    EntryKind::Country => item.countries.push((t.entry, form)),
                    EntryKind::Place => item.places.push(t.entry),
                    EntryKind::Igo => item.igos.push(t.entry),
                    EntryKind::Body => item.bodies.push(t.entry),
                    EntryKind::Actor => item.actors.push(t.entry),
                }
            }
        }
    }

    fn compute_salience(&mut self, items: &[Item], words: &Words) {
        let mut s: HashMap<String, f32> = HashMap::new();
        let mut positioned: Vec<(usize, String, f32)> = Vec::new();
        for item in items {
            // One vote per item and country (the strongest reading), damped for the goal or
            // location of something ("in Singapore").
            let mut votes: Vec<(String, f32)> = Vec::new();
            let damp = if self.preceded_by_locative(item, words) {
                0.4
            } else {
                1.0
            };
            let mut add = |iso: Option<&String>, w: f32| {
                if let Some(c) = iso {
                    match votes.iter_mut().find(|(v, _)| v == c) {
                        Some(slot) => slot.1 = slot.1.max(w * damp),
                        None => votes.push((c.clone(), w * damp)),
                    }
                }
            };
            for (e, _) in &item.countries {
                add(
                    self.kb.entries.get(*e).and_then(|e| e.country.as_ref()),
                    1.0,
                );
            }
            for &e in &item.places {
                // Places are where things happen, weaker evidence of what the article is about.
                add(self.kb.entries.get(e).and_then(|e| e.country.as_ref()), 0.4);
            }
            // A body name shared by several countries ("Foreign Ministry") says nothing here.
            let bodies: &[usize] = if item.bodies.len() == 1 {
                &item.bodies
            } else {
                &[]
            };
            for e in bodies.iter().chain(&item.persons) {
                add(
                    self.kb.entries.get(*e).and_then(|e| e.country.as_ref()),
                    0.8,
                );
            }
            for (c, w) in votes {
                *s.entry(c.clone()).or_default() += w;
                positioned.push((item.range.start, c, w));
            }
        }
        self.salience = s;
        self.positioned_salience = positioned;
    }

    /// Countries by salience for a group phrase at `before` ("the two allies"): what came
    /// before it counts fully, the rest of the article half (it breaks ties like a country
    /// named once in passing against one the whole story is about).
    fn salient_before(&self, before: usize) -> Vec<String> {
        let mut s: HashMap<&str, f32> = HashMap::new();
        for (at, c, w) in &self.positioned_salience {
            let weight = if *at < before { *w * 1.5 } else { *w * 0.5 };
            *s.entry(c.as_str()).or_default() += weight;
        }
        let mut v: Vec<(&str, f32)> = s.into_iter().collect();
        v.sort_by(|a, b| {
            b.1.partial_cmp(&a.1)
                .unwrap_or(std::cmp::Ordering::Equal)
                .then(a.0.cmp(b.0))
        });
        v.into_iter().map(|(c, _)| c.to_string()).collect()
    }

    // ---- the main pass ----------------------------------------------------------------------

    pub(crate) fn run(mut self, article: &mut Article) {
        let words = Words::new(article);
        let mut items = self.items(article, &words);
        if std::env::var_os("CHRONICLE_LINK_DEBUG").is_some() {
            for it in &items {
                eprintln!(
                    "{:?} {:?} tok {}..{} persons={} fam={} ctry={:?} places={} igos={} bodies={} actors={} title={:?} ner={:?}",
                    it.range.slice(&article.text), it.range, it.first, it.end, it.persons.len(), it.families.len(),
                    it.countries.iter().map(|(_, f)| *f).collect::<Vec<_>>(), it.places.len(), it.igos.len(),
                    it.bodies.len(), it.actors.len(), it.title, it.ner
                );
            }
        }
        self.compute_salience(&items, &words);
        let groups = self.find_groups(&words, &mut items);
        for i in 0..items.len() {
            if crate::budget::expired() {
                return;
            }
            if items.get(i).is_some_and(|it| !it.done) {
                self.resolve_item(i, &mut items, &words);
            }
        }
        self.resolve_name_parts(&words);
        self.resolve_deferred(&words);
        self.resolve_groups(&groups, &items, &words);
        self.resolve_pronouns(article, &words);
        self.finish(article);
    }

    fn previous_item<'i>(
        &self,
        items: &'i [Item],
        i: usize,
        words: &Words,
    ) -> Option<(usize, &'i Item)> {
        let cur = items.get(i)?;
        let j = i.checked_sub(1)?;
        let prev = items.get(j)?;
        // Adjacent, or separated by a possessive "'s".
        let gap_tokens = cur.first.checked_sub(prev.end)?;
        let possessive = gap_tokens == 1 && matches!(words.word(prev.end), "'s" | "’s" | "'" | "’");
        let possessive2 = gap_tokens == 2
            && matches!(words.word(prev.end), "'" | "’")
            && words.word(prev.end + 1) == "s";
        (gap_tokens == 0 || possessive || possessive2).then_some((j, prev))
    }

    fn possessive_after(&self, item: &Item, words: &Words) -> bool {
        let rest = words.text.get(item.range.end..).unwrap_or("");
        rest.starts_with("'s") || rest.starts_with("’s") || rest.starts_with("s'")
    }

    fn resolve_item(&mut self, i: usize, items: &mut [Item], words: &Words) {
        let Some(item) = items.get(i).cloned() else {
            return;
        };
        let named = !item.persons.is_empty()
            || !item.bodies.is_empty()
            || !item.igos.is_empty()
            || !item.countries.is_empty()
            || !item.places.is_empty()
            || !item.actors.is_empty();
        if item.title.is_some() && !named {
            self.resolve_title(i, items, words);
            return;
        }
        if let Some(d) = self.best_person(&item.persons) {
            self.link(item.range, vec![d]);
            return;
        }
        // A modifier of the title right after it ("US" in "US Secretary of State") is read
        // with that title, not on its own.
        let modifies_title = items.get(i + 1).is_some_and(|n| {
            n.first == item.end
                && n.title.is_some()
                && n.persons.is_empty()
                && n.bodies.is_empty()
                && n.countries.is_empty()
                && n.places.is_empty()
        });
        if modifies_title
            && (item.adjective().is_some() || item.country_name().is_some())
            && !self.possessive_after(&item, words)
        {
            return;
        }
        if !item.bodies.is_empty() {
            let modifier = self
                .previous_item(items, i, words)
                .and_then(|(_, p)| p.adjective().or(p.country_name()));
            let country = modifier
                .and_then(|m| self.entry(m))
                .and_then(|e| e.country.clone());
            if let Some(b) = self.choose_body(&item.bodies, country.as_deref()) {
                if let Some(d) = self.entry_actor(b) {
                    self.link(item.range, vec![d]);
                }
            }
            return;
        }
        if let Some(&g) = item.igos.first() {
            if let Some(d) = self.entry_actor(g) {
                self.link(item.range, vec![d]);
            }
            return;
        }
        if !item.families.is_empty() && self.family_supported(&item, words) {
            if let Some((d, typo)) = self.resolve_name(&item, None, None, words) {
                self.link_person(item.range, d, typo);
                return;
            }
        }
        if let Some(c) = item.country_name() {
            self.resolve_country_name(&item, c, words);
            return;
        }
        if let Some(c) = item.demonym().or(item.adjective()) {
            if let Some(iso) = self.entry(c).and_then(|e| e.country.clone()) {
                let d = self.country_actor(&iso);
                self.link(item.range, vec![d]);
            }
            return;
        }
        if let Some(&p) = item.places.first() {
            self.resolve_place(&item, p, words, items);
            return;
        }
        if let Some(&a) = item.actors.first() {
            if let Some(d) = self.entry_actor(a) {
                self.link(item.range, vec![d]);
            }
            return;
        }
        if let Some(label) = item.ner.clone() {
            if label == "PER" {
                if let Some((d, _)) = self.resolve_name(&item, None, None, words) {
                    self.link(item.range, vec![d]);
                    return;
                }
            }
            // Decided after the whole article is read: "Austin" in a headline may be the
            // person named in full further down.
            self.deferred.push((item.range, label));
        }
    }

    fn best_person(&mut self, persons: &[usize]) -> Option<usize> {
        let day = self.day;
        let best = persons.iter().copied().max_by_key(|&p| {
            let e = self.entry(p);
            let valid = e.and_then(|e| e.tenure_on(day)).is_some();
            let curated = e.is_some_and(|e| e.id.starts_with("kb:person/"));
            (valid, curated)
        })?;
        self.entry_actor(best)
    }

    fn choose_body(&self, bodies: &[usize], country: Option<&str>) -> Option<usize> {
        if let Some(c) = country {
            if let Some(&b) = bodies
                .iter()
                .find(|&&b| self.entry(b).and_then(|e| e.country.as_deref()) == Some(c))
            {
                return Some(b);
            }
        }
        if bodies.len() == 1 {
            return bodies.first().copied();
        }
        bodies.iter().copied().max_by(|&a, &b| {
            let sa = self
                .entry(a)
                .and_then(|e| e.country.as_ref())
                .and_then(|c| self.salience.get(c))
                .copied()
                .unwrap_or(0.0);
            let sb = self
                .entry(b)
                .and_then(|e| e.country.as_ref())
                .and_then(|c| self.salience.get(c))
                .copied()
                .unwrap_or(0.0);
            sa.partial_cmp(&sb).unwrap_or(std::cmp::Ordering::Equal)
        })
    }

    /// A family name alone links only with support: seen in full earlier, an NER person
    /// label, or a following saying verb, and a unique office holder on the date.
    fn family_supported(&self, item: &Item, words: &Words) -> bool {
        let text = item.range.slice(words.text);
        let earlier = self
            .drafts
            .iter()
            .any(|d| d.person && d.actor.name.split(' ').any(|w| w == text));
        earlier
            || item.ner.as_deref() == Some("PER")
            || self.subject_of_agent_verb(item, words, &[])
    }

    /// Resolves a personal name (maybe partial, maybe misspelt) in a title's context.
    fn resolve_name(
        &mut self,
        item: &Item,
        title: Option<&Title>,
        country: Option<&str>,
        words: &Words,
    ) -> Option<(usize, bool)> {
        if !item.persons.is_empty() {
            return self.best_person(&item.persons).map(|d| (d, false));
        }
        let text = item.range.slice(words.text).to_string();
        let last = text.rsplit(' ').next().unwrap_or(&text).to_string();
        // Seen earlier in the article in full.
        if let Some(d) = self.drafts.iter().position(|d| {
            d.person
                && (d.actor.name == text
                    || d.actor.name.rsplit(' ').next() == Some(last.as_str())
                    || d.actor.name.split(' ').next() == Some(text.as_str()))
        }) {
            return Some((d, false));
        }
        let day = self.day;
        let fits = |e: &Entry| -> bool {
            let Some(t) = e.tenure_on(day) else {
                return false;
            };
            if let Some(c) = country {
                if e.country.as_deref() != Some(c) {
                    return false;
                }
            }
            match title {
                Some(ti) => match &ti.class {
                    Some(class) => {
                        &t.class == class
                            || t.role
                                .as_deref()
                                .is_some_and(|r| r.to_lowercase() == ti.text)
                    }
                    None => true,
                },
                None => true,
            }
        };
        // A family name of someone in office on the date, in the right office and country.
        let families: Vec<usize> = self
            .kb
            .families
            .get(&text.to_lowercase())
            .or_else(|| self.kb.families.get(&last.to_lowercase()))
            .map(|v| {
                v.iter()
                    .copied()
                    .filter(|&e| self.entry(e).is_some_and(fits))
                    .collect()
            })
            .unwrap_or_default();
        let families: Vec<usize> = if title.is_none() && country.is_none() && families.len() > 1 {
            families
                .into_iter()
                .filter(|&e| {
                    self.entry(e)
                        .and_then(|e| e.country.as_ref())
                        .is_some_and(|c| self.salience.contains_key(c))
                })
                .collect()
        } else {
            families
        };
        if let [only] = families.as_slice() {
            return self.entry_actor(*only).map(|d| (d, false));
        }
        // Typos: only with a title (and so an office) to check against; never a bare guess.
        let title = title?;
        title.class.as_ref()?;
        let lower = text.to_lowercase();
        let mut best: Vec<(usize, usize)> = Vec::new();
        for (idx, e) in self.kb.entries.iter().enumerate() {
            if e.kind != EntryKind::Person || !e.id.starts_with("kb:person/") || !fits(e) {
                continue;
            }
            let mut d = edit_distance(&lower, &e.name.to_lowercase());
            if let Some(f) = &e.family {
                if !lower.contains(' ') {
                    d = d.min(edit_distance(&lower, &f.to_lowercase()));
                }
            }
            best.push((d, idx));
        }
        best.sort();
        let limit = if lower.chars().count() >= 10 { 2 } else { 1 };
        match best.as_slice() {
            [(d, idx), rest @ ..]
                if *d > 0 && *d <= limit && rest.first().is_none_or(|(d2, _)| d2 > d) =>
            {
                let first_ok = self.entry(*idx).is_some_and(|e| {
                    e.name.chars().next().map(|c| c.to_ascii_lowercase()) == lower.chars().next()
                });
                if !first_ok {
                    return None;
                }
                self.entry_actor(*idx).map(|d| (d, true))
            }
            _ => None,
        }
    }

    /// Title handling: "US Secretary of State Antony Blinken", "Presidents Moon and Biden",
    /// "South Korean counterparts", "Seoul's chief negotiator", "a Foreign Ministry official".
    fn resolve_title(&mut self, i: usize, items: &mut [Item], words: &Words) {
        let Some(item) = items.get(i).cloned() else {
            return;
        };
        let Some((title_index, plural)) = item.title else {
            return;
        };
        let Some(title) = self.title(title_index) else {
            return;
        };
        // Modifier: an adjective, country, capital (possessive) or body right before.
        let mut country: Option<String> = None;
        let mut body: Option<usize> = None;
        let mut modifier_range: Option<Range> = None;
        let mut igo: Option<usize> = None;
        // An adjective or country name read with the title belongs to its mention span.
        let mut modifier_in_span = false;
        if let Some((j, prev)) = self.previous_item(items, i, words) {
            if let Some(c) = prev.adjective().or(prev.country_name()).or(prev.demonym()) {
                country = self.entry(c).and_then(|e| e.country.clone());
                modifier_range = Some(prev.range);
                if prev.country_name().is_none() || !self.possessive_after(prev, words) {
                    modifier_in_span = true;
                    if let Some(p) = items.get_mut(j) {
                        if p.adjective().is_some() || p.country_name().is_some() {
                            p.done = true;
                        }
                    }
                }
            } else if let Some(&p) = prev.places.first() {
                let capital = self.entry(p).and_then(|e| e.capital_of.clone());
                if capital.is_some() && self.possessive_after(prev, words) {
                    country = capital;
                    modifier_range = Some(prev.range);
                }
            } else if !prev.bodies.is_empty() {
                let b = self.choose_body(&prev.bodies, None);
                country = b
                    .and_then(|b| self.entry(b))
                    .and_then(|e| e.country.clone());
                body = b;
                modifier_range = Some(prev.range);
            } else if let Some(&g) = prev.igos.first() {
                igo = Some(g);
                modifier_range = Some(prev.range);
            }
        }
        // "US Secretary of State A and Defense Secretary B": B's title shares A's country.
        if country.is_none()
            && body.is_none()
            && igo.is_none()
            && words.word(item.first.wrapping_sub(1)) == "and"
        {
            let and_start = words.range(item.first.wrapping_sub(1)).map(|r| r.start);
            if let Some(last) = self.links.last() {
                let adjacent = and_start.is_some_and(|s| {
                    words
                        .text
                        .get(last.range.end..s)
                        .is_some_and(|g| g.trim().is_empty())
                });
                if adjacent {
                    country = last
                        .actors
                        .first()
                        .and_then(|&a| self.drafts.get(a))
                        .filter(|d| d.person)
                        .and_then(|d| d.actor.country.clone());
                }
            }
        }
        let honorific = title.class.as_deref() == Some("honorific");
        let role_text = item.range.slice(words.text).to_string();
        // Names after the title.
        let mut names: Vec<Item> = Vec::new();
        let mut k = i + 1;
        let mut expect_from = item.end;
        loop {
            let next_item = items.get(k).filter(|n| n.first == expect_from && !n.done);
            let name = match next_item {
                Some(n) if n.person_like() => Some(n.clone()),
                Some(_) => None,
                None => self.capitalized_run(expect_from, words, items),
            };
            let Some(name) = name else { break };
            let is_item = next_item.is_some();
            if is_item {
                if let Some(n) = items.get_mut(k) {
                    n.done = true;
                }
                k += 1;
            }
            expect_from = name.end;
            names.push(name);
            if !plural {
                break;
            }
            // "Presidents Moon and Biden", "Ministers A, B and C".
            match words.word(expect_from) {
                "and" | "," => expect_from += 1,
                _ => break,
            }
            if words.word(expect_from) == "and" {
                expect_from += 1;
            }
        }
        let sectors = title.sectors.clone();
        if !names.is_empty() {
            for name in names {
                let resolved = self.resolve_name(&name, Some(title), country.as_deref(), words);
                let (d, typo) = match resolved {
                    Some((d, typo)) => {
                        if let Some(dr) = self.drafts.get_mut(d) {
                            if !plural && !honorific {
                                dr.actor.role = Some(role_text.clone());
                            }
                        }
                        (d, typo)
                    }
                    None => {
                        let n = name.range.slice(words.text).to_string();
                        let role = (!plural && !honorific).then(|| role_text.clone());
                        // An office without a country: the country the paragraph is about.
                        let country = if honorific {
                            None
                        } else {
                            country
                                .clone()
                                .or_else(|| self.context_country(item.range.start, words))
                        };
                        let d =
                            self.local_actor(&n, country.as_deref(), &sectors, role, true, None);
                        if honorific {
                            if let Some(dr) = self.drafts.get_mut(d) {
                                dr.gender = match role_text.to_lowercase().trim_end_matches('.') {
                                    "mr" => Some(Gender::Male),
                                    "mrs" | "ms" => Some(Gender::Female),
                                    _ => None,
                                };
                            }
                        }
                        (d, false)
                    }
                };
                self.link_person(name.range, d, typo);
            }
            return;
        }
        // No name: a group ("South Korean counterparts") or an unnamed official.
        if let Some(g) = igo {
            if let Some(d) = self.entry_actor(g) {
                self.link(item.range, vec![d]);
            }
            return;
        }
        let span = modifier_range.map_or(item.range, |m| Range::new(m.start, item.range.end));
        if title.group || plural {
            if let Some(c) = &country {
                let d = self.sector_actor(c, &sectors);
                self.link(span, vec![d]);
            } else if let Some(b) = body {
                if let Some(d) = self.entry_actor(b) {
                    self.link(span, vec![d]);
                }
            }
            return;
        }
        // "sworn in as South Korea's president": a predicate, not a new actor.
        if words.word(item.first.wrapping_sub(1)) == "as"
            || modifier_range.is_some_and(|m| words.word(words.at(m.start).wrapping_sub(1)) == "as")
        {
            return;
        }
        if country.is_some() || body.is_some() {
            let name = span.slice(words.text).to_string();
            let code_sectors = match body.and_then(|b| self.entry(b)) {
                Some(b) => b.sectors.clone(),
                None => sectors,
            };
            let d = self.local_actor(
                &name,
                country.as_deref(),
                &code_sectors,
                Some(role_text),
                true,
                None,
            );
            self.link(if modifier_in_span { span } else { item.range }, vec![d]);
            return;
        }
        // "the president": the latest actor in that office.
        if let Some(class) = &title.class {
            if words.word(item.first.wrapping_sub(1)) == "the" {
                if let Some(d) = self
                    .drafts
                    .iter()
                    .rposition(|d| d.person && &d.class == class)
                {
                    self.link(item.range, vec![d]);
                }
            }
        }
    }

    /// A capitalised word that is part of the name of a person mentioned anywhere in the
    /// article ("Blinken" in a headline, "Kim" after "Kim Jong-un") is that person, when only
    /// one person fits.
    fn resolve_name_parts(&mut self, words: &Words) {
        let people: Vec<(usize, Vec<String>)> = (0..self.drafts.len())
            .filter_map(|d| {
                let draft = self.drafts.get(d)?;
                if !draft.person {
                    return None;
                }
                let name = &draft.actor.name;
                let parts: Vec<&str> = name.split([' ', '-']).filter(|w| w.len() > 1).collect();
                let mut keys: Vec<String> = Vec::new();
                if let Some(last) = parts.last() {
                    keys.push((*last).to_string());
                }
                // East Asian names put the family name first.
                let family_first = matches!(
                    draft.actor.country.as_deref(),
                    Some("KOR" | "PRK" | "CHN" | "TWN" | "VNM")
                );
                if family_first {
                    if let Some(first) = parts.first() {
                        keys.push((*first).to_string());
                    }
                }
                if let Some(f) = draft.actor.id.strip_prefix("kb:person/").and_then(|_| {
                    self.kb
                        .entries
                        .iter()
                        .find(|e| e.id == draft.actor.id)
                        .and_then(|e| e.family.clone())
                }) {
                    keys.push(f);
                }
                Some((d, keys))
            })
            .collect();
        if people.is_empty() {
            return;
        }
        let mut covered: Vec<Range> = self.links.iter().map(|l| l.range).collect();
        covered.sort_by_key(|r| r.start);
        let mut new_links = Vec::new();
        for (k, (range, _)) in words.tokens.iter().enumerate() {
            if !words.capitalized(k) {
                continue;
            }
            let at = covered.partition_point(|r| r.end <= range.start);
            if covered.get(at).is_some_and(|r| r.overlaps(*range)) {
                continue;
            }
            // A glued hyphen piece ("Jae-in") is not a name by itself.
            if k > 0 && words.glued(k - 1) && words.word(k - 1) == "-" {
                continue;
            }
            let raw = words.raw(k);
            let matches: Vec<usize> = people
                .iter()
                .filter(|(_, keys)| keys.iter().any(|key| key == raw))
                .map(|(d, _)| *d)
                .collect();
            if let [only] = matches.as_slice() {
                new_links.push(Link {
                    range: *range,
                    actors: vec![*only],
                    typo: false,
                });
            }
        }
        self.links.extend(new_links);
    }

    /// NER-only mentions that name-part coreference did not claim become article-local actors.
    fn resolve_deferred(&mut self, words: &Words) {
        let deferred = std::mem::take(&mut self.deferred);
        let mut covered = RangeIndex::new(self.links.iter().map(|l| l.range));
        for (range, label) in deferred {
            if covered.overlapping(range).next().is_some() {
                continue;
            }
            covered.insert(range, usize::MAX);
            let name = range.slice(words.text).to_string();
            let d = match label.as_str() {
                "PER" => self.local_actor(&name, None, &[], None, true, None),
                "LOC" | "GPE" => self.local_actor(&name, None, &[], None, false, Some("place")),
                _ => self.local_actor(&name, None, &[], None, false, None),
            };
            self.link(range, vec![d]);
        }
    }

    /// The country of the nearest earlier country, government or body mention in the same
    /// paragraph ("Seoul said ... National Security Adviser X").
    fn context_country(&self, before: usize, words: &Words) -> Option<String> {
        let text = words.text.get(..before)?;
        let paragraph_start = text.rfind('\n').map_or(0, |i| i + 1);
        self.links
            .iter()
            .rev()
            .filter(|l| l.range.start >= paragraph_start && l.range.end <= before)
            .find_map(|l| {
                let d = self.drafts.get(*l.actors.first()?)?;
                (!d.person && !d.place && l.actors.len() == 1)
                    .then(|| d.actor.country.clone())
                    .flatten()
            })
    }

    /// Up to three capitalised word tokens from `from` that no item claims: an unknown name.
    fn capitalized_run(&self, from: usize, words: &Words, items: &[Item]) -> Option<Item> {
        let mut end = from;
        while end < from + 4 && words.capitalized(end) && words.tokens.get(end).is_some() {
            if items.iter().any(|it| it.first <= end && end < it.end) {
                break;
            }
            end += 1;
            // "Jae-in": hyphen pieces glued together belong to the name.
            while words.glued(end - 1) && matches!(words.word(end), "-") && words.glued(end) {
                end += 2;
            }
        }
        if end == from {
            return None;
        }
        let range = Range::new(words.range(from)?.start, words.range(end - 1)?.end);
        Some(Item {
            range,
            first: from,
            end,
            ner: Some("PER".into()),
            ..Default::default()
        })
    }

    fn preceded_by_locative(&self, item: &Item, words: &Words) -> bool {
        let Some(prev) = item.first.checked_sub(1) else {
            return false;
        };
        let w = words.word(prev);
        if LOCATIVE.contains(&w) {
            return true;
        }
        // "to Seoul and Washington": look through a coordination.
        if w == "and" || w == "," {
            if let Some(p2) = prev.checked_sub(1) {
                let mut k = p2;
                while k > 0 && words.capitalized(k) {
                    k -= 1;
                }
                return LOCATIVE.contains(&words.word(k));
            }
        }
        false
    }

    /// Whether the item is the subject of a saying/deciding verb ("Seoul favors", "Seoul and
    /// Washington are expected to", "Washington sees", "Seoul has long insisted").
    fn subject_of_agent_verb(&self, item: &Item, words: &Words, items: &[Item]) -> bool {
        let mut k = item.end;
        for _ in 0..10 {
            let w = words.word(k);
            if w.is_empty() {
                return false;
            }
            if MODALS.contains(&w) {
                return true;
            }
            if BE.contains(&w) {
                let next = words.word(k + 1);
                let next = if ADVERBS.contains(&next) {
                    words.word(k + 2)
                } else {
                    next
                };
                return BE_COMPLEMENTS.contains(&next)
                    || PASSIVE_AGENT.contains(&next)
                    || verb_forms(next) && next.ends_with("ing");
            }
            if verb_forms(w) {
                return true;
            }
            if ADVERBS.contains(&w) || w == "," || w == "and" || w == "or" {
                k += 1;
                continue;
            }
            if let Some(other) = items.iter().find(|it| {
                it.first == k
                    && (it.country_name().is_some()
                        || !it.places.is_empty()
                        || !it.bodies.is_empty())
            }) {
                k = other.end.max(k + 1);
                continue;
            }
            if words.capitalized(k) && words.word(k.wrapping_sub(1)) == "and" {
                k += 1;
                continue;
            }
            return false;
        }
        false
    }

    fn resolve_place(&mut self, item: &Item, place: usize, words: &Words, items: &[Item]) {
        let Some(e) = self.entry(place) else { return };
        let capital = e.capital_of.clone();
        if let Some(iso) = capital {
            if self.preceded_by_locative(item, words) && !self.possessive_after(item, words) {
                if let Some(d) = self.place_actor(place) {
                    self.link(item.range, vec![d]);
                }
                return;
            }
            // Metonymy: the capital as possessor or as the subject of an agent verb is the government.
            if self.possessive_after(item, words) || self.subject_of_agent_verb(item, words, items)
            {
                let d = self.sector_actor(&iso, &["GOV".to_string()]);
                self.link(item.range, vec![d]);
                return;
            }
            let d = self.country_actor(&iso);
            self.link(item.range, vec![d]);
            return;
        }
        if let Some(d) = self.place_actor(place) {
            self.link(item.range, vec![d]);
        }
    }

    fn resolve_country_name(&mut self, item: &Item, country: usize, words: &Words) {
        let Some(iso) = self.entry(country).and_then(|e| e.country.clone()) else {
            return;
        };
        if self.preceded_by_locative(item, words)
            && !self.possessive_after(item, words)
            && !matches!(words.word(item.first.wrapping_sub(1)), "between" | "from")
        {
            let name = self
                .kb
                .country(&iso)
                .map(|e| e.name.clone())
                .unwrap_or_else(|| iso.clone());
            let d = self.place_draft(format!("kb:country/{iso}#place"), name, Some(iso.clone()));
            self.link(item.range, vec![d]);
            return;
        }
        let d = self.country_actor(&iso);
        self.link(item.range, vec![d]);
    }

    // ---- group phrases --------------------------------------------------------------------

    /// Finds "the two allies", "both countries", "the two US secretaries", "the two Koreas".
    fn find_groups(
        &self,
        words: &Words,
        items: &mut [Item],
    ) -> Vec<(Range, String, Option<String>)> {
        let mut out = Vec::new();
        let n = words.tokens.len();
        let mut k = 0;
        while k < n {
            let start = k;
            let after = match (words.word(k), words.word(k + 1)) {
                ("the", "two") | ("these", "two") | ("those", "two") => k + 2,
                ("both", _) => k + 1,
                _ => {
                    k += 1;
                    continue;
                }
            };
            let mut m = after;
            let mut country = None;
            if let Some(it) = items.iter().find(|it| {
                it.first == m && (it.adjective().is_some() || it.country_name().is_some())
            }) {
                country = it
                    .adjective()
                    .or(it.country_name())
                    .and_then(|c| self.entry(c))
                    .and_then(|e| e.country.clone());
                m = it.end;
            }
            let noun = words.word(m);
            let is_group = GROUP_NOUNS_COUNTRY.contains(&noun)
                || GROUP_NOUNS_PERSON.contains(&noun)
                || noun == "koreas";
            if is_group && (words.word(start) != "both" || m == after || country.is_some()) {
                if let (Some(a), Some(b)) = (words.range(start), words.range(m)) {
                    let range = Range::new(a.start, b.end);
                    for it in items.iter_mut() {
                        if range.contains(it.range) {
                            it.done = true;
                        }
                    }
                    out.push((range, noun.to_string(), country));
                }
                k = m + 1;
                continue;
            }
            k += 1;
        }
        out
    }

    fn resolve_groups(
        &mut self,
        groups: &[(Range, String, Option<String>)],
        _items: &[Item],
        _words: &Words,
    ) {
        for (range, noun, country) in groups {
            let actors: Vec<usize> = if noun == "koreas" {
                vec![self.country_actor("KOR"), self.country_actor("PRK")]
            } else if GROUP_NOUNS_COUNTRY.contains(&noun.as_str()) {
                // The most salient pair of countries in the text before the phrase.
                let top: Vec<String> = self
                    .salient_before(range.start)
                    .into_iter()
                    .filter(|c| self.kb.country(c).is_some())
                    .take(2)
                    .collect();
                if top.len() < 2 {
                    continue;
                }
                top.iter().map(|c| self.country_actor(c)).collect()
            } else {
                let wanted = |d: &Draft| -> bool {
                    if !d.person {
                        return false;
                    }
                    if let Some(c) = country {
                        if d.actor.country.as_deref() != Some(c.as_str()) {
                            return false;
                        }
                    }
                    let role = d.actor.role.clone().unwrap_or_default().to_lowercase();
                    match noun.as_str() {
                        "leaders" | "heads" => {
                            matches!(d.class.as_str(), "head_state" | "head_gov")
                                || role.contains("president")
                                || role.contains("prime minister")
                        }
                        "presidents" => role.contains("president") || d.class == "head_state",
                        "secretaries" => role.contains("secretary"),
                        "ministers" => role.contains("minister"),
                        _ => true,
                    }
                };
                let mut counts: HashMap<usize, usize> = HashMap::new();
                for l in &self.links {
                    if l.range.start < range.start {
                        for &a in &l.actors {
                            *counts.entry(a).or_default() += 1;
                        }
                    }
                }
                let mut cands: Vec<usize> = (0..self.drafts.len())
                    .filter(|&d| self.drafts.get(d).is_some_and(wanted) && counts.contains_key(&d))
                    .collect();
                cands.sort_by_key(|d| std::cmp::Reverse(counts.get(d).copied().unwrap_or(0)));
                cands.truncate(2);
                if cands.len() < 2 {
                    continue;
                }
                cands
            };
            self.link(*range, actors);
        }
    }

    // ---- pronouns ---------------------------------------------------------------------------

    /// "A and B" (people, maybe with titles between; or countries, governments, bodies) as
    /// one plural antecedent for "they".
    fn coordinations(&self, words: &Words) -> Vec<Link> {
        let mut out = Vec::new();
        for pair in self.links.windows(2) {
            let [a, b] = pair else { continue };
            // Both people, or both non-people (countries, governments, bodies); no places.
            let kinds: Vec<Option<bool>> = [a, b]
                .iter()
                .map(|l| {
                    let d = l.actors.first().and_then(|&x| self.drafts.get(x))?;
                    (l.actors.len() == 1 && !d.place).then_some(d.person)
                })
                .collect();
            let same_kind = matches!(kinds.as_slice(), [Some(x), Some(y)] if x == y);
            if !same_kind || a.actors == b.actors {
                continue;
            }
            let gap = words.text.get(a.range.end..b.range.start).unwrap_or("");
            let gap_words: Vec<&str> = gap.split_whitespace().collect();
            let joined = gap_words.first() == Some(&"and");
            let short = gap_words.len() <= 4 && !gap.contains(['.', ';', ':', '"', '“', '”']);
            if joined && short {
                let mut actors = a.actors.clone();
                actors.extend(&b.actors);
                out.push(Link {
                    range: Range::new(a.range.start, b.range.end),
                    actors,
                    typo: false,
                });
            }
        }
        out
    }

    fn resolve_pronouns(&mut self, article: &Article, words: &Words) {
        self.links.sort_by_key(|l| l.range.start);
        let mut candidates = self.links.clone();
        candidates.extend(self.coordinations(words));
        candidates.sort_by_key(|l| l.range.start);
        let mut new_links = Vec::new();
        for (k, (range, w)) in words.tokens.iter().enumerate() {
            let want = if PRONOUNS_MALE.contains(&w.as_str()) {
                Some(Gender::Male)
            } else if PRONOUNS_FEMALE.contains(&w.as_str()) {
                Some(Gender::Female)
            } else if PRONOUNS_PLURAL.contains(&w.as_str()) {
                None
            } else {
                continue;
            };
            if article
                .tokens
                .get(k)
                .is_some_and(|t| t.kind != TokenKind::Word)
            {
                continue;
            }
            let Some(paragraph) = article
                .paragraphs
                .iter()
                .find(|p| p.start <= range.start && range.end <= p.end)
            else {
                continue;
            };
            let before = candidates.partition_point(|l| l.range.start < range.start);
            let sentence_start = article
                .sentences
                .iter()
                .find(|s| s.start <= range.start && range.start < s.end)
                .map_or(paragraph.start, |s| s.start);
            let fits = |l: &Link| -> bool {
                match want {
                    Some(g) => {
                        l.actors.len() == 1
                            && l.actors
                                .first()
                                .and_then(|&a| self.drafts.get(a))
                                .is_some_and(|d| d.person && d.gender.is_none_or(|x| x == g))
                    }
                    None => {
                        l.actors.len() >= 2
                            || l.actors
                                .first()
                                .and_then(|&a| self.drafts.get(a))
                                .is_some_and(|d| !d.person && !d.place)
                    }
                }
            };
            let earlier = candidates.get(..before).unwrap_or(&[]);
            // A pronoun prefers the subject of its own sentence (the first compatible mention
            // there: "Kim hailed Putin as a friend of his people"), else the nearest before it.
            {
                let first_in_sentence = earlier
                    .iter()
                    .filter(|l| l.range.start >= sentence_start && fits(l))
                    .min_by_key(|l| (l.range.start, std::cmp::Reverse(l.range.end)));
                if let Some(l) = first_in_sentence {
                    new_links.push(Link {
                        range: *range,
                        actors: l.actors.clone(),
                        typo: false,
                    });
                    continue;
                }
            }
            let mut chosen: Option<Vec<usize>> = None;
            for l in earlier.iter().rev() {
                if l.range.end <= paragraph.start {
                    break;
                }
                if fits(l) {
                    chosen = Some(l.actors.clone());
                    break;
                }
            }
            if let Some(actors) = chosen {
                new_links.push(Link {
                    range: *range,
                    actors,
                    typo: false,
                });
            }
        }
        self.links.extend(new_links);
    }

    // ---- output -----------------------------------------------------------------------------

    fn finish(mut self, article: &mut Article) {
        self.links.sort_by_key(|l| (l.range.start, l.range.end));
        self.links.dedup_by(|later, kept| {
            let same = later.range == kept.range;
            if same {
                kept.typo |= later.typo;
            }
            same
        });
        for l in &self.links {
            for &a in &l.actors {
                if let Some(d) = self.drafts.get_mut(a) {
                    let span = Span::new(&article.text, l.range);
                    if l.typo {
                        d.actor.typo = true;
                        d.actor.typo_mentions.push(span.clone());
                    }
                    d.actor.mentions.push(span);
                }
            }
        }
        // Output order: first mention; ids stay as assigned.
        let mut drafts: Vec<Draft> = self
            .drafts
            .into_iter()
            .filter(|d| !d.actor.mentions.is_empty())
            .collect();
        drafts.sort_by_key(|d| {
            d.actor
                .mentions
                .first()
                .map(|m| m.start)
                .unwrap_or(usize::MAX)
        });
        for d in &mut drafts {
            d.actor.mentions.sort_by_key(|m| (m.start, m.end));
            d.actor.typo_mentions.sort_by_key(|m| (m.start, m.end));
        }
        article.actors = drafts.into_iter().map(|d| d.actor).collect();
        // Indexed by position and id, so a long article costs n log n, not n².
        let links = RangeIndex::new(self.links.iter().map(|l| l.range));
        let ids: std::collections::HashSet<&str> =
            article.actors.iter().map(|x| x.id.as_str()).collect();
        let id_of: HashMap<usize, &String> = self
            .by_id
            .iter()
            .filter(|(id, _)| ids.contains(id.as_str()))
            .map(|(id, &k)| (k, id))
            .collect();
        for entity in &mut article.entities {
            let r = Range::new(entity.start, entity.end);
            entity.link = links
                .overlapping(r)
                // The largest overlap wins; among equals the link made last, as before.
                .max_by_key(|&(l, k)| (l.end.min(r.end).saturating_sub(l.start.max(r.start)), k))
                .and_then(|(_, k)| self.links.get(k))
                .and_then(|l| l.actors.first())
                .and_then(|a| id_of.get(a))
                .map(|id| id.to_string());
        }
    }
}

/// Ranges searchable by position: which of them overlap a given range, in log time.
struct RangeIndex {
    /// (start, end, caller's index), ordered.
    ranges: std::collections::BTreeSet<(usize, usize, usize)>,
    longest: usize,
}

impl RangeIndex {
    /// Indexes `ranges`, each tagged with its position in the iterator.
    fn new(ranges: impl Iterator<Item = Range>) -> Self {
        let mut index = RangeIndex {
            ranges: Default::default(),
            longest: 0,
        };
        for (k, r) in ranges.enumerate() {
            index.insert(r, k);
        }
        index
    }

    fn insert(&mut self, r: Range, tag: usize) {
        self.longest = self.longest.max(r.len());
        self.ranges.insert((r.start, r.end, tag));
    }

    /// The indexed ranges that overlap `r`, with their tags.
    fn overlapping(&self, r: Range) -> impl Iterator<Item = (Range, usize)> + '_ {
        let from = r.start.saturating_sub(self.longest);
        self.ranges
            .range((from, 0, 0)..(r.end, 0, 0))
            .map(|&(start, end, tag)| (Range::new(start, end), tag))
            .filter(move |(x, _)| x.overlaps(r))
    }
}

/// An actor with no sector, role, kind or mentions yet.
fn new_actor(id: String, name: String, code: Option<String>, country: Option<String>) -> Actor {
    Actor {
        id,
        name,
        code,
        country,
        sector: Vec::new(),
        role: None,
        typo: false,
        kind: None,
        mentions: Vec::new(),
        typo_mentions: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verbs_inflect() {
        for w in [
            "favors", "favours", "sees", "said", "expected", "seeks", "hosts", "denied", "urged",
            "agreed",
        ] {
            assert!(verb_forms(w), "{w}");
        }
        for w in ["first", "talks", "the", "and"] {
            assert!(!verb_forms(w), "{w}");
        }
    }

    #[test]
    fn damerau_distance() {
        assert_eq!(edit_distance("joe bien", "joe biden"), 1);
        assert_eq!(edit_distance("ab", "ba"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
    }
}
