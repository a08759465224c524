//! The linker: turns dictionary hits, NER entities and context into the article's actors.
//!
//! Rules, in order (each documented where it is applied):
//! titles with the names they introduce (appositives, lists after plural titles, typos),
//! full and partial person names, metonymy of capitals and countries, nationality phrases,
//! bodies and organisations, group phrases ("the two allies"), and pronouns.
//!
//! One rule family per file: `items.rs` (what each stretch of text is, the per-item dispatch,
//! bodies and organisations), `titles.rs`, `names.rs` (full, partial and misspelt names,
//! name parts, NER-only mentions), `places.rs` (metonymy and places), `groups.rs`,
//! `pronouns.rs`, `firms.rs` ("the company", "the bank"); `words.rs` holds the English word lists. This file holds the [`Linker`],
//! its actor drafts, the main pass ([`Linker::run`]) and the output.

mod firms;
mod groups;
mod items;
mod names;
mod places;
mod pronouns;
mod titles;
mod words;

use std::collections::HashMap;

use crate::date::Date;
use crate::doc::{Actor, Article, Range, Span};
use crate::kb::phoenix::code_parts;
use crate::kb::{Entry, EntryKind, Gender, Kb, Title};

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
    /// This mention is a pronoun or a common noun resolved from context, not a name.
    from_context: bool,
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
    /// Sentence starts (bytes), sorted: how far back a side without a name may look.
    sentence_starts: Vec<usize>,
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
            sentence_starts: Vec::new(),
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

    /// The start of the sentence `back` sentences before the one holding `byte` (0: its own).
    fn sentence_floor(&self, byte: usize, back: usize) -> usize {
        let k = self.sentence_starts.partition_point(|&s| s <= byte);
        k.checked_sub(1 + back)
            .and_then(|i| self.sentence_starts.get(i).copied())
            .unwrap_or(0)
    }

    /// The country in focus at `before`: the country of the latest state, government, body or
    /// person named in this sentence or the two before it ("Norway ... The government said"),
    /// else the country the text so far is most about. Places and IGOs say where, not who.
    fn focus_country(&self, before: usize) -> Option<String> {
        let floor = self.sentence_floor(before, 2);
        let recent = self
            .links
            .iter()
            .filter(|l| l.range.start >= floor && l.range.end <= before && l.actors.len() == 1)
            .filter_map(|l| {
                let d = self.drafts.get(*l.actors.first()?)?;
                let igo = d.actor.kind.as_deref() == Some("organization");
                let country = d.actor.country.clone().filter(|_| !d.place && !igo)?;
                Some((l.range.start, country))
            })
            .max_by_key(|(start, _)| *start)
            .map(|(_, c)| c);
        recent.or_else(|| {
            self.salient_before(before)
                .into_iter()
                .find(|c| self.kb.country(c).is_some())
        })
    }

    /// Creditors and banks named without a country: business as CAMEO codes it with no
    /// nationality (`BUS`), one actor per article.
    fn business_actor(&mut self) -> usize {
        self.draft(
            Actor {
                sector: vec!["BUS".to_string()],
                ..new_actor(
                    "kb:sector/BUS".to_string(),
                    "business".to_string(),
                    Some("BUS".to_string()),
                    None,
                )
            },
            false,
            None,
            "",
            false,
        )
    }

    fn link(&mut self, range: Range, actors: Vec<usize>) {
        self.push_link(range, actors, false);
    }

    /// Links a pronoun or a common noun ("the government", "the company") to the actors the
    /// context gives it; the mention is recorded as such (`Actor::context_mentions`).
    fn link_from_context(&mut self, range: Range, actors: Vec<usize>) {
        self.push_link(range, actors, true);
    }

    fn push_link(&mut self, range: Range, actors: Vec<usize>, from_context: bool) {
        if actors.is_empty() || range.is_empty() {
            return;
        }
        self.links.push(Link {
            range,
            actors,
            typo: false,
            from_context,
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
            from_context: false,
        });
    }

    pub(crate) fn run(mut self, article: &mut Article) {
        let words = Words::new(article);
        self.sentence_starts = article.sentences.iter().map(|s| s.start).collect();
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
        self.resolve_firms(&words);
        self.resolve_groups(&groups, &items, &words);
        self.resolve_pronouns(article, &words);
        self.finish(article);
    }

    fn finish(mut self, article: &mut Article) {
        self.links.sort_by_key(|l| (l.range.start, l.range.end));
        self.links.dedup_by(|later, kept| {
            let same = later.range == kept.range;
            if same {
                kept.typo |= later.typo;
                kept.from_context &= later.from_context;
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
                    if l.from_context {
                        d.actor.context_mentions.push(span.clone());
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
            d.actor.context_mentions.sort_by_key(|m| (m.start, m.end));
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
        context_mentions: Vec::new(),
    }
}
