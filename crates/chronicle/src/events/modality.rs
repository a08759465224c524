//! How sure an event is: asserted, planned, speculated, hypothetical or negated, read from
//! auxiliaries, cue words and the clause kind; a negation may turn the code into its
//! opposite instead.

use super::lexicon::{Lexicon, Match, TriggerKind};
use super::sentence::Sentence;
use super::syntax::ClauseKind;
use crate::doc::Modality;

/// Reads the clause's auxiliaries and cue words; may swap the code when a negation turns
/// the event into its opposite ("do not see eye to eye" → disagree).
pub(super) fn modality(
    lexicon: &Lexicon,
    s: &Sentence,
    m: &Match,
    clause_index: usize,
    code: String,
) -> (Modality, String) {
    let clause = match s.clauses.get(clause_index) {
        Some(c) => c,
        None => return (Modality::Asserted, code),
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
    if lexicon.plover(&code).is_none() {
        return (Modality::Asserted, code);
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
        return (Modality::Hypothetical, code);
    }
    if negated && !negation_absorbed {
        return (Modality::Negated, code);
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
        return (Modality::Speculated, code);
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
            return (Modality::Planned, code);
        }
    }
    (Modality::Asserted, code)
}
