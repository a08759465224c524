//! Speech acts and their content (coding guide §3): the communicative act is the event
//! ("urged", "threatened", "promised"); what was asked, threatened or promised is a second
//! event with its own modality (`requested`, `threatened`, `promised`, or `planned` for a
//! decision) linked to the act. Without a parse the content is the next trigger after the act
//! in the same stretch of the sentence, with no other speech act and no clause break between.

use super::arguments::Draft;
use super::sentence::Sentence;
use crate::doc::Modality;

/// How far (in words) a content trigger may follow its act.
const CONTENT_REACH: usize = 14;

/// The modality a speech act gives its content, if `d` is one.
fn content_modality(s: &Sentence, d: &Draft) -> Option<Modality> {
    let word = s.word(d.trigger.0);
    let root = d.code.get(..2)?;
    match root {
        // appeals, requests, demands
        "02" | "10" => Some(Modality::Requested),
        "13" => Some(Modality::Threatened),
        // accusations: what the accused is said to have done is not asserted
        "11" if d.code.starts_with("112") => Some(Modality::Speculated),
        "03" => match word {
            "promise" | "promised" | "promises" | "promising" | "pledge" | "pledged"
            | "pledges" | "pledging" | "vow" | "vowed" | "vows" | "offer" | "offered"
            | "offers" | "offering" | "undertook" | "guaranteed" => Some(Modality::Promised),
            "agree" | "agreed" | "agrees" | "decide" | "decided" | "decides" | "resolved"
            | "intend" | "intends" | "intended" => Some(Modality::Planned),
            _ => None,
        },
        _ => None,
    }
}

/// Words that end the stretch an act governs: a new clause of the reporter's or a contrast.
fn breaks_scope(w: &str) -> bool {
    matches!(
        w,
        ";" | ":"
            | "."
            | "but"
            | "while"
            | "whereas"
            | "although"
            | "said"
            | "says"
            | "added"
            | "after"
            | "before"
            | "because"
            | "since"
            | "when"
    )
}

/// Marks the content of each speech act: sets its modality and the index of its act (into
/// `drafts`). Drafts are in text order.
pub(super) fn link_content(s: &Sentence, drafts: &mut [Draft]) {
    let mut links: Vec<(usize, usize, Modality)> = Vec::new();
    for (a, act) in drafts.iter().enumerate() {
        if act.drop {
            continue;
        }
        let Some(modality) = content_modality(s, act) else {
            continue;
        };
        // an act that is itself only asked for, threatened or denied still governs its
        // content; one inside a condition does too
        for (c, content) in drafts.iter().enumerate().skip(a + 1) {
            if content.drop || content.trigger.0 < act.trigger.1 {
                continue;
            }
            if content.trigger.0 - act.trigger.1 > CONTENT_REACH
                || (act.trigger.1..content.trigger.0).any(|i| breaks_scope(s.word(i)))
            {
                break;
            }
            // the content is introduced: "urged X to Z", "called for Z", "threatened
            // that ...", "accused X of Z", or is the act's object right after it
            // ("threatened sanctions")
            let gap = act.trigger.1..content.trigger.0;
            let introduced = gap
                .clone()
                .any(|i| matches!(s.word(i), "to" | "for" | "that" | "of" | "with"))
                || gap.len() <= 2;
            if introduced {
                links.push((c, a, modality));
            }
            // another act takes over from here ("urged X to threaten ...": the threat is the
            // content, and its own content is its own)
            break;
        }
    }
    for (c, a, modality) in links {
        if let Some(d) = drafts.get_mut(c) {
            if d.modality != Modality::Negated {
                d.modality = modality;
            }
            d.content_of = Some(a);
        }
        if matches!(modality, Modality::Threatened | Modality::Promised) {
            content_target_to_act(drafts, c, a);
        }
    }
}

/// "Reagan threatened to raise tariffs on Japanese goods", "offered aid to Zaire": a threat
/// or a promise that names no one of its own is made to whom its content would be done, so
/// an act without a target takes its content's (not one of its own sources).
fn content_target_to_act(drafts: &mut [Draft], content: usize, act: usize) {
    let Some(targets) = drafts.get(content).map(|d| d.target_refs.clone()) else {
        return;
    };
    let Some(d) = drafts.get_mut(act) else {
        return;
    };
    if !d.target_refs.is_empty() || targets.is_empty() {
        return;
    }
    if targets
        .iter()
        .any(|t| d.source_refs.iter().any(|s| s.id == t.id))
    {
        return;
    }
    d.target_refs = targets;
}

/// Sectors whose "attacks" are words: governments, opposition, legislators, parties, elites,
/// courts, unions.
fn speaks_only(code: &str) -> bool {
    let Some(rest) = code.get(3..).filter(|r| !r.is_empty()) else {
        return false;
    };
    super::codes::code_chunks(rest).all(|chunk| {
        matches!(
            chunk,
            "GOV" | "OPP" | "LEG" | "ELI" | "PTY" | "JUD" | "LAB" | "MED"
        )
    })
}

/// "Labour attacked the Tories' record", "Howard hit out at Blair": an assault word between
/// politicians of one country with no armed side is a verbal attack, a criticism (CAMEO 111).
pub(super) fn is_verbal_attack(s: &Sentence, d: &Draft) -> bool {
    if !matches!(d.code.get(..2), Some("18" | "19" | "20")) {
        return false;
    }
    let word = s.word(d.trigger.0);
    if !matches!(
        word,
        "attack"
            | "attacks"
            | "attacked"
            | "attacking"
            | "hit"
            | "hits"
            | "blasted"
            | "slammed"
            | "savaged"
            | "lashed"
            | "rounded"
            | "round"
            | "onslaught"
            | "assault"
            | "broadside"
    ) {
        return false;
    }
    let mut codes = d
        .source_refs
        .iter()
        .chain(&d.target_refs)
        .filter_map(|a| a.code.as_deref());
    let Some(first) = codes.next() else {
        return false;
    };
    let country = first.get(..3);
    speaks_only(first) && codes.all(|c| speaks_only(c) && c.get(..3) == country)
}

/// Verbs of saying whose reported words may be an evaluation.
fn is_saying(w: &str) -> bool {
    matches!(
        w,
        "said" | "says" | "told" | "tells" | "added" | "stated" | "described" | "describing"
    )
}

/// The speech act an evaluative word in reported words makes (coding guide §3): "said the
/// comment was ill-advised" criticises (111), "said it was useful" approves (051), "said the
/// claims were untrue" rejects (120). Words in `data/events/evaluative.tsv`.
fn evaluation(w: &str) -> Option<&'static str> {
    evaluative()
        .iter()
        .find(|(word, _)| *word == w)
        .map(|(_, c)| *c)
}

fn evaluative() -> &'static [(&'static str, &'static str)] {
    static TABLE: std::sync::OnceLock<Vec<(&'static str, &'static str)>> =
        std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        include_str!("../../../../data/events/evaluative.tsv")
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .filter_map(|l| {
                let (w, c) = l.split_once('\t')?;
                Some((w.trim(), c.trim()))
            })
            .collect()
    })
}

/// Verbs of saying that report an evaluation, with the code the evaluation gives: at most one
/// per sentence, and none when the sentence has several verbs of saying (the evaluation's
/// owner is then unclear).
pub(super) fn evaluative_saying(s: &Sentence) -> Option<(usize, &'static str)> {
    let n = s.words.len();
    let mut sayings = (0..n).filter(|&i| is_saying(s.word(i)));
    let at = sayings.next()?;
    if sayings.next().is_some() {
        return None;
    }
    let code = (0..n).filter(|&i| i != at).find_map(|i| {
        let code = evaluation(s.word(i))?;
        // "not wrong", "no mistake": a negated evaluation is left alone
        let negated = (i.saturating_sub(2)..i).any(|j| matches!(s.word(j), "not" | "n't" | "no"));
        (!negated).then_some(code)
    })?;
    Some((at, code))
}

/// The draft of an evaluative verb of saying at `m`: its speaker ("Baker said", "said
/// Baker", "he added") is the source; the target is left to the parse.
pub(super) fn saying_draft(
    article: &crate::doc::Article,
    s: &Sentence,
    m: &super::lexicon::Match,
) -> Option<Draft> {
    let at = m.start;
    let clause = s.clause_of(at);
    let speaker = s
        .groups
        .iter()
        .rev()
        .find(|g| g.end <= at && at - g.end <= 2 && g.prep.is_none() && !g.modifier)
        .or_else(|| {
            s.groups
                .iter()
                .find(|g| g.start > at && g.start <= at + 1 && g.prep.is_none())
        })?;
    let source_refs: Vec<crate::doc::ActorRef> = speaker
        .actors
        .iter()
        .filter_map(|&a| super::arguments::actor_ref(article, a))
        .collect();
    if source_refs.is_empty() {
        return None;
    }
    let (date, date_source) = super::when::event_date(article, s, m, clause, Modality::Asserted);
    Some(Draft {
        code: m.code.clone()?,
        trigger: (m.start, m.end),
        kind: m.entry.kind,
        clause,
        source_refs,
        target_refs: Vec::new(),
        modality: Modality::Asserted,
        date,
        date_source,
        location: None,
        confidence: 0.6,
        drop: false,
        content_of: None,
    })
}
