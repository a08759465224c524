//! Who acts on whom for one trigger: the subject, object and prepositional groups of its
//! clause become source and target. A passive agent ("by X") becomes the source and the
//! passive subject the target; nominals ("Seoul's visit", "talks between X and Y"), givers
//! and receivers, symmetric events and "counterparts" are handled here too. The result is a
//! [`Draft`], completed with modality, date and place.

use crate::doc::{ActorRef, Article, Location, Modality};

use super::lexicon::{Lexicon, Match, TriggerKind};
use super::modality::modality;
use super::place::{is_place, location, Gazetteer};
use super::roles::{roles, trigger_head, within_clause};
use super::sentence::{Group, Sentence};
use super::syntax::{self, ClauseKind, Tag};
use super::when::event_date;

/// Everything decided about one trigger before it becomes an [`Event`](crate::doc::Event).
#[derive(Debug, Clone)]
pub(super) struct Draft {
    pub(super) code: String,
    pub(super) trigger: (usize, usize),
    pub(super) kind: TriggerKind,
    pub(super) clause: usize,
    pub(super) source_refs: Vec<ActorRef>,
    pub(super) target_refs: Vec<ActorRef>,
    pub(super) modality: Modality,
    pub(super) date: Option<String>,
    pub(super) date_source: &'static str,
    pub(super) location: Option<Location>,
    pub(super) confidence: f32,
    pub(super) drop: bool,
    /// The draft (index in the sentence's list) of the speech act whose content this is.
    pub(super) content_of: Option<usize>,
}

/// The reference an event stores for the article's actor `index`.
pub(super) fn actor_ref(article: &Article, index: usize) -> Option<ActorRef> {
    let a = article.actors.get(index)?;
    Some(ActorRef {
        id: a.id.clone(),
        name: a.name.clone(),
        code: a.code.clone(),
    })
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

pub(super) fn draft(
    lexicon: &Lexicon,
    gazetteer: Option<&dyn Gazetteer>,
    article: &Article,
    s: &Sentence,
    m: &Match,
) -> Option<Draft> {
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
    let mut target_group = after
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
    let mut receiver = false;
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
        receiver = receiver_verb;
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
    // the dependency tree, when the sentence was parsed, overrides each side it can read
    let tree_roles = s.tree.as_ref().and_then(|t| {
        let p = trigger_head(t, m.start, m.end)?;
        let symmetric = m.entry.flags.symmetric || symmetric_code(&code);
        Some((roles(s, article, t, p, nominal, motion, symmetric), t, p))
    });
    if let Some((r, tree, p)) = tree_roles.filter(|_| !receiver) {
        // a shallow target the tree puts in another clause is no argument of this trigger
        // (dropped only when a political source carries the event without it)
        let political_source = r.source.as_ref().unwrap_or(&source).iter().any(|&a| {
            article
                .actors
                .get(a)
                .and_then(|x| x.code.as_deref())
                .is_some_and(super::codes::is_political)
        });
        if r.target.is_none()
            && political_source
            && target_group.is_some_and(|g| !within_clause(tree, g.start, g.end, p))
        {
            target.clear();
            target_group = None;
        }
        // "asking the ICC to reopen the case": a phrase after the trigger that the tree makes
        // its object is no subject, whatever the shallow reading took (before the trigger
        // the shallow subject stands: the tree may misread "A and B cut ties with C")
        let object_after = r.target.as_ref().is_some_and(|t| {
            !t.is_empty()
                && t.iter().all(|a| source.contains(a))
                && s.groups
                    .iter()
                    .any(|g| g.start >= m.end && g.actors.iter().any(|a| t.contains(a)))
        });
        if r.source.is_none() && object_after {
            source.clear();
        }
        if r.passive != passive && !nominal {
            // the shallow reading took the wrong voice: neither of its sides stands
            source = r.source.unwrap_or_default();
            target = r.target.unwrap_or_default();
            target_group = r.target_group;
        } else {
            if let Some(a) = r.source {
                source = a;
            }
            if let Some(a) = r.target {
                target = a;
                target_group = r.target_group;
            }
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
    let (modality, code) = modality(lexicon, s, m, clause_index, code);
    let (date, date_source) = event_date(article, s, m, clause_index, modality);
    let modality = match (modality, date_source, date.as_deref(), article.day()) {
        (Modality::Asserted, "text", Some(v), Some(day))
            if v.get(..10).is_some_and(|d| d > day.to_string().as_str()) =>
        {
            Modality::Planned
        }
        (m, ..) => m,
    };
    let location = location(gazetteer, article, s, m, clause_index, motion, &target);
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
        content_of: None,
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
