//! Restatements inside one clause: a nominal that only restates its verb ("signed an
//! agreement") folds into it, and a governing verb ("agreed to meet") absorbs the event it
//! governs, with a combined code.

use super::arguments::Draft;
use super::lexicon::{Lexicon, TriggerKind};
use super::sentence::Sentence;
use super::syntax::Tag;

/// Nominal triggers that only restate a verbal one in the same clause are folded into it:
/// "discuss ... in a videoconference" (the noun refines the code), "signed an agreement"
/// (the object is the event itself). "flew to Washington for negotiations" keeps both.
pub(super) fn merge_drafts(lexicon: &Lexicon, s: &Sentence, drafts: &mut [Draft]) {
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
            let same_type = lexicon.plover(&v.code).map(|e| &e.plover)
                == lexicon.plover(&d.code).map(|e| &e.plover);
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
                    between.get(k + 1).is_some_and(|v| lexicon.is_light_verb(v))
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
