//! Lexicon matches that are not events here: verb forms read as nouns or adjectives,
//! names, publications "released", alternatives weighed ("rather than sanctions").

use super::lexicon::{Match, TriggerKind};
use super::sentence::Sentence;
use super::syntax::Tag;
use super::when::is_past;

/// Words that look like triggers but are not events here: "the talks" as part of a
/// title, "attack" as an adjective ("attack helicopters"), verbs used as adjectives.
pub(super) fn is_false_trigger(s: &Sentence, m: &Match) -> bool {
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
    // "is going to raise", "come to terms": a motion verb before "to" and a lowercase word
    // is a future or an idiom, not a trip (a destination is a name)
    let words = &m.entry.words;
    if words.len() == 2
        && words[1] == "to"
        && matches!(
            words[0].as_str(),
            "go" | "going" | "goes" | "went" | "come" | "coming" | "came"
        )
        && s.raw
            .get(m.end)
            .and_then(|r| r.chars().next())
            .is_some_and(char::is_lowercase)
        && !matches!(next, "the" | "a" | "an")
    {
        return true;
    }
    // "declined to comment", "refused to be identified": withholding words is no rejection
    if matches!(
        s.word(m.start),
        "declined" | "declines" | "decline" | "refused" | "refuses"
    ) && next == "to"
        && matches!(
            s.word(m.end + 1),
            "comment"
                | "be"
                | "give"
                | "elaborate"
                | "say"
                | "disclose"
                | "name"
                | "specify"
                | "provide"
                | "reveal"
                | "discuss"
                | "confirm"
                | "identify"
                | "answer"
        )
    {
        return true;
    }
    // "oil demand", "strong demand for", "in demand": demand of a market, not a political one
    if matches!(s.word(m.start), "demand" | "demands")
        && (matches!(s.tag(m.start.wrapping_sub(1)), Some(Tag::Noun))
            || matches!(
                prev,
                "in" | "domestic" | "consumer" | "world" | "strong" | "weak"
            ))
    {
        return true;
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
