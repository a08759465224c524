//! Events: who did what to whom, when, where, how sure, and who says so.
//!
//! A clause at a time: triggers from the [`lexicon::Lexicon`] (CAMEO verb patterns plus our
//! own nominalisations and phrases), arguments from the `actors` layer read through shallow
//! clause structure (`syntax`), dates from the `times` layer or the clause's tense,
//! modality from auxiliaries and cue words, attribution from reported speech, location from
//! "in/at PLACE". Direct quotes with their speakers fill the `quotes` layer.
//!
//! This file is the stage's face and its per-sentence loop ([`EventStage`]); each step has
//! a file of its own, and none imports this one back (they get the lexicon and the
//! [`Gazetteer`] as arguments):
//! - `sentence`: words, tags, clauses and actor groups of one sentence;
//! - `triggers`: lexicon matches that are no events here;
//! - `arguments`: source and target of a trigger (passive agents, nominals, counterparts);
//! - `tree`, `roles`: the sentence's dependency tree (when the article was parsed) and the
//!   sides it gives a trigger, which `arguments` prefers to its shallow reading;
//! - `modality`, `when`, `place`: how sure, when and where;
//! - `merge`: restatements inside a clause ("signed an agreement", "agreed to meet");
//! - `anaphora`: "the meeting" a sentence later refining an earlier event;
//! - `attribution`: who says so; `quotes`: direct quotes and their speakers.
//!
//! The code tables (PLOVER types, quad classes, Goldstein scale) are in [`codes`].

mod anaphora;
mod arguments;
mod attribution;
pub mod codes;
pub mod eval;
pub mod lexicon;
mod merge;
mod modality;
pub mod petrarch;
mod place;
pub mod plover;
mod quotes;
mod roles;
mod sentence;
mod speech;
pub(crate) mod syntax;
mod tree;
mod triggers;
mod when;

use std::path::Path;

use crate::doc::{Article, Event};
use crate::stage::Stage;
use anaphora::{covers_actors, refines_date, same_event_class, ANAPHOR_REACH};
use arguments::{draft, Draft};
use attribution::{attribution, quote_attribution};
use lexicon::{Match, TriggerKind};
use merge::merge_drafts;
use sentence::{analyse, Sentence};
use syntax::ClauseKind;
use triggers::{
    accused_from_content, armed_sides, drop_alternatives, is_false_trigger, is_figurative_assault,
    is_gift_without_recipient, is_noun_modifier_clause, recipient_from_act,
};

// What the rest of the crate, the other crates, examples and fuzz targets use; the
// modules stay public too, so the longer paths keep working.
pub use codes::PLOVER_TYPES;
pub use eval::{evaluate, read_gold, GoldItem, Report};
pub use lexicon::Lexicon;
pub use petrarch::{parse_petrarch, VerbDictionary};
pub use place::Gazetteer;
pub use plover::{PloverEntry, PloverTable};

/// The event stage: fills `events` and `quotes`.
pub struct EventStage {
    lexicon: std::sync::Arc<Lexicon>,
    gazetteer: Option<Box<dyn Gazetteer>>,
}

impl EventStage {
    pub fn standard() -> crate::error::Result<Self> {
        Ok(EventStage {
            lexicon: std::sync::Arc::new(Lexicon::standard()?),
            gazetteer: None,
        })
    }

    /// Uses the PETRARCH verb dictionaries in `dir` instead of the default one.
    pub fn with_dictionaries(dir: &Path) -> crate::error::Result<Self> {
        Ok(EventStage {
            lexicon: std::sync::Arc::new(Lexicon::from_dictionary_dir(dir)?),
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

    /// The lexicon, shared (for [`sentences_to_parse`] in a stage that runs before this one).
    pub fn shared_lexicon(&self) -> std::sync::Arc<Lexicon> {
        self.lexicon.clone()
    }
}

/// The sentences worth a dependency parse for coding: those with a mention of a political
/// actor and a trigger of `lexicon` that is an event predicate there (the stage codes no
/// other sentence). Runs the stage's own shallow reading, which costs far less than a parse.
pub fn sentences_to_parse(lexicon: &Lexicon, article: &Article) -> Vec<bool> {
    let mut political: Vec<usize> = article
        .actors
        .iter()
        .filter(|a| a.code.as_deref().is_some_and(codes::is_political))
        .flat_map(|a| a.mentions.iter().map(|m| m.start))
        .collect();
    political.sort_unstable();
    let mentions = mention_index(article);
    let mut times: Vec<(usize, usize)> = article
        .times
        .iter()
        .enumerate()
        .map(|(k, t)| (t.start, k))
        .collect();
    times.sort_unstable();
    article
        .sentences
        .iter()
        .enumerate()
        .map(|(index, sentence)| {
            let first = political.partition_point(|&p| p < sentence.start);
            if political.get(first).is_none_or(|&p| p >= sentence.end) {
                return false;
            }
            let Some(s) = analyse(lexicon, article, &mentions, &times, index) else {
                return false;
            };
            let bounds = |i: usize| {
                let c = s.clauses.get(s.clause_of(i));
                c.map(|c| (c.start, c.end)).unwrap_or((0, s.words.len()))
            };
            let found = lexicon.find(&s.words, &|_, _| true, &bounds);
            found
                .iter()
                .any(|m| m.code.is_some() && !is_false_trigger(&s, m))
        })
        .collect()
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
            if crate::budget::expired() {
                break;
            }
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

/// Actor mentions `(start, end, actor)` and times `(start, index)`, both sorted by start.
type Index<'i> = (&'i [(usize, usize, usize)], &'i [(usize, usize)]);

/// Codes one sentence: triggers, their drafts, restatements folded, definite mentions
/// resolved, events pushed to `out` unless a same-sentence duplicate is there.
fn code_sentence(
    stage: &EventStage,
    article: &Article,
    (mentions, times): Index,
    index: usize,
    out: &mut Vec<Event>,
) {
    let Some(s) = analyse(&stage.lexicon, article, mentions, times, index) else {
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
    let found = stage.lexicon.find(&s.words, &keep, &bounds);
    let mut drafts: Vec<Draft> = Vec::new();
    let mut matches: Vec<&Match> = found
        .iter()
        .filter(|m| m.code.is_some())
        .filter(|m| !is_false_trigger(&s, m))
        .collect();
    // "X said the plan was ill-advised": the verb of saying is the act, unless the sentence
    // already has an act of its kind (one act, one event)
    let taken = matches.iter().any(|m| {
        m.code
            .as_deref()
            .and_then(|c| c.get(..2))
            .is_some_and(|r| matches!(r, "11" | "12" | "05"))
    });
    let evaluative = if taken {
        None
    } else {
        speech::evaluative_saying(&s)
    }
    .map(|(at, code)| {
        let entry = lexicon::Entry {
            words: vec![s.word(at).to_string()],
            kind: TriggerKind::Verb,
            code: Some(code.to_string()),
            block: None,
            flags: lexicon::Flags::default(),
            own: true,
        };
        (at, code, entry)
    });
    let said = evaluative.as_ref().map(|(at, code, entry)| Match {
        entry,
        start: *at,
        end: at + 1,
        code: Some(code.to_string()),
    });
    if let Some(m) = &said {
        let at = matches.partition_point(|x| x.start < m.start);
        matches.insert(at, m);
    }
    for m in &matches {
        let d = if said.as_ref().is_some_and(|e| std::ptr::eq(e, *m)) {
            speech::saying_draft(article, &s, m)
        } else {
            draft(&stage.lexicon, stage.gazetteer.as_deref(), article, &s, m)
        };
        if let Some(d) = d {
            drafts.push(d);
        }
    }
    merge_drafts(&stage.lexicon, &s, &mut drafts);
    drop_alternatives(&s, &mut drafts);
    speech::link_content(&s, &mut drafts);
    recipient_from_act(&mut drafts);
    let attribution = attribution(article, &s);
    // the index in `out` each draft became, for `content_of`
    let mut emitted: Vec<Option<usize>> = vec![None; drafts.len()];
    for (k, mut d) in drafts.into_iter().enumerate().filter(|(_, d)| !d.drop) {
        if speech::is_verbal_attack(&s, &d) {
            d.code = "111".into();
        }
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
        if is_figurative_assault(&s, &d) {
            continue;
        }
        if is_noun_modifier_clause(&s, &d) {
            continue;
        }
        armed_sides(article, &mut d);
        accused_from_content(article, &s, &mut d);
        if is_gift_without_recipient(&d) {
            continue;
        }
        // at least one side must be a political actor: firm-to-firm deals, market moves
        // and uncoded bystanders give no event (coding guide §2)
        if !d
            .source_refs
            .iter()
            .chain(&d.target_refs)
            .any(|a| a.code.as_deref().is_some_and(codes::is_political))
        {
            continue;
        }
        // a side known only as "he", "the government" or "officials" carries a vague act
        // (a meeting, cooperation, yielding, looking into) badly: such acts need a political
        // side named in the sentence
        if weak_act(&d.code)
            && !d
                .source_refs
                .iter()
                .chain(&d.target_refs)
                .filter(|a| a.code.as_deref().is_some_and(codes::is_political))
                .any(|a| named_here(article, &s, a))
        {
            continue;
        }
        let Some(entry) = stage.lexicon.plover(&d.code) else {
            continue;
        };
        let plover = entry.plover;
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
            plover,
            mode: entry.mode.clone(),
            context: entry.context.clone(),
            source: d.source_refs,
            target: d.target_refs,
            trigger: article.span(crate::doc::Range::new(ts, te)),
            sentence: s.index,
            date: d.date,
            date_source: d.date_source.to_string(),
            modality: d.modality,
            attribution,
            location: d.location,
            confidence: d.confidence,
            content_of: d.content_of.and_then(|a| emitted.get(a).copied().flatten()),
        };
        let duplicate = out.iter().any(|e| {
            e.sentence == event.sentence
                && e.cameo.get(..2) == event.cameo.get(..2)
                && e.source == event.source
                && e.target == event.target
        });
        if !duplicate {
            if let Some(slot) = emitted.get_mut(k) {
                *slot = Some(out.len());
            }
            out.push(event);
        }
    }
}

#[cfg(test)]
mod tests;

/// CAMEO codes of vague acts whose verbs are mostly economic or administrative in news
/// ("persuade", "recognise", "cooperation", "loosen", "free", "investigate", "asylum", "a
/// meeting"): consultation unspecified (040), diplomatic cooperation unspecified (050) and
/// recognition (054), material cooperation (06), yielding (08) and investigation (09), and
/// asylum (075). Praise (051), signing (057) and specific consultations (042 visits, 046
/// negotiations) are explicit acts and stay.
fn weak_act(code: &str) -> bool {
    matches!(code, "040" | "050" | "054" | "075")
        || matches!(code.get(..2), Some("06" | "08" | "09"))
}

/// Whether the actor `a` is named in the sentence `s` (or not mentioned in it at all): a
/// mention the linker resolved from context, a pronoun or a common noun ("he", "the
/// government", "officials"; `Actor::context_mentions`), does not count as naming it.
fn named_here(article: &Article, s: &Sentence, a: &crate::doc::ActorRef) -> bool {
    let end = s.offsets.last().map_or(s.start, |o| o.1);
    let Some(actor) = article.actors.iter().find(|x| x.id == a.id) else {
        return true;
    };
    let mut here = actor
        .mentions
        .iter()
        .filter(|m| m.start >= s.start && m.end <= end)
        .peekable();
    if here.peek().is_none() {
        return true;
    }
    here.any(|m| {
        !actor
            .context_mentions
            .iter()
            .any(|c| c.range() == m.range())
    })
}
