//! Who acts on whom, read from the dependency tree when the sentence was parsed: the
//! subject (or the `by` agent of a passive) is the source; the indirect object, the object
//! and prepositional partners ("with", "to", "against", "on", "for", ...) the target. A
//! trigger without a subject of its own takes it from the clause that governs it: the
//! controller ("agreed to resume talks with X"), the first conjunct ("met X and signed"),
//! the noun a relative or participial clause modifies ("Shultz, who met X"). A nominal
//! trigger reads its possessor, compound or `by` phrase, else the subject of the verb it is
//! the object of ("held talks with X"). Appositions and coordination come with the phrase.
//!
//! Each side is `None` when the tree has nothing to say, so the caller keeps its shallow
//! reading for that side.

use super::place::is_place;
use super::sentence::{Group, Sentence};
use super::tree::Tree;
use crate::doc::Article;

/// The sides the tree found for one trigger.
#[derive(Debug, Default)]
pub(super) struct Roles<'s> {
    pub(super) source: Option<Vec<usize>>,
    pub(super) target: Option<Vec<usize>>,
    /// The group the target came from (for "counterparts" and topics).
    pub(super) target_group: Option<&'s Group>,
    /// The preposition of the target's phrase, if any.
    pub(super) target_prep: Option<String>,
    /// The trigger's clause is passive (a `nsubj:pass` or an agent).
    pub(super) passive: bool,
}

/// Relations that stay inside a noun phrase: a mention below its head through these belongs
/// to the phrase ("the leaders of X", "Shultz, the secretary", "X and Y").
fn inside_phrase(rel: &str) -> bool {
    matches!(
        rel,
        "compound" | "flat" | "nmod" | "nmod:poss" | "appos" | "amod" | "conj" | "det" | "nummod"
    )
}

/// Prepositions that name the other side of an event.
fn partner_prep(prep: &str) -> bool {
    matches!(
        prep,
        "with"
            | "to"
            | "against"
            | "toward"
            | "towards"
            | "on"
            | "upon"
            | "at"
            | "into"
            | "from"
            | "between"
            | "for"
    )
}

/// Heads of phrases whose "of X" names who asked or invited, never the other side.
fn is_request_noun(w: &str) -> bool {
    matches!(
        w,
        "request" | "behest" | "invitation" | "urging" | "initiative" | "suggestion" | "instance"
    )
}

fn is_relative_pronoun(w: &str) -> bool {
    matches!(w, "who" | "which" | "that" | "whom")
}

/// The preposition of the phrase headed by `t` (its `case` dependents, joined: "because of").
fn prep_of(s: &Sentence, tree: &Tree, t: usize) -> Option<String> {
    let words: Vec<&str> = tree
        .children(t)
        .iter()
        .filter(|&&c| tree.rel(c) == "case" && c < t)
        .map(|&c| s.word(c))
        .collect();
    (!words.is_empty()).then(|| words.join(" "))
}

/// The actor group the phrase headed by `t` names: the group holding `t`, else the first
/// group below `t` inside its noun phrase ("officials from X"); conjuncts of `t` add theirs.
fn phrase<'s>(s: &'s Sentence, tree: &Tree, t: usize) -> Option<(Vec<usize>, &'s Group)> {
    let own = |t: usize| -> Option<&'s Group> {
        let holding = s
            .groups
            .iter()
            .find(|g| g.start <= t && t < g.end && !g.modifier);
        holding.or_else(|| {
            s.groups.iter().filter(|g| !g.modifier).find(|g| {
                tree.top_of(g.start, g.end).is_some_and(|top| {
                    top != t
                        && tree.reaches(top, t, 4, |r| inside_phrase(r) && r != "conj")
                        && g.prep.as_deref().is_none_or(|p| matches!(p, "of" | "from"))
                })
            })
        })
    };
    let first = own(t);
    let mut actors: Vec<usize> = first.map(|g| g.actors.clone()).unwrap_or_default();
    let mut group = first;
    for &c in tree.children(t) {
        if tree.rel(c) != "conj" {
            continue;
        }
        if let Some(g) = own(c) {
            for &a in &g.actors {
                if !actors.contains(&a) {
                    actors.push(a);
                }
            }
            group.get_or_insert(g);
        }
    }
    let group = group?;
    (!actors.is_empty()).then_some((actors, group))
}

/// The subject of the predicate `p`: (token, passive).
fn own_subject(tree: &Tree, p: usize) -> Option<(usize, bool)> {
    tree.children(p).iter().find_map(|&c| match tree.rel(c) {
        "nsubj" => Some((c, false)),
        "nsubj:pass" => Some((c, true)),
        _ => None,
    })
}

/// The agent of `p`: `obl:agent`, or a passive's `obl` with "by".
fn agent(s: &Sentence, tree: &Tree, p: usize, passive: bool) -> Option<usize> {
    tree.children(p).iter().copied().find(|&c| {
        tree.rel(c) == "obl:agent"
            || (passive && tree.rel(c) == "obl" && prep_of(s, tree, c).as_deref() == Some("by"))
    })
}

/// Where the source of `p` is when it has no subject of its own: the controller, the first
/// conjunct's subject, or the noun a relative or participial clause modifies. Returns the
/// token heading the source's phrase.
fn inherited_source(tree: &Tree, mut p: usize) -> Option<usize> {
    for _ in 0..4 {
        let h = tree.head(p)?;
        match tree.rel(p) {
            // "urged X to meet Y": an object controls the complement
            "xcomp"
                if tree
                    .children(h)
                    .iter()
                    .any(|&c| tree.rel(c) == "obj" && c < p) =>
            {
                return tree
                    .children(h)
                    .iter()
                    .copied()
                    .find(|&c| tree.rel(c) == "obj" && c < p);
            }
            // "agreed to resume talks", "met X and signed", "after meeting X, Y said"
            "xcomp" | "conj" | "advcl" => {
                if let Some((subj, passive)) = own_subject(tree, h) {
                    if !passive {
                        return Some(subj);
                    }
                    return None;
                }
                p = h;
            }
            // "Shultz, who met X" / "officials meeting in X": the noun modified acts
            "acl:relcl" | "acl" => return Some(h),
            _ => return None,
        }
    }
    None
}

/// A side found in the tree: its actors, the group they came from, the preposition.
type Side<'s> = (Vec<usize>, &'s Group, Option<String>);

/// The other side of predicate `p`: indirect object, object, else a partner phrase.
fn partner<'s>(
    s: &'s Sentence,
    article: &Article,
    tree: &Tree,
    p: usize,
    motion: bool,
    nominal_trigger: bool,
) -> Option<Side<'s>> {
    let kids = tree.children(p);
    let mut best: Option<(u8, Side<'s>)> = None;
    for &c in kids {
        let rel = tree.rel(c);
        let rank = match rel {
            "iobj" => 0,
            "obj" => 1,
            "obl" | "nmod" => 2,
            _ => continue,
        };
        if best.as_ref().is_some_and(|(r, _)| *r <= rank) {
            continue;
        }
        let prep = prep_of(s, tree, c);
        if is_request_noun(s.word(c)) {
            continue;
        }
        let Some((actors, group)) = phrase(s, tree, c) else {
            continue;
        };
        let place = actors.iter().all(|&a| is_place(article, a));
        let ok = match prep.as_deref() {
            None => !place || motion || !nominal_trigger,
            Some("to" | "into") => true,
            Some("at" | "on" | "from") => !place || motion,
            Some(p) => partner_prep(p) && !place,
        };
        if ok {
            best = Some((rank, (actors, group, prep)));
        }
    }
    best.map(|(_, x)| x)
}

/// The sides the tree gives the trigger whose head word is `p`.
pub(super) fn roles<'s>(
    s: &'s Sentence,
    article: &Article,
    tree: &Tree,
    p: usize,
    nominal: bool,
    motion: bool,
    symmetric: bool,
) -> Roles<'s> {
    let mut r = Roles::default();
    let take = |t: usize| phrase(s, tree, t).map(|(a, _)| a);
    if nominal {
        // "Seoul's visit", "US sanctions", "a visit by X"
        for &c in tree.children(p) {
            let rel = tree.rel(c);
            let src = match rel {
                "nmod:poss" | "compound" | "amod" => c < p,
                "nmod" => prep_of(s, tree, c).as_deref() == Some("by"),
                _ => false,
            };
            if src {
                if let Some(a) = take(c) {
                    r.source = Some(a);
                    break;
                }
            }
        }
        // "a meeting of the Parliamentary Labour Party", "a session of OPEC ministers": a
        // gathering's "of X" names who gathers
        if r.source.is_none() && symmetric {
            r.source = tree
                .children(p)
                .iter()
                .copied()
                .filter(|&c| c > p && tree.rel(c) == "nmod")
                .find(|&c| prep_of(s, tree, c).as_deref() == Some("of"))
                .and_then(take);
        }
        if let Some((a, g, prep)) = partner(s, article, tree, p, motion, true)
            .filter(|(_, _, prep)| prep.as_deref().is_some_and(|x| x != "of" && x != "by"))
        {
            r.target = Some(a);
            r.target_group = Some(g);
            r.target_prep = prep;
        }
        // the object of a verb: its subject acts ("held talks with X", "agreed to talks")
        let governed = matches!(tree.rel(p), "obj" | "xcomp" | "obl" | "conj");
        if r.source.is_none() && governed {
            if let Some(v) = tree.head(p) {
                let subj = match own_subject(tree, v) {
                    Some((t, false)) => Some(t),
                    Some((_, true)) => None,
                    None => inherited_source(tree, v),
                };
                r.source = subj.and_then(take);
                if r.target.is_none() {
                    if let Some((a, g, prep)) =
                        partner(s, article, tree, v, motion, true).filter(|(_, _, prep)| {
                            prep.as_deref()
                                .is_some_and(|x| partner_prep(x) && x != "from")
                        })
                    {
                        r.target = Some(a);
                        r.target_group = Some(g);
                        r.target_prep = prep;
                    }
                }
            }
        }
        return r;
    }
    let subject = own_subject(tree, p);
    let passive = subject.is_some_and(|(_, pass)| pass)
        || tree
            .children(p)
            .iter()
            .any(|&c| matches!(tree.rel(c), "aux:pass" | "obl:agent"));
    r.passive = passive;
    if passive {
        if let Some((t, _)) = subject {
            r.target = take(t);
        }
        if let Some(t) = agent(s, tree, p, true) {
            r.source = take(t);
        }
        // "a loan approved by the IMF": the noun a passive participle modifies undergoes it
        if subject.is_none() && tree.rel(p) == "acl" {
            r.target = tree.head(p).and_then(take);
        }
        return r;
    }
    let subject = match subject {
        // "Shultz, who met X": the relative pronoun stands for the noun modified
        Some((t, _)) if is_relative_pronoun(s.word(t)) && tree.rel(p) == "acl:relcl" => {
            tree.head(p)
        }
        Some((t, _)) => Some(t),
        None => inherited_source(tree, p),
    };
    r.source = subject.and_then(take);
    if let Some((a, g, prep)) = partner(s, article, tree, p, motion, false) {
        r.target = Some(a);
        r.target_group = Some(g);
        r.target_prep = prep;
    }
    r
}

/// The head word of the trigger `start..end`: the token that attaches outside it.
pub(super) fn trigger_head(tree: &Tree, start: usize, end: usize) -> Option<usize> {
    tree.top_of(start, end)
}

/// Whether the phrase `start..end` hangs below the trigger head `p` (or, for a nominal, below
/// the verb governing it) without crossing into another clause: a shallow target that fails
/// this ("meet on May 25 to review relations between the two sides") belongs to another
/// predicate.
pub(super) fn within_clause(tree: &Tree, start: usize, end: usize, p: usize) -> bool {
    let Some(top) = tree.top_of(start, end) else {
        return true;
    };
    let phrasal = |r: &str| {
        !matches!(
            r,
            "advcl"
                | "xcomp"
                | "ccomp"
                | "acl"
                | "acl:relcl"
                | "parataxis"
                | "conj"
                | "csubj"
                | "root"
                | "list"
        )
    };
    tree.reaches(top, p, 8, phrasal)
        || tree
            .head(p)
            .is_some_and(|h| tree.reaches(top, h, 8, phrasal))
}
