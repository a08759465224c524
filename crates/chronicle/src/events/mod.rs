//! Events: who did what to whom, when, where, how sure, and who says so.
//!
//! A clause at a time: triggers from the [`lexicon::Lexicon`] (CAMEO verb patterns plus our
//! own nominalisations and phrases), arguments from the `actors` layer read through shallow
//! clause structure ([`syntax`]), dates from the `times` layer or the clause's tense,
//! modality from auxiliaries and cue words, attribution from reported speech, location from
//! "in/at PLACE". Direct quotes with their speakers fill the `quotes` layer ([`quotes`]).

pub mod eval;
pub mod lexicon;
pub mod petrarch;
pub mod plover;
mod quotes;
pub mod syntax;

use std::path::Path;

use crate::doc::{ActorRef, Article, Attribution, Event, Location, Span, TimeRange, Timex};
use crate::pipeline::Stage;
use lexicon::{Lexicon, Match, TriggerKind};
use syntax::{ClauseKind, Tag};

/// Looks up a place name's coordinates (the knowledge base's cities).
pub trait Gazetteer: Send + Sync {
    /// `(country ISO3, lat, lon)` of a city or place, never a country centroid.
    fn place(&self, name: &str) -> Option<(Option<String>, f64, f64)>;
}

/// The event stage: fills `events` and `quotes`.
pub struct EventStage {
    lexicon: Lexicon,
    gazetteer: Option<Box<dyn Gazetteer>>,
}

impl EventStage {
    pub fn standard() -> crate::Result<Self> {
        Ok(EventStage {
            lexicon: Lexicon::standard()?,
            gazetteer: None,
        })
    }

    /// Uses the PETRARCH verb dictionaries in `dir` instead of the default one.
    pub fn with_dictionaries(dir: &Path) -> crate::Result<Self> {
        Ok(EventStage {
            lexicon: Lexicon::from_dictionary_dir(dir)?,
            gazetteer: None,
        })
    }

    pub fn with_gazetteer(mut self, gazetteer: Box<dyn Gazetteer>) -> Self {
        self.gazetteer = Some(gazetteer);
        self
    }

    pub fn lexicon(&self) -> &Lexicon {
        &self.lexicon
    }
}

impl Stage for EventStage {
    fn name(&self) -> &'static str {
        "events"
    }
    fn annotate(&self, article: &mut Article) {
        let mentions = mention_index(article);
        article.quotes = quotes::find_quotes(article, &mentions);
        let mut events = Vec::new();
        let mut times: Vec<(usize, usize)> = article
            .times
            .iter()
            .enumerate()
            .map(|(k, t)| (t.start, k))
            .collect();
        times.sort_unstable();
        let index = (&mentions[..], &times[..]);
        for sentence in 0..article.sentences.len() {
            code_sentence(self, article, index, sentence, &mut events);
        }
        article.events = events;
    }
}

/// Every actor mention as `(start, end, actor index)`, sorted by start.
fn mention_index(article: &Article) -> Vec<(usize, usize, usize)> {
    let mut mentions: Vec<(usize, usize, usize)> = article
        .actors
        .iter()
        .enumerate()
        .flat_map(|(a, actor)| actor.mentions.iter().map(move |m| (m.start, m.end, a)))
        .collect();
    mentions.sort_unstable();
    mentions
}

/// An actor mention inside a sentence, in token positions.
#[derive(Debug, Clone)]
struct Chunk {
    start: usize,
    end: usize,
    actor: usize,
}

/// Adjacent chunks joined by "and", ",", "&": one argument of one or more actors.
#[derive(Debug, Clone)]
struct Group {
    start: usize,
    end: usize,
    actors: Vec<usize>,
    /// The preposition heading the group, if any ("with", "to", "by", ...).
    prep: Option<String>,
    /// "X's ..." / "his ..." — the group modifies the noun after it.
    possessive: bool,
    /// Possessive of a noun phrase whose head is itself an actor: never an argument.
    modifier: bool,
    /// How many actors the first conjunct holds ("the two secretaries and Moon" → 2); 0
    /// when nothing was coordinated.
    first_conjunct: usize,
}

struct Sentence<'a> {
    index: usize,
    start: usize,
    words: Vec<String>,
    raw: Vec<&'a str>,
    offsets: Vec<(usize, usize)>,
    tags: Vec<Tag>,
    clauses: Vec<syntax::Clause>,
    groups: Vec<Group>,
    /// Times of the article inside this sentence: (token start, token end, index).
    times: Vec<(usize, usize, usize)>,
}

impl Sentence<'_> {
    fn word(&self, i: usize) -> &str {
        self.words.get(i).map(String::as_str).unwrap_or("")
    }
    fn tag(&self, i: usize) -> Option<Tag> {
        self.tags.get(i).copied()
    }
    /// Clauses are sorted and disjoint: a binary search keeps long sentences linear.
    fn clause_of(&self, i: usize) -> usize {
        let k = self.clauses.partition_point(|c| c.start <= i);
        k.checked_sub(1)
            .filter(|&k| self.clauses.get(k).is_some_and(|c| i < c.end))
            .unwrap_or(0)
    }
    fn token_range(&self, start: usize, end: usize) -> (usize, usize) {
        let s = self.offsets.get(start).map(|o| o.0).unwrap_or(self.start);
        let e = end
            .checked_sub(1)
            .and_then(|k| self.offsets.get(k))
            .map(|o| o.1)
            .unwrap_or(s);
        (s, e.max(s))
    }
}

/// The token covering `byte`; `offsets` are sorted and disjoint.
fn token_index_at(offsets: &[(usize, usize)], byte: usize) -> Option<usize> {
    let k = offsets
        .partition_point(|&(s, _)| s <= byte)
        .checked_sub(1)?;
    let &(s, e) = offsets.get(k)?;
    (s <= byte && byte < e.max(s + 1)).then_some(k)
}

fn analyse<'a>(
    stage: &EventStage,
    article: &'a Article,
    mentions: &[(usize, usize, usize)],
    times_by_start: &[(usize, usize)],
    index: usize,
) -> Option<Sentence<'a>> {
    let sentence = article.sentences.get(index)?;
    let tokens = article.sentence_tokens(index);
    if tokens.is_empty() {
        return None;
    }
    let raw: Vec<&str> = tokens.iter().map(|t| t.text(&article.text)).collect();
    let words: Vec<String> = raw
        .iter()
        .map(|w| {
            if w.is_ascii() {
                w.to_ascii_lowercase()
            } else {
                w.to_lowercase().replace('’', "'")
            }
        })
        .collect();
    let offsets: Vec<(usize, usize)> = tokens.iter().map(|t| (t.start, t.end)).collect();
    // actor mentions → chunks
    let first = mentions.partition_point(|m| m.0 < sentence.start);
    let mut chunks: Vec<Chunk> = Vec::new();
    for &(ms, me, a) in mentions.get(first..).unwrap_or(&[]) {
        if ms >= sentence.end {
            break;
        }
        if me > sentence.end {
            continue;
        }
        let (Some(s), Some(e)) = (
            token_index_at(&offsets, ms),
            token_index_at(&offsets, me.saturating_sub(1)),
        ) else {
            continue;
        };
        chunks.push(Chunk {
            start: s,
            end: e + 1,
            actor: a,
        });
    }
    // a sentence without actors can only refine an earlier event ("the meeting ...")
    if chunks.is_empty()
        && !words.windows(2).any(|w| {
            matches!(w[0].as_str(), "the" | "this" | "that") && stage.lexicon.is_noun_trigger(&w[1])
        })
    {
        return None;
    }
    let tags = syntax::tag(&words, &raw, &stage.lexicon);
    let first_time = times_by_start.partition_point(|&(start, _)| start < sentence.start);
    let times: Vec<(usize, usize, usize)> = times_by_start
        .get(first_time..)
        .unwrap_or(&[])
        .iter()
        .take_while(|&&(start, _)| start < sentence.end)
        .filter_map(|&(_, k)| Some((k, article.times.get(k)?)))
        .filter(|(_, t)| t.end <= sentence.end)
        .filter_map(|(k, t)| {
            let s = token_index_at(&offsets, t.start)?;
            let e = token_index_at(&offsets, t.end.saturating_sub(1))? + 1;
            Some((s, e, k))
        })
        .collect();
    let time_starts: Vec<usize> = times.iter().map(|t| t.0).collect();
    let in_time = |i: usize| time_starts.contains(&i);
    let clauses = syntax::clauses(&words, &tags, &in_time);

    chunks.sort_by_key(|c| (c.start, std::cmp::Reverse(c.end), c.actor));
    let mut s = Sentence {
        index,
        start: sentence.start,
        words,
        raw,
        offsets,
        tags,
        clauses,
        groups: Vec::new(),
        times,
    };
    s.groups = group_chunks(&s, &chunks);
    Some(s)
}

fn is_possessive_pronoun(w: &str) -> bool {
    matches!(w, "his" | "her" | "its" | "their" | "our" | "my" | "your")
}

fn group_chunks(s: &Sentence, chunks: &[Chunk]) -> Vec<Group> {
    let mut groups: Vec<Group> = Vec::new();
    for c in chunks {
        let possessive = matches!(s.tag(c.end), Some(Tag::Poss))
            || (c.end == c.start + 1 && is_possessive_pronoun(s.word(c.start)));
        if let Some(last) = groups.last_mut() {
            // the same span linked to several actors ("the two allies")
            if c.start == last.start && c.end == last.end {
                if !last.actors.contains(&c.actor) {
                    last.actors.push(c.actor);
                }
                continue;
            }
            // a mention nested in a longer one ("Yemen" in "Yemen's government"): the longer wins
            if c.start < last.end {
                continue;
            }
            let between: Vec<&str> = (last.end..c.start).map(|i| s.word(i)).collect();
            let joins = !between.is_empty()
                && between.len() <= 3
                && between
                    .iter()
                    .all(|w| matches!(*w, "and" | "," | "&" | "as" | "well" | "or" | "the"))
                && between
                    .iter()
                    .any(|w| matches!(*w, "and" | "," | "&" | "or"))
                && s.clause_of(last.start) == s.clause_of(c.start);
            // "Blinken and Defense Secretary Lloyd Austin": a title in front of the next name
            let titled = between.len() <= 5
                && matches!(between.first(), Some(&("and" | "&")))
                && (last.end + 1..c.start).all(|i| matches!(s.tag(i), Some(Tag::Proper)))
                && s.clause_of(last.start) == s.clause_of(c.start);
            if (joins || titled) && !last.possessive {
                if last.first_conjunct == 0 {
                    last.first_conjunct = last.actors.len();
                }
                if !last.actors.contains(&c.actor) {
                    last.actors.push(c.actor);
                }
                last.end = c.end;
                last.possessive = possessive;
                continue;
            }
        }
        let mut j = c.start;
        // skip determiners and adjectives in front: "the", "South Korean", "two"
        while j > 0
            && matches!(s.tag(j - 1), Some(Tag::Det | Tag::Num | Tag::Adv))
            && s.clause_of(j - 1) == s.clause_of(c.start)
        {
            j -= 1;
        }
        let prep = j
            .checked_sub(1)
            .filter(|&p| matches!(s.tag(p), Some(Tag::Prep | Tag::To)))
            .filter(|&p| s.clause_of(p) == s.clause_of(c.start))
            // "since Chile and Bolivia will meet": the word opens a clause, it heads no phrase
            .filter(|&p| {
                s.clauses
                    .get(s.clause_of(p))
                    .is_none_or(|cl| cl.start != p || cl.opener.is_none())
            })
            .map(|p| s.word(p).to_string());
        groups.push(Group {
            start: c.start,
            end: c.end,
            actors: vec![c.actor],
            prep,
            possessive,
            modifier: false,
            first_conjunct: 0,
        });
    }
    // "Japan's foreign minister", "his Australian counterpart": when the head noun is an actor
    // of its own, the possessor only modifies it
    let starts: Vec<usize> = groups.iter().map(|g| g.start).collect();
    for g in &mut groups {
        if g.possessive {
            let head = g.end + usize::from(matches!(s.tag(g.end), Some(Tag::Poss)));
            g.modifier = starts.iter().any(|&st| st >= head && st <= head + 3);
        }
    }
    groups
}

fn actor_ref(article: &Article, index: usize) -> Option<ActorRef> {
    let a = article.actors.get(index)?;
    Some(ActorRef {
        id: a.id.clone(),
        name: a.name.clone(),
        code: a.code.clone(),
    })
}

fn is_place(article: &Article, index: usize) -> bool {
    article
        .actors
        .get(index)
        .is_some_and(|a| a.kind.as_deref() == Some("place"))
}

/// Past participles the regular rule misses.
fn is_participle(w: &str) -> bool {
    w.ends_with("ed")
        || w.ends_with("en")
        || matches!(
            w,
            "held"
                | "met"
                | "hit"
                | "shot"
                | "struck"
                | "led"
                | "sent"
                | "told"
                | "sold"
                | "fought"
                | "caught"
                | "brought"
                | "kept"
                | "cut"
                | "put"
                | "set"
                | "beat"
                | "hosted"
        )
}

fn is_past(w: &str) -> bool {
    w.ends_with("ed")
        || matches!(
            w,
            "met"
                | "held"
                | "flew"
                | "went"
                | "came"
                | "took"
                | "gave"
                | "made"
                | "sent"
                | "struck"
                | "shot"
                | "fought"
                | "withdrew"
                | "led"
                | "began"
                | "broke"
                | "brought"
                | "kept"
                | "told"
                | "threw"
                | "froze"
                | "forgave"
                | "sought"
                | "spoke"
                | "sold"
                | "drove"
                | "swore"
                | "undertook"
                | "overthrew"
                | "stole"
                | "laid"
                | "paid"
                | "won"
                | "saw"
                | "was"
                | "were"
                | "did"
                | "had"
                | "hit"
                | "cut"
                | "put"
                | "set"
        )
}

/// Everything decided about one trigger before it becomes an [`Event`].
#[derive(Debug, Clone)]
struct Draft {
    code: String,
    trigger: (usize, usize),
    kind: TriggerKind,
    clause: usize,
    source_refs: Vec<ActorRef>,
    target_refs: Vec<ActorRef>,
    modality: &'static str,
    date: Option<String>,
    date_source: &'static str,
    location: Option<Location>,
    confidence: f32,
    drop: bool,
}

/// Actor mentions `(start, end, actor)` and times `(start, index)`, both sorted by start.
type Index<'i> = (&'i [(usize, usize, usize)], &'i [(usize, usize)]);

fn code_sentence(
    stage: &EventStage,
    article: &Article,
    (mentions, times): Index,
    index: usize,
    out: &mut Vec<Event>,
) {
    let Some(s) = analyse(stage, article, mentions, times, index) else {
        return;
    };
    let bounds = |i: usize| {
        let c = s.clauses.get(s.clause_of(i));
        c.map(|c| (c.start, c.end)).unwrap_or((0, s.words.len()))
    };
    // without actors only a definite mention refining an earlier event can matter
    let no_actors = s.groups.is_empty();
    let keep = |entry: &lexicon::Entry, i: usize| {
        !no_actors
            || (entry.kind == TriggerKind::Noun
                && matches!(s.word(i.wrapping_sub(1)), "the" | "this" | "that"))
    };
    let matches = stage.lexicon.find(&s.words, &keep, &bounds);
    let mut drafts: Vec<Draft> = Vec::new();
    let matches: Vec<&Match> = matches
        .iter()
        .filter(|m| m.code.is_some())
        .filter(|m| !is_false_trigger(&s, m))
        .collect();
    for m in &matches {
        if let Some(d) = draft(stage, article, &s, m) {
            drafts.push(d);
        }
    }
    merge_drafts(stage, &s, &mut drafts);
    let attribution = attribution(article, &s);
    for d in drafts.into_iter().filter(|d| !d.drop) {
        // "the meeting would fall on March 17-18": a definite mention of an event already
        // coded nearby restates it; a time it carries refines that event's date instead of
        // adding an event of its own.
        if d.kind == TriggerKind::Noun
            && matches!(s.word(d.trigger.0.wrapping_sub(1)), "the" | "this" | "that")
        {
            let pub_day = article.day().map(|day| day.to_string());
            let antecedent = out
                .iter_mut()
                .rev()
                .take_while(|e| e.sentence + ANAPHOR_REACH >= s.index)
                .find(|e| {
                    same_event_class(&e.cameo, &d.code)
                        && covers_actors(e, &d)
                        && (d.date_source != "text"
                            || refines_date(
                                d.date.as_deref(),
                                e.date.as_deref(),
                                &e.date_source,
                                pub_day.as_deref(),
                            ))
                });
            if let Some(prev) = antecedent {
                if d.date_source == "text" {
                    prev.date = d.date.clone();
                    prev.date_source = "text".into();
                }
                continue;
            }
        }
        if d.source_refs.is_empty() && d.target_refs.is_empty() {
            continue;
        }
        let Some(entry) = stage.lexicon.plover(&d.code) else {
            continue;
        };
        let (ts, te) = s.token_range(d.trigger.0, d.trigger.1);
        let clause_kind = s.clauses.get(d.clause).map(|c| c.kind);
        let attribution = attribution
            .as_ref()
            .filter(|(clause, _)| {
                Some(*clause) != Some(d.clause) && clause_kind != Some(ClauseKind::Speech)
            })
            .map(|(_, a)| a.clone())
            .or_else(|| quote_attribution(article, ts));
        let event = Event {
            cameo: d.code.clone(),
            plover: entry.plover.clone(),
            mode: entry.mode.clone(),
            context: entry.context.clone(),
            source: d.source_refs,
            target: d.target_refs,
            trigger: article.span(crate::doc::Range::new(ts, te)),
            sentence: s.index,
            date: d.date,
            date_source: d.date_source.to_string(),
            modality: d.modality.to_string(),
            attribution,
            location: d.location,
            confidence: d.confidence,
        };
        let duplicate = out.iter().any(|e| {
            e.sentence == event.sentence
                && e.cameo.get(..2) == event.cameo.get(..2)
                && e.source == event.source
                && e.target == event.target
        });
        if !duplicate {
            out.push(event);
        }
    }
}

/// How many sentences back a definite mention ("the meeting") may find what it refers to.
const ANAPHOR_REACH: usize = 2;

/// Whether a definite nominal coded `anaphor` can name an event coded `antecedent`: the
/// same CAMEO root, and inside CONSULT the same kind (a meeting is not a visit).
fn same_event_class(antecedent: &str, anaphor: &str) -> bool {
    let root = |c: &str| c.get(..2).map(str::to_string);
    if root(antecedent) != root(anaphor) {
        return false;
    }
    let consult_kind = |c: &str| match c.get(..3) {
        Some("042" | "043") => 1,
        Some("045") => 2,
        _ => 0,
    };
    root(anaphor).as_deref() != Some("04") || consult_kind(antecedent) == consult_kind(anaphor)
}

/// An anaphor without actors can name anything; one with actors only an event whose
/// sides include all their countries ("the meeting between the two allies").
fn covers_actors(antecedent: &Event, anaphor: &Draft) -> bool {
    let country = |a: &ActorRef| {
        a.code
            .as_deref()
            .and_then(|c| c.get(..3))
            .map(str::to_string)
    };
    let known: Vec<String> = antecedent
        .source
        .iter()
        .chain(&antecedent.target)
        .filter_map(country)
        .collect();
    anaphor
        .source_refs
        .iter()
        .chain(&anaphor.target_refs)
        .filter_map(country)
        .all(|c| known.contains(&c))
}

/// First and last day-or-coarser calendar values of a TIMEX3 date ("2021-03-17/2021-03-18"
/// → both ends; "2021-03" → itself; "2023-W24" → its Monday and Sunday), or `None` for
/// values that are not calendar dates (seasons, references).
fn calendar_bounds(v: &str) -> Option<(String, String)> {
    let plain = |x: &str| {
        x.len() >= 4
            && x.chars().all(|c| c.is_ascii_digit() || c == '-')
            && x.get(..4)
                .is_some_and(|y| y.chars().all(|c| c.is_ascii_digit()))
    };
    if let Some((year, week)) = v.split_once("-W") {
        let (year, week) = (
            year.parse::<i32>().ok()?,
            week.get(..2)?.parse::<i64>().ok()?,
        );
        let jan4 = crate::date::Date::new(year, 1, 4)?;
        let monday = jan4.add_days(1 - i64::from(jan4.weekday()) + 7 * (week - 1));
        return Some((monday.to_string(), monday.add_days(6).to_string()));
    }
    let (a, b) = v.split_once('/').unwrap_or((v, v));
    let (a, b) = (a.get(..10).unwrap_or(a), b.get(..10).unwrap_or(b));
    (plain(a) && plain(b)).then(|| (a.to_string(), b.to_string()))
}

/// Whether the calendar value `x` lies inside `[lo, hi]`, each end standing for the whole
/// period it names ("2021-03" spans the month).
fn within(x: &str, lo: &str, hi: &str) -> bool {
    let cut = |y: &str, n: usize| y.get(..n.min(y.len())).unwrap_or(y).to_string();
    cut(x, lo.len()).as_str() >= lo && cut(x, hi.len()).as_str() <= hi
}

/// Whether a time carried by a definite mention sharpens the earlier event's date: it
/// must fall inside that date ("March 17-18" in "mid-March"; a value coarser than the old
/// one never does), or agree with the tense the
/// date was guessed from; a date that only came from the publication day gives way.
fn refines_date(new: Option<&str>, old: Option<&str>, old_source: &str, day: Option<&str>) -> bool {
    let Some((n_lo, n_hi)) = new.and_then(calendar_bounds) else {
        return false;
    };
    let Some(old) = old else { return true };
    if new == Some(old) {
        return false;
    }
    match (old_source, calendar_bounds(old)) {
        ("text", Some((o_lo, o_hi))) => within(&n_lo, &o_lo, &o_hi) && within(&n_hi, &o_lo, &o_hi),
        ("text", None) => false,
        ("publication", _) => true,
        _ => match (old, day) {
            ("FUTURE_REF", Some(day)) => n_lo.as_str() > day,
            ("PAST_REF", Some(day)) => n_hi.as_str() < day,
            ("PRESENT_REF", _) => true,
            _ => false,
        },
    }
}

/// Words that look like triggers but are not events here: "the talks" as part of a
/// title, "attack" as an adjective ("attack helicopters"), verbs used as adjectives.
fn is_false_trigger(s: &Sentence, m: &Match) -> bool {
    let next = s.word(m.end);
    let prev = s.word(m.start.wrapping_sub(1));
    if m.entry.kind == TriggerKind::Verb && m.entry.words.len() == 1 {
        // a verb form right after a determiner is a noun ("a trade pact"); event nouns have
        // entries of their own
        if matches!(s.tag(m.start.wrapping_sub(1)), Some(Tag::Det | Tag::Poss)) && prev != "that" {
            return true;
        }
        // dictionary verb forms that read as nouns or adjectives here: a gerund after a
        // preposition ("of violating"), a plural or gerund after a noun ("medical supplies",
        // "court ruling"), a participle right after another verb ("entered disputed waters")
        if !m.entry.own {
            let w = s.word(m.start);
            let prev_tag = s.tag(m.start.wrapping_sub(1));
            if matches!(prev_tag, Some(Tag::Prep)) && w.ends_with("ing") {
                return true;
            }
            if matches!(prev_tag, Some(Tag::Noun)) && (w.ends_with('s') || w.ends_with("ing")) {
                return true;
            }
            if matches!(prev_tag, Some(Tag::Verb)) && w.ends_with("ed") {
                return true;
            }
        }
        let w = s.word(m.start);
        let prev_tag = s.tag(m.start.wrapping_sub(1));
        // "discuss pressing issues", "the most pressing concerns": an -ing form between a
        // verb (or degree word) and a noun (one that may also read as a verb: "issues") is
        // an adjective; "began attacking towns" is not
        if w.ends_with("ing")
            && matches!(s.tag(m.end), Some(Tag::Noun | Tag::Verb))
            && ((matches!(prev_tag, Some(Tag::Verb)) && !is_catenative(prev))
                || matches!(
                    prev,
                    "most" | "more" | "less" | "least" | "very" | "so" | "too"
                ))
        {
            return true;
        }
        // "wartime control", "operational command": a bare verb form cannot follow a
        // singular common noun as its subject, so it heads a noun phrase here
        let bare = !w.ends_with('s') && !w.ends_with("ed") && !w.ends_with("ing") && !is_past(w);
        if bare
            && matches!(prev_tag, Some(Tag::Noun))
            && !prev.ends_with('s')
            && !is_plural_or_adverb(prev)
        {
            return true;
        }
        // capitalised mid-sentence: a name ("Rally Party"), not a verb
        let first = s.raw.get(m.start).and_then(|r| r.chars().next());
        if m.start > 0 && first.is_some_and(char::is_uppercase) {
            return true;
        }
        // "the two allies", "three rallies": a plural verb form counted by a number is a noun
        if matches!(prev_tag, Some(Tag::Num)) && w.ends_with('s') && !w.ends_with("ss") {
            return true;
        }
        // "a photo released by the agency", "released a statement": publishing something is
        // not the release of people or property that CAMEO 084 codes
        let releases = m.code.as_deref().is_some_and(|c| c.starts_with("084"));
        if releases && (is_publication(prev) || publication_follows(s, m.end)) {
            return true;
        }
    }
    // "engagement rather than sanctions", "instead of talks": an alternative weighed, not
    // an event
    if is_alternative(s, m.start) {
        return true;
    }
    matches!(
        next,
        "helicopter" | "helicopters" | "dog" | "dogs" | "rifle" | "rifles"
    )
}

/// Things that are published rather than freed: their "release" is no event.
fn is_publication(w: &str) -> bool {
    matches!(
        w.strip_suffix('s').unwrap_or(w),
        "photo"
            | "picture"
            | "image"
            | "video"
            | "footage"
            | "statement"
            | "report"
            | "data"
            | "figure"
            | "result"
            | "document"
            | "transcript"
            | "recording"
            | "album"
            | "film"
            | "book"
            | "detail"
            | "version"
            | "update"
            | "forecast"
            | "estimate"
            | "survey"
            | "poll"
            | "study"
            | "earning"
            | "guidance"
    )
}

/// Whether the noun phrase right after `i` names a publication: "released its annual report".
fn publication_follows(s: &Sentence, i: usize) -> bool {
    (i..i + 4)
        .take_while(|&j| {
            !matches!(
                s.tag(j),
                None | Some(Tag::Prep | Tag::Punct | Tag::Conj | Tag::Sub | Tag::To | Tag::Be)
            )
        })
        .any(|j| is_publication(s.word(j)))
}

/// Verbs taking an -ing complement: "began attacking" is an attack, not an adjective.
fn is_catenative(w: &str) -> bool {
    matches!(
        w,
        "began"
            | "begin"
            | "begins"
            | "started"
            | "start"
            | "starts"
            | "kept"
            | "keep"
            | "keeps"
            | "continued"
            | "continue"
            | "continues"
            | "stopped"
            | "stop"
            | "resumed"
            | "resume"
            | "avoided"
            | "considered"
            | "considering"
            | "denied"
            | "admitted"
            | "risked"
            | "risk"
            | "finished"
            | "ended"
            | "quit"
            | "recommended"
            | "suggested"
            | "proposed"
    )
}

/// Words the tagger leaves as nouns that can precede a plural or bare verb: plural-sense
/// collectives and common adverbs ("police attack", "they also meet").
fn is_plural_or_adverb(w: &str) -> bool {
    matches!(
        w,
        "police"
            | "people"
            | "military"
            | "militia"
            | "staff"
            | "media"
            | "public"
            | "also"
            | "still"
            | "now"
            | "then"
            | "often"
            | "soon"
            | "again"
            | "even"
            | "just"
            | "only"
            | "already"
            | "together"
            | "first"
            | "later"
            | "sometimes"
            | "rarely"
            | "seldom"
    )
}

/// The trigger at `start` follows "rather than" / "instead of" / "in place of" (a few
/// determiners or modifiers may come between).
fn is_alternative(s: &Sentence, start: usize) -> bool {
    let mut i = start;
    for _ in 0..3 {
        let Some(p) = i.checked_sub(1) else {
            return false;
        };
        match s.word(p) {
            "than" => return matches!(s.word(p.wrapping_sub(1)), "rather" | "other"),
            "of" => return matches!(s.word(p.wrapping_sub(1)), "instead" | "place"),
            _ if matches!(s.tag(p), Some(Tag::Det | Tag::Adv | Tag::Noun | Tag::Num)) => i = p,
            _ => return false,
        }
    }
    false
}

/// The subject: the first actor group of the clause that is not inside a prepositional
/// phrase — except "officials from X" / "the leaders of X" before any verb.
fn first_group_before<'s>(s: &'s Sentence, lo: usize, before: usize) -> Option<&'s Group> {
    s.groups
        .iter()
        .filter(|g| g.start >= lo && g.end <= before && !g.modifier)
        .find(|g| match g.prep.as_deref() {
            None => true,
            Some("of" | "from") => !(lo..g.start).any(|i| {
                matches!(
                    s.tag(i),
                    Some(Tag::Verb | Tag::Modal | Tag::Be | Tag::Have | Tag::Do)
                )
            }),
            _ => false,
        })
}

fn clause_subject<'s>(s: &'s Sentence, clause: usize, trigger: usize) -> Option<&'s Group> {
    let c = s.clauses.get(clause)?;
    first_group_before(s, c.start, trigger.min(c.end)).or_else(|| {
        // no subject of its own: inherit from the clause before (coordinated verb phrase,
        // reported content, relative or participial clause)
        if clause == 0 {
            return None;
        }
        (0..clause).rev().find_map(|k| {
            let prev = s.clauses.get(k)?;
            if prev.kind == ClauseKind::Speech && c.kind != ClauseKind::Speech {
                // "X said Y will ..." keeps Y; a bare "X said it ..." falls back to X
            }
            first_group_before(s, prev.start, prev.end)
        })
    })
}

const TARGET_PREPS: [&str; 12] = [
    "with", "to", "against", "toward", "towards", "on", "at", "into", "from", "between", "upon",
    "of",
];

fn draft(stage: &EventStage, article: &Article, s: &Sentence, m: &Match) -> Option<Draft> {
    let code = m.code.clone()?;
    let clause_index = s.clause_of(m.start);
    let clause = s.clauses.get(clause_index)?;
    if clause.kind == ClauseKind::Speech {
        return None;
    }
    let nominal = m.entry.kind == TriggerKind::Noun
        || matches!(s.tag(m.start.wrapping_sub(1)), Some(Tag::Det | Tag::Poss));
    let trigger_word = s.word(m.start);
    let passive = !nominal
        && is_participle(trigger_word)
        && (1..=3).any(|k| {
            m.start
                .checked_sub(k)
                .filter(|&j| j >= clause.start)
                .is_some_and(|j| syntax::is_be(s.word(j)) || s.word(j) == "got")
        });
    let after: Vec<&Group> = s
        .groups
        .iter()
        .filter(|g| g.start >= m.end && g.end <= clause.end && !g.modifier)
        .collect();
    // the agent of a passive: "by X", or "by drones from X"
    let by_group = after
        .iter()
        .find(|g| g.prep.as_deref() == Some("by"))
        .or_else(|| {
            after.iter().find(|g| {
                g.prep.as_deref() == Some("from")
                    && (m.end..g.start).any(|i| s.word(i) == "by")
                    && (m.end..g.start).all(|i| s.word(i) != ",")
            })
        })
        .copied();
    let motion = m.entry.flags.motion;
    // "annexed four regions of Ukraine": an "of" phrase inside the object noun phrase
    let object_of = |g: &Group| {
        g.start <= m.end + 5
            && (m.end..g.start).all(|i| {
                matches!(
                    s.tag(i),
                    Some(Tag::Det | Tag::Num | Tag::Noun | Tag::Adv | Tag::Prep)
                ) && !matches!(s.word(i), "in" | "at" | "by" | "for" | "on" | "over")
            })
    };
    let target_group = after
        .iter()
        .find(|g| {
            let place = g.actors.iter().all(|&a| is_place(article, a));
            if motion && g.start == m.end {
                // "arrived in Moscow", "flew to Tunis": the trigger holds the preposition
                return true;
            }
            match g.prep.as_deref() {
                None => !place || motion || !nominal,
                Some("to") | Some("into") => true,
                Some("at") | Some("on") | Some("from") => !place || motion,
                Some("of") => nominal || object_of(g),
                Some("by") => false,
                Some(p) => TARGET_PREPS.contains(&p) && !place,
            }
        })
        .copied();
    let mut source: Vec<usize> = Vec::new();
    let mut target: Vec<usize> = Vec::new();
    let mut confidence: f32 = 0.8;
    if passive {
        if let Some(g) = clause_subject(s, clause_index, m.start) {
            target = g.actors.clone();
        }
        if let Some(g) = by_group {
            source = g.actors.clone();
        }
    } else if nominal {
        // "Seoul's visit", "US sanctions", "talks between X and Y", "visit by X"
        let before = s
            .groups
            .iter()
            .rev()
            .find(|g| g.end <= m.start && g.end + 3 >= m.start && g.start >= clause.start)
            .filter(|g| {
                g.possessive
                    || (g.end..m.start).all(|i| {
                        matches!(
                            s.tag(i),
                            Some(Tag::Noun | Tag::Proper | Tag::Punct | Tag::Det)
                        )
                    })
            })
            .filter(|g| g.prep.is_none() || g.possessive);
        if let Some(g) = before {
            source = g.actors.clone();
        } else if let Some(g) = by_group {
            source = g.actors.clone();
        }
        if let Some(g) = target_group.filter(|g| Some(g.start) != by_group.map(|b| b.start)) {
            if g.prep.as_deref() == Some("between") && source.is_empty() {
                source = g.actors.clone();
            } else {
                target = g.actors.clone();
            }
        }
        let receiver_verb = (clause.start..m.start).any(|i| {
            matches!(
                s.word(i),
                "received"
                    | "receives"
                    | "receive"
                    | "receiving"
                    | "got"
                    | "gets"
                    | "accepted"
                    | "accepts"
                    | "obtained"
                    | "secured"
            )
        });
        if receiver_verb {
            // "Turkey received aid from Azerbaijan": the giver acts on the receiver
            let giver = after.iter().find(|g| g.prep.as_deref() == Some("from"));
            source = giver.map(|g| g.actors.clone()).unwrap_or_default();
            target = clause_subject(s, clause_index, m.start)
                .map(|g| g.actors.clone())
                .unwrap_or_default();
        } else if source.is_empty() {
            // the nominal is the object of the clause's verb: its subject acts
            let verb_before = (clause.start..m.start).any(|i| {
                matches!(
                    s.tag(i),
                    Some(Tag::Verb | Tag::Modal | Tag::Be | Tag::Have | Tag::Do)
                )
            });
            if verb_before {
                if let Some(g) = clause_subject(s, clause_index, m.start) {
                    source = g.actors.clone();
                    confidence -= 0.1;
                }
            }
        }
    } else {
        if let Some(g) = clause_subject(s, clause_index, m.start) {
            source = g.actors.clone();
        }
        if let Some(g) = target_group {
            target = g.actors.clone();
        }
    }
    // "talks between X and Y" with nobody before: both sides act
    if source.is_empty() && target_group.and_then(|g| g.prep.as_deref()) == Some("between") {
        source = std::mem::take(&mut target);
    }
    // "Seoul and Washington will discuss issues including policy on North Korea": with
    // both sides in the subject, a symmetric event's "on/about/over X" is its topic
    let topic_prep = target_group
        .and_then(|g| g.prep.as_deref())
        .is_some_and(|p| {
            matches!(
                p,
                "on" | "about" | "over" | "of" | "regarding" | "including"
            )
        });
    if topic_prep && source.len() >= 2 && (m.entry.flags.symmetric || symmetric_code(&code)) {
        target.clear();
    }
    target.retain(|a| !source.contains(a));
    // a coordinated subject of a symmetric event acts on itself: "Seoul and Tokyo met"
    // ... but "the two secretaries" (one phrase, one side) are not two parties
    let one_side = {
        let countries: Vec<Option<&str>> = source
            .iter()
            .map(|&a| article.actors.get(a).and_then(|x| x.country.as_deref()))
            .collect();
        countries.windows(2).all(|w| w[0] == w[1])
            && s.groups
                .iter()
                .any(|g| g.actors == source && g.first_conjunct == 0)
    };
    if target.is_empty()
        && source.len() >= 2
        && !one_side
        && (m.entry.flags.symmetric || symmetric_code(&code))
    {
        // "between the two US secretaries and President Moon": split where the text does
        let at = s
            .groups
            .iter()
            .find(|g| g.actors == source)
            .map(|g| g.first_conjunct)
            .filter(|&k| k > 0 && k < source.len())
            .unwrap_or(1);
        target = source.split_off(at);
    }
    if source.is_empty() && target.is_empty() {
        confidence = 0.2;
    }
    if source.is_empty() || target.is_empty() {
        confidence -= 0.2;
    }
    let source_refs: Vec<ActorRef> = source
        .iter()
        .filter_map(|&a| actor_ref(article, a))
        .collect();
    let mut target_refs: Vec<ActorRef> = target
        .iter()
        .filter_map(|&a| actor_ref(article, a))
        .collect();
    counterparts(s, article, target_group, &source_refs, &mut target_refs);

    // hosting without a guest is no visit ("a summit that Seoul hosts")
    if m.entry.flags.host && target_refs.is_empty() {
        return None;
    }
    let (modality, code) = modality(stage, s, m, clause_index, code);
    let (date, date_source) = event_date(article, s, m, clause_index, modality);
    let modality = match (modality, date_source, date.as_deref(), article.day()) {
        ("asserted", "text", Some(v), Some(day))
            if v.get(..10).is_some_and(|d| d > day.to_string().as_str()) =>
        {
            "planned"
        }
        (m, ..) => m,
    };
    let location = location(stage, article, s, m, clause_index, motion, &target);
    Some(Draft {
        code,
        trigger: (m.start, m.end),
        kind: if nominal {
            TriggerKind::Noun
        } else {
            TriggerKind::Verb
        },
        clause: clause_index,
        source_refs,
        target_refs,
        modality,
        date,
        date_source,
        location,
        confidence: confidence.clamp(0.05, 1.0),
        drop: false,
    })
}

fn symmetric_code(code: &str) -> bool {
    matches!(
        code.get(..3),
        Some("040" | "046" | "036" | "060" | "061" | "062" | "190")
    )
}

/// "South Korean counterparts" of a government official: the same sector on the other side.
fn counterparts(
    s: &Sentence,
    article: &Article,
    group: Option<&Group>,
    source: &[ActorRef],
    target: &mut [ActorRef],
) {
    let Some(g) = group else { return };
    let mentions_counterpart = (g.start..g.end + 1).any(|i| s.word(i).starts_with("counterpart"));
    if !mentions_counterpart {
        return;
    }
    let sector = source
        .iter()
        .filter_map(|a| a.code.as_deref())
        .find(|c| c.len() >= 6)
        .and_then(|c| c.get(3..6))
        .map(str::to_string)
        .or_else(|| {
            source
                .iter()
                .filter_map(|a| article.actors.iter().find(|x| x.id == a.id))
                .find_map(|x| x.sector.first().cloned())
        });
    if let Some(sector) = sector {
        for t in target.iter_mut() {
            if let Some(code) = t.code.as_mut() {
                if code.len() == 3 {
                    code.push_str(&sector);
                }
            }
        }
    }
}

/// Reads the clause's auxiliaries and cue words; may swap the code when a negation turns
/// the event into its opposite ("do not see eye to eye" → disagree).
fn modality(
    stage: &EventStage,
    s: &Sentence,
    m: &Match,
    clause_index: usize,
    code: String,
) -> (&'static str, String) {
    let clause = match s.clauses.get(clause_index) {
        Some(c) => c,
        None => return ("asserted", code),
    };
    let window: Vec<&str> = (clause.start..m.start).map(|i| s.word(i)).collect();
    let near: Vec<&str> = (m.start.saturating_sub(4).max(clause.start)..m.start)
        .map(|i| s.word(i))
        .collect();
    // speculation ("Some speculate ...") reaches into the clauses it governs, but not into an
    // adverbial clause giving the speaker's own grounds ("..., since X will discuss ...")
    let adverbial = clause.kind == ClauseKind::Subordinate
        && matches!(
            clause.opener.as_deref(),
            Some("since" | "because" | "as" | "while" | "although" | "though" | "whereas" | "when")
        );
    let cue_start = if adverbial { clause.start } else { 0 };
    let sentence_before: Vec<&str> = (cue_start..m.start).map(|i| s.word(i)).collect();
    let has = |ws: &[&str], list: &[&str]| ws.iter().any(|w| list.contains(w));

    // a denial governs the clause it introduces: "X denied that it attacked Y"
    let governing: Vec<&str> = (clause.start.saturating_sub(4)..clause.start)
        .map(|i| s.word(i))
        .collect();
    let denials = [
        "denied", "denies", "deny", "denying", "refused", "failed", "rejected",
    ];
    let negated = has(&near, &["not", "n't", "never", "no"])
        || has(&window, &denials)
        || has(&governing, &denials);
    // "talks ... would not happen", "the visit will not go ahead": a nominal event denied
    // by the predicate it is the subject of
    let denied_by_predicate = m.entry.kind == TriggerKind::Noun
        && (m.end..clause.end.min(m.end + 12)).any(|i| {
            matches!(s.word(i), "not" | "n't" | "never")
                && (i + 1..(i + 3).min(clause.end)).any(|j| {
                    matches!(
                        s.word(j),
                        "happen"
                            | "happened"
                            | "take"
                            | "took"
                            | "go"
                            | "went"
                            | "proceed"
                            | "proceeded"
                            | "materialize"
                            | "materialise"
                            | "materialized"
                            | "occur"
                            | "occurred"
                    )
                })
        });
    let negated = negated || denied_by_predicate;
    let mut code = code;
    let mut negation_absorbed = false;
    if negated {
        if let Some(neg) = &m.entry.flags.negated_code {
            code = neg.clone();
            negation_absorbed = true;
        }
    }
    if stage.lexicon.plover(&code).is_none() {
        return ("asserted", code);
    }
    // scope of conditions: the clause itself or an "if" clause it depends on
    // "If X, Y will ...": the main clause after a leading condition
    let after_condition = clause_index > 0
        && clause.kind == ClauseKind::Main
        && s.clauses
            .first()
            .is_some_and(|c| c.kind == ClauseKind::Conditional && c.end == clause.start);
    let conditional = after_condition
        || clause.kind == ClauseKind::Conditional
        || s.clauses
            .get(clause_index + 1)
            .is_some_and(|c| c.kind == ClauseKind::Conditional && clause.kind == ClauseKind::Main);
    if conditional {
        return ("hypothetical", code);
    }
    if negated && !negation_absorbed {
        return ("negated", code);
    }
    let speculative_words = [
        "could",
        "may",
        "might",
        "possibly",
        "potentially",
        "perhaps",
        "probably",
        "likely",
        "reportedly",
        "rumored",
        "rumoured",
    ];
    let speculation_cue = has(
        &sentence_before,
        &[
            "speculation",
            "speculate",
            "speculated",
            "speculates",
            "rumors",
            "rumours",
            "whether",
        ],
    );
    // "have come close to inking an agreement", "on the verge of a deal": not yet happened;
    // "nothing has been decided regarding a meeting": not settled
    let pairs = |a: &[&str], b: &[&str]| {
        window
            .windows(2)
            .any(|p| a.contains(&p[0]) && b.contains(&p[1]))
    };
    let near_miss = pairs(&["close", "closer", "verge", "brink"], &["to", "of"]);
    let undecided = has(&window, &["nothing", "not", "no", "yet"])
        && has(
            &window,
            &[
                "decided",
                "finalized",
                "finalised",
                "settled",
                "confirmed",
                "definitive",
            ],
        );
    if clause.kind == ClauseKind::Whether
        || has(&window, &speculative_words)
        || speculation_cue
        || near_miss
        || undecided
    {
        return ("speculated", code);
    }
    let planned_words = [
        "will",
        "'ll",
        "shall",
        "would",
        "expected",
        "scheduled",
        "plans",
        "plan",
        "planned",
        "planning",
        "intends",
        "intend",
        "aims",
        "upcoming",
        "due",
        "set",
        "going",
        "proposed",
        "next",
        "slated",
        "to",
    ];
    if has(&window, &planned_words) {
        // "to" alone only after a plan-like word or a modal; "agreed to meet" is planned too
        let plain_to_only = window
            .iter()
            .filter(|w| planned_words.contains(w))
            .all(|w| *w == "to" || *w == "set" || *w == "due");
        let to_ok = window.windows(2).any(|p| {
            p.get(1) == Some(&"to")
                && p.first().is_some_and(|w| {
                    matches!(
                        *w,
                        "expected"
                            | "expects"
                            | "expect"
                            | "hope"
                            | "want"
                            | "plan"
                            | "intend"
                            | "aim"
                            | "scheduled"
                            | "set"
                            | "due"
                            | "plans"
                            | "planned"
                            | "planning"
                            | "intends"
                            | "aims"
                            | "going"
                            | "agreed"
                            | "agree"
                            | "agrees"
                            | "decided"
                            | "slated"
                            | "hopes"
                            | "wants"
                            | "seeks"
                            | "promised"
                            | "pledged"
                            | "vowed"
                            | "are"
                            | "is"
                    )
                })
        });
        if !plain_to_only || to_ok {
            return ("planned", code);
        }
    }
    ("asserted", code)
}

fn timex_value(t: &Timex) -> Option<String> {
    if !matches!(t.kind.as_str(), "DATE" | "TIME") {
        return None;
    }
    if let Some(TimeRange { begin, end }) = &t.range {
        return Some(format!("{begin}/{end}"));
    }
    if t.value.is_empty() {
        None
    } else {
        Some(t.value.clone())
    }
}

fn event_date(
    article: &Article,
    s: &Sentence,
    m: &Match,
    clause_index: usize,
    modality: &str,
) -> (Option<String>, &'static str) {
    let clause = s.clauses.get(clause_index);
    let in_clause = |t: &&(usize, usize, usize)| {
        clause.is_some_and(|c| t.0 >= c.start && t.1 <= c.end)
            && s.clauses.get(s.clause_of(t.0)).map(|c| c.kind) != Some(ClauseKind::Speech)
    };
    let usable: Vec<(usize, usize, String)> = s
        .times
        .iter()
        .filter(in_clause)
        .filter_map(|&(a, b, k)| Some((a, b, timex_value(article.times.get(k)?)?)))
        .collect();
    // prefer the nearest time after the trigger, else the nearest before
    let after = usable
        .iter()
        .filter(|t| t.0 >= m.end)
        .min_by_key(|t| t.0 - m.end);
    let before = usable
        .iter()
        .filter(|t| t.1 <= m.start)
        .min_by_key(|t| m.start - t.1);
    if let Some(t) = after.or(before) {
        return (Some(t.2.clone()), "text");
    }
    // "since September 2019, when the two allies first started the talks"
    if let Some(c) = clause {
        if c.opener.as_deref() == Some("when") {
            let prev_time = s
                .times
                .iter()
                .filter(|t| t.1 <= c.start && t.1 + 2 >= c.start)
                .filter_map(|&(_, _, k)| timex_value(article.times.get(k)?))
                .next_back();
            if let Some(v) = prev_time {
                return (Some(v), "text");
            }
        }
    }
    // the clause's tense
    let lo = clause.map(|c| c.start).unwrap_or(0);
    let verbs: Vec<&str> = (lo..m.end).map(|i| s.word(i)).collect();
    if modality == "planned" {
        return (Some("FUTURE_REF".into()), "tense");
    }
    let past = verbs.iter().any(|w| is_past(w)) || verbs.contains(&"had");
    if past {
        return (Some("PAST_REF".into()), "tense");
    }
    match article.day() {
        Some(day) if modality == "asserted" => (Some(day.to_string()), "publication"),
        _ => (Some("PRESENT_REF".into()), "tense"),
    }
}

fn location(
    stage: &EventStage,
    article: &Article,
    s: &Sentence,
    m: &Match,
    clause_index: usize,
    motion: bool,
    target: &[usize],
) -> Option<Location> {
    let clause = s.clauses.get(clause_index)?;
    let place_group = s.groups.iter().find(|g| {
        g.start >= clause.start
            && g.end <= clause.end
            && g.actors.iter().all(|&a| is_place(article, a))
            && (matches!(g.prep.as_deref(), Some("in" | "at" | "near"))
                || (motion && g.start >= m.end && g.actors == target))
    });
    if let Some(g) = place_group {
        let (ts, te) = s.token_range(g.start, g.end);
        let text = article.text.get(ts..te).unwrap_or("").to_string();
        let actor = g.actors.first().and_then(|&a| article.actors.get(a));
        return Some(place(
            stage,
            article,
            &text,
            actor.and_then(|a| a.country.clone()),
            Some((ts, te)),
        ));
    }
    // LOC entities when the actor layer has no place for them. The entity layer is sorted
    // by start, so only the sentence's own entities are read (long articles stay linear).
    let sentence_start = s.offsets.first().map_or(0, |o| o.0);
    let sentence_end = s.offsets.last().map_or(0, |o| o.1);
    let first_entity = article
        .entities
        .partition_point(|e| e.start < sentence_start);
    let loc = article
        .entities
        .get(first_entity..)
        .unwrap_or(&[])
        .iter()
        .take_while(|e| e.start < sentence_end)
        .find(|e| {
            e.label == "LOC"
                && token_index_at(&s.offsets, e.start).is_some_and(|i| {
                    i >= clause.start
                        && i < clause.end
                        && matches!(s.word(i.wrapping_sub(1)), "in" | "at")
                })
        });
    if let Some(e) = loc {
        return Some(place(stage, article, &e.text, None, Some((e.start, e.end))));
    }
    // "here": the dateline's place
    let here = (clause.start..clause.end).find(|&i| s.word(i) == "here")?;
    let dateline = article.dateline.as_ref()?;
    let city = dateline
        .text
        .split([',', '(', '-', '—'])
        .next()
        .unwrap_or("")
        .trim();
    if city.is_empty() {
        return None;
    }
    let _ = here;
    Some(place(stage, article, &titlecase(city), None, None))
}

fn titlecase(s: &str) -> String {
    s.split_whitespace()
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) => f
                    .to_uppercase()
                    .chain(c.flat_map(char::to_lowercase))
                    .collect(),
                None => String::new(),
            }
        })
        .collect::<Vec<String>>()
        .join(" ")
}

fn place(
    stage: &EventStage,
    article: &Article,
    name: &str,
    country: Option<String>,
    span: Option<(usize, usize)>,
) -> Location {
    let found = stage.gazetteer.as_ref().and_then(|g| g.place(name));
    let (country, lat, lon) = match found {
        Some((c, lat, lon)) => (c.or(country), Some(lat), Some(lon)),
        None => (country, None, None),
    };
    Location {
        name: name.to_string(),
        country,
        lat,
        lon,
        span: span.map(|(a, b)| article.span(crate::doc::Range::new(a, b))),
    }
}

/// Nominal triggers that only restate a verbal one in the same clause are folded into it:
/// "discuss ... in a videoconference" (the noun refines the code), "signed an agreement"
/// (the object is the event itself). "flew to Washington for negotiations" keeps both.
fn merge_drafts(stage: &EventStage, s: &Sentence, drafts: &mut [Draft]) {
    let n = drafts.len();
    for i in 0..n {
        for j in 0..n {
            if i == j {
                continue;
            }
            let (Some(v), Some(d)) = (drafts.get(i), drafts.get(j)) else {
                continue;
            };
            if v.drop || d.drop || v.kind != TriggerKind::Verb || d.kind != TriggerKind::Noun {
                continue;
            }
            if v.clause != d.clause || v.trigger.1 > d.trigger.0 {
                continue;
            }
            // Words are read lazily: in a run-on sentence with thousands of triggers,
            // collecting every gap made this loop cubic (minutes of CPU on 100 KB).
            let gap = d.trigger.0 - v.trigger.1;
            let object = (0..gap).all(|k| {
                let w = s.word(v.trigger.1 + k);
                let t = s.tag(v.trigger.1 + k);
                matches!(t, Some(Tag::Det | Tag::Num | Tag::Adv | Tag::Poss))
                    || (t == Some(Tag::Noun) && !w.is_empty() && k + 1 == gap)
                    || matches!(
                        w,
                        "new" | "further" | "more" | "formal" | "official" | "fresh"
                    )
            });
            let manner = gap <= 6
                && (v.trigger.1..d.trigger.0)
                    .map(|k| s.word(k))
                    .collect::<Vec<&str>>()
                    .iter()
                    .rposition(|w| {
                        matches!(
                            *w,
                            "in" | "at" | "by" | "via" | "during" | "through" | "over"
                        )
                    })
                    .is_some_and(|k| {
                        (k + 1..gap).all(|x| {
                            !matches!(
                                s.tag(v.trigger.1 + x),
                                Some(Tag::Verb | Tag::Prep | Tag::Punct)
                            )
                        })
                    });
            let same_type = stage.lexicon.plover(&v.code).map(|e| &e.plover)
                == stage.lexicon.plover(&d.code).map(|e| &e.plover);
            let refine = same_type
                && v.code.ends_with('0')
                && d.code.get(..2) == v.code.get(..2)
                && d.code.len() >= v.code.len();
            if object || (manner && same_type) {
                let new_code = d.code.clone();
                let d_date = (d.date.clone(), d.date_source);
                let d_location = d.location.clone();
                if let Some(v) = drafts.get_mut(i) {
                    if refine {
                        v.code = new_code;
                    }
                    if v.date_source != "text" && d_date.1 == "text" {
                        v.date = d_date.0;
                        v.date_source = "text";
                    }
                    if v.location.is_none() {
                        v.location = d_location;
                    }
                }
                if let Some(d) = drafts.get_mut(j) {
                    d.drop = true;
                }
            }
        }
    }
    // "agreed to meet", "refused to talk", "threatened to attack": the governing verb
    // carries the event, with a sub-code for what is agreed, refused or threatened.
    for i in 0..n {
        for j in 0..n {
            let (Some(g), Some(e)) = (drafts.get(i), drafts.get(j)) else {
                continue;
            };
            if i == j || g.drop || e.drop || g.clause != e.clause {
                continue;
            }
            if g.kind != TriggerKind::Verb || g.trigger.1 > e.trigger.0 {
                continue;
            }
            // Every pattern below spans at most 6 words.
            if e.trigger.0 - g.trigger.1 > 6 {
                continue;
            }
            let between = (g.trigger.1..e.trigger.0)
                .map(|k| s.word(k))
                .collect::<Vec<_>>();
            let g_ends_with_to = s.word(g.trigger.1.wrapping_sub(1)) == "to";
            // "agreed to meet", "agreed to resume talks", "vowed to cooperate",
            // "asked the IMF for loans", "threatened Taiwan with tariffs"
            let to_verb = (between.last() == Some(&"to") || (g_ends_with_to && between.is_empty()))
                && between.len() <= 4;
            let to_light_noun = e.kind == TriggerKind::Noun
                && between.len() <= 6
                && between.iter().position(|w| *w == "to").is_some_and(|k| {
                    between
                        .get(k + 1)
                        .is_some_and(|v| stage.lexicon.is_light_verb(v))
                        && (k + 2..between.len()).all(|x| {
                            matches!(
                                s.tag(g.trigger.1 + x),
                                Some(Tag::Det | Tag::Num | Tag::Adv | Tag::Noun)
                            )
                        })
                });
            let governs_pp = e.kind == TriggerKind::Noun
                && matches!(g.code.get(..2), Some("02" | "03" | "10" | "12" | "13"))
                && between.len() <= 6
                && between
                    .iter()
                    .rposition(|w| matches!(*w, "for" | "with" | "of"))
                    .is_some_and(|k| {
                        (k + 1..between.len()).all(|x| {
                            matches!(
                                s.tag(g.trigger.1 + x),
                                Some(Tag::Det | Tag::Num | Tag::Adv | Tag::Noun)
                            )
                        })
                    });
            if !(to_verb || to_light_noun || governs_pp) {
                continue;
            }
            let groot = g.code.get(..2).unwrap_or("");
            let eroot = e.code.get(..2).unwrap_or("");
            let combined = match (groot, eroot) {
                ("03", "04") => Some("036"),
                ("03", "06") => Some("031"),
                ("02", "07") => Some("023"),
                ("10", "07") => Some("103"),
                ("12", "07") => Some("122"),
                ("03", "07") => Some("033"),
                ("03", "08") => Some("035"),
                ("02", "04") => Some("026"),
                ("10", "04") => Some("106"),
                ("12", "04") => Some("125"),
                ("13", "18" | "19" | "20") => Some("138"),
                ("13", "16") => Some("1313"),
                ("13", "17") => Some("132"),
                _ => None,
            };
            let g_code = g.code.clone();
            if let Some(d) = drafts.get_mut(j) {
                d.drop = true;
            }
            if let (Some(code), Some(g)) = (combined, drafts.get_mut(i)) {
                if g_code.ends_with('0') {
                    g.code = code.to_string();
                }
            }
        }
    }
}

/// The reported-speech clause of a sentence: `(clause index, attribution)`.
fn attribution(article: &Article, s: &Sentence) -> Option<(usize, Attribution)> {
    let (k, c) = s
        .clauses
        .iter()
        .enumerate()
        .find(|(_, c)| c.kind == ClauseKind::Speech && !matches!(s.word(c.start), "," | "adding"))
        .or_else(|| {
            s.clauses
                .iter()
                .enumerate()
                .find(|(_, c)| c.kind == ClauseKind::Speech)
        })?;
    let verb = (c.start..c.end).find(|&i| syntax::is_speech(s.word(i)))?;
    let (mut a, mut b) = if s.word(verb) == "according" {
        (verb + 2, c.end)
    } else {
        (c.start, verb)
    };
    while a < b && matches!(s.word(a), "," | "and" | "but" | "\"" | "“" | "”") {
        a += 1;
    }
    // "said X" inversions: "..., said a Foreign Ministry official"
    if a >= b {
        a = verb + 1;
        b = c.end;
        while b > a && (matches!(s.tag(b - 1), Some(Tag::Punct)) || s.word(b - 1) == "that") {
            b -= 1;
        }
    }
    // trailing time words belong to the verb ("sources said Friday")
    while b > a && s.times.iter().any(|t| t.0 < b && b - 1 < t.1) {
        b -= 1;
    }
    if a >= b {
        return None;
    }
    let (start, end) = s.token_range(a, b);
    let actor = s
        .groups
        .iter()
        .find(|g| g.start >= a && g.end <= b)
        .and_then(|g| g.actors.first())
        .and_then(|&i| actor_ref(article, i));
    Some((
        k,
        Attribution {
            text: article.text.get(start..end).unwrap_or("").to_string(),
            start,
            end,
            actor,
        },
    ))
}

/// Events inside a direct quote are attributed to its speaker.
fn quote_attribution(article: &Article, at: usize) -> Option<Attribution> {
    // quotes come sorted by start; a straight pair may nest inside a curly one, so look at
    // the few that open last before `at`
    let k = article.quotes.partition_point(|q| q.start <= at);
    let q = article
        .quotes
        .get(k.saturating_sub(3)..k)?
        .iter()
        .rev()
        .find(|q| at < q.end)?;
    let span: &Span = q.speaker_span.as_ref()?;
    Some(Attribution {
        text: span.text.clone(),
        start: span.start,
        end: span.end,
        actor: q.speaker.clone(),
    })
}

#[cfg(test)]
mod tests;
