//! Lexicon matches that are not events here: verb forms read as nouns or adjectives,
//! names, publications "released", alternatives weighed ("rather than sanctions").

use super::arguments::Draft;
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
                | "speculate"
                | "predict"
                | "guess"
                | "forecast"
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
    // "Revolutionary Guards", "the Peace Corps": a word inside an actor's name is no event
    if s.groups
        .iter()
        .any(|g| g.start <= m.start && m.end <= g.end && g.actors.len() == 1)
    {
        return true;
    }
    // "asked whether", "Asked about the reaction, X said": a question, not a request
    if is_question(s, m) {
        return true;
    }
    // "with the aid of polls", "the Paris accord could collapse", "the assistance offer":
    // a noun for a thing (an accord, a loan, a ban) that no clause makes happen here
    if is_idle_thing(s, m) {
        return true;
    }
    matches!(
        next,
        "helicopter" | "helicopters" | "dog" | "dogs" | "rifle" | "rifles"
    )
}

/// Event nouns that name a thing an act produces (an accord, an offer, a loan, a ban) rather
/// than the act itself: such a noun is an event only where a clause makes it happen ("signed
/// an accord", "imposed a ban", "an agreement reached today", "an offer might be made"), not
/// as the subject of another predicate, inside a prepositional phrase or as a modifier.
fn is_thing_noun(w: &str) -> bool {
    matches!(
        w,
        "agreement"
            | "agreements"
            | "accord"
            | "accords"
            | "offer"
            | "offers"
            | "proposal"
            | "proposals"
            | "pledge"
            | "pledges"
            | "promise"
            | "promises"
            | "aid"
            | "assistance"
            | "loan"
            | "loans"
            | "cooperation"
            | "sanctions"
            | "tariffs"
            | "ban"
            | "embargo"
            | "support"
            | "concession"
            | "concessions"
            | "relief"
    )
}

/// Participles that make a thing noun happen when they follow it ("an agreement reached
/// today", "an offer might be made", "a ban would be introduced").
fn is_making_participle(w: &str) -> bool {
    matches!(
        w,
        "reached"
            | "signed"
            | "made"
            | "concluded"
            | "struck"
            | "approved"
            | "granted"
            | "extended"
            | "imposed"
            | "given"
            | "offered"
            | "announced"
            | "introduced"
            | "agreed"
            | "adopted"
            | "provided"
            | "sent"
            | "unveiled"
            | "put"
            | "accepted"
            | "negotiated"
            | "initialled"
            | "initialed"
    )
}

/// A thing noun (see [`is_thing_noun`]) that is no event predicate here: a modifier of the
/// next noun ("assistance offer", "sanctions bill"), inside a prepositional phrase ("with the
/// aid of", "before the ban", "under the Paris agreement") or the subject of another predicate
/// ("the Paris accord could collapse", "the offer was aimed at"), unless a participle that
/// makes it happen follows ("an agreement reached today").
fn is_idle_thing(s: &Sentence, m: &Match) -> bool {
    if m.end == 0 {
        return false;
    }
    let head = m.end - 1;
    if !is_thing_noun(s.word(head)) {
        return false;
    }
    // the noun phrase's start, and whether a determiner or possessive opens it
    let mut i = m.start;
    let mut determined = false;
    while i > 0
        && (matches!(
            s.tag(i - 1),
            Some(Tag::Det | Tag::Poss | Tag::Noun | Tag::Proper | Tag::Num | Tag::Adv)
        ) || matches!(s.word(i - 1), "\"" | "'" | "-" | "'s"))
    {
        determined |= matches!(s.tag(i - 1), Some(Tag::Det | Tag::Poss));
        i -= 1;
    }
    // "they offer", "will ban", "to support", "Japan offers aid": forms that are verbs too
    // count as nouns only after a determiner or possessive
    let verb_too = matches!(
        s.word(head),
        "offer"
            | "offers"
            | "pledge"
            | "pledges"
            | "promise"
            | "promises"
            | "ban"
            | "support"
            | "aid"
    );
    if (verb_too || m.entry.kind != TriggerKind::Noun) && !determined {
        return false;
    }
    // what follows the noun phrase: a participle that makes the thing happen keeps it
    let mut j = m.end;
    while matches!(
        s.tag(j),
        Some(Tag::Modal | Tag::Be | Tag::Have | Tag::Adv | Tag::Neg)
    ) && j < m.end + 4
    {
        j += 1;
    }
    if is_making_participle(s.word(j)) {
        return false;
    }
    // a modifier: "the assistance offer", "the ban date", "sanctions bill"
    if matches!(s.tag(m.end), Some(Tag::Noun)) && !is_publication(s.word(m.end)) {
        return true;
    }
    // the subject of another predicate: "the accord could collapse", "the offer was aimed"
    if matches!(
        s.tag(m.end),
        Some(Tag::Modal | Tag::Be | Tag::Have | Tag::Verb | Tag::Do)
    ) {
        return true;
    }
    // the word before the noun phrase: a preposition puts it in a phrase of another head
    i > 0
        && (matches!(s.tag(i - 1), Some(Tag::Prep))
            || (i < m.start && matches!(s.tag(i - 1), Some(Tag::To))))
}

/// "asked whether", "Asked about the reaction, ...", "was asked by a reporter if": a
/// question put to someone is no request (CAMEO 02/10 codes appeals, not questions).
fn is_question(s: &Sentence, m: &Match) -> bool {
    let w = s.word(m.start);
    if !matches!(
        w,
        "ask" | "asks" | "asked" | "asking" | "pressed" | "questioned"
    ) {
        return false;
    }
    (m.end..m.end + 6)
        .take_while(|&i| !matches!(s.word(i), "to" | "for" | "," | ";" | ""))
        .any(|i| {
            matches!(
                s.word(i),
                "whether" | "if" | "about" | "what" | "how" | "why" | "when" | "who" | "which"
            )
        })
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

/// Whether a CAMEO actor code carries a sector that fights: military, rebels, police,
/// insurgents, spies.
fn is_armed(code: &str) -> bool {
    code.get(3..).is_some_and(|rest| {
        super::codes::code_chunks(rest)
            .any(|c| matches!(c, "MIL" | "REB" | "COP" | "INS" | "SPY" | "UAF"))
    })
}

/// "the deficit hit 169 billion", "to fight inflation", "match any cut", "targeted by the
/// newspaper", "ramming the bill through": assault verbs with other senses in news. Such a
/// word is an assault only with an armed side, or with both sides named.
pub(super) fn is_figurative_assault(s: &Sentence, d: &Draft) -> bool {
    if !matches!(d.code.get(..2), Some("18" | "19" | "20")) {
        return false;
    }
    let figurative = matches!(
        s.word(d.trigger.0),
        "hit"
            | "hits"
            | "hitting"
            | "fight"
            | "fights"
            | "fought"
            | "match"
            | "matched"
            | "target"
            | "targets"
            | "targeted"
            | "targeting"
            | "ram"
            | "rammed"
            | "ramming"
            | "beat"
            | "beaten"
            | "struck"
            | "strike"
            | "strikes"
            | "blasted"
            | "slammed"
            | "crushed"
            | "battle"
            | "battled"
    );
    if !figurative {
        return false;
    }
    let armed = d
        .source_refs
        .iter()
        .chain(&d.target_refs)
        .any(|a| a.code.as_deref().is_some_and(is_armed));
    !armed && (d.source_refs.is_empty() || d.target_refs.is_empty())
}

/// "killed or wounded 15,000 guards": a second trigger of the same kind joined by "or"
/// restates the first (one act, one event), and the object they share is the first's too.
pub(super) fn drop_alternatives(s: &Sentence, drafts: &mut [Draft]) {
    for k in 1..drafts.len() {
        let (Some(a), Some(b)) = (drafts.get(k - 1), drafts.get(k)) else {
            continue;
        };
        fn root(c: &str) -> Option<&str> {
            match c.get(..2) {
                Some("18" | "19" | "20") => Some("18"),
                r => r,
            }
        }
        let same = root(&a.code) == root(&b.code);
        // the verb's pattern may hold the "or" itself ("killed or")
        let joined = (b.trigger.0 == a.trigger.1 + 1 && s.word(a.trigger.1) == "or")
            || (b.trigger.0 == a.trigger.1 && s.word(a.trigger.1.wrapping_sub(1)) == "or");
        if !(same && joined && !a.drop) {
            continue;
        }
        let (source, target) = (b.source_refs.clone(), b.target_refs.clone());
        if let Some(a) = drafts.get_mut(k - 1) {
            if a.target_refs.is_empty() {
                a.target_refs = target;
                a.target_refs
                    .retain(|t| !a.source_refs.iter().any(|x| x.id == t.id));
            }
            if a.source_refs.is_empty() {
                a.source_refs = source;
                a.source_refs
                    .retain(|r| !a.target_refs.iter().any(|t| t.id == r.id));
            }
        }
        if let Some(b) = drafts.get_mut(k) {
            b.drop = true;
        }
    }
}

/// "a new Iranian offensive", "Iraq repelled the attack", "attacked Iraqi positions": in
/// armed fighting (CAMEO 19, 20) a country that fights or is fought is its armed forces, as
/// CAMEO coders write it (`IRNMIL`). Places (a city attacked) and coded sectors stay as they are.
pub(super) fn armed_sides(article: &crate::doc::Article, d: &mut Draft) {
    if !matches!(d.code.get(..2), Some("19" | "20")) {
        return;
    }
    let country = |r: &crate::doc::ActorRef| {
        r.code
            .as_deref()
            .is_some_and(|c| c.len() == 3 && c.chars().all(|ch| ch.is_ascii_uppercase()))
            && article
                .actors
                .iter()
                .find(|a| a.id == r.id)
                .is_some_and(|a| a.kind.as_deref() != Some("place") && a.country.is_some())
    };
    for r in d.source_refs.iter_mut().chain(d.target_refs.iter_mut()) {
        if country(r) {
            if let Some(code) = r.code.as_mut() {
                code.push_str("MIL");
            }
        }
    }
}

/// "alleging that Japan has failed", "accused X of": with no target of its own, an
/// accusation's target is the subject of the "that" clause it reports (the accused).
pub(super) fn accused_from_content(article: &crate::doc::Article, s: &Sentence, d: &mut Draft) {
    if !d.code.starts_with("11") || !d.target_refs.is_empty() {
        return;
    }
    let Some(that) = (d.trigger.1..d.trigger.1 + 2).find(|&i| s.word(i) == "that") else {
        return;
    };
    let Some(g) = s
        .groups
        .iter()
        .find(|g| g.start > that && g.start <= that + 2 && g.prep.is_none() && !g.modifier)
    else {
        return;
    };
    let accused: Vec<crate::doc::ActorRef> = g
        .actors
        .iter()
        .filter_map(|&a| super::arguments::actor_ref(article, a))
        .collect();
    d.source_refs
        .retain(|r| !accused.iter().any(|a| a.id == r.id));
    d.target_refs = accused;
}

/// "the government contributed to the fund", "the loans were repaid", "Bonn's aid represents":
/// material cooperation and aid (CAMEO 06, 07) are acts of giving, and a gift with nobody who
/// receives it is an economic fact, not an event between actors. Such an act needs a target
/// with a code: an uncoded body ("the relief fund", "the scheme") is where money goes, not an
/// actor who receives it.
pub(super) fn is_gift_without_recipient(d: &Draft) -> bool {
    matches!(d.code.get(..2), Some("06" | "07")) && !d.target_refs.iter().any(|t| t.code.is_some())
}

/// "the committees probing the sales", "the group headed by Smith", "a ruling prohibiting
/// imports": a verb that the tree attaches as a clause modifying a noun (`acl`: a participle or
/// an infinitive after its noun) describes that noun, not an act the sentence reports.
/// Communicative acts stay ("a resolution calling for a ceasefire", "parliament asking the
/// king to ..."): a statement is an act wherever it is reported (coding guide §3).
pub(super) fn is_noun_modifier_clause(s: &Sentence, d: &Draft) -> bool {
    if d.kind != TriggerKind::Verb {
        return false;
    }
    let Some(tree) = s.tree.as_ref() else {
        return false;
    };
    let Some(p) = tree.top_of(d.trigger.0, d.trigger.1) else {
        return false;
    };
    // "Belarusians protested in Minsk": a parse that makes the only verb a modifier of the
    // noun heading the sentence has misread a main clause; the verb is the predicate
    if tree.rel(p) != "acl" || tree.head(p).is_none_or(|h| tree.rel(h) == "root") {
        return false;
    }
    !matches!(
        d.code.get(..2),
        Some("01" | "02" | "10" | "11" | "12" | "13")
    )
}

/// "Kenya promised Uganda aid", "offered Chad a loan": a gift that is the content of a promise
/// or an offer goes to whom the promise is made, from who makes it. With no recipient of its
/// own it takes the act's target (the indirect object, which the noun phrase alone reads as
/// the gift's owner, "Uganda aid") and then the act's source, so that
/// [`is_gift_without_recipient`] reads the sentence and not only the noun phrase.
pub(super) fn recipient_from_act(drafts: &mut [Draft]) {
    for k in 0..drafts.len() {
        let Some(d) = drafts.get(k) else { continue };
        if !matches!(d.code.get(..2), Some("06" | "07")) || !d.target_refs.is_empty() {
            continue;
        }
        let Some(act) = d.content_of.and_then(|a| drafts.get(a)) else {
            continue;
        };
        if act.target_refs.is_empty() {
            continue;
        }
        let owner_is_recipient = d
            .source_refs
            .iter()
            .all(|r| act.target_refs.iter().any(|t| t.id == r.id));
        let source = if owner_is_recipient {
            act.source_refs.clone()
        } else {
            d.source_refs.clone()
        };
        let target: Vec<_> = act
            .target_refs
            .iter()
            .filter(|t| !source.iter().any(|s| s.id == t.id))
            .cloned()
            .collect();
        if let Some(d) = drafts.get_mut(k) {
            d.source_refs = source;
            d.target_refs = target;
        }
    }
}
